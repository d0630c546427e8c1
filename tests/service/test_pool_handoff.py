"""The evaluation pool hands a freed worker to the first request waiting (kgrules.workers, issue 14
item 5): more requests than workers are all served, in order of arrival, and a request that stops
waiting (its client gone) neither takes nor loses a worker."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from kgrules.workers import ClientGone, WorkerPool

# Jobs are sent by reference (a test module is not importable in the workers): the worker's
# state is a threading.Event, and Event.wait(state, seconds) holds a worker that long.
HOLD = threading.Event.wait


async def _never() -> None:
    await asyncio.sleep(3600)


@pytest.fixture
def pool() -> WorkerPool:
    p = WorkerPool(2, 60.0, threading.Event)
    assert p.wait_ready(60)
    return p


def test_more_requests_than_workers_are_all_served_by_the_same_workers(pool: WorkerPool) -> None:
    pids = sorted(pool.pids())

    async def many() -> list[object]:
        return list(await asyncio.gather(*(pool.run(HOLD, 0.02, _never) for _ in range(12))))

    try:
        assert asyncio.run(many()) == [False] * 12
        assert sorted(pool.pids()) == pids and pool.killed == 0
        assert pool._waiting == [] and len(pool._idle) == 2
    finally:
        pool.close()


def test_a_request_leaving_while_it_waits_takes_no_worker(pool: WorkerPool) -> None:
    """Both workers busy; a third request's client leaves after 0.1 s: ClientGone at once (no
    worker was killed, none was taken); the busy ones finish and the next request is served."""
    pids = sorted(pool.pids())

    async def scenario() -> tuple[float, list[object], object]:
        busy = [asyncio.ensure_future(pool.run(HOLD, 1.0, _never)) for _ in range(2)]
        await asyncio.sleep(0.2)  # both jobs are running

        async def leaves() -> None:
            await asyncio.sleep(0.1)

        start = time.monotonic()
        with pytest.raises(ClientGone):
            await pool.run(HOLD, 0.0, leaves)
        waited = time.monotonic() - start
        done = list(await asyncio.gather(*busy))
        after = await pool.run(HOLD, 0.0, _never)
        return waited, done, after

    try:
        waited, done, after = asyncio.run(scenario())
        assert waited < 0.7  # gave up with its client, not when a worker came free
        assert done == [False, False] and after is False
        assert sorted(pool.pids()) == pids and pool.killed == 0
        assert pool._waiting == [] and len(pool._idle) == 2
    finally:
        pool.close()
