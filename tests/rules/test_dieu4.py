"""Điều 4 (how the committee works): dieu4.final_say and dieu4.accountable_to.

``final_say``: the Head of the day has the final say; nobody else, not even the Standing Deputy
deciding on the Head's behalf. ``accountable_to``: the lines of account of Điều 4–9 and 11 (built in
rules/authority.py from the declarations of rules/dieu4.py … dieu8.py), each "yes" saying for
what. Each condition failing alone; open-world (unknown, with the missing facts named) and
closed-world (no) absences; boundaries; the example committee; hypothesis properties. Every answer
is computed by durable_rules and by the oracle, which must agree (``both``).
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kgrules.rules.authority import LINES, accountability
from kgrules.rules.dieu4 import Holder, Relation, final_say_holders

import kgrules
from kgrules.case import Case
from kgrules.decision import Decision
from kgrules.errors import ArgumentError
from kgrules.examples import load_example
from kgrules.facts import Act, Role
from kgrules.interpretations import SWITCHES
from kgrules.registry import not_computable_reasons
from kgrules.testing import committee_cases
from tests.builders import (
    DEP,
    HEAD,
    HL,
    HM,
    M1,
    M2,
    ORACLE,
    SD,
    X1,
    CaseBuilder,
    both,
    check,
    committee,
    missing,
    reason,
    used,
)

YES, NO, UNKNOWN, NA = "yes", "no", "unknown", "not_applicable"
FINAL, ACC = "dieu4.final_say", "dieu4.accountable_to"
K41, K42, K43 = (f"dieu-4/khoan-{n}" for n in range(1, 4))
K52, K61 = "dieu-5/khoan-2", "dieu-6/khoan-1"
EFFECT = "qd/hieu-luc"
DAY = "2009-03-26"
CHAIR = "CT"


def final(case: Case, person: str, date: str = DAY) -> Decision:
    return both(FINAL, case, person=person, date=date)


def acc(case: Case, person: str, superior: str, date: str = DAY) -> Decision:
    return both(ACC, case, person=person, superior=superior, date=date)


def with_chairman(b: CaseBuilder, start: str = "2004-06-01") -> CaseBuilder:
    b.person(CHAIR, "Tạ Minh Quang")
    b.records["agencies"].append({"id": "UBND", "name": "UBND tỉnh Kiên Giang", "kind": "ppc"})
    b.records["offices"].append({"person": CHAIR, "kind": "ppc_chairman", "agency": "UBND",
                                 "start": start})
    return b


# =================================================================================================
# khoản 1: the final say
# =================================================================================================


@pytest.mark.clause("dieu-4/khoan-1", "dieu-5/khoan-2")
def test_final_say_is_the_heads() -> None:
    case = committee().complete().build()
    d = check(final(case, HEAD), YES, "head", K41)
    assert K52 in reason(d, "head").clauses
    assert "Nguyễn Văn An" in reason(d, "head").explanation.vi
    assert "26/03/2009" in reason(d, "head").explanation.vi
    assert used(d) == {}


@pytest.mark.clause("dieu-4/khoan-1")
@pytest.mark.parametrize("person", [SD, DEP, M1, HL, HM])
def test_final_say_nobody_else_on_the_committee(person: str) -> None:
    d = check(final(committee().complete().build(), person), NO, "other-position", K41)
    assert "not the Head" in reason(d, "other-position").explanation.en


@pytest.mark.clause("dieu-4/khoan-1", "dieu-6/khoan-1")
def test_final_say_deciding_on_the_heads_behalf_does_not_prevail() -> None:
    b = committee().authorise("UQ1", HEAD, SD, [Act.DECIDE_MATTERS], "2009-01-01",
                              signed_on="2008-12-30")
    d = check(final(b.complete().build(), SD), NO, "on-behalf", K61)
    text = reason(d, "on-behalf").explanation
    assert "UQ1" in text.en and "never prevails over the Head's own" in text.en
    assert "thay mặt Trưởng ban" in text.vi
    reason(d, "other-position")  # and is not the Head
    # The same authorisation does make the Standing Deputy able to decide for the Head.
    d = both("authority.may_act", b.complete().build(), person=SD, act="decide_matters",
             date=DAY)
    check(d, YES, "decide_matters.standing_deputy", K61)


@pytest.mark.clause("dieu-4/khoan-1")
def test_final_say_no_position_closed_and_open_world() -> None:
    check(final(committee().complete("positions").build(), X1), NO, "no-position", K41)
    d = check(final(committee().build(), X1), UNKNOWN, "position-unknown", K41)
    assert missing(d) == ["positions"]
    # A recorded position on that day settles it, complete or not.
    check(final(committee().build(), M1), NO, "other-position")
    check(final(committee().build(), HEAD), YES, "head")


@pytest.mark.clause("dieu-4/khoan-1", "qd/hieu-luc")
def test_final_say_boundaries() -> None:
    b = committee("2008-06-20")
    b.records["positions"][0]["end"] = "2009-06-30"
    b.person("H2", "Người kế nhiệm").position("H2", "head", "2009-07-01")
    case = b.complete().build()
    check(final(case, HEAD, "2008-06-22"), NA, "before-effect", EFFECT)
    check(final(case, HEAD, "2008-06-23"), YES, "head")
    check(final(case, HEAD, "2009-06-30"), YES, "head")
    check(final(case, HEAD, "2009-07-01"), NO, "no-position")
    check(final(case, "H2", "2009-07-01"), YES, "head")
    assert [p.record.person for p in final_say_holders(case, dt.date(2009, 7, 1))] == ["H2"]


@pytest.mark.clause("dieu-4/khoan-1")
def test_final_say_example_committee() -> None:
    case = _example()
    check(final(case, "P01", "2009-09-21"), YES, "head")
    check(final(case, "P02", "2009-09-21"), NO, "other-position")


def _example() -> Case:
    return load_example("committee-2009")


@pytest.mark.clause("dieu-4/khoan-1")
def test_final_say_bad_arguments() -> None:
    case = committee().build()
    with pytest.raises(ArgumentError):
        kgrules.ask(FINAL, case, person=HEAD, date="2009-02-30")
    with pytest.raises(ArgumentError):
        kgrules.ask(FINAL, case, person="nobody", date=DAY)


def days_around(case: Case) -> st.SearchStrategy[dt.date]:
    years = [p.start.year for p in case.positions] or [2009]
    return st.dates(dt.date(min(years) - 1, 1, 1), dt.date(max(years) + 2, 12, 31))


@pytest.mark.clause("dieu-4/khoan-1")
@given(data=st.data(), case=committee_cases())
def test_final_say_property_only_the_head_of_the_day(data: st.DataObject, case: Case) -> None:
    """Khi Quy chế có hiệu lực, quyết định của một người là quyết định sau cùng khi và chỉ khi người
    đó giữ chức Trưởng ban vào ngày đó; không ủy quyền nào trao được điều đó.

    While the regulation is in force, a person's decision is the final say exactly when they hold
    the Head's position that day; no authorisation confers it.
    """
    person = data.draw(st.sampled_from([p.id for p in case.people]), label="person")
    day = data.draw(days_around(case), label="day")
    d = final(case, person, day.isoformat())
    is_head = any(p.role is Role.HEAD and p.in_force(day) for _, p in case.positions_of(person))
    if day < dt.date(2008, 6, 23):
        assert d.outcome.value == NA
    elif is_head:
        assert d.outcome.value == YES
    else:
        assert d.outcome.value in (NO, UNKNOWN)
        if any(p.in_force(day) for _, p in case.positions_of(person)):
            assert d.outcome.value == NO


# =================================================================================================
# khoản 2 (and the lines of account of Điều 5–9, 11): accountable_to
# =================================================================================================


@pytest.mark.clause("dieu-4/khoan-2")
@pytest.mark.parametrize("person", [SD, DEP, M1])
def test_k42_everyone_but_the_head_answers_to_head_and_chairman(person: str) -> None:
    case = with_chairman(committee()).complete().build()
    role = {SD: "standing_deputy", DEP: "deputy", M1: "member"}[person]
    d = check(acc(case, person, HEAD), YES, f"{role}-accountable-head@dieu-4.khoan-2", K42)
    assert "for their own activity" in reason(
        d, f"{role}-accountable-head@dieu-4.khoan-2").explanation.en
    d = check(acc(case, person, CHAIR), YES, f"{role}-accountable-ppc_chairman@dieu-4.khoan-2",
              K42)
    assert "Tạ Minh Quang (CT, Chủ tịch UBND tỉnh)" in reason(
        d, f"{role}-accountable-ppc_chairman@dieu-4.khoan-2").explanation.vi


@pytest.mark.clause("dieu-4/khoan-2")
def test_k42_each_condition_failing_alone() -> None:
    case = with_chairman(committee()).complete().build()
    # The person is not in a position that answers (the Head answers to the Chairman only).
    check(acc(case, HEAD, M1), NO, "head-not-to-superior")
    # The superior is not the Head or the Chairman that day.
    d = check(acc(case, M1, M2), NO, "member-not-to-superior", K42)
    text = reason(d, "member-not-to-superior").explanation
    assert "the Head" in text.en and "the Chairman of the UBND tỉnh" in text.en
    # The person holds no position that day (positions complete) / not recorded (open world).
    check(acc(case, X1, HEAD), NO, "no-position", K42)
    d = check(acc(with_chairman(committee()).build(), X1, HEAD), UNKNOWN, "position-unknown",
              K42)
    assert missing(d) == ["positions"]
    # The superior's position or office not recorded (open world).
    d = check(acc(committee().person("Z").complete("positions").build(), M1, "Z"), UNKNOWN,
              "member-superior-offices-unknown", K42)
    assert missing(d) == ["offices"]
    d = check(acc(committee().person("Z").complete("offices").build(), M1, "Z"), UNKNOWN,
              "member-superior-roles-unknown", K42)
    assert missing(d) == ["positions"]
    # The same person twice; before the regulation.
    check(acc(case, M1, M1), NA, "self", K42)
    check(acc(case, M1, HEAD, "2008-06-01"), NA, "before-effect", EFFECT)


@pytest.mark.clause("dieu-4/khoan-2")
def test_k42_lines_hold_on_the_day_only() -> None:
    b = with_chairman(committee())
    b.records["positions"][0]["end"] = "2009-06-30"  # the Head leaves
    case = b.complete().build()
    check(acc(case, M1, HEAD, "2009-06-30"), YES)
    check(acc(case, M1, HEAD, "2009-07-01"), NO, "member-not-to-superior")


@pytest.mark.clause("dieu-9/khoan-1", "dieu-9/khoan-3")
def test_helper_team_lines() -> None:
    case = committee().complete().build()
    d = check(acc(case, HL, SD), YES, "helper_leader-directed-standing_deputy@dieu-9.khoan-1",
              "dieu-9/khoan-1")
    assert "works under the direction of" in reason(
        d, "helper_leader-directed-standing_deputy@dieu-9.khoan-1").explanation.en
    check(acc(case, HM, SD), YES, "helper_member-directed-standing_deputy@dieu-9.khoan-1")
    d = check(acc(case, HM, HL), YES, "helper_member-assigned-helper_leader@dieu-9.khoan-3",
              "dieu-9/khoan-3")
    assert "tasks assigned by" in reason(
        d, "helper_member-assigned-helper_leader@dieu-9.khoan-3").explanation.en
    check(acc(case, HL, HM), NO, "helper_leader-not-to-superior", "dieu-9/khoan-1")
    check(acc(case, HM, HEAD), NO, "helper_member-not-to-superior", "dieu-9/khoan-3")


@pytest.mark.clause("dieu-11/doan-1")
def test_deputy_reports_to_the_standing_office() -> None:
    case = committee().complete().build()
    check(acc(case, DEP, SD), YES, "deputy-reports-standing_deputy@dieu-11.doan-1",
          "dieu-11/doan-1")
    # The Standing Deputy runs the office the reports go to: no reporting line to himself.
    check(acc(case, SD, SD), NA, "self")


@pytest.mark.clause("dieu-11/doan-1", "dieu-7/khoan-1")
def test_deputy_reports_only_under_the_reading_that_makes_him_a_reporter() -> None:
    """Interpretation point 1 (``attendance_scope``) decides who "các Thành viên Ban" reporting
    under đoạn 1 Điều 11 are: under ``members_only`` the Deputy Head does not report, so he has no
    reporting line to the Standing Deputy (dieu11.report_on_time does not ask him either), and the
    "no" lists point 1 and names only the lines he has under that reading; the default's "yes"
    lists point 1 too. (It was "yes" under every reading, the switch not listed.)"""
    case = with_chairman(committee()).complete().build()
    members_only = {"attendance_scope": "members_only"}
    d = check(both(ACC, case, person=DEP, superior=SD, date=DAY, interpretations=members_only),
              NO, "deputy-not-to-superior-members_only", K42)
    assert used(d) == {"attendance_scope": ("members_only", False)}
    text = reason(d, "deputy-not-to-superior-members_only").explanation
    assert "đoạn 1 Điều 11" not in text.vi and "Article 11" not in text.en
    assert "khoản 1 Điều 7" in text.vi
    # His other lines do not depend on the reading.
    check(both(ACC, case, person=DEP, superior=HEAD, date=DAY, interpretations=members_only),
          YES, "deputy-accountable-head@dieu-4.khoan-2")
    # Under the default the line holds, and the "yes" lists the reading it rests on (its rule
    # reads the reading); a Deputy Head's "no" lists it too.
    d = check(acc(case, DEP, SD), YES, "deputy-reports-standing_deputy@dieu-11.doan-1")
    assert used(d) == {"attendance_scope": ("all_but_head", True)}
    d = check(acc(case, DEP, M1), NO, "deputy-not-to-superior", "dieu-11/doan-1")
    assert used(d) == {"attendance_scope": ("all_but_head", True)}
    # Other positions' answers do not list it.
    assert used(check(acc(case, M1, DEP), NO, "member-not-to-superior")) == {}
    assert used(check(acc(case, M1, SD), YES)) == {}
    # The plain-Python view follows the same readings.
    on = dt.date(2009, 3, 26)
    assert SD in {x.superior for x in accountability(case, DEP, on)}
    assert SD not in {x.superior for x in accountability(case, DEP, on, members_only)}
    for person in (DEP, M1):
        for line in accountability(case, person, on, members_only):
            assert line.superior is not None
            check(both(ACC, case, person=person, superior=line.superior, date=DAY,
                       interpretations=members_only), YES)


def test_reporting_lines_match_dieu11() -> None:
    from kgrules.rules.dieu11 import REPORTING_ROLES

    for reading in SWITCHES["attendance_scope"].readings:
        reporters = {line.holder for line in LINES if line.relation is Relation.REPORTS
                     and line.holds_under({"attendance_scope": reading})}
        assert reporters == {Holder(role.value) for role in REPORTING_ROLES[reading]}, reading


@pytest.mark.clause("dieu-4/khoan-2", "dieu-5/khoan-1")
def test_accountability_helper_lists_superiors_and_what_for() -> None:
    case = with_chairman(committee()).complete().build()
    lines = accountability(case, M1, dt.date(2009, 3, 26))
    got = {(x.relation.value, x.superior, x.clauses) for x in lines}
    assert got == {
        ("accountable", HEAD, (K42,)),
        ("accountable", CHAIR, (K42,)),
        ("accountable", HEAD, ("dieu-8/khoan-1",)),
        ("reports", SD, ("dieu-8/khoan-4", "dieu-11/doan-1")),
    }
    assert all(x.position == "positions[3]" for x in lines)
    head = accountability(case, HEAD, dt.date(2009, 3, 26))
    assert [(x.superior, x.superior_record) for x in head] == [(CHAIR, "offices[0]")]
    # Nobody in the superior's office that day: listed with no superior.
    lonely = accountability(committee().build(), HEAD, dt.date(2009, 3, 26))
    assert [(x.superior_kind, x.superior) for x in lonely] == [(Holder.PPC_CHAIRMAN, None)]
    assert accountability(case, X1, dt.date(2009, 3, 26)) == []


@pytest.mark.clause("dieu-4/khoan-2")
def test_accountable_to_agrees_with_the_helper() -> None:
    """Every superior the plain-Python view names gets a "yes" from the question."""
    case = with_chairman(committee()).complete().build()
    on = dt.date(2009, 3, 26)
    for person in (HEAD, SD, DEP, M1, HL, HM):
        for line in accountability(case, person, on):
            assert line.superior is not None
            check(acc(case, person, line.superior), YES)


@pytest.mark.clause("dieu-4/khoan-2")
def test_accountable_to_example_committee() -> None:
    case = _example()
    check(acc(case, "P04", "P00", "2009-09-21"), YES)
    check(acc(case, "P04", "P01", "2009-09-21"), YES)
    check(acc(case, "P13", "P11", "2009-09-21"), YES,
          "helper_member-assigned-helper_leader@dieu-9.khoan-3")
    check(acc(case, "P13", "P04", "2009-09-21"), NO, "helper_member-not-to-superior")


@pytest.mark.clause("dieu-4/khoan-2", "dieu-5/khoan-1")
@given(data=st.data(), case=committee_cases())
def test_accountable_to_property(data: st.DataObject, case: Case) -> None:
    """Vào một ngày Quy chế có hiệu lực, mỗi Thành viên (và mỗi Phó Trưởng ban) chịu trách nhiệm
    trước người giữ chức Trưởng ban ngày đó; Trưởng ban không chịu trách nhiệm trước ai trong Ban
    Chỉ đạo hay Tổ giúp việc; không ai chịu trách nhiệm trước người không giữ vị trí nào trong Ban,
    Tổ giúp việc và không phải Chủ tịch UBND tỉnh.

    On a day the regulation is in force, every Member (and every Deputy Head) answers to whoever is
    the Head that day; the Head answers to nobody on the committee or the helper team; nobody
    answers to someone who holds no committee or helper-team position and is not the Chairman of
    the UBND tỉnh.
    """
    people = [p.id for p in case.people]
    person = data.draw(st.sampled_from(people), label="person")
    superior = data.draw(st.sampled_from(people), label="superior")
    day = data.draw(days_around(case), label="day")
    if day < dt.date(2008, 6, 23) or person == superior:
        assert acc(case, person, superior, day.isoformat()).outcome.value == NA
        return
    d = acc(case, person, superior, day.isoformat())

    def roles(who: str) -> set[Role]:
        return {p.role for _, p in case.positions_of(who) if p.in_force(day)}

    def chairs(who: str) -> bool:
        return any(o.kind.value == "ppc_chairman" and o.in_force(day)
                   for _, o in case.offices_of(who))

    mine, theirs = roles(person), roles(superior)
    if mine & {Role.MEMBER, Role.DEPUTY, Role.STANDING_DEPUTY} and Role.HEAD in theirs:
        assert d.outcome.value == YES
    if mine == {Role.HEAD} and theirs and not chairs(superior):
        # no, unless the superior's offices are open: they might also be the Chairman
        offices_known = case.is_complete("offices") or any(
            o.in_force(day) for _, o in case.offices_of(superior))
        assert d.outcome.value == (NO if offices_known else UNKNOWN)
    if not theirs and not chairs(superior) and d.outcome.value != UNKNOWN:
        assert d.outcome.value == NO


def test_every_combination_is_decided() -> None:
    """Any two people (Chairman, committee, helpers, outsiders), any records declared complete,
    before and after the regulation: some rule decides both questions, and "unknown" comes with
    the missing facts. Asked of the oracle alone, for speed (the two evaluators are compared
    everywhere else)."""
    people = (HEAD, SD, DEP, M1, HL, HM, X1, CHAIR)
    for k in range(3):
        for kinds in itertools.combinations(("positions", "offices"), k):
            b = with_chairman(committee())
            case = b.complete(*kinds).build() if kinds else b.build()
            for date in ("2008-06-01", DAY):
                for person in people:
                    d = kgrules.ask(FINAL, case, engine=ORACLE, person=person, date=date)
                    assert (d.outcome.value == UNKNOWN) == bool(d.missing)
                    for superior in people:
                        d = kgrules.ask(ACC, case, engine=ORACLE, person=person,
                                        superior=superior, date=date)
                        assert (d.outcome.value == UNKNOWN) == bool(d.missing), (person, superior)


# =================================================================================================
# khoản 3: not computable here
# =================================================================================================


@pytest.mark.clause("dieu-4/khoan-3")
def test_k43_is_encoded_by_within_powers() -> None:
    """The committee's relation with departments (directing, inspecting, guiding) is a power of
    the committee as a body: dieu3.within_powers encodes it, no person's act does."""
    from kgrules.catalogue import question

    assert K43 not in not_computable_reasons()
    assert any(K43 in rule.clauses for rule in question("dieu3.within_powers").rules)


def test_k41_k42_are_encoded_by_rules() -> None:
    from kgrules.catalogue import question

    cited: set[str] = set()
    for qid in (FINAL, ACC, "authority.may_act"):
        for rule in question(qid).rules:
            cited.update(rule.clauses)
    assert {K41, K42} <= cited and K43 not in cited
    assert K41 not in not_computable_reasons() and K42 not in not_computable_reasons()
