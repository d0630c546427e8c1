"""The HTTP decision service (kgrules.service): every endpoint, in process against a SQLite
record, and once as a real ``kgrules serve`` subprocess on loopback.

The answers must be exactly the library's and the CLI's JSON plus the record id; every refusal
is JSON naming the field, in Vietnamese and English, and never a stack trace.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import kgrules
from kgrules import cli
from kgrules.examples import example_path
from kgrules.oracle import OracleEngine
from kgrules.record import RecordError, RecordStore, open_store, rules_version
from kgrules.service import create_app, openapi_document

ROOT = Path(__file__).resolve().parents[2]

SUBSTITUTE = {"question": "dieu10.substitute_allowed", "example": "committee-2009",
              "arguments": {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}}
EXPENSE = {"question": "dieu12.expense_authorised", "example": "committee-2009",
           "arguments": {"expenditure": "CHI-01"}}
FLAGSHIPS = {"substitute": SUBSTITUTE, "expense": EXPENSE}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecordStore]:
    s = open_store(tmp_path / "record.sqlite3")
    yield s
    s.close()


@pytest.fixture
def client(store: RecordStore) -> TestClient:
    return TestClient(create_app(store=store))


@pytest.fixture(scope="module")
def case_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(example_path().read_text(encoding="utf-8"))
    return data


def _cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert cli.main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def _cli_args(request: dict[str, Any]) -> list[str]:
    out = ["ask", request["question"], "example:" + request["example"], "--json"]
    for name, value in request["arguments"].items():
        out += ["--arg", f"{name}={value}"]
    return out


def _assert_error(response: httpx.Response, status: int, error: str,
                  path: str | None = None) -> dict[str, Any]:
    """A refusal: its status, JSON with the error's name, the field's path, a message in both
    languages, and nothing of a stack trace."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert body["error"] == error, body
    if path is not None:
        assert body["path"] == path, body
    assert body["message"]["vi"] and body["message"]["en"]
    assert body["message"]["vi"] != body["message"]["en"]
    for marker in ("Traceback", 'File "', "kgrules/", ".py"):
        assert marker not in response.text
    return body


def _post(client: TestClient, url: str, body: bytes | str,
          content_type: str = "application/json") -> httpx.Response:
    return client.post(url, content=body, headers={"content-type": content_type})


# --- the endpoints -------------------------------------------------------------------------------


def test_health(client: TestClient) -> None:
    r = client.get("/v1/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "version": kgrules.__version__,
                        "rules_version": rules_version(), "record": "sqlite"}


