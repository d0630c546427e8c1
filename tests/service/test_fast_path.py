"""``POST /v1/ask`` answered by the gate past FastAPI's routing (issue 14 item 5) gives what the
FastAPI route gives: the same status, headers and body, for answers and for every kind of error.

The route is reached when the app is mounted under a root path (the gate's fast path is taken
only without one), so each request is sent both ways by hand through ASGI.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient

from kgrules import service
from kgrules.record import RecordStore, open_store
from kgrules.service import create_app

TOKEN = "fast-path-token-0123456789"
ASK = {"question": "dieu10.substitute_allowed", "example": "committee-2009",
       "arguments": {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}}
JSON = [(b"content-type", b"application/json")]
AUTH = [(b"authorization", f"Bearer {TOKEN}".encode())]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecordStore]:
    s = open_store(tmp_path / "record.sqlite3")
    yield s
    s.close()


async def _post(app: Any, root_path: str, headers: list[tuple[bytes, bytes]], body: bytes
                ) -> tuple[int, dict[str, str], bytes]:
    sent: list[dict[str, Any]] = []
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await anyio.sleep_forever()
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    path = root_path + "/v1/ask"
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": root_path, "headers": headers, "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 80)}
    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    out = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, out


def _same_shape(headers: dict[str, str]) -> dict[str, str]:
    """The headers, with Server-Timing reduced to its parts' names (durations differ)."""
    out = dict(headers)
    if "server-timing" in out:
        out["server-timing"] = ",".join(p.split(";")[0].strip()
                                        for p in out["server-timing"].split(","))
    return out


CASES: list[tuple[str, list[tuple[bytes, bytes]], bytes, int]] = [
    ("answer", JSON + AUTH, json.dumps(ASK).encode(), 200),
    ("no token", JSON, json.dumps(ASK).encode(), 401),
    ("wrong token", [*JSON, (b"authorization", b"Bearer nope")], json.dumps(ASK).encode(), 401),
    ("not JSON media", [(b"content-type", b"text/plain"), *AUTH], json.dumps(ASK).encode(), 415),
    ("latin-1 charset", [(b"content-type", b"application/json; charset=latin-1"), *AUTH],
     json.dumps(ASK).encode(), 415),
    ("bad JSON", JSON + AUTH, b'{"question": ', 400),
    ("not UTF-8", JSON + AUTH, b'{"question": "\xff"}', 400),
    ("too deep", JSON + AUTH, b'{"case": ' + b"[" * 40 + b"]" * 40 + b"}", 413),
    ("unknown field", JSON + AUTH, json.dumps({**ASK, "extra": 1}).encode(), 422),
    ("unknown question", JSON + AUTH, json.dumps({**ASK, "question": "dieu99.x"}).encode(), 422),
    ("unknown argument", JSON + AUTH,
     json.dumps({**ASK, "arguments": {**ASK["arguments"], "x": "y"}}).encode(), 422),
    ("no such record", JSON + AUTH,
     json.dumps({**ASK, "arguments": {**ASK["arguments"], "member": "NOBODY"}}).encode(), 422),
    ("both case and example", JSON + AUTH, json.dumps({**ASK, "case": {}}).encode(), 422),
    ("unknown reading", JSON + AUTH,
     json.dumps({**ASK, "interpretations": {"nope": "x"}}).encode(), 422),
    ("unknown engine", JSON + AUTH, json.dumps({**ASK, "engine": "cedar"}).encode(), 422),
]


@pytest.mark.parametrize("name, headers, body, status", CASES, ids=[c[0] for c in CASES])
def test_the_fast_path_answers_as_the_route(store: RecordStore, monkeypatch: pytest.MonkeyPatch,
                                            name: str, headers: list[tuple[bytes, bytes]],
                                            body: bytes, status: int) -> None:
    routed = []
    check = service._check_media_type  # called by the FastAPI route only

    def counted(request: Any) -> None:
        routed.append(request.url.path)
        check(request)

    monkeypatch.setattr(service, "_check_media_type", counted)
    app = create_app(store=store, token=TOKEN, reply_cache=0)
    fast = anyio.run(_post, app, "", headers, body)
    assert routed == []
    route = anyio.run(_post, app, "/api", headers, body)
    assert routed == ([] if status == 401 else ["/api/v1/ask"])  # 401: refused by the gate
    assert fast[0] == route[0] == status, (fast, route)
    assert _same_shape(fast[1]) == _same_shape(route[1])
    if status == 200:
        a, b = json.loads(fast[2]), json.loads(route[2])
        assert a.pop("record_id") != b.pop("record_id") and a == b
        assert store.count() == 2
    else:
        assert fast[2] == route[2]
        assert store.count() == 0


def test_an_app_started_again_still_records_its_asks(store: RecordStore) -> None:
    """The committing thread stops with the app's lifespan and starts again with the next ask
    (schemathesis and test clients start one app several times)."""
    app = create_app(store=store, reply_cache=0)
    for round_ in range(3):
        with TestClient(app) as client:
            r = client.post("/v1/ask", json=ASK)
            assert r.status_code == 200, r.text
        assert store.count() == round_ + 1
