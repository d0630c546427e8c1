"""A loaded case's dependency answers kept across asks (kgrules.catalogue._PER_CASE): asked once,
the same answers whatever was asked before and from whichever thread, bounded, and never served
to another case, another engine or changed rules."""

from __future__ import annotations

import gc
import json
import threading
import weakref
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import pytest

import kgrules
from kgrules import bench, catalogue, registry
from kgrules.casecache import BoundedLRU
from kgrules.decision import Decision
from kgrules.dsl import Question
from kgrules.errors import ArgumentError
from kgrules.evaluation import Conclusion
from kgrules.oracle import OracleEngine
from kgrules.rules import common
from kgrules.scope import Scope

SUBSTITUTE = "dieu10.substitute_allowed"
EXPENSE = "dieu12.expense_authorised"


class Counting:
    """An evaluator that counts the evaluations of each question, then lets the oracle decide."""

    name = "oracle"

    def __init__(self) -> None:
        self.inner = OracleEngine()
        self.calls: dict[str, int] = {}

    def evaluate(self, question: Question, facts: Any,
                 evaluate: Mapping[str, Any]) -> list[Conclusion]:
        self.calls[question.id] = self.calls.get(question.id, 0) + 1
        return self.inner.evaluate(question, facts, evaluate)


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(catalogue, "_PER_CASE", BoundedLRU(8, 8, "cases"))
    yield


def _requests(case: kgrules.Case) -> list[tuple[str, dict[str, str]]]:
    out: list[tuple[str, dict[str, str]]] = []
    for qid in (SUBSTITUTE, EXPENSE):
        out += [(qid, a) for a in bench.year_requests(case, qid)[:12]]
    return out


def _seen(answer: Decision) -> tuple[str, str, str, str]:
    """All a reader gets: the JSON, its digest's input, the text in both languages."""
    return (json.dumps(answer.to_dict(), sort_keys=True, ensure_ascii=False),
            answer.outcome.value, answer.render("vi"), answer.render("en"))


def _uncached(case: kgrules.Case, requests: list[tuple[str, dict[str, str]]],
              monkeypatch: pytest.MonkeyPatch, engine: Any = None) -> list[tuple[str, ...]]:
    with monkeypatch.context() as m:
        m.setattr(catalogue, "_PER_CASE", BoundedLRU(0, 0, "cases"))
        return [_seen(kgrules.ask(q, case, engine=engine, **a)) for q, a in requests]


def test_a_dependency_is_asked_once_per_loaded_case() -> None:
    case = kgrules.load_example()
    engine = Counting()
    requests = _requests(case)
    for q, a in requests:
        kgrules.ask(q, case, engine=engine, **a)
    first = engine.calls.get("authority.may_act", 0)
    assert first > 0
    for q, a in requests:
        kgrules.ask(q, case, engine=engine, **a)
    assert engine.calls["authority.may_act"] == first
    assert engine.calls[SUBSTITUTE] + engine.calls[EXPENSE] == 2 * len(requests)


def test_power_facts_are_made_once_per_loaded_case(monkeypatch: pytest.MonkeyPatch) -> None:
    """A scope's power facts are kept with the case's dependency answers (``Scope.kept``):
    asked again, a question does not look may_act's answer up again. Inside
    shared_dependencies (an audit's asks) they are kept in the block, beside its shared
    answers, and go with it; with the cache off, not kept."""
    case = kgrules.load_example()
    requests = _requests(case)
    calls: list[str] = []
    real = Scope.dependency

    def counting(self: Scope, question_id: str, **arguments: str) -> Decision:
        calls.append(question_id)
        return real(self, question_id, **arguments)

    monkeypatch.setattr(Scope, "dependency", counting)

    def asked() -> list[tuple[str, ...]]:  # no counterfactuals: their search asks anew
        return [_seen(kgrules.ask(q, case, counterfactuals=False, **a)) for q, a in requests]

    first = asked()
    looked = len(calls)
    assert looked > 0
    calls.clear()
    again = [_seen(kgrules.ask(q, case, counterfactuals=False, **a))
             for q, a in reversed(requests)]
    assert calls == []
    assert list(reversed(again)) == first
    with catalogue.shared_dependencies():
        shared = asked()
        assert len(calls) == looked
        calls.clear()
        assert asked() == shared and calls == []  # kept in the block
    with catalogue.shared_dependencies():  # a new block: asked anew
        assert asked() == shared
    assert len(calls) == looked
    calls.clear()
    with monkeypatch.context() as m:
        m.setattr(catalogue, "_PER_CASE", BoundedLRU(0, 0, "cases"))
        assert asked() == first == shared
    assert len(calls) == looked


