"""A case's indexes, built once when it is: interval trees of positions and offices in force on
a day, records grouped by meeting, member, quarter or year, and running totals of spending (so
that a question costs the same however large the case grows)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, NamedTuple

import attrs

from kgrules.case.integrity import _working_calendar
from kgrules.case.kinds import KIND_CLASSES, MAX_RECORDS, Indexed, T
from kgrules.facts import (
    Agency,
    Expenditure,
    Meeting,
    Office,
    Person,
    Position,
    Role,
    SpendingCategory,
    check_quarter,
)

if TYPE_CHECKING:
    from kgrules.case.model import Case


def _get(index: Mapping[Any, tuple[Indexed[T], ...]], key: object) -> tuple[Indexed[T], ...]:
    return index.get(key, ())


def _ordinal(day: dt.date) -> int:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise TypeError(f"expected a date, got {type(day).__name__}")
    return day.toordinal()


def _quarter_key(quarter: str | int, number: int | None) -> str:
    if number is None:
        if not isinstance(quarter, str):
            raise TypeError("a quarter is 'YYYY-Qn', or a year and a quarter number")
        check_quarter("quarter", quarter)
        return quarter
    if type(quarter) is not int or type(number) is not int or not 1 <= number <= 4:
        raise ValueError(f"no quarter {quarter!r}, {number!r}")
    return _quarter_name((quarter, number))


def _quarter_name(year_quarter: tuple[int, int]) -> str:
    return f"{year_quarter[0]:04d}-Q{year_quarter[1]}"


def _year_key(year: int) -> int:
    if type(year) is not int:
        raise TypeError(f"expected a year (an int), got {type(year).__name__}")
    return year




# --- indexes -----------------------------------------------------------------------------------

_FOREVER: Final = dt.date.max.toordinal()
_BEGINNING: Final = dt.date.min.toordinal()


def _spending_order(day: dt.date, index: int) -> int:
    """Spending order as one integer: by date, then by position in the case (index <
    MAX_RECORDS), so that records identical in every field still have distinct places."""
    return day.toordinal() * MAX_RECORDS + index


def _spent(
    found: _Running | None, expenditure: Expenditure, index: int, member: bool, same_day: str
) -> int:
    """The total of a group before an expenditure (``member``: whether it is in the group)."""
    if found is None:
        return 0
    if same_day == "file_order":
        return found.before(_spending_order(expenditure.date, index))
    if same_day == "none":
        return found.before(_spending_order(expenditure.date, 0))
    if same_day == "all":
        next_day = (expenditure.date.toordinal() + 1) * MAX_RECORDS  # 31/12/9999 has one too
        return found.before(next_day) - (expenditure.amount if member else 0)
    raise ValueError(f"same_day is 'file_order', 'none' or 'all', not {same_day!r}")


def _span(start: dt.date | None, end: dt.date | None) -> tuple[int, int]:
    return (
        _BEGINNING if start is None else start.toordinal(),
        _FOREVER if end is None else end.toordinal(),
    )


class _IntervalIndex(Generic[T]):
    """A static centred interval tree: the items whose interval holds a day, in O(log n + k).

    Items are ``(start, end, order, value)`` with inclusive integer bounds; results come back
    sorted by ``order`` (case order), so answers do not depend on how the tree was cut.
    """

    __slots__ = ("_root",)

    def __init__(self, items: Sequence[tuple[int, int, int, T]]) -> None:
        self._root = self._build(list(items))

    @classmethod
    def _build(cls, items: list[tuple[int, int, int, T]]) -> _Node[T] | None:
        if not items:
            return None
        ends = sorted([it[0] for it in items] + [it[1] for it in items])
        center = ends[len(ends) // 2]
        left = [it for it in items if it[1] < center]
        right = [it for it in items if it[0] > center]
        here = [it for it in items if it[0] <= center <= it[1]]
        by_start = sorted(here, key=lambda it: (it[0], it[2]))
        by_end = sorted(here, key=lambda it: (-it[1], it[2]))
        return _Node(center, by_start, by_end, cls._build(left), cls._build(right))

    def stab(self, day: int) -> tuple[T, ...]:
        found: list[tuple[int, T]] = []
        node = self._root
        while node is not None:
            if day < node.center:
                for start, _end, order, value in node.by_start:
                    if start > day:
                        break
                    found.append((order, value))
                node = node.left
            elif day > node.center:
                for _start, end, order, value in node.by_end:
                    if end < day:
                        break
                    found.append((order, value))
                node = node.right
            else:
                found.extend((it[2], it[3]) for it in node.by_start)
                break
        found.sort(key=lambda pair: pair[0])
        return tuple(value for _order, value in found)


@attrs.frozen
class _Node(Generic[T]):
    center: int
    by_start: list[tuple[int, int, int, T]]
    by_end: list[tuple[int, int, int, T]]
    left: _Node[T] | None
    right: _Node[T] | None


class _Running:
    """Expenditures of one group in spending order, with running totals: the amount spent
    before any point of the order is one bisection, O(log n)."""

    __slots__ = ("_keys", "_totals", "items")

    def __init__(self, entries: Sequence[tuple[int, Indexed[Expenditure]]]) -> None:
        # ``entries`` come sorted by key (spending order); keys are distinct.
        self._keys = [key for key, _ix in entries]
        self.items = tuple(ix for _key, ix in entries)
        totals = [0]
        running = 0
        for _key, ix in entries:
            running += ix.record.amount
            totals.append(running)
        self._totals = totals

    def before(self, key: int) -> int:
        """The total of the entries strictly before ``key`` in spending order."""
        return self._totals[bisect_left(self._keys, key)]

    def around(self, expenditure: Expenditure) -> tuple[int, int]:
        """For a member of the group: its total before the expenditure's day, and before the
        next day less the expenditure itself (every other payment of that day counted): what
        ``_spent`` gives for ``"none"`` and ``"all"``, from two bisections."""
        first = expenditure.date.toordinal() * MAX_RECORDS
        keys, totals = self._keys, self._totals
        low = bisect_left(keys, first)
        high = bisect_left(keys, first + MAX_RECORDS, low)
        return totals[low], totals[high] - expenditure.amount


class RunningTotals(NamedTuple):
    """What was spent before one expenditure in spending order, with no other payment of its
    day counted (``_none``) and with every other one (``_all``): on its own estimate (0 when it
    is charged to none) and among its year's expenditures of its own category."""

    amount: int
    estimate_none: int
    estimate_all: int
    year_category_none: int
    year_category_all: int


