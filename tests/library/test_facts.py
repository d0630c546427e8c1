"""Facts and the Case: strict loading, integrity, paths, indexes, JSON Schema."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kgrules
from kgrules.calendar import default_calendar
from kgrules.case import (
    KIND_CLASSES,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_RECORDS,
    RECORD_KINDS,
    REF_TARGETS,
    Case,
    Indexed,
    case_schema,
    load_case,
    schema_path,
    schema_text,
)
from kgrules.errors import CaseError
from kgrules.facts import (
    REF_KINDS,
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

D = dt.date


def example() -> dict[str, Any]:
    """A small, valid case touching every kind of record."""
    return {
        "name": "Ví dụ",
        "description": "Quý I/2024",
        "records_complete": ["consents", "dispatches"],
        "people": [
            {"id": "P1", "name": "Trưởng ban", "office": "Phó Chủ tịch UBND tỉnh"},
            {"id": "P2", "name": "Phó Trưởng ban Thường trực", "on_dic_payroll": True},
            {"id": "P3", "name": "Thành viên", "agency": "Sở Tài chính"},
            {"id": "P4", "name": "Người dự thay"},
        ],
        "positions": [
            {"id": "POS1", "person": "P1", "role": "head", "start": "2024-01-01"},
            {"person": "P2", "role": "standing_deputy", "start": "2024-01-01"},
            {"person": "P3", "role": "member", "start": "2024-01-01", "end": "2024-03-31"},
        ],
        "meetings": [
            {"id": "M1", "kind": "regular", "date": "2024-03-25", "has_documents": True},
            {
                "id": "M2",
                "kind": "extraordinary",
                "date": "2024-05-02",
                "proposed_by": "P2",
                "proposed_on": "2024-04-25",
                "convened_by": "P1",
                "convened_on": "2024-04-26",
            },
        ],
        "absence_reports": [
            {"meeting": "M1", "member": "P3", "reported_on": "2024-03-18", "reported_to": "P1"}
        ],
        "consents": [
            {
                "meeting": "M1",
                "member": "P3",
                "substitute": "P4",
                "given_by": "P1",
                "given_on": "2024-03-19",
            }
        ],
        "attendances": [
            {"meeting": "M1", "person": "P1", "mode": "in_person"},
            {"meeting": "M1", "person": "P4", "mode": "substitute", "on_behalf_of": "P3"},
        ],
        "authorisations": [
            {
                "id": "UQ1",
                "grantor": "P1",
                "grantee": "P2",
                "acts": ["consent_substitute", "convene_meeting"],
                "valid_from": "2024-01-01",
                "valid_to": "2024-12-31",
                "signed_on": "2023-12-28",
            }
        ],
        "reports": [
            {
                "member": "P3",
                "kind": "quarterly",
                "quarter": "2024-Q1",
                "received_on": "2024-03-14",
                "received_by": "P2",
            },
            {"member": "P3", "kind": "adhoc", "requested_by": "P1", "sent_on": "2024-02-01"},
        ],
        "dispatches": [
            {"meeting": "M1", "sent_on": "2024-03-20", "sent_by": "P2", "recipients": ["P1", "P3"]}
        ],
        "consultations": [
            {
                "id": "WC1",
                "quarter": "2024-Q2",
                "requested_by": "P1",
                "requested_on": "2024-06-21",
                "reason": "Không đủ thành viên",
                "addressees": ["P2", "P3"],
                "decided_by": "P1",
                "decided_on": "2024-06-28",
            }
        ],
        "invitations": [{"meeting": "M1", "invitee": "P4", "decided_by": "P1"}],
        "agencies": [
            {"id": "UBND", "name": "UBND tỉnh", "kind": "ppc", "end": "2025-06-30"},
            {
                "id": "STTTT",
                "name": "Sở Thông tin và Truyền thông",
                "kind": "standing_agency",
                "end": "2025-02-28",
                "successor": "SKHCN",
            },
            {
                "id": "SKHCN",
                "name": "Sở Khoa học và Công nghệ",
                "kind": "standing_agency",
                "start": "2025-03-01",
            },
            {"id": "STC", "name": "Sở Tài chính", "kind": "finance"},
        ],
        "offices": [
            {
                "id": "O1",
                "person": "P1",
                "kind": "ppc_vice_chairman",
                "agency": "UBND",
                "start": "2021-07-01",
                "end": "2024-03-31",
            },
            {"person": "P2", "kind": "agency_head", "agency": "STTTT", "start": "2020-01-01"},
            {"person": "P3", "kind": "agency_deputy_head", "agency": "STC", "start": "2022-01-01"},
        ],
        "documents": [
            {
                "id": "VB1",
                "signed_by": "P1",
                "capacity": "head",
                "seal": "ppc",
                "seal_agency": "UBND",
                "signed_on": "2024-01-10",
                "subject": "Phân công Thành viên",
            },
            {
                "id": "VB2",
                "signed_by": "P2",
                "capacity": "standing_office",
                "seal": "none",
                "signed_on": "2024-01-11",
            },
        ],
        "transactions": [
            {
                "id": "GD1",
                "date": "2024-03-25",
                "account_agency": "STTTT",
                "amount": 10_000_000,
                "for_committee": True,
                "decided_by": "P2",
            }
        ],
        "actions": [
            {
                "id": "HD1",
                "kind": "build_plans",
                "date": "2024-02-01",
                "actor": "P2",
                "target_agency": "UBND",
            },
            {"id": "HD2", "kind": "approve_estimate", "date": "2024-02-02"},
        ],
        "assignments": [
            {
                "id": "PC1",
                "kind": "member_duty",
                "assigned_by": "P1",
                "assignee": "P3",
                "assigned_on": "2024-01-10",
                "field": "Tài chính",
            },
            {
                "kind": "helper_task",
                "assigned_by": "P2",
                "assignee": "P4",
                "assigned_on": "2024-01-12",
            },
        ],
        "helper_appointments": [
            {
                "id": "TGV1",
                "person": "P4",
                "role": "helper_member",
                "decided_by": "P2",
                "decided_on": "2024-01-05",
                "part_time": True,
                "decision_ref": "01/QĐ-BCĐ",
            }
        ],
        "nominations": [
            {
                "id": "CU1",
                "person": "P4",
                "agency": "STC",
                "nominated_by": "P3",
                "decided_on": "2024-01-04",
            }
        ],
        "estimates": [
            {
                "id": "DT2024",
                "year": 2024,
                "amount": 100_000_000,
                "prepared_by": "P2",
                "prepared_on": "2023-11-01",
                "appraised_by": "STC",
                "appraised_on": "2023-11-20",
                "approved_by": "UBND",
                "approved_on": "2023-12-15",
                "dic_ceiling": 2_000_000_000,
            }
        ],
        "expenditures": [
            {
                "id": "C1",
                "estimate": "DT2024",
                "amount": 10_000_000,
                "date": "2024-03-25",
                "decided_by": "P2",
                "budget_line": "dic_operational",
                "purpose": "committee",
                "category": "meetings",
            },
            {
                "estimate": "DT2024",
                "amount": 2_000_000,
                "date": "2024-01-15",
                "budget_line": "dic_operational",
                "purpose": "helper_team",
                "category": "documents",
                "description": "In tài liệu",
            },
            {
                "amount": 500_000,
                "date": "2024-03-25",
                "budget_line": "other",
                "purpose": "other",
                "category": "entertainment",
            },
        ],
        "spending_limits": [
            {"category": "meetings", "per_item": 15_000_000, "source": "Giả định"},
            {
                "id": "DM2",
                "category": "research_report",
                "per_item": 30_000_000,
                "per_year": 60_000_000,
                "source": "TTLT 44/2007/TTLT-BTC-BKHCN",
            },
        ],
        "settlements": [
            {
                "id": "QT2024",
                "year": 2024,
                "settled_by": "P2",
                "settled_with": "STC",
                "settled_on": "2025-02-20",
            }
        ],
        "amendments": [
            {"id": "SD1", "decided_by": "P1", "decided_on": "2024-06-01", "description": "Bổ sung"}
        ],
        "calendar_overrides": [
            {
                "year": 2014,
                "days_off": ["2014-01-28", "2014-02-05"],
                "working_days": ["2014-01-25", "2014-02-08"],
                "source": "Thông báo nghỉ Tết 2014",
            }
        ],
    }


def rejected(doc: Any) -> CaseError:
    with pytest.raises(CaseError) as info:
        Case.from_dict(doc)
    return info.value


# --- round trips -------------------------------------------------------------------------------


def test_example_loads_and_round_trips_exactly() -> None:
    case = Case.from_dict(example())
    assert Case.from_dict(case.to_dict()) == case
    assert Case.from_json(case.to_json()) == case
    assert Case.from_json(case.to_json().encode()) == case
    assert json.loads(case.to_json()) == case.to_dict()
    assert case.positions[0].role is Role.HEAD
    assert case.authorisations[0].acts == (Act.CONSENT_SUBSTITUTE, Act.CONVENE_MEETING)
    assert case.calendar_overrides[0]["days_off"] == ["2014-01-28", "2014-02-05"]


def test_load_case_reads_a_file(tmp_path: Any) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(example(), ensure_ascii=False), encoding="utf-8")
    assert load_case(path) == Case.from_dict(example())
    with pytest.raises(CaseError) as info:
        load_case(tmp_path / "missing.json")
    assert info.value.path == "$"


def test_python_construction_validates_too() -> None:
    person = Person(id="P1", name="A")
    case = Case(
        people=(person,), positions=(Position(person="P1", role=Role.HEAD, start=D(2024, 1, 1)),)
    )
    assert case.person("P1") is person
    assert case.by_id("people", "P1") == Indexed("people[0]", person)
    assert attrs.evolve(case, name="x").name == "x"
    with pytest.raises(CaseError) as info:
        Position(person="P1", role=Role.HEAD, start=D(2024, 2, 1), end=D(2024, 1, 31))
    assert info.value.path == "end"
    with pytest.raises(CaseError) as info:
        Attendance(meeting="M1", person="P4", mode=AttendanceMode.SUBSTITUTE)
    assert info.value.path == "on_behalf_of"
    with pytest.raises(CaseError) as info:
        Case(people=(person, Person(id="P1", name="B")))
    assert info.value.path == "people[1].id"
    with pytest.raises(CaseError) as info:
        Case(people=[person])  # type: ignore[arg-type]
    assert info.value.path == "people"
    with pytest.raises(CaseError) as info:
        Position(person="P1", role="head", start=D(2024, 1, 1))  # type: ignore[arg-type]
    assert info.value.path == "role"
    with pytest.raises(CaseError) as info:
        Meeting(id="M1", kind=MeetingKind.REGULAR, date=dt.datetime(2024, 3, 25, 9))
    assert info.value.path == "date"


def test_working_calendar_uses_the_case_overrides() -> None:
    case = Case.from_dict(example())
    calendar = case.working_calendar()
    assert calendar is case.working_calendar()
    assert [o.year for o in calendar.overrides] == [2014]
    assert Case().working_calendar() is default_calendar()


def test_pickle_and_deepcopy_rebuild_the_indexes() -> None:
    case = Case.from_dict(example())
    case.working_calendar()
    for copied in (pickle.loads(pickle.dumps(case)), copy.deepcopy(case)):
        assert copied == case
        assert copied.consents_for("M1", "P3") == case.consents_for("M1", "P3")


def test_case_is_frozen_and_hashable() -> None:
    case = Case.from_dict(example())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        case.name = "x"  # type: ignore[misc]
    assert hash(case) == hash(Case.from_dict(example()))


# --- bad input: each names its field -----------------------------------------------------------


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation of the example: ``people.0.name`` set to ``value``."""

    def mutate(doc: dict[str, Any]) -> None:
        *steps, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target: Any = doc
        for step in steps:
            target = target[step]
        target[last] = value

    return mutate


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        *steps, last = path.split(".")
        target: Any = doc
        for step in steps:
            target = target[int(step)] if step.isdigit() else target[step]
        del target[last]

    return mutate


