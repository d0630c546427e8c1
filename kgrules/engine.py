"""The durable_rules adapter: one isolated, order-independent evaluation per question.

durable_rules 2.0.28 has measured crash paths and wrong-answer bugs (docs/engine.md, from
shared/DURABLE_RULES.md). This module is the only place that talks to it, and handles each:

* timer threads: a private :class:`_SyncHost` whose ``_run`` starts none (the default host's
  timers run actions on their own threads and segfault under load);
* the global host and re-registration: rulesets are registered on a private host under a name
  that includes the content digest of the declarations, so a re-imported module or a re-run
  notebook cell gets new rules, never the stale ones;
* order dependence of absence rules: every conclusion rule starts with the ``evaluate`` fact,
  asserted as a fact, last, after every other fact;
* deduplication of identical facts: durable takes a fact's ``id`` property as its identity
  (and otherwise a hash of its content), so each fact's ``id`` is its unique key ``k`` and a
  declared field named ``id`` travels as ``rid``: two identical records are two facts, and two
  facts sharing a record id (one authorisation, several acts) are too. A catch-all rule makes
  every fact "handled", so an exception from ``assert_facts`` is real;
* the crash on deleting a state where no action ran: a sentinel rule fires on every evaluate
  fact, and the state is deleted only once an action ran;
* the 1,024 live-state cap and colliding state ids (sids are found by a 32-bit hash): one
  process-wide lock, a fresh sid per state with a check that its hash slot is free; at most
  one state kept live per pruned ruleset and :data:`KEPT_STATES` per engine (least recently
  used deleted first), each deleted after :data:`STATE_REQUESTS` requests; a state made for
  one request is deleted before the lock is released;
* a kept state seen by the next request: the facts that differ are swapped so that when its
  evaluate fact arrives the state holds exactly its facts (:meth:`DurableEngine._step`); any
  failure inside a kept state deletes it and evaluates the request in a state of its own;
* swallowed exceptions in actions: actions record conclusions only, and any exception they
  raise is captured and re-raised to the caller as :class:`RuleError`;
* string/number coercion: fact values are type-checked against the declared fact types before
  they reach the engine;
* one fact, two patterns: durable never binds one fact to two patterns of the same rule (found
  by the differential oracle: the Head who requests written opinions and then decides on them
  is one position record matched twice). Where a rule has k positive patterns of a type, each
  fact of that type is asserted k times as copies ``cp`` 0..k-1, and pattern j matches copy j
  only, which restores ordinary join semantics; conclusions are keyed by the logical facts;
* a bound fact left out of ``none``: durable never counts a fact already bound in the tuple
  when it checks a negated pattern (found by the property suite); each negated pattern matches
  a copy of its own, which no positive pattern of the rule binds;
* error 303 (a 64-entry stack) when many rules test another fact's field under one node:
  tests against constants come first in every pattern, so rules share those nodes;
* a memory overrun when a join's last test fails (events.c:612-618): every pattern with a
  reference test ends with a test that always holds (found by the article modules' tests,
  which segfaulted now and then).

durable_rules is a C extension built from source at install time, and the build can fail or
leave a module that does not import (no compiler; Python 3.13 without the documented ``CC``
define; GCC 14 without its flags). So it is loaded lazily, by :func:`load_durable` when the
first :class:`DurableEngine` is made: ``import kgrules`` and the oracle engine work without it,
and the default engine raises :class:`EngineUnavailableError` saying what is missing and how to
fix it (never a silent switch to the oracle).
"""

from __future__ import annotations

import copy
import hashlib
import importlib
import importlib.metadata
import itertools
import json
import operator
import shlex
import sys
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType
from typing import Any, TypeAlias

import attrs

from kgrules.dsl import EVALUATE, Pattern, Question, Ref, Rule, Test
from kgrules.errors import EngineError, EngineUnavailableError, RuleError
from kgrules.evaluation import (
    MAX_LAYOUT_TEXTS,
    Conclusion,
    EvaluateLayout,
    keyed_request,
    make_conclusion,
)

