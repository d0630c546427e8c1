"""The load test of the decision service: ``python -m kgrules.loadtest [--quick] [--json FILE]``.

Not part of the test suite. On loopback it starts ``kgrules serve`` on a free port with a fresh
SQLite decision record in a temporary directory (``--record URL`` for PostgreSQL instead, ``--url``
to aim at a service already running), then:

1. computes the answer to each distinct request of a fixed mix (the substitute and the expense
   questions over the shipped example case, by name and as inline ``case`` JSON, with different
   arguments, interpretation readings and both engines) in process, with ``kgrules.ask``;
2. warms up with a serial pass over the mix, compared with those answers (with ``--workers`` above
   1, then 8 connections at once, so that every HTTP process and its evaluation workers are warm);
3. for 1, 8 and 32 concurrent clients (threads, one keep-alive connection each) sends the mix for
   a bounded time, timing each request with ``time.perf_counter``;
4. compares every response under load (minus its ``record_id``) with the serial answer, and
   checks the record holds exactly one decision per acknowledged answer (counted in the store,
   and a sample fetched back by id).

It prints a table (clients, requests, requests/s, p50 and p99 latency, errors, mismatches) and
writes the figures as JSON. Exit status 1 if any request failed, any answer differed or the
record does not match the answers acknowledged; 2 if the service could not be started.
The client threads share the machine with the service, so the figures are a floor.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import http.client
import json
import math
import os
import platform
import pstats
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs

import kgrules
from kgrules.case import Case, parse_json
from kgrules.casecache import canonical_text
from kgrules.catalogue import ask as catalogue_ask
from kgrules.decision import materialise
from kgrules.examples import example_path
from kgrules.oracle import OracleEngine
from kgrules.record import open_store, prepare

LEVELS = (1, 8, 32)
FULL_SECONDS = 6.0
QUICK_SECONDS = 2.0
#: A level stops at this many requests even if its time is not up (bounds memory and time).
MAX_REQUESTS_PER_LEVEL = 50_000
#: Decisions fetched back by id to check the record against the replies.
RECORD_SAMPLE = 50
START_TIMEOUT = 90.0
#: Connections of the warm-up under ``--workers`` above 1 (spread over the HTTP processes).
WARM_CONNECTIONS = 8
#: Bodies made per level for ``--mix new-inline`` (each a case never seen; about 42 kB each).
NEW_CASES_PER_LEVEL = 1500


# --- a minimal HTTP client (standard library: the service extra does not bring httpx) ---------


class Client:
    """One keep-alive HTTP/1.1 connection; reconnects after a failure. Not thread-safe: one per
    thread."""

    def __init__(self, base: str, token: str | None = None, timeout: float = 120.0) -> None:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base!r}")
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.prefix = parts.path.rstrip("/")
        self.timeout = timeout
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self._conn: http.client.HTTPConnection | None = None
        #: the last reply's Server-Timing parts (ms): where the service says its time went
        self.last_timing: dict[str, float] = {}

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
            self._conn = cls(self.host, self.port, timeout=self.timeout)
        return self._conn

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        """Send one request; raises OSError or http.client.HTTPException if it got no reply."""
        conn = self._connection()
        try:
            conn.request(method, self.prefix + path, body=body, headers=self.headers)
            response = conn.getresponse()
            self.last_timing = server_timing(response.getheader("Server-Timing") or "")
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def json(self, method: str, path: str, payload: object = None) -> tuple[int, Any]:
        body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        status, data = self.request(method, path, body)
        return status, json.loads(data) if data else None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def server_timing(header: str) -> dict[str, float]:
    """The ``name;dur=ms`` parts of a Server-Timing header."""
    out: dict[str, float] = {}
    for part in header.split(","):
        name, _, dur = part.strip().partition(";dur=")
        try:
            out[name] = float(dur)
        except ValueError:
            continue
    return out


# --- starting and stopping the service --------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    """A ``kgrules serve`` child process, in a session of its own so that a kill reaches any
    worker processes it started too."""

    process: subprocess.Popen[bytes]
    base: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL to the whole process group: no shutdown code runs."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM (uvicorn shuts down gracefully), then SIGKILL if it takes too long."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                self.kill()


def start_server(
    record: str,
    log: Path,
    *,
    token: str | None = None,
    port: int | None = None,
    extra: Sequence[str] = (),
    timeout: float = START_TIMEOUT,
    environment: Mapping[str, str] | None = None,
    source: Path | None = None,
    python: str | None = None,
) -> Server:
    """Start ``kgrules serve`` on loopback and wait until ``/v1/health`` answers; with
    ``source``, the kgrules of that source tree (another version, for a before/after run), run
    by ``python`` when given (an environment with that version's own dependencies)."""
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if k != "KGRULES_TOKEN"}
    env.update(environment or {})
    if token:
        env["KGRULES_TOKEN"] = token
    if source is not None:
        env["PYTHONPATH"] = str(source)
    cmd = [python or sys.executable, "-m", "kgrules.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--record", record, *extra]
    with log.open("ab") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True, cwd=source)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    client = Client(server.base, timeout=5.0)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"kgrules serve exited with {process.returncode}:\n"
                                   f"{server.log_tail()}")
            try:
                status, _ = client.request("GET", "/v1/health")
                if status == 200:
                    return server
            except (OSError, http.client.HTTPException):
                pass
            if time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"kgrules serve did not answer within {timeout:.0f} s:\n"
                                   f"{server.log_tail()}")
            time.sleep(0.1)
    finally:
        client.close()


