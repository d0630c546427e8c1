"""The living specification of Điều 10 and Điều 11, clause by clause.

Each property states one rule of the text (Vietnamese, then English) and checks the engine's
answers against that statement written independently, in plain Python over the case's records,
on generated committees: not the rules restated, but what a reader of the clause would check.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given, note
from hypothesis import strategies as st
from kgrules.rules.dieu4 import roles_known

from kgrules import ask
from kgrules.calendar import default_calendar
from kgrules.case import Case
from kgrules.decision import Outcome
from kgrules.facts import AttendanceMode, MeetingKind, ReportKind, Role
from kgrules.params import in_force
from kgrules.testing import committee_cases, interpretations, questions_for

CAL = default_calendar()


def committee_roles(case: Case, person: str, day: dt.date) -> set[Role]:
    return {p.role for _, p in case.positions_of(person)
            if p.start <= day and (p.end is None or day <= p.end)}


def draw_question(data: st.DataObject, case: Case, qid: str) -> dict[str, str]:
    got = data.draw(questions_for(case, [qid]))
    return got[1]


# =================================================================================================
# đoạn 1 Điều 10 — the quarterly window
# =================================================================================================


@pytest.mark.clause("dieu-10/doan-1")
@given(data=st.data(), case=committee_cases(), chosen=interpretations())
def test_regular_meeting_window(data: st.DataObject, case: Case, chosen: dict[str, str]) -> None:
    """Phiên họp định kỳ đã diễn ra (Quy chế đã có hiệu lực) được tính là đúng thời gian khi và chỉ
    khi ngày họp nằm từ ngày 20 đến ngày 30 của tháng cuối quý mà nó thuộc về (ngày 31 là ngoài);
    họp vào ngày nghỉ trong khoảng đó đúng thời gian theo cách hiểu mặc định, kèm cảnh báo.

    A held regular meeting (the regulation in force) is in time exactly when its day lies from the
    20th to the 30th of the last month of its quarter (the 31st is outside); a meeting on a
    non-working day inside the window complies under the default reading, with a warning.
    """
    args = draw_question(data, case, "dieu10.regular_meeting_in_window")
    meeting = case.meeting(args["meeting"])
    assume(meeting.kind == MeetingKind.REGULAR and meeting.held and in_force(meeting.date))
    year, quarter = meeting.for_quarter
    assume(dt.date(year, quarter * 3, 28) >= dt.date(2008, 6, 23))
    d = ask("dieu10.regular_meeting_in_window", case, interpretations=chosen, **args)
    inside = (meeting.date.year, meeting.date.month) == (year, quarter * 3) and (
        20 <= meeting.date.day <= 30)
    working = CAL if not case.calendar_overrides else case.working_calendar()
    lenient = chosen.get("non_working_day_meeting", "compliant_with_warning") == (
        "compliant_with_warning")
    expected = inside and (working.is_working_day(meeting.date) or lenient)
    assert d.outcome == (Outcome.YES if expected else Outcome.NO)
    if expected and not working.is_working_day(meeting.date):
        assert d.warnings


# =================================================================================================
# đoạn 2 Điều 10 — extraordinary meetings
# =================================================================================================


@pytest.mark.clause("dieu-10/doan-2", "dieu-5/khoan-4")
@given(data=st.data(), case=committee_cases())
def test_extraordinary_meeting(data: st.DataObject, case: Case) -> None:
    """Phiên họp bất thường chỉ hợp lệ khi người triệu tập là Trưởng ban vào ngày triệu tập (hoặc
    Phó Trưởng ban Thường trực có ủy quyền); theo cách hiểu "proposal_required" của điểm 9, còn
    phải có đề nghị của Thường trực (Phó Trưởng ban Thường trực vào ngày đề nghị) trước khi triệu
    tập: thiếu một trong các điều đó thì không thể là CÓ.

    An extraordinary meeting is valid only if the convener was the Head that day (or an
    authorised Standing Deputy); under point 9's reading "proposal_required", also only if the
    Standing office (the Standing Deputy on the day of the proposal) proposed it before it was
    convened: without any of these the answer is never yes.
    """
    extra = [m for m in case.meetings if m.kind == MeetingKind.EXTRAORDINARY]
    assume(extra)
    meeting = data.draw(st.sampled_from(extra))
    for reading in ("head_own_initiative", "proposal_required"):
        d = ask("dieu10.extraordinary_meeting_valid", case, meeting=meeting.id,
                interpretations={"extraordinary_initiative": reading})
        if d.outcome != Outcome.YES:
            continue
        assert meeting.convened_by
        convened = meeting.convened_on or meeting.date
        roles = committee_roles(case, meeting.convened_by, convened)
        assert Role.HEAD in roles or Role.STANDING_DEPUTY in roles
        if reading == "proposal_required":
            assert meeting.proposed_by and meeting.proposed_on
            assert meeting.proposed_on <= convened
            assert Role.STANDING_DEPUTY in committee_roles(case, meeting.proposed_by,
                                                           meeting.proposed_on)


# =================================================================================================
# đoạn 3 Điều 10 — invitations
# =================================================================================================


@pytest.mark.clause("dieu-10/doan-3")
@given(data=st.data(), case=committee_cases())
def test_invitation(data: st.DataObject, case: Case) -> None:
    """Người ngoài Ban chỉ được dự họp khi Trưởng ban (hoặc người được ủy quyền) quyết định mời,
    chậm nhất trong ngày họp; thành viên Ban dự họp theo đoạn 5, không cần mời.

    An outsider attends only by an invitation decided, by the meeting day at the latest, by the
    Head (or someone authorised); a committee member attends under paragraph 5, uninvited.
    """
    args = draw_question(data, case, "dieu10.invitation_valid")
    meeting = case.meeting(args["meeting"])
    d = ask("dieu10.invitation_valid", case, **args)
    member = committee_roles(case, args["person"], meeting.date) - {
        Role.HELPER_LEADER, Role.HELPER_MEMBER}
    if member and in_force(meeting.date):
        assert d.outcome == Outcome.NOT_APPLICABLE
    if d.outcome == Outcome.YES:
        invites = [i for _, i in case.invitations_for(meeting.id) if i.invitee == args["person"]]
        assert any(i.decided_by and (i.decided_on or meeting.date) <= meeting.date
                   for i in invites)


# =================================================================================================
# đoạn 4 Điều 10 — written consultation instead of a meeting
# =================================================================================================


@pytest.mark.clause("dieu-10/doan-4")
@given(data=st.data(), case=committee_cases())
def test_written_consultation(data: st.DataObject, case: Case) -> None:
    """Lấy ý kiến bằng văn bản chỉ thay được phiên họp khi không tổ chức được phiên họp định kỳ
    trong khoảng họp của quý, do Trưởng ban yêu cầu, và Trưởng ban đã tổng hợp, quyết định.

    A written consultation stands in for a meeting only when no regular meeting was held in the
    quarter's window, the Head requested it, and the Head compiled the opinions and decided.
    """
    assume(case.consultations)
    c = data.draw(st.sampled_from(case.consultations))
    d = ask("dieu10.written_consultation_valid", case, consultation=c.id)
    if d.outcome != Outcome.YES:
        return
    assert c.decided_by and c.decided_on and c.decided_on >= c.requested_on
    assert Role.HEAD in committee_roles(case, c.decided_by, c.decided_on)
    year, quarter = int(c.quarter[:4]), int(c.quarter[-1])
    window = CAL.quarter_window(year, quarter) if not case.calendar_overrides else (
        case.working_calendar().quarter_window(year, quarter))
    held = [m for _, m in case.meetings_for_quarter(c.quarter)
            if m.kind == MeetingKind.REGULAR and m.held and window.contains(m.date)]
    assert not held


# =================================================================================================
# đoạn 5 Điều 10 — attendance and substitutes
# =================================================================================================


@pytest.mark.clause("dieu-10/doan-5")
@given(data=st.data(), case=committee_cases(), chosen=interpretations())
def test_substitute_needs_report_and_consent(
    data: st.DataObject, case: Case, chosen: dict[str, str]
) -> None:
    """Chỉ được cử người dự họp thay khi Thành viên không thể dự họp đã báo cáo (chậm nhất trong
    ngày họp) và được sự đồng ý của Trưởng ban (hoặc Phó Trưởng ban Thường trực được ủy quyền,
    theo cách hiểu đã chọn); một văn bản ủy quyền dự họp thường xuyên không bao giờ thay được sự
    đồng ý đó ("không ủy quyền").

    A substitute may attend only when the member reported being unable to attend (by the meeting
    day) and the Head (or, per the chosen reading, an authorised Standing Deputy) consented; a
    standing authorisation to attend never replaces that consent ("attendance is not delegated").
    """
    args = draw_question(data, case, "dieu10.substitute_allowed")
    d = ask("dieu10.substitute_allowed", case, interpretations=chosen, **args)
    if d.outcome != Outcome.YES:
        return
    meeting = case.meeting(args["meeting"])
    reports = case.absence_reports_for(meeting.id, args["member"])
    assert any(r.reported_on <= meeting.date for _, r in reports)
    consents = [c for _, c in case.consents_for(meeting.id, args["member"])
                if c.substitute in (None, args["substitute"])]
    late = chosen.get("consent_deadline", "by_meeting_day") == "before_meeting_day"
    in_time = [c for c in consents if c.given_on < meeting.date or (
        not late and c.given_on == meeting.date)]
    assert in_time
    allowed = {Role.HEAD, Role.STANDING_DEPUTY} if chosen.get(
        "consent_by_deputy", "with_authorisation") != "head_only" else {Role.HEAD}
    assert any(committee_roles(case, c.given_by, c.given_on) & allowed
               or chosen.get("consent_by_deputy") == "any_authorised" for c in in_time)
    assert Role.HEAD not in committee_roles(case, args["member"], meeting.date)


@pytest.mark.clause("dieu-10/doan-5")
@given(data=st.data(), case=committee_cases())
def test_attendance_in_person_always_complies(data: st.DataObject, case: Case) -> None:
    """Thành viên thuộc diện phải dự họp, có mặt trực tiếp tại phiên họp đã diễn ra, luôn thực hiện
    đúng chế độ dự họp.

    A bound member who attended a held meeting in person always met the attendance duty.
    """
    rows = [(m, a) for m in case.meetings if m.held and in_force(m.date)
            for _, a in case.attendances_for(m.id) if a.mode == AttendanceMode.IN_PERSON]
    assume(rows)
    meeting, a = data.draw(st.sampled_from(rows))
    roles = committee_roles(case, a.person, meeting.date)
    assume(roles & {Role.STANDING_DEPUTY, Role.DEPUTY, Role.MEMBER})
    assume(Role.HEAD not in roles)
    d = ask("dieu10.attendance_compliant", case, meeting=meeting.id, member=a.person)
    assert d.outcome == Outcome.YES


# =================================================================================================
# đoạn 1 Điều 11 — quarterly and ad hoc reports
# =================================================================================================


@pytest.mark.clause("dieu-11/doan-1")
@given(data=st.data(), case=committee_cases())
def test_report_by_the_fifteenth(data: st.DataObject, case: Case) -> None:
    """Theo cách hiểu mặc định (đúng ngày 15), báo cáo quý của Thành viên là đúng hạn khi và chỉ
    khi cơ quan Thường trực nhận được nó chậm nhất ngày 15 của tháng cuối quý.

    Under the default reading (strictly the 15th), a member's quarterly report is on time exactly
    when the Standing office received it no later than the 15th of the quarter's last month.
    """
    args = draw_question(data, case, "dieu11.report_on_time")
    year, quarter = int(args["quarter"][:4]), int(args["quarter"][-1])
    deadline = dt.date(year, quarter * 3, 15)
    assume(in_force(deadline))
    roles = committee_roles(case, args["member"], deadline)
    assume(roles & {Role.DEPUTY, Role.MEMBER} and not roles & {Role.HEAD, Role.STANDING_DEPUTY})
    d = ask("dieu11.report_on_time", case, **args)
    note(d.render("en"))
    reports = [r for _, r in case.reports_of(args["member"])
               if r.kind == ReportKind.QUARTERLY and r.quarter == args["quarter"]]
    timely = [r for r in reports if r.received_on is not None and r.received_on <= deadline]
    if any(r.received_by is None for r in timely):
        assert d.outcome == Outcome.YES
    elif timely:
        # Received in time by a named receiver: on time when the records place the receiver in
        # the Standing office that day (issue 12, item 15); a `no` only on complete records.
        receivers_complete = case.is_complete("positions") and case.is_complete("offices")
        assert d.outcome != Outcome.NO or receivers_complete
    elif any(r.received_on is not None for r in reports):
        assert d.outcome in (Outcome.NO, Outcome.UNKNOWN)
        if all(r.received_on is not None for r in reports):
            assert d.outcome == Outcome.NO
    elif reports:  # reports exist, but when they arrived is not recorded
        # A report cannot arrive before it is sent (issue 12, item 1): sent after the deadline
        # bounds it to late; otherwise when it arrived decides, and that is unknown.
        late = all(r.sent_on is not None and r.sent_on > deadline for r in reports)
        assert d.outcome == (Outcome.NO if late else Outcome.UNKNOWN)
    else:
        assert d.outcome == (Outcome.NO if case.is_complete("reports") else Outcome.UNKNOWN)


# =================================================================================================
# đoạn 2 Điều 11 — documents at least 3 working days before a regular meeting
# =================================================================================================


def working_days_from(day: dt.date, meeting: dt.date, case: Case) -> int:
    cal = case.working_calendar() if case.calendar_overrides else CAL
    n, d = 0, day
    while d < meeting:
        n += cal.is_working_day(d)
        d += dt.timedelta(days=1)
    return n


@pytest.mark.clause("dieu-11/doan-2")
@given(data=st.data(), case=committee_cases())
def test_documents_three_working_days(data: st.DataObject, case: Case) -> None:
    """Theo cách hiểu mặc định, tài liệu họp định kỳ gửi đúng hạn khi từ ngày gửi đến trước ngày
    họp có ít nhất 03 ngày làm việc (tính cả ngày gửi nếu là ngày làm việc, không tính ngày họp),
    cho từng Thành viên Ban (danh sách người nhận rỗng là gửi tất cả);
    phiên họp không có tài liệu thì không có gì phải gửi; họp bất thường không thuộc quy định này.

    Under the default reading, documents for a regular meeting are on time when at least 3 working
    days lie from the day they were sent up to (not including) the meeting day, for each Member
    owed them (an empty recipients list addresses all); a meeting without
    documents has nothing to send; extraordinary meetings are outside this rule.
    """
    args = draw_question(data, case, "dieu11.documents_on_time")
    meeting = case.meeting(args["meeting"])
    assume(in_force(meeting.date))
    d = ask("dieu11.documents_on_time", case, **args)
    if meeting.kind == MeetingKind.EXTRAORDINARY:
        assert d.outcome == Outcome.NOT_APPLICABLE
        return
    if meeting.has_documents is False:
        assert d.outcome == Outcome.YES
        return
    # Owed to each of "các Thành viên Ban" (default reading of point 1: all but the Head); an
    # empty recipients list addresses all of them (issue 12, item 2).
    dispatches = [x for _, x in case.dispatches_for(meeting.id)]
    owed = {ix.record.person for role in (Role.STANDING_DEPUTY, Role.DEPUTY, Role.MEMBER)
            for ix in case.holders(role, meeting.date)}
    first = {p: min((x.sent_on for x in dispatches if not x.recipients or p in x.recipients),
                    default=None) for p in owed}
    in_time = {p: f is not None and working_days_from(f, meeting.date, case) >= 3
               for p, f in first.items()}
    if dispatches and all(in_time.values()) and any(
            working_days_from(x.sent_on, meeting.date, case) >= 3 for x in dispatches):
        assert d.outcome == Outcome.YES
    elif any(f is not None and not in_time[p] for p, f in first.items()):
        assert d.outcome == Outcome.NO
    else:
        assert d.outcome in (Outcome.NO, Outcome.UNKNOWN)


# =================================================================================================
# đoạn 3 Điều 11 — the committee reports at the request of the UBND tỉnh
# =================================================================================================


@pytest.mark.clause("dieu-11/doan-3", "dieu-11/doan-1")
@given(data=st.data(), case=committee_cases())
def test_adhoc_reports(data: st.DataObject, case: Case) -> None:
    """Báo cáo đột xuất theo yêu cầu của UBND tỉnh luôn hợp lệ (đoạn 3); báo cáo đột xuất do người
    không phải Trưởng ban hay Phó Trưởng ban Thường trực yêu cầu thì không bao giờ hợp lệ: KHÔNG
    khi đã biết vị trí của người đó vào ngày ấy (có ghi nhận, hoặc hồ sơ chức vụ được khai là đầy
    đủ), nếu không thì CHƯA XÁC ĐỊNH (người đó có thể là Trưởng ban mà hồ sơ chưa ghi).

    An ad hoc report requested by the Provincial People's Committee is always valid (paragraph
    3); one requested by someone who is neither the Head nor the Standing Deputy never is: no
    when their positions that day are known (one recorded, or positions declared complete),
    unknown otherwise (they may be an unrecorded Head).
    """
    adhoc = [r for r in case.reports if r.kind == ReportKind.ADHOC and r.id is not None]
    assume(adhoc)
    report = data.draw(st.sampled_from(adhoc))
    when = report.received_on or report.sent_on
    assume(when is None or in_force(when))
    d = ask("dieu11.adhoc_report_valid", case, report=report.id or "")
    if report.requested_by_ppc:
        assert d.outcome == Outcome.YES
    elif report.requested_by and when is not None:
        roles = committee_roles(case, report.requested_by, when)
        if not roles & {Role.HEAD, Role.STANDING_DEPUTY}:
            known = roles_known(case, report.requested_by, when)
            assert d.outcome == (Outcome.NO if known else Outcome.UNKNOWN)


