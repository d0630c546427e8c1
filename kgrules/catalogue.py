"""The question catalogue and ``ask``: the library's front door.

Questions are declared in the article modules of ``rules/`` (installed as ``kgrules.rules``) and
registered here by id. Registering an id again replaces the question, so re-importing a module or
re-running a notebook cell never leaves stale rules in force (the engine keys its compiled
rulesets by the declarations' content digest).
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Protocol

import attrs

from kgrules.calendar import WorkingCalendar, default_calendar
from kgrules.case import Case
from kgrules.counterfactual import search as counterfactual_search
from kgrules.decision import Decision, Outcome, WhatIf, decide
from kgrules.dsl import RECORD_ARGS, Question, Status
from kgrules.engine import Conclusion, default_engine
from kgrules.errors import ArgumentError, UnknownQuestionError
from kgrules.exact import parse_iso_date, parse_quarter, parse_year
from kgrules.interpretations import Settings
from kgrules.interpretations import settings as make_settings
from kgrules.naming import name_records
from kgrules.oracle import OracleEngine
from kgrules.scope import Scope

if TYPE_CHECKING:
    from kgrules.record import RecordStore


def check_store(record: object) -> None:
    """``record=`` must be a decision record (a RecordStore), not, say, its file name."""
    from kgrules.record import RecordStore

    if not isinstance(record, RecordStore):
        raise ArgumentError("record", f"expected a kgrules.record.RecordStore, not "
                                      f"{type(record).__name__}")


def rule_modules() -> list[str]:
    """The modules of ``kgrules.rules``: the articles (``dieuN``) in the order of the text,
    then the cross-cutting ones (``authority``); ``common`` holds shared declarations only."""
    import pkgutil

    package = importlib.import_module("kgrules.rules")
    names = [m.name for m in pkgutil.iter_modules(package.__path__) if m.name != "common"]

    def key(name: str) -> tuple[int, str]:
        digits = name.removeprefix("dieu")
        return (int(digits), name) if name.startswith("dieu") and digits.isdigit() else (99, name)

    return [f"kgrules.rules.{n}" for n in sorted(names, key=key)]


_REGISTRY: dict[str, Question] = {}
_LOADED = False
_LOCK = threading.RLock()
#: The years a quarter or year argument may name (docs/limits.md).
ARGUMENT_YEARS: Final = (2000, 2100)


class Engine(Protocol):
    name: str

    def evaluate(
        self, question: Question, facts: Any, evaluate: Mapping[str, Any]
    ) -> list[Conclusion]: ...


def register(question: Question) -> Question:
    with _LOCK:
        _REGISTRY[question.id] = question
    return question


def _load() -> None:
    global _LOADED
    with _LOCK:
        if not _LOADED:
            for name in rule_modules():
                importlib.import_module(name)
            _LOADED = True


def registered() -> tuple[Question, ...]:
    """The question objects registered now, cheaply (registration order): what a cache of
    anything derived from the catalogue (``kgrules.record.rules_version``) is keyed on."""
    _load()
    with _LOCK:
        return tuple(_REGISTRY.values())


def questions() -> list[Question]:
    """Every question in the order of the regulation: by rule module (the articles in order,
    then the cross-cutting ones), then in the order each module declares them, whatever order
    the modules happened to be imported in."""
    _load()
    order = {name: n for n, name in enumerate(rule_modules())}
    with _LOCK:
        listed = list(_REGISTRY.values())
    return sorted(listed, key=lambda q: order.get(q.module, len(order)))


def listing() -> list[dict[str, Any]]:
    """The catalogue as JSON-ready data: what ``kgrules questions --json`` prints and the
    service's ``GET /v1/questions`` returns."""
    return [
        {
            "id": q.id,
            "starred": q.starred,
            "title": q.title.to_dict(),
            "clauses": list(q.clauses),
            "arguments": [{"name": a.name, "kind": a.kind, "help": a.help.to_dict()}
                          for a in q.arguments],
            "interpretations": list(q.switches),
        }
        for q in questions()
    ]


def question(question_id: str) -> Question:
    _load()
    with _LOCK:
        try:
            return _REGISTRY[question_id]
        except KeyError:
            raise UnknownQuestionError(
                "question", f"no question {question_id!r}; see kgrules.questions()"
            ) from None