def test_the_maps_of_power_facts_are_per_context_and_bounded(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """One map per evaluator and reading asked about a case, at most DERIVED_CONTEXTS, and
    cleared with the case's answers."""
    case = kgrules.load_example()
    q, a = next((q, a) for q, a in _requests(case) if q == SUBSTITUTE)
    oracle = OracleEngine()
    for engine in (None, oracle, None):
        kgrules.ask(q, case, engine=engine, counterfactuals=False, **a)
    kgrules.ask(q, case, engine=oracle, counterfactuals=False,
                interpretations={"consent_by_deputy": "head_only"}, **a)
    (entry, _), = catalogue._PER_CASE._items.values()
    maps = entry[2]
    assert len(maps) == 3
    assert all(len(kept[2]) == 1 for kept in maps.values())  # one giver's power facts each
    monkeypatch.setattr(catalogue, "DERIVED_CONTEXTS", 1)
    kgrules.ask(q, case, engine=Counting(), counterfactuals=False, **a)
    assert len(maps) == 1
    monkeypatch.setattr(common, "_power_kept", 2)
    for q, a in _requests(case):
        kgrules.ask(q, case, engine=oracle, counterfactuals=False, **a)
    (kept,) = [kept for kept in maps.values() if kept[1] is oracle]
    assert 0 < len(kept[2]) <= 2
    catalogue.clear_dependency_cache()
    assert len(catalogue._PER_CASE) == 0


@pytest.mark.parametrize("engine", [None, OracleEngine()], ids=["durable", "oracle"])
def test_answers_are_those_of_no_cache_in_any_order(engine: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    case = kgrules.load_example()
    requests = _requests(case)
    want = _uncached(case, requests, monkeypatch, engine)
    assert len({w[1] for w in want}) > 1  # more than one outcome: a wrong answer would show
    forward = [_seen(kgrules.ask(q, case, engine=engine, **a)) for q, a in requests]
    catalogue.clear_dependency_cache()
    backward = [_seen(kgrules.ask(q, case, engine=engine, **a)) for q, a in reversed(requests)]
    assert forward == want
    assert list(reversed(backward)) == want


def test_threads_get_the_answers_of_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    case = kgrules.load_example()
    requests = _requests(case)
    want = _uncached(case, requests, monkeypatch)
    got: dict[int, list[tuple[str, ...]]] = {}
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            order = requests[n:] + requests[:n]
            seen = [_seen(kgrules.ask(q, case, **a)) for q, a in order]
            got[n] = seen[len(requests) - n:] + seen[:len(requests) - n]
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(got) == [0, 1, 2, 3]
    for seen in got.values():
        assert seen == want


def test_the_answers_kept_per_case_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue, "DEPENDENCY_ENTRIES", 3)
    case = kgrules.load_example()
    engine = Counting()
    requests = _requests(case)
    for q, a in requests:
        kgrules.ask(q, case, engine=engine, **a)
    assert engine.calls["authority.may_act"] > 3  # more distinct dependencies than entries
    assert [len(kept[1]) for kept, _ in catalogue._PER_CASE._items.values()] == [3]


def test_the_cases_kept_are_bounded_and_then_freed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue, "_PER_CASE", BoundedLRU(2, 2, "cases"))
    first = kgrules.load_example()
    q, a = next((q, a) for q, a in _requests(first) if q == SUBSTITUTE)
    engine = Counting()
    kgrules.ask(q, first, engine=engine, **a)
    gone = weakref.ref(first)
    del first
    gc.collect()
    assert gone() is not None  # kept: its answers are
    others = [kgrules.load_example() for _ in range(3)]  # equal facts, other objects
    for case in others:
        kgrules.ask(q, case, engine=engine, **a)
    assert engine.calls["authority.may_act"] == 4  # each object asked anew
    assert len(catalogue._PER_CASE) == 2
    gc.collect()
    assert gone() is None


def test_another_case_engine_or_reading_is_asked_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    case = kgrules.load_example()
    requests = [(q, a) for q, a in _requests(case) if q == SUBSTITUTE]
    engine = Counting()
    before = [_seen(kgrules.ask(q, case, engine=engine, **a)) for q, a in requests]
    asked = engine.calls["authority.may_act"]
    # the same records without the positions: may_act decides otherwise about the same people
    changed = attrs.evolve(case, positions=())
    after = [_seen(kgrules.ask(q, changed, engine=engine, **a)) for q, a in requests]
    assert engine.calls["authority.may_act"] == 2 * asked
    assert after == _uncached(changed, requests, monkeypatch, OracleEngine())
    assert after != before
    other = Counting()
    for q, a in requests:
        kgrules.ask(q, case, engine=other, **a)
    assert other.calls["authority.may_act"] == asked
    for q, a in requests:
        kgrules.ask(q, case, engine=engine, interpretations={"consent_by_deputy": "head_only"}, **a)
    assert engine.calls["authority.may_act"] == 3 * asked


