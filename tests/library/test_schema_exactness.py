"""The case's JSON Schema is as exact as the loader, or says where it cannot be (issue 15).

Every place the loader refuses a case document (each ``raise`` of the modules that validate one)
is listed in :data:`CHECKS` with how the schema states it: a standard keyword, an
``x-kgrules-*`` extension (a check no standard keyword can express, explained in the schema's
``x-kgrules-extensions`` and on docs/facts.md), or why no schema can see it (the text is not
JSON; only the Python API reaches it). A new check that is in neither list fails
:func:`test_every_check_of_the_loader_is_listed`. The witnesses (the bad documents of
``tests/library/test_facts.py`` and those below) show each listed check in action: a document
the loader refuses is refused by the schema too, unless the check that refuses it is one of the
declared extensions.
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings

from kgrules.case import Case, case_schema
from kgrules.case.schema import EXTENSIONS
from kgrules.errors import CaseError
from kgrules.exact import parse_iso_date
from kgrules.facts import DATE_PATTERN, QUARTER_PATTERN, check_quarter
from kgrules.testing import committee_cases
from tests.library.test_facts import BAD, example

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = case_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

#: The functions whose ``raise`` statements validate a case document, by file.
SCANNED: dict[str, set[str] | None] = {
    "kgrules/facts.py": None,  # every function
    "kgrules/case/loading.py": None,
    "kgrules/case/integrity.py": None,
    "kgrules/exact.py": {"_text", "parse_iso_date", "parse_quarter"},
    "kgrules/calendar.py": {"_check_year", "CalendarOverride.validate",
                            "CalendarOverride.from_dict", "WorkingCalendar.__init__"},
}

JSON = "json"      # the text is not a JSON document at all: any JSON parser refuses it first
PYTHON = "python"  # reached only from the Python API (a tuple, a datetime): never from JSON
WRAP = "wrap"      # re-raises an error of another check, with its path: not a check itself

#: Each raise site ("file:function:message head") and how the schema states its check (a site
#: refusing more than one thing lists a keyword for each).
CHECKS: dict[str, str | tuple[str, ...]] = {
    # kgrules/facts.py
    "facts:check_id:expected an id (a string), got {}": PYTHON,
    "facts:check_id:an id must not be empty": "minLength",
    "facts:check_id:an id has at most {} characters, not {}": "maxLength",
    "facts:check_id:invalid id {}: use letters, digits and _ . : - (st": "pattern",
    "facts:check_quarter:expected a quarter such as '2024-Q1', got {}": PYTHON,
    "facts:check_quarter:invalid quarter {}: the year must be 0001 or later": "pattern",
    "facts:check_unicode:not valid Unicode text (a lone surrogate)": "x-kgrules-unicode-text",
    "facts:_text:expected a string, got {}": "type",
    "facts:_text:a text has at most {} characters, not {}": "maxLength",
    "facts:_date:expected a date, got {}": PYTHON,
    "facts:_bool:expected true or false, got {}": PYTHON,
    "facts:check_money:expected an amount in whole đồng (an integer), got": PYTHON,
    "facts:check_money:an amount cannot be negative ({})": "minimum",
    "facts:check_money:an amount is at most {} đồng, not {}": "maximum",
    "facts:check_year:expected a year (an integer), got {}": PYTHON,
    "facts:check_year:year {} is out of range {}..{}": "minimum",
    "facts:_enum.check:expected a {} (one of: {})": PYTHON,
    "facts:_ids:expected a tuple of ids, got {}": PYTHON,
    "facts:_ids:{} is listed twice (first at [{}])": "uniqueItems",
    "facts:_acts:expected a tuple of acts, got {}": PYTHON,
    "facts:_acts:an authorisation names at least one act": "minItems",
    "facts:_acts:expected an Act (one of: {})": PYTHON,
    "facts:_acts:act {} is listed twice (first at [{}])": "uniqueItems",
    "facts:_not_before:{} {} is before {} {}": "x-kgrules-not-before",
    "facts:_distinct:{} ({})": "x-kgrules-distinct-from",
    "facts:Attendance.__attrs_post_init__:a substitute attendance names the member replaced":
        "if",
    "facts:Attendance.__attrs_post_init__:an in-person attendance is on no one's behalf": "if",
    "facts:Report.__attrs_post_init__:a quarterly report names its quarter": "if",
    "facts:Document.__attrs_post_init__:a document without a seal names no seal agency": "if",
    "facts:HelperAppointment.__attrs_post_init__:a helper appointment is for helper_leader or "
    "helpe": "allOf",
    "facts:SpendingLimit.__attrs_post_init__:a spending limit states per_item, per_year or both":
        "anyOf",
    # kgrules/case/loading.py
    "loading:structure:": WRAP,
    "loading:_json_text:the document is larger than {} bytes": "x-kgrules-max-bytes",
    "loading:_json_text:not UTF-8 (byte {})": JSON,
    "loading:_json_text:expected JSON text, got {}": PYTHON,
    "loading:parse_json.constant:": JSON,
    "loading:parse_json:nesting deeper than {} levels": "type",  # the shape bounds the depth
    "loading:parse_json:invalid JSON: {} (line {}, column {})": JSON,
    "loading:parse_json:invalid JSON: {}": JSON,
    "loading:_check_shape:": JSON,  # NaN and Infinity are not JSON
    "loading:_check_shape:the case must be a JSON object, not {}": "type",
    "loading:_check_shape:more than {} records": "maxItems",
    "loading:_check_shape:more than {} records in all": "x-kgrules-max-records",
    "loading:_check_shape:nesting deeper than {} levels": "type",
    "loading:_check_shape:key {} appears twice in one object": "x-kgrules-unique-keys",
    "loading:_parse_date:expected a date 'YYYY-MM-DD', got {}": "type",
    "loading:_structure_str:expected a string, got {}": "type",
    "loading:_structure_int:expected an integer, got {}": ("type", "x-kgrules-integer-literal"),
    "loading:_structure_bool:expected true or false, got {}": "type",
    "loading:_structure_enum:expected one of: {}; got {}": "enum",
    "loading:_structure_enum:unknown value {} (allowed: {})": "enum",
    "loading:_tuple_hook.structure:expected an array, got {}": "type",
    "loading:_tuple_hook.structure:": WRAP,
    "loading:_structure_kinds:expected an array, got {}": "type",
    "loading:_structure_kinds:unknown kind of record {} (allowed: {})": "enum",
    "loading:_structure_kinds:{} is listed twice": "uniqueItems",
    "loading:_structure_override:expected an object, got {}": "type",
    "loading:_class_hook.structure:expected an object, got {}": "type",
    # kgrules/case/integrity.py
    "integrity:_check_case:expected a string, got {}": PYTHON,
    "integrity:_check_case:a text has at most {} characters": "maxLength",
    "integrity:_check_case:expected a frozenset of kinds of record": PYTHON,
    "integrity:_check_case:unknown kind {}; one of {}": PYTHON,
    "integrity:_check_case:expected a tuple of {}, got {}": PYTHON,
    "integrity:_check_case:more than {} records": PYTHON,
    "integrity:_check_case:expected a {}": PYTHON,
    "integrity:_check_case:more than {} records in all": PYTHON,
    "integrity:_check_case:duplicate id {} (first at {}[{}])": "x-kgrules-unique",
    "integrity:_check_case:unknown {} {}": "x-kgrules-references",
    "integrity:_check_successions:the successors loop: {}": "x-kgrules-acyclic",
    "integrity:_check_overrides:expected a tuple of objects": PYTHON,
    "integrity:_check_overrides:expected an object, got {}": "type",
    "integrity:_check_overrides:unknown field (allowed: {})": "additionalProperties",
    "integrity:_check_overrides:required field is missing": "required",
    "integrity:_check_overrides:expected an integer, got {}": (
        "type", "x-kgrules-integer-literal"),
    "integrity:_check_overrides:year {} is out of range 1..9999": "minimum",
    "integrity:_check_overrides:expected a string, got {}": "type",
    "integrity:_check_overrides:a text has at most {} characters": "maxLength",
    "integrity:_check_overrides:expected an array, got {}": "type",
    "integrity:_working_calendar:": WRAP,
    # kgrules/exact.py (the dates and quarters of a case)
    "exact:_text:expected {}, got {}": PYTHON,
    "exact:parse_iso_date:{} is not a date YYYY-MM-DD": "pattern",
    "exact:parse_iso_date:{} is not a real day": "pattern",
    "exact:parse_quarter:{} is not a quarter like 2024-Q3": "pattern",
    "exact:parse_quarter:{}: the year must be from {} to {}": PYTHON,  # the case gives no range
    # kgrules/calendar.py (a case's calendar_overrides, checked when the case is built)
    "calendar:_check_year:expected an integer year, got {}": PYTHON,
    "calendar:_check_year:{} is outside the years covered ({}–{})": "minimum",
    "calendar:CalendarOverride.validate:expected a string": PYTHON,
    "calendar:CalendarOverride.validate:expected a sequence of dates": PYTHON,
    "calendar:CalendarOverride.validate:expected a datetime.date, got {}": PYTHON,
    "calendar:CalendarOverride.validate:{} is not in {}": "x-kgrules-in-year",
    "calendar:CalendarOverride.validate:{} is already listed at {}; a day can be in only o":
        "x-kgrules-disjoint",
    "calendar:CalendarOverride.validate:{} is a weekday; working_days is for Saturdays and":
        "x-kgrules-weekend",
    "calendar:CalendarOverride.from_dict:expected an object": PYTHON,
    "calendar:CalendarOverride.from_dict:unknown field": PYTHON,
    "calendar:CalendarOverride.from_dict:missing": PYTHON,
    "calendar:CalendarOverride.from_dict:expected a list of ISO dates": PYTHON,
    "calendar:CalendarOverride.from_dict:": WRAP,
    "calendar:WorkingCalendar.__init__:expected true or false": PYTHON,
    "calendar:WorkingCalendar.__init__:expected a CalendarOverride": PYTHON,
    "calendar:WorkingCalendar.__init__:the list for {} is already at overrides[{}]":
        "x-kgrules-unique",
}


def _kinds(key: str) -> tuple[str, ...]:
    how = CHECKS[key]
    return how if isinstance(how, tuple) else (how,)


def _checked(key: str) -> bool:
    """Whether the site checks something a schema could see (not JSON, Python or a wrapper)."""
    return not set(_kinds(key)) & {WRAP, JSON, PYTHON}


def _message(node: ast.Raise) -> str:
    """A raise's message with each formatted value as ``{}``."""
    assert isinstance(node.exc, ast.Call)
    args = node.exc.args
    message = args[1] if len(args) > 1 else None
    if isinstance(message, ast.Constant):
        return str(message.value)
    if isinstance(message, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{}"
                       for v in message.values)
    return ""


