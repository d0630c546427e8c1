"""Generated documentation stays in step with the code it is generated from."""

from __future__ import annotations

from pathlib import Path

from kgrules.interpretations import SWITCHES, markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


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
    tests = Path(__file__).resolve().parent
    assert page == specification_markdown(tests), (
        "regenerate: python -m kgrules.coverage --spec > docs/specification.md")