def test_questions_are_the_cli_listing(client: TestClient,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    r = client.get("/v1/questions")
    assert r.status_code == 200
    listing = r.json()
    assert listing == _cli_json(capsys, "questions", "--json")
    assert [q["id"] for q in listing] == [q.id for q in kgrules.questions()]


@pytest.mark.parametrize("name", sorted(FLAGSHIPS))
def test_flagship_answer_is_the_cli_json_plus_its_record(
        name: str, client: TestClient, store: RecordStore,
        capsys: pytest.CaptureFixture[str]) -> None:
    request = FLAGSHIPS[name]
    r = client.post("/v1/ask", json=request)
    assert r.status_code == 200, r.text
    body = r.json()
    record_id = body.pop("record_id")
    expected = kgrules.ask(request["question"], kgrules.load_example(), **request["arguments"])
    assert body == expected.to_dict()
    assert body == _cli_json(capsys, *_cli_args(request))

    assert store.count() == 1
    rec = client.get(f"/v1/decisions/{record_id}")
    assert rec.status_code == 200
    recorded = rec.json()
    # The row as the store holds it, checked against its own hash (intact here).
    assert recorded == {**store.get(record_id).to_dict(), "matches_hash": True, "altered": None}
    assert (recorded["id"], recorded["question"], recorded["arguments"]) == (
        record_id, request["question"], request["arguments"])
    assert recorded["decision"] == body
    assert recorded["source"] == "service"
    assert recorded["outcome"] == body["outcome"]

    replay = client.get(f"/v1/decisions/{record_id}/replay")
    assert replay.status_code == 200
    assert replay.json()["same"] is True
    assert replay.json()["rules_version_matches"] is True
    assert replay.json()["replayed"] == body


def test_inline_case_answers_like_the_example(client: TestClient,
                                              case_json: dict[str, Any]) -> None:
    by_name = client.post("/v1/ask", json=SUBSTITUTE).json()
    inline = {k: v for k, v in SUBSTITUTE.items() if k != "example"} | {"case": case_json}
    by_value = client.post("/v1/ask", json=inline).json()
    assert by_name.pop("record_id") != by_value.pop("record_id")
    assert by_name == by_value


def test_engine_and_interpretations_are_passed_on(client: TestClient) -> None:
    chosen = {"consent_by_deputy": "head_only"}
    r = client.post("/v1/ask", json=SUBSTITUTE | {"engine": "oracle", "interpretations": chosen})
    assert r.status_code == 200, r.text
    body = r.json()
    body.pop("record_id")
    expected = kgrules.ask(SUBSTITUTE["question"], kgrules.load_example(),
                           interpretations=chosen, engine=OracleEngine(),
                           **SUBSTITUTE["arguments"])
    assert body == expected.to_dict()
    assert body["engine"] == "oracle"
    assert any(i["switch"] == "consent_by_deputy" and i["reading"] == "head_only"
               for i in body["interpretations"])


def test_audit_is_the_cli_report_with_every_decision_recorded(
        client: TestClient, store: RecordStore, capsys: pytest.CaptureFixture[str]) -> None:
    r = client.post("/v1/audit", json={"example": "committee-2009", "year": 2009})
    assert r.status_code == 200, r.text
    body = r.json()
    ids = [f["decision"].pop("record_id") for f in body["findings"]]
    assert body["findings"], "the example's audit has findings"
    # One page, here the whole audit (docs/limits.md: at most 200 findings unless asked)
    assert body.pop("page") == {"offset": 0, "limit": 200, "total": len(ids), "next": None}
    assert len(set(ids)) == len(ids) == store.count()
    assert body == _cli_json(capsys, "audit", "example:committee-2009", "--year", "2009",
                             "--json")
    some = body["findings"][len(ids) // 2]
    rec = client.get(f"/v1/decisions/{ids[len(ids) // 2]}").json()
    assert rec["decision"] == some["decision"]
    assert rec["source"] == "service"


def test_unknown_decision_is_404(client: TestClient) -> None:
    for url in ("/v1/decisions/0123456789abcdef0123456789abcdef",
                "/v1/decisions/0123456789abcdef0123456789abcdef/replay",
                "/v1/decisions/%00x", "/v1/decisions/" + "a" * 300):
        _assert_error(client.get(url), 404, "RecordNotFoundError", "id")


def test_unknown_path_and_method_are_json_errors(client: TestClient) -> None:
    _assert_error(client.get("/v1/nothing"), 404, "NotFound")
    r = client.get("/v1/ask")
    _assert_error(r, 405, "MethodNotAllowed")
    assert r.headers["allow"] == "POST"


# --- the token -----------------------------------------------------------------------------------


def test_token_required_wrong_and_right(store: RecordStore) -> None:
    token = "correct horse battery staple"
    client = TestClient(create_app(store=store, token=token))
    missing = client.post("/v1/ask", json=SUBSTITUTE)
    _assert_error(missing, 401, "Unauthorized", "Authorization")
    assert missing.headers["www-authenticate"] == 'Bearer realm="kgrules"'
    for header in (f"Bearer {token}x", f"Basic {token}", "Bearer", token):
        wrong = client.post("/v1/ask", json=SUBSTITUTE, headers={"authorization": header})
        _assert_error(wrong, 401, "Unauthorized", "Authorization")
        assert wrong.headers["www-authenticate"].startswith("Bearer")
        assert token not in wrong.text
    assert client.get("/v1/questions").status_code == 401
    assert client.get("/v1/decisions/x").status_code == 401
    assert store.count() == 0
    right = client.post("/v1/ask", json=SUBSTITUTE, headers={"authorization": f"Bearer {token}"})
    assert right.status_code == 200
    assert store.count() == 1
    assert client.get("/v1/health").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_a_utf8_token_compares_as_sent(store: RecordStore) -> None:
    token = "mã-bí-mật-đúng"
    client = TestClient(create_app(store=store, token=token))
    right = client.get("/v1/questions", headers={"authorization": b"Bearer " + token.encode()})
    assert right.status_code == 200
    latin = client.get("/v1/questions",
                       headers={"authorization": b"Bearer " + token.encode("utf-8")[:-1]})
    _assert_error(latin, 401, "Unauthorized")


def test_empty_token_is_refused(store: RecordStore) -> None:
    with pytest.raises(kgrules.InputError):
        create_app(store=store, token="")


# --- limits, before parsing ----------------------------------------------------------------------


def test_body_over_the_limit_is_413(store: RecordStore) -> None:
    client = TestClient(create_app(store=store, max_body_bytes=1000))
    small = json.dumps(SUBSTITUTE)
    assert client.post("/v1/ask", content=small,
                       headers={"content-type": "application/json"}).status_code == 200
    big = json.dumps(SUBSTITUTE | {"arguments": {"meeting": "x" * 2000}})
    _assert_error(_post(client, "/v1/ask", big), 413, "PayloadTooLarge", "$")

    def chunks() -> Iterator[bytes]:  # streamed: no Content-Length, counted as it arrives
        yield big[:600].encode()
        yield big[600:].encode()

    streamed = client.post("/v1/ask", content=chunks(),
                           headers={"content-type": "application/json"})
    _assert_error(streamed, 413, "PayloadTooLarge", "$")
    assert store.count() == 1


async def _call_asgi(app: Any, headers: list[tuple[bytes, bytes]],
                     chunks: list[bytes]) -> tuple[int, bytes, int]:
    """Drive the ASGI app by hand: (status, body, how many body messages it read)."""
    read = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        read += 1
        if read > len(chunks):
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunks[read - 1],
                "more_body": read < len(chunks)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/v1/ask", "raw_path": b"/v1/ask", "query_string": b"",
             "root_path": "", "headers": headers, "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 80)}
    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body, read


def test_huge_content_length_is_refused_unread(store: RecordStore) -> None:
    import anyio

    app = create_app(store=store)
    headers = [(b"content-type", b"application/json"), (b"content-length", b"9" * 15)]
    status, body, read = anyio.run(_call_asgi, app, headers, [b"{"])
    assert status == 413
    assert json.loads(body)["error"] == "PayloadTooLarge"
    assert read == 0  # not one byte of the body was asked for
    for declared in (b"-1", b"\xb2", b"1e3", b"0x10"):
        headers = [(b"content-type", b"application/json"), (b"content-length", declared)]
        status, body, read = anyio.run(_call_asgi, app, headers, [b"{}"])
        assert (status, json.loads(body)["path"], read) == (400, "Content-Length", 0)
    # The same gate reads a body within the limit (the probe above is not vacuous).
    ok = json.dumps(SUBSTITUTE).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(ok)).encode())]
    status, body, read = anyio.run(_call_asgi, app, headers, [ok[:10], ok[10:]])
    assert status == 200 and read >= 2
    assert json.loads(body)["outcome"] == "yes"


