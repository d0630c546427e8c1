"""A case's integrity, checked when it is built: ids unique within each kind, every reference
resolved to a record of the kind it names, no loop of agency successors, consistent official
calendar lists."""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING, Any, Final

import attrs

from kgrules.calendar import CalendarOverride, WorkingCalendar
from kgrules.case.kinds import (
    _OVERRIDE_KEYS,
    _OVERRIDE_LISTS,
    KIND_CLASSES,
    MAX_RECORDS,
    RECORD_KINDS,
    REF_TARGETS,
)
from kgrules.case.loading import _parse_date
from kgrules.errors import CalendarError, CaseError
from kgrules.facts import (
    TEXT_MAX_LENGTH,
    Agency,
    check_unicode,
    json_type,
)

if TYPE_CHECKING:
    from kgrules.case.model import Case

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
