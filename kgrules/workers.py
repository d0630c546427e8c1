"""Evaluation in worker processes, so that one request cannot hold the others.

Why processes: durable_rules' C code never releases the GIL (docs/engine.md), so a question on a
case with 20,000 records on one meeting held every thread of the service for ~10 s, the event
loop included; a thread cannot be stopped either. A worker process can be: the pool sends each
job to an idle worker and waits on its pipe from a thread, while the event loop goes on serving
other requests. When the job outlives its budget, or the client disconnects, the worker is
killed (SIGKILL: its work stops at once) and a fresh one is started in its place.

Two lanes, so that heavy work cannot take every worker (issue 13): the first ``reserved``
workers take light jobs only, at normal priority; the others take any job and run niced
(:data:`GENERAL_NICE`), so that on a machine short of cores the kernel gives a light job's CPU
before a heavy one's. A job is heavy when its caller says so (the service: an audit, a batch, a
replay, an ask whose body exceeds its light size); a light job takes an idle reserved worker
first, else a general one; a heavy job waits for a general one. With ``size`` workers, at most
``size - reserved`` heavy jobs run at once, and however many run, a light job finds a reserved
worker unless other light jobs hold them all.

The pool knows nothing of HTTP or of the service: a worker calls ``setup`` once (opening the
decision record, say) and then ``job(state, payload)`` per job; both are module-level functions,
sent by reference. Expected errors (kgrules' typed errors) come back and are raised again as
they were; any other is reported as :class:`WorkerFailure` with the worker's traceback text.
A request waiting for a worker waits on a future of its own loop, and the worker set free is
handed to the first one waiting (thread-safely, no polling); the pool serves any event loop.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
import threading
import time
import traceback
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Final

from kgrules.errors import InputError, KgrulesError, TooExpensive

__all__ = ["ClientGone", "WorkerFailure", "WorkerPool"]

_log = logging.getLogger("kgrules.workers")

#: The niceness of the workers that may run heavy jobs, when some are reserved (raising it needs
#: no privilege; the reserved workers stay at the service's own priority).
GENERAL_NICE: Final = 10


class ClientGone(Exception):
    """The client disconnected before its answer was ready; its work was stopped."""


class WorkerFailure(KgrulesError):
    """A job raised something other than a typed error, or its worker died; ``details`` holds
    the worker's traceback for the log (never for the client)."""

    def __init__(self, details: str) -> None:
        super().__init__(details)
        self.details = details


class _Worker:
    def __init__(self, process: BaseProcess, conn: Connection, reserved: bool) -> None:
        self.process = process
        self.conn = conn
        self.reserved = reserved  #: light jobs only, at normal priority


def _main(conn: Connection, setup: Callable[..., Any], args: tuple[Any, ...],
          nice: int = 0) -> None:
    """A worker's life: set up once, then one job at a time until the pipe closes."""
    if nice:
        os.nice(nice)
    state = setup(*args)
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job, payload = message
        try:
            reply: tuple[str, Any] = ("ok", job(state, payload))
        except KgrulesError as exc:
            reply = ("error", exc)
        except Exception:  # reported to the service's log with an error id
            reply = ("failure", traceback.format_exc())
        try:
            conn.send(reply)
        except (pickle.PicklingError, TypeError, AttributeError):
            conn.send(("failure", traceback.format_exc()))


