"""A case: the validated, indexed set of facts that questions are asked about.

A :class:`Case` checks its own integrity when it is built (ids unique within each kind of
record, every reference resolved) and builds its indexes once, so that a question costs the
same whether the case holds a hundred records or a hundred thousand.

**Paths.** Rules must say which facts they relied on, and two records may be equal in every
field yet be two facts (two identical reports are two reports), so a record is known by its
place in the case, never by its value. Every lookup returns :class:`Indexed` pairs
``(path, record)``, e.g. ``Indexed("consents[3]", Consent(...))``, which unpack as
``for path, consent in case.consents_for(m, p)``. The exceptions are :meth:`Case.person` and
:meth:`Case.meeting`, which return the record itself for convenience (ids are unique, so
:meth:`Case.person_record` / :meth:`Case.meeting_record` give the pair). :meth:`Case.record_at`
maps a path back to its record. Paths are the ones errors use (``consents[3].member``).

**Id namespaces.** Ids are unique within one kind of record; each kind is its own namespace, so
a person ``M1`` and a meeting ``M1`` may coexist. References always name their kind (a field
refers to a person, a meeting, an agency or a budget estimate, never "to anything": see
:data:`REF_TARGETS`), so no lookup is ambiguous, and cases assembled from separate registers do
not have to renumber them. An agency's ``successor`` chain never loops.

**Spending order.** Expenditures are ordered by date, then by position in the case; records
identical in every field are two payments. :meth:`Case.spent_before` and
:meth:`Case.spent_in_year_before` sum what came earlier in that order in O(log n), from running
totals built once; their ``same_day="none"`` / ``"all"`` variants do not depend on file order.

**JSON.** :meth:`Case.from_json`, :meth:`Case.from_dict` and :func:`load_case` are strict:
dates are ``YYYY-MM-DD``, booleans are JSON booleans, numbers are JSON integers, unknown fields
are errors. Any error raises one :class:`~kgrules.errors.CaseError` naming the first offending
field, before any Case exists. The raw ``calendar_overrides`` are also read by
:class:`kgrules.calendar.CalendarOverride` at load time, so an inconsistent official list is a
load error too. :func:`case_schema` states the same contract as a JSON Schema.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import inspect
import json
import os
import re
import sys
import threading
import types
import typing
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final, Generic, Literal, NamedTuple, TypeVar, overload

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from kgrules.calendar import CalendarOverride, WorkingCalendar, default_calendar
from kgrules.errors import CalendarError, CaseError
from kgrules.exact import parse_iso_date
from kgrules.facts import (
    AGENCY,
    DATE_PATTERN,
    ESTIMATE,
    ID_MAX_LENGTH,
    ID_PATTERN,
    MEETING,
    MONEY_MAX,
    PERSON,
    QUARTER_PATTERN,
    TEXT_MAX_LENGTH,
    YEAR_MAX,
    YEAR_MIN,
    AbsenceReport,
    Agency,
    AgencyKind,
    Amendment,
    Assignment,
    Attendance,
    Authorisation,
    BudgetEstimate,
    CommitteeAction,
    Consent,
    Dispatch,
    Document,
    Expenditure,
    HelperAppointment,
    Invitation,
    Meeting,
    Nomination,
    Office,
    OfficeKind,
    Person,
    Position,
    Report,
    Role,
    Settlement,
    SpendingCategory,
    SpendingLimit,
    Transaction,
    WrittenConsultation,
    check_quarter,
    check_unicode,
    json_type,
)
from kgrules.yamlio import YAML_SUFFIXES, YamlError, parse_yaml

__all__ = [
    "KIND_CLASSES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_RECORDS",
    "RECORD_KINDS",
    "REF_TARGETS",
    "Case",
    "Indexed",
    "SameDay",
    "case_schema",
    "load_case",
    "write_schema",
]

RECORD_KINDS: Final = (
    "absence_reports",
    "consents",
    "attendances",
    "authorisations",
    "reports",
    "dispatches",
    "consultations",
    "invitations",
    "meetings",
    "positions",
    "agencies",
    "offices",
    "documents",
    "transactions",
    "actions",
    "assignments",
    "helper_appointments",
    "nominations",
    "estimates",
    "expenditures",
    "spending_limits",
    "settlements",
    "amendments",
)
"""Kinds of record a case may declare complete (``records_complete``)."""

KIND_CLASSES: Final[Mapping[str, type]] = {
    "people": Person,
    "positions": Position,
    "meetings": Meeting,
    "absence_reports": AbsenceReport,
    "consents": Consent,
    "attendances": Attendance,
    "authorisations": Authorisation,
    "reports": Report,
    "dispatches": Dispatch,
    "consultations": WrittenConsultation,
    "invitations": Invitation,
    "agencies": Agency,
    "offices": Office,
    "documents": Document,
    "transactions": Transaction,
    "actions": CommitteeAction,
    "assignments": Assignment,
    "helper_appointments": HelperAppointment,
    "nominations": Nomination,
    "estimates": BudgetEstimate,
    "expenditures": Expenditure,
    "spending_limits": SpendingLimit,
    "settlements": Settlement,
    "amendments": Amendment,
}
"""Each list of facts in a case, by its key, and the class of its records."""

REF_TARGETS: Final[Mapping[str, str]] = {
    PERSON: "people",
    MEETING: "meetings",
    AGENCY: "agencies",
    ESTIMATE: "estimates",
}
"""For each kind a reference field may name (its ``ref`` metadata), the list it names into."""

MAX_BYTES: Final = 20 * 1024 * 1024
MAX_DEPTH: Final = 32
MAX_RECORDS: Final = 1_000_000

_OVERRIDE_LISTS: Final = ("days_off", "working_days", "not_days_off")
_OVERRIDE_KEYS: Final = ("year", *_OVERRIDE_LISTS, "source")
_PATH_RE = re.compile(r"([a-z_]+)\[([0-9]+)\]")

R = TypeVar("R")
T = TypeVar("T")

SameDay = Literal["file_order", "none", "all"]
"""Which other expenditures of the same date count as spent before one (see
:meth:`Case.spent_before`)."""


class Indexed(NamedTuple, Generic[R]):
    """A record with its path in the case (``consents[3]``): how rules cite the facts used."""

    path: str
    record: R


# --- the case ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Case:
    """The facts of one case, checked for integrity and indexed for the rules.

    ``records_complete`` lists the kinds of record the case holds in full: for those, the
    absence of a record means none exists (closed world); for the others it means "not known",
    and the answer is *unknown* rather than *no*.
    """

    name: str = attrs.field(
        default="", metadata={"vi": "Tên hồ sơ", "en": "Case name", "format": "text"}
    )
    description: str = attrs.field(
        default="", metadata={"vi": "Mô tả", "en": "Description", "format": "text"}
    )
    records_complete: frozenset[str] = attrs.field(
        default=frozenset(),
        metadata={
            "vi": "Các loại hồ sơ đã đầy đủ (không có bản ghi nghĩa là không tồn tại)",
            "en": "Kinds of record held in full (no record means none exists)",
        },
    )
    people: tuple[Person, ...] = attrs.field(
        default=(), metadata={"vi": "Những người liên quan", "en": "People"}
    )
    positions: tuple[Position, ...] = attrs.field(
        default=(), metadata={"vi": "Chức vụ trong Ban", "en": "Committee positions"}
    )
    meetings: tuple[Meeting, ...] = attrs.field(
        default=(), metadata={"vi": "Cuộc họp", "en": "Meetings"}
    )
    absence_reports: tuple[AbsenceReport, ...] = attrs.field(
        default=(),
        metadata={"vi": "Báo cáo không thể dự họp", "en": "Reports of inability to attend"},
    )
    consents: tuple[Consent, ...] = attrs.field(
        default=(),
        metadata={"vi": "Sự đồng ý cử người dự họp thay", "en": "Consents to substitutes"},
    )
    attendances: tuple[Attendance, ...] = attrs.field(
        default=(), metadata={"vi": "Người dự họp", "en": "Attendances"}
    )
    authorisations: tuple[Authorisation, ...] = attrs.field(
        default=(), metadata={"vi": "Ủy quyền", "en": "Authorisations"}
    )
    reports: tuple[Report, ...] = attrs.field(
        default=(), metadata={"vi": "Báo cáo", "en": "Reports"}
    )
    dispatches: tuple[Dispatch, ...] = attrs.field(
        default=(), metadata={"vi": "Gửi tài liệu họp", "en": "Meeting documents sent"}
    )
    consultations: tuple[WrittenConsultation, ...] = attrs.field(
        default=(), metadata={"vi": "Lấy ý kiến bằng văn bản", "en": "Written consultations"}
    )
    invitations: tuple[Invitation, ...] = attrs.field(
        default=(), metadata={"vi": "Mời dự họp", "en": "Invitations to meetings"}
    )
    agencies: tuple[Agency, ...] = attrs.field(
        default=(), metadata={"vi": "Cơ quan", "en": "Agencies"}
    )
    offices: tuple[Office, ...] = attrs.field(
        default=(), metadata={"vi": "Chức vụ của từng người", "en": "Offices people hold"}
    )
    documents: tuple[Document, ...] = attrs.field(
        default=(), metadata={"vi": "Văn bản", "en": "Documents signed"}
    )
    transactions: tuple[Transaction, ...] = attrs.field(
        default=(), metadata={"vi": "Giao dịch qua tài khoản", "en": "Account transactions"}
    )
    actions: tuple[CommitteeAction, ...] = attrs.field(
        default=(), metadata={"vi": "Hoạt động của Ban Chỉ đạo", "en": "Committee actions"}
    )
    assignments: tuple[Assignment, ...] = attrs.field(
        default=(), metadata={"vi": "Phân công", "en": "Assignments of duties and tasks"}
    )
    helper_appointments: tuple[HelperAppointment, ...] = attrs.field(
        default=(),
        metadata={"vi": "Quyết định cử vào Tổ giúp việc", "en": "Helper-team appointments"},
    )
    nominations: tuple[Nomination, ...] = attrs.field(
        default=(),
        metadata={
            "vi": "Quyết định cử cán bộ của Thủ trưởng cơ quan",
            "en": "Nominations by the head of a helper's own agency",
        },
    )
    estimates: tuple[BudgetEstimate, ...] = attrs.field(
        default=(), metadata={"vi": "Dự toán kinh phí hằng năm", "en": "Annual budget estimates"}
    )
    expenditures: tuple[Expenditure, ...] = attrs.field(
        default=(), metadata={"vi": "Khoản chi", "en": "Expenditures"}
    )
    spending_limits: tuple[SpendingLimit, ...] = attrs.field(
        default=(), metadata={"vi": "Định mức chi", "en": "Spending limits"}
    )
    settlements: tuple[Settlement, ...] = attrs.field(
        default=(), metadata={"vi": "Quyết toán hằng năm", "en": "Annual settlements"}
    )
    amendments: tuple[Amendment, ...] = attrs.field(
        default=(), metadata={"vi": "Điều chỉnh, bổ sung Quy chế", "en": "Amendments"}
    )
    calendar_overrides: tuple[dict[str, Any], ...] = attrs.field(
        default=(),
        hash=False,
        metadata={
            "vi": "Lịch nghỉ, lịch làm việc chính thức của một năm (ưu tiên hơn lịch mặc định)",
            "en": "Official days off and working days of a year (take precedence over the "
            "default calendar)",
        },
    )
    _index: _Index = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        _check_case(self)
        object.__setattr__(self, "_index", _Index(self))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the facts only; the indexes (and the calendar's lock) are rebuilt."""
        values = {f.name: getattr(self, f.name) for f in attrs.fields(Case) if f.init}
        return _rebuild_case, (values,)

    # --- JSON ----------------------------------------------------------------------------------

    @classmethod
    def from_dict(cls, obj: object) -> Case:
        """A case from JSON-shaped data (dicts, lists, str, int, bool, None); strict."""
        _check_shape(obj, walk=True)
        return _structure(obj)

    @classmethod
    def from_json(cls, data: str | bytes | bytearray) -> Case:
        """A case from a JSON document (at most 20 MB, nesting at most 32 levels)."""
        text = _json_text(data)
        duplicates: list[str] = []
        constants: list[str] = []
        obj = parse_json(text, duplicates, constants)
        # The walk that finds a path is needed only when something is wrong: a cheap scan of
        # the text says whether the nesting is too deep, the parser whether a key repeats or
        # a NaN/Infinity (not JSON) appears.
        _check_shape(obj, walk=bool(duplicates) or bool(constants) or too_deep(text))
        return _structure(obj)

    def to_dict(self) -> dict[str, Any]:
        """The case as JSON-shaped data; ``Case.from_dict(case.to_dict()) == case``."""
        result: dict[str, Any] = _converter().unstructure(self)
        return result

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent) + "\n"

    # --- lookups -------------------------------------------------------------------------------

    @overload
    def records(self, kind: Literal["people"]) -> tuple[Indexed[Person], ...]: ...
    @overload
    def records(self, kind: Literal["positions"]) -> tuple[Indexed[Position], ...]: ...
    @overload
    def records(self, kind: Literal["meetings"]) -> tuple[Indexed[Meeting], ...]: ...
    @overload
    def records(self, kind: Literal["absence_reports"]) -> tuple[Indexed[AbsenceReport], ...]: ...
    @overload
    def records(self, kind: Literal["consents"]) -> tuple[Indexed[Consent], ...]: ...
    @overload
    def records(self, kind: Literal["attendances"]) -> tuple[Indexed[Attendance], ...]: ...
    @overload
    def records(self, kind: Literal["authorisations"]) -> tuple[Indexed[Authorisation], ...]: ...
    @overload
    def records(self, kind: Literal["reports"]) -> tuple[Indexed[Report], ...]: ...
    @overload
    def records(self, kind: Literal["dispatches"]) -> tuple[Indexed[Dispatch], ...]: ...
    @overload
    def records(
        self, kind: Literal["consultations"]
    ) -> tuple[Indexed[WrittenConsultation], ...]: ...
    @overload
    def records(self, kind: Literal["invitations"]) -> tuple[Indexed[Invitation], ...]: ...
    @overload
    def records(self, kind: Literal["agencies"]) -> tuple[Indexed[Agency], ...]: ...
    @overload
    def records(self, kind: Literal["offices"]) -> tuple[Indexed[Office], ...]: ...
    @overload
    def records(self, kind: Literal["documents"]) -> tuple[Indexed[Document], ...]: ...
    @overload
    def records(self, kind: Literal["transactions"]) -> tuple[Indexed[Transaction], ...]: ...
    @overload
    def records(self, kind: Literal["actions"]) -> tuple[Indexed[CommitteeAction], ...]: ...
    @overload
    def records(self, kind: Literal["assignments"]) -> tuple[Indexed[Assignment], ...]: ...
    @overload
    def records(
        self, kind: Literal["helper_appointments"]
    ) -> tuple[Indexed[HelperAppointment], ...]: ...
    @overload
    def records(self, kind: Literal["nominations"]) -> tuple[Indexed[Nomination], ...]: ...
    @overload
    def records(self, kind: Literal["estimates"]) -> tuple[Indexed[BudgetEstimate], ...]: ...
    @overload
    def records(self, kind: Literal["expenditures"]) -> tuple[Indexed[Expenditure], ...]: ...
    @overload
    def records(self, kind: Literal["spending_limits"]) -> tuple[Indexed[SpendingLimit], ...]: ...
    @overload
    def records(self, kind: Literal["settlements"]) -> tuple[Indexed[Settlement], ...]: ...
    @overload
    def records(self, kind: Literal["amendments"]) -> tuple[Indexed[Amendment], ...]: ...
    @overload
    def records(self, kind: str) -> tuple[Indexed[Any], ...]: ...

    def records(self, kind: str) -> tuple[Indexed[Any], ...]:
        """Every record of a kind (a key of :data:`KIND_CLASSES`), with its path, in order."""
        if kind not in KIND_CLASSES:
            raise ValueError(f"unknown kind of record {kind!r}")
        return self._index.records[kind]

    def record_at(self, path: str) -> Any:
        """The record a path names (``consents[3]``); KeyError if there is none."""
        match = _PATH_RE.fullmatch(path)
        if match is None or match.group(1) not in KIND_CLASSES:
            raise KeyError(path)
        items: tuple[Any, ...] = getattr(self, match.group(1))
        index = int(match.group(2))
        if index >= len(items):
            raise KeyError(path)
        return items[index]

    def is_complete(self, kind: str) -> bool:
        """Whether absence of a record of this kind means none exists (closed world)."""
        if kind not in RECORD_KINDS:
            raise ValueError(f"unknown kind of record {kind!r}; one of {', '.join(RECORD_KINDS)}")
        return kind in self.records_complete

    def has(self, kind: str, record_id: str) -> bool:
        """Whether a record of this kind has this id."""
        return record_id in self._ids(kind)

    def by_id(self, kind: str, record_id: str) -> Indexed[Any]:
        """The record of this kind with this id, with its path; KeyError if there is none."""
        return self._ids(kind)[record_id]

    def has_person(self, person_id: str) -> bool:
        return person_id in self._index.people

    def has_meeting(self, meeting_id: str) -> bool:
        return meeting_id in self._index.meetings

    def has_report(self, report_id: str) -> bool:
        return report_id in self._index.ids["reports"]

    def has_consultation(self, consultation_id: str) -> bool:
        return consultation_id in self._index.ids["consultations"]

    def person(self, person_id: str) -> Person:
        """The person with this id (KeyError if none); :meth:`person_record` adds the path."""
        return self._index.people[person_id].record

    def meeting(self, meeting_id: str) -> Meeting:
        """The meeting with this id (KeyError if none); :meth:`meeting_record` adds the path."""
        return self._index.meetings[meeting_id].record

    def person_record(self, person_id: str) -> Indexed[Person]:
        return self._index.people[person_id]

    def meeting_record(self, meeting_id: str) -> Indexed[Meeting]:
        return self._index.meetings[meeting_id]

    def report_record(self, report_id: str) -> Indexed[Report]:
        result: Indexed[Report] = self._index.ids["reports"][report_id]
        return result

    def consultation_record(self, consultation_id: str) -> Indexed[WrittenConsultation]:
        result: Indexed[WrittenConsultation] = self._index.ids["consultations"][consultation_id]
        return result

    def working_calendar(self) -> WorkingCalendar:
        """The working-day calendar with this case's official lists (``calendar_overrides``)
        taking precedence; the shared default calendar when the case has none."""
        return self._index.calendar if self._index.calendar is not None else default_calendar()

    def positions_of(self, person_id: str) -> tuple[Indexed[Position], ...]:
        """Every position the person held, ever, in case order."""
        return _get(self._index.positions_by_person, self._person_key(person_id))

    def positions_on(self, day: dt.date) -> tuple[Indexed[Position], ...]:
        """The positions in force on ``day`` (start and end inclusive), in case order."""
        return self._index.positions_all.stab(_ordinal(day))

    def holders(self, role: Role, day: dt.date) -> tuple[Indexed[Position], ...]:
        """The positions of one role in force on ``day``, in case order."""
        index = self._index.positions_by_role.get(Role(role))
        return () if index is None else index.stab(_ordinal(day))

    def meetings_for_quarter(
        self, quarter: str | int, number: int | None = None
    ) -> tuple[Indexed[Meeting], ...]:
        """Meetings (of either kind) counting for a quarter (see ``Meeting.for_quarter``):
        ``meetings_for_quarter("2024-Q1")`` or ``meetings_for_quarter(2024, 1)``."""
        return _get(self._index.meetings_by_quarter, _quarter_key(quarter, number))

    def absence_reports_for(
        self, meeting_id: str, member_id: str
    ) -> tuple[Indexed[AbsenceReport], ...]:
        key = (self._meeting_key(meeting_id), self._person_key(member_id))
        return _get(self._index.absence_reports, key)

    def consents_for(self, meeting_id: str, member_id: str) -> tuple[Indexed[Consent], ...]:
        key = (self._meeting_key(meeting_id), self._person_key(member_id))
        return _get(self._index.consents, key)

    def attendances_for(self, meeting_id: str) -> tuple[Indexed[Attendance], ...]:
        return _get(self._index.attendances, self._meeting_key(meeting_id))

    def dispatches_for(self, meeting_id: str) -> tuple[Indexed[Dispatch], ...]:
        return _get(self._index.dispatches, self._meeting_key(meeting_id))

    def invitations_for(self, meeting_id: str) -> tuple[Indexed[Invitation], ...]:
        return _get(self._index.invitations, self._meeting_key(meeting_id))

    def reports_of(self, member_id: str, quarter: str | None = None) -> tuple[Indexed[Report], ...]:
        """The member's reports; with ``quarter``, only those naming that quarter."""
        member = self._person_key(member_id)
        if quarter is None:
            return _get(self._index.reports, member)
        check_quarter("quarter", quarter)
        return _get(self._index.reports_by_quarter, (member, quarter))

    def authorisations_of(self, grantee_id: str) -> tuple[Indexed[Authorisation], ...]:
        """Authorisations granted to this person (by anyone, at any time)."""
        return _get(self._index.authorisations, self._person_key(grantee_id))

    authorisations_to = authorisations_of

    def consultations_for(
        self, quarter: str | int, number: int | None = None
    ) -> tuple[Indexed[WrittenConsultation], ...]:
        """Written consultations standing in for a quarter's meeting (``"2024-Q2"`` or
        ``2024, 2``)."""
        return _get(self._index.consultations, _quarter_key(quarter, number))

    # --- organisation, documents and money (Điều 2–9, 12, 13) ----------------------------------

    def has_agency(self, agency_id: str) -> bool:
        return agency_id in self._index.agencies

    def agency(self, agency_id: str) -> Agency:
        """The agency with this id (KeyError if none); :meth:`agency_record` adds the path."""
        return self._index.agencies[agency_id].record

    def agency_record(self, agency_id: str) -> Indexed[Agency]:
        return self._index.agencies[agency_id]

    def agencies_of_kind(self, kind: AgencyKind, day: dt.date) -> tuple[Indexed[Agency], ...]:
        """The agencies of one kind in existence on ``day`` (``start`` <= day <= ``end``, both
        inclusive; a missing start or end is open), in case order."""
        index = self._index.agencies_by_kind.get(AgencyKind(kind))
        return () if index is None else index.stab(_ordinal(day))

    def successors(self, agency_id: str) -> tuple[Indexed[Agency], ...]:
        """The agencies that took over from this one, nearest first, following ``successor``
        (Sở TT&TT -> Sở KH&CN); empty if it has none. The chain never loops (checked on load)."""
        chain: list[Indexed[Agency]] = []
        successor = self._index.agencies[agency_id].record.successor
        while successor is not None:
            found = self._index.agencies[successor]
            chain.append(found)
            successor = found.record.successor
        return tuple(chain)

    def has_office(self, office_id: str) -> bool:
        return office_id in self._index.ids["offices"]

    def office_record(self, office_id: str) -> Indexed[Office]:
        return self._index.ids["offices"][office_id]

    def offices_of(self, person_id: str) -> tuple[Indexed[Office], ...]:
        """Every office the person held, ever, in case order."""
        return _get(self._index.offices_by_person, self._person_key(person_id))

    def offices_on(self, day: dt.date) -> tuple[Indexed[Office], ...]:
        """The offices held on ``day`` (start and end inclusive), in case order."""
        return self._index.offices_all.stab(_ordinal(day))

    def office_holders(
        self, kind: OfficeKind, day: dt.date, agency: str | None = None
    ) -> tuple[Indexed[Office], ...]:
        """The offices of one kind held on ``day``, in case order; with ``agency``, only those
        of that agency (``None``: of any agency, or of none stated)."""
        if agency is None:
            index = self._index.offices_by_kind.get(OfficeKind(kind))
        else:
            key = (OfficeKind(kind), self._agency_key(agency))
            index = self._index.offices_by_kind_agency.get(key)
        return () if index is None else index.stab(_ordinal(day))

    def has_document(self, document_id: str) -> bool:
        return document_id in self._index.ids["documents"]

    def document_record(self, document_id: str) -> Indexed[Document]:
        return self._index.ids["documents"][document_id]

    def has_transaction(self, transaction_id: str) -> bool:
        return transaction_id in self._index.ids["transactions"]

    def transaction_record(self, transaction_id: str) -> Indexed[Transaction]:
        return self._index.ids["transactions"][transaction_id]

    def has_action(self, action_id: str) -> bool:
        return action_id in self._index.ids["actions"]

    def action_record(self, action_id: str) -> Indexed[CommitteeAction]:
        return self._index.ids["actions"][action_id]

    def has_assignment(self, assignment_id: str) -> bool:
        return assignment_id in self._index.ids["assignments"]

    def assignment_record(self, assignment_id: str) -> Indexed[Assignment]:
        return self._index.ids["assignments"][assignment_id]

    def assignments_to(self, assignee_id: str) -> tuple[Indexed[Assignment], ...]:
        """Every assignment made to this person (of any kind, by anyone), in case order."""
        return _get(self._index.assignments_to, self._person_key(assignee_id))

    def has_helper_appointment(self, appointment_id: str) -> bool:
        return appointment_id in self._index.ids["helper_appointments"]

    def helper_appointment_record(self, appointment_id: str) -> Indexed[HelperAppointment]:
        return self._index.ids["helper_appointments"][appointment_id]

    def helper_appointments_of(self, person_id: str) -> tuple[Indexed[HelperAppointment], ...]:
        """The decisions putting this person on the helper team, in case order."""
        return _get(self._index.helper_appointments, self._person_key(person_id))

    def has_nomination(self, nomination_id: str) -> bool:
        return nomination_id in self._index.ids["nominations"]

    def nomination_record(self, nomination_id: str) -> Indexed[Nomination]:
        return self._index.ids["nominations"][nomination_id]

    def nominations_of(self, person_id: str) -> tuple[Indexed[Nomination], ...]:
        """The nominating decisions for this person (khoản 2 Điều 9), in case order."""
        return _get(self._index.nominations, self._person_key(person_id))

    def has_estimate(self, estimate_id: str) -> bool:
        return estimate_id in self._index.ids["estimates"]

    def estimate_record(self, estimate_id: str) -> Indexed[BudgetEstimate]:
        return self._index.ids["estimates"][estimate_id]

    def estimates_for(self, year: int) -> tuple[Indexed[BudgetEstimate], ...]:
        """The budget estimates for a year, in case order."""
        return _get(self._index.estimates_by_year, _year_key(year))

    def has_expenditure(self, expenditure_id: str) -> bool:
        return expenditure_id in self._index.ids["expenditures"]

    def expenditure_record(self, expenditure_id: str) -> Indexed[Expenditure]:
        return self._index.ids["expenditures"][expenditure_id]

    def expenditures_for(self, estimate_id: str) -> tuple[Indexed[Expenditure], ...]:
        """The expenditures charged to this estimate, in spending order (by date, then by
        position in the case)."""
        found = self._index.spending_by_estimate.get(self._estimate_key(estimate_id))
        return () if found is None else found.items

    def expenditures_in_year(self, year: int) -> tuple[Indexed[Expenditure], ...]:
        """The expenditures dated in this year (charged to any estimate or none), in spending
        order."""
        found = self._index.spending_by_year.get(_year_key(year))
        return () if found is None else found.items

    def spent_before(
        self, estimate_id: str, expenditure_path: str, *, same_day: SameDay = "file_order"
    ) -> int:
        """How much was spent on this estimate before the expenditure at ``expenditure_path``
        (``"expenditures[7]"``): the sum of every other expenditure charged to the estimate that
        comes earlier in spending order (an earlier date, or the same date and an earlier
        position in the case). Records identical in every field are separate payments and both
        count. The expenditure itself need not be charged to the estimate. O(log n).
        KeyError for an unknown estimate or path.

        ``same_day`` says which other expenditures of the same date count: those earlier in the
        case (``"file_order"``, the default), none (``"none"``: earlier dates only) or all
        (``"all"``). The last two do not depend on the order of the records, and bound the
        first: where they disagree about a limit, the answer depends on that order."""
        found = self._index.spending_by_estimate.get(self._estimate_key(estimate_id))
        index, expenditure = self._expenditure_at(expenditure_path)
        member = expenditure.estimate == estimate_id
        return _spent(found, expenditure, index, member, same_day)

    def spent_in_year_before(
        self,
        year: int,
        category: SpendingCategory | None,
        expenditure_path: str,
        *,
        same_day: SameDay = "file_order",
    ) -> int:
        """As :meth:`spent_before`, over the expenditures dated in ``year`` of one category
        (``None``: of every category), whatever estimate they are charged to: for per-year
        limits. O(log n)."""
        year = _year_key(year)
        index, expenditure = self._expenditure_at(expenditure_path)
        member = expenditure.date.year == year
        if category is None:
            found = self._index.spending_by_year.get(year)
        else:
            kind = SpendingCategory(category)
            found = self._index.spending_by_year_category.get((year, kind))
            member = member and expenditure.category is kind
        return _spent(found, expenditure, index, member, same_day)

    def has_spending_limit(self, limit_id: str) -> bool:
        return limit_id in self._index.ids["spending_limits"]

    def spending_limit_record(self, limit_id: str) -> Indexed[SpendingLimit]:
        return self._index.ids["spending_limits"][limit_id]

    def spending_limits_for(self, category: SpendingCategory) -> tuple[Indexed[SpendingLimit], ...]:
        """The limits supplied for a spending category, in case order."""
        return _get(self._index.limits_by_category, SpendingCategory(category))

    def has_settlement(self, settlement_id: str) -> bool:
        return settlement_id in self._index.ids["settlements"]

    def settlement_record(self, settlement_id: str) -> Indexed[Settlement]:
        return self._index.ids["settlements"][settlement_id]

    def settlements_for(self, year: int) -> tuple[Indexed[Settlement], ...]:
        """The settlements of a year's accounts, in case order."""
        return _get(self._index.settlements_by_year, _year_key(year))

    def has_amendment(self, amendment_id: str) -> bool:
        return amendment_id in self._index.ids["amendments"]

    def amendment_record(self, amendment_id: str) -> Indexed[Amendment]:
        return self._index.ids["amendments"][amendment_id]

    def _ids(self, kind: str) -> Mapping[str, Indexed[Any]]:
        if kind not in KIND_CLASSES:
            raise ValueError(f"unknown kind of record {kind!r}")
        return self._index.ids[kind]

    def _person_key(self, person_id: str) -> str:
        if person_id not in self._index.people:
            raise KeyError(person_id)
        return person_id

    def _meeting_key(self, meeting_id: str) -> str:
        if meeting_id not in self._index.meetings:
            raise KeyError(meeting_id)
        return meeting_id

    def _agency_key(self, agency_id: str) -> str:
        if agency_id not in self._index.agencies:
            raise KeyError(agency_id)
        return agency_id

    def _estimate_key(self, estimate_id: str) -> str:
        if estimate_id not in self._index.ids["estimates"]:
            raise KeyError(estimate_id)
        return estimate_id

    def _expenditure_at(self, path: str) -> tuple[int, Expenditure]:
        """The position and record of the expenditure at ``path``; KeyError if there is none."""
        match = _PATH_RE.fullmatch(path) if isinstance(path, str) else None
        if match is None or match.group(1) != "expenditures":
            raise KeyError(path)
        index = int(match.group(2))
        if index >= len(self.expenditures):
            raise KeyError(path)
        return index, self.expenditures[index]


