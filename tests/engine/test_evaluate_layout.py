"""The evaluate fact's layout (kgrules.evaluation.evaluate_layout), read once an ask and shared
by the check, the pruning and the engine's text (kgrules.engine._laid_text): the same verdicts
and errors as the full check, and the same text, byte for byte, as ``_for_engine``'s, whatever
the values hold (quotes, unicode, ``":{``, bools against ints, None, missing or extra keys), for
the first fact of a layout and for the next ones alike."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kgrules
from kgrules import engine as engine_module
from kgrules import evaluation
from kgrules.dsl import EVALUATE, MAX_STRING_BYTES
from kgrules.engine import DurableEngine, _for_engine, _laid_text
from kgrules.errors import EngineError
from kgrules.evaluation import keyed_facts, keyed_request
from kgrules.oracle import OracleEngine

QUESTION = "dieu10.regular_meeting_in_window"
GOOD = {"meeting": "H1", "in_force": True, "held_in_force": True, "quarter": "2009-Q1",
        "window_first": 733000, "window_last": 733010,
        "i_non_working_day_meeting": "moved", "src": "question"}
FACT = {"t": "meeting", "src": "meetings[0]", "id": "H1", "kind": "regular", "day": 733000,
        "held": True, "working_day": True, "day_off": ""}

VALUES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(['"k":"e"', '":{', '{"e":{"k":"e"}}', "\\", '\\"', "é\u0000\n\"", "%s",
                     "%%", "ế" * 3, "x" * (MAX_STRING_BYTES // 4 + 1),
                     "ế" * (MAX_STRING_BYTES // 3 + 1)]),
    st.integers(-(2 ** 70), 2 ** 70), st.booleans(), st.none(),
)
FIELDS = st.frozensets(st.sampled_from([*sorted(GOOD), "t", "k", "id", "other"]))


def _old_verdict(question: Any, evaluate: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The evaluate fact keyed and checked as before the layout: by ``_well_formed``, then the
    full check; the error's text, or None."""
    ev = {**evaluate, "t": EVALUATE, "k": "e", "src": evaluate.get("src", "question")}
    if evaluation._well_formed(question.evaluate, ev):
        return ev, None
    try:
        question.evaluate.check(ev)
    except TypeError as exc:
        return ev, f"{question.id}: {exc}"
    return ev, None


def _changed(evaluate: dict[str, Any], changes: dict[str, Any], drop: list[str],
             reverse: bool) -> dict[str, Any]:
    out = {k: v for k, v in evaluate.items() if k not in drop}
    out.update(changes)
    return dict(reversed(out.items())) if reverse else out


@given(st.dictionaries(st.sampled_from([*sorted(GOOD), "id", "extra"]), VALUES, max_size=4),
       st.lists(st.sampled_from(sorted(GOOD)), max_size=2), st.booleans(),
       st.lists(FIELDS, min_size=1, max_size=3))
def test_the_layout_gives_the_old_verdict_and_text(changes: dict[str, Any], drop: list[str],
                                                   reverse: bool,
                                                   fields: list[frozenset[str]]) -> None:
    q = kgrules.question(QUESTION)
    evaluate = _changed(GOOD, changes, drop, reverse)
    want, error = _old_verdict(q, evaluate)
    for _attempt in range(2):  # the layout made, then the layout kept
        if error is not None:
            with pytest.raises(EngineError) as raised:
                keyed_request(q, [FACT], evaluate, [])
            assert str(raised.value) == error
            with pytest.raises(EngineError):
                keyed_facts(q, [FACT], evaluate)
            continue
        _keyed, ev, layout, values = keyed_request(q, [FACT], evaluate, [])
        assert ev == want and list(ev) == list(want)
        assert values == tuple(want.values())
        assert layout.keys == tuple(want) and layout.types == tuple(map(type, values))
        assert keyed_facts(q, [FACT], evaluate)[1] == ev
        for read in fields:
            try:
                text = _for_engine(ev, read) + ',"k":"e"'
            except TypeError:  # a value JSON cannot write: the same refusal either way
                with pytest.raises(TypeError):
                    _laid_text(layout, values, ev, read)
                continue
            assert _laid_text(layout, values, ev, read) == text
        evaluate = {k: (v + "y" if type(v) is str else v) for k, v in evaluate.items()}
        want, error = _old_verdict(q, evaluate)


