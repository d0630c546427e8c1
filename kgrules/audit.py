"""A year's audit: every obligation of the regulation checked over a year of records.

``audit(case, year)`` asks the questions of the catalogue about every record of that year they
apply to, quarter by quarter: the quarter's meeting in its window or a valid written
consultation; meeting documents on time; each member's report on time; attendance and
substitutes; extraordinary meetings; spending authorised and within the estimate; and the other
checkable duties (seals, accounts, powers, the helper team, amendments).

The audit decides nothing itself: each finding *is* a decision of the catalogue, asked with the
arguments the audit enumerated, and keeps it whole (reasons, clauses, facts). What the audit adds
is the enumeration (which records a question applies to in a year), the grouping (obligation ×
quarter), totals, and a timeline.

Questions arrive in the catalogue as articles are encoded. Questions the audit knows are
enumerated as the regulation requires (e.g. a report is due from each member holding a position
on the quarter's deadline day); any other question whose arguments are one record of the case, a
quarter, a year or a meeting day is enumerated generically, so a new ``dieu12.*`` question is
audited the day it lands. A question the audit cannot enumerate is listed as not audited, with
the reason, never silently dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from kgrules.audit_report import (
    GROUPS,
    LANES,
    AuditError,
    AuditReport,
    Finding,
    NotAudited,
    TimelineEvent,
    switches_in,
)
from kgrules.calendar import WorkingCalendar
from kgrules.case import Case
from kgrules.catalogue import ask, calendar_for
from kgrules.dsl import RECORD_ARGS, Question
from kgrules.engine import default_engine
from kgrules.errors import InputError, KgrulesError
from kgrules.facts import AttendanceMode, MeetingKind, ReportKind, Role, quarter_of
from kgrules.html import record_summary
from kgrules.i18n import Lang, Text
from kgrules.interpretations import Settings
from kgrules.interpretations import settings as make_settings
from kgrules.params import SIGNED
from kgrules.registry import RULE_MODULES
from kgrules.registry import questions as catalogue

__all__ = ["GROUPS", "AuditError", "AuditReport", "Finding", "NotAudited", "TimelineEvent", "audit",
           "switches_in"]

_QUESTION_GROUP: dict[str, str] = {
    "dieu10.quarter_obligation_met": "meetings",
    "dieu10.regular_meeting_in_window": "meetings",
    "dieu10.written_consultation_valid": "meetings",
    "dieu11.documents_on_time": "documents",
    "dieu11.report_on_time": "reports",
    "dieu11.adhoc_report_valid": "reports",
    "dieu10.attendance_compliant": "attendance",
    "dieu10.substitute_allowed": "attendance",
    "dieu10.invitation_valid": "attendance",
    "dieu10.extraordinary_meeting_valid": "extraordinary",
    "dieu2.account_use_allowed": "spending",
}
#: Questions that look up who may do what, rather than state a duty to be performed in a year;
#: other questions use them inside (e.g. authority behind a consent).
_LOOKUPS: dict[str, Text] = {
    "dieu4.final_say": Text(
        "Câu hỏi tra cứu (ý kiến của ai là quyết định sau cùng), không phải một nghĩa vụ trong năm.",
        "A look-up (whose decision prevails), not a duty performed in the year.",
    ),
    "dieu4.accountable_to": Text(
        "Câu hỏi tra cứu (ai chịu trách nhiệm trước ai), không phải một nghĩa vụ trong năm.",
        "A look-up (who answers to whom), not a duty performed in the year.",
    ),
    "authority.may_act": Text(
        "Câu hỏi tra cứu thẩm quyền; được dùng bên trong các câu hỏi khác (đồng ý, triệu tập, chi).",
        "A look-up of powers; used inside the other questions (consents, convening, spending).",
    ),
}
@attrs.frozen
class Check:
    """One question to ask: its arguments, the quarter it belongs to, and its day, if any."""

    question: str
    arguments: Mapping[str, str]
    quarter: int | None
    day: dt.date | None
    subject: Text


_COMMITTEE_ROLES = (Role.HEAD, Role.STANDING_DEPUTY, Role.DEPUTY, Role.MEMBER)
_HELPER_ROLES = (Role.HELPER_LEADER, Role.HELPER_MEMBER)


def group_of(question_id: str) -> str:
    if question_id in _QUESTION_GROUP:
        return _QUESTION_GROUP[question_id]
    if question_id.startswith("dieu12."):
        return "spending"
    return "organisation"


_LANE_OF: dict[str, str] = {
    "dieu10.regular_meeting_in_window": "meetings",
    "dieu10.extraordinary_meeting_valid": "extraordinary",
    "dieu10.written_consultation_valid": "consultations",
    "dieu11.documents_on_time": "documents",
    "dieu11.report_on_time": "reports",
    "dieu11.adhoc_report_valid": "reports",
}
#: Findings that repeat a meeting's day many times (one per member) stay off the timeline.
_OFF_TIMELINE = frozenset({"dieu10.attendance_compliant", "dieu10.substitute_allowed",
                           "dieu10.invitation_valid", "dieu10.quarter_obligation_met",
                           "dieu2.composition_valid", "dieu9.helper_member_valid"})


# ------------------------------------------------------------------------------- enumeration


@attrs.frozen
class _Context:
    case: Case
    year: int
    quarters: tuple[int, ...]
    calendar: WorkingCalendar

    def meetings(self, kind: MeetingKind | None = None) -> list[Any]:
        return [
            ix for ix in self.case.records("meetings")
            if ix.record.for_quarter[0] == self.year and (kind is None or ix.record.kind is kind)
        ]

    def person_label(self, person_id: str) -> str:
        if self.case.has_person(person_id):
            return f"{person_id} ({self.case.person(person_id).name})"
        return person_id

    def holders_on(self, day: dt.date, roles: Iterable[Role]) -> list[str]:
        wanted = set(roles)
        out: list[str] = []
        for ix in self.case.positions_on(day):
            if ix.record.role in wanted and ix.record.person not in out:
                out.append(ix.record.person)
        return out


def _date(d: dt.date | None, lang: Lang) -> str:
    if d is None:
        return "—"
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.isoformat()


def _meeting_subject(m: Any) -> Text:
    kind = Text("Phiên họp định kỳ", "Regular meeting") if m.kind is MeetingKind.REGULAR else Text(
        "Phiên họp bất thường", "Extraordinary meeting")
    return Text(f"{kind.vi} {m.id} ({_date(m.date, 'vi')})", f"{kind.en} {m.id} ({_date(m.date, 'en')})")


def _meeting_checks(question_id: str, kind: MeetingKind | None) -> Callable[[_Context], list[Check]]:
    def enumerate_(ctx: _Context) -> list[Check]:
        return [
            Check(question_id, {"meeting": ix.record.id}, ix.record.for_quarter[1], ix.record.date,
                  _meeting_subject(ix.record))
            for ix in ctx.meetings(kind)
        ]
    return enumerate_


def _quarter_checks(question_id: str) -> Callable[[_Context], list[Check]]:
    def enumerate_(ctx: _Context) -> list[Check]:
        out = []
        for q in ctx.quarters:
            held = [ix.record for ix in ctx.case.meetings_for_quarter(ctx.year, q)
                    if ix.record.kind is MeetingKind.REGULAR]
            day = held[0].date if held else ctx.calendar.quarter_window(ctx.year, q).last
            out.append(Check(question_id, {"quarter": f"{ctx.year}-Q{q}"}, q, day,
                             Text(f"Quý {q}/{ctx.year}", f"{ctx.year} Q{q}")))
        return out
    return enumerate_


def _attendance_checks(ctx: _Context) -> list[Check]:
    out = []
    for ix in ctx.meetings():
        m = ix.record
        for person in ctx.holders_on(m.date, _COMMITTEE_ROLES):
            label = ctx.person_label(person)
            out.append(Check("dieu10.attendance_compliant", {"meeting": m.id, "member": person},
                             m.for_quarter[1], m.date,
                             Text(f"{label} — phiên họp {m.id}", f"{label} — meeting {m.id}")))
    return out


def _substitute_checks(ctx: _Context) -> list[Check]:
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


def _invitation_checks(ctx: _Context) -> list[Check]:
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


def _report_checks(ctx: _Context) -> list[Check]:
    """A quarterly report is due from each member holding a committee position on the quarter's
    deadline day (the 15th of its last month); the question decides who is bound."""
    out = []
    for q in ctx.quarters:
        deadline = ctx.calendar.report_deadline(ctx.year, q).strict
        quarter = f"{ctx.year}-Q{q}"
        for person in ctx.holders_on(deadline, _COMMITTEE_ROLES):
            received = [ix.record.received_on for ix in ctx.case.reports_of(person, quarter)
                        if ix.record.kind is ReportKind.QUARTERLY and ix.record.received_on]
            day = min(received) if received else None
            label = ctx.person_label(person)
            out.append(Check("dieu11.report_on_time", {"member": person, "quarter": quarter}, q,
                             day, Text(f"Báo cáo quý {q} của {label}", f"Q{q} report of {label}")))
    return out


def _adhoc_checks(ctx: _Context) -> list[Check]:
    out = []
    for ix in ctx.case.records("reports"):
        r = ix.record
        if r.kind is not ReportKind.ADHOC or r.id is None:
            continue
        day = r.received_on or r.sent_on
        period = _record_period(r)
        if period is None or period[0] != ctx.year:
            continue
        label = ctx.person_label(r.member)
        out.append(Check("dieu11.adhoc_report_valid", {"report": r.id}, period[1], day,
                         Text(f"Báo cáo đột xuất {r.id} của {label}",
                              f"Ad hoc report {r.id} of {label}")))
    return out


def _composition_checks(question_id: str) -> Callable[[_Context], list[Check]]:
    """The committee as it sat: its composition on each meeting day of the year (or, with no
    meeting, on the first day of the year the regulation was in force)."""
    def enumerate_(ctx: _Context) -> list[Check]:
        days: dict[dt.date, int] = {}
        for ix in ctx.meetings():
            days.setdefault(ix.record.date, ix.record.for_quarter[1])
        if not days:
            first = max(dt.date(ctx.year, 3 * ctx.quarters[0] - 2, 1), SIGNED)
            days[first] = quarter_of(first)[1]
        return [
            Check(question_id, {"date": d.isoformat()}, q, d,
                  Text(f"Ngày {_date(d, 'vi')}", f"On {_date(d, 'en')}"))
            for d, q in sorted(days.items())
        ]
    return enumerate_


def _helper_checks(ctx: _Context) -> list[Check]:
    """Each person appointed to the helper team, on the first day of the year they served
    under a decision (the decision's day, or 1 January for an earlier one)."""
    start, end = dt.date(ctx.year, 1, 1), dt.date(ctx.year, 12, 31)
    out: list[Check] = []
    seen: set[tuple[str, dt.date]] = set()
    for ix in ctx.case.records("helper_appointments"):
        a = ix.record
        if a.decided_on > end:
            continue
        day = max(a.decided_on, start)
        served = [p.record for p in ctx.case.positions_of(a.person) if p.record.role in _HELPER_ROLES]
        if served:
            spans = [(max(p.start, day), min(p.end or end, end)) for p in served]
            spans = [s for s in spans if s[0] <= s[1]]
            if not spans:
                continue
            day = min(s[0] for s in spans)
        if (a.person, day) in seen:
            continue
        seen.add((a.person, day))
        label = ctx.person_label(a.person)
        out.append(Check("dieu9.helper_member_valid", {"person": a.person, "date": day.isoformat()},
                         quarter_of(day)[1], day,
                         Text(f"{label} trong Tổ giúp việc, ngày {_date(day, 'vi')}",
                              f"{label} on the helper team, {_date(day, 'en')}")))
    return out


_KNOWN: dict[str, Callable[[_Context], list[Check]]] = {
    "dieu10.quarter_obligation_met": _quarter_checks("dieu10.quarter_obligation_met"),
    "dieu10.regular_meeting_in_window": _meeting_checks("dieu10.regular_meeting_in_window",
                                                         MeetingKind.REGULAR),
    "dieu11.documents_on_time": _meeting_checks("dieu11.documents_on_time", MeetingKind.REGULAR),
    "dieu10.extraordinary_meeting_valid": _meeting_checks("dieu10.extraordinary_meeting_valid",
                                                           MeetingKind.EXTRAORDINARY),
    "dieu10.attendance_compliant": _attendance_checks,
    "dieu10.substitute_allowed": _substitute_checks,
    "dieu10.invitation_valid": _invitation_checks,
    "dieu11.report_on_time": _report_checks,
    "dieu11.adhoc_report_valid": _adhoc_checks,
    "dieu2.composition_valid": _composition_checks("dieu2.composition_valid"),
    "dieu9.helper_member_valid": _helper_checks,
}


def _record_period(record: Any) -> tuple[int, int | None, dt.date | None] | None:
    """(year, quarter or None, day or None) a record belongs to: its ``year`` field (a yearly
    record: estimate, settlement), else its ``quarter``, else its first date."""
    day = None
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if isinstance(value, dt.date):
            day = value
            break
    year = getattr(record, "year", None)
    if isinstance(year, int) and not isinstance(year, bool):
        return year, None, day
    quarter = getattr(record, "quarter", None)
    if isinstance(quarter, str):
        year_text, number = quarter.split("-Q")
        return int(year_text), int(number), day
    if day is not None:
        y, q = quarter_of(day)
        return y, q, day
    return None


def _generic(q: Question) -> Callable[[_Context], list[Check]] | None:
    """An enumeration from the question's arguments alone: one record of the case (every such
    record of the year), a quarter (each quarter in force), a year, or a date (meeting days)."""
    if len(q.arguments) != 1:
        return None
    arg = q.arguments[0]
    if arg.kind in RECORD_ARGS:
        kind = RECORD_ARGS[arg.kind]

        def records(ctx: _Context) -> list[Check]:
            out = []
            for ix in ctx.case.records(kind):
                record_id = getattr(ix.record, "id", None)
                period = _record_period(ix.record)
                if record_id is None or period is None or period[0] != ctx.year:
                    continue
                label = arg.help
                out.append(Check(q.id, {arg.name: record_id}, period[1], period[2],
                                 Text(f"{label.vi}: {record_id}", f"{label.en}: {record_id}")))
            return out
        return records
    if arg.kind == "quarter":
        quarter_checks = _quarter_checks(q.id)

        def quarters(ctx: _Context) -> list[Check]:
            return [attrs.evolve(c, arguments={arg.name: c.arguments["quarter"]})
                    for c in quarter_checks(ctx)]
        return quarters
    if arg.kind == "year":
        def year(ctx: _Context) -> list[Check]:
            return [Check(q.id, {arg.name: str(ctx.year)}, None, None,
                          Text(f"Năm {ctx.year}", f"Year {ctx.year}"))]
        return year
    if arg.kind == "date":
        date_checks = _composition_checks(q.id)

        def dates(ctx: _Context) -> list[Check]:
            return [attrs.evolve(c, arguments={arg.name: c.arguments["date"]})
                    for c in date_checks(ctx)]
        return dates
    return None


def plan(questions: Iterable[Question]) -> tuple[
    list[tuple[Question, Callable[[_Context], list[Check]]]], list[NotAudited]
]:
    """Which questions the audit asks (and how it enumerates them), and which it does not."""
    asked: list[tuple[Question, Callable[[_Context], list[Check]]]] = []
    skipped: list[NotAudited] = []
    for q in questions:
        if q.id in _LOOKUPS:
            skipped.append(NotAudited(q.id, q.title, _LOOKUPS[q.id]))
            continue
        how = _KNOWN.get(q.id) or _generic(q)
        if how is None:
            kinds = ", ".join(f"{a.name} ({a.kind})" for a in q.arguments)
            skipped.append(NotAudited(q.id, q.title, Text(
                f"Chưa có cách liệt kê tự động các tham số ({kinds}) cho một năm.",
                f"No automatic enumeration of its arguments ({kinds}) over a year.",
            )))
            continue
        asked.append((q, how))
    # The order of the report (and so the finding ids) must not depend on the order in which
    # rule modules happened to be imported: obligation, then article, then declaration order.
    # Within a module the catalogue holds questions in declaration order, whatever the import
    # order of the modules.
    order = {g: n for n, g in enumerate(GROUPS)}
    modules = {m: n for n, m in enumerate(RULE_MODULES)}
    registry = {q.id: n for n, q in enumerate(catalogue())}
    given = {q.id: n for n, (q, _) in enumerate(asked)}
    asked.sort(key=lambda pair: (order[group_of(pair[0].id)], modules.get(pair[0].module, 99),
                                 registry.get(pair[0].id, len(registry)), given[pair[0].id]))
    skipped.sort(key=lambda n: n.question)
    return asked, skipped


# ------------------------------------------------------------------------------- audit


def default_year(case: Case) -> int:
    """The latest year the case's meetings count for; else the latest year of any dated
    record."""
    years = [ix.record.for_quarter[0] for ix in case.records("meetings")]
    if not years:
        for kind in ("reports", "expenditures", "estimates", "documents", "actions"):
            for ix in case.records(kind):
                period = _record_period(ix.record)
                if period is not None:
                    years.append(period[0])
    if not years:
        raise InputError("year", "the case has no dated record: give the year to audit")
    return max(years)


def audit(
    case: Case,
    year: int | None = None,
    *,
    interpretations: Mapping[str, str] | Settings | None = None,
    calendar: WorkingCalendar | None = None,
    engine: Any = None,
    today: dt.date | None = None,
) -> AuditReport:
    """Check every obligation of the regulation over ``year`` (default: the case's latest).

    Each finding is a decision of the catalogue; ``interpretations`` chooses readings for all of
    them, ``engine`` may be :class:`kgrules.oracle.OracleEngine`. Nothing is written: the
    decision record is appended by the caller (:func:`kgrules.library.audit`).
    """
    if year is None:
        year = default_year(case)
    if isinstance(year, bool) or not isinstance(year, int) or not 2008 <= year <= 2100:
        raise InputError("year", f"must be a year from 2008 to 2100, not {year!r}")
    chosen = make_settings(interpretations)
    cal = calendar if calendar is not None else calendar_for(case)
    runner = engine if engine is not None else default_engine()
    schedule = cal.year_schedule(year)
    ctx = _Context(case, year, tuple(w.quarter for w in schedule.windows), cal)

    asked, skipped = plan(catalogue())
    findings: list[Finding] = []
    errors: list[AuditError] = []
    n = 0
    for q, how in asked:
        checks = sorted(how(ctx), key=lambda c: (c.quarter or 5, c.day or dt.date.max))
        for check in checks:
            n += 1
            fid = f"F{n:03d}"
            arguments: dict[str, Any] = dict(check.arguments)
            try:
                decision = ask(q.id, case, interpretations=chosen, calendar=cal, engine=runner,
                               **arguments)
            except KgrulesError as exc:
                errors.append(AuditError(fid, q.id, dict(check.arguments), type(exc).__name__,
                                         str(exc)))
                continue
            findings.append(Finding(fid, group_of(q.id), check.quarter, check.day, check.subject,
                                    decision))
    timeline = _timeline(ctx, findings, chosen)
    records: dict[str, Text] = {}
    for f in findings:
        for reason in f.decision.reasons:
            for path in reason.facts:
                if path not in records:
                    vi, en = record_summary(case, path, "vi"), record_summary(case, path, "en")
                    if vi is not None and en is not None:
                        records[path] = Text(vi, en)
    return AuditReport(
        case.name, year, tuple(findings), tuple(errors), tuple(skipped), tuple(timeline),
        ctx.quarters, chosen, cal.name, runner.name, today or dt.date.today(), records,
        tuple(q.id for q, _ in asked),
    )


def _timeline(ctx: _Context, findings: list[Finding], settings: Settings) -> list[TimelineEvent]:
    """Windows and deadlines of the year from the calendar, and what happened from the
    findings (each mark linked to its finding)."""
    events: list[TimelineEvent] = []
    report_reading = "strict" if settings.reading("report_deadline") == "strict" else "shifted"
    for q in ctx.quarters:
        w = ctx.calendar.quarter_window(ctx.year, q)
        events.append(TimelineEvent(
            "meetings", "window", w.first,
            Text(f"Khung họp định kỳ quý {q}: {_date(w.first, 'vi')}–{_date(w.last, 'vi')}",
                 f"Q{q} meeting window: {_date(w.first, 'en')}–{_date(w.last, 'en')}"),
            end=w.last,
        ))
        d = ctx.calendar.report_deadline(ctx.year, q)
        due = d.deadline(report_reading)
        events.append(TimelineEvent(
            "reports", "deadline", due,
            Text(f"Hạn báo cáo quý {q}: {_date(due, 'vi')}", f"Q{q} report deadline: {_date(due, 'en')}"),
        ))
    dispatch_reading = settings.reading("documents_notice")
    for ix in ctx.meetings(MeetingKind.REGULAR):
        m = ix.record
        latest = ctx.calendar.latest_dispatch_day(m.date, dispatch_reading).latest
        events.append(TimelineEvent(
            "documents", "deadline", latest,
            Text(f"Hạn gửi tài liệu phiên họp {m.id}: {_date(latest, 'vi')}",
                 f"Documents for {m.id} due: {_date(latest, 'en')}"),
        ))
    for f in findings:
        if f.question in _OFF_TIMELINE:
            continue
        lane = _LANE_OF.get(f.question) or ("spending" if f.group == "spending" else "other")
        days: list[dt.date] = []
        if f.question == "dieu11.documents_on_time":
            days = [ix.record.sent_on for ix in ctx.case.dispatches_for(f.decision.arguments["meeting"])]
        elif f.day is not None:
            days = [f.day]
        for day in days:
            events.append(TimelineEvent(lane, "event", day, f.subject, finding=f.id,
                                        outcome=f.outcome))
    events.sort(key=lambda e: (e.day, list(LANES).index(e.lane), e.kind))
    return events


