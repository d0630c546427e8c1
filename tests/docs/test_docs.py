"""Generated documentation stays in step with the code it is generated from."""

from __future__ import annotations

from pathlib import Path

from kgrules.interpretations import SWITCHES, markdown

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_interpretation_register_page_is_up_to_date() -> None:
    page = (DOCS / "interpretations.md").read_text(encoding="utf-8")
    assert page == markdown(), "regenerate: python -m kgrules.interpretations > docs/interpretations.md"
    for switch in SWITCHES.values():
        assert f"`{switch.name}`" in page
        for reading in switch.readings:
            assert f"`{reading}`" in page


def test_specification_page_is_up_to_date() -> None:
    from kgrules.coverage import specification_markdown

    page = (DOCS / "specification.md").read_text(encoding="utf-8")
    tests = Path(__file__).resolve().parents[1]
    assert page == specification_markdown(tests), (
        "regenerate: python -m kgrules.coverage --spec > docs/specification.md")


def test_every_clause_of_articles_2_to_12_is_covered_or_justified() -> None:
    """Each clause of Điều 2–12 has a rule and a test citing it, or a declared reason why it
    cannot be computed; and never both a rule and such a reason."""
    from kgrules.coverage import coverage, gaps

    report = coverage(Path(__file__).resolve().parents[1])
    assert gaps(report) == []
    contradictions = [cid for cid, c in report.items() if c.rules and c.not_computable]
    assert contradictions == []
    for cid, c in report.items():
        if c.not_computable is not None:
            assert c.not_computable.vi and c.not_computable.en, cid


def test_packaged_clause_test_map_is_up_to_date() -> None:
    """``kgrules coverage`` run from an installed kgrules (no tests beside it) reads the map the
    package carries: the same map the markers of this suite give."""
    from kgrules.coverage import TEST_MAP, tests_map_json

    shipped = (Path(__file__).resolve().parents[2] / "kgrules" / "data" / TEST_MAP)
    assert shipped.read_text(encoding="utf-8") == tests_map_json(Path(__file__).resolve().parents[1]), (
        "regenerate: python -m kgrules.coverage --map > kgrules/data/tests_by_clause.json")
