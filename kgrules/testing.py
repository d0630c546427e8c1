"""Hypothesis strategies for kgrules: whole valid cases, questions about them, and the changes
to a case that must never change an answer.

**This module imports hypothesis**, which is a test extra (``pip install kgrules[test]``);
importing it without hypothesis installed raises ``ImportError``. The rest of the package never
imports it.

Generated cases are a committee over one year (2008–2030, the regulation took effect on
23/6/2008): a Head, a Standing Deputy, a Deputy, 3–8 Members, a helper team and outsiders;
positions with dates, sometimes with a change of holder mid-year; regular meetings (in the
20th–30th window, elsewhere in the quarter's last month, or outside it; on working days,
weekends, or days an official list declares off); extraordinary meetings with the proposer and
convener sometimes wrong or missing; absence reports, consents (by the Head, the Standing
Deputy or others; before, on or after the meeting; naming the substitute or not), attendances,
authorisations, quarterly and ad hoc reports, dispatches, written consultations, invitations;
for Điều 2–9, 12 and 13, agencies (the standing agency sometimes merging mid-year), offices,
documents and seals, transactions, committee actions, assignments, helper appointments and
nominations, budget estimates, expenditures (same-day ones included), spending limits,
settlements and amendments; sometimes an official calendar for the year; and a random
``records_complete``. Cases stay small (a few dozen records).

Every question of the catalogue can be asked: :func:`questions_for` fills arguments of every
kind (records by id, quarters, years, dates, acts, action kinds) from the case, so a question
added to ``rules/`` is covered by the properties without any change here.

>>> from hypothesis import given, strategies as st
>>> from kgrules import ask
>>> from kgrules.testing import committee_cases, questions_for
>>> @given(st.data())                                                  # doctest: +SKIP
... def test_answers(data):
...     case = data.draw(committee_cases())
...     qid, args = data.draw(questions_for(case))
...     ask(qid, case, **args)

Public API:

* :func:`years`, :func:`committee_cases` (alias :data:`cases`), :func:`questions_for`,
  :func:`interpretations`: what to ask about;
* :func:`shuffled` (:class:`Shuffled`), :func:`renamings` (:class:`Renaming`),
  :func:`unrelated_facts`, :func:`extend`, :func:`with_meeting_date`: changes of a case that
  must leave answers alone (or move them in a known direction);
* :data:`FIRST_YEAR`, :data:`LAST_YEAR`: the years generated (2008–2030).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from kgrules.case import KIND_CLASSES, RECORD_KINDS, REF_TARGETS, Case
from kgrules.catalogue import questions
from kgrules.dsl import RECORD_ARGS, Question
from kgrules.facts import (
    AbsenceReport,
    Act,
    ActionKind,
    Agency,
    AgencyKind,
    Amendment,
    Assignment,
    AssignmentKind,
    Attendance,
    AttendanceMode,
    Authorisation,
    BudgetEstimate,
    BudgetLine,
    Capacity,
    CommitteeAction,
    Consent,
    Dispatch,
    Document,
    Expenditure,
    HelperAppointment,
    Invitation,
    Meeting,
    MeetingKind,
    Nomination,
    Office,
    OfficeKind,
    Person,
    Position,
    Report,
    ReportKind,
    Role,
    Seal,
    Settlement,
    SpendingCategory,
    SpendingLimit,
    SpendingPurpose,
    Transaction,
    WrittenConsultation,
)
from kgrules.interpretations import SWITCHES

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "Renaming",
    "Shuffled",
    "cases",
    "committee_cases",
    "extend",
    "interpretations",
    "questions_for",
    "renamings",
    "shuffled",
    "unrelated_facts",
    "with_meeting_date",
    "years",
]

FIRST_YEAR: Final = 2008
"""The first year generated: Quyết định 1507 was signed, and took effect, on 23/6/2008."""
LAST_YEAR: Final = 2030
"""The last year generated."""

_DAY: Final = dt.timedelta(days=1)
_NAMES: Final = (
    "Trần Văn Hòa", "Lê Minh Đức", "Nguyễn Thị Lan", "Phạm Quốc Bảo", "Huỳnh Thị Mai",
    "Đặng Văn Tâm", "Võ Thanh Sơn", "Bùi Thị Hạnh", "Trương Công Lý", "Lâm Hoàng Phúc",
    "Châu Văn Nghĩa", "Ngô Thị Thu", "Dương Minh Khang", "Kiều Văn Thịnh",
)
_AGENCIES: Final = (
    "Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh", "Sở Tài chính", "Sở Nội vụ",
    "Sở Kế hoạch và Đầu tư", "UBND huyện Châu Thành", "Viễn thông Kiên Giang",
)
#: Acts an authorisation from the Head to the Standing Deputy typically names (the ones the
#: questions look at first), then every other act.
_HEAD_ACTS: Final = (
    Act.CONSENT_SUBSTITUTE, Act.CONVENE_MEETING, Act.INVITE_ATTENDEES,
    Act.REQUEST_ADHOC_REPORT, Act.REQUEST_WRITTEN_OPINIONS,
    *(a for a in Act if a not in {Act.CONSENT_SUBSTITUTE, Act.CONVENE_MEETING,
                                   Act.INVITE_ATTENDEES, Act.REQUEST_ADHOC_REPORT,
                                   Act.REQUEST_WRITTEN_OPINIONS}),
)
_PATH: Final = re.compile(r"\b([a-z_]+)\[([0-9]+)\]")
_ID_CHARS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-"


# --- years and dates -----------------------------------------------------------------------------


def years(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> SearchStrategy[int]:
    """A year between ``first`` and ``last`` (default 2008–2030), shrinking towards 2008."""
    return st.integers(first, last)


def _quarter_end(year: int, quarter: int) -> dt.date:
    month = 3 * quarter
    return (dt.date(year + (month == 12), month % 12 + 1, 1)) - _DAY


def _last_month(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    end = _quarter_end(year, quarter)
    return end.replace(day=1), end


def _shift(draw: st.DrawFn, base: dt.date, when: str, *, far: int = 10) -> dt.date:
    """A day before, on or after ``base``."""
    if when == "on":
        return base
    n = draw(st.integers(1, far))
    return base - n * _DAY if when == "before" else base + n * _DAY


def _days_from(base: dt.date, lo: int, hi: int) -> SearchStrategy[dt.date]:
    """A day ``lo`` to ``hi`` days from ``base``."""
    return st.integers(lo, hi).map(lambda n: base + n * _DAY)


# --- the case under construction -----------------------------------------------------------------


@attrs.define
class _Draft:
    """Records of a case being drawn, and who held which role when."""

    year: int
    people: list[Person] = attrs.Factory(list)
    positions: list[Position] = attrs.Factory(list)
    meetings: list[Meeting] = attrs.Factory(list)
    absence_reports: list[AbsenceReport] = attrs.Factory(list)
    consents: list[Consent] = attrs.Factory(list)
    attendances: list[Attendance] = attrs.Factory(list)
    authorisations: list[Authorisation] = attrs.Factory(list)
    reports: list[Report] = attrs.Factory(list)
    dispatches: list[Dispatch] = attrs.Factory(list)
    consultations: list[WrittenConsultation] = attrs.Factory(list)
    invitations: list[Invitation] = attrs.Factory(list)
    #: The other lists of the case (agencies, offices, documents, …), by their key in the case.
    more: dict[str, list[Any]] = attrs.Factory(dict)
    outsiders: list[str] = attrs.Factory(list)
    counter: int = 0

    def add(self, kind: str, record: Any) -> None:
        self.more.setdefault(kind, []).append(record)

    def of(self, kind: str) -> list[Any]:
        return self.more.get(kind, [])

    def person(self, draw: st.DrawFn, prefix: str = "P") -> str:
        self.counter += 1
        pid = f"{prefix}{self.counter:02d}"
        self.people.append(
            Person(
                id=pid,
                name=draw(st.sampled_from(_NAMES)),
                office=draw(st.none() | st.just("Phó Giám đốc")),
                agency=draw(st.none() | st.sampled_from(_AGENCIES)),
                on_dic_payroll=draw(st.none() | st.booleans()),
            )
        )
        return pid

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter:02d}"

    def holders(self, role: Role, day: dt.date) -> list[str]:
        return [p.person for p in self.positions if p.role is role and p.in_force(day)]

    def holder(self, role: Role, day: dt.date) -> str | None:
        found = self.holders(role, day)
        return found[0] if found else None

    def committee_on(self, day: dt.date) -> list[str]:
        """Everyone holding a committee position (not the helper team) on ``day``."""
        roles = (Role.HEAD, Role.STANDING_DEPUTY, Role.DEPUTY, Role.MEMBER)
        return list(dict.fromkeys(p.person for p in self.positions
                                  if p.role in roles and p.in_force(day)))

    def everyone(self) -> list[str]:
        return [p.id for p in self.people]

    def pick(self, draw: st.DrawFn, role: str, day: dt.date) -> str | None:
        """A person by description: the holder of a role on ``day``, someone else, or nobody."""
        if role == "none":
            return None
        if role == "outsider":
            return draw(st.sampled_from(self.outsiders))
        if role == "anyone":
            return draw(st.sampled_from(self.everyone()))
        wanted = Role(role)
        holder = self.holder(wanted, day)
        if holder is None:  # nobody held it that day: whoever held it at some time
            ever = [p.person for p in self.positions if p.role is wanted]
            return draw(st.sampled_from(ever)) if ever else None
        if wanted is Role.MEMBER:
            return draw(st.sampled_from(self.holders(wanted, day)))
        return holder

    def case(self, draw: st.DrawFn) -> Case:
        overrides = draw(_calendar_overrides(self.year))
        complete = draw(st.frozensets(st.sampled_from(RECORD_KINDS)))
        more: dict[str, Any] = {kind: tuple(items) for kind, items in self.more.items()}
        return Case(
            name=f"Ban Chỉ đạo — năm {self.year} (sinh ngẫu nhiên)",
            records_complete=complete,
            people=tuple(self.people),
            positions=tuple(self.positions),
            meetings=tuple(self.meetings),
            absence_reports=tuple(self.absence_reports),
            consents=tuple(self.consents),
            attendances=tuple(self.attendances),
            authorisations=tuple(self.authorisations),
            reports=tuple(self.reports),
            dispatches=tuple(self.dispatches),
            consultations=tuple(self.consultations),
            invitations=tuple(self.invitations),
            calendar_overrides=overrides,
            **more,
        )


def _maybe_id(draw: st.DrawFn, draft: _Draft, prefix: str) -> str | None:
    return draft.next_id(prefix) if draw(st.booleans()) else None


@st.composite
def _calendar_overrides(draw: st.DrawFn, year: int) -> tuple[dict[str, Any], ...]:
    """Usually none; sometimes an official list for the year: an extra day off on a weekday
    inside a meeting window or on a report deadline, and a Saturday worked inside a window."""
    if not draw(st.sampled_from((False, False, False, True))):
        return ()
    quarter = draw(st.integers(1, 4))
    first, _ = _last_month(year, quarter)
    weekdays = [first.replace(day=d) for d in (*range(20, 31), 15)
                if first.replace(day=d).weekday() < 5]
    weekends = [first.replace(day=d) for d in range(20, 31)
                if first.replace(day=d).weekday() == 5]
    days_off = draw(st.lists(st.sampled_from(weekdays), unique=True, max_size=2))
    working = draw(st.lists(st.sampled_from(weekends), unique=True, max_size=1))
    return ({
        "year": year,
        "days_off": [d.isoformat() for d in days_off],
        "working_days": [d.isoformat() for d in working],
        "source": f"Thông báo nghỉ lễ năm {year} (giả định)",
    },)


# --- the committee -------------------------------------------------------------------------------


def _start_before(draw: st.DrawFn, year: int) -> dt.date:
    """A position's first day: usually before the year (or from the committee's founding)."""
    return draw(st.dates(dt.date(year - 2, 1, 1), dt.date(year, 1, 1)))


def _draw_positions(draw: st.DrawFn, draft: _Draft, max_members: int) -> None:
    year = draft.year
    lead_roles = (Role.HEAD, Role.STANDING_DEPUTY, Role.DEPUTY)
    n_members = draw(st.integers(3, max_members))
    for role in (*lead_roles, *([Role.MEMBER] * n_members)):
        pid = draft.person(draw)
        start = _start_before(draw, year)
        pos_id = _maybe_id(draw, draft, "POS")
        change = draw(st.sampled_from(("none", "none", "none", "change", "joins", "leaves")))
        if change == "none":
            draft.positions.append(Position(id=pos_id, person=pid, role=role, start=start))
        elif change == "joins":  # took the position mid-year
            joined = draw(st.dates(dt.date(year, 1, 2), dt.date(year, 12, 31)))
            draft.positions.append(Position(id=pos_id, person=pid, role=role, start=joined))
        else:  # left mid-year, replaced (from the next day, or after a gap) or not
            left = draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 30)))
            draft.positions.append(Position(id=pos_id, person=pid, role=role, start=start,
                                            end=left))
            if change == "change":
                successor = draft.person(draw)
                gap = draw(st.sampled_from((0, 0, 0, 3, 20)))
                draft.positions.append(
                    Position(id=_maybe_id(draw, draft, "POS"), person=successor, role=role,
                             start=left + (1 + gap) * _DAY)
                )
                # the one who left sometimes stays on as a plain Member
                if role is not Role.MEMBER and draw(st.booleans()):
                    draft.positions.append(Position(person=pid, role=Role.MEMBER,
                                                    start=left + _DAY))
    # the helper team: a leader and up to two members (kiêm nhiệm)
    for role in (Role.HELPER_LEADER, *([Role.HELPER_MEMBER] * draw(st.integers(0, 2)))):
        pid = draft.person(draw, "T")
        draft.positions.append(Position(person=pid, role=role, start=_start_before(draw, year)))
    # outsiders: substitutes, invitees, other officials
    for _ in range(draw(st.integers(1, 4))):
        draft.outsiders.append(draft.person(draw, "X"))


def _weighted_bool(true_weight: int = 3) -> SearchStrategy[bool]:
    return st.sampled_from((True,) * true_weight + (False,))


def _regular_date(draw: st.DrawFn, year: int, quarter: int) -> tuple[dt.date, str | None]:
    first, last = _last_month(year, quarter)
    where = draw(st.sampled_from(("window", "window", "window", "month", "outside")))
    if where == "window":
        day = draw(st.dates(first.replace(day=20), first.replace(day=30)))
    elif where == "month":
        day = draw(st.dates(first, last))
    else:  # elsewhere in the quarter, or into the next one
        day = draw(st.dates(last.replace(day=1) - 62 * _DAY, last + 20 * _DAY))
    quarter_field = draw(st.sampled_from((None, None, f"{year}-Q{quarter}")))
    return day, quarter_field


def _draw_meetings(draw: st.DrawFn, draft: _Draft) -> None:
    year = draft.year
    for quarter in (1, 2, 3, 4):
        if not draw(_weighted_bool()):
            continue
        day, quarter_field = _regular_date(draw, year, quarter)
        convener = draft.pick(draw, draw(st.sampled_from(("head", "head", "none"))), day)
        draft.meetings.append(
            Meeting(
                id=draft.next_id("M"), kind=MeetingKind.REGULAR, date=day, quarter=quarter_field,
                convened_by=convener,
                convened_on=draw(st.none() | st.just(day - 7 * _DAY)),
                has_documents=draw(st.sampled_from((True, None, False))),
                held=draw(_weighted_bool(5)),
            )
        )
    for _ in range(draw(st.integers(0, 2))):
        day = draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        convened_on = draw(st.none() | _days_from(day, -10, 0))
        base = convened_on or day
        proposer = draft.pick(draw, draw(st.sampled_from(
            ("standing_deputy", "standing_deputy", "none", "head", "member", "outsider"))), base)
        when = draw(st.sampled_from((None, "before", "before", "on", "after")))
        proposed_on = None if when is None else _shift(draw, base, when)
        convener = draft.pick(draw, draw(st.sampled_from(
            ("head", "head", "head", "standing_deputy", "none", "member", "deputy"))), base)
        draft.meetings.append(
            Meeting(
                id=draft.next_id("M"), kind=MeetingKind.EXTRAORDINARY, date=day,
                proposed_by=proposer, proposed_on=proposed_on, convened_by=convener,
                convened_on=convened_on, has_documents=draw(st.sampled_from((None, True, False))),
                held=draw(_weighted_bool(5)),
            )
        )


def _draw_authorisations(draw: st.DrawFn, draft: _Draft) -> None:
    year = draft.year
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(("head_to_deputy", "head_to_deputy", "head_to_other",
                                     "other")))
        day = draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        if kind == "other":
            grantor, grantee = draw(st.lists(st.sampled_from(draft.everyone()), min_size=2,
                                             max_size=2, unique=True))
        else:
            grantor = draft.pick(draw, "head", day) or draft.everyone()[0]
            grantee = draft.pick(draw, "standing_deputy" if kind == "head_to_deputy" else
                                 "anyone", day) or draft.everyone()[1]
            if grantee == grantor:
                continue
        acts = draw(st.lists(st.sampled_from(_HEAD_ACTS), min_size=1, max_size=5, unique=True))
        valid_from = draw(st.dates(dt.date(year - 1, 1, 1), dt.date(year, 12, 31)))
        valid_to = draw(st.none() | _days_from(valid_from, 0, 300))
        signed_on = draw(st.none() | _days_from(valid_from, -10, 5))
        draft.authorisations.append(
            Authorisation(id=draft.next_id("UQ"), grantor=grantor, grantee=grantee,
                          acts=tuple(acts), valid_from=valid_from, valid_to=valid_to,
                          signed_on=signed_on)
        )


def _draw_attendance(draw: st.DrawFn, draft: _Draft) -> None:
    """Per meeting: who came, who was absent and sent someone, with reports and consents."""
    for meeting in draft.meetings:
        day = meeting.date
        bound = draft.committee_on(day)
        if not bound:
            continue
        present = draw(st.lists(st.sampled_from(bound), unique=True, max_size=6))
        for pid in present:
            draft.attendances.append(Attendance(id=_maybe_id(draw, draft, "A"), meeting=meeting.id,
                                                person=pid, mode=AttendanceMode.IN_PERSON))
        absent = [p for p in bound if p not in present]
        if not absent:
            continue
        for member in draw(st.lists(st.sampled_from(absent), unique=True, max_size=3)):
            substitute = draw(st.sampled_from(draft.outsiders + draft.everyone()))
            if substitute == member:
                substitute = draft.outsiders[0]
            report = draw(st.sampled_from(("before", "on", "before", "after", "none")))
            if report != "none":
                draft.absence_reports.append(AbsenceReport(
                    id=_maybe_id(draw, draft, "VM"), meeting=meeting.id, member=member,
                    reported_on=_shift(draw, day, report),
                    reported_to=draft.pick(draw, draw(st.sampled_from(("head", "none"))), day),
                ))
            for _ in range(draw(st.sampled_from((1, 1, 1, 0, 2)))):
                given_on = _shift(draw, day, draw(st.sampled_from(("before", "before", "on",
                                                                   "after"))))
                giver = draft.pick(draw, draw(st.sampled_from(
                    ("head", "head", "head", "standing_deputy", "deputy", "member", "outsider"))),
                    given_on)
                if giver is None:
                    continue
                named = draw(st.sampled_from(("same", "same", "none", "other")))
                named_id = {"same": substitute, "none": None}.get(
                    named, draw(st.sampled_from(draft.outsiders + draft.everyone())))
                if named_id == member:
                    named_id = None
                draft.consents.append(Consent(
                    id=_maybe_id(draw, draft, "DY"), meeting=meeting.id, member=member,
                    substitute=named_id, given_by=giver, given_on=given_on,
                ))
            if draw(st.sampled_from((False, False, False, True))):  # "not delegated" (đoạn 5)
                draft.authorisations.append(Authorisation(
                    id=draft.next_id("UQ"), grantor=member, grantee=substitute,
                    acts=(Act.ATTEND_MEETING,), valid_from=day - 30 * _DAY,
                    valid_to=draw(st.none() | st.just(day + 30 * _DAY)),
                ))
            if draw(_weighted_bool()):
                draft.attendances.append(Attendance(
                    meeting=meeting.id, person=substitute, mode=AttendanceMode.SUBSTITUTE,
                    on_behalf_of=member,
                ))


def _draw_reports(draw: st.DrawFn, draft: _Draft) -> None:
    year = draft.year
    for quarter in draw(st.lists(st.integers(1, 4), unique=True, max_size=4)):
        first, _ = _last_month(year, quarter)
        deadline = first.replace(day=15)
        reporters = draft.committee_on(deadline)
        if not reporters:
            continue
        for member in draw(st.lists(st.sampled_from(reporters), unique=True, max_size=4)):
            received = draw(st.sampled_from(("before", "on", "after", "before", "unknown")))
            received_on = None if received == "unknown" else _shift(draw, deadline, received)
            draft.reports.append(Report(
                id=_maybe_id(draw, draft, "BC"), member=member, kind=ReportKind.QUARTERLY,
                quarter=f"{year}-Q{quarter}", received_on=received_on,
                received_by=draft.pick(draw, draw(st.sampled_from(("standing_deputy", "none"))),
                                       deadline),
                sent_on=draw(st.none() | st.just(deadline - 2 * _DAY)),
            ))
    for _ in range(draw(st.integers(0, 2))):
        day = draw(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        requester = draft.pick(draw, draw(st.sampled_from(
            ("head", "head", "standing_deputy", "member", "none", "outsider"))), day)
        member = draw(st.sampled_from(draft.everyone()))
        dates = draw(st.sampled_from(("received", "sent", "both", "none")))
        draft.reports.append(Report(
            id=draft.next_id("BC"), member=member, kind=ReportKind.ADHOC,
            received_on=day if dates in ("received", "both") else None,
            sent_on=day - _DAY if dates in ("sent", "both") else None,
            requested_by=requester, requested_by_ppc=draw(_weighted_bool(1).map(lambda b: not b)),
        ))


def _draw_documents(draw: st.DrawFn, draft: _Draft) -> None:
    for meeting in draft.meetings:
        for _ in range(draw(st.sampled_from((1, 1, 0, 2)))):
            committee = draft.committee_on(meeting.date)
            recipients = draw(st.sampled_from(((), tuple(committee[:3]))))
            draft.dispatches.append(Dispatch(
                id=_maybe_id(draw, draft, "TL"), meeting=meeting.id,
                sent_on=meeting.date - draw(st.integers(0, 10)) * _DAY,
                sent_by=draft.pick(draw, draw(st.sampled_from(("standing_deputy", "none"))),
                                   meeting.date),
                recipients=recipients,
            ))


def _draw_consultations(draw: st.DrawFn, draft: _Draft) -> None:
    year = draft.year
    for quarter in draw(st.lists(st.integers(1, 4), unique=True, max_size=2)):
        first, last = _last_month(year, quarter)
        requested_on = draw(st.dates(first - 30 * _DAY, last))
        requester = draft.pick(draw, draw(st.sampled_from(
            ("head", "head", "standing_deputy", "member"))), requested_on)
        if requester is None:
            continue
        decided_on = draw(st.none() | _days_from(requested_on, -3, 10))
        decider = draft.pick(draw, draw(st.sampled_from(("head", "head", "none", "member"))),
                             decided_on or requested_on)
        addressees = draft.committee_on(requested_on)
        draft.consultations.append(WrittenConsultation(
            id=draft.next_id("YK"), quarter=f"{year}-Q{quarter}", requested_by=requester,
            requested_on=requested_on,
            reason=draw(st.none() | st.just("Không bố trí được phiên họp")),
            addressees=tuple(draw(st.lists(st.sampled_from(addressees), unique=True,
                                           max_size=4))) if addressees else (),
            decided_by=decider, decided_on=decided_on,
        ))


def _draw_invitations(draw: st.DrawFn, draft: _Draft) -> None:
    for meeting in draft.meetings:
        guests = draw(st.lists(st.sampled_from(draft.outsiders) | st.sampled_from(draft.everyone()),
                               unique=True, max_size=2))
        for guest in guests:
            decided_on = draw(st.none() | _days_from(meeting.date, -10, 2))
            decider = draft.pick(draw, draw(st.sampled_from(
                ("head", "head", "standing_deputy", "member", "none"))), decided_on or meeting.date)
            draft.invitations.append(Invitation(
                id=_maybe_id(draw, draft, "MOI"), meeting=meeting.id, invitee=guest,
                decided_by=decider, decided_on=decided_on,
            ))
            if draw(st.booleans()):
                draft.attendances.append(Attendance(meeting=meeting.id, person=guest,
                                                    mode=AttendanceMode.IN_PERSON))


# --- Điều 2–9, 12, 13: agencies, offices, documents, money ---------------------------------------


def _agency(draw: st.DrawFn, draft: _Draft, kind: AgencyKind, name: str,
            start: dt.date | None = None, end: dt.date | None = None,
            successor: str | None = None) -> str:
    aid = draft.next_id("CQ")
    draft.add("agencies", Agency(id=aid, name=name, kind=kind, start=start, end=end,
                                 successor=successor))
    return aid


def _office(draw: st.DrawFn, draft: _Draft, person: str, kind: OfficeKind, agency: str | None,
            start: dt.date | None = None) -> None:
    draft.add("offices", Office(
        id=_maybe_id(draw, draft, "CV"), person=person, kind=kind, agency=agency,
        start=start or _start_before(draw, draft.year),
    ))


def _draw_administration(draw: st.DrawFn, draft: _Draft) -> None:
    """Agencies and offices, then the records of Điều 2–9, 12 and 13 about them."""
    year = draft.year
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    in_year = st.dates(jan1, dec31)
    # Agencies: the standing agency sometimes merges into a successor mid-year.
    merged = draw(st.sampled_from((None, None, None, *range(2, 12))))
    if merged is None:
        standing = _agency(draw, draft, AgencyKind.STANDING_AGENCY, "Sở Thông tin và Truyền thông")
        successor = None
    else:
        merger = dt.date(year, merged, 1)
        successor = draft.next_id("CQ")
        standing = _agency(draw, draft, AgencyKind.STANDING_AGENCY, "Sở Thông tin và Truyền thông",
                           end=merger - _DAY, successor=successor)
        draft.add("agencies", Agency(id=successor, name="Sở Khoa học và Công nghệ",
                                     kind=AgencyKind.STANDING_AGENCY, start=merger))
    ppc = _agency(draw, draft, AgencyKind.PPC, "Ủy ban nhân dân tỉnh Kiên Giang")
    ppc_office = _agency(draw, draft, AgencyKind.PPC_OFFICE, "Văn phòng UBND tỉnh")
    finance = _agency(draw, draft, AgencyKind.FINANCE, "Sở Tài chính")
    others = [_agency(draw, draft, draw(st.sampled_from((AgencyKind.DEPARTMENT, AgencyKind.DISTRICT,
                                                          AgencyKind.OTHER))), name)
              for name in draw(st.lists(st.sampled_from(_AGENCIES[3:]), unique=True, max_size=2))]
    agencies = [standing, ppc, ppc_office, finance, *others] + ([successor] if successor else [])
    any_agency = st.sampled_from(agencies)

    # Offices: the Head a Vice-Chairman (usually), the Standing Deputy head of the standing agency.
    chairman = draft.person(draw, "X")
    _office(draw, draft, chairman, OfficeKind.PPC_CHAIRMAN, ppc)
    for role, usual, agency in ((Role.HEAD, OfficeKind.PPC_VICE_CHAIRMAN, ppc),
                                (Role.STANDING_DEPUTY, OfficeKind.AGENCY_HEAD, standing),
                                (Role.DEPUTY, OfficeKind.AGENCY_DEPUTY_HEAD, ppc_office)):
        for person in dict.fromkeys(p.person for p in draft.positions if p.role is role):
            kind = draw(st.sampled_from((usual, usual, usual, OfficeKind.STAFF, None)))
            if kind is not None:
                _office(draw, draft, person, kind, agency)
    finance_head = draft.person(draw, "X")
    _office(draw, draft, finance_head, OfficeKind.AGENCY_HEAD, finance)
    agency_heads = [finance_head]
    for agency in others:
        head = draft.person(draw, "X")
        agency_heads.append(head)
        _office(draw, draft, head, OfficeKind.AGENCY_HEAD, agency)
    head_on = draft.holder(Role.HEAD, jan1) or draft.everyone()[0]
    sd_on = draft.holder(Role.STANDING_DEPUTY, jan1) or draft.everyone()[1]
    people = st.sampled_from(draft.everyone())

    def someone(*roles: str) -> str | None:
        role = draw(st.sampled_from(roles))
        if role == "chairman":
            return chairman
        if role == "agency_head":
            return draw(st.sampled_from(agency_heads))
        return draft.pick(draw, role, draw(in_year))

    for _ in range(draw(st.integers(0, 3))):  # documents and seals (khoản 2–3 Điều 2)
        seal = draw(st.sampled_from(tuple(Seal)))
        draft.add("documents", Document(
            id=draft.next_id("VB"),
            signed_by=someone("head", "head", "standing_deputy", "member") or head_on,
            capacity=draw(st.sampled_from(tuple(Capacity))), seal=seal,
            seal_agency=None if seal is Seal.NONE else draw(st.none() | any_agency),
            signed_on=draw(in_year),
        ))
    for _ in range(draw(st.integers(0, 2))):  # accounts (khoản 2 Điều 2)
        draft.add("transactions", Transaction(
            id=draft.next_id("GD"), date=draw(in_year),
            account_agency=draw(st.sampled_from((standing, standing, ppc_office, finance))),
            amount=draw(st.integers(0, 50_000_000)), for_committee=draw(_weighted_bool()),
            decided_by=someone("standing_deputy", "head", "none"),
        ))
    for _ in range(draw(st.integers(0, 3))):  # the committee's powers (Điều 3)
        draft.add("actions", CommitteeAction(
            id=draft.next_id("HD"), kind=draw(st.sampled_from(tuple(ActionKind))),
            date=draw(in_year), actor=someone("standing_deputy", "head", "member", "none"),
            target_agency=draw(st.none() | any_agency),
        ))
    for _ in range(draw(st.integers(0, 3))):  # assignments (Điều 4–9)
        by = someone("head", "head", "standing_deputy", "helper_leader", "member") or head_on
        to = draw(people)
        if to != by:
            draft.add("assignments", Assignment(
                id=_maybe_id(draw, draft, "PC"),
                kind=draw(st.sampled_from(tuple(AssignmentKind))), assigned_by=by, assignee=to,
                assigned_on=draw(in_year),
            ))
    for position in [p for p in draft.positions  # the helper team (khoản 2 Điều 9)
                     if p.role in (Role.HELPER_LEADER, Role.HELPER_MEMBER)]:
        if not draw(_weighted_bool()):
            continue
        decided_on = position.start + draw(st.integers(-20, 5)) * _DAY
        draft.add("helper_appointments", HelperAppointment(
            id=draft.next_id("TGV"), person=position.person, role=position.role,
            decided_by=someone("standing_deputy", "standing_deputy", "head", "member") or sd_on,
            decided_on=decided_on, part_time=draw(st.sampled_from((True, True, None, False))),
        ))
        if draw(st.booleans()):
            draft.add("nominations", Nomination(
                id=draft.next_id("CU"), person=position.person,
                agency=draw(st.none() | any_agency),
                nominated_by=someone("agency_head", "agency_head", "head", "member") or head_on,
                decided_on=decided_on + draw(st.integers(-10, 5)) * _DAY,
            ))
    estimates: list[str] = []
    for budget_year in draw(st.lists(st.sampled_from((year, year, year + 1)), max_size=2)):
        eid = draft.next_id("DT")  # đoạn 1 Điều 12
        estimates.append(eid)
        prepared = draw(st.none() | st.dates(dt.date(budget_year - 1, 9, 1),
                                             dt.date(budget_year - 1, 12, 31)))
        after = prepared or dt.date(budget_year - 1, 12, 1)
        amount = draw(st.integers(0, 500_000_000))
        draft.add("estimates", BudgetEstimate(
            id=eid, year=budget_year, amount=amount,
            prepared_by=someone("standing_deputy", "standing_deputy", "head", "none"),
            prepared_on=prepared,
            appraised_by=draw(st.sampled_from((finance, finance, None, ppc))),
            appraised_on=draw(st.none() | _days_from(after, -5, 30)),
            approved_by=draw(st.sampled_from((ppc, ppc, None, finance))),
            approved_on=draw(st.none() | _days_from(after, -5, 45)),
            dic_ceiling=draw(st.none() | st.integers(0, 1_000_000_000)),
        ))
    spent_days = draw(st.lists(in_year, max_size=3))
    for _ in range(draw(st.integers(0, 5))):  # đoạn 2 and 3 Điều 12
        day = draw(st.sampled_from(spent_days) | in_year) if spent_days else draw(in_year)
        draft.add("expenditures", Expenditure(
            id=_maybe_id(draw, draft, "CHI"),
            estimate=draw(st.sampled_from(estimates) | st.none()) if estimates else None,
            amount=draw(st.integers(0, 200_000_000)), date=day,
            decided_by=someone("standing_deputy", "standing_deputy", "head", "none"),
            budget_line=draw(st.sampled_from((BudgetLine.DIC_OPERATIONAL,
                                              BudgetLine.DIC_OPERATIONAL, BudgetLine.OTHER))),
            purpose=draw(st.sampled_from(tuple(SpendingPurpose))),
            category=draw(st.sampled_from(tuple(SpendingCategory))),
        ))
    for category in draw(st.lists(st.sampled_from(tuple(SpendingCategory)), unique=True,
                                  max_size=2)):
        per_item = draw(st.none() | st.integers(0, 100_000_000))
        per_year = draw(st.integers(0, 300_000_000) if per_item is None
                        else st.none() | st.integers(0, 300_000_000))
        draft.add("spending_limits", SpendingLimit(
            id=_maybe_id(draw, draft, "DM"), category=category, per_item=per_item,
            per_year=per_year, source="Định mức giả định"))
    if draw(st.booleans()):  # đoạn 3 Điều 12
        draft.add("settlements", Settlement(
            id=draft.next_id("QT"), year=year,
            settled_by=someone("standing_deputy", "standing_deputy", "head", "none"),
            settled_with=draw(st.sampled_from((finance, finance, None, ppc))),
            settled_on=draw(st.none() | st.dates(dt.date(year, 10, 1), dt.date(year + 1, 6, 30))),
        ))
    if draw(st.sampled_from((False, False, True))):  # Điều 13
        draft.add("amendments", Amendment(
            id=draft.next_id("QD"), decided_by=someone("chairman", "chairman", "head", "member")
            or chairman, decided_on=draw(in_year)))


@st.composite
def _committee_case(
    draw: st.DrawFn, year: SearchStrategy[int], max_members: int, administration: bool
) -> Case:
    draft = _Draft(draw(year))
    _draw_positions(draw, draft, max_members)
    _draw_meetings(draw, draft)
    _draw_authorisations(draw, draft)
    _draw_attendance(draw, draft)
    _draw_reports(draw, draft)
    _draw_documents(draw, draft)
    _draw_consultations(draw, draft)
    _draw_invitations(draw, draft)
    if administration:
        _draw_administration(draw, draft)
    return draft.case(draw)


def committee_cases(
    year: int | SearchStrategy[int] | None = None,
    *,
    max_members: int = 8,
    administration: bool = True,
) -> SearchStrategy[Case]:
    """Whole valid cases: one committee over one year.

    ``year`` is a fixed year or a strategy of years (default :func:`years`, 2008–2030);
    ``max_members`` caps the ordinary Members (at least 3 are drawn). With ``administration``
    (the default) the case also holds agencies (a merger sometimes), offices, documents and
    seals, transactions, committee actions, assignments, helper appointments and nominations,
    budget estimates, expenditures, spending limits, settlements and amendments (Điều 2–9, 12,
    13); without it, only the records of Điều 10 and 11.
    """
    if not 3 <= max_members:
        raise ValueError("a committee has at least 3 Members")
    years_ = years() if year is None else st.just(year) if isinstance(year, int) else year
    return _committee_case(years_, max_members, administration)


cases = committee_cases
"""An alias of :func:`committee_cases`."""


# --- questions -----------------------------------------------------------------------------------


def interpretations() -> SearchStrategy[dict[str, str]]:
    """Random readings of the interpretation switches; a switch left out takes its default."""
    return st.fixed_dictionaries(
        {},
        optional={
            name: st.sampled_from((switch.default,
                                   *(r for r in switch.readings if r != switch.default)))
            for name, switch in SWITCHES.items()
        },
    )


def _committee(case: Case) -> list[str]:
    roles = (Role.HEAD, Role.STANDING_DEPUTY, Role.DEPUTY, Role.MEMBER)
    return list(dict.fromkeys(p.person for _, p in case.records("positions") if p.role in roles))


def _years(case: Case) -> list[int]:
    """The years a case's dates, quarters and budget years fall in (2000–2100)."""
    found = {d.year for d in _dates(case)}
    for kind in ("estimates", "settlements"):
        if kind in KIND_CLASSES:
            found.update(r.year for _, r in case.records(kind))
    return sorted(y for y in found if 2000 <= y <= 2100)


