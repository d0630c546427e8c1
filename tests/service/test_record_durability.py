"""An acknowledged decision survives ``kill -9`` of the service (issue 7, the decision record).

The service is started as a child process on a decision record; client threads ask questions
without pause; once enough answers have been acknowledged, the service is killed with SIGKILL
while requests are still in flight (no shutdown code runs), restarted on the same record, and
killed again under load a second time. Then every acknowledged answer must be in the record,
fetchable by its id, with the outcome and the decision that were replied; the store must open
cleanly and keep working; a sample replays to the same decision. Decisions recorded but never
acknowledged (their reply was lost in the kill) are allowed, and counted.

SQLite always; PostgreSQL when ``KGRULES_TEST_POSTGRES_URL`` is set (``.ci/run`` starts a server
and sets it; without it the PostgreSQL test skips locally and fails in CI).
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from kgrules.examples import example_path
from kgrules.loadtest import Client, Server, request_mix, start_server, without_record_id
from kgrules.record import open_store

CLIENTS = 6
#: Answers acknowledged in each round before the kill.
ACKNOWLEDGED_PER_ROUND = 120
ROUNDS = 2
REPLAY_SAMPLE = 6
TOKEN = secrets.token_urlsafe(16)


@dataclass
class Round:
    acknowledged: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    in_flight_at_kill: int = 0
    lost_replies: int = 0  # requests sent that never got their reply (the kill)


def _bodies() -> list[bytes]:
    example = json.loads(Path(example_path()).read_text(encoding="utf-8"))
    return [json.dumps(r, ensure_ascii=False).encode() for r in request_mix(example)]


def _load_then_kill(server: Server, bodies: list[bytes]) -> Round:
    """Client threads ask without pause; after ACKNOWLEDGED_PER_ROUND replies, SIGKILL at a
    moment when at least one request is in flight."""
    result = Round()
    lock = threading.Lock()
    in_flight = [0]
    stop = threading.Event()
    problems: list[str] = []

    def work(seed: int) -> None:
        client = Client(server.base, TOKEN, timeout=30.0)
        n = seed
        try:
            while not stop.is_set():
                body = bodies[n % len(bodies)]
                n += 1
                with lock:
                    in_flight[0] += 1
                try:
                    status, data = client.request("POST", "/v1/ask", body)
                except (OSError, http.client.HTTPException):
                    with lock:
                        in_flight[0] -= 1
                        result.lost_replies += 1
                    if server.process.poll() is not None:
                        return
                    continue
                with lock:
                    in_flight[0] -= 1
                    if status == 200:
                        answer = json.loads(data)
                        result.acknowledged.append((answer["record_id"], answer))
                    else:
                        problems.append(f"HTTP {status}: {data[:300]!r}")
        finally:
            client.close()

    threads = [threading.Thread(target=work, args=(s * 7,), daemon=True) for s in range(CLIENTS)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 40
    while True:
        with lock:
            enough = len(result.acknowledged) >= ACKNOWLEDGED_PER_ROUND and in_flight[0] > 0
            if enough:
                result.in_flight_at_kill = in_flight[0]
                server.kill()
                break
        assert server.process.poll() is None, server.log_tail()
        assert time.monotonic() < deadline, (len(result.acknowledged), problems[:3])
        time.sleep(0.002)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    assert not problems, problems[:5]
    return result


def _check_record(base: str, acknowledged: list[tuple[str, dict[str, Any]]]) -> int:
    """Fetch every acknowledged answer back by id: the number missing from the record (each one
    found must be the decision replied); a sample must replay the same."""
    client = Client(base, TOKEN)
    missing = 0
    try:
        for record_id, answer in acknowledged:
            status, rec = client.json("GET", f"/v1/decisions/{record_id}")
            if status == 404:
                missing += 1
                continue
            assert status == 200, (record_id, status, rec)
            assert rec["id"] == record_id
            assert rec["outcome"] == answer["outcome"], record_id
            assert without_record_id(rec["decision"]) == without_record_id(answer), record_id
        step = max(1, len(acknowledged) // REPLAY_SAMPLE)
        for record_id, _ in acknowledged[::step][:REPLAY_SAMPLE]:
            status, replay = client.json("GET", f"/v1/decisions/{record_id}/replay")
            assert status == 200, (record_id, status, replay)
            assert replay["same"] is True, replay
        # the store keeps working after the kills: a new answer is recorded
        status, answer = client.json("POST", "/v1/ask", json.loads(_bodies()[0]))
        assert status == 200 and answer["record_id"], answer
        assert client.json("GET", f"/v1/decisions/{answer['record_id']}")[0] == 200
    finally:
        client.close()
    return missing


def _kill_restart_count(record: str, tmp_path: Path) -> dict[str, int]:
    before = _count(record)
    bodies = _bodies()
    rounds: list[Round] = []
    server = start_server(record, tmp_path / "serve.log", token=TOKEN)
    try:
        for _ in range(ROUNDS):
            rounds.append(_load_then_kill(server, bodies))
            server = start_server(record, tmp_path / "serve.log", token=TOKEN)
        acknowledged = [a for r in rounds for a in r.acknowledged]
        assert len({rid for rid, _ in acknowledged}) == len(acknowledged), "a record id given twice"
        recorded = _count(record) - before
        lost = _check_record(server.base, acknowledged)
    finally:
        server.stop()
    figures = {
        "rounds": ROUNDS,
        "acknowledged": len(acknowledged),
        "recorded": recorded,
        "lost": lost,
        "recorded_unacknowledged": recorded - len(acknowledged),
        "in_flight_at_kill": sum(r.in_flight_at_kill for r in rounds),
        "replies_cut_by_kill": sum(r.lost_replies for r in rounds),
    }
    print(f"durability ({record.split(':')[0] if '://' in record else 'sqlite'}): {figures}")
    assert lost == 0, figures
    assert recorded >= len(acknowledged), figures
    # a request in flight at the kill is either recorded (reply lost) or not recorded at all
    assert recorded - len(acknowledged) <= figures["replies_cut_by_kill"], figures
    return figures


def _count(record: str) -> int:
    store = open_store(record)
    try:
        return store.count()
    finally:
        store.close()


def test_sqlite_record_survives_kill_9(tmp_path: Path) -> None:
    record = str(tmp_path / "decisions.sqlite3")
    figures = _kill_restart_count(record, tmp_path)
    assert figures["in_flight_at_kill"] >= ROUNDS, figures
    with sqlite3.connect(record) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh database on the server named by KGRULES_TEST_POSTGRES_URL, dropped afterwards
    (the record refuses DELETE and TRUNCATE, so a database of its own is the clean slate)."""
    url = os.environ.get("KGRULES_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("KGRULES_TEST_POSTGRES_URL is not set in CI (.ci/run starts PostgreSQL)")
        pytest.skip("KGRULES_TEST_POSTGRES_URL is not set")
    import psycopg

    name = f"kgrules_durability_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgresql_record_survives_kill_9(postgres_url: str, tmp_path: Path) -> None:
    figures = _kill_restart_count(postgres_url, tmp_path)
    assert figures["in_flight_at_kill"] >= ROUNDS, figures
    import psycopg

    with psycopg.connect(postgres_url) as conn:
        # every decision's facts are in the record (the foreign key held through the kills)
        orphans = conn.execute("SELECT count(*) FROM kgrules_decisions d LEFT JOIN kgrules_cases c"
                               " ON c.digest = d.case_digest WHERE c.digest IS NULL").fetchone()
        assert orphans == (0,)
