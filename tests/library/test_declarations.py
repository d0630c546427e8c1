"""Declarations a rule module makes beside its rules, and the checks that refuse a wrong one when
it is declared: derivations (values computed rather than given), nested questions as declared
dependencies, what the year's audit asks of a question, clauses that cannot be computed, and a
rule testing a field of another question's facts."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kgrules
from kgrules import catalogue, registry
from kgrules.dsl import (
    RECORD_ARGS,
    Arg,
    Condition,
    DeclarationError,
    FactType,
    NotComputable,
    Question,
    QuestionBuilder,
    Status,
    derivation,
    read_source,
)
from kgrules.errors import KgrulesError, RuleError
from kgrules.i18n import Text
from kgrules.obligations import Audited
from kgrules.scope import Scope, ScopeResult
from kgrules.testing import committee_cases, interpretations, questions_for

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
    # authority.may_act asks dieu9.helper_member_valid whether the Tổ trưởng is validly on the
    # team (assign_helper_tasks), so that question matches its decisions' signers itself.
    assert deps == {"dieu10.attendance_compliant": ("dieu10.substitute_allowed",),
                    "dieu9.task_assignment_valid": ("dieu9.helper_member_valid",
                                                    "authority.may_act"),
                    "authority.may_act": ("dieu9.helper_member_valid",),
                    "dieu10.quarter_obligation_met": may, "dieu10.extraordinary_meeting_valid": may,
                    "dieu10.invitation_valid": may, "dieu10.written_consultation_valid": may,
                    "dieu11.adhoc_report_valid": may, "dieu10.substitute_allowed": may,
                    "dieu12.expense_authorised": may, "dieu12.estimate_valid": may,
                    "dieu12.settlement_valid": may, "dieu2.seal_valid": may,
                    "dieu4.final_say": may}


def test_declared_dependencies_form_no_circle() -> None:
    """No question depends, directly or through others, on itself: a nested answer is always
    about something below it (issue 12, item 4: may_act reads helper_member_valid, which reads
    no question)."""
    deps = {q.id: q.depends_on for q in kgrules.questions()}

    def reaches(start: str, seen: tuple[str, ...]) -> None:
        for d in deps[start]:
            assert d not in seen, " → ".join((*seen, d))
            reaches(d, (*seen, d))

    for qid in deps:
        reaches(qid, (qid,))
    # the check fails on a circle
    deps["dieu9.helper_member_valid"] = ("authority.may_act",)
    with pytest.raises(AssertionError, match=r"authority\.may_act → dieu9\.helper_member_valid"):
        reaches("authority.may_act", ("authority.may_act",))


def test_an_undeclared_dependency_is_a_rule_error(case: kgrules.Case) -> None:
    b = builder("test.nested", reads={"doubled": "people.name"})
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
    b = builder("test.dangling", depends_on=("dieu99.nothing",), reads={"doubled": "people.name"})
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
#: may precede the regulation, an estimate without a date, a year's end): declared derivations of
#: their own, from other inputs than one day.
IN_FORCE_OF_THEIR_OWN = {
    "dieu10.regular_meeting_in_window", "dieu10.quarter_obligation_met",
    "dieu10.written_consultation_valid", "dieu11.report_on_time", "dieu11.adhoc_report_valid",
    "dieu12.estimate_valid", "dieu12.settlement_valid",
}


def test_in_force_is_a_declared_derivation_everywhere() -> None:
    for q in kgrules.questions():
        if "in_force" not in q.evaluate.fields:
            continue
        (d,) = [d for d in q.derivations if d.name == "in_force"]
        assert "qd/hieu-luc" in d.clauses, q.id
        if q.id in IN_FORCE_OF_THEIR_OWN:
            assert d.inputs != ("day",), q.id
        else:
            assert d.clauses == ("qd/hieu-luc",) and d.inputs == ("day",), q.id


# ------------------------------------------------------------------------------- provenance
# Issue 11, item 1: every value a scope hands the engine is an argument, a reading, a declared
# derivation or a declared read of the case. The builder refuses an unclassified field when the
# question is built; the checks below watch real evaluations for a scope that computes a value
# inline under a read's or a derivation's name.


def _flat(raw: Any, kind: type) -> Any:
    """A record's field in the flat conventions of ``kgrules.scope``."""
    if raw is None:
        return {int: 0, str: "", bool: False}[kind]
    if isinstance(raw, enum.Enum):
        return raw.value
    if isinstance(raw, dt.date):
        return raw.toordinal()
    return raw


