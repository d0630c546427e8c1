"""``ask``: one question of the registry answered about a case, with its reasons.

The path of a question: its arguments checked against the case, its scope (the facts it needs
and the values derived for them), the evaluator (durable_rules by default, or the oracle), and
the decision read from the conclusions. Nothing is written here: the decision record is
appended by the caller (:mod:`kgrules.library`, the command line, the service).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, Final, TypeAlias

from kgrules.calendar import WorkingCalendar, default_calendar
from kgrules.case import Case
from kgrules.casecache import BoundedLRU
from kgrules.counterfactual import search as counterfactual_search
from kgrules.decision import Decision, Namer, Outcome, PendingWhatIf, WhatIf, decide, with_what_if
from kgrules.dsl import RECORD_ARGS, Question, Status, settled
from kgrules.engine import default_engine
from kgrules.errors import ArgumentError, KgrulesError, RuleError
from kgrules.evaluation import Conclusion, Engine, evaluate_each
from kgrules.exact import parse_count, parse_iso_date, parse_quarter, parse_year
from kgrules.facts import Act, ActionKind
from kgrules.gcpause import paused_gc
from kgrules.interpretations import SWITCHES, Settings
from kgrules.interpretations import settings as make_settings
from kgrules.naming import namer_for
from kgrules.oracle import OracleEngine
from kgrules.registry import (
    generation,
    listing,
    question,
    question_and_generation,
    questions,
    register,
    registered,
    rule_modules,
)
from kgrules.scope import Scope, ScopeResult

__all__ = ["Engine", "ask", "ask_each", "calendar_for", "clear_dependency_cache", "listing", "question",
           "questions", "register", "registered", "rule_modules", "shared_dependencies"]


#: The years a quarter or year argument may name (docs/limits.md).
ARGUMENT_YEARS: Final = (2000, 2100)


#: The values an enumerated argument may take, in their declared order.
_ALLOWED: Final = {"act": tuple(v.value for v in Act),
                   "action_kind": tuple(v.value for v in ActionKind)}


class _Prepared:
    """What an ask reads from a question's declarations alone, worked out once per question
    object (a question re-registered or reloaded is a new object, so this is never stale):
    its arguments as (argument, path, kind, kind of record or None), their names, and its
    derivations by field."""

    __slots__ = ("arguments", "derivations", "question", "takes")

    def __init__(self, q: Question) -> None:
        self.question = q
        self.takes = frozenset(a.name for a in q.arguments)
        self.arguments = tuple((a, f"arguments.{a.name}", a.kind, RECORD_ARGS.get(a.kind))
                               for a in q.arguments)
        self.derivations = {d.name: d for d in q.derivations}


_PREPARED: dict[int, _Prepared] = {}


def _prepared(q: Question) -> _Prepared:
    """:class:`_Prepared` of ``q``, by the object's id (checked to be the very object)."""
    known = _PREPARED.get(id(q))
    if known is None or known.question is not q:
        known = _PREPARED[id(q)] = _Prepared(q)
    return known


#: The quarter arguments found valid (``YYYY-Qn`` within ARGUMENT_YEARS: at most 404 texts),
#: so that each is parsed once.
_QUARTERS: set[str] = set()


def _check_arguments(q: Question, case: Case, arguments: Mapping[str, Any]) -> dict[str, str]:
    prepared = _prepared(q)
    takes = prepared.takes
    for name in arguments:
        if name not in takes:
            raise ArgumentError(
                f"arguments.{name}",
                f"{q.id} takes no argument {name!r} (it takes {', '.join(sorted(takes))})",
            )
    out: dict[str, str] = {}
    for arg, path, kind, records in prepared.arguments:
        value = arguments.get(arg.name)
        if value is None:
            raise ArgumentError(path, f"required ({arg.help.en})")
        if type(value) is not str:  # a date, a year, an enum member: its text
            value = _as_text(path, kind, value)
        if records is not None:
            if not case.has(records, value):
                what = kind.replace("_", " ")
                raise ArgumentError(path, f"no {what} {value!r} in the case")
        elif kind == "quarter":
            if value not in _QUARTERS:
                parse_quarter(path, value, ArgumentError, ARGUMENT_YEARS)
                _QUARTERS.add(value)
        elif kind == "year":
            parse_year(path, value, ArgumentError, ARGUMENT_YEARS)
        elif kind == "date":
            parse_iso_date(path, value, ArgumentError)
        elif kind in _ALLOWED:
            allowed = _ALLOWED[kind]
            if value not in allowed:
                raise ArgumentError(path, f"{value!r} is not one of {', '.join(allowed)}")
        out[arg.name] = value
    return out


