"""Many requests of one question in one call (``DurableEngine.evaluate_many``): each answer is
exactly :meth:`DurableEngine.evaluate`'s (conclusions, bound keys, errors), in any order of the
requests, with requests alike sharing one durable_rules state; the hazards stay handled (the
absence rule sees one request's facts, the 1,024-state cap, a failure inside a shared state,
an action's exception, threads)."""

from __future__ import annotations

import random
import threading
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgrules.engine import DurableEngine, shares_states
from kgrules.errors import EngineError, RuleError
from kgrules.oracle import OracleEngine
from kgrules.registry import questions
from tests.engine.test_engine import grant, item, make_question

Request = tuple[list[dict[str, Any]], dict[str, Any]]


def _same(got: Any, want: Any) -> bool:
    """Equal conclusions, or exceptions of one type and message."""
    if isinstance(want, Exception):
        return type(got) is type(want) and str(got) == str(want)
    return bool(got == want)


def _one_by_one(engine: Any, q: Any, requests: list[Request]) -> list[Any]:
    out: list[Any] = []
    for facts, ev in requests:
        try:
            out.append(engine.evaluate(q, facts, ev))
        except Exception as exc:
            out.append(exc)
    return out


_facts = st.lists(
    st.one_of(
        st.builds(item, st.sampled_from(["a", "b"]), st.integers(0, 20)),
        st.builds(grant, st.sampled_from(["a", "b"])),
    ),
    max_size=5,
)


@given(pools=st.lists(_facts, min_size=1, max_size=5),
       picks=st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["a", "b", "c"])),
                      min_size=1, max_size=20),
       seed=st.integers(0, 1000))
def test_batched_equals_one_at_a_time_in_any_order(pools: list[list[dict[str, Any]]],
                                                    picks: list[tuple[int, str]],
                                                    seed: int) -> None:
    """Requests on a few fact lists drawn from a few facts (one state for all: the facts one
    request has and the previous had stay, the others are swapped), owners with and without a
    grant (the absence rule must see only the request's own facts and evaluate fact), any
    order: the answers of evaluate one by one, and the oracle's."""
    q, engine = make_question(), DurableEngine()
    requests: list[Request] = [(pools[p % len(pools)], {"owner": o, "src": "q"})
                               for p, o in picks]
    random.Random(seed).shuffle(requests)
    want = _one_by_one(engine, q, requests)
    assert want == _one_by_one(OracleEngine(), q, requests)
    assert engine.evaluate_many(q, requests) == want
    assert OracleEngine().evaluate_many(q, requests) == want
    back = list(reversed(requests))
    assert engine.evaluate_many(q, back) == list(reversed(want))


def test_an_error_stays_with_its_request() -> None:
    """A fact of an undeclared type: that request's error, evaluate's own; the others answered."""
    q, engine = make_question(), DurableEngine()
    facts = [item("a", 12), grant("a")]
    requests: list[Request] = [(facts, {"owner": "a", "src": "q"}),
                               ([*facts, {"t": "nope", "src": "x"}], {"owner": "a", "src": "q"}),
                               (facts, {"owner": "c", "src": "q"})]
    got = engine.evaluate_many(q, requests)
    want = _one_by_one(engine, q, requests)
    assert isinstance(got[1], EngineError)
    assert all(_same(g, w) for g, w in zip(got, want, strict=True))


def test_an_action_exception_reaches_its_request_only() -> None:
    """An action raising in a shared state: each request whose rule raised gets RuleError with
    the cause, as evaluate gives it; the state stays usable for the next request."""
    q, engine = make_question(), DurableEngine()

    def boom(question: str, rule: str) -> None:
        if rule == "r0":
            raise ValueError("injected")

    facts = [item("a", 12), grant("a"), grant("b")]
    requests: list[Request] = [(facts, {"owner": o, "src": "q"}) for o in "abcab"]
    engine.action_hook = boom
    got = engine.evaluate_many(q, requests)
    want = _one_by_one(engine, q, requests)
    engine.action_hook = None
    assert [type(g).__name__ for g in got] == ["RuleError", "list", "list", "RuleError", "list"]
    assert all(_same(g, w) for g, w in zip(got, want, strict=True))
    assert isinstance(got[0], RuleError) and isinstance(got[0].__cause__, ValueError)


def test_more_than_1024_states_and_one_long_shared_state() -> None:
    """2,100 requests on distinct facts (states of STATE_REQUESTS requests, each deleted
    before the next: never the cap) and 2,100 requests alike."""
    q, engine = make_question(), DurableEngine()
    distinct: list[Request] = [([item("a", n), grant("a")], {"owner": "a", "src": "q"})
                               for n in range(2100)]
    got = engine.evaluate_many(q, distinct)
    assert got == _one_by_one(OracleEngine(), q, distinct)
    alike: list[Request] = [([item("a", 12)], {"owner": "ab"[n % 2], "src": "q"})
                            for n in range(2100)]
    assert engine.evaluate_many(q, alike) == _one_by_one(OracleEngine(), q, alike)
    assert engine.evaluate(q, [grant("a")], {"owner": "a", "src": "q"}) == \
        OracleEngine().evaluate(q, [grant("a")], {"owner": "a", "src": "q"})


def test_a_failure_inside_a_shared_state_falls_back_to_one_at_a_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A retraction that fails (never expected): the state is deleted, that request is
    answered in a state of its own, the later ones in a new kept state; the same answers; the
    engine stays usable past 1,024 states."""
    q, engine = make_question(), DurableEngine()
    facts = [item("a", 12), grant("a")]
    requests: list[Request] = [(facts, {"owner": o, "src": "q"}) for o in "abcabc"]
    want = _one_by_one(engine, q, requests)
    calls = {"n": 0}
    real = engine._host.retract_encoded

    def flaky(*args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("injected")
        real(*args)

    monkeypatch.setattr(engine._host, "retract_encoded", flaky)
    assert engine.evaluate_many(q, requests) == want
    assert calls["n"] > 2  # the injected failure, and retractions in the next state after it
    monkeypatch.undo()
    many: list[Request] = [([item("a", n)], {"owner": "a", "src": "q"}) for n in range(1100)]
    assert engine.evaluate_many(q, many) == _one_by_one(OracleEngine(), q, many)


def test_threads_get_the_serial_answers() -> None:
    q = make_question()
    rng = random.Random(7)
    pools = [[item("a", rng.randrange(20)), grant(rng.choice("ab"))] for _ in range(4)]
    requests: list[Request] = [(rng.choice(pools), {"owner": rng.choice("abc"), "src": "q"})
                               for _ in range(300)]
    want = _one_by_one(OracleEngine(), q, requests)
    engines = [DurableEngine(), DurableEngine()]
    got: dict[int, Any] = {}

    def work(t: int) -> None:
        for _ in range(3):
            got[t] = engines[t % 2].evaluate_many(q, requests)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(got[t] == want for t in range(4))


def test_every_catalogue_question_may_share_states() -> None:
    """Every rule of the catalogue binds one evaluate fact first and negates none (else its
    requests would be evaluated one at a time: still exact, not batched)."""
    assert all(shares_states(q) for q in questions())
