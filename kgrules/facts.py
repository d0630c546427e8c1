"""The facts a case states, as frozen, validated records.

Every class validates its own fields on construction, so a record that exists is well formed.
A validator raises :class:`~kgrules.errors.CaseError` whose ``path`` is relative to the record
(``end``, ``recipients[2]``); the loader in :mod:`kgrules.case` prefixes the record's own path
(``positions[0].end``). References between records (a person id, a meeting id) are checked by
:class:`~kgrules.case.Case`, which alone sees all the records.

Each field carries ``metadata`` read by the JSON Schema generator and by the Case's integrity
check: ``vi`` and ``en`` (its description), ``format`` (``id``, ``text``, ``quarter``, ``date``,
``money``, ``year``) and ``ref`` (``person``, ``meeting``, ``agency`` or ``estimate``: the kind
of record its value must name).

**Money** is a JSON integer of whole đồng, from 0 to :data:`MONEY_MAX` (10^15): never a float,
a boolean or a numeric string. **Years** are integers from :data:`YEAR_MIN` (the regulation
took effect in 2008) to :data:`YEAR_MAX`.

All classes are keyword-only: optional fields (default ``None``) sit between required ones in
the order the regulation reads, and keywords keep a record readable where it is written.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from kgrules.errors import CaseError
from kgrules.exact import parse_quarter

ID_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$"
ID_MAX_LENGTH: Final = 200
TEXT_MAX_LENGTH: Final = 10_000
# The patterns say exactly what kgrules.exact accepts, in the regex dialect every JSON Schema
# validator shares (no look-around, no \d): years 0001-9999, each month's own last day, and
# 29 February in the Gregorian leap years only (divisible by 4, and by 400 when by 100).
_YEAR_PATTERN: Final = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_LEAP_YEAR_PATTERN: Final = (
    r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)")
_MONTH_DAY_PATTERN: Final = (
    r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
    r"|(?:0[13578]|1[02])-31)")
QUARTER_PATTERN: Final = rf"^{_YEAR_PATTERN}-Q[1-4]$"
DATE_PATTERN: Final = rf"^(?:{_YEAR_PATTERN}-{_MONTH_DAY_PATTERN}|{_LEAP_YEAR_PATTERN}-02-29)$"

MONEY_MAX: Final = 10**15
"""The largest amount of money a case may state, in đồng (a thousand trillion)."""
YEAR_MIN: Final = 2008
YEAR_MAX: Final = 2100

PERSON: Final = "person"
MEETING: Final = "meeting"
AGENCY: Final = "agency"
ESTIMATE: Final = "estimate"
REF_KINDS: Final = (PERSON, MEETING, AGENCY, ESTIMATE)
"""The kinds of record a reference field may name (its ``ref`` metadata)."""

_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]*")


# --- enums -------------------------------------------------------------------------------------


class Role(enum.StrEnum):
    """A committee position (Điều 2): who holds it decides what they may do."""

    HEAD = "head"
    """Trưởng ban: a Vice-Chairman of the UBND tỉnh."""
    STANDING_DEPUTY = "standing_deputy"
    """Phó Trưởng ban Thường trực: the Standing Deputy Head."""
    DEPUTY = "deputy"
    """Phó Trưởng ban: the (other) Deputy Head."""
    MEMBER = "member"
    """Thành viên: an ordinary Member."""
    HELPER_LEADER = "helper_leader"
    """Tổ trưởng Tổ giúp việc: leader of the helper team."""
    HELPER_MEMBER = "helper_member"
    """Tổ viên Tổ giúp việc: member of the helper team."""


class MeetingKind(enum.StrEnum):
    """Điều 10 treats regular and extraordinary meetings differently (window, documents)."""

    REGULAR = "regular"
    """Họp định kỳ: quarterly, between the 20th and the 30th of the quarter's last month."""
    EXTRAORDINARY = "extraordinary"
    """Họp bất thường: on the Standing office's proposal."""


class AttendanceMode(enum.StrEnum):
    """How someone sat in a meeting: for themselves or in a member's place (đoạn 5 Điều 10)."""

    IN_PERSON = "in_person"
    """Tham dự trực tiếp: the person attends in their own right."""
    SUBSTITUTE = "substitute"
    """Dự họp thay: the person attends in place of a member (``on_behalf_of``)."""


class Act(enum.StrEnum):
    """Acts an ủy quyền (authorisation) may name; the vocabulary of ``authority.may_act``.

    ``ATTEND_MEETING`` is here so that an authorisation naming attendance can be stated and
    then rejected by the rules: đoạn 5 Điều 10 says attendance is never delegated
    ("không ủy quyền").
    """

    DECIDE_MATTERS = "decide_matters"
    ASSIGN_DUTIES = "assign_duties"
    INSPECT_MEMBERS = "inspect_members"
    CHAIR_CONFERENCES = "chair_conferences"
    CONVENE_MEETING = "convene_meeting"
    PROPOSE_EXTRAORDINARY_MEETING = "propose_extraordinary_meeting"
    INVITE_ATTENDEES = "invite_attendees"
    REQUEST_WRITTEN_OPINIONS = "request_written_opinions"
    CONSENT_SUBSTITUTE = "consent_substitute"
    REQUEST_ADHOC_REPORT = "request_adhoc_report"
    DIRECT_HELPER_TEAM = "direct_helper_team"
    FORM_HELPER_TEAM = "form_helper_team"
    NOMINATE_OUTSIDE_HELPER = "nominate_outside_helper"
    ASSIGN_HELPER_TASKS = "assign_helper_tasks"
    DECIDE_EXPENDITURE = "decide_expenditure"
    PREPARE_ESTIMATE = "prepare_estimate"
    APPRAISE_ESTIMATE = "appraise_estimate"
    APPROVE_ESTIMATE = "approve_estimate"
    SETTLE_ACCOUNTS = "settle_accounts"
    AMEND_REGULATION = "amend_regulation"
    SIGN_WITH_PPC_SEAL = "sign_with_ppc_seal"
    ATTEND_MEETING = "attend_meeting"


class ReportKind(enum.StrEnum):
    """Điều 11: quarterly reports have a deadline; ad hoc ones must have been requested."""

    QUARTERLY = "quarterly"
    """Báo cáo định kỳ hằng quý: due by the 15th of the quarter's last month."""
    ADHOC = "adhoc"
    """Báo cáo đột xuất: on the Head's (or the UBND tỉnh's) request."""


