"""Decisions and their explanations: from the rules that fired to an answer a person can check.

The outcome is three-valued by design, plus "not applicable": each condition of a question gets
exactly one status from the conclusions of its rules (an ordinary rule wins over a fallback; among
several, not_applicable > holds > fails > unknown, since conditions are existential: one valid
consent is enough). Then: any condition not applicable → ``not_applicable``; any failing → ``no``;
any unknown → ``unknown`` (with the missing facts and what each would change); else ``yes``.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import operator
import re
import string
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from kgrules.dsl import Question, Rule, Status, read_source
from kgrules.errors import RuleError
from kgrules.evaluation import Conclusion
from kgrules.i18n import Lang, Text
from kgrules.interpretations import SWITCHES, Settings
from kgrules.regulation import cite, clause, marked
from kgrules.version import __version__

VERSION = f"1507-2008/kgrules-{__version__}"
#: What a counterfactual change does to the case.
Action = Literal["set", "add", "remove", "complete"]


class Outcome(enum.StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


_PRECEDENCE = {
    Status.NOT_APPLICABLE: 3,
    Status.HOLDS: 2,
    Status.FAILS: 1,
    Status.UNKNOWN: 0,
}
OUTCOME_LABEL = {
    Outcome.YES: Text("CÓ", "YES"),
    Outcome.NO: Text("KHÔNG", "NO"),
    Outcome.UNKNOWN: Text("CHƯA XÁC ĐỊNH", "UNKNOWN"),
    Outcome.NOT_APPLICABLE: Text("KHÔNG ÁP DỤNG", "NOT APPLICABLE"),
}
STATUS_LABEL = {
    Status.HOLDS: Text("đáp ứng", "holds"),
    Status.FAILS: Text("không đáp ứng", "fails"),
    Status.UNKNOWN: Text("chưa rõ", "unknown"),
    Status.NOT_APPLICABLE: Text("không áp dụng", "not applicable"),
}


@attrs.frozen
class Quote:
    clause: str
    citation: Text
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"clause": self.clause, "citation": self.citation.to_dict(), "text": self.text}


#: Names the persons and records of one reason once the case is known (kgrules.naming): from
#: the rendered explanation and the fact paths, the explanation with persons named and the
#: records' labels.
Namer = Callable[[Text, tuple[str, ...]], tuple[Text, tuple[str, ...]]]


class Deferred:
    """A reason's explanation and record labels, rendered when first read (issue 14).

    Most callers read an answer's outcome and statuses, never its prose: rendering the template
    in both languages and naming every person cost up to a third of a question. What it is
    rendered from is kept instead: the rule's template, the values of the fields it reads
    (taken from the facts bound to it, the engine's conclusions, which are never changed
    afterwards) and, once the decision is named, a namer holding the case. Only the values
    read are kept, not the bound facts: an audit keeps 100,000 decisions, and holding each
    one's keyed facts, evaluate fact and bindings dicts alive cost about a third of a finding's
    memory and more objects for the collector to walk (a template beyond
    ``{binding.field:spec}`` keeps the bindings, as it may read anything). Rendering is a pure
    function of those, so two threads reading at once get the same text (the one stored last
    wins, and both are equal): no lock is needed. Pickling renders first and sends the text
    only (the case is not pickled with a decision); worker processes send :meth:`source`
    instead, and the caller renders it about its own copy of the case.
    """

    __slots__ = ("_bindings", "_done", "_facts", "_namer", "_template", "_values")

    def __init__(self, template: Text, bindings: Mapping[str, Mapping[str, Any]],
                 facts: tuple[str, ...], namer: Namer | None = None,
                 layout: _Layout | bool | None = True) -> None:
        """``layout``: the template's :func:`_layout` when the caller knows it (``decide``
        keeps it per rule), True to look it up here, None to keep the bindings whole."""
        self._template = template
        self._facts = facts
        self._namer = namer
        self._done: tuple[Text, tuple[str, ...]] | None = None
        if layout is True:
            layout = _layout(template.vi, template.en)
        values = _picked(layout, bindings) if layout else None
        if values is None:
            self._bindings: Mapping[str, Mapping[str, Any]] | None = bindings
            self._values: tuple[Any, ...] | None = None
        else:
            self._bindings, self._values = None, values

    @classmethod
    def rendered(cls, text: Text, records: tuple[str, ...]) -> Deferred:
        """One already rendered (what an unpickled decision holds)."""
        done = cls.__new__(cls)
        done._template, done._facts, done._namer = text, (), None
        done._bindings, done._values = {}, None
        done._done = (text, records)
        return done

    def named(self, namer: Namer) -> Deferred:
        """The same explanation, its persons and records named by ``namer`` when read."""
        if self._done is not None:  # read before it was named: named now, as text would be
            return Deferred.rendered(*namer(self._done[0], self._facts))
        named = Deferred.__new__(Deferred)
        named._template, named._facts, named._namer = self._template, self._facts, namer
        named._bindings, named._values, named._done = self._bindings, self._values, None
        return named

    @property
    def pending(self) -> bool:
        """True until the explanation is first read."""
        return self._done is None

    def result(self) -> tuple[Text, tuple[str, ...]]:
        """(explanation, record labels), rendered on first use and kept."""
        done = self._done
        if done is None:
            template, values = self._template, self._values
            if values is not None:
                layout = _layout(template.vi, template.en)
                assert layout is not None
                text = Text(_filled(layout[1], values, "vi"), _filled(layout[2], values, "en"))
            else:
                assert self._bindings is not None
                text = _explain(template, self._bindings)
            done = self._namer(text, self._facts) if self._namer is not None else (text, ())
            self._done = done
        return done

    def source(self) -> tuple[Text, dict[str, dict[str, Any]], tuple[str, ...], Namer | None] | None:
        """(template, bindings, facts, namer) it will be rendered from, or None once rendered.

        A worker process sends these instead of the text (kgrules.batch): rendering every
        reason's prose there cost ~40 % of a worker's time, and most are never read. The
        bindings keep only the fields the template reads, so they pickle small (a
        :class:`kgrules.dsl.Later` value pickles as its text)."""
        if self._done is not None:
            return None
        values = self._values
        if values is not None:
            layout = _layout(self._template.vi, self._template.en)
            assert layout is not None
            bindings: dict[str, dict[str, Any]] = {}
            for (b, f), value in zip(layout[0], values, strict=True):
                bindings.setdefault(b, {})[f] = value
            return self._template, bindings, self._facts, self._namer
        given = self._bindings
        assert given is not None
        return self._template, _read_fields(self._template, given), self._facts, self._namer

    def kept(self) -> tuple[Text, tuple[Any, ...], tuple[str, ...], Namer | None] | None:
        """(template, values, facts, namer) while pending and only the template's values are
        kept (else None): what a worker process sends (kgrules.batch), the values in the
        template's layout order, rebuilt by :meth:`of_values` with no bindings made and read
        again on either side."""
        if self._done is not None or self._values is None:
            return None
        return self._template, self._values, self._facts, self._namer

    @classmethod
    def of_values(cls, template: Text, values: tuple[Any, ...], facts: tuple[str, ...],
                  namer: Namer | None) -> Deferred:
        """What :meth:`kept` gave: the same explanation, rendered when first read."""
        made = cls.__new__(cls)
        made._template, made._facts, made._namer = template, facts, namer
        made._bindings, made._values, made._done = None, values, None
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return Deferred.rendered, self.result()

    def __repr__(self) -> str:
        return "Deferred(rendered)" if self._done is not None else "Deferred(pending)"


def _read_fields(template: Text, given: Mapping[str, Mapping[str, Any]]
                 ) -> dict[str, dict[str, Any]]:
    """The bound fields ``template`` reads, as plain dicts (what a worker process sends)."""
    fields = _fields(template.vi, template.en)
    return ({b: dict(f) for b, f in given.items()} if fields is None
            else {b: {f: given[b][f] for f in names} for b, names in fields})


@attrs.frozen(eq=False, repr=False)
class Reason:
    """Why a condition has its status: the rule, its clauses quoted, the facts relied on.

    ``explanation`` and ``records`` may be given as text, or as a :class:`Deferred` rendered
    when first read; equality, hashing, ``repr`` and the JSON see the rendered text only.
    """

    rule: str
    condition: str
    status: Status
    clauses: tuple[str, ...]
    quotes: tuple[Quote, ...]
    _explanation: Text | Deferred = attrs.field(alias="explanation")
    facts: tuple[str, ...]
    decisive: bool
    #: How a reader names each of ``facts`` (the record's id, a person as "name (id)"), in the
    #: same order; ``facts`` keeps the paths (kgrules.naming).
    _records: tuple[str, ...] = attrs.field(default=(), alias="records")

    @property
    def explanation(self) -> Text:
        given = self._explanation
        return given.result()[0] if isinstance(given, Deferred) else given

    @property
    def records(self) -> tuple[str, ...]:
        given = self._explanation
        return given.result()[1] if isinstance(given, Deferred) else self._records

    @property
    def deferred(self) -> Deferred | None:
        """What the explanation will be rendered from, while it is not read (None: text)."""
        given = self._explanation
        return given if isinstance(given, Deferred) else None

    def _key(self) -> tuple[Any, ...]:
        return (self.rule, self.condition, self.status, self.clauses, self.quotes,
                self.explanation, self.facts, self.decisive, self.records)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Reason)
        return self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"Reason(rule={self.rule!r}, condition={self.condition!r}, "
                f"status={self.status!r}, clauses={self.clauses!r}, quotes={self.quotes!r}, "
                f"explanation={self.explanation!r}, facts={self.facts!r}, "
                f"decisive={self.decisive!r}, records={self.records!r})")

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "condition": self.condition,
            "status": self.status.value,
            "decisive": self.decisive,
            "clauses": list(self.clauses),
            "quotes": [q.to_dict() for q in self.quotes],
            "explanation": self.explanation.to_dict(),
            "facts": list(self.facts),
            "records": list(self.records or self.facts),
        }

    @property
    def labels(self) -> tuple[str, ...]:
        """The facts as a reader names them (the paths when no case named them)."""
        return self.records or self.facts


@attrs.frozen
class MissingFact:
    condition: str
    fact: str
    need: Text
    effect: Text

    def to_dict(self) -> dict[str, Any]:
        return {
            "condition": self.condition,
            "fact": self.fact,
            "need": self.need.to_dict(),
            "would_change": self.effect.to_dict(),
        }


@attrs.frozen
class InterpretationUsed:
    switch: str
    point: int
    reading: str
    default: bool
    title: Text
    reading_text: Text

    def to_dict(self) -> dict[str, Any]:
        return {
            "switch": self.switch,
            "point": self.point,
            "reading": self.reading,
            "default": self.default,
            "title": self.title.to_dict(),
            "reading_text": self.reading_text.to_dict(),
        }


@attrs.frozen
class Change:
    """One change of the case: set a field, add or remove a record, or declare a kind complete."""

    action: Action
    kind: str
    #: The record's path (``consents[2]``); for an added record, the path it would get.
    path: str
    #: The record's id when it has one.
    record: str
    field: str
    old: Any
    new: Any
    text: Text
    #: A content key (the record's own data, not its position): the search's identity of a
    #: change and its order, so the suggestions do not depend on the order of the records.
    key: str = attrs.field(default="", eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"action": self.action, "kind": self.kind, "path": self.path}
        if self.record:
            out["record"] = self.record
        if self.field:
            out["field"] = self.field
        if self.action == "set":
            out["old"] = self.old
        if self.action in ("set", "add"):
            out["new"] = self.new
        out["text"] = self.text.to_dict()
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Change:
        return cls(d["action"], d["kind"], d["path"], d.get("record", ""), d.get("field", ""),
                   d.get("old"), d.get("new"), Text(d["text"]["vi"], d["text"]["en"]))


@attrs.frozen
class Counterfactual:
    """A set of changes that, made together, turn the ``no`` into ``yes`` (and no subset does)."""

    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"changes": [c.to_dict() for c in self.changes]}

    def render(self, lang: Lang) -> str:
        return "; ".join(c.text.get(lang) for c in self.changes)


@attrs.frozen
class WhatIf:
    """The counterfactuals of a ``no``, and how far the bounded search went."""

    options: tuple[Counterfactual, ...]
    #: True when the bound cut the search short (more or smaller suggestions may exist).
    bounded: bool
    trials: int
    #: The bounds of the search (kgrules.counterfactual): changes, trials, ids.
    limits: tuple[tuple[str, int], ...]
    #: Why there is no suggestion: requirements no change of the records can express (derived
    #: values), or, when ``verdict`` is ``impossible``, the condition that proves it.
    unmapped: tuple[Text, ...] = ()
    #: ``found`` (suggestions listed); ``impossible`` (proved: no change of the recorded facts
    #: can make it yes, only other arguments or readings); ``bound`` (none found within the
    #: search's bound, which proves nothing). Empty in a decision recorded before it existed.
    verdict: Literal["found", "impossible", "bound", ""] = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "options": [o.to_dict() for o in self.options],
            "verdict": self.verdict or ("found" if self.options else "bound"),
            "bounded": self.bounded,
            "trials": self.trials,
            "limits": dict(self.limits),
            "unmapped": [u.to_dict() for u in self.unmapped],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> WhatIf:
        return cls(
            tuple(Counterfactual(tuple(Change.from_dict(c) for c in o["changes"]))
                  for o in d["options"]),
            d["bounded"], d["trials"], tuple((k, int(v)) for k, v in d["limits"].items()),
            tuple(Text(u["vi"], u["en"]) for u in d["unmapped"]),
            d.get("verdict", ""),
        )

    def summary(self) -> Text:
        """What to say when there is no suggestion: proved impossible, or not found within
        the bound (which proves nothing)."""
        limits = dict(self.limits)
        if self.verdict == "impossible":
            return Text(
                "Không thay đổi nào của dữ kiện hồ sơ làm kết luận thành CÓ (quy định loại trừ "
                "điều đó với các tham số và cách hiểu đã chọn)",
                "No change of the recorded facts can turn the answer to yes (the text rules it "
                "out for these arguments and readings)",
            )
        if self.verdict == "bound" or (self.bounded and not self.verdict):
            return Text(
                f"Không tìm được thay đổi nào trong giới hạn tìm kiếm ({self.trials} lần thử, "
                f"tối đa {limits.get('changes')} thay đổi)",
                f"No change found within the search bound ({self.trials} trials, at most "
                f"{limits.get('changes')} changes)",
            )
        return Text(
            f"Không có tập hợp tối đa {limits.get('changes')} thay đổi hồ sơ nào làm kết luận "
            "thành CÓ",
            f"No set of at most {limits.get('changes')} changes of the records turns the answer "
            "to yes",
        )


class PendingWhatIf:
    """The counterfactuals of a ``no``, searched on first read (:attr:`Decision.what_if`).

    The search re-asks the question dozens of times on changed cases: done eagerly it made a
    year's audit about four times slower, though few readers look at it. Computed once, under a
    lock (two threads reading at once get the same value); a decision pickles, copies and
    compares with the computed value, so a pickled or recorded decision carries exactly what an
    eager one did.
    """

    __slots__ = ("_compute", "_lock", "_value")

    def __init__(self, compute: Callable[[], WhatIf]) -> None:
        self._compute: Callable[[], WhatIf] | None = compute
        self._lock = threading.Lock()
        self._value: WhatIf | None = None

    def value(self) -> WhatIf:
        """The counterfactuals, searched now if no one has read them yet."""
        if self._compute is not None:
            with self._lock:
                if self._compute is not None:
                    self._value = self._compute()
                    self._compute = None  # drop the case and the facts the search held
        assert self._value is not None
        return self._value

    @property
    def computed(self) -> bool:
        return self._compute is None

    def __reduce__(self) -> tuple[Any, ...]:
        return (_identity, (self.value(),))

    def __eq__(self, other: object) -> bool:
        other_value = other.value() if isinstance(other, PendingWhatIf) else other
        return self.value() == other_value

    def __hash__(self) -> int:
        return hash(self.value())

    def __repr__(self) -> str:
        return repr(self.value())


def _identity(value: WhatIf) -> WhatIf:
    return value


def _resolved(value: WhatIf | PendingWhatIf | None) -> WhatIf | None:
    return value.value() if isinstance(value, PendingWhatIf) else value


class PendingReasons:
    """A decision's reasons, made when first read (:attr:`Decision.reasons`).

    Most asks are read for their outcome only (a batch, a benchmark, a service reply's
    status), and making each reason (its :class:`Reason`, its :class:`Deferred`, the records
    it came from) was most of ``decide``: about 2 µs a reason, seven a finding. What they are
    made from is kept instead: the skeleton's reason specs (shared by every decision of the
    same fired rules), and per reason the facts bound to it or, ``compact``, only its records
    and the values its template reads (:class:`Deferred`). Made once; two threads reading at
    once make equal reasons (the tuple stored last wins): no lock. A decision compares,
    hashes, prints and pickles with the reasons made."""

    __slots__ = ("_state",)

    def __init__(self, specs: tuple[_Spec, ...], data: tuple[Any, ...], namer: Namer | None,
                 compact: bool) -> None:
        #: The made tuple once read, else what to make it from (one slot, read atomically):
        #: the skeleton's state, or a function (:meth:`later`).
        self._state: tuple[Reason, ...] | _ReasonsFrom | Callable[[], Iterable[Reason]] = (
            _ReasonsFrom(specs, data, namer, compact))

    @classmethod
    def later(cls, make: Callable[[], Iterable[Reason]]) -> PendingReasons:
        """Reasons ``make`` makes on first read: a batch's caller rebuilds a worker's decision
        so (kgrules.batch), not paying ~2 µs a reason for decisions nobody reads. ``make``
        may run twice (two threads reading at once) and must then make equal reasons."""
        pending = cls.__new__(cls)
        pending._state = make
        return pending

    def unread(self) -> tuple[Namer | None, list[tuple[Any, ...]]] | None:
        """While unread and compact: the namer and, per reason, (rule id, condition, status,
        clauses, decisive, template, records, values), none made, else None. ``values``: a
        tuple in the template's layout order (:meth:`Deferred.kept`), or else a dict of the
        bound fields it reads (:meth:`Deferred.source`). What a worker process sends instead
        of the reasons (kgrules.batch): making each to take it apart again cost about half
        of packing a decision. The quotes are the rule's cached :func:`_quotes`."""
        state = self._state
        if state.__class__ is not _ReasonsFrom:
            return None
        assert isinstance(state, _ReasonsFrom)
        if not state.compact:
            return None
        rows = []
        for (_, rule, name, status, decisive, _, _), (sources, bindings, values) in zip(
                state.specs, state.data, strict=True):
            rows.append((rule.id, name, status, rule.clauses, decisive, rule.because, sources,
                         _read_fields(rule.because, bindings) if values is None else values))
        return state.namer, rows

    def unread_state(self) -> tuple[tuple[_Spec, ...], tuple[Any, ...], Namer | None] | None:
        """While unread and compact: (specs, data, namer) as kept, else None. The specs are the
        skeleton's, one object shared by every decision of the same fired rules: a worker
        process sends their parts once a chunk and each decision's data as it is
        (kgrules.batch), not a row rebuilt per reason."""
        state = self._state
        if isinstance(state, _ReasonsFrom) and state.compact:
            return state.specs, state.data, state.namer
        return None

    def made(self) -> tuple[Reason, ...]:
        """The reasons, made now if nobody has read them yet."""
        state = self._state
        if isinstance(state, tuple):
            return state
        if not isinstance(state, _ReasonsFrom):
            made = tuple(state())
            self._state = made
            return made
        namer = state.namer
        reasons: list[Reason] = []
        if state.compact:
            for (_, rule, name, status, decisive, quotes, _), (sources, bindings, values) in zip(
                    state.specs, state.data, strict=True):
                if values is None:
                    deferred = Deferred(rule.because, bindings, sources, namer, None)
                else:
                    deferred = Deferred.of_values(rule.because, values, sources, namer)
                reasons.append(Reason(rule.id, name, status, rule.clauses, quotes, deferred,
                                      sources, decisive))
        else:
            for (_, rule, name, status, decisive, quotes, _), bindings in zip(
                    state.specs, state.data, strict=True):
                sources = _sources(bindings)
                reasons.append(Reason(rule.id, name, status, rule.clauses, quotes,
                                      Deferred(rule.because, bindings, sources, namer, None),
                                      sources, decisive))
        made = tuple(reasons)
        self._state = made
        return made

    @property
    def pending(self) -> bool:
        """True until the reasons are first read."""
        return not isinstance(self._state, tuple)

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (self.made(),))

    def __eq__(self, other: object) -> bool:
        return self.made() == (other.made() if isinstance(other, PendingReasons) else other)

    def __hash__(self) -> int:
        return hash(self.made())

    def __repr__(self) -> str:
        return repr(self.made())


