"""The decision record: every answer given, appended and never changed, so it can be shown later.

An application that relied on an answer must be able to show, years later, what was asked, about
which facts, under which rules, parameters and readings, and what came out. Each
:class:`DecisionRecord` keeps the time, the question and its arguments, a digest of the case's
facts (the facts themselves are kept once per digest), the rules-and-parameters version, every
interpretation switch's reading, the engine, the calendar, the outcome and the whole decision
with its reasons. :meth:`RecordStore.replay` asks the question again from the record alone.

Stores: SQLite by default (embedded, nothing to install; WAL journal with ``synchronous=FULL``,
so a committed append survives the process being killed and the machine losing power), or
PostgreSQL given a ``postgresql://`` URL (psycopg 3 with a connection pool; the service extra).
:meth:`RecordStore.append` returns only after the commit: an answer acknowledged after it is on
disk. Both stores refuse UPDATE and DELETE with triggers, so the record is append-only even for
someone with a SQL prompt (short of dropping the triggers).
"""

from __future__ import annotations

import abc
import ast
import datetime as dt
import enum
import functools
import hashlib
import hmac
import importlib
import json
import os
import sqlite3
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from types import CodeType, ModuleType
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

import attrs

if sys.platform != "win32":
    import fcntl

import kgrules.calendar as working_days
import kgrules.version as package_version
from kgrules.calendar import CalendarOverride, WorkingCalendar
from kgrules.case import Case
from kgrules.catalogue import ask, calendar_for, questions, registered, rule_modules
from kgrules.dsl import Question
from kgrules.errors import InputError, KgrulesError
from kgrules.i18n import Text
from kgrules.interpretations import settings as make_settings
from kgrules.oracle import OracleEngine
from kgrules.params import iter_parameters
from kgrules.regulation import clauses

if TYPE_CHECKING:
    from kgrules.calendar import WorkingCalendar
    from kgrules.case import Case
    from kgrules.decision import Decision
    from kgrules.interpretations import Settings

#: Where the record is kept when nobody says: ``$KGRULES_RECORD``, else this file in the cwd.
DEFAULT_FILE = "kgrules-decisions.sqlite3"
SCHEMA_VERSION = 2


class RecordError(KgrulesError):
    """The record store cannot be opened, written or read (never bad user input)."""


class RecordNotFoundError(InputError):
    """No decision with that id is in the record."""

    def __init__(self, record_id: str) -> None:
        super().__init__("id", f"no decision {record_id!r} in the record")
        self.record_id = record_id

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.record_id,)


# --- versions and digests ------------------------------------------------------------------------


#: The kgrules modules whose code computes the derived facts a question's scope hands the engine
#: (windows, deadlines, running totals, content classes) or evaluates them; with every module of
#: ``kgrules.rules`` they are the "derivations" and "evaluation" parts of :func:`version_parts`.
#: When derivations become declared data on each question (issue 11), the "derivations" part
#: digests that data instead of this code.
DERIVATION_MODULES: Final[tuple[str, ...]] = (
    "kgrules.scope", "kgrules.params", "kgrules.calendar", "kgrules.facts", "kgrules.case.kinds",
    "kgrules.case.model", "kgrules.case.indexes", "kgrules.case.integrity",
    "kgrules.case.loading",
)
EVALUATION_MODULES: Final[tuple[str, ...]] = (
    "kgrules.dsl", "kgrules.evaluation", "kgrules.engine", "kgrules.oracle", "kgrules.decision",
    "kgrules.registry", "kgrules.catalogue", "kgrules.interpretations",
)
#: Declarations shared by the article modules (no question of its own).
COMMON_RULES: Final = "kgrules.rules.common"
#: The distribution of the rule engine (its version is a part of the rules' version).
ENGINE_DISTRIBUTION: Final = "durable-rules"

_VERSION_LOCK = threading.Lock()
#: (the registered question objects, the parts) of the last computation: kept while the same
#: objects are registered (holding them, their ids cannot be reused by others).
_VERSION_CACHE: list[tuple[tuple[Any, ...], dict[str, str]]] = []


def clear_version_cache() -> None:
    """Forget the cached parts: only for code that changes a table or a data file at run time
    (tests); re-registering a question is noticed without it."""
    with _VERSION_LOCK:
        _VERSION_CACHE.clear()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _code_digest(module: ModuleType) -> str:
    """A digest of a module's code, blind to comments, docstrings and layout (its AST without
    docstrings): any change to what the code does changes it, a reworded comment does not."""
    path = getattr(module, "__file__", None)
    if not path:
        return "no-source"
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError) as exc:
        raise RecordError(f"cannot read the code of {module.__name__}: {exc}") from exc
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                and isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return _sha(ast.dump(tree, annotate_fields=False, include_attributes=False))


def _function_digest(fn: object) -> str:
    """A scope function named by where it lives and digested by its compiled code (its
    bytecode, constants and names, nested functions included)."""
    code = getattr(fn, "__code__", None)
    name = f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', type(fn).__name__)}"
    if code is None:
        return name

    def const(k: object) -> str:
        if isinstance(k, CodeType):
            return walk(k)
        if isinstance(k, frozenset):  # `x in {"a", "b"}`: its repr's order follows the hash seed
            return "frozenset" + repr(sorted(const(v) for v in k))
        if isinstance(k, tuple):
            return repr([const(v) for v in k])
        return repr(k)

    def walk(c: CodeType) -> str:
        consts = [const(k) for k in c.co_consts]
        return f"{c.co_code.hex()}|{consts}|{c.co_names}|{c.co_varnames}|{c.co_freevars}"

    return f"{name}:{_sha(walk(code))[:16]}"


def _data(value: object) -> Any:
    """A table's content as canonical JSON-ready data (never a repr with an address in it)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, enum.Enum):
        return _data(value.value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if attrs.has(type(value)):
        fields = attrs.fields(cast("type[attrs.AttrsInstance]", type(value)))
        return {"@": type(value).__qualname__, **{f.name: _data(getattr(value, f.name)) for f in fields}}
    if isinstance(value, Mapping):
        return sorted(([_data(k), _data(v)] for k, v in value.items()), key=_dumps)
    if isinstance(value, (set, frozenset)):
        return sorted((_data(v) for v in value), key=_dumps)
    if isinstance(value, (list, tuple)):
        return [_data(v) for v in value]
    if callable(value):
        return _function_digest(value)
    if type(value).__repr__ is not object.__repr__:  # its own repr: no address in it
        return f"<{type(value).__qualname__} {value!r}>"
    return f"<{type(value).__qualname__}>"


def _tables(module: ModuleType) -> dict[str, Any]:
    """A rule module's tables: its module-level constants (UPPER_CASE names) that are data,
    not questions, classes or imported modules."""
    out: dict[str, Any] = {}
    for name, value in sorted(vars(module).items()):
        bare = name.lstrip("_")
        if not bare or not bare[0].isalpha() or bare.upper() != bare:
            continue
        if isinstance(value, (Question, type, ModuleType)):
            continue
        if isinstance(value, (tuple, list)) and any(isinstance(v, Question) for v in value):
            continue
        out[name] = _data(value)
    return out


def version_parts() -> dict[str, str]:
    """What decides an answer, part by part (a digest or a version each): the question
    declarations, the dated parameters, the clause texts, the scope derivations (the code that
    computes derived facts), the evaluation code, the rule modules' tables, kgrules' calendar
    corrections, and the versions of the holidays package and of the rule engine.

    Cached while the same question objects are registered: re-registering a question (a
    reloaded module) recomputes it."""

    now = registered()
    with _VERSION_LOCK:
        if _VERSION_CACHE:
            held, parts = _VERSION_CACHE[0]
            if len(held) == len(now) and all(a is b for a, b in zip(held, now, strict=True)):
                return dict(parts)
    registered_questions = questions()
    names = sorted({*rule_modules(), COMMON_RULES,
                    *(q.module for q in registered_questions if q.module)})
    modules = {n: importlib.import_module(n) for n in names}
    parameters = [[p.name, list(p.clauses), [[v.since.isoformat(), _data(v.value)] for v in p.values]]
                  for p in iter_parameters()]
    derivations = {
        # A question's scope function; and its declared derivations when it declares them as
        # data (issue 11), which the digest then covers as data.
        "scopes": {q.id: [_function_digest(q.scope), _data(getattr(q, "derivations", None))]
                   for q in registered_questions},
        "code": {n: _code_digest(importlib.import_module(n)) for n in (*names, *DERIVATION_MODULES)},
    }
    parts = {
        "package": package_version.__version__,
        "questions": _sha(_dumps({q.id: q.digest for q in registered_questions})),
        "parameters": _sha(_dumps(parameters)),
        "clauses": _sha(_dumps({c.id: c.text for c in clauses().values()})),
        "derivations": _sha(_dumps(derivations)),
        "evaluation": _sha(_dumps({n: _code_digest(importlib.import_module(n))
                                   for n in EVALUATION_MODULES})),
        "tables": _sha(_dumps({n: _tables(m) for n, m in modules.items()})),
        "calendar_corrections": _sha(_dumps([c.to_dict() for c in working_days.load_corrections()])),
        "holidays": working_days.PACKAGE_VERSION,
        ENGINE_DISTRIBUTION: metadata.version(ENGINE_DISTRIBUTION),
    }
    with _VERSION_LOCK:
        _VERSION_CACHE[:] = [(now, parts)]
    return dict(parts)


def rules_version() -> str:
    """The package version and one digest of every part of :func:`version_parts`: when any
    of them changes, the version changes, and a replay says that the rules differ from those
    the record was made under."""
    parts = version_parts()
    return f"{parts['package']}+{_sha(_dumps(parts))[:16]}"


def canonical_case_json(case: Case) -> str:
    """The case's facts as one canonical JSON text (sorted keys, no spaces): what is stored
    and digested. Record order is kept (it is how the user gave them)."""
    return _canonical(case)[0]


#: Cases are immutable, so their canonical text and digest are worked out once per object
#: (half the cost of an append when one case is asked many questions); keyed by id() and
#: dropped when the case is collected.
_CANONICAL: dict[int, tuple[weakref.ref[Case], str, str]] = {}
_CANONICAL_LOCK = threading.Lock()


def _canonical(case: Case) -> tuple[str, str]:
    key = id(case)
    hit = _CANONICAL.get(key)
    if hit is not None and hit[0]() is case:
        return hit[1], hit[2]
    text = json.dumps(case.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    with _CANONICAL_LOCK:
        _CANONICAL[key] = (weakref.ref(case, functools.partial(_forget, key)), text, digest)
    return text, digest


def _forget(key: int, ref: weakref.ref[Case], entries: dict[int, Any] = _CANONICAL,
            lock: threading.Lock = _CANONICAL_LOCK) -> None:
    """Drop a collected case's entry. The dict and lock are bound as defaults because a case
    collected while the interpreter shuts down may find this module's globals already gone."""
    with lock:
        hit = entries.get(key)
        if hit is not None and hit[0] is ref:
            del entries[key]