#: A tri-state stated as text: what ``meetings.has_documents`` becomes.
TRI_STATE = {True: "yes", False: "no", None: "unknown"}


def provenance_errors(q: Question, scope: Scope, result: ScopeResult) -> list[str]:
    """What in one evaluation's ``evaluate`` fact is not what its declaration says it is."""
    errors: list[str] = []
    evaluate = result.evaluate
    expected = {f for f in q.evaluate.fields if not f.startswith("i_")}
    if set(evaluate) != expected:
        errors.append(f"{q.id}: fields {sorted(set(evaluate) ^ expected)} differ")
    for a in q.arguments:
        if a.name in evaluate:
            given = scope.args[a.name]
            value = evaluate[a.name]
            allowed = {given} | ({int(given)} if given.isdigit() else set())
            if a.kind == "date":
                allowed.add(dt.date.fromisoformat(given).toordinal())
            if value not in allowed:
                errors.append(f"{q.id}: argument {a.name} is {value!r}, given {given!r}")
    for d in q.derivations:
        value = evaluate.get(d.name)
        if d.name not in scope.derived and value not in (0, "", False):
            # A derivation the scope did not call holds its field's zero (not computed).
            errors.append(f"{q.id}: {d.name}={value!r} computed without scope.derive")
    records = {RECORD_ARGS[a.kind]: scope.args[a.name] for a in q.arguments
               if a.kind in RECORD_ARGS}
    for name, source in q.reads:
        value = evaluate.get(name)
        kind, field, recorded = read_source(source)
        if kind == "arguments":
            given = scope.args[field]
            want: Any = {given, dt.date.fromisoformat(given).toordinal() if "-" in given else given}
        elif kind == "complete":
            want = {all(scope.case.is_complete(k) for k in field.split(","))}
        elif kind == "interpretation":
            want = {scope.settings.reading(field)}
        else:
            record = scope.case.by_id(kind, records[kind]).record
            raw = getattr(record, field)
            declared_type = str(attrs.fields_dict(type(record))[field].type)
            if recorded:
                want = {raw is not None}
            elif q.evaluate.fields[name] is str and declared_type.startswith("bool"):
                want = {TRI_STATE[raw]}
            else:
                want = {_flat(raw, q.evaluate.fields[name])}
        if value not in want:
            errors.append(f"{q.id}: {name}={value!r} is not {source} ({sorted(want, key=str)})")
    return errors


class Watched:
    """Every registered question's scope wrapped to keep what it was given and handed back."""

    def __init__(self) -> None:
        self.seen: list[tuple[Question, Scope, ScopeResult]] = []
        self.originals = list(registry.registered())

    def __enter__(self) -> Watched:
        for q in self.originals:
            registry.register(attrs.evolve(q, scope=self._wrap(q)))
        return self

    def _wrap(self, q: Question) -> Any:
        def watched(scope: Scope) -> ScopeResult:
            result = q.scope(scope)
            self.seen.append((q, scope, result))
            return result
        return watched

    def __exit__(self, *exc: object) -> None:
        for q in self.originals:
            registry.register(q)


