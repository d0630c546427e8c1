"""What several articles share: the flat fact types, and the ways of acting as the Head.

Trưởng ban (the Head) holds most of the committee's powers in his own right (Điều 5); the Phó
Trưởng ban Thường trực (Standing Deputy Head) acts for him "khi được ủy quyền", under an
authorisation (khoản 1 Điều 6). :func:`head_paths` spells those ways out once, as patterns, so
every rule that asks "was this done by the Head?" shows the same chain of authority.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from kgrules.calendar import WorkingCalendar
from kgrules.case import MAX_RECORDS, Case
from kgrules.decision import Decision, Outcome, Reason
from kgrules.dsl import (
    Absent,
    Condition,
    FactType,
    FieldRef,
    QuestionBuilder,
    Status,
    Test,
    Var,
    derivation,
)
from kgrules.facts import AgencyKind, OfficeKind, Role
from kgrules.i18n import Text, ordinal_en
from kgrules.params import (
    MEETING_WINDOW_FIRST_DAY,
    MEETING_WINDOW_LAST_DAY,
    REPORT_DEADLINE_DAY,
    SIGNED,
    effective_date,
    in_force,
)
from kgrules.scope import PerCase, Scope, SharedFact, day, fact

FOREVER = dt.date.max.toordinal()

# What every article module says in its rules: the statuses, the effective-date clause, and
# the condition that the regulation governs the case at all.
HOLDS, FAILS = Status.HOLDS, Status.FAILS
UNKNOWN, NA = Status.UNKNOWN, Status.NOT_APPLICABLE
EFFECT = "qd/hieu-luc"
APPLICABLE = Condition("applicable", Text("Quy định được áp dụng", "The rule applies"))

#: A committee position held from ``first`` to ``last`` (ordinals, inclusive).
ROLE = FactType(
    "role",
    {"person": str, "name": str, "role": str, "role_vi": str, "role_en": str, "first": int,
     "last": int},
)


@derivation("signed", clauses=["dieu-6/khoan-1"], inputs=["signed_on", "valid_from"],
            description=Text("Ngày ký ủy quyền; không ghi thì ngày bắt đầu hiệu lực",
                             "The day the authorisation was signed; otherwise its first day"))
def _authz_signed(signed_on: dt.date | None, valid_from: dt.date) -> int:
    return day(signed_on or valid_from)


#: One act covered by an authorisation (ủy quyền), one fact per act.
AUTHZ = FactType(
    "authz",
    {"id": str, "grantor": str, "grantee": str, "act": str, "first": int, "last": int,
     "signed": int},
    derivations=(_authz_signed,),
)


@derivation("first", clauses=["dieu-2/khoan-1"], inputs=["start", "agency_start"],
            description=Text("Ngày đầu giữ chức, không sớm hơn ngày cơ quan được thành lập",
                             "The office's first day, not before its agency existed"))
def _office_first(start: dt.date, agency_start: dt.date | None) -> int:
    return day(start) if agency_start is None else max(day(start), day(agency_start))


@derivation("last", clauses=["dieu-2/khoan-1"], inputs=["end", "agency_end"],
            description=Text("Ngày cuối giữ chức, không muộn hơn ngày cơ quan chấm dứt",
                             "The office's last day, not after its agency ended"))
def _office_last(end: dt.date | None, agency_end: dt.date | None) -> int:
    last = FOREVER if end is None else day(end)
    return last if agency_end is None else min(last, day(agency_end))


#: An office a person holds outside the committee (Phó Chủ tịch UBND tỉnh, Giám đốc Sở, ...),
#: with the kind of its agency, from ``first`` to ``last`` (ordinals, inclusive).
OFFICE = FactType(
    "office",
    {"person": str, "name": str, "office": str, "agency": str, "agency_kind": str, "first": int,
     "last": int},
    derivations=(_office_first, _office_last),
)


@derivation("working_day", clauses=["dieu-10/doan-1"], inputs=["calendar", "on"],
            description=Text("Ngày họp là ngày làm việc theo lịch", "The meeting day is a working day"))
def _working_day(calendar: WorkingCalendar, on: dt.date) -> bool:
    return calendar.day_off_name(on) is None


@derivation("day_off", clauses=["dieu-10/doan-1"], inputs=["calendar", "on"],
            description=Text("Tên ngày nghỉ trùng ngày họp, nếu có",
                             "The day off the meeting falls on, if any"))
def _day_off(calendar: WorkingCalendar, on: dt.date) -> str:
    return calendar.day_off_name(on) or ""


MEETING = FactType(
    "meeting",
    {"id": str, "kind": str, "day": int, "held": bool, "working_day": bool, "day_off": str},
    derivations=(_working_day, _day_off),
)

#: Who "các Thành viên Ban" are, under each reading of interpretation point 1
#: (``attendance_scope``): one reading of the phrase, shared by đoạn 5 Điều 10 (who must attend)
#: and Điều 11 (who reports, who is owed the meeting documents).
BOUND_ROLES = {
    "all_but_head": (Role.STANDING_DEPUTY, Role.DEPUTY, Role.MEMBER),
    "members_only": (Role.MEMBER,),
}

ROLE_LABEL = {
    Role.HEAD: Text("Trưởng ban", "Head"),
    Role.STANDING_DEPUTY: Text("Phó Trưởng ban Thường trực", "Standing Deputy Head"),
    Role.DEPUTY: Text("Phó Trưởng ban", "Deputy Head"),
    Role.MEMBER: Text("Thành viên", "Member"),
    Role.HELPER_LEADER: Text("Tổ trưởng Tổ giúp việc", "helper-team leader"),
    Role.HELPER_MEMBER: Text("Tổ viên Tổ giúp việc", "helper-team member"),
}


def role_facts(case: Case, people: Iterable[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for person in dict.fromkeys(p for p in people if p):
        made = _roles_made.get(case, person)
        if made is None:
            if not case.has("people", person):
                continue
            made = _roles_of(case, person)
            _roles_made.put(case, person, made)
        out += made
    return out


#: Each person's ``role`` facts, made once per loaded case (a person's positions never change
#: in a Case) and handed to every ask as the same read-only objects (``SharedFact``: checked
#: and encoded once): one entry per person of the case at most. (Lower case, as ``_power_made``: an
#: UPPER_CASE global of a rule module is a table, which the rules' version digests.)
_roles_made: PerCase[str, tuple[SharedFact, ...]] = PerCase(MAX_RECORDS)


def _roles_of(case: Case, person: str) -> tuple[SharedFact, ...]:
    name = case.person(person).name
    return tuple(
        SharedFact(fact("role", path, person=person, name=name, role=pos.role.value,
             role_vi=ROLE_LABEL[pos.role].vi, role_en=ROLE_LABEL[pos.role].en,
             first=day(pos.start), last=FOREVER if pos.end is None else day(pos.end)))
        for path, pos in case.positions_of(person))


def office_facts(case: Case, people: Iterable[str]) -> list[dict[str, Any]]:
    """The offices ``people`` hold (each once), with their agency's kind, each limited to the
    days its agency existed (the Sở TT&TT ended on 28/2/2025; its successor took over)."""
    out = []
    for person in dict.fromkeys(p for p in people if p):
        if not case.has("people", person):
            continue
        name = case.person(person).name
        for path, o in case.offices_of(person):
            agency = None if o.agency is None else case.agency(o.agency)
            kind = "" if agency is None else agency.kind.value
            # An office lasts no longer than its agency.
            first = OFFICE.derive("first", start=o.start,
                                  agency_start=None if agency is None else agency.start)
            last = OFFICE.derive("last", end=o.end,
                                 agency_end=None if agency is None else agency.end)
            out.append(
                fact("office", path, person=person, name=name, office=o.kind.value,
                     agency=o.agency or "", agency_kind=kind, first=first, last=last)
            )
    return out


def authority_facts(
    case: Case, people: Iterable[str], grantees: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Role facts of ``people``, and authorisations held by ``grantees`` with their grantors' roles.

    Each person's positions appear once, however many ways the scope needed them.
    """
    out: list[dict[str, Any]] = []
    everyone = list(people)
    for grantee in dict.fromkeys(g for g in grantees if g):
        if not case.has("people", grantee):
            continue
        for path, a in case.authorisations_to(grantee):
            everyone.append(a.grantor)
            for act in a.acts:
                out.append(
                    fact("authz", path, id=a.id, grantor=a.grantor, grantee=a.grantee,
                         act=act.value, first=day(a.valid_from),
                         last=FOREVER if a.valid_to is None else day(a.valid_to),
                         signed=AUTHZ.derive("signed", signed_on=a.signed_on,
                                             valid_from=a.valid_from))
                )
    return out + role_facts(case, everyone)


