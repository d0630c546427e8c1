"""A committee's year as a state machine: appoint and replace members, grant and expire
authorisations, hold meetings, report absences, consent to substitutes, file reports, send
documents, spend. After every step the case is valid and every answer asked agrees with the
oracle (a second evaluator of the same rules, without durable_rules).

Một năm hoạt động của Ban Chỉ đạo như một máy trạng thái: sau mỗi bước, hồ sơ hợp lệ và mọi
câu trả lời của bộ máy luật trùng với bộ đánh giá độc lập.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import kgrules
from kgrules.case import Case
from kgrules.decision import Outcome
from kgrules.oracle import OracleEngine
from kgrules.testing import interpretations, questions_for

YEAR = 2009
START = dt.date(YEAR, 1, 1)
ORACLE = OracleEngine()


def iso(d: dt.date) -> str:
    return d.isoformat()


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


class CommitteeYear(RuleBasedStateMachine):
    """Invariant: the records always form a valid Case; the engine and the oracle agree."""

    def __init__(self) -> None:
        super().__init__()
        self.n = 0
        self.data: dict[str, Any] = {
            "name": "state machine", "records_complete": [],
            "people": [], "positions": [], "meetings": [], "absence_reports": [],
            "consents": [], "attendances": [], "authorisations": [], "reports": [],
            "dispatches": [], "consultations": [], "invitations": [],
            "agencies": [{"id": "UBND", "name": "UBND tỉnh", "kind": "ppc"},
                         {"id": "STTTT", "name": "Sở TT&TT", "kind": "standing_agency"},
                         {"id": "STC", "name": "Sở Tài chính", "kind": "finance"}],
            "estimates": [], "expenditures": [],
        }
        self.head = self._person("head", YEAR - 1)
        self.deputy = self._person("standing_deputy", YEAR - 1)
        self._person("deputy", YEAR - 1)
        self.members = [self._person("member", YEAR - 1) for _ in range(3)]
        self.outsiders = [self._new_person() for _ in range(2)]
        self.answers = 0

    # -- helpers ------------------------------------------------------------------------------
    def _id(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def _new_person(self) -> str:
        pid = self._id("P")
        self.data["people"].append({"id": pid, "name": f"Người {pid}"})
        return pid

    def _person(self, role: str, year: int, start: dt.date | None = None) -> str:
        pid = self._new_person()
        self.data["positions"].append({"person": pid, "role": role,
                                       "start": iso(start or dt.date(year, 1, 1))})
        return pid

    def _meetings(self) -> list[dict[str, Any]]:
        return list(self.data["meetings"])

    def case(self) -> Case:
        return Case.from_dict(self.data)

    # -- steps --------------------------------------------------------------------------------
    @rule(offset=st.integers(0, 360))
    def appoint_member(self, offset: int) -> None:
        self.members.append(self._person("member", YEAR, START + days(offset)))

    @rule(offset=st.integers(1, 360))
    def replace_head(self, offset: int) -> None:
        """Hand over: the old Head's position ends the day before the new one's starts."""
        day = START + days(offset)
        for pos in self.data["positions"]:
            if pos["person"] == self.head and pos.get("end") is None:
                if dt.date.fromisoformat(pos["start"]) >= day:
                    return
                pos["end"] = iso(day - days(1))
        self.head = self._person("head", YEAR, day)
        self.data["offices"] = [*self.data.get("offices", []),
                                {"person": self.head, "kind": "ppc_vice_chairman",
                                 "agency": "UBND", "start": iso(day)}]

    @rule(start=st.integers(0, 300), length=st.integers(0, 200),
          acts=st.lists(st.sampled_from(["consent_substitute", "convene_meeting",
                                         "request_adhoc_report", "invite_attendees"]),
                        min_size=1, max_size=3, unique=True))
    def authorise_deputy(self, start: int, length: int, acts: list[str]) -> None:
        begin = START + days(start)
        self.data["authorisations"].append({
            "id": self._id("UQ"), "grantor": self.head, "grantee": self.deputy, "acts": acts,
            "valid_from": iso(begin), "valid_to": iso(begin + days(length)),
            "signed_on": iso(begin)})

    @rule(quarter=st.integers(1, 4), day=st.integers(14, 31), extraordinary=st.booleans())
    def hold_meeting(self, quarter: int, day: int, extraordinary: bool) -> None:
        month = quarter * 3
        last = (dt.date(YEAR, month % 12 + 1, 1) if month < 12 else dt.date(YEAR + 1, 1, 1))
        date = min(dt.date(YEAR, month, min(day, 28)) + days(max(0, day - 28)), last - days(1))
        self.data["meetings"].append({
            "id": self._id("M"), "kind": "extraordinary" if extraordinary else "regular",
            "date": iso(date), "convened_by": self.head,
            "proposed_by": self.deputy if extraordinary else None,
            "proposed_on": iso(date - days(7)) if extraordinary else None,
            "has_documents": True})

    @precondition(lambda self: bool(self.data["meetings"]))
    @rule(data=st.data(), before=st.integers(-2, 10), by_deputy=st.booleans())
    def substitute(self, data: st.DataObject, before: int, by_deputy: bool) -> None:
        meeting = data.draw(st.sampled_from(self._meetings()))
        member = data.draw(st.sampled_from(self.members))
        sub = data.draw(st.sampled_from(self.outsiders))
        day = dt.date.fromisoformat(meeting["date"])
        self.data["absence_reports"].append({"meeting": meeting["id"], "member": member,
                                             "reported_on": iso(day - days(max(before, 0)))})
        self.data["consents"].append({"meeting": meeting["id"], "member": member,
                                      "substitute": sub,
                                      "given_by": self.deputy if by_deputy else self.head,
                                      "given_on": iso(day - days(before))})
        self.data["attendances"].append({"meeting": meeting["id"], "person": sub,
                                         "mode": "substitute", "on_behalf_of": member})

    @precondition(lambda self: bool(self.data["meetings"]))
    @rule(data=st.data())
    def attend(self, data: st.DataObject) -> None:
        meeting = data.draw(st.sampled_from(self._meetings()))
        self.data["attendances"].append({"meeting": meeting["id"],
                                         "person": data.draw(st.sampled_from(self.members)),
                                         "mode": "in_person"})

    @rule(data=st.data(), quarter=st.integers(1, 4), day=st.integers(1, 20))
    def file_report(self, data: st.DataObject, quarter: int, day: int) -> None:
        self.data["reports"].append({
            "member": data.draw(st.sampled_from(self.members)), "kind": "quarterly",
            "quarter": f"{YEAR}-Q{quarter}", "received_on": iso(dt.date(YEAR, quarter * 3, day))})

    @precondition(lambda self: bool(self.data["meetings"]))
    @rule(data=st.data(), before=st.integers(0, 8))
    def send_documents(self, data: st.DataObject, before: int) -> None:
        meeting = data.draw(st.sampled_from(self._meetings()))
        day = dt.date.fromisoformat(meeting["date"])
        self.data["dispatches"].append({"meeting": meeting["id"],
                                        "sent_on": iso(day - days(before))})

    @rule(amount=st.integers(10_000_000, 400_000_000))
    def approve_estimate(self, amount: int) -> None:
        if not self.data["estimates"]:
            self.data["estimates"].append({
                "id": "DT", "year": YEAR, "amount": amount, "prepared_by": self.deputy,
                "prepared_on": "2008-11-01", "appraised_by": "STC", "appraised_on": "2008-11-20",
                "approved_by": "UBND", "approved_on": "2008-12-15",
                "dic_ceiling": 2_000_000_000})

    @precondition(lambda self: bool(self.data["estimates"]))
    @rule(amount=st.integers(1_000_000, 120_000_000), offset=st.integers(0, 360),
          twice=st.booleans())
    def spend(self, amount: int, offset: int, twice: bool) -> None:
        record = {"id": self._id("CHI"), "estimate": "DT", "amount": amount,
                  "date": iso(START + days(offset)),
                  "decided_by": self.deputy, "budget_line": "dic_operational",
                  "purpose": "committee", "category": "meetings"}
        self.data["expenditures"].append(record)
        if twice:  # an identical payment (but for its id): two payments, both counted
            self.data["expenditures"].append({**record, "id": self._id("CHI")})

    @rule(kinds=st.lists(st.sampled_from(["absence_reports", "consents", "attendances",
                                          "reports", "dispatches", "meetings", "expenditures"]),
                         unique=True))
    def declare_complete(self, kinds: list[str]) -> None:
        self.data["records_complete"] = kinds

    # -- checks -------------------------------------------------------------------------------
    @invariant()
    def records_form_a_valid_case(self) -> None:
        self.case()

    def agree(self, case: Case, qid: str, args: dict[str, str],
              chosen: dict[str, str] | None = None) -> str:
        engine = kgrules.ask(qid, case, interpretations=chosen, **args).to_dict()
        oracle = kgrules.ask(qid, case, interpretations=chosen, engine=ORACLE, **args).to_dict()
        assert engine.pop("engine") == "durable_rules" and oracle.pop("engine") == "oracle"
        assert engine == oracle, (qid, args)
        assert engine["outcome"] in {o.value for o in Outcome}
        self.answers += 1
        return str(engine["outcome"])

    @invariant()
    def the_newest_records_are_answered_alike(self) -> None:
        """After every step: the ★ questions about the newest meeting, consent, report and
        expenditure give the same answer on the engine and on the oracle."""
        case = self.case()
        known = {q.id for q in kgrules.questions()}
        if case.meetings:
            m = case.meetings[-1].id
            self.agree(case, "dieu10.regular_meeting_in_window", {"meeting": m})
            self.agree(case, "dieu11.documents_on_time", {"meeting": m})
        if case.consents:
            c = case.consents[-1]
            self.agree(case, "dieu10.substitute_allowed", {
                "meeting": c.meeting, "member": c.member, "substitute": c.substitute or ""})
        if case.reports:
            r = case.reports[-1]
            self.agree(case, "dieu11.report_on_time", {"member": r.member,
                                                        "quarter": r.quarter or ""})
        newest = case.expenditures[-1] if case.expenditures else None
        if newest is not None and newest.id and "dieu12.expense_authorised" in known:
            self.agree(case, "dieu12.expense_authorised", {"expenditure": newest.id})

    @rule(data=st.data())
    def any_question_under_any_reading(self, data: st.DataObject) -> None:
        case = self.case()
        chosen = data.draw(interpretations())
        for _ in range(3):
            qid, args = data.draw(questions_for(case))
            self.agree(case, qid, args, chosen)


CommitteeYear.TestCase.settings = settings(
    settings.default, stateful_step_count=20,
    max_examples=max(10, settings.default.max_examples // 2),
)


@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-2", "dieu-10/doan-5", "dieu-11/doan-1",
                    "dieu-11/doan-2")
class TestCommitteeYear(CommitteeYear.TestCase):  # type: ignore[name-defined,misc]
    """Một năm của Ban Chỉ đạo / a committee's year, step by step."""
