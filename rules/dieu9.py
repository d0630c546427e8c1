"""Điều 9. Tổ giúp việc — Article 9. The helper team.

Each khoản of the article is quoted, then followed by the questions and rules that encode it.
The helper team also appears in khoản 1 Điều 4 (its members serve concurrently with their own
post, "kiêm nhiệm") and
khoản 4 Điều 6 (the Standing Deputy Head directs it), which are cited where they apply.

Readings chosen here (the text is silent; no interpretation switch covers them):

* **Source of truth.** A :class:`~kgrules.facts.HelperAppointment` is the appointment decision
  that khoản 2 requires ("do Thường trực Ban ra quyết định"); it is what makes someone a member.
  A :class:`~kgrules.facts.Position` with a helper role only records the period served: without
  an appointment decision it makes no one a member (``unknown`` while the appointment records
  are open, ``no`` once they are declared complete); with one, a date outside every recorded
  helper position of the person means they were not serving on it (ended, or not yet begun).
  A person with no helper position on record serves from the decision on (a decision has no end
  date in the facts).
* **The governing decision.** Of a person's appointment decisions dated on or before the day
  asked, the latest governs (a later decision replaces an earlier one: re-appointment, a change
  of role or of terms). Decisions of the same day all govern together (the case's file order is
  not a legal fact). A defective latest decision is reported as such; it does not revive an
  earlier one.
* **Their own agency** (khoản 2, last sentence): the agency the nomination names, cross-checked
  with the nominator's office: the nominator must have been its head (an ``agency_head`` office
  of that agency) on the nomination day. When the nomination names no agency, it is the agency
  where the nominated person held an office that day, and the nominator must have headed it.
* **The team has a leader.** Membership presupposes a team "gồm có Tổ trưởng và các Tổ viên":
  on the day asked, someone's governing decision appoints them Tổ trưởng, decided by the
  Standing office. This question does not re-check the leader's own nomination or concurrent
  service (ask it about the leader for that).
* **Kiêm nhiệm** ("concurrently with their own post", not "part-time"): the regime the
  regulation itself sets (khoản 1 Điều 4). An appointment silent on it appoints under it; only
  one stating otherwise fails the condition (issue 12, item 13).
* **The leader's nomination** (interpretation point 11, ``leader_nomination``): by default the
  nomination sentence binds the "Tổ viên" it names, not the Tổ trưởng.
* **Who assigns helper tasks.** The Tổ trưởng, being validly on the team as leader that day
  (khoản 3), or the Standing Deputy Head, who directs the team directly (khoản 1; khoản 4
  Điều 6). Whether the Head does is interpretation point 10 (``head_directs_helpers``): by
  default not, the regulation routing the team's direction through the Standing Deputy and its
  division of work through the leader, the Head's general direction (khoản 2 Điều 5) and final
  say (khoản 1 Điều 4) acting through them; under ``head_too`` the Head's "chỉ đạo, điều hành
  hoạt động chung" reaches the team. All of this is authority.may_act's answer about
  assign_helper_tasks, which ``dieu9.task_assignment_valid`` reads (issue 12, item 4); may_act's
  Tổ trưởng way is this module's ``helper_member_valid`` "yes" for a person appointed leader.
* **Who the Standing office was, for a decision's signer.** ``helper_member_valid`` matches the
  signer against the Standing office's ways itself (``standing_office_paths``, the ways
  authority.may_act's form_helper_team rules are built from, with may_act's convention for what
  is unknown), rather than asking may_act: may_act asks ``helper_member_valid`` about the leader,
  and a circle of declared dependencies is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kgrules.case import Case, Indexed
from kgrules.dsl import (
    Absent,
    Arg,
    Condition,
    FactType,
    Missing,
    QuestionBuilder,
    Test,
    Var,
    derivation,
    no,
)
from kgrules.facts import AssignmentKind, HelperAppointment, OfficeKind, Role, quarter_of
from kgrules.i18n import Text
from kgrules.obligations import AuditContext, Audited, Check, date_text
from kgrules.scope import Scope, ScopeResult, day, fact, ref

from .common import (
    APPLICABLE,
    EFFECT,
    FAILS,
    FOREVER,
    HOLDS,
    MAY_ACT,
    NA,
    OFFICE,
    POWER,
    ROLE,
    ROLE_LABEL,
    UNKNOWN,
    declare_in_force,
    in_force_text,
    office_facts,
    power_fact,
    role_facts,
    standing_office_gate,
    standing_office_paths,
)
from .dieu4 import offices_known, roles_known

K1, K2, K3 = (f"dieu-9/khoan-{n}" for n in range(1, 4))
K41, K22 = "dieu-4/khoan-1", "dieu-2/khoan-2"
K64 = "dieu-6/khoan-4"
HELPER_ROLES = (Role.HELPER_LEADER, Role.HELPER_MEMBER)

#: A person's appointment decision (HelperAppointment). ``governs``: the latest decision of the
#: person dated on or before the day asked (several if of the same day).
@derivation("governs", clauses=[K2], inputs=["case", "person", "on", "path"], description=Text(
    "Quyết định cử này là quyết định gần nhất tính đến ngày đó (quyết định sau thay quyết định trước)",
    "This appointment decision is the latest up to that day (a later one replaces an earlier one)"))
def _governs(case: Case, person: str, on: dt.date, path: str) -> bool:
    return path in {ix.path for ix in governing(case, person, on)[0]}


#: Whether the decision's signer's committee positions (and offices) on the signing day are known,
#: authority.may_act's convention (declared complete, or one recorded that day): the signer's
#: being the Standing office is then decided, "no" included (issue 12, items 3 and 4).
_signer_roles_known = derivation(
    "signer_roles_known", clauses=[K2, "dieu-2/khoan-1"], inputs=["case", "person", "on"],
    description=Text("Các chức vụ trong Ban của người ký vào ngày ký đã biết (hồ sơ khai đủ, hoặc có "
                     "ít nhất một chức vụ ghi cho ngày đó)", "The signer's committee positions on "
                     "the signing day are known (declared complete, or one recorded that day)"),
)(roles_known)
_signer_offices_known = derivation(
    "signer_offices_known", clauses=[K2, "dieu-2/khoan-2"], inputs=["case", "person", "on"],
    description=Text("Các chức vụ ngoài Ban của người ký vào ngày ký đã biết (hồ sơ khai đủ, hoặc "
                     "có ít nhất một chức vụ ghi cho ngày đó)", "The signer's offices outside the "
                     "committee on the signing day are known (declared complete, or one recorded "
                     "that day)"),
)(offices_known)
SIGNER_KNOWN = (_signer_roles_known, _signer_offices_known)

APPOINT = FactType(
    "appointment",
    {"id": str, "person": str, "role": str, "role_vi": str, "role_en": str, "decided_by": str,
     "decided_on": int, "governs": bool, "part_time_known": bool, "part_time": bool,
     "signer_roles_known": bool, "signer_offices_known": bool},
    derivations=(_governs, *SIGNER_KNOWN),
)
#: A helper-team position (Position with a helper role): the period served.
HPOS = FactType(
    "helper_position",
    {"person": str, "name": str, "role": str, "role_vi": str, "role_en": str, "first": int,
     "last": int},
)
#: Someone whose governing decision on the day asked appoints them Tổ trưởng.
LEADER = FactType(
    "leader_appointment",
    {"id": str, "person": str, "name": str, "decided_by": str, "decided_on": int,
     "signer_roles_known": bool, "signer_offices_known": bool},
    derivations=SIGNER_KNOWN,
)
#: A nominating decision (quyết định cử cán bộ) by the head of the person's own agency.
NOMIN = FactType(
    "nomination",
    {"id": str, "person": str, "agency": str, "nominated_by": str, "decided_on": int},
)


def governing(
    case: Case, person: str, on: dt.date
) -> tuple[list[Indexed[HelperAppointment]], dt.date | None]:
    """The person's appointment decisions that govern on ``on``: the latest dated on or before
    it (every one of that day), and that day; ``([], None)`` if there is none."""
    earlier = [ix for ix in case.helper_appointments_of(person) if ix.record.decided_on <= on]
    if not earlier:
        return [], None
    last = max(ix.record.decided_on for ix in earlier)
    return [ix for ix in earlier if ix.record.decided_on == last], last


def _signer_known(fact_type: FactType, case: Case, a: HelperAppointment) -> dict[str, bool]:
    return {name: fact_type.derive(name, case=case, person=a.decided_by, on=a.decided_on)
            for name in ("signer_roles_known", "signer_offices_known")}


def _appointment_fact(case: Case, path: str, a: HelperAppointment, governs: bool) -> dict[str, Any]:
    return fact("appointment", path, id=a.id, person=a.person, role=a.role.value,
                role_vi=ROLE_LABEL[a.role].vi, role_en=ROLE_LABEL[a.role].en,
                decided_by=a.decided_by, decided_on=day(a.decided_on), governs=governs,
                part_time_known=a.part_time is not None, part_time=bool(a.part_time),
                **_signer_known(APPOINT, case, a))


# =================================================================================================
# khoản 2 Điều 9
# > Nhân sự Tổ giúp việc do Thường trực Ban ra quyết định thành lập chủ yếu từ nguồn cán bộ của Sở
# > Thông tin và Truyền thông, ngoài ra có thể mời thêm một số nhân sự ở các sở, ban ngành liên
# > quan. Tổ giúp việc gồm có Tổ trưởng và các Tổ viên. Tổ viên nếu là người không thuộc biên chế
# > của Sở Thông tin và Truyền thông phải do Thủ trưởng cơ quan đang quản lý nhân sự đó quyết định
# > cử cán bộ tham gia Tổ giúp việc.
# (with khoản 1 Điều 4: "Các Thành viên Ban và Tổ giúp việc làm việc theo chế độ kiêm nhiệm.")
# "chủ yếu từ nguồn cán bộ của Sở Thông tin và Truyền thông" states a preference for the team as a
# whole, with no measure: it is not a condition of any one person's membership.
# =================================================================================================

member = QuestionBuilder(
    "dieu9.helper_member_valid",
    title=Text(
        "Người này có là thành viên hợp lệ của Tổ giúp việc vào ngày này không?",
        "Is this person validly on the helper team (Tổ giúp việc) on this date?",
    ),
    clauses=(K2, K41),
    arguments=(
        Arg("person", "person", Text("Người được hỏi", "The person")),
        Arg("date", "date", Text("Ngày (YYYY-MM-DD)", "The date (YYYY-MM-DD)")),
    ),
    conditions=(
        APPLICABLE,
        Condition("appointed", Text("Có quyết định của Thường trực Ban cử vào Tổ giúp việc",
                                    "Appointed by decision of the Standing office")),
        Condition("serving", Text("Đang trong thời gian tham gia Tổ vào ngày đó",
                                  "Serving on the team on that date")),
        Condition("nominated", Text("Thuộc biên chế Sở TT&TT, hoặc được Thủ trưởng cơ quan quản "
                                    "lý quyết định cử", "On the Sở TT&TT's payroll, or nominated "
                                    "by the head of their own agency")),
        Condition("team_leader", Text("Tổ giúp việc có Tổ trưởng", "The team has a leader")),
        Condition("part_time", Text("Làm việc theo chế độ kiêm nhiệm",
                                    "Serving concurrently with their own post (kiêm nhiệm)")),
    ),
    evaluate={"person": str, "name": str, "date": int, "in_force": bool, "payroll_known": bool,
              "on_payroll": bool, "has_appointment": bool, "appointed_on": int,
              "complete_appointments": bool, "complete_nominations": bool,
              "complete_offices": bool},
    facts=(APPOINT, HPOS, LEADER, NOMIN, OFFICE, ROLE),
    switches=("standing_office", "nomination_timing", "leader_nomination"),
    module=__name__,
    reads={"name": "people.name", "payroll_known": "people.on_dic_payroll:recorded",
           "on_payroll": "people.on_dic_payroll",
           "complete_appointments": "complete.helper_appointments",
           "complete_nominations": "complete.nominations", "complete_offices": "complete.offices"},
)
e, a, hp = member.e, member.var("a", APPOINT), member.var("hp", HPOS)
la, n = member.var("la", LEADER), member.var("n", NOMIN)
ho, po = member.var("ho", OFFICE), member.var("po", OFFICE)


def leader_appointments(case: Case, on: dt.date) -> list[Indexed[HelperAppointment]]:
    """Every decision appointing someone Tổ trưởng that governs for them on ``on``."""
    people = dict.fromkeys(ix.record.person for ix in case.records("helper_appointments")
                           if ix.record.role is Role.HELPER_LEADER and ix.record.decided_on <= on)
    out: list[Indexed[HelperAppointment]] = []
    for person in people:
        found, _ = governing(case, person, on)
        out.extend(ix for ix in found if ix.record.role is Role.HELPER_LEADER)
    return out


declare_in_force(member)


@member.derive("appointed_on", clauses=[K2], inputs=["case", "person", "on"], description=Text(
    "Ngày của quyết định cử gần nhất tính đến ngày đó (0 nếu không có)",
    "The day of the latest appointment decision up to that day (0 if none)"))
def _appointed_on(case: Case, person: str, on: dt.date) -> int:
    return day(governing(case, person, on)[1])


@member.derive("has_appointment", clauses=[K2], inputs=["case", "person", "on"], description=Text(
    "Có quyết định cử vào Tổ giúp việc tính đến ngày đó",
    "An appointment decision to the helper team exists up to that day"))
def _has_appointment(case: Case, person: str, on: dt.date) -> bool:
    return governing(case, person, on)[1] is not None


@member.scope
def _member_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    person = case.person(scope.args["person"])
    on = dt.date.fromisoformat(scope.args["date"])
    facts = [_appointment_fact(case, path, ap, APPOINT.derive("governs", case=case,
                                                              person=person.id, on=on, path=path))
             for path, ap in case.helper_appointments_of(person.id)]
    facts += [fact("helper_position", path, person=person.id, name=person.name,
                   role=pos.role.value, role_vi=ROLE_LABEL[pos.role].vi,
                   role_en=ROLE_LABEL[pos.role].en, first=day(pos.start),
                   last=FOREVER if pos.end is None else day(pos.end))
              for path, pos in case.positions_of(person.id) if pos.role in HELPER_ROLES]
    leaders = leader_appointments(case, on)
    facts += [fact("leader_appointment", path, id=ap.id, person=ap.person,
                   name=case.person(ap.person).name, decided_by=ap.decided_by,
                   decided_on=day(ap.decided_on), **_signer_known(LEADER, case, ap))
              for path, ap in leaders]
    nominations = case.nominations_of(person.id)
    facts += [fact("nomination", path, id=nm.id, person=nm.person, agency=ref(nm.agency),
                   nominated_by=nm.nominated_by, decided_on=day(nm.decided_on))
              for path, nm in nominations]
    # Whether each decision's signer was the Standing office that day: their positions and offices,
    # matched by the Standing office's ways (rules/common.py), as authority.may_act matches them.
    signers = [ap.decided_by for _, ap in [*case.helper_appointments_of(person.id), *leaders]]
    facts += role_facts(case, signers)
    facts += office_facts(case, [person.id, *(nm.nominated_by for _, nm in nominations),
                                 *signers])
    return ScopeResult(
        {"person": person.id, "name": person.name, "date": day(on),
         "in_force": scope.derive("in_force", day=on),
         "payroll_known": person.on_dic_payroll is not None,
         "on_payroll": bool(person.on_dic_payroll),
         "has_appointment": scope.derive("has_appointment", case=case, person=person.id, on=on),
         "appointed_on": scope.derive("appointed_on", case=case, person=person.id, on=on),
         "complete_appointments": case.is_complete("helper_appointments"),
         "complete_nominations": case.is_complete("nominations"),
         "complete_offices": case.is_complete("offices")},
        facts, sources=(case.by_id("people", person.id).path,),
    )


member.rule(
    "in-force", condition="applicable", status=HOLDS, clauses=[K2],
    when=[e.in_force == True],
    because=Text("Ngày {e.date:date}: Quy chế đang có hiệu lực",
                 "On {e.date:date} the regulation is in force"),
)
member.rule(
    "before-effect", condition="applicable", status=NA, clauses=[EFFECT],
    when=[e.in_force == False], because=in_force_text(),
)

# --- "Nhân sự Tổ giúp việc do Thường trực Ban ra quyết định thành lập" ----------------------------
# Whether the decision's signer was the Standing office that day: the Standing office's ways
# (rules/common.py, ``standing_office_paths``: the Standing Deputy Head; the standing agency's head
# under the wider reading of point 7, khoản 2 Điều 2), the very ways from which authority.may_act's
# rules for form_helper_team are built, with may_act's convention for what is unknown (the
# signer's positions, or offices under the wider reading, neither declared complete nor recorded
# that day). Matched here rather than asked of may_act, because may_act asks this question
# whether the Tổ trưởng is validly on the team (assign_helper_tasks, khoản 3): a dependency
# circle (issue 12, item 4). tests/specification/test_open_world_and_authority.py checks that
# the two agree. A decision signed before the regulation took effect stands when its signer held
# the Standing office's position that day: the team it formed serves on under the regulation.
WIDE = "standing_deputy_or_agency_head"


def _signer_rules(condition: str, prefix: str, decision: Var, binding: str,
                  first: tuple[Test | Absent, ...], said: Text, unknown_missing: Missing) -> None:
    """The signer rules of ``condition``: one holding rule per way of being the Standing office,
    "unknown" while the signer's records are open, "no" (a fallback) once they are known."""
    for path in standing_office_paths(decision.decided_by, decision.decided_on):
        member.rule(
            f"{prefix}{path.name}", condition=condition, status=HOLDS,
            clauses=[K2, *path.clauses],
            when=[*first, *path.when, *standing_office_gate(path, e)],
            because=Text(said.vi + ": " + path.because.vi, said.en + ": " + path.because.en),
        )
    for name, known, gate, vi, en in (
        ("signer-authority-unknown", decision.signer_roles_known == False,
         e.i_standing_office != "", "vị trí nào trong Ban Chỉ đạo", "committee position"),
        ("signer-office-unknown", decision.signer_offices_known == False,
         e.i_standing_office == WIDE, "chức vụ nào", "office"),
    ):
        member.rule(
            ("" if prefix == "appointed-" else prefix) + name,
            condition=condition, status=UNKNOWN, clauses=[K2],
            when=[*first, known, gate],
            because=Text(said.vi + "; không có ghi nhận " + vi + " của người ký {" + binding
                         + ".decided_by} vào ngày ký, nên chưa xác định được người ký có phải "
                         "Thường trực Ban Chỉ đạo không",
                         said.en + "; no " + en + " of the signer {" + binding
                         + ".decided_by} is recorded for the signing day, so whether the signer "
                         "was the Standing office is not established"),
            missing=(unknown_missing,),
        )


