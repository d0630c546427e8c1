"""Facts a scope makes once per loaded case and hands to every ask as the same object
(:class:`kgrules.scope.SharedFact`): read-only, so no ask can change what the next is given;
checked and encoded once per question (kept on the fact), with the answers of plain facts
checked afresh; a fact whose check turned a :class:`Later` text into text is never kept."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import pytest

from kgrules import ask, evaluation
from kgrules.dsl import FactType, Later
from kgrules.engine import DurableEngine
from kgrules.errors import EngineError, RuleError
from kgrules.generate import committee_case
from kgrules.oracle import OracleEngine
from kgrules.scope import SharedFact
from tests.builders import two_pattern_question
from tests.engine.test_engine import grant, item, make_question

ORACLE = OracleEngine()
EV = {"owner": "o", "src": "q"}
NOTED = FactType("item", {"owner": str, "value": int, "note": str})


def test_a_shared_fact_cannot_be_changed() -> None:
    """Every way of changing a dict in place is refused; copies are plain, equal dicts."""
    made = SharedFact(item("o", 1))
    for change in (lambda f: f.__setitem__("value", 2), lambda f: f.__delitem__("value"),
                   lambda f: f.update(value=2), lambda f: f.pop("value"),
                   lambda f: f.pop("nothing", None), lambda f: f.popitem(),
                   lambda f: f.setdefault("more", 1), lambda f: f.clear(),
                   lambda f: f.__ior__({"value": 2})):
        with pytest.raises(TypeError, match="read-only"):
            change(made)
    assert made == item("o", 1) and list(made) == list(item("o", 1))
    for copied in (dict(made), {**made}, made | {}):
        assert type(copied) is dict and copied == made
    for again in (copy.copy(made), copy.deepcopy(made), pickle.loads(pickle.dumps(made))):
        assert type(again) is SharedFact and again == made and again.known == {}
    assert json.dumps(made) == json.dumps(item("o", 1)) and repr(made) == repr(item("o", 1))


def test_shared_facts_answer_as_plain_facts_and_are_checked_once() -> None:
    """Asked again and again, shared facts give the oracle's answer and what the engine is
    handed for plain copies of them; their verdict and texts are kept on the facts, for
    this question only, not in the question's memory of plain facts."""
    engine, q = DurableEngine(), make_question()
    plain = [item("o", 12), grant("o"), item("p", 3)]
    facts = [SharedFact(f) for f in plain]
    for _ in range(3):
        assert engine.evaluate(q, facts, EV) == ORACLE.evaluate(q, plain, EV)
        assert repr(engine._ready(q, facts, EV)) == repr(engine._ready(q, plain, EV))
    assert all(list(f.known) == [id(q)] and f.known[id(q)][0] is q for f in facts)
    other = make_question("test.other", threshold=20)
    assert engine.evaluate(other, facts, EV) == ORACLE.evaluate(other, plain, EV)
    assert all(len(f.known) == 2 for f in facts)


def test_a_wrong_shared_fact_is_refused_every_time() -> None:
    engine, q = DurableEngine(), make_question()
    wrong = SharedFact(item("o", True))  # type: ignore[arg-type]
    for _ in range(2):
        with pytest.raises(EngineError, match="True is not int"):
            engine.evaluate(q, [wrong, grant("o")], EV)
    assert wrong.known == {}


def test_a_later_text_a_rule_tests_is_not_kept_on_a_shared_fact() -> None:
    """A shared fact holding a Later in a field a rule tests is checked (its text made)
    on every ask, never kept; one holding it in a field no rule tests is kept, unrendered."""
    engine = DurableEngine()
    q = two_pattern_question("test.later.shared", NOTED, "{x.owner}")
    plain = {"t": "item", "src": "items[1]", "owner": "o", "value": 2, "note": "plain"}
    tested = SharedFact({"t": "item", "src": "items[0]", "owner": Later(lambda: "p", {}),
                         "value": 1, "note": "n"})
    for _ in range(2):
        assert engine.evaluate(q, [tested, plain], EV) == ORACLE.evaluate(q, [tested, plain], EV)
    assert tested.known == {}
    note = Later(lambda: "rendered", {})
    untested = SharedFact({"t": "item", "src": "items[0]", "owner": "o", "value": 1,
                           "note": note})
    for _ in range(2):
        assert engine.evaluate(q, [untested, plain], EV) == ORACLE.evaluate(
            q, [untested, plain], EV)
    assert list(untested.known) == [id(q)] and note._text is None


def test_kept_texts_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evaluation, "MAX_KNOWN", 3)
    engine, made = DurableEngine(), SharedFact(grant("o"))
    for n in range(7):
        q = make_question(f"test.bound{n}")
        assert engine.evaluate(q, [item("o", 12), made], EV) == ORACLE.evaluate(
            q, [item("o", 12), grant("o")], EV)
        assert 0 < len(made.known) <= 3


class _Recording:
    """The durable engine, keeping the facts each question was given."""

    name = "durable_rules"

    def __init__(self) -> None:
        self.inner = DurableEngine()
        self.given: list[tuple[str, list[Any]]] = []

    def evaluate(self, question: Any, facts: Any, evaluate: Any) -> Any:
        self.given.append((question.id, list(facts)))
        return self.inner.evaluate(question, facts, evaluate)


def test_the_expense_scope_hands_out_the_same_read_only_facts() -> None:
    """Asked twice about one expenditure, the expense scope gives the very same facts (each
    read-only), and about another of the same estimate and content the same estimate,
    agency, content and limit facts; the answers stay the oracle's."""
    case = committee_case(200)
    first = case.expenditures[0]
    other = next(x for x in case.expenditures[1:]
                 if (x.estimate, x.category) == (first.estimate, first.category))
    engine = _Recording()
    for x in (first, first, other):
        got = ask("dieu12.expense_authorised", case, expenditure=x.id, engine=engine)
        want = ask("dieu12.expense_authorised", case, expenditure=x.id, engine=ORACLE)
        assert got.to_json().replace('"durable_rules"', '"oracle"') == want.to_json()
    given = [facts for qid, facts in engine.given if qid == "dieu12.expense_authorised"]
    assert len(given) == 3
    shared = given[0]
    assert all(type(f) is SharedFact for f in shared)
    assert {f["t"] for f in shared} >= {"estimate", "agency", "content", "power"}
    assert all(f is g for f, g in zip(shared, given[1], strict=True))
    assert all(any(g is f for g in given[2]) for f in shared if f["t"] != "power")
    with pytest.raises(TypeError, match="read-only"):
        shared[0]["src"] = "changed"


@pytest.mark.parametrize("value", [[], ["P01"], {"a": 1}, {1}, bytearray(b"x")])
def test_a_shared_fact_refuses_a_value_that_can_change(value: Any) -> None:
    """Read-only all the way down: a list, dict, set or bytearray in a field could change
    under every ask sharing the fact, so it is refused when the fact is made, naming it."""
    with pytest.raises(RuleError, match="field 'recipients'"):
        SharedFact({**item("o", 1), "recipients": value})
    assert SharedFact({**item("o", 1), "recipients": ("P01",)})["recipients"] == ("P01",)
