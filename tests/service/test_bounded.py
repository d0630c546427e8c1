"""One request cannot hold the service (issue 13, part 4).

A heavy ask (thousands of records on one meeting: seconds of durable_rules, which never
releases the GIL) runs in an evaluation worker process while light asks keep being answered
fast; a client that disconnects has its work stopped (its worker killed); a request past its
budget is stopped with 503 TooExpensive; audits answer and record one page of findings; slow
headers and slow bodies are timed out. The server runs here on uvicorn, in a thread, with the
same protocol class ``kgrules serve`` uses.
"""

from __future__ import annotations

import asyncio
import json
import operator
import os
import socket
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

import kgrules
from kgrules.errors import InputError
from kgrules.exact import parse_count
from kgrules.record import RecordStore, SqliteStore
from kgrules.service import (
    AUDIT_PAGE_DEFAULT,
    AUDIT_PAGE_MAX,
    ENV_HEADER_TIMEOUT,
    HeaderTimeoutProtocol,
    create_app,
)
from kgrules.workers import WorkerFailure, WorkerPool

LIGHT = {"question": "dieu10.substitute_allowed", "example": "committee-2009",
         "arguments": {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}}
#: The light asks' 99th percentile must stay under this while a heavy one runs (the issue's
#: figure).
LIGHT_P99_MS = 50.0
SAMPLES = 200


def heavy_request(records: int) -> bytes:
    """An ask about a case with ``records`` absence reports on one meeting."""
    case = kgrules.load_example().to_dict()
    case["absence_reports"] += [
        {"id": f"X{i}", "meeting": "H2009-Q3", "member": "P05", "reported_on": "2009-09-25",
         "reported_to": "P02"} for i in range(records)]
    return json.dumps({"question": LIGHT["question"], "case": case,
                       "arguments": LIGHT["arguments"]}).encode()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecordStore]:
    s = SqliteStore(tmp_path / "record.sqlite3")
    yield s
    s.close()


