"""Điều 2. Tổ chức của Ban Chỉ đạo — Article 2. Organisation of the committee.

Each khoản (numbered clause) of the article is quoted, then followed by the questions and rules
that encode it:

* ``dieu2.composition_valid(date)`` — khoản 1: the committee as constituted on a day;
* ``dieu2.seal_valid(document)`` — khoản 2 and khoản 3: the seal a committee document bears;
* ``dieu2.account_use_allowed(transaction)`` — khoản 2: the account a committee transaction
  goes through.

Readings chosen here (the text is silent, and no interpretation switch exists):

* **Counting is done in the scope, the law's numbers stay in the rules.** The scope counts the
  distinct people holding each position on the day (``role_count`` facts); the rules say
  "exactly one Head", "exactly two Deputy Heads, one of them Standing", "at least one Member".
  Each defect is a reason of its own, so several can fail at once.
* **Positions are the subject of ``composition_valid``, so completeness matters.** "Exactly
  one" is a closed-world statement: the right numbers confirm the composition only on a full
  list, so a condition of its own asks that the case declare ``positions`` complete (otherwise
  *unknown*, naming that declaration, once). "Too few" fails only on a complete list (otherwise
  *unknown*); "too many" fails whatever else exists; "at least one Member" holds as soon as one
  is recorded.
* **One person, one leading position.** "01 đồng chí ... làm Trưởng ban, 02 Phó Trưởng ban"
  names distinct people: a person holding two of the three leading positions on the same day is
  a defect of its own. (Holding a leading position and also being listed as a Member is not:
  common usage counts the Head and the Deputy Heads among the members of a steering committee.)
* **The helper team is not required.** Khoản 1 lists the Tổ giúp việc in the organisation, but
  khoản 4 Điều 3 lets the committee form it "khi cần thiết" (when needed): its absence is not a
  defect, and the answer says so.
* **Offices of the UBND tỉnh.** An office of kind ``ppc_vice_chairman`` or ``ppc_chairman``
  whose agency is not stated is taken as an office of the UBND tỉnh (the office's own name says
  so). When the agency is stated, the office counts only on the days that agency exists, and only
  if it is of kind ``ppc``: a Vice-Chairman of the Kiên Giang UBND (which ceased on 30/6/2025)
  is no Vice-Chairman on 1/7/2025 (DOMAIN §E).
* **Seals.** The question is whether a document bears a seal Điều 2 allows. Khoản 3 reads "được
  đóng dấu" and khoản 2 "được sử dụng con dấu": a permission. Under interpretation point 13
  (``unsealed_document``), by default an unsealed document signed as Head or for the Standing
  office breaches nothing in Điều 2 (yes, with a warning); under ``required`` it does not bear the
  right seal (no). A seal, when used, must be the one the khoản names. The seal's agency, when
  stated, must be of the right kind (``ppc`` for the Head, ``standing_agency`` for the Standing
  office) and exist on the signing day: the Sở TT&TT's successor from 1/3/2025 (kind
  ``standing_agency``) counts, the Sở TT&TT itself no longer does. A document signed "as Head" by
  the Standing Deputy under an authorisation of the Head covering ``sign_with_ppc_seal`` counts as
  the Head's (khoản 1 Điều 6): whether the signer could sign as Head is ``authority.may_act``'s
  answer about ``sign_with_ppc_seal`` (issue 12, item 4); who is the Standing
  office follows interpretation point 7 (``standing_office``). Documents signed in other
  capacities are not applicable: the article says nothing about their seal.
* **Accounts.** Khoản 2 gives the committee the Sở TT&TT's account (the standing agency's, in
  existence on the day, successor included); a committee transaction through another agency's
  account is not allowed by it; a transaction not for the committee is not applicable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from kgrules.case import Case
from kgrules.dsl import Arg, Condition, FactType, Missing, QuestionBuilder, derivation, no
from kgrules.facts import Agency, AgencyKind, Capacity, OfficeKind, Role, Seal
from kgrules.i18n import Text
from kgrules.obligations import Audited, date_checks
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
    UNKNOWN,
    declare_in_force,
    in_force_text,
    office_facts,
    power_fact,
    role_facts,
    standing_office_paths,
)

K1, K2, K3 = (f"dieu-2/khoan-{n}" for n in range(1, 4))
D3K4 = "dieu-3/khoan-4"
D6K1 = "dieu-6/khoan-1"
PPC, STANDING_AGENCY = AgencyKind.PPC.value, AgencyKind.STANDING_AGENCY.value
VICE_CHAIRMAN = OfficeKind.PPC_VICE_CHAIRMAN.value
#: Offices whose very name makes them offices of the UBND tỉnh.
PPC_OFFICES = (OfficeKind.PPC_CHAIRMAN, OfficeKind.PPC_VICE_CHAIRMAN)
PPC_NAME = "UBND tỉnh"

# --- facts shared with Điều 13 ---------------------------------------------------------------------

#: An agency the question names (a seal's, an account's), with the days it existed (ordinals,
#: inclusive; 0 and FOREVER when open) and the name of its successor ("" if none).
AGENCY = FactType(
    "agency",
    {"id": str, "name": str, "kind": str, "first": int, "last": int, "successor": str},
)
#: An office a person holds (``offices``), with its agency's kind, name and days of existence, so
#: that a single fact says whether it is an office of a UBND tỉnh in existence on a day.


@derivation("agency_kind", clauses=["dieu-2/khoan-1", "dieu-2/khoan-3"], inputs=["office", "agency"],
            description=Text("Loại cơ quan của chức vụ; chức Chủ tịch, Phó Chủ tịch không ghi cơ "
                             "quan là của UBND tỉnh", "The kind of the office's agency; a "
                             "(Vice-)Chairman's office with no agency stated is the UBND tỉnh's"))
def _held_agency_kind(office: OfficeKind, agency: Agency | None) -> str:
    if agency is None:
        return PPC if office in PPC_OFFICES else ""
    return agency.kind.value


HELD_OFFICE = FactType(
    "held_office",
    {"person": str, "name": str, "office": str, "agency": str, "agency_name": str,
     "agency_kind": str, "first": int, "last": int, "agency_first": int, "agency_last": int,
     "successor": str},
    derivations=(_held_agency_kind,),
)


def agency_fact(case: Case, agency_id: str) -> dict[str, Any]:
    path, ag = case.by_id("agencies", agency_id)
    successor = case.agency(ag.successor).name if ag.successor is not None else ""
    return fact("agency", path, id=ag.id, name=ag.name, kind=ag.kind.value,
                first=day(ag.start), last=FOREVER if ag.end is None else day(ag.end),
                successor=successor)


def held_office_facts(case: Case, people: Iterable[str]) -> list[dict[str, Any]]:
    """The offices ``people`` hold (each person once), each with its agency's kind and days.

    An office of Chủ tịch or Phó Chủ tịch UBND tỉnh without a stated agency is the UBND tỉnh's
    (its kind says so) and is not limited by an agency's days."""
    out = []
    for person in dict.fromkeys(p for p in people if p):
        if not case.has("people", person):
            continue
        name = case.person(person).name
        for path, o in case.offices_of(person):
            src = path
            agency = None if o.agency is None else case.agency(o.agency)
            kind = HELD_OFFICE.derive("agency_kind", office=o.kind, agency=agency)
            if o.agency is None:
                agency_name, first, last, successor = (PPC_NAME if kind else ""), 0, FOREVER, ""
            else:
                apath, ag = case.by_id("agencies", o.agency)
                src = f"{path},{apath}"
                agency_name = ag.name
                first, last = day(ag.start), FOREVER if ag.end is None else day(ag.end)
                successor = case.agency(ag.successor).name if ag.successor is not None else ""
            out.append(
                fact("held_office", src, person=person, name=name, office=o.kind.value,
                     agency=ref(o.agency), agency_name=agency_name, agency_kind=kind,
                     first=day(o.start), last=FOREVER if o.end is None else day(o.end),
                     agency_first=first, agency_last=last, successor=successor)
            )
    return out