def test_every_evaluate_field_is_declared_when_built() -> None:
    b = builder()
    b.rule("any", condition="ok", status=Status.HOLDS, clauses=[CLAUSE],
           when=[b.e.doubled > 0], because=Text("x", "x"))
    b.scope(lambda s: ScopeResult({"owner": "o", "doubled": 0}))
    with pytest.raises(DeclarationError, match=r"\['doubled'\] are neither"):
        b.build()
    read = builder(reads={"doubled": "people.name"})
    read.rule("any", condition="ok", status=Status.HOLDS, clauses=[CLAUSE],
              when=[read.e.doubled > 0], because=Text("x", "x"))
    read.scope(lambda s: ScopeResult({"owner": "o", "doubled": 0}))
    assert read.build().reads == (("doubled", "people.name"),)


@pytest.mark.parametrize("reads, message", [
    ({"tripled": "people.name"}, "fills no evaluate field"),
    ({"doubled": "people.age"}, "have no field 'age'"),
    ({"doubled": "complete.people,nowhere"}, "names no kind of record"),
    ({"owner": "people.name"}, "also an argument"),
    ({"doubled": "nowhere.age"}, "names no kind of record"),
    ({"doubled": "arguments.nobody"}, "names no argument"),
    ({"doubled": "people"}, "bad read source"),
    ({"doubled": "people.age:maybe"}, "bad read source"),
    ({"doubled": "interpretation.attendance_scope"}, "not one of the question's"),
])
def test_a_wrong_read_is_refused_when_built(reads: dict[str, str], message: str) -> None:
    b = builder(reads=reads)
    b.rule("any", condition="ok", status=Status.HOLDS, clauses=[CLAUSE],
           when=[b.e.owner != ""], because=Text("x", "x"))
    b.scope(lambda s: ScopeResult({"owner": "o", "doubled": 0}))
    with pytest.raises(DeclarationError, match=message):
        b.build()


def test_reads_and_derivations_are_in_the_digest() -> None:
    q = toy()
    other = attrs.evolve(q, reads=(("doubled", "people.name"),))
    assert other.digest != q.digest
    changed = attrs.evolve(q, derivations=(attrs.evolve(q.derivations[0],
                                                        compute=lambda value: 3 * value),))
    assert changed.digest != q.digest


def _ask_all(case: kgrules.Case, years: Sequence[int]) -> None:
    for year in years:
        kgrules.audit(case, year)
    # The look-ups the audit does not ask of its own.
    people = [ix.record.id for ix in case.records("people")]
    for person in people[:6]:
        for superior in people[:6]:
            catalogue.ask("dieu4.accountable_to", case, person=person, superior=superior,
                          date="2009-06-30")
        catalogue.ask("dieu4.final_say", case, person=person, date="2009-06-30")
    # A quarter that ends before the regulation took effect: no window, no deadline.
    catalogue.ask("dieu10.quarter_obligation_met", case, quarter="2008-Q1")
    catalogue.ask("dieu11.report_on_time", case, member="P05", quarter="2008-Q1")


def test_the_example_year_hands_the_engine_only_declared_values() -> None:
    case = kgrules.load_example()
    with Watched() as watched:
        _ask_all(case, (2008, 2009))
    asked = {q.id for q, _, _ in watched.seen}
    # Every question the example has records for was evaluated, nested ones included
    # (authority.may_act, the helper's); it has no amendment (the generated committees do).
    fillable = {q.id for q in kgrules.questions()
                if all(any(True for _ in case.records(RECORD_ARGS[a.kind]))
                       for a in q.arguments if a.kind in RECORD_ARGS)}
    assert fillable == {q.id for q in kgrules.questions()} - {"dieu13.amendment_valid"}
    assert asked == fillable, sorted(fillable - asked)
    errors = [e for seen in watched.seen for e in provenance_errors(*seen)]
    assert errors == []
    # Both sides of the quarter questions' in_force were seen.
    quarterly = ("dieu10.quarter_obligation_met", "dieu11.report_on_time")
    in_force = {(q.id, r.evaluate["in_force"]) for q, _, r in watched.seen if q.id in quarterly}
    assert in_force == {(qid, b) for qid in quarterly for b in (True, False)}