def _arg_pool(case: Case, kind: str) -> SearchStrategy[str] | None:
    """Any valid value of an argument of this kind, or None if the case has none."""
    pool: list[str]
    if kind in RECORD_ARGS:
        if RECORD_ARGS[kind] not in KIND_CLASSES:
            return None
        pool = [r.id for _, r in case.records(RECORD_ARGS[kind])
                if getattr(r, "id", None) is not None]
    elif kind == "quarter":
        pool = [f"{y}-Q{q}" for y in _years(case) for q in (1, 2, 3, 4)]
    elif kind == "year":
        pool = [str(y) for y in _years(case)]
    elif kind == "date":
        days = sorted({d for d in _dates(case) if FIRST_YEAR - 2 <= d.year <= LAST_YEAR + 2})
        years_ = _years(case) or [FIRST_YEAR]
        anywhere = st.dates(dt.date(max(years_[0] - 1, 1901), 1, 1),
                            dt.date(min(years_[-1] + 1, 2100), 12, 31))
        return (st.sampled_from(days) | anywhere if days else anywhere).map(dt.date.isoformat)
    elif kind == "act":
        pool = [a.value for a in Act]
    elif kind == "action_kind":
        pool = [a.value for a in ActionKind]
    elif kind == "text":
        return st.sampled_from(("", "x", "Ban Chỉ đạo"))
    else:
        return None
    return st.sampled_from(pool) if pool else None