class _ReasonsFrom:
    """What :class:`PendingReasons` makes the reasons from: the skeleton's specs, per reason
    its bound facts (or, ``compact``, (records, bindings or None, values)), and the namer."""

    __slots__ = ("compact", "data", "namer", "specs")

    def __init__(self, specs: tuple[_Spec, ...], data: tuple[Any, ...], namer: Namer | None,
                 compact: bool) -> None:
        self.specs, self.data, self.namer, self.compact = specs, data, namer, compact


def _made_reasons(value: tuple[Reason, ...] | PendingReasons) -> tuple[Reason, ...]:
    return value.made() if isinstance(value, PendingReasons) else value


def change_key(action: str, kind: str, ident: str, field: str, new: Any) -> str:
    """A change's identity by content (see :attr:`Change.key`)."""
    return json.dumps([action, kind, ident, field, new], sort_keys=True, ensure_ascii=False,
                      default=str)


@attrs.frozen(repr=False)
class Decision:
    question: str
    title: Text
    arguments: Mapping[str, str]
    outcome: Outcome
    #: Read it as :attr:`reasons`; ``reasons=`` may be a :class:`PendingReasons`, made on
    #: first read.
    _reasons: tuple[Reason, ...] | PendingReasons = attrs.field(alias="reasons",
                                                                eq=_made_reasons)
    missing: tuple[MissingFact, ...]
    interpretations: tuple[InterpretationUsed, ...]
    warnings: tuple[Text, ...]
    calendar: str | None
    engine: str
    version: str = VERSION
    #: Set when the decision was appended to a decision record (kgrules.record).
    record_id: str | None = None
    #: For a ``no``: the smallest changes of the case that would make it ``yes`` (read it as
    #: :attr:`what_if`; ``what_if=`` may be a :class:`PendingWhatIf`, searched on first read).
    _what_if: WhatIf | PendingWhatIf | None = attrs.field(default=None, alias="what_if",
                                                          eq=_resolved)

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Why each condition has its status, the decisive first."""
        return _made_reasons(self._reasons)

    def __repr__(self) -> str:
        """What attrs wrote for the decision when ``reasons`` was a plain field."""
        return (f"Decision(question={self.question!r}, title={self.title!r}, "
                f"arguments={self.arguments!r}, outcome={self.outcome!r}, "
                f"reasons={self.reasons!r}, missing={self.missing!r}, "
                f"interpretations={self.interpretations!r}, warnings={self.warnings!r}, "
                f"calendar={self.calendar!r}, engine={self.engine!r}, "
                f"version={self.version!r}, record_id={self.record_id!r}, "
                f"_what_if={self._what_if!r})")

    @property
    def what_if(self) -> WhatIf | None:
        """For a ``no``: the smallest changes of the case that would make it ``yes``."""
        value = self._what_if
        return value.value() if isinstance(value, PendingWhatIf) else value

    def unread_reasons(self) -> tuple[Namer | None, list[tuple[Any, ...]]] | None:
        """While nobody has read the reasons: what :meth:`PendingReasons.unread` gives (what
        they would be made from), else None; reading nothing, making nothing."""
        given = self._reasons
        return given.unread() if isinstance(given, PendingReasons) else None

    def unread_state(self) -> tuple[tuple[Any, ...], tuple[Any, ...], Namer | None] | None:
        """:meth:`PendingReasons.unread_state` while nobody has read the reasons, else None."""
        given = self._reasons
        return given.unread_state() if isinstance(given, PendingReasons) else None

    @property
    def what_if_pending(self) -> bool:
        """True while the counterfactuals have not been searched (nobody has read them)."""
        value = self._what_if
        return isinstance(value, PendingWhatIf) and not value.computed

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "question": self.question,
            "title": self.title.to_dict(),
            "arguments": dict(self.arguments),
            "outcome": self.outcome.value,
            "reasons": [r.to_dict() for r in self.reasons],
            "missing": [m.to_dict() for m in self.missing],
            "interpretations": [i.to_dict() for i in self.interpretations],
            "warnings": [w.to_dict() for w in self.warnings],
            "calendar": self.calendar,
            "engine": self.engine,
            "version": self.version,
        }
        if self.record_id is not None:
            out["record_id"] = self.record_id
        what_if = self.what_if
        if what_if is not None:
            out["counterfactuals"] = what_if.to_dict()
        return out

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Decision:
        """The decision back from :meth:`to_dict` (a recorded decision, a service reply), so it
        can be rendered and explained again; ``Decision.from_dict(x.to_dict()) == x``."""

        def text(t: Mapping[str, str]) -> Text:
            return Text(t["vi"], t["en"])

        return cls(
            question=d["question"],
            title=text(d["title"]),
            arguments=dict(d["arguments"]),
            outcome=Outcome(d["outcome"]),
            reasons=tuple(
                Reason(r["rule"], r["condition"], Status(r["status"]), tuple(r["clauses"]),
                       tuple(Quote(q["clause"], text(q["citation"]), q["text"]) for q in r["quotes"]),
                       text(r["explanation"]), tuple(r["facts"]), r["decisive"],
                       _records(r))
                for r in d["reasons"]),
            missing=tuple(MissingFact(m["condition"], m["fact"], text(m["need"]),
                                      text(m["would_change"])) for m in d["missing"]),
            interpretations=tuple(
                InterpretationUsed(i["switch"], i["point"], i["reading"], i["default"],
                                   text(i["title"]), text(i["reading_text"]))
                for i in d["interpretations"]),
            warnings=tuple(text(w) for w in d["warnings"]),
            calendar=d["calendar"],
            engine=d["engine"],
            version=d["version"],
            record_id=d.get("record_id"),
            what_if=WhatIf.from_dict(d["counterfactuals"]) if "counterfactuals" in d else None,
        )

    def render(self, lang: Lang = "vi") -> str:
        other: Lang = "en" if lang == "vi" else "vi"
        label = Text("Câu hỏi", "Question").get(lang)
        lines = [
            f"{label}: {self.question} — {self.title.get(lang)}",
            "  " + ", ".join(f"{k}={v}" for k, v in self.arguments.items()),
            f"{Text('Kết luận', 'Answer').get(lang)}: {OUTCOME_LABEL[self.outcome].get(lang)}"
            f" ({OUTCOME_LABEL[self.outcome].get(other)})",
        ]
        if self.reasons:
            lines.append(Text("Lý do", "Reasons").get(lang) + ":")
        for r in self.reasons:
            mark = "*" if r.decisive else "-"
            cites = "; ".join(q.citation.get(lang) for q in r.quotes)
            lines.append(f" {mark} [{STATUS_LABEL[r.status].get(lang)}] {r.explanation.get(lang)}")
            lines.append(f"     {cites} — {r.rule}")
            for q in r.quotes:
                lines.append(f'     «{marked(q.clause)}»')
            if r.facts:
                lines.append(f"     {Text('Dữ kiện', 'Facts').get(lang)}: {'; '.join(r.labels)}")
        if self.missing:
            lines.append(Text("Còn thiếu", "Missing facts").get(lang) + ":")
            for m in self.missing:
                lines.append(f" - {m.fact}: {m.need.get(lang)} → {m.effect.get(lang)}")
        if self.interpretations:
            lines.append(Text("Cách hiểu đã áp dụng", "Interpretations relied on").get(lang) + ":")
            for i in self.interpretations:
                flag = Text("mặc định", "default") if i.default else Text("đã chọn", "chosen")
                lines.append(
                    f" - ({i.point}) {i.title.get(lang)}: {i.reading_text.get(lang)} "
                    f"[{i.switch}={i.reading}, {flag.get(lang)}]"
                )
        if self.warnings:
            lines.append(Text("Cảnh báo", "Warnings").get(lang) + ":")
            lines.extend(f" ! {w.get(lang)}" for w in self.warnings)
        what_if = self.what_if
        if what_if is not None:
            lines.append(Text("Để kết luận thành CÓ (một trong các cách)",
                              "What would make it yes (any one of)").get(lang) + ":")
            for option in what_if.options:
                first, *more = option.changes
                lines.append(" ? " + first.text.get(lang))
                lines.extend("   + " + c.text.get(lang) for c in more)
            if not what_if.options:
                lines.append(" ? " + what_if.summary().get(lang))
                lines.extend(f"   {u.get(lang)}" for u in what_if.unmapped)
        if self.calendar:
            lines.append(f"{Text('Lịch', 'Calendar').get(lang)}: {self.calendar}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render("vi")


def with_what_if(decision: Decision, what_if: WhatIf | PendingWhatIf | None) -> Decision:
    """``attrs.evolve(decision, what_if=...)`` through the constructor: the same decision,
    made in a tenth of evolve's time (every ``no`` that ``ask`` answers takes this copy)."""
    return Decision(decision.question, decision.title, decision.arguments, decision.outcome,
                    decision._reasons, decision.missing, decision.interpretations,
                    decision.warnings, decision.calendar, decision.engine, decision.version,
                    decision.record_id, what_if=what_if)


