"""Điều 4. Cơ chế làm việc của Ban Chỉ đạo — Article 4. How the committee works.

Điều 4 states the mechanism the rest of Chapter II fills in: the Head decides last (khoản 1),
the Head assigns and the Members answer for their work (khoản 2). This module therefore also holds
the vocabulary in which Điều 5–13 declare, as data, who may do what and who answers to whom:

- :class:`Power`: an act (:class:`kgrules.facts.Act`), its holder, the basis on which it is held
  (in the holder's own right, on the Head's behalf under an authorisation, jointly with the
  Standing office, or merely helping) and the clauses that give it;
- :class:`Delegation`: khoản 1 Điều 6's general rule that the Standing Deputy acts for the Head
  when authorised, with the acts it does not reach;
- :class:`Accountability`: a line of account (chịu trách nhiệm trước, chịu sự điều hành, báo cáo
  về) from a holder to a superior, saying for what.

:mod:`rules.authority` (installed as ``kgrules.rules.authority``) assembles the tables from
Điều 4–8 and the acts of Điều 2, 9–13, and builds ``authority.may_act`` and
``dieu4.accountable_to`` from them (the second is built there because its lines of account come
from Điều 4 to 11, which are declared after this module). This module builds ``dieu4.final_say``.

Readings chosen where the text is open and no interpretation switch exists:

- **The final say (khoản 1).** "Trưởng Ban chỉ đạo là người có quyết định sau cùng": the person
  holding the Head's position on the day has the final say; nobody else does. A Standing Deputy
  who decides "thay mặt Trưởng ban" under an authorisation covering ``decide_matters`` (khoản 1
  Điều 6) decides for the Head, and that decision is the Head's; it never prevails over the
  Head's own. ``final_say`` is therefore "no" for him, with a reason that says so.
- **"Thành viên Ban" in khoản 2.** Read, like interpretation point 1's default, as everyone on
  the committee but the Head (khoản 1 Điều 2 lists the Deputy Heads in the committee): the Deputy
  Heads and the Members answer for their own activity to the Head and to the Chairman of the UBND
  tỉnh. The Head answers to the UBND tỉnh under khoản 1 Điều 5.
- **"Kiêm nhiệm" (khoản 1).** Part-time service is checked for the helper team by
  ``dieu9.helper_member_valid`` (appointments record ``part_time``); for the committee's Members
  the case holds no working-time facts, so it is not checked here.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping

import attrs

from kgrules.case import Case, Indexed
from kgrules.dsl import (
    Absent,
    Arg,
    Condition,
    Missing,
    QuestionBuilder,
    Ref,
    Test,
    Var,
)
from kgrules.facts import Act, Position, Role
from kgrules.i18n import Text
from kgrules.obligations import Lookup
from kgrules.regulation import cite_all
from kgrules.scope import Scope, ScopeResult, day

from .common import (
    EFFECT,
    FAILS,
    HOLDS,
    MAY_ACT,
    NA,
    POWER,
    ROLE,
    UNKNOWN,
    declare_in_force,
    in_force_text,
    power_fact,
    role_facts,
)

K1, K2, K3 = (f"dieu-4/khoan-{n}" for n in range(1, 4))


# =================================================================================================
# The vocabulary of powers and lines of account
# =================================================================================================


class Holder(enum.StrEnum):
    """Who holds a power, or a position in a line of account, described as the text does."""

    HEAD = "head"
    STANDING_DEPUTY = "standing_deputy"
    DEPUTY = "deputy"
    MEMBER = "member"
    COMMITTEE = "committee"
    """Anyone holding a committee position: the Head, a Deputy Head or a Member."""
    HELPER_LEADER = "helper_leader"
    HELPER_MEMBER = "helper_member"
    STANDING_OFFICE = "standing_office"
    """Thường trực Ban Chỉ đạo, as interpretation point 7 reads it (switch ``standing_office``)."""
    FINANCE_HEAD = "finance_head"
    """The head (Giám đốc) of an agency of kind ``finance`` (Sở Tài chính)."""
    PPC_LEADER = "ppc_leader"
    """The Chairman or a Vice-Chairman of the UBND tỉnh, signing for it."""
    PPC_CHAIRMAN = "ppc_chairman"
    AGENCY_HEAD = "agency_head"
    """The head of an agency other than the standing agency (the one managing a helper)."""
    AUTHORISED = "authorised"
    """Anyone holding an authorisation of the Head (only under a reading of point 3)."""


#: Holders that are committee or helper-team positions, and the roles they name.
ROLE_OF: Mapping[Holder, Role] = {
    Holder.HEAD: Role.HEAD,
    Holder.STANDING_DEPUTY: Role.STANDING_DEPUTY,
    Holder.DEPUTY: Role.DEPUTY,
    Holder.MEMBER: Role.MEMBER,
    Holder.HELPER_LEADER: Role.HELPER_LEADER,
    Holder.HELPER_MEMBER: Role.HELPER_MEMBER,
}
COMMITTEE_ROLES: tuple[Role, ...] = (Role.HEAD, Role.STANDING_DEPUTY, Role.DEPUTY, Role.MEMBER)
#: Holders recognised by an office outside the committee (records of kind ``offices``).
OFFICE_HOLDERS: frozenset[Holder] = frozenset(
    {Holder.FINANCE_HEAD, Holder.PPC_LEADER, Holder.PPC_CHAIRMAN, Holder.AGENCY_HEAD}
)

HOLDER_LABEL: Mapping[Holder, Text] = {
    Holder.HEAD: Text("Trưởng ban", "the Head"),
    Holder.STANDING_DEPUTY: Text("Phó Trưởng ban Thường trực", "the Standing Deputy Head"),
    Holder.DEPUTY: Text("Phó Trưởng ban", "the Deputy Head"),
    Holder.MEMBER: Text("Thành viên", "a Member"),
    Holder.COMMITTEE: Text(
        "người giữ vị trí trong Ban Chỉ đạo (Trưởng ban, Phó Trưởng ban, Thành viên)",
        "anyone on the committee (the Head, the Deputy Heads, the Members)",
    ),
    Holder.HELPER_LEADER: Text("Tổ trưởng Tổ giúp việc", "the helper-team leader"),
    Holder.HELPER_MEMBER: Text("Tổ viên Tổ giúp việc", "a helper-team member"),
    Holder.STANDING_OFFICE: Text(
        "Thường trực Ban Chỉ đạo (Phó Trưởng ban Thường trực; theo cách hiểu rộng của điểm 7, cả "
        "Thủ trưởng cơ quan thường trực)",
        "the Standing office (the Standing Deputy Head; under the wider reading of point 7, also "
        "the head of the standing agency)",
    ),
    Holder.FINANCE_HEAD: Text("Thủ trưởng Sở Tài chính", "the head of the Department of Finance"),
    Holder.PPC_LEADER: Text(
        "Chủ tịch hoặc Phó Chủ tịch UBND tỉnh, ký thay mặt UBND tỉnh",
        "the Chairman or a Vice-Chairman of the UBND tỉnh, signing for it",
    ),
    Holder.PPC_CHAIRMAN: Text("Chủ tịch UBND tỉnh", "the Chairman of the UBND tỉnh"),
    Holder.AGENCY_HEAD: Text(
        "Thủ trưởng cơ quan đang quản lý nhân sự đó (ngoài Sở Thông tin và Truyền thông)",
        "the head of the agency managing the person (other than the Sở TT&TT)",
    ),
    Holder.AUTHORISED: Text(
        "người được Trưởng ban ủy quyền", "anyone holding an authorisation of the Head"
    ),
}


class Basis(enum.StrEnum):
    """On what footing a holder holds a power."""

    OWN_RIGHT = "own_right"
    """By the regulation itself."""
    ON_BEHALF = "on_behalf"
    """For the Head, under an authorisation of the Head in force on the day (khoản 1 Điều 6)."""
    JOINTLY = "jointly"
    """Together with the Standing office (phối hợp với Thường trực Ban)."""
    HELPS = "helps"
    """Helps the holder (giúp): no power of its own; acting needs an authorisation."""


BASIS_LABEL: Mapping[Basis, Text] = {
    Basis.OWN_RIGHT: Text("tự mình", "in own right"),
    Basis.ON_BEHALF: Text("thay mặt Trưởng ban khi được ủy quyền",
                          "on the Head's behalf, when authorised"),
    Basis.JOINTLY: Text("phối hợp với Thường trực Ban", "jointly with the Standing office"),
    Basis.HELPS: Text("chỉ giúp Trưởng ban, không có quyền riêng",
                      "only helps the Head, no power of its own"),
}

ACT_LABEL: Mapping[Act, Text] = {
    Act.DECIDE_MATTERS: Text("quyết định những công việc trong Ban Chỉ đạo",
                             "decide the committee's matters"),
    Act.ASSIGN_DUTIES: Text("phân công trách nhiệm cho các Thành viên",
                            "assign the members' duties"),
    Act.INSPECT_MEMBERS: Text("kiểm tra, đôn đốc các Thành viên thực hiện nhiệm vụ",
                              "inspect and urge the members in their duties"),
    Act.CHAIR_CONFERENCES: Text("chủ trì các Hội nghị chuyên đề", "chair thematic conferences"),
    Act.CONVENE_MEETING: Text("triệu tập các cuộc họp định kỳ, đột xuất",
                              "convene regular and extraordinary meetings"),
    Act.PROPOSE_EXTRAORDINARY_MEETING: Text("đề nghị họp bất thường",
                                            "propose an extraordinary meeting"),
    Act.INVITE_ATTENDEES: Text("quyết định mời đại diện cơ quan, tổ chức, cá nhân cùng dự họp",
                               "invite outside attendees to a meeting"),
    Act.REQUEST_WRITTEN_OPINIONS: Text("yêu cầu cho ý kiến bằng văn bản khi không họp được",
                                       "request written opinions when no meeting can be held"),
    Act.CONSENT_SUBSTITUTE: Text("đồng ý cho Thành viên cử người dự họp thay",
                                 "consent to a member sending a substitute"),
    Act.REQUEST_ADHOC_REPORT: Text("yêu cầu báo cáo đột xuất", "request an ad hoc report"),
    Act.DIRECT_HELPER_TEAM: Text("chỉ đạo, điều hành Tổ giúp việc", "direct the helper team"),
    Act.FORM_HELPER_TEAM: Text("ra quyết định thành lập Tổ giúp việc và quyết định nhân sự",
                               "form the helper team and decide its staff"),
    Act.NOMINATE_OUTSIDE_HELPER: Text("quyết định cử cán bộ do mình quản lý tham gia Tổ giúp việc",
                                      "nominate staff one manages to the helper team"),
    Act.ASSIGN_HELPER_TASKS: Text("phân công công việc cho các Tổ viên Tổ giúp việc",
                                  "assign tasks to helper-team members"),
    Act.DECIDE_EXPENDITURE: Text("quyết định các khoản chi cho hoạt động của Ban Chỉ đạo",
                                 "decide the committee's expenditures"),
    Act.PREPARE_ESTIMATE: Text("lập dự toán kinh phí hoạt động hằng năm",
                               "prepare the annual budget estimate"),
    Act.APPRAISE_ESTIMATE: Text("thẩm định dự toán kinh phí", "appraise the budget estimate"),
    Act.APPROVE_ESTIMATE: Text("phê duyệt dự toán kinh phí", "approve the budget estimate"),
    Act.SETTLE_ACCOUNTS: Text("quyết toán tài chính hằng năm với Sở Tài chính",
                              "settle the year's accounts with the Department of Finance"),
    Act.AMEND_REGULATION: Text("điều chỉnh, bổ sung Quy chế", "amend or supplement the regulation"),
    Act.SIGN_WITH_PPC_SEAL: Text("ký văn bản được đóng dấu UBND tỉnh",
                                 "sign documents that bear the UBND tỉnh's seal"),
    Act.ATTEND_MEETING: Text("dự các kỳ họp của Ban Chỉ đạo", "attend the committee's meetings"),
}


@attrs.frozen
class Power:
    """``holder`` may do ``act`` on ``basis``, by ``clauses``; ``note`` says it in the text's words.

    ``readings`` restricts the power to some readings of an interpretation switch:
    ``(("consent_by_deputy", ("with_authorisation", "any_authorised")),)``.
    """

    act: Act
    holder: Holder
    basis: Basis
    clauses: tuple[str, ...]
    note: Text
    readings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def describe(self) -> Text:
        """"the Head (in own right; Article 5(4))"."""
        h, b = HOLDER_LABEL[self.holder], BASIS_LABEL[self.basis]
        return Text(f"{h.vi} ({b.vi}; {cite_all(self.clauses, 'vi')})",
                    f"{h.en} ({b.en}; {cite_all(self.clauses, 'en')})")


@attrs.frozen
class Delegation:
    """``grantee`` acts for the Head, under an authorisation of the Head in force on the day, in
    every act the Head holds in his own right, except the ``exceptions`` (with the reason)."""

    grantee: Holder
    clauses: tuple[str, ...]
    note: Text
    exceptions: tuple[tuple[Act, Text], ...]


class Relation(enum.StrEnum):
    """The kind of a line of account."""

    ACCOUNTABLE = "accountable"
    """Chịu trách nhiệm trước: answers to."""
    DIRECTED = "directed"
    """Chịu sự điều hành trực tiếp: works under the direction of."""
    REPORTS = "reports"
    """Báo cáo về: reports to."""
    ASSIGNED = "assigned"
    """Thực hiện nhiệm vụ theo sự phân công của: carries out the tasks assigned by."""


RELATION_LABEL: Mapping[Relation, Text] = {
    Relation.ACCOUNTABLE: Text("chịu trách nhiệm trước", "answers to"),
    Relation.DIRECTED: Text("chịu sự điều hành trực tiếp của", "works under the direction of"),
    Relation.REPORTS: Text("báo cáo về", "reports to"),
    Relation.ASSIGNED: Text("thực hiện nhiệm vụ theo sự phân công của",
                            "carries out the tasks assigned by"),
}


@attrs.frozen
class Accountability:
    """The holder of a position answers to (``relation``) a superior, for ``what``.

    ``readings`` restricts the line to some readings of an interpretation switch, as for
    :class:`Power`: ``(("attendance_scope", ("all_but_head",)),)`` (who reports under Điều 11
    is interpretation point 1)."""

    holder: Holder
    superior: Holder
    relation: Relation
    what: Text
    clauses: tuple[str, ...]
    readings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def holds_under(self, reading: Mapping[str, str]) -> bool:
        """Whether the line exists under the chosen readings (``reading``: switch → reading)."""
        return all(reading[switch] in allowed for switch, allowed in self.readings)


def consts_first(items: Iterable[Test | Absent | Var]) -> list[Test | Absent | Var]:
    """The same patterns with, within each binding, the tests against constants first.

    durable_rules shares the network node of a test against a constant between rules, but gives
    every test against another fact's field (``r.person == e.person``) a node of its own, and
    overflows a 64-entry stack when more than 64 such nodes hang under one node (error 303).
    Testing constants first (``r.role == "head"``, ``a.act == "convene_meeting"``) spreads a
    question's rules over the constants. Bindings keep their order of first mention.
    """
    order: list[str] = []
    tests: dict[str, list[Test]] = {}
    plain: set[str] = set()
    absent: list[Absent] = []
    for item in items:
        if isinstance(item, Absent):
            absent.append(Absent(item.var, _sorted(item.tests)))
            continue
        name = item.name_ if isinstance(item, Var) else item.binding
        if name not in tests:
            order.append(name)
            tests[name] = []
        if isinstance(item, Var):
            plain.add(name)
        else:
            tests[name].append(item)
    out: list[Test | Absent | Var] = []
    for name in order:
        if not tests[name] and name in plain:
            out.extend(i for i in items if isinstance(i, Var) and i.name_ == name)
        out.extend(_sorted(tuple(tests[name])))
    return [*out, *absent]


def _sorted(tests: tuple[Test, ...]) -> tuple[Test, ...]:
    return tuple(sorted(tests, key=lambda t: isinstance(t.value, Ref)))


# =================================================================================================
# khoản 1 Điều 4
# > 1. Ban Chỉ đạo làm việc theo nguyên tắc tập trung, dân chủ. Trưởng Ban chỉ đạo là người có
# > quyết định sau cùng về các vấn đề trong Ban Chỉ đạo. Các Thành viên Ban và Tổ giúp việc làm
# > việc theo chế độ kiêm nhiệm.
# =================================================================================================
# "Tập trung, dân chủ" is a principle with no checkable condition beyond its one concrete
# consequence, the Head's final say (below). "Kiêm nhiệm" is checked for the helper team by
# dieu9.helper_member_valid; for Members the case records no working time (module docstring).

POWERS: list[Power] = [
    Power(Act.DECIDE_MATTERS, Holder.HEAD, Basis.OWN_RIGHT, (K1,),
          Text("Trưởng Ban chỉ đạo là người có quyết định sau cùng về các vấn đề trong Ban",
               "the Head has the final say on matters within the committee")),
]

final = QuestionBuilder(
    "dieu4.final_say",
    title=Text(
        "Quyết định của người này có phải là quyết định sau cùng về các vấn đề trong Ban Chỉ đạo "
        "vào ngày đó không?",
        "On this date, does this person's decision prevail, as the final say, on matters within "
        "the committee?",
    ),
    clauses=(K1, "dieu-5/khoan-2"),
    arguments=(Arg("person", "person", Text("Người được hỏi", "The person")),
               Arg("date", "date", Text("Ngày (YYYY-MM-DD)", "The date (YYYY-MM-DD)"))),
    conditions=(
        Condition("applicable", Text("Quy chế có hiệu lực vào ngày đó",
                                     "The regulation is in force on that date")),
        Condition("final_say", Text("Là người có quyết định sau cùng",
                                    "Has the final say")),
    ),
    evaluate={"person": str, "date": int, "in_force": bool, "roles_known": bool},
    facts=(ROLE, POWER),
    module=__name__,
    depends_on=(MAY_ACT,),
)
e, r, pf = final.e, final.var("r", ROLE), final.var("pf", POWER)


def positions_on(case: Case, person: str, on: dt.date) -> list[Indexed[Position]]:
    """The positions ``person`` held on ``on`` (both ends inclusive)."""
    return [pos for pos in case.positions_of(person) if pos.record.in_force(on)]


def roles_known(case: Case, person: str, on: dt.date) -> bool:
    """Whether the person's positions on ``on`` are known: declared complete, or at least one is
    recorded for that day (then the case is taken to state them all)."""
    return case.is_complete("positions") or bool(positions_on(case, person, on))


def offices_known(case: Case, person: str, on: dt.date) -> bool:
    """Whether the person's offices outside the committee on ``on`` are known (as for
    :func:`roles_known`: declared complete, or at least one recorded for that day)."""
    return case.is_complete("offices") or any(
        o.record.in_force(on) for o in case.offices_of(person))


#: What :func:`roles_known` and :func:`offices_known` mean, for their declarations.
ROLES_KNOWN = Text("Các chức vụ trong Ban của người đó vào ngày đó đã biết (hồ sơ khai đủ, hoặc "
                   "có ít nhất một chức vụ ghi cho ngày đó)", "The person's positions on the "
                   "committee that day are known (declared complete, or one recorded for that day)")
OFFICES_KNOWN = Text("Các chức vụ ngoài Ban của người đó vào ngày đó đã biết (hồ sơ khai đủ, "
                     "hoặc có ít nhất một chức vụ ghi cho ngày đó)", "The person's offices outside "
                     "the committee that day are known (declared complete, or one recorded then)")


declare_in_force(final)
final.derive("roles_known", clauses=["dieu-2/khoan-1"], inputs=["case", "person", "on"],
             description=ROLES_KNOWN)(roles_known)


@final.scope
def _final_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    person, on = scope.args["person"], dt.date.fromisoformat(scope.args["date"])
    return ScopeResult(
        {"person": person, "date": day(on), "in_force": scope.derive("in_force", day=on),
         "roles_known": scope.derive("roles_known", case=case, person=person, on=on)},
        [*role_facts(case, [person]),
         *power_fact(scope, person, Act.DECIDE_MATTERS.value, on)],
        sources=(case.by_id("people", person).path,),
    )


final.rule(
    "in-force", condition="applicable", status=HOLDS, clauses=[K1],
    when=[e.in_force == True],
    because=Text("Ngày {e.date:date} thuộc thời gian Quy chế có hiệu lực",
                 "{e.date:date} falls within the regulation's time in force"),
)
final.rule(
    "before-effect", condition="applicable", status=NA, clauses=[EFFECT],
    when=[e.in_force == False], because=in_force_text(),
)
# Whether the person could decide matters that day, and in which way, is authority.may_act's
# answer about decide_matters (issue 12, item 4: one source of truth); the final say is the
# Head's own right, so only may_act's way "head" gives it.
_ON_DAY = (r.person == e.person, r.first <= e.date, r.last >= e.date)
_DECIDER = (pf.act == Act.DECIDE_MATTERS.value, pf.person == e.person, pf.on == e.date)
final.rule(
    "head", condition="final_say", status=HOLDS, clauses=[K1, "dieu-5/khoan-2"],
    when=consts_first([*_DECIDER, pf.outcome == "yes", pf.way == Holder.HEAD.value]),
    because=Text("{pf.name} ({pf.person}) giữ chức Trưởng ban vào ngày {e.date:date}: Trưởng Ban "
                 "chỉ đạo là người có quyết định sau cùng về các vấn đề trong Ban Chỉ đạo và quyết "
                 "định những công việc trong Ban (authority.may_act: {pf.why_vi})",
                 "{pf.name} ({pf.person}) was the Head on {e.date:date}: the Head has the final "
                 "say on matters within the committee and decides its business "
                 "(authority.may_act: {pf.why_en})"),
)
# A Standing Deputy deciding under an authorisation decides *for* the Head (khoản 1 Điều 6).
final.rule(
    "on-behalf", condition="final_say", status=FAILS, clauses=[K1, "dieu-6/khoan-1"],
    when=consts_first([*_DECIDER, pf.outcome == "yes", pf.way != Holder.HEAD.value]),
    because=Text("{pf.why_vi}: người này quyết định thay mặt Trưởng ban, và quyết định đó là của "
                 "Trưởng ban; nó không đứng trên quyết định của chính Trưởng ban, người có quyết "
                 "định sau cùng (authority.may_act)",
                 "{pf.why_en}: this person decides on the Head's behalf, and such a decision is "
                 "the Head's; it never prevails over the Head's own, who keeps the final say "
                 "(authority.may_act)"),
)
# A position recorded that day other than the Head's: never the final say, whatever
# authorisation may exist (the final say is not delegated), so this holds even when may_act
# cannot tell whether the person could decide for the Head.
final.rule(
    "other-position", condition="final_say", status=FAILS, clauses=[K1],
    when=consts_first([*_ON_DAY, r.role != Role.HEAD.value, *_DECIDER]),
    because=Text("{r.name} giữ vị trí {r.role_vi} vào ngày {e.date:date}, không phải Trưởng ban: "
                 "quyết định sau cùng thuộc về Trưởng ban",
                 "{r.name} held the position {r.role_en} on {e.date:date}, not the Head: the "
                 "final say is the Head's"),
)
final.rule(
    "no-position", condition="final_say", status=FAILS, clauses=[K1], fallback=True,
    when=consts_first([*_DECIDER, pf.outcome == "no"]),
    because=Text("{e.person} không giữ vị trí nào trong Ban Chỉ đạo vào ngày {e.date:date} (hồ sơ "
                 "chức vụ được khai là đầy đủ): quyết định sau cùng thuộc về Trưởng ban "
                 "(authority.may_act: KHÔNG)",
                 "{e.person} held no committee position on {e.date:date} (positions declared "
                 "complete): the final say is the Head's (authority.may_act: no)"),
)
final.rule(
    "position-unknown", condition="final_say", status=UNKNOWN, clauses=[K1], fallback=True,
    when=consts_first([*_DECIDER, pf.outcome == "unknown"]),
    because=Text("Không có ghi nhận vị trí nào của {e.person} trong Ban Chỉ đạo vào ngày "
                 "{e.date:date} (authority.may_act: CHƯA XÁC ĐỊNH)", "No committee position of "
                 "{e.person} is recorded for {e.date:date} (authority.may_act: unknown)"),
    missing=(Missing("positions", Text("Vị trí của người này trong Ban Chỉ đạo vào ngày đó",
                                       "The person's committee position on that date"),
                     Text("Trưởng ban → CÓ; vị trí khác, hoặc khai hồ sơ đầy đủ mà không có → "
                          "KHÔNG", "the Head → yes; another position, or positions declared "
                          "complete without one → no")),),
)
final.rule(
    "power-before-effect", condition="final_say", status=NA, clauses=[EFFECT],
    when=consts_first([*_DECIDER, pf.outcome == "not_applicable"]), because=in_force_text(),
)
FINAL_SAY = final.build()


def final_say_holders(case: Case, on: dt.date) -> tuple[Indexed[Position], ...]:
    """Who had the final say on ``on``: the Head's positions in force that day (normally one).

    ``dieu4.final_say`` answers for one person and does not name the others (an answer must not
    change when facts about unrelated people are added); this helper names them.
    """
    return case.holders(Role.HEAD, on)


# =================================================================================================
# khoản 2 Điều 4
# > 2. Các Thành viên Ban được Trưởng ban phân công phụ trách công việc theo lĩnh vực chuyên môn
# > và chịu trách nhiệm về hoạt động của mình trước Trưởng ban và Chủ tịch Ủy ban nhân dân tỉnh.
# =================================================================================================

POWERS.append(
    Power(Act.ASSIGN_DUTIES, Holder.HEAD, Basis.OWN_RIGHT, (K2,),
          Text("các Thành viên Ban được Trưởng ban phân công phụ trách công việc theo lĩnh vực "
               "chuyên môn", "the Members are assigned their work, by field, by the Head"))
)
#: "Thành viên Ban": everyone on the committee but the Head (module docstring).
ACCOUNTABILITY: list[Accountability] = [
    Accountability(
        holder, superior, Relation.ACCOUNTABLE,
        Text("về hoạt động của mình", "for their own activity"), (K2,),
    )
    for holder in (Holder.STANDING_DEPUTY, Holder.DEPUTY, Holder.MEMBER)
    for superior in (Holder.HEAD, Holder.PPC_CHAIRMAN)
]


# =================================================================================================
# khoản 3 Điều 4
# > 3. Mối quan hệ giữa Ban Chỉ đạo với các sở, ngành, các địa phương, các tổ chức và cá nhân có
# > liên quan trên địa bàn tỉnh là quan hệ chỉ đạo, kiểm tra, hướng dẫn.
# =================================================================================================

# Encoded as a power of the committee as a body: the kinds of action it allows (directing,
# inspecting, guiding departments and localities) are classified by dieu3.within_powers
# (rules/dieu3.py, action kinds guide_departments and direct_and_inspect), which cites this
# clause. It gives no power to any one person, so authority.may_act has no act for it.

QUESTIONS = (FINAL_SAY,)


# =================================================================================================
# The year's audit: what it asks of each question (kgrules.obligations)
# =================================================================================================

AUDIT = {
    FINAL_SAY.id: Lookup(Text(
        "Câu hỏi tra cứu (ý kiến của ai là quyết định sau cùng), không phải một nghĩa vụ trong năm.",
        "A look-up (whose decision prevails), not a duty performed in the year.",
    )),
}
