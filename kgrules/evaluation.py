"""What an evaluator receives and returns, shared by both evaluators and importing neither.

A question's facts, keyed and checked against their declared types (:func:`keyed_facts`); the
rules that fired, with their bound facts (:class:`Conclusion`); and the :class:`Engine`
protocol the durable_rules adapter (:mod:`kgrules.engine`) and the plain-Python oracle
(:mod:`kgrules.oracle`) both implement. No engine is imported here, so the oracle runs where
durable_rules does not build.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from itertools import compress
from typing import Any, Protocol

import attrs

from kgrules.dsl import (
    EVALUATE,
    IMPLICIT_FIELDS,
    MAX_STRING_BYTES,
    FactType,
    Later,
    Question,
    Ref,
)
from kgrules.errors import EngineError
from kgrules.scope import MAX_KNOWN, SharedFact


class Engine(Protocol):
    """An evaluator of declared questions: the rules that fire on a question's facts."""

    name: str

    def evaluate(
        self, question: Question, facts: Any, evaluate: Mapping[str, Any]
    ) -> list[Conclusion]: ...


@attrs.frozen
class Conclusion:
    """A rule that fired, with the facts bound to its positive patterns."""

    rule: str
    bindings: Mapping[str, Mapping[str, Any]]

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return self.rule, tuple(sorted(f"{b}={f['k']}" for b, f in self.bindings.items()))


_NEW = object.__new__
_SET_RULE = Conclusion.__dict__["rule"].__set__  # the slots' own setters, in C
_SET_BINDINGS = Conclusion.__dict__["bindings"].__set__


def make_conclusion(rule: str, bindings: Mapping[str, Mapping[str, Any]]) -> Conclusion:
    """``Conclusion(rule, bindings)``, made without the generated ``__init__`` (a frozen
    class's: a setter looked up, then two Python-level calls): its two slots set straight,
    which is all that ``__init__`` does (no default, validator, converter or post-init; a test
    keeps it so). The durable adapter makes about eight of these a request, and the attrs
    path cost about a fifth of building them."""
    made: Conclusion = _NEW(Conclusion)
    _SET_RULE(made, rule)
    _SET_BINDINGS(made, bindings)
    return made


_TYPES: dict[int, tuple[Question, dict[str, FactType]]] = {}


def _fact_types(question: Question) -> dict[str, FactType]:
    """``question.fact_types``, built once per question object (a changed declaration is a new
    object, so never stale)."""
    known = _TYPES.get(id(question))
    if known is not None and known[0] is question:
        return known[1]
    types = question.fact_types
    _TYPES[id(question)] = (question, types)
    return types


_TESTED: dict[int, tuple[Question, dict[str, frozenset[str]]]] = {}


def _tested(question: Question) -> dict[str, frozenset[str]]:
    """For each fact type, the fields some rule of the question tests or compares with."""
    known = _TESTED.get(id(question))
    if known is not None and known[0] is question:
        return known[1]
    out: dict[str, set[str]] = {}
    for rule in question.rules:
        types = {p.binding: p.type for p in rule.patterns}
        for p in rule.patterns:
            for t in p.tests:
                out.setdefault(p.type, set()).add(t.field)
                if isinstance(t.value, Ref):
                    out.setdefault(types[t.value.binding], set()).add(t.value.field)
    tested = {kind: frozenset(fields) for kind, fields in out.items()}
    _TESTED[id(question)] = (question, tested)
    return tested


#: A string this many characters long or shorter is within the engine's limit whatever it holds
#: (at most 4 bytes a character in UTF-8): longer ones get the exact check.
_SHORT = MAX_STRING_BYTES // 4
#: For each fact type and order of keys a scope wrote a fact in: the value types expected, in
#: that order, and which of them are strings; None for an order with keys the type does not have.
_SHAPES: dict[tuple[int, tuple[str, ...]], tuple[FactType, tuple[type, ...],
                                                   tuple[bool, ...]] | None] = {}


def _well_formed(kind: FactType, keyed: Mapping[str, Any]) -> bool:
    """The fast path of :meth:`FactType.check`: the same verdict for the facts it accepts, with
    one comparison of the value types in the order the scope wrote the keys (a scope writes
    every fact of a type the same way). False sends the fact to the full check. The strings'
    lengths summed in C first: when the sum is within the limit, so is each."""
    keys = tuple(keyed)
    shape = _SHAPES.get((id(kind), keys))
    if shape is None or shape[0] is not kind:
        spec = {**kind.fields, **IMPLICIT_FIELDS}
        if set(keys) != set(spec):
            return False
        types = tuple(spec[k] for k in keys)
        shape = (kind, types, tuple(t is str for t in types))
        _SHAPES[(id(kind), keys)] = shape
    values = tuple(keyed.values())
    if tuple(map(type, values)) != shape[1]:
        return False
    return _strings_short(values, shape[2])


