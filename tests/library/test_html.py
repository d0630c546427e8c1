"""Rich HTML for people who read the law: the verdict, the clause quoted, the facts, the readings."""

from __future__ import annotations

import itertools

import pytest

import kgrules
import kgrules.html as kh
from kgrules.decision import Outcome
from kgrules.interpretations import SWITCHES

SUB = {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}


@pytest.fixture(scope="module")
def case() -> kgrules.Case:
    return kgrules.load_example()


@pytest.mark.clause("dieu-10/doan-5")
def test_decision_displays_verdict_clause_facts_and_readings(case: kgrules.Case) -> None:
    d = kgrules.ask("dieu10.substitute_allowed", case, **SUB)
    page = d._repr_html_()  # type: ignore[attr-defined]
    assert "CÓ" in page and "Người này có được dự họp thay" in page
    assert "đoạn 5 Điều 10" in page
    assert "Các Thành viên Ban tham dự đầy đủ các kỳ họp định kỳ" in page  # the clause, quoted
    for reason in d.reasons:
        for path in reason.facts:
            assert path in page
    for used in d.interpretations:
        assert used.switch in page and used.reading in page
    english = str(kh.show(d, "en"))
    assert "YES" in english and "Article 10, paragraph 5" in english and "Reasons" in english


def test_language_and_docs_links_are_chosen_by_the_user(case: kgrules.Case) -> None:
    d = kgrules.ask("dieu11.report_on_time", case, member="P06", quarter="2009-Q1")
    assert "<a href" not in kh.decision_html(d)  # no site known: quoted in place, not linked
    kh.set_docs_url("https://example.org/kgrules")
    kh.set_language("en")
    try:
        page = d._repr_html_()  # type: ignore[attr-defined]
        assert 'href="https://example.org/kgrules/regulation/#dieu-11-doan-1"' in page
        assert "NO" in page and "Article 11, paragraph 1" in page
    finally:
        kh.set_docs_url(None)
        kh.set_language("vi")
    with pytest.raises(kgrules.InputError):
        kh.set_language("fr")


def test_text_from_the_case_is_escaped(case: kgrules.Case) -> None:
    data = case.to_dict()
    data["name"] = "<script>alert(1)</script>"
    for person in data["people"]:
        if person["id"] == "P05":
            person["name"] = "Mai <b>&</b>"
    hostile = kgrules.Case.from_dict(data)
    assert "<script>" not in hostile._repr_html_()  # type: ignore[attr-defined]
    d = kgrules.ask("dieu10.substitute_allowed", hostile, **SUB)
    page = kh.decision_html(d, case=hostile)
    assert "<b>&</b>" not in page and "Mai &lt;b&gt;&amp;&lt;/b&gt;" in page


@pytest.mark.clause("dieu-10/doan-5")
def test_explanation_tree_follows_conditions_reasons_and_facts(case: kgrules.Case) -> None:
    d = kgrules.ask("dieu10.substitute_allowed", case, **SUB,
                    interpretations={"consent_by_deputy": "head_only"})
    tree = kgrules.explain_tree(d, case)
    root = tree.root
    assert root.level == "conclusion" and root.outcome is Outcome.NO
    q = kgrules.question(d.question)
    assert [c.code for c in root.children] == [
        c.name for c in q.conditions if any(r.condition == c.name for r in d.reasons)]
    for cond in root.children:
        reasons = [r for r in d.reasons if r.condition == cond.code]
        assert [n.code for n in cond.children if n.level == "reason"] == [r.rule for r in reasons]
        for node, reason in zip(cond.children, reasons, strict=False):
            facts = [n.label.vi.split(":")[0] for n in node.children if n.level == "fact"]
            assert facts == list(reason.facts)
            clauses = [n.code for n in node.children if n.level == "clause"]
            assert clauses == list(reason.clauses)
    failing = [c for c in root.children if c.outcome is Outcome.NO]
    assert [c.code for c in failing] == ["consent"]
    text = tree.render("en")
    assert text.startswith("Conclusion: [✗] NO") and "consents[" in text
    assert "«Các Thành viên Ban" in text
    assert "kg-tree" in tree._repr_html_()


