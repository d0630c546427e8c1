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
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
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
from kgrules.record import RecordStore, SqliteStore, open_store
from kgrules.service import (
    AUDIT_PAGE_DEFAULT,
    AUDIT_PAGE_MAX,
    ENV_HEADER_TIMEOUT,
    MAX_HEADER_BYTES,
    HeaderTimeoutProtocol,
    create_app,
)
from kgrules.workers import GENERAL_NICE, WorkerFailure, WorkerPool

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


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RecordStore]:
    """The record on SQLite, then on PostgreSQL: what a bounded request leaves in it."""
    s = open_store(tmp_path / "record.sqlite3" if request.param == "sqlite"
                   else request.getfixturevalue("postgres_url"))
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


def _raw_post(port: int, body: bytes, path: str = "/v1/ask") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"POST " + path.encode() + b" HTTP/1.1\r\nHost: test\r\n"
                 b"Content-Type: application/json\r\n"
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


def _p99(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=100, method="inclusive")[98]


# --- a light ask while heavy ones run: the real service, out of this process -----------------


def _processes(root: int) -> dict[int, int]:
    """The process ``root`` and all its descendants, each with its niceness (from /proc)."""
    children: dict[int, list[tuple[int, int]]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append((int(entry), int(fields[16])))
    found = {root: 0}
    todo = [root]
    while todo:
        for pid, nice in children.get(todo.pop(), []):
            found[pid] = nice
            todo.append(pid)
    return found


def _cpu_ms(pids: Iterable[int]) -> float:
    """CPU time the kernel has charged to these processes' threads (schedstat, nanoseconds)."""
    total = 0
    for pid in pids:
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/schedstat", encoding="ascii") as fh:
                    total += int(fh.read().split()[0])
        except (OSError, ValueError):
            continue
    return total / 1e6


def _cpu_pressure() -> float:
    """The share of the last 10 s in which some runnable task waited for a CPU (Linux PSI),
    as a percentage; from the load average where PSI is missing."""
    try:
        with open("/proc/pressure/cpu", encoding="ascii") as fh:
            some = fh.readline().split()
        return float(some[1].split("=")[1])
    except (OSError, IndexError, ValueError):
        return min(100.0, 100.0 * os.getloadavg()[0] / (os.cpu_count() or 1))


def _server_timing(header: str) -> dict[str, float]:
    out = {}
    for part in header.split(","):
        name, _, dur = part.strip().partition(";dur=")
        out[name] = float(dur)
    return out


@pytest.fixture(params=["sqlite", "postgresql"])
def record_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "record.sqlite3")
    return str(request.getfixturevalue("postgres_url"))


#: The machine has CPU to spare when runnable tasks waited for a CPU less than this share of the
#: time (PSI "some", %); only then is the end-to-end 50 ms asserted (docs/limits.md).
SPARE_CPU_PRESSURE = 40.0
#: Light asks needed while a heavy one runs for the figures to mean anything.
MIN_BUSY_SAMPLES = 100


@pytest.mark.skipif(not os.path.exists("/proc/self/task"),
                    reason="reads processes, niceness and CPU time from Linux's /proc")
