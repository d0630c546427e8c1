"""A year's statutory dates as an iCalendar file, for calendar applications to import.

Each quarter gets two all-day events: the regular-meeting window of đoạn 1 Điều 10 (the 20th
to the 30th of the quarter's last month, one event spanning the days) and the report deadline of
đoạn 1 Điều 11 (the 15th). Descriptions quote the clause and name the working-day calendar; when
the 15th is not a working day, the deadline's description says which day it moves to under
interpretation point 5 (``report_deadline=next_working_day``).

The file is written with the ``icalendar`` library (RFC 5545: line folding, escaping, CRLF).
Event UIDs are stable (year, quarter, kind), so importing a corrected file again updates the
events rather than duplicating them.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from kgrules.calendar import WorkingCalendar, default_calendar
from kgrules.i18n import ordinal_en
from kgrules.params import SIGNED
from kgrules.regulation import clause

PRODID = "-//kgrules//Quy che Ban Chi dao CNTT tinh Kien Giang (QD 1507/QD-UBND)//VI"
UID_DOMAIN = "kgrules.qd1507"


def _date(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def year_calendar(
    year: int,
    calendar: WorkingCalendar | None = None,
    *,
    stamp: dt.datetime | None = None,
) -> icalendar.Calendar:
    """The meeting windows and report deadlines of ``year`` as an iCalendar object.

    ``stamp`` (UTC) is the DTSTAMP of every event; the current time by default.
    """
    cal_ = calendar if calendar is not None else default_calendar()
    schedule = cal_.year_schedule(year)
    when = stamp if stamp is not None else dt.datetime.now(dt.UTC).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Quy chế Ban Chỉ đạo CNTT tỉnh Kiên Giang — {year}")
    cal.add("x-wr-caldesc", f"QĐ 1507/QĐ-UBND ngày {SIGNED.day}/{SIGNED.month}/{SIGNED.year} — lịch: "
                              f"{schedule.calendar}")
    window_text = clause("dieu-10/doan-1").text
    report_text = clause("dieu-11/doan-1").text
    for w in schedule.windows:
        event = icalendar.Event()
        event.add("uid", f"{year}-q{w.quarter}-meeting-window@{UID_DOMAIN}")
        event.add("dtstamp", when)
        event.add("dtstart", w.first)
        event.add("dtend", w.last + dt.timedelta(days=1))  # DTEND of an all-day event is exclusive
        event.add("summary", f"Họp định kỳ quý {w.quarter}/{year} (ngày {w.first.day}–{w.last.day}) / "
                             f"Q{w.quarter} regular meeting window")
        off = ", ".join(_date(d) for d in w.non_working_days) or "không có / none"
        event.add("description", (
            f"Ban Chỉ đạo họp định kỳ từ {_date(w.first)} đến {_date(w.last)} "
            f"(đoạn 1 Điều 10 / Article 10, paragraph 1).\n«{window_text}»\n"
            f"Ngày nghỉ trong khoảng / Non-working days inside: {off}.\nLịch / Calendar: {w.calendar}"
        ))
        event.add("categories", ["kgrules", "dieu-10"])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    for d in schedule.report_deadlines:
        event = icalendar.Event()
        event.add("uid", f"{year}-q{d.quarter}-report-deadline@{UID_DOMAIN}")
        event.add("dtstamp", when)
        event.add("dtstart", d.strict)
        event.add("dtend", d.strict + dt.timedelta(days=1))
        event.add("summary", f"Hạn báo cáo quý {d.quarter}/{year} / Q{d.quarter} report deadline")
        moved = (
            "" if d.strict_is_working_day else
            f"\nNgày {d.strict.day} không phải ngày làm việc: theo cách hiểu next_working_day "
            f"(điểm 5) hạn lùi đến {_date(d.shifted)}; mặc định (strict) vẫn là ngày "
            f"{d.strict.day}. / The {ordinal_en(d.strict.day)} is not a working day: under point "
            f"5's next_working_day reading the deadline moves to {d.shifted.isoformat()}; the "
            f"default (strict) keeps the {ordinal_en(d.strict.day)}."
        )
        event.add("description", (
            f"Các Thành viên Ban gửi báo cáo về cơ quan Thường trực chậm nhất ngày "
            f"{_date(d.strict)} (đoạn 1 Điều 11 / Article 11, paragraph 1).\n«{report_text}»"
            f"{moved}\nLịch / Calendar: {d.calendar}"
        ))
        event.add("categories", ["kgrules", "dieu-11"])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal


def to_ics(year: int, calendar: WorkingCalendar | None = None, *,
           stamp: dt.datetime | None = None) -> bytes:
    """The year's statutory dates as the bytes of an ``.ics`` file."""
    data: bytes = year_calendar(year, calendar, stamp=stamp).to_ical()
    return data
