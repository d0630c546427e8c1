"""Điều 5–8 (the Head, the Standing Deputy Head, the Deputy Head, the Members), clause by clause.

These articles are declared as data (rules/dieu5.py … rules/dieu8.py) and answered through
``authority.may_act`` (powers) and ``dieu4.accountable_to`` (lines of account). Each khoản with a
checkable condition is tested here: the holder it names may act, each condition failing alone
gives "no" (or "unknown" when the fact is absent and not declared complete) with a reason citing
the clause; the others carry a not-computable reason. Every answer is computed by durable_rules and
by the oracle, which must agree (``both``).
"""

from __future__ import annotations

from typing import Any

import pytest

from kgrules.decision import Decision
from kgrules.facts import Act
from kgrules.registry import not_computable_reasons
from tests.builders import (
    DEP,
    HEAD,
    HL,
    HM,
    M1,
    SD,
    X1,
    CaseBuilder,
    both,
    check,
    committee,
    missing,
    reason,
    used,
)

YES, NO, UNKNOWN, NA = "yes", "no", "unknown", "not_applicable"
MAY, ACC = "authority.may_act", "dieu4.accountable_to"
K51, K52, K53, K54 = (f"dieu-5/khoan-{n}" for n in range(1, 5))
K61, K62, K63, K64 = (f"dieu-6/khoan-{n}" for n in range(1, 5))
K71, K72, K73 = (f"dieu-7/khoan-{n}" for n in range(1, 4))
K81, K82, K83, K84 = (f"dieu-8/khoan-{n}" for n in range(1, 5))
DAY = "2009-03-26"
CHAIR = "CT"

#: The acts the Head holds in his own right that the Standing Deputy may do under an authorisation
#: (khoản 1 Điều 6), with the clause giving each to the Head.
DELEGABLE = {
    Act.DECIDE_MATTERS: K52,
    Act.ASSIGN_DUTIES: K53,
    Act.CHAIR_CONFERENCES: K54,
    Act.CONVENE_MEETING: K54,
    Act.INVITE_ATTENDEES: "dieu-10/doan-3",
    Act.REQUEST_WRITTEN_OPINIONS: "dieu-10/doan-4",
    Act.REQUEST_ADHOC_REPORT: "dieu-11/doan-1",
}


def may(case: Any, person: str, act: Act, date: str = DAY, **kw: Any) -> Decision:
    return both(MAY, case, person=person, act=act.value, date=date, **kw)


def acc(case: Any, person: str, superior: str, date: str = DAY) -> Decision:
    return both(ACC, case, person=person, superior=superior, date=date)


def with_chairman(b: CaseBuilder) -> CaseBuilder:
    """The Chairman of the UBND tỉnh (CT) and the Head's office of Vice-Chairman."""
    b.person(CHAIR, "Tạ Minh Quang")
    b.records["agencies"].append({"id": "UBND", "name": "UBND tỉnh Kiên Giang", "kind": "ppc"})
    b.records["offices"] += [
        {"person": CHAIR, "kind": "ppc_chairman", "agency": "UBND", "start": "2004-06-01"},
        {"person": HEAD, "kind": "ppc_vice_chairman", "agency": "UBND", "start": "2004-06-01"},
    ]
    return b


# =================================================================================================
# Điều 5: the Head
# =================================================================================================


@pytest.mark.clause("dieu-5/khoan-1")
def test_k51_head_answers_to_the_ubnd_through_its_chairman() -> None:
    case = with_chairman(committee()).complete("positions", "offices").build()
    d = check(acc(case, HEAD, CHAIR), YES, "head-accountable-ppc_chairman@dieu-5.khoan-1", K51)
    assert "kế hoạch ứng dụng và phát triển công nghệ thông tin" in d.reasons[1].explanation.vi
    assert "Chairman of the UBND tỉnh" in reason(
        d, "head-accountable-ppc_chairman@dieu-5.khoan-1").explanation.en
    # Not to a Member, not to the Standing Deputy, not to himself.
    check(acc(case, HEAD, M1), NO, "head-not-to-superior", K51)
    check(acc(case, HEAD, SD), NO, "head-not-to-superior", K51)
    check(acc(case, HEAD, HEAD), NA, "self")


