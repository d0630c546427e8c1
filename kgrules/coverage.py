"""Clause coverage: every clause id of the canonical index, with the rules, questions and tests
that cite it, or the declared reason it cannot be computed.

Rules and questions are read from the catalogue; tests are read statically (by parsing, not by
running them) from the ``@pytest.mark.clause(...)`` markers and ``pytestmark`` assignments in a
tests directory, so coverage is cheap and needs no test run. An installed kgrules has no tests
beside it, so the clause → test map read from the markers ships in the package
(``kgrules/data/tests_by_clause.json``, written by ``python -m kgrules.coverage --map``; a test
checks it is up to date).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Final

import attrs

from kgrules.errors import InputError
from kgrules.i18n import Text
from kgrules.registry import not_computable_reasons, questions
from kgrules.regulation import cite, clauses, marked


@attrs.frozen
class ClauseCoverage:
    clause: str
    rules: tuple[str, ...]
    questions: tuple[str, ...]
    tests: tuple[str, ...]
    not_computable: Text | None
    #: The declared derivations that read the clause, as ``question: field``.
    derivations: tuple[str, ...] = ()

    @property
    def covered(self) -> bool:
        return bool(self.rules and self.tests) or self.not_computable is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rules": list(self.rules),
            "questions": list(self.questions),
            "tests": list(self.tests),
            "derivations": list(self.derivations),
            "not_computable": None if self.not_computable is None else self.not_computable.to_dict(),
        }


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level string constants (``D1 = "dieu-10/doan-1"``, ``D1, D2 = ("…", "…")``), so
    markers may name clause ids by constant."""
    out: dict[str, str] = {}
    for stmt in tree.body:
        if not isinstance(stmt, ast.Assign):
            continue
        for target in stmt.targets:
            if isinstance(target, ast.Name) and isinstance(stmt.value, ast.Constant):
                if isinstance(stmt.value.value, str):
                    out[target.id] = stmt.value.value
            elif isinstance(target, ast.Tuple) and isinstance(stmt.value, ast.Tuple):
                for name, value in zip(target.elts, stmt.value.elts, strict=False):
                    if (isinstance(name, ast.Name) and isinstance(value, ast.Constant)
                            and isinstance(value.value, str)):
                        out[name.id] = value.value
    return out


def _marker_clauses(node: ast.expr, constants: Mapping[str, str] | None = None) -> list[str]:
    """Clause ids in ``pytest.mark.clause("a", B)`` (or a list of such markers)."""
    out: list[str] = []
    known = constants or {}
    items = node.elts if isinstance(node, ast.List | ast.Tuple) else [node]
    for item in items:
        if (
            isinstance(item, ast.Call)
            and isinstance(item.func, ast.Attribute)
            and item.func.attr == "clause"
        ):
            for a in item.args:
                if isinstance(a, ast.Constant) and isinstance(a.value, str):
                    out.append(a.value)
                elif isinstance(a, ast.Name) and a.id in known:
                    out.append(known[a.id])
    return out


def tests_by_clause(tests_dir: Path) -> dict[str, list[str]]:
    """Map clause ids to test node ids (``tests/library/test_x.py::test_name``), read from markers."""
    found: dict[str, list[str]] = {}
    for path in sorted(tests_dir.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        rel = f"{tests_dir.name}/{path.relative_to(tests_dir).as_posix()}"
        constants = _constants(tree)
        module_ids: list[str] = []
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "pytestmark" for t in stmt.targets
            ):
                module_ids.extend(_marker_clauses(stmt.value, constants))

        def visit(body: Iterable[ast.stmt], prefix: str, inherited: list[str],
                  constants: Mapping[str, str]) -> None:
            for stmt in body:
                if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    ids = list(inherited)
                    for deco in stmt.decorator_list:
                        ids.extend(_marker_clauses(deco, constants))
                    name = f"{prefix}::{stmt.name}"
                    if isinstance(stmt, ast.ClassDef):
                        visit(stmt.body, name, ids, constants)
                    elif stmt.name.startswith("test"):
                        for cid in dict.fromkeys(ids):
                            found.setdefault(cid, []).append(name)

        visit(tree.body, rel, module_ids, constants)
    return found


TEST_MAP: Final = "tests_by_clause.json"
"""The packaged clause → test map, in ``kgrules/data``."""


def packaged_tests() -> dict[str, list[str]]:
    """The clause → test map shipped with the package (the markers of the suite it was built
    from), for a kgrules installed without its tests."""
    text = resources.files("kgrules").joinpath("data", TEST_MAP).read_text(encoding="utf-8")
    data: dict[str, list[str]] = json.loads(text)
    return data


