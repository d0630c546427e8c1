"""The command line: exit 0 whenever a question was answered, 2 on bad input with the typed
error on stderr and nothing on stdout; JSON round-trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kgrules
from kgrules.cli import main
from kgrules.examples import example_path

SUB = ["--arg", "meeting=H2009-Q3", "--arg", "member=P05", "--arg", "substitute=S03"]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.clause("dieu-10/doan-5")
def test_ask_json_matches_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "ask", "dieu10.substitute_allowed", str(example_path()), *SUB,
                         "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["outcome"] in {"yes", "no", "unknown", "not_applicable"}
    lib = kgrules.ask("dieu10.substitute_allowed", kgrules.load_example(), meeting="H2009-Q3",
                      member="P05", substitute="S03")
    assert data == lib.to_dict()


@pytest.mark.clause("dieu-10/doan-5", "dieu-6/khoan-1")
def test_interpretation_switch_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "ask", "dieu10.substitute_allowed", "example:committee-2009", *SUB,
                       "--interpretation", "consent_by_deputy=head_only", "--json")
    data = json.loads(out)
    assert code == 0 and data["outcome"] == "no"
    chosen = {i["switch"]: (i["reading"], i["default"]) for i in data["interpretations"]}
    assert chosen["consent_by_deputy"] == ("head_only", False)


@pytest.mark.clause("dieu-11/doan-1")
def test_exit_zero_whatever_the_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "ask", "dieu11.report_on_time", "example:committee-2009",
                       "--arg", "member=P06", "--arg", "quarter=2009-Q1", "--lang", "en")
    assert code == 0
    assert "Answer: NO" in out and "Article 11, paragraph 1" in out


def test_human_text_is_vietnamese_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "ask", "dieu10.substitute_allowed", "example:committee-2009", *SUB)
    assert code == 0
    assert out.startswith("Câu hỏi:") and "Kết luận: CÓ (YES)" in out and "đoạn 5 Điều 10" in out


@pytest.mark.parametrize(
    ("argv", "path"),
    [
        (["ask", "nope.question", "example:committee-2009"], "question"),
        (["ask", "dieu10.substitute_allowed", "example:committee-2009", "--arg",
          "meeting=H2009-Q3"], "arguments.member"),
        (["ask", "dieu10.substitute_allowed", "example:committee-2009", *SUB, "--arg",
          "colour=red"], "arguments.colour"),
        (["ask", "dieu10.substitute_allowed", "example:committee-2009", "--arg", "meeting=NOPE",
          "--arg", "member=P05", "--arg", "substitute=S03"], "arguments.meeting"),
        (["ask", "dieu11.report_on_time", "example:committee-2009", "--arg", "member=P05",
          "--arg", "quarter=2009-Q5"], "arguments.quarter"),
        (["ask", "dieu10.substitute_allowed", "example:committee-2009", *SUB,
          "--interpretation", "consent_by_deputy=maybe"], "interpretations.consent_by_deputy"),
        (["ask", "dieu10.substitute_allowed", "example:committee-2009", *SUB, "--arg", "oops"],
         "--arg[3]"),
        (["ask", "dieu10.substitute_allowed", "example:committee-2009", *SUB, "--lang", "fr"],
         "lang"),
    ],
)
def test_bad_input_exit_2_error_on_stderr_nothing_on_stdout(
    capsys: pytest.CaptureFixture[str], argv: list[str], path: str
) -> None:
    code, out, err = cli(capsys, *argv)
    assert code == 2
    assert out == ""
    error = json.loads(err)
    assert error["path"] == path
    assert error["error"].endswith("Error")


def test_bad_case_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "case.json"
    data = json.loads(example_path().read_text(encoding="utf-8"))
    data["consents"][1]["given_on"] = "2009-02-30"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = cli(capsys, "ask", "dieu10.substitute_allowed", str(bad), *SUB)
    assert (code, out) == (2, "")
    assert json.loads(err)["path"] == "consents[1].given_on"


def test_questions_listing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "questions", "--json")
    listing = json.loads(out)
    ids = {q["id"] for q in listing}
    assert code == 0
    assert {"dieu10.regular_meeting_in_window", "dieu10.substitute_allowed",
            "dieu11.report_on_time", "dieu11.documents_on_time"} <= ids
    assert all(q["starred"] for q in listing if q["id"] in {
        "dieu10.regular_meeting_in_window", "dieu10.substitute_allowed",
        "dieu11.report_on_time", "dieu11.documents_on_time"})


@pytest.mark.clause("dieu-10/doan-1", "dieu-11/doan-1")
def test_calendar_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "calendar", "2009", "--json")
    data = json.loads(out)
    assert code == 0
    text = json.dumps(data)
    assert "2009-03-20" in text and "2009-03-30" in text and "2009-03-15" in text
    assert "holidays" in text


def test_calendar_bad_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "calendar", "1990")
    assert (code, out) == (2, "")
    assert json.loads(err)["path"] == "year"


def test_example_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "example")
    assert code == 0 and Path(out.strip()).exists()


def test_record_ask_show_list_replay(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = str(tmp_path / "r.sqlite3")
    code, out, _ = cli(capsys, "ask", "dieu12.expense_authorised", "example:committee-2009",
                       "--arg", "expenditure=CHI-07", "--record", store, "--json")
    assert code == 0
    answer = json.loads(out)
    rid = answer["record_id"]
    code, out, _ = cli(capsys, "audit", "example:committee-2009", "--record", store, "--json")
    assert code == 0
    audited = [f["decision"]["record_id"] for f in json.loads(out)["findings"]]
    code, out, _ = cli(capsys, "record", "list", "--record", store, "--limit", "10000", "--json")
    listed = json.loads(out)
    assert [r["id"] for r in listed] == [rid, *audited]
    assert listed[0]["decision"] == {k: v for k, v in answer.items() if k != "record_id"}
    code, out, _ = cli(capsys, "record", "show", rid, "--record", store, "--lang", "en")
    assert code == 0 and rid in out and "Answer: NO (KHÔNG)" in out and "expenditure=CHI-07" in out
    code, out, _ = cli(capsys, "record", "replay", rid, "--record", store, "--json")
    assert code == 0 and json.loads(out)["same"] is True
    code, out, err = cli(capsys, "record", "replay", "nope", "--record", store)
    assert code == 2 and out == "" and json.loads(err)["path"] == "id"
    code, out, err = cli(capsys, "record", "show", "--record", store)
    assert code == 2 and json.loads(err)["path"] == "id"
    code, out, err = cli(capsys, "ask", "dieu12.expense_authorised", "example:committee-2009",
                         "--arg", "expenditure=CHI-07", "--record", "mysql://x")
    assert code == 2 and out == "" and json.loads(err)["path"] == "--record"


def test_record_replay_that_differs_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import sqlite3

    store = str(tmp_path / "r.sqlite3")
    code, out, _ = cli(capsys, "ask", "dieu12.expense_authorised", "example:committee-2009",
                       "--arg", "expenditure=CHI-07", "--record", store, "--json")
    conn = sqlite3.connect(store)
    columns = [c[1] for c in conn.execute("PRAGMA table_info(decisions)") if c[1] != "seq"]
    row = dict(zip(columns, conn.execute(f"SELECT {', '.join(columns)} FROM decisions").fetchone(),
                   strict=True))
    forged = json.loads(row["decision"])
    forged["outcome"] = "yes"
    # A plain INSERT (append-only allows it): first without hashes, then keeping the hashes of
    # the row it copies (which its changed content no longer matches).
    row.update(id="forged", outcome="yes", decision=json.dumps(forged), prev_hash=None, row_hash=None)
    copied = dict(row, id="copied", prev_hash="0" * 64,
                  row_hash=conn.execute("SELECT row_hash FROM decisions").fetchone()[0])
    for values in (row, copied):
        conn.execute(f"INSERT INTO decisions ({', '.join(values)}) VALUES "
                     f"({', '.join('?' for _ in values)})", list(values.values()))
    conn.commit()
    conn.close()
    code, out, _ = cli(capsys, "record", "replay", "forged", "--record", store, "--lang", "en")
    assert code == 1 and "differs" in out and "outcome" in out
    code, out, err = cli(capsys, "record", "replay", "copied", "--record", store, "--lang", "en")
    assert code == 1 and out == "" and "RecordIntegrityError" in err and "altered" in err
    code, out, _ = cli(capsys, "record", "verify", "--record", store, "--lang", "en")
    assert code == 1 and "row #2 has no hash" in out


def test_decision_round_trips_through_its_dict() -> None:
    case = kgrules.load_example()
    for qid, args in [("dieu10.substitute_allowed", dict(zip(("meeting", "member", "substitute"),
                                                             ("H2009-Q3", "P05", "S03"), strict=True))),
                      ("dieu12.expense_authorised", {"expenditure": "CHI-07"}),
                      ("dieu11.report_on_time", {"member": "P05", "quarter": "2009-Q4"})]:
        d = kgrules.ask(qid, case, **args)
        again = kgrules.Decision.from_dict(json.loads(d.to_json()))
        assert again == d and again.render("en") == d.render("en")