@settings(max_examples=15, deadline=None)
@given(data=st.data(), case=committee_cases(), chosen=interpretations())
def test_generated_committees_hand_the_engine_only_declared_values(
        data: st.DataObject, case: kgrules.Case, chosen: dict[str, str]) -> None:
    qid, args = data.draw(questions_for(case))
    with Watched() as watched:
        try:
            catalogue.ask(qid, case, interpretations=chosen, **args)
        except KgrulesError:
            return
    assert watched.seen
    assert [e for seen in watched.seen for e in provenance_errors(*seen)] == []


def test_the_provenance_check_catches_an_undeclared_computation(case: kgrules.Case) -> None:
    """A scope that hands a computed value under a read's name, or a derivation's field a value
    it computed itself, is caught by the check the tests above apply."""
    q = catalogue.question("dieu10.substitute_allowed")
    args = {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}

    def lying(scope: Scope) -> ScopeResult:
        result = q.scope(scope)
        scope.derived.pop("self_substitute")
        return attrs.evolve(result, evaluate={**result.evaluate, "meeting_day": 1,
                                              "self_substitute": True})

    registry.register(attrs.evolve(q, scope=lying))
    try:
        with Watched() as watched:
            catalogue.ask(q.id, case, **args)
    finally:
        registry.register(q)
    errors = [e for seen in watched.seen for e in provenance_errors(*seen)]
    assert any("meeting_day=1 is not meetings.date" in e for e in errors), errors
    assert any("self_substitute=True computed without scope.derive" in e for e in errors), errors


# ------------------------------------------------------------------------------- fact fields


#: The fields of flat facts that the scopes compute rather than copy (issue 11, item 1).
COMPUTED_FACT_FIELDS = {
    "meeting": {"working_day", "day_off"}, "office": {"first", "last"}, "authz": {"signed"},
    "invitation": {"decided_on", "has_decided_on"}, "consent": {"for_substitute"},
    "owed": {"first_sent"},
    "appointment": {"governs", "signer_roles_known", "signer_offices_known"},
    "role_count": {"n"}, "report": {"on"},
    "consultation": {"decided", "decided_after_request"}, "held_office": {"agency_kind"},
    # Issue 12, item 4: the way authority.may_act gave a power, and its reasons.
    "power": {"way", "why_vi", "why_en"},
    # Whether a helper-team decision's signer's positions and offices that day are known
    # (authority.may_act's convention, matched by dieu9.helper_member_valid itself).
    "leader_appointment": {"signer_roles_known", "signer_offices_known"},
}


def test_computed_fact_fields_are_declared_derivations() -> None:
    declared: dict[str, set[str]] = {}
    for q in kgrules.questions():
        for ft in q.facts:
            if ft.derivations:
                declared.setdefault(ft.name, set()).update(d.name for d in ft.derivations)
        for name, d in q.all_derivations:
            assert d.clauses and d.description.vi and d.description.en, (q.id, name)
    assert declared == COMPUTED_FACT_FIELDS
    listed = dict(catalogue.question("dieu10.regular_meeting_in_window").all_derivations)
    assert {"meeting.working_day", "meeting.day_off", "in_force"} <= set(listed)