def _parse_day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


# =================================================================================================
# khoản 1 Điều 2
# > 1. Tổ chức của Ban chỉ đạo gồm: 01 đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh làm Trưởng ban,
# > 02 Phó Trưởng ban Ban Chỉ đạo (01 Phó Trưởng ban Thường trực Ban Chỉ đạo và 01 Phó Trưởng ban
# > Ban Chỉ đạo), các Thành viên và Tổ giúp việc Ban Chỉ đạo.
# =================================================================================================

#: How many distinct people hold a position (or a group of positions) on the question's day.


@derivation("n", clauses=["dieu-2/khoan-1"], inputs=["holders"], description=Text(
    "Số người giữ chức (hoặc nhóm chức) vào ngày đó, mỗi người một lần",
    "How many people hold the position (or group) that day, each counted once"))
def _holders_count(holders: set[str]) -> int:
    return len(holders)


COUNT = FactType("role_count", {"role": str, "n": int}, derivations=(_holders_count,))
#: The groups the scope counts besides the single roles.
DEPUTY_HEADS, HELPER_TEAM = "deputy_heads", "helper_team"
LEADING = (Role.HEAD, Role.STANDING_DEPUTY, Role.DEPUTY)

composition = QuestionBuilder(
    "dieu2.composition_valid",
    title=Text(
        "Ban Chỉ đạo, theo các chức vụ có hiệu lực vào ngày này, có được tổ chức đúng khoản 1 "
        "Điều 2 không?",
        "Is the committee, as constituted on this day, composed as Article 2(1) requires?",
    ),
    clauses=(K1,),
    arguments=(Arg("date", "date", Text("Ngày xem xét (YYYY-MM-DD)", "The day (YYYY-MM-DD)")),),
    conditions=(
        APPLICABLE,
        Condition("head", Text("01 Phó Chủ tịch UBND tỉnh làm Trưởng ban",
                               "One Vice-Chairman of the UBND tỉnh as Head")),
        Condition("deputy_heads", Text("02 Phó Trưởng ban", "Two Deputy Heads")),
        Condition("standing_deputy", Text("01 Phó Trưởng ban Thường trực",
                                          "One Standing Deputy Head")),
        Condition("deputy", Text("01 Phó Trưởng ban (không thường trực)",
                                 "One (non-standing) Deputy Head")),
        Condition("distinct", Text("Mỗi vị trí lãnh đạo Ban do một người khác nhau đảm nhiệm",
                                   "Each leading position held by a different person")),
        Condition("members", Text("Có các Thành viên", "There are Members")),
        Condition("helper_team", Text("Tổ giúp việc", "The helper team")),
        Condition("complete", Text("Danh sách chức vụ là đầy đủ (để xác nhận đúng số lượng)",
                                   "The positions are the full list (to confirm the numbers)")),
    ),
    evaluate={"date": str, "day": int, "in_force": bool, "positions_complete": bool,
              "offices_complete": bool},
    facts=(COUNT, ROLE, HELD_OFFICE),
    module=__name__,
    reads={"day": "arguments.date", "positions_complete": "complete.positions",
           "offices_complete": "complete.offices"},
)
e = composition.e
c, r, o = composition.var("c", COUNT), composition.var("r", ROLE), composition.var("o", HELD_OFFICE)
r2 = composition.var("r2", ROLE)


declare_in_force(composition)


@composition.scope
def _composition_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    when = _parse_day(scope.args["date"])
    holders: dict[str, set[str]] = {role.value: set() for role in Role}
    for _, pos in case.positions_on(when):
        holders[pos.role.value].add(pos.person)
    groups = {
        **holders,
        DEPUTY_HEADS: holders[Role.STANDING_DEPUTY.value] | holders[Role.DEPUTY.value],
        HELPER_TEAM: holders[Role.HELPER_LEADER.value] | holders[Role.HELPER_MEMBER.value],
    }
    # A count rests on the whole list of positions: its source is the list, not one record.
    facts = [fact("role_count", "positions", role=role, n=COUNT.derive("n", holders=people))
             for role, people in groups.items()]
    leading = sorted({p for role in LEADING for p in holders[role.value]})
    facts += role_facts(case, leading)
    facts += held_office_facts(case, sorted(holders[Role.HEAD.value]))
    return ScopeResult(
        {"date": when.isoformat(), "day": day(when), "in_force": scope.derive("in_force", day=when),
         "positions_complete": case.is_complete("positions"),
         "offices_complete": case.is_complete("offices")},
        facts,
    )


composition.rule(
    "in-force", condition="applicable", status=HOLDS, clauses=[K1],
    when=[e.in_force == True],
    because=Text("Ngày {e.day:date} Quy chế đang có hiệu lực",
                 "The regulation is in force on {e.day:date}"),
)
composition.rule(
    "before-effect", condition="applicable", status=NA, clauses=[EFFECT],
    when=[e.in_force == False], because=in_force_text(),
)

# --- 01 đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh làm Trưởng ban --------------------------------

_ON_DAY = (r.first <= e.day, r.last >= e.day)
_HEAD = (r.role == Role.HEAD.value, *_ON_DAY)
_VICE_CHAIRMAN = (o.person == r.person, o.office == VICE_CHAIRMAN, o.agency_kind == PPC,
                  o.first <= e.day, o.last >= e.day, o.agency_first <= e.day,
                  o.agency_last >= e.day)