class AgencyKind(enum.StrEnum):
    """The kind of an agency (cơ quan): who may appraise, approve, seal or pay depends on it."""

    PPC = "ppc"
    """Ủy ban nhân dân tỉnh (UBND tỉnh): the Provincial People's Committee."""
    PPC_OFFICE = "ppc_office"
    """Văn phòng UBND tỉnh: the Office of the Provincial People's Committee."""
    STANDING_AGENCY = "standing_agency"
    """Cơ quan Thường trực: the agency hosting the Standing office (khoản 2 Điều 2), Sở Thông tin
    và Truyền thông, and from 1/3/2025 its successor Sở Khoa học và Công nghệ."""
    FINANCE = "finance"
    """Sở Tài chính: the Department of Finance (appraises the estimate, settles the accounts)."""
    DEPARTMENT = "department"
    """Sở, ban, ngành khác: any other provincial department or agency."""
    DISTRICT = "district"
    """UBND cấp huyện (huyện, thị xã, thành phố; until 1/7/2025): a district People's
    Committee."""
    OTHER = "other"
    """Cơ quan, tổ chức khác (doanh nghiệp, đơn vị sự nghiệp...): any other body."""


class OfficeKind(enum.StrEnum):
    """An office (chức vụ) a person holds outside the committee; see :class:`Office`."""

    PPC_CHAIRMAN = "ppc_chairman"
    """Chủ tịch UBND tỉnh: Chairman of the Provincial People's Committee."""
    PPC_VICE_CHAIRMAN = "ppc_vice_chairman"
    """Phó Chủ tịch UBND tỉnh: a Vice-Chairman (the Head must be one, khoản 1 Điều 2)."""
    AGENCY_HEAD = "agency_head"
    """Thủ trưởng cơ quan (Giám đốc Sở, Chánh Văn phòng...): head of an agency."""
    AGENCY_DEPUTY_HEAD = "agency_deputy_head"
    """Phó Thủ trưởng cơ quan (Phó Giám đốc Sở...): deputy head of an agency."""
    STAFF = "staff"
    """Cán bộ, công chức, viên chức: staff of an agency."""
    OTHER = "other"
    """Chức vụ khác: any other office."""


class Capacity(enum.StrEnum):
    """In which capacity (với tư cách) a document is signed; decides its seal (Điều 2)."""

    HEAD = "head"
    """Trưởng ban: signed as Head of the committee (sealed by the UBND tỉnh, khoản 3 Điều 2)."""
    STANDING_OFFICE = "standing_office"
    """Thường trực Ban Chỉ đạo: signed for the Standing office (seal of the standing agency,
    khoản 2 Điều 2)."""
    MEMBER = "member"
    """Thành viên: signed as a committee member."""
    AGENCY = "agency"
    """Cho cơ quan mình: signed for the signer's own agency, not for the committee."""
    PPC = "ppc"
    """Thay mặt UBND tỉnh: signed for the Provincial People's Committee."""
    OTHER = "other"
    """Tư cách khác: any other capacity."""


class Seal(enum.StrEnum):
    """The seal (con dấu) a document bears."""

    PPC = "ppc"
    """Dấu UBND tỉnh: the Provincial People's Committee's seal."""
    STANDING_AGENCY = "standing_agency"
    """Dấu Sở Thông tin và Truyền thông (cơ quan Thường trực): the standing agency's seal."""
    OTHER_AGENCY = "other_agency"
    """Dấu của cơ quan khác: another agency's seal."""
    NONE = "none"
    """Không đóng dấu: no seal."""


class ActionKind(enum.StrEnum):
    """What the committee does, or attempts, as a body: the vocabulary of ``dieu3.within_powers``.

    The first group are its duties and powers (Điều 3; its relations with departments, khoản 3
    Điều 4). The second are acts the regulation gives to others: the committee may propose or
    recommend them, not do them. Each value cites its clause (canonical ids in brackets).
    """

    BUILD_PLANS = "build_plans"
    """Giúp UBND tỉnh xây dựng kế hoạch tổng thể, từng giai đoạn, hằng năm về ứng dụng và phát
    triển CNTT / Help the UBND tỉnh build overall, phased and annual IT plans: khoản 1 Điều 3
    [dieu-3/khoan-1]."""
    DIRECT_AND_INSPECT = "direct_and_inspect"
    """Làm việc trực tiếp với sở, ngành, địa phương để chỉ đạo, kiểm tra, đôn đốc thực hiện kế
    hoạch / Work directly with departments and localities to direct, inspect and urge the plan:
    khoản 2 Điều 3 [dieu-3/khoan-2]."""
    MONITOR_AND_REPORT = "monitor_and_report"
    """Theo dõi, kiểm tra, tổng hợp, định kỳ báo cáo UBND tỉnh / Monitor, inspect, compile and
    report periodically to the UBND tỉnh: khoản 2 Điều 3 [dieu-3/khoan-2]."""
    EVALUATE = "evaluate"
    """Đánh giá tình hình, kết quả ứng dụng CNTT ở các ngành, địa phương / Evaluate IT
    application in sectors and localities: khoản 3 Điều 3 [dieu-3/khoan-3]."""
    PROPOSE_POLICIES = "propose_policies"
    """Tham mưu, đề xuất cơ chế, chính sách / Advise on and propose mechanisms and policies:
    khoản 3 Điều 3 [dieu-3/khoan-3]."""
    RECOMMEND_RULES = "recommend_rules"
    """Kiến nghị Chủ tịch UBND tỉnh ban hành quy định, giải pháp / Recommend that the Chairman of
    the UBND tỉnh issue rules and measures: khoản 3 Điều 3 [dieu-3/khoan-3]."""
    REQUISITION_STAFF = "requisition_staff"
    """Trưng dụng cán bộ, công chức chuyên môn của các sở, ngành / Requisition specialist staff of
    departments: khoản 4 Điều 3 [dieu-3/khoan-4]."""
    FORM_HELPER_TEAM = "form_helper_team"
    """Thành lập Tổ giúp việc (khi cần thiết) / Form the helper team (when needed): khoản 4
    Điều 3 [dieu-3/khoan-4]; its staff are decided by the Standing office, khoản 2 Điều 9."""
    USE_EQUIPMENT = "use_equipment"
    """Sử dụng phương tiện làm việc của cơ quan / Use the agency's working equipment: khoản 5
    Điều 3 [dieu-3/khoan-5]."""
    GUIDE_DEPARTMENTS = "guide_departments"
    """Chỉ đạo, kiểm tra, hướng dẫn sở, ngành, địa phương / Direct, inspect and guide departments,
    localities and bodies: khoản 3 Điều 4 [dieu-4/khoan-3]."""
    ISSUE_PROVINCIAL_RULES = "issue_provincial_rules"
    """Ban hành quy định của tỉnh: thẩm quyền của Chủ tịch UBND tỉnh; Ban Chỉ đạo chỉ kiến nghị /
    Issue provincial rules: reserved to the Chairman of the UBND tỉnh, the committee only
    recommends: khoản 3 Điều 3 [dieu-3/khoan-3]."""
    ALLOCATE_BUDGET = "allocate_budget"
    """Giao kinh phí hoạt động sự nghiệp hằng năm cho Sở TT&TT: thẩm quyền của UBND tỉnh /
    Allocate the annual operational budget: reserved to the UBND tỉnh: đoạn 1 Điều 12
    [dieu-12/doan-1]."""
    APPRAISE_ESTIMATE = "appraise_estimate"
    """Thẩm định dự toán kinh phí: thẩm quyền của Sở Tài chính / Appraise the budget estimate:
    reserved to the Department of Finance: đoạn 1 Điều 12 [dieu-12/doan-1]."""
    APPROVE_ESTIMATE = "approve_estimate"
    """Phê duyệt dự toán kinh phí: thẩm quyền của UBND tỉnh / Approve the budget estimate:
    reserved to the UBND tỉnh: đoạn 1 Điều 12 [dieu-12/doan-1]."""
    AMEND_REGULATION = "amend_regulation"
    """Điều chỉnh, bổ sung Quy chế: thẩm quyền của Chủ tịch UBND tỉnh / Amend this regulation:
    reserved to the Chairman of the UBND tỉnh: Điều 13 [dieu-13/doan-1]."""
    OTHER = "other"
    """Việc khác, Quy chế không gọi tên / Anything else the regulation does not name."""


