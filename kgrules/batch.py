"""Many questions in one call: over one case (:func:`ask_many`) or over many cases
(:func:`ask_cases`), decisions returned in the order asked.

A batch answers exactly what :func:`kgrules.ask` answers for each request; what it saves is the
work ``ask`` repeats per call (validating the interpretation settings, choosing the calendar,
finding the engine) and, with ``workers``, the wait: durable_rules runs under one process-wide
lock and holds the GIL, so threads cannot answer two questions at once, but processes can.

>>> import kgrules
>>> case = kgrules.load_example()
>>> [d.outcome.value for d in kgrules.ask_many(case, [
...     ("dieu10.substitute_allowed", {"meeting": "H2009-Q2", "member": "P09", "substitute": "S01"}),
...     ("dieu10.regular_meeting_in_window", {"meeting": "H2009-Q3"}),
... ])]
['yes', 'yes']

**Errors.** A request that cannot be answered (an unknown question, a bad argument) raises the
same typed error ``ask`` would, its path prefixed with the request's place
(``requests[3].arguments.meeting``); with ``errors="return"`` the error takes the decision's
place in the list instead, and the other requests are still answered.

**Workers.** ``workers=n`` (n > 1) answers the batch in ``n`` processes: this one and ``n - 1``
worker processes started for the call, chunks of requests each (this process takes them from
the back, the workers from the front); the answers are the serial ones, in order. On Linux, while the
calling process has a single thread, the workers are forked: they inherit the cases (indexes
built), the engine's registered rules and the imports, and nothing is pickled to them. Otherwise
(another thread exists, which might hold a lock fork would copy held; or another platform) they
are spawned: a fresh interpreter each, which receives every case of the batch pickled, checks
and indexes it again, and registers its own rules, about a second in all; such a worker knows
only the questions of the installed rule modules (not one registered at run time), the engine
must be durable_rules, the oracle or picklable, and a script needs the usual guard of ``spawn``
(``if __name__ == "__main__":``). Worth it for batches of thousands of questions, not for a
handful. A worker that dies is an :class:`~kgrules.errors.EngineError` in the calling process,
which carries on.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, TypeAlias, overload

import attrs

from kgrules.calendar import CalendarOverride, WorkingCalendar
from kgrules.case import Case
from kgrules.catalogue import Engine, ask, ask_each, calendar_for, shared_dependencies
from kgrules.decision import (
    Decision,
    Deferred,
    InterpretationUsed,
    MissingFact,
    Namer,
    Outcome,
    PendingReasons,
    PendingWhatIf,
    Quote,
    Reason,
    WhatIf,
    _quotes,
)
from kgrules.dsl import Status
from kgrules.engine import DurableEngine, load_durable
from kgrules.errors import ArgumentError, EngineError, InputError, KgrulesError
from kgrules.gcpause import paused_batch, paused_gc
from kgrules.i18n import Text
from kgrules.interpretations import Settings
from kgrules.interpretations import settings as make_settings
from kgrules.naming import namer_again, namer_arguments
from kgrules.oracle import OracleEngine

__all__ = ["Job", "Request", "RequestLike", "ask_cases", "ask_many"]


@attrs.frozen
class Request:
    """One question to ask: its id and its arguments (as :func:`kgrules.ask` takes them)."""

    question: str
    arguments: Mapping[str, Any] = attrs.field(factory=dict)


RequestLike: TypeAlias = "Request | tuple[str, Mapping[str, Any]] | Mapping[str, Any]"
"""A :class:`Request`, a ``(question, arguments)`` pair, or ``{"question": ..., "arguments":
{...}}`` (as JSON would hold it)."""

Errors = Literal["raise", "return"]
#: Below this many requests a batch is answered in the calling process whatever ``workers`` says.
MIN_PARALLEL = 64


@overload
def ask_many(
    case: Case,
    requests: Iterable[RequestLike],
    *,
    interpretations: Mapping[str, str] | Settings | None = ...,
    calendar: WorkingCalendar | None = ...,
    engine: Engine | None = ...,
    workers: int | None = ...,
    errors: Literal["raise"] = ...,
) -> list[Decision]: ...
@overload
def ask_many(
    case: Case,
    requests: Iterable[RequestLike],
    *,
    interpretations: Mapping[str, str] | Settings | None = ...,
    calendar: WorkingCalendar | None = ...,
    engine: Engine | None = ...,
    workers: int | None = ...,
    errors: Literal["return"],
) -> list[Decision | KgrulesError]: ...


def ask_many(
    case: Case,
    requests: Iterable[RequestLike],
    *,
    interpretations: Mapping[str, str] | Settings | None = None,
    calendar: WorkingCalendar | None = None,
    engine: Engine | None = None,
    workers: int | None = None,
    errors: Errors = "raise",
) -> list[Any]:
    """Answer many questions about one case; the decisions come back in the order asked.

    Settings, calendar and engine apply to every request, as in :func:`kgrules.ask`. With
    ``errors="return"`` a request that fails is answered by its error (a
    :class:`~kgrules.errors.KgrulesError`) in its place.
    """
    if not isinstance(case, Case):
        raise ArgumentError("case", f"expected a Case, not {type(case).__name__}")
    if isinstance(requests, str | bytes | Mapping):
        raise ArgumentError("requests", "expected a list of requests, not a single value")
    return _answer(
        ((case, _request(f"requests[{i}]", raw)) for i, raw in enumerate(requests)),
        "requests", interpretations, calendar, engine, workers, errors,
    )


def ask_built(
    case: Case,
    requests: Sequence[Request],
    *,
    interpretations: Settings,
    calendar: WorkingCalendar | None,
    engine: Engine | None,
    workers: int | None,
) -> list[Decision | KgrulesError]:
    """:func:`ask_many` (``errors="return"``) of requests their caller built itself, each a
    :class:`Request` of a question id and a ``dict`` of named arguments (as
    :func:`kgrules.audit` does): their shape is not checked again, which cost about 1.2 µs a
    request (0.14 s of a 100,000-expenditure audit's 112,540, before its workers started).
    Their arguments are still checked as ``ask`` checks them, each error in its place. A
    user's requests go through :func:`ask_many`, whose checks this leaves as they are."""
    return _answer(((case, request) for request in requests), "requests", interpretations,
                   calendar, engine, workers, "return")


Job: TypeAlias = "tuple[Case, RequestLike] | tuple[Case, str, Mapping[str, Any]]"
"""``(case, request)`` or ``(case, question, arguments)``."""


@overload
def ask_cases(
    jobs: Iterable[Job],
    *,
    interpretations: Mapping[str, str] | Settings | None = ...,
    calendar: WorkingCalendar | None = ...,
    engine: Engine | None = ...,
    workers: int | None = ...,
    errors: Literal["raise"] = ...,
) -> list[Decision]: ...
@overload
def ask_cases(
    jobs: Iterable[Job],
    *,
    interpretations: Mapping[str, str] | Settings | None = ...,
    calendar: WorkingCalendar | None = ...,
    engine: Engine | None = ...,
    workers: int | None = ...,
    errors: Literal["return"],
) -> list[Decision | KgrulesError]: ...


def ask_cases(
    jobs: Iterable[Job],
    *,
    interpretations: Mapping[str, str] | Settings | None = None,
    calendar: WorkingCalendar | None = None,
    engine: Engine | None = None,
    workers: int | None = None,
    errors: Errors = "raise",
) -> list[Any]:
    """Answer questions about many cases in one call: each job is ``(case, request)`` or
    ``(case, question, arguments)``; the decisions come back in the order of the jobs."""
    if isinstance(jobs, str | bytes | Mapping):
        raise ArgumentError("jobs", "expected a list of jobs, not a single value")
    return _answer(
        (_job(i, job) for i, job in enumerate(jobs)),
        "jobs", interpretations, calendar, engine, workers, errors,
    )


def _answer(
    jobs: Iterable[tuple[Case, Request | _Invalid]],
    label: str,
    interpretations: Mapping[str, str] | Settings | None,
    calendar: WorkingCalendar | None,
    engine: Engine | None,
    workers: int | None,
    errors: Errors,
) -> list[Any]:
    if errors not in ("raise", "return"):
        raise ArgumentError("errors", f"is 'raise' or 'return', not {errors!r}")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int)
                                or workers < 0):
        raise ArgumentError("workers", f"is a number of processes, not {workers!r}")
    chosen = make_settings(interpretations)
    cases: list[Case] = []
    where: dict[int, int] = {}
    work: list[tuple[int, Request | _Invalid]] = []
    for case, request in jobs:
        if id(case) not in where:
            where[id(case)] = len(cases)
            cases.append(case)
        work.append((where[id(case)], request))
    with paused_batch():  # the decisions are kept: no collections meanwhile, nor walked after
        if workers is not None and workers > 1 and len(work) >= MIN_PARALLEL:
            answers = _parallel(cases, work, chosen, calendar, engine, workers, label)
        else:
            answers = _serial(cases, work, chosen, calendar, engine, label,
                              stop=errors == "raise")
    if errors == "raise":
        for answer in answers:
            if isinstance(answer, KgrulesError):
                raise answer
    return answers


