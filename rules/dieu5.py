"""Điều 5. Trưởng ban Ban Chỉ đạo — Article 5. The Head of the committee.

Each khoản is quoted, then the powers it gives the Head and the line of account it sets, declared
as data (:class:`~rules.dieu4.Power`, :class:`~rules.dieu4.Accountability`).
``authority.may_act`` and ``dieu4.accountable_to`` (built in ``rules/authority.py``) turn them into
rules; docs/authority.md lists them.

Readings chosen:

- **"Chịu trách nhiệm trước Ủy ban nhân dân tỉnh" (khoản 1).** The UBND tỉnh is a collective body
  headed by its Chairman; a person answers to it through the Chairman, so the superior in
  ``dieu4.accountable_to`` is whoever holds the office of Chairman (``ppc_chairman``) that day.
- **"Chỉ đạo, điều hành hoạt động chung" (khoản 2)** is the Head's general direction of the
  committee. It reaches the helper team through the Standing Deputy, under whose direct direction
  the team works (khoản 1 Điều 9, khoản 4 Điều 6): directing the team and dividing its work are
  not the Head's own acts (as ``dieu9.task_assignment_valid`` reads it), and so no authorisation
  of the Head confers them either. The Head's general direction shows in the acts below
  (deciding, assigning, inspecting, chairing, convening).
- **"Tổ chức các hoạt động về công nghệ thông tin" (khoản 4)** names no act of the vocabulary
  (:class:`kgrules.facts.Act`) and is not encoded.
"""

from __future__ import annotations

from kgrules.facts import Act
from kgrules.i18n import Text

from .dieu4 import Accountability, Basis, Holder, Power, Relation

K1, K2, K3, K4 = (f"dieu-5/khoan-{n}" for n in range(1, 5))
HEAD, OWN = Holder.HEAD, Basis.OWN_RIGHT

# =================================================================================================
# khoản 1 Điều 5
# > 1. Chịu trách nhiệm trước Ủy ban nhân dân tỉnh về việc triển khai thực hiện có hiệu quả kế
# > hoạch ứng dụng và phát triển công nghệ thông tin của tỉnh.
# =================================================================================================

ACCOUNTABILITY: list[Accountability] = [
    Accountability(
        HEAD, Holder.PPC_CHAIRMAN, Relation.ACCOUNTABLE,
        Text("về việc triển khai thực hiện có hiệu quả kế hoạch ứng dụng và phát triển công nghệ "
             "thông tin của tỉnh (trước UBND tỉnh, do Chủ tịch đứng đầu)",
             "for the effective implementation of the province's IT application and development "
             "plan (to the UBND tỉnh, headed by its Chairman)"),
        (K1,),
    ),
]

# =================================================================================================
# khoản 2 Điều 5
# > 2. Chỉ đạo, điều hành hoạt động chung của Ban Chỉ đạo; quyết định những công việc trong Ban
# > Chỉ đạo.
# =================================================================================================

POWERS: list[Power] = [
    Power(Act.DECIDE_MATTERS, HEAD, OWN, (K2,),
          Text("chỉ đạo, điều hành hoạt động chung của Ban Chỉ đạo; quyết định những công việc "
               "trong Ban Chỉ đạo", "directs the committee's general activity and decides its "
               "business")),
]

# =================================================================================================
# khoản 3 Điều 5
# > 3. Phân công trách nhiệm cụ thể cho từng Thành viên trong Ban Chỉ đạo; kiểm tra đôn đốc các
# > Thành viên trong Ban Chỉ đạo thực hiện nhiệm vụ đã được phân công.
# =================================================================================================

POWERS += [
    Power(Act.ASSIGN_DUTIES, HEAD, OWN, (K3,),
          Text("phân công trách nhiệm cụ thể cho từng Thành viên",
               "assigns each Member their specific duties")),
    Power(Act.INSPECT_MEMBERS, HEAD, OWN, (K3,),
          Text("kiểm tra đôn đốc các Thành viên thực hiện nhiệm vụ đã được phân công",
               "inspects and urges the Members in the duties assigned")),
]

# =================================================================================================
# khoản 4 Điều 5
# > 4. Chủ trì các Hội nghị chuyên đề của Ban Chỉ đạo; triệu tập các cuộc họp định kỳ, đột xuất để
# > giải quyết các vấn đề về lĩnh vực công nghệ thông tin của tỉnh; tổ chức các hoạt động về công
# > nghệ thông tin liên quan trong và ngoài tỉnh.
# =================================================================================================

POWERS += [
    Power(Act.CHAIR_CONFERENCES, HEAD, OWN, (K4,),
          Text("chủ trì các Hội nghị chuyên đề của Ban Chỉ đạo",
               "chairs the committee's thematic conferences")),
    Power(Act.CONVENE_MEETING, HEAD, OWN, (K4,),
          Text("triệu tập các cuộc họp định kỳ, đột xuất",
               "convenes the regular and extraordinary meetings")),
]