def _as_text(path: str, kind: str, value: Any) -> str:
    """An argument given otherwise than as ``str``: a date (of a date argument) as ISO, a year
    as its digits, an enum member as its value; anything else is refused."""
    if isinstance(value, dt.date) and kind == "date":
        value = value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and kind == "year":
        value = str(value)
    if isinstance(value, enum.Enum):
        value = str(value.value)
    if not isinstance(value, str):
        raise ArgumentError(path, f"must be a string, not {type(value).__name__}")
    return value


def calendar_for(case: Case) -> WorkingCalendar:
    """The case's own official lists, if it carries any; otherwise the shared default."""
    if case.calendar_overrides:
        return case.working_calendar()
    return default_calendar()


def _answer(
    q: Question,
    case: Case,
    args: Mapping[str, str],
    chosen: Settings,
    cal: WorkingCalendar,
    runner: Engine,
    nested: list[tuple[str, dict[str, Any], Decision]] | None = None,
    namer: Namer | None = None,
    registry_generation: int | None = None,
) -> tuple[Decision, list[dict[str, Any]], dict[str, Any]]:
    """One evaluation: the decision, and the flat facts and evaluate fact it was made on;
    the answers of the questions it depends on are appended to ``nested`` if given; its
    reasons named by ``namer`` if given (``kgrules.naming.namer_for``); its dependencies kept
    under ``registry_generation`` if given (the one ``ask`` read with the question), else the
    registry's generation when each is asked. :func:`_scoped`, the engine, :func:`_decided`:
    :func:`ask_each` takes the same steps, with the engine's call batched."""
    result, evaluate = _scoped(q, case, args, chosen, cal, runner, nested, registry_generation)
    conclusions = runner.evaluate(q, result.facts, evaluate)
    return _decided(q, conclusions, args, chosen, cal, runner, result, namer), result.facts, \
        evaluate


def _scoped(
    q: Question,
    case: Case,
    args: Mapping[str, str],
    chosen: Settings,
    cal: WorkingCalendar,
    runner: Engine,
    nested: list[tuple[str, dict[str, Any], Decision]] | None = None,
    registry_generation: int | None = None,
    setup: _Setup | None = None,
) -> tuple[ScopeResult, dict[str, Any]]:
    """An evaluation's input (:func:`_answer`): the scope's result and the evaluate fact;
    ``setup``, if given, is :func:`_setup` of these same inputs (:func:`ask_each` makes it once
    for all its requests)."""
    if setup is None:
        setup = _setup(q, case, chosen, cal, runner, nested, registry_generation)
    answer, derivations, kept, readings = setup
    scope = Scope(case, args, chosen, cal, q.switches, runner, q.depends_on, answer,
                  derivations, kept=kept)
    result = q.scope(scope)
    given = result.evaluate
    for name, value in scope.derived.items():
        if given.get(name) != value:
            raise RuleError(f"{q.id}: evaluate field {name} is {given.get(name)!r}, "
                            f"not the value of its declared derivation ({value!r})")
    evaluate = {**given, **readings}
    if result.sources:
        evaluate["src"] = ",".join(result.sources)
    else:
        evaluate.setdefault("src", "question")
    return result, evaluate