class AssignmentKind(enum.StrEnum):
    """What an :class:`Assignment` hands out, and so who may hand it out."""

    MEMBER_DUTY = "member_duty"
    """Phân công Thành viên phụ trách lĩnh vực, nhiệm vụ: by the Head (khoản 2 Điều 4, khoản 3
    Điều 5, khoản 1 Điều 8) / A Member's field and duties, assigned by the Head."""
    DEPUTY_TASK = "deputy_task"
    """Công việc Trưởng ban phân công cho Phó Trưởng ban (khoản 1 Điều 6, khoản 1 Điều 7) /
    Work the Head assigns to a Deputy Head."""
    HELPER_TASK = "helper_task"
    """Công việc giao cho Tổ viên Tổ giúp việc: Tổ trưởng phân công (khoản 3 Điều 9); Phó Trưởng
    ban Thường trực điều hành Tổ (khoản 1 Điều 9, khoản 4 Điều 6) / A task for a helper-team
    member, assigned by the team leader; the Standing Deputy directs the team."""


class BudgetLine(enum.StrEnum):
    """The budget an expenditure is charged to (đoạn 1 Điều 12)."""

    DIC_OPERATIONAL = "dic_operational"
    """Kinh phí hoạt động sự nghiệp UBND tỉnh giao hằng năm cho Sở Thông tin và Truyền thông do
    ngân sách tỉnh cấp / The annual operational budget of the Department of Information and
    Communications, from the provincial budget."""
    OTHER = "other"
    """Nguồn khác / Any other budget."""


class SpendingPurpose(enum.StrEnum):
    """Whose activity an expenditure pays for (đoạn 1 và đoạn 3 Điều 12)."""

    COMMITTEE = "committee"
    """Hoạt động của Ban Chỉ đạo / The committee's activity."""
    HELPER_TEAM = "helper_team"
    """Hoạt động của Tổ giúp việc / The helper team's activity."""
    OTHER = "other"
    """Mục đích khác / Anything else."""


class SpendingCategory(enum.StrEnum):
    """The content of an expenditure (nội dung chi), as the spending rules cited in đoạn 2
    Điều 12 group it. Which legal source governs each category, and at what rate, belongs to the
    rule module; the rates found so far are few (see DOMAIN §D), so limits may be supplied with
    a case (:class:`SpendingLimit`)."""

    MEETINGS = "meetings"
    """Hội nghị, họp / Conferences and meetings."""
    DOCUMENTS = "documents"
    """In ấn, văn phòng phẩm, tài liệu / Printing, stationery, documents."""
    TRAVEL = "travel"
    """Công tác phí, đi kiểm tra / Travel and inspection trips."""
    EXPERTS = "experts"
    """Thuê chuyên gia, tư vấn / Experts and consultants."""
    SURVEY = "survey"
    """Điều tra, khảo sát / Surveys."""
    RESEARCH_REPORT = "research_report"
    """Báo cáo chuyên đề, báo cáo tổng hợp / Thematic and summary reports."""
    IT_APPLICATION = "it_application"
    """Ứng dụng công nghệ thông tin / IT application."""
    ALLOWANCES = "allowances"
    """Bồi dưỡng, phụ cấp kiêm nhiệm / Allowances for duty held concurrently with one's own post."""
    EQUIPMENT = "equipment"
    """Trang thiết bị / Equipment."""
    ENTERTAINMENT = "entertainment"
    """Tiếp khách / Hospitality."""
    OTHER = "other"
    """Nội dung khác / Anything else."""


# --- validators --------------------------------------------------------------------------------

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def json_type(value: object) -> str:
    """The JSON name of a value's type, for messages that a JSON author understands."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return type(value).__name__


def check_id(path: str, value: object) -> str:
    """An identifier: a short, plain token, safe to print in a path or a message."""
    if not isinstance(value, str):
        raise CaseError(path, f"expected an id (a string), got {json_type(value)}")
    if not value:
        raise CaseError(path, "an id must not be empty")
    if len(value) > ID_MAX_LENGTH:
        raise CaseError(path, f"an id has at most {ID_MAX_LENGTH} characters, not {len(value)}")
    if _ID_RE.fullmatch(value) is None:
        raise CaseError(
            path,
            f"invalid id {value!r}: use letters, digits and _ . : - (starting with a letter "
            "or digit)",
        )
    return value


def check_quarter(path: str, value: object) -> tuple[int, int]:
    """A quarter written ``YYYY-Qn``; returns (year, quarter)."""
    if not isinstance(value, str):
        raise CaseError(path, f"expected a quarter such as '2024-Q1', got {json_type(value)}")
    year, quarter = parse_quarter(path, value, CaseError)
    if year < 1:
        raise CaseError(path, f"invalid quarter {value!r}: the year must be 0001 or later")
    return year, quarter


def _id(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    check_id(attr.name, value)


def check_unicode(path: str, value: str) -> str:
    """Text must be valid Unicode: JSON can spell a lone surrogate ("\\ud800"), which no
    encoder, the engine's included, accepts."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise CaseError(path, "not valid Unicode text (a lone surrogate)") from None
    return value


