"""Điều 12 (budget and spending): every question of rules/dieu12.py, condition by condition.

Each question has a "yes" case and each of its conditions failing alone (``no``, or ``unknown``
when the fact is absent); the boundaries (the estimate reached to the đồng, the same day, the
first day of the next year); both readings of interpretation point 7 (who is the Standing
office); the counting of earlier payments (identical records are two payments; the order of
the records in the file never matters; same-day payments whose order decides make the answer
unknown); the example committee; and hypothesis properties. Every answer is computed by
durable_rules and by the oracle, which must agree (``both``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kgrules
from kgrules.case import Case
from kgrules.decision import Decision, Outcome
from kgrules.docs_gen import spending_table
from kgrules.facts import SpendingCategory
from tests.builders import HEAD, M1, SD, CaseBuilder, both, check, committee, missing, reason, used

D1, D2, D3 = (f"dieu-12/doan-{n}" for n in range(1, 4))
K22, EFFECT = "dieu-2/khoan-2", "qd/hieu-luc"
YES, NO, UNKNOWN, NA = "yes", "no", "unknown", "not_applicable"
ESTIMATE, EXPENSE, SETTLE = "dieu12.estimate_valid", "dieu12.expense_authorised", "dieu12.settlement_valid"
WIDE = {"standing_office": "standing_deputy_or_agency_head"}
DIR = "DIR"  # the director of the Sở TT&TT, not the Standing Deputy
MILLION = 1_000_000
DOCS = Path(__file__).resolve().parents[2] / "docs"


def dieu12() -> ModuleType:
    """The rule module, imported only once the catalogue has loaded every module in the order of
    the text (importing it first would register its questions first)."""
    kgrules.questions()
    import kgrules.rules.dieu12 as module

    return module


def add(b: CaseBuilder, kind: str, /, **fields: Any) -> CaseBuilder:
    """Append a record of ``kind`` (a key of the case) with the non-None fields."""
    b.records[kind].append({k: v for k, v in fields.items() if v is not None})
    return b


def change(b: CaseBuilder, kind: str, match: dict[str, Any], /, **fields: Any) -> CaseBuilder:
    for record in b.records[kind]:
        if all(record.get(k) == v for k, v in match.items()):
            for k, v in fields.items():
                if v is None:
                    record.pop(k, None)
                else:
                    record[k] = v
    return b


def plain(text: str) -> str:
    """``text`` without digit-group separators (English amounts: "1,000" or "1.000")."""
    return re.sub(r"(?<=\d)[.,](?=\d{3})", "", text)


def readings(**chosen: str) -> dict[str, Any]:
    return {"interpretations": chosen}


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def budget(amount: int = 100 * MILLION, **estimate: Any) -> CaseBuilder:
    """The committee of tests/builders.py, the agencies of Điều 12 (the Sở TT&TT, the Department
    of Finance, the Provincial People's Committee of Kiên Giang until 30/6/2025 and of An Giang
    after it, the Office of the PPC), the director of the Sở TT&TT, and the estimate E for 2009:
    prepared by the Standing Deputy on 20/11/2008, appraised on 10/12/2008, approved on
    25/12/2008, within a ceiling of 3 billion đồng."""
    b = committee("2008-07-01").person(DIR, "Trịnh Văn Sở")
    add(b, "agencies", id="STTTT", name="Sở Thông tin và Truyền thông",
        kind="standing_agency", end="2025-02-28")
    add(b, "agencies", id="STC", name="Sở Tài chính tỉnh Kiên Giang", kind="finance",
        end="2025-06-30")
    add(b, "agencies", id="STC-AG", name="Sở Tài chính tỉnh An Giang", kind="finance",
        start="2025-07-01")
    add(b, "agencies", id="UBND", name="UBND tỉnh Kiên Giang", kind="ppc", end="2025-06-30",
        successor="UBND-AG")
    add(b, "agencies", id="UBND-AG", name="UBND tỉnh An Giang", kind="ppc", start="2025-07-01")
    add(b, "agencies", id="VP", name="Văn phòng UBND tỉnh", kind="ppc_office")
    add(b, "agencies", id="SNV", name="Sở Nội vụ", kind="department")
    add(b, "offices", person=DIR, kind="agency_head", agency="STTTT", start="2008-01-01")
    fields = {"id": "E", "year": 2009, "amount": amount, "prepared_by": SD,
              "prepared_on": "2008-11-20", "appraised_by": "STC", "appraised_on": "2008-12-10",
              "approved_by": "UBND", "approved_on": "2008-12-25", "dic_ceiling": 3000 * MILLION}
    fields.update(estimate)
    return add(b, "estimates", **fields)


# =================================================================================================
# đoạn 1: the estimate
# =================================================================================================


def estimate(b: CaseBuilder, **kw: Any) -> Decision:
    return both(ESTIMATE, b.build(), estimate="E", **kw)


@pytest.mark.clause("dieu-12/doan-1")
def test_estimate_yes() -> None:
    d = check(estimate(budget()), YES, "prepared-standing-deputy", D1)
    for rule in ("appraised", "approved", "within-ceiling"):
        check(d, YES, rule, D1)
    assert "10/12/2008" in reason(d, "appraised").explanation.vi
    assert "100.000.000 đồng" in reason(d, "within-ceiling").explanation.vi
    assert "3000000000 VND" in plain(reason(d, "within-ceiling").explanation.en)
    assert used(d) == {"standing_office": ("standing_deputy", True)}


@pytest.mark.clause("dieu-12/doan-1", "dieu-2/khoan-2")
def test_estimate_preparer_under_each_reading() -> None:
    d = check(estimate(budget(prepared_by=M1)), NO, "preparer-not-standing-office", D1)
    assert "M1" in reason(d, "preparer-not-standing-office").explanation.en
    b = budget(prepared_by=DIR)
    # Who was the Standing office that day is authority.may_act's answer (issue 12, item 4):
    # the director holds no recorded committee position, and positions are not declared
    # complete, so he may be the Standing Deputy: unknown; declared complete: no.
    d = check(estimate(b.copy()), UNKNOWN, "preparer-authority-unknown", D1)
    assert missing(d) == ["authority.may_act"]
    assert used(d) == {"standing_office": ("standing_deputy", True)}
    d = check(estimate(b.copy().complete("positions")), NO, "preparer-not-standing-office")
    assert used(d) == {"standing_office": ("standing_deputy", True)}
    d = check(estimate(b, **readings(**WIDE)), YES, "prepared-standing-agency-head", K22)
    assert used(d) == {"standing_office": ("standing_deputy_or_agency_head", False)}


@pytest.mark.clause("dieu-12/doan-1")
def test_estimate_preparation_unknown() -> None:
    d = check(estimate(budget(prepared_by=None)), UNKNOWN, "preparer-unknown", D1)
    assert missing(d) == ["estimates[].prepared_by"]
    d = check(estimate(budget(prepared_on=None)), UNKNOWN, "preparation-date-unknown", D1)
    # The appraisal cannot be ordered after an unknown preparation either (the same fact,
    # missing for two conditions).
    assert set(missing(d)) == {"estimates[].prepared_on"}
    assert {m.condition for m in d.missing} == {"prepared", "appraised"}
    check(d, UNKNOWN, "appraisal-order-unknown", D1)


@pytest.mark.clause("dieu-12/doan-1")
def test_estimate_appraisal() -> None:
    check(estimate(budget(appraised_by="SNV")), NO, "appraiser-not-finance", D1)
    check(estimate(budget(appraised_by="VP")), NO, "appraiser-not-finance")
    check(estimate(budget(appraised_on="2008-11-19")), NO, "appraised-before-preparation", D1)
    check(estimate(budget(appraised_on="2008-11-20")), YES, "appraised")  # the same day
    d = check(estimate(budget(appraised_by=None, appraised_on=None)), UNKNOWN,
              "appraiser-unknown", D1)
    assert "estimates[].appraised_by, appraised_on" in missing(d)
    d = check(estimate(budget(appraised_on=None)), UNKNOWN, "appraisal-date-unknown", D1)
    check(d, UNKNOWN, "approval-order-unknown", D1)


@pytest.mark.clause("dieu-12/doan-1")
def test_estimate_approval() -> None:
    check(estimate(budget(approved_by="VP")), NO, "approver-not-ppc", D1)
    check(estimate(budget(approved_by="STC")), NO, "approver-not-ppc")
    check(estimate(budget(approved_on="2008-12-09")), NO, "approved-before-appraisal", D1)
    check(estimate(budget(approved_on="2008-12-10")), YES, "approved")  # the same day
    d = check(estimate(budget(approved_by=None, approved_on=None)), UNKNOWN, "approver-unknown",
              D1)
    assert missing(d) == ["estimates[].approved_by, approved_on"]
    d = check(estimate(budget(approved_on=None)), UNKNOWN, "approval-date-unknown", D1)
    assert missing(d) == ["estimates[].approved_on"]


@pytest.mark.clause("dieu-12/doan-1")
def test_estimate_agencies_in_existence() -> None:
    # After the merger of the provinces (1/7/2025), the UBND of An Giang approves.
    b = budget(year=2026, prepared_on="2025-07-10", appraised_by="STC-AG",
               appraised_on="2025-08-01", approved_by="UBND-AG", approved_on="2025-09-01")
    check(estimate(b), YES, "approved")
    b = budget(year=2026, prepared_on="2025-07-10", appraised_by="STC-AG",
               appraised_on="2025-08-01", approved_by="UBND", approved_on="2025-09-01")
    d = check(estimate(b), NO, "approver-dissolved", D1)
    assert "no longer existed" in reason(d, "approver-dissolved").explanation.en
    b = budget(year=2026, prepared_on="2025-07-10", appraised_on="2025-08-01",
               approved_by="UBND-AG", approved_on="2025-09-01")
    check(estimate(b), NO, "appraiser-dissolved", D1)
    b = budget(approved_by="UBND-AG")
    check(estimate(b), NO, "approver-not-yet", D1)
    check(estimate(budget(appraised_by="STC-AG")), NO, "appraiser-not-yet", D1)


@pytest.mark.clause("dieu-12/doan-1")
def test_estimate_ceiling() -> None:
    check(estimate(budget(dic_ceiling=100 * MILLION)), YES, "within-ceiling")  # exactly
    d = check(estimate(budget(dic_ceiling=100 * MILLION - 1)), NO, "over-ceiling", D1)
    assert "99.999.999 đồng" in reason(d, "over-ceiling").explanation.vi
    d = check(estimate(budget(dic_ceiling=None)), UNKNOWN, "ceiling-unknown", D1)
    assert missing(d) == ["estimates[].dic_ceiling"]


@pytest.mark.clause("dieu-12/doan-1", "qd/hieu-luc")
def test_estimate_each_defect_is_a_reason_and_before_effect() -> None:
    d = check(estimate(budget(prepared_by=M1, appraised_by="SNV", approved_by="VP",
                              dic_ceiling=1)), NO)
    decisive = {r.rule.split("/")[1] for r in d.reasons if r.decisive}
    assert decisive == {"preparer-not-standing-office", "appraiser-not-finance",
                        "approver-not-ppc", "over-ceiling"}
    b = budget(year=2008, prepared_on="2008-05-10", appraised_on="2008-05-20",
               approved_on="2008-05-30")
    check(estimate(b), NA, "before-effect", EFFECT)


# =================================================================================================
# đoạn 1–3: an expenditure
# =================================================================================================


def spend(b: CaseBuilder, id: str | None = "X", amount: int = 10 * MILLION,
          date: str = "2009-03-26", *, estimate: str | None = "E", by: str | None = SD,
          line: str = "dic_operational", purpose: str = "committee",
          category: str = "meetings") -> CaseBuilder:
    return add(b, "expenditures", id=id, estimate=estimate, amount=amount, date=date,
               decided_by=by, budget_line=line, purpose=purpose, category=category)


def expense(b: CaseBuilder, id: str = "X", **kw: Any) -> Decision:
    return both(EXPENSE, b.build(), expenditure=id, **kw)


def limit(b: CaseBuilder, category: str = "meetings", *, per_item: int | None = None,
          per_year: int | None = None, id: str = "DM") -> CaseBuilder:
    return add(b, "spending_limits", id=id, category=category, per_item=per_item,
               per_year=per_year, source="Định mức thử / test limit")


@pytest.mark.clause("dieu-12/doan-1", "dieu-12/doan-2", "dieu-12/doan-3")
def test_expense_yes() -> None:
    d = check(expense(spend(budget())), YES, "decided-standing-deputy", D3)
    for rule, clause in (("purpose-committee", D1), ("operational-budget", D1),
                         ("estimate-approved", D1), ("within-estimate", D3),
                         ("content-allowed", D2), ("no-limit-supplied", D2)):
        check(d, YES, rule, clause)
    text = reason(d, "within-estimate").explanation.vi
    assert money(0) in text and money(10 * MILLION) in text and money(100 * MILLION) in text
    # No statutory rate found for meetings: the decision says so rather than inventing one.
    assert "no maximum rate" in reason(d, "no-limit-supplied").explanation.en
    assert "không tìm thấy mức chi tối đa" in reason(d, "content-allowed").explanation.vi
    assert used(d) == {"standing_office": ("standing_deputy", True)}
    check(expense(spend(budget(), purpose="helper_team")), YES, "purpose-helper_team")


@pytest.mark.clause("dieu-12/doan-3", "dieu-2/khoan-2")
def test_expense_decided_by() -> None:
    d = check(expense(spend(budget(), by=HEAD)), NO, "decided-by-other", D3)
    assert "decided by Nguyễn Văn An (H)," in reason(d, "decided-by-other").explanation.en
    check(expense(spend(budget(), by=M1)), NO, "decided-by-other")
    d = check(expense(spend(budget(), by=None)), UNKNOWN, "decider-unknown", D3)
    assert missing(d) == ["expenditures[].decided_by"]
    b = spend(budget(), by=DIR)
    # authority.may_act decides (issue 12, item 4): unknown while positions are open.
    d = check(expense(b.copy()), UNKNOWN, "decider-authority-unknown", D3)
    assert missing(d) == ["authority.may_act"]
    d = check(expense(b.copy().complete("positions")), NO, "decided-by-other")
    assert used(d) == {"standing_office": ("standing_deputy", True)}
    d = check(expense(b, **readings(**WIDE)), YES, "decided-standing-agency-head", K22)
    assert used(d) == {"standing_office": ("standing_deputy_or_agency_head", False)}
    # The Standing Deputy whose position ended before the payment.
    b = change(spend(budget()), "positions", {"person": SD}, end="2009-03-25")
    check(expense(b.copy()), UNKNOWN, "decider-authority-unknown")
    check(expense(b.complete("positions")), NO, "decided-by-other")


@pytest.mark.clause("dieu-12/doan-1", "dieu-12/doan-3")
def test_expense_purpose_and_budget() -> None:
    check(expense(spend(budget(), purpose="other")), NO, "purpose-other", D3)
    check(expense(spend(budget(), line="other")), NO, "other-budget", D1)


@pytest.mark.clause("dieu-12/doan-1")
def test_expense_estimate_approval() -> None:
    d = check(expense(spend(budget(), estimate=None)), NO, "no-estimate", D1)
    check(d, NO, "no-estimate-to-count", D1)
    check(expense(spend(budget(), date="2010-01-05")), NO, "estimate-other-year", D1)
    check(expense(spend(budget(), date="2008-12-24")), NO, "approved-after", D1)
    check(expense(spend(budget(), date="2008-12-25")), NO, "estimate-other-year")
    b = budget(year=2008)
    # Approved on the day of the expenditure: in time, and the reason says "the same day", not
    # "before" it (review read2: the one rule used to say "trước ngày chi" for both).
    d = check(expense(spend(b.copy(), date="2008-12-25")), YES, "estimate-approved-same-day", D1)
    assert "cùng ngày chi" in reason(d, "estimate-approved-same-day").explanation.vi
    assert "the day of the expenditure" in reason(d, "estimate-approved-same-day").explanation.en
    assert "estimate-approved" not in {r.rule.split("/")[1] for r in d.reasons}
    d = check(expense(spend(b.copy(), date="2008-12-26")), YES, "estimate-approved", D1)
    assert "trước ngày chi" in reason(d, "estimate-approved").explanation.vi
    check(expense(spend(b, date="2008-12-24")), NO, "approved-after")
    check(expense(spend(budget(approved_by="VP"))), NO, "approver-not-ppc", D1)
    d = check(expense(spend(budget(approved_by=None, approved_on=None))), UNKNOWN,
              "approval-unknown", D1)
    assert missing(d) == ["estimates[].approved_by, approved_on"]
    d = check(expense(spend(budget(approved_on=None))), UNKNOWN, "approval-date-unknown", D1)
    assert missing(d) == ["estimates[].approved_on"]
    # Approved by the UBND of Kiên Giang after it ceased (1/7/2025).
    b = budget(year=2025, approved_on="2025-07-02", appraised_on="2025-06-01",
               prepared_on="2025-05-01", appraised_by="STC")
    check(expense(spend(b, date="2025-08-01")), NO, "approver-dissolved", D1)


@pytest.mark.clause("dieu-12/doan-1", "dieu-12/doan-3")
def test_expense_running_total() -> None:
    b = budget(amount=30 * MILLION)
    spend(b, "A", 12 * MILLION, "2009-01-10")
    spend(b, "B", 8 * MILLION, "2009-02-10")
    # Exactly the estimate: 12 + 8 + 10 = 30 million.
    d = check(expense(spend(b.copy(), "X", 10 * MILLION)), YES, "within-estimate", D3)
    assert money(20 * MILLION) in reason(d, "within-estimate").explanation.vi
    # One đồng more is over.
    d = check(expense(spend(b.copy(), "X", 10 * MILLION + 1)), NO, "over-estimate", D3)
    assert money(30 * MILLION + 1) in reason(d, "over-estimate").explanation.vi
    # Later payments do not count.
    check(expense(spend(b.copy(), "X", 10 * MILLION, "2009-01-05")), YES, "within-estimate")
    # Payments charged to another estimate, or to none, do not count.
    other = add(b.copy(), "estimates", id="E2", year=2009, amount=MILLION)
    spend(other, "C", 50 * MILLION, "2009-01-11", estimate="E2")
    spend(other, "D", 50 * MILLION, "2009-01-12", estimate=None)
    check(expense(spend(other, "X", 10 * MILLION)), YES, "within-estimate")


@pytest.mark.clause("dieu-12/doan-1", "dieu-12/doan-3")
def test_expense_identical_payments_count_twice() -> None:
    b = budget(amount=30 * MILLION)
    for _ in range(2):  # two records identical in every field, ids included (none)
        spend(b, None, 10 * MILLION, "2009-02-10")
    check(expense(spend(b.copy(), "X", 10 * MILLION)), YES, "within-estimate")
    d = check(expense(spend(b.copy(), "X", 10 * MILLION + 1)), NO, "over-estimate")
    assert money(20 * MILLION) in reason(d, "over-estimate").explanation.vi


@pytest.mark.clause("dieu-12/doan-1", "dieu-12/doan-3")
def test_expense_same_day_payments() -> None:
    b = budget(amount=30 * MILLION)
    spend(b, "A", 15 * MILLION, "2009-03-26")
    # X (10) and A (15) on the same day: 25 in any order, within 30.
    check(expense(spend(b.copy(), "X", 10 * MILLION)), YES, "within-estimate")
    # X (20): alone within 30, after A 35 over: the order of the day decides.
    d = check(expense(spend(b.copy(), "X", 20 * MILLION)), UNKNOWN, "same-day-order-estimate",
              D1)
    assert missing(d) == ["expenditures[].date (thứ tự chi trong ngày / order within the day)"]
    text = plain(reason(d, "same-day-order-estimate").explanation.en)
    assert "20000000 VND" in text and "35000000 VND" in text
    # The order of the records in the file does not matter: X first, then A.
    b2 = spend(budget(amount=30 * MILLION), "X", 20 * MILLION, "2009-03-26")
    spend(b2, "A", 15 * MILLION, "2009-03-26")
    check(expense(b2), UNKNOWN, "same-day-order-estimate")
    # X (31): over even alone.
    check(expense(spend(b.copy(), "X", 31 * MILLION)), NO, "over-estimate")
    # An earlier day's payment takes the total over whatever the order.
    b3 = spend(budget(amount=30 * MILLION), "A", 15 * MILLION, "2009-03-25")
    check(expense(spend(b3, "X", 20 * MILLION)), NO, "over-estimate")


@pytest.mark.clause("dieu-12/doan-2")
def test_expense_contents() -> None:
    # Issue 12, item 8, point 12 (unlisted_content): hospitality is listed by none of the named
    # texts, but "các văn bản quy định khác có liên quan của Nhà nước" may allow it.
    d = check(expense(spend(budget(), category="entertainment")), UNKNOWN, "content-not-listed", D2)
    assert used(d)["unlisted_content"] == ("other_texts_may_allow", True)
    assert missing(d) == ["expenditures[].category"]
    d = check(expense(spend(budget(), category="entertainment"),
                      interpretations={"unlisted_content": "not_allowed"}),
              NO, "content-not-allowed", D2)
    assert "hospitality" in reason(d, "content-not-allowed").explanation.en
    assert used(d)["unlisted_content"] == ("not_allowed", False)
    d = check(expense(spend(budget(), category="other")), UNKNOWN, "content-unidentified", D2)
    assert missing(d) == ["expenditures[].category"]
    for category, content in dieu12().CONTENTS.items():
        if content.allowed != "yes":
            continue
        d = check(expense(spend(budget(), category=category.value)), YES, "content-allowed", D2)
        text = reason(d, "content-allowed").explanation
        assert content.label.vi in text.vi and content.basis.en in text.en
    # Where the sources give rates, the reason quotes them (and says they are not applied).
    d = expense(spend(budget(), category="research_report"))
    text = reason(d, "content-allowed").explanation
    assert "30 million" in text.en and "44/2007" in text.en and "not applied" in text.en
    assert "năm 2008" in text.vi  # the misprinted year of the TTLT 44/2007 is noted


@pytest.mark.clause("dieu-12/doan-2")
def test_expense_per_item_limit() -> None:
    b = limit(budget(), per_item=10 * MILLION)
    d = check(expense(spend(b.copy(), amount=10 * MILLION)), YES, "within-limits", D2)
    assert "DM" in reason(d, "within-limits").explanation.en
    d = check(expense(spend(b.copy(), amount=10 * MILLION + 1)), NO, "over-per-item", D2)
    assert "test limit" in reason(d, "over-per-item").explanation.en
    # A limit of another category does not apply.
    check(expense(spend(b, amount=20 * MILLION, category="travel")), YES, "no-limit-supplied")


@pytest.mark.clause("dieu-12/doan-2")
def test_expense_per_year_limit() -> None:
    b = limit(budget(), per_year=25 * MILLION)
    spend(b, "A", 10 * MILLION, "2009-01-10")
    spend(b, "T", 50 * MILLION, "2009-01-11", category="travel")  # another category
    spend(b, "P", 50 * MILLION, "2008-12-30", estimate=None)  # another year
    check(expense(spend(b.copy(), "X", 15 * MILLION)), YES, "within-limits")
    d = check(expense(spend(b.copy(), "X", 15 * MILLION + 1)), NO, "over-per-year", D2)
    assert money(25 * MILLION + 1) in reason(d, "over-per-year").explanation.vi
    # A same-day payment of the category: its order decides.
    spend(b, "S", 5 * MILLION, "2009-03-26")
    d = check(expense(spend(b.copy(), "X", 15 * MILLION)), UNKNOWN, "same-day-order-limit", D2)
    assert missing(d) == ["expenditures[].date (thứ tự chi trong ngày / order within the day)"]
    check(expense(spend(b.copy(), "X", 10 * MILLION)), YES, "within-limits")


@pytest.mark.clause("dieu-12/doan-2")
def test_expense_several_limits() -> None:
    b = limit(limit(budget(), per_item=12 * MILLION, id="L1"), per_year=50 * MILLION, id="L2")
    d = check(expense(spend(b.copy())), YES, "within-limits")
    assert "L1, L2" in reason(d, "within-limits").explanation.en
    d = check(expense(spend(b.copy(), amount=13 * MILLION)), NO, "over-per-item")
    assert "L1" in reason(d, "over-per-item").explanation.en


@pytest.mark.clause("dieu-12/doan-1", "dieu-12/doan-2", "dieu-12/doan-3", "qd/hieu-luc")
def test_expense_every_defect_and_before_effect() -> None:
    b = spend(budget(), by=M1, purpose="other", line="other", estimate=None,
              category="entertainment")
    d = check(expense(b), NO)
    decisive = {r.rule.split("/")[1] for r in d.reasons if r.decisive}
    assert decisive == {"decided-by-other", "purpose-other", "other-budget", "no-estimate",
                        "no-estimate-to-count"}  # the content is unknown by default (point 12)
    check(expense(spend(budget(), date="2008-06-20", estimate=None)), NA, "before-effect",
          EFFECT)


# =================================================================================================
# đoạn 3: the year's settlement
# =================================================================================================


def settle(b: CaseBuilder, year: str = "2009", **kw: Any) -> Decision:
    return both(SETTLE, b.build(), year=year, **kw)


def settled(b: CaseBuilder, id: str = "QT", *, by: str | None = SD, with_: str | None = "STC",
            on: str | None = "2010-03-15", year: int = 2009) -> CaseBuilder:
    return add(b, "settlements", id=id, year=year, settled_by=by, settled_with=with_,
               settled_on=on)


@pytest.mark.clause("dieu-12/doan-3")
def test_settlement_yes() -> None:
    d = check(settle(settled(budget())), YES, "settled-standing-deputy", D3)
    text = reason(d, "settled-standing-deputy").explanation
    assert "15/03/2010" in text.vi and "Sở Tài chính tỉnh Kiên Giang" in text.vi
    assert used(d) == {"standing_office": ("standing_deputy", True)}


@pytest.mark.clause("dieu-12/doan-3")
@pytest.mark.parametrize(("on", "outcome"), [("2009-12-31", NO), ("2010-01-01", YES),
                                             ("2009-06-30", NO)])
def test_settlement_after_the_year(on: str, outcome: str) -> None:
    d = check(settle(settled(budget(), on=on)), outcome)
    if outcome == NO:
        check(d, NO, "within-year", D3)


@pytest.mark.clause("dieu-12/doan-3", "dieu-2/khoan-2")
def test_settlement_by_and_with() -> None:
    check(settle(settled(budget(), with_="SNV")), NO, "not-finance", D3)
    check(settle(settled(budget(), by=M1)), NO, "not-standing-office", D3)
    b = settled(budget(), by=DIR)
    # Who was the Standing office is authority.may_act's answer about settle_accounts (issue 12,
    # item 4): the director holds no committee position on record that day, and positions are
    # not declared complete, so he may be the Standing Deputy: unknown, not no (item 3).
    d = check(settle(b.copy()), UNKNOWN, "settler-authority-unknown", D3)
    assert missing(d) == ["authority.may_act"]
    check(settle(b.copy().complete("positions")), NO, "not-standing-office")
    d = check(settle(b, **readings(**WIDE)), YES, "settled-standing-agency-head", K22)
    assert used(d) == {"standing_office": ("standing_deputy_or_agency_head", False)}
    # The Department of Finance of Kiên Giang ceased on 30/6/2025; its successor settles.
    check(settle(settled(budget(), on="2025-08-01", year=2024), "2024"), NO,
          "finance-dissolved", D3)
    check(settle(settled(budget(), with_="STC-AG", on="2025-08-01", year=2024), "2024"), YES,
          "settled-standing-deputy")


@pytest.mark.clause("dieu-12/doan-3")
def test_settlement_missing_facts() -> None:
    d = check(settle(settled(budget(), with_=None)), UNKNOWN, "counterpart-unknown-standing-deputy",
              D3)
    assert missing(d) == ["settlements[].settled_with"]
    d = check(settle(settled(budget(), by=None)), UNKNOWN, "settler-unknown", D3)
    assert missing(d) == ["settlements[].settled_by"]
    d = check(settle(settled(budget(), on=None)), UNKNOWN, "date-unknown", D3)
    assert missing(d) == ["settlements[].settled_on"]
    check(settle(settled(budget(), on=None, with_=None)), UNKNOWN,
          "date-unknown-counterpart-unknown")
    check(settle(settled(budget(), by=None, with_=None)), UNKNOWN,
          "settler-unknown-counterpart-unknown")
    # A definite defect beside a missing fact: no.
    check(settle(settled(budget(), on=None, with_="SNV")), NO, "not-finance")
    check(settle(settled(budget(), by=M1, with_=None)), NO,
          "not-standing-office-counterpart-unknown")


@pytest.mark.clause("dieu-12/doan-3")
def test_settlement_none_or_several() -> None:
    d = check(settle(budget()), UNKNOWN, "none-known", D3)
    assert missing(d) == ["settlements"]
    check(settle(budget().complete("settlements")), NO, "none", D3)
    # A settlement of another year does not count.
    check(settle(settled(budget(), year=2010, on="2011-02-01").complete("settlements")), NO,
          "none")
    # One defective settlement and one valid: yes.
    b = settled(settled(budget(), "QT1", by=M1), "QT2")
    check(settle(b), YES, "settled-standing-deputy")
    # One defective and one whose date is missing: still open.
    b = settled(settled(budget(), "QT1", by=M1), "QT2", on=None)
    check(settle(b), UNKNOWN, "date-unknown")


@pytest.mark.clause("qd/hieu-luc")
def test_settlement_before_the_regulation() -> None:
    check(settle(budget(), "2007"), NA, "before-effect", EFFECT)
    check(settle(budget().complete("settlements"), "2007"), NA, "before-effect")


# =================================================================================================
# The example committee (kgrules/data/examples/committee-2009.json)
# =================================================================================================


@pytest.fixture(scope="module")
def example() -> Case:
    return kgrules.load_example()


@pytest.mark.clause("dieu-12/doan-1", "dieu-12/doan-3")
def test_example_estimate_and_settlement(example: Case) -> None:
    check(both(ESTIMATE, example, estimate="DT-2009"), YES, "approved", D1)
    check(both(SETTLE, example, year="2009"), YES, "settled-standing-deputy", D3)
    check(both(SETTLE, example, year="2010"), NO, "none")  # settlements declared complete


@pytest.mark.clause("dieu-12/doan-1", "dieu-12/doan-2", "dieu-12/doan-3")
def test_example_expenditures(example: Case) -> None:
    for id in ("CHI-01", "CHI-02", "CHI-03", "CHI-04", "CHI-05", "CHI-06", "CHI-08", "CHI-09",
               "CHI-10", "CHI-14"):
        check(both(EXPENSE, example, expenditure=id), YES)
    # CHI-09: 30 million for a thematic report, exactly the limit DM-01.
    check(both(EXPENSE, example, expenditure="CHI-09"), YES, "within-limits", D2)
    # CHI-11: 60 million for consultants, over DM-02's 50 million per item.
    d = check(both(EXPENSE, example, expenditure="CHI-11"), NO, "over-per-item", D2)
    assert "DM-02" in reason(d, "over-per-item").explanation.en
    # CHI-14: the two identical printing payments of 10/11/2009 both count.
    d = both(EXPENSE, example, expenditure="CHI-14")
    assert money(212_100_000) in reason(d, "within-estimate").explanation.vi
    # CHI-15: 230.1 million spent before, 45 million more exceeds the 250 million estimate.
    d = check(both(EXPENSE, example, expenditure="CHI-15"), NO, "over-estimate", D1)
    assert money(275_100_000) in reason(d, "over-estimate").explanation.vi
    # CHI-07: hospitality decided by the Head, from another budget, charged to no estimate.
    d = check(both(EXPENSE, example, expenditure="CHI-07"), NO, "decided-by-other", D3)
    decisive = {r.rule.split("/")[1] for r in d.reasons if r.decisive}
    assert {"purpose-other", "other-budget", "no-estimate"} <= decisive


# =================================================================================================
# docs/spending.md
# =================================================================================================


def test_spending_doc_lists_the_contents() -> None:
    page = (DOCS / "spending.md").read_text(encoding="utf-8")
    module = dieu12()
    assert spending_table() in page, "regenerate the table: kgrules.docs_gen.spending_table()"
    assert set(module.CONTENTS) == set(SpendingCategory)


# =================================================================================================
# Properties
# =================================================================================================

YEAR_START = dt.date(2009, 1, 1)
PAYMENT = st.tuples(st.integers(0, 40), st.integers(1, 60).map(lambda m: m * MILLION // 2))
RANK = {Outcome.NO: 0, Outcome.UNKNOWN: 1, Outcome.YES: 2}


def ledger(estimate_amount: int, payments: list[tuple[int, int]]) -> CaseBuilder:
    """The estimate E of 2009 and one valid payment P<i> per (day of the year, amount)."""
    b = budget(amount=estimate_amount)
    for i, (offset, amount) in enumerate(payments):
        spend(b, f"P{i}", amount, (YEAR_START + dt.timedelta(days=offset)).isoformat())
    return b


def spent_up_to(payments: list[tuple[int, int]], day: int) -> int:
    return sum(amount for offset, amount in payments if offset <= day)


@pytest.mark.clause("dieu-12/doan-1", "dieu-12/doan-3")
@given(amount=st.integers(0, 200).map(lambda m: m * MILLION // 2),
       payments=st.lists(PAYMENT, min_size=1, max_size=8))
def test_property_never_above_the_estimate(amount: int, payments: list[tuple[int, int]]) -> None:
    """Không khoản chi nào được chấp thuận (CÓ) nếu tổng đã chi từ dự toán, tính cả khoản đó và
    mọi khoản chi cùng ngày, vượt số dự toán được duyệt; và khoản chi nào mà ngay cả khi không
    tính các khoản cùng ngày tổng vẫn vượt thì bị bác (KHÔNG).

    No expenditure is ever authorised (yes) when the total spent on the estimate, counting it
    and every payment of the same day, exceeds the approved estimate; and one that exceeds it
    even without the same-day payments is refused (no).
    """
    case = ledger(amount, payments).build()
    for i, (offset, pay) in enumerate(payments):
        d = both(EXPENSE, case, expenditure=f"P{i}")
        before = spent_up_to(payments, offset - 1)
        if d.outcome is Outcome.YES:
            assert spent_up_to(payments, offset) <= amount
        if before + pay > amount:
            assert d.outcome is Outcome.NO


@pytest.mark.clause("dieu-12/doan-1", "dieu-12/doan-3")
@given(amount=st.integers(0, 200).map(lambda m: m * MILLION // 2),
       payments=st.lists(PAYMENT, min_size=1, max_size=6), extra=PAYMENT,
       target=st.integers(0, 5))
def test_property_an_earlier_payment_never_helps(
    amount: int, payments: list[tuple[int, int]], extra: tuple[int, int], target: int
) -> None:
    """Thêm một khoản chi khác, có ngày không muộn hơn khoản đang xét, không bao giờ làm câu trả
    lời tốt lên (không → có, không → chưa xác định, chưa xác định → có).

    Adding another payment, dated no later than the one asked about, never improves the answer
    (no to yes, no to unknown, unknown to yes).
    """
    target %= len(payments)
    extra = (min(extra[0], payments[target][0]), extra[1])
    before = both(EXPENSE, ledger(amount, payments).build(), expenditure=f"P{target}")
    bigger = ledger(amount, payments)
    spend(bigger, "EXTRA", extra[1], (YEAR_START + dt.timedelta(days=extra[0])).isoformat())
    after = both(EXPENSE, bigger.build(), expenditure=f"P{target}")
    assert RANK[after.outcome] <= RANK[before.outcome]


@pytest.mark.clause("dieu-12/doan-1", "dieu-12/doan-2", "dieu-12/doan-3")
@given(amount=st.integers(0, 200).map(lambda m: m * MILLION // 2),
       payments=st.lists(PAYMENT, min_size=1, max_size=7), order=st.randoms(use_true_random=False),
       per_year=st.none() | st.integers(0, 60).map(lambda m: m * MILLION // 2))
def test_property_the_order_of_the_records_never_matters(
    amount: int, payments: list[tuple[int, int]], order: Any, per_year: int | None
) -> None:
    """Hoán vị thứ tự các khoản chi trong hồ sơ không làm thay đổi câu trả lời nào (kết luận, lý
    do, dữ kiện còn thiếu), kể cả khi có định mức cả năm.

    Permuting the expenditures in the file never changes any answer (outcome, reasons, missing
    facts), a per-year limit included.
    """
    b = ledger(amount, payments)
    if per_year is not None:
        limit(b, per_year=per_year)
    shuffled = b.copy()
    order.shuffle(shuffled.records["expenditures"])
    one, other = b.build(), shuffled.build()
    for i in range(len(payments)):
        d1 = both(EXPENSE, one, expenditure=f"P{i}")
        d2 = both(EXPENSE, other, expenditure=f"P{i}")
        assert d1.outcome == d2.outcome
        assert [(r.rule, r.explanation) for r in d1.reasons] == [
            (r.rule, r.explanation) for r in d2.reasons]
        assert d1.missing == d2.missing


@pytest.mark.clause("dieu-12/doan-1", "dieu-12/doan-3")
@given(amount=st.integers(0, 100).map(lambda m: m * MILLION),
       copies=st.integers(0, 5), each=st.integers(1, 30).map(lambda m: m * MILLION),
       last=st.integers(1, 50).map(lambda m: m * MILLION))
def test_property_identical_payments_count_each(
    amount: int, copies: int, each: int, last: int
) -> None:
    """Các khoản chi giống hệt nhau ở mọi trường (kể cả không có mã) là những khoản chi riêng: với
    k khoản giống nhau, mỗi khoản p, chi trước, khoản chi sau số tiền t được chấp thuận khi và chỉ
    khi k·p + t không vượt dự toán.

    Records identical in every field (no id included) are separate payments: with k identical
    earlier payments of p each, a later payment of t is authorised exactly when k·p + t is within
    the estimate.
    """
    b = budget(amount=amount)
    for _ in range(copies):
        spend(b, None, each, "2009-02-10")
    spend(b, "X", last, "2009-05-10")
    d = both(EXPENSE, b.build(), expenditure="X")
    assert d.outcome.value == (YES if copies * each + last <= amount else NO)


DAY_2009 = st.integers(-60, 500).map(lambda n: YEAR_START + dt.timedelta(days=n))


@pytest.mark.clause("dieu-12/doan-1")
@given(prepared=DAY_2009, appraised=DAY_2009, approved=DAY_2009,
       amount=st.integers(0, 10), ceiling=st.integers(0, 10))
def test_property_estimate_steps_in_order(
    prepared: dt.date, appraised: dt.date, approved: dt.date, amount: int, ceiling: int
) -> None:
    """Dự toán do Thường trực lập, Sở Tài chính thẩm định, UBND tỉnh phê duyệt là hợp lệ (CÓ) khi
    và chỉ khi các bước theo đúng thứ tự (lập ≤ thẩm định ≤ phê duyệt) và số dự toán không vượt
    tổng hạn mức; ngược lại là KHÔNG.

    An estimate prepared by the Standing office, appraised by the Department of Finance and
    approved by the Provincial People's Committee is valid (yes) exactly when the steps come in
    order (prepared ≤ appraised ≤ approved) and the amount is within the ceiling; otherwise no.
    """
    b = budget(amount=amount * MILLION, dic_ceiling=ceiling * MILLION,
               prepared_on=prepared.isoformat(), appraised_on=appraised.isoformat(),
               approved_on=approved.isoformat())
    d = estimate(b)
    valid = prepared <= appraised <= approved and amount <= ceiling
    assert d.outcome.value == (YES if valid else NO)


@pytest.mark.clause("dieu-12/doan-3")
@given(on=st.integers(-400, 800).map(lambda n: dt.date(2010, 1, 1) + dt.timedelta(days=n)))
def test_property_settled_after_the_year(on: dt.date) -> None:
    """Quyết toán năm 2009 do Thường trực thực hiện với Sở Tài chính là hợp lệ (CÓ) khi và chỉ
    khi ngày quyết toán thuộc năm 2010 trở đi.

    The 2009 settlement made by the Standing office with the Department of Finance is valid (yes)
    exactly when it is dated in 2010 or later.
    """
    d = settle(settled(budget(), on=on.isoformat()))
    assert d.outcome.value == (YES if on.year > 2009 else NO)
