"""Facts the durable adapter has seen before (``kgrules.evaluation.keyed_facts`` with
``found``): a fact equal to one already checked for the question, in its values and their
types, is not checked or encoded again. The answers are those of facts checked afresh; a
value equal but of another type (``True`` and ``1``) is never taken for another; a
:class:`Later` text is never rendered to be remembered; the memory is bounded."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgrules import evaluation
from kgrules.dsl import FactType, Later
from kgrules.engine import DurableEngine
from kgrules.errors import EngineError
from kgrules.oracle import OracleEngine
from tests.builders import two_pattern_question
from tests.engine.test_engine import grant, item, make_question

ORACLE = OracleEngine()
EV = {"owner": "o", "src": "q"}
NOTED = FactType("item", {"owner": str, "value": int, "note": str})


def _answer(engine: Any, q: Any, facts: list[dict[str, Any]]) -> Any:
    try:
        return engine.evaluate(q, facts, EV)
    except EngineError as exc:
        return f"{type(exc).__name__}: {exc}"


@given(st.lists(st.lists(st.one_of(
    st.builds(item, st.sampled_from(["o", "p"]),
              st.one_of(st.integers(0, 12), st.booleans(), st.sampled_from(["1", 1.0]))),
    st.builds(grant, st.sampled_from(["o", "p", 1, True]))), max_size=4), min_size=1,
    max_size=6))
def test_seen_facts_answer_as_facts_checked_afresh(asks: list[list[dict[str, Any]]]) -> None:
    """Asks with repeated facts, some of a wrong type equal to a right one (``True``, ``1``,
    ``1.0``): each answer (or refusal) is the oracle's, which checks every fact afresh."""
    engine, q = DurableEngine(), make_question()
    for facts in asks:
        assert _answer(engine, q, facts) == _answer(ORACLE, q, facts)


def test_a_value_of_another_type_is_never_taken_for_a_seen_one() -> None:
    """``value=1`` is checked and remembered; ``value=True`` (equal, and of equal hash) is
    still refused, and ``value=1`` after it still answers."""
    engine, q = DurableEngine(), make_question()
    ok = engine.evaluate(q, [item("o", 1), grant("o")], EV)
    with pytest.raises(EngineError, match="True is not int"):
        engine.evaluate(q, [item("o", True), grant("o")], EV)  # type: ignore[arg-type]
    assert engine.evaluate(q, [item("o", 1), grant("o")], EV) == ok


def test_ready_texts_are_those_made_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the engine is handed for a request of seen facts is what it is handed with
    nothing remembered."""
    engine, q = DurableEngine(), make_question()
    facts = [item("o", 12), grant("o"), item("p", 3), item("o", 12)]
    engine.evaluate(q, facts, EV)
    remembered = engine._ready(q, facts, EV)
    monkeypatch.setattr(evaluation, "_KNOWN", {})
    assert repr(engine._ready(q, facts, EV)) == repr(remembered)


def test_later_texts_are_never_rendered_to_be_remembered() -> None:
    """A fact holding a :class:`Later` in a field no rule tests is remembered with the class
    Later in its text's place, never hashed (its hash is its text): its text stays
    unrendered, the answers the oracle's; another fact equal but for its Later text is taken
    for it (no rule reads that text), and its text is not rendered either."""
    engine = DurableEngine()
    q = two_pattern_question("test.later", NOTED, "{x.owner}")
    later = Later(lambda who: f"rendered {who}", {"who": "x"})
    facts = [{"t": "item", "src": "items[0]", "owner": "o", "value": 1, "note": later},
             {"t": "item", "src": "items[1]", "owner": "o", "value": 2, "note": "plain"}]
    for _ in range(3):
        assert engine.evaluate(q, facts, EV) == ORACLE.evaluate(q, facts, EV)
    assert later._text is None
    known = evaluation._known_facts(q)
    assert len(known) == 2
    assert any(Later in values for _, values in known)
    other = Later(lambda who: f"other {who}", {"who": "y"})
    again = [{**facts[0], "note": other}, facts[1]]
    assert engine.evaluate(q, again, EV) == ORACLE.evaluate(q, again, EV)
    assert other._text is None and len(known) == 2


def test_a_later_text_a_rule_tests_is_never_remembered() -> None:
    """A :class:`Later` in a field a rule tests is its text for the engine: such a fact is
    checked every time and never remembered, so two facts equal but for that text answer
    differently, each as the oracle."""
    engine = DurableEngine()
    q = two_pattern_question("test.later.tested", NOTED, "{x.owner}")

    def fact(owner: str) -> dict[str, Any]:
        return {"t": "item", "src": "items[0]", "owner": Later(lambda o: o, {"o": owner}),
                "value": 1, "note": "n"}

    plain = {"t": "item", "src": "items[1]", "owner": "o", "value": 2, "note": "plain"}
    answers = []
    for owner in ("o", "p", "o", "p"):
        facts = [fact(owner), plain]
        got = engine.evaluate(q, facts, EV)
        assert got == ORACLE.evaluate(q, [fact(owner), plain], EV)
        answers.append(got)
    assert answers[0] != answers[1] and answers[0] == answers[2] and answers[1] == answers[3]
    assert not any(Later in values for _, values in evaluation._known_facts(q))


def test_remembered_facts_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """At most MAX_KNOWN_FACTS per question; none for a request over MAX_KNOWN_REQUEST facts."""
    monkeypatch.setattr(evaluation, "MAX_KNOWN_FACTS", 8)
    engine, q = DurableEngine(), make_question()
    for n in range(40):
        assert engine.evaluate(q, [item("o", n), grant("o")], EV) == ORACLE.evaluate(
            q, [item("o", n), grant("o")], EV)
        assert 0 < len(evaluation._known_facts(q)) <= 8
    many = [item("o", 1000 + n) for n in range(evaluation.MAX_KNOWN_REQUEST + 1)]
    before = dict(evaluation._known_facts(q))
    assert engine.evaluate(q, many, EV) == ORACLE.evaluate(q, many, EV)
    assert evaluation._known_facts(q) == before