@pytest.mark.clause("dieu-5/khoan-1")
def test_k51_a_vice_chairman_is_not_the_ubnd() -> None:
    b = with_chairman(committee()).person("VC", "Phó Chủ tịch khác")
    b.records["offices"].append({"person": "VC", "kind": "ppc_vice_chairman", "agency": "UBND",
                                 "start": "2004-06-01"})
    check(acc(b.complete("positions", "offices").build(), HEAD, "VC"), NO, "head-not-to-superior",
          K51)


@pytest.mark.clause("dieu-5/khoan-1")
def test_k51_chairman_unknown_or_out_of_office() -> None:
    # The superior's offices are not recorded and not declared complete: unknown.
    case = committee().person(CHAIR).complete("positions").build()
    d = check(acc(case, HEAD, CHAIR), UNKNOWN, "head-superior-offices-unknown", K51)
    assert missing(d) == ["offices"]
    # The Chairman left office the day before: no.
    b = with_chairman(committee()).complete("positions", "offices")
    b.records["offices"][0]["end"] = "2009-03-25"
    check(acc(b.build(), HEAD, CHAIR), NO, "head-not-to-superior", K51)


@pytest.mark.clause("dieu-5/khoan-2")
def test_k52_head_decides_the_committees_business() -> None:
    case = committee().complete().build()
    d = check(may(case, HEAD, Act.DECIDE_MATTERS), YES, "decide_matters.head", K52)
    assert "dieu-4/khoan-1" in reason(d, "decide_matters.head").clauses
    assert used(d) == {}
    for person in (DEP, M1, HL, X1):
        check(may(case, person, Act.DECIDE_MATTERS), NO, "decide_matters.no-power", K52)
    # Without any position recorded for that day, and positions not declared complete: unknown.
    d = check(may(committee().build(), X1, Act.DECIDE_MATTERS), UNKNOWN,
              "decide_matters.positions-unknown", K52)
    assert missing(d) == ["positions"]


@pytest.mark.clause("dieu-5/khoan-2", "dieu-6/khoan-4")
def test_k52_the_heads_direction_reaches_the_helper_team_through_the_standing_deputy() -> None:
    # Directing the helper team and dividing its work are the Standing Deputy's and the leader's,
    # not the Head's own acts (khoản 1 and 3 Điều 9, khoản 4 Điều 6), so no authorisation of the
    # Head confers them either.
    case = committee().authorise("UQ1", HEAD, SD, [Act.DIRECT_HELPER_TEAM], "2009-01-01",
                                 signed_on="2008-12-30").complete().build()
    # (assign_helper_tasks: under the default reading of point 10, head_directs_helpers)
    for act, rule in ((Act.DIRECT_HELPER_TEAM,
                       "direct_helper_team.no-power@through_standing_deputy"),
                      (Act.ASSIGN_HELPER_TASKS,
                       "assign_helper_tasks.no-power@through_standing_deputy")):
        d = check(may(case, HEAD, act), NO, rule, K64)
        assert "the Standing Deputy Head (in own right" in reason(d, rule).explanation.en
    check(may(case, SD, Act.DIRECT_HELPER_TEAM), YES, "direct_helper_team.standing_deputy")


@pytest.mark.clause("dieu-5/khoan-3")
@pytest.mark.parametrize("act", [Act.ASSIGN_DUTIES, Act.INSPECT_MEMBERS])
def test_k53_head_assigns_and_inspects(act: Act) -> None:
    case = committee().complete().build()
    check(may(case, HEAD, act), YES, f"{act.value}.head", K53)
    check(may(case, M1, act), NO, f"{act.value}.no-power", K53)