def _stat(path: str) -> list[str] | None:
    """The fields of a /proc stat file after the command's name (field 3 onwards)."""
    try:
        with open(path, encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(") ", 1)[1].split()
    except (OSError, IndexError):
        return None


def cpu_seconds(session: int, supervised: bool = False) -> dict[str, float]:
    """CPU seconds (user + system) used so far by the processes of a session (Linux /proc): the
    HTTP process (the session leader; with ``supervised``, ``--workers`` above 1, the leader is
    uvicorn's supervisor and the HTTP processes are its children, all counted here: uvicorn,
    the endpoints, the record's commits), split into their main threads (the event loop: HTTP,
    the gate, the reply cache, the replies' writes) and their other threads (the committing
    thread, mostly; the threads handing jobs to the workers), and the other processes (the
    evaluation workers and their fork servers); empty where /proc is missing."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    out = {"http process": 0.0, "http event loop": 0.0, "http other threads": 0.0,
           "evaluation workers": 0.0}
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return {}
    for entry in entries:
        fields = _stat(f"/proc/{entry}/stat")
        if fields is None or int(fields[3]) != session:  # field 6 of stat: the session id
            continue
        used = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        http = int(entry) == session or (supervised and int(fields[1]) == session)  # ppid
        if not http:
            out["evaluation workers"] += used
            continue
        out["http process"] += used
        main = _stat(f"/proc/{entry}/task/{entry}/stat")
        if main is not None:
            loop = (int(main[11]) + int(main[12])) / tick
            out["http event loop"] += loop
            out["http other threads"] += used - loop
    return out


# --- the request mix and its serial answers ---------------------------------------------------


def request_mix(example: Mapping[str, Any], name: str = "committee-2009") -> list[dict[str, Any]]:
    """The distinct requests: derived from the example's own records (its consents and
    expenditures), so the mix follows the example if it changes."""
    subs = [(c["meeting"], c["member"], c["substitute"]) for c in example["consents"]]
    # a substitute without any consent: the rules must say no, not fail
    first = example["absence_reports"][0]
    subs.append((first["meeting"], first["member"], example["consents"][-1]["substitute"]))
    spent = [e["id"] for e in example["expenditures"] if e.get("id")]
    out: list[dict[str, Any]] = []
    for meeting, member, substitute in subs:
        args = {"meeting": meeting, "member": member, "substitute": substitute}
        out.append({"question": "dieu10.substitute_allowed", "example": name, "arguments": args})
        out.append({"question": "dieu10.substitute_allowed", "example": name, "arguments": args,
                    "interpretations": {"consent_by_deputy": "head_only"}})
    for expenditure in spent:
        out.append({"question": "dieu12.expense_authorised", "example": name,
                    "arguments": {"expenditure": expenditure}})
    for expenditure in spent[::4]:
        out.append({"question": "dieu12.expense_authorised", "example": name,
                    "arguments": {"expenditure": expenditure},
                    "interpretations": {"standing_office": "standing_deputy_or_agency_head"}})
    # inline cases (the whole document parsed and checked on every request), and the oracle
    inline = dict(example)
    out.append({"question": "dieu10.substitute_allowed", "case": inline,
                "arguments": {"meeting": subs[1][0], "member": subs[1][1], "substitute": subs[1][2]}})
    out.append({"question": "dieu12.expense_authorised", "case": inline,
                "arguments": {"expenditure": spent[0]}})
    out.append({"question": "dieu12.expense_authorised", "case": inline,
                "arguments": {"expenditure": spent[-1]}, "engine": "oracle"})
    out.append({"question": "dieu10.substitute_allowed", "example": name, "engine": "oracle",
                "arguments": {"meeting": subs[0][0], "member": subs[0][1], "substitute": subs[0][2]}})
    return out


#: Which requests of the mix a run sends (``--mix``).
MIXES = ("all", "example", "inline", "new-inline")


def select(mix: Sequence[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """The requests of one kind: about a shipped example by name, or with the case inline
    (``inline``: the same few cases again, so a cache may know them; ``new-inline``: the same
    requests, each sent with a case never seen before, see :func:`fresh_bodies`)."""
    if kind == "all":
        return list(mix)
    if kind == "example":
        return [r for r in mix if "example" in r]
    return [r for r in mix if "case" in r]


def fresh_bodies(mix: Sequence[Mapping[str, Any]], count: int, tag: str) -> tuple[
        list[bytes], list[int]]:
    """``count`` bodies cycling through the inline requests of ``mix``, each with a case of its
    own (its name numbered: the same facts otherwise, so the same answer, but a new digest for
    the service: parsed, checked, answered and its body stored as a new case); and the index in
    ``mix`` of the request each one repeats."""
    inline = [n for n, r in enumerate(mix) if "case" in r]
    bodies, indexes = [], []
    for k in range(count):
        n = inline[k % len(inline)]
        req = dict(mix[n])
        req["case"] = {**req["case"], "name": f"{req['case'].get('name', 'case')} ({tag} {k})"}
        bodies.append(json.dumps(req, ensure_ascii=False).encode())
        indexes.append(n)
    return bodies, indexes


def serial_answers(mix: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each request answered in process by the library, as JSON would carry it."""

    examples: dict[str, Any] = {}
    answers = []
    for req in mix:
        if "case" in req:
            case = Case.from_dict(req["case"])
        else:
            name = req["example"]
            case = examples.setdefault(name, kgrules.load_example(name))
        engine = OracleEngine() if req.get("engine") == "oracle" else None
        d = kgrules.ask(req["question"], case, interpretations=req.get("interpretations"),
                        engine=engine, **req["arguments"])
        answers.append(json.loads(json.dumps(d.to_dict(), ensure_ascii=False)))
    return answers


