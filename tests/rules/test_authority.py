"""authority.may_act and its act table (rules/authority.py; docs/authority.md).

The table: every act has a holder, the delegation of khoản 1 Điều 6 reaches exactly the Head's own
acts but its exceptions, and docs/authority.md is generated from it. The acts of Điều 2 and 9–13:
the office holders (Sở Tài chính, UBND tỉnh, Chairman, the head of a helper's agency), the Standing
office under both readings of interpretation point 7, consent to a substitute under every reading
of point 3, attendance never delegated. Unknown when a person's positions or offices that day are
not recorded; not applicable before 23/6/2008. Hypothesis properties: nobody but the Head, or the
Standing Deputy under an authorisation in force (or, for consent only, as point 3 reads it), ever
holds the Head's acts; the Head always holds them; attendance is never delegated. Every answer is
computed by durable_rules and by the oracle, which must agree (``both``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kgrules.rules.authority import HEAD_ACTS, TABLE, powers_of
from kgrules.rules.dieu4 import Basis, Holder

import kgrules
from kgrules.case import Case
from kgrules.catalogue import question
from kgrules.decision import Decision
from kgrules.docs_gen import authority_page
from kgrules.dsl import Ref
from kgrules.errors import ArgumentError
from kgrules.examples import load_example
from kgrules.facts import Act, Role
from kgrules.interpretations import SWITCHES
from kgrules.testing import committee_cases, interpretations
from tests.builders import (
    DEP,
    HEAD,
    HL,
    HM,
    M1,
    ORACLE,
    SD,
    X1,
    X2,
    CaseBuilder,
    both,
    check,
    committee,
    missing,
    reason,
    used,
)

YES, NO, UNKNOWN, NA = "yes", "no", "unknown", "not_applicable"
MAY = "authority.may_act"
EFFECT = "qd/hieu-luc"
K23, K61 = "dieu-2/khoan-3", "dieu-6/khoan-1"
K91, K92, K93 = (f"dieu-9/khoan-{n}" for n in range(1, 4))
D102, D103, D104, D105 = (f"dieu-10/doan-{n}" for n in range(2, 6))
D111, D121, D123, D131 = "dieu-11/doan-1", "dieu-12/doan-1", "dieu-12/doan-3", "dieu-13/doan-1"
DAY = "2009-03-26"
WIDE = {"standing_office": "standing_deputy_or_agency_head"}
DOCS = Path(__file__).resolve().parents[2] / "docs"
#: The acts only the Head holds in his own right and nobody holds by the text alone: the rest of
#: HEAD_ACTS (inspect_members) is also given by its own clauses to others (the Standing Deputy,
#: khoản 2 Điều 6; the Deputy, jointly, khoản 2 Điều 7).
HEADS_ALONE = (
    Act.DECIDE_MATTERS, Act.ASSIGN_DUTIES, Act.CHAIR_CONFERENCES, Act.CONVENE_MEETING,
    Act.INVITE_ATTENDEES, Act.REQUEST_WRITTEN_OPINIONS, Act.CONSENT_SUBSTITUTE,
    Act.REQUEST_ADHOC_REPORT, Act.SIGN_WITH_PPC_SEAL,
)
STANDING_OFFICE_ACTS = {
    Act.FORM_HELPER_TEAM: K92,
    Act.PREPARE_ESTIMATE: D121,
    Act.DECIDE_EXPENDITURE: D123,
    Act.SETTLE_ACCOUNTS: D123,
}
# People of administration(): the Chairman, the finance director and his deputy, the director of
# another department, the director of the standing agency who is not the Standing Deputy.
CHAIR, FIN, FIN2, DIR, DIC = "CT", "GTC", "PGTC", "GNV", "GTT"


def may(case: Case, person: str, act: Act | str, date: str = DAY, **kw: Any) -> Decision:
    return both(MAY, case, person=person, act=Act(act).value, date=date, **kw)


def administration(b: CaseBuilder | None = None) -> CaseBuilder:
    """A committee with the agencies and offices Điều 2, 9, 12 and 13 speak of."""
    b = b or committee()
    b.person(CHAIR, "Tạ Minh Quang").person(FIN, "Giám đốc Sở Tài chính")
    b.person(FIN2, "Phó Giám đốc Sở Tài chính").person(DIR, "Giám đốc Sở Nội vụ")
    b.person(DIC, "Giám đốc Sở TT&TT")
    b.records["agencies"] += [
        {"id": "UBND", "name": "UBND tỉnh Kiên Giang", "kind": "ppc"},
        {"id": "STTTT", "name": "Sở Thông tin và Truyền thông", "kind": "standing_agency"},
        {"id": "STC", "name": "Sở Tài chính", "kind": "finance"},
        {"id": "SNV", "name": "Sở Nội vụ", "kind": "department"},
    ]
    b.records["offices"] += [
        {"person": CHAIR, "kind": "ppc_chairman", "agency": "UBND", "start": "2004-06-01"},
        {"person": HEAD, "kind": "ppc_vice_chairman", "agency": "UBND", "start": "2004-06-01"},
        {"person": FIN, "kind": "agency_head", "agency": "STC", "start": "2005-01-01"},
        {"person": FIN2, "kind": "agency_deputy_head", "agency": "STC", "start": "2005-01-01"},
        {"person": DIR, "kind": "agency_head", "agency": "SNV", "start": "2005-01-01"},
        {"person": DIC, "kind": "agency_head", "agency": "STTTT", "start": "2005-01-01"},
        {"person": SD, "kind": "agency_deputy_head", "agency": "STTTT", "start": "2005-01-01"},
    ]
    return b


# =================================================================================================
# The table and its page
# =================================================================================================


def test_every_act_has_a_holder_and_rules() -> None:
    rules = question(MAY).rules
    for act in Act:
        assert [p for p in powers_of(act) if p.basis is not Basis.HELPS], act
        assert any(r.id.startswith(f"{MAY}/{act.value}.") and r.status.value == "holds"
                   for r in rules), act


def test_delegation_reaches_the_heads_own_acts_but_its_exceptions() -> None:
    # assign_helper_tasks, direct_helper_team: the Head's own only under
    # head_directs_helpers=head_too (point 10).
    assert set(HEAD_ACTS) == {*HEADS_ALONE, Act.INSPECT_MEMBERS, Act.ASSIGN_HELPER_TASKS,
                              Act.DIRECT_HELPER_TEAM}
    behalf = {p.act for p in TABLE if p.holder is Holder.STANDING_DEPUTY
              and p.basis is Basis.ON_BEHALF}
    own = {p.act for p in TABLE if p.holder is Holder.STANDING_DEPUTY
           and p.basis is Basis.OWN_RIGHT}
    assert behalf == set(HEAD_ACTS) - {Act.INSPECT_MEMBERS, Act.ASSIGN_HELPER_TASKS,
                                       Act.DIRECT_HELPER_TEAM}
    assert own == {Act.INSPECT_MEMBERS, Act.DIRECT_HELPER_TEAM, Act.ASSIGN_HELPER_TASKS,
                   Act.PROPOSE_EXTRAORDINARY_MEETING}
    consent = {(p.holder, p.readings) for p in powers_of(Act.CONSENT_SUBSTITUTE)
               if p.basis is Basis.ON_BEHALF}
    assert consent == {
        (Holder.STANDING_DEPUTY, (("consent_by_deputy", ("with_authorisation", "any_authorised")),)),
        (Holder.AUTHORISED, (("consent_by_deputy", ("any_authorised",)),)),
    }
    # Declared twice (khoản 1 Điều 4 and khoản 2 Điều 5): one row, both clauses.
    head = [p for p in powers_of(Act.DECIDE_MATTERS) if p.holder is Holder.HEAD]
    assert len(head) == 1 and head[0].clauses == ("dieu-4/khoan-1", "dieu-5/khoan-2")


def test_authority_page_is_up_to_date() -> None:
    page = (DOCS / "authority.md").read_text(encoding="utf-8")
    assert page == authority_page() + "\n", "regenerate: python -m kgrules.docs_gen --committed"
    for act in Act:
        assert f"`{act.value}`" in page


def fanout(qid: str) -> Counter[tuple[Any, ...]]:
    """How many network nodes testing another fact hang under one chain of constant tests, as
    durable_rules builds them (it shares constant tests between rules, never the others)."""
    found: Counter[tuple[Any, ...]] = Counter()
    for rule in question(qid).rules:
        seen: dict[str, int] = {}
        for p in rule.patterns:
            copy_no = 0
            if not p.negated:
                copy_no = seen.get(p.type, 0)
                seen[p.type] = copy_no + 1
            prefix: list[Any] = [p.type, copy_no]
            for t in p.tests:
                if isinstance(t.value, Ref):
                    found[tuple(prefix)] += 1
                    break
                prefix.append((t.field, t.op, t.value))
    return found


@pytest.mark.parametrize("qid", [MAY, "dieu4.accountable_to", "dieu4.final_say"])
def test_rules_stay_within_the_engines_stack(qid: str) -> None:
    """durable_rules 2.0.28 fails with error 303 when more than 64 such nodes are pending at once;
    the rules test constants first (rules/dieu4.py, consts_first) to stay well below."""
    assert max(fanout(qid).values()) < 40


def test_unknown_act_and_bad_date_are_argument_errors() -> None:
    case = committee().build()
    with pytest.raises(ArgumentError, match=r"arguments\.act"):
        kgrules.ask(MAY, case, person=HEAD, act="rule_the_world", date=DAY)
    with pytest.raises(ArgumentError, match=r"arguments\.date"):
        kgrules.ask(MAY, case, person=HEAD, act="convene_meeting", date="26/03/2009")
    # An Act value is accepted as well as its string.
    assert kgrules.ask(MAY, case, person=HEAD, act=Act.CONVENE_MEETING, date=DAY).outcome.value == YES


@pytest.mark.clause("qd/hieu-luc")
def test_before_the_regulation_is_not_applicable() -> None:
    case = committee("2008-01-01").complete().build()
    check(may(case, HEAD, Act.CONVENE_MEETING, "2008-06-22"), NA, "before-effect", EFFECT)
    check(may(case, HEAD, Act.CONVENE_MEETING, "2008-06-23"), YES, "convene_meeting.head")


# =================================================================================================
# khoản 3 Điều 2: the UBND tỉnh's seal
# =================================================================================================


@pytest.mark.clause("dieu-2/khoan-3")
def test_k23_head_signs_with_the_ppc_seal() -> None:
    case = administration().complete().build()
    check(may(case, HEAD, Act.SIGN_WITH_PPC_SEAL), YES, "sign_with_ppc_seal.head", K23)
    for person in (CHAIR, DEP):
        check(may(case, person, Act.SIGN_WITH_PPC_SEAL), NO, "sign_with_ppc_seal.no-power", K23)
    # The Standing Deputy only under an authorisation naming it (khoản 1 Điều 6).
    check(may(case, SD, Act.SIGN_WITH_PPC_SEAL), NO,
          "sign_with_ppc_seal.standing-deputy-not-authorised", K61)


# =================================================================================================
# Điều 9: the helper team
# =================================================================================================


@pytest.mark.clause("dieu-9/khoan-2")
def test_k92_nominating_an_outside_helper() -> None:
    case = administration().complete().build()
    d = check(may(case, DIR, Act.NOMINATE_OUTSIDE_HELPER), YES,
              "nominate_outside_helper.agency_head", K92)
    assert "SNV" in reason(d, "nominate_outside_helper.agency_head").explanation.vi
    check(may(case, FIN, Act.NOMINATE_OUTSIDE_HELPER), YES)
    # The standing agency's head: its own staff need no nomination.
    check(may(case, DIC, Act.NOMINATE_OUTSIDE_HELPER), NO, "nominate_outside_helper.no-power", K92)
    # A deputy director, the Head, a Member: no.
    for person in (FIN2, HEAD, M1):
        check(may(case, person, Act.NOMINATE_OUTSIDE_HELPER), NO,
              "nominate_outside_helper.no-power")
    # Offices not recorded for the person and not declared complete: unknown.
    open_world = administration().complete("positions").build()
    d = check(may(open_world, X1, Act.NOMINATE_OUTSIDE_HELPER), UNKNOWN,
              "nominate_outside_helper.offices-unknown", K92)
    assert missing(d) == ["offices"]


@pytest.mark.clause("dieu-9/khoan-2")
def test_k92_head_of_an_agency_with_no_agency_named() -> None:
    b = committee().person("Z", "Thủ trưởng không rõ cơ quan")
    b.records["offices"].append({"person": "Z", "kind": "agency_head", "start": "2005-01-01"})
    check(may(b.complete().build(), "Z", Act.NOMINATE_OUTSIDE_HELPER), NO,
          "nominate_outside_helper.no-power")


def leader_appointed(b: CaseBuilder, *, by: str = SD, on: str = "2008-07-01",
                     payroll: bool | None = True, **fields: Any) -> CaseBuilder:
    """HL appointed Tổ trưởng by ``by``'s decision (khoản 2 Điều 9), on the Sở TT&TT's payroll
    unless said otherwise."""
    next(p for p in b.records["people"] if p["id"] == HL)["on_dic_payroll"] = payroll
    b.records["helper_appointments"].append({"id": "TGV-HL", "person": HL, "role": "helper_leader",
                                              "decided_by": by, "decided_on": on, **fields})
    return b


@pytest.mark.clause("dieu-9/khoan-3", "dieu-9/khoan-2")
def test_k93_leader_assigns_helper_tasks() -> None:
    case = leader_appointed(committee()).complete().build()
    d = check(may(case, HL, Act.ASSIGN_HELPER_TASKS), YES, "assign_helper_tasks.helper_leader",
              K93)
    # The Tổ trưởng is the one the Standing office validly appointed: helper_member_valid's answer.
    assert "dieu9.helper_member_valid" in reason(d, "assign_helper_tasks.helper_leader").facts
    assert set(used(d)) >= {"standing_office", "nomination_timing", "leader_nomination"}
    # and the Standing Deputy, who directs the team directly (khoản 1 Điều 9, khoản 4 Điều 6)
    check(may(case, SD, Act.ASSIGN_HELPER_TASKS), YES, "assign_helper_tasks.standing_deputy", K91)
    for person in (HM, DEP, HEAD):
        check(may(case, person, Act.ASSIGN_HELPER_TASKS), NO,
              "assign_helper_tasks.no-power@through_standing_deputy", K93)
    # Under head_directs_helpers=head_too (point 10) the Head holds it too (issue 12, item 6).
    check(may(case, HEAD, Act.ASSIGN_HELPER_TASKS,
              interpretations={"head_directs_helpers": "head_too"}), YES,
          "assign_helper_tasks.head@head_too", "dieu-5/khoan-2")


@pytest.mark.clause("dieu-9/khoan-3", "dieu-9/khoan-2")
def test_k93_a_position_record_alone_makes_no_leader() -> None:
    """Issue 12, item 4: a helper-leader position without the Standing office's decision is not
    the Tổ trưởng ("do Thường trực Ban ra quyết định thành lập"): "no" once the appointment
    records are declared complete, "unknown" while they are open (an unrecorded decision may
    exist), as dieu9.task_assignment_valid answers, reading this question."""
    check(may(committee().complete().build(), HL, Act.ASSIGN_HELPER_TASKS), NO,
          "assign_helper_tasks.no-power@through_standing_deputy", K93)
    open_ = committee().complete("positions", "offices", "authorisations", "nominations").build()
    d = check(may(open_, HL, Act.ASSIGN_HELPER_TASKS), UNKNOWN,
              "assign_helper_tasks.appointment-unknown@through_standing_deputy", K93)
    assert missing(d) == ["helper_appointments"]
    # The same of a committee Member with no decision: an unrecorded one may make him leader.
    check(may(open_, M1, Act.ASSIGN_HELPER_TASKS), UNKNOWN,
          "assign_helper_tasks.appointment-unknown@through_standing_deputy")


@pytest.mark.clause("dieu-9/khoan-3", "dieu-9/khoan-2", "dieu-2/khoan-2")
def test_k93_leader_appointed_by_the_director_under_each_reading_of_point_7() -> None:
    """The Tổ trưởng appointed by the director of the Sở TT&TT, not the Standing Deputy:
    validly so only under the wider reading of point 7 (standing_office)."""
    b = leader_appointed(administration(), by=DIC)
    d = check(may(b.copy().complete().build(), HL, Act.ASSIGN_HELPER_TASKS), NO,
              "assign_helper_tasks.leader-invalid", K92)
    assert "dieu9.helper_member_valid: no" in reason(d, "assign_helper_tasks.leader-invalid"
                                                     ).explanation.en
    assert used(d)["standing_office"] == ("standing_deputy", True)
    d = check(may(b.copy().complete().build(), HL, Act.ASSIGN_HELPER_TASKS,
                  interpretations=WIDE), YES, "assign_helper_tasks.helper_leader")
    assert used(d)["standing_office"] == ("standing_deputy_or_agency_head", False)
    # The signer's positions open (none recorded for the director): whether he was the Standing
    # office is unknown, and so is the leader's power.
    open_ = b.copy().complete("offices", "authorisations", "helper_appointments", "nominations")
    d = check(may(open_.build(), HL, Act.ASSIGN_HELPER_TASKS), UNKNOWN,
              "assign_helper_tasks.leader-unknown", K92)
    assert missing(d) == ["dieu9.helper_member_valid"]


@pytest.mark.clause("dieu-9/khoan-3", "dieu-9/khoan-2")
def test_k93_leader_not_nominated_under_each_reading_of_point_11() -> None:
    """A Tổ trưởng from outside the Sở TT&TT with no nomination by his own agency's head: validly
    the leader under members_only (the nomination sentence names the "Tổ viên"), not under
    leader_too; unknown under leader_too while the nominations are open."""
    b = leader_appointed(committee(), payroll=False)
    closed = b.copy().complete().build()
    d = check(may(closed, HL, Act.ASSIGN_HELPER_TASKS), YES, "assign_helper_tasks.helper_leader")
    assert used(d)["leader_nomination"] == ("members_only", True)
    too = {"leader_nomination": "leader_too"}
    d = check(may(closed, HL, Act.ASSIGN_HELPER_TASKS, interpretations=too), NO,
              "assign_helper_tasks.leader-invalid", K93)
    assert used(d)["leader_nomination"] == ("leader_too", False)
    open_ = b.copy().complete("positions", "offices", "authorisations", "helper_appointments")
    check(may(open_.build(), HL, Act.ASSIGN_HELPER_TASKS, interpretations=too), UNKNOWN,
          "assign_helper_tasks.leader-unknown")
    check(may(open_.build(), HL, Act.ASSIGN_HELPER_TASKS), YES,
          "assign_helper_tasks.helper_leader")


@pytest.mark.clause("dieu-9/khoan-3", "dieu-9/khoan-2")
def test_k93_leader_nominated_late_under_each_reading_of_point_8() -> None:
    """Under leader_too (point 11), a Tổ trưởng from outside the Sở TT&TT nominated by his own
    agency's head after his appointment: validly the leader only when the nomination may follow
    the appointment (point 8, nomination_timing=any_time)."""
    b = administration(leader_appointed(committee(), payroll=False))
    b.records["offices"].append({"person": HL, "kind": "staff", "agency": "SNV",
                                 "start": "2005-01-01"})
    b.records["nominations"].append({"id": "CU-HL", "person": HL, "agency": "SNV",
                                     "nominated_by": DIR, "decided_on": "2008-08-01"})
    case = b.complete().build()
    late = {"leader_nomination": "leader_too"}
    d = check(may(case, HL, Act.ASSIGN_HELPER_TASKS, interpretations=late), NO,
              "assign_helper_tasks.leader-invalid", K92)
    assert used(d)["nomination_timing"] == ("no_later_than_appointment", True)
    d = check(may(case, HL, Act.ASSIGN_HELPER_TASKS,
                  interpretations={**late, "nomination_timing": "any_time"}), YES,
              "assign_helper_tasks.helper_leader")
    assert used(d)["nomination_timing"] == ("any_time", False)


@pytest.mark.clause("dieu-9/khoan-3", "dieu-9/khoan-2", "dieu-4/khoan-1")
def test_k93_invalid_leader_with_positions_open() -> None:
    """A Tổ trưởng not validly on the team (appointed other than concurrently with his own post,
    khoản 1 Điều 4) may still hold the act as the Standing Deputy Head: "no" only when his
    positions that day are known."""
    b = leader_appointed(committee(), part_time=False)
    d = check(may(b.copy().complete().build(), HL, Act.ASSIGN_HELPER_TASKS), NO,
              "assign_helper_tasks.leader-invalid")
    assert not d.missing
    b.records["positions"] = [p for p in b.records["positions"] if p["person"] != HL]
    open_ = b.complete("offices", "authorisations", "helper_appointments", "nominations").build()
    d = check(may(open_, HL, Act.ASSIGN_HELPER_TASKS), UNKNOWN,
              "assign_helper_tasks.leader-invalid-open", K93)
    assert missing(d) == ["positions"]


@pytest.mark.clause("dieu-9/khoan-1")
def test_k91_helper_leader_does_not_direct_the_team() -> None:
    check(may(committee().complete().build(), HL, Act.DIRECT_HELPER_TEAM), NO,
          "direct_helper_team.no-power@through_standing_deputy", K91)


# =================================================================================================
# Điều 9 and 12: the Standing office (interpretation point 7)
# =================================================================================================


@pytest.mark.clause("dieu-9/khoan-2", "dieu-12/doan-1", "dieu-12/doan-3")
@pytest.mark.parametrize(("act", "clause"), list(STANDING_OFFICE_ACTS.items()))
def test_standing_office_under_both_readings(act: Act, clause: str) -> None:
    case = administration().complete().build()
    # The Standing Deputy, under both readings.
    d = check(may(case, SD, act), YES, f"{act.value}.standing_office-standing-deputy", clause)
    assert used(d) == {"standing_office": ("standing_deputy", True)}
    d = check(may(case, SD, act, interpretations=WIDE), YES)
    assert used(d) == {"standing_office": ("standing_deputy_or_agency_head", False)}
    # The head of the standing agency: only under the wider reading.
    d = check(may(case, DIC, act), NO, f"{act.value}.no-power@standing_deputy", clause)
    assert used(d) == {"standing_office": ("standing_deputy", True)}
    d = check(may(case, DIC, act, interpretations=WIDE), YES,
              f"{act.value}.standing_office-standing-agency-head", clause)
    assert "STTTT" in reason(d, f"{act.value}.standing_office-standing-agency-head").explanation.vi
    # Nobody else: the Head, the finance director, a Member.
    for person in (HEAD, FIN, M1):
        check(may(case, person, act), NO)
        check(may(case, person, act, interpretations=WIDE), NO,
              f"{act.value}.no-power@standing_deputy_or_agency_head")


@pytest.mark.clause("dieu-12/doan-1")
def test_standing_office_open_world() -> None:
    # No position recorded for X1 that day, positions not complete: unknown under both readings.
    case = administration().complete("offices").build()
    d = check(may(case, X1, Act.PREPARE_ESTIMATE), UNKNOWN,
              "prepare_estimate.positions-unknown@standing_deputy")
    assert missing(d) == ["positions"]
    # Positions complete, offices open: no under the narrow reading, unknown under the wide one.
    case = administration().complete("positions").build()
    check(may(case, X1, Act.PREPARE_ESTIMATE), NO, "prepare_estimate.no-power@standing_deputy")
    d = check(may(case, X1, Act.PREPARE_ESTIMATE, interpretations=WIDE), UNKNOWN,
              "prepare_estimate.offices-unknown@standing_deputy_or_agency_head")
    assert missing(d) == ["offices"]


@pytest.mark.clause("dieu-12/doan-1")
def test_standing_agency_successor_after_the_merger() -> None:
    # From 1/3/2025 the standing agency is the Sở KH&CN: its director is the wider Standing office.
    b = committee("2024-01-01").person("KHCN", "Giám đốc Sở KH&CN")
    b.records["agencies"] += [
        {"id": "STTTT", "name": "Sở TT&TT", "kind": "standing_agency", "end": "2025-02-28",
         "successor": "SKHCN"},
        {"id": "SKHCN", "name": "Sở KH&CN", "kind": "standing_agency", "start": "2025-03-01"},
    ]
    b.records["offices"].append({"person": "KHCN", "kind": "agency_head", "agency": "SKHCN",
                                 "start": "2025-03-01"})
    case = b.complete().build()
    check(may(case, "KHCN", Act.DECIDE_EXPENDITURE, "2025-03-01", interpretations=WIDE), YES)
    check(may(case, "KHCN", Act.DECIDE_EXPENDITURE, "2025-02-28", interpretations=WIDE), NO)


# =================================================================================================
# đoạn 2–5 Điều 10, đoạn 1 Điều 11
# =================================================================================================


@pytest.mark.clause("dieu-10/doan-2")
def test_d102_standing_deputy_proposes_extraordinary_meetings() -> None:
    case = administration().complete().build()
    check(may(case, SD, Act.PROPOSE_EXTRAORDINARY_MEETING), YES,
          "propose_extraordinary_meeting.standing_deputy", D102)
    # Point 7 is about finance and the helper team: not applied here.
    d = check(may(case, DIC, Act.PROPOSE_EXTRAORDINARY_MEETING, interpretations=WIDE), NO,
              "propose_extraordinary_meeting.no-power", D102)
    assert used(d) == {}
    check(may(case, HEAD, Act.PROPOSE_EXTRAORDINARY_MEETING), NO)


@pytest.mark.clause("dieu-10/doan-3", "dieu-10/doan-4", "dieu-11/doan-1")
@pytest.mark.parametrize(("act", "clause"), [(Act.INVITE_ATTENDEES, D103),
                                             (Act.REQUEST_WRITTEN_OPINIONS, D104),
                                             (Act.REQUEST_ADHOC_REPORT, D111)])
def test_head_acts_of_articles_10_and_11(act: Act, clause: str) -> None:
    case = committee().complete().build()
    check(may(case, HEAD, act), YES, f"{act.value}.head", clause)
    check(may(case, M1, act), NO, f"{act.value}.no-power", clause)
    d = check(may(case, SD, act), NO, f"{act.value}.standing-deputy-not-authorised", K61)
    assert used(d) == {}


@pytest.mark.clause("dieu-10/doan-5", "dieu-6/khoan-1")
def test_d105_consent_under_every_reading_of_point_3() -> None:
    b = committee().authorise("UQ1", HEAD, SD, [Act.CONSENT_SUBSTITUTE], "2009-01-01",
                              signed_on="2008-12-30")
    b.authorise("UQ2", HEAD, DEP, [Act.CONSENT_SUBSTITUTE], "2009-01-01", signed_on="2008-12-30")
    case = b.complete().build()

    def ask(person: str, reading: str) -> Decision:
        d = may(case, person, Act.CONSENT_SUBSTITUTE,
                interpretations={"consent_by_deputy": reading})
        assert used(d) == {"consent_by_deputy": (reading, reading == "with_authorisation")}
        return d

    for reading in SWITCHES["consent_by_deputy"].readings:
        check(ask(HEAD, reading), YES, "consent_substitute.head", D105)
        check(ask(M1, reading), NO)
    check(ask(SD, "with_authorisation"), YES,
          "consent_substitute.standing_deputy@with_authorisation", K61)
    check(ask(SD, "any_authorised"), YES, "consent_substitute.standing_deputy@any_authorised")
    d = check(ask(SD, "head_only"), NO, "consent_substitute.authorisation-not-enough@head_only",
              D105)
    assert "only the Head consents" in reason(
        d, "consent_substitute.authorisation-not-enough@head_only").explanation.en
    check(ask(DEP, "with_authorisation"), NO,
          "consent_substitute.authorised-deputy-not-standing-deputy@with_authorisation")
    d = check(ask(DEP, "any_authorised"), YES, "consent_substitute.authorised@any_authorised")
    assert "UQ2" in reason(d, "consent_substitute.authorised@any_authorised").explanation.en
    check(ask(DEP, "head_only"), NO, "consent_substitute.authorisation-not-enough@head_only")


@pytest.mark.clause("dieu-10/doan-5")
def test_d105_consent_open_world() -> None:
    case = committee().complete("positions").build()  # authorisations not declared complete
    d = may(case, SD, Act.CONSENT_SUBSTITUTE)
    check(d, UNKNOWN, "consent_substitute.standing-deputy-not-authorised@with_authorisation-unknown")
    assert missing(d) == ["authorisations"]
    check(may(case, SD, Act.CONSENT_SUBSTITUTE, interpretations={"consent_by_deputy": "head_only"}),
          NO, "consent_substitute.no-power@head_only")
    d = may(case, M1, Act.CONSENT_SUBSTITUTE, interpretations={"consent_by_deputy": "any_authorised"})
    check(d, UNKNOWN, "consent_substitute.authorisations-unknown@any_authorised")
    check(may(case, M1, Act.CONSENT_SUBSTITUTE), NO,
          "consent_substitute.no-power@with_authorisation")


@pytest.mark.clause("dieu-10/doan-5")
@pytest.mark.parametrize("person", [HEAD, SD, DEP, M1])
def test_d105_everyone_on_the_committee_attends(person: str) -> None:
    case = committee().complete().build()
    role = {HEAD: "head", SD: "standing_deputy", DEP: "deputy", M1: "member"}[person]
    check(may(case, person, Act.ATTEND_MEETING), YES, f"attend_meeting.committee-{role}", D105)


@pytest.mark.clause("dieu-10/doan-5")
def test_d105_attendance_is_never_delegated() -> None:
    b = committee().authorise("UQ9", M1, X1, [Act.ATTEND_MEETING], "2009-01-01")
    case = b.copy().complete().build()
    d = check(may(case, X1, Act.ATTEND_MEETING), NO, "attend_meeting.delegated", D105)
    text = reason(d, "attend_meeting.delegated").explanation
    assert "never by proxy" in text.en and "không ủy quyền" in text.vi and "UQ9" in text.en
    for person in (HL, HM, X2):
        check(may(case, person, Act.ATTEND_MEETING), NO, "attend_meeting.no-power")
    check(may(b.copy().complete("authorisations").build(), X2, Act.ATTEND_MEETING), UNKNOWN,
          "attend_meeting.positions-unknown")


# =================================================================================================
# Điều 12 and 13: the Sở Tài chính, the UBND tỉnh, its Chairman
# =================================================================================================


@pytest.mark.clause("dieu-12/doan-1")
def test_d121_appraisal_and_approval() -> None:
    case = administration().complete().build()
    d = check(may(case, FIN, Act.APPRAISE_ESTIMATE), YES, "appraise_estimate.finance_head", D121)
    assert "STC" in reason(d, "appraise_estimate.finance_head").explanation.vi
    for person in (FIN2, SD, HEAD, CHAIR):
        check(may(case, person, Act.APPRAISE_ESTIMATE), NO, "appraise_estimate.no-power", D121)
    check(may(case, CHAIR, Act.APPROVE_ESTIMATE), YES, "approve_estimate.ppc_leader-ppc-chairman",
          D121)
    d = check(may(case, HEAD, Act.APPROVE_ESTIMATE), YES,
              "approve_estimate.ppc_leader-ppc-vice-chairman", D121)
    assert "signing for it" in reason(
        d, "approve_estimate.ppc_leader-ppc-vice-chairman").explanation.en
    for person in (FIN, SD, M1):
        check(may(case, person, Act.APPROVE_ESTIMATE), NO, "approve_estimate.no-power", D121)
    d = check(may(committee().person(FIN).complete("positions").build(), FIN,
                  Act.APPRAISE_ESTIMATE),
              UNKNOWN, "appraise_estimate.offices-unknown", D121)
    assert missing(d) == ["offices"]


@pytest.mark.clause("dieu-13/doan-1")
def test_d131_only_the_chairman_amends_the_regulation() -> None:
    case = administration().complete().build()
    check(may(case, CHAIR, Act.AMEND_REGULATION), YES, "amend_regulation.ppc_chairman-ppc-chairman",
          "dieu-13/doan-1")
    for person in (HEAD, SD, FIN):
        check(may(case, person, Act.AMEND_REGULATION), NO, "amend_regulation.no-power", D131)
    # The Chairman's term ended.
    b = administration()
    b.records["offices"][0]["end"] = "2009-03-25"
    check(may(b.complete().build(), CHAIR, Act.AMEND_REGULATION), NO, "amend_regulation.no-power")


# =================================================================================================
# Every combination is decided
# =================================================================================================

#: Authorisations naming every act, to the Standing Deputy or the Deputy: none; from the Head, in
#: force; from a Member; expired; not yet in force (the question's day is 26/3/2009).
AUTHORISATIONS = {"none": None, "head": (HEAD, "2009-01-01", None), "member": (M1, "2009-01-01", None),
                  "expired": (HEAD, "2008-07-01", "2009-01-31"),
                  "not-yet": (HEAD, "2009-06-01", None)}
OPEN_OR_CLOSED = [kinds for k in range(4)
                  for kinds in itertools.combinations(("positions", "offices", "authorisations"), k)]


def test_every_combination_is_decided() -> None:
    """Whoever asks about whatever act, whatever authorisation they hold and whichever records are
    declared complete, under every reading: some rule decides (no condition is left without a
    conclusion), and "unknown" comes with the missing facts. Asked of the oracle alone, for speed:
    the oracle and durable_rules are compared everywhere else."""
    for (name, spec), grantee, kinds in itertools.product(AUTHORISATIONS.items(), (SD, DEP),
                                                          OPEN_OR_CLOSED):
        if spec is None and grantee == DEP:
            continue
        b = administration()
        if spec is not None:
            b.authorise("UQ", spec[0], grantee, list(Act), spec[1], spec[2], signed_on=spec[1])
        case = b.complete(*kinds).build() if kinds else b.build()
        for person, act in itertools.product((HEAD, SD, DEP, M1, HL, X1, FIN, DIC, CHAIR), Act):
            switches = [s for s in SWITCHES if s in {t for p in powers_of(act) for t, _ in p.readings}
                        or (s == "standing_office" and act in STANDING_OFFICE_ACTS)]
            for values in itertools.product(*(SWITCHES[s].readings for s in switches)):
                d = kgrules.ask(MAY, case, interpretations=dict(zip(switches, values, strict=True)),
                                engine=ORACLE, person=person, act=act.value, date=DAY)
                assert (d.outcome.value == UNKNOWN) == bool(d.missing), (name, kinds, person, act)


@pytest.mark.clause("dieu-6/khoan-1", "dieu-6/khoan-2")
def test_standing_deputy_helping_with_an_authorisation_of_unknown_origin() -> None:
    # An authorisation in force, signed by a Member, authorisations not declared complete: another
    # (the Head's) may exist, so unknown (this once left the condition without a conclusion).
    case = (committee().authorise("UQ1", M1, SD, [Act.ASSIGN_DUTIES], "2009-01-01")
            .complete("positions").build())
    d = check(may(case, SD, Act.ASSIGN_DUTIES), UNKNOWN,
              "assign_duties.standing-deputy-not-authorised-unknown", "dieu-6/khoan-1")
    assert missing(d) == ["authorisations"]


@pytest.mark.clause("dieu-13/doan-1", "dieu-12/doan-1", "dieu-4/khoan-2")
def test_offices_count_while_their_agency_exists() -> None:
    """The Kiên Giang UBND ceased on 30/6/2025 (the merged An Giang UBND from 1/7/2025); the Sở
    TT&TT on 28/2/2025 (the Sở KH&CN took over as the standing agency)."""
    b = committee("2024-01-01").person("CT1", "Chủ tịch UBND Kiên Giang").person(
        "CT2", "Chủ tịch UBND An Giang").person("GTT", "Giám đốc Sở TT&TT")
    b.records["agencies"] += [
        {"id": "UBND-KG", "name": "UBND tỉnh Kiên Giang", "kind": "ppc", "end": "2025-06-30",
         "successor": "UBND-AG"},
        {"id": "UBND-AG", "name": "UBND tỉnh An Giang", "kind": "ppc", "start": "2025-07-01"},
        {"id": "STTTT", "name": "Sở TT&TT", "kind": "standing_agency", "end": "2025-02-28"},
        {"id": "SNV", "name": "Sở Nội vụ", "kind": "department"},
    ]
    b.records["offices"] += [  # recorded without an end: the agency's end is what counts
        {"person": "CT1", "kind": "ppc_chairman", "agency": "UBND-KG", "start": "2021-01-01"},
        {"person": "CT2", "kind": "ppc_chairman", "agency": "UBND-AG", "start": "2025-07-01"},
        {"person": "GTT", "kind": "agency_head", "agency": "STTTT", "start": "2020-01-01"},
    ]
    case = b.complete().build()
    check(may(case, "CT1", Act.AMEND_REGULATION, "2025-06-30"), YES)
    check(may(case, "CT1", Act.AMEND_REGULATION, "2025-07-01"), NO, "amend_regulation.no-power")
    check(may(case, "CT2", Act.AMEND_REGULATION, "2025-07-01"), YES)
    check(both("dieu4.accountable_to", case, person=HEAD, superior="CT1", date="2025-07-01"), NO)
    check(both("dieu4.accountable_to", case, person=HEAD, superior="CT2", date="2025-07-01"), YES)
    check(may(case, "GTT", Act.DECIDE_EXPENDITURE, "2025-02-28", interpretations=WIDE), YES)
    check(may(case, "GTT", Act.DECIDE_EXPENDITURE, "2025-03-01", interpretations=WIDE), NO)
    check(may(case, "GTT", Act.NOMINATE_OUTSIDE_HELPER, "2025-03-01"), NO)


@pytest.mark.clause("dieu-13/doan-1")
def test_chairman_of_which_agency() -> None:
    b = committee().person("A", "Chủ tịch (không nêu cơ quan)").person("B", "Chủ tịch sai cơ quan")
    b.records["agencies"].append({"id": "SNV", "name": "Sở Nội vụ", "kind": "department"})
    b.records["offices"] += [{"person": "A", "kind": "ppc_chairman", "start": "2005-01-01"},
                             {"person": "B", "kind": "ppc_chairman", "agency": "SNV",
                              "start": "2005-01-01"}]
    case = b.complete().build()
    check(may(case, "A", Act.AMEND_REGULATION), YES, "amend_regulation.ppc_chairman-ppc-chairman-no-agency")
    check(may(case, "B", Act.AMEND_REGULATION), NO, "amend_regulation.no-power")
    check(both("dieu4.accountable_to", case, person=M1, superior="A", date=DAY), YES,
          "member-accountable-ppc_chairman-no-agency@dieu-4.khoan-2")


@pytest.mark.clause("dieu-5/khoan-2", "dieu-9/khoan-1", "dieu-9/khoan-3")
def test_point_10_head_too_means_the_heads_direction_reaches_the_team() -> None:
    """Under head_too (point 10) the Head's "chỉ đạo, điều hành hoạt động chung" reaches the
    helper team: he directs it, divides its work, and its leader and members answer to him; the
    Standing Deputy keeps his direct direction. By default none of it, and the answers list point
    10 where it would have made them "yes"."""
    case = committee().complete().build()
    too = {"head_directs_helpers": "head_too"}
    d = check(may(case, HEAD, Act.DIRECT_HELPER_TEAM, interpretations=too), YES,
              "direct_helper_team.head@head_too", "dieu-5/khoan-2")
    assert used(d) == {"head_directs_helpers": ("head_too", False)}
    d = check(may(case, HEAD, Act.DIRECT_HELPER_TEAM), NO,
              "direct_helper_team.no-power@through_standing_deputy", K91)
    assert used(d) == {"head_directs_helpers": ("through_standing_deputy", True)}
    for readings in ({}, too):
        check(may(case, SD, Act.DIRECT_HELPER_TEAM, interpretations=readings), YES,
              "direct_helper_team.standing_deputy")
        check(may(case, M1, Act.DIRECT_HELPER_TEAM, interpretations=readings), NO)
    for helper, role in ((HL, "helper_leader"), (HM, "helper_member")):
        d = check(both("dieu4.accountable_to", case, person=helper, superior=HEAD, date=DAY,
                       interpretations=too), YES, f"{role}-directed-head@dieu-5.khoan-2",
                  "dieu-5/khoan-2")
        d = check(both("dieu4.accountable_to", case, person=helper, superior=HEAD, date=DAY),
                  NO, f"{role}-not-to-superior")
        assert used(d) == {"head_directs_helpers": ("through_standing_deputy", True)}
        for readings in ({}, too):
            check(both("dieu4.accountable_to", case, person=helper, superior=SD, date=DAY,
                       interpretations=readings), YES,
                  f"{role}-directed-standing_deputy@dieu-9.khoan-1")
            check(both("dieu4.accountable_to", case, person=helper, superior=M1, date=DAY,
                       interpretations=readings), NO)


# =================================================================================================
# Point 15: an authorisation signed after its first day (khoản 1 Điều 6, "khi được ủy quyền")
# =================================================================================================

TIMING = "authorisation_timing"


def _signed_late(grantee: str = SD, acts: tuple[Act, ...] = (Act.CONVENE_MEETING,)) -> CaseBuilder:
    """An authorisation in force from 1/1/2009 by its dates, signed on 1/3/2009."""
    return committee().authorise("UQ1", HEAD, grantee, acts, "2009-01-01", None, "2009-03-01")


@pytest.mark.clause("dieu-6/khoan-1")
def test_point_15_authorisation_signed_after_its_first_day() -> None:
    """Before the signing day nobody was authorised (default): "no", listing point 15; as dated,
    "yes", listing point 15; from the signing day "yes" under both readings, listing nothing."""
    case = _signed_late().complete().build()
    before, signed = "2009-02-15", "2009-03-01"
    d = check(may(case, SD, Act.CONVENE_MEETING, before), NO,
              "convene_meeting.authorisation-not-signed-yet", K61)
    assert used(d) == {TIMING: ("from_signing", True)}
    assert "01/03/2009" in reason(d, "convene_meeting.authorisation-not-signed-yet").explanation.vi
    d = check(may(case, SD, Act.CONVENE_MEETING, before, interpretations={TIMING: "as_dated"}),
              YES, "convene_meeting.standing_deputy@as_dated", K61)
    assert used(d) == {TIMING: ("as_dated", False)}
    check(d, YES, "in-force-signed-later-convene_meeting")
    for reading in ("from_signing", "as_dated"):
        d = check(may(case, SD, Act.CONVENE_MEETING, signed, interpretations={TIMING: reading}),
                  YES, "convene_meeting.standing_deputy")
        assert used(d) == {}
    # Authorisations not declared complete: another, earlier one may exist.
    open_ = _signed_late().complete("positions", "offices").build()
    d = check(may(open_, SD, Act.CONVENE_MEETING, before), UNKNOWN,
              "convene_meeting.authorisation-not-signed-yet-unknown")
    assert missing(d) == ["authorisations"] and used(d) == {TIMING: ("from_signing", True)}
    d = check(may(open_, SD, Act.CONVENE_MEETING, before, interpretations={TIMING: "as_dated"}),
              YES, "convene_meeting.standing_deputy@as_dated")
    # The Head, who holds the act himself, never lists it.
    d = check(may(case, HEAD, Act.CONVENE_MEETING, before, interpretations={TIMING: "as_dated"}),
              YES, "convene_meeting.head")
    assert used(d) == {}


@pytest.mark.clause("dieu-6/khoan-1", "dieu-10/doan-5")
@pytest.mark.parametrize("reading", ["from_signing", "as_dated"])
def test_point_15_with_point_3(reading: str) -> None:
    """Consent to a substitute follows point 15 under every reading of point 3 that lets an
    authorisation carry it; a "no" for other reasons does not list point 15."""
    late = {TIMING: reading}
    case = _signed_late(acts=(Act.CONSENT_SUBSTITUTE,)).complete().build()
    d = may(case, SD, Act.CONSENT_SUBSTITUTE, "2009-02-15", interpretations=late)
    assert d.outcome.value == (YES if reading == "as_dated" else NO)
    assert TIMING in used(d)
    any_case = _signed_late(X1, acts=(Act.CONSENT_SUBSTITUTE,)).complete().build()
    d = may(any_case, X1, Act.CONSENT_SUBSTITUTE, "2009-02-15",
            interpretations={**late, "consent_by_deputy": "any_authorised"})
    assert d.outcome.value == (YES if reading == "as_dated" else NO)
    d = check(may(case, SD, Act.CONSENT_SUBSTITUTE, "2009-02-15",
                  interpretations={**late, "consent_by_deputy": "head_only"}), NO,
              "consent_substitute.authorisation-not-enough@head_only")
    assert TIMING not in used(d)


@pytest.mark.clause("dieu-6/khoan-1")
def test_point_15_reaches_the_questions_reading_may_act() -> None:
    """A substitute consented to by the Standing Deputy before the authorisation was signed."""
    b = _signed_late(acts=(Act.CONSENT_SUBSTITUTE,))
    b.meeting("Q1", "2009-02-26").absence("Q1", M1, on="2009-02-20")
    b.consent("Q1", M1, by=SD, on="2009-02-23", substitute=X1)
    case = b.complete().build()
    for reading, outcome in (("from_signing", NO), ("as_dated", YES)):
        d = both("dieu10.substitute_allowed", case, meeting="Q1", member=M1, substitute=X1,
                 interpretations={TIMING: reading})
        assert d.outcome.value == outcome, (reading, [r.rule for r in d.reasons])


# =================================================================================================
# Which interpretations an answer lists
# =================================================================================================


def test_interpretations_listed_only_for_the_acts_that_depend_on_them() -> None:
    case = administration().complete().build()
    for act in Act:
        for person in (HEAD, SD, M1, X1, DIC):
            d = may(case, person, act, interpretations={"consent_by_deputy": "head_only", **WIDE})
            switches = set(used(d))
            if act is Act.CONSENT_SUBSTITUTE:
                assert switches == {"consent_by_deputy"}, (act, person)
            elif act is Act.ASSIGN_HELPER_TASKS:
                # point 10, and those of the Tổ trưởng's standing (dieu9.helper_member_valid:
                # points 7, 8 and 11), as the Standing office's acts list point 7 whoever asks
                assert switches <= {"head_directs_helpers", "standing_office", "nomination_timing",
                                    "leader_nomination"}, (act, person)
            elif act is Act.DIRECT_HELPER_TEAM:
                assert switches == {"head_directs_helpers"}, (act, person)
            elif act in STANDING_OFFICE_ACTS:
                assert switches == {"standing_office"}, (act, person)
            else:
                assert switches == set(), (act, person)


# =================================================================================================
# The example committee
# =================================================================================================


@pytest.mark.clause("dieu-6/khoan-1", "dieu-10/doan-5", "dieu-12/doan-1")
def test_example_committee() -> None:
    case = load_example("committee-2009")
    d = check(may(case, "P02", Act.CONVENE_MEETING, "2009-09-21"), YES,
              "convene_meeting.standing_deputy", K61)
    assert "UQ-2009-01" in reason(d, "convene_meeting.standing_deputy").explanation.en
    check(may(case, "P02", Act.CONVENE_MEETING, "2010-01-05"), NO,
          "convene_meeting.authorisation-expired")
    check(may(case, "P02", Act.CONSENT_SUBSTITUTE, "2009-09-28"), YES,
          "consent_substitute.standing_deputy@with_authorisation")
    check(may(case, "S02", Act.ATTEND_MEETING, "2009-03-26"), NO, "attend_meeting.delegated")
    check(may(case, "P01", Act.APPROVE_ESTIMATE, "2008-12-25"), YES)
    check(may(case, "P02", Act.DECIDE_EXPENDITURE, "2009-03-26"), YES)
    check(may(case, "P01", Act.DECIDE_EXPENDITURE, "2009-07-15"), NO)
    check(may(case, "G01", Act.NOMINATE_OUTSIDE_HELPER, "2008-06-23"), YES)
    check(may(case, "P11", Act.ASSIGN_HELPER_TASKS, "2009-03-02"), YES)
    check(may(case, "P05", Act.ASSIGN_HELPER_TASKS, "2009-10-05"), NO)


# =================================================================================================
# Properties
# =================================================================================================


def _roles(case: Case, person: str, day: dt.date) -> set[Role]:
    return {p.role for _, p in case.positions_of(person) if p.in_force(day)}


def _head_authorised(case: Case, person: str, act: Act, day: dt.date,
                     timing: str = "from_signing") -> bool:
    """An authorisation to ``person`` naming ``act``, in force on ``day``, signed by whoever was
    the Head on the signing day; signed by ``day`` unless point 15 reads it ``as_dated``."""
    for _, a in case.authorisations_to(person):
        signed = a.signed_on or a.valid_from
        if (act in a.acts and a.in_force(day) and Role.HEAD in _roles(case, a.grantor, signed)
                and (signed <= day or timing == "as_dated")):
            return True
    return False


def _draw(data: st.DataObject, case: Case, acts: Any) -> tuple[str, Act, dt.date, dict[str, str]]:
    grantees = [a.grantee for a in case.authorisations]
    person = data.draw(st.sampled_from(grantees) | st.sampled_from([p.id for p in case.people])
                       if grantees else st.sampled_from([p.id for p in case.people]),
                       label="person")
    act = data.draw(acts, label="act")
    years = [p.start.year for p in case.positions] or [2009]
    day = data.draw(st.dates(dt.date(min(years) - 1, 6, 1), dt.date(max(years) + 1, 12, 31)),
                    label="day")
    return person, act, day, data.draw(interpretations(), label="readings")


@pytest.mark.clause("dieu-6/khoan-1", "dieu-10/doan-5", "dieu-5/khoan-2", "dieu-5/khoan-3",
                    "dieu-5/khoan-4")
@given(data=st.data(), case=committee_cases())
def test_property_nobody_but_the_head_holds_the_heads_acts(data: st.DataObject,
                                                           case: Case) -> None:
    """Không ai ngoài Trưởng ban, hoặc Phó Trưởng ban Thường trực có ủy quyền của Trưởng ban còn
    hiệu lực bao gồm việc đó (riêng việc đồng ý cho người dự họp thay: theo cách hiểu điểm 3), có
    được các việc của Trưởng ban.

    Nobody but the Head, or the Standing Deputy holding the Head's authorisation in force that
    covers the act (for consent to a substitute only: as point 3 reads it), ever holds the Head's
    acts.
    """
    person, act, day, readings = _draw(data, case, st.sampled_from(HEADS_ALONE))
    d = may(case, person, act, day.isoformat(), interpretations=readings)
    if d.outcome.value != YES:
        return
    roles = _roles(case, person, day)
    authorised = _head_authorised(case, person, act, day,
                                  readings.get("authorisation_timing", "from_signing"))
    consent = readings.get("consent_by_deputy", "with_authorisation")
    if Role.HEAD in roles:
        return
    if act is Act.CONSENT_SUBSTITUTE and consent == "any_authorised":
        assert authorised
    else:
        assert act is not Act.CONSENT_SUBSTITUTE or consent == "with_authorisation"
        assert Role.STANDING_DEPUTY in roles and authorised


@pytest.mark.clause("dieu-5/khoan-2", "dieu-5/khoan-3", "dieu-5/khoan-4", "dieu-10/doan-3",
                    "dieu-10/doan-4", "dieu-10/doan-5", "dieu-11/doan-1")
@given(data=st.data(), case=committee_cases())
def test_property_the_head_always_holds_the_heads_acts(data: st.DataObject, case: Case) -> None:
    """Vào mọi ngày Quy chế có hiệu lực, người giữ chức Trưởng ban có mọi việc của Trưởng ban,
    theo mọi cách hiểu.

    On every day the regulation is in force, whoever holds the Head's position holds every act of
    the Head, under every reading.
    """
    heads = [p for p in case.positions if p.role is Role.HEAD]
    if not heads:
        return
    position = data.draw(st.sampled_from(heads), label="head")
    last = position.end or position.start + dt.timedelta(days=400)
    day = data.draw(st.dates(max(position.start, dt.date(2008, 6, 23)), max(last, dt.date(
        2008, 6, 23))), label="day")
    if not position.in_force(day):
        return
    act = data.draw(st.sampled_from(HEAD_ACTS), label="act")
    chosen = data.draw(interpretations(), label="readings")
    # Directing the helper team and assigning its tasks are the Head's only under
    # head_directs_helpers=head_too (point 10).
    if act in (Act.ASSIGN_HELPER_TASKS, Act.DIRECT_HELPER_TEAM):
        chosen = {**chosen, "head_directs_helpers": "head_too"}
    d = may(case, position.person, act, day.isoformat(), interpretations=chosen)
    assert d.outcome.value == YES


@pytest.mark.clause("dieu-10/doan-5")
@given(data=st.data(), case=committee_cases())
def test_property_attendance_is_never_delegated(data: st.DataObject, case: Case) -> None:
    """Chỉ người giữ vị trí trong Ban Chỉ đạo vào ngày đó mới được dự họp với tư cách của mình;
    ủy quyền dự họp không bao giờ thay được điều đó ("không ủy quyền").

    Only someone on the committee that day attends in their own right; an authorisation to attend
    never stands in for that ("never by proxy").
    """
    person, _, day, readings = _draw(data, case, st.just(Act.ATTEND_MEETING))
    d = may(case, person, Act.ATTEND_MEETING, day.isoformat(), interpretations=readings)
    on_committee = bool(_roles(case, person, day) & {Role.HEAD, Role.STANDING_DEPUTY, Role.DEPUTY,
                                                     Role.MEMBER})
    if day >= dt.date(2008, 6, 23):
        assert (d.outcome.value == YES) == on_committee