def _related(case: Case, question_id: str) -> list[dict[str, str]]:
    """Argument tuples the case's own records suggest (a member and their substitute, …)."""
    out: list[dict[str, str]] = []
    if question_id == "dieu10.substitute_allowed":
        for _, a in case.records("attendances"):
            if a.on_behalf_of is not None:
                out.append({"meeting": a.meeting, "member": a.on_behalf_of, "substitute": a.person})
        for _, c in case.records("consents"):
            if c.substitute is not None:
                out.append({"meeting": c.meeting, "member": c.member, "substitute": c.substitute})
    elif question_id == "dieu10.attendance_compliant":
        for _, a in case.records("attendances"):
            out.append({"meeting": a.meeting, "member": a.on_behalf_of or a.person})
        for _, ab in case.records("absence_reports"):
            out.append({"meeting": ab.meeting, "member": ab.member})
    elif question_id in ("dieu10.regular_meeting_in_window", "dieu11.documents_on_time"):
        out.extend({"meeting": m.id} for _, m in case.records("meetings")
                   if m.kind is MeetingKind.REGULAR)
    elif question_id == "dieu10.extraordinary_meeting_valid":
        out.extend({"meeting": m.id} for _, m in case.records("meetings")
                   if m.kind is MeetingKind.EXTRAORDINARY)
    elif question_id == "dieu10.invitation_valid":
        for _, i in case.records("invitations"):
            out.append({"meeting": i.meeting, "person": i.invitee})
    elif question_id == "dieu11.report_on_time":
        for _, r in case.records("reports"):
            if r.quarter is not None:
                out.append({"member": r.member, "quarter": r.quarter})
    return out