def without_record_id(answer: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k != "record_id"}


# --- running a level --------------------------------------------------------------------------


@dataclass
class Reply:
    index: int  # which request of the mix
    status: int
    body: bytes
    seconds: float
    timing: dict[str, float] = field(default_factory=dict)


@dataclass
class Level:
    clients: int
    replies: list[Reply] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # no reply at all
    elapsed: float = 0.0


def run_level(base: str, token: str | None, bodies: Sequence[bytes], clients: int,
              seconds: float, max_requests: int = MAX_REQUESTS_PER_LEVEL,
              disjoint: bool = False) -> Level:
    """``clients`` threads, each on its own connection, send the mix (each starting at a
    different place, in a shuffled order) until the time or the request budget is spent; with
    ``disjoint``, each client sends its own share of the bodies once (never a body another
    client sent: new cases stay new)."""
    level = Level(clients)
    lock = threading.Lock()
    budget = [max_requests]
    start_gate = threading.Barrier(clients + 1)

    def work(seed: int) -> None:
        client = Client(base, token)
        order = list(range(seed, len(bodies), clients)) if disjoint else list(range(len(bodies)))
        if not disjoint:
            random.Random(seed).shuffle(order)
        mine: list[Reply] = []
        failed: list[str] = []
        start_gate.wait()
        n = 0
        try:
            while time.perf_counter() < deadline:
                with lock:
                    if budget[0] <= 0:
                        break
                    budget[0] -= 1
                if disjoint and n >= len(order):
                    break
                index = order[n % len(order)]
                n += 1
                t0 = time.perf_counter()
                try:
                    status, body = client.request("POST", "/v1/ask", bodies[index])
                except (OSError, http.client.HTTPException) as exc:
                    failed.append(f"{type(exc).__name__}: {exc}")
                    continue
                mine.append(Reply(index, status, body, time.perf_counter() - t0,
                                  client.last_timing))
        finally:
            client.close()
            with lock:
                level.replies.extend(mine)
                level.failures.extend(failed)

    threads = [threading.Thread(target=work, args=(seed,), daemon=True) for seed in range(clients)]
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    deadline = t0 + seconds
    start_gate.wait()
    for t in threads:
        t.join()
    level.elapsed = time.perf_counter() - t0
    return level