def _rebuild_case(values: dict[str, Any]) -> Case:
    return Case(**values)


def load_case(path: str | os.PathLike[str]) -> Case:
    """Read a case from a JSON file, or a YAML one (``.yaml``/``.yml``, read strictly by
    :func:`kgrules.yamlio.parse_yaml`, so that it can carry comments); at most 20 MB."""
    file = Path(path)
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CaseError("$", f"cannot read {file}: {exc.strerror or exc}") from None
    if file.suffix.lower() in YAML_SUFFIXES:
        text = _json_text(data)
        try:
            return Case.from_dict(parse_yaml(text))
        except YamlError as exc:
            raise CaseError("$", f"{file}: {exc}") from None
    return Case.from_json(data)


def _get(index: Mapping[Any, tuple[Indexed[T], ...]], key: object) -> tuple[Indexed[T], ...]:
    return index.get(key, ())


def _ordinal(day: dt.date) -> int:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise TypeError(f"expected a date, got {type(day).__name__}")
    return day.toordinal()


def _quarter_key(quarter: str | int, number: int | None) -> str:
    if number is None:
        if not isinstance(quarter, str):
            raise TypeError("a quarter is 'YYYY-Qn', or a year and a quarter number")
        check_quarter("quarter", quarter)
        return quarter
    if type(quarter) is not int or type(number) is not int or not 1 <= number <= 4:
        raise ValueError(f"no quarter {quarter!r}, {number!r}")
    return _quarter_name((quarter, number))