def materialise(decision: Decision) -> Decision:
    """The decision with every explanation rendered now and held as text (what the decisions
    were before explanations were rendered lazily: the reference of the tests, and a way to
    hand a decision on without the case its explanations would be rendered from)."""
    if all(r.deferred is None for r in decision.reasons):
        return decision
    return attrs.evolve(decision, reasons=tuple(
        attrs.evolve(r, explanation=r.explanation, records=r.records) for r in decision.reasons))


def _records(r: Mapping[str, Any]) -> tuple[str, ...]:
    """A reason's record labels as read back; none when they are only the paths again."""
    records = tuple(r.get("records", ()))
    return () if records == tuple(r["facts"]) else records


class _Value:
    """A fact value in a template: ``{c.given_on:date}`` renders an ordinal as a date."""

    __slots__ = ("lang", "value")

    def __init__(self, value: Any, lang: Lang) -> None:
        self.value = value
        self.lang = lang

    def __format__(self, spec: str) -> str:
        if spec == "date":
            if not isinstance(self.value, int) or self.value <= 0:
                return "—"
            d = dt.date.fromordinal(self.value)
            # What strftime("%d/%m/%Y") gives (the year unpadded, as glibc does), 5x faster.
            return f"{d.day:02d}/{d.month:02d}/{d.year}" if self.lang == "vi" else d.isoformat()
        if spec == "money":
            if self.lang == "vi":
                return f"{self.value:,}".replace(",", ".") + " đồng"
            return f"{self.value:,} VND"
        return format(self.value, spec)

    def __str__(self) -> str:
        return str(self.value)


