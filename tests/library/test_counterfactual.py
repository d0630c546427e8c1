"""Counterfactuals of a ``no`` (kgrules.counterfactual): what would make it ``yes``.

The property over the catalogue: on generated committees, for every ``no``, each suggested set
of changes applied to the case gives ``yes`` when the question is asked again (same arguments,
same readings), and no strictly smaller subset of it does.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgrules import (
    Case,
    Decision,
    Outcome,
    ask,
    audit,
    counterfactual,
    load_example,
    question,
    questions,
)
from kgrules import catalogue as catalogue_module
from kgrules.counterfactual import MAX_CHANGES, _blocked, _fixed_fields, _fixed_test, apply_changes
from kgrules.decision import WhatIf
from kgrules.dsl import Ref, Test
from kgrules.errors import KgrulesError
from kgrules.interpretations import settings as make_settings
from kgrules.oracle import OracleEngine
from kgrules.testing import committee_cases, interpretations, questions_for
from tests.builders import DEP, HEAD, HL, HM, SD, X1, committee

ORACLE = OracleEngine()
QUESTION_IDS = tuple(q.id for q in questions())
FEWER = settings(max_examples=max(5, settings.default.max_examples // 3))


def _yes(qid: str, case: Case | Callable[[], Case], chosen: dict[str, str],
         args: dict[str, str]) -> bool:
    try:
        # A subset of a chain (a reference pointed at a record it does not add) is no valid
        # case, so it cannot give yes.
        case = case() if callable(case) else case
        again = ask(qid, case, interpretations=chosen, engine=ORACLE, counterfactuals=False,
                    **args)
    except KgrulesError:
        return False
    return again.outcome is Outcome.YES


def check_counterfactuals(
    qid: str, case: Case, chosen: dict[str, str], args: dict[str, str], decision: Decision
) -> int:
    """Every suggestion works and is minimal; returns how many were checked."""
    assert decision.what_if is not None, (qid, args)
    for option in decision.what_if.options:
        changes = option.changes
        # Within the bound the search reports (MAX_CHANGES, or one more when it was widened).
        assert 0 < len(changes) <= dict(decision.what_if.limits)["changes"] <= MAX_CHANGES + 1
        assert _yes(qid, apply_changes(case, changes), chosen, args), (qid, args, option)
        for size in range(1, len(changes)):
            for subset in itertools.combinations(changes, size):
                assert not _yes(qid, lambda s=subset: apply_changes(case, s), chosen, args), (
                    qid, args, option, subset)
    if not decision.what_if.options:
        assert decision.what_if.summary().en  # said, not omitted
    return len(decision.what_if.options)


@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-5", "dieu-11/doan-1", "dieu-11/doan-2",
                    "dieu-12/doan-1", "dieu-2/khoan-2")
@FEWER
@given(data=st.data(), case=committee_cases(), chosen=interpretations())
def test_each_counterfactual_turns_no_into_yes_and_is_minimal(
    data: st.DataObject, case: Case, chosen: dict[str, str]
) -> None:
    """Mỗi thay đổi được gợi ý cho một câu trả lời KHÔNG, khi áp dụng vào hồ sơ, cho kết luận
    CÓ; không tập con thực sự nào của nó cho CÓ.

    Each suggested change of a ``no``, applied to the case, gives ``yes``; no strictly smaller
    subset of it does. Other outcomes carry no counterfactuals.
    """
    for qid in QUESTION_IDS:
        found = questions_for(case, [qid])
        if found.is_empty:
            continue
        qid, args = data.draw(found, label=qid)
        decision = ask(qid, case, interpretations=chosen, engine=ORACLE, **args)
        if decision.outcome is not Outcome.NO:
            assert decision.what_if is None
            assert "counterfactuals" not in decision.to_dict()
            continue
        check_counterfactuals(qid, case, chosen, args, decision)


def test_late_consent_names_the_record_field_and_day() -> None:
    """Sự đồng ý muộn: gợi ý đổi ngày đồng ý của đúng bản ghi, chậm nhất ngày họp (vi và en)."""
    case = (committee().meeting("Q1", "2024-03-26")
            .absence("Q1", "M1", "2024-03-20")
            .consent("Q1", "M1", "H", "2024-03-27", substitute="X1")
            .complete("consents", "absence_reports").build())
    decision = ask("dieu10.substitute_allowed", case, meeting="Q1", member="M1",
                   substitute="X1")
    assert decision.outcome is Outcome.NO
    assert decision.what_if is not None
    texts = [o.render("en") for o in decision.what_if.options]
    assert any("consents[0]" in t and "2024-03-26" in t and "on or before" in t for t in texts)
    vi = [o.render("vi") for o in decision.what_if.options]
    assert any("26/03/2024" in t and "chậm nhất" in t for t in vi)
    assert check_counterfactuals("dieu10.substitute_allowed", case, {}, {
        "meeting": "Q1", "member": "M1", "substitute": "X1"}, decision) >= 1
    # Shown in str(), kept in JSON and read back equal.
    assert "What would make it yes" in decision.render("en")
    assert "Để kết luận thành CÓ" in str(decision)
    data = json.loads(decision.to_json())
    assert data["counterfactuals"]["options"][0]["changes"][0]["path"].startswith("consents[")
    assert Decision.from_dict(data) == decision


def test_missing_consent_suggests_the_heads_consent() -> None:
    """No consent on record (declared complete): adding the Head's consent by the meeting day."""
    case = load_example()
    decision = ask("dieu10.substitute_allowed", case, meeting="H2009-Q1", member="P08",
                   substitute="S02")
    assert decision.outcome is Outcome.NO and decision.what_if is not None
    first = decision.what_if.options[0].changes
    assert len(first) == 1 and first[0].action == "add" and first[0].kind == "consents"
    assert first[0].new["given_by"] == "P01"  # the Head on that day
    assert "Trần Văn Hòa (P01)" in first[0].text.vi


