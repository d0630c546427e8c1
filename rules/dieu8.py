"""Điều 8. Các Thành viên Ban Chỉ đạo — Article 8. The Members.

Each khoản is quoted, then the lines of account it sets, declared as data; ``rules/authority.py``
builds ``dieu4.accountable_to`` from them. Điều 8 gives the Members duties, not powers over
others: attending the meetings (đoạn 5 Điều 10) is their one act in ``authority.may_act``.

Readings chosen:

- **"Thực hiện chế độ báo cáo theo quy định" (khoản 4)** refers to Điều 11: the Members report to
  the Standing office (the Standing Deputy Head, as in ``dieu11.report_on_time``). It is encoded
  as a line of account of kind ``reports`` (báo cáo về), distinct from answering to the Head
  (``accountable``); the deadline itself is ``dieu11.report_on_time``'s.
"""

from __future__ import annotations

from kgrules.dsl import NotComputable
from kgrules.i18n import Text

from .dieu4 import Accountability, Holder, Relation

K1, K2, K3, K4 = (f"dieu-8/khoan-{n}" for n in range(1, 5))
MEMBER = Holder.MEMBER

# =================================================================================================
# khoản 1 Điều 8
# > 1. Thực hiện các nhiệm vụ do Trưởng ban phân công trong lĩnh vực ngành nghề chuyên môn phụ
# > trách và chịu trách nhiệm trước Trưởng ban.
# =================================================================================================

ACCOUNTABILITY: list[Accountability] = [
    Accountability(
        MEMBER, Holder.HEAD, Relation.ACCOUNTABLE,
        Text("về các nhiệm vụ do Trưởng ban phân công trong lĩnh vực ngành nghề chuyên môn phụ "
             "trách", "for the duties the Head assigns in their field"),
        (K1,),
    ),
]

# =================================================================================================
# khoản 2 Điều 8
# > 2. Phối hợp chặt chẽ với Thường trực ban trong việc thực hiện kế hoạch ứng dụng và phát triển
# > công nghệ thông tin trên địa bàn tỉnh.
# =================================================================================================

K2_NOT_COMPUTABLE = NotComputable(K2, Text(
    "Khoản này giao nghĩa vụ phối hợp chặt chẽ với Thường trực Ban, không có tiêu chí đo lường và "
    "hồ sơ không ghi nhận việc phối hợp: không có điều kiện nào có thể kiểm tra.",
    "This clause sets a duty to cooperate closely with the Standing office, with no measurable "
    "criterion, and the case records no cooperation: there is no checkable condition.",
))

# =================================================================================================
# khoản 3 Điều 8
# > 3. Chỉ đạo và tham gia xây dựng quy hoạch, kế hoạch, chương trình, dự án ứng dụng và phát
# > triển công nghệ thông tin của tỉnh trong lĩnh vực ngành nghề chuyên môn phụ trách; tổ chức
# > triển khai, đôn đốc, kiểm tra tiến độ thực hiện.
# =================================================================================================

K3_NOT_COMPUTABLE = NotComputable(K3, Text(
    "Khoản này giao nhiệm vụ thực chất trong lĩnh vực của từng Thành viên (xây dựng quy hoạch, kế "
    "hoạch, dự án; triển khai, đôn đốc, kiểm tra tiến độ). Hồ sơ không ghi nhận quy hoạch, dự án "
    "hay tiến độ theo lĩnh vực, và lĩnh vực phân công là văn bản tự do: không có điều kiện nào có "
    "thể kiểm tra. Việc Thành viên có trách nhiệm trước Trưởng ban về các nhiệm vụ này thì được "
    "kiểm tra theo khoản 1.",
    "This clause sets substantive duties in each Member's field (building plans and projects; "
    "carrying them out, urging and checking progress). The case records no plans, projects or "
    "progress by field, and the assigned field is free text: no condition can be checked. That the "
    "Member answers to the Head for these duties is checked under khoản 1.",
))

# =================================================================================================
# khoản 4 Điều 8
# > 4. Thực hiện chế độ báo cáo theo quy định và kiến nghị các vấn đề có liên quan trong lĩnh vực
# > được phân công.
# =================================================================================================

ACCOUNTABILITY.append(
    Accountability(
        MEMBER, Holder.STANDING_DEPUTY, Relation.REPORTS,
        Text("kết quả thực hiện nhiệm vụ được phân công, kiến nghị, đề xuất, theo chế độ báo cáo "
             "(gửi cơ quan Thường trực, đoạn 1 Điều 11)",
             "on the duties assigned, with recommendations, under the reporting regime (sent to "
             "the Standing office, Article 11, paragraph 1)"),
        (K4, "dieu-11/doan-1"),
    )
)
