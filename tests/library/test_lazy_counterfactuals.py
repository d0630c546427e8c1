"""Counterfactuals are searched on first read, and a decision read later says exactly what an
eager one said: its JSON, its text, a pickle, the decision record, worker processes."""

from __future__ import annotations

import copy
import pickle
import threading
from pathlib import Path

import pytest

from kgrules import Outcome, ask, ask_many, load_example
from kgrules import catalogue as catalogue_module
from kgrules.decision import Decision, PendingWhatIf, WhatIf
from kgrules.record import open_store

ARGS = {"meeting": "H2009-Q1", "member": "P08", "substitute": "S02"}
QID = "dieu10.substitute_allowed"


def _eager(decision: Decision) -> WhatIf:
    """The search run directly, as ``ask`` ran it before it was lazy."""
    case = load_example()
    q = catalogue_module.question(QID)
    args = catalogue_module._check_arguments(q, case, ARGS)
    chosen = catalogue_module.make_settings(None)
    cal = catalogue_module.calendar_for(case)
    plain, facts, evaluate = catalogue_module._answer(q, case, args, chosen, cal,
                                                      catalogue_module.default_engine())
    return catalogue_module._what_if(q, case, args, chosen, cal, plain, facts, evaluate)


@pytest.mark.clause("dieu-10/doan-5")
def test_searched_on_first_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """``ask`` returns before searching; the first read searches once; the value is the eager
    search's."""
    calls: list[str] = []
    real = catalogue_module.counterfactual_search

    def counting(*a: object, **k: object) -> WhatIf:
        calls.append("search")
        return real(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(catalogue_module, "counterfactual_search", counting)
    decision = ask(QID, load_example(), **ARGS)
    assert decision.outcome is Outcome.NO
    assert decision.what_if_pending and calls == []
    first = decision.what_if
    assert calls == ["search"] and not decision.what_if_pending
    assert decision.what_if is first and calls == ["search"]
    monkeypatch.setattr(catalogue_module, "counterfactual_search", real)
    assert first is not None and first.options
    assert first == _eager(decision)


def test_json_text_and_equality_as_eager() -> None:
    """The JSON carries the counterfactuals, the text shows them; a decision compares equal to
    the same decision with the value computed eagerly."""
    lazy = ask(QID, load_example(), **ARGS)
    other = ask(QID, load_example(), **ARGS)
    assert lazy.what_if_pending and other.what_if_pending
    assert lazy == other  # both searched to compare
    eager = Decision.from_dict(lazy.to_dict())
    assert eager == lazy and not isinstance(eager._what_if, PendingWhatIf)
    assert lazy.to_dict()["counterfactuals"] == _eager(lazy).to_dict()
    assert lazy.what_if is not None
    assert lazy.what_if.options[0].render("en") in lazy.render("en")


def test_pickle_and_copy_carry_the_value() -> None:
    """A pending decision pickles (and deep-copies) with its counterfactuals computed."""
    decision = ask(QID, load_example(), **ARGS)
    assert decision.what_if_pending
    back = pickle.loads(pickle.dumps(decision))
    assert not back.what_if_pending and back.what_if == decision.what_if
    assert back.to_dict() == decision.to_dict()
    assert copy.deepcopy(ask(QID, load_example(), **ARGS)).to_dict() == decision.to_dict()


def test_threads_read_one_value() -> None:
    """Eight threads reading at once get the same object (one search)."""
    decision = ask(QID, load_example(), **ARGS)
    seen: list[object] = []
    barrier = threading.Barrier(8)

    def read() -> None:
        barrier.wait()
        seen.append(decision.what_if)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 8 and seen[0] is not None
    assert all(s is seen[0] for s in seen)


def test_recorded_decision_carries_them(tmp_path: Path) -> None:
    """The decision record stores (and its hash chain covers) the counterfactuals, as before."""
    store = open_store(tmp_path / "record.sqlite3")
    try:
        decision = ask(QID, load_example(), record=store, **ARGS)
        entry = store.get(decision.record_id or "")
        assert entry.decision["counterfactuals"] == _eager(decision).to_dict()
    finally:
        store.close()


def test_worker_answers_search_lazily_and_agree() -> None:
    """A ``no`` answered in a worker process comes back pending and reads as the serial one."""
    case = load_example()
    requests = [(QID, ARGS)] * 64
    parallel = ask_many(case, requests, workers=2)
    assert parallel[0].what_if_pending
    serial = ask_many(case, requests[:1])
    assert parallel[0] == serial[0]
    assert parallel[0].to_dict() == serial[0].to_dict()


def test_with_what_if_copies_every_field() -> None:
    """``with_what_if`` (the constructor in place of ``attrs.evolve``) keeps every field, the
    ones added later included, and sets only ``what_if``."""
    import attrs

    from kgrules.decision import with_what_if

    decision = attrs.evolve(ask(QID, load_example(), counterfactuals=False, **ARGS),
                            record_id="r-1")
    copied = with_what_if(decision, None)
    for field in attrs.fields(Decision):
        if field.name != "_what_if":
            assert getattr(copied, field.name) is getattr(decision, field.name), field.name
    pending = PendingWhatIf(lambda: _eager(decision))
    assert with_what_if(decision, pending)._what_if is pending
    assert with_what_if(decision, pending) == attrs.evolve(decision, what_if=pending)
