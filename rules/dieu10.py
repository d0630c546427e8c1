"""Điều 10. Chế độ họp — Article 10. Meetings.

Each đoạn (unnumbered paragraph) of the article is quoted, then followed by the questions and
rules that encode it. Dates reach the rules as ordinals; the calendar and the parameters
(:mod:`kgrules.params`) are applied by the scope functions, in Python, before matching.

Layout of each question: its builder (title, conditions, facts), its scope (which records it
reads), then one function ``_<question>_rules()`` whose body is that question's rules, in the
order of the sentence they encode, with its own bindings (``e``, ``m``, …) as local names: no
binding leaks from one question into the next. Families of rules are written from named tables
whose rows a reader can check (``BOUND_TABLE``: who đoạn 5 binds under each reading of point 1;
``ON_TIME`` and ``LATE``: the consent's deadline under each reading of point 2).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kgrules.calendar import WorkingCalendar
from kgrules.case import Case
from kgrules.dsl import (
    Absent,
    Arg,
    Condition,
    DeclarationError,
    FactType,
    Missing,
    Op,
    QuestionBuilder,
    Test,
    Var,
    compare,
    derivation,
    no,
)
from kgrules.errors import NotInForceError
from kgrules.facts import AttendanceMode, MeetingKind, Role, WrittenConsultation
from kgrules.i18n import Text
from kgrules.obligations import AuditContext, Audited, Check, meeting_checks, quarter_checks
from kgrules.scope import Scope, ScopeResult, day, fact, ref

from .common import (
    APPLICABLE,
    AUTHZ,
    BOUND_ROLES,
    EFFECT,
    EFFECTIVE_EN,
    EFFECTIVE_VI,
    FAILS,
    HOLDS,
    MAY_ACT,
    MEETING,
    NA,
    POWER,
    ROLE,
    UNKNOWN,
    WINDOW_EN,
    WINDOW_FIRST,
    WINDOW_LAST,
    WINDOW_VI,
    _nth,
    authority_facts,
    declare_in_force,
    in_force_text,
    meeting_fact,
    power_fact,
    power_facts,
    regulation_in_force,
    role_facts,
)

D1, D2, D3, D4, D5 = (f"dieu-10/doan-{n}" for n in range(1, 6))
REGULAR, EXTRA = MeetingKind.REGULAR.value, MeetingKind.EXTRAORDINARY.value
MEETING_ARG = Arg("meeting", "meeting", Text("Mã cuộc họp", "Meeting id"))

def window_first(calendar: WorkingCalendar, year: int, quarter: int) -> int:
    """The first day of the quarter's regular-meeting window (the 20th of its last month, as the
    calendar and the ``non_working_day_meeting`` reading place it)."""
    return day(calendar.quarter_window(year, quarter).first)


def window_last(calendar: WorkingCalendar, year: int, quarter: int) -> int:
    """The last day of the quarter's regular-meeting window (the 30th of its last month)."""
    return day(calendar.quarter_window(year, quarter).last)


def _declare_window(question: QuestionBuilder) -> None:
    """The window of đoạn 1, a derivation of each question that reads it."""
    question.derive("window_first", clauses=[D1], inputs=["calendar", "year", "quarter"],
                    description=Text("Ngày đầu khoảng họp định kỳ của quý",
                                     "First day of the quarter's regular-meeting window"))(window_first)
    question.derive("window_last", clauses=[D1], inputs=["calendar", "year", "quarter"],
                    description=Text("Ngày cuối khoảng họp định kỳ của quý",
                                     "Last day of the quarter's regular-meeting window"))(window_last)


def _regular_window(scope: Scope, year: int, quarter: int) -> tuple[int, int]:
    return (scope.derive("window_first", calendar=scope.calendar, year=year, quarter=quarter),
            scope.derive("window_last", calendar=scope.calendar, year=year, quarter=quarter))


# =================================================================================================
# đoạn 1 Điều 10
# > Hàng quý, từ ngày 20 đến ngày 30 của tháng cuối quý, Ban Chỉ đạo họp để kiểm điểm, đánh giá
# > tiến độ thực hiện các nhiệm vụ, giải quyết các vấn đề còn tồn đọng, đề ra các nội dung thực
# > hiện trong kỳ tiếp theo.
# =================================================================================================

window = QuestionBuilder(
    "dieu10.regular_meeting_in_window",
    title=Text(
        f"Phiên họp định kỳ có được tổ chức từ ngày {WINDOW_FIRST} đến ngày {WINDOW_LAST} của "
        "tháng cuối quý không?",
        f"Was this regular meeting held between the {_nth(WINDOW_FIRST)} and the "
        f"{_nth(WINDOW_LAST)} of its quarter's last month?",
    ),
    clauses=(D1,),
    arguments=(MEETING_ARG,),
    conditions=(
        APPLICABLE,
        Condition("held", Text("Phiên họp đã diễn ra", "The meeting took place")),
        Condition("in_window", Text(f"Trong khoảng ngày {WINDOW_VI}", f"Inside the {WINDOW_EN} window")),
    ),
    evaluate={"meeting": str, "in_force": bool, "held_in_force": bool, "quarter": str,
              "window_first": int, "window_last": int},
    facts=(MEETING,),
    switches=("non_working_day_meeting",),
    starred=True,
    module=__name__,
)
_declare_window(window)
window.derive("held_in_force", clauses=[EFFECT], inputs=["day"], description=Text(
    "Quy chế có hiệu lực vào ngày họp", "The regulation governs the meeting day"))(
    regulation_in_force)


@window.derive("in_force", clauses=[EFFECT, D1], inputs=["held_in_force", "window_last"],
               description=Text("Quy chế áp dụng: có hiệu lực vào ngày họp, và quý của phiên họp "
                                "không kết thúc trước ngày có hiệu lực (khi đó không có khoảng họp)",
                                "The rule applies: in force on the meeting day, and the meeting's "
                                "quarter does not end before the effective date (no window then)"))
def window_in_force(held_in_force: bool, window_last: int) -> bool:
    return held_in_force and window_last > 0


@window.derive("quarter", clauses=[D1], inputs=["year", "quarter"], description=Text(
    "Quý của phiên họp, dạng 2009-Q3", "The meeting's quarter, as 2009-Q3"))
