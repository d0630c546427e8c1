"""Điều 3. Nhiệm vụ, quyền hạn của Ban Chỉ đạo — Article 3. The committee's duties and powers.

``dieu3.within_powers(action)`` asks whether something the committee did or attempted as a body
(a ``CommitteeAction``) is within its duties and powers. Actions are described by a documented
vocabulary of kinds (``kgrules.facts.ActionKind``); each kind the regulation gives the committee
maps to its clause, each kind it gives to someone else is *no*, naming who holds that power.
``other`` (a kind the vocabulary does not name) is *unknown*: the rules cannot classify it.

Whether the person who acted could act for the committee is a different question (who holds
which power inside the committee: ``authority.may_act``); this one is about the committee's
powers as a body, so it looks at the kind of act and its date only.

The vocabulary / Bảng các loại việc (kind — clause — allowed, or reserved to whom; then the
Vietnamese and the English):

======================== ================= =====================================================
kind                     clause            allowed / reserved to
======================== ================= =====================================================
build_plans              khoản 1 Điều 3    allowed
  vi: Giúp UBND tỉnh xây dựng kế hoạch tổng thể, từng giai đoạn, hằng năm về ứng dụng CNTT
  en: Help the UBND tỉnh build overall, phased and annual IT plans
direct_and_inspect       khoản 2 Điều 3    allowed
  vi: Làm việc trực tiếp với sở, ngành, địa phương để chỉ đạo, kiểm tra, đôn đốc kế hoạch
  en: Work directly with departments and localities to direct, inspect and urge the plan
monitor_and_report       khoản 2 Điều 3    allowed
  vi: Theo dõi, kiểm tra, tổng hợp, định kỳ báo cáo UBND tỉnh
  en: Monitor, inspect, compile and report periodically to the UBND tỉnh
evaluate                 khoản 3 Điều 3    allowed
  vi: Đánh giá tình hình, kết quả ứng dụng CNTT ở các ngành, địa phương
  en: Evaluate IT application in sectors and localities
propose_policies         khoản 3 Điều 3    allowed
  vi: Tham mưu, đề xuất cơ chế, chính sách
  en: Advise on and propose mechanisms and policies
recommend_rules          khoản 3 Điều 3    allowed
  vi: Kiến nghị Chủ tịch UBND tỉnh ban hành quy định, giải pháp
  en: Recommend that the Chairman of the UBND tỉnh issue rules and measures
requisition_staff        khoản 4 Điều 3    allowed
  vi: Trưng dụng cán bộ, công chức chuyên môn của các sở, ngành
  en: Requisition specialist staff of departments
form_helper_team         khoản 4 Điều 3    allowed
  vi: Thành lập Tổ giúp việc (khi cần thiết)
  en: Form the helper team (when needed)
use_equipment            khoản 5 Điều 3    allowed
  vi: Sử dụng phương tiện làm việc của cơ quan
  en: Use the agency's working equipment
guide_departments        khoản 3 Điều 4    allowed
  vi: Chỉ đạo, kiểm tra, hướng dẫn sở, ngành, địa phương
  en: Direct, inspect and guide departments, localities and bodies
issue_provincial_rules   khoản 3 Điều 3    reserved to the Chairman of the UBND tỉnh (the
                                           committee only recommends)
  vi: Ban hành quy định của tỉnh
  en: Issue provincial rules
allocate_budget          đoạn 1 Điều 12    reserved to the UBND tỉnh
  vi: Giao kinh phí hoạt động sự nghiệp hằng năm cho Sở TT&TT
  en: Allocate the annual operational budget
approve_estimate         đoạn 1 Điều 12    reserved to the UBND tỉnh
  vi: Phê duyệt dự toán kinh phí
  en: Approve the budget estimate
appraise_estimate        đoạn 1 Điều 12    reserved to the Sở Tài chính
  vi: Thẩm định dự toán kinh phí
  en: Appraise the budget estimate
amend_regulation         đoạn 1 Điều 13    reserved to the Chairman of the UBND tỉnh
  vi: Điều chỉnh, bổ sung Quy chế
  en: Amend or supplement this regulation
other                    —                 unknown: not classifiable
  vi: Việc khác, Quy chế không gọi tên
  en: Anything the vocabulary does not name
======================== ================= =====================================================

Readings chosen here: khoản 3 Điều 4 (the committee's relation with departments is one of
"chỉ đạo, kiểm tra, hướng dẫn", directing, inspecting, guiding) is read as a power of the
committee alongside Điều 3, as the issue asks; forming the helper team is within the
committee's powers whenever it does it (the "khi cần thiết", when needed, is the committee's
own judgement, not a checkable condition).
"""

