"""The benchmark's yardstick: a flagship decision written the way an application developer
would, plain-Python look-ups in the Case feeding a Cedar policy (``cedarpy``, the ``[bench]``
extra). Not part of kgrules' answers: :mod:`kgrules.bench` checks that it agrees with kgrules on
every request it times, then times both.

Only ``dieu10.substitute_allowed`` has a Cedar policy, under the default readings (the
Standing Deputy, Deputies and Members bound to attend; consent by the meeting day; the Head, or
the Standing Deputy under an authorisation of the Head covering the consent). Allow means
kgrules' ``yes``; every other outcome (``no``, ``unknown``, ``not_applicable``) is Deny.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Mapping
from typing import Any

from kgrules.case import Case
from kgrules.facts import Act, Role
from kgrules.params import in_force

# Imported by name: the [bench] extra is optional, and mypy must pass with or without it.
cedarpy: Any
try:
    cedarpy = importlib.import_module("cedarpy")
except ImportError:  # pragma: no cover - the bench says Cedar was not measured
    cedarpy = None

#: The question each policy decides.
QUESTIONS = ("dieu10.substitute_allowed",)

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


def decider(question: str) -> Callable[[Case, Mapping[str, str]], bool]:
    """The look-ups and the Cedar call for one question: True when Cedar allows."""
    if cedarpy is None:
        raise RuntimeError("cedarpy is not installed: pip install -e '.[bench]'")
    if question != "dieu10.substitute_allowed":
        raise KeyError(question)
    policies = cedarpy.PolicySet.from_str(SUBSTITUTE_POLICY)
    entities = cedarpy.Entities.from_json_str("[]")

    def decide(case: Case, arguments: Mapping[str, str]) -> bool:
        context = substitute_context(case, arguments["meeting"], arguments["member"],
                                     arguments["substitute"])
        request = {"principal": {"type": "Person", "id": arguments["substitute"]},
                   "action": {"type": "Action", "id": "attend_in_place"},
                   "resource": {"type": "Meeting", "id": arguments["meeting"]},
                   "context": context}
        return bool(cedarpy.is_authorized(request, policies, entities).allowed)

    return decide
