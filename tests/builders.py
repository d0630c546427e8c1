"""A small builder for test cases, and the helpers the rule tests share.

``CaseBuilder`` collects records as JSON-shaped dicts and builds the :class:`Case` through
``Case.from_dict``, so every test case passes the same validation as a user's JSON file::

    case = (committee("2009-01-01")
            .meeting("M", "2009-03-26")
            .absence("M", M1, on="2009-03-24")
            .consent("M", M1, by=HEAD, on="2009-03-25", substitute=X1)
            .complete("consents")
            .build())

Dates may be ISO strings or ``datetime.date``. :func:`committee` creates a lawful committee
(Head, Standing Deputy, Deputy, three Members, two helpers, two outsiders) so that a test only
states what it is about. :func:`both` answers a question with durable_rules and with the plain
Python oracle, and checks that they agree.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from typing import Any

from kgrules.case import KIND_CLASSES, RECORD_KINDS, Case
from kgrules.catalogue import ask
from kgrules.decision import Decision, Outcome, Reason
from kgrules.dsl import Condition, FactType, QuestionBuilder, Status, Var, no
from kgrules.facts import Act, AttendanceMode, MeetingKind, ReportKind, Role
from kgrules.i18n import Text
from kgrules.oracle import OracleEngine
from kgrules.scope import ScopeResult

DateLike = str | dt.date

#: The people of :func:`committee`.
HEAD, SD, DEP = "H", "SD", "DEP"
M1, M2, M3 = "M1", "M2", "M3"
HL, HM = "HL", "HM"  # helper-team leader and member (not on the committee)
X1, X2 = "X1", "X2"  # outsiders: substitutes, invitees

ORACLE = OracleEngine()


def iso(value: DateLike | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    dt.date.fromisoformat(value)  # fail early, in the test, on a typo
    return value


def _value(value: Any) -> Any:
    """Enums to their JSON values, dates to ISO strings."""
    if isinstance(value, Role | Act | MeetingKind | ReportKind | AttendanceMode):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class CaseBuilder:
    """Accumulates the records of one case; every method returns the builder."""

    def __init__(self, name: str = "test case") -> None:
        self.name = name
        self.records: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KIND_CLASSES}
        self.kinds_complete: set[str] = set()
        self.overrides: list[dict[str, Any]] = []

    def _add(self, _records: str, /, **fields: Any) -> CaseBuilder:
        self.records[_records].append({k: _value(v) for k, v in fields.items() if v is not None})
        return self

    # --- people and positions --------------------------------------------------------------

    def person(
        self, id: str, name: str | None = None, *, office: str | None = None,
        agency: str | None = None, on_dic_payroll: bool | None = None,
    ) -> CaseBuilder:
        return self._add("people", id=id, name=name or f"Người {id}", office=office,
                         agency=agency, on_dic_payroll=on_dic_payroll)

    def position(
        self, person: str, role: Role | str, start: DateLike, end: DateLike | None = None,
        *, id: str | None = None,
    ) -> CaseBuilder:
        return self._add("positions", id=id, person=person, role=role, start=iso(start),
                         end=iso(end))

    # --- meetings --------------------------------------------------------------------------

    def meeting(
        self, id: str, date: DateLike, kind: MeetingKind | str = "regular", *,
        quarter: str | None = None, proposed_by: str | None = None,
        proposed_on: DateLike | None = None, convened_by: str | None = None,
        convened_on: DateLike | None = None, has_documents: bool | None = None,
        held: bool = True,
    ) -> CaseBuilder:
        return self._add("meetings", id=id, kind=kind, date=iso(date), quarter=quarter,
                         proposed_by=proposed_by, proposed_on=iso(proposed_on),
                         convened_by=convened_by, convened_on=iso(convened_on),
                         has_documents=has_documents, held=held)

    def absence(
        self, meeting: str, member: str, on: DateLike, *, to: str | None = None,
        id: str | None = None,
    ) -> CaseBuilder:
        return self._add("absence_reports", id=id, meeting=meeting, member=member,
                         reported_on=iso(on), reported_to=to)

    def consent(
        self, meeting: str, member: str, by: str, on: DateLike, substitute: str | None = None,
        *, id: str | None = None,
    ) -> CaseBuilder:
        return self._add("consents", id=id, meeting=meeting, member=member,
                         substitute=substitute, given_by=by, given_on=iso(on))

    def attend(
        self, meeting: str, person: str, on_behalf_of: str | None = None, *,
        id: str | None = None,
    ) -> CaseBuilder:
        """In person, or (with ``on_behalf_of``) as a substitute for that member."""
        mode = AttendanceMode.IN_PERSON if on_behalf_of is None else AttendanceMode.SUBSTITUTE
        return self._add("attendances", id=id, meeting=meeting, person=person, mode=mode,
                         on_behalf_of=on_behalf_of)

    def authorise(
        self, id: str, grantor: str, grantee: str, acts: Iterable[Act | str],
        valid_from: DateLike, valid_to: DateLike | None = None,
        signed_on: DateLike | None = None,
    ) -> CaseBuilder:
        return self._add("authorisations", id=id, grantor=grantor, grantee=grantee,
                         acts=[_value(a) for a in acts], valid_from=iso(valid_from),
                         valid_to=iso(valid_to), signed_on=iso(signed_on))

    # --- reports, documents, consultations, invitations ----------------------------------

    def report(
        self, member: str, kind: ReportKind | str = "quarterly", *, id: str | None = None,
        quarter: str | None = None, received_on: DateLike | None = None,
        received_by: str | None = None, requested_by: str | None = None,
        requested_by_ppc: bool = False, sent_on: DateLike | None = None,
    ) -> CaseBuilder:
        return self._add("reports", id=id, member=member, kind=kind, quarter=quarter,
                         received_on=iso(received_on), received_by=received_by,
                         requested_by=requested_by, requested_by_ppc=requested_by_ppc,
                         sent_on=iso(sent_on))

    def dispatch(
        self, meeting: str, sent_on: DateLike, *, sent_by: str | None = None,
        recipients: Iterable[str] = (), id: str | None = None,
    ) -> CaseBuilder:
        return self._add("dispatches", id=id, meeting=meeting, sent_on=iso(sent_on),
                         sent_by=sent_by, recipients=list(recipients))

    def consultation(
        self, id: str, quarter: str, requested_by: str, requested_on: DateLike, *,
        decided_by: str | None = None, decided_on: DateLike | None = None,
        reason: str | None = None, addressees: Iterable[str] = (),
    ) -> CaseBuilder:
        return self._add("consultations", id=id, quarter=quarter, requested_by=requested_by,
                         requested_on=iso(requested_on), reason=reason,
                         addressees=list(addressees), decided_by=decided_by,
                         decided_on=iso(decided_on))

    def invite(
        self, meeting: str, invitee: str, by: str | None = None, on: DateLike | None = None,
        *, id: str | None = None,
    ) -> CaseBuilder:
        return self._add("invitations", id=id, meeting=meeting, invitee=invitee,
                         decided_by=by, decided_on=iso(on))

    # --- the case --------------------------------------------------------------------------

    def complete(self, *kinds: str) -> CaseBuilder:
        """Declare kinds of record held in full (closed world); no argument: every kind."""
        for kind in kinds or RECORD_KINDS:
            if kind not in RECORD_KINDS:
                raise ValueError(f"unknown kind of record {kind!r}")
            self.kinds_complete.add(kind)
        return self

    def calendar(
        self, year: int, *, days_off: Iterable[DateLike] = (),
        working_days: Iterable[DateLike] = (), source: str = "test",
    ) -> CaseBuilder:
        """An official list for ``year`` taking precedence over the default calendar."""
        self.overrides.append({"year": year, "days_off": [iso(d) for d in days_off],
                               "working_days": [iso(d) for d in working_days],
                               "source": source})
        return self

    def copy(self) -> CaseBuilder:
        """An independent builder with the same records (to vary one base case)."""
        return copy.deepcopy(self)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name,
                                "records_complete": sorted(self.kinds_complete)}
        data.update({kind: list(items) for kind, items in self.records.items() if items})
        if self.overrides:
            data["calendar_overrides"] = list(self.overrides)
        return data

    def build(self) -> Case:
        return Case.from_dict(self.to_dict())


def committee(start: DateLike = "2008-07-01", name: str = "test committee") -> CaseBuilder:
    """A lawful committee from ``start``: the Head (H), the Standing Deputy (SD), the Deputy
    (DEP), Members M1–M3, a helper-team leader (HL) and member (HM), and outsiders X1, X2."""
    b = CaseBuilder(name)
    b.person(HEAD, "Nguyễn Văn An", office="Phó Chủ tịch UBND tỉnh")
    b.person(SD, "Lê Thị Bình", office="Giám đốc Sở Thông tin và Truyền thông")
    b.person(DEP, "Trần Quốc Cường", office="Phó Chánh Văn phòng UBND tỉnh")
    b.person(M1, "Phạm Thị Dung").person(M2, "Hoàng Văn Em").person(M3, "Võ Thị Giang")
    b.person(HL, "Đỗ Văn Hải").person(HM, "Bùi Thị Kim")
    b.person(X1, "Đinh Văn Long").person(X2, "Mai Thị Nga")
    b.position(HEAD, Role.HEAD, start).position(SD, Role.STANDING_DEPUTY, start)
    b.position(DEP, Role.DEPUTY, start)
    for member in (M1, M2, M3):
        b.position(member, Role.MEMBER, start)
    b.position(HL, Role.HELPER_LEADER, start).position(HM, Role.HELPER_MEMBER, start)
    return b


# --- answering -------------------------------------------------------------------------------


def both(qid: str, case: Case, **kw: Any) -> Decision:
    """Ask with durable_rules and with the oracle; the answers must be identical (but for the
    engine's name). Returns the durable decision."""
    durable = ask(qid, case, **kw)
    oracle = ask(qid, case, engine=ORACLE, **kw)
    d, o = durable.to_dict(), oracle.to_dict()
    assert d.pop("engine") != o.pop("engine")
    assert d == o, f"durable and oracle disagree on {qid}"
    # Every answer explains itself in both languages, with nothing left unformatted and no
    # missing date shown as "—".
    for reason in durable.reasons:
        for text in (reason.explanation.vi, reason.explanation.en):
            assert text and "{" not in text and "}" not in text, text
            assert "—" not in text, f"{reason.rule}: {text}"
        assert reason.quotes and all(q.text for q in reason.quotes)
    return durable


def reason(decision: Decision, rule: str) -> Reason:
    """The reason given by ``rule`` (its full id, or the part after the question id)."""
    full = rule if "/" in rule else f"{decision.question}/{rule}"
    found = [r for r in decision.reasons if r.rule == full]
    assert found, f"no reason {full}; reasons: {[r.rule for r in decision.reasons]}"
    return found[0]


def check(
    decision: Decision, outcome: Outcome | str, rule: str | None = None,
    clause: str | None = None,
) -> Decision:
    """Assert the outcome and, with ``rule``, that this rule gave a decisive reason citing
    ``clause``."""
    assert decision.outcome == Outcome(outcome), (
        f"{decision.question}: expected {Outcome(outcome).value}, got "
        f"{decision.outcome.value}\n{decision.render('en')}"
    )
    if rule is not None:
        r = reason(decision, rule)
        assert r.decisive, f"{r.rule} is not decisive"
        if clause is not None:
            assert clause in r.clauses, f"{r.rule} cites {r.clauses}, not {clause}"
    return decision


def used(decision: Decision) -> dict[str, tuple[str, bool]]:
    """The interpretation switches an answer lists: {switch: (reading, is the default)}."""
    return {i.switch: (i.reading, i.default) for i in decision.interpretations}


def missing(decision: Decision) -> list[str]:
    return [m.fact for m in decision.missing]


def warned(decision: Decision) -> str:
    """Every warning, both languages, as one string to search."""
    return "\n".join(f"{w.vi}\n{w.en}" for w in decision.warnings)


def two_pattern_question(qid: str, fact_type: FactType, because: str) -> Any:
    """A toy question over ``fact_type`` (fields ``owner`` and ``value`` at least): a rule
    joining two facts of that one type (two copies, ``x`` and ``y``, explained by ``because``),
    an absence rule and a fallback: the engine's shapes the adapter handles specially."""
    b = QuestionBuilder(
        qid, title=Text("thử", "toy"), clauses=("dieu-10/doan-5",), arguments=(),
        conditions=(Condition("ok", Text("được", "ok")),), evaluate={"owner": str},
        facts=(fact_type,), reads={"owner": "people.name"},
    )
    e, x, y = b.e, b.var("x", fact_type), b.var("y", fact_type)
    b.rule("two", condition="ok", status=Status.HOLDS, clauses=["dieu-10/doan-5"],
           when=[x.owner == e.owner, y.owner == e.owner, y.value > x.value],
           because=Text(because, because))
    b.rule("none", condition="ok", status=Status.FAILS, clauses=["dieu-10/doan-5"],
           when=[no(Var("n", fact_type), Var("n", fact_type).owner == e.owner)],
           because=Text("không", "none"))
    b.rule("other", condition="ok", status=Status.UNKNOWN, clauses=["dieu-10/doan-5"],
           fallback=True, when=[e.owner != ""], because=Text("?", "?"))
    b.scope(lambda s: ScopeResult({"owner": "o"}))
    return b.build()