POSITIONS_MISSING = Missing(
    "records_complete",
    Text("Khai báo danh sách chức vụ trong Ban (positions) là đầy đủ",
         "Declare the committee positions (positions) complete"),
    Text("đủ số lượng → có thể CÓ; thiếu hoặc thừa → KHÔNG",
         "the right numbers → possibly yes; too few or too many → no"),
)
composition.rule(
    "one-head", condition="head", status=HOLDS, clauses=[K1],
    when=[c.role == Role.HEAD.value, c.n == 1, *_HEAD, *_VICE_CHAIRMAN],
    because=Text("Trưởng ban vào ngày {e.day:date} là một người, {r.name} ({r.person}), giữ chức "
                 "Phó Chủ tịch {o.agency_name}",
                 "The Head on {e.day:date} was one person, {r.name} ({r.person}), a Vice-Chairman "
                 "of {o.agency_name}"),
)
composition.rule(
    "no-head", condition="head", status=FAILS, clauses=[K1],
    when=[c.role == Role.HEAD.value, c.n == 0, e.positions_complete == True],
    because=Text("Danh sách chức vụ (khai là đầy đủ) không có Trưởng ban nào vào ngày {e.day:date}",
                 "The positions (declared complete) show no Head on {e.day:date}"),
)
composition.rule(
    "no-head-recorded", condition="head", status=UNKNOWN, clauses=[K1],
    when=[c.role == Role.HEAD.value, c.n == 0, e.positions_complete == False],
    because=Text("Hồ sơ không ghi Trưởng ban nào vào ngày {e.day:date}",
                 "No Head is recorded on {e.day:date}"),
    missing=(Missing("positions", Text("Chức vụ Trưởng ban có hiệu lực vào ngày đó",
                                       "The Head's position in force that day"),
                     Text("có → có thể CÓ; khai hồ sơ đầy đủ mà không có → KHÔNG",
                          "present → possibly yes; positions declared complete without it → no")),),
)
composition.rule(
    "several-heads", condition="head", status=FAILS, clauses=[K1],
    when=[c.role == Role.HEAD.value, c.n >= 2, *_HEAD],
    because=Text("Vào ngày {e.day:date} có {c.n} người cùng giữ chức Trưởng ban; {r.name} "
                 "({r.person}) là một trong số đó (Quy chế quy định 01 Trưởng ban)",
                 "On {e.day:date} {c.n} people held the Head's position, {r.name} ({r.person}) "
                 "among them (the regulation provides for one Head)"),
)
_o2 = composition.var("nov", HELD_OFFICE)
_NO_VICE_CHAIRMAN = no(_o2, _o2.person == r.person, _o2.office == VICE_CHAIRMAN,
                       _o2.agency_kind == PPC, _o2.first <= e.day, _o2.last >= e.day,
                       _o2.agency_first <= e.day, _o2.agency_last >= e.day)
composition.rule(
    "head-not-vice-chairman", condition="head", status=FAILS, clauses=[K1],
    when=[*_HEAD, e.offices_complete == True, _NO_VICE_CHAIRMAN],
    because=Text("Trưởng ban {r.name} ({r.person}) không giữ chức Phó Chủ tịch UBND tỉnh vào ngày "
                 "{e.day:date} (hồ sơ chức vụ được khai là đầy đủ)",
                 "The Head {r.name} ({r.person}) was not a Vice-Chairman of the UBND tỉnh on "
                 "{e.day:date} (the offices are declared complete)"),
)
# The Chairman of the UBND tỉnh is not one of its Vice-Chairmen: a Head recorded as its Chairman
# that day is not "01 đồng chí Phó Chủ tịch", whether or not the offices are declared complete
# (no unrecorded office could make him a Vice-Chairman of the same UBND as well).
_CHAIRMAN = (o.person == r.person, o.office == OfficeKind.PPC_CHAIRMAN.value, o.agency_kind == PPC,
             o.first <= e.day, o.last >= e.day, o.agency_first <= e.day, o.agency_last >= e.day)
composition.rule(
    "head-ppc-chairman", condition="head", status=FAILS, clauses=[K1],
    when=[*_HEAD, *_CHAIRMAN, _NO_VICE_CHAIRMAN],
    because=Text("Trưởng ban {r.name} ({r.person}) là Chủ tịch {o.agency_name} vào ngày {e.day:date}, "
                 "không phải Phó Chủ tịch: khoản 1 Điều 2 giao chức Trưởng ban cho 01 Phó Chủ tịch "
                 "UBND tỉnh",
                 "The Head {r.name} ({r.person}) was the Chairman of {o.agency_name} on "
                 "{e.day:date}, not a Vice-Chairman: Article 2(1) gives the Head's position to a "
                 "Vice-Chairman of the UBND tỉnh"),
)
composition.rule(
    "head-office-unknown", condition="head", status=UNKNOWN, clauses=[K1],
    when=[*_HEAD, e.offices_complete == False, _NO_VICE_CHAIRMAN],
    because=Text("Không có hồ sơ cho thấy Trưởng ban {r.name} ({r.person}) giữ chức Phó Chủ tịch "
                 "UBND tỉnh vào ngày {e.day:date}",
                 "Nothing recorded shows that the Head {r.name} ({r.person}) was a Vice-Chairman "
                 "of the UBND tỉnh on {e.day:date}"),
    missing=(Missing("offices", Text("Chức vụ Phó Chủ tịch UBND tỉnh của Trưởng ban vào ngày đó",
                                     "The Head's office of Vice-Chairman of the UBND tỉnh that day"),
                     Text("có → có thể CÓ; khai hồ sơ chức vụ đầy đủ mà không có → KHÔNG",
                          "present → possibly yes; offices declared complete without it → no")),),
)

# --- 02 Phó Trưởng ban Ban Chỉ đạo (01 Phó Trưởng ban Thường trực và 01 Phó Trưởng ban) ----------

composition.rule(
    "two-deputy-heads", condition="deputy_heads", status=HOLDS, clauses=[K1],
    when=[c.role == DEPUTY_HEADS, c.n == 2],
    because=Text("Vào ngày {e.day:date} có 02 người giữ chức Phó Trưởng ban",
                 "On {e.day:date} two people were Deputy Heads"),
)
composition.rule(
    "too-few-deputy-heads", condition="deputy_heads", status=FAILS, clauses=[K1],
    when=[c.role == DEPUTY_HEADS, c.n < 2, e.positions_complete == True],
    because=Text("Vào ngày {e.day:date} chỉ có {c.n} người giữ chức Phó Trưởng ban (Quy chế quy "
                 "định 02)",
                 "On {e.day:date} the Deputy Heads numbered only {c.n} (the regulation provides "
                 "for two)"),
)
composition.rule(
    "too-few-deputy-heads-recorded", condition="deputy_heads", status=UNKNOWN, clauses=[K1],
    when=[c.role == DEPUTY_HEADS, c.n < 2, e.positions_complete == False],
    because=Text("Hồ sơ chỉ ghi {c.n} Phó Trưởng ban vào ngày {e.day:date}",
                 "The Deputy Heads recorded on {e.day:date} number only {c.n}"),
    missing=(Missing("positions", Text("Chức vụ Phó Trưởng ban có hiệu lực vào ngày đó",
                                       "The Deputy Heads' positions in force that day"),
                     Text("đủ 02 → có thể CÓ; khai hồ sơ đầy đủ mà thiếu → KHÔNG",
                          "two → possibly yes; positions declared complete with fewer → no")),),
)
composition.rule(
    "too-many-deputy-heads", condition="deputy_heads", status=FAILS, clauses=[K1],
    when=[c.role == DEPUTY_HEADS, c.n > 2],
    because=Text("Vào ngày {e.day:date} có {c.n} người giữ chức Phó Trưởng ban (Quy chế quy định "
                 "02)",
                 "On {e.day:date} the Deputy Heads numbered {c.n} (the regulation provides for "
                 "two)"),
)