def test_bound_reached_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    """Khi hết giới hạn tìm kiếm mà chưa tìm được, kết luận nói rõ như vậy (không phải là
    "không thể"). When the bound cuts the search short, the decision says so: not found within
    the bound, which proves nothing, and never an empty list said nothing about."""
    monkeypatch.setattr(counterfactual, "MAX_TRIALS", 2)
    decision = ask("dieu12.expense_authorised", load_example(), expenditure="CHI-07")
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None
    assert not what_if.options and what_if.verdict == "bound" and what_if.bounded
    assert 1 <= what_if.trials <= 2
    assert "No change found within the search bound" in what_if.summary().en
    assert "trong giới hạn tìm kiếm" in what_if.summary().vi
    assert what_if.summary().en in decision.render("en")
    assert what_if.summary().vi in str(decision)
    assert WhatIf.from_dict(what_if.to_dict()) == what_if
    assert decision.to_dict()["counterfactuals"]["verdict"] == "bound"


@pytest.mark.clause("dieu-12/doan-1", "dieu-12/doan-2", "dieu-12/doan-3")
def test_flagship_expense_gets_its_smallest_changes() -> None:
    """Khoản chi CHI-07 (do Trưởng ban quyết định, ngoài dự toán, nguồn khác, nội dung tiếp
    khách): gợi ý đổi chính các trường của khoản chi đó (người quyết định, mục đích, nguồn,
    dự toán, nội dung), mỗi gợi ý cho CÓ và tối thiểu.

    The flagship expenditure fails five conditions at once, one of them on derived values (the
    running total, the content class): the suggestions change the record's own fields, each
    gives ``yes`` and none has a smaller subset that does."""
    case = load_example()
    decision = ask("dieu12.expense_authorised", case, expenditure="CHI-07")
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None
    assert what_if.verdict == "found" and what_if.options
    assert check_counterfactuals("dieu12.expense_authorised", case, {},
                                 {"expenditure": "CHI-07"}, decision) >= 1
    fields = {c.field for o in what_if.options for c in o.changes
              if c.action == "set" and c.record == "CHI-07"}
    assert {"budget_line", "purpose", "estimate", "category"} <= fields
    first = what_if.options[0]
    assert all("CHI-07" in c.text.en or c.action == "add" for c in first.changes)
    assert "Để kết luận thành CÓ" in str(decision) and "expenditures[" in str(decision)


def test_every_no_of_the_example_says_what_or_why() -> None:
    """Mỗi kết luận KHÔNG trong kiểm tra năm 2009 của hồ sơ mẫu đều có gợi ý (đúng và tối
    thiểu) hoặc nói rõ vì sao không có. Every ``no`` of the example's 2009 audit either lists
    changes (each checked: gives yes, minimal) or says why none is offered."""
    case = load_example()
    report = audit(case, year=2009, engine=ORACLE)
    nos = [f.decision for f in report.findings if f.decision.outcome is Outcome.NO]
    assert len(nos) >= 10
    verdicts = []
    for d in nos:
        assert d.what_if is not None, d.question
        verdicts.append(d.what_if.verdict)
        if d.what_if.verdict == "found":
            check_counterfactuals(d.question, case, {}, dict(d.arguments), d)
        else:
            assert d.what_if.verdict in ("impossible", "bound") and not d.what_if.options
            assert d.what_if.summary().en in d.render("en")
    assert verdicts.count("found") >= len(nos) * 3 // 4, verdicts