class Server:
    """The app on uvicorn in a thread, on a free loopback port."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(app, http=HeaderTimeoutProtocol, log_level="warning",
                                lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        end = time.monotonic() + 120
        while not self.server.started:
            assert time.monotonic() < end, "the server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.sock.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _raw_post(port: int, body: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                 b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    return sock


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (killed, not yet reaped) is as stopped as a dead one.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ")[1][0] != "Z"
    except OSError:
        return False


def _until(condition: Callable[[], bool], seconds: float = 10) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "not within the time"
        time.sleep(0.02)


def _light_timings(client: httpx.Client, n: int) -> list[float]:
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        r = client.post("/v1/ask", json=LIGHT)
        timings.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200 and r.json()["outcome"] == "yes"
    return timings


def _p99(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=100, method="inclusive")[98]


def test_light_asks_stay_fast_while_a_heavy_one_runs_and_a_gone_client_stops_its_work(
        store: RecordStore) -> None:
    app = create_app(store=store, evaluators=2, budget_seconds=120)
    heavy = heavy_request(12000)
    with Server(app) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        pool = app.state.pool
        for _ in range(5):  # warm both workers (rulesets compiled) and the connection
            assert client.post("/v1/ask", json=LIGHT).status_code == 200
        alone = _light_timings(client, SAMPLES)
        before = set(pool.pids())
        recorded = store.count()
        sock = _raw_post(server.port, heavy)
        time.sleep(1.0)  # the heavy case is parsed and being evaluated in one worker
        timings = _light_timings(client, SAMPLES)
        # The heavy ask is still running: nothing answered it yet.
        sock.setblocking(False)
        with pytest.raises(BlockingIOError):
            sock.recv(1)
        assert pool.killed == 0
        p99 = _p99(timings)
        print(f"light asks alone: median {statistics.median(alone):.1f} ms, p99 "
              f"{_p99(alone):.1f} ms; while a heavy one runs: median "
              f"{statistics.median(timings):.1f} ms, p99 {p99:.1f} ms, max {max(timings):.1f} ms")
        # Under 50 ms; on a machine so busy (other jobs) that light asks alone already miss
        # it, within 50 ms more than three times their own p99 (the heavy ask takes a core): a
        # stall would be seconds, the heavy ask's whole duration.
        assert p99 < LIGHT_P99_MS or p99 < LIGHT_P99_MS + 3 * _p99(alone), [
            round(t) for t in timings]
        # The client goes away: its worker is killed (its work stops) and replaced.
        sock.close()
        _until(lambda: pool.killed == 1)
        stopped = before - set(pool.pids())
        assert len(stopped) == 1
        assert not any(_alive(pid) for pid in stopped)
        assert store.count() == recorded + SAMPLES  # the heavy ask was never recorded
        assert client.post("/v1/ask", json=LIGHT).status_code == 200


def test_a_request_past_its_budget_is_503_and_the_service_goes_on(store: RecordStore) -> None:
    app = create_app(store=store, evaluators=1, budget_seconds=1)
    with TestClient(app) as client:
        start = time.perf_counter()
        r = client.post("/v1/ask", content=heavy_request(20000),
                        headers={"Content-Type": "application/json"})
        took = time.perf_counter() - start
        assert r.status_code == 503, r.text
        assert r.json()["error"] == "TooExpensive" and r.headers["Retry-After"]
        assert took < 10
        _until(lambda: app.state.pool.killed == 1)
        assert store.count() == 0
        # Its replacement is started at once; with a 1 s budget the wait for it is bounded too.
        assert app.state.pool.wait_ready(60)
        r = client.post("/v1/ask", json=LIGHT)  # a fresh worker answers
        assert r.status_code == 200 and r.json()["outcome"] == "yes"


def test_typed_errors_come_back_from_the_workers(store: RecordStore) -> None:
    with TestClient(create_app(store=store, evaluators=1)) as client:
        r = client.post("/v1/ask", json={**LIGHT, "arguments": {**LIGHT["arguments"],
                                                                 "meeting": "H2009-Q9"}})
        assert r.status_code == 422 and r.json()["path"] == "arguments.meeting"
        ok = client.post("/v1/ask", json=LIGHT).json()
        replay = client.get(f"/v1/decisions/{ok['record_id']}/replay")
        assert replay.status_code == 200 and replay.json()["same"] is True


# --- audits: one page at a time ----------------------------------------------------------------


def test_audit_answers_and_records_one_page(store: RecordStore) -> None:
    client = TestClient(create_app(store=store))
    first = client.post("/v1/audit", json={"example": "committee-2009", "year": 2009,
                                           "limit": 10}).json()
    total = first["page"]["total"]
    assert total > 20
    assert first["page"] == {"offset": 0, "limit": 10, "total": total, "next": 10}
    assert len(first["findings"]) == 10 and store.count() == 10
    last = client.post("/v1/audit", json={"example": "committee-2009", "year": 2009,
                                          "offset": total - 3, "limit": 10}).json()
    assert len(last["findings"]) == 3 and last["page"]["next"] is None
    assert store.count() == 13
    whole = client.post("/v1/audit", json={"example": "committee-2009", "year": 2009,
                                           "limit": AUDIT_PAGE_MAX}).json()
    assert [f["id"] for f in whole["findings"][:10]] == [f["id"] for f in first["findings"]]
    assert [f["id"] for f in whole["findings"][-3:]] == [f["id"] for f in last["findings"]]
    assert AUDIT_PAGE_DEFAULT <= AUDIT_PAGE_MAX


@pytest.mark.parametrize("change, path", [
    ({"limit": 0}, "limit"), ({"limit": AUDIT_PAGE_MAX + 1}, "limit"), ({"limit": "10"}, "limit"),
    ({"limit": True}, "limit"), ({"offset": -1}, "offset"), ({"offset": 1.5}, "offset"),
])
def test_bad_page_fields_are_422(store: RecordStore, change: dict[str, Any], path: str) -> None:
    client = TestClient(create_app(store=store))
    r = client.post("/v1/audit", json={"example": "committee-2009", "year": 2009} | change)
    assert r.status_code == 422 and r.json()["path"] == path
    assert store.count() == 0


# --- slow clients ------------------------------------------------------------------------------


def test_slow_headers_are_cut_off(store: RecordStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_HEADER_TIMEOUT, "1")
    with Server(create_app(store=store)) as server:
        sock = socket.create_connection(("127.0.0.1", server.port))
        sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: test\r\n")
        start = time.monotonic()
        closed = False
        while time.monotonic() - start < 5:  # a header line every 0.2 s, never the blank line
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                closed = True
                break
            sock.settimeout(0.2)
            try:
                if sock.recv(1024) == b"":
                    closed = True
                    break
            except TimeoutError:
                pass
        took = time.monotonic() - start
        sock.close()
        assert closed and 0.8 < took < 3, took
        # A client that sends its headers at once is answered, on a kept-alive connection too.
        with httpx.Client(base_url=server.url) as client:
            assert client.get("/v1/health").status_code == 200
            time.sleep(1.5)  # idle longer than the header limit, shorter than keep-alive (5 s)
            assert client.get("/v1/health").status_code == 200


def test_a_slow_body_is_408(store: RecordStore) -> None:
    with Server(create_app(store=store, body_timeout=1)) as server:
        sock = socket.create_connection(("127.0.0.1", server.port))
        sock.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: test\r\nContent-Type: application/json"
                     b"\r\nContent-Length: 1000\r\n\r\n{\"question\": ")
        sock.settimeout(5)
        start = time.monotonic()
        reply = b""
        while chunk := sock.recv(4096):
            reply += chunk
        took = time.monotonic() - start
        sock.close()
        assert reply.startswith(b"HTTP/1.1 408"), reply[:200]
        assert b'"RequestTimeout"' in reply and 0.8 < took < 3
        assert store.count() == 0


@pytest.mark.parametrize("argv, path", [
    (["--budget-seconds", "0"], "--budget-seconds"), (["--header-timeout", "0"], "--header-timeout"),
    (["--body-timeout", "0"], "--body-timeout"),
])
def test_serve_refuses_zero_limits(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                   argv: list[str], path: str) -> None:
    from kgrules import cli, service

    monkeypatch.setattr(service, "_run", lambda *a: pytest.fail("must not start"))
    code = cli.main(["serve", "--record", str(tmp_path / "r.sqlite3"), *argv])
    assert code == 2 and json.loads(capsys.readouterr().err)["path"] == path


def test_serve_passes_its_limits_to_the_workers(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    from kgrules import cli, service

    calls: list[Any] = []
    monkeypatch.setattr(service, "_run", lambda *a: calls.append(a))
    for name in (service.ENV_EVALUATORS, service.ENV_BUDGET, service.ENV_HEADER_TIMEOUT,
                 service.ENV_BODY_TIMEOUT):
        monkeypatch.setenv(name, "1")  # restored (removed) after the test; serve() sets them
    assert cli.main(["serve", "--record", str(tmp_path / "r.sqlite3"), "--evaluators", "3",
                     "--budget-seconds", "7", "--header-timeout", "4",
                     "--body-timeout", "9"]) == 0
    assert calls
    assert [os.environ[n] for n in (service.ENV_EVALUATORS, service.ENV_BUDGET,
                                    service.ENV_HEADER_TIMEOUT, service.ENV_BODY_TIMEOUT)] == [
        "3", "7", "4", "9"]
    assert service.header_timeout() == 4
    app = service.app_from_env()
    assert app.state.pool.size == 3 and app.state.pool.budget_s == 7


# --- the pool itself ---------------------------------------------------------------------------


def test_the_pool_returns_results_reraises_typed_errors_and_reports_bugs() -> None:
    # Jobs are sent by reference, and a test module is not importable in the workers: the
    # jobs here are library functions (the budget and the kill: the tests above).
    pool = WorkerPool(1, 30.0, str, ("ready",))

    async def never() -> None:
        await asyncio.sleep(3600)

    try:
        assert pool.wait_ready(60)
        [pid] = pool.pids()
        assert asyncio.run(pool.run(operator.concat, "!", never)) == "ready!"
        with pytest.raises(InputError) as typed:
            asyncio.run(pool.run(parse_count, "２", never))
        assert typed.value.path == "ready"  # the worker's state, as the path
        with pytest.raises(WorkerFailure) as bug:
            asyncio.run(pool.run(operator.concat, 1, never))
        assert "TypeError" in bug.value.details
        assert asyncio.run(pool.run(operator.concat, "?", never)) == "ready?"
        assert pool.pids() == [pid] and pool.killed == 0  # the same worker went on
    finally:
        pool.close()
    assert not _alive(pid)