def _raises(node: ast.AST, where: tuple[str, ...]) -> list[tuple[str, ast.Raise]]:
    """Each raise of a call under ``node``, with the dotted name of its class and function."""
    if isinstance(node, ast.FunctionDef | ast.ClassDef):
        where = (*where, node.name)
    found = [(".".join(where), node)] if (
        isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)) else []
    for child in ast.iter_child_nodes(node):
        found += _raises(child, where)
    return found


def _raise_sites() -> dict[str, list[str]]:
    """Each raise site of :data:`SCANNED` as "module:function:message head", with the message
    as a regular expression (``{}`` any value)."""
    found: dict[str, list[str]] = {}
    for rel, functions in SCANNED.items():
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        for where, node in _raises(tree, ()):
            if functions is not None and where not in functions:
                continue
            text = _message(node)
            found.setdefault(f"{Path(rel).stem}:{where}:{text[:50]}", []).append(
                "".join(".*" if p == "{}" else re.escape(p) for p in re.split(r"(\{\})", text)))
    return found


SITES = _raise_sites()


def test_every_check_of_the_loader_is_listed() -> None:
    """A check added to the loader without saying how the schema states it fails here."""
    assert sorted(SITES) == sorted(CHECKS)


def _keywords(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keywords(v)}
    if isinstance(node, list):
        return {k for v in node for k in _keywords(v)}
    return set()


