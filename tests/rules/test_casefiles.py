"""The reviewers' test files under tests/cases/ (one pytest item per test case), and the
``kgrules test`` runner itself: its format, its errors, its exit codes and its JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kgrules import casetests
from kgrules.casetests import Status, TestFileError, load_file, run, run_test
from kgrules.cli import main
from kgrules.examples import load_example
from kgrules.oracle import OracleEngine

CASES = Path(__file__).resolve().parents[1] / "cases"
ROOT = CASES.parent.parent


def _items() -> list[object]:
    items: list[object] = []
    for file, _shown in casetests.collect([CASES]):
        rel = file.relative_to(ROOT).as_posix()
        try:
            tests = load_file(file, rel)
        except TestFileError as exc:
            items.append(pytest.param(exc, id=f"{rel}::(file)"))
            continue
        items += [pytest.param(t, id=f"{rel}::{t.index + 1}") for t in tests]
    return items


ITEMS = _items()


@pytest.mark.parametrize("test", ITEMS)
def test_case_file(test: casetests.CaseTest | TestFileError) -> None:
    if isinstance(test, TestFileError):
        pytest.fail(str(test))
    result = run_test(test)
    assert result.status is Status.PASSED, "\n".join(
        [test.label, *casetests.failure_text(result), *(p.en for p in result.problems)])


def test_the_shipped_cases_cover_articles_2_to_13() -> None:
    files = casetests.collect([CASES])
    assert len(files) >= 60
    articles = {f.parent.name for f, _ in files}
    assert {f"dieu-{n:02d}" for n in range(2, 14)} <= articles
    tests = [t for t in ITEMS if not isinstance(t.values[0], TestFileError)]  # type: ignore[attr-defined]
    outcomes = {t.values[0].expect.outcome.value for t in tests}  # type: ignore[attr-defined]
    assert outcomes == {"yes", "no", "unknown", "not_applicable"}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


FLAGSHIP = """
tests:
  - name: flagship
    case: example:committee-2009
    question: dieu10.substitute_allowed
    arguments: {meeting: H2009-Q3, member: P05, substitute: S03}
    expect: %s
"""


def test_yes_and_no_are_read_as_words_not_booleans(tmp_path: Path) -> None:
    ok = load_file(_write(tmp_path, "a.yaml", FLAGSHIP % "yes"))
    assert ok[0].expect.outcome.value == "yes"
    no = load_file(_write(tmp_path, "b.yaml", FLAGSHIP % "no"))
    assert no[0].expect.outcome.value == "no"
    assert run_test(ok[0]).status is Status.PASSED
    failed = run_test(no[0])
    assert failed.status is Status.FAILED
    assert failed.problems[0].vi == "Kỳ vọng KHÔNG, kết quả CÓ"
    assert failed.problems[0].en == "Expected no, got yes"
    # Vietnamese labels are accepted too
    vi = load_file(_write(tmp_path, "c.yaml", FLAGSHIP % '"có"'))
    assert vi[0].expect.outcome.value == "yes"


@pytest.mark.parametrize(("text", "path", "words"), [
    (FLAGSHIP.replace("question:", "questoin:") % "yes", "tests[0].questoin", "did you mean 'question'"),
    (FLAGSHIP % "maybe", "tests[0].expect.outcome", "expected one of"),
    (FLAGSHIP.replace("dieu10.substitute_allowed", "dieu10.substitute_alowed") % "yes",
     "tests[0].question", "did you mean 'dieu10.substitute_allowed'"),
    (FLAGSHIP.replace("    expect:", "    readings: {consent_deadlin: x}\n    expect:") % "yes",
     "tests[0].readings.consent_deadlin", "did you mean 'consent_deadline'"),
    (FLAGSHIP.replace("    expect:", "    readings: {consent_deadline: before_meeting}\n    expect:")
     % "yes", "tests[0].readings.consent_deadline", "did you mean 'before_meeting_day'"),
    (FLAGSHIP.replace("case: example:committee-2009",
                      "case: {example: committee-2009, change: {consents: {DY-3: {given_on: "
                      "2009-09-30}}}}") % "yes",
     "tests[0].case.change.consents.DY-3", "did you mean 'DY-03'"),
    (FLAGSHIP.replace("case: example:committee-2009",
                      "case: {example: committee-2009, change: {consents: {DY-03: {given: "
                      "2009-09-30}}}}") % "yes",
     "tests[0].case.change.consents.DY-03.given", "did you mean 'given_on'"),
    (FLAGSHIP.replace("case: example:committee-2009",
                      "case: {example: committee-2009, change: {consents: {DY-03: {given_on: "
                      "2009-09-31}}}}") % "yes",
     "tests[0].case.change.consents.DY-03.given_on", "not a real day"),
    (FLAGSHIP.replace("case: example:committee-2009",
                      "case: {example: committee-2009, add: {consents: [{meeting: H2009-Q3, "
                      "member: P55, given_by: P01, given_on: 2009-09-29}]}}") % "yes",
     "tests[0].case.add.consents[0].member", "P55"),
    (FLAGSHIP.replace("case: example:committee-2009",
                      "case: {example: committee-2009, remove: {people: [S03]}}") % "yes",
     "tests[0].case", "the patched case is invalid at "),
    (FLAGSHIP.replace("    expect: %s", "    expect: {outcome: yes, rules: [reportd]}"),
     "tests[0].expect.rules[0]", "did you mean 'dieu10.substitute_allowed/reported'"),
    (FLAGSHIP.replace("    expect: %s", "    expect: {outcome: yes, clauses: [dieu-10/doan-9]}"),
     "tests[0].expect.clauses[0]", "no clause"),
    ("tests: []", "tests", "non-empty list"),
    ("tests:\n  - {question: dieu10.substitute_allowed, expect: yes}", "tests[0].case", "required"),
    ("a: 1\na: 2", "$", "appears twice"),
])
def test_bad_test_files_are_typed_errors_naming_the_field(
        tmp_path: Path, text: str, path: str, words: str) -> None:
    file = _write(tmp_path, "bad.yaml", text)
    with pytest.raises(TestFileError) as info:
        load_file(file)
    assert info.value.file == str(file)
    assert info.value.path == path
    assert words in info.value.message


def test_an_argument_the_case_does_not_have_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    file = _write(tmp_path, "t.yaml", FLAGSHIP.replace("member: P05", "member: P5") % "yes")
    [result] = run([file])
    assert result.status is Status.ERROR
    assert "tests[0].arguments.member" in result.problems[0].en
    assert "did you mean 'P05'" in result.problems[0].en
    assert result.problems[0].vi.startswith("Tệp kiểm thử không hợp lệ tại trường")


def test_patches_change_remove_add_and_select_by_position(tmp_path: Path) -> None:
    text = """
