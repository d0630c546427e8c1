"""The working-day calendar: package, sourced corrections and user overrides (docs/calendar.md)."""

from __future__ import annotations

import datetime as dt
import json
import random
import threading

import pytest
from holidays.countries.vietnam import Vietnam
from hypothesis import given, settings
from hypothesis import strategies as st

from kgrules.calendar import (
    DEFAULT_DISPATCH_READING,
    DEFAULT_REPORT_READING,
    FIRST_YEAR,
    LAST_YEAR,
    PACKAGE_VERSION,
    CalendarOverride,
    Correction,
    WorkingCalendar,
    default_calendar,
    load_corrections,
    parse_corrections,
)
from kgrules.errors import CalendarError, NotInForceError

D = dt.date
ONE = dt.timedelta(days=1)
IN_FORCE = D(2008, 6, 23)  # the regulation's effective date: params start here

CAL = WorkingCalendar()
RAW_CAL = WorkingCalendar(corrections=False)
PACKAGE = Vietnam(language="vi", observed=True)  # the uncorrected source, for comparison

ROWS = load_corrections()

meeting_days = st.dates(min_value=IN_FORCE, max_value=D(2100, 12, 31))
quarters = st.tuples(st.integers(2009, 2100), st.integers(1, 4)) | st.tuples(
    st.just(2008), st.integers(2, 4)
)


def _working(calendar: WorkingCalendar, start: dt.date, end: dt.date) -> list[dt.date]:
    """The working days d with start <= d < end, by brute force."""
    days = []
    day = start
    while day < end:
        if calendar.is_working_day(day):
            days.append(day)
        day += ONE
    return days


# ------------------------------------------------------------------ the corrections table


def test_corrections_table_covers_domain_section_c() -> None:
    table = {(c.date, c.kind) for c in ROWS}
    assert table == {
        (D(2011, 1, 29), "working_day"),
        (D(2011, 1, 30), "working_day"),
        (D(2011, 1, 31), "day_off"),
        (D(2011, 2, 1), "day_off"),
        (D(2011, 4, 9), "working_day"),
        (D(2011, 4, 11), "day_off"),
        (D(2012, 12, 31), "day_off"),
        (D(2013, 1, 5), "working_day"),
        (D(2013, 2, 23), "working_day"),
        (D(2014, 1, 25), "working_day"),
        (D(2014, 1, 28), "day_off"),
        (D(2014, 2, 5), "day_off"),
        (D(2014, 2, 8), "working_day"),
        (D(2026, 1, 2), "day_off"),
        (D(2026, 1, 10), "working_day"),
        (D(2026, 11, 24), "not_day_off"),
    }
    assert all(c.confirmed and c.source and c.name_vi for c in ROWS)
    assert CAL.corrections_years == (2011, 2012, 2013, 2014, 2026)


@pytest.mark.parametrize("row", ROWS, ids=lambda c: f"{c.date}-{c.kind}")
def test_each_correction_is_in_effect(row: Correction) -> None:
    if row.kind == "day_off":
        assert not CAL.is_working_day(row.date)
        assert CAL.day_off_name(row.date) == row.name_vi
    else:
        assert CAL.is_working_day(row.date)
        assert CAL.day_off_name(row.date) is None


@pytest.mark.parametrize("row", ROWS, ids=lambda c: f"{c.date}-{c.kind}")
def test_each_correction_changes_the_package_answer(row: Correction) -> None:
    """Fails when the package fixes a day itself: then the row is a no-op and can go."""
    raw = PACKAGE.is_working_day(row.date)
    assert RAW_CAL.is_working_day(row.date) == raw
    assert CAL.is_working_day(row.date) != raw


def test_package_already_has_the_day_off_given_for_23_2_2013() -> None:
    # Fri 15/2/2013 was the day off in exchange for Sat 23/2/2013; the package has it (under
    # another name), which is why the table has no row for it.
    assert not PACKAGE.is_working_day(D(2013, 2, 15))
    assert not CAL.is_working_day(D(2013, 2, 15))
    assert CAL.day_off_name(D(2013, 2, 15)) == "Mùng sáu Tết Nguyên Đán"


