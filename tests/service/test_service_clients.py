"""The client examples of docs/service.md, run for real against a live service.

* ``docs/examples/KgrulesClient.java`` is launched as a single source file (``java File.java``,
  Java 17+) against ``kgrules serve``; its answers must be kgrules.ask's. Without java the test
  skips locally and fails in CI (CI's machine has it).
* ``docs/examples/nginx.conf`` is checked by ``nginx -t`` and then served, in front of the
  service, with a throwaway certificate, when nginx is on PATH (or named by
  ``KGRULES_TEST_NGINX``); otherwise it skips (nginx is not part of CI).
* The C# example cannot run here (no .NET); the page says so.
* The page shows each example file whole, and the responses it shows are the service's.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kgrules
from kgrules.loadtest import Client, Server, free_port, start_server, without_record_id

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
PAGE = ROOT / "docs" / "service.md"
TOKEN = "example-token-of-the-tests"
FLAGSHIP = {"dieu10.substitute_allowed", "dieu12.expense_authorised"}
ANSWER = re.compile(r"^answer (\S+)((?: \S+=\S+)*) -> (\S+) \(record (\S+)\)$")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("service")
    server = start_server(str(tmp / "decisions.sqlite3"), tmp / "serve.log", token=TOKEN)
    try:
        yield server
    finally:
        server.stop()


def _needed(tool: str, why: str) -> None:
    """A tool CI has: its absence fails in CI, skips elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is missing in CI: {why}")
    pytest.skip(f"{tool} is not installed")


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        _needed("java", "tests/service/test_service_clients.py runs docs/examples/KgrulesClient.java")
    assert java is not None
    version = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60).stderr
    found = re.search(r'version "(\d+)', version)
    if not found or int(found.group(1)) < 17:
        _needed("java 17+", f"found {version.strip()[:80]!r}")
    return java