def test_a_condition_only_other_arguments_satisfy_is_proved_impossible() -> None:
    """Điều kiện chỉ đáp ứng được với tham số khác của câu hỏi (ở đây: một hành vi mà không
    quy tắc nào trao quyền) thì không thay đổi nào của hồ sơ làm thành CÓ: kết luận nói "không
    thể", khác với "hết giới hạn tìm kiếm". A condition whose every ``holds`` rule tests the
    question's own arguments against other values is proved unreachable; with an argument
    some rule accepts it is not."""
    q = question("authority.may_act")
    blocked = _blocked(q, ["power"], {"act": "no_such_act", "person": "P01"})
    assert len(blocked) == 1 and "act ==" in blocked[0].en
    assert "no change of the recorded facts" in blocked[0].en
    assert "không thay đổi nào của dữ kiện hồ sơ" in blocked[0].vi
    assert _blocked(q, ["power"], {"act": "decide_matters", "person": "P01"}) == ()
    impossible = WhatIf((), False, 1, (("changes", MAX_CHANGES),), blocked, verdict="impossible")
    assert "No change of the recorded facts can turn the answer to yes" in (
        impossible.summary().en)
    assert WhatIf.from_dict(impossible.to_dict()) == impossible


def test_counterfactuals_do_not_depend_on_record_order() -> None:
    """The suggestions are the same whatever the order of the case's records."""
    case = load_example()
    data = case.to_dict()
    for kind in ("people", "positions", "consents", "absence_reports", "authorisations"):
        data[kind] = list(reversed(data[kind]))
    moved = Case.from_dict(data)
    args = {"meeting": "H2009-Q1", "member": "P08", "substitute": "S02"}
    a = ask("dieu10.substitute_allowed", case, **args).what_if
    b = ask("dieu10.substitute_allowed", moved, **args).what_if
    assert a is not None and b is not None and a.options
    assert [[c.key for c in o.changes] for o in a.options] == [
        [c.key for c in o.changes] for o in b.options]


def test_shown_in_html_audit_and_service(tmp_path: Path) -> None:
    """Hiển thị trong HTML, báo cáo kiểm tra và JSON của dịch vụ (same content as the library)."""
    from fastapi.testclient import TestClient

    from kgrules.html import decision_html
    from kgrules.record import open_store
    from kgrules.service import create_app

    case = load_example()
    args = {"meeting": "H2009-Q1", "member": "P08", "substitute": "S02"}
    decision = ask("dieu10.substitute_allowed", case, **args)
    assert decision.what_if is not None and decision.what_if.options
    first = decision.what_if.options[0].changes[0]
    for lang in ("vi", "en"):
        html = decision_html(decision, lang)
        assert 'class="kg-whatif"' in html
        assert first.text.get(lang).split(":")[0] in html
    report = kgrules_audit(case)
    assert "To make it yes" in report.render("en") and "Để thành CÓ" in report.render("vi")
    assert "kg-whatif" in report.to_html("en")
    store = open_store(tmp_path / "record.sqlite3")
    try:
        client = TestClient(create_app(store=store))
        reply = client.post("/v1/ask", json={
            "question": "dieu10.substitute_allowed", "example": "committee-2009",
            "arguments": args})
        assert reply.status_code == 200, reply.text
        assert reply.json()["counterfactuals"] == decision.what_if.to_dict()
    finally:
        store.close()


def kgrules_audit(case: Case) -> object:
    return audit(case, year=2009, engine=ORACLE)


