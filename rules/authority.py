"""Thẩm quyền — Authority: who may do which act, and who answers to whom.

The act table is data: the powers Điều 4–8 declare in their modules (``rules/dieu4.py`` …
``rules/dieu8.py``), the general delegation of khoản 1 Điều 6, and the acts of Điều 2 and Điều 9–13,
declared below under their clauses. :func:`table` assembles it; ``authority.may_act`` is generated
from it, one group of rules per act; the docs generator renders it as ``docs/authority.md``
(``kgrules.docs_gen.authority_page``; ``python -m kgrules.docs_gen --committed``). The lines of
account (Điều 4–9, 11) are assembled the same way into ``dieu4.accountable_to`` (built here
because its lines come from articles declared after Điều 4), with :func:`accountability` as a
plain-Python view of them.

``authority.may_act(person, act, date)`` is "yes" when the person, on that date, holds the act in
one of the ways the table gives it: in their own right (a position or office held that day), on
the Head's behalf (the Standing Deputy that day, holding an authorisation that names the act, in
force that day, signed by whoever was the Head on the signing day: the chain is shown), or
jointly with the Standing office. Otherwise "no", with the holders the text names; "unknown" when
the person's positions (or offices, for acts held by an office) that day are not recorded and not
declared complete, or when the Standing Deputy's authorisations are not declared complete.

Readings chosen (beyond those of Điều 4–8, see their modules):

- **Approving the estimate (đoạn 1 Điều 12)** is the UBND tỉnh's; a person does it by signing for
  the UBND tỉnh, which its Chairman or a Vice-Chairman does ("KT. Chủ tịch"). The Head, being a
  Vice-Chairman (khoản 1 Điều 2), may therefore approve it in that capacity, not as Head.
- **Appraising the estimate** is the Department of Finance's: its head (an office ``agency_head``
  of an agency of kind ``finance``). A deputy director signing for him is not modelled.
- **Assigning helper tasks (khoản 3 Điều 9)**: the team leader, and the Standing Deputy who
  directs the team directly (khoản 1 Điều 9, khoản 4 Điều 6); the Head only under reading
  ``head_too`` of point 10. The Tổ trưởng is whoever the Standing office validly appointed
  (khoản 2 Điều 9: "do Thường trực Ban ra quyết định"), not whoever a position record names: the
  leader's way is ``dieu9.helper_member_valid``'s "yes" for a person whose governing decision
  appoints them Tổ trưởng (a declared dependency, under the same readings of points 7, 8 and 11),
  and ``dieu9.task_assignment_valid`` takes this question's answer. "No" for it also needs the
  person's appointment known (appointment records declared complete, or a decision governing
  that day recorded): an unrecorded decision may make them the leader.
- **Nominating an outside helper (khoản 2 Điều 9)**: the head of an agency other than the standing
  agency (whose own staff need no nomination). ``may_act`` has no argument naming the helper, so
  it answers whether the person heads such an agency that day; ``dieu9.helper_member_valid``
  checks that it is the helper's own agency.
- **Proposing an extraordinary meeting (đoạn 2 Điều 10)**: "Thường trực Ban Chỉ đạo" is the
  Standing Deputy Head, as in ``dieu10.extraordinary_meeting_valid``; interpretation point 7 is
  about finance and the helper team and is not applied to it.
- **Attending meetings (đoạn 5 Điều 10)**: anyone on the committee that day attends in their own
  right; an authorisation to attend is never a power ("không ủy quyền"), and the reason says a
  substitute needs the Head's consent for each meeting (``dieu10.substitute_allowed``). Invited
  outsiders (đoạn 3) attend one meeting by invitation, which ``dieu10.invitation_valid`` checks.
- **Ad hoc reports (đoạn 1 Điều 11)** are requested by the Head; the UBND tỉnh's requests to the
  committee (đoạn 3 Điều 11) are not an act of a person and are checked by
  ``dieu11.adhoc_report_valid``.
- **Positions known**: a person's positions (or offices) on a day count as known when the kind of
  record is declared complete, or when at least one is recorded for that day.
- **Offices and their agencies**: an office counts only on the days its agency exists (the Sở
  TT&TT's director is no head of the standing agency after 28/2/2025, the Kiên Giang UBND's
  Chairman no Chairman after 30/6/2025; their successors' are), and an office of Chairman or
  Vice-Chairman of the UBND tỉnh only in an agency of kind ``ppc`` or with no agency stated, as
  ``dieu2`` and ``dieu13`` read it.

- **An authorisation signed after its first day** (interpretation point 15,
  ``authorisation_timing``): by default it covers acts only from the later of its first day and
  its signing day (khoản 1 Điều 6, "khi được ủy quyền": nobody is authorised before the decision
  exists); read ``as_dated`` it covers its whole stated period. The holding rule for the later
  signature is ``<act>.<holder>@as_dated`` (its ``way`` unchanged); a "no" or "unknown" caused by
  it is ``<act>.authorisation-not-signed-yet[-unknown]`` and lists point 15; a "yes" that relied
  on it lists point 15 through ``in-force-signed-later-<act>`` (the ``applicable`` condition,
  decisive only for a "yes"). Questions reading may_act follow it through its answers. Rules that
  only say why an authorisation is of no use (not the Standing Deputy, never delegated,
  attendance) read its dates as stated.

Why the rules that *hold* read a reading from ``e.reading_<switch>`` while the others test
``e.i_<switch>``: an answer lists the interpretation switches its deciding rules test or read,
and for a "no" also those *tested* by any rule that could have made it "yes". All acts share one
condition, so if the holding rules of the consent or standing-office acts tested ``e.i_*``, every
"no" about any act would list points 3 and 7. The holding rules read a copy of the reading
instead (a "yes" they give lists it: ``kgrules.decision``, ``_Plan.relied``), and the
``applicable`` and failing rules of those acts, which fire only for them, test ``e.i_*``: an
answer lists point 3 exactly when the act is consent to a substitute, and point 7 exactly when it
is an act of the Standing office.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from kgrules.case import Case
from kgrules.dsl import (
    Absent,
    Arg,
    Condition,
    Missing,
    QuestionBuilder,
    Test,
    Var,
    no,
)
from kgrules.facts import Act, AgencyKind, OfficeKind, Role
from kgrules.i18n import Text
from kgrules.interpretations import SWITCHES
from kgrules.obligations import Lookup
from kgrules.regulation import cite_all
from kgrules.scope import Scope, ScopeResult, day, fact

from . import dieu4, dieu5, dieu6, dieu7, dieu8, dieu9
from .common import (
    AUTHZ,
    BOUND_ROLES,
    EFFECT,
    FAILS,
    HOLDS,
    NA,
    OFFICE,
    ROLE,
    UNKNOWN,
    authority_facts,
    declare_in_force,
    head_paths,
    in_force_text,
    office_facts,
    role_facts,
    standing_office_paths,
)
from .dieu4 import (
    ACT_LABEL,
    BASIS_LABEL,
    COMMITTEE_ROLES,
    HOLDER_LABEL,
    OFFICE_HOLDERS,
    OFFICES_KNOWN,
    RELATION_LABEL,
    ROLE_OF,
    ROLES_KNOWN,
    Accountability,
    Basis,
    Holder,
    Power,
    Relation,
    consts_first,
    offices_known,
    roles_known,
)

K61, K71, K81 = "dieu-6/khoan-1", "dieu-7/khoan-1", "dieu-8/khoan-1"
HELPER_MEMBER_VALID = "dieu9.helper_member_valid"
LEADER_ROLE = Role.HELPER_LEADER.value
K91, K92, K93 = (f"dieu-9/khoan-{n}" for n in range(1, 4))
D102, D103, D104, D105 = (f"dieu-10/doan-{n}" for n in range(2, 6))
D111, D121, D123, D131 = "dieu-11/doan-1", "dieu-12/doan-1", "dieu-12/doan-3", "dieu-13/doan-1"
HEAD, SD, OWN = Holder.HEAD, Holder.STANDING_DEPUTY, Basis.OWN_RIGHT
WIDE_OFFICE = "standing_deputy_or_agency_head"  # the wider reading of point 7
AS_DATED, FROM_SIGNING = "as_dated", "from_signing"  # the readings of point 15

# =================================================================================================
# The acts of Điều 2 and Điều 9–13, under their clauses (those of Điều 4–8 are in their modules)
# =================================================================================================

# khoản 3 Điều 2
# > 3. Các văn bản do Trưởng ban chỉ đạo ký được đóng dấu của Ủy ban nhân dân tỉnh Kiên Giang.
POWERS: list[Power] = [
    Power(Act.SIGN_WITH_PPC_SEAL, HEAD, OWN, ("dieu-2/khoan-3",),
          Text("các văn bản do Trưởng ban ký được đóng dấu của UBND tỉnh",
               "the documents the Head signs bear the UBND tỉnh's seal")),
]

# khoản 1 Điều 9
# > 1. Trực tiếp chịu sự điều hành của Phó Trưởng ban Thường trực, có nhiệm vụ tham mưu, giúp việc
# > cho Ban Chỉ đạo tổ chức thực hiện kế hoạch ứng dụng và phát triển công nghệ thông tin của tỉnh;
# > theo dõi, tổng hợp báo cáo kết quả tổ chức thực hiện về Thường trực Ban Chỉ đạo.
POWERS.append(
    Power(Act.DIRECT_HELPER_TEAM, SD, OWN, (K91,),
          Text("Tổ giúp việc trực tiếp chịu sự điều hành của Phó Trưởng ban Thường trực",
               "the helper team works directly under the Standing Deputy Head's direction"))
)
ACCOUNTABILITY: list[Accountability] = [
    Accountability(
        helper, SD, Relation.DIRECTED,
        Text("trong công việc tham mưu, giúp việc cho Ban Chỉ đạo; theo dõi, tổng hợp báo cáo kết "
             "quả về Thường trực Ban Chỉ đạo",
             "in advising and assisting the committee, and in compiling the reports of results "
             "for the Standing office"),
        (K91,),
    )
    for helper in (Holder.HELPER_LEADER, Holder.HELPER_MEMBER)
]

# khoản 2 Điều 9
# > 2. Nhân sự Tổ giúp việc do Thường trực Ban ra quyết định thành lập chủ yếu từ nguồn cán bộ của
# > Sở Thông tin và Truyền thông, ngoài ra có thể mời thêm một số nhân sự ở các sở, ban ngành liên
# > quan. Tổ giúp việc gồm có Tổ trưởng và các Tổ viên. Tổ viên nếu là người không thuộc biên chế
# > của Sở Thông tin và Truyền thông phải do Thủ trưởng cơ quan đang quản lý nhân sự đó quyết định
# > cử cán bộ tham gia Tổ giúp việc.
POWERS += [
    Power(Act.FORM_HELPER_TEAM, Holder.STANDING_OFFICE, OWN, (K92,),
          Text("nhân sự Tổ giúp việc do Thường trực Ban ra quyết định thành lập",
               "the Standing office decides the helper team's formation and staff")),
    Power(Act.NOMINATE_OUTSIDE_HELPER, Holder.AGENCY_HEAD, OWN, (K92,),
          Text("Tổ viên không thuộc biên chế Sở Thông tin và Truyền thông do Thủ trưởng cơ quan "
               "đang quản lý nhân sự đó quyết định cử",
               "a member not on the Sở TT&TT's payroll is nominated by the head of the agency "
               "managing them")),
]

# khoản 3 Điều 9
# > 3. Các Tổ viên phải thực hiện nhiệm vụ theo sự phân công công việc của Tổ trưởng.
# The Tổ trưởng is the one the Standing office's decision appoints (khoản 2: "do Thường trực Ban ra
# quyết định thành lập", "gồm có Tổ trưởng và các Tổ viên"): the leader's way reads
# dieu9.helper_member_valid (see ``_ways``), not the position record alone.
POWERS.append(
    Power(Act.ASSIGN_HELPER_TASKS, Holder.HELPER_LEADER, OWN, (K93, K92),
          Text("các Tổ viên thực hiện nhiệm vụ theo sự phân công công việc của Tổ trưởng, người do "
               "Thường trực Ban ra quyết định cử", "the team members carry out the tasks the "
               "leader assigns, the leader being appointed by the Standing office's decision"))
)
# khoản 2 Điều 5 ("Chỉ đạo, điều hành hoạt động chung của Ban Chỉ đạo") read as reaching the
# helper team: interpretation point 10 (head_directs_helpers), reading head_too only. The reading
# is that the Head's direction reaches the team, so all of it follows: he directs the team
# (direct_helper_team: the same words, "chỉ đạo, điều hành"), divides its work
# (assign_helper_tasks), and its leader and members answer to him for the work he directs (below);
# the Standing Deputy keeps his direct direction (khoản 1 Điều 9, khoản 4 Điều 6) under both.
_HEAD_TOO = (("head_directs_helpers", ("head_too",)),)
_HEAD_TOO_NOTE = Text("Trưởng ban chỉ đạo, điều hành hoạt động chung của Ban Chỉ đạo, theo cách "
                      "hiểu rằng việc này bao gồm Tổ giúp việc", "the Head directs the committee's "
                      "general activity, read as reaching the helper team")
POWERS += [
    Power(Act.DIRECT_HELPER_TEAM, HEAD, OWN, ("dieu-5/khoan-2", K91), _HEAD_TOO_NOTE,
          readings=_HEAD_TOO),
    Power(Act.ASSIGN_HELPER_TASKS, HEAD, OWN, ("dieu-5/khoan-2", K91), _HEAD_TOO_NOTE,
          readings=_HEAD_TOO),
]
ACCOUNTABILITY += [
    Accountability(
        helper, HEAD, Relation.DIRECTED,
        Text("trong công việc của Tổ giúp việc do Trưởng ban chỉ đạo (theo cách hiểu rằng quyền "
             "chỉ đạo, điều hành hoạt động chung bao gồm Tổ giúp việc)",
             "in the helper team's work the Head directs (under the reading that his direction "
             "of the committee's general activity reaches the team)"),
        ("dieu-5/khoan-2", K91), readings=_HEAD_TOO,
    )
    for helper in (Holder.HELPER_LEADER, Holder.HELPER_MEMBER)
]
ACCOUNTABILITY.append(
    Accountability(
        Holder.HELPER_MEMBER, Holder.HELPER_LEADER, Relation.ASSIGNED,
        Text("trong công việc của Tổ giúp việc", "in the helper team's work"), (K93,),
    )
)

# đoạn 2 Điều 10
# > Ban Chỉ đạo có thể họp bất thường theo đề nghị của Thường trực Ban Chỉ đạo để giải quyết công
# > việc đột xuất của Ban.
POWERS.append(
    Power(Act.PROPOSE_EXTRAORDINARY_MEETING, SD, OWN, (D102,),
          Text("Ban Chỉ đạo họp bất thường theo đề nghị của Thường trực Ban Chỉ đạo (Phó Trưởng "
               "ban Thường trực)", "the committee meets extraordinarily on the proposal of the "
               "Standing office (the Standing Deputy Head)"))
)

# đoạn 3 Điều 10
# > Tùy theo yêu cầu và tính chất của phiên họp, Trưởng ban có thể quyết định mời đại diện các sở,
# > ngành, các tổ chức và cá nhân có liên quan; Ủy ban nhân dân các huyện, thị xã, thành phố cùng
# > tham dự.
POWERS.append(
    Power(Act.INVITE_ATTENDEES, HEAD, OWN, (D103,),
          Text("Trưởng ban có thể quyết định mời đại diện các sở, ngành, tổ chức, cá nhân cùng dự "
               "họp", "the Head may decide to invite representatives of departments, bodies and "
               "people to attend"))
)

# đoạn 4 Điều 10
# > Trường hợp không tổ chức được phiên họp, Trưởng ban có thể yêu cầu các Thành viên Ban; Thủ
# > trưởng các sở, ngành; các tổ chức và cá nhân có liên quan, Ủy ban nhân dân các huyện, thị xã,
# > thành phố cho ý kiến bằng văn bản để tổng hợp và quyết định.
POWERS.append(
    Power(Act.REQUEST_WRITTEN_OPINIONS, HEAD, OWN, (D104,),
          Text("khi không tổ chức được phiên họp, Trưởng ban có thể yêu cầu cho ý kiến bằng văn bản",
               "when no meeting can be held, the Head may request written opinions"))
)

# đoạn 5 Điều 10
# > Các Thành viên Ban tham dự đầy đủ các kỳ họp định kỳ và đột xuất, không ủy quyền;
# > trường họp [sic] không thể tham dự được phải báo cáo và được sự đồng ý của Trưởng ban thì mới
# > cử người dự họp thay. ("trường họp" [sic]: the regulation's own spelling, kept verbatim.)
_CONSENT_NOTE = Text("Thành viên chỉ cử người dự họp thay khi được sự đồng ý của Trưởng ban",
                     "a member sends a substitute only with the Head's consent")
POWERS += [
    Power(Act.CONSENT_SUBSTITUTE, HEAD, OWN, (D105,), _CONSENT_NOTE),
    Power(Act.CONSENT_SUBSTITUTE, SD, Basis.ON_BEHALF, (D105, K61), _CONSENT_NOTE,
          readings=(("consent_by_deputy", ("with_authorisation", "any_authorised")),)),
    Power(Act.CONSENT_SUBSTITUTE, Holder.AUTHORISED, Basis.ON_BEHALF, (D105, K61), _CONSENT_NOTE,
          readings=(("consent_by_deputy", ("any_authorised",)),)),
    Power(Act.ATTEND_MEETING, Holder.COMMITTEE, OWN, (D105,),
          Text("các Thành viên Ban tham dự đầy đủ các kỳ họp định kỳ và đột xuất, không ủy quyền",
               "the members attend every regular and extraordinary meeting, never by proxy")),
]

# đoạn 1 Điều 11
# > Các Thành viên Ban báo cáo kết quả thực hiện nhiệm vụ được phân công; kiến nghị, đề xuất các
# > giải pháp thực hiện về cơ quan Thường trực Ban Chỉ đạo chậm nhất ngày 15 của tháng cuối quý để
# > tổng hợp báo cáo tại kỳ họp Ban Chỉ đạo. Riêng báo cáo đột xuất thực hiện theo yêu cầu của
# > Trưởng ban.
POWERS.append(
    Power(Act.REQUEST_ADHOC_REPORT, HEAD, OWN, (D111,),
          Text("báo cáo đột xuất thực hiện theo yêu cầu của Trưởng ban",
               "ad hoc reports are made at the Head's request"))
)
# Who reports: dieu11.REPORTING_ROLES (the Deputy Head and the Members, under the default reading
# of point 1; under members_only the Deputy Head is not asked to report). The Members' line is
# declared under khoản 4 Điều 8; the Deputy Head's is this paragraph's alone, and so exists only
# under the readings of point 1 that make the Deputy Head one of "các Thành viên Ban" who report.
ACCOUNTABILITY.append(
    Accountability(
        Holder.DEPUTY, SD, Relation.REPORTS,
        Text("kết quả thực hiện nhiệm vụ được phân công (gửi cơ quan Thường trực)",
             "on the work assigned (sent to the Standing office)"),
        (D111,),
        readings=(("attendance_scope",
                   tuple(r for r, roles in BOUND_ROLES.items() if Role.DEPUTY in roles)),),
    )
)

# đoạn 1 Điều 12
# > ... Hàng năm, Thường trực Ban Chỉ đạo lập dự toán kinh phí hoạt động gửi Sở Tài chính thẩm
# > định, trình Ủy ban nhân dân tỉnh phê duyệt trong tổng hạn mức kinh phí hoạt động của Sở Thông
# > tin và Truyền thông.
POWERS += [
    Power(Act.PREPARE_ESTIMATE, Holder.STANDING_OFFICE, OWN, (D121,),
          Text("hằng năm, Thường trực Ban Chỉ đạo lập dự toán kinh phí hoạt động",
               "each year the Standing office prepares the budget estimate")),
    Power(Act.APPRAISE_ESTIMATE, Holder.FINANCE_HEAD, OWN, (D121,),
          Text("dự toán gửi Sở Tài chính thẩm định", "the estimate goes to the Department of "
               "Finance for appraisal")),
    Power(Act.APPROVE_ESTIMATE, Holder.PPC_LEADER, OWN, (D121,),
          Text("dự toán trình Ủy ban nhân dân tỉnh phê duyệt",
               "the estimate is submitted to the UBND tỉnh for approval")),
]

# đoạn 3 Điều 12
# > Thường trực Ban chỉ đạo chịu trách nhiệm quản lý tài chính, quyết định các khoản chi cho hoạt
# > động của Ban Chỉ đạo và quyết toán tài chính hàng năm với Sở Tài chính đúng theo các quy định
# > hiện hành của Nhà nước.
POWERS += [
    Power(Act.DECIDE_EXPENDITURE, Holder.STANDING_OFFICE, OWN, (D123,),
          Text("Thường trực Ban Chỉ đạo quyết định các khoản chi cho hoạt động của Ban Chỉ đạo",
               "the Standing office decides the committee's expenditures")),
    Power(Act.SETTLE_ACCOUNTS, Holder.STANDING_OFFICE, OWN, (D123,),
          Text("Thường trực Ban Chỉ đạo quyết toán tài chính hằng năm với Sở Tài chính",
               "the Standing office settles the year's accounts with the Department of Finance")),
]

# Điều 13
# > Giao Thường trực Ban Chỉ đạo theo dõi thực hiện và triển khai Quy chế này đến các Thành viên
# > trong Ban Chỉ đạo để thực hiện. Việc điều chỉnh, bổ sung Quy chế này do Chủ tịch Ủy ban nhân dân
# > tỉnh quyết định./.
POWERS.append(
    Power(Act.AMEND_REGULATION, Holder.PPC_CHAIRMAN, OWN, (D131,),
          Text("việc điều chỉnh, bổ sung Quy chế do Chủ tịch UBND tỉnh quyết định",
               "amending or supplementing the regulation is for the Chairman of the UBND tỉnh "
               "to decide")),
)


# =================================================================================================
# The tables
# =================================================================================================


def _merge(powers: Iterable[Power]) -> list[Power]:
    """One power per (act, holder, basis, readings): clauses and notes of repeats joined."""
    out: dict[tuple[Any, ...], Power] = {}
    for p in powers:
        key = (p.act, p.holder, p.basis, p.readings)
        if key in out:
            old = out[key]
            out[key] = attrs.evolve(
                old, clauses=tuple(dict.fromkeys((*old.clauses, *p.clauses))),
                note=Text(f"{old.note.vi}; {p.note.vi}", f"{old.note.en}; {p.note.en}"),
            )
        else:
            out[key] = p
    order = list(Act)
    return sorted(out.values(), key=lambda p: order.index(p.act))


def table() -> tuple[Power, ...]:
    """Every power, in the order of :class:`~kgrules.facts.Act`: the declarations of Điều 4–8 and
    of this module, with khoản 1 Điều 6 (the Standing Deputy acts for the Head when authorised)
    applied to every act the Head holds in his own right but its exceptions."""
    # Điều 8 gives the Members duties, not powers over others (rules/dieu8.py).
    declared = [*dieu4.POWERS, *dieu5.POWERS, *dieu6.POWERS, *dieu7.POWERS, *POWERS]
    delegation = dieu6.DELEGATION
    excepted = {act for act, _ in delegation.exceptions}
    delegated = []
    for act in dict.fromkeys(p.act for p in declared if p.holder is HEAD and p.basis is OWN):
        own = any(p.act is act and p.holder is delegation.grantee and p.basis is OWN
                  for p in declared)
        if act not in excepted and not own:
            delegated.append(Power(act, delegation.grantee, Basis.ON_BEHALF, delegation.clauses,
                                   delegation.note))
    return tuple(_merge([*declared, *delegated]))


def accountability_table() -> tuple[Accountability, ...]:
    """Every line of account, from Điều 4, 5, 6, 7, 8 and those of Điều 9 and 11 above."""
    return (*dieu4.ACCOUNTABILITY, *dieu5.ACCOUNTABILITY, *dieu6.ACCOUNTABILITY,
            *dieu7.ACCOUNTABILITY, *dieu8.ACCOUNTABILITY, *ACCOUNTABILITY)


TABLE = table()
LINES = accountability_table()


def powers_of(act: Act) -> tuple[Power, ...]:
    return tuple(p for p in TABLE if p.act is act)


#: The acts the Head holds in his own right (Điều 2, 4, 5, 10, 11).
HEAD_ACTS: tuple[Act, ...] = tuple(
    dict.fromkeys(p.act for p in TABLE if p.holder is HEAD and p.basis is OWN)
)


def _switches(act: Act) -> tuple[str, ...]:
    found: list[str] = []
    for p in powers_of(act):
        found.extend(s for s, _ in p.readings)
        if p.holder is Holder.STANDING_OFFICE:
            found.append("standing_office")
    return tuple(dict.fromkeys(found))


def _combos(act: Act) -> list[dict[str, str]]:
    switches = _switches(act)
    return [dict(zip(switches, values, strict=True))
            for values in itertools.product(*(list(SWITCHES[s].readings) for s in switches))]


def _active(p: Power, combo: dict[str, str]) -> bool:
    return all(combo.get(s, readings[0]) in readings for s, readings in p.readings)


# =================================================================================================
# authority.may_act
# =================================================================================================

may = QuestionBuilder(
    "authority.may_act",
    title=Text(
        "Người này, vào ngày đó, có thẩm quyền làm việc này không (tự mình, phối hợp, hoặc thay "
        "mặt Trưởng ban theo ủy quyền)?",
        "May this person, on this date, do this act (in their own right, jointly, or on the "
        "Head's behalf under an authorisation)?",
    ),
    clauses=tuple(dict.fromkeys(c for p in TABLE for c in p.clauses)),
    arguments=(
        Arg("person", "person", Text("Người được hỏi", "The person")),
        Arg("act", "act", Text("Việc (một giá trị của Act)", "The act (a value of Act)")),
        Arg("date", "date", Text("Ngày (YYYY-MM-DD)", "The date (YYYY-MM-DD)")),
    ),
    conditions=(
        Condition("applicable", Text("Quy chế có hiệu lực vào ngày đó",
                                     "The regulation is in force on that date")),
        Condition("power", Text("Có thẩm quyền làm việc này", "Holds the power to do this act")),
    ),
    evaluate={"person": str, "name": str, "act": str, "date": int, "in_force": bool,
              "is_head": bool, "is_standing_deputy": bool, "roles_known": bool,
              "offices_known": bool, "authz_known": bool, "positions_complete": bool,
              "leader_known": bool, "reading_consent_by_deputy": str,
              "reading_standing_office": str, "reading_head_directs_helpers": str,
              "reading_authorisation_timing": str},
    facts=(ROLE, AUTHZ, OFFICE, dieu9.STATUS),
    switches=("consent_by_deputy", "standing_office", "head_directs_helpers",
              "nomination_timing", "leader_nomination", "authorisation_timing"),
    module=__name__,
    # The Tổ trưởng's way of assigning helper tasks: whether they are validly on the team as
    # leader that day (khoản 2 Điều 9). That question matches its decisions' signers against the
    # Standing office's ways itself (rules/common.py), so it does not ask this one: no circle.
    depends_on=(HELPER_MEMBER_VALID,),
    reads={"name": "people.name", "authz_known": "complete.authorisations",
           "positions_complete": "complete.positions",
           **{f"reading_{s}": f"interpretation.{s}"
              for s in ("consent_by_deputy", "standing_office", "head_directs_helpers",
                        "authorisation_timing")}},
)
e = may.e


declare_in_force(may)
may.derive("roles_known", clauses=["dieu-2/khoan-1"], inputs=["case", "person", "on"],
           description=ROLES_KNOWN)(roles_known)
may.derive("offices_known", clauses=["dieu-2/khoan-1"], inputs=["case", "person", "on"],
           description=OFFICES_KNOWN)(offices_known)


@may.derive("is_head", clauses=["dieu-2/khoan-1"], inputs=["case", "person", "on"],
            description=Text("Người đó giữ chức Trưởng ban vào ngày đó",
                             "The person holds the Head's position that day"))
def _is_head(case: Case, person: str, on: dt.date) -> bool:
    return any(pos.record.role is Role.HEAD for pos in dieu4.positions_on(case, person, on))


@may.derive("is_standing_deputy", clauses=["dieu-2/khoan-1"], inputs=["case", "person", "on"],
            description=Text("Người đó giữ chức Phó Trưởng ban Thường trực vào ngày đó",
                             "The person holds the Standing Deputy's position that day"))
def _is_standing_deputy(case: Case, person: str, on: dt.date) -> bool:
    return any(pos.record.role is Role.STANDING_DEPUTY
               for pos in dieu4.positions_on(case, person, on))


@may.derive("leader_known", clauses=[K92], inputs=["case", "person", "on"], description=Text(
    "Việc người đó có được cử làm Tổ trưởng vào ngày đó hay không đã biết: hồ sơ quyết định cử vào "
    "Tổ giúp việc được khai là đầy đủ, hoặc có quyết định cử người đó còn hiệu lực vào ngày đó",
    "Whether the person was appointed team leader that day is known: the helper-team "
    "appointments are declared complete, or a decision governing for them that day is recorded"))
def _leader_known(case: Case, person: str, on: dt.date) -> bool:
    return case.is_complete("helper_appointments") or bool(dieu9.governing(case, person, on)[0])


def _helper_status(scope: Scope, person: str, on: dt.date) -> list[dict[str, Any]]:
    """dieu9.helper_member_valid's answer about ``person`` on ``on``, once per role their
    governing decisions give them; none when no decision governs that day."""
    governs, _ = dieu9.governing(scope.case, person, on)
    if not governs:
        return []
    outcome = scope.dependency(HELPER_MEMBER_VALID, person=person,
                               date=on.isoformat()).outcome.value
    return [fact("helper_status", HELPER_MEMBER_VALID, person=person, role=role, outcome=outcome)
            for role in dict.fromkeys(ix.record.role.value for ix in governs)]


@may.scope
def _may_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    person, act = scope.args["person"], scope.args["act"]
    on = dt.date.fromisoformat(scope.args["date"])
    facts = authority_facts(case, [person], [person]) + office_facts(case, [person])
    if act == Act.ASSIGN_HELPER_TASKS.value:
        facts += _helper_status(scope, person, on)
    known = {"case": case, "person": person, "on": on}
    return ScopeResult(
        {"person": person, "name": case.person(person).name, "act": act, "date": day(on),
         "in_force": scope.derive("in_force", day=on), "is_head": scope.derive("is_head", **known),
         "is_standing_deputy": scope.derive("is_standing_deputy", **known),
         "roles_known": scope.derive("roles_known", **known),
         "offices_known": scope.derive("offices_known", **known),
         "authz_known": case.is_complete("authorisations"),
         "positions_complete": case.is_complete("positions"),
         "leader_known": scope.derive("leader_known", **known),
         "reading_consent_by_deputy": scope.settings.reading("consent_by_deputy"),
         "reading_standing_office": scope.settings.reading("standing_office"),
         "reading_head_directs_helpers": scope.settings.reading("head_directs_helpers"),
         "reading_authorisation_timing": scope.settings.reading("authorisation_timing")},
        facts, sources=(case.by_id("people", person).path,),
    )


Item = Test | Absent | Var


def _role_on(var: Var, role: Role) -> tuple[Test, ...]:
    return (var.person == e.person, var.role == role.value, var.first <= e.date,
            var.last >= e.date)


def _office_on(var: Var, kind: OfficeKind) -> tuple[Test, ...]:
    return (var.person == e.person, var.office == kind.value, var.first <= e.date,
            var.last >= e.date)


@attrs.frozen
class _Way:
    name: str
    when: tuple[Item, ...]
    because: Text


def _ways(p: Power) -> list[_Way]:
    """The patterns by which a person holds power ``p`` on day ``e.date``."""
    r, o = Var("r", ROLE), Var("o", OFFICE)
    ways: list[_Way] = []
    if p.basis is Basis.HELPS:
        return ways
    if p.basis is Basis.ON_BEHALF:
        paths = head_paths(e.person, e.date, p.act.value, anyone=p.holder is Holder.AUTHORISED,
                           deputy=p.holder is SD)
        wanted = "standing-deputy" if p.holder is SD else "authorised"
        signed = Var("a", AUTHZ).signed
        for path in paths:
            if path.name != wanted:
                continue
            # Interpretation point 15 (authorisation_timing): signed by that day, it holds under
            # every reading; signed later, only as dated (ratification). "@as_dated" keeps the
            # power's way (rules/common.py, ``way``) that of the path.
            ways += [_Way(path.name, (*path.when, signed <= e.date), path.because),
                     _Way(f"{path.name}@{AS_DATED}",
                          (*path.when, signed > e.date,
                           e.reading_authorisation_timing == AS_DATED),
                          Text(path.because.vi + ", ký sau ngày đó; theo cách hiểu đã chọn của "
                               "điểm 15, ủy quyền bao gồm cả thời gian trước ngày ký",
                               path.because.en + ", signed after that day; under the chosen "
                               "reading of point 15 it covers the time before its signing too"))]
    elif p.holder is Holder.STANDING_OFFICE:
        for path in standing_office_paths(e.person, e.date):
            gate: tuple[Test, ...] = ()
            if path.reading is not None:
                gate = (e.reading_standing_office == path.reading,)
            ways.append(_Way(path.name, (*path.when, *gate), path.because))
    elif p.holder is Holder.COMMITTEE:
        for role in COMMITTEE_ROLES:
            ways.append(_Way(role.value, _role_on(r, role),
                             Text("{r.name} giữ vị trí {r.role_vi} vào ngày đó",
                                  "{r.name} held the position {r.role_en} on that day")))
    elif p.holder is Holder.HELPER_LEADER:
        # The Tổ trưởng validly on the team that day (khoản 2 and 3 Điều 9), not merely a
        # position record: dieu9.helper_member_valid's "yes" for a person whose governing decision
        # appoints them leader.
        hs = Var("hs", dieu9.STATUS)
        ways.append(_Way(p.holder.value, (hs.person == e.person, hs.role == LEADER_ROLE,
                                          hs.outcome == "yes"),
                         Text("{e.name} là Tổ trưởng Tổ giúp việc hợp lệ vào ngày đó (quyết định cử "
                              "của Thường trực Ban; dieu9.helper_member_valid: CÓ)",
                              "{e.name} was validly the helper-team leader on that day (appointed "
                              "by the Standing office's decision; dieu9.helper_member_valid: "
                              "yes)")))
    elif p.holder in ROLE_OF:
        ways.append(_Way(p.holder.value, _role_on(r, ROLE_OF[p.holder]),
                         Text("{r.name} giữ vị trí {r.role_vi} vào ngày đó",
                              "{r.name} held the position {r.role_en} on that day")))
    elif p.holder is Holder.FINANCE_HEAD:
        ways.append(_Way("finance-head", (*_office_on(o, OfficeKind.AGENCY_HEAD),
                                          o.agency_kind == AgencyKind.FINANCE.value),
                         Text("{o.name} là Thủ trưởng {o.agency} (Sở Tài chính) vào ngày đó",
                              "{o.name} headed {o.agency} (the Department of Finance) on that "
                              "day")))
    elif p.holder in (Holder.PPC_LEADER, Holder.PPC_CHAIRMAN):
        offices = [(OfficeKind.PPC_CHAIRMAN, "ppc-chairman",
                    Text("{o.name} là Chủ tịch UBND tỉnh vào ngày đó",
                         "{o.name} was the Chairman of the UBND tỉnh on that day"))]
        if p.holder is Holder.PPC_LEADER:
            offices.append((OfficeKind.PPC_VICE_CHAIRMAN, "ppc-vice-chairman",
                            Text("{o.name} là Phó Chủ tịch UBND tỉnh vào ngày đó, ký thay mặt "
                                 "UBND tỉnh", "{o.name} was a Vice-Chairman of the UBND tỉnh on "
                                 "that day, signing for it")))
        for kind, name, text in offices:
            # of an agency of kind ppc, or with no agency stated (the office's name says whose)
            ways.append(_Way(name, (*_office_on(o, kind), o.agency_kind == AgencyKind.PPC.value),
                             text))
            ways.append(_Way(f"{name}-no-agency", (*_office_on(o, kind), o.agency == ""), text))
    elif p.holder is Holder.AGENCY_HEAD:
        ways.append(_Way("agency-head", (*_office_on(o, OfficeKind.AGENCY_HEAD),
                                         o.agency != "",
                                         o.agency_kind != AgencyKind.STANDING_AGENCY.value),
                         Text("{o.name} là Thủ trưởng {o.agency} vào ngày đó, cơ quan quản lý nhân "
                              "sự của mình", "{o.name} headed {o.agency} on that day, the agency "
                              "managing its own staff")))
    else:  # pragma: no cover - every holder is handled above
        raise AssertionError(p)
    # A power restricted to some readings: one rule per reading (see the module docstring on
    # ``reading_*``).
    for switch, readings in p.readings:
        field = getattr(e, f"reading_{switch}")
        ways = [_Way(f"{w.name}@{reading}", (*w.when, field == reading), w.because)
                for w in ways for reading in readings]
    return ways


def _holders_text(powers: Sequence[Power]) -> Text:
    shown = [p.describe() for p in powers if p.basis is not Basis.HELPS]
    return Text("; ".join(t.vi for t in shown), "; ".join(t.en for t in shown))


def _clauses(powers: Sequence[Power]) -> list[str]:
    return list(dict.fromkeys(c for p in powers for c in p.clauses))


_POSITIONS_MISSING = Missing(
    "positions",
    Text("Vị trí của người này trong Ban Chỉ đạo, Tổ giúp việc vào ngày đó",
         "The person's committee or helper-team position on that day"),
    Text("vị trí có thẩm quyền → CÓ; vị trí khác, hoặc khai hồ sơ đầy đủ → KHÔNG",
         "a position holding the act → yes; another, or positions declared complete → no"),
)
_OFFICES_MISSING = Missing(
    "offices",
    Text("Chức vụ của người này (ngoài Ban Chỉ đạo) vào ngày đó",
         "The person's offices outside the committee on that day"),
    Text("chức vụ có thẩm quyền → CÓ; chức vụ khác, hoặc khai hồ sơ đầy đủ → KHÔNG",
         "an office holding the act → yes; another, or offices declared complete → no"),
)
_AUTHZ_MISSING = Missing(
    "authorisations",
    Text("Ủy quyền của Trưởng ban bao gồm việc này, còn hiệu lực vào ngày đó",
         "An authorisation of the Head covering this act, in force that day"),
    Text("có → CÓ; khai hồ sơ ủy quyền đầy đủ mà không có → KHÔNG",
         "present → yes; authorisations declared complete without one → no"),
)
_GRANTOR_MISSING = Missing(
    "positions",
    Text("Vị trí của người ủy quyền vào ngày ký ủy quyền",
         "The grantor's position on the day the authorisation was signed"),
    Text("Trưởng ban → CÓ; khai hồ sơ chức vụ đầy đủ mà không phải → KHÔNG",
         "the Head → yes; positions declared complete and not the Head → no"),
)


_LEADER_MISSING = Missing(
    "helper_appointments",
    Text("Quyết định của Thường trực Ban cử người này làm Tổ trưởng, còn hiệu lực vào ngày đó",
         "The Standing office's decision appointing this person team leader, governing that day"),
    Text("có, hợp lệ → CÓ; khai hồ sơ đầy đủ mà không có → KHÔNG",
         "present and valid → yes; records declared complete without it → no"),
)
_HELPER_MISSING = Missing(
    HELPER_MEMBER_VALID,
    Text("Các dữ kiện về tư cách Tổ trưởng của người này (xem câu hỏi dieu9.helper_member_valid)",
         "The facts about this person's standing as team leader (see "
         "dieu9.helper_member_valid)"),
    Text("Tổ trưởng hợp lệ → CÓ", "validly the team leader → yes"),
)
#: The switches dieu9.helper_member_valid's answer is given under, which the Tổ trưởng's way of
#: assigning helper tasks reads: its answers list them (``_nested``).
LEADER_SWITCHES = ("standing_office", "nomination_timing", "leader_nomination")


def _nested(act: Act) -> tuple[str, ...]:
    """The switches a nested answer that ``act``'s holding rules read was given under."""
    if any(p.holder is Holder.HELPER_LEADER for p in powers_of(act)):
        return tuple(s for s in LEADER_SWITCHES if s not in _switches(act))
    return ()