def meeting_fact(case: Case, meeting_id: str, calendar: WorkingCalendar) -> dict[str, Any]:
    path, m = case.by_id("meetings", meeting_id)
    return fact("meeting", path, id=m.id, kind=m.kind.value, day=day(m.date), held=m.held,
                working_day=MEETING.derive("working_day", calendar=calendar, on=m.date),
                day_off=MEETING.derive("day_off", calendar=calendar, on=m.date))


#: khoản 1 Điều 6: the Standing Deputy acts for the Head under an authorisation.
AUTHORISATION = "dieu-6/khoan-1"
#: khoản 2 Điều 2: the standing agency (Sở TT&TT) hosts the Standing office.
STANDING_AGENCY = "dieu-2/khoan-2"


@attrs.frozen
class Path:
    """One way of holding a power: the patterns to add, how to say it, the clauses that give
    this way besides the rule's own (cited by every rule using it), and the reading of point 7
    (``standing_office``) under which it counts, if only one does."""

    name: str
    when: tuple[Test | Absent | Var, ...]
    because: Text
    clauses: tuple[str, ...] = ()
    reading: str | None = None


def head_paths(
    actor: FieldRef, on: FieldRef, act: str, *, deputy: bool = True, anyone: bool = False,
    suffix: str = "",
) -> list[Path]:
    """The ways ``actor`` may do ``act`` of the Head on day ``on``.

    Own right: ``actor`` holds the Head's position that day. Under authorisation (khoản 1
    Điều 6): ``actor`` is the Standing Deputy that day and holds an authorisation covering
    ``act``, in force that day, granted by someone who was the Head when signing it. With
    ``anyone`` the Standing-Deputy requirement is dropped (a wider reading of SPEC point 3).
    """
    r, d = Var(f"r{suffix}", ROLE), Var(f"d{suffix}", ROLE)
    a, h = Var(f"a{suffix}", AUTHZ), Var(f"h{suffix}", ROLE)
    own = Path(
        "head",
        (r.person == actor, r.role == Role.HEAD.value, r.first <= on, r.last >= on),
        Text(f"{{r{suffix}.name}} ({{r{suffix}.person}}) giữ chức Trưởng ban vào ngày đó",
             f"{{r{suffix}.name}} ({{r{suffix}.person}}) was the Head on that day"),
    )
    chain = (
        a.grantee == actor, a.act == act, a.first <= on, a.last >= on,
        h.person == a.grantor, h.role == Role.HEAD.value, h.first <= a.signed,
        h.last >= a.signed,
    )
    chain_text = Text(
        f"theo ủy quyền {{a{suffix}.id}} của Trưởng ban {{h{suffix}.name}} (ký ngày "
        f"{{a{suffix}.signed:date}}, hiệu lực {{a{suffix}.first:date}}–{{a{suffix}.last:date}}) "
        "bao gồm việc này",
        f"under authorisation {{a{suffix}.id}} from the Head {{h{suffix}.name}} (signed "
        f"{{a{suffix}.signed:date}}, in force {{a{suffix}.first:date}}–{{a{suffix}.last:date}}) "
        "covering this act",
    )
    paths = [own]
    if deputy:
        paths.append(
            Path(
                "standing-deputy",
                (d.person == actor, d.role == Role.STANDING_DEPUTY.value, d.first <= on,
                 d.last >= on, *chain),
                Text(f"{{d{suffix}.name}} là Phó Trưởng ban Thường trực, " + chain_text.vi,
                     f"{{d{suffix}.name}} was the Standing Deputy Head, " + chain_text.en),
                clauses=(AUTHORISATION,),
            )
        )
    if anyone:
        paths.append(
            Path("authorised", chain,
                 Text(f"{{a{suffix}.grantee}} hành động " + chain_text.vi,
                      f"{{a{suffix}.grantee}} acted " + chain_text.en),
                 clauses=(AUTHORISATION,))
        )
    return paths


