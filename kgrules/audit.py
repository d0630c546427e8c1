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
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from kgrules.calendar import WorkingCalendar
from kgrules.case import Case
from kgrules.decision import Decision, Outcome
from kgrules.dsl import RECORD_ARGS, Question
from kgrules.errors import InputError, KgrulesError
from kgrules.facts import AttendanceMode, MeetingKind, ReportKind, Role, quarter_of
from kgrules.i18n import Lang, Text, check_lang
from kgrules.interpretations import SWITCHES, Settings
from kgrules.interpretations import settings as make_settings
from kgrules.params import SIGNED

if TYPE_CHECKING:
    from kgrules.record import RecordStore

__all__ = ["GROUPS", "AuditError", "AuditReport", "Finding", "NotAudited", "TimelineEvent", "audit"]

#: The obligations, in the order the report presents them.
GROUPS: dict[str, Text] = {
    "meetings": Text("Họp định kỳ hằng quý hoặc lấy ý kiến bằng văn bản",
                     "Quarterly meeting, or a written consultation"),
    "documents": Text("Gửi tài liệu họp đúng hạn", "Meeting documents sent on time"),
    "reports": Text("Báo cáo của Thành viên", "Members' reports"),
    "attendance": Text("Dự họp và người dự họp thay", "Attendance and substitutes"),
    "extraordinary": Text("Họp bất thường", "Extraordinary meetings"),
    "spending": Text("Kinh phí: chi đúng thẩm quyền, trong dự toán",
                     "Spending: authorised, within the estimate"),
    "organisation": Text("Tổ chức, con dấu, thẩm quyền và các nghĩa vụ khác",
                         "Organisation, seals, powers and other duties"),
}
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
_COMMITTEE_ROLES = (Role.HEAD, Role.STANDING_DEPUTY, Role.DEPUTY, Role.MEMBER)
_HELPER_ROLES = (Role.HELPER_LEADER, Role.HELPER_MEMBER)
_ATTENTION = (Outcome.NO, Outcome.UNKNOWN)


def group_of(question_id: str) -> str:
    if question_id in _QUESTION_GROUP:
        return _QUESTION_GROUP[question_id]
    if question_id.startswith("dieu12."):
        return "spending"
    return "organisation"


# ------------------------------------------------------------------------------- results


@attrs.frozen
class Check:
    """One question to ask: its arguments, the quarter it belongs to, and its day, if any."""

    question: str
    arguments: Mapping[str, str]
    quarter: int | None
    day: dt.date | None
    subject: Text


@attrs.frozen
class Finding:
    """One check and its decision (kept whole: reasons, clauses, facts)."""

    id: str
    group: str
    quarter: int | None
    day: dt.date | None
    subject: Text
    decision: Decision

    @property
    def question(self) -> str:
        return self.decision.question

    @property
    def outcome(self) -> Outcome:
        return self.decision.outcome

    @property
    def needs_attention(self) -> bool:
        """A "no" or an "unknown": an obligation not met, or records that do not show it met."""
        return self.decision.outcome in _ATTENTION

    @property
    def summary(self) -> Text:
        """The deciding reasons, in one sentence each."""
        reasons = [r for r in self.decision.reasons if r.decisive] or list(self.decision.reasons)
        return Text("; ".join(r.explanation.vi for r in reasons),
                    "; ".join(r.explanation.en for r in reasons))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "group": self.group,
            "quarter": self.quarter,
            "day": None if self.day is None else self.day.isoformat(),
            "question": self.question,
            "arguments": dict(self.decision.arguments),
            "subject": self.subject.to_dict(),
            "outcome": self.outcome.value,
            "needs_attention": self.needs_attention,
            "summary": self.summary.to_dict(),
            "decision": self.decision.to_dict(),
        }


@attrs.frozen
class AuditError:
    """A check the library could not answer (bad data the case let through, or a rule bug):
    shown in the report, never hidden."""

    id: str
    question: str
    arguments: Mapping[str, str]
    error: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "question": self.question, "arguments": dict(self.arguments),
                "error": self.error, "message": self.message}


