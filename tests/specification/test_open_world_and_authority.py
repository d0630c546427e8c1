"""Two catalogue-wide properties of issue 12 ("no firm answer that the text does not give").

**Open world.** With no kind of record declared complete (``records_complete`` empty), no answer
is ``no`` because a record is absent. A ``no`` rests on absence in two ways, and both are
checked on every decisive failing reason of every question asked about a generated committee:

* its rule matches the absence of a fact (a ``no(...)`` pattern): with nothing declared
  complete, the absent record may simply be unrecorded;
* its condition has a "none known while the records are open" fallback (an ``unknown`` fallback
  rule that matches no particular record, only the evaluate fact, testing one of its
  ``complete…`` fields == False: the text decides that condition on the whole record), and the
  failing rule itself does not require the records complete: the failure then pre-empts the
  module's own open-world answer, as one regular meeting outside the window did for the
  quarter's obligation (item 3), where an unrecorded meeting in the window or a consultation may
  exist.

What it does not claim: a ``no`` resting on a recorded fact's own content (a report recorded as
arriving late, a dispatch recorded as sent late) is not counted as absence-based, though an
earlier unrecorded report or dispatch is conceivable; such conditions say so through their own
open-world ``unknown`` rules where the text needs it.

``test_open_world_detects_item_3`` shows the check failing on the old rule of item 3.

**One source of truth for who may act.** Every question that asks whether a person could do
one of the acts below reads ``authority.may_act`` (a declared dependency), and agrees with it:
``yes`` ⇒ the condition holds, ``no`` ⇒ it fails, ``unknown`` ⇒ it is neither held nor failed
on that account. No rule outside ``rules/authority.py`` tests an authorisation for these acts.
One question is checked without reading it: ``dieu9.helper_member_valid``, which may_act itself
asks about the Tổ trưởng (``MATCHES_ITSELF``: no dependency circle), agrees with it all the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kgrules.rules.common import MAY_ACT

from kgrules import Case, Decision, Outcome, ask, questions
from kgrules.dsl import Question, Rule, Status
from kgrules.facts import AgencyKind, AssignmentKind, Capacity, MeetingKind, ReportKind
from kgrules.registry import question as question_of
from kgrules.testing import committee_cases, interpretations, questions_for

QUESTION_IDS = tuple(q.id for q in questions())
FEWER = settings(max_examples=max(5, settings.default.max_examples // 3))


# =================================================================================================
# Open world
# =================================================================================================


def _tests_complete(rule: Rule, value: bool) -> bool:
    return any(t.binding == "e" and t.field.startswith("complete") and t.op == "=="
               and t.value is value for p in rule.patterns for t in p.tests)


#: Failing rules whose ``no`` rests on a recorded fact that itself excludes the open
#: alternative, each with the reason (reviewed one by one; a new entry needs one).
NOT_ABSENCE_BASED = {
    "dieu10.attendance_compliant/substitute-no": (
        "a substitute recorded as attending in the member's place shows the member did not "
        "attend in person; the substitute's own answer (dieu10.substitute_allowed) is no"),
}


def absence_based(question: Question, rule: Rule) -> str | None:
    """Why a failing ``rule`` of ``question`` rests on the absence of a record when no kind is
    declared complete, or None."""
    if rule.id in NOT_ABSENCE_BASED:
        return None
    if any(p.negated for p in rule.patterns):
        return "matches the absence of a fact"
    open_unknowns = [r.id for r in question.rules if r.condition == rule.condition and r.fallback
                     and r.status is Status.UNKNOWN and _tests_complete(r, False)
                     and all(p.binding == "e" for p in r.patterns)]
    if open_unknowns and not _tests_complete(rule, True):
        return (f"pre-empts {open_unknowns[0]}, the condition's answer while the records are "
                "open, without requiring the records complete")
    return None


def violations(decision: Decision) -> list[str]:
    q = question_of(decision.question)
    by_id = {r.id: r for r in q.rules}
    out = []
    if decision.outcome is not Outcome.NO:
        return out
    for reason in decision.reasons:
        if reason.decisive and reason.status is Status.FAILS:
            why = absence_based(q, by_id[reason.rule])
            if why:
                out.append(f"{reason.rule}: {why}")
    return out


def open_world(case: Case) -> Case:
    return attrs.evolve(case, records_complete=frozenset())


@FEWER
@given(data=st.data(), case=committee_cases(), chosen=interpretations())
@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-4", "dieu-11/doan-1", "dieu-11/doan-2")
def test_no_answer_rests_on_an_absent_record(data: st.DataObject, case: Case,
                                             chosen: dict[str, str]) -> None:
    case = open_world(case)
    for qid in QUESTION_IDS:
        found = questions_for(case, [qid])
        if found.is_empty:
            continue
        _, arguments = data.draw(found, label=qid)
        decision = ask(qid, case, interpretations=chosen, **arguments)
        assert violations(decision) == [], (qid, arguments, violations(decision))


@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-4")
def test_open_world_detects_item_3() -> None:
    """The check fails on the old rule of item 3: a regular meeting outside the window failing
    the quarter's duty with meetings and consultations open."""
    q = question_of("dieu10.quarter_obligation_met")
    new = next(r for r in q.rules if r.id.endswith("/meeting-outside-window"))
    assert absence_based(q, new) is None  # gated on the records being complete
    old = attrs.evolve(new, patterns=tuple(
        attrs.evolve(p, tests=tuple(t for t in p.tests if not t.field.startswith("complete")))
        for p in new.patterns))
    why = absence_based(q, old)
    assert why is not None and "none-known" in why


