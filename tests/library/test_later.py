"""Text derived when first read (kgrules.dsl.Later, issue 14): another question's reasons quoted
in a fact (``power.why_vi``) are rendered only when a reason quoting them is read, and read as
the text they stand for everywhere else."""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

import kgrules
from kgrules.catalogue import ask
from kgrules.decision import materialise
from kgrules.dsl import DeclarationError, FactType, Later, derivation, settled
from kgrules.engine import default_engine
from kgrules.evaluation import Conclusion
from kgrules.i18n import Text
from kgrules.oracle import OracleEngine

SUB = {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}
calls: list[str] = []


@derivation("label", clauses=["dieu-10/doan-5"], inputs=["who"],
            description=Text("nhãn", "a label"))
def _label(who: str) -> str:
    calls.append(who)
    return f"«{who}»"


@derivation("size", clauses=["dieu-10/doan-5"], inputs=["who"],
            description=Text("cỡ", "a size"))
def _size(who: str) -> int:
    return len(who)


TOY = FactType("toy", {"who": str, "label": str, "size": int}, derivations=(_label, _size))


def test_a_later_text_is_computed_once_on_first_read() -> None:
    calls.clear()
    later = TOY.derive_later("label", who="P05")
    assert calls == []
    assert str(later) == "«P05»" and f"{later:>7}" == "  «P05»"
    assert later == "«P05»" and later == TOY.derive_later("label", who="P05")
    assert hash(later) == hash("«P05»") and repr(later) == repr("«P05»")
    assert pickle.loads(pickle.dumps(later)) == "«P05»"
    assert type(pickle.loads(pickle.dumps(later))) is str
    assert settled({"label": later, "size": 3}) == {"label": "«P05»", "size": 3}
    assert calls == ["P05", "P05"]  # one computation per value, however often read


def test_only_a_text_field_is_derived_later() -> None:
    with pytest.raises(DeclarationError, match="not text"):
        TOY.derive_later("size", who="P05")
    with pytest.raises(DeclarationError, match="takes"):
        TOY.derive_later("label", person="P05")
    fact = {"t": "toy", "k": "f0", "src": "x", "who": "P05", "size": 3,
            "label": TOY.derive_later("label", who="P05")}
    TOY.check(fact)  # a Later stands for text
    with pytest.raises(TypeError, match="size"):
        TOY.check({**fact, "size": TOY.derive_later("label", who="P05")})


class Recording:
    """The default engine, keeping the facts each question was evaluated on."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name = inner, inner.name
        self.seen: list[list[Mapping[str, Any]]] = []

    def evaluate(self, question: Any, facts: Sequence[Mapping[str, Any]],
                 evaluate: Mapping[str, Any]) -> list[Conclusion]:
        self.seen.append(list(facts))
        return list(self.inner.evaluate(question, facts, evaluate))


@pytest.mark.parametrize("inner", [None, OracleEngine()], ids=["durable", "oracle"])
def test_may_acts_reasons_are_rendered_when_read(inner: Any) -> None:
    """The substitute's consent is checked against authority.may_act: its reasons travel in the
    power fact unrendered until the decision's reasons are read; then as text, the same JSON as
    the decision rendered at once."""
    case = kgrules.load_example()
    engine = Recording(inner or default_engine())
    d = ask("dieu10.substitute_allowed", case, engine=engine, **SUB)
    laters = [v for facts in engine.seen for f in facts for v in f.values()
              if type(v) is Later]
    assert laters and all(v._text is None for v in laters)
    # nothing named or rendered yet: neither this answer's reasons nor may_act's
    assert d.reasons and all(r.deferred is not None and r.deferred.pending for r in d.reasons)
    expected = materialise(ask("dieu10.substitute_allowed", case, engine=inner, **SUB))
    assert d.to_json() == expected.to_json()
    assert any(v._text is not None for v in laters)
    assert any(str(v) in d.to_json() for v in laters)