def test_each_check_is_a_keyword_of_the_schema_or_a_declared_extension() -> None:
    used = _keywords(SCHEMA)
    facts_page = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
    declared: set[str] = set()
    for key in filter(_checked, CHECKS):
        for how in _kinds(key):
            assert how in used, (key, how)
            if how.startswith("x-kgrules-"):
                declared.add(how)
                vi, en = EXTENSIONS[how]
                assert SCHEMA["x-kgrules-extensions"][how] == f"{vi} / {en}"
                assert f"`{how}`" in facts_page, f"docs/facts.md does not explain {how}"
    # Nothing declared that no check needs.
    assert set(SCHEMA["x-kgrules-extensions"]) == declared


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], Any]:
    def mutate(doc: dict[str, Any]) -> None:
        *steps, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        target: Any = doc
        for step in steps:
            target = target[step]
        target[last] = value

    return mutate


#: More witnesses: (name, mutation, whether the loader accepts the result); a mutation that
#: returns a value replaces the document.
AGREE: list[tuple[str, Callable[[dict[str, Any]], Any], bool]] = [
    ("30 February", _set("meetings.0.date", "2024-02-30"), False),
    ("29 February 2009", _set("meetings.0.date", "2009-02-29"), False),
    ("29 February 2008", _set("meetings.0.date", "2008-02-29"), True),
    ("29 February 2000", _set("meetings.0.date", "2000-02-29"), True),
    ("29 February 1900", _set("meetings.0.date", "1900-02-29"), False),
    ("29 February 2100", _set("consents.0.given_on", "2100-02-29"), False),
    ("31 April", _set("consents.0.given_on", "2024-04-31"), False),
    ("30 April", _set("consents.0.given_on", "2024-04-30"), True),
    ("31 December", _set("meetings.0.date", "2024-12-31"), True),
    ("day 00", _set("meetings.0.date", "2024-01-00"), False),
    ("year 0001", _set("meetings.0.date", "0001-01-01"), True),
    ("year 0000", _set("meetings.0.date", "0000-01-01"), False),
    ("quarter of year 0000", _set("consultations.0.quarter", "0000-Q1"), False),
    ("quarter of year 0001", _set("consultations.0.quarter", "0001-Q1"), True),
    ("quarter 0", _set("consultations.0.quarter", "2024-Q0"), False),
    ("a text of 10,000 characters", _set("people.0.name", "A" * 10_000), True),
    ("a lone surrogate", _set("people.0.name", "Trưởng \ud800 ban"), False),
    ("2014.0 for a year", _set("calendar_overrides.0.year", 2014.0), False),
    ("29 February in a leap year's override", _set("calendar_overrides.0.days_off.1",
                                                    "2016-02-29"), False),
    ("an override for 2100", _set("calendar_overrides", [{"year": 2100}]), True),
    ("an override for 2101", _set("calendar_overrides", [{"year": 2101}]), False),
    ("an override for 1900", _set("calendar_overrides", [{"year": 1900}]), False),
    ("a source of 10,001 characters", _set("calendar_overrides.0.source", "x" * 10_001), False),
    ("a case name of 10,001 characters", _set("name", "x" * 10_001), False),
    ("a case name of 10,000 characters", _set("name", "x" * 10_000), True),
    ("an array for the case", lambda doc: [doc], False),
    ("a string for the case", lambda doc: "case", False),
]


