"""The year's audit: every obligation enumerated, each finding the catalogue's own decision."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import signal
import subprocess
import sys
import threading
from typing import Any

import attrs
import pytest

import kgrules
from kgrules.audit import GROUPS, AuditReport, RecordSummaries, _Context, audit, plan
from kgrules.catalogue import calendar_for
from kgrules.cli import main
from kgrules.decision import Outcome
from kgrules.facts import AttendanceMode, MeetingKind, Role
from kgrules.html import record_summary
from kgrules.i18n import Text
from kgrules.obligations import record_period
from kgrules.oracle import OracleEngine

COMMITTEE = {Role.HEAD, Role.STANDING_DEPUTY, Role.DEPUTY, Role.MEMBER}


@pytest.fixture(scope="module")
def case() -> kgrules.Case:
    return kgrules.load_example()


@pytest.fixture(scope="module")
def report(case: kgrules.Case) -> AuditReport:
    return audit(case, 2009, engine=OracleEngine())


def findings_of(report: AuditReport, question: str) -> list[dict[str, str]]:
    return [dict(f.decision.arguments) for f in report.findings if f.question == question]


def test_each_finding_is_the_catalogues_decision(case: kgrules.Case, report: AuditReport) -> None:
    oracle = OracleEngine()
    assert report.findings and not report.errors
    for f in report.findings:
        assert f.decision == kgrules.ask(f.question, case, engine=oracle, **f.decision.arguments)
    assert len({f.id for f in report.findings}) == len(report.findings)


@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-4", "dieu-11/doan-2", "dieu-10/doan-2")
def test_meetings_quarters_and_documents_are_all_checked(case: kgrules.Case,
                                                         report: AuditReport) -> None:
    assert findings_of(report, "dieu10.quarter_obligation_met") == [
        {"quarter": f"2009-Q{q}"} for q in (1, 2, 3, 4)]
    regular = [m.id for m in case.meetings
               if m.kind is MeetingKind.REGULAR and m.for_quarter[0] == 2009]
    extra = [m.id for m in case.meetings
             if m.kind is MeetingKind.EXTRAORDINARY and m.for_quarter[0] == 2009]
    for q, ids in (("dieu10.regular_meeting_in_window", regular),
                   ("dieu11.documents_on_time", regular),
                   ("dieu10.extraordinary_meeting_valid", extra)):
        assert sorted(a["meeting"] for a in findings_of(report, q)) == sorted(ids)
    q4 = next(f for f in report.findings if f.question == "dieu10.regular_meeting_in_window"
              and f.decision.arguments["meeting"] == "H2009-Q4")
    assert q4.outcome is Outcome.NO and q4.quarter == 4 and q4.needs_attention  # held 05/01/2010


@pytest.mark.clause("dieu-11/doan-1")
def test_a_report_is_checked_for_every_member_on_every_deadline(case: kgrules.Case,
                                                                report: AuditReport) -> None:
    cal = calendar_for(case)
    expected = set()
    for q in (1, 2, 3, 4):
        day = cal.report_deadline(2009, q).strict
        expected |= {(p.record.person, f"2009-Q{q}") for p in case.positions_on(day)
                     if p.record.role in COMMITTEE}
    got = {(a["member"], a["quarter"]) for a in findings_of(report, "dieu11.report_on_time")}
    assert got == expected
    late = {(a["member"], a["quarter"]) for f in report.findings
            if f.question == "dieu11.report_on_time" and f.outcome is Outcome.NO
            for a in [f.decision.arguments]}
    assert ("P06", "2009-Q1") in late


@pytest.mark.clause("dieu-10/doan-5")
def test_attendance_and_every_substitute_are_checked(case: kgrules.Case, report: AuditReport) -> None:
    subs = {(a.meeting, a.on_behalf_of, a.person) for a in case.attendances
            if a.mode is AttendanceMode.SUBSTITUTE}
    got = {(a["meeting"], a["member"], a["substitute"])
           for a in findings_of(report, "dieu10.substitute_allowed")}
    assert got == subs
    for m in case.meetings:
        bound = {p.record.person for p in case.positions_on(m.date) if p.record.role in COMMITTEE}
        got_members = {a["member"] for a in findings_of(report, "dieu10.attendance_compliant")
                       if a["meeting"] == m.id}
        assert got_members == bound


def test_spending_and_every_other_question_is_asked_or_explained(case: kgrules.Case,
                                                               report: AuditReport) -> None:
    ids = {q.id for q in kgrules.questions()}
    asked = set(report.asked)
    skipped = {n.question for n in report.not_audited}
    assert asked | skipped == ids and not asked & skipped
    assert {f.question for f in report.findings} <= asked
    for n in report.not_audited:
        assert n.reason.vi and n.reason.en
    spending = [f for f in report.findings if f.group == "spending"]
    if "dieu12.expense_authorised" in ids:  # covered the day Điều 12 lands
        expenditures = {e.id for e in case.expenditures if e.id and e.date.year == 2009}
        assert {a["expenditure"] for a in findings_of(report, "dieu12.expense_authorised")} \
            == expenditures
        assert spending


def test_a_new_question_is_enumerated_from_its_arguments(case: kgrules.Case) -> None:
    base = kgrules.question("dieu2.account_use_allowed")
    new = attrs.evolve(base, id="dieu12.new_duty")  # a question the audit has never heard of
    asked, skipped = plan([new])
    assert not skipped and len(asked) == 1
    ctx = _Context(case, 2009, (1, 2, 3, 4), calendar_for(case))
    checks = asked[0][1](ctx)
    assert {c.arguments["transaction"] for c in checks} == {
        t.id for t in case.transactions if t.date.year == 2009}
    assert all(c.quarter == (c.day.month - 1) // 3 + 1 for c in checks if c.day)
    odd = attrs.evolve(base, id="dieu99.odd", arguments=(*base.arguments, *base.arguments))
    asked, skipped = plan([odd])
    assert not asked and skipped[0].question == "dieu99.odd"


def test_report_order_does_not_depend_on_import_order() -> None:
    qs = kgrules.questions()
    forward, backward = plan(qs), plan(list(reversed(qs)))
    assert [q.id for q, _ in forward[0]] == [q.id for q, _ in backward[0]]
    assert forward[1] == backward[1]


def test_totals_add_up(report: AuditReport) -> None:
    t = report.totals()
    assert t["checks"] == len(report.findings) == sum(t["outcomes"].values())
    assert sum(sum(c.values()) for c in t["by_group"].values()) == t["checks"]
    assert sum(sum(c.values()) for c in t["by_quarter"].values()) == t["checks"]
    assert t["needs_attention"] == t["outcomes"]["no"] + t["outcomes"]["unknown"]
    assert set(t["by_group"]) <= set(GROUPS)
    data = json.loads(report.to_json())
    assert data["totals"] == t and len(data["findings"]) == t["checks"]
    for f, d in zip(report.findings, data["findings"], strict=True):
        assert d["decision"] == f.decision.to_dict() and d["outcome"] == f.outcome.value


@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-4")
def test_a_quarter_without_a_meeting_fails(case: kgrules.Case) -> None:
    data = case.to_dict()
    for kind in ("attendances", "absence_reports", "consents", "dispatches", "invitations"):
        data[kind] = [r for r in data[kind] if r["meeting"] != "H2009-Q2"]
    data["meetings"] = [m for m in data["meetings"] if m["id"] != "H2009-Q2"]
    r = audit(kgrules.Case.from_dict(data), 2009, engine=OracleEngine())
    q2 = next(f for f in r.findings if f.question == "dieu10.quarter_obligation_met"
              and f.quarter == 2)
    assert q2.outcome is Outcome.NO and q2 in r.attention
    assert not [f for f in r.findings if f.question == "dieu10.regular_meeting_in_window"
                and f.quarter == 2]


@pytest.mark.clause("dieu-11/doan-1")
def test_readings_apply_to_every_check(case: kgrules.Case, report: AuditReport) -> None:
    moved = audit(case, 2009, engine=OracleEngine(),
                  interpretations={"report_deadline": "next_working_day"})
    def late(r: AuditReport) -> set[str]:
        return {f.decision.arguments["member"] + f.decision.arguments["quarter"]
                for f in r.findings if f.question == "dieu11.report_on_time"
                and f.outcome is Outcome.NO}
    assert "P062009-Q1" in late(report) and "P062009-Q1" not in late(moved)
    assert moved.settings.reading("report_deadline") == "next_working_day"


@pytest.mark.clause("dieu-10/doan-5")
def test_audit_under_each_reading_of_point_16(
        case: kgrules.Case, capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    """P05 reported being unable to attend H2009-Q3 but nobody came in his place: the audit's
    attendance check is "no" under the default of point 16 (excused_absence), "yes" under
    report_suffices, chosen from the command line as any switch."""
    data = case.to_dict()
    data["attendances"] = [a for a in data["attendances"]
                           if not (a["meeting"] == "H2009-Q3" and a["on_behalf_of"] == "P05")]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    outcomes = {}
    for chosen in ([], ["--interpretation", "excused_absence=report_suffices"]):
        main(["audit", str(path), "--year", "2009", "--json", "--engine", "oracle", *chosen])
        out = json.loads(capsys.readouterr().out)
        (p05,) = [f for f in out["findings"] if f["question"] == "dieu10.attendance_compliant"
                  and f["arguments"] == {"meeting": "H2009-Q3", "member": "P05"}]
        switches = {i["switch"]: i["reading"] for i in p05["decision"]["interpretations"]}
        outcomes[out["interpretations"]["excused_absence"]] = (p05["outcome"],
                                                               switches["excused_absence"])
    assert outcomes == {"substitute_required": ("no", "substitute_required"),
                        "report_suffices": ("yes", "report_suffices")}


def test_default_year_and_bad_years(case: kgrules.Case) -> None:
    assert audit(case, engine=OracleEngine()).year == 2009
    for year in (1999, 2200):
        with pytest.raises(kgrules.InputError) as err:
            audit(case, year, engine=OracleEngine())
        assert err.value.path == "year"
    empty = audit(kgrules.Case.from_dict({"people": []}), 2010, engine=OracleEngine())
    assert empty.findings  # quarters with no meeting and no consultation are still checked
    assert all(f.outcome is not Outcome.YES for f in empty.findings
               if f.question == "dieu10.quarter_obligation_met")


def test_html_report_is_self_contained_and_links_every_finding(report: AuditReport) -> None:
    page = report.to_html("vi")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert " src=" not in page and "<link" not in page and "@import" not in page
    for f in report.findings:
        assert f'id="{f.id}"' in page and f'href="#{f.id}"' in page
    assert "<svg" in page and "@media print" in page
    assert "Compliance audit" in report.to_html("en")


def test_cli_audit(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    from pathlib import Path

    out_file = Path(str(tmp_path)) / "r.html"
    code = main(["audit", "example:committee-2009", "--engine", "oracle", "--json",
                 "--html", str(out_file)])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    data = json.loads(out)
    saved = out_file.read_text(encoding="utf-8")
    assert data["year"] == 2009 and saved.count('class="kg-decision-box') == len(data["findings"])
    code = main(["audit", "example:committee-2009", "--year", "1999"])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and json.loads(err)["path"] == "year"


def test_durable_and_oracle_agree_over_the_year(report: AuditReport) -> None:
    """The whole year on durable_rules (in a subprocess, so that an engine crash is a failed
    test, not a dead test run) against the oracle, finding by finding."""
    run = subprocess.run(
        [sys.executable, "-m", "kgrules.cli", "audit", "example:committee-2009", "--json"],
        capture_output=True, text=True, timeout=600,
    )
    # A crash of the engine is a failure: the adapter guards the known overrun (docs/engine.md).
    assert run.returncode != -signal.SIGSEGV, "durable_rules crashed (SIGSEGV)"
    assert run.returncode == 0, run.stderr
    durable = json.loads(run.stdout)
    assert durable["engine"] == "durable_rules"
    got = [(f["question"], f["arguments"], f["outcome"]) for f in durable["findings"]]
    want = [(f.question, dict(f.decision.arguments), f.outcome.value) for f in report.findings]
    assert got == want


def test_record_summaries_are_worked_out_when_first_read(case: kgrules.Case) -> None:
    """The report's records are summarised on first read (the HTML reads them), and are then
    what the eager loop gave: every path a finding names, in first-named order, both
    languages; they pickle and copy as a plain dict."""
    report = audit(case, 2009)
    records = report.records
    assert isinstance(records, RecordSummaries) and records._done is None  # nothing done yet
    eager: dict[str, Text] = {}
    for f in report.findings:
        for reason in f.decision.reasons:
            for path in reason.facts:
                vi, en = record_summary(case, path, "vi"), record_summary(case, path, "en")
                if path not in eager and vi is not None and en is not None:
                    eager[path] = Text(vi, en)
    seen: list[list[str]] = []
    threads = [threading.Thread(target=lambda: seen.append(list(records))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [list(eager)] * 4 and eager  # the same order, from any thread
    assert dict(records) == eager and records == eager and eager == records
    assert len(records) == len(eager) and records[next(iter(eager))] == eager[next(iter(eager))]
    assert type(pickle.loads(pickle.dumps(records))) is dict
    assert pickle.loads(pickle.dumps(report)) == report
    assert copy.deepcopy(report).records == eager


def test_record_periods_read_each_class_fields_once_and_by_value() -> None:
    """record_period reads a class's field names once (kept per class) but every record's
    values: a record whose first date field is empty takes its next date, as attrs.fields
    read afresh gives; a class redefined is read as itself."""

    def first_date(record: Any) -> dt.date | None:
        for field in attrs.fields(type(record)):
            value = getattr(record, field.name)
            if isinstance(value, dt.date):
                return value
        return None

    case = kgrules.load_example()
    for kind in ("meetings", "reports", "expenditures", "consents", "estimates", "dispatches"):
        for ix in case.records(kind):
            period = record_period(ix.record)
            assert period is None or period[2] == first_date(ix.record)

    @attrs.frozen
    class Dated:
        first: dt.date | None
        second: dt.date | None

    a, b = Dated(None, dt.date(2009, 5, 2)), Dated(dt.date(2009, 1, 3), None)
    assert record_period(a) == (2009, 2, dt.date(2009, 5, 2))
    assert record_period(b) == (2009, 1, dt.date(2009, 1, 3))

    # the same name redefined, its fields the other way round
    again = attrs.make_class("Dated", {"second": attrs.field(), "first": attrs.field()},
                             frozen=True)
    assert record_period(again(dt.date(2010, 7, 1), dt.date(2011, 1, 1))) == (
        2010, 3, dt.date(2010, 7, 1))


def test_record_period_finds_a_year_or_quarter_however_the_class_gives_it() -> None:
    """record_period looks ``year`` and ``quarter`` up only where a class can have them, but
    finds them wherever it can: a field, a property, an instance ``__dict__`` (a class without
    slots) or a ``__getattr__``; a slotted class with neither goes by its first date."""

    @attrs.frozen
    class Yearly:
        year: int
        on: dt.date

    @attrs.frozen
    class Quarterly:
        on: dt.date

        @property
        def quarter(self) -> str:
            return "2011-Q4"

    @attrs.define(slots=False)
    class Open:
        on: dt.date

    class Dynamic:
        def __getattr__(self, name: str) -> Any:
            if name == "year":
                return 2015
            raise AttributeError(name)

    @attrs.define
    class Closed:
        on: dt.date

    day = dt.date(2009, 5, 2)
    assert record_period(Yearly(2010, day)) == (2010, None, day)
    assert record_period(Quarterly(day)) == (2011, 4, day)
    plain = Open(day)
    assert record_period(plain) == (2009, 2, day)
    plain.year = 2012  # type: ignore[attr-defined]
    assert record_period(plain) == (2012, None, day)
    assert record_period(Closed(day)) == (2009, 2, day)
    dyn = attrs.make_class("Dyn", {"on": attrs.field()}, bases=(Dynamic,), slots=True)
    assert record_period(dyn(day)) == (2015, None, day)