def test_light_asks_stay_fast_while_heavy_ones_run_and_gone_clients_stop_their_work(
        record_location: str) -> None:
    """``kgrules serve`` with its default two evaluation workers, in its own process as in
    production: two heavy asks (20,000 records on one meeting, more than the heavy lane's one
    worker can take at once), then light asks one after another.

    Always asserted, whatever else the machine runs: no light ask waits for a worker (the
    Server-Timing ``queue`` part), the light path (the server and the reserved worker) spends no
    more CPU per light ask than without the heavy ones, and nothing stalls. The end-to-end p99
    under 50 ms is asserted when the machine had CPU to spare (CPU pressure under
    SPARE_CPU_PRESSURE %): on a machine whose cores are taken by other jobs, the wait for a
    CPU is the kernel's, not the service's. The figures are printed either way."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kgrules.cli", "serve", "--port", "0", "--record",
         record_location, "--evaluators", "2", "--budget-seconds", "300"],
        # The light asks repeat one body: without the reply cache each reaches a worker.
        env={**os.environ, "KGRULES_REPLY_CACHE": "0"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    heavies: list[socket.socket] = []
    try:
        assert proc.stderr is not None
        port = 0
        for line in proc.stderr:
            if "Uvicorn running on http://127.0.0.1:" in line:
                port = int(line.split("127.0.0.1:")[1].split()[0])
                break
        assert port, "the service did not start"
        threading.Thread(target=proc.stderr.read, daemon=True).start()  # drain the log
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for _ in range(5):
                assert client.post("/v1/ask", json=LIGHT).status_code == 200

            def phase(n: int, running: Callable[[], bool] = lambda: True
                      ) -> tuple[list[float], list[float], float, int]:
                """n light asks (fewer if ``running`` turns false): their wall times, their
                waits for a worker, the light path's CPU per ask, and how many were asked."""
                light = [pid for pid, nice in _processes(proc.pid).items() if nice == 0]
                cpu = _cpu_ms(light)
                walls: list[float] = []
                queues: list[float] = []
                while len(walls) < n and running():
                    start = time.perf_counter()
                    r = client.post("/v1/ask", json=LIGHT)
                    walls.append((time.perf_counter() - start) * 1000)
                    assert r.status_code == 200 and r.json()["outcome"] == "yes", r.text
                    queues.append(_server_timing(r.headers["Server-Timing"])["queue"])
                return walls, queues, (_cpu_ms(light) - cpu) / max(len(walls), 1), len(walls)

            alone, _, cpu_alone, _ = phase(SAMPLES // 2)
            before = _processes(proc.pid)
            general = [pid for pid, nice in before.items() if nice > 0]
            assert len(general) == 1  # the heavy lane: one niced worker; one reserved
            body = heavy_request(20000)
            heavies = [_raw_post(port, body) for _ in range(2)]
            start_cpu = _cpu_ms(general)
            _until(lambda: _cpu_ms(general) > start_cpu + 300, 60)  # the heavy one is evaluating

            def running() -> bool:
                for sock in heavies:
                    sock.setblocking(False)
                    try:
                        sock.recv(1, socket.MSG_PEEK)
                    except BlockingIOError:
                        continue
                    return False  # answered (or closed): not heavy enough any more
                return True

            pressure = _cpu_pressure()
            busy, queues, cpu_busy, n = phase(SAMPLES, running)
            pressure = max(pressure, _cpu_pressure())
            p99 = _p99(busy)
            print(f"light asks alone: median {statistics.median(alone):.1f} ms, p99 "
                  f"{_p99(alone):.1f} ms, CPU {cpu_alone:.1f} ms/ask; while heavy ones run: "
                  f"median {statistics.median(busy):.1f} ms, p99 {p99:.1f} ms, max "
                  f"{max(busy):.1f} ms, queue p99 {_p99(queues):.2f} ms, CPU "
                  f"{cpu_busy:.1f} ms/ask; CPU pressure {pressure:.0f} %")
            # No light ask waited for a worker: the heavy ones hold the heavy lane only.
            assert _p99(queues) < 5, sorted(queues)[-5:]
            # The light path did no heavy work (parsing, rendering, recording it).
            assert cpu_busy < 1.5 * cpu_alone + 1.0, (cpu_alone, cpu_busy)
            # Nothing stalled: a stall would last the heavy asks' whole duration (seconds).
            assert max(busy) < 2000, max(busy)
            assert running(), "a heavy ask finished during the light ones: make it heavier"
            assert n >= MIN_BUSY_SAMPLES
            if pressure < SPARE_CPU_PRESSURE:
                assert p99 < LIGHT_P99_MS, [round(t) for t in busy]
            # The clients go away: the running heavy ask's worker is killed (its work stops)
            # and replaced; the queued one never starts.
            for sock in heavies:
                sock.close()
            _until(lambda: not any(pid in _processes(proc.pid) for pid in general), 30)
            assert not any(_alive(pid) for pid in general)
            _until(lambda: len([p for p, nice in _processes(proc.pid).items() if nice > 0]) == 1,
                   60)
            assert client.post("/v1/ask", json=LIGHT).status_code == 200
        store = open_store(record_location)
        try:  # the heavy asks were never recorded
            assert store.count() == 5 + len(alone) + len(busy) + 1
            assert store.verify().intact
        finally:
            store.close()
    finally:
        for sock in heavies:
            sock.close()
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)


def test_a_request_past_its_budget_is_503_and_the_service_goes_on(any_store: RecordStore) -> None:
    store = any_store
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
        assert r.status_code == 200 and r.json()["outcome"] == "yes", (r.text, r.headers)


def test_typed_errors_come_back_from_the_workers(any_store: RecordStore) -> None:
    store = any_store
    with TestClient(create_app(store=store, evaluators=1)) as client:
        r = client.post("/v1/ask", json={**LIGHT, "arguments": {**LIGHT["arguments"],
                                                                 "meeting": "H2009-Q9"}})
        assert r.status_code == 422 and r.json()["path"] == "arguments.meeting"
        ok = client.post("/v1/ask", json=LIGHT).json()
        replay = client.get(f"/v1/decisions/{ok['record_id']}/replay")
        assert replay.status_code == 200 and replay.json()["same"] is True


# --- audits: one page at a time ----------------------------------------------------------------


def test_audit_answers_and_records_one_page(any_store: RecordStore) -> None:
    store = any_store
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