_SIGNER_MISSING = Missing(
    "positions", Text("Vị trí (và chức vụ) của người ký quyết định cử vào ngày ký",
                      "The position (and offices) of the appointment's signer on the signing day"),
    Text("Phó Trưởng ban Thường trực (hoặc Thủ trưởng cơ quan thường trực, theo cách hiểu rộng) → "
         "điều kiện đáp ứng; khai hồ sơ đầy đủ mà không phải → KHÔNG",
         "the Standing Deputy Head (or the standing agency's head, under the wider reading) → "
         "this condition holds; records declared complete and neither → no"))
_OWN = (a.person == e.person, a.governs == True)
_signer_rules("appointed", "appointed-", a, "a", _OWN,
              Text("Quyết định {a.id} ngày {a.decided_on:date} cử {e.name} làm {a.role_vi}",
                   "Decision {a.id} of {a.decided_on:date} appointed {e.name} as {a.role_en}"),
              _SIGNER_MISSING)
for reading, known in (("standing_deputy", (a.signer_roles_known == True,)),
                       (WIDE, (a.signer_roles_known == True, a.signer_offices_known == True))):
    member.rule(
        "not-standing-office" + ("" if reading == "standing_deputy" else "-wide"),
        condition="appointed", status=FAILS, clauses=[K2] if reading == "standing_deputy"
        else [K2, "dieu-2/khoan-2"], fallback=True,
        when=[*_OWN, *known, e.i_standing_office == reading],
        because=Text("Quyết định {a.id} ngày {a.decided_on:date} cử {e.name} vào Tổ giúp việc do "
                     "{a.decided_by} ký, người không phải Thường trực Ban Chỉ đạo vào ngày đó (theo "
                     "cách hiểu đã chọn; hồ sơ cho thấy các vị trí, chức vụ của người ký ngày đó)",
                     "Decision {a.id} of {a.decided_on:date} putting {e.name} on the helper team "
                     "was signed by {a.decided_by}, who was not the Standing office on that day "
                     "(under the chosen reading; the records show the signer's positions and "
                     "offices that day)"),
    )