@attrs.frozen
class NotAudited:
    """A question of the catalogue the audit does not ask, and why."""

    question: str
    title: Text
    reason: Text

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "title": self.title.to_dict(),
                "reason": self.reason.to_dict()}


@attrs.frozen
class TimelineEvent:
    """A mark on the year's timeline: a window (with an end), a deadline, or what happened
    (linked to its finding, coloured by its outcome)."""

    lane: str
    kind: str  # "window" | "deadline" | "event"
    day: dt.date
    label: Text
    end: dt.date | None = None
    finding: str | None = None
    outcome: Outcome | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "lane": self.lane,
            "kind": self.kind,
            "day": self.day.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "label": self.label.to_dict(),
            "finding": self.finding,
            "outcome": None if self.outcome is None else self.outcome.value,
        }


LANES: dict[str, Text] = {
    "meetings": Text("Họp định kỳ (khung 20–30)", "Regular meetings (20th–30th window)"),
    "extraordinary": Text("Họp bất thường", "Extraordinary meetings"),
    "consultations": Text("Lấy ý kiến bằng văn bản", "Written consultations"),
    "documents": Text("Gửi tài liệu họp", "Meeting documents"),
    "reports": Text("Báo cáo quý (hạn ngày 15)", "Quarterly reports (due the 15th)"),
    "spending": Text("Chi tiêu", "Spending"),
    "other": Text("Văn bản, hoạt động khác", "Other documents and acts"),
}
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