def _declare_leader(act: Act, head: Text) -> None:
    """A person whose governing decision appoints them Tổ trưởng but who is not shown to be
    validly on the team that day (khoản 2 Điều 9): "unknown" while their standing is unknown;
    "no" when it fails, unless their committee positions that day are open (they may be the
    Standing Deputy Head)."""
    hs = Var("hs", dieu9.STATUS)
    marks = [getattr(e, f"i_{s}") != "" for s in LEADER_SWITCHES]
    leader = (hs.person == e.person, hs.role == LEADER_ROLE)
    said = Text(head.vi + "{e.name} được cử làm Tổ trưởng, nhưng ",
                head.en + "{e.name} was appointed team leader, but ")
    _rule(act, "leader-unknown", status=UNKNOWN, clauses=[K93, K92],
          when=[e.act == act.value, *leader, hs.outcome == "unknown", *marks],
          because=Text(said.vi + "chưa xác định được người này là thành viên hợp lệ của Tổ vào ngày "
                       "{e.date:date} (dieu9.helper_member_valid: CHƯA XÁC ĐỊNH)",
                       said.en + "their valid membership on {e.date:date} is not established "
                       "(dieu9.helper_member_valid: unknown)"),
          missing=(_HELPER_MISSING,))
    for status, known, tail in (
        (FAILS, True, Text("", "")),
        (UNKNOWN, False, Text("; không có ghi nhận vị trí nào của người này trong Ban Chỉ đạo vào "
                              "ngày đó (có thể là Phó Trưởng ban Thường trực)", "; no committee "
                              "position of theirs is recorded for that day (they may be the "
                              "Standing Deputy Head)")),
    ):
        _rule(act, "leader-invalid" + ("" if known else "-open"), status=status,
              clauses=[K93, K92],
              when=[e.act == act.value, *leader, hs.outcome != "yes", hs.outcome != "unknown",
                    e.roles_known == known, *marks],
              because=Text(said.vi + "không phải thành viên hợp lệ của Tổ vào ngày {e.date:date} "
                           "(dieu9.helper_member_valid: {hs.outcome}): chỉ Tổ trưởng do Thường "
                           "trực Ban quyết định cử hợp lệ mới phân công công việc" + tail.vi,
                           said.en + "was not validly on the team on {e.date:date} "
                           "(dieu9.helper_member_valid: {hs.outcome}): only a leader validly "
                           "appointed by the Standing office assigns the work" + tail.en),
              missing=() if known else (_POSITIONS_MISSING,))