member.rule(
    "decided-after", condition="appointed", status=FAILS, clauses=[K2], fallback=True,
    when=[e.has_appointment == False, e.complete_appointments == True, a.person == e.person,
          a.decided_on > e.date],
    because=Text("Quyết định {a.id} cử {e.name} vào Tổ giúp việc ngày {a.decided_on:date}, sau "
                 "ngày {e.date:date}; hồ sơ (được khai là đầy đủ) không có quyết định nào trước đó",
                 "Decision {a.id} put {e.name} on the helper team on {a.decided_on:date}, after "
                 "{e.date:date}; the records (declared complete) hold no earlier decision"),
)
_na, _nh = Var("na", APPOINT), Var("nh", HPOS)
_NO_APPOINTMENT = no(_na, _na.person == e.person)
_NO_POSITION_ON_DAY = no(_nh, _nh.person == e.person, _nh.first <= e.date, _nh.last >= e.date)
_POSITION_ON_DAY = (hp.person == e.person, hp.first <= e.date, hp.last >= e.date)
_MISSING_APPOINTMENT = Missing(
    "helper_appointments",
    Text("Quyết định của Thường trực Ban cử người này vào Tổ giúp việc, chậm nhất ngày hỏi",
         "The Standing office's decision putting this person on the team, by the date asked"),
    Text("có, do Thường trực ký → điều kiện đáp ứng; khai hồ sơ đầy đủ mà không có → KHÔNG",
         "present, signed by the Standing office → this condition holds; records declared "
         "complete without it → no"),
)
member.rule(
    "no-decision", condition="appointed", status=FAILS, clauses=[K2], fallback=True,
    when=[e.complete_appointments == True, _NO_APPOINTMENT, _NO_POSITION_ON_DAY],
    because=Text("Hồ sơ quyết định cử vào Tổ giúp việc (được khai là đầy đủ) không có quyết định "
                 "nào cho {e.name}",
                 "The helper-team appointment records (declared complete) hold no decision for "
                 "{e.name}"),
)
member.rule(
    "position-without-decision", condition="appointed", status=FAILS, clauses=[K2],
    fallback=True,
    when=[e.complete_appointments == True, _NO_APPOINTMENT, *_POSITION_ON_DAY],
    because=Text("{hp.name} được ghi là {hp.role_vi}, nhưng hồ sơ (được khai là đầy đủ) không có "
                 "quyết định nào của Thường trực Ban cử người này vào Tổ giúp việc",
                 "{hp.name} is recorded as {hp.role_en}, but the records (declared complete) "
                 "hold no decision of the Standing office putting them on the team"),
)
member.rule(
    "decision-unknown", condition="appointed", status=UNKNOWN, clauses=[K2], fallback=True,
    when=[e.has_appointment == False, e.complete_appointments == False, _NO_POSITION_ON_DAY],
    because=Text("Không có quyết định nào cử {e.name} vào Tổ giúp việc đến ngày {e.date:date} "
                 "được ghi nhận",
                 "No decision putting {e.name} on the helper team by {e.date:date} is recorded"),
    missing=(_MISSING_APPOINTMENT,),
)
member.rule(
    "position-without-decision-unknown", condition="appointed", status=UNKNOWN, clauses=[K2],
    fallback=True,
    when=[e.has_appointment == False, e.complete_appointments == False, *_POSITION_ON_DAY],
    because=Text("{hp.name} được ghi là {hp.role_vi}, nhưng không có quyết định nào của Thường trực "
                 "Ban cử người này vào Tổ giúp việc đến ngày {e.date:date} được ghi nhận",
                 "{hp.name} is recorded as {hp.role_en}, but no decision of the Standing office "
                 "putting them on the team by {e.date:date} is recorded"),
    missing=(_MISSING_APPOINTMENT,),
)

