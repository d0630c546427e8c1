"""Reasons name records by id and persons by name with id (kgrules.naming), in vi and en."""

from __future__ import annotations

import json
import re

from kgrules import Case, Decision, ask, audit, catalogue, load_example, naming
from kgrules.html import decision_html
from kgrules.interpretations import settings
from kgrules.naming import name_records, namer_for, record_label
from kgrules.oracle import OracleEngine

ARGS = {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}


def test_persons_by_name_with_id_and_records_by_id() -> None:
    """«Huỳnh Thị Mai (P05)» in both languages; facts by record id, the paths kept in JSON."""
    case = load_example()
    d = ask("dieu10.substitute_allowed", case, **ARGS)
    reported = next(r for r in d.reasons if r.rule.endswith("/reported"))
    assert "Huỳnh Thị Mai (P05)" in reported.explanation.vi
    assert "Huỳnh Thị Mai (P05)" in reported.explanation.en
    bound = next(r for r in d.reasons if r.condition == "applicable")
    assert bound.explanation.en.startswith("Huỳnh Thị Mai (P05) held")
    data = json.loads(d.to_json())
    first = data["reasons"][0]
    assert first["facts"][0] == "meetings[3]" and first["records"][0] == "H2009-Q3"
    assert "POS05: Huỳnh Thị Mai (P05)" in first["records"]
    assert Decision.from_dict(data) == d
    for lang in ("vi", "en"):
        text = d.render(lang)
        assert "H2009-Q3; POS05: Huỳnh Thị Mai (P05)" in text
        assert "meetings[3]" not in text
        html = decision_html(d, lang, case=case)
        assert "<b>H2009-Q3</b> <code>meetings[3]</code>" in html


def test_every_person_mentioned_is_named_with_id_once() -> None:
    """Over the whole audit of the example: an explanation that mentions a person by id or by
    name says "name (id)", never the id or the name alone, never twice nested."""
    case = load_example()
    report = audit(case, year=2009, engine=OracleEngine())
    people = {p.id: p.name for p in case.people}
    checked = 0
    for finding in report.findings:
        for reason in finding.decision.reasons:
            for text in (reason.explanation.vi, reason.explanation.en):
                for pid, name in people.items():
                    named = f"{name} ({pid})"
                    assert f"({named}" not in text
                    rest = text.replace(named, "").replace(f"{name} ({pid}, ", "")
                    if re.search(rf"(?<![A-Za-z0-9_.:\-]){re.escape(pid)}(?![A-Za-z0-9_.:\-])",
                                 rest) is None and name not in rest:
                        checked += named in text or f"{name} ({pid}, " in text
                        continue
                    raise AssertionError((finding.question, pid, text))
    assert checked > 50


def test_record_label_of_non_records() -> None:
    """A source that is not a record of the case (a table of the regulation) keeps its name."""
    case = load_example()
    assert record_label(case, "dieu12.CONTENTS") == "dieu12.CONTENTS"
    assert record_label(case, "meetings[999]") == "meetings[999]"
    assert record_label(case, "people[0]") == f"{case.people[0].name} ({case.people[0].id})"


def test_reasons_named_when_made_equal_reasons_named_afterwards() -> None:
    """``decide(namer=)`` (what ``ask`` does) gives the JSON and text of ``name_records`` applied
    to the decision made without it, for every finding of the example's audit; and the names
    are there (a namer that did nothing would give the bare paths)."""
    case = load_example()
    checked = 0
    for finding in audit(case, 2009).findings:
        d = finding.decision
        q = catalogue.question(d.question)
        args = dict(d.arguments)
        cal = catalogue.calendar_for(case)
        once, _, _ = catalogue._answer(q, case, args, settings(None), cal, OracleEngine(),
                                       namer=namer_for(case, args))
        bare, _, _ = catalogue._answer(q, case, args, settings(None), cal, OracleEngine())
        after = name_records(bare, case)
        assert json.dumps(once.to_dict()) == json.dumps(after.to_dict())
        assert once.render("vi") == after.render("vi") and once.render("en") == after.render("en")
        if json.dumps(once.to_dict()) != json.dumps(bare.to_dict()):
            checked += 1
    assert checked > 10


def test_path_names_kept_per_case_are_what_the_case_gives() -> None:
    """The labels and persons kept per case and path (naming._path_named) are exactly what
    record_label and _people give, asked twice (kept) or about another case object (not
    confused by it); and skipping a person whose id and name a text lacks changes nothing."""
    case = load_example()
    paths = [f"{kind}[{n}]" for kind in ("people", "positions", "meetings", "consents",
                                         "expenditures", "estimates")
             for n in range(len(getattr(case, kind)))] + ["question", "nope[0]", "meetings[999]"]
    for _ in range(2):
        for path in paths:
            assert naming._path_named(case, path) == (record_label(case, path),
                                                      naming._people(case, (path,)))
    other = load_example()
    assert naming._path_named(other, "people[0]") == naming._path_named(case, "people[0]")
    people = (("P05", "Huỳnh Thị Mai"), ("P01", "Nguyễn Văn An"))
    for text in ("Huỳnh Thị Mai (P05) and P01", "P05 alone", "nobody here", "Huỳnh Thị Mai (",
                 "Nguyễn Văn An (P01, chair)", "BC-2009-Q1-P05"):
        slow = text
        for pid, name in people:
            slow = naming._pattern(pid, name).sub(
                lambda m, pid=pid, name=name: m.group(0) if m.group("kept") is not None
                else f"{name} ({pid}, " if m.group("aside") is not None else f"{name} ({pid})",
                slow)
        assert naming._with_names(text, people) == slow


def test_an_id_inside_a_vietnamese_word_is_not_a_mention() -> None:
    """A person's id is a mention only as a whole word, Vietnamese letters counting as letters:
    a Head with the id "H" is not named inside "Hồ sơ" (review of Điều 10: the written
    consultation's reason read "Nguyễn Văn An (H)ồ sơ (được khai là đầy đủ) không có …")."""
    assert naming._named("Hồ sơ của H; ĐH; BC-H; H.1", "H", "Nguyễn Văn An") == (
        "Hồ sơ của Nguyễn Văn An (H); ĐH; BC-H; H.1")
    case = Case.from_dict({
        "name": "một chữ cái / one-letter ids",
        "people": [{"id": "H", "name": "Nguyễn Văn An"}, {"id": "M", "name": "Phạm Thị Dung"}],
        "positions": [{"person": "H", "role": "head", "start": "2008-07-01"},
                      {"person": "M", "role": "member", "start": "2008-07-01"}],
        "consultations": [{"id": "C", "quarter": "2009-Q1", "requested_by": "H",
                           "requested_on": "2009-03-25", "reason": "bão",
                           "decided_by": "H", "decided_on": "2009-03-29"}],
        "records_complete": ["meetings"],
    })
    for engine in (None, OracleEngine()):
        d = ask("dieu10.written_consultation_valid", case, consultation="C", engine=engine)
        text = next(r for r in d.reasons if r.rule.endswith("/no-meeting")).explanation.vi
        assert text.startswith("Hồ sơ (được khai là đầy đủ)"), text
        assert "Nguyễn Văn An (H)" in d.render("vi")