# --- requests ----------------------------------------------------------------------------------


@attrs.frozen
class _Invalid:
    """A request that is malformed itself: answered by its error, in its place. Kept as the
    error's path and message, which (unlike the error) pickle for a worker process."""

    path: str
    message: str

    @property
    def error(self) -> ArgumentError:
        return ArgumentError(self.path, self.message)


#: Names ``kgrules.ask`` takes for itself: never a question's argument.
_RESERVED = frozenset({"question_id", "case", "interpretations", "calendar", "engine", "record",
                       "counterfactuals"})


def _request(path: str, raw: object) -> Request | _Invalid:
    question: object
    arguments: object
    if isinstance(raw, Request):
        question, arguments = raw.question, raw.arguments
    elif isinstance(raw, tuple) and len(raw) == 2:
        question, arguments = raw
    elif isinstance(raw, Mapping):
        unknown = sorted(str(k) for k in raw if k not in ("question", "arguments"))
        if unknown:
            return _Invalid(f"{path}.{unknown[0]}", "unknown field (allowed: question, arguments)")
        question, arguments = raw.get("question"), raw.get("arguments", {})
    else:
        return _Invalid(
            path, "expected a Request, a (question, arguments) pair or a {question, arguments} "
            f"object, not {type(raw).__name__}")
    if not isinstance(question, str):
        return _Invalid(f"{path}.question", f"expected a question id, not {type(question).__name__}")
    if not isinstance(arguments, Mapping) or not all(isinstance(k, str) for k in arguments):
        return _Invalid(f"{path}.arguments", "expected an object of named arguments")
    for name in sorted(_RESERVED.intersection(arguments)):
        return _Invalid(f"{path}.arguments.{name}", f"{question} takes no argument {name!r}")
    return raw if isinstance(raw, Request) else Request(question, dict(arguments))


