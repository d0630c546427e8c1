"""The documentation site: generated from the code, built strictly, notebooks executed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kgrules
from kgrules.docs_gen import anchor, facts_page, pages, questions_page, regulation_page
from kgrules.regulation import cite, clauses

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "docs" / "notebooks").glob("*.ipynb"))


def test_regulation_page_has_every_clause_and_what_cites_it() -> None:
    page = regulation_page(ROOT / "tests")
    for cid, c in clauses().items():
        assert f"{{ #{anchor(cid)} }}" in page, cid
        assert c.text.replace("*", "\\*").replace("_", "\\_")[:40] in page, cid
    # a clause the flagship questions cite lists them, with links to the question reference
    section = page.split("{ #dieu-10-doan-5 }")[1].split("\n### ")[0]
    assert "[`dieu10.substitute_allowed`](questions.md#dieu10-substitute_allowed)" in section
    assert "Tests and properties (" in section and "`tests/" in section


def test_question_and_fact_pages_come_from_the_catalogue_and_the_schema() -> None:
    qpage = questions_page()
    for q in kgrules.questions():
        assert f"{{ #{anchor(q.id)} }}" in qpage
        for c in q.clauses:
            assert f"[{cite(c)}](regulation.md#{anchor(c)})" in qpage
    schema = json.loads((ROOT / "kgrules" / "data" / "case.schema.json").read_text(encoding="utf-8"))
    fpage = facts_page()
    for name, spec in schema["$defs"].items():
        assert f"## {name} " in fpage or f"### {name} " in fpage
        for field in spec.get("properties", {}):
            assert f"`{field}`" in fpage
    assert set(pages()) >= {"regulation.md", "questions.md", "facts.md", "calendar-dates.md",
                            "interpretations.md"}


def test_strict_build(tmp_path: Path) -> None:
    """``mkdocs build --strict`` into a temporary directory: broken links or anchors, a page left
    out, or a notebook cell that raises all fail the build."""
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("KGRULES_DOCS_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
         "-d", str(site)],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, env=env,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html")
                   if not p.relative_to(site).as_posix().startswith(("search/", "assets/")))
    assert len(built) >= 15, built
    for name in ("regulation", "questions", "facts", "interpretations", "glossary", "calendar",
                 "calendar-dates"):
        assert f"{name}/index.html" in built
    reg = (site / "regulation" / "index.html").read_text(encoding="utf-8")
    assert all(f'id="{anchor(cid)}"' in reg for cid in clauses())
    # notebooks executed in the build, with their outputs and clause links into the site
    flagship = (site / "notebooks" / "02-flagship-questions" / "index.html").read_text(encoding="utf-8")
    assert "kg-badge" in flagship and "CHƯA XÁC ĐỊNH" in flagship and "KHÔNG" in flagship
    assert 'href="../../regulation/#dieu-10-doan-5"' in flagship
    audit_nb = (site / "notebooks" / "04-audit" / "index.html").read_text(encoding="utf-8")
    assert "kg-report" in audit_nb and re.search(r"Lượt kiểm tra / checks: \d+", audit_nb)
    print(f"\nsite pages: {len(built)}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_shows_vietnamese_first(path: Path) -> None:
    """Each notebook executes top to bottom (nbclient) and its displays are in Vietnamese."""
    import nbclient
    import nbformat

    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].source.startswith("# ") and " / " in nb.cells[0].source.splitlines()[0]
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), \
        "commit notebooks without outputs: they are produced by running them"
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    html = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code"
            for o in c.outputs if "data" in o and "text/html" in o["data"]]
    text = [o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert html or text
    assert not any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code"
                   for o in c.outputs)
    joined = "".join(html) + "".join(text)
    assert re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", joined)
