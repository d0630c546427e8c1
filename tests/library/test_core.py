"""Parameters, citations, the interpretation register, decisions and the catalogue."""

from __future__ import annotations

import datetime as dt
import importlib
import json

import attrs
import pytest

import kgrules
from kgrules import params
from kgrules.catalogue import register
from kgrules.decision import Outcome
from kgrules.dsl import Status
from kgrules.errors import InterpretationError, NotInForceError
from kgrules.interpretations import SWITCHES, settings
from kgrules.regulation import cite, clause, clauses

SUB = {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}


@pytest.fixture(scope="module")
def case() -> kgrules.Case:
    return kgrules.load_example()


def test_parameters_are_named_cited_and_dated() -> None:
    for p in params.ALL:
        assert p.label_vi and p.label_en
        assert all(c in clauses() for c in p.clauses)
        assert p.values[0].since == dt.date(2008, 6, 23)
    assert params.MEETING_WINDOW_FIRST_DAY.at(dt.date(2024, 3, 1)) == 20
    assert params.MEETING_WINDOW_LAST_DAY.at(dt.date(2024, 3, 1)) == 30
    assert params.REPORT_DEADLINE_DAY.at(dt.date(2024, 3, 1)) == 15
    assert params.DOCUMENTS_NOTICE_WORKING_DAYS.at(dt.date(2024, 3, 1)) == 3
    with pytest.raises(NotInForceError):
        params.REPORT_DEADLINE_DAY.at(dt.date(2008, 6, 22))


def test_an_amendment_is_a_new_dated_value() -> None:
    amended = attrs.evolve(
        params.REPORT_DEADLINE_DAY,
        values=(*params.REPORT_DEADLINE_DAY.values,
                params.DatedValue(dt.date(2030, 1, 1), 10, "hypothetical amendment")),
    )
    assert amended.at(dt.date(2029, 12, 31)) == 15
    assert amended.at(dt.date(2030, 1, 1)) == 10
    with pytest.raises(ValueError):
        attrs.evolve(amended, values=tuple(reversed(amended.values)))


def test_citations_follow_the_conventions() -> None:
    assert cite("dieu-10/doan-5") == "đoạn 5 Điều 10"
    assert cite("dieu-10/doan-5", "en") == "Article 10, paragraph 5"
    assert cite("dieu-2/khoan-3") == "khoản 3 Điều 2"
    assert cite("dieu-2/khoan-3", "en") == "Article 2(3)"
    assert cite("dieu-11/doan-2") == "đoạn 2 Điều 11"
    assert len(clauses()) == 45
    assert clause("dieu-10/doan-1").text.startswith("Hàng quý, từ ngày 20 đến ngày 30")


def test_every_question_cites_canonical_clauses() -> None:
    for q in kgrules.questions():
        assert q.clauses and all(c in clauses() for c in q.clauses)
        for rule in q.rules:
            assert rule.clauses and all(c in clauses() for c in rule.clauses), rule.id
            assert rule.because.vi and rule.because.en


def test_every_switch_has_a_documented_default() -> None:
    for s in SWITCHES.values():
        assert s.default in s.readings and len(s.readings) >= 2
        assert s.why_default.vi and s.why_default.en
    assert [s.point for s in sorted(SWITCHES.values(), key=lambda s: s.point)] == list(range(1, 17))


@pytest.mark.parametrize(
    ("values", "path"),
    [({"nope": "x"}, "interpretations.nope"),
     ({"consent_deadline": "whenever"}, "interpretations.consent_deadline")],
)
def test_bad_interpretation_settings(values: dict[str, str], path: str) -> None:
    with pytest.raises(InterpretationError) as info:
        settings(values)
    assert info.value.path == path


