"""The command line's rough edges smoothed (issue 15): bilingual errors with "did you mean",
argument formats, the subcommand's usage on a bad --arg, ``example NAME``, the empty-year audit
warning, and the interpretation register and dated parameters."""

from __future__ import annotations

import json

import pytest

from kgrules.cli import main
from kgrules.examples import example_path
from kgrules.interpretations import SWITCHES
from kgrules.params import ALL

SUB = ["--arg", "meeting=H2009-Q3", "--arg", "member=P05", "--arg", "substitute=S03"]
ASK = ["ask", "dieu10.substitute_allowed", "example:committee-2009"]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("argv", "path", "suggested"), [
    (["ask", "dieu10.substitute_alowed", "example:committee-2009", *SUB], "question",
     "dieu10.substitute_allowed"),
    ([*ASK, "--arg", "meeting=H2009-Q3", "--arg", "member=P5", "--arg", "substitute=S03"],
     "arguments.member", "P05"),
    ([*ASK, "--arg", "meeting=H2009Q3", "--arg", "member=P05", "--arg", "substitute=S03"],
     "arguments.meeting", "H2009-Q3"),
    ([*ASK, "--arg", "meeting=H2009-Q3", "--arg", "membre=P05", "--arg", "substitute=S03"],
     "arguments.membre", "member"),
    ([*ASK, *SUB, "--interpretation", "consent_deadlin=by_meeting_day"],
     "interpretations.consent_deadlin", "consent_deadline"),
    ([*ASK, *SUB, "--interpretation", "consent_deadline=before_meeting"],
     "interpretations.consent_deadline", "before_meeting_day"),
    (["audit", "example:committee-2009", "--interpretation", "report_deadlin=strict"],
     "interpretations.report_deadlin", "report_deadline"),
    (["example", "commitee-2009"], "example", "committee-2009"),
])
def test_errors_are_bilingual_and_suggest_the_closest_name(
        capsys: pytest.CaptureFixture[str], argv: list[str], path: str, suggested: str) -> None:
    code, out, err = cli(capsys, *argv)
    assert (code, out) == (2, "")
    error = json.loads(err)
    assert error["path"] == path
    assert set(error["message"]) == {"vi", "en"}
    assert f"did you mean '{suggested}'" in error["message"]["en"]
    assert f"«{path}»" in error["message"]["vi"]  # the service's Vietnamese sentence
    if path == "question":
        assert "kgrules questions" in error["message"]["en"]
        assert "kgrules.questions()" not in error["message"]["en"]


def test_no_suggestion_when_nothing_is_close(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, *ASK, "--arg", "meeting=ZZZZZZZZ", "--arg", "member=P05",
                       "--arg", "substitute=S03")
    assert code == 2 and "did you mean" not in json.loads(err)["message"]["en"]


def test_a_spaced_arg_shows_the_ask_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([*ASK, "--arg", "meeting", "H2009-Q3"])
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: kgrules ask ")
    assert "--arg meeting=H2009-Q3" in err and "unrecognized arguments: H2009-Q3" in err


def test_questions_show_argument_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "questions")
    assert code == 0
    assert "dieu10.substitute_allowed  --arg meeting=<meeting id> --arg member=<person id> " \
           "--arg substitute=<person id>" in out
    assert "dieu2.composition_valid  --arg date=YYYY-MM-DD" in out
    assert "dieu11.report_on_time  --arg member=<person id> --arg quarter=YYYY-Qn" in out
    assert "dieu12.settlement_valid  --arg year=YYYY" in out
    assert "--arg act=ACT" in out and "ACT: decide_matters, " in out


def test_example_by_name_and_by_the_old_option(capsys: pytest.CaptureFixture[str]) -> None:
    expected = str(example_path("committee-2009")) + "\n"
    for argv in (["example"], ["example", "committee-2009"], ["example", "--name", "committee-2009"]):
        assert cli(capsys, *argv) == (0, expected, "")


def test_audit_warns_when_the_case_holds_nothing_in_the_year(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "audit", "example:committee-2009", "--year", "2026",
                         "--engine", "oracle")
    assert code == 0 and out
    assert err.startswith("Cảnh báo: hồ sơ không có bản ghi nào trong năm 2026")
    assert "Warning: the case holds no record in 2026" in err
    code, out, err = cli(capsys, "audit", "example:committee-2009", "--year", "2009",
                         "--engine", "oracle")
    assert code == 0 and err == ""


def test_interpretations_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "interpretations", "--json")
    data = json.loads(out)
    assert code == 0 and [d["switch"] for d in data] == sorted(SWITCHES, key=lambda s: SWITCHES[s].point)
    for d in data:
        s = SWITCHES[d["switch"]]
        assert d["default"] == s.default and set(d["readings"]) == set(s.readings)
        assert d["title"] == s.title.to_dict() and d["clauses"] == list(s.clauses)
    code, out, _ = cli(capsys, "interpretations", "--lang", "en")
    assert "(2) consent_deadline — " in out and "   * by_meeting_day: " in out
    assert "     before_meeting_day: " in out


def test_parameters_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "parameters", "--json")
    data = json.loads(out)
    assert code == 0 and [d["name"] for d in data] == [p.name for p in ALL]
    window = next(d for d in data if d["name"] == "meeting_window_last_day")
    assert window["values"][0]["value"] == 30 and window["clauses"] == ["dieu-10/doan-1"]
    assert window["values"][0]["since"] == "2008-06-23"
    code, out, _ = cli(capsys, "parameters")
    assert "report_deadline_day — " in out and "    15 (ngày trong tháng) từ 2008-06-23" in out
    assert "    3 ngày làm việc từ 2008-06-23" in out
    code, out, _ = cli(capsys, "parameters", "--lang", "en")
    assert "    15 day of month since 2008-06-23" in out
