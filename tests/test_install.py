"""The distribution as a new user gets it: a wheel, installed into a fresh virtual environment
outside the repository the way the README installs (``CC`` with the define durable-rules needs
on Python 3.13, no pip cache), answers a question and passes ``kgrules doctor``; and ``rules/``
ships as ``kgrules.rules``, never as a top-level ``rules`` package. Runs on whichever Python
runs the suite (CI: 3.11 and 3.13)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kgrules.engine import DURABLE_CC

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def run(*cmd: str | Path, cwd: Path,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True,
                          timeout=900, env=env)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, ROOT, cwd=out)
    assert built.returncode == 0, built.stderr
    (path,) = out.glob("kgrules-*.whl")
    return path


def test_wheel_ships_rules_under_the_kgrules_namespace(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "kgrules/rules/dieu10.py" in names
    assert "kgrules/rules/dieu11.py" in names
    assert "kgrules/data/clauses.tsv" in names
    assert "kgrules/data/examples/committee-2009.json" in names
    tops = {n.split("/")[0] for n in names}
    assert "rules" not in tops
    assert {t for t in tops if not t.endswith(".dist-info")} == {"kgrules"}


def test_fresh_venv_outside_the_repository_answers(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    made = run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    py = venv / "bin" / "python"
    inst = run(py, "-m", "pip", "install", "-q", "--no-cache-dir", wheel, cwd=tmp_path,
               env={**os.environ, "CC": DURABLE_CC})
    assert inst.returncode == 0, inst.stderr
    doctor = run(venv / "bin" / "kgrules", "doctor", cwd=tmp_path)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert f"Python: {sys.version.split()[0]} " in doctor.stdout
    asked = run(venv / "bin" / "kgrules", "ask", "dieu10.substitute_allowed",
                "example:committee-2009", "--arg", "meeting=H2009-Q2", "--arg", "member=P09",
                "--arg", "substitute=S01", "--json", cwd=tmp_path)
    assert asked.returncode == 0, asked.stderr
    decision = json.loads(asked.stdout)
    assert decision["outcome"] == "yes"
    assert decision["reasons"][0]["quotes"][0]["clause"] == "dieu-10/doan-5"
    probe = run(py, "-c", "import importlib.util as u, kgrules.rules.dieu10 as d; "
                "print(u.find_spec('rules') is None, d.__name__)", cwd=tmp_path)
    assert probe.stdout.split() == ["True", "kgrules.rules.dieu10"], probe.stderr
