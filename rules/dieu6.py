"""Điều 6. Phó Trưởng ban Thường trực Ban Chỉ đạo — Article 6. The Standing Deputy Head.

Each khoản is quoted, then what it gives the Standing Deputy Head, declared as data
(:class:`~rules.dieu4.Power`, :class:`~rules.dieu4.Delegation`,
:class:`~rules.dieu4.Accountability`); ``rules/authority.py`` builds the rules.

Readings chosen:

- **"Thay mặt Trưởng ban điều hành các hoạt động ... khi được ủy quyền" (khoản 1)** is the general
  rule of delegation: under an authorisation of the Head (signed while he was the Head, in force
  on the day, naming the act), the Standing Deputy may do any act the Head holds in his own right.
  That includes signing documents under the UBND tỉnh's seal (khoản 3 Điều 2) when the
  authorisation names it: a document signed under an authorisation takes the seal of the side that
  authorised it (so the practice of "ký thừa ủy quyền", e.g. Nghị định 30/2020/NĐ-CP, Điều 13), and
  ``dieu2.seal_valid`` reads khoản 3 Điều 2 the same way. The one exception is consent to a
  substitute, which follows interpretation point 3 (switch ``consent_by_deputy``), declared with
  đoạn 5 Điều 10. Nobody else acts for the Head (khoản 1 Điều 7 has the Deputy Head *help* the
  Head in assigned work, not act for him).
- **"Giúp Trưởng ban phân công các Thành viên" (khoản 2)** gives no power of its own: assigning
  the Members' duties remains the Head's (khoản 3 Điều 5); the Standing Deputy assigns them only
  under an authorisation covering ``assign_duties``.
- **"Thay mặt Trưởng ban kiểm tra, đôn đốc các Thành viên" (khoản 2)** is given by the regulation
  itself: the Standing Deputy inspects and urges the Members in his own right, no authorisation
  needed.
"""

from __future__ import annotations

from kgrules.dsl import NotComputable
from kgrules.facts import Act
from kgrules.i18n import Text

from .dieu4 import Accountability, Basis, Delegation, Holder, Power, Relation

K1, K2, K3, K4 = (f"dieu-6/khoan-{n}" for n in range(1, 5))
SD = Holder.STANDING_DEPUTY

# =================================================================================================
# khoản 1 Điều 6
# > 1. Giúp Trưởng ban điều hành hoạt động chung của Ban Chỉ đạo và chịu trách nhiệm về những công
# > việc được Trưởng ban phân công; thay mặt Trưởng ban điều hành các hoạt động của Ban Chỉ đạo
# > khi được ủy quyền.
# =================================================================================================

DELEGATION = Delegation(
    SD, (K1,),
    Text("thay mặt Trưởng ban điều hành các hoạt động của Ban Chỉ đạo khi được ủy quyền",
         "acts for the Head in running the committee's activities when authorised"),
    exceptions=(
        (Act.CONSENT_SUBSTITUTE,
         Text("ai được đồng ý thay Trưởng ban là điểm cần giải thích số 3 (đoạn 5 Điều 10)",
              "who may consent for the Head is interpretation point 3 (Article 10, paragraph 5)")),
    ),
)
ACCOUNTABILITY: list[Accountability] = [
    Accountability(
        SD, Holder.HEAD, Relation.ACCOUNTABLE,
        Text("về những công việc được Trưởng ban phân công", "for the work the Head assigns"),
        (K1,),
    ),
]

# =================================================================================================
# khoản 2 Điều 6
# > 2. Giúp Trưởng ban phân công các Thành viên trong Ban Chỉ đạo; thay mặt Trưởng ban kiểm tra,
# > đôn đốc các Thành viên trong Ban Chỉ đạo thực hiện các công việc được phân công.
# =================================================================================================

POWERS: list[Power] = [
    Power(Act.ASSIGN_DUTIES, SD, Basis.HELPS, (K2,),
          Text("giúp Trưởng ban phân công các Thành viên; việc phân công vẫn là của Trưởng ban "
               "(khoản 3 Điều 5)", "helps the Head assign the Members; the assignment remains "
               "the Head's (Article 5(3))")),
    Power(Act.INSPECT_MEMBERS, SD, Basis.OWN_RIGHT, (K2,),
          Text("thay mặt Trưởng ban kiểm tra, đôn đốc các Thành viên thực hiện các công việc được "
               "phân công", "inspects and urges the Members, for the Head, in the work "
               "assigned")),
]

# =================================================================================================
# khoản 3 Điều 6
# > 3. Phối hợp với Phó Trưởng ban đề xuất các chủ trương, chính sách, biện pháp phù hợp để điều
# > chỉnh hoặc giải quyết các phát sinh trong quá trình thực hiện kế hoạch ứng dụng công nghệ thông
# > tin, hỗ trợ đẩy mạnh hoạt động ứng dụng và phát triển công nghệ thông tin trên địa bàn tỉnh.
# =================================================================================================

K3_NOT_COMPUTABLE = NotComputable(K3, Text(
    "Khoản này giao một nhiệm vụ phối hợp (cùng Phó Trưởng ban đề xuất chủ trương, chính sách, biện "
    "pháp), không trao quyền quyết định và không đặt điều kiện nào có thể kiểm tra: hồ sơ không ghi "
    "nhận các đề xuất nội bộ, và đề xuất không cần ai cho phép. Việc Ban Chỉ đạo đề xuất chính sách "
    "(loại việc propose_policies) được dieu3.within_powers phân loại.",
    "This clause sets a duty to cooperate (proposing policies and measures together with the "
    "Deputy Head); it gives no power of decision and sets no checkable condition: the case records "
    "no internal proposals, and proposing needs nobody's leave. The committee's proposing of "
    "policies (action kind propose_policies) is classified by dieu3.within_powers.",
))

# =================================================================================================
# khoản 4 Điều 6
# > 4. Chỉ đạo trực tiếp Tổ giúp việc trong các hoạt động chuyên môn có liên quan; phối hợp với Phó
# > Trưởng ban và các Thành viên trong Ban chuẩn bị nội dung, chương trình làm việc cho các Hội
# > nghị chuyên đề, các phiên họp của Ban Chỉ đạo.
# =================================================================================================
# The second half (preparing the agenda together with the Deputy and the Members) is a duty to
# cooperate, like khoản 3 Điều 7: nothing in it can be checked on the case's facts. Directing the
# team directly includes dividing its work (as dieu9.task_assignment_valid reads khoản 1 Điều 9
# with this khoản), alongside the team leader (khoản 3 Điều 9).

POWERS += [
    Power(Act.DIRECT_HELPER_TEAM, SD, Basis.OWN_RIGHT, (K4,),
          Text("chỉ đạo trực tiếp Tổ giúp việc trong các hoạt động chuyên môn",
               "directs the helper team directly in its specialist work")),
    Power(Act.ASSIGN_HELPER_TASKS, SD, Basis.OWN_RIGHT, (K4, "dieu-9/khoan-1"),
          Text("chỉ đạo trực tiếp Tổ giúp việc, kể cả phân công công việc cho Tổ viên",
               "directs the helper team directly, dividing its work included")),
]