def test_large_case_is_not_searched_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above MAX_RECORDS records the search is not run (each trial rebuilds the case); the
    decision says so instead of listing nothing silently."""
    case = load_example()
    args = {"meeting": "H2009-Q1", "member": "P08", "substitute": "S02"}
    monkeypatch.setattr(counterfactual, "MAX_RECORDS", 10)
    what_if = ask("dieu10.substitute_allowed", case, **args).what_if
    assert what_if is not None and not what_if.options and what_if.bounded
    assert what_if.trials == 0 and "more than 10 records" in what_if.unmapped[0].en
    assert "No change found" in what_if.summary().en


def _consultation_beside_a_meeting(days_off: tuple[str, ...] = ()) -> Case:
    """A written consultation for 2024-Q1 requested and decided by the Head inside the window
    (20–30/3/2024), while the regular meeting was held on 25/3/2024 (meetings complete)."""
    b = (committee().meeting("Q1", "2024-03-25")
         .consultation("YK1", "2024-Q1", HEAD, "2024-03-21", decided_by=HEAD,
                       decided_on="2024-03-22")
         .complete("meetings"))
    if days_off:
        b = b.calendar(2024, days_off=days_off)
    return b.build()


@pytest.mark.clause("dieu-10/doan-4", "dieu-10/doan-1")
def test_a_meeting_inside_the_window_is_moved_out_to_the_nearest_working_day() -> None:
    """Phiên họp định kỳ đã diễn ra trong khoảng họp nên lấy ý kiến bằng văn bản không thay
    được phiên họp: gợi ý dời ngày họp ra ngoài khoảng họp, sang ngày làm việc gần nhất (theo
    lịch của hồ sơ), hoặc ghi là không diễn ra; mỗi gợi ý cho CÓ và tối thiểu.

    The ``no(...)`` pattern forbids a regular meeting held inside the window: the meeting's day
    is moved to the nearest working day outside it (before: 19/3; after: 31/3 is a Sunday, so
    Monday 1/4), the requirement quoting the rule's bound; with 19/3 a day off in the case's
    own calendar, the day before the window becomes 18/3."""
    case = _consultation_beside_a_meeting()
    args = {"consultation": "YK1"}
    decision = ask("dieu10.written_consultation_valid", case, **args)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    moved = {c.new for o in what_if.options for c in o.changes
             if c.kind == "meetings" and c.field == "date"}
    assert moved == {"2024-03-19", "2024-04-01"}
    assert any(c.field == "held" and c.new is False for o in what_if.options for c in o.changes)
    en = [o.render("en") for o in what_if.options]
    vi = [o.render("vi") for o in what_if.options]
    assert any("2024-03-25 → 2024-04-01 (needed: on or after 2024-03-31)" in t for t in en)
    assert any("25/03/2024 → 01/04/2024 (cần: từ 31/03/2024)" in t for t in vi)
    assert check_counterfactuals("dieu10.written_consultation_valid", case, {}, args,
                                 decision) == len(what_if.options)
    day_off = _consultation_beside_a_meeting(("2024-03-19",))
    later = ask("dieu10.written_consultation_valid", day_off, **args)
    assert later.what_if is not None
    moved = {c.new for o in later.what_if.options for c in o.changes
             if c.kind == "meetings" and c.field == "date"}
    assert moved == {"2024-03-18", "2024-04-01"}
    assert any("(needed: on or before 2024-03-19)" in o.render("en")
               for o in later.what_if.options)
    check_counterfactuals("dieu10.written_consultation_valid", day_off, {}, args, later)


@pytest.mark.clause("dieu-4/khoan-1")
def test_a_nested_answer_is_made_yes_by_its_own_counterfactual() -> None:
    """Người không giữ chức vụ nào thì không có quyết định sau cùng (authority.may_act:
    KHÔNG): gợi ý là thay đổi làm cho câu hỏi lồng (authority.may_act) thành CÓ, tìm từ chính
    các quy tắc của câu hỏi đó. The condition rests on authority.may_act's ``no``: its own
    counterfactuals are lifted, and each gives ``yes`` here too and is minimal."""
    case = committee().complete("positions", "authorisations").build()
    args = {"person": X1, "date": "2024-05-06"}
    decision = ask("dieu4.final_say", case, **args)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    nested = ask("authority.may_act", case, act="decide_matters", **args).what_if
    assert nested is not None and nested.options
    lifted = [frozenset(c.key for c in o.changes) for o in nested.options]
    assert all(frozenset(c.key for c in o.changes) in lifted for o in what_if.options)
    assert check_counterfactuals("dieu4.final_say", case, {}, args, decision) >= 1


@pytest.mark.clause("dieu-2/khoan-1")
def test_records_a_count_lacks_are_added_together() -> None:
    """Ban Chỉ đạo thiếu cả Phó Trưởng ban Thường trực và Phó Trưởng ban (danh sách chức vụ
    khai là đầy đủ): không thay đổi đơn lẻ nào đủ; gợi ý thêm đồng thời hai chức vụ (và chức
    Phó Chủ tịch UBND tỉnh của Trưởng ban, chưa được ghi), mỗi gợi ý cho CÓ và tối thiểu.

    Two Deputy Heads are missing (the count is 0, the rule asks 2): the condition on the
    count holds only once both records the other two conditions add are there, so the
    suggestions add two positions together, in turn (positions[6] and positions[7])."""
    b = committee().complete("positions")
    b.records["positions"] = [p for p in b.records["positions"] if p["person"] not in (SD, DEP)]
    case = b.build()
    args = {"date": "2024-05-06"}
    decision = ask("dieu2.composition_valid", case, **args)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    for option in what_if.options:
        roles = sorted(c.new["role"] for c in option.changes
                       if c.action == "add" and c.kind == "positions")
        assert roles == ["deputy", "standing_deputy"]
        paths = sorted(c.path for c in option.changes if c.kind == "positions")
        assert paths == ["positions[6]", "positions[7]"]
    assert check_counterfactuals("dieu2.composition_valid", case, {}, args,
                                 decision) == len(what_if.options)


@pytest.mark.clause("dieu-10/doan-4")
def test_fixes_that_break_each_other_are_repaired_on_the_changed_case() -> None:
    """Lấy ý kiến trước khoảng họp, không nêu lý do, và phiên họp vẫn diễn ra: dời ngày yêu cầu
    vào khoảng họp thì quyết định (ngày 12/3) lại có trước yêu cầu; gợi ý dời cả ngày quyết
    định, tìm trên chính hồ sơ đã thay đổi; mỗi gợi ý cho CÓ và tối thiểu.

    Requested on 11/3, before the window, with no reason given, and the meeting held on 25/3:
    the fix of "no meeting" (the request moved into the window and the meeting out of it)
    makes the decision of 12/3 precede the request; the decision's day, an input of the
    derived "decided after the request", is moved too."""
    case = (committee().meeting("Q1", "2024-03-25")
            .consultation("YK1", "2024-Q1", HEAD, "2024-03-11", decided_by=HEAD,
                          decided_on="2024-03-12")
            .complete("meetings").build())
    args = {"consultation": "YK1"}
    decision = ask("dieu10.written_consultation_valid", case, **args)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    for option in what_if.options:
        fields = {(c.kind, c.field) for c in option.changes}
        assert ("consultations", "requested_on") in fields
        assert ("consultations", "decided_on") in fields
    assert check_counterfactuals("dieu10.written_consultation_valid", case, {}, args,
                                 decision) == len(what_if.options)


def test_only_what_no_record_can_move_is_fixed_in_a_proof() -> None:
    """Chứng minh "không thể" chỉ dựa vào những gì không thay đổi hồ sơ nào làm đổi được: tham
    số, trường đọc từ tham số, cách hiểu; không phải trường đọc từ hồ sơ. A proof of
    ``impossible`` rests only on the arguments, the fields the declaration reads from them
    (``day`` from ``arguments.date``) and the readings; a field read from the records (whether
    a kind is declared complete) is never fixed, and a test between two fixed fields is decided
    on their values."""
    composition = _fixed_fields(question("dieu2.composition_valid"))
    assert {"date", "day"} <= composition and "positions_complete" not in composition
    consult = _fixed_fields(question("dieu10.written_consultation_valid"))
    assert "consultation" in consult and "i_consultation_ground" in consult
    assert not {"complete_meetings", "window_first", "in_force"} & consult
    fixed = {"day", "date"}
    ev = {"day": 10, "date": 12, "window_first": 11}
    assert _fixed_test(Test("e", "day", ">=", Ref("e", "date")), fixed, ev) == "day >= date"
    assert _fixed_test(Test("e", "day", "<=", Ref("e", "date")), fixed, ev) is None  # holds
    assert _fixed_test(Test("e", "day", ">=", Ref("e", "window_first")), fixed, ev) is None
    assert _fixed_test(Test("e", "window_first", "==", 3), fixed, ev) is None
    assert _fixed_test(Test("e", "day", "==", 3), fixed, ev) == "day == 3"


def _without_deputies() -> Case:
    b = committee().complete("positions")
    b.records["positions"] = [p for p in b.records["positions"] if p["person"] not in (SD, DEP)]
    return b.build()


@pytest.mark.parametrize(("qid", "build", "args"), [
    ("dieu10.written_consultation_valid", _consultation_beside_a_meeting,
     {"consultation": "YK1"}),
    ("dieu4.final_say", lambda: committee().complete("positions", "authorisations").build(),
     {"person": X1, "date": "2024-05-06"}),
    ("dieu2.composition_valid", _without_deputies, {"date": "2024-05-06"}),
])
def test_new_kinds_of_change_do_not_depend_on_record_order(
    qid: str, build: Callable[[], Case], args: dict[str, str]
) -> None:
    """Những gợi ý mới (dời ngày, câu hỏi lồng, thêm nhiều bản ghi) không phụ thuộc thứ tự bản
    ghi. The suggestions of the new kinds (a day moved, a nested answer's, several records
    added) are the same whatever the order of the case's records."""
    case = build()
    data = case.to_dict()
    for kind, items in data.items():
        if isinstance(items, list) and kind != "records_complete":
            data[kind] = list(reversed(items))
    moved = Case.from_dict(data)
    a, b = ask(qid, case, **args).what_if, ask(qid, moved, **args).what_if
    assert a is not None and b is not None and a.verdict == "found" and a.options
    assert [sorted(c.key for c in o.changes) for o in a.options] == [
        sorted(c.key for c in o.changes) for o in b.options]