@pytest.mark.clause("dieu-5/khoan-4")
@pytest.mark.parametrize("act", [Act.CHAIR_CONFERENCES, Act.CONVENE_MEETING])
def test_k54_head_chairs_and_convenes(act: Act) -> None:
    case = committee().complete().build()
    d = check(may(case, HEAD, act), YES, f"{act.value}.head", K54)
    assert "Nguyễn Văn An" in reason(d, f"{act.value}.head").explanation.vi
    for person in (DEP, M1, HM):
        d = check(may(case, person, act), NO, f"{act.value}.no-power", K54)
        assert "the Head (in own right; Article 5(4))" in reason(
            d, f"{act.value}.no-power").explanation.en


@pytest.mark.clause("dieu-5/khoan-4")
def test_k54_the_head_only_while_in_office() -> None:
    b = committee("2008-07-01")
    b.records["positions"][0]["end"] = "2009-06-30"  # the Head leaves on 30 June 2009
    b.person("H2", "Người kế nhiệm").position("H2", "head", "2009-07-01")
    case = b.complete().build()
    check(may(case, HEAD, Act.CONVENE_MEETING, "2009-06-30"), YES, "convene_meeting.head")
    check(may(case, HEAD, Act.CONVENE_MEETING, "2009-07-01"), NO, "convene_meeting.no-power", K54)
    check(may(case, "H2", Act.CONVENE_MEETING, "2009-06-30"), NO, "convene_meeting.no-power")
    check(may(case, "H2", Act.CONVENE_MEETING, "2009-07-01"), YES, "convene_meeting.head")


# =================================================================================================
# Điều 6: the Standing Deputy Head
# =================================================================================================


def authorised(acts: list[Act], valid_from: str = "2009-01-01", valid_to: str | None = None,
               signed_on: str | None = "2008-12-30", grantee: str = SD,
               grantor: str = HEAD) -> CaseBuilder:
    return committee().authorise("UQ1", grantor, grantee, acts, valid_from, valid_to, signed_on)


@pytest.mark.clause("dieu-6/khoan-1")
@pytest.mark.parametrize(("act", "clause"), list(DELEGABLE.items()))
def test_k61_standing_deputy_acts_for_the_head_when_authorised(act: Act, clause: str) -> None:
    d = check(may(authorised([act]).complete().build(), SD, act), YES,
              f"{act.value}.standing_deputy", K61)
    text = reason(d, f"{act.value}.standing_deputy").explanation
    # The chain: who granted what, signed when, in force when.
    assert "UQ1" in text.vi and "Nguyễn Văn An" in text.vi and "30/12/2008" in text.vi
    assert "01/01/2009" in text.vi and "Lê Thị Bình" in text.vi
    assert "signed 2008-12-30" in text.en
    # Without the authorisation (declared complete): no; not declared complete: unknown.
    none = committee().complete().build()
    rule = ("assign_duties.standing-deputy-helps" if act is Act.ASSIGN_DUTIES
            else f"{act.value}.standing-deputy-not-authorised")
    check(may(none, SD, act), NO, rule, K62 if act is Act.ASSIGN_DUTIES else K61)
    d = check(may(committee().complete("positions").build(), SD, act), UNKNOWN, rule + "-unknown")
    assert missing(d) == ["authorisations"]
    # The Head keeps the act while the Standing Deputy holds it.
    check(may(authorised([act]).complete().build(), HEAD, act), YES, f"{act.value}.head",
          clause)


@pytest.mark.clause("dieu-6/khoan-1")
def test_k61_authorisation_must_cover_the_act_and_the_day() -> None:
    # Covering another act.
    case = authorised([Act.INVITE_ATTENDEES]).complete().build()
    check(may(case, SD, Act.CONVENE_MEETING), NO, "convene_meeting.standing-deputy-not-authorised",
          K61)
    # Before and after its term (both ends inclusive).
    case = authorised([Act.CONVENE_MEETING], "2009-04-01", "2009-06-30").complete().build()
    d = check(may(case, SD, Act.CONVENE_MEETING, "2009-03-31"), NO,
              "convene_meeting.authorisation-not-yet", K61)
    assert "01/04/2009" in reason(d, "convene_meeting.authorisation-not-yet").explanation.vi
    check(may(case, SD, Act.CONVENE_MEETING, "2009-04-01"), YES)
    check(may(case, SD, Act.CONVENE_MEETING, "2009-06-30"), YES)
    d = check(may(case, SD, Act.CONVENE_MEETING, "2009-07-01"), NO,
              "convene_meeting.authorisation-expired", K61)
    assert "had expired" in reason(d, "convene_meeting.authorisation-expired").explanation.en


