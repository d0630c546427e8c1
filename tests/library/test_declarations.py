"""Declarations a rule module makes beside its rules, and the checks that refuse a wrong one when
it is declared: derivations (values computed rather than given), nested questions as declared
dependencies, what the year's audit asks of a question, clauses that cannot be computed, and a
rule testing a field of another question's facts."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

import kgrules
from kgrules import catalogue, registry
from kgrules.dsl import (
    Arg,
    Condition,
    DeclarationError,
    FactType,
    NotComputable,
    Question,
    QuestionBuilder,
    Status,
)
from kgrules.errors import RuleError
from kgrules.i18n import Text
from kgrules.obligations import Audited
from kgrules.scope import Scope, ScopeResult

CLAUSE = "dieu-11/doan-2"
ITEM = FactType("item", {"owner": str, "value": int})


def builder(qid: str = "test.derived", **extra: Any) -> QuestionBuilder:
    return QuestionBuilder(
        qid, title=Text("thử", "toy"), clauses=(CLAUSE,),
        arguments=(Arg("owner", "text", Text("chủ", "owner")),),
        conditions=(Condition("ok", Text("được", "ok")),),
        evaluate={"owner": str, "doubled": int}, facts=(ITEM,), **extra,
    )


def toy(*, cheat: bool = False) -> Question:
    """A question whose rule reads a derived value; with ``cheat`` its scope puts another value
    in the field than the declared derivation computes."""
    b = builder()

    @b.derive("doubled", clauses=[CLAUSE], inputs=["value"], description=Text("gấp đôi", "twice"))
    def doubled(value: int) -> int:
        return 2 * value

    e, i = b.e, b.var("i", ITEM)
    b.rule("big", condition="ok", status=Status.HOLDS, clauses=[CLAUSE],
           when=[i.owner == e.owner, i.value <= e.doubled], because=Text("{i.value}", "{i.value}"))
    b.rule("small", condition="ok", status=Status.FAILS, clauses=[CLAUSE], fallback=True,
           when=[e.owner != ""], because=Text("không", "no"))

    @b.scope
    def scope(s: Scope) -> ScopeResult:
        value = s.derive("doubled", value=21)
        return ScopeResult({"owner": s.args["owner"], "doubled": value + 1 if cheat else value},
                           [{"t": "item", "src": "items", "owner": s.args["owner"], "value": 40}])

    return b.build()


def test_a_derivation_is_declared_data_covered_by_the_digest() -> None:
    q = toy()
    (d,) = q.derivations
    assert (d.name, d.clauses, d.inputs) == ("doubled", (CLAUSE,), ("value",))
    assert d.compute(value=4) == 8
    other = attrs.evolve(d, compute=lambda value: 3 * value)
    changed = attrs.evolve(q, derivations=(other,))
    assert changed.digest != q.digest
    assert attrs.evolve(q, derivations=(attrs.evolve(d, clauses=("dieu-11/doan-1",)),)).digest != q.digest


def test_the_decision_reads_the_declared_derivation(case: kgrules.Case) -> None:
    registry.register(toy())
    try:
        assert catalogue.ask("test.derived", case, owner="P01").outcome.value == "yes"
    finally:
        registry._REGISTRY.pop("test.derived", None)


def test_a_scope_that_bypasses_its_derivation_is_a_rule_error(case: kgrules.Case) -> None:
    registry.register(toy(cheat=True))
    try:
        with pytest.raises(RuleError, match="declared derivation"):
            catalogue.ask("test.derived", case, owner="P01")
    finally:
        registry._REGISTRY.pop("test.derived", None)


@pytest.mark.parametrize("name, clauses, inputs, message", [
    ("tripled", [CLAUSE], ["value"], "fills no evaluate field"),
    ("doubled", ["dieu-99/khoan-1"], ["value"], "cites"),
    ("doubled", [CLAUSE], ["amount"], "declares inputs"),
])
def test_a_wrong_derivation_is_refused_when_declared(name: str, clauses: list[str],
                                                    inputs: list[str], message: str) -> None:
    b = builder()
    with pytest.raises(DeclarationError, match=message):
        b.derive(name, clauses=clauses, inputs=inputs, description=Text("x", "x"))(
            lambda value: value)


def test_a_field_is_derived_once() -> None:
    b = builder()
    b.derive("doubled", clauses=[CLAUSE], inputs=["value"], description=Text("x", "x"))(
        lambda value: value)
    with pytest.raises(DeclarationError, match="derived twice"):
        b.derive("doubled", clauses=[CLAUSE], inputs=["value"], description=Text("x", "x"))


def test_another_questions_binding_is_refused() -> None:
    first, second = builder("test.first"), builder("test.second")
    other = QuestionBuilder(
        "test.other", title=Text("khác", "other"), clauses=(CLAUSE,), arguments=(),
        conditions=(Condition("ok", Text("được", "ok")),), evaluate={"elsewhere": str}, facts=(),
    )
    first.rule("own", condition="ok", status=Status.HOLDS, clauses=[CLAUSE],
               when=[first.e.owner != ""], because=Text("x", "x"))
    with pytest.raises(DeclarationError, match="not a field of this question"):
        second.rule("stale", condition="ok", status=Status.HOLDS, clauses=[CLAUSE],
                    when=[other.e.elsewhere != ""], because=Text("x", "x"))


def test_the_star_questions_declare_their_computed_values() -> None:
    declared = {q.id: {d.name for d in q.derivations} for q in kgrules.questions()}
    assert {"window_first", "window_last"} <= declared["dieu10.regular_meeting_in_window"]
    assert {"deadline_strict", "deadline_shifted", "deadline_day_off"} <= declared[
        "dieu11.report_on_time"]
    assert {"latest_count_back", "latest_clear_days"} <= declared["dieu11.documents_on_time"]
    assert {"spent_none", "spent_all", "total_none", "total_all", "year_total_none",
            "year_total_all"} <= declared["dieu12.expense_authorised"]
    for q in kgrules.questions():
        for d in q.derivations:
            assert d.name in q.evaluate.fields and d.clauses and d.description.vi, (q.id, d.name)


def test_nested_questions_are_declared_dependencies() -> None:
    deps = {q.id: q.depends_on for q in kgrules.questions() if q.depends_on}
    # Issue 12, item 4: the questions asking whether a person could do an act read
    # authority.may_act.
    may = ("authority.may_act",)
    assert deps == {"dieu10.attendance_compliant": ("dieu10.substitute_allowed",),
                    "dieu9.task_assignment_valid": ("dieu9.helper_member_valid",),
                    "dieu10.quarter_obligation_met": may, "dieu10.extraordinary_meeting_valid": may,
                    "dieu10.invitation_valid": may, "dieu10.written_consultation_valid": may,
                    "dieu11.adhoc_report_valid": may, "dieu10.substitute_allowed": may,
                    "dieu12.expense_authorised": may, "dieu12.estimate_valid": may,
                    "dieu4.final_say": may}


def test_an_undeclared_dependency_is_a_rule_error(case: kgrules.Case) -> None:
    b = builder("test.nested")
    b.rule("any", condition="ok", status=Status.HOLDS, clauses=[CLAUSE],
           when=[b.e.owner != ""], because=Text("x", "x"))

    @b.scope
    def scope(s: Scope) -> ScopeResult:
        s.dependency("dieu10.substitute_allowed", meeting="H2009-Q3", member="P05",
                     substitute="S03")
        return ScopeResult({"owner": "o", "doubled": 0})

    registry.register(b.build())
    try:
        with pytest.raises(RuleError, match="not among the declared dependencies"):
            catalogue.ask("test.nested", case, owner="P01")
    finally:
        registry._REGISTRY.pop("test.nested", None)


def test_a_dependency_on_no_question_is_refused() -> None:
    b = builder("test.dangling", depends_on=("dieu99.nothing",))
    b.rule("any", condition="ok", status=Status.HOLDS, clauses=[CLAUSE],
           when=[b.e.owner != ""], because=Text("x", "x"))
    b.scope(lambda s: ScopeResult({"owner": "o", "doubled": 0}))
    try:
        with pytest.raises(DeclarationError, match=r"dieu99\.nothing"):
            registry.register(b.build())
            registry.questions()
    finally:
        registry._REGISTRY.pop("test.dangling", None)
    with pytest.raises(DeclarationError, match="itself"):
        builder("test.self", depends_on=("test.self",))


def test_audit_declarations_are_checked_when_declared() -> None:
    with pytest.raises(DeclarationError, match="audit group"):
        Audited("nowhere")
    with pytest.raises(DeclarationError, match="timeline lane"):
        Audited("meetings", lane="nowhere")
    assert Audited("spending").lane == "spending" and Audited("organisation").lane == "other"
    declared = registry.audit_declarations()
    assert set(declared) <= {q.id for q in kgrules.questions()}


def test_a_not_computable_clause_must_exist() -> None:
    with pytest.raises(DeclarationError, match="canonical index"):
        NotComputable("dieu-99/khoan-1", Text("x", "x"))
    assert registry.not_computable_reasons()


@pytest.fixture(scope="module")
def case() -> kgrules.Case:
    return kgrules.load_example()


#: Questions whose ``in_force`` depends on more than one day (a quarter's window or deadline that
#: may precede the regulation, an estimate without a date, a year's end), computed in their scope.
IN_FORCE_IN_SCOPE = {
    "dieu10.regular_meeting_in_window", "dieu10.quarter_obligation_met",
    "dieu10.written_consultation_valid", "dieu11.report_on_time", "dieu11.adhoc_report_valid",
    "dieu11.documents_on_time", "dieu12.estimate_valid", "dieu12.settlement_valid",
}


def test_in_force_is_a_declared_derivation_where_it_is_one_day() -> None:
    for q in kgrules.questions():
        if "in_force" not in q.evaluate.fields:
            continue
        declared = [d for d in q.derivations if d.name == "in_force"]
        if q.id in IN_FORCE_IN_SCOPE:
            assert not declared, q.id
        else:
            (d,) = declared
            assert d.clauses == ("qd/hieu-luc",) and d.inputs == ("day",), q.id
