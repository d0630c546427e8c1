"""The service's reference endpoints, its batch endpoint, its offline /docs page and a client
generated from its OpenAPI document (issue 15, item 6)."""

from __future__ import annotations

import html
import importlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import kgrules
from kgrules.interpretations import SWITCHES
from kgrules.loadtest import Server, start_server
from kgrules.params import iter_parameters
from kgrules.record import RecordStore, open_store
from kgrules.service import create_app, openapi_document

ROOT = Path(__file__).resolve().parents[2]
SUBSTITUTE = {"question": "dieu10.substitute_allowed",
              "arguments": {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}}
EXPENSE = {"question": "dieu12.expense_authorised", "arguments": {"expenditure": "CHI-07"}}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecordStore]:
    s = open_store(tmp_path / "record.sqlite3")
    yield s
    s.close()


@pytest.fixture
def client(store: RecordStore) -> TestClient:
    return TestClient(create_app(store=store))


def test_interpretations_and_parameters(client: TestClient) -> None:
    """Sổ các điểm cần giải thích và các tham số có ngày hiệu lực, như thư viện có."""
    got = client.get("/v1/interpretations").json()
    assert [i["switch"] for i in got] == sorted(SWITCHES, key=lambda s: SWITCHES[s].point)
    first = got[0]
    switch = SWITCHES[first["switch"]]
    assert first["default"] == switch.default and set(first["readings"]) == set(switch.readings)
    assert first["readings"][switch.default] == switch.readings[switch.default].to_dict()
    params = client.get("/v1/parameters").json()
    assert [p["name"] for p in params] == [p.name for p in iter_parameters()]
    assert all(p["values"] and p["values"][0]["since"] for p in params)


def test_one_question(client: TestClient) -> None:
    """GET /v1/questions/{id}: the catalogue's entry; an unknown id is a 422 naming it."""
    one = client.get("/v1/questions/dieu10.substitute_allowed").json()
    listed = client.get("/v1/questions").json()
    assert one == next(q for q in listed if q["id"] == "dieu10.substitute_allowed")
    assert [a["name"] for a in one["arguments"]] == ["meeting", "member", "substitute"]
    bad = client.get("/v1/questions/dieu10.nope")
    assert bad.status_code == 422 and bad.json()["error"] == "UnknownQuestionError"


def test_batch_answers_as_ask_and_records_all_at_once(client: TestClient,
                                                      store: RecordStore) -> None:
    """Nhiều câu hỏi về một hồ sơ: trả lời như từng câu, ghi cả lô trong một giao dịch."""
    reply = client.post("/v1/ask/batch", json={"example": "committee-2009",
                                                "requests": [SUBSTITUTE, EXPENSE]})
    assert reply.status_code == 200, reply.text
    decisions = reply.json()["decisions"]
    assert [d["outcome"] for d in decisions] == ["yes", "no"]
    for request, got in zip([SUBSTITUTE, EXPENSE], decisions, strict=True):
        alone = client.post("/v1/ask", json={"example": "committee-2009", **request}).json()
        for d in (got, alone):
            d.pop("record_id")
        assert got == alone
    ids = [d["record_id"] for d in reply.json()["decisions"]]
    assert [store.get(i).question for i in ids] == [SUBSTITUTE["question"], EXPENSE["question"]]
    # A batch with one bad request is refused whole: nothing of it is recorded.
    before = store.count()
    bad = client.post("/v1/ask/batch", json={"example": "committee-2009", "requests": [
        SUBSTITUTE, {"question": "dieu10.substitute_allowed", "arguments": {"meeting": "NOPE",
                                                                            "member": "P05",
                                                                            "substitute": "S03"}}]})
    assert bad.status_code == 422 and bad.json()["path"].startswith("requests[1]")
    assert store.count() == before
    empty = client.post("/v1/ask/batch", json={"example": "committee-2009", "requests": []})
    assert empty.status_code == 422 and empty.json()["path"] == "requests"