def _rule(act: Act, name: str, *, when: Sequence[Item], **kw: Any) -> None:
    may.rule(f"{act.value}.{name}", condition="power", when=consts_first(when), **kw)


def _declare_act(act: Act) -> None:
    label = ACT_LABEL[act]
    head = Text(f"Việc {label.vi} ngày {{e.date:date}}: ", f"To {label.en} on {{e.date:date}}: ")
    for p in powers_of(act):
        basis = BASIS_LABEL[p.basis]
        ways = _ways(p)
        several = len({w.name.partition("@")[0] for w in ways}) > 1
        for way in ways:
            # "convene_meeting.head", "attend_meeting.committee-member",
            # "consent_substitute.standing_deputy@with_authorisation"
            base, _, reading = way.name.partition("@")
            name = p.holder.value + (f"-{base}" if several else "") + (
                f"@{reading}" if reading else "")
            _rule(act, name, status=HOLDS, clauses=list(p.clauses),
                  when=[e.act == act.value, *way.when],
                  because=Text(head.vi + way.because.vi + f" ({basis.vi}: {p.note.vi})",
                               head.en + way.because.en + f" ({basis.en}: {p.note.en})"))
    for combo in _combos(act):
        _declare_failures(act, combo, head)
    if any(p.holder is Holder.HELPER_LEADER for p in powers_of(act)):
        _declare_leader(act, head)


