"""Single evaluations in a kept durable_rules state (``DurableEngine._kept_step``): each is
exactly what a state of its own gives (and the oracle), whatever was evaluated before it in
that state; the bounds hold (requests per state, kept states per engine, least recently used
deleted first); a failure inside a kept state deletes it and answers by a state of its own;
an abandoned host drops the kept states; forked children and threads get the serial answers.
"""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgrules import engine as engine_module
from kgrules.engine import DurableEngine
from kgrules.oracle import OracleEngine
from tests.engine.test_engine import grant, item, make_question

Request = tuple[int, list[dict[str, Any]], dict[str, Any]]

_facts = st.lists(
    st.one_of(
        st.builds(item, st.sampled_from(["a", "b"]), st.integers(0, 20)),
        st.builds(grant, st.sampled_from(["a", "b"])),
    ),
    max_size=5,
)

#: Three questions (three rulesets: thresholds 10, 5, 15), so kept states are shared, evicted
#: and made again in between.
QUESTIONS = [make_question(f"test.kept{t}", threshold=t) for t in (10, 5, 15)]


def _live(engine: DurableEngine, handle: int, sid: str) -> bool:
    """Whether ``sid`` names a live state of the ruleset ``handle`` (error 309 otherwise)."""
    try:
        engine._durable.rules_engine.get_state(handle, sid)
    except engine._durable.rules_engine.error:
        return False
    return True


def _answer(engine: Any, request: Request) -> Any:
    q, facts, ev = QUESTIONS[request[0]], request[1], request[2]
    try:
        return engine.evaluate(q, facts, ev)
    except Exception as exc:
        return (type(exc).__name__, str(exc))


@settings(deadline=None, max_examples=60)
@given(pools=st.lists(_facts, min_size=1, max_size=5),
       picks=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 4),
                                st.sampled_from(["a", "b", "c"])),
                      min_size=1, max_size=25),
       keep=st.sampled_from([1, 2, 8]))
def test_single_evaluations_in_any_order_equal_a_state_of_their_own(
        pools: list[list[dict[str, Any]]], picks: list[tuple[int, int, str]], keep: int) -> None:
    """Requests on overlapping fact lists, owners with and without a grant (the absence rule
    must see only the request's own facts), three questions interleaved, one to eight kept
    states: each answer is the one a state made for it alone gives, and the oracle's; asked
    again backwards, the same."""
    requests: list[Request] = [(n, pools[p % len(pools)], {"owner": o, "src": "q"})
                               for n, p, o in picks]
    kept, alone, oracle = (DurableEngine(kept_states=keep), DurableEngine(kept_states=0),
                           OracleEngine())
    want = [_answer(alone, r) for r in requests]
    assert want == [_answer(oracle, r) for r in requests]
    assert [_answer(kept, r) for r in requests] == want
    assert [_answer(kept, r) for r in reversed(requests)] == list(reversed(want))
    assert len(kept._kept) <= keep
    assert alone._kept == {}