class _Fact:
    __slots__ = ("fact", "lang")

    def __init__(self, fact: Mapping[str, Any], lang: Lang) -> None:
        self.fact = fact
        self.lang = lang

    def __getattr__(self, name: str) -> _Value:
        return _Value(self.fact[name], self.lang)


_PLAIN_FIELD = re.compile(r"([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z][A-Za-z0-9_]*)")
_Part = tuple[str, str | None, str, str]


@functools.lru_cache(maxsize=8192)
def _template(template: str) -> tuple[_Part, ...] | None:
    """A template cut once into (text, binding, field, spec) parts, or None when it uses more
    than ``{binding.field:spec}`` (then :meth:`str.format` renders it)."""
    parts: list[_Part] = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            parts.append((literal, None, "", ""))
            continue
        match = _PLAIN_FIELD.fullmatch(name)
        if match is None or conversion is not None or "{" in (spec or ""):
            return None
        parts.append((literal, match.group(1), match.group(2), spec or ""))
    return tuple(parts)


@functools.lru_cache(maxsize=4096)
def _fields(vi: str, en: str) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """The (binding, fields) two templates read, or None when one uses more than
    ``{binding.field:spec}`` (then any field may be read)."""
    read: dict[str, dict[str, None]] = {}
    for template in (vi, en):
        parts = _template(template)
        if parts is None:
            return None
        for _, binding, field, _ in parts:
            if binding is not None:
                read.setdefault(binding, {})[field] = None
    return tuple((b, tuple(f)) for b, f in read.items())