def _strings_short(values: tuple[Any, ...], strings: tuple[bool, ...]) -> bool:
    """Whether every string among ``values`` (where ``strings`` is true) is within the
    engine's bound: their lengths summed in C first; when the sum is within it, so is each."""
    return (sum(map(len, compress(values, strings))) <= _SHORT
            or all(len(v) <= _SHORT for v in compress(values, strings)))


#: For a question, a fact type, an order of keys and the value types a scope wrote: whether
#: that is well formed with :class:`Later` texts in fields no rule of the question tests, and
#: which values are strings; at most _MAX_LATER_SHAPES kept.
_LATER_SHAPES: dict[tuple[int, int, tuple[str, ...], tuple[type, ...]],
                    tuple[Question, FactType, bool, tuple[bool, ...]]] = {}
_MAX_LATER_SHAPES = 4096


def _well_formed_later(question: Question, kind: FactType, keyed: Mapping[str, Any]) -> bool:
    """:func:`_well_formed` for a fact carrying :class:`Later` texts (the power facts quote
    ``may_act``'s reasons as prose rendered when read): the same verdict as the full check,
    which lets a Later stand for a ``str`` that no rule tests; False (the full path) if a rule
    tests one, which keyed_facts turns into its text first."""
    keys = tuple(keyed)
    values = tuple(keyed.values())
    types = tuple(map(type, values))
    at = (id(question), id(kind), keys, types)
    shape = _LATER_SHAPES.get(at)
    if shape is None or shape[0] is not question or shape[1] is not kind:
        spec = {**kind.fields, **IMPLICIT_FIELDS}
        tested = _tested(question).get(kind.name, frozenset())
        ok = set(keys) == set(spec) and all(
            t is spec[k] or (t is Later and spec[k] is str and k not in tested)
            for k, t in zip(keys, types, strict=True))
        shape = (question, kind, ok, tuple(t is str for t in types))
        if len(_LATER_SHAPES) < _MAX_LATER_SHAPES:
            _LATER_SHAPES[at] = shape
    if not shape[2]:
        return False
    return _strings_short(values, shape[3])


#: The keys of a question's first facts, made once: every ask keys its facts ``f0``, ``f1``, …
#: and a keyed fact lives as long as its decision (an audit keeps 100,000 of them), so each key
#: is one shared string, not a new one per fact.
_KEYS = tuple(f"f{n}" for n in range(256))


#: Facts of only these value types may be remembered as checked (:func:`keyed_facts`): their
#: equality is exact once the types are compared too (``True == 1``), and hashing them computes
#: nothing (a :class:`Later` text would be rendered to be hashed: one is remembered only as
#: its class, in a field no rule tests, :data:`_LATER_PLAIN`).
_PLAIN = frozenset({str, int, bool})
#: The same, with :class:`Later` texts in fields no rule tests (:func:`keyed_facts`).
_LATER_PLAIN = _PLAIN | {Later}
#: At most this many facts remembered as checked per question (then forgotten, all at once).
MAX_KNOWN_FACTS = 256
#: Only the facts of requests with at most this many are looked up or remembered: a request
#: with many records under one key rarely repeats them (an audit's have at most 26), and
#: looking up a fact never seen costs about 1 µs more than checking it.
MAX_KNOWN_REQUEST = 32
#: Per question object: each fact already checked, by its keys and values, with their types and what
#: the engine made of it (its text for each set of fields read, :mod:`kgrules.engine`).
_KNOWN: dict[int, tuple[Question, dict[tuple[tuple[str, ...], tuple[Any, ...]],
                                       tuple[tuple[type, ...], dict[frozenset[str], str]]]]] = {}


def _known_facts(question: Question) -> dict[tuple[tuple[str, ...], tuple[Any, ...]],
                                                tuple[tuple[type, ...], dict[frozenset[str], str]]]:
    known = _KNOWN.get(id(question))
    if known is None or known[0] is not question:
        known = _KNOWN[id(question)] = (question, {})
    return known[1]