def _for_question(case: Case, q: Question) -> SearchStrategy[tuple[str, dict[str, str]]] | None:
    pools: dict[str, SearchStrategy[str]] = {}
    for arg in q.arguments:
        pool = _arg_pool(case, arg.kind)
        if pool is None:
            return None
        if arg.kind == "person" and arg.name in ("member",):
            committee = _committee(case)
            if committee:
                pool = st.sampled_from(committee) | pool
        pools[arg.name] = pool
    free: SearchStrategy[dict[str, str]] = st.fixed_dictionaries(pools)
    related = _related(case, q.id)
    args = st.one_of(st.sampled_from(related), st.sampled_from(related), free) if related else free
    qid = q.id

    def pair(a: dict[str, str]) -> tuple[str, dict[str, str]]:
        return qid, dict(a)

    return args.map(pair)


def questions_for(
    case: Case, question_ids: Iterable[str] | None = None
) -> SearchStrategy[tuple[str, dict[str, str]]]:
    """``(question id, arguments)`` pairs valid for ``case``, over the whole catalogue (or the
    ids given): every argument names a record the case holds, or a quarter of a year it covers.

    Arguments are drawn freely and also from the case's own records (a substitute with the
    member they replaced), so that the interesting paths are reached often. Questions whose
    arguments the case cannot fill (no written consultation, say) are left out; if none is
    left, the strategy is empty (``hypothesis.strategies.nothing()``).
    """
    wanted = None if question_ids is None else set(question_ids)
    options = []
    for q in questions():
        if wanted is not None and q.id not in wanted:
            continue
        strategy = _for_question(case, q)
        if strategy is not None:
            options.append(strategy)
    # Choose the question first, uniformly: one_of would favour the first in the catalogue.
    return st.sampled_from(options).flatmap(_itself) if options else st.nothing()


