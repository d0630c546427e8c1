"""Điều 10 (meetings): every question of rules/dieu10.py, condition by condition.

Each question has a "yes" case, and each of its conditions failing alone; open-world (unknown,
with the missing facts named) and closed-world (no) absences; the boundaries of the meeting
window; every reading of the interpretation switches it depends on; and the example committee.
Every answer is computed by durable_rules and by the oracle, which must agree (``both``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

import kgrules
from kgrules.case import Case
from kgrules.catalogue import ask
from kgrules.decision import Decision
from kgrules.dsl import Question
from kgrules.evaluation import Conclusion
from kgrules.facts import Act, Role
from kgrules.oracle import OracleEngine
from kgrules.scope import fact
from tests.builders import (
    DEP,
    HEAD,
    HL,
    HM,
    M1,
    M2,
    SD,
    X1,
    X2,
    CaseBuilder,
    both,
    check,
    committee,
    missing,
    reason,
    used,
    warned,
)

D1, D2, D3, D4, D5 = ("dieu-10/doan-1", "dieu-10/doan-2", "dieu-10/doan-3", "dieu-10/doan-4",
                      "dieu-10/doan-5")
EFFECT = "qd/hieu-luc"
K54, K61 = "dieu-5/khoan-4", "dieu-6/khoan-1"
YES, NO, UNKNOWN, NA = "yes", "no", "unknown", "not_applicable"

WINDOW = "dieu10.regular_meeting_in_window"
OBLIGATION = "dieu10.quarter_obligation_met"
EXTRA = "dieu10.extraordinary_meeting_valid"
INVITE = "dieu10.invitation_valid"
CONSULT = "dieu10.written_consultation_valid"
SUBSTITUTE = "dieu10.substitute_allowed"
ATTENDANCE = "dieu10.attendance_compliant"


def readings(**chosen: str) -> dict[str, Any]:
    return {"interpretations": chosen}


# =================================================================================================
# đoạn 1: the regular meeting's window
# =================================================================================================


def window(date: str, **meeting: Any) -> Decision:
    case = committee().meeting("M", date, **meeting).build()
    return both(WINDOW, case, meeting="M")


@pytest.mark.clause(D1)
def test_window_yes() -> None:
    d = check(window("2009-03-26"), YES, "inside", D1)
    assert d.warnings == ()
    assert d.calendar is not None and "holidays" in d.calendar
    assert used(d) == {}  # a working day in the window: point 4 played no part
    assert {r.rule.split("/")[-1] for r in d.reasons} == {"regular", "held", "inside"}
    assert "20/03/2009" in reason(d, "inside").explanation.vi
    assert "2009-03-30" in reason(d, "inside").explanation.en


@pytest.mark.clause(D1)
@pytest.mark.parametrize(
    ("date", "outcome", "rule"),
    [
        ("2009-03-20", YES, "inside"),  # the 20th (a Friday)
        ("2009-03-30", YES, "inside"),  # the 30th (a Monday)
        ("2009-03-19", NO, "too-early"),
        ("2009-03-31", NO, "too-late"),  # 31 March is outside
        ("2009-12-30", YES, "inside"),
        ("2009-12-31", NO, "too-late"),  # 31 December is outside
        ("2009-12-19", NO, "too-early"),
        ("2009-02-25", NO, "too-early"),  # in the quarter, not in its last month
        ("2009-06-25", YES, "inside"),
        ("2009-09-30", YES, "inside"),
    ],
)
def test_window_boundaries(date: str, outcome: str, rule: str) -> None:
    check(window(date), outcome, rule, D1)


@pytest.mark.clause(D1)
def test_window_meeting_for_a_quarter_held_after_it() -> None:
    # H2009-Q4 of the example: the 2009-Q4 meeting, held on 5 January 2010.
    d = check(window("2010-01-05", quarter="2009-Q4"), NO, "too-late", D1)
    assert "30/12/2009" in reason(d, "too-late").explanation.vi


@pytest.mark.clause(D1)
def test_window_not_held() -> None:
    check(window("2009-03-26", held=False), NO, "not-held", D1)


@pytest.mark.clause(D1, D2)
def test_window_extraordinary_is_not_applicable() -> None:
    check(window("2009-08-12", kind="extraordinary"), NA, "extraordinary", D2)
    check(window("2009-03-26", kind="extraordinary"), NA, "extraordinary", D1)


@pytest.mark.clause(D1, EFFECT)
def test_window_before_the_regulation() -> None:
    check(window("2008-03-25"), NA, "before-effect", EFFECT)
    # 21/6/2008 is inside the 2008-Q2 window but two days before the decision was signed.
    check(window("2008-06-21"), NA, "before-effect", EFFECT)
    # 25/6/2008: the first window in force.
    check(window("2008-06-25"), YES, "inside", D1)


@pytest.mark.clause(D1, EFFECT)
def test_window_meeting_after_effect_for_a_quarter_before_it() -> None:
    # Held after 23/6/2008 for 2008-Q1, which ended before it: not applicable, not a crash.
    d = check(window("2008-06-25", quarter="2008-Q1"), NA, "quarter-before-effect", EFFECT)
    assert "2008-Q1" in reason(d, "quarter-before-effect").explanation.en


@pytest.mark.clause(D1)
def test_window_sunday_under_each_reading() -> None:
    case = committee().meeting("M", "2009-03-22").build()  # a Sunday inside the window
    d = check(both(WINDOW, case, meeting="M"), YES, "inside-non-working-day", D1)
    assert "Chủ nhật" in warned(d) and "22/03/2009" in warned(d)
    assert "non-working day" in warned(d)
    assert used(d) == {"non_working_day_meeting": ("compliant_with_warning", True)}

    d = both(WINDOW, case, meeting="M", **readings(non_working_day_meeting="not_compliant"))
    check(d, NO, "inside-non-working-day-strict", D1)
    assert d.warnings == ()
    assert used(d) == {"non_working_day_meeting": ("not_compliant", False)}

    d = both(WINDOW, case, meeting="M",
             **readings(non_working_day_meeting="compliant_with_warning"))
    check(d, YES)
    assert used(d) == {"non_working_day_meeting": ("compliant_with_warning", True)}


@pytest.mark.clause(D1)
def test_window_public_holiday_inside_the_window() -> None:
    # No public holiday of 2008–2030 falls on a weekday inside a window; an official list may
    # declare one (here a day off on Thursday 24/6/2010).
    case = (committee().meeting("M", "2010-06-24")
            .calendar(2010, days_off=["2010-06-24"], source="giả định").build())
    d = check(both(WINDOW, case, meeting="M"), YES, "inside-non-working-day", D1)
    assert "official list (2010)" in (d.calendar or "")
    d = both(WINDOW, case, meeting="M", **readings(non_working_day_meeting="not_compliant"))
    check(d, NO, "inside-non-working-day-strict", D1)


# =================================================================================================
# đoạn 1 and đoạn 4: the quarter's obligation
# =================================================================================================


def obligation(b: CaseBuilder, quarter: str = "2009-Q1", **kw: Any) -> Decision:
    return both(OBLIGATION, b.build(), quarter=quarter, **kw)


@pytest.mark.clause(D1)
def test_obligation_met_by_a_meeting_in_the_window() -> None:
    d = check(obligation(committee().meeting("M", "2009-03-26")), YES, "meeting-in-window", D1)
    assert used(d) == {}  # a working day: point 4 played no part
    check(obligation(committee().meeting("M", "2009-03-20").complete()), YES, "meeting-in-window")


@pytest.mark.clause(D1)
@pytest.mark.parametrize(
    ("date", "rule"),
    [("2009-03-31", "meeting-outside-window"), ("2009-03-19", "meeting-before-window")],
)
def test_obligation_meeting_outside_the_window(date: str, rule: str) -> None:
    # Issue 12, item 3: with the records open, an unrecorded meeting in the window or a written
    # consultation may exist, so the meeting outside it settles nothing.
    d = check(obligation(committee().meeting("M", date)), UNKNOWN, f"{rule}-open", D1)
    assert missing(d) == ["meetings", "records_complete"]
    check(obligation(committee().meeting("M", date).complete("meetings")), UNKNOWN, f"{rule}-open")
    check(obligation(committee().meeting("M", date).complete("consultations")), UNKNOWN,
          f"{rule}-open")
    d = check(obligation(committee().meeting("M", date).complete("meetings", "consultations")),
              NO, rule, D1)
    assert d.missing == ()


@pytest.mark.clause(D1, D4)
def test_obligation_nothing_recorded() -> None:
    d = check(obligation(committee()), UNKNOWN, "none-known", D4)
    assert missing(d) == ["meetings", "records_complete"]
    # Only one of the two kinds declared complete: still open.
    check(obligation(committee().complete("meetings")), UNKNOWN, "none-known")
    check(obligation(committee().complete("consultations")), UNKNOWN, "none-known")
    d = check(obligation(committee().complete("meetings", "consultations")), NO,
              "none-recorded", D1)
    assert d.missing == ()


@pytest.mark.clause(D1)
def test_obligation_meeting_not_held_or_extraordinary() -> None:
    b = committee().meeting("M", "2009-03-26", held=False).complete()
    check(obligation(b), NO, "none-recorded")
    b = committee().meeting("M", "2009-03-26", kind="extraordinary").complete()
    check(obligation(b), NO, "none-recorded")


@pytest.mark.clause(D1)
def test_obligation_sunday_meeting_under_each_reading() -> None:
    b = committee().meeting("M", "2009-03-22").complete()
    d = check(obligation(b), YES, "meeting-in-window-day-off", D1)
    assert "Chủ nhật" in warned(d)
    d = check(obligation(b, **readings(non_working_day_meeting="not_compliant")), NO,
              "none-recorded")
    assert used(d) == {"non_working_day_meeting": ("not_compliant", False)}


def consulted(b: CaseBuilder, *, by: str = HEAD, on: str = "2009-12-21",
              decided_by: str | None = HEAD, decided_on: str | None = "2009-12-30",
              quarter: str = "2009-Q4") -> CaseBuilder:
    return b.consultation("YK", quarter, by, on, decided_by=decided_by, decided_on=decided_on,
                          reason="Trưởng ban đi công tác")


@pytest.mark.clause(D4)
def test_obligation_met_by_a_written_consultation() -> None:
    d = check(obligation(consulted(committee()), "2009-Q4"), YES, "consultation", D4)
    assert "YK" in reason(d, "consultation").explanation.en
    assert "authority.may_act" in reason(d, "consultation").facts
    # With a late meeting as well (as in the example committee): still met.
    b = consulted(committee().meeting("M", "2010-01-05", quarter="2009-Q4"))
    check(obligation(b, "2009-Q4"), YES, "consultation", D4)


@pytest.mark.clause(D4, K61)
def test_obligation_consultation_by_the_standing_deputy() -> None:
    b = consulted(committee(), by=SD).authorise(
        "UQ", HEAD, SD, [Act.REQUEST_WRITTEN_OPINIONS], "2009-01-01", "2009-12-31")
    check(obligation(b, "2009-Q4"), YES, "consultation", K61)
    # Without the authorisation it is no stand-in.
    check(obligation(consulted(committee(), by=SD), "2009-Q4"), UNKNOWN, "none-known")


@pytest.mark.clause(D4)
@pytest.mark.parametrize(
    "change",
    [
        {"by": M1},  # requested by a Member
        {"decided_by": M1},  # decided by a Member
        {"decided_by": None, "decided_on": None},  # not decided
        {"decided_on": "2009-12-20"},  # "decided" before the opinions were asked
    ],
)
def test_obligation_invalid_consultation(change: dict[str, Any]) -> None:
    check(obligation(consulted(committee(), **change), "2009-Q4"), UNKNOWN, "none-known")
    b = consulted(committee(), **change).complete("meetings", "consultations")
    check(obligation(b, "2009-Q4"), NO, "none-recorded", D4)


@pytest.mark.clause(D1, EFFECT)
def test_obligation_before_the_regulation() -> None:
    check(obligation(committee().meeting("M", "2008-03-25"), "2008-Q1"), NA, "before-effect",
          EFFECT)
    # 2008-Q2 is the first quarter in force.
    check(obligation(committee().meeting("M", "2008-06-25"), "2008-Q2"), YES,
          "meeting-in-window")


# =================================================================================================
# đoạn 2: extraordinary meetings
# =================================================================================================


PROPOSAL_REQUIRED = {"extraordinary_initiative": "proposal_required"}


def extraordinary(b: CaseBuilder | None = None, *, initiative: str = "proposal_required",
                  **meeting: Any) -> Decision:
    """Under the reading of point 9 given (the tests of the proposal ask it under
    ``proposal_required``, where the proposal decides; the default is tested on its own)."""
    fields: dict[str, Any] = {"kind": "extraordinary", "proposed_by": SD,
                              "proposed_on": "2009-08-03", "convened_by": HEAD,
                              "convened_on": "2009-08-05"}
    fields.update(meeting)
    date = fields.pop("date", "2009-08-12")
    case = (b.copy() if b else committee()).meeting("BT", date, **fields).build()
    return both(EXTRA, case, meeting="BT",
                **readings(extraordinary_initiative=initiative))


@pytest.mark.clause(D2, "dieu-5/khoan-4", K61)
def test_extraordinary_on_the_heads_own_initiative() -> None:
    """Issue 12, item 5, both readings of point 9: khoản 4 Điều 5 gives the Head "triệu tập các
    cuộc họp định kỳ, đột xuất"; đoạn 2 Điều 10 "có thể họp bất thường theo đề nghị của Thường
    trực" permits. By default the proposal is not a condition when the convener may convene."""
    own = "head_own_initiative"
    cases: list[tuple[dict[str, Any], str]] = [
        ({"proposed_by": None, "proposed_on": None}, UNKNOWN),  # no proposal recorded
        ({"proposed_by": M1}, NO),  # proposed by someone not the Standing office
        ({"proposed_on": "2009-08-06"}, NO),  # proposed after it was convened
    ]
    for fields, under_proposal_required in cases:
        d = check(extraordinary(initiative=own, **fields), YES, "own-initiative", D2)
        assert ("extraordinary_initiative", "head_own_initiative") in {
            (i.switch, i.reading) for i in d.interpretations}
        check(extraordinary(**fields), under_proposal_required)
    # The Standing Deputy under an authorisation to convene: the same power, the same initiative.
    b = committee().authorise("UQ", HEAD, SD, [Act.CONVENE_MEETING], "2009-07-01", "2009-12-31")
    check(extraordinary(b, initiative=own, convened_by=SD, proposed_by=None, proposed_on=None),
          YES, "own-initiative", K61)
    # Convened by someone without the power: no under either reading.
    check(extraordinary(initiative=own, convened_by=M1, proposed_by=None), NO, "convened-by-other")
    # The default reading is head_own_initiative.
    case = committee().meeting("BT", "2009-08-12", "extraordinary", convened_by=HEAD,
                               convened_on="2009-08-05").build()
    check(both(EXTRA, case, meeting="BT"), YES, "own-initiative")


