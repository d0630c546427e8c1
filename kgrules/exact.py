"""Exact readers for the few textual forms of input: dates, quarters, years, amounts, counts.

Python's own readers are generous in ways a legal record must not be: ``int()``,
``str.isdigit()`` and ``re``'s ``\\d`` take the digits of every script (``"２００９"``,
``"٢٠٠٩"``, ``"2²09"`` passes ``isdigit`` and then fails ``int``), ``$`` matches before a trailing
newline, ``int()`` ignores surrounding blanks and ``date.fromisoformat`` takes the basic and week
forms (``"20090326"``, ``"2009-W13-4"``). Two spellings of one value would make two records of
one fact. Every form here is ASCII digits in the one documented shape, matched whole; anything
else raises the given :class:`~kgrules.errors.InputError` subclass naming the field, never a bare
``ValueError``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from kgrules.errors import InputError, encodable

__all__ = [
    "parse_amount",
    "parse_count",
    "parse_iso_date",
    "parse_quarter",
    "parse_year",
    "shown",
]

# [0-9] (never \d), fullmatch (never $): ASCII digits, the whole string and nothing after it.
_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_QUARTER: Final = re.compile(r"([0-9]{4})-Q([1-4])")
_YEAR: Final = re.compile(r"[0-9]{4}")
_NATURAL: Final = re.compile(r"0|[1-9][0-9]{0,17}")


def shown(value: str, limit: int = 40) -> str:
    """A value quoted for a message: ``repr`` (controls and lone surrogates escaped, so the
    message itself always encodes), cut to ``limit`` characters."""
    return encodable(repr(value if len(value) <= limit else value[:limit] + "…"))


def _text(path: str, value: object, form: str, error: type[InputError]) -> str:
    if not isinstance(value, str):
        raise error(path, f"expected {form}, got {type(value).__name__}")
    return value


def parse_iso_date(path: str, value: object, error: type[InputError] = InputError) -> dt.date:
    """A calendar date written ``YYYY-MM-DD`` (ISO 8601 extended form, ASCII digits), a real
    day: ``2009-02-29`` is refused."""
    text = _text(path, value, "a date YYYY-MM-DD", error)
    match = _DATE.fullmatch(text)
    if match is None:
        raise error(path, f"{shown(text)} is not a date YYYY-MM-DD")
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise error(path, f"{shown(text)} is not a real day") from None


def parse_quarter(path: str, value: object, error: type[InputError] = InputError,
                  years: tuple[int, int] | None = None) -> tuple[int, int]:
    """A quarter written ``YYYY-Qn`` (n from 1 to 4), as (year, quarter); with ``years``, the
    year must lie in that inclusive range."""
    text = _text(path, value, "a quarter like 2024-Q3", error)
    match = _QUARTER.fullmatch(text)
    if match is None:
        raise error(path, f"{shown(text)} is not a quarter like 2024-Q3")
    year = int(match[1])
    if years is not None and not years[0] <= year <= years[1]:
        raise error(path, f"{shown(text)}: the year must be from {years[0]} to {years[1]}")
    return year, int(match[2])


def parse_year(path: str, value: object, error: type[InputError] = InputError,
               years: tuple[int, int] | None = None) -> int:
    """A year: an ``int`` (not a bool), or four ASCII digits; with ``years``, in that
    inclusive range."""
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    else:
        text = _text(path, value, "a year like 2024", error)
        if _YEAR.fullmatch(text) is None:
            raise error(path, f"{shown(text)} is not a year like 2024")
        year = int(text)
    if years is not None and not years[0] <= year <= years[1]:
        raise error(path, f"year {year} is not from {years[0]} to {years[1]}")
    return year


def parse_amount(path: str, value: object, error: type[InputError] = InputError,
                 maximum: int | None = None) -> int:
    """An amount of whole đồng: an ``int`` (not a bool), or ASCII digits without sign, blank,
    separator or leading zero; at most ``maximum``."""
    if isinstance(value, int) and not isinstance(value, bool):
        amount = value
    else:
        text = _text(path, value, "a whole number of đồng", error)
        if _NATURAL.fullmatch(text) is None:
            raise error(path, f"{shown(text)} is not a whole number of đồng (digits 0-9 only)")
        amount = int(text)
    if amount < 0:
        raise error(path, f"an amount cannot be negative, not {amount}")
    if maximum is not None and amount > maximum:
        raise error(path, f"an amount is at most {maximum}, not {amount}")
    return amount


def parse_count(path: str, value: object, error: type[InputError] = InputError,
                minimum: int = 0, maximum: int | None = None) -> int:
    """A count or a limit (a port, a number of workers, a byte limit): ASCII digits without
    sign or blank, or an ``int``; from ``minimum`` to ``maximum``."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = _text(path, value, "a whole number", error)
        if _NATURAL.fullmatch(text) is None:
            raise error(path, f"{shown(text)} is not a whole number (digits 0-9 only)")
        number = int(text)
    if number < minimum or (maximum is not None and number > maximum):
        bound = f"from {minimum}" + ("" if maximum is None else f" to {maximum}")
        raise error(path, f"must be {bound}, not {number}")
    return number