def test_tree_lists_missing_facts_under_their_condition(case: kgrules.Case) -> None:
    data = case.to_dict()
    data["consents"] = []
    data["records_complete"] = [k for k in data["records_complete"] if k != "consents"]
    partial = kgrules.Case.from_dict(data)
    d = kgrules.ask("dieu10.substitute_allowed", partial, **SUB)
    assert d.outcome is Outcome.UNKNOWN and d.missing
    tree = kgrules.explain_tree(d, partial)
    missing = [n for c in tree.root.children for n in c.children if n.level == "missing"]
    assert [n.label.vi.split(":")[0] for n in missing] == [m.fact for m in d.missing]
    assert "Còn thiếu" in kh.decision_html(d)


@pytest.mark.clause("dieu-10/doan-5", "dieu-6/khoan-1")
def test_compare_readings_asks_each_reading_of_each_switch(case: kgrules.Case) -> None:
    cmp = kgrules.compare_readings("dieu10.substitute_allowed", case, **SUB)
    q = kgrules.question("dieu10.substitute_allowed")
    assert cmp.switches == q.switches
    expected = 1 + sum(len(SWITCHES[s].readings) - 1 for s in q.switches)
    assert len(cmp.columns) == expected
    assert cmp.columns[0].varied == () and cmp.columns[0].is_default
    for column in cmp.columns:  # each column is the catalogue's own answer under its readings
        direct = kgrules.ask("dieu10.substitute_allowed", case, interpretations=column.settings, **SUB)
        assert column.decision == direct
    by_reading = {(c.varied, c.settings.get("consent_by_deputy")): c.decision.outcome
                  for c in cmp.columns}
    assert by_reading[((), "with_authorisation")] is Outcome.YES
    assert by_reading[(("consent_by_deputy",), "head_only")] is Outcome.NO
    assert cmp.reading_matters
    page = cmp._repr_html_()
    assert page.count("kg-badge") >= len(cmp.columns) and "head_only" in page
    assert "KHÔNG" in page and "NO" in cmp.html("en")
    assert cmp.to_dict()["reading_matters"] is True


@pytest.mark.clause("dieu-11/doan-1")
def test_compare_all_combinations_and_questions_without_switches(case: kgrules.Case) -> None:
    cmp = kgrules.compare_readings("dieu10.attendance_compliant", case, meeting="H2009-Q1",
                                   member="P08", all_combinations=True)
    q = kgrules.question("dieu10.attendance_compliant")
    sizes = [len(SWITCHES[s].readings) for s in q.switches]
    assert len(cmp.columns) == len(list(itertools.product(*[range(n) for n in sizes])))
    assert len({tuple(sorted(c.settings.items())) for c in cmp.columns}) == len(cmp.columns)
    plain = kgrules.compare_readings("dieu11.adhoc_report_valid", case, report="BC-DX-01")
    assert len(plain.columns) == 1 and not plain.reading_matters
    report = kgrules.compare_readings("dieu11.report_on_time", case, member="P06", quarter="2009-Q1")
    outcomes = {c.settings["report_deadline"]: c.decision.outcome for c in report.columns}
    assert outcomes == {"strict": Outcome.NO, "next_working_day": Outcome.YES}  # 15/3/2009: Sunday


def test_case_and_catalogue_views(case: kgrules.Case) -> None:
    page = case._repr_html_()  # type: ignore[attr-defined]
    assert case.name in page
    for m in case.meetings:
        assert m.id in page
    view = kh.catalogue_view()
    table = view._repr_html_()
    for q in kgrules.questions():
        assert q.id in table
        assert q.id in q._repr_html_()  # type: ignore[attr-defined]
    assert "★" in table
