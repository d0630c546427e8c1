"""The decision service: the catalogue, ``ask`` and ``audit`` over HTTP, every answer recorded.

For applications not written in Python (Java, C#, PHP): the same JSON as ``kgrules ask --json``
and ``kgrules audit --json``, plus the id under which each decision was appended to the decision
record (:mod:`kgrules.record`) *before* the reply was sent, so an acknowledged answer survives
the process being killed.

Hostile input costs little: a pure ASGI gate checks the bearer token, refuses a declared
``Content-Length`` over the limit without reading a byte, and counts streamed bytes, stopping at
the limit; the nesting depth is scanned before the JSON parser runs. Every error is JSON
``{"error", "path", "message": {"vi", "en"}}`` naming the field; an unexpected one is logged
with its traceback here and answered with an error id only.

``create_app`` builds the app (tests, embedding); ``serve`` runs it on uvicorn, with ``--workers``
processes built by :func:`app_from_env` from ``KGRULES_*`` environment variables, sharing one
SQLite or PostgreSQL record. ``python -m kgrules.service --openapi`` prints the OpenAPI document
kept in ``docs/openapi.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import hmac
import importlib.resources
import ipaddress
import json
import logging
import os
import re
import socket
import sys
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from typing import Any, Final

import attrs
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kgrules.audit import audit
from kgrules.batch import ask_many
from kgrules.case import MAX_BYTES, MAX_DEPTH, Case, DuplicateKeys, case_schema, parse_json, too_deep
from kgrules.casecache import DEFAULT_ANSWERS as DEFAULT_ANSWER_CACHE
from kgrules.casecache import DEFAULT_ENTRIES as DEFAULT_CASE_CACHE
from kgrules.casecache import AnswerCache, CaseCache
from kgrules.catalogue import ask, listing, question, questions, rule_modules
from kgrules.catalogue import question as catalogue_question
from kgrules.catalogue import questions as catalogue_questions
from kgrules.decision import Outcome, materialise
from kgrules.dsl import RECORD_ARGS
from kgrules.errors import (
    ArgumentError,
    CalendarError,
    CaseError,
    InputError,
    InterpretationError,
    TooExpensive,
    UnknownQuestionError,
    encodable,
)
from kgrules.exact import parse_count
from kgrules.examples import EXAMPLES, load_example
from kgrules.facts import DATE_PATTERN, ID_PATTERN, Act, ActionKind, json_type
from kgrules.i18n import Text
from kgrules.interpretations import SWITCHES, settings
from kgrules.interpretations import settings as make_settings
from kgrules.oracle import OracleEngine
from kgrules.params import iter_parameters
from kgrules.record import (
    Prepared,
    RecordError,
    RecordIntegrityError,
    RecordNotFoundError,
    RecordStore,
    case_digest,
    load_seal_key,
    open_store,
    prepare,
    privilege_warnings,
    rules_version,
)
from kgrules.replycache import DEFAULT_REPLIES as DEFAULT_REPLY_CACHE
from kgrules.replycache import ReplyCache
from kgrules.version import __version__
from kgrules.workers import ClientGone, WorkerFailure, WorkerPool

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_DEPTH",
    "app_from_env",
    "create_app",
    "openapi_document",
    "serve",
]

#: A case may be up to 20 MB (kgrules.case.MAX_BYTES); the envelope around it gets 64 KiB more.
DEFAULT_MAX_BODY_BYTES: Final = MAX_BYTES + 64 * 1024
#: The deepest nesting of a case (as kgrules.case counts it); the envelope adds one level.
DEFAULT_MAX_DEPTH: Final = MAX_DEPTH

ENV_RECORD: Final = "KGRULES_RECORD"
ENV_TOKEN: Final = "KGRULES_TOKEN"
ENV_MAX_BODY: Final = "KGRULES_MAX_BODY_BYTES"
ENV_MAX_DEPTH: Final = "KGRULES_MAX_DEPTH"
#: The seal key's file (never the key itself in the environment): ``kgrules serve --seal-key``.
ENV_SEAL_KEY_FILE: Final = "KGRULES_SEAL_KEY_FILE"
ENV_EVALUATORS: Final = "KGRULES_EVALUATORS"
ENV_BUDGET: Final = "KGRULES_BUDGET_SECONDS"
ENV_HEADER_TIMEOUT: Final = "KGRULES_HEADER_TIMEOUT"
ENV_BODY_TIMEOUT: Final = "KGRULES_BODY_TIMEOUT"
#: Inline cases kept parsed per process (kgrules.casecache); 0 keeps none.
ENV_CASE_CACHE: Final = "KGRULES_CASE_CACHE"
#: Answers kept per process (kgrules.casecache.AnswerCache); 0 keeps none.
ENV_ANSWER_CACHE: Final = "KGRULES_ANSWER_CACHE"
#: Replies to asks kept by body in the HTTP process (kgrules.replycache); 0 keeps none.
ENV_REPLY_CACHE: Final = "KGRULES_REPLY_CACHE"
#: Worker processes evaluating asks, audits and replays under ``kgrules serve``: one heavy
#: request occupies one, the others keep answering (docs/limits.md).
DEFAULT_EVALUATORS: Final = 2
#: The most one request may take in a worker, the wait for a free worker included (seconds);
#: past it the work is stopped and the answer is 503 TooExpensive.
DEFAULT_BUDGET_SECONDS: Final = 30
#: An ask whose body is at most this many bytes is light: it may use the evaluation worker kept
#: for light asks (kgrules.workers). Audits, batches, replays and larger asks are heavy: they
#: share the other workers, so that they never hold every worker (docs/limits.md). The shipped
#: example committee is 39 KB; the costliest light body (about 245 more records on one meeting)
#: took ~50 times the example's ask on durable_rules, whose cost per key grows with the square
#: of its records (issue 14): 256 KiB took ~1,100 times, too long to keep a worker "light".
LIGHT_ASK_BYTES: Final = 64 * 1024
#: The longest a commit of asks waits for the asks expected to join it (:class:`_Committer`):
#: well under one sync of the record to disk (about 4 ms on the project's machine).
COMMIT_GATHER_SECONDS: Final = 0.001
#: An audit answers at most this many findings per request (``limit``), and records only them.
AUDIT_PAGE_DEFAULT: Final = 200
AUDIT_PAGE_MAX: Final = 1000
#: Seconds a client may take to send a request's headers, and its body (408 for a body).
DEFAULT_HEADER_TIMEOUT: Final = 10
DEFAULT_BODY_TIMEOUT: Final = 60

#: ASCII, so that a client generated from the document gets an installable package name
#: (openapi-python-client names it after the title); the Vietnamese title leads the description.
TITLE: Final = "kgrules decision service"
TITLE_VI: Final = "kgrules — dịch vụ quyết định"
DESCRIPTION: Final = (
    "**kgrules — dịch vụ quyết định / decision service.**\n\n"
    "Quy chế hoạt động của Ban Chỉ đạo CNTT tỉnh Kiên Giang (QĐ 1507/QĐ-UBND) dưới dạng luật "
    "thực thi được: hỏi một câu về một hồ sơ, kiểm tra cả năm, và tra lại mọi quyết định đã "
    "ghi.\n\nThe Kiên Giang IT Steering Committee's operating rules (Decision 1507/QĐ-UBND) as "
    "executable rules: ask one question about a case, audit a year, and fetch or replay any "
    "recorded decision. Every answer is appended to the decision record before it is sent; "
    "its `record_id` names it. Errors are JSON naming the offending field by its path."
)

_log = logging.getLogger("kgrules.service")
_OPEN_PATHS: Final = frozenset({"/v1/health", "/openapi.json", "/docs"})
#: Swagger UI's own files, served from the swagger-ui-py package (no CDN): open like /docs.
_DOCS_ASSETS: Final = "/docs/assets"
_RECORD_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_ASK_FIELDS: Final = ("question", "case", "example", "arguments", "interpretations", "engine")
_AUDIT_FIELDS: Final = ("case", "example", "year", "interpretations", "engine", "offset",
                         "limit")
_BATCH_FIELDS: Final = ("case", "example", "requests", "interpretations", "engine")
#: The most questions one POST /v1/ask/batch may ask.
MAX_BATCH: Final = 1000
_ENGINES: Final = ("durable", "oracle")


# --- errors --------------------------------------------------------------------------------------


class ServiceError(Exception):
    """A refusal at the HTTP level (token, size, media type, JSON syntax), not of the input's
    meaning, which kgrules' own InputErrors report."""

    def __init__(self, status: int, error: str, message: Text, path: str | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message.en)
        self.status = status
        self.error = error
        self.message = message
        self.path = path
        self.headers = dict(headers or {})

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in an evaluation worker, re-raised here: rebuilt from its fields.
        return type(self), (self.status, self.error, self.message, self.path, self.headers)

    def response(self) -> JSONResponse:
        # A path or message may quote a key holding a lone surrogate: escaped, so that the
        # report of a typed error can always be encoded (it was an HTTP 500).
        body: dict[str, Any] = {"error": self.error}
        if self.path is not None:
            body["path"] = encodable(self.path)
        body["message"] = {k: encodable(v) for k, v in self.message.to_dict().items()}
        return JSONResponse(body, status_code=self.status, headers=self.headers)


#: A Vietnamese sentence naming the field, per kind of input error (the English detail is the
#: library's own message).
_VI_INPUT: Final[tuple[tuple[type[InputError], str], ...]] = (
    (RecordNotFoundError, "Không có quyết định nào với mã «{record_id}» trong sổ ghi."),
    (CaseError, "Hồ sơ không hợp lệ tại trường «{path}»."),
    (ArgumentError, "Tham số của câu hỏi không hợp lệ: «{path}»."),
    (UnknownQuestionError, "Không có câu hỏi này trong danh mục («{path}»)."),
    (InterpretationError, "Lựa chọn cách hiểu không hợp lệ: «{path}»."),
    (CalendarError, "Lịch làm việc không hợp lệ tại «{path}»."),
    (InputError, "Dữ liệu gửi lên không hợp lệ tại trường «{path}»."),
)


