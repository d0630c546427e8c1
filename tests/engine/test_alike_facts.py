"""Facts the rules cannot tell apart go to durable_rules once (kgrules.engine): the
conclusions are still one per matching tuple of the facts given, exactly the oracle's, however
many records share one key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kgrules
from kgrules.bench import key_case
from kgrules.dsl import FactType
from kgrules.engine import DurableEngine, engine_fields
from kgrules.oracle import OracleEngine
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
