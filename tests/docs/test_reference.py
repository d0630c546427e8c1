"""The reference at hand: committed fact and question pages, defaults and examples in the JSON
Schema, links that lead somewhere, YAML cases, and the starter case of ``kgrules new-case``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

import kgrules
from kgrules.case import KIND_CLASSES, MAX_RECORDS, Case, case_schema, load_case
from kgrules.cli import main
from kgrules.docs_gen import COMMITTED, authority_page, facts_page, questions_page
from kgrules.errors import CaseError
from kgrules.starter import starter_data, starter_json, starter_yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SCHEMA = case_schema()


def test_committed_fact_and_question_pages_are_current() -> None:
    assert set(COMMITTED) == {"facts.md", "questions.md", "authority.md"}
    for name, page in (("facts.md", facts_page()), ("questions.md", questions_page()),
                       ("authority.md", authority_page())):
        kept = (DOCS / name).read_text(encoding="utf-8")
        assert kept == page + "\n", f"regenerate: python -m kgrules.docs_gen --committed ({name})"


@pytest.mark.parametrize("page", ["README.md", "docs/index.md", "docs/testing-cases.md"])
def test_pages_link_only_files_in_the_repository(page: str) -> None:
    path = ROOT / page
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8"))
    local = [link for link in links if "://" not in link]
    assert local, page
    missing = [link for link in local if not (path.parent / link).exists()]
    assert missing == [], f"{page} links to files that are not in the repository: {missing}"


def _fields(cls: type) -> list[attrs.Attribute[Any]]:
    return [f for f in attrs.fields(cls) if f.init and not f.name.startswith("_")]


@pytest.mark.parametrize("kind", sorted(KIND_CLASSES))
def test_schema_has_each_default_and_an_example_that_validates(kind: str) -> None:
    cls = KIND_CLASSES[kind]
    spec = SCHEMA["$defs"][cls.__name__]
    validator = jsonschema.Draft202012Validator({**spec, "$defs": SCHEMA["$defs"]})
    [record] = spec["examples"]
    validator.validate(record)
    for field in _fields(cls):
        fspec = spec["properties"][field.name]
        if field.default is attrs.NOTHING:
            assert "default" not in fspec and field.name in spec["required"]
        else:
            default = field.default
            expected = list(default) if isinstance(default, tuple) else default
            assert fspec["default"] == getattr(expected, "value", expected), field.name
        assert len(fspec["examples"]) == 1, f"{kind}.{field.name} has no example"
        one = jsonschema.Draft202012Validator({**fspec, "$defs": SCHEMA["$defs"]})
        one.validate(fspec["examples"][0])
    # an example record, written into a case of its own kind's example, loads
    if kind in kgrules.load_example().to_dict() and kgrules.load_example().to_dict()[kind]:
        assert record == {k: v for k, v in kgrules.load_example().to_dict()[kind][0].items()
                          if v is not None}


def test_case_level_defaults_and_examples() -> None:
    props = SCHEMA["properties"]
    assert props["records_complete"]["default"] == []
    assert props["name"]["default"] == ""
    for field in _fields(Case):
        spec = props[field.name]
        assert "default" in spec
        if spec.get("type") == "array" and spec.get("maxItems") == MAX_RECORDS:
            assert "examples" not in spec  # a list of records: its kind's examples show them
        else:
            assert spec["examples"], field.name


def test_facts_page_shows_required_default_and_example() -> None:
    page = facts_page()
    section = page.split("## Consent { #consent }")[1].split("\n## ")[0]
    assert "Danh sách / List: `consents`" in section
    assert '| `given_on` | ✓ | date (YYYY-MM-DD) |  | `"2009-06-23"` |' in section
    assert '| `substitute` |  | string \\| null | `null` | `"S01"` |' in section
    assert '"given_by": "P01"' in section  # the example record


def test_a_yaml_case_loads_strictly(tmp_path: Path) -> None:
    good = tmp_path / "c.yaml"
    good.write_text("# a comment\nname: no\npeople:\n  - {id: P1, name: An}\n"
                    "positions:\n  - {person: P1, role: head, start: 2024-01-01}\n",
                    encoding="utf-8")
    case = load_case(good)
    assert case.name == "no" and case.positions[0].start.isoformat() == "2024-01-01"
    for text, words in [("name: a\nname: b\n", "appears twice"),
                        ("people: &p []\npositions: *p\n", "aliases"),
                        ("people: [\n", "line 2"),
                        ("people:\n  - {id: P1, name: 5}\n", "expected a string")]:
        bad = tmp_path / "bad.yml"
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(CaseError) as info:
            load_case(bad)
        assert words in str(info.value), (text, str(info.value))
    # the path of a field-level error is the field's, as for JSON
    bad.write_text("people:\n  - {id: P1, name: 5}\n", encoding="utf-8")
    with pytest.raises(CaseError) as info:
        load_case(bad)
    assert info.value.path == "people[0].name"


@pytest.mark.parametrize("minimal", [False, True])
def test_the_starter_case_loads_and_answers(tmp_path: Path, minimal: bool) -> None:
    text = starter_yaml(minimal)
    path = tmp_path / "start.yaml"
    path.write_text(text, encoding="utf-8")
    case = load_case(path)
    assert case == Case.from_dict(starter_data(minimal)) == Case.from_json(starter_json(minimal))
    assert kgrules.ask("dieu10.regular_meeting_in_window", case,
                       meeting="H2024-Q1").outcome.value == "yes"  # 27/3/2024, a Wednesday
    if minimal:
        return
    # The Head is a PPC Vice-Chairman, two Deputies (one Standing), Members (khoản 1 Điều 2);
    # P05 reported, the Head consented two days before, S01 sat in (đoạn 5 Điều 10).
    assert kgrules.ask("dieu2.composition_valid", case, date="2024-03-27").outcome.value == "yes"
    assert kgrules.ask("dieu10.substitute_allowed", case, meeting="H2024-Q1", member="P05",
                       substitute="S01").outcome.value == "yes"
    # every kind of record appears, and every field of every record written, set or commented
    for kind, cls in KIND_CLASSES.items():
        assert re.search(rf"^{kind}:", text, re.M), kind
        if getattr(case, kind):
            for field in _fields(cls):
                assert re.search(rf"^\s+(- )?(# )?{field.name}: ", text, re.M), (kind, field.name)
    # each comment carries the schema's bilingual description
    assert "# Ngày đồng ý / Day consented" in text


def test_cli_new_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ho-so.yaml"
    assert main(["new-case", str(target)]) == 0
    assert load_case(target) == Case.from_dict(starter_data())
    assert main(["new-case", str(target)]) == 2  # never overwrites without --force
    err = json.loads(capsys.readouterr().err.splitlines()[-1])
    assert err["path"] == "file" and "--force" in err["message"]["en"]
    assert main(["new-case", str(target), "--minimal", "--force"]) == 0
    assert load_case(target) == Case.from_dict(starter_data(True))
    as_json = tmp_path / "ho-so.json"
    assert main(["new-case", str(as_json)]) == 0
    assert load_case(as_json) == Case.from_dict(starter_data())
    capsys.readouterr()
    assert main(["new-case"]) == 0
    assert capsys.readouterr().out == starter_yaml()
    assert main(["new-case", str(tmp_path / "x.txt")]) == 2