def case_digest(case: Case | str) -> str:
    """``sha256:`` of the canonical JSON: two requests with the same facts share a digest."""
    if not isinstance(case, str):
        return _canonical(case)[1]
    return "sha256:" + hashlib.sha256(case.encode("utf-8")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def new_record_id() -> str:
    """A decision's id: 32 hex digits laid out as a UUID version 7 (RFC 9562), the Unix time
    in milliseconds first, then 74 random bits (from ``os.urandom``, as ``uuid4``'s 122).

    Ordered by time, a transaction's new ids land on the last page of the id index rather
    than on one page each (random ``uuid4`` ids): 27.8 → 21.4 WAL frames per group commit of 8
    asks measured in process (issue 14). An id so reveals its recording time to the
    millisecond, which every reader of the row sees already (``recorded_at``); its random part
    keeps ids unguessable."""
    value = (time.time_ns() // 1_000_000 & _MS_48) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~_VERSION_BITS) | _VERSION_7
    value = (value & ~_VARIANT_BITS) | _VARIANT_RFC
    return f"{value:032x}"


_MS_48: Final = (1 << 48) - 1
_VERSION_BITS: Final = 0xF << 76
_VERSION_7: Final = 7 << 76
_VARIANT_BITS: Final = 0x3 << 62
_VARIANT_RFC: Final = 0x2 << 62


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# --- records -------------------------------------------------------------------------------------


@attrs.frozen
class DecisionRecord:
    """One answer as it was given. ``seq`` orders the record; ``id`` is what callers keep;
    ``row_hash`` chains it to every row before (``prev_hash`` is the previous row's)."""

    id: str
    seq: int
    recorded_at: str
    question: str
    arguments: Mapping[str, str]
    case_digest: str
    rules_version: str
    interpretations: Mapping[str, str]
    engine: str
    calendar: str | None
    calendar_overrides: tuple[Mapping[str, Any], ...] | None
    outcome: str
    decision: Mapping[str, Any]
    source: str
    prev_hash: str | None = None
    row_hash: str | None = None
    #: Whether the row, as read, still matches its own hash (None: written before the chain).
    #: A cheap per-row check for listings; only ``verify`` sees deleted or reordered rows.
    matches_hash: bool | None = attrs.field(default=None, eq=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "seq": self.seq,
            "recorded_at": self.recorded_at,
            "question": self.question,
            "arguments": dict(self.arguments),
            "case_digest": self.case_digest,
            "rules_version": self.rules_version,
            "interpretations": dict(self.interpretations),
            "engine": self.engine,
            "calendar": self.calendar,
            "calendar_overrides": (None if self.calendar_overrides is None
                                   else [dict(o) for o in self.calendar_overrides]),
            "outcome": self.outcome,
            "decision": dict(self.decision),
            "source": self.source,
            "prev_hash": self.prev_hash,
            "row_hash": self.row_hash,
        }

    def checked_dict(self) -> dict[str, Any]:
        """The row as recorded plus its own-hash check, so every reader that hands a row on (the
        CLI's ``--json``, the service) shows an altered row flagged, never as any other."""
        return {**self.to_dict(), "matches_hash": self.matches_hash,
                "altered": ROW_ALTERED.to_dict() if self.matches_hash is False else None}


#: Said of a row that no longer matches its own hash, wherever the row is shown.
ROW_ALTERED: Final = Text(
    "Dòng này của sổ ghi không còn khớp mã băm của nó: đã bị sửa sau khi ghi; đừng tin nội dung "
    "này (kiểm tra cả sổ: kgrules record verify, hoặc GET /v1/record/verify).",
    "This row of the record no longer matches its own hash: it was altered after it was "
    "written; do not rely on it (check the whole record: kgrules record verify, or GET "
    "/v1/record/verify).")


@attrs.frozen
class Replay:
    """A recorded decision asked again from its record: ``same`` when nothing differs."""

    record: DecisionRecord
    replayed: Mapping[str, Any]
    differences: tuple[str, ...]
    rules_version: str

    @property
    def same(self) -> bool:
        return not self.differences

    @property
    def rules_version_matches(self) -> bool:
        return self.rules_version == self.record.rules_version

    def summary(self) -> Text:
        if self.same:
            return Text("Trả lời lại giống hệt quyết định đã ghi.",
                        "The replayed answer is identical to the recorded decision.")
        keys = ", ".join(self.differences)
        extra = Text(
            "" if self.rules_version_matches else
            f" Phiên bản luật đã đổi: {self.record.rules_version} → {self.rules_version}.",
            "" if self.rules_version_matches else
            f" The rules changed: {self.record.rules_version} → {self.rules_version}.")
        return Text(f"Trả lời lại khác quyết định đã ghi ở: {keys}.{extra.vi}",
                    f"The replayed answer differs from the recorded decision in: {keys}.{extra.en}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.record.id,
            "same": self.same,
            "differences": list(self.differences),
            "rules_version_matches": self.rules_version_matches,
            "recorded_rules_version": self.record.rules_version,
            "rules_version": self.rules_version,
            "summary": self.summary().to_dict(),
            "recorded": dict(self.record.decision),
            "replayed": dict(self.replayed),
        }


def _decision_dict(decision: Decision) -> dict[str, Any]:
    d = decision.to_dict()
    d.pop("record_id", None)
    return d


def _calendar_overrides(case: Case, calendar: WorkingCalendar | None) -> tuple[dict[str, Any], ...] | None:
    """The official lists of a calendar passed explicitly (None: the case's own was used)."""
    if calendar is None:
        return None

    if calendar is calendar_for(case):
        return None
    if not calendar.describe()["corrections"]:
        raise RecordError("a calendar without kgrules' corrections cannot be recorded for replay")
    return tuple(
        {
            "year": o.year,
            "days_off": [d.isoformat() for d in o.days_off],
            "working_days": [d.isoformat() for d in o.working_days],
            "not_days_off": [d.isoformat() for d in o.not_days_off],
            "source": o.source,
        }
        for o in calendar.overrides
    )


@attrs.frozen
class _Row:
    """What is written for one decision (the store adds ``seq`` and the chain's hashes)."""

    id: str
    recorded_at: str
    question: str
    arguments: str
    case_digest: str
    rules_version: str
    interpretations: str
    engine: str
    calendar: str | None
    calendar_overrides: str | None
    outcome: str
    decision: str
    source: str

    def values(self) -> tuple[Any, ...]:
        """The columns in :data:`_COLUMNS`' order (written out: ``attrs.astuple`` cost more
        than the rest of linking a row)."""
        return (self.id, self.recorded_at, self.question, self.arguments, self.case_digest,
                self.rules_version, self.interpretations, self.engine, self.calendar,
                self.calendar_overrides, self.outcome, self.decision, self.source)


_COLUMNS = ("id", "recorded_at", "question", "arguments", "case_digest", "rules_version",
            "interpretations", "engine", "calendar", "calendar_overrides", "outcome", "decision",
            "source")
_CHAIN_COLUMNS = ("prev_hash", "row_hash")


def _row(decision: Decision, digest: str, settings: Settings, overrides: str | None,
         source: str, version: str) -> _Row:
    return _Row(
        id=new_record_id(),
        recorded_at=_now(),
        question=decision.question,
        arguments=_dumps(dict(decision.arguments)),
        case_digest=digest,
        rules_version=version,
        interpretations=_dumps(settings.to_dict()),
        engine=decision.engine,
        calendar=decision.calendar,
        calendar_overrides=overrides,
        outcome=decision.outcome.value,
        decision=_dumps(_decision_dict(decision)),
        source=source,
    )


@attrs.frozen
class Prepared:
    """Rows ready to be appended (ids and times given, hashes not yet): built where the decision
    was made, written by :meth:`RecordStore.commit` (the service's evaluation workers prepare,
    the service process commits, in groups)."""

    digest: str
    case_json: str
    rows: tuple[_Row, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rows)

    def renewed(self) -> Prepared:
        """The same decisions recorded again: each row with a fresh id and time, all else as it
        was (the service's reply cache records a repeated ask so, without deciding it again, on
        its event loop: built directly, ``attrs.evolve`` cost two thirds of it)."""
        return Prepared(self.digest, self.case_json,
                        tuple(_Row(new_record_id(), _now(), *r.values()[2:]) for r in self.rows))


def prepare(decisions: Iterable[Decision], case: Case, *,
            settings: Settings | Mapping[str, str] | None = None,
            calendar: WorkingCalendar | None = None, source: str = "library") -> Prepared:
    """The rows recording decisions about one case (checked as an append checks them)."""
    chosen = make_settings(settings)
    if not isinstance(source, str) or not source:
        raise InputError("source", "expected a non-empty string")
    case_json, digest = _canonical(case)
    overrides = _calendar_overrides(case, calendar)
    overrides_json = None if overrides is None else _dumps(list(overrides))
    version = rules_version()
    return Prepared(digest, case_json, tuple(_row(d, digest, chosen, overrides_json, source,
                                                  version) for d in decisions))


class _Waiting:
    """One append in the group-commit queue."""

    __slots__ = ("done", "prepared", "result")

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.done = False
        self.result: list[tuple[int, str, str]] | BaseException | None = None


def _record(seq: int, values: Mapping[str, Any]) -> DecisionRecord:
    overrides = values["calendar_overrides"]
    return DecisionRecord(
        id=values["id"],
        seq=seq,
        recorded_at=values["recorded_at"],
        question=values["question"],
        arguments=json.loads(values["arguments"]),
        case_digest=values["case_digest"],
        rules_version=values["rules_version"],
        interpretations=json.loads(values["interpretations"]),
        engine=values["engine"],
        calendar=values["calendar"],
        calendar_overrides=None if overrides is None else tuple(json.loads(overrides)),
        outcome=values["outcome"],
        decision=json.loads(values["decision"]),
        source=values["source"],
        prev_hash=values.get("prev_hash"),
        row_hash=values.get("row_hash"),
        matches_hash=_matches_hash(seq, values),
    )


def _matches_hash(seq: int, values: Mapping[str, Any]) -> bool | None:
    stored = values.get("row_hash")
    if stored is None:
        return None
    try:
        return bool(row_hash(seq, values, values.get("prev_hash") or "") == stored)
    except RecordIntegrityError:  # a column that is not text
        return False


# --- the hash chain ------------------------------------------------------------------------------

#: Tags the hashed texts, so a hash of one kind can never pass for another.
_ROW_TAG: Final = "kgrules-decision/2"
_GENESIS_TAG: Final = "kgrules-genesis/2"
_CHECKPOINT_TAG: Final = "kgrules-checkpoint/2"
#: A checkpoint is sealed after this many rows when the store holds a key (and at close).
DEFAULT_SEAL_EVERY: Final = 100
#: The least length of a seal key (bytes of the key file, surrounding whitespace stripped).
SEAL_KEY_MIN_BYTES: Final = 16


def _frame(h: Any, fields: Iterable[object]) -> None:
    """Feed fields to a hash unambiguously (netstring-like, simple to redo elsewhere): ``N;``
    for null, ``I<decimal>;`` for an integer, ``S<byte length>:<UTF-8 bytes>;`` for a text."""
    for value in fields:
        if value is None:
            h.update(b"N;")
        elif isinstance(value, int) and not isinstance(value, bool):
            h.update(b"I%d;" % value)
        elif isinstance(value, str):
            data = value.encode("utf-8", "surrogatepass")
            h.update(b"S%d:" % len(data))
            h.update(data)
            h.update(b";")
        else:
            raise RecordIntegrityError(f"a column holds a {type(value).__name__}, not a text")


def row_hash(seq: int, values: Mapping[str, Any], prev_hash: str) -> str:
    """The hash of one row: its seq, every stored column (as stored) and the previous row's
    hash, so editing, removing, inserting or reordering any row changes every hash after it."""
    return _columns_hash(seq, [values[c] for c in _COLUMNS], prev_hash)


def _columns_hash(seq: int, columns: Sequence[object], prev_hash: str) -> str:
    """:func:`row_hash` of the columns in :data:`_COLUMNS`' order (a row being written is a
    tuple already: no mapping built per row)."""
    h = hashlib.sha256()
    _frame(h, (_ROW_TAG, seq, *columns, prev_hash))
    return h.hexdigest()


def _genesis(legacy: Iterable[tuple[int, Mapping[str, Any]]]) -> str:
    """Where the chain starts: a digest of the rows written before it (none for a record
    begun with chains; the old rows of a record upgraded from schema 1)."""
    h = hashlib.sha256()
    _frame(h, (_GENESIS_TAG,))
    for seq, values in legacy:
        _frame(h, (seq, *(values[c] for c in _COLUMNS)))
    return h.hexdigest()


def _checkpoint_mac(key: bytes, seq: int, hash_at: str, sealed_at: str) -> str:
    message = f"{_CHECKPOINT_TAG}\n{seq}\n{hash_at}\n{sealed_at}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """Names a seal key without revealing it (which key sealed a checkpoint)."""
    return hmac.new(key, b"kgrules-key-id", hashlib.sha256).hexdigest()[:16]


def load_seal_key(path: str | os.PathLike[str], field: str = "--seal-key") -> bytes:
    """A seal key from its file (keep it readable by the service's user only, and away from
    anyone who can write the database)."""
    try:
        key = Path(path).read_bytes().strip()
    except OSError as exc:
        raise InputError(field, f"cannot read the key file: {exc.strerror}") from None
    if len(key) < SEAL_KEY_MIN_BYTES:
        raise InputError(field, f"the key must be at least {SEAL_KEY_MIN_BYTES} bytes "
                                "(e.g. python3 -c 'import secrets; print(secrets.token_hex(32))')")
    return key


@attrs.frozen
class Break:
    """The first place where the record is not what was appended."""

    kind: str
    seq: int | None
    id: str | None
    message: Text

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "seq": self.seq, "id": self.id, "message": self.message.to_dict()}


@attrs.frozen
class Verification:
    """What :meth:`RecordStore.verify` found: ``intact`` unless ``first_break`` says where not."""

    location: str
    rows: int
    cases: int
    checkpoints: int
    head_seq: int | None
    head_hash: str | None
    chain_from: int
    sealed: bool  # the checkpoints' seals were checked with a key
    sealed_through: int | None  # the last seq vouched for by a valid sealed checkpoint
    first_break: Break | None

    @property
    def intact(self) -> bool:
        return self.first_break is None

    @property
    def unsealed_rows(self) -> int | None:
        """Rows after the last valid sealed checkpoint (None when no key was given)."""
        if not self.sealed or self.head_seq is None:
            return None
        return self.head_seq - (self.sealed_through or 0)

    def summary(self) -> Text:
        if self.first_break is not None:
            return Text(f"Sổ ghi đã bị thay đổi: {self.first_break.message.vi}",
                        f"The record was altered: {self.first_break.message.en}")
        head = (Text("sổ trống", "the record is empty") if self.head_seq is None else
                Text(f"dòng cuối #{self.head_seq}, mã băm {self.head_hash}",
                     f"last row #{self.head_seq}, hash {self.head_hash}"))
        seal = Text("", "")
        if self.sealed:
            seal = (Text(f"; niêm phong hợp lệ tới dòng #{self.sealed_through}, "
                         f"{self.unsealed_rows} dòng sau đó chưa được niêm phong",
                         f"; sealed through row #{self.sealed_through}, "
                         f"{self.unsealed_rows} row(s) after it not sealed yet")
                    if self.sealed_through is not None else
                    Text("; chưa có điểm niêm phong nào", "; no sealed checkpoint yet"))
        return Text(f"Sổ ghi nguyên vẹn: {self.rows} quyết định, {self.cases} hồ sơ khớp mã băm, "
                    f"{head.vi}{seal.vi}.",
                    f"The record is intact: {self.rows} decisions, {self.cases} case bodies "
                    f"matching their digests, {head.en}{seal.en}.")

    def to_dict(self) -> dict[str, Any]:
        return {
            "intact": self.intact, "location": self.location, "rows": self.rows,
            "cases": self.cases, "checkpoints": self.checkpoints, "head_seq": self.head_seq,
            "head_hash": self.head_hash, "chain_from": self.chain_from, "sealed": self.sealed,
            "sealed_through": self.sealed_through, "unsealed_rows": self.unsealed_rows,
            "first_break": None if self.first_break is None else self.first_break.to_dict(),
            "summary": self.summary().to_dict(),
        }


class RecordIntegrityError(RecordError):
    """What the record holds does not match its own hashes (someone altered it)."""


class RecordMigrationNeeded(InputError):
    """A record written before the hash chain (schema 1): upgrade it with ``kgrules record init``."""

    def __init__(self, location: str) -> None:
        super().__init__("record", f"{location} was written by an older kgrules (schema 1, no hash "
                                   f"chain): upgrade it once with `kgrules record init --record "
                                   f"{location}` (as the tables' owner), then open it again")
        self.location = location

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.location,)


def _column_problem(values: Mapping[str, Any]) -> str | None:
    """A stored column that disagrees with the stored decision JSON (the hash covers both,
    so this is what a writer that computed its own hashes got wrong, or meant)."""
    try:
        decision = json.loads(values["decision"])
        arguments = json.loads(values["arguments"])
        readings = json.loads(values["interpretations"])
    except (TypeError, ValueError):
        return "decision"
    if not isinstance(decision, dict) or not isinstance(readings, dict):
        return "decision"
    for column, value in (("outcome", values["outcome"]), ("question", values["question"]),
                          ("engine", values["engine"]), ("calendar", values["calendar"]),
                          ("arguments", arguments)):
        if decision.get(column) != value:
            return column
    for used in decision.get("interpretations") or ():
        if not isinstance(used, dict) or readings.get(used.get("switch")) != used.get("reading"):
            return "interpretations"
    return None


# --- stores --------------------------------------------------------------------------------------


@attrs.frozen
class _Chain:
    """Where a store's chain starts (from its meta table)."""

    chain_from: int
    genesis: str


class RecordStore(abc.ABC):
    """Append-only storage of decisions and the facts they were about.

    Subclasses provide the SQL; this class holds what is common: digesting the case, building
    rows and chaining them, reading records back, replaying and verifying them. Thread-safe;
    several processes may share one store (SQLite's WAL locking, or PostgreSQL). Appends from
    several threads are group-committed (:meth:`_commit`): SQLite writes those waiting in one
    transaction; each still returns only once its rows are committed.
    """

    kind = "abstract"

    def __init__(self, location: str, *, seal_key: bytes | None = None,
                 seal_every: int = DEFAULT_SEAL_EVERY) -> None:
        self.location = location
        if seal_key is not None and len(seal_key) < SEAL_KEY_MIN_BYTES:
            raise InputError("seal_key", f"at least {SEAL_KEY_MIN_BYTES} bytes")
        if isinstance(seal_every, bool) or not isinstance(seal_every, int) or seal_every < 1:
            raise InputError("seal_every", "must be a positive integer")
        self._seal_key = seal_key
        self._seal_every = seal_every
        self._chain = _Chain(1, _genesis(()))
        # Group commit (issue 14): appends waiting while one is being written go together in
        # the next transaction (one sync to disk for all); see _commit.
        self._queue: list[_Waiting] = []
        self._queue_lock = threading.Lock()
        self._leader = threading.Lock()

    # -- what subclasses provide ----------------------------------------------------------------

    @abc.abstractmethod
    def _write_groups(self, groups: Sequence[tuple[str, str, Sequence[_Row]]]
                      ) -> list[list[tuple[int, str, str]] | BaseException]:
        """Several appends (each a case and its rows), in that order, in one transaction (one
        sync to disk for all): all committed, or none; each one's links, or the error that
        kept it from being committed."""

    @abc.abstractmethod
    def _fetch(self, where: str, params: Sequence[Any], limit: int | None = None
               ) -> list[tuple[int, dict[str, Any]]]:
        """Rows matching ``where`` (``?`` placeholders), in seq order, as (seq, columns)."""

    @abc.abstractmethod
    def _case_json(self, digest: str) -> str | None:
        """The stored canonical text of a case, if any."""

    @abc.abstractmethod
    def _checkpoints(self) -> list[tuple[int, str, str, str, str]]:
        """Every checkpoint: (seq, row_hash, sealed_at, key_id, mac), in seq order."""

    @abc.abstractmethod
    def _protection(self) -> list[str]:
        """The append-only triggers missing or disabled (empty when all are in force)."""

    @abc.abstractmethod
    def count(self) -> int:
        """How many decisions the record holds."""

    @abc.abstractmethod
    def _close(self) -> None:
        """Release connections."""

    # -- the chain ------------------------------------------------------------------------------

    def _link(self, head: tuple[int, str] | None, next_seq: int, rows: Sequence[_Row]
              ) -> list[tuple[int, str, str]]:
        """Seqs and hashes for rows appended after ``head`` (the last chained row, or None:
        the chain starts at ``next_seq`` from the genesis)."""
        seq, prev = head if head is not None else (next_seq - 1, self._chain.genesis)
        out = []
        for row in rows:
            seq += 1
            h = _columns_hash(seq, row.values(), prev)
            out.append((seq, prev, h))
            prev = h
        return out

    def _chained(self, head: tuple[int, str] | None, rows: Sequence[_Row],
                 inserts: list[tuple[Any, ...]]
                 ) -> tuple[list[tuple[int, str, str]], tuple[int, str] | None]:
        """``rows`` linked after ``head`` (:meth:`_link`), their insert parameters (seq, the
        row's columns, prev_hash, row_hash) added to ``inserts``; their links and the new head.
        Both stores chain a transaction's groups one after another so."""
        links = self._link(head, self._chain.chain_from, rows)
        inserts.extend((seq, *row.values(), prev, h)
                       for (seq, prev, h), row in zip(links, rows, strict=True))
        return links, ((links[-1][0], links[-1][2]) if links else head)

    def _due_checkpoint(self, last_sealed: int, links: Sequence[tuple[int, str, str]]
                        ) -> tuple[int, str, str, str, str] | None:
        """The checkpoint to write with these rows, if the store seals and one is due."""
        if self._seal_key is None or not links:
            return None
        seq, _prev, h = links[-1]
        if seq - last_sealed < self._seal_every:
            return None
        return self._checkpoint(seq, h)

    def _checkpoint(self, seq: int, hash_at: str) -> tuple[int, str, str, str, str]:
        assert self._seal_key is not None
        at = _now()
        return (seq, hash_at, at, key_id(self._seal_key),
                _checkpoint_mac(self._seal_key, seq, hash_at, at))

    @abc.abstractmethod
    def seal(self) -> int | None:
        """Write a checkpoint at the head now (needs a key); the sealed seq, or None if the
        head is already sealed or the record is empty."""

    def close(self) -> None:
        """Seal the head (when the store holds a key) and release connections."""
        try:
            if self._seal_key is not None:
                self.seal()
        finally:
            self._close()

    # -- appending ------------------------------------------------------------------------------

    def append(self, decision: Decision, case: Case, *, settings: Settings | Mapping[str, str] | None = None,
               calendar: WorkingCalendar | None = None, source: str = "library") -> DecisionRecord:
        """Record one decision; returns after the commit (the decision is then durable)."""
        return self.append_many([decision], case, settings=settings, calendar=calendar,
                                source=source)[0]

    def append_many(self, decisions: Iterable[Decision], case: Case, *,
                    settings: Settings | Mapping[str, str] | None = None,
                    calendar: WorkingCalendar | None = None,
                    source: str = "library") -> list[DecisionRecord]:
        """Record decisions about one case in one transaction (an audit's findings)."""
        return self.commit(prepare(decisions, case, settings=settings, calendar=calendar,
                                   source=source))

    def commit(self, prepared: Prepared) -> list[DecisionRecord]:
        """Write rows built by :func:`prepare` (perhaps in another process); returns after the
        commit, so every record returned is durable."""
        if not prepared.rows:
            return []
        links = self._commit(prepared)
        return [_record(seq, {**attrs.asdict(row, recurse=False), "prev_hash": prev, "row_hash": h})
                for (seq, prev, h), row in zip(links, prepared.rows, strict=True)]

    def write(self, prepared: Prepared) -> list[int]:
        """:meth:`commit`, returning only the seqs the rows were given (no record built back
        from them: the service, which already holds the reply, needs no more)."""
        if not prepared.rows:
            return []
        return [seq for seq, _prev, _hash in self._commit(prepared)]

    def write_all(self, batch: Sequence[Prepared]) -> list[list[int] | BaseException]:
        """Several prepared appends joining the group-commit queue together (the service's one
        committing thread hands over every ask waiting): each one's seqs, or the error that
        kept it from being committed; returns after the commit of every one."""
        out: list[list[int] | BaseException] = []
        for result in self._commit_all(batch):
            out.append(result if isinstance(result, BaseException)
                       else [seq for seq, _prev, _hash in result])
        return out

    def _commit(self, prepared: Prepared) -> list[tuple[int, str, str]]:
        result = self._commit_all([prepared])[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def _commit_all(self, batch: Sequence[Prepared]
                    ) -> list[list[tuple[int, str, str]] | BaseException]:
        """Group commit: the rows join a queue; whoever holds the leader lock writes everything
        queued in one go (a transaction and one sync for SQLite) and hands each waiter its
        links. Nobody returns before the transaction holding its rows committed, and the chain
        is linked by one writer at a time, in queue order, so it stays exact."""
        waiting = [_Waiting(p) for p in batch if p.rows]
        with self._queue_lock:
            self._queue.extend(waiting)  # together: one leader takes all of them or none
        with self._leader:
            if waiting and not waiting[0].done:
                with self._queue_lock:
                    queued, self._queue = self._queue, []
                results: Sequence[list[tuple[int, str, str]] | BaseException]
                try:
                    results = self._write_groups(
                        [(w.prepared.digest, w.prepared.case_json, w.prepared.rows)
                         for w in queued])
                except BaseException as exc:
                    results = [exc] * len(queued)
                for w, outcome in zip(queued, results, strict=True):
                    w.result = outcome
                    w.done = True
        found = iter(waiting)
        out: list[list[tuple[int, str, str]] | BaseException] = []
        for p in batch:
            if not p.rows:
                out.append([])
                continue
            result = next(found).result
            assert result is not None
            out.append(result)
        return out

    # -- reading --------------------------------------------------------------------------------

    def get(self, record_id: str) -> DecisionRecord:
        if not isinstance(record_id, str):
            raise InputError("id", "expected a string")
        found = self._fetch("id = ?", [record_id], 1)
        if not found:
            raise RecordNotFoundError(record_id)
        seq, values = found[0]
        return _record(seq, values)

    def records(self, *, after: int = 0, limit: int = 100) -> list[DecisionRecord]:
        """Records in the order they were appended, from ``seq > after``."""
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 10_000:
            raise InputError("limit", "expected an integer from 1 to 10000")
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            raise InputError("after", "expected a non-negative integer")
        return [_record(seq, v) for seq, v in self._fetch("seq > ?", [after], limit)]

    def __iter__(self) -> Iterator[DecisionRecord]:
        after = 0
        while batch := self.records(after=after, limit=1000):
            yield from batch
            after = batch[-1].seq

    def case(self, digest: str) -> Case:
        """The facts a record was about, exactly as they were recorded (checked against the
        digest they are filed under: a swapped body is refused, never replayed)."""

        text = self._case_json(digest)
        if text is None:
            raise RecordError(f"the record has no case {digest}")
        if case_digest(text) != digest:
            raise RecordIntegrityError(f"the case body filed under {digest} does not match it "
                                       "(the record was altered; run kgrules record verify)")
        return Case.from_json(text)

    # -- replaying ------------------------------------------------------------------------------

    def replay(self, record_id: str) -> Replay:
        """Ask the recorded question again with the recorded facts, readings, engine and
        calendar; the replayed decision should be the recorded one. A row whose content no
        longer matches its own hash, or whose case body no longer matches its digest, is
        refused (RecordIntegrityError), not replayed."""

        found = self._fetch("id = ?", [record_id], 1) if isinstance(record_id, str) else []
        if not found:
            raise RecordNotFoundError(str(record_id))
        seq, values = found[0]
        if values.get("row_hash") is not None and (
                row_hash(seq, values, values.get("prev_hash") or "") != values["row_hash"]):
            raise RecordIntegrityError(f"decision #{seq} does not match its hash (the record was "
                                       "altered; run kgrules record verify)")
        rec = _record(seq, values)
        case = self.case(rec.case_digest)
        calendar = None
        if rec.calendar_overrides is not None:
            calendar = WorkingCalendar([CalendarOverride.from_dict(o, f"calendar_overrides[{i}]")
                                        for i, o in enumerate(rec.calendar_overrides)])
        engine = OracleEngine() if rec.engine == "oracle" else None
        arguments: dict[str, Any] = dict(rec.arguments)
        decision = ask(rec.question, case, interpretations=dict(rec.interpretations),
                       calendar=calendar, engine=engine, **arguments)
        replayed = json.loads(_dumps(_decision_dict(decision)))
        recorded = dict(rec.decision)
        keys = sorted(set(recorded) | set(replayed))
        differences = tuple(k for k in keys if recorded.get(k) != replayed.get(k))
        return Replay(rec, replayed, differences, rules_version())

    # -- verifying ------------------------------------------------------------------------------

    def verify(self, *, seal_key: bytes | None = None,
               max_unsealed: int | None = None) -> Verification:
        """Walk the whole record and report the first place where it is not what was appended:
        a missing or disabled append-only trigger, rows changed before the chain began, a row
        edited, deleted, inserted, reordered or replaced (its hash or its link), a column
        disagreeing with the decision JSON, a case body not matching its digest, a checkpoint
        not matching the chain or (with the key) not sealed by it, the tail deleted after a
        checkpoint, or (with the key) ``max_unsealed`` rows or more after the last valid
        checkpoint (default: the store's ``seal_every``; a store sealing as it appends leaves
        fewer), which is what deleting every checkpoint to rebuild the chain leaves behind."""
        key = seal_key if seal_key is not None else self._seal_key
        limit = self._seal_every if max_unsealed is None else max_unsealed
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise InputError("max_unsealed", "must be a positive integer")
        chain = self._chain
        checkpoints = {c[0]: c for c in self._checkpoints()}
        rows = cases = 0
        checked: dict[str, bool] = {}
        sealed_through: int | None = None
        head: tuple[int, str] | None = None
        legacy: list[tuple[int, dict[str, Any]]] = []
        first: Break | None = None

        def result(found: Break | None) -> Verification:
            return Verification(self.location, rows, cases, len(checkpoints),
                                None if head is None else head[0],
                                None if head is None else head[1], chain.chain_from,
                                key is not None, sealed_through, found)

        missing = self._protection()
        if missing:
            return result(Break("protection", None, None, Text(
                f"trigger chỉ-ghi-thêm bị xóa hoặc tắt: {', '.join(missing)}",
                f"append-only trigger(s) dropped or disabled: {', '.join(missing)}")))
        prev_hash = chain.genesis
        expected = chain.chain_from
        genesis_checked = False
        genesis_broken = Break("genesis", None, None, Text(
            f"các dòng ghi trước khi có chuỗi mã băm (trước #{chain.chain_from}) đã bị thay đổi",
            f"rows written before the chain began (before #{chain.chain_from}) were changed"))
        # From the least seq a table can hold: a row slipped in below the chain is read too.
        after, where = -(2**63), "seq >= ?"
        while first is None and (batch := self._fetch(where, [after], 1000)):
            where = "seq > ?"
            for seq, values in batch:
                after = seq
                if seq < chain.chain_from:
                    legacy.append((seq, values))
                    continue
                if not genesis_checked:
                    genesis_checked = True
                    if _genesis(legacy) != chain.genesis:
                        first = genesis_broken
                        break
                first = self._check_row(seq, values, expected, prev_hash, checked)
                if first is None and seq in checkpoints:
                    first = self._check_checkpoint(checkpoints[seq], values["row_hash"], key)
                    if first is None and key is not None:
                        sealed_through = seq
                if first is not None:
                    break
                rows += 1
                prev_hash = values["row_hash"]
                head = (seq, prev_hash)
                expected = seq + 1
        if first is None and not genesis_checked and _genesis(legacy) != chain.genesis:
            first = genesis_broken
        if first is None:
            last = max(checkpoints, default=None)
            if last is not None and (head is None or last > head[0]):
                first = Break("tail", last, None, Text(
                    f"có điểm kiểm tra ở dòng #{last} nhưng sổ chỉ còn tới "
                    f"{'#' + str(head[0]) if head else 'dòng đầu'}: các dòng cuối đã bị xóa",
                    f"a checkpoint at row #{last} but the record ends at "
                    f"{'#' + str(head[0]) if head else 'its start'}: its last rows were deleted"))
        if first is None and key is not None and head is not None:
            unsealed = head[0] - (sealed_through or 0)
            if unsealed >= limit:
                start = (sealed_through or 0) + 1
                first = Break("unsealed", start, None, Text(
                    f"{unsealed} dòng từ #{start} không được niêm phong bằng khóa này (tối đa "
                    f"{limit - 1}): các điểm niêm phong đã bị xóa, hoặc sổ chưa từng được niêm "
                    "phong (kgrules record seal)",
                    f"{unsealed} rows from #{start} are not sealed by this key (at most "
                    f"{limit - 1} may be): the checkpoints were deleted, or the record was never "
                    "sealed (kgrules record seal)"))
        cases = sum(checked.values())
        return result(first)

    def _check_row(self, seq: int, values: Mapping[str, Any], expected: int, prev_hash: str,
                   checked: dict[str, bool]) -> Break | None:
        rid = values["id"]
        if seq != expected:
            return Break("missing", seq, rid, Text(
                f"thiếu dòng #{expected}–#{seq - 1} (đã bị xóa) trước quyết định {rid}",
                f"rows #{expected}–#{seq - 1} are missing (deleted) before decision {rid}"))
        if values.get("row_hash") is None or values.get("prev_hash") is None:
            return Break("unchained", seq, rid, Text(
                f"dòng #{seq} không có mã băm (được chèn ngoài kgrules)",
                f"row #{seq} has no hash (inserted outside kgrules)"))
        if values["prev_hash"] != prev_hash:
            return Break("link", seq, rid, Text(
                f"dòng #{seq} không nối với dòng trước nó: một dòng đã bị xóa, chèn, đổi chỗ hoặc "
                "thay thế",
                f"row #{seq} does not link to the row before it: a row was deleted, inserted, "
                "reordered or replaced"))
        try:
            recomputed = row_hash(seq, values, prev_hash)
        except RecordIntegrityError:  # a column that is not text (a BLOB slipped in)
            recomputed = ""
        if recomputed != values["row_hash"]:
            return Break("edited", seq, rid, Text(
                f"nội dung dòng #{seq} không khớp mã băm của nó: dòng đã bị sửa hoặc thay thế",
                f"the content of row #{seq} does not match its hash: it was edited or replaced"))
        column = _column_problem(values)
        if column is not None:
            return Break("column", seq, rid, Text(
                f"cột «{column}» của dòng #{seq} khác với quyết định (JSON) đã ghi",
                f"column '{column}' of row #{seq} disagrees with the recorded decision JSON"))
        digest = values["case_digest"]
        if digest not in checked:
            text = self._case_json(digest)
            checked[digest] = text is not None and case_digest(text) == digest
        if not checked[digest]:
            return Break("case", seq, rid, Text(
                f"hồ sơ {digest} của dòng #{seq} bị thiếu hoặc không khớp mã băm (đã bị tráo)",
                f"the case {digest} of row #{seq} is missing or does not match its digest "
                "(swapped)"))
        return None

    @staticmethod
    def _check_checkpoint(cp: tuple[int, str, str, str, str], hash_at: str,
                          key: bytes | None) -> Break | None:
        seq, cp_hash, sealed_at, cp_key, mac = cp
        if cp_hash != hash_at:
            return Break("checkpoint", seq, None, Text(
                f"điểm kiểm tra ở dòng #{seq} không khớp chuỗi: sổ đã bị viết lại",
                f"the checkpoint at row #{seq} does not match the chain: the record was rewritten"))
        if key is not None and (cp_key != key_id(key) or not hmac.compare_digest(
                mac, _checkpoint_mac(key, seq, cp_hash, sealed_at))):
            return Break("seal", seq, None, Text(
                f"niêm phong ở dòng #{seq} không do khóa này tạo ra: giả mạo hoặc khóa khác",
                f"the seal at row #{seq} was not made with this key: forged, or another key"))
        return None


#: Bytes of rows and cases written through one SQLite connection after which it checkpoints the
#: WAL (about SQLite's automatic 1,000 pages of 4 KiB, which also hold index pages).
CHECKPOINT_BYTES: Final = 3 * 1024 * 1024
#: The file next to a SQLite record whose lock the writing processes take in turn
#: (:class:`_WriterTurn`).
WRITER_LOCK_SUFFIX: Final = "-kgrules-writer"


class _WriterTurn:
    """Writers of one SQLite record taking turns on an ``flock`` of a file beside it, around
    SQLite's own write lock (which still guards the data; a writer without this lock, such as
    an older kgrules, is only slower to get its turn).

    Why: a ``BEGIN IMMEDIATE`` that finds another process writing is retried by SQLite's busy
    handler after sleeps of 1, 2, 5, 10 ms…, whatever the other commit's length, so two service
    processes (``--workers 2``) committing in turn added those sleeps to their asks' waits (the
    p99). A process blocked on the flock is woken as soon as the other releases it. The lock is
    the kernel's: a killed holder releases it. Where the file cannot be opened (a read-only
    directory) or on a system without ``flock``, writers rely on SQLite's lock alone."""

    __slots__ = ("_fd",)

    def __init__(self, record: Path) -> None:
        self._fd: int | None = None
        if sys.platform == "win32":  # pragma: no cover - no flock there
            return
        try:
            self._fd = os.open(f"{record}{WRITER_LOCK_SUFFIX}", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            try:
                self._fd = os.open(f"{record}{WRITER_LOCK_SUFFIX}", os.O_RDONLY)
            except OSError:
                self._fd = None

    def __enter__(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_EX)

    def __exit__(self, *_exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


T = TypeVar("T")


def _retry_locked(step: Callable[[], T], seconds: float = 30.0) -> T:
    """``step`` again while SQLite says the database is locked, for up to ``seconds`` (the
    store's busy timeout). Why: two processes opening one new record at once (``--workers 2``)
    race to switch it to WAL, and that switch can fail with "database is locked" at once,
    without SQLite's busy handler (seen: tests/library/test_record.py's two-process test under
    load, 2 runs in about 30)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.005)


class SqliteStore(RecordStore):
    """The embedded default: one file, WAL journal, every commit synced to disk."""

    kind = "sqlite"

    def __init__(self, path: str | os.PathLike[str], *, seal_key: bytes | None = None,
                 seal_every: int = DEFAULT_SEAL_EVERY, upgrade: bool = False) -> None:
        self.path = Path(path)
        super().__init__(str(self.path), seal_key=seal_key, seal_every=seal_every)
        self._lock = threading.Lock()
        try:
            self._conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None,
                                         check_same_thread=False)
        except sqlite3.Error as exc:
            raise RecordError(f"{self.path}: {exc}") from exc
        try:
            self._conn.execute("PRAGMA busy_timeout = 30000")
            conn = self._conn
            mode = _retry_locked(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            if mode != "wal":
                raise RecordError(f"{self.path}: cannot use the WAL journal (got {mode})")
            self._conn.execute("PRAGMA synchronous = FULL")
            # Checkpoints by hand, outside the writers' turn (_checkpoint_when_due).
            self._conn.execute("PRAGMA wal_autocheckpoint = 0")
            # REPLACE deletes the row it replaces; with recursive triggers that delete fires the
            # append-only trigger (the BEFORE INSERT triggers refuse it on any connection).
            self._conn.execute("PRAGMA recursive_triggers = ON")
            with self._lock:
                self._migrate(upgrade)
        except sqlite3.Error as exc:
            self._conn.close()
            raise RecordError(f"{self.path}: {exc}") from exc
        except BaseException:
            self._conn.close()
            raise
        self._turn = _WriterTurn(self.path)
        #: bytes written by this connection since its last checkpoint
        self._unchecked = 0

    def _checkpoint_when_due(self, written: int) -> None:
        """Copy the WAL into the database once about :data:`CHECKPOINT_BYTES` were written
        through this connection (SQLite's automatic checkpoint, every 1,000 pages, ran inside
        the ``COMMIT``, so while the writers' turn was held: one process's checkpoint delayed
        the other's commits). ``PASSIVE``: it never waits for readers or writers; a WAL it
        cannot copy whole is copied by a later one. Maintenance only: the rows are committed
        and synced already, so an error here is not the append's."""
        self._unchecked += written
        if self._unchecked < CHECKPOINT_BYTES:
            return
        self._unchecked = 0
        try:
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:
            pass

    def _migrate(self, upgrade: bool) -> None:
        c = self._conn
        c.execute("BEGIN IMMEDIATE")
        try:
            tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = None
            if "meta" in tables:
                row = c.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                version = None if row is None else str(row[0])
            if version is None and "decisions" not in tables:
                for statement in _SQLITE_SCHEMA:
                    c.execute(statement)
                c.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                              [("schema_version", str(SCHEMA_VERSION)), ("chain_from", "1"),
                               ("chain_genesis", _genesis(())), ("chain_started_at", _now())])
                for statement in _SQLITE_TRIGGERS:
                    c.execute(statement)
            elif version == "1":
                if not upgrade:
                    raise RecordMigrationNeeded(str(self.path))
                self._upgrade_from_1()
            elif version == str(SCHEMA_VERSION):
                if upgrade:  # init on a current record: put back any trigger that was dropped
                    for statement in _SQLITE_TRIGGERS:
                        c.execute(statement)
            else:
                raise RecordError(f"{self.path}: unknown record schema {version!r} (a newer kgrules?)")
            meta = dict(c.execute("SELECT key, value FROM meta").fetchall())
            self._chain = _Chain(int(meta["chain_from"]), str(meta["chain_genesis"]))
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def _upgrade_from_1(self) -> None:
        """Schema 1 → 2: hash columns and checkpoints added; the old rows, which cannot be
        rehashed in place (append-only), are digested into the chain's genesis."""
        c = self._conn
        c.execute("ALTER TABLE decisions ADD COLUMN prev_hash TEXT")
        c.execute("ALTER TABLE decisions ADD COLUMN row_hash TEXT")
        for statement in _SQLITE_SCHEMA:
            c.execute(statement)
        sql = f"SELECT seq, {', '.join(_COLUMNS)} FROM decisions ORDER BY seq"
        legacy = [(int(r[0]), dict(zip(_COLUMNS, r[1:], strict=True))) for r in c.execute(sql)]
        chain_from = (legacy[-1][0] + 1) if legacy else 1
        c.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        c.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                      [("chain_from", str(chain_from)), ("chain_genesis", _genesis(legacy)),
                       ("chain_started_at", _now())])
        for statement in _SQLITE_TRIGGERS:
            c.execute(statement)

    def _write_groups(self, groups: Sequence[tuple[str, str, Sequence[_Row]]]
                      ) -> list[list[tuple[int, str, str]] | BaseException]:
        """All the groups in one transaction (one sync to disk): all committed, or none."""
        columns = (*_COLUMNS, *_CHAIN_COLUMNS)
        sql = (f"INSERT INTO decisions (seq, {', '.join(columns)}) "
               f"VALUES (?, {', '.join('?' for _ in columns)})")
        out: list[list[tuple[int, str, str]] | BaseException] = []
        with self._lock:
            self._checkpoint_when_due(self._append_groups(groups, sql, out))
        return out

    def _append_groups(self, groups: Sequence[tuple[str, str, Sequence[_Row]]], sql: str,
                       out: list[list[tuple[int, str, str]] | BaseException]) -> int:
        """The transaction of :meth:`_write_groups`, in the writers' turn; about how many
        bytes it wrote (the new cases' text and the decisions')."""
        written = 0
        with self._turn:
            c = self._conn
            try:
                c.execute("BEGIN IMMEDIATE")
                try:
                    top = c.execute("SELECT seq, row_hash FROM decisions ORDER BY seq DESC LIMIT 1"
                                    ).fetchone()
                    head = None if top is None or top[1] is None else (int(top[0]), str(top[1]))
                    stored: set[str] = set()
                    every: list[tuple[int, str, str]] = []
                    inserts: list[tuple[Any, ...]] = []
                    for digest, case_json, rows in groups:
                        if digest not in stored and c.execute(
                                "SELECT 1 FROM cases WHERE digest = ?", (digest,)).fetchone() is None:
                            c.execute("INSERT INTO cases (digest, body, stored_at) VALUES (?, ?, ?)",
                                      (digest, case_json, _now()))
                            written += len(case_json)
                        stored.add(digest)
                        written += sum(len(row.decision) + 512 for row in rows)
                        links, head = self._chained(head, rows, inserts)
                        every.extend(links)
                        out.append(links)
                    # One statement for every row of the transaction (issue 14: the commit
                    # path's statements), in seq order as before.
                    c.executemany(sql, inserts)
                    if self._seal_key is not None:
                        sealed = c.execute("SELECT max(seq) FROM checkpoints").fetchone()[0]
                        cp = self._due_checkpoint(int(sealed or 0), every)
                        if cp is not None:
                            c.execute(_SQLITE_CHECKPOINT, cp)
                    c.execute("COMMIT")
                except BaseException:
                    c.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise RecordError(f"{self.path}: {exc}") from exc
        return written

    def seal(self) -> int | None:
        if self._seal_key is None:
            raise InputError("seal_key", "sealing needs the seal key")
        with self._lock, self._turn:
            c = self._conn
            try:
                c.execute("BEGIN IMMEDIATE")
                try:
                    top = c.execute("SELECT seq, row_hash FROM decisions ORDER BY seq DESC LIMIT 1"
                                    ).fetchone()
                    sealed = c.execute("SELECT max(seq) FROM checkpoints").fetchone()[0]
                    if top is None or top[1] is None or (sealed is not None and sealed >= top[0]):
                        c.execute("COMMIT")
                        return None
                    c.execute(_SQLITE_CHECKPOINT, self._checkpoint(int(top[0]), str(top[1])))
                    c.execute("COMMIT")
                    return int(top[0])
                except BaseException:
                    c.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise RecordError(f"{self.path}: {exc}") from exc

    def _fetch(self, where: str, params: Sequence[Any], limit: int | None = None
               ) -> list[tuple[int, dict[str, Any]]]:
        columns = (*_COLUMNS, *_CHAIN_COLUMNS)
        sql = f"SELECT seq, {', '.join(columns)} FROM decisions WHERE {where} ORDER BY seq"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            try:
                rows = self._conn.execute(sql, list(params)).fetchall()
            except sqlite3.Error as exc:
                raise RecordError(f"{self.path}: {exc}") from exc
        return [(int(r[0]), dict(zip(columns, r[1:], strict=True))) for r in rows]

    def _case_json(self, digest: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT body FROM cases WHERE digest = ?", (digest,)).fetchone()
        return None if row is None else str(row[0])

    def _checkpoints(self) -> list[tuple[int, str, str, str, str]]:
        with self._lock:
            rows = self._conn.execute("SELECT seq, row_hash, sealed_at, key_id, mac FROM checkpoints"
                                      " ORDER BY seq").fetchall()
        return [(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]

    def _protection(self) -> list[str]:
        with self._lock:
            present = {str(r[0]) for r in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        return [name for name in _SQLITE_TRIGGER_NAMES if name not in present]

    def count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM decisions").fetchone()[0])

    def integrity(self) -> str:
        """SQLite's own check of the file (``ok`` when sound)."""
        with self._lock:
            return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    def _close(self) -> None:
        with self._lock:
            self._conn.close()
            self._turn.close()


_APPEND_ONLY = "the decision record is append-only / sổ ghi quyết định chỉ được ghi thêm"
#: Each table with the key whose repetition a REPLACE (or an UPSERT) would overwrite.
_TABLE_KEYS: Final = {"meta": ("key",), "cases": ("digest",), "decisions": ("seq", "id"),
                      "checkpoints": ("seq",)}

_SQLITE_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS cases (digest TEXT PRIMARY KEY, body TEXT NOT NULL,"
    " stored_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS decisions (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " id TEXT NOT NULL UNIQUE, recorded_at TEXT NOT NULL, question TEXT NOT NULL,"
    " arguments TEXT NOT NULL, case_digest TEXT NOT NULL REFERENCES cases (digest),"
    " rules_version TEXT NOT NULL, interpretations TEXT NOT NULL, engine TEXT NOT NULL,"
    " calendar TEXT, calendar_overrides TEXT, outcome TEXT NOT NULL, decision TEXT NOT NULL,"
    " source TEXT NOT NULL, prev_hash TEXT, row_hash TEXT)",
    "CREATE TABLE IF NOT EXISTS checkpoints (seq INTEGER PRIMARY KEY, row_hash TEXT NOT NULL,"
    " sealed_at TEXT NOT NULL, key_id TEXT NOT NULL, mac TEXT NOT NULL)",
)
_SQLITE_TRIGGER_NAMES = tuple(
    f"{table}_no_{op}" for table in _TABLE_KEYS for op in ("update", "delete", "replace"))
_SQLITE_TRIGGERS = (
    *(
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table}"
        f" BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
        for table in _TABLE_KEYS
        for op in ("UPDATE", "DELETE")
    ),
    # INSERT OR REPLACE (and REPLACE INTO) deletes the existing row without firing DELETE
    # triggers unless recursive_triggers is on in *that* connection: refuse any insert that
    # repeats a key, whatever the conflict clause.
    *(
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table}"
        f" WHEN EXISTS (SELECT 1 FROM {table} WHERE "
        + " OR ".join(f"{k} = NEW.{k}" for k in keys)
        + f") BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
        for table, keys in _TABLE_KEYS.items()
    ),
)
_SQLITE_CHECKPOINT = ("INSERT INTO checkpoints (seq, row_hash, sealed_at, key_id, mac)"
                      " VALUES (?, ?, ?, ?, ?)")

_PG_TABLES: Final = ("kgrules_meta", "kgrules_cases", "kgrules_decisions", "kgrules_checkpoints")
_PG_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS kgrules_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS kgrules_cases (digest TEXT PRIMARY KEY, body TEXT NOT NULL,"
    " stored_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS kgrules_decisions (seq BIGINT PRIMARY KEY,"
    " id TEXT NOT NULL UNIQUE, recorded_at TEXT NOT NULL, question TEXT NOT NULL,"
    " arguments TEXT NOT NULL, case_digest TEXT NOT NULL REFERENCES kgrules_cases (digest),"
    " rules_version TEXT NOT NULL, interpretations TEXT NOT NULL, engine TEXT NOT NULL,"
    " calendar TEXT, calendar_overrides TEXT, outcome TEXT NOT NULL, decision TEXT NOT NULL,"
    " source TEXT NOT NULL, prev_hash TEXT, row_hash TEXT)",
    "CREATE TABLE IF NOT EXISTS kgrules_checkpoints (seq BIGINT PRIMARY KEY,"
    " row_hash TEXT NOT NULL, sealed_at TEXT NOT NULL, key_id TEXT NOT NULL, mac TEXT NOT NULL)",
)
# UPDATE (and so INSERT ... ON CONFLICT DO UPDATE, which fires the UPDATE statement triggers),
# DELETE and TRUNCATE are refused; PostgreSQL has no REPLACE, and a repeated key is refused by
# the primary key. Only the tables' owner (or a superuser) can disable or drop these triggers:
# the service should not connect as the owner (kgrules record init --grant).
_PG_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION kgrules_append_only() RETURNS trigger LANGUAGE plpgsql AS"
    f" $$ BEGIN RAISE EXCEPTION '{_APPEND_ONLY}'; END $$",
    *(
        f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE"
        f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION kgrules_append_only()"
        for table in _PG_TABLES
    ),
)
_PG_CHECKPOINT = ("INSERT INTO kgrules_checkpoints (seq, row_hash, sealed_at, key_id, mac)"
                  " VALUES (%s, %s, %s, %s, %s)")
#: Serialises appends across processes (an advisory lock: any role may take it, unlike LOCK TABLE
#: in a mode that needs UPDATE or DELETE rights).
_PG_APPEND_LOCK: Final = 150720080624
_PG_MIGRATE_LOCK: Final = 150720080623


class PostgresStore(RecordStore):
    """PostgreSQL, for a service with several processes or machines; needs the service extra."""

    kind = "postgresql"

    def __init__(self, url: str, *, max_connections: int = 8, seal_key: bytes | None = None,
                 seal_every: int = DEFAULT_SEAL_EVERY, upgrade: bool = False,
                 grant_to: str | None = None) -> None:
        super().__init__(_redact(url), seal_key=seal_key, seal_every=seal_every)
        try:
            from psycopg_pool import ConnectionPool
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RecordError(
                "PostgreSQL needs the service extra: pip install 'kgrules[service]'") from exc
        import psycopg

        self._psycopg = psycopg
        try:
            # A direct connection first: an unreachable server fails now, not after the pool's
            # retries; it also creates the tables when there are none, one migrating process
            # at a time (a service started with several workers).
            with psycopg.connect(url, connect_timeout=10) as conn, conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_PG_MIGRATE_LOCK,))
                self._migrate(conn, upgrade, grant_to)
            self._pool = ConnectionPool(url, min_size=1, max_size=max_connections, open=True,
                                        timeout=30.0, kwargs={"autocommit": False})
        except (psycopg.Error, OSError) as exc:
            raise RecordError(f"{self.location}: {exc}") from exc
        except KgrulesError:
            raise
        except Exception as exc:  # psycopg_pool.PoolTimeout and friends
            raise RecordError(f"{self.location}: {type(exc).__name__}: {exc}") from exc

    def _migrate(self, conn: Any, upgrade: bool, grant_to: str | None) -> None:
        exists = conn.execute("SELECT to_regclass('kgrules_meta'), to_regclass('kgrules_decisions')"
                              ).fetchone()
        version = None
        if exists[0] is not None:
            row = conn.execute("SELECT value FROM kgrules_meta WHERE key = 'schema_version'").fetchone()
            version = None if row is None else str(row[0])
        if version is None and exists[1] is None:
            for statement in (*_PG_SCHEMA, *_PG_TRIGGERS):
                conn.execute(statement)
            conn.cursor().executemany("INSERT INTO kgrules_meta (key, value) VALUES (%s, %s)",
                             [("schema_version", str(SCHEMA_VERSION)), ("chain_from", "1"),
                              ("chain_genesis", _genesis(())), ("chain_started_at", _now())])
        elif version == "1":
            if not upgrade:
                raise RecordMigrationNeeded(self.location)
            conn.execute("ALTER TABLE kgrules_decisions ALTER COLUMN seq DROP IDENTITY IF EXISTS")
            conn.execute("ALTER TABLE kgrules_decisions ADD COLUMN IF NOT EXISTS prev_hash TEXT")
            conn.execute("ALTER TABLE kgrules_decisions ADD COLUMN IF NOT EXISTS row_hash TEXT")
            for statement in _PG_SCHEMA:
                conn.execute(statement)
            columns = ", ".join(_COLUMNS)
            legacy = [(int(r[0]), dict(zip(_COLUMNS, r[1:], strict=True))) for r in conn.execute(
                f"SELECT seq, {columns} FROM kgrules_decisions ORDER BY seq")]
            chain_from = (legacy[-1][0] + 1) if legacy else 1
            conn.execute("DROP TRIGGER IF EXISTS kgrules_meta_append_only ON kgrules_meta")
            conn.execute("UPDATE kgrules_meta SET value = %s WHERE key = 'schema_version'",
                         (str(SCHEMA_VERSION),))
            conn.cursor().executemany("INSERT INTO kgrules_meta (key, value) VALUES (%s, %s)",
                             [("chain_from", str(chain_from)), ("chain_genesis", _genesis(legacy)),
                              ("chain_started_at", _now())])
            for statement in _PG_TRIGGERS:
                conn.execute(statement)
        elif version == str(SCHEMA_VERSION):
            if upgrade:  # init on a current record: put back any trigger that was dropped
                for statement in _PG_TRIGGERS:
                    conn.execute(statement)
                conn.execute("ALTER TABLE kgrules_decisions ENABLE TRIGGER USER")
        else:
            raise RecordError(f"{self.location}: unknown record schema {version!r} (a newer kgrules?)")
        if grant_to is not None:
            from psycopg import sql

            role = sql.Identifier(grant_to)
            for table in _PG_TABLES:
                conn.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(sql.Identifier(table), role))
                privileges = "SELECT" if table == "kgrules_meta" else "SELECT, INSERT"
                conn.execute(sql.SQL("GRANT {} ON {} TO {}").format(
                    sql.SQL(privileges), sql.Identifier(table), role))
        meta = dict(conn.execute("SELECT key, value FROM kgrules_meta").fetchall())
        self._chain = _Chain(int(meta["chain_from"]), str(meta["chain_genesis"]))

    def _write_groups(self, groups: Sequence[tuple[str, str, Sequence[_Row]]]
                      ) -> list[list[tuple[int, str, str]] | BaseException]:
        """All the groups in one transaction (one commit, one WAL flush): all committed, or
        none. Appends were one transaction each, serialised by the advisory lock through their
        commit, so asks queued behind one another's flushes (issue 14)."""
        columns = (*_COLUMNS, *_CHAIN_COLUMNS)
        sql = (f"INSERT INTO kgrules_decisions (seq, {', '.join(columns)}) "
               f"VALUES (%s, {', '.join('%s' for _ in columns)})")
        out: list[list[tuple[int, str, str]] | BaseException] = []
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_PG_APPEND_LOCK,))
                stored: set[str] = set()
                for digest, case_json, _rows in groups:
                    if digest not in stored:
                        conn.execute("INSERT INTO kgrules_cases (digest, body, stored_at)"
                                     " VALUES (%s, %s, %s) ON CONFLICT (digest) DO NOTHING",
                                     (digest, case_json, _now()))
                        stored.add(digest)
                top = conn.execute("SELECT seq, row_hash FROM kgrules_decisions"
                                   " ORDER BY seq DESC LIMIT 1").fetchone()
                head = None if top is None or top[1] is None else (int(top[0]), str(top[1]))
                every: list[tuple[int, str, str]] = []
                inserts: list[tuple[Any, ...]] = []
                for _digest, _case_json, rows in groups:
                    links, head = self._chained(head, rows, inserts)
                    every.extend(links)
                    out.append(links)
                if inserts:
                    conn.cursor().executemany(sql, inserts)
                if self._seal_key is not None:
                    sealed = conn.execute("SELECT max(seq) FROM kgrules_checkpoints").fetchone()
                    cp = self._due_checkpoint(int(sealed[0] or 0) if sealed else 0, every)
                    if cp is not None:
                        conn.execute(_PG_CHECKPOINT, cp)
        except self._psycopg.Error as exc:
            raise RecordError(f"{self.location}: {exc}") from exc
        return out

    def seal(self) -> int | None:
        if self._seal_key is None:
            raise InputError("seal_key", "sealing needs the seal key")
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_PG_APPEND_LOCK,))
                top = conn.execute("SELECT seq, row_hash FROM kgrules_decisions"
                                   " ORDER BY seq DESC LIMIT 1").fetchone()
                sealed = conn.execute("SELECT max(seq) FROM kgrules_checkpoints").fetchone()
                last = None if sealed is None else sealed[0]
                if top is None or top[1] is None or (last is not None and last >= top[0]):
                    return None
                conn.execute(_PG_CHECKPOINT, self._checkpoint(int(top[0]), str(top[1])))
                return int(top[0])
        except self._psycopg.Error as exc:
            raise RecordError(f"{self.location}: {exc}") from exc

    def _fetch(self, where: str, params: Sequence[Any], limit: int | None = None
               ) -> list[tuple[int, dict[str, Any]]]:
        columns = (*_COLUMNS, *_CHAIN_COLUMNS)
        sql = (f"SELECT seq, {', '.join(columns)} FROM kgrules_decisions"
               f" WHERE {where.replace('?', '%s')} ORDER BY seq")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        try:
            with self._pool.connection() as conn:
                rows = conn.execute(sql, list(params)).fetchall()
        except self._psycopg.Error as exc:
            raise RecordError(f"{self.location}: {exc}") from exc
        return [(int(r[0]), dict(zip(columns, r[1:], strict=True))) for r in rows]

    def _case_json(self, digest: str) -> str | None:
        with self._pool.connection() as conn:
            row = conn.execute("SELECT body FROM kgrules_cases WHERE digest = %s",
                               (digest,)).fetchone()
        return None if row is None else str(row[0])

    def _checkpoints(self) -> list[tuple[int, str, str, str, str]]:
        with self._pool.connection() as conn:
            rows = conn.execute("SELECT seq, row_hash, sealed_at, key_id, mac FROM"
                                " kgrules_checkpoints ORDER BY seq").fetchall()
        return [(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]

    def _protection(self) -> list[str]:
        with self._pool.connection() as conn:
            rows = conn.execute(
                "SELECT c.relname, t.tgname, t.tgenabled FROM pg_trigger t"
                " JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
                " AND c.relname = ANY(%s)", (list(_PG_TABLES),)).fetchall()
        enabled = {f"{r[1]}" for r in rows if r[2] != "D"}
        return [f"{t}_append_only" for t in _PG_TABLES if f"{t}_append_only" not in enabled]

    def privileges(self) -> dict[str, Any]:
        """Who the store connects as and what that role could do to the record beyond
        appending and reading (least privilege: nothing)."""
        with self._pool.connection() as conn:
            row = conn.execute(
                "SELECT current_user, r.rolsuper, pg_get_userbyid(c.relowner),"
                " pg_has_role(current_user, c.relowner, 'USAGE'),"
                " has_table_privilege('kgrules_decisions', 'UPDATE'),"
                " has_table_privilege('kgrules_decisions', 'DELETE'),"
                " has_table_privilege('kgrules_decisions', 'TRUNCATE')"
                " FROM pg_roles r, pg_class c WHERE r.rolname = current_user"
                " AND c.oid = 'kgrules_decisions'::regclass").fetchone()
        assert row is not None
        extra = [p for p, held in zip(("UPDATE", "DELETE", "TRUNCATE"), row[4:7], strict=True) if held]
        return {"user": row[0], "superuser": bool(row[1]), "owner": row[2],
                "owns_tables": bool(row[3]), "extra_privileges": extra}

    def count(self) -> int:
        with self._pool.connection() as conn:
            row = conn.execute("SELECT count(*) FROM kgrules_decisions").fetchone()
        assert row is not None
        return int(row[0])

    def _close(self) -> None:
        self._pool.close()


def privilege_warnings(store: RecordStore) -> list[Text]:
    """Why the role a store connects as could rewrite the record unseen by its triggers (it
    owns the tables, is a superuser, or holds UPDATE/DELETE/TRUNCATE); empty for SQLite, whose
    only guard is the file's permissions."""
    if not isinstance(store, PostgresStore):
        return []
    p = store.privileges()
    out = []
    if p["superuser"]:
        out.append(Text(f"vai trò «{p['user']}» là superuser", f"role '{p['user']}' is a superuser"))
    if p["owns_tables"]:
        out.append(Text(f"vai trò «{p['user']}» sở hữu các bảng (chủ: {p['owner']}): có thể tắt "
                        "trigger và sửa sổ",
                        f"role '{p['user']}' owns the tables (owner {p['owner']}): it can disable "
                        "the triggers and rewrite the record"))
    if p["extra_privileges"]:
        out.append(Text(f"vai trò «{p['user']}» có quyền {', '.join(p['extra_privileges'])}",
                        f"role '{p['user']}' holds {', '.join(p['extra_privileges'])}"))
    return out


def _redact(url: str) -> str:
    """The URL without its password, for messages and ``location``."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    user = f"{parts.username}:***@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=f"{user}{host}{port}"))


def _location(location: str | os.PathLike[str] | None) -> str:
    if location is None:
        location = os.environ.get("KGRULES_RECORD") or DEFAULT_FILE
    text = os.fspath(location)
    if not isinstance(text, str) or not text:
        raise InputError("record", "expected a file path or a postgresql:// URL")
    if text.startswith(("postgresql://", "postgres://")):
        return text
    if text.startswith("sqlite:///"):
        # SQLAlchemy's convention: sqlite:///relative.db, sqlite:////absolute/path.db
        return text.removeprefix("sqlite:///")
    if "://" in text:
        raise InputError("record", f"unknown store {text.split('://')[0]!r} (sqlite or postgresql)")
    return text


def open_store(location: str | os.PathLike[str] | None = None, *, seal_key: bytes | None = None,
               seal_every: int = DEFAULT_SEAL_EVERY, must_exist: bool = False) -> RecordStore:
    """A store from a location: a ``postgresql://`` URL, a ``sqlite:///`` URL (four slashes
    for an absolute path, as in SQLAlchemy) or a file path.

    None means ``$KGRULES_RECORD`` if set, else ``kgrules-decisions.sqlite3`` in the cwd. A new
    record is created (schema and triggers) on first use; a record written before the hash
    chain raises :class:`RecordMigrationNeeded`. ``seal_key`` seals a checkpoint every
    ``seal_every`` rows and at close. ``must_exist``: refuse a SQLite file that is not there
    (verifying must not create an empty record).
    """
    text = _location(location)
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresStore(text, seal_key=seal_key, seal_every=seal_every)
    if must_exist and not Path(text).is_file():
        raise InputError("record", f"no record file {text}")
    return SqliteStore(text, seal_key=seal_key, seal_every=seal_every)


def init_store(location: str | os.PathLike[str] | None = None, *,
               grant_to: str | None = None) -> RecordStore:
    """Create the record, or upgrade one written before the hash chain, and put back any
    append-only trigger that was dropped; run as the tables' owner (an administrator role on
    PostgreSQL). ``grant_to`` (PostgreSQL): the service's role gets SELECT and INSERT only."""
    text = _location(location)
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresStore(text, upgrade=True, grant_to=grant_to)
    if grant_to is not None:
        raise InputError("grant", "roles exist only on PostgreSQL")
    return SqliteStore(text, upgrade=True)