#: What every scope of one question about one case is given alike under one set of readings,
#: calendar and evaluator (:func:`_setup`): the dependency answerer, the question's derivations
#: by field, ``Scope.kept`` (or None), and the readings as evaluate fields
#: (``Scope.interpretation_fields``). Worked out once for the up to 512 requests
#: :func:`ask_each` scopes together, not per request (about 1.5 µs an ask: two closures, the
#: readings' fields, the prepared declarations, and the store's key built on every
#: ``Scope.kept`` call); a plain tuple, so a single ask pays nothing more for it.
_Setup: TypeAlias = tuple[Callable[..., Decision], Mapping[str, Any],
                          Callable[[], dict[Any, Any]] | None, dict[str, str]]


def _setup(
    q: Question,
    case: Case,
    chosen: Settings,
    cal: WorkingCalendar,
    runner: Engine,
    nested: list[tuple[str, dict[str, Any], Decision]] | None = None,
    registry_generation: int | None = None,
) -> _Setup:
    """:data:`_Setup` of ``q`` about ``case`` (see :func:`_scoped` for the arguments)."""
    answer: Any = _dependency
    if registry_generation is not None and q.depends_on:
        answer = functools.partial(_dependency, _generation=registry_generation)
    if nested is not None:
        def answer(question_id: str, case: Case, *, interpretations: Settings,
                   calendar: WorkingCalendar, engine: Engine, counterfactuals: bool,
                   **arguments: str) -> Decision:
            given: dict[str, Any] = arguments
            found = _dependency(question_id, case, interpretations=interpretations,
                                calendar=calendar, engine=engine,
                                counterfactuals=counterfactuals, **given)
            nested.append((question_id, dict(arguments), found))
            return found
    kept = None
    if nested is None and registry_generation is not None and q.depends_on:
        memo = _SHARED.get()
        # The store is looked up on the first scope that needs it and kept for the rest of
        # the setup's scopes (the same case, readings, calendar and evaluator: the same store;
        # one emptied meanwhile by another thread is still a correct one, gone with the setup).
        found: list[dict[Any, Any]] = []
        if memo is not None:
            block = memo

            def kept() -> dict[Any, Any]:
                if not found:
                    found.append(_shared_store(block, case, chosen, cal, runner))
                return found[0]
        elif _PER_CASE.entries:
            def kept() -> dict[Any, Any]:
                if not found:
                    found.append(_derived_store(case, chosen, cal, runner, registry_generation))
                return found[0]
    readings = {f"i_{s}": chosen.reading(s) for s in q.switches}
    return answer, _prepared(q).derivations, kept, readings


def _decided(q: Question, conclusions: list[Conclusion], args: Mapping[str, str],
             chosen: Settings, cal: WorkingCalendar, runner: Engine, result: ScopeResult,
             namer: Namer | None, compact: bool = False) -> Decision:
    """The decision read from an evaluation's conclusions (:func:`_answer`); ``compact`` for
    decisions kept by the thousand (``decide``'s)."""
    return decide(
        q,
        conclusions,
        arguments=args,
        settings=chosen,
        warnings=result.warnings,
        calendar=cal.name if result.calendar_used else None,
        engine=runner.name,
        namer=namer,
        compact=compact,
    )


#: The dependency answers of the questions asked inside :func:`shared_dependencies` (per thread
#: and task: a context variable), with the case, calendar and engine they were asked about kept
#: alive so that the ids in the key stay theirs.
_SHARED: ContextVar[dict[tuple[Any, ...], tuple[Any, Case, Any, Any]] | None] = ContextVar(
    "kgrules_shared_dependencies", default=None)


@contextlib.contextmanager
def shared_dependencies() -> Iterator[None]:
    """Within the block, a declared dependency (``Scope.dependency``) is answered once per case,
    readings, calendar, engine and arguments, and its decision shared by every question that
    asks it: an audit asks ``authority.may_act`` about the same decider and day for hundreds of
    expenditures. The answers are the ones ``ask`` gives (the same inputs decide alike); what is
    saved is asking again. Used by :func:`kgrules.audit` and :func:`kgrules.ask_many`. A block
    inside another shares the outer one's answers (a batch's worker process keeps one block
    open for all its chunks)."""
    outer = _SHARED.get()
    token = _SHARED.set({} if outer is None else outer)
    try:
        yield
    finally:
        _SHARED.reset(token)