def _text(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise CaseError(attr.name, f"expected a string, got {json_type(value)}")
    if len(value) > TEXT_MAX_LENGTH:
        raise CaseError(
            attr.name, f"a text has at most {TEXT_MAX_LENGTH} characters, not {len(value)}"
        )
    check_unicode(attr.name, value)


def _date(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise CaseError(attr.name, f"expected a date, got {json_type(value)}")


def _bool(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise CaseError(attr.name, f"expected true or false, got {json_type(value)}")


def _quarter(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    check_quarter(attr.name, value)


def check_money(path: str, value: object) -> int:
    """An amount of money: whole đồng, an integer from 0 to :data:`MONEY_MAX`."""
    if type(value) is not int:
        raise CaseError(
            path, f"expected an amount in whole đồng (an integer), got {json_type(value)}"
        )
    if value < 0:
        raise CaseError(path, f"an amount cannot be negative ({value})")
    if value > MONEY_MAX:
        raise CaseError(path, f"an amount is at most {MONEY_MAX} đồng, not {value}")
    return value


def check_year(path: str, value: object) -> int:
    """A year: an integer from :data:`YEAR_MIN` to :data:`YEAR_MAX`."""
    if type(value) is not int:
        raise CaseError(path, f"expected a year (an integer), got {json_type(value)}")
    if not YEAR_MIN <= value <= YEAR_MAX:
        raise CaseError(path, f"year {value} is out of range {YEAR_MIN}..{YEAR_MAX}")
    return value


def _money(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    check_money(attr.name, value)


def _year(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    check_year(attr.name, value)


def _enum(kind: type[enum.Enum]) -> Validator:
    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            allowed = ", ".join(str(m.value) for m in kind)
            raise CaseError(attr.name, f"expected a {kind.__name__} (one of: {allowed})")

    return check


def _optional(check: Validator) -> Validator:
    def optional(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(inst, attr, value)

    return optional


def _ids(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """A list of ids names each at most once: a repeated name is a slip, not a fact."""
    if not isinstance(value, tuple):
        raise CaseError(attr.name, f"expected a tuple of ids, got {json_type(value)}")
    seen: dict[str, int] = {}
    for i, item in enumerate(value):
        check_id(f"{attr.name}[{i}]", item)
        if item in seen:
            raise CaseError(
                f"{attr.name}[{i}]", f"{item!r} is listed twice (first at [{seen[item]}])"
            )
        seen[item] = i


def _acts(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise CaseError(attr.name, f"expected a tuple of acts, got {json_type(value)}")
    if not value:
        raise CaseError(attr.name, "an authorisation names at least one act")
    seen: dict[Act, int] = {}
    allowed = ", ".join(a.value for a in Act)
    for i, item in enumerate(value):
        if not isinstance(item, Act):
            raise CaseError(f"{attr.name}[{i}]", f"expected an Act (one of: {allowed})")
        if item in seen:
            raise CaseError(
                f"{attr.name}[{i}]", f"act {item.value!r} is listed twice (first at [{seen[item]}])"
            )
        seen[item] = i


def _m(vi: str, en: str, *, fmt: str | None = None, ref: str | None = None) -> dict[str, Any]:
    """Field metadata: bilingual description, value format, and the kind of record referenced."""
    meta: dict[str, Any] = {"vi": vi, "en": en}
    if fmt is not None:
        meta["format"] = fmt
    if ref is not None:
        meta["ref"] = ref
        meta.setdefault("format", "id")
    return meta


def _not_before(inst: object, later: str, earlier: str) -> None:
    end = getattr(inst, later)
    start = getattr(inst, earlier)
    if end is not None and end < start:
        raise CaseError(later, f"{later} {end.isoformat()} is before {earlier} {start.isoformat()}")


def _distinct(inst: object, field: str, other: str, what: str) -> None:
    value = getattr(inst, field)
    if value is not None and value == getattr(inst, other):
        raise CaseError(field, f"{what} ({value!r})")


def quarter_of(day: dt.date) -> tuple[int, int]:
    """The (year, quarter) a day falls in."""
    return day.year, (day.month - 1) // 3 + 1


# --- facts -------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Person:
    """Anyone the case names: committee members, helpers, invitees, officials of the UBND tỉnh."""

    id: str = attrs.field(validator=_id, metadata=_m("Mã người", "Person id", fmt="id"))
    name: str = attrs.field(validator=_text, metadata=_m("Họ và tên", "Full name", fmt="text"))
    office: str | None = attrs.field(
        default=None,
        validator=_optional(_text),
        metadata=_m(
            "Chức vụ (ví dụ: Phó Chủ tịch UBND tỉnh)",
            "Office held, e.g. 'Phó Chủ tịch UBND tỉnh' (Vice-Chairman of the Provincial "
            "People's Committee)",
            fmt="text",
        ),
    )
    agency: str | None = attrs.field(
        default=None,
        validator=_optional(_text),
        metadata=_m("Cơ quan công tác", "Agency the person works for", fmt="text"),
    )
    on_dic_payroll: bool | None = attrs.field(
        default=None,
        validator=_optional(_bool),
        metadata=_m(
            "Có thuộc biên chế Sở Thông tin và Truyền thông không (null: chưa rõ)",
            "Whether on the Department of Information and Communications' payroll (null: "
            "not known)",
        ),
    )


def _held_from() -> Any:
    """The first day a position or office is held (Position, Office share the field)."""
    return attrs.field(
        validator=_date, metadata=_m("Ngày bắt đầu (tính cả ngày này)", "First day (inclusive)")
    )


def _held_until() -> Any:
    return attrs.field(
        default=None,
        validator=_optional(_date),
        metadata=_m(
            "Ngày kết thúc (tính cả ngày này; null: vẫn đang giữ)",
            "Last day (inclusive; null: still held)",
        ),
    )


def _within(day: dt.date, first: dt.date | None, last: dt.date | None) -> bool:
    """Whether ``day`` lies in a period, both ends inclusive, None open."""
    return (first is None or first <= day) and (last is None or day <= last)


@attrs.frozen(kw_only=True)
class Position:
    """A committee position held from ``start`` to ``end``, both inclusive (Điều 2, Điều 9)."""

    id: str | None = attrs.field(
        default=None, validator=_optional(_id), metadata=_m("Mã", "Record id", fmt="id")
    )
    person: str = attrs.field(
        validator=_id, metadata=_m("Người giữ chức vụ", "Person holding it", ref=PERSON)
    )
    role: Role = attrs.field(
        validator=_enum(Role), metadata=_m("Chức vụ trong Ban", "Committee role")
    )
    start: dt.date = _held_from()
    end: dt.date | None = _held_until()

    def __attrs_post_init__(self) -> None:
        _not_before(self, "end", "start")

    def in_force(self, day: dt.date) -> bool:
        """Whether the position is held on ``day`` (both ends inclusive)."""
        return _within(day, self.start, self.end)


@attrs.frozen(kw_only=True)
class Meeting:
    """A committee meeting: họp định kỳ (regular) or họp bất thường (extraordinary), Điều 10."""

    id: str = attrs.field(validator=_id, metadata=_m("Mã cuộc họp", "Meeting id", fmt="id"))
    kind: MeetingKind = attrs.field(
        validator=_enum(MeetingKind), metadata=_m("Loại cuộc họp", "Kind of meeting")
    )
    date: dt.date = attrs.field(validator=_date, metadata=_m("Ngày họp", "Meeting day"))
    quarter: str | None = attrs.field(
        default=None,
        validator=_optional(_quarter),
        metadata=_m(
            "Quý mà cuộc họp định kỳ được tổ chức cho (YYYY-Qn; null: quý của ngày họp)",
            "Quarter a regular meeting is held for (YYYY-Qn; null: the quarter of its date)",
            fmt="quarter",
        ),
    )
    proposed_by: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Người đề nghị họp", "Who proposed the meeting", ref=PERSON),
    )
    proposed_on: dt.date | None = attrs.field(
        default=None, validator=_optional(_date), metadata=_m("Ngày đề nghị", "Day proposed")
    )
    convened_by: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Người triệu tập", "Who convened the meeting", ref=PERSON),
    )
    convened_on: dt.date | None = attrs.field(
        default=None, validator=_optional(_date), metadata=_m("Ngày triệu tập", "Day convened")
    )
    has_documents: bool | None = attrs.field(
        default=None,
        validator=_optional(_bool),
        metadata=_m(
            "Có tài liệu họp không (null: chưa rõ)", "Whether there were documents (null: unknown)"
        ),
    )
    held: bool = attrs.field(
        default=True,
        validator=_bool,
        metadata=_m("Cuộc họp có diễn ra không", "Whether the meeting took place"),
    )

    @property
    def for_quarter(self) -> tuple[int, int]:
        """(year, quarter) the meeting counts for: ``quarter`` if given, else its date's."""
        if self.quarter is not None:
            return check_quarter("quarter", self.quarter)
        return quarter_of(self.date)


@attrs.frozen(kw_only=True)
class AbsenceReport:
    """A member's report that they cannot attend a meeting (báo cáo, đoạn 5 Điều 10)."""

    id: str | None = attrs.field(
        default=None, validator=_optional(_id), metadata=_m("Mã", "Record id", fmt="id")
    )
    meeting: str = attrs.field(validator=_id, metadata=_m("Cuộc họp", "Meeting", ref=MEETING))
    member: str = attrs.field(
        validator=_id, metadata=_m("Thành viên vắng", "Member who cannot attend", ref=PERSON)
    )
    reported_on: dt.date = attrs.field(validator=_date, metadata=_m("Ngày báo cáo", "Day reported"))
    reported_to: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Người nhận báo cáo", "Who the report went to", ref=PERSON),
    )


@attrs.frozen(kw_only=True)
class Consent:
    """Sự đồng ý (consent) to a substitute attending in a member's place (đoạn 5 Điều 10)."""

    id: str | None = attrs.field(
        default=None, validator=_optional(_id), metadata=_m("Mã", "Record id", fmt="id")
    )
    meeting: str = attrs.field(validator=_id, metadata=_m("Cuộc họp", "Meeting", ref=MEETING))
    member: str = attrs.field(
        validator=_id, metadata=_m("Thành viên vắng", "Absent member", ref=PERSON)
    )
    substitute: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m(
            "Người dự họp thay (null: không nêu tên)", "Substitute (null: not named)", ref=PERSON
        ),
    )
    given_by: str = attrs.field(
        validator=_id, metadata=_m("Người đồng ý", "Who consented", ref=PERSON)
    )
    given_on: dt.date = attrs.field(validator=_date, metadata=_m("Ngày đồng ý", "Day consented"))

    def __attrs_post_init__(self) -> None:
        _distinct(self, "substitute", "member", "a member cannot substitute for themselves")


@attrs.frozen(kw_only=True)
class Attendance:
    """Someone's presence at a meeting, in their own right or as a substitute for a member."""

    id: str | None = attrs.field(
        default=None, validator=_optional(_id), metadata=_m("Mã", "Record id", fmt="id")
    )
    meeting: str = attrs.field(validator=_id, metadata=_m("Cuộc họp", "Meeting", ref=MEETING))
    person: str = attrs.field(
        validator=_id, metadata=_m("Người dự họp", "Who attended", ref=PERSON)
    )
    mode: AttendanceMode = attrs.field(
        validator=_enum(AttendanceMode), metadata=_m("Hình thức dự họp", "Attendance mode")
    )
    on_behalf_of: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m(
            "Dự thay cho thành viên (bắt buộc khi dự thay)",
            "Member attended for (required for a substitute, absent otherwise)",
            ref=PERSON,
        ),
    )

    def __attrs_post_init__(self) -> None:
        if self.mode is AttendanceMode.SUBSTITUTE and self.on_behalf_of is None:
            raise CaseError("on_behalf_of", "a substitute attendance names the member replaced")
        if self.mode is AttendanceMode.IN_PERSON and self.on_behalf_of is not None:
            raise CaseError("on_behalf_of", "an in-person attendance is on no one's behalf")
        _distinct(self, "on_behalf_of", "person", "a person cannot substitute for themselves")


@attrs.frozen(kw_only=True)
class Authorisation:
    """Ủy quyền: the grantor lets the grantee do the listed acts in the grantor's name."""

    id: str = attrs.field(validator=_id, metadata=_m("Mã văn bản ủy quyền", "Id", fmt="id"))
    grantor: str = attrs.field(
        validator=_id, metadata=_m("Người ủy quyền", "Who authorises", ref=PERSON)
    )
    grantee: str = attrs.field(
        validator=_id, metadata=_m("Người được ủy quyền", "Who is authorised", ref=PERSON)
    )
    acts: tuple[Act, ...] = attrs.field(
        validator=_acts,
        metadata=_m("Các việc được ủy quyền", "Acts covered (at least one, each once)"),
    )
    valid_from: dt.date = attrs.field(
        validator=_date, metadata=_m("Hiệu lực từ ngày", "Valid from (inclusive)")
    )
    valid_to: dt.date | None = attrs.field(
        default=None,
        validator=_optional(_date),
        metadata=_m(
            "Hiệu lực đến ngày (null: không thời hạn)", "Valid to (inclusive; null: open-ended)"
        ),
    )
    signed_on: dt.date | None = attrs.field(
        default=None, validator=_optional(_date), metadata=_m("Ngày ký", "Day signed")
    )

    def __attrs_post_init__(self) -> None:
        _not_before(self, "valid_to", "valid_from")
        _distinct(self, "grantee", "grantor", "a person cannot authorise themselves")

    def in_force(self, day: dt.date) -> bool:
        """Whether the authorisation covers ``day`` (both ends inclusive)."""
        return _within(day, self.valid_from, self.valid_to)


@attrs.frozen(kw_only=True)
class Report:
    """A member's report (Điều 11): quarterly, or ad hoc on request (báo cáo đột xuất).

    For an ad hoc report, ``requested_by`` names the person who asked, and
    ``requested_by_ppc`` marks the committee's own reports requested by the UBND tỉnh.
    """

    id: str | None = attrs.field(
        default=None, validator=_optional(_id), metadata=_m("Mã", "Record id", fmt="id")
    )
    member: str = attrs.field(
        validator=_id, metadata=_m("Người báo cáo", "Who reports", ref=PERSON)
    )
    kind: ReportKind = attrs.field(
        validator=_enum(ReportKind), metadata=_m("Loại báo cáo", "Kind of report")
    )
    quarter: str | None = attrs.field(
        default=None,
        validator=_optional(_quarter),
        metadata=_m(
            "Quý được báo cáo (YYYY-Qn; bắt buộc với báo cáo quý)",
            "Quarter reported on (YYYY-Qn; required for a quarterly report)",
            fmt="quarter",
        ),
    )
    received_on: dt.date | None = attrs.field(
        default=None,
        validator=_optional(_date),
        metadata=_m("Ngày cơ quan Thường trực nhận", "Day the Standing office received it"),
    )
    received_by: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Người nhận", "Who received it", ref=PERSON),
    )
    requested_by: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Người yêu cầu (báo cáo đột xuất)", "Who requested it (ad hoc)", ref=PERSON),
    )
    requested_by_ppc: bool = attrs.field(
        default=False,
        validator=_bool,
        metadata=_m(
            "Do UBND tỉnh yêu cầu (báo cáo của Ban Chỉ đạo)",
            "Requested by the Provincial People's Committee (the committee's own reports)",
        ),
    )
    sent_on: dt.date | None = attrs.field(
        default=None, validator=_optional(_date), metadata=_m("Ngày gửi", "Day sent")
    )

    def __attrs_post_init__(self) -> None:
        if self.kind is ReportKind.QUARTERLY and self.quarter is None:
            raise CaseError("quarter", "a quarterly report names its quarter")


@attrs.frozen(kw_only=True)
class Dispatch:
    """Documents (tài liệu) sent to members for a meeting (đoạn 2 Điều 11)."""

    id: str | None = attrs.field(
        default=None, validator=_optional(_id), metadata=_m("Mã", "Record id", fmt="id")
    )
    meeting: str = attrs.field(validator=_id, metadata=_m("Cuộc họp", "Meeting", ref=MEETING))
    sent_on: dt.date = attrs.field(validator=_date, metadata=_m("Ngày gửi", "Day sent"))
    sent_by: str | None = attrs.field(
        default=None, validator=_optional(_id), metadata=_m("Người gửi", "Sender", ref=PERSON)
    )
    recipients: tuple[str, ...] = attrs.field(
        default=(),
        validator=_ids,
        metadata=_m(
            "Người nhận (rỗng: tất cả thành viên)", "Recipients (empty: all members)", ref=PERSON
        ),
    )


@attrs.frozen(kw_only=True)
class WrittenConsultation:
    """Lấy ý kiến bằng văn bản: the Head's stand-in for a meeting that could not be held."""

    id: str = attrs.field(validator=_id, metadata=_m("Mã", "Id", fmt="id"))
    quarter: str = attrs.field(
        validator=_quarter,
        metadata=_m("Quý thay cho cuộc họp (YYYY-Qn)", "Quarter it stands in for", fmt="quarter"),
    )
    requested_by: str = attrs.field(
        validator=_id, metadata=_m("Người yêu cầu cho ý kiến", "Who asked", ref=PERSON)
    )
    requested_on: dt.date = attrs.field(validator=_date, metadata=_m("Ngày yêu cầu", "Day asked"))
    reason: str | None = attrs.field(
        default=None,
        validator=_optional(_text),
        metadata=_m(
            "Lý do không tổ chức được phiên họp", "Why the meeting could not be held", fmt="text"
        ),
    )
    addressees: tuple[str, ...] = attrs.field(
        default=(),
        validator=_ids,
        metadata=_m("Những người được hỏi ý kiến", "Who was asked", ref=PERSON),
    )
    decided_by: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Người tổng hợp và quyết định", "Who decided on the opinions", ref=PERSON),
    )
    decided_on: dt.date | None = attrs.field(
        default=None, validator=_optional(_date), metadata=_m("Ngày quyết định", "Day decided")
    )


@attrs.frozen(kw_only=True)
class Invitation:
    """The Head's decision to invite a non-member to a meeting (đoạn 3 Điều 10)."""

    id: str | None = attrs.field(
        default=None, validator=_optional(_id), metadata=_m("Mã", "Record id", fmt="id")
    )
    meeting: str = attrs.field(validator=_id, metadata=_m("Cuộc họp", "Meeting", ref=MEETING))
    invitee: str = attrs.field(
        validator=_id, metadata=_m("Người được mời", "Who is invited", ref=PERSON)
    )
    decided_by: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Người quyết định mời", "Who decided to invite", ref=PERSON),
    )
    decided_on: dt.date | None = attrs.field(
        default=None, validator=_optional(_date), metadata=_m("Ngày quyết định", "Day decided")
    )