@attrs.frozen
class AuditReport:
    """The audit of one case over one year: findings, what was not audited, and the timeline."""

    case_name: str
    year: int
    findings: tuple[Finding, ...]
    errors: tuple[AuditError, ...]
    not_audited: tuple[NotAudited, ...]
    timeline: tuple[TimelineEvent, ...]
    quarters: tuple[int, ...]
    settings: Settings
    calendar: str
    engine: str
    generated_on: dt.date
    #: Each record a finding relied on (its path in the case), summarised in both languages.
    records: Mapping[str, Text] = attrs.field(factory=dict)
    #: Every question the audit asked about (some may have had no record to check this year).
    asked: tuple[str, ...] = ()

    @property
    def attention(self) -> tuple[Finding, ...]:
        """The findings that need attention ("no" or "unknown"), in report order."""
        return tuple(f for f in self.findings if f.needs_attention)

    def finding(self, finding_id: str) -> Finding:
        for f in self.findings:
            if f.id == finding_id:
                return f
        raise KeyError(finding_id)

    def totals(self) -> dict[str, Any]:
        """Counts by outcome: overall, by obligation and by quarter (``"year"`` for checks that
        belong to the whole year)."""
        def count(items: Iterable[Finding]) -> dict[str, int]:
            c = Counter(f.outcome.value for f in items)
            return {o.value: c.get(o.value, 0) for o in Outcome}

        by_group = {g: count(f for f in self.findings if f.group == g)
                    for g in GROUPS if any(f.group == g for f in self.findings)}
        by_quarter = {
            _period_key(q): count(f for f in self.findings if f.quarter == q)
            for q in (*self.quarters, None)
            if any(f.quarter == q for f in self.findings)
        }
        return {
            "checks": len(self.findings),
            "needs_attention": len(self.attention),
            "errors": len(self.errors),
            "outcomes": count(self.findings),
            "by_group": by_group,
            "by_quarter": by_quarter,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case_name,
            "year": self.year,
            "generated_on": self.generated_on.isoformat(),
            "calendar": self.calendar,
            "engine": self.engine,
            "interpretations": self.settings.to_dict(),
            "quarters": list(self.quarters),
            "totals": self.totals(),
            "findings": [f.to_dict() for f in self.findings],
            "errors": [e.to_dict() for e in self.errors],
            "asked": list(self.asked),
            "not_audited": [n.to_dict() for n in self.not_audited],
            "timeline": [t.to_dict() for t in self.timeline],
            "groups": {g: t.to_dict() for g, t in GROUPS.items()},
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def render(self, lang: str = "vi") -> str:
        """A plain-text summary: totals, then every finding that needs attention."""
        lg = check_lang(lang)
        t = self.totals()
        o = t["outcomes"]
        lines = [
            Text(f"Kiểm tra năm {self.year}", f"Audit of {self.year}").get(lg) + f" — {self.case_name}",
            Text("Số lượt kiểm tra", "Checks").get(lg) + f": {t['checks']}  "
            f"✓ {o['yes']}  ✗ {o['no']}  ? {o['unknown']}  – {o['not_applicable']}",
        ]
        for g, c in t["by_group"].items():
            lines.append(f"  {GROUPS[g].get(lg)}: ✓ {c['yes']} ✗ {c['no']} ? {c['unknown']} "
                         f"– {c['not_applicable']}")
        if self.attention:
            lines.append(Text("Cần lưu ý", "Needs attention").get(lg) + ":")
        for f in self.attention:
            mark = "✗" if f.outcome is Outcome.NO else "?"
            lines.append(f" {mark} [{f.id}] {_period_label(f.quarter, lg)} · {f.question} · "
                         f"{f.subject.get(lg)}: {f.summary.get(lg)}")
            what_if = f.decision.what_if
            if what_if is not None and what_if.options:
                lines.append("     → " + Text("Để thành CÓ", "To make it yes").get(lg) + ": "
                             + what_if.options[0].render(lg))
        for e in self.errors:
            lines.append(f" ! [{e.id}] {e.question} {dict(e.arguments)}: {e.error}: {e.message}")
        if self.not_audited:
            lines.append(Text("Không kiểm tra", "Not audited").get(lg) + ": "
                         + ", ".join(n.question for n in self.not_audited))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def to_html(self, lang: str = "vi") -> str:
        """The report as one self-contained HTML file (no script, no external resource), with
        a timeline of the year; readable when printed."""
        from kgrules.html import audit_html

        return audit_html(self, check_lang(lang))

    def _repr_html_(self) -> str:
        from kgrules.html import audit_html

        return audit_html(self, "vi", standalone=False)


def _period_key(quarter: int | None) -> str:
    return "year" if quarter is None else f"Q{quarter}"


def _period_label(quarter: int | None, lang: Lang) -> str:
    if quarter is None:
        return Text("Cả năm", "Whole year").get(lang)
    return Text(f"Quý {quarter}", f"Q{quarter}").get(lang)


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
    from kgrules.catalogue import questions as catalogue
    from kgrules.catalogue import rule_modules

    order = {g: n for n, g in enumerate(GROUPS)}
    modules = {m: n for n, m in enumerate(rule_modules())}
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
    record: RecordStore | None = None,
) -> AuditReport:
    """Check every obligation of the regulation over ``year`` (default: the case's latest).

    Each finding is a decision of the catalogue; ``interpretations`` chooses readings for all of
    them, ``engine`` may be :class:`kgrules.oracle.OracleEngine`. With ``record``, every
    finding's decision is appended to that decision record (one transaction) and carries its
    ``record_id``.
    """
    from kgrules.catalogue import ask, calendar_for, check_store, questions
    from kgrules.engine import default_engine
    from kgrules.html import record_summary

    if year is None:
        year = default_year(case)
    if isinstance(year, bool) or not isinstance(year, int) or not 2008 <= year <= 2100:
        raise InputError("year", f"must be a year from 2008 to 2100, not {year!r}")
    chosen = make_settings(interpretations)
    if record is not None:
        check_store(record)
    cal = calendar if calendar is not None else calendar_for(case)
    runner = engine if engine is not None else default_engine()
    schedule = cal.year_schedule(year)
    ctx = _Context(case, year, tuple(w.quarter for w in schedule.windows), cal)

    asked, skipped = plan(questions())
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
    if record is not None:
        entries = record.append_many([f.decision for f in findings], case, settings=chosen,
                                     calendar=calendar, source="audit")
        findings = [attrs.evolve(f, decision=attrs.evolve(f.decision, record_id=e.id))
                    for f, e in zip(findings, entries, strict=True)]
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


def switches_in(report: AuditReport) -> list[str]:
    """The interpretation switches any finding relied on, in register order."""
    used = {i.switch for f in report.findings for i in f.decision.interpretations}
    return [s for s in sorted(SWITCHES, key=lambda s: SWITCHES[s].point) if s in used]
