"""``rules_version`` names everything that decides an answer (issue 13, part 2): each part,
changed in turn, changes the version; nothing else does."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import kgrules
import kgrules.calendar as working_days
import kgrules.version
from kgrules import record
from kgrules.catalogue import question, register
from kgrules.record import clear_version_cache, rules_version, version_parts
from kgrules.rules import dieu12
from kgrules.scope import Scope, ScopeResult

PARTS = ("package", "questions", "parameters", "clauses", "derivations", "evaluation", "tables",
         "calendar_corrections", "holidays", "durable-rules")


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    clear_version_cache()
    yield
    clear_version_cache()


def changed_parts(change: Callable[[], Any]) -> set[str]:
    """The parts that differ after ``change()`` (the cache cleared, as a changed table or
    file at run time needs)."""
    before = version_parts()
    version = rules_version()
    change()
    clear_version_cache()
    after = version_parts()
    assert rules_version() != version
    return {k for k in PARTS if before[k] != after[k]}


def test_the_parts() -> None:
    parts = version_parts()
    assert tuple(parts) == PARTS
    assert parts["package"] == kgrules.__version__
    assert parts["holidays"] == working_days.PACKAGE_VERSION
    assert parts["durable-rules"] == "2.0.28"
    assert all(len(parts[k]) == 64 for k in PARTS[1:8])
    assert rules_version().startswith(kgrules.__version__ + "+")


def test_the_version_is_the_same_in_another_process() -> None:
    code = "from kgrules.record import rules_version; print(rules_version())"
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, timeout=120, env={"PYTHONHASHSEED": seed, "PATH": ""})
        assert out.stdout.strip() == rules_version()


def test_a_question_declaration(monkeypatch: pytest.MonkeyPatch) -> None:
    q = question("dieu12.expense_authorised")
    try:
        # re-registering is noticed without clearing the cache
        before = rules_version()
        register(attrs.evolve(q, rules=q.rules[:-1]))
        assert rules_version() != before
        register(q)
        assert rules_version() == before
    finally:
        register(q)


def test_a_scope_derivation() -> None:
    """The scope (which computes windows, deadlines, totals before matching) is not part of
    the declarations' digest; the derivations part covers it."""
    q = question("dieu11.report_on_time")

    def other(scope: Scope) -> ScopeResult:
        result = q.scope(scope)
        return attrs.evolve(result, evaluate={**result.evaluate, "deadline_strict": 0})

    before = version_parts()
    try:
        register(attrs.evolve(q, scope=other))
        after = version_parts()
    finally:
        register(q)
    assert {k for k in PARTS if before[k] != after[k]} == {"derivations"}
    assert version_parts() == before


def _edited_copy(module: Any, tmp_path: Path, old: str, new: str) -> str:
    source = Path(module.__file__).read_text(encoding="utf-8")
    assert old in source
    target = tmp_path / Path(module.__file__).name
    target.write_text(source.replace(old, new, 1), encoding="utf-8")
    return str(target)


@pytest.mark.parametrize(("module", "old", "new", "part"), [
    ("kgrules.rules.dieu12", "SOURCE_CHARS: Final = 300", "SOURCE_CHARS: Final = 301",
     "derivations"),
    ("kgrules.scope", "NO_DAY = 0", "NO_DAY = -1", "derivations"),
    ("kgrules.calendar", 'COUNTRY: Final = "VN"', 'COUNTRY: Final = "VN "', "derivations"),
    ("kgrules.decision", "from __future__ import annotations",
     "from __future__ import annotations\nZ = 1", "evaluation"),
])
def test_the_code_that_computes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, module: str,
                                old: str, new: str, part: str) -> None:
    """Any change to what the code does changes the version; a comment does not."""
    mod = sys.modules[module]
    comment = _edited_copy(mod, tmp_path, old, old + "  # a reworded comment")
    plain = version_parts()
    monkeypatch.setattr(mod, "__file__", comment)
    clear_version_cache()
    assert version_parts() == plain
    (tmp_path / "code").mkdir()
    code = _edited_copy(mod, tmp_path / "code", old, new)
    assert changed_parts(lambda: monkeypatch.setattr(mod, "__file__", code)) == {part}