class WorkerPool:
    """``size`` worker processes, each running one job at a time under a time ``budget``;
    ``reserved`` of them for light jobs only (default: one when there are two or more)."""

    def __init__(self, size: int, budget_s: float, setup: Callable[..., Any],
                 args: tuple[Any, ...] = (), preload: Sequence[str] = (),
                 reserved: int | None = None) -> None:
        if reserved is None:
            reserved = 1 if size >= 2 else 0
        if not 0 <= reserved < max(size, 1):
            raise InputError("reserved", f"must leave a worker for heavy jobs: {reserved} of {size}")
        self.size = size
        self.reserved = reserved
        self.budget_s = budget_s
        self._setup = setup
        self._args = args
        # Workers are forked from a fork server that imported ``preload`` once: a killed worker
        # is replaced in milliseconds (a spawned one took seconds of imports), and nothing is
        # forked from this process, whose threads may hold locks.
        self._context = multiprocessing.get_context("forkserver")
        if preload:
            self._context.set_forkserver_preload(list(preload))
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        #: Requests waiting for a worker, first come first served: a worker set free is handed
        #: to the first of them at once (no polling).
        #: requests waiting for a worker, in arrival order, with whether each is heavy
        self._waiting: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[_Worker], bool]] = []
        self._all: set[_Worker] = set()
        self._started = False
        self._closed = False
        self._threads = ThreadPoolExecutor(max_workers=2 * size + 2,
                                           thread_name_prefix="kgrules-pool")
        self.killed = 0  #: workers killed for a budget or a disconnect (for tests and logs)

    # -- workers ----------------------------------------------------------------------------

    def start(self) -> None:
        """Start the workers (idempotent); they become idle once set up, in the background."""
        with self._lock:
            if self._started or self._closed:
                return
            self._started = True
        for n in range(self.size):
            self._threads.submit(self._spawn, n < self.reserved)

    def _spawn(self, reserved: bool) -> None:
        parent, child = self._context.Pipe()
        # Niced only beside a reserved worker: a lone worker has nothing to give way to.
        nice = GENERAL_NICE if self.reserved and not reserved else 0
        process = self._context.Process(target=_main, args=(child, self._setup, self._args, nice),
                                        daemon=True, name="kgrules-evaluator")
        process.start()
        child.close()
        worker = _Worker(process, parent, reserved)
        with self._lock:
            self._all.add(worker)
        try:
            ready = parent.recv()
        except (EOFError, OSError):
            ready = None
        if ready == ("ready", None) and not self._closed:
            self._release(worker)
            return
        if not self._closed:
            _log.error("an evaluation worker failed to start (exit code %s); requests wait for "
                       "the others", worker.process.exitcode)
        self._discard(worker)

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker (its job, if any, stops now) and forget it."""
        with self._lock:
            self._all.discard(worker)
            if worker in self._idle:
                self._idle.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    def _replace(self, worker: _Worker) -> None:
        self._discard(worker)
        self.killed += 1
        if not self._closed:
            self._spawn(worker.reserved)

    def wait_ready(self, timeout: float) -> bool:
        """Start the workers and wait until all are set up (the service does so before it
        accepts connections, so that no request waits for a worker's imports)."""
        self.start()
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                if len(self._idle) >= self.size:
                    return True
            time.sleep(0.01)
        return False

    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
        for worker in workers:
            self._discard(worker)
        self._threads.shutdown(wait=False, cancel_futures=True)

    # -- jobs -------------------------------------------------------------------------------

    async def run(self, job: Callable[[Any, Any], Any], payload: Any,
                  disconnected: Callable[[], Awaitable[None]], *, heavy: bool = False,
                  timings: dict[str, float] | None = None) -> Any:
        """Run ``job(state, payload)`` in a worker (a general one when ``heavy``); raise
        :class:`TooExpensive` when no worker was free within the budget, or the job ran past
        it, and :class:`ClientGone` when ``disconnected()`` returns first. A job stopped so has
        its worker killed and replaced. ``timings`` receives the milliseconds spent waiting
        for a worker (``queue``) and in it (``evaluate``), for the service's Server-Timing."""
        self.start()
        loop = asyncio.get_running_loop()
        gone = asyncio.ensure_future(disconnected())
        try:
            arrived = time.monotonic()
            worker = await self._acquire(arrived + self.budget_s, gone, heavy)
            deadline = time.monotonic() + self.budget_s
            if timings is not None:
                timings["queue"] = (deadline - self.budget_s - arrived) * 1000
            # One thread sends the job and waits for the answer (one hop, not two).
            answer = loop.run_in_executor(self._threads, _exchange, worker.conn, (job, payload))
            answer.add_done_callback(_retrieve)
            done, _pending = await asyncio.wait(
                {answer, gone}, timeout=max(deadline - time.monotonic(), 0),
                return_when=asyncio.FIRST_COMPLETED)
            if answer not in done:
                # Past the budget, or nobody is waiting any more: stop the work itself, now.
                worker.process.kill()
                self._threads.submit(self._replace, worker)
                if gone in done:
                    raise ClientGone
                raise TooExpensive(self.budget_s)
            try:
                kind, value = answer.result()
            except _Unsent as exc:  # the worker died between jobs
                self._threads.submit(self._replace, worker)
                raise WorkerFailure(f"evaluation worker unavailable: {exc.__cause__!r}") from None
            except (EOFError, OSError):  # the worker died during the job
                self._threads.submit(self._replace, worker)
                raise WorkerFailure("the evaluation worker died during the job") from None
            if timings is not None:
                timings["evaluate"] = (time.monotonic() - deadline + self.budget_s) * 1000
            self._release(worker)
        finally:
            gone.cancel()
        if kind == "ok":
            return value
        if kind == "error":
            raise value
        raise WorkerFailure(str(value))

    def _release(self, worker: _Worker) -> None:
        """A worker free again: to the first request still waiting that may take it (a heavy
        request never takes a reserved worker), else idle."""
        with self._lock:
            for i, (loop, waiter, heavy) in enumerate(self._waiting):
                if waiter.done() or loop.is_closed():
                    continue
                if heavy and worker.reserved:
                    continue
                del self._waiting[i]
                loop.call_soon_threadsafe(_hand, waiter, worker, self)
                return
            self._waiting = [w for w in self._waiting if not (w[1].done() or w[0].is_closed())]
            self._idle.append(worker)

    async def _acquire(self, deadline: float, gone: asyncio.Future[None],
                       heavy: bool) -> _Worker:
        loop = asyncio.get_running_loop()
        with self._lock:
            # A light job: an idle reserved worker first, then any; a heavy one: a general
            # worker only. Within that, the longest idle first: every worker stays warm.
            for worker in sorted(self._idle, key=lambda w: not w.reserved):
                if not (heavy and worker.reserved):
                    self._idle.remove(worker)
                    return worker
            waiter: asyncio.Future[_Worker] = loop.create_future()
            self._waiting.append((loop, waiter, heavy))
        either: set[asyncio.Future[Any]] = {waiter, gone}
        try:
            await asyncio.wait(either, timeout=max(deadline - time.monotonic(), 0),
                               return_when=asyncio.FIRST_COMPLETED)
            if waiter.done() and not gone.done():
                return waiter.result()
        except BaseException:
            self._abandon(waiter)
            raise
        self._abandon(waiter)
        if gone.done():
            raise ClientGone
        raise TooExpensive(self.budget_s)

    def _abandon(self, waiter: asyncio.Future[_Worker]) -> None:
        """Stop waiting: a worker already handed over goes to the next request."""
        if waiter.done():
            if not waiter.cancelled():
                self._release(waiter.result())
            return
        waiter.cancel()
        with self._lock:
            self._waiting = [entry for entry in self._waiting if entry[1] is not waiter]


def _hand(waiter: asyncio.Future[_Worker], worker: _Worker, pool: WorkerPool) -> None:
    """On the waiter's loop: give it the worker, or, if it stopped waiting meanwhile (its
    budget or its client gone), give the worker to the next one."""
    if waiter.done():
        pool._release(worker)
    else:
        waiter.set_result(worker)


class _Unsent(Exception):
    """The job could not be sent (the worker died between jobs)."""


def _exchange(conn: Connection, message: tuple[Any, Any]) -> Any:
    """Send a job and wait for its answer, in one of the pool's threads."""
    try:
        conn.send(message)
    except (OSError, ValueError) as exc:
        raise _Unsent from exc
    return conn.recv()


def _retrieve(future: asyncio.Future[Any]) -> None:
    """Collect a pipe read's outcome, so that one cut short by a kill is not reported as
    'exception never retrieved'."""
    if not future.cancelled():
        future.exception()