def _input_error(exc: InputError) -> JSONResponse:
    vi = next(t for cls, t in _VI_INPUT if isinstance(exc, cls))
    if exc.path == "$":
        vi = "Nội dung yêu cầu không hợp lệ."
    status = 404 if isinstance(exc, RecordNotFoundError) else 422
    record_id = exc.record_id if isinstance(exc, RecordNotFoundError) else ""
    return ServiceError(status, type(exc).__name__,
                        Text(vi.format(path=exc.path, record_id=record_id), exc.message),
                        exc.path).response()


def _internal_error(error_id: str) -> JSONResponse:
    return JSONResponse(
        {"error": "InternalError", "id": error_id, "message": {
            "vi": f"Lỗi bên trong dịch vụ; mã lỗi {error_id} (đã ghi vào nhật ký máy chủ).",
            "en": f"Internal error; error id {error_id} (logged on the server)."}},
        status_code=500,
    )


def _too_large(limit: int) -> ServiceError:
    return ServiceError(413, "PayloadTooLarge", Text(
        f"Nội dung yêu cầu vượt quá {limit} byte.",
        f"The request body is larger than {limit} bytes."), "$")


# --- the gate: token and body size, before any parsing -------------------------------------------


@attrs.frozen
class _Gate:
    """Pure ASGI middleware, outermost but for Starlette's own error middleware: the bearer
    token (constant-time comparison), the body limit (declared length refused unread, streamed
    bytes counted), and the last resort for unexpected errors (logged with an id; never a
    stack trace in the reply)."""

    app: ASGIApp
    token: str | None
    max_body_bytes: int
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    #: ``POST /v1/ask`` answered here, past FastAPI's routing and request objects (issue 14:
    #: their cost per request was most of the HTTP process's); the same checks, the same
    #: answer and the same errors as the route (:data:`_ERROR_REPLIES`).
    ask: _AskHandler | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            self._authorise(scope)
            body = await self._read_body(scope, receive)
            if body is None:  # the client went away: nobody to answer
                return
            if (self.ask is not None and scope.get("path") == "/v1/ask"
                    and scope.get("method") == "POST" and not scope.get("root_path")):
                await self._ask(scope, body, receive, tracked)
                return
            await self.app(scope, _replay(body, receive), tracked)
        except ClientGone:  # the client left; its work was stopped, nobody to answer
            return
        except ServiceError as exc:
            if not started:
                await exc.response()(scope, receive, send)
        except Exception:
            error_id = uuid.uuid4().hex
            _log.exception("internal error %s on %s %s", error_id, scope.get("method"),
                           scope.get("path"))
            if not started:
                await _internal_error(error_id)(scope, receive, send)

    def _authorise(self, scope: Scope) -> None:
        path = scope.get("path", "")
        if self.token is None or path in _OPEN_PATHS or path.startswith(_DOCS_ASSETS + "/"):
            return
        given = _header(scope, b"authorization")
        scheme, _, credentials = (given or b"").partition(b" ")
        challenge = 'Bearer realm="kgrules"'
        if given is None or scheme.lower() != b"bearer" or not credentials.strip():
            raise ServiceError(401, "Unauthorized", Text(
                "Cần mã truy cập: gửi tiêu đề «Authorization: Bearer <mã>».",
                "A token is required: send the header 'Authorization: Bearer <token>'."),
                "Authorization", {"WWW-Authenticate": challenge})
        # Bytes against bytes, in constant time: a UTF-8 token compares as it was sent.
        if not hmac.compare_digest(credentials.strip(), self.token.encode("utf-8")):
            raise ServiceError(401, "Unauthorized", Text(
                "Mã truy cập không đúng.", "The token is not valid."), "Authorization",
                {"WWW-Authenticate": challenge + ', error="invalid_token"'})

    async def _ask(self, scope: Scope, body: bytes, receive: Receive, send: Send) -> None:
        assert self.ask is not None
        try:
            _check_content_type((_header(scope, b"content-type") or b"").decode("latin-1"))
            reply, headers = await self.ask(body, _until_disconnect(receive))
            response = Response(reply, media_type="application/json", headers=headers)
        except Exception as exc:
            known = _error_reply(exc)
            if known is None:  # ClientGone, or unexpected: the gate's own handling
                raise
            response = known
        await response(scope, receive, send)

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes | None:
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not re.fullmatch(rb"\s*[0-9]+\s*", declared):
                raise ServiceError(400, "BadRequest", Text(
                    "Tiêu đề Content-Length không hợp lệ.", "Invalid Content-Length header."),
                    "Content-Length")
            if int(declared) > self.max_body_bytes:
                raise _too_large(self.max_body_bytes)
        chunks: list[bytes] = []
        size = 0
        # A body dripping in (slowloris) holds a connection, not a worker: cut at the limit.
        # One timer for the whole body (asyncio.wait_for per message cost a task each).
        try:
            async with asyncio.timeout(self.body_timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return None
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.max_body_bytes:
                        raise _too_large(self.max_body_bytes)
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            raise ServiceError(408, "RequestTimeout", Text(
                f"Nội dung yêu cầu không được gửi xong trong {self.body_timeout:g} giây.",
                f"The request body was not sent within {self.body_timeout:g} seconds."),
                "$", {"Connection": "close"}) from None
        return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body read once, handed on as the app expects to receive it."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


#: Answers an ask's body (given a waiter for the client's disconnection): the reply's JSON and
#: its headers.
_AskHandler = Callable[[bytes, Callable[[], Awaitable[None]]],
                       Awaitable[tuple[bytes, dict[str, str]]]]


def _until_disconnect(receive: Receive) -> Callable[[], Awaitable[None]]:
    """A waiter that returns when the client disconnects (the pool stops its work then)."""
    async def disconnected() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    return disconnected


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value)
    return None


# --- reading a request ---------------------------------------------------------------------------


def _too_deep_error(max_depth: int) -> ServiceError:
    return ServiceError(413, "TooDeep", Text(
        f"Nội dung yêu cầu lồng nhau quá sâu (hồ sơ tối đa {max_depth} cấp).",
        f"The request nests too deep (a case at most {max_depth} levels)."), "$")


def _check_media_type(request: Request) -> None:
    _check_content_type(request.headers.get("content-type", ""))


def _check_content_type(value: str) -> None:
    media, _, params = value.partition(";")
    charset = re.search(r"charset\s*=\s*\"?([^\";\s]+)", params, re.IGNORECASE)
    if media.strip().lower() != "application/json" or (
        charset is not None and charset.group(1).lower() not in ("utf-8", "utf8")
    ):
        raise ServiceError(415, "UnsupportedMediaType", Text(
            "Nội dung yêu cầu phải là JSON (Content-Type: application/json, UTF-8).",
            "The request body must be JSON (Content-Type: application/json, UTF-8)."),
            "Content-Type")


def _envelope(body: bytes, max_depth: int, fields: tuple[str, ...]) -> dict[str, Any]:
    """The request object: depth scanned before parsing; repeated keys kept for kgrules.case
    to report inside the case (and reported here outside it); unknown fields refused."""
    return _parse_envelope(body, max_depth, fields)[0]