def _check_arguments(q: Question, case: Case, arguments: Mapping[str, Any]) -> dict[str, str]:
    names = {a.name for a in q.arguments}
    for name in arguments:
        if name not in names:
            raise ArgumentError(
                f"arguments.{name}",
                f"{q.id} takes no argument {name!r} (it takes {', '.join(sorted(names))})",
            )
    out: dict[str, str] = {}
    for arg in q.arguments:
        path = f"arguments.{arg.name}"
        if arg.name not in arguments or arguments[arg.name] is None:
            raise ArgumentError(path, f"required ({arg.help.en})")
        value = arguments[arg.name]
        if isinstance(value, dt.date) and arg.kind == "date":
            value = value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool) and arg.kind == "year":
            value = str(value)
        if isinstance(value, enum.Enum):
            value = str(value.value)
        if not isinstance(value, str):
            raise ArgumentError(path, f"must be a string, not {type(value).__name__}")
        if arg.kind in RECORD_ARGS and not case.has(RECORD_ARGS[arg.kind], value):
            what = arg.kind.replace("_", " ")
            raise ArgumentError(path, f"no {what} {value!r} in the case")
        if arg.kind == "quarter":
            parse_quarter(path, value, ArgumentError, ARGUMENT_YEARS)
        if arg.kind == "year":
            parse_year(path, value, ArgumentError, ARGUMENT_YEARS)
        if arg.kind == "date":
            parse_iso_date(path, value, ArgumentError)
        if arg.kind in ("act", "action_kind"):
            from kgrules.facts import Act, ActionKind

            allowed = [v.value for v in (Act if arg.kind == "act" else ActionKind)]
            if value not in allowed:
                raise ArgumentError(path, f"{value!r} is not one of {', '.join(allowed)}")
        out[arg.name] = value
    return out


def calendar_for(case: Case) -> WorkingCalendar:
    """The case's own official lists, if it carries any; otherwise the shared default."""
    if case.calendar_overrides:
        return case.working_calendar()
    return default_calendar()


def _answer(
    q: Question,
    case: Case,
    args: Mapping[str, str],
    chosen: Settings,
    cal: WorkingCalendar,
    runner: Engine,
) -> tuple[Decision, list[dict[str, Any]], dict[str, Any]]:
    """One evaluation: the decision, and the flat facts and evaluate fact it was made on."""
    scope = Scope(case, args, chosen, cal, q.switches, runner)
    result = q.scope(scope)
    evaluate = {**result.evaluate, **scope.interpretation_fields()}
    if result.sources:
        evaluate["src"] = ",".join(result.sources)
    else:
        evaluate.setdefault("src", "question")
    conclusions = runner.evaluate(q, result.facts, evaluate)
    decision = decide(
        q,
        conclusions,
        arguments=args,
        settings=chosen,
        warnings=result.warnings,
        calendar=cal.name if result.calendar_used else None,
        engine=runner.name,
    )
    return decision, result.facts, evaluate


def _what_if(
    q: Question,
    case: Case,
    args: Mapping[str, str],
    chosen: Settings,
    cal: WorkingCalendar,
    decision: Decision,
    facts: list[dict[str, Any]],
    evaluate: dict[str, Any],
) -> WhatIf:
    """The counterfactuals of a ``no``: each candidate checked by the oracle on the changed case
    (same arguments, readings and calendar)."""
    oracle = OracleEngine()
    failing = [c.name for c in q.conditions
               if any(r.condition == c.name and r.decisive and r.status is Status.FAILS
                      for r in decision.reasons)]

    def reask(changed: Case) -> Decision:
        return _answer(q, changed, _check_arguments(q, changed, args), chosen, cal, oracle)[0]

    return counterfactual_search(q, case, failing, facts, evaluate, reask)


def ask(
    question_id: str,
    case: Case,
    *,
    interpretations: Mapping[str, str] | Settings | None = None,
    calendar: WorkingCalendar | None = None,
    engine: Engine | None = None,
    record: RecordStore | None = None,
    counterfactuals: bool = True,
    **arguments: Any,
) -> Decision:
    """Answer one question of the catalogue about a case, with its reasons.

    ``interpretations`` chooses readings of the interpretation switches (defaults otherwise);
    ``engine`` may be :class:`kgrules.oracle.OracleEngine` to evaluate without durable_rules;
    ``record`` (a :class:`kgrules.record.RecordStore`) appends the decision to a decision
    record before it is returned, with its id in ``record_id``. A ``no`` carries in
    ``what_if`` the smallest changes of the case that would make it ``yes``
    (:mod:`kgrules.counterfactual`); ``counterfactuals=False`` skips that search.
    """
    q = question(question_id)
    if record is not None:
        check_store(record)
    args = _check_arguments(q, case, arguments)
    chosen = make_settings(interpretations)
    cal = calendar if calendar is not None else calendar_for(case)
    runner = engine if engine is not None else default_engine()
    decision, facts, evaluate = _answer(q, case, args, chosen, cal, runner)
    decision = name_records(decision, case)
    if counterfactuals and decision.outcome is Outcome.NO:
        decision = attrs.evolve(
            decision, what_if=_what_if(q, case, args, chosen, cal, decision, facts, evaluate)
        )
    if record is None:
        return decision
    entry = record.append(decision, case, settings=chosen, calendar=calendar, source="library")
    return attrs.evolve(decision, record_id=entry.id)
