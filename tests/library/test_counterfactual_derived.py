"""Counterfactuals whose fix runs through more than one derivation (kgrules.counterfactual).

Three levers, each read from the declarations rather than written per rule: a new record's open
reference is pointed first at the case's records that pass the tests the joined pattern puts on
them (a new estimate approved by the agency of kind ``ppc``, though the scope brought no agency
in); a flag that a field is recorded (``has_approved_on``, declared as the read
``estimates.approved_on:recorded``) is mapped back to that field; and a change that moves a
condition onto another nested answer (a consent moved to another day now rests on who was Head
that day) is completed by that answer's own search on the changed case. Every suggestion, applied
to the case, gives ``yes``; no strictly smaller subset does.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kgrules import Case, Outcome, ask, counterfactual
from tests.builders import DEP, HEAD, M1, SD, X1, CaseBuilder, committee
from tests.library.test_counterfactual import check_counterfactuals

MILLION = 1_000_000


def _agencies(b: CaseBuilder) -> CaseBuilder:
    """The agencies Điều 12 names: the Sở TT&TT, the Department of Finance, the Provincial
    People's Committee, and a department that is none of them."""
    for rec in ({"id": "STTTT", "name": "Sở Thông tin và Truyền thông", "kind": "standing_agency"},
                {"id": "STC", "name": "Sở Tài chính", "kind": "finance"},
                {"id": "UBND", "name": "UBND tỉnh Kiên Giang", "kind": "ppc"},
                {"id": "SNV", "name": "Sở Nội vụ", "kind": "department"}):
        b.records["agencies"].append(dict(rec))
    return b


def _expenditure_without_estimate() -> Case:
    """An expenditure of the Standing Deputy, charged to no estimate: the case holds none."""
    b = _agencies(committee("2008-07-01"))
    b.records["expenditures"].append({
        "id": "X", "amount": 10 * MILLION, "date": "2009-03-26", "decided_by": SD,
        "budget_line": "dic_operational", "purpose": "committee", "category": "meetings"})
    return b.build()


def _estimate_over_ceiling_undated() -> Case:
    """An estimate above the ceiling, whose appraisal and approval are recorded without days."""
    b = _agencies(committee("2008-07-01"))
    b.records["estimates"].append({
        "id": "E", "year": 2009, "amount": 5000 * MILLION, "prepared_by": SD,
        "prepared_on": "2008-11-20", "appraised_by": "STC", "approved_by": "UBND",
        "dic_ceiling": 3000 * MILLION})
    return b.build()


def _late_consent_before_any_head() -> Case:
    """The Head holds office only from 3/6/2024; the meeting is on 26/3, the absence reported on
    28/3 and the Deputy consented on 27/3: late, and by someone who was not Head."""
    b = committee("2024-01-01")
    for p in b.records["positions"]:
        if p["person"] == HEAD:
            p["start"] = "2024-06-03"
    b.meeting("Q1", "2024-03-26").absence("Q1", M1, "2024-03-28")
    b.consent("Q1", M1, DEP, "2024-03-27", substitute=X1)
    return b.build()


def _delegation_and_no_head() -> Case:
    """The Head holds office only from 3/6/2024 (positions declared complete); M1 reported on
    time that she cannot attend on 26/3, gave X1 a standing authorisation to attend, and no
    consent is recorded."""
    b = committee("2024-01-01")
    for p in b.records["positions"]:
        if p["person"] == HEAD:
            p["start"] = "2024-06-03"
    b.meeting("Q1", "2024-03-26").absence("Q1", M1, "2024-03-20")
    b.authorise("UQ1", M1, X1, ["attend_meeting"], "2024-03-01", "2024-04-30")
    return b.complete("positions", "authorisations").build()


SUBSTITUTE = {"meeting": "Q1", "member": M1, "substitute": X1}


@pytest.mark.clause("dieu-12/doan-1")
def test_a_new_estimate_is_approved_by_the_cases_provincial_committee() -> None:
    """Khoản chi không thuộc dự toán nào (hồ sơ chưa có dự toán): gợi ý thêm dự toán năm 2009
    do UBND tỉnh (cơ quan loại ppc có trong hồ sơ) phê duyệt và gắn khoản chi vào đó; mỗi gợi
    ý cho CÓ và tối thiểu.

    No estimate in the case, so the question's scope brings no agency in: the new estimate's
    approver is chosen among the case's agencies by the rule's own test (``ag.kind ==
    "ppc"``), and the expenditure is pointed at it."""
    case = _expenditure_without_estimate()
    args = {"expenditure": "X"}
    decision = ask("dieu12.expense_authorised", case, **args)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    for option in what_if.options:
        added = [c for c in option.changes if c.action == "add" and c.kind == "estimates"]
        assert len(added) == 1 and added[0].new["approved_by"] == "UBND"
        assert added[0].new["year"] == 2009 and added[0].new["amount"] >= 10 * MILLION
        pointed = [c for c in option.changes if c.kind == "expenditures"
                   and c.field == "estimate"]
        assert [c.new for c in pointed] == [added[0].new["id"]]
    assert "Cơ quan phê duyệt: UBND" in what_if.options[0].render("vi")
    assert "Approved by (agency): UBND" in what_if.options[0].render("en")
    assert check_counterfactuals("dieu12.expense_authorised", case, {}, args,
                                 decision) == len(what_if.options)