def _job(i: int, job: object) -> tuple[Case, Request | _Invalid]:
    path = f"jobs[{i}]"
    if isinstance(job, tuple) and len(job) == 3:
        case, question, arguments = job
        request = _request(path, (question, arguments))
    elif isinstance(job, tuple) and len(job) == 2:
        case, raw = job
        request = raw if isinstance(raw, Request | _Invalid) else _request(path, raw)
    else:
        raise ArgumentError(path, "expected (case, request) or (case, question, arguments)")
    if not isinstance(case, Case):
        raise ArgumentError(f"{path}.case", f"expected a Case, not {type(case).__name__}")
    return case, request


def _located(error: KgrulesError, label: str, index: int) -> KgrulesError:
    """The error of request ``index``, its path prefixed with the request's place."""
    if isinstance(error, InputError) and not error.path.startswith(f"{label}["):
        located = type(error)(f"{label}[{index}].{error.path}", error.message)
        located.__cause__ = error.__cause__
        return located
    return error


# --- serial ------------------------------------------------------------------------------------


def _serial(
    cases: Sequence[Case],
    work: Sequence[tuple[int, Request | _Invalid]],
    chosen: Settings,
    calendar: WorkingCalendar | None,
    engine: Engine | None,
    label: str,
    offset: int = 0,
    stop: bool = False,
) -> list[Any]:
    calendars = [calendar if calendar is not None else calendar_for(c) for c in cases]
    answers: list[Any] = []
    # The requests share their dependencies' answers (one may_act per decider and day);
    # consecutive requests of one question about one case are asked together (ask_each:
    # each exactly ask's answer or error, the engine's work batched).
    with shared_dependencies(), paused_gc():
        for start, end in _runs(work):
            which, request = work[start]
            if isinstance(request, _Invalid):
                got: list[Any] = [request.error]
            else:
                got = ask_each(request.question, cases[which],
                               [r.arguments for _, r in work[start:end]
                                if isinstance(r, Request)],
                               interpretations=chosen, calendar=calendars[which],
                               engine=engine)
            for n, answer in enumerate(got, start):
                if isinstance(answer, KgrulesError):
                    answer = _located(answer, label, offset + n)
                elif isinstance(answer, Exception):
                    raise answer
                answers.append(answer)
                if stop and isinstance(answer, KgrulesError):
                    return answers
    return answers