def _declare_failures(act: Act, combo: dict[str, str], head: Text) -> None:
    """The "no" and "unknown" rules of ``act`` under one combination of readings."""
    powers = [p for p in powers_of(act) if _active(p, combo)]
    gate = [getattr(e, f"i_{s}") == reading for s, reading in combo.items()]
    tag = "".join(f"@{reading}" for reading in combo.values())
    holders_of = {(p.holder, p.basis) for p in powers}
    head_own = (HEAD, OWN) in holders_of
    sd_behalf = (SD, Basis.ON_BEHALF) in holders_of
    any_behalf = (Holder.AUTHORISED, Basis.ON_BEHALF) in holders_of
    sd_helps = (SD, Basis.HELPS) in holders_of
    needs_pos = any(p.holder in ROLE_OF or p.holder in (Holder.COMMITTEE, Holder.STANDING_OFFICE)
                    for p in powers if p.basis is not Basis.ON_BEHALF)
    needs_off = any(p.holder in OFFICE_HOLDERS for p in powers) or (
        combo.get("standing_office") == WIDE_OFFICE)
    clauses = _clauses(powers)
    holders = _holders_text(powers)
    on_day = "vào ngày {e.date:date}"
    a, h = Var("a", AUTHZ), Var("h", ROLE)
    covers = (a.grantee == e.person, a.act == act.value)
    in_force_a = (a.first <= e.date, a.last >= e.date)
    # Failing rules read the person's positions that day from ``e`` (see consts_first): only the
    # rules that make an act hold bind the position facts.
    delegate = (e.is_standing_deputy == True,) if sd_behalf and not any_behalf else ()
    is_sd, not_sd = e.is_standing_deputy == True, e.is_standing_deputy == False
    behalf_clauses = [D105, K61] if act is Act.CONSENT_SUBSTITUTE else [K61]
    known: list[Item] = []
    if needs_pos:
        known.append(e.roles_known == True)
    if needs_off:
        known.append(e.offices_known == True)
    if any_behalf:
        known.append(e.authz_known == True)
    leader_way = any(p.holder is Holder.HELPER_LEADER for p in powers)
    if leader_way:
        known.append(e.leader_known == True)

    # -- authorisations that do not carry the power ----------------------------------------------
    if sd_behalf or any_behalf:
        who = Text("{e.name} (Phó Trưởng ban Thường trực) có ", "{e.name} (the Standing Deputy) "
                   "holds ") if delegate else Text("{a.grantee} có ", "{a.grantee} holds ")
        for name, test, vi, en in (
            ("expired", a.last < e.date, "đã hết hiệu lực", "had expired"),
            ("not-yet", a.first > e.date, "chưa có hiệu lực", "was not yet in force"),
        ):
            _rule(act, f"authorisation-{name}{tag}", status=FAILS, clauses=behalf_clauses,
                  when=[e.act == act.value, *gate, e.authz_known == True, *delegate, *covers, test],
                  because=Text(head.vi + who.vi + "ủy quyền {a.id} của {a.grantor} bao gồm việc "
                               "này (hiệu lực {a.first:date}–{a.last:date}), nhưng ủy quyền " + vi
                               + " " + on_day + "; hồ sơ ủy quyền được khai là đầy đủ",
                               head.en + who.en + "authorisation {a.id} from {a.grantor} covering "
                               "this act (in force {a.first:date}–{a.last:date}), but it " + en
                               + " on {e.date:date}; the authorisations are declared complete"))
        # Signed after the day asked, though in force by its dates that day: under the default
        # reading of point 15 nobody was yet authorised (khoản 1 Điều 6, "khi được ủy quyền").
        # "Unknown" while another authorisation may be unrecorded. Gated on e.i_*: such an answer
        # lists point 15, whose other reading would have made the authorisation count.
        for status, complete in ((FAILS, True), (UNKNOWN, False)):
            _rule(act, f"authorisation-not-signed-yet{tag}{'' if complete else '-unknown'}",
                  status=status, clauses=behalf_clauses,
                  when=[e.act == act.value, *gate, e.authz_known == complete, *delegate, *covers,
                        *in_force_a, a.signed > e.date,
                        e.i_authorisation_timing == FROM_SIGNING],
                  because=Text(head.vi + who.vi + "ủy quyền {a.id} của {a.grantor} bao gồm việc "
                               "này (hiệu lực {a.first:date}–{a.last:date}), nhưng ủy quyền ký "
                               "ngày {a.signed:date}, sau ngày {e.date:date}: theo cách hiểu "
                               "mặc định của điểm 15, ủy quyền chỉ có hiệu lực từ ngày ký "
                               "(\"khi được ủy quyền\", khoản 1 Điều 6)" + (
                                   "; hồ sơ ủy quyền được khai là đầy đủ" if complete else
                                   "; không có ghi nhận ủy quyền nào khác"),
                               head.en + who.en + "authorisation {a.id} from {a.grantor} covering "
                               "this act (in force {a.first:date}–{a.last:date}), but it was "
                               "signed on {a.signed:date}, after {e.date:date}: under the default "
                               "reading of point 15 an authorisation takes effect only when "
                               "signed (\"when authorised\", Article 6(1))" + (
                                   "; the authorisations are declared complete" if complete else
                                   "; no other authorisation is recorded")),
                  missing=() if complete else (_AUTHZ_MISSING,))
        grantor_not_head = no(h, h.person == a.grantor, h.role == Role.HEAD.value,
                              h.first <= a.signed, h.last >= a.signed)
        for status, complete in ((FAILS, True), (UNKNOWN, False)):
            extra: list[Item] = [e.authz_known == True] if complete else []
            _rule(act, f"grantor-not-head{tag}{'' if complete else '-unknown'}", status=status,
                  clauses=behalf_clauses,
                  when=[e.act == act.value, *gate, e.positions_complete == complete, *extra,
                        *delegate, *covers, *in_force_a, grantor_not_head],
                  because=Text(head.vi + who.vi + "ủy quyền {a.id} bao gồm việc này, ký ngày "
                               "{a.signed:date}, nhưng " + (
                                   "người ủy quyền {a.grantor} không giữ chức Trưởng ban vào ngày "
                                   "ký (hồ sơ chức vụ được khai là đầy đủ): chỉ ủy quyền của "
                                   "Trưởng ban mới cho phép thay mặt Trưởng ban" if complete else
                                   "không có ghi nhận người ủy quyền {a.grantor} giữ chức Trưởng "
                                   "ban vào ngày ký"),
                               head.en + who.en + "authorisation {a.id} covering this act, signed "
                               "on {a.signed:date}, but " + (
                                   "its grantor {a.grantor} was not the Head on that day "
                                   "(positions declared complete): only the Head's authorisation "
                                   "lets someone act for the Head" if complete else
                                   "nothing records its grantor {a.grantor} as the Head on that "
                                   "day")),
                  missing=() if complete else (_GRANTOR_MISSING,))
    if sd_behalf and not any_behalf:
        # One rule per kind of person, each saying (and citing) what that person's own position
        # gives: the Deputy Head only helps the Head (khoản 1 Điều 7), a Member carries out the
        # tasks the Head assigns (khoản 1 Điều 8); anyone else (a former Standing Deputy, a
        # helper, an outsider) only that they were not the Standing Deputy that day.
        k, km = Var("k", ROLE), Var("km", ROLE)
        kind_on = (k.person == e.person, k.first <= e.date, k.last >= e.date)
        kinds: list[tuple[str, list[Item], list[str], Text]] = [
            ("authorised-deputy-not-standing-deputy", [*kind_on, k.role == Role.DEPUTY.value],
             [K71], Text("; Phó Trưởng ban chỉ giúp việc Trưởng ban (khoản 1 Điều 7)",
                         "; the Deputy Head only helps the Head (Article 7(1))")),
            ("authorised-member-not-standing-deputy", [*kind_on, k.role == Role.MEMBER.value],
             [K81], Text("; Thành viên Ban thực hiện nhiệm vụ do Trưởng ban phân công (khoản 1 "
                         "Điều 8)", "; a Member carries out the tasks the Head assigns "
                         "(Article 8(1))")),
            ("authorised-not-standing-deputy",
             [no(k, k.person == e.person, k.role == Role.DEPUTY.value, k.first <= e.date,
                 k.last >= e.date),
              no(km, km.person == e.person, km.role == Role.MEMBER.value, km.first <= e.date,
                 km.last >= e.date)],
             [], Text("", "")),
        ]
        for kind, kind_when, kind_clauses, kind_text in kinds:
            _rule(act, f"{kind}{tag}", status=FAILS, clauses=[*behalf_clauses, *kind_clauses],
                  when=[e.act == act.value, *gate, e.roles_known == True, *covers, *in_force_a,
                        not_sd, *kind_when],
                  because=Text(head.vi + "{a.grantee} có ủy quyền {a.id} của {a.grantor} bao gồm "
                               "việc này, nhưng không phải Phó Trưởng ban Thường trực " + on_day
                               + ": chỉ Phó Trưởng ban Thường trực mới thay mặt Trưởng ban khi "
                               "được ủy quyền (khoản 1 Điều 6)" + kind_text.vi,
                               head.en + "{a.grantee} holds authorisation {a.id} from {a.grantor} "
                               "covering this act, but was not the Standing Deputy Head on "
                               "{e.date:date}: only the Standing Deputy acts for the Head when "
                               "authorised (Article 6(1))" + kind_text.en))
    if act is Act.CONSENT_SUBSTITUTE and head_own and not (sd_behalf or any_behalf):
        # Under the reading "head_only" of point 3, an authorisation to consent is of no use.
        why = Text("theo cách hiểu đã chọn của điểm 3, chỉ Trưởng ban được đồng ý",
                   "under the chosen reading of point 3, only the Head consents")
        _rule(act, f"authorisation-not-enough{tag}", status=FAILS, clauses=clauses,
              when=[e.act == act.value, *gate, e.roles_known == True, *covers, *in_force_a,
                    e.is_head == False],
              because=Text(head.vi + "{a.grantee} có ủy quyền {a.id} của {a.grantor} bao gồm việc "
                           "này, nhưng ủy quyền không trao được việc này: " + why.vi,
                           head.en + "{a.grantee} holds authorisation {a.id} from {a.grantor} "
                           "covering this act, but no authorisation confers it: " + why.en))
    if sd_helps:
        helps = next(p for p in powers if p.holder is SD and p.basis is Basis.HELPS)
        none_in_force = no(Var("na", AUTHZ), Var("na", AUTHZ).grantee == e.person,
                           Var("na", AUTHZ).act == act.value, Var("na", AUTHZ).first <= e.date,
                           Var("na", AUTHZ).last >= e.date)
        for status, complete in ((FAILS, True), (UNKNOWN, False)):
            _rule(act, f"standing-deputy-helps{'' if complete else '-unknown'}", status=status,
                  clauses=[*helps.clauses, *(c for c in clauses if c not in helps.clauses)],
                  when=[e.act == act.value, *gate, e.authz_known == complete, is_sd,
                        none_in_force],
                  because=Text(head.vi + "{e.name} là Phó Trưởng ban Thường trực " + on_day
                               + ", người " + helps.note.vi + "; " + (
                                   "hồ sơ ủy quyền (được khai là đầy đủ) không có ủy quyền nào "
                                   "bao gồm việc này còn hiệu lực" if complete else
                                   "không có ghi nhận ủy quyền nào bao gồm việc này còn hiệu lực"),
                               head.en + "{e.name} was the Standing Deputy Head on {e.date:date}, "
                               "who " + helps.note.en + "; " + (
                                   "the authorisations (declared complete) hold none covering "
                                   "this act in force" if complete else
                                   "no authorisation covering this act in force is recorded")),
                  missing=() if complete else (_AUTHZ_MISSING,))
    if act is Act.ATTEND_MEETING:
        _rule(act, "delegated", status=FAILS, clauses=clauses,
              when=[e.act == act.value, e.roles_known == True, *covers, *in_force_a],
              because=Text(head.vi + "{a.grantee} có ủy quyền dự họp {a.id} của {a.grantor}, "
                           "nhưng Thành viên tham dự các kỳ họp \"không ủy quyền\"; chỉ sự đồng ý "
                           "của Trưởng ban cho từng phiên họp mới cho phép cử người dự họp thay "
                           "(xem dieu10.substitute_allowed), và {a.grantee} không giữ vị trí nào "
                           "trong Ban Chỉ đạo " + on_day,
                           head.en + "{a.grantee} holds authorisation {a.id} from {a.grantor} to "
                           "attend, but members attend \"never by proxy\"; only the Head's consent "
                           "for a meeting lets a substitute attend (see "
                           "dieu10.substitute_allowed), and {a.grantee} held no committee "
                           "position on {e.date:date}"))

    # -- otherwise (fallbacks) ----------------------------------------------------------------------
    fails_text = Text(
        head.vi + "theo Quy chế, việc này thuộc về: " + holders.vi + ". {e.name} ({e.person}) "
        "không thuộc trường hợp nào " + on_day,
        head.en + "under the regulation this act belongs to: " + holders.en + ". {e.name} "
        "({e.person}) was none of these on {e.date:date}")
    if sd_behalf and not any_behalf:
        _rule(act, f"no-power{tag}", status=FAILS, clauses=clauses, fallback=True,
              when=[e.act == act.value, *gate, *known, not_sd],
              because=fails_text)
        # Also for an act the Standing Deputy only helps with: reached when an authorisation
        # is in force but its grantor is not shown to be the Head and the records are open.
        for status, complete in ((FAILS, True), (UNKNOWN, False)):
            _rule(act, f"standing-deputy-not-authorised{tag}{'' if complete else '-unknown'}",
                  status=status, clauses=behalf_clauses, fallback=True,
                  when=[e.act == act.value, *gate, e.authz_known == complete, is_sd],
                  because=Text(
                      head.vi + "{e.name} là Phó Trưởng ban Thường trực " + on_day + ", "
                      "nhưng " + ("hồ sơ ủy quyền (được khai là đầy đủ) không có" if complete
                                  else "không có ghi nhận") + " ủy quyền nào của Trưởng ban "
                      "(ký khi đang giữ chức Trưởng ban) bao gồm việc này và còn hiệu lực "
                      "vào ngày đó: Phó Trưởng ban Thường trực chỉ thay mặt Trưởng ban khi "
                      "được ủy quyền",
                      head.en + "{e.name} was the Standing Deputy Head on {e.date:date}, but "
                      + ("the authorisations (declared complete) hold no" if complete else
                         "there is no recorded") + " authorisation of the Head (signed while "
                      "the Head) covering this act in force that day: the Standing Deputy "
                      "acts for the Head only when authorised"),
                  missing=() if complete else (_AUTHZ_MISSING,))
    else:
        _rule(act, f"no-power{tag}", status=FAILS, clauses=clauses, fallback=True,
              when=[e.act == act.value, *gate, *known], because=fails_text)
    unknowns: list[tuple[str, Item, Missing, Text]] = []
    if needs_pos:
        unknowns.append(("positions-unknown", e.roles_known == False, _POSITIONS_MISSING,
                         Text("không có ghi nhận vị trí nào của {e.person} trong Ban Chỉ đạo, Tổ "
                              "giúp việc " + on_day,
                              "no committee or helper-team position of {e.person} is recorded "
                              "for {e.date:date}")))
    if needs_off:
        unknowns.append(("offices-unknown", e.offices_known == False, _OFFICES_MISSING,
                         Text("không có ghi nhận chức vụ nào của {e.person} " + on_day,
                              "no office of {e.person} is recorded for {e.date:date}")))
    if any_behalf:
        unknowns.append(("authorisations-unknown", e.authz_known == False, _AUTHZ_MISSING,
                         Text("không có ghi nhận ủy quyền nào của Trưởng ban cho {e.person} bao "
                              "gồm việc này, còn hiệu lực " + on_day,
                              "no authorisation of the Head to {e.person} covering this act, in "
                              "force on {e.date:date}, is recorded")))
    if leader_way:
        unknowns.append(("appointment-unknown", e.leader_known == False, _LEADER_MISSING,
                         Text("không có quyết định nào cử {e.person} vào Tổ giúp việc còn hiệu lực "
                              + on_day + " được ghi nhận (hồ sơ quyết định cử chưa được khai là "
                              "đầy đủ)", "no decision putting {e.person} on the helper team, "
                              "governing on {e.date:date}, is recorded (the appointment records "
                              "are not declared complete)")))
    for name, unknown_when, missing, text in unknowns:
        _rule(act, f"{name}{tag}", status=UNKNOWN, clauses=clauses, fallback=True,
              when=[e.act == act.value, *gate, unknown_when],
              because=Text(head.vi + text.vi + "; việc này thuộc về: " + holders.vi,
                           head.en + text.en + "; this act belongs to: " + holders.en),
              missing=(missing,))


