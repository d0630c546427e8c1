"""Điều 7. Phó Trưởng ban Ban Chỉ đạo — Article 7. The (other) Deputy Head.

Each khoản is quoted, then what it gives the Deputy Head, declared as data; ``rules/authority.py``
builds the rules.

Readings chosen:

- **"Giúp việc Trưởng ban thực hiện một số hoạt động" (khoản 1)** gives the Deputy Head no power to
  act for the Head: only the Standing Deputy acts for the Head when authorised (khoản 1 Điều 6).
  An authorisation the Head gives the Deputy Head does not make the Deputy Head hold the Head's
  acts; ``authority.may_act`` says so in its reason.
- **"Phối hợp với Thường trực Ban kiểm tra, đôn đốc các Thành viên" (khoản 2)**: the Deputy Head
  may inspect and urge the Members, jointly with the Standing office (basis ``jointly``): a "yes"
  whose reason states that condition. Whether a given inspection was in fact joint is not
  recorded and not checked.
"""

from __future__ import annotations

from kgrules.dsl import NotComputable
from kgrules.facts import Act
from kgrules.i18n import Text

from .dieu4 import Accountability, Basis, Holder, Power, Relation

K1, K2, K3 = (f"dieu-7/khoan-{n}" for n in range(1, 4))
DEPUTY = Holder.DEPUTY

# =================================================================================================
# khoản 1 Điều 7
# > 1. Giúp việc Trưởng ban thực hiện một số hoạt động của Ban Chỉ đạo và chịu trách nhiệm về
# > những công việc được Trưởng ban phân công.
# =================================================================================================

ACCOUNTABILITY: list[Accountability] = [
    Accountability(
        DEPUTY, Holder.HEAD, Relation.ACCOUNTABLE,
        Text("về những công việc được Trưởng ban phân công", "for the work the Head assigns"),
        (K1,),
    ),
]

# =================================================================================================
# khoản 2 Điều 7
# > 2. Phối hợp với Thường trực Ban kiểm tra, đôn đốc các Thành viên trong Ban Chỉ đạo thực hiện
# > các công việc được phân công; đề xuất các chủ trương, chính sách, biện pháp phù hợp để điều
# > chỉnh hoặc giải quyết các phát sinh trong quá trình thực hiện kế hoạch ứng dụng công nghệ thông
# > tin, hỗ trợ đẩy mạnh hoạt động ứng dụng và phát triển công nghệ thông tin trên địa bàn tỉnh.
# =================================================================================================
# Proposing policies (the second half) needs nobody's leave and is not an act of the vocabulary.

POWERS: list[Power] = [
    Power(Act.INSPECT_MEMBERS, DEPUTY, Basis.JOINTLY, (K2,),
          Text("phối hợp với Thường trực Ban kiểm tra, đôn đốc các Thành viên thực hiện các công "
               "việc được phân công", "inspects and urges the Members in the work assigned, "
               "together with the Standing office")),
]

# =================================================================================================
# khoản 3 Điều 7
# > 3. Phối hợp với Thường trực Ban và các Thành viên trong Ban chuẩn bị nội dung, chương trình làm
# > việc cho các Hội nghị chuyên đề, các phiên họp của Ban Chỉ đạo.
# =================================================================================================

K3_NOT_COMPUTABLE = NotComputable(K3, Text(
    "Khoản này giao một nhiệm vụ phối hợp (cùng chuẩn bị nội dung, chương trình các hội nghị, "
    "phiên họp), không trao quyền và không đặt điều kiện nào có thể kiểm tra: hồ sơ không ghi "
    "nhận việc chuẩn bị nội dung, và việc đó không cần ai cho phép. Việc triệu tập và chủ trì thì "
    "thuộc Trưởng ban (khoản 4 Điều 5) và được authority.may_act kiểm tra.",
    "This clause sets a duty to cooperate (preparing the content and agenda of conferences and "
    "meetings together); it gives no power and sets no checkable condition: the case records no "
    "preparation work, which needs nobody's leave. Convening and chairing are the Head's "
    "(Article 5(4)) and are checked by authority.may_act.",
))
