"""The regulation's numbers, as named, cited and dated parameters.

Modelled on OpenFisca's parameters: each legal quantity has a label in Vietnamese and English,
the clause ids it comes from, and a list of dated values. An amendment of the regulation is a
new :class:`DatedValue` appended here (with its source), never a change to a rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs

from kgrules.errors import NotInForceError


@attrs.frozen
class DatedValue:
    """A value in force from ``since`` (inclusive) until the next dated value, if any."""

    since: dt.date
    value: int | dt.date
    source: str


@attrs.frozen
class Parameter:
    """One legal quantity of the regulation, with the history of its values."""

    name: str
    label_vi: str
    label_en: str
    clauses: tuple[str, ...]
    values: tuple[DatedValue, ...]
    unit: str = ""

    def __attrs_post_init__(self) -> None:
        days = [v.since for v in self.values]
        if not days or days != sorted(days) or len(set(days)) != len(days):
            raise ValueError(f"parameter {self.name}: dated values must be strictly increasing")

    def entry_at(self, day: dt.date) -> DatedValue:
        """The dated value in force on ``day``; before the first value nothing is in force."""
        current: DatedValue | None = None
        for value in self.values:
            if value.since <= day:
                current = value
        if current is None:
            raise NotInForceError(self.name, day, self.values[0].since)
        return current

    def at(self, day: dt.date) -> int:
        value = self.entry_at(day).value
        if not isinstance(value, int):
            raise TypeError(f"parameter {self.name} is not a number")
        return value


QD_1507 = "Quyết định 1507/QĐ-UBND ngày 23/6/2008 của Chủ tịch UBND tỉnh Kiên Giang"
SIGNED = dt.date(2008, 6, 23)

EFFECTIVE_DATE = Parameter(
    name="effective_date",
    label_vi="Ngày Quy chế có hiệu lực (kể từ ngày ký)",
    label_en="Date the regulation takes effect (the day it was signed)",
    clauses=("qd/hieu-luc",),
    values=(DatedValue(SIGNED, SIGNED, QD_1507),),
)

MEETING_WINDOW_FIRST_DAY = Parameter(
    name="meeting_window_first_day",
    label_vi="Ngày đầu của khoảng họp định kỳ trong tháng cuối quý",
    label_en="First day of the regular-meeting window in the quarter's last month",
    clauses=("dieu-10/doan-1",),
    values=(DatedValue(SIGNED, 20, QD_1507),),
    unit="day of month",
)

MEETING_WINDOW_LAST_DAY = Parameter(
    name="meeting_window_last_day",
    label_vi="Ngày cuối của khoảng họp định kỳ trong tháng cuối quý",
    label_en="Last day of the regular-meeting window in the quarter's last month",
    clauses=("dieu-10/doan-1",),
    values=(DatedValue(SIGNED, 30, QD_1507),),
    unit="day of month",
)

REPORT_DEADLINE_DAY = Parameter(
    name="report_deadline_day",
    label_vi="Hạn chót gửi báo cáo quý của Thành viên (ngày của tháng cuối quý)",
    label_en="Deadline for members' quarterly reports (day of the quarter's last month)",
    clauses=("dieu-11/doan-1",),
    values=(DatedValue(SIGNED, 15, QD_1507),),
    unit="day of month",
)

DOCUMENTS_NOTICE_WORKING_DAYS = Parameter(
    name="documents_notice_working_days",
    label_vi="Số ngày làm việc tối thiểu gửi tài liệu trước kỳ họp định kỳ",
    label_en="Minimum working days between sending documents and a regular meeting",
    clauses=("dieu-11/doan-2",),
    values=(DatedValue(SIGNED, 3, QD_1507),),
    unit="working days",
)

ALL: tuple[Parameter, ...] = (
    EFFECTIVE_DATE,
    MEETING_WINDOW_FIRST_DAY,
    MEETING_WINDOW_LAST_DAY,
    REPORT_DEADLINE_DAY,
    DOCUMENTS_NOTICE_WORKING_DAYS,
)


def effective_date() -> dt.date:
    value = EFFECTIVE_DATE.values[0].value
    assert isinstance(value, dt.date)
    return value


def in_force(day: dt.date) -> bool:
    """Whether the regulation governs events on ``day`` (not before its effective date)."""
    return day >= effective_date()


def iter_parameters() -> Iterator[Parameter]:
    return iter(ALL)