def test_changed_rules_are_asked_anew() -> None:
    case = kgrules.load_example()
    q, a = next((q, a) for q, a in _requests(case) if q == SUBSTITUTE)
    engine = Counting()
    kgrules.ask(q, case, engine=engine, **a)
    kgrules.ask(q, case, engine=engine, **a)
    assert engine.calls["authority.may_act"] == 1
    may_act = registry.question("authority.may_act")
    generation = registry.generation()
    registry.register(attrs.evolve(may_act))  # a new declaration object, in force
    try:
        assert registry.generation() != generation
        kgrules.ask(q, case, engine=engine, **a)
        assert engine.calls["authority.may_act"] == 2
    finally:
        registry.register(may_act)


@pytest.mark.parametrize("value", ["many", "-1", "1.5", " 8", "²", "２"])
def test_a_bad_bound_is_an_error_naming_it(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(catalogue.ENV_DEPENDENCY_CACHE, value)
    with pytest.raises(ArgumentError) as info:
        catalogue._dependency_cases()
    assert info.value.path == catalogue.ENV_DEPENDENCY_CACHE


def test_the_bound_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(catalogue.ENV_DEPENDENCY_CACHE, "0")
    assert catalogue._dependency_cases() == 0
    monkeypatch.delenv(catalogue.ENV_DEPENDENCY_CACHE)
    assert catalogue._dependency_cases() == catalogue.DEFAULT_DEPENDENCY_CASES


ATTENDANCE = "dieu10.attendance_compliant"


def _substituted(case: kgrules.Case) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The substitute requests of the case, and the attendance requests that depend on them."""
    subs = [{"meeting": c.meeting, "member": c.member, "substitute": c.substitute}
            for c in case.consents if c.substitute is not None]
    attending = [dict(t) for t in dict.fromkeys(
        (("meeting", s["meeting"]), ("member", s["member"])) for s in subs)]
    return subs, attending


@pytest.mark.parametrize("engine", [None, OracleEngine()], ids=["durable", "oracle"])
def test_an_audits_own_answer_is_its_dependents_answer(engine: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside shared_dependencies, a question ask_each answered (substitute_allowed) is not
    asked again when another question depends on it (attendance_compliant): the answers are
    those of asking it again, and of asking each alone."""
    case = kgrules.load_example()
    subs, attending = _substituted(case)
    assert subs and attending

    def asked(file: bool) -> tuple[list[Any], list[Any], dict[str, int]]:
        counting = Counting()
        counting.inner = engine if engine is not None else kgrules.engine.DurableEngine()
        counting.name = counting.inner.name
        with monkeypatch.context() as m:
            if not file:
                m.setattr(catalogue, "_depended_on", lambda generation: frozenset())
            with catalogue.shared_dependencies():
                own = catalogue.ask_each(SUBSTITUTE, case, subs, engine=counting)
                dependents = catalogue.ask_each(ATTENDANCE, case, attending, engine=counting)
        return own, dependents, counting.calls

    own, dependents, calls = asked(True)
    own_again, dependents_again, calls_again = asked(False)
    distinct = len({tuple(sorted(s.items())) for s in subs})
    assert calls[SUBSTITUTE] == len(subs)  # filed: none asked again
    assert calls_again[SUBSTITUTE] > calls[SUBSTITUTE]  # asked again under attendance
    assert distinct <= calls_again[SUBSTITUTE] - len(subs)
    assert [_seen(d) for d in own] == [_seen(d) for d in own_again]
    assert [_seen(d) for d in dependents] == [_seen(d) for d in dependents_again]
    assert dependents == dependents_again and own == own_again
    alone = [kgrules.ask(ATTENDANCE, case, engine=engine, **a) for a in attending]
    assert [_seen(d) for d in dependents] == [_seen(d) for d in alone]


def test_only_a_depended_on_question_is_filed_and_only_under_its_own_key() -> None:
    """ask_each files nothing of a question no other depends on, nor outside a block; what
    it files is served only to the same case, readings, calendar and evaluator."""
    case = kgrules.load_example()
    subs, attending = _substituted(case)
    engine = Counting()
    with catalogue.shared_dependencies():
        memo = catalogue._SHARED.get()
        assert memo is not None
        catalogue.ask_each(ATTENDANCE, case, attending[:1], engine=OracleEngine())
        before = set(memo)
        catalogue.ask_each(EXPENSE, case, bench.year_requests(case, EXPENSE)[:3], engine=engine)
        assert not any(k[0] == EXPENSE for k in memo)  # nothing depends on the expense question
        catalogue.ask_each(SUBSTITUTE, case, subs[:1], engine=engine)
        filed = [k for k in set(memo) - before if k[0] == SUBSTITUTE]
        assert len(filed) == 1 and filed[0][3] == id(engine) and filed[0][4] is False
        other = Counting()
        catalogue.ask_each(ATTENDANCE, case, attending, engine=other)
        assert other.calls.get(SUBSTITUTE, 0) >= 1  # another evaluator: asked anew
    assert catalogue._SHARED.get() is None