BAD = [
    # wrong types
    ("int for a string", _set("people.1.name", 5), "people[1].name"),
    ("int for an id", _set("people.1.id", 7), "people[1].id"),
    (
        "numeric string for an int",
        _set("calendar_overrides.0.year", "2014"),
        "calendar_overrides[0].year",
    ),
    ("float for an int", _set("calendar_overrides.0.year", 2014.0), "calendar_overrides[0].year"),
    ("bool for an int", _set("calendar_overrides.0.year", True), "calendar_overrides[0].year"),
    ("string for a bool", _set("people.1.on_dic_payroll", "true"), "people[1].on_dic_payroll"),
    ("int for a bool", _set("meetings.0.held", 1), "meetings[0].held"),
    ("null for a required string", _set("people.0.name", None), "people[0].name"),
    ("object for a list", _set("people", {"P1": {}}), "people"),
    ("string for a list", _set("dispatches.0.recipients", "P1"), "dispatches[0].recipients"),
    ("array for a record", _set("meetings.1", ["M2"]), "meetings[1]"),
    ("string for the name", _set("name", ["x"]), "name"),
    # enums
    ("unknown role", _set("positions.1.role", "chairman"), "positions[1].role"),
    ("unknown meeting kind", _set("meetings.0.kind", "Regular"), "meetings[0].kind"),
    ("unknown attendance mode", _set("attendances.0.mode", "proxy"), "attendances[0].mode"),
    ("unknown act", _set("authorisations.0.acts.1", "sign_anything"), "authorisations[0].acts[1]"),
    ("unknown report kind", _set("reports.1.kind", 2), "reports[1].kind"),
    ("unknown record kind", _set("records_complete.1", "people"), "records_complete[1]"),
    # dates
    ("impossible date", _set("meetings.0.date", "2024-02-30"), "meetings[0].date"),
    ("month 13", _set("consents.0.given_on", "2024-13-01"), "consents[0].given_on"),
    ("non-ISO date", _set("meetings.0.date", "2024-7-1"), "meetings[0].date"),
    ("compact date", _set("meetings.0.date", "20240701"), "meetings[0].date"),
    ("datetime", _set("meetings.0.date", "2024-07-01T09:00:00"), "meetings[0].date"),
    ("week date", _set("meetings.0.date", "2024-W01-1"), "meetings[0].date"),
    ("int date", _set("meetings.0.date", 20240701), "meetings[0].date"),
    ("year zero", _set("meetings.0.date", "0000-01-01"), "meetings[0].date"),
    (
        "bad override date",
        _set("calendar_overrides.0.days_off.1", "2014-02-29"),
        "calendar_overrides[0].days_off[1]",
    ),
    # invalid values
    ("negative year", _set("calendar_overrides.0.year", -1), "calendar_overrides[0].year"),
    ("bad quarter", _set("reports.0.quarter", "2024-Q5"), "reports[0].quarter"),
    ("quarter of year 0", _set("consultations.0.quarter", "0000-Q1"), "consultations[0].quarter"),
    ("empty id", _set("people.2.id", ""), "people[2].id"),
    ("id with a space", _set("meetings.0.id", "M 1"), "meetings[0].id"),
    ("id too long", _set("authorisations.0.id", "A" * 201), "authorisations[0].id"),
    ("text too long", _set("people.0.office", "x" * 10_001), "people[0].office"),
    ("no acts", _set("authorisations.0.acts", []), "authorisations[0].acts"),
    (
        "an act twice",
        _set("authorisations.0.acts.1", "consent_substitute"),
        "authorisations[0].acts[1]",
    ),
    ("a recipient twice", _set("dispatches.0.recipients.1", "P1"), "dispatches[0].recipients[1]"),
    ("kind listed twice", _set("records_complete.1", "consents"), "records_complete[1]"),
    ("override without year", _drop("calendar_overrides.0.year"), "calendar_overrides[0].year"),
    ("source not a string", _set("calendar_overrides.0.source", 1), "calendar_overrides[0].source"),
    (
        "override lists not arrays",
        _set("calendar_overrides.0.not_days_off", "2014-04-30"),
        "calendar_overrides[0].not_days_off",
    ),
    # the calendar's own consistency checks (kgrules.calendar), made at load time
    (
        "override day outside its year",
        _set("calendar_overrides.0.days_off.1", "2015-02-05"),
        "calendar_overrides[0].days_off[1]",
    ),
    (
        "weekday as a working day",
        _set("calendar_overrides.0.working_days.0", "2014-01-27"),
        "calendar_overrides[0].working_days[0]",
    ),
    (
        "day both off and working",
        _set("calendar_overrides.0.working_days.1", "2014-01-28"),
        "calendar_overrides[0].working_days[1]",
    ),
    (
        "two lists for one year",
        lambda d: d["calendar_overrides"].append({"year": 2014, "days_off": []}),
        "calendar_overrides[1].year",
    ),
    (
        "override with unknown key",
        _set("calendar_overrides.0.note", "x"),
        "calendar_overrides[0].note",
    ),
    # unknown and missing fields
    ("unknown field", _set("people.0.nickname", "A"), "people[0].nickname"),
    ("unknown top-level field", _set("facts", []), "facts"),
    ("missing field", _drop("people.3.name"), "people[3].name"),
    ("missing meeting date", _drop("meetings.1.date"), "meetings[1].date"),
    # integrity
    ("unknown person", _set("consents.0.member", "P99"), "consents[0].member"),
    (
        "unknown person in a list",
        _set("consultations.0.addressees.1", "P99"),
        "consultations[0].addressees[1]",
    ),
    ("unknown meeting", _set("dispatches.0.meeting", "M9"), "dispatches[0].meeting"),
    ("unknown grantee", _set("authorisations.0.grantee", "P9"), "authorisations[0].grantee"),
    ("duplicate person id", _set("people.3.id", "P2"), "people[3].id"),
    ("duplicate meeting id", _set("meetings.1.id", "M1"), "meetings[1].id"),
    ("end before start", _set("positions.2.end", "2023-12-31"), "positions[2].end"),
    (
        "valid_to before valid_from",
        _set("authorisations.0.valid_to", "2023-01-01"),
        "authorisations[0].valid_to",
    ),
    ("substitute for no one", _drop("attendances.1.on_behalf_of"), "attendances[1].on_behalf_of"),
    (
        "in person for someone",
        _set("attendances.0.on_behalf_of", "P3"),
        "attendances[0].on_behalf_of",
    ),
    (
        "substitute for oneself",
        _set("attendances.1.on_behalf_of", "P4"),
        "attendances[1].on_behalf_of",
    ),
    ("self-authorisation", _set("authorisations.0.grantee", "P1"), "authorisations[0].grantee"),
    ("quarterly report without quarter", _drop("reports.0.quarter"), "reports[0].quarter"),
    # --- Điều 2–9, 12, 13 ---
    # money: whole đồng, a JSON integer from 0 to 10^15
    ("string for money", _set("expenditures.0.amount", "10000000"), "expenditures[0].amount"),
    ("float for money", _set("expenditures.0.amount", 10_000_000.0), "expenditures[0].amount"),
    ("fraction for money", _set("transactions.0.amount", 1500.5), "transactions[0].amount"),
    ("bool for money", _set("expenditures.0.amount", True), "expenditures[0].amount"),
    ("negative money", _set("expenditures.1.amount", -1), "expenditures[1].amount"),
    ("negative transaction", _set("transactions.0.amount", -5), "transactions[0].amount"),
    ("negative estimate", _set("estimates.0.amount", -100), "estimates[0].amount"),
    ("negative ceiling", _set("estimates.0.dic_ceiling", -1), "estimates[0].dic_ceiling"),
    ("negative limit", _set("spending_limits.1.per_year", -1), "spending_limits[1].per_year"),
    ("huge money", _set("expenditures.0.amount", 10**15 + 1), "expenditures[0].amount"),
    ("huge ceiling", _set("estimates.0.dic_ceiling", 10**40), "estimates[0].dic_ceiling"),
    (
        "string for a limit",
        _set("spending_limits.0.per_item", "1e6"),
        "spending_limits[0].per_item",
    ),
    # years
    ("string year", _set("estimates.0.year", "2024"), "estimates[0].year"),
    ("float year", _set("settlements.0.year", 2024.0), "settlements[0].year"),
    ("bool year", _set("settlements.0.year", True), "settlements[0].year"),
    ("year before 2008", _set("estimates.0.year", 2007), "estimates[0].year"),
    ("year after 2100", _set("settlements.0.year", 2101), "settlements[0].year"),
    # enums and types
    ("unknown agency kind", _set("agencies.0.kind", "province"), "agencies[0].kind"),
    ("unknown office kind", _set("offices.1.kind", "director"), "offices[1].kind"),
    ("unknown capacity", _set("documents.0.capacity", "Head"), "documents[0].capacity"),
    ("unknown seal", _set("documents.1.seal", "stamp"), "documents[1].seal"),
    ("unknown action kind", _set("actions.1.kind", "approve_budget"), "actions[1].kind"),
    ("unknown assignment kind", _set("assignments.1.kind", "task"), "assignments[1].kind"),
    (
        "unknown budget line",
        _set("expenditures.0.budget_line", "dic"),
        "expenditures[0].budget_line",
    ),
    ("unknown purpose", _set("expenditures.2.purpose", "party"), "expenditures[2].purpose"),
    ("unknown category", _set("expenditures.1.category", 3), "expenditures[1].category"),
    (
        "unknown limit category",
        _set("spending_limits.0.category", "x"),
        "spending_limits[0].category",
    ),
    (
        "unknown helper role",
        _set("helper_appointments.0.role", "boss"),
        "helper_appointments[0].role",
    ),
    (
        "int for for_committee",
        _set("transactions.0.for_committee", 1),
        "transactions[0].for_committee",
    ),
    (
        "string for part_time",
        _set("helper_appointments.0.part_time", "yes"),
        "helper_appointments[0].part_time",
    ),
    ("int for a text", _set("actions.0.description", 5), "actions[0].description"),
    ("null for a required id", _set("documents.0.id", None), "documents[0].id"),
    ("bad agency date", _set("agencies.2.start", "2025-02-29"), "agencies[2].start"),
    ("missing amount", _drop("expenditures.0.amount"), "expenditures[0].amount"),
    ("missing limit source", _drop("spending_limits.0.source"), "spending_limits[0].source"),
    ("unknown expenditure field", _set("expenditures.0.vat", 10), "expenditures[0].vat"),
    # dangling references
    ("unknown agency of an office", _set("offices.0.agency", "SXX"), "offices[0].agency"),
    ("unknown successor", _set("agencies.1.successor", "NOPE"), "agencies[1].successor"),
    ("unknown seal agency", _set("documents.0.seal_agency", "SXX"), "documents[0].seal_agency"),
    (
        "unknown account",
        _set("transactions.0.account_agency", "SXX"),
        "transactions[0].account_agency",
    ),
    ("unknown target agency", _set("actions.0.target_agency", "SXX"), "actions[0].target_agency"),
    ("unknown appraiser", _set("estimates.0.appraised_by", "P2"), "estimates[0].appraised_by"),
    ("unknown approver", _set("estimates.0.approved_by", "SXX"), "estimates[0].approved_by"),
    (
        "unknown settled_with",
        _set("settlements.0.settled_with", "SXX"),
        "settlements[0].settled_with",
    ),
    ("unknown nominating agency", _set("nominations.0.agency", "SXX"), "nominations[0].agency"),
    ("unknown office holder", _set("offices.1.person", "P9"), "offices[1].person"),
    ("unknown signer", _set("documents.1.signed_by", "STTTT"), "documents[1].signed_by"),
    (
        "unknown transaction decider",
        _set("transactions.0.decided_by", "P9"),
        "transactions[0].decided_by",
    ),
    ("unknown actor", _set("actions.0.actor", "P9"), "actions[0].actor"),
    ("unknown assignee", _set("assignments.1.assignee", "P9"), "assignments[1].assignee"),
    (
        "unknown appointee",
        _set("helper_appointments.0.person", "P9"),
        "helper_appointments[0].person",
    ),
    (
        "unknown appointer",
        _set("helper_appointments.0.decided_by", "P9"),
        "helper_appointments[0].decided_by",
    ),
    ("unknown nominator", _set("nominations.0.nominated_by", "P9"), "nominations[0].nominated_by"),
    ("unknown preparer", _set("estimates.0.prepared_by", "P9"), "estimates[0].prepared_by"),
    ("unknown estimate", _set("expenditures.1.estimate", "DT2099"), "expenditures[1].estimate"),
    ("estimate named by year", _set("expenditures.0.estimate", "2024"), "expenditures[0].estimate"),
    ("unknown spender", _set("expenditures.0.decided_by", "P9"), "expenditures[0].decided_by"),
    ("unknown settler", _set("settlements.0.settled_by", "P9"), "settlements[0].settled_by"),
    ("unknown amender", _set("amendments.0.decided_by", "P9"), "amendments[0].decided_by"),
    # duplicate ids within a kind
    ("duplicate agency id", _set("agencies.3.id", "UBND"), "agencies[3].id"),
    ("duplicate office id", _set("offices.2.id", "O1"), "offices[2].id"),
    ("duplicate document id", _set("documents.1.id", "VB1"), "documents[1].id"),
    (
        "duplicate transaction id",
        lambda d: d["transactions"].append(copy.deepcopy(d["transactions"][0])),
        "transactions[1].id",
    ),
    ("duplicate action id", _set("actions.1.id", "HD1"), "actions[1].id"),
    ("duplicate assignment id", _set("assignments.1.id", "PC1"), "assignments[1].id"),
    (
        "duplicate appointment id",
        lambda d: d["helper_appointments"].append(copy.deepcopy(d["helper_appointments"][0])),
        "helper_appointments[1].id",
    ),
    (
        "duplicate nomination id",
        lambda d: d["nominations"].append(copy.deepcopy(d["nominations"][0])),
        "nominations[1].id",
    ),
    (
        "duplicate estimate id",
        lambda d: d["estimates"].append({**d["estimates"][0], "year": 2025}),
        "estimates[1].id",
    ),
    ("duplicate expenditure id", _set("expenditures.2.id", "C1"), "expenditures[2].id"),
    ("duplicate limit id", _set("spending_limits.0.id", "DM2"), "spending_limits[1].id"),
    (
        "duplicate settlement id",
        lambda d: d["settlements"].append({**d["settlements"][0], "year": 2025}),
        "settlements[1].id",
    ),
    (
        "duplicate amendment id",
        lambda d: d["amendments"].append(copy.deepcopy(d["amendments"][0])),
        "amendments[1].id",
    ),
    # record-level checks
    (
        "helper appointment with a non-helper role",
        _set("helper_appointments.0.role", "member"),
        "helper_appointments[0].role",
    ),
    (
        "helper appointment as Head",
        _set("helper_appointments.0.role", "head"),
        "helper_appointments[0].role",
    ),
    (
        "limit with neither amount",
        _drop("spending_limits.0.per_item"),
        "spending_limits[0].per_item",
    ),
    (
        "limit with both amounts null",
        lambda d: d["spending_limits"][1].update(per_item=None, per_year=None),
        "spending_limits[1].per_item",
    ),
    ("agency end before start", _set("agencies.2.end", "2025-02-28"), "agencies[2].end"),
    ("office end before start", _set("offices.0.end", "2021-06-30"), "offices[0].end"),
    ("agency its own successor", _set("agencies.1.successor", "STTTT"), "agencies[1].successor"),
    ("successors in a loop", _set("agencies.2.successor", "STTTT"), "agencies[1].successor"),
    ("self-assignment", _set("assignments.0.assignee", "P1"), "assignments[0].assignee"),
    ("seal agency without a seal", _set("documents.0.seal", "none"), "documents[0].seal_agency"),
]


