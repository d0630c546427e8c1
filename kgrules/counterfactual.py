"""What would make a ``no`` a ``yes``: the smallest changes of the case, found from the rules.

A ``no`` has at least one failing condition. For each, the rules that would conclude it
``holds`` are read as data (:mod:`kgrules.dsl`): their patterns are matched against the flat
facts in scope, one pattern at a time, and every test that fails becomes a *requirement* on a
field (``consent.given_on <= meeting day``). A requirement is turned into a change of the
*case* (never of the derived flat facts) through the ``src`` each flat fact carries: set a
field of the record it came from, add a record a positive pattern needs, remove a record a
``no(...)`` pattern forbids, or declare a kind of record complete. A derived value with no
case field behind it is reported as such, never invented.

Every candidate is then checked by asking the question again on the changed case with the
plain-Python evaluator (:mod:`kgrules.oracle`); only candidates that give ``yes`` are kept, and
only minimal ones: no strictly smaller subset of a kept change gives ``yes``.

The search is bounded (documented in docs/design.md): at most :data:`MAX_CHANGES` changes per
suggestion, :data:`MAX_TRIALS` re-evaluations per decision and :data:`MAX_IDS` record ids tried
for a reference a new record needs. When the bound cuts the search short the decision says so.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import enum
import functools
import itertools
import json
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from kgrules.case import KIND_CLASSES, RECORD_KINDS, Case
from kgrules.decision import Change, Counterfactual, WhatIf, change_key
from kgrules.dsl import RECORD_ARGS, Pattern, Question, Ref, Rule, Status, Test, read_source
from kgrules.errors import KgrulesError
from kgrules.i18n import Lang, Text
from kgrules.naming import person_label

#: At most this many changes in one suggestion (an expenditure off every rule may need its
#: decider, purpose, budget, estimate and content changed together).
MAX_CHANGES = 5
#: At most this many re-evaluations of the question per decision (three fifths for finding what
#: fixes each condition, the rest for combining them and proving each suggestion minimal).
MAX_TRIALS = 100
#: A search that ends at the bound with nothing found is made once more with one change more
#: per suggestion and this many times the trials (an estimate failing on four conditions at
#: once needs six changes and about 200 trials); only the decisions left at the bound pay it.
WIDER_CHANGES = 1
WIDER_TRIALS = 3

#: The bounds of the search running in this context (None: the defaults above), so a wider
#: search and the nested searches it makes read them without sharing a global across threads.
_WIDER: contextvars.ContextVar[tuple[int, int] | None] = contextvars.ContextVar(
    "kgrules_counterfactual_wider", default=None)


def _max_changes() -> int:
    wider = _WIDER.get()
    return MAX_CHANGES if wider is None else wider[0]


def _max_trials() -> int:
    wider = _WIDER.get()
    return MAX_TRIALS if wider is None else wider[1]
#: At most this many fixes of one condition combined with the others'.
MAX_PER_CONDITION = 3
#: Once a condition has a fix, at most this many more trials look for alternatives to it.
MAX_MORE = 12
#: At most this many combinations of the conditions' fixes tried.
MAX_COMBINATIONS = 24
#: At most this many record ids tried for a reference that a new record needs.
MAX_IDS = 10
#: At most this many suggestions listed (the smallest first).
MAX_OPTIONS = 6
#: At most this many partial matches explored per rule.
MAX_MATCHES = 400
#: Each trial rebuilds the case (its checks and indexes), so its cost grows with the case:
#: above this many records the search is not run, and the decision says so.
MAX_RECORDS = 20_000

_PATH = re.compile(r"([a-z_]+)\[([0-9]+)\]")
#: Flat-fact fields that carry a case field under another name (a naming convention of the
#: scopes: ``day`` is a meeting's ``date``; ``first``/``last`` a period's bounds).
_ALIASES: dict[str, tuple[str, ...]] = {
    "day": ("date",),
    "first": ("start", "valid_from"),
    "last": ("end", "valid_to"),
}
#: The flat value of an open-ended period's end (kgrules.rules.common.FOREVER).
_FOREVER = dt.date.max.toordinal()
#: The key of the bindings a rule's patterns are matched with under which the ``evaluate``
#: fields read from a record's field are kept (no binding of the DSL is empty).
_READ = ""
#: Flat integers in this range are read as days (ordinals of 1990–2200) when probing a day.
_DAY_RANGE = (dt.date(1990, 1, 1).toordinal(), dt.date(2200, 12, 31).toordinal())
#: At most this many nearby values tried for a day or an amount when probing a field.
MAX_NEAR = 4
#: A day not recorded on a record (a convening day) is first sought within this many days of
#: the record's own day (its meeting day).
MAX_RECORDED_SPAN = 366
#: Trials for pairs of changes (a chain: a record added and a reference pointed at it, a
#: person and a day changed together) per condition that no single change made hold.
MAX_CHAIN = 40


# --- requirements from the declarations ----------------------------------------------------------


class _New:
    """A fact a positive pattern needs and the case lacks: its fields as the tests fix them."""

    __slots__ = ("fields", "type", "wants")

    def __init__(self, fact_type: str) -> None:
        self.type = fact_type
        self.fields: dict[str, Any] = {}
        #: For a reference the tests leave open: the constant tests a later pattern puts on the
        #: record it must name (``ag.id == est.approved_by, ag.kind == "ppc"``), see
        #: :func:`_want_referred`.
        self.wants: dict[str, tuple[tuple[str, str, Any], ...]] = {}


def _frozen(edit: _Edit) -> _Edit:
    """A snapshot of a new fact (its fields are filled in as later patterns bind)."""
    if isinstance(edit, _New):
        copy = _New(edit.type)
        copy.fields = dict(edit.fields)
        copy.wants = dict(edit.wants)
        return copy
    return edit


@attrs.frozen
class _Set:
    fact: Mapping[str, Any] = attrs.field(eq=False)
    field: str
    value: Any
    op: str
    src: str
    #: Set to leave a range a ``no(...)`` pattern forbids (a meeting held inside the window): a
    #: day is then moved on to the nearest working day on the far side of the bound.
    away: bool = False


@attrs.frozen
class _Repoint:
    """Point a reference of an existing record at another record (tried over the case's ids)."""

    fact: Mapping[str, Any] = attrs.field(eq=False)
    field: str
    #: The fact type the reference must then match (its records' ids are tried first).
    via: str = ""


@attrs.frozen
class _Remove:
    src: str


@attrs.frozen
class _Complete:
    field: str


_Edit = _Set | _New | _Repoint | _Remove | _Complete
_UNKNOWN = object()
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}
_INVERSE = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
#: The test that fails exactly when ``op`` holds (to take a fact out of a ``no(...)`` pattern).
_NEGATE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
#: At most this many nested questions (and answers of each) whose counterfactuals are lifted.
MAX_NESTED = 2
#: At most this many nested answers searched in one search (each with its own bound of
#: :data:`MAX_TRIALS`, and nested answers of its own no deeper than the rules' dependencies).
MAX_NESTED_SEARCHES = 4
#: At most this many trials, in all, of a union of fixes with one more change found on the
#: union's own facts (when the fixes together break what each left alone).
MAX_REPAIRS = 12
#: At most this many of them for one union.
MAX_REPAIRS_EACH = 4
#: At most this many facts a ``no(...)`` pattern finds that are each moved out of it.
MAX_FORBIDDEN = 3
#: The second steps (see :func:`_steps`): at most this many change sets that moved a condition
#: without making it hold are taken one step further on their changed case, at most
#: :data:`MAX_STEP_EACH` of the changed case's own rule requirements joined to each, at most
#: :data:`MAX_STEP_NESTED` nested answers searched on changed cases in one search, at most
#: :data:`MAX_STEP_TRIALS` trials of second steps per condition, and never within the last
#: :data:`MAX_STEP_RESERVE` trials (kept for combining the conditions' fixes and proving each
#: suggestion minimal).
MAX_STEP_STARTS = 6
MAX_STEP_EACH = 4
MAX_STEP_NESTED = 4
MAX_STEP_TRIALS = 24
MAX_STEP_RESERVE = 20


def _target(op: str, other: Any) -> Any:
    """A value ``v`` with ``v op other`` true, as close to ``other`` as the type allows."""
    if op in ("==", "<=", ">="):
        return other
    if op == "<" and isinstance(other, int) and not isinstance(other, bool):
        return other - 1
    if op == ">" and isinstance(other, int) and not isinstance(other, bool):
        return other + 1
    if op == "!=" and isinstance(other, bool):
        return not other
    return _UNKNOWN


def _requirements(
    rule: Rule, by_type: Mapping[str, Sequence[Mapping[str, Any]]], ev: Mapping[str, Any],
    read: frozenset[str] = frozenset(),
) -> Iterator[tuple[_Edit, ...]]:
    """Each way of making ``rule`` fire, as the edits of the flat facts it needs (bounded).
    ``read``: the ``evaluate`` fields the question declares it reads from a record's field
    (``ceiling`` ← ``estimates.dic_ceiling``), which a test comparing a fact with them may
    change as well (the ceiling raised, not only the estimate cut)."""
    head, rest = rule.patterns[0], rule.patterns[1:]
    edits: list[_Edit] = []
    for t in head.tests:
        if _OPS[t.op](ev[t.field], t.value):
            continue
        if t.field.startswith("i_"):
            return  # another reading: the suggestions keep the readings
        if t.field.startswith("complete_") and t.op == "==" and t.value is True:
            edits.append(_Complete(t.field))
            continue
        value = _target(t.op, t.value)
        if value is _UNKNOWN:
            return  # e.g. "!= ''": no single value to aim at (the probes try the record's)
        # A field of the record the question is about (its ``src``); a derived value or an
        # argument has no field there, and the mapper says so.
        edits.append(_Set(ev, t.field, value, t.op, str(ev.get("src", ""))))
    count = itertools.count()
    yield from _walk(rest, by_type, {"e": ev, _READ: read}, tuple(edits), count)


def _value(bound: Mapping[str, Any], test: Test) -> Any:
    if not isinstance(test.value, Ref):
        return test.value
    target = bound[test.value.binding]
    if isinstance(target, _New):
        return target.fields.get(test.value.field, _UNKNOWN)
    return target[test.value.field]


def _walk(
    patterns: Sequence[Pattern],
    by_type: Mapping[str, Sequence[Mapping[str, Any]]],
    bound: dict[str, Any],
    edits: tuple[_Edit, ...],
    count: Iterator[int],
) -> Iterator[tuple[_Edit, ...]]:
    if next(count) > MAX_MATCHES or len(edits) > _max_changes():
        return
    if not patterns:
        if edits:
            yield tuple(_frozen(e) for e in edits)
        return
    p, rest = patterns[0], patterns[1:]
    facts = by_type.get(p.type, ())
    if p.negated:
        found = [f for f in facts if all(
            (v := _value(bound, t)) is not _UNKNOWN and _OPS[t.op](f[t.field], v) for t in p.tests)]
        if len(found) > MAX_FORBIDDEN:
            yield from _walk(rest, by_type, bound, edits + tuple(_Remove(f["src"]) for f in found),
                             count)
            return
        # Each fact the pattern forbids leaves it: removed, or one of its tested fields set to
        # fail its test (a meeting's day moved out of the window, ``held`` turned false).
        for combo in itertools.product(*(_leave(p, f, bound) for f in found)):
            yield from _walk(rest, by_type, bound, edits + combo, count)
        return
    _want_referred(p, bound)
    for f in facts:
        yield from _bind_existing(p, f, rest, by_type, bound, edits, count)
    # The fact this pattern needs may belong to another record than the one referred to: point
    # the reference elsewhere (the changed case's scope then brings that record's facts in).
    for t in p.tests:
        if t.op == "==" and isinstance(t.value, Ref):
            peer = bound[t.value.binding]
            if not isinstance(peer, _New) and len(edits) < _max_changes():
                yield (*tuple(_frozen(e) for e in edits), _Repoint(peer, t.value.field, p.type))
    new = _New(p.type)
    ok = True
    values: dict[str, list[Any]] = {}
    for t in p.tests:
        other = _value(bound, t)
        if other is _UNKNOWN:
            continue
        value = _target(t.op, other)
        if value is _UNKNOWN:
            ok = False
            break
        # A value from another fact (a meeting day) before a constant bound (a date > 0).
        values.setdefault(t.field, []).insert(0 if isinstance(t.value, Ref) else len(
            values.get(t.field, [])), value)
    for field, candidates in values.items():
        tests = [t for t in p.tests if t.field == field]
        chosen = next((v for v in candidates if all(
            (o := _value(bound, t)) is _UNKNOWN or _OPS[t.op](v, o) for t in tests)), _UNKNOWN)
        if chosen is _UNKNOWN:
            ok = False
        new.fields[field] = chosen
    if ok and len(edits) < _max_changes():
        bound[p.binding] = new
        yield from _walk(rest, by_type, bound, (*edits, new), count)
        del bound[p.binding]
        if rest:
            # The facts the rest of the rule needs may come with the new record's references.
            yield (*tuple(_frozen(e) for e in edits), _frozen(new))