def _by_kind(replies: Sequence[Reply], mix: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """p50/p99 per kind of request: a named example case, or the whole case inline (parsed and
    checked on every request)."""
    kinds: dict[str, list[float]] = {}
    for r in replies:
        kind = "inline case" if "case" in mix[r.index] else "example"
        kinds.setdefault(kind, []).append(r.seconds * 1000)
    return {k: {"requests": len(v), "p50_ms": round(percentile(v, 50), 2),
                "p99_ms": round(percentile(v, 99), 2)} for k, v in sorted(kinds.items())}


def _timings(replies: Sequence[Reply]) -> dict[str, Any]:
    """p50/p99 of each Server-Timing part over the replies that carry it (``cache``: a reply
    from the service's reply cache; ``queue``, ``evaluate``: waiting for and in a worker;
    ``record``: the group commit), with how many replies carried it."""
    parts: dict[str, list[float]] = {}
    for r in replies:
        for name, ms in r.timing.items():
            parts.setdefault(name, []).append(ms)
    return {k: {"replies": len(v), "p50_ms": round(percentile(v, 50), 2),
                "p99_ms": round(percentile(v, 99), 2)} for k, v in sorted(parts.items())}


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass
class Check:
    """What the replies of a run say: acknowledged answers, errors, mismatches."""

    acknowledged: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)


def check_replies(replies: Sequence[Reply], failures: Sequence[str], mix: Sequence[Mapping[str, Any]],
                  expected: Sequence[Mapping[str, Any]], where: str) -> Check:
    out = Check(errors=[f"{where}: no reply: {f}" for f in failures])
    for r in replies:
        if r.status != 200:
            out.errors.append(f"{where}: HTTP {r.status} for request {r.index}: {r.body[:300]!r}")
            continue
        try:
            answer = json.loads(r.body)
        except ValueError:
            out.errors.append(f"{where}: reply to request {r.index} is not JSON: {r.body[:300]!r}")
            continue
        record_id = answer.get("record_id")
        if not isinstance(record_id, str) or not record_id:
            out.errors.append(f"{where}: reply to request {r.index} has no record_id")
        else:
            out.acknowledged.append((record_id, r.index, answer))
        if without_record_id(answer) != expected[r.index]:
            req = mix[r.index]
            out.mismatches.append(
                f"{where}: request {r.index} ({req['question']} {req['arguments']}): "
                f"{answer.get('outcome')!r}, serially {expected[r.index].get('outcome')!r}"
                + _first_difference(without_record_id(answer), expected[r.index]))
    return out


def _first_difference(got: Any, want: Any, path: str = "$") -> str:
    if isinstance(got, dict) and isinstance(want, dict):
        for key in sorted(set(got) | set(want)):
            if got.get(key) != want.get(key):
                return _first_difference(got.get(key), want.get(key), f"{path}.{key}")
    if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        for n, (g, w) in enumerate(zip(got, want, strict=True)):
            if g != w:
                return _first_difference(g, w, f"{path}[{n}]")
    return f"; first difference at {path}: {str(got)[:120]!r} != {str(want)[:120]!r}"


# --- the record -------------------------------------------------------------------------------


#: Syncs timed by :func:`disk_syncs` before each level.
SYNC_PROBES = 40


def disk_syncs(directory: Path, count: int = SYNC_PROBES) -> dict[str, float]:
    """p50/p99 of ``count`` syncs to disk of a 4 KiB write in ``directory`` (a file of its own,
    removed after): what one durable commit of the record waits for at least, measured in the
    same run as the load (a SQLite record syncs its WAL once per group commit)."""
    path = directory / f".kgrules-sync-probe-{os.getpid()}"
    times = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for _ in range(count):
            t0 = time.perf_counter()
            os.write(fd, b"\0" * 4096)
            os.fsync(fd)
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)
    return {"p50_ms": round(percentile(times, 50), 2), "p99_ms": round(percentile(times, 99), 2)}


def _sqlite_directory(record: str | None) -> Path | None:
    if record is None or ("://" in record and not record.startswith("sqlite:")):
        return None
    path = Path(record.removeprefix("sqlite://")) if record.startswith("sqlite:") else Path(record)
    return path.parent if path.parent.is_dir() else None


def count_records(record: str) -> int:
    store = open_store(record)
    try:
        return store.count()
    finally:
        store.close()


def sample_record(base: str, token: str | None,
                  acknowledged: Sequence[tuple[str, int, dict[str, Any]]], size: int,
                  seed: int = 7) -> list[str]:
    """Fetch a sample of acknowledged decisions back by id; the problems found."""
    problems: list[str] = []
    client = Client(base, token)
    try:
        picked = random.Random(seed).sample(list(acknowledged), min(size, len(acknowledged)))
        for record_id, _, answer in picked:
            status, rec = client.json("GET", f"/v1/decisions/{record_id}")
            if status != 200:
                problems.append(f"GET /v1/decisions/{record_id}: HTTP {status}")
            elif rec.get("outcome") != answer["outcome"] or (
                    without_record_id(rec.get("decision") or {}) != without_record_id(answer)):
                problems.append(f"record {record_id} differs from the reply it acknowledged")
    finally:
        client.close()
    return problems