def _late_standing_deputy(assigned_to: str | None = None) -> Case:
    """The committee of tests/builders.py whose Standing Deputy (SD) took office on 1/6/2009
    and whose helper-team leader HL was appointed by SD that day; X1 is on the Sở TT&TT's
    payroll and on no helper team. With ``assigned_to``, HL assigned them a helper-team task
    on 2/3/2009 (assignment GV). Positions, appointments, nominations and offices complete."""
    b = committee()
    b.records["people"] = [{**p, "on_dic_payroll": True} if p["id"] in (X1, HL) else p
                           for p in b.records["people"]]
    b.records["positions"] = [{**p, "start": "2009-06-01"} if p["person"] == SD else p
                              for p in b.records["positions"] if p["person"] != HM]
    b._add("helper_appointments", id="TGV-HL", person=HL, role="helper_leader", decided_by=SD,
           decided_on="2009-06-01", part_time=True)
    if assigned_to is not None:
        b._add("assignments", id="GV", kind="helper_task", assigned_by=HL, assignee=assigned_to,
               assigned_on="2009-03-02", description="Tổng hợp báo cáo quý")
    return b.complete("helper_appointments", "positions", "nominations", "offices").build()


@pytest.mark.clause("dieu-10/doan-2", "dieu-5/khoan-4")
@pytest.mark.parametrize("reading", ["head_own_initiative", "proposal_required"])
def test_a_field_a_rule_needs_recorded_is_set_on_the_record_the_argument_names(
    reading: str,
) -> None:
    """Phiên họp bất thường không ghi ngày triệu tập, do Thành viên M1 triệu tập, theo đề nghị
    của Phó Trưởng ban (không phải Thường trực): gợi ý ghi ngày triệu tập (trường mà câu hỏi khai
    là đọc từ ``meetings.convened_on:recorded``) và đổi người triệu tập; theo cách hiểu
    ``proposal_required`` còn phải có đề nghị của Thường trực.

    An extraordinary meeting with no convening day, convened by a Member on the Deputy Head's
    proposal. The rules need ``convened_known`` (declared read from whether the meeting's
    ``convened_on`` is recorded) and a power fact for that day: the convening day is recorded
    on the meeting the argument names and the convener given the Head's power that day (the
    Head convenes, one option at least; or the convener is made Head). Under the default reading the
    proposal is no condition, so no option touches it; under ``proposal_required`` every option
    also makes the proposer the Standing office. Each option gives yes and is minimal."""
    case = (committee().meeting("BT1", "2024-05-10", "extraordinary", proposed_by=DEP,
                                proposed_on="2024-05-06", convened_by="M1").build())
    chosen = {"extraordinary_initiative": reading}
    args = {"meeting": "BT1"}
    decision = ask("dieu10.extraordinary_meeting_valid", case, interpretations=chosen, **args)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    for option in what_if.options:
        recorded = [c for c in option.changes if (c.path, c.field) == ("meetings[0]", "convened_on")]
        assert len(recorded) == 1 and recorded[0].old is None and recorded[0].new
        # A day of the question near the meeting's own, not the committee's first day in 2008.
        assert abs((dt.date.fromisoformat(recorded[0].new) - dt.date(2024, 5, 10)).days) <= 366
        # The convener given the Head's power that day: the Head convenes, or the convener is
        # made Head (the nested answer's own suggestion on the changed case).
        assert any((c.field == "convened_by" and c.new == HEAD) or (c.kind == "positions" and (
            c.new == "head" or (isinstance(c.new, dict) and c.new.get("role") == "head")))
            for c in option.changes)
        proposal = [c for c in option.changes if c.field == "proposed_by"
                    or (c.kind == "positions" and c.new == "standing_deputy")]
        assert bool(proposal) is (reading == "proposal_required")
    assert any(c.field == "convened_by" and c.new == HEAD
               for option in what_if.options for c in option.changes)
    assert check_counterfactuals("dieu10.extraordinary_meeting_valid", case, chosen, args,
                                 decision) == len(what_if.options)


