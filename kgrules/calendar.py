"""The working-day calendar behind every deadline of the regulation.

A working day is Monday to Friday, less Vietnamese public holidays and make-up days off, plus
the weekend days the government declares working days (docs/calendar.md). Three sources are
layered, each winning over the one before:

1. the ``holidays`` package (``Vietnam``, ``language="vi"``, ``observed=True``);
2. kgrules' sourced corrections (``kgrules/data/calendar_corrections.json``), for the years
   in which the package is known to differ from the official schedule;
3. the official lists a user supplies as :class:`CalendarOverride` objects.

The layers are applied per year on a private copy of the package's data, so calendars with
different overrides never affect each other, and the answer for a day never depends on which
days were asked about before. Every computed deadline names the calendar that produced it.
"""

from __future__ import annotations

import calendar as _gregorian
import datetime as dt
import functools
import json
import threading
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from importlib.metadata import version
from typing import Any, Final, Literal, NamedTuple, cast

import attrs

from kgrules.errors import CalendarError, NotInForceError
from kgrules.exact import parse_iso_date
from kgrules.params import (
    DOCUMENTS_NOTICE_WORKING_DAYS,
    MEETING_WINDOW_FIRST_DAY,
    MEETING_WINDOW_LAST_DAY,
    REPORT_DEADLINE_DAY,
)

__all__ = [
    "DEFAULT_DISPATCH_READING",
    "DEFAULT_REPORT_READING",
    "DISPATCH_READINGS",
    "REPORT_READINGS",
    "CalendarOverride",
    "Correction",
    "CorrectionKind",
    "DispatchDeadline",
    "MeetingWindow",
    "ReportDeadline",
    "WorkingCalendar",
    "YearSchedule",
    "covered_years",
    "default_calendar",
    "load_corrections",
]

CorrectionKind = Literal["day_off", "working_day", "not_day_off"]
CORRECTION_KINDS: Final[tuple[str, ...]] = ("day_off", "working_day", "not_day_off")

#: Interpretation point 6: how "ít nhất 03 ngày làm việc" before a meeting is counted.
DISPATCH_READINGS: Final[tuple[str, ...]] = ("count_back", "clear_days")
DEFAULT_DISPATCH_READING: Final = "count_back"
#: Interpretation point 5: whether "chậm nhất ngày 15" moves off a non-working day.
REPORT_READINGS: Final[tuple[str, ...]] = ("strict", "shifted")
DEFAULT_REPORT_READING: Final = "strict"



def _vietnam() -> Any:
    """The package's Vietnam calendar class, imported on first use: importing the holidays
    countries costs about a third of ``import kgrules``, and many users never count a day."""
    from holidays.countries.vietnam import Vietnam

    return Vietnam


@functools.cache
def covered_years() -> tuple[int, int]:
    """The years the package can populate (``FIRST_YEAR``, ``LAST_YEAR``); outside them it
    silently returns no holidays at all, so the calendar refuses such days instead of calling
    every weekday a working day."""
    v = _vietnam()
    return int(v.start_year), int(v.end_year)


def __getattr__(name: str) -> int:
    # FIRST_YEAR and LAST_YEAR stay importable without importing the package at import time.
    if name == "FIRST_YEAR":
        return covered_years()[0]
    if name == "LAST_YEAR":
        return covered_years()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


PACKAGE: Final = "holidays"
PACKAGE_VERSION: Final[str] = version("holidays")
COUNTRY: Final = "VN"
LANGUAGE: Final = "vi"

WINDOW_CLAUSES: Final[tuple[str, ...]] = ("dieu-10/doan-1",)
REPORT_CLAUSES: Final[tuple[str, ...]] = ("dieu-11/doan-1",)
DISPATCH_CLAUSES: Final[tuple[str, ...]] = ("dieu-11/doan-2",)

_ONE_DAY: Final = dt.timedelta(days=1)
_WEEKEND_NAMES: Final[Mapping[int, str]] = {5: "Thứ Bảy", 6: "Chủ nhật"}
_CORRECTIONS_RESOURCE: Final = "calendar_corrections.json"


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