@pytest.mark.clause(D2, K54)
def test_extraordinary_yes() -> None:
    d = check(extraordinary(), YES, "by-standing-deputy", D2)
    check(d, YES, "convened-may-act", K54)
    assert d.interpretations == ()  # the proposal decided: point 9 played no part
    assert "03/08/2009" in reason(d, "by-standing-deputy").explanation.vi
    # Proposed on the day it was convened: still "beforehand" (records carry no times), and the
    # reason says "the same day", not "before" the convening (review read2: the one rule used to
    # say "trước khi triệu tập" for both).
    d = check(extraordinary(proposed_on="2009-08-05"), YES, "by-standing-deputy-same-day", D2)
    assert "cùng ngày triệu tập" in reason(d, "by-standing-deputy-same-day").explanation.vi
    assert "the day it was convened" in reason(d, "by-standing-deputy-same-day").explanation.en
    assert "by-standing-deputy" not in {r.rule.split("/")[1] for r in d.reasons}



@pytest.mark.clause(D2, "dieu-5/khoan-4")
def test_extraordinary_convening_day_bounded_by_the_meeting_day() -> None:
    """Issue 12, item 1: an unrecorded convening day is no later than the meeting day. A proposal
    after the meeting came after the convening: no, under either reading of point 9 (the convener's
    power on an unknown day is unknown, and the proposal fails). A proposal on or before the
    meeting day may have come first: unknown, naming the convening day; so is the convener's
    power on an unknown day."""
    d = check(extraordinary(convened_on=None), UNKNOWN, "proposal-order-unknown", D2)
    check(d, UNKNOWN, "convening-day-unknown", "dieu-5/khoan-4")
    assert set(missing(d)) == {"meetings[].convened_on"}  # for both conditions
    d = check(extraordinary(convened_on=None, proposed_on="2009-08-13"), NO,
              "proposed-after-meeting", D2)
    assert "12/08/2009" in reason(d, "proposed-after-meeting").explanation.vi
    # With the day recorded, the same proposal is compared with it.
    check(extraordinary(proposed_on="2009-08-13"), NO, "proposed-after-convening")
    check(extraordinary(proposed_on="2009-08-04"), YES, "by-standing-deputy")
    # Under the default reading the proposal is not needed, but the convener's power is: unknown.
    d = check(extraordinary(initiative="head_own_initiative", convened_on=None), UNKNOWN,
              "convening-day-unknown")