# =================================================================================================
# One source of truth for who may act
# =================================================================================================

#: (question, condition, the records it is asked about, its arguments, the person, act and day
#: it asks authority.may_act about; None when the record does not put the question).
Use = tuple[str, str, str, Callable[[Any, Case], dict[str, str] | None],
            Callable[[Any, Case], tuple[str | None, str, dt.date | None]]]


def _consultation(r: Any, case: Case) -> dict[str, str] | None:
    return {"consultation": r.id}


def _decided(r: Any, case: Case) -> dict[str, str] | None:
    decided = r.decided_by is not None and r.decided_on is not None
    return {"consultation": r.id} if decided and r.decided_on >= r.requested_on else None


def _adhoc(r: Any, case: Case) -> dict[str, str] | None:
    adhoc = r.kind is ReportKind.ADHOC and r.id is not None and not r.requested_by_ppc
    return {"report": r.id} if adhoc and (r.received_on or r.sent_on) else None


def _extraordinary(r: Any, case: Case) -> dict[str, str] | None:
    """An extraordinary meeting with its convening day (on an unknown day the power is unknown
    without asking: issue 12, item 1)."""
    known = r.kind is MeetingKind.EXTRAORDINARY and r.convened_on is not None
    return {"meeting": r.id} if known else None


def _invitation(r: Any, case: Case) -> dict[str, str] | None:
    same = [iv for _, iv in case.invitations_for(r.meeting) if iv.invitee == r.invitee]
    day = case.meeting(r.meeting).date
    if len(same) != 1 or r.decided_on is None or r.decided_on > day:
        return None
    return {"meeting": r.meeting, "person": r.invitee}


def _consent(r: Any, case: Case) -> dict[str, str] | None:
    """One consent for the member and meeting, naming its substitute, given before the meeting
    day (on time under both readings of point 4)."""
    same = case.consents_for(r.meeting, r.member)
    if len(same) != 1 or r.substitute is None or r.given_on >= case.meeting(r.meeting).date:
        return None
    return {"meeting": r.meeting, "member": r.member, "substitute": r.substitute}


def _expenditure(r: Any, case: Case) -> dict[str, str] | None:
    return {"expenditure": r.id} if r.id is not None else None


def _estimate(r: Any, case: Case) -> dict[str, str] | None:
    return {"estimate": r.id} if r.prepared_on is not None else None


def _signed_as_head(r: Any, case: Case) -> dict[str, str] | None:
    return {"document": r.id} if r.capacity is Capacity.HEAD else None


def _appointment(r: Any, case: Case) -> dict[str, str] | None:
    """A helper-team appointment asked about on its own day, the person's only decision of that
    day (so it alone governs)."""
    same = [ix for ix in case.helper_appointments_of(r.person)
            if ix.record.decided_on == r.decided_on]
    return {"person": r.person, "date": r.decided_on.isoformat()} if len(same) == 1 else None


