"""Reasons that name records by id and persons by name with id, the same way in vi and en.

The rules' templates speak of the flat facts they bound: some name a person by name
(``{mr.name}``), others by id (``{e.member}``), and a reason's facts are record paths
(``meetings[3]``), which say nothing to a reader. Once a decision is made, the case is at hand:
each path gets a label (the record's id; a person as "Huỳnh Thị Mai (P05)"), and every person
an explanation mentions by id or by name alone is written "name (id)". The paths stay in the
JSON (``facts``) beside the labels (``records``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

import attrs

from kgrules.case import KIND_CLASSES, Case
from kgrules.decision import Decision, Namer, Reason
from kgrules.i18n import Text
from kgrules.scope import PerCase

_PATH = re.compile(r"([a-z_]+)\[([0-9]+)\]")
#: Characters an id may contain (kgrules.facts.ID_PATTERN): a mention of an id is not part of a
#: longer id (P05 inside BC-2009-Q1-P05 is not the person P05).
_ID_CHARS = r"A-Za-z0-9_.:\-"


def person_label(case: Case, person_id: str) -> str:
    """``Huỳnh Thị Mai (P05)``; the id alone for someone the case does not hold."""
    if case.has("people", person_id):
        return f"{case.person(person_id).name} ({person_id})"
    return person_id


def record_label(case: Case, path: str) -> str:
    """How a reason names a record: its id (a person by name with id; a position or office
    with its holder), or the path for a record without an id or a source that is not a record
    (a table of the regulation, another question's answer)."""
    match = _PATH.fullmatch(path)
    if match is None or match.group(1) not in KIND_CLASSES:
        return path
    try:
        record = case.record_at(path)
    except KeyError:
        return path
    rid = getattr(record, "id", None)
    if match.group(1) == "people" and rid:
        return person_label(case, rid)
    label = rid or path
    holder = getattr(record, "person", None)
    if isinstance(holder, str) and case.has("people", holder):
        label = f"{label}: {person_label(case, holder)}"
    return str(label)


def name_records(decision: Decision, case: Case) -> Decision:
    """The decision with each reason's records labelled and its persons named with their id,
    done when a reason is first read (:class:`kgrules.decision.Deferred`); a reason given as
    text is named now."""
    if not decision.reasons:
        return decision
    namer = _Namer(case, tuple(decision.arguments.values()))
    reasons = tuple(_reason(r, namer) for r in decision.reasons)
    return attrs.evolve(decision, reasons=reasons)


def namer_for(case: Case, arguments: Mapping[str, str]) -> Namer:
    """What names a decision's reasons about ``case`` asked with ``arguments``: given to
    ``kgrules.decision.decide`` (``namer=``), the reasons are made named once, not made and
    then made again by :func:`name_records`."""
    return _Namer(case, tuple(arguments.values()))


def namer_arguments(namer: Namer, case: Case) -> tuple[object, ...] | None:
    """The arguments ``namer`` names ``case``'s reasons with, or None when it is not
    :func:`namer_for`'s about that very case: what a worker process sends so that the calling
    process names the reasons with :func:`namer_again` (kgrules.batch)."""
    if type(namer) is _Namer and namer.case is case:
        return namer._arguments
    return None


def namer_again(case: Case, arguments: tuple[object, ...]) -> Namer:
    """The namer :func:`namer_arguments` described, rebuilt about the same case here."""
    return _Namer(case, arguments)


class _Namer:
    """Names the persons and records of a decision's reasons, from its case and arguments (the
    persons asked about are looked up once, on first use: a benign race between threads
    computes the same mapping twice)."""

    __slots__ = ("_arguments", "_asked", "case")

    def __init__(self, case: Case, arguments: tuple[object, ...]) -> None:
        self.case = case
        self._arguments = arguments
        self._asked: dict[str, str] | None = None

    def asked(self) -> dict[str, str]:
        asked = self._asked
        if asked is None:
            asked = {v: self.case.person(v).name for v in self._arguments
                     if isinstance(v, str) and self.case.has("people", v)}
            self._asked = asked
        return asked

    def __call__(self, explanation: Text, facts: tuple[str, ...]) -> tuple[Text, tuple[str, ...]]:
        case = self.case
        named = [_path_named(case, p) for p in facts]
        records = tuple([label for label, _ in named])
        found = dict(self.asked())
        for _, people in named:
            if people:
                found.update(people)
        people = tuple(sorted(found.items()))
        return (Text(_with_names(explanation.vi, people), _with_names(explanation.en, people)),
                records)


#: Each record path's label and the persons its record refers to, per loaded case (a Case is
#: frozen, so both are pure functions of the case and the path): an audit's report names
#: about seven reasons a finding, most about the same estimate, agency and decider, and
#: looking each record up again (its path parsed, its fields walked) was most of the naming.
#: At most PATHS_PER_CASE paths a case; past that, each is worked out when asked.
PATHS_PER_CASE = 1 << 17
_path_names: PerCase[str, tuple[str, tuple[tuple[str, str], ...]]] = PerCase(PATHS_PER_CASE)


def _path_named(case: Case, path: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """(:func:`record_label`, :func:`_people`) of one path, kept per case."""
    kept = _path_names.get(case, path)
    if kept is None:
        kept = (record_label(case, path), _people(case, (path,)))
        _path_names.put(case, path, kept)
    return kept


def _reason(reason: Reason, namer: _Namer) -> Reason:
    pending = reason.deferred
    if pending is not None:  # the constructor, not attrs.evolve: a third of the cost
        return Reason(reason.rule, reason.condition, reason.status, reason.clauses,
                      reason.quotes, pending.named(namer), reason.facts, reason.decisive)
    explanation, records = namer(reason.explanation, reason.facts)
    return attrs.evolve(reason, records=records, explanation=explanation)


def _people(case: Case, paths: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(id, name) of the persons the reason's records refer to, and of the arguments'."""
    found: dict[str, str] = {}
    for path in paths:
        try:
            record = case.record_at(path)
        except KeyError:
            continue
        kind = _PATH.fullmatch(path)
        for a in attrs.fields(type(record)):
            value = getattr(record, a.name)
            if kind is not None and kind.group(1) == "people" and a.name == "id":
                ids = [value]
            elif a.metadata.get("ref") == "person":
                ids = [value] if isinstance(value, str) else []
            else:
                continue
            for pid in ids:
                if isinstance(pid, str) and case.has("people", pid):
                    found[pid] = case.person(pid).name
    return tuple(sorted(found.items()))


def _with_names(text: str, people: tuple[tuple[str, str], ...]) -> str:
    for pid, name in people:
        if pid not in text and name not in text:  # every alternative of the pattern has one
            continue
        text = _named(text, pid, name)
    return text


@functools.lru_cache(maxsize=8192)
def _named(text: str, pid: str, name: str) -> str:
    """``text`` with the person ``pid`` called ``name`` named with their id (a pure function
    of the three strings, kept: a year's report names the same decider on the same day in
    many reasons, about 3,700 distinct texts among 27,000, and each regex pass cost ~20 µs)."""
    def named(m: re.Match[str]) -> str:
        if m.group("kept") is not None:  # already "name (id)" or "name (id, …)"
            return m.group(0)
        if m.group("aside") is not None:  # "name (office)" → "name (id, office)"
            return f"{name} ({pid}, "
        return f"{name} ({pid})"

    return _pattern(pid, name).sub(named, text)


@functools.lru_cache(maxsize=4096)
def _pattern(pid: str, name: str) -> re.Pattern[str]:
    """``name (id)`` (kept), ``name (`` another aside, ``name`` alone or ``id`` alone, as whole
    words: an id is not mentioned inside a longer id or a word, Vietnamese letters included (a
    person "H" is not in "Hồ sơ")."""
    i, n = re.escape(pid), re.escape(name)
    return re.compile(
        rf"(?P<kept>{n} \({i}[),])|(?<!\w){n}(?P<aside> \()(?!{i}[),])"
        rf"|(?<![\w{_ID_CHARS}(]){i}(?![\w\-)]|[.:]\w)|(?<!\w){n}(?!\w)(?! \()"
    )
