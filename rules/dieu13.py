"""Điều 13. Tổ chức thực hiện — Article 13. Implementation.

The article has one unnumbered paragraph (``dieu-13/doan-1``) of two sentences. The first gives
the Standing office the duty to monitor the regulation and make it known to the members: a duty
with no checkable condition (no date, no form, no record of it is required), so no rule encodes
it. The second reserves amendments to the Chairman of the UBND tỉnh: ``dieu13.amendment_valid``
encodes it. Since both sentences share the clause id, the clause is *not* declared
not-computable: the second sentence's rules cite it.

Readings chosen here:

* **Who the Chairman is, after the mergers.** The decider must hold the office of Chủ tịch UBND
  tỉnh (``OfficeKind.ppc_chairman``) on the day of the decision, in an agency of kind ``ppc`` in
  existence that day. From 1/7/2025 the Kiên Giang UBND no longer exists (NQ 202/2025/QH15,
  DOMAIN §E): its Chairman's office ends with it, and the Chairman of the new (merged) province's
  UBND, its successor, decides. An office of Chủ tịch UBND tỉnh whose agency is not stated is
  taken as the UBND tỉnh's (its kind says so).
* **The Head or the committee deciding** is *no* with a reason of its own, whatever else is
  recorded about the decider's offices: the committee (its Head included, who is a
  Vice-Chairman) is never the one who amends its own regulation.
* Otherwise, when no office of Chairman is recorded for the decider that day, the answer is
  *no* if the case declares ``offices`` complete and *unknown* if it does not.
"""

from __future__ import annotations

from kgrules.case import Case
from kgrules.dsl import Arg, Condition, FactType, Missing, QuestionBuilder, no
from kgrules.facts import OfficeKind, Role
from kgrules.i18n import Text
from kgrules.scope import Scope, ScopeResult, day, fact

from .common import EFFECT, FAILS, HOLDS, NA, ROLE, UNKNOWN, declare_in_force, in_force_text, role_facts
from .dieu2 import HELD_OFFICE, PPC, held_office_facts

D1 = "dieu-13/doan-1"
CHAIRMAN = OfficeKind.PPC_CHAIRMAN.value

# =================================================================================================
# đoạn 1 Điều 13
# > Giao Thường trực Ban Chỉ đạo theo dõi thực hiện và triển khai Quy chế này đến các Thành viên
# > trong Ban Chỉ đạo để thực hiện. Việc điều chỉnh, bổ sung Quy chế này do Chủ tịch Ủy ban nhân dân
# > tỉnh quyết định./.
#
# First sentence (the Standing office monitors the regulation and makes it known to the members):
# a duty with no checkable condition; not encoded. Second sentence: the rules below.
# =================================================================================================

AMENDMENT = FactType("amendment", {"id": str, "decider": str, "day": int})

amendment = QuestionBuilder(
    "dieu13.amendment_valid",
    title=Text("Việc điều chỉnh, bổ sung Quy chế này có do Chủ tịch UBND tỉnh quyết định không?",
               "Was this amendment of the regulation decided by the Chairman of the UBND tỉnh?"),
    clauses=(D1,),
    arguments=(Arg("amendment", "amendment",
                   Text("Số quyết định điều chỉnh, bổ sung", "Amendment id")),),
    conditions=(
        Condition("applicable", Text("Quy định được áp dụng", "The rule applies")),
        Condition("decider", Text("Do Chủ tịch UBND tỉnh quyết định",
                                  "Decided by the Chairman of the UBND tỉnh")),
    ),
    evaluate={"amendment": str, "decider": str, "day": int, "in_force": bool,
              "offices_complete": bool},
    facts=(AMENDMENT, HELD_OFFICE, ROLE),
    module=__name__,
    reads={"decider": "amendments.decided_by", "day": "amendments.decided_on",
           "offices_complete": "complete.offices"},
)
e, am = amendment.e, amendment.var("am", AMENDMENT)
o, r = amendment.var("o", HELD_OFFICE), amendment.var("r", ROLE)


declare_in_force(amendment)


@amendment.scope
def _amendment_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    path, rec = case.by_id("amendments", scope.args["amendment"])
    facts = [fact("amendment", path, id=rec.id, decider=rec.decided_by, day=day(rec.decided_on))]
    facts += held_office_facts(case, [rec.decided_by])
    facts += role_facts(case, [rec.decided_by])
    return ScopeResult(
        {"amendment": rec.id, "decider": rec.decided_by, "day": day(rec.decided_on),
         "in_force": scope.derive("in_force", day=rec.decided_on),
         "offices_complete": case.is_complete("offices")},
        facts,
    )


_AM = (am.id == e.amendment,)
amendment.rule(
    "in-force", condition="applicable", status=HOLDS, clauses=[D1],
    when=[e.in_force == True, *_AM],
    because=Text("Quyết định {am.id} ngày {am.day:date} điều chỉnh, bổ sung Quy chế đang có hiệu lực",
                 "Decision {am.id} of {am.day:date} amends the regulation in force"),
)
amendment.rule(
    "before-effect", condition="applicable", status=NA, clauses=[EFFECT],
    when=[e.in_force == False], because=in_force_text(),
)

