"""Group commit of the decision record (kgrules.record, issue 14): appends waiting while one is
written go in the next transaction; every append returns only once its rows are committed, and
the hash chain stays exact."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import attrs
import pytest

import kgrules
import kgrules.record as record_module
from kgrules.case import Case
from kgrules.decision import Decision
from kgrules.errors import KgrulesError
from kgrules.record import (
    _COLUMNS,
    WRITER_LOCK_SUFFIX,
    RecordError,
    SqliteStore,
    new_record_id,
    prepare,
    row_hash,
)

if sys.platform != "win32":
    import fcntl

SUB = {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}
KEY = b"k" * 32


@pytest.fixture(scope="module")
def case() -> Case:
    return kgrules.load_example()


@pytest.fixture(scope="module")
def decisions(case: Case) -> list[Decision]:
    return [kgrules.ask("dieu10.substitute_allowed", case, **SUB),
            kgrules.ask("dieu12.expense_authorised", case, expenditure="CHI-07")]


def _slow_writes(store: SqliteStore, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each grouped write takes 30 ms more (so appends queue up behind it); the size of each."""
    sizes: list[int] = []
    write = store._write_groups

    def slow(groups: Any) -> Any:
        sizes.append(len(groups))
        time.sleep(0.03)
        return write(groups)

    monkeypatch.setattr(store, "_write_groups", slow)
    return sizes


