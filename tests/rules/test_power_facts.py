"""The ``power`` facts a scope makes from ``authority.may_act``'s answer (rules.common.power_fact)
are made once per answer object and handed to every ask as the same read-only objects
(kgrules.scope.SharedFact): the same facts as made afresh, unchangeable by any ask, made anew
for another case, and forgotten with their answer. Likewise a person's ``role`` facts, once per
loaded case (kgrules.scope.PerCase)."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import attrs
import pytest
from kgrules.rules.common import MAY_ACT, power_fact, role_facts

import kgrules
from kgrules import catalogue
from kgrules.catalogue import ask
from kgrules.dsl import settled
from kgrules.engine import default_engine
from kgrules.interpretations import settings
from kgrules.rules import common
from kgrules.scope import PerCase, Scope, SharedFact

SUB = {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}


def _scope(case: kgrules.Case, answer: Any = None) -> Scope:
    q = catalogue.question("dieu10.substitute_allowed")
    return Scope(case, SUB, settings(None), catalogue.calendar_for(case), q.switches,
                 default_engine(), q.depends_on, answer or catalogue._dependency,
                 {d.name: d for d in q.derivations})


def _consent(case: kgrules.Case) -> Any:
    return case.consents_for(SUB["meeting"], SUB["member"])[0].record


def test_power_facts_are_made_once_per_answer_and_shared_read_only() -> None:
    case = kgrules.load_example()
    k = _consent(case)
    first = power_fact(_scope(case), k.given_by, "consent_substitute", k.given_on)
    answer = catalogue._dependency(MAY_ACT, case, interpretations=settings(None),
                                   calendar=catalogue.calendar_for(case), engine=default_engine(),
                                   counterfactuals=False, person=k.given_by,
                                   act="consent_substitute", date=k.given_on.isoformat())
    assert id(answer) in common._power_made
    made = common._power_facts(case, answer, k.given_by, "consent_substitute", k.given_on)
    with pytest.raises(TypeError, match="read-only"):  # shared by every ask: unchangeable
        first[0]["outcome"] = "tampered"
    second = power_fact(_scope(case), k.given_by, "consent_substitute", k.given_on)
    assert [settled(f) for f in second] == [settled(f) for f in made]
    assert all(type(f) is SharedFact for f in second)
    assert second[0] is first[0] and second[0]["outcome"] == answer.outcome.value


def test_another_case_and_a_fresh_answer_get_their_own_facts() -> None:
    case = kgrules.load_example()
    k = _consent(case)
    renamed = attrs.evolve(case, people=tuple(
        attrs.evolve(p, name="Renamed") if p.id == k.given_by else p for p in case.people))
    here = power_fact(_scope(case), k.given_by, "consent_substitute", k.given_on)
    there = power_fact(_scope(renamed), k.given_by, "consent_substitute", k.given_on)
    assert here[0]["name"] != "Renamed" and there[0]["name"] == "Renamed"

    # Without the per-case cache every ask has a new answer: its entry leaves with it.
    def fresh(question_id: str, case: kgrules.Case, **kw: Any) -> Any:
        return ask(question_id, case, **kw)

    before = len(common._power_made)
    facts = power_fact(_scope(case, fresh), k.given_by, "consent_substitute", k.given_on)
    assert [settled(f) for f in facts] == [settled(f) for f in here]
    gc.collect()
    assert len(common._power_made) <= before


def test_an_entry_keeps_neither_its_answer_nor_its_case_alive() -> None:
    case = kgrules.load_example()
    k = _consent(case)
    kept: list[Any] = []

    def fresh(question_id: str, case: kgrules.Case, **kw: Any) -> Any:
        kept.append(ask(question_id, case, **kw))
        return kept[-1]

    power_fact(_scope(case, fresh), k.given_by, "consent_substitute", k.given_on)
    key, gone = id(kept[0]), weakref.ref(kept[0])
    assert key in common._power_made
    kept.clear()
    gc.collect()
    assert gone() is None and key not in common._power_made


def test_role_facts_are_made_once_per_case_and_shared_read_only() -> None:
    case = kgrules.load_example()
    first = role_facts(case, ["P05", "nobody"])
    assert first and all(f["person"] == "P05" for f in first)
    with pytest.raises(TypeError, match="read-only"):
        first[0]["role"] = "tampered"
    again = role_facts(case, ["P05"])
    assert again[0]["role"] != "tampered" and again[0] is first[0]
    renamed = attrs.evolve(case, people=tuple(
        attrs.evolve(p, name="Renamed") if p.id == "P05" else p for p in case.people))
    assert {f["name"] for f in role_facts(renamed, ["P05"])} == {"Renamed"}
    assert common._roles_made.get(case, "nobody") is None  # not a person of the case: not kept


def test_a_per_case_store_keeps_no_case_alive() -> None:
    store: PerCase[str, int] = PerCase(2)
    case = kgrules.load_example()
    store.put(case, "a", 1)
    store.put(case, "b", 2)
    store.put(case, "c", 3)  # over the bound: not kept
    assert (store.get(case, "a"), store.get(case, "c")) == (1, None)
    other = attrs.evolve(case)
    assert other == case and store.get(other, "a") is None  # the very object, not an equal one
    gone = weakref.ref(case)
    del case
    gc.collect()
    assert gone() is None and not store._cases
