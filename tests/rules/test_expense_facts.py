"""The expense scope's estimate, agency, content and limit facts (rules.dieu12) are made once per
loaded case (or per entry of CONTENTS) and handed to every ask as the same read-only objects
(kgrules.scope.SharedFact): the same facts as made afresh, unchangeable by any ask, made anew
for another case or a changed content."""

from __future__ import annotations

import attrs
import pytest

import kgrules
from kgrules.generate import committee_case
from kgrules.rules import dieu12
from kgrules.scope import SharedFact, ref


def _fresh_charged(case: kgrules.Case, estimate_id: str) -> list[dict[str, object]]:
    path, be = case.by_id("estimates", estimate_id)
    return [dieu12._estimate_fact(path, be), *dieu12.agency_facts(case, [ref(be.approved_by)])]


def test_charged_and_limit_facts_are_made_once_per_case_and_shared_read_only() -> None:
    case = committee_case(100)
    x = next(x for x in case.expenditures if x.estimate is not None)
    assert x.estimate is not None
    first = dieu12._charged_facts(case, x.estimate)
    assert first == _fresh_charged(case, x.estimate) and len(first) == 2
    with pytest.raises(TypeError, match="read-only"):  # shared by every ask: unchangeable
        first[0]["amount"] = -1
    again = dieu12._charged_facts(case, x.estimate)
    assert again == _fresh_charged(case, x.estimate) and again[0] is first[0]
    assert all(type(f) is SharedFact for f in again)
    x = next(x for x in case.expenditures if case.spending_limits_for(x.category))
    limits, made = dieu12._limits_of(case, x.category)
    assert limits == case.spending_limits_for(x.category)
    assert list(made) == [dieu12._limit_fact(p, lim) for p, lim in limits]
    with pytest.raises(TypeError, match="read-only"):
        made[0]["per_item"] = -1
    assert dieu12._limits_of(case, x.category)[1][0] is made[0]


def test_another_case_gets_its_own_facts() -> None:
    case = committee_case(100)
    x = next(x for x in case.expenditures if x.estimate is not None)
    assert x.estimate is not None
    dieu12._charged_facts(case, x.estimate)
    changed = attrs.evolve(case, estimates=tuple(
        attrs.evolve(be, amount=be.amount + 1) for be in case.estimates))
    there = dieu12._charged_facts(changed, x.estimate)
    assert there == _fresh_charged(changed, x.estimate)
    assert there[0]["amount"] == dieu12._charged_facts(case, x.estimate)[0]["amount"] + 1


def test_content_facts_follow_a_changed_content(monkeypatch: pytest.MonkeyPatch) -> None:
    category, content = next(iter(dieu12.CONTENTS.items()))
    first = dieu12._content_facts(category)
    assert first == dieu12._content_fact(category)
    with pytest.raises(TypeError, match="read-only"):
        first["allowed"] = "tampered"
    assert dieu12._content_facts(category) is first
    flipped = attrs.evolve(content, allowed="no" if content.allowed != "no" else "yes")
    monkeypatch.setitem(dieu12.CONTENTS, category, flipped)
    assert dieu12._content_facts(category)["allowed"] == flipped.allowed