def _itself(strategy: SearchStrategy[tuple[str, dict[str, str]]]) -> SearchStrategy[
        tuple[str, dict[str, str]]]:
    return strategy


# --- changes of a case ---------------------------------------------------------------------------


def _rebuild(case: Case, **kinds: Sequence[Any]) -> Case:
    changes: dict[str, Any] = {k: tuple(v) for k, v in kinds.items()}
    return attrs.evolve(case, **changes)


def extend(case: Case, **records: Iterable[Any]) -> Case:
    """The case with records appended to the named lists (``consents=[...]``): existing paths
    are unchanged. Raises :class:`~kgrules.errors.CaseError` if the result is invalid."""
    for kind in records:
        if kind not in KIND_CLASSES:
            raise ValueError(f"unknown kind of record {kind!r}")
    return _rebuild(case, **{k: (*getattr(case, k), *v) for k, v in records.items()})


def with_meeting_date(case: Case, meeting_id: str, day: dt.date) -> Case:
    """The case with one meeting moved to ``day`` (same path, same everything else)."""
    meetings = [attrs.evolve(m, date=day) if m.id == meeting_id else m for m in case.meetings]
    return _rebuild(case, meetings=meetings)


@attrs.frozen
class Shuffled:
    """A case with the records of every list (and the ids inside records) permuted.

    ``moves`` maps each kind of record to its permutation: the record at ``kind[i]`` of the
    original is at ``kind[moves[kind][i]]`` of :attr:`case`.
    """

    original: Case
    case: Case
    moves: Mapping[str, tuple[int, ...]]

    def original_path(self, path: str) -> str:
        """The path in the original case of the record at ``path`` in the shuffled one."""
        return _PATH.sub(self._back, path)

    def _back(self, match: re.Match[str]) -> str:
        kind, index = match.group(1), int(match.group(2))
        moves = self.moves.get(kind)
        if moves is None or index >= len(moves):
            return match.group(0)
        return f"{kind}[{moves.index(index)}]"

    def original_text(self, text: str) -> str:
        """``text`` (an explanation) with every record path in it mapped back."""
        return self.original_path(text)