@pytest.mark.clause("dieu-6/khoan-1")
def test_k61_expired_authorisation_with_records_open_is_unknown() -> None:
    case = (authorised([Act.CONVENE_MEETING], "2009-01-01", "2009-02-28")
            .complete("positions").build())
    d = check(may(case, SD, Act.CONVENE_MEETING), UNKNOWN,
              "convene_meeting.standing-deputy-not-authorised-unknown", K61)
    assert missing(d) == ["authorisations"]


@pytest.mark.clause("dieu-6/khoan-1")
def test_k61_authorisation_signed_by_someone_not_the_head() -> None:
    # Signed by a Member: with positions declared complete, no; otherwise unknown.
    b = authorised([Act.CONVENE_MEETING], grantor=M1)
    d = check(may(b.copy().complete().build(), SD, Act.CONVENE_MEETING), NO,
              "convene_meeting.grantor-not-head", K61)
    assert "M1" in reason(d, "convene_meeting.grantor-not-head").explanation.en
    d = check(may(b.complete("authorisations").build(), SD, Act.CONVENE_MEETING), UNKNOWN,
              "convene_meeting.grantor-not-head-unknown", K61)
    assert missing(d) == ["positions"]
    # Signed before the grantor became the Head: the Head of the signing day is what counts.
    b = committee("2009-01-10").authorise("UQ1", HEAD, SD, [Act.CONVENE_MEETING], "2009-01-10",
                                          signed_on="2009-01-05")
    check(may(b.complete().build(), SD, Act.CONVENE_MEETING), NO,
          "convene_meeting.grantor-not-head")


@pytest.mark.clause("dieu-6/khoan-1")
def test_k61_authorisation_survives_the_heads_departure() -> None:
    # Signed by the Head in office; valid after he left: still an authorisation of the Head.
    b = authorised([Act.CONVENE_MEETING], "2009-01-01", "2009-12-31")
    b.records["positions"][0]["end"] = "2009-02-28"
    case = b.complete().build()
    check(may(case, SD, Act.CONVENE_MEETING), YES,
          "convene_meeting.standing_deputy", K61)
    check(may(case, HEAD, Act.CONVENE_MEETING), NO, "convene_meeting.no-power")


@pytest.mark.clause("dieu-6/khoan-1", "dieu-2/khoan-3")
def test_k61_signing_under_the_ppc_seal_on_the_heads_behalf() -> None:
    # Under an authorisation naming it (as dieu2.seal_valid reads khoản 3 Điều 2): yes.
    case = authorised([Act.SIGN_WITH_PPC_SEAL]).complete().build()
    check(may(case, SD, Act.SIGN_WITH_PPC_SEAL), YES, "sign_with_ppc_seal.standing_deputy", K61)
    check(may(case, HEAD, Act.SIGN_WITH_PPC_SEAL), YES, "sign_with_ppc_seal.head",
          "dieu-2/khoan-3")
    # Without one: no; and never for the Deputy, authorised or not.
    check(may(committee().complete().build(), SD, Act.SIGN_WITH_PPC_SEAL), NO,
          "sign_with_ppc_seal.standing-deputy-not-authorised", K61)
    case = authorised([Act.SIGN_WITH_PPC_SEAL], grantee=DEP).complete().build()
    check(may(case, DEP, Act.SIGN_WITH_PPC_SEAL), NO,
          "sign_with_ppc_seal.authorised-deputy-not-standing-deputy", K71)


