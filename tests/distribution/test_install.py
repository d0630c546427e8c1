"""The distribution as a new user gets it: a wheel, installed into a fresh virtual environment
outside the repository the way the README installs (``CC`` with the define durable-rules needs
on Python 3.13, no pip cache), answers a question and passes ``kgrules doctor``; and ``rules/``
ships as ``kgrules.rules``, never as a top-level ``rules`` package. Runs on whichever Python
runs the suite (CI: 3.11 and 3.13)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from kgrules.engine import DURABLE_CC

ROOT = Path(__file__).resolve().parents[2]

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


def _readme_snippet() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("```python\n", 1)[1].split("```", 1)[0]


def _source_tree(dest: Path) -> Path:
    """The repository's files (tracked and new, not ignored) copied, as a user's clone."""
    listed = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    assert listed.returncode == 0, listed.stderr
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


@pytest.mark.parametrize("editable", [False, True], ids=["regular", "editable"])
def test_source_tree_runs_from_its_root_after_install(editable: bool, tmp_path: Path) -> None:
    """From the root of a clone, after ``pip install .`` or ``pip install -e .``: the README's
    snippet, ``python -m kgrules.cli`` and ``python -m pytest`` work (./kgrules, which shadows the
    installed package there, finds ``kgrules.rules`` too); outside it, ``kgrules coverage``
    reports from the clause → test map the package carries."""
    src = _source_tree(tmp_path / "clone")
    venv = tmp_path / "venv"
    made = run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    # The dependencies come from this environment (no rebuild of durable_rules): its
    # site-packages as a plain path entry, whose own .pth files (this checkout's editable
    # install) are not processed.
    purelib = Path(run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()"
                       "['purelib'])", cwd=tmp_path).stdout.strip())
    (purelib / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    py = venv / "bin" / "python"
    inst = run(py, "-m", "pip", "install", "-q", "--no-deps", *(["-e"] if editable else []), src,
               cwd=tmp_path)
    assert inst.returncode == 0, inst.stderr

    snippet = run(py, "-c", _readme_snippet() + "\nprint('outcome', d.outcome.value)", cwd=src)
    assert snippet.returncode == 0, snippet.stderr
    assert "outcome yes" in snippet.stdout
    cli = run(py, "-m", "kgrules.cli", "ask", "dieu10.substitute_allowed", "example:committee-2009",
              "--arg", "meeting=H2009-Q2", "--arg", "member=P09", "--arg", "substitute=S01",
              "--json", cwd=src)
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout)["outcome"] == "yes"
    tests = run(py, "-m", "pytest", "-q", "tests/library/test_core.py", cwd=src)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    cov = run(venv / "bin" / "kgrules", "coverage", "--json", cwd=outside)
    assert cov.returncode == 0, cov.stderr
    report = json.loads(cov.stdout)
    assert report["dieu-10/doan-5"]["tests"], "the packaged map gives the tests of a clause"
    missing = run(venv / "bin" / "kgrules", "coverage", "--tests", "tests", cwd=outside)
    assert missing.returncode == 2
    assert "tests" in missing.stdout + missing.stderr