# --- in process: where an ask's time goes, and what building the decision costs ---------------


def _median_us(samples: Sequence[float]) -> float:
    return sorted(samples)[len(samples) // 2] * 1e6


def print_phases(example: Mapping[str, Any], repeats: int = 30) -> None:
    """An ask's phases as the service runs them, timed in process (medians): the body parsed
    (JSON), the case checked (``Case.from_dict``; skipped for a named example or a case the
    cache knows, which costs its canonical text and hash instead), the question answered
    (``ask``, counterfactuals included; skipped when the answer is cached), the decision
    recorded (rows prepared, then one commit each, or eight per commit as the group commit
    does under load) and the reply written (JSON). HTTP and the worker's pipe are the rest of
    a request's latency."""
    case = kgrules.load_example()
    mix = request_mix(example)
    kinds = {
        "substitute, example": next(r for r in mix if "example" in r
                                    and r["question"] == "dieu10.substitute_allowed"),
        "expense, example": next(r for r in mix if "example" in r
                                 and r["question"] == "dieu12.expense_authorised"),
        "expense, inline": next(r for r in mix if "case" in r
                                and r["question"] == "dieu12.expense_authorised"),
    }
    with tempfile.TemporaryDirectory(prefix="kgrules-phases-") as tmp:
        store = open_store(str(Path(tmp) / "record.sqlite3"))
        try:
            rows = []
            for label, req in kinds.items():
                body = json.dumps(req, ensure_ascii=False).encode()
                times: dict[str, list[float]] = {k: [] for k in (
                    "parse", "validate", "cache key", "evaluate", "record 1/commit",
                    "record 8/commit", "reply")}
                for _ in range(repeats):
                    t0 = time.perf_counter()
                    obj = parse_json(body.decode("utf-8"), [])
                    t1 = time.perf_counter()
                    if "case" in obj:
                        asked_about = Case.from_dict(obj["case"])
                    else:
                        asked_about = case
                    t2 = time.perf_counter()
                    if "case" in obj:
                        hashlib.sha256(canonical_text(obj["case"]).encode("ascii")).hexdigest()
                    t3 = time.perf_counter()
                    decision = materialise(kgrules.ask(obj["question"], asked_about,
                                                       **obj["arguments"]))
                    t4 = time.perf_counter()
                    prepared = prepare([decision], asked_about, source="loadtest")
                    store.commit(prepared)
                    t5 = time.perf_counter()
                    store.commit(prepare([decision] * 8, asked_about, source="loadtest"))
                    t6 = time.perf_counter()
                    reply = attrs.evolve(decision, record_id=prepared.rows[0].id).to_dict()
                    json.dumps(reply, ensure_ascii=False, separators=(",", ":")).encode()
                    t7 = time.perf_counter()
                    for key, value in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4,
                                                  (t6 - t5) / 8, t7 - t6), strict=True):
                        times[key].append(value)
                rows.append((label, {k: _median_us(v) for k, v in times.items()}))
        finally:
            store.close()
    names = list(rows[0][1])
    print("in-process phases of one ask, medians in µs; below, each phase's share of parse + "
          "validate + evaluate + record 1/commit + reply")
    print("kind".ljust(22) + "".join(n.rjust(17) for n in names))
    for label, t in rows:
        print(label.ljust(22) + "".join(f"{t[n]:17.0f}" for n in names))
    for label, t in rows:
        new = t["parse"] + t["validate"] + t["evaluate"] + t["record 1/commit"] + t["reply"]
        parts = ", ".join(f"{n} {t[n] / new:.0%}" for n in ("parse", "validate", "evaluate",
                                                             "record 1/commit", "reply"))
        print(f"  {label}, nothing cached (an example is parsed once per process): {parts}")