_DURABLE_OPS = {"==": None, "!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
SENTINEL = "__sentinel__"
_PROCESS_LOCK = threading.RLock()
CATCH_ALL = "__catch_all__"


#: The C compiler setting that builds durable-rules 2.0.28 on every supported Python: the define
#: maps the call Python 3.13 removed (``PyEval_CallObject``) to its successor; on 3.11 and 3.12
#: the headers define the old name themselves and theirs wins. Without it, 3.13 gives GCC 12 a
#: module that builds but does not import, and GCC 14 (Debian 13) six errors; with it, none
#: (docs/engine.md, "Building"). durable's ``setup.py`` overwrites ``CFLAGS``, so the define
#: rides on ``CC``. The README's commands use this string (tests/distribution/test_portability.py).
DURABLE_CC = "gcc -DPyEval_CallObject=PyObject_CallObject"


def durable_install() -> str:
    """The command that (re)builds the engine for the running Python; ``--no-cache-dir`` so that
    a wheel built earlier without the define (on 3.13 it builds, then fails to import) is not
    silently reused from pip's cache."""
    return (f'CC="{DURABLE_CC}" {shlex.quote(sys.executable)} -m pip install --no-cache-dir '
            f'--force-reinstall "durable-rules==2.0.28"')


@attrs.frozen
class Durable:
    """The loaded durable_rules: its Python host module, its C extension, our host class."""

    engine: ModuleType
    rules_engine: ModuleType
    host_class: type[Any]
    version: str


_DURABLE: Durable | None = None
_DURABLE_LOCK = threading.Lock()


def load_durable() -> Durable:
    """Import durable_rules on first use, or raise :class:`EngineUnavailableError`.

    Lazy so that ``import kgrules`` and the oracle work where the C extension was not built or
    does not import. A failure is not remembered: a later call tries again.
    """
    global _DURABLE
    with _DURABLE_LOCK:
        if _DURABLE is None:
            try:
                rules_engine = importlib.import_module("durable_rules_engine")
                durable_engine = importlib.import_module("durable.engine")
            except Exception as exc:  # ImportError, or an undefined symbol in the extension
                raise EngineUnavailableError(
                    f"{type(exc).__name__}: {exc}", durable_install()
                ) from exc
            try:
                version = importlib.metadata.version("durable-rules")
            except importlib.metadata.PackageNotFoundError:
                version = "unknown"
            _DURABLE = Durable(
                durable_engine, rules_engine,
                _sync_host_class(durable_engine.Host, rules_engine, durable_engine), version,
            )
        return _DURABLE


def _copy_numbers(patterns: tuple[Pattern, ...]) -> list[int]:
    """The copy of its fact type each pattern matches.

    Positive patterns of a type take copies 0, 1, 2...; a negated pattern takes the next copy
    after them, which no positive pattern of the rule binds: durable leaves a fact bound in the
    tuple out of a ``none`` check, and the declared semantics (and the oracle) do not.
    """
    positives: dict[str, int] = {}
    for p in patterns:
        if not p.negated:
            positives[p.type] = positives.get(p.type, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for p in patterns:
        if p.negated:
            out.append(positives.get(p.type, 0))
        else:
            out.append(seen.get(p.type, 0))
            seen[p.type] = out[-1] + 1
    return out


def copies_needed(question: Question, kept: Sequence[int] | None = None) -> dict[str, int]:
    """For each fact type, how many copies its facts are asserted as (at least 1): over all
    the question's rules, or those at the indexes ``kept``."""
    need: dict[str, int] = {}
    for rule in _rules(question, kept):
        for p, copy_no in zip(rule.patterns, _copy_numbers(rule.patterns), strict=True):
            need[p.type] = max(need.get(p.type, 1), copy_no + 1)
    return need


def _rules(question: Question, kept: Sequence[int] | None) -> list[Rule]:
    if kept is None:
        return list(question.rules)
    return [r for n, r in enumerate(question.rules) if n in kept]


def engine_fields(question: Question, kept: Sequence[int] | None = None
                  ) -> dict[str, frozenset[str]]:
    """For each fact type (the evaluate fact's included), the fields some rule tests or reads
    through a reference, plus the type and the key: all the engine is given of a fact.

    A field no pattern tests cannot change a match, and the conclusions are mapped back to the
    whole facts by their key; so the rest (the source path, fields only the explanations
    use) is neither encoded, nor stored in the engine, nor decoded again with every action.
    """
    out: dict[str, set[str]] = {EVALUATE: {"t", "k"}}
    for rule in _rules(question, kept):
        types = {p.binding: p.type for p in rule.patterns}
        for p in rule.patterns:
            out.setdefault(p.type, {"t", "k"})
            for t in p.tests:
                out[p.type].add(t.field)
                if isinstance(t.value, Ref):
                    out.setdefault(types[t.value.binding], {"t", "k"}).add(t.value.field)
    return {kind: frozenset(fields) for kind, fields in out.items()}


def _reads_key(question: Question, kept: Sequence[int] | None = None) -> bool:
    """Whether any rule tests the key ``k`` of a fact (or compares with one)."""
    return any(t.field == "k" or (isinstance(t.value, Ref) and t.value.field == "k")
               for rule in _rules(question, kept) for p in rule.patterns for t in p.tests)


#: Comparisons of the evaluate fact's fields with constants, as Python makes them.
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {"==": operator.eq, "!=": operator.ne}
#: Integers within this bound compare exactly in durable (int64) and as doubles.
_EXACT_INT = 2 ** 53
#: At most this many pruned rulesets per engine (:func:`live_rules`). Each costs about 0.15 MB
#: of resident memory (measured: the 22 of ``authority.may_act``, 3 MB); beyond them a question
#: is evaluated on its whole ruleset (same answers, the old cost). The catalogue needs at most
#: 92 (one field per question, tests/engine/test_pruned_rules.py).
MAX_VARIANTS = 128
#: At most this many requests evaluated in one durable_rules state before it is deleted and
#: another made (:class:`_State`): a safeguard, as durable does not document how a state fares
#: over endless retractions (measured: RSS flat over 100,000 swaps of one state without it).
#: Also the most requests :meth:`DurableEngine.evaluate_many` evaluates under one hold of the
#: engine's lock (other threads wait at most that long).
STATE_REQUESTS = 256
#: At most this many states kept live between evaluations by each engine, one per pruned
#: ruleset, the least recently used deleted first (:meth:`DurableEngine._kept_step`). A live
#: state costs 0.1-1 MB (docs/engine.md); each holds one request's facts.
KEPT_STATES = 8
#: The handle of a ruleset not registered (yet): a gated question's whole one
#: (:meth:`DurableEngine._whole`); durable's ruleset handles are never negative (1, 2, ...).
UNREGISTERED = -1
#: At most this many combinations of gated evaluate values remembered per question.
MAX_GATE_KEYS = 4096


def evaluate_gates(question: Question) -> tuple[tuple[tuple[str, str, Any], ...], ...]:
    """For each rule of a question, in order, the tests of its positive ``evaluate`` pattern
    against constants, as (field, operator, constant), on one field only: the one compared
    with the most distinct constants (``act`` for ``authority.may_act``: 22 acts). One field
    gives at most one pruned ruleset per constant, plus one, which bounds their memory; the
    other tests prune little (the whole catalogue measured: most are booleans)."""
    constants: dict[str, set[Any]] = {}
    tests = [
        tuple((t.field, t.op, t.value) for p in rule.patterns
              if p.type == EVALUATE and not p.negated
              for t in p.tests if t.binding == p.binding and not isinstance(t.value, Ref)
              and t.op in _COMPARE)
        for rule in question.rules
    ]
    for of_rule in tests:
        for field, _, constant in of_rule:
            constants.setdefault(field, set()).add((type(constant), constant))
    if not constants:
        return tuple(() for _ in tests)
    chosen = max(sorted(constants), key=lambda f: len(constants[f]))
    return tuple(tuple(t for t in of_rule if t[0] == chosen) for of_rule in tests)


def _cannot_hold(value: Any, op: str, constant: Any) -> bool:
    """True only when durable certainly finds the test false: ``==`` or ``!=`` between values
    of one type (durable compares mixed types as strings, and large integers as doubles: those
    are left to the engine)."""
    if type(value) is not type(constant) or op not in _COMPARE:
        return False
    if type(value) is int and (abs(value) >= _EXACT_INT or abs(constant) >= _EXACT_INT):
        return False
    return not _COMPARE[op](value, constant)


def live_rules(gates: tuple[tuple[tuple[str, str, Any], ...], ...],
               evaluate: Mapping[str, Any]) -> tuple[int, ...]:
    """The indexes of the rules that can fire on this evaluate fact: every conclusion rule
    starts with the evaluate fact, so a rule one of whose tests of it against a constant fails
    (``e.act == "approve_estimate"`` when another act is asked) concludes nothing, and leaving
    it out of the ruleset changes no answer. ``authority.may_act`` has 190 rules, about ten
    per act: durable walks all of them for every fact asserted."""
    return tuple(n for n, tests in enumerate(gates)
                 if not any(f in evaluate and _cannot_hold(evaluate[f], op, c)
                            for f, op, c in tests))


def compile_question(question: Question, action: Callable[[str], object],
                     kept: Sequence[int] | None = None) -> dict[str, Any]:
    """The durable_rules JSON ruleset of a question's declarations: all its rules, or only
    those at the indexes ``kept`` (each still named after its index in the question)."""
    rules: dict[str, Any] = {}
    for index, rule in enumerate(question.rules):
        if kept is not None and index not in kept:
            continue
        compiled = [
            _compile_pattern(p, copy_no)
            for p, copy_no in zip(rule.patterns, _copy_numbers(rule.patterns), strict=True)
        ]
        rules[f"r{index}"] = {"all": compiled, "run": action(f"r{index}")}
    rules[SENTINEL] = {"all": [{"e": {"t": EVALUATE}}], "pri": 1000, "run": action(SENTINEL)}
    rules[CATCH_ALL] = {
        "all": [{"a": {"$ex": {"k": 1}}}, {"b": {"t": "__never__"}}],
        "run": action(CATCH_ALL),
    }
    return rules


#: Ends every join's expression list: durable_rules 2.0.28 reads past the list's OP_END when
#: its *last* expression fails (events.c:612-618, ``reduceExpressionSequence``), a memory overrun
#: that segfaults now and then. A last test that always holds (no fact has the evaluate fact's
#: type) means a failing test is never last. Found by the article modules' tests; valgrind shows
#: the invalid reads.
_JOIN_GUARD: dict[str, Any] = {"$neq": {"t": {"e": "t"}}}


def _compile_pattern(pattern: Pattern, copy_no: int) -> dict[str, Any]:
    # Tests against constants first: durable shares their network nodes between rules, but
    # gives each test against another fact's field a node of its own, and more than 64 of those
    # under one node overflow its stack (error 303). A conjunction's order changes no answer.
    ordered = sorted(pattern.tests, key=lambda t: isinstance(t.value, Ref))
    terms: list[dict[str, Any]] = [{"t": pattern.type}, {"cp": copy_no}]
    terms.extend(_compile_test(t) for t in ordered)
    if pattern.binding != "e" and any(isinstance(t.value, Ref) for t in pattern.tests):
        terms.append(_JOIN_GUARD)
    body: dict[str, Any] = terms[0] if len(terms) == 1 else {"$and": terms}
    name = f"{pattern.binding}$not" if pattern.negated else pattern.binding
    return {name: body}


def _prop(field: str) -> str:
    """The engine property of a declared field: ``id`` is the engine's fact identity."""
    return "rid" if field == "id" else field


def _to_engine(fact: dict[str, Any], sid: str, copies: int = 1) -> list[dict[str, Any]]:
    base = dict(fact)
    if "id" in base:
        base["rid"] = base.pop("id")
    base["sid"] = sid
    key = fact["k"]
    if copies == 1:
        base["id"] = f"{key}.0"
        base["cp"] = 0
        return [base]
    return [{**base, "id": f"{key}.{n}", "cp": n} for n in range(copies)]


def _compile_test(test: Test) -> dict[str, Any]:
    value: Any = (
        {test.value.binding: _prop(test.value.field)} if isinstance(test.value, Ref) else test.value
    )
    op = _DURABLE_OPS[test.op]
    field = _prop(test.field)
    return {field: value} if op is None else {op: {field: value}}


def _sync_host_class(base: type[Any], rules_engine: ModuleType,
                     durable_engine: ModuleType) -> type[Any]:
    """The host class, made once durable_rules is loaded (its base class lives there)."""

    class _SyncHost(base):  # type: ignore[misc]
        """A host with no timer threads: actions run only inside our own calls.

        Asserting runs the actions the assertion started the way durable's
        ``Ruleset.do_actions`` does (start the state's first action, run it, complete it and
        start the next, until none is left), minus what only asynchronous actions need (a
        ``Closure`` and a ``Promise`` per action, lease timers, the clock): ours are
        synchronous, never raise (:meth:`DurableEngine._make_action` keeps any exception for
        the caller) and never change the state. Measured: 70 µs less per evaluation of
        ``dieu10.substitute_allowed``.

        Nor is the state written back after each action (durable's ``update_state``): ours
        never change it, so that call re-asserted the very text ``start_action_for_state``
        had just read (events.c:2096, 1876-1901: the state fact retracted from the network and
        asserted again), and the state fact (``{"sid", "id", "$s"}``, no ``t``, no ``k``)
        matches no pattern of ours: every pattern tests ``t``, the catch-all tests ``k``
        (:func:`compile_question`). Nothing else reads what it did: ``delete_state`` frees the
        action context (``context.messages``, ``context.stateFact``) that only
        ``start_action_for_state`` and ``complete_and_start_action`` set, and clear when the
        last action completes (events.c:2302-2456, state.c:924-938). Measured: about 0.9 µs an
        action, ×0.94 of an expense request's engine time.
        """

        def __init__(self, actions: dict[str, Callable[[Any], None]]) -> None:
            self._actions = actions
            super().__init__()

        def _run(self) -> None:
            return None

        def get_action(self, action_name: str) -> Callable[[Any], None]:
            return self._actions[action_name]

        def assert_fact(self, ruleset_name: str, fact: Any, complete: Any = None) -> None:
            if isinstance(fact, list) or complete is not None:
                super().assert_fact(ruleset_name, fact, complete)
                return
            ruleset = self.get_ruleset(ruleset_name)
            self._do_actions(ruleset_name, ruleset._handle, ruleset.assert_fact(fact), None)

        def assert_facts(self, ruleset_name: str, facts: Any, complete: Any = None) -> None:
            if complete is not None:
                super().assert_facts(ruleset_name, facts, complete)
                return
            ruleset = self.get_ruleset(ruleset_name)
            self._do_actions(ruleset_name, ruleset._handle, ruleset.assert_facts(facts), None)

        def assert_encoded(self, ruleset_name: str, handle: int, text: str, many: bool,
                           sid: str, record: Callable[[str, dict[str, str]], None] | None = None,
                           evaluate: str | None = None, sink: _Sink | None = None,
                           entries: dict[str, _Entry] | None = None) -> None:
            """Assert facts already encoded as JSON (one fact, or a list when ``many``), all
            of state ``sid``, and run the actions they start: durable's own wrappers encode
            again, look the ruleset up by name and parse the state for its sid on every
            action. Refusals raise durable's exceptions, as its wrappers do. With ``record``,
            each action is ``record(rule name, bound keys)`` (the evaluation's own sink), not
            the registered action looked up by name and handed a call object. ``evaluate``:
            the text of the evaluate fact among them, exactly as in ``text``, which the
            actions' messages quote (:func:`_bound_keys` skips it). ``sink``: the evaluation's
            sink, whose ``record`` is ``record``, and ``entries`` its state's action entries
            (:attr:`_State.entries`): the actions' entries are then appended to the sink
            straight from there (:meth:`_sink_actions`)."""
            call = rules_engine.assert_facts if many else rules_engine.assert_fact
            self._encoded(call, ruleset_name, handle, text, sid, record, evaluate, sink, entries)

        def retract_encoded(self, ruleset_name: str, handle: int, text: str, many: bool,
                            sid: str, record: Callable[[str, dict[str, str]], None]) -> None:
            """Retract facts already encoded as JSON (one fact, or a list when ``many``), all
            of state ``sid``, and run any action that starts (``record`` each)."""
            call = rules_engine.retract_facts if many else rules_engine.retract_fact
            self._encoded(call, ruleset_name, handle, text, sid, record)

        def _encoded(self, call: Callable[[int, str], Any], ruleset_name: str, handle: int,
                     text: str, sid: str,
                     record: Callable[[str, dict[str, str]], None] | None,
                     evaluate: str | None = None, sink: _Sink | None = None,
                     entries: dict[str, _Entry] | None = None) -> None:
            """One call of durable's C API on encoded facts, its refusals raised as durable's
            exceptions and the actions it starts run."""
            result = call(handle, text)
            if result[0] == 1:
                raise self._not_handled(text)
            if result[0] == 2:
                raise self._observed(text)
            state_handle = 0 if result[0] == 3 else result[1]
            if (sink is not None and entries is not None and sink.hook is None
                    and evaluate is not None
                    and evaluate.endswith(_EVALUATE_TAIL, 0, evaluate.find(',"sid":'))):
                self._sink_actions(handle, state_handle, sink, evaluate, entries)
                return
            self._do_actions(ruleset_name, handle, state_handle, sid, record, evaluate)

        def _sink_actions(self, handle: int, state_handle: int, sink: _Sink,
                          evaluate: str, entries: dict[str, _Entry]) -> None:
            """:meth:`_do_actions` for an evaluation's own sink (no test hook), whose evaluate
            fact, of key ``e``, has the text ``evaluate``: each action's entry (what
            :meth:`_Sink.record` would append) looked up in ``entries`` (its state's) by its
            message without that text (the rule's name and the other facts' texts as the
            state holds them), read only when not found: a pure function of that text. Each
            action costs one slice, one join and one dict look-up, where reading its keys cost
            about three times that."""
            started = rules_engine.start_action_for_state(handle, state_handle)
            if not started:
                return
            message = started[1]
            lead = f'"{EVALUATE_BINDING}":{evaluate}'
            skip = 3 + len(lead)
            append = sink.fired.append
            complete = rules_engine.complete_and_start_action
            while True:
                try:
                    end = message.index('"', 2)
                    if message.startswith(lead, end + 3):
                        at = message[:end] + message[end + skip:]
                        entry = entries.get(at)
                        if entry is None:
                            entry = _lead_entry(message[2:end], at[end:])
                            if len(entries) >= MAX_STATE_ENTRIES:
                                entries.clear()
                            entries[at] = entry
                    else:  # never expected: every rule binds the evaluate fact first
                        entry = _entry(*_bound_keys(message, lead, EVALUATE_BINDING))
                    # _Sink.take written out for a rule's entry (all but one an ask).
                    if entry is _SENTINEL_ENTRY or entry[0] == CATCH_ALL:
                        sink.take(entry)
                    else:
                        append(entry)
                    following = complete(handle, state_handle)
                except BaseException:
                    rules_engine.abandon_action(handle, state_handle)
                    raise
                if not following:
                    return
                message = following

        def _not_handled(self, text: str) -> BaseException:
            error: BaseException = durable_engine.MessageNotHandledException(text)
            return error

        def _observed(self, text: str) -> BaseException:
            error: BaseException = durable_engine.MessageObservedException(text)
            return error

        def _do_actions(self, ruleset_name: str, handle: int, state_handle: int,
                        sid: str | None,
                        record: Callable[[str, dict[str, str]], None] | None = None,
                        evaluate: str | None = None) -> None:
            started = rules_engine.start_action_for_state(handle, state_handle)
            if not started:
                return
            state, message = started[0], started[1]
            if sid is None:
                sid = str(json.loads(state)["sid"])
            actions = self._actions
            # Every action of these facts quotes the one evaluate fact, first, in the text
            # asserted (events.c serializes each bound fact's stored text): known, not scanned.
            lead = lead_key = None
            if evaluate is not None and _KEY_MARK in evaluate:
                lead = f'"{EVALUATE_BINDING}":{evaluate}'
                at = evaluate.index(_KEY_MARK) + len(_KEY_MARK)
                lead_key = evaluate[at:evaluate.index('"', at)]
            while True:
                action_name, bound = _bound_keys(message, lead, lead_key)
                try:
                    if record is not None:
                        record(action_name, bound)
                    else:
                        actions[f"{ruleset_name}:{action_name}"](_Call(sid, bound))
                    following = rules_engine.complete_and_start_action(handle, state_handle)
                except BaseException:
                    rules_engine.abandon_action(handle, state_handle)
                    raise
                if not following:
                    return
                message = following

    return _SyncHost


#: What precedes each bound fact's key in a message the engine hands an action.
_KEY_MARK = '"k":"'
#: The binding of the evaluate fact in every rule (and the sentinel), and its key.
EVALUATE_BINDING = "e"
#: How the engine's text of an evaluate fact of key ``e`` ends, before its state's fields.
_EVALUATE_TAIL = f',{_KEY_MARK}{EVALUATE_BINDING}"'
#: What an action records (:meth:`_Sink.record`): its rule's name, its bindings in the engine's
#: order, then their keys (the state's), one flat tuple (its length gives the bindings').
_Entry: TypeAlias = tuple[str, ...]
#: The sentinel's entry: it binds nothing the conclusions read.
_SENTINEL_ENTRY: _Entry = (SENTINEL,)
#: At most this many action entries kept per state (:attr:`_State.entries`), then all
#: forgotten at once.
MAX_STATE_ENTRIES = 1024


def _entry(rule_name: str, bound: dict[str, str]) -> _Entry:
    """An action's entry (:data:`_Entry`) from its rule's name and bound keys."""
    if rule_name == SENTINEL:
        return _SENTINEL_ENTRY
    return (rule_name, *bound, *bound.values())


def _lead_entry(rule_name: str, rest: str) -> _Entry:
    """The entry of an action that binds the evaluate fact first and then the facts whose
    texts are ``rest`` (the message after the evaluate fact's): ``_entry(rule_name, {"e": "e",
    **dict(_read_keys(rest))})``, built straight from the bindings and keys read, without the
    two dicts (1.6 -> 1.0 µs an action not found in its state's entries: in a kept state,
    every action binding a fact that entered it anew, three of a substitute ask's five). A
    message's bindings are its JSON object's keys, each once, never ``e`` after the lead: the
    dicts merged nothing."""
    if rule_name == SENTINEL:
        return _SENTINEL_ENTRY
    bindings, keys = _read_bound(rest)
    return (rule_name, EVALUATE_BINDING, *bindings, EVALUATE_BINDING, *keys)


def _bound_keys(message: str, lead: str | None = None, lead_key: str | None = None
                ) -> tuple[str, dict[str, str]]:
    """The action name and each bound fact's key, by binding in the message's order
    (``{"r4":{"e":{...,"k":"e",...},"m":{...}}}``), read from the engine's JSON without decoding
    it: the conclusions need only the keys (they bind the facts asserted, found by key), and
    decoding every bound fact (the evaluate fact, with every field a rule tests, in each of
    them) cost more. Exact: a quote inside a JSON string is always escaped, so ``"k":"`` occurs
    only as the key ``k`` (no field name holds a quote), and ``":{`` not preceded by a
    backslash only after a binding (a field name or binding never ends in a backslash, and a
    value's closing quote is followed by ``,`` or ``}``); every fact the adapter sends is flat
    and carries one ``k``; so the text before each key mark ends with its own fact's binding.

    ``lead``: a binding and the whole text of the fact it binds (``"e":{...}``), ``lead_key``
    that fact's key. Where the message's first binding is exactly that text, it is that fact
    (a JSON object ends where the text of a whole one ends), so its key is known and only the
    rest is read: the evaluate fact, which every conclusion binds first, is most of each
    message (about 400 of an expense action's 570 characters)."""
    end = message.index('"', 2)
    name = message[2:end]
    if name == SENTINEL:  # the sentinel reads no binding
        return name, {}
    bound: dict[str, str] = {}
    if lead is not None and message.startswith(lead, end + 3):  # after '":{'
        bound[lead[1:lead.index('"', 1)]] = str(lead_key)
        rest = message[end + 3 + len(lead):]
        known = _REST_KEYS.get(rest)
        if known is None:
            known = _read_keys(rest)
            if len(_REST_KEYS) >= MAX_REST_KEYS:
                _REST_KEYS.clear()
            _REST_KEYS[rest] = known
        bound.update(known)
        return name, bound
    bound.update(_read_keys(message))
    return name, bound


#: At most this many texts kept in :data:`_REST_KEYS` (then all forgotten at once).
MAX_REST_KEYS = 4096
#: The bindings and keys read from the text of an action's message after its lead (the
#: other facts it binds, as the state holds them: their keys the state's), by that text. A
#: kept state holds an estimate, its agency or a content under one key for many requests, so
#: the same text comes back action after action; reading it is a pure function of the text.
_REST_KEYS: dict[str, tuple[tuple[str, str], ...]] = {}


def _read_keys(message: str) -> tuple[tuple[str, str], ...]:
    """Each bound fact's binding and key in ``message`` (or a tail of one), in its order
    (:func:`_bound_keys`)."""
    bindings, keys = _read_bound(message)
    return tuple(zip(bindings, keys, strict=True))


def _read_bound(message: str) -> tuple[list[str], list[str]]:
    """The bindings of the facts bound in ``message`` (or a tail of one), in its order, and
    their keys in the same order (:func:`_bound_keys` says why this reading is exact)."""
    parts = message.split(_KEY_MARK)
    before = parts[0]
    bindings: list[str] = []
    keys: list[str] = []
    for after in parts[1:]:
        brace = before.rindex('":{')
        while before[brace - 1] == "\\":  # inside a string: ``\":{`` of a value's text
            brace = before.rindex('":{', 0, brace)
        bindings.append(before[before.rindex('"', 0, brace) + 1:brace])
        keys.append(after[:after.index('"')])
        before = after
    return bindings, keys


def _refuse_retraction_action(rule_name: str, bound: dict[str, str]) -> None:
    """The record of a retraction's actions: there is none (no evaluate fact is in the state
    then, and every rule starts with one), so one is a failure of the state (the action is
    abandoned, the state deleted by the caller)."""
    raise EngineError("a retraction fired a rule")


class _Call:
    """What an action receives: the state's sid (``c.s.sid``) and the key of each bound fact,
    by binding (``c._m``)."""

    __slots__ = ("_m", "sid")

    def __init__(self, sid: str, bound: dict[str, str]) -> None:
        self.sid = sid
        self._m = bound

    @property
    def s(self) -> _Call:
        """Itself, as durable's ``c.s``: a property, not an attribute holding itself, so that
        no call is a reference cycle (one per fired rule left for the cyclic collector, whose
        full collections then took 13 % of a 10,000-expenditure audit)."""
        return self


class _Sink:
    """What one evaluation's actions recorded: the rules that fired with their bound keys,
    whether the sentinel fired, and any exception an action raised (kept for the caller:
    durable would swallow it)."""

    __slots__ = ("back", "errors", "fired", "hook", "question", "sentinel")

    def __init__(self, question: Question,
                 hook: Callable[[str, str], None] | None = None) -> None:
        self.question = question
        #: Each action of a rule, as its entry (:data:`_Entry`), in the order they ran.
        self.fired: list[_Entry] = []
        #: The request's key of each key the state gave a fact (:meth:`DurableEngine._step`),
        #: None where the facts went under the request's own keys.
        self.back: dict[str, str] | None = None
        self.sentinel = False
        self.errors: list[BaseException] = []
        #: The engine's ``action_hook`` when the evaluation began (tests inject faults).
        self.hook = hook

    def record(self, rule_name: str, bound: dict[str, str]) -> None:
        """One action of this evaluation's state: what the registered action does, called
        straight from the host's action loop (no lookup by name, no call object, no search
        of the sink by sid)."""
        try:
            if self.hook is not None:
                self.hook(self.question.id, rule_name)
            self.take(_entry(rule_name, bound))
        except BaseException as exc:  # durable would swallow it: keep it for the caller
            self.errors.append(exc)

    def take(self, entry: _Entry) -> None:
        """One action's entry: the sentinel's noted, the catch-all's kept as an error (durable
        would swallow an exception), a rule's appended to :attr:`fired`."""
        if entry is _SENTINEL_ENTRY:
            self.sentinel = True
        elif entry[0] == CATCH_ALL:
            self.errors.append(RuntimeError("the catch-all rule fired"))
        else:
            self.fired.append(entry)


class _State:
    """A live durable_rules state of one pruned ruleset and what it holds: each fact by its
    encoded text (without its key) with its key and id's stem in the state and its number of
    copies (and the set of those keys), the last request's evaluate fact, the requests
    evaluated in it so far, and whether an action ran in it (only then may it be deleted).
    ``own_keys``: a state for one request alone, its facts under their own keys (for rules
    that read the key ``k``)."""

    __slots__ = ("acted", "compiled", "entries", "held", "own_keys", "previous", "requests",
                 "sid", "tail", "used")

    def __init__(self, compiled: _Compiled, sid: str, own_keys: bool) -> None:
        self.compiled = compiled
        self.sid = sid
        self.tail = f',"sid":{_ENCODE(sid)},"id":"'
        #: Each fact held, by its text: its key in the state, its id's stem, its copies.
        self.held: dict[str, tuple[str, str, int]] = {}
        #: The keys of the facts held (each held fact's key is its own among them).
        self.used: set[str] = set()
        #: Each action's entry by its message without the evaluate fact's text
        #: (:meth:`_SyncHost._sink_actions`): the texts hold the state's sid and ids, so they
        #: repeat only in this state, and go with it. At most MAX_STATE_ENTRIES.
        self.entries: dict[str, _Entry] = {}
        self.previous: str | None = None
        self.requests = 0
        self.acted = False
        self.own_keys = own_keys


class DurableEngine:
    """Evaluates questions on durable_rules; the evaluations of a pruned ruleset take turns in
    one kept state, each seeing exactly its own facts (:meth:`_step`)."""

    name = "durable_rules"

    def __init__(self, sid_factory: Callable[[], str] | None = None,
                 kept_states: int = KEPT_STATES) -> None:
        # One lock for the process, not per engine: the C extension has no locks of its own.
        self._lock = _PROCESS_LOCK
        self._sinks: dict[str, _Sink] = {}
        #: The live states kept between evaluations, by the id of their pruned ruleset, the
        #: least recently used first (at most ``kept_states``; 0: each deleted after its
        #: evaluation, or its run of :meth:`evaluate_many`).
        self._kept: dict[int, _State] = {}
        self._keep = max(0, kept_states)
        self._registered: dict[str, str] = {}
        self._by_object: dict[int, _Compiled] = {}
        #: Pruned rulesets registered on the current host (at most MAX_VARIANTS).
        self._variants = 0
        # A random prefix per engine and a counter: unique, and cheaper than a uuid4 each time
        # (a sid whose hash slot is taken is still refused by _fresh_sid).
        prefix, counter = uuid.uuid4().hex[:16], itertools.count()
        self._sid_factory = sid_factory or (lambda: f"{prefix}-{next(counter)}")
        self._durable = load_durable()
        self._host = self._durable.host_class({})
        self.evaluations = 0
        #: A hook for tests: called inside every action before it records (to inject faults).
        self.action_hook: Callable[[str, str], None] | None = None

    # -- registration ---------------------------------------------------------------------
    def _ruleset(self, question: Question) -> _Compiled:
        """The registered ruleset of a question: its name, its handle, the copies each fact
        type needs and the positive bindings of each rule.

        Keyed by the question object (its digest is computed once per object); a changed
        declaration is a new object with a new digest, so stale rules are never used.
        """
        known = self._by_object.get(id(question))
        if known is not None and known.question is question:
            return known
        name = f"{question.id}@{question.digest}"
        gates = evaluate_gates(question)
        gated = tuple(sorted({f for tests in gates for f, _, _ in tests}))
        # A question whose evaluate fields gate its rules is evaluated on pruned rulesets
        # (_for_evaluate): its whole ruleset is registered only when some evaluation needs it
        # (_whole). In a year's audit none does: registering its 20 questions' whole rulesets
        # cost each process (and each worker process) about 60 ms, authority.may_act's most.
        handle = self._register(question, name) if not gated else UNREGISTERED
        compiled = _Compiled(question, name, handle, copies_needed(question),
                             positive_bindings(question), engine_fields(question),
                             not _reads_key(question), gates, gated, shares_states(question))
        self._by_object[id(question)] = compiled
        return compiled

    def _register(self, question: Question, name: str) -> int:
        """Register a question's whole ruleset under ``name`` (once per host): its handle."""
        if name not in self._registered:
            definition = compile_question(question, lambda r: f"{name}:{r}")
            for rule_name in definition:
                self._host._actions[f"{name}:{rule_name}"] = self._make_action(rule_name)
            # durable mutates the dict it is given (engine.py:315): hand it a copy.
            self._host.register_rulesets({name: copy.deepcopy(definition)})
            self._registered[name] = rule_name
        handle: int = self._host.get_ruleset(name)._handle
        return handle

    def _whole(self, base: _Compiled) -> _Compiled:
        """``base`` with its whole ruleset registered (:meth:`_ruleset` leaves a gated
        question's unregistered until an evaluation needs it); under the engine's lock."""
        if base.handle == UNREGISTERED:
            base.handle = self._register(base.question, base.name)
        return base

    def _for_evaluate(self, base: _Compiled, ev: Mapping[str, Any]
                      ) -> tuple[_Compiled, tuple[int, ...]]:
        """The ruleset to evaluate ``ev`` on, and the indexes of its rules. Which rules can fire
        depends only on the values (and types) of the evaluate fields some rule tests against a
        constant: worked out once per combination of them (at most MAX_GATE_KEYS kept)."""
        values = tuple(map(ev.get, base.gated))
        key = (*map(type, values), *values)  # each value with its type (True is not 1)
        known = base.by_gate.get(key)
        if known is not None:
            return known
        live = live_rules(base.gates, ev)
        found = (self._pruned(base, live), live)
        if len(base.by_gate) < MAX_GATE_KEYS:
            base.by_gate[key] = found
        return found

    def _pruned(self, base: _Compiled, live: tuple[int, ...]) -> _Compiled:
        """The ruleset of ``base``'s question cut down to the rules at ``live``
        (:func:`live_rules`), registered on first use under a name derived from the question's
        digest and those indexes (so the same rules are never registered twice); ``base``
        itself when every rule is live, or when the engine already has MAX_VARIANTS."""
        if len(live) == len(base.question.rules):
            return base
        known = base.variants.get(live)
        if known is not None:
            return known
        if self._variants >= MAX_VARIANTS:
            return base
        question = base.question
        tag = hashlib.blake2b(",".join(map(str, live)).encode(), digest_size=8).hexdigest()
        name = f"{base.name}~{tag}"
        if name not in self._registered:
            definition = compile_question(question, lambda r: f"{name}:{r}", live)
            for rule_name in definition:
                self._host._actions[f"{name}:{rule_name}"] = self._make_action(rule_name)
            self._host.register_rulesets({name: copy.deepcopy(definition)})
            self._registered[name] = SENTINEL
        variant = _Compiled(question, name, self._host.get_ruleset(name)._handle,
                            copies_needed(question, live), base.positives,
                            engine_fields(question, live), not _reads_key(question, live),
                            base.gates, shared=shares_states(question, live))
        base.variants[live] = variant
        self._variants += 1
        return variant

    def _make_action(self, rule_name: str) -> Callable[[Any], None]:
        def action(c: Any) -> None:
            sink = self._sinks.get(c.s.sid)
            if sink is None:  # an action for a state we do not own: never expected
                raise RuntimeError(f"action for unknown state {c.s.sid}")
            sink.record(rule_name, c._m)

        return action

    # -- evaluation -----------------------------------------------------------------------
    def evaluate(
        self, question: Question, facts: Sequence[Mapping[str, Any]], evaluate: Mapping[str, Any]
    ) -> list[Conclusion]:
        ready = self._ready(question, facts, evaluate)
        with self._lock:
            compiled, sink = self._evaluated(question, ready)
            self.evaluations += 1
        return self._concluded(question, compiled, sink, ready)

    def _ready(self, question: Question, facts: Sequence[Mapping[str, Any]],
               evaluate: Mapping[str, Any]) -> _Ready:
        """One evaluation up to the engine: the facts keyed and checked, the ruleset pruned for
        this evaluate fact, each fact encoded (what :meth:`evaluate` and
        :meth:`evaluate_many` share)."""
        found: list[dict[frozenset[str], str] | None] = []
        keyed, ev, laid, values = keyed_request(question, facts, evaluate, found)
        with self._lock:
            base = self._ruleset(question)
            compiled, live = self._for_evaluate(base, ev)
        # Each fact encoded once, outside the engine's lock, with only the fields the rules
        # read; its key, state id and copy number are spliced in (the JSON of a flat fact ends
        # with its closing brace). Facts the rules cannot tell apart (equal in every field they
        # read) go to the engine once, and each conclusion on that one is a conclusion on every
        # one of them (see _conclusions): many records under one key cost the engine no more
        # than their distinct values do. Unless a rule reads the key itself. A fact equal to
        # one asked about before (``found``: keyed_request) takes the text made then.
        fields = compiled.fields
        encoded: list[tuple[str, str, str]] = []
        classes: dict[str, list[dict[str, Any]]] = {}
        alone = True  # whether each fact sent stands for itself alone
        first_of: dict[str, str] = {}
        for f, texts in zip(keyed, found, strict=True):
            read = fields.get(f["t"])
            if read is None:  # a type no rule names: no match can take it in
                continue
            made = None if texts is None else texts.get(read)
            if made is None:
                made = _for_engine(f, read)
                if texts is not None:
                    texts[read] = made
            text = made
            key = f["k"]
            if compiled.collapse:
                leader = first_of.setdefault(text, key)
                classes.setdefault(leader, []).append(f)
                if leader != key:
                    alone = False
                    continue
            encoded.append((text, f["t"], key))
        evaluate_text = _laid_text(laid, values, ev, fields[EVALUATE])
        return base, compiled, live, encoded, evaluate_text, keyed, ev, classes, alone

    def _concluded(self, question: Question, compiled: _Compiled, sink: _Sink,
                   ready: _Ready) -> list[Conclusion]:
        """The conclusions of one evaluation from what its actions recorded (or its action's
        error, raised)."""
        if sink.errors:
            first = sink.errors[0]
            raise RuleError(f"{question.id}: a rule action raised {first!r}") from first
        keyed, ev, classes, alone = ready[5:]
        if not compiled.collapse:
            classes = {f["k"]: [f] for f in keyed}
        classes["e"] = [ev]
        return _conclusions(question, sink.fired, compiled.positives, classes, alone, sink.back)

    def evaluate_many(
        self, question: Question,
        requests: Sequence[tuple[Sequence[Mapping[str, Any]], Mapping[str, Any]]],
    ) -> list[list[Conclusion] | Exception]:
        """Many evaluations of one question, each exactly :meth:`evaluate` of its (facts,
        evaluate fact): its conclusions, or the exception that call raises, in its place.

        The requests on one pruned ruleset take turns in its kept state, as :meth:`evaluate`'s
        do (:meth:`_step`), under one hold of the engine's lock for at most
        :data:`STATE_REQUESTS` of them, sorted so that requests with the same facts come
        together (fewer facts swapped; the order changes no answer, each request's state holding
        its facts alone when it is evaluated). Where states cannot be shared (a rule reads the
        key ``k``, or binds an evaluate fact otherwise) each request is evaluated in a state of
        its own, as by :meth:`evaluate`.
        """
        out: list[list[Conclusion] | Exception | None] = [None] * len(requests)
        runs: dict[int, list[tuple[int, _Ready]]] = {}
        for n, (facts, evaluate) in enumerate(requests):
            try:
                ready = self._ready(question, facts, evaluate)
            except Exception as exc:  # what evaluate would raise, in its place
                out[n] = exc
                continue
            runs.setdefault(id(ready[1]), []).append((n, ready))
        for members in runs.values():
            members.sort(key=lambda member: [text for text, _, _ in member[1][3]])
            for start in range(0, len(members), STATE_REQUESTS):
                try:
                    self._evaluate_run(question, members[start:start + STATE_REQUESTS], out)
                except Exception:  # never expected: the rest answered one by one below
                    pass
        for n, o in enumerate(out):
            if o is None:
                try:
                    out[n] = self.evaluate(question, *requests[n])
                except Exception as exc:
                    out[n] = exc
        return [o if o is not None else EngineError("not evaluated") for o in out]

    def _evaluate_run(self, question: Question, members: list[tuple[int, _Ready]],
                      out: list[list[Conclusion] | Exception | None]) -> None:
        """Evaluate requests on one ruleset under one hold of the lock, one after another in
        the state kept for it (:meth:`_evaluated`, what :meth:`evaluate` does): each request's
        conclusions or its error in its place in ``out``."""
        done: list[tuple[int, _Ready, _Compiled, _Sink]] = []
        with self._lock:
            try:
                for n, ready in members:
                    try:
                        compiled, sink = self._evaluated(question, ready, trim=False)
                    except Exception as exc:  # what evaluate raises, in its place
                        out[n] = exc
                        continue
                    done.append((n, ready, compiled, sink))
                    self.evaluations += 1
            finally:
                self._trim()
        for n, ready, compiled, sink in done:
            try:
                out[n] = self._concluded(question, compiled, sink, ready)
            except Exception as exc:
                out[n] = exc

    def _evaluated(self, question: Question, ready: _Ready, trim: bool = True
                   ) -> tuple[_Compiled, _Sink]:
        """One evaluation in the engine, under its lock: the ruleset it ran on and what its
        actions recorded. In the state kept for its pruned ruleset where evaluations may share
        one (:func:`shares_states`, and no rule reads the key ``k``); if that fails, or
        elsewhere, in a state of its own, made for it and deleted after (whose failure is the
        caller's). ``trim``: then delete the kept states beyond the engine's bound
        (:meth:`_trim`; a run of requests trims once, after its last). An engine keeping no
        state evaluates a single request in a state of its own, and a run in one state."""
        base, compiled, live = ready[:3]
        if self._by_object.get(id(question)) is not base:  # the host was replaced
            base = self._ruleset(question)
            compiled = self._pruned(base, live)
        if compiled.shared and compiled.collapse and (self._keep or not trim):
            sink = self._kept_step(question, compiled, ready)
            if trim:
                self._trim()
            if sink is not None:
                return compiled, sink
            if self._by_object.get(id(question)) is not base:  # replaced by that failure
                compiled = self._pruned(self._ruleset(question), live)
        state = self._new_state(compiled, own_keys=True)
        try:
            return compiled, self._step(question, state, ready)
        finally:
            self._close(state)

    def _kept_step(self, question: Question, compiled: _Compiled, ready: _Ready
                   ) -> _Sink | None:
        """One evaluation in the state kept for ``compiled`` (made if there is none), which
        is kept again after it, as the most recently used, unless it has had
        :data:`STATE_REQUESTS` requests. None if anything failed in it: the state is then
        deleted (or its host abandoned, :meth:`_close`), and the caller evaluates the request
        in a state of its own, which gives evaluate's answer or raises evaluate's error."""
        kept = self._kept
        state = kept.pop(id(compiled), None)
        if state is None or state.compiled is not compiled:
            state = self._new_state(compiled, own_keys=False)
        try:
            sink = self._step(question, state, ready)
        except Exception:
            self._close(state)
            return None
        except BaseException:  # an interrupt: the state is not left live, unkept
            self._close(state)
            raise
        if state.requests >= STATE_REQUESTS:
            self._close(state)
        else:
            kept[id(compiled)] = state  # the most recently used last
        return sink

    def _trim(self) -> None:
        """Delete the least recently used kept states beyond the engine's bound."""
        kept = self._kept
        while len(kept) > self._keep:
            self._close(kept.pop(next(iter(kept))))

    def _step(self, question: Question, state: _State, ready: _Ready) -> _Sink:
        """One request in ``state``: what its actions recorded, their bound keys the request's.

        The previous request's evaluate fact and the facts this one lacks are retracted (one
        call), then the facts it has that the state lacks are asserted with its evaluate fact
        last (one call). So when its evaluate fact arrives the state holds exactly its facts,
        as a state made for it alone would; and nothing is asserted or retracted while an
        evaluate fact is in the state: every conclusion rule starts with the evaluate fact and
        none negates one (:func:`shares_states`), so no tuple is open then, and none can hold
        two requests' evaluate facts. A fact is known in the state by its encoded text; its id
        there is the state's (``s<n>.<i>``, never reused), its key the request's that brought
        it unless a fact held has that key (then its id's stem); the keys the actions bind are
        turned back into the request's own where any differs. A state of one request
        (``own_keys``) takes the facts under their own keys. Any failure leaves the state
        unusable: the caller deletes it."""
        compiled, host, tail, m = state.compiled, self._host, state.tail, state.requests
        copies, handle, name = compiled.copies, compiled.handle, compiled.name
        state.requests = m + 1
        if state.own_keys:
            if m:
                raise EngineError("a state of one request was asked another")
            wanted: dict[str, str] = {}
            entering = [f'{text},"k":"{key}"{tail}{key}.{c}","cp":{c}}}'
                        for text, kind, key in ready[3] for c in range(copies.get(kind, 1))]
        else:
            held = state.held
            wanted = {}  # text (without its key) -> the request's key
            kinds: dict[str, str] = {}
            for text, kind, key in ready[3]:
                wanted[text] = key
                kinds[text] = kind
            used = state.used
            leaving = [state.previous] if state.previous is not None else []
            for text in [t for t in held if t not in wanted]:
                own, at, count = held.pop(text)
                used.discard(own)
                for c in range(count):
                    leaving.append(f'{text},"k":"{own}"{tail}{at}.{c}","cp":{c}}}')
            if leaving:
                host.retract_encoded(name, handle, "[" + ",".join(leaving) + "]", True,
                                     state.sid, _refuse_retraction_action)
            entering = []
            for text, kind in kinds.items():
                if text not in held:
                    at, count = f"s{m}.{len(entering)}", copies.get(kind, 1)
                    # Known in the state by the request's key where no fact held has it: a
                    # case's facts keep their places from one request to the next, so the
                    # keys the actions bind are mostly the request's own (no mapping back).
                    own = wanted[text]
                    if own in used:
                        own = at
                    used.add(own)
                    held[text] = (own, at, count)
                    for c in range(count):
                        entering.append(f'{text},"k":"{own}"{tail}{at}.{c}","cp":{c}}}')
        # The evaluate fact last in the same batch: durable asserts a batch's facts in order
        # (one outcome in every order of 7 facts, one by one or batched, when evaluate comes
        # last: docs/engine.md), and one call saves a pass through the engine's boundary.
        state.previous = f'{ready[4]}{tail}e{m}.0","cp":0}}'
        entering.append(state.previous)
        sink = _Sink(question, self.action_hook)
        try:
            host.assert_encoded(name, handle, "[" + ",".join(entering) + "]", True, state.sid,
                                sink.record, state.previous, sink, state.entries)
        except (self._durable.engine.MessageNotHandledException,
                self._durable.engine.MessageObservedException) as exc:
            raise EngineError(f"durable_rules refused a fact: {exc.message}") from exc
        finally:
            state.acted = state.acted or sink.sentinel
        if not sink.sentinel:
            raise EngineError("the evaluation ended without the sentinel rule firing")
        if not state.own_keys:  # read with the bound keys by _conclusions, not copied here
            held = state.held
            for text, key in wanted.items():
                if held[text][0] != key:  # some fact known by another key: all mapped back
                    back = {held[t][0]: k for t, k in wanted.items()}
                    back["e"] = "e"
                    sink.back = back
                    break
        return sink

    def _new_state(self, compiled: _Compiled, own_keys: bool) -> _State:
        """A state to evaluate on ``compiled``, under a fresh sid: the one place a ruleset's
        handle starts being used, so a gated question's whole ruleset, left unregistered by
        :meth:`_ruleset`, is registered here the first time an evaluation runs on it
        (:meth:`_whole`; every rule live, ``MAX_VARIANTS`` reached, or an override of
        :meth:`_for_evaluate` handing back the base)."""
        self._whole(compiled)
        return _State(compiled, self._fresh_sid(compiled.handle), own_keys=own_keys)

    def _fresh_sid(self, handle: int) -> str:
        """A sid whose 32-bit hash slot holds no live state (sids are found by hash only)."""
        for _ in range(8):
            sid = self._sid_factory()
            try:
                self._durable.rules_engine.get_state(handle, sid)
            except Exception:  # error 309: no state in that slot, as wanted
                return sid
        raise EngineError("no free state id after 8 tries")

    def _close(self, state: _State) -> None:
        """Delete a state; first make an action run in it if none did (deleting a state where
        no action ran aborts the process). If none can be made to run, the state cannot be
        freed safely: the host is abandoned (with the states kept on it), the process kept
        alive."""
        compiled, sid = state.compiled, state.sid
        if not state.acted:
            sink = _Sink(compiled.question, None)
            self._sinks[sid] = sink
            try:
                self._host.assert_fact(
                    compiled.name,
                    {"sid": sid, "id": "cleanup", "t": EVALUATE, "k": "cleanup", "cp": 0},
                )
            except Exception:
                pass
            finally:
                del self._sinks[sid]
            state.acted = sink.sentinel
        if state.acted:
            self._durable.rules_engine.delete_state(compiled.handle, sid)
        else:
            self._host = self._durable.host_class({})
            self._registered.clear()
            self._by_object.clear()
            self._variants = 0
            self._kept.clear()


#: One evaluation made ready for the engine (:meth:`DurableEngine._ready`): the question's
#: ruleset, the pruned one to run, its live rules, the encoded facts (each its JSON text
#: without its key and closing brace, its type, its key), the evaluate fact's text,
#: the keyed facts, the evaluate fact, the classes of alike facts, whether each stands alone.
_Ready: TypeAlias = tuple["_Compiled", "_Compiled", tuple[int, ...], list[tuple[str, str, str]],
                          str, list[dict[str, Any]], dict[str, Any],
                          dict[str, list[dict[str, Any]]], bool]


def shares_states(question: Question, kept: Sequence[int] | None = None) -> bool:
    """Whether evaluations of the question (its rules at ``kept``) may share one state
    (:meth:`DurableEngine.evaluate_many`): every rule binds exactly one evaluate fact, by its
    first pattern, and none negates one; so no tuple holds two requests' evaluate facts and
    no absence test sees another request's."""
    for rule in _rules(question, kept):
        evaluates = [p for p in rule.patterns if p.type == EVALUATE]
        if len(evaluates) != 1 or evaluates[0] is not rule.patterns[0] or evaluates[0].negated:
            return False
    return True


@attrs.define
class _Compiled:
    """A question's registered ruleset, and what evaluating it needs, worked out once.
    Mutable for ``handle`` alone: set once, under the engine's lock, when a gated question's
    whole ruleset is first needed (:meth:`DurableEngine._whole`)."""

    question: Question
    name: str
    #: UNREGISTERED until the ruleset is registered on the engine's host.
    handle: int
    copies: dict[str, int]
    positives: tuple[frozenset[str], ...]
    #: The fields of each fact type the rules read (:func:`engine_fields`).
    fields: dict[str, frozenset[str]]
    #: Whether facts equal in those fields may go to the engine once: not if a rule reads
    #: the key ``k`` (then no two facts are alike).
    collapse: bool
    #: Each rule's tests of the evaluate fact against constants (:func:`evaluate_gates`).
    gates: tuple[tuple[tuple[str, str, Any], ...], ...] = ()
    #: The evaluate fields some rule tests against a constant, in order.
    gated: tuple[str, ...] = ()
    #: Whether evaluations may share one state (:func:`shares_states`).
    shared: bool = False
    #: The question's pruned rulesets by the indexes of their rules (:meth:`_pruned`);
    #: filled under the engine's lock.
    variants: dict[tuple[int, ...], _Compiled] = attrs.field(factory=dict, eq=False,
                                                             repr=False)
    #: The ruleset and live rules by the (type, value) of each gated field of an evaluate
    #: fact (:meth:`DurableEngine._for_evaluate`); filled under the engine's lock.
    by_gate: dict[tuple[Any, ...], tuple[_Compiled, tuple[int, ...]]] = attrs.field(
        factory=dict, eq=False, repr=False)


def _encoder() -> Callable[[Any], str]:
    """One JSON encoder for the engine boundary, made once: fact values are only str, int and
    bool (checked against the declared types first), so no circularity check and no spaces.
    ``json.dumps`` and ``JSONEncoder.encode`` build the C encoder again on every call, which
    cost more than encoding a flat fact; where the C accelerator is missing, the plain one."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return json.JSONEncoder(ensure_ascii=False, check_circular=False,
                                separators=(",", ":")).encode
    encode = make(None, None, json.encoder.encode_basestring, None, ":", ",", False, False, True)

    def encoded(value: Any) -> str:
        return "".join(encode(value, 0))

    return encoded


_ENCODE = _encoder()


#: Each value type a checked fact holds, as its JSON text: what the C encoder writes for it
#: (``encode_basestring`` is the function it calls for a ``str`` when ``ensure_ascii`` is off).
_JSON_VALUE: dict[type, Callable[[Any], str]] = {
    str: json.encoder.encode_basestring,
    int: int.__repr__,
    bool: {True: "true", False: "false"}.__getitem__,
}


def _for_engine(fact: dict[str, Any], fields: frozenset[str] | None) -> str:
    """A keyed fact as the engine stores it, as JSON without its key and its closing brace:
    only the fields the rules read (all of them when ``fields`` is None), a declared field
    ``id`` as ``rid`` (the engine takes ``id`` as the fact's identity).

    Written field by field: the values were checked to be ``str``, ``int`` or ``bool``, and
    the field names are identifiers, so each is its JSON text at once; a third cheaper than
    the C encoder's generic walk of a filtered copy. Anything else (never expected) takes
    that walk, which writes the same text or refuses the value as before."""
    value = _JSON_VALUE
    try:
        text = "{" + ",".join([f'"{k}":{value[v.__class__](v)}' for k, v in fact.items()
                               if k != "k" and k != "id" and (fields is None or k in fields)])
        if "id" in fact and (fields is None or "id" in fields):  # last, as it always went
            rid = value[fact["id"].__class__](fact["id"])
            text = f'{text},"rid":{rid}' if len(text) > 1 else f'{text}"rid":{rid}'
        return text
    except KeyError:
        out = {k: v for k, v in fact.items() if k != "k" and (fields is None or k in fields)}
        if "id" in out:
            out["rid"] = out.pop("id")
        return _ENCODE(out)[:-1]


#: One way of writing an evaluate fact's text (:func:`_text_layout`): the set of fields read
#: it was made for, the text with a ``%s`` for each value written, and the getters, from the
#: fact's values in order, of the strings, the booleans and the integers written, and of the
#: written texts of those (in that order) in the order of the fields.
_TextLayout: TypeAlias = tuple[frozenset[str], str, Callable[[tuple[Any, ...]], Any],
                               Callable[[tuple[Any, ...]], Any],
                               Callable[[tuple[Any, ...]], Any],
                               Callable[[tuple[Any, ...]], Any]]
#: The JSON texts of the two booleans, by value.
_BOOL_TEXT = _JSON_VALUE[bool]
_STRING_TEXT = json.encoder.encode_basestring


def _tuple_getter(positions: Sequence[int]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """The items of a tuple at ``positions``, always as a tuple (``itemgetter`` gives one only
    for two or more)."""
    if len(positions) > 1:
        return operator.itemgetter(*positions)
    return operator.itemgetter(slice(positions[0], positions[0] + 1) if positions
                               else slice(0, 0))


def _text_layout(keys: tuple[str, ...], types: tuple[type, ...], fields: frozenset[str]
                 ) -> _TextLayout | None:
    """How to write the text of an evaluate fact with these keys and value types, reading
    ``fields``: which values are written and their names, so that a request only fills its
    values in: its strings written by one ``map`` of the C writer, its booleans by another,
    its integers as they are (``%s`` of an ``int`` is its JSON), put in the fields' order by
    one getter, one ``%`` formatting (a writer called per value through ``operator.call`` cost
    a fifth more). None where a written value is of another type (never expected: the fact was
    checked)."""
    picked = [n for n, k in enumerate(keys) if k != "k" and k != "id" and k in fields]
    if "id" in keys and "id" in fields:  # last, as _for_engine writes it
        picked.append(keys.index("id"))
    if not all(types[n] in _JSON_VALUE for n in picked):
        return None
    names = ["rid" if keys[n] == "id" else keys[n].replace("%", "%%") for n in picked]
    text = "{" + ",".join([f'"{name}":%s' for name in names]) + ',"k":"e"'
    by_type = [[n for n in picked if types[n] is kind] for kind in (str, bool, int)]
    written = [n for group in by_type for n in group]
    strings, booleans, integers = (_tuple_getter(group) for group in by_type)
    return fields, text, strings, booleans, integers, _tuple_getter(
        [written.index(n) for n in picked])


def _written(layout: _TextLayout, values: tuple[Any, ...]) -> str:
    """The text of an evaluate fact of these values, by its text layout."""
    text: str = layout[1] % layout[5]((*map(_STRING_TEXT, layout[2](values)),
                                       *map(_BOOL_TEXT, layout[3](values)),
                                       *layout[4](values)))
    return text


def _laid_text(laid: EvaluateLayout, values: tuple[Any, ...], ev: dict[str, Any],
               fields: frozenset[str]) -> str:
    """``_for_engine(ev, fields) + ',"k":"e"'``, the text of a request's evaluate fact
    ``ev``, whose layout (keys and value types) and values
    :func:`~kgrules.evaluation.keyed_request` already found: a scope writes every evaluate
    fact of a question with the same keys in the same order and the same value types, so its
    :func:`_text_layout` is worked out once per such layout and set of fields read, kept on
    that layout; the keys, values and types are not read again and nothing is hashed but the
    fields' id."""
    texts = laid.texts
    layout = texts.get(id(fields))
    if layout is None or layout[0] is not fields:
        layout = _text_layout(laid.keys, laid.types, fields)
        if layout is None:
            return _for_engine(ev, fields) + ',"k":"e"'
        if len(texts) >= MAX_LAYOUT_TEXTS:
            texts.clear()
        texts[id(fields)] = layout
    return _written(layout, values)


def positive_bindings(question: Question) -> tuple[frozenset[str], ...]:
    """For each rule of a question, in order, the bindings of its positive patterns."""
    return tuple(
        frozenset(p.binding for p in rule.patterns if not p.negated) for rule in question.rules
    )


_NAMED: dict[int, tuple[Question, tuple[frozenset[str], ...],
                        dict[str, tuple[str, frozenset[str]]]]] = {}


def _named_rules(question: Question, positives: tuple[frozenset[str], ...]
                 ) -> dict[str, tuple[str, frozenset[str]]]:
    """For each action name (``r<index>``), the rule's id and its positive bindings: made once
    per question object (a changed declaration is a new object, so never stale)."""
    known = _NAMED.get(id(question))
    if known is not None and known[0] is question and known[1] is positives:
        return known[2]
    named = {f"r{n}": (rule.id, positives[n]) for n, rule in enumerate(question.rules)}
    _NAMED[id(question)] = (question, positives, named)
    return named


#: At most this many action bindings' plans kept per question (:func:`_conclusions`).
MAX_BINDING_PLANS = 4096
#: At most this many evaluations' layouts kept per question (:func:`_conclusions`).
MAX_LAYOUTS = 4096
#: Per question object: its ``_named_rules``; for each action's bindings
#: (the rule name, the bindings in the engine's order, then their keys in the request:
#: :func:`_binding_key`) the rule's id, its positive bindings, their keys and the
#: conclusion's key; and for each sequence of those the conclusions' layout (:func:`_layout`).
#: The keys of a question's facts (``f0``, ``f1``..., ``e``) repeat from one ask to the next,
#: and so do the rules that fire: each combination is worked out once. Derived from the
#: question's rules and the engine's firings alone, never from a fact's values. Last, the
#: positive bindings they were made for: kept while the same object is given (one look-up an
#: ask, not two).
_BINDING_PLANS: dict[int, tuple[Question, dict[str, tuple[str, frozenset[str]]],
                                dict[tuple[str, ...],
                                     tuple[str, tuple[str, ...], tuple[str, ...],
                                           tuple[str, tuple[str, ...]]]],
                                dict[tuple[tuple[str, ...], ...],
                                     tuple[tuple[str, tuple[tuple[str, str], ...]], ...]],
                                tuple[frozenset[str], ...]]] = {}


def _binding_key(at: _Entry, back: dict[str, str] | None) -> tuple[str, ...]:
    """An action's plan key: its entry (:data:`_Entry`: rule name, bindings, their keys in
    the state) with the keys turned into the request's (``back``; None: they are already).
    One flat tuple: a flat tuple hashes faster than one of pairs; unambiguous, as its length
    gives the number of bindings."""
    if back is None:
        return at
    half = (len(at) + 1) // 2
    return at[:half] + tuple(map(back.__getitem__, at[half:]))


def _plan(named: dict[str, tuple[str, frozenset[str]]],
          plans: dict[tuple[str, ...], tuple[str, tuple[str, ...], tuple[str, ...],
                                             tuple[str, tuple[str, ...]]]],
          at: tuple[str, ...]) -> tuple[str, tuple[str, ...], tuple[str, ...],
                                        tuple[str, tuple[str, ...]]]:
    """The plan of one action (:data:`_BINDING_PLANS`) by its key (:func:`_binding_key`):
    the rule's id, its positive bindings in the engine's order (the patterns'), their keys in
    the request, and the conclusion's key when each fact stands for itself (a lone fact of a
    class is its leader: its key is the one the engine sent)."""
    plan = plans.get(at)
    if plan is None:
        rule_id, positive = named[at[0]]
        half = (len(at) - 1) // 2
        request = dict(zip(at[1:1 + half], at[1 + half:], strict=True))
        names = tuple([b for b in request if b in positive])
        keys = tuple([request[b] for b in names])
        plan = (rule_id, names, keys,
                (rule_id, tuple(sorted([f"{b}={k}" for b, k in zip(names, keys, strict=True)]))))
        if len(plans) < MAX_BINDING_PLANS:
            plans[at] = plan
    return plan


def _layout(named: dict[str, tuple[str, frozenset[str]]],
            plans: dict[tuple[str, ...], tuple[str, tuple[str, ...], tuple[str, ...],
                                               tuple[str, tuple[str, ...]]]],
            ats: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Where each fact stands for itself: the conclusions of an evaluation whose actions had
    the keys ``ats`` (:func:`_binding_key`, in the order they ran), as each one's rule id and
    its (binding, request key) pairs, one per matching tuple, in the order of their keys."""
    out: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[tuple[str, str], ...]]] = {}
    for at in ats:
        rule_id, names, keys, key = _plan(named, plans, at)
        if key not in out:
            out[key] = (rule_id, tuple(zip(names, keys, strict=True)))
    return tuple([out[key] for key in sorted(out)])


def _conclusions(
    question: Question,
    fired: list[_Entry],
    positives: tuple[frozenset[str], ...],
    classes: Mapping[str, list[dict[str, Any]]],
    alone: bool = False,
    back: dict[str, str] | None = None,
) -> list[Conclusion]:
    """The conclusions, each binding facts that were asserted (found by the key ``k`` the
    engine sends back): what the oracle binds, with no copy made of what the engine sends.

    ``classes`` gives, for the key of each fact sent to the engine, the facts it stands for
    (itself, and those equal to it in every field the rules read): a tuple the engine matched
    is a match of every combination of them, as the oracle's nested loops find. ``alone``:
    every class is its one fact (no fact stood for another), so no combination is looked for.
    ``back``: the request's key of each key a kept state gave (None: the bound keys are the
    request's own).
    """
    kept = _BINDING_PLANS.get(id(question))
    if kept is None or kept[0] is not question or kept[4] is not positives:
        kept = _BINDING_PLANS[id(question)] = (
            question, _named_rules(question, positives), {}, {}, positives)
    named, plans, layouts = kept[1], kept[2], kept[3]
    if alone:  # each conclusion's rule, bindings and keys follow from the actions alone
        ats = tuple(fired) if back is None else tuple([_binding_key(at, back) for at in fired])
        layout = layouts.get(ats)
        if layout is None:
            layout = _layout(named, plans, ats)
            if len(layouts) < MAX_LAYOUTS:
                layouts[ats] = layout
        # Loops, not comprehensions: a comprehension is a function made and called for each
        # conclusion, which cost more than its two or three items.
        made: list[Conclusion] = []
        for rule_id, pairs in layout:
            bound = {}
            for b, k in pairs:
                bound[b] = classes[k][0]
            made.append(make_conclusion(rule_id, bound))
        return made
    out: dict[tuple[str, tuple[str, ...]], Conclusion] = {}
    for entry in fired:
        rule_id, names, keys, key = _plan(named, plans, _binding_key(entry, back))
        groups = [classes[k] for k in keys]
        if max(map(len, groups), default=1) == 1:  # the usual case: each fact stands for itself
            if key not in out:
                out[key] = Conclusion(rule_id, {b: g[0] for b, g in zip(names, groups, strict=True)})
            continue
        # Conclusion.key of each tuple, worked out before the conclusion is made (most tuples
        # repeat): its "binding=key" texts sorted. Binding names are identifiers (no "="), so
        # two distinct ones order their texts as "name=" does, whatever the keys: each text is
        # made once per fact, not once per tuple, and put in the names' order (thousands of
        # records under one key: a third of this function, issue 14).
        texts = [[f"{b}={f['k']}" for f in g] for b, g in zip(names, groups, strict=True)]
        order = sorted(range(len(names)), key=lambda i: names[i] + "=")
        for picks in itertools.product(*[range(len(g)) for g in groups]):
            key = (rule_id, tuple([texts[i][picks[i]] for i in order]))
            if key not in out:  # one conclusion per matching tuple
                out[key] = make_conclusion(rule_id, {b: groups[i][picks[i]]
                                                     for i, b in enumerate(names)})
    return [out[key] for key in sorted(out)]


_DEFAULT: DurableEngine | None = None
_DEFAULT_LOCK = threading.Lock()


def default_engine() -> DurableEngine:
    """The process's default engine, made once (the lock only while it is made: every ask
    reads it)."""
    global _DEFAULT
    made = _DEFAULT
    if made is not None:
        return made
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = DurableEngine()
        return _DEFAULT