@pytest.mark.clause(D2)
@pytest.mark.parametrize("proposer", [M1, HEAD, DEP, X1])
def test_extraordinary_not_proposed_by_the_standing_office(proposer: str) -> None:
    d = check(extraordinary(proposed_by=proposer), NO, "not-standing-office", D2)
    assert proposer in reason(d, "not-standing-office").explanation.en


@pytest.mark.clause(D2)
def test_extraordinary_proposed_after_convening() -> None:
    check(extraordinary(proposed_on="2009-08-06"), NO, "proposed-after-convening", D2)


@pytest.mark.clause(D2)
def test_extraordinary_standing_deputy_no_longer_in_office() -> None:
    b = CaseBuilder().person(HEAD).person(SD).person("SD2")
    b.position(HEAD, Role.HEAD, "2008-07-01").position(SD, Role.STANDING_DEPUTY, "2008-07-01",
                                                       "2009-07-31")
    b.position("SD2", Role.STANDING_DEPUTY, "2009-08-01")
    check(extraordinary(b), NO, "not-standing-office", D2)
    check(extraordinary(b, proposed_by="SD2"), YES)


@pytest.mark.clause(D2)
def test_extraordinary_proposal_unknown() -> None:
    d = check(extraordinary(proposed_by=None), UNKNOWN, "proposer-unknown", D2)
    assert missing(d) == ["meetings[].proposed_by"]
    d = check(extraordinary(proposed_by=None, proposed_on=None), UNKNOWN, "proposer-unknown")
    d = check(extraordinary(proposed_on=None), UNKNOWN, "proposal-date-unknown", D2)
    assert missing(d) == ["meetings[].proposed_on"]


@pytest.mark.clause(K54, K61)
def test_extraordinary_convened_by_the_standing_deputy() -> None:
    def authorised(acts: list[Act], start: str = "2009-07-01", end: str = "2009-12-31",
                   grantor: str = HEAD) -> CaseBuilder:
        # Authorisations declared complete: the one recorded is all there is.
        return committee().complete("authorisations").authorise("UQ", grantor, SD, acts, start, end)

    # No authorisation recorded: unknown while authorisations are open (authority.may_act's
    # answer, issue 12 item 4), no once they are declared complete.
    check(extraordinary(convened_by=SD), UNKNOWN, "convener-authority-unknown", K54)
    check(extraordinary(committee().complete("authorisations"), convened_by=SD), NO,
          "convened-by-other", K54)
    d = check(extraordinary(authorised([Act.CONVENE_MEETING]), convened_by=SD), YES,
              "convened-may-act", K61)
    assert "authority.may_act" in reason(d, "convened-may-act").facts
    # Expired, not yet in force, not covering the act, or not granted by the Head.
    for b in (
        authorised([Act.CONVENE_MEETING], "2009-01-01", "2009-08-04"),
        authorised([Act.CONVENE_MEETING], "2009-08-06"),
        authorised([Act.CONSENT_SUBSTITUTE, Act.INVITE_ATTENDEES]),
        authorised([Act.CONVENE_MEETING], grantor=DEP),
    ):
        # Positions complete too: whether a grantor was the Head on the signing day is
        # otherwise open in authority.may_act, and so here.
        check(extraordinary(b.complete("authorisations", "positions"), convened_by=SD), NO,
              "convened-by-other", K54)
    # A Member cannot be authorised to convene under khoản 1 Điều 6.
    b = committee().authorise("UQ", HEAD, M1, [Act.CONVENE_MEETING], "2009-01-01")
    check(extraordinary(b, convened_by=M1), NO, "convened-by-other")


@pytest.mark.clause(K54)
def test_extraordinary_convener_unknown() -> None:
    d = check(extraordinary(convened_by=None), UNKNOWN, "convener-unknown", K54)
    assert missing(d) == ["meetings[].convened_by"]


@pytest.mark.clause(D1, D2, EFFECT)
def test_extraordinary_not_applicable() -> None:
    check(extraordinary(kind="regular"), NA, "regular", D2)
    check(extraordinary(date="2008-05-10", proposed_on="2008-05-01", convened_on="2008-05-02"),
          NA, "before-effect", EFFECT)


# =================================================================================================
# đoạn 3: invitations
# =================================================================================================


def invitation(b: CaseBuilder, person: str = X1, date: str = "2009-03-26") -> Decision:
    return both(INVITE, b.copy().meeting("M", date).build(), meeting="M", person=person)


@pytest.mark.clause(D3)
def test_invitation_yes() -> None:
    d = check(invitation(committee().invite("M", X1, HEAD, "2009-03-16")), YES, "invited-may-act",
              D3)
    check(d, YES, "outsider", D3)
    assert d.interpretations == ()
    # Decided on the meeting day; or with no date recorded (taken as the meeting day).
    check(invitation(committee().invite("M", X1, HEAD, "2009-03-26")), YES, "invited-may-act")
    # No day recorded: the Head's power on an unknown day is unknown (issue 12, item 1).
    d = check(invitation(committee().invite("M", X1, HEAD)), UNKNOWN, "decision-day-unknown", D3)
    assert missing(d) == ["invitations[].decided_on"]


@pytest.mark.clause(D3)
def test_invitation_decided_after_the_meeting() -> None:
    check(invitation(committee().invite("M", X1, HEAD, "2009-03-27")), NO,
          "decided-after-meeting", D3)


@pytest.mark.clause(D3, K61)
def test_invitation_decided_by_someone_else() -> None:
    for by in (M1, DEP):
        check(invitation(committee().invite("M", X1, by, "2009-03-16")), NO, "decided-by-other",
              D3)
    # The Standing Deputy: unknown while authorisations are open, no once complete (the answer
    # of authority.may_act, issue 12 item 4).
    check(invitation(committee().invite("M", X1, SD, "2009-03-16")), UNKNOWN,
          "decider-authority-unknown", D3)
    check(invitation(committee().invite("M", X1, SD, "2009-03-16").complete("authorisations")),
          NO, "decided-by-other", D3)
    b = committee().invite("M", X1, SD, "2009-03-16").authorise(
        "UQ", HEAD, SD, [Act.INVITE_ATTENDEES], "2009-01-01")
    check(invitation(b), YES, "invited-may-act", K61)


