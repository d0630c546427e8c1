"""The per-ask fast paths (issue 14, item 1) give the verdicts and errors of the full paths:
the type check's summed string lengths, the argument checks read from a question's prepared
declarations, and ``decide`` working from its question's plan."""

from __future__ import annotations

import datetime as dt
import sys

import attrs
import kgrules.rules.dieu11 as dieu11
import pytest
from kgrules.rules.common import MEETING, POWER

import kgrules
from kgrules import catalogue, evaluation, registry
from kgrules import decision as decision_module
from kgrules.decision import decide, materialise
from kgrules.dsl import MAX_STRING_BYTES, DeclarationError, Derivation, Later
from kgrules.errors import EngineError, RuleError
from kgrules.facts import Act
from kgrules.generate import committee_json
from kgrules.i18n import Text
from kgrules.interpretations import settings
from kgrules.oracle import OracleEngine
from kgrules.scope import Scope


@pytest.fixture(scope="module")
def case() -> kgrules.Case:
    return kgrules.load_example()


def _meeting_question() -> tuple[object, dict[str, object], dict[str, object]]:
    q = kgrules.question("dieu10.regular_meeting_in_window")
    fact = {"t": "meeting", "src": "meetings[0]", "id": "H1", "kind": "regular", "day": 733000,
            "held": True, "working_day": True, "day_off": ""}
    ev = {"meeting": "H1", "in_force": True, "held_in_force": True, "quarter": "2009-Q1",
          "window_first": 733000, "window_last": 733010, "i_non_working_day_meeting": "moved",
          "src": "question"}
    return q, fact, ev