def _permuted(draw: st.DrawFn, items: Sequence[Any]) -> tuple[tuple[Any, ...], tuple[int, ...]]:
    order = draw(st.permutations(range(len(items))))
    moved = tuple(items[i] for i in order)
    where = [0] * len(items)
    for new, old in enumerate(order):
        where[old] = new
    return moved, tuple(where)


def _shuffle_inner(draw: st.DrawFn, record: Any) -> Any:
    """Permute the lists inside a record (recipients, addressees, acts): they are sets."""
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if isinstance(value, tuple) and len(value) > 1:
            changes[field.name] = tuple(draw(st.permutations(value)))
    return attrs.evolve(record, **changes) if changes else record


@st.composite
def shuffled(draw: st.DrawFn, case: Case) -> Shuffled:
    """The same facts in another order: every list of the case, and every list inside a
    record, permuted (see :class:`Shuffled` to map paths back)."""
    lists: dict[str, Any] = {}
    moves: dict[str, tuple[int, ...]] = {}
    for kind in KIND_CLASSES:
        items = [_shuffle_inner(draw, r) for r in getattr(case, kind)]
        lists[kind], moves[kind] = _permuted(draw, items)
    overrides, _ = _permuted(draw, case.calendar_overrides)
    result = attrs.evolve(case, calendar_overrides=overrides, **lists)
    return Shuffled(case, result, moves)