def _quarter_name(year_quarter: tuple[int, int]) -> str:
    return f"{year_quarter[0]:04d}-Q{year_quarter[1]}"


def _year_key(year: int) -> int:
    if type(year) is not int:
        raise TypeError(f"expected a year (an int), got {type(year).__name__}")
    return year


# --- integrity ---------------------------------------------------------------------------------


def _refs(cls: type) -> tuple[tuple[str, str, bool], ...]:
    """(field, kind referenced, is a list) for each reference field of a fact class."""
    hints = typing.get_type_hints(cls)
    found = []
    for field in attrs.fields(cls):
        ref = field.metadata.get("ref")
        if ref is not None:
            found.append((field.name, ref, typing.get_origin(hints[field.name]) is tuple))
    return tuple(found)


_REFS: Final = {kind: _refs(cls) for kind, cls in KIND_CLASSES.items()}


def _check_case(case: Case) -> None:
    """Types, limits, calendar overrides, unique ids and resolved references; raise on the first
    problem, so that no inconsistent Case ever exists."""
    for name in ("name", "description"):
        value = getattr(case, name)
        if not isinstance(value, str):
            raise CaseError(name, f"expected a string, got {json_type(value)}")
        if len(value) > TEXT_MAX_LENGTH:
            raise CaseError(name, f"a text has at most {TEXT_MAX_LENGTH} characters")
        check_unicode(name, value)
    if not isinstance(case.records_complete, frozenset):
        raise CaseError("records_complete", "expected a frozenset of kinds of record")
    for kind in sorted(case.records_complete, key=str):
        if kind not in RECORD_KINDS:
            raise CaseError(
                "records_complete", f"unknown kind {kind!r}; one of {', '.join(RECORD_KINDS)}"
            )
    total = 0
    for kind, cls in KIND_CLASSES.items():
        items = getattr(case, kind)
        if not isinstance(items, tuple):
            raise CaseError(kind, f"expected a tuple of {cls.__name__}, got {json_type(items)}")
        total += len(items)
        if len(items) > MAX_RECORDS:
            raise CaseError(kind, f"more than {MAX_RECORDS} records")
        for i, item in enumerate(items):
            if type(item) is not cls:
                raise CaseError(f"{kind}[{i}]", f"expected a {cls.__name__}")
    if total > MAX_RECORDS:
        raise CaseError("$", f"more than {MAX_RECORDS} records in all")
    _check_overrides(case.calendar_overrides)

    ids: dict[str, dict[str, int]] = {}
    for kind in KIND_CLASSES:
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(case, kind)):
            if item.id is None:
                continue
            first = seen.setdefault(item.id, i)
            if first != i:
                raise CaseError(
                    f"{kind}[{i}].id", f"duplicate id {item.id!r} (first at {kind}[{first}])"
                )
        ids[kind] = seen
    targets = {target: ids[kind] for target, kind in REF_TARGETS.items()}
    for kind, refs in _REFS.items():
        if not refs:
            continue
        for i, item in enumerate(getattr(case, kind)):
            for name, target, many in refs:
                value = getattr(item, name)
                known = targets[target]
                if many:
                    for j, each in enumerate(value):
                        if each not in known:
                            raise CaseError(
                                f"{kind}[{i}].{name}[{j}]", f"unknown {target} {each!r}"
                            )
                elif value is not None and value not in known:
                    raise CaseError(f"{kind}[{i}].{name}", f"unknown {target} {value!r}")
    _check_successions(case.agencies)


