"""The decision record is tamper-evident (issue 13): every way of rewriting it seen from a SQL
prompt is either refused by the store or found by ``verify``, on SQLite and on PostgreSQL.

Each attack runs as an attacker with database access would: on SQLite through its own
connection, dropping the append-only triggers first when the attack needs it (and putting them
back, so only the hashes can tell); on PostgreSQL as the tables' owner, disabling the triggers.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import attrs
import pytest

import kgrules
from kgrules.case import Case
from kgrules.record import (
    PostgresStore,
    RecordIntegrityError,
    RecordMigrationNeeded,
    RecordStore,
    SqliteStore,
    Verification,
    init_store,
    key_id,
    open_store,
    privilege_warnings,
    row_hash,
)

ASKS: tuple[tuple[str, dict[str, str]], ...] = (
    ("dieu10.substitute_allowed", {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}),
    ("dieu12.expense_authorised", {"expenditure": "CHI-15"}),
    ("dieu10.substitute_allowed", {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}),
    ("dieu12.expense_authorised", {"expenditure": "CHI-01"}),
    ("dieu10.substitute_allowed", {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}),
)
KEY = b"0123456789abcdef0123456789abcdef"
COLUMNS = ("seq", "id", "recorded_at", "question", "arguments", "case_digest", "rules_version",
           "interpretations", "engine", "calendar", "calendar_overrides", "outcome", "decision",
           "source", "prev_hash", "row_hash")


@attrs.frozen
class Db:
    """A store and a way in for the attacker."""

    store: RecordStore
    location: str

    @property
    def pg(self) -> bool:
        return isinstance(self.store, PostgresStore)

    def sql(self, statements: Sequence[tuple[str, Sequence[Any]]], *, triggers_off: bool = False,
            leave_off: bool = False) -> None:
        """Run statements written for SQLite (``?``, tables ``{decisions}`` …) in one
        transaction of the attacker's own connection."""
        names = {t: (f"kgrules_{t}" if self.pg else t)
                 for t in ("decisions", "cases", "checkpoints", "meta")}
        texts = [(s.format(**names).replace("?", "%s") if self.pg else s.format(**names), p)
                 for s, p in statements]
        if self.pg:
            import psycopg

            with psycopg.connect(self.location) as conn, conn.transaction():
                if triggers_off:
                    for t in names.values():
                        conn.execute(f"ALTER TABLE {t} DISABLE TRIGGER USER")  # type: ignore[arg-type]
                for text, params in texts:
                    conn.execute(text, list(params))  # type: ignore[arg-type]
                if triggers_off and not leave_off:
                    for t in names.values():
                        conn.execute(f"ALTER TABLE {t} ENABLE TRIGGER USER")  # type: ignore[arg-type]
            return
        conn = sqlite3.connect(self.location, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            saved = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
            if triggers_off:
                for name, _ in saved:
                    conn.execute(f"DROP TRIGGER {name}")
            for text, params in texts:
                conn.execute(text, list(params))
            if triggers_off and not leave_off:
                for _, text in saved:
                    conn.execute(text)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    def rows(self) -> list[dict[str, Any]]:
        return [{"seq": seq, **values} for seq, values in self.store._fetch("seq > ?", [0])]

    def rewrite(self, rows: Sequence[dict[str, Any]], *, rehash: bool) -> None:
        """Replace every decision row by ``rows`` (triggers off, then back on); ``rehash``
        recomputes a consistent chain, as an attacker who read the code would."""
        out = []
        prev = self.store._chain.genesis
        for row in rows:
            row = dict(row)
            if rehash:
                row["prev_hash"] = prev
                row["row_hash"] = row_hash(row["seq"], row, prev)
                prev = row["row_hash"]
            out.append(row)
        insert = (f"INSERT INTO {{decisions}} ({', '.join(COLUMNS)}) "
                  f"VALUES ({', '.join('?' for _ in COLUMNS)})")
        self.sql([("DELETE FROM {decisions}", ()),
                  *((insert, [r[c] for c in COLUMNS]) for r in out)], triggers_off=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Db]:
    if request.param == "sqlite":
        location = str(tmp_path / "record.sqlite3")
    else:
        location = request.getfixturevalue("postgres_url")
    store = open_store(location)
    try:
        yield Db(store, location)
    finally:
        store.close()


@pytest.fixture(scope="module")
def case() -> Case:
    return kgrules.load_example()


def fill(db: Db, case: Case, n: int = len(ASKS)) -> list[str]:
    ids = []
    for qid, args in ASKS[:n]:
        ids.append(db.store.append(kgrules.ask(qid, case, **args), case).id)
    return ids


def broken(result: Verification, kind: str, seq: int | None) -> None:
    assert not result.intact, result.summary().en
    assert result.first_break is not None
    assert (result.first_break.kind, result.first_break.seq) == (kind, seq), result.to_dict()
    assert "altered" in result.summary().en and "thay đổi" in result.summary().vi


def flip(decision_json: str) -> str:
    d = json.loads(decision_json)
    d["outcome"] = "no" if d["outcome"] == "yes" else "yes"
    return json.dumps(d, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# --- an honest record ----------------------------------------------------------------------------


def test_an_untouched_record_verifies(db: Db, case: Case) -> None:
    assert db.store.verify().intact  # empty
    ids = fill(db, case)
    result = db.store.verify()
    assert result.intact and result.first_break is None
    assert result.rows == 5 and result.cases == 1 and result.head_seq == 5
    rows = db.rows()
    assert result.head_hash == rows[-1]["row_hash"]
    assert [r["prev_hash"] for r in rows[1:]] == [r["row_hash"] for r in rows[:-1]]
    rec = db.store.get(ids[2])
    assert rec.row_hash == rows[2]["row_hash"] and rec.prev_hash == rows[1]["row_hash"]
    assert "intact" in result.summary().en and "nguyên vẹn" in result.summary().vi
    assert result.to_dict()["first_break"] is None


def test_the_hashes_follow_their_documented_definition(db: Db, case: Case) -> None:
    """An auditor's own implementation, from docs/record.md, agrees with the stored hashes."""
    import hashlib

    def framed(fields: Sequence[object]) -> bytes:
        out = b""
        for v in fields:
            if v is None:
                out += b"N;"
            elif isinstance(v, int):
                out += b"I" + str(v).encode() + b";"
            else:
                data = str(v).encode("utf-8")
                out += b"S" + str(len(data)).encode() + b":" + data + b";"
        return out

    fill(db, case, 3)
    genesis = hashlib.sha256(framed(["kgrules-genesis/2"])).hexdigest()
    prev = genesis
    for row in db.rows():
        assert row["prev_hash"] == prev
        fields = ["kgrules-decision/2", *(row[c] for c in COLUMNS[:14]), prev]
        assert row["row_hash"] == hashlib.sha256(framed(fields)).hexdigest()
        prev = row["row_hash"]


# --- the REPLACE hole and its PostgreSQL equivalents: refused ----------------------------------


def test_replace_is_refused(db: Db, case: Case) -> None:
    """The issue's attack: the same seq and id re-inserted with a flipped decision."""
    fill(db, case, 2)
    row = db.rows()[0]
    forged = {**row, "outcome": "no", "decision": flip(row["decision"])}
    columns = ", ".join(COLUMNS)
    marks = ", ".join("?" for _ in COLUMNS)
    if db.pg:
        attacks = [f"INSERT INTO {{decisions}} ({columns}) VALUES ({marks}) ON CONFLICT (seq) DO UPDATE"
                   " SET outcome = EXCLUDED.outcome, decision = EXCLUDED.decision",
                   f"INSERT INTO {{decisions}} ({columns}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE"
                   " SET outcome = EXCLUDED.outcome"]
    else:
        attacks = [f"INSERT OR REPLACE INTO {{decisions}} ({columns}) VALUES ({marks})",
                   f"REPLACE INTO {{decisions}} ({columns}) VALUES ({marks})"]
    for attack in attacks:
        with pytest.raises(Exception, match="append-only"):
            db.sql([(attack, [forged[c] for c in COLUMNS])])
    # a new seq with an existing id (REPLACE on the UNIQUE id) is refused too
    with pytest.raises(Exception, match=r"append-only|duplicate|UNIQUE"):
        db.sql([(f"{'INSERT' if db.pg else 'INSERT OR REPLACE'} INTO {{decisions}} ({columns}) "
                 f"VALUES ({marks})", [{**forged, "seq": 99}[c] for c in COLUMNS])])
    case_attack = ("INSERT INTO {cases} (digest, body, stored_at) VALUES (?, '{{}}', 'x') ON CONFLICT"
                   " (digest) DO UPDATE SET body = EXCLUDED.body" if db.pg else
                   "INSERT OR REPLACE INTO {cases} (digest, body, stored_at) VALUES (?, '{{}}', 'x')")
    with pytest.raises(Exception, match="append-only"):
        db.sql([(case_attack, [row["case_digest"]])])
    if db.pg:
        for table in ("decisions", "cases", "checkpoints", "meta"):
            with pytest.raises(Exception, match="append-only"):
                db.sql([(f"TRUNCATE {{{table}}} CASCADE", ())])
    assert db.rows()[0]["outcome"] == row["outcome"]
    assert db.store.verify().intact
    assert db.store.replay(row["id"]).same


# --- rewriting with the triggers off: found --------------------------------------------------------


def test_an_edited_row_is_found(db: Db, case: Case) -> None:
    ids = fill(db, case)
    row = db.rows()[2]
    db.sql([("UPDATE {decisions} SET outcome = 'no', decision = ? WHERE seq = 3",
             [flip(row["decision"])])], triggers_off=True)
    broken(db.store.verify(), "edited", 3)
    with pytest.raises(RecordIntegrityError):
        db.store.replay(ids[2])
    assert db.store.replay(ids[1]).same  # the others still replay


def test_an_edited_row_with_its_own_hash_recomputed_breaks_the_next_link(db: Db, case: Case) -> None:
    fill(db, case)
    rows = db.rows()
    rows[1] = {**rows[1], "outcome": "yes" if rows[1]["outcome"] == "no" else "no",
               "decision": flip(rows[1]["decision"])}
    rows[1]["row_hash"] = row_hash(2, rows[1], rows[1]["prev_hash"])
    db.rewrite(rows, rehash=False)
    broken(db.store.verify(), "link", 3)


def test_a_deleted_row_is_found(db: Db, case: Case) -> None:
    fill(db, case)
    db.sql([("DELETE FROM {decisions} WHERE seq = 2", ())], triggers_off=True)
    broken(db.store.verify(), "missing", 3)


def test_a_deleted_first_row_is_found(db: Db, case: Case) -> None:
    fill(db, case)
    db.sql([("DELETE FROM {decisions} WHERE seq = 1", ())], triggers_off=True)
    broken(db.store.verify(), "missing", 2)


def test_deleted_rows_renumbered_are_found(db: Db, case: Case) -> None:
    """Deleting a row and renumbering the rest (no gap left) breaks the hashes."""
    fill(db, case)
    rows = db.rows()
    del rows[1]
    renumbered = [{**r, "seq": n} for n, r in enumerate(rows, 1)]
    db.rewrite(renumbered, rehash=False)
    broken(db.store.verify(), "link", 2)


def test_an_inserted_row_is_found(db: Db, case: Case) -> None:
    """A forged row appended without the chain, and one slipped in before the chain began."""
    fill(db, case)
    row = db.rows()[0]
    forged = {**row, "seq": 6, "id": uuid.uuid4().hex, "prev_hash": None, "row_hash": None}
    insert = (f"INSERT INTO {{decisions}} ({', '.join(COLUMNS)}) "
              f"VALUES ({', '.join('?' for _ in COLUMNS)})")
    db.sql([(insert, [forged[c] for c in COLUMNS])])  # plain INSERT: append-only allows it
    broken(db.store.verify(), "unchained", 6)
    backdated = {**forged, "seq": 0, "id": uuid.uuid4().hex,
                 "recorded_at": "2009-01-01T00:00:00.000000+00:00"}
    db.sql([(insert, [backdated[c] for c in COLUMNS])])
    broken(db.store.verify(), "genesis", None)


def test_an_inserted_row_with_a_forged_link_is_found(db: Db, case: Case) -> None:
    """A row inserted in the middle, renumbering the rest, with its own hash computed."""
    fill(db, case)
    rows = db.rows()
    extra = {**rows[0], "id": uuid.uuid4().hex}
    extra["row_hash"] = row_hash(2, {**extra, "seq": 2}, rows[0]["row_hash"])
    extra["prev_hash"] = rows[0]["row_hash"]
    forged = [rows[0], {**extra, "seq": 2}, *({**r, "seq": r["seq"] + 1} for r in rows[1:])]
    db.rewrite(forged, rehash=False)
    broken(db.store.verify(), "link", 3)


def test_reordered_rows_are_found(db: Db, case: Case) -> None:
    fill(db, case)
    rows = db.rows()
    swapped = [rows[0], {**rows[2], "seq": 2}, {**rows[1], "seq": 3}, *rows[3:]]
    db.rewrite(swapped, rehash=False)
    broken(db.store.verify(), "link", 2)
    # the contents swapped but each row keeping its place in the chain: the hashes tell
    in_place = [rows[0], {**rows[2], "seq": 2, "prev_hash": rows[1]["prev_hash"]},
                {**rows[1], "seq": 3, "prev_hash": rows[2]["prev_hash"]}, *rows[3:]]
    db.rewrite(in_place, rehash=False)
    broken(db.store.verify(), "edited", 2)


def test_a_replaced_row_is_found(db: Db, case: Case) -> None:
    """The REPLACE attack done by hand: delete the row, insert a forged one, same seq and id."""
    ids = fill(db, case)
    row = db.rows()[3]
    forged = {**row, "outcome": "yes" if row["outcome"] == "no" else "no",
              "decision": flip(row["decision"])}
    insert = (f"INSERT INTO {{decisions}} ({', '.join(COLUMNS)}) "
              f"VALUES ({', '.join('?' for _ in COLUMNS)})")
    db.sql([("DELETE FROM {decisions} WHERE seq = 4", ()),
            (insert, [forged[c] for c in COLUMNS])], triggers_off=True)
    broken(db.store.verify(), "edited", 4)
    with pytest.raises(RecordIntegrityError):
        db.store.replay(ids[3])


def test_a_swapped_case_body_is_found(db: Db, case: Case) -> None:
    ids = fill(db, case)
    digest = db.rows()[0]["case_digest"]
    other = attrs.evolve(case, name=case.name + " (forged)")
    db.sql([("UPDATE {cases} SET body = ? WHERE digest = ?", [other.to_json(), digest])],
           triggers_off=True)
    broken(db.store.verify(), "case", 1)
    with pytest.raises(RecordIntegrityError):
        db.store.replay(ids[0])
    with pytest.raises(RecordIntegrityError):
        db.store.case(digest)


def test_a_column_disagreeing_with_the_decision_is_found(db: Db, case: Case) -> None:
    """Only the outcome column flipped, the chain recomputed: the hashes agree, the row does
    not agree with its own decision."""
    fill(db, case)
    rows = db.rows()
    rows[2] = {**rows[2], "outcome": "no" if rows[2]["outcome"] == "yes" else "yes"}
    db.rewrite(rows, rehash=True)
    broken(db.store.verify(), "column", 3)


@pytest.mark.parametrize("column", ["question", "engine", "arguments", "interpretations"])
def test_other_columns_disagreeing_are_found(db: Db, case: Case, column: str) -> None:
    fill(db, case, 2)
    rows = db.rows()
    changed = {"question": "dieu12.expense_authorised", "engine": "oracle",
               "arguments": json.dumps({"meeting": "H2009-Q2", "member": "P05", "substitute": "S03"}),
               "interpretations": rows[0]["interpretations"].replace("with_authorisation",
                                                                     "head_only")}
    rows[0] = {**rows[0], column: changed[column]}
    db.rewrite(rows, rehash=True)
    broken(db.store.verify(), "column", 1)


def test_dropped_or_disabled_triggers_are_found(db: Db, case: Case) -> None:
    fill(db, case, 1)
    db.sql([], triggers_off=True, leave_off=True)
    result = db.store.verify()
    broken(result, "protection", None)
    assert "decisions" in result.first_break.message.en  # type: ignore[union-attr]
    init_store(db.location).close()  # the owner puts them back
    assert db.store.verify().intact


# --- sealed checkpoints --------------------------------------------------------------------------


def sealed(db: Db, every: int = 2) -> RecordStore:
    return open_store(db.location, seal_key=KEY, seal_every=every)


def test_a_rebuilt_chain_is_found_by_the_seal(db: Db, case: Case) -> None:
    """Someone who can write the database and read the code rebuilds a consistent chain with a
    flipped outcome: only the sealed checkpoints, made with a key they lack, give it away."""
    s = sealed(db)
    try:
        for qid, args in ASKS:
            s.append(kgrules.ask(qid, case, **args), case)
    finally:
        s.close()  # seals the head too
    cps = db.store._checkpoints()
    assert [c[0] for c in cps] == [2, 4, 5] and all(c[3] == key_id(KEY) for c in cps)
    good = db.store.verify(seal_key=KEY)
    assert good.intact and good.sealed and good.sealed_through == 5 and good.unsealed_rows == 0
    rows = db.rows()
    rows[0] = {**rows[0], "outcome": "no", "decision": flip(rows[0]["decision"])}
    db.rewrite(rows, rehash=True)
    assert db.store.verify().first_break is not None  # the checkpoints' hashes no longer match
    broken(db.store.verify(seal_key=KEY), "checkpoint", 2)
    # ... and forging the checkpoints too, without the key, fails their seals
    new_rows = db.rows()
    db.sql([("DELETE FROM {checkpoints}", ()),
            *(("INSERT INTO {checkpoints} (seq, row_hash, sealed_at, key_id, mac) VALUES (?, ?, ?, ?, ?)",
               [r["seq"], r["row_hash"], "2026-01-01", key_id(KEY), "0" * 64])
              for r in new_rows if r["seq"] in (2, 4, 5))], triggers_off=True)
    assert db.store.verify().intact  # without the key, a consistent forgery cannot be told
    broken(db.store.verify(seal_key=KEY), "seal", 2)


def test_a_backdated_row_in_a_rebuilt_chain_is_found_by_the_seal(db: Db, case: Case) -> None:
    s = sealed(db, every=5)
    try:
        for qid, args in ASKS:
            s.append(kgrules.ask(qid, case, **args), case)
    finally:
        s.close()
    rows = db.rows()
    backdated = {**rows[1], "id": uuid.uuid4().hex, "recorded_at": "2009-10-01T00:00:00.000000+00:00"}
    forged = [rows[0], {**backdated, "seq": 2}, *({**r, "seq": r["seq"] + 1} for r in rows[1:])]
    db.rewrite(forged, rehash=True)
    assert db.store.verify().first_break is not None  # the checkpoint at 5 moved off the chain
    db.sql([("DELETE FROM {checkpoints}", ())], triggers_off=True)
    assert db.store.verify().intact  # checkpoints gone too: only the key can tell ...
    result = db.store.verify(seal_key=KEY, max_unsealed=5)
    broken(result, "unsealed", 1)  # ... by the rows left without a seal
    assert result.sealed_through is None and result.unsealed_rows == 6
    assert db.store.verify(seal_key=KEY, max_unsealed=7).intact  # a tail shorter than the cadence


def test_a_deleted_tail_after_a_checkpoint_is_found(db: Db, case: Case) -> None:
    s = sealed(db, every=3)
    try:
        for qid, args in ASKS:
            s.append(kgrules.ask(qid, case, **args), case)
    finally:
        s._close()  # no seal at close: rows 4 and 5 stay after the last checkpoint
    assert db.store.verify(seal_key=KEY).unsealed_rows == 2
    db.sql([("DELETE FROM {decisions} WHERE seq = 5", ())], triggers_off=True)
    assert db.store.verify(seal_key=KEY).intact  # the unsealed tail: documented as not protected
    db.sql([("DELETE FROM {decisions} WHERE seq >= 3", ())], triggers_off=True)
    broken(db.store.verify(seal_key=KEY), "tail", 3)
    broken(db.store.verify(), "tail", 3)


def test_a_seal_by_another_key_is_refused(db: Db, case: Case) -> None:
    s = sealed(db, every=1)
    try:
        s.append(kgrules.ask(ASKS[0][0], case, **ASKS[0][1]), case)
    finally:
        s.close()
    broken(db.store.verify(seal_key=b"another key of sixteen bytes+"), "seal", 1)


# --- records written before the chain ------------------------------------------------------------

_V1_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE cases (digest TEXT PRIMARY KEY, body TEXT NOT NULL, stored_at TEXT NOT NULL)",
    "CREATE TABLE decisions (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
    " recorded_at TEXT NOT NULL, question TEXT NOT NULL, arguments TEXT NOT NULL,"
    " case_digest TEXT NOT NULL REFERENCES cases (digest), rules_version TEXT NOT NULL,"
    " interpretations TEXT NOT NULL, engine TEXT NOT NULL, calendar TEXT, calendar_overrides TEXT,"
    " outcome TEXT NOT NULL, decision TEXT NOT NULL, source TEXT NOT NULL)",
    *(f"CREATE TRIGGER {t}_no_{op.lower()} BEFORE {op} ON {t} BEGIN SELECT RAISE(ABORT, "
      "'append-only'); END" for t in ("cases", "decisions") for op in ("UPDATE", "DELETE")),
    "INSERT INTO meta VALUES ('schema_version', '1')",
)


def _v1_file(path: Path, rows: Sequence[dict[str, Any]], case: Case) -> None:
    conn = sqlite3.connect(path)
    for statement in _V1_SCHEMA:
        conn.execute(statement)
    conn.execute("INSERT INTO cases VALUES (?, ?, 'then')",
                 (rows[0]["case_digest"], kgrules.record.canonical_case_json(case)))
    for r in rows:
        conn.execute(f"INSERT INTO decisions ({', '.join(COLUMNS[:14])}) VALUES "
                     f"({', '.join('?' for _ in COLUMNS[:14])})", [r[c] for c in COLUMNS[:14]])
    conn.commit()
    conn.close()


def test_a_record_from_before_the_chain_is_upgraded(tmp_path: Path, case: Case) -> None:
    donor = open_store(tmp_path / "donor.sqlite3")
    fill(Db(donor, str(donor.location)), case, 3)
    rows = [{"seq": seq, **values} for seq, values in donor._fetch("seq > ?", [0])]
    donor.close()
    old = tmp_path / "old.sqlite3"
    _v1_file(old, rows, case)
    with pytest.raises(RecordMigrationNeeded) as err:
        open_store(old)
    assert err.value.path == "record" and "kgrules record init" in err.value.message
    init_store(old).close()
    store = open_store(old)
    db = Db(store, str(old))
    try:
        assert store._chain.chain_from == 4
        result = store.verify()
        assert result.intact and result.rows == 0 and result.chain_from == 4
        assert store.replay(rows[0]["id"]).same  # old rows stay readable and replayable
        fill(db, case, 2)
        assert [r.seq for r in store][-2:] == [4, 5]
        assert store.verify().intact and store.verify().rows == 2
        db.sql([("UPDATE {decisions} SET outcome = 'no' WHERE seq = 1", ())], triggers_off=True)
        broken(store.verify(), "genesis", None)
    finally:
        store.close()


_V1_PG_SCHEMA = (
    "CREATE TABLE kgrules_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE kgrules_cases (digest TEXT PRIMARY KEY, body TEXT NOT NULL, stored_at TEXT NOT NULL)",
    "CREATE TABLE kgrules_decisions (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " id TEXT NOT NULL UNIQUE, recorded_at TEXT NOT NULL, question TEXT NOT NULL,"
    " arguments TEXT NOT NULL, case_digest TEXT NOT NULL REFERENCES kgrules_cases (digest),"
    " rules_version TEXT NOT NULL, interpretations TEXT NOT NULL, engine TEXT NOT NULL,"
    " calendar TEXT, calendar_overrides TEXT, outcome TEXT NOT NULL, decision TEXT NOT NULL,"
    " source TEXT NOT NULL)",
    "CREATE OR REPLACE FUNCTION kgrules_append_only() RETURNS trigger LANGUAGE plpgsql AS"
    " $$ BEGIN RAISE EXCEPTION 'append-only'; END $$",
    *(f"CREATE OR REPLACE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {t}"
      " FOR EACH STATEMENT EXECUTE FUNCTION kgrules_append_only()"
      for t in ("kgrules_cases", "kgrules_decisions")),
    "INSERT INTO kgrules_meta VALUES ('schema_version', '1')",
)


def test_a_postgresql_record_from_before_the_chain_is_upgraded(postgres_url: str, tmp_path: Path,
                                                               case: Case) -> None:
    import psycopg

    donor = open_store(tmp_path / "donor.sqlite3")
    fill(Db(donor, str(donor.location)), case, 3)
    rows = [{"seq": seq, **values} for seq, values in donor._fetch("seq > ?", [0])]
    donor.close()
    with psycopg.connect(postgres_url) as conn, conn.transaction():
        for statement in _V1_PG_SCHEMA:
            conn.execute(statement)  # type: ignore[arg-type]
        conn.execute("INSERT INTO kgrules_cases VALUES (%s, %s, 'then')",
                     (rows[0]["case_digest"], kgrules.record.canonical_case_json(case)))
        for r in rows:
            conn.execute(f"INSERT INTO kgrules_decisions ({', '.join(COLUMNS[1:14])}) VALUES "  # type: ignore[arg-type]
                         f"({', '.join('%s' for _ in COLUMNS[1:14])})", [r[c] for c in COLUMNS[1:14]])
    with pytest.raises(RecordMigrationNeeded):
        open_store(postgres_url)
    init_store(postgres_url).close()
    store = open_store(postgres_url)
    db = Db(store, postgres_url)
    try:
        assert store._chain.chain_from == 4 and store.verify().intact
        assert store.replay(rows[1]["id"]).same
        fill(db, case, 2)
        result = store.verify()
        assert result.intact and result.rows == 2 and result.head_seq == 5
        db.sql([("UPDATE {decisions} SET outcome = 'unknown' WHERE seq = 2", ())], triggers_off=True)
        broken(store.verify(), "genesis", None)
    finally:
        store.close()


def test_cli_verify_exit_codes(tmp_path: Path, case: Case) -> None:
    path = tmp_path / "r.sqlite3"
    store = open_store(path)
    db = Db(store, str(path))
    fill(db, case, 3)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kgrules.cli", "record", *args],
                              capture_output=True, text=True, timeout=120)

    ok = run("verify", "--record", str(path), "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["intact"] is True
    db.sql([("DELETE FROM {decisions} WHERE seq = 2", ())], triggers_off=True)
    bad = run("verify", "--record", str(path))
    assert bad.returncode == 1
    assert "Sổ ghi đã bị thay đổi" in bad.stdout and "#2" in bad.stdout
    missing = run("verify", "--record", str(tmp_path / "nope.sqlite3"))
    assert missing.returncode == 2 and json.loads(missing.stderr)["path"] == "--record"
    assert not (tmp_path / "nope.sqlite3").exists()
    short = tmp_path / "short.key"
    short.write_text("short")
    nokey = run("verify", "--record", str(path), "--seal-key", str(short))
    assert nokey.returncode == 2 and json.loads(nokey.stderr)["path"] == "--seal-key"
    store.close()


def test_cli_init_upgrade_seal_and_verify(tmp_path: Path, case: Case) -> None:
    donor = open_store(tmp_path / "donor.sqlite3")
    fill(Db(donor, str(donor.location)), case, 2)
    rows = [{"seq": seq, **values} for seq, values in donor._fetch("seq > ?", [0])]
    donor.close()
    old = tmp_path / "old.sqlite3"
    _v1_file(old, rows, case)
    key = tmp_path / "seal.key"
    key.write_bytes(KEY + b"\n")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kgrules.cli", "record", *args, "--record",
                               str(old)], capture_output=True, text=True, timeout=120)

    refused = run("list")
    # The command line's errors are bilingual ({"vi", "en"}, kgrules.errors.bilingual).
    assert refused.returncode == 2 and "kgrules record init" in json.loads(
        refused.stderr)["message"]["en"]
    assert run("init").returncode == 0
    assert run("seal").returncode == 2  # no key
    store = open_store(old)
    fill(Db(store, str(old)), case, 2)
    store.close()
    sealed_now = run("seal", "--seal-key", str(key))
    assert sealed_now.returncode == 0 and "#4" in sealed_now.stdout
    report = json.loads(run("verify", "--seal-key", str(key), "--json").stdout)
    assert report["intact"] and report["sealed_through"] == 4 and report["chain_from"] == 3
    assert run("init", "--grant", "someone").returncode == 2  # roles: PostgreSQL only


