"""The benchmark's yardstick: a flagship decision written the way an application developer
would, plain-Python look-ups in the Case feeding a Cedar policy (``cedarpy``, the ``[bench]``
extra). Not part of kgrules' answers: :mod:`kgrules.bench` checks that it agrees with kgrules on
every request it times, then times both.

Two flagships have a Cedar policy, both under the default readings:

* ``dieu10.substitute_allowed``: the Standing Deputy, Deputies and Members bound to attend;
  consent by the meeting day; the Head, or the Standing Deputy under an authorisation of the
  Head covering the consent.
* ``dieu12.expense_authorised``: decided by the Standing Deputy of that day (point 7,
  ``standing_deputy``); for the committee or the helper team; from the Sở TT&TT's operational
  budget; charged to an estimate of its year approved, by that day, by a Provincial People's
  Committee existing on the day of approval; the running total on the estimate, every same-day
  payment included, within it; a content the cited texts allow (``rules/dieu12.CONTENTS``); no
  limit supplied with the case exceeded, per payment or over the year (same-day payments
  included).

Cedar has no ``unknown``: Allow means kgrules' ``yes``, and every other outcome (``no``,
``unknown``, ``not_applicable``) is Deny. So the yardstick answers the yes/no question "may this
be done without more facts", and the bench checks Allow ⇔ ``yes`` on every request it times,
the ``unknown`` ones included (an unlisted content under point 12's default reading, a decider
whose authority is not established, payments of one day in an unknown order): those Cedar
denies, kgrules says what is missing.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from kgrules.case import Case
from kgrules.examples import example_path
from kgrules.facts import Act, Role
from kgrules.params import in_force

# Imported by name: the [bench] extra is optional, and mypy must pass with or without it.
cedarpy: Any
try:
    cedarpy = importlib.import_module("cedarpy")
except ImportError:  # pragma: no cover - the bench says Cedar was not measured
    cedarpy = None

#: The spending contents the cited texts allow (đoạn 2 Điều 12): the rule module's data table,
#: loaded by name as kgrules.docs_gen loads it (``kgrules.rules`` is the top-level ``rules/``).
CONTENTS: Mapping[Any, Any] = importlib.import_module("kgrules.rules.dieu12").CONTENTS

#: The question each policy decides.
QUESTIONS = ("dieu10.substitute_allowed", "dieu12.expense_authorised")

SUBSTITUTE_POLICY = """
permit (principal, action == Action::"attend_in_place", resource)
when {
  context.in_force && !context.self_substitute &&
  context.member_roles.containsAny(["standing_deputy", "deputy", "member"]) &&
  !context.member_roles.contains("head") &&
  context.has_report && context.first_report <= context.meeting_day &&
  context.has_consent && context.first_consent <= context.meeting_day
};
"""


EXPENSE_POLICY = """
permit (principal, action == Action::"spend", resource)
when {
  context.in_force &&
  context.decider_roles.contains("standing_deputy") &&
  ["committee", "helper_team"].contains(context.purpose) &&
  context.budget_line == "dic_operational" &&
  context.has_estimate && context.estimate_year == context.year &&
  context.approver_kind == "ppc" && context.has_approved_on &&
  context.approver_first <= context.approved_on && context.approved_on <= context.approver_last &&
  context.approved_on <= context.day &&
  context.total_on_estimate <= context.estimate_amount &&
  context.content_allowed == "yes" &&
  (!context.has_item_limit || context.amount <= context.item_limit) &&
  (!context.has_year_limit || context.year_total <= context.year_limit)
};
"""


def available() -> bool:
    return cedarpy is not None


def _roles_on(case: Case, person: str, day: dt.date) -> list[str]:
    if not case.has("people", person):
        return []
    return sorted({p.role.value for _, p in case.positions_of(person)
                   if p.start <= day and (p.end is None or day <= p.end)})


def _entitled(case: Case, giver: str, day: dt.date) -> bool:
    """The Head that day, or the Standing Deputy that day holding an authorisation to consent
    in force that day, granted by whoever was the Head on the day it was signed."""
    roles = _roles_on(case, giver, day)
    if Role.HEAD.value in roles:
        return True
    if Role.STANDING_DEPUTY.value not in roles:
        return False
    for _, a in case.authorisations_to(giver):
        signed = a.signed_on or a.valid_from
        if (Act.CONSENT_SUBSTITUTE in a.acts and a.valid_from <= day
                and (a.valid_to is None or day <= a.valid_to)
                and Role.HEAD.value in _roles_on(case, a.grantor, signed)):
            return True
    return False


def substitute_context(case: Case, meeting: str, member: str, substitute: str) -> dict[str, Any]:
    """The look-ups: the member's positions on the meeting day, the first absence report, the
    first consent for this substitute by someone entitled (ordinals)."""
    mt = case.meeting(meeting)
    reports = [a.reported_on.toordinal() for _, a in case.absence_reports_for(meeting, member)]
    consents = [k.given_on.toordinal() for _, k in case.consents_for(meeting, member)
                if k.substitute in (None, substitute) and _entitled(case, k.given_by, k.given_on)]
    return {
        "in_force": in_force(mt.date), "self_substitute": member == substitute,
        "member_roles": _roles_on(case, member, mt.date), "meeting_day": mt.date.toordinal(),
        "has_report": bool(reports), "first_report": min(reports, default=0),
        "has_consent": bool(consents), "first_consent": min(consents, default=0),
    }


def expense_context(case: Case, expenditure: str) -> dict[str, Any]:
    """The look-ups: the expenditure, its decider's positions that day, its estimate and the
    estimate's approver, the running totals (every same-day payment included), the content's
    entry in the cited texts, and the tightest limits supplied for the content."""
    path, x = case.by_id("expenditures", expenditure)
    context: dict[str, Any] = {
        "in_force": in_force(x.date), "day": x.date.toordinal(), "year": x.date.year,
        "amount": x.amount, "purpose": x.purpose.value, "budget_line": x.budget_line.value,
        "decider_roles": [] if x.decided_by is None else _roles_on(case, x.decided_by, x.date),
        "content_allowed": CONTENTS[x.category].allowed,
        "has_estimate": False, "estimate_year": 0, "estimate_amount": 0,
        "total_on_estimate": 0, "approver_kind": "", "has_approved_on": False,
        "approved_on": 0, "approver_first": 0, "approver_last": 0,
    }
    if x.estimate is not None:
        be = case.by_id("estimates", x.estimate)[1]
        context.update(has_estimate=True, estimate_year=be.year, estimate_amount=be.amount,
                       total_on_estimate=case.spent_before(x.estimate, path, same_day="all")
                       + x.amount)
        if be.approved_on is not None:
            context.update(has_approved_on=True, approved_on=be.approved_on.toordinal())
        if be.approved_by is not None:
            ag = case.agency(be.approved_by)
            context.update(
                approver_kind=ag.kind.value,
                approver_first=0 if ag.start is None else ag.start.toordinal(),
                approver_last=dt.date.max.toordinal() if ag.end is None else ag.end.toordinal())
    limits = [lim for _, lim in case.spending_limits_for(x.category)]
    items = [lim.per_item for lim in limits if lim.per_item is not None]
    years = [lim.per_year for lim in limits if lim.per_year is not None]
    context.update(
        has_item_limit=bool(items), item_limit=min(items, default=0),
        has_year_limit=bool(years), year_limit=min(years, default=0),
        year_total=case.spent_in_year_before(x.date.year, x.category, path, same_day="all")
        + x.amount)
    return context


def decider(question: str) -> Callable[[Case, Mapping[str, str]], bool]:
    """The look-ups and the Cedar call for one question: True when Cedar allows."""
    if cedarpy is None:
        raise RuntimeError("cedarpy is not installed: pip install -e '.[bench]'")
    if question not in QUESTIONS:
        raise KeyError(question)
    expense = question == "dieu12.expense_authorised"
    policies = cedarpy.PolicySet.from_str(EXPENSE_POLICY if expense else SUBSTITUTE_POLICY)
    entities = cedarpy.Entities.from_json_str("[]")

    def decide_substitute(case: Case, arguments: Mapping[str, str]) -> bool:
        context = substitute_context(case, arguments["meeting"], arguments["member"],
                                     arguments["substitute"])
        request = {"principal": {"type": "Person", "id": arguments["substitute"]},
                   "action": {"type": "Action", "id": "attend_in_place"},
                   "resource": {"type": "Meeting", "id": arguments["meeting"]},
                   "context": context}
        return bool(cedarpy.is_authorized(request, policies, entities).allowed)

    def decide_expense(case: Case, arguments: Mapping[str, str]) -> bool:
        context = expense_context(case, arguments["expenditure"])
        decided_by = case.by_id("expenditures", arguments["expenditure"])[1].decided_by
        request = {"principal": {"type": "Person", "id": decided_by or ""},
                   "action": {"type": "Action", "id": "spend"},
                   "resource": {"type": "Expenditure", "id": arguments["expenditure"]},
                   "context": context}
        return bool(cedarpy.is_authorized(request, policies, entities).allowed)

    return decide_expense if expense else decide_substitute


#: One change of the example's CHI-02 (a ``yes``: a meeting's expenses decided by the Standing
#: Deputy, charged to the approved 2009 estimate) per way ``expense_authorised`` can fail or stay
#: open: what the bench and its test check Cedar against, beside the generated years (whose
#: ``no``s are mostly a decider, a budget line or a purpose).
_VARIANTS: tuple[tuple[str, str, Any], ...] = (
    ("as recorded", "", None),
    ("decided by the Head", "expenditures.decided_by", "P01"),
    ("decided by a member", "expenditures.decided_by", "P05"),
    ("decider not recorded", "expenditures.decided_by", None),
    ("another purpose", "expenditures.purpose", "other"),
    ("another budget", "expenditures.budget_line", "other"),
    ("no estimate", "expenditures.estimate", None),
    ("estimate approved after the payment", "estimates.approved_on", "2009-04-01"),
    ("estimate approval day not recorded", "estimates.approved_on", None),
    ("estimate approved by the Department of Finance", "estimates.approved_by", "STC"),
    ("estimate of another year", "estimates.year", 2010),
    ("approver dissolved before approving", "agencies.end", "2008-12-01"),
    ("over the estimate", "expenditures.amount", 260_000_000),
    ("a content the texts do not list (unknown by default)", "expenditures.category",
     "entertainment"),
    ("an unidentified content", "expenditures.category", "other"),
    ("over a per-payment limit", "spending_limits+", {"id": "DM-X", "category": "meetings",
                                                      "per_item": 10_000_000, "per_year": None,
                                                      "source": "bench"}),
    ("over a per-year limit", "spending_limits+", {"id": "DM-Y", "category": "meetings",
                                                   "per_item": None, "per_year": 10_000_000,
                                                   "source": "bench"}),
    ("within both limits", "spending_limits+", {"id": "DM-Z", "category": "meetings",
                                                "per_item": 20_000_000, "per_year": 90_000_000,
                                                "source": "bench"}),
    ("before the regulation took effect", "expenditures.date", "2008-03-01"),
)


def expense_variants() -> list[tuple[str, Case, dict[str, str]]]:
    """The example changed one field at a time around CHI-02 (``_VARIANTS``): a label, the
    changed case and the arguments to ask about it."""
    base = json.loads(example_path().read_text(encoding="utf-8"))
    out: list[tuple[str, Case, dict[str, str]]] = []
    for label, where, value in _VARIANTS:
        data = copy.deepcopy(base)
        kind, _, field = where.partition(".")
        if kind == "spending_limits+":
            data["spending_limits"].append(value)
        elif kind:
            wanted = {"expenditures": "CHI-02", "estimates": "DT-2009", "agencies": "UBND-KG"}
            record = next(r for r in data[kind] if r.get("id") == wanted[kind])
            record[field] = value
        out.append((label, Case.from_json(json.dumps(data, ensure_ascii=False)),
                    {"expenditure": "CHI-02"}))
    return out