def _mutated(mutate: Callable[[dict[str, Any]], Any]) -> Any:
    doc = example()
    replaced = mutate(doc)
    return doc if replaced is None else replaced


def _loader_error(doc: Any) -> CaseError | None:
    try:
        Case.from_dict(copy.deepcopy(doc))
    except CaseError as error:
        return error
    return None


def _sites_of(error: CaseError) -> list[str]:
    """The checks whose message this is; of several, the most specific (most literal text)."""
    found = {key: max(len(re.sub(r"\\.|\.\*", "x", p)) - p.count(".*") for p in patterns)
             for key, patterns in SITES.items() if _checked(key)
             and any(re.fullmatch(p, error.message, re.DOTALL) for p in patterns)}
    best = max(found.values(), default=0)
    return [key for key, weight in found.items() if weight == best]


def _witnesses() -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    return [(name, mutate) for name, mutate, _path in BAD] + [
        (name, mutate) for name, mutate, _accepts in AGREE]


@pytest.mark.parametrize(("name", "mutate"), _witnesses(), ids=[w[0] for w in _witnesses()])
def test_schema_and_loader_agree_or_the_gap_is_declared(
        name: str, mutate: Callable[[dict[str, Any]], Any]) -> None:
    """The loader refuses it: so does the schema, unless a declared extension is why; the
    loader accepts it: so does the schema."""
    doc = _mutated(mutate)
    error = _loader_error(doc)
    schema_accepts = VALIDATOR.is_valid(doc)
    if error is None:
        assert schema_accepts, name
        return
    sites = _sites_of(error)
    assert sites, f"{name}: no listed check says {error.message!r}"
    kinds = {how for site in sites for how in _kinds(site)}
    if schema_accepts:
        assert any(how.startswith("x-kgrules-") for how in kinds), (
            f"{name}: the schema accepts what the loader refuses ({error})")
    else:
        assert any(not how.startswith("x-kgrules-") for how in kinds), (
            f"{name}: the schema refuses it, so {sites} is no gap: list its keyword instead")