def _is_plain_date(value: object) -> bool:
    # datetime is a subclass of date but never equal to one: as a key it would silently miss.
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _check_day(value: object, path: str) -> dt.date:
    if not _is_plain_date(value):
        raise CalendarError(path, f"expected a datetime.date, got {type(value).__name__}")
    day = cast(dt.date, value)
    first, last = covered_years()
    if not first <= day.year <= last:
        raise CalendarError(
            path, f"{day.isoformat()} is outside the years covered ({first}–{last})"
        )
    return day


def _check_year(value: object, path: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise CalendarError(path, f"expected an integer year, got {type(value).__name__}")
    first, last = covered_years()
    if not first <= value <= last:
        raise CalendarError(
            path, f"{value} is outside the years covered ({first}–{last})"
        )
    return value


def _check_quarter(value: object, path: str = "quarter") -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 4:
        raise CalendarError(path, f"expected a quarter 1, 2, 3 or 4, got {value!r}")
    return value


def _as_tuple(value: Iterable[dt.date]) -> tuple[dt.date, ...]:
    """Accept any iterable of dates; anything else is kept as is so ``validate`` can name it."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        return cast(tuple[dt.date, ...], value)
    return tuple(value)


# --------------------------------------------------------------------------- user overrides


@attrs.frozen
class CalendarOverride:
    """The official list for one year, supplied by a user; it wins over the package and the
    corrections.

    Validated on construction: every date is a ``datetime.date`` in ``year``, no date appears
    twice, and ``working_days`` holds only Saturdays and Sundays (a weekday the package wrongly
    lists as off belongs in ``not_days_off``). A :class:`~kgrules.errors.CalendarError` names
    the field relative to the override (``days_off[1]``); :meth:`validate` and
    :meth:`from_dict` take a ``path`` prefix (``calendar.overrides[0]``) for input read from
    a larger document, and :class:`WorkingCalendar` prefixes ``overrides[i]``.
    """

    year: int
    days_off: tuple[dt.date, ...] = attrs.field(default=(), converter=_as_tuple)
    working_days: tuple[dt.date, ...] = attrs.field(default=(), converter=_as_tuple)
    not_days_off: tuple[dt.date, ...] = attrs.field(default=(), converter=_as_tuple)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        self.validate()

    def validate(self, path: str = "") -> None:
        """Raise :class:`CalendarError` at the first inconsistency, its path under ``path``."""
        year = _check_year(self.year, _join(path, "year"))
        if not isinstance(self.source, str):
            raise CalendarError(_join(path, "source"), "expected a string")
        seen: dict[dt.date, str] = {}
        for field in ("days_off", "working_days", "not_days_off"):
            days: object = getattr(self, field)
            if not isinstance(days, tuple):
                raise CalendarError(_join(path, field), "expected a sequence of dates")
            for i, day in enumerate(days):
                where = _join(path, f"{field}[{i}]")
                if not _is_plain_date(day):
                    raise CalendarError(
                        where, f"expected a datetime.date, got {type(day).__name__}"
                    )
                if day.year != year:
                    raise CalendarError(where, f"{day.isoformat()} is not in {year}")
                if day in seen:
                    raise CalendarError(
                        where,
                        f"{day.isoformat()} is already listed at {seen[day]}; "
                        "a day can be in only one list",
                    )
                if field == "working_days" and day.weekday() < 5:
                    raise CalendarError(
                        where,
                        f"{day.isoformat()} is a weekday; working_days is for Saturdays and "
                        "Sundays declared working days (use not_days_off for a weekday)",
                    )
                seen[day] = f"{field}[{i}]"

    @classmethod
    def from_dict(cls, data: object, path: str = "") -> CalendarOverride:
        """Build from JSON-like data (ISO date strings); errors name the field under ``path``."""
        if not isinstance(data, Mapping):
            raise CalendarError(path or "override", "expected an object")
        fields = ("year", "days_off", "working_days", "not_days_off", "source")
        for key in data:
            if key not in fields:
                raise CalendarError(_join(path, str(key)), "unknown field")
        if "year" not in data:
            raise CalendarError(_join(path, "year"), "missing")
        lists: dict[str, tuple[dt.date, ...]] = {}
        for field in fields[1:4]:
            raw = data.get(field, [])
            if not isinstance(raw, list | tuple):
                raise CalendarError(_join(path, field), "expected a list of ISO dates")
            parsed: list[dt.date] = []
            for i, item in enumerate(raw):
                if _is_plain_date(item):
                    parsed.append(item)
                    continue
                parsed.append(parse_iso_date(_join(path, f"{field}[{i}]"), item, CalendarError))
            lists[field] = tuple(parsed)
        try:
            return cls(
                year=data["year"],
                days_off=lists["days_off"],
                working_days=lists["working_days"],
                not_days_off=lists["not_days_off"],
                source=data.get("source", ""),
            )
        except CalendarError as error:
            raise CalendarError(_join(path, error.path), error.message) from None

    def to_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "days_off": [d.isoformat() for d in self.days_off],
            "working_days": [d.isoformat() for d in self.working_days],
            "not_days_off": [d.isoformat() for d in self.not_days_off],
            "source": self.source,
        }

    def day_off_name(self) -> str:
        """The name given to a listed day off that the package does not already name."""
        if self.source:
            return f"Ngày nghỉ theo {self.source}"
        return f"Ngày nghỉ theo danh sách chính thức năm {self.year}"


# ----------------------------------------------------------------------- built-in corrections


@attrs.frozen
class Correction:
    """One row of the built-in, sourced table of the package's known errors.

    ``confirmed`` is true when an official schedule (or, for ``not_day_off``, the state of the
    law) was found in a source; only confirmed rows are applied.
    """

    date: dt.date
    kind: CorrectionKind
    name_vi: str
    source: str
    confirmed: bool
    note: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "name_vi": self.name_vi,
            "source": self.source,
            "confirmed": self.confirmed,
            "note": self.note,
        }


def _parse_correction(row: object, path: str) -> Correction:
    if not isinstance(row, Mapping):
        raise CalendarError(path, "expected an object")
    allowed = {"date", "kind", "name_vi", "source", "confirmed", "note"}
    for key in row:
        if key not in allowed:
            raise CalendarError(_join(path, str(key)), "unknown field")
    if "date" not in row:
        raise CalendarError(_join(path, "date"), "expected an ISO date")
    day = parse_iso_date(_join(path, "date"), row["date"], CalendarError)
    kind = row.get("kind")
    if kind not in CORRECTION_KINDS:
        raise CalendarError(_join(path, "kind"), f"expected one of {CORRECTION_KINDS}")
    if kind == "working_day" and day.weekday() < 5:
        raise CalendarError(_join(path, "kind"), "a working_day correction must be a weekend day")
    for key in ("name_vi", "source"):
        if not isinstance(row.get(key), str) or not row[key]:
            raise CalendarError(_join(path, key), "expected a non-empty string")
    if not isinstance(row.get("confirmed"), bool):
        raise CalendarError(_join(path, "confirmed"), "expected true or false")
    note = row.get("note", "")
    if not isinstance(note, str):
        raise CalendarError(_join(path, "note"), "expected a string")
    return Correction(
        date=day,
        kind=cast(CorrectionKind, kind),
        name_vi=row["name_vi"],
        source=row["source"],
        confirmed=row["confirmed"],
        note=note,
    )


def parse_corrections(data: object, path: str = "corrections") -> tuple[Correction, ...]:
    """Validate the corrections document (``{"rows": [...]}``); a bad row is a CalendarError."""
    rows = data.get("rows") if isinstance(data, Mapping) else None
    if not isinstance(rows, list):
        raise CalendarError(_join(path, "rows"), "expected a list of rows")
    result: list[Correction] = []
    seen: dict[dt.date, int] = {}
    for i, row in enumerate(rows):
        correction = _parse_correction(row, _join(path, f"rows[{i}]"))
        if correction.date in seen:
            raise CalendarError(
                _join(path, f"rows[{i}].date"),
                f"{correction.date.isoformat()} is already at rows[{seen[correction.date]}]",
            )
        seen[correction.date] = i
        result.append(correction)
    return tuple(sorted(result, key=lambda c: c.date))


@cache
def load_corrections() -> tuple[Correction, ...]:
    """The built-in table, read once from ``kgrules/data/calendar_corrections.json``.

    A row that the package has meanwhile fixed is tolerated (applying it changes nothing);
    the test suite flags it so the table can be pruned.
    """
    text = resources.files("kgrules").joinpath("data", _CORRECTIONS_RESOURCE).read_text("utf-8")
    return parse_corrections(json.loads(text))


# ------------------------------------------------------------------------ computed deadlines


def _iso(days: Iterable[dt.date]) -> list[str]:
    return [d.isoformat() for d in days]


def _check_reading(reading: object, readings: tuple[str, ...]) -> str:
    if reading not in readings:
        raise CalendarError("reading", f"unknown reading {reading!r}; expected one of {readings}")
    return str(reading)


@attrs.frozen
class MeetingWindow:
    """Đoạn 1 Điều 10: the regular meeting falls on days 20 to 30 of the quarter's last month,
    counted in calendar days (a non-working day inside is still inside)."""

    year: int
    quarter: int
    first: dt.date
    last: dt.date
    non_working_days: tuple[dt.date, ...]
    calendar: str
    clauses: tuple[str, ...] = WINDOW_CLAUSES

    def contains(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def to_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "quarter": self.quarter,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "non_working_days": _iso(self.non_working_days),
            "calendar": self.calendar,
            "clauses": list(self.clauses),
        }


@attrs.frozen
class ReportDeadline:
    """Đoạn 1 Điều 11: members report "chậm nhất ngày 15 của tháng cuối quý".

    ``strict`` is that calendar date (the default reading); ``shifted`` moves it to the next
    working day when it is not one, applying Civil Code 2015 Art. 148(5) by analogy.
    """

    year: int
    quarter: int
    strict: dt.date
    shifted: dt.date
    strict_is_working_day: bool
    calendar: str
    clauses: tuple[str, ...] = REPORT_CLAUSES

    def deadline(self, reading: str = DEFAULT_REPORT_READING) -> dt.date:
        """The last day a report may arrive under ``reading`` ("strict" or "shifted")."""
        if _check_reading(reading, REPORT_READINGS) == "strict":
            return self.strict
        return self.shifted

    def is_on_time(self, received: dt.date, reading: str = DEFAULT_REPORT_READING) -> bool:
        return received <= self.deadline(reading)

    def to_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "quarter": self.quarter,
            "strict": self.strict.isoformat(),
            "shifted": self.shifted.isoformat(),
            "strict_is_working_day": self.strict_is_working_day,
            "calendar": self.calendar,
            "clauses": list(self.clauses),
        }


@attrs.frozen
class DispatchDeadline:
    """Đoạn 2 Điều 11: meeting documents go out "ít nhất 03 ngày làm việc" before the meeting.

    ``latest`` is the last day (to 24:00) on which sending still complies under ``reading``.
    """

    meeting_day: dt.date
    reading: str
    latest: dt.date
    working_days: int
    calendar: str
    clauses: tuple[str, ...] = DISPATCH_CLAUSES

    def is_on_time(self, sent: dt.date) -> bool:
        return sent <= self.latest

    def to_dict(self) -> dict[str, object]:
        return {
            "meeting_day": self.meeting_day.isoformat(),
            "reading": self.reading,
            "latest": self.latest.isoformat(),
            "working_days": self.working_days,
            "calendar": self.calendar,
            "clauses": list(self.clauses),
        }


@attrs.frozen
class YearSchedule:
    """The meeting windows and report deadlines of the quarters of ``year`` in which the
    regulation is in force (all four from 2009; Q2–Q4 in 2008)."""

    year: int
    windows: tuple[MeetingWindow, ...]
    report_deadlines: tuple[ReportDeadline, ...]
    calendar: str

    def to_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "calendar": self.calendar,
            "windows": [w.to_dict() for w in self.windows],
            "report_deadlines": [r.to_dict() for r in self.report_deadlines],
        }


# ------------------------------------------------------------------------------- calendar


class _Year(NamedTuple):
    """One year's final answers: named days off and weekend days that are working days."""

    off: dict[dt.date, str]
    weekend_working: frozenset[dt.date]


def _quarter_end(year: int, quarter: int) -> dt.date:
    month = 3 * quarter
    return dt.date(year, month, _gregorian.monthrange(year, month)[1])


class WorkingCalendar:
    """Working days under the package, kgrules' corrections and a user's official lists.

    Years are built on first use, under a lock, and then read without one; a built year is
    never changed, so the object may be shared between threads.
    """

    def __init__(
        self, overrides: Iterable[CalendarOverride] = (), *, corrections: bool = True
    ) -> None:
        if not isinstance(corrections, bool):
            raise CalendarError("corrections", "expected true or false")
        by_year: dict[int, CalendarOverride] = {}
        where: dict[int, int] = {}
        for i, override in enumerate(overrides):
            if not isinstance(override, CalendarOverride):
                raise CalendarError(f"overrides[{i}]", "expected a CalendarOverride")
            override.validate(f"overrides[{i}]")
            if override.year in by_year:
                raise CalendarError(
                    f"overrides[{i}].year",
                    f"the list for {override.year} is already at overrides[{where[override.year]}]",
                )
            by_year[override.year] = override
            where[override.year] = i
        self._overrides: dict[int, CalendarOverride] = dict(sorted(by_year.items()))
        self._corrections: tuple[Correction, ...] = (
            tuple(c for c in load_corrections() if c.confirmed) if corrections else ()
        )
        self._corrections_by_year: dict[int, list[Correction]] = {}
        for correction in self._corrections:
            self._corrections_by_year.setdefault(correction.date.year, []).append(correction)
        self._use_corrections = corrections
        # The package object is private to this calendar and only touched under the lock.
        self._package: Any = _vietnam()(language=LANGUAGE, observed=True)
        self._lock = threading.Lock()
        self._years: dict[int, _Year] = {}
        #: The meeting window of each quarter asked about (:meth:`quarter_window`).
        self._windows: dict[tuple[int, int], MeetingWindow] = {}
        #: The report deadlines worked out, by (year, quarter): kept as the windows are.
        self._deadlines: dict[tuple[int, int], ReportDeadline] = {}
        self._name = self._make_name()

    # -- identity -------------------------------------------------------------------------

    def _make_name(self) -> str:
        parts = [f"{PACKAGE} {PACKAGE_VERSION} ({COUNTRY}, {LANGUAGE})"]
        if self.corrections_years:
            years = ", ".join(str(y) for y in self.corrections_years)
            parts.append(f"kgrules corrections ({years})")
        if self._overrides:
            years = ", ".join(str(y) for y in self._overrides)
            parts.append(f"official list ({years})")
        return " + ".join(parts)

    @property
    def name(self) -> str:
        """Exactly what produced the dates, e.g. ``holidays 0.109 (VN, vi) + kgrules
        corrections (2011, …) + official list (2024)``; every deadline carries it."""
        return self._name

    @property
    def corrections(self) -> tuple[Correction, ...]:
        """The correction rows this calendar applies (none with ``corrections=False``)."""
        return self._corrections

    @property
    def corrections_years(self) -> tuple[int, ...]:
        return tuple(sorted(self._corrections_by_year))

    @property
    def overrides(self) -> tuple[CalendarOverride, ...]:
        return tuple(self._overrides.values())

    @property
    def override_years(self) -> tuple[int, ...]:
        return tuple(self._overrides)

    def describe(self) -> dict[str, object]:
        """A JSON-able account of the sources, for answers and logs."""
        return {
            "name": self._name,
            "package": PACKAGE,
            "package_version": PACKAGE_VERSION,
            "country": COUNTRY,
            "language": LANGUAGE,
            "observed": True,
            "corrections": self._use_corrections,
            "corrections_years": list(self.corrections_years),
            "override_years": list(self.override_years),
            "overrides": [{"year": o.year, "source": o.source} for o in self._overrides.values()],
            "first_year": covered_years()[0],
            "last_year": covered_years()[1],
        }

    def __repr__(self) -> str:
        return f"WorkingCalendar({self._name!r})"

    # -- years ----------------------------------------------------------------------------

    def _year(self, year: int) -> _Year:
        data = self._years.get(year)
        if data is None:
            with self._lock:
                data = self._years.get(year)
                if data is None:
                    data = self._build_year(year)
                    self._years[year] = data
        return data

    def _build_year(self, year: int) -> _Year:
        package = self._package
        # The package files a swap across New Year (e.g. 31/12/2018 off for Sat 5/1/2019) under
        # one of the two years; populating the neighbours keeps the answer for a day
        # independent of the order in which years were first used (0.109 also does this itself).
        first, last = covered_years()
        for y in (year - 1, year, year + 1):
            if first <= y <= last and y not in package.years:
                _ = dt.date(y, 1, 1) in package  # expand=True populates the year
        off: dict[dt.date, str] = {d: str(n) for d, n in package.items() if d.year == year}
        working: set[dt.date] = {d for d in package.weekend_workdays if d.year == year}
        for correction in self._corrections_by_year.get(year, ()):
            day = correction.date
            if correction.kind == "day_off":
                off[day] = correction.name_vi
                working.discard(day)
            elif correction.kind == "working_day":
                off.pop(day, None)
                working.add(day)
            else:
                off.pop(day, None)
        override = self._overrides.get(year)
        if override is not None:
            for day in override.days_off:
                off.setdefault(day, override.day_off_name())
                working.discard(day)
            for day in override.working_days:
                off.pop(day, None)
                working.add(day)
            for day in override.not_days_off:
                off.pop(day, None)
        return _Year(off, frozenset(working))

    def _working(self, day: dt.date) -> bool:
        data = self._year(day.year)
        if day.weekday() >= 5:
            return day in data.weekend_working
        return day not in data.off

    def _step(self, day: dt.date, delta: dt.timedelta, path: str) -> dt.date:
        try:
            result = day + delta
        except OverflowError:
            result = dt.date.max
        first, last = covered_years()
        if not first <= result.year <= last:
            raise CalendarError(path, f"the count leaves the years covered ({first}–{last})")
        return result

    # -- days -----------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        return self._working(_check_day(day, "day"))

    def day_off_name(self, day: dt.date) -> str | None:
        """The Vietnamese name of the day off (the holiday, else "Thứ Bảy"/"Chủ nhật"), or
        None when ``day`` is a working day."""
        day = _check_day(day, "day")
        if self._working(day):
            return None
        name = self._year(day.year).off.get(day)
        return name if name is not None else _WEEKEND_NAMES[day.weekday()]

    def nth_working_day_before(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day strictly before ``day`` (``day`` itself is never counted,
        Civil Code Art. 147 by analogy)."""
        day = _check_day(day, "day")
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise CalendarError("n", f"expected an integer >= 1, got {n!r}")
        step = -_ONE_DAY
        count = 0
        while count < n:
            day = self._step(day, step, "day")
            if self._working(day):
                count += 1
        return day

    def next_working_day_on_or_after(self, day: dt.date) -> dt.date:
        day = _check_day(day, "day")
        while not self._working(day):
            day = self._step(day, _ONE_DAY, "day")
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The working days ``d`` with ``start < d < end``; 0 when ``end <= start + 1 day``."""
        start = _check_day(start, "start")
        end = _check_day(end, "end")
        count = 0
        day = start + _ONE_DAY
        while day < end:
            count += self._working(day)
            day += _ONE_DAY
        return count

    def non_working_days_in(self, first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
        """The non-working days ``d`` with ``first <= d <= last``."""
        first = _check_day(first, "first")
        last = _check_day(last, "last")
        result: list[dt.date] = []
        day = first
        while day <= last:
            if not self._working(day):
                result.append(day)
            day += _ONE_DAY
        return tuple(result)

    # -- deadlines of the regulation ------------------------------------------------------

    def quarter_window(self, year: int, quarter: int) -> MeetingWindow:
        """Days 20–30 of the quarter's last month, with the parameters in force on the
        quarter's last day (NotInForceError for a quarter ending before 23/6/2008).

        Worked out once per quarter and kept (a built year never changes, and the window is
        frozen): every question about a meeting asks for it, some twice."""
        known = self._windows.get((year, quarter)) if type(year) is int else None
        if known is not None and type(quarter) is int:
            return known
        year = _check_year(year, "year")
        quarter = _check_quarter(quarter)
        end = _quarter_end(year, quarter)
        first = end.replace(day=MEETING_WINDOW_FIRST_DAY.at(end))
        last = end.replace(day=MEETING_WINDOW_LAST_DAY.at(end))
        window = MeetingWindow(
            year=year,
            quarter=quarter,
            first=first,
            last=last,
            non_working_days=self.non_working_days_in(first, last),
            calendar=self._name,
        )
        self._windows[(year, quarter)] = window
        return window

    def report_deadline(self, year: int, quarter: int) -> ReportDeadline:
        """The 15th of the quarter's last month, and that day moved to the next working day.

        Worked out once per quarter and kept, as :meth:`quarter_window` is: a question about a
        quarterly report derives three fields from it."""
        known = self._deadlines.get((year, quarter)) if type(year) is int else None
        if known is not None and type(quarter) is int:
            return known
        year = _check_year(year, "year")
        quarter = _check_quarter(quarter)
        end = _quarter_end(year, quarter)
        strict = end.replace(day=REPORT_DEADLINE_DAY.at(end))
        deadline = ReportDeadline(
            year=year,
            quarter=quarter,
            strict=strict,
            shifted=self.next_working_day_on_or_after(strict),
            strict_is_working_day=self._working(strict),
            calendar=self._name,
        )
        self._deadlines[(year, quarter)] = deadline
        return deadline

    def latest_dispatch_day(
        self, meeting_day: dt.date, reading: str = DEFAULT_DISPATCH_READING
    ) -> DispatchDeadline:
        """The last day to send documents for a regular meeting on ``meeting_day``.

        "count_back": the 3rd working day counted back, the meeting day excluded (a meeting
        on Thursday → Monday). "clear_days": 3 working days must lie strictly between sending
        and the meeting, so the calendar day before the count_back date.
        """
        meeting_day = _check_day(meeting_day, "meeting_day")
        reading = _check_reading(reading, DISPATCH_READINGS)
        n = DOCUMENTS_NOTICE_WORKING_DAYS.at(meeting_day)
        latest = self.nth_working_day_before(meeting_day, n)
        if reading == "clear_days":
            latest = self._step(latest, -_ONE_DAY, "meeting_day")
        return DispatchDeadline(
            meeting_day=meeting_day,
            reading=reading,
            latest=latest,
            working_days=n,
            calendar=self._name,
        )

    def year_schedule(self, year: int) -> YearSchedule:
        """The windows and report deadlines of every quarter of ``year`` under the regulation."""
        year = _check_year(year, "year")
        windows: list[MeetingWindow] = []
        deadlines: list[ReportDeadline] = []
        not_in_force: NotInForceError | None = None
        for quarter in (1, 2, 3, 4):
            try:
                windows.append(self.quarter_window(year, quarter))
                deadlines.append(self.report_deadline(year, quarter))
            except NotInForceError as error:
                not_in_force = not_in_force or error
        if not windows and not_in_force is not None:
            raise not_in_force
        return YearSchedule(
            year=year,
            windows=tuple(windows),
            report_deadlines=tuple(deadlines),
            calendar=self._name,
        )


_default: WorkingCalendar | None = None
_default_lock = threading.Lock()


def default_calendar() -> WorkingCalendar:
    """The shared calendar with kgrules' corrections and no user overrides."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = WorkingCalendar()
    return _default
