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
import datetime as dt
import functools
import hashlib
import json
import os
import sqlite3
import threading
import uuid
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from kgrules.calendar import CalendarOverride, WorkingCalendar
from kgrules.case import Case
from kgrules.catalogue import ask, calendar_for, questions
from kgrules.errors import InputError, KgrulesError
from kgrules.i18n import Text
from kgrules.interpretations import settings as make_settings
from kgrules.oracle import OracleEngine
from kgrules.params import iter_parameters
from kgrules.regulation import clauses
from kgrules.version import __version__

if TYPE_CHECKING:
    from kgrules.calendar import WorkingCalendar
    from kgrules.case import Case
    from kgrules.decision import Decision
    from kgrules.interpretations import Settings

#: Where the record is kept when nobody says: ``$KGRULES_RECORD``, else this file in the cwd.
DEFAULT_FILE = "kgrules-decisions.sqlite3"
SCHEMA_VERSION = 1


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


@functools.cache
def rules_version() -> str:
    """The package version and a digest of everything that decides an answer.

    Covers every question's declarations (rules, conditions, clause ids), every dated
    parameter and the clause index: if any of them changes, the version changes, and a replay
    says that the rules differ from those the record was made under.
    """

    h = hashlib.sha256()
    for q in questions():
        h.update(f"q {q.id} {q.digest}\n".encode())
    for p in iter_parameters():
        values = ";".join(f"{v.since.isoformat()}={v.value}" for v in p.values)
        h.update(f"p {p.name} {','.join(p.clauses)} {values}\n".encode())
    for c in clauses().values():
        h.update(f"c {c.id} {c.text}\n".encode())
    return f"{__version__}+{h.hexdigest()[:16]}"


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
        _CANONICAL[key] = (weakref.ref(case, lambda _ref: _forget(key, _ref)), text, digest)
    return text, digest


def _forget(key: int, ref: weakref.ref[Case]) -> None:
    with _CANONICAL_LOCK:
        hit = _CANONICAL.get(key)
        if hit is not None and hit[0] is ref:
            del _CANONICAL[key]


def case_digest(case: Case | str) -> str:
    """``sha256:`` of the canonical JSON: two requests with the same facts share a digest."""
    if not isinstance(case, str):
        return _canonical(case)[1]
    return "sha256:" + hashlib.sha256(case.encode("utf-8")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# --- records -------------------------------------------------------------------------------------


@attrs.frozen
class DecisionRecord:
    """One answer as it was given. ``seq`` orders the record; ``id`` is what callers keep."""

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
        }


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
    """What is written for one decision (the store adds ``seq``)."""

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
        return attrs.astuple(self, recurse=False)


_COLUMNS = ("id", "recorded_at", "question", "arguments", "case_digest", "rules_version",
            "interpretations", "engine", "calendar", "calendar_overrides", "outcome", "decision",
            "source")


def _row(decision: Decision, digest: str, settings: Settings, overrides: str | None,
         source: str) -> _Row:
    return _Row(
        id=uuid.uuid4().hex,
        recorded_at=_now(),
        question=decision.question,
        arguments=_dumps(dict(decision.arguments)),
        case_digest=digest,
        rules_version=rules_version(),
        interpretations=_dumps(settings.to_dict()),
        engine=decision.engine,
        calendar=decision.calendar,
        calendar_overrides=overrides,
        outcome=decision.outcome.value,
        decision=_dumps(_decision_dict(decision)),
        source=source,
    )


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
    )


# --- stores --------------------------------------------------------------------------------------


class RecordStore(abc.ABC):
    """Append-only storage of decisions and the facts they were about.

    Subclasses provide the SQL; this class holds what is common: digesting the case, building
    rows, reading records back and replaying them. Thread-safe; several processes may share
    one store (SQLite's WAL locking, or PostgreSQL).
    """

    kind = "abstract"

    def __init__(self, location: str) -> None:
        self.location = location

    # -- what subclasses provide ----------------------------------------------------------------

    @abc.abstractmethod
    def _write(self, digest: str, case_json: str, rows: Sequence[_Row]) -> list[int]:
        """Store the case if new and the rows, in one committed transaction; their seqs."""

    @abc.abstractmethod
    def _fetch(self, where: str, params: Sequence[Any], limit: int | None = None
               ) -> list[tuple[int, dict[str, Any]]]:
        """Rows matching ``where`` (``?`` placeholders), in seq order, as (seq, columns)."""

    @abc.abstractmethod
    def _case_json(self, digest: str) -> str | None:
        """The stored canonical text of a case, if any."""

    @abc.abstractmethod
    def count(self) -> int:
        """How many decisions the record holds."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release connections; the store is not used after."""

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

        chosen = make_settings(settings)
        if not isinstance(source, str) or not source:
            raise InputError("source", "expected a non-empty string")
        case_json, digest = _canonical(case)
        overrides = _calendar_overrides(case, calendar)
        overrides_json = None if overrides is None else _dumps(list(overrides))
        rows = [_row(d, digest, chosen, overrides_json, source) for d in decisions]
        if not rows:
            return []
        seqs = self._write(digest, case_json, rows)
        return [_record(seq, attrs.asdict(row, recurse=False)) for seq, row in zip(seqs, rows,
                                                                                    strict=True)]

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
        """The facts a record was about, exactly as they were recorded."""

        text = self._case_json(digest)
        if text is None:
            raise RecordError(f"the record has no case {digest}")
        return Case.from_json(text)

    # -- replaying ------------------------------------------------------------------------------

    def replay(self, record_id: str) -> Replay:
        """Ask the recorded question again with the recorded facts, readings, engine and
        calendar; the replayed decision should be the recorded one."""

        rec = self.get(record_id)
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