@pytest.mark.parametrize(("mutate", "path"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_names_the_field(mutate: Callable[[dict[str, Any]], None], path: str) -> None:
    doc = example()
    mutate(doc)
    error = rejected(doc)
    assert error.path == path, error
    assert error.message
    # The same document as JSON text gives the same error.
    with pytest.raises(CaseError) as info:
        Case.from_json(json.dumps(doc))
    assert info.value.path == path


def test_misspelt_field_is_reported_as_unknown_rather_than_missing() -> None:
    doc = example()
    doc["people"][0]["nmae"] = doc["people"][0].pop("name")
    assert rejected(doc).path == "people[0].nmae"


def test_first_offending_record_is_reported() -> None:
    doc = example()
    doc["consents"][0]["member"] = "P98"
    doc["reports"][1]["member"] = "P99"
    assert rejected(doc).path == "consents[0].member"


def test_ids_are_namespaced_by_kind() -> None:
    """A person and a meeting may share an id: references always say which kind they name."""
    doc = example()
    doc["people"].append({"id": "M1", "name": "Trùng mã với cuộc họp"})
    case = Case.from_dict(doc)
    assert case.person("M1").name.startswith("Trùng")
    assert case.meeting("M1").kind is MeetingKind.REGULAR
    assert case.has("people", "M1") and case.has("meetings", "M1")
    assert not case.has("reports", "M1")


def test_records_without_ids_may_repeat_but_ids_may_not() -> None:
    doc = example()
    doc["positions"][1]["id"] = "POS1"
    assert rejected(doc).path == "positions[1].id"
    assert "first at positions[0]" in rejected(doc).message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("[]", "$"),
        ('"case"', "$"),
        ("{", "$"),
        ('{"name": NaN}', "name"),
        ("NaN", "$"),
        ('{"people": [{"id": "P1", "name": "x"}, {"id": "P2", "name": -Infinity}]}',
         "people[1].name"),
        ("{} {}", "$"),
        ("[" * 100_000 + "]" * 100_000, "$"),
        ('{"name": "a", "name": "b"}', "name"),
        ('{"people": [{"id": "P1", "id": "P2", "name": "x"}]}', "people[0].id"),
    ],
)
def test_bad_json_text(text: str, path: str) -> None:
    with pytest.raises(CaseError) as info:
        Case.from_json(text)
    assert info.value.path == path


def test_invalid_utf8_and_other_inputs() -> None:
    with pytest.raises(CaseError) as info:
        Case.from_json(b'{"name": "\xff"}')
    assert info.value.path == "$"
    with pytest.raises(CaseError):
        Case.from_json(42)  # type: ignore[arg-type]
    assert rejected(["not", "an", "object"]).path == "$"
    assert rejected(None).path == "$"


def test_deep_nesting() -> None:
    nested: Any = "x"
    for _ in range(40):
        nested = [nested]
    doc = example()
    doc["people"][0]["name"] = nested
    # root 1, people 2, person 3, name 4: the first level too deep lies 29 steps below name.
    expected = "people[0].name" + "[0]" * (MAX_DEPTH + 1 - 4)
    assert rejected(doc).path == expected
    with pytest.raises(CaseError) as info:
        Case.from_json(json.dumps(doc))
    assert info.value.path == expected


def test_cyclic_input_is_rejected_not_hung() -> None:
    doc = example()
    loop: list[Any] = []
    loop.append(loop)
    doc["people"][0]["name"] = loop
    assert "nesting" in rejected(doc).message


def test_size_and_count_limits() -> None:
    with pytest.raises(CaseError) as info:
        Case.from_json('{"name": "' + "a" * MAX_BYTES + '"}')
    assert info.value.path == "$"
    with pytest.raises(CaseError) as info:
        Case.from_json(b" " * (MAX_BYTES + 1))
    assert info.value.path == "$"
    assert rejected({"people": [None] * (MAX_RECORDS + 1)}).path == "people"
    half = MAX_RECORDS // 2 + 1
    assert rejected({"people": [None] * half, "reports": [None] * half}).path == "$"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_corruption_gives_a_case_error_or_a_case(data: st.DataObject) -> None:
    """Replacing any one value by any JSON value never escapes as another exception."""
    doc = example()
    leaves: list[tuple[Any, Any]] = []

    def collect(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            leaves.append((node, key))
            if isinstance(value, dict | list):
                collect(value)

    collect(doc)
    node, key = data.draw(st.sampled_from(leaves))
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.just("2024-01-01"),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
        max_leaves=5,
    )
    node[key] = data.draw(json_values)
    try:
        case = Case.from_dict(doc)
    except CaseError as error:
        assert error.path
    else:
        assert Case.from_dict(case.to_dict()) == case