def standing_office_paths(actor: FieldRef, on: FieldRef, suffix: str = "") -> list[Path]:
    """The ways ``actor`` acts as the Thường trực Ban Chỉ đạo (Standing office) on day ``on``.

    Always the Phó Trưởng ban Thường trực (Standing Deputy Head); under the wider reading of
    interpretation point 7 (switch ``standing_office``), also the head of the standing agency
    (the Giám đốc Sở TT&TT, or of its successor), whose agency hosts the office (khoản 2
    Điều 2). A question using these paths declares the switch ``standing_office``.
    """
    d, o = Var(f"sd{suffix}", ROLE), Var(f"so{suffix}", OFFICE)
    deputy = Path(
        "standing-deputy",
        (d.person == actor, d.role == Role.STANDING_DEPUTY.value, d.first <= on, d.last >= on),
        Text(f"{{sd{suffix}.name}} là Phó Trưởng ban Thường trực, tức Thường trực Ban Chỉ đạo",
             f"{{sd{suffix}.name}} was the Standing Deputy Head, i.e. the Standing office"),
    )
    head_of_agency = Path(
        "standing-agency-head",
        (o.person == actor, o.office == OfficeKind.AGENCY_HEAD.value,
         o.agency_kind == AgencyKind.STANDING_AGENCY.value, o.first <= on, o.last >= on),
        Text(f"{{so{suffix}.name}} là Thủ trưởng cơ quan thường trực ({{so{suffix}.agency}}); theo "
             "cách hiểu đã chọn, người này cũng là Thường trực Ban Chỉ đạo",
             f"{{so{suffix}.name}} headed the standing agency ({{so{suffix}.agency}}); under the "
             "chosen reading, also the Standing office"),
        clauses=(STANDING_AGENCY,),
        reading="standing_deputy_or_agency_head",
    )
    return [deputy, head_of_agency]