class SqliteStore(RecordStore):
    """The embedded default: one file, WAL journal, every commit synced to disk."""

    kind = "sqlite"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        super().__init__(str(self.path))
        self._lock = threading.Lock()
        try:
            self._conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None,
                                         check_same_thread=False)
            self._conn.execute("PRAGMA busy_timeout = 30000")
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                raise RecordError(f"{self.path}: cannot use the WAL journal (got {mode})")
            self._conn.execute("PRAGMA synchronous = FULL")
            with self._lock:
                self._migrate()
        except sqlite3.Error as exc:
            raise RecordError(f"{self.path}: {exc}") from exc

    def _migrate(self) -> None:
        c = self._conn
        c.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SQLITE_SCHEMA:
                c.execute(statement)
            c.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                      (str(SCHEMA_VERSION),))
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def _write(self, digest: str, case_json: str, rows: Sequence[_Row]) -> list[int]:
        placeholders = ", ".join("?" for _ in _COLUMNS)
        sql = f"INSERT INTO decisions ({', '.join(_COLUMNS)}) VALUES ({placeholders})"
        with self._lock:
            c = self._conn
            try:
                c.execute("BEGIN IMMEDIATE")
                try:
                    c.execute("INSERT OR IGNORE INTO cases (digest, body, stored_at) VALUES (?, ?, ?)",
                              (digest, case_json, _now()))
                    seqs = [int(c.execute(sql, row.values()).lastrowid or 0) for row in rows]
                    c.execute("COMMIT")
                except BaseException:
                    c.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise RecordError(f"{self.path}: {exc}") from exc
        return seqs

    def _fetch(self, where: str, params: Sequence[Any], limit: int | None = None
               ) -> list[tuple[int, dict[str, Any]]]:
        sql = f"SELECT seq, {', '.join(_COLUMNS)} FROM decisions WHERE {where} ORDER BY seq"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            try:
                rows = self._conn.execute(sql, list(params)).fetchall()
            except sqlite3.Error as exc:
                raise RecordError(f"{self.path}: {exc}") from exc
        return [(int(r[0]), dict(zip(_COLUMNS, r[1:], strict=True))) for r in rows]

    def _case_json(self, digest: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT body FROM cases WHERE digest = ?", (digest,)).fetchone()
        return None if row is None else str(row[0])

    def count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM decisions").fetchone()[0])

    def integrity(self) -> str:
        """SQLite's own check of the file (``ok`` when sound)."""
        with self._lock:
            return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()


_APPEND_ONLY = "the decision record is append-only / sổ ghi quyết định chỉ được ghi thêm"

_SQLITE_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS cases (digest TEXT PRIMARY KEY, body TEXT NOT NULL,"
    " stored_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS decisions (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " id TEXT NOT NULL UNIQUE, recorded_at TEXT NOT NULL, question TEXT NOT NULL,"
    " arguments TEXT NOT NULL, case_digest TEXT NOT NULL REFERENCES cases (digest),"
    " rules_version TEXT NOT NULL, interpretations TEXT NOT NULL, engine TEXT NOT NULL,"
    " calendar TEXT, calendar_overrides TEXT, outcome TEXT NOT NULL, decision TEXT NOT NULL,"
    " source TEXT NOT NULL)",
    *(
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table}"
        f" BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
        for table in ("cases", "decisions")
        for op in ("UPDATE", "DELETE")
    ),
)

_PG_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS kgrules_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS kgrules_cases (digest TEXT PRIMARY KEY, body TEXT NOT NULL,"
    " stored_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS kgrules_decisions (seq BIGINT GENERATED ALWAYS AS IDENTITY"
    " PRIMARY KEY, id TEXT NOT NULL UNIQUE, recorded_at TEXT NOT NULL, question TEXT NOT NULL,"
    " arguments TEXT NOT NULL, case_digest TEXT NOT NULL REFERENCES kgrules_cases (digest),"
    " rules_version TEXT NOT NULL, interpretations TEXT NOT NULL, engine TEXT NOT NULL,"
    " calendar TEXT, calendar_overrides TEXT, outcome TEXT NOT NULL, decision TEXT NOT NULL,"
    " source TEXT NOT NULL)",
    "CREATE OR REPLACE FUNCTION kgrules_append_only() RETURNS trigger LANGUAGE plpgsql AS"
    f" $$ BEGIN RAISE EXCEPTION '{_APPEND_ONLY}'; END $$",
    *(
        f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE"
        f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION kgrules_append_only()"
        for table in ("kgrules_cases", "kgrules_decisions")
    ),
)