def test_a_kept_state_is_reused_then_renewed_after_state_requests(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """One state serves consecutive requests of a ruleset (no state made or deleted between
    them) until STATE_REQUESTS, then it is deleted and a new one made."""
    monkeypatch.setattr(engine_module, "STATE_REQUESTS", 3)
    q, engine = QUESTIONS[0], DurableEngine()
    deleted: list[str] = []
    real = engine._durable.rules_engine.delete_state
    monkeypatch.setattr(engine._durable.rules_engine, "delete_state",
                        lambda handle, sid: (deleted.append(sid), real(handle, sid))[1])
    sids = []
    for n in range(7):
        engine.evaluate(q, [item("a", n), grant("a")], {"owner": "a", "src": "q"})
        sids.append(next(iter(engine._kept.values())).sid if engine._kept else None)
    # requests 1-2 kept in one state, the 3rd deletes it; 4-5 a second one; 6 deletes it
    assert sids[0] == sids[1] and sids[2] is None
    assert sids[3] == sids[4] != sids[0] and sids[5] is None and sids[6] not in (None, sids[3])
    assert deleted == [sids[0], sids[3]]


def test_at_most_kept_states_live_least_recently_used_deleted_first() -> None:
    """Three rulesets on an engine keeping two: the least recently used state is deleted
    (its sid no longer names a live state), the other two stay live."""
    engine = DurableEngine(kept_states=2)
    facts, ev = [item("a", 12), grant("a")], {"owner": "a", "src": "q"}
    sids = {}
    for n in (0, 1, 0, 2):
        engine.evaluate(QUESTIONS[n], facts, ev)
        compiled = engine._ruleset(QUESTIONS[n])
        sids[n] = (compiled, engine._kept[id(compiled)].sid)
    assert len(engine._kept) == 2
    assert not _live(engine, sids[1][0].handle, sids[1][1])
    assert all(_live(engine, sids[n][0].handle, sids[n][1]) for n in (0, 2))


def test_a_failure_inside_a_kept_state_deletes_it_and_answers_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A retraction or an assertion that fails in a kept state (never expected): that state is
    deleted, the request is answered in a state of its own (the same answer), and the next
    request gets a new kept state."""
    q, engine, oracle = QUESTIONS[0], DurableEngine(), OracleEngine()
    requests = [([item("a", 12), grant("a")], {"owner": o, "src": "q"}) for o in "abab"]
    requests += [([item("a", 12)], {"owner": "a", "src": "q"})]
    engine.evaluate(q, *requests[0])
    first = next(iter(engine._kept.values())).sid
    for method in ("retract_encoded", "assert_encoded"):
        real = getattr(engine._host, method)
        calls = {"n": 0}

        def flaky(*args: Any, real: Any = real, calls: dict[str, int] = calls) -> None:
            calls["n"] += 1
            if calls["n"] == 1:
                raise RuntimeError("injected")
            real(*args)

        monkeypatch.setattr(engine._host, method, flaky)
        for request in requests:
            assert engine.evaluate(q, *request) == oracle.evaluate(q, *request)
        monkeypatch.undo()
        assert calls["n"] > 1
        now = next(iter(engine._kept.values())).sid
        assert now != first
        assert not _live(engine, engine._ruleset(q).handle, first)  # deleted
        assert _live(engine, engine._ruleset(q).handle, now)
        first = now


def test_an_abandoned_host_drops_the_kept_states(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new kept state whose first assertion fails and in which no action can then be made to
    run cannot be deleted safely: the host is abandoned with every state kept on it, and the
    request is answered on the new host."""
    q, other, engine = QUESTIONS[0], QUESTIONS[1], DurableEngine()
    facts, ev = [item("a", 12), grant("a")], {"owner": "a", "src": "q"}
    engine.evaluate(other, facts, ev)  # a kept state of another question
    engine.evaluate(q, facts, ev)
    engine._trim()
    # No kept state for q, so that the next is new (the one popped is left live, on the host
    # about to be abandoned).
    engine._kept.pop(id(engine._ruleset(q)))
    old = engine._host

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("injected")

    monkeypatch.setattr(old, "assert_encoded", fail)
    monkeypatch.setattr(old, "assert_fact", fail)
    assert engine.evaluate(q, facts, ev) == OracleEngine().evaluate(q, facts, ev)
    assert engine._host is not old
    assert engine._kept == {}  # the other question's state went with the old host
    assert engine.evaluate(other, facts, ev) == OracleEngine().evaluate(other, facts, ev)


def test_threads_on_one_engine_get_the_serial_answers() -> None:
    """Four threads evaluating interleaved questions on one engine (two kept states for three
    rulesets): the oracle's answers."""
    rng = random.Random(11)
    pools = [[item(rng.choice("ab"), rng.randrange(20)), grant(rng.choice("ab"))]
             for _ in range(5)]
    requests: list[Request] = [(rng.randrange(3), rng.choice(pools),
                                {"owner": rng.choice("abc"), "src": "q"}) for _ in range(200)]
    want = [_answer(OracleEngine(), r) for r in requests]
    engine = DurableEngine(kept_states=2)
    got: dict[int, list[Any]] = {}

    def work(t: int) -> None:
        order = list(range(len(requests)))
        random.Random(t).shuffle(order)
        answers: dict[int, Any] = {}
        for n in order:
            answers[n] = _answer(engine, requests[n])
        got[t] = [answers[n] for n in range(len(requests))]

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert all(got[t] == want for t in range(4))


def test_a_forked_child_and_its_parent_each_use_their_copy_of_a_kept_state() -> None:
    """A child forked while the engine keeps a state inherits a copy of it (fork copies the
    process's memory): the child evaluates in its copy, the parent in its own, both exactly
    (in a fresh interpreter: a fork of the test process, with its threads, is a hazard of its
    own)."""
    root = str(Path(__file__).resolve().parents[2])
    code = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {root!r})
        from kgrules.engine import DurableEngine
        from kgrules.oracle import OracleEngine
        from tests.engine.test_engine import make_question, item, grant
        q, engine, oracle = make_question(), DurableEngine(), OracleEngine()
        requests = [([item("a", n), grant("ab"[n % 2])], {{"owner": o, "src": "q"}})
                    for n in range(8, 14) for o in "ab"]
        engine.evaluate(q, *requests[0])
        assert len(engine._kept) == 1
        pid = os.fork()
        order = requests if pid == 0 else list(reversed(requests))
        ok = all(engine.evaluate(q, f, e) == oracle.evaluate(q, f, e) for f, e in order * 3)
        if pid == 0:
            os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
        print(ok, os.waitstatus_to_exitcode(status))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert out.stdout.strip() == "True 0", out.stderr


