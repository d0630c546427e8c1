"""Điều 11 (reports and meeting documents): every question of rules/dieu11.py.

The quarterly report deadline (the 15th, and a 15th that is not a working day under both
readings of interpretation point 5), ad hoc reports and who may request them, and the
3-working-day notice for meeting documents under both readings of point 6, counted on the real
calendar: Tết 2014, 2024 and 2025, and the working Saturday of 10/01/2026. Every answer is
computed by durable_rules and by the oracle, which must agree (``both``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import kgrules
from kgrules.calendar import WorkingCalendar, default_calendar
from kgrules.case import Case
from kgrules.decision import Decision
from kgrules.facts import Act, Role
from tests.builders import (
    DEP,
    HEAD,
    HL,
    HM,
    M1,
    M2,
    M3,
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

D1, D2, D3 = ("dieu-11/doan-1", "dieu-11/doan-2", "dieu-11/doan-3")
EFFECT = "qd/hieu-luc"
K61 = "dieu-6/khoan-1"
YES, NO, UNKNOWN, NA = "yes", "no", "unknown", "not_applicable"

ON_TIME = "dieu11.report_on_time"
ADHOC = "dieu11.adhoc_report_valid"
DOCUMENTS = "dieu11.documents_on_time"


def readings(**chosen: str) -> dict[str, Any]:
    return {"interpretations": chosen}


# =================================================================================================
# đoạn 1: quarterly reports by the 15th of the quarter's last month
# =================================================================================================


def on_time(b: CaseBuilder, member: str = M1, quarter: str = "2009-Q1", **kw: Any) -> Decision:
    return both(ON_TIME, b.build(), member=member, quarter=quarter, **kw)


def reported(received: str | None, quarter: str = "2009-Q1", member: str = M1,
             b: CaseBuilder | None = None, **report: Any) -> CaseBuilder:
    return (b.copy() if b else committee()).report(member, quarter=quarter, received_on=received, **report)


@pytest.mark.clause(D1)
def test_report_yes() -> None:
    d = check(on_time(reported("2009-03-13")), YES, "received-by-15th", D1)
    check(d, YES, "reporter-member", D1)
    assert used(d) == {}  # received before the 15th: point 5 played no part
    assert d.calendar is not None and d.warnings == ()
    assert "15/03/2009" in reason(d, "received-by-15th").explanation.vi
    # A report without an id is named by its place in the case.
    assert "reports[0]" in reason(d, "received-by-15th").explanation.en
    d = on_time(reported("2009-03-13", id="BC-1"))
    assert "BC-1" in reason(d, "received-by-15th").explanation.vi
    # Several reports: one in time is enough.
    b = reported("2009-03-20").report(M1, quarter="2009-Q1", received_on="2009-03-10")
    check(on_time(b), YES, "received-by-15th")


@pytest.mark.clause(D1)
@pytest.mark.parametrize("reading", ["strict", "next_working_day"])
def test_report_fifteenth_on_a_sunday(reading: str) -> None:
    # 15 March 2009 is a Sunday: a report received on the 15th is in time under both readings.
    d = check(on_time(reported("2009-03-15"), **readings(report_deadline=reading)), YES,
              "received-by-15th", D1)
    assert used(d) == {}  # received on the 15th itself: in time under either reading
    # Received on Tuesday 17/3: late under both.
    d = check(on_time(reported("2009-03-17"), **readings(report_deadline=reading)), NO, "late",
              D1)
    assert d.warnings == ()


@pytest.mark.clause(D1)
def test_report_received_the_next_monday() -> None:
    b = reported("2009-03-16")  # Monday, the first working day after Sunday the 15th
    d = check(on_time(b), NO, "late-strict-would-shift", D1)
    assert "Chủ nhật" in warned(d) and "report_deadline" in warned(d)
    assert "Art. 148(5)" in warned(d)
    assert used(d) == {"report_deadline": ("strict", True)}
    d = check(on_time(b, **readings(report_deadline="strict")), NO, "late-strict-would-shift")
    d = check(on_time(b, **readings(report_deadline="next_working_day")), YES,
              "received-next-working-day", D1)
    assert used(d) == {"report_deadline": ("next_working_day", False)}
    assert d.warnings == ()
    assert "16/03/2009" in reason(d, "received-next-working-day").explanation.vi


@pytest.mark.clause(D1)
@pytest.mark.parametrize("reading", ["strict", "next_working_day"])
def test_report_fifteenth_on_a_working_day(reading: str) -> None:
    # 15 June 2009 is a Monday: the 16th is late whatever the reading.
    check(on_time(reported("2009-06-15", "2009-Q2"), quarter="2009-Q2",
                  **readings(report_deadline=reading)), YES, "received-by-15th")
    d = check(on_time(reported("2009-06-16", "2009-Q2"), quarter="2009-Q2",
                      **readings(report_deadline=reading)), NO, "late", D1)
    assert d.warnings == ()


@pytest.mark.clause(D1)
def test_report_fifteenth_on_a_saturday() -> None:
    # Saturday 15/12/2012: the next working day is Monday 17/12.
    b = reported("2012-12-17", "2012-Q4", b=committee("2012-01-01"))
    check(on_time(b, quarter="2012-Q4"), NO, "late-strict-would-shift")
    check(on_time(b, quarter="2012-Q4", **readings(report_deadline="next_working_day")), YES,
          "received-next-working-day")
    b = reported("2012-12-18", "2012-Q4", b=committee("2012-01-01"))
    check(on_time(b, quarter="2012-Q4", **readings(report_deadline="next_working_day")), NO,
          "late")


@pytest.mark.clause(D1)
def test_report_missing() -> None:
    d = check(on_time(committee()), UNKNOWN, "report-unknown", D1)
    assert missing(d) == ["reports"]
    check(on_time(committee().complete("reports")), NO, "no-report", D1)
    # A report for another quarter, or an ad hoc one, is not this quarter's report.
    b = reported("2009-03-13", "2009-Q2").report(M1, "adhoc", received_on="2009-03-13",
                                                 requested_by=HEAD)
    check(on_time(b), UNKNOWN, "report-unknown")
    check(on_time(b.complete("reports")), NO, "no-report")
    # Another member's report is not this member's.
    check(on_time(reported("2009-03-13", member=M2).complete()), NO, "no-report")


@pytest.mark.clause(D1)
def test_report_receipt_unknown() -> None:
    d = check(on_time(reported(None, sent_on="2009-03-12")), UNKNOWN, "receipt-unknown", D1)
    assert missing(d) == ["reports[].received_on"]
    check(on_time(reported(None, sent_on="2009-03-12").complete()), UNKNOWN, "receipt-unknown")


@pytest.mark.clause(D1)
def test_report_sent_after_deadline_bounds_receipt() -> None:
    """Issue 12, item 1: a report cannot arrive before it is sent, so with no day of receipt a
    report sent after the deadline answers no; the bound decides only when it is past the
    deadline under the chosen reading of point 5 (15/03/2009 is a Sunday: shifted to 16/03)."""
    d = check(on_time(reported(None, sent_on="2009-03-18")), NO, "sent-after-deadline", D1)
    assert "18/03/2009" in reason(d, "sent-after-deadline").explanation.vi
    assert missing(d) == []
    check(on_time(reported(None, sent_on="2009-03-17"), **readings(report_deadline="next_working_day")),
          NO, "sent-after-deadline", D1)
    # Sent on the shifted deadline: late under the strict reading, undecided under the other.
    check(on_time(reported(None, sent_on="2009-03-16")), NO, "sent-after-strict-deadline", D1)
    d = check(on_time(reported(None, sent_on="2009-03-16"),
                      **readings(report_deadline="next_working_day")), UNKNOWN, "receipt-unknown", D1)
    assert missing(d) == ["reports[].received_on"]
    # Sent by the deadline: the bound does not decide.
    check(on_time(reported(None, sent_on="2009-03-15")), UNKNOWN, "receipt-unknown", D1)
    # Another report received in time still makes it yes.
    b = reported(None, sent_on="2009-03-18").report(M1, quarter="2009-Q1", received_on="2009-03-10")
    check(on_time(b), YES, "received-by-15th")


@pytest.mark.clause(D1, "dieu-2/khoan-2")
def test_report_receiver_checked_against_the_records() -> None:
    """Issue 12, item 15: "về cơ quan Thường trực Ban Chỉ đạo": a receipt on time counts when the
    recorded receiver was of the Standing office that day (the Standing Deputy, the helper team,
    or anyone holding an office in the standing agency); a receiver the records place elsewhere
    makes the answer no once positions and offices are complete, unknown otherwise, with a
    warning either way."""
    check(on_time(reported("2009-03-13", received_by=SD)), YES, "received-by-15th-standing-deputy", D1)
    check(on_time(reported("2009-03-13", received_by=HM)), YES, "received-by-15th-helper-member")
    d = check(on_time(reported("2009-03-13", received_by=X1)), UNKNOWN, "receiver-unconfirmed", D1)
    assert "X1" in warned(d) and "offices" in missing(d)
    d = check(on_time(reported("2009-03-13", received_by=X1).complete("positions", "offices")), NO,
              "receiver-not-standing-office", D1)
    assert "X1" in warned(d)
    # Someone in the standing agency that day.
    b = (committee()._add("agencies", id="STIC", name="Sở Thông tin và Truyền thông",
                          kind="standing_agency")
         ._add("offices", person=X1, kind="staff", agency="STIC", start="2008-01-01"))
    check(on_time(reported("2009-03-13", received_by=X1, b=b)), YES,
          "received-by-15th-standing-agency", D1)
    # Late whoever received it.
    check(on_time(reported("2009-03-20", received_by=X1)), NO, "late", D1)


@pytest.mark.clause(D1)
def test_report_who_reports() -> None:
    # The Standing Deputy runs the office the reports go to: not a sender.
    check(on_time(reported("2009-03-13", member=SD), SD), NA, "standing-deputy", D1)
    check(on_time(reported("2009-03-13", member=DEP), DEP), YES, "reporter-deputy")
    check(on_time(reported("2009-03-13", member=HEAD), HEAD), NA, "head", D1)
    check(on_time(reported("2009-03-13", member=X1), X1), NA, "not-on-committee", D1)
    check(on_time(reported("2009-03-13", member=HL), HL), NA, "not-on-committee")
    # Joined after the deadline: not bound for that quarter.
    b = committee().person("NEW").position("NEW", Role.MEMBER, "2009-03-16")
    check(on_time(b.complete("reports"), "NEW"), NA, "not-on-committee")


@pytest.mark.clause(D1)
def test_report_missing_from_a_deputy_lists_point_1() -> None:
    b = committee().complete("reports")
    d = check(on_time(b, DEP), NO, "no-report", D1)
    check(on_time(b, DEP, **readings(attendance_scope="members_only")), NA,
          "deputy-not-a-member")
    assert "attendance_scope" in used(d)


@pytest.mark.clause(D1, EFFECT)
def test_report_before_the_regulation() -> None:
    b = committee("2008-01-01").complete("reports")
    check(on_time(b, quarter="2008-Q1"), NA, "before-effect", EFFECT)
    # 2008-Q2's deadline, 15/6/2008, is before the decision was signed (23/6/2008).
    check(on_time(b, quarter="2008-Q2"), NA, "before-effect", EFFECT)
    check(on_time(reported("2008-09-15", "2008-Q3", b=committee("2008-01-01")),
                  quarter="2008-Q3"), YES, "received-by-15th")


# =================================================================================================
# đoạn 1 and đoạn 3: ad hoc reports
# =================================================================================================


def adhoc(b: CaseBuilder | None = None, **report: Any) -> Decision:
    fields: dict[str, Any] = {"requested_by": HEAD, "received_on": "2009-08-10",
                              "sent_on": "2009-08-08"}
    fields.update(report)
    kind = fields.pop("kind", "adhoc")
    case = (b.copy() if b else committee()).report(M1, kind, id="DX", **fields).build()
    return both(ADHOC, case, report="DX")


@pytest.mark.clause(D1)
def test_adhoc_yes() -> None:
    d = check(adhoc(), YES, "requested-may-act", D1)
    check(d, YES, "adhoc", D1)
    assert d.interpretations == ()
    # Only one of the dates is needed to check the requester's authority.
    check(adhoc(received_on=None), YES, "requested-may-act")
    check(adhoc(sent_on=None), YES, "requested-may-act")


@pytest.mark.clause(D1, K61)
def test_adhoc_requested_by_the_standing_deputy() -> None:
    # No authorisation recorded: authority.may_act's answer, unknown while authorisations are
    # open, no once they are complete (issue 12, item 4).
    check(adhoc(requested_by=SD), UNKNOWN, "requester-authority-unknown", D1)
    check(adhoc(committee().complete("authorisations"), requested_by=SD), NO,
          "requested-by-other", D1)

    def authorised(acts: list[Act], start: str = "2009-07-01",
                   end: str = "2009-12-31", grantor: str = HEAD) -> CaseBuilder:
        return committee().complete("authorisations", "positions").authorise(
            "UQ", grantor, SD, acts, start, end)

    d = check(adhoc(authorised([Act.REQUEST_ADHOC_REPORT]), requested_by=SD), YES,
              "requested-may-act", K61)
    assert "authority.may_act" in reason(d, "requested-may-act").facts
    for b in (
        authorised([Act.REQUEST_ADHOC_REPORT], end="2009-08-01"),  # expired
        authorised([Act.CONSENT_SUBSTITUTE, Act.CONVENE_MEETING]),  # other acts
        authorised([Act.REQUEST_ADHOC_REPORT], grantor=DEP),  # not from the Head
    ):
        check(adhoc(b, requested_by=SD), NO, "requested-by-other", D1)


@pytest.mark.clause(D1)
@pytest.mark.parametrize("requester", [M2, DEP, X1])
def test_adhoc_requested_by_someone_else(requester: str) -> None:
    # X1 holds no recorded position: no once positions are complete (authority.may_act).
    d = check(adhoc(committee().complete("positions"), requested_by=requester), NO,
              "requested-by-other", D1)
    assert requester in reason(d, "requested-by-other").explanation.en


@pytest.mark.clause(D3)
def test_adhoc_requested_by_the_provincial_committee() -> None:
    check(adhoc(requested_by=None, requested_by_ppc=True), YES, "requested-by-ppc", D3)
    check(adhoc(requested_by=M2, requested_by_ppc=True), YES, "requested-by-ppc", D3)


@pytest.mark.clause(D1)
def test_adhoc_request_unknown() -> None:
    d = check(adhoc(requested_by=None), UNKNOWN, "request-unknown", D1)
    assert missing(d) == ["reports[].requested_by"]
    d = check(adhoc(received_on=None, sent_on=None), UNKNOWN, "request-date-unknown", D1)
    assert missing(d) == ["reports[].sent_on"]


@pytest.mark.clause(D1, EFFECT)
def test_adhoc_not_applicable() -> None:
    check(adhoc(kind="quarterly", quarter="2009-Q3"), NA, "quarterly", D1)
    check(adhoc(committee("2008-01-01"), received_on="2008-05-10", sent_on="2008-05-09"), NA,
          "before-effect", EFFECT)


# =================================================================================================
# đoạn 2: documents at least 3 working days before a regular meeting
# =================================================================================================


def documents(date: str, *sent: str, b: CaseBuilder | None = None, kind: str = "regular",
              has_documents: bool | None = True, quarter: str | None = None,
              **kw: Any) -> Decision:
    b = (b.copy() if b else committee()).meeting("M", date, kind, has_documents=has_documents,
                                   quarter=quarter)
    for day in sent:
        b.dispatch("M", day)
    return both(DOCUMENTS, b.build(), meeting="M", **kw)


@pytest.mark.clause(D2, "dieu-10/doan-5")
def test_documents_owed_to_every_member() -> None:
    """Issue 12, item 2: "gửi tài liệu … cho các Thành viên Ban … ít nhất 03 ngày làm việc" is
    owed to each Member (who they are: point 1, attendance_scope, shared with đoạn 5 Điều 10). An
    empty ``recipients`` addresses all. Latest day for 26/03/2009 (count back): 23/03/2009."""
    base = committee().meeting("M", "2009-03-26", has_documents=True)
    # One early dispatch to one member, the rest the day before: no.
    b = base.copy().dispatch("M", "2009-03-20", recipients=[M1]).dispatch("M", "2009-03-25")
    d = check(both(DOCUMENTS, b.build(), meeting="M"), NO, "late-count_back-for-member", D2)
    assert "25/03/2009" in reason(d, "late-count_back-for-member").explanation.vi
    # Every member reached in time, by separate dispatches: yes.
    b = base.copy().dispatch("M", "2009-03-20", recipients=[M1]).dispatch(
        "M", "2009-03-19", recipients=[M2, M3, SD, DEP])
    check(both(DOCUMENTS, b.build(), meeting="M"), YES, "sent-count_back", D2)
    # One member not reached: unknown while dispatches are open, no once they are complete.
    b = base.copy().dispatch("M", "2009-03-20", recipients=[M1, M3, SD, DEP])
    d = check(both(DOCUMENTS, b.build(), meeting="M"), UNKNOWN, "member-not-sent-unknown", D2)
    assert "dispatches" in missing(d)
    check(both(DOCUMENTS, b.complete("dispatches").build(), meeting="M"), NO, "member-not-sent", D2)
    # The Deputy Heads reached late: no under all_but_head, yes under members_only.
    b = base.copy().dispatch("M", "2009-03-20", recipients=[M1, M2, M3]).dispatch(
        "M", "2009-03-25", recipients=[SD, DEP])
    check(both(DOCUMENTS, b.build(), meeting="M"), NO, "late-count_back-for-member", D2)
    d = check(both(DOCUMENTS, b.build(), meeting="M", **readings(attendance_scope="members_only")),
              YES, "sent-count_back-members_only", D2)
    assert used(d)["attendance_scope"] == ("members_only", False)


@pytest.mark.clause(D2)
def test_documents_yes() -> None:
    d = check(documents("2009-03-26", "2009-03-20"), YES, "sent-count_back", D2)
    check(d, YES, "regular", D2)
    assert used(d) == {"documents_notice": ("count_back", True),
                       "attendance_scope": ("all_but_head", True)}
    assert d.calendar is not None and "holidays" in d.calendar
    assert "23/03/2009" in reason(d, "sent-count_back").explanation.vi
    # One dispatch in time is enough.
    check(documents("2009-03-26", "2009-03-25", "2009-03-20"), YES, "sent-count_back")


@pytest.mark.clause(D2)
@pytest.mark.parametrize(
    ("sent", "count_back", "clear_days"),
    [
        ("2009-03-20", YES, YES),  # Friday: Mon, Tue, Wed lie between
        ("2009-03-22", YES, YES),  # Sunday, the latest under clear_days
        ("2009-03-23", YES, NO),  # Monday, the 3rd working day back from Thursday 26/3
        ("2009-03-24", NO, NO),
        ("2009-03-26", NO, NO),  # on the meeting day
    ],
)
def test_documents_under_each_reading(sent: str, count_back: str, clear_days: str) -> None:
    for reading, outcome in (("count_back", count_back), ("clear_days", clear_days)):
        d = documents("2009-03-26", sent, **readings(documents_notice=reading))
        rule = f"sent-{reading}" if outcome == YES else f"late-{reading}"
        check(d, outcome, rule, D2)
        assert used(d)["documents_notice"] == (reading, reading == "count_back")


@pytest.mark.clause(D2)
def test_documents_none_to_send() -> None:
    d = check(documents("2009-03-26", has_documents=False), YES, "no-documents", D2)
    assert "nếu có" in reason(d, "no-documents").explanation.vi
    check(documents("2009-03-26", has_documents=False, b=committee().complete()), YES,
          "no-documents")


@pytest.mark.clause(D2)
def test_documents_dispatch_missing() -> None:
    d = check(documents("2009-03-26"), UNKNOWN, "dispatch-unknown", D2)
    assert missing(d) == ["dispatches"]
    d = check(documents("2009-03-26", has_documents=None), UNKNOWN,
              "documents-and-dispatch-unknown", D2)
    assert missing(d) == ["meetings[].has_documents", "dispatches"]
    check(documents("2009-03-26", b=committee().complete("dispatches")), NO, "not-sent", D2)
    d = check(documents("2009-03-26", has_documents=None, b=committee().complete("dispatches")),
              UNKNOWN, "unknown-whether-documents", D2)
    assert missing(d) == ["meetings[].has_documents"]
    # Whether or not documents are recorded, a dispatch settles it.
    check(documents("2009-03-26", "2009-03-20", has_documents=None), YES, "sent-count_back")
    check(documents("2009-03-26", "2009-03-25", has_documents=None), NO, "late-count_back")


@pytest.mark.clause(D2, EFFECT)
def test_documents_not_applicable() -> None:
    d = check(documents("2009-08-12", "2009-08-11", kind="extraordinary"), NA, "extraordinary",
              D2)
    assert d.interpretations == ()
    d = check(documents("2008-05-10", "2008-05-09", b=committee("2008-01-01")), NA,
              "before-effect", EFFECT)
    check(d, NA, "documents-before-effect", EFFECT)


@pytest.mark.clause(D2, EFFECT)
def test_documents_deadline_before_the_regulation() -> None:
    """A regular meeting on or just after the day of effect (23/6/2008) whose latest day to send
    fell before it: the notice could not be owed before the regulation existed, so not
    applicable, as a quarterly report whose 15th precedes the day of effect is. Before the fix
    the meeting of 25/6/2008 with documents sent on 23/6 was "no" (latest day 20/6)."""
    b = committee("2008-06-20")
    # Wednesday 25/6/2008: the count back ends on Friday 20/6, before the day of effect.
    d = check(documents("2008-06-25", "2008-06-23", b=b), NA,
              "deadline-before-effect-count_back", EFFECT)
    assert "20/06/2008" in reason(d, "deadline-before-effect-count_back").explanation.vi
    assert D2 in reason(d, "deadline-before-effect-count_back").clauses
    check(documents("2008-06-25", "2008-06-19", b=b), NA, "deadline-before-effect-count_back")
    # With no documents there was nothing to send under every reading: "yes", as SPEC says.
    for notice in ("count_back", "clear_days"):
        check(documents("2008-06-23", b=b, has_documents=False,
                        **readings(documents_notice=notice)), YES, "no-documents")
    # Thursday 26/6/2008: count_back ends on 23/6 itself, the duty applies...
    check(documents("2008-06-26", "2008-06-23", b=b), YES, "sent-count_back", D2)
    check(documents("2008-06-26", "2008-06-24", b=b), NO, "late-count_back", D2)
    # ... but under clear_days the latest day is Sunday 22/6: not applicable; Friday 27/6 applies.
    clear = readings(documents_notice="clear_days")
    check(documents("2008-06-26", "2008-06-23", b=b, **clear), NA,
          "deadline-before-effect-clear_days", EFFECT)
    check(documents("2008-06-27", "2008-06-23", b=b, **clear), YES, "sent-clear_days", D2)
    check(documents("2008-06-27", "2008-06-24", b=b, **clear), NO, "late-clear_days", D2)


@pytest.mark.clause(D2)
@pytest.mark.parametrize(
    ("meeting", "latest", "too_late"),
    [
        # Tết Giáp Ngọ 2014: off 28/1–5/2, Saturday 8/2 worked (DOMAIN.md §A.2).
        ("2014-02-10", "2014-02-06", "2014-02-07"),
        # Tết Giáp Thìn 2024: off 8/2–14/2.
        ("2024-02-19", "2024-02-07", "2024-02-08"),
        # Tết Ất Tỵ 2025: off 25/1–2/2.
        ("2025-02-03", "2025-01-22", "2025-01-23"),
        # 2/1/2026 off in exchange for Saturday 10/1/2026, a working day.
        ("2026-01-14", "2026-01-10", "2026-01-12"),
        ("2026-01-07", "2025-12-31", "2026-01-02"),
    ],
)
def test_documents_around_tet_and_swapped_days(meeting: str, latest: str, too_late: str) -> None:
    day = dt.date.fromisoformat
    assert default_calendar().latest_dispatch_day(day(meeting)).latest == day(latest)
    b = committee("2008-07-01")
    quarter = f"{meeting[:4]}-Q1"
    d = check(documents(meeting, latest, b=b, quarter=quarter), YES, "sent-count_back", D2)
    assert day(latest).strftime("%d/%m/%Y") in reason(d, "sent-count_back").explanation.vi
    check(documents(meeting, too_late, b=b, quarter=quarter), NO, "late-count_back", D2)
    # Under clear_days the count-back day itself is too late.
    check(documents(meeting, latest, b=b, quarter=quarter,
                    **readings(documents_notice="clear_days")), NO, "late-clear_days", D2)


@pytest.mark.clause(D2)
def test_documents_working_saturday_needs_the_official_calendar() -> None:
    # Without kgrules' corrections the holidays package does not know that Saturday 10/1/2026
    # was a working day, so the count back from Wednesday 14/1 ends on Friday 9/1.
    bare = WorkingCalendar(corrections=False)
    d = check(documents("2026-01-14", "2026-01-10", calendar=bare), NO, "late-count_back")
    assert d.calendar == bare.name
    # A case carrying the official list for 2026 gets it right whatever the default.
    b = committee().calendar(2026, days_off=["2026-01-02"], working_days=["2026-01-10"],
                             source="12729/VPCP-KGVX")
    d = check(documents("2026-01-14", "2026-01-10", b=b), YES, "sent-count_back")
    assert "official list (2026)" in (d.calendar or "")


# =================================================================================================
# The example committee (kgrules/data/examples/committee-2009.json)
# =================================================================================================


@pytest.fixture(scope="module")
def example() -> Case:
    return kgrules.load_example()


@pytest.mark.clause(D1)
def test_example_reports(example: Case) -> None:
    # P06's 2009-Q1 report arrived on Monday 16/3; the 15th was a Sunday.
    d = both(ON_TIME, example, member="P06", quarter="2009-Q1")
    check(d, NO, "late-strict-would-shift", D1)
    assert warned(d)
    d = both(ON_TIME, example, member="P06", quarter="2009-Q1",
             **readings(report_deadline="next_working_day"))
    # Received by P12, of the helper team and of the standing agency (issue 12, item 15).
    check(d, YES, "received-next-working-day-helper-member")
    check(both(ON_TIME, example, member="P03", quarter="2009-Q1"), YES,
          "received-by-15th-standing-agency")
    # P07's 2009-Q3 report arrived on Thursday 17/9 (the 15th was a Tuesday).
    for reading in ("strict", "next_working_day"):
        check(both(ON_TIME, example, member="P07", quarter="2009-Q3",
                   **readings(report_deadline=reading)), NO, "late")
    # P10 sent no 2009-Q4 report; the report records are complete.
    check(both(ON_TIME, example, member="P10", quarter="2009-Q4"), NO, "no-report")
    check(both(ON_TIME, example, member="P01", quarter="2009-Q1"), NA, "head")


@pytest.mark.clause(D1, K61)
def test_example_adhoc_reports(example: Case) -> None:
    check(both(ADHOC, example, report="BC-DX-01"), YES, "requested-may-act")
    # Requested by the Standing Deputy under UQ-2009-01 (covers request_adhoc_report).
    check(both(ADHOC, example, report="BC-DX-02"), YES, "requested-may-act", K61)
    # Requested by P06, a Member.
    d = check(both(ADHOC, example, report="BC-DX-03"), NO, "requested-by-other", D1)
    assert "P06" in reason(d, "requested-by-other").explanation.vi
    # Reports are named by their id, not their place in the case.
    assert "BC-DX-03" in reason(d, "adhoc").explanation.en
    check(both(ADHOC, example, report="BC-2009-Q1-P03"), NA, "quarterly")


@pytest.mark.clause(D2)
def test_example_documents(example: Case) -> None:
    # H2009-Q1 (Thursday 26/3), documents sent Monday 23/3: the count-back day.
    check(both(DOCUMENTS, example, meeting="H2009-Q1"), YES, "sent-count_back")
    check(both(DOCUMENTS, example, meeting="H2009-Q1",
               **readings(documents_notice="clear_days")), NO, "late-clear_days")
    check(both(DOCUMENTS, example, meeting="H2009-Q2"), YES, "sent-count_back")
    # H2009-Q3 (Wednesday 30/9), sent Monday 28/9: the latest day was Friday 25/9.
    d = check(both(DOCUMENTS, example, meeting="H2009-Q3"), NO, "late-count_back", D2)
    assert "25/09/2009" in reason(d, "late-count_back").explanation.vi
    check(both(DOCUMENTS, example, meeting="H2009-Q4"), YES, "no-documents")
    check(both(DOCUMENTS, example, meeting="H2009-BT1"), NA, "extraordinary")