def _helper_task(r: Any, case: Case) -> dict[str, str] | None:
    return {"assignment": r.id} if r.id is not None and r.kind is AssignmentKind.HELPER_TASK \
        else None


def _settlement(r: Any, case: Case) -> dict[str, str] | None:
    """The year's only settlement, made after the year with the Department of Finance existing
    that day: nothing else decides its condition. (With no counterpart recorded the condition is
    unknown whoever settled, "counterpart-unknown-…", citing may_act's "yes" among its facts.)"""
    if len(case.settlements_for(r.year)) != 1 or r.settled_on is None \
            or r.settled_on <= dt.date(r.year, 12, 31) or r.settled_with is None:
        return None
    ag = case.by_id("agencies", r.settled_with)[1]
    if ag.kind is not AgencyKind.FINANCE or (ag.start is not None and ag.start > r.settled_on) \
            or (ag.end is not None and ag.end < r.settled_on):
        return None
    return {"year": str(r.year)}


USES: tuple[Use, ...] = (
    ("dieu10.substitute_allowed", "consent", "consents", _consent,
     lambda r, c: (r.given_by, "consent_substitute", r.given_on)),
    ("dieu12.expense_authorised", "decided", "expenditures", _expenditure,
     lambda r, c: (r.decided_by, "decide_expenditure", r.date)),
    ("dieu12.estimate_valid", "prepared", "estimates", _estimate,
     lambda r, c: (r.prepared_by, "prepare_estimate", r.prepared_on)),
    ("dieu2.seal_valid", "signer", "documents", _signed_as_head,
     lambda r, c: (r.signed_by, "sign_with_ppc_seal", r.signed_on)),
    ("dieu9.helper_member_valid", "appointed", "helper_appointments", _appointment,
     lambda r, c: (r.decided_by, "form_helper_team", r.decided_on)),
    ("dieu12.settlement_valid", "settled", "settlements", _settlement,
     lambda r, c: (r.settled_by, "settle_accounts", r.settled_on)),
    ("dieu10.written_consultation_valid", "requested", "consultations", _consultation,
     lambda r, c: (r.requested_by, "request_written_opinions", r.requested_on)),
    ("dieu10.written_consultation_valid", "decided", "consultations", _decided,
     lambda r, c: (r.decided_by, "decide_matters", r.decided_on)),
    ("dieu11.adhoc_report_valid", "requested", "reports", _adhoc,
     lambda r, c: (r.requested_by, "request_adhoc_report", r.received_on or r.sent_on)),
    ("dieu10.extraordinary_meeting_valid", "convened", "meetings", _extraordinary,
     lambda r, c: (r.convened_by, "convene_meeting", r.convened_on)),
    ("dieu10.invitation_valid", "invited", "invitations", _invitation,
     lambda r, c: (r.decided_by, "invite_attendees", r.decided_on)),
    ("dieu9.task_assignment_valid", "assigner", "assignments", _helper_task,
     lambda r, c: (r.assigned_by, "assign_helper_tasks", r.assigned_on)),
)
#: The one question above that does not read authority.may_act as a declared dependency:
#: may_act asks it whether the Tổ trưởng is validly on the team (assign_helper_tasks), so it
#: matches its decisions' signers against the Standing office's ways itself (rules/common.py,
#: the ways may_act's form_helper_team rules are built from); the property below checks that the
#: two agree all the same, on the rules of its signer check.
MATCHES_ITSELF = {"dieu9.helper_member_valid": ("appointed-", "signer-", "not-standing-office")}
#: The acts the questions above read from authority.may_act, and decide_matters, read by
#: dieu4.final_say (checked by its own property below: the final say is the Head's own right).
ACTS = {"request_written_opinions", "request_adhoc_report", "convene_meeting", "invite_attendees",
        "consent_substitute", "decide_expenditure", "prepare_estimate", "decide_matters",
        "settle_accounts", "form_helper_team", "sign_with_ppc_seal", "assign_helper_tasks"}
