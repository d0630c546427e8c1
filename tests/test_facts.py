"""Facts and the Case: strict loading, integrity, paths, indexes, JSON Schema."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgrules.calendar import default_calendar
from kgrules.case import (
    KIND_CLASSES,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_RECORDS,
    RECORD_KINDS,
    Case,
    Indexed,
    case_schema,
    load_case,
    schema_path,
    schema_text,
)
from kgrules.errors import CaseError
from kgrules.facts import (
    AbsenceReport,
    Act,
    Attendance,
    AttendanceMode,
    Authorisation,
    Consent,
    Dispatch,
    Invitation,
    Meeting,
    MeetingKind,
    Person,
    Position,
    Report,
    ReportKind,
    Role,
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
    assert case.person_record("P1") == Indexed("people[0]", person)
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
        ('{"name": NaN}', "$"),
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
    assert case.meeting_record("M2").path == "meetings[1]"
    path, person = case.person_record("P3")
    assert (path, person.id) == ("people[2]", "P3")
    assert case.has_person("P4") and not case.has_person("P5")
    assert case.has_meeting("M2") and not case.has_meeting("P1")
    assert case.has_consultation("WC1") and not case.has_report("WC1")
    assert case.consultation_record("WC1").path == "consultations[0]"
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
        lambda c: c.person_record("P9"),
        lambda c: c.meeting_record("M9"),
        lambda c: c.report_record("R9"),
        lambda c: c.consultation_record("WC9"),
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
        calendar_overrides=overrides,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_generated_cases_round_trip_and_match_the_schema(case: Case) -> None:
    data = case.to_dict()
    assert Case.from_dict(data) == case
    assert Case.from_json(case.to_json(indent=None)) == case
    jsonschema.validate(data, SCHEMA)
    for kind in KIND_CLASSES:
        assert [ix.record for ix in case.records(kind)] == list(getattr(case, kind))
    for ix in case.records("consents"):
        assert ix in case.consents_for(ix.record.meeting, ix.record.member)
    for ix in case.records("attendances"):
        assert ix in case.attendances_for(ix.record.meeting)


# --- JSON Schema -------------------------------------------------------------------------------

SCHEMA = case_schema()


def test_schema_file_is_up_to_date() -> None:
    """Regenerate with ``python -m kgrules.case --schema`` after changing a fact class."""
    assert schema_path().read_text(encoding="utf-8") == schema_text()


EXAMPLE_FILES = sorted((Path(__file__).parents[1] / "kgrules" / "data" / "examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_shipped_examples_load_round_trip_and_match_the_schema(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
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
]


@pytest.mark.parametrize("name", SCHEMA_REJECTS)
def test_schema_rejects_what_the_loader_rejects(name: str) -> None:
    mutate = next(b[1] for b in BAD if b[0] == name)
    doc = example()
    mutate(doc)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)