#: The environment variable bounding :data:`_PER_CASE`: the loaded cases whose dependency
#: answers are kept (0: none kept).
ENV_DEPENDENCY_CACHE: Final = "KGRULES_DEPENDENCY_CACHE"
#: Loaded cases whose dependency answers are kept by default (least recently asked out first).
DEFAULT_DEPENDENCY_CASES: Final = 4
#: Dependency answers kept per loaded case (least recently used out first).
DEPENDENCY_ENTRIES: Final = 1024


def _dependency_cases() -> int:
    """``KGRULES_DEPENDENCY_CACHE`` (ASCII digits, as every count: docs/limits.md), read when
    the module is first imported; a bad value is an ArgumentError naming it."""
    value = os.environ.get(ENV_DEPENDENCY_CACHE, "")
    if not value:
        return DEFAULT_DEPENDENCY_CASES
    return parse_count(ENV_DEPENDENCY_CACHE, value, ArgumentError)


#: A loaded case's dependency answers, kept across asks about that very Case object: asking
#: ``dieu10.substitute_allowed`` about one case again and again asks ``authority.may_act`` about
#: each (person, day) once. Per case (the very object: an id reused by another case misses), at
#: most DEPENDENCY_ENTRIES answers keyed like :func:`shared_dependencies` plus the registry's
#: generation (a question re-registered or reloaded, nested ones included, changes it); at most
#: ``KGRULES_DEPENDENCY_CACHE`` cases. The cases are held strongly: an answer's explanations are
#: rendered from its case when read, so it keeps the case alive anyway, and the bound on cases
#: is what bounds the memory. A Case is frozen, so its answers cannot go stale. Thread-safe
#: (locks held only to look up and store; two threads asking at once both compute, and equal
#: inputs decide alike). Each entry: the case, its answers, and the maps of what scopes made
#: from them (:func:`_derived_store`).
_KEPT_CASES: Final = _dependency_cases()
_PER_CASE: BoundedLRU[int, tuple[Case, BoundedLRU[tuple[Any, ...], tuple[Any, Any, Decision]],
                                  dict[tuple[Any, ...], tuple[Any, Any, dict[Any, Any]]]]] = (
    BoundedLRU(_KEPT_CASES, _KEPT_CASES, "cases"))
#: At most this many maps of :func:`_derived_store` per kept case (readings, calendars,
#: evaluators, generations asked about it; then forgotten at once): with at most 256 entries a
#: map (``rules.common``), what they keep stays within what the case's answers do.
DERIVED_CONTEXTS: Final = 4


def clear_dependency_cache() -> None:
    """Forget every loaded case's dependency answers (tests, and memory on demand)."""
    _PER_CASE.clear()


def _kept_answers(case: Case) -> BoundedLRU[tuple[Any, ...], tuple[Any, Any, Decision]]:
    """The store of ``case``'s dependency answers, made on first use."""
    return _kept_entry(case)[1]


def _kept_entry(case: Case) -> tuple[Case, BoundedLRU[tuple[Any, ...], tuple[Any, Any, Decision]],
                                     dict[tuple[Any, ...], tuple[Any, Any, dict[Any, Any]]]]:
    """``case``'s entry of :data:`_PER_CASE` (the case, its dependency answers, the maps of
    :func:`_derived_store`), made on first use."""
    found = _PER_CASE.get(id(case), lambda kept: kept[0] is case)
    if found is None:
        found = (case, BoundedLRU(DEPENDENCY_ENTRIES, DEPENDENCY_ENTRIES, "entries"), {})
        _PER_CASE.put(id(case), found, 1)
    return found