@pytest.mark.clause("dieu-10/doan-5")
def test_decision_renders_in_both_languages_and_round_trips(case: kgrules.Case) -> None:
    d = kgrules.ask("dieu10.substitute_allowed", case, **SUB)
    assert d.outcome is Outcome.YES
    vi, en = str(d), d.render("en")
    assert "Kết luận: CÓ" in vi and "đoạn 5 Điều 10" in vi and "khoản 1 Điều 6" in vi
    assert "Answer: YES" in en and "Article 10, paragraph 5" in en
    data = json.loads(d.to_json())
    assert data == d.to_dict()
    assert data["outcome"] == "yes"
    reason = data["reasons"][0]
    assert {"rule", "clauses", "quotes", "explanation", "facts", "status"} <= set(reason)
    assert reason["quotes"][0]["text"] == clause("dieu-10/doan-5").text
    assert {"vi", "en"} == set(reason["explanation"])
    chain = next(r for r in data["reasons"] if r["condition"] == "consent")
    assert "UQ-2009-01" in chain["explanation"]["vi"]
    assert "authorisations[0]" in chain["facts"]


@pytest.mark.clause("dieu-10/doan-5")
def test_unknown_names_the_missing_facts(case: kgrules.Case) -> None:
    open_world = attrs.evolve(case, records_complete=frozenset(), consents=())
    d = kgrules.ask("dieu10.substitute_allowed", open_world, **SUB)
    assert d.outcome is Outcome.UNKNOWN
    assert [m.fact for m in d.missing] == ["consents"]
    assert d.missing[0].effect.vi and d.missing[0].effect.en
    closed = attrs.evolve(case, consents=())
    assert kgrules.ask("dieu10.substitute_allowed", closed, **SUB).outcome is Outcome.NO


def test_reregistering_a_question_replaces_its_rules(case: kgrules.Case) -> None:
    """Re-running a notebook cell: the new declaration is the one in force, never the old."""
    original = kgrules.question("dieu10.substitute_allowed")
    try:
        consent_rules = [r for r in original.rules if r.condition == "consent"
                         and r.status.value == "holds"]
        # the same rules, with every consent that would count turned into a failure
        stricter = attrs.evolve(original, rules=tuple(
            attrs.evolve(r, status=Status.FAILS) if r in consent_rules else r
            for r in original.rules))
        register(stricter)
        assert kgrules.ask("dieu10.substitute_allowed", case, **SUB).outcome is Outcome.NO
    finally:
        register(original)
    assert kgrules.ask("dieu10.substitute_allowed", case, **SUB).outcome is Outcome.YES


def test_reimporting_a_rule_module_keeps_answers(case: kgrules.Case) -> None:
    import kgrules.rules.dieu10 as dieu10

    before = kgrules.ask("dieu10.substitute_allowed", case, **SUB).to_dict()
    importlib.reload(dieu10)
    assert kgrules.question("dieu10.substitute_allowed") is dieu10.SUBSTITUTE_ALLOWED
    assert kgrules.ask("dieu10.substitute_allowed", case, **SUB).to_dict() == before


@pytest.mark.clause("dieu-11/doan-2")
def test_case_calendar_overrides_change_deadlines(case: kgrules.Case) -> None:
    """An official list supplied with the case wins over the package: declaring Mon 23/3/2009
    a day off moves the latest dispatch day for the meeting of Thu 26/3/2009 back to Fri 20/3."""
    d = kgrules.ask("dieu11.documents_on_time", case, meeting="H2009-Q1")
    assert d.outcome is Outcome.YES
    data = case.to_dict()
    data["calendar_overrides"] = [{"year": 2009, "days_off": ["2009-03-23"],
                                   "source": "test: hypothetical official list"}]
    overridden = kgrules.Case.from_dict(data)
    d2 = kgrules.ask("dieu11.documents_on_time", overridden, meeting="H2009-Q1")
    assert d2.outcome is Outcome.NO
    assert d2.calendar is not None and "2009" in d2.calendar
    assert "20/03/2009" in d2.reasons[0].explanation.vi


def test_asking_is_deterministic_and_history_free(case: kgrules.Case) -> None:
    first = kgrules.ask("dieu11.report_on_time", case, member="P06", quarter="2009-Q1").to_dict()
    assert len(kgrules.questions()) >= 10  # listing the catalogue disturbs nothing
    kgrules.ask("dieu10.substitute_allowed", case, **SUB)
    kgrules.ask("dieu10.attendance_compliant", case, meeting="H2009-Q1", member="P08")
    again = kgrules.ask("dieu11.report_on_time", case, member="P06", quarter="2009-Q1")
    assert again.to_dict() == first