# -- the regulation in force -------------------------------------------------------------------------
_BY_READING = [act for act in Act if _switches(act) or _nested(act)]
may.rule(
    "in-force", condition="applicable", status=HOLDS, clauses=[EFFECT],
    when=[e.in_force == True, *(e.act != act.value for act in _BY_READING)],
    because=Text("Ngày {e.date:date} thuộc thời gian Quy chế có hiệu lực",
                 "{e.date:date} falls within the regulation's time in force"),
)
for _act in _BY_READING:
    # One rule per act, testing every switch its answer may turn on (its own, and those of a
    # nested answer it reads), so that a "yes" lists them.
    _points = [SWITCHES[s] for s in (*_switches(_act), *_nested(_act))]
    may.rule(
        f"in-force-{_act.value}", condition="applicable", status=HOLDS,
        clauses=[EFFECT, *dict.fromkeys(c for sw in _points for c in sw.clauses[:1])],
        when=[e.in_force == True, e.act == _act.value,
              *(getattr(e, f"i_{sw.name}") != "" for sw in _points)],
        because=Text("Ngày {e.date:date} thuộc thời gian Quy chế có hiệu lực; ai có thẩm "
                     "quyền làm việc này tùy cách hiểu "
                     + "; ".join(f"điểm {sw.point} ({sw.title.vi})" for sw in _points),
                     "{e.date:date} falls within the regulation's time in force; who holds "
                     "this act depends on "
                     + "; ".join(f"interpretation point {sw.point} ({sw.title.en})"
                                 for sw in _points)),
    )