def test_concurrent_appends_are_grouped_durable_and_chained(
        tmp_path: Path, case: Case, decisions: list[Decision],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """12 threads × 6 appends: fewer transactions than appends; each append, once returned, is
    seen by another connection; seqs 1…72 without a gap, every id once, the chain and the
    seals verified."""
    path = tmp_path / "record.sqlite3"
    store = SqliteStore(path, seal_key=KEY, seal_every=7)
    sizes = _slow_writes(store, monkeypatch)
    gate = threading.Barrier(12)
    returned: list[tuple[str, int, str]] = []
    unseen: list[str] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        other = sqlite3.connect(path)
        gate.wait()
        for i in range(6):
            d = decisions[(n + i) % 2]
            entry = store.append(d, case, source="test")
            found = other.execute("SELECT id FROM decisions WHERE id = ?", (entry.id,)).fetchone()
            with lock:
                returned.append((entry.id, entry.seq, d.question))
                if found is None:
                    unseen.append(entry.id)
        other.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert unseen == []
    assert sorted(seq for _, seq, _ in returned) == list(range(1, 73))
    assert len({rid for rid, _, _ in returned}) == 72
    assert sum(sizes) == 72 and len(sizes) < 72 and max(sizes) > 1
    for rid, seq, question in returned[::13]:
        got = store.get(rid)
        assert (got.seq, got.question) == (seq, question)
    report = store.verify()
    assert report.intact and report.rows == 72 and report.sealed_through is not None
    store.close()


def test_a_failed_group_acknowledges_none_of_its_appends(
        tmp_path: Path, case: Case, decisions: list[Decision],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A transaction that fails fails every append it held (none is written, each caller gets
    the error); the next appends are written and the chain is intact."""
    store = SqliteStore(tmp_path / "record.sqlite3")
    store.append(decisions[0], case)
    write = store._write_groups
    failing = [True]

    def once(groups: Any) -> Any:
        if failing[0]:
            failing[0] = False
            time.sleep(0.05)  # the others queue meanwhile, for the next transaction
            raise RecordError("disk full")
        return write(groups)

    monkeypatch.setattr(store, "_write_groups", once)
    errors: list[KgrulesError] = []
    written: list[str] = []

    def work() -> None:
        try:
            written.append(store.append(decisions[1], case).id)
        except RecordError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors and len(errors) + len(written) == 6
    assert store.count() == 1 + len(written)
    assert all(store.get(rid).question == "dieu12.expense_authorised" for rid in written)
    assert store.verify().intact
    store.close()


def test_rows_prepared_elsewhere_are_committed_as_given(tmp_path: Path, case: Case,
                                                         decisions: list[Decision]) -> None:
    """prepare() (an evaluation worker) then commit() (the service process): the ids given
    before the write are the ids recorded, with the decision's JSON."""
    store = SqliteStore(tmp_path / "record.sqlite3")
    prepared = prepare(decisions, case, source="service")
    entries = store.commit(prepared)
    assert [e.id for e in entries] == list(prepared.ids) and len(entries) == 2
    for entry, d in zip(entries, decisions, strict=True):
        assert store.get(entry.id).decision == {
            k: v for k, v in d.to_dict().items() if k != "record_id"}
    assert store.commit(prepare([], case)) == []
    assert store.verify().intact
    store.close()


def test_a_row_is_written_and_hashed_column_by_column_as_read_back(
        tmp_path: Path, case: Case, decisions: list[Decision]) -> None:
    """The rows of a transaction go in one statement and are hashed from their tuple (issue 14,
    the commit path): the tuple is the row's columns in the table's order, each stored row's
    columns are the row's, and its hash is the one verify recomputes from what was read."""
    prepared = prepare(decisions * 3, case, source="service")
    row = prepared.rows[0]
    assert row.values() == tuple(getattr(row, c) for c in _COLUMNS)
    assert [f.name for f in attrs.fields(type(row))] == list(_COLUMNS)
    store = SqliteStore(tmp_path / "record.sqlite3")
    again = prepared.renewed()
    results = store.write_all([prepared, again])
    assert results == [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]
    stored = store._fetch("1 = 1", [])
    assert [values["id"] for _seq, values in stored] == [*prepared.ids, *again.ids]
    prev = store._chain.genesis
    for (seq, values), written in zip(stored, [*prepared.rows, *again.rows], strict=True):
        assert tuple(values[c] for c in _COLUMNS) == written.values()
        assert values["prev_hash"] == prev and values["row_hash"] == row_hash(seq, values, prev)
        prev = values["row_hash"]
    assert store.verify().intact and store.count() == 12
    store.close()


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_writers_take_turns_on_the_lock_beside_the_record(tmp_path: Path, case: Case,
                                                          decisions: list[Decision]) -> None:
    """A write waits while another holder (another service process) has the writers' lock,
    and proceeds as soon as it is released: the turn is the kernel's flock, not SQLite's busy
    handler and its sleeps; the record is then as usual."""
    path = tmp_path / "record.sqlite3"
    store = SqliteStore(path)
    lock_file = Path(f"{path}{WRITER_LOCK_SUFFIX}")
    assert lock_file.is_file()
    prepared = prepare(decisions[:1], case)  # before: its rules version takes a while
    fd = os.open(lock_file, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    done = threading.Event()

    def write() -> None:
        store.commit(prepared)
        done.set()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        assert not done.wait(0.3)  # held by the other writer: it waits its turn
        reader = sqlite3.connect(path)
        assert reader.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0
        reader.close()
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    assert done.wait(10)
    thread.join()
    assert store.count() == 1
    assert store.verify().intact
    store.close()


def test_a_record_whose_lock_file_cannot_be_made_is_still_written(
        tmp_path: Path, case: Case, decisions: list[Decision],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the lock file (say a directory the service may not create files in), writers
    rely on SQLite's own lock, as before."""
    real_open = os.open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith(WRITER_LOCK_SUFFIX):
            raise PermissionError(13, "refused")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    store = SqliteStore(tmp_path / "record.sqlite3")
    monkeypatch.setattr(os, "open", real_open)
    store.commit(prepare(decisions, case))
    assert store.count() == 2 and store.verify().intact
    assert not Path(f"{tmp_path / 'record.sqlite3'}{WRITER_LOCK_SUFFIX}").exists()
    store.close()


def test_record_ids_are_time_ordered_uuid7_and_random(case: Case, decisions: list[Decision]
                                                      ) -> None:
    """New rows' ids (and a renewed row's) are UUID version 7 in 32 hex digits: later ids
    sort after earlier ones (the id index grows at its end), the leading 48 bits are the
    recording time in ms, and the rest is random (no two alike)."""
    first = prepare(decisions[:1], case).rows[0]
    time.sleep(0.003)
    renewed = prepare(decisions[:1], case).renewed().rows[0]
    for row in (first, renewed):
        parsed = uuid.UUID(row.id)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122 and row.id == parsed.hex
        at = dt.datetime.fromisoformat(row.recorded_at).timestamp() * 1000
        assert abs(int(row.id[:12], 16) - at) <= 2
    assert first.id < renewed.id
    many = {new_record_id() for _ in range(5000)}
    assert len(many) == 5000


def test_the_wal_is_checkpointed_by_hand_outside_the_writers_turn(
        tmp_path: Path, case: Case, decisions: list[Decision],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's automatic checkpoint is off on the store's connection (it ran inside the
    COMMIT, in the writers' turn); once enough bytes were written the store checkpoints
    (PASSIVE) after leaving the turn, and not before."""
    store = SqliteStore(tmp_path / "record.sqlite3")
    assert store._conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    turn = store._turn
    held = [0]  # how deep in the turn

    class Watched:
        def __enter__(self) -> None:
            turn.__enter__()
            held[0] += 1

        def __exit__(self, *exc: object) -> None:
            held[0] -= 1
            turn.__exit__(*exc)

    monkeypatch.setattr(store, "_turn", Watched())
    seen: list[tuple[str, bool]] = []
    store._conn.set_trace_callback(lambda sql: seen.append((sql, held[0] > 0)))
    prepared = prepare(decisions, case)
    store.commit(prepared)
    assert not [s for s in seen if "wal_checkpoint" in s[0]]  # not due yet
    monkeypatch.setattr(record_module, "CHECKPOINT_BYTES", 1)
    store.commit(prepared.renewed())
    checkpoints = [s for s in seen if "wal_checkpoint" in s[0]]
    assert checkpoints == [("PRAGMA wal_checkpoint(PASSIVE)", False)]
    assert any(sql == "COMMIT" and inside for sql, inside in seen)
    store._conn.set_trace_callback(None)
    monkeypatch.setattr(store, "_turn", turn)
    assert store.count() == 4 and store.verify().intact
    store.close()


def test_a_locked_switch_to_wal_is_tried_again_until_the_timeout() -> None:
    """Two processes opening one new record race to switch it to WAL; the loser's switch can
    fail with "database is locked" at once (no busy handler): it is tried again, other errors
    are not, and past the timeout the error stands."""
    calls: list[int] = []

    def twice_locked() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "wal"

    assert record_module._retry_locked(twice_locked) == "wal" and len(calls) == 3

    def broken() -> str:
        calls.append(1)
        raise sqlite3.OperationalError("no such table: x")

    calls.clear()
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        record_module._retry_locked(broken)
    assert len(calls) == 1

    def always_locked() -> str:
        raise sqlite3.OperationalError("database is locked")

    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        record_module._retry_locked(always_locked, seconds=0.05)
    assert time.monotonic() - started < 5