from __future__ import annotations

from typing import Any

import attrs

from kgrules.case import Case
from kgrules.dsl import Arg, Condition, FactType, Missing, QuestionBuilder
from kgrules.facts import ActionKind
from kgrules.i18n import Text
from kgrules.scope import Scope, ScopeResult, day, fact, ref

from .common import EFFECT, FAILS, HOLDS, NA, UNKNOWN, declare_in_force, in_force_text

K1, K2, K3, K4, K5 = (f"dieu-3/khoan-{n}" for n in range(1, 6))
D4K3 = "dieu-4/khoan-3"
D12 = "dieu-12/doan-1"
D13 = "dieu-13/doan-1"

#: How each kind of action reads in an explanation.
KIND_LABEL: dict[ActionKind, Text] = {
    ActionKind.BUILD_PLANS: Text(
        "giúp UBND tỉnh xây dựng kế hoạch ứng dụng và phát triển CNTT",
        "helping the UBND tỉnh build its IT application and development plans"),
    ActionKind.DIRECT_AND_INSPECT: Text(
        "làm việc trực tiếp với sở, ngành, địa phương để chỉ đạo, kiểm tra, đôn đốc thực hiện "
        "kế hoạch CNTT",
        "working directly with departments and localities to direct, inspect and urge the IT "
        "plan"),
    ActionKind.MONITOR_AND_REPORT: Text(
        "theo dõi, kiểm tra, tổng hợp và định kỳ báo cáo UBND tỉnh",
        "monitoring, inspecting, compiling and reporting periodically to the UBND tỉnh"),
    ActionKind.EVALUATE: Text(
        "đánh giá tình hình, kết quả ứng dụng CNTT ở các ngành, địa phương",
        "evaluating IT application in sectors and localities"),
    ActionKind.PROPOSE_POLICIES: Text(
        "tham mưu, đề xuất cơ chế, chính sách", "advising on and proposing policies"),
    ActionKind.RECOMMEND_RULES: Text(
        "kiến nghị Chủ tịch UBND tỉnh ban hành quy định, giải pháp",
        "recommending that the Chairman of the UBND tỉnh issue rules and measures"),
    ActionKind.REQUISITION_STAFF: Text(
        "trưng dụng cán bộ, công chức chuyên môn của các sở, ngành",
        "requisitioning specialist staff of departments"),
    ActionKind.FORM_HELPER_TEAM: Text(
        "thành lập Tổ giúp việc", "forming the helper team"),
    ActionKind.USE_EQUIPMENT: Text(
        "sử dụng phương tiện làm việc của cơ quan", "using the agency's working equipment"),
    ActionKind.GUIDE_DEPARTMENTS: Text(
        "chỉ đạo, kiểm tra, hướng dẫn sở, ngành, địa phương",
        "directing, inspecting and guiding departments and localities"),
    ActionKind.ISSUE_PROVINCIAL_RULES: Text(
        "ban hành quy định của tỉnh", "issuing provincial rules"),
    ActionKind.ALLOCATE_BUDGET: Text(
        "giao kinh phí hoạt động sự nghiệp hằng năm", "allocating the annual operational budget"),
    ActionKind.APPROVE_ESTIMATE: Text(
        "phê duyệt dự toán kinh phí", "approving the budget estimate"),
    ActionKind.APPRAISE_ESTIMATE: Text(
        "thẩm định dự toán kinh phí", "appraising the budget estimate"),
    ActionKind.AMEND_REGULATION: Text(
        "điều chỉnh, bổ sung Quy chế", "amending or supplementing this regulation"),
    ActionKind.OTHER: Text(
        "một việc Quy chế không gọi tên", "something the regulation does not name"),
}


@attrs.frozen
class Reserved:
    """A power the regulation gives to someone other than the committee."""

    kind: ActionKind
    clauses: tuple[str, ...]
    holder: Text
    instead: Text


ACTION = FactType(
    "action",
    {"id": str, "kind": str, "kind_vi": str, "kind_en": str, "day": int, "actor": str},
)