@pytest.mark.clause(D3)
def test_invitation_missing() -> None:
    d = check(invitation(committee().invite("M", X1)), UNKNOWN, "decider-unknown", D3)
    assert missing(d) == ["invitations[].decided_by"]
    d = check(invitation(committee()), UNKNOWN, "invitation-unknown", D3)
    assert missing(d) == ["invitations"]
    # Another person's invitation is not this person's.
    d = check(invitation(committee().invite("M", X2, HEAD, "2009-03-16")), UNKNOWN,
              "invitation-unknown")
    check(invitation(committee().complete("invitations")), NO, "not-invited", D3)


@pytest.mark.clause(D3, D5)
def test_invitation_not_applicable_to_members() -> None:
    for person in (M1, DEP, SD, HEAD):
        check(invitation(committee().invite("M", person, HEAD, "2009-03-16"), person), NA,
              "member", D5)
    # Helpers are not on the committee: they need an invitation like anyone else.
    for person in (HL, HM):
        check(invitation(committee().invite("M", person, HEAD, "2009-03-16"), person), YES)
    # A former member is an outsider on the meeting day.
    b = committee().person("OLD").position("OLD", Role.MEMBER, "2008-07-01", "2009-01-31")
    check(invitation(b.invite("M", "OLD", HEAD, "2009-03-16"), "OLD"), YES, "outsider")


@pytest.mark.clause(D3, EFFECT)
def test_invitation_before_the_regulation() -> None:
    b = committee("2008-01-01").invite("M", X1, HEAD, "2008-03-01")
    check(invitation(b, date="2008-03-20"), NA, "before-effect", EFFECT)


# =================================================================================================
# đoạn 4: written consultations
# =================================================================================================


def consultation(b: CaseBuilder, **kw: Any) -> Decision:
    return both(CONSULT, consulted(b.copy(), **kw).build(), consultation="YK")


@pytest.mark.clause(D4)
def test_consultation_yes() -> None:
    d = check(consultation(committee().complete("meetings")), YES, "requested-may-act", D4)
    check(d, YES, "no-meeting", D4)
    check(d, YES, "decided-may-act", D4)
    assert d.calendar is not None
    # A meeting that did not take place, an extraordinary one, or a late one is no meeting in
    # the window.
    for b in (
        committee().meeting("M", "2009-12-28", held=False),
        committee().meeting("M", "2009-12-28", kind="extraordinary"),
        committee().meeting("M", "2010-01-05", quarter="2009-Q4"),
    ):
        check(consultation(b.complete("meetings")), YES, "no-meeting")


@pytest.mark.clause(D4, K61)
def test_consultation_requested_by_someone_else() -> None:
    b = committee().complete("meetings")
    check(consultation(b, by=M1), NO, "requested-by-other", D4)
    # The Standing Deputy with no authorisation recorded: unknown while the authorisations are
    # open (authority.may_act's answer), no once they are declared complete.
    d = check(consultation(committee().complete("meetings"), by=SD), UNKNOWN,
              "requester-authority-unknown", D4)
    assert missing(d) == ["authority.may_act"]
    check(consultation(committee().complete("meetings", "authorisations"), by=SD), NO,
          "requested-by-other")
    b = committee().complete("meetings").authorise(
        "UQ", HEAD, SD, [Act.REQUEST_WRITTEN_OPINIONS], "2009-12-01", "2009-12-31")
    check(consultation(b, by=SD), YES, "requested-may-act", K61)


@pytest.mark.clause(D4, D1)
def test_consultation_when_a_meeting_was_held() -> None:
    b = committee().meeting("M", "2009-12-24").complete("meetings")
    d = check(consultation(b), NO, "meeting-held", D4)
    assert "24/12/2009" in reason(d, "meeting-held").explanation.vi


@pytest.mark.clause(D4)
def test_consultation_meetings_not_known() -> None:
    d = check(consultation(committee()), UNKNOWN, "meeting-unknown", D4)
    assert missing(d) == ["records_complete"]


@pytest.mark.clause(D4, K61, "dieu-4/khoan-1")
def test_consultation_decided_by_the_standing_deputy_under_authorisation() -> None:
    """Issue 12, item 4: authority.may_act(SD, decide_matters) is yes under an authorisation, and
    the consultation decided by that Standing Deputy is then decided by someone entitled: the
    question reads the authority answer, so the two cannot disagree."""
    b = committee().complete("meetings").authorise(
        "UQ", HEAD, SD, [Act.DECIDE_MATTERS], "2009-12-01", "2009-12-31")
    case = consulted(b.copy(), decided_by=SD).build()
    may = both("authority.may_act", case, person=SD, act="decide_matters", date="2009-12-30")
    check(may, YES)
    d = check(both(CONSULT, case, consultation="YK"), YES, "decided-may-act", D4)
    assert "authority.may_act" in reason(d, "decided-may-act").facts
    check(both(OBLIGATION, case, quarter="2009-Q4"), YES, "consultation", D4)
    # Authorisation expired before the decision: no from both.
    b = committee().complete("meetings", "authorisations").authorise(
        "UQ", HEAD, SD, [Act.DECIDE_MATTERS], "2009-12-01", "2009-12-15")
    case = consulted(b.copy(), decided_by=SD).build()
    check(both("authority.may_act", case, person=SD, act="decide_matters", date="2009-12-30"), NO)
    check(both(CONSULT, case, consultation="YK"), NO, "decided-by-other", D4)


@pytest.mark.clause(D4)
def test_consultation_requested_before_the_window_under_each_reading() -> None:
    """Issue 12, item 11, point 14 (consultation_ground): "Trường hợp không tổ chức được phiên
    họp". Requested on 10/12/2009, before the 2009-Q4 window (20–31/12) opened."""
    early = committee().complete("meetings")
    d = check(consultation(early, on="2009-12-10"), YES, "no-meeting-early-reason", D4)
    assert "Trưởng ban đi công tác" in reason(d, "no-meeting-early-reason").explanation.vi
    assert "YK" in warned(d)
    assert used(d)["consultation_ground"] == ("shown_when_early", True)
    no_reason = early.copy().consultation("YK", "2009-Q4", HEAD, "2009-12-10", decided_by=HEAD,
                                          decided_on="2009-12-30")
    d = check(both(CONSULT, no_reason.build(), consultation="YK"), UNKNOWN,
              "no-meeting-early-ground-unknown", D4)
    assert missing(d) == ["consultations[].reason"]
    d = check(both(CONSULT, no_reason.build(), consultation="YK",
                   **readings(consultation_ground="no_meeting_held")), YES,
              "no-meeting-early-absence-suffices", D4)
    assert used(d)["consultation_ground"] == ("no_meeting_held", False)
    # Requested once the window had opened: the reading plays no part.
    d = check(consultation(early), YES, "no-meeting", D4)
    assert "consultation_ground" not in used(d)


@pytest.mark.clause(D4)
def test_consultation_decision() -> None:
    b = committee().complete("meetings")
    check(consultation(b, decided_by=M1), NO, "decided-by-other", D4)
    d = check(consultation(committee().complete("meetings"), decided_on="2009-12-20"), NO,
              "decided-before-request", D4)
    assert "20/12/2009" in reason(d, "decided-before-request").explanation.vi
    assert "2009-12-21" in reason(d, "decided-before-request").explanation.en
    d = check(consultation(committee().complete("meetings"), decided_by=None, decided_on=None),
              UNKNOWN, "not-decided", D4)
    assert missing(d) == ["consultations[].decided_by, decided_on"]
    check(consultation(committee().complete("meetings"), decided_on=None), UNKNOWN,
          "not-decided")