@pytest.mark.clause("dieu-9/khoan-2")
def test_a_new_records_signer_is_made_the_standing_office_in_a_second_step() -> None:
    """X1 không có quyết định cử vào Tổ giúp việc, và ngày 2/3/2009 chưa có Thường trực (SD nhận
    chức từ 1/6/2009), cũng chưa có Tổ trưởng: quyết định cử mới chỉ hợp lệ khi người ký là
    Thường trực vào ngày ký. Gợi ý (bước hai, tìm trên hồ sơ đã thêm quyết định): thêm quyết
    định cử X1 làm Tổ trưởng do SD ký và dời ngày bắt đầu chức vụ của SD về ngày ký.

    No appointment for X1, and on 2/3/2009 no Standing office (SD took office on 1/6/2009) and
    no leader: a new appointment counts only once its signer holds the Standing office on the
    signing day, which the search reads from the rules on the changed case (a second step)."""
    case = _late_standing_deputy()
    args = {"person": X1, "date": "2009-03-02"}
    decision = ask("dieu9.helper_member_valid", case, **args)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    assert any(
        any(c.action == "add" and c.kind == "helper_appointments" and c.new["person"] == X1
            and c.new["decided_by"] == SD for c in o.changes)
        and any(c.kind == "positions" and c.field == "start" and c.new == "2009-03-02"
                for c in o.changes)
        for o in what_if.options)
    assert check_counterfactuals("dieu9.helper_member_valid", case, {}, args,
                                 decision) == len(what_if.options)