within = QuestionBuilder(
    "dieu3.within_powers",
    title=Text("Việc này có thuộc nhiệm vụ, quyền hạn của Ban Chỉ đạo không?",
               "Is this action within the committee's duties and powers?"),
    clauses=(K1, K2, K3, K4, K5, D4K3, D12, D13),
    arguments=(Arg("action", "action", Text("Mã hoạt động của Ban Chỉ đạo", "Committee action id")),),
    conditions=(
        Condition("applicable", Text("Quy định được áp dụng", "The rule applies")),
        Condition("within", Text("Thuộc nhiệm vụ, quyền hạn của Ban Chỉ đạo",
                                 "Within the committee's duties and powers")),
    ),
    evaluate={"action": str, "in_force": bool},
    facts=(ACTION,),
    module=__name__,
)
e, a = within.e, within.var("a", ACTION)


declare_in_force(within)


@within.scope
def _within_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    path, act = case.by_id("actions", scope.args["action"])
    label = KIND_LABEL[act.kind]
    facts: list[dict[str, Any]] = [
        fact("action", path, id=act.id, kind=act.kind.value, kind_vi=label.vi, kind_en=label.en,
             day=day(act.date), actor=ref(act.actor))
    ]
    return ScopeResult({"action": act.id, "in_force": scope.derive("in_force", day=act.date)}, facts)


_ACTION = (a.id == e.action,)
within.rule(
    "in-force", condition="applicable", status=HOLDS, clauses=[K1, K2, K3, K4, K5],
    when=[e.in_force == True, *_ACTION],
    because=Text("Việc {a.id} ngày {a.day:date}: {a.kind_vi}",
                 "Action {a.id} of {a.day:date}: {a.kind_en}"),
)
within.rule(
    "before-effect", condition="applicable", status=NA, clauses=[EFFECT],
    when=[e.in_force == False], because=in_force_text(),
)

#: Every kind the committee may do, with the clause that gives it (filled under each clause).
POWERS: dict[ActionKind, str] = {}


def power(kind: ActionKind, clause: str, what: Text) -> None:
    """Declare ``kind`` a duty or power of the committee under ``clause``."""
    POWERS[kind] = clause
    within.rule(
        kind.value, condition="within", status=HOLDS, clauses=[clause],
        when=[*_ACTION, a.kind == kind.value],
        because=Text("Việc {a.id} ({a.kind_vi}) " + what.vi,
                     "Action {a.id} ({a.kind_en}) " + what.en),
    )


# =================================================================================================
# khoản 1 Điều 3
# > 1. Giúp Ủy ban nhân dân tỉnh xây dựng các kế hoạch tổng thể, từng giai đoạn và hàng năm về ứng
# > dụng và phát triển công nghệ thông tin phục vụ công tác quản lý hành chính nhà nước, cải cách
# > hành chính, áp dụng những thành tựu công nghệ thông tin ở các ngành, lĩnh vực trên địa bàn
# > tỉnh.
# =================================================================================================

power(ActionKind.BUILD_PLANS, K1,
      Text("là nhiệm vụ của Ban Chỉ đạo: giúp UBND tỉnh xây dựng các kế hoạch tổng thể, từng giai "
           "đoạn và hằng năm về ứng dụng và phát triển CNTT",
           "is a duty of the committee: helping the UBND tỉnh build overall, phased and annual "
           "IT plans"))

# =================================================================================================
# khoản 2 Điều 3
# > 2. Ban Chỉ đạo được trực làm việc trực tiếp với các sở, ngành, các địa phương trong tỉnh; các
# > tổ chức và cá nhân có liên quan trong việc chỉ đạo, kiểm tra đôn đốc thực hiện kế hoạch ứng dụng
# > và phát triển công nghệ thông tin của tỉnh; theo dõi và kiểm tra việc thực hiện, tổng hợp, định
# > kỳ báo cáo kết quả tổ chức thực hiện về Ủy ban nhân dân tỉnh.
# =================================================================================================

power(ActionKind.DIRECT_AND_INSPECT, K2,
      Text("thuộc quyền của Ban Chỉ đạo: làm việc trực tiếp với các sở, ngành, địa phương, tổ "
           "chức, cá nhân để chỉ đạo, kiểm tra, đôn đốc thực hiện kế hoạch CNTT của tỉnh",
           "is a power of the committee: working directly with departments, localities, bodies "
           "and persons to direct, inspect and urge the province's IT plan"))