@pytest.mark.clause("dieu-12/doan-1")
def test_a_recorded_flag_is_mapped_back_to_its_field() -> None:
    """Dự toán vượt hạn mức, ghi cơ quan thẩm định và phê duyệt nhưng không ghi ngày: gợi ý
    giảm tổng dự toán và ghi ngày thẩm định, ngày phê duyệt (không sớm hơn ngày lập); mỗi gợi
    ý cho CÓ và tối thiểu.

    ``approved`` needs both ``has_appraised_on`` (a declared read,
    ``estimates.appraised_on:recorded``) and ``has_approved_on``: each flag is mapped back to
    its field of the estimate, which is given a day, the record's own first."""
    case = _estimate_over_ceiling_undated()
    args = {"estimate": "E"}
    decision = ask("dieu12.estimate_valid", case, **args)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    for option in what_if.options:
        days = {c.field: c.new for c in option.changes if c.record == "E"}
        assert {"appraised_on", "approved_on"} <= set(days)
        assert "2008-11-20" <= days["appraised_on"] <= days["approved_on"]
    assert any("Ngày phê duyệt — → 20/11/2008" in o.render("vi") for o in what_if.options)
    assert check_counterfactuals("dieu12.estimate_valid", case, {}, args,
                                 decision) == len(what_if.options)


@pytest.mark.clause("dieu-10/doan-5")
@pytest.mark.parametrize("deadline", ["by_meeting_day", "before_meeting_day"])
def test_a_consent_moved_onto_another_day_gets_that_days_head(deadline: str) -> None:
    """Sự đồng ý muộn, do người không phải Trưởng ban đưa ra, khi chưa ai là Trưởng ban: dời
    ngày thì sự đồng ý dựa vào việc ai là Trưởng ban ngày đó (authority.may_act); gợi ý có cả
    thay đổi chức vụ mà câu hỏi lồng tìm được trên hồ sơ đã thay đổi, theo cả hai cách hiểu về
    thời hạn đồng ý (điểm 4); mỗi gợi ý cho CÓ và tối thiểu.

    A late consent by the Deputy when nobody is Head: the change that moves the condition
    (another day) rests on may_act's answer for that day, whose own suggestions on the changed
    case complete it: every option changes or adds a Head's position."""
    case = _late_consent_before_any_head()
    chosen = {"consent_deadline": deadline}
    decision = ask("dieu10.substitute_allowed", case, interpretations=chosen, **SUBSTITUTE)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    for option in what_if.options:
        assert any(c.kind == "positions" and (c.new == "head" or (
            isinstance(c.new, dict) and c.new.get("role") == "head")) for c in option.changes)
    assert check_counterfactuals("dieu10.substitute_allowed", case, chosen, SUBSTITUTE,
                                 decision) == len(what_if.options)


@pytest.mark.clause("dieu-10/doan-5")
def test_a_consent_added_where_none_was_gets_that_days_head() -> None:
    """Thành viên ủy quyền dự họp cho người khác, không có sự đồng ý nào, và ngày họp chưa có
    Trưởng ban (danh sách chức vụ khai là đầy đủ): gợi ý thêm sự đồng ý, chậm nhất ngày họp, và
    chức vụ Trưởng ban của người đồng ý vào ngày đó; mỗi gợi ý cho CÓ và tối thiểu.

    Two steps on changed cases: moving the standing authorisation leaves no consent at all,
    the condition's own rules on that case add one, which then rests on may_act's ``no`` for
    its giver that day, searched on that case in turn; what is listed is minimised (the
    authorisation's move drops out: a consent suffices)."""
    case = _delegation_and_no_head()
    decision = ask("dieu10.substitute_allowed", case, **SUBSTITUTE)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    for option in what_if.options:
        consent = [c for c in option.changes if c.action == "add" and c.kind == "consents"]
        assert len(consent) == 1 and consent[0].new["given_on"] <= "2024-03-26"
        assert any(c.kind == "positions" for c in option.changes)
    assert any(len(o.changes) == 2 and {c.kind for c in o.changes} == {"consents", "positions"}
               and consent_by(o) == HEAD for o in what_if.options)
    assert check_counterfactuals("dieu10.substitute_allowed", case, {}, SUBSTITUTE,
                                 decision) == len(what_if.options)