def _ref_fields(cls: type) -> list[tuple[str, str]]:
    return [(f.name, f.metadata["ref"]) for f in attrs.fields(cls) if "ref" in f.metadata]


@attrs.frozen
class Renaming:
    """A consistent renaming of record ids: for each list of the case (``"people"``,
    ``"meetings"``, ``"agencies"``, …) a bijection from old ids to new ones. Every reference to
    a renamed record follows it; lists not named keep their ids."""

    ids: Mapping[str, Mapping[str, str]]

    @property
    def people(self) -> Mapping[str, str]:
        return self.ids.get("people", {})

    @property
    def meetings(self) -> Mapping[str, str]:
        return self.ids.get("meetings", {})

    def _record(self, record: Any, kind: str) -> Any:
        changes: dict[str, Any] = {}
        own = self.ids.get(kind)
        if own is not None and getattr(record, "id", None) is not None:
            changes["id"] = own[record.id]
        for name, target in _ref_fields(type(record)):
            value = getattr(record, name)
            mapping = self.ids.get(REF_TARGETS[target])
            if mapping is None:
                continue
            if isinstance(value, tuple):
                changes[name] = tuple(mapping[v] for v in value)
            elif value is not None:
                changes[name] = mapping[value]
        return attrs.evolve(record, **changes) if changes else record

    def apply(self, case: Case) -> Case:
        """The case with every renamed id, and every reference to it, renamed."""
        lists: dict[str, Any] = {kind: tuple(self._record(r, kind) for r in getattr(case, kind))
                                 for kind in KIND_CLASSES}
        return attrs.evolve(case, **lists)

    def arguments(self, question_id: str, arguments: Mapping[str, str]) -> dict[str, str]:
        """A question's arguments under the renaming (those that name records)."""
        kinds = {a.name: a.kind for a in _question(question_id).arguments}
        out: dict[str, str] = {}
        for name, value in arguments.items():
            mapping = self.ids.get(RECORD_ARGS.get(kinds.get(name, ""), ""), {})
            out[name] = mapping.get(value, value)
        return out


