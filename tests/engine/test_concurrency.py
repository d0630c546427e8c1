"""Threads: 8 threads asking mixed questions, over shared cases and over cases of their own, on
the shared engine, on engines of their own and on the oracle, get exactly the serial answers,
and nothing crashes. durable_rules has no locks of its own and holds the GIL; the adapter's
process-wide lock (docs/engine.md) is what makes this hold.
"""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from typing import Any

import kgrules
from kgrules.batch import ask_many
from kgrules.dsl import RECORD_ARGS
from kgrules.engine import DurableEngine
from kgrules.facts import Act, ActionKind
from kgrules.generate import committee_case
from kgrules.oracle import OracleEngine

THREADS = 8
PER_QUESTION = 10

Work = tuple[kgrules.Case, str, dict[str, str]]


def requests_for(case: kgrules.Case, rng: random.Random, per_question: int) -> list[Work]:
    """``per_question`` argument tuples for every question of the catalogue, drawn from the
    records of the case (and one argument naming nothing, for an error to compare)."""
    year = case.meetings[0].date.year
    dates = sorted({m.date.isoformat() for m in case.meetings})[:6]
    pools: dict[str, list[str]] = {
        "quarter": [f"{year}-Q{n}" for n in range(1, 5)],
        "year": [str(year)],
        "date": dates,
        "act": [a.value for a in Act][:6],
        "action_kind": [a.value for a in ActionKind][:6],
        "text": ["x"],
    }
    for kind, records in RECORD_ARGS.items():
        pools[kind] = [r.id for r in getattr(case, records) if r.id is not None][:40]
    out: list[Work] = []
    for q in kgrules.questions():
        if any(not pools.get(a.kind) for a in q.arguments):
            continue
        for _ in range(per_question):
            out.append((case, q.id, {a.name: rng.choice(pools[a.kind]) for a in q.arguments}))
        bad = {a.name: rng.choice(pools[a.kind]) for a in q.arguments}
        bad[q.arguments[0].name] = "NO-SUCH-RECORD"
        out.append((case, q.id, bad))
    return out


def answer(work: Work, engine: Any = None) -> str:
    """The decision as JSON, or the error's type, path and message: what must not change."""
    case, qid, args = work
    try:
        return kgrules.ask(qid, case, engine=engine, **args).to_json()
    except kgrules.KgrulesError as error:
        return f"{type(error).__name__}: {error}"


def run_threads(target: Callable[[int], None]) -> None:
    errors: list[BaseException] = []

    def guarded(t: int) -> None:
        try:
            target(t)
        except BaseException as exc:  # reported below, with the thread
            errors.append(exc)

    sys.setswitchinterval(1e-6)
    threads = [threading.Thread(target=guarded, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    assert not errors, errors


def test_eight_threads_give_the_serial_answers() -> None:
    rng = random.Random(20240611)
    shared = [kgrules.load_example(), committee_case(120, seed=11)]
    own = [committee_case(60, seed=100 + t) for t in range(THREADS)]
    common = [w for case in shared for w in requests_for(case, rng, PER_QUESTION)]
    private = [requests_for(case, rng, 2) for case in own]
    # Serial answers first, on the engine each thread will use (they must agree anyway).
    oracle = OracleEngine()
    engines: list[Any] = [None, DurableEngine(), oracle, None] * (THREADS // 4)
    serial = {
        kind: {i: answer(w, engine) for i, w in enumerate(common)}
        for kind, engine in (("durable", None), ("oracle", oracle))
    }
    expected_common = [serial["oracle" if e is oracle else "durable"] for e in engines]
    expected_private = [[answer(w, engines[t]) for w in works] for t, works in enumerate(private)]
    got: dict[int, dict[int, str]] = {t: {} for t in range(THREADS)}
    got_private: dict[int, list[str]] = {}
    barrier = threading.Barrier(THREADS)

    def work(t: int) -> None:
        order = list(range(len(common)))
        random.Random(t).shuffle(order)
        barrier.wait()
        for n, i in enumerate(order):
            got[t][i] = answer(common[i], engines[t])
            if n % 50 == 0 and t % 2:  # a batch in the middle of single questions
                batch = ask_many(own[t], [(q, a) for _, q, a in private[t]], errors="return",
                                 engine=engines[t])
                got_private[t] = [b.to_json() if isinstance(b, kgrules.Decision)
                                  else f"{type(b).__name__}: {b}" for b in batch]
        if t % 2 == 0:
            got_private[t] = [answer(w, engines[t]) for w in private[t]]

    run_threads(work)
    for t in range(THREADS):
        assert got[t] == expected_common[t], f"thread {t} ({engines[t]}) differs from serial"
    for t in range(THREADS):
        have = [h if h.startswith("{") else _unlocate(h) for h in got_private[t]]
        assert have == expected_private[t], f"thread {t}: own case"


def _unlocate(error: str) -> str:
    """A batch error without its ``requests[i].`` prefix, as ``ask`` would have said it."""
    kind, _, rest = error.partition(": ")
    if rest.startswith("requests["):
        rest = rest.split("].", 1)[1]
    return f"{kind}: {rest}"


def test_cold_start_in_eight_threads() -> None:
    """A fresh process whose first questions come from 8 threads at once: the catalogue, the
    calendar years and the engine's rulesets are all built under contention (in a subprocess, so
    that a crash of the C extension is a failed assertion, not a dead test run)."""
    code = textwrap.dedent("""
        import sys, threading, kgrules
        sys.setswitchinterval(1e-6)
        from kgrules.oracle import OracleEngine
        case = kgrules.Case.from_dict(kgrules.load_example().to_dict())
        work = [
            ("dieu10.substitute_allowed", {"meeting": "H2009-Q3", "member": "P05",
                                           "substitute": "S03"}),
            ("dieu10.regular_meeting_in_window", {"meeting": "H2009-Q4"}),
            ("dieu11.report_on_time", {"member": "P06", "quarter": "2009-Q2"}),
            ("dieu11.documents_on_time", {"meeting": "H2009-Q1"}),
            ("dieu10.attendance_compliant", {"meeting": "H2009-Q2", "member": "P09"}),
            ("dieu10.quarter_obligation_met", {"quarter": "2009-Q4"}),
            ("dieu10.extraordinary_meeting_valid", {"meeting": "H2009-BT1"}),
            ("dieu11.report_on_time", {"member": "P03", "quarter": "2009-Q1"}),
        ]
        barrier = threading.Barrier(8)
        got = {}
        errors = []
        def run(t):
            barrier.wait()
            try:
                for n in range(20):
                    qid, args = work[(t + n) % 8]
                    engine = OracleEngine() if n % 5 == 4 else None
                    got[(t, n)] = kgrules.ask(qid, case, engine=engine, **args).to_json()
            except BaseException as exc:
                errors.append(repr(exc))
        threads = [threading.Thread(target=run, args=(t,)) for t in range(8)]
        for th in threads: th.start()
        for th in threads: th.join()
        assert not errors, errors
        for (t, n), text in sorted(got.items()):
            qid, args = work[(t + n) % 8]
            engine = OracleEngine() if n % 5 == 4 else None
            assert text == kgrules.ask(qid, case, engine=engine, **args).to_json(), (t, n)
        print("ok", len(got))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == ["ok", "160"]