#: The two kinds of Deputy Head, one of each (condition name, role, label).
ONE_OF_EACH = (
    ("standing_deputy", Role.STANDING_DEPUTY,
     Text("Phó Trưởng ban Thường trực", "Standing Deputy Head")),
    ("deputy", Role.DEPUTY, Text("Phó Trưởng ban (không thường trực)",
                                 "(non-standing) Deputy Head")),
)
for cond, role, label in ONE_OF_EACH:
    held = (r.role == role.value, *_ON_DAY)
    composition.rule(
        f"one-{cond}", condition=cond, status=HOLDS, clauses=[K1],
        when=[c.role == role.value, c.n == 1, *held],
        because=Text(f"{label.vi} vào ngày {{e.day:date}} là một người, {{r.name}} ({{r.person}})",
                     f"The {label.en} on {{e.day:date}} was one person, {{r.name}} "
                     "({r.person})"),
    )
    composition.rule(
        f"no-{cond}", condition=cond, status=FAILS, clauses=[K1],
        when=[c.role == role.value, c.n == 0, e.positions_complete == True],
        because=Text(f"Danh sách chức vụ (khai là đầy đủ) không có {label.vi} nào vào ngày "
                     "{e.day:date}",
                     f"The positions (declared complete) show no {label.en} on {{e.day:date}}"),
    )
    composition.rule(
        f"no-{cond}-recorded", condition=cond, status=UNKNOWN, clauses=[K1],
        when=[c.role == role.value, c.n == 0, e.positions_complete == False],
        because=Text(f"Hồ sơ không ghi {label.vi} nào vào ngày {{e.day:date}}",
                     f"No {label.en} is recorded on {{e.day:date}}"),
        missing=(Missing("positions", Text(f"Chức vụ {label.vi} có hiệu lực vào ngày đó",
                                           f"The {label.en}'s position in force that day"),
                         Text("có → có thể CÓ; khai hồ sơ đầy đủ mà không có → KHÔNG",
                              "present → possibly yes; positions declared complete without it "
                              "→ no")),),
    )
    composition.rule(
        f"several-{cond}", condition=cond, status=FAILS, clauses=[K1],
        when=[c.role == role.value, c.n >= 2, *held],
        because=Text(f"Vào ngày {{e.day:date}} có {{c.n}} người cùng giữ chức {label.vi}; "
                     "{r.name} ({r.person}) là một trong số đó (Quy chế quy định 01)",
                     f"On {{e.day:date}} {{c.n}} people were {label.en}, {{r.name}} ({{r.person}}) "
                     "among them (the regulation provides for one)"),
    )

# --- distinct people in the three leading positions --------------------------------------------

for first, second in ((Role.HEAD, Role.STANDING_DEPUTY), (Role.HEAD, Role.DEPUTY),
                      (Role.STANDING_DEPUTY, Role.DEPUTY)):
    composition.rule(
        f"same-person-{first.value}-{second.value}", condition="distinct", status=FAILS,
        clauses=[K1],
        when=[r.role == first.value, *_ON_DAY, r2.person == r.person, r2.role == second.value,
              r2.first <= e.day, r2.last >= e.day],
        because=Text("{r.name} ({r.person}) giữ cùng lúc hai chức {r.role_vi} và {r2.role_vi} vào "
                     "ngày {e.day:date}: khoản 1 Điều 2 giao các vị trí này cho những người khác "
                     "nhau",
                     "{r.name} ({r.person}) held both the {r.role_en} and the {r2.role_en} "
                     "positions on {e.day:date}: Article 2(1) gives these positions to different "
                     "people"),
    )
composition.rule(
    "distinct-people", condition="distinct", status=HOLDS, clauses=[K1], fallback=True,
    when=[],
    because=Text("Không ai giữ cùng lúc hai trong ba vị trí Trưởng ban, Phó Trưởng ban Thường trực, "
                 "Phó Trưởng ban vào ngày {e.day:date}",
                 "Nobody held two of the Head's, the Standing Deputy's and the Deputy's positions "
                 "on {e.day:date}"),
)

# --- các Thành viên ------------------------------------------------------------------------------

composition.rule(
    "members", condition="members", status=HOLDS, clauses=[K1],
    when=[c.role == Role.MEMBER.value, c.n >= 1],
    because=Text("Vào ngày {e.day:date} Ban Chỉ đạo có {c.n} Thành viên",
                 "On {e.day:date} the committee's Members numbered {c.n}"),
)
composition.rule(
    "no-members", condition="members", status=FAILS, clauses=[K1],
    when=[c.role == Role.MEMBER.value, c.n == 0, e.positions_complete == True],
    because=Text("Danh sách chức vụ (khai là đầy đủ) không có Thành viên nào vào ngày {e.day:date}",
                 "The positions (declared complete) show no Member on {e.day:date}"),
)
composition.rule(
    "no-members-recorded", condition="members", status=UNKNOWN, clauses=[K1],
    when=[c.role == Role.MEMBER.value, c.n == 0, e.positions_complete == False],
    because=Text("Hồ sơ không ghi Thành viên nào vào ngày {e.day:date}",
                 "No Member is recorded on {e.day:date}"),
    missing=(Missing("positions", Text("Chức vụ Thành viên có hiệu lực vào ngày đó",
                                       "Members' positions in force that day"),
                     Text("có → có thể CÓ; khai hồ sơ đầy đủ mà không có → KHÔNG",
                          "present → possibly yes; positions declared complete without any → no")),),
)

# --- và Tổ giúp việc Ban Chỉ đạo (thành lập khi cần thiết: khoản 4 Điều 3) -------------------------

composition.rule(
    "helper-team", condition="helper_team", status=HOLDS, clauses=[K1],
    when=[c.role == HELPER_TEAM, c.n >= 1],
    because=Text("Vào ngày {e.day:date} Tổ giúp việc có {c.n} người",
                 "On {e.day:date} the helper team numbered {c.n}"),
)
composition.rule(
    "no-helper-team", condition="helper_team", status=HOLDS, clauses=[K1, D3K4],
    when=[c.role == HELPER_TEAM, c.n == 0],
    because=Text("Vào ngày {e.day:date} không có Tổ giúp việc; đây không phải là thiếu sót: khoản 4 "
                 "Điều 3 cho thành lập Tổ giúp việc \"khi cần thiết\"",
                 "On {e.day:date} there was no helper team; this is not a defect: Article 3(4) "
                 "has the team formed \"when needed\""),
)

# --- "exactly": only a full list of positions can confirm it ---------------------------------------