def _parse_envelope(body: bytes, max_depth: int, fields: tuple[str, ...]
                    ) -> tuple[dict[str, Any], bool]:
    """:func:`_envelope`, and whether no object of the body repeated a key (only such a case
    may be cached: kgrules.casecache)."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ServiceError(400, "InvalidJSON", Text(
            f"Nội dung yêu cầu không phải UTF-8 (byte {exc.start}).",
            f"The request body is not UTF-8 (byte {exc.start})."), "$") from None
    if too_deep(text, max_depth + 1):
        raise _too_deep_error(max_depth)
    duplicates: list[str] = []
    try:
        obj = parse_json(text, duplicates)
    except CaseError as exc:  # kgrules.case's parser: syntax, NaN, or recursion (unbalanced)
        if exc.message.startswith("nesting"):
            raise _too_deep_error(max_depth) from None
        raise ServiceError(400, "InvalidJSON", Text(
            "Nội dung yêu cầu không phải JSON hợp lệ.", exc.message), "$") from None
    if not isinstance(obj, dict):
        raise InputError("$", "the request body must be a JSON object")
    if isinstance(obj, DuplicateKeys):
        raise InputError(obj.duplicate, f"key {obj.duplicate!r} appears twice in one object")
    for key in obj:
        if key not in fields:
            raise InputError(key, f"unknown field; the fields are {', '.join(fields)}")
    return obj, not duplicates


def _strings(obj: Mapping[str, Any], field: str, error: type[InputError]) -> dict[str, str]:
    value = obj.get(field, {})
    if not isinstance(value, dict):
        raise InputError(field, "must be a JSON object of strings")
    if isinstance(value, DuplicateKeys):
        raise error(f"{field}.{value.duplicate}", "appears twice")
    for name, item in value.items():
        if not isinstance(item, str):
            raise error(f"{field}.{name}", f"must be a string, not {_json_type(item)}")
    return dict(value)


def _json_type(value: object) -> str:
    return json_type(value)


@functools.lru_cache(maxsize=4)
def _example(name: str) -> Case:
    return load_example(name)


def _case(obj: Mapping[str, Any], cache: CaseCache | None = None) -> Case:
    """The request's case: a shipped example by name, or the inline facts (from ``cache`` when
    given: the caller passes one only when no object of the body repeated a key)."""
    if ("case" in obj) == ("example" in obj):
        raise InputError("case", "give either case (the facts) or example (a shipped example's "
                         "name), and not both")
    if "example" in obj:
        name = obj["example"]
        if not isinstance(name, str):
            raise InputError("example", f"must be a string, not {_json_type(name)}")
        return _example(name)
    if cache is not None:
        return cache.get(obj["case"], _inline_case)
    return _inline_case(obj["case"])


def _inline_case(value: Any) -> Case:
    try:
        return Case.from_dict(value)
    except CaseError as exc:
        path = "case" if exc.path == "$" else f"case.{exc.path}"
        raise CaseError(path, exc.message) from None


def _engine(obj: Mapping[str, Any]) -> Any:
    name = obj.get("engine", "durable")
    if name not in _ENGINES:
        raise InputError("engine", f"must be one of {', '.join(_ENGINES)}")
    if name == "oracle":
        return OracleEngine()
    return None


# --- the service ---------------------------------------------------------------------------------


class _Service:
    """What the endpoints do, off the event loop (FastAPI's thread pool)."""

    def __init__(self, store: RecordStore | None, max_depth: int,
                 seal_key: bytes | None = None, case_cache: int = DEFAULT_CASE_CACHE,
                 answer_cache: int = DEFAULT_ANSWER_CACHE) -> None:
        self._store = store
        self._seal_key = seal_key
        self._owned = store is None
        self._lock = threading.Lock()
        self.max_depth = max_depth
        #: Inline cases already parsed, by digest (kgrules.casecache; 0 entries: none kept).
        self.cases = CaseCache(case_cache)
        #: Decisions already made in this process, by case digest and request (0: none kept).
        self.answers = AnswerCache(answer_cache)

    @property
    def store(self) -> RecordStore:
        """The record, opened on first use when the app was not given one ($KGRULES_RECORD,
        else ./kgrules-decisions.sqlite3), so building the app touches no file."""
        with self._lock:
            if self._store is None:
                self._store = open_store(None, seal_key=self._seal_key)
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._owned and self._store is not None:
                self._store.close()
                self._store = None

    def health(self) -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "rules_version": rules_version(),
                "record": self.store.kind}

    def prepare_ask(self, body: bytes) -> tuple[Prepared, bytes, bool]:
        """The decision's record row (its id given, not yet written), the reply naming it, and
        whether the reply may be kept for this very body (kgrules.replycache: not when the
        body repeats a key): what an evaluation worker sends back for the service process to
        commit."""
        obj, clean = _parse_envelope(body, self.max_depth, _ASK_FIELDS)
        if "question" not in obj:
            raise InputError("question", "required: a question id (GET /v1/questions)")
        if not isinstance(obj["question"], str):
            raise InputError("question", f"must be a string, not {_json_type(obj['question'])}")
        q = question(obj["question"])
        arguments = _strings(obj, "arguments", ArgumentError)
        names = {a.name for a in q.arguments}
        for name in arguments:  # before ask(): a name like "engine" would clash with its own
            if name not in names:
                raise ArgumentError(f"arguments.{name}", f"{q.id} takes no argument {name!r} "
                                    f"(it takes {', '.join(sorted(names))})")
        chosen = settings(_strings(obj, "interpretations", InterpretationError))
        engine = _engine(obj)
        case = _case(obj, self.cases if clean else None)
        named: dict[str, Any] = dict(arguments)
        key = (case_digest(case), q.id, tuple(sorted(arguments.items())),
               tuple(sorted(chosen.to_dict().items())), "durable" if engine is None else engine.name)
        decision = self.answers.get(key, lambda: materialise(
            ask(q.id, case, interpretations=chosen, engine=engine, **named)))
        prepared = prepare([decision], case, settings=chosen, source="service")
        reply = _render(attrs.evolve(decision, record_id=prepared.rows[0].id).to_dict())
        return prepared, reply, clean

    def audit(self, body: bytes) -> dict[str, Any]:
        obj = _envelope(body, self.max_depth, _AUDIT_FIELDS)
        year = _integer(obj["year"]) if "year" in obj else None
        if "year" in obj and year is None:
            raise InputError("year", f"must be an integer, not {_json_type(obj['year'])}")
        offset = _whole(obj, "offset", 0, 0, None)
        limit = _whole(obj, "limit", AUDIT_PAGE_DEFAULT, 1, AUDIT_PAGE_MAX)
        chosen = settings(_strings(obj, "interpretations", InterpretationError))
        engine = _engine(obj)
        case = _case(obj)
        report = audit(case, year, interpretations=chosen, engine=engine)
        # One page of findings answered and recorded: the reply and the record's growth per
        # request are bounded by ``limit``, whatever the size of the case.
        page = report.findings[offset:offset + limit]
        entries = self.store.append_many([f.decision for f in page], case,
                                         settings=report.settings, source="service")
        out = report.to_dict()
        out["findings"] = out["findings"][offset:offset + limit]
        for finding, entry in zip(out["findings"], entries, strict=True):
            finding["decision"]["record_id"] = entry.id
        total = len(report.findings)
        out["page"] = {"offset": offset, "limit": limit, "total": total,
                       "next": offset + limit if offset + limit < total else None}
        return out

    def ask_batch(self, body: bytes) -> dict[str, Any]:
        """Many questions about one case, their decisions appended in one transaction."""
        obj = _envelope(body, self.max_depth, _BATCH_FIELDS)
        requests = obj.get("requests")
        if not isinstance(requests, list) or not requests:
            raise InputError("requests", "required: a non-empty list of {question, arguments}")
        if len(requests) > MAX_BATCH:
            raise InputError("requests", f"at most {MAX_BATCH} questions in one batch, not "
                             f"{len(requests)}")
        chosen = make_settings(_strings(obj, "interpretations", InterpretationError))
        engine = _engine(obj)
        case = _case(obj)
        decisions = ask_many(case, requests, interpretations=chosen, engine=engine, workers=1)
        entries = self.store.append_many(decisions, case, settings=chosen, source="service")
        return {"decisions": [attrs.evolve(d, record_id=e.id).to_dict()
                              for d, e in zip(decisions, entries, strict=True)]}

    def record(self, record_id: str) -> dict[str, Any]:
        """The row as recorded, checked against its own hash as ``kgrules record show`` does: an
        altered row is returned flagged (``matches_hash`` false, ``altered`` says so), never as
        any other."""
        _check_record_id(record_id)
        return self.store.get(record_id).checked_dict()

    def replay(self, record_id: str) -> dict[str, Any]:
        _check_record_id(record_id)
        return self.store.replay(record_id).to_dict()

    def verify(self) -> dict[str, Any]:
        """The whole record walked (its seals checked when the service holds the key)."""
        return self.store.verify().to_dict()



class _Committer:
    """The asks' decisions written by one thread of the service process: each transaction takes
    every ask queued since the previous one began (group commit: one transaction and one sync
    for all, kgrules.record), and one callback per transaction wakes their requests on the event
    loop. (A pool of threads, each parked in the record's queue, wrote the same groups but woke
    a thread and switched the GIL per ask.)

    Gathering: clients that each wait for their answer before asking again fell into two
    groups taking turns, each committed while the other's asks arrived, so a sync carried
    about half of them. So each transaction notes how many asks were in flight as it ended
    (its own and those queued meanwhile); the next waits up to ``gather_seconds`` for that
    many to be queued before it begins (never longer; a lone client's next transaction
    expects one ask and never waits)."""

    def __init__(self, store: Callable[[], RecordStore],
                 gather_seconds: float = COMMIT_GATHER_SECONDS) -> None:
        self._store = store
        self._cond = threading.Condition()
        self._queue: list[tuple[Prepared, asyncio.Future[list[int]]]] = []
        self._thread: threading.Thread | None = None
        self._closed = False
        self._gather_seconds = gather_seconds
        #: asks in flight when the last transaction ended: how many the next one waits for
        self._expected = 1

    def write(self, prepared: Prepared) -> asyncio.Future[list[int]]:
        """A future of the rows' seqs, set once their transaction committed (or its error)."""
        future: asyncio.Future[list[int]] = asyncio.get_running_loop().create_future()
        with self._cond:
            self._queue.append((prepared, future))
            if self._thread is None:  # the first ask, or the first since a shutdown
                self._closed = False
                self._thread = threading.Thread(target=self._run, name="kgrules-commit",
                                                daemon=True)
                self._thread.start()
            self._cond.notify()
        return future

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closed:
                    self._cond.wait()
                if not self._queue:
                    self._thread = None
                    return
                if len(self._queue) < self._expected and self._gather_seconds > 0:
                    until = time.monotonic() + self._gather_seconds
                    while len(self._queue) < self._expected and not self._closed:
                        left = until - time.monotonic()
                        if left <= 0:
                            break
                        self._cond.wait(left)
                batch, self._queue = self._queue, []
            results: list[list[int] | BaseException]
            try:
                results = self._store().write_all([prepared for prepared, _ in batch])
            except BaseException as exc:  # the store could not be opened, say: all refused
                results = [exc] * len(batch)
            with self._cond:
                self._expected = len(batch) + len(self._queue)
            loops: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[list[int]],
                                                             list[int] | BaseException]]] = {}
            for (_, future), result in zip(batch, results, strict=True):
                loops.setdefault(future.get_loop(), []).append((future, result))
            for loop, settled in loops.items():
                try:
                    loop.call_soon_threadsafe(_settle, settled)
                except RuntimeError:  # that loop is closed: nobody waits any more
                    pass

    def close(self) -> None:
        """Write what is queued, then stop the thread (an app started again, as a test client
        does, starts another at its first ask)."""
        with self._cond:
            self._closed = True
            self._cond.notify()
            thread = self._thread
        if thread is not None:
            thread.join()


def _settle(settled: list[tuple[asyncio.Future[list[int]], list[int] | BaseException]]) -> None:
    for future, result in settled:
        if future.done():  # its request stopped waiting (its budget)
            continue
        if isinstance(result, BaseException):
            future.set_exception(result)
        else:
            future.set_result(result)


def _whole(obj: Mapping[str, Any], field: str, default: int, minimum: int,
           maximum: int | None) -> int:
    """An optional JSON integer field (a bool or a numeric string is not one)."""
    if field not in obj:
        return default
    value = _integer(obj[field])
    if value is None:
        raise InputError(field, f"must be an integer, not {_json_type(obj[field])}")
    return parse_count(field, value, minimum=minimum, maximum=maximum)