def _check_successions(agencies: tuple[Agency, ...]) -> None:
    """No agency succeeds, through any chain of successors, to itself: following ``successor``
    always ends. Each agency is walked at most once past the first time it is reached."""
    by_id = {agency.id: agency for agency in agencies}
    ends: set[str] = set()  # agencies whose chain is known to end
    for i, agency in enumerate(agencies):
        chain: dict[str, int] = {}  # the walk so far, each id at its step
        current: str | None = agency.id
        while current is not None and current not in ends:
            if current in chain:
                loop = " -> ".join([*list(chain)[chain[current] :], current])
                raise CaseError(f"agencies[{i}].successor", f"the successors loop: {loop}")
            chain[current] = len(chain)
            current = by_id[current].successor
        ends.update(chain)


def _check_overrides(overrides: object) -> None:
    """The raw calendar overrides kgrules.calendar reads: shape only, values as JSON has them."""
    if not isinstance(overrides, tuple):
        raise CaseError("calendar_overrides", "expected a tuple of objects")
    for i, override in enumerate(overrides):
        path = f"calendar_overrides[{i}]"
        if not isinstance(override, dict):
            raise CaseError(path, f"expected an object, got {json_type(override)}")
        for key in override:
            if key not in _OVERRIDE_KEYS:
                raise CaseError(
                    f"{path}.{key}", f"unknown field (allowed: {', '.join(_OVERRIDE_KEYS)})"
                )
        if "year" not in override:
            raise CaseError(f"{path}.year", "required field is missing")
        year = override["year"]
        if type(year) is not int:
            raise CaseError(f"{path}.year", f"expected an integer, got {json_type(year)}")
        if not 1 <= year <= 9999:
            raise CaseError(f"{path}.year", f"year {year} is out of range 1..9999")
        source = override.get("source", "")
        if not isinstance(source, str):
            raise CaseError(f"{path}.source", f"expected a string, got {json_type(source)}")
        if len(source) > TEXT_MAX_LENGTH:
            raise CaseError(f"{path}.source", f"a text has at most {TEXT_MAX_LENGTH} characters")
        for key in _OVERRIDE_LISTS:
            days = override.get(key, [])
            if not isinstance(days, list):
                raise CaseError(f"{path}.{key}", f"expected an array, got {json_type(days)}")
            for j, day in enumerate(days):
                _parse_date(f"{path}.{key}[{j}]", day)


