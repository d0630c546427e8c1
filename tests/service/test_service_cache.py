"""The service's caches and group commit through HTTP (issue 14 item 5): an answer from the
caches is the answer computed afresh, a case with the same ids but other facts is never served
another's answer, and every acknowledged decision is in the record, the chain intact."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kgrules.case import Case
from kgrules.errors import InputError
from kgrules.examples import example_path
from kgrules.loadtest import request_mix
from kgrules.record import RecordStore, open_store
from kgrules.service import ENV_REPLY_CACHE, app_from_env, create_app


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecordStore]:
    s = open_store(tmp_path / "record.sqlite3")
    yield s
    s.close()


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(example_path().read_text(encoding="utf-8"))
    return data


def _without_id(reply: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in reply.items() if k != "record_id"}


def test_cached_answers_are_the_answers_computed_afresh(
        store: RecordStore, tmp_path: Path, example: dict[str, Any]) -> None:
    """The load test's request mix (both flagships, yes and no, readings, both engines, named
    and inline cases), asked twice with the caches and once without: the same JSON."""
    mix = request_mix(example)
    fresh_store = open_store(tmp_path / "fresh.sqlite3")
    cached = TestClient(create_app(store=store))
    fresh = TestClient(create_app(store=fresh_store, case_cache=0, answer_cache=0,
                                  reply_cache=0))
    outcomes = set()
    try:
        for req in mix:
            want = fresh.post("/v1/ask", json=req)
            assert want.status_code == 200, want.text
            outcomes.add(want.json()["outcome"])
            for _ in range(2):
                got = cached.post("/v1/ask", json=req)
                assert got.status_code == 200, got.text
                assert _without_id(got.json()) == _without_id(want.json())
        assert outcomes == {"yes", "no"}
        assert store.count() == 2 * len(mix) and store.verify().intact
    finally:
        fresh_store.close()


def test_same_ids_other_facts_get_their_own_answer_and_record(
        store: RecordStore, example: dict[str, Any]) -> None:
    """Asked about the example inline, then about the same case with the Head's consent dated
    after the meeting (every id the same), then the first again: the second answers no, and
    each decision is recorded with the case it was about."""
    consent = example["consents"][0]
    args = {k: consent[k] for k in ("meeting", "member", "substitute")}
    late = copy.deepcopy(example)
    late["consents"][0]["given_on"] = "2099-01-01"
    client = TestClient(create_app(store=store))
    replies = []
    for case in (example, late, example):
        r = client.post("/v1/ask", json={"question": "dieu10.substitute_allowed", "case": case,
                                         "arguments": args})
        assert r.status_code == 200, r.text
        replies.append(r.json())
    assert [r["outcome"] for r in replies] == ["yes", "no", "yes"]
    assert _without_id(replies[0]) == _without_id(replies[2])
    digests = [store.get(r["record_id"]).case_digest for r in replies]
    assert digests[0] == digests[2] != digests[1]
    assert store.case(digests[1]) == Case.from_dict(late)
    assert store.case(digests[0]) == Case.from_dict(example)


def test_a_case_repeating_a_key_is_refused_every_time(store: RecordStore,
                                                      example: dict[str, Any]) -> None:
    """A repeated key inside the case is reported each time (never cached as the case without
    the repetition), and the same case without it is answered."""
    text = json.dumps(example, ensure_ascii=False)
    repeated = text.replace('"name":', '"name": "x", "name":', 1)
    body = ('{"question": "dieu12.expense_authorised", "arguments": {"expenditure": "CHI-01"}, '
            '"case": %s}')
    client = TestClient(create_app(store=store))
    assert client.post("/v1/ask", content=body % text,
                       headers={"Content-Type": "application/json"}).status_code == 200
    for _ in range(2):
        r = client.post("/v1/ask", content=body % repeated,
                        headers={"Content-Type": "application/json"})
        assert r.status_code == 422 and r.json()["path"].startswith("case")
    assert store.count() == 1


def test_concurrent_asks_through_the_workers_are_all_recorded(
        store: RecordStore, example: dict[str, Any]) -> None:
    """Eight clients at once through two evaluation workers (decisions committed by the service
    process in groups): every reply names a recorded decision equal to it, the chain intact."""
    mix = request_mix(example)[:12]
    with TestClient(create_app(store=store, evaluators=2, budget_seconds=120)) as client:
        def send(n: int) -> dict[str, Any]:
            r = client.post("/v1/ask", json=mix[n % len(mix)])
            assert r.status_code == 200, r.text
            reply: dict[str, Any] = r.json()
            return reply

        with ThreadPoolExecutor(8) as pool:
            replies = list(pool.map(send, range(48)))
    ids = [r["record_id"] for r in replies]
    assert len(set(ids)) == 48 and store.count() == 48
    for reply in replies:
        assert store.get(reply["record_id"]).decision == _without_id(reply)
    assert store.verify().intact


def _timing(header: str) -> dict[str, float]:
    return {name: float(dur) for name, _, dur in
            (part.strip().partition(";dur=") for part in header.split(",")) if dur}


def test_a_repeated_ask_is_answered_from_the_reply_cache_byte_for_byte_and_recorded_anew(
        store: RecordStore, tmp_path: Path, example: dict[str, Any]) -> None:
    """Each request of the load test's mix asked three times with the caches, once without
    any: the first is decided (no ``cache`` in Server-Timing), the others come from the reply
    cache; every reply is the uncached reply byte for byte but for its own record_id, and each
    of the four is a row of its own in the record, equal to its reply, the chain intact."""
    mix = request_mix(example)
    fresh_store = open_store(tmp_path / "fresh.sqlite3")
    app = create_app(store=store)
    cached = TestClient(app)
    fresh = TestClient(create_app(store=fresh_store, case_cache=0, answer_cache=0,
                                  reply_cache=0))
    try:
        for req in mix:
            body = json.dumps(req, ensure_ascii=False).encode()
            headers = {"Content-Type": "application/json"}
            want = fresh.post("/v1/ask", content=body, headers=headers)
            assert want.status_code == 200, want.text
            assert "cache" not in _timing(want.headers["Server-Timing"])
            want_id = want.json()["record_id"]
            ids = []
            for n in range(3):
                got = cached.post("/v1/ask", content=body, headers=headers)
                assert got.status_code == 200, got.text
                assert ("cache" in _timing(got.headers["Server-Timing"])) == (n > 0)
                assert "record" in _timing(got.headers["Server-Timing"])
                got_id = got.json()["record_id"]
                assert got.content.replace(got_id.encode(), want_id.encode()) == want.content
                assert store.get(got_id).decision == _without_id(got.json())
                ids.append(got_id)
            assert len(set(ids)) == 3
            times = {store.get(i).recorded_at for i in ids}
            assert len(times) == 3
        assert len(app.state.replies) == len(mix) and app.state.replies.hits == 2 * len(mix)
        assert store.count() == 3 * len(mix) and store.verify().intact
    finally:
        fresh_store.close()


def test_errors_are_never_kept_and_the_cache_can_be_off(store: RecordStore,
                                                       example: dict[str, Any]) -> None:
    """A refused ask is refused again (decided each time, nothing kept or recorded); with
    reply_cache=0 a repeated ask is decided each time."""
    app = create_app(store=store)
    client = TestClient(app)
    bad = {"question": "dieu12.expense_authorised", "example": "committee-2009",
           "arguments": {"expenditure": "NO-SUCH"}}
    for _ in range(2):
        r = client.post("/v1/ask", json=bad)
        assert r.status_code == 422 and r.json()["path"].startswith("arguments"), r.text
    assert len(app.state.replies) == 0 and store.count() == 0
    off = create_app(store=store, reply_cache=0)
    good = request_mix(example)[0]
    with TestClient(off) as client:
        for _ in range(2):
            r = client.post("/v1/ask", json=good)
            assert r.status_code == 200 and "cache" not in _timing(r.headers["Server-Timing"])
    assert len(off.state.replies) == 0 and store.count() == 2


@pytest.mark.parametrize("raw", ["-1", "x", "１０", " 8", "8\n"])
def test_the_reply_cache_size_from_the_environment_is_read_exactly(
        monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(ENV_REPLY_CACHE, raw)
    with pytest.raises(InputError) as raised:
        app_from_env()
    assert raised.value.path == ENV_REPLY_CACHE
    monkeypatch.setenv(ENV_REPLY_CACHE, "0")
    assert len(app_from_env().state.replies) == 0 and app_from_env().state.replies.entries == 0
    monkeypatch.setenv(ENV_REPLY_CACHE, "7")
    assert app_from_env().state.replies.entries == 7
