"""The ``kgrules`` command: list questions, ask one about a case file, audit a year, print the
calendar, serve the decision service, show and replay the decision record, run reviewers'
test files, write a starter case, list the interpretation switches and dated parameters.

Exit status: 0 whenever a question was answered, whatever its outcome; 2 on bad input, with
the typed error on stderr (one JSON line, ``{"error", "path", "message": {"vi", "en"}}`` as
the service answers, with the closest names when one was mistyped) and nothing on stdout; 1
when a replayed decision differs from its record (or the library failed). ``kgrules test``:
0 all passed, 1 a test failed, 2 a bad test file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from kgrules import casetests
from kgrules.calendar import CalendarOverride, WorkingCalendar, default_calendar
from kgrules.case import KIND_CLASSES, Case, load_case
from kgrules.catalogue import listing as catalogue_listing
from kgrules.coverage import coverage, gaps
from kgrules.decision import Decision
from kgrules.doctor import doctor
from kgrules.errors import InputError, KgrulesError, bilingual
from kgrules.exact import parse_count, parse_year, shown
from kgrules.examples import EXAMPLES, example_path, load_example
from kgrules.facts import Act
from kgrules.i18n import Lang, Text, check_lang
from kgrules.ics import to_ics
from kgrules.interpretations import SWITCHES
from kgrules.library import ask, audit
from kgrules.oracle import OracleEngine
from kgrules.params import ALL as PARAMETERS
from kgrules.record import init_store, load_seal_key, open_store, rules_version, version_parts
from kgrules.regulation import cite
from kgrules.starter import starter_json, starter_yaml
from kgrules.suggest import hint, with_hint

_RECORD_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kgrules",
        description="Quy chế Ban Chỉ đạo CNTT tỉnh Kiên Giang (QĐ 1507/QĐ-UBND) as executable "
        "rules / Quy chế dưới dạng luật thực thi được",
    )
    sub = p.add_subparsers(dest="command", required=True)

    q = sub.add_parser("questions", help="list the question catalogue / danh mục câu hỏi")
    q.add_argument("--json", action="store_true")
    q.add_argument("--lang", default="vi")

    d = sub.add_parser("doctor", help="check this installation: Python, C compiler, engine (exit "
                       "1 when the default engine cannot be used) / kiểm tra bản cài đặt")
    d.add_argument("--json", action="store_true")

    a = sub.add_parser("ask", help="ask one question about a case / hỏi một câu")
    a.add_argument("question")
    a.add_argument("case", help="case file (JSON), or example:NAME for a shipped example")
    a.add_argument("--arg", action="append", default=[], metavar="NAME=VALUE")
    a.add_argument(
        "--interpretation", action="append", default=[], metavar="SWITCH=READING",
        help="choose a reading of an interpretation switch (see docs/interpretations.md)",
    )
    a.add_argument("--engine", choices=("durable", "oracle"), default="durable")
    a.add_argument("--lang", default="vi")
    a.add_argument("--json", action="store_true")
    a.add_argument("--record", metavar="PATH_OR_URL",
                   help="also append the answer to this decision record (a SQLite file or a "
                   "postgresql:// URL) / ghi câu trả lời vào sổ ghi quyết định")

    c = sub.add_parser("calendar", help="a year's statutory dates / lịch các mốc trong năm")
    c.add_argument("year", help="four ASCII digits, 2008 to 2100")
    c.add_argument("--json", action="store_true")
    c.add_argument("--overrides", metavar="FILE", help="JSON list of official calendar overrides")
    c.add_argument("--ics", metavar="FILE",
                   help="write the year's meeting windows and report deadlines as iCalendar / "
                   "ghi lịch ra tệp iCalendar (.ics)")

    u = sub.add_parser("audit", help="audit a year of records / kiểm tra việc thực hiện trong năm")
    u.add_argument("case", help="case file (JSON), or example:NAME for a shipped example")
    u.add_argument("--year", help="the year to audit, four digits (default: the case's latest)")
    u.add_argument("--html", metavar="FILE", help="write the report as one self-contained HTML file")
    u.add_argument("--json", action="store_true", help="print the whole report as JSON")
    u.add_argument("--lang", default="vi")
    u.add_argument(
        "--interpretation", action="append", default=[], metavar="SWITCH=READING",
        help="choose a reading of an interpretation switch for every check",
    )
    u.add_argument("--engine", choices=("durable", "oracle"), default="durable")
    u.add_argument("--record", metavar="PATH_OR_URL",
                   help="also append every finding to this decision record / ghi vào sổ")

    v = sub.add_parser("coverage", help="clause coverage / độ phủ các điều khoản")
    v.add_argument("--json", action="store_true")
    v.add_argument("--tests", default=None, metavar="DIR",
                   help="read the markers of this test suite (default: the clause → test map "
                        "shipped in the package, built from the repository's tests/)")

    s = sub.add_parser("example", help="path of the shipped example case / đường dẫn hồ sơ mẫu")
    s.add_argument("example", nargs="?", metavar="NAME", help="default: committee-2009")
    s.add_argument("--name", help="the same as NAME (kept for older scripts)")

    r = sub.add_parser("record", help="the decision record: show, replay, list or verify recorded "
                       "decisions; init (or upgrade) it; seal its head / xem, trả lời lại, kiểm "
                       "tra sổ ghi quyết định")
    r.add_argument("action", choices=("show", "replay", "list", "verify", "init", "seal"))
    r.add_argument("id", nargs="?", help="the decision's record id (show, replay)")
    r.add_argument("--record", metavar="PATH_OR_URL",
                   help="the decision record (default $KGRULES_RECORD, else "
                   "./kgrules-decisions.sqlite3)")
    r.add_argument("--after", type=_count, default=0, metavar="SEQ", help="list: from seq > SEQ")
    r.add_argument("--limit", type=_count, default=20, metavar="N", help="list: at most N")
    r.add_argument("--seal-key", metavar="FILE",
                   help="verify: check the sealed checkpoints with this key; seal: seal with it")
    r.add_argument("--max-unsealed", type=_count, metavar="N",
                   help="verify --seal-key: N rows or more after the last sealed checkpoint is a "
                   "break (default 100, the service's sealing interval)")
    r.add_argument("--grant", metavar="ROLE",
                   help="init (PostgreSQL): grant the service's ROLE SELECT and INSERT only")
    r.add_argument("--json", action="store_true")
    r.add_argument("--lang", default="vi")

    n = sub.add_parser("version", help="the rules version and each part it digests / phiên bản "
                       "luật và các thành phần")
    n.add_argument("--json", action="store_true")

    w = sub.add_parser("serve", help="the HTTP decision service / dịch vụ quyết định qua HTTP")
    w.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default loopback only) / địa chỉ lắng nghe")
    w.add_argument("--port", type=_count, default=8000)
    w.add_argument("--record", metavar="PATH_OR_URL",
                   help="the decision record: a SQLite file or a postgresql:// URL (default "
                   "$KGRULES_RECORD, else ./kgrules-decisions.sqlite3) / sổ ghi quyết định")
    w.add_argument("--token-file", metavar="FILE",
                   help="require 'Authorization: Bearer <the file's content>' (or set "
                   "$KGRULES_TOKEN) / yêu cầu mã truy cập")
    w.add_argument("--max-body-bytes", type=_count, metavar="N",
                   help="largest request body (default: a 20 MB case and its envelope)")
    w.add_argument("--max-depth", type=_count, metavar="N",
                   help="deepest nesting of a case (default 32)")
    w.add_argument("--workers", type=_count, default=1, metavar="N",
                   help="worker processes sharing the record / số tiến trình")
    w.add_argument("--seal-key", metavar="FILE",
                   help="seal a checkpoint of the record every 100 decisions with this key "
                   "(HMAC-SHA256) / niêm phong sổ ghi bằng khóa này")
    w.add_argument("--require-least-privilege", action="store_true",
                   help="refuse to start when the PostgreSQL role could rewrite the record "
                   "(owner, superuser, UPDATE/DELETE/TRUNCATE) instead of warning")
    w.add_argument("--evaluators", type=_count, metavar="N",
                   help="evaluation processes per worker (default 2; 0: in the worker's threads, "
                   "without budget or isolation) / số tiến trình tính toán")
    w.add_argument("--budget-seconds", type=_count, metavar="S",
                   help="longest evaluation of one request (default 30; then 503 TooExpensive)")
    w.add_argument("--header-timeout", type=_count, metavar="S",
                   help="seconds a client has to send a request's headers (default 10)")
    w.add_argument("--body-timeout", type=_count, metavar="S",
                   help="seconds a client has to send a request's body (default 60; then 408)")
    w.add_argument("--no-access-log", dest="access_log", action="store_false",
                   help="no log line per request (every answer is in the decision record) / "
                   "không ghi nhật ký từng yêu cầu")
    _more_commands(sub)
    return p


def _count(text: str) -> int:
    """argparse's type for counts and limits: ASCII digits only (``int()`` would also take
    "２０" or " 20 ")."""
    try:
        return parse_count("", text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _more_commands(sub: Any) -> None:
    """test, new-case, interpretations, parameters (issue 15)."""
    t = sub.add_parser("test", help="run YAML/JSON test files (docs/testing-cases.md) / chạy các "
                       "tệp kiểm thử")
    t.add_argument("paths", nargs="+", metavar="PATH", help="test files or directories")
    t.add_argument("--junit-xml", metavar="FILE", help="also write the results as JUnit XML")
    t.add_argument("--engine", choices=("durable", "oracle"), default="durable")

    n = sub.add_parser("new-case", help="write a commented starter case (YAML) / ghi một hồ sơ "
                       "khởi đầu có chú thích")
    n.add_argument("file", nargs="?", metavar="FILE",
                   help="where to write it (.yaml, or .json without comments); default: stdout")
    n.add_argument("--minimal", action="store_true",
                   help="only people, positions and a meeting / chỉ người, chức vụ và một cuộc họp")
    n.add_argument("--force", action="store_true", help="overwrite FILE if it exists")

    i = sub.add_parser("interpretations", help="the interpretation register / các điểm cần giải "
                       "thích và cách hiểu")
    i.add_argument("--json", action="store_true")
    i.add_argument("--lang", default="vi")

    m = sub.add_parser("parameters", help="the regulation's dated parameters / các tham số có "
                       "ngày hiệu lực")
    m.add_argument("--json", action="store_true")
    m.add_argument("--lang", default="vi")


def _pairs(items: Sequence[str], path: str) -> dict[str, str]:
    """NAME=VALUE pairs, read exactly: the value is what follows the first ``=``, blanks
    included (a quarter " 2009-Q1" is refused by the question, not quietly trimmed)."""
    out: dict[str, str] = {}
    for n, item in enumerate(items):
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise InputError(f"{path}[{n}]", f"expected NAME=VALUE, got {shown(item)}")
        out[name] = value
    return out


def _year(value: str | None, path: str) -> int | None:
    return None if value is None else parse_year(path, value, InputError, (2008, 2100))


def _questions(args: argparse.Namespace) -> str:
    lang: Lang = check_lang(args.lang)
    listing = catalogue_listing()
    if args.json:
        return json.dumps(listing, ensure_ascii=False, indent=2)
    lines = []
    for item in listing:
        star = "★ " if item["starred"] else "  "
        argnames = " ".join(f"--arg {a['name']}={_arg_format(a['kind'])}"
                            for a in item["arguments"])
        lines.append(f"{star}{item['id']}  {argnames}")
        lines.append(f"    {item['title'][lang]}")
    return "\n".join([*lines, *_format_legend()])


def _ask(args: argparse.Namespace) -> str:
    lang = check_lang(args.lang)
    arguments = _pairs(args.arg, "--arg")
    interpretations = _pairs(args.interpretation, "--interpretation")
    if args.case.startswith("example:"):
        case = load_example(args.case.removeprefix("example:"))
    else:
        case = load_case(args.case)
    engine = OracleEngine() if args.engine == "oracle" else None
    store = _store(args.record) if args.record else None
    try:
        decision = ask(args.question, case, interpretations=interpretations, engine=engine,
                       record=store, **arguments)  # type: ignore[arg-type]
    except InputError as exc:
        raise with_hint(exc, case=case, question_id=args.question) from None
    finally:
        if store is not None:
            store.close()
    text = decision.to_json() if args.json else decision.render(lang)
    if decision.record_id is not None and not args.json:
        text += f"\nĐã ghi / Recorded: {decision.record_id}"
    return text


def _calendar(args: argparse.Namespace) -> str:
    cal = default_calendar()
    if args.overrides:
        try:
            with open(args.overrides, encoding="utf-8") as fh:
                raw: Any = json.load(fh)
        except (OSError, ValueError) as exc:  # ValueError: not UTF-8, not JSON
            raise InputError("--overrides", str(exc)) from exc
        if not isinstance(raw, list):
            raise InputError("--overrides", "must be a JSON list of overrides")
        cal = WorkingCalendar(
            [CalendarOverride.from_dict(o, f"overrides[{n}]") for n, o in enumerate(raw)]
        )
    year = parse_year("year", args.year, InputError, (2008, 2100))
    if args.ics:
        data = to_ics(year, cal)
        try:
            with open(args.ics, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise InputError("--ics", str(exc)) from exc
        events = data.count(b"BEGIN:VEVENT")
        return f"{args.ics}: {events} sự kiện / events ({year})"
    schedule = cal.year_schedule(year)
    if args.json:
        return json.dumps(schedule.to_dict(), ensure_ascii=False, indent=2)
    lines = [f"Lịch năm {year} / Calendar {year} — {cal.name}"]
    for w in schedule.windows:
        lines.append(
            f"  Q{w.quarter}: họp định kỳ / regular meeting {w.first.isoformat()} … "
            f"{w.last.isoformat()}"
        )
    for d in schedule.report_deadlines:
        extra = "" if d.strict == d.shifted else f" (→ {d.shifted.isoformat()} nếu lùi / if moved)"
        lines.append(f"  Q{d.quarter}: hạn báo cáo / report deadline {d.strict.isoformat()}{extra}")
    return "\n".join(lines)


def _load(case: str) -> Any:
    if case.startswith("example:"):
        return load_example(case.removeprefix("example:"))
    return load_case(case)


def _audit(args: argparse.Namespace) -> str:
    lang = check_lang(args.lang)
    case = _load(args.case)
    engine = OracleEngine() if args.engine == "oracle" else None
    store = _store(args.record) if args.record else None
    try:
        report = audit(case, _year(args.year, "year"),
                       interpretations=_pairs(args.interpretation, "--interpretation"),
                       engine=engine, record=store)
    except InputError as exc:
        raise with_hint(exc, case=case) from None
    finally:
        if store is not None:
            store.close()
    _warn_empty_year(case, args.year)
    if args.html:
        try:
            with open(args.html, "w", encoding="utf-8") as fh:
                fh.write(report.to_html(lang))
        except OSError as exc:
            raise InputError("--html", str(exc)) from exc
    return report.to_json() if args.json else report.render(lang)


def _coverage(args: argparse.Namespace) -> str:
    from pathlib import Path


    if args.tests is None:
        report = coverage(packaged=True)
    else:
        tests = Path(args.tests)
        if not tests.is_dir():
            raise InputError("--tests", f"{tests} is not a directory of tests (the repository's "
                                        "tests/ folder) / không phải thư mục kiểm thử")
        report = coverage(tests)
    if args.json:
        return json.dumps({cid: c.to_dict() for cid, c in report.items()}, ensure_ascii=False,
                          indent=2)
    lines = [f"{'clause':<18} {'citation':<16} rules tests  status"]
    for cid, c in report.items():
        if c.not_computable is not None:
            status = "not computable: " + c.not_computable.en
        else:
            status = "covered" if c.covered else "—"
        lines.append(f"{cid:<18} {cite(cid):<16} {len(c.rules):>5} {len(c.tests):>5}  {status}")
    missing = gaps(report)
    lines.append(f"Điều 2–12: {len(missing)} clause(s) without rule and test or reason"
                 + (": " + ", ".join(missing) if missing else ""))
    return "\n".join(lines)


def _doctor(args: argparse.Namespace) -> tuple[str, int]:
    return doctor(as_json=args.json)


def _example(args: argparse.Namespace) -> str:
    return str(example_path(_example_name(args)))


def _store(location: str | None) -> Any:
    try:
        return open_store(location)
    except InputError as exc:
        raise InputError("--record", exc.message) from None


_ALTERED: Final = Text("dòng này không khớp mã băm của nó: đã bị sửa (chạy kgrules record verify)",
                       "this row does not match its hash: it was altered (run kgrules record "
                       "verify)")


def _record(args: argparse.Namespace) -> tuple[str, int]:
    """Show, replay, list, verify, init or seal. A replay that differs, or a record that is
    not intact, exits 1."""
    lang = check_lang(args.lang)
    if args.action in ("show", "replay") and not args.id:
        raise InputError("id", f"kgrules record {args.action} needs a record id")
    if args.action in ("show", "replay") and not _RECORD_ID.fullmatch(args.id):
        # No store issues such an id (and SQL cannot take a lone surrogate).
        raise InputError("id", f"no decision {shown(args.id)} in the record")
    if args.action in ("verify", "init", "seal"):
        return _record_admin(args, lang)
    store = _store(args.record)
    try:
        if args.action == "show":
            rec = store.get(args.id)
            # A row that no longer matches its hash is shown, flagged, with exit 1.
            code = int(rec.matches_hash is False)
            if args.json:
                return json.dumps(rec.checked_dict(), ensure_ascii=False, indent=2), code

            lines = [
                f"{rec.id} (#{rec.seq}) {rec.recorded_at} — {rec.source}",
                f"  case {rec.case_digest}",
                f"  rules {rec.rules_version}; engine {rec.engine}; calendar {rec.calendar or '—'}",
                "  " + ", ".join(f"{k}={v}" for k, v in rec.interpretations.items()),
                Decision.from_dict(rec.decision).render(lang),
            ]
            if code:
                lines.insert(0, _ALTERED.get(lang))
            return "\n".join(lines), code
        if args.action == "replay":
            replay = store.replay(args.id)
            if args.json:
                return json.dumps(replay.to_dict(), ensure_ascii=False, indent=2), int(not replay.same)
            return f"{replay.record.id}: {replay.summary().get(lang)}", int(not replay.same)
        records = store.records(after=args.after, limit=args.limit)
        code = int(any(r.matches_hash is False for r in records))
        if args.json:
            return json.dumps([r.checked_dict() for r in records], ensure_ascii=False,
                              indent=2), code
        return "\n".join(f"{r.seq:>6} {r.id} {r.recorded_at} {r.question} "
                         f"{','.join(f'{k}={v}' for k, v in r.arguments.items())} → {r.outcome}"
                         + (f"  ⚠ {_ALTERED.get(lang)}" if r.matches_hash is False else "")
                         for r in records), code
    finally:
        store.close()


def _record_admin(args: argparse.Namespace, lang: Lang) -> tuple[str, int]:
    """verify (exit 0 intact, 1 altered), init (create or upgrade; grant), seal (a checkpoint)."""

    key = load_seal_key(args.seal_key) if args.seal_key else None
    if key is None and args.action == "seal":
        raise InputError("--seal-key", "kgrules record seal needs the key file")
    if args.grant is not None and args.action != "init":
        raise InputError("--grant", "only with kgrules record init")
    try:
        if args.action == "init":
            store = init_store(args.record, grant_to=args.grant)
        else:
            store = open_store(args.record, must_exist=True,
                               seal_key=key if args.action == "seal" else None)
    except InputError as exc:
        raise InputError("--record" if exc.path == "record" else exc.path, exc.message) from None
    try:
        if args.action == "verify":
            result = store.verify(seal_key=key, max_unsealed=args.max_unsealed)
            if args.json:
                return json.dumps(result.to_dict(), ensure_ascii=False, indent=2), int(not result.intact)
            return f"{store.location}: {result.summary().get(lang)}", int(not result.intact)
        if args.action == "seal":
            seq = store.seal()
            return (f"{store.location}: niêm phong tới dòng / sealed through row #{seq}" if seq
                    else f"{store.location}: không có gì mới để niêm phong / nothing new to seal"), 0
        return f"{store.location}: sổ ghi đã sẵn sàng / the record is ready (schema 2)", 0
    finally:
        store.close()


def _version(args: argparse.Namespace) -> str:
    parts = version_parts()
    if args.json:
        return json.dumps({"rules_version": rules_version(), "parts": parts}, ensure_ascii=False,
                          indent=2)
    width = max(len(k) for k in parts)
    return "\n".join([f"rules_version {rules_version()}",
                      *(f"  {k:<{width}}  {v}" for k, v in parts.items())])


def _serve(args: argparse.Namespace) -> str:
    """Run the service until interrupted; fastapi is imported only here (``import kgrules``
    stays light)."""
    import os

    try:
        from kgrules import service
    except ImportError as exc:
        raise KgrulesError(
            f"kgrules serve cần gói tùy chọn «service» / needs the 'service' extra: "
            f"pip install 'kgrules[service]' ({exc})") from None
    token = os.environ.get("KGRULES_TOKEN") or None
    if args.token_file:
        try:
            with open(args.token_file, encoding="utf-8") as fh:
                token = fh.read().strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError("--token-file", str(exc)) from exc
        if not token:
            raise InputError("--token-file", "the file is empty")
    limits = {"max_body_bytes": args.max_body_bytes, "max_depth": args.max_depth,
              "evaluators": args.evaluators, "budget_seconds": args.budget_seconds,
              "header_timeout": args.header_timeout, "body_timeout": args.body_timeout}
    service.serve(args.host, args.port, record=args.record, token=token, workers=args.workers,
                  seal_key_file=args.seal_key,
                  require_least_privilege=args.require_least_privilege,
                  access_log=args.access_log,
                  **{k: v for k, v in limits.items() if v is not None})
    return "kgrules serve: đã dừng / stopped"


def _test(args: argparse.Namespace) -> tuple[str, int]:
    """Run test files: exit 0 all passed, 1 a test failed, 2 a test file is bad."""
    results = casetests.run(args.paths, engine=OracleEngine() if args.engine == "oracle" else None)
    if not results:
        raise InputError("paths", "no test files (*.yaml, *.yml, *.json) found")
    if args.junit_xml:
        try:
            with open(args.junit_xml, "wb") as fh:
                fh.write(casetests.junit_xml(results))
        except OSError as exc:
            raise InputError("--junit-xml", str(exc)) from exc
    return casetests.render(results), casetests.exit_code(results)


def _new_case(args: argparse.Namespace) -> str:
    """A starter case: YAML with comments (JSON, which has none, if FILE ends in .json)."""
    if args.file is None:
        return starter_yaml(args.minimal).rstrip("\n")
    target = Path(args.file)
    suffix = target.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json"):
        raise InputError("file", f"{args.file}: the name must end in .yaml, .yml or .json")
    if target.exists() and not args.force:
        raise InputError("file", f"{args.file} exists (use --force to overwrite it)")
    text = starter_json(args.minimal) if suffix == ".json" else starter_yaml(args.minimal)
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError("file", str(exc)) from exc
    return f"{args.file}: hồ sơ khởi đầu đã ghi / starter case written"


def _interpretations(args: argparse.Namespace) -> str:
    """The interpretation switches: their readings, the default and why, the clauses."""
    lang = check_lang(args.lang)
    switches = sorted(SWITCHES.values(), key=lambda s: s.point)
    if args.json:
        return json.dumps([{
            "point": s.point, "switch": s.name, "title": s.title.to_dict(),
            "readings": {name: text.to_dict() for name, text in s.readings.items()},
            "default": s.default, "why_default": s.why_default.to_dict(),
            "clauses": list(s.clauses)} for s in switches], ensure_ascii=False, indent=2)
    lines = []
    for s in switches:
        lines.append(f"({s.point}) {s.name} — {s.title.get(lang)}")
        for name, text in s.readings.items():
            mark = "*" if name == s.default else " "
            lines.append(f"   {mark} {name}: {text.get(lang)}")
        lines.append("     " + "; ".join(cite(c, lang) for c in s.clauses))
    lines.append("* mặc định / default — chọn / choose: --interpretation SWITCH=READING")
    return "\n".join(lines)


def _parameters(args: argparse.Namespace) -> str:
    """The regulation's numbers, each with its clauses and dated values."""
    lang = check_lang(args.lang)
    if args.json:
        return json.dumps([{
            "name": p.name, "label": {"vi": p.label_vi, "en": p.label_en}, "unit": p.unit,
            "clauses": list(p.clauses),
            "values": [{"since": v.since.isoformat(), "value": _json_value(v.value),
                        "source": v.source} for v in p.values]} for p in PARAMETERS],
            ensure_ascii=False, indent=2)
    lines = []
    for p in PARAMETERS:
        label = p.label_vi if lang == "vi" else p.label_en
        lines.append(f"{p.name} — {label} ({'; '.join(cite(c, lang) for c in p.clauses)})")
        for v in p.values:
            unit = f" {_UNITS_VI.get(p.unit, p.unit) if lang == 'vi' else p.unit}" if p.unit else ""
            lines.append(f"    {_json_value(v.value)}{unit} "
                         f"{'từ' if lang == 'vi' else 'since'} {v.since.isoformat()} — {v.source}")
    return "\n".join(lines)