def _question(question_id: str) -> Question:
    for q in questions():
        if q.id == question_id:
            return q
    raise KeyError(question_id)


def _new_ids() -> SearchStrategy[str]:
    """Valid ids of every shape, numeric-looking ones included ("1", "01", "1.0", "1e3")."""
    plain = st.text(_ID_CHARS, min_size=0, max_size=10).flatmap(
        lambda tail: st.sampled_from("ABCxyz0123456789").map(lambda head: head + tail))
    numeric = st.sampled_from(("1", "01", "1.0", "1e3", "0", "00", "10", "0x1", "1:2", "true",
                               "null", "e", "k", "f0"))
    return numeric | plain


@st.composite
def renamings(
    draw: st.DrawFn, case: Case, kinds: Iterable[str] | None = None
) -> Renaming:
    """A random renaming of the ids of the case's records, list by list (default: every list
    whose records have ids). New ids are unique within a list, may coincide across lists (each
    kind is its own namespace), and may look like numbers or JSON words ("01", "1e3", "null")."""
    ids: dict[str, dict[str, str]] = {}
    for kind in KIND_CLASSES if kinds is None else kinds:
        old = [r.id for r in getattr(case, kind) if getattr(r, "id", None) is not None]
        if not old:
            continue
        new = draw(st.lists(_new_ids(), min_size=len(old), max_size=len(old), unique=True),
                   label=f"new ids for {kind}")
        ids[kind] = dict(zip(old, new, strict=True))
    return Renaming(ids)


@st.composite
def unrelated_facts(draw: st.DrawFn, case: Case, avoid_years: Iterable[int] = ()) -> Case:
    """The case with facts appended about new people and new meetings, all in another year: at
    least two years away from every date of the case and from ``avoid_years`` (pass the years
    the questions will ask about: a question on a date is about every position held then).
    The new records refer to nothing the case already holds, and every new position starts and
    ends within that year. Existing paths are unchanged."""
    used = {d.year for d in _dates(case)} | set(avoid_years)
    candidates = [y for y in range(FIRST_YEAR, LAST_YEAR + 6)
                  if all(abs(y - u) >= 2 for u in used)]
    other = draw(st.sampled_from(candidates or [max(used, default=2010) + 3]))
    taken_people = {p.id for p in case.people}
    taken_meetings = {m.id for m in case.meetings}
    draft = _Draft(other)
    _draw_positions(draw, draft, 3)
    _draw_meetings(draw, draft)
    _draw_attendance(draw, draft)
    _draw_reports(draw, draft)
    _draw_invitations(draw, draft)
    first, last = dt.date(other, 1, 1), dt.date(other, 12, 31)
    draft.positions = [  # confined to the other year
        attrs.evolve(p, start=max(p.start, first), end=min(p.end or last, last))
        for p in draft.positions if p.start <= last
    ]
    # The new records use ids of their own: prefix them so they cannot clash.
    renaming = Renaming({"people": {p.id: f"new.{p.id}" for p in draft.people},
                         "meetings": {m.id: f"new.{m.id}" for m in draft.meetings}})
    extra = renaming.apply(Case(
        people=tuple(draft.people), positions=tuple(draft.positions),
        meetings=tuple(draft.meetings), absence_reports=tuple(draft.absence_reports),
        consents=tuple(draft.consents), attendances=tuple(draft.attendances),
        authorisations=tuple(draft.authorisations), reports=tuple(draft.reports),
        invitations=tuple(draft.invitations),
    ))
    assert not {p.id for p in extra.people} & taken_people
    assert not {m.id for m in extra.meetings} & taken_meetings
    ids = {kind: {r.id for r in getattr(case, kind) if getattr(r, "id", None) is not None}
           for kind in KIND_CLASSES}
    records: dict[str, list[Any]] = {}
    for kind in KIND_CLASSES:
        new = []
        for r in getattr(extra, kind):
            if kind not in ("people", "meetings") and getattr(r, "id", None) is not None:
                r = attrs.evolve(r, id=f"new.{r.id}")
                assert r.id not in ids[kind]
            new.append(r)
        records[kind] = new
    return extend(case, **records)


def _dates(case: Case) -> list[dt.date]:
    out: list[dt.date] = []
    for kind in KIND_CLASSES:
        for _, record in case.records(kind):
            for field in attrs.fields(type(record)):
                value = getattr(record, field.name)
                if isinstance(value, dt.date):
                    out.append(value)
    for _, m in case.records("meetings"):
        out.append(_quarter_end(*m.for_quarter))
    for _, r in case.records("reports"):
        if r.quarter is not None:
            out.append(dt.date(int(r.quarter[:4]), 1, 1))
    return out
