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
:meth:`Case.by_id` gives the pair, for every kind of record). :meth:`Case.record_at`
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

import datetime as dt
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, overload

import attrs

from kgrules.calendar import WorkingCalendar, default_calendar
from kgrules.case.indexes import (
    RunningTotals,
    _get,
    _Index,
    _ordinal,
    _quarter_key,
    _spent,
    _year_key,
)
from kgrules.case.integrity import _check_case
from kgrules.case.kinds import _PATH_RE, KIND_CLASSES, MAX_BYTES, RECORD_KINDS, Indexed, SameDay
from kgrules.case.loading import _check_shape, _converter, _json_text, parse_json, structure, too_deep
from kgrules.errors import CaseError
from kgrules.facts import (
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
)
from kgrules.yamlio import YAML_SUFFIXES, YamlError, parse_yaml

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
        return structure(obj, cls)

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
        return structure(obj, cls)

    def to_dict(self) -> dict[str, Any]:
        """The case as JSON-shaped data; ``Case.from_dict(case.to_dict()) == case``."""
        result: dict[str, Any] = _converter(Case).unstructure(self)
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

    @overload
    def by_id(self, kind: Literal["people"], record_id: str) -> Indexed[Person]: ...
    @overload
    def by_id(self, kind: Literal["positions"], record_id: str) -> Indexed[Position]: ...
    @overload
    def by_id(self, kind: Literal["meetings"], record_id: str) -> Indexed[Meeting]: ...
    @overload
    def by_id(self, kind: Literal["absence_reports"], record_id: str) -> Indexed[AbsenceReport]: ...
    @overload
    def by_id(self, kind: Literal["consents"], record_id: str) -> Indexed[Consent]: ...
    @overload
    def by_id(self, kind: Literal["attendances"], record_id: str) -> Indexed[Attendance]: ...
    @overload
    def by_id(self, kind: Literal["authorisations"], record_id: str) -> Indexed[Authorisation]: ...
    @overload
    def by_id(self, kind: Literal["reports"], record_id: str) -> Indexed[Report]: ...
    @overload
    def by_id(self, kind: Literal["dispatches"], record_id: str) -> Indexed[Dispatch]: ...
    @overload
    def by_id(self, kind: Literal["invitations"], record_id: str) -> Indexed[Invitation]: ...
    @overload
    def by_id(self, kind: Literal["agencies"], record_id: str) -> Indexed[Agency]: ...
    @overload
    def by_id(self, kind: Literal["offices"], record_id: str) -> Indexed[Office]: ...
    @overload
    def by_id(self, kind: Literal["documents"], record_id: str) -> Indexed[Document]: ...
    @overload
    def by_id(self, kind: Literal["transactions"], record_id: str) -> Indexed[Transaction]: ...
    @overload
    def by_id(self, kind: Literal["actions"], record_id: str) -> Indexed[CommitteeAction]: ...
    @overload
    def by_id(self, kind: Literal["assignments"], record_id: str) -> Indexed[Assignment]: ...
    @overload
    def by_id(self, kind: Literal["nominations"], record_id: str) -> Indexed[Nomination]: ...
    @overload
    def by_id(self, kind: Literal["estimates"], record_id: str) -> Indexed[BudgetEstimate]: ...
    @overload
    def by_id(self, kind: Literal["expenditures"], record_id: str) -> Indexed[Expenditure]: ...
    @overload
    def by_id(self, kind: Literal["spending_limits"], record_id: str) -> Indexed[SpendingLimit]: ...
    @overload
    def by_id(self, kind: Literal["settlements"], record_id: str) -> Indexed[Settlement]: ...
    @overload
    def by_id(self, kind: Literal["amendments"], record_id: str) -> Indexed[Amendment]: ...
    @overload
    def by_id(self, kind: Literal["consultations"], record_id: str) -> Indexed[WrittenConsultation]: ...
    @overload
    def by_id(self, kind: Literal["helper_appointments"], record_id: str) -> Indexed[HelperAppointment]: ...
    @overload
    def by_id(self, kind: str, record_id: str) -> Indexed[Any]: ...

    def by_id(self, kind: str, record_id: str) -> Indexed[Any]:
        """The record of this kind with this id, with its path; KeyError if there is none (the
        one look-up by id, for every kind of record)."""
        return self._ids(kind)[record_id]

    def person(self, person_id: str) -> Person:
        """The person with this id (KeyError if none); ``by_id("people", …)`` adds the path."""
        return self._index.people[person_id].record

    def meeting(self, meeting_id: str) -> Meeting:
        """The meeting with this id (KeyError if none); ``by_id("meetings", …)`` adds the path."""
        return self._index.meetings[meeting_id].record

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

    def agency(self, agency_id: str) -> Agency:
        """The agency with this id (KeyError if none); ``by_id("agencies", …)`` adds the path."""
        return self._index.agencies[agency_id].record

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

    def assignments_to(self, assignee_id: str) -> tuple[Indexed[Assignment], ...]:
        """Every assignment made to this person (of any kind, by anyone), in case order."""
        return _get(self._index.assignments_to, self._person_key(assignee_id))

    def helper_appointments_of(self, person_id: str) -> tuple[Indexed[HelperAppointment], ...]:
        """The decisions putting this person on the helper team, in case order."""
        return _get(self._index.helper_appointments, self._person_key(person_id))

    def nominations_of(self, person_id: str) -> tuple[Indexed[Nomination], ...]:
        """The nominating decisions for this person (khoản 2 Điều 9), in case order."""
        return _get(self._index.nominations, self._person_key(person_id))

    def estimates_for(self, year: int) -> tuple[Indexed[BudgetEstimate], ...]:
        """The budget estimates for a year, in case order."""
        return _get(self._index.estimates_by_year, _year_key(year))

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

    def running_totals(self, expenditure_path: str) -> RunningTotals:
        """The expenditure's amount and what was spent before it on its own estimate (0 if it
        is charged to none) and in its own year and category, each with no other payment of
        its day counted and with every one: :meth:`spent_before` and
        :meth:`spent_in_year_before` with ``same_day="none"`` and ``"all"``, in one look-up
        (the last one asked is kept, so a question deriving several of them pays once).
        KeyError for an unknown path."""
        last = self._index.last_totals
        if last is not None and last[0] == expenditure_path:
            return last[1]
        found = self._index.running_totals(self._expenditure_at(expenditure_path)[1])
        self._index.last_totals = (expenditure_path, found)
        return found

    def spending_limits_for(self, category: SpendingCategory) -> tuple[Indexed[SpendingLimit], ...]:
        """The limits supplied for a spending category, in case order."""
        return _get(self._index.limits_by_category, SpendingCategory(category))

    def settlements_for(self, year: int) -> tuple[Indexed[Settlement], ...]:
        """The settlements of a year's accounts, in case order."""
        return _get(self._index.settlements_by_year, _year_key(year))

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
