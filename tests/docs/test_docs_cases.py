"""docs/testing-cases.md works as written: its worked example, copied verbatim into an empty
directory and run with the command the page shows, gives the output the page shows (a new
reviewer's first run, failure included), and its patch example is a valid case."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from kgrules.casetests import Status, load_file, run_test

PAGE = Path(__file__).resolve().parents[2] / "docs" / "testing-cases.md"


def _block(marker: str) -> tuple[str, str]:
    """The fenced block right after ``<!-- marker… -->``: its argument and its text."""
    text = PAGE.read_text(encoding="utf-8")
    m = re.search(r"<!-- " + re.escape(marker) + r"(?::\s*(\S+))? -->\n```\w*\n(.*?)\n```", text,
                  re.S)
    assert m is not None, f"{marker} not found in {PAGE.name}"
    return m.group(1) or "", m.group(2) + "\n"


def _kgrules() -> list[str]:
    script = Path(sys.executable).with_name("kgrules")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kgrules.cli"]


def test_the_worked_example_runs_as_the_page_says(tmp_path: Path) -> None:
    name, example = _block("worked-example")
    _, command = _block("worked-example-command")
    _, shown = _block("worked-example-output")
    (tmp_path / name).write_text(example, encoding="utf-8")
    argv = shlex.split(command)
    assert argv[:2] == ["kgrules", "test"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    run = subprocess.run([*_kgrules(), *argv[1:]], cwd=tmp_path, capture_output=True, text=True,
                         timeout=300, env=env)
    assert run.returncode == 1, run.stderr  # the page says: exit code 1, one test failed
    got = run.stdout.splitlines()
    want = shown.splitlines()
    # The runner's own lines (file, one line per test, expected/got, totals) are exactly as
    # shown; the decision's reasons are the same reasons, from the same rules, in the same
    # order (their wording belongs to the rules and may be refined without this page lying
    # about what a reviewer sees).
    def frame(lines: list[str]) -> list[str]:
        return [line for line in lines if not line.startswith("       ")]

    def rules(lines: list[str]) -> list[str]:
        return [line.rsplit(" — ", 1)[-1] for line in lines if " — dieu" in line]

    assert frame(got) == frame(want)
    assert rules(got) == rules(want) and rules(want)
    assert got[-1] == "Tổng / Total: 2 đạt / passed, 1 không đạt / failed, 0 lỗi / errors"
    assert "dieu10.substitute_allowed/standing-delegation" in rules(want)[0]


def test_the_page_patch_example_is_a_valid_case(tmp_path: Path) -> None:
    text = PAGE.read_text(encoding="utf-8")
    snippet = re.search(r"```yaml\n(case:\n  example: committee-2009\n  records_incomplete.*?)```",
                        text, re.S)
    assert snippet is not None
    test_file = tmp_path / "patch.yaml"
    test_file.write_text(snippet.group(1) + "tests:\n  - question: dieu10.substitute_allowed\n"
                         "    arguments: {meeting: H2009-Q3, member: P05, substitute: S03}\n"
                         "    expect: yes\n", encoding="utf-8")
    [test] = load_file(test_file)
    assert [c.id for c in test.case.consents] == ["DY-02", "DY-04", "DY-09"]
    assert "consents" not in test.case.records_complete
    # the Head's own consent of 29/9 for the meeting of 30/9
    assert run_test(test).status is Status.PASSED