# Point 15 lists itself on a "yes" only when it mattered: the person (not the Head) holds an
# authorisation covering the act that day by its dates but signed later, counted under the
# reading as_dated. An "applicable" rule: that condition is decisive only for a "yes" (the
# holding rules of "power" read ``e.reading_authorisation_timing``, see the module docstring).
_ua = Var("ua", AUTHZ)
for _act in dict.fromkeys(p.act for p in TABLE if p.basis is Basis.ON_BEHALF):
    may.rule(
        f"in-force-signed-later-{_act.value}", condition="applicable", status=HOLDS,
        clauses=[EFFECT, K61],
        when=consts_first([e.in_force == True, e.act == _act.value, e.is_head == False,
                           _ua.grantee == e.person, _ua.act == _act.value,
                           _ua.first <= e.date, _ua.last >= e.date, _ua.signed > e.date,
                           e.i_authorisation_timing == AS_DATED]),
        because=Text("Ủy quyền {ua.id} ký ngày {ua.signed:date}, sau ngày {e.date:date}: theo cách "
                     "hiểu đã chọn của điểm 15 (" + SWITCHES["authorisation_timing"].title.vi
                     + "), ủy quyền bao gồm toàn bộ thời gian hiệu lực ghi trong đó",
                     "Authorisation {ua.id} was signed on {ua.signed:date}, after {e.date:date}: "
                     "under the chosen reading of interpretation point 15 ("
                     + SWITCHES["authorisation_timing"].title.en + ") it covers its whole "
                     "stated period"),
    )
