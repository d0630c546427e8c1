"""Scope before you match: the facts one question needs, and what Python derives for them.

A question's scope function selects, from the case's indexes, only the records the question can
depend on, and hands the engine what it cannot compute (calendar deadlines, running totals) as
plain values, each through a declared derivation (:meth:`Scope.derive`, or ``FactType.derive``
for a field of a flat fact); every other value is an argument, a reading or a declared read of
the case (``QuestionBuilder(reads=...)``). The cost of a question so stays flat however large the
case grows.

Conventions for flat facts: dates are ordinals (``date.toordinal()``); a missing reference is
``""``; a missing date is ``0`` with a companion ``has_<field>`` boolean; a derivation the scope
did not need (no window before the regulation took effect) keeps its field's zero.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar

import attrs

from kgrules.errors import RuleError
from kgrules.i18n import Text
from kgrules.interpretations import Settings

if TYPE_CHECKING:
    from kgrules.calendar import WorkingCalendar
    from kgrules.case import Case
    from kgrules.decision import Decision
    from kgrules.dsl import Derivation

NO_DAY = 0

K = TypeVar("K")
V = TypeVar("V")


@attrs.frozen
class Scope:
    case: Case
    args: Mapping[str, Any]
    settings: Settings
    calendar: WorkingCalendar
    switches: tuple[str, ...] = ()
    #: The evaluator answering this question, which also answers the questions it depends on.
    engine: Any = None
    #: The questions this one declares it depends on (``Question.depends_on``).
    depends_on: tuple[str, ...] = ()
    #: How a question of the registry is answered: given by ``kgrules.catalogue.ask``, so that a
    #: rule module never imports (and never calls) the front door itself.
    answer: Callable[..., Decision] | None = attrs.field(default=None, eq=False, repr=False)
    #: The question's declared derivations, by the field they fill (``Question.derivations``).
    derivations: Mapping[str, Derivation] = attrs.field(factory=dict, eq=False, repr=False)
    #: What :meth:`derive` computed, by field: checked against the scope's result.
    derived: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
    #: The dependencies' answers already given to this scope, by question and arguments: a
    #: question reading a thousand consents by one person over 25 days asks ``may_act`` 25
    #: times, not a thousand (the case, readings, calendar and evaluator are the scope's own).
    asked: dict[tuple[str, tuple[tuple[str, str], ...]], Decision] = attrs.field(
        factory=dict, eq=False, repr=False)
    #: Where values made from the declared dependencies' answers (``power`` facts) are kept
    #: with the loaded case across asks, under this scope's readings, calendar, evaluator and
    #: rules (:func:`kgrules.catalogue.ask` gives it where it keeps those answers anyway, and
    #: records no nested answers); None: made from the answer on every ask. Looking the
    #: answer up again (its key, two bounded maps) cost more than the rest of a power fact.
    kept: Callable[[], dict[Any, Any]] | None = attrs.field(default=None, eq=False, repr=False)

    def interpretation_fields(self) -> dict[str, str]:
        return {f"i_{s}": self.settings.reading(s) for s in self.switches}

    def derive(self, name: str, **inputs: Any) -> Any:
        """The value of a declared derivation, computed from its declared inputs."""
        declared = self.derivations.get(name)
        if declared is None:
            raise RuleError(f"{name} is not a declared derivation of this question")
        try:
            # A Derivation's function takes exactly its declared inputs, each required and by
            # name (refused when declared otherwise): other names fail the call itself, before
            # it computes anything, so they are looked at only then (ten derivations an ask).
            value = declared.compute(**inputs)
        except TypeError:
            if inputs.keys() != declared.input_names:
                raise RuleError(f"derivation {name} takes {list(declared.inputs)}, given "
                                f"{sorted(inputs)}") from None
            raise
        self.derived[name] = value
        return value

    def dependency(self, question_id: str, **arguments: str) -> Decision:
        """The answer of a question this one declares it depends on, about the same case, under
        the same readings, calendar and evaluator."""
        if question_id not in self.depends_on:
            raise RuleError(f"{question_id} is not among the declared dependencies "
                                   f"{list(self.depends_on)}")
        if self.answer is None:
            raise RuleError(f"no way to answer {question_id}: the scope was built "
                                   "without kgrules.catalogue.ask")
        key = (question_id, tuple(sorted(arguments.items())))
        found = self.asked.get(key)
        if found is None:
            # A nested answer is a fact of this one: what would turn it to yes is this
            # question's own counterfactual search, not the dependency's.
            found = self.answer(question_id, self.case, interpretations=self.settings,
                                calendar=self.calendar, engine=self.engine,
                                counterfactuals=False, **arguments)
            self.asked[key] = found
        return found


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


class SharedFact(dict[str, Any]):
    """A flat fact made once (per loaded case, or per entry of a rule table) and handed to
    every ask as this very object, not a copy: read-only, so no ask, rule or caller can change
    what the next ask is given (a change raises ``TypeError``; copy it with ``dict(fact)``).

    Being one object, it also carries, per question, what checking and encoding it gave
    (:attr:`known`, filled by :func:`kgrules.evaluation.keyed_facts` and the durable adapter):
    an audit's expense asks give the same estimate, agency, power, content and limit facts
    ten thousand times, and each is checked, keyed and encoded once, not per ask. A plain
    ``dict`` subclass, so copying (``{**fact}``, ``dict(fact)``), JSON and equality stay C's."""

    __slots__ = ("known",)

    #: Per question (by ``id``, with the question itself to rule out a reused id): the texts
    #: the engine made of this fact, by the set of fields read; at most MAX_KNOWN entries.
    known: dict[int, tuple[Any, dict[frozenset[str], str]]]

    def __init__(self, fields: Mapping[str, Any]) -> None:
        super().__init__(fields)
        # Read-only only if its values are: a list or dict inside could change under every ask
        # that shares it (and the engine's texts kept on it), so one is refused when made.
        for name, value in self.items():
            if isinstance(value, _CHANGEABLE):
                raise RuleError(f"shared fact {self.get('t')!r}: field {name!r} holds a "
                                f"{type(value).__name__}, which can change; a shared fact's "
                                "values must be immutable")
        self.known = {}

    def _refused(self) -> NoReturn:
        raise TypeError("a shared fact is read-only (made once for every ask): copy it "
                        "with dict(fact) to change it")

    def __setitem__(self, key: str, value: Any) -> NoReturn:
        self._refused()

    def __delitem__(self, key: str) -> NoReturn:
        self._refused()

    def __ior__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        self._refused()

    def clear(self) -> NoReturn:
        self._refused()

    def pop(self, *args: Any) -> NoReturn:
        self._refused()

    def popitem(self) -> NoReturn:
        self._refused()

    def setdefault(self, *args: Any) -> NoReturn:
        self._refused()

    def update(self, *args: Any, **kwargs: Any) -> NoReturn:
        self._refused()

    def __reduce__(self) -> tuple[type[SharedFact], tuple[dict[str, Any]]]:
        # pickle and copy would otherwise rebuild it item by item, through __setitem__.
        return SharedFact, (dict(self),)