def _derived_store(case: Case, chosen: Settings, cal: WorkingCalendar, runner: Engine,
                   registry_generation: int) -> dict[Any, Any]:
    """Where a scope keeps what it made from its dependencies' answers (``Scope.kept``), for
    ``case`` under these readings, calendar, evaluator and rules: kept in the case's entry
    of :data:`_PER_CASE` beside its dependency answers, so it lives and goes with them
    (cleared by :func:`clear_dependency_cache`, a case out of the cache takes it along).
    Those answers are the same whenever asked again there (a Case is frozen; the rules are
    the generation's), so what is made from one is too. Thread-safe without a lock: two
    threads making one map at once each keep what they make in their own (equal values)."""
    contexts = _kept_entry(case)[2]
    key = (registry_generation, id(cal), id(runner), _readings_key(chosen))
    kept = contexts.get(key)
    if kept is None or kept[0] is not cal or kept[1] is not runner:
        if len(contexts) >= DERIVED_CONTEXTS:
            contexts.clear()
        kept = contexts[key] = (cal, runner, {})
    return kept[2]


#: The key under which a :func:`shared_dependencies` block keeps, for one case, readings,
#: calendar and evaluator, what scopes made from its answers (:func:`_shared_store`).
_MADE_FROM_SHARED: Final = "made from shared answers"


def _shared_store(memo: dict[tuple[Any, ...], tuple[Any, Case, Any, Any]], case: Case,
                  chosen: Settings, cal: WorkingCalendar, runner: Engine) -> dict[Any, Any]:
    """``Scope.kept`` inside :func:`shared_dependencies`: where a scope keeps what it made from
    the block's dependency answers (an audit's power facts, ``rules.common.power_fact``), for
    ``case`` under these readings, calendar and evaluator, in the block beside those answers
    and gone with it. Within a block an answer, once asked, is the same on every ask (its
    key there holds no registry generation), so what is made from it is too; the expense
    scope then no longer builds the dependency's key and looks its answer up on every ask."""
    key = (_MADE_FROM_SHARED, id(case), id(cal), id(runner), _readings_key(chosen))
    found = memo.get(key)
    if found is None or found[1] is not case or found[2] is not cal or found[3] is not runner:
        found = memo[key] = ({}, case, cal, runner)
    made: dict[Any, Any] = found[0]
    return made


def _readings_key(chosen: Settings) -> tuple[tuple[str, str], ...]:
    """The readings as a key: the switches read otherwise than by default, sorted (equal
    readings, one key, however they were written; cheaper than every switch's reading)."""
    if not chosen.chosen:  # the defaults, as most asks read (no sort, no generator)
        return ()
    return tuple(sorted((name, reading) for name, reading in chosen.chosen.items()
                        if reading != SWITCHES[name].default))


def _dependency_key(question_id: str, case: Case, interpretations: Settings,
                    calendar: WorkingCalendar, engine: Engine, counterfactuals: bool,
                    arguments: Mapping[str, Any]) -> tuple[Any, ...]:
    """A dependency answer's key in a :func:`shared_dependencies` block (and, after the
    registry's generation, in :data:`_PER_CASE`): :func:`_dependency` looks answers up by it
    and :func:`ask_each` files its own answers under it (:func:`_filed_as_dependency`)."""
    return (question_id, id(case), id(calendar), id(engine), counterfactuals,
            _readings_key(interpretations), tuple(sorted(arguments.items())))


#: (registry generation, the ids of the questions some question depends on): worked out once
#: per generation (:func:`_depended_on`).
_DEPENDED_ON: tuple[int, frozenset[str]] = (-1, frozenset())


def _depended_on(registry_generation: int) -> frozenset[str]:
    """The ids of the questions some question in force declares it depends on."""
    global _DEPENDED_ON
    known = _DEPENDED_ON
    if known[0] != registry_generation:
        known = _DEPENDED_ON = (registry_generation, frozenset(
            d for q in registered() for d in q.depends_on))
    return known[1]


