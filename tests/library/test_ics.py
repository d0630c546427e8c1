"""The year's statutory dates as iCalendar: read back by the same well-kept library."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from kgrules.calendar import CalendarOverride, WorkingCalendar, default_calendar
from kgrules.cli import main
from kgrules.ics import to_ics

STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def events(data: bytes) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return [c for c in cal.walk("VEVENT")]


@pytest.mark.clause("dieu-10/doan-1", "dieu-11/doan-1")
def test_windows_and_deadlines_match_the_calendar() -> None:
    schedule = default_calendar().year_schedule(2026)
    evs = events(to_ics(2026, stamp=STAMP))
    assert len(evs) == 8
    windows = sorted((e.decoded("dtstart"), e.decoded("dtend")) for e in evs
                     if "meeting-window" in str(e["uid"]))
    assert windows == [(w.first, w.last + dt.timedelta(days=1)) for w in schedule.windows]
    deadlines = sorted(e.decoded("dtstart") for e in evs if "report-deadline" in str(e["uid"]))
    assert deadlines == [d.strict for d in schedule.report_deadlines]
    for e in evs:  # all-day events: dates, not times
        assert type(e.decoded("dtstart")) is dt.date
        assert "Ban Chỉ đạo" in str(e["description"]) or "Thành viên" in str(e["description"])
    q1 = next(e for e in evs if str(e["uid"]).startswith("2026-q1-meeting"))
    assert "21/03/2026" in str(q1["description"])  # a Saturday inside the window is listed


def test_uids_are_stable_and_output_is_reproducible() -> None:
    a, b = to_ics(2026, stamp=STAMP), to_ics(2026, stamp=STAMP)
    assert a == b
    uids = [str(e["uid"]) for e in events(a)]
    assert len(set(uids)) == len(uids)
    assert uids == [str(e["uid"]) for e in events(to_ics(2026))]  # another stamp, same events
    assert b"\r\n" in a and all(len(line) <= 75 for line in a.split(b"\r\n"))  # RFC 5545 folding


@pytest.mark.clause("dieu-11/doan-1")
def test_a_deadline_on_a_non_working_day_says_where_it_moves() -> None:
    evs = events(to_ics(2009, stamp=STAMP))
    q1 = next(e for e in evs if str(e["uid"]) == "2009-q1-report-deadline@kgrules.qd1507")
    assert q1.decoded("dtstart") == dt.date(2009, 3, 15)  # a Sunday: the default keeps the 15th
    assert "16/03/2009" in str(q1["description"]) and "next_working_day" in str(q1["description"])


@pytest.mark.clause("qd/hieu-luc")
def test_2008_starts_when_the_regulation_took_effect() -> None:
    evs = events(to_ics(2008, stamp=STAMP))
    assert len(evs) == 6 and not any(str(e["uid"]).startswith("2008-q1") for e in evs)


def test_official_lists_reach_the_file() -> None:
    cal = WorkingCalendar([CalendarOverride(year=2026, days_off=(dt.date(2026, 3, 23),))])
    q1 = next(e for e in events(to_ics(2026, cal, stamp=STAMP))
              if str(e["uid"]).startswith("2026-q1-meeting"))
    assert "23/03/2026" in str(q1["description"]) and "official" in str(q1["description"])


def test_cli_writes_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "lich-2026.ics"
    assert main(["calendar", "2026", "--ics", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and str(path) in out and "8" in out
    assert len(events(path.read_bytes())) == 8
    assert main(["calendar", "2026", "--ics", str(tmp_path / "missing" / "x.ics")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and '"--ics"' in err
