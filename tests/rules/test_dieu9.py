"""Điều 9 (the helper team): every question of rules/dieu9.py, condition by condition.

Each question has a "yes" case and each of its conditions failing alone (``no``, or ``unknown``
when the fact is absent and its kind not declared complete); both readings of interpretation
points 7 (who is the Standing office) and 8 (when the nomination must exist); the example
committee; and hypothesis properties. Every answer is computed by durable_rules and by the
oracle, which must agree (``both``).

``tests/builders.py`` has no builders for helper appointments, nominations, agencies and offices
yet: :func:`add` appends such records to a :class:`CaseBuilder` directly (same validation).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kgrules
from kgrules.case import Case
from kgrules.decision import Decision
from kgrules.facts import Role
from tests.builders import (
    DEP,
    HEAD,
    HL,
    HM,
    M1,
    SD,
    X1,
    CaseBuilder,
    both,
    check,
    committee,
    missing,
    reason,
    used,
    warned,
)

K1, K2, K3 = (f"dieu-9/khoan-{n}" for n in range(1, 4))
K41, K64, K22 = "dieu-4/khoan-1", "dieu-6/khoan-4", "dieu-2/khoan-2"
EFFECT = "qd/hieu-luc"
YES, NO, UNKNOWN, NA = "yes", "no", "unknown", "not_applicable"
MEMBER = "dieu9.helper_member_valid"
TASK = "dieu9.task_assignment_valid"
DAY = "2009-03-02"
WIDE = {"standing_office": "standing_deputy_or_agency_head"}
ANY_TIME = {"nomination_timing": "any_time"}
#: People added to the committee of tests/builders.py: the director of the Sở TT&TT (not the
#: Standing Deputy), the director of the Sở Nội vụ, and an outside helper working there.
DIR, GNV, OH = "DIR", "GNV", "OH"


def add(b: CaseBuilder, kind: str, /, **fields: Any) -> CaseBuilder:
    """Append a record of ``kind`` (a key of the case) with the non-None fields."""
    b.records[kind].append({k: v for k, v in fields.items() if v is not None})
    return b


def set_person(b: CaseBuilder, person: str, **fields: Any) -> CaseBuilder:
    for record in b.records["people"]:
        if record["id"] == person:
            record.update(fields)
    return b


def appoint(b: CaseBuilder, id: str, person: str, role: str = "helper_member", *,
            by: str = SD, on: str = "2008-07-01", part_time: bool | None = True) -> CaseBuilder:
    return add(b, "helper_appointments", id=id, person=person, role=role, decided_by=by,
               decided_on=on, part_time=part_time)


def nominate(b: CaseBuilder, id: str = "CU", person: str = OH, *, by: str = GNV,
             on: str = "2008-06-30", agency: str | None = "SNV") -> CaseBuilder:
    return add(b, "nominations", id=id, person=person, agency=agency, nominated_by=by,
               decided_on=on)


def team(start: str = "2008-07-01") -> CaseBuilder:
    """The committee of tests/builders.py with its helper team appointed by the Standing Deputy
    on ``start`` (HL leader, HM member, both on the Sở TT&TT's payroll, part-time), and OH, a
    part-time member from the Sở Nội vụ nominated by its director GNV five days earlier."""
    b = committee(start)
    b.person(DIR, "Trịnh Văn Sở").person(GNV, "Hồ Văn Thắng").person(OH, "Dương Minh Khang")
    set_person(b, HL, on_dic_payroll=True)
    set_person(b, HM, on_dic_payroll=True)
    set_person(b, OH, on_dic_payroll=False)
    add(b, "agencies", id="STTTT", name="Sở Thông tin và Truyền thông", kind="standing_agency")
    add(b, "agencies", id="SNV", name="Sở Nội vụ", kind="department")
    add(b, "agencies", id="SYT", name="Sở Y tế", kind="department")
    add(b, "offices", person=DIR, kind="agency_head", agency="STTTT", start="2008-01-01")
    add(b, "offices", person=GNV, kind="agency_head", agency="SNV", start="2005-01-04")
    add(b, "offices", person=OH, kind="staff", agency="SNV", start="2005-03-01")
    appoint(b, "TGV-HL", HL, "helper_leader", on=start)
    appoint(b, "TGV-HM", HM, on=start)
    appoint(b, "TGV-OH", OH, on=start)
    b.position(OH, Role.HELPER_MEMBER, start)
    nominate(b, on=(dt.date.fromisoformat(start) - dt.timedelta(days=5)).isoformat())
    return b


def member(b: CaseBuilder, person: str = OH, date: str = DAY, **kw: Any) -> Decision:
    return both(MEMBER, b.build(), person=person, date=date, **kw)


def readings(**chosen: str) -> dict[str, Any]:
    return {"interpretations": chosen}


def without(b: CaseBuilder, kind: str, /, **match: Any) -> CaseBuilder:
    """Drop the records of ``kind`` whose fields equal ``match``."""
    b.records[kind] = [r for r in b.records[kind]
                       if not all(r.get(k) == v for k, v in match.items())]
    return b


def change(b: CaseBuilder, kind: str, match: dict[str, Any], /, **fields: Any) -> CaseBuilder:
    for record in b.records[kind]:
        if all(record.get(k) == v for k, v in match.items()):
            for k, v in fields.items():
                if v is None:
                    record.pop(k, None)
                else:
                    record[k] = v
    return b


# =================================================================================================
# khoản 2: a valid member
# =================================================================================================


@pytest.mark.clause("dieu-9/khoan-2", "dieu-4/khoan-1")
def test_member_yes() -> None:
    d = check(member(team(), HM), YES, "appointed-standing-deputy", K2)
    check(d, YES, "on-payroll", K2)
    check(d, YES, "leader-standing-deputy", K2)
    check(d, YES, "part-time", K41)
    check(d, YES, "position-in-force", K2)
    assert "TGV-HM" in reason(d, "appointed-standing-deputy").explanation.vi
    assert "01/07/2008" in reason(d, "appointed-standing-deputy").explanation.vi
    # The Standing office was the Standing Deputy: point 7 was relied on at its default.
    assert used(d) == {"standing_office": ("standing_deputy", True)}


@pytest.mark.clause("dieu-9/khoan-2")
def test_member_outsider_nominated() -> None:
    d = check(member(team()), YES, "nominated-stated-no_later_than_appointment", K2)
    text = reason(d, "nominated-stated-no_later_than_appointment").explanation
    assert "CU" in text.vi and "SNV" in text.vi and "Hồ Văn Thắng" in text.vi
    assert "no later than the appointment of 2008-07-01" in text.en
    assert used(d) == {"standing_office": ("standing_deputy", True),
                       "nomination_timing": ("no_later_than_appointment", True)}


@pytest.mark.clause("qd/hieu-luc")
def test_member_before_the_regulation() -> None:
    check(member(team("2008-01-10"), HM, "2008-06-22"), NA, "before-effect", EFFECT)
    check(member(team("2008-01-10"), HM, "2008-06-23"), YES)


# --- "do Thường trực Ban ra quyết định" ---------------------------------------------------------


@pytest.mark.clause("dieu-9/khoan-2")
def test_member_appointed_by_someone_else() -> None:
    b = change(team(), "helper_appointments", {"id": "TGV-HM"}, decided_by=M1)
    d = check(member(b, HM), NO, "not-standing-office", K2)
    assert "M1" in reason(d, "not-standing-office").explanation.vi
    assert used(d) == {"standing_office": ("standing_deputy", True)}
    # The Head is not the Standing office either.
    check(member(change(team(), "helper_appointments", {"id": "TGV-HM"}, decided_by=HEAD), HM),
          NO, "not-standing-office")


@pytest.mark.clause("dieu-9/khoan-2", "dieu-2/khoan-2")
def test_member_appointed_by_the_director_under_each_reading() -> None:
    # The director of the Sở TT&TT, who is not the Standing Deputy: point 7.
    b = change(team(), "helper_appointments", {"id": "TGV-HM"}, decided_by=DIR)
    # Whether the signer was the Standing office, by the Standing office's ways and
    # authority.may_act's convention (issue 12, item 4): the director holds no committee position
    # on record that day and positions are not declared complete, so he may be the Standing
    # Deputy.
    d = check(member(b.copy(), HM), UNKNOWN, "signer-authority-unknown", K2)
    assert "positions" in missing(d)
    d = check(member(b.copy().complete("positions"), HM), NO, "not-standing-office", K2)
    assert used(d)["standing_office"] == ("standing_deputy", True)
    d = check(member(b, HM, **readings(**WIDE)), YES, "appointed-standing-agency-head", K22)
    assert used(d)["standing_office"] == ("standing_deputy_or_agency_head", False)
    # The director's office must be in force on the day of the decision.
    b = change(b, "offices", {"person": DIR}, start="2008-08-01")
    check(member(b.copy(), HM, **readings(**WIDE)), UNKNOWN, "signer-authority-unknown")
    check(member(b.complete("positions").complete("offices"), HM, **readings(**WIDE)), NO,
          "not-standing-office-wide")


@pytest.mark.clause("dieu-9/khoan-2")
def test_member_appointed_after_the_date() -> None:
    b = change(team(), "helper_appointments", {"id": "TGV-HM"}, decided_on="2009-03-03")
    # HM holds a helper position (tests/builders.py); no decision by the day asked is on file.
    d = check(member(b, HM), UNKNOWN, "position-without-decision-unknown", K2)
    assert "02/03/2009" in reason(d, "position-without-decision-unknown").explanation.vi
    assert missing(d)[0] == "helper_appointments"
    d = check(member(without(b.copy(), "positions", person=HM), HM), UNKNOWN, "decision-unknown")
    d = check(member(b.complete("helper_appointments"), HM), NO, "decided-after", K2)
    assert "03/03/2009" in reason(d, "decided-after").explanation.vi
    # The day of the decision itself is in.
    check(member(team(), HM, "2008-07-01"), YES)


@pytest.mark.clause("dieu-9/khoan-2")
def test_member_without_any_decision() -> None:
    b = team().person("Y", "Người Y")
    d = check(member(b, "Y"), UNKNOWN, "decision-unknown", K2)
    assert "helper_appointments" in missing(d)
    check(member(b.complete("helper_appointments"), "Y"), NO, "no-decision", K2)


@pytest.mark.clause("dieu-9/khoan-2")
def test_member_position_without_decision() -> None:
    # HM holds a helper position (tests/builders.py), but no decision is on file.
    b = without(team(), "helper_appointments", id="TGV-HM")
    d = check(member(b, HM), UNKNOWN, "position-without-decision-unknown", K2)
    assert "helper-team member" in reason(d, "position-without-decision-unknown").explanation.en
    check(member(b.complete("helper_appointments"), HM), NO, "position-without-decision", K2)


@pytest.mark.clause("dieu-9/khoan-2", "dieu-4/khoan-1")
def test_member_latest_decision_governs() -> None:
    # HM made leader on 1/2/2009, full-time: the later decision governs from that day.
    b = appoint(team(), "TGV-HM-2", HM, "helper_leader", on="2009-02-01", part_time=False)
    check(member(b, HM, "2009-01-31"), YES, "part-time")
    d = check(member(b, HM), NO, "full-time", K41)
    assert "TGV-HM-2" in reason(d, "full-time").explanation.en
    # A later decision signed by someone else is defective, and governs all the same.
    b = appoint(team(), "TGV-HM-2", HM, on="2009-02-01", by=M1)
    check(member(b, HM), NO, "not-standing-office")
    # Two decisions of the same day both govern: one valid decision is enough.
    b = appoint(team(), "TGV-HM-2", HM, on="2008-07-01", by=M1)
    check(member(b, HM), YES, "appointed-standing-deputy")


# --- the period served ----------------------------------------------------------------------


@pytest.mark.clause("dieu-9/khoan-2")
def test_member_serving_period() -> None:
    b = change(team(), "positions", {"person": HM}, end="2009-02-28")
    d = check(member(b, HM), NO, "position-ended", K2)
    assert "28/02/2009" in reason(d, "position-ended").explanation.vi
    b = change(team(), "positions", {"person": HM}, start="2009-03-03")
    check(member(b, HM), NO, "position-not-begun", K2)
    # No helper position on record: the decision stands.
    d = check(member(without(team(), "positions", person=OH)), YES, "no-position-recorded", K2)
    assert reason(d, "no-position-recorded").decisive
    # A position covering the day wins over an earlier one that ended.
    b = team().position(HM, Role.HELPER_MEMBER, "2008-01-01", "2008-03-01")
    check(member(b, HM), YES, "position-in-force")


# --- the nomination of an outside member ---------------------------------------------------------


@pytest.mark.clause("dieu-9/khoan-2")
def test_member_payroll_unknown() -> None:
    b = set_person(team(), OH, on_dic_payroll=None)
    # A valid nomination settles it whatever the payroll.
    check(member(b), YES, "nominated-stated-no_later_than_appointment")
    b = without(b, "nominations", id="CU")
    d = check(member(b), UNKNOWN, "payroll-unknown", K2)
    assert missing(d) == ["people[].on_dic_payroll"]
    # On the payroll: no nomination needed.
    check(member(set_person(b, OH, on_dic_payroll=True)), YES, "on-payroll")


@pytest.mark.clause("dieu-9/khoan-2")
def test_member_outsider_without_nomination() -> None:
    b = without(team(), "nominations", id="CU")
    d = check(member(b), UNKNOWN, "nomination-unknown", K2)
    assert missing(d) == ["nominations"]
    d = check(member(b.complete("nominations")), NO, "no-nomination", K2)
    assert d.missing == ()


@pytest.mark.clause("dieu-9/khoan-2")
def test_member_nominated_by_someone_not_heading_the_agency() -> None:
    # Signed by the Deputy Head of the committee, who heads no agency.
    b = change(team(), "nominations", {"id": "CU"}, nominated_by=DEP)
    d = check(member(b), UNKNOWN, "nominator-unconfirmed", K2)
    assert missing(d) == ["offices"]
    check(member(b.complete("offices")), NO, "nominator-not-head", K2)
    # Signed by the head of another agency than the one the decision names.
    b = change(team(), "nominations", {"id": "CU"}, nominated_by=DIR).complete("offices")
    check(member(b), NO, "nominator-not-head")
    # GNV had not yet become head of the Sở Nội vụ on the day he signed.
    b = change(team(), "offices", {"person": GNV}, start="2008-06-27").complete("offices")
    check(member(b), NO, "nominator-not-head")


@pytest.mark.clause("dieu-9/khoan-2")
def test_member_nomination_without_agency() -> None:
    # The agency is then the one OH worked at that day, and its head signed.
    b = change(team(), "nominations", {"id": "CU"}, agency=None)
    check(member(b), YES, "nominated-from-office-no_later_than_appointment", K2)
    # OH worked at the Sở Y tế, not the Sở Nội vụ that GNV heads.
    b = change(b, "offices", {"person": OH}, agency="SYT").complete("offices")
    check(member(b), NO, "nominator-not-head")


@pytest.mark.clause("dieu-9/khoan-2")
@pytest.mark.parametrize(
    ("nominated_on", "default", "any_time"),
    [
        ("2008-06-26", YES, YES),  # before the appointment (1/7/2008)
        ("2008-07-01", YES, YES),  # the same day
        ("2008-07-02", NO, YES),  # after the appointment, before the day asked
        ("2009-03-02", NO, YES),  # the day asked
        ("2009-03-03", NO, NO),  # after the day asked
    ],
)
def test_member_nomination_timing_under_each_reading(
    nominated_on: str, default: str, any_time: str
) -> None:
    b = change(team(), "nominations", {"id": "CU"}, decided_on=nominated_on)
    d = member(b)
    check(d, default)
    assert used(d)["nomination_timing"] == ("no_later_than_appointment", True)
    if default == NO:
        check(d, NO, "nomination-after-appointment", K2)
    d = member(b, **readings(**ANY_TIME))
    check(d, any_time, "nominated-stated-any_time" if any_time == YES else
          "nomination-after-date-any_time", K2)
    assert used(d)["nomination_timing"] == ("any_time", False)


# --- "Tổ giúp việc gồm có Tổ trưởng và các Tổ viên" ----------------------------------------------


@pytest.mark.clause("dieu-9/khoan-2")
def test_member_team_without_leader() -> None:
    b = without(team(), "helper_appointments", id="TGV-HL")
    d = check(member(b, HM), UNKNOWN, "leader-unknown", K2)
    assert missing(d) == ["helper_appointments"]
    check(member(b.complete("helper_appointments"), HM), NO, "no-leader", K2)
    # A leader appointed by someone other than the Standing office.
    b = change(team(), "helper_appointments", {"id": "TGV-HL"}, decided_by=M1)
    check(member(b.complete("helper_appointments"), HM), NO, "no-leader")
    # A leader appointed only after the day asked.
    b = change(team(), "helper_appointments", {"id": "TGV-HL"}, decided_on="2009-04-01")
    check(member(b.complete("helper_appointments"), HM), NO, "no-leader")
    # The leader later made an ordinary member: no leader from then on.
    b = appoint(team(), "TGV-HL-2", HL, on="2009-01-05").complete("helper_appointments")
    check(member(b, HM, "2009-01-04"), YES, "leader-standing-deputy")
    check(member(b, HM), NO, "no-leader")


@pytest.mark.clause("dieu-9/khoan-2", "dieu-2/khoan-2")
def test_member_leader_under_each_reading() -> None:
    b = change(team(), "helper_appointments", {"id": "TGV-HL"}, decided_by=DIR)
    b.complete("helper_appointments")
    # authority.may_act decides who the Standing office was (issue 12, item 4): unknown while
    # the director's committee positions are open.
    check(member(b.copy(), HM), UNKNOWN, "leader-signer-authority-unknown", K2)
    check(member(b.copy().complete("positions"), HM), NO, "no-leader")
    check(member(b, HM, **readings(**WIDE)), YES, "leader-standing-agency-head", K22)


# --- khoản 1 Điều 4: kiêm nhiệm ---------------------------------------------------------------------


@pytest.mark.clause("dieu-4/khoan-1")
def test_member_part_time() -> None:
    b = change(team(), "helper_appointments", {"id": "TGV-HM"}, part_time=False)
    check(member(b, HM), NO, "full-time", K41)
    # Issue 12, item 13: "Các Thành viên Ban và Tổ giúp việc làm việc theo chế độ kiêm nhiệm" is
    # the regulation's own regime: an appointment silent on it appoints under it.
    b = change(team(), "helper_appointments", {"id": "TGV-HM"}, part_time=None)
    d = check(member(b, HM), YES, "part-time-by-regulation", K41)
    assert "concurrently with their own post" in reason(d, "part-time-by-regulation").explanation.en
    assert missing(d) == []


@pytest.mark.clause("dieu-9/khoan-2")
def test_nomination_agency_checked_against_the_nominees_offices() -> None:
    """Issue 12, item 15: "Thủ trưởng cơ quan đang quản lý nhân sự đó" is the agency actually
    managing the person. A nomination naming the Sở Y tế, signed by its director, for OH whose
    office records place him in the Sở Nội vụ that day: unknown while offices are open, no once
    complete, with a warning either way."""
    b = team()
    b.person("GYT", "Giám đốc Sở Y tế")
    add(b, "offices", person="GYT", kind="agency_head", agency="SYT", start="2005-01-01")
    b = change(b, "nominations", {"id": "CU"}, agency="SYT", nominated_by="GYT")
    d = check(member(b), UNKNOWN, "nomination-agency-unconfirmed", K2)
    assert "SNV" in warned(d) and "SYT" in warned(d)
    d = check(member(b.complete("offices")), NO, "nomination-agency-contradicted", K2)
    assert "SNV" in warned(d)
    # Also holding an office in the named agency that day: the records agree.
    add(b, "offices", person=OH, kind="staff", agency="SYT", start="2005-03-01")
    check(member(b), YES, "nominated-stated-confirmed-no_later_than_appointment", K2)


@pytest.mark.clause("dieu-9/khoan-2")
def test_leader_nomination_under_each_reading() -> None:
    """Issue 12, item 7, point 11 (leader_nomination): "Tổ viên nếu là người không thuộc biên chế
    … phải do Thủ trưởng cơ quan đang quản lý nhân sự đó quyết định cử" names the Tổ viên, right
    after "gồm có Tổ trưởng và các Tổ viên"."""
    b = team()
    set_person(b, HL, on_dic_payroll=False)  # an outside leader with no nomination on file
    d = check(member(b, HL), YES, "leader-needs-no-nomination", K2)
    assert used(d)["leader_nomination"] == ("members_only", True)
    d = check(member(b, HL, **readings(leader_nomination="leader_too")), UNKNOWN,
              "nomination-unknown", K2)
    assert used(d)["leader_nomination"] == ("leader_too", False)
    check(member(b.complete("nominations"), HL, **readings(leader_nomination="leader_too")), NO,
          "no-nomination", K2)
    # A Tổ viên still needs it under either reading.
    b = without(team(), "nominations", id="CU").complete("nominations")
    for reading in ("members_only", "leader_too"):
        check(member(b, **readings(leader_nomination=reading)), NO, "no-nomination", K2)


@pytest.mark.clause("dieu-9/khoan-2", "dieu-4/khoan-1")
def test_member_every_defect_is_a_reason() -> None:
    b = change(team(), "helper_appointments", {"id": "TGV-OH"}, decided_by=M1, part_time=False)
    b = change(b, "nominations", {"id": "CU"}, decided_on="2008-08-01")
    d = check(member(b), NO)
    decisive = {r.rule.split("/")[1] for r in d.reasons if r.decisive}
    assert decisive == {"not-standing-office", "nomination-after-appointment", "full-time"}


# =================================================================================================
# khoản 1 and khoản 3: who assigns the team's tasks
# =================================================================================================


def task(b: CaseBuilder, by: str = HL, to: str = HM, on: str = DAY, kind: str = "helper_task",
         **kw: Any) -> Decision:
    add(b, "assignments", id="GV", kind=kind, assigned_by=by, assignee=to, assigned_on=on,
        description="Tổng hợp báo cáo quý")
    return both(TASK, b.build(), assignment="GV", **kw)


@pytest.mark.clause("dieu-9/khoan-3")
def test_task_by_the_leader() -> None:
    d = check(task(team()), YES, "helper-leader", K3)
    check(d, YES, "assignee-yes", K3)
    check(d, YES, "helper-task", K3)
    # Issue 12, item 4: the assigner's power is authority.may_act's answer, whose Tổ trưởng way
    # is dieu9.helper_member_valid's.
    facts = reason(d, "helper-leader").facts
    assert "authority.may_act" in facts and "dieu9.helper_member_valid" in facts
    assert "dieu9.helper_member_valid: yes" in reason(d, "helper-leader").explanation.en
    # The nested answers were given under the readings of points 7, 8 and 11.
    assert set(used(d)) == {"standing_office", "nomination_timing", "leader_nomination"}
    check(task(team(), to=OH), YES, "helper-leader")


@pytest.mark.clause("dieu-9/khoan-1", "dieu-6/khoan-4")
def test_task_by_the_standing_deputy() -> None:
    d = check(task(team(), by=SD), YES, "standing-deputy", K64)
    assert K1 in reason(d, "standing-deputy").clauses
    # The Standing Deputy may hand a task to the leader too.
    check(task(team(), by=SD, to=HL), YES, "standing-deputy")


@pytest.mark.clause("dieu-9/khoan-1", "dieu-9/khoan-3", "dieu-6/khoan-4", "dieu-5/khoan-2")
def test_task_by_the_head() -> None:
    """Issue 12, item 6, both readings of point 10 (head_directs_helpers), and authority.may_act
    agreeing under each (item 4: the task reads it)."""
    b = team().complete("helper_appointments")
    d = check(task(b.copy(), by=HEAD), NO, "not-entitled", K3)
    assert "Standing Deputy Head" in reason(d, "not-entitled").explanation.en
    assert used(d)["head_directs_helpers"] == ("through_standing_deputy", True)
    head_too = readings(head_directs_helpers="head_too")
    d = check(task(b.copy(), by=HEAD, **head_too), YES, "head", "dieu-5/khoan-2")
    assert used(d)["head_directs_helpers"] == ("head_too", False)
    case = b.copy().build()
    may = {reading: both("authority.may_act", case, person=HEAD, act="assign_helper_tasks",
                         date=DAY, **readings(head_directs_helpers=reading)).outcome.value
           for reading in ("through_standing_deputy", "head_too")}
    assert may == {"through_standing_deputy": NO, "head_too": YES}
    # With the appointment records open, an unrecorded decision may have made the Head the Tổ
    # trưởng: not a "no" resting on an absent record (item 3).
    d = check(task(team(), by=HEAD), UNKNOWN, "entitlement-unknown")
    assert missing(d) == ["authority.may_act"]
    # Even under an authorisation naming helper tasks: the Head holds no such power to delegate.
    b = team().authorise("UQ", HEAD, M1, ["assign_helper_tasks"], "2009-01-01")
    check(task(b.complete("helper_appointments"), by=M1), NO, "not-entitled")


@pytest.mark.clause("dieu-9/khoan-3")
def test_task_by_a_member_of_the_team() -> None:
    d = check(task(team(), by=HM, to=OH), NO, "not-entitled", K3)
    assert "helper-team leader" in reason(d, "not-entitled").explanation.en


@pytest.mark.clause("dieu-9/khoan-1", "dieu-9/khoan-3")
def test_task_by_someone_else() -> None:
    d = check(task(team(), by=M1), UNKNOWN, "entitlement-unknown", K3)
    assert missing(d) == ["authority.may_act"]
    assert "helper_appointments" in reason(d, "entitlement-unknown").explanation.en or \
        "appointment records" in reason(d, "entitlement-unknown").explanation.en
    check(task(team().complete("helper_appointments"), by=M1), NO, "not-entitled", K1)


@pytest.mark.clause("dieu-9/khoan-3", "dieu-9/khoan-2")
def test_task_by_a_leader_not_validly_on_the_team() -> None:
    b = team()
    set_person(b, HL, on_dic_payroll=None)
    d = check(task(b, **readings(leader_nomination="leader_too")), UNKNOWN, "entitlement-unknown",
              K3)
    assert missing(d) == ["authority.may_act"]
    assert "dieu9.helper_member_valid: unknown" in reason(d, "entitlement-unknown").explanation.en
    b = change(team(), "helper_appointments", {"id": "TGV-HL"}, part_time=False)
    d = check(task(b), NO, "not-entitled", K3)
    assert "dieu9.helper_member_valid: no" in reason(d, "not-entitled").explanation.en


@pytest.mark.clause("dieu-9/khoan-3", "dieu-2/khoan-2")
def test_task_leader_appointed_by_the_director_under_each_reading() -> None:
    b = change(team(), "helper_appointments", {"id": "TGV-HL"}, decided_by=DIR)
    # The leader's appointment: unknown while the signer's positions are open, no once they are
    # declared complete (authority.may_act's convention, matched by dieu9.helper_member_valid).
    check(task(b.copy()), UNKNOWN, "entitlement-unknown")
    d = check(task(b.copy().complete("positions")), NO, "not-entitled")
    assert used(d)["standing_office"] == ("standing_deputy", True)
    d = check(task(b, **readings(**WIDE)), YES, "helper-leader")
    assert used(d)["standing_office"] == ("standing_deputy_or_agency_head", False)


@pytest.mark.clause("dieu-9/khoan-3")
def test_task_assignee_not_on_the_team() -> None:
    d = check(task(team(), to=X1), UNKNOWN, "assignee-unknown", K3)
    assert missing(d) == ["dieu9.helper_member_valid"]
    check(task(team().complete("helper_appointments"), to=X1), NO, "assignee-no", K3)
    # The outside member without a nomination on file.
    b = without(team(), "nominations", id="CU").complete("nominations")
    check(task(b, to=OH), NO, "assignee-no")
    # The outside member nominated late: point 8 decides.
    b = change(team(), "nominations", {"id": "CU"}, decided_on="2008-08-01")
    d = check(task(b.copy(), to=OH), NO, "assignee-no")
    assert used(d)["nomination_timing"] == ("no_later_than_appointment", True)
    check(task(b, to=OH, **readings(**ANY_TIME)), YES, "assignee-yes")


@pytest.mark.clause("dieu-9/khoan-3", "qd/hieu-luc")
def test_task_not_applicable() -> None:
    check(task(team(), kind="member_duty"), NA, "other-kind", K3)
    check(task(team(), by=HEAD, to=M1, kind="deputy_task"), NA, "other-kind")
    check(task(team("2008-01-10"), on="2008-06-20"), NA, "before-effect", EFFECT)


# =================================================================================================
# The example committee (kgrules/data/examples/committee-2009.json)
# =================================================================================================


@pytest.fixture(scope="module")
def example() -> Case:
    return kgrules.load_example()


@pytest.mark.clause("dieu-9/khoan-2", "dieu-4/khoan-1")
def test_example_members(example: Case) -> None:
    for person in ("P11", "P12"):
        check(both(MEMBER, example, person=person, date=DAY), YES, "on-payroll")
    # P13 is from the Sở Nội vụ, nominated by its director G01 two days before the appointment.
    d = both(MEMBER, example, person="P13", date=DAY)
    check(d, YES, "nominated-stated-no_later_than_appointment")
    d = both(MEMBER, example, person="P13", date=DAY, **readings(**ANY_TIME))
    check(d, YES, "nominated-stated-any_time")
    # The appointments predate the regulation (20/6/2008) but were signed by the Standing Deputy
    # of the day; the team is valid once the regulation is in force.
    check(both(MEMBER, example, person="P12", date="2008-06-23"), YES)
    check(both(MEMBER, example, person="P12", date="2008-06-22"), NA, "before-effect")
    # The Standing Deputy is not on the team (helper appointments are declared complete).
    check(both(MEMBER, example, person="P02", date=DAY), NO, "no-decision")


@pytest.mark.clause("dieu-9/khoan-1", "dieu-9/khoan-3")
def test_example_tasks(example: Case) -> None:
    check(both(TASK, example, assignment="GV-01"), YES, "helper-leader", K3)
    check(both(TASK, example, assignment="GV-02"), YES, "helper-leader")
    # GV-03: P05 is a committee Member, neither the leader nor the Standing Deputy.
    d = check(both(TASK, example, assignment="GV-03"), NO, "not-entitled", K3)
    assert "P05" in reason(d, "not-entitled").explanation.en
    check(both(TASK, example, assignment="PC-P04"), NA, "other-kind")


# =================================================================================================
# Properties
# =================================================================================================

APPOINTED = dt.date(2008, 7, 1)
DAYS = st.integers(-400, 400).map(lambda n: APPOINTED + dt.timedelta(days=n))


@pytest.mark.clause("dieu-9/khoan-2")
@given(nominated=DAYS, asked=st.integers(0, 700).map(lambda n: APPOINTED + dt.timedelta(days=n)),
       timing=st.sampled_from(["no_later_than_appointment", "any_time"]))
def test_property_nomination_timing(nominated: dt.date, asked: dt.date, timing: str) -> None:
    """Với người ngoài biên chế Sở TT&TT đã được Thường trực cử vào Tổ, câu trả lời là CÓ khi và
    chỉ khi quyết định cử của Thủ trưởng cơ quan có chậm nhất vào ngày quyết định cử vào Tổ (cách
    hiểu mặc định), hoặc chậm nhất vào ngày được hỏi (cách hiểu any_time); ngược lại là KHÔNG.

    For someone off the Sở TT&TT's payroll whom the Standing office put on the team, the answer
    is yes exactly when their agency head's nomination is dated no later than the appointment
    (default reading), or no later than the day asked (reading any_time); otherwise no.
    """
    b = change(team(), "nominations", {"id": "CU"}, decided_on=nominated.isoformat())
    d = member(b, OH, asked.isoformat(), **readings(nomination_timing=timing))
    limit = APPOINTED if timing == "no_later_than_appointment" else asked
    assert d.outcome.value == (YES if nominated <= limit else NO)


PEOPLE = [HEAD, SD, DEP, M1, HL, HM, OH, DIR, GNV, X1]


@pytest.mark.clause("dieu-9/khoan-1", "dieu-9/khoan-3")
@given(by=st.sampled_from(PEOPLE), to=st.sampled_from(PEOPLE),
       on=st.integers(0, 600).map(lambda n: APPOINTED + dt.timedelta(days=n)),
       wide=st.booleans())
def test_property_only_the_leader_or_the_standing_deputy_assigns(
    by: str, to: str, on: dt.date, wide: bool
) -> None:
    """Một công việc của Tổ giúp việc chỉ hợp lệ (CÓ) khi người giao là Tổ trưởng hoặc Phó Trưởng
    ban Thường trực và người nhận là thành viên hợp lệ của Tổ; không ai khác, kể cả Trưởng ban,
    giao việc hợp lệ được, dù theo cách hiểu nào.

    A helper task is valid (yes) only when the assigner is the team leader or the Standing Deputy
    Head and the assignee is validly on the team; nobody else, the Head included, assigns one
    validly, under either reading.
    """
    if by == to:
        return
    b = team().complete("helper_appointments", "nominations", "offices", "positions")
    d = task(b, by=by, to=to, on=on.isoformat(), **readings(**(WIDE if wide else {})))
    if d.outcome.value == YES:
        assert by in (HL, SD)
        assert to in (HL, HM, OH)
    if by not in (HL, SD):
        assert d.outcome.value == NO


@pytest.mark.clause("dieu-9/khoan-3", "dieu-9/khoan-1")
def test_task_by_a_member_or_invalid_leader_with_positions_unrecorded() -> None:
    """Issue 12, item 3: a Tổ viên, or a leader not validly on the team, may still be entitled as
    the Standing Deputy Head: "no" only when the assigner's committee positions that day are
    known (one recorded, or positions declared complete); otherwise unknown, naming them."""
    b = without(team(), "positions", person=HM)
    d = check(task(b.copy(), by=HM, to=OH), UNKNOWN, "entitlement-unknown", K3)
    assert missing(d) == ["authority.may_act"]
    check(task(b.complete("positions"), by=HM, to=OH), NO, "not-entitled", K3)
    b = without(change(team(), "helper_appointments", {"id": "TGV-HL"}, part_time=False),
                "positions", person=HL)
    d = check(task(b.copy()), UNKNOWN, "entitlement-unknown", K3)
    assert "may be the Standing Deputy Head" in reason(d, "entitlement-unknown").explanation.en
    check(task(b.complete("positions")), NO, "not-entitled", K3)