# --- organisation, documents and money (Điều 2–9, 12, 13) ---------------------------------------


@attrs.frozen(kw_only=True)
class Agency:
    """A body the regulation names (UBND tỉnh, Sở Thông tin và Truyền thông, Sở Tài chính...),
    with the dates it existed. ``successor`` names the agency that took over its functions:
    Sở Thông tin và Truyền thông merged into Sở Khoa học và Công nghệ on 1/3/2025."""

    id: str = attrs.field(validator=_id, metadata=_m("Mã cơ quan", "Agency id", fmt="id"))
    name: str = attrs.field(validator=_text, metadata=_m("Tên cơ quan", "Name", fmt="text"))
    kind: AgencyKind = attrs.field(
        validator=_enum(AgencyKind), metadata=_m("Loại cơ quan", "Kind of agency")
    )
    start: dt.date | None = attrs.field(
        default=None,
        validator=_optional(_date),
        metadata=_m(
            "Ngày bắt đầu hoạt động (tính cả ngày này; null: trước mọi ngày của hồ sơ)",
            "First day (inclusive; null: before any day of the case)",
        ),
    )
    end: dt.date | None = attrs.field(
        default=None,
        validator=_optional(_date),
        metadata=_m(
            "Ngày cuối cùng hoạt động (tính cả ngày này; null: vẫn hoạt động)",
            "Last day (inclusive; null: still exists)",
        ),
    )
    successor: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m(
            "Cơ quan kế thừa chức năng (ví dụ sau khi hợp nhất)",
            "Agency that took over its functions (e.g. after a merger)",
            ref=AGENCY,
        ),
    )

    def __attrs_post_init__(self) -> None:
        if self.start is not None:
            _not_before(self, "end", "start")
        _distinct(self, "successor", "id", "an agency cannot succeed itself")

    def in_force(self, day: dt.date) -> bool:
        """Whether the agency exists on ``day`` (both ends inclusive; None is open)."""
        return _within(day, self.start, self.end)