def test_a_layout_is_one_per_question_keys_and_types(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same keys and types give the same layout; another order of keys, a bool for an int
    or another question, another; past the bound all are forgotten, and still correct."""
    q = kgrules.question(QUESTION)
    first = keyed_request(q, [FACT], GOOD, [])[2]
    assert keyed_request(q, [FACT], {**GOOD, "meeting": "H2"}, [])[2] is first
    assert first.ok
    reordered = dict(reversed(GOOD.items()))
    assert keyed_request(q, [FACT], reordered, [])[2] is not first
    with pytest.raises(EngineError):
        keyed_request(q, [FACT], {**GOOD, "window_first": True}, [])
    assert not evaluation.evaluate_layout(q, first.keys, tuple(
        bool if t is int else t for t in first.types)).ok
    # The last layout of each question is found without a hash, the others by one.
    assert keyed_request(q, [FACT], GOOD, [])[2] is first
    assert evaluation._LAST_LAYOUT[id(q)] is first
    assert keyed_request(q, [FACT], reordered, [])[2] is not first
    assert keyed_request(q, [FACT], GOOD, [])[2] is first
    monkeypatch.setattr(evaluation, "_EVALUATE_LAYOUTS", {})
    monkeypatch.setattr(evaluation, "_LAST_LAYOUT", {})
    monkeypatch.setattr(evaluation, "MAX_EVALUATE_LAYOUTS", 1)
    again = keyed_request(q, [FACT], GOOD, [])[2]
    assert again is not first and again.ok
    keyed_request(q, [FACT], reordered, [])
    assert len(evaluation._EVALUATE_LAYOUTS) == 1 and len(evaluation._LAST_LAYOUT) == 1


def test_a_layouts_texts_are_kept_by_the_fields_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each set of fields read has its own text on a layout, at most MAX_LAYOUT_TEXTS of them
    (then all forgotten): an equal set that is another object is not taken for it."""
    q = kgrules.question(QUESTION)
    _, ev, layout, values = keyed_request(q, [FACT], GOOD, [])
    monkeypatch.setattr(engine_module, "MAX_LAYOUT_TEXTS", 2)
    layout.texts.clear()
    sets = [frozenset({"meeting"}), frozenset({"quarter", "in_force"}), frozenset(GOOD)]
    for read in [*sets, frozenset({"meeting"})]:
        assert _laid_text(layout, values, ev, read) == _for_engine(ev, read) + ',"k":"e"'
        assert len(layout.texts) <= 2


def test_asks_answer_as_before_on_both_engines() -> None:
    """Through ``ask``: the durable adapter (the layout's text) and the oracle (the plain check)
    give one answer, asked twice (the layout made, then kept)."""
    case = kgrules.load_example()
    durable = [kgrules.ask(QUESTION, case, meeting=m.id).to_json() for m in case.meetings] * 2
    again = [kgrules.ask(QUESTION, case, meeting=m.id).to_json() for m in case.meetings]
    oracle = [kgrules.ask(QUESTION, case, meeting=m.id, engine=OracleEngine()).to_json()
              .replace('"engine": "oracle"', '"engine": "durable_rules"')
              for m in case.meetings]
    assert durable[:len(again)] == again == oracle


def test_the_pruning_key_tells_a_bool_from_an_int() -> None:
    """The ruleset for an evaluate fact is kept by each gated field's value and type: ``True``
    and ``1`` (equal, with one hash) are two keys, and a missing field is ``None``."""
    engine = DurableEngine()
    base = engine._ruleset(kgrules.question("authority.may_act"))
    assert base.gated
    field = base.gated[0]
    found = [engine._for_evaluate(base, {field: value}) for value in (True, 1, True, None)]
    assert found[0] is found[2]
    assert len(base.by_gate) == 3
    assert {k[0] for k in base.by_gate} == {bool, int, type(None)}  # the first gated type