def test_strings_summed_over_the_short_bound_are_still_checked_one_by_one() -> None:
    """Strings within the bound each but over it together pass; one string longer than the
    bound in characters but within the engine's bytes passes (the full check); one over the
    engine's bytes is refused, whichever path sees it."""
    q, fact, ev = _meeting_question()
    short = evaluation._SHORT
    kind = q.facts[0]
    keyed = {**fact, "k": "f0", "id": "a" * (short - 10), "day_off": "b" * (short - 10)}
    assert evaluation._well_formed(kind, keyed)
    long_ascii = {**fact, "k": "f0", "day_off": "c" * (short + 1)}
    assert not evaluation._well_formed(kind, long_ascii)  # sent to the exact check
    evaluation.keyed_facts(q, [{**fact, "day_off": "c" * (short + 1)}], ev)
    with pytest.raises(EngineError, match="longer than"):
        evaluation.keyed_facts(q, [{**fact, "day_off": "ế" * (MAX_STRING_BYTES // 3 + 1)}],
                               ev)
    with pytest.raises(EngineError, match="longer than"):
        evaluation.keyed_facts(q, [fact], {**ev, "quarter": "d" * (MAX_STRING_BYTES + 1)})


def test_facts_keyed_in_order_with_shared_key_strings() -> None:
    """Every ask keys its facts f0, f1, … in order; the first keys are one shared string each
    (an audit keeps every keyed fact), past them made as before."""
    q, fact, ev = _meeting_question()
    plain = {k: v for k, v in fact.items() if k != "k"}
    many = len(evaluation._KEYS) + 2
    first, _ = evaluation.keyed_facts(q, [plain] * many, ev)
    again, _ = evaluation.keyed_facts(q, [plain], ev)
    assert [f["k"] for f in first] == [f"f{n}" for n in range(many)]
    assert first[0]["k"] is again[0]["k"] and first[0] is not again[0]
    assert all({k: v for k, v in f.items() if k != "k"} == plain for f in first)


def test_arguments_given_otherwise_than_as_text(case: kgrules.Case) -> None:
    """A date, a year as a number and an enum member are taken as their text, as before; the
    errors name the argument."""
    as_text = kgrules.ask("authority.may_act", case, person="P01", act="decide_expenditure",
                          date="2009-03-20")
    typed = kgrules.ask("authority.may_act", case, person="P01", act=Act.DECIDE_EXPENDITURE,
                        date=dt.date(2009, 3, 20))
    assert typed.to_dict() == as_text.to_dict()
    assert typed.arguments == {"person": "P01", "act": "decide_expenditure", "date": "2009-03-20"}
    q = kgrules.question("authority.may_act")
    for given, path, words in [
        ({"person": "P01", "act": "decide_expenditure", "date": "2009-03-20", "extra": "x"},
         "arguments.extra", "takes no argument"),
        ({"person": "P01", "act": "decide_expenditure"}, "arguments.date", "required"),
        ({"person": "P01", "act": "decide_expenditure", "date": None}, "arguments.date", "required"),
        ({"person": "P01", "act": "decide_expenditure", "date": 20090320}, "arguments.date",
         "must be a string"),
        ({"person": "NOBODY", "act": "decide_expenditure", "date": "2009-03-20"},
         "arguments.person", "no person"),
        ({"person": "P01", "act": "fly", "date": "2009-03-20"}, "arguments.act",
         "is not one of"),
        ({"person": "P01", "act": "decide_expenditure", "date": "2009-3-20"}, "arguments.date", "2009-3-20"),
    ]:
        with pytest.raises(kgrules.ArgumentError, match=words) as raised:
            catalogue._check_arguments(q, case, given)
        assert raised.value.path == path


def test_decisions_are_the_same_in_any_order_of_conclusions(case: kgrules.Case) -> None:
    """``decide`` reads conditions in the question's order whatever the order the engine
    concluded them in: the reasons, decisive first, and the readings relied on alike."""
    q = kgrules.question("dieu11.report_on_time")
    args = {"member": "P06", "quarter": "2009-Q1"}
    cal = catalogue.calendar_for(case)
    scope = Scope(case, args, settings(None), cal, q.switches, OracleEngine(), q.depends_on,
                  catalogue.ask, {d.name: d for d in q.derivations})
    result = q.scope(scope)
    ev = {**result.evaluate, **scope.interpretation_fields(), "src": "question"}
    conclusions = OracleEngine().evaluate(q, result.facts, ev)
    assert len(conclusions) > 1

    def made(order: list[object]) -> dict[str, object]:
        return materialise(decide(q, order, arguments=args, settings=settings(None),
                                  calendar=cal.name, engine="oracle")).to_dict()

    assert made(list(conclusions)) == made(list(reversed(conclusions)))


class _CountingLock:
    """A lock that counts how often it is taken."""

    def __init__(self, lock: object) -> None:
        self.lock = lock
        self.taken = 0

    def __enter__(self) -> None:
        self.taken += 1
        self.lock.__enter__()  # type: ignore[attr-defined]

    def __exit__(self, *exc: object) -> None:
        self.lock.__exit__(*exc)  # type: ignore[attr-defined]


def test_the_registry_look_up_takes_no_lock_while_nothing_changed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A look-up with no rule module changed takes neither the lock nor the slow path; a
    module that declares nothing, imported anew, is taken once (the generation unchanged),
    and the look-ups after it are fast again; a rebound QUESTIONS is seen."""
    kgrules.question("dieu11.report_on_time")
    counting = _CountingLock(registry._LOCK)
    monkeypatch.setattr(registry, "_LOCK", counting)
    before = registry.generation()
    for _ in range(3):
        kgrules.question("dieu11.report_on_time")
    assert counting.taken == 0
    monkeypatch.delitem(sys.modules, "kgrules.rules.dieu5")
    kgrules.question("dieu11.report_on_time")
    assert counting.taken == 1 and registry.generation() == before
    kgrules.question("dieu11.report_on_time")
    assert counting.taken == 1
    original = kgrules.question("dieu11.report_on_time")
    changed = attrs.evolve(original, starred=not original.starred)
    monkeypatch.setattr(dieu11, "QUESTIONS", tuple(
        changed if q is original else q for q in dieu11.QUESTIONS))
    assert kgrules.question("dieu11.report_on_time") is changed
    # ask's one look gives the question in force and the generation it came with
    assert registry.question_and_generation("dieu11.report_on_time") == (
        changed, registry.generation())
    assert registry.generation() != before
    monkeypatch.undo()
    assert kgrules.question("dieu11.report_on_time") is original
    with pytest.raises(kgrules.UnknownQuestionError):
        kgrules.question("dieu99.nothing")


def _year_asks(case: kgrules.Case) -> list[tuple[str, dict[str, str]]]:
    """Every starred question about a spread of the year's records, both engines alike."""
    asks: list[tuple[str, dict[str, str]]] = []
    for qid in ("dieu10.regular_meeting_in_window", "dieu11.documents_on_time"):
        asks += [(qid, {"meeting": m.id}) for m in case.meetings]
    asks += [("dieu11.report_on_time", {"member": r.member, "quarter": r.quarter})
             for r in case.reports if r.quarter][:40]
    asks += [("dieu10.substitute_allowed", {"meeting": c.meeting, "member": c.member,
                                            "substitute": c.substitute})
             for c in case.consents if c.substitute][:40]
    asks += [("dieu12.expense_authorised", {"expenditure": x.id})
             for x in case.expenditures if x.id][:60]
    return asks


def test_decisions_from_kept_skeletons_equal_those_worked_out_afresh(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``decide`` keeps per question what depends only on the rules that fired: answers with
    the skeletons kept (asked forwards, then backwards, so that each is made by another ask
    than the one reading it) are those worked out for each ask alone; and the kept ones stay
    within their bounds."""
    case = kgrules.Case.from_json(committee_json(100))
    asks = _year_asks(case)

    def answers(order: list[tuple[str, dict[str, str]]]) -> list[str]:
        return [materialise(kgrules.ask(qid, case, counterfactuals=False, **args)).to_json()
                + str(kgrules.ask(qid, case, counterfactuals=False, **args))
                for qid, args in order]

    for qid in {qid for qid, _ in asks}:
        decision_module._plan(kgrules.question(qid)).skeletons.clear()
    kept = answers(asks) + answers(asks[::-1])
    assert any(decision_module._plan(kgrules.question(qid)).skeletons for qid, _ in asks)
    monkeypatch.setattr(decision_module, "SKELETON_CONCLUSIONS", -1)  # none kept nor read
    assert answers(asks) + answers(asks[::-1]) == kept
    monkeypatch.undo()
    monkeypatch.setattr(decision_module, "SKELETONS_PER_QUESTION", 1)
    for qid in {qid for qid, _ in asks}:
        decision_module._plan(kgrules.question(qid)).skeletons.clear()
    assert answers(asks) == kept[:len(asks)]
    assert all(len(decision_module._plan(kgrules.question(qid)).skeletons) <= 1
               for qid, _ in asks)


def test_no_skeleton_kept_for_many_conclusions(monkeypatch: pytest.MonkeyPatch,
                                               case: kgrules.Case) -> None:
    """A decision of more conclusions than SKELETON_CONCLUSIONS keeps no skeleton (records
    under one key would keep one per count, each as large as its conclusions)."""
    q = kgrules.question("dieu11.report_on_time")
    plan = decision_module._plan(q)
    plan.skeletons.clear()
    monkeypatch.setattr(decision_module, "SKELETON_CONCLUSIONS", 1)
    d = kgrules.ask("dieu11.report_on_time", case, member="P06", quarter="2009-Q1")
    assert len(d.reasons) > 1 and not plan.skeletons
    monkeypatch.undo()
    assert kgrules.ask("dieu11.report_on_time", case, member="P06",
                       quarter="2009-Q1").to_dict() == d.to_dict()
    assert plan.skeletons


def test_a_fact_types_derivation_by_field_checks_its_inputs() -> None:
    """``FactType.derive`` finds the derivation by field and refuses inputs other than its
    declared ones, missing or extra, and a field no derivation fills."""
    calendar = catalogue.calendar_for(kgrules.load_example())
    saturday = dt.date(2009, 3, 21)
    assert MEETING.derive("working_day", calendar=calendar, on=saturday) is False
    assert MEETING.derive("working_day", calendar=calendar, on=dt.date(2009, 3, 20)) is True
    for given in ({"calendar": calendar}, {"calendar": calendar, "on": saturday, "at": 1},
                  {"calendar": calendar, "day": saturday}):
        with pytest.raises(DeclarationError, match=r"meeting\.working_day takes \['calendar', 'on'\]"):
            MEETING.derive("working_day", **given)
    with pytest.raises(DeclarationError, match="is not a declared derivation"):
        MEETING.derive("held", calendar=calendar, on=saturday)



def test_a_scopes_derivation_checks_its_inputs_by_name() -> None:
    """``Scope.derive`` computes a declared derivation from exactly its declared inputs (in any
    order) and refuses missing, extra or other names, and an undeclared field."""
    q = kgrules.question("dieu12.expense_authorised")
    case = kgrules.load_example()
    prepared = catalogue._prepared(q)
    scope = Scope(case, {}, settings(None), catalogue.calendar_for(case),
                  derivations=prepared.derivations)
    path = case.records("expenditures")[0].path
    want = case.running_totals(path).estimate_none
    assert scope.derive("spent_none", path=path, case=case) == want
    assert scope.derived["spent_none"] == want
    for given in ({"case": case}, {"case": case, "path": path, "x": 1}, {"case": case, "at": path}):
        with pytest.raises(RuleError, match=r"derivation spent_none takes \['case', 'path'\]"):
            scope.derive("spent_none", **given)
    assert scope.derive("year", spent_on=dt.date(2009, 5, 1)) == 2009
    with pytest.raises(RuleError, match="is not a declared derivation"):
        scope.derive("no_such_field", case=case)

def test_a_derivation_is_refused_when_declared_unless_it_takes_exactly_its_inputs() -> None:
    """Cedar style: a derivation whose function could be called with other names than its
    declared inputs (a default, ``*args``, ``**kwargs``, a positional-only or a missing one)
    is refused when declared, so that :meth:`Scope.derive` may leave a wrong call to Python's
    own refusal and check the names only then."""
    def with_default(case: object, path: str = "") -> int:
        return 0

    def with_args(case: object, *path: str) -> int:
        return 0

    def with_kwargs(case: object, **path: str) -> int:
        return 0

    def positional(case: object, path: str, /) -> int:
        return 0

    def fewer(case: object) -> int:
        return 0

    for fn in (with_default, with_args, with_kwargs, positional, fewer):
        with pytest.raises(DeclarationError, match="derivation 'x'"):
            Derivation("x", ("dieu-12/doan-1",), ("case", "path"), Text("x", "x"), fn)

    def keyword(case: object, *, path: str) -> int:
        return 1

    assert Derivation("x", ("dieu-12/doan-1",), ("case", "path"), Text("x", "x"),
                      keyword).compute(case=None, path="p") == 1


def test_a_type_error_inside_a_derivation_is_its_own() -> None:
    """Given exactly its inputs, a derivation's own ``TypeError`` is raised as it is, not
    taken for a wrong call."""
    def broken(case: object, path: str) -> int:
        return len(case)  # type: ignore[arg-type]

    d = Derivation("spent_none", ("dieu-12/doan-1",), ("case", "path"), Text("x", "x"), broken)
    case = kgrules.load_example()
    scope = Scope(case, {}, settings(None), catalogue.calendar_for(case),
                  derivations={"spent_none": d})
    with pytest.raises(TypeError, match="has no len"):
        scope.derive("spent_none", case=case, path="p")
    with pytest.raises(RuleError, match=r"derivation spent_none takes \['case', 'path'\]"):
        scope.derive("spent_none", case=case)


def test_later_texts_take_the_fast_check_only_where_no_rule_tests_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A power fact quotes may_act's reasons as Later texts: well formed without the full
    check where no rule tests them; a Later where a rule tests the field, or in a field that
    is not text, or a missing field, still goes to the full check (and its verdict)."""
    q = kgrules.question("dieu10.substitute_allowed")
    assert POWER in q.facts
    tested = evaluation._tested(q).get("power", frozenset())
    assert "why_vi" not in tested and "person" in tested
    later = Later(lambda who: who, {"who": "x"})
    fact = {"t": "power", "src": "p", "person": "P01", "name": "A", "act": "a", "on": 1,
            "outcome": "yes", "way": "w", "why_vi": later, "why_en": later, "k": "f0"}
    assert not evaluation._well_formed(POWER, fact)
    assert evaluation._well_formed_later(q, POWER, fact)
    assert not evaluation._well_formed_later(q, POWER, {**fact, "person": later})
    assert not evaluation._well_formed_later(q, POWER, {**fact, "on": later})
    missing = dict(fact)
    del missing["way"]
    assert not evaluation._well_formed_later(q, POWER, missing)
    checked: list[str] = []
    full = type(POWER).check
    monkeypatch.setattr(type(POWER), "check",
                        lambda self, f: (checked.append(self.name), full(self, f))[1])
    plain = {k: v for k, v in fact.items() if k != "k"}
    ev = {"meeting": "H1"}  # the evaluate fact is not the point here: only the facts' checks
    try:
        evaluation.keyed_facts(q, [plain], ev)
    except EngineError:
        pass  # the evaluate fact is incomplete: checked after the facts
    assert "power" not in checked
    with pytest.raises(EngineError, match="on"):
        evaluation.keyed_facts(q, [{**plain, "on": later}], ev)
    assert checked.count("power") == 1