def test_a_table_the_rules_read(monkeypatch: pytest.MonkeyPatch) -> None:
    category, content = next(iter(dieu12.CONTENTS.items()))
    other = next(a for a in ("yes", "no", "unknown") if a != content.allowed)
    flipped = attrs.evolve(content, allowed=other)
    assert changed_parts(lambda: monkeypatch.setitem(dieu12.CONTENTS, category, flipped)) == {"tables"}


def test_the_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    params = list(record.iter_parameters())
    first = params[0]
    value = first.values[-1]
    bumped = attrs.evolve(first, values=(*first.values[:-1], attrs.evolve(
        value, value=value.value + 1 if isinstance(value.value, int) else value.value.replace(day=2))))
    assert changed_parts(lambda: monkeypatch.setattr(
        record, "iter_parameters", lambda: iter([bumped, *params[1:]]))) == {"parameters"}


def test_the_clause_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    index = dict(record.clauses())
    cid = next(iter(index))
    edited = {**index, cid: attrs.evolve(index[cid], text=index[cid].text + ".")}
    assert changed_parts(lambda: monkeypatch.setattr(record, "clauses", lambda: edited)) == {"clauses"}


def test_the_calendar_corrections(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = working_days.load_corrections()
    assert rows
    assert changed_parts(lambda: monkeypatch.setattr(
        working_days, "load_corrections", lambda: rows[1:])) == {"calendar_corrections"}


def test_the_holidays_package(monkeypatch: pytest.MonkeyPatch) -> None:
    assert changed_parts(lambda: monkeypatch.setattr(
        working_days, "PACKAGE_VERSION", "0.0.1")) == {"holidays"}


def test_the_rule_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    real = record.metadata.version

    def fake(name: str) -> str:
        return "9.9.9" if name == "durable-rules" else real(name)

    assert changed_parts(lambda: monkeypatch.setattr(record.metadata, "version", fake)) == {
        "durable-rules"}


def test_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    # The one version string lives in kgrules.version (kgrules.__version__ re-exports it).
    assert changed_parts(lambda: monkeypatch.setattr(kgrules.version, "__version__", "9.9.9")) == {
        "package"}


def test_it_is_cheap_once_computed() -> None:
    rules_version()
    started = time.perf_counter()
    for _ in range(1000):
        rules_version()
    per_call = (time.perf_counter() - started) / 1000
    assert per_call < 0.002, f"{per_call * 1e3:.2f} ms per call"


def test_the_command(tmp_path: Path) -> None:
    exe = shutil.which("kgrules", path=str(Path(sys.executable).parent))
    assert exe is not None
    out = subprocess.run([exe, "version", "--json"], capture_output=True, text=True, check=True,
                         timeout=120)
    data = json.loads(out.stdout)
    assert data == {"rules_version": rules_version(), "parts": version_parts()}
    plain = subprocess.run([exe, "version"], capture_output=True, text=True, check=True,
                           timeout=120).stdout
    assert plain.splitlines()[0] == f"rules_version {rules_version()}"
    assert all(part in plain for part in PARTS)


def test_a_function_digest_does_not_follow_the_hash_seed() -> None:
    """``x in {"a", "b"}`` compiles to a frozenset constant whose repr's order depends on the
    hash seed; the digest must not."""
    code = ("from kgrules.record import _function_digest\n"
            "def f(x):\n    return x in {'alpha', 'beta', 'gamma', 'delta', 'epsilon'}\n"
            "print(_function_digest(f))")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           timeout=120, env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
            for seed in ("1", "2", "3", "4")}
    assert len(seen) == 1 and next(iter(seen)).startswith("__main__.f:")


def test_declared_derivations_are_digested_as_data() -> None:
    """A question's declared derivations (issue 11) are covered as data: two declarations with
    the same scope code and another derivation (its clauses, its function) differ in the
    question's digest and in the derivations part."""
    q = question("dieu10.regular_meeting_in_window")
    first_day, *rest = q.derivations
    try:
        register(attrs.evolve(q, derivations=(
            attrs.evolve(first_day, clauses=("dieu-10/doan-2",)), *rest)))
        first = version_parts()
        register(attrs.evolve(q, derivations=(
            attrs.evolve(first_day, compute=lambda calendar, year, quarter: 0), *rest)))
        second = version_parts()
    finally:
        register(q)
    assert {k for k in PARTS if first[k] != second[k]} == {"questions", "derivations"}
