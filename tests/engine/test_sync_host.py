"""The private host's action loop (``_SyncHost._do_actions``): it never writes the state back
(durable's ``update_state``), since no action of ours changes it; the state it leaves is the
one durable made, deleting it never aborts, and memory stays flat over many evaluations on a
warm heap (run in a subprocess under glibc's malloc checks, so an invalid free is a failed
assertion, not a dead test run)."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from kgrules.engine import DurableEngine, load_durable
from kgrules.oracle import OracleEngine
from tests.engine.test_engine import grant, item, make_question

ORACLE = OracleEngine()
_MALLOC_DEBUG = pathlib.Path("/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0")


def test_actions_never_write_the_state_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every action runs, none calls ``update_state``, and the answers are the oracle's."""
    rules_engine = load_durable().rules_engine
    calls: list[Any] = []
    monkeypatch.setattr(rules_engine, "update_state",
                        lambda *args: calls.append(args), raising=True)
    engine, q = DurableEngine(), make_question()
    requests = [([item("o", 12), grant("o"), item("o", 15)], {"owner": "o", "src": "q"}),
                ([item("o", 3)], {"owner": "o", "src": "q"}),
                ([item("p", 30), grant("o")], {"owner": "o", "src": "q"})]
    for facts, ev in requests:
        assert engine.evaluate(q, facts, ev) == ORACLE.evaluate(q, facts, ev)
    assert engine.evaluate_many(q, requests) == [ORACLE.evaluate(q, *r) for r in requests]
    assert calls == []


def test_the_state_fact_is_the_one_durable_made() -> None:
    """After several actions ran in a state, its state fact is still the one durable asserted
    with the first fact (no action rewrote it), and its facts are those asserted: nothing
    was retracted or added by the loop."""
    engine, q = DurableEngine(), make_question()
    compiled = engine._whole(engine._ruleset(q))  # its whole ruleset, registered
    rules_engine = engine._durable.rules_engine
    sid = engine._fresh_sid(compiled.handle)
    fired: list[tuple[str, dict[str, str]]] = []
    facts = [
        '{"t":"item","owner":"o","value":12,"k":"f0","sid":%s,"id":"f0.0","cp":0}',
        '{"t":"item","owner":"o","value":14,"k":"f1","sid":%s,"id":"f1.0","cp":0}',
        '{"t":"grant","owner":"o","k":"f2","sid":%s,"id":"f2.0","cp":0}',
        '{"t":"evaluate","owner":"o","k":"e","sid":%s,"id":"e.0","cp":0}',
    ]
    text = "[" + ",".join(f % json.dumps(sid) for f in facts) + "]"
    with engine._lock:
        try:
            engine._host.assert_encoded(compiled.name, compiled.handle, text, True, sid,
                                        lambda name, bound: fired.append((name, bound)))
            state = json.loads(rules_engine.get_state(compiled.handle, sid))
            kept = json.loads(rules_engine.get_facts(compiled.handle, sid))
        finally:
            rules_engine.delete_state(compiled.handle, sid)
    assert sorted(name for name, _ in fired) == ["__sentinel__", "r0", "r0", "r2"]
    assert state == {"sid": sid, "id": f"sid-{sid}", "$s": 1}
    assert sorted(f["id"] for f in kept) == ["e.0", "f0.0", "f1.0", "f2.0"]


@pytest.mark.skipif(not _MALLOC_DEBUG.exists(), reason="glibc's malloc debug library is absent")
def test_many_evaluations_delete_their_states_on_a_warm_heap() -> None:
    """20,000 evaluations (each deleting its state) and runs of shared states, under glibc's
    malloc checks with freed memory overwritten: no abort, the oracle's answers, and resident
    memory flat from the 5,000th evaluation on."""
    here = str(pathlib.Path(__file__).resolve().parents[2])
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {here!r})
        from kgrules.engine import DurableEngine
        from kgrules.oracle import OracleEngine
        from tests.engine.test_engine import make_question, item, grant
        q, engine, oracle = make_question(), DurableEngine(), OracleEngine()
        ev = {{"owner": "o", "src": "q"}}
        def rss():
            return int(open("/proc/self/statm").read().split()[1]) * 4096
        marks = []
        for n in range(20000):
            facts = [item("o", n % 20), grant("o")] if n % 3 else [item("o", n % 20)]
            if n % 7 == 0:
                facts.append(item("p", n % 13))
            got = engine.evaluate(q, facts, ev)
            if n % 101 == 0:
                assert got == oracle.evaluate(q, facts, ev), n
            if n % 2000 == 0:
                reqs = [([item("o", k % 20), grant("o")] if k % 2 else [item("o", k)], ev)
                        for k in range(40)]
                assert engine.evaluate_many(q, reqs) == [oracle.evaluate(q, *r) for r in reqs]
            if n in (5000, 19999):
                marks.append(rss())
        print(marks[1] - marks[0])
    """)
    env = {"LD_PRELOAD": str(_MALLOC_DEBUG), "MALLOC_CHECK_": "3", "MALLOC_PERTURB_": "165",
           "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert int(out.stdout.strip()) < 2 * 1024 * 1024