# --- the period served (helper positions, where the case records them) -------------------------
member.rule(
    "position-in-force", condition="serving", status=HOLDS, clauses=[K2],
    when=[*_POSITION_ON_DAY],
    because=Text("{hp.name} giữ vị trí {hp.role_vi} từ ngày {hp.first:date}, còn giữ vào ngày "
                 "{e.date:date}", "{hp.name} has held the position {hp.role_en} since "
                 "{hp.first:date}, still held on {e.date:date}"),
)
member.rule(
    "no-position-recorded", condition="serving", status=HOLDS, clauses=[K2],
    when=[no(Var("np", HPOS), Var("np", HPOS).person == e.person)],
    because=Text("Hồ sơ không ghi thời hạn nào kết thúc việc tham gia Tổ của {e.name}: quyết định "
                 "cử (nếu có) vẫn có hiệu lực", "No record ends {e.name}'s service on the team: "
                 "the appointment decision, if any, stands"),
)
member.rule(
    "position-ended", condition="serving", status=FAILS, clauses=[K2],
    when=[hp.person == e.person, hp.last < e.date],
    because=Text("{hp.name} thôi giữ vị trí {hp.role_vi} sau ngày {hp.last:date}, trước ngày "
                 "{e.date:date}", "{hp.name} left the position {hp.role_en} after "
                 "{hp.last:date}, before {e.date:date}"),
)
member.rule(
    "position-not-begun", condition="serving", status=FAILS, clauses=[K2],
    when=[hp.person == e.person, hp.first > e.date],
    because=Text("Vị trí {hp.role_vi} của {hp.name} bắt đầu từ ngày {hp.first:date}, sau ngày "
                 "{e.date:date}", "{hp.name}'s position {hp.role_en} begins on {hp.first:date}, "
                 "after {e.date:date}"),
)

# --- "Tổ viên nếu là người không thuộc biên chế của Sở Thông tin và Truyền thông phải do Thủ
# trưởng cơ quan đang quản lý nhân sự đó quyết định cử" --------------------------------------------
member.rule(
    "on-payroll", condition="nominated", status=HOLDS, clauses=[K2],
    when=[e.payroll_known == True, e.on_payroll == True],
    because=Text("{e.name} thuộc biên chế Sở Thông tin và Truyền thông: không cần quyết định cử của "
                 "cơ quan khác", "{e.name} is on the payroll of the Department of Information and "
                 "Communications: no nomination by another agency is needed"),
)
# "Tổ viên nếu là người không thuộc biên chế …": the sentence names the Tổ viên, right after
# "Tổ giúp việc gồm có Tổ trưởng và các Tổ viên". Interpretation point 11 (leader_nomination):
# under the default reading the leader needs no nomination (issue 12, item 7).
member.rule(
    "leader-needs-no-nomination", condition="nominated", status=HOLDS, clauses=[K2],
    when=[a.person == e.person, a.governs == True, a.role == Role.HELPER_LEADER.value,
          e.i_leader_nomination == "members_only"],
    because=Text("Quyết định {a.id} cử {e.name} làm Tổ trưởng; theo cách hiểu đã chọn, yêu cầu quyết "
                 "định cử của cơ quan quản lý chỉ đặt cho \"Tổ viên\" (khoản 2 Điều 9)",
                 "Decision {a.id} appoints {e.name} team leader; under the chosen reading, the "
                 "managing agency's nomination is required of \"Tổ viên\" (team members) only "
                 "(Article 9(2))"),
)
# Not read from authority.may_act (nominate_outside_helper): may_act has no argument naming the
# helper, so it answers only whether the nominator headed *some* agency other than the standing
# agency that day; the text asks for the head of "cơ quan đang quản lý nhân sự đó", the nominee's
# own agency, checked here against the nomination and the nominee's office records (item 15). A
# "yes" here implies may_act's "yes" (the head of the nominee's agency heads an agency), except
# for a nominee managed by the standing agency itself, who needs no nomination (on its payroll).
_HEAD_ON_DAY = (ho.person == n.nominated_by, ho.office == OfficeKind.AGENCY_HEAD.value,
                ho.first <= n.decided_on, ho.last >= n.decided_on)