def test_document_declares_each_questions_arguments_and_bearer_only_with_a_token() -> None:
    """Mỗi câu hỏi có lược đồ tham số riêng (hợp nhất phân biệt theo «question»); bearer chỉ
    được khai khi dịch vụ có mã truy cập; tiêu đề ASCII."""
    doc = openapi_document()
    assert doc["info"]["title"].isascii() and "dịch vụ" in doc["info"]["description"]
    schemas = doc["components"]["schemas"]
    ask = schemas["AskRequest"]
    assert ask["discriminator"]["propertyName"] == "question"
    assert set(ask["discriminator"]["mapping"]) == {q.id for q in kgrules.questions()}
    arguments = schemas["Ask_dieu10_substitute_allowed_Arguments"]
    assert arguments["required"] == ["meeting", "member", "substitute"]
    assert arguments["additionalProperties"] is False
    assert "securitySchemes" not in doc["components"]
    assert not any("security" in op for item in doc["paths"].values() for op in item.values())
    secured = TestClient(create_app(token="t")).get("/openapi.json").json()
    assert "bearerAuth" in secured["components"]["securitySchemes"]
    assert secured["paths"]["/v1/ask"]["post"]["security"] == [{"bearerAuth": []}]
    kept = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert kept == doc


# --- against a live service ------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("live")
    server = start_server(str(tmp / "decisions.sqlite3"), tmp / "serve.log")
    try:
        yield server
    finally:
        server.stop()


def test_start_log_says_where_the_record_is(live: Server) -> None:
    assert re.search(r"decision record \(sqlite\): /\S+decisions\.sqlite3", live.log_tail())


def test_docs_page_renders_offline_in_chromium(live: Server, tmp_path: Path) -> None:
    """/docs trong Chromium không có mạng ngoài: trang API tương tác hiện đủ các địa chỉ."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it")
    run = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         # Nothing but the service resolves: a CDN script would fail to load.
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--virtual-time-budget=15000", "--dump-dom", f"{live.base}/docs"],
        capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    text = html.unescape(re.sub(r"<[^>]+>", " ", run.stdout))
    squeezed = re.sub(r"\s+", "", text)  # Swagger UI breaks paths at each "/" (<wbr>)
    for path in ("/v1/ask/batch", "/v1/interpretations", "/v1/parameters",
                 "/v1/questions/{question_id}", "POST/v1/ask"):
        assert path in squeezed, text[:2000]
    assert "kgrules decision service" in text
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', run.stdout)


@pytest.mark.slow
def test_generated_client_asks_both_flagships(live: Server, tmp_path: Path) -> None:
    """A client generated by openapi-python-client with default settings installs (pip, under
    its valid name), types each question's arguments, and gets the library's answers, the
    counterfactuals of the ``no`` included."""
    generator = shutil.which("openapi-python-client") or str(
        Path(sys.executable).parent / "openapi-python-client")
    run = subprocess.run([generator, "generate", "--path", str(ROOT / "docs" / "openapi.json")],
                         capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    project = tmp_path / "kgrules-decision-service-client"
    assert (project / "pyproject.toml").exists(), run.stdout
    site = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                              "--target", str(site), str(project)],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stdout + install.stderr
    assert (site / "kgrules_decision_service_client" / "__init__.py").exists()
    sys.path.insert(0, str(site))
    try:
        api = importlib.import_module("kgrules_decision_service_client.api.default.ask")
        models = importlib.import_module("kgrules_decision_service_client.models")
        client_mod = importlib.import_module("kgrules_decision_service_client")
        client = client_mod.Client(base_url=live.base)
        example = models.AskDieu10SubstituteAllowedExample("committee-2009")
        body: Any = models.AskDieu10SubstituteAllowed(
            question=models.AskDieu10SubstituteAllowedQuestion("dieu10.substitute_allowed"),
            arguments=models.AskDieu10SubstituteAllowedArguments(
                meeting="H2009-Q3", member="P05", substitute="S03"),
            example=example)
        got = api.sync(client=client, body=body)
        assert got.outcome.value == "yes", got
        body = models.AskDieu12ExpenseAuthorised(
            question=models.AskDieu12ExpenseAuthorisedQuestion("dieu12.expense_authorised"),
            arguments=models.AskDieu12ExpenseAuthorisedArguments(expenditure="CHI-07"),
            example=models.AskDieu12ExpenseAuthorisedExample("committee-2009"))
        got = api.sync(client=client, body=body)
        case = kgrules.load_example()
        expected = kgrules.ask("dieu12.expense_authorised", case, expenditure="CHI-07")
        assert got.outcome.value == expected.outcome.value == "no"
        assert expected.what_if is not None
        assert got.counterfactuals.to_dict() == expected.what_if.to_dict()
        assert got.counterfactuals.verdict.value == "found" and got.counterfactuals.options
    finally:
        sys.path.remove(str(site))
        for name in [m for m in sys.modules if m.startswith("kgrules_decision_service_client")]:
            del sys.modules[name]


def _accepts(name: str, instance: dict[str, Any]) -> bool:
    """Whether the OpenAPI document's request schema ``name`` accepts ``instance``."""
    import jsonschema

    text = json.dumps(openapi_document()).replace("#/components/schemas/", "#/$defs/")
    defs = json.loads(text)["components"]["schemas"]
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs,
              "$ref": f"#/$defs/{name}"}
    return bool(jsonschema.Draft202012Validator(schema).is_valid(instance))