composition.rule(
    "positions-complete", condition="complete", status=HOLDS, clauses=[K1],
    when=[e.positions_complete == True],
    because=Text("Danh sách chức vụ trong Ban được khai là đầy đủ: các con số trên là số người thực "
                 "có vào ngày {e.day:date}",
                 "The committee positions are declared complete: the numbers above are the real "
                 "numbers on {e.day:date}"),
)
composition.rule(
    "positions-not-complete", condition="complete", status=UNKNOWN, clauses=[K1],
    when=[e.positions_complete == False],
    because=Text("Danh sách chức vụ trong Ban không được khai là đầy đủ: số người giữ từng vị trí "
                 "vào ngày {e.day:date} (01 Trưởng ban, 02 Phó Trưởng ban...) chưa thể xác nhận",
                 "The committee positions are not declared complete: how many held each position "
                 "on {e.day:date} (one Head, two Deputy Heads...) cannot be confirmed"),
    missing=(POSITIONS_MISSING,),
)
COMPOSITION_VALID = composition.build()


# =================================================================================================
# khoản 2 Điều 2
# > 2. Thường trực Ban Chỉ đạo đặt tại Sở Thông tin và Truyền thông tỉnh Kiên Giang, được sử dụng
# > con dấu và tài khoản của Sở Thông tin và Truyền thông trong quan hệ công tác.
#
# khoản 3 Điều 2
# > 3. Các văn bản do Trưởng ban chỉ đạo ký được đóng dấu của Ủy ban nhân dân tỉnh Kiên Giang.
# =================================================================================================

DOCUMENT = FactType(
    "document",
    {"id": str, "signer": str, "capacity": str, "capacity_vi": str, "capacity_en": str,
     "seal": str, "seal_vi": str, "seal_en": str, "seal_agency": str, "day": int},
)
CAPACITY_LABEL = {
    Capacity.HEAD: Text("Trưởng ban", "Head"),
    Capacity.STANDING_OFFICE: Text("Thường trực Ban Chỉ đạo", "the Standing office"),
    Capacity.MEMBER: Text("Thành viên Ban Chỉ đạo", "committee member"),
    Capacity.AGENCY: Text("thủ trưởng cơ quan mình", "head of the signer's own agency"),
    Capacity.PPC: Text("thay mặt UBND tỉnh", "on behalf of the UBND tỉnh"),
    Capacity.OTHER: Text("tư cách khác", "another capacity"),
}
SEAL_LABEL = {
    Seal.PPC: Text("dấu UBND tỉnh", "the UBND tỉnh's seal"),
    Seal.STANDING_AGENCY: Text("dấu cơ quan Thường trực (Sở Thông tin và Truyền thông)",
                               "the standing agency's seal (Sở Thông tin và Truyền thông)"),
    Seal.OTHER_AGENCY: Text("dấu của một cơ quan khác", "another agency's seal"),
    Seal.NONE: Text("không đóng dấu", "no seal"),
}


@attrs.frozen
class SealRule:
    """What khoản 2 or khoản 3 requires of a document signed in one capacity."""

    capacity: Capacity
    seal: Seal
    agency_kind: str
    clause: str
    whose: Text


SEAL_RULES = (
    SealRule(Capacity.HEAD, Seal.PPC, PPC, K3, Text("UBND tỉnh", "the UBND tỉnh")),
    SealRule(Capacity.STANDING_OFFICE, Seal.STANDING_AGENCY, STANDING_AGENCY, K2,
             Text("cơ quan Thường trực (Sở Thông tin và Truyền thông, hoặc cơ quan kế thừa)",
                  "the standing agency (the Sở Thông tin và Truyền thông, or its successor)")),
)

seal = QuestionBuilder(
    "dieu2.seal_valid",
    title=Text("Văn bản này có được đóng đúng con dấu không?",
               "Does this document bear the right seal?"),
    clauses=(K2, K3),
    arguments=(Arg("document", "document", Text("Số, ký hiệu văn bản", "Document id")),),
    conditions=(
        APPLICABLE,
        Condition("signer", Text("Người ký giữ tư cách đã ghi vào ngày ký",
                                 "The signer held the stated capacity on the signing day")),
        Condition("seal", Text("Con dấu đúng quy định", "The right seal")),
    ),
    evaluate={"document": str, "in_force": bool, "offices_complete": bool,
              "reading_standing_office": str},
    facts=(DOCUMENT, AGENCY, ROLE, OFFICE, POWER),
    switches=("standing_office", "unsealed_document"),
    module=__name__,
    depends_on=(MAY_ACT,),
    reads={"offices_complete": "complete.offices",
           "reading_standing_office": "interpretation.standing_office"},
)
e, doc, ag = seal.e, seal.var("doc", DOCUMENT), seal.var("ag", AGENCY)
pw = seal.var("pw", POWER)
SIGN_AS_HEAD = "sign_with_ppc_seal"


declare_in_force(seal)


@seal.scope
def _seal_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    path, doc = case.by_id("documents", scope.args["document"])
    facts = [fact("document", path, id=doc.id, signer=doc.signed_by, capacity=doc.capacity.value,
                  capacity_vi=CAPACITY_LABEL[doc.capacity].vi,
                  capacity_en=CAPACITY_LABEL[doc.capacity].en, seal=doc.seal.value,
                  seal_vi=SEAL_LABEL[doc.seal].vi, seal_en=SEAL_LABEL[doc.seal].en,
                  seal_agency=ref(doc.seal_agency), day=day(doc.signed_on))]
    if doc.seal_agency is not None:
        facts.append(agency_fact(case, doc.seal_agency))
    # Signed as Head: whether the signer could sign with the UBND tỉnh's seal that day is
    # authority.may_act's answer about sign_with_ppc_seal (issue 12, item 4).
    if doc.capacity is Capacity.HEAD:
        facts += power_fact(scope, doc.signed_by, SIGN_AS_HEAD, doc.signed_on)
    # Signed for the Standing office: its positions and offices (standing_office_paths below).
    facts += role_facts(case, [doc.signed_by]) + office_facts(case, [doc.signed_by])
    return ScopeResult(
        {"document": doc.id, "in_force": scope.derive("in_force", day=doc.signed_on),
         "offices_complete": case.is_complete("offices"),
         "reading_standing_office": scope.settings.reading("standing_office")},
        facts,
    )


_DOC = (doc.id == e.document,)
for sr in SEAL_RULES:
    # Point 7 says who the Standing office is: every answer about a document signed for it lists
    # the switch here (``applicable`` is decisive for a "yes"; the failing rules of the signer
    # list it for a "no"), none about a document signed as Head (its signer is may_act's).
    marks = (e.i_standing_office != "",) if sr.capacity is Capacity.STANDING_OFFICE else ()
    seal.rule(
        f"signed-as-{sr.capacity.value}", condition="applicable", status=HOLDS,
        clauses=[sr.clause],
        when=[e.in_force == True, *_DOC, doc.capacity == sr.capacity.value, *marks],
        because=Text("Văn bản {doc.id} ký ngày {doc.day:date} với tư cách {doc.capacity_vi}",
                     "Document {doc.id} was signed on {doc.day:date} as {doc.capacity_en}"),
    )
