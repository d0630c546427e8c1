"""The ``kgrules`` command: list questions, ask one about a case file, audit a year, print the
calendar, serve the decision service, show and replay the decision record.

Exit status: 0 whenever a question was answered, whatever its outcome; 2 on bad input, with
the typed error on stderr and nothing on stdout; 1 when a replayed decision differs from its
record (or the library failed).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from kgrules.errors import InputError, KgrulesError
from kgrules.exact import parse_count, parse_year, shown
from kgrules.i18n import Lang, check_lang

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
    v.add_argument("--tests", default="tests", metavar="DIR",
                   help="the test suite to read markers from (default: ./tests)")

    s = sub.add_parser("example", help="path of the shipped example case")
    s.add_argument("--name", default="committee-2009")

    r = sub.add_parser("record", help="the decision record: show, replay or list recorded "
                       "decisions / xem, trả lời lại các quyết định đã ghi")
    r.add_argument("action", choices=("show", "replay", "list"))
    r.add_argument("id", nargs="?", help="the decision's record id (show, replay)")
    r.add_argument("--record", metavar="PATH_OR_URL",
                   help="the decision record (default $KGRULES_RECORD, else "
                   "./kgrules-decisions.sqlite3)")
    r.add_argument("--after", type=_count, default=0, metavar="SEQ", help="list: from seq > SEQ")
    r.add_argument("--limit", type=_count, default=20, metavar="N", help="list: at most N")
    r.add_argument("--json", action="store_true")
    r.add_argument("--lang", default="vi")

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
    w.add_argument("--evaluators", type=_count, metavar="N",
                   help="evaluation processes per worker (default 2; 0: in the worker's threads, "
                   "without budget or isolation) / số tiến trình tính toán")
    w.add_argument("--budget-seconds", type=_count, metavar="S",
                   help="longest evaluation of one request (default 30; then 503 TooExpensive)")
    w.add_argument("--header-timeout", type=_count, metavar="S",
                   help="seconds a client has to send a request's headers (default 10)")
    w.add_argument("--body-timeout", type=_count, metavar="S",
                   help="seconds a client has to send a request's body (default 60; then 408)")
    return p


def _count(text: str) -> int:
    """argparse's type for counts and limits: ASCII digits only (``int()`` would also take
    "２０" or " 20 ")."""
    try:
        return parse_count("", text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


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
    from kgrules.catalogue import listing as catalogue_listing

    lang: Lang = check_lang(args.lang)
    listing = catalogue_listing()
    if args.json:
        return json.dumps(listing, ensure_ascii=False, indent=2)
    lines = []
    for item in listing:
        star = "★ " if item["starred"] else "  "
        argnames = " ".join(f"--arg {a['name']}=…" for a in item["arguments"])
        lines.append(f"{star}{item['id']}  {argnames}")
        lines.append(f"    {item['title'][lang]}")
    return "\n".join(lines)


def _ask(args: argparse.Namespace) -> str:
    from kgrules.case import load_case
    from kgrules.catalogue import ask
    from kgrules.oracle import OracleEngine

    lang = check_lang(args.lang)
    arguments = _pairs(args.arg, "--arg")
    interpretations = _pairs(args.interpretation, "--interpretation")
    if args.case.startswith("example:"):
        from kgrules.examples import load_example

        case = load_example(args.case.removeprefix("example:"))
    else:
        case = load_case(args.case)
    engine = OracleEngine() if args.engine == "oracle" else None
    store = _store(args.record) if args.record else None
    try:
        decision = ask(args.question, case, interpretations=interpretations, engine=engine,
                       record=store, **arguments)  # type: ignore[arg-type]
    finally:
        if store is not None:
            store.close()
    text = decision.to_json() if args.json else decision.render(lang)
    if decision.record_id is not None and not args.json:
        text += f"\nĐã ghi / Recorded: {decision.record_id}"
    return text


def _calendar(args: argparse.Namespace) -> str:
    from kgrules.calendar import CalendarOverride, WorkingCalendar, default_calendar

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
        from kgrules.ics import to_ics

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
    from kgrules.case import load_case

    if case.startswith("example:"):
        from kgrules.examples import load_example

        return load_example(case.removeprefix("example:"))
    return load_case(case)


def _audit(args: argparse.Namespace) -> str:
    from kgrules.audit import audit
    from kgrules.oracle import OracleEngine

    lang = check_lang(args.lang)
    case = _load(args.case)
    engine = OracleEngine() if args.engine == "oracle" else None
    store = _store(args.record) if args.record else None
    try:
        report = audit(case, _year(args.year, "year"),
                       interpretations=_pairs(args.interpretation, "--interpretation"),
                       engine=engine, record=store)
    finally:
        if store is not None:
            store.close()
    if args.html:
        try:
            with open(args.html, "w", encoding="utf-8") as fh:
                fh.write(report.to_html(lang))
        except OSError as exc:
            raise InputError("--html", str(exc)) from exc
    return report.to_json() if args.json else report.render(lang)


def _coverage(args: argparse.Namespace) -> str:
    from pathlib import Path

    from kgrules.coverage import coverage, gaps
    from kgrules.regulation import cite

    tests = Path(args.tests)
    report = coverage(tests if tests.is_dir() else None)
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


def _example(args: argparse.Namespace) -> str:
    from kgrules.examples import example_path

    return str(example_path(args.name))


def _store(location: str | None) -> Any:
    from kgrules.record import open_store

    try:
        return open_store(location)
    except InputError as exc:
        raise InputError("--record", exc.message) from None


def _record(args: argparse.Namespace) -> tuple[str, int]:
    """Show, replay or list recorded decisions. A replay that differs exits 1."""
    lang = check_lang(args.lang)
    if args.action != "list" and not args.id:
        raise InputError("id", f"kgrules record {args.action} needs a record id")
    if args.action != "list" and not _RECORD_ID.fullmatch(args.id):
        # No store issues such an id (and SQL cannot take a lone surrogate).
        raise InputError("id", f"no decision {shown(args.id)} in the record")
    store = _store(args.record)
    try:
        if args.action == "show":
            rec = store.get(args.id)
            if args.json:
                return json.dumps(rec.to_dict(), ensure_ascii=False, indent=2), 0
            from kgrules.decision import Decision

            lines = [
                f"{rec.id} (#{rec.seq}) {rec.recorded_at} — {rec.source}",
                f"  case {rec.case_digest}",
                f"  rules {rec.rules_version}; engine {rec.engine}; calendar {rec.calendar or '—'}",
                "  " + ", ".join(f"{k}={v}" for k, v in rec.interpretations.items()),
                Decision.from_dict(rec.decision).render(lang),
            ]
            return "\n".join(lines), 0
        if args.action == "replay":
            replay = store.replay(args.id)
            if args.json:
                return json.dumps(replay.to_dict(), ensure_ascii=False, indent=2), int(not replay.same)
            return f"{replay.record.id}: {replay.summary().get(lang)}", int(not replay.same)
        records = store.records(after=args.after, limit=args.limit)
        if args.json:
            return json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=2), 0
        return "\n".join(f"{r.seq:>6} {r.id} {r.recorded_at} {r.question} "
                         f"{','.join(f'{k}={v}' for k, v in r.arguments.items())} → {r.outcome}"
                         for r in records), 0
    finally:
        store.close()


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
                  **{k: v for k, v in limits.items() if v is not None})
    return "kgrules serve: đã dừng / stopped"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers: dict[str, Callable[[argparse.Namespace], str | tuple[str, int]]] = {
        "questions": _questions, "ask": _ask, "calendar": _calendar, "coverage": _coverage,
        "example": _example, "audit": _audit, "serve": _serve, "record": _record,
    }
    code = 0
    try:
        result: str | tuple[str, int] = handlers[args.command](args)
        out, code = result if isinstance(result, tuple) else (result, 0)
    except InputError as exc:
        print(json.dumps(exc.to_dict(), ensure_ascii=False), file=sys.stderr)
        return 2
    except KgrulesError as exc:
        print(json.dumps({"error": type(exc).__name__, "message": str(exc)},
                         ensure_ascii=False), file=sys.stderr)
        return 1
    sys.stdout.write(out + "\n")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