def test_java_client_gets_the_library_answers(service: Server, tmp_path: Path) -> None:
    java = _java()
    run = subprocess.run(
        [java, str(EXAMPLES / "KgrulesClient.java"), service.base],
        capture_output=True, text=True, timeout=180, cwd=tmp_path,
        env={**os.environ, "KGRULES_TOKEN": TOKEN},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    answers = [m for m in map(ANSWER.match, lines) if m]
    assert {m.group(1) for m in answers} == FLAGSHIP, run.stdout
    case = kgrules.load_example()
    client = Client(service.base, TOKEN)
    try:
        for m in answers:
            arguments = dict(pair.split("=", 1) for pair in m.group(2).split())
            expected = kgrules.ask(m.group(1), case, **arguments)
            assert m.group(3) == expected.outcome.value, (m.group(0), expected.outcome)
            status, rec = client.json("GET", f"/v1/decisions/{m.group(4)}")
            assert status == 200 and rec["outcome"] == m.group(3), rec
            assert without_record_id(rec["decision"]) == json.loads(json.dumps(expected.to_dict()))
    finally:
        client.close()
    # the decision fetched back by id, and the error reply naming the field
    expense_id = next(m.group(4) for m in answers if m.group(1) == "dieu12.expense_authorised")
    assert any(line.startswith(f"recorded {expense_id} at ") for line in lines), run.stdout
    assert "error 422 ArgumentError at arguments.meeting: " in run.stdout, run.stdout


def test_the_page_shows_each_example_file_whole() -> None:
    page = PAGE.read_text(encoding="utf-8")
    for name in ("KgrulesClient.java", "KgrulesClient.cs", "nginx.conf"):
        text = (EXAMPLES / name).read_text(encoding="utf-8")
        assert f"](examples/{name})" in page, name  # linked, for download
        blocks = [b for b in _fences(page) if b[1].strip() == text.strip()]
        assert blocks, f"docs/service.md does not show docs/examples/{name} as it is"


def _fences(page: str) -> list[tuple[str, str]]:
    """(info string, body) of each fenced block, indentation removed (blocks inside ``???``
    admonitions are indented by four spaces)."""
    out = []
    for m in re.finditer(r"^( *)(```+)([^\n]*)\n(.*?)^\1\2 *$", page, re.M | re.S):
        indent = len(m.group(1))
        body = "\n".join(line[indent:] for line in m.group(4).splitlines())
        out.append((m.group(3).strip(), body))
    return out


def test_the_responses_on_the_page_are_the_services(service: Server) -> None:
    """Every `curl ... /v1/ask -d '...'` request on the page, sent to the service, gets the
    response shown in the next block: a JSON decision (compared but for its record id), or
    ``HTTP/1.1 <status>`` and the error body. The page was written from real replies."""
    page = PAGE.read_text(encoding="utf-8")
    fences = _fences(page)
    shown = {200: 0, 422: 0}
    client = Client(service.base, TOKEN)
    try:
        for n, (info, body) in enumerate(fences):
            if not (info.startswith("sh") and "/v1/ask" in body and "-d '" in body):
                continue
            request = json.loads(body.split("-d '", 1)[1].rsplit("'", 1)[0])
            status, answer = client.json("POST", "/v1/ask", request)
            kind, text = fences[n + 1]
            if kind == "json":
                assert status == 200, answer
                assert without_record_id(answer) == without_record_id(json.loads(text)), request
            else:
                head, _, shown_body = text.partition("\n")
                assert kind == "text" and head.startswith("HTTP/1.1 "), (request, kind, head)
                assert status == int(head.split()[1]), (request, status, answer)
                assert answer == json.loads(shown_body), request
            shown[status] = shown.get(status, 0) + 1
    finally:
        client.close()
    assert shown[200] >= 2 and shown[422] >= 1, shown


# --- nginx (optional: only where nginx is installed) -------------------------------------------


def _nginx() -> str:
    nginx = os.environ.get("KGRULES_TEST_NGINX") or shutil.which("nginx")
    if not nginx:
        pytest.skip("nginx is not installed (optional: KGRULES_TEST_NGINX=/path/to/nginx)")
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed for a throwaway certificate")
    return nginx


def _local_config(tmp: Path, service_port: int, https_port: int, http_port: int) -> Path:
    """docs/examples/nginx.conf with this machine's ports and paths; nothing else changed."""
    text = (EXAMPLES / "nginx.conf").read_text(encoding="utf-8")
    replacements = {
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{service_port};",
        "/etc/ssl/kgrules/": f"{tmp}/",
        "/var/log/nginx/": f"{tmp}/",
        "pid /run/nginx.pid;": f"pid {tmp}/nginx.pid;",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    # where this nginx build keeps request bodies, and (as root) the user its workers run as
    temp = "".join(f"    {kind}_temp_path {tmp}/{kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    text = text.replace("http {\n", "http {\n" + temp, 1)
    if os.geteuid() == 0:
        text = "user root;\n" + text
    conf = tmp / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def test_nginx_config_in_front_of_the_service(service: Server, tmp_path: Path) -> None:
    nginx = _nginx()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-keyout", str(tmp_path / "privkey.pem"),
                    "-out", str(tmp_path / "fullchain.pem")], check=True, capture_output=True)
    https_port, http_port = free_port(), free_port()
    conf = _local_config(tmp_path, int(service.base.rsplit(":", 1)[1]), https_port, http_port)
    check = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path)],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_port(https_port, proc)
        context = ssl.create_default_context(cafile=str(tmp_path / "fullchain.pem"))
        context.check_hostname = False

        def call(method: str, path: str, body: Any = None, token: str | None = TOKEN,
                 raw: bytes | None = None) -> tuple[int, Any]:
            conn = http.client.HTTPSConnection("127.0.0.1", https_port, context=context, timeout=30)
            headers = {"Content-Type": "application/json"}
            if token:
                headers["Authorization"] = f"Bearer {token}"
            data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
            try:
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                payload = response.read()
            finally:
                conn.close()
            try:
                return response.status, json.loads(payload)
            except ValueError:
                return response.status, payload

        request = {"question": "dieu10.substitute_allowed", "example": "committee-2009",
                   "arguments": {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}}
        status, answer = call("POST", "/v1/ask", request)
        expected = kgrules.ask("dieu10.substitute_allowed", kgrules.load_example(),
                               meeting="H2009-Q3", member="P05", substitute="S03")
        assert status == 200 and answer["outcome"] == expected.outcome.value, answer
        # the token travels through nginx: without it, the service's own 401
        status, refused = call("POST", "/v1/ask", request, token=None)
        assert status == 401 and refused["path"] == "Authorization", refused
        assert call("GET", "/openapi.json")[0] == 200
        assert call("GET", "/v1/health", token=None)[1]["status"] == "ok"
        # only the service's paths are passed on
        status, other = call("GET", "/admin", token=None)
        assert status == 404 and other["error"] == "NotFound", other
        # a body over client_max_body_size stops at nginx
        status, _ = call("POST", "/v1/ask", raw=b" " * (21 * 1024 * 1024))
        assert status == 413
        # plain HTTP only redirects to HTTPS
        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        plain.request("GET", "/v1/health")
        redirect = plain.getresponse()
        assert redirect.status == 301 and redirect.getheader("Location", "").startswith("https://")
        plain.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _wait_port(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nginx did not listen on {port}")