@pytest.mark.clause(D4, EFFECT)
def test_consultation_before_the_regulation() -> None:
    b = committee("2008-01-01").complete("meetings")
    d = check(consultation(b, on="2008-05-01", decided_on="2008-05-10", quarter="2008-Q2"), NA,
              "before-effect", EFFECT)
    check(d, NA, "no-meeting-before-effect", EFFECT)
    # Requested after 23/6/2008 but standing in for 2008-Q1, which ended before it.
    b = committee("2008-01-01").complete("meetings")
    check(consultation(b, on="2008-07-01", decided_on="2008-07-10", quarter="2008-Q1"), NA,
          "before-effect", EFFECT)


# =================================================================================================
# đoạn 5: substitutes
# =================================================================================================

MEETING_DAY, DAY_BEFORE, DAY_AFTER = "2009-03-26", "2009-03-25", "2009-03-27"


def sub_case(
    *, member: str = M1, reported: str | None = "2009-03-24", consent_by: str | None = HEAD,
    consent_on: str = DAY_BEFORE, named: str | None = X1, b: CaseBuilder | None = None,
    meeting_day: str = MEETING_DAY,
) -> CaseBuilder:
    b = (b.copy() if b else committee()).meeting("M", meeting_day)
    if reported is not None:
        b.absence("M", member, reported)
    if consent_by is not None:
        b.consent("M", member, consent_by, consent_on, named)
    return b


def substitute(b: CaseBuilder, member: str = M1, sub: str = X1, **kw: Any) -> Decision:
    return both(SUBSTITUTE, b.build(), meeting="M", member=member, substitute=sub, **kw)


SUB_SWITCHES = {
    "attendance_scope": ("all_but_head", True),
    "consent_deadline": ("by_meeting_day", True),
    "consent_by_deputy": ("with_authorisation", True),
}


@pytest.mark.clause(D5)
def test_substitute_yes() -> None:
    d = check(substitute(sub_case()), YES, "consent-head-by_meeting_day", D5)
    check(d, YES, "reported", D5)
    check(d, YES, "bound-all_but_head-member", D5)
    assert used(d) == SUB_SWITCHES
    assert d.missing == () and d.warnings == ()
    facts = reason(d, "consent-head-by_meeting_day").facts
    assert "consents[0]" in facts and "meetings[0]" in facts
    # The consent need not name the substitute; the absence may be reported on the day.
    check(substitute(sub_case(named=None)), YES)
    check(substitute(sub_case(reported=MEETING_DAY)), YES, "reported")


@pytest.mark.clause(D5)
def test_substitute_for_oneself_is_not_applicable() -> None:
    # Not "yes": attending oneself is attending in person (the case refuses such a consent).
    d = check(substitute(sub_case(named=None), M1, M1), NA, "self", D5)
    assert "M1" in reason(d, "self").explanation.vi


@pytest.mark.clause(D5)
def test_substitute_absence_not_reported() -> None:
    check(substitute(sub_case(reported=DAY_AFTER)), NO, "reported-late", D5)
    d = check(substitute(sub_case(reported=None)), UNKNOWN, "report-unknown", D5)
    assert missing(d) == ["absence_reports"]
    # The absence condition decides; the conditions that held are relied on too: under another
    # reading one might fail (a "no") or not bind the member (not applicable). A switch listed may
    # not matter for these very facts; one not listed never changes the outcome.
    assert used(d) == SUB_SWITCHES
    d = check(substitute(sub_case(reported=None).complete("absence_reports")), NO,
              "not-reported", D5)
    assert d.missing == ()


@pytest.mark.clause(D5)
def test_substitute_consent_missing_or_wrong() -> None:
    d = check(substitute(sub_case(consent_by=None)), UNKNOWN, "consent-unknown", D5)
    assert missing(d) == ["consents"]
    assert [m.condition for m in d.missing] == ["consent"]
    # Both unknown: both facts are named, each with what it would change.
    d = check(substitute(sub_case(reported=None, consent_by=None)), UNKNOWN, "report-unknown")
    check(d, UNKNOWN, "consent-unknown")
    assert missing(d) == ["absence_reports", "consents"]
    assert all(m.need.vi and m.need.en and m.effect.vi and m.effect.en for m in d.missing)
    check(substitute(sub_case(consent_by=None).complete("consents")), NO, "no-consent", D5)
    d = check(substitute(sub_case(named=X2)), NO, "consent-other-substitute", D5)
    assert X2 in reason(d, "consent-other-substitute").explanation.en
    check(substitute(sub_case(consent_by=M2)), UNKNOWN, "consent-not-entitled-open", D5)
    check(substitute(sub_case(consent_by=DEP)), UNKNOWN, "consent-not-entitled-open", D5)
    check(substitute(sub_case(consent_on=DAY_AFTER)), NO, "consent-late-by_meeting_day", D5)


@pytest.mark.clause(D5)
def test_substitute_consent_deadline_under_each_reading() -> None:
    on_the_day = sub_case(consent_on=MEETING_DAY)
    d = check(substitute(on_the_day), YES, "consent-head-by_meeting_day")
    assert used(d)["consent_deadline"] == ("by_meeting_day", True)
    d = substitute(on_the_day, **readings(consent_deadline="before_meeting_day"))
    check(d, NO, "consent-late-before_meeting_day", D5)
    assert used(d)["consent_deadline"] == ("before_meeting_day", False)
    for reading in ("by_meeting_day", "before_meeting_day"):
        d = check(substitute(sub_case(consent_on=DAY_BEFORE), **readings(consent_deadline=reading)),
                  YES, f"consent-head-{reading}", D5)
        assert used(d)["consent_deadline"] == (reading, reading == "by_meeting_day")


def deputy_consent(grantee: str = SD, acts: tuple[Act, ...] = (Act.CONSENT_SUBSTITUTE,),
                   start: str = "2009-01-01", end: str | None = "2009-12-31",
                   grantor: str = HEAD) -> CaseBuilder:
    b = committee().authorise("UQ", grantor, grantee, acts, start, end, signed_on=start)
    return sub_case(consent_by=grantee, b=b)


@pytest.mark.clause(D5, K61)
@pytest.mark.parametrize(
    ("reading", "outcome", "rule"),
    [
        ("with_authorisation", YES, "consent-on-behalf-by_meeting_day"),
        ("head_only", UNKNOWN, "consent-not-entitled-open"),
        ("any_authorised", YES, "consent-on-behalf-by_meeting_day"),
    ],
)
def test_substitute_consent_by_the_standing_deputy(reading: str, outcome: str, rule: str) -> None:
    d = substitute(deputy_consent(), **readings(consent_by_deputy=reading))
    check(d, outcome, rule, K61 if outcome == YES else D5)
    if outcome == YES:
        assert used(d)["consent_by_deputy"] == (reading, reading == "with_authorisation")
        assert "UQ" in reason(d, rule).explanation.en
    else:
        # The held conditions of an unknown are relied on too (point 1: who is bound).
        assert used(d) == {"attendance_scope": ("all_but_head", True),
                           "consent_deadline": ("by_meeting_day", True),
                           "consent_by_deputy": ("head_only", False)}


@pytest.mark.clause(D5)
def test_substitute_consent_not_entitled_open_and_complete() -> None:
    """Issue 12, item 3: a consent by someone not entitled does not exclude the Head's own,
    unrecorded, while the consent records are open; declared complete, the answer is no."""
    d = check(substitute(sub_case(consent_by=M2)), UNKNOWN, "consent-not-entitled-open", D5)
    assert missing(d) == ["consents"]
    check(substitute(sub_case(consent_by=M2).complete("consents")), NO, "consent-not-entitled", D5)