# "Thủ trưởng cơ quan đang quản lý nhân sự đó": the agency actually managing the person. A named
# agency counts when the nominee's office records agree that day: an office there, or no office
# anywhere else (issue 12, item 15: a field never outweighs the records it contradicts).
_yo = Var("yo", OFFICE)
_NOT_ELSEWHERE = no(_yo, _yo.person == e.person, _yo.agency != "", _yo.agency != n.agency,
                    _yo.first <= n.decided_on, _yo.last >= n.decided_on)
_AGENCY: dict[str, tuple[list[Test | Absent], Text]] = {
    # The nomination names the agency: its head that day signed it, and the nominee's office
    # records place them in no other agency that day.
    "stated": (
        [n.person == e.person, n.agency != "", *_HEAD_ON_DAY, ho.agency == n.agency,
         _NOT_ELSEWHERE],
        Text("Quyết định cử {n.id} ngày {n.decided_on:date} của {ho.name}, Thủ trưởng {ho.agency} "
             "(cơ quan quản lý nêu trong quyết định)",
             "Nomination {n.id} of {n.decided_on:date} by {ho.name}, head of {ho.agency} (the "
             "managing agency the decision names)"),
    ),
    # It names the agency, and the nominee held an office there that day.
    "stated-confirmed": (
        [n.person == e.person, n.agency != "", *_HEAD_ON_DAY, ho.agency == n.agency,
         po.person == e.person, po.agency == n.agency, po.first <= n.decided_on,
         po.last >= n.decided_on],
        Text("Quyết định cử {n.id} ngày {n.decided_on:date} của {ho.name}, Thủ trưởng {ho.agency}, "
             "nơi {po.name} công tác vào ngày đó",
             "Nomination {n.id} of {n.decided_on:date} by {ho.name}, head of {ho.agency}, where "
             "{po.name} worked on that day"),
    ),
    # It names none: the agency where the person held an office that day, headed by the signer.
    "from-office": (
        [n.person == e.person, n.agency == "", *_HEAD_ON_DAY, po.person == e.person,
         po.agency == ho.agency, po.first <= n.decided_on, po.last >= n.decided_on],
        Text("Quyết định cử {n.id} ngày {n.decided_on:date} của {ho.name}, Thủ trưởng {ho.agency}, "
             "nơi {po.name} công tác vào ngày đó",
             "Nomination {n.id} of {n.decided_on:date} by {ho.name}, head of {ho.agency}, where "
             "{po.name} worked on that day"),
    ),
}
_TIMING = {
    "no_later_than_appointment": (
        [e.has_appointment == True, n.decided_on <= e.appointed_on],
        Text(", không muộn hơn quyết định cử vào Tổ ngày {e.appointed_on:date}",
             ", no later than the appointment of {e.appointed_on:date}"),
    ),
    "no_later_than_appointment-none-yet": (
        [e.has_appointment == False, n.decided_on <= e.date],
        Text(" (chưa có quyết định cử vào Tổ đến ngày {e.date:date} để so thời điểm)",
             " (no appointment by {e.date:date} to compare it with)"),
    ),
    "any_time": (
        [n.decided_on <= e.date],
        Text(", có trước ngày {e.date:date} (theo cách hiểu đã chọn, quyết định cử có thể ban hành "
             "sau quyết định cử vào Tổ)", ", by {e.date:date} (under the chosen reading a "
             "nomination may follow the appointment)"),
    ),
}
for agency, (agency_when, agency_text) in _AGENCY.items():
    for timing, (timing_when, timing_text) in _TIMING.items():
        reading = timing.removesuffix("-none-yet")
        member.rule(
            f"nominated-{agency}-{timing}", condition="nominated", status=HOLDS, clauses=[K2],
            when=[*agency_when, *timing_when, e.i_nomination_timing == reading],
            because=Text(agency_text.vi + timing_text.vi, agency_text.en + timing_text.en),
        )
_OUTSIDER = (e.payroll_known == True, e.on_payroll == False)
member.rule(
    "nomination-after-appointment", condition="nominated", status=FAILS, clauses=[K2],
    when=[*_OUTSIDER, n.person == e.person, e.has_appointment == True,
          n.decided_on > e.appointed_on, e.i_nomination_timing == "no_later_than_appointment"],
    because=Text("{e.name} không thuộc biên chế Sở TT&TT; quyết định cử {n.id} ngày "
                 "{n.decided_on:date} muộn hơn quyết định cử vào Tổ ngày {e.appointed_on:date}: "
                 "việc cử phải có trước khi tham gia Tổ",
                 "{e.name} is not on the Sở TT&TT's payroll; nomination {n.id} of "
                 "{n.decided_on:date} came after the appointment of {e.appointed_on:date}: the "
                 "nomination must precede joining the team"),
)
for reading, extra in (("any_time", []), ("no_later_than_appointment",
                                          [e.has_appointment == False])):
    member.rule(
        f"nomination-after-date-{reading}", condition="nominated", status=FAILS, clauses=[K2],
        when=[*_OUTSIDER, n.person == e.person, *extra, n.decided_on > e.date,
              e.i_nomination_timing == reading],
        because=Text("{e.name} không thuộc biên chế Sở TT&TT; quyết định cử {n.id} ngày "
                     "{n.decided_on:date} chưa có vào ngày {e.date:date}",
                     "{e.name} is not on the Sở TT&TT's payroll; nomination {n.id} of "
                     "{n.decided_on:date} did not yet exist on {e.date:date}"),
    )
member.rule(
    "nominator-not-head", condition="nominated", status=FAILS, clauses=[K2], fallback=True,
    when=[*_OUTSIDER, n.person == e.person, e.complete_offices == True],
    because=Text("{e.name} không thuộc biên chế Sở TT&TT; quyết định cử {n.id} ngày "
                 "{n.decided_on:date} do {n.nominated_by} ký, người không phải Thủ trưởng cơ quan "
                 "đang quản lý {e.name} vào ngày đó (theo hồ sơ chức vụ, được khai là đầy đủ)",
                 "{e.name} is not on the Sở TT&TT's payroll; nomination {n.id} of "
                 "{n.decided_on:date} was signed by {n.nominated_by}, who was not the head of the "
                 "agency managing {e.name} on that day (per the office records, declared "
                 "complete)"),
)
member.rule(
    "nominator-unconfirmed", condition="nominated", status=UNKNOWN, clauses=[K2], fallback=True,
    when=[*_OUTSIDER, n.person == e.person, e.complete_offices == False],
    because=Text("Có quyết định cử {n.id} ngày {n.decided_on:date} do {n.nominated_by} ký, nhưng hồ "
                 "sơ chức vụ không cho thấy người ký là Thủ trưởng cơ quan đang quản lý {e.name}",
                 "Nomination {n.id} of {n.decided_on:date} was signed by {n.nominated_by}, but the "
                 "office records do not show the signer heading the agency managing {e.name}"),
    missing=(Missing("offices", Text("Chức vụ Thủ trưởng cơ quan của người ký quyết định cử, và "
                                     "cơ quan nơi người được cử công tác",
                                     "The signer's office as head of the agency, and the agency "
                                     "where the nominated person works"),
                     Text("người ký là Thủ trưởng cơ quan đó → điều kiện đáp ứng; khai hồ sơ chức "
                          "vụ đầy đủ mà không có → KHÔNG", "the signer headed that agency → this "
                          "condition holds; office records declared complete without it → no")),),
)
_CONTRADICTED = (*_OUTSIDER, n.person == e.person, n.agency != "", po.person == e.person,
                 po.agency != "", po.agency != n.agency, po.first <= n.decided_on,
                 po.last >= n.decided_on,
                 no(Var("zo", OFFICE), Var("zo", OFFICE).person == e.person,
                    Var("zo", OFFICE).agency == n.agency, Var("zo", OFFICE).first <= n.decided_on,
                    Var("zo", OFFICE).last >= n.decided_on))