#: At most this many consecutive requests asked together (:func:`_runs`): their scopes are
#: held until the engine has evaluated them all.
RUN = 512


def _runs(work: Sequence[tuple[int, Request | _Invalid]]) -> Iterator[tuple[int, int]]:
    """The runs of consecutive requests of one question about one case, as (start, end), at
    most :data:`RUN` long; a malformed request is a run of its own."""
    start = 0
    while start < len(work):
        which, first = work[start]
        end = start + 1
        if isinstance(first, Request):
            while end < len(work) and end - start < RUN and work[end][0] == which:
                following = work[end][1]
                if not isinstance(following, Request) or following.question != first.question:
                    break
                end += 1
        yield start, end
        start = end


# --- worker processes --------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _engine_spec(engine: Engine | None) -> tuple[str, bytes | None]:
    if engine is None or type(engine) is DurableEngine:
        load_durable()  # EngineUnavailableError here, not a broken worker pool
        return "durable", None
    if type(engine) is OracleEngine:
        return "oracle", None
    try:
        return "pickled", pickle.dumps(engine)
    except Exception as exc:
        raise ArgumentError("engine", f"cannot be sent to worker processes: {exc}") from None


def _calendar_spec(calendar: WorkingCalendar | None) -> tuple[tuple[CalendarOverride, ...],
                                                               bool] | None:
    """A calendar as what rebuilds it in a worker (it holds a lock, so it does not pickle)."""
    if calendar is None:
        return None
    if type(calendar) is not WorkingCalendar:
        raise ArgumentError("calendar", "only a WorkingCalendar can be sent to worker processes")
    return calendar.overrides, bool(calendar.corrections)


def _start_method() -> str:
    """How the workers of a batch start: ``fork`` where that is safe, else ``spawn``.

    A forked worker inherits this process's cases with their indexes built, the registered
    rulesets and the imports (each spawned worker paid ~0.3 s to import, ~0.1 s to unpickle
    the cases, ~0.35 s to warm them up again, and its exit): but fork copies every lock as it
    was, so it is used only on Linux and only while this process has a single thread (checked
    at the OS level, so threads started by C libraries count): no other thread can hold a lock
    then, and none can be started before the workers are (ProcessPoolExecutor forks all of them
    before it starts its own threads). Otherwise spawn, a fresh interpreter each.
    """
    if sys.platform != "linux" or threading.active_count() != 1:
        return "spawn"
    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError:
        return "spawn"
    return "fork" if threads == 1 else "spawn"


def _init_worker(
    cases: bytes, settings: Settings, calendar: tuple[tuple[CalendarOverride, ...], bool] | None,
    engine: tuple[str, bytes | None],
) -> None:
    """A spawned worker: the cases, calendar and engine rebuilt from what was sent."""
    kind, data = engine
    _begin(pickle.loads(cases), settings,
           None if calendar is None else WorkingCalendar(calendar[0], corrections=calendar[1]),
           DurableEngine() if kind == "durable" else OracleEngine() if kind == "oracle"
           else pickle.loads(data or b""))


def _begin(cases: list[Case], settings: Settings, calendar: WorkingCalendar | None,
           engine: Engine | None) -> None:
    """A worker's state for the batch (a forked worker is given the caller's own objects)."""
    _WORKER["cases"] = cases
    # One block of shared dependencies for the worker's life (that is, this batch): its chunks
    # share one may_act per decider and day, as the serial batch does, instead of one per chunk.
    _WORKER["shared"] = contextlib.ExitStack()
    _WORKER["shared"].enter_context(shared_dependencies())
    _WORKER["settings"] = settings
    _WORKER["calendar"] = calendar
    _WORKER["engine"] = engine


def _sent_work(work: Sequence[tuple[int, Request | _Invalid]]) -> list[tuple[Any, ...]]:
    """A chunk's requests as they cross to a worker: ``(case, question, arguments)``, plain
    tuples, which pickle and unpickle about 3 µs faster a request than the frozen
    :class:`Request` (a malformed request crosses as ``(case, _Invalid)``)."""
    return [(which, r.question, r.arguments) if type(r) is Request else (which, r)
            for which, r in work]