power(ActionKind.MONITOR_AND_REPORT, K2,
      Text("là nhiệm vụ của Ban Chỉ đạo: theo dõi, kiểm tra việc thực hiện, tổng hợp, định kỳ báo "
           "cáo kết quả về UBND tỉnh",
           "is a duty of the committee: monitoring and inspecting implementation, compiling and "
           "reporting the results periodically to the UBND tỉnh"))

# =================================================================================================
# khoản 3 Điều 3
# > 3. Đánh giá tình hình, kết quả thực hiện ứng dụng công nghệ thông tin ở các ngành, lĩnh vực và
# > địa phương; tham mưu và đề xuất các cơ chế, chính sách, kiến nghị Chủ tịch Ủy ban nhân dân tỉnh
# > ban hành các quy định, giải pháp cần thiết, đảm bảo thực hiện có hiệu quả các mục tiêu về ứng
# > dụng và phát triển công nghệ thông tin trên địa bàn tỉnh.
# =================================================================================================

power(ActionKind.EVALUATE, K3,
      Text("là nhiệm vụ của Ban Chỉ đạo: đánh giá tình hình, kết quả ứng dụng CNTT ở các ngành, "
           "lĩnh vực, địa phương",
           "is a duty of the committee: evaluating the state and results of IT application in "
           "sectors, fields and localities"))
power(ActionKind.PROPOSE_POLICIES, K3,
      Text("là nhiệm vụ của Ban Chỉ đạo: tham mưu và đề xuất các cơ chế, chính sách",
           "is a duty of the committee: advising on and proposing mechanisms and policies"))
power(ActionKind.RECOMMEND_RULES, K3,
      Text("thuộc quyền của Ban Chỉ đạo: kiến nghị Chủ tịch UBND tỉnh ban hành các quy định, giải "
           "pháp cần thiết",
           "is a power of the committee: recommending that the Chairman of the UBND tỉnh issue "
           "the rules and measures needed"))

# =================================================================================================
# khoản 4 Điều 3
# > 4. Ban Chỉ đạo được trưng dụng một số cán bộ, công chức chuyên môn, nghiệp vụ của các sở,
# > ngành liên quan và được thành lập Tổ giúp việc (khi cần thiết) để giúp thực hiện các công việc
# > của Ban Chỉ đạo.
# =================================================================================================

power(ActionKind.REQUISITION_STAFF, K4,
      Text("thuộc quyền của Ban Chỉ đạo: trưng dụng một số cán bộ, công chức chuyên môn, nghiệp vụ "
           "của các sở, ngành liên quan",
           "is a power of the committee: requisitioning some specialist staff of the departments "
           "concerned"))
power(ActionKind.FORM_HELPER_TEAM, K4,
      Text("thuộc quyền của Ban Chỉ đạo: thành lập Tổ giúp việc khi cần thiết (nhân sự do Thường "
           "trực quyết định, khoản 2 Điều 9)",
           "is a power of the committee: forming the helper team when needed (its staff decided "
           "by the Standing office, Article 9(2))"))

# =================================================================================================
# khoản 5 Điều 3
# > 5. Ban Chỉ đạo được sử dụng phương tiện làm việc của cơ quan phục vụ công tác cho Ban Chỉ đạo.
# =================================================================================================

power(ActionKind.USE_EQUIPMENT, K5,
      Text("thuộc quyền của Ban Chỉ đạo: sử dụng phương tiện làm việc của cơ quan phục vụ công tác "
           "của Ban",
           "is a power of the committee: using the agency's working equipment for its work"))

# =================================================================================================
# khoản 3 Điều 4 (the committee's relation with departments, read with khoản 2 Điều 3)
# > 3. Mối quan hệ giữa Ban Chỉ đạo với các sở, ngành, các địa phương, các tổ chức và cá nhân có
# > liên quan trên địa bàn tỉnh là quan hệ chỉ đạo, kiểm tra, hướng dẫn.
# =================================================================================================

power(ActionKind.GUIDE_DEPARTMENTS, D4K3,
      Text("thuộc quyền của Ban Chỉ đạo: quan hệ của Ban với các sở, ngành, địa phương, tổ chức, "
           "cá nhân là quan hệ chỉ đạo, kiểm tra, hướng dẫn",
           "is a power of the committee: its relation with departments, localities, bodies and "
           "persons is one of directing, inspecting and guiding"))