@pytest.mark.parametrize(("name", "mutate", "accepts"), AGREE, ids=[a[0] for a in AGREE])
def test_the_witnesses_say_what_the_loader_does(
        name: str, mutate: Callable[[dict[str, Any]], Any], accepts: bool) -> None:
    assert (_loader_error(_mutated(mutate)) is None) is accepts


def test_every_check_a_document_can_fail_has_a_witness() -> None:
    """Each check stated by the schema or declared as a gap is shown by at least one bad
    document (except the size limits, too large to build here)."""
    seen: set[str] = set()
    for _name, mutate in _witnesses():
        error = _loader_error(_mutated(mutate))
        if error is not None:
            seen.update(_sites_of(error))
    untested = set(filter(_checked, CHECKS)) - seen
    too_large = {"loading:_json_text:the document is larger than {} bytes",
                 "loading:_check_shape:more than {} records",
                 "loading:_check_shape:more than {} records in all",
                 "loading:parse_json:nesting deeper than {} levels",
                 "loading:_check_shape:nesting deeper than {} levels",
                 "loading:_check_shape:key {} appears twice in one object"}
    assert untested <= too_large, sorted(untested - too_large)


def test_a_repeated_key_is_a_declared_gap() -> None:
    """The schema sees the parsed object (the last value of a repeated key); the loader refuses
    the text, as the root's ``x-kgrules-unique-keys`` says."""
    text = json.dumps(example(), ensure_ascii=False)
    doubled = text.replace('"name": "Ví dụ"', '"name": "Ví dụ", "name": "Khác"', 1)
    assert doubled != text
    assert VALIDATOR.is_valid(json.loads(doubled))
    with pytest.raises(CaseError, match="appears twice"):
        Case.from_json(doubled)
    assert SCHEMA["x-kgrules-unique-keys"] is True


# --- the date and quarter patterns, exhaustively against kgrules.exact ---------------------------


def _parses(parse: Callable[[str], object], text: str) -> bool:
    try:
        parse(text)
    except CaseError:
        return False
    return True


def test_the_date_pattern_is_the_loaders_date_over_every_year_and_month_day() -> None:
    """Every year 0000-9999 with the days around the ends of February and of the year, and
    every month/day 00-99 for years around the leap rules: the pattern and the reader agree."""
    pattern = re.compile(DATE_PATTERN)
    read = lambda t: parse_iso_date("date", t, CaseError)  # noqa: E731
    texts = [f"{y:04d}-{md}" for y in range(10_000)
             for md in ("02-28", "02-29", "02-30", "12-31", "01-00", "13-01")]
    texts += [f"{y:04d}-{m:02d}-{d:02d}" for y in (0, 1, 4, 100, 400, 1900, 2000, 2008, 2009,
                                                  2024, 2100, 2400, 9999)
              for m in range(100) for d in range(100)]
    disagree = [t for t in texts if bool(pattern.fullmatch(t)) != _parses(read, t)]
    assert disagree == []
    leap = {y for y in range(1, 10_000) if pattern.fullmatch(f"{y:04d}-02-29")}
    assert leap == {y for y in range(1, 10_000) if _real(y, 2, 29)}
    assert {2008, 2000, 2400} <= leap and not {2009, 1900, 2100} & leap