def _want_referred(p: Pattern, bound: Mapping[str, Any]) -> None:
    """Note on a new record still to be added the record its open reference must name: a
    pattern joined to it by that reference (``ag.id == est.approved_by``) and testing constants
    (``ag.kind == "ppc"``) says which of the case's records fit, so that the reference is tried
    on those first (the Provincial People's Committee as approver of a new estimate), whether or
    not the question's scope brought them in."""
    constants = tuple((t.field, t.op, t.value) for t in p.tests
                      if not isinstance(t.value, Ref) and t.op == "==")
    if not constants:
        return
    for t in p.tests:
        if t.op != "==" or t.field != "id" or not isinstance(t.value, Ref):
            continue
        peer = bound.get(t.value.binding)
        if isinstance(peer, _New) and t.value.field not in peer.fields:
            peer.wants[t.value.field] = constants


def _leave(p: Pattern, fact: Mapping[str, Any], bound: Mapping[str, Any]) -> list[_Edit]:
    """The ways ``fact`` stops matching the negated pattern ``p``: a field set so that its test
    fails (the nearest such value), or the record removed."""
    out: list[_Edit] = []
    for t in p.tests:
        if t.field in ("id", "src"):
            continue
        other = _value(bound, t)
        value = _target(_NEGATE[t.op], other) if other is not _UNKNOWN else _UNKNOWN
        if value is not _UNKNOWN and value != fact[t.field]:
            out.append(_Set(fact, t.field, value, _NEGATE[t.op], str(fact["src"]),
                            away=t.op in ("<", "<=", ">", ">=")))
    out.append(_Remove(str(fact["src"])))
    return out


def _bind_existing(
    p: Pattern,
    fact: Mapping[str, Any],
    rest: Sequence[Pattern],
    by_type: Mapping[str, Sequence[Mapping[str, Any]]],
    bound: dict[str, Any],
    edits: tuple[_Edit, ...],
    count: Iterator[int],
) -> Iterator[tuple[_Edit, ...]]:
    """Bind ``fact`` to ``p``: each failing test is fixed on this fact or on the fact it names."""
    choices: list[list[_Edit | None]] = []
    filled: list[tuple[_New, str]] = []
    try:
        yield from _bind_tests(p, fact, rest, by_type, bound, edits, count, choices, filled)
    finally:
        for new, field in filled:
            new.fields.pop(field, None)


def _bind_tests(
    p: Pattern,
    fact: Mapping[str, Any],
    rest: Sequence[Pattern],
    by_type: Mapping[str, Sequence[Mapping[str, Any]]],
    bound: dict[str, Any],
    edits: tuple[_Edit, ...],
    count: Iterator[int],
    choices: list[list[_Edit | None]],
    filled: list[tuple[_New, str]],
) -> Iterator[tuple[_Edit, ...]]:
    for t in p.tests:
        other = _value(bound, t)
        if other is _UNKNOWN:
            # The test names a field of a record still to be added: that field takes our value.
            assert isinstance(t.value, Ref)
            new = bound[t.value.binding]
            inverse = _target(_INVERSE[t.op], fact[t.field])
            if inverse is _UNKNOWN:
                return
            new.fields[t.value.field] = inverse
            filled.append((new, t.value.field))
            continue
        if _OPS[t.op](fact[t.field], other):
            continue
        if _short_count(fact, t, other):
            # A count of a whole list of records (the Standing Deputies that day) short of the
            # number the rule asks: the records the rest of the rule describes are added (one
            # per missing record: with one missing, the new record the next pattern needs; with
            # more, the unions of the conditions' fixes, see :func:`_counted`).
            continue
        alternatives: list[_Edit | None] = []
        if t.field != "id":
            value = _target(t.op, other)
            if value is not _UNKNOWN:
                alternatives.append(_Set(fact, t.field, value, t.op, fact["src"]))
        if isinstance(t.value, Ref) and t.value.field != "id" and (
                t.value.binding != "e" or t.value.field in bound[_READ]):
            peer = bound[t.value.binding]
            value = _target(_INVERSE[t.op], fact[t.field])
            if not isinstance(peer, _New) and value is not _UNKNOWN:
                alternatives.append(_Set(peer, t.value.field, value, _INVERSE[t.op],
                                         str(peer.get("src", ""))))
        if not alternatives:
            return
        choices.append(alternatives)
    if len(choices) + len(edits) > _max_changes():
        return
    bound[p.binding] = fact
    for combo in itertools.product(*choices) if choices else [()]:
        yield from _walk(rest, by_type, bound, edits + tuple(e for e in combo if e), count)
    del bound[p.binding]


# --- from flat facts to the case's records -------------------------------------------------------