seal.rule(
    "other-capacity", condition="applicable", status=NA, clauses=[K2, K3],
    when=[*_DOC, doc.capacity != Capacity.HEAD.value, doc.capacity != Capacity.STANDING_OFFICE.value],
    because=Text("Văn bản {doc.id} ký với tư cách {doc.capacity_vi}: Điều 2 chỉ quy định con dấu của "
                 "văn bản do Trưởng ban ký (khoản 3) và của Thường trực Ban Chỉ đạo (khoản 2)",
                 "Document {doc.id} was signed as {doc.capacity_en}: Article 2 only governs the seal of "
                 "documents signed by the Head (paragraph 3) and by the Standing office "
                 "(paragraph 2)"),
)
seal.rule(
    "before-effect", condition="applicable", status=NA, clauses=[EFFECT],
    when=[e.in_force == False], because=in_force_text(),
)

# --- the signer held the capacity on the signing day ---------------------------------------------

_AS_HEAD = (*_DOC, doc.capacity == Capacity.HEAD.value)
# Who may sign with the UBND tỉnh's seal (khoản 3) is authority.may_act's answer about
# sign_with_ppc_seal (issue 12, item 4): the Head in his own right, or the Standing Deputy on
# his behalf under an authorisation naming the act (khoản 1 Điều 6).
_SIGNER = (*_AS_HEAD, pw.person == doc.signer, pw.act == SIGN_AS_HEAD, pw.on == doc.day)
seal.rule(
    "signer-head", condition="signer", status=HOLDS, clauses=[K3],
    when=[*_SIGNER, pw.outcome == "yes", pw.way == "head"],
    because=Text("Ký ngày {doc.day:date}: {pw.name} ({pw.person}) là Trưởng ban "
                 "(authority.may_act: CÓ): {pw.why_vi}",
                 "Signed on {doc.day:date}: {pw.name} ({pw.person}) was the Head "
                 "(authority.may_act: yes): {pw.why_en}"),
)
seal.rule(
    "signer-standing-deputy", condition="signer", status=HOLDS, clauses=[K3, D6K1],
    when=[*_SIGNER, pw.outcome == "yes", pw.way != "head"],
    because=Text("Ký ngày {doc.day:date}: {pw.name} ({pw.person}) ký thay Trưởng ban theo ủy quyền "
                 "(authority.may_act: CÓ): {pw.why_vi}",
                 "Signed on {doc.day:date}: {pw.name} ({pw.person}) signed for the Head under an "
                 "authorisation (authority.may_act: yes): {pw.why_en}"),
)
seal.rule(
    "signer-authority-unknown", condition="signer", status=UNKNOWN, clauses=[K3],
    when=[*_SIGNER, pw.outcome == "unknown"],
    because=Text("Chưa xác định được {pw.name} ({pw.person}) có được ký văn bản với tư cách "
                 "Trưởng ban, đóng dấu của UBND tỉnh, vào ngày {doc.day:date} không (là Trưởng "
                 "ban, hoặc Phó Trưởng ban Thường trực được ủy quyền ký thay) (authority.may_act: "
                 "CHƯA XÁC ĐỊNH): {pw.why_vi}",
                 "Whether {pw.name} ({pw.person}) could sign as Head with the UBND tỉnh's seal on "
                 "{doc.day:date} is not established (authority.may_act: unknown): {pw.why_en}"),
    missing=(Missing(MAY_ACT, Text("Các dữ kiện về thẩm quyền của người ký (xem câu hỏi "
                                   "authority.may_act)", "The facts about the signer's authority "
                                   "(see authority.may_act)"),
                     Text("Trưởng ban, hoặc được ủy quyền → điều kiện đáp ứng; không → KHÔNG",
                          "the Head, or authorised → this condition holds; not → no")),),
)
seal.rule(
    "signer-not-head", condition="signer", status=FAILS, clauses=[K3], fallback=True,
    when=[*_SIGNER, pw.outcome != "yes", pw.outcome != "unknown"],
    because=Text("{doc.signer} không phải Trưởng ban, cũng không phải Phó Trưởng ban Thường trực được "
                 "ủy quyền ký thay Trưởng ban, vào ngày ký {doc.day:date} (authority.may_act: "
                 "{pw.outcome})",
                 "{doc.signer} was neither the Head nor a Standing Deputy authorised to sign for the "
                 "Head on the signing day {doc.day:date} (authority.may_act: {pw.outcome})"),
)
_AS_OFFICE = (*_DOC, doc.capacity == Capacity.STANDING_OFFICE.value)
# Signed for the Standing office: not an act of authority.may_act's vocabulary (kgrules.facts.Act),
# and deliberately so. Khoản 2 ("được sử dụng con dấu và tài khoản của Sở Thông tin và Truyền
# thông") lends the Standing office the standing agency's seal and account as means of its work;
# it gives no one a power to act for another that an authorisation could name or that someone
# could hold in another's right. The only question is whether the signer held the capacity
# stated, i.e. was the Standing office that day: the same paths (standing_office_paths, point 7)
# by which authority.may_act gives every act held by the Standing office, so the two agree.
# The holding rules read a copy of the reading (``e.reading_standing_office``), as may_act's do
# (rules/authority.py): gated on ``e.i_*`` they would make every "no" or "unknown" about the
# signer list point 7, a document signed as Head too.
for path in standing_office_paths(doc.signer, doc.day):
    gate = () if path.reading is None else (e.reading_standing_office == path.reading,)
    seal.rule(
        f"signer-office-{path.name}", condition="signer", status=HOLDS, clauses=[K2, K1],
        when=[*_AS_OFFICE, *gate, *path.when],
        because=Text("Ký ngày {doc.day:date}: " + path.because.vi,
                     "Signed on {doc.day:date}: " + path.because.en),
    )
_NOT_OFFICE = Text("{doc.signer} không phải Thường trực Ban Chỉ đạo vào ngày ký {doc.day:date}",
                   "{doc.signer} was not the Standing office on the signing day {doc.day:date}")