@pytest.mark.clause("dieu-9/khoan-3", "dieu-9/khoan-2")
def test_the_assignee_is_put_on_the_team_by_the_nested_search() -> None:
    """HL giao việc cho X1 ngày 2/3/2009, khi cả HL lẫn X1 chưa được cử hợp lệ vào Tổ giúp việc:
    câu trả lời lồng (dieu9.helper_member_valid) cần một quyết định cử mới mà thẩm quyền người
    ký lại là giá trị suy ra; gợi ý đưa X1 vào Tổ bằng một quyết định cử, tìm từ chính các quy
    tắc của câu hỏi lồng.

    The issue's own nested example: the assignee is put on the helper team by a new appointment
    whose signer's authority is itself derived. Each option gives yes and is minimal."""
    case = _late_standing_deputy(assigned_to=X1)
    args = {"assignment": "GV"}
    decision = ask("dieu9.task_assignment_valid", case, **args)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    assert any(c.action == "add" and c.kind == "helper_appointments" and c.new["person"] == X1
               for o in what_if.options for c in o.changes)
    assert check_counterfactuals("dieu9.task_assignment_valid", case, {}, args,
                                 decision) == len(what_if.options)


@pytest.mark.parametrize(("qid", "build", "args"), [
    ("dieu9.helper_member_valid", _late_standing_deputy, {"person": X1, "date": "2009-03-02"}),
    ("dieu9.task_assignment_valid", lambda: _late_standing_deputy(X1), {"assignment": "GV"}),
    ("dieu10.extraordinary_meeting_valid",
     lambda: committee().meeting("BT1", "2024-05-10", "extraordinary", proposed_by=DEP,
                                 proposed_on="2024-05-06", convened_by="M1").build(),
     {"meeting": "BT1"}),
])
def test_second_steps_and_recorded_fields_do_not_depend_on_record_order(
    qid: str, build: Callable[[], Case], args: dict[str, str]
) -> None:
    """Gợi ý bước hai và ghi trường còn trống không phụ thuộc thứ tự bản ghi. Second steps and
    fields recorded give the same suggestions whatever the order of the case's records."""
    test_new_kinds_of_change_do_not_depend_on_record_order(qid, build, args)


@pytest.mark.clause("dieu-4/khoan-1")
def test_an_unknown_nested_answer_is_searched_for_yes() -> None:
    """Câu trả lời lồng CHƯA XÁC ĐỊNH (X1 không có chức vụ nào được ghi, danh sách chức vụ chưa
    khai là đầy đủ) cũng được tìm thay đổi làm nó thành CÓ, như một câu trả lời KHÔNG; mỗi gợi ý
    áp dụng vào hồ sơ cho CÓ. Một câu trả lời CÓ thì không có gì để tìm.

    A nested answer that is ``unknown`` (no position of X1 recorded, positions open) is searched
    for what would make it ``yes``, as a ``no`` is; each option applied gives ``yes``. A ``yes``
    has nothing to search."""
    case = committee().build()
    args = {"person": X1, "act": "decide_matters", "date": "2024-05-06"}
    assert ask("authority.may_act", case, **args).outcome is Outcome.UNKNOWN
    what_if = catalogue_module._nested_what_if(
        "authority.may_act", case, args, make_settings(None), catalogue_module.calendar_for(case),
        ORACLE)
    assert what_if is not None and what_if.verdict == "found" and what_if.options
    for option in what_if.options:
        assert _yes("authority.may_act", apply_changes(case, option.changes), {}, args)
    assert catalogue_module._nested_what_if(
        "authority.may_act", case, {**args, "person": HEAD}, make_settings(None),
        catalogue_module.calendar_for(case), ORACLE) is None


@pytest.mark.clause("dieu-2/khoan-1")
def test_a_change_that_already_gave_yes_is_listed_whatever_the_count_owed() -> None:
    """Thiếu Phó Trưởng ban Thường trực (danh sách chức vụ khai là đầy đủ): thiếu cả Thường trực
    lẫn đủ hai Phó Trưởng ban; một chức vụ Thường trực được thêm làm cả hai điều kiện đáp ứng.
    Gợi ý là thay đổi đã cho CÓ khi thử, dù phép đếm của điều kiện kia nói còn thiếu.

    No Standing Deputy (positions complete): both "a Standing Deputy" and "two Deputy Heads"
    fail; one Standing Deputy position added makes both hold. When no union of the conditions'
    fixes gives yes, a change set already tried that did is listed (the count the declaration
    reads had said more records were owed). Each option gives yes and is minimal."""
    b = committee().complete("positions")
    b.records["positions"] = [p for p in b.records["positions"] if p["person"] != SD]
    b._add("offices", person=HEAD, kind="ppc_vice_chairman", start="2008-01-01")
    case = b.build()
    args = {"date": "2024-05-06"}
    decision = ask("dieu2.composition_valid", case, **args)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    for option in what_if.options:
        assert [(c.action, c.kind, c.new["role"]) for c in option.changes] == [
            ("add", "positions", "standing_deputy")]
    assert check_counterfactuals("dieu2.composition_valid", case, {}, args,
                                 decision) == len(what_if.options)