def _nested(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = [value]
    return value


def test_nesting_limit_counts_the_case_and_is_checked_before_parsing(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    # A case at the limit (32 levels: the case object and 31 lists) is parsed: its error is
    # about its meaning (422, naming the field), not its depth.
    at_limit = {"question": "dieu10.substitute_allowed", "case": {"name": _nested(31)}}
    _assert_error(client.post("/v1/ask", json=at_limit), 422, "CaseError", "case.name")
    too_deep = {"question": "dieu10.substitute_allowed", "case": {"name": _nested(32)}}

    def never(*_a: Any, **_k: Any) -> None:
        raise AssertionError("the parser ran on a body that is too deep")

    monkeypatch.setattr("kgrules.service.parse_json", never)
    _assert_error(client.post("/v1/ask", json=too_deep), 413, "TooDeep", "$")
    deep_text = '{"question": "q", "case": ' + "[" * 100_000 + "]" * 100_000 + "}"
    _assert_error(_post(client, "/v1/ask", deep_text), 413, "TooDeep", "$")


def test_a_smaller_depth_limit_is_honoured(store: RecordStore) -> None:
    client = TestClient(create_app(store=store, max_depth=3))
    ok = {"question": "dieu10.substitute_allowed", "case": {"name": _nested(2)}}
    _assert_error(client.post("/v1/ask", json=ok), 422, "CaseError", "case.name")
    deep = {"question": "dieu10.substitute_allowed", "case": {"name": _nested(3)}}
    _assert_error(client.post("/v1/ask", json=deep), 413, "TooDeep")


@pytest.mark.parametrize("body", [b"{", b'{"question": }', b'{"question": NaN}', b"\xff\xfe{}",
                                  b"", b"[1,2", b"{}}"])
def test_malformed_json_is_400(client: TestClient, body: bytes) -> None:
    _assert_error(_post(client, "/v1/ask", body), 400, "InvalidJSON", "$")


@pytest.mark.parametrize("content_type", ["text/plain", "", "application/x-www-form-urlencoded",
                                          "application/json; charset=latin-1"])
def test_wrong_content_type_is_415(client: TestClient, content_type: str) -> None:
    _assert_error(_post(client, "/v1/ask", json.dumps(SUBSTITUTE), content_type), 415,
                  "UnsupportedMediaType", "Content-Type")
    _assert_error(_post(client, "/v1/audit", "{}", content_type), 415, "UnsupportedMediaType")


def test_json_with_charset_utf8_is_accepted(client: TestClient) -> None:
    r = _post(client, "/v1/ask", json.dumps(SUBSTITUTE), "application/json; charset=UTF-8")
    assert r.status_code == 200


# --- bad input names its field -------------------------------------------------------------------


@pytest.mark.parametrize(("change", "error", "path"), [
    ({"question": "dieu10.nothing"}, "UnknownQuestionError", "question"),
    ({"question": 10}, "InputError", "question"),
    ({"colour": "blue"}, "InputError", "colour"),
    ({"arguments": {"meeting": "H2009-Q3", "member": "P05"}}, "ArgumentError",
     "arguments.substitute"),
    ({"arguments": {"meeting": "NO-SUCH", "member": "P05", "substitute": "S03"}},
     "ArgumentError", "arguments.meeting"),
    ({"arguments": {"meeting": 3, "member": "P05", "substitute": "S03"}}, "ArgumentError",
     "arguments.meeting"),
    ({"arguments": {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03", "engine": "x"}},
     "ArgumentError", "arguments.engine"),
    ({"arguments": ["H2009-Q3"]}, "InputError", "arguments"),
    ({"interpretations": {"no_such_switch": "x"}}, "InterpretationError",
     "interpretations.no_such_switch"),
    ({"interpretations": {"consent_by_deputy": "nobody"}}, "InterpretationError",
     "interpretations.consent_by_deputy"),
    ({"engine": "drools"}, "InputError", "engine"),
    ({"example": "committee-1999"}, "InputError", "example"),
    ({"case": {}}, "InputError", "case"),  # both a case and an example
])
def test_bad_ask_field_is_422_naming_it(client: TestClient, store: RecordStore,
                                        change: dict[str, Any], error: str, path: str) -> None:
    _assert_error(client.post("/v1/ask", json=SUBSTITUTE | change), 422, error, path)
    assert store.count() == 0


def test_missing_fields_are_named(client: TestClient) -> None:
    _assert_error(client.post("/v1/ask", json={"example": "committee-2009"}), 422, "InputError",
                  "question")
    no_case = {k: v for k, v in SUBSTITUTE.items() if k != "example"}
    _assert_error(client.post("/v1/ask", json=no_case), 422, "InputError", "case")
    _assert_error(client.post("/v1/ask", json=[SUBSTITUTE]), 422, "InputError", "$")


def test_bad_case_field_is_named_under_case(client: TestClient,
                                            case_json: dict[str, Any]) -> None:
    bad = copy.deepcopy(case_json)
    bad["people"][2]["id"] = 7
    request = {k: v for k, v in SUBSTITUTE.items() if k != "example"} | {"case": bad}
    body = _assert_error(client.post("/v1/ask", json=request), 422, "CaseError",
                         "case.people[2].id")
    assert "case.people[2].id" in body["message"]["vi"]
    assert client.post("/v1/ask", json=request | {"case": "facts"}).json()["path"] == "case"


def test_repeated_keys_are_named(client: TestClient, case_json: dict[str, Any]) -> None:
    text = json.dumps({"question": "dieu10.substitute_allowed", "case": case_json,
                       "arguments": SUBSTITUTE["arguments"]})
    inside = text.replace('"people": [{', '"people": [{"id": "dup", ', 1)
    _assert_error(_post(client, "/v1/ask", inside), 422, "CaseError", "case.people[0].id")
    top = '{"question": "dieu10.substitute_allowed", "question": "x", "example": "committee-2009"}'
    _assert_error(_post(client, "/v1/ask", top), 422, "InputError", "question")
    args = ('{"question": "dieu12.expense_authorised", "example": "committee-2009", '
            '"arguments": {"expenditure": "CHI-01", "expenditure": "CHI-02"}}')
    _assert_error(_post(client, "/v1/ask", args), 422, "ArgumentError", "arguments.expenditure")


@pytest.mark.parametrize(("change", "error", "path"), [
    ({"year": "2009"}, "InputError", "year"),
    ({"year": True}, "InputError", "year"),
    ({"year": 1900}, "InputError", "year"),
    ({"question": "dieu10.substitute_allowed"}, "InputError", "question"),
    ({"engine": None}, "InputError", "engine"),
])
def test_bad_audit_field_is_422_naming_it(client: TestClient, change: dict[str, Any],
                                          error: str, path: str) -> None:
    request = {"example": "committee-2009"} | change
    _assert_error(client.post("/v1/audit", json=request), 422, error, path)


# --- failures of the service itself --------------------------------------------------------------


def test_internal_error_gives_an_id_and_logs_the_traceback(
        client: TestClient, store: RecordStore, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_a: Any, **_k: Any) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(store, "write_all", broken)
    with caplog.at_level(logging.ERROR, logger="kgrules.service"):
        r = client.post("/v1/ask", json=SUBSTITUTE)
    body = _assert_error(r, 500, "InternalError")
    assert "secret" not in r.text and "RuntimeError" not in r.text
    assert body["id"] in body["message"]["en"]
    logged = [rec for rec in caplog.records if body["id"] in rec.getMessage()]
    assert logged and logged[0].exc_info is not None
    assert "secret internals" in caplog.text


def test_record_unavailable_is_503_and_nothing_is_answered(
        client: TestClient, store: RecordStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def down(*_a: Any, **_k: Any) -> None:
        raise RecordError("database is locked")

    monkeypatch.setattr(store, "write_all", down)
    r = client.post("/v1/ask", json=SUBSTITUTE)
    _assert_error(r, 503, "RecordUnavailable")
    assert "outcome" not in r.json()


def test_concurrent_answers_equal_serial_ones(client: TestClient, store: RecordStore) -> None:
    requests = [SUBSTITUTE, EXPENSE] * 8
    serial = [client.post("/v1/ask", json=r).json() for r in requests]
    with ThreadPoolExecutor(8) as pool:
        parallel = list(pool.map(lambda r: client.post("/v1/ask", json=r).json(), requests))
    for a, b in zip(serial, parallel, strict=True):
        assert a.pop("record_id") != b.pop("record_id")
        assert a == b
    assert store.count() == 2 * len(requests)


# --- the OpenAPI document ------------------------------------------------------------------------


def test_openapi_document_in_docs_is_current(client: TestClient) -> None:
    document = openapi_document()
    kept = (ROOT / "docs" / "openapi.json").read_text(encoding="utf-8")
    assert kept == json.dumps(document, ensure_ascii=False, indent=2) + "\n", (
        "docs/openapi.json is stale: python -m kgrules.service --openapi > docs/openapi.json")
    assert client.get("/openapi.json").json() == document


def test_openapi_document_is_complete(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert set(document["paths"]) == {
        "/v1/health", "/v1/questions", "/v1/questions/{question_id}", "/v1/interpretations",
        "/v1/parameters", "/v1/ask", "/v1/ask/batch", "/v1/audit", "/v1/decisions/{record_id}",
        "/v1/decisions/{record_id}/replay", "/v1/record/verify"}
    schemas = document["components"]["schemas"]
    text = json.dumps(document)
    targets = {ref.split('"')[0] for ref in text.split('"$ref": "#/components/schemas/')[1:]}
    assert targets and targets <= set(schemas)
    assert "Case" in targets and "Person" in schemas
    # An ASCII title (a generated client's package name), the Vietnamese one beside it.
    assert document["info"]["title"] == "kgrules decision service"
    assert "dịch vụ" in document["info"]["x-title-vi"] and "dịch vụ" in document["info"][
        "description"]
    ask = document["paths"]["/v1/ask"]["post"]
    assert set(ask["requestBody"]["content"]["application/json"]["examples"]) == {
        "substitute", "expense"}
    # No token configured: no bearer scheme, no 401 (declared only by a service with a token).
    assert {"200", "400", "413", "415", "422", "500"} <= set(ask["responses"])
    assert "401" not in ask["responses"]


# --- running it ----------------------------------------------------------------------------------


def test_import_kgrules_does_not_import_fastapi() -> None:
    code = "import kgrules, kgrules.cli, sys; assert 'fastapi' not in sys.modules, 'fastapi'"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_serve_warns_without_token_off_loopback(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from kgrules import service

    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(service, "_run", lambda *a: calls.append(a))
    for name in ("KGRULES_RECORD", "KGRULES_TOKEN", "KGRULES_MAX_BODY_BYTES", "KGRULES_MAX_DEPTH"):
        monkeypatch.setenv(name, "")  # restored (to unset) afterwards: serve() sets them
        monkeypatch.delenv(name)
    record = str(tmp_path / "r.sqlite3")
    service.serve("0.0.0.0", 8123, record=record, workers=3)
    warning = capsys.readouterr().err
    assert "CẢNH BÁO" in warning and "WARNING" in warning
    assert calls[0] == ("0.0.0.0", 8123, 3, "info", True)
    assert os.environ["KGRULES_RECORD"] == record
    service.serve("127.0.0.1", 8123, record=record)
    service.serve("0.0.0.0", 8123, record=record, token="t")
    said = capsys.readouterr().err.splitlines()  # only where the record is, once per start
    assert said == [f"kgrules serve: sổ ghi quyết định / decision record (sqlite): {record}"] * 2
    assert os.environ["KGRULES_TOKEN"] == "t"
    # The same document, the bearer scheme declared since this service has a token.
    assert service.app_from_env().openapi() == create_app(token="t").openapi()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_kgrules_serve_answers_over_http(tmp_path: Path) -> None:
    port = _free_port()
    token_file = tmp_path / "token"
    token_file.write_text("a-long-random-token\n", encoding="utf-8")
    record = tmp_path / "served.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "KGRULES_TOKEN"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kgrules.cli", "serve", "--port", str(port), "--record",
         str(record), "--token-file", str(token_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.communicate()[1].decode()
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.2)
        auth = {"authorization": "Bearer a-long-random-token"}
        r = httpx.post(f"{base}/v1/ask", json=SUBSTITUTE, headers=auth, timeout=30)
        assert r.status_code == 200, r.text
        body = r.json()
        record_id = body.pop("record_id")
        expected = kgrules.ask(SUBSTITUTE["question"], kgrules.load_example(),
                               **SUBSTITUTE["arguments"])
        assert body == expected.to_dict()
        assert httpx.post(f"{base}/v1/ask", json=SUBSTITUTE, timeout=30).status_code == 401
        got = httpx.get(f"{base}/v1/decisions/{record_id}", headers=auth, timeout=30)
        assert got.json()["decision"] == body
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _out, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _out, err = proc.communicate()
    assert b"a-long-random-token" not in err
    check = open_store(record)
    try:
        assert check.get(record_id).source == "service"
    finally:
        check.close()


def test_two_workers_share_the_record_without_nagle_delays(tmp_path: Path) -> None:
    """--workers 2: both processes answer and append to one SQLite record, and a kept-alive
    connection gets its replies at once (uvicorn's own multi-worker socket left Nagle's
    algorithm on: ~40 ms per request after the first, uvicorn issue #3149)."""
    port = _free_port()
    record = tmp_path / "workers.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "KGRULES_TOKEN"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kgrules.cli", "serve", "--port", str(port), "--record",
         str(record), "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    ids: list[str] = []
    try:
        deadline = time.monotonic() + 60
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                try:
                    if client.get("/v1/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert proc.poll() is None, proc.communicate()[1].decode()
                assert time.monotonic() < deadline, "the service did not start"
                time.sleep(0.2)
            took = []
            for _ in range(15):
                start = time.perf_counter()
                assert client.get("/v1/health").status_code == 200
                took.append(time.perf_counter() - start)
            assert sorted(took)[7] < 0.02, took
            for _ in range(20):
                r = client.post("/v1/ask", json=SUBSTITUTE)
                assert r.status_code == 200, r.text
                ids.append(r.json()["record_id"])
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
    check = open_store(record)
    try:
        assert {rec.id for rec in check} == set(ids) and len(ids) == 20
    finally:
        check.close()