#: A template pair cut for :class:`Deferred`: the (binding, field) pairs the two templates
#: read, once each, grouped by binding in the order :func:`_fields` gives; each template's
#: parts as (text, index of the value in those pairs or -1, spec); and, per binding, what
#: picks its values from the bound fact in that order (and whether it gives a tuple).
_Layout = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, int, str], ...],
                tuple[tuple[str, int, str], ...],
                tuple[tuple[str, Callable[[Mapping[str, Any]], Any], bool], ...]]


@functools.lru_cache(maxsize=4096)
def _layout(vi: str, en: str) -> _Layout | None:
    """How :class:`Deferred` keeps and renders a template pair (:data:`_Layout`), or None when
    one uses more than ``{binding.field:spec}`` (then the bindings are kept whole)."""
    try:
        fields = _fields(vi, en)
    except ValueError:  # a malformed template: rendering raises it, when (and if) read
        return None
    if fields is None:
        return None
    reads = tuple((b, f) for b, names in fields for f in names)
    index = {read: n for n, read in enumerate(reads)}
    cut = [tuple((literal, -1 if binding is None else index[(binding, field)], spec)
                 for literal, binding, field, spec in _template(template) or ())
           for template in (vi, en)]
    pickers = tuple((b, operator.itemgetter(*names), len(names) > 1) for b, names in fields)
    return reads, cut[0], cut[1], pickers