def _run_chunk(offset: int, sent: list[tuple[Any, ...]], label: str) -> list[Any]:
    cases = _WORKER["cases"]
    work = [(w[0], Request(w[1], w[2])) if len(w) == 3 else (w[0], w[1]) for w in sent]
    answers = _serial(cases, work, _WORKER["settings"], _WORKER["calendar"],
                      _WORKER["engine"], label, offset)
    # Input errors are rebuilt from their path and message: their constructors take two
    # arguments, which exceptions do not pickle.
    shared: dict[Any, Any] = {}  # the chunk's repeated parts, pickled once each
    return [_Sent.of(a) if isinstance(a, KgrulesError) else _pack(a, cases[which], shared)
            for a, (which, _) in zip(answers, work, strict=True)]


# A decision travels back as plain tuples: unpickling the attrs objects themselves costs more
# than answering the question did (665 µs a decision, measured), rebuilding them 30 µs. The
# quoted clauses are not sent at all: they are the cached quotes of the rule's clause ids.
# A reason's prose not read yet is sent as what renders it (template, the values it reads in
# its layout's order or else its bound fields, the namer's arguments) and rendered here when
# read, as in one process: rendering it in the worker cost ~40 % of the worker's time, for
# prose most audits never read. Nor are the reasons themselves made on either side while
# nobody has read them: the worker packs them from what they would be made from
# (:meth:`PendingReasons.unread`; packing 17 → 8 µs a decision) and this process makes them
# on first read (:meth:`PendingReasons.later`; unpacking 17 → 6 µs, reading them then ~10 µs).
# The parts many decisions of a chunk repeat (a reason's rule, condition, status, clauses and
# decisiveness; the readings used; the warnings; the missing facts) are made one object each
# in the worker, so pickle sends each once and then a reference, and are rebuilt once each
# here (:class:`_Rebuilt`): at 7 reasons a decision, most of what crossed was repetition.
# An unread compact decision (every decision a batch or an audit makes) goes further
# (:func:`_skeleton_sent`): its skeleton's heads once a chunk, then its own kept data as it
# is (at 100,000 a worker's packing 9.9 -> 5.8 us a decision, pickling ~10 -> ~9 us).
_Packed: TypeAlias = tuple[Any, ...]


def _prose(reason: Reason, case: Case) -> tuple[Any, ...]:
    """A reason's explanation and records as they travel: rendered text, or still pending."""
    deferred = reason.deferred
    kept = deferred.kept() if deferred is not None else None
    if kept is not None:  # the template's values alone, in its layout's order (a tuple)
        template, values, _, namer = kept
        arguments = None if namer is None else namer_arguments(namer, case)
        if namer is None or arguments is not None:
            return (template.vi, template.en, values, arguments)
    source = deferred.source() if deferred is not None else None
    if source is not None:
        template, bindings, _, namer = source
        arguments = None if namer is None else namer_arguments(namer, case)
        if namer is None or arguments is not None:
            return (template.vi, template.en, bindings, arguments)
    return (reason.explanation.vi, reason.explanation.en, reason.records)


class _Rebuilt:
    """The objects rebuilt from a batch's repeated packed parts, each once (all immutable, so
    decisions may share them), keyed by the packed value."""

    __slots__ = ("heads", "parts", "skeletons", "texts")

    def __init__(self) -> None:
        self.heads: dict[tuple[Any, ...], tuple[Status, tuple[Quote, ...]]] = {}
        #: id(received heads) -> (those heads, per reason (status, quotes, template))
        self.skeletons: dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
        self.texts: dict[tuple[str, str], Text] = {}
        self.parts: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def text(self, vi: str, en: str) -> Text:
        key = (vi, en)
        made = self.texts.get(key)
        if made is None:
            made = self.texts[key] = Text(vi, en)
        return made


def _explanation(prose: tuple[Any, ...], facts: tuple[str, ...], case: Case,
                 namers: dict[tuple[object, ...], Namer],
                 rebuilt: _Rebuilt | None = None) -> tuple[Text | Deferred, tuple[str, ...]]:
    """What :func:`_prose` sent, as a reason takes it (explanation, records)."""
    if len(prose) == 3:
        return Text(prose[0], prose[1]), prose[2]
    vi, en, bindings, arguments = prose
    namer = None
    if arguments is not None:
        namer = namers.get(arguments)
        if namer is None:
            namer = namers[arguments] = namer_again(case, arguments)
    template = Text(vi, en) if rebuilt is None else rebuilt.text(vi, en)
    if type(bindings) is tuple:  # the values :meth:`Deferred.kept` sent
        return Deferred.of_values(template, bindings, facts, namer), ()
    return Deferred(template, bindings, facts, namer), ()


