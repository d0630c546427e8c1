"""Facts the rules cannot tell apart go to durable_rules once (kgrules.engine): the
conclusions are still one per matching tuple of the facts given, exactly the oracle's, however
many records share one key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kgrules
from kgrules.bench import key_case
from kgrules.dsl import Condition, FactType, Question, QuestionBuilder, Status
from kgrules.engine import DurableEngine, engine_fields
from kgrules.i18n import Text
from kgrules.oracle import OracleEngine
from kgrules.scope import ScopeResult
from tests.builders import two_pattern_question

PAIR = FactType("pair", {"owner": str, "value": int, "note": str})
ENGINE = DurableEngine()
ORACLE = OracleEngine()




QUESTION = two_pattern_question("test.alike", PAIR, "{x.note} {y.note}")


def test_untested_fields_are_not_sent() -> None:
    """``note`` and ``src`` are read by no rule: the engine is not given them."""
    fields = engine_fields(QUESTION)
    assert fields["pair"] == {"t", "k", "owner", "value"}
    assert "src" not in fields["evaluate"]


@given(st.lists(st.tuples(st.sampled_from(["o", "p"]), st.integers(0, 3),
                          st.sampled_from(["a", "b"])), max_size=12))
def test_alike_facts_conclude_as_the_oracle(rows: list[tuple[str, int, str]]) -> None:
    """Many facts equal in what the rules read (``note`` differs, or nothing does): every
    combination the oracle binds, no more, in the same order."""
    facts = [{"t": "pair", "src": f"pairs[{n}]", "owner": o, "value": v, "note": note}
             for n, (o, v, note) in enumerate(rows)]
    ev = {"owner": "o", "src": "q"}
    assert ENGINE.evaluate(QUESTION, facts, ev) == ORACLE.evaluate(QUESTION, facts, ev)


def _prefix_question() -> Question:
    """Three bindings whose names are prefixes of one another: ``x1``, ``x``, ``xa`` is their
    texts' order in a conclusion's key ("x1=" < "x=" < "xa="), neither the names' order nor
    their sorted order."""
    b = QuestionBuilder(
        "test.alike_prefix", title=Text("thử", "toy"), clauses=("dieu-10/doan-5",),
        arguments=(), conditions=(Condition("ok", Text("được", "ok")),),
        evaluate={"owner": str}, facts=(PAIR,), reads={"owner": "people.name"},
    )
    e, x, x1, xa = b.e, b.var("x", PAIR), b.var("x1", PAIR), b.var("xa", PAIR)
    b.rule("three", condition="ok", status=Status.HOLDS, clauses=["dieu-10/doan-5"],
           when=[x.owner == e.owner, x1.owner == e.owner, xa.owner == e.owner,
                 x1.value > x.value],
           because=Text("{x.note} {x1.note} {xa.note}", "{x.note} {x1.note} {xa.note}"))
    b.rule("other", condition="ok", status=Status.UNKNOWN, clauses=["dieu-10/doan-5"],
           fallback=True, when=[e.owner != ""], because=Text("?", "?"))
    b.scope(lambda s: ScopeResult({"owner": "o"}))
    return b.build()


PREFIX_QUESTION = _prefix_question()


@given(st.lists(st.tuples(st.sampled_from(["o", "p"]), st.integers(0, 2),
                          st.sampled_from(["a", "b"])), max_size=9))
def test_alike_facts_bound_under_prefix_names_conclude_as_the_oracle(
        rows: list[tuple[str, int, str]]) -> None:
    """Alike facts bound three at a time (every combination of each class's facts, whose
    conclusions' keys are made from each fact's text once): the oracle's conclusions, in its
    order, whatever the names' order in the keys."""
    facts = [{"t": "pair", "src": f"pairs[{n}]", "owner": o, "value": v, "note": note}
             for n, (o, v, note) in enumerate(rows)]
    ev = {"owner": "o", "src": "q"}
    durable = ENGINE.evaluate(PREFIX_QUESTION, facts, ev)
    assert durable == ORACLE.evaluate(PREFIX_QUESTION, facts, ev)
    three = [c for c in durable if c.rule.endswith("three")]
    assert all([t.split("=")[0] for t in c.key[1]] == ["e", "x1", "x", "xa"] for c in three)


@pytest.mark.clause("dieu-10/doan-5", "dieu-11/doan-2")
def test_many_records_under_one_key_answer_as_the_oracle() -> None:
    """300 records under one meeting: the same decision, reason for reason, on both engines."""
    case = key_case(300)  # the benchmark's own case: what is timed is what is checked
    for qid, args in (("dieu10.substitute_allowed",
                       {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}),
                      ("dieu11.documents_on_time", {"meeting": "H2009-Q3"})):
        durable = kgrules.ask(qid, case, counterfactuals=False, **args).to_dict()
        oracle = kgrules.ask(qid, case, engine=ORACLE, counterfactuals=False, **args).to_dict()
        assert len(durable["reasons"]) > 300
        durable.pop("engine"), oracle.pop("engine")
        assert durable == oracle