@attrs.frozen(kw_only=True)
class Office:
    """An office (chức vụ) a person holds, from ``start`` to ``end`` inclusive: Chủ tịch or Phó
    Chủ tịch UBND tỉnh, Giám đốc Sở... (the Head must be a Phó Chủ tịch, khoản 1 Điều 2)."""

    id: str | None = attrs.field(
        default=None, validator=_optional(_id), metadata=_m("Mã", "Record id", fmt="id")
    )
    person: str = attrs.field(
        validator=_id, metadata=_m("Người giữ chức vụ", "Person holding it", ref=PERSON)
    )
    kind: OfficeKind = attrs.field(
        validator=_enum(OfficeKind), metadata=_m("Chức vụ", "Kind of office")
    )
    agency: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Cơ quan (của chức vụ)", "Agency the office belongs to", ref=AGENCY),
    )
    start: dt.date = _held_from()
    end: dt.date | None = _held_until()

    def __attrs_post_init__(self) -> None:
        _not_before(self, "end", "start")

    def in_force(self, day: dt.date) -> bool:
        """Whether the office is held on ``day`` (both ends inclusive)."""
        return _within(day, self.start, self.end)


@attrs.frozen(kw_only=True)
class Document:
    """A document (văn bản) signed for the committee: who signed, in what capacity, under which
    seal (khoản 2 and khoản 3 Điều 2)."""

    id: str = attrs.field(
        validator=_id, metadata=_m("Số, ký hiệu văn bản", "Document id", fmt="id")
    )
    signed_by: str = attrs.field(validator=_id, metadata=_m("Người ký", "Signed by", ref=PERSON))
    capacity: Capacity = attrs.field(
        validator=_enum(Capacity), metadata=_m("Ký với tư cách", "Capacity signed in")
    )
    seal: Seal = attrs.field(validator=_enum(Seal), metadata=_m("Con dấu", "Seal borne"))
    seal_agency: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m(
            "Cơ quan có con dấu (null: không nêu; phải null khi không đóng dấu)",
            "Agency whose seal it bears (null: not stated; must be null without a seal)",
            ref=AGENCY,
        ),
    )
    signed_on: dt.date = attrs.field(validator=_date, metadata=_m("Ngày ký", "Day signed"))
    subject: str | None = attrs.field(
        default=None,
        validator=_optional(_text),
        metadata=_m("Trích yếu", "Subject", fmt="text"),
    )

    def __attrs_post_init__(self) -> None:
        if self.seal is Seal.NONE and self.seal_agency is not None:
            raise CaseError("seal_agency", "a document without a seal names no seal agency")


