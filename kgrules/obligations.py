"""What a year's audit asks of each question, declared beside the question in its rule module.

A rule module declares, for each of its questions, an :class:`Audited` (the obligation it
belongs to, how its arguments are enumerated over a year, its lane on the timeline) or a
:class:`Lookup` (a look-up, not a duty performed in a year, with the reason), in a module-level
``AUDIT`` mapping; :mod:`kgrules.audit` reads them through the registry, so a new question needs
no edit there. A question with no declaration is enumerated from its arguments alone (one record
of the case, a quarter, a year, or a meeting day) and grouped with the other duties.

Here: the headings (``GROUPS``, ``LANES``), the context an enumeration reads (:class:`AuditContext`)
and the enumerations several questions share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from kgrules.calendar import WorkingCalendar
from kgrules.case import Case
from kgrules.dsl import RECORD_ARGS, DeclarationError, Question
from kgrules.facts import MeetingKind, Role, quarter_of
from kgrules.i18n import Lang, Text, ordinal_en
from kgrules.params import (
    MEETING_WINDOW_FIRST_DAY,
    MEETING_WINDOW_LAST_DAY,
    REPORT_DEADLINE_DAY,
    SIGNED,
)

__all__ = ["GROUPS", "LANES", "AuditContext", "Audited", "Check", "Lookup", "date_checks",
           "generic_checks", "meeting_checks", "quarter_checks"]

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

#: The window and deadline days the lanes name, rendered from the dated parameters in force
#: when the regulation was signed.
_FIRST, _LAST = MEETING_WINDOW_FIRST_DAY.at(SIGNED), MEETING_WINDOW_LAST_DAY.at(SIGNED)
_DUE = REPORT_DEADLINE_DAY.at(SIGNED)

LANES: dict[str, Text] = {
    "meetings": Text(f"Họp định kỳ (khung {_FIRST}–{_LAST})",
                     f"Regular meetings ({ordinal_en(_FIRST)}–{ordinal_en(_LAST)} window)"),
    "extraordinary": Text("Họp bất thường", "Extraordinary meetings"),
    "consultations": Text("Lấy ý kiến bằng văn bản", "Written consultations"),
    "documents": Text("Gửi tài liệu họp", "Meeting documents"),
    "reports": Text(f"Báo cáo quý (hạn ngày {_DUE})", f"Quarterly reports (due the {ordinal_en(_DUE)})"),
    "spending": Text("Chi tiêu", "Spending"),
    "other": Text("Văn bản, hoạt động khác", "Other documents and acts"),
}


@attrs.frozen
class Check:
    """One question to ask: its arguments, the quarter it belongs to, and its day, if any."""

    question: str
    arguments: Mapping[str, str]
    quarter: int | None
    day: dt.date | None
    subject: Text


COMMITTEE_ROLES = (Role.HEAD, Role.STANDING_DEPUTY, Role.DEPUTY, Role.MEMBER)

#: An enumeration: the checks of one question over the year the context holds.
Checks = Callable[["AuditContext"], list[Check]]


def _default_lane(audited: Audited) -> str:
    return "spending" if audited.group == "spending" else "other"


@attrs.frozen
class Audited:
    """How a year's audit asks a question: the obligation (a key of ``GROUPS``) its findings
    are counted under; its enumeration (``None``: from its arguments alone); its lane on the
    timeline (a key of ``LANES``; ``None`` keeps it off the timeline, for findings that repeat a
    meeting's day once per member); and the days its findings are marked on (``None``: the
    check's day)."""

    group: str
    checks: Checks | None = attrs.field(default=None, eq=False)
    lane: str | None = attrs.field(default=attrs.Factory(_default_lane, takes_self=True))
    days: Callable[[AuditContext, Mapping[str, str]], list[dt.date]] | None = attrs.field(
        default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.group not in GROUPS:
            raise DeclarationError(f"audit group {self.group!r} is not one of {list(GROUPS)}")
        if self.lane is not None and self.lane not in LANES:
            raise DeclarationError(f"timeline lane {self.lane!r} is not one of {list(LANES)}")


@attrs.frozen
class Lookup:
    """A question the audit does not ask: a look-up (who may act, who answers to whom), used
    inside other questions, not a duty performed in a year."""

    reason: Text


@attrs.frozen
class AuditContext:
    """What an enumeration reads: the case, the year audited, its quarters in force, the calendar."""

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
        if self.case.has("people", person_id):
            return f"{person_id} ({self.case.person(person_id).name})"
        return person_id

    def holders_on(self, day: dt.date, roles: Iterable[Role]) -> list[str]:
        wanted = set(roles)
        out: list[str] = []
        for ix in self.case.positions_on(day):
            if ix.record.role in wanted and ix.record.person not in out:
                out.append(ix.record.person)
        return out


def date_text(d: dt.date | None, lang: Lang) -> str:
    if d is None:
        return "—"
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.isoformat()


def meeting_subject(m: Any) -> Text:
    kind = Text("Phiên họp định kỳ", "Regular meeting") if m.kind is MeetingKind.REGULAR else Text(
        "Phiên họp bất thường", "Extraordinary meeting")
    return Text(f"{kind.vi} {m.id} ({date_text(m.date, 'vi')})",
                f"{kind.en} {m.id} ({date_text(m.date, 'en')})")


def meeting_checks(question_id: str, kind: MeetingKind | None) -> Callable[[AuditContext], list[Check]]:
    def enumerate_(ctx: AuditContext) -> list[Check]:
        return [
            Check(question_id, {"meeting": ix.record.id}, ix.record.for_quarter[1], ix.record.date,
                  meeting_subject(ix.record))
            for ix in ctx.meetings(kind)
        ]
    return enumerate_


def quarter_checks(question_id: str) -> Callable[[AuditContext], list[Check]]:
    def enumerate_(ctx: AuditContext) -> list[Check]:
        out = []
        for q in ctx.quarters:
            held = [ix.record for ix in ctx.case.meetings_for_quarter(ctx.year, q)
                    if ix.record.kind is MeetingKind.REGULAR]
            day = held[0].date if held else ctx.calendar.quarter_window(ctx.year, q).last
            out.append(Check(question_id, {"quarter": f"{ctx.year}-Q{q}"}, q, day,
                             Text(f"Quý {q}/{ctx.year}", f"{ctx.year} Q{q}")))
        return out
    return enumerate_


def date_checks(question_id: str) -> Callable[[AuditContext], list[Check]]:
    """The committee as it sat: its composition on each meeting day of the year (or, with no
    meeting, on the first day of the year the regulation was in force)."""
    def enumerate_(ctx: AuditContext) -> list[Check]:
        days: dict[dt.date, int] = {}
        for ix in ctx.meetings():
            days.setdefault(ix.record.date, ix.record.for_quarter[1])
        if not days:
            first = max(dt.date(ctx.year, 3 * ctx.quarters[0] - 2, 1), SIGNED)
            days[first] = quarter_of(first)[1]
        return [
            Check(question_id, {"date": d.isoformat()}, q, d,
                  Text(f"Ngày {date_text(d, 'vi')}", f"On {date_text(d, 'en')}"))
            for d, q in sorted(days.items())
        ]
    return enumerate_


def record_period(record: Any) -> tuple[int, int | None, dt.date | None] | None:
    """(year, quarter or None, day or None) a record belongs to: its ``year`` field (a yearly
    record: estimate, settlement), else its ``quarter``, else its first date."""
    day = None
    names, has_year, has_quarter = _layout(type(record))
    for name in names:
        value = getattr(record, name)
        if isinstance(value, dt.date):
            day = value
            break
    # Looked up only where the class can have it: a failed getattr raises and catches an
    # AttributeError (twice for every expenditure of an audit: 0.1 s at 100,000).
    year = getattr(record, "year", None) if has_year else None
    if isinstance(year, int) and not isinstance(year, bool):
        return year, None, day
    quarter = getattr(record, "quarter", None) if has_quarter else None
    if isinstance(quarter, str):
        year_text, number = quarter.split("-Q")
        return int(year_text), int(number), day
    if day is not None:
        y, q = quarter_of(day)
        return y, q, day
    return None


#: Each record class's layout (:func:`_layout`).
_LAYOUTS: dict[type, tuple[tuple[str, ...], bool, bool]] = {}


def _layout(cls: type) -> tuple[tuple[str, ...], bool, bool]:
    """``cls``'s attrs field names, in order, and whether its instances can have a ``year``
    and a ``quarter`` attribute at all, read once per class (the audit reads every record's):
    ``attrs.fields`` and each field's name cost about as much as the rest of
    :func:`record_period`. An instance can have an attribute its class does not define (a
    field's slot, a property) only through an instance ``__dict__`` or a ``__getattr__``. A
    class redefined is another key; a few dozen at most."""
    layout = _LAYOUTS.get(cls)
    if layout is None:
        open_ended = getattr(cls, "__dictoffset__", 1) != 0 or hasattr(cls, "__getattr__")
        layout = (tuple(field.name for field in attrs.fields(cls)),
                  open_ended or hasattr(cls, "year"), open_ended or hasattr(cls, "quarter"))
        if len(_LAYOUTS) < 1024:
            _LAYOUTS[cls] = layout
    return layout


def generic_checks(q: Question) -> Callable[[AuditContext], list[Check]] | None:
    """An enumeration from the question's arguments alone: one record of the case (every such
    record of the year), a quarter (each quarter in force), a year, or a date (meeting days)."""
    if len(q.arguments) != 1:
        return None
    arg = q.arguments[0]
    if arg.kind in RECORD_ARGS:
        kind = RECORD_ARGS[arg.kind]

        def records(ctx: AuditContext) -> list[Check]:
            out = []
            question_id, name, year = q.id, arg.name, ctx.year
            vi, en = arg.help.vi, arg.help.en
            for ix in ctx.case.records(kind):
                record = ix.record
                record_id = getattr(record, "id", None)
                if record_id is None:
                    continue
                period = record_period(record)
                if period is None or period[0] != year:
                    continue
                out.append(Check(question_id, {name: record_id}, period[1], period[2],
                                 Text(f"{vi}: {record_id}", f"{en}: {record_id}")))
            return out
        return records
    if arg.kind == "quarter":
        by_quarter = quarter_checks(q.id)

        def quarters(ctx: AuditContext) -> list[Check]:
            return [attrs.evolve(c, arguments={arg.name: c.arguments["quarter"]})
                    for c in by_quarter(ctx)]
        return quarters
    if arg.kind == "year":
        def year(ctx: AuditContext) -> list[Check]:
            return [Check(q.id, {arg.name: str(ctx.year)}, None, None,
                          Text(f"Năm {ctx.year}", f"Year {ctx.year}"))]
        return year
    if arg.kind == "date":
        by_day = date_checks(q.id)

        def dates(ctx: AuditContext) -> list[Check]:
            return [attrs.evolve(c, arguments={arg.name: c.arguments["date"]})
                    for c in by_day(ctx)]
        return dates
    return None