DATED_2000 = {"meetings": [{"id": "M1", "kind": "regular", "date": "2000-03-01"}]}


@pytest.mark.parametrize(("name", "path", "body", "status", "field"), [
    # An audit without a year: the document and the service agree on where it comes from.
    ("AuditRequest", "/v1/audit", {"case": {}}, 422, "year"),
    ("AuditRequest", "/v1/audit", {"case": {"people": []}, "year": 2009}, 200, None),
    ("AuditRequest", "/v1/audit", {"case": DATED_2000}, 200, None),
    ("AuditRequest", "/v1/audit", {"example": "committee-2009", "offset": 0.0}, 200, None),
    ("AuditRequest", "/v1/audit", {"example": "committee-2009", "case": {}}, 422, "case"),
    # A question asked of neither a case nor an example, or of both.
    ("AskRequest", "/v1/ask", {"question": "dieu12.expense_authorised",
                               "arguments": {"expenditure": "CHI-07"}}, 422, "case"),
    ("AskRequest", "/v1/ask", {"question": "dieu12.expense_authorised", "case": {},
                               "example": "committee-2009",
                               "arguments": {"expenditure": "CHI-07"}}, 422, "case"),
    ("AskRequest", "/v1/ask", {"question": "dieu12.expense_authorised",
                               "example": "committee-2009",
                               "arguments": {"expenditure": "CHI-07"}}, 200, None),
    ("AskBatchRequest", "/v1/ask/batch", {"requests": [
        {"question": "dieu12.expense_authorised", "arguments": {"expenditure": "CHI-07"}}]},
     422, "case"),
    # A day argument the pattern already refuses (month 13).
    ("AskRequest", "/v1/ask", {"question": "dieu2.composition_valid", "example": "committee-2009",
                               "arguments": {"date": "2009-13-01"}}, 422, "arguments.date"),
    # Days that are not real, and 29 February in a leap year (the pattern is exact now).
    ("AskRequest", "/v1/ask", {"question": "dieu2.composition_valid", "example": "committee-2009",
                               "arguments": {"date": "2009-02-30"}}, 422, "arguments.date"),
    ("AskRequest", "/v1/ask", {"question": "dieu2.composition_valid", "example": "committee-2009",
                               "arguments": {"date": "2009-02-29"}}, 422, "arguments.date"),
    ("AskRequest", "/v1/ask", {"question": "dieu2.composition_valid", "example": "committee-2009",
                               "arguments": {"date": "2008-02-29"}}, 200, None),
    ("AskRequest", "/v1/ask", {"question": "dieu2.composition_valid", "case": {
        "meetings": [{"id": "M1", "kind": "regular", "date": "2009-02-29"}]},
                               "arguments": {"date": "2009-03-01"}}, 422,
     "case.meetings[0].date"),
    ("AskRequest", "/v1/ask", {"question": "dieu2.composition_valid", "case": {
        "meetings": [{"id": "M1", "kind": "regular", "date": "2008-02-29"}]},
                               "arguments": {"date": "2009-03-01"}}, 200, None),
    # Quarter and year arguments: the years the library reads (2000-2100).
    ("AskRequest", "/v1/ask", {"question": "dieu10.quarter_obligation_met",
                               "example": "committee-2009", "arguments": {"quarter": "1999-Q4"}},
     422, "arguments.quarter"),
    ("AskRequest", "/v1/ask", {"question": "dieu10.quarter_obligation_met",
                               "example": "committee-2009", "arguments": {"quarter": "2100-Q4"}},
     200, None),
    ("AskRequest", "/v1/ask", {"question": "dieu12.settlement_valid",
                               "example": "committee-2009", "arguments": {"year": "2101"}},
     422, "arguments.year"),
    ("AskRequest", "/v1/ask", {"question": "dieu12.settlement_valid",
                               "example": "committee-2009", "arguments": {"year": "2000"}},
     200, None),
])
def test_the_document_refuses_what_the_service_refuses(
    client: TestClient, name: str, path: str, body: dict[str, Any], status: int,
    field: str | None,
) -> None:
    """Tài liệu OpenAPI chặt đúng như kiểm tra của dịch vụ: yêu cầu tài liệu chấp nhận thì dịch
    vụ trả lời, yêu cầu tài liệu từ chối thì dịch vụ từ chối (422, nêu trường). The document is
    exactly as strict as the service on these: what it accepts is answered, what it refuses
    is refused with 422 naming the field (issue 15: /v1/audit without a year)."""
    reply = client.post(path, json=body)
    assert reply.status_code == status, reply.text
    assert _accepts(name, body) is (status == 200), body
    if field is not None:
        assert reply.json()["path"] == field, reply.json()
    if path == "/v1/audit" and status == 200 and "case" in body and "year" not in body:
        assert reply.json()["year"] == 2008  # records of 2000: the first year audited


