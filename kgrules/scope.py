"""Scope before you match: the facts one question needs, and what Python derives for them.

A question's scope function selects, from the case's indexes, only the records the question can
depend on, and computes what the engine cannot (calendar deadlines, running totals) as plain
derived values. The cost of a question so stays flat however large the case grows.

Conventions for flat facts: dates are ordinals (``date.toordinal()``); a missing reference is
``""``; a missing date is ``0`` with a companion ``has_<field>`` boolean.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from kgrules.i18n import Text
from kgrules.interpretations import Settings

if TYPE_CHECKING:
    from kgrules.calendar import WorkingCalendar
    from kgrules.case import Case

NO_DAY = 0


@attrs.frozen
class Scope:
    case: Case
    args: Mapping[str, Any]
    settings: Settings
    calendar: WorkingCalendar
    switches: tuple[str, ...] = ()
    #: The evaluator answering this question, for scopes that ask another question first.
    engine: Any = None

    def interpretation_fields(self) -> dict[str, str]:
        return {f"i_{s}": self.settings.reading(s) for s in self.switches}


@attrs.frozen
class ScopeResult:
    evaluate: dict[str, Any]
    facts: list[dict[str, Any]] = attrs.field(factory=list)
    warnings: tuple[Text, ...] = ()
    sources: tuple[str, ...] = ()
    calendar_used: bool = False


def day(value: dt.date | None) -> int:
    return NO_DAY if value is None else value.toordinal()


def ref(value: str | None) -> str:
    return "" if value is None else value


def fact(fact_type: str, src: str, /, **fields: Any) -> dict[str, Any]:
    return {"t": fact_type, "src": src, **fields}

