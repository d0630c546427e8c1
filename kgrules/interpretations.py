"""The interpretation register: where the text is open, a named switch with a documented default.

Each switch is handed to the rules as an ``e.i_<name>`` field of the evaluate fact, and rules
are gated on its reading, so both readings are declared, visible and tested. Answers list the
switches the rules they rest on test or read (``kgrules.decision``): a switch of the question's
own that an answer does not list never changes its outcome (a property of
tests/specification/test_properties.py); one it lists may not matter for those very facts. A
switch read only through another question's answer (point 15 through ``authority.may_act``) is
listed by that answer, not by the question using it.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from kgrules.errors import InterpretationError
from kgrules.i18n import Text
from kgrules.regulation import cite


@attrs.frozen
class Switch:
    name: str
    point: int
    title: Text
    readings: Mapping[str, Text]
    default: str
    why_default: Text
    clauses: tuple[str, ...]


SWITCHES: dict[str, Switch] = {}
"""Every switch by its name: rules, settings and pages name a switch by that string."""


def _register(switch: Switch) -> None:
    assert switch.default in switch.readings, switch.name
    SWITCHES[switch.name] = switch


_register(
    Switch(
        name="attendance_scope",
        point=1,
        title=Text(
            "\"Các Thành viên Ban\" là ai: người phải dự họp (đoạn 5 Điều 10), người báo cáo quý "
            "và người được gửi tài liệu (đoạn 1, 2 Điều 11)",
            "Who \"các Thành viên Ban\" are: bound to attend (Article 10, paragraph 5), to report "
            "quarterly and owed the meeting documents (Article 11, paragraphs 1–2)",
        ),
        readings={
            "all_but_head": Text(
                "Mọi người giữ vị trí trong Ban Chỉ đạo trừ Trưởng ban (Phó Trưởng ban và Thành viên)",
                "Everyone on the committee but the Head (the Deputy Heads and the Members)",
            ),
            "members_only": Text(
                "Chỉ các Thành viên Ban (không gồm Trưởng ban, Phó Trưởng ban)",
                "Ordinary Members only (not the Head or the Deputy Heads)",
            ),
        },
        default="all_but_head",
        why_default=Text(
            "Khoản 1 Điều 2 gọi chung những người trong Ban là thành viên; Trưởng ban chủ trì và "
            "triệu tập phiên họp (khoản 4 Điều 5) nên không thể tự xin vắng với chính mình.",
            "Article 2(1) counts the Deputy Heads among the committee; the Head chairs and "
            "convenes the meetings (Article 5(4)) and cannot ask his own consent to be absent. "
            "One reading for both articles: Article 11 uses the same words. Its reports go "
            "\"về cơ quan Thường trực\", which the Standing Deputy runs, so the Standing Deputy "
            "is a receiver there, not a reporter, under either reading.",
        ),
        clauses=("dieu-10/doan-5", "dieu-2/khoan-1", "dieu-11/doan-1", "dieu-11/doan-2"),
    )
)

_register(
    Switch(
        name="consent_deadline",
        point=2,
        title=Text(
            "Thời điểm muộn nhất Trưởng ban đồng ý cho người dự họp thay",
            "When the Head's consent to a substitute must exist",
        ),
        readings={
            "by_meeting_day": Text(
                "Chậm nhất trong ngày họp", "No later than the meeting day"
            ),
            "before_meeting_day": Text(
                "Trước ngày họp (ngày họp là quá muộn)",
                "Before the day of the meeting (the meeting day is too late)",
            ),
        },
        default="by_meeting_day",
        why_default=Text(
            "Văn bản chỉ đòi hỏi sự đồng ý có trước khi cử người dự họp thay; hồ sơ chỉ ghi ngày, "
            "không ghi giờ, nên đồng ý trong ngày họp được coi là kịp.",
            "The text only requires consent before the substitute is sent; records carry dates, "
            "not times, so consent on the meeting day is taken as in time.",
        ),
        clauses=("dieu-10/doan-5",),
    )
)

_register(
    Switch(
        name="consent_by_deputy",
        point=3,
        title=Text(
            "Phó Trưởng ban Thường trực được ủy quyền có được đồng ý cho người dự họp thay",
            "May the Standing Deputy consent to a substitute under the Head's authorisation",
        ),
        readings={
            "with_authorisation": Text(
                "Có, khi có ủy quyền của Trưởng ban còn hiệu lực bao gồm việc này (khoản 1 Điều 6); "
                "ngoài ra không ai khác",
                "Yes, under an authorisation of the Head in force that covers it (Article 6(1)); "
                "nobody else",
            ),
            "head_only": Text("Không, chỉ Trưởng ban", "No, only the Head"),
            "any_authorised": Text(
                "Bất kỳ ai có ủy quyền của Trưởng ban còn hiệu lực bao gồm việc này",
                "Anyone holding an authorisation of the Head in force that covers it",
            ),
        },
        default="with_authorisation",
        why_default=Text(
            "Khoản 1 Điều 6 cho Phó Trưởng ban Thường trực thay mặt Trưởng ban điều hành hoạt động "
            "của Ban Chỉ đạo khi được ủy quyền.",
            "Article 6(1) lets the Standing Deputy act for the Head in running the committee "
            "when authorised.",
        ),
        clauses=("dieu-10/doan-5", "dieu-6/khoan-1"),
    )
)

_register(
    Switch(
        name="non_working_day_meeting",
        point=4,
        title=Text(
            "Phiên họp định kỳ vào ngày nghỉ trong khoảng 20–30",
            "A regular meeting on a non-working day inside the 20th–30th window",
        ),
        readings={
            "compliant_with_warning": Text(
                "Vẫn đúng thời gian quy định, kèm cảnh báo",
                "Compliant, with a warning",
            ),
            "not_compliant": Text(
                "Không đúng thời gian quy định", "Not compliant"
            ),
        },
        default="compliant_with_warning",
        why_default=Text(
            "Đoạn 1 Điều 10 nêu các ngày theo lịch (từ ngày 20 đến ngày 30), không nói ngày làm việc.",
            "Article 10, paragraph 1 names calendar days (the 20th to the 30th), not working days.",
        ),
        clauses=("dieu-10/doan-1",),
    )
)

_register(
    Switch(
        name="report_deadline",
        point=5,
        title=Text(
            "Hạn báo cáo khi ngày 15 không phải ngày làm việc",
            "The report deadline when the 15th is not a working day",
        ),
        readings={
            "strict": Text(
                "Đúng ngày 15 của tháng cuối quý",
                "Strictly the 15th of the quarter's last month",
            ),
            "next_working_day": Text(
                "Lùi sang ngày làm việc tiếp theo (khoản 5 Điều 148 Bộ luật Dân sự 2015, áp dụng tương tự)",
                "Moved to the next working day (Civil Code 2015, Art. 148(5), by analogy)",
            ),
        },
        default="strict",
        why_default=Text(
            "Văn bản ấn định một ngày cụ thể (\"chậm nhất ngày 15\"), không phải một thời hạn; "
            "khoản 1 Điều 145 Bộ luật Dân sự cho phép văn bản chuyên ngành quy định khác.",
            "The text fixes a calendar date (\"no later than the 15th\"), not a period; Civil "
            "Code Art. 145(1) lets a specific text prevail over the general counting rules.",
        ),
        clauses=("dieu-11/doan-1",),
    )
)

_register(
    Switch(
        name="documents_notice",
        point=6,
        title=Text(
            "Cách tính \"ít nhất 03 ngày làm việc\" trước kỳ họp",
            "How \"at least 3 working days before the meeting\" is counted",
        ),
        readings={
            "count_back": Text(
                "Ngày gửi chậm nhất là ngày làm việc thứ 3 đếm lùi từ ngày họp (không tính ngày họp)",
                "The latest send day is the 3rd working day counted back from the meeting day "
                "(the meeting day excluded)",
            ),
            "clear_days": Text(
                "Phải có trọn 03 ngày làm việc nằm giữa ngày gửi và ngày họp",
                "Three whole working days must lie strictly between sending and the meeting",
            ),
        },
        default="count_back",
        why_default=Text(
            "Theo cách tính thời hạn của khoản 3 Điều 147 Bộ luật Dân sự 2015 (không tính ngày "
            "xảy ra sự kiện), áp dụng tương tự khi đếm lùi từ ngày họp.",
            "By analogy with Civil Code 2015 Art. 147(3) (the day of the event is not counted), "
            "counting back from the meeting day.",
        ),
        clauses=("dieu-11/doan-2",),
    )
)


_register(
    Switch(
        name="standing_office",
        point=7,
        title=Text(
            "Ai là \"Thường trực Ban Chỉ đạo\" (tài chính, Tổ giúp việc, con dấu và tài khoản)",
            "Who acts as \"the Standing office\" (finance, the helper team, seal and account)",
        ),
        readings={
            "standing_deputy": Text(
                "Phó Trưởng ban Thường trực", "The Standing Deputy Head"
            ),
            "standing_deputy_or_agency_head": Text(
                "Phó Trưởng ban Thường trực, hoặc Thủ trưởng cơ quan thường trực (Giám đốc Sở TT&TT)",
                "The Standing Deputy Head, or the head of the standing agency (the director of "
                "the Sở TT&TT)",
            ),
        },
        default="standing_deputy",
        why_default=Text(
            "Khoản 1 Điều 2 và Điều 6 gắn \"Thường trực\" với Phó Trưởng ban Thường trực; khoản 2 "
            "Điều 2 chỉ đặt trụ sở Thường trực tại Sở TT&TT.",
            "Article 2(1) and Article 6 tie \"the Standing office\" to the Standing Deputy Head; "
            "Article 2(2) only places it at the Sở TT&TT.",
        ),
        clauses=("dieu-2/khoan-2", "dieu-9/khoan-2", "dieu-12/doan-1", "dieu-12/doan-3"),
    )
)

_register(
    Switch(
        name="nomination_timing",
        point=8,
        title=Text(
            "Quyết định cử cán bộ của cơ quan quản lý có phải có trước khi bổ nhiệm vào Tổ giúp việc",
            "Must an outside helper's nominating decision be dated no later than the appointment",
        ),
        readings={
            "no_later_than_appointment": Text(
                "Có: quyết định cử phải có chậm nhất vào ngày quyết định thành lập/bổ sung Tổ",
                "Yes: the nominating decision must be dated no later than the appointment",
            ),
            "any_time": Text(
                "Không: quyết định cử có thể ban hành sau (hợp thức hóa)",
                "No: the nominating decision may come later (ratifying the appointment)",
            ),
        },
        default="no_later_than_appointment",
        why_default=Text(
            "Khoản 2 Điều 9: Tổ viên không thuộc biên chế Sở TT&TT \"phải do Thủ trưởng cơ quan "
            "đang quản lý nhân sự đó quyết định cử\": việc cử là điều kiện để tham gia.",
            "Article 9(2): an outside member \"must be nominated by the head of the agency managing "
            "them\": the nomination is a condition of joining.",
        ),
        clauses=("dieu-9/khoan-2",),
    )
)


# --- Issue 12: permissive or silent text, each a named reading ---------------------------------

_register(
    Switch(
        name="extraordinary_initiative",
        point=9,
        title=Text(
            "Trưởng ban có được tự triệu tập phiên họp bất thường, không cần đề nghị của Thường "
            "trực (đoạn 2 Điều 10; khoản 4 Điều 5)",
            "May the Head convene an extraordinary meeting on his own initiative, without the "
            "Standing office's proposal (Article 10, paragraph 2; Article 5(4))",
        ),
        readings={
            "head_own_initiative": Text(
                "Có: đề nghị của Thường trực là một cách, không phải điều kiện; người có quyền "
                "triệu tập (Trưởng ban, hoặc Phó Trưởng ban Thường trực được ủy quyền) có thể tự "
                "triệu tập",
                "Yes: the Standing office's proposal is one route, not a condition; whoever may "
                "convene (the Head, or the Standing Deputy under authorisation) may do so on "
                "their own initiative",
            ),
            "proposal_required": Text(
                "Không: phiên họp bất thường phải theo đề nghị có trước của Thường trực",
                "No: an extraordinary meeting must follow a prior proposal of the Standing office",
            ),
        },
        default="head_own_initiative",
        why_default=Text(
            "Khoản 4 Điều 5 giao Trưởng ban \"triệu tập các cuộc họp định kỳ, đột xuất\" không kèm "
            "điều kiện; đoạn 2 Điều 10 viết \"có thể họp bất thường theo đề nghị của Thường "
            "trực\": chữ \"có thể\" cho phép, không loại trừ cách khác.",
            "Article 5(4) gives the Head \"convening regular and ad hoc meetings\" with no "
            "condition; Article 10, paragraph 2 says the committee \"may meet extraordinarily at "
            "the Standing office's proposal\": \"may\" permits, it does not exclude.",
        ),
        clauses=("dieu-10/doan-2", "dieu-5/khoan-4"),
    )
)

_register(
    Switch(
        name="head_directs_helpers",
        point=10,
        title=Text(
            "Trưởng ban có trực tiếp phân công công việc cho Tổ giúp việc (khoản 2 Điều 5; khoản "
            "1, khoản 3 Điều 9)",
            "May the Head assign the helper team's tasks himself (Article 5(2); Article 9(1), "
            "9(3))",
        ),
        readings={
            "through_standing_deputy": Text(
                "Không: Tổ giúp việc \"trực tiếp chịu sự điều hành của Phó Trưởng ban Thường "
                "trực\" và Tổ viên làm \"theo sự phân công công việc của Tổ trưởng\"; Trưởng ban "
                "chỉ đạo qua họ",
                "No: the team is \"directly run by the Standing Deputy Head\" and its members work "
                "\"as the leader assigns\"; the Head directs through them",
            ),
            "head_too": Text(
                "Có: quyền \"chỉ đạo, điều hành hoạt động chung của Ban Chỉ đạo\" của Trưởng ban "
                "bao gồm Tổ giúp việc: Trưởng ban chỉ đạo, điều hành Tổ, phân công công việc cho "
                "Tổ viên, và Tổ trưởng, Tổ viên chịu sự chỉ đạo của Trưởng ban trong công việc đó "
                "(Phó Trưởng ban Thường trực vẫn trực tiếp điều hành Tổ)",
                "Yes: the Head's \"direction of the committee's general activity\" reaches the "
                "helper team: he directs it, assigns its tasks, and its leader and members work "
                "under his direction in that work (the Standing Deputy still runs it directly)",
            ),
        },
        default="through_standing_deputy",
        why_default=Text(
            "Khoản 1 và khoản 3 Điều 9 nói riêng về Tổ giúp việc và nêu đích danh người điều hành "
            "(Phó Trưởng ban Thường trực) và người phân công (Tổ trưởng); khoản 2 Điều 5 nói chung "
            "về \"hoạt động chung của Ban Chỉ đạo\": quy định riêng được áp dụng trước.",
            "Article 9(1) and 9(3) speak of the helper team specifically and name who runs it "
            "(the Standing Deputy) and who assigns its work (the leader); Article 5(2) speaks "
            "generally of \"the committee's general activity\": the specific provision first.",
        ),
        clauses=("dieu-9/khoan-1", "dieu-9/khoan-3", "dieu-5/khoan-2"),
    )
)

_register(
    Switch(
        name="leader_nomination",
        point=11,
        title=Text(
            "Yêu cầu quyết định cử của Thủ trưởng cơ quan quản lý có áp dụng cho Tổ trưởng Tổ giúp "
            "việc (khoản 2 Điều 9)",
            "Does the nomination by the managing agency's head apply to the helper team's leader "
            "(Article 9(2))",
        ),
        readings={
            "members_only": Text(
                "Không: câu văn chỉ nói \"Tổ viên\"; Tổ trưởng không cần quyết định cử",
                "No: the sentence says \"Tổ viên\" (team members); the leader needs no nomination",
            ),
            "leader_too": Text(
                "Có: Tổ trưởng ngoài biên chế Sở TT&TT cũng phải được cơ quan quản lý cử",
                "Yes: a leader not on the Sở TT&TT's payroll must be nominated by their agency too",
            ),
        },
        default="members_only",
        why_default=Text(
            "Câu trước vừa phân biệt \"Tổ giúp việc gồm có Tổ trưởng và các Tổ viên\", rồi câu sau "
            "chỉ viết \"Tổ viên nếu là người không thuộc biên chế của Sở Thông tin và Truyền thông "
            "phải do Thủ trưởng cơ quan đang quản lý nhân sự đó quyết định cử\": không đặt thêm "
            "điều kiện mà văn bản không đặt cho Tổ trưởng.",
            "The sentence before distinguishes \"a leader and team members\"; the next names only "
            "\"Tổ viên\" as needing the managing agency's nomination: no condition the text does "
            "not set is added for the leader.",
        ),
        clauses=("dieu-9/khoan-2",),
    )
)


_register(
    Switch(
        name="unlisted_content",
        point=12,
        title=Text(
            "Nội dung chi mà các văn bản được nêu tên tại đoạn 2 Điều 12 không quy định (ví dụ "
            "tiếp khách)",
            "A spending content the texts named in Article 12, paragraph 2 do not list (e.g. "
            "hospitality)",
        ),
        readings={
            "other_texts_may_allow": Text(
                "Chưa xác định: \"các văn bản quy định khác có liên quan của Nhà nước\" có thể "
                "cho phép; cần xác định văn bản đó",
                "Unknown: \"the other relevant State rules\" may allow it; the text that does "
                "must be identified",
            ),
            "not_allowed": Text(
                "Không được phép: chỉ các nội dung do các văn bản được nêu tên quy định",
                "Not allowed: only contents the named texts provide for",
            ),
        },
        default="other_texts_may_allow",
        why_default=Text(
            "Đoạn 2 Điều 12 kết thúc bằng \"và theo các văn bản quy định khác có liên quan của "
            "Nhà nước\": chính câu này là căn cứ cho chi hội nghị, công tác phí, bồi dưỡng; "
            "không có căn cứ để coi nó đóng lại với các nội dung khác.",
            "Article 12, paragraph 2 ends \"and the other relevant State rules\": that very "
            "clause is the basis for meetings, travel and allowances; nothing closes it to other "
            "contents.",
        ),
        clauses=("dieu-12/doan-2",),
    )
)

_register(
    Switch(
        name="unsealed_document",
        point=13,
        title=Text(
            "Văn bản do Trưởng ban (hoặc Thường trực) ký mà không đóng dấu (khoản 2, khoản 3 "
            "Điều 2)",
            "A document signed as Head (or for the Standing office) that bears no seal "
            "(Article 2(2), 2(3))",
        ),
        readings={
            "permitted": Text(
                "Không trái Điều 2: \"được đóng dấu\" là cho phép dùng dấu UBND tỉnh, không buộc "
                "phải đóng dấu (kèm cảnh báo)",
                "No breach of Article 2: \"được đóng dấu\" permits the UBND tỉnh's seal, it does "
                "not require a seal (with a warning)",
            ),
            "required": Text(
                "Trái Điều 2: văn bản phải mang dấu UBND tỉnh (hoặc dấu cơ quan thường trực)",
                "A breach: the document must bear the UBND tỉnh's seal (or the standing "
                "agency's)",
            ),
        },
        default="permitted",
        why_default=Text(
            "Khoản 3 Điều 2: \"Các văn bản do Trưởng ban chỉ đạo ký được đóng dấu của Ủy ban nhân "
            "dân tỉnh Kiên Giang\"; khoản 2: Thường trực \"được sử dụng con dấu … của Sở Thông "
            "tin và Truyền thông\". \"Được\" trao quyền; văn bản không nói \"phải\". Việc văn "
            "bản không đóng dấu có giá trị hay không do quy định về công tác văn thư điều chỉnh.",
            "Article 2(3): documents signed by the Head \"được đóng dấu\" (may bear) the UBND "
            "tỉnh's seal; 2(2): the Standing office \"được sử dụng\" (may use) the Sở's seal. "
            "\"Được\" grants; the text does not say \"phải\" (must). Whether an unsealed "
            "document is valid is for the rules on official documents.",
        ),
        clauses=("dieu-2/khoan-3", "dieu-2/khoan-2"),
    )
)


_register(
    Switch(
        name="consultation_ground",
        point=14,
        title=Text(
            "Lấy ý kiến bằng văn bản yêu cầu trước khi khoảng họp bắt đầu: căn cứ \"không tổ chức "
            "được phiên họp\" (đoạn 4 Điều 10)",
            "A written consultation requested before the meeting window opened: what shows "
            "\"no meeting could be held\" (Article 10, paragraph 4)",
        ),
        readings={
            "shown_when_early": Text(
                "Yêu cầu trước khoảng họp thì phải nêu lý do không tổ chức được phiên họp; không "
                "nêu → chưa xác định",
                "Requested before the window, it must give why no meeting could be held; none "
                "given → unknown",
            ),
            "no_meeting_held": Text(
                "Chỉ cần không có phiên họp định kỳ nào trong khoảng họp",
                "It suffices that no regular meeting was held in the window",
            ),
        },
        default="shown_when_early",
        why_default=Text(
            "Đoạn 4 Điều 10: \"Trường hợp không tổ chức được phiên họp\" là điều kiện; trước khi "
            "khoảng họp bắt đầu, việc không có phiên họp chưa chứng minh được là không thể tổ chức, "
            "nên cần lý do được nêu.",
            "Article 10, paragraph 4: \"where a meeting cannot be held\" is a condition; before "
            "the window opens, the absence of a meeting does not yet show one could not be held, "
            "so a stated reason is needed.",
        ),
        clauses=("dieu-10/doan-4",),
    )
)


_register(
    Switch(
        name="authorisation_timing",
        point=15,
        title=Text(
            "Ủy quyền ký sau ngày bắt đầu hiệu lực ghi trong đó: có bao gồm việc làm trước ngày ký "
            "(khoản 1 Điều 6)",
            "An authorisation signed after the first day of its stated validity: does it cover "
            "acts done before it was signed (Article 6(1))",
        ),
        readings={
            "from_signing": Text(
                "Không: ủy quyền chỉ bao gồm việc làm từ ngày muộn hơn giữa ngày bắt đầu hiệu lực "
                "và ngày ký",
                "No: an authorisation covers acts only from the later of its first day and the "
                "day it was signed",
            ),
            "as_dated": Text(
                "Có: ủy quyền bao gồm toàn bộ thời gian hiệu lực ghi trong đó, kể cả trước ngày ký "
                "(hợp thức hóa việc đã làm)",
                "Yes: it covers its whole stated period, before the signing day too (ratifying "
                "what was done)",
            ),
        },
        default="from_signing",
        why_default=Text(
            "Khoản 1 Điều 6: Phó Trưởng ban Thường trực \"thay mặt Trưởng ban điều hành các hoạt "
            "động của Ban Chỉ đạo khi được ủy quyền\": "
            "vào ngày chưa có văn bản ủy quyền thì chưa ai được ủy quyền; một quyết định hành "
            "chính không có hiệu lực trước khi được ban hành (chính Quy chế \"có hiệu lực kể từ "
            "ngày ký\"). Cùng câu hỏi với điểm 8 về quyết định cử Tổ viên.",
            "Article 6(1): the Standing Deputy acts for the Head \"when authorised\" (\"khi được "
            "ủy quyền\"): on a day before the authorisation was signed nobody was authorised; an "
            "administrative decision takes no effect before it is made (the regulation itself "
            "\"takes effect from the day it is signed\"). The same question point 8 settles for "
            "helper nominations.",
        ),
        clauses=("dieu-6/khoan-1",),
    )
)


_register(
    Switch(
        name="excused_absence",
        point=16,
        title=Text(
            "Thành viên không thể dự họp, đã báo cáo nhưng không cử người dự thay: có thực hiện "
            "đúng chế độ dự họp không (đoạn 5 Điều 10)",
            "A member unable to attend who reported the absence but sent nobody: is the "
            "attendance duty met (Article 10, paragraph 5)",
        ),
        readings={
            "substitute_required": Text(
                "Không: phải trực tiếp dự họp, hoặc có người dự họp thay được phép theo đoạn 5; "
                "báo cáo vắng mặt không thay cho việc dự họp",
                "No: the member attends in person, or by a substitute allowed under paragraph 5; "
                "reporting the absence does not stand for attending",
            ),
            "report_suffices": Text(
                "Có: Thành viên không thể dự họp đã báo cáo (chậm nhất trong ngày họp, như đoạn 5 "
                "yêu cầu khi cử người dự thay) là đã thực hiện đúng chế độ dự họp dù không cử "
                "người dự thay; nếu đã cử người dự thay thì câu trả lời về người dự thay quyết định",
                "Yes: a member unable to attend who reported it (by the meeting day, as paragraph 5 "
                "asks before a substitute is sent) meets the duty with no substitute sent; where a "
                "substitute was sent, the answer about the substitute decides",
            ),
        },
        default="substitute_required",
        why_default=Text(
            "Đoạn 5 Điều 10: \"tham dự đầy đủ các kỳ họp định kỳ và đột xuất, không ủy quyền\" đặt "
            "việc dự họp là nghĩa vụ; vế sau dấu chấm phẩy nói người không thể dự họp được thay "
            "thế thế nào (\"phải báo cáo và được sự đồng ý của Trưởng ban thì mới cử người dự họp "
            "thay\"), không miễn nghĩa vụ dự họp cho người đã báo cáo. Cách hiểu kia: \"phải báo "
            "cáo\" là nghĩa vụ của chính Thành viên, \"thì mới cử người dự họp thay\" chỉ ràng "
            "buộc việc cử người thay (được phép, không bắt buộc).",
            "Article 10, paragraph 5: \"attend every regular and extraordinary meeting, without "
            "delegating\" (\"tham dự đầy đủ … không ủy quyền\") makes attending the duty; the "
            "clause after the semicolon says how one who cannot attend is replaced (\"must report "
            "and have the Head's consent before sending a substitute\"), and does not excuse one "
            "who reported. The other reading: \"phải báo cáo\" is the member's own duty, and "
            "\"thì mới cử người dự họp thay\" conditions only the sending of a substitute "
            "(permitted, not required).",
        ),
        clauses=("dieu-10/doan-5",),
    )
)


@attrs.frozen
class Settings:
    """The reading chosen for each switch (defaults unless a user says otherwise)."""

    chosen: Mapping[str, str] = attrs.field(factory=dict)

    def reading(self, name: str) -> str:
        return self.chosen.get(name, SWITCHES[name].default)

    def to_dict(self) -> dict[str, str]:
        return {name: self.reading(name) for name in SWITCHES}


#: The default readings, one frozen value for every ask that chooses none (made per ask, it
#: cost as much as the rest of the argument checks).
_DEFAULT = Settings()


def settings(values: Mapping[str, str] | Settings | None = None) -> Settings:
    """Validate user-chosen readings: an unknown switch or reading is a typed error."""
    if values is None:
        return _DEFAULT
    if isinstance(values, Settings):
        return values
    chosen: dict[str, str] = {}
    for name, reading in values.items():
        if name not in SWITCHES:
            raise InterpretationError(
                f"interpretations.{name}", f"unknown switch; known: {', '.join(SWITCHES)}"
            )
        if not isinstance(reading, str) or reading not in SWITCHES[name].readings:
            raise InterpretationError(
                f"interpretations.{name}",
                f"unknown reading {reading!r}; readings: {', '.join(SWITCHES[name].readings)}",
            )
        chosen[name] = reading
    return Settings(chosen)


def markdown() -> str:
    """The interpretation register as a page (docs/interpretations.md is generated from it)."""

    lines = [
        "# Interpretation register / Các điểm cần giải thích",
        "",
        "Generated from `kgrules/interpretations.py` (`python -m kgrules.interpretations`).",
        "Where the text is open, a named switch: its readings, the default and why. Choose a",
        "reading with `kgrules.ask(..., interpretations={switch: reading})` or",
        "`kgrules ask ... --interpretation switch=reading`; every answer lists the switches it",
        "depended on: those the rules it rests on test or read. Đổi cách hiểu của một điểm của",
        "chính câu hỏi mà câu trả lời không nêu thì kết luận không đổi; một điểm được nêu có thể",
        "không làm đổi kết luận với chính các dữ kiện đó; điểm chỉ được đọc qua câu trả lời của câu",
        "hỏi khác (điểm 15, qua `authority.may_act`) do câu trả lời đó nêu. / A switch of the",
        "question's own that an answer does not list never changes its outcome; one it lists may",
        "not change it for those very facts; a switch read only through another question's answer",
        "(point 15, through `authority.may_act`) is listed by that answer.",
        "",
    ]
    for s in sorted(SWITCHES.values(), key=lambda s: s.point):
        lines += [
            f"## {s.point}. `{s.name}`",
            "",
            f"**{s.title.vi}** / {s.title.en}",
            "",
            "Clauses: " + "; ".join(f"{cite(c)} ({cite(c, 'en')})" for c in s.clauses),
            "",
            "| reading | Tiếng Việt | English |",
            "|---|---|---|",
        ]
        for name, text in s.readings.items():
            mark = " (default)" if name == s.default else ""
            lines.append(f"| `{name}`{mark} | {text.vi} | {text.en} |")
        lines += ["", f"Why the default: {s.why_default.vi}", "", f"*{s.why_default.en}*", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(), end="")