def test_an_audit_of_a_large_case_is_bounded_and_leaves_the_light_worker_free(
        any_store: RecordStore) -> None:
    """The issue's /v1/audit of a 1.2 MB case (31 s, a 119 MB reply, ~150 MB added to the
    record): now an audit is heavy work, kept off the worker reserved for light asks, stopped
    at its budget (503, nothing recorded), while a light ask is answered meanwhile."""
    case = json.loads(heavy_request(10000))["case"]
    body = json.dumps({"case": case, "year": 2009}).encode()
    assert 1_000_000 < len(body) < 1_500_000
    app = create_app(store=any_store, evaluators=2, budget_seconds=2)
    with Server(app) as server, httpx.Client(base_url=server.url, timeout=60) as client:
        with ThreadPoolExecutor(1) as side:
            started = time.perf_counter()
            audit = side.submit(client.post, "/v1/audit", content=body,
                                headers={"Content-Type": "application/json"})
            time.sleep(0.5)
            light = client.post("/v1/ask", json=LIGHT)  # the reserved worker answers at once
            assert light.status_code == 200 and light.json()["outcome"] == "yes"
            assert not audit.done()
            r = audit.result()
        took = time.perf_counter() - started
        assert r.status_code == 503 and r.json()["error"] == "TooExpensive", r.text[:300]
        assert took < 20, took  # its 2 s budget, a long way from the 31 s before
        _until(lambda: app.state.pool.killed == 1)
    assert any_store.count() == 1  # the light ask only: the audit recorded nothing


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


def _read_all(sock: socket.socket, seconds: float = 5) -> bytes:
    sock.settimeout(seconds)
    reply = b""
    try:
        while chunk := sock.recv(65536):
            reply += chunk
    except TimeoutError:
        pass
    return reply


def test_headers_over_the_limit_are_400_and_closed(store: RecordStore) -> None:
    """httptools keeps headers of any size; the protocol refuses them past MAX_HEADER_BYTES
    (as h11 did), before they are complete, and closes the connection."""
    with Server(create_app(store=store)) as server:
        sock = socket.create_connection(("127.0.0.1", server.port))
        sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: test\r\n"
                     + b"X-Big: " + b"a" * (MAX_HEADER_BYTES + 1) + b"\r\n")
        reply = _read_all(sock)
        sock.close()
        assert reply.startswith(b"HTTP/1.1 400"), reply[:200]
        # just under the limit is answered
        sock = socket.create_connection(("127.0.0.1", server.port))
        sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
                     + b"X-Big: " + b"a" * (MAX_HEADER_BYTES - 200) + b"\r\n\r\n")
        reply = _read_all(sock)
        sock.close()
        assert reply.startswith(b"HTTP/1.1 200"), reply[:200]


def test_pipelined_requests_are_answered_in_order_past_the_header_limit(
        store: RecordStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests pipelined on one connection: each is answered, in order, although the last
    is answered more than the header limit after it arrived (its headers were complete in
    time: the timer is not armed while a request waits)."""
    monkeypatch.setenv(ENV_HEADER_TIMEOUT, "1")
    body = json.dumps(LIGHT).encode()
    one = (b"POST /v1/ask HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
           b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    with Server(create_app(store=store)) as server:
        sock = socket.create_connection(("127.0.0.1", server.port))
        sock.sendall(one * 3 + b"GET /v1/health HTTP/1.1\r\nHost: test\r\n"
                     b"Connection: close\r\n\r\n")
        reply = _read_all(sock, 60)
        sock.close()
    assert reply.count(b"HTTP/1.1 200") == 4, reply[:300]
    assert reply.rstrip().endswith(b'"record":"sqlite"}'), reply[-200:]
    assert store.count() == 3


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


def test_heavy_jobs_never_take_the_reserved_worker() -> None:
    """Two workers: one reserved for light jobs at the service's priority, one general, niced.
    A heavy job waits for the general one even when the reserved one is idle; a light job takes
    the reserved one at once, however many heavy jobs run or wait."""

    async def never() -> None:
        await asyncio.sleep(3600)

    # job(state, payload) = os.getpriority(PRIO_PROCESS, 0): the worker's own niceness.
    niceness = WorkerPool(2, 30.0, int, ("0",))
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    try:
        assert niceness.wait_ready(60) and niceness.reserved == 1
        assert asyncio.run(niceness.run(os.getpriority, 0, never)) == mine
        assert asyncio.run(niceness.run(os.getpriority, 0, never, heavy=True)) == min(
            mine + GENERAL_NICE, 19)
    finally:
        niceness.close()

    # job(state, payload) = threading.Event().wait(seconds): a job of a known duration.
    pool = WorkerPool(2, 30.0, threading.Event)

    async def scenario() -> tuple[dict[str, float], dict[str, float]]:
        first = asyncio.ensure_future(pool.run(threading.Event.wait, 2.0, never, heavy=True))
        await asyncio.sleep(0.3)
        waited: dict[str, float] = {}
        second = asyncio.ensure_future(pool.run(threading.Event.wait, 0.0, never, heavy=True,
                                                timings=waited))
        await asyncio.sleep(0.3)
        light: dict[str, float] = {}
        assert await pool.run(threading.Event.wait, 0.0, never, timings=light) is False
        assert not second.done()  # the heavy one still waits, the reserved worker idle
        assert await first is False and await second is False
        return light, waited

    try:
        assert pool.wait_ready(60)
        light, waited = asyncio.run(scenario())
        assert light["queue"] < 100 and waited["queue"] > 1000, (light, waited)
        assert set(light) == {"queue", "evaluate"}
    finally:
        pool.close()
    with pytest.raises(InputError) as bad:
        WorkerPool(2, 30.0, int, reserved=2)
    assert bad.value.path == "reserved"