#: The built-in types whose values change in place, refused in a :class:`SharedFact`.
_CHANGEABLE = (list, dict, set, bytearray)

#: At most this many questions' texts kept on one shared fact (then forgotten at once).
MAX_KNOWN = 16


class PerCase(Generic[K, V]):
    """Values derived from one loaded case alone (the flat facts of a person's positions), by
    key, made once while that very Case object lives, at most ``limit`` per case: a scope asked
    again and again about one case does not rebuild them. Keyed by the case's identity through a
    weak reference (the entry goes with the case; the store itself never keeps a case alive); a
    value must be a pure function of the case and the key, and is shared, so callers copy what
    they hand on, or keep it read-only (:class:`SharedFact`, as the rule modules' flat facts).
    Thread-safe without a lock: two threads making one value at once make equal values."""

    __slots__ = ("_cases", "limit")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._cases: dict[int, tuple[weakref.ref[Case], dict[K, V]]] = {}

    def get(self, case: Case, key: K) -> V | None:
        kept = self._cases.get(id(case))
        if kept is None or kept[0]() is not case:
            return None
        return kept[1].get(key)

    def put(self, case: Case, key: K, value: V) -> None:
        kept = self._cases.get(id(case))
        if kept is None or kept[0]() is not case:
            kept = (weakref.ref(case, self._forget(id(case))), {})
            self._cases[id(case)] = kept
        if len(kept[1]) < self.limit:
            kept[1][key] = value

    def _forget(self, key: int) -> Callable[[weakref.ref[Case]], None]:
        cases = self._cases

        def gone(ref: weakref.ref[Case]) -> None:
            kept = cases.get(key)
            if kept is not None and kept[0] is ref:
                cases.pop(key, None)
        return gone