#: A "no" of authority.may_act leaves these conditions unknown while their records are open: a
#: consent by someone not entitled does not exclude the Head's own, unrecorded (issue 12, item 3).
OPEN_WHEN_NO = {("dieu10.substitute_allowed", "consent"): "consents"}


def asked(case: Case) -> Iterator[tuple[str, str, dict[str, str], str, str, dt.date]]:
    for qid, condition, kind, arguments, subject in USES:
        for ix in case.records(kind):
            args = arguments(ix.record, case)
            person, act, day = subject(ix.record, case)
            if args is None or not person or day is None or not case.has("people", person):
                continue
            yield qid, condition, args, person, act, day


def test_every_question_reading_authority_is_listed() -> None:
    """The questions declaring a dependency on authority.may_act are those checked below."""
    reading = {q.id for q in questions() if MAY_ACT in q.depends_on}
    assert reading == {qid for qid, *_ in USES} - set(MATCHES_ITSELF) | {
        "dieu10.quarter_obligation_met", "dieu4.final_say"}
    # and no question authority.may_act depends on depends on it in turn (no circle)
    below = set(question_of(MAY_ACT).depends_on)
    assert below == set(MATCHES_ITSELF)
    assert all(MAY_ACT not in question_of(q).depends_on for q in below)


def _about_power(qid: str, rule: str) -> bool:
    """Whether a reason's rule (of ``qid``) is the question's reading of who may act."""
    prefixes = MATCHES_ITSELF.get(qid)
    return prefixes is not None and rule.partition("/")[2].startswith(prefixes)


def test_no_rule_outside_authority_checks_these_acts_itself() -> None:
    """No question but authority.may_act tests an authorisation (``authz.act``) for one of the
    acts the others read from it: one source of truth."""
    for q in questions():
        if q.id == MAY_ACT:
            continue
        for rule in q.rules:
            for p in rule.patterns:
                for t in p.tests:
                    if p.type == "authz" and t.field == "act" and t.op == "==":
                        assert t.value not in ACTS, (rule.id, t.value)


@FEWER
@given(case=committee_cases(), chosen=interpretations())
@pytest.mark.clause("dieu-10/doan-2", "dieu-10/doan-3", "dieu-10/doan-4", "dieu-10/doan-5",
                    "dieu-11/doan-1", "dieu-12/doan-1", "dieu-12/doan-3", "dieu-5/khoan-4",
                    "dieu-6/khoan-1", "dieu-9/khoan-2", "dieu-2/khoan-3", "dieu-9/khoan-1",
                    "dieu-9/khoan-3")
def test_authority_answers_agree_with_the_questions(case: Case, chosen: dict[str, str]) -> None:
    """Mọi câu hỏi về việc một người có được làm một việc hay không (đồng ý cho người dự họp thay,
    triệu tập, mời, yêu cầu và quyết định ý kiến bằng văn bản, yêu cầu báo cáo đột xuất, quyết
    định chi, lập dự toán, quyết toán, quyết định thành lập Tổ giúp việc, ký văn bản đóng dấu UBND
    tỉnh, phân công công việc của Tổ giúp việc) lấy câu trả lời của authority.may_act, nên không
    bao giờ trái với nó.

    Every question asking whether a person could do an act (consent to a substitute, convene,
    invite, request and decide written opinions, request an ad hoc report, decide spending,
    prepare the estimate, settle the accounts, form the helper team, sign under the UBND tỉnh's
    seal, assign the helper team's tasks) takes authority.may_act's answer, so the two never
    disagree."""
    for qid, condition, args, person, act, day in asked(case):
        may = ask(MAY_ACT, case, person=person, act=act, date=day.isoformat(),
                  interpretations=chosen)
        decision = ask(qid, case, interpretations=chosen, **args)
        statuses = {r.status for r in decision.reasons if r.condition == condition
                    and (MAY_ACT in r.facts or _about_power(qid, r.rule))}
        # A rule failing the condition on another ground (a late consent, a standing delegation
        # to attend) pre-empts the authority's "no" or "unknown": then no reason citing it is
        # chosen, and the condition fails on that ground.
        other = {r.status for r in decision.reasons if r.condition == condition} == {Status.FAILS}
        if may.outcome is Outcome.YES:
            assert Status.HOLDS in statuses, (qid, args, act, person)
        elif may.outcome is Outcome.NO:
            open_kind = OPEN_WHEN_NO.get((qid, condition))
            expected = Status.UNKNOWN if open_kind and not case.is_complete(open_kind) \
                else Status.FAILS
            assert statuses == {expected} or (not statuses and other), (
                qid, args, act, person, statuses)
        elif may.outcome is Outcome.UNKNOWN:
            assert statuses == {Status.UNKNOWN} or (not statuses and other), (
                qid, args, act, person, statuses)