def test_service_verify_and_refused_replay(db: Db, case: Case) -> None:
    from fastapi.testclient import TestClient

    from kgrules.service import create_app

    ids = fill(db, case, 3)
    with TestClient(create_app(store=db.store)) as client:
        good = client.get("/v1/record/verify")
        assert good.status_code == 200 and good.json()["intact"] is True
        assert good.json()["rows"] == 3 and good.json()["first_break"] is None
        db.sql([("UPDATE {decisions} SET outcome = 'no', decision = ? WHERE seq = 2",
                 [flip(db.rows()[1]["decision"])])], triggers_off=True)
        bad = client.get("/v1/record/verify").json()
        assert bad["intact"] is False
        assert (bad["first_break"]["kind"], bad["first_break"]["seq"]) == ("edited", 2)
        assert bad["summary"]["vi"].startswith("Sổ ghi đã bị thay đổi")
        refused = client.get(f"/v1/decisions/{ids[1]}/replay")
        assert refused.status_code == 409 and refused.json()["error"] == "RecordTampered"
        assert client.get(f"/v1/decisions/{ids[0]}/replay").json()["same"] is True


def test_service_read_flags_a_row_that_no_longer_matches_its_hash(db: Db, case: Case) -> None:
    """``GET /v1/decisions/{id}`` returned an altered row as any other while ``verify``,
    replay and ``record show`` caught it: it now checks the row against its own hash, as
    ``record show`` does, and flags it in both languages."""
    from fastapi.testclient import TestClient

    from kgrules.service import create_app

    ids = fill(db, case, 3)
    with TestClient(create_app(store=db.store)) as client:
        before = client.get(f"/v1/decisions/{ids[1]}").json()
        assert (before["matches_hash"], before["altered"]) == (True, None)
        db.sql([("UPDATE {decisions} SET outcome = 'no', decision = ? WHERE seq = 2",
                 [flip(db.rows()[1]["decision"])])], triggers_off=True)
        forged = client.get(f"/v1/decisions/{ids[1]}")
        assert forged.status_code == 200, forged.text
        body = forged.json()
        assert body["decision"]["outcome"] != before["decision"]["outcome"]  # the forgery
        assert body["matches_hash"] is False
        assert "đã bị sửa" in body["altered"]["vi"] and "altered" in body["altered"]["en"]
        untouched = client.get(f"/v1/decisions/{ids[0]}").json()
        assert (untouched["matches_hash"], untouched["altered"]) == (True, None)
    shown = _cli("record", "show", ids[1], "--record", db.location)
    assert shown.returncode == 1  # the same row, the same verdict as the command line's