def _dependency(question_id: str, case: Case, *, interpretations: Settings,
                calendar: WorkingCalendar, engine: Engine, counterfactuals: bool,
                _generation: int | None = None, **arguments: Any) -> Decision:
    """A scope's dependency: shared inside :func:`shared_dependencies`; otherwise kept with the
    loaded case (:data:`_PER_CASE`) under the registry's generation (``_generation``, read by
    the asking ``ask`` with its question; else read now), asked when first needed."""
    memo = _SHARED.get()
    key = _dependency_key(question_id, case, interpretations, calendar, engine, counterfactuals,
                          arguments)
    if memo is None:
        if _PER_CASE.entries == 0:
            return ask(question_id, case, interpretations=interpretations, calendar=calendar,
                       engine=engine, counterfactuals=counterfactuals, **arguments)
        key = (generation() if _generation is None else _generation, *key)
        answers = _kept_answers(case)
        kept = answers.get(key, lambda e: e[0] is calendar and e[1] is engine)
        if kept is not None:
            return kept[2]
        decision = ask(question_id, case, interpretations=interpretations, calendar=calendar,
                       engine=engine, counterfactuals=counterfactuals, **arguments)
        answers.put(key, (calendar, engine, decision), 1)
        return decision
    hit = memo.get(key)
    if hit is not None:
        found: Decision = hit[0]
        return found
    decision = ask(question_id, case, interpretations=interpretations, calendar=calendar,
                   engine=engine, counterfactuals=counterfactuals, **arguments)
    memo[key] = (decision, case, calendar, engine)
    return decision


def _what_if(
    q: Question,
    case: Case,
    args: Mapping[str, str],
    chosen: Settings,
    cal: WorkingCalendar,
    decision: Decision,
    facts: list[dict[str, Any]],
    evaluate: dict[str, Any],
) -> WhatIf:
    """The counterfactuals of a ``no``: each candidate checked by the oracle on the changed case
    (same arguments, readings and calendar)."""
    oracle = OracleEngine()
    failing = [c.name for c in q.conditions
               if any(r.condition == c.name and r.decisive and r.status is Status.FAILS
                      for r in decision.reasons)]

    #: The nested answers on the case itself, recorded when the search first re-asks it.
    calls: list[tuple[str, dict[str, Any], Decision]] = []
    searched: dict[tuple[str, tuple[tuple[str, str], ...]], WhatIf | None] = {}

    def reask(changed: Case) -> Decision:
        return _answer(q, changed, _check_arguments(q, changed, args), chosen, cal, oracle,
                       calls if changed is case else None)[0]

    def nested(question_id: str, limit: int) -> list[WhatIf]:
        """The counterfactuals of the ``no`` answers of ``question_id`` this one read, each
        searched from that question's own rules (same case, readings and calendar) once, at
        most ``limit`` searched in all."""
        out: list[WhatIf] = []
        for qid, arguments in _open_answers(calls, question_id):
            key = (qid, tuple(sorted(arguments.items())))
            if key not in searched and len(searched) >= limit:
                break
            if key not in searched:  # each nested answer searched once per search
                searched[key] = _nested_what_if(qid, case, arguments, chosen, cal, oracle)
            what_if = searched[key]
            if what_if is not None and what_if not in out:
                out.append(what_if)
        return out

    def nested_on(changed: Case, question_id: str, limit: int) -> list[WhatIf]:
        """As ``nested``, on a changed case (a consent moved to the meeting day asks who was
        Head that day; a new settlement, who may settle on its day): the counterfactuals of the
        ``no`` answers of ``question_id`` this one reads there, then its ``unknown`` ones, each
        searched from that question's own rules, at most ``limit`` searched; the caller keeps
        the budget."""
        found: list[tuple[str, dict[str, Any], Decision]] = []
        try:
            _answer(q, changed, _check_arguments(q, changed, args), chosen, cal, oracle, found)
        except KgrulesError:
            return []
        out: list[WhatIf] = []
        for qid, arguments in _open_answers(found, question_id)[:limit]:
            what_if = _nested_what_if(qid, changed, arguments, chosen, cal, oracle)
            if what_if is not None and what_if.options and what_if not in out:
                out.append(what_if)
        return out

    def rescope(changed: Case) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        _, changed_facts, changed_evaluate = _answer(
            q, changed, _check_arguments(q, changed, args), chosen, cal, oracle)
        return [settled(f) for f in changed_facts], changed_evaluate

    return counterfactual_search(q, case, failing, facts, evaluate, reask,
                                 working=cal.is_working_day, nested=nested, rescope=rescope,
                                 nested_on=nested_on)