def _working_calendar(overrides: tuple[dict[str, Any], ...]) -> WorkingCalendar | None:
    """Build the case's calendar once, so that an inconsistent official list (a day both off
    and working, a day outside its year, two lists for one year) is a load error, not a
    failure in the middle of a question."""
    if not overrides:
        return None
    try:
        return WorkingCalendar(
            [
                CalendarOverride.from_dict(raw, f"calendar_overrides[{i}]")
                for i, raw in enumerate(overrides)
            ]
        )
    except CalendarError as error:
        path = error.path
        if path.startswith("overrides["):
            path = "calendar_" + path
        raise CaseError(path, error.message) from None


# --- indexes -----------------------------------------------------------------------------------

_FOREVER: Final = dt.date.max.toordinal()
_BEGINNING: Final = dt.date.min.toordinal()


def _spending_order(day: dt.date, index: int) -> int:
    """Spending order as one integer: by date, then by position in the case (index <
    MAX_RECORDS), so that records identical in every field still have distinct places."""
    return day.toordinal() * MAX_RECORDS + index


def _spent(
    found: _Running | None, expenditure: Expenditure, index: int, member: bool, same_day: str
) -> int:
    """The total of a group before an expenditure (``member``: whether it is in the group)."""
    if found is None:
        return 0
    if same_day == "file_order":
        return found.before(_spending_order(expenditure.date, index))
    if same_day == "none":
        return found.before(_spending_order(expenditure.date, 0))
    if same_day == "all":
        next_day = (expenditure.date.toordinal() + 1) * MAX_RECORDS  # 31/12/9999 has one too
        return found.before(next_day) - (expenditure.amount if member else 0)
    raise ValueError(f"same_day is 'file_order', 'none' or 'all', not {same_day!r}")


def _span(start: dt.date | None, end: dt.date | None) -> tuple[int, int]:
    return (
        _BEGINNING if start is None else start.toordinal(),
        _FOREVER if end is None else end.toordinal(),
    )