may.rule(
    "before-effect", condition="applicable", status=NA, clauses=[EFFECT],
    when=[e.in_force == False], because=in_force_text(),
)
for _act in Act:
    _declare_act(_act)
MAY_ACT = may.build()


# =================================================================================================
# dieu4.accountable_to
# =================================================================================================

#: The switches some line of account is restricted to (point 1: who reports under Điều 11). As in
#: may_act (module docstring), the rules that *hold* read a copy of the reading
#: (``e.reading_<switch>``) and the failing and unknown rules of the positions concerned test
#: ``e.i_<switch>``: an answer about a Deputy Head that is not "yes" lists point 1, and other
#: answers do not.
ACC_SWITCHES = tuple(dict.fromkeys(s for line in LINES for s, _ in line.readings))

acc = QuestionBuilder(
    "dieu4.accountable_to",
    title=Text(
        "Vào ngày đó, người này có chịu trách nhiệm trước (chịu sự điều hành của, báo cáo về) "
        "người kia không, và về việc gì?",
        "On this date, does this person answer to (work under the direction of, report to) the "
        "other, and for what?",
    ),
    clauses=tuple(dict.fromkeys(c for line in LINES for c in line.clauses)),
    arguments=(
        Arg("person", "person", Text("Người chịu trách nhiệm", "The person who answers")),
        Arg("superior", "person", Text("Người cấp trên", "The superior")),
        Arg("date", "date", Text("Ngày (YYYY-MM-DD)", "The date (YYYY-MM-DD)")),
    ),
    conditions=(
        Condition("applicable", Text("Quy chế có hiệu lực vào ngày đó; hai người khác nhau",
                                     "The regulation is in force that day; two different "
                                     "people")),
        Condition("accountable", Text("Có quan hệ trách nhiệm", "A line of account exists")),
    ),
    evaluate={"person": str, "superior": str, "date": int, "in_force": bool, "same": bool,
              "person_known": bool, "sup_roles_known": bool, "sup_offices_known": bool,
              **{f"reading_{s}": str for s in ACC_SWITCHES}},
    facts=(ROLE, OFFICE),
    switches=ACC_SWITCHES,
    module=__name__,
    reads={f"reading_{s}": f"interpretation.{s}" for s in ACC_SWITCHES},
)
e = acc.e


declare_in_force(acc)
acc.derive("person_known", clauses=["dieu-2/khoan-1"], inputs=["case", "person", "on"],
           description=ROLES_KNOWN)(roles_known)
acc.derive("sup_roles_known", clauses=["dieu-2/khoan-1"], inputs=["case", "person", "on"],
           description=ROLES_KNOWN)(roles_known)
acc.derive("sup_offices_known", clauses=["dieu-2/khoan-1"], inputs=["case", "person", "on"],
           description=OFFICES_KNOWN)(offices_known)


@acc.derive("same", clauses=["dieu-4/khoan-2"], inputs=["person", "superior"], description=Text(
    "Người đó và cấp trên là một người", "The person and the superior are the same person"))
def _same_person(person: str, superior: str) -> bool:
    return person == superior


@acc.scope
def _acc_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    person, superior = scope.args["person"], scope.args["superior"]
    on = dt.date.fromisoformat(scope.args["date"])
    facts = role_facts(case, [person, superior]) + office_facts(case, [superior])
    return ScopeResult(
        {"person": person, "superior": superior, "date": day(on),
         "in_force": scope.derive("in_force", day=on),
         "same": scope.derive("same", person=person, superior=superior),
         "person_known": scope.derive("person_known", case=case, person=person, on=on),
         "sup_roles_known": scope.derive("sup_roles_known", case=case, person=superior, on=on),
         "sup_offices_known": scope.derive("sup_offices_known", case=case, person=superior,
                                           on=on),
         **{f"reading_{s}": scope.settings.reading(s) for s in ACC_SWITCHES}},
        facts,
        sources=tuple(dict.fromkeys((case.by_id("people", person).path,
                                     case.by_id("people", superior).path))),
    )


acc.rule(
    "in-force", condition="applicable", status=HOLDS, clauses=["dieu-4/khoan-2"],
    when=[e.in_force == True, e.same == False],
    because=Text("Ngày {e.date:date} thuộc thời gian Quy chế có hiệu lực",
                 "{e.date:date} falls within the regulation's time in force"),
)
acc.rule(
    "self", condition="applicable", status=NA, clauses=["dieu-4/khoan-2"],
    when=[e.same == True],
    because=Text("{e.person} và người cấp trên là một: không ai chịu trách nhiệm trước chính mình",
                 "{e.person} is also the superior named: nobody answers to themselves"),
)
acc.rule(
    "before-effect", condition="applicable", status=NA, clauses=[EFFECT],
    when=[e.in_force == False], because=in_force_text(),
)


def _person_on(var: Var, role: Role, who: Any) -> tuple[Test, ...]:
    return (var.person == who, var.role == role.value, var.first <= e.date, var.last >= e.date)


def _superior_ways(superior: Holder) -> list[tuple[str, tuple[Item, ...], Text]]:
    if superior is Holder.PPC_CHAIRMAN:
        o = Var("so", OFFICE)
        chair = (o.person == e.superior, o.office == OfficeKind.PPC_CHAIRMAN.value,
                 o.first <= e.date, o.last >= e.date)
        text = Text("{so.name} (Chủ tịch UBND tỉnh)", "{so.name} (Chairman of the UBND tỉnh)")
        return [("", (*chair, o.agency_kind == AgencyKind.PPC.value), text),
                ("-no-agency", (*chair, o.agency == ""), text)]
    s = Var("s", ROLE)
    return [("", _person_on(s, ROLE_OF[superior], e.superior),
             Text("{s.name} ({s.role_vi})", "{s.name} ({s.role_en})"))]