def _open_answers(calls: list[tuple[str, dict[str, Any], Decision]], question_id: str
                  ) -> list[tuple[str, dict[str, Any]]]:
    """The answers of ``question_id`` among ``calls`` that are not ``yes`` yet (``no`` or
    ``unknown``), the arguments of each. A ``no`` first: an unknown nested answer (the signer's
    positions open) is searched too, for what would make it ``yes`` (each change lifted is still
    checked on the asking question's own answer). Then by arguments, not in the order the scope
    read the records: the same facts give the same search whatever their order."""
    return [(qid, arguments) for qid, arguments, found in sorted(calls, key=lambda c: (
                c[2].outcome is not Outcome.NO, c[0], sorted(c[1].items())))
            if qid == question_id and found.outcome in (Outcome.NO, Outcome.UNKNOWN)]


def _nested_what_if(question_id: str, case: Case, arguments: Mapping[str, Any],
                    chosen: Settings, cal: WorkingCalendar, oracle: Engine) -> WhatIf | None:
    """The counterfactuals of a nested answer that is ``no`` or ``unknown`` (what would make it
    ``yes``), searched from that question's own rules; ``None`` for another outcome."""
    nq = question(question_id)
    args = _check_arguments(nq, case, arguments)
    decision, facts, evaluate = _answer(nq, case, args, chosen, cal, oracle,
                                        namer=namer_for(case, args))
    if decision.outcome not in (Outcome.NO, Outcome.UNKNOWN):
        return None
    return _what_if(nq, case, args, chosen, cal, decision, [settled(f) for f in facts],
                    evaluate)


def ask(
    question_id: str,
    case: Case,
    *,
    interpretations: Mapping[str, str] | Settings | None = None,
    calendar: WorkingCalendar | None = None,
    engine: Engine | None = None,
    counterfactuals: bool = True,
    **arguments: Any,
) -> Decision:
    """Answer one question of the catalogue about a case, with its reasons.

    ``interpretations`` chooses readings of the interpretation switches (defaults otherwise);
    ``engine`` may be :class:`kgrules.oracle.OracleEngine` to evaluate without durable_rules.
    A ``no`` carries in ``what_if`` the smallest changes of the case that would make it ``yes``
    (:mod:`kgrules.counterfactual`), searched when first read (the search re-asks the question
    dozens of times, and most callers never look); ``counterfactuals=False`` drops it.
    """
    q, registry_generation = question_and_generation(question_id)
    args = _check_arguments(q, case, arguments)
    chosen = make_settings(interpretations)
    cal = calendar if calendar is not None else calendar_for(case)
    runner = engine if engine is not None else default_engine()
    with paused_gc():  # the question's objects live until it is answered (kgrules.gcpause)
        decision, facts, evaluate = _answer(q, case, args, chosen, cal, runner,
                                            namer=namer_for(case, args),
                                            registry_generation=registry_generation)
    return _searchable(q, case, args, chosen, cal, decision, facts, evaluate, counterfactuals)


def _searchable(q: Question, case: Case, args: Mapping[str, str], chosen: Settings,
                cal: WorkingCalendar, decision: Decision, facts: list[dict[str, Any]],
                evaluate: dict[str, Any], counterfactuals: bool) -> Decision:
    """A decision as ``ask`` returns it: a ``no`` with its counterfactuals searched when first
    read (unless ``counterfactuals`` is false)."""
    if counterfactuals and decision.outcome is Outcome.NO:
        named = decision

        def search() -> WhatIf:
            return _what_if(q, case, args, chosen, cal, named, [settled(f) for f in facts],
                            evaluate)

        decision = with_what_if(decision, PendingWhatIf(search))
    return decision