# --- identical records, paths and indexes ------------------------------------------------------


def test_identical_records_are_two_records() -> None:
    doc = example()
    doc["reports"].append(copy.deepcopy(doc["reports"][0]))
    doc["consents"].append(copy.deepcopy(doc["consents"][0]))
    case = Case.from_dict(doc)
    assert len(case.reports) == 3
    quarterly = case.reports_of("P3", "2024-Q1")
    assert [ix.path for ix in quarterly] == ["reports[0]", "reports[2]"]
    assert quarterly[0].record == quarterly[1].record
    assert [ix.path for ix in case.consents_for("M1", "P3")] == ["consents[0]", "consents[1]"]
    assert Case.from_dict(case.to_dict()) == case


def test_paths_and_record_at() -> None:
    case = Case.from_dict(example())
    for kind in KIND_CLASSES:
        for i, ix in enumerate(case.records(kind)):
            assert ix.path == f"{kind}[{i}]"
            assert case.record_at(ix.path) is ix.record is getattr(case, kind)[i]
    for bad in ("consents[9]", "nothing[0]", "consents", "calendar_overrides[0]"):
        with pytest.raises(KeyError):
            case.record_at(bad)
    with pytest.raises(ValueError):
        case.records("nothing")


def test_lookups() -> None:
    case = Case.from_dict(example())
    assert case.person("P3").agency == "Sở Tài chính"
    assert case.meeting("M2").kind is MeetingKind.EXTRAORDINARY
    assert case.by_id("meetings", "M2").path == "meetings[1]"
    path, person = case.by_id("people", "P3")
    assert (path, person.id) == ("people[2]", "P3")
    assert case.has("people", "P4") and not case.has("people", "P5")
    assert case.has("meetings", "M2") and not case.has("meetings", "P1")
    assert case.has("consultations", "WC1") and not case.has("reports", "WC1")
    assert case.by_id("consultations", "WC1").path == "consultations[0]"
    assert case.by_id("authorisations", "UQ1").path == "authorisations[0]"
    assert case.by_id("positions", "POS1").record.role is Role.HEAD
    with pytest.raises(KeyError):
        case.by_id("positions", "POS2")
    assert [ix.path for ix in case.absence_reports_for("M1", "P3")] == ["absence_reports[0]"]
    assert case.absence_reports_for("M2", "P3") == ()
    assert [ix.path for ix in case.attendances_for("M1")] == ["attendances[0]", "attendances[1]"]
    assert case.attendances_for("M2") == ()
    assert [ix.path for ix in case.dispatches_for("M1")] == ["dispatches[0]"]
    assert [ix.path for ix in case.invitations_for("M1")] == ["invitations[0]"]
    assert [ix.path for ix in case.reports_of("P3")] == ["reports[0]", "reports[1]"]
    assert case.reports_of("P3", "2024-Q2") == ()
    assert [ix.path for ix in case.authorisations_of("P2")] == ["authorisations[0]"]
    assert case.authorisations_to("P2") == case.authorisations_of("P2")
    assert case.authorisations_of("P1") == ()
    assert [ix.path for ix in case.consultations_for("2024-Q2")] == ["consultations[0]"]
    assert case.consultations_for(2024, 2) == case.consultations_for("2024-Q2")
    assert case.consultations_for("2024-Q1") == ()
    assert [ix.path for ix in case.meetings_for_quarter("2024-Q1")] == ["meetings[0]"]
    assert case.meetings_for_quarter(2024, 1) == case.meetings_for_quarter("2024-Q1")
    with pytest.raises(ValueError):
        case.meetings_for_quarter(2024, 5)
    assert [ix.path for ix in case.positions_of("P3")] == ["positions[2]"]
    assert case.positions_of("P4") == ()
    assert case.is_complete("consents") and not case.is_complete("reports")
    with pytest.raises(ValueError):
        case.is_complete("people")
    with pytest.raises(ValueError):
        case.consultations_for("2024-q2")


@pytest.mark.parametrize(
    "lookup",
    [
        lambda c: c.person("P9"),
        lambda c: c.meeting("M9"),
        lambda c: c.positions_of("P9"),
        lambda c: c.consents_for("M9", "P3"),
        lambda c: c.consents_for("M1", "P9"),
        lambda c: c.absence_reports_for("M1", "P9"),
        lambda c: c.attendances_for("M9"),
        lambda c: c.dispatches_for("M9"),
        lambda c: c.invitations_for("M9"),
        lambda c: c.reports_of("P9"),
        lambda c: c.authorisations_of("P9"),
        lambda c: c.by_id("people", "P9"),
        lambda c: c.by_id("meetings", "M9"),
        lambda c: c.by_id("reports", "R9"),
        lambda c: c.by_id("consultations", "WC9"),
        lambda c: c.agency("S9"),
        lambda c: c.by_id("agencies", "S9"),
        lambda c: c.agency("P1"),
        lambda c: c.successors("S9"),
        lambda c: c.by_id("offices", "O9"),
        lambda c: c.offices_of("P9"),
        lambda c: c.office_holders(OfficeKind.AGENCY_HEAD, D(2024, 1, 1), "S9"),
        lambda c: c.by_id("documents", "VB9"),
        lambda c: c.by_id("transactions", "GD9"),
        lambda c: c.by_id("actions", "HD9"),
        lambda c: c.by_id("assignments", "PC9"),
        lambda c: c.assignments_to("P9"),
        lambda c: c.by_id("helper_appointments", "TGV9"),
        lambda c: c.helper_appointments_of("P9"),
        lambda c: c.by_id("nominations", "CU9"),
        lambda c: c.nominations_of("P9"),
        lambda c: c.by_id("estimates", "DT9"),
        lambda c: c.by_id("expenditures", "C9"),
        lambda c: c.expenditures_for("DT9"),
        lambda c: c.expenditures_for("C1"),
        lambda c: c.spent_before("DT9", "expenditures[0]"),
        lambda c: c.spent_before("DT2024", "expenditures[3]"),
        lambda c: c.spent_before("DT2024", "expenditures[-1]"),
        lambda c: c.spent_before("DT2024", "expenditures"),
        lambda c: c.spent_before("DT2024", "consents[0]"),
        lambda c: c.spent_before("DT2024", "C1"),
        lambda c: c.spent_in_year_before(2024, None, "expenditures[3]"),
        lambda c: c.by_id("spending_limits", "DM9"),
        lambda c: c.by_id("settlements", "QT9"),
        lambda c: c.by_id("amendments", "SD9"),
    ],
)
def test_unknown_ids_raise_key_error(lookup: Callable[[Case], object]) -> None:
    with pytest.raises(KeyError):
        lookup(Case.from_dict(example()))


def test_meeting_quarter() -> None:
    assert Meeting(id="M", kind=MeetingKind.REGULAR, date=D(2024, 4, 2)).for_quarter == (2024, 2)
    late = Meeting(id="M", kind=MeetingKind.REGULAR, date=D(2024, 4, 2), quarter="2024-Q1")
    assert late.for_quarter == (2024, 1)
    case = Case(meetings=(late,))
    assert [ix.path for ix in case.meetings_for_quarter("2024-Q1")] == ["meetings[0]"]
    assert case.meetings_for_quarter("2024-Q2") == ()


def test_positions_on_and_holders_at_the_boundaries() -> None:
    case = Case.from_dict(example())
    member = "positions[2]"  # P3, 2024-01-01 .. 2024-03-31

    def paths(found: tuple[Indexed[Position], ...]) -> list[str]:
        return [ix.path for ix in found]

    assert paths(case.positions_on(D(2023, 12, 31))) == []
    assert paths(case.positions_on(D(2024, 1, 1))) == ["positions[0]", "positions[1]", member]
    assert paths(case.positions_on(D(2024, 3, 31))) == ["positions[0]", "positions[1]", member]
    assert paths(case.positions_on(D(2024, 4, 1))) == ["positions[0]", "positions[1]"]
    assert paths(case.positions_on(D(9999, 12, 31))) == ["positions[0]", "positions[1]"]
    assert paths(case.holders(Role.MEMBER, D(2024, 1, 1))) == [member]
    assert paths(case.holders(Role.MEMBER, D(2024, 3, 31))) == [member]
    assert paths(case.holders(Role.MEMBER, D(2024, 4, 1))) == []
    assert paths(case.holders(Role.HEAD, D(2030, 1, 1))) == ["positions[0]"]
    assert paths(case.holders(Role.DEPUTY, D(2024, 2, 1))) == []
    with pytest.raises(TypeError):
        case.positions_on(dt.datetime(2024, 1, 1))  # type: ignore[arg-type]


DAYS = st.integers(0, 60).map(lambda n: D(2024, 1, 1) + dt.timedelta(days=n))


@settings(max_examples=200, deadline=None)
@given(
    spans=st.lists(
        st.tuples(st.sampled_from(list(Role)), DAYS, st.none() | st.integers(0, 20)), max_size=40
    ),
    days=st.lists(DAYS, min_size=1, max_size=10),
)
def test_interval_index_agrees_with_a_scan(
    spans: list[tuple[Role, dt.date, int | None]], days: list[dt.date]
) -> None:
    positions = tuple(
        Position(
            person="P1",
            role=role,
            start=start,
            end=None if length is None else start + dt.timedelta(days=length),
        )
        for role, start, length in spans
    )
    case = Case(people=(Person(id="P1", name="A"),), positions=positions)
    for day in days:
        expected = [f"positions[{i}]" for i, p in enumerate(positions) if p.in_force(day)]
        assert [ix.path for ix in case.positions_on(day)] == expected
        for role in Role:
            by_role = [
                f"positions[{i}]"
                for i, p in enumerate(positions)
                if p.role is role and p.in_force(day)
            ]
            assert [ix.path for ix in case.holders(role, day)] == by_role


# --- Điều 2–9, 12, 13: agencies, offices, documents, money -------------------------------------


def paths(found: tuple[Indexed[Any], ...]) -> list[str]:
    return [ix.path for ix in found]