def standing_office_gate(path: Path, e: Var) -> tuple[Test, ...]:
    """The reading of point 7 under which ``path`` makes someone the Standing office."""
    if path.reading is not None:
        return (e.i_standing_office == path.reading,)
    return (e.i_standing_office != "",)


_nth = ordinal_en


#: The days of the regulation's text as the explanations write them, rendered from the dated
#: parameters in force when it was signed (an amendment is a new dated value: docs/design.md).
WINDOW_FIRST, WINDOW_LAST = MEETING_WINDOW_FIRST_DAY.at(SIGNED), MEETING_WINDOW_LAST_DAY.at(SIGNED)
WINDOW_VI, WINDOW_EN = f"{WINDOW_FIRST}–{WINDOW_LAST}", f"{_nth(WINDOW_FIRST)}–{_nth(WINDOW_LAST)}"
REPORT_DAY = REPORT_DEADLINE_DAY.at(SIGNED)
REPORT_DAY_EN = _nth(REPORT_DAY)

#: The effective date as the explanations write it, rendered from the dated parameter.
EFFECTIVE_VI = f"{effective_date().day}/{effective_date().month}/{effective_date().year}"
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
EFFECTIVE_EN = (f"{effective_date().day} {_MONTHS_EN[effective_date().month - 1]} "
                f"{effective_date().year}")


def regulation_in_force(day: dt.date) -> bool:
    """Whether the regulation governs what happened on ``day`` (from its effective date)."""
    return in_force(day)


def declare_in_force(question: QuestionBuilder) -> None:
    """The question's ``in_force`` field, a derivation: the effective date (Quyết định 1507,
    "có hiệu lực kể từ ngày ký") applied to the day the question is about."""
    question.derive("in_force", clauses=[EFFECT], inputs=["day"], description=Text(
        f"Quy chế có hiệu lực vào ngày đó (từ ngày {EFFECTIVE_VI})",
        f"The regulation governs that day (from {EFFECTIVE_EN})"))(regulation_in_force)


def in_force_text() -> Text:
    return Text(
        f"Quy chế có hiệu lực từ ngày {EFFECTIVE_VI} (ngày ký Quyết định 1507/QĐ-UBND)",
        f"The regulation is in force from {EFFECTIVE_EN} (the day Decision 1507 was signed)",
    )