@attrs.frozen(kw_only=True)
class Transaction:
    """A payment or receipt through an agency's account (tài khoản, khoản 2 Điều 2)."""

    id: str = attrs.field(validator=_id, metadata=_m("Mã giao dịch", "Transaction id", fmt="id"))
    date: dt.date = attrs.field(validator=_date, metadata=_m("Ngày giao dịch", "Day"))
    account_agency: str = attrs.field(
        validator=_id,
        metadata=_m("Cơ quan chủ tài khoản", "Agency whose account was used", ref=AGENCY),
    )
    amount: int = attrs.field(
        validator=_money, metadata=_m("Số tiền (đồng)", "Amount (whole đồng)", fmt="money")
    )
    for_committee: bool = attrs.field(
        validator=_bool,
        metadata=_m(
            "Giao dịch phục vụ công tác của Ban Chỉ đạo",
            "Whether it was for the committee's work",
        ),
    )
    purpose: str | None = attrs.field(
        default=None, validator=_optional(_text), metadata=_m("Nội dung", "Purpose", fmt="text")
    )
    decided_by: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Người quyết định", "Who decided it", ref=PERSON),
    )


@attrs.frozen(kw_only=True)
class CommitteeAction:
    """Something the committee did or attempted as a body (Điều 3; see :class:`ActionKind`)."""

    id: str = attrs.field(validator=_id, metadata=_m("Mã", "Action id", fmt="id"))
    kind: ActionKind = attrs.field(
        validator=_enum(ActionKind), metadata=_m("Loại việc", "Kind of action")
    )
    date: dt.date = attrs.field(validator=_date, metadata=_m("Ngày", "Day"))
    actor: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Người thực hiện (nhân danh Ban)", "Who acted (for the committee)", ref=PERSON),
    )
    target_agency: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Cơ quan liên quan", "Agency acted upon", ref=AGENCY),
    )
    description: str | None = attrs.field(
        default=None, validator=_optional(_text), metadata=_m("Mô tả", "Description", fmt="text")
    )


@attrs.frozen(kw_only=True)
class Assignment:
    """Phân công: a duty or task handed to someone (see :class:`AssignmentKind` for who may)."""

    id: str | None = attrs.field(
        default=None, validator=_optional(_id), metadata=_m("Mã", "Record id", fmt="id")
    )
    kind: AssignmentKind = attrs.field(
        validator=_enum(AssignmentKind), metadata=_m("Loại phân công", "Kind of assignment")
    )
    assigned_by: str = attrs.field(
        validator=_id, metadata=_m("Người phân công", "Assigned by", ref=PERSON)
    )
    assignee: str = attrs.field(
        validator=_id, metadata=_m("Người được phân công", "Assigned to", ref=PERSON)
    )
    assigned_on: dt.date = attrs.field(
        validator=_date, metadata=_m("Ngày phân công", "Day assigned")
    )
    field: str | None = attrs.field(
        default=None,
        validator=_optional(_text),
        metadata=_m("Lĩnh vực phụ trách", "Field of responsibility", fmt="text"),
    )
    description: str | None = attrs.field(
        default=None,
        validator=_optional(_text),
        metadata=_m("Nội dung công việc", "Description", fmt="text"),
    )

    def __attrs_post_init__(self) -> None:
        _distinct(self, "assignee", "assigned_by", "a person cannot assign work to themselves")


_HELPER_ROLES: Final = (Role.HELPER_LEADER, Role.HELPER_MEMBER)


@attrs.frozen(kw_only=True)
class HelperAppointment:
    """A decision putting someone on the helper team (Tổ giúp việc), khoản 2 Điều 9."""

    id: str = attrs.field(validator=_id, metadata=_m("Số quyết định (mã)", "Id", fmt="id"))
    person: str = attrs.field(
        validator=_id, metadata=_m("Người được cử", "Person appointed", ref=PERSON)
    )
    role: Role = attrs.field(
        validator=_enum(Role),
        metadata=_m(
            "Vị trí trong Tổ (helper_leader hoặc helper_member)",
            "Role in the team (helper_leader or helper_member)",
        ),
    )
    decided_by: str = attrs.field(
        validator=_id, metadata=_m("Người ký quyết định", "Who decided", ref=PERSON)
    )
    decided_on: dt.date = attrs.field(
        validator=_date, metadata=_m("Ngày quyết định", "Day decided")
    )
    part_time: bool | None = attrs.field(
        default=None,
        validator=_optional(_bool),
        metadata=_m(
            "Làm việc kiêm nhiệm (null: chưa rõ)", "Part-time (kiêm nhiệm; null: not known)"
        ),
    )
    decision_ref: str | None = attrs.field(
        default=None,
        validator=_optional(_text),
        metadata=_m("Số, ký hiệu quyết định", "Decision number", fmt="text"),
    )

    def __attrs_post_init__(self) -> None:
        if self.role not in _HELPER_ROLES:
            raise CaseError(
                "role",
                "a helper appointment is for helper_leader or helper_member, "
                f"not {self.role.value}",
            )


@attrs.frozen(kw_only=True)
class Nomination:
    """Quyết định cử cán bộ: the head of a person's own agency sends them to the helper team
    (needed for one not on the Sở TT&TT's payroll, khoản 2 Điều 9)."""

    id: str = attrs.field(validator=_id, metadata=_m("Số quyết định (mã)", "Id", fmt="id"))
    person: str = attrs.field(
        validator=_id, metadata=_m("Người được cử", "Person nominated", ref=PERSON)
    )
    agency: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Cơ quan quản lý nhân sự", "Agency managing the person", ref=AGENCY),
    )
    nominated_by: str = attrs.field(
        validator=_id, metadata=_m("Thủ trưởng cơ quan ký cử", "Who nominated", ref=PERSON)
    )
    decided_on: dt.date = attrs.field(
        validator=_date, metadata=_m("Ngày quyết định", "Day decided")
    )