def test_errors_survive_pickling() -> None:
    """Errors cross process boundaries (batch workers, service workers) with their fields."""
    import datetime as dt
    import pickle

    from kgrules.errors import NotInForceError
    from kgrules.record import RecordError, RecordNotFoundError

    for cls in (kgrules.InputError, kgrules.CaseError, kgrules.ArgumentError,
                kgrules.UnknownQuestionError, kgrules.InterpretationError, kgrules.CalendarError):
        error = cls("people[2].id", "duplicate id")
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is cls and (copy.path, copy.message, str(copy)) == (
            error.path, error.message, str(error))
    late = pickle.loads(pickle.dumps(NotInForceError("x", dt.date(2001, 1, 1), dt.date(2008, 6, 23))))
    assert (late.name, late.day, late.since) == ("x", dt.date(2001, 1, 1), dt.date(2008, 6, 23))
    missing = pickle.loads(pickle.dumps(RecordNotFoundError("abc")))
    assert (missing.record_id, missing.path) == ("abc", "id")
    for other in (kgrules.RuleError("boom"), kgrules.EngineError("x"), RecordError("y")):
        assert str(pickle.loads(pickle.dumps(other))) == str(other)


def test_registry_sees_rebound_and_removed_rule_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry's fast look-up notices a module's QUESTIONS rebound (what a reload does)
    and a rule module gone from ``sys.modules`` (imported again), with modules declaring no
    QUESTIONS among them; and the generation moves only then."""
    import sys

    import kgrules.rules.dieu11 as dieu11

    from kgrules import registry

    original = kgrules.question("dieu11.report_on_time")
    assert "QUESTIONS" not in vars(sys.modules["kgrules.rules.dieu5"])  # none declared there
    before = registry.generation()
    assert registry.generation() == before  # nothing changed: nothing taken again
    changed = attrs.evolve(original, starred=not original.starred)
    monkeypatch.setattr(dieu11, "QUESTIONS", tuple(
        changed if q is original else q for q in dieu11.QUESTIONS))
    assert kgrules.question("dieu11.report_on_time") is changed
    assert registry.generation() > before
    monkeypatch.undo()
    assert kgrules.question("dieu11.report_on_time") is original
    settled = registry.generation()
    monkeypatch.delitem(sys.modules, "kgrules.rules.dieu5")
    kgrules.question("dieu11.report_on_time")
    assert "kgrules.rules.dieu5" in sys.modules  # the slow path imported it again
    assert registry.generation() == settled  # it still declares nothing


def test_interpretations_used_kept_per_switch_and_reading(case: kgrules.Case) -> None:
    """What a decision says of the readings it relied on is the same whichever reading was
    asked first, and follows a switch redeclared."""
    from kgrules import decision as decision_module
    from kgrules.i18n import Text
    from kgrules.interpretations import SWITCHES

    def used(reading: str) -> list[tuple[str, str, bool, str]]:
        d = kgrules.ask("dieu11.report_on_time", case, member="P06", quarter="2009-Q1",
                        interpretations={"report_deadline": reading})
        return [(i.switch, i.reading, i.default, i.reading_text.en) for i in d.interpretations]

    readings = list(SWITCHES["report_deadline"].readings)
    decision_module._USED.clear()
    first = {r: used(r) for r in readings}
    decision_module._USED.clear()
    second = {r: used(r) for r in reversed(readings)}
    assert first == second
    assert [u[0][2] for u in first.values()] == [r == SWITCHES["report_deadline"].default
                                                for r in readings]
    original = SWITCHES["report_deadline"]
    renamed = attrs.evolve(original, readings={
        name: Text(text.vi, text.en + " (redeclared)") for name, text in original.readings.items()})
    try:
        SWITCHES["report_deadline"] = renamed
        assert used(readings[0])[0][3].endswith("(redeclared)")
    finally:
        SWITCHES["report_deadline"] = original
    assert used(readings[0]) == first[readings[0]]