@pytest.mark.clause("dieu-6/khoan-1")
def test_k61_standing_deputy_answers_to_the_head_for_assigned_work() -> None:
    case = with_chairman(committee()).complete().build()
    d = check(acc(case, SD, HEAD), YES, "standing_deputy-accountable-head@dieu-6.khoan-1", K61)
    assert "for the work the Head assigns" in reason(
        d, "standing_deputy-accountable-head@dieu-6.khoan-1").explanation.en
    # and, as everyone on the committee but the Head, for their own activity (khoản 2 Điều 4)
    reason(d, "standing_deputy-accountable-head@dieu-4.khoan-2")
    check(acc(case, SD, DEP), NO, "standing_deputy-not-to-superior", K61)


@pytest.mark.clause("dieu-6/khoan-2")
def test_k62_standing_deputy_inspects_in_own_right() -> None:
    case = committee().complete().build()  # no authorisation at all
    d = check(may(case, SD, Act.INSPECT_MEMBERS), YES,
              "inspect_members.standing_deputy", K62)
    assert "for the Head" in reason(
        d, "inspect_members.standing_deputy").explanation.en


@pytest.mark.clause("dieu-6/khoan-2", "dieu-5/khoan-3")
def test_k62_standing_deputy_only_helps_assign() -> None:
    d = check(may(committee().complete().build(), SD, Act.ASSIGN_DUTIES), NO,
              "assign_duties.standing-deputy-helps", K62)
    r = reason(d, "assign_duties.standing-deputy-helps")
    assert K53 in r.clauses and "remains the Head's" in r.explanation.en
    check(may(authorised([Act.ASSIGN_DUTIES]).complete().build(), SD, Act.ASSIGN_DUTIES), YES,
          "assign_duties.standing_deputy", K61)


@pytest.mark.clause("dieu-6/khoan-4", "dieu-9/khoan-1")
def test_k64_standing_deputy_directs_the_helper_team() -> None:
    case = committee().complete().build()
    d = check(may(case, SD, Act.DIRECT_HELPER_TEAM), YES,
              "direct_helper_team.standing_deputy", K64)
    assert "dieu-9/khoan-1" in reason(d, "direct_helper_team.standing_deputy").clauses
    for person in (DEP, M1, HL, HM):
        check(may(case, person, Act.DIRECT_HELPER_TEAM), NO,
              "direct_helper_team.no-power@through_standing_deputy", K64)
    # Directing it directly includes dividing its work, alongside the leader (khoản 3 Điều 9).
    d = check(may(case, SD, Act.ASSIGN_HELPER_TASKS), YES, "assign_helper_tasks.standing_deputy",
              K64)
    assert "dieu-9/khoan-1" in reason(d, "assign_helper_tasks.standing_deputy").clauses


@pytest.mark.clause("dieu-6/khoan-3")
def test_k63_is_declared_not_computable() -> None:
    reasons = not_computable_reasons()
    assert "phối hợp" in reasons[K63].vi and "cooperate" in reasons[K63].en


# =================================================================================================
# Điều 7: the Deputy Head
# =================================================================================================


@pytest.mark.clause("dieu-7/khoan-1")
def test_k71_deputy_answers_to_the_head_for_assigned_work() -> None:
    case = committee().complete().build()
    d = check(acc(case, DEP, HEAD), YES, "deputy-accountable-head@dieu-7.khoan-1", K71)
    assert "Trưởng ban phân công" in reason(d, "deputy-accountable-head@dieu-7.khoan-1"
                                            ).explanation.vi
    check(acc(case, DEP, M1), NO, "deputy-not-to-superior", K71)