@attrs.frozen(kw_only=True)
class BudgetEstimate:
    """A year's budget estimate (dự toán kinh phí hoạt động): prepared by the Standing office,
    appraised by the Department of Finance, approved by the UBND tỉnh, within the Sở TT&TT's
    total ceiling (đoạn 1 Điều 12). Order and ceiling are checked by the rules, not here."""

    id: str = attrs.field(validator=_id, metadata=_m("Mã dự toán", "Estimate id", fmt="id"))
    year: int = attrs.field(
        validator=_year, metadata=_m("Năm ngân sách", "Budget year", fmt="year")
    )
    amount: int = attrs.field(
        validator=_money, metadata=_m("Tổng dự toán (đồng)", "Total (whole đồng)", fmt="money")
    )
    prepared_by: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Người lập", "Prepared by", ref=PERSON),
    )
    prepared_on: dt.date | None = attrs.field(
        default=None, validator=_optional(_date), metadata=_m("Ngày lập", "Day prepared")
    )
    appraised_by: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Cơ quan thẩm định", "Appraised by (agency)", ref=AGENCY),
    )
    appraised_on: dt.date | None = attrs.field(
        default=None, validator=_optional(_date), metadata=_m("Ngày thẩm định", "Day appraised")
    )
    approved_by: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Cơ quan phê duyệt", "Approved by (agency)", ref=AGENCY),
    )
    approved_on: dt.date | None = attrs.field(
        default=None, validator=_optional(_date), metadata=_m("Ngày phê duyệt", "Day approved")
    )
    dic_ceiling: int | None = attrs.field(
        default=None,
        validator=_optional(_money),
        metadata=_m(
            "Tổng hạn mức kinh phí hoạt động của Sở TT&TT trong năm (đồng)",
            "The Sở TT&TT's total operational ceiling for the year (whole đồng)",
            fmt="money",
        ),
    )


@attrs.frozen(kw_only=True)
class Expenditure:
    """A payment (khoản chi) for the committee or the helper team (đoạn 2 and 3 Điều 12)."""

    id: str | None = attrs.field(
        default=None, validator=_optional(_id), metadata=_m("Mã", "Record id", fmt="id")
    )
    estimate: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m(
            "Dự toán được chi (null: không gắn dự toán)",
            "Estimate charged (null: none)",
            ref=ESTIMATE,
        ),
    )
    amount: int = attrs.field(
        validator=_money, metadata=_m("Số tiền (đồng)", "Amount (whole đồng)", fmt="money")
    )
    date: dt.date = attrs.field(validator=_date, metadata=_m("Ngày chi", "Day paid"))
    decided_by: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Người quyết định chi", "Who decided it", ref=PERSON),
    )
    budget_line: BudgetLine = attrs.field(
        validator=_enum(BudgetLine), metadata=_m("Nguồn kinh phí", "Budget charged")
    )
    purpose: SpendingPurpose = attrs.field(
        validator=_enum(SpendingPurpose), metadata=_m("Chi cho hoạt động của", "Whose activity")
    )
    category: SpendingCategory = attrs.field(
        validator=_enum(SpendingCategory), metadata=_m("Nội dung chi", "Spending category")
    )
    description: str | None = attrs.field(
        default=None,
        validator=_optional(_text),
        metadata=_m("Diễn giải", "Description", fmt="text"),
    )


@attrs.frozen(kw_only=True)
class SpendingLimit:
    """A spending limit (định mức) supplied with a case, for one category: per item, per year, or
    both, with its legal source. The texts cited in đoạn 2 Điều 12 give few figures."""

    id: str | None = attrs.field(
        default=None, validator=_optional(_id), metadata=_m("Mã", "Record id", fmt="id")
    )
    category: SpendingCategory = attrs.field(
        validator=_enum(SpendingCategory), metadata=_m("Nội dung chi", "Spending category")
    )
    per_item: int | None = attrs.field(
        default=None,
        validator=_optional(_money),
        metadata=_m("Mức tối đa mỗi khoản chi (đồng)", "Most per expenditure (đồng)", fmt="money"),
    )
    per_year: int | None = attrs.field(
        default=None,
        validator=_optional(_money),
        metadata=_m("Mức tối đa cả năm (đồng)", "Most per year (đồng)", fmt="money"),
    )
    source: str = attrs.field(
        validator=_text,
        metadata=_m("Văn bản quy định mức chi", "Legal source of the limit", fmt="text"),
    )

    def __attrs_post_init__(self) -> None:
        if self.per_item is None and self.per_year is None:
            raise CaseError("per_item", "a spending limit states per_item, per_year or both")


@attrs.frozen(kw_only=True)
class Settlement:
    """The year's settlement of accounts (quyết toán) with the Department of Finance (đoạn 3
    Điều 12)."""

    id: str = attrs.field(validator=_id, metadata=_m("Mã", "Settlement id", fmt="id"))
    year: int = attrs.field(
        validator=_year, metadata=_m("Năm quyết toán", "Year settled", fmt="year")
    )
    settled_by: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Người thực hiện quyết toán", "Who settled", ref=PERSON),
    )
    settled_with: str | None = attrs.field(
        default=None,
        validator=_optional(_id),
        metadata=_m("Quyết toán với cơ quan", "Settled with (agency)", ref=AGENCY),
    )
    settled_on: dt.date | None = attrs.field(
        default=None, validator=_optional(_date), metadata=_m("Ngày quyết toán", "Day settled")
    )


@attrs.frozen(kw_only=True)
class Amendment:
    """An amendment or supplement of this regulation (điều chỉnh, bổ sung Quy chế, Điều 13)."""

    id: str = attrs.field(validator=_id, metadata=_m("Số quyết định (mã)", "Id", fmt="id"))
    decided_by: str = attrs.field(
        validator=_id, metadata=_m("Người quyết định", "Who decided", ref=PERSON)
    )
    decided_on: dt.date = attrs.field(
        validator=_date, metadata=_m("Ngày quyết định", "Day decided")
    )
    description: str | None = attrs.field(
        default=None, validator=_optional(_text), metadata=_m("Nội dung", "Description", fmt="text")
    )


FACT_CLASSES: Final[tuple[type, ...]] = (
    Person,
    Position,
    Meeting,
    AbsenceReport,
    Consent,
    Attendance,
    Authorisation,
    Report,
    Dispatch,
    WrittenConsultation,
    Invitation,
    Agency,
    Office,
    Document,
    Transaction,
    CommitteeAction,
    Assignment,
    HelperAppointment,
    Nomination,
    BudgetEstimate,
    Expenditure,
    SpendingLimit,
    Settlement,
    Amendment,
)