def print_decision_share(calls: int = 300) -> None:
    """The share of ``ask``'s time (cProfile) spent building the decision (``decide``, naming
    the records, rendering the explanations) for the two flagships on the shipped example,
    explanations rendered at once (as before issue 14: ``materialise`` right after deciding)
    and lazily (nothing read), with and without the counterfactual search."""
    case = kgrules.load_example()
    flagships: tuple[tuple[str, dict[str, Any]], ...] = (
                 ("dieu10.substitute_allowed", {"meeting": "H2009-Q3", "member": "P05",
                                                "substitute": "S03"}),
                 ("dieu12.expense_authorised", {"expenditure": "CHI-07"}))
    print("share of a question's time spent building its decision (cProfile, "
          f"{calls} calls each)")
    for qid, arguments in flagships:
        for search in (True, False):
            shares = []
            for eager in (True, False):
                def one(qid: str = qid, arguments: Mapping[str, Any] = arguments,
                        search: bool = search, eager: bool = eager) -> None:
                    d = catalogue_ask(qid, case, counterfactuals=search, **arguments)
                    if eager:
                        materialise(d)

                for _ in range(20):
                    one()
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(calls):
                    one()
                profile.disable()
                stats = pstats.Stats(profile)
                total = stats.total_tt  # type: ignore[attr-defined]  # (undeclared in typeshed)
                spent = sum(v[3] for (f, _l, fn), v in stats.stats.items()  # type: ignore[attr-defined]
                            if (fn, Path(f).name) in (("decide", "decision.py"),
                                                      ("name_records", "naming.py"),
                                                      ("materialise", "decision.py")))
                shares.append(spent / total)
            print(f"  {qid} ({'with' if search else 'without'} counterfactuals): "
                  f"eager {shares[0]:.1%}, lazy {shares[1]:.1%}")


# --- the command ------------------------------------------------------------------------------


def _row(cells: Sequence[object], widths: Sequence[int]) -> str:
    return "  ".join(str(c).rjust(w) for c, w in zip(cells, widths, strict=True))


def main(argv: Sequence[str] | None = None) -> int:
    doc = (__doc__ or "").split("\n\n")[0]
    p = argparse.ArgumentParser(prog="python -m kgrules.loadtest", description=doc)
    p.add_argument("--quick", action="store_true",
                   help=f"{QUICK_SECONDS:g} s per level instead of {FULL_SECONDS:g}")
    p.add_argument("--seconds", type=float, help="seconds per level")
    p.add_argument("--levels", default=",".join(map(str, LEVELS)),
                   help="numbers of concurrent clients, comma-separated (default: 1,8,32)")
    p.add_argument("--mix", choices=MIXES, default="all",
                   help="the requests sent: all, those naming the example, those with the case "
                   "inline (the same cases again), or new-inline (each with a case never seen)")
    p.add_argument("--record", metavar="URL",
                   help="the decision record for the started service (default: a fresh SQLite "
                   "file in a temporary directory), e.g. postgresql://user@host:port/db")
    p.add_argument("--url", help="aim at a service already running at this base URL instead "
                   "(its token from $KGRULES_TOKEN)")
    p.add_argument("--workers", type=int, help="passed to kgrules serve --workers")
    p.add_argument("--evaluators", type=int, help="passed to kgrules serve --evaluators")
    p.add_argument("--no-access-log", action="store_true",
                   help="start kgrules serve from this tree with --no-access-log (not the "
                   "--baseline one, which may not know it)")
    p.add_argument("--no-caches", action="store_true",
                   help="start the service with its case, answer and reply caches off "
                   "(KGRULES_CASE_CACHE=0, KGRULES_ANSWER_CACHE=0, KGRULES_REPLY_CACHE=0)")
    p.add_argument("--baseline", metavar="DIR", type=Path,
                   help="first run the same load against kgrules serve started from this source "
                   "tree (e.g. git archive m12 | tar -x -C DIR): before and after in one run")
    p.add_argument("--baseline-python", metavar="PYTHON",
                   help="the interpreter running the --baseline service (a virtual environment "
                   "with that version's own dependencies; default: this one)")
    p.add_argument("--phases", action="store_true",
                   help="instead: where an ask's time goes in process (parse, validate, "
                   "evaluate, record, reply), per kind of request")
    p.add_argument("--decision-share", action="store_true",
                   help="instead: the share of a flagship question's time spent building its "
                   "decision, explanations rendered eagerly and lazily (cProfile)")
    p.add_argument("--json", default="loadtest.json", metavar="FILE", help="where to write the JSON")
    args = p.parse_args(argv)
    seconds = args.seconds or (QUICK_SECONDS if args.quick else FULL_SECONDS)
    levels = [int(n) for n in args.levels.split(",") if n.strip()]

    example = json.loads(Path(example_path()).read_text(encoding="utf-8"))
    if args.decision_share:
        print_decision_share()
        return 0
    if args.phases:
        print_phases(example)
        return 0
    full = request_mix(example)
    mix = select(full, args.mix)
    t = time.perf_counter()
    expected = serial_answers(mix)
    print(f"{len(mix)} distinct requests ({args.mix}), answered serially in process in "
          f"{time.perf_counter() - t:.1f} s")
    if args.url:
        target = Target("given", args.url.rstrip("/"), os.environ.get("KGRULES_TOKEN") or None,
                        args.record, None)
        report = _run(args, target, mix, expected, levels, seconds)
        return _finish(args, [report])
    runs = [("before", args.baseline)] if args.baseline else []
    runs.append(("after" if args.baseline else "this", None))
    reports = []
    for label, source in runs:
        with tempfile.TemporaryDirectory(prefix="kgrules-loadtest-") as tmp:
            record = args.record or str(Path(tmp) / "decisions.sqlite3")
            token = secrets.token_urlsafe(24)
            extra = ["--workers", str(args.workers)] if args.workers else []
            if args.evaluators is not None:
                extra += ["--evaluators", str(args.evaluators)]
            if args.no_access_log and source is None:
                extra.append("--no-access-log")
            env = ({"KGRULES_CASE_CACHE": "0", "KGRULES_ANSWER_CACHE": "0",
                    "KGRULES_REPLY_CACHE": "0"} if args.no_caches else {})
            try:
                server = start_server(record, Path(tmp) / "serve.log", token=token, extra=extra,
                                      environment=env, source=source,
                                      python=args.baseline_python if source else None)
            except RuntimeError as exc:
                print(exc, file=sys.stderr)
                return 2
            print(f"--- {label}: kgrules serve from {source or 'this tree'}")
            try:
                reports.append(_run(args, Target(label, server.base, token, record, server),
                                    mix, expected, levels, seconds))
            finally:
                server.stop()
    return _finish(args, reports)