def _integer(value: object) -> int | None:
    """A JSON integer of the request's own fields, ``2009.0`` included: JSON Schema's
    ``integer`` (the OpenAPI document's) accepts a number with no fraction, so the service
    does too; a bool, a string or a fraction is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


# Jobs of the evaluation workers (kgrules.workers): module-level, so they are sent by name.


def _worker_setup(location: str | None, max_depth: int, seal_key: bytes | None,
                  case_cache: int = DEFAULT_CASE_CACHE,
                  answer_cache: int = DEFAULT_ANSWER_CACHE) -> _Service:
    questions()  # the catalogue loaded before the worker says it is ready
    rules_version()  # and the rules digested (about a second), outside any request's budget
    return _Service(open_store(location, seal_key=seal_key), max_depth, seal_key, case_cache,
                    answer_cache)


def _render(content: Any) -> bytes:
    """JSON as Starlette's JSONResponse writes it, done where the answer is computed: a page of
    an audit (megabytes) is never serialised on the event loop."""
    return json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None,
                      separators=(",", ":")).encode("utf-8")


def _prepare_ask_job(service: _Service, body: bytes) -> tuple[Prepared, bytes, bool]:
    return service.prepare_ask(body)


def _ask_batch_job(service: _Service, body: bytes) -> bytes:
    return _render(service.ask_batch(body))


def _audit_job(service: _Service, body: bytes) -> bytes:
    return _render(service.audit(body))


def _replay_job(service: _Service, record_id: str) -> bytes:
    return _render(service.replay(record_id))


def _check_record_id(record_id: str) -> None:
    """An id that no store ever issues is not worth a query (nor a NUL byte sent to SQL)."""
    if not _RECORD_ID.fullmatch(record_id):
        raise RecordNotFoundError(record_id)


def _question(question_id: str) -> dict[str, Any]:
    """One entry of the catalogue, as ``GET /v1/questions`` lists it."""
    q = catalogue_question(question_id)  # UnknownQuestionError (422 naming "question") if there is none
    return next(entry for entry in _questions() if entry["id"] == q.id)


@functools.cache
def _interpretations() -> list[dict[str, Any]]:
    """The interpretation register: each open point of the text, its readings and default."""
    return [{"switch": s.name, "point": s.point, "title": s.title.to_dict(),
             "readings": {k: v.to_dict() for k, v in s.readings.items()},
             "default": s.default, "why_default": s.why_default.to_dict(),
             "clauses": list(s.clauses)}
            for s in sorted(SWITCHES.values(), key=lambda s: s.point)]


@functools.cache
def _parameters() -> list[dict[str, Any]]:
    """The regulation's dated parameters (kgrules.params), each with its history of values."""
    return [{"name": p.name, "label": {"vi": p.label_vi, "en": p.label_en}, "unit": p.unit,
             "clauses": list(p.clauses),
             "values": [{"since": v.since.isoformat(),
                         "value": v.value if isinstance(v.value, int) else v.value.isoformat(),
                         "source": v.source} for v in p.values]}
            for p in iter_parameters()]


@functools.cache
def _questions() -> list[dict[str, Any]]:
    """Exactly ``kgrules questions --json``."""

    return listing()


# --- the app -------------------------------------------------------------------------------------