@pytest.mark.clause(D5, K61)
@pytest.mark.parametrize("reading", ["with_authorisation", "head_only", "any_authorised"])
def test_substitute_authorisation_not_covering(reading: str) -> None:
    for b in (
        deputy_consent(end="2009-03-24"),  # expired before the consent
        deputy_consent(start="2009-03-26"),  # not yet in force
        deputy_consent(acts=(Act.CONVENE_MEETING, Act.INVITE_ATTENDEES)),  # other acts
        deputy_consent(grantor=DEP),  # not from the Head
    ):
        # authority.may_act: no under head_only (no authorisation confers consent); unknown
        # otherwise, the authorisations (or the grantor's positions) not being declared complete.
        check(substitute(b, **readings(consent_by_deputy=reading)), UNKNOWN,
              "consent-not-entitled-open" if reading == "head_only"
              else "consent-authority-unknown", D5)


@pytest.mark.clause(D5, K61)
@pytest.mark.parametrize(
    ("reading", "outcome"),
    [("with_authorisation", NO), ("head_only", NO), ("any_authorised", YES)],
)
def test_substitute_consent_by_an_authorised_member(reading: str, outcome: str) -> None:
    d = substitute(deputy_consent(grantee=M2), **readings(consent_by_deputy=reading))
    if outcome == YES:
        check(d, YES, "consent-on-behalf-by_meeting_day", K61)
    else:
        check(d, UNKNOWN, "consent-not-entitled-open", D5)
    assert used(d)["consent_by_deputy"] == (reading, reading == "with_authorisation")


@pytest.mark.clause(D5, K61)
@pytest.mark.parametrize("by_deputy", ["with_authorisation", "head_only", "any_authorised"])
@pytest.mark.parametrize("deadline", ["by_meeting_day", "before_meeting_day"])
def test_substitute_every_combination_of_consent_readings(by_deputy: str, deadline: str) -> None:
    chosen = readings(consent_by_deputy=by_deputy, consent_deadline=deadline)
    expected = {"consent_by_deputy": (by_deputy, by_deputy == "with_authorisation"),
                "consent_deadline": (deadline, deadline == "by_meeting_day")}
    # The Head's own consent, the day before: always enough.
    d = substitute(sub_case(), **chosen)
    check(d, YES, f"consent-head-{deadline}", D5)
    assert {k: used(d)[k] for k in expected} == expected
    # The Standing Deputy's, under a covering authorisation, the day before.
    d = substitute(deputy_consent(), **chosen)
    if by_deputy != "head_only":
        check(d, YES, f"consent-on-behalf-{deadline}", K61)
    else:
        check(d, UNKNOWN, "consent-not-entitled-open", D5)
    assert {k: used(d)[k] for k in expected} == expected


@pytest.mark.clause(D5)
def test_substitute_standing_delegation() -> None:
    delegated = committee().authorise("UQ", M1, X1, [Act.ATTEND_MEETING], "2009-01-01",
                                      "2009-12-31")
    d = check(substitute(sub_case(consent_by=None, b=delegated)), NO, "standing-delegation", D5)
    assert "UQ" in reason(d, "standing-delegation").explanation.en
    assert "không ủy quyền" in reason(d, "standing-delegation").explanation.vi
    assert d.missing == ()
    # Declared complete, the same: the delegation is the reason.
    delegated = committee().authorise("UQ", M1, X1, [Act.ATTEND_MEETING], "2009-01-01")
    check(substitute(sub_case(consent_by=None, b=delegated).complete()), NO,
          "standing-delegation", D5)
    # With the Head's consent for this meeting, the substitute is allowed by the consent.
    delegated = committee().authorise("UQ", M1, X1, [Act.ATTEND_MEETING], "2009-01-01")
    check(substitute(sub_case(b=delegated)), YES)
    # A delegation no longer in force on the meeting day is no reason.
    delegated = committee().authorise("UQ", M1, X1, [Act.ATTEND_MEETING], "2009-01-01",
                                      "2009-02-28")
    check(substitute(sub_case(consent_by=None, b=delegated)), UNKNOWN, "consent-unknown")


@pytest.mark.clause(D5)
@pytest.mark.parametrize("deputy", [DEP, SD])
def test_substitute_for_a_deputy_under_each_scope(deputy: str) -> None:
    b = sub_case(member=deputy)
    role = "deputy" if deputy == DEP else "standing_deputy"
    d = check(substitute(b, deputy), YES, f"bound-all_but_head-{role}", D5)
    assert used(d)["attendance_scope"] == ("all_but_head", True)
    d = substitute(b, deputy, **readings(attendance_scope="members_only"))
    check(d, NA, f"not-bound-members_only-{role}", D5)
    assert used(d) == {"attendance_scope": ("members_only", False)}
    # A Member is bound under both readings.
    d = substitute(sub_case(), **readings(attendance_scope="members_only"))
    check(d, YES, "bound-members_only-member")


@pytest.mark.clause(D5)
def test_substitute_not_applicable() -> None:
    for scope in ("all_but_head", "members_only"):
        check(substitute(sub_case(member=HEAD, consent_by=None), HEAD,
                         **readings(attendance_scope=scope)),
              NA, f"not-bound-{scope}-head", D5)
    for person in (X2, HL):
        check(substitute(sub_case(member=person), person), NA, "not-on-committee", D5)
    # A Member whose position ended before the meeting.
    b = committee().person("OLD").position("OLD", Role.MEMBER, "2008-07-01", "2009-02-28")
    check(substitute(sub_case(member="OLD", b=b), "OLD"), NA, "not-on-committee")
    # Before 23/6/2008.
    b = sub_case(b=committee("2008-01-01"), meeting_day="2008-05-10", reported="2008-05-08",
                 consent_on="2008-05-09")
    check(substitute(b), NA, "before-effect", EFFECT)


# =================================================================================================
# đoạn 5: the attendance duty
# =================================================================================================


def attendance(b: CaseBuilder, member: str = M1, **kw: Any) -> Decision:
    return both(ATTENDANCE, b.build(), meeting="M", member=member, **kw)


@pytest.mark.clause(D5)
def test_attendance_in_person() -> None:
    d = check(attendance(committee().meeting("M", MEETING_DAY).attend("M", M1)), YES,
              "in-person", D5)
    check(d, YES, "bound-all_but_head-member", D5)
    # In person: the consent readings played no part, only who is bound.
    assert used(d) == {"attendance_scope": ("all_but_head", True)}


@pytest.mark.clause(D5)
def test_attendance_by_substitute() -> None:
    d = check(attendance(sub_case().attend("M", X1, M1)), YES, "substitute-yes", D5)
    assert "dieu10.substitute_allowed" in reason(d, "substitute-yes").facts
    # Without the Head's consent (records complete): not allowed.
    d = check(attendance(sub_case(consent_by=None).attend("M", X1, M1).complete()), NO,
              "substitute-no", D5)
    # Records open: not shown to be allowed.
    d = check(attendance(sub_case(consent_by=None).attend("M", X1, M1)), UNKNOWN,
              "substitute-unknown", D5)
    assert missing(d) == ["absence_reports, consents"]
    # Sent under a standing authorisation only.
    b = committee().authorise("UQ", M1, X1, [Act.ATTEND_MEETING], "2009-01-01")
    check(attendance(sub_case(consent_by=None, b=b).attend("M", X1, M1)), NO, "substitute-no")