def keyed_facts(
    question: Question, facts: Sequence[Mapping[str, Any]], evaluate: Mapping[str, Any],
    found: list[dict[frozenset[str], str] | None] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Give every fact a unique key and check it against its declared type
    (:func:`keyed_request`, without the evaluate fact's layout)."""
    out, ev, _, _ = keyed_request(question, facts, evaluate, found)
    return out, ev


class EvaluateLayout:
    """What one order of keys and value types of a question's evaluate fact gives, worked out
    once (:func:`evaluate_layout`): a scope writes every evaluate fact of a question the same
    way, so the check, the engine's pruning and its text need only the values of each ask.

    ``ok``: whether those keys and types are the declared ones (then only the strings' lengths
    are left to check, ``strings`` marking them); ``texts``: the engine's own layouts of the
    text, by the set of fields read (:func:`kgrules.engine._laid_text`), at most
    :data:`MAX_LAYOUT_TEXTS`, filled by the adapter."""

    __slots__ = ("keys", "ok", "question", "strings", "strings_of", "texts", "types")

    def __init__(self, question: Question, keys: tuple[str, ...],
                 types: tuple[type, ...]) -> None:
        spec = {**question.evaluate.fields, **IMPLICIT_FIELDS}
        self.question = question
        self.keys = keys
        self.types = types
        self.ok = set(keys) == set(spec) and types == tuple(spec[k] for k in keys)
        self.strings = tuple(t is str for t in types)
        at = [n for n, t in enumerate(types) if t is str]
        #: The string values, as a tuple, from the values in order (joined, their lengths
        #: summed in one C call: a third of ``sum(map(len, ...))``'s time for a dozen).
        self.strings_of: Callable[[tuple[Any, ...]], tuple[str, ...]] = (
            operator.itemgetter(*at) if len(at) > 1  # a tuple only for two or more
            else operator.itemgetter(slice(at[0], at[0] + 1) if at else slice(0, 0)))
        self.texts: dict[int, Any] = {}


#: At most this many evaluate-fact layouts kept (:func:`evaluate_layout`), then all forgotten.
MAX_EVALUATE_LAYOUTS = 1024
#: At most this many engine texts kept on one layout (:attr:`EvaluateLayout.texts`).
MAX_LAYOUT_TEXTS = 64
#: The evaluate fact's layouts by question (its id), order of keys and value types.
_EVALUATE_LAYOUTS: dict[tuple[int, tuple[str, ...], tuple[type, ...]], EvaluateLayout] = {}
#: Each question's layout found last, by the question's id (at most MAX_EVALUATE_LAYOUTS):
#: compared with a request's keys and types (their items are mostly the very same objects)
#: before they are hashed to look one up.
_LAST_LAYOUT: dict[int, EvaluateLayout] = {}


def evaluate_layout(question: Question, keys: tuple[str, ...],
                    types: tuple[type, ...]) -> EvaluateLayout:
    """The layout of ``question``'s evaluate fact with these keys, in this order, holding
    values of these types: made once, then looked up (a question object is never changed, and
    a reused id is told apart by the question kept on the layout)."""
    layout = _LAST_LAYOUT.get(id(question))
    if (layout is not None and layout.question is question and layout.keys == keys
            and layout.types == types):
        return layout
    at = (id(question), keys, types)
    layout = _EVALUATE_LAYOUTS.get(at)
    if layout is None or layout.question is not question:
        layout = EvaluateLayout(question, keys, types)
        if len(_EVALUATE_LAYOUTS) >= MAX_EVALUATE_LAYOUTS:
            _EVALUATE_LAYOUTS.clear()
        _EVALUATE_LAYOUTS[at] = layout
    if len(_LAST_LAYOUT) >= MAX_EVALUATE_LAYOUTS:
        _LAST_LAYOUT.clear()
    _LAST_LAYOUT[id(question)] = layout
    return layout


def keyed_request(
    question: Question, facts: Sequence[Mapping[str, Any]], evaluate: Mapping[str, Any],
    found: list[dict[frozenset[str], str] | None] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any], EvaluateLayout, tuple[Any, ...]]:
    """Give every fact a unique key and check it against its declared type; the evaluate
    fact keyed and checked, with its layout and its values in order (what the durable
    adapter writes its text from, :func:`evaluate_layout`: its keys and value types are
    read once an ask, for the check, the pruning and the text).

    With ``found`` (the durable adapter's calls), a fact equal to one this question already
    checked (the same items, of the same types: the same verdict, a pure function of them) is
    not checked again, and ``found`` gets, for each fact in order, what the engine made of its
    equal ones (None for a fact of other value types): a scope copies the same case facts out
    on every ask (an estimate, its agency, a content), so an audit's requests repeat them."""
    types = _fact_types(question)
    out: list[dict[str, Any]] = []
    if found is not None and len(facts) > MAX_KNOWN_REQUEST:
        found.extend([None] * len(facts))
        found = None
    known = _known_facts(question) if found is not None else {}
    for n, fact in enumerate(facts):
        keyed = {**fact, "k": _KEYS[n] if n < len(_KEYS) else f"f{n}"}
        seen: tuple[tuple[type, ...], dict[frozenset[str], str]] | None = None
        later = False  # whether the fact is remembered with its Later texts left out
        own = fact if type(fact) is SharedFact and found is not None else None
        if own is not None and found is not None:
            # A shared fact (never changed, the same object on every ask) keeps its own
            # verdict and texts: found by the question, no key built, nothing hashed.
            mine = own.known.get(id(question))
            if mine is not None and mine[0] is question:
                out.append(keyed)
                found.append(mine[1])
                continue
            seen = ((), {})
            later = True  # kept only if the fast checks pass (no Later text made text)
        elif found is not None:
            values = tuple(fact.values())
            value_types = tuple(map(type, values))
            plain = _PLAIN.issuperset(value_types)
            if not plain and _LATER_PLAIN.issuperset(value_types) and type(fact.get("t")) is str:
                # A power fact: each Later text stands in the key as the class Later (never
                # rendered, never hashed). Exact where it is remembered (below): only when no
                # rule tests a field holding one, so neither the verdict nor the engine's text
                # (the fields the rules read) depends on its text.
                later = plain = True
                values = tuple([Later if t is Later else v
                                for v, t in zip(values, value_types, strict=True)])
            if plain:
                items = (tuple(fact), values)
                seen = known.get(items)
                if seen is not None and seen[0] == value_types:
                    out.append(keyed)
                    found.append(seen[1])
                    continue
                seen = (value_types, {})
        kind = keyed.get("t")
        if kind not in types or kind == EVALUATE:
            raise EngineError(f"{question.id}: fact of undeclared type {kind!r}")
        declared = types[kind]
        if not _well_formed(declared, keyed) and not _well_formed_later(question, declared,
                                                                        keyed):
            if later:  # a rule may test a Later text: checked every time, never remembered
                seen = None
            for name in _tested(question).get(kind, ()):
                if type(keyed.get(name)) is Later:  # a rule tests it: its text, now
                    keyed[name] = str(keyed[name])
            try:
                declared.check(keyed)
            except TypeError as exc:
                raise EngineError(f"{question.id}: {exc}") from exc
        if own is not None and found is not None:
            if seen is not None:  # checked by the fast path, unchanged: kept on the fact
                if len(own.known) >= MAX_KNOWN:
                    own.known.clear()
                own.known[id(question)] = (question, seen[1])
            found.append(None if seen is None else seen[1])
        elif found is not None:
            if seen is not None:  # checked, of plain values only: kept unchanged
                if len(known) >= MAX_KNOWN_FACTS:
                    known.clear()
                known[items] = seen
            found.append(None if seen is None else seen[1])
        out.append(keyed)
    ev = {**evaluate, "t": EVALUATE, "k": "e", "src": evaluate.get("src", "question")}
    values = tuple(ev.values())
    layout = evaluate_layout(question, tuple(ev), tuple(map(type, values)))
    # _well_formed's verdict: the declared keys and types, and every string within the bound.
    if not (layout.ok and (len("".join(layout.strings_of(values))) <= _SHORT
                           or _strings_short(values, layout.strings))):
        try:
            question.evaluate.check(ev)
        except TypeError as exc:
            raise EngineError(f"{question.id}: {exc}") from exc
    return out, ev, layout, values


def evaluate_each(
    runner: Engine, question: Question,
    requests: Sequence[tuple[Sequence[Mapping[str, Any]], Mapping[str, Any]]],
) -> list[list[Conclusion] | Exception]:
    """``runner.evaluate`` of each (facts, evaluate fact), or the exception it raised, in its
    place: by the engine's ``evaluate_many`` where it has one (durable_rules evaluates
    requests alike in one state), else one at a time."""
    many = getattr(runner, "evaluate_many", None)
    if many is not None:
        found: list[list[Conclusion] | Exception] = many(question, requests)
        return found
    return one_by_one(runner, question, requests)


def one_by_one(
    runner: Engine, question: Question,
    requests: Sequence[tuple[Sequence[Mapping[str, Any]], Mapping[str, Any]]],
) -> list[list[Conclusion] | Exception]:
    """``runner.evaluate`` of each request, or the exception it raised, in its place: the
    batched form's meaning, for an engine with nothing faster."""
    out: list[list[Conclusion] | Exception] = []
    for facts, evaluate in requests:
        try:
            out.append(runner.evaluate(question, facts, evaluate))
        except Exception as exc:
            out.append(exc)
    return out