@FEWER
@given(case=committee_cases(), chosen=interpretations())
@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-4", "dieu-6/khoan-1")
def test_quarter_obligation_agrees_with_authority(case: Case, chosen: dict[str, str]) -> None:
    """A consultation decided after it was requested, by people authority.may_act says could
    request and decide, meets the quarter's duty; the reason cites authority.may_act."""
    for _, ct in case.records("consultations"):
        if ct.decided_by is None or ct.decided_on is None or ct.decided_on < ct.requested_on:
            continue
        if not (case.has("people", ct.requested_by) and case.has("people", ct.decided_by)):
            continue
        request = ask(MAY_ACT, case, person=ct.requested_by, act="request_written_opinions",
                      date=ct.requested_on.isoformat(), interpretations=chosen)
        decide = ask(MAY_ACT, case, person=ct.decided_by, act="decide_matters",
                     date=ct.decided_on.isoformat(), interpretations=chosen)
        decision = ask("dieu10.quarter_obligation_met", case, quarter=ct.quarter,
                       interpretations=chosen)
        held = any(r.rule.endswith("/consultation") and r.status is Status.HOLDS
                   for r in decision.reasons)
        both_yes = request.outcome is Outcome.YES and decide.outcome is Outcome.YES
        if decision.outcome is not Outcome.NOT_APPLICABLE:
            assert held == both_yes, (ct.id, request.outcome, decide.outcome)


@FEWER
@given(case=committee_cases(), chosen=interpretations())
@pytest.mark.clause("dieu-4/khoan-1", "dieu-6/khoan-1")
def test_final_say_agrees_with_authority(case: Case, chosen: dict[str, str]) -> None:
    """Quyết định sau cùng (khoản 1 Điều 4) lấy câu trả lời của authority.may_act về việc quyết
    định các vấn đề: có quyết định sau cùng khi và chỉ khi may_act trả lời CÓ vì người đó là
    Trưởng ban; CÓ nhờ ủy quyền (khoản 1 Điều 6) hay KHÔNG thì không bao giờ là quyết định sau
    cùng; CHƯA XÁC ĐỊNH thì không bao giờ là CÓ.

    dieu4.final_say reads authority.may_act about decide_matters: the final say holds exactly
    when may_act's "yes" is the Head's own right; a "yes" on the Head's behalf (Article 6(1))
    or a "no" is never the final say; an "unknown" is never a "yes"."""
    checked = 0
    for _, pos in case.records("positions"):
        for day in dict.fromkeys(d for d in (pos.start, pos.end) if d is not None):
            may = ask(MAY_ACT, case, person=pos.person, act="decide_matters",
                      date=day.isoformat(), interpretations=chosen)
            final = ask("dieu4.final_say", case, person=pos.person, date=day.isoformat(),
                        interpretations=chosen)
            own = any(r.rule == f"{MAY_ACT}/decide_matters.head" and r.decisive
                      for r in may.reasons)
            checked += 1
            if may.outcome is Outcome.YES:
                assert (final.outcome is Outcome.YES) == own, (pos.person, day, final.outcome)
            elif may.outcome is Outcome.NO:
                assert final.outcome is Outcome.NO, (pos.person, day)
            elif may.outcome is Outcome.UNKNOWN:
                assert final.outcome in (Outcome.NO, Outcome.UNKNOWN), (pos.person, day)
            else:
                assert final.outcome is Outcome.NOT_APPLICABLE, (pos.person, day)
    assert checked == sum(1 if p.end is None or p.end == p.start else 2
                          for _, p in case.records("positions"))