def _pending_rows(d: Decision, case: Case,
                  one: Callable[[Any, Any], Any]) -> list[tuple[Any, ...]] | None:
    """The packed reasons of a decision whose reasons nobody has read (a compact
    :class:`PendingReasons`), taken from what they would be made from, none made (packing
    19.4 → 10.2 µs a decision, measured on an audit); None when they must be read (already
    made, not compact, a namer whose arguments cannot be sent)."""
    unread = d.unread_reasons()
    if unread is None:
        return None
    namer, rows = unread
    arguments = None if namer is None else namer_arguments(namer, case)
    if namer is not None and arguments is None:
        return None
    packed = []
    for rule, condition, status, clauses, decisive, template, facts, values in rows:
        head = (rule, condition, status._value_, clauses, decisive)
        packed.append((one(head, head), facts, (template.vi, template.en, values, arguments)))
    return packed


def _pack(decision: Any, case: Case, shared: dict[Any, Any] | None = None) -> Any:
    """A decision as it travels (:func:`_unpack` rebuilds it); ``shared`` makes the parts
    equal to one sent before the same object (one dict per pickled message)."""
    if type(decision) is not Decision:
        return decision  # not made by kgrules.decision: sent as it is
    d: Decision = decision
    parts = shared if shared is not None else {}
    one = parts.setdefault  # one(part, part): the object sent before that equals part
    skeleton = _skeleton_sent(d, case, parts)
    reasons = [] if skeleton is not None else _pending_rows(d, case, one)
    if reasons is None:
        reasons = []
        for r in d.reasons:
            quotes, cached = r.quotes, _quotes(r.clauses)
            if quotes is not cached and quotes != cached:
                return decision  # quotes not made by kgrules.decision: sent as it is
            # ``_value_``: the member's value as stored (``.value`` is a property, ~0.5 µs)
            head = (r.rule, r.condition, r.status._value_, r.clauses, r.decisive)
            reasons.append((one(head, head), r.facts, _prose(r, case)))
    missing = tuple((m.condition, m.fact, m.need.vi, m.need.en, m.effect.vi, m.effect.en)
                    for m in d.missing)
    used = tuple((i.switch, i.point, i.reading, i.default, i.title.vi, i.title.en,
                  i.reading_text.vi, i.reading_text.en) for i in d.interpretations)
    warned = tuple((w.vi, w.en) for w in d.warnings)
    return (
        d.question, d.title.vi, d.title.en, dict(d.arguments), d.outcome.value, tuple(reasons),
        one(missing, missing), one(used, used), one(warned, warned), d.calendar, d.engine,
        d.version, skeleton, _PENDING if d.what_if_pending else d.what_if,
    )


def _skeleton_sent(d: Decision, case: Case,
                   parts: dict[Any, Any]) -> tuple[tuple[Any, ...], Any, tuple[Any, ...]] | None:
    """An unread compact decision's reasons as ``(heads, namer arguments, data)``: ``heads``
    its skeleton's reason parts (rule, condition, status, clauses, decisive, template), made
    once a chunk per skeleton (keyed by the specs' identity, which the chunk's decisions keep
    alive) and so pickled once, then a reference; ``data`` the decision's own kept tuple
    (records, None, values per reason), sent as it is. Instead of a row built per reason:
    packing 10.7 µs a decision and pickling ~10 µs at 100,000 (two thirds of the worker's
    shipping). None when any reason keeps bindings rather than values, or the namer's
    arguments cannot be sent (:func:`_pending_rows` then)."""
    state = d.unread_state()
    if state is None:
        return None
    specs, data, namer = state
    for row in data:
        if row[1] is not None:
            return None
    arguments = None if namer is None else namer_arguments(namer, case)
    if namer is not None and arguments is None:
        return None
    key = (_SKELETON_KEY, id(specs))  # apart from the parts, which are keys of themselves
    heads = parts.get(key)
    if heads is None:
        heads = parts[key] = tuple(
            (rule.id, name, status._value_, rule.clauses, decisive, rule.because.vi,
             rule.because.en) for _, rule, name, status, decisive, _, _ in specs)
    return heads, arguments, data


#: Marks a skeleton's heads among a chunk's shared parts (:func:`_skeleton_sent`): no part
#: sent equals a key holding it.
_SKELETON_KEY = object()
#: The fields of a packed decision (:func:`_pack`).
_PACKED_FIELDS = 14
#: Sent for counterfactuals nobody has read yet: the calling process searches them on first read.
_PENDING = "pending"


