"""The service's throughput levers (issue 14, item 5) keep every byte and every record.

A response's head and body leave in one socket write (:class:`OneWriteTransport`): the bytes
and their order are those uvicorn wrote, nothing is held past the callback that wrote it, and
closing writes what is held first. ``kgrules serve --no-access-log`` drops uvicorn's line per
request. A commit of asks waits, briefly, for as many asks as were in flight when the previous
one ended, and a lone client never waits.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from kgrules import cli, service
from kgrules.loadtest import cpu_seconds
from kgrules.service import ONE_WRITE_BYTES, OneWriteTransport, _Committer


class FakeTransport(asyncio.Transport):
    """Records what reaches the socket, one entry per write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.events: list[str] = []
        self.closing = False

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))
        self.events.append("write")

    def close(self) -> None:
        self.closing = True
        self.events.append("close")

    def abort(self) -> None:
        self.closing = True
        self.events.append("abort")

    def is_closing(self) -> bool:
        return self.closing

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 1)}.get(name, default)

    def get_write_buffer_size(self) -> int:
        return 0


def run(steps: list[tuple[str, bytes]]) -> tuple[FakeTransport, list[list[bytes]]]:
    """Apply ``steps`` (write / close / abort) in one callback of a real event loop; the writes
    seen at the end of that callback, and after the loop ran the callbacks it scheduled."""
    fake = FakeTransport()
    seen: list[list[bytes]] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        one = OneWriteTransport(fake, loop)
        for kind, data in steps:
            if kind == "write":
                one.write(data)
            elif kind == "close":
                one.close()
            else:
                one.abort()
        seen.append(list(fake.writes))
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        seen.append(list(fake.writes))

    asyncio.run(main())
    return fake, seen


def test_a_head_and_its_body_go_in_one_write() -> None:
    head, body = b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n", b"hello"
    fake, seen = run([("write", head), ("write", body)])
    assert seen[0] == [head + body]  # at once, not at the end of the loop's iteration
    assert fake.writes == [head + body]


def test_a_write_alone_is_sent_when_its_callback_ends() -> None:
    _fake, seen = run([("write", b"HTTP/1.1 100 Continue\r\n\r\n")])
    assert seen[0] == []
    assert seen[1] == [b"HTTP/1.1 100 Continue\r\n\r\n"]


def test_bytes_keep_their_order_over_several_responses() -> None:
    parts = [b"head1|", b"body1|", b"head2|", b"body2a|", b"body2b|"]
    fake, _ = run([("write", p) for p in parts])
    assert b"".join(fake.writes) == b"".join(parts)
    assert fake.writes[:2] == [b"head1|body1|", b"head2|body2a|"]


def test_closing_writes_what_is_held_first() -> None:
    fake, _ = run([("write", b"HTTP/1.1 400 Bad Request\r\n\r\n"), ("close", b"")])
    assert fake.events == ["write", "close"]
    assert fake.writes == [b"HTTP/1.1 400 Bad Request\r\n\r\n"]


def test_an_abort_drops_what_is_held() -> None:
    fake, _ = run([("write", b"partial"), ("abort", b"")])
    assert fake.events == ["abort"]


@pytest.mark.parametrize("size", [ONE_WRITE_BYTES, ONE_WRITE_BYTES + 1])
def test_a_large_body_is_not_copied_behind_its_head(size: int) -> None:
    head = b"H" * 10
    body = b"b" * (size - len(head))
    fake, _ = run([("write", head), ("write", body)])
    assert b"".join(fake.writes) == head + body
    assert len(fake.writes) == (1 if size <= ONE_WRITE_BYTES else 2)


def test_empty_writes_hold_nothing() -> None:
    fake, seen = run([("write", b""), ("write", b"x"), ("write", b"")])
    assert fake.writes == [b"x"]
    assert seen[0] == [b"x"]


@pytest.mark.parametrize("argv, logged", [([], True), (["--no-access-log"], False)])
def test_the_access_log_is_on_unless_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                argv: list[str], logged: bool) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(service, "_run", lambda *a: calls.append(a))
    for name in (service.ENV_RECORD, service.ENV_TOKEN, service.ENV_EVALUATORS,
                 service.ENV_BUDGET, service.ENV_HEADER_TIMEOUT, service.ENV_BODY_TIMEOUT,
                 service.ENV_MAX_BODY, service.ENV_MAX_DEPTH):
        monkeypatch.setenv(name, "1")  # restored (removed) afterwards: serve() sets them
        monkeypatch.delenv(name)
    assert cli.main(["serve", "--record", str(tmp_path / "r.sqlite3"), *argv]) == 0
    assert len(calls) == 1 and calls[0][4] is logged