_AGENCY_CONFLICT = Text(
    "Quyết định cử {n.id} nêu cơ quan quản lý là {n.agency}, nhưng hồ sơ chức vụ ghi {po.name} công "
    "tác tại {po.agency} vào ngày {n.decided_on:date}, không có chức vụ nào tại {n.agency}",
    "Nomination {n.id} names {n.agency} as the managing agency, but the office records place "
    "{po.name} in {po.agency} on {n.decided_on:date}, with no office in {n.agency}")
member.rule(
    "nomination-agency-contradicted", condition="nominated", status=FAILS, clauses=[K2],
    fallback=True, when=[*_CONTRADICTED, e.complete_offices == True],
    because=Text(_AGENCY_CONFLICT.vi + " (hồ sơ chức vụ được khai là đầy đủ)",
                 _AGENCY_CONFLICT.en + " (office records declared complete)"),
    warning=_AGENCY_CONFLICT,
)
member.rule(
    "nomination-agency-unconfirmed", condition="nominated", status=UNKNOWN, clauses=[K2],
    fallback=True, when=[*_CONTRADICTED, e.complete_offices == False],
    because=_AGENCY_CONFLICT, warning=_AGENCY_CONFLICT,
    missing=(Missing("offices", Text("Cơ quan đang quản lý người được cử vào ngày cử",
                                     "The agency managing the nominee on the nomination day"),
                     Text("là cơ quan nêu trong quyết định cử → điều kiện đáp ứng; khai hồ sơ đầy "
                          "đủ mà không → KHÔNG", "the agency the nomination names → this "
                          "condition holds; records declared complete otherwise → no")),),
)
_nn = Var("nn", NOMIN)
member.rule(
    "no-nomination", condition="nominated", status=FAILS, clauses=[K2], fallback=True,
    when=[*_OUTSIDER, e.complete_nominations == True, no(_nn, _nn.person == e.person)],
    because=Text("{e.name} không thuộc biên chế Sở TT&TT, và hồ sơ (được khai là đầy đủ) không có "
                 "quyết định cử của Thủ trưởng cơ quan đang quản lý người này",
                 "{e.name} is not on the Sở TT&TT's payroll, and the records (declared complete) "
                 "hold no nomination by the head of the agency managing them"),
)
member.rule(
    "nomination-unknown", condition="nominated", status=UNKNOWN, clauses=[K2], fallback=True,
    when=[*_OUTSIDER, e.complete_nominations == False, no(_nn, _nn.person == e.person)],
    because=Text("{e.name} không thuộc biên chế Sở TT&TT, và không có quyết định cử của Thủ trưởng "
                 "cơ quan quản lý được ghi nhận",
                 "{e.name} is not on the Sở TT&TT's payroll, and no nomination by the head of "
                 "their agency is recorded"),
    missing=(Missing("nominations", Text("Quyết định cử cán bộ của Thủ trưởng cơ quan đang quản lý "
                                         "người này", "The nomination by the head of the agency "
                                         "managing this person"),
                     Text("có, đúng thời điểm → điều kiện đáp ứng; khai hồ sơ đầy đủ mà không có → "
                          "KHÔNG", "present and timely → this condition holds; records declared "
                          "complete without it → no")),),
)
member.rule(
    "payroll-unknown", condition="nominated", status=UNKNOWN, clauses=[K2], fallback=True,
    when=[e.payroll_known == False],
    because=Text("Không rõ {e.name} có thuộc biên chế Sở TT&TT không, và không có quyết định cử hợp "
                 "lệ nào của cơ quan quản lý", "Whether {e.name} is on the Sở TT&TT's payroll is "
                 "not recorded, and no valid nomination by their agency is"),
    missing=(Missing("people[].on_dic_payroll",
                     Text("Người này có thuộc biên chế Sở TT&TT không",
                          "Whether this person is on the Sở TT&TT's payroll"),
                     Text("có → điều kiện đáp ứng; không → cần quyết định cử của Thủ trưởng cơ quan "
                          "quản lý", "yes → this condition holds; no → a nomination by the head "
                          "of their agency is needed")),),
)

# --- "Tổ giúp việc gồm có Tổ trưởng và các Tổ viên" -------------------------------------------------
_signer_rules("team_leader", "leader-", la, "la", (la.decided_on <= e.date,),
              Text("Tổ trưởng: {la.name} (quyết định {la.id} ngày {la.decided_on:date})",
                   "Team leader: {la.name} (decision {la.id} of {la.decided_on:date})"),
              Missing("positions", Text("Vị trí (và chức vụ) của người ký quyết định cử Tổ trưởng "
                                        "vào ngày ký", "The position (and offices) of the "
                                        "signer of the leader's appointment on the signing day"),
                      Text("Thường trực Ban Chỉ đạo → điều kiện đáp ứng; khai hồ sơ đầy đủ mà "
                           "không phải → KHÔNG", "the Standing office → this condition holds; "
                           "records declared complete and not → no")))
member.rule(
    "no-leader", condition="team_leader", status=FAILS, clauses=[K2], fallback=True,
    when=[e.complete_appointments == True],
    because=Text("Hồ sơ (được khai là đầy đủ) không có quyết định hợp lệ của Thường trực Ban cử Tổ "
                 "trưởng có hiệu lực vào ngày {e.date:date}: Tổ giúp việc gồm có Tổ trưởng và các Tổ "
                 "viên", "The records (declared complete) hold no valid decision of the Standing "
                 "office appointing a team leader in force on {e.date:date}: the team consists of "
                 "a leader and members"),
)
member.rule(
    "leader-unknown", condition="team_leader", status=UNKNOWN, clauses=[K2], fallback=True,
    when=[e.complete_appointments == False],
    because=Text("Không có quyết định hợp lệ nào cử Tổ trưởng Tổ giúp việc có hiệu lực vào ngày "
                 "{e.date:date} được ghi nhận", "No valid decision appointing a team leader in "
                 "force on {e.date:date} is recorded"),
    missing=(Missing("helper_appointments", Text("Quyết định của Thường trực Ban cử Tổ trưởng",
                                                 "The Standing office's decision appointing the "
                                                 "team leader"),
                     Text("có → điều kiện đáp ứng; khai hồ sơ đầy đủ mà không có → KHÔNG",
                          "present → this condition holds; records declared complete without it "
                          "→ no")),),
)