# =================================================================================================
# Powers the regulation gives to others: the committee may recommend or prepare, not decide.
#
# khoản 3 Điều 3: "... kiến nghị Chủ tịch Ủy ban nhân dân tỉnh ban hành các quy định ..."
# đoạn 1 Điều 12: "... được UBND tỉnh Kiên Giang giao hàng năm cho Sở Thông tin và Truyền thông
#   ... Thường trực Ban Chỉ đạo lập dự toán kinh phí hoạt động gửi Sở Tài chính thẩm định, trình Ủy
#   ban nhân dân tỉnh phê duyệt ..."
# đoạn 1 Điều 13: "Việc điều chỉnh, bổ sung Quy chế này do Chủ tịch Ủy ban nhân dân tỉnh quyết
#   định."
# =================================================================================================

CHAIRMAN = Text("Chủ tịch UBND tỉnh", "the Chairman of the UBND tỉnh")
PPC_BODY = Text("UBND tỉnh", "the UBND tỉnh")
RESERVED = (
    Reserved(ActionKind.ISSUE_PROVINCIAL_RULES, (K3,), CHAIRMAN,
             Text("Ban Chỉ đạo chỉ kiến nghị Chủ tịch UBND tỉnh ban hành (khoản 3 Điều 3)",
                  "the committee only recommends that the Chairman issue them (Article 3(3))")),
    Reserved(ActionKind.ALLOCATE_BUDGET, (D12,), PPC_BODY,
             Text("UBND tỉnh giao kinh phí hằng năm cho Sở Thông tin và Truyền thông",
                  "the UBND tỉnh allocates the annual budget to the Sở Thông tin và Truyền "
                  "thông")),
    Reserved(ActionKind.APPROVE_ESTIMATE, (D12,), PPC_BODY,
             Text("Thường trực Ban Chỉ đạo lập dự toán và trình UBND tỉnh phê duyệt",
                  "the Standing office prepares the estimate and submits it to the UBND tỉnh for "
                  "approval")),
    Reserved(ActionKind.APPRAISE_ESTIMATE, (D12,), Text("Sở Tài chính", "the Sở Tài chính"),
             Text("Thường trực Ban Chỉ đạo gửi dự toán cho Sở Tài chính thẩm định",
                  "the Standing office sends the estimate to the Sở Tài chính for appraisal")),
    Reserved(ActionKind.AMEND_REGULATION, (D13,), CHAIRMAN,
             Text("Thường trực Ban Chỉ đạo theo dõi và triển khai Quy chế (Điều 13)",
                  "the Standing office monitors and disseminates the regulation (Article 13)")),
)
for reserved in RESERVED:
    within.rule(
        f"reserved-{reserved.kind.value}", condition="within", status=FAILS,
        clauses=list(reserved.clauses),
        when=[*_ACTION, a.kind == reserved.kind.value],
        because=Text(f"Việc {{a.id}} ({{a.kind_vi}}) thuộc thẩm quyền của {reserved.holder.vi}, "
                     f"không phải của Ban Chỉ đạo; {reserved.instead.vi}",
                     f"Action {{a.id}} ({{a.kind_en}}) is a power of {reserved.holder.en}, not of "
                     f"the committee; {reserved.instead.en}"),
    )

# --- a kind the vocabulary does not name -----------------------------------------------------------

within.rule(
    "not-classifiable", condition="within", status=UNKNOWN, clauses=[K1, K2, K3, K4, K5],
    when=[*_ACTION, a.kind == ActionKind.OTHER.value],
    because=Text("Việc {a.id} ngày {a.day:date} không thuộc loại nào Quy chế gọi tên: không xác "
                 "định được nó có thuộc nhiệm vụ, quyền hạn của Ban Chỉ đạo hay không",
                 "Action {a.id} of {a.day:date} is of no kind the regulation names: whether it is "
                 "within the committee's powers cannot be determined"),
    missing=(Missing("actions[].kind",
                     Text("Loại việc, theo danh mục các loại việc (ActionKind)",
                          "The kind of act, from the documented vocabulary (ActionKind)"),
                     Text("nhiệm vụ, quyền hạn theo Điều 3 → CÓ; thẩm quyền của cơ quan khác → KHÔNG",
                          "a duty or power under Article 3 → yes; a power reserved to others → "
                          "no")),),
)

_DECLARED = {*POWERS, *(r.kind for r in RESERVED), ActionKind.OTHER}
assert _DECLARED == set(ActionKind), f"kinds without a rule: {set(ActionKind) - _DECLARED}"
WITHIN_POWERS = within.build()

QUESTIONS = (WITHIN_POWERS,)