def test_new_kinds_are_listed_and_can_be_declared_complete() -> None:
    new = {
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
    for kind, cls in new.items():
        assert KIND_CLASSES[kind] is cls
        assert kind in RECORD_KINDS
    assert set(RECORD_KINDS) == set(KIND_CLASSES) - {"people"}
    doc = example()
    doc["records_complete"] = ["expenditures", "amendments"]
    case = Case.from_dict(doc)
    assert case.is_complete("expenditures") and not case.is_complete("estimates")
    assert case.to_dict()["records_complete"] == ["amendments", "expenditures"]


def test_every_reference_field_names_its_kind() -> None:
    """A field holding an id (other than the record's own) says which kind it names."""
    for cls in KIND_CLASSES.values():
        for field in attrs.fields(cls):
            if field.name != "id" and field.metadata.get("format") == "id":
                assert field.metadata.get("ref") in REF_TARGETS, (cls.__name__, field.name)
            assert field.metadata["vi"] and field.metadata["en"], (cls.__name__, field.name)
    assert set(REF_TARGETS.values()) <= set(KIND_CLASSES)
    assert tuple(REF_TARGETS) == REF_KINDS


def test_new_records_construct_and_validate_in_python() -> None:
    day = D(2024, 1, 1)
    spend = Expenditure(
        amount=0,
        date=day,
        budget_line=BudgetLine.DIC_OPERATIONAL,
        purpose=SpendingPurpose.COMMITTEE,
        category=SpendingCategory.MEETINGS,
    )
    assert spend.estimate is None and spend.id is None
    assert attrs.evolve(spend, amount=10**15).amount == 10**15
    for bad in (-1, 10**15 + 1, 1.0, True, "5", None):
        with pytest.raises(CaseError) as info:
            attrs.evolve(spend, amount=bad)  # type: ignore[arg-type]
        assert info.value.path == "amount"
    with pytest.raises(CaseError) as info:
        attrs.evolve(spend, category="meetings")  # type: ignore[arg-type]
    assert info.value.path == "category"
    for bad_year in (2007, 2101, 2024.0, "2024", False):
        with pytest.raises(CaseError) as info:
            BudgetEstimate(id="DT", year=bad_year, amount=1)  # type: ignore[arg-type]
        assert info.value.path == "year"
    with pytest.raises(CaseError) as info:
        HelperAppointment(id="A", person="P", role=Role.MEMBER, decided_by="Q", decided_on=day)
    assert info.value.path == "role" and "member" in info.value.message
    for role in (Role.HELPER_LEADER, Role.HELPER_MEMBER):
        HelperAppointment(id="A", person="P", role=role, decided_by="Q", decided_on=day)
    with pytest.raises(CaseError) as info:
        SpendingLimit(category=SpendingCategory.TRAVEL, source="x")
    assert info.value.path == "per_item"
    assert SpendingLimit(category=SpendingCategory.TRAVEL, per_year=0, source="x").per_year == 0
    with pytest.raises(CaseError) as info:
        Agency(id="A", name="A", kind=AgencyKind.OTHER, start=day, end=D(2023, 12, 31))
    assert info.value.path == "end"
    # An agency without a start may have any end.
    assert Agency(id="A", name="A", kind=AgencyKind.OTHER, end=D(2000, 1, 1)).in_force(D(1, 1, 1))
    with pytest.raises(CaseError) as info:
        Office(person="P", kind=OfficeKind.STAFF, start=day, end=D(2023, 12, 31))
    assert info.value.path == "end"
    with pytest.raises(CaseError) as info:
        Assignment(kind=AssignmentKind.HELPER_TASK, assigned_by="P", assignee="P", assigned_on=day)
    assert info.value.path == "assignee"
    with pytest.raises(CaseError) as info:
        Document(
            id="VB",
            signed_by="P",
            capacity=Capacity.HEAD,
            seal=Seal.NONE,
            seal_agency="UBND",
            signed_on=day,
        )
    assert info.value.path == "seal_agency"
    with pytest.raises(CaseError) as info:
        Transaction(id="T", date=day, account_agency="A", amount=1, for_committee=1)  # type: ignore[arg-type]
    assert info.value.path == "for_committee"


def test_agency_lookups_and_existence_at_the_boundaries() -> None:
    case = Case.from_dict(example())
    assert case.agency("STC").kind is AgencyKind.FINANCE
    assert case.by_id("agencies", "SKHCN") == Indexed("agencies[2]", case.agencies[2])
    assert case.has("agencies", "UBND") and not case.has("agencies", "P1")
    standing = AgencyKind.STANDING_AGENCY
    assert paths(case.agencies_of_kind(standing, D(1, 1, 1))) == ["agencies[1]"]
    assert paths(case.agencies_of_kind(standing, D(2025, 2, 28))) == ["agencies[1]"]
    assert paths(case.agencies_of_kind(standing, D(2025, 3, 1))) == ["agencies[2]"]
    assert paths(case.agencies_of_kind(standing, D(9999, 12, 31))) == ["agencies[2]"]
    assert paths(case.agencies_of_kind(AgencyKind.PPC, D(2025, 6, 30))) == ["agencies[0]"]
    assert case.agencies_of_kind(AgencyKind.PPC, D(2025, 7, 1)) == ()
    assert case.agencies_of_kind(AgencyKind.DISTRICT, D(2024, 1, 1)) == ()
    assert case.agencies_of_kind("finance", D(2024, 1, 1)) == (  # type: ignore[arg-type]
        case.by_id("agencies", "STC"),
    )
    with pytest.raises(ValueError):
        case.agencies_of_kind("province", D(2024, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        case.agencies_of_kind(standing, dt.datetime(2025, 3, 1))
    assert case.successors("STTTT") == (case.by_id("agencies", "SKHCN"),)
    assert case.successors("SKHCN") == ()


def test_successor_chains_are_followed_and_loops_rejected() -> None:
    chain = [
        Agency(id=f"A{i}", name=f"A{i}", kind=AgencyKind.DEPARTMENT, successor=f"A{i + 1}")
        for i in range(500)
    ]
    agencies = (*chain, Agency(id="A500", name="A500", kind=AgencyKind.STANDING_AGENCY))
    case = Case(agencies=agencies)
    assert [ix.record.id for ix in case.successors("A498")] == ["A499", "A500"]
    assert len(case.successors("A0")) == 500
    looped = (*agencies[:-1], attrs.evolve(agencies[-1], successor="A250"))
    with pytest.raises(CaseError) as info:
        Case(agencies=looped)
    assert info.value.path == "agencies[0].successor"
    assert "A250 -> A251" in info.value.message and info.value.message.endswith("A500 -> A250")


def test_office_lookups_at_the_boundaries() -> None:
    case = Case.from_dict(example())
    vice = OfficeKind.PPC_VICE_CHAIRMAN
    assert paths(case.offices_of("P1")) == ["offices[0]"]
    assert case.offices_of("P4") == ()
    assert case.by_id("offices", "O1").record.person == "P1"
    assert case.has("offices", "O1") and not case.has("offices", "O2")
    assert paths(case.offices_on(D(2021, 6, 30))) == ["offices[1]"]
    assert paths(case.offices_on(D(2021, 7, 1))) == ["offices[0]", "offices[1]"]
    assert paths(case.offices_on(D(2024, 3, 31))) == ["offices[0]", "offices[1]", "offices[2]"]
    assert paths(case.offices_on(D(2024, 4, 1))) == ["offices[1]", "offices[2]"]
    assert paths(case.office_holders(vice, D(2024, 3, 31))) == ["offices[0]"]
    assert paths(case.office_holders(vice, D(2024, 3, 31), "UBND")) == ["offices[0]"]
    assert case.office_holders(vice, D(2024, 4, 1), "UBND") == ()
    assert case.office_holders(vice, D(2024, 3, 31), "STC") == ()
    assert case.office_holders(vice, D(2021, 6, 30)) == ()
    head = OfficeKind.AGENCY_HEAD
    assert case.office_holders(head, D(2019, 12, 31), "STTTT") == ()
    assert paths(case.office_holders(head, D(2020, 1, 1), "STTTT")) == ["offices[1]"]
    assert paths(case.office_holders("agency_deputy_head", D(2030, 1, 1))) == [  # type: ignore[arg-type]
        "offices[2]"
    ]
    assert case.office_holders(OfficeKind.PPC_CHAIRMAN, D(2024, 1, 1)) == ()
    with pytest.raises(ValueError):
        case.office_holders("mayor", D(2024, 1, 1))  # type: ignore[arg-type]


def test_record_lookups_of_the_new_kinds() -> None:
    case = Case.from_dict(example())
    assert case.by_id("documents", "VB1").record.seal is Seal.PPC
    assert case.has("documents", "VB2") and not case.has("documents", "VB3")
    assert case.by_id("transactions", "GD1").record.amount == 10_000_000
    assert case.has("transactions", "GD1") and not case.has("transactions", "VB1")
    assert case.by_id("actions", "HD2").record.kind is ActionKind.APPROVE_ESTIMATE
    assert case.has("actions", "HD1") and not case.has("actions", "HD3")
    assert case.by_id("assignments", "PC1").path == "assignments[0]"
    assert case.has("assignments", "PC1") and not case.has("assignments", "PC2")
    assert paths(case.assignments_to("P3")) == ["assignments[0]"]
    assert paths(case.assignments_to("P4")) == ["assignments[1]"]
    assert case.assignments_to("P1") == ()
    assert case.by_id("helper_appointments", "TGV1").record.part_time is True
    assert case.has("helper_appointments", "TGV1") and not case.has("helper_appointments", "CU1")
    assert paths(case.helper_appointments_of("P4")) == ["helper_appointments[0]"]
    assert case.helper_appointments_of("P3") == ()
    assert case.by_id("nominations", "CU1").record.agency == "STC"
    assert case.has("nominations", "CU1") and not case.has("nominations", "TGV1")
    assert paths(case.nominations_of("P4")) == ["nominations[0]"]
    assert case.nominations_of("P2") == ()
    assert case.by_id("estimates", "DT2024").record.dic_ceiling == 2_000_000_000
    assert case.has("estimates", "DT2024") and not case.has("estimates", "DT2025")
    assert paths(case.estimates_for(2024)) == ["estimates[0]"]
    assert case.estimates_for(2023) == ()
    assert case.by_id("expenditures", "C1").path == "expenditures[0]"
    assert case.has("expenditures", "C1") and not case.has("expenditures", "C2")
    assert paths(case.spending_limits_for(SpendingCategory.MEETINGS)) == ["spending_limits[0]"]
    assert paths(case.spending_limits_for("research_report")) == [  # type: ignore[arg-type]
        "spending_limits[1]"
    ]
    assert case.spending_limits_for(SpendingCategory.EXPERTS) == ()
    assert case.by_id("spending_limits", "DM2").record.per_year == 60_000_000
    assert case.has("spending_limits", "DM2") and not case.has("spending_limits", "DM1")
    assert case.by_id("settlements", "QT2024").record.settled_with == "STC"
    assert case.has("settlements", "QT2024") and not case.has("settlements", "QT2023")
    assert paths(case.settlements_for(2024)) == ["settlements[0]"]
    assert case.settlements_for(2025) == ()
    assert case.by_id("amendments", "SD1").record.decided_by == "P1"
    assert case.has("amendments", "SD1") and not case.has("amendments", "SD2")
    assert case.by_id("agencies", "STC").path == "agencies[3]"
    assert case.has("estimates", "DT2024") and not case.has("expenditures", "DT2024")
    for year in ("2024", 2024.0, True):
        with pytest.raises(TypeError):
            case.estimates_for(year)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        case.spending_limits_for("gifts")  # type: ignore[arg-type]


def test_spending_order_and_running_totals() -> None:
    case = Case.from_dict(example())
    # expenditures[1] (15/1) comes first; [0] and [2] share 25/3 and keep their file order.
    assert paths(case.expenditures_for("DT2024")) == ["expenditures[1]", "expenditures[0]"]
    assert paths(case.expenditures_in_year(2024)) == [
        "expenditures[1]",
        "expenditures[0]",
        "expenditures[2]",
    ]
    assert case.expenditures_in_year(2023) == ()
    assert case.spent_before("DT2024", "expenditures[1]") == 0
    assert case.spent_before("DT2024", "expenditures[0]") == 2_000_000
    # Not charged to the estimate itself: what the estimate had spent before it.
    assert case.spent_before("DT2024", "expenditures[2]") == 12_000_000
    assert case.spent_in_year_before(2024, None, "expenditures[2]") == 12_000_000
    meetings = SpendingCategory.MEETINGS
    assert case.spent_in_year_before(2024, meetings, "expenditures[2]") == 10_000_000
    assert case.spent_in_year_before(2024, meetings, "expenditures[0]") == 0
    assert case.spent_in_year_before(2024, "documents", "expenditures[0]") == 2_000_000  # type: ignore[arg-type]
    assert case.spent_in_year_before(2024, SpendingCategory.EXPERTS, "expenditures[2]") == 0
    assert case.spent_in_year_before(2023, None, "expenditures[2]") == 0
    with pytest.raises(TypeError):
        case.spent_in_year_before("2024", None, "expenditures[2]")  # type: ignore[arg-type]


def _spend(amount: int, day: dt.date, estimate: str | None = "E", **kw: Any) -> Expenditure:
    values: dict[str, Any] = {
        "estimate": estimate,
        "amount": amount,
        "date": day,
        "budget_line": BudgetLine.DIC_OPERATIONAL,
        "purpose": SpendingPurpose.COMMITTEE,
        "category": SpendingCategory.MEETINGS,
        **kw,
    }
    return Expenditure(**values)


def test_spent_before_counts_ties_and_identical_records() -> None:
    may = D(2024, 5, 1)
    expenditures = (
        _spend(100, may),  # [0]
        _spend(10, D(2024, 4, 1)),  # [1]: an earlier day, a later place in the file
        _spend(100, may),  # [2]: identical to [0], a second payment
        _spend(1000, may, estimate=None),  # [3]: charged to no estimate
        _spend(1, D(2024, 6, 1)),  # [4]
        _spend(7, D(2024, 4, 1), estimate="F"),  # [5]: another estimate
    )
    case = Case(
        estimates=(
            BudgetEstimate(id="E", year=2024, amount=150),
            BudgetEstimate(id="F", year=2024, amount=150),
            BudgetEstimate(id="G", year=2025, amount=150),
        ),
        expenditures=expenditures,
    )
    assert expenditures[0] == expenditures[2]
    assert paths(case.expenditures_for("E")) == [
        "expenditures[1]",
        "expenditures[0]",
        "expenditures[2]",
        "expenditures[4]",
    ]
    assert case.spent_before("E", "expenditures[1]") == 0
    assert case.spent_before("E", "expenditures[0]") == 10
    assert case.spent_before("E", "expenditures[2]") == 110
    assert case.spent_before("E", "expenditures[3]") == 210
    assert case.spent_before("E", "expenditures[4]") == 210
    assert case.spent_before("F", "expenditures[4]") == 7
    assert case.spent_before("F", "expenditures[5]") == 0
    assert case.spent_before("G", "expenditures[4]") == 0
    assert case.expenditures_for("G") == ()
    assert case.spent_in_year_before(2024, None, "expenditures[4]") == 1217
    assert case.spent_in_year_before(2024, None, "expenditures[3]") == 217
    # The same facts in another file order: the ties resolve by the new positions.
    swapped = attrs.evolve(
        case, expenditures=(expenditures[2], *expenditures[:2], *expenditures[3:])
    )
    assert swapped.spent_before("E", "expenditures[0]") == 10
    assert swapped.spent_before("E", "expenditures[1]") == 110
    # Order-free bounds: same-day payments count never, or always (but not the payment itself).
    for c, twins in ((case, (0, 2)), (swapped, (0, 1))):
        for i in twins:
            assert c.spent_before("E", f"expenditures[{i}]", same_day="none") == 10
            assert c.spent_before("E", f"expenditures[{i}]", same_day="all") == 110
    assert case.spent_before("E", "expenditures[3]", same_day="none") == 10
    assert case.spent_before("E", "expenditures[3]", same_day="all") == 210  # [3] not charged
    assert case.spent_in_year_before(2024, None, "expenditures[3]", same_day="all") == 217
    assert case.spent_in_year_before(2024, None, "expenditures[0]", same_day="all") == 1117
    meetings = SpendingCategory.MEETINGS
    assert case.spent_in_year_before(2024, meetings, "expenditures[0]", same_day="none") == 17
    with pytest.raises(ValueError):
        case.spent_before("E", "expenditures[0]", same_day="first")  # type: ignore[arg-type]
    # The last day there is.
    last = Case(
        estimates=(BudgetEstimate(id="E", year=2100, amount=0),),
        expenditures=(_spend(5, D(9999, 12, 31)), _spend(6, D(9999, 12, 31))),
    )
    assert last.spent_before("E", "expenditures[0]", same_day="all") == 6
    assert last.spent_before("E", "expenditures[1]") == 5


def _payments_case(items: list[tuple[int, dt.date, str | None, SpendingCategory]]) -> Case:
    """A case of those payments against two estimates, E (2024) and F (2025)."""
    return Case(
        estimates=(
            BudgetEstimate(id="E", year=2024, amount=0),
            BudgetEstimate(id="F", year=2025, amount=0),
        ),
        expenditures=tuple(_spend(amount, day, estimate, category=category)
                           for amount, day, estimate, category in items),
    )


def _payments(first: dt.date, span: int
              ) -> st.SearchStrategy[list[tuple[int, dt.date, str | None, SpendingCategory]]]:
    """Up to 30 payments (amount, day within ``span`` days of ``first``, estimate, content)."""
    return st.lists(
        st.tuples(
            st.integers(0, 10**6),
            st.integers(0, span).map(lambda n: first + dt.timedelta(days=n)),
            st.sampled_from([None, "E", "F"]),
            st.sampled_from(list(SpendingCategory)[:3]),
        ),
        max_size=30,
    )


@settings(max_examples=200, deadline=None)
@given(
    items=_payments(D(2024, 1, 1), 800)
)
def test_running_totals_agree_with_a_scan(
    items: list[tuple[int, dt.date, str | None, SpendingCategory]],
) -> None:
    case = _payments_case(items)
    expenditures = case.expenditures

    def earlier(j: int, i: int) -> bool:
        return (expenditures[j].date, j) < (expenditures[i].date, i)

    def order(selected: list[int]) -> list[str]:
        return [
            f"expenditures[{j}]" for j in sorted(selected, key=lambda j: (expenditures[j].date, j))
        ]

    for estimate in ("E", "F"):
        charged = [j for j, e in enumerate(expenditures) if e.estimate == estimate]
        assert paths(case.expenditures_for(estimate)) == order(charged)
    for year in (2024, 2025, 2026):
        in_year = [j for j, e in enumerate(expenditures) if e.date.year == year]
        assert paths(case.expenditures_in_year(year)) == order(in_year)

    def same_day(j: int, i: int) -> bool:
        return j != i and expenditures[j].date == expenditures[i].date

    def counted(j: int, i: int) -> dict[str, bool]:
        before = expenditures[j].date < expenditures[i].date
        return {
            "file_order": earlier(j, i),
            "none": before,
            "all": before or same_day(j, i),
        }

    for i in range(len(expenditures)):
        path = f"expenditures[{i}]"
        for estimate in ("E", "F"):
            for mode in ("file_order", "none", "all"):
                expected = sum(
                    e.amount
                    for j, e in enumerate(expenditures)
                    if e.estimate == estimate and counted(j, i)[mode]
                )
                assert case.spent_before(estimate, path, same_day=mode) == expected  # type: ignore[arg-type]
            for category in (None, SpendingCategory.MEETINGS):
                expected = sum(
                    e.amount
                    for j, e in enumerate(expenditures)
                    if e.date.year == 2024
                    and (category is None or e.category is category)
                    and counted(j, i)["all"]
                )
                assert case.spent_in_year_before(2024, category, path, same_day="all") == expected
        for year in (2024, 2025):
            for category in (None, *list(SpendingCategory)[:3]):
                expected = sum(
                    e.amount
                    for j, e in enumerate(expenditures)
                    if e.date.year == year
                    and (category is None or e.category is category)
                    and earlier(j, i)
                )
                assert case.spent_in_year_before(year, category, path) == expected


@settings(max_examples=200, deadline=None)
@given(
    items=_payments(D(2024, 12, 10), 40),
    asked=st.lists(st.integers(0, 29), max_size=40),
)
def test_one_look_up_of_running_totals_agrees_with_spent_before(
    items: list[tuple[int, dt.date, str | None, SpendingCategory]], asked: list[int],
) -> None:
    """``Case.running_totals`` (what dieu12.expense_authorised derives its six totals from) is
    ``spent_before`` and ``spent_in_year_before`` with ``same_day="none"`` and ``"all"`` on the
    expenditure's own estimate, year and category, whatever path was asked before (its one
    slot), same-day payments and a year's turn included."""
    case = _payments_case(items)
    expenditures = case.expenditures
    for i in [*range(len(expenditures)), *(n for n in asked if n < len(expenditures))]:
        path, x = f"expenditures[{i}]", expenditures[i]
        totals = case.running_totals(path)
        estimate = (0, 0) if x.estimate is None else tuple(
            case.spent_before(x.estimate, path, same_day=mode) for mode in ("none", "all"))
        in_year = tuple(case.spent_in_year_before(x.date.year, x.category, path, same_day=mode)
                        for mode in ("none", "all"))
        assert totals == (x.amount, *estimate, *in_year)
    with pytest.raises(KeyError):
        case.running_totals(f"expenditures[{len(expenditures)}]")
    with pytest.raises(KeyError):
        case.running_totals("estimates[0]")


def test_running_totals_from_several_threads_at_once() -> None:
    """The one slot of the last totals asked is replaced whole: threads asking about different
    expenditures of one case at once each get their own expenditure's totals."""
    days = [D(2024, 3, 1) + dt.timedelta(days=n % 7) for n in range(40)]
    expenditures = tuple(_spend(n + 1, day, "E" if n % 3 else None) for n, day in enumerate(days))
    case = Case(estimates=(BudgetEstimate(id="E", year=2024, amount=0),),
                expenditures=expenditures)
    paths = [f"expenditures[{i}]" for i in range(len(expenditures))]
    expected = {p: case.running_totals(p) for p in paths}
    wrong: list[str] = []

    def hammer(offset: int) -> None:
        for n in range(2_000):
            p = paths[(n * 7 + offset) % len(paths)]
            if case.running_totals(p) != expected[p]:
                wrong.append(p)

    threads = [threading.Thread(target=hammer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []


def test_spent_before_is_logarithmic_on_100000_expenditures() -> None:
    n = 100_000
    start = D(2024, 1, 1)
    # Dates out of file order and many ties: spending order is not file order.
    expenditures = tuple(
        _spend(1 + i % 7, start + dt.timedelta(days=(i * 7919) % 366)) for i in range(n)
    )
    case = Case(
        estimates=(BudgetEstimate(id="E", year=2024, amount=10**9),), expenditures=expenditures
    )
    queries = [f"expenditures[{(i * 104_729) % n}]" for i in range(10_000)]
    best = float("inf")
    for _attempt in range(3):
        began = time.perf_counter()
        for path in queries:
            case.spent_before("E", path)
        best = min(best, time.perf_counter() - began)
    assert best < 0.5, f"10,000 calls took {best:.3f} s"
    began = time.perf_counter()
    for path in queries:
        case.spent_in_year_before(2024, SpendingCategory.MEETINGS, path)
    assert time.perf_counter() - began < 1.0
    # Spot checks against the definition.
    ordered = sorted(range(n), key=lambda j: (expenditures[j].date, j))
    running = 0
    totals = {}
    for j in ordered:
        totals[j] = running
        running += expenditures[j].amount
    for i in (0, 1, 366, n // 2, n - 1, *range(0, n, 9973)):
        assert case.spent_before("E", f"expenditures[{i}]") == totals[i]
    assert paths(case.expenditures_for("E"))[:2] == [f"expenditures[{j}]" for j in ordered[:2]]


def test_the_example_committee_holds_the_new_facts() -> None:
    case = load_case(EXAMPLE_FILES[0])
    assert EXAMPLE_FILES[0].name == "committee-2009.json"
    # The standing agency: Sở TT&TT until 28/2/2025, then the merged Sở KH&CN.
    standing = AgencyKind.STANDING_AGENCY
    assert [ix.record.id for ix in case.agencies_of_kind(standing, D(2009, 6, 1))] == ["STTTT"]
    assert [ix.record.id for ix in case.agencies_of_kind(standing, D(2025, 3, 1))] == ["SKHCN-2025"]
    assert [ix.record.id for ix in case.successors("STTTT")] == ["SKHCN-2025"]
    assert [ix.record.id for ix in case.successors("UBND-KG")] == ["UBND-AG"]
    # The Head is a Vice-Chairman; the Chairman is someone else.
    head = case.holders(Role.HEAD, D(2009, 3, 26))[0].record.person
    vice = case.office_holders(OfficeKind.PPC_VICE_CHAIRMAN, D(2009, 3, 26), "UBND-KG")
    assert [ix.record.person for ix in vice] == [head]
    chair = case.office_holders(OfficeKind.PPC_CHAIRMAN, D(2009, 3, 26))
    assert [ix.record.person for ix in chair] == ["P00"]
    # Documents: the Head's with the UBND seal, the Standing office's with the Sở's, one wrong.
    assert [(d.capacity.value, d.seal.value) for d in case.documents] == [
        ("head", "ppc"),
        ("standing_office", "standing_agency"),
        ("head", "standing_agency"),
    ]
    # The helper team: P13 is not on the Sở TT&TT payroll and was nominated by his director.
    assert [a.person for a in case.helper_appointments] == ["P11", "P12", "P13"]
    assert case.person("P13").on_dic_payroll is False
    nomination = case.nominations_of("P13")[0].record
    assert nomination.agency == "SNV"
    directors = case.office_holders(OfficeKind.AGENCY_HEAD, D(2008, 6, 18), "SNV")
    assert [ix.record.person for ix in directors] == [nomination.nominated_by]
    assert ActionKind.APPROVE_ESTIMATE in {a.kind for a in case.actions}
    # Money: the last expenditure takes the year past the approved estimate.
    estimate = case.estimates_for(2009)[0].record
    assert (estimate.amount, estimate.dic_ceiling) == (250_000_000, 3_000_000_000)
    spent = case.expenditures_for(estimate.id)
    last = spent[-1]
    before = case.spent_before(estimate.id, last.path)
    assert before <= estimate.amount < before + last.record.amount
    assert all(
        case.spent_before(estimate.id, ix.path) + ix.record.amount <= estimate.amount
        for ix in spent[:-1]
    )
    twins = [ix for ix in spent if ix.record.id is None]
    assert len(twins) == 2 and twins[0].record == twins[1].record
    assert case.spent_before(estimate.id, twins[1].path) == (
        case.spent_before(estimate.id, twins[0].path) + twins[0].record.amount
    )
    assert case.spending_limits and case.settlements_for(2009)[0].record.settled_with == "STC"
    for kind in ("assignments", "helper_appointments", "nominations", "estimates", "expenditures"):
        assert case.is_complete(kind)
    assert not case.is_complete("agencies") and not case.is_complete("amendments")


# --- generated cases ---------------------------------------------------------------------------

IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:\-]{0,6}", fullmatch=True)
DATES = st.dates(D(2008, 6, 23), D(2030, 12, 31))
QUARTERS = st.builds(lambda y, q: f"{y}-Q{q}", st.integers(2008, 2030), st.integers(1, 4))
TEXT = st.text(max_size=12)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    person_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    meeting_ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    pid = st.sampled_from(person_ids)
    mid = st.sampled_from(meeting_ids)
    opt_pid = st.none() | pid
    opt_date = st.none() | DATES

    def unique_ids(n: int) -> list[str]:
        return draw(st.lists(IDS, min_size=n, max_size=n, unique=True))

    def span(start: dt.date, length: int | None) -> dt.date | None:
        return None if length is None else start + dt.timedelta(days=length)

    people = tuple(
        Person(
            id=i,
            name=draw(TEXT),
            office=draw(st.none() | TEXT),
            agency=draw(st.none() | TEXT),
            on_dic_payroll=draw(st.none() | st.booleans()),
        )
        for i in person_ids
    )
    positions = []
    for pos_id in draw(st.lists(st.none() | IDS, max_size=4, unique_by=lambda x: x or object())):
        start = draw(DATES)
        positions.append(
            Position(
                id=pos_id,
                person=draw(pid),
                role=draw(st.sampled_from(list(Role))),
                start=start,
                end=span(start, draw(st.none() | st.integers(0, 400))),
            )
        )
    meetings = tuple(
        Meeting(
            id=i,
            kind=draw(st.sampled_from(list(MeetingKind))),
            date=draw(DATES),
            quarter=draw(st.none() | QUARTERS),
            proposed_by=draw(opt_pid),
            proposed_on=draw(opt_date),
            convened_by=draw(opt_pid),
            convened_on=draw(opt_date),
            has_documents=draw(st.none() | st.booleans()),
            held=draw(st.booleans()),
        )
        for i in meeting_ids
    )
    attendances = []
    for _ in range(draw(st.integers(0, 3))):
        person = draw(pid)
        others = [p for p in person_ids if p != person]
        substitute = bool(others) and draw(st.booleans())
        attendances.append(
            Attendance(
                meeting=draw(mid),
                person=person,
                mode=AttendanceMode.SUBSTITUTE if substitute else AttendanceMode.IN_PERSON,
                on_behalf_of=draw(st.sampled_from(others)) if substitute else None,
            )
        )
    consents = []
    for _ in range(draw(st.integers(0, 3))):
        member = draw(pid)
        others = [p for p in person_ids if p != member]
        consents.append(
            Consent(
                meeting=draw(mid),
                member=member,
                substitute=draw(st.none() | st.sampled_from(others)) if others else None,
                given_by=draw(pid),
                given_on=draw(DATES),
            )
        )
    authorisations = []
    if len(person_ids) > 1:
        for auth_id in unique_ids(draw(st.integers(0, 2))):
            grantor, grantee = draw(st.permutations(person_ids))[:2]
            start = draw(DATES)
            authorisations.append(
                Authorisation(
                    id=auth_id,
                    grantor=grantor,
                    grantee=grantee,
                    acts=tuple(draw(st.lists(st.sampled_from(list(Act)), min_size=1, unique=True))),
                    valid_from=start,
                    valid_to=span(start, draw(st.none() | st.integers(0, 400))),
                    signed_on=draw(opt_date),
                )
            )
    reports = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(list(ReportKind)))
        reports.append(
            Report(
                member=draw(pid),
                kind=kind,
                quarter=draw(QUARTERS if kind is ReportKind.QUARTERLY else st.none() | QUARTERS),
                received_on=draw(opt_date),
                received_by=draw(opt_pid),
                requested_by=draw(opt_pid),
                requested_by_ppc=draw(st.booleans()),
                sent_on=draw(opt_date),
            )
        )
    absence_reports = tuple(
        AbsenceReport(
            meeting=draw(mid), member=draw(pid), reported_on=draw(DATES), reported_to=draw(opt_pid)
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    dispatches = tuple(
        Dispatch(
            meeting=draw(mid),
            sent_on=draw(DATES),
            sent_by=draw(opt_pid),
            recipients=tuple(draw(st.lists(pid, unique=True))),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    consultations = tuple(
        WrittenConsultation(
            id=i,
            quarter=draw(QUARTERS),
            requested_by=draw(pid),
            requested_on=draw(DATES),
            reason=draw(st.none() | TEXT),
            addressees=tuple(draw(st.lists(pid, unique=True))),
            decided_by=draw(opt_pid),
            decided_on=draw(opt_date),
        )
        for i in unique_ids(draw(st.integers(0, 2)))
    )
    invitations = tuple(
        Invitation(meeting=draw(mid), invitee=draw(pid), decided_by=draw(opt_pid))
        for _ in range(draw(st.integers(0, 2)))
    )
    # --- Điều 2–9, 12, 13 ---
    money = st.integers(0, 10**15)
    agency_ids = unique_ids(draw(st.integers(0, 4)))
    opt_aid = st.none() | st.sampled_from(agency_ids) if agency_ids else st.none()
    agencies = []
    for k, agency_id in enumerate(agency_ids):
        since = draw(st.none() | DATES)
        length = draw(st.none() | st.integers(0, 400))
        agencies.append(
            Agency(
                id=agency_id,
                name=draw(TEXT),
                kind=draw(st.sampled_from(list(AgencyKind))),
                start=since,
                end=None if length is None else (since or D(2008, 6, 23)) + dt.timedelta(length),
                # successors point forward in the list, so chains never loop
                successor=draw(st.none() | st.sampled_from(agency_ids[k + 1 :]))
                if k + 1 < len(agency_ids)
                else None,
            )
        )
    offices = []
    for office_id in draw(st.lists(st.none() | IDS, max_size=3, unique_by=lambda x: x or object())):
        start = draw(DATES)
        offices.append(
            Office(
                id=office_id,
                person=draw(pid),
                kind=draw(st.sampled_from(list(OfficeKind))),
                agency=draw(opt_aid),
                start=start,
                end=span(start, draw(st.none() | st.integers(0, 400))),
            )
        )
    seal = draw(st.sampled_from(list(Seal)))
    documents = tuple(
        Document(
            id=i,
            signed_by=draw(pid),
            capacity=draw(st.sampled_from(list(Capacity))),
            seal=seal,
            seal_agency=None if seal is Seal.NONE else draw(opt_aid),
            signed_on=draw(DATES),
            subject=draw(st.none() | TEXT),
        )
        for i in unique_ids(draw(st.integers(0, 2)))
    )
    transactions = tuple(
        Transaction(
            id=i,
            date=draw(DATES),
            account_agency=draw(st.sampled_from(agency_ids)),
            amount=draw(money),
            for_committee=draw(st.booleans()),
            purpose=draw(st.none() | TEXT),
            decided_by=draw(opt_pid),
        )
        for i in (unique_ids(draw(st.integers(0, 2))) if agency_ids else [])
    )
    actions = tuple(
        CommitteeAction(
            id=i,
            kind=draw(st.sampled_from(list(ActionKind))),
            date=draw(DATES),
            actor=draw(opt_pid),
            target_agency=draw(opt_aid),
            description=draw(st.none() | TEXT),
        )
        for i in unique_ids(draw(st.integers(0, 2)))
    )
    assignments = []
    if len(person_ids) > 1:
        for assignment_id in draw(
            st.lists(st.none() | IDS, max_size=2, unique_by=lambda x: x or object())
        ):
            by, to = draw(st.permutations(person_ids))[:2]
            assignments.append(
                Assignment(
                    id=assignment_id,
                    kind=draw(st.sampled_from(list(AssignmentKind))),
                    assigned_by=by,
                    assignee=to,
                    assigned_on=draw(DATES),
                    field=draw(st.none() | TEXT),
                    description=draw(st.none() | TEXT),
                )
            )
    helper_appointments = tuple(
        HelperAppointment(
            id=i,
            person=draw(pid),
            role=draw(st.sampled_from([Role.HELPER_LEADER, Role.HELPER_MEMBER])),
            decided_by=draw(pid),
            decided_on=draw(DATES),
            part_time=draw(st.none() | st.booleans()),
            decision_ref=draw(st.none() | TEXT),
        )
        for i in unique_ids(draw(st.integers(0, 2)))
    )
    nominations = tuple(
        Nomination(
            id=i,
            person=draw(pid),
            agency=draw(opt_aid),
            nominated_by=draw(pid),
            decided_on=draw(DATES),
        )
        for i in unique_ids(draw(st.integers(0, 2)))
    )
    estimate_ids = unique_ids(draw(st.integers(0, 2)))
    estimates = tuple(
        BudgetEstimate(
            id=i,
            year=draw(st.integers(2008, 2100)),
            amount=draw(money),
            prepared_by=draw(opt_pid),
            prepared_on=draw(opt_date),
            appraised_by=draw(opt_aid),
            appraised_on=draw(opt_date),
            approved_by=draw(opt_aid),
            approved_on=draw(opt_date),
            dic_ceiling=draw(st.none() | money),
        )
        for i in estimate_ids
    )
    expenditures = tuple(
        Expenditure(
            id=draw(st.none() | st.just(f"C{n}")),
            estimate=draw(st.none() | st.sampled_from(estimate_ids)) if estimate_ids else None,
            amount=draw(money),
            date=draw(DATES),
            decided_by=draw(opt_pid),
            budget_line=draw(st.sampled_from(list(BudgetLine))),
            purpose=draw(st.sampled_from(list(SpendingPurpose))),
            category=draw(st.sampled_from(list(SpendingCategory))),
            description=draw(st.none() | TEXT),
        )
        for n in range(draw(st.integers(0, 4)))
    )
    spending_limits = []
    for n in range(draw(st.integers(0, 2))):
        per_item = draw(st.none() | money)
        spending_limits.append(
            SpendingLimit(
                id=draw(st.none() | st.just(f"L{n}")),
                category=draw(st.sampled_from(list(SpendingCategory))),
                per_item=per_item,
                per_year=draw(money if per_item is None else st.none() | money),
                source=draw(TEXT),
            )
        )
    settlements = tuple(
        Settlement(
            id=i,
            year=draw(st.integers(2008, 2100)),
            settled_by=draw(opt_pid),
            settled_with=draw(opt_aid),
            settled_on=draw(opt_date),
        )
        for i in unique_ids(draw(st.integers(0, 2)))
    )
    amendments = tuple(
        Amendment(
            id=i, decided_by=draw(pid), decided_on=draw(DATES), description=draw(st.none() | TEXT)
        )
        for i in unique_ids(draw(st.integers(0, 2)))
    )
    overrides = tuple(
        {
            "year": day.year,
            "days_off": [day.isoformat()],
            "working_days": [],
            "source": "QĐ " + draw(TEXT) + "x",
        }
        for day in draw(st.lists(DATES, max_size=1))
    )
    return Case(
        name=draw(TEXT),
        description=draw(TEXT),
        records_complete=frozenset(draw(st.lists(st.sampled_from(RECORD_KINDS)))),
        people=people,
        positions=tuple(positions),
        meetings=meetings,
        absence_reports=absence_reports,
        consents=tuple(consents),
        attendances=tuple(attendances),
        authorisations=tuple(authorisations),
        reports=tuple(reports),
        dispatches=dispatches,
        consultations=consultations,
        invitations=invitations,
        agencies=tuple(agencies),
        offices=tuple(offices),
        documents=documents,
        transactions=transactions,
        actions=actions,
        assignments=tuple(assignments),
        helper_appointments=helper_appointments,
        nominations=nominations,
        estimates=estimates,
        expenditures=expenditures,
        spending_limits=tuple(spending_limits),
        settlements=settlements,
        amendments=amendments,
        calendar_overrides=overrides,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_generated_cases_round_trip_and_match_the_schema(case: Case) -> None:
    data = case.to_dict()
    assert Case.from_dict(data) == case
    assert Case.from_json(case.to_json(indent=None)) == case
    VALIDATOR.validate(data)
    for kind in KIND_CLASSES:
        assert [ix.record for ix in case.records(kind)] == list(getattr(case, kind))
    for ix in case.records("consents"):
        assert ix in case.consents_for(ix.record.meeting, ix.record.member)
    for ix in case.records("attendances"):
        assert ix in case.attendances_for(ix.record.meeting)
    for spent in case.records("expenditures"):
        assert spent in case.expenditures_in_year(spent.record.date.year)
        if spent.record.estimate is not None:
            assert spent in case.expenditures_for(spent.record.estimate)
    for held in case.records("offices"):
        office = held.record
        assert held in case.offices_of(office.person)
        assert held in case.offices_on(office.start)
        assert held in case.office_holders(office.kind, office.start, office.agency)
    for found in case.records("agencies"):
        day = found.record.start or found.record.end or D(2020, 1, 1)
        assert found in case.agencies_of_kind(found.record.kind, day)


# --- JSON Schema -------------------------------------------------------------------------------

SCHEMA = case_schema()
# Built once: jsonschema.validate() would check the schema itself again on every call.
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_schema_file_is_up_to_date() -> None:
    """Regenerate with ``python -m kgrules.case --schema`` after changing a fact class."""
    assert schema_path().read_text(encoding="utf-8") == schema_text()


EXAMPLE_FILES = sorted((Path(__file__).parents[2] / "kgrules" / "data" / "examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_shipped_examples_load_round_trip_and_match_the_schema(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    VALIDATOR.validate(data)
    case = load_case(path)
    assert Case.from_dict(case.to_dict()) == case


def test_schema_is_valid_draft_2020_12_and_accepts_the_example() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(example(), SCHEMA)
    jsonschema.validate({}, SCHEMA)
    assert set(SCHEMA["properties"]) == {f.name for f in attrs.fields(Case) if f.init}


# Not "float for an int": JSON Schema counts 2014.0 as an integer; the loader is stricter.
SCHEMA_REJECTS = [
    "unknown field",
    "unknown top-level field",
    "int for a string",
    "numeric string for an int",
    "bool for an int",
    "string for a bool",
    "int for a bool",
    "object for a list",
    "unknown role",
    "unknown act",
    "unknown record kind",
    "non-ISO date",
    "datetime",
    "int date",
    "bad quarter",
    "id with a space",
    "empty id",
    "id too long",
    "no acts",
    "an act twice",
    "missing field",
    "substitute for no one",
    "in person for someone",
    "quarterly report without quarter",
    "override without year",
    "source not a string",
    "override lists not arrays",
    "string for money",
    "bool for money",
    "negative money",
    "negative transaction",
    "negative estimate",
    "negative ceiling",
    "negative limit",
    "huge money",
    "huge ceiling",
    "string for a limit",
    "string year",
    "bool year",
    "year before 2008",
    "year after 2100",
    "unknown agency kind",
    "unknown office kind",
    "unknown capacity",
    "unknown seal",
    "unknown action kind",
    "unknown assignment kind",
    "unknown budget line",
    "unknown purpose",
    "unknown category",
    "unknown limit category",
    "unknown helper role",
    "int for for_committee",
    "string for part_time",
    "int for a text",
    "null for a required id",
    "missing amount",
    "missing limit source",
    "unknown expenditure field",
    "helper appointment with a non-helper role",
    "helper appointment as Head",
    "limit with neither amount",
    "limit with both amounts null",
    "seal agency without a seal",
]


@pytest.mark.parametrize("name", SCHEMA_REJECTS)
def test_schema_rejects_what_the_loader_rejects(name: str) -> None:
    mutate = next(b[1] for b in BAD if b[0] == name)
    doc = example()
    mutate(doc)
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(doc)


@pytest.mark.parametrize(("key", "path"), [("", "reports[0]['']"), ("[", "reports[0]['[']"),
                                           ("extra", "reports[0].extra")])
def test_an_unknown_field_is_named_where_it_is_even_when_its_key_is_odd(key: str, path: str) -> None:
    """An unknown key that is empty or opens a bracket is quoted in the error path, so that the
    path still names the place (found by the hostile-input property)."""
    data = json.loads(kgrules.load_example().to_json())
    data["reports"][0][key] = 1
    with pytest.raises(CaseError) as raised:
        Case.from_dict(data)
    assert raised.value.path == path