def _unpack(packed: _Packed, search: Callable[[], WhatIf] | None, case: Case,
            rebuilt: _Rebuilt | None = None) -> Decision:
    """The decision :func:`_pack` sent; ``rebuilt`` shares the repeated parts' objects among
    the decisions of one batch (each decision its own when None); ``search`` is needed only
    for counterfactuals sent pending."""
    if len(packed) != _PACKED_FIELDS:  # a worker of another version, or a damaged message
        raise EngineError(f"a worker's answer is not a packed decision ({len(packed)} fields, "
                          f"not {_PACKED_FIELDS})")
    (question, title_vi, title_en, arguments, outcome, reasons, missing, interpretations,
     warnings, calendar, engine, version, skeleton, sent) = packed
    if sent == _PENDING:
        assert search is not None
        what_if: Any = PendingWhatIf(search)
    else:
        what_if = sent
    made = _Rebuilt() if rebuilt is None else rebuilt
    parts = made.parts
    missing_made = parts.get(missing)
    if missing_made is None:
        missing_made = parts[missing] = tuple(
            MissingFact(c, f, Text(nv, ne), Text(ev, ee)) for c, f, nv, ne, ev, ee in missing)
    used = parts.get(interpretations)
    if used is None:
        used = parts[interpretations] = tuple(
            InterpretationUsed(sw, point, reading, default, Text(tv, te), Text(rv, re_))
            for sw, point, reading, default, tv, te, rv, re_ in interpretations)
    warned = parts.get(warnings)
    if warned is None:
        warned = parts[warnings] = tuple(Text(vi, en) for vi, en in warnings)
    return Decision(
        question, made.text(title_vi, title_en), arguments, Outcome(outcome),
        PendingReasons.later(functools.partial(_skeleton_reasons, skeleton, case, made))
        if skeleton is not None else
        PendingReasons.later(functools.partial(_reasons, reasons, case, made)) if reasons else (),
        missing_made, used, warned, calendar, engine, version, what_if=what_if,
    )


def _reasons(packed: tuple[Any, ...], case: Case, made: _Rebuilt) -> list[Reason]:
    """The reasons :func:`_pack` sent, made when the decision's reasons are first read:
    making them as each decision arrived was 15–18 µs a decision on the caller, the longer
    of the processes, for reasons an audit mostly reads later or never."""
    namers: dict[tuple[object, ...], Namer] = {}  # one per decision, as ask names them
    heads = made.heads
    out: list[Reason] = []
    for head, facts, prose in packed:
        kept = heads.get(head)
        if kept is None:
            kept = heads[head] = (Status(head[2]), _quotes(head[3]))
        explanation, records = _explanation(prose, facts, case, namers, made)
        out.append(Reason(head[0], head[1], kept[0], head[3], kept[1], explanation, facts,
                          head[4], records))
    return out


def _skeleton_reasons(sent: tuple[tuple[Any, ...], Any, tuple[Any, ...]], case: Case,
                      made: _Rebuilt) -> list[Reason]:
    """The reasons :func:`_skeleton_sent` sent, made when first read; each skeleton's status,
    quotes and template made once a batch (kept by the received heads' identity)."""
    heads, arguments, data = sent
    kept = made.skeletons.get(id(heads))
    if kept is None or kept[0] is not heads:
        kept = made.skeletons[id(heads)] = (heads, tuple(
            (Status(h[2]), _quotes(h[3]), made.text(h[5], h[6])) for h in heads))
    namer = None if arguments is None else namer_again(case, arguments)
    return [Reason(h[0], h[1], status, h[3], quotes,
                   Deferred.of_values(template, values, facts, namer), facts, h[4])
            for h, (status, quotes, template), (facts, _, values) in zip(
                heads, kept[1], data, strict=True)]


def _received(answer: Any, search: Callable[[], WhatIf] | None, case: Case,
              rebuilt: _Rebuilt | None = None) -> Any:
    if isinstance(answer, _Sent):
        return answer.rebuild()
    if isinstance(answer, tuple):
        return _unpack(answer, search, case, rebuilt)
    return answer


def _searcher(case: Case, request: Request | _Invalid, chosen: Settings,
              calendar: WorkingCalendar | None, engine: Engine | None) -> Callable[[], WhatIf]:
    """The counterfactual search of a worker's ``no``, run here when first read: the question
    asked again in this process (the same answer, so the same search)."""

    def search() -> WhatIf:
        assert isinstance(request, Request)
        what_if = ask(request.question, case, interpretations=chosen,
                      calendar=calendar if calendar is not None else calendar_for(case),
                      engine=engine, **request.arguments).what_if
        assert what_if is not None
        return what_if

    return search