def _hints(cls: type) -> dict[str, Any]:
    return _type_hints(cls)


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _base(hint: Any) -> Any:
    """``X | None`` → ``X``."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


def _case_field(cls: type, flat_field: str) -> str | None:
    names = {a.name for a in attrs.fields(cls)}
    for name in (flat_field, *_ALIASES.get(flat_field, ())):
        if name in names and name != "id":
            return name
    return None


def _record_field(cls: type, rec: Mapping[str, Any], flat_field: str, flat: Any) -> str | None:
    """The field of ``rec`` a flat field carries: by name (or alias), else the one field whose
    value is the flat value (``decider`` ← ``decided_by``: the scope renamed it)."""
    named = _case_field(cls, flat_field)
    if named is not None:
        return named
    if flat in ("", 0, None) or isinstance(flat, bool):
        return None
    same = [a.name for a in attrs.fields(cls) if a.name != "id" and a.metadata.get("fmt") != "text"
            and rec.get(a.name) is not None and _to_json(cls, a.name, flat) == rec.get(a.name)]
    return same[0] if len(same) == 1 else None


def _to_json(cls: type, field: str, flat: Any) -> Any:
    """The JSON value of a case field from its flat value; ``_UNKNOWN`` if none corresponds."""
    hint = _hints(cls)[field]
    base = _base(hint)
    optional = base is not hint
    if base is dt.date:
        if not isinstance(flat, int) or isinstance(flat, bool):
            return _UNKNOWN
        if flat == _FOREVER and optional:
            return None
        if flat <= 0:
            return None if optional else _UNKNOWN
        return dt.date.fromordinal(flat).isoformat()
    if base is bool:
        return flat if isinstance(flat, bool) else _UNKNOWN
    if base is str or (isinstance(base, type) and issubclass(base, enum.Enum)):
        if flat == "" and optional:
            return None
        return flat if isinstance(flat, str) else _UNKNOWN
    if base is int:
        return flat if isinstance(flat, int) and not isinstance(flat, bool) else _UNKNOWN
    return _UNKNOWN


def _own_day(cls: type, rec: Mapping[str, Any], field: str) -> int:
    """The first day ``rec`` records in another date field than ``field`` (a meeting's day for
    its convening day), as an ordinal; 0 if none."""
    for f, v in rec.items():
        if f != field and isinstance(v, str) and f in _hints(cls) and _base(
                _hints(cls)[f]) is dt.date:
            try:
                return dt.date.fromisoformat(v).toordinal()
            except ValueError:
                return 0
    return 0


def _kind_of_type(fact_type: str, by_type: Mapping[str, Sequence[Mapping[str, Any]]]) -> str | None:
    """The kind of record facts of ``fact_type`` come from: read from the ``src`` of those in
    scope, else by the naming convention (``consent`` ← ``consents``)."""
    for f in by_type.get(fact_type, ()):
        for src in str(f.get("src", "")).split(","):
            m = _PATH.fullmatch(src)
            if m and m.group(1) in KIND_CLASSES:
                return m.group(1)
    plurals = (fact_type + "s", fact_type + "es", fact_type.removesuffix("y") + "ies")
    found = [k for k in RECORD_KINDS if k in plurals or k.startswith(fact_type + "_")]
    if not found:  # ``appointment`` ← ``helper_appointments``
        found = [k for k in RECORD_KINDS if any(k.endswith("_" + p) for p in plurals)]
    return found[0] if len(found) == 1 else None


def _kind_of_fields(fields: Mapping[str, Any]) -> str | None:
    """The one kind of record whose class has a field for each of ``fields`` (a new fact of a
    type the scope named otherwise: ``role`` facts come from ``positions``); else the one kind
    that has a field for each class of record the fields name by value (``office ==
    "vice_chairman"``: a value of the offices' ``kind``) and for each other field by name."""
    wanted = [f for f in fields if f != "id"]
    if not wanted:
        return None
    found = [k for k, cls in KIND_CLASSES.items()
             if all(_case_field(cls, f) is not None for f in wanted)]
    if len(found) == 1:
        return found[0]
    if found:
        return None
    named = [f for f in wanted if isinstance(fields[f], str) and fields[f]]
    found = [k for k, cls in KIND_CLASSES.items()
             if named and all(_field_for(cls, f, fields[f]) is not None for f in named)
             and any(_enum_field(cls, fields[f]) is not None for f in named)]
    return found[0] if len(found) == 1 else None


def _enum_field(cls: type, value: Any) -> str | None:
    """The one field of ``cls`` whose class of values (an enum) has ``value`` as a member."""
    if not isinstance(value, str):
        return None
    found = [a.name for a in attrs.fields(cls) if isinstance(base := _base(_hints(cls)[a.name]),
             type) and issubclass(base, enum.Enum) and value in {m.value for m in base}]
    return found[0] if len(found) == 1 else None


def _field_for(cls: type, flat_field: str, value: Any) -> str | None:
    """The field of ``cls`` a flat field of a new record carries: by name (or alias), else by
    its value (see :func:`_kind_of_fields`)."""
    return _case_field(cls, flat_field) or _enum_field(cls, value)


def _complete_kind(field: str) -> str | None:
    stem = field.removeprefix("complete_")
    found = [k for k in RECORD_KINDS if k == stem or k.startswith(stem.rstrip("s"))]
    return found[0] if len(found) == 1 else None


class _Mapper:
    """Turns flat-fact edits into changes of the case, worded for a reader."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.data = case.to_dict()
        self.unmapped: dict[str, Text] = {}
        self._counts: dict[str, dict[str, int]] | None = None
        #: The question's own days and amounts (set by :func:`search`), for required fields of
        #: a new record that no test fixes.
        self.days: list[int] = []
        #: Whether those are filled in (only once the plain candidates fixed nothing).
        self.fill = False
        self.amounts: list[int] = []
        #: Whether a day is a working day (the question's calendar), for days moved out of a
        #: range; ``None``: the bound itself.
        self.working: Callable[[dt.date], bool] | None = None
        #: The fields each fact type computes rather than copies from a record (its declared
        #: derivations): no field of a new record carries them.
        self.derived: dict[str, set[str]] = {}
        #: The ``evaluate`` fields the question declares it reads from a record's field
        #: (``convened_known`` ← ``meetings.convened_on:recorded``): (kind, field, recorded).
        self.reads: dict[str, tuple[str, str, bool]] = {}
        #: The ``evaluate`` fields the question computes, with the inputs each is computed from.
        self.inputs: dict[str, tuple[str, ...]] = {}
        #: The path of the record each of the question's arguments names, by kind (the record
        #: a declared read reads, when the ``evaluate`` fact names no record as its source).
        self.named: dict[str, str] = {}

    def _on_named(self, edit: _Edit) -> _Edit:
        """``edit`` of the ``evaluate`` fact, sourced at the record the question declares it
        reads the field from (``proposed_by`` ← ``meetings.proposed_by``: the meeting the
        argument names) when the fact itself names no such record."""
        if not isinstance(edit, _Set | _Repoint) or edit.fact.get("t"):
            return edit
        source = self.reads.get(edit.field)
        if source is None or source[0] not in self.named:
            return edit
        path = self.named[source[0]]
        src = str(edit.fact.get("src", ""))
        if path in src.split(","):
            return edit
        fact = {**edit.fact, "src": ",".join(p for p in (src, path) if p and p != "question")}
        if isinstance(edit, _Set):
            return attrs.evolve(edit, fact=fact, src=fact["src"])
        return attrs.evolve(edit, fact=fact)

    def _unmapped(self, fact_type: str, field: str) -> None:
        key = f"{fact_type}.{field}"
        self.unmapped.setdefault(key, Text(
            f"{key}: giá trị suy ra, không tương ứng với một trường của hồ sơ",
            f"{key}: a derived value, not a field of any record of the case",
        ))

    def record_json(self, path: str) -> tuple[str, int, dict[str, Any]] | None:
        m = _PATH.fullmatch(path)
        if m is None or m.group(1) not in KIND_CLASSES:
            return None
        items = self.data.get(m.group(1), [])
        index = int(m.group(2))
        if index >= len(items):
            return None
        return m.group(1), index, items[index]

    def _one(self, edit: _Edit, by_type: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[Change]:
        edit = self._on_named(edit)
        if isinstance(edit, _Complete):
            kind = _complete_kind(edit.field)
            if kind is None or kind in self.data.get("records_complete", []):
                return []
            return [self._complete(kind)]
        if isinstance(edit, _Repoint):
            return self._repoint(edit, by_type)
        if isinstance(edit, _Remove):
            out = []
            for src in edit.src.split(","):
                located = self.record_json(src)
                if located is not None:
                    out.append(self._remove(src, *located))
                    break
            return out
        if isinstance(edit, _Set):
            for src in edit.src.split(","):
                located = self.record_json(src)
                if located is None:
                    continue
                kind, _index, rec = located
                cls = KIND_CLASSES[kind]
                # The field the question declares it reads the value from (``ceiling`` ←
                # ``estimates.dic_ceiling``), else the one the record class's names give.
                read = self.reads.get(edit.field) if not edit.fact.get("t") else None
                field = read[1] if read is not None and read[0] == kind and not read[2] and (
                    read[1] in attrs.fields_dict(cls)) else _record_field(
                    cls, rec, edit.field, edit.fact.get(edit.field))
                if field is None:
                    continue
                flat = self._working(cls, field, edit) if edit.away else edit.value
                value = _to_json(cls, field, flat)
                if value is _UNKNOWN or rec.get(field) == value:
                    continue
                # The requirement quoted is the rule's bound, even when the day shown is moved
                # further on to a working day.
                bound = _to_json(cls, field, edit.value) if edit.away else None
                return [self._set(src, kind, rec, field, value, edit.op, flat,
                                  None if bound is _UNKNOWN else bound)]
            recorded = self.recorded(edit)
            if recorded:
                return recorded
            self._unmapped(str(edit.fact.get("t", "?")), edit.field)
            return []
        return []

    def recorded(self, edit: _Set) -> list[Change]:
        """A requirement on whether a field is recorded at all: that field of the record behind
        the fact given a value (or cleared, when required not recorded). The field is the
        question's declared read for an ``evaluate`` field (``convened_known`` ←
        ``meetings.convened_on:recorded``), else, for a flag required true, its own name less
        ``has_`` (the scopes' convention: ``has_approved_on``), never a rule's. A day is tried
        at the record's own days first (the day prepared), then the question's days nearest
        them, within :data:`MAX_RECORDED_SPAN` when there are any; an amount at the question's
        amounts, the largest first (what it must cover); another type at each value it
        allows."""
        if edit.op not in ("==", "!=") or not isinstance(edit.value, bool):
            return []
        wanted = edit.value if edit.op == "==" else not edit.value
        source = self.reads.get(edit.field) if not edit.fact.get("t") else None
        if source is not None and not source[2]:
            return []
        if source is None:
            name = edit.field.removeprefix("has_")
            if not wanted or name == edit.field:
                return []
        for src in edit.src.split(","):
            located = self.record_json(src)
            if located is None or (source is not None and located[0] != source[0]):
                continue
            kind, _, rec = located
            cls = KIND_CLASSES[kind]
            field = source[1] if source is not None else _case_field(cls, name)
            a = attrs.fields_dict(cls).get(field) if field else None
            if a is None or not a.init:
                if source is not None:
                    return []
                continue
            if not wanted:
                optional = a.default is not attrs.NOTHING
                return [self._set(src, kind, rec, a.name, None, "==", None)] if (
                    optional and rec.get(a.name) is not None) else []
            if rec.get(a.name) is not None:
                if source is not None:
                    return []
                continue
            return [self._set(src, kind, rec, a.name, v, "==", v)
                    for v in self._unrecorded(cls, a, rec)]
        return []

    def _unrecorded(self, cls: type, a: Any, rec: Mapping[str, Any]) -> list[Any]:
        """The values tried for a field ``rec`` does not record (see :meth:`recorded`)."""
        base = _base(_hints(cls)[a.name])
        if base is dt.date:
            own = [dt.date.fromisoformat(v).toordinal() for f, v in rec.items()
                   if f != a.name and isinstance(v, str) and f in _hints(cls)
                   and _base(_hints(cls)[f]) is dt.date]
            near = sorted(set(self.days) | set(own), key=lambda d: (
                min((abs(d - o) for o in own), default=0), d))
            if own:
                near = [d for d in near if min(abs(d - o) for o in own) <= MAX_RECORDED_SPAN
                        ] or near
            return [dt.date.fromordinal(d).isoformat() for d in near[:MAX_NEAR]]
        if base is int and "ref" not in a.metadata:
            return sorted(self.amounts, reverse=True)[:MAX_NEAR]
        return self._values(cls, a, None, sorted(set(self.days)), self.amounts)

    def fields_behind(self, edit: _Edit) -> set[str]:
        """The record fields an edit of the ``evaluate`` fact reaches (by name, alias or
        declared read), to tell whether it moves a computed value's inputs."""
        if not isinstance(edit, _Set | _Repoint):
            return set()
        out = {edit.field, *_ALIASES.get(edit.field, ())}
        source = self.reads.get(edit.field)
        if source is not None:
            out.add(source[1])
        return out

    def _working(self, cls: type, field: str, edit: _Set) -> Any:
        """For a day moved out of a range: the nearest working day on the far side of the
        bound (the calendar's), so that the moved meeting or act stays on a day one is held;
        the bound itself when no calendar is given or within a fortnight none is found."""
        if self.working is None or _base(_hints(cls)[field]) is not dt.date or not isinstance(
                edit.value, int) or not _DAY_RANGE[0] <= edit.value <= _DAY_RANGE[1]:
            return edit.value
        step = -1 if edit.op in ("<", "<=") else 1
        for n in range(15):
            candidate = edit.value + n * step
            if self.working(dt.date.fromordinal(candidate)):
                return candidate
        return edit.value

    def _repoint(self, edit: _Repoint, by_type: Mapping[str, Sequence[Mapping[str, Any]]]
                 ) -> list[Change]:
        for src in str(edit.fact.get("src", "")).split(","):
            located = self.record_json(src)
            if located is None:
                continue
            kind, _, rec = located
            cls = KIND_CLASSES[kind]
            field = _record_field(cls, rec, edit.field, edit.fact.get(edit.field))
            if field is None or "ref" not in attrs.fields_dict(cls)[field].metadata:
                continue
            ref = attrs.fields_dict(cls)[field].metadata["ref"]
            # Those the records behind the pattern refer to first (the holders of an office
            # when the rule needs an office held), then the others.
            via = _kind_of_type(edit.via, by_type) if edit.via else None
            near = self._referred_from(via, ref) if via else set()
            ids = sorted((i for i in self._ids(ref) if i != rec.get(field)),
                         key=lambda i: i not in near)[:MAX_IDS]
            return [self._set(src, kind, rec, field, i, "==", i) for i in ids]
        return []

    def _referred_from(self, kind: str, ref: str) -> set[str]:
        """The ids of ``ref`` that records of ``kind`` refer to."""
        cls = KIND_CLASSES[kind]
        names = [a.name for a in attrs.fields(cls) if a.metadata.get("ref") == ref]
        return {str(r[n]) for r in self.data.get(kind, []) for n in names if r.get(n)}

    def add_options(self, new: _New, by_type: Mapping[str, Sequence[Mapping[str, Any]]]
                    ) -> list[Change]:
        kind = _kind_of_type(new.type, by_type)
        named_by_value = kind is None
        derived = self.derived.get(new.type, set())
        kind = kind or _kind_of_fields({f: v for f, v in new.fields.items() if f not in derived})
        if kind is None:
            self._unmapped(new.type, "*")
            return []
        cls = KIND_CLASSES[kind]
        record: dict[str, Any] = {}
        #: Fields no test fixes, each with the values to try (``None``: left out).
        free: list[tuple[str, list[Any]]] = []
        for a in attrs.fields(cls):
            if not a.init:
                continue
            flat = next((f for f, _ in new.fields.items() if _case_field(cls, f) == a.name), None)
            if flat is None and named_by_value:
                flat = next((f for f, v in new.fields.items() if _case_field(cls, f) is None
                             and _enum_field(cls, v) == a.name), None)
            optional = a.default is not attrs.NOTHING
            base = _base(_hints(cls)[a.name])
            if flat is not None:
                value = _to_json(cls, a.name, new.fields[flat])
                if value is _UNKNOWN:
                    self._unmapped(new.type, flat)
                    return []
                if a.name == "id" and not value:  # to match a reference still empty: the
                    value = self._fresh_id(kind)  # reference is pointed at it (a chain)
                record[a.name] = value
            elif "ref" in a.metadata and a.name != "id":
                # A reference the tests leave open, even an optional one (who settled, with
                # whom): the rules that read the new record usually follow it; an optional one
                # is first tried left out (the record as the tests describe it).
                wanted = next((w for f, w in new.wants.items()
                               if _case_field(cls, f) == a.name), ())
                free.append((a.name, ([None] if optional else [])
                             + self._fitting(a.metadata["ref"], wanted)[:MAX_IDS]))
            elif optional:
                continue
            elif a.name == "id":
                record["id"] = self._fresh_id(kind)
            elif isinstance(base, type) and issubclass(base, enum.Enum):
                # A required class no test names (a report's kind): the case's most used first.
                free.append((a.name, self._common(kind, a.name, [m.value for m in base])))
            elif base is bool:
                record[a.name] = False
            elif base is int and self.fill and self.amounts:
                # A required amount no test names (an estimate's total): the largest of the
                # question's own amounts, so that what it must cover is covered.
                record[a.name] = self.amounts[-1]
            elif base is dt.date and self.fill and self.days:
                record[a.name] = dt.date.fromordinal(self.days[0]).isoformat()  # the earliest
            else:
                self._unmapped(new.type, a.name)
                return []
        fills = [[(rank, name, value) for rank, value in enumerate(values)]
                 for name, values in free]
        # The first values together first (the Head with the standing agency), not every
        # value of the first field before the second field's second.
        combos = sorted(itertools.product(*fills), key=lambda c: (sum(r for r, _, _ in c),
                                                                  [r for r, _, _ in c]))
        return [self._add(kind, {**record, **{name: v for _, name, v in combo
                                              if v is not None}})
                for combo in combos[:MAX_IDS * 2]]

    def _fitting(self, ref: str, wanted: Sequence[tuple[str, str, Any]]) -> list[str]:
        """The ids a reference may take (:meth:`_ids`), those of records that pass the constant
        tests ``wanted`` first (read on the case's records through the record class's fields:
        ``kind == "ppc"``), then the others."""
        ids = self._ids(ref)
        kind = RECORD_ARGS.get(ref)
        if not wanted or kind is None:
            return ids
        cls = KIND_CLASSES[kind]
        fields = [(_field_for(cls, f, v), v) for f, _op, v in wanted]
        if any(name is None for name, _ in fields):
            return ids
        fit = {str(r.get("id")) for r in self.data.get(kind, []) if all(
            _to_json(cls, name, v) == r.get(name) for name, v in fields if name is not None)}
        return sorted(ids, key=lambda i: i not in fit)

    def path_of_added(self, change: Change) -> str:
        """Where the record an ``add`` change of the case this mapper was built from sits in
        the changed case (the one the change was applied to): its id's record; "" if none."""
        rid = change.new.get("id") if isinstance(change.new, dict) else None
        for i, rec in enumerate(self.data.get(change.kind, [])):
            if rid and rec.get("id") == rid:
                return f"{change.kind}[{i}]"
        return ""

    def add_record(self, kind: str, record: dict[str, Any], path: str) -> Change:
        """An ``add`` change of this mapper's case worded at ``path`` (where it was added)."""
        match = _PATH.fullmatch(path)
        later = 0 if match is None else max(0, int(match.group(2)) - len(self.data.get(kind, [])))
        return self._add(kind, record, later)

    def _common(self, kind: str, field: str, values: list[Any]) -> list[Any]:
        """``values`` ordered by how often the case's records of ``kind`` use them."""
        used: dict[Any, int] = {}
        for rec in self.data.get(kind, []):
            used[rec.get(field)] = used.get(rec.get(field), 0) + 1
        return sorted(values, key=lambda v: (-used.get(v, 0), values.index(v)))

    def _ids(self, ref: str) -> list[str]:
        """The ids a reference may take, the most referred-to first (the Head, the standing
        agencies): a bounded search tries the records the case itself relies on before the
        others; ties by id, so the order of the records never matters."""
        kind = RECORD_ARGS.get(ref)
        if kind is None:
            return []
        counts = self._ref_counts().get(ref, {})
        ids = {str(r["id"]) for r in self.data.get(kind, []) if r.get("id")}
        return sorted(ids, key=lambda i: (-counts.get(i, 0), i))

    def _ref_counts(self) -> dict[str, dict[str, int]]:
        if self._counts is None:
            counts: dict[str, dict[str, int]] = {}
            for kind, cls in KIND_CLASSES.items():
                refs = [(a.name, a.metadata["ref"]) for a in attrs.fields(cls)
                        if "ref" in a.metadata]
                for rec in self.data.get(kind, []) if refs else ():
                    for name, ref in refs:
                        value = rec.get(name)
                        if isinstance(value, str):
                            per = counts.setdefault(ref, {})
                            per[value] = per.get(value, 0) + 1
            self._counts = counts
        return self._counts

    # --- probes: one field of a record the question read, over the values its type allows ------

    def probes(self, paths: Sequence[str], numbers: Sequence[int]) -> list[Change]:
        """Single changes of the records at ``paths``: each field the record class declares
        (not its id, not free text) set to another value its type allows: each other member of
        an enum, the other truth value, the ids of the kind a reference names, and for a day or
        an amount the values of the question's own facts nearest to it (a deadline, a meeting
        day, an estimate). Computed from the record classes, for requirements the rules state
        on derived values (a running total, a content class, a window) that have no field of
        their own."""
        out: list[Change] = []
        seen: set[str] = set()
        days = sorted({n for n in numbers if _DAY_RANGE[0] <= n <= _DAY_RANGE[1]})
        amounts = sorted({n for n in numbers if 0 <= n < _DAY_RANGE[0] or n > _DAY_RANGE[1]})
        for path in paths:
            located = self.record_json(path)
            if located is None:
                continue
            kind, _index, rec = located
            cls = KIND_CLASSES[kind]
            for a in attrs.fields(cls):
                if not a.init or a.name == "id" or a.metadata.get("fmt") in ("text", "id"):
                    continue
                for value in self._values(cls, a, rec.get(a.name), days, amounts,
                                          _own_day(cls, rec, a.name)):
                    change = self._set(path, kind, rec, a.name, value, "==", value)
                    if change.key not in seen:
                        seen.add(change.key)
                        out.append(change)
        return out

    def copy(self, changes: Sequence[Change]) -> Change | None:
        """For two or more fields set on one record that has an id: a new record of the same
        kind with those values and a fresh id (to be pointed at by :meth:`links`)."""
        if len(changes) < 2 or any(c.action != "set" for c in changes) or len(
                {c.path for c in changes}) != 1:
            return None
        located = self.record_json(changes[0].path)
        if located is None or not located[2].get("id"):
            return None
        kind, _index, rec = located
        record = {k: v for k, v in rec.items() if v is not None}
        record.update({c.field: c.new for c in changes})
        record["id"] = self._fresh_id(kind)
        return self._add(kind, record)

    def links(self, added: Change, paths: Sequence[str]) -> list[Change]:
        """Changes pointing a reference of the records at ``paths`` at the record ``added``
        adds (an expenditure at a new estimate): the second link of a chain, from the record
        classes' declared references."""
        new_id = added.new.get("id") if isinstance(added.new, dict) else None
        if not new_id:
            return []
        out: list[Change] = []
        for path in paths:
            located = self.record_json(path)
            if located is None:
                continue
            kind, _index, rec = located
            cls = KIND_CLASSES[kind]
            for a in attrs.fields(cls):
                ref = a.metadata.get("ref")
                if a.init and a.name != "id" and ref and RECORD_ARGS.get(ref) == added.kind \
                        and rec.get(a.name) != new_id:
                    out.append(self._set(path, kind, rec, a.name, new_id, "==", new_id))
        return out

    def _values(self, cls: type, a: Any, current: Any, days: Sequence[int],
                amounts: Sequence[int], anchor: int = 0) -> list[Any]:
        base = _base(_hints(cls)[a.name])
        if "ref" in a.metadata:
            return [i for i in self._ids(a.metadata["ref"]) if i != current][:MAX_IDS]
        if isinstance(base, type) and issubclass(base, enum.Enum):
            return [m.value for m in base if m.value != current]
        if base is bool:
            return [not current] if isinstance(current, bool) else [True, False]
        if base is dt.date:
            if not isinstance(current, str) and anchor:
                # A day not recorded: the question's days nearest the record's own day, within
                # a year of it when there are any (a convening day near its meeting).
                near = sorted(days, key=lambda d: (abs(d - anchor), d))
                near = [d for d in near if abs(d - anchor) <= MAX_RECORDED_SPAN] or near
                return [dt.date.fromordinal(d).isoformat() for d in near[:MAX_NEAR]]
            now = dt.date.fromisoformat(current).toordinal() if isinstance(current, str) else 0
            near = sorted((d for d in days if d != now), key=lambda d: (abs(d - now), d))
            return [dt.date.fromordinal(d).isoformat() for d in near[:MAX_NEAR]]
        if base is int and not isinstance(current, bool):
            now = current if isinstance(current, int) else 0
            near = sorted((n for n in amounts if n != now), key=lambda n: (abs(n - now), n))
            return near[:MAX_NEAR]
        return []

    def _fresh_id(self, kind: str) -> str:
        taken = {r.get("id") for r in self.data.get(kind, [])}
        n = 1
        while f"NEW-{n}" in taken:
            n += 1
        return f"NEW-{n}"

    # --- wording ---------------------------------------------------------------------------

    def label(self, kind: str) -> Text:
        meta = attrs.fields_dict(Case)[kind].metadata
        return Text(meta["vi"], meta["en"])

    def who(self, kind: str, rec: Mapping[str, Any]) -> Text:
        rid = rec.get("id")
        label = self.label(kind)
        if kind == "people" and rid:
            return Text(f"{label.vi}: {rec.get('name', '')} ({rid})",
                        f"{label.en}: {rec.get('name', '')} ({rid})")
        return Text(f"{label.vi} {rid}" if rid else label.vi, f"{label.en} {rid}" if rid else label.en)

    def shown(self, cls: type, field: str, value: Any, lang: Lang) -> str:
        if value is None:
            return "—"
        base = _base(_hints(cls)[field])
        if base is dt.date and isinstance(value, str):
            d = dt.date.fromisoformat(value)
            return f"{d.day:02d}/{d.month:02d}/{d.year}" if lang == "vi" else value
        ref = attrs.fields_dict(cls)[field].metadata.get("ref")
        if ref is not None and isinstance(value, str):
            return person_label(self.case, value) if ref == "person" else value
        if isinstance(value, bool):
            return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
        year = attrs.fields_dict(cls)[field].metadata.get("fmt") == "year" or field == "year"
        if base is int and not year:  # an amount, with its thousands marked (not a year)
            return f"{value:,}".replace(",", ".") if lang == "vi" else f"{value:,}"
        return str(value)

    def field_label(self, cls: type, field: str) -> Text:
        meta = attrs.fields_dict(cls)[field].metadata
        return Text(meta.get("vi", field), meta.get("en", field))

    def _set(self, path: str, kind: str, rec: Mapping[str, Any], field: str, value: Any,
             op: str, flat: Any, bound: Any = None) -> Change:
        cls = KIND_CLASSES[kind]
        who, fl = self.who(kind, rec), self.field_label(cls, field)
        limit = value if bound is None else bound
        req = _requirement(op, self.shown(cls, field, limit, "vi"),
                           self.shown(cls, field, limit, "en"), _base(_hints(cls)[field]))
        text = Text(
            f"{who.vi} ({path}): {fl.vi} {self.shown(cls, field, rec.get(field), 'vi')} → "
            f"{self.shown(cls, field, value, 'vi')}{req.vi}",
            f"{who.en} ({path}): {fl.en} {self.shown(cls, field, rec.get(field), 'en')} → "
            f"{self.shown(cls, field, value, 'en')}{req.en}",
        )
        ident = json.dumps(rec, sort_keys=True, ensure_ascii=False)
        return Change("set", kind, path, str(rec.get("id") or ""), field, rec.get(field), value,
                      text, change_key("set", kind, ident, field, value))

    def renumber(self, changes: tuple[Change, ...]) -> tuple[Change, ...]:
        """``changes`` with the records added to one kind at successive places (each was
        worded alone, as the next record of its kind)."""
        added: dict[str, int] = {}
        out = []
        for c in changes:
            if c.action == "add" and isinstance(c.new, dict):
                n = added[c.kind] = added.get(c.kind, -1) + 1
                if n:
                    c = self._add(c.kind, c.new, n)
            out.append(c)
        return tuple(out)

    def _add(self, kind: str, record: dict[str, Any], later: int = 0) -> Change:
        cls = KIND_CLASSES[kind]
        path = f"{kind}[{len(self.data.get(kind, [])) + later}]"
        parts = [(self.field_label(cls, f), f, v) for f, v in record.items() if v is not None]
        label = self.label(kind)
        text = Text(
            f"Thêm vào {label.vi} ({path}): "
            + "; ".join(f"{fl.vi}: {self.shown(cls, f, v, 'vi')}" for fl, f, v in parts),
            f"Add to {label.en} ({path}): "
            + "; ".join(f"{fl.en}: {self.shown(cls, f, v, 'en')}" for fl, f, v in parts),
        )
        key_record = {k: v for k, v in record.items() if k != "id"}
        return Change("add", kind, path, str(record.get("id") or ""), "", None, record, text,
                      change_key("add", kind, "", "", key_record))

    def _remove(self, path: str, kind: str, index: int, rec: Mapping[str, Any]) -> Change:
        who = self.who(kind, rec)
        text = Text(f"Bỏ {who.vi} ({path}) khỏi hồ sơ", f"Remove {who.en} ({path}) from the case")
        ident = json.dumps(rec, sort_keys=True, ensure_ascii=False)
        return Change("remove", kind, path, str(rec.get("id") or ""), "", None, None, text,
                      change_key("remove", kind, ident, "", None))

    def _complete(self, kind: str) -> Change:
        label = self.label(kind)
        text = Text(f"Khai hồ sơ «{label.vi}» là đầy đủ (records_complete: {kind})",
                    f"Declare the records «{label.en}» complete (records_complete: {kind})")
        return Change("complete", kind, "records_complete", "", "", None, kind, text,
                      change_key("complete", kind, "", "", kind))

    # --- applying ------------------------------------------------------------------------------

    def apply(self, changes: Sequence[Change]) -> Case:
        """The case with ``changes`` made; raises a KgrulesError if the result is not a valid
        case (a removed record still referred to, a date out of order). Only the records
        changed are rebuilt; the case's own checks run on the result."""
        lists: dict[str, list[Any]] = {}
        complete = set(self.case.records_complete)
        removed: dict[str, set[int]] = {}
        for c in changes:
            if c.action == "complete":
                complete.add(c.kind)
                continue
            items = lists.setdefault(c.kind, list(getattr(self.case, c.kind)))
            cls = KIND_CLASSES[c.kind]
            if c.action == "add":
                items.append(cls(**{f: _python(cls, f, v) for f, v in c.new.items()}))
                continue
            match = _PATH.fullmatch(c.path)
            if match is None:
                raise KeyError(c.path)
            index = int(match.group(2))
            if c.action == "remove":
                removed.setdefault(c.kind, set()).add(index)
            else:
                items[index] = attrs.evolve(items[index], **{c.field: _python(cls, c.field, c.new)})
        for kind, gone in removed.items():
            lists[kind] = [r for i, r in enumerate(lists[kind]) if i not in gone]
        fields: dict[str, Any] = {k: tuple(v) for k, v in lists.items()}
        fields["records_complete"] = frozenset(complete)
        return attrs.evolve(self.case, **fields)


def _python(cls: type, field: str, value: Any) -> Any:
    """A JSON value of a case field as the record class holds it."""
    if value is None:
        return None
    base = _base(_hints(cls)[field])
    if base is dt.date:
        return dt.date.fromisoformat(value)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return base(value)
    return value


def apply_changes(case: Case, changes: Sequence[Change]) -> Case:
    """``case`` with a counterfactual's changes made (to check one, or to act on it)."""
    return _Mapper(case).apply(changes)


def _requirement(op: str, vi: str, en: str, base: Any) -> Text:
    """What the rule's test asks of the value shown (which is its boundary: for ``< x`` the
    value shown is ``x - 1``, so the requirement reads "on or before" it)."""
    if op not in ("<", "<=", ">", ">="):
        return Text("", "")
    upper = op in ("<", "<=")
    if base is dt.date:
        words = ("chậm nhất", "on or before") if upper else ("từ", "on or after")
    else:
        words = ("không quá", "at most") if upper else ("ít nhất", "at least")
    return Text(f" (cần: {words[0]} {vi})", f" (needed: {words[1]} {en})")


# --- the search ----------------------------------------------------------------------------------


class _Budget(Exception):
    """The trial budget is spent."""



_P = typing.ParamSpec("_P")


def _too_large(case: Case) -> bool:
    """More records than a search rebuilds the case for on each trial (:data:`MAX_RECORDS`)."""
    return sum(len(getattr(case, kind)) for kind in KIND_CLASSES) > MAX_RECORDS


def _widened(
    run: Callable[typing.Concatenate[Question, Case, _P], WhatIf],
) -> Callable[typing.Concatenate[Question, Case, _P], WhatIf]:
    """``run`` made once more within wider bounds (:data:`WIDER_CHANGES`,
    :data:`WIDER_TRIALS`) when it ends at its bound with nothing found; the answer counts the
    trials of both and names the bounds of the last."""
    @functools.wraps(run)
    def widened(question: Question, case: Case, /, *args: _P.args, **kwargs: _P.kwargs
                ) -> WhatIf:
        first = run(question, case, *args, **kwargs)
        if first.verdict != "bound" or first.options or _WIDER.get() is not None or \
                _too_large(case):
            return first
        token = _WIDER.set((MAX_CHANGES + WIDER_CHANGES, MAX_TRIALS * WIDER_TRIALS))
        try:
            wider = run(question, case, *args, **kwargs)
        finally:
            _WIDER.reset(token)
        return attrs.evolve(wider, trials=first.trials + wider.trials)
    return widened


@_widened
def search(
    question: Question,
    case: Case,
    failing: Sequence[str],
    facts: Sequence[Mapping[str, Any]],
    evaluate: Mapping[str, Any],
    reask: Callable[[Case], Any],
    *,
    working: Callable[[dt.date], bool] | None = None,
    nested: Callable[[str, int], Sequence[WhatIf]] | None = None,
    rescope: Callable[[Case], tuple[Sequence[Mapping[str, Any]], Mapping[str, Any]]]
    | None = None,
    nested_on: Callable[[Case, str, int], Sequence[WhatIf]] | None = None,
) -> WhatIf:
    """The minimal changes of ``case`` that turn the ``no`` of ``question`` into ``yes``.

    ``failing`` names the conditions that fail; ``facts`` and ``evaluate`` are the flat facts
    the question was answered on; ``reask`` answers the same question, same arguments and
    readings, on a changed case (with the oracle, without counterfactuals). ``working`` says
    whether a day is a working day (the question's calendar), for a day moved out of a range;
    ``nested(question_id, limit)`` gives, for a question this one depends on, the
    counterfactuals of its answers that were ``no`` on this case (after ``reask`` of the case
    itself; at most ``limit`` nested answers searched in all): their changes are tried for a
    condition that cites that question. ``rescope`` gives the flat facts and evaluate fact of
    a changed case, for the second steps (:func:`_steps`) and for what a union of the
    conditions' fixes still lacks. ``nested_on(changed, question_id, limit)`` is ``nested`` on
    a changed case: the counterfactuals of that dependency's ``no`` answers, then its
    ``unknown`` ones, at most ``limit`` searched; for the second steps of a change that moved a
    condition onto another nested answer (a consent moved to the meeting day now rests on who
    was Head that day; who may settle on the new settlement's day).

    Every condition that does not hold is searched (an ``unknown`` one too: ``yes`` needs them
    all), first from the rules that would make it hold, then, when those name only derived
    values, by probing the fields of the records its reasons cite, then by second steps on the
    cases the changes that moved it make (:func:`_steps`). The answer says which of
    three it is: suggestions found; none possible (a condition that only the question's own
    arguments or the readings could satisfy); or none found within the bound, after a second
    search within wider bounds (:func:`_widened`).
    """
    limits = (("changes", _max_changes()), ("trials", _max_trials()), ("ids", MAX_IDS),
              ("records", MAX_RECORDS))
    if _too_large(case):
        return WhatIf((), True, 0, limits, (Text(
            f"Hồ sơ có hơn {MAX_RECORDS:,} bản ghi: không tìm thay đổi (mỗi lần thử dựng lại cả "
            "hồ sơ)".replace(",", "."),
            f"The case holds more than {MAX_RECORDS:,} records: no search for changes (each "
            "trial rebuilds the whole case)"),), verdict="bound")
    by_type: dict[str, list[Mapping[str, Any]]] = {}
    for f in facts:
        by_type.setdefault(str(f["t"]), []).append(f)
    for of_type in by_type.values():  # by content, not the records' order: same facts, same search
        of_type.sort(key=lambda f: json.dumps({k: v for k, v in f.items() if k not in ("src", "k")},
                                            sort_keys=True, ensure_ascii=False))
    ev = {**evaluate}
    mapper = _Mapper(case)
    mapper.working = working
    mapper.derived = {name: {d.name for d in ft.derivations}
                      for name, ft in question.fact_types.items()}
    mapper.reads = _declared_reads(question)
    mapper.inputs = {d.name: d.inputs for d in question.derivations}
    mapper.named = _named_records(question, case, ev)
    trials: dict[frozenset[str], Any] = {}
    state = {"spent": 0}
    #: Nested answers the second steps search on their changed cases, in all (see _steps).
    searched = {"left": MAX_STEP_NESTED}

    #: Every change set tried and what it gave, in the order tried (the steps start from them).
    seen: dict[frozenset[str], tuple[tuple[Change, ...], Any]] = {}

    def trial(changes: tuple[Change, ...]) -> Any:
        key = candidate_key(changes)
        if key in trials:
            return trials[key]
        if state["spent"] >= _max_trials():
            raise _Budget
        state["spent"] += 1
        try:
            result = reask(mapper.apply(changes) if changes else case)
        except (KgrulesError, ValueError, KeyError, TypeError, IndexError):
            result = None
        trials[key] = result
        if changes:
            seen[key] = (changes, result)
        return result

    base = trial(())
    held = _holding(base)
    names = [c.name for c in question.conditions]
    open_conditions = ([n for n in failing] + [n for n in names if n not in held
                                                and n not in failing]) if base is not None \
        else list(failing)
    blocked = _blocked(question, open_conditions, ev)
    if blocked:
        return WhatIf((), False, state["spent"], limits, blocked, verdict="impossible")

    numbers = sorted({v for f in (ev, *facts) for v in f.values()
                      if isinstance(v, int) and not isinstance(v, bool)})
    mapper.days = [n for n in numbers if _DAY_RANGE[0] <= n <= _DAY_RANGE[1]]
    mapper.amounts = [n for n in numbers if 0 < n < _DAY_RANGE[0] or n > _DAY_RANGE[1]]
    fixes: dict[str, list[tuple[Change, ...]]] = {n: [] for n in open_conditions}
    cover: dict[frozenset[str], frozenset[str]] = {}
    exhausted = True
    phase_one = _max_trials() * 3 // 5
    # Alone, a condition's fixes are the suggestions; among several, only the first few of
    # each are combined, so searching for more would spend trials for nothing.
    wanted = MAX_OPTIONS if len(open_conditions) == 1 else MAX_PER_CONDITION
    for n, condition in enumerate(open_conditions):
        share = state["spent"] + max(0, phase_one - state["spent"]) // (len(open_conditions) - n)
        first = state["spent"]
        stage_a = _candidates(question, condition, by_type, ev, mapper)
        lifted = _lifted(question, condition, base, nested, fixes[condition])
        tried: list[tuple[tuple[Change, ...], Any]] = []
        for candidate in itertools.chain(stage_a, lifted, _probe_candidates(
                condition, base, ev, mapper, numbers, fixes[condition])):
            keys = candidate_key(candidate)
            if any(candidate_key(f) <= keys for f in fixes[condition]):
                continue  # a subset already makes the condition hold
            if len(fixes[condition]) >= wanted and len(candidate) > max(
                    len(f) for f in fixes[condition]):
                break
            if keys not in trials and state["spent"] >= share:
                exhausted = False
                break
            if fixes[condition] and keys not in trials and state["spent"] >= first + MAX_MORE:
                exhausted = False  # alternatives to a fix found are sought a few trials only
                break
            result = trial(candidate)
            tried.append((candidate, result))
            holding = _holding(result)
            cover[keys] = frozenset(holding)
            if condition in holding:
                if not fixes[condition]:
                    first = state["spent"]
                fixes[condition].append(candidate)
                # What this change fixes for the conditions still to search, it fixes there too.
                for other in open_conditions[n + 1:]:
                    if other in holding and candidate not in fixes[other]:
                        fixes[other].append(candidate)
        #: Whether neither the condition's own rules nor the case's nested answers fixed it in
        #: one step (its fixes, if any, come from the second steps and pairs below).
        further = not fixes[condition] and (rescope is not None or nested_on is not None)
        #: The first steps this condition's second steps were taken from, and their trials.
        stepped: dict[str, Any] = {"starts": set(), "spent": 0}

        def further_steps(condition: str = condition, n: int = n,
                          stepped: dict[str, Any] = stepped) -> None:
            """Second steps (see _steps) from the change sets tried so far that moved the
            condition without making it hold, until it has the fixes wanted."""
            nonlocal exhausted

            def room() -> bool:
                return state["spent"] < _max_trials() - MAX_STEP_RESERVE

            for candidate, holding in _steps(question, condition, base, list(seen.values()),
                                             mapper, rescope, nested_on, trial, room, searched,
                                             fixes[condition], stepped):
                cover[candidate_key(candidate)] = frozenset(holding)
                if condition not in holding:
                    continue
                fixes[condition].append(candidate)
                for other in open_conditions[n + 1:]:
                    if other in holding and candidate not in fixes[other]:
                        fixes[other].append(candidate)
                if len(fixes[condition]) >= wanted:
                    break
            if not room():
                exhausted = False
            fixes[condition].sort(key=len)

        if further:
            # A change that moved the condition without making it hold (another rule concludes
            # it, on other records, or another nested answer it rests on) is taken one step
            # further on the changed case.
            further_steps()
        # Fixes only through second steps (a Head for the day) leave the pairs to be sought as
        # well (the convener changed to the Head).
        least = _max_changes() + 1 if further else min((len(f) for f in fixes[condition]),
                                                    default=_max_changes() + 1)
        if least > 2:
            # No single change did, or only three or more together: pairs of changes (a
            # chain), from the changes tried.
            chained = 0
            mapper.fill = True  # records whose required amount or day no test names
            filled = [c for c in _candidates(question, condition, by_type, ev, mapper)
                      if any(ch.action == "add" for ch in c) and candidate_key(c) not in trials]
            mapper.fill = False
            for candidate in _chains(condition, base, ev, mapper, tried, filled):
                # Once the condition has a fix, trials are kept for combining it (and proving
                # it minimal) rather than all spent looking for a smaller one.
                if state["spent"] >= _max_trials() - (MAX_STEP_RESERVE if fixes[condition] else 0) \
                        or chained >= wanted:
                    exhausted = False
                    break
                keys = candidate_key(candidate)
                if len(candidate) >= least or any(
                        candidate_key(f) <= keys for f in fixes[condition]):
                    continue
                result = trial(candidate)
                holding = _holding(result)
                cover[keys] = frozenset(holding)
                if condition in holding:
                    chained += 1
                    fixes[condition].append(candidate)
                    fixes[condition].sort(key=len)
                    for other in open_conditions[n + 1:]:
                        if other in holding and candidate not in fixes[other]:
                            fixes[other].append(candidate)
        if further and len(fixes[condition]) < wanted:
            further_steps()  # from the pairs' trials too (a record added with its day filled)
        if not fixes[condition] and not _counted(question, condition, by_type, ev):
            break  # nothing makes this one hold: no union can, so the rest is not searched
    # A condition on how many records there are (two Deputy Heads) may hold only once the
    # records other conditions add are all there (a Standing Deputy and a Deputy): left to the
    # unions of the others' fixes, whose trial says whether they make it hold.
    found: list[tuple[Change, ...]] = []
    # A fix that makes a condition fail that held (the Head made Standing Deputy as well) is
    # combined last: the unions of harmless fixes are tried first.
    for found_fixes in fixes.values():
        found_fixes.sort(key=lambda f: (len(held - cover.get(candidate_key(f), frozenset(held))),
                                        -len(cover.get(candidate_key(f), frozenset())
                                             & set(open_conditions))))
    owed = {c: _counted(question, c, by_type, ev) for c in open_conditions if not fixes[c]}
    if any(fixes.values()) and all(fixes[c] or owed[c] for c in open_conditions):
        repairs = {"left": MAX_REPAIRS}
        try:
            # When no union gives yes, a change set already tried that did is one by itself (a
            # record added for one condition that made a counted one hold too, whatever the
            # count owed says).
            unions = _combinations(open_conditions, fixes, cover)
            already = sorted((c for c, result in seen.values() if _is_yes(result)), key=_rank)
            for option in itertools.chain(unions, _unless_found(already, found)):
                keys = candidate_key(option)
                if any(candidate_key(f) <= keys for f in found) or not (
                        _is_yes(trials.get(keys)) or all(
                            _owed(option, needs) for needs in owed.values())):
                    continue
                outcome = trial(option)
                if not _is_yes(outcome) and rescope is not None:
                    # The fixes together break what each left alone (a request moved into the
                    # window is now after the decision): what the changed case still lacks.
                    option = _repair(question, case, option, outcome, mapper, rescope, trial,
                                     repairs)
                    outcome = trial(option)
                if not _is_yes(outcome):
                    continue
                smallest = _minimise(option, trial)
                if not any(candidate_key(f) == candidate_key(smallest) for f in found):
                    found[:] = [f for f in found
                                if not candidate_key(smallest) < candidate_key(f)]
                    found.append(smallest)
                if len(found) >= MAX_OPTIONS:
                    break
        except _Budget:
            exhausted = False
    found = [f for f in found if not any(_narrower(g, f) for g in found)]
    found.sort(key=_rank)
    return WhatIf(
        tuple(Counterfactual(mapper.renumber(f)) for f in found[:MAX_OPTIONS]),
        not (exhausted and len(found) <= MAX_OPTIONS),
        state["spent"],
        limits,
        tuple(mapper.unmapped[k] for k in sorted(mapper.unmapped)) if not found else (),
        verdict="found" if found else "bound",
    )


def _named_records(question: Question, case: Case, ev: Mapping[str, Any]) -> dict[str, str]:
    """The path of the record each argument of the question names, by kind of record."""
    out: dict[str, str] = {}
    for arg in question.arguments:
        kind = RECORD_ARGS.get(str(arg.kind))
        value = ev.get(arg.name)
        if kind is None or not isinstance(value, str) or kind in out:
            continue
        for i, rec in enumerate(getattr(case, kind, ())):
            if getattr(rec, "id", None) == value:
                out[kind] = f"{kind}[{i}]"
                break
    return out


def _steps(
    question: Question, condition: str, base: Any,
    tried: Sequence[tuple[tuple[Change, ...], Any]], mapper: _Mapper,
    rescope: Callable[[Case], tuple[Sequence[Mapping[str, Any]], Mapping[str, Any]]] | None,
    nested_on: Callable[[Case, str, int], Sequence[WhatIf]] | None,
    trial: Callable[[tuple[Change, ...]], Any], room: Callable[[], bool],
    searched: dict[str, int], fixed: Sequence[tuple[Change, ...]],
    stepped: dict[str, Any],
) -> Iterator[tuple[tuple[Change, ...], set[str]]]:
    """Second steps, for a condition no change made hold in one step (derived values mapped
    back through more than one derivation). A change set already tried that moved the
    condition without making it hold (another rule now concludes it, or its reasons cite other
    records or another nested answer) is a *first step*: the case it makes is re-scoped and
    the condition's requirements read again there, from two sources: where the moved condition
    rests on a nested answer about the changed case (``no`` or ``unknown``: may the new
    settlement's settler settle that day; a consent moved to the meeting day, given by someone
    not Head that day), that answer's own suggestions on the changed case (``nested_on``);
    and the requirements of the condition's own rules on the changed case's facts (the
    signer's position must cover the signing day; a consent where a standing authorisation
    was moved out of the way). Each is joined to the first step (:func:`_joined`) and tried;
    a join that moves the condition onto a nested answer it did not rest on is itself a first
    step, taken one more step. Yields each join tried with the conditions it makes hold.

    First steps are taken those resting on a nested answer first, then the smallest (smaller
    suggestions), then those leaving the most conditions holding. Bounded by :data:`MAX_STEP_STARTS`,
    :data:`MAX_STEP_EACH`, :data:`MAX_STEP_NESTED` (``searched``, shared by the search's
    conditions), :data:`MAX_STEP_TRIALS`, and ``room()``; the joins of the first steps are
    tried in turn, so that the bound reaches every one of them."""
    before = _signature(base, condition)

    def rank(item: tuple[tuple[Change, ...], Any]) -> tuple[int, int, int]:
        candidate, result = item
        if _cited(question, condition, result):
            kind = 0
        else:
            kind = 1 if all(r.status == Status.UNKNOWN for r in result.reasons
                            if r.condition == condition) else 2
        return kind, len(candidate), -len(_holding(result))

    starts = sorted(((c, r) for c, r in tried if r is not None and condition not in _holding(r)
                     and _signature(r, condition) != before and len(c) < _max_changes()
                     and candidate_key(c) not in stepped["starts"]),
                    key=rank)[:max(0, MAX_STEP_STARTS - len(stepped["starts"]))]
    while starts and room():
        stepped["starts"] |= {candidate_key(c) for c, _ in starts}
        per_start = [_second(question, condition, start, result, mapper, rescope, nested_on,
                             searched) for start, result in starts]
        starts = []
        # In turn from each first step (a nested answer's suggestions first).
        for joins in itertools.zip_longest(*per_start):
            for start, joined in (j for j in joins if j is not None):
                if not room() or stepped["spent"] >= MAX_STEP_TRIALS:
                    return
                keys = candidate_key(joined)
                if any(candidate_key(f) <= keys for f in fixed):
                    continue
                stepped["spent"] += 1
                outcome = trial(joined)
                holding = _holding(outcome)
                yield joined, holding
                if outcome is not None and condition not in holding and len(joined) < _max_changes() \
                        and not _cited(question, condition, start[1]) \
                        and _cited(question, condition, outcome):
                    starts.append((joined, outcome))  # onto a nested answer: one more step


def _second(
    question: Question, condition: str, start: tuple[Change, ...], result: Any,
    mapper: _Mapper,
    rescope: Callable[[Case], tuple[Sequence[Mapping[str, Any]], Mapping[str, Any]]] | None,
    nested_on: Callable[[Case, str, int], Sequence[WhatIf]] | None, searched: dict[str, int],
) -> list[tuple[tuple[tuple[Change, ...], Any], tuple[Change, ...]]]:
    """The second steps of one first step ``start`` (which gave ``result``), each joined to
    it: the suggestions of the nested answers the condition now rests on, searched on the
    changed case, and at most :data:`MAX_STEP_EACH` requirements of the condition's own rules
    there, in turn; each paired with the first step (and its result)."""
    steps: list[tuple[Change, ...]] = []
    cited = _cited(question, condition, result)
    second: _Mapper | None = None
    if rescope is not None:
        step = _rescoped(question, mapper, start, rescope)
        if step is not None:
            second, by_type, ev = step
    if nested_on is not None and cited:
        changed: Case | None
        try:
            changed = second.case if second is not None else mapper.apply(start)
        except (KgrulesError, ValueError, KeyError, TypeError, IndexError):
            changed = None
        for qid in cited[:MAX_NESTED]:
            if changed is None or searched["left"] <= 0:
                break
            found = nested_on(changed, qid, min(MAX_NESTED, searched["left"]))
            searched["left"] -= max(1, len(found))
            steps += [o.changes for w in found for o in w.options[:MAX_PER_CONDITION]]
    lifted = [j for j in (_joined(start, c, second, mapper) for c in steps) if j is not None]
    own: list[tuple[Change, ...]] = []
    if second is not None:
        for c in _candidates(question, condition, by_type, ev, second):
            if len(own) >= MAX_STEP_EACH:
                break
            j = _joined(start, c, second, mapper)
            if j is not None:
                own.append(j)
    # In turn from the two sources, so that neither fills the fixes wanted alone.
    joined = [((start, result), j) for pair in itertools.zip_longest(lifted, own)
              for j in pair if j is not None]
    return joined


def _joined(start: tuple[Change, ...], step: Sequence[Change], second: _Mapper | None,
            mapper: _Mapper) -> tuple[Change, ...] | None:
    """``start`` with ``step`` (found on the case ``start`` made), or ``None`` if the union
    would not apply to the case itself. A change of a record ``start`` adds is made in the
    record it adds (the new settlement's settler chosen in the second step); any other change
    must be of a record the case holds, of a field ``start`` does not already set, and of a
    kind ``start`` removes no records from (its paths moved); a record is added in one of the
    two steps only (the second step's own additions would spend the trials on records of
    records); at most :data:`MAX_CHANGES` changes."""
    first = list(start)
    rest = list(step)
    shifted = {c.kind for c in start if c.action == "remove"}
    if second is not None and not shifted:
        added = {second.path_of_added(c): c for c in start if c.action == "add"}
        added.pop("", None)
        rest = []
        for c in step:
            if c.path not in added:
                rest.append(c)
                continue
            if c.action != "set":
                return None
            old = added[c.path]
            new = mapper.add_record(old.kind, {**old.new, c.field: c.new}, old.path)
            first[first.index(old)] = new
            added[c.path] = new
    spots = {(c.path, c.field) for c in start if c.action != "add"}
    adds = any(c.action == "add" for c in start)
    if any((c.action in ("set", "remove") and (mapper.record_json(c.path) is None
                                              or (c.path, c.field) in spots
                                              or c.kind in shifted))
           or (c.action == "add" and adds) for c in rest):
        return None
    joined = tuple(sorted({c.key: c for c in (*first, *rest)}.values(), key=_order))
    return joined if len(start) < len(joined) <= _max_changes() else None


def _cited(question: Question, condition: str, decision: Any) -> list[str]:
    """The nested questions whose answers the reasons ``decision`` gives for ``condition``
    (other than ``holds``) cite."""
    return list(dict.fromkeys(f for r in decision.reasons if r.condition == condition
                              and r.status != Status.HOLDS for f in r.facts
                              if f in question.depends_on))


def _rescoped(question: Question, mapper: _Mapper, changes: tuple[Change, ...],
              rescope: Callable[[Case], tuple[Sequence[Mapping[str, Any]], Mapping[str, Any]]]
              ) -> tuple[_Mapper, dict[str, list[Mapping[str, Any]]], Mapping[str, Any]] | None:
    """The case ``changes`` make, for a search's next step there: a mapper of it carrying the
    question's readings of ``mapper`` (declared reads, derivations, days, amounts), its flat
    facts by type (sorted by content: same facts, same search) and its ``evaluate`` fact;
    ``None`` if the changes do not apply or the changed case cannot be scoped."""
    try:
        changed = mapper.apply(changes)
        facts, ev = rescope(changed)
    except (KgrulesError, ValueError, KeyError, TypeError, IndexError):
        return None
    by_type: dict[str, list[Mapping[str, Any]]] = {}
    for f in facts:
        by_type.setdefault(str(f["t"]), []).append(f)
    for of_type in by_type.values():
        of_type.sort(key=lambda f: json.dumps({k: v for k, v in f.items() if k not in ("src", "k")},
                                            sort_keys=True, ensure_ascii=False))
    second = _Mapper(changed)
    second.working, second.derived = mapper.working, mapper.derived
    second.reads, second.inputs = mapper.reads, mapper.inputs
    second.days, second.amounts = mapper.days, mapper.amounts
    second.named = _named_records(question, changed, ev)
    return second, by_type, ev

def _declared_reads(question: Question) -> dict[str, tuple[str, str, bool]]:
    """The ``evaluate`` fields read from a record's field, by the question's declaration."""
    out: dict[str, tuple[str, str, bool]] = {}
    for name, source in question.reads:
        kind, field, recorded = read_source(source)
        if kind in KIND_CLASSES:
            out[name] = (kind, field, recorded)
    return out


def _unless_found(options: Sequence[tuple[Change, ...]], found: Sequence[tuple[Change, ...]]
                  ) -> Iterator[tuple[Change, ...]]:
    """``options`` one by one while ``found`` (the caller's list of suggestions, filled in as
    they are tried) is still empty."""
    for option in options:
        if found:
            return
        yield option


def _repair(
    question: Question, case: Case, option: tuple[Change, ...], outcome: Any, mapper: _Mapper,
    rescope: Callable[[Case], tuple[Sequence[Mapping[str, Any]], Mapping[str, Any]]],
    trial: Callable[[tuple[Change, ...]], Any], repairs: dict[str, int],
) -> tuple[Change, ...]:
    """``option`` with a change that makes the conditions it leaves failing hold, found from
    the rules on the changed case's own facts (a second step of the same search), within
    :data:`MAX_REPAIRS` trials in all and :data:`MAX_REPAIRS_EACH` for this union; ``option``
    itself if none does. Only changes of records the case itself holds are added (a subset
    must still apply to the case)."""
    if outcome is None or repairs["left"] <= 0 or len(option) >= _max_changes():
        return option
    step = _rescoped(question, mapper, option, rescope)
    if step is None:
        return option
    second, by_type, ev = step
    facts = [f for of_type in by_type.values() for f in of_type]
    spots = {(c.path, c.field) for c in option}
    failing = [c.name for c in question.conditions if c.name not in _holding(outcome)]
    numbers = sorted({v for f in (ev, *facts) for v in f.values()
                      if isinstance(v, int) and not isinstance(v, bool)})
    tries = 0
    for condition in failing:
        # From the rules' requirements; then single changes of the inputs the declarations say
        # a derived value tested there is computed from (a decision "after the request" is
        # computed from decided_on and requested_on), on the records the condition cites.
        inputs = {i for rule in question.rules if rule.condition == condition
                  and rule.status == Status.HOLDS for p in rule.patterns if not p.negated
                  for d in question.fact_types[p.type].derivations
                  if any(t.field == d.name and not isinstance(t.value, Ref) and not any(
                      _OPS[t.op](f[t.field], t.value) for f in by_type.get(p.type, ()))
                         for t in p.tests) for i in d.inputs}
        paths = list(dict.fromkeys(f for r in outcome.reasons if r.condition == condition
                                   and r.status != Status.HOLDS for f in r.facts))
        probes = [(c,) for c in second.probes(paths, numbers) if c.field in inputs]
        for candidate in itertools.chain(
                probes, _candidates(question, condition, by_type, ev, second)):
            if repairs["left"] <= 0 or tries >= MAX_REPAIRS_EACH:
                return option
            if len(option) + len(candidate) > _max_changes() or any(
                    c.action in ("set", "remove") and (mapper.record_json(c.path) is None
                                                      or (c.path, c.field) in spots)
                    for c in candidate):
                continue
            repairs["left"] -= 1
            tries += 1
            joined = tuple(sorted({c.key: c for c in (*option, *candidate)}.values(),
                                  key=_order))
            if _is_yes(trial(joined)):
                return joined
    return option


def _lifted(question: Question, condition: str, base: Any,
            nested: Callable[[str, int], Sequence[WhatIf]] | None,
            fixed: Sequence[tuple[Change, ...]]) -> Iterator[tuple[Change, ...]]:
    """The changes that turn a nested answer the condition rests on into ``yes`` (who may
    act on the day, whether the assignee is on the helper team): the nested question's own
    counterfactuals, searched from its own rules, lifted as they are (they change the same
    case). Tried after the condition's own requirements and only while those fixed nothing
    (a nested search re-asks its own question up to :data:`MAX_TRIALS` times); at most
    :data:`MAX_NESTED` nested questions, :data:`MAX_PER_CONDITION` changes of each."""
    if nested is None or base is None or fixed:
        return
    cited = [f for r in base.reasons if r.condition == condition and r.status != Status.HOLDS
             for f in r.facts if f in question.depends_on]
    for qid in list(dict.fromkeys(cited))[:MAX_NESTED]:
        for what_if in nested(qid, MAX_NESTED_SEARCHES)[:MAX_NESTED]:
            yield from (o.changes for o in what_if.options[:MAX_PER_CONDITION]
                        if len(o.changes) <= _max_changes())


def _counted(question: Question, condition: str,
             by_type: Mapping[str, Sequence[Mapping[str, Any]]], ev: Mapping[str, Any]
             ) -> tuple[tuple[str, int], ...]:
    """How many records ``condition`` lacks, read from its ``holds`` rules: for each rule that
    tests a count the scope derives from a whole list of records (a fact whose ``src`` is a
    kind, not one record) against a number the count falls short of, the kind and that number
    less the count (two Deputy Heads asked, none held: two positions). Empty when some
    ``holds`` rule of the condition counts nothing short (then no number is owed)."""
    needs: list[tuple[str, int]] = []
    for rule in question.rules:
        if rule.condition != condition or rule.status != Status.HOLDS:
            continue
        owed = 0
        kind = ""
        for p in rule.patterns[1:]:
            if p.negated:
                continue
            for f in by_type.get(p.type, ()):
                if str(f.get("src", "")) not in KIND_CLASSES:
                    continue
                fixed = [t for t in p.tests if not isinstance(t.value, Ref)]
                if not all(_OPS[t.op](f[t.field], t.value) for t in fixed if t.op == "==" and
                           isinstance(t.value, str)):
                    continue  # another group's count
                for t in fixed:
                    if _short_count(f, t, t.value) and isinstance(t.value, int):
                        missing = _missing(t.op, t.value, f[t.field])
                        if missing > owed:
                            owed, kind = missing, str(f["src"])
        if not owed:
            return ()
        needs.append((kind, owed))
    return tuple(needs)


def _owed(option: Sequence[Change], needs: Sequence[tuple[str, int]]) -> bool:
    """Whether ``option`` adds or changes at least as many records of a kind as one of
    ``needs`` says are missing (each record changed raises a count of holders by one at
    most), so that a union that cannot make a count up is not tried."""
    return not needs or any(
        sum(c.kind == kind and c.action == "add" for c in option)
        + len({c.path for c in option if c.kind == kind and c.action == "set"}) >= n
        for kind, n in needs)


def _short_count(fact: Mapping[str, Any], t: Test, wanted: Any) -> bool:
    """Whether test ``t`` compares a count the scope derives from a whole list of records
    (the fact's ``src`` is a kind, not one record) with a number the count falls short of."""
    count = fact.get(t.field)
    return (str(fact.get("src", "")) in KIND_CLASSES and t.op in ("==", ">=", ">")
            and isinstance(wanted, int) and not isinstance(wanted, bool)
            and isinstance(count, int) and not isinstance(count, bool)
            and _missing(t.op, wanted, count) > 0)


def _missing(op: str, wanted: int, count: int) -> int:
    """How many records a count test ``count op wanted`` lacks."""
    need = wanted + 1 if op == ">" else wanted
    return max(0, need - count)


def _holding(decision: Any) -> set[str]:
    """The conditions that hold in ``decision`` (none for a failed trial)."""
    if decision is None:
        return set()
    return {r.condition for r in decision.reasons if r.status == Status.HOLDS}


def _fixed_fields(question: Question) -> set[str]:
    """Fields of the ``evaluate`` fact no change of the records can move: the readings
    (``i_*``, kept by the search), the question's own arguments and the fields its declaration
    says are read from them (``"day": "arguments.date"``)."""
    return {f for f in question.evaluate.fields if f.startswith("i_")} | {
        a.name for a in question.arguments} | {
        f for f, source in question.reads if source.startswith("arguments.")}


def _fixed_test(t: Test, fixed: set[str], ev: Mapping[str, Any]) -> str | None:
    """``t`` as text if it tests only fixed values of the ``evaluate`` fact and fails."""
    if t.binding != "e" or t.field not in fixed or t.field not in ev:
        return None
    if isinstance(t.value, Ref):
        other = t.value.field
        if t.value.binding != "e" or other not in fixed or other not in ev or _OPS[t.op](
                ev[t.field], ev[other]):
            return None
        return f"{t.field} {t.op} {other}"
    return None if _OPS[t.op](ev[t.field], t.value) else f"{t.field} {t.op} {t.value!r}"


def _blocked(question: Question, conditions: Sequence[str], ev: Mapping[str, Any]
             ) -> tuple[Text, ...]:
    """A proof that no change of the records makes the answer ``yes``: a condition every rule
    concluding ``holds`` of which tests the arguments or the readings against values they do
    not have (or which no rule can make hold at all). Empty when there is no such proof."""
    fixed = _fixed_fields(question)
    labels = {c.name: c.label for c in question.conditions}
    out: list[Text] = []
    for condition in conditions:
        rules = [r for r in question.rules if r.condition == condition and r.status == Status.HOLDS]
        stops: list[str] = []
        for r in rules:
            stop = next((found for p in r.patterns[:1] for t in p.tests
                         if (found := _fixed_test(t, fixed, ev)) is not None), None)
            if stop is None:
                break
            stops.append(stop)
        else:
            label = labels.get(condition, Text(condition, condition))
            why = "; ".join(sorted(set(stops)))
            out.append(Text(
                f"Điều kiện «{label.vi}» chỉ có thể đáp ứng khi tham số của câu hỏi hoặc cách hiểu "
                f"đã chọn khác đi ({why or 'không quy tắc nào'}): không thay đổi nào của dữ kiện "
                "hồ sơ làm kết luận thành CÓ",
                f"The condition «{label.en}» can hold only under other arguments of the question "
                f"or another reading ({why or 'no rule'}): no change of the recorded facts "
                "turns the answer to yes"))
    return tuple(out)


def _probe_candidates(
    condition: str, base: Any, ev: Mapping[str, Any], mapper: _Mapper, numbers: Sequence[int],
    fixed: Sequence[tuple[Change, ...]],
) -> Iterator[tuple[Change, ...]]:
    """Single-field changes of the records the condition's reasons cite, then of the record
    the question is about; tried only while the rules' own requirements fixed nothing."""
    if fixed:
        return
    paths: list[str] = []
    reasons = getattr(base, "reasons", ())
    # The condition's own records first, then the record the question is about, then the
    # other records the answer cites (the meeting a nested answer was asked about).
    for r in reasons:
        if r.condition == condition and r.status != Status.HOLDS:
            paths += [f for f in r.facts if f not in paths]
    paths += [p for p in str(ev.get("src", "")).split(",") if p and p not in paths]
    for r in reasons:
        paths += [f for f in r.facts if f not in paths]
    for change in mapper.probes(paths, numbers):
        if fixed:  # filled in by the caller as candidates are tried
            return
        yield (change,)


def _signature(decision: Any, condition: str) -> tuple[Any, ...]:
    """How ``decision`` concludes ``condition``: the rules, statuses and records cited."""
    return tuple(sorted((r.rule, r.status.value, r.facts) for r in getattr(decision, "reasons", ())
                        if r.condition == condition))


def _chains(
    condition: str, base: Any, ev: Mapping[str, Any], mapper: _Mapper,
    tried: Sequence[tuple[tuple[Change, ...], Any]],
    filled: Sequence[tuple[Change, ...]] = (),
) -> Iterator[tuple[Change, ...]]:
    """Pairs of changes for a condition no single change made hold, at most
    :data:`MAX_CHAIN`: first a record added with a reference of the records the answer cites
    pointed at it (a new estimate and the expenditure's estimate), then each change that moved
    the condition (another rule concludes it, other records cited) with each other change
    tried; a change set that already made something else fail is still a step."""
    paths: list[str] = []
    for r in getattr(base, "reasons", ()):
        if r.condition == condition:
            paths += [f for f in r.facts if f not in paths]
    paths += [p for p in str(ev.get("src", "")).split(",") if p and p not in paths]
    for r in getattr(base, "reasons", ()):
        paths += [f for f in r.facts if f not in paths]
    before = _signature(base, condition)
    singles = [c for c, _ in tried if len(c) == 1]
    moved = [c for c, result in tried if result is not None
             and _signature(result, condition) != before]
    seen: set[frozenset[str]] = set()
    count = 0

    def fresh(changes: tuple[Change, ...]) -> tuple[Change, ...] | None:
        merged = {c.key: c for c in changes}
        spots = [(c.path, c.field) for c in merged.values() if c.action == "set"]
        if len(spots) != len(set(spots)) or len(merged) > _max_changes():
            return None  # the same field set twice
        key = frozenset(merged)
        if key in seen or len(merged) < 2:
            return None
        seen.add(key)
        return tuple(sorted(merged.values(), key=_order))

    for candidate in filled[:MAX_IDS]:  # new records with their required values filled in
        count += 1
        yield candidate
    for candidate, _result in [*tried, *((c, None) for c in filled[:MAX_IDS])]:
        copy = mapper.copy(candidate)
        if copy is not None:  # the changed record as a new one, pointed at instead
            for link in mapper.links(copy, paths):
                pair = fresh((copy, link))
                if pair is not None:
                    count += 1
                    yield pair
                    if count >= MAX_CHAIN:
                        return
        for added in (c for c in candidate if c.action == "add"):
            for link in mapper.links(added, paths):
                pair = fresh((*candidate, link))
                if pair is not None:
                    count += 1
                    yield pair
                    if count >= MAX_CHAIN:
                        return
    for first in moved:
        for other in singles:
            pair = fresh((*first, *other))
            if pair is not None and not (candidate_key(other) <= candidate_key(first)):
                count += 1
                yield pair
                if count >= MAX_CHAIN:
                    return


def _combinations(
    conditions: Sequence[str],
    fixes: Mapping[str, Sequence[tuple[Change, ...]]],
    cover: Mapping[frozenset[str], frozenset[str]],
) -> list[tuple[Change, ...]]:
    """Unions of one fix per open condition (a fix that also made a later condition hold
    covers it), smallest first, each at most :data:`MAX_CHANGES` changes."""
    out: dict[frozenset[str], tuple[Change, ...]] = {}

    def walk(chosen: dict[str, Change], covered: frozenset[str]) -> None:
        if len(out) >= MAX_COMBINATIONS or len(chosen) > _max_changes():
            return
        rest = [c for c in conditions if c not in covered and fixes[c]]
        if not rest:
            merged = tuple(sorted(chosen.values(), key=_order))
            out.setdefault(frozenset(chosen), merged)
            return
        for fix in fixes[rest[0]][:MAX_PER_CONDITION]:
            walk({**chosen, **{c.key: c for c in fix}},
                 covered | {rest[0]} | cover.get(candidate_key(fix), frozenset()))

    walk({}, frozenset())
    return sorted(out.values(), key=_rank)


def _narrower(small: tuple[Change, ...], big: tuple[Change, ...]) -> bool:
    """``small`` is ``big`` with fewer fields in the records it adds (the report without the
    optional "requested by"): the smaller change, so ``big`` is not listed."""
    if small is big or len(small) != len(big):
        return False
    order = sorted(small, key=lambda c: (c.action, c.kind, c.path)), sorted(
        big, key=lambda c: (c.action, c.kind, c.path))
    strict = False
    for a, b in zip(*order, strict=True):
        if a.key == b.key:
            continue
        if a.action != "add" or b.action != "add" or a.kind != b.kind:
            return False
        if not (a.new.items() <= b.new.items()):
            return False
        strict = True
    return strict


def candidate_key(changes: Sequence[Change]) -> frozenset[str]:
    return frozenset(c.key for c in changes)


def _order(change: Change) -> str:
    return change.key


def _rank(changes: tuple[Change, ...]) -> tuple[int, list[str]]:
    return len(changes), [c.key for c in changes]


def _is_yes(decision: Any) -> bool:
    return decision is not None and getattr(decision.outcome, "value", None) == "yes"


def _minimise(
    changes: tuple[Change, ...], trial: Callable[[tuple[Change, ...]], Any]
) -> tuple[Change, ...]:
    """The smallest subset of ``changes`` that still gives yes (all subsets, smallest first)."""
    for size in range(1, len(changes)):
        for subset in itertools.combinations(changes, size):
            if _is_yes(trial(subset)):
                return subset
    return changes


def _candidates(
    question: Question,
    condition: str,
    by_type: Mapping[str, Sequence[Mapping[str, Any]]],
    ev: Mapping[str, Any],
    mapper: _Mapper,
) -> list[tuple[Change, ...]]:
    """Change sets that could make ``condition`` hold, smallest first, each once."""
    seen: dict[frozenset[str], tuple[Change, ...]] = {}
    read = frozenset(f for f, (_, _, recorded) in mapper.reads.items() if not recorded)
    for rule in question.rules:
        if rule.condition != condition or rule.status != Status.HOLDS:
            continue
        for edits in _requirements(rule, by_type, ev, read):
            for changes in _expand(edits, by_type, mapper):
                if 0 < len(changes) <= _max_changes():
                    seen.setdefault(frozenset(c.key for c in changes), changes)
    return sorted(seen.values(), key=len)  # same size: in the order generated (likeliest first)


def _moved_by_others(edit: _Edit, edits: Sequence[Any], mapper: _Mapper) -> bool:
    """Whether ``edit`` asks a value of the ``evaluate`` fact the question computes
    (``proposed_first``, from ``proposed_on`` and ``convened_on``) whose declared inputs another
    edit of the same set changes (``convened_known`` ← ``meetings.convened_on:recorded``): no
    field carries the computed value, but the changed inputs recompute it."""
    if not isinstance(edit, _Set) or edit.field not in mapper.inputs or edit.fact.get("t"):
        return False
    inputs = set(mapper.inputs[edit.field])
    return any(other is not edit and mapper.fields_behind(other) & inputs for other in edits)


def _expand(edits: Sequence[Any], by_type: Mapping[str, Sequence[Mapping[str, Any]]],
            mapper: _Mapper) -> list[tuple[Change, ...]]:
    options: list[list[Change]] = []
    for edit in edits:
        if isinstance(edit, _New):
            found = mapper.add_options(edit, by_type)
        else:
            found = mapper._one(edit, by_type)
        if not found and _moved_by_others(edit, edits, mapper):
            continue  # a computed value the other changes recompute: the trial says if it holds
        if not found:
            return []
        options.append(found)
    # A field required recorded (any of several values) that another edit of the set requires
    # at one value (``has_ceiling == True`` and ``ceiling >= 261``, both the estimate's
    # ``dic_ceiling``): that value records it, so the alternatives are left out rather than
    # set twice in one change set.
    fixed = {(o[0].path, o[0].field) for o in options if len(o) == 1 and o[0].action == "set"}
    options = [o for o in options if len(o) == 1 or not (
        len({(c.path, c.field) for c in o}) == 1 and o[0].action == "set"
        and (o[0].path, o[0].field) in fixed)]
    out = []
    for combo in itertools.product(*options):
        unique = {c.key: c for c in combo}
        out.append(tuple(sorted(unique.values(), key=_order)))
        if len(out) >= MAX_IDS * 2:
            break
    return out
