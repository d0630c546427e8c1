"""The shape of the code: layers that only point down, no import circle among the project's
modules, and no function-local import of the project's own modules except a documented lazy
load. Read from the source by parsing (the same reading as shared/tools/importgraph.py)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Function-local imports of the project's own modules, each a documented lazy load.
LAZY: dict[tuple[str, str], str] = {
    ("kgrules.cli", "from kgrules import service"):
        "the service needs the optional [service] extra (FastAPI); the other commands run without",
}
#: What each layer may not import (the layers above it).
ABOVE: dict[str, set[str]] = {
    "kgrules.evaluation": {"kgrules.engine", "kgrules.oracle", "kgrules.catalogue", "kgrules.registry"},
    "kgrules.oracle": {"kgrules.engine", "kgrules.catalogue", "kgrules.registry"},
    "kgrules.dsl": {"kgrules.engine", "kgrules.oracle", "kgrules.catalogue", "kgrules.registry"},
    "kgrules.registry": {"kgrules.catalogue", "kgrules.record", "kgrules.audit", "kgrules.library"},
    "kgrules.catalogue": {"kgrules.record", "kgrules.audit", "kgrules.library", "kgrules.html"},
    "kgrules.audit_report": {"kgrules.audit", "kgrules.catalogue", "kgrules.registry"},
    "kgrules.html": {"kgrules.audit", "kgrules.audit_report", "kgrules.record", "kgrules.library"},
}
#: What no rule module imports: the registry lists the rules, the rules never list themselves.
RULES_NEVER = {"kgrules.registry", "kgrules.catalogue", "kgrules.library", "kgrules.record",
               "kgrules.audit", "kgrules.coverage", "kgrules.engine", "kgrules.oracle"}


def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for base, package in (("kgrules", "kgrules"), ("rules", "kgrules.rules")):
        for path in sorted((ROOT / base).rglob("*.py")):
            parts = [p for p in path.relative_to(ROOT / base).with_suffix("").parts if p != "__init__"]
            found[".".join([package, *parts])] = path
    return found


def imports(name: str, path: Path, own: set[str]) -> Iterator[tuple[str, bool, str]]:
    """(imported module, inside a function, statement) for each import of the project's own
    modules; imports under ``if TYPE_CHECKING:`` are left out (they never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def context(node: ast.AST) -> tuple[bool, bool]:
        in_function = typing_only = False
        while node in parents:
            node = parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                in_function = True
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                typing_only = True
        return in_function, typing_only

    def resolve(target: str) -> str | None:
        while target and target not in own:
            target = target.rpartition(".")[0]
        return target or None

    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        in_function, typing_only = context(node)
        if typing_only:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            base = node.module or ""
            if node.level:
                up = package
                for _ in range(node.level - 1):
                    up = up.rpartition(".")[0]
                base = f"{up}.{base}".rstrip(".")
            names = [base, *(f"{base}.{a.name}" for a in node.names)]
        for target in {t for t in map(resolve, names) if t and t != name}:
            yield target, in_function, ast.unparse(node)


def graph() -> tuple[dict[str, set[str]], list[tuple[str, str, str]]]:
    found = modules()
    own = set(found)
    edges: dict[str, set[str]] = {m: set() for m in own}
    local: list[tuple[str, str, str]] = []
    for name, path in found.items():
        for target, in_function, statement in imports(name, path, own):
            edges[name].add(target)
            if in_function:
                local.append((name, target, statement))
    return edges, local


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_import_circle() -> None:
    edges, _ = graph()
    assert circles(edges) == []


def test_the_circle_check_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_function_local_imports_of_own_modules_are_documented_lazy_loads() -> None:
    _, local = graph()
    undocumented = sorted({(m, s) for m, _, s in local} - set(LAZY))
    assert undocumented == []
    assert {(m, s) for m, _, s in local} == set(LAZY), "a lazy load listed here that is gone"


def test_layers_point_down() -> None:
    edges, _ = graph()
    wrong = {m: sorted(edges[m] & above) for m, above in ABOVE.items() if edges[m] & above}
    assert wrong == {}
    rules = {m: sorted(t & RULES_NEVER) for m, t in edges.items()
             if m.startswith("kgrules.rules.") and t & RULES_NEVER}
    assert rules == {}


def test_durable_rules_is_imported_by_its_adapter_only() -> None:
    """By an import statement or by name (``importlib.import_module("durable.engine")``, the
    adapter's lazy load)."""
    users = set()
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            named = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "import_module" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                named = [str(node.args[0].value)]
            if any(n.split(".")[0] in ("durable", "durable_rules_engine") for n in named):
                users.add(name)
    # kgrules.bench also drives raw durable_rules, to measure what the adapter costs over it.
    assert users == {"kgrules.engine", "kgrules.bench"}