def _intervals(
    spans: Iterable[tuple[Any, tuple[int, int, int, Indexed[T]]]],
) -> dict[Any, _IntervalIndex[Indexed[T]]]:
    groups: dict[Any, list[tuple[int, int, int, Indexed[T]]]] = defaultdict(list)
    for key, span in spans:
        groups[key].append(span)
    return {key: _IntervalIndex(items) for key, items in groups.items()}


def _group(pairs: Iterable[tuple[Any, Indexed[T]]]) -> dict[Any, tuple[Indexed[T], ...]]:
    groups: dict[Any, list[Indexed[T]]] = defaultdict(list)
    for key, item in pairs:
        groups[key].append(item)
    return {key: tuple(items) for key, items in groups.items()}


class _Index:
    """Dict indexes over a case, built once; every lookup is a dict access plus its answer."""

    def __init__(self, case: Case) -> None:
        self.records: dict[str, tuple[Indexed[Any], ...]] = {
            kind: tuple(Indexed(f"{kind}[{i}]", r) for i, r in enumerate(getattr(case, kind)))
            for kind in KIND_CLASSES
        }
        rec = self.records
        self.ids: dict[str, dict[str, Indexed[Any]]] = {
            kind: {ix.record.id: ix for ix in items if ix.record.id is not None}
            for kind, items in rec.items()
        }
        self.people: dict[str, Indexed[Person]] = self.ids["people"]
        self.meetings: dict[str, Indexed[Meeting]] = self.ids["meetings"]
        self.calendar = _working_calendar(case.calendar_overrides)
        self.meetings_by_quarter = _group(
            (_quarter_name(ix.record.for_quarter), ix) for ix in rec["meetings"]
        )
        positions: tuple[Indexed[Position], ...] = rec["positions"]
        self.positions_by_person = _group((ix.record.person, ix) for ix in positions)
        spans = [
            (
                ix.record.start.toordinal(),
                _FOREVER if ix.record.end is None else ix.record.end.toordinal(),
                i,
                ix,
            )
            for i, ix in enumerate(positions)
        ]
        self.positions_all = _IntervalIndex(spans)
        by_role: dict[Role, list[tuple[int, int, int, Indexed[Position]]]] = defaultdict(list)
        for span in spans:
            by_role[span[3].record.role].append(span)
        self.positions_by_role = {role: _IntervalIndex(s) for role, s in by_role.items()}
        self.absence_reports = _group(
            ((ix.record.meeting, ix.record.member), ix) for ix in rec["absence_reports"]
        )
        self.consents = _group(
            ((ix.record.meeting, ix.record.member), ix) for ix in rec["consents"]
        )
        self.attendances = _group((ix.record.meeting, ix) for ix in rec["attendances"])
        self.dispatches = _group((ix.record.meeting, ix) for ix in rec["dispatches"])
        self.invitations = _group((ix.record.meeting, ix) for ix in rec["invitations"])
        self.reports = _group((ix.record.member, ix) for ix in rec["reports"])
        self.reports_by_quarter = _group(
            ((ix.record.member, ix.record.quarter), ix)
            for ix in rec["reports"]
            if ix.record.quarter is not None
        )
        self.authorisations = _group((ix.record.grantee, ix) for ix in rec["authorisations"])
        self.consultations = _group((ix.record.quarter, ix) for ix in rec["consultations"])

        self.agencies: dict[str, Indexed[Agency]] = self.ids["agencies"]
        agencies: tuple[Indexed[Agency], ...] = rec["agencies"]
        self.agencies_by_kind = _intervals(
            (ix.record.kind, (*_span(ix.record.start, ix.record.end), i, ix))
            for i, ix in enumerate(agencies)
        )
        offices: tuple[Indexed[Office], ...] = rec["offices"]
        office_spans = [
            (*_span(ix.record.start, ix.record.end), i, ix) for i, ix in enumerate(offices)
        ]
        self.offices_all = _IntervalIndex(office_spans)
        self.offices_by_kind = _intervals((span[3].record.kind, span) for span in office_spans)
        self.offices_by_kind_agency = _intervals(
            ((span[3].record.kind, span[3].record.agency), span)
            for span in office_spans
            if span[3].record.agency is not None
        )
        self.offices_by_person = _group((ix.record.person, ix) for ix in offices)
        self.assignments_to = _group((ix.record.assignee, ix) for ix in rec["assignments"])
        self.helper_appointments = _group(
            (ix.record.person, ix) for ix in rec["helper_appointments"]
        )
        self.nominations = _group((ix.record.person, ix) for ix in rec["nominations"])
        self.estimates_by_year = _group((ix.record.year, ix) for ix in rec["estimates"])
        self.settlements_by_year = _group((ix.record.year, ix) for ix in rec["settlements"])
        self.limits_by_category = _group((ix.record.category, ix) for ix in rec["spending_limits"])
        # Spending order: sort once; each group then receives its entries already in order.
        spending: list[tuple[int, Indexed[Expenditure]]] = sorted(
            ((_spending_order(ix.record.date, i), ix) for i, ix in enumerate(rec["expenditures"])),
            key=lambda entry: entry[0],
        )
        by_estimate: dict[str, list[tuple[int, Indexed[Expenditure]]]] = defaultdict(list)
        by_year: dict[int, list[tuple[int, Indexed[Expenditure]]]] = defaultdict(list)
        by_year_category: dict[
            tuple[int, SpendingCategory], list[tuple[int, Indexed[Expenditure]]]
        ] = defaultdict(list)
        for entry in spending:
            expenditure = entry[1].record
            if expenditure.estimate is not None:
                by_estimate[expenditure.estimate].append(entry)
            by_year[expenditure.date.year].append(entry)
            by_year_category[(expenditure.date.year, expenditure.category)].append(entry)
        self.spending_by_estimate = {k: _Running(v) for k, v in by_estimate.items()}
        self.spending_by_year = {k: _Running(v) for k, v in by_year.items()}
        self.spending_by_year_category = {k: _Running(v) for k, v in by_year_category.items()}
        #: The last expenditure's running totals, by its path: the six totals one question
        #: derives about one expenditure read them once (one slot, replaced whole: thread-safe).
        self.last_totals: tuple[str, RunningTotals] | None = None

    def running_totals(self, expenditure: Expenditure) -> RunningTotals:
        """The expenditure's totals (it belongs to both of its groups, so each is one
        :meth:`_Running.around`)."""
        on_estimate = (0, 0) if expenditure.estimate is None else (
            self.spending_by_estimate[expenditure.estimate].around(expenditure))
        in_year = self.spending_by_year_category[
            (expenditure.date.year, expenditure.category)].around(expenditure)
        return RunningTotals(expenditure.amount, *on_estimate, *in_year)