def ask_each(
    question_id: str,
    case: Case,
    arguments: Sequence[Mapping[str, Any]],
    *,
    interpretations: Mapping[str, str] | Settings | None = None,
    calendar: WorkingCalendar | None = None,
    engine: Engine | None = None,
    counterfactuals: bool = True,
) -> list[Decision | Exception]:
    """:func:`ask` of one question about one case for each of ``arguments``: each request's
    decision, or the exception ``ask`` raises for it, in its place.

    The same steps as ``ask`` (arguments checked, scope, engine, decision, counterfactuals
    pending), each request's scope first, then the engine once for all of them (an engine
    with ``evaluate_many``, as :class:`~kgrules.engine.DurableEngine`, evaluates requests whose
    facts reach it alike in one state), then each decision. Used by :func:`kgrules.ask_many`
    and :func:`kgrules.audit` for consecutive requests of one question. Where the question,
    the readings or the engine cannot be had, each request is asked by ``ask`` itself (the
    same error, each in its place).
    """
    try:
        q, registry_generation = question_and_generation(question_id)
        chosen = make_settings(interpretations)
        cal = calendar if calendar is not None else calendar_for(case)
        runner = engine if engine is not None else default_engine()
    except Exception:
        return [_asked(question_id, case, interpretations, calendar, engine, counterfactuals,
                       given) for given in arguments]
    out: list[Decision | Exception] = []
    with paused_gc():
        staged: list[tuple[dict[str, str], ScopeResult, dict[str, Any]] | Exception] = []
        setup = _setup(q, case, chosen, cal, runner, registry_generation=registry_generation)
        memo = _SHARED.get()
        if memo is not None and q.id not in _depended_on(registry_generation):
            memo = None  # no other question asks this one: nothing to file
        for given in arguments:
            try:
                args = _check_arguments(q, case, given)
                result, evaluate = _scoped(q, case, args, chosen, cal, runner,
                                           registry_generation=registry_generation, setup=setup)
                staged.append((args, result, evaluate))
            except Exception as exc:
                staged.append(exc)
        ready = [s for s in staged if not isinstance(s, Exception)]
        evaluated = iter(evaluate_each(runner, q, [(s[1].facts, s[2]) for s in ready]))
        for stage in staged:
            if isinstance(stage, Exception):
                out.append(stage)
                continue
            conclusions = next(evaluated)
            if isinstance(conclusions, Exception):
                out.append(conclusions)
                continue
            args, result, evaluate = stage
            try:
                decision = _decided(q, conclusions, args, chosen, cal, runner, result,
                                    namer_for(case, args), compact=True)
            except Exception as exc:
                out.append(exc)
                continue
            if memo is not None:
                _filed_as_dependency(memo, q.id, case, chosen, cal, runner, args, decision)
            out.append(_searchable(q, case, args, chosen, cal, decision, result.facts,
                                   evaluate, counterfactuals))
    return out


def _filed_as_dependency(memo: dict[tuple[Any, ...], tuple[Any, Case, Any, Any]],
                         question_id: str, case: Case, chosen: Settings, cal: WorkingCalendar,
                         runner: Engine, args: dict[str, str], decision: Decision) -> None:
    """Inside :func:`shared_dependencies`, a decision :func:`ask_each` made of a question that
    other questions depend on, filed as the dependency answer those would ask for
    (``counterfactuals=False``: the decision before its counterfactuals are attached, which is
    what ``ask`` then returns; checked arguments, which ``ask`` checks to themselves). An
    audit asks each ``dieu10.substitute_allowed`` itself and then again under
    ``dieu10.attendance_compliant`` (159 of 318 asks at 10,000 expenditures): the second is
    now a look-up. An answer already filed is kept (equal inputs decide alike)."""
    memo.setdefault(_dependency_key(question_id, case, chosen, cal, runner, False, args),
                    (decision, case, cal, runner))


def _asked(question_id: str, case: Case, interpretations: Mapping[str, str] | Settings | None,
           calendar: WorkingCalendar | None, engine: Engine | None, counterfactuals: bool,
           arguments: Mapping[str, Any]) -> Decision | Exception:
    """``ask``'s decision, or the exception it raised."""
    try:
        return ask(question_id, case, interpretations=interpretations, calendar=calendar,
                   engine=engine, counterfactuals=counterfactuals, **arguments)
    except Exception as exc:
        return exc