def _picked(layout: _Layout, bindings: Mapping[str, Mapping[str, Any]]) -> tuple[Any, ...] | None:
    """The values a template reads from ``bindings``, in its layout's order; None when one is
    missing (then rendering raises, when and if it is read, as it did)."""
    try:
        pickers = layout[3]
        if len(pickers) == 1:
            b, pick, many = pickers[0]
            return pick(bindings[b]) if many else (pick(bindings[b]),)
        values: tuple[Any, ...] = ()
        for b, pick, many in pickers:
            values += pick(bindings[b]) if many else (pick(bindings[b]),)
        return values
    except (KeyError, TypeError, IndexError):
        return None


def _filled(parts: tuple[tuple[str, int, str], ...], values: tuple[Any, ...], lang: Lang) -> str:
    """A template's parts (:func:`_layout`) filled with ``values``: exactly what
    :func:`_render` gives from the bindings the values were read from."""
    out: list[str] = []
    for literal, index, spec in parts:
        out.append(literal)
        if index >= 0:
            value = values[index]
            # A plain string with no spec is itself (format(s, "")), most of an explanation's
            # values; no _Value made for it.
            out.append(value if not spec and value.__class__ is str
                       else _Value(value, lang).__format__(spec))
    return "".join(out)


def _render(template: str, bindings: Mapping[str, Mapping[str, Any]], lang: Lang) -> str:
    """``template.format`` over the bindings, each value rendered by :class:`_Value`."""
    parts = _template(template)
    if parts is None:
        return template.format(**{b: _Fact(f, lang) for b, f in bindings.items()})
    out: list[str] = []
    for literal, binding, field, spec in parts:
        out.append(literal)
        if binding is not None:
            out.append(_Value(bindings[binding][field], lang).__format__(spec))
    return "".join(out)


def _explain(text: Text, bindings: Mapping[str, Mapping[str, Any]]) -> Text:
    return Text(_render(text.vi, bindings, "vi"), _render(text.en, bindings, "en"))


@functools.lru_cache(maxsize=4096)
def _quotes(clause_ids: tuple[str, ...]) -> tuple[Quote, ...]:
    """The quoted clauses of a rule: the text never changes, so each tuple is built once."""
    return tuple(
        Quote(cid, Text(cite(cid, "vi"), cite(cid, "en")), clause(cid).text) for cid in clause_ids
    )


