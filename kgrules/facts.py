"""The facts a case states, as frozen, validated records.

Every class validates its own fields on construction, so a record that exists is well formed.
A validator raises :class:`~kgrules.errors.CaseError` whose ``path`` is relative to the record
(``end``, ``recipients[2]``); the loader in :mod:`kgrules.case` prefixes the record's own path
(``positions[0].end``). References between records (a person id, a meeting id) are checked by
:class:`~kgrules.case.Case`, which alone sees all the records.

Each field carries ``metadata`` read by the JSON Schema generator and by the Case's integrity
check: ``vi`` and ``en`` (its description), ``format`` (``id``, ``text``, ``quarter``, ``date``)
and ``ref`` (``person`` or ``meeting``: the kind of record its value must name).

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

ID_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$"
ID_MAX_LENGTH: Final = 200
TEXT_MAX_LENGTH: Final = 10_000
QUARTER_PATTERN: Final = r"^[0-9]{4}-Q[1-4]$"
DATE_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

PERSON: Final = "person"
MEETING: Final = "meeting"

_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]*")
_QUARTER_RE = re.compile(r"([0-9]{4})-Q([1-4])")


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
    match = _QUARTER_RE.fullmatch(value)
    if match is None:
        raise CaseError(path, f"invalid quarter {value!r}: write it as YYYY-Qn, e.g. '2024-Q1'")
    year = int(match.group(1))
    if year < 1:
        raise CaseError(path, f"invalid quarter {value!r}: the year must be 0001 or later")
    return year, int(match.group(2))


def _id(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    check_id(attr.name, value)


def _text(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise CaseError(attr.name, f"expected a string, got {json_type(value)}")
    if len(value) > TEXT_MAX_LENGTH:
        raise CaseError(
            attr.name, f"a text has at most {TEXT_MAX_LENGTH} characters, not {len(value)}"
        )


def _date(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise CaseError(attr.name, f"expected a date, got {json_type(value)}")


def _bool(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise CaseError(attr.name, f"expected true or false, got {json_type(value)}")


def _quarter(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    check_quarter(attr.name, value)


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
    start: dt.date = attrs.field(
        validator=_date, metadata=_m("Ngày bắt đầu (tính cả ngày này)", "First day (inclusive)")
    )
    end: dt.date | None = attrs.field(
        default=None,
        validator=_optional(_date),
        metadata=_m(
            "Ngày kết thúc (tính cả ngày này; null: vẫn đang giữ)",
            "Last day (inclusive; null: still held)",
        ),
    )

    def __attrs_post_init__(self) -> None:
        _not_before(self, "end", "start")

    def in_force(self, day: dt.date) -> bool:
        """Whether the position is held on ``day`` (both ends inclusive)."""
        return self.start <= day and (self.end is None or day <= self.end)


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
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


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
)