@dataclass
class Target:
    label: str
    base: str
    token: str | None
    record: str | None
    server: Server | None


def _finish(args: argparse.Namespace, reports: list[dict[str, Any]]) -> int:
    if len(reports) == 2:
        print("after / before (same run):")
        for before, after in zip(reports[0]["levels"], reports[1]["levels"], strict=True):
            print(f"  {after['clients']} clients: requests/s ×{_ratio(after['rps'], before['rps'])}"
                  f", p50 ×{_ratio(after['p50_ms'], before['p50_ms'])}"
                  f", p99 ×{_ratio(after['p99_ms'], before['p99_ms'])}")
    out = reports[0] if len(reports) == 1 else {"runs": reports}
    Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n",
                               encoding="utf-8")
    print(f"wrote {args.json}")
    return 0 if all(r["ok"] for r in reports) else 1


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "—"


def _run(args: argparse.Namespace, target: Target, mix: Sequence[Mapping[str, Any]],
         expected: Sequence[Mapping[str, Any]], levels: Sequence[int],
         seconds: float) -> dict[str, Any]:
    base, token, record = target.base, target.token, target.record
    client = Client(base, token)
    status, health = client.json("GET", "/v1/health")
    client.close()
    print(f"service {base}: {health}")
    before = count_records(record) if record else None
    new = args.mix == "new-inline"
    plain = [json.dumps(r, ensure_ascii=False).encode() for r in mix]

    def bodies_for(tag: str, count: int) -> tuple[list[bytes], list[Mapping[str, Any]],
                                                  list[Mapping[str, Any]]]:
        if not new:
            return plain, list(mix), list(expected)
        bodies, indexes = fresh_bodies(mix, count, f"{target.label} {tag}")
        return bodies, [mix[n] for n in indexes], [expected[n] for n in indexes]

    # warm-up: a serial pass over the mix, twice (the first compiles the rulesets)
    bodies, sent, wanted = bodies_for("warm-up", 2 * len(mix))
    serial = run_level(base, token, bodies, 1, math.inf, max_requests=2 * len(bodies),
                       disjoint=new)
    checks = [check_replies(serial.replies, serial.failures, sent, wanted, "serial")]
    if args.workers and args.workers > 1 and not new:
        # One connection reaches one HTTP process: the others' evaluation processes would
        # compile the rulesets during the first level (0.5-1.7 s each, ~0.8 % of a level's
        # replies, so its p99). WARM_CONNECTIONS connections each send every request once.
        spread = run_level(base, token, bodies, WARM_CONNECTIONS, math.inf,
                           max_requests=WARM_CONNECTIONS * len(bodies))
        checks.append(check_replies(spread.replies, spread.failures, sent, wanted, "warm-up"))
    results: list[dict[str, Any]] = []
    widths = (7, 8, 9, 8, 8, 6, 10)
    print(_row(("clients", "requests", "req/s", "p50 ms", "p99 ms", "errors", "mismatches"), widths))
    for clients in levels:
        bodies, sent, wanted = bodies_for(f"{clients} clients", NEW_CASES_PER_LEVEL)
        session = target.server.pid if target.server is not None else None
        where = _sqlite_directory(record)
        syncs = disk_syncs(where) if where is not None else None
        supervised = bool(args.workers and args.workers > 1)
        cpu0 = cpu_seconds(session, supervised) if session is not None else {}
        own0 = time.process_time()
        level = run_level(base, token, bodies, clients, seconds, disjoint=new)
        own = time.process_time() - own0
        cpu1 = cpu_seconds(session, supervised) if session is not None else {}
        check = check_replies(level.replies, level.failures, sent, wanted, f"{clients} clients")
        checks.append(check)
        latencies = [r.seconds * 1000 for r in level.replies]
        row: dict[str, Any] = {
            "clients": clients,
            "requests": len(level.replies) + len(level.failures),
            "seconds": round(level.elapsed, 3),
            "rps": round(len(level.replies) / level.elapsed, 1) if level.elapsed else 0.0,
            "p50_ms": round(percentile(latencies, 50), 2),
            "p99_ms": round(percentile(latencies, 99), 2),
            "errors": len(check.errors),
            "mismatches": len(check.mismatches),
            "by_kind": _by_kind(level.replies, sent),
            "server_timing_ms": _timings(level.replies),
            "disk_sync_ms": syncs,
        }
        if level.replies and cpu1:
            # Where the CPU went, per answered request (the clients are this process's threads).
            spent = {k: cpu1[k] - cpu0.get(k, 0.0) for k in cpu1} | {"load clients": own}
            row["cpu_us_per_request"] = {k: round(v / len(level.replies) * 1e6)
                                         for k, v in spent.items()}
        results.append(row)
        print(_row([row[k] for k in ("clients", "requests", "rps", "p50_ms", "p99_ms", "errors",
                                     "mismatches")], widths), flush=True)
        if syncs is not None:
            print(f"         disk sync in the record's directory, just before (ms): p50 "
                  f"{syncs['p50_ms']}, p99 {syncs['p99_ms']}", flush=True)
        if row["server_timing_ms"]:
            print("         Server-Timing p50/p99 (ms): " + ", ".join(
                f"{k} {v['p50_ms']}/{v['p99_ms']} ({v['replies']})"
                for k, v in row["server_timing_ms"].items()), flush=True)
        if "cpu_us_per_request" in row:
            print("         CPU per request (µs): " + ", ".join(
                f"{k} {v}" for k, v in row["cpu_us_per_request"].items()), flush=True)

    acknowledged = [a for c in checks for a in c.acknowledged]
    errors = [e for c in checks for e in c.errors]
    mismatches = [m for c in checks for m in c.mismatches]
    problems = sample_record(base, token, acknowledged, RECORD_SAMPLE)
    ids = [a[0] for a in acknowledged]
    if len(set(ids)) != len(ids):
        problems.append(f"{len(ids) - len(set(ids))} record ids were given to more than one reply")
    recorded = None
    if record is not None and before is not None:
        recorded = count_records(record) - before
        if recorded != len(acknowledged):
            problems.append(f"the record gained {recorded} decisions for {len(acknowledged)} "
                            "acknowledged answers")
    for line in (errors[:10] + mismatches[:20] + problems[:10]):
        print("  " + line)
    print(f"record: {len(acknowledged)} answers acknowledged, "
          + (f"{recorded} decisions recorded, " if recorded is not None else "not counted (no --record), ")
          + f"{min(RECORD_SAMPLE, len(acknowledged))} fetched back by id: "
          + ("ok" if not problems else f"{len(problems)} problems"))
    return {
        "label": target.label,
        "service": base if target.server is None else "started: kgrules serve on loopback",
        "health": health,
        "record": "sqlite (fresh, temporary)" if target.server is not None and not args.record
        else (record or "not given"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(),
                    "load_average": list(os.getloadavg())},
        "mix": args.mix,
        "caches": not args.no_caches,
        "access_log": not (args.no_access_log and target.label in ("this", "after")),
        "seconds_per_level": seconds,
        "distinct_requests": len(mix),
        "levels": results,
        "acknowledged": len(acknowledged),
        "recorded": recorded,
        "errors": errors,
        "mismatches": mismatches,
        "record_problems": problems,
        "ok": status == 200 and not errors and not mismatches and not problems
        and bool(acknowledged),
    }


if __name__ == "__main__":
    raise SystemExit(main())