# -------------------------------------------------------------------------------------------------
# One source of truth for who may act for whom (issue 12, item 4): a question that asks whether a
# person could do an act (request written opinions, decide, convene, invite, request an ad hoc
# report) declares ``depends_on=(MAY_ACT,)`` and reads the answer of ``authority.may_act`` about
# that person, act and day as a ``power`` fact, so the two can never disagree.
# -------------------------------------------------------------------------------------------------

MAY_ACT = "authority.may_act"


@derivation("way", clauses=["dieu-5/khoan-2", "dieu-6/khoan-1"], inputs=["holding_rule"],
            description=Text("Cách người đó có thẩm quyền, theo quy tắc của authority.may_act đã "
                             "cho CÓ (\"head\": tự mình là Trưởng ban; \"standing_deputy\": thay "
                             "mặt Trưởng ban theo ủy quyền; …); trống khi không phải CÓ, trừ "
                             "khi câu trả lời là KHÔNG ÁP DỤNG vì Quy chế chưa có hiệu lực mà "
                             "điều kiện thẩm quyền vẫn đáp ứng",
                             "The way the person held the act, as authority.may_act's holding "
                             "rule names it (\"head\": in the Head's own right; "
                             "\"standing_deputy\": on the Head's behalf under an authorisation; "
                             "…); empty when the answer is not yes, except a not_applicable "
                             "answer (the regulation not yet in force) whose power condition "
                             "holds"))
def _power_way(holding_rule: str | None) -> str:
    # may_act's holding rules are "authority.may_act/<act>.<way>[@reading]" (rules/authority.py).
    if holding_rule is None:
        return ""
    return holding_rule.partition("/")[2].partition(".")[2].partition("@")[0]


@derivation("why_vi", clauses=["dieu-5/khoan-2", "dieu-6/khoan-1"], inputs=["reasons"],
            description=Text("Lý do (tiếng Việt) của authority.may_act cho câu trả lời này",
                             "authority.may_act's reasons for this answer, in Vietnamese"))
def _power_why_vi(reasons: Sequence[Reason]) -> str:
    return "; ".join(r.explanation.vi for r in reasons)


@derivation("why_en", clauses=["dieu-5/khoan-2", "dieu-6/khoan-1"], inputs=["reasons"],
            description=Text("Lý do (tiếng Anh) của authority.may_act cho câu trả lời này",
                             "authority.may_act's reasons for this answer, in English"))
def _power_why_en(reasons: Sequence[Reason]) -> str:
    return "; ".join(r.explanation.en for r in reasons)


#: The answer of ``authority.may_act`` (yes / no / unknown / not_applicable) about one person,
#: act and day (``outcome``: the declared dependency's answer). ``name`` lets a reason name the
#: person "name (id)". A "yes" gives one fact per way the person held the act, ``way`` naming it
#: as may_act's holding rule does ("head", "standing_deputy" on the Head's behalf,
#: "standing_office-standing-deputy", …): the Head's final say (khoản 1 Điều 4) is his own right
#: alone, and a reason says which way. ``why_vi`` / ``why_en`` are may_act's reasons, so the
#: chain of authority stays in view. ``way`` and ``why_*`` are declared derivations.
POWER = FactType("power", {"person": str, "name": str, "act": str, "on": int, "outcome": str,
                           "way": str, "why_vi": str, "why_en": str},
                 derivations=(_power_way, _power_why_vi, _power_why_en))


def power_fact(scope: Scope, person: str | None, act: str, on: dt.date | None) -> list[dict[str, Any]]:
    """The ``power`` facts for ``person`` doing ``act`` on ``on``: none when either is unrecorded
    or the person is not in the case (the question's own rules say what is missing)."""
    if not person or on is None or not scope.case.has("people", person):
        return []
    store = None if scope.kept is None else scope.kept()
    key = (MAY_ACT, person, act, on)
    made = None if store is None else store.get(key)
    if made is None:
        made = _power_made_from(scope, person, act, on)
        if store is not None:
            if len(store) >= _power_kept:
                store.clear()
            store[key] = made
    return list(made)


#: At most this many (person, act, day) of power facts kept in one ``Scope.kept`` map (then
#: forgotten at once; a miss costs what every ask cost before): with the catalogue's four maps
#: a case, no more than the 1,024 dependency answers it keeps. (Lower case, as
#: ``_power_made``: not a table of the rules.)
_power_kept = 256