def test_facts_keep_the_request_keys_where_free_and_are_mapped_back_otherwise(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A fact entering a kept state takes the request's key unless a fact held has it: facts
    in their places need no mapping back; a fact that moved, or one whose key a held fact
    has, is mapped back. Every answer is a state of its own's (and the oracle's), and each
    state's remembered action entries stay within MAX_STATE_ENTRIES."""
    monkeypatch.setattr(engine_module, "MAX_STATE_ENTRIES", 3)
    q, kept, alone, oracle = (QUESTIONS[0], DurableEngine(), DurableEngine(kept_states=0),
                              OracleEngine())
    backs: list[dict[str, str] | None] = []
    real = DurableEngine._step

    def step(self: DurableEngine, question: Any, state: Any, ready: Any) -> Any:
        sink = real(self, question, state, ready)
        if self is kept:
            backs.append(sink.back)
            assert len(state.entries) <= 3
            assert len(state.used) == len(state.held)  # one key per fact held
        return sink

    monkeypatch.setattr(DurableEngine, "_step", step)
    x, y, z, w = item("a", 12), item("a", 13), grant("a"), item("a", 14)
    ev = {"owner": "a", "src": "q"}
    requests = [[x, y, z], [x, y, z], [y, z], [x, y, z], [z, x], [x, y, z], [w, x, z]]
    for facts in requests:
        assert kept.evaluate(q, facts, ev) == alone.evaluate(q, facts, ev) == oracle.evaluate(
            q, facts, ev)
    # 1-2: in their places; 3: y and z moved (held under f1, f2); 4: x back at f0, free
    # again, y and z in their places; 5: z at f0 (x held there), x at f1 (y's, just left)
    assert backs[0] is None and backs[1] is None and backs[3] is None
    assert backs[2] == {"e": "e", "f1": "f0", "f2": "f1"}
    assert backs[4] is not None and backs[4]["f2"] == "f0" and backs[4]["f0"] == "f1"
    # 7: w enters at f0, which x holds: w is known by its id's stem, mapped back to f0
    assert backs[5] is None and backs[6] is not None
    assert next(k for k, v in backs[6].items() if v == "f0").startswith("s")