def test_vietnam_culture_day_only_2026_is_corrected() -> None:
    assert PACKAGE.get(D(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert CAL.is_working_day(D(2026, 11, 24))
    assert not RAW_CAL.is_working_day(D(2026, 11, 24))
    # Later years are a projection left to the package (docs/calendar.md, "Unverified").
    assert CAL.day_off_name(D(2027, 11, 24)) == "Ngày Văn hóa Việt Nam"


@pytest.mark.clause("dieu-11/doan-2")
def test_domain_example_meeting_10_2_2014() -> None:
    assert CAL.latest_dispatch_day(D(2014, 2, 10)).latest == D(2014, 2, 6)
    assert RAW_CAL.latest_dispatch_day(D(2014, 2, 10)).latest == D(2014, 2, 5)
    assert PACKAGE.get_nth_working_day(D(2014, 2, 10), -3) == D(2014, 2, 5)


@pytest.mark.clause("dieu-11/doan-2")
def test_swapped_working_saturday_counts_when_counting_back() -> None:
    assert CAL.latest_dispatch_day(D(2026, 1, 12)).latest == D(2026, 1, 8)  # 10/1 counts
    assert RAW_CAL.latest_dispatch_day(D(2026, 1, 12)).latest == D(2026, 1, 7)
    assert CAL.latest_dispatch_day(D(2026, 1, 6)).latest == D(2025, 12, 30)  # 2/1 is off
    assert RAW_CAL.latest_dispatch_day(D(2026, 1, 6)).latest == D(2025, 12, 31)


def test_parse_corrections_rejects_bad_rows() -> None:
    good = {
        "date": "2026-01-10",
        "kind": "working_day",
        "name_vi": "x",
        "source": "y",
        "confirmed": True,
    }
    assert parse_corrections({"rows": [good]})[0].date == D(2026, 1, 10)
    cases = [
        ({**good, "kind": "holiday"}, "corrections.rows[0].kind"),
        ({**good, "date": "2026-01-09"}, "corrections.rows[0].kind"),  # a Friday
        ({**good, "date": "10/1/2026"}, "corrections.rows[0].date"),
        ({**good, "confirmed": "yes"}, "corrections.rows[0].confirmed"),
        ({**good, "source": ""}, "corrections.rows[0].source"),
        ({**good, "extra": 1}, "corrections.rows[0].extra"),
    ]
    for row, path in cases:
        with pytest.raises(CalendarError) as info:
            parse_corrections({"rows": [row]})
        assert info.value.path == path
    with pytest.raises(CalendarError) as info:
        parse_corrections({"rows": [good, good]})
    assert info.value.path == "corrections.rows[1].date"


# ------------------------------------------------------------------- the package layer


@settings(max_examples=300)
@given(st.dates(min_value=D(1995, 1, 1), max_value=D(2100, 12, 1)), st.integers(1, 5))
def test_uncorrected_calendar_reproduces_the_package(day: dt.date, n: int) -> None:
    assert RAW_CAL.is_working_day(day) == PACKAGE.is_working_day(day)
    assert RAW_CAL.nth_working_day_before(day, n) == PACKAGE.get_nth_working_day(day, -n)


@pytest.mark.parametrize("day", [D(2019, 1, 5), D(2014, 12, 27)])
def test_cross_year_swaps_do_not_depend_on_what_was_asked_first(day: dt.date) -> None:
    # Sat 5/1/2019 was worked for Mon 31/12/2018; Sat 27/12/2014 for Fri 2/1/2015.
    assert WorkingCalendar().is_working_day(day)
    assert WorkingCalendar(corrections=False).is_working_day(day)


def test_day_off_names() -> None:
    assert CAL.day_off_name(D(2025, 1, 29)) == "Tết Nguyên Đán"
    assert CAL.day_off_name(D(2025, 3, 8)) == "Thứ Bảy"
    assert CAL.day_off_name(D(2025, 3, 9)) == "Chủ nhật"
    assert CAL.day_off_name(D(2025, 3, 10)) is None
    assert CAL.day_off_name(D(2025, 4, 26)) is None  # Sat swapped in as a working day


def test_bad_arguments_name_the_field() -> None:
    cases = [
        (lambda: CAL.is_working_day(dt.datetime(2025, 1, 2)), "day"),  # type: ignore[arg-type]
        (lambda: CAL.is_working_day("2025-01-02"), "day"),  # type: ignore[arg-type]
        (lambda: CAL.is_working_day(D(LAST_YEAR + 1, 1, 1)), "day"),
        (lambda: CAL.nth_working_day_before(D(2025, 1, 2), 0), "n"),
        (lambda: CAL.nth_working_day_before(D(FIRST_YEAR, 1, 2), 3), "day"),  # leaves the range
        (lambda: CAL.working_days_between(D(2025, 1, 2), None), "end"),  # type: ignore[arg-type]
        (lambda: CAL.quarter_window(2025, 5), "quarter"),
        (lambda: CAL.report_deadline(1800, 1), "year"),
        (lambda: CAL.latest_dispatch_day(D(2025, 3, 27), "eventually"), "reading"),
        (lambda: CAL.report_deadline(2025, 1).deadline("late"), "reading"),
    ]
    for call, path in cases:
        with pytest.raises(CalendarError) as info:
            call()
        assert info.value.path == path


def test_working_days_between_excludes_both_ends() -> None:
    # Mon 24/3/2025 .. Fri 28/3/2025: Tue, Wed, Thu lie strictly between.
    assert CAL.working_days_between(D(2025, 3, 24), D(2025, 3, 28)) == 3
    assert CAL.working_days_between(D(2025, 3, 28), D(2025, 3, 31)) == 0  # only a weekend
    assert CAL.working_days_between(D(2025, 3, 28), D(2025, 3, 24)) == 0
    assert CAL.working_days_between(D(2025, 1, 24), D(2025, 2, 3)) == 0  # Tết 2025


# ------------------------------------------------------------------------ user overrides


def test_override_wins_over_package_and_corrections() -> None:
    calendar = WorkingCalendar(
        [
            CalendarOverride(
                2026,
                days_off=(D(2026, 1, 10),),  # a correction says working
                not_days_off=(D(2026, 4, 30),),  # the package says off
                source="test list 2026",
            ),
            CalendarOverride(2030, working_days=(D(2030, 6, 15),), source="test list 2030"),
        ]
    )
    assert not calendar.is_working_day(D(2026, 1, 10))
    assert calendar.day_off_name(D(2026, 1, 10)) == "Ngày nghỉ theo test list 2026"
    assert calendar.is_working_day(D(2026, 4, 30))
    assert calendar.is_working_day(D(2030, 6, 15))  # a year with no corrections
    assert not calendar.is_working_day(D(2026, 1, 2))  # the rest of the corrections still apply
    assert calendar.override_years == (2026, 2030)
    # nothing leaked into other calendars
    assert CAL.is_working_day(D(2026, 1, 10))
    assert not CAL.is_working_day(D(2026, 4, 30))
    assert not CAL.is_working_day(D(2030, 6, 15))
    assert not default_calendar().is_working_day(D(2030, 6, 15))


def test_override_day_off_keeps_an_existing_name() -> None:
    calendar = WorkingCalendar([CalendarOverride(2030, days_off=(D(2030, 1, 1), D(2030, 1, 2)))])
    assert calendar.day_off_name(D(2030, 1, 1)) == "Tết Dương lịch"
    assert calendar.day_off_name(D(2030, 1, 2)) == "Ngày nghỉ theo danh sách chính thức năm 2030"


def test_two_calendars_with_different_overrides_do_not_interfere() -> None:
    saturday = D(2030, 6, 15)
    monday = D(2030, 6, 17)
    a = WorkingCalendar([CalendarOverride(2030, working_days=(saturday,))])
    b = WorkingCalendar([CalendarOverride(2030, days_off=(monday,))])
    for _ in range(2):  # interleave, both before and after each year is built
        assert a.is_working_day(saturday) and a.is_working_day(monday)
        assert not b.is_working_day(saturday) and not b.is_working_day(monday)
    assert a.report_deadline(2030, 2).shifted == saturday
    assert b.report_deadline(2030, 2).shifted == D(2030, 6, 18)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"year": 2030, "days_off": (D(2031, 1, 1),)}, "days_off[0]"),
        ({"year": 2030, "days_off": (D(2030, 1, 2), D(2029, 1, 2))}, "days_off[1]"),
        ({"year": 2030, "working_days": (D(2030, 1, 7),)}, "working_days[0]"),  # a Monday
        (
            {"year": 2030, "days_off": (D(2030, 1, 7),), "not_days_off": (D(2030, 1, 7),)},
            "not_days_off[0]",
        ),
        ({"year": 2030, "days_off": (D(2030, 1, 7), D(2030, 1, 7))}, "days_off[1]"),
        ({"year": 2030, "days_off": ("2030-01-07",)}, "days_off[0]"),
        ({"year": 2030, "days_off": (dt.datetime(2030, 1, 7),)}, "days_off[0]"),
        ({"year": 2030, "days_off": D(2030, 1, 7)}, "days_off"),
        ({"year": "2030"}, "year"),
        ({"year": 3000}, "year"),
        ({"year": 2030, "source": 5}, "source"),
    ],
)
def test_invalid_override_names_the_field(kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(CalendarError) as info:
        CalendarOverride(**kwargs)  # type: ignore[arg-type]
    assert info.value.path == path


def test_override_paths_inside_a_calendar_and_a_document() -> None:
    with pytest.raises(CalendarError) as info:
        WorkingCalendar([CalendarOverride(2030), CalendarOverride(2030)])
    assert info.value.path == "overrides[1].year"
    with pytest.raises(CalendarError) as info:
        WorkingCalendar(["2030"])  # type: ignore[list-item]
    assert info.value.path == "overrides[0]"
    with pytest.raises(CalendarError) as info:
        CalendarOverride.from_dict(
            {"year": 2030, "working_days": ["2030-06-15", "2030-06-17"]}, "calendar.overrides[0]"
        )
    assert info.value.path == "calendar.overrides[0].working_days[1]"
    with pytest.raises(CalendarError) as info:
        CalendarOverride.from_dict({"year": 2030, "days_off": ["15/6"]}, "calendar.overrides[2]")
    assert info.value.path == "calendar.overrides[2].days_off[0]"
    with pytest.raises(CalendarError) as info:
        CalendarOverride.from_dict({"year": 2030, "holidays": []}, "o")
    assert info.value.path == "o.holidays"


def test_override_from_dict_round_trip() -> None:
    override = CalendarOverride(
        2026,
        days_off=[D(2026, 1, 2)],  # type: ignore[arg-type]  # lists are accepted
        working_days=(D(2026, 1, 10),),
        source="Công văn 12729/VPCP-KGVX ngày 25/12/2025",
    )
    assert override.days_off == (D(2026, 1, 2),)
    assert CalendarOverride.from_dict(json.loads(json.dumps(override.to_dict()))) == override


# ------------------------------------------------------------------------ meeting windows


@pytest.mark.clause("dieu-10/doan-1")
@given(quarters)
def test_window_is_20th_to_30th_of_the_quarters_last_month(yq: tuple[int, int]) -> None:
    year, quarter = yq
    window = CAL.quarter_window(year, quarter)
    assert (window.first, window.last) == (D(year, 3 * quarter, 20), D(year, 3 * quarter, 30))
    assert window.contains(window.first) and window.contains(window.last)
    assert not window.contains(window.first - ONE)
    assert not window.contains(window.last + ONE)  # the 31st, or the 1st of the next month
    if quarter in (1, 4):
        assert not window.contains(D(year, 3 * quarter, 31))
    expected = [
        window.first + k * ONE for k in range(11) if not CAL.is_working_day(window.first + k * ONE)
    ]
    assert list(window.non_working_days) == expected
    assert window.calendar == CAL.name
    assert window.clauses == ("dieu-10/doan-1",)


@pytest.mark.clause("dieu-10/doan-1")
def test_no_window_before_the_regulation() -> None:
    with pytest.raises(NotInForceError):
        CAL.quarter_window(2008, 1)
    schedule = CAL.year_schedule(2008)
    assert [w.quarter for w in schedule.windows] == [2, 3, 4]
    with pytest.raises(NotInForceError):
        CAL.year_schedule(2007)


@pytest.mark.clause("dieu-10/doan-1", "dieu-11/doan-1")
def test_year_schedule_is_json_able() -> None:
    schedule = CAL.year_schedule(2026)
    data = json.loads(json.dumps(schedule.to_dict()))
    assert [w["first"] for w in data["windows"]] == [
        "2026-03-20",
        "2026-06-20",
        "2026-09-20",
        "2026-12-20",
    ]
    assert [r["strict"] for r in data["report_deadlines"]] == [
        "2026-03-15",
        "2026-06-15",
        "2026-09-15",
        "2026-12-15",
    ]
    assert data["calendar"] == CAL.name
    assert data["report_deadlines"][0]["shifted"] == "2026-03-16"  # 15/3/2026 is a Sunday


# ---------------------------------------------------------------------- report deadlines


@pytest.mark.clause("dieu-11/doan-1")
def test_report_deadline_on_a_sunday() -> None:
    deadline = CAL.report_deadline(2020, 1)
    assert D(2020, 3, 15).weekday() == 6
    assert (deadline.strict, deadline.shifted) == (D(2020, 3, 15), D(2020, 3, 16))
    assert not deadline.strict_is_working_day
    assert deadline.deadline() == deadline.deadline("strict") == D(2020, 3, 15)
    assert DEFAULT_REPORT_READING == "strict"
    assert deadline.deadline("shifted") == D(2020, 3, 16)
    assert not deadline.is_on_time(D(2020, 3, 16))
    assert deadline.is_on_time(D(2020, 3, 16), "shifted")
    assert deadline.to_dict()["clauses"] == ["dieu-11/doan-1"]


@pytest.mark.clause("dieu-11/doan-1")
def test_report_deadline_on_a_working_day_does_not_move() -> None:
    deadline = CAL.report_deadline(2025, 4)  # Mon 15/12/2025
    assert deadline.strict == deadline.shifted == D(2025, 12, 15)
    assert deadline.strict_is_working_day


@pytest.mark.clause("dieu-11/doan-1")
def test_report_deadline_next_to_a_day_off() -> None:
    # No quarter's 15th is a public holiday in 2008-2100, so use official lists: Sat 15/6/2030
    # followed by a Monday declared a day off moves to Tuesday; a working Saturday does not move.
    off_monday = WorkingCalendar([CalendarOverride(2030, days_off=(D(2030, 6, 17),))])
    assert off_monday.report_deadline(2030, 2).shifted == D(2030, 6, 18)
    assert CAL.report_deadline(2030, 2).shifted == D(2030, 6, 17)
    working_saturday = WorkingCalendar([CalendarOverride(2030, working_days=(D(2030, 6, 15),))])
    deadline = working_saturday.report_deadline(2030, 2)
    assert deadline.strict == deadline.shifted == D(2030, 6, 15)
    assert deadline.strict_is_working_day


@pytest.mark.clause("dieu-11/doan-1")
@given(quarters)
def test_report_deadline_properties(yq: tuple[int, int]) -> None:
    year, quarter = yq
    deadline = CAL.report_deadline(year, quarter)
    assert deadline.strict == D(year, 3 * quarter, 15)
    assert CAL.is_working_day(deadline.shifted)
    assert deadline.shifted >= deadline.strict
    assert deadline.strict_is_working_day == (deadline.strict == deadline.shifted)
    assert _working(CAL, deadline.strict, deadline.shifted) == []


# ---------------------------------------------------------------------- dispatch deadlines


@pytest.mark.clause("dieu-11/doan-2")
@settings(max_examples=300)
@given(meeting_days)
def test_count_back_reading(meeting: dt.date) -> None:
    deadline = CAL.latest_dispatch_day(meeting)
    assert deadline.reading == DEFAULT_DISPATCH_READING == "count_back"
    latest = deadline.latest
    assert CAL.is_working_day(latest)
    assert latest < meeting
    # exactly 3 working days d with latest <= d < meeting: latest is the 3rd counted back ...
    assert len(_working(CAL, latest, meeting)) == 3
    # ... so only 2 lie strictly between, and any later day would leave fewer than 3.
    assert CAL.working_days_between(latest, meeting) == 2
    assert deadline.is_on_time(latest) and not deadline.is_on_time(latest + ONE)
    assert latest == CAL.nth_working_day_before(meeting, 3)


@pytest.mark.clause("dieu-11/doan-2")
@settings(max_examples=300)
@given(meeting_days)
def test_clear_days_reading(meeting: dt.date) -> None:
    count_back = CAL.latest_dispatch_day(meeting).latest
    latest = CAL.latest_dispatch_day(meeting, "clear_days").latest
    assert latest == count_back - ONE
    # 3 whole working days lie strictly between sending and the meeting ...
    assert CAL.working_days_between(latest, meeting) == 3
    # ... and sending one day later leaves only 2; sending earlier never leaves fewer than 3.
    assert CAL.working_days_between(latest + ONE, meeting) == 2
    assert CAL.working_days_between(latest - ONE, meeting) >= 3


@pytest.mark.clause("dieu-11/doan-2")
@pytest.mark.parametrize(
    ("meeting", "count_back", "clear_days"),
    [
        (D(2030, 3, 28), D(2030, 3, 25), D(2030, 3, 24)),  # Thu -> Mon of the same week
        (D(2024, 2, 15), D(2024, 2, 5), D(2024, 2, 4)),  # first working day after Tết 2024
        (D(2025, 2, 3), D(2025, 1, 22), D(2025, 1, 21)),  # first working day after Tết 2025
        (D(2025, 4, 28), D(2025, 4, 24), D(2025, 4, 23)),  # Sat 26/4/2025 was a working day
        (D(2026, 3, 21), D(2026, 3, 18), D(2026, 3, 17)),  # a Saturday meeting
    ],
)
def test_dispatch_examples(meeting: dt.date, count_back: dt.date, clear_days: dt.date) -> None:
    assert CAL.latest_dispatch_day(meeting).latest == count_back
    assert CAL.latest_dispatch_day(meeting, "clear_days").latest == clear_days


@pytest.mark.clause("dieu-11/doan-2")
def test_dispatch_deadline_names_its_calendar_and_clause() -> None:
    deadline = CAL.latest_dispatch_day(D(2026, 3, 26))
    data = json.loads(json.dumps(deadline.to_dict()))
    assert data == {
        "meeting_day": "2026-03-26",
        "reading": "count_back",
        "latest": "2026-03-23",
        "working_days": 3,
        "calendar": CAL.name,
        "clauses": ["dieu-11/doan-2"],
    }
    with pytest.raises(NotInForceError):
        CAL.latest_dispatch_day(D(2008, 6, 22))


# ------------------------------------------------------------------ identity, threads, speed


def test_name_and_describe() -> None:
    assert CAL.name == (
        f"holidays {PACKAGE_VERSION} (VN, vi) + kgrules corrections (2011, 2012, 2013, 2014, 2026)"
    )
    assert RAW_CAL.name == f"holidays {PACKAGE_VERSION} (VN, vi)"
    calendar = WorkingCalendar(
        [CalendarOverride(2030, source="b"), CalendarOverride(2024, source="a")]
    )
    assert calendar.name.endswith(" + official list (2024, 2030)")
    info = json.loads(json.dumps(calendar.describe()))
    assert info["package"] == "holidays"
    assert info["package_version"] == PACKAGE_VERSION
    assert info["corrections_years"] == [2011, 2012, 2013, 2014, 2026]
    assert info["override_years"] == [2024, 2030]
    assert info["overrides"] == [{"year": 2024, "source": "a"}, {"year": 2030, "source": "b"}]
    assert info["name"] == calendar.name
    assert calendar.report_deadline(2030, 1).calendar == calendar.name
    assert default_calendar() is default_calendar()
    assert default_calendar().name == CAL.name


def _workload(calendar: WorkingCalendar, years: list[int]) -> list[object]:
    results: list[object] = []
    for year in years:
        for quarter in (1, 2, 3, 4):
            window = calendar.quarter_window(year, quarter)
            results.append(window.non_working_days)
            results.append(calendar.report_deadline(year, quarter).shifted)
            for offset in range(11):
                day = window.first + offset * ONE
                results.append(calendar.latest_dispatch_day(day).latest)
                results.append(calendar.latest_dispatch_day(day, "clear_days").latest)
            results.append(calendar.latest_dispatch_day(D(year, 2, 20)).latest)  # around Tết
    return results


def test_threads_get_the_serial_answers() -> None:
    years = list(range(2009, 2101))
    serial = _workload(WorkingCalendar(), years)
    shared = WorkingCalendar()
    barrier = threading.Barrier(8)
    outputs: dict[int, list[object]] = {}
    errors: list[BaseException] = []

    def run(index: int) -> None:
        order = years[:]
        random.Random(index).shuffle(order)
        try:
            barrier.wait()
            got = dict(zip(order, (_workload(shared, [y]) for y in order), strict=True))
            outputs[index] = [item for y in years for item in got[y]]
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(outputs) == 8
    assert all(output == serial for output in outputs.values())


def test_report_deadline_kept_per_calendar() -> None:
    """A deadline is worked out once per calendar and quarter: asked again it is the same
    object; another calendar (its own days off) never gets it, whichever is asked first; a bad
    year or quarter is refused after the deadline was kept as before."""
    for first_plain in (True, False):
        plain = WorkingCalendar()
        off = WorkingCalendar([CalendarOverride(2030, days_off=(D(2030, 3, 15),))])
        order = [plain, off] if first_plain else [off, plain]
        got = {id(c): c.report_deadline(2030, 1) for c in order}
        assert got[id(plain)].shifted == D(2030, 3, 15)
        assert got[id(off)].shifted == D(2030, 3, 18)
        assert plain.report_deadline(2030, 1) is got[id(plain)]
        assert off.report_deadline(2030, 1) is got[id(off)]
        assert plain.report_deadline(2030, 1) == WorkingCalendar().report_deadline(2030, 1)
    with pytest.raises(CalendarError):
        plain.report_deadline(2030, 5)
    with pytest.raises(CalendarError):
        plain.report_deadline(True, 1)  # type: ignore[arg-type]