def _power_made_from(scope: Scope, person: str, act: str, on: dt.date
                     ) -> tuple[SharedFact, ...]:
    """:func:`power_fact`'s facts (read-only, handed to every ask as they are) from
    ``authority.may_act``'s answer."""
    answer = scope.dependency(MAY_ACT, person=person, act=act, date=on.isoformat())
    case, about = scope.case, (person, act, on)
    kept = _power_made.get(id(answer))
    if kept is None or kept[0]() is not answer or kept[1]() is not case or kept[2] != about:
        made = tuple(map(SharedFact, _power_facts(case, answer, person, act, on)))
        _keep(answer, case, about, made)
    else:
        made = kept[3]
    return made


#: The ``power`` facts made from one answer of ``authority.may_act``, by the answer object: the
#: dependency kept per loaded case (or shared in a batch) is the very same Decision on every ask
#: about one person, act and day, so its facts (and their prose, rendered once when first read)
#: are made once, not on every ask. Weak references: an entry leaves with its answer and keeps
#: neither the answer nor its case alive. Each ask gets the same read-only facts
#: (``SharedFact``), which the engine checks and encodes once.
_power_made: dict[int, tuple[weakref.ref[Decision], weakref.ref[Case], tuple[str, str, dt.date],
                       tuple[SharedFact, ...]]] = {}


def _keep(answer: Decision, case: Case, about: tuple[str, str, dt.date],
          made: tuple[SharedFact, ...]) -> None:
    key = id(answer)

    def gone(ref: weakref.ref[Decision]) -> None:
        kept = _power_made.get(key)
        if kept is not None and kept[0] is ref:
            _power_made.pop(key, None)

    _power_made[key] = (weakref.ref(answer, gone), weakref.ref(case), about, made)


def _power_facts(case: Case, answer: Decision, person: str, act: str,
                 on: dt.date) -> list[dict[str, Any]]:
    """:func:`power_fact` made from ``answer``, may_act's answer about ``person``, ``act``
    and ``on`` in ``case``."""
    common = {"person": person, "name": case.person(person).name, "act": act,
              "on": day(on), "outcome": answer.outcome.value}
    decisive = [r for r in answer.reasons if r.condition == "power" and r.decisive]

    def src(reasons: list[Reason]) -> str:
        # The answer's own records (positions, the authorisation and its grantor's position)
        # stay among the facts a reason relied on, after the dependency's name.
        return ",".join(dict.fromkeys([MAY_ACT, *(f for r in reasons for f in r.facts)]))

    def power(way: str, reasons: list[Reason]) -> dict[str, Any]:
        # may_act's reasons in prose, rendered when a reason quoting them is read.
        return fact("power", src(reasons), **common, way=way,
                    why_vi=POWER.derive_later("why_vi", reasons=reasons),
                    why_en=POWER.derive_later("why_en", reasons=reasons))

    if answer.outcome is Outcome.NOT_APPLICABLE:
        # Before the regulation took effect may_act answers not_applicable; its power condition
        # still says who held the act that day, which a question about a record made then and
        # relied on later (a helper-team appointment) reads: ``way`` names it.
        held = [r for r in answer.reasons if r.condition == "power" and r.status is Status.HOLDS]
        if not held:
            return [power(POWER.derive("way", holding_rule=None), decisive)]
        decisive = held
    elif answer.outcome is not Outcome.YES:
        return [power(POWER.derive("way", holding_rule=None), decisive)]
    ways: dict[str, list[Reason]] = {}
    for r in decisive:
        ways.setdefault(POWER.derive("way", holding_rule=r.rule), []).append(r)
    return [power(way, found) for way, found in sorted(ways.items())]


def power_facts(scope: Scope, act: str,
                holders: Iterable[tuple[str | None, dt.date | None]]) -> list[dict[str, Any]]:
    """The ``power`` facts of every (person, day) among ``holders``, each pair once: a fact
    repeated would only repeat the reasons it gives (a thousand consents by one person over
    25 days are 25 facts, not a thousand)."""
    out: list[dict[str, Any]] = []
    for person, on in dict.fromkeys(holders):
        out += power_fact(scope, person, act, on)
    return out