def quarter_name(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


@window.scope
def _window_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    meeting = case.meeting(scope.args["meeting"])
    year, quarter = meeting.for_quarter
    first = last = 0
    held_in_force = scope.derive("held_in_force", day=meeting.date)
    if held_in_force:
        try:
            first, last = _regular_window(scope, year, quarter)
        except NotInForceError:  # held after 23/6/2008 for a quarter that ended before it
            pass
    return ScopeResult(
        {"meeting": meeting.id,
         "in_force": scope.derive("in_force", held_in_force=held_in_force, window_last=last),
         "held_in_force": held_in_force, "quarter": scope.derive("quarter", year=year, quarter=quarter),
         "window_first": first, "window_last": last},
        [meeting_fact(case, meeting.id, scope.calendar)],
        calendar_used=True,
    )


def _regular_meeting_in_window_rules() -> None:
    """đoạn 1: the regular meeting inside the quarter's window."""
    e, m = window.e, window.var("m", MEETING)

    window.rule(
        "regular", condition="applicable", status=HOLDS, clauses=[D1],
        when=[e.in_force == True, m.id == e.meeting, m.kind == REGULAR],
        because=Text("Phiên họp {m.id} ngày {m.day:date} là phiên họp định kỳ quý {e.quarter}",
                     "Meeting {m.id} of {m.day:date} is the regular meeting for {e.quarter}"),
    )
    window.rule(
        "extraordinary", condition="applicable", status=NA, clauses=[D1, D2],
        when=[m.id == e.meeting, m.kind == EXTRA],
        because=Text("Phiên họp {m.id} là phiên họp bất thường: khoảng ngày " + WINDOW_VI + " chỉ áp "
                     "dụng cho phiên họp định kỳ (đoạn 2 Điều 10 điều chỉnh họp bất thường)",
                     "Meeting {m.id} is extraordinary: the " + WINDOW_EN + " window governs regular "
                     "meetings only (Article 10, paragraph 2 governs extraordinary ones)"),
    )
    window.rule(
        "before-effect", condition="applicable", status=NA, clauses=[D1, "qd/hieu-luc"],
        when=[e.held_in_force == False, m.id == e.meeting],
        because=Text("Phiên họp {m.id} ngày {m.day:date} diễn ra trước khi Quy chế có hiệu lực "
                     "(" + EFFECTIVE_VI + ")",
                     "Meeting {m.id} of {m.day:date} predates the regulation (in force "
                     + EFFECTIVE_EN + ")"),
    )
    window.rule(
        "quarter-before-effect", condition="applicable", status=NA, clauses=[D1, "qd/hieu-luc"],
        when=[e.held_in_force == True, e.in_force == False, m.id == e.meeting],
        because=Text("Phiên họp {m.id} ngày {m.day:date} là phiên họp của quý {e.quarter}, quý đã kết "
                     "thúc trước khi Quy chế có hiệu lực (" + EFFECTIVE_VI + ")",
                     "Meeting {m.id} of {m.day:date} is held for {e.quarter}, a quarter that ended "
                     "before the regulation took effect (" + EFFECTIVE_EN + ")"),
    )
    window.rule(
        "held", condition="held", status=HOLDS, clauses=[D1],
        when=[m.id == e.meeting, m.held == True],
        because=Text("Phiên họp {m.id} đã diễn ra ngày {m.day:date}",
                     "Meeting {m.id} took place on {m.day:date}"),
    )
    window.rule(
        "not-held", condition="held", status=FAILS, clauses=[D1],
        when=[m.id == e.meeting, m.held == False],
        because=Text("Phiên họp {m.id} dự kiến ngày {m.day:date} đã không diễn ra",
                     "Meeting {m.id} planned for {m.day:date} did not take place"),
    )
    _IN_WINDOW = (e.in_force == True, m.id == e.meeting, m.day >= e.window_first,
                  m.day <= e.window_last)
    window.rule(
        "inside", condition="in_window", status=HOLDS, clauses=[D1],
        when=[*_IN_WINDOW, m.working_day == True],
        because=Text("Ngày {m.day:date} nằm trong khoảng {e.window_first:date}–{e.window_last:date}",
                     "{m.day:date} lies within {e.window_first:date}–{e.window_last:date}"),
    )
    window.rule(
        "inside-non-working-day", condition="in_window", status=HOLDS, clauses=[D1],
        when=[*_IN_WINDOW, m.working_day == False,
              e.i_non_working_day_meeting == "compliant_with_warning"],
        because=Text("Ngày {m.day:date} nằm trong khoảng {e.window_first:date}–{e.window_last:date}"
                     " (văn bản tính theo ngày lịch)",
                     "{m.day:date} lies within {e.window_first:date}–{e.window_last:date} (the text "
                     "counts calendar days)"),
        warning=Text("Phiên họp {m.id} diễn ra vào ngày nghỉ ({m.day_off}, {m.day:date})",
                     "Meeting {m.id} was held on a non-working day ({m.day_off}, {m.day:date})"),
    )
    window.rule(
        "inside-non-working-day-strict", condition="in_window", status=FAILS, clauses=[D1],
        when=[*_IN_WINDOW, m.working_day == False,
              e.i_non_working_day_meeting == "not_compliant"],
        because=Text("Ngày {m.day:date} là ngày nghỉ ({m.day_off}); theo cách hiểu đã chọn, họp vào "
                     "ngày nghỉ không đáp ứng đoạn 1 Điều 10",
                     "{m.day:date} is a non-working day ({m.day_off}); under the chosen reading a "
                     "meeting on a day off does not comply"),
    )
    window.rule(
        "too-early", condition="in_window", status=FAILS, clauses=[D1],
        when=[e.in_force == True, m.id == e.meeting, m.day < e.window_first],
        because=Text("Ngày {m.day:date} trước khoảng {e.window_first:date}–{e.window_last:date}",
                     "{m.day:date} is before the window {e.window_first:date}–{e.window_last:date}"),
    )
    window.rule(
        "too-late", condition="in_window", status=FAILS, clauses=[D1],
        when=[e.in_force == True, m.id == e.meeting, m.day > e.window_last],
        because=Text("Ngày {m.day:date} sau khoảng {e.window_first:date}–{e.window_last:date}",
                     "{m.day:date} is after the window {e.window_first:date}–{e.window_last:date}"),
    )
    window.rule(
        "window-before-effect", condition="in_window", status=NA, clauses=["qd/hieu-luc"],
        when=[e.in_force == False],
        because=in_force_text(),
    )


_regular_meeting_in_window_rules()
REGULAR_MEETING_IN_WINDOW = window.build()


# -------------------------------------------------------------------------------------------------
# The quarter's obligation: đoạn 1 (a meeting in the window), or, where no meeting could be held,
# đoạn 4 (the Head asks for written opinions and decides on them).
# -------------------------------------------------------------------------------------------------


@derivation("decided", clauses=[D4], inputs=["decided_by", "decided_on"], description=Text(
    "Đã có người quyết định và ngày quyết định", "Who decided, and when, are both recorded"))
def _consultation_decided(decided_by: str | None, decided_on: dt.date | None) -> bool:
    return decided_by is not None and decided_on is not None


@derivation("decided_after_request", clauses=[D4], inputs=["decided_on", "requested_on"],
            description=Text("Quyết định không trước ngày yêu cầu ý kiến",
                             "The decision is not dated before the request for opinions"))
def _decided_after_request(decided_on: dt.date | None, requested_on: dt.date) -> bool:
    return decided_on is not None and decided_on >= requested_on


CONSULT = FactType(
    "consultation",
    {"id": str, "quarter": str, "requested_by": str, "requested_on": int, "decided_by": str,
     "decided_on": int, "decided": bool, "decided_after_request": bool, "reason": str},
    derivations=(_consultation_decided, _decided_after_request),
)


def _consultation_fact(path: str, c: object) -> dict[str, object]:
    assert isinstance(c, WrittenConsultation)
    return fact("consultation", path, id=c.id, quarter=c.quarter, requested_by=c.requested_by,
                requested_on=day(c.requested_on), decided_by=ref(c.decided_by),
                decided_on=day(c.decided_on),
                decided=CONSULT.derive("decided", decided_by=c.decided_by, decided_on=c.decided_on),
                decided_after_request=CONSULT.derive("decided_after_request",
                                                     decided_on=c.decided_on,
                                                     requested_on=c.requested_on),
                reason=ref(c.reason))


obligation = QuestionBuilder(
    "dieu10.quarter_obligation_met",
    title=Text(
        "Quý này Ban Chỉ đạo đã họp định kỳ đúng thời gian, hoặc đã lấy ý kiến bằng văn bản thay "
        "phiên họp, chưa?",
        "For this quarter, was a regular meeting held in the window or, the meeting having been "
        "impossible, were written opinions requested and decided on?",
    ),
    clauses=(D1, D4),
    arguments=(Arg("quarter", "quarter", Text("Quý, ví dụ 2024-Q3", "Quarter, e.g. 2024-Q3")),),
    conditions=(APPLICABLE, Condition("met", Text("Nghĩa vụ của quý", "The quarter's duty"))),
    evaluate={"quarter": str, "in_force": bool, "window_first": int, "window_last": int,
              "complete": bool},
    facts=(MEETING, CONSULT, POWER),
    switches=("non_working_day_meeting",),
    module=__name__,
    depends_on=(MAY_ACT,),
    reads={"complete": "complete.meetings,consultations"},
)
_declare_window(obligation)


@obligation.derive("in_force", clauses=[EFFECT, D1], inputs=["window_last"], description=Text(
    "Quy chế áp dụng: quý không kết thúc trước ngày có hiệu lực (khi đó không có khoảng họp)",
    "The rule applies: the quarter does not end before the effective date (no window then)"))
def quarter_in_force(window_last: int) -> bool:
    return window_last > 0


@obligation.scope
def _obligation_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    year, quarter = int(scope.args["quarter"][:4]), int(scope.args["quarter"][-1])
    try:
        first, last = _regular_window(scope, year, quarter)
    except NotInForceError:  # the quarter ends before the regulation took effect
        first = last = 0
    facts = [meeting_fact(case, mt.id, scope.calendar)
             for _, mt in case.meetings_for_quarter(year, quarter) if mt.kind == MeetingKind.REGULAR]
    consultations = case.consultations_for(scope.args["quarter"])
    facts += [_consultation_fact(path, ct) for path, ct in consultations]
    # Who may request and decide: authority.may_act (issue 12, item 4).
    facts += power_facts(scope, "request_written_opinions",
                         ((ct.requested_by, ct.requested_on) for _, ct in consultations))
    facts += power_facts(scope, "decide_matters",
                         ((ct.decided_by, ct.decided_on) for _, ct in consultations))
    complete = case.is_complete("meetings") and case.is_complete("consultations")
    return ScopeResult(
        {"quarter": scope.args["quarter"], "in_force": scope.derive("in_force", window_last=last),
         "window_first": first, "window_last": last, "complete": complete},
        facts, calendar_used=True,
    )


def _quarter_obligation_rules() -> None:
    """đoạn 1 and đoạn 4: the quarter's meeting, or a written consultation in its place."""
    e, m, c = obligation.e, obligation.var("m", MEETING), obligation.var("c", CONSULT)
    pq, pd = obligation.var("pq", POWER), obligation.var("pd", POWER)

    obligation.rule(
        "in-force", condition="applicable", status=HOLDS, clauses=[D1],
        when=[e.in_force == True],
        because=Text("Khoảng họp của quý {e.quarter} là {e.window_first:date}–{e.window_last:date}",
                     "The meeting window of {e.quarter} is {e.window_first:date}–"
                     "{e.window_last:date}"),
    )
    obligation.rule(
        "before-effect", condition="applicable", status=NA, clauses=["qd/hieu-luc"],
        when=[e.in_force == False], because=in_force_text(),
    )
    _HELD_IN_WINDOW = (e.in_force == True, m.kind == REGULAR, m.held == True,
                       m.day >= e.window_first, m.day <= e.window_last)
    obligation.rule(
        "meeting-in-window", condition="met", status=HOLDS, clauses=[D1],
        when=[*_HELD_IN_WINDOW, m.working_day == True],
        because=Text("Phiên họp định kỳ {m.id} diễn ra ngày {m.day:date}, trong khoảng "
                     "{e.window_first:date}–{e.window_last:date}",
                     "Regular meeting {m.id} took place on {m.day:date}, inside "
                     "{e.window_first:date}–{e.window_last:date}"),
    )
    obligation.rule(
        "meeting-in-window-day-off", condition="met", status=HOLDS, clauses=[D1],
        when=[*_HELD_IN_WINDOW, m.working_day == False,
              e.i_non_working_day_meeting == "compliant_with_warning"],
        because=Text("Phiên họp định kỳ {m.id} diễn ra ngày {m.day:date}, trong khoảng họp",
                     "Regular meeting {m.id} took place on {m.day:date}, inside the window"),
        warning=Text("Phiên họp {m.id} diễn ra vào ngày nghỉ ({m.day_off}, {m.day:date})",
                     "Meeting {m.id} was held on a non-working day ({m.day_off}, {m.day:date})"),
    )
    # Requesting and deciding are the acts request_written_opinions and decide_matters: whether the
    # requester and the decider held them is authority.may_act's answer (issue 12, item 4).
    obligation.rule(
        "consultation", condition="met", status=HOLDS, clauses=[D4, "dieu-6/khoan-1"],
        when=[e.in_force == True, c.decided == True, c.decided_after_request == True,
              pq.person == c.requested_by, pq.act == "request_written_opinions",
              pq.on == c.requested_on, pq.outcome == "yes",
              pd.person == c.decided_by, pd.act == "decide_matters", pd.on == c.decided_on,
              pd.outcome == "yes"],
        because=Text("Không họp được, {c.requested_by} đã lấy ý kiến bằng văn bản ({c.id}, "
                     "{c.requested_on:date}) và {c.decided_by} đã quyết định ngày {c.decided_on:date}, "
                     "mỗi người có thẩm quyền vào ngày đó (authority.may_act: CÓ)",
                     "With no meeting, {c.requested_by} requested written opinions ({c.id}, "
                     "{c.requested_on:date}) and {c.decided_by} decided on {c.decided_on:date}, each "
                     "entitled on that day (authority.may_act: yes)"),
    )
    # A meeting outside the window settles nothing while the records are open: an unrecorded meeting
    # in the window, or a written consultation, may exist (issue 12, item 3). Only with meetings and
    # consultations declared complete does it make the quarter's duty unmet.
    _MISSING_OPEN = (
        Missing("meetings", Text("Phiên họp định kỳ của quý trong khoảng họp (nếu có)",
                                 "A regular meeting of the quarter inside the window, if any"),
                Text(f"có phiên họp trong khoảng {WINDOW_VI} → CÓ", "one in the window → yes")),
        Missing("records_complete", Text("Khai báo hồ sơ phiên họp và lấy ý kiến là đầy đủ",
                                         "A declaration that meetings and consultations are "
                                         "complete"),
                Text("→ KHÔNG", "→ no")),
    )
    for side, test, vi, en in (("outside", m.day > e.window_last, "sau", "after"),
                               ("before", m.day < e.window_first, "trước", "before")):
        obligation.rule(
            f"meeting-{side}-window-open", condition="met", status=UNKNOWN, clauses=[D1, D4],
            when=[e.in_force == True, e.complete == False, m.kind == REGULAR, m.held == True, test],
            because=Text("Phiên họp định kỳ {m.id} diễn ra ngày {m.day:date}, " + vi + " khoảng họp "
                         "{e.window_first:date}–{e.window_last:date}; hồ sơ phiên họp và lấy ý kiến "
                         "không được khai là đầy đủ, nên có thể còn phiên họp trong khoảng họp hay đợt "
                         "lấy ý kiến chưa được ghi nhận",
                         "Regular meeting {m.id} took place on {m.day:date}, " + en + " the window "
                         "{e.window_first:date}–{e.window_last:date}; the meeting and consultation "
                         "records are not declared complete, so a meeting in the window or a written "
                         "consultation may be unrecorded"),
            missing=_MISSING_OPEN,
        )
    obligation.rule(
        "meeting-outside-window", condition="met", status=FAILS, clauses=[D1],
        when=[e.in_force == True, e.complete == True, m.kind == REGULAR, m.held == True,
              m.day > e.window_last],
        because=Text("Phiên họp định kỳ {m.id} diễn ra ngày {m.day:date}, sau khoảng họp "
                     "{e.window_first:date}–{e.window_last:date}",
                     "Regular meeting {m.id} took place on {m.day:date}, after the window "
                     "{e.window_first:date}–{e.window_last:date}"),
    )
    obligation.rule(
        "meeting-before-window", condition="met", status=FAILS, clauses=[D1],
        when=[e.in_force == True, e.complete == True, m.kind == REGULAR, m.held == True,
              m.day < e.window_first],
        because=Text("Phiên họp định kỳ {m.id} diễn ra ngày {m.day:date}, trước khoảng họp "
                     "{e.window_first:date}–{e.window_last:date}",
                     "Regular meeting {m.id} took place on {m.day:date}, before the window "
                     "{e.window_first:date}–{e.window_last:date}"),
    )
    obligation.rule(
        "none-recorded", condition="met", status=FAILS, clauses=[D1, D4], fallback=True,
        when=[e.in_force == True, e.complete == True],
        because=Text("Hồ sơ (được khai là đầy đủ) không có phiên họp định kỳ hợp lệ trong khoảng "
                     "{e.window_first:date}–{e.window_last:date} và không có đợt lấy ý kiến bằng văn "
                     "bản hợp lệ cho quý {e.quarter}",
                     "The records (declared complete) show no valid regular meeting in "
                     "{e.window_first:date}–{e.window_last:date} and no valid written consultation "
                     "for {e.quarter}"),
    )
    obligation.rule(
        "none-known", condition="met", status=UNKNOWN, clauses=[D1, D4], fallback=True,
        when=[e.in_force == True, e.complete == False],
        because=Text("Không có phiên họp định kỳ hay đợt lấy ý kiến hợp lệ nào được ghi nhận cho quý "
                     "{e.quarter}, và hồ sơ không được khai là đầy đủ",
                     "No valid regular meeting or written consultation is recorded for {e.quarter}, "
                     "and the records are not declared complete"),
        missing=(
            Missing("meetings", Text("Phiên họp định kỳ của quý (nếu có)",
                                     "The quarter's regular meeting, if any"),
                    Text(f"có phiên họp trong khoảng {WINDOW_VI} → CÓ", "one in the window → yes")),
            Missing("records_complete", Text("Khai báo hồ sơ phiên họp và lấy ý kiến là đầy đủ",
                                             "A declaration that meetings and consultations are "
                                             "complete"),
                    Text("→ KHÔNG", "→ no")),
        ),
    )
    obligation.rule(
        "window-before-effect", condition="met", status=NA, clauses=["qd/hieu-luc"],
        when=[e.in_force == False], because=in_force_text(),
    )


_quarter_obligation_rules()
QUARTER_OBLIGATION_MET = obligation.build()


# =================================================================================================
# đoạn 2 Điều 10
# > Ban Chỉ đạo có thể họp bất thường theo đề nghị của Thường trực Ban Chỉ đạo để giải quyết công
# > việc đột xuất của Ban.
# (with khoản 4 Điều 5: the Head convenes regular and extraordinary meetings; khoản 1 Điều 6: the
# Standing Deputy acts for the Head when authorised)
# =================================================================================================

extra = QuestionBuilder(
    "dieu10.extraordinary_meeting_valid",
    title=Text(
        "Phiên họp bất thường có theo đề nghị của Thường trực và do Trưởng ban (hoặc người được ủy "
        "quyền) triệu tập không?",
        "Was this extraordinary meeting proposed by the Standing office beforehand and convened "
        "by the Head (or the Standing Deputy under authorisation)?",
    ),
    clauses=(D2, "dieu-5/khoan-4", "dieu-6/khoan-1"),
    arguments=(MEETING_ARG,),
    conditions=(
        APPLICABLE,
        Condition("proposed", Text("Đề nghị của Thường trực", "Proposed by the Standing office")),
        Condition("convened", Text("Triệu tập đúng thẩm quyền", "Convened by the right person")),
    ),
    evaluate={"meeting": str, "in_force": bool, "proposed_by": str, "proposed_on": int,
              "convened_by": str, "convened_on": int, "convened_known": bool,
              "proposed_first": bool, "proposed_same_day": bool},
    facts=(MEETING, ROLE, POWER),
    switches=("extraordinary_initiative",),
    module=__name__,
    depends_on=(MAY_ACT,),
    reads={"proposed_by": "meetings.proposed_by", "proposed_on": "meetings.proposed_on",
           "convened_by": "meetings.convened_by",
           "convened_known": "meetings.convened_on:recorded"},
)
declare_in_force(extra)


@extra.derive("convened_on", clauses=[D2], inputs=["convened_on", "meeting_day"], description=Text(
    "Ngày triệu tập: ngày ghi trong hồ sơ; nếu không ghi thì ngày họp, giới hạn muộn nhất của nó "
    "(cuộc họp được triệu tập trước khi họp)",
    "The day it was convened: as recorded; otherwise the meeting day, its latest bound (a meeting "
    "is convened before it is held)"))
def convening_day(convened_on: dt.date | None, meeting_day: dt.date) -> int:
    return day(convened_on or meeting_day)


@extra.derive("proposed_first", clauses=[D2], inputs=["proposed_on", "convened_on"],
              description=Text("Đề nghị có trước (hoặc cùng ngày) khi triệu tập (hoặc giới hạn "
                               "muộn nhất của ngày triệu tập)",
                               "The proposal came before (or on) the day it was convened (or that "
                               "day's latest bound)"))
def proposed_first(proposed_on: dt.date | None, convened_on: int) -> bool:
    return proposed_on is not None and proposed_on.toordinal() <= convened_on


@extra.derive("proposed_same_day", clauses=[D2], inputs=["proposed_on", "convened_on"],
              description=Text("Đề nghị cùng ngày triệu tập (hoặc giới hạn muộn nhất của ngày "
                               "triệu tập)", "The proposal came on the day it was convened (or "
                               "that day's latest bound)"))
def proposed_same_day(proposed_on: dt.date | None, convened_on: int) -> bool:
    """Whether the reason may say "before the convening" or must say "the same day"."""
    return proposed_on is not None and proposed_on.toordinal() == convened_on


@extra.scope
def _extra_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    mt = case.meeting(scope.args["meeting"])
    # A meeting is convened before it is held (issue 12, item 1): an unrecorded convening day is
    # bounded by the meeting day, and the proposal is compared with that bound. The convener's
    # power is asked of authority.may_act only on a recorded day: on an unknown one it is unknown.
    convened = scope.derive("convened_on", convened_on=mt.convened_on, meeting_day=mt.date)
    facts = [meeting_fact(case, mt.id, scope.calendar)]
    facts += authority_facts(case, [ref(mt.proposed_by)])
    # Who may convene: authority.may_act (issue 12, item 4).
    facts += power_fact(scope, mt.convened_by, "convene_meeting", mt.convened_on)
    return ScopeResult(
        {"meeting": mt.id,
         "in_force": scope.derive("in_force", day=mt.date),
         "proposed_by": ref(mt.proposed_by),
         "proposed_on": day(mt.proposed_on), "convened_by": ref(mt.convened_by),
         "convened_on": convened, "convened_known": mt.convened_on is not None,
         "proposed_first": scope.derive("proposed_first", proposed_on=mt.proposed_on,
                                        convened_on=convened),
         "proposed_same_day": scope.derive("proposed_same_day", proposed_on=mt.proposed_on,
                                           convened_on=convened)},
        facts,
    )


def _extraordinary_meeting_rules() -> None:
    """đoạn 2: the extraordinary meeting, proposed and convened."""
    e, m, p = extra.e, extra.var("m", MEETING), extra.var("p", ROLE)
    pc = extra.var("pc", POWER)

    extra.rule(
        "extraordinary", condition="applicable", status=HOLDS, clauses=[D2],
        when=[e.in_force == True, m.id == e.meeting, m.kind == EXTRA],
        because=Text("Phiên họp {m.id} ngày {m.day:date} là phiên họp bất thường",
                     "Meeting {m.id} of {m.day:date} is extraordinary"),
    )
    extra.rule(
        "regular", condition="applicable", status=NA, clauses=[D1, D2],
        when=[m.id == e.meeting, m.kind == REGULAR],
        because=Text("Phiên họp {m.id} là phiên họp định kỳ (đoạn 1 Điều 10), không phải bất thường",
                     "Meeting {m.id} is a regular meeting (Article 10, paragraph 1), not an "
                     "extraordinary one"),
    )
    extra.rule(
        "before-effect", condition="applicable", status=NA, clauses=["qd/hieu-luc"],
        when=[e.in_force == False], because=in_force_text(),
    )
    _BY_STANDING_DEPUTY = (e.proposed_first == True, e.convened_known == True,
                           p.person == e.proposed_by, p.role == Role.STANDING_DEPUTY.value,
                           p.first <= e.proposed_on, p.last >= e.proposed_on)
    extra.rule(
        "by-standing-deputy", condition="proposed", status=HOLDS, clauses=[D2, "dieu-2/khoan-2"],
        when=[*_BY_STANDING_DEPUTY, e.proposed_same_day == False],
        because=Text("{p.name} (Phó Trưởng ban Thường trực, tức Thường trực Ban Chỉ đạo) đề nghị họp "
                     "ngày {e.proposed_on:date}, trước khi triệu tập ({e.convened_on:date})",
                     "{p.name} (the Standing Deputy Head, i.e. the Standing office) proposed the "
                     "meeting on {e.proposed_on:date}, before it was convened "
                     "({e.convened_on:date})"),
    )
    # Proposed on the day it was convened: in time (records carry days, not hours), but not
    # "before" the convening, which the reason above would say.
    extra.rule(
        "by-standing-deputy-same-day", condition="proposed", status=HOLDS,
        clauses=[D2, "dieu-2/khoan-2"],
        when=[*_BY_STANDING_DEPUTY, e.proposed_same_day == True],
        because=Text("{p.name} (Phó Trưởng ban Thường trực, tức Thường trực Ban Chỉ đạo) đề nghị họp "
                     "ngày {e.proposed_on:date}, cùng ngày triệu tập",
                     "{p.name} (the Standing Deputy Head, i.e. the Standing office) proposed the "
                     "meeting on {e.proposed_on:date}, the day it was convened"),
    )
    # "có thể họp bất thường theo đề nghị của Thường trực" permits; khoản 4 Điều 5 gives the Head
    # "triệu tập các cuộc họp định kỳ, đột xuất" outright. Interpretation point 9
    # (extraordinary_initiative): under the default reading the proposal is not a condition when the
    # convener held the power to convene (the same paths as authority.may_act, convene_meeting).
    # The meeting is bound too: its record names the convener, so the reason names them "name (id)".
    _CONVENER = (m.id == e.meeting, pc.person == e.convened_by, pc.act == "convene_meeting",
                 pc.on == e.convened_on)
    extra.rule(
        "own-initiative", condition="proposed", status=HOLDS,
        clauses=[D2, "dieu-5/khoan-4", "dieu-6/khoan-1"],
        when=[e.i_extraordinary_initiative == "head_own_initiative", *_CONVENER, pc.outcome == "yes"],
        because=Text("Theo cách hiểu đã chọn, người có quyền triệu tập có thể tự triệu tập phiên "
                     "họp bất thường (khoản 4 Điều 5: \"triệu tập các cuộc họp định kỳ, đột "
                     "xuất\"), không cần đề nghị của Thường trực; {e.convened_by} có quyền triệu tập "
                     "ngày {e.convened_on:date} (authority.may_act: CÓ)",
                     "Under the chosen reading whoever may convene may call an extraordinary "
                     "meeting on their own initiative (Article 5(4)), without the Standing "
                     "office's proposal; {e.convened_by} could convene on {e.convened_on:date} "
                     "(authority.may_act: yes)"),
    )
    extra.rule(
        "proposed-after-convening", condition="proposed", status=FAILS, clauses=[D2],
        when=[e.proposed_on > 0, e.proposed_first == False, e.proposed_by != "",
              e.convened_known == True],
        because=Text("Đề nghị ngày {e.proposed_on:date} có sau ngày triệu tập {e.convened_on:date}: "
                     "họp bất thường phải theo đề nghị có trước",
                     "The proposal of {e.proposed_on:date} came after the convening on "
                     "{e.convened_on:date}: the meeting must follow a prior proposal"),
    )
    # The convening day not recorded: it is no later than the meeting day (a meeting is convened
    # before it is held), so a proposal after the meeting day came after the convening, and one on
    # or before it may have come before or after (issue 12, item 1).
    extra.rule(
        "proposed-after-meeting", condition="proposed", status=FAILS, clauses=[D2],
        when=[m.id == e.meeting, e.proposed_on > 0, e.proposed_first == False,
              e.proposed_by != "", e.convened_known == False],
        because=Text("Đề nghị ngày {e.proposed_on:date} có sau ngày họp {m.day:date}, nên cũng sau ngày "
                     "triệu tập (không được ghi nhận, nhưng phiên họp được triệu tập trước khi họp): "
                     "họp bất thường phải theo đề nghị có trước",
                     "The proposal of {e.proposed_on:date} came after the meeting day {m.day:date}, "
                     "hence after the convening (not recorded, but a meeting is convened before it "
                     "is held): the meeting must follow a prior proposal"),
    )
    _CONVENING_DAY = Missing("meetings[].convened_on", Text("Ngày triệu tập", "The day it was convened"),
                             Text("sau đề nghị, người triệu tập có quyền vào ngày đó → có thể CÓ",
                                  "after the proposal, the convener entitled that day → possibly yes"))
    extra.rule(
        "proposal-order-unknown", condition="proposed", status=UNKNOWN, clauses=[D2],
        when=[e.proposed_first == True, e.convened_known == False, p.person == e.proposed_by,
              p.role == Role.STANDING_DEPUTY.value, p.first <= e.proposed_on,
              p.last >= e.proposed_on],
        because=Text("{p.name} (Phó Trưởng ban Thường trực) đề nghị họp ngày {e.proposed_on:date}, "
                     "nhưng ngày triệu tập không được ghi nhận: không rõ đề nghị có trước khi triệu "
                     "tập không", "{p.name} (the Standing Deputy Head) proposed the meeting on "
                     "{e.proposed_on:date}, but the convening day is not recorded: whether the "
                     "proposal came first is not known"),
        missing=(_CONVENING_DAY,),
    )
    extra.rule(
        "proposer-unknown", condition="proposed", status=UNKNOWN, clauses=[D2],
        when=[e.proposed_by == ""],
        because=Text("Không rõ ai đề nghị họp bất thường {e.meeting}",
                     "Who proposed extraordinary meeting {e.meeting} is not recorded"),
        missing=(Missing("meetings[].proposed_by", Text("Người đề nghị họp", "The proposer"),
                         Text("Thường trực → có thể CÓ; người khác → KHÔNG",
                              "the Standing office → possibly yes; anyone else → no")),),
    )
    extra.rule(
        "proposal-date-unknown", condition="proposed", status=UNKNOWN, clauses=[D2],
        when=[e.proposed_by != "", e.proposed_on == 0],
        because=Text("Không rõ ngày đề nghị họp bất thường {e.meeting}",
                     "The date of the proposal for {e.meeting} is not recorded"),
        missing=(Missing("meetings[].proposed_on", Text("Ngày đề nghị", "The proposal date"),
                         Text("trước ngày triệu tập → có thể CÓ", "before convening → possibly yes")),),
    )
    extra.rule(
        "not-standing-office", condition="proposed", status=FAILS, clauses=[D2], fallback=True,
        when=[m.id == e.meeting, e.proposed_by != "", e.proposed_first == True],
        because=Text("{e.proposed_by} không phải Thường trực Ban Chỉ đạo (Phó Trưởng ban Thường trực) "
                     "vào ngày đề nghị {e.proposed_on:date}",
                     "{e.proposed_by} was not the Standing office (the Standing Deputy Head) on "
                     "{e.proposed_on:date}, the day of the proposal"),
    )
    # "Trưởng ban … triệu tập các cuộc họp định kỳ, đột xuất" (khoản 4 Điều 5): convening is the act
    # convene_meeting; whether the convener held it that day is authority.may_act's answer.
    extra.rule(
        "convened-may-act", condition="convened", status=HOLDS,
        clauses=["dieu-5/khoan-4", "dieu-6/khoan-1"], when=[*_CONVENER, pc.outcome == "yes"],
        because=Text("{e.convened_by} triệu tập ngày {e.convened_on:date}, có quyền triệu tập vào ngày "
                     "đó (authority.may_act: CÓ)", "{e.convened_by} convened it on "
                     "{e.convened_on:date}, entitled to convene that day (authority.may_act: yes)"),
    )
    extra.rule(
        "convened-by-other", condition="convened", status=FAILS, clauses=["dieu-5/khoan-4"],
        when=[*_CONVENER, pc.outcome == "no"],
        because=Text("{e.convened_by} không phải Trưởng ban, cũng không phải Phó Trưởng ban Thường "
                     "trực được ủy quyền triệu tập, vào ngày {e.convened_on:date} "
                     "(authority.may_act: KHÔNG)",
                     "{e.convened_by} was neither the Head nor a Standing Deputy authorised to "
                     "convene on {e.convened_on:date} (authority.may_act: no)"),
    )
    extra.rule(
        "convener-before-effect", condition="convened", status=NA, clauses=["qd/hieu-luc"],
        when=[*_CONVENER, pc.outcome == "not_applicable"], because=in_force_text(),
    )
    extra.rule(
        "convener-authority-unknown", condition="convened", status=UNKNOWN,
        clauses=["dieu-5/khoan-4", "dieu-6/khoan-1"], when=[*_CONVENER, pc.outcome == "unknown"],
        because=Text("Chưa xác định được {e.convened_by} có quyền triệu tập vào ngày "
                     "{e.convened_on:date} không (authority.may_act: CHƯA XÁC ĐỊNH)",
                     "Whether {e.convened_by} could convene on {e.convened_on:date} is not "
                     "established (authority.may_act: unknown)"),
        missing=(Missing(MAY_ACT, Text("Các dữ kiện về thẩm quyền của người triệu tập (xem câu hỏi "
                                       "authority.may_act)", "The facts about the convener's authority "
                                       "(see authority.may_act)"),
                         Text("có thẩm quyền → điều kiện đáp ứng; không → KHÔNG",
                              "entitled → this condition holds; not → no")),),
    )
    extra.rule(
        "convening-day-unknown", condition="convened", status=UNKNOWN,
        clauses=["dieu-5/khoan-4", "dieu-6/khoan-1"],
        when=[m.id == e.meeting, e.convened_by != "", e.convened_known == False],
        because=Text("{e.convened_by} triệu tập phiên họp {e.meeting}, nhưng ngày triệu tập không được "
                     "ghi nhận: không xác định được người này có quyền triệu tập vào ngày đó không",
                     "{e.convened_by} convened meeting {e.meeting}, but the convening day is not "
                     "recorded: whether they could convene on that day is not established"),
        missing=(_CONVENING_DAY,),
    )
    extra.rule(
        "convener-unknown", condition="convened", status=UNKNOWN, clauses=["dieu-5/khoan-4"],
        when=[e.convened_by == ""],
        because=Text("Không rõ ai triệu tập phiên họp {e.meeting}",
                     "Who convened meeting {e.meeting} is not recorded"),
        missing=(Missing("meetings[].convened_by", Text("Người triệu tập", "The convener"),
                         Text("Trưởng ban → có thể CÓ; người khác → KHÔNG",
                              "the Head → possibly yes; anyone else → no")),),
    )


_extraordinary_meeting_rules()
EXTRAORDINARY_MEETING_VALID = extra.build()


# =================================================================================================
# đoạn 3 Điều 10
# > Tùy theo yêu cầu và tính chất của phiên họp, Trưởng ban có thể quyết định mời đại diện các sở,
# > ngành, các tổ chức và cá nhân có liên quan; Ủy ban nhân dân các huyện, thị xã, thành phố cùng
# > tham dự.
# =================================================================================================


@derivation("decided_on", clauses=[D3], inputs=["decided_on", "meeting_day"], description=Text(
    "Ngày quyết định mời; không ghi thì ngày họp, giới hạn muộn nhất của nó (việc mời dự một "
    "phiên họp được quyết định trước phiên họp)", "The day of the decision to invite; otherwise "
    "the meeting day, its latest bound (an invitation to a meeting is decided before it)"))
def _invited_on(decided_on: dt.date | None, meeting_day: dt.date) -> int:
    return day(decided_on or meeting_day)


@derivation("has_decided_on", clauses=[D3], inputs=["decided_on"], description=Text(
    "Ngày quyết định mời có được ghi trong hồ sơ (nếu không, decided_on chỉ là giới hạn)",
    "The day of the decision to invite is recorded (otherwise decided_on is only its bound)"))
def _has_decided_on(decided_on: dt.date | None) -> bool:
    return decided_on is not None


#: ``decided_on``: the recorded day, or the meeting day when none is recorded (an invitation to
#: a meeting is decided before it: the bound); ``has_decided_on`` says which.
INVITE = FactType("invitation", {"meeting": str, "invitee": str, "decided_by": str,
                                 "decided_on": int, "has_decided_on": bool},
                  derivations=(_invited_on, _has_decided_on))
COMMITTEE_ROLES = (Role.HEAD, Role.STANDING_DEPUTY, Role.DEPUTY, Role.MEMBER)

invite = QuestionBuilder(
    "dieu10.invitation_valid",
    title=Text("Người ngoài Ban này có được mời dự phiên họp theo quyết định của Trưởng ban không?",
               "May this non-member attend this meeting, invited by the Head's decision?"),
    clauses=(D3,),
    arguments=(MEETING_ARG, Arg("person", "person", Text("Người được mời", "The invitee"))),
    conditions=(APPLICABLE, Condition("invited", Text("Được Trưởng ban quyết định mời",
                                                      "Invited by the Head's decision"))),
    evaluate={"meeting": str, "person": str, "in_force": bool, "meeting_day": int,
              "complete": bool},
    facts=(ROLE, INVITE, POWER),
    module=__name__,
    depends_on=(MAY_ACT,),
    reads={"meeting_day": "meetings.date", "complete": "complete.invitations"},
)
declare_in_force(invite)


@invite.scope
def _invite_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    mt, person = case.meeting(scope.args["meeting"]), scope.args["person"]
    found = [(path, iv) for path, iv in case.invitations_for(mt.id) if iv.invitee == person]
    facts = [fact("invitation", path, meeting=iv.meeting, invitee=iv.invitee,
                  decided_by=ref(iv.decided_by),
                  decided_on=INVITE.derive("decided_on", decided_on=iv.decided_on,
                                           meeting_day=mt.date),
                  has_decided_on=INVITE.derive("has_decided_on", decided_on=iv.decided_on))
             for path, iv in found]
    facts += authority_facts(case, [person])
    # Who may invite: authority.may_act (issue 12, item 4), asked on the recorded day only; on an
    # unknown day the decider's power is unknown (issue 12, item 1).
    facts += power_facts(scope, "invite_attendees",
                         ((iv.decided_by, iv.decided_on) for _, iv in found))
    return ScopeResult(
        {"meeting": mt.id, "person": person, "in_force": scope.derive("in_force", day=mt.date),
         "meeting_day": day(mt.date), "complete": case.is_complete("invitations")},
        facts, sources=(case.by_id("meetings", mt.id).path,),
    )


def _invitation_rules() -> None:
    """đoạn 3: the Head's decision to invite a non-member."""
    e, i, r = invite.e, invite.var("i", INVITE), invite.var("mr", ROLE)
    pi = invite.var("pi", POWER)

    invite.rule(
        "outsider", condition="applicable", status=HOLDS, clauses=[D3],
        when=[e.in_force == True,
              no(r, r.person == e.person, r.first <= e.meeting_day, r.last >= e.meeting_day,
                 r.role != Role.HELPER_LEADER.value, r.role != Role.HELPER_MEMBER.value)],
        because=Text("{e.person} không giữ vị trí nào trong Ban Chỉ đạo vào ngày họp "
                     "{e.meeting_day:date}", "{e.person} held no committee position on the meeting "
                     "day {e.meeting_day:date}"),
    )
    invite.rule(
        "member", condition="applicable", status=NA, clauses=[D3, D5],
        when=[r.person == e.person, r.first <= e.meeting_day, r.last >= e.meeting_day,
              r.role != Role.HELPER_LEADER.value, r.role != Role.HELPER_MEMBER.value],
        because=Text("{mr.name} là thành viên Ban Chỉ đạo ({mr.role_vi}) vào ngày họp: dự họp theo đoạn "
                     "5 Điều 10, không cần được mời", "{mr.name} was on the committee ({mr.role_en}) on the "
                     "meeting day: members attend under paragraph 5, no invitation needed"),
    )
    invite.rule(
        "before-effect", condition="applicable", status=NA, clauses=["qd/hieu-luc"],
        when=[e.in_force == False], because=in_force_text(),
    )
    # "Trưởng ban có thể quyết định mời": inviting is the act invite_attendees; whether the decider
    # held it that day is authority.may_act's answer, read here (issue 12, item 4).
    _INVITED = (i.meeting == e.meeting, i.invitee == e.person, i.decided_on <= e.meeting_day,
                pi.person == i.decided_by, pi.act == "invite_attendees", pi.on == i.decided_on)
    invite.rule(
        "invited-may-act", condition="invited", status=HOLDS, clauses=[D3, "dieu-6/khoan-1"],
        when=[*_INVITED, pi.outcome == "yes"],
        because=Text("{i.decided_by} quyết định mời ngày {i.decided_on:date}, có quyền mời vào ngày đó "
                     "(authority.may_act: CÓ)", "{i.decided_by} decided the invitation on "
                     "{i.decided_on:date}, entitled to invite that day (authority.may_act: yes)"),
    )
    invite.rule(
        "decider-before-effect", condition="invited", status=NA, clauses=["qd/hieu-luc"],
        when=[*_INVITED, pi.outcome == "not_applicable"], because=in_force_text(),
    )
    invite.rule(
        "decider-authority-unknown", condition="invited", status=UNKNOWN,
        clauses=[D3, "dieu-6/khoan-1"], when=[*_INVITED, pi.outcome == "unknown"],
        because=Text("Chưa xác định được {i.decided_by} có quyền quyết định mời vào ngày "
                     "{i.decided_on:date} không (authority.may_act: CHƯA XÁC ĐỊNH)",
                     "Whether {i.decided_by} could decide invitations on {i.decided_on:date} is not "
                     "established (authority.may_act: unknown)"),
        missing=(Missing(MAY_ACT, Text("Các dữ kiện về thẩm quyền của người quyết định mời (xem câu "
                                       "hỏi authority.may_act)", "The facts about the decider's "
                                       "authority (see authority.may_act)"),
                         Text("có thẩm quyền → CÓ; không → KHÔNG", "entitled → yes; not → no")),),
    )
    invite.rule(
        "decided-after-meeting", condition="invited", status=FAILS, clauses=[D3],
        when=[i.meeting == e.meeting, i.invitee == e.person, i.decided_on > e.meeting_day],
        because=Text("Quyết định mời ngày {i.decided_on:date}, sau ngày họp {e.meeting_day:date}",
                     "The invitation was decided on {i.decided_on:date}, after the meeting "
                     "({e.meeting_day:date})"),
    )
    invite.rule(
        "decided-by-other", condition="invited", status=FAILS, clauses=[D3],
        when=[*_INVITED, pi.outcome == "no"],
        because=Text("Lời mời do {i.decided_by} quyết định, không phải Trưởng ban (hoặc Phó Trưởng ban "
                     "Thường trực được ủy quyền) (authority.may_act: KHÔNG)", "The invitation was "
                     "decided by {i.decided_by}, not the Head (nor an authorised Standing Deputy) "
                     "(authority.may_act: no)"),
    )
    invite.rule(
        "decision-day-unknown", condition="invited", status=UNKNOWN, clauses=[D3, "dieu-6/khoan-1"],
        when=[i.meeting == e.meeting, i.invitee == e.person, i.decided_by != "",
              i.has_decided_on == False],
        because=Text("{i.decided_by} quyết định mời {e.person}, nhưng ngày quyết định không được ghi "
                     "nhận: không xác định được người này có quyền mời vào ngày đó không",
                     "{i.decided_by} decided to invite {e.person}, but the day of the decision is not "
                     "recorded: whether they could invite on that day is not established"),
        missing=(Missing("invitations[].decided_on", Text("Ngày quyết định mời", "The day decided"),
                         Text("người quyết định có quyền mời vào ngày đó → CÓ",
                              "the decider entitled to invite that day → yes")),),
    )
    invite.rule(
        "decider-unknown", condition="invited", status=UNKNOWN, clauses=[D3], fallback=True,
        when=[i.meeting == e.meeting, i.invitee == e.person, i.decided_by == ""],
        because=Text("Không rõ ai quyết định mời {e.person}", "Who invited {e.person} is not recorded"),
        missing=(Missing("invitations[].decided_by", Text("Người quyết định mời", "Who decided"),
                         Text("Trưởng ban → CÓ", "the Head → yes")),),
    )
    _NO_INVITE = no(Var("ni", INVITE), Var("ni", INVITE).meeting == e.meeting,
                    Var("ni", INVITE).invitee == e.person)
    invite.rule(
        "not-invited", condition="invited", status=FAILS, clauses=[D3],
        when=[e.complete == True, _NO_INVITE],
        because=Text("Hồ sơ lời mời (được khai là đầy đủ) không có quyết định mời {e.person}",
                     "The invitation records (declared complete) hold no decision inviting "
                     "{e.person}"),
    )
    invite.rule(
        "invitation-unknown", condition="invited", status=UNKNOWN, clauses=[D3],
        when=[e.complete == False, _NO_INVITE],
        because=Text("Không có quyết định mời {e.person} được ghi nhận",
                     "No decision inviting {e.person} is recorded"),
        missing=(Missing("invitations", Text("Quyết định mời của Trưởng ban",
                                             "The Head's decision to invite"),
                         Text("có → CÓ; khai hồ sơ đầy đủ mà không có → KHÔNG",
                              "present → yes; records declared complete without it → no")),),
    )


_invitation_rules()
INVITATION_VALID = invite.build()


# =================================================================================================
# đoạn 4 Điều 10
# > Trường hợp không tổ chức được phiên họp, Trưởng ban có thể yêu cầu các Thành viên Ban; Thủ
# > trưởng các sở, ngành; các tổ chức và cá nhân có liên quan, Ủy ban nhân dân các huyện, thị xã,
# > thành phố cho ý kiến bằng văn bản để tổng hợp và quyết định.
# =================================================================================================

consult = QuestionBuilder(
    "dieu10.written_consultation_valid",
    title=Text("Đợt lấy ý kiến bằng văn bản này có thay được phiên họp không?",
               "Is this written consultation a valid stand-in for a meeting?"),
    clauses=(D4,),
    arguments=(Arg("consultation", "consultation",
                   Text("Mã đợt lấy ý kiến", "Written consultation id")),),
    conditions=(
        APPLICABLE,
        Condition("requested", Text("Do Trưởng ban yêu cầu", "Requested by the Head")),
        Condition("no_meeting", Text("Không tổ chức được phiên họp", "No meeting could be held")),
        Condition("decided", Text("Trưởng ban tổng hợp và quyết định",
                                  "The Head compiled and decided")),
    ),
    evaluate={"consultation": str, "in_force": bool, "complete_meetings": bool,
              "window_first": int, "window_last": int},
    facts=(CONSULT, MEETING, POWER),
    switches=("consultation_ground",),
    module=__name__,
    depends_on=(MAY_ACT,),
    reads={"complete_meetings": "complete.meetings"},
)
_declare_window(consult)


@consult.derive("in_force", clauses=[EFFECT, D4], inputs=["requested_on", "window_last"],
                description=Text("Quy chế áp dụng: có hiệu lực vào ngày yêu cầu, và quý không kết "
                                 "thúc trước ngày có hiệu lực (khi đó không có khoảng họp)",
                                 "The rule applies: in force on the day of the request, and the "
                                 "quarter does not end before the effective date (no window then)"))
def consultation_in_force(requested_on: dt.date, window_last: int) -> bool:
    return regulation_in_force(requested_on) and window_last > 0


@consult.scope
def _consult_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    path, ct = case.by_id("consultations", scope.args["consultation"])
    year, quarter = int(ct.quarter[:4]), int(ct.quarter[-1])
    facts = [_consultation_fact(path, ct)]
    facts += [meeting_fact(case, mt.id, scope.calendar)
              for _, mt in case.meetings_for_quarter(year, quarter)]
    # Who may request and decide: the answers of authority.may_act (issue 12, item 4).
    facts += power_fact(scope, ct.requested_by, "request_written_opinions", ct.requested_on)
    facts += power_fact(scope, ct.decided_by, "decide_matters", ct.decided_on)
    first = last = 0
    if regulation_in_force(ct.requested_on):  # no window to compute otherwise
        try:
            first, last = _regular_window(scope, year, quarter)
        except NotInForceError:  # a consultation after 23/6/2008 for an earlier quarter
            pass
    return ScopeResult(
        {"consultation": ct.id,
         "in_force": scope.derive("in_force", requested_on=ct.requested_on, window_last=last),
         "complete_meetings": case.is_complete("meetings"), "window_first": first,
         "window_last": last},
        facts, calendar_used=True,
    )


def _written_consultation_rules() -> None:
    """đoạn 4: written opinions in place of a meeting."""
    e, c, m = consult.e, consult.var("c", CONSULT), consult.var("m", MEETING)
    pq, pd = consult.var("pq", POWER), consult.var("pd", POWER)

    consult.rule(
        "in-force", condition="applicable", status=HOLDS, clauses=[D4],
        when=[e.in_force == True, c.id == e.consultation],
        because=Text("Đợt lấy ý kiến {c.id} cho quý {c.quarter}, yêu cầu ngày {c.requested_on:date}",
                     "Written consultation {c.id} for {c.quarter}, requested on "
                     "{c.requested_on:date}"),
    )
    consult.rule(
        "before-effect", condition="applicable", status=NA, clauses=["qd/hieu-luc"],
        when=[e.in_force == False], because=in_force_text(),
    )
    # "Trưởng ban có thể yêu cầu …": requesting written opinions is the act request_written_opinions;
    # whether the requester held it that day is authority.may_act's answer, read here.
    _REQUESTED = (c.id == e.consultation, pq.person == c.requested_by,
                  pq.act == "request_written_opinions", pq.on == c.requested_on)
    consult.rule(
        "requested-may-act", condition="requested", status=HOLDS, clauses=[D4, "dieu-6/khoan-1"],
        when=[*_REQUESTED, pq.outcome == "yes"],
        because=Text("{c.requested_by} có quyền yêu cầu cho ý kiến bằng văn bản vào ngày "
                     "{c.requested_on:date} (authority.may_act: CÓ)",
                     "{c.requested_by} could request written opinions on {c.requested_on:date} "
                     "(authority.may_act: yes)"),
    )
    consult.rule(
        "requested-by-other", condition="requested", status=FAILS, clauses=[D4, "dieu-6/khoan-1"],
        when=[*_REQUESTED, pq.outcome == "no"],
        because=Text("{c.requested_by} không phải Trưởng ban (hay Phó Trưởng ban Thường trực được ủy "
                     "quyền) vào ngày {c.requested_on:date} (authority.may_act: KHÔNG)",
                     "{c.requested_by} was neither the Head nor an authorised Standing Deputy on "
                     "{c.requested_on:date} (authority.may_act: no)"),
    )
    _MISSING_POWER = Missing(MAY_ACT, Text("Các dữ kiện về thẩm quyền của người này vào ngày đó (xem "
                                           "câu hỏi authority.may_act)",
                                           "The facts about this person's authority that day (see "
                                           "authority.may_act)"),
                             Text("có thẩm quyền → điều kiện đáp ứng; không → KHÔNG",
                                  "entitled → this condition holds; not → no"))
    consult.rule(
        "requester-authority-unknown", condition="requested", status=UNKNOWN,
        clauses=[D4, "dieu-6/khoan-1"], when=[*_REQUESTED, pq.outcome == "unknown"],
        because=Text("Chưa xác định được {c.requested_by} có quyền yêu cầu cho ý kiến bằng văn bản vào "
                     "ngày {c.requested_on:date} không (authority.may_act: CHƯA XÁC ĐỊNH)",
                     "Whether {c.requested_by} could request written opinions on "
                     "{c.requested_on:date} is not established (authority.may_act: unknown)"),
        missing=(_MISSING_POWER,),
    )
    consult.rule(
        "meeting-held", condition="no_meeting", status=FAILS, clauses=[D4, D1],
        when=[c.id == e.consultation, m.kind == REGULAR, m.held == True,
              m.day >= e.window_first, m.day <= e.window_last],
        because=Text("Phiên họp định kỳ {m.id} của quý {c.quarter} đã diễn ra ngày {m.day:date}, trong "
                     "khoảng họp: lấy ý kiến bằng văn bản chỉ thay phiên họp khi không tổ chức được",
                     "Regular meeting {m.id} for {c.quarter} took place on {m.day:date}, inside the "
                     "window: a written consultation stands in only when no meeting could be held"),
    )
    _nm = Var("nm", MEETING)
    _NO_HELD = no(_nm, _nm.kind == REGULAR, _nm.held == True,
                  _nm.day >= e.window_first, _nm.day <= e.window_last)
    _NONE_HELD = Text("Hồ sơ (được khai là đầy đủ) không có phiên họp định kỳ nào của quý {c.quarter} "
                      "trong khoảng {e.window_first:date}–{e.window_last:date}",
                      "The meeting records (declared complete) hold no regular meeting for "
                      "{c.quarter} in {e.window_first:date}–{e.window_last:date}")
    _NONE_HELD_WHEN = (e.in_force == True, e.complete_meetings == True, c.id == e.consultation,
                       _NO_HELD)
    # "Trường hợp không tổ chức được phiên họp": requested once the window had opened, the window
    # passing (or running) without a meeting shows it. Requested before the window opened, that no
    # meeting could be held in it is a judgement the records show only by the reason given:
    # interpretation point 14 (consultation_ground), issue 12 item 11.
    consult.rule(
        "no-meeting", condition="no_meeting", status=HOLDS, clauses=[D4],
        when=[*_NONE_HELD_WHEN, c.requested_on >= e.window_first], because=_NONE_HELD,
    )
    consult.rule(
        "no-meeting-early-reason", condition="no_meeting", status=HOLDS, clauses=[D4],
        when=[*_NONE_HELD_WHEN, c.requested_on < e.window_first, c.reason != "",
              e.i_consultation_ground == "shown_when_early"],
        because=Text(_NONE_HELD.vi + "; yêu cầu ngày {c.requested_on:date}, trước khoảng họp, nêu lý do "
                     "không tổ chức được phiên họp: \"{c.reason}\"",
                     _NONE_HELD.en + "; requested on {c.requested_on:date}, before the window, giving "
                     "why no meeting could be held: \"{c.reason}\""),
        warning=Text("Đợt lấy ý kiến {c.id} được yêu cầu trước khoảng họp; việc không tổ chức được phiên "
                     "họp dựa trên lý do do người yêu cầu nêu, không được kiểm tra",
                     "Consultation {c.id} was requested before the window; that no meeting could be "
                     "held rests on the reason its requester gave, which is not checked"),
    )
    consult.rule(
        "no-meeting-early-ground-unknown", condition="no_meeting", status=UNKNOWN, clauses=[D4],
        when=[*_NONE_HELD_WHEN, c.requested_on < e.window_first, c.reason == "",
              e.i_consultation_ground == "shown_when_early"],
        because=Text("Đợt lấy ý kiến {c.id} được yêu cầu ngày {c.requested_on:date}, trước khi khoảng "
                     "họp {e.window_first:date}–{e.window_last:date} bắt đầu, và không nêu lý do không "
                     "tổ chức được phiên họp",
                     "Consultation {c.id} was requested on {c.requested_on:date}, before the window "
                     "{e.window_first:date}–{e.window_last:date} opened, giving no reason why no "
                     "meeting could be held"),
        missing=(Missing("consultations[].reason", Text("Lý do không tổ chức được phiên họp",
                                                        "Why no meeting could be held"),
                         Text("có lý do → điều kiện đáp ứng (kèm cảnh báo)",
                              "a reason given → this condition holds (with a warning)")),),
    )
    consult.rule(
        "no-meeting-early-absence-suffices", condition="no_meeting", status=HOLDS, clauses=[D4],
        when=[*_NONE_HELD_WHEN, c.requested_on < e.window_first,
              e.i_consultation_ground == "no_meeting_held"],
        because=Text(_NONE_HELD.vi + "; theo cách hiểu đã chọn, như vậy là đủ",
                     _NONE_HELD.en + "; under the chosen reading, that suffices"),
    )
    consult.rule(
        "meeting-unknown", condition="no_meeting", status=UNKNOWN, clauses=[D4],
        when=[e.in_force == True, e.complete_meetings == False, c.id == e.consultation, _NO_HELD],
        because=Text("Không có phiên họp định kỳ nào của quý {c.quarter} được ghi nhận, nhưng hồ sơ "
                     "phiên họp không được khai là đầy đủ", "No regular meeting for {c.quarter} is "
                     "recorded, but the meeting records are not declared complete"),
        missing=(Missing("records_complete", Text("Khai hồ sơ phiên họp là đầy đủ",
                                                  "Declare the meeting records complete"),
                         Text("→ điều kiện này đáp ứng", "→ this condition holds")),),
    )
    consult.rule(
        "no-meeting-before-effect", condition="no_meeting", status=NA, clauses=["qd/hieu-luc"],
        when=[e.in_force == False], because=in_force_text(),
    )
    # "để tổng hợp và quyết định": deciding is the act decide_matters (khoản 1 Điều 4, khoản 2 Điều 5;
    # under an authorisation covering it, the Standing Deputy, khoản 1 Điều 6): authority.may_act's
    # answer about the decider on the day of the decision.
    _DECIDED = (c.id == e.consultation, c.decided == True, c.decided_after_request == True,
                pd.person == c.decided_by, pd.act == "decide_matters", pd.on == c.decided_on)
    consult.rule(
        "decided-may-act", condition="decided", status=HOLDS, clauses=[D4, "dieu-4/khoan-1"],
        when=[*_DECIDED, pd.outcome == "yes"],
        because=Text("{c.decided_by} đã tổng hợp và quyết định ngày {c.decided_on:date}, và có quyền "
                     "quyết định vào ngày đó (authority.may_act: CÓ)",
                     "{c.decided_by} compiled the opinions and decided on {c.decided_on:date}, "
                     "entitled to decide that day (authority.may_act: yes)"),
    )
    consult.rule(
        "decided-before-request", condition="decided", status=FAILS, clauses=[D4],
        when=[c.id == e.consultation, c.decided == True, c.decided_after_request == False],
        because=Text("Quyết định ngày {c.decided_on:date} có trước khi lấy ý kiến "
                     "({c.requested_on:date}): không phải là tổng hợp ý kiến để quyết định",
                     "The decision of {c.decided_on:date} predates the request for opinions "
                     "({c.requested_on:date}): it was not made on the opinions given"),
    )
    consult.rule(
        "decider-authority-unknown", condition="decided", status=UNKNOWN,
        clauses=[D4, "dieu-4/khoan-1"], when=[*_DECIDED, pd.outcome == "unknown"],
        because=Text("Chưa xác định được {c.decided_by} có quyền quyết định vào ngày {c.decided_on:date} "
                     "không (authority.may_act: CHƯA XÁC ĐỊNH)",
                     "Whether {c.decided_by} could decide on {c.decided_on:date} is not established "
                     "(authority.may_act: unknown)"),
        missing=(_MISSING_POWER,),
    )
    # The requester's or the decider's day before the regulation took effect.
    consult.rule(
        "requester-before-effect", condition="requested", status=NA, clauses=["qd/hieu-luc"],
        when=[*_REQUESTED, pq.outcome == "not_applicable"], because=in_force_text(),
    )
    consult.rule(
        "decider-before-effect", condition="decided", status=NA, clauses=["qd/hieu-luc"],
        when=[*_DECIDED, pd.outcome == "not_applicable"], because=in_force_text(),
    )
    consult.rule(
        "decided-by-other", condition="decided", status=FAILS, clauses=[D4, "dieu-4/khoan-1"],
        when=[*_DECIDED, pd.outcome == "no"],
        because=Text("Quyết định ngày {c.decided_on:date} do {c.decided_by} đưa ra, người không phải "
                     "Trưởng ban (hay Phó Trưởng ban Thường trực được ủy quyền) vào ngày đó "
                     "(authority.may_act: KHÔNG)",
                     "The decision of {c.decided_on:date} was made by {c.decided_by}, who was neither "
                     "the Head nor an authorised Standing Deputy on that day (authority.may_act: no)"),
    )
    consult.rule(
        "not-decided", condition="decided", status=UNKNOWN, clauses=[D4],
        when=[c.id == e.consultation, c.decided == False],
        because=Text("Chưa ghi nhận quyết định của Trưởng ban sau khi lấy ý kiến {c.id}",
                     "No decision of the Head on consultation {c.id} is recorded"),
        missing=(Missing("consultations[].decided_by, decided_on",
                         Text("Quyết định của Trưởng ban", "The Head's decision"),
                         Text("Trưởng ban quyết định → CÓ", "decided by the Head → yes")),),
    )


_written_consultation_rules()
WRITTEN_CONSULTATION_VALID = consult.build()


# =================================================================================================
# đoạn 5 Điều 10
# > Các Thành viên Ban tham dự đầy đủ các kỳ họp định kỳ và đột xuất, không ủy quyền;
# > trường họp [sic] không thể tham dự được phải báo cáo và được sự đồng ý của Trưởng ban thì mới
# > cử người dự họp thay. ("trường họp" [sic]: the regulation's own spelling, kept verbatim.)
# =================================================================================================

#: Who "các Thành viên Ban" bound by đoạn 5 are: one row per reading of interpretation point 1
#: (``attendance_scope``) and committee role, bound (the paragraph applies) or not (not
#: applicable). The substitute and attendance questions each declare one rule per row
#: ("bound-<reading>-<role>", "not-bound-<reading>-<role>"); the rows are the readings of
#: :data:`rules.common.BOUND_ROLES`, which Điều 11 shares (checked below).
BOUND_TABLE: tuple[tuple[str, Role, bool], ...] = (
    # attendance_scope  role                  bound by đoạn 5
    ("all_but_head",    Role.STANDING_DEPUTY, True),
    ("all_but_head",    Role.DEPUTY,          True),
    ("all_but_head",    Role.MEMBER,          True),
    ("all_but_head",    Role.HEAD,            False),
    ("members_only",    Role.MEMBER,          True),
    ("members_only",    Role.DEPUTY,          False),
    ("members_only",    Role.HEAD,            False),
    ("members_only",    Role.STANDING_DEPUTY, False),
)
if {(reading, role) for reading, role, bound in BOUND_TABLE if bound} != {
        (reading, role) for reading, roles in BOUND_ROLES.items() for role in roles} or len(
        BOUND_TABLE) != len(BOUND_ROLES) * len(COMMITTEE_ROLES):
    raise DeclarationError("dieu10.BOUND_TABLE disagrees with common.BOUND_ROLES")

ABSENCE = FactType("absence", {"meeting": str, "member": str, "reported_on": int})


def _absence_facts(case: Case, meeting: str, member: str) -> list[dict[str, Any]]:
    """The member's absence reports for the meeting: one notion of "báo cáo" for the substitute
    question and, under point 16 (``excused_absence``), the attendance question."""
    return [fact("absence", path, meeting=a.meeting, member=a.member,
                 reported_on=day(a.reported_on))
            for path, a in case.absence_reports_for(meeting, member)]


def _reported(e: Var, ab: Var) -> tuple[Test, ...]:
    """The report đoạn 5 asks for: the member's, for this meeting, no later than the meeting day
    (no addressee is checked: see ``_substitute_rules``). Shared by both questions, so that
    "reported" means one thing under every reading."""
    return (ab.meeting == e.meeting, ab.member == e.member, ab.reported_on <= e.meeting_day)


def _no_report(e: Var) -> Absent:
    """No report at all from the member for this meeting (a late one counts as a report made
    late, not as a missing one)."""
    na = Var("na", ABSENCE)
    return no(na, na.meeting == e.meeting, na.member == e.member)


@derivation("for_substitute", clauses=[D5], inputs=["named", "substitute"], description=Text(
    "Sự đồng ý dành cho người dự thay này (hoặc không nêu tên ai)",
    "The consent is for this substitute (or names nobody)"))
def _for_substitute(named: str | None, substitute: str) -> bool:
    return named in (None, substitute)


CONSENT = FactType(
    "consent",
    {"meeting": str, "member": str, "given_by": str, "given_on": int, "substitute": str,
     "for_substitute": bool},
    derivations=(_for_substitute,),
)
LATE: dict[str, Op] = {"by_meeting_day": ">", "before_meeting_day": ">="}

substitute = QuestionBuilder(
    "dieu10.substitute_allowed",
    title=Text("Người này có được dự họp thay Thành viên này không?",
               "May this person attend this meeting in place of this committee member?"),
    clauses=(D5,),
    arguments=(
        MEETING_ARG,
        Arg("member", "person", Text("Thành viên vắng mặt", "The absent member")),
        Arg("substitute", "person", Text("Người dự họp thay", "The substitute")),
    ),
    conditions=(
        APPLICABLE,
        Condition("absence_reported", Text("Đã báo cáo không thể dự họp",
                                           "The absence was reported")),
        Condition("consent", Text("Được Trưởng ban đồng ý trước khi cử người dự thay",
                                  "The Head consented before the substitute was sent")),
    ),
    evaluate={"meeting": str, "member": str, "substitute": str, "meeting_day": int,
              "in_force": bool, "complete_absences": bool, "complete_consents": bool,
              "self_substitute": bool},
    facts=(ROLE, AUTHZ, ABSENCE, CONSENT, POWER),
    switches=("attendance_scope", "consent_deadline", "consent_by_deputy"),
    starred=True,
    module=__name__,
    depends_on=(MAY_ACT,),
    reads={"meeting_day": "meetings.date", "complete_absences": "complete.absence_reports",
           "complete_consents": "complete.consents"},
)
declare_in_force(substitute)


@substitute.derive("self_substitute", clauses=[D5], inputs=["member", "substitute"],
                   description=Text("Người dự thay chính là Thành viên",
                                    "The substitute is the member himself"))
def self_substitute(member: str, substitute: str) -> bool:
    return member == substitute


@substitute.scope
def _substitute_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    mt_path, mt = case.by_id("meetings", scope.args["meeting"])
    member, sub = scope.args["member"], scope.args["substitute"]
    facts = _absence_facts(case, mt.id, member)
    consents = case.consents_for(mt.id, member)
    facts += [fact("consent", path, meeting=k.meeting, member=k.member, given_by=k.given_by,
                   given_on=day(k.given_on), substitute=ref(k.substitute),
                   for_substitute=CONSENT.derive("for_substitute", named=k.substitute,
                                                 substitute=sub))
              for path, k in consents]
    facts += authority_facts(case, [member], [sub])
    # Who may consent: authority.may_act (issue 12, item 4).
    facts += power_facts(scope, "consent_substitute", ((k.given_by, k.given_on) for _, k in consents))
    return ScopeResult(
        {"meeting": mt.id, "member": member, "substitute": sub, "meeting_day": day(mt.date),
         "in_force": scope.derive("in_force", day=mt.date),
         "complete_absences": case.is_complete("absence_reports"),
         "complete_consents": case.is_complete("consents"),
         "self_substitute": scope.derive("self_substitute", member=member, substitute=sub)},
        facts, sources=(mt_path,),
    )


def _substitute_rules() -> None:
    """đoạn 5: a substitute sent with the Head's consent."""
    e, r = substitute.e, substitute.var("mr", ROLE)
    ab, cs = substitute.var("ab", ABSENCE), substitute.var("cs", CONSENT)
    sa, pk = substitute.var("sa", AUTHZ), substitute.var("pk", POWER)

    _ON_DAY = (r.person == e.member, r.first <= e.meeting_day, r.last >= e.meeting_day)
    for reading, role, bound in BOUND_TABLE:
        if bound:
            substitute.rule(
                f"bound-{reading}-{role.value}", condition="applicable", status=HOLDS,
                clauses=[D5],
                when=[e.in_force == True, *_ON_DAY, r.role == role.value,
                      e.i_attendance_scope == reading],
                because=Text("{mr.name} giữ vị trí {mr.role_vi} vào ngày họp {e.meeting_day:date}, "
                             "thuộc diện phải tham dự đầy đủ các kỳ họp",
                             "{mr.name} held the position {mr.role_en} on the meeting day "
                             "{e.meeting_day:date}, and is bound to attend every meeting"),
            )
        else:
            substitute.rule(
                f"not-bound-{reading}-{role.value}", condition="applicable", status=NA,
                clauses=[D5],
                when=[*_ON_DAY, r.role == role.value, e.i_attendance_scope == reading],
                because=Text("{mr.name} giữ vị trí {mr.role_vi}: theo cách hiểu đã chọn, quy định dự họp "
                             "và cử người dự thay của đoạn 5 Điều 10 không áp dụng cho vị trí này",
                             "{mr.name} held the position {mr.role_en}: under the chosen reading the "
                             "attendance and substitute rule of paragraph 5 does not bind it"),
            )
    substitute.rule(
        "not-on-committee", condition="applicable", status=NA, clauses=[D5], fallback=True,
        when=[e.in_force == True],
        because=Text("{e.member} không giữ vị trí nào trong Ban Chỉ đạo vào ngày họp "
                     "{e.meeting_day:date}", "{e.member} held no committee position on the meeting "
                     "day {e.meeting_day:date}"),
    )
    substitute.rule(
        "self", condition="applicable", status=NA, clauses=[D5],
        when=[e.self_substitute == True],
        because=Text("{e.member} không thể dự họp thay chính mình: tự mình dự họp là tham dự trực "
                     "tiếp, không phải cử người dự họp thay",
                     "{e.member} cannot attend in their own place: attending oneself is attending "
                     "in person, not sending a substitute"),
    )
    substitute.rule(
        "before-effect", condition="applicable", status=NA, clauses=["qd/hieu-luc"],
        when=[e.in_force == False], because=in_force_text(),
    )
    # "phải báo cáo và được sự đồng ý của Trưởng ban thì mới cử người dự họp thay" (issue 12, item
    # 12). Addressee: "của Trưởng ban" governs "sự đồng ý"; the text names no addressee for "báo
    # cáo", so ``reported_to`` is not checked (no answer turns on it). Order: "báo cáo và được sự
    # đồng ý" joins the two with "và", and "thì mới cử" puts both before the substitute is sent; the
    # text does not put the report before the consent, so no order between them is required. Both
    # are required by the meeting day (the consent's deadline is point 2, consent_deadline).
    substitute.rule(
        "reported", condition="absence_reported", status=HOLDS, clauses=[D5],
        when=[*_reported(e, ab)],
        because=Text("{e.member} đã báo cáo không thể dự họp ngày {ab.reported_on:date}",
                     "{e.member} reported being unable to attend on {ab.reported_on:date}"),
    )
    substitute.rule(
        "reported-late", condition="absence_reported", status=FAILS, clauses=[D5],
        when=[ab.meeting == e.meeting, ab.member == e.member, ab.reported_on > e.meeting_day],
        because=Text("Báo cáo vắng mặt ngày {ab.reported_on:date}, sau ngày họp {e.meeting_day:date}",
                     "The absence was reported on {ab.reported_on:date}, after the meeting "
                     "({e.meeting_day:date})"),
    )
    _NO_ABSENCE = _no_report(e)
    substitute.rule(
        "not-reported", condition="absence_reported", status=FAILS, clauses=[D5],
        when=[e.complete_absences == True, _NO_ABSENCE],
        because=Text("Hồ sơ báo cáo vắng mặt (được khai là đầy đủ) không có báo cáo của {e.member}",
                     "The absence reports (declared complete) hold none from {e.member}"),
    )
    substitute.rule(
        "report-unknown", condition="absence_reported", status=UNKNOWN, clauses=[D5],
        when=[e.complete_absences == False, _NO_ABSENCE],
        because=Text("Không có báo cáo vắng mặt của {e.member} được ghi nhận",
                     "No absence report from {e.member} is recorded"),
        missing=(Missing("absence_reports", Text("Báo cáo không thể dự họp của Thành viên",
                                                 "The member's report of being unable to attend"),
                         Text("có, trước hoặc trong ngày họp → điều kiện đáp ứng; khai hồ sơ đầy đủ mà "
                              "không có → KHÔNG", "present, by the meeting day → this condition "
                              "holds; records declared complete without it → no")),),
    )
    # Who may consent: the answer of authority.may_act about the giver, the act consent_substitute
    # and the day of the consent (issue 12, item 4: one source of truth), which reads point 3
    # (consent_by_deputy): the Head in his own right, and under the wider readings the Standing
    # Deputy (or anyone) authorised by the Head (khoản 1 Điều 6). By when: point 4 (consent_deadline),
    # one rule per reading. The rules test e.i_consent_by_deputy so that an answer lists point 3,
    # on which may_act's answer about consenting turns.
    _CONSENTER = (cs.meeting == e.meeting, cs.member == e.member, cs.for_substitute == True,
                  pk.person == cs.given_by, pk.act == "consent_substitute", pk.on == cs.given_on,
                  e.i_consent_by_deputy != "")
    ON_TIME: dict[str, Op] = {"by_meeting_day": "<=", "before_meeting_day": "<"}
    for deadline, op in ON_TIME.items():
        substitute.rule(
            f"consent-head-{deadline}", condition="consent", status=HOLDS, clauses=[D5],
            when=[*_CONSENTER, compare(cs.given_on, op, e.meeting_day), pk.outcome == "yes",
                  pk.way == "head", e.i_consent_deadline == deadline],
            because=Text("Đồng ý ngày {cs.given_on:date} (họp ngày {e.meeting_day:date}) của "
                         "{pk.name} ({pk.person}), Trưởng ban vào ngày đó (authority.may_act: CÓ): "
                         "{pk.why_vi}",
                         "Consent given on {cs.given_on:date} (meeting on {e.meeting_day:date}) by "
                         "{pk.name} ({pk.person}), the Head that day (authority.may_act: yes): "
                         "{pk.why_en}"),
        )
        substitute.rule(
            f"consent-on-behalf-{deadline}", condition="consent", status=HOLDS,
            clauses=[D5, "dieu-6/khoan-1"],
            when=[*_CONSENTER, compare(cs.given_on, op, e.meeting_day), pk.outcome == "yes",
                  pk.way != "head", e.i_consent_deadline == deadline],
            because=Text("Đồng ý ngày {cs.given_on:date} (họp ngày {e.meeting_day:date}) của "
                         "{pk.name} ({pk.person}), thay mặt Trưởng ban theo ủy quyền "
                         "(authority.may_act: CÓ): {pk.why_vi}",
                         "Consent given on {cs.given_on:date} (meeting on {e.meeting_day:date}) by "
                         "{pk.name} ({pk.person}), on the Head's behalf under an authorisation "
                         "(authority.may_act: yes): {pk.why_en}"),
        )
    # A consent whose giver's power that day is not established (authority.may_act: unknown): it
    # may be the valid consent the text asks for.
    substitute.rule(
        "consent-authority-unknown", condition="consent", status=UNKNOWN, clauses=[D5],
        when=[*_CONSENTER, pk.outcome == "unknown"],
        because=Text("Chưa xác định được {pk.name} ({pk.person}) có quyền đồng ý vào ngày "
                     "{cs.given_on:date} không (authority.may_act: CHƯA XÁC ĐỊNH): {pk.why_vi}",
                     "Whether {pk.name} ({pk.person}) could consent on {cs.given_on:date} is not "
                     "established (authority.may_act: unknown): {pk.why_en}"),
        missing=(Missing(MAY_ACT, Text("Các dữ kiện về thẩm quyền của người đồng ý (xem câu hỏi "
                                       "authority.may_act)", "The facts about the consenting person's "
                                       "authority (see authority.may_act)"),
                         Text("có thẩm quyền → điều kiện đáp ứng; không → KHÔNG",
                              "entitled → this condition holds; not → no")),),
    )
    for deadline, op in LATE.items():
        substitute.rule(
            f"consent-late-{deadline}", condition="consent", status=FAILS, clauses=[D5],
            when=[cs.meeting == e.meeting, cs.member == e.member, cs.for_substitute == True,
                  compare(cs.given_on, op, e.meeting_day), e.i_consent_deadline == deadline],
            because=Text("Sự đồng ý ngày {cs.given_on:date} là quá muộn so với ngày họp "
                         "{e.meeting_day:date}", "Consent given on {cs.given_on:date} is too late "
                         "for the meeting of {e.meeting_day:date}"),
        )
    substitute.rule(
        "consent-other-substitute", condition="consent", status=FAILS, clauses=[D5],
        when=[cs.meeting == e.meeting, cs.member == e.member, cs.for_substitute == False],
        because=Text("Sự đồng ý ngày {cs.given_on:date} là cho người khác ({cs.substitute}) dự thay, "
                     "không phải {e.substitute}", "The consent of {cs.given_on:date} names another "
                     "substitute ({cs.substitute}), not {e.substitute}"),
    )
    substitute.rule(
        "standing-delegation", condition="consent", status=FAILS, clauses=[D5],
        when=[sa.grantor == e.member, sa.grantee == e.substitute, sa.act == "attend_meeting",
              sa.first <= e.meeting_day, sa.last >= e.meeting_day],
        because=Text("{e.member} đã ủy quyền dự họp cho {e.substitute} ({sa.id}), nhưng Thành viên dự "
                     "họp \"không ủy quyền\": chỉ sự đồng ý của Trưởng ban cho từng phiên họp mới cho "
                     "phép cử người dự thay", "{e.member} gave {e.substitute} a standing "
                     "authorisation to attend ({sa.id}), but attendance is \"not delegated\": only "
                     "the Head's consent for the meeting allows a substitute"),
    )
    _NOT_ENTITLED = Text("Sự đồng ý ngày {cs.given_on:date} do {cs.given_by} đưa ra, người không có "
                         "thẩm quyền đồng ý vào ngày đó theo cách hiểu đã chọn "
                         "(authority.may_act: {pk.outcome})",
                         "The consent of {cs.given_on:date} was given by {cs.given_by}, who was not "
                         "entitled to consent that day under the chosen reading (authority.may_act: "
                         "{pk.outcome})")
    substitute.rule(
        "consent-not-entitled", condition="consent", status=FAILS, clauses=[D5], fallback=True,
        when=[*_CONSENTER, pk.outcome != "yes", pk.outcome != "unknown", e.complete_consents == True],
        because=Text(_NOT_ENTITLED.vi + " (hồ sơ đồng ý được khai là đầy đủ)",
                     _NOT_ENTITLED.en + " (consent records declared complete)"),
    )
    # With the consents open, one consent by someone not entitled does not exclude the Head's own,
    # unrecorded (issue 12, item 3: no "no" resting on an absent record).
    substitute.rule(
        "consent-not-entitled-open", condition="consent", status=UNKNOWN, clauses=[D5],
        fallback=True,
        when=[*_CONSENTER, pk.outcome != "yes", pk.outcome != "unknown",
              e.complete_consents == False],
        because=Text(_NOT_ENTITLED.vi + "; hồ sơ đồng ý không được khai là đầy đủ",
                     _NOT_ENTITLED.en + "; the consent records are not declared complete"),
        missing=(Missing("consents", Text("Sự đồng ý của người có thẩm quyền, chậm nhất trong ngày họp",
                                          "A consent by someone entitled, by the meeting day"),
                         Text("có → điều kiện đáp ứng; khai hồ sơ đầy đủ mà không có → KHÔNG",
                              "present → this condition holds; records declared complete without "
                              "it → no")),),
    )
    _NO_CONSENT = no(Var("nc", CONSENT), Var("nc", CONSENT).meeting == e.meeting,
                     Var("nc", CONSENT).member == e.member)
    substitute.rule(
        "no-consent", condition="consent", status=FAILS, clauses=[D5], fallback=True,
        when=[e.complete_consents == True, _NO_CONSENT],
        because=Text("Hồ sơ (được khai là đầy đủ) không có sự đồng ý của Trưởng ban cho {e.member} cử "
                     "người dự họp thay", "The records (declared complete) hold no consent of the "
                     "Head for {e.member} to send a substitute"),
    )
    substitute.rule(
        "consent-unknown", condition="consent", status=UNKNOWN, clauses=[D5], fallback=True,
        when=[e.complete_consents == False, _NO_CONSENT],
        because=Text("Không có sự đồng ý nào của Trưởng ban được ghi nhận",
                     "No consent of the Head is recorded"),
        missing=(Missing("consents", Text("Sự đồng ý của Trưởng ban, chậm nhất trong ngày họp",
                                          "The Head's consent, by the meeting day"),
                         Text("có → điều kiện đáp ứng; khai hồ sơ đầy đủ mà không có → KHÔNG",
                              "present → this condition holds; records declared complete without "
                              "it → no")),),
    )


_substitute_rules()
SUBSTITUTE_ALLOWED = substitute.build()


# -------------------------------------------------------------------------------------------------
# The attendance duty of a member for one meeting (đoạn 5): in person, or by a substitute allowed
# under the same paragraph (the substitute question's own answer is a derived fact here).
# -------------------------------------------------------------------------------------------------

ATTEND = FactType("attendance", {"meeting": str, "person": str, "mode": str, "on_behalf_of": str})
SUBDEC = FactType("substitute_decision", {"substitute": str, "outcome": str})
#: An attendance mode's text in a fact: ``mode.value`` is a Python-level property, read once per
#: record by the attendance scope (thousands under one meeting).
_MODE_TEXT: dict[AttendanceMode, str] = {m: m.value for m in AttendanceMode}

attendance = QuestionBuilder(
    "dieu10.attendance_compliant",
    title=Text("Thành viên này có thực hiện đúng chế độ dự họp tại phiên họp này không?",
               "Did this member meet the attendance duty for this meeting?"),
    clauses=(D5,),
    arguments=(MEETING_ARG, Arg("member", "person", Text("Thành viên", "The member"))),
    conditions=(APPLICABLE, Condition("attended", Text("Dự họp đầy đủ hoặc cử người dự thay hợp "
                                                       "lệ", "Attended, or validly substituted"))),
    evaluate={"meeting": str, "member": str, "meeting_day": int, "in_force": bool,
              "held": bool, "complete": bool, "complete_absences": bool,
              "reading_excused_absence": str},
    facts=(ROLE, ATTEND, SUBDEC, ABSENCE),
    # The substitute's own answer (a derived fact) depends on points 2 and 3 as well; point 16
    # (excused_absence) says whether a reported absence with nobody sent meets the duty.
    switches=("attendance_scope", "consent_deadline", "consent_by_deputy", "excused_absence"),
    module=__name__,
    depends_on=("dieu10.substitute_allowed",),
    reads={"meeting_day": "meetings.date", "held": "meetings.held",
           "complete": "complete.attendances", "complete_absences": "complete.absence_reports",
           "reading_excused_absence": "interpretation.excused_absence"},
)
declare_in_force(attendance)


@attendance.scope
def _attendance_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    mt, member = case.meeting(scope.args["meeting"]), scope.args["member"]
    # One pass over the meeting's records, the substitutes noted on the way: with thousands of
    # records under one meeting, ``mode.value`` (a Python-level property) and a second pass
    # cost about a third of the scope (issue 14, target 3).
    facts: list[dict[str, Any]] = []
    substitutes: dict[str, None] = {}
    mode_text, substitute = _MODE_TEXT, AttendanceMode.SUBSTITUTE
    for path, a in case.attendances_for(mt.id):
        behalf = a.on_behalf_of
        if a.person == member or behalf == member:
            mode = a.mode
            facts.append(fact("attendance", path, meeting=a.meeting, person=a.person,
                              mode=mode_text[mode], on_behalf_of=ref(behalf)))
            if mode is substitute:
                substitutes[a.person] = None
    # One answer per substitute, however many attendance records name them: a fact for each
    # record would make every record of a substitute match every copy of their answer
    # (records² conclusions: 300 records under one meeting gave 22,952 reasons, issue 14).
    for person in substitutes:
        sub = scope.dependency("dieu10.substitute_allowed", meeting=mt.id, member=member,
                               substitute=person)
        facts.append(fact("substitute_decision", "dieu10.substitute_allowed",
                          substitute=person, outcome=sub.outcome.value))
    facts += role_facts(case, [member])
    facts += _absence_facts(case, mt.id, member)
    return ScopeResult(
        {"meeting": mt.id, "member": member, "meeting_day": day(mt.date),
         "in_force": scope.derive("in_force", day=mt.date), "held": mt.held,
         "complete": case.is_complete("attendances"),
         "complete_absences": case.is_complete("absence_reports"),
         "reading_excused_absence": scope.settings.reading("excused_absence")},
        facts, sources=(case.by_id("meetings", mt.id).path,),
    )


def _attendance_rules() -> None:
    """đoạn 5: the member's attendance, in person or by an allowed substitute."""
    e, r = attendance.e, attendance.var("mr", ROLE)
    at, sd = attendance.var("at", ATTEND), attendance.var("sd", SUBDEC)

    _ON_DAY = (r.person == e.member, r.first <= e.meeting_day, r.last >= e.meeting_day)
    for reading, role, bound in BOUND_TABLE:
        if bound:
            attendance.rule(
                f"bound-{reading}-{role.value}", condition="applicable", status=HOLDS,
                clauses=[D5],
                when=[e.in_force == True, e.held == True, *_ON_DAY, r.role == role.value,
                      e.i_attendance_scope == reading],
                because=Text("{mr.name} giữ vị trí {mr.role_vi} vào ngày họp, thuộc diện phải tham dự",
                             "{mr.name} held the position {mr.role_en} on the meeting day and is "
                             "bound to attend"),
            )
        else:
            attendance.rule(
                f"not-bound-{reading}-{role.value}", condition="applicable", status=NA,
                clauses=[D5],
                when=[*_ON_DAY, r.role == role.value, e.i_attendance_scope == reading],
                because=Text("{mr.name} giữ vị trí {mr.role_vi}: theo cách hiểu đã chọn, đoạn 5 Điều 10 "
                             "không ràng buộc vị trí này", "{mr.name} held the position {mr.role_en}: "
                             "under the chosen reading paragraph 5 does not bind it"),
            )
    attendance.rule(
        "not-on-committee", condition="applicable", status=NA, clauses=[D5], fallback=True,
        when=[e.in_force == True],
        because=Text("{e.member} không giữ vị trí nào trong Ban Chỉ đạo vào ngày họp",
                     "{e.member} held no committee position on the meeting day"),
    )
    attendance.rule(
        "not-held", condition="applicable", status=NA, clauses=[D5],
        when=[e.held == False],
        because=Text("Phiên họp {e.meeting} đã không diễn ra", "Meeting {e.meeting} did not take place"),
    )
    attendance.rule(
        "before-effect", condition="applicable", status=NA, clauses=["qd/hieu-luc"],
        when=[e.in_force == False], because=in_force_text(),
    )
    attendance.rule(
        "in-person", condition="attended", status=HOLDS, clauses=[D5],
        when=[at.meeting == e.meeting, at.person == e.member, at.mode == "in_person"],
        because=Text("{e.member} đã trực tiếp dự họp", "{e.member} attended in person"),
    )
    for outcome, status, vi, en in (
        ("yes", HOLDS, "được phép theo đoạn 5 Điều 10", "allowed under paragraph 5"),
        ("no", FAILS, "không được phép theo đoạn 5 Điều 10", "not allowed under paragraph 5"),
        ("unknown", UNKNOWN, "chưa xác định được là được phép", "not shown to be allowed"),
        ("not_applicable", FAILS, "không thuộc trường hợp được cử người dự thay",
         "outside the cases where a substitute may be sent"),
    ):
        attendance.rule(
            f"substitute-{outcome}", condition="attended", status=status, clauses=[D5],
            when=[at.meeting == e.meeting, at.on_behalf_of == e.member, at.mode == "substitute",
                  sd.substitute == at.person, sd.outcome == outcome,
                  # Always true: they mark the readings the substitute's answer was given under,
                  # so that the decision lists them.
                  e.i_consent_deadline != "", e.i_consent_by_deputy != ""],
            because=Text("{at.person} dự họp thay {e.member}: " + vi,
                         "{at.person} attended for {e.member}: " + en),
            missing=(Missing("absence_reports, consents",
                             Text("Báo cáo vắng mặt và sự đồng ý của Trưởng ban",
                                  "The absence report and the Head's consent"),
                             Text("xem câu hỏi dieu10.substitute_allowed",
                                  "see question dieu10.substitute_allowed")),)
            if status == UNKNOWN else (),
        )
    # Point 16 (excused_absence): a member nobody attended for (neither in person nor by a
    # substitute: a substitute sent is judged by the substitute's answer above, under both
    # readings, since sending one not allowed is the "ủy quyền" the paragraph forbids) who reported
    # the absence as the substitute question judges a report (``_reported``). The holding rule
    # reads a copy of the reading (a "yes" it gives lists point 16; a "no" about anyone else does
    # not: rules/authority.py's docstring); the others test ``e.i_excused_absence`` and fire only
    # where the reading changes the outcome, so an answer lists point 16 exactly then.
    ab = attendance.var("ab", ABSENCE)
    ip, sb = Var("ip", ATTEND), Var("sb", ATTEND)
    _NOBODY = (no(ip, ip.meeting == e.meeting, ip.person == e.member, ip.mode == "in_person"),
               no(sb, sb.meeting == e.meeting, sb.on_behalf_of == e.member, sb.mode == "substitute"))
    attendance.rule(
        "reported-absence", condition="attended", status=HOLDS, clauses=[D5],
        when=[e.reading_excused_absence == "report_suffices", *_NOBODY, *_reported(e, ab)],
        because=Text("{e.member} không thể dự họp và đã báo cáo ngày {ab.reported_on:date} (họp ngày "
                     "{e.meeting_day:date}), không cử người dự thay: theo cách hiểu đã chọn, \"phải báo "
                     "cáo\" là nghĩa vụ của Thành viên, còn sự đồng ý của Trưởng ban chỉ là điều kiện "
                     "để cử người dự họp thay",
                     "{e.member} could not attend and reported it on {ab.reported_on:date} (meeting "
                     "on {e.meeting_day:date}), sending nobody: under the chosen reading the report "
                     "(\"phải báo cáo\") is the member's duty, and the Head's consent conditions only "
                     "the sending of a substitute"),
    )
    attendance.rule(
        "reported-absence-no-substitute", condition="attended", status=FAILS, clauses=[D5],
        when=[e.i_excused_absence == "substitute_required", e.complete == True, *_NOBODY,
              *_reported(e, ab)],
        because=Text("{e.member} đã báo cáo không thể dự họp ngày {ab.reported_on:date} nhưng hồ sơ dự "
                     "họp (được khai là đầy đủ) không ghi nhận người dự thay: theo cách hiểu đã chọn, "
                     "báo cáo không thay cho việc dự họp",
                     "{e.member} reported being unable to attend on {ab.reported_on:date}, but the "
                     "attendance records (declared complete) show no substitute: under the chosen "
                     "reading a report does not stand for attending"),
    )
    attendance.rule(
        "reported-absence-open", condition="attended", status=UNKNOWN, clauses=[D5],
        when=[e.i_excused_absence == "substitute_required", e.complete == False, *_NOBODY,
              *_reported(e, ab)],
        because=Text("{e.member} đã báo cáo không thể dự họp ngày {ab.reported_on:date}; không có ghi "
                     "nhận {e.member} hay người dự thay dự họp (theo cách hiểu đã chọn, báo cáo không "
                     "thay cho việc dự họp)",
                     "{e.member} reported being unable to attend on {ab.reported_on:date}; no "
                     "attendance by {e.member} or a substitute is recorded (under the chosen reading "
                     "a report does not stand for attending)"),
        missing=(Missing("attendances", Text("Danh sách dự họp", "The attendance list"),
                         Text("có mặt hoặc người dự thay được phép → CÓ; khai hồ sơ đầy đủ mà vắng → "
                              "KHÔNG", "present, or an allowed substitute → yes; records declared "
                              "complete without it → no")),),
    )
    _REPORT = Missing("absence_reports", Text("Báo cáo không thể dự họp của Thành viên",
                                              "The member's report of being unable to attend"),
                      Text("có, trước hoặc trong ngày họp → CÓ (theo cách hiểu đã chọn); khai hồ sơ "
                           "đầy đủ mà không có → KHÔNG", "present, by the meeting day → yes (under the "
                           "chosen reading); records declared complete without it → no"))
    attendance.rule(
        "report-unknown", condition="attended", status=UNKNOWN, clauses=[D5],
        when=[e.i_excused_absence == "report_suffices", e.complete == True,
              e.complete_absences == False, *_NOBODY, _no_report(e)],
        because=Text("Hồ sơ dự họp (được khai là đầy đủ) không ghi nhận {e.member} hay người dự thay, "
                     "và không có báo cáo vắng mặt của {e.member} được ghi nhận (hồ sơ báo cáo vắng "
                     "mặt không được khai là đầy đủ)",
                     "The attendance records (declared complete) show neither {e.member} nor a "
                     "substitute, and no absence report from {e.member} is recorded (the absence "
                     "reports are not declared complete)"),
        missing=(_REPORT,),
    )
    attendance.rule(
        "report-and-attendance-unknown", condition="attended", status=UNKNOWN, clauses=[D5],
        when=[e.i_excused_absence == "report_suffices", e.complete == False,
              e.complete_absences == False, *_NOBODY, _no_report(e)],
        because=Text("Không có ghi nhận dự họp của {e.member} hay người dự thay, cũng không có báo cáo "
                     "vắng mặt của {e.member}",
                     "No attendance by {e.member} or a substitute is recorded, nor any absence "
                     "report from {e.member}"),
        missing=(Missing("attendances", Text("Danh sách dự họp", "The attendance list"),
                         Text("có mặt → CÓ; khai hồ sơ đầy đủ mà vắng → KHÔNG",
                              "present → yes; records declared complete without it → no")), _REPORT),
    )
    # Under the default the same facts give "no" (the fallback ``absent``); this rule says so
    # while testing the reading, because under report_suffices they give "unknown".
    attendance.rule(
        "absent-report-open", condition="attended", status=FAILS, clauses=[D5],
        when=[e.i_excused_absence == "substitute_required", e.complete == True,
              e.complete_absences == False, *_NOBODY, _no_report(e)],
        because=Text("Hồ sơ dự họp (được khai là đầy đủ) không ghi nhận {e.member} hay người dự thay",
                     "The attendance records (declared complete) show neither {e.member} nor a "
                     "substitute"),
    )
    attendance.rule(
        "absent", condition="attended", status=FAILS, clauses=[D5], fallback=True,
        when=[e.complete == True],
        because=Text("Hồ sơ dự họp (được khai là đầy đủ) không ghi nhận {e.member} hay người dự thay",
                     "The attendance records (declared complete) show neither {e.member} nor a "
                     "substitute"),
    )
    attendance.rule(
        "attendance-unknown", condition="attended", status=UNKNOWN, clauses=[D5], fallback=True,
        when=[e.complete == False],
        because=Text("Không có ghi nhận dự họp của {e.member} hay người dự thay",
                     "No attendance by {e.member} or a substitute is recorded"),
        missing=(Missing("attendances", Text("Danh sách dự họp", "The attendance list"),
                         Text("có mặt → CÓ; khai hồ sơ đầy đủ mà vắng → KHÔNG",
                              "present → yes; records declared complete without it → no")),),
    )


_attendance_rules()
ATTENDANCE_COMPLIANT = attendance.build()

QUESTIONS = (
    REGULAR_MEETING_IN_WINDOW,
    QUARTER_OBLIGATION_MET,
    EXTRAORDINARY_MEETING_VALID,
    INVITATION_VALID,
    WRITTEN_CONSULTATION_VALID,
    SUBSTITUTE_ALLOWED,
    ATTENDANCE_COMPLIANT,
)


# =================================================================================================
# The year's audit: what it asks of each question (kgrules.obligations)
# =================================================================================================

def audit_attendance_checks(ctx: AuditContext) -> list[Check]:
    out = []
    for ix in ctx.meetings():
        m = ix.record
        for person in ctx.holders_on(m.date, COMMITTEE_ROLES):
            label = ctx.person_label(person)
            out.append(Check("dieu10.attendance_compliant", {"meeting": m.id, "member": person},
                             m.for_quarter[1], m.date,
                             Text(f"{label} — phiên họp {m.id}", f"{label} — meeting {m.id}")))
    return out

def audit_substitute_checks(ctx: AuditContext) -> list[Check]:
    out = []
    for ix in ctx.meetings():
        m = ix.record
        for at in ctx.case.attendances_for(m.id):
            a = at.record
            if a.mode is AttendanceMode.SUBSTITUTE and a.on_behalf_of is not None:
                sub, member = ctx.person_label(a.person), ctx.person_label(a.on_behalf_of)
                out.append(Check(
                    "dieu10.substitute_allowed",
                    {"meeting": m.id, "member": a.on_behalf_of, "substitute": a.person},
                    m.for_quarter[1], m.date,
                    Text(f"{sub} dự thay {member} — phiên họp {m.id}",
                         f"{sub} for {member} — meeting {m.id}"),
                ))
    return out

def audit_invitation_checks(ctx: AuditContext) -> list[Check]:
    out = []
    for ix in ctx.meetings():
        m = ix.record
        seen: set[str] = set()
        for inv in ctx.case.invitations_for(m.id):
            person = inv.record.invitee
            if person in seen:
                continue
            seen.add(person)
            label = ctx.person_label(person)
            out.append(Check("dieu10.invitation_valid", {"meeting": m.id, "person": person},
                             m.for_quarter[1], m.date,
                             Text(f"Mời {label} — phiên họp {m.id}",
                                  f"{label} invited — meeting {m.id}")))
    return out


AUDIT = {
    REGULAR_MEETING_IN_WINDOW.id: Audited(
        "meetings", meeting_checks(REGULAR_MEETING_IN_WINDOW.id, MeetingKind.REGULAR), lane="meetings"),
    QUARTER_OBLIGATION_MET.id: Audited(
        "meetings", quarter_checks(QUARTER_OBLIGATION_MET.id), lane=None),
    EXTRAORDINARY_MEETING_VALID.id: Audited(
        "extraordinary", meeting_checks(EXTRAORDINARY_MEETING_VALID.id, MeetingKind.EXTRAORDINARY),
        lane="extraordinary"),
    INVITATION_VALID.id: Audited("attendance", audit_invitation_checks, lane=None),
    WRITTEN_CONSULTATION_VALID.id: Audited("meetings", lane="consultations"),
    SUBSTITUTE_ALLOWED.id: Audited("attendance", audit_substitute_checks, lane=None),
    ATTENDANCE_COMPLIANT.id: Audited("attendance", audit_attendance_checks, lane=None),
}