_HOLDER_OF: dict[Role, Holder] = {role: holder for holder, role in ROLE_OF.items()}
p_ = Var("p", ROLE)
def _reading_gates(line: Accountability) -> list[tuple[str, tuple[Test, ...]]]:
    """The holding rule's id suffix and tests for each reading combination the line exists
    under (``e.reading_<switch>``: a holding rule gated on ``e.i_*`` would make every "no" of
    the question list the switch); one combination with no suffix when the line is unrestricted
    or exists under a single reading (its rule id stays that of the unrestricted line)."""
    combos: list[tuple[str, tuple[Test, ...]]] = [("", ())]
    for switch, allowed in line.readings:
        field = getattr(e, f"reading_{switch}")
        combos = [(suffix + ("" if len(allowed) == 1 else f"-{reading}"), (*tests, field == reading))
                  for suffix, tests in combos for reading in allowed]
    return combos


for _line in LINES:
    _rel = RELATION_LABEL[_line.relation]
    for (_suffix, _sup_when, _sup_text), (_rsuffix, _rgate) in itertools.product(
            _superior_ways(_line.superior), _reading_gates(_line)):
        acc.rule(
            f"{_line.holder.value}-{_line.relation.value}-{_line.superior.value}{_suffix}"
            f"@{_line.clauses[0].replace('/', '.')}{_rsuffix}",
            condition="accountable", status=HOLDS, clauses=list(_line.clauses),
            when=consts_first([*_person_on(p_, ROLE_OF[_line.holder], e.person), *_sup_when,
                               *_rgate]),
            because=Text("{p.name} ({p.role_vi}) " + _rel.vi + " " + _sup_text.vi + " "
                         + _line.what.vi + ", vào ngày {e.date:date}",
                         "{p.name} ({p.role_en}) " + _rel.en + " " + _sup_text.en + " "
                         + _line.what.en + ", on {e.date:date}"),
        )


def _lines_text(lines: Sequence[Accountability]) -> Text:
    vi = [f"{RELATION_LABEL[x.relation].vi} {HOLDER_LABEL[x.superior].vi} {x.what.vi} "
          f"({cite_all(x.clauses, 'vi')})" for x in lines]
    en = [f"{RELATION_LABEL[x.relation].en} {HOLDER_LABEL[x.superior].en} {x.what.en} "
          f"({cite_all(x.clauses, 'en')})" for x in lines]
    return Text("; ".join(vi), "; ".join(en))


def _role_readings(role: Role) -> list[tuple[str, dict[str, str], tuple[Test, ...]]]:
    """For a position some of whose lines exist only under some readings: one (rule id suffix,
    readings, tests of ``e.i_*``) per combination of the readings of those switches, the
    defaults' with no suffix (its rule ids are those of the unrestricted position); else one
    combination with no test."""
    switches = list(dict.fromkeys(s for x in LINES if ROLE_OF[x.holder] is role
                                  for s, _ in x.readings))
    out = []
    for values in itertools.product(*(list(SWITCHES[s].readings) for s in switches)):
        chosen = dict(zip(switches, values, strict=True))
        suffix = "".join(f"-{v}" for s, v in chosen.items() if v != SWITCHES[s].default)
        out.append((suffix, chosen, tuple(getattr(e, f"i_{s}") == v for s, v in chosen.items())))
    return out


for _role, (_rsuffix, _chosen, _igate) in ((r, c) for r in Role for c in _role_readings(r)):
    _lines = [x for x in LINES if ROLE_OF[x.holder] is _role and x.holds_under(_chosen)]
    if not _lines:  # pragma: no cover - every position has a line of account
        continue
    _needs_roles = any(x.superior in ROLE_OF for x in _lines)
    _needs_offices = any(x.superior in OFFICE_HOLDERS for x in _lines)
    _gates: list[Item] = []
    if _needs_roles:
        _gates.append(e.sup_roles_known == True)
    if _needs_offices:
        _gates.append(e.sup_offices_known == True)
    _cl = list(dict.fromkeys(c for x in _lines for c in x.clauses))
    _text = _lines_text(_lines)
    acc.rule(
        f"{_role.value}-not-to-superior{_rsuffix}", condition="accountable", status=FAILS,
        clauses=_cl, when=consts_first([*_person_on(p_, _role, e.person), *_gates, *_igate]),
        because=Text("{p.name} giữ vị trí {p.role_vi} vào ngày {e.date:date}; theo Quy chế, vị trí "
                     "này " + _text.vi + ". {e.superior} không giữ vị trí, chức vụ nào trong số "
                     "đó vào ngày này",
                     "{p.name} held the position {p.role_en} on {e.date:date}; under the "
                     "regulation this position " + _text.en + ". {e.superior} held none of those "
                     "positions or offices that day"),
    )
    for _flag, _missing, _vi, _en in (
        ("sup_roles_known", _POSITIONS_MISSING, "vị trí trong Ban Chỉ đạo, Tổ giúp việc",
         "committee or helper-team position"),
        ("sup_offices_known", _OFFICES_MISSING, "chức vụ", "office"),
    ):
        if (_flag == "sup_roles_known" and not _needs_roles) or (
                _flag == "sup_offices_known" and not _needs_offices):
            continue
        acc.rule(
            f"{_role.value}-superior-{_flag.split('_')[1]}-unknown{_rsuffix}",
            condition="accountable", status=UNKNOWN, clauses=_cl,
            when=consts_first([*_person_on(p_, _role, e.person), getattr(e, _flag) == False,
                               *_igate]),
            because=Text("{p.name} giữ vị trí {p.role_vi} vào ngày {e.date:date}; vị trí này "
                         + _text.vi + ". Không có ghi nhận " + _vi + " nào của {e.superior} vào "
                         "ngày này",
                         "{p.name} held the position {p.role_en} on {e.date:date}; this "
                         "position " + _text.en
                         + ". No " + _en + " of {e.superior} is recorded for that day"),
            missing=(Missing(_missing.fact,
                             Text(f"{_vi.capitalize()} của người cấp trên vào ngày đó",
                                  f"The superior's {_en} on that day"),
                             Text("vị trí, chức vụ nêu trên → CÓ; khai hồ sơ đầy đủ → KHÔNG",
                                  "one of the positions or offices above → yes; records "
                                  "declared complete → no")),),
        )
acc.rule(
    "no-position", condition="accountable", status=FAILS, clauses=["dieu-4/khoan-2"],
    fallback=True, when=[e.person_known == True],
    because=Text("{e.person} không giữ vị trí nào trong Ban Chỉ đạo hay Tổ giúp việc vào ngày "
                 "{e.date:date} (hồ sơ chức vụ được khai là đầy đủ): Quy chế chỉ đặt quan hệ trách "
                 "nhiệm cho những vị trí đó",
                 "{e.person} held no committee or helper-team position on {e.date:date} "
                 "(positions declared complete): the regulation sets lines of account for those "
                 "positions only"),
)
acc.rule(
    "position-unknown", condition="accountable", status=UNKNOWN, clauses=["dieu-4/khoan-2"],
    fallback=True, when=[e.person_known == False],
    because=Text("Không có ghi nhận vị trí nào của {e.person} trong Ban Chỉ đạo, Tổ giúp việc vào "
                 "ngày {e.date:date}", "No committee or helper-team position of {e.person} is "
                 "recorded for {e.date:date}"),
    missing=(Missing("positions", Text("Vị trí của người này vào ngày đó",
                                       "The person's position on that day"),
                     Text("vị trí có quan hệ với người cấp trên → CÓ; khai hồ sơ đầy đủ → KHÔNG",
                          "a position answering to the superior → yes; positions declared "
                          "complete → no")),),
)
ACCOUNTABLE_TO = acc.build()


# =================================================================================================
# Plain-Python views of the same declarations
# =================================================================================================


@attrs.frozen
class Line:
    """One line of account of a person on a day: their position (by path), the superior (a
    person id, or ``None`` when nobody is recorded in that position or office that day)."""

    position: str
    holder: Holder
    relation: Relation
    superior_kind: Holder
    superior: str | None
    superior_record: str | None
    what: Text
    clauses: tuple[str, ...]


def accountability(case: Case, person: str, on: dt.date,
                   interpretations: Mapping[str, str] | None = None) -> list[Line]:
    """To whom ``person`` answers on ``on``, and for what: every line of account of the positions
    they held that day, each with the people holding the superior position or office that day.
    ``interpretations`` (switch → reading, the defaults otherwise) chooses the lines that exist
    only under some readings, as ``dieu4.accountable_to`` does."""
    chosen = {s: SWITCHES[s].default for s in ACC_SWITCHES} | dict(interpretations or {})
    out: list[Line] = []
    for path, pos in dieu4.positions_on(case, person, on):
        holder = _HOLDER_OF[pos.role]
        for line in LINES:
            if line.holder is not holder or not line.holds_under(chosen):
                continue
            found: list[tuple[str | None, str | None]]
            if line.superior is Holder.PPC_CHAIRMAN:
                found = [(o.path, o.record.person)
                         for o in case.office_holders(OfficeKind.PPC_CHAIRMAN, on)
                         if o.record.agency is None
                         or (case.agency(o.record.agency).kind is AgencyKind.PPC
                             and case.agency(o.record.agency).in_force(on))]
            else:
                found = [(q.path, q.record.person)
                         for q in case.holders(ROLE_OF[line.superior], on)]
            for where, who in found or [(None, None)]:  # nobody recorded in that position
                out.append(Line(path, holder, line.relation, line.superior, who, where, line.what,
                                line.clauses))
    return out


QUESTIONS = (MAY_ACT, ACCOUNTABLE_TO)



# =================================================================================================
# The year's audit: what it asks of each question (kgrules.obligations)
# =================================================================================================

AUDIT = {
    ACCOUNTABLE_TO.id: Lookup(Text(
        "Câu hỏi tra cứu (ai chịu trách nhiệm trước ai), không phải một nghĩa vụ trong năm.",
        "A look-up (who answers to whom), not a duty performed in the year.",
    )),
    MAY_ACT.id: Lookup(Text(
        "Câu hỏi tra cứu thẩm quyền; được dùng bên trong các câu hỏi khác (đồng ý, triệu tập, chi).",
        "A look-up of powers; used inside the other questions (consents, convening, spending).",
    )),
}