class _IntervalIndex(Generic[T]):
    """A static centred interval tree: the items whose interval holds a day, in O(log n + k).

    Items are ``(start, end, order, value)`` with inclusive integer bounds; results come back
    sorted by ``order`` (case order), so answers do not depend on how the tree was cut.
    """

    __slots__ = ("_root",)

    def __init__(self, items: Sequence[tuple[int, int, int, T]]) -> None:
        self._root = self._build(list(items))

    @classmethod
    def _build(cls, items: list[tuple[int, int, int, T]]) -> _Node[T] | None:
        if not items:
            return None
        ends = sorted([it[0] for it in items] + [it[1] for it in items])
        center = ends[len(ends) // 2]
        left = [it for it in items if it[1] < center]
        right = [it for it in items if it[0] > center]
        here = [it for it in items if it[0] <= center <= it[1]]
        by_start = sorted(here, key=lambda it: (it[0], it[2]))
        by_end = sorted(here, key=lambda it: (-it[1], it[2]))
        return _Node(center, by_start, by_end, cls._build(left), cls._build(right))

    def stab(self, day: int) -> tuple[T, ...]:
        found: list[tuple[int, T]] = []
        node = self._root
        while node is not None:
            if day < node.center:
                for start, _end, order, value in node.by_start:
                    if start > day:
                        break
                    found.append((order, value))
                node = node.left
            elif day > node.center:
                for _start, end, order, value in node.by_end:
                    if end < day:
                        break
                    found.append((order, value))
                node = node.right
            else:
                found.extend((it[2], it[3]) for it in node.by_start)
                break
        found.sort(key=lambda pair: pair[0])
        return tuple(value for _order, value in found)


@attrs.frozen
class _Node(Generic[T]):
    center: int
    by_start: list[tuple[int, int, int, T]]
    by_end: list[tuple[int, int, int, T]]
    left: _Node[T] | None
    right: _Node[T] | None


class _Running:
    """Expenditures of one group in spending order, with running totals: the amount spent
    before any point of the order is one bisection, O(log n)."""

    __slots__ = ("_keys", "_totals", "items")

    def __init__(self, entries: Sequence[tuple[int, Indexed[Expenditure]]]) -> None:
        # ``entries`` come sorted by key (spending order); keys are distinct.
        self._keys = [key for key, _ix in entries]
        self.items = tuple(ix for _key, ix in entries)
        totals = [0]
        running = 0
        for _key, ix in entries:
            running += ix.record.amount
            totals.append(running)
        self._totals = totals

    def before(self, key: int) -> int:
        """The total of the entries strictly before ``key`` in spending order."""
        return self._totals[bisect_left(self._keys, key)]


def _intervals(
    spans: Iterable[tuple[Any, tuple[int, int, int, Indexed[T]]]],
) -> dict[Any, _IntervalIndex[Indexed[T]]]:
    groups: dict[Any, list[tuple[int, int, int, Indexed[T]]]] = defaultdict(list)
    for key, span in spans:
        groups[key].append(span)
    return {key: _IntervalIndex(items) for key, items in groups.items()}


def _group(pairs: Iterable[tuple[Any, Indexed[T]]]) -> dict[Any, tuple[Indexed[T], ...]]:
    groups: dict[Any, list[Indexed[T]]] = defaultdict(list)
    for key, item in pairs:
        groups[key].append(item)
    return {key: tuple(items) for key, items in groups.items()}


class _Index:
    """Dict indexes over a case, built once; every lookup is a dict access plus its answer."""

    def __init__(self, case: Case) -> None:
        self.records: dict[str, tuple[Indexed[Any], ...]] = {
            kind: tuple(Indexed(f"{kind}[{i}]", r) for i, r in enumerate(getattr(case, kind)))
            for kind in KIND_CLASSES
        }
        rec = self.records
        self.ids: dict[str, dict[str, Indexed[Any]]] = {
            kind: {ix.record.id: ix for ix in items if ix.record.id is not None}
            for kind, items in rec.items()
        }
        self.people: dict[str, Indexed[Person]] = self.ids["people"]
        self.meetings: dict[str, Indexed[Meeting]] = self.ids["meetings"]
        self.calendar = _working_calendar(case.calendar_overrides)
        self.meetings_by_quarter = _group(
            (_quarter_name(ix.record.for_quarter), ix) for ix in rec["meetings"]
        )
        positions: tuple[Indexed[Position], ...] = rec["positions"]
        self.positions_by_person = _group((ix.record.person, ix) for ix in positions)
        spans = [
            (
                ix.record.start.toordinal(),
                _FOREVER if ix.record.end is None else ix.record.end.toordinal(),
                i,
                ix,
            )
            for i, ix in enumerate(positions)
        ]
        self.positions_all = _IntervalIndex(spans)
        by_role: dict[Role, list[tuple[int, int, int, Indexed[Position]]]] = defaultdict(list)
        for span in spans:
            by_role[span[3].record.role].append(span)
        self.positions_by_role = {role: _IntervalIndex(s) for role, s in by_role.items()}
        self.absence_reports = _group(
            ((ix.record.meeting, ix.record.member), ix) for ix in rec["absence_reports"]
        )
        self.consents = _group(
            ((ix.record.meeting, ix.record.member), ix) for ix in rec["consents"]
        )
        self.attendances = _group((ix.record.meeting, ix) for ix in rec["attendances"])
        self.dispatches = _group((ix.record.meeting, ix) for ix in rec["dispatches"])
        self.invitations = _group((ix.record.meeting, ix) for ix in rec["invitations"])
        self.reports = _group((ix.record.member, ix) for ix in rec["reports"])
        self.reports_by_quarter = _group(
            ((ix.record.member, ix.record.quarter), ix)
            for ix in rec["reports"]
            if ix.record.quarter is not None
        )
        self.authorisations = _group((ix.record.grantee, ix) for ix in rec["authorisations"])
        self.consultations = _group((ix.record.quarter, ix) for ix in rec["consultations"])

        self.agencies: dict[str, Indexed[Agency]] = self.ids["agencies"]
        agencies: tuple[Indexed[Agency], ...] = rec["agencies"]
        self.agencies_by_kind = _intervals(
            (ix.record.kind, (*_span(ix.record.start, ix.record.end), i, ix))
            for i, ix in enumerate(agencies)
        )
        offices: tuple[Indexed[Office], ...] = rec["offices"]
        office_spans = [
            (*_span(ix.record.start, ix.record.end), i, ix) for i, ix in enumerate(offices)
        ]
        self.offices_all = _IntervalIndex(office_spans)
        self.offices_by_kind = _intervals((span[3].record.kind, span) for span in office_spans)
        self.offices_by_kind_agency = _intervals(
            ((span[3].record.kind, span[3].record.agency), span)
            for span in office_spans
            if span[3].record.agency is not None
        )
        self.offices_by_person = _group((ix.record.person, ix) for ix in offices)
        self.assignments_to = _group((ix.record.assignee, ix) for ix in rec["assignments"])
        self.helper_appointments = _group(
            (ix.record.person, ix) for ix in rec["helper_appointments"]
        )
        self.nominations = _group((ix.record.person, ix) for ix in rec["nominations"])
        self.estimates_by_year = _group((ix.record.year, ix) for ix in rec["estimates"])
        self.settlements_by_year = _group((ix.record.year, ix) for ix in rec["settlements"])
        self.limits_by_category = _group((ix.record.category, ix) for ix in rec["spending_limits"])
        # Spending order: sort once; each group then receives its entries already in order.
        spending: list[tuple[int, Indexed[Expenditure]]] = sorted(
            ((_spending_order(ix.record.date, i), ix) for i, ix in enumerate(rec["expenditures"])),
            key=lambda entry: entry[0],
        )
        by_estimate: dict[str, list[tuple[int, Indexed[Expenditure]]]] = defaultdict(list)
        by_year: dict[int, list[tuple[int, Indexed[Expenditure]]]] = defaultdict(list)
        by_year_category: dict[
            tuple[int, SpendingCategory], list[tuple[int, Indexed[Expenditure]]]
        ] = defaultdict(list)
        for entry in spending:
            expenditure = entry[1].record
            if expenditure.estimate is not None:
                by_estimate[expenditure.estimate].append(entry)
            by_year[expenditure.date.year].append(entry)
            by_year_category[(expenditure.date.year, expenditure.category)].append(entry)
        self.spending_by_estimate = {k: _Running(v) for k, v in by_estimate.items()}
        self.spending_by_year = {k: _Running(v) for k, v in by_year.items()}
        self.spending_by_year_category = {k: _Running(v) for k, v in by_year_category.items()}


# --- JSON in -----------------------------------------------------------------------------------


def _structure(obj: object) -> Case:
    try:
        return _converter().structure(obj, Case)
    except (ClassValidationError, IterableValidationError, CaseError) as exc:
        path, message = _first_error(exc, "")
        raise CaseError(path or "$", message) from None


def _json_text(data: str | bytes | bytearray) -> str:
    if isinstance(data, bytes | bytearray):
        if len(data) > MAX_BYTES:
            raise CaseError("$", f"the document is larger than {MAX_BYTES} bytes")
        try:
            return bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CaseError("$", f"not UTF-8 (byte {exc.start})") from None
    if isinstance(data, str):
        if len(data) > MAX_BYTES or (
            len(data) * 4 > MAX_BYTES and len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES
        ):
            raise CaseError("$", f"the document is larger than {MAX_BYTES} bytes")
        return data
    raise CaseError("$", f"expected JSON text, got {type(data).__name__}")


def parse_json(text: str, duplicates: list[str], constants: list[str] | None = None) -> Any:
    """JSON text parsed strictly: an object repeating a key comes back as a
    :class:`DuplicateKeys` (its name also added to ``duplicates``); NaN and Infinity are
    refused, or kept as placeholders named in ``constants`` when that list is given, so that
    the field can be named. Errors are :class:`CaseError` at ``$``."""
    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            for key, _value in pairs:
                if key in seen:
                    duplicates.append(key)
                    return DuplicateKeys(result, key)
                seen.add(key)
        return result

    try:
        def constant(name: str) -> _Constant:
            if constants is None:
                raise ValueError(f"{name} is not allowed")
            constants.append(name)
            return _Constant(name)

        return json.loads(text, object_pairs_hook=pairs_hook, parse_constant=constant)
    except RecursionError:
        raise CaseError("$", f"nesting deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as exc:
        raise CaseError(
            "$", f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except ValueError as exc:
        raise CaseError("$", f"invalid JSON: {exc}") from None


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON text nests deeper than ``limit``, found before parsing it: strip the
    strings and everything but brackets, then peel innermost pairs, one level per pass (all in
    C, at most ``limit`` passes). Unbalanced text is not JSON at all (the parser says where),
    so it is not called too deep."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    for _level in range(limit):
        brackets = _INNERMOST.sub("", brackets)
        if not brackets:
            return False
    # Pairs still nested below the limit: too deep. None left to peel: unbalanced.
    return len(_INNERMOST.sub("", brackets, count=1)) < len(brackets)


class DuplicateKeys(dict[str, Any]):
    """A JSON object that repeated a key; reported with its path by :func:`_check_shape`."""

    def __init__(self, items: dict[str, Any], duplicate: str) -> None:
        super().__init__(items)
        self.duplicate = duplicate


class _Constant:
    """A NaN or Infinity in the text (Python's parser accepts them, JSON does not); kept as a
    placeholder so that :func:`_check_shape` can name the field it stands in."""

    def __init__(self, name: str) -> None:
        self.name = name

    def error(self, path: str) -> CaseError:
        return CaseError(path, f"{self.name} is not allowed (JSON has no NaN or Infinity)")


_CONTAINERS: Final = (dict, list, tuple)


def _check_shape(obj: object, *, walk: bool) -> None:
    """Limits checked before structuring: an object at the top, record counts, and (``walk``)
    nesting depth and repeated keys, which keep structuring from doing unbounded work."""
    if isinstance(obj, _Constant):
        raise obj.error("$")
    if not isinstance(obj, dict):
        raise CaseError("$", f"the case must be a JSON object, not {json_type(obj)}")
    total = 0
    for key in (*KIND_CLASSES, "calendar_overrides"):
        items = obj.get(key)
        if isinstance(items, list | tuple):
            if len(items) > MAX_RECORDS:
                raise CaseError(key, f"more than {MAX_RECORDS} records")
            total += len(items)
    if total > MAX_RECORDS:
        raise CaseError("$", f"more than {MAX_RECORDS} records in all")
    if not walk:
        return
    # Depth-first and iterative (a cyclic input is just too deep). Each entry links to its
    # parent's, so the path is worked out only when there is something to report.
    stack: list[tuple[Any, int, Any]] = [(obj, 1, None)]
    while stack:
        entry = stack.pop()
        node, depth, _parent = entry
        if depth > MAX_DEPTH:
            raise CaseError(_entry_path(entry), f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(node, DuplicateKeys):
            raise CaseError(
                _entry_path(entry, _step(node.duplicate)),
                f"key {node.duplicate!r} appears twice in one object",
            )
        pairs = list(node.items() if isinstance(node, dict) else enumerate(node))
        for key, value in pairs:
            if isinstance(value, _Constant):
                raise value.error(_entry_path(entry, _step(key) if isinstance(node, dict)
                                              else f"[{key}]"))
        for _key, value in reversed(pairs):
            if isinstance(value, _CONTAINERS):
                stack.append((value, depth + 1, entry))


def _entry_path(entry: Any, last: str = "") -> str:
    steps = [last]
    node, _depth, parent = entry
    while parent is not None:
        container = parent[0]
        if isinstance(container, dict):
            key = next(k for k, v in container.items() if v is node)
            steps.append(_step(key))
        else:
            steps.append(f"[{next(i for i, v in enumerate(container) if v is node)}]")
        node, _depth, parent = parent
    return "".join(reversed(steps)).lstrip(".") or "$"


def _step(key: object) -> str:
    return f".{key}" if isinstance(key, str) and _PLAIN_KEY.fullmatch(key) else f"[{key!r}]"


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _parse_date(path: str, value: object) -> dt.date:
    if not isinstance(value, str):
        raise CaseError(path, f"expected a date 'YYYY-MM-DD', got {json_type(value)}")
    return parse_iso_date(path, value, CaseError)


def _join(prefix: str, rel: str) -> str:
    if not prefix:
        return rel
    if not rel:
        return prefix
    return prefix + rel if rel.startswith("[") else f"{prefix}.{rel}"


def _note(exc: BaseException, kind: type[T]) -> T | None:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, kind):
            return note
    return None


def _first_error(exc: BaseException, path: str) -> tuple[str, str]:
    """The path and message of the first problem in a cattrs error tree.

    An unknown field is reported before anything else in its object: a misspelt key also
    makes the right key "missing", and the misspelling is the more useful thing to say.
    """
    if isinstance(exc, ClassValidationError):
        subs = sorted(exc.exceptions, key=lambda e: not isinstance(e, ForbiddenExtraKeysError))
        for sub in subs:
            attr = _note(sub, AttributeValidationNote)
            return _first_error(sub, _join(path, attr.name) if attr is not None else path)
    if isinstance(exc, IterableValidationError):
        for sub in exc.exceptions:
            item = _note(sub, IterableValidationNote)
            return _first_error(sub, _join(path, f"[{item.index}]") if item is not None else path)
    if isinstance(exc, ForbiddenExtraKeysError):
        extra = sorted(exc.extra_fields, key=str)[0]
        allowed = ", ".join(f.name for f in attrs.fields(exc.cl) if f.init)
        return _join(path, str(extra)), f"unknown field (allowed: {allowed})"
    if isinstance(exc, CaseError):
        return _join(path, exc.path), exc.message
    if isinstance(exc, KeyError):
        return path, "required field is missing"
    return path, str(exc) or type(exc).__name__


# Structuring hooks: strict, and they raise CaseError with a path relative to where they are.


def _structure_str(value: object, cl: Any) -> Any:
    """Strings, and string enums: single dispatch sends a StrEnum subclass here, via ``str``."""
    if cl is not str and isinstance(cl, type) and issubclass(cl, enum.Enum):
        return _structure_enum(value, cl)
    if type(value) is not str:
        raise CaseError("", f"expected a string, got {json_type(value)}")
    return value


def _structure_int(value: object, _: object) -> int:
    if type(value) is not int:
        raise CaseError("", f"expected an integer, got {json_type(value)}")
    return value


def _structure_bool(value: object, _: object) -> bool:
    if type(value) is not bool:
        raise CaseError("", f"expected true or false, got {json_type(value)}")
    return value


def _structure_date(value: object, _: object) -> dt.date:
    return _parse_date("", value)


def _structure_enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, str):
        member = kind._value2member_map_.get(value)
        if member is not None:
            return member
    allowed = ", ".join(str(member.value) for member in kind)
    if not isinstance(value, str):
        raise CaseError("", f"expected one of: {allowed}; got {json_type(value)}")
    raise CaseError("", f"unknown value {value!r} (allowed: {allowed})")


def _is_homogeneous_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(t: Any, converter: cattrs.Converter) -> Callable[[object, object], tuple[Any, ...]]:
    item_type = typing.get_args(t)[0]
    item_hook = converter.get_structure_hook(item_type)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise CaseError("", f"expected an array, got {json_type(value)}")
        result = []
        errors: list[Exception] = []
        for i, item in enumerate(value):
            try:
                result.append(item_hook(item, item_type))
            except Exception as exc:
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(f"Structuring item @ index {i}", i, item_type),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return tuple(result)

    return structure


def _structure_kinds(value: object, _: object) -> frozenset[str]:
    if not isinstance(value, list | tuple):
        raise CaseError("", f"expected an array, got {json_type(value)}")
    seen: set[str] = set()
    for i, kind in enumerate(value):
        if type(kind) is not str or kind not in RECORD_KINDS:
            shown = repr(kind) if isinstance(kind, str) else json_type(kind)
            raise CaseError(
                f"[{i}]", f"unknown kind of record {shown} (allowed: {', '.join(RECORD_KINDS)})"
            )
        if kind in seen:
            raise CaseError(f"[{i}]", f"{kind!r} is listed twice")
        seen.add(kind)
    return frozenset(seen)


def _structure_override(value: object, _: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CaseError("", f"expected an object, got {json_type(value)}")
    return {k: list(v) if isinstance(v, list | tuple) else v for k, v in value.items()}


def _class_hook(cls: type, converter: cattrs.Converter) -> Callable[[object, object], Any]:
    inner: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, converter)

    def structure(value: object, _: object) -> Any:
        if not isinstance(value, dict):
            raise CaseError("", f"expected an object, got {json_type(value)}")
        return inner(value, cls)

    return structure


def _list_hook(t: Any, converter: cattrs.Converter) -> Callable[[Any], list[Any]]:
    item_hook = converter.get_unstructure_hook(typing.get_args(t)[0])
    return lambda value: [item_hook(item) for item in value]


def _plain_str(value: str) -> str:
    """A StrEnum member unstructures (by single dispatch, via ``str``) to its plain value."""
    return value.value if isinstance(value, enum.Enum) else value


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # cattrs matches exact classes by single dispatch first (so bool would reach int's hook and
    # a StrEnum str's): the scalar hooks are registered the same way, over cattrs' lenient ones.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook(enum.Enum, _structure_enum)
    converter.register_structure_hook_func(lambda t: t == frozenset[str], _structure_kinds)
    converter.register_structure_hook_func(lambda t: t == dict[str, Any], _structure_override)
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_hook)
    converter.register_structure_hook_factory(attrs.has, _class_hook)

    converter.register_unstructure_hook(str, _plain_str)
    converter.register_unstructure_hook(enum.Enum, lambda member: member.value)
    converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    converter.register_unstructure_hook_factory(_is_homogeneous_tuple, _list_hook)
    converter.register_unstructure_hook_func(
        lambda t: t == frozenset[str], lambda kinds: sorted(kinds)
    )
    converter.register_unstructure_hook_func(
        lambda t: t == dict[str, Any],
        lambda d: {k: list(v) if isinstance(v, list | tuple) else v for k, v in d.items()},
    )
    return converter


_CONVERTER: cattrs.Converter | None = None
_CONVERTER_LOCK: Final = threading.Lock()


def _converter() -> cattrs.Converter:
    """The converter, built on first use (a sixth of ``import kgrules`` if built at import) with
    every hook generated at once, under a lock: threads loading their first cases never race
    to generate hooks."""
    global _CONVERTER
    converter = _CONVERTER
    if converter is None:
        with _CONVERTER_LOCK:
            if _CONVERTER is None:
                built = _make_converter()
                built.get_structure_hook(Case)
                built.get_unstructure_hook(Case)
                _CONVERTER = built
            converter = _CONVERTER
    return converter


# --- JSON Schema -------------------------------------------------------------------------------

SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
_DATE_SCHEMA: Final = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
_FORMATS: Final[Mapping[str, Mapping[str, Any]]] = {
    "id": {"type": "string", "minLength": 1, "maxLength": ID_MAX_LENGTH, "pattern": ID_PATTERN},
    "text": {"type": "string", "maxLength": TEXT_MAX_LENGTH},
    "quarter": {"type": "string", "pattern": QUARTER_PATTERN},
}
_INT_FORMATS: Final[Mapping[str, Mapping[str, Any]]] = {
    "money": {"type": "integer", "minimum": 0, "maximum": MONEY_MAX},
    "year": {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX},
}


def _when(field: str, value: str, then: dict[str, Any]) -> dict[str, Any]:
    return {"if": {"properties": {field: {"const": value}}, "required": [field]}, "then": then}


# The cross-field checks of the fact classes that a schema can state.
_CONDITIONS: Final[Mapping[type, list[dict[str, Any]]]] = {
    Attendance: [
        _when(
            "mode",
            "substitute",
            {"required": ["on_behalf_of"], "properties": {"on_behalf_of": {"type": "string"}}},
        ),
        _when("mode", "in_person", {"properties": {"on_behalf_of": {"type": "null"}}}),
    ],
    Authorisation: [{"properties": {"acts": {"minItems": 1}}}],
    Report: [
        _when(
            "kind",
            "quarterly",
            {"required": ["quarter"], "properties": {"quarter": {"type": "string"}}},
        )
    ],
    Document: [_when("seal", "none", {"properties": {"seal_agency": {"type": "null"}}})],
    HelperAppointment: [
        {"properties": {"role": {"enum": [Role.HELPER_LEADER.value, Role.HELPER_MEMBER.value]}}}
    ],
    SpendingLimit: [
        {
            "anyOf": [
                {"required": [name], "properties": {name: {"type": "integer"}}}
                for name in ("per_item", "per_year")
            ]
        }
    ],
}


def _describe(meta: Mapping[str, Any]) -> dict[str, str]:
    return {"description": f"{meta['vi']} / {meta['en']}"} if "vi" in meta else {}


def _doc(obj: object) -> str:
    """A docstring's first paragraph on one line, cleaned first: Python 3.13 strips docstring
    indentation when it compiles, 3.11 and 3.12 do not, and the schema is the same on each."""
    first = inspect.cleandoc(getattr(obj, "__doc__", None) or "").split("\n\n")[0]
    return " ".join(first.split())


class _SchemaBuilder:
    """Types to JSON Schema, by introspecting the attrs classes: one source of truth."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def for_class(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            schema = self.for_type(hints[field.name], field.metadata)
            properties[field.name] = {**_describe(field.metadata), **schema}
            if field.default is attrs.NOTHING:
                required.append(field.name)
            else:
                properties[field.name]["default"] = _json_default(field.default)
        result: dict[str, Any] = {
            "type": "object",
            "description": _doc(cls),
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            result["required"] = required
        if cls in _CONDITIONS:
            result["allOf"] = _CONDITIONS[cls]
        return result

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve the name first: classes may refer to each other
            if issubclass(cls, enum.Enum):
                self.defs[name] = {
                    "type": "string",
                    "description": _doc(cls),
                    "enum": [member.value for member in cls],
                }
            else:
                self.defs[name] = self.for_class(cls)
        return {"$ref": f"#/$defs/{name}"}

    def for_type(self, t: Any, meta: Mapping[str, Any]) -> dict[str, Any]:
        args = typing.get_args(t)
        if isinstance(t, types.UnionType) or typing.get_origin(t) is typing.Union:
            options = [self.for_type(a, meta) for a in args if a is not type(None)]
            if type(None) in args:
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if t is str:
            return dict(_FORMATS.get(meta.get("format", ""), {"type": "string"}))
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return dict(_INT_FORMATS.get(meta.get("format", ""), {"type": "integer"}))
        if t is dt.date:
            return dict(_DATE_SCHEMA)
        if isinstance(t, type) and (issubclass(t, enum.Enum) or attrs.has(t)):
            return self.ref(t)
        if _is_homogeneous_tuple(t):
            item = args[0]
            items = (
                self.calendar_override() if item == dict[str, Any] else self.for_type(item, meta)
            )
            schema: dict[str, Any] = {"type": "array", "items": items}
            if attrs.has(item) or item == dict[str, Any]:
                schema["maxItems"] = MAX_RECORDS
            if "ref" in meta or (isinstance(item, type) and issubclass(item, enum.Enum)):
                schema["uniqueItems"] = True
            return schema
        if t == frozenset[str]:
            return {"type": "array", "items": {"enum": list(RECORD_KINDS)}, "uniqueItems": True}
        raise TypeError(f"no JSON Schema for {t!r}")

    def calendar_override(self) -> dict[str, Any]:
        days = {"type": "array", "items": dict(_DATE_SCHEMA)}
        self.defs["CalendarOverride"] = {
            "type": "object",
            "description": "Lịch chính thức của một năm / A year's official calendar "
            "(interpreted by kgrules.calendar)",
            "properties": {
                "year": {"type": "integer", "minimum": 1, "maximum": 9999},
                "days_off": {**days, "description": "Ngày nghỉ thêm / Extra days off"},
                "working_days": {
                    **days,
                    "description": "Ngày làm việc bù (thứ Bảy, Chủ nhật) / Extra working days",
                },
                "not_days_off": {
                    **days,
                    "description": "Không phải ngày nghỉ / Days that are not days off",
                },
                "source": {
                    "type": "string",
                    "maxLength": TEXT_MAX_LENGTH,
                    "description": "Văn bản làm căn cứ / Official source",
                },
            },
            "required": ["year"],
            "additionalProperties": False,
        }
        return {"$ref": "#/$defs/CalendarOverride"}


def _json_default(value: object) -> Any:
    """A field's default as JSON: ``()`` and ``frozenset()`` are ``[]``, enums their value."""
    if isinstance(value, tuple | frozenset | list):
        return sorted(value) if isinstance(value, frozenset) else list(value)
    return value.value if isinstance(value, enum.Enum) else value


#: Examples for the kinds of record the shipped example case does not hold.
_MORE_EXAMPLES: Final[Mapping[str, dict[str, Any]]] = {
    "Amendment": {"id": "QD-2010-0123", "decided_by": "P00", "decided_on": "2010-02-01",
                  "description": "Bổ sung Điều 10 về họp trực tuyến / Online meetings added"},
    "CalendarOverride": {"year": 2026, "days_off": ["2026-02-16"], "working_days": [],
                         "not_days_off": [], "source": "Thông báo nghỉ Tết của Bộ Nội vụ"},
}
#: Examples of the optional fields the shipped example case never fills.
_FIELD_EXAMPLES: Final[Mapping[str, Any]] = {
    "Attendance.id": "DH-2009-Q1-01",
    "Position.end": "2011-06-30",
    "Office.end": "2011-06-30",
    "Dispatch.recipients": ["P03", "P04"],
    "CalendarOverride.working_days": ["2026-01-03"],
    "CalendarOverride.not_days_off": ["2026-04-27"],
}


def _add_examples(schema: dict[str, Any]) -> None:
    """``examples`` from the shipped example case: for each kind of record its first record,
    for each field the first value it takes there (a list of records is shown by its kind)."""
    raw = resources.files("kgrules").joinpath("data/examples/committee-2009.json")
    data: dict[str, Any] = json.loads(raw.read_text(encoding="utf-8"))
    samples: dict[str, list[dict[str, Any]]] = {
        cls.__name__: data.get(kind) or [] for kind, cls in KIND_CLASSES.items()}
    for name, extra in _MORE_EXAMPLES.items():
        samples[name] = samples.get(name) or [extra]
    samples["Case"] = [data]
    for name, records in samples.items():
        target = schema if name == "Case" else schema["$defs"][name]
        if name != "Case":
            target["examples"] = [{k: v for k, v in records[0].items() if v is not None}]
        for field, spec in target["properties"].items():
            if spec.get("type") == "array" and spec.get("maxItems") == MAX_RECORDS:
                continue  # records: their kind's own examples show them
            value = next((r[field] for r in records if r.get(field) not in (None, [], "")),
                         _FIELD_EXAMPLES.get(f"{name}.{field}"))
            if value is not None:
                spec["examples"] = [value]


def case_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case document, generated from the classes, with
    each field's ``default`` and ``examples`` from the shipped example case."""
    builder = _SchemaBuilder()
    root = builder.for_class(Case)
    schema = {
        "$schema": SCHEMA_DIALECT,
        "title": "kgrules case (Quyết định 1507/QĐ-UBND)",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }
    _add_examples(schema)
    return schema


def schema_text() -> str:
    return json.dumps(case_schema(), ensure_ascii=False, indent=2) + "\n"


def schema_path() -> Path:
    """Where the committed schema lives in the source tree (``kgrules/data``)."""
    return Path(__file__).with_name("data") / "case.schema.json"


def packaged_schema() -> str:
    return resources.files("kgrules").joinpath("data/case.schema.json").read_text("utf-8")


def write_schema(path: str | os.PathLike[str] | None = None) -> Path:
    """Regenerate the committed schema file (after changing a fact class)."""
    target = Path(path) if path is not None else schema_path()
    target.write_text(schema_text(), encoding="utf-8")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kgrules.case")
    parser.add_argument(
        "--schema", action="store_true", help="regenerate kgrules/data/case.schema.json"
    )
    parser.add_argument("--print-schema", action="store_true", help="print the schema")
    parser.add_argument("--check", metavar="FILE", help="load a case file and report errors")
    args = parser.parse_args(argv)
    if args.schema:
        print(write_schema())
    if args.print_schema:
        sys.stdout.write(schema_text())
    if args.check:
        try:
            case = load_case(args.check)
        except CaseError as exc:
            print(json.dumps(exc.to_dict(), ensure_ascii=False))
            return 1
        counts = {kind: len(getattr(case, kind)) for kind in KIND_CLASSES}
        print(json.dumps({"ok": True, "records": counts}))
    if not (args.schema or args.print_schema or args.check):
        parser.print_help()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
