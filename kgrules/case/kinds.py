"""The kinds of record a case holds: their classes, what their references name, the limits of a
case document, and :class:`Indexed` (a record with its path, how rules cite the facts used)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, Generic, Literal, NamedTuple, TypeVar

from kgrules.facts import (
    AGENCY,
    ESTIMATE,
    MEETING,
    PERSON,
    AbsenceReport,
    Agency,
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
    Person,
    Position,
    Report,
    Settlement,
    SpendingLimit,
    Transaction,
    WrittenConsultation,
)

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