# --- khoản 1 Điều 4: "Các Thành viên Ban và Tổ giúp việc làm việc theo chế độ kiêm nhiệm" -----------
member.rule(
    "part-time", condition="part_time", status=HOLDS, clauses=[K41],
    when=[a.person == e.person, a.governs == True, a.part_time_known == True,
          a.part_time == True],
    because=Text("Quyết định {a.id} giao {e.name} làm việc tại Tổ theo chế độ kiêm nhiệm",
                 "Decision {a.id} has {e.name} serve on the team concurrently with their own "
                 "post (kiêm nhiệm)"),
)
member.rule(
    "full-time", condition="part_time", status=FAILS, clauses=[K41],
    when=[a.person == e.person, a.governs == True, a.part_time_known == True,
          a.part_time == False],
    because=Text("Quyết định {a.id} giao {e.name} làm việc tại Tổ không theo chế độ kiêm nhiệm: Tổ "
                 "giúp việc làm việc theo chế độ kiêm nhiệm", "Decision {a.id} has {e.name} serve "
                 "on the team other than concurrently with their own post: the helper team works "
                 "concurrently (kiêm nhiệm)"),
)
# The regime is the regulation's own ("Các Thành viên Ban và Tổ giúp việc làm việc theo chế độ kiêm
# nhiệm"): an appointment silent on it appoints under it; only one stating otherwise contradicts
# it (issue 12, item 13).
member.rule(
    "part-time-by-regulation", condition="part_time", status=HOLDS, clauses=[K41],
    when=[a.person == e.person, a.governs == True, a.part_time_known == False],
    because=Text("Quyết định {a.id} không ghi chế độ làm việc: {e.name} làm việc tại Tổ theo chế độ "
                 "kiêm nhiệm do chính Quy chế quy định (khoản 1 Điều 4)",
                 "Decision {a.id} does not state the working regime: {e.name} serves on the team "
                 "concurrently with their own post (kiêm nhiệm), as the regulation itself "
                 "provides (Article 4(1))"),
)
member.rule(
    "no-decision-to-read", condition="part_time", status=UNKNOWN, clauses=[K41],
    when=[e.has_appointment == False],
    because=Text("Chưa có quyết định cử {e.name} vào Tổ đến ngày {e.date:date} để biết chế độ làm "
                 "việc", "There is no appointment of {e.name} by {e.date:date} to show whether "
                 "they serve concurrently with their own post"),
    missing=(Missing("helper_appointments", Text("Quyết định cử vào Tổ, ghi chế độ kiêm nhiệm",
                                                 "The appointment decision"),
                     Text("kiêm nhiệm → điều kiện đáp ứng",
                          "concurrent (kiêm nhiệm) → this condition holds")),),
)
HELPER_MEMBER_VALID = member.build()


# =================================================================================================
# khoản 1 Điều 9
# > Trực tiếp chịu sự điều hành của Phó Trưởng ban Thường trực, có nhiệm vụ tham mưu, giúp việc cho
# > Ban Chỉ đạo tổ chức thực hiện kế hoạch ứng dụng và phát triển công nghệ thông tin của tỉnh; theo
# > dõi, tổng hợp báo cáo kết quả tổ chức thực hiện về Thường trực Ban Chỉ đạo.
# (with khoản 4 Điều 6: the Standing Deputy Head "Chỉ đạo trực tiếp Tổ giúp việc trong các hoạt
# động chuyên môn có liên quan")
# The team's duties to advise, to follow and to compile reports carry no date, form or measure
# in the text: no condition to check. Its being directed by the Standing Deputy is encoded below:
# he may hand the team its tasks.
#
# khoản 3 Điều 9
# > Các Tổ viên phải thực hiện nhiệm vụ theo sự phân công công việc của Tổ trưởng.
# =================================================================================================

#: Someone's answer of dieu9.helper_member_valid on a day, by the role their governing decision
#: gives them ("assignee" for the assignee): read here, and by authority.may_act for the Tổ
#: trưởng's way of assigning tasks.
STATUS = FactType("helper_status", {"person": str, "role": str, "outcome": str})
ASSIGN = "assign_helper_tasks"

task = QuestionBuilder(
    "dieu9.task_assignment_valid",
    title=Text(
        "Công việc của Tổ giúp việc này có do người có thẩm quyền phân công không?",
        "Was this helper task assigned by someone entitled to assign it?",
    ),
    clauses=(K1, K3, K64),
    arguments=(Arg("assignment", "assignment", Text("Mã phân công", "Assignment id")),),
    conditions=(
        APPLICABLE,
        Condition("assigner", Text("Người phân công có thẩm quyền",
                                   "Assigned by someone entitled")),
        Condition("assignee", Text("Người được phân công là thành viên Tổ giúp việc",
                                   "The assignee is on the helper team")),
    ),
    evaluate={"assignment": str, "kind": str, "in_force": bool, "day": int, "assigned_by": str,
              "assignee": str},
    facts=(POWER, STATUS),
    # The nested answers about the assigner and the assignee depend on points 7, 8, 10 and 11.
    switches=("standing_office", "nomination_timing", "head_directs_helpers",
              "leader_nomination"),
    module=__name__,
    depends_on=("dieu9.helper_member_valid", MAY_ACT),
    reads={"kind": "assignments.kind", "day": "assignments.assigned_on",
           "assigned_by": "assignments.assigned_by", "assignee": "assignments.assignee"},
)
e = task.e
pw, asg = task.var("pw", POWER), task.var("asg", STATUS)
#: Always true: they mark the readings the nested answers were given under, so that the decision
#: lists them.
_NESTED = (e.i_standing_office != "", e.i_nomination_timing != "", e.i_leader_nomination != "")


declare_in_force(task)


@task.scope
def _task_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    path, asn = case.by_id("assignments", scope.args["assignment"])
    on = asn.assigned_on
    # Whether the assigner could assign the team's tasks that day: authority.may_act's answer
    # (issue 12, item 4), which for the Tổ trưởng asks dieu9.helper_member_valid itself.
    facts = power_fact(scope, asn.assigned_by, ASSIGN, on)
    facts.append(fact("helper_status", "dieu9.helper_member_valid", person=asn.assignee,
                      role="assignee",
                      outcome=scope.dependency("dieu9.helper_member_valid", person=asn.assignee,
                                               date=on.isoformat()).outcome.value))
    return ScopeResult(
        {"assignment": scope.args["assignment"], "kind": asn.kind.value,
         "in_force": scope.derive("in_force", day=on),
         "day": day(on), "assigned_by": asn.assigned_by, "assignee": asn.assignee},
        facts, sources=(path,),
    )