class PostgresStore(RecordStore):
    """PostgreSQL, for a service with several processes or machines; needs the service extra."""

    kind = "postgresql"

    def __init__(self, url: str, *, max_connections: int = 8) -> None:
        super().__init__(_redact(url))
        try:
            from psycopg_pool import ConnectionPool
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RecordError(
                "PostgreSQL needs the service extra: pip install 'kgrules[service]'") from exc
        import psycopg

        self._psycopg = psycopg
        try:
            # A direct connection first: an unreachable server fails now, not after the pool's
            # retries; it also creates the tables, one migrating process at a time (a service
            # started with several workers).
            with psycopg.connect(url, connect_timeout=10) as conn, conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(150720080623)")
                for statement in _PG_SCHEMA:
                    conn.execute(statement)
                conn.execute("INSERT INTO kgrules_meta (key, value) VALUES ('schema_version', %s)"
                             " ON CONFLICT (key) DO NOTHING", (str(SCHEMA_VERSION),))
            self._pool = ConnectionPool(url, min_size=1, max_size=max_connections, open=True,
                                        timeout=30.0, kwargs={"autocommit": False})
        except (psycopg.Error, OSError) as exc:
            raise RecordError(f"{self.location}: {exc}") from exc
        except Exception as exc:  # psycopg_pool.PoolTimeout and friends
            raise RecordError(f"{self.location}: {type(exc).__name__}: {exc}") from exc

    def _write(self, digest: str, case_json: str, rows: Sequence[_Row]) -> list[int]:
        placeholders = ", ".join("%s" for _ in _COLUMNS)
        sql = (f"INSERT INTO kgrules_decisions ({', '.join(_COLUMNS)}) VALUES ({placeholders})"
               " RETURNING seq")
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute("INSERT INTO kgrules_cases (digest, body, stored_at) VALUES (%s, %s, %s)"
                             " ON CONFLICT (digest) DO NOTHING", (digest, case_json, _now()))
                seqs = []
                for row in rows:
                    got = conn.execute(sql, row.values()).fetchone()
                    assert got is not None
                    seqs.append(int(got[0]))
        except self._psycopg.Error as exc:
            raise RecordError(f"{self.location}: {exc}") from exc
        return seqs

    def _fetch(self, where: str, params: Sequence[Any], limit: int | None = None
               ) -> list[tuple[int, dict[str, Any]]]:
        sql = (f"SELECT seq, {', '.join(_COLUMNS)} FROM kgrules_decisions"
               f" WHERE {where.replace('?', '%s')} ORDER BY seq")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        try:
            with self._pool.connection() as conn:
                rows = conn.execute(sql, list(params)).fetchall()
        except self._psycopg.Error as exc:
            raise RecordError(f"{self.location}: {exc}") from exc
        return [(int(r[0]), dict(zip(_COLUMNS, r[1:], strict=True))) for r in rows]

    def _case_json(self, digest: str) -> str | None:
        with self._pool.connection() as conn:
            row = conn.execute("SELECT body FROM kgrules_cases WHERE digest = %s",
                               (digest,)).fetchone()
        return None if row is None else str(row[0])

    def count(self) -> int:
        with self._pool.connection() as conn:
            row = conn.execute("SELECT count(*) FROM kgrules_decisions").fetchone()
        assert row is not None
        return int(row[0])

    def close(self) -> None:
        self._pool.close()


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


def open_store(location: str | os.PathLike[str] | None = None) -> RecordStore:
    """A store from a location: a ``postgresql://`` URL, a ``sqlite:///`` URL (four slashes
    for an absolute path, as in SQLAlchemy) or a file path.

    None means ``$KGRULES_RECORD`` if set, else ``kgrules-decisions.sqlite3`` in the cwd.
    """
    if location is None:
        location = os.environ.get("KGRULES_RECORD") or DEFAULT_FILE
    text = os.fspath(location)
    if not isinstance(text, str) or not text:
        raise InputError("record", "expected a file path or a postgresql:// URL")
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresStore(text)
    if text.startswith("sqlite:///"):
        # SQLAlchemy's convention: sqlite:///relative.db, sqlite:////absolute/path.db
        text = text.removeprefix("sqlite:///")
    elif "://" in text:
        raise InputError("record", f"unknown store {text.split('://')[0]!r} (sqlite or postgresql)")
    return SqliteStore(text)
