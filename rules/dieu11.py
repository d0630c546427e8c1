"""Điều 11. Chế độ báo cáo — Article 11. Reports.

Each đoạn of the article is quoted, then followed by the questions and rules that encode it.
The report deadline and the latest day to send meeting documents come from the working-day
calendar (:mod:`kgrules.calendar`) and the dated parameters (:mod:`kgrules.params`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from kgrules.calendar import WorkingCalendar
from kgrules.case import Case, Indexed
from kgrules.dsl import (
    Arg,
    Condition,
    DeclarationError,
    FactType,
    Missing,
    QuestionBuilder,
    Test,
    Var,
    derivation,
    no,
)
from kgrules.errors import NotInForceError
from kgrules.facts import AgencyKind, Dispatch, MeetingKind, Report, ReportKind, Role
from kgrules.i18n import Text
from kgrules.obligations import COMMITTEE_ROLES, AuditContext, Audited, Check, meeting_checks, record_period
from kgrules.params import DOCUMENTS_NOTICE_WORKING_DAYS, SIGNED, effective_date
from kgrules.scope import Scope, ScopeResult, day, fact, ref

from .common import (
    APPLICABLE,
    BOUND_ROLES,
    EFFECT,
    EFFECTIVE_EN,
    EFFECTIVE_VI,
    FAILS,
    HOLDS,
    MAY_ACT,
    MEETING,
    NA,
    OFFICE,
    POWER,
    REPORT_DAY,
    REPORT_DAY_EN,
    ROLE,
    ROLE_LABEL,
    UNKNOWN,
    authority_facts,
    declare_in_force,
    in_force_text,
    meeting_fact,
    office_facts,
    power_fact,
    regulation_in_force,
)

D1, D2, D3 = (f"dieu-11/doan-{n}" for n in range(1, 4))


@derivation("on", clauses=[D1], inputs=["received_on", "sent_on"], description=Text(
    "Ngày của báo cáo: ngày nhận, không ghi thì ngày gửi (0 nếu không có)",
    "The report's day: received, otherwise sent (0 if neither)"))
def _report_day(received_on: dt.date | None, sent_on: dt.date | None) -> int:
    return day(received_on or sent_on)


REPORT = FactType(
    "report",
    {"id": str, "label": str, "member": str, "kind": str, "quarter": str, "received": bool,
     "received_on": int, "sent_on": int, "received_by": str, "requested_by": str,
     "requested_by_ppc": bool, "on": int},
    derivations=(_report_day,),
)


def _report_fact(path: str, r: object) -> dict[str, object]:
    assert isinstance(r, Report)
    # Explanations name a report by its id, or by its place in the case when it has none.
    return fact("report", path, id=ref(r.id), label=r.id or path, member=r.member,
                kind=r.kind.value,
                quarter=ref(r.quarter), received=r.received_on is not None,
                received_on=day(r.received_on), sent_on=day(r.sent_on),
                received_by=ref(r.received_by),
                requested_by=ref(r.requested_by),
                requested_by_ppc=r.requested_by_ppc,
                on=REPORT.derive("on", received_on=r.received_on, sent_on=r.sent_on))


# =================================================================================================
# đoạn 1 Điều 11
# > Các Thành viên Ban báo cáo kết quả thực hiện nhiệm vụ được phân công; kiến nghị, đề xuất các
# > giải pháp thực hiện về cơ quan Thường trực Ban Chỉ đạo chậm nhất ngày 15 của tháng cuối quý để
# > tổng hợp báo cáo tại kỳ họp Ban Chỉ đạo. Riêng báo cáo đột xuất thực hiện theo yêu cầu của
# > Trưởng ban.
# =================================================================================================

#: Who reports: "Các Thành viên Ban", read as đoạn 5 Điều 10 reads the same words (interpretation
#: point 1, ``attendance_scope``: one reading of the phrase for both articles, issue 12 item 10),
#: less the Standing Deputy Head, who runs the Standing office the reports are sent to ("về cơ
#: quan Thường trực Ban Chỉ đạo … để tổng hợp"): the receiver is not a sender to itself. The Head
#: receives the compiled report at the meeting.
REPORTING_ROLES = {reading: tuple(r for r in roles if r is not Role.STANDING_DEPUTY)
                   for reading, roles in BOUND_ROLES.items()}

on_time = QuestionBuilder(
    "dieu11.report_on_time",
    title=Text(f"Báo cáo quý của Thành viên có đến cơ quan Thường trực chậm nhất ngày {REPORT_DAY} "
               "của tháng cuối quý không?",
               f"Did this member's quarterly report reach the Standing office by the {REPORT_DAY_EN} "
               "of the quarter's last month?"),
    clauses=(D1,),
    arguments=(Arg("member", "person", Text("Thành viên", "The member")),
               Arg("quarter", "quarter", Text("Quý, ví dụ 2024-Q3", "Quarter, e.g. 2024-Q3"))),
    conditions=(APPLICABLE, Condition("on_time", Text("Đúng hạn", "On time"))),
    evaluate={"member": str, "quarter": str, "in_force": bool, "deadline_strict": int,
              "deadline_shifted": int, "deadline_day_off": str, "complete": bool,
              "complete_receivers": bool},
    facts=(ROLE, REPORT, OFFICE),
    switches=("report_deadline", "attendance_scope"),
    starred=True,
    module=__name__,
    reads={"complete": "complete.reports", "complete_receivers": "complete.positions,offices"},
)
e, r, rp = on_time.e, on_time.var("mr", ROLE), on_time.var("rp", REPORT)


@on_time.derive("deadline_strict", clauses=[D1], inputs=["calendar", "year", "quarter"],
                description=Text(f"Hạn báo cáo quý: ngày {REPORT_DAY} tháng cuối quý",
                                 f"The quarterly report deadline: the {REPORT_DAY_EN} of the "
                                 "quarter's last month"))
def _deadline_strict(calendar: WorkingCalendar, year: int, quarter: int) -> int:
    return day(calendar.report_deadline(year, quarter).strict)


@on_time.derive("deadline_shifted", clauses=[D1], inputs=["calendar", "year", "quarter"],
                description=Text(f"Hạn báo cáo lùi sang ngày làm việc kế tiếp nếu ngày {REPORT_DAY} "
                                 "là ngày nghỉ", "The deadline moved to the next working day when "
                                 f"the {REPORT_DAY_EN} is a day off"))
def _deadline_shifted(calendar: WorkingCalendar, year: int, quarter: int) -> int:
    return day(calendar.report_deadline(year, quarter).shifted)


@on_time.derive("deadline_day_off", clauses=[D1], inputs=["calendar", "year", "quarter"],
                description=Text("Tên ngày nghỉ trùng hạn báo cáo, nếu có",
                                 "The day off the deadline falls on, if any"))
def _deadline_day_off(calendar: WorkingCalendar, year: int, quarter: int) -> str:
    return calendar.day_off_name(calendar.report_deadline(year, quarter).strict) or ""


@on_time.derive("in_force", clauses=[EFFECT, D1], inputs=["deadline_strict"], description=Text(
    "Quy chế áp dụng: có hiệu lực vào ngày hạn báo cáo của quý (không có hạn khi quý kết thúc "
    "trước ngày có hiệu lực)", "The rule applies: in force on the quarter's deadline (none when "
    "the quarter ends before the effective date)"))
def _deadline_in_force(deadline_strict: int) -> bool:
    return deadline_strict > 0 and regulation_in_force(dt.date.fromordinal(deadline_strict))


@on_time.scope
def _on_time_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    member, quarter = scope.args["member"], scope.args["quarter"]
    year, q = int(quarter[:4]), int(quarter[-1])
    strict = shifted = 0
    off = ""
    applies = False
    try:
        given = {"calendar": scope.calendar, "year": year, "quarter": q}
        strict = scope.derive("deadline_strict", **given)
        shifted = scope.derive("deadline_shifted", **given)
        off = scope.derive("deadline_day_off", **given)
    except NotInForceError:  # the quarter ends before the regulation took effect
        pass
    applies = scope.derive("in_force", deadline_strict=strict)
    reports = [(path, rec) for path, rec in case.reports_of(member)
               if rec.kind == ReportKind.QUARTERLY and rec.quarter == quarter]
    facts = [_report_fact(path, rec) for path, rec in reports]
    receivers = [ref(rec.received_by) for _, rec in reports]
    facts += authority_facts(case, [member, *receivers])
    facts += office_facts(case, receivers)
    return ScopeResult(
        {"member": member, "quarter": quarter, "in_force": applies, "deadline_strict": strict,
         "deadline_shifted": shifted,
         "deadline_day_off": off, "complete": case.is_complete("reports"),
         "complete_receivers": case.is_complete("positions") and case.is_complete("offices")},
        facts, calendar_used=True,
    )


_ON_DEADLINE = (r.person == e.member, r.first <= e.deadline_strict, r.last >= e.deadline_strict)
# A role that reports under every reading of point 1 is not gated on it (the answer does not
# depend on the reading); the others, one rule per reading that includes them.
for role in REPORTING_ROLES["all_but_head"]:
    readings = [reading for reading, roles in REPORTING_ROLES.items() if role in roles]
    gates = [None] if len(readings) == len(REPORTING_ROLES) else readings
    for reading in gates:
        on_time.rule(
            f"reporter-{role.value}" + ("" if reading in (None, "all_but_head") else f"-{reading}"),
            condition="applicable", status=HOLDS, clauses=[D1, "dieu-8/khoan-4"],
            when=[e.in_force == True, *_ON_DEADLINE, r.role == role.value,
                  *([] if reading is None else [e.i_attendance_scope == reading])],
            because=Text("{mr.name} giữ vị trí {mr.role_vi} vào hạn báo cáo {e.deadline_strict:date}, "
                         "phải báo cáo định kỳ", "{mr.name} held the position {mr.role_en} on the "
                         "deadline {e.deadline_strict:date} and must report quarterly"),
        )
on_time.rule(
    "deputy-not-a-member", condition="applicable", status=NA, clauses=[D1, "dieu-2/khoan-1"],
    when=[*_ON_DEADLINE, r.role == Role.DEPUTY.value, e.i_attendance_scope == "members_only"],
    because=Text("{mr.name} là Phó Trưởng ban; theo cách hiểu đã chọn, \"các Thành viên Ban\" "
                 "không gồm Phó Trưởng ban", "{mr.name} is a Deputy Head; under the chosen reading "
                 "\"các Thành viên Ban\" does not include the Deputy Heads"),
)
on_time.rule(
    "head", condition="applicable", status=NA, clauses=[D1],
    when=[*_ON_DEADLINE, r.role == Role.HEAD.value],
    because=Text("{mr.name} là Trưởng ban: báo cáo quý là của các Thành viên gửi về Thường trực để "
                 "tổng hợp báo cáo Trưởng ban tại kỳ họp", "{mr.name} is the Head: quarterly "
                 "reports go from the members to the Standing office, compiled for the Head"),
)
on_time.rule(
    "standing-deputy", condition="applicable", status=NA, clauses=[D1, "dieu-2/khoan-2"],
    when=[*_ON_DEADLINE, r.role == Role.STANDING_DEPUTY.value],
    because=Text("{mr.name} là Phó Trưởng ban Thường trực, phụ trách cơ quan Thường trực nhận và "
                 "tổng hợp các báo cáo quý, không phải gửi báo cáo cho chính mình",
                 "{mr.name} is the Standing Deputy Head, who runs the Standing office that receives "
                 "and compiles the quarterly reports: not a sender to it"),
)
on_time.rule(
    "not-on-committee", condition="applicable", status=NA, clauses=[D1], fallback=True,
    when=[e.in_force == True],
    because=Text("{e.member} không giữ vị trí nào trong Ban Chỉ đạo vào hạn báo cáo "
                 "{e.deadline_strict:date}", "{e.member} held no committee position on the "
                 "deadline {e.deadline_strict:date}"),
)
on_time.rule(
    "before-effect", condition="applicable", status=NA, clauses=["qd/hieu-luc"],
    when=[e.in_force == False], because=in_force_text(),
)
_REPORT = (rp.member == e.member, rp.quarter == e.quarter, rp.received == True)
# "về cơ quan Thường trực Ban Chỉ đạo": a receipt counts when the person recorded as receiving it
# (received_by, where recorded) was of the Standing office that day: the Standing Deputy Head who
# runs it, one of the helper team that compiles reports for it (khoản 1 Điều 9), or anyone holding
# an office in the standing agency that hosts it (khoản 2 Điều 2). A receiver the records place
# elsewhere contradicts the field received_on (issue 12, item 15).
rr, ro = on_time.var("rr", ROLE), on_time.var("ro", OFFICE)
_RECEIVER: dict[str, tuple[tuple[Test, ...], Text]] = {
    "": ((rp.received_by == "",), Text("", "")),
    "-standing-deputy": (
        (rr.person == rp.received_by, rr.role == Role.STANDING_DEPUTY.value,
         rr.first <= rp.received_on, rr.last >= rp.received_on),
        Text(" (người nhận {rr.name} là Phó Trưởng ban Thường trực)",
             " (received by {rr.name}, the Standing Deputy Head)")),
    "-helper-team": (
        (rr.person == rp.received_by, rr.role == Role.HELPER_LEADER.value,
         rr.first <= rp.received_on, rr.last >= rp.received_on),
        Text(" (người nhận {rr.name} là Tổ trưởng Tổ giúp việc)",
             " (received by {rr.name}, the helper team's leader)")),
    "-helper-member": (
        (rr.person == rp.received_by, rr.role == Role.HELPER_MEMBER.value,
         rr.first <= rp.received_on, rr.last >= rp.received_on),
        Text(" (người nhận {rr.name} là Tổ viên Tổ giúp việc)",
             " (received by {rr.name}, a member of the helper team)")),
    "-standing-agency": (
        (ro.person == rp.received_by, ro.agency_kind == AgencyKind.STANDING_AGENCY.value,
         ro.first <= rp.received_on, ro.last >= rp.received_on),
        Text(" (người nhận {ro.name} công tác tại {ro.agency}, cơ quan thường trực)",
             " (received by {ro.name} of {ro.agency}, the standing agency)")),
}
for receiver, (receiver_when, receiver_text) in _RECEIVER.items():
    on_time.rule(
        f"received-by-15th{receiver}", condition="on_time", status=HOLDS, clauses=[D1],
        when=[*_REPORT, rp.received_on <= e.deadline_strict, *receiver_when],
        because=Text("Báo cáo {rp.label} đến ngày {rp.received_on:date}, không muộn hơn hạn "
                     "{e.deadline_strict:date}" + receiver_text.vi, "Report {rp.label} arrived on "
                     "{rp.received_on:date}, no later than the deadline {e.deadline_strict:date}"
                     + receiver_text.en),
    )
    on_time.rule(
        f"received-next-working-day{receiver}", condition="on_time", status=HOLDS, clauses=[D1],
        when=[*_REPORT, rp.received_on > e.deadline_strict, rp.received_on <= e.deadline_shifted,
              e.i_report_deadline == "next_working_day", *receiver_when],
        because=Text("Ngày " + str(REPORT_DAY) + " ({e.deadline_strict:date}) là ngày nghỉ "
                     "({e.deadline_day_off}); theo "
                     "cách hiểu đã chọn hạn lùi sang {e.deadline_shifted:date}, và báo cáo đến ngày "
                     "{rp.received_on:date}" + receiver_text.vi,
                     "The " + REPORT_DAY_EN + " ({e.deadline_strict:date}) is a day off "
                     "({e.deadline_day_off}); under the chosen reading the deadline moves to "
                     "{e.deadline_shifted:date}, and the report arrived on {rp.received_on:date}"
                     + receiver_text.en),
    )
_RECEIVER_CONFLICT = Text(
    "Báo cáo {rp.label} ghi người nhận là {rp.received_by}, người mà hồ sơ không cho thấy thuộc cơ "
    "quan Thường trực vào ngày {rp.received_on:date}: ngày nhận ghi trong hồ sơ không chứng minh "
    "báo cáo đã đến cơ quan Thường trực",
    "Report {rp.label} names {rp.received_by} as its receiver, whom the records do not place in "
    "the Standing office on {rp.received_on:date}: the recorded day of receipt does not show it "
    "reached the Standing office")
_IN_TIME_ONLY_BY_FIELD = (*_REPORT, rp.received_by != "", rp.received_on <= e.deadline_shifted)
on_time.rule(
    "receiver-not-standing-office", condition="on_time", status=FAILS, clauses=[D1, "dieu-2/khoan-2"],
    fallback=True, when=[*_IN_TIME_ONLY_BY_FIELD, e.complete_receivers == True],
    because=Text(_RECEIVER_CONFLICT.vi + " (hồ sơ vị trí và chức vụ được khai là đầy đủ)",
                 _RECEIVER_CONFLICT.en + " (positions and offices declared complete)"),
    warning=_RECEIVER_CONFLICT,
)
on_time.rule(
    "receiver-unconfirmed", condition="on_time", status=UNKNOWN, clauses=[D1, "dieu-2/khoan-2"],
    fallback=True, when=[*_IN_TIME_ONLY_BY_FIELD, e.complete_receivers == False],
    because=_RECEIVER_CONFLICT,
    warning=_RECEIVER_CONFLICT,
    missing=(Missing("offices", Text("Chức vụ của người nhận báo cáo vào ngày nhận",
                                     "The receiver's office on the day of receipt"),
                     Text("thuộc cơ quan Thường trực → CÓ; khai hồ sơ đầy đủ mà không → KHÔNG",
                          "of the Standing office → yes; records declared complete without it "
                          "→ no")),),
)
on_time.rule(
    "late-strict-would-shift", condition="on_time", status=FAILS, clauses=[D1],
    when=[*_REPORT, rp.received_on > e.deadline_strict, rp.received_on <= e.deadline_shifted,
          e.i_report_deadline == "strict"],
    because=Text("Báo cáo đến ngày {rp.received_on:date}, sau hạn {e.deadline_strict:date}",
                 "The report arrived on {rp.received_on:date}, after the deadline "
                 "{e.deadline_strict:date}"),
    warning=Text("Ngày " + str(REPORT_DAY) + " ({e.deadline_strict:date}) là ngày nghỉ "
                 "({e.deadline_day_off}); nếu lùi "
                 "hạn sang ngày làm việc tiếp theo (khoản 5 Điều 148 BLDS 2015) thì báo cáo đúng "
                 "hạn: xem cách hiểu report_deadline",
                 "The " + REPORT_DAY_EN + " ({e.deadline_strict:date}) is a day off "
                 "({e.deadline_day_off}); moved to the next working day (Civil Code Art. 148(5)) "
                 "the report would be on time: see switch report_deadline"),
)
on_time.rule(
    "late", condition="on_time", status=FAILS, clauses=[D1],
    when=[*_REPORT, rp.received_on > e.deadline_shifted],
    because=Text("Báo cáo đến ngày {rp.received_on:date}, sau hạn {e.deadline_strict:date}",
                 "The report arrived on {rp.received_on:date}, after the deadline "
                 "{e.deadline_strict:date}"),
)
# A report cannot reach the Standing office before it is sent (issue 12, item 1): with the day
# of receipt unrecorded, a report sent after the deadline arrived after it. Only when the day
# sent does not decide (sent by the deadline, or not recorded) is the receipt unknown.
on_time.rule(
    "sent-after-deadline", condition="on_time", status=FAILS, clauses=[D1],
    when=[*_REPORT[:2], rp.received == False, rp.sent_on > e.deadline_shifted],
    because=Text("Báo cáo {rp.label} gửi ngày {rp.sent_on:date}, sau hạn {e.deadline_strict:date}: "
                 "không thể đến cơ quan Thường trực trước ngày gửi",
                 "Report {rp.label} was sent on {rp.sent_on:date}, after the deadline "
                 "{e.deadline_strict:date}: it cannot have reached the Standing office before it "
                 "was sent"),
)
on_time.rule(
    "sent-after-strict-deadline", condition="on_time", status=FAILS, clauses=[D1],
    when=[*_REPORT[:2], rp.received == False, rp.sent_on > e.deadline_strict,
          rp.sent_on <= e.deadline_shifted, e.i_report_deadline == "strict"],
    because=Text("Báo cáo {rp.label} gửi ngày {rp.sent_on:date}, sau hạn {e.deadline_strict:date}: "
                 "không thể đến cơ quan Thường trực trước ngày gửi",
                 "Report {rp.label} was sent on {rp.sent_on:date}, after the deadline "
                 "{e.deadline_strict:date}: it cannot have reached the Standing office before it "
                 "was sent"),
)
on_time.rule(
    "receipt-unknown", condition="on_time", status=UNKNOWN, clauses=[D1],
    when=[rp.member == e.member, rp.quarter == e.quarter, rp.received == False],
    because=Text("Có báo cáo {rp.label} nhưng không rõ ngày đến cơ quan Thường trực",
                 "Report {rp.label} exists but the day it reached the Standing office is not "
                 "recorded"),
    missing=(Missing("reports[].received_on", Text("Ngày cơ quan Thường trực nhận báo cáo",
                                                   "The day the Standing office received it"),
                     Text(f"không muộn hơn ngày {REPORT_DAY} → CÓ; muộn hơn → KHÔNG",
                          f"by the {REPORT_DAY_EN} → yes; later → no")),),
)
_NO_REPORT = no(Var("nr", REPORT), Var("nr", REPORT).member == e.member,
                Var("nr", REPORT).quarter == e.quarter)
on_time.rule(
    "no-report", condition="on_time", status=FAILS, clauses=[D1],
    when=[e.in_force == True, e.complete == True, _NO_REPORT],
    because=Text("Hồ sơ báo cáo (được khai là đầy đủ) không có báo cáo quý {e.quarter} của "
                 "{e.member}", "The report records (declared complete) hold no {e.quarter} "
                 "report from {e.member}"),
)
on_time.rule(
    "report-unknown", condition="on_time", status=UNKNOWN, clauses=[D1],
    when=[e.in_force == True, e.complete == False, _NO_REPORT],
    because=Text("Không có báo cáo quý {e.quarter} của {e.member} được ghi nhận",
                 "No {e.quarter} report from {e.member} is recorded"),
    missing=(Missing("reports", Text("Báo cáo quý của Thành viên và ngày nhận",
                                     "The member's quarterly report and the day it arrived"),
                     Text("đến trước hạn → CÓ; khai hồ sơ đầy đủ mà không có → KHÔNG",
                          "arrived by the deadline → yes; records declared complete without it "
                          "→ no")),),
)
on_time.rule(
    "deadline-before-effect", condition="on_time", status=NA, clauses=["qd/hieu-luc"],
    when=[e.in_force == False], because=in_force_text(),
)
REPORT_ON_TIME = on_time.build()


# -------------------------------------------------------------------------------------------------
# "Riêng báo cáo đột xuất thực hiện theo yêu cầu của Trưởng ban" (đoạn 1), and đoạn 3:
# > Ban Chỉ đạo thực hiện chế độ báo cáo định kỳ và đột xuất theo yêu cầu của Ủy ban nhân dân tỉnh.
# -------------------------------------------------------------------------------------------------

adhoc = QuestionBuilder(
    "dieu11.adhoc_report_valid",
    title=Text("Báo cáo đột xuất này có theo yêu cầu của Trưởng ban (hoặc của UBND tỉnh) không?",
               "Was this ad hoc report requested by the Head (or by the Provincial People's "
               "Committee, for the committee's own reports)?"),
    clauses=(D1, D3),
    arguments=(Arg("report", "report", Text("Mã báo cáo", "Report id")),),
    conditions=(APPLICABLE, Condition("requested", Text("Theo yêu cầu của người có thẩm quyền",
                                                        "Requested by someone entitled"))),
    evaluate={"report": str, "in_force": bool},
    facts=(REPORT, POWER),
    module=__name__,
    depends_on=(MAY_ACT,),
)
e, rp = adhoc.e, adhoc.var("rp", REPORT)
pr = adhoc.var("pr", POWER)


@adhoc.derive("in_force", clauses=[EFFECT], inputs=["received_on", "sent_on"], description=Text(
    "Quy chế có hiệu lực vào ngày nhận báo cáo (nếu không ghi, ngày gửi; không ghi ngày nào thì "
    "coi là áp dụng)", "The regulation governs the day the report was received (otherwise sent; "
    "with neither recorded it is taken to apply)"))
def _report_in_force(received_on: dt.date | None, sent_on: dt.date | None) -> bool:
    when = received_on or sent_on
    return when is None or regulation_in_force(when)


@adhoc.scope
def _adhoc_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    path, rec = case.by_id("reports", scope.args["report"])
    when = rec.received_on or rec.sent_on
    facts = [_report_fact(path, rec)]
    # Who may request an ad hoc report: authority.may_act (issue 12, item 4).
    facts += power_fact(scope, rec.requested_by, "request_adhoc_report", when)
    return ScopeResult({"report": scope.args["report"],
                        "in_force": scope.derive("in_force", received_on=rec.received_on,
                                                 sent_on=rec.sent_on)}, facts)


adhoc.rule(
    "adhoc", condition="applicable", status=HOLDS, clauses=[D1],
    when=[e.in_force == True, rp.kind == ReportKind.ADHOC.value],
    because=Text("{rp.label} là báo cáo đột xuất", "{rp.label} is an ad hoc report"),
)
adhoc.rule(
    "quarterly", condition="applicable", status=NA, clauses=[D1],
    when=[rp.kind == ReportKind.QUARTERLY.value],
    because=Text("{rp.label} là báo cáo định kỳ (hạn ngày " + str(REPORT_DAY) + ", đoạn 1 Điều 11), "
                 "không phải đột xuất",
                 "{rp.label} is a quarterly report (due by the " + REPORT_DAY_EN + "), not an ad "
                 "hoc one"),
)
adhoc.rule(
    "before-effect", condition="applicable", status=NA, clauses=["qd/hieu-luc"],
    when=[e.in_force == False], because=in_force_text(),
)
# "theo yêu cầu của Trưởng ban": requesting an ad hoc report is the act request_adhoc_report;
# whether the requester held it that day is authority.may_act's answer, read here.
_REQUESTER = (rp.on > 0, pr.person == rp.requested_by, pr.act == "request_adhoc_report",
              pr.on == rp.on)
adhoc.rule(
    "requested-may-act", condition="requested", status=HOLDS, clauses=[D1, "dieu-6/khoan-1"],
    when=[*_REQUESTER, pr.outcome == "yes"],
    because=Text("Yêu cầu báo cáo của {rp.requested_by}, người có quyền yêu cầu vào ngày {rp.on:date} "
                 "(authority.may_act: CÓ)", "Report requested by {rp.requested_by}, entitled to "
                 "request it on {rp.on:date} (authority.may_act: yes)"),
)
adhoc.rule(
    "requester-authority-unknown", condition="requested", status=UNKNOWN,
    clauses=[D1, "dieu-6/khoan-1"], when=[*_REQUESTER, pr.outcome == "unknown"],
    because=Text("Chưa xác định được {rp.requested_by} có quyền yêu cầu báo cáo đột xuất vào ngày "
                 "{rp.on:date} không (authority.may_act: CHƯA XÁC ĐỊNH)",
                 "Whether {rp.requested_by} could request an ad hoc report on {rp.on:date} is not "
                 "established (authority.may_act: unknown)"),
    missing=(Missing(MAY_ACT, Text("Các dữ kiện về thẩm quyền của người yêu cầu (xem câu hỏi "
                                   "authority.may_act)", "The facts about the requester's "
                                   "authority (see authority.may_act)"),
                     Text("có thẩm quyền → CÓ; không → KHÔNG", "entitled → yes; not → no")),),
)
adhoc.rule(
    "requester-before-effect", condition="requested", status=NA, clauses=["qd/hieu-luc"],
    when=[*_REQUESTER, pr.outcome == "not_applicable"], because=in_force_text(),
)
adhoc.rule(
    "requested-by-ppc", condition="requested", status=HOLDS, clauses=[D3],
    when=[rp.requested_by_ppc == True],
    because=Text("Báo cáo theo yêu cầu của Ủy ban nhân dân tỉnh (đoạn 3 Điều 11)",
                 "Reported at the request of the Provincial People's Committee (Article 11, "
                 "paragraph 3)"),
)
adhoc.rule(
    "requested-by-other", condition="requested", status=FAILS, clauses=[D1],
    when=[*_REQUESTER, pr.outcome == "no"],
    because=Text("{rp.requested_by} không phải Trưởng ban (hay Phó Trưởng ban Thường trực được ủy "
                 "quyền) vào ngày {rp.on:date}", "{rp.requested_by} was neither the Head nor an "
                 "authorised Standing Deputy on {rp.on:date}"),
)
adhoc.rule(
    "request-unknown", condition="requested", status=UNKNOWN, clauses=[D1], fallback=True,
    when=[rp.requested_by == ""],
    because=Text("Không rõ ai yêu cầu báo cáo đột xuất {rp.label}",
                 "Who requested ad hoc report {rp.label} is not recorded"),
    missing=(Missing("reports[].requested_by", Text("Người yêu cầu báo cáo", "The requester"),
                     Text("Trưởng ban → CÓ; người khác → KHÔNG", "the Head → yes; anyone else "
                          "→ no")),),
)
adhoc.rule(
    "request-date-unknown", condition="requested", status=UNKNOWN, clauses=[D1], fallback=True,
    when=[rp.requested_by != "", rp.on == 0],
    because=Text("Không rõ ngày của báo cáo {rp.label}, nên không xác định được thẩm quyền của người "
                 "yêu cầu vào ngày đó", "The date of report {rp.label} is unknown, so the "
                 "requester's authority on that day cannot be checked"),
    missing=(Missing("reports[].sent_on", Text("Ngày gửi hoặc nhận báo cáo",
                                               "The day the report was sent or received"),
                     Text("xác định được thẩm quyền", "settles the requester's authority")),),
)
ADHOC_REPORT_VALID = adhoc.build()


# =================================================================================================
# đoạn 2 Điều 11
# > Cơ quan Thường trực Ban Chỉ đạo có trách nhiệm gửi tài liệu (nếu có) cho các Thành viên Ban
# > trước kỳ họp định kỳ của Ban Chỉ đạo ít nhất 03 ngày làm việc.
# =================================================================================================

DISPATCH = FactType("dispatch", {"meeting": str, "sent_on": int, "to_all": bool})
#: A person owed the documents: holding a committee position other than the Head's on the
#: meeting day, with the day of the earliest recorded dispatch addressed to them (an empty
#: ``recipients`` addresses every Member: the schema's meaning), 0 if none is; and whether
#: they are one of "các Thành viên Ban" under each reading of point 1 (``attendance_scope``).


@derivation("first_sent", clauses=[D2], inputs=["person", "dispatches"], description=Text(
    "Ngày sớm nhất tài liệu được gửi tới người đó (gửi chung hoặc có tên người đó; 0 nếu chưa)",
    "The earliest day the documents went to that person (to all, or naming them; 0 if never)"))
def _first_sent(person: str, dispatches: Sequence[Indexed[Dispatch]]) -> int:
    sent = [x.sent_on for _, x in dispatches if not x.recipients or person in x.recipients]
    return day(min(sent)) if sent else 0


OWED = FactType(
    "owed",
    {"person": str, "name": str, "role": str, "role_vi": str, "role_en": str,
     "first_sent": int, **{f"bound_{reading}": bool for reading in BOUND_ROLES}},
    derivations=(_first_sent,),
)
#: The notice of đoạn 2 ("03 ngày làm việc"), as the dated parameter gives it, for the prose.
NOTICE = DOCUMENTS_NOTICE_WORKING_DAYS.at(SIGNED)
NOTICE_VI, NOTICE_EN = f"{NOTICE:02d} ngày làm việc", f"{NOTICE} working days"

documents = QuestionBuilder(
    "dieu11.documents_on_time",
    title=Text("Tài liệu phiên họp định kỳ có được gửi Thành viên trước ít nhất " + NOTICE_VI
               + " không?", "Were the documents for this regular meeting sent to members at least "
               + NOTICE_EN + " before it?"),
    clauses=(D2,),
    arguments=(Arg("meeting", "meeting", Text("Mã cuộc họp", "Meeting id")),),
    conditions=(APPLICABLE, Condition("sent_in_time", Text("Gửi đủ sớm", "Sent early enough"))),
    evaluate={"meeting": str, "in_force": bool, "latest_count_back": int,
              "latest_clear_days": int, "has_documents": str, "complete": bool},
    facts=(MEETING, DISPATCH, OWED),
    switches=("documents_notice", "attendance_scope"),
    starred=True,
    module=__name__,
    reads={"has_documents": "meetings.has_documents", "complete": "complete.dispatches"},
)
declare_in_force(documents)
e, m, d = documents.e, documents.var("m", MEETING), documents.var("d", DISPATCH)
ow = documents.var("ow", OWED)


@documents.derive("latest_count_back", clauses=[D2], inputs=["calendar", "meeting_day"],
                  description=Text("Ngày chậm nhất gửi tài liệu, đếm lùi " + NOTICE_VI
                                   + " từ ngày họp", "The latest day to send the documents, "
                                   "counting " + NOTICE_EN + " back from the meeting day"))
def _latest_count_back(calendar: WorkingCalendar, meeting_day: dt.date) -> int:
    return day(calendar.latest_dispatch_day(meeting_day, "count_back").latest)


@documents.derive("latest_clear_days", clauses=[D2], inputs=["calendar", "meeting_day"],
                  description=Text("Ngày chậm nhất gửi tài liệu để có trọn " + NOTICE_VI
                                   + " giữa ngày gửi và ngày họp", "The latest day to send the "
                                   "documents leaving " + NOTICE_EN + " clear before the meeting"))
def _latest_clear_days(calendar: WorkingCalendar, meeting_day: dt.date) -> int:
    return day(calendar.latest_dispatch_day(meeting_day, "clear_days").latest)


@documents.scope
def _documents_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    mt = case.meeting(scope.args["meeting"])
    applies = scope.derive("in_force", day=mt.date)
    count_back = clear = 0
    if applies:
        count_back = scope.derive("latest_count_back", calendar=scope.calendar, meeting_day=mt.date)
        clear = scope.derive("latest_clear_days", calendar=scope.calendar, meeting_day=mt.date)
    facts = [meeting_fact(case, mt.id, scope.calendar)]
    dispatches = case.dispatches_for(mt.id)
    facts += [fact("dispatch", path, meeting=x.meeting, sent_on=day(x.sent_on),
                   to_all=not x.recipients)
              for path, x in dispatches]
    # "cho các Thành viên Ban": each person owed the documents, with the earliest dispatch that
    # reached them (issue 12, item 2). The sender (``sent_by``) is not checked, by decision: the
    # duty is the office's ("Cơ quan Thường trực Ban Chỉ đạo có trách nhiệm gửi tài liệu"), not a
    # power of one person; a dispatch recorded for the meeting is the office's act whoever of its
    # staff posted it, and those clerks are not committee members the records are kept for. What
    # the paragraph secures, each Member's notice, turns on when and to whom it was sent.
    for role in BOUND_ROLES["all_but_head"]:
        for path, pos in case.holders(role, mt.date):
            facts.append(fact(
                "owed", path, person=pos.person, name=case.person(pos.person).name,
                role=role.value, role_vi=ROLE_LABEL[role].vi, role_en=ROLE_LABEL[role].en,
                first_sent=OWED.derive("first_sent", person=pos.person, dispatches=dispatches),
                **{f"bound_{reading}": role in roles for reading, roles in BOUND_ROLES.items()}))
    has = {True: "yes", False: "no", None: "unknown"}[mt.has_documents]
    return ScopeResult(
        {"meeting": mt.id, "in_force": applies, "latest_count_back": count_back,
         "latest_clear_days": clear, "has_documents": has,
         "complete": case.is_complete("dispatches")},
        facts, calendar_used=True,
    )


documents.rule(
    "regular", condition="applicable", status=HOLDS, clauses=[D2],
    when=[e.in_force == True, m.id == e.meeting, m.kind == MeetingKind.REGULAR.value],
    because=Text("{m.id} ngày {m.day:date} là phiên họp định kỳ",
                 "{m.id} of {m.day:date} is a regular meeting"),
)
documents.rule(
    "extraordinary", condition="applicable", status=NA, clauses=[D2],
    when=[m.id == e.meeting, m.kind == MeetingKind.EXTRAORDINARY.value],
    because=Text("{m.id} là phiên họp bất thường: đoạn 2 Điều 11 chỉ quy định tài liệu cho kỳ họp "
                 "định kỳ", "{m.id} is extraordinary: Article 11, paragraph 2 governs documents "
                 "for regular meetings only"),
)
documents.rule(
    "before-effect", condition="applicable", status=NA, clauses=["qd/hieu-luc"],
    when=[e.in_force == False], because=in_force_text(),
)
documents.rule(
    "no-documents", condition="sent_in_time", status=HOLDS, clauses=[D2],
    when=[e.has_documents == "no"],
    because=Text("Phiên họp {e.meeting} không có tài liệu (\"nếu có\"): không có gì phải gửi",
                 "Meeting {e.meeting} had no documents (\"if any\"): nothing had to be sent"),
)
# One rule per reading of point 5 (documents_notice), each against its own latest day, and per
# reading of point 1 (attendance_scope), who "các Thành viên Ban" are: the documents are owed to
# each of them, so the condition holds only when none of them lacks a dispatch in time.
#: The latest day to send under each reading of point 5: the evaluate field and how a reason
#: writes it.
LATEST_DAY = {
    # documents_notice  the latest day          written as
    "count_back":       (e.latest_count_back,   "{e.latest_count_back:date}"),
    "clear_days":       (e.latest_clear_days,   "{e.latest_clear_days:date}"),
}
#: Each reading of point 1 and the suffix of its rule ids (none for the default reading).
SCOPE_SUFFIX = {"all_but_head": "", "members_only": "-members_only"}
if set(SCOPE_SUFFIX) != set(BOUND_ROLES):
    raise DeclarationError("dieu11.SCOPE_SUFFIX must name every reading of attendance_scope")
for notice, (latest, when_latest) in LATEST_DAY.items():
    for scope_reading, suffix in SCOPE_SUFFIX.items():
        _nx, _lx = Var("nx", OWED), Var("lx", OWED)
        bound_nx, bound_lx = getattr(_nx, f"bound_{scope_reading}"), getattr(_lx, f"bound_{scope_reading}")
        documents.rule(
            f"sent-{notice}{suffix}", condition="sent_in_time", status=HOLDS, clauses=[D2],
            when=[e.in_force == True, e.has_documents != "no", d.meeting == e.meeting, d.sent_on > 0,
                  d.sent_on <= latest, e.i_documents_notice == notice,
                  e.i_attendance_scope == scope_reading,
                  no(_nx, bound_nx == True, _nx.first_sent == 0),
                  no(_lx, bound_lx == True, _lx.first_sent > latest)],
            because=Text("Tài liệu gửi ngày {d.sent_on:date}, không muộn hơn ngày " + when_latest
                         + " (ít nhất " + NOTICE_VI + " trước phiên họp), và mọi Thành viên Ban (theo "
                         "cách hiểu đã chọn) đều được gửi tài liệu đúng hạn",
                         "Documents sent on {d.sent_on:date}, no later than " + when_latest + " (at "
                         "least " + NOTICE_EN + " before the meeting), and every Member (under the "
                         "chosen reading) was sent them in time"),
        )
        documents.rule(
            f"late-{notice}-for-member{suffix}", condition="sent_in_time", status=FAILS,
            clauses=[D2],
            when=[e.in_force == True, e.has_documents != "no", e.i_documents_notice == notice,
                  e.i_attendance_scope == scope_reading,
                  getattr(ow, f"bound_{scope_reading}") == True, ow.first_sent > latest],
            because=Text("{ow.name} ({ow.role_vi}) được gửi tài liệu sớm nhất ngày "
                         "{ow.first_sent:date}, muộn hơn ngày " + when_latest + " (ngày chậm nhất để "
                         "còn ít nhất " + NOTICE_VI + " trước phiên họp)",
                         "{ow.name} ({ow.role_en}) was sent the documents on {ow.first_sent:date} at "
                         "the earliest, after " + when_latest + " (the latest day leaving "
                         + NOTICE_EN + " before the meeting)"),
        )
    documents.rule(
        f"late-{notice}", condition="sent_in_time", status=FAILS, clauses=[D2],
        when=[e.in_force == True, e.has_documents != "no", d.meeting == e.meeting,
              d.to_all == True, d.sent_on > latest, e.i_documents_notice == notice],
        because=Text("Tài liệu gửi ngày {d.sent_on:date}, muộn hơn ngày " + when_latest + " (ngày "
                     "chậm nhất để còn ít nhất " + NOTICE_VI + " trước phiên họp)",
                     "Documents sent on {d.sent_on:date}, after " + when_latest + " (the latest "
                     "day leaving " + NOTICE_EN + " before the meeting)"),
    )
_ANY_DISPATCH = (d.meeting == e.meeting,)
for scope_reading, suffix in SCOPE_SUFFIX.items():
    bound = (getattr(ow, f"bound_{scope_reading}") == True, ow.first_sent == 0,
             e.i_attendance_scope == scope_reading)
    documents.rule(
        f"member-not-sent{suffix}", condition="sent_in_time", status=FAILS, clauses=[D2],
        when=[e.in_force == True, e.has_documents != "no", e.complete == True, *_ANY_DISPATCH,
              *bound],
        because=Text("Hồ sơ gửi tài liệu (được khai là đầy đủ) không có lần gửi nào cho {ow.name} "
                     "({ow.role_vi})", "The dispatch records (declared complete) show nothing sent "
                     "to {ow.name} ({ow.role_en})"),
    )
    documents.rule(
        f"member-not-sent-unknown{suffix}", condition="sent_in_time", status=UNKNOWN,
        clauses=[D2],
        when=[e.in_force == True, e.has_documents != "no", *_ANY_DISPATCH, *bound,
              e.complete == False],
        because=Text("Không có ghi nhận gửi tài liệu cho {ow.name} ({ow.role_vi})",
                     "No dispatch of the documents to {ow.name} ({ow.role_en}) is recorded"),
        missing=(Missing("dispatches", Text("Ngày gửi tài liệu cho Thành viên này",
                                            "The day documents were sent to this Member"),
                         Text("đủ sớm → có thể CÓ; muộn → KHÔNG",
                              "early enough → possibly yes; late → no")),),
    )
_NO_DISPATCH = no(Var("nd", DISPATCH), Var("nd", DISPATCH).meeting == e.meeting)
documents.rule(
    "not-sent", condition="sent_in_time", status=FAILS, clauses=[D2],
    when=[e.has_documents == "yes", e.complete == True, _NO_DISPATCH],
    because=Text("Phiên họp {e.meeting} có tài liệu nhưng hồ sơ (được khai là đầy đủ) không ghi "
                 "nhận việc gửi", "Meeting {e.meeting} had documents but the records (declared "
                 "complete) show none sent"),
)
_MISSING_DISPATCH = Missing("dispatches", Text("Ngày gửi tài liệu", "The day documents were sent"),
                            Text("đủ sớm → CÓ; muộn → KHÔNG", "early enough → yes; late → no"))
documents.rule(
    "dispatch-unknown", condition="sent_in_time", status=UNKNOWN, clauses=[D2],
    when=[e.has_documents == "yes", e.complete == False, _NO_DISPATCH],
    because=Text("Phiên họp {e.meeting} có tài liệu nhưng không có ghi nhận gửi tài liệu",
                 "Meeting {e.meeting} had documents but no dispatch of them is recorded"),
    missing=(_MISSING_DISPATCH,),
)
documents.rule(
    "documents-and-dispatch-unknown", condition="sent_in_time", status=UNKNOWN, clauses=[D2],
    when=[e.has_documents == "unknown", e.complete == False, _NO_DISPATCH],
    because=Text("Không rõ phiên họp {e.meeting} có tài liệu hay không, và không có ghi nhận gửi "
                 "tài liệu", "Whether meeting {e.meeting} had documents is not recorded, and no "
                 "dispatch of documents is recorded"),
    missing=(
        Missing("meetings[].has_documents", Text("Phiên họp có tài liệu hay không",
                                                 "Whether the meeting had documents"),
                Text("không có tài liệu → CÓ", "no documents → yes")),
        _MISSING_DISPATCH,
    ),
)
documents.rule(
    "unknown-whether-documents", condition="sent_in_time", status=UNKNOWN, clauses=[D2],
    when=[e.has_documents == "unknown", e.complete == True, _NO_DISPATCH],
    because=Text("Không rõ phiên họp {e.meeting} có tài liệu hay không, và không có ghi nhận gửi",
                 "Whether meeting {e.meeting} had documents is not recorded, and none were sent"),
    missing=(Missing("meetings[].has_documents", Text("Phiên họp có tài liệu hay không",
                                                      "Whether the meeting had documents"),
                     Text("không → CÓ; có → KHÔNG", "no → yes; yes → no")),),
)
documents.rule(
    "documents-before-effect", condition="sent_in_time", status=NA, clauses=["qd/hieu-luc"],
    when=[e.in_force == False], because=in_force_text(),
)
#: The day the regulation took effect, as the day numbers the evaluate fields hold.
EFFECT_DAY = day(effective_date())
# A meeting in force whose latest day to send (under the chosen reading of point 6) falls before
# the day of effect (a regular meeting on 23–25/6/2008; on 26/6/2008 under clear_days): the duty
# to send "ít nhất 03 ngày làm việc" before it had to be done before the regulation existed, so it
# is not applicable, as a quarterly report whose 15th precedes the day of effect is
# (report_on_time/deadline-before-effect). A meeting with no documents had nothing to send under
# every reading: "yes" (no-documents), whichever day the latest would have been.
for notice, (latest, when_latest) in LATEST_DAY.items():
    documents.rule(
        f"deadline-before-effect-{notice}", condition="sent_in_time", status=NA,
        clauses=[EFFECT, D2],
        when=[e.in_force == True, e.has_documents != "no", e.i_documents_notice == notice,
              latest < EFFECT_DAY],
        because=Text("Ngày chậm nhất gửi tài liệu, " + when_latest + ", đến trước ngày Quy chế có "
                     "hiệu lực (" + EFFECTIVE_VI + "): nghĩa vụ gửi tài liệu trước kỳ họp ít nhất "
                     + NOTICE_VI + " không áp dụng cho phiên họp {e.meeting}",
                     "The latest day to send the documents, " + when_latest + ", comes before the "
                     "regulation took effect (" + EFFECTIVE_EN + "): the duty to send them at "
                     "least " + NOTICE_EN + " before the meeting does not apply to meeting "
                     "{e.meeting}"),
    )
DOCUMENTS_ON_TIME = documents.build()

QUESTIONS = (REPORT_ON_TIME, ADHOC_REPORT_VALID, DOCUMENTS_ON_TIME)


# =================================================================================================
# The year's audit: what it asks of each question (kgrules.obligations)
# =================================================================================================

def audit_report_checks(ctx: AuditContext) -> list[Check]:
    """A quarterly report is due from each member holding a committee position on the quarter's
    deadline day (the 15th of its last month); the question decides who is bound."""
    out = []
    for q in ctx.quarters:
        deadline = ctx.calendar.report_deadline(ctx.year, q).strict
        quarter = f"{ctx.year}-Q{q}"
        for person in ctx.holders_on(deadline, COMMITTEE_ROLES):
            received = [ix.record.received_on for ix in ctx.case.reports_of(person, quarter)
                        if ix.record.kind is ReportKind.QUARTERLY and ix.record.received_on]
            day = min(received) if received else None
            label = ctx.person_label(person)
            out.append(Check("dieu11.report_on_time", {"member": person, "quarter": quarter}, q,
                             day, Text(f"Báo cáo quý {q} của {label}", f"Q{q} report of {label}")))
    return out

def audit_adhoc_checks(ctx: AuditContext) -> list[Check]:
    out = []
    for ix in ctx.case.records("reports"):
        r = ix.record
        if r.kind is not ReportKind.ADHOC or r.id is None:
            continue
        day = r.received_on or r.sent_on
        period = record_period(r)
        if period is None or period[0] != ctx.year:
            continue
        label = ctx.person_label(r.member)
        out.append(Check("dieu11.adhoc_report_valid", {"report": r.id}, period[1], day,
                         Text(f"Báo cáo đột xuất {r.id} của {label}",
                              f"Ad hoc report {r.id} of {label}")))
    return out


def audit_dispatch_days(ctx: AuditContext, arguments: Mapping[str, str]) -> list[dt.date]:
    """A meeting's documents are marked on the timeline on each day they were sent."""
    return [ix.record.sent_on for ix in ctx.case.dispatches_for(arguments["meeting"])]


AUDIT = {
    REPORT_ON_TIME.id: Audited("reports", audit_report_checks, lane="reports"),
    ADHOC_REPORT_VALID.id: Audited("reports", audit_adhoc_checks, lane="reports"),
    DOCUMENTS_ON_TIME.id: Audited("documents", meeting_checks(DOCUMENTS_ON_TIME.id, MeetingKind.REGULAR),
                                  lane="documents", days=audit_dispatch_days),
}