def consent_by(option: counterfactual.Counterfactual) -> str:
    return next(c.new["given_by"] for c in option.changes if c.kind == "consents")


def test_without_the_nested_search_on_the_changed_case_the_consent_is_not_found(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The consent above is found by the nested search on the changed case, not otherwise: with
    no such search allowed the search ends at its bound, and says so."""
    monkeypatch.setattr(counterfactual, "MAX_STEP_NESTED", 0)
    decision = ask("dieu10.substitute_allowed", _late_consent_before_any_head(), **SUBSTITUTE)
    assert decision.what_if is not None and decision.what_if.verdict == "bound"


def test_without_the_step_on_the_changed_cases_rules_the_added_consent_is_not_found(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The consent where none was is found by the step on the changed case's own rules (the
    consent added once the authorisation is moved), not otherwise."""
    monkeypatch.setattr(counterfactual, "MAX_STEP_EACH", 0)
    decision = ask("dieu10.substitute_allowed", _delegation_and_no_head(), **SUBSTITUTE)
    assert decision.what_if is not None and decision.what_if.verdict == "bound"


@pytest.mark.parametrize(("qid", "build", "args"), [
    ("dieu12.expense_authorised", _expenditure_without_estimate, {"expenditure": "X"}),
    ("dieu12.estimate_valid", _estimate_over_ceiling_undated, {"estimate": "E"}),
    ("dieu10.substitute_allowed", _late_consent_before_any_head, SUBSTITUTE),
    ("dieu10.substitute_allowed", _delegation_and_no_head, SUBSTITUTE),
])
def test_changes_through_derivations_do_not_depend_on_record_order(
    qid: str, build: Callable[[], Case], args: dict[str, str]
) -> None:
    """Những gợi ý này không phụ thuộc thứ tự bản ghi. The same suggestions whatever the order
    of the case's records."""
    case = build()
    data = case.to_dict()
    for kind, items in data.items():
        if isinstance(items, list) and kind != "records_complete":
            data[kind] = list(reversed(items))
    a, b = ask(qid, case, **args).what_if, ask(qid, Case.from_dict(data), **args).what_if
    assert a is not None and b is not None and a.verdict == "found" and a.options
    assert [sorted(c.key for c in o.changes) for o in a.options] == [
        sorted(c.key for c in o.changes) for o in b.options]


@pytest.mark.clause("dieu-12/doan-1")
@pytest.mark.parametrize("ceiling", [None, 3000 * MILLION])
def test_a_ceiling_read_from_the_estimate_can_be_raised(ceiling: int | None) -> None:
    """Dự toán vượt tổng hạn mức (hoặc không ghi hạn mức, và do Sở Nội vụ phê duyệt): gợi ý nâng
    (hoặc ghi) hạn mức ``dic_ceiling`` bằng tổng dự toán, một thay đổi (cùng việc đổi cơ quan
    phê duyệt), chứ không chỉ giảm dự toán.

    ``est.amount <= e.ceiling``, where ``ceiling`` is the question's declared read of
    ``estimates.dic_ceiling``: the test is fixed on either side, so the ceiling raised to the
    estimate's amount is a suggestion by itself (with the ceiling not recorded, an unknown
    answer has no suggestions, so the approver is wrong as well; ``has_ceiling`` is then met by
    that same value). Each option gives yes and is minimal."""
    b = _agencies(committee("2008-07-01"))
    b.records["estimates"].append({
        "id": "E", "year": 2009, "amount": 5000 * MILLION, "prepared_by": SD,
        "prepared_on": "2008-11-20", "appraised_by": "STC", "appraised_on": "2008-11-25",
        "approved_by": "UBND" if ceiling else "SNV", "approved_on": "2008-11-30",
        "dic_ceiling": ceiling})
    case = b.build()
    args = {"estimate": "E"}
    decision = ask("dieu12.estimate_valid", case, **args)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    raised = [[(c.field, c.new) for c in o.changes] for o in what_if.options]
    assert any(("dic_ceiling", 5000 * MILLION) in r and len(r) == (1 if ceiling else 2)
               for r in raised), raised
    assert check_counterfactuals("dieu12.estimate_valid", case, {}, args,
                                 decision) == len(what_if.options)