case:
  example: committee-2009
  change:
    attendances:
      "[0]": {person: P03}
  remove:
    consents: [DY-03]
  add:
    consents:
      - {id: DY-09, meeting: H2009-Q3, member: P05, substitute: S03, given_by: P01,
         given_on: "2009-09-29"}
tests:
  - question: dieu10.substitute_allowed
    arguments: {meeting: H2009-Q3, member: P05, substitute: S03}
    expect: {outcome: yes, rules: [consent-head-by_meeting_day]}
"""
    [test] = load_file(_write(tmp_path, "p.yaml", text))
    base = load_example()
    assert [c.id for c in test.case.consents] == ["DY-02", "DY-04", "DY-09"]
    assert test.case.attendances[0].person == "P03" != base.attendances[0].person
    assert test.case.attendances[1:] == base.attendances[1:]
    result = run_test(test)
    assert result.status is Status.PASSED, casetests.failure_text(result)
    # the shared example is never modified by a patch
    assert load_example() == base


def test_case_from_a_file_relative_to_the_test_file(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "c.json").write_text(load_example().to_json(), encoding="utf-8")
    (tmp_path / "t").mkdir()
    file = _write(tmp_path / "t", "t.json", json.dumps({"tests": [{
        "case": {"file": "../cases/c.json"}, "question": "dieu11.report_on_time",
        "arguments": {"member": "P07", "quarter": "2009-Q3"}, "expect": "no"}]}))
    [result] = run([file])
    assert result.status is Status.PASSED


def test_cli_exit_codes_output_and_junit_xml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path, "good.yaml", FLAGSHIP % "yes")
    assert main(["test", str(good)]) == 0
    out = capsys.readouterr().out
    assert "✓ [1] flagship" in out and "1 đạt / passed, 0 không đạt / failed, 0 lỗi / errors" in out

    failing = _write(tmp_path, "failing.yaml", FLAGSHIP % "no")
    junit = tmp_path / "junit.xml"
    assert main(["test", str(good), str(failing), "--junit-xml", str(junit)]) == 1
    out = capsys.readouterr().out
    assert "✗ [1] flagship" in out
    # the failure quotes the decision's reasons, Vietnamese first, then English
    vi = out.index("(P05) đã báo cáo không thể dự họp ngày 25/09/2009")
    assert out.index("(P05) reported being unable to attend on 2009-09-25") > vi
    root = ET.parse(junit).getroot()
    assert root.get("tests") == "2"
    suites = {s.get("name"): s for s in root}
    assert suites[str(failing)].get("failures") == "1"
    assert suites[str(good)].get("failures") == "0"
    failure = suites[str(failing)].find("testcase/failure")
    assert failure is not None and "Expected no, got yes" in (failure.get("message") or "")

    bad = _write(tmp_path, "bad.yaml", "tests: 3")
    assert main(["test", str(good), str(failing), str(bad)]) == 2
    out = capsys.readouterr().out
    assert "! lỗi tệp kiểm thử / bad test file" in out and "field 'tests'" in out

    assert main(["test", str(tmp_path / "missing.yaml")]) == 2
    assert "cannot read the file" in capsys.readouterr().out


def test_a_directory_is_searched_for_yaml_and_json(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "a.yml", FLAGSHIP % "yes")
    _write(tmp_path, "b.json", json.dumps({"question": "dieu11.documents_on_time",
                                           "case": "example:committee-2009",
                                           "arguments": {"meeting": "H2009-BT1"},
                                           "expect": "not_applicable"}))
    _write(tmp_path, "notes.txt", "not a test")
    # a case file beside the tests it serves is not a test file
    (tmp_path / "sub" / "ca.json").write_text(load_example().to_json(), encoding="utf-8")
    _write(tmp_path / "sub", "c.yaml", FLAGSHIP.replace("case: example:committee-2009",
                                                         "case: {file: ca.json}") % "yes")
    results = run([tmp_path])
    assert [(Path(r.file).name, r.status) for r in results] == [
        ("b.json", Status.PASSED), ("a.yml", Status.PASSED), ("c.yaml", Status.PASSED)]
    assert casetests.exit_code(results) == 0
    # named on the command line, the case file is read as a test file, and refused
    [bad] = run([tmp_path / "sub" / "ca.json"])
    assert bad.status is Status.ERROR and "unknown key" in bad.problems[0].en


def test_the_shipped_cases_hold_on_the_oracle_too() -> None:
    """The same files, evaluated by the plain-Python evaluator of the same declarations."""
    results = run([CASES], engine=OracleEngine())
    assert len(results) == len(ITEMS)
    failed = [(r.file, r.test.label if r.test else "", [p.en for p in r.problems])
              for r in results if r.status is not Status.PASSED]
    assert failed == []