_HELD = (o.person == am.decider, o.office == CHAIRMAN, o.first <= am.day, o.last >= am.day)
_AGENCY_EXISTS = (o.agency_kind == PPC, o.agency_first <= am.day, o.agency_last >= am.day)
amendment.rule(
    "chairman", condition="decider", status=HOLDS, clauses=[D1],
    when=[*_AM, *_HELD, *_AGENCY_EXISTS],
    because=Text("{o.name} ({o.person}) giữ chức Chủ tịch {o.agency_name} vào ngày quyết định "
                 "{am.day:date}",
                 "{o.name} ({o.person}) was the Chairman of {o.agency_name} on the day of the "
                 "decision, {am.day:date}"),
)
amendment.rule(
    "head-decided", condition="decider", status=FAILS, clauses=[D1, "dieu-2/khoan-1"],
    when=[*_AM, r.person == am.decider, r.role == Role.HEAD.value, r.first <= am.day,
          r.last >= am.day],
    because=Text("{r.name} ({r.person}) là Trưởng ban Ban Chỉ đạo (một Phó Chủ tịch UBND tỉnh) vào "
                 "ngày {am.day:date}: việc điều chỉnh, bổ sung Quy chế do Chủ tịch UBND tỉnh quyết "
                 "định, không phải Trưởng ban",
                 "{r.name} ({r.person}) was the committee's Head (a Vice-Chairman of the UBND tỉnh) "
                 "on {am.day:date}: amendments of the regulation are decided by the Chairman of "
                 "the UBND tỉnh, not by the Head"),
)
amendment.rule(
    "committee-decided", condition="decider", status=FAILS, clauses=[D1],
    when=[*_AM, r.person == am.decider, r.role != Role.HEAD.value, r.first <= am.day,
          r.last >= am.day],
    because=Text("{r.name} ({r.person}) giữ vị trí {r.role_vi} của Ban Chỉ đạo vào ngày "
                 "{am.day:date}: Ban Chỉ đạo không tự điều chỉnh, bổ sung Quy chế của mình; việc "
                 "này do Chủ tịch UBND tỉnh quyết định",
                 "{r.name} ({r.person}) was the committee's {r.role_en} on {am.day:date}: the "
                 "committee does not amend its own regulation; the Chairman of the UBND tỉnh "
                 "decides"),
)
# The Chairman of a UBND tỉnh that had ceased to exist (Kiên Giang's, after 30/6/2025).
amendment.rule(
    "chairman-of-former-province", condition="decider", status=FAILS, clauses=[D1],
    when=[*_AM, *_HELD, o.agency_kind == PPC, o.agency_last < am.day, o.successor != "",
          e.offices_complete == True],
    because=Text("{o.name} ({o.person}) là Chủ tịch {o.agency_name}, cơ quan đã chấm dứt hoạt động "
                 "ngày {o.agency_last:date}, trước ngày quyết định {am.day:date}; từ đó Chủ tịch "
                 "{o.successor} quyết định",
                 "{o.name} ({o.person}) was the Chairman of {o.agency_name}, which ceased on "
                 "{o.agency_last:date}, before the decision on {am.day:date}; since then the "
                 "Chairman of {o.successor} decides"),
)
amendment.rule(
    "chairman-of-former-province-open", condition="decider", status=UNKNOWN, clauses=[D1],
    when=[*_AM, *_HELD, o.agency_kind == PPC, o.agency_last < am.day, o.successor != "",
          e.offices_complete == False],
    because=Text("{o.name} ({o.person}) được ghi là Chủ tịch {o.agency_name}, cơ quan đã chấm dứt "
                 "hoạt động ngày {o.agency_last:date}, trước ngày quyết định {am.day:date}; không "
                 "có hồ sơ cho thấy người này là Chủ tịch {o.successor}",
                 "{o.name} ({o.person}) is recorded as the Chairman of {o.agency_name}, which "
                 "ceased on {o.agency_last:date}, before the decision on {am.day:date}; nothing "
                 "recorded shows them as the Chairman of {o.successor}"),
    missing=(Missing("offices", Text("Chức vụ Chủ tịch UBND tỉnh (sau hợp nhất) của người quyết "
                                     "định vào ngày đó",
                                     "The decider's office of Chairman of the (merged) UBND tỉnh "
                                     "that day"),
                     Text("có → CÓ; khai hồ sơ chức vụ đầy đủ mà không có → KHÔNG",
                          "present → yes; offices declared complete without it → no")),),
)
_no = amendment.var("nch", HELD_OFFICE)
_NO_CHAIRMAN = no(_no, _no.person == e.decider, _no.office == CHAIRMAN, _no.agency_kind == PPC,
                  _no.first <= e.day, _no.last >= e.day, _no.agency_first <= e.day,
                  _no.agency_last >= e.day)
amendment.rule(
    "not-chairman", condition="decider", status=FAILS, clauses=[D1], fallback=True,
    when=[*_AM, e.offices_complete == True, _NO_CHAIRMAN],
    because=Text("{am.decider} không giữ chức Chủ tịch UBND tỉnh vào ngày quyết định {am.day:date} "
                 "(hồ sơ chức vụ được khai là đầy đủ)",
                 "{am.decider} was not the Chairman of the UBND tỉnh on the day of the decision, "
                 "{am.day:date} (the offices are declared complete)"),
)
amendment.rule(
    "office-unknown", condition="decider", status=UNKNOWN, clauses=[D1], fallback=True,
    when=[*_AM, e.offices_complete == False, _NO_CHAIRMAN],
    because=Text("Không có hồ sơ cho thấy {am.decider} giữ chức Chủ tịch UBND tỉnh vào ngày quyết "
                 "định {am.day:date}",
                 "Nothing recorded shows {am.decider} as the Chairman of the UBND tỉnh on the day "
                 "of the decision, {am.day:date}"),
    missing=(Missing("offices", Text("Chức vụ của người quyết định vào ngày quyết định",
                                     "The decider's office on the day of the decision"),
                     Text("Chủ tịch UBND tỉnh → CÓ; khai hồ sơ chức vụ đầy đủ mà không có → KHÔNG",
                          "Chairman of the UBND tỉnh → yes; offices declared complete without it "
                          "→ no")),),
)
AMENDMENT_VALID = amendment.build()

QUESTIONS = (AMENDMENT_VALID,)