def create_app(*, store: RecordStore | None = None, token: str | None = None,
               max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
               max_depth: int = DEFAULT_MAX_DEPTH, seal_key: bytes | None = None,
               evaluators: int = 0, budget_seconds: float = DEFAULT_BUDGET_SECONDS,
               body_timeout: float = DEFAULT_BODY_TIMEOUT,
               case_cache: int = DEFAULT_CASE_CACHE,
               answer_cache: int = DEFAULT_ANSWER_CACHE,
               light_ask_bytes: int = LIGHT_ASK_BYTES,
               reply_cache: int = DEFAULT_REPLY_CACHE) -> FastAPI:
    """The decision service as an ASGI app.

    ``store``: the decision record (default: opened on first use from $KGRULES_RECORD, else
    ./kgrules-decisions.sqlite3, and closed at shutdown). ``token``: when set, every /v1/
    endpoint but /v1/health needs ``Authorization: Bearer <token>``. ``max_body_bytes`` and
    ``max_depth`` (the case's nesting) are refused with 413 before any parsing; a body not
    sent within ``body_timeout`` seconds gets 408. ``seal_key``: the record the app (or each
    worker process) opens seals checkpoints with it (kgrules.record).

    ``evaluators``: asks, audits and replays run in that many worker processes
    (:mod:`kgrules.workers`), each request within ``budget_seconds`` (else 503 TooExpensive)
    and stopped when its client disconnects; ``kgrules serve`` uses
    :data:`DEFAULT_EVALUATORS`. With 0 (embedding, tests) they run in this process's threads,
    with neither budget nor isolation. With two or more, one is kept for light asks (bodies of
    at most ``light_ask_bytes``), so heavy requests never hold every worker. An ask's decision
    is made in a worker and committed to the record by this process, together with the other
    asks waiting (group commit), before the reply is sent.

    ``case_cache``: inline cases kept parsed per process, by digest; ``answer_cache``: decisions
    kept per process, by case digest and request (kgrules.casecache; 0: none);
    ``reply_cache``: replies to asks kept by body in this process, so that the same ask again
    is recorded and answered without a worker (kgrules.replycache; 0: none).
    """
    if token is not None and not token:
        raise InputError("token", "an empty token would accept anyone; give none or a real one")
    for name, value in (("max_body_bytes", max_body_bytes), ("max_depth", max_depth),
                        ("light_ask_bytes", light_ask_bytes)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(name, "must be a positive integer")
    if isinstance(evaluators, bool) or not isinstance(evaluators, int) or evaluators < 0:
        raise InputError("evaluators", "must be a whole number (0: in this process)")
    for name, seconds in (("budget_seconds", budget_seconds), ("body_timeout", body_timeout)):
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not seconds > 0:
            raise InputError(name, "must be a positive number of seconds")
    for name, size in (("case_cache", case_cache), ("answer_cache", answer_cache),
                       ("reply_cache", reply_cache)):
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise InputError(name, "must be a whole number (0: no cache)")
    service = _Service(store, max_depth, seal_key, case_cache, answer_cache)
    pool = None
    if evaluators:
        location = store.location if store is not None else os.environ.get(ENV_RECORD) or None
        pool = WorkerPool(evaluators, float(budget_seconds), _worker_setup,
                          (location, max_depth, seal_key, case_cache, answer_cache),
                          preload=["kgrules.service", *rule_modules()])
    committer = _Committer(lambda: service.store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # rules_version digests the code and tables once (about a second): before the first
        # request, not during it.
        await run_in_threadpool(rules_version)
        if pool is not None:
            await run_in_threadpool(pool.wait_ready, 120.0)
        yield
        if pool is not None:
            pool.close()
        committer.close()
        service.close()

    app = FastAPI(title=TITLE, description=DESCRIPTION, version=__version__, docs_url=None,
                  redoc_url=None, openapi_url="/openapi.json", lifespan=lifespan)
    app.state.pool = pool
    _handlers(app)
    app.state.replies = ReplyCache(reply_cache)
    answer_ask = _routes(app, service, pool, committer, float(budget_seconds), light_ask_bytes,
                         app.state.replies)
    app.add_middleware(_Gate, token=token, max_body_bytes=max_body_bytes,
                       body_timeout=float(body_timeout), ask=answer_ask)
    _docs(app)
    app.openapi = functools.partial(_openapi, app, token is not None)  # type: ignore[method-assign]
    return app


def _record_unavailable(exc: Exception) -> Response:
    error_id = uuid.uuid4().hex
    _log.error("decision record unavailable (%s): %s", error_id, exc)
    return ServiceError(503, "RecordUnavailable", Text(
        f"Sổ ghi quyết định tạm thời không dùng được (mã lỗi {error_id}); chưa có quyết "
        "định nào được trả lời.",
        f"The decision record is unavailable (error id {error_id}); no decision was given."),
        headers={"Retry-After": "5"}).response()


def _record_tampered(exc: Exception) -> Response:
    _log.error("decision record altered: %s", exc)
    return ServiceError(409, "RecordTampered", Text(
        "Sổ ghi quyết định đã bị thay đổi ở chỗ này (không khớp mã băm); không trả lời lại. "
        "Xem GET /v1/record/verify.",
        f"The decision record was altered here ({exc}); nothing is replayed. See GET "
        "/v1/record/verify.")).response()


def _too_expensive(exc: Exception) -> Response:
    assert isinstance(exc, TooExpensive)
    return ServiceError(503, "TooExpensive", Text(
        f"Yêu cầu cần hơn {exc.seconds:g} giây tính toán nên đã bị dừng; hãy chia nhỏ hồ sơ, "
        "hỏi từng trang (offset, limit) hoặc thử lại sau.",
        f"The request needed more than its {exc.seconds:g} s budget and was stopped: send "
        "a smaller case, ask page by page (offset, limit), or retry later."),
        headers={"Retry-After": "10"}).response()


def _worker_failure(exc: Exception) -> Response:
    assert isinstance(exc, WorkerFailure)
    error_id = uuid.uuid4().hex
    _log.error("internal error %s in an evaluation worker:\n%s", error_id, exc.details)
    return _internal_error(error_id)


def _input_error_response(exc: Exception) -> Response:
    assert isinstance(exc, InputError)
    return _input_error(exc)


def _service_error_response(exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    return exc.response()


#: The reply to each expected error of an endpoint, by class (the most specific class of an
#: exception's MRO wins, as in Starlette): one table for FastAPI's handlers and for the
#: ``POST /v1/ask`` fast path (:class:`_Gate`), so both answer an error alike.
_ERROR_REPLIES: Final[Mapping[type[Exception], Callable[[Exception], Response]]] = {
    TooExpensive: _too_expensive,
    WorkerFailure: _worker_failure,
    InputError: _input_error_response,
    ServiceError: _service_error_response,
    RecordIntegrityError: _record_tampered,
    RecordError: _record_unavailable,
}


def _error_reply(exc: Exception) -> Response | None:
    """The reply to an expected error, or None for an unexpected one (a 500 with an id)."""
    for cls in type(exc).__mro__:
        reply = _ERROR_REPLIES.get(cls)
        if reply is not None:
            return reply(exc)
    return None


def _handlers(app: FastAPI) -> None:
    async def known_error(_request: Request, exc: Exception) -> Response:
        reply = _error_reply(exc)
        assert reply is not None
        return reply

    async def http_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        status = exc.status_code
        if status == 404:
            error, text = "NotFound", Text("Không có địa chỉ này.", "No such endpoint.")
        elif status == 405:
            error, text = "MethodNotAllowed", Text("Địa chỉ này không nhận phương thức này.",
                                                   "This endpoint does not accept this method.")
        else:
            error, text = "HTTPError", Text(f"Lỗi HTTP {status}.", f"HTTP error {status}.")
        return ServiceError(status, error, text, headers=exc.headers).response()

    async def validation_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        first = exc.errors()[0] if exc.errors() else {}
        path = ".".join(str(p) for p in first.get("loc", ())) or "$"
        return ServiceError(422, "InputError", Text(
            f"Dữ liệu gửi lên không hợp lệ tại trường «{path}».",
            str(first.get("msg", "invalid request"))), path).response()

    for cls in _ERROR_REPLIES:
        app.add_exception_handler(cls, known_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)


def _docs(app: FastAPI) -> None:
    """The interactive API page at /docs, its scripts and styles served from this process (the
    swagger-ui-py package's copy of Swagger UI 5), so it works offline and loads nothing else."""
    assets = importlib.resources.files("swagger_ui") / "static"
    app.mount(_DOCS_ASSETS, StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title=f"{TITLE_VI} / {TITLE}",
            swagger_js_url=f"{_DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{_DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{_DOCS_ASSETS}/favicon-32x32.png")


def _routes(app: FastAPI, service: _Service, pool: WorkerPool | None,
            committer: _Committer, budget_s: float, light_ask_bytes: int,
            replies: ReplyCache) -> _AskHandler:
    async def evaluate(request: Request, job: Any, payload: Any, heavy: bool = True) -> Response:
        """In a worker process when there is a pool (stopped past its budget or when the
        client goes; a heavy job never in the worker kept for light asks), else in a thread;
        the answer comes back as JSON text."""
        if pool is None:
            content = await run_in_threadpool(job, service, payload)
        else:
            timings: dict[str, float] = {}
            content = await pool.run(job, payload, _disconnected(request), heavy=heavy,
                                     timings=timings)
            return Response(content, media_type="application/json",
                            headers=_server_timing(timings))
        return Response(content, media_type="application/json")

    async def answer_ask(body: bytes, disconnected: Callable[[], Awaitable[None]]
                         ) -> tuple[bytes, dict[str, str]]:
        """An ask: a body answered before in this process from the reply cache, else decided
        in a worker (a thread without a pool); either way the decision is committed here with
        the other asks waiting (one transaction for all: kgrules.record's group commit), and
        only then is the reply returned. The commit has a budget of its own: past it the
        answer is 503 TooExpensive, and the commit, which cannot be stopped, may still record
        the decision (the record may hold more than was acknowledged, never less)."""
        timings: dict[str, float] = {}
        looked = time.monotonic()
        hit = replies.get(body)
        cacheable = False
        if hit is not None:
            prepared, reply = hit
            timings["cache"] = (time.monotonic() - looked) * 1000
        elif pool is None:
            prepared, reply, cacheable = await run_in_threadpool(service.prepare_ask, body)
        else:
            # Light by its size alone: the parent never parses a case (docs/limits.md).
            prepared, reply, cacheable = await pool.run(
                _prepare_ask_job, body, disconnected, heavy=len(body) > light_ask_bytes,
                timings=timings)
        committing = time.monotonic()
        written = committer.write(prepared)
        try:
            async with asyncio.timeout(budget_s):
                seqs = await written
        except TimeoutError:
            raise TooExpensive(budget_s) from None
        if len(seqs) != len(prepared.rows):
            raise RecordError("the record wrote another number of rows than it was given")
        timings["record"] = (time.monotonic() - committing) * 1000
        if cacheable:
            replies.put(body, prepared, reply)
        return reply, _server_timing(timings)

    @app.get("/v1/health", **_operation("health"))
    async def health() -> JSONResponse:
        return JSONResponse(await run_in_threadpool(service.health))

    @app.get("/v1/questions", **_operation("questions"))
    async def questions() -> JSONResponse:
        return JSONResponse(await run_in_threadpool(_questions))

    @app.get("/v1/questions/{question_id}", **_operation("question"))
    async def one_question(request: Request) -> JSONResponse:
        question_id = request.path_params["question_id"]
        return JSONResponse(await run_in_threadpool(_question, question_id))

    @app.get("/v1/interpretations", **_operation("interpretations"))
    async def interpretations() -> JSONResponse:
        return JSONResponse(await run_in_threadpool(_interpretations))

    @app.get("/v1/parameters", **_operation("parameters"))
    async def parameters() -> JSONResponse:
        return JSONResponse(await run_in_threadpool(_parameters))

    @app.post("/v1/ask/batch", **_operation("ask_batch"))
    async def ask_batch(request: Request) -> Response:
        _check_media_type(request)
        return await evaluate(request, _ask_batch_job, await request.body())

    @app.post("/v1/ask", **_operation("ask"))
    async def ask(request: Request) -> Response:
        # Reached only when the gate's fast path is not taken (a root path): the same answer.
        _check_media_type(request)
        reply, headers = await answer_ask(await request.body(), _disconnected(request))
        return Response(reply, media_type="application/json", headers=headers)

    @app.post("/v1/audit", **_operation("audit"))
    async def audit(request: Request) -> Response:
        _check_media_type(request)
        return await evaluate(request, _audit_job, await request.body())

    @app.get("/v1/decisions/{record_id}", **_operation("record"))
    async def decision(request: Request) -> JSONResponse:
        record_id = request.path_params["record_id"]
        return JSONResponse(await run_in_threadpool(service.record, record_id))

    @app.get("/v1/decisions/{record_id}/replay", **_operation("replay"))
    async def replay(request: Request) -> Response:
        record_id = request.path_params["record_id"]
        _check_record_id(record_id)
        return await evaluate(request, _replay_job, record_id)

    @app.get("/v1/record/verify", **_operation("verify"))
    async def verify() -> JSONResponse:
        return JSONResponse(await run_in_threadpool(service.verify))

    return answer_ask


def _server_timing(timings: dict[str, float]) -> dict[str, str]:
    """Where a pooled request's time went, for operators and the bounded-request test: waiting
    for a worker (``queue``), then in it (``evaluate``), as W3C Server-Timing in milliseconds."""
    return {"Server-Timing": ", ".join(f"{k};dur={v:.3f}" for k, v in timings.items())}


def _disconnected(request: Request) -> Callable[[], Awaitable[None]]:
    """A waiter that returns when the client disconnects (the pool stops its work then)."""
    return _until_disconnect(request.receive)


# --- OpenAPI -------------------------------------------------------------------------------------


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: Mapping[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS: Final[Mapping[int, str]] = {
    400: "JSON không hợp lệ / malformed JSON",
    401: "Thiếu hoặc sai mã truy cập / missing or wrong bearer token",
    404: "Không có quyết định này / no such recorded decision",
    408: "Thân yêu cầu không được gửi xong kịp thời hạn / the body was not sent in time",
    409: "Sổ ghi đã bị thay đổi ở quyết định này / the record was altered at this decision",
    413: "Nội dung quá lớn hoặc lồng quá sâu / body too large or nested too deep",
    415: "Không phải application/json / not application/json",
    422: "Dữ liệu không hợp lệ, trường được nêu trong path / bad input, the field named by path",
    500: "Lỗi bên trong, chỉ có mã lỗi / internal error, an error id only",
    503: "Sổ ghi quyết định không dùng được, hoặc yêu cầu vượt thời hạn tính toán "
         "(TooExpensive) / the decision record is unavailable, or the request exceeded its "
         "evaluation budget (TooExpensive); see Retry-After",
}

_REQUEST_EXAMPLES: Final[Mapping[str, Mapping[str, Any]]] = {
    "ask": {
        "substitute": {"summary": "Người dự họp thay / a substitute at a meeting", "value": {
            "question": "dieu10.substitute_allowed", "example": "committee-2009",
            "arguments": {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}}},
        "expense": {"summary": "Khoản chi / an expenditure", "value": {
            "question": "dieu12.expense_authorised", "example": "committee-2009",
            "arguments": {"expenditure": "CHI-01"}}},
    },
    "ask_batch": {
        "flagships": {"summary": "Hai câu hỏi về hồ sơ mẫu / two questions about the example",
                      "value": {"example": "committee-2009", "requests": [
                          {"question": "dieu10.substitute_allowed", "arguments": {
                              "meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}},
                          {"question": "dieu12.expense_authorised",
                           "arguments": {"expenditure": "CHI-07"}}]}},
    },
    "audit": {
        "year": {"summary": "Kiểm tra năm 2009 / audit 2009",
                 "value": {"example": "committee-2009", "year": 2009}},
    },
}


def _operation(name: str) -> dict[str, Any]:
    """Summary, description, request body and responses of one endpoint, for FastAPI."""
    summaries = {
        "health": ("Tình trạng dịch vụ / service health", "Health", ()),
        "questions": ("Danh mục câu hỏi (như `kgrules questions --json`) / the question catalogue",
                      "QuestionList", (401, 500)),
        "ask": ("Hỏi một câu về một hồ sơ (như `kgrules ask --json`), quyết định được ghi / ask "
                "one question about a case; the decision is recorded", "AskResponse",
                (400, 401, 408, 413, 415, 422, 500, 503)),
        "audit": ("Kiểm tra việc thực hiện trong năm (như `kgrules audit --json`), mọi quyết định "
                  "được ghi / audit a year; every decision is recorded", "AuditReport",
                  (400, 401, 408, 413, 415, 422, 500, 503)),
        "question": ("Một câu hỏi của danh mục / one question of the catalogue", "Question",
                     (401, 422, 500)),
        "interpretations": ("Các điểm cần giải thích, cách hiểu và mặc định / the interpretation "
                            "register", "InterpretationList", (401, 500)),
        "parameters": ("Các tham số có ngày hiệu lực của Quy chế / the regulation's dated "
                       "parameters", "ParameterList", (401, 500)),
        "ask_batch": ("Hỏi nhiều câu về một hồ sơ, mọi quyết định được ghi trong một giao dịch / "
                      "ask many questions about one case; the decisions are recorded in one "
                      "transaction", "AskBatchResponse", (400, 401, 408, 413, 415, 422, 500, 503)),
        "record": ("Một quyết định đã ghi / a recorded decision", "DecisionRecord",
                   (401, 404, 500, 503)),
        "replay": ("Trả lời lại một quyết định đã ghi từ sổ ghi / replay a recorded decision",
                   "Replay", (401, 404, 409, 500, 503)),
        "verify": ("Kiểm tra toàn bộ sổ ghi (chuỗi mã băm, hồ sơ, niêm phong) / verify the whole "
                   "record (hash chain, case bodies, seals); `intact` false names the first break",
                   "Verification", (401, 500, 503)),
    }
    summary, schema, errors = summaries[name]
    responses: dict[int | str, Any] = {200: _json(_ref(schema), "OK")}
    for status in errors:
        response = _json(_ref("Error"), _ERRORS[status])
        if status == 401:
            response["headers"] = {"WWW-Authenticate": {
                "description": "Bearer realm=\"kgrules\"", "schema": {"type": "string"}}}
        responses[status] = response
    extra: dict[str, Any] = {}
    if name != "health":
        extra["security"] = [{"bearerAuth": []}]
    if name in ("ask", "audit", "ask_batch"):
        request = {"ask": "AskRequest", "audit": "AuditRequest",
                   "ask_batch": "AskBatchRequest"}[name]
        extra["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": _ref(request), "examples": _REQUEST_EXAMPLES[name]}}}
    if name == "question":
        extra["parameters"] = [{
            "name": "question_id", "in": "path", "required": True,
            "description": "Mã câu hỏi / the question's id (GET /v1/questions)",
            "schema": {"type": "string"}}]
    if name in ("record", "replay"):
        extra["parameters"] = [{
            "name": "record_id", "in": "path", "required": True,
            "description": "Mã quyết định (record_id) / the decision's record_id",
            "schema": {"type": "string"}}]
    return {"summary": summary, "operation_id": name, "responses": responses,
            "response_model": None, "openapi_extra": extra}


def _openapi(app: FastAPI, secured: bool) -> dict[str, Any]:
    """The document; the bearer scheme (and each operation's 401) only when a token is set."""
    if app.openapi_schema is None:
        doc = get_openapi(title=app.title, version=app.version, description=app.description,
                          routes=app.routes)
        doc["info"]["x-title-vi"] = TITLE_VI
        doc["components"] = {"schemas": _schemas()}
        if secured:
            doc["components"]["securitySchemes"] = {"bearerAuth": {
                "type": "http", "scheme": "bearer",
                "description": "Mã truy cập của dịch vụ (--token-file hoặc KGRULES_TOKEN) / the "
                               "service's token"}}
        else:
            for item in doc["paths"].values():
                for operation in item.values():
                    operation.pop("security", None)
                    operation["responses"].pop("401", None)
        app.openapi_schema = doc
    return app.openapi_schema


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document (what GET /openapi.json serves; kept in docs/openapi.json)."""
    return create_app().openapi()


def _year_sources() -> list[dict[str, Any]]:
    """Where an audit takes its year from: the request's ``year``, the example, or a record of
    the case that has a year (a meeting, an expenditure, an estimate, a document, an action,
    or a report with a quarter or a day): :func:`kgrules.audit.default_year`, as a schema."""

    def holds(kind: str, item: dict[str, Any] | None = None) -> dict[str, Any]:
        records: dict[str, Any] = {"type": "array", "minItems": 1}
        if item is not None:
            records = {"type": "array", "contains": item}
        return {"required": ["case"], "properties": {"case": {
            "type": "object", "required": [kind], "properties": {kind: records}}}}

    dated_report = {"type": "object", "anyOf": [
        {"required": [f], "properties": {f: {"type": "string"}}}
        for f in ("quarter", "received_on", "sent_on")]}
    return [*(holds(k) for k in ("meetings", "expenditures", "estimates", "documents",
                                 "actions")),
            holds("reports", dated_report)]


def _rebatch(schema: dict[str, Any]) -> dict[str, Any]:
    """A batch item's schema: its arguments' reference renamed with it."""
    renamed: dict[str, Any] = json.loads(
        json.dumps(schema).replace("/Ask_", "/Batch_").replace('"Ask_', '"Batch_'))
    return renamed


#: A year of a quarter or year argument, as kgrules.catalogue reads it (ARGUMENT_YEARS,
#: 2000-2100; tests/service/test_service_api.py checks that they agree).
ARGUMENT_YEAR_PATTERN: Final = r"(?:20[0-9]{2}|2100)"


def _argument_schema(kind: str, help_vi: str, help_en: str) -> dict[str, Any]:
    """What a question's argument accepts, as the library checks it (kgrules.catalogue)."""
    schema: dict[str, Any] = {"type": "string", "description": f"{help_vi} / {help_en}"}
    if kind in RECORD_ARGS:
        schema["pattern"] = ID_PATTERN
        schema["description"] += f" (id of a record in {RECORD_ARGS[kind]})"
    elif kind == "quarter":
        schema["pattern"] = f"^{ARGUMENT_YEAR_PATTERN}-Q[1-4]$"
    elif kind == "date":
        schema["pattern"] = DATE_PATTERN  # a real day: no 30 February, 29 February in leap years
    elif kind == "year":
        schema["pattern"] = f"^{ARGUMENT_YEAR_PATTERN}$"
    elif kind == "act":
        schema["enum"] = [a.value for a in Act]
    elif kind == "action_kind":
        schema["enum"] = [a.value for a in ActionKind]
    return schema


def _question_schemas(common: Mapping[str, Any],
                      exclusive: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One request schema per question (``AskRequest.<id>``), its arguments its own schema: a
    generated client knows which arguments each question needs. ``exclusive``: what says a
    request gives the case or the example, not both."""
    out: dict[str, Any] = {}
    for q in catalogue_questions():
        name = "Ask_" + re.sub(r"[^A-Za-z0-9]", "_", q.id)
        arguments = {a.name: _argument_schema(a.kind, a.help.vi, a.help.en) for a in q.arguments}
        out[name + "_Arguments"] = {
            "type": "object", "additionalProperties": False,
            "required": [a.name for a in q.arguments], "properties": arguments,
            "description": f"Tham số của {q.id} / the arguments of {q.id}"}
        out[name] = {
            "type": "object", "additionalProperties": False,
            "title": name, "description": f"{q.title.vi} / {q.title.en}",
            "required": ["question", "arguments"] if q.arguments else ["question"],
            "properties": {"question": {"type": "string", "enum": [q.id]},
                           "arguments": _ref(name + "_Arguments"), **common}}
        out[name].update(exclusive or {})
    return out


def _schemas() -> dict[str, Any]:
    case = json.loads(json.dumps(case_schema()).replace('"#/$defs/', '"#/components/schemas/'))
    defs: dict[str, Any] = case.pop("$defs")
    case.pop("$schema", None)
    # A generated client names its model after the title: keep it ASCII, the rest beside it.
    case["x-title"] = case.get("title", "")
    case["title"] = "Case"
    text = {"type": "object", "required": ["vi", "en"], "additionalProperties": False,
            "properties": {"vi": {"type": "string"}, "en": {"type": "string"}}}
    string = {"type": "string"}
    strings = {"type": "object", "additionalProperties": string}
    outcome = {"enum": [o.value for o in Outcome]}
    interpretations = {
        "type": "object", "additionalProperties": False,
        "description": "Cách hiểu được chọn cho các điểm cần giải thích (mặc định nếu không "
                       "nêu) / the reading chosen for each interpretation switch",
        "properties": {name: {"enum": list(s.readings)} for name, s in SWITCHES.items()},
    }
    # Exactly one of case and example, said with if/else and not (a generated client reads an
    # object with oneOf/anyOf as an untyped union; these it leaves to the server).
    case_or_example = {"if": {"required": ["case"]}, "else": {"required": ["example"]},
                       "not": {"required": ["case", "example"]}}
    engine = {"enum": list(_ENGINES), "default": "durable"}

    def obj(required: dict[str, Any], optional: dict[str, Any] | None = None,
            closed: bool = True) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "object", "required": list(required),
                                  "properties": {**required, **(optional or {})}}
        if closed:
            schema["additionalProperties"] = False
        return schema

    reason = obj({"rule": string, "condition": string,
                  "status": {"enum": ["holds", "fails", "unknown", "not_applicable"]},
                  "decisive": {"type": "boolean"}, "clauses": {"type": "array", "items": string},
                  "quotes": {"type": "array", "items": obj(
                      {"clause": string, "citation": _ref("Text"), "text": string})},
                  "explanation": _ref("Text"), "facts": {"type": "array", "items": string}},
                 {"records": {"type": "array", "items": string}})
    decision = obj(
        {"question": string, "title": _ref("Text"), "arguments": strings, "outcome": outcome,
         "reasons": {"type": "array", "items": reason},
         "missing": {"type": "array", "items": obj({
             "condition": string, "fact": string, "need": _ref("Text"),
             "would_change": _ref("Text")})},
         "interpretations": {"type": "array", "items": obj({
             "switch": string, "point": {"type": "integer"}, "reading": string,
             "default": {"type": "boolean"}, "title": _ref("Text"),
             "reading_text": _ref("Text")})},
         "warnings": {"type": "array", "items": _ref("Text")},
         "calendar": {"type": ["string", "null"]}, "engine": string, "version": string},
        {"record_id": string, "counterfactuals": _ref("Counterfactuals")})
    json_value = {"type": ["string", "integer", "boolean", "null", "object"]}
    change = obj({"action": {"enum": ["set", "add", "remove", "complete"]}, "kind": string,
                  "path": string, "text": _ref("Text")},
                 {"record": string, "field": string, "old": json_value, "new": json_value})
    counterfactuals = obj({
        "options": {"type": "array", "items": obj({"changes": {"type": "array", "items": change}})},
        "verdict": {"enum": ["found", "impossible", "bound"], "description": (
            "found: có gợi ý; impossible: đã chứng minh không thay đổi nào của dữ kiện hồ sơ làm "
            "thành CÓ; bound: không tìm thấy trong giới hạn tìm kiếm / found: suggestions "
            "listed; impossible: proved that no change of the recorded facts makes it yes; "
            "bound: none found within the search's bound")},
        "bounded": {"type": "boolean"}, "trials": {"type": "integer"},
        "limits": {"type": "object", "additionalProperties": {"type": "integer"}},
        "unmapped": {"type": "array", "items": _ref("Text")}})
    recorded = {"allOf": [_ref("Decision"), {"required": ["record_id"]}]}
    finding = obj({"id": string, "group": string, "quarter": {"type": ["integer", "null"]},
                   "day": {"type": ["string", "null"]}, "question": string, "arguments": strings,
                   "subject": _ref("Text"), "outcome": outcome,
                   "needs_attention": {"type": "boolean"}, "summary": _ref("Text"),
                   "decision": _ref("AskResponse")})
    audit_error = obj({"id": string, "question": string, "arguments": strings, "error": string,
                       "message": string})
    question_entry = obj({
        "id": string, "starred": {"type": "boolean"}, "title": _ref("Text"),
        "clauses": {"type": "array", "items": string},
        "arguments": {"type": "array", "items": obj(
            {"name": string, "kind": string, "help": _ref("Text")})},
        "interpretations": {"type": "array", "items": string}})
    per_question = _question_schemas({
        "case": _ref("Case"), "example": {"enum": list(EXAMPLES)},
        "interpretations": interpretations, "engine": engine}, case_or_example)
    batch_items = {k.replace("Ask_", "Batch_", 1): _rebatch(v) for k, v in
                   _question_schemas({}).items()}
    mine: dict[str, Any] = {
        "Text": text,
        "Counterfactuals": counterfactuals,
        "Error": obj({"error": string, "message": _ref("Text")},
                     {"path": string, "id": string}),
        "Health": obj({"status": {"const": "ok"}, "version": string, "rules_version": string,
                       "record": {"enum": ["sqlite", "postgresql"]}}),
        "QuestionList": {"type": "array", "items": _ref("Question")},
        "AskRequest": {
            "description": "Một câu hỏi, tham số của nó, và hồ sơ (case) hoặc tên hồ sơ mẫu "
                           "(example), không cả hai / one question, its arguments, and either "
                           "case or example (not both)",
            "oneOf": [_ref(n) for n in per_question if not n.endswith("_Arguments")],
            "discriminator": {"propertyName": "question", "mapping": {
                q.id: "#/components/schemas/Ask_" + re.sub(r"[^A-Za-z0-9]", "_", q.id)
                for q in questions()}}},
        **per_question,
        "BatchItem": {
            "oneOf": [_ref(n) for n in batch_items if not n.endswith("_Arguments")],
            "discriminator": {"propertyName": "question", "mapping": {
                q.id: "#/components/schemas/Batch_" + re.sub(r"[^A-Za-z0-9]", "_", q.id)
                for q in questions()}}},
        **batch_items,
        "AskBatchRequest": {**obj(
            {"requests": {"type": "array", "minItems": 1, "maxItems": MAX_BATCH,
                          "items": _ref("BatchItem")}},
            {"case": _ref("Case"), "example": {"enum": list(EXAMPLES)},
             "interpretations": interpretations, "engine": engine}),
            **case_or_example},
        "AskBatchResponse": obj({"decisions": {"type": "array", "items": _ref("AskResponse")}}),
        "Question": question_entry,
        "InterpretationList": {"type": "array", "items": obj({
            "switch": string, "point": {"type": "integer"}, "title": _ref("Text"),
            "readings": {"type": "object", "additionalProperties": _ref("Text")},
            "default": string, "why_default": _ref("Text"),
            "clauses": {"type": "array", "items": string}})},
        "ParameterList": {"type": "array", "items": obj({
            "name": string, "label": _ref("Text"), "unit": string,
            "clauses": {"type": "array", "items": string},
            "values": {"type": "array", "items": obj({
                "since": string, "value": {"type": ["integer", "string"]},
                "source": string})}})},
        "AuditRequest": {**obj(
            {},
            {"case": _ref("Case"), "example": {"enum": list(EXAMPLES)},
             "year": {"type": "integer", "minimum": 2008, "maximum": 2100,
                      "description": "Năm kiểm tra (mặc định: năm gần nhất của hồ sơ; hồ sơ "
                      "không có bản ghi nào có ngày thì phải nêu) / the year to audit (default: "
                      "the case's latest; required for a case with no dated record)"},
             "offset": {"type": "integer", "minimum": 0, "default": 0,
                        "description": "Bỏ qua chừng ấy phát hiện đầu / findings to skip"},
             "limit": {"type": "integer", "minimum": 1, "maximum": AUDIT_PAGE_MAX,
                       "default": AUDIT_PAGE_DEFAULT,
                       "description": "Số phát hiện tối đa trả lời và ghi / the most findings "
                                      "answered and recorded"},
             "interpretations": interpretations, "engine": engine}),
            **case_or_example,
            # Without a year, the case must hold a dated record to take it from (as
            # kgrules.audit.default_year does): said here, so that no request the document
            # accepts is refused for want of a year.
            "dependentSchemas": {"case": {"if": {"not": {"required": ["year"]}},
                                          "then": {"anyOf": _year_sources()}}}},
        "Decision": decision,
        "AskResponse": recorded,
        "AuditReport": obj(
            {"case": string, "year": {"type": "integer"}, "generated_on": string,
             "calendar": string, "engine": string,
             "interpretations": {"type": "object", "additionalProperties": string},
             "quarters": {"type": "array", "items": {"type": "integer"}},
             "totals": {"type": "object"}, "findings": {"type": "array", "items": finding},
             "errors": {"type": "array", "items": audit_error},
             "asked": {"type": "array", "items": string},
             "not_audited": {"type": "array", "items": {"type": "object"}},
             "timeline": {"type": "array", "items": {"type": "object"}},
             "groups": {"type": "object", "additionalProperties": _ref("Text")},
             "page": obj({"offset": {"type": "integer"}, "limit": {"type": "integer"},
                          "total": {"type": "integer"},
                          "next": {"type": ["integer", "null"]}})}),
        "DecisionRecord": obj(
            {"id": string, "seq": {"type": "integer"}, "recorded_at": string,
             "question": string, "arguments": strings, "case_digest": string,
             "rules_version": string,
             "interpretations": {"type": "object", "additionalProperties": string},
             "engine": string, "calendar": {"type": ["string", "null"]},
             "calendar_overrides": {"type": ["array", "null"], "items": {"type": "object"}},
             "outcome": outcome, "decision": _ref("Decision"), "source": string,
             "prev_hash": {"type": ["string", "null"]}, "row_hash": {"type": ["string", "null"]},
             "matches_hash": {
                 "type": ["boolean", "null"],
                 "description": "Dòng còn khớp mã băm của nó không (null: ghi trước khi có chuỗi) "
                 "/ whether the row still matches its own hash (null: written before the chain)"},
             "altered": {"oneOf": [{"type": "null"}, _ref("Text")],
                         "description": "Cảnh báo khi dòng đã bị sửa / the warning when the row "
                         "was altered"}}),
        "Verification": obj(
            {"intact": {"type": "boolean"}, "location": string, "rows": {"type": "integer"},
             "cases": {"type": "integer"}, "checkpoints": {"type": "integer"},
             "head_seq": {"type": ["integer", "null"]}, "head_hash": {"type": ["string", "null"]},
             "chain_from": {"type": "integer"}, "sealed": {"type": "boolean"},
             "sealed_through": {"type": ["integer", "null"]},
             "unsealed_rows": {"type": ["integer", "null"]},
             "first_break": {"oneOf": [{"type": "null"}, obj(
                 {"kind": string, "seq": {"type": ["integer", "null"]},
                  "id": {"type": ["string", "null"]}, "message": _ref("Text")})]},
             "summary": _ref("Text")}),
        "Replay": obj(
            {"id": string, "same": {"type": "boolean"},
             "differences": {"type": "array", "items": string},
             "rules_version_matches": {"type": "boolean"},
             "recorded_rules_version": string, "rules_version": string,
             "summary": _ref("Text"), "recorded": _ref("Decision"),
             "replayed": _ref("Decision")}),
        "Case": case,
    }
    clash = set(mine) & set(defs)
    if clash:  # a fact class named like one of the service's schemas
        raise RuntimeError(f"schema names used twice: {sorted(clash)}")
    return {**mine, **dict(sorted(defs.items()))}


# --- running -------------------------------------------------------------------------------------


#: The most bytes of a request's line and headers, h11's default limit before httptools replaced
#: it: past it the request is refused (400) and the connection closed, before the headers are
#: complete (counted per read: bytes read after a pipelined request's end in the same read are
#: not counted, so the bound is this plus one read).
MAX_HEADER_BYTES: Final = 16 * 1024


#: A response's head and body are joined into one socket write up to this many bytes (a larger
#: body, an audit page say, is written after its head rather than copied behind it).
ONE_WRITE_BYTES: Final = 256 * 1024


class OneWriteTransport(asyncio.Transport):
    """The connection's transport, a response's head and body sent in one socket write.

    uvicorn writes a response's head and its body separately: two ``send`` calls on loopback,
    two TCP segments, and the client woken twice per reply (issue 14: the replies' socket
    writes were the largest part of the event loop's time under load). Here a write is held
    until the next one (the body after the head: both go in one ``send``) or until the event
    loop's current callback is over (a write alone, such as ``100 Continue``), so nothing is
    delayed past the callback that wrote it and the bytes keep their order. Closing writes what
    is held first."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._transport = transport
        self._loop = loop
        self._held: bytes | None = None

    def write(self, data: bytes | bytearray | memoryview) -> None:
        held = self._held
        if held is None:
            if data:
                self._held = bytes(data)
                self._loop.call_soon(self._flush)
            return
        self._held = None
        if len(held) + len(data) <= ONE_WRITE_BYTES:
            self._transport.write(held + bytes(data))
        else:
            self._transport.write(held)
            self._transport.write(data)

    def writelines(self, list_of_data: Iterable[bytes | bytearray | memoryview]) -> None:
        self.write(b"".join(list_of_data))

    def _flush(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            self._transport.write(held)

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def abort(self) -> None:
        self._held = None
        self._transport.abort()

    def write_eof(self) -> None:
        self._flush()
        self._transport.write_eof()

    def can_write_eof(self) -> bool:
        return self._transport.can_write_eof()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._flush()
        self._transport.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._transport.get_protocol()

    def is_reading(self) -> bool:
        return self._transport.is_reading()

    def pause_reading(self) -> None:
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        self._transport.resume_reading()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._transport.set_write_buffer_limits(high, low)

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + len(self._held or b"")

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._transport.get_write_buffer_limits()


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol (its C parser: issue 14 measured uvicorn's h11 parser as
    the largest cost per request of the HTTP process) with a time limit on a request's headers
    and a size limit on them.

    uvicorn times out an idle kept-alive connection (``timeout_keep_alive``) but any byte
    received cancels that timer, and a new connection has none: a client sending a header line
    every few seconds (slowloris) held a connection forever. Here the headers of each request
    must be complete within $KGRULES_HEADER_TIMEOUT seconds of the connection being made, or
    of the previous response; otherwise the connection is closed. The body has its own limit
    (:class:`_Gate`, 408). httptools buffers headers of any size; over
    :data:`MAX_HEADER_BYTES` the request is refused with 400, as h11 refused it."""

    _header_timer: asyncio.TimerHandle | None = None
    #: how many requests' headers were complete on this connection (the timer compares)
    _headers_done = 0
    #: bytes read while a request's headers were incomplete, and whether they are
    _header_bytes = 0
    _in_headers = True
    _header_timeout: float = DEFAULT_HEADER_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.transport = OneWriteTransport(transport, self.loop)
        # Read once per connection, not per response (the environment was read and parsed
        # on every reply).
        self._header_timeout = header_timeout()
        self._arm_header_timer()

    def data_received(self, data: bytes) -> None:
        if self._in_headers:
            # The whole read counts; if it completes the headers, on_headers_complete resets
            # the count while the parser runs, so a body in the same read never counts.
            self._header_bytes += len(data)
        super().data_received(data)
        if self._in_headers and self._header_bytes > MAX_HEADER_BYTES and self.parser is not None \
                and not self.transport.is_closing():
            self.send_400_response("Request headers too large.")

    def on_headers_complete(self) -> None:
        self._headers_done += 1
        self._in_headers = False
        self._header_bytes = 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_headers = True  # what follows on this connection is a request's headers

    def on_response_complete(self) -> None:
        # A pipelined request waiting has sent its headers already: its own response re-arms.
        if not self.pipeline:
            self._arm_header_timer()
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._header_timer = self.loop.call_later(self._header_timeout, self._headers_too_slow,
                                                  self._headers_done)

    def _headers_too_slow(self, done_when_armed: int) -> None:
        self._header_timer = None
        if self._headers_done == done_when_armed and not self.transport.is_closing():
            # No request's headers completed since the timer was armed.
            self.transport.close()


def header_timeout() -> float:
    """Seconds a client has to send a request's headers ($KGRULES_HEADER_TIMEOUT)."""
    raw = os.environ.get(ENV_HEADER_TIMEOUT, "")
    return parse_count(ENV_HEADER_TIMEOUT, raw, minimum=1) if raw else DEFAULT_HEADER_TIMEOUT


def app_from_env() -> FastAPI:
    """The app each uvicorn worker builds (``--factory``): the record from $KGRULES_RECORD, the
    token from $KGRULES_TOKEN, the limits from $KGRULES_MAX_BODY_BYTES / $KGRULES_MAX_DEPTH,
    the evaluation workers and budget from $KGRULES_EVALUATORS / $KGRULES_BUDGET_SECONDS (default
    2 workers, 30 s), the body time limit from $KGRULES_BODY_TIMEOUT, the inline cases kept
    parsed from $KGRULES_CASE_CACHE (default 64), the answers kept from
    $KGRULES_ANSWER_CACHE (default 1024; 0: none) and the replies kept from
    $KGRULES_REPLY_CACHE (default 1024; 0: none)."""
    def number(name: str, default: int) -> int:
        raw = os.environ.get(name, "")
        return parse_count(name, raw, minimum=1) if raw else default

    key_file = os.environ.get(ENV_SEAL_KEY_FILE) or None
    evaluators = os.environ.get(ENV_EVALUATORS, "")
    cached = os.environ.get(ENV_CASE_CACHE, "")
    answers = os.environ.get(ENV_ANSWER_CACHE, "")
    replies = os.environ.get(ENV_REPLY_CACHE, "")
    return create_app(token=os.environ.get(ENV_TOKEN) or None,
                      max_body_bytes=number(ENV_MAX_BODY, DEFAULT_MAX_BODY_BYTES),
                      max_depth=number(ENV_MAX_DEPTH, DEFAULT_MAX_DEPTH),
                      seal_key=(None if key_file is None
                                else load_seal_key(key_file, ENV_SEAL_KEY_FILE)),
                      evaluators=(parse_count(ENV_EVALUATORS, evaluators) if evaluators
                                  else DEFAULT_EVALUATORS),
                      budget_seconds=number(ENV_BUDGET, DEFAULT_BUDGET_SECONDS),
                      body_timeout=number(ENV_BODY_TIMEOUT, DEFAULT_BODY_TIMEOUT),
                      case_cache=(parse_count(ENV_CASE_CACHE, cached) if cached
                                  else DEFAULT_CASE_CACHE),
                      answer_cache=(parse_count(ENV_ANSWER_CACHE, answers) if answers
                                    else DEFAULT_ANSWER_CACHE),
                      reply_cache=(parse_count(ENV_REPLY_CACHE, replies) if replies
                                   else DEFAULT_REPLY_CACHE))


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str = "127.0.0.1", port: int = 8000, *, record: str | None = None,
          token: str | None = None, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
          max_depth: int = DEFAULT_MAX_DEPTH, workers: int = 1, log_level: str = "info",
          seal_key_file: str | None = None, require_least_privilege: bool = False,
          evaluators: int = DEFAULT_EVALUATORS, budget_seconds: int = DEFAULT_BUDGET_SECONDS,
          header_timeout: int = DEFAULT_HEADER_TIMEOUT,
          body_timeout: int = DEFAULT_BODY_TIMEOUT, access_log: bool = True) -> None:
    """Run the service on uvicorn until interrupted. The configuration reaches each worker
    through the environment (never the command line, which ``ps`` shows). A PostgreSQL record
    the service's role could rewrite (it owns the tables, is a superuser, or may UPDATE,
    DELETE or TRUNCATE) is warned about loudly, or refused with ``require_least_privilege``.
    ``access_log``: uvicorn's line per request (off: every answer is in the decision record
    anyway, and the line cost about a fifth of the HTTP process's CPU per known ask)."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError("--workers", "must be a positive integer")
    if not 0 <= port <= 65535:
        raise InputError("--port", "must be from 0 to 65535")
    for name, value in (("--max-body-bytes", max_body_bytes), ("--max-depth", max_depth),
                        ("--budget-seconds", budget_seconds),
                        ("--header-timeout", header_timeout), ("--body-timeout", body_timeout)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(name, "must be a positive integer")
    if isinstance(evaluators, bool) or not isinstance(evaluators, int) or evaluators < 0:
        raise InputError("--evaluators", "must be a whole number")
    if token is not None and not token:
        raise InputError("token", "empty")
    if record is not None:
        os.environ[ENV_RECORD] = record
    if seal_key_file is not None:
        load_seal_key(seal_key_file)  # a missing or short key fails now, not in each worker
        os.environ[ENV_SEAL_KEY_FILE] = os.path.abspath(seal_key_file)
    else:
        os.environ.pop(ENV_SEAL_KEY_FILE, None)
    # Open the record once here, so a wrong path or URL fails now rather than in each worker.
    store = open_store(record)
    try:
        warnings = privilege_warnings(store)
    finally:
        store.close()
    if warnings and require_least_privilege:
        raise InputError("--record", "the service's role could rewrite the record: "
                         + "; ".join(w.en for w in warnings)
                         + " (create the tables with kgrules record init --grant ROLE as an "
                         "administrator, and serve as ROLE)")
    for w in warnings:
        print(f"kgrules serve: CẢNH BÁO: {w.vi} — ai dùng được vai trò này có thể viết lại sổ ghi "
              f"mà trigger không ngăn được (xem docs/record.md).\n"
              f"kgrules serve: WARNING: {w.en} — whoever uses this role can rewrite the record "
              f"past its triggers (see docs/record.md).", file=sys.stderr)
    # Open the record once here, so a wrong path or URL fails now rather than in each worker;
    # say where it is (a PostgreSQL URL without its password), as the first line of the log.
    opened = open_store(record)
    where = opened.location if opened.kind != "sqlite" else os.path.abspath(opened.location)
    opened.close()
    print(f"kgrules serve: sổ ghi quyết định / decision record ({opened.kind}): {where}",
          file=sys.stderr)
    if token is not None:
        os.environ[ENV_TOKEN] = token
    else:
        os.environ.pop(ENV_TOKEN, None)
    os.environ[ENV_MAX_BODY] = str(max_body_bytes)
    os.environ[ENV_MAX_DEPTH] = str(max_depth)
    os.environ[ENV_EVALUATORS] = str(evaluators)
    os.environ[ENV_BUDGET] = str(budget_seconds)
    os.environ[ENV_HEADER_TIMEOUT] = str(header_timeout)
    os.environ[ENV_BODY_TIMEOUT] = str(body_timeout)
    if token is None and not _loopback(host):
        print(f"kgrules serve: CẢNH BÁO: đang mở trên {host} mà không có mã truy cập — ai tới "
              f"được cổng {port} cũng hỏi được và ghi được vào sổ.\n"
              f"kgrules serve: WARNING: listening on {host} without a token — anyone who can "
              f"reach port {port} can ask questions and write to the record.", file=sys.stderr)
    _run(host, port, workers, log_level, access_log)


def _run(host: str, port: int, workers: int, log_level: str, access_log: bool = True) -> None:
    """Hand over to uvicorn: one process, or ``workers`` processes on one shared socket."""
    import uvicorn

    if workers == 1:
        uvicorn.run("kgrules.service:app_from_env", factory=True, host=host, port=port,
                    log_level=log_level, server_header=False, http=HeaderTimeoutProtocol,
                    access_log=access_log)
        return
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config("kgrules.service:app_from_env", factory=True, host=host, port=port,
                            workers=workers, log_level=log_level, server_header=False,
                            access_log=access_log,
                            http=HeaderTimeoutProtocol)
    # uvicorn binds the shared socket with protocol 0, and asyncio turns Nagle's algorithm off
    # only on IPPROTO_TCP sockets: every reply after the first on a kept-alive connection then
    # waited ~40 ms for the client's delayed ACK (uvicorn issue #3149). Bind it ourselves.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise InputError("--port", f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.set_inheritable(True)
    print(f"kgrules serve: http://{host}:{sock.getsockname()[1]} ({workers} workers)",
          file=sys.stderr)
    Multiprocess(config, sockets=[sock]).run()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m kgrules.service",
                                description="The decision service's OpenAPI document")
    p.add_argument("--openapi", action="store_true", required=True,
                   help="print the OpenAPI document (docs/openapi.json)")
    p.parse_args(argv)
    sys.stdout.write(json.dumps(openapi_document(), ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