@pytest.mark.clause("dieu-7/khoan-1", "dieu-6/khoan-1", "dieu-8/khoan-1")
@pytest.mark.parametrize(("grantee", "kind", "clause", "says"), [
    (DEP, "authorised-deputy-not-standing-deputy", "dieu-7/khoan-1", "the Deputy Head only helps"),
    (M1, "authorised-member-not-standing-deputy", "dieu-8/khoan-1",
     "a Member carries out the tasks the Head assigns"),
    (X1, "authorised-not-standing-deputy", None, None),
])
def test_k71_only_the_standing_deputy_acts_for_the_head(grantee: str, kind: str,
                                                        clause: str | None,
                                                        says: str | None) -> None:
    """The reason says, and cites, what the holder's own position gives: Điều 7 for the Deputy
    Head only, Điều 8 for a Member, neither for someone holding neither position."""
    case = authorised([Act.CONVENE_MEETING], grantee=grantee).complete().build()
    rule = f"convene_meeting.{kind}"
    d = check(may(case, grantee, Act.CONVENE_MEETING), NO, rule, K61)
    r = reason(d, rule)
    assert [x.rule for x in d.reasons if x.condition == "power"] == [r.rule]
    others = {"dieu-7/khoan-1", "dieu-8/khoan-1"} - {clause}
    assert not others & set(r.clauses), r.clauses
    assert ("Điều 7" in r.explanation.vi) == (clause == "dieu-7/khoan-1")
    assert ("Điều 8" in r.explanation.vi) == (clause == "dieu-8/khoan-1")
    if says is not None:
        assert clause in r.clauses and says in r.explanation.en


@pytest.mark.clause("dieu-6/khoan-1", "dieu-7/khoan-1")
def test_a_former_standing_deputy_is_not_told_he_only_helps() -> None:
    """A Standing Deputy whose position has ended, still holding the authorisation: not the
    Deputy Head, so the reason neither says nor cites khoản 1 Điều 7."""
    b = authorised([Act.CONVENE_MEETING])
    for pos in b.records["positions"]:
        if pos["person"] == SD:
            pos["end"] = "2009-03-01"
    d = check(may(b.complete().build(), SD, Act.CONVENE_MEETING, "2009-03-02"), NO,
              "convene_meeting.authorised-not-standing-deputy", K61)
    r = reason(d, "convene_meeting.authorised-not-standing-deputy")
    assert K71 not in r.clauses and "Điều 7" not in r.explanation.vi


@pytest.mark.clause("dieu-7/khoan-2")
def test_k72_deputy_inspects_jointly_with_the_standing_office() -> None:
    case = committee().complete().build()
    d = check(may(case, DEP, Act.INSPECT_MEMBERS), YES, "inspect_members.deputy", K72)
    text = reason(d, "inspect_members.deputy").explanation
    assert "jointly with the Standing office" in text.en and "phối hợp" in text.vi
    check(may(case, M1, Act.INSPECT_MEMBERS), NO, "inspect_members.no-power", K72)


@pytest.mark.clause("dieu-7/khoan-3")
def test_k73_is_declared_not_computable() -> None:
    assert "phối hợp" in not_computable_reasons()[K73].vi


# =================================================================================================
# Điều 8: the Members
# =================================================================================================


@pytest.mark.clause("dieu-8/khoan-1")
def test_k81_member_answers_to_the_head_for_their_field() -> None:
    case = with_chairman(committee()).complete().build()
    d = check(acc(case, M1, HEAD), YES, "member-accountable-head@dieu-8.khoan-1", K81)
    assert "in their field" in reason(d, "member-accountable-head@dieu-8.khoan-1").explanation.en
    reason(d, "member-accountable-head@dieu-4.khoan-2")  # and for their own activity
    # Not to another Member, a helper, or an outsider.
    for superior in ("M2", HL, X1):
        check(acc(case, M1, superior), NO, "member-not-to-superior", K81)


@pytest.mark.clause("dieu-8/khoan-4", "dieu-11/doan-1")
def test_k84_member_reports_to_the_standing_office() -> None:
    case = committee().complete().build()
    d = check(acc(case, M1, SD), YES, "member-reports-standing_deputy@dieu-8.khoan-4", K84)
    assert "reports to" in reason(d, "member-reports-standing_deputy@dieu-8.khoan-4"
                                  ).explanation.en
    # A Member's only own act: attending the meetings.
    check(may(case, M1, Act.ATTEND_MEETING), YES, "attend_meeting.committee-member",
          "dieu-10/doan-5")


@pytest.mark.clause("dieu-8/khoan-2", "dieu-8/khoan-3")
def test_k82_k83_are_declared_not_computable() -> None:
    reasons = not_computable_reasons()
    assert "phối hợp" in reasons[K82].vi
    assert "khoản 1" in reasons[K83].vi and "field" in reasons[K83].en