seal.rule(
    "signer-not-standing-office", condition="signer", status=FAILS, clauses=[K2, K1],
    fallback=True,
    when=[*_AS_OFFICE, e.i_standing_office == "standing_deputy"],
    because=Text(_NOT_OFFICE.vi + " (không phải Phó Trưởng ban Thường trực)",
                 _NOT_OFFICE.en + " (not the Standing Deputy Head)"),
)
seal.rule(
    "signer-not-standing-office-or-agency-head", condition="signer", status=FAILS,
    clauses=[K2, K1], fallback=True,
    when=[*_AS_OFFICE, e.i_standing_office == "standing_deputy_or_agency_head",
          e.offices_complete == True],
    because=Text(_NOT_OFFICE.vi + " (không phải Phó Trưởng ban Thường trực, cũng không phải Thủ "
                 "trưởng cơ quan thường trực theo hồ sơ chức vụ khai là đầy đủ)",
                 _NOT_OFFICE.en + " (neither the Standing Deputy Head nor, by the offices "
                 "declared complete, the head of the standing agency)"),
)
seal.rule(
    "signer-office-unknown", condition="signer", status=UNKNOWN, clauses=[K2, K1],
    fallback=True,
    when=[*_AS_OFFICE, e.i_standing_office == "standing_deputy_or_agency_head",
          e.offices_complete == False],
    because=Text("{doc.signer} không phải Phó Trưởng ban Thường trực vào ngày ký {doc.day:date}, và "
                 "không có hồ sơ cho thấy người này là Thủ trưởng cơ quan thường trực",
                 "{doc.signer} was not the Standing Deputy Head on the signing day {doc.day:date}, "
                 "and nothing recorded shows them heading the standing agency"),
    missing=(Missing("offices", Text("Chức vụ của người ký vào ngày ký",
                                     "The signer's office on the signing day"),
                     Text("Thủ trưởng cơ quan thường trực → có thể CÓ; khác → KHÔNG",
                          "head of the standing agency → possibly yes; otherwise → no")),),
)
seal.rule(
    "signer-other-capacity", condition="signer", status=NA, clauses=[K2, K3],
    when=[*_DOC, doc.capacity != Capacity.HEAD.value, doc.capacity != Capacity.STANDING_OFFICE.value],
    because=Text("Không xét người ký: Điều 2 không quy định về văn bản ký với tư cách {doc.capacity_vi}",
                 "The signer is not examined: Article 2 says nothing of documents signed as "
                 "{doc.capacity_en}"),
)

# --- the seal: the UBND tỉnh's (khoản 3), the standing agency's (khoản 2) -----------------------

for sr in SEAL_RULES:
    cap = sr.capacity.value
    right = (*_DOC, doc.capacity == cap, doc.seal == sr.seal.value)
    whose = sr.whose
    seal.rule(
        f"{cap}-seal", condition="seal", status=HOLDS, clauses=[sr.clause],
        when=[*right, doc.seal_agency == ""],
        because=Text(f"Văn bản {{doc.id}} mang {{doc.seal_vi}}, đúng con dấu của {whose.vi}",
                     f"Document {{doc.id}} bears {{doc.seal_en}}, the seal of {whose.en}"),
    )
    seal.rule(
        f"{cap}-seal-of-agency", condition="seal", status=HOLDS, clauses=[sr.clause],
        when=[*right, ag.id == doc.seal_agency, ag.kind == sr.agency_kind, ag.first <= doc.day,
              ag.last >= doc.day],
        because=Text(f"Văn bản {{doc.id}} mang dấu của {{ag.name}}, là {whose.vi}, đang tồn tại vào "
                     "ngày ký {doc.day:date}",
                     f"Document {{doc.id}} bears the seal of {{ag.name}}, {whose.en}, in existence on "
                     "the signing day {doc.day:date}"),
    )
    seal.rule(
        f"{cap}-wrong-seal", condition="seal", status=FAILS, clauses=[sr.clause],
        when=[*_DOC, doc.capacity == cap, doc.seal != sr.seal.value],
        because=Text(f"Văn bản {{doc.id}} ký với tư cách {{doc.capacity_vi}} phải mang dấu của "
                     f"{whose.vi}, nhưng {{doc.seal_vi}}",
                     f"Document {{doc.id}}, signed as {{doc.capacity_en}}, must bear the seal of "
                     f"{whose.en}, but has {{doc.seal_en}}"),
    )
    seal.rule(
        f"{cap}-seal-agency-of-wrong-kind", condition="seal", status=FAILS, clauses=[sr.clause],
        when=[*right, ag.id == doc.seal_agency, ag.kind != sr.agency_kind],
        because=Text(f"Con dấu trên văn bản {{doc.id}} là của {{ag.name}}, không phải của {whose.vi}",
                     f"The seal on document {{doc.id}} is that of {{ag.name}}, not of {whose.en}"),
    )
    seal.rule(
        f"{cap}-seal-agency-ceased", condition="seal", status=FAILS, clauses=[sr.clause],
        when=[*right, ag.id == doc.seal_agency, ag.kind == sr.agency_kind, ag.last < doc.day,
              ag.successor == ""],
        because=Text("Con dấu trên văn bản {doc.id} là của {ag.name}, cơ quan đã chấm dứt hoạt động "
                     "ngày {ag.last:date}, trước ngày ký {doc.day:date}",
                     "The seal on document {doc.id} is that of {ag.name}, which ceased on "
                     "{ag.last:date}, before the signing day {doc.day:date}"),
    )
    seal.rule(
        f"{cap}-seal-agency-succeeded", condition="seal", status=FAILS, clauses=[sr.clause],
        when=[*right, ag.id == doc.seal_agency, ag.kind == sr.agency_kind, ag.last < doc.day,
              ag.successor != ""],
        because=Text("Con dấu trên văn bản {doc.id} là của {ag.name}, cơ quan đã chấm dứt hoạt động "
                     "ngày {ag.last:date}, trước ngày ký {doc.day:date}; từ đó dùng dấu của cơ quan "
                     "kế thừa, {ag.successor}",
                     "The seal on document {doc.id} is that of {ag.name}, which ceased on "
                     "{ag.last:date}, before the signing day {doc.day:date}; its successor "
                     "{ag.successor} holds the seal since"),
    )
    seal.rule(
        f"{cap}-seal-agency-not-yet", condition="seal", status=FAILS, clauses=[sr.clause],
        when=[*right, ag.id == doc.seal_agency, ag.kind == sr.agency_kind, ag.first > doc.day],
        because=Text("Con dấu trên văn bản {doc.id} là của {ag.name}, cơ quan chỉ hoạt động từ ngày "
                     "{ag.first:date}, sau ngày ký {doc.day:date}",
                     "The seal on document {doc.id} is that of {ag.name}, which exists only from "
                     "{ag.first:date}, after the signing day {doc.day:date}"),
    )
    # "được đóng dấu" (khoản 3), "được sử dụng con dấu" (khoản 2): a permission. Interpretation
    # point 13 (unsealed_document): by default a document bearing no seal does not breach
    # Điều 2, which says which seal may be used, not that one must be (issue 12, item 9).
    seal.rule(
        f"{cap}-unsealed-permitted", condition="seal", status=HOLDS, clauses=[sr.clause],
        when=[*_DOC, doc.capacity == cap, doc.seal == Seal.NONE.value,
              e.i_unsealed_document == "permitted"],
        because=Text(f"Văn bản {{doc.id}} không đóng dấu; theo cách hiểu đã chọn, Điều 2 cho phép dùng "
                     f"dấu của {whose.vi} (\"được\"), không buộc phải đóng dấu",
                     f"Document {{doc.id}} bears no seal; under the chosen reading Article 2 permits "
                     f"the seal of {whose.en} (\"được\": may), it does not require one"),
        warning=Text("Văn bản {doc.id} không đóng dấu: giá trị của văn bản không đóng dấu thuộc các quy "
                     "định về công tác văn thư, ngoài Quy chế; xem cách hiểu unsealed_document",
                     "Document {doc.id} bears no seal: whether an unsealed document is valid is "
                     "for the rules on official documents, outside this regulation; see switch "
                     "unsealed_document"),
    )
