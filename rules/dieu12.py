"""Điều 12. Kinh phí hoạt động — Article 12. Budget and spending.

Each đoạn (unnumbered paragraph) of the article is quoted, then followed by the questions and
rules that encode it. Money is whole đồng (int); running totals come from the Case's O(log n)
indexes (:meth:`~kgrules.case.Case.spent_before`), declared as derivations of
``dieu12.expense_authorised`` (``@expense.derive``) and handed to the rules as integers; the
rules compare them with the estimate and the limits. docs/spending.md explains
the spending contents (:data:`CONTENTS`), their sources and the counting.

Readings chosen here (the text is silent; no interpretation switch covers them):

* **The estimate is asked about by its id** (``dieu12.estimate_valid(estimate)``): a year may
  have a revised estimate, and each is judged on its own rather than mixing the steps of two.
  Steps must come in the order of the text; the same day for two steps is in order.
* **An expenditure needs an approved estimate of its own year**: charged to an estimate for the
  year of its date, approved by the Provincial People's Committee (an agency of kind ``ppc`` in
  existence that day: UBND tỉnh Kiên Giang, from 1/7/2025 UBND tỉnh An Giang) on or before the
  day of the expenditure. Approval is the act that gives an estimate force; its other steps are
  the subject of ``estimate_valid``.
* **Counting**: every earlier expenditure charged to the same estimate counts, whatever its own
  defects (money spent is spent), and records identical in every field are two payments. The
  order of the records in the file is not a legal fact: the total before an expenditure is
  computed with no other payment of the same day counted and with all of them counted; if the
  two agree, that is the answer; if they differ, the answer is unknown until the order (time) of
  the same-day payments is given. Per-year limits count the expenditures of the category dated
  in the calendar year, whatever estimate they are charged to, the same way.
* **Contents**: :data:`CONTENTS` lists, per spending category, whether the texts cited in đoạn 2
  allow it, and the maximum rates found in them (DOMAIN §D). ``entertainment`` is listed by none
  of the named texts (hospitality is not an activity of the committee or its team); as the catch-
  all "các văn bản quy định khác có liên quan của Nhà nước" may still allow it, the answer is
  unknown by default, a firm no under interpretation point 12 (``unlisted_content``); ``other`` is
  unknown (the content must be identified). Statutory rates found are per deliverable of S&T work
  (per topic, per form), not per payment, so they are reported, not enforced; limits supplied with
  the case (SpendingLimit) are enforced.
* **Settlement**: the year's account is settled in a later year (after 31 December of the year),
  with an agency of kind ``finance`` in existence that day, by the Standing office (point 7).
  The text sets no deadline; none is applied.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Literal

import attrs

from kgrules.case import MAX_RECORDS, Case, Indexed
from kgrules.dsl import Arg, Condition, FactType, Missing, QuestionBuilder, Test, Var, no
from kgrules.facts import (
    AgencyKind,
    BudgetEstimate,
    BudgetLine,
    SpendingCategory,
    SpendingLimit,
    SpendingPurpose,
)
from kgrules.i18n import Text
from kgrules.obligations import Audited
from kgrules.params import effective_date
from kgrules.scope import PerCase, Scope, ScopeResult, SharedFact, day, fact, ref

from .common import (
    APPLICABLE,
    EFFECT,
    EFFECTIVE_EN,
    EFFECTIVE_VI,
    FAILS,
    FOREVER,
    HOLDS,
    MAY_ACT,
    NA,
    POWER,
    UNKNOWN,
    declare_in_force,
    in_force_text,
    power_fact,
    power_facts,
    regulation_in_force,
)

D1, D2, D3 = (f"dieu-12/doan-{n}" for n in range(1, 4))
K22 = "dieu-2/khoan-2"
FINANCE, PPC = AgencyKind.FINANCE.value, AgencyKind.PPC.value
#: Longest legal-source text of a supplied limit carried into an explanation (an explanation quotes
#: the source, it does not reproduce a long one; engine strings are capped at 60,000 bytes).
SOURCE_CHARS: Final = 300

#: An agency, with the days it existed (ordinals, inclusive).
AGENCY = FactType("agency", {"id": str, "name": str, "kind": str, "first": int, "last": int})


def agency_facts(case: Case, ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for agency_id in dict.fromkeys(i for i in ids if i):
        path, ag = case.by_id("agencies", agency_id)
        out.append(fact("agency", path, id=ag.id, name=ag.name, kind=ag.kind.value,
                        first=0 if ag.start is None else day(ag.start),
                        last=FOREVER if ag.end is None else day(ag.end)))
    return out


def _clip(text: str) -> str:
    return text if len(text) <= SOURCE_CHARS else text[: SOURCE_CHARS - 1] + "…"


# =================================================================================================
# The spending contents of the texts cited in đoạn 2 (data; docs/spending.md shows it as a table)
# =================================================================================================

Allowed = Literal["yes", "no", "unknown"]


@attrs.frozen
class Content:
    """One spending category: whether the cited texts allow it, on which basis, and the maximum
    rates found in them (``None``: no figure found)."""

    category: SpendingCategory
    allowed: Allowed
    label: Text
    basis: Text
    rates: Text | None


TTLT_43: Final = Text(
    "Thông tư liên tịch 43/2008/TTLT-BTC-BTTTT ngày 26/5/2008 (quản lý, sử dụng kinh phí chi ứng "
    "dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước; hiệu lực 22/6/2008 đến "
    "1/4/2012)",
    "Joint Circular 43/2008/TTLT-BTC-BTTTT of 26 May 2008 (spending on IT application by state "
    "bodies; in force 22 June 2008 to 1 April 2012)",
)
TTLT_44: Final = Text(
    "Thông tư liên tịch 44/2007/TTLT-BTC-BKHCN ngày 07/5/2007 (đoạn 2 Điều 12 ghi nhầm năm 2008; "
    "định mức xây dựng, phân bổ dự toán đề tài, dự án khoa học và công nghệ)",
    "Joint Circular 44/2007/TTLT-BTC-BKHCN of 7 May 2007 (Article 12, paragraph 2 misprints the "
    "year as 2008; budget norms for science and technology topics and projects)",
)
QD_15: Final = Text(
    "Quyết định 15/2008/QĐ-UBND ngày 24/3/2008 của UBND tỉnh Kiên Giang (phân cấp quản lý, định "
    "mức dự toán đề tài, dự án khoa học và công nghệ)",
    "Decision 15/2008/QĐ-UBND of 24 March 2008 of the Kiên Giang People's Committee (management "
    "and budget norms for science and technology topics and projects)",
)
OTHER_RULES: Final = Text(
    "các văn bản quy định khác có liên quan của Nhà nước (đoạn 2 Điều 12): chế độ chi tiêu chung "
    "của cơ quan nhà nước",
    "the other relevant State rules (Article 12, paragraph 2): the general spending rules of "
    "state bodies",
)


def _and(*texts: Text) -> Text:
    return Text("; ".join(t.vi for t in texts), "; ".join(t.en for t in texts))


_TTLT_44_SOURCE = Text("theo bản trích dẫn của ĐHQG-HCM (DOMAIN §D)",
                       "as reproduced by VNU-HCM (DOMAIN §D)")
_PER_DELIVERABLE = Text(
    "đây là mức cho từng sản phẩm của đề tài khoa học và công nghệ, không phải cho một khoản chi, "
    "nên không tự động áp dụng; định mức cung cấp cùng hồ sơ thì được áp dụng",
    "these are rates per deliverable of a science and technology topic, not per payment, so they "
    "are not applied by themselves; a limit supplied with the case is",
)

CONTENTS: Final[dict[SpendingCategory, Content]] = {
    c.category: c
    for c in (
        Content(
            SpendingCategory.MEETINGS, "yes", Text("hội nghị, họp", "conferences and meetings"),
            _and(OTHER_RULES, TTLT_44), None,
        ),
        Content(
            SpendingCategory.DOCUMENTS, "yes",
            Text("in ấn, văn phòng phẩm, tài liệu", "printing, stationery, documents"),
            OTHER_RULES, None,
        ),
        Content(
            SpendingCategory.TRAVEL, "yes",
            Text("công tác phí, đi kiểm tra", "travel and inspection trips"), OTHER_RULES, None,
        ),
        Content(
            SpendingCategory.EXPERTS, "yes",
            Text("thuê chuyên gia, tư vấn", "experts and consultants"), _and(TTLT_43, TTLT_44),
            Text("TTLT 44/2007 " + _TTLT_44_SOURCE.vi + ": xây dựng thuyết minh chi tiết đề tài "
                 "tối đa 2 triệu đồng mỗi đề tài; báo cáo tổng quan tài liệu 3 triệu đồng; "
                 + _PER_DELIVERABLE.vi,
                 "TTLT 44/2007 " + _TTLT_44_SOURCE.en + ": detailed proposal at most 2 million "
                 "đồng per topic; literature review 3 million đồng; " + _PER_DELIVERABLE.en),
        ),
        Content(
            SpendingCategory.SURVEY, "yes", Text("điều tra, khảo sát", "surveys"), TTLT_44,
            Text("TTLT 44/2007 " + _TTLT_44_SOURCE.vi + ": thiết kế phiếu điều tra tối đa 500 "
                 "nghìn đồng (1 triệu đồng nếu trên 30 chỉ tiêu); cung cấp thông tin 50 nghìn đồng "
                 "mỗi phiếu; " + _PER_DELIVERABLE.vi,
                 "TTLT 44/2007 " + _TTLT_44_SOURCE.en + ": survey form design at most 500 "
                 "thousand đồng (1 million above 30 indicators); information provided 50 "
                 "thousand đồng per form; " + _PER_DELIVERABLE.en),
        ),
        Content(
            SpendingCategory.RESEARCH_REPORT, "yes",
            Text("báo cáo chuyên đề, báo cáo tổng hợp", "thematic and summary reports"),
            _and(TTLT_44, QD_15),
            Text("TTLT 44/2007 " + _TTLT_44_SOURCE.vi + ": báo cáo khoa học tổng kết đề tài tối "
                 "đa 10 triệu đồng (loại 1) hoặc 30 triệu đồng (loại 2), đề tài khoa học xã hội 8 "
                 "hoặc 12 triệu đồng; " + _PER_DELIVERABLE.vi,
                 "TTLT 44/2007 " + _TTLT_44_SOURCE.en + ": final research report at most 10 "
                 "million đồng (type 1) or 30 million (type 2), social-science topics 8 or 12 "
                 "million; " + _PER_DELIVERABLE.en),
        ),
        Content(
            SpendingCategory.IT_APPLICATION, "yes",
            Text("ứng dụng công nghệ thông tin", "IT application"), TTLT_43, None,
        ),
        Content(
            SpendingCategory.ALLOWANCES, "yes",
            Text("bồi dưỡng, phụ cấp kiêm nhiệm",
                 "allowances for duty held concurrently with one's own post"),
            OTHER_RULES, None,
        ),
        Content(
            SpendingCategory.EQUIPMENT, "yes", Text("trang thiết bị", "equipment"),
            Text(TTLT_43.vi + " (trang thiết bị cho ứng dụng công nghệ thông tin; khoản 5 Điều 3: "
                 "Ban Chỉ đạo dùng phương tiện làm việc của cơ quan)",
                 TTLT_43.en + " (equipment for IT application; Article 3(5): the committee uses "
                 "its agency's working equipment)"),
            None,
        ),
        Content(
            SpendingCategory.ENTERTAINMENT, "no", Text("tiếp khách", "hospitality"),
            Text("không văn bản nào được viện dẫn tại đoạn 2 Điều 12 quy định nội dung chi này, và "
                 "tiếp khách không phải hoạt động của Ban Chỉ đạo hay Tổ giúp việc mà nguồn kinh "
                 "phí này dành cho",
                 "none of the texts cited in Article 12, paragraph 2 provides for this content, "
                 "and hospitality is not an activity of the committee or its team that this "
                 "budget funds"),
            None,
        ),
        Content(
            SpendingCategory.OTHER, "unknown", Text("nội dung khác", "other content"),
            Text("nội dung chi chưa được xác định, nên chưa đối chiếu được với văn bản nào",
                 "the content is not identified, so it cannot be matched to any text"),
            None,
        ),
    )
}
assert set(CONTENTS) == set(SpendingCategory), "every spending category has its entry"

NO_FIGURE: Final = Text(
    "không tìm thấy mức chi tối đa nào cho nội dung này trong các văn bản được viện dẫn, nên không "
    "áp dụng định mức luật định nào",
    "no maximum rate for this content was found in the texts cited, so no statutory limit is "
    "applied",
)


# =================================================================================================
# đoạn 1 Điều 12
# > Nguồn kinh phí hoạt động của Ban Chỉ đạo và Tổ giúp việc được sử dụng từ nguồn kinh phí hoạt
# > động sự nghiệp được UBND tỉnh Kiên Giang giao hàng năm cho Sở Thông tin và Truyền thông do ngân
# > sách tỉnh cấp. Hàng năm, Thường trực Ban Chỉ đạo lập dự toán kinh phí hoạt động gửi Sở Tài
# > chính thẩm định, trình Ủy ban nhân dân tỉnh phê duyệt trong tổng hạn mức kinh phí hoạt động của
# > Sở Thông tin và Truyền thông.
# The first sentence (the source of the money) is encoded in dieu12.expense_authorised (the budget
# line); the second in dieu12.estimate_valid.
# =================================================================================================

EST = FactType(
    "estimate",
    {"id": str, "year": int, "amount": int, "appraised_by": str, "appraised_on": int,
     "has_appraised_on": bool, "approved_by": str, "approved_on": int, "has_approved_on": bool},
)


def _estimate_fact(path: str, est: BudgetEstimate) -> dict[str, Any]:
    return fact("estimate", path, id=est.id, year=est.year, amount=est.amount,
                appraised_by=ref(est.appraised_by), appraised_on=day(est.appraised_on),
                has_appraised_on=est.appraised_on is not None,
                approved_by=ref(est.approved_by), approved_on=day(est.approved_on),
                has_approved_on=est.approved_on is not None)


estimate = QuestionBuilder(
    "dieu12.estimate_valid",
    title=Text(
        "Dự toán kinh phí năm này có do Thường trực lập, Sở Tài chính thẩm định, UBND tỉnh phê duyệt, "
        "trong tổng hạn mức kinh phí của Sở TT&TT không?",
        "Was this year's budget estimate prepared by the Standing office, appraised by the "
        "Department of Finance, approved by the Provincial People's Committee, within the Sở "
        "TT&TT's total ceiling?",
    ),
    clauses=(D1,),
    arguments=(Arg("estimate", "estimate", Text("Mã dự toán", "Estimate id")),),
    conditions=(
        APPLICABLE,
        Condition("prepared", Text("Do Thường trực Ban Chỉ đạo lập",
                                   "Prepared by the Standing office")),
        Condition("appraised", Text("Sở Tài chính thẩm định sau khi lập",
                                    "Appraised by the Department of Finance after preparation")),
        Condition("approved", Text("UBND tỉnh phê duyệt sau khi thẩm định",
                                   "Approved by the Provincial People's Committee after "
                                   "appraisal")),
        Condition("within_ceiling", Text("Trong tổng hạn mức kinh phí hoạt động của Sở TT&TT",
                                         "Within the Sở TT&TT's total operational ceiling")),
    ),
    evaluate={"estimate": str, "year": int, "in_force": bool, "prepared_by": str,
              "prepared_on": int, "has_prepared_on": bool, "appraised_on": int,
              "has_appraised_on": bool, "ceiling": int, "has_ceiling": bool},
    facts=(EST, AGENCY, POWER),
    switches=("standing_office",),
    module=__name__,
    depends_on=(MAY_ACT,),
    reads={"year": "estimates.year", "prepared_by": "estimates.prepared_by",
           "prepared_on": "estimates.prepared_on",
           "has_prepared_on": "estimates.prepared_on:recorded",
           "appraised_on": "estimates.appraised_on",
           "has_appraised_on": "estimates.appraised_on:recorded",
           "ceiling": "estimates.dic_ceiling", "has_ceiling": "estimates.dic_ceiling:recorded"},
)
e, est, ag = estimate.e, estimate.var("est", EST), estimate.var("ag", AGENCY)
pp = estimate.var("pp", POWER)


@estimate.derive("in_force", clauses=[EFFECT], inputs=["prepared_on"], description=Text(
    "Quy chế có hiệu lực vào ngày lập dự toán (không ghi ngày thì coi là áp dụng)",
    "The regulation governs the day the estimate was prepared (taken to apply when undated)"))
def _estimate_in_force(prepared_on: dt.date | None) -> bool:
    return prepared_on is None or regulation_in_force(prepared_on)


@estimate.scope
def _estimate_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    path, be = case.by_id("estimates", scope.args["estimate"])
    preparer = ref(be.prepared_by)
    facts = [_estimate_fact(path, be)]
    facts += agency_facts(case, [ref(be.appraised_by), ref(be.approved_by)])
    facts += power_fact(scope, preparer, "prepare_estimate", be.prepared_on)
    return ScopeResult(
        {"estimate": be.id, "year": be.year,
         "in_force": scope.derive("in_force", prepared_on=be.prepared_on),
         "prepared_by": preparer, "prepared_on": day(be.prepared_on),
         "has_prepared_on": be.prepared_on is not None, "appraised_on": day(be.appraised_on),
         "has_appraised_on": be.appraised_on is not None,
         "ceiling": be.dic_ceiling or 0, "has_ceiling": be.dic_ceiling is not None},
        facts, sources=(path,),
    )


estimate.rule(
    "in-force", condition="applicable", status=HOLDS, clauses=[D1],
    when=[e.in_force == True],
    because=Text("Dự toán {e.estimate} cho năm {e.year}", "Estimate {e.estimate} for {e.year}"),
)
estimate.rule(
    "before-effect", condition="applicable", status=NA, clauses=[EFFECT],
    when=[e.in_force == False],
    because=Text("Dự toán {e.estimate} được lập ngày {e.prepared_on:date}, trước khi Quy chế có hiệu "
                 "lực (" + EFFECTIVE_VI + ")", "Estimate {e.estimate} was prepared on "
                 "{e.prepared_on:date}, before the regulation took effect (" + EFFECTIVE_EN + ")"),
)

# --- "Thường trực Ban Chỉ đạo lập dự toán kinh phí hoạt động" -----------------------------------
# Whether the preparer was the Standing office that day is authority.may_act's answer about
# prepare_estimate (issue 12, item 4), under point 7 (standing_office): one rule per way.
_PREPARER = (pp.person == e.prepared_by, pp.act == "prepare_estimate", pp.on == e.prepared_on)
for way, clauses in (("standing_office-standing-deputy", [D1]),
                     ("standing_office-standing-agency-head", [D1, K22])):
    estimate.rule(
        "prepared-" + way.partition("-")[2], condition="prepared", status=HOLDS, clauses=clauses,
        when=[e.has_prepared_on == True, *_PREPARER, pp.outcome == "yes", pp.way == way,
              e.i_standing_office != ""],
        because=Text("Lập ngày {e.prepared_on:date} (authority.may_act: CÓ): {pp.why_vi}",
                     "Prepared on {e.prepared_on:date} (authority.may_act: yes): {pp.why_en}"),
    )
estimate.rule(
    "preparer-not-standing-office", condition="prepared", status=FAILS, clauses=[D1],
    fallback=True,
    when=[e.has_prepared_on == True, *_PREPARER, pp.outcome != "yes", pp.outcome != "unknown",
          e.i_standing_office != ""],
    because=Text("Dự toán do {e.prepared_by} lập ngày {e.prepared_on:date}, người không phải Thường "
                 "trực Ban Chỉ đạo vào ngày đó (theo cách hiểu đã chọn; authority.may_act: "
                 "{pp.outcome})",
                 "The estimate was prepared on {e.prepared_on:date} by {e.prepared_by}, who was "
                 "not the Standing office on that day (under the chosen reading; "
                 "authority.may_act: {pp.outcome})"),
)
estimate.rule(
    "preparer-authority-unknown", condition="prepared", status=UNKNOWN, clauses=[D1],
    when=[e.has_prepared_on == True, *_PREPARER, pp.outcome == "unknown",
          e.i_standing_office != ""],
    because=Text("Chưa xác định được {pp.name} ({pp.person}) có phải Thường trực Ban Chỉ đạo vào "
                 "ngày {e.prepared_on:date} không (authority.may_act: CHƯA XÁC ĐỊNH): {pp.why_vi}",
                 "Whether {pp.name} ({pp.person}) was the Standing office on "
                 "{e.prepared_on:date} is not established (authority.may_act: unknown): "
                 "{pp.why_en}"),
    missing=(Missing(MAY_ACT, Text("Các dữ kiện về thẩm quyền của người lập dự toán (xem câu hỏi "
                                   "authority.may_act)", "The facts about the preparer's "
                                   "authority (see authority.may_act)"),
                     Text("Thường trực Ban Chỉ đạo → điều kiện đáp ứng; không → KHÔNG",
                          "the Standing office → this condition holds; not → no")),),
)
estimate.rule(
    "preparer-unknown", condition="prepared", status=UNKNOWN, clauses=[D1],
    when=[e.prepared_by == ""],
    because=Text("Không rõ ai lập dự toán {e.estimate}",
                 "Who prepared estimate {e.estimate} is not recorded"),
    missing=(Missing("estimates[].prepared_by", Text("Người lập dự toán", "Who prepared it"),
                     Text("Thường trực Ban Chỉ đạo → điều kiện đáp ứng; người khác → KHÔNG",
                          "the Standing office → this condition holds; anyone else → no")),),
)
estimate.rule(
    "preparation-date-unknown", condition="prepared", status=UNKNOWN, clauses=[D1],
    when=[e.prepared_by != "", e.has_prepared_on == False],
    because=Text("Không rõ ngày {e.prepared_by} lập dự toán {e.estimate}",
                 "The day {e.prepared_by} prepared estimate {e.estimate} is not recorded"),
    missing=(Missing("estimates[].prepared_on", Text("Ngày lập dự toán", "The day prepared"),
                     Text("người lập là Thường trực vào ngày đó → điều kiện đáp ứng",
                          "the preparer was the Standing office that day → this condition "
                          "holds")),),
)

# --- "gửi Sở Tài chính thẩm định" ------------------------------------------------------------------
_APPRAISER = (est.id == e.estimate, ag.id == est.appraised_by)
estimate.rule(
    "appraised", condition="appraised", status=HOLDS, clauses=[D1],
    when=[*_APPRAISER, ag.kind == FINANCE, est.has_appraised_on == True,
          ag.first <= est.appraised_on, ag.last >= est.appraised_on,
          e.has_prepared_on == True, est.appraised_on >= e.prepared_on],
    because=Text("{ag.name} (Sở Tài chính) thẩm định ngày {est.appraised_on:date}, sau khi lập dự "
                 "toán ({e.prepared_on:date})", "{ag.name} (the Department of Finance) appraised "
                 "it on {est.appraised_on:date}, after it was prepared ({e.prepared_on:date})"),
)
estimate.rule(
    "appraiser-not-finance", condition="appraised", status=FAILS, clauses=[D1],
    when=[*_APPRAISER, ag.kind != FINANCE],
    because=Text("Dự toán do {ag.name} thẩm định, không phải Sở Tài chính",
                 "The estimate was appraised by {ag.name}, not the Department of Finance"),
)
for name, test, vi, en in (
    ("appraiser-not-yet", ag.first > est.appraised_on, "chưa được thành lập", "did not yet exist"),
    ("appraiser-dissolved", ag.last < est.appraised_on, "đã không còn", "no longer existed"),
):
    estimate.rule(
        name, condition="appraised", status=FAILS, clauses=[D1],
        when=[*_APPRAISER, ag.kind == FINANCE, est.has_appraised_on == True, test],
        because=Text("Ngày thẩm định {est.appraised_on:date}, {ag.name} " + vi,
                     "On the day of appraisal, {est.appraised_on:date}, {ag.name} " + en),
    )
estimate.rule(
    "appraised-before-preparation", condition="appraised", status=FAILS, clauses=[D1],
    when=[est.id == e.estimate, est.has_appraised_on == True, e.has_prepared_on == True,
          est.appraised_on < e.prepared_on],
    because=Text("Thẩm định ngày {est.appraised_on:date}, trước ngày lập dự toán "
                 "{e.prepared_on:date}: dự toán phải được lập rồi mới gửi thẩm định",
                 "Appraised on {est.appraised_on:date}, before the estimate was prepared "
                 "({e.prepared_on:date}): it is prepared first, then sent for appraisal"),
)
estimate.rule(
    "appraiser-unknown", condition="appraised", status=UNKNOWN, clauses=[D1],
    when=[est.id == e.estimate, est.appraised_by == ""],
    because=Text("Không rõ cơ quan nào thẩm định dự toán {e.estimate}",
                 "Which agency appraised estimate {e.estimate} is not recorded"),
    missing=(Missing("estimates[].appraised_by, appraised_on",
                     Text("Cơ quan và ngày thẩm định", "The appraising agency and the day"),
                     Text("Sở Tài chính, sau ngày lập → điều kiện đáp ứng; cơ quan khác → KHÔNG",
                          "the Department of Finance, after preparation → this condition holds; "
                          "another agency → no")),),
)
estimate.rule(
    "appraisal-date-unknown", condition="appraised", status=UNKNOWN, clauses=[D1],
    when=[est.id == e.estimate, est.appraised_by != "", est.has_appraised_on == False],
    because=Text("Không rõ ngày thẩm định dự toán {e.estimate}",
                 "The day estimate {e.estimate} was appraised is not recorded"),
    missing=(Missing("estimates[].appraised_on", Text("Ngày thẩm định", "The day of appraisal"),
                     Text("sau ngày lập → điều kiện đáp ứng; trước → KHÔNG",
                          "after preparation → this condition holds; before → no")),),
)
estimate.rule(
    "appraisal-order-unknown", condition="appraised", status=UNKNOWN, clauses=[D1],
    when=[*_APPRAISER, ag.kind == FINANCE, est.has_appraised_on == True,
          ag.first <= est.appraised_on, ag.last >= est.appraised_on, e.has_prepared_on == False],
    because=Text("{ag.name} thẩm định ngày {est.appraised_on:date}, nhưng không rõ ngày lập dự toán "
                 "để biết việc thẩm định có sau khi lập không", "{ag.name} appraised it on "
                 "{est.appraised_on:date}, but the day of preparation is not recorded, so whether "
                 "appraisal followed preparation is not known"),
    missing=(Missing("estimates[].prepared_on", Text("Ngày lập dự toán", "The day prepared"),
                     Text("không muộn hơn ngày thẩm định → điều kiện đáp ứng",
                          "no later than the appraisal → this condition holds")),),
)

# --- "trình Ủy ban nhân dân tỉnh phê duyệt" --------------------------------------------------------
_APPROVER = (est.id == e.estimate, ag.id == est.approved_by)
estimate.rule(
    "approved", condition="approved", status=HOLDS, clauses=[D1],
    when=[*_APPROVER, ag.kind == PPC, est.has_approved_on == True,
          ag.first <= est.approved_on, ag.last >= est.approved_on,
          e.has_appraised_on == True, est.approved_on >= e.appraised_on],
    because=Text("{ag.name} phê duyệt ngày {est.approved_on:date}, sau khi thẩm định "
                 "({e.appraised_on:date})", "{ag.name} approved it on {est.approved_on:date}, "
                 "after the appraisal ({e.appraised_on:date})"),
)
estimate.rule(
    "approver-not-ppc", condition="approved", status=FAILS, clauses=[D1],
    when=[*_APPROVER, ag.kind != PPC],
    because=Text("Dự toán do {ag.name} phê duyệt, không phải Ủy ban nhân dân tỉnh",
                 "The estimate was approved by {ag.name}, not the Provincial People's "
                 "Committee"),
)
for name, test, vi, en in (
    ("approver-not-yet", ag.first > est.approved_on, "chưa được thành lập", "did not yet exist"),
    ("approver-dissolved", ag.last < est.approved_on, "đã không còn", "no longer existed"),
):
    estimate.rule(
        name, condition="approved", status=FAILS, clauses=[D1],
        when=[*_APPROVER, ag.kind == PPC, est.has_approved_on == True, test],
        because=Text("Ngày phê duyệt {est.approved_on:date}, {ag.name} " + vi,
                     "On the day of approval, {est.approved_on:date}, {ag.name} " + en),
    )
estimate.rule(
    "approved-before-appraisal", condition="approved", status=FAILS, clauses=[D1],
    when=[est.id == e.estimate, est.has_approved_on == True, e.has_appraised_on == True,
          est.approved_on < e.appraised_on],
    because=Text("Phê duyệt ngày {est.approved_on:date}, trước ngày thẩm định "
                 "{e.appraised_on:date}: dự toán được thẩm định rồi mới trình phê duyệt",
                 "Approved on {est.approved_on:date}, before the appraisal "
                 "({e.appraised_on:date}): the estimate is appraised first, then submitted"),
)
estimate.rule(
    "approver-unknown", condition="approved", status=UNKNOWN, clauses=[D1],
    when=[est.id == e.estimate, est.approved_by == ""],
    because=Text("Không rõ dự toán {e.estimate} đã được phê duyệt chưa, và do ai",
                 "Whether and by whom estimate {e.estimate} was approved is not recorded"),
    missing=(Missing("estimates[].approved_by, approved_on",
                     Text("Cơ quan và ngày phê duyệt", "The approving agency and the day"),
                     Text("UBND tỉnh, sau ngày thẩm định → điều kiện đáp ứng; cơ quan khác → KHÔNG",
                          "the Provincial People's Committee, after appraisal → this condition "
                          "holds; another agency → no")),),
)
estimate.rule(
    "approval-date-unknown", condition="approved", status=UNKNOWN, clauses=[D1],
    when=[est.id == e.estimate, est.approved_by != "", est.has_approved_on == False],
    because=Text("Không rõ ngày phê duyệt dự toán {e.estimate}",
                 "The day estimate {e.estimate} was approved is not recorded"),
    missing=(Missing("estimates[].approved_on", Text("Ngày phê duyệt", "The day of approval"),
                     Text("sau ngày thẩm định → điều kiện đáp ứng; trước → KHÔNG",
                          "after appraisal → this condition holds; before → no")),),
)
estimate.rule(
    "approval-order-unknown", condition="approved", status=UNKNOWN, clauses=[D1],
    when=[*_APPROVER, ag.kind == PPC, est.has_approved_on == True,
          ag.first <= est.approved_on, ag.last >= est.approved_on, e.has_appraised_on == False],
    because=Text("{ag.name} phê duyệt ngày {est.approved_on:date}, nhưng không rõ ngày thẩm định để "
                 "biết việc phê duyệt có sau khi thẩm định không", "{ag.name} approved it on "
                 "{est.approved_on:date}, but the day of appraisal is not recorded, so whether "
                 "approval followed appraisal is not known"),
    missing=(Missing("estimates[].appraised_on", Text("Ngày thẩm định", "The day of appraisal"),
                     Text("không muộn hơn ngày phê duyệt → điều kiện đáp ứng",
                          "no later than the approval → this condition holds")),),
)

# --- "trong tổng hạn mức kinh phí hoạt động của Sở Thông tin và Truyền thông" ----------------------
estimate.rule(
    "within-ceiling", condition="within_ceiling", status=HOLDS, clauses=[D1],
    when=[est.id == e.estimate, e.has_ceiling == True, est.amount <= e.ceiling],
    because=Text("Dự toán {est.amount:money}, không vượt tổng hạn mức {e.ceiling:money} của Sở "
                 "TT&TT", "The estimate, {est.amount:money}, is within the Sở TT&TT's total "
                 "ceiling of {e.ceiling:money}"),
)
estimate.rule(
    "over-ceiling", condition="within_ceiling", status=FAILS, clauses=[D1],
    when=[est.id == e.estimate, e.has_ceiling == True, est.amount > e.ceiling],
    because=Text("Dự toán {est.amount:money} vượt tổng hạn mức {e.ceiling:money} của Sở TT&TT",
                 "The estimate, {est.amount:money}, exceeds the Sở TT&TT's total ceiling of "
                 "{e.ceiling:money}"),
)
estimate.rule(
    "ceiling-unknown", condition="within_ceiling", status=UNKNOWN, clauses=[D1],
    when=[est.id == e.estimate, e.has_ceiling == False],
    because=Text("Không rõ tổng hạn mức kinh phí hoạt động của Sở TT&TT năm {e.year} để so với dự "
                 "toán {est.amount:money}", "The Sở TT&TT's total operational ceiling for "
                 "{e.year} is not recorded, to compare with the estimate of {est.amount:money}"),
    missing=(Missing("estimates[].dic_ceiling", Text("Tổng hạn mức kinh phí hoạt động của Sở TT&TT",
                                                     "The Sở TT&TT's total operational ceiling"),
                     Text("không nhỏ hơn dự toán → điều kiện đáp ứng; nhỏ hơn → KHÔNG",
                          "at least the estimate → this condition holds; less → no")),),
)
ESTIMATE_VALID = estimate.build()


# =================================================================================================
# đoạn 2 Điều 12
# > Việc chi cho các hoạt động của Ban Chỉ đạo và Tổ giúp việc được thực hiện theo Thông tư liên
# > tịch số 43/2008/TTLT-BTC-BTTTT ngày 26 tháng 5 năm 2008 [...]; Thông tư liên tịch số
# > 44/2007/TTLT-BTC-BKHCN ngày 07 tháng 5 năm 2008 [sic: 2007] [...] và Quyết định số
# > 15/2008/QĐ-UBND ngày 24 tháng 3 năm 2008 của Ủy ban nhân dân tỉnh Kiên Giang [...] và theo các
# > văn bản quy định khác có liên quan của Nhà nước.
# (full text in the clause index)
#
# đoạn 3 Điều 12
# > Thường trực Ban chỉ đạo chịu trách nhiệm quản lý tài chính, quyết định các khoản chi cho hoạt
# > động của Ban Chỉ đạo và quyết toán tài chính hàng năm với Sở Tài chính đúng theo các quy định
# > hiện hành của Nhà nước.
#
# One question gathers đoạn 1 (the budget and the approved estimate), đoạn 2 (the content and
# its limits) and đoạn 3 (decided by the Standing office).
# =================================================================================================

CONTENT = FactType(
    "content",
    {"category": str, "allowed": str, "label_vi": str, "label_en": str, "basis_vi": str,
     "basis_en": str, "rates_vi": str, "rates_en": str, "rate_found": bool},
)
LIMIT = FactType(
    "limit",
    {"id": str, "category": str, "per_item": int, "has_per_item": bool, "per_year": int,
     "has_per_year": bool, "terms_vi": str, "terms_en": str, "source": str},
)


def _money(amount: int, lang: str) -> str:
    return f"{amount:,}".replace(",", ".") + (" đồng" if lang == "vi" else " VND")


def _limit_fact(path: str, lim: SpendingLimit) -> dict[str, Any]:
    vi, en = [], []
    if lim.per_item is not None:
        vi.append(f"tối đa {_money(lim.per_item, 'vi')} mỗi khoản chi")
        en.append(f"at most {_money(lim.per_item, 'en')} per expenditure")
    if lim.per_year is not None:
        vi.append(f"tối đa {_money(lim.per_year, 'vi')} cả năm")
        en.append(f"at most {_money(lim.per_year, 'en')} a year")
    return fact("limit", path, id=lim.id or path, category=lim.category.value,
                per_item=lim.per_item or 0, has_per_item=lim.per_item is not None,
                per_year=lim.per_year or 0, has_per_year=lim.per_year is not None,
                terms_vi=", ".join(vi), terms_en=", ".join(en), source=_clip(lim.source))


def _content_fact(category: SpendingCategory) -> dict[str, Any]:
    c = CONTENTS[category]
    rates = c.rates or NO_FIGURE
    return fact("content", "dieu12.CONTENTS", category=c.category.value, allowed=c.allowed,
                label_vi=c.label.vi, label_en=c.label.en, basis_vi=c.basis.vi,
                basis_en=c.basis.en, rates_vi=rates.vi, rates_en=rates.en,
                rate_found=c.rates is not None)


expense = QuestionBuilder(
    "dieu12.expense_authorised",
    title=Text(
        "Khoản chi này có được Thường trực Ban Chỉ đạo quyết định đúng quy định không?",
        "Is this expenditure authorised by the Standing office?",
    ),
    clauses=(D1, D2, D3),
    arguments=(Arg("expenditure", "expenditure", Text("Mã khoản chi", "Expenditure id")),),
    conditions=(
        APPLICABLE,
        Condition("decided", Text("Do Thường trực Ban Chỉ đạo quyết định",
                                  "Decided by the Standing office")),
        Condition("purpose", Text("Chi cho hoạt động của Ban Chỉ đạo hoặc Tổ giúp việc",
                                  "For the committee's or the helper team's activity")),
        Condition("budget", Text("Từ kinh phí hoạt động sự nghiệp giao cho Sở TT&TT",
                                 "From the Sở TT&TT's operational budget")),
        Condition("approved_estimate", Text("Thuộc dự toán năm đã được UBND tỉnh phê duyệt",
                                            "Within an estimate of its year approved by the "
                                            "Provincial People's Committee")),
        Condition("within_estimate", Text("Cộng dồn không vượt dự toán",
                                          "The running total stays within the estimate")),
        Condition("content", Text("Nội dung chi được các văn bản viện dẫn cho phép",
                                  "A content the cited spending rules allow")),
        Condition("limits", Text("Không vượt định mức chi", "Within the spending limits")),
    ),
    evaluate={"expenditure": str, "day": int, "year": int, "in_force": bool, "amount": int,
              "decided_by": str, "purpose": str, "budget_line": str, "category": str,
              "estimate": str, "spent_none": int, "spent_all": int, "total_none": int,
              "total_all": int, "year_total_none": int, "year_total_all": int,
              "limit_count": int, "limit_ids": str},
    facts=(EST, AGENCY, CONTENT, LIMIT, POWER),
    switches=("standing_office", "unlisted_content"),
    starred=True,
    module=__name__,
    depends_on=(MAY_ACT,),
    reads={"day": "expenditures.date", "amount": "expenditures.amount",
           "decided_by": "expenditures.decided_by", "purpose": "expenditures.purpose",
           "budget_line": "expenditures.budget_line", "category": "expenditures.category",
           "estimate": "expenditures.estimate"},
)
e, est, ag = expense.e, expense.var("est", EST), expense.var("ag", AGENCY)
ct, lm = expense.var("ct", CONTENT), expense.var("lm", LIMIT)
pd = expense.var("pd", POWER)


# The running totals the estimate and the per-year limits are checked against (đoạn 1, 3: the
# estimate; đoạn 2: the limits), in spending order (by date, then by place in the case). "none"
# counts no other expenditure of the same day, "all" counts every one: where the two differ, the
# answer depends on the order of same-day payments and the rules say so.
@expense.derive("spent_none", clauses=[D1, D3], inputs=["case", "path"], description=Text(
    "Đã chi theo dự toán trước khoản chi này (không tính các khoản cùng ngày)",
    "Spent on the estimate before this expenditure (no other one of the same day)"))
def _spent_none(case: Case, path: str) -> int:
    # Case.running_totals: Case.spent_before(estimate, path, same_day="none"), 0 with no estimate.
    return int(case.running_totals(path).estimate_none)


@expense.derive("spent_all", clauses=[D1, D3], inputs=["case", "path"], description=Text(
    "Đã chi theo dự toán trước khoản chi này (tính mọi khoản khác cùng ngày)",
    "Spent on the estimate before this expenditure (every other one of the same day)"))
def _spent_all(case: Case, path: str) -> int:
    # Case.spent_before(estimate, path, same_day="all"), 0 with no estimate.
    return int(case.running_totals(path).estimate_all)


@expense.derive("total_none", clauses=[D1, D3], inputs=["case", "path"], description=Text(
    "Cộng dồn theo dự toán kể cả khoản chi này (không tính các khoản cùng ngày)",
    "Running total on the estimate with this expenditure (no other one of the same day)"))
def _total_none(case: Case, path: str) -> int:
    totals = case.running_totals(path)
    return int(totals.estimate_none + totals.amount)


@expense.derive("total_all", clauses=[D1, D3], inputs=["case", "path"], description=Text(
    "Cộng dồn theo dự toán kể cả khoản chi này (tính mọi khoản khác cùng ngày)",
    "Running total on the estimate with this expenditure (every other one of the same day)"))
def _total_all(case: Case, path: str) -> int:
    totals = case.running_totals(path)
    return int(totals.estimate_all + totals.amount)


@expense.derive("year_total_none", clauses=[D2], inputs=["case", "path"], description=Text(
    "Cộng dồn trong năm cho cùng nội dung chi, kể cả khoản này (không tính các khoản cùng ngày)",
    "The year's running total for the same content, with this one (no other of the same day)"))
def _year_total_none(case: Case, path: str) -> int:
    # Case.spent_in_year_before(year, category, path, same_day="none") and this one.
    totals = case.running_totals(path)
    return int(totals.year_category_none + totals.amount)


@expense.derive("year_total_all", clauses=[D2], inputs=["case", "path"], description=Text(
    "Cộng dồn trong năm cho cùng nội dung chi, kể cả khoản này (tính mọi khoản khác cùng ngày)",
    "The year's running total for the same content, with this one (every other of the same day)"))
def _year_total_all(case: Case, path: str) -> int:
    totals = case.running_totals(path)
    return int(totals.year_category_all + totals.amount)


declare_in_force(expense)


@expense.derive("year", clauses=[D1, D2], inputs=["spent_on"], description=Text(
    "Năm ngân sách của khoản chi: năm của ngày chi", "The budget year: the year of the day spent"))
def _budget_year(spent_on: dt.date) -> int:
    return spent_on.year


@expense.derive("limit_count", clauses=[D2], inputs=["limits"], description=Text(
    "Số định mức chi áp dụng cho nội dung chi", "How many spending limits apply to the content"))
def _limit_count(limits: list[tuple[str, SpendingLimit]]) -> int:
    return len(limits)


@expense.derive("limit_ids", clauses=[D2], inputs=["limits"], description=Text(
    "Các định mức chi áp dụng (để giải thích)", "The spending limits that apply (for the reasons)"))
def _limit_ids(limits: list[tuple[str, SpendingLimit]]) -> str:
    return _clip(", ".join(lim.id or lpath for lpath, lim in limits))


@expense.scope
def _expense_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    path, x = case.by_id("expenditures", scope.args["expenditure"])
    facts: list[dict[str, Any]] = []
    if x.estimate is not None:
        facts += _charged_facts(case, x.estimate)  # the estimate, its approving agency
    decider = ref(x.decided_by)
    facts += power_fact(scope, decider, "decide_expenditure", x.date)
    facts.append(_content_facts(x.category))
    limits, limit_facts = _limits_of(case, x.category)
    facts += limit_facts
    return ScopeResult(
        {"expenditure": scope.args["expenditure"], "day": day(x.date),
         "year": scope.derive("year", spent_on=x.date),
         "in_force": scope.derive("in_force", day=x.date), "amount": x.amount, "decided_by": decider,
         # An enum member's ``_value_`` is its ``value`` without the Python-level property
         # (about 0.3 us each).
         "purpose": x.purpose._value_, "budget_line": x.budget_line._value_,
         "category": x.category._value_, "estimate": ref(x.estimate),
         # Written out, not a comprehension over the names: one frame less on every ask.
         "spent_none": scope.derive("spent_none", case=case, path=path),
         "spent_all": scope.derive("spent_all", case=case, path=path),
         "total_none": scope.derive("total_none", case=case, path=path),
         "total_all": scope.derive("total_all", case=case, path=path),
         "year_total_none": scope.derive("year_total_none", case=case, path=path),
         "year_total_all": scope.derive("year_total_all", case=case, path=path),
         "limit_count": scope.derive("limit_count", limits=limits),
         "limit_ids": scope.derive("limit_ids", limits=limits)},
        facts, sources=(path,),
    )


# The facts of an expenditure's estimate, content and limits are the same for every expenditure
# of a case charged to that estimate or of that category: each made once per loaded case
# (kgrules.scope.PerCase) or per entry of CONTENTS, and handed to every ask as the same
# read-only objects (kgrules.scope.SharedFact), which the engine checks and encodes once, not
# per ask (a 10,000-expenditure audit made, copied, checked and encoded them 10,000 times
# over). Lower case: an UPPER_CASE global of a rule module is a table, which the rules' version
# digests.
_charged_made: PerCase[str, tuple[SharedFact, ...]] = PerCase(MAX_RECORDS)
_limits_made: PerCase[SpendingCategory, tuple[tuple[Indexed[SpendingLimit], ...],
                                              tuple[SharedFact, ...]]] = PerCase(
    len(SpendingCategory))
_contents_made: dict[SpendingCategory, tuple[Content, SharedFact]] = {}


def _charged_facts(case: Case, estimate_id: str) -> list[dict[str, Any]]:
    """The estimate ``estimate_id`` and the agency that approved it, as the expense scope
    gives them (the same facts whichever expenditure is charged to it)."""
    made = _charged_made.get(case, estimate_id)
    if made is None:
        est_path, be = case.by_id("estimates", estimate_id)
        made = tuple(map(SharedFact, (_estimate_fact(est_path, be),
                                      *agency_facts(case, [ref(be.approved_by)]))))
        _charged_made.put(case, estimate_id, made)
    return list(made)


def _content_facts(category: SpendingCategory) -> SharedFact:
    """:func:`_content_fact`, made once per entry of :data:`CONTENTS` (a changed entry is
    made again)."""
    content = CONTENTS[category]
    kept = _contents_made.get(category)
    if kept is None or kept[0] is not content:
        kept = _contents_made[category] = (content, SharedFact(_content_fact(category)))
    return kept[1]


def _limits_of(case: Case, category: SpendingCategory
               ) -> tuple[tuple[Indexed[SpendingLimit], ...], tuple[SharedFact, ...]]:
    """The limits the case supplies for ``category`` (``Case.spending_limits_for``) and their
    facts, both made once per loaded case."""
    made = _limits_made.get(case, category)
    if made is None:
        limits = case.spending_limits_for(category)
        made = (limits, tuple(SharedFact(_limit_fact(lpath, lim)) for lpath, lim in limits))
        _limits_made.put(case, category, made)
    return made


expense.rule(
    "in-force", condition="applicable", status=HOLDS, clauses=[D3],
    when=[e.in_force == True],
    because=Text("Khoản chi {e.expenditure} ngày {e.day:date}: {e.amount:money}",
                 "Expenditure {e.expenditure} of {e.day:date}: {e.amount:money}"),
)
expense.rule(
    "before-effect", condition="applicable", status=NA, clauses=[EFFECT],
    when=[e.in_force == False], because=in_force_text(),
)

# --- đoạn 3: "Thường trực Ban chỉ đạo [...] quyết định các khoản chi" ------------------------------
# Whether the decider was the Standing office that day is authority.may_act's answer about
# decide_expenditure (issue 12, item 4), under point 7 (standing_office), which may_act reads:
# one rule per way it gives (the Standing Deputy; the standing agency's head under the wider
# reading, khoản 2 Điều 2).
_DECIDER = (pd.person == e.decided_by, pd.act == "decide_expenditure", pd.on == e.day)
for way, clauses in (("standing_office-standing-deputy", [D3]),
                     ("standing_office-standing-agency-head", [D3, K22])):
    expense.rule(
        "decided-" + way.partition("-")[2], condition="decided", status=HOLDS, clauses=clauses,
        when=[*_DECIDER, pd.outcome == "yes", pd.way == way, e.i_standing_office != ""],
        because=Text("Quyết định chi ngày {e.day:date} (authority.may_act: CÓ): {pd.why_vi}",
                     "Decided on {e.day:date} (authority.may_act: yes): {pd.why_en}"),
    )
expense.rule(
    "decided-by-other", condition="decided", status=FAILS, clauses=[D3], fallback=True,
    when=[*_DECIDER, pd.outcome != "yes", pd.outcome != "unknown", e.i_standing_office != ""],
    because=Text("Khoản chi do {e.decided_by} quyết định, người không phải Thường trực Ban Chỉ đạo "
                 "vào ngày {e.day:date} (theo cách hiểu đã chọn; authority.may_act: "
                 "{pd.outcome})",
                 "The expenditure was decided by {e.decided_by}, who was not the Standing office "
                 "on {e.day:date} (under the chosen reading; authority.may_act: {pd.outcome})"),
)
expense.rule(
    "decider-authority-unknown", condition="decided", status=UNKNOWN, clauses=[D3],
    when=[*_DECIDER, pd.outcome == "unknown", e.i_standing_office != ""],
    because=Text("Chưa xác định được {pd.name} ({pd.person}) có phải Thường trực Ban Chỉ đạo vào "
                 "ngày {e.day:date} không (authority.may_act: CHƯA XÁC ĐỊNH): {pd.why_vi}",
                 "Whether {pd.name} ({pd.person}) was the Standing office on {e.day:date} is not "
                 "established (authority.may_act: unknown): {pd.why_en}"),
    missing=(Missing(MAY_ACT, Text("Các dữ kiện về thẩm quyền của người quyết định chi (xem câu "
                                   "hỏi authority.may_act)", "The facts about the decider's "
                                   "authority (see authority.may_act)"),
                     Text("Thường trực Ban Chỉ đạo → điều kiện đáp ứng; không → KHÔNG",
                          "the Standing office → this condition holds; not → no")),),
)
expense.rule(
    "decider-unknown", condition="decided", status=UNKNOWN, clauses=[D3],
    when=[e.decided_by == ""],
    because=Text("Không rõ ai quyết định khoản chi {e.expenditure}",
                 "Who decided expenditure {e.expenditure} is not recorded"),
    missing=(Missing("expenditures[].decided_by", Text("Người quyết định chi", "Who decided it"),
                     Text("Thường trực Ban Chỉ đạo → điều kiện đáp ứng; người khác → KHÔNG",
                          "the Standing office → this condition holds; anyone else → no")),),
)

# --- đoạn 1 and 3: "kinh phí hoạt động của Ban Chỉ đạo và Tổ giúp việc" -----------------------------
for purpose, vi, en in ((SpendingPurpose.COMMITTEE, "Ban Chỉ đạo", "the committee"),
                        (SpendingPurpose.HELPER_TEAM, "Tổ giúp việc", "the helper team")):
    expense.rule(
        f"purpose-{purpose.value}", condition="purpose", status=HOLDS, clauses=[D1, D3],
        when=[e.purpose == purpose.value],
        because=Text("Chi cho hoạt động của " + vi, "For the activity of " + en),
    )
expense.rule(
    "purpose-other", condition="purpose", status=FAILS, clauses=[D1, D3],
    when=[e.purpose == SpendingPurpose.OTHER.value],
    because=Text("Khoản chi không phục vụ hoạt động của Ban Chỉ đạo hay Tổ giúp việc",
                 "The expenditure is not for the activity of the committee or the helper team"),
)

# --- đoạn 1: "từ nguồn kinh phí hoạt động sự nghiệp được UBND tỉnh Kiên Giang giao hàng năm cho Sở
# Thông tin và Truyền thông do ngân sách tỉnh cấp" ------------------------------------------------
expense.rule(
    "operational-budget", condition="budget", status=HOLDS, clauses=[D1],
    when=[e.budget_line == BudgetLine.DIC_OPERATIONAL.value],
    because=Text("Chi từ kinh phí hoạt động sự nghiệp giao hằng năm cho Sở TT&TT",
                 "Charged to the Sở TT&TT's annual operational budget"),
)
expense.rule(
    "other-budget", condition="budget", status=FAILS, clauses=[D1],
    when=[e.budget_line == BudgetLine.OTHER.value],
    because=Text("Chi từ nguồn khác, không phải kinh phí hoạt động sự nghiệp giao cho Sở TT&TT",
                 "Charged to another budget, not the Sở TT&TT's operational budget"),
)

# --- đoạn 1: the year's estimate, approved by the UBND tỉnh -----------------------------------------
_CHARGED = (est.id == e.estimate,)
_APPROVER = (*_CHARGED, ag.id == est.approved_by)
_APPROVED = (*_APPROVER, est.year == e.year, ag.kind == PPC, est.has_approved_on == True,
             ag.first <= est.approved_on, ag.last >= est.approved_on)
expense.rule(
    "estimate-approved", condition="approved_estimate", status=HOLDS, clauses=[D1],
    when=[*_APPROVED, est.approved_on < e.day],
    because=Text("Dự toán {est.id} năm {est.year} đã được {ag.name} phê duyệt ngày "
                 "{est.approved_on:date}, trước ngày chi", "Estimate {est.id} for {est.year} was "
                 "approved by {ag.name} on {est.approved_on:date}, before the expenditure"),
)
# Approved on the very day of the expenditure: in time (records carry days, not hours), but not
# "before" it, which the reason above would say.
expense.rule(
    "estimate-approved-same-day", condition="approved_estimate", status=HOLDS, clauses=[D1],
    when=[*_APPROVED, est.approved_on == e.day],
    because=Text("Dự toán {est.id} năm {est.year} đã được {ag.name} phê duyệt ngày "
                 "{est.approved_on:date}, cùng ngày chi", "Estimate {est.id} for {est.year} was "
                 "approved by {ag.name} on {est.approved_on:date}, the day of the expenditure"),
)
expense.rule(
    "no-estimate", condition="approved_estimate", status=FAILS, clauses=[D1],
    when=[e.estimate == ""],
    because=Text("Khoản chi không thuộc dự toán nào", "The expenditure is charged to no estimate"),
)
expense.rule(
    "estimate-other-year", condition="approved_estimate", status=FAILS, clauses=[D1],
    when=[*_CHARGED, est.year != e.year],
    because=Text("Khoản chi năm {e.year} lại tính vào dự toán {est.id} của năm {est.year}",
                 "An expenditure of {e.year} charged to {est.id}, the estimate for {est.year}"),
)
expense.rule(
    "approved-after", condition="approved_estimate", status=FAILS, clauses=[D1],
    when=[*_CHARGED, est.has_approved_on == True, est.approved_on > e.day],
    because=Text("Dự toán {est.id} được phê duyệt ngày {est.approved_on:date}, sau ngày chi "
                 "{e.day:date}", "Estimate {est.id} was approved on {est.approved_on:date}, "
                 "after the expenditure ({e.day:date})"),
)
expense.rule(
    "approver-not-ppc", condition="approved_estimate", status=FAILS, clauses=[D1],
    when=[*_APPROVER, ag.kind != PPC],
    because=Text("Dự toán {est.id} do {ag.name} phê duyệt, không phải Ủy ban nhân dân tỉnh",
                 "Estimate {est.id} was approved by {ag.name}, not the Provincial People's "
                 "Committee"),
)
for name, test, vi, en in (
    ("approver-not-yet", ag.first > est.approved_on, "chưa được thành lập", "did not yet exist"),
    ("approver-dissolved", ag.last < est.approved_on, "đã không còn", "no longer existed"),
):
    expense.rule(
        name, condition="approved_estimate", status=FAILS, clauses=[D1],
        when=[*_APPROVER, ag.kind == PPC, est.has_approved_on == True, test],
        because=Text("Ngày phê duyệt dự toán {est.id} ({est.approved_on:date}), {ag.name} " + vi,
                     "On the day estimate {est.id} was approved ({est.approved_on:date}), "
                     "{ag.name} " + en),
    )
expense.rule(
    "approval-unknown", condition="approved_estimate", status=UNKNOWN, clauses=[D1],
    when=[*_CHARGED, est.approved_by == ""],
    because=Text("Không rõ dự toán {est.id} đã được phê duyệt chưa",
                 "Whether estimate {est.id} was approved is not recorded"),
    missing=(Missing("estimates[].approved_by, approved_on",
                     Text("Cơ quan và ngày phê duyệt dự toán", "Who approved the estimate, and when"),
                     Text("UBND tỉnh, không muộn hơn ngày chi → điều kiện đáp ứng",
                          "the Provincial People's Committee, by the day of the expenditure → "
                          "this condition holds")),),
)
expense.rule(
    "approval-date-unknown", condition="approved_estimate", status=UNKNOWN, clauses=[D1],
    when=[*_CHARGED, est.approved_by != "", est.has_approved_on == False],
    because=Text("Không rõ ngày phê duyệt dự toán {est.id}",
                 "The day estimate {est.id} was approved is not recorded"),
    missing=(Missing("estimates[].approved_on", Text("Ngày phê duyệt dự toán",
                                                     "The day the estimate was approved"),
                     Text("không muộn hơn ngày chi → điều kiện đáp ứng; muộn hơn → KHÔNG",
                          "by the day of the expenditure → this condition holds; later → no")),),
)

# --- đoạn 1 and 3: within the estimate, counting everything spent on it before ---------------------
expense.rule(
    "within-estimate", condition="within_estimate", status=HOLDS, clauses=[D1, D3],
    when=[*_CHARGED, est.amount >= e.total_all],
    because=Text("Đã chi từ dự toán {est.id} trước khoản này {e.spent_all:money} (kể cả mọi khoản "
                 "chi cùng ngày); cộng khoản này là {e.total_all:money}, không vượt dự toán "
                 "{est.amount:money}", "Spent on estimate {est.id} before this one: "
                 "{e.spent_all:money} (every same-day payment included); with this one "
                 "{e.total_all:money}, within the estimate of {est.amount:money}"),
)
expense.rule(
    "over-estimate", condition="within_estimate", status=FAILS, clauses=[D1, D3],
    when=[*_CHARGED, est.amount < e.total_none],
    because=Text("Đã chi từ dự toán {est.id} trước ngày {e.day:date}: {e.spent_none:money}; cộng "
                 "khoản này là {e.total_none:money}, vượt dự toán {est.amount:money}",
                 "Spent on estimate {est.id} before {e.day:date}: {e.spent_none:money}; with this "
                 "one {e.total_none:money}, above the estimate of {est.amount:money}"),
)
_SAME_DAY_ORDER = Missing(
    "expenditures[].date (thứ tự chi trong ngày / order within the day)",
    Text("Thứ tự (giờ) của các khoản chi cùng ngày", "The order (time) of the same-day payments"),
    Text("khoản này chi trước các khoản cùng ngày → có thể đáp ứng; chi sau → KHÔNG",
         "paid before the other same-day payments → may hold; after them → no"),
)
expense.rule(
    "same-day-order-estimate", condition="within_estimate", status=UNKNOWN, clauses=[D1, D3],
    when=[*_CHARGED, est.amount >= e.total_none, est.amount < e.total_all],
    because=Text("Tính các khoản chi trước ngày {e.day:date}, tổng là {e.total_none:money}, không "
                 "vượt dự toán {est.amount:money} của {est.id}; tính cả các khoản chi cùng ngày, "
                 "tổng là {e.total_all:money}, vượt dự toán. Thứ tự ghi trong hồ sơ không phải là "
                 "dữ kiện pháp lý", "Counting the payments before {e.day:date}, the total is "
                 "{e.total_none:money}, within {est.id}'s {est.amount:money}; counting the "
                 "same-day payments too, it is {e.total_all:money}, above it. The order of the "
                 "records in the file is not a legal fact"),
    missing=(_SAME_DAY_ORDER,),
)
expense.rule(
    "no-estimate-to-count", condition="within_estimate", status=FAILS, clauses=[D1, D3],
    when=[e.estimate == ""],
    because=Text("Không có dự toán nào để tính khoản chi {e.amount:money} vào",
                 "No estimate to charge {e.amount:money} against"),
)

# --- đoạn 2: the contents the cited texts allow -----------------------------------------------------
_CONTENT = (ct.category == e.category,)
expense.rule(
    "content-allowed", condition="content", status=HOLDS, clauses=[D2],
    when=[*_CONTENT, ct.allowed == "yes"],
    because=Text("Nội dung chi \"{ct.label_vi}\" thực hiện theo {ct.basis_vi}. Mức chi: {ct.rates_vi}",
                 "The content \"{ct.label_en}\" is governed by {ct.basis_en}. Rates: {ct.rates_en}"),
)
# A content the named texts do not list: "… và theo các văn bản quy định khác có liên quan của
# Nhà nước" is the same catch-all that governs meetings, travel and allowances. Interpretation
# point 12 (unlisted_content): by default whether another relevant State text allows it is a
# judgement the rules cannot make (unknown); under not_allowed the list is closed (issue 12,
# item 8).
expense.rule(
    "content-not-allowed", condition="content", status=FAILS, clauses=[D2],
    when=[*_CONTENT, ct.allowed == "no", e.i_unlisted_content == "not_allowed"],
    because=Text("Nội dung chi \"{ct.label_vi}\" không được phép: {ct.basis_vi}",
                 "The content \"{ct.label_en}\" is not allowed: {ct.basis_en}"),
)
expense.rule(
    "content-not-listed", condition="content", status=UNKNOWN, clauses=[D2],
    when=[*_CONTENT, ct.allowed == "no", e.i_unlisted_content == "other_texts_may_allow"],
    because=Text("Nội dung chi \"{ct.label_vi}\": {ct.basis_vi}; nhưng đoạn 2 Điều 12 còn dẫn "
                 "\"các văn bản quy định khác có liên quan của Nhà nước\", nên chưa xác định "
                 "được nội dung này có được phép hay không",
                 "The content \"{ct.label_en}\": {ct.basis_en}; but Article 12, paragraph 2 also "
                 "cites \"the other relevant State rules\", so whether this content is allowed "
                 "is not established"),
    missing=(Missing("expenditures[].category", Text("Văn bản quy định khác có liên quan của Nhà "
                                                     "nước cho phép nội dung chi này (nếu có)",
                                                     "Another relevant State rule allowing this "
                                                     "content, if any"),
                     Text("có văn bản cho phép → điều kiện đáp ứng; không có → KHÔNG",
                          "a rule allows it → this condition holds; none does → no")),),
)
expense.rule(
    "content-unidentified", condition="content", status=UNKNOWN, clauses=[D2],
    when=[*_CONTENT, ct.allowed == "unknown"],
    because=Text("Nội dung chi \"{ct.label_vi}\": {ct.basis_vi}",
                 "The content \"{ct.label_en}\": {ct.basis_en}"),
    missing=(Missing("expenditures[].category", Text("Nội dung chi cụ thể và văn bản cho phép chi",
                                                     "The specific content and the text that "
                                                     "allows it"),
                     Text("thuộc nội dung được phép → điều kiện đáp ứng; không → KHÔNG",
                          "an allowed content → this condition holds; otherwise → no")),),
)

# --- đoạn 2: limits (định mức) supplied with the case ----------------------------------------------
_over_item, _over_year = Var("oi", LIMIT), Var("oy", LIMIT)
_NONE_OVER = (
    no(_over_item, _over_item.has_per_item == True, _over_item.per_item < e.amount),
    no(_over_year, _over_year.has_per_year == True, _over_year.per_year < e.year_total_all),
)
# "No limit exceeded" is one reason for all the limits of the category, named together.
expense.rule(
    "within-limits", condition="limits", status=HOLDS, clauses=[D2],
    when=[e.limit_count > 0, *_NONE_OVER],
    because=Text("Các định mức được cung cấp cho nội dung này ({e.limit_ids}) đều được tôn trọng: "
                 "khoản chi {e.amount:money}; chi cho nội dung này trong năm {e.year}, tính đến "
                 "khoản này, {e.year_total_all:money} (kể cả mọi khoản cùng ngày)",
                 "Every limit supplied for this content ({e.limit_ids}) is respected: "
                 "{e.amount:money} this time; {e.year_total_all:money} on this content in "
                 "{e.year} up to this payment (every same-day payment included)"),
)
expense.rule(
    "no-limit-supplied", condition="limits", status=HOLDS, clauses=[D2],
    when=[*_CONTENT, e.limit_count == 0],
    because=Text("Hồ sơ không cung cấp định mức nào cho nội dung \"{ct.label_vi}\". Các văn bản "
                 "được viện dẫn: {ct.rates_vi}", "The case supplies no limit for the content "
                 "\"{ct.label_en}\". The texts cited: {ct.rates_en}"),
)
expense.rule(
    "over-per-item", condition="limits", status=FAILS, clauses=[D2],
    when=[lm.category == e.category, lm.has_per_item == True, lm.per_item < e.amount],
    because=Text("Khoản chi {e.amount:money} vượt định mức {lm.id} ({lm.terms_vi}; nguồn: "
                 "{lm.source})", "{e.amount:money} exceeds limit {lm.id} ({lm.terms_en}; "
                 "source: {lm.source})"),
)
expense.rule(
    "over-per-year", condition="limits", status=FAILS, clauses=[D2],
    when=[lm.category == e.category, lm.has_per_year == True, lm.per_year < e.year_total_none],
    because=Text("Chi cho nội dung này trong năm {e.year}, tính các khoản trước ngày {e.day:date} "
                 "và khoản này, là {e.year_total_none:money}, vượt định mức {lm.id} "
                 "({lm.terms_vi}; nguồn: {lm.source})", "Spending on this content in {e.year}, "
                 "counting the payments before {e.day:date} and this one, is "
                 "{e.year_total_none:money}, above limit {lm.id} ({lm.terms_en}; source: "
                 "{lm.source})"),
)
expense.rule(
    "same-day-order-limit", condition="limits", status=UNKNOWN, clauses=[D2],
    when=[lm.category == e.category, lm.has_per_year == True,
          lm.per_year >= e.year_total_none, lm.per_year < e.year_total_all],
    because=Text("Tính các khoản chi trước ngày {e.day:date}, chi cho nội dung này trong năm là "
                 "{e.year_total_none:money}, trong định mức {lm.id} ({lm.terms_vi}); tính cả các "
                 "khoản cùng ngày là {e.year_total_all:money}, vượt định mức",
                 "Counting the payments before {e.day:date}, spending on this content in the "
                 "year is {e.year_total_none:money}, within limit {lm.id} ({lm.terms_en}); "
                 "counting the same-day payments too it is {e.year_total_all:money}, above it"),
    missing=(_SAME_DAY_ORDER,),
)
EXPENSE_AUTHORISED = expense.build()


# =================================================================================================
# đoạn 3 Điều 12: "[Thường trực Ban chỉ đạo chịu trách nhiệm] quyết toán tài chính hàng năm với Sở
# Tài chính đúng theo các quy định hiện hành của Nhà nước."
# A year is settled when one settlement record is valid in full. Defects of a record are fallbacks
# and its missing facts ordinary rules (guarded so that they fire only when nothing definite is
# wrong with that record), so one record whose facts are missing keeps the answer open even when
# another record is defective.
# =================================================================================================

SETTLE = FactType(
    "settlement",
    {"id": str, "year": int, "settled_by": str, "settled_with": str, "settled_on": int,
     "has_settled_on": bool},
)

settle = QuestionBuilder(
    "dieu12.settlement_valid",
    title=Text(
        "Kinh phí năm này có được Thường trực Ban Chỉ đạo quyết toán với Sở Tài chính không?",
        "Was the year's account settled with the Department of Finance by the Standing office?",
    ),
    clauses=(D3,),
    arguments=(Arg("year", "year", Text("Năm quyết toán", "The year settled")),),
    conditions=(
        APPLICABLE,
        Condition("settled", Text("Thường trực quyết toán với Sở Tài chính sau khi hết năm",
                                  "Settled by the Standing office with the Department of Finance "
                                  "after the year")),
    ),
    evaluate={"year": int, "in_force": bool, "year_end": int, "complete": bool},
    facts=(SETTLE, AGENCY, POWER),
    switches=("standing_office",),
    module=__name__,
    depends_on=(MAY_ACT,),
    reads={"complete": "complete.settlements"},
)
e, s, ag = settle.e, settle.var("s", SETTLE), settle.var("ag", AGENCY)
ps = settle.var("ps", POWER)


@settle.derive("year_end", clauses=[D3], inputs=["year"], description=Text(
    "Ngày cuối năm ngân sách (31/12)", "The last day of the budget year (31 December)"))
def _year_end(year: int) -> int:
    return day(dt.date(year, 12, 31))


@settle.derive("in_force", clauses=[EFFECT], inputs=["year"], description=Text(
    "Quy chế có hiệu lực trước khi năm ngân sách kết thúc",
    "The regulation is in force before the budget year ends"))
def _year_in_force(year: int) -> bool:
    return dt.date(year, 12, 31) >= effective_date()


@settle.scope
def _settle_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    year = int(scope.args["year"])
    found = case.settlements_for(year)
    facts = [fact("settlement", path, id=st.id, year=st.year, settled_by=ref(st.settled_by),
                  settled_with=ref(st.settled_with), settled_on=day(st.settled_on),
                  has_settled_on=st.settled_on is not None)
             for path, st in found]
    facts += agency_facts(case, [ref(st.settled_with) for _, st in found])
    # Whether the settler was the Standing office that day: authority.may_act's answer about
    # settle_accounts (issue 12, item 4), one power fact per settler and day.
    facts += power_facts(scope, "settle_accounts",
                         ((ref(st.settled_by), st.settled_on) for _, st in found))
    return ScopeResult(
        {"year": year, "in_force": scope.derive("in_force", year=year),
         "year_end": scope.derive("year_end", year=year),
         "complete": case.is_complete("settlements")},
        facts,
    )


settle.rule(
    "in-force", condition="applicable", status=HOLDS, clauses=[D3],
    when=[e.in_force == True],
    because=Text("Quyết toán kinh phí năm {e.year}", "The settlement of {e.year}'s account"),
)
settle.rule(
    "before-effect", condition="applicable", status=NA, clauses=[EFFECT],
    when=[e.in_force == False], because=in_force_text(),
)
_WITH_FINANCE: tuple[Test, ...] = (ag.id == s.settled_with, ag.kind == FINANCE)
_FINANCE_ON_DAY: tuple[Test, ...] = (*_WITH_FINANCE, ag.first <= s.settled_on, ag.last >= s.settled_on)
_AFTER_YEAR = (s.has_settled_on == True, s.settled_on > e.year_end)
# "Thường trực Ban chỉ đạo … quyết toán tài chính hằng năm với Sở Tài chính": whether who settled
# was the Standing office that day is authority.may_act's answer about settle_accounts (issue 12,
# item 4), under point 7 (standing_office), which may_act reads: one pair of rules per way it
# gives (the Standing Deputy Head, under every reading; the head of the standing agency, under
# the wider reading only, whose agency hosts the office, khoản 2 Điều 2).
_SETTLER = (ps.person == s.settled_by, ps.act == "settle_accounts", ps.on == s.settled_on)
_SETTLED_WITH_FINANCE = Text(
    "Quyết toán {s.id} với {ag.name} ngày {s.settled_on:date}, sau khi hết năm {e.year}: ",
    "Settlement {s.id} with {ag.name} on {s.settled_on:date}, after the end of {e.year}: ")
_MAY_SETTLE = Text("{ps.name} là Thường trực Ban Chỉ đạo (authority.may_act: CÓ): {ps.why_vi}",
                   "{ps.name} was the Standing office (authority.may_act: yes): {ps.why_en}")
# Open: the counterpart is not recorded, nothing else is wrong.
_COUNTERPART_UNKNOWN = Text(
    "Quyết toán {s.id} ngày {s.settled_on:date} không ghi cơ quan quyết toán cùng",
    "Settlement {s.id} of {s.settled_on:date} does not say with which agency")
_MISSING_COUNTERPART = Missing("settlements[].settled_with",
                               Text("Cơ quan cùng quyết toán", "The agency it was settled with"),
                               Text("Sở Tài chính → CÓ; cơ quan khác → KHÔNG",
                                    "the Department of Finance → yes; another agency → no"))
for way, clauses in (("standing_office-standing-deputy", [D3]),
                     ("standing_office-standing-agency-head", [D3, K22])):
    name = way.partition("-")[2]
    _MAY = (*_SETTLER, ps.outcome == "yes", ps.way == way, e.i_standing_office != "")
    settle.rule(
        f"settled-{name}", condition="settled", status=HOLDS, clauses=clauses,
        when=[s.year == e.year, *_AFTER_YEAR, *_FINANCE_ON_DAY, *_MAY],
        because=Text(_SETTLED_WITH_FINANCE.vi + _MAY_SETTLE.vi,
                     _SETTLED_WITH_FINANCE.en + _MAY_SETTLE.en),
    )
    settle.rule(
        f"counterpart-unknown-{name}", condition="settled", status=UNKNOWN, clauses=clauses,
        when=[s.year == e.year, *_AFTER_YEAR, s.settled_with == "", *_MAY],
        because=_COUNTERPART_UNKNOWN, missing=(_MISSING_COUNTERPART,),
    )
# Open: authority.may_act cannot tell whether the settler was the Standing office that day (their
# positions or offices that day not known), nothing else is wrong (with the Department of
# Finance on the day; or with no counterpart recorded either).
_MISSING_SETTLER_POWER = Missing(
    MAY_ACT, Text("Các dữ kiện về thẩm quyền của người quyết toán (xem câu hỏi authority.may_act)",
                  "The facts about the settler's authority (see authority.may_act)"),
    Text("Thường trực Ban Chỉ đạo → điều kiện đáp ứng; không → KHÔNG",
         "the Standing office → this condition holds; not → no"))
_SETTLER_POWER_UNKNOWN = Text(
    "Chưa xác định được {ps.name} ({ps.person}) có phải Thường trực Ban Chỉ đạo vào ngày "
    "{s.settled_on:date} không (authority.may_act: CHƯA XÁC ĐỊNH): {ps.why_vi}",
    "Whether {ps.name} ({ps.person}) was the Standing office on {s.settled_on:date} is not "
    "established (authority.may_act: unknown): {ps.why_en}")
for suffix, counterpart in (("", _FINANCE_ON_DAY), ("-counterpart-unknown", (s.settled_with == "",))):
    settle.rule(
        f"settler-authority-unknown{suffix}", condition="settled", status=UNKNOWN, clauses=[D3],
        when=[s.year == e.year, *_AFTER_YEAR, *counterpart, *_SETTLER, ps.outcome == "unknown",
              e.i_standing_office != ""],
        because=_SETTLER_POWER_UNKNOWN, missing=(_MISSING_SETTLER_POWER,),
    )
# Open: who settled is not recorded, nothing else is wrong (with the Department of Finance on
# the day; or with no counterpart recorded either).
_SETTLER_UNKNOWN = Text("Quyết toán {s.id} ngày {s.settled_on:date} không ghi người thực hiện",
                        "Settlement {s.id} of {s.settled_on:date} does not say who settled")
_MISSING_SETTLER = Missing("settlements[].settled_by", Text("Người thực hiện quyết toán",
                                                            "Who settled"),
                           Text("Thường trực Ban Chỉ đạo → có thể CÓ; người khác → KHÔNG",
                                "the Standing office → possibly yes; anyone else → no"))
settle.rule(
    "settler-unknown", condition="settled", status=UNKNOWN, clauses=[D3],
    when=[s.year == e.year, *_AFTER_YEAR, s.settled_by == "", *_FINANCE_ON_DAY],
    because=_SETTLER_UNKNOWN, missing=(_MISSING_SETTLER,),
)
settle.rule(
    "settler-unknown-counterpart-unknown", condition="settled", status=UNKNOWN, clauses=[D3],
    when=[s.year == e.year, *_AFTER_YEAR, s.settled_by == "", s.settled_with == ""],
    because=_SETTLER_UNKNOWN, missing=(_MISSING_SETTLER,),
)
# Open: the day is not recorded (so neither the timing nor who was the Standing office then),
# with the Department of Finance, or with no counterpart recorded either.
_DATE_UNKNOWN = Text("Quyết toán {s.id} không ghi ngày", "Settlement {s.id} carries no date")
_MISSING_DATE = Missing("settlements[].settled_on", Text("Ngày quyết toán", "The day settled"),
                        Text("sau khi hết năm, do Thường trực → có thể CÓ; trong năm → KHÔNG",
                             "after the year, by the Standing office → possibly yes; within the "
                             "year → no"))
settle.rule(
    "date-unknown", condition="settled", status=UNKNOWN, clauses=[D3],
    when=[s.year == e.year, s.has_settled_on == False, *_WITH_FINANCE],
    because=_DATE_UNKNOWN, missing=(_MISSING_DATE,),
)
settle.rule(
    "date-unknown-counterpart-unknown", condition="settled", status=UNKNOWN, clauses=[D3],
    when=[s.year == e.year, s.has_settled_on == False, s.settled_with == ""],
    because=_DATE_UNKNOWN, missing=(_MISSING_DATE,),
)
settle.rule(
    "not-finance", condition="settled", status=FAILS, clauses=[D3], fallback=True,
    when=[s.year == e.year, ag.id == s.settled_with, ag.kind != FINANCE],
    because=Text("Quyết toán {s.id} với {ag.name}, không phải Sở Tài chính",
                 "Settlement {s.id} was made with {ag.name}, not the Department of Finance"),
)
settle.rule(
    "finance-not-yet", condition="settled", status=FAILS, clauses=[D3], fallback=True,
    when=[s.year == e.year, *_WITH_FINANCE, s.has_settled_on == True, ag.first > s.settled_on],
    because=Text("Ngày quyết toán {s.id} ({s.settled_on:date}), {ag.name} chưa được thành lập",
                 "On the day of settlement {s.id} ({s.settled_on:date}), {ag.name} did not yet "
                 "exist"),
)
settle.rule(
    "finance-dissolved", condition="settled", status=FAILS, clauses=[D3], fallback=True,
    when=[s.year == e.year, *_WITH_FINANCE, s.has_settled_on == True, ag.last < s.settled_on],
    because=Text("Ngày quyết toán {s.id} ({s.settled_on:date}), {ag.name} đã không còn",
                 "On the day of settlement {s.id} ({s.settled_on:date}), {ag.name} no longer "
                 "existed"),
)
settle.rule(
    "within-year", condition="settled", status=FAILS, clauses=[D3], fallback=True,
    when=[s.year == e.year, s.has_settled_on == True, s.settled_on <= e.year_end],
    because=Text("Quyết toán {s.id} ngày {s.settled_on:date}, khi năm {e.year} chưa kết thúc: quyết "
                 "toán hằng năm được thực hiện sau khi hết năm",
                 "Settlement {s.id} of {s.settled_on:date} was made before {e.year} ended: the "
                 "annual settlement follows the end of the year"),
)
# Settled after the year by someone who was not the Standing office that day: with the
# Department of Finance, or with no counterpart recorded.
_NOT_STANDING_OFFICE = Text(
    "Quyết toán {s.id} do {s.settled_by} thực hiện ngày {s.settled_on:date}, người không phải "
    "Thường trực Ban Chỉ đạo vào ngày đó (theo cách hiểu đã chọn; authority.may_act: "
    "{ps.outcome})",
    "Settlement {s.id} was made on {s.settled_on:date} by {s.settled_by}, who was not the "
    "Standing office on that day (under the chosen reading; authority.may_act: {ps.outcome})")
_NOT_MAY = (*_SETTLER, ps.outcome != "yes", ps.outcome != "unknown", e.i_standing_office != "")
settle.rule(
    "not-standing-office", condition="settled", status=FAILS, clauses=[D3], fallback=True,
    when=[s.year == e.year, *_AFTER_YEAR, s.settled_by != "", *_FINANCE_ON_DAY, *_NOT_MAY],
    because=_NOT_STANDING_OFFICE,
)
settle.rule(
    "not-standing-office-counterpart-unknown", condition="settled", status=FAILS, clauses=[D3],
    fallback=True,
    when=[s.year == e.year, *_AFTER_YEAR, s.settled_by != "", s.settled_with == "", *_NOT_MAY],
    because=_NOT_STANDING_OFFICE,
)
_ns = Var("ns", SETTLE)
settle.rule(
    "none", condition="settled", status=FAILS, clauses=[D3], fallback=True,
    when=[e.in_force == True, e.complete == True, no(_ns, _ns.year == e.year)],
    because=Text("Hồ sơ quyết toán (được khai là đầy đủ) không có quyết toán nào của năm {e.year}",
                 "The settlement records (declared complete) hold none for {e.year}"),
)
settle.rule(
    "none-known", condition="settled", status=UNKNOWN, clauses=[D3], fallback=True,
    when=[e.complete == False, no(_ns, _ns.year == e.year)],
    because=Text("Không có quyết toán nào của năm {e.year} được ghi nhận",
                 "No settlement of {e.year} is recorded"),
    missing=(Missing("settlements", Text("Quyết toán năm với Sở Tài chính",
                                         "The year's settlement with the Department of Finance"),
                     Text("có, hợp lệ → CÓ; khai hồ sơ đầy đủ mà không có → KHÔNG",
                          "present and valid → yes; records declared complete without it → no")),),
)
settle.rule(
    "none-before-effect", condition="settled", status=NA, clauses=[EFFECT], fallback=True,
    when=[e.in_force == False, e.complete == True, no(_ns, _ns.year == e.year)],
    because=in_force_text(),
)
SETTLEMENT_VALID = settle.build()

QUESTIONS = (ESTIMATE_VALID, EXPENSE_AUTHORISED, SETTLEMENT_VALID)


# =================================================================================================
# The year's audit: what it asks of each question (kgrules.obligations)
# =================================================================================================

AUDIT = {q.id: Audited("spending") for q in QUESTIONS}