HELPER_TASK = AssignmentKind.HELPER_TASK.value
task.rule(
    "helper-task", condition="applicable", status=HOLDS, clauses=[K3],
    when=[e.in_force == True, e.kind == HELPER_TASK],
    because=Text("{e.assignment} là việc giao cho Tổ giúp việc, ngày {e.day:date}",
                 "{e.assignment} is a helper-team task, assigned on {e.day:date}"),
)
task.rule(
    "other-kind", condition="applicable", status=NA, clauses=[K3],
    when=[e.kind != HELPER_TASK],
    because=Text("{e.assignment} là phân công loại {e.kind}, không phải công việc của Tổ giúp việc",
                 "{e.assignment} is an assignment of kind {e.kind}, not a helper-team task"),
)
task.rule(
    "before-effect", condition="applicable", status=NA, clauses=[EFFECT],
    when=[e.in_force == False], because=in_force_text(),
)
# Who may assign the team's tasks is authority.may_act's answer about assign_helper_tasks (issue
# 12, item 4): the Tổ trưởng validly on the team that day (khoản 3, with khoản 2: may_act asks
# dieu9.helper_member_valid), the Standing Deputy Head, who directs the team directly (khoản 1;
# khoản 4 Điều 6), and the Head under reading head_too of point 10 (khoản 2 Điều 5: "chỉ đạo, điều
# hành hoạt động chung"); by default not the Head, the regulation routing the team's direction
# through the Standing Deputy and its division of work through the leader. One rule per way may_act
# gives, so the reason says which; a "no" or "unknown" is may_act's, with its reasons. Directing
# the team (direct_helper_team) is decided by no question: no record of an act of direction is
# kept.
_ASSIGNER = (pw.person == e.assigned_by, pw.act == ASSIGN)
for way, clauses, marks, vi, en in (
    ("helper_leader", [K3, K2], _NESTED, "là Tổ trưởng Tổ giúp việc hợp lệ; Tổ trưởng phân công công "
     "việc cho các Tổ viên", "was validly the team leader; the leader divides the work among the "
     "members"),
    ("standing_deputy", [K1, K64], (), "là Phó Trưởng ban Thường trực, người trực tiếp điều hành, chỉ "
     "đạo Tổ giúp việc", "was the Standing Deputy Head, who directs the helper team directly"),
    ("head", ["dieu-5/khoan-2", K1], (e.i_head_directs_helpers == "head_too",), "là Trưởng ban; "
     "theo cách hiểu đã chọn, quyền \"chỉ đạo, điều hành hoạt động chung\" (khoản 2 Điều 5) bao "
     "gồm phân công công việc cho Tổ giúp việc", "was the Head; under the chosen reading, "
     "\"directing the committee's general activity\" (Article 5(2)) includes assigning the helper "
     "team's tasks"),
):
    task.rule(
        way.replace("_", "-"), condition="assigner", status=HOLDS, clauses=clauses,
        when=[*_ASSIGNER, pw.outcome == "yes", pw.way == way, *marks],
        because=Text("{pw.name} " + vi + " vào ngày {e.day:date} (authority.may_act: CÓ: "
                     "{pw.why_vi})", "{pw.name} " + en + " on {e.day:date} (authority.may_act: "
                     "yes: {pw.why_en})"),
    )
task.rule(
    "not-entitled", condition="assigner", status=FAILS, clauses=[K1, K3],
    when=[*_ASSIGNER, pw.outcome == "no", *_NESTED, e.i_head_directs_helpers != ""],
    because=Text("{pw.name} không có thẩm quyền phân công công việc của Tổ giúp việc vào ngày "
                 "{e.day:date} (authority.may_act: KHÔNG): {pw.why_vi}",
                 "{pw.name} was not entitled to assign the helper team's tasks on {e.day:date} "
                 "(authority.may_act: no): {pw.why_en}"),
)
task.rule(
    "entitlement-unknown", condition="assigner", status=UNKNOWN, clauses=[K1, K3],
    when=[*_ASSIGNER, pw.outcome == "unknown", *_NESTED, e.i_head_directs_helpers != ""],
    because=Text("Chưa xác định được {pw.name} có thẩm quyền phân công công việc của Tổ giúp việc "
                 "vào ngày {e.day:date} không (authority.may_act: CHƯA XÁC ĐỊNH): {pw.why_vi}",
                 "Whether {pw.name} was entitled to assign the helper team's tasks on {e.day:date} "
                 "is not established (authority.may_act: unknown): {pw.why_en}"),
    missing=(Missing(MAY_ACT, Text("Các dữ kiện về thẩm quyền của người phân công (xem câu hỏi "
                                   "authority.may_act)", "The facts about the assigner's "
                                   "authority (see authority.may_act)"),
                     Text("có thẩm quyền → điều kiện đáp ứng; không → KHÔNG",
                          "entitled → this condition holds; not → no")),),
)
task.rule(
    "power-before-effect", condition="assigner", status=NA, clauses=[EFFECT],
    when=[*_ASSIGNER, pw.outcome == "not_applicable"], because=in_force_text(),
)
for outcome, status, vi, en in (
    ("yes", HOLDS, "là thành viên hợp lệ của Tổ giúp việc", "was validly on the helper team"),
    ("no", FAILS, "không phải thành viên hợp lệ của Tổ giúp việc",
     "was not validly on the helper team"),
    ("not_applicable", FAILS, "không thuộc Tổ giúp việc theo Quy chế",
     "was not on the helper team under the regulation"),
    ("unknown", UNKNOWN, "chưa xác định được là thành viên hợp lệ của Tổ giúp việc",
     "is not shown to be validly on the helper team"),
):
    task.rule(
        f"assignee-{outcome}", condition="assignee", status=status, clauses=[K3, K2],
        when=[asg.person == e.assignee, asg.role == "assignee", asg.outcome == outcome,
              *_NESTED],
        because=Text("{e.assignee} " + vi + " vào ngày {e.day:date} (dieu9.helper_member_valid)",
                     "{e.assignee} " + en + " on {e.day:date} (dieu9.helper_member_valid)"),
        missing=(Missing("dieu9.helper_member_valid",
                         Text("Các dữ kiện về người được phân công (xem câu hỏi "
                              "dieu9.helper_member_valid)", "The facts about the assignee (see "
                              "dieu9.helper_member_valid)"),
                         Text("thành viên hợp lệ → điều kiện đáp ứng", "validly on the team → "
                              "this condition holds")),) if status == UNKNOWN else (),
    )
TASK_ASSIGNMENT_VALID = task.build()

QUESTIONS = (HELPER_MEMBER_VALID, TASK_ASSIGNMENT_VALID)


# =================================================================================================
# The year's audit: what it asks of each question (kgrules.obligations)
# =================================================================================================

def audit_helper_checks(ctx: AuditContext) -> list[Check]:
    """Each person appointed to the helper team, on the first day of the year they served
    under a decision (the decision's day, or 1 January for an earlier one)."""
    start, end = dt.date(ctx.year, 1, 1), dt.date(ctx.year, 12, 31)
    out: list[Check] = []
    seen: set[tuple[str, dt.date]] = set()
    for ix in ctx.case.records("helper_appointments"):
        a = ix.record
        if a.decided_on > end:
            continue
        day = max(a.decided_on, start)
        served = [p.record for p in ctx.case.positions_of(a.person)
                  if p.record.role in (Role.HELPER_LEADER, Role.HELPER_MEMBER)]
        if served:
            spans = [(max(p.start, day), min(p.end or end, end)) for p in served]
            spans = [s for s in spans if s[0] <= s[1]]
            if not spans:
                continue
            day = min(s[0] for s in spans)
        if (a.person, day) in seen:
            continue
        seen.add((a.person, day))
        label = ctx.person_label(a.person)
        out.append(Check("dieu9.helper_member_valid", {"person": a.person, "date": day.isoformat()},
                         quarter_of(day)[1], day,
                         Text(f"{label} trong Tổ giúp việc, ngày {date_text(day, 'vi')}",
                              f"{label} on the helper team, {date_text(day, 'en')}")))
    return out


AUDIT = {
    HELPER_MEMBER_VALID.id: Audited("organisation", audit_helper_checks, lane=None),
    TASK_ASSIGNMENT_VALID.id: Audited("organisation"),
}