def test_a_fact_derivation_is_checked_and_digested() -> None:
    def twice(value: int) -> int:
        return 2 * value

    d = derivation("value", clauses=[CLAUSE], inputs=["value"],
                   description=Text("gấp đôi", "twice"))(twice)
    item = FactType("item", {"owner": str, "value": int}, derivations=(d,))
    assert item.derive("value", value=4) == 8
    with pytest.raises(DeclarationError, match="takes"):
        item.derive("value", amount=4)
    with pytest.raises(DeclarationError, match="not a declared derivation"):
        item.derive("owner", value=4)
    with pytest.raises(DeclarationError, match="fills no field"):
        FactType("item", {"owner": str}, derivations=(d,))
    with pytest.raises(DeclarationError, match="cites"):
        derivation("value", clauses=["dieu-99/khoan-1"], inputs=["value"],
                   description=Text("x", "x"))
    with pytest.raises(DeclarationError, match="declares inputs"):
        derivation("value", clauses=[CLAUSE], inputs=["amount"], description=Text("x", "x"))(twice)
    q = catalogue.question("dieu10.regular_meeting_in_window")
    meeting = q.facts[0]
    changed = attrs.evolve(meeting, derivations=(
        attrs.evolve(meeting.derivations[0], compute=lambda calendar, on: True),
        *meeting.derivations[1:]))
    assert attrs.evolve(q, facts=(changed, *q.facts[1:])).digest != q.digest


def test_issue_12_bounds_and_powers_are_declared() -> None:
    """Issue 12's new values handed to the engine are declared in issue 11's way: the convening
    day's bound and whether it is recorded, the invitation's decision day and whether it is
    recorded, the assigner's positions known, and the power fact's way and reasons."""
    extra = catalogue.question("dieu10.extraordinary_meeting_valid")
    assert dict(extra.reads)["convened_known"] == "meetings.convened_on:recorded"
    assert {"convened_on", "proposed_first"} <= {d.name for d in extra.derivations}
    invite = dict(catalogue.question("dieu10.invitation_valid").all_derivations)
    assert {"invitation.decided_on", "invitation.has_decided_on"} <= set(invite)
    may = catalogue.question("authority.may_act")
    assert "leader_known" in {d.name for d in may.derivations}
    member = dict(catalogue.question("dieu9.helper_member_valid").all_derivations)
    assert {"appointment.signer_roles_known", "appointment.signer_offices_known",
            "leader_appointment.signer_roles_known"} <= set(member)
    for q in kgrules.questions():
        if any(ft.name == "power" for ft in q.facts):
            assert "authority.may_act" in q.depends_on, q.id
            listed = dict(q.all_derivations)
            assert {"power.way", "power.why_vi", "power.why_en"} <= set(listed), q.id
    power = next(ft for q in kgrules.questions() for ft in q.facts if ft.name == "power")
    assert power.derive("way", holding_rule="authority.may_act/decide_matters.head") == "head"
    assert power.derive("way", holding_rule="authority.may_act/decide_expenditure."
                        "standing_office-standing-deputy@wide") == "standing_office-standing-deputy"
    assert power.derive("way", holding_rule=None) == ""


def test_derivations_refuse_other_inputs() -> None:
    """A derivation computes from exactly its declared inputs: one missing, one extra or one
    renamed is refused, by a fact type's ``derive`` and ``derive_later`` and by a scope's."""
    from kgrules.rules.common import POWER
    from kgrules.rules.dieu10 import CONSENT

    assert CONSENT.derive("for_substitute", named="S1", substitute="S1") is True
    for wrong in ({"named": "S1"}, {"named": "S1", "substitute": "S1", "other": 1},
                  {"named": "S1", "substitut": "S1"}):
        with pytest.raises(DeclarationError):
            CONSENT.derive("for_substitute", **wrong)
    with pytest.raises(DeclarationError):
        POWER.derive_later("why_vi", reason=())
    q = kgrules.question("dieu10.regular_meeting_in_window")
    case = kgrules.load_example()
    scope = Scope(case, {}, catalogue.make_settings(None), catalogue.calendar_for(case),
                  derivations={d.name: d for d in q.derivations})
    assert scope.derive("quarter", year=2009, quarter=1) == "2009-Q1"
    for wrong in ({"year": 2009}, {"year": 2009, "quarter": 1, "day": 2},
                  {"year": 2009, "quartr": 1}):
        with pytest.raises(RuleError):
            scope.derive("quarter", **wrong)