@attrs.frozen
class _Plan:
    """What ``decide`` reads from a question's declarations, worked out once per question."""

    rules: dict[str, Rule]
    #: For each condition, the rules that could make it hold (for the switches a "no" or an
    #: "unknown" relied on).
    holds: dict[str, tuple[Rule, ...]]
    #: For each rule id, the switches it tests (``e.i_<switch>``): relied on when it fires, and
    #: by a "no" or an "unknown" it could have turned.
    switches: dict[str, tuple[str, ...]]
    #: The conditions' names, in the question's order.
    conditions: tuple[str, ...] = ()
    #: The conditions another reading can make not applicable: those with a not-applicable rule
    #: that relies on a switch, or a fallback one (it concludes when the rules that held under
    #: this reading do not under another). A rule such as "before the day of effect" turns on no
    #: reading.
    excluding: frozenset[str] = frozenset()
    #: For each rule id, the switches it relies on when it fires: those it tests and those whose
    #: reading it reads (an evaluate field read from ``interpretation.<switch>``: a rule that
    #: holds under some readings only reads it so, that a "no" of the question does not list the
    #: switch for every rule that might have held; the "yes" it gives lists it).
    relied: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    #: For each rule id: the rule, its quoted clauses, the missing facts it names and its
    #: explanation's layout (frozen values of the declarations alone, so made once and shared
    #: by every decision).
    made: dict[str, tuple[Rule, tuple[Quote, ...], tuple[MissingFact, ...], _Layout | None]] = (
        attrs.field(factory=dict))
    #: The skeleton of a decision by the rules that fired (:func:`_skeleton`), filled as asked.
    skeletons: dict[tuple[str, ...], _Skeleton] = attrs.field(factory=dict)


_PLANS: dict[int, tuple[Question, _Plan]] = {}


def _plan(question: Question) -> _Plan:
    known = _PLANS.get(id(question))
    if known is not None and known[0] is question:
        return known[1]
    relied = _relied(question)
    plan = _Plan(
        {r.id: r for r in question.rules},
        {
            c.name: tuple(
                r for r in question.rules if r.condition == c.name and r.status == Status.HOLDS
            )
            for c in question.conditions
        },
        {r.id: r.switches for r in question.rules},
        tuple(c.name for c in question.conditions),
        frozenset(r.condition for r in question.rules if r.status == Status.NOT_APPLICABLE
                  and (r.fallback or relied[r.id])),
        relied,
        {r.id: (r, _quotes(r.clauses),
                tuple(MissingFact(r.condition, m.fact, m.need, m.effect) for m in r.missing),
                _layout(r.because.vi, r.because.en))
         for r in question.rules},
    )
    _PLANS[id(question)] = (question, plan)
    return plan


def _relied(question: Question) -> dict[str, tuple[str, ...]]:
    """The switches each rule relies on when it fires, by rule id (:attr:`_Plan.relied`)."""
    reading_of: dict[str, str] = {}
    for field, source in question.reads:
        kind, switch, _ = read_source(source)
        if kind == "interpretation":
            reading_of[field] = switch
    return {r.id: tuple(dict.fromkeys((*r.switches, *(
        reading_of[t.field] for p in r.patterns for t in p.tests
        if t.binding == "e" and t.field in reading_of)))) for r in question.rules}


