"""The cyclic collector paused while a question is answered (kgrules.gcpause, issue 14 item 3):
no collection inside a question, the collector enabled again afterwards (also after an error),
a caller's disabled collector left alone, one thread holding the pause at a time."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pytest

import kgrules
from kgrules import gcpause
from kgrules.catalogue import ask
from kgrules.dsl import Question
from kgrules.evaluation import Conclusion
from kgrules.oracle import OracleEngine

SUB = {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}


class _Watching(OracleEngine):
    """The oracle, noting whether the collector was enabled while it evaluated, and how many
    collections ran while it made enough tracked objects that the collector would run."""

    def __init__(self, fail: bool = False) -> None:
        self.enabled: list[bool] = []
        self.collected: list[int] = []
        self.fail = fail
        self.kept: list[Any] = []

    def evaluate(self, question: Question, facts: Sequence[Mapping[str, Any]],
                 evaluate: Mapping[str, Any]) -> list[Conclusion]:
        self.enabled.append(gc.isenabled())
        before = sum(s["collections"] for s in gc.get_stats())
        threshold = gc.get_threshold()[0]
        self.kept += [[i] for i in range(20 * threshold)]  # alive until the question ends
        self.collected.append(sum(s["collections"] for s in gc.get_stats()) - before)
        if self.fail:
            raise RuntimeError("the engine failed")
        return super().evaluate(question, facts, evaluate)


@pytest.fixture(scope="module")
def case() -> kgrules.Case:
    return kgrules.load_example()


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:  # as found: a test that disabled it (the caller's choice) leaves no trace
        gc.enable()
    else:
        gc.disable()


def test_no_collection_inside_a_question_and_the_collector_back_after(
        case: kgrules.Case) -> None:
    engine = _Watching()
    d = ask("dieu10.substitute_allowed", case, engine=engine, counterfactuals=False, **SUB)
    assert d.outcome.value == "yes"
    # the dependency (authority.may_act) is asked inside: two evaluations, both paused
    assert engine.enabled == [False, False]
    assert engine.collected == [0, 0]
    assert gc.isenabled()


def test_without_the_pause_the_same_question_is_collected(
        case: kgrules.Case, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: with the pause off, the same allocations are collected."""
    monkeypatch.setattr(gcpause, "ENABLED", False)
    engine = _Watching()
    ask("dieu10.substitute_allowed", case, engine=engine, counterfactuals=False, **SUB)
    assert engine.enabled == [True, True]
    assert all(n > 0 for n in engine.collected)


def test_the_collector_is_enabled_again_after_an_error(case: kgrules.Case) -> None:
    engine = _Watching(fail=True)
    with pytest.raises(RuntimeError, match="the engine failed"):
        ask("dieu11.documents_on_time", case, engine=engine, meeting="H2009-Q3")
    assert engine.enabled == [False]
    assert gc.isenabled()


def test_a_collector_the_caller_disabled_stays_disabled(case: kgrules.Case) -> None:
    gc.disable()
    ask("dieu11.documents_on_time", case, engine=OracleEngine(), meeting="H2009-Q3")
    assert not gc.isenabled()


def test_one_thread_holds_the_pause_and_never_extends_another_threads() -> None:
    """Thread A pauses; B enters and leaves while A holds it (the collector stays off); B
    enters again and A leaves: the collector is on at once, B inside or not."""
    a_in, b_done, b_in_again, a_done = (threading.Event() for _ in range(4))
    seen: dict[str, bool] = {}

    def thread_a() -> None:
        with gcpause.paused_gc():
            a_in.set()
            b_done.wait(10)
            seen["after B left"] = gc.isenabled()
            b_in_again.wait(10)
        a_done.set()

    def thread_b() -> None:
        a_in.wait(10)
        with gcpause.paused_gc():
            seen["B inside"] = gc.isenabled()
        b_done.set()
        with gcpause.paused_gc():
            b_in_again.set()
            a_done.wait(10)
            seen["A left, B inside"] = gc.isenabled()

    threads = [threading.Thread(target=thread_a), threading.Thread(target=thread_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert seen == {"B inside": False, "after B left": False, "A left, B inside": True}
    assert gc.isenabled()


def test_the_pause_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gcpause, "ENABLED", False)
    with gcpause.paused_gc():
        assert gc.isenabled()
    monkeypatch.setattr(gcpause, "ENABLED", True)
    with gcpause.paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def _walks() -> int:
    """Collections run so far, every generation."""
    return sum(s["collections"] for s in gc.get_stats())


def test_an_audits_survivors_are_not_walked_after_its_pause(case: kgrules.Case) -> None:
    """What an audit keeps goes straight to the oldest generation when its pause ends: the
    allocations just after it set off no collection walking its findings again (before, the
    first young collection walked every one, 0.2–1 s after a 10,000-expenditure audit), and
    nothing is left frozen."""
    gc.collect()
    report = kgrules.audit(case, 2009, engine=OracleEngine())
    decision = report.findings[len(report.findings) // 2].decision
    assert gc.get_freeze_count() == 0
    assert any(o is decision for o in gc.get_objects(generation=2))
    assert not any(o is decision for o in gc.get_objects(generation=0))
    assert gc.get_count()[0] < gc.get_threshold()[0]
    kept = [[i] for i in range(gc.get_threshold()[0] // 2)]  # fewer than one young collection
    before = _walks()
    kept += [[i] for i in range(gc.get_threshold()[0] // 3)]
    assert _walks() == before and report.findings and kept


def test_a_batch_pause_moves_its_survivors_to_the_oldest_generation() -> None:
    """:class:`kgrules.gcpause.paused_batch`: objects made inside it and kept are in the oldest
    generation afterwards, the young count reset; objects the process froze itself stay
    frozen (then nothing is moved); a question's own pause moves nothing."""
    gc.collect()
    with gcpause.paused_batch():
        kept = [[i] for i in range(5 * gc.get_threshold()[0])]
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert any(o is kept[-1] for o in gc.get_objects(generation=2))
    with gcpause.paused_gc():
        young = [[i] for i in range(5)]
    assert any(o is young[-1] for o in gc.get_objects(generation=0))
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gcpause.paused_batch():
            more = [[i] for i in range(5)]
        assert gc.get_freeze_count() == frozen
        assert any(o is more[-1] for o in gc.get_objects(generation=0))
    finally:
        gc.unfreeze()
