"""Where the engine cannot be built, and across the supported Pythons (3.11–3.13).

Without durable_rules: ``import kgrules`` works, the default engine raises a typed
:class:`EngineUnavailableError` naming what is missing and the fix (vi, then en), the oracle
answers only when chosen, and ``kgrules doctor`` exits 1. Each runs in a subprocess where the
import of durable_rules fails the way an unpatched build on Python 3.13 does.
"""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from kgrules.case import case_schema
from kgrules.case.schema import _doc
from kgrules.cli import main
from kgrules.engine import DURABLE_CC, durable_install, load_durable
from kgrules.errors import EngineError, EngineUnavailableError, KgrulesError

ROOT = Path(__file__).resolve().parents[2]
ARGS = {"meeting": "H2009-Q2", "member": "P09", "substitute": "S01"}

#: Makes importing durable_rules fail as the unpatched build does on Python 3.13.
BLOCKER = """
import importlib.abc, sys

class _Unbuilt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "durable_rules_engine" or name == "durable" or name.startswith("durable."):
            raise ImportError(f"{name}: undefined symbol: PyEval_CallObject")
        return None

sys.meta_path.insert(0, _Unbuilt())
"""


def _run_blocked(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "blocked.py"
    script.write_text(BLOCKER + code, encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)


def test_without_durable_rules_import_works_and_the_default_engine_says_why(
    tmp_path: Path,
) -> None:
    done = _run_blocked("""
import json, pickle
import kgrules
from kgrules.oracle import OracleEngine
out = {"loaded": sorted(m for m in sys.modules if m.split(".")[0] in
                        ("durable", "durable_rules_engine"))}
case = kgrules.load_example()
args = {"meeting": "H2009-Q2", "member": "P09", "substitute": "S01"}
try:
    kgrules.ask("dieu10.substitute_allowed", case, **args)
except kgrules.EngineUnavailableError as exc:
    again = pickle.loads(pickle.dumps(exc))
    out["error"] = [type(exc).__name__, isinstance(exc, kgrules.EngineError), str(exc),
                    exc.detail, str(again) == str(exc), type(again).__name__]
try:
    kgrules.ask_many(case, [("dieu10.substitute_allowed", args)], workers=2)
except kgrules.EngineUnavailableError as exc:
    out["many"] = type(exc).__name__
d = kgrules.ask("dieu10.substitute_allowed", case, engine=OracleEngine(), **args)
out["oracle"] = [d.outcome.value, d.engine]
print(json.dumps(out))
""", tmp_path)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["loaded"] == []
    name, is_engine_error, message, detail, same, again = out["error"]
    assert (name, is_engine_error, same, again) == ("EngineUnavailableError", True, True,
                                                   "EngineUnavailableError")
    assert "undefined symbol: PyEval_CallObject" in detail
    assert message.index("Không dùng được bộ máy luật") < message.index("cannot be used")
    assert f'CC="{DURABLE_CC}"' in message and "--no-cache-dir" in message
    assert "--engine oracle" in message
    assert out["many"] == "EngineUnavailableError"
    assert out["oracle"] == ["yes", "oracle"]


def test_without_durable_rules_the_command_line_fails_clearly_and_the_oracle_answers(
    tmp_path: Path,
) -> None:
    def cli(*argv: str) -> subprocess.CompletedProcess[str]:
        return _run_blocked(f"from kgrules.cli import main\nsys.exit(main({list(argv)!r}))\n",
                            tmp_path)

    base = ["ask", "dieu10.substitute_allowed", "example:committee-2009", "--json"]
    base += [f"--arg={k}={v}" for k, v in ARGS.items()]
    default = cli(*base)
    assert default.returncode == 1 and default.stdout == ""
    error = json.loads(default.stderr)
    assert error["error"] == "EngineUnavailableError"
    # (the message's shape is the command line's: a string, or {"vi", "en"})
    assert "PyEval_CallObject" in json.dumps(error["message"], ensure_ascii=False)
    oracle = cli(*base, "--engine", "oracle")
    assert oracle.returncode == 0, oracle.stderr
    assert json.loads(oracle.stdout)["outcome"] == "yes"

    doctor = cli("doctor")
    assert doctor.returncode == 1, doctor.stderr
    assert "durable_rules: KHÔNG / NO" in doctor.stdout
    assert "kgrules ask raises EngineUnavailableError" in doctor.stdout
    assert f'CC="{DURABLE_CC}"' in doctor.stdout
    report = json.loads(cli("doctor", "--json").stdout)
    assert report["engine"] is None and report["durable_rules"] is None
    assert "PyEval_CallObject" in report["problem"]
    assert any("--no-cache-dir" in fix for fix in report["fix"])


def test_doctor_here_finds_a_working_engine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["python"] == sys.version.split()[0]
    assert report["python_supported"] is True
    assert report["durable_rules"] == load_durable().version == "2.0.28"
    assert report["engine"] == "durable_rules"
    assert report["problem"] is None and report["fix"] == []
    assert main(["doctor"]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"Python: {sys.version.split()[0]} ")
    assert "durable_rules: có / yes, 2.0.28" in text


def test_doctor_names_the_compiler_or_its_absence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CC", "no-such-compiler-kgrules -DX=1")
    main(["doctor", "--json"])
    assert json.loads(capsys.readouterr().out)["compiler"] is None
    monkeypatch.setenv("CC", f"{sys.executable} -DX=1")  # any program that answers --version
    main(["doctor", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["compiler"] == sys.executable
    assert report["compiler_version"].startswith("Python 3.")


def test_engine_unavailable_error_is_typed_and_pickles() -> None:
    exc = EngineUnavailableError("ImportError: no module named durable", durable_install())
    assert isinstance(exc, EngineError) and isinstance(exc, KgrulesError)
    again = pickle.loads(pickle.dumps(exc))
    assert type(again) is EngineUnavailableError
    assert (again.detail, again.fix, str(again)) == (exc.detail, exc.fix, str(exc))
    assert sys.executable in exc.fix


# --- one install command, one supported range, stated everywhere -----------------------------


def test_the_readme_commands_carry_the_compiler_setting_and_ci_runs_them() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [line for line in readme.splitlines() if "python3 -m venv .venv &&" in line]
    assert len(commands) >= 3
    for command in commands:
        assert f'CC="{DURABLE_CC}" .venv/bin/pip install --no-cache-dir ' in command, command
    test_command = next(c for c in commands if ".venv/bin/pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # .ci/run runs the README's test command once per Python, with python3 replaced by it.
    assert test_command.replace("python3 ", '"$PY" ', 1) in ci
    assert "3.11" in ci and "3.13" in ci


def test_the_supported_range_is_311_to_313_everywhere() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11,<3.14"
    assert (3, 11) <= sys.version_info[:2] <= (3, 13)
    for doc in ("README.md", "docs/index.md", "docs/engine.md", "docs/service.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert "3.11" in text and "3.13" in text, doc
        assert "3.11 or 3.12" not in text and "3.11 hoặc 3.12" not in text, doc
        assert "<3.13" not in text, doc


def test_pytest_filters_only_durables_utcfromtimestamp_warning() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    filters = config["tool"]["pytest"]["ini_options"]["filterwarnings"]
    assert len(filters) == 1
    action, message, category, module = filters[0].split(":")[:4]
    assert (action, category, module) == ("ignore", "DeprecationWarning", r"durable\.engine")
    assert message.startswith(r"datetime\.datetime\.utcfromtimestamp")
    # The filter, applied as pytest applies it, silences durable's warning and no other.
    probe = f"""
import sys, warnings
warnings.simplefilter("error")
warnings.filterwarnings({action!r}, {message!r}, {category}, {module!r})
from durable import engine
engine._unix_now()  # durable's timer clock: the one known warning (Python 3.12 and later)
try:
    warnings.warn("datetime.datetime.utcfromtimestamp() is deprecated", DeprecationWarning)
except DeprecationWarning:
    print("others still raise")
"""
    filtered = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert filtered.returncode == 0, filtered.stderr
    assert filtered.stdout.strip() == "others still raise"
    bare = subprocess.run([sys.executable, "-W", "error", "-c",
                           "from durable import engine; engine._unix_now()"],
                          capture_output=True, text=True)
    if sys.version_info >= (3, 12):
        assert bare.returncode != 0 and "utcfromtimestamp() is deprecated" in bare.stderr
    else:
        assert bare.returncode == 0, bare.stderr


# --- the generated documents are the same on every Python ------------------------------------


class _Indented:
    """A first paragraph that goes on
    to a second line.

    A second paragraph."""


class _Stripped:
    pass


_Stripped.__doc__ = "A first paragraph that goes on\nto a second line.\n\nA second paragraph."


def test_docstring_descriptions_do_not_depend_on_the_compilers_docstring_handling() -> None:
    # Python 3.13 compiles the first form into the second; 3.11 and 3.12 keep the indentation.
    assert _doc(_Indented) == _doc(_Stripped) == "A first paragraph that goes on to a second line."


def _descriptions(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["description"]] if isinstance(node.get("description"), str) else []
        return found + [d for v in node.values() for d in _descriptions(v)]
    if isinstance(node, list):
        return [d for v in node for d in _descriptions(v)]
    return []


def test_no_schema_description_keeps_docstring_indentation() -> None:
    descriptions = _descriptions(case_schema())
    assert len(descriptions) > 50
    indented = [d for d in descriptions if re.search(r"\s{2,}", d)]
    assert indented == []
    openapi = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert [d for d in _descriptions(openapi) if re.search(r"\n[ \t]+|[ \t]{3,}", d)] == []