seal.rule(
    "seal-other-capacity", condition="seal", status=NA, clauses=[K2, K3],
    when=[*_DOC, doc.capacity != Capacity.HEAD.value, doc.capacity != Capacity.STANDING_OFFICE.value],
    because=Text("Không xét con dấu: Điều 2 không quy định con dấu của văn bản ký với tư cách "
                 "{doc.capacity_vi}",
                 "The seal is not examined: Article 2 says nothing of the seal of documents signed "
                 "as {doc.capacity_en}"),
)
SEAL_VALID = seal.build()


# --- khoản 2: "... và tài khoản của Sở Thông tin và Truyền thông trong quan hệ công tác" -----------

TRANSACTION = FactType(
    "transaction",
    {"id": str, "day": int, "account_agency": str, "amount": int, "for_committee": bool},
)

account = QuestionBuilder(
    "dieu2.account_use_allowed",
    title=Text("Giao dịch này của Ban Chỉ đạo có được thực hiện qua tài khoản của Sở Thông tin và "
               "Truyền thông không?",
               "May this committee transaction go through the Sở Thông tin và Truyền thông's "
               "account?"),
    clauses=(K2,),
    arguments=(Arg("transaction", "transaction", Text("Mã giao dịch", "Transaction id")),),
    conditions=(
        APPLICABLE,
        Condition("account", Text("Tài khoản của cơ quan Thường trực",
                                  "The standing agency's account")),
    ),
    evaluate={"transaction": str, "in_force": bool},
    facts=(TRANSACTION, AGENCY),
    module=__name__,
)
e, t, ag = account.e, account.var("t", TRANSACTION), account.var("ag", AGENCY)


declare_in_force(account)


@account.scope
def _account_scope(scope: Scope) -> ScopeResult:
    case: Case = scope.case
    path, tx = case.by_id("transactions", scope.args["transaction"])
    facts = [fact("transaction", path, id=tx.id, day=day(tx.date),
                  account_agency=tx.account_agency, amount=tx.amount,
                  for_committee=tx.for_committee),
             agency_fact(case, tx.account_agency)]
    return ScopeResult({"transaction": tx.id, "in_force": scope.derive("in_force", day=tx.date)}, facts)


_TX = (t.id == e.transaction, ag.id == t.account_agency)
account.rule(
    "for-committee", condition="applicable", status=HOLDS, clauses=[K2],
    when=[e.in_force == True, t.id == e.transaction, t.for_committee == True],
    because=Text("Giao dịch {t.id} ngày {t.day:date} ({t.amount:money}) phục vụ công tác của Ban "
                 "Chỉ đạo",
                 "Transaction {t.id} of {t.day:date} ({t.amount:money}) was for the committee's "
                 "work"),
)
account.rule(
    "not-for-committee", condition="applicable", status=NA, clauses=[K2],
    when=[t.id == e.transaction, t.for_committee == False],
    because=Text("Giao dịch {t.id} không phục vụ công tác của Ban Chỉ đạo: khoản 2 Điều 2 chỉ nói "
                 "về tài khoản dùng trong quan hệ công tác của Ban",
                 "Transaction {t.id} was not for the committee's work: Article 2(2) only speaks of "
                 "the account used in the committee's work relations"),
)
account.rule(
    "before-effect", condition="applicable", status=NA, clauses=[EFFECT],
    when=[e.in_force == False], because=in_force_text(),
)
account.rule(
    "standing-agency-account", condition="account", status=HOLDS, clauses=[K2],
    when=[*_TX, ag.kind == STANDING_AGENCY, ag.first <= t.day, ag.last >= t.day],
    because=Text("Giao dịch {t.id} qua tài khoản của {ag.name}, cơ quan Thường trực, đang hoạt động "
                 "vào ngày {t.day:date}",
                 "Transaction {t.id} went through the account of {ag.name}, the standing agency, "
                 "in existence on {t.day:date}"),
)
account.rule(
    "other-agency-account", condition="account", status=FAILS, clauses=[K2],
    when=[*_TX, ag.kind != STANDING_AGENCY],
    because=Text("Giao dịch {t.id} qua tài khoản của {ag.name}: khoản 2 Điều 2 chỉ cho Ban Chỉ đạo "
                 "sử dụng tài khoản của Sở Thông tin và Truyền thông (cơ quan Thường trực)",
                 "Transaction {t.id} went through the account of {ag.name}: Article 2(2) only gives "
                 "the committee the account of the Sở Thông tin và Truyền thông (the standing "
                 "agency)"),
)
account.rule(
    "standing-agency-ceased", condition="account", status=FAILS, clauses=[K2],
    when=[*_TX, ag.kind == STANDING_AGENCY, ag.last < t.day, ag.successor == ""],
    because=Text("Giao dịch {t.id} ngày {t.day:date} qua tài khoản của {ag.name}, cơ quan đã chấm "
                 "dứt hoạt động ngày {ag.last:date}",
                 "Transaction {t.id} of {t.day:date} went through the account of {ag.name}, which "
                 "ceased on {ag.last:date}"),
)
account.rule(
    "standing-agency-succeeded", condition="account", status=FAILS, clauses=[K2],
    when=[*_TX, ag.kind == STANDING_AGENCY, ag.last < t.day, ag.successor != ""],
    because=Text("Giao dịch {t.id} ngày {t.day:date} qua tài khoản của {ag.name}, cơ quan đã chấm "
                 "dứt hoạt động ngày {ag.last:date}; từ đó là tài khoản của cơ quan kế thừa, "
                 "{ag.successor}",
                 "Transaction {t.id} of {t.day:date} went through the account of {ag.name}, which "
                 "ceased on {ag.last:date}; since then it is the account of its successor, "
                 "{ag.successor}"),
)
account.rule(
    "standing-agency-not-yet", condition="account", status=FAILS, clauses=[K2],
    when=[*_TX, ag.kind == STANDING_AGENCY, ag.first > t.day],
    because=Text("Giao dịch {t.id} ngày {t.day:date} qua tài khoản của {ag.name}, cơ quan chỉ hoạt "
                 "động từ ngày {ag.first:date}",
                 "Transaction {t.id} of {t.day:date} went through the account of {ag.name}, which "
                 "exists only from {ag.first:date}"),
)
ACCOUNT_USE_ALLOWED = account.build()

QUESTIONS = (COMPOSITION_VALID, SEAL_VALID, ACCOUNT_USE_ALLOWED)


# =================================================================================================
# The year's audit: what it asks of each question (kgrules.obligations)
# =================================================================================================

AUDIT = {
    COMPOSITION_VALID.id: Audited("organisation", date_checks(COMPOSITION_VALID.id), lane=None),
    SEAL_VALID.id: Audited("organisation"),
    ACCOUNT_USE_ALLOWED.id: Audited("spending"),
}