# --- gathering asks into one commit -------------------------------------------------------------


class GatedStore:
    """A record whose first transaction waits until released; the sizes of the transactions."""

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.first = threading.Event()
        self.entered = threading.Event()

    def write_all(self, batch: list[Any]) -> list[list[int]]:
        self.sizes.append(len(batch))
        if len(self.sizes) == 1:
            self.entered.set()
            assert self.first.wait(30)
        return [[n] for n in range(len(batch))]


def _committed(gather: float, late: int) -> tuple[list[int], float]:
    """One ask committing while three queue; ``late`` more asks after it ended. The sizes of
    the transactions, and the seconds the whole took."""
    store = GatedStore()
    committer = _Committer(lambda: store, gather)  # type: ignore[arg-type, return-value]
    prepared = SimpleNamespace(rows=("r",))

    async def main() -> None:
        loop = asyncio.get_running_loop()
        first = committer.write(prepared)  # type: ignore[arg-type]
        await loop.run_in_executor(None, store.entered.wait, 30)
        queued = [committer.write(prepared) for _ in range(3)]  # type: ignore[arg-type]
        store.first.set()
        await first
        await asyncio.sleep(0.05)
        later = [committer.write(prepared) for _ in range(late)]  # type: ignore[arg-type]
        await asyncio.gather(*queued, *later)

    began = time.monotonic()
    asyncio.run(main())
    committer.close()
    return store.sizes, time.monotonic() - began


def test_a_commit_waits_for_the_asks_in_flight_when_the_last_one_ended() -> None:
    """Four asks were in flight when the first transaction ended (its one and three queued):
    the next waits for a fourth to be queued rather than syncing three alone."""
    sizes, took = _committed(gather=20.0, late=1)
    assert sizes == [1, 4]
    assert took < 10  # it began when the fourth came, not at the end of its wait


def test_the_wait_is_bounded_and_can_be_turned_off() -> None:
    sizes, took = _committed(gather=0.3, late=0)  # the fourth never comes: 0.3 s, then alone
    assert sizes == [1, 3] and took >= 0.3
    sizes, _ = _committed(gather=0.0, late=1)  # no gathering: the three at once
    assert sizes[:2] == [1, 3] and sum(sizes) == 5


def test_a_lone_client_never_waits() -> None:
    store = GatedStore()
    store.first.set()
    committer = _Committer(lambda: store, 20.0)  # type: ignore[arg-type, return-value]
    prepared = SimpleNamespace(rows=("r",))

    async def main() -> None:
        for _ in range(5):  # each transaction ended with one ask in flight: the next expects one
            await asyncio.wait_for(committer.write(prepared), 10)  # type: ignore[arg-type]

    began = time.monotonic()
    asyncio.run(main())
    committer.close()
    assert store.sizes == [1] * 5 and time.monotonic() - began < 10


# --- the load test's CPU split -------------------------------------------------------------------

_SPIN = "import time\nend = time.monotonic() + 60\nwhile time.monotonic() < end: pass\n"
_LEADER = (
    "import subprocess, sys, threading, time\n"
    f"threading.Thread(target=exec, args=({_SPIN!r},), daemon=True).start()\n"
    f"child = subprocess.Popen([sys.executable, '-c', {_SPIN!r}])\n"
    "time.sleep(60)\n"
)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_the_load_test_splits_the_http_process_cpu_by_thread_and_process() -> None:
    """A session leader idle in its main thread, busy in another thread, with a busy child:
    the other thread's CPU is the HTTP process's other threads, the child is an evaluation
    process, or (``supervised``, uvicorn's --workers) part of the HTTP process, in its event
    loop (the child's main thread)."""
    leader = subprocess.Popen([sys.executable, "-c", _LEADER], start_new_session=True)
    try:
        time.sleep(3)
        plain = cpu_seconds(leader.pid)
        supervised = cpu_seconds(leader.pid, supervised=True)
    finally:
        os.killpg(leader.pid, signal.SIGKILL)
        leader.wait()
    assert plain["http other threads"] > 0.3 and plain["http event loop"] < 0.3
    assert plain["evaluation workers"] > 0.3
    assert supervised["evaluation workers"] == 0
    assert supervised["http event loop"] > 0.3
    assert supervised["http process"] >= plain["http process"] + 0.3