#: The parameters' units, in Vietnamese.
_UNITS_VI: dict[str, str] = {"day of month": "(ngày trong tháng)", "working days": "ngày làm việc"}


def _json_value(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


#: How each kind of argument is written after ``--arg NAME=``.
_ARG_FORMATS: dict[str, str] = {"date": "YYYY-MM-DD", "quarter": "YYYY-Qn", "year": "YYYY",
                                "act": "ACT"}


def _arg_format(kind: str) -> str:
    return _ARG_FORMATS.get(kind, f"<{kind} id>")


def _format_legend() -> list[str]:
    return [
        "",
        "<… id>: mã của bản ghi trong hồ sơ / the id of a record in the case",
        "YYYY-MM-DD: ngày / a date · YYYY-Qn: quý / a quarter (2009-Q3) · YYYY: năm / a year",
        "ACT: " + ", ".join(a.value for a in Act),
    ]


def _example_name(args: argparse.Namespace) -> str:
    if args.example and args.name and args.example != args.name:
        raise InputError("--name", f"two names given: {args.example!r} and {args.name!r}")
    name: str = args.example or args.name or "committee-2009"
    if name not in EXAMPLES:
        extra = hint(name, EXAMPLES)
        raise InputError("example", f"no example {name!r}; examples: {', '.join(EXAMPLES)}"
                         + (f"; {extra.en}" if extra else ""))
    return name


def _records_in_year(case: Case, year: int) -> int:
    """How many records of the case are dated in ``year`` (any date, year or quarter field)."""
    count = 0
    for kind in KIND_CLASSES:
        for record in getattr(case, kind):
            values = [getattr(record, f.name) for f in attrs.fields(type(record))]
            if any((isinstance(v, dt.date) and v.year == year)
                   or (isinstance(v, str) and v.startswith(f"{year}-Q"))
                   or (type(v) is int and v == year) for v in values):
                count += 1
    return count


def _warn_empty_year(case: Case, year: int | None) -> None:
    """An audit of a year the case says nothing about reports every obligation unmet: say so."""
    if year is None or _records_in_year(case, year):
        return
    print(f"Cảnh báo: hồ sơ không có bản ghi nào trong năm {year}; các kết luận dưới đây chỉ phản "
          f"ánh việc thiếu hồ sơ. / Warning: the case holds no record in {year}; the findings "
          f"below only reflect the missing records.", file=sys.stderr)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse; words left over are reported with the subcommand's usage, not the top level's
    (``--arg meeting H2009-Q3`` is ``kgrules ask``'s mistake, shown with its usage)."""
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if not extra:
        return args
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    command: argparse.ArgumentParser = sub.choices[args.command]
    loose = [a for a in getattr(args, "arg", []) or [] if "=" not in a]
    tip = ""
    if loose and extra:
        tip = (f" — --arg nhận NAME=VALUE liền nhau / --arg takes NAME=VALUE as one word: "
               f"--arg {loose[0]}={extra[0]}")
    command.error(f"không nhận ra / unrecognized arguments: {' '.join(extra)}{tip}")


_MORE_HANDLERS: dict[str, Callable[[argparse.Namespace], str | tuple[str, int]]] = {
    "test": _test,
    "new-case": _new_case,
    "interpretations": _interpretations,
    "parameters": _parameters,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    handlers: dict[str, Callable[[argparse.Namespace], str | tuple[str, int]]] = {
        "doctor": _doctor,
        "questions": _questions, "ask": _ask, "calendar": _calendar, "coverage": _coverage,
        "example": _example, "audit": _audit, "serve": _serve, "record": _record,
        "version": _version,
        **_MORE_HANDLERS,
    }
    code = 0
    try:
        result: str | tuple[str, int] = handlers[args.command](args)
        out, code = result if isinstance(result, tuple) else (result, 0)
    except InputError as exc:
        print(json.dumps(bilingual(exc), ensure_ascii=False), file=sys.stderr)
        return 2
    except KgrulesError as exc:
        print(json.dumps(bilingual(exc), ensure_ascii=False), file=sys.stderr)
        return 1
    sys.stdout.write(out + "\n")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