@pytest.mark.clause(D5)
@pytest.mark.parametrize(("consent_by", "outcome"), [("default", YES), (None, NO)])
def test_attendance_records_of_one_substitute_each_give_one_reason(
        consent_by: str | None, outcome: str) -> None:
    """Three attendance records of one substitute for the member: one reason per record, each
    resting on the substitute's one answer (each record used to match every copy of that
    answer: 9 reasons, records² under one meeting)."""
    base = sub_case() if consent_by == "default" else sub_case(consent_by=None)
    b = base.attend("M", X1, M1).attend("M", X1, M1).attend("M", X1, M1).complete()
    d = check(attendance(b), outcome, f"substitute-{outcome}", D5)
    subs = [r for r in d.reasons if r.rule.endswith(f"/substitute-{outcome}")]
    assert len(subs) == 3
    assert len({r.facts for r in subs}) == 3  # each names its own record
    assert all("dieu10.substitute_allowed" in r.facts for r in subs)


class _Recording(OracleEngine):
    """The oracle, keeping the flat facts each question was evaluated on."""

    def __init__(self) -> None:
        self.given: dict[str, list[Sequence[Mapping[str, Any]]]] = {}

    def evaluate(self, question: Question, facts: Sequence[Mapping[str, Any]],
                 evaluate: Mapping[str, Any]) -> list[Conclusion]:
        self.given.setdefault(question.id, []).append([dict(f) for f in facts])
        return super().evaluate(question, facts, evaluate)


def test_attendance_scope_facts() -> None:
    """The attendance scope (written out in one pass for many records under one meeting,
    issue 14) gives the facts ``fact`` makes: one per record of the member or for them, in the
    records' order, keys in the same order, the mode a plain ``str``, no one on behalf as "";
    then one substitute answer per substitute, in the order first seen; then the roles; then
    the member's absence reports (point 16, excused_absence)."""
    case = (sub_case().attend("M", X1, M1).attend("M", M2).attend("M", M1).attend("M", X2, M2)
            .attend("M", X2, M1).attend("M", X1, M1).build())
    engine = _Recording()
    ask(ATTENDANCE, case, meeting="M", member=M1, engine=engine)
    (given,) = engine.given[ATTENDANCE]
    mine = [(path, a) for path, a in case.attendances_for("M") if M1 in (a.person, a.on_behalf_of)]
    expected = [fact("attendance", path, meeting="M", person=a.person, mode=str(a.mode.value),
                     on_behalf_of=a.on_behalf_of or "") for path, a in mine]
    assert len(expected) == 4
    assert [list(f.items()) for f in given[:4]] == [list(f.items()) for f in expected]
    assert all(type(v) is str for f in given[:4] for v in f.values())
    subs = [f for f in given if f["t"] == "substitute_decision"]
    assert [f["substitute"] for f in subs] == [X1, X2]
    assert [f["t"] for f in given[4:]] == (["substitute_decision"] * 2 + ["role"] * (len(given) - 7)
                                           + ["absence"])


@pytest.mark.clause(D5)
def test_attendance_absent() -> None:
    b = committee().meeting("M", MEETING_DAY).attend("M", M2)
    d = check(attendance(b), UNKNOWN, "attendance-unknown", D5)
    assert missing(d) == ["attendances"]
    b = committee().meeting("M", MEETING_DAY).attend("M", M2).complete("attendances")
    # The absence reports open: "no" under the default of point 16, "unknown" under
    # report_suffices (an unrecorded report would do), so the answer lists point 16.
    d = check(attendance(b), NO, "absent-report-open", D5)
    assert used(d)["excused_absence"] == ("substitute_required", True)
    d = check(attendance(b.complete("absence_reports")), NO, "absent", D5)
    assert "excused_absence" not in used(d)


EXCUSED = "excused_absence"
REPORT_SUFFICES = {EXCUSED: "report_suffices"}


def reported_absent(reported: str | None = "2009-03-24", *kinds: str) -> CaseBuilder:
    """M1 could not attend, reported it (or not) and sent nobody; M2 attended."""
    b = sub_case(reported=reported, consent_by=HEAD).attend("M", M2)
    return b.complete(*kinds) if kinds else b


@pytest.mark.clause(D5)
@pytest.mark.parametrize("reported", ["2009-03-24", MEETING_DAY])
def test_attendance_reported_absence_under_each_reading(reported: str) -> None:
    """Point 16: a member who reported in time (the Head even consented) and sent nobody: "no"
    under the default (a report does not stand for attending), "yes" under report_suffices,
    the reason quoting the report; both answers list point 16."""
    b = reported_absent(reported, "attendances")
    d = check(attendance(b), NO, "reported-absence-no-substitute", D5)
    assert used(d)[EXCUSED] == ("substitute_required", True)
    assert "absence_reports[0]" in reason(d, "reported-absence-no-substitute").facts
    d = check(attendance(b, **readings(**REPORT_SUFFICES)), YES, "reported-absence", D5)
    assert used(d)[EXCUSED] == ("report_suffices", False)
    r = reason(d, "reported-absence")
    assert "absence_reports[0]" in r.facts
    assert "phải báo cáo" in r.explanation.vi and reported[-2:] in r.explanation.en
    # Attendance records open: the default cannot rule out an unrecorded substitute; the
    # report alone still meets the duty under report_suffices.
    b = reported_absent(reported)
    d = check(attendance(b), UNKNOWN, "reported-absence-open", D5)
    assert missing(d) == ["attendances"] and EXCUSED in used(d)
    check(attendance(b, **readings(**REPORT_SUFFICES)), YES, "reported-absence", D5)


@pytest.mark.clause(D5)
def test_attendance_report_after_the_meeting_is_no_report() -> None:
    """A report dated after the meeting is "reported-late" for the substitute question, and
    meets no duty under either reading (one notion of "reported")."""
    b = reported_absent(DAY_AFTER, "attendances", "absence_reports")
    for chosen in ({}, REPORT_SUFFICES):
        d = check(attendance(b, **readings(**chosen)), NO, "absent", D5)
        assert EXCUSED not in used(d)
    # Records open and only a late report: still no report in time, the same "no".
    b = reported_absent(DAY_AFTER, "attendances")
    check(attendance(b, **readings(**REPORT_SUFFICES)), NO, "absent", D5)


@pytest.mark.clause(D5)
def test_attendance_no_report_under_report_suffices() -> None:
    """Nobody attended and no report: "no" under both readings when the absence reports are
    declared complete (point 16 not listed); with them open, "unknown" under report_suffices
    naming the absence reports, and the default's "no" lists point 16."""
    b = reported_absent(None, "attendances", "absence_reports")
    for chosen in ({}, REPORT_SUFFICES):
        d = check(attendance(b, **readings(**chosen)), NO, "absent", D5)
        assert EXCUSED not in used(d)
    b = reported_absent(None, "attendances")
    d = check(attendance(b, **readings(**REPORT_SUFFICES)), UNKNOWN, "report-unknown", D5)
    assert missing(d) == ["absence_reports"]
    assert used(d)[EXCUSED] == ("report_suffices", False)
    d = check(attendance(b), NO, "absent-report-open", D5)
    assert used(d)[EXCUSED] == ("substitute_required", True)
    # Both lists open: unknown under either reading, each naming what would settle it.
    b = reported_absent(None)
    d = check(attendance(b, **readings(**REPORT_SUFFICES)), UNKNOWN,
              "report-and-attendance-unknown", D5)
    assert missing(d) == ["attendances", "absence_reports"]
    d = check(attendance(b), UNKNOWN, "attendance-unknown", D5)
    assert missing(d) == ["attendances"]


