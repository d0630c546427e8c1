"""Điều 3 (duties and powers): dieu3.within_powers for every kind of action of the documented
vocabulary, the acts reserved to others, the example committee, and the vocabulary table of the
module's docstring; every answer by durable_rules and by the oracle (``both``)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kgrules
from kgrules.case import Case
from kgrules.decision import Decision
from kgrules.facts import ActionKind
from kgrules.params import effective_date
from kgrules.rules import dieu3
from tests.builders import SD, CaseBuilder, both, check, committee, missing, reason

K1, K2, K3, K4, K5 = (f"dieu-3/khoan-{n}" for n in range(1, 6))
D4K3, D12, D13 = "dieu-4/khoan-3", "dieu-12/doan-1", "dieu-13/doan-1"
EFFECT = "qd/hieu-luc"
YES, NO, UNKNOWN, NA = "yes", "no", "unknown", "not_applicable"
WITHIN = "dieu3.within_powers"

#: What the regulation says of each kind: (outcome, clause, who holds a reserved power).
EXPECTED: dict[ActionKind, tuple[str, str, str]] = {
    ActionKind.BUILD_PLANS: (YES, K1, ""),
    ActionKind.DIRECT_AND_INSPECT: (YES, K2, ""),
    ActionKind.MONITOR_AND_REPORT: (YES, K2, ""),
    ActionKind.EVALUATE: (YES, K3, ""),
    ActionKind.PROPOSE_POLICIES: (YES, K3, ""),
    ActionKind.RECOMMEND_RULES: (YES, K3, ""),
    ActionKind.REQUISITION_STAFF: (YES, K4, ""),
    ActionKind.FORM_HELPER_TEAM: (YES, K4, ""),
    ActionKind.USE_EQUIPMENT: (YES, K5, ""),
    ActionKind.GUIDE_DEPARTMENTS: (YES, D4K3, ""),
    ActionKind.ISSUE_PROVINCIAL_RULES: (NO, K3, "Chairman of the UBND tỉnh"),
    ActionKind.ALLOCATE_BUDGET: (NO, D12, "the UBND tỉnh"),
    ActionKind.APPROVE_ESTIMATE: (NO, D12, "the UBND tỉnh"),
    ActionKind.APPRAISE_ESTIMATE: (NO, D12, "the Sở Tài chính"),
    ActionKind.AMEND_REGULATION: (NO, D13, "Chairman of the UBND tỉnh"),
    ActionKind.OTHER: (UNKNOWN, K1, ""),
}


def action(kind: ActionKind | str, on: str = "2009-05-20", b: CaseBuilder | None = None) -> Decision:
    b = (b or committee()).copy()
    b._add("actions", id="HD", kind=str(kind), date=on, actor=SD)
    return both(WITHIN, b.build(), action="HD")


def rule_of(kind: ActionKind) -> str:
    outcome = EXPECTED[kind][0]
    if outcome == YES:
        return kind.value
    return "not-classifiable" if outcome == UNKNOWN else f"reserved-{kind.value}"


@pytest.mark.clause("dieu-3/khoan-1", "dieu-3/khoan-2", "dieu-3/khoan-3", "dieu-3/khoan-4", "dieu-3/khoan-5",
                    "dieu-4/khoan-3")
@pytest.mark.parametrize("kind", [k for k, v in EXPECTED.items() if v[0] == YES])
def test_powers_of_the_committee(kind: ActionKind) -> None:
    clause = EXPECTED[kind][1]
    d = check(action(kind), YES, kind.value, clause)
    check(d, YES, "in-force")
    text = reason(d, kind.value).explanation
    assert "HD" in text.vi and "HD" in text.en
    assert ("nhiệm vụ" in text.vi) or ("quyền" in text.vi)


@pytest.mark.clause("dieu-3/khoan-3", "dieu-12/doan-1", "dieu-13/doan-1")
@pytest.mark.parametrize("kind", [k for k, v in EXPECTED.items() if v[0] == NO])
def test_powers_reserved_to_others(kind: ActionKind) -> None:
    _, clause, holder = EXPECTED[kind]
    d = check(action(kind), NO, f"reserved-{kind.value}", clause)
    text = reason(d, f"reserved-{kind.value}").explanation
    assert holder in text.en and "not of the committee" in text.en
    assert "không phải của Ban Chỉ đạo" in text.vi


@pytest.mark.clause("dieu-3/khoan-3")
def test_rules_are_recommended_not_issued() -> None:
    d = check(action(ActionKind.ISSUE_PROVINCIAL_RULES), NO, "reserved-issue_provincial_rules", K3)
    assert "only recommends" in reason(d, "reserved-issue_provincial_rules").explanation.en
    check(action(ActionKind.RECOMMEND_RULES), YES, "recommend_rules", K3)


@pytest.mark.clause("dieu-3/khoan-1", "dieu-3/khoan-2", "dieu-3/khoan-3", "dieu-3/khoan-4", "dieu-3/khoan-5")
def test_an_unnamed_kind_is_unknown() -> None:
    d = check(action(ActionKind.OTHER), UNKNOWN, "not-classifiable", K1)
    assert missing(d) == ["actions[].kind"]
    assert "ActionKind" in d.missing[0].need.en


@pytest.mark.clause("dieu-3/khoan-4", "qd/hieu-luc")
def test_before_the_regulation() -> None:
    d = check(action(ActionKind.FORM_HELPER_TEAM, "2008-06-22"), NA, "before-effect", EFFECT)
    assert d.missing == ()
    check(action(ActionKind.FORM_HELPER_TEAM, "2008-06-23"), YES, "form_helper_team", K4)
    # Before the regulation, even a reserved act is simply not governed by it.
    check(action(ActionKind.APPROVE_ESTIMATE, "2008-06-22"), NA, "before-effect")


@pytest.fixture(scope="module")
def example() -> Case:
    return kgrules.load_example()


@pytest.mark.clause("dieu-3/khoan-4", "dieu-12/doan-1", "qd/hieu-luc")
def test_example_actions(example: Case) -> None:
    # HD-01: the helper team formed on 20/6/2008, three days before the regulation took effect.
    check(both(WITHIN, example, action="HD-01"), NA, "before-effect", EFFECT)
    check(both(WITHIN, example, action="HD-02"), YES, "requisition_staff", K4)
    d = check(both(WITHIN, example, action="HD-03"), NO, "reserved-approve_estimate", D12)
    assert "UBND tỉnh" in reason(d, "reserved-approve_estimate").explanation.vi
    expected = {"HD-04": K5, "HD-05": D4K3, "HD-06": K2, "HD-07": K2, "HD-08": K3,
                "HD-09": K3, "HD-10": K1, "HD-11": K3}
    for action_id, clause in expected.items():
        kind = example.by_id("actions", action_id).record.kind
        check(both(WITHIN, example, action=action_id), YES, kind.value, clause)


@pytest.mark.clause("dieu-3/khoan-1", "dieu-3/khoan-2", "dieu-3/khoan-3", "dieu-3/khoan-4", "dieu-3/khoan-5",
                    "dieu-4/khoan-3", "dieu-12/doan-1", "dieu-13/doan-1")
def test_the_vocabulary_table_matches_the_rules() -> None:
    # Every kind of the vocabulary is declared once, with the clause its rule cites, and listed
    # in the module's docstring table with that clause.
    doc = dieu3.__doc__ or ""
    citation = {K1: "khoản 1 Điều 3", K2: "khoản 2 Điều 3", K3: "khoản 3 Điều 3",
                K4: "khoản 4 Điều 3", K5: "khoản 5 Điều 3", D4K3: "khoản 3 Điều 4",
                D12: "đoạn 1 Điều 12", D13: "đoạn 1 Điều 13"}
    question = kgrules.question(WITHIN)
    for kind, (outcome, clause, _) in EXPECTED.items():
        row = re.search(rf"^{kind.value}\s+(\S.*?)\s{{2,}}(\S.*)$", doc, re.MULTILINE)
        assert row, f"{kind.value} is not in the docstring table"
        if outcome == UNKNOWN:
            assert row.group(2).startswith("unknown")
            continue
        assert row.group(1) == citation[clause], kind
        assert row.group(2).startswith("allowed" if outcome == YES else "reserved to")
        assert question.rule(f"{WITHIN}/{rule_of(kind)}").clauses == (clause,)
    assert set(EXPECTED) == set(ActionKind)


@pytest.mark.clause("dieu-3/khoan-1", "dieu-3/khoan-2", "dieu-3/khoan-3", "dieu-3/khoan-4", "dieu-3/khoan-5",
                    "dieu-4/khoan-3", "dieu-12/doan-1", "dieu-13/doan-1")
@given(kind=st.sampled_from(list(ActionKind)),
       on=st.dates(dt.date(2008, 1, 1), dt.date(2030, 12, 31)))
def test_within_powers_property(kind: ActionKind, on: dt.date) -> None:
    """Từ ngày Quy chế có hiệu lực, một việc thuộc nhiệm vụ, quyền hạn của Ban Chỉ đạo khi và chỉ
    khi loại việc được Điều 3 (hoặc khoản 3 Điều 4) giao cho Ban; việc thuộc thẩm quyền của cơ quan
    khác luôn là "không"; việc không gọi tên được là "chưa xác định"; trước ngày đó, không áp dụng.
    Ngày thực hiện không làm thay đổi kết luận.

    From the day the regulation took effect, an action is within the committee's powers exactly
    when Article 3 (or Article 4(3)) gives its kind to the committee; a power of another body is
    always "no"; a kind the vocabulary does not name is "unknown"; before that day, not
    applicable. The date never changes the answer otherwise.
    """
    d = action(kind, on.isoformat())
    if on < effective_date():
        assert d.outcome.value == NA
    else:
        assert d.outcome.value == EXPECTED[kind][0]
        assert EXPECTED[kind][1] in reason(d, rule_of(kind)).clauses