@attrs.frozen
class _Sent:
    """An error on its way back from a worker."""

    kind: type[KgrulesError]
    path: str | None
    message: str

    @classmethod
    def of(cls, error: KgrulesError) -> _Sent:
        if isinstance(error, InputError):
            return cls(type(error), error.path, error.message)
        return cls(type(error), None, str(error))

    def rebuild(self) -> KgrulesError:
        if self.path is not None and issubclass(self.kind, InputError):
            return self.kind(self.path, self.message)
        return self.kind(self.message)


def _parallel(
    cases: Sequence[Case],
    work: Sequence[tuple[int, Request | _Invalid]],
    chosen: Settings,
    calendar: WorkingCalendar | None,
    engine: Engine | None,
    workers: int,
    label: str,
) -> list[Any]:
    """The batch in ``workers`` processes: this one and ``workers - 1`` started for the call.

    This process answers chunks too, from the back, while the workers take them from the front
    (each kept with one chunk running and one queued), and it unpacks theirs as they arrive.
    Its share crosses no pipe: measured on a 100,000-expenditure audit, packing, pickling,
    unpickling and rebuilding a decision cost about half as much again as answering it, and
    a caller that only waited and unpacked left a core to a third process on two cores."""
    # Imported here: ``import kgrules`` should not pay for process pools it may never start.
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    children = workers - 1
    method = _start_method()
    begin: functools.partial[None]
    if method == "fork":  # the objects themselves, inherited: nothing pickled
        if engine is None or type(engine) is DurableEngine:
            load_durable()  # EngineUnavailableError here, not in every worker
        begin = functools.partial(_begin, list(cases), chosen, calendar, engine)
    else:
        begin = functools.partial(_init_worker, pickle.dumps(list(cases)), chosen,
                                  _calendar_spec(calendar), _engine_spec(engine))
    got: dict[int, list[Any]] = {}  # each chunk's answers, by its first request's place
    rebuilt = _Rebuilt()

    def receive(start: int, future: Future[list[Any]]) -> None:
        answers: list[Any] = []
        for i, a in enumerate(future.result(), start):
            which, request = work[i]
            search = (_searcher(cases[which], request, chosen, calendar, engine)
                      if type(a) is tuple and a[-1] == _PENDING else None)
            answers.append(_received(a, search, cases[which], rebuilt))
        got[start] = answers

    # One block of shared dependencies for this process's chunks, as a worker keeps for its own.
    with ProcessPoolExecutor(max_workers=min(children, -(-len(work) // MIN_CHUNK)),
                             mp_context=multiprocessing.get_context(method),
                             initializer=begin) as pool, shared_dependencies():
        sent: dict[int, Future[list[Any]]] = {}
        front, back = 0, len(work)  # the workers' next request, and past this process's next
        try:
            while front < back:
                while front < back and sum(not f.done() for f in sent.values()) < 2 * children:
                    end = front + _chunk_size(back - front, workers)
                    sent[front] = pool.submit(_run_chunk, front, _sent_work(work[front:end]),
                                              label)
                    front = end
                for start in [start for start, f in sent.items() if f.done()]:
                    receive(start, sent.pop(start))
                if front < back:
                    start = back - _chunk_size(back - front, workers)
                    got[start] = _serial(cases, work[start:back], chosen, calendar, engine,
                                         label, start)
                    back = start
            for start in sorted(sent):
                receive(start, sent.pop(start))
        except BrokenProcessPool as exc:
            raise EngineError(f"a worker process died ({exc}); this process is unharmed") from exc
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [a for start in sorted(got) for a in got[start]]


#: A chunk's bounds (:func:`_chunk_size`), in requests.
MAX_CHUNK = 2_000
MIN_CHUNK = 32


def _chunk_size(remaining: int, processes: int) -> int:
    """The next chunk's size: an eighth of each process's share of what is left, within
    [:data:`MIN_CHUNK`, :data:`MAX_CHUNK`] (and never past what is left). Shrinking as the
    work runs out ("guided" scheduling), so that the processes finish close together: with
    chunks of one size, this process waited at the end for up to two whole chunks of a
    worker's (one running, one queued: a third of a second at 2,000 findings) and the
    worker then for this process's rebuilding of them."""
    return min(remaining, max(MIN_CHUNK, min(MAX_CHUNK, remaining // (processes * 8))))