def test_the_argument_year_pattern_is_the_librarys_range() -> None:
    """The quarter and year arguments' pattern says exactly ARGUMENT_YEARS (kgrules.catalogue)."""
    from kgrules.catalogue import ARGUMENT_YEARS
    from kgrules.service import ARGUMENT_YEAR_PATTERN

    first, last = ARGUMENT_YEARS
    matched = [y for y in range(10_000) if re.fullmatch(ARGUMENT_YEAR_PATTERN, f"{y:04d}")]
    assert matched == list(range(first, last + 1))


def test_the_document_declares_the_case_checks_no_schema_keyword_states(
        client: TestClient) -> None:
    """A dangling reference or a repeated id is schema-valid yet refused (422): the document
    says so where it applies (``x-kgrules-references``, ``x-kgrules-unique``), issue 15."""
    schemas = openapi_document()["components"]["schemas"]
    assert schemas["Consent"]["properties"]["member"]["x-kgrules-references"] == "people.id"
    assert schemas["Case"]["properties"]["people"]["x-kgrules-unique"] == "id"
    assert "x-kgrules-references" in schemas["Case"]["x-kgrules-extensions"]
    dangling = {"question": "dieu2.composition_valid", "arguments": {"date": "2009-03-01"},
                "case": {"positions": [{"person": "P9", "role": "head", "start": "2009-01-01"}]}}
    twice = {"question": "dieu2.composition_valid", "arguments": {"date": "2009-03-01"},
             "case": {"people": [{"id": "P1", "name": "A"}, {"id": "P1", "name": "B"}]}}
    for body, field in ((dangling, "case.positions[0].person"), (twice, "case.people[1].id")):
        assert _accepts("AskRequest", body)
        reply = client.post("/v1/ask", json=body)
        assert reply.status_code == 422 and reply.json()["path"] == field, reply.text