def _sources(bindings: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    """The record paths a conclusion's facts came from (each fact's ``src``, comma-separated
    when it stands for several), in order, once each; ``question`` (a value of the question's
    own) is not a record."""
    out: list[str] = []
    for fact in bindings.values():
        src = fact.get("src", "")
        if src.__class__ is not str:
            src = str(src)
        if "," in src:
            for part in src.split(","):
                if part and part != "question" and part not in out:
                    out.append(part)
        elif src and src != "question" and src not in out:
            out.append(src)
    return tuple(out)


def _outcome(statuses: set[Status]) -> tuple[Outcome, Status]:
    """The outcome and the deciding status, from the statuses the conditions took."""
    if Status.NOT_APPLICABLE in statuses:
        return Outcome.NOT_APPLICABLE, Status.NOT_APPLICABLE
    if Status.FAILS in statuses:
        return Outcome.NO, Status.FAILS
    if Status.UNKNOWN in statuses:
        return Outcome.UNKNOWN, Status.UNKNOWN
    return Outcome.YES, Status.HOLDS


#: One reason of a skeleton: (index of its conclusion, rule, condition, status, decisive,
#: quotes, the layout of its explanation).
_Spec = tuple[int, Rule, str, Status, bool, tuple[Quote, ...], "_Layout | None"]
#: What a decision is made of, given which rules fired (in the engine's order) and nothing
#: else: the outcome; each reason as (index of its conclusion, rule, condition, status,
#: decisive, quotes, the layout of its explanation), the decisive first; the rules with a
#: warning, by conclusion, in the conditions' order; the missing facts; the switches relied
#: on, in the order found.
_Skeleton = tuple[
    Outcome,
    tuple["_Spec", ...],
    tuple[tuple[int, Rule], ...],
    tuple[MissingFact, ...],
    tuple[str, ...],
]
#: Skeletons kept per question (the combinations of rules that fire are few: 1 to 33 a
#: question over the 1,000-expenditure year's audit); past this, one is worked out per ask and
#: not kept. Nor is one of more conclusions than SKELETON_CONCLUSIONS (records under one key
#: give thousands, each count another combination): a skeleton's size is its conclusions'.
SKELETONS_PER_QUESTION = 512
SKELETON_CONCLUSIONS = 64


def _skeleton(question: Question, plan: _Plan, fired: tuple[str, ...]) -> _Skeleton:
    """How the conditions take their statuses from the rules that fired (``fired``, one rule
    id per conclusion, in order): each condition exactly one status (an ordinary rule wins over
    a fallback; among several, not_applicable > holds > fails > unknown); then the outcome, the
    reasons decisive first, the missing facts of a deciding unknown, and the switches relied
    on: those a deciding rule tests or reads (:attr:`_Plan.relied`); for a no or an unknown,
    those a rule that could have made a deciding condition hold tests (another reading might
    have); and those the rules that made a condition hold rely on where another reading could
    have changed the outcome through it: for an unknown every such condition (failing, it would
    give a no), for a no the conditions another reading can make not applicable
    (:attr:`_Plan.excluding`: a Deputy Head bound to attend under point 1's default is not
    bound under ``members_only``, where that no is a not applicable)."""
    made = plan.made
    by_condition: dict[str, list[tuple[int, Rule]]] = {}
    for n, rule_id in enumerate(fired):
        rule = made[rule_id][0]
        by_condition.setdefault(rule.condition, []).append((n, rule))
    chosen: list[tuple[str, Status, list[tuple[int, Rule]]]] = []
    for name in plan.conditions:
        pool = by_condition.get(name)
        if pool is None:
            raise RuleError(f"{question.id}: no rule concluded condition {name!r}")
        pool = [(n, r) for n, r in pool if not r.fallback] or pool
        status = max((r.status for _, r in pool), key=_PRECEDENCE.__getitem__)
        chosen.append((name, status, [(n, r) for n, r in pool if r.status == status]))
    outcome, deciding = _outcome({status for _, status, _ in chosen})
    first: list[tuple[int, Rule, str, Status, bool, tuple[Quote, ...], _Layout | None]] = []
    then: list[tuple[int, Rule, str, Status, bool, tuple[Quote, ...], _Layout | None]] = []
    warned: list[tuple[int, Rule]] = []
    missing: list[MissingFact] = []
    used: dict[str, None] = {}
    for name, status, pairs in chosen:
        decisive = status == deciding
        for n, rule in pairs:
            (first if decisive else then).append((n, rule, name, status, decisive,
                                                  made[rule.id][1], made[rule.id][3]))
            if rule.warning is not None:
                warned.append((n, rule))
            if decisive and status == Status.UNKNOWN:
                missing.extend(made[rule.id][2])
        if decisive:
            for _, rule in pairs:
                used.update(dict.fromkeys(plan.relied[rule.id]))
            if outcome in (Outcome.NO, Outcome.UNKNOWN):
                for rule in plan.holds[name]:
                    used.update(dict.fromkeys(plan.switches[rule.id]))
        elif status == Status.HOLDS and (outcome == Outcome.UNKNOWN or (
                outcome == Outcome.NO and name in plan.excluding)):
            for _, rule in pairs:
                used.update(dict.fromkeys(plan.relied[rule.id]))
    return (outcome, (*first, *then), tuple(warned), tuple(_dedupe(missing)), tuple(used))


def decide(
    question: Question,
    conclusions: Sequence[Conclusion],
    *,
    arguments: Mapping[str, str],
    settings: Settings,
    warnings: Sequence[Text] = (),
    calendar: str | None,
    engine: str,
    namer: Namer | None = None,
    compact: bool = False,
) -> Decision:
    """The decision the conclusions give; with ``namer``, its reasons' persons and records are
    named by it when read (what ``kgrules.naming.name_records`` does to a decision made
    without it, without making every reason twice). ``compact``: each pending reason keeps
    only the values its template reads, not the facts bound to it (:class:`Deferred`), for
    decisions kept by the thousand (an audit, a batch); it costs about 0.3 µs a reason, which
    a question asked alone, usually dropped soon after, does not pay. The same decision.

    Every ask goes through here. What depends only on which rules fired (the statuses, the
    outcome, the order of the reasons, the missing facts, the switches relied on) is worked out
    once per combination of rules (:func:`_skeleton`); each ask adds its own facts: the bound
    facts each reason is rendered from, the records they came from, the warnings' text. The
    reasons themselves are made when first read (:class:`PendingReasons`)."""
    plan = _plan(question)
    fired = tuple([c.rule for c in conclusions])
    skeleton = plan.skeletons.get(fired) if len(fired) <= SKELETON_CONCLUSIONS else None
    if skeleton is None:
        skeleton = _skeleton(question, plan, fired)
        if len(fired) <= SKELETON_CONCLUSIONS and len(plan.skeletons) < SKELETONS_PER_QUESTION:
            plan.skeletons[fired] = skeleton
    outcome, specs, warned, missing, used = skeleton
    data: list[Any] = []
    if compact:  # the bound facts are not kept: only the records and the values read
        for n, _, _, _, _, _, layout in specs:
            bindings = conclusions[n].bindings
            values = _picked(layout, bindings) if layout else None
            data.append((_sources(bindings), bindings if values is None else None, values))
    else:
        data = [conclusions[spec[0]].bindings for spec in specs]
    reasons = PendingReasons(specs, tuple(data), namer, compact) if specs else ()
    notes = list(warnings)
    for n, rule in warned:
        assert rule.warning is not None
        warning = _explain(rule.warning, conclusions[n].bindings)
        if warning not in notes:
            notes.append(warning)
    if not used:
        interpretations: tuple[InterpretationUsed, ...] = ()
    elif len(used) == 1:  # most decisions: no sort, no generator
        interpretations = (_interpretation_used(used[0], settings.reading(used[0])),)
    else:
        interpretations = tuple(_interpretation_used(s, settings.reading(s))
                                for s in sorted(used, key=lambda s: SWITCHES[s].point))
    return Decision(
        question.id, question.title, dict(arguments), outcome, reasons, missing,
        interpretations, tuple(notes), calendar, engine,
    )


#: The InterpretationUsed of each switch and reading, made once: (the switch declared, it).
_USED: dict[tuple[str, str], tuple[Any, InterpretationUsed]] = {}


def _interpretation_used(switch: str, reading: str) -> InterpretationUsed:
    """What a decision says of a switch it relied on, under ``reading``: a frozen value of the
    switch's declaration alone, so made once per switch and reading (a switch redeclared is
    made again); at most one entry per reading declared."""
    declared = SWITCHES[switch]
    known = _USED.get((switch, reading))
    if known is not None and known[0] is declared:
        return known[1]
    used = InterpretationUsed(switch, declared.point, reading, reading == declared.default,
                              declared.title, declared.readings[reading])
    _USED[(switch, reading)] = (declared, used)
    return used


def _dedupe(items: list[MissingFact]) -> list[MissingFact]:
    seen: list[MissingFact] = []
    for m in items:
        if m not in seen:
            seen.append(m)
    return seen