def _real(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def test_the_quarter_pattern_is_the_loaders_quarter() -> None:
    pattern = re.compile(QUARTER_PATTERN)
    texts = [f"{y:04d}-Q{q}" for y in range(10_000) for q in range(6)] + ["2024-q1", "24-Q1"]
    disagree = [t for t in texts
                if bool(pattern.fullmatch(t)) != _parses(lambda t: check_quarter("q", t), t)]
    assert disagree == []


# --- the extensions are machine-readable: enough to check what they declare ---------------------


def test_every_check_between_two_fields_of_a_record_is_declared_on_its_field() -> None:
    """Each ``_not_before(self, later, earlier)`` and ``_distinct(self, field, other, …)`` of
    a record class (kgrules/facts.py) is the extension on that field, naming the other."""
    calls: list[tuple[str, str, str, str]] = []
    for cls in ast.parse((ROOT / "kgrules/facts.py").read_text(encoding="utf-8")).body:
        if not isinstance(cls, ast.ClassDef):
            continue
        for node in ast.walk(cls):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_not_before", "_distinct")):
                field, other = (a.value for a in node.args[1:3] if isinstance(a, ast.Constant))
                keyword = "x-kgrules-not-before" if node.func.id == "_not_before" else (
                    "x-kgrules-distinct-from")
                calls.append((cls.name, str(field), keyword, str(other)))
    assert len(calls) >= 9
    for name, field, keyword, other in calls:
        assert SCHEMA["$defs"][name]["properties"][field].get(keyword) == other, (name, field)
    declared = [(name, field, key, spec[key]) for name, d in SCHEMA["$defs"].items()
                for field, spec in d.get("properties", {}).items()
                for key in ("x-kgrules-not-before", "x-kgrules-distinct-from") if key in spec]
    assert sorted(declared) == sorted(calls)


def _declared_problems(doc: dict[str, Any]) -> list[str]:
    """What ``x-kgrules-unique`` and ``x-kgrules-references`` find wrong in a document, read
    from the schema alone (no kgrules code): how a client in another language can check them."""
    problems: list[str] = []
    lists = SCHEMA["properties"]
    for kind, spec in lists.items():
        field = spec.get("x-kgrules-unique")
        if field is None:
            continue
        values = [r.get(field) for r in doc.get(kind, []) if r.get(field) is not None]
        problems += [f"{kind}: {v!r} twice" for v in {v for v in values if values.count(v) > 1}]
    for kind, spec in lists.items():
        ref = spec.get("items", {}).get("$ref", "")
        record = SCHEMA["$defs"].get(ref.rsplit("/", 1)[-1], {})
        for field, fspec in record.get("properties", {}).items():
            target = fspec.get("x-kgrules-references")
            if target is None:
                continue
            target_list, target_field = target.split(".")
            known = {r.get(target_field) for r in doc.get(target_list, [])}
            for i, r in enumerate(doc.get(kind, [])):
                value = r.get(field)
                for each in value if isinstance(value, list) else [value]:
                    if each is not None and each not in known:
                        problems.append(f"{kind}[{i}].{field}: no {target} {each!r}")
    return problems


def test_the_reference_and_unique_extensions_find_what_the_loader_refuses() -> None:
    """Read from the schema alone, the two extensions find a problem in every witness the
    loader refuses for a dangling reference or a repeated id, and none in the example."""
    assert _declared_problems(example()) == []
    found = 0
    for name, mutate in _witnesses():
        doc = _mutated(mutate)
        error = _loader_error(doc)
        if error is None or not isinstance(doc, dict):
            continue
        kinds = {how for site in _sites_of(error) for how in _kinds(site)}
        if kinds & {"x-kgrules-references", "x-kgrules-unique"}:
            assert _declared_problems(doc), name
            found += 1
    assert found >= 40


@settings(max_examples=25, deadline=None)
@given(case=committee_cases())
def test_what_the_loader_accepts_breaks_no_standard_or_declared_check(case: Case) -> None:
    """Whole generated committees (every kind of record): valid to the schema, and the
    reference and unique extensions, read from the schema alone, find nothing wrong."""
    data = json.loads(case.to_json())
    VALIDATOR.validate(data)
    assert _declared_problems(data) == []
    assert any(data[kind] for kind in ("positions", "meetings", "expenditures"))