def tests_map_json(tests_dir: Path) -> str:
    """What ``kgrules/data/tests_by_clause.json`` holds, read from a tests directory."""
    return json.dumps(tests_by_clause(tests_dir), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@attrs.frozen
class Property:
    """A property-based test (hypothesis ``@given`` or a state machine) and what it asserts."""

    test: str
    clauses: tuple[str, ...]
    doc: str


def _is_property(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
    if isinstance(node, ast.ClassDef):
        return any(isinstance(b, ast.Attribute) and b.attr == "TestCase" for b in node.bases)
    for deco in node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(target, ast.Name) and target.id == "given":
            return True
        if isinstance(target, ast.Attribute) and target.attr == "given":
            return True
    return False


def properties(tests_dir: Path) -> list[Property]:
    """Every property of the suite that carries clause ids, with its docstring, in file order."""
    out: list[Property] = []
    for path in sorted(tests_dir.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        rel = f"{tests_dir.name}/{path.relative_to(tests_dir).as_posix()}"
        constants = _constants(tree)
        for stmt in tree.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and (
                _is_property(stmt)
            ):
                ids: list[str] = []
                for deco in stmt.decorator_list:
                    ids.extend(_marker_clauses(deco, constants))
                if ids:
                    doc = ast.get_docstring(stmt) or ""
                    out.append(Property(f"{rel}::{stmt.name}", tuple(dict.fromkeys(ids)), doc))
    return out


def specification_markdown(tests_dir: Path) -> str:
    """The regulation as tested: article by article, clause by clause, the properties that hold.

    docs/specification.md is generated from this (``python -m kgrules.coverage --spec``).
    """

    props = properties(tests_dir)
    lines = [
        "# The regulation as tested / Quy chế qua các thuộc tính được kiểm thử",
        "",
        "Generated from the property-based tests (`python -m kgrules.coverage --spec`). For each",
        "clause, the properties that hold for every generated case; each states its rule in",
        "Vietnamese, then English. Run them with many more examples:",
        "`KGRULES_HYPOTHESIS_PROFILE=deep .venv/bin/pytest tests/`.",
        "",
    ]
    article = ""
    for cid, c in clauses().items():
        if c.article != article:
            article = c.article
            lines += [f"## {article}", ""]
        lines += [f"### {cite(cid)} / {cite(cid, 'en')} — `{cid}`", "", f"> {marked(cid)}", ""]
        here = [p for p in props if cid in p.clauses]
        if not here:
            lines += ["*No property cites this clause.*", ""]
        for p in here:
            lines.append(f"- `{p.test}`")
            for para in p.doc.split("\n\n"):
                text = " ".join(para.split())
                if text:
                    lines.append(f"  - {text}")
        lines.append("")
    return "\n".join(lines)


def coverage(tests_dir: str | Path | None = None, *, packaged: bool = False
             ) -> dict[str, ClauseCoverage]:
    """Every clause id, in the order of the text, with what cites it: the tests read from
    ``tests_dir``, or from the packaged map with ``packaged=True``, or none."""

    rules: dict[str, list[str]] = {}
    qids: dict[str, list[str]] = {}
    derived: dict[str, list[str]] = {}
    for q in questions():
        for name, d in q.all_derivations:
            for cid in d.clauses:
                derived.setdefault(cid, []).append(f"{q.id}: {name}")
        for cid in q.clauses:
            qids.setdefault(cid, []).append(q.id)
        for rule in q.rules:
            for cid in rule.clauses:
                rules.setdefault(cid, []).append(rule.id)
                if q.id not in qids.setdefault(cid, []):
                    qids[cid].append(q.id)
    tests: Mapping[str, list[str]] = {}
    if tests_dir is not None:
        directory = Path(tests_dir)
        if not directory.is_dir():
            raise InputError("--tests", f"{directory} is not a directory")
        tests = tests_by_clause(directory)
    elif packaged:
        tests = packaged_tests()
    reasons = not_computable_reasons()
    return {
        cid: ClauseCoverage(
            cid,
            tuple(rules.get(cid, ())),
            tuple(qids.get(cid, ())),
            tuple(tests.get(cid, ())),
            reasons.get(cid),
            tuple(derived.get(cid, ())),
        )
        for cid in clauses()
    }


def article_of(clause_id: str) -> int | None:
    head = clause_id.split("/")[0]
    return int(head.split("-")[1]) if head.startswith("dieu-") else None


def gaps(report: Mapping[str, ClauseCoverage], articles: range = range(2, 13)) -> list[str]:
    """Clauses of the given articles with neither a rule and a test, nor a declared reason."""
    return [
        cid for cid, c in report.items()
        if article_of(cid) in articles and not c.covered
    ]


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--spec"]:
        print(specification_markdown(Path("tests")), end="")
    elif sys.argv[1:] == ["--map"]:
        print(tests_map_json(Path("tests")), end="")
    else:
        raise SystemExit("usage: python -m kgrules.coverage --spec | --map  (from the repository root)")