@pytest.mark.clause(D5)
def test_attendance_report_suffices_leaves_substitutes_and_presence_alone() -> None:
    """Under report_suffices a substitute sent is still judged by dieu10.substitute_allowed (a
    substitute not allowed is the delegation "không ủy quyền" forbids: the report does not
    cure it), and a member present in person, or validly substituted, does not list point 16."""
    b = sub_case(consent_by=None).attend("M", X1, M1).complete()
    for chosen in ({}, REPORT_SUFFICES):
        d = check(attendance(b, **readings(**chosen)), NO, "substitute-no", D5)
        assert EXCUSED not in used(d)
    b = sub_case().attend("M", X1, M1).complete()
    for chosen in ({}, REPORT_SUFFICES):
        d = check(attendance(b, **readings(**chosen)), YES, "substitute-yes", D5)
        assert EXCUSED not in used(d)
    b = sub_case().attend("M", M1).complete()  # reported, then came after all
    for chosen in ({}, REPORT_SUFFICES):
        d = check(attendance(b, **readings(**chosen)), YES, "in-person", D5)
        assert EXCUSED not in used(d)
    # A Head's absence is outside đoạn 5 under either reading.
    b = sub_case(member=HEAD, consent_by=None).complete()
    d = check(attendance(b, HEAD, **readings(**REPORT_SUFFICES)), NA, "not-bound-all_but_head-head")
    assert EXCUSED not in used(d)


@pytest.mark.clause(D5, K61)
@pytest.mark.parametrize(
    ("reading", "outcome"),
    [("with_authorisation", YES), ("head_only", UNKNOWN), ("any_authorised", YES)],
)
def test_attendance_depends_on_the_consent_readings(reading: str, outcome: str) -> None:
    b = deputy_consent().attend("M", X1, M1)
    d = attendance(b, **readings(consent_by_deputy=reading))
    check(d, outcome, f"substitute-{outcome}", D5)
    assert used(d)["consent_by_deputy"] == (reading, reading == "with_authorisation")
    for deadline, expected in (("by_meeting_day", YES), ("before_meeting_day", NO)):
        b = sub_case(consent_on=MEETING_DAY).attend("M", X1, M1)
        d = attendance(b, **readings(consent_deadline=deadline))
        check(d, expected, f"substitute-{expected}")
        assert used(d)["consent_deadline"] == (deadline, deadline == "by_meeting_day")


@pytest.mark.clause(D5)
def test_attendance_scope_under_each_reading() -> None:
    # A Deputy Head's substitute is governed under all_but_head, not under members_only.
    b = sub_case(member=DEP).attend("M", X1, DEP)
    d = check(attendance(b, DEP), YES, "bound-all_but_head-deputy", D5)
    check(d, YES, "substitute-yes")
    d = attendance(b, DEP, **readings(attendance_scope="members_only"))
    check(d, NA, "not-bound-members_only-deputy", D5)
    assert used(d) == {"attendance_scope": ("members_only", False)}
    b = (committee().meeting("M", MEETING_DAY).attend("M", M1)
         .complete("attendances", "absence_reports"))
    check(attendance(b, M1, **readings(attendance_scope="members_only")), YES,
          "bound-members_only-member")
    check(attendance(b, SD), NO, "absent")
    check(attendance(b, SD, **readings(attendance_scope="members_only")), NA,
          "not-bound-members_only-standing_deputy")


@pytest.mark.clause(D5)
def test_attendance_no_for_a_deputy_lists_point_1() -> None:
    b = committee().meeting("M", MEETING_DAY).complete("attendances", "absence_reports")
    d = check(attendance(b, SD), NO, "absent")
    check(attendance(b, SD, **readings(attendance_scope="members_only")), NA,
          "not-bound-members_only-standing_deputy")
    assert "attendance_scope" in used(d)


@pytest.mark.clause(D5, EFFECT)
def test_attendance_not_applicable() -> None:
    b = committee().meeting("M", MEETING_DAY).complete("attendances")
    for scope in ("all_but_head", "members_only"):
        check(attendance(b, HEAD, **readings(attendance_scope=scope)), NA,
              f"not-bound-{scope}-head", D5)
    check(attendance(b, X1), NA, "not-on-committee", D5)
    check(attendance(b, HM), NA, "not-on-committee", D5)
    b = committee().meeting("M", MEETING_DAY, held=False).complete("attendances")
    check(attendance(b), NA, "not-held", D5)
    b = committee("2008-01-01").meeting("M", "2008-05-10").complete("attendances")
    check(attendance(b), NA, "before-effect", EFFECT)


# =================================================================================================
# The example committee (kgrules/data/examples/committee-2009.json)
# =================================================================================================


@pytest.fixture(scope="module")
def example() -> Case:
    return kgrules.load_example()


@pytest.mark.clause(D5)
def test_example_substitutes(example: Case) -> None:
    # Q2: P09 reported, the Head consented two days before: S01 may attend.
    d = both(SUBSTITUTE, example, meeting="H2009-Q2", member="P09", substitute="S01")
    check(d, YES, "consent-head-by_meeting_day", D5)
    # Q3: the Standing Deputy consented under UQ-2009-01 (covers consent_substitute).
    d = both(SUBSTITUTE, example, meeting="H2009-Q3", member="P05", substitute="S03")
    check(d, YES, "consent-on-behalf-by_meeting_day", K61)
    d = both(SUBSTITUTE, example, meeting="H2009-Q3", member="P05", substitute="S03",
             **readings(consent_by_deputy="head_only"))
    check(d, NO, "consent-not-entitled", D5)
    # Q1: P08 sent S02 under a standing authorisation (UQ-2009-02), without consent.
    d = both(SUBSTITUTE, example, meeting="H2009-Q1", member="P08", substitute="S02")
    check(d, NO, "standing-delegation", D5)
    assert "UQ-2009-02" in reason(d, "standing-delegation").explanation.en
    # Q4: the Head consented on the meeting day itself: a matter of interpretation point 2.
    d = both(SUBSTITUTE, example, meeting="H2009-Q4", member="P09", substitute="S01")
    check(d, YES)
    d = both(SUBSTITUTE, example, meeting="H2009-Q4", member="P09", substitute="S01",
             **readings(consent_deadline="before_meeting_day"))
    check(d, NO, "consent-late-before_meeting_day")


@pytest.mark.clause(D1, D4)
def test_example_meetings(example: Case) -> None:
    check(both(WINDOW, example, meeting="H2009-Q1"), YES, "inside")
    check(both(WINDOW, example, meeting="H2009-Q3"), YES, "inside")  # the 30th
    check(both(WINDOW, example, meeting="H2009-Q4"), NO, "too-late", D1)
    check(both(WINDOW, example, meeting="H2009-BT1"), NA, "extraordinary")
    check(both(OBLIGATION, example, quarter="2009-Q2"), YES, "meeting-in-window")
    d = check(both(OBLIGATION, example, quarter="2009-Q4"), YES, "consultation", D4)
    assert "YK-2009-Q4" in reason(d, "consultation").explanation.en
    check(both(CONSULT, example, consultation="YK-2009-Q4"), YES, "no-meeting")
    check(both(EXTRA, example, meeting="H2009-BT1"), YES, "by-standing-deputy")
    check(both(INVITE, example, meeting="H2009-Q2", person="X01"), YES, "invited-may-act")
    check(both(INVITE, example, meeting="H2009-Q3", person="X01"), NO, "not-invited")


@pytest.mark.clause(D5)
def test_example_attendance(example: Case) -> None:
    check(both(ATTENDANCE, example, meeting="H2009-Q1", member="P08"), NO, "substitute-no")
    check(both(ATTENDANCE, example, meeting="H2009-Q2", member="P09"), YES, "substitute-yes")
    check(both(ATTENDANCE, example, meeting="H2009-Q3", member="P05"), YES, "substitute-yes")
    check(both(ATTENDANCE, example, meeting="H2009-Q3", member="P05",
               **readings(consent_by_deputy="head_only")), NO, "substitute-no")
    # P10 did not attend the extraordinary meeting; attendance records are complete.
    check(both(ATTENDANCE, example, meeting="H2009-BT1", member="P10"), NO, "absent")
    check(both(ATTENDANCE, example, meeting="H2009-Q1", member="P01"), NA)