# --- PostgreSQL least privilege ------------------------------------------------------------------


def _as(url: str, role: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=f"{role}@{host}{port}"))


@pytest.fixture
def service_role(postgres_url: str) -> Iterator[tuple[str, str]]:
    """A login role of the service's own (trust auth, as .ci/run's cluster): the admin URL
    and the service's URL; dropped afterwards."""
    import psycopg

    role = f"kgrules_service_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")  # type: ignore[arg-type]
    try:
        yield postgres_url, _as(postgres_url, role)
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(f"DROP OWNED BY {role}")  # type: ignore[arg-type]
            admin.execute(f"DROP ROLE {role}")  # type: ignore[arg-type]


def test_least_privilege_on_postgresql(service_role: tuple[str, str], case: Case) -> None:
    """Tables created and owned by the administrator; the service's role may read and append,
    and is refused DISABLE TRIGGER, UPDATE, DELETE and TRUNCATE."""
    import psycopg
    from fastapi.testclient import TestClient

    from kgrules.service import create_app

    admin_url, service_url = service_role
    role = urlsplit(service_url).username
    assert role is not None
    owner = init_store(admin_url, grant_to=role)
    assert privilege_warnings(owner)  # the administrator is the owner (and a superuser here)
    owner.close()
    store = open_store(service_url)
    try:
        assert isinstance(store, PostgresStore)
        assert privilege_warnings(store) == []
        assert store.privileges()["owns_tables"] is False
        with TestClient(create_app(store=store)) as client:
            reply = client.post("/v1/ask", json={"question": ASKS[0][0], "example": "committee-2009",
                                                 "arguments": ASKS[0][1]})
            assert reply.status_code == 200 and reply.json()["outcome"] == "yes"
            verified = client.get("/v1/record/verify").json()
            assert verified["intact"] is True and verified["rows"] == 1
        for attack in ("ALTER TABLE kgrules_decisions DISABLE TRIGGER USER",
                       "ALTER TABLE kgrules_decisions DISABLE TRIGGER ALL",
                       "DROP TRIGGER kgrules_decisions_append_only ON kgrules_decisions",
                       "UPDATE kgrules_decisions SET outcome = 'no'",
                       "DELETE FROM kgrules_decisions",
                       "TRUNCATE kgrules_decisions CASCADE",
                       "UPDATE kgrules_meta SET value = '1'",
                       "INSERT INTO kgrules_meta VALUES ('x', 'y')"):
            with psycopg.connect(service_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(attack)  # type: ignore[arg-type]
        assert store.verify().intact and store.count() == 1
    finally:
        store.close()


def test_the_service_warns_or_refuses_as_the_owner(postgres_url: str,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from kgrules import service
    from kgrules.errors import InputError

    started: list[bool] = []
    monkeypatch.setattr(service, "_run", lambda *a: started.append(True))
    for name in ("KGRULES_RECORD", "KGRULES_TOKEN", "KGRULES_MAX_BODY_BYTES", "KGRULES_MAX_DEPTH",
                 "KGRULES_SEAL_KEY_FILE"):
        monkeypatch.setenv(name, "")  # so that what serve() sets is undone afterwards
        monkeypatch.delenv(name)
    with pytest.raises(InputError) as err:
        service.serve(record=postgres_url, require_least_privilege=True)
    assert err.value.path == "--record" and "owns the tables" in err.value.message
    assert started == []
    service.serve(record=postgres_url)
    assert started == [True]
    warned = capsys.readouterr().err
    assert "CẢNH BÁO" in warned and "WARNING" in warned and "owns the tables" in warned


def test_sqlite_has_no_roles_to_warn_about(tmp_path: Path) -> None:
    store = open_store(tmp_path / "r.sqlite3")
    try:
        assert isinstance(store, SqliteStore) and privilege_warnings(store) == []
    finally:
        store.close()


# --- PostgreSQL from the command line, and the service run under its own role ------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kgrules.cli", *args], capture_output=True,
                          text=True, timeout=120)


def test_cli_verify_finds_the_owners_disable_trigger_rewrite_on_postgresql(
        postgres_url: str, case: Case) -> None:
    """The issue's measured attack: the tables' owner disables the trigger, rewrites an
    outcome and enables the trigger again; ``record verify`` exits 1 naming the row, the
    replay of it is refused, the others still replay."""
    store = open_store(postgres_url)
    db = Db(store, postgres_url)
    try:
        ids = fill(db, case, 3)
        ok = _cli("record", "verify", "--record", postgres_url, "--json")
        assert ok.returncode == 0, ok.stderr
        assert json.loads(ok.stdout)["intact"] is True and json.loads(ok.stdout)["rows"] == 3
        row = db.rows()[1]
        db.sql([("UPDATE {decisions} SET outcome = 'no', decision = ? WHERE seq = 2",
                 [flip(row["decision"])])], triggers_off=True)
        bad = _cli("record", "verify", "--record", postgres_url)
        assert bad.returncode == 1 and "Sổ ghi đã bị thay đổi" in bad.stdout and "#2" in bad.stdout
        broken(store.verify(), "edited", 2)
        refused = _cli("record", "replay", ids[1], "--record", postgres_url)
        assert refused.returncode == 1
        assert json.loads(refused.stderr)["error"] == "RecordIntegrityError" and "#2" in refused.stderr
        assert store.replay(ids[0]).same
    finally:
        store.close()


def test_the_service_runs_under_least_privilege_on_postgresql(
        service_role: tuple[str, str]) -> None:
    """``kgrules record init --grant`` as the administrator, then ``kgrules serve`` (its
    evaluation workers writing the record) as the granted role with
    ``--require-least-privilege``: it answers and records; the owner's URL is refused."""
    import httpx

    admin_url, service_url = service_role
    role = urlsplit(service_url).username
    assert role is not None
    init = _cli("record", "init", "--record", admin_url, "--grant", role)
    assert init.returncode == 0, init.stderr
    assert _cli("serve", "--record", admin_url, "--require-least-privilege",
                "--port", "0").returncode == 2  # the owner: refused before listening
    proc = subprocess.Popen([sys.executable, "-m", "kgrules.cli", "serve", "--record", service_url,
                             "--require-least-privilege", "--port", "0", "--evaluators", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        port = 0
        log = []
        for line in proc.stderr:
            log.append(line)
            if "Uvicorn running on http://127.0.0.1:" in line:
                port = int(line.split("127.0.0.1:")[1].split()[0])
                break
        assert port, "".join(log)
        assert not any("WARNING" in line for line in log)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            reply = client.post("/v1/ask", json={"question": ASKS[0][0],
                                                 "example": "committee-2009",
                                                 "arguments": ASKS[0][1]})
            assert reply.status_code == 200 and reply.json()["outcome"] == "yes"
            replay = client.get(f"/v1/decisions/{reply.json()['record_id']}/replay")
            assert replay.status_code == 200 and replay.json()["same"] is True
            verified = client.get("/v1/record/verify").json()
            assert verified["intact"] is True and verified["rows"] == 1
    finally:
        proc.terminate()
        proc.wait(30)
    import psycopg

    for attack in ("ALTER TABLE kgrules_decisions DISABLE TRIGGER USER",
                   "UPDATE kgrules_decisions SET outcome = 'no'", "DELETE FROM kgrules_decisions",
                   "DELETE FROM kgrules_cases"):
        with psycopg.connect(service_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(attack)  # type: ignore[arg-type]
    as_service = open_store(service_url)
    try:
        assert as_service.verify().intact and as_service.count() == 1
    finally:
        as_service.close()


def test_list_and_show_flag_a_row_that_no_longer_matches_its_hash(db: Db, case: Case) -> None:
    """The issue saw ``kgrules record list`` show a forged answer as any other: a row whose
    content no longer matches its hash is now flagged there and by ``show`` (exit 1)."""
    ids = fill(db, case, 3)
    assert [r.matches_hash for r in db.store.records()] == [True, True, True]
    assert _cli("record", "list", "--record", db.location).returncode == 0
    db.sql([("UPDATE {decisions} SET outcome = 'no', decision = ? WHERE seq = 2",
             [flip(db.rows()[1]["decision"])])], triggers_off=True)
    assert [r.matches_hash for r in db.store.records()] == [True, False, True]
    listed = _cli("record", "list", "--record", db.location)
    assert listed.returncode == 1, listed.stderr
    flagged = [line for line in listed.stdout.splitlines() if "⚠" in line]
    assert len(flagged) == 1 and ids[1] in flagged[0] and "đã bị sửa" in flagged[0]
    shown = _cli("record", "show", ids[1], "--record", db.location, "--lang", "en")
    assert shown.returncode == 1 and shown.stdout.startswith("this row does not match its hash")
    assert _cli("record", "show", ids[0], "--record", db.location).returncode == 0


def test_json_listings_carry_each_rows_hash_check(db: Db, case: Case) -> None:
    """``record show --json`` and ``record list --json`` printed an altered row's JSON without
    its check, so a program reading them took a forgery for a record: each row now carries
    ``matches_hash`` and, when altered, the bilingual ``altered``, as the service's read does."""
    ids = fill(db, case, 3)
    listed = json.loads(_cli("record", "list", "--record", db.location, "--json").stdout)
    assert [(r["matches_hash"], r["altered"]) for r in listed] == [(True, None)] * 3
    db.sql([("UPDATE {decisions} SET outcome = 'no', decision = ? WHERE seq = 2",
             [flip(db.rows()[1]["decision"])])], triggers_off=True)
    after = _cli("record", "list", "--record", db.location, "--json")
    assert after.returncode == 1
    rows = json.loads(after.stdout)
    assert [r["matches_hash"] for r in rows] == [True, False, True]
    assert rows[1]["id"] == ids[1] and "đã bị sửa" in rows[1]["altered"]["vi"]
    assert "altered" in rows[1]["altered"]["en"] and rows[0]["altered"] is None
    shown = _cli("record", "show", ids[1], "--record", db.location, "--json")
    assert shown.returncode == 1 and json.loads(shown.stdout) == rows[1]
    intact = _cli("record", "show", ids[2], "--record", db.location, "--json")
    assert intact.returncode == 0 and json.loads(intact.stdout)["matches_hash"] is True