def _no_settler_after_2009() -> Case:
    b = committee()
    b._add("agencies", id="STC", name="Sở Tài chính", kind="finance")
    b.records["positions"] = [{**p, "end": "2009-12-31"} if p["person"] in (SD, HEAD) else p
                              for p in b.records["positions"]]
    return b.complete("settlements", "positions", "authorisations").build()


@pytest.mark.clause("dieu-12/doan-3")
def test_a_new_records_reference_is_chosen_from_the_nested_question() -> None:
    """Năm 2009 chưa quyết toán (hồ sơ quyết toán khai là đầy đủ), và từ 2010 không ai còn giữ
    chức vụ để quyết toán (Trưởng ban, Thường trực thôi giữ chức 31/12/2009): bản quyết toán
    mới cần người thực hiện có quyền vào ngày quyết toán (câu hỏi lồng authority.may_act trên
    hồ sơ đã thêm bản quyết toán); gợi ý thêm bản quyết toán và đổi chức vụ của chính người thực
    hiện để người đó có quyền vào ngày quyết toán.

    No settlement of 2009 (settlements complete), and from 2010 nobody holds a position that may
    settle: the new settlement's settler must may_act on its day, which only the nested
    question's own search on the changed case says (a second step lifting it); the suggestion
    adds the settlement and changes the settler's own position (one option at least) or adds
    one for the settler. Each option gives yes and is minimal."""
    case = _no_settler_after_2009()
    args = {"year": "2009"}
    decision = ask("dieu12.settlement_valid", case, **args)
    what_if = decision.what_if
    assert decision.outcome is Outcome.NO and what_if is not None and what_if.verdict == "found"
    own_position_changed = False
    for option in what_if.options:
        added = [c for c in option.changes if c.action == "add" and c.kind == "settlements"]
        assert len(added) == 1
        settler = added[0].new["settled_by"]
        others = [c for c in option.changes if c is not added[0]]
        assert others and all(c.kind == "positions" for c in others)
        # The settler's own position changed, or a position of the settler's added (the nested
        # may_act's own suggestion on the changed case).
        for c in others:
            if c.action == "add":
                assert c.new["person"] == settler
            else:
                index = int(c.path.removeprefix("positions[").rstrip("]"))
                assert case.positions[index].person == settler
                own_position_changed = True
    assert own_position_changed
    assert check_counterfactuals("dieu12.settlement_valid", case, {}, args,
                                 decision) == len(what_if.options)


def test_nested_second_steps_do_not_depend_on_record_order() -> None:
    """Bước hai lấy từ câu hỏi lồng không phụ thuộc thứ tự bản ghi. A second step lifted from a
    nested answer gives the same suggestions whatever the order of the case's records."""
    test_new_kinds_of_change_do_not_depend_on_record_order(
        "dieu12.settlement_valid", _no_settler_after_2009, {"year": "2009"})


@pytest.mark.clause("dieu-12/doan-1")
def test_a_search_left_at_the_bound_is_made_once_more_within_wider_bounds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Một tìm kiếm dừng ở giới hạn mà chưa tìm được thì được làm lại một lần với giới hạn rộng
    hơn. A search that ends at its bound with nothing found is made once more, with one change
    more and more trials: an estimate failing on four conditions at once (appraised, approved,
    prepared, within its ceiling) needs six changes. Without the wider search (its factor set
    to 1 and no change more) the same decision stays at the bound."""
    # From the counterfactual sample (a generated 2028 committee), its other records left out:
    # DT53 appraised by the People's Committee, approved by Finance, not appraised on a day,
    # no preparer, no ceiling recorded.
    case = Case.from_json((Path(__file__).parent / "data" / "estimate_four_conditions.json")
                          .read_text(encoding="utf-8"))
    decision = ask("dieu12.estimate_valid", case, engine=OracleEngine(), estimate="DT53")
    assert decision.outcome is Outcome.NO and decision.what_if is not None
    assert decision.what_if.verdict == "found", decision.what_if.summary().en
    limits = dict(decision.what_if.limits)
    assert (limits["changes"], limits["trials"]) == (
        counterfactual.MAX_CHANGES + counterfactual.WIDER_CHANGES,
        counterfactual.MAX_TRIALS * counterfactual.WIDER_TRIALS)
    assert decision.what_if.trials > counterfactual.MAX_TRIALS  # the first search's, and more
    assert check_counterfactuals("dieu12.estimate_valid", case, {}, {"estimate": "DT53"},
                                 decision) > 0
    monkeypatch.setattr(counterfactual, "WIDER_CHANGES", 0)
    monkeypatch.setattr(counterfactual, "WIDER_TRIALS", 1)
    narrow = ask("dieu12.estimate_valid", case, engine=OracleEngine(), estimate="DT53")
    assert narrow.what_if is not None and narrow.what_if.verdict == "bound"
