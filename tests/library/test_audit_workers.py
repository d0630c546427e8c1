"""A year's audit answered in worker processes gives the findings the serial audit gives."""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable

import attrs
import pytest

from kgrules import Case, ask_many, audit, load_example
from kgrules.audit import AUTO_WORKERS_FROM, _workers
from kgrules.batch import _pack, _Rebuilt, _unpack
from kgrules.catalogue import ask
from kgrules.decision import Decision, PendingReasons, WhatIf, _sources, materialise
from kgrules.errors import ArgumentError
from tests.library.test_batch import start_method

__all__ = ["start_method"]  # a fixture, used by name


@pytest.mark.clause("dieu-10/doan-5", "dieu-12/doan-1")
def test_workers_give_the_serial_findings(start_method: str) -> None:
    """Same findings, ids, errors, timeline and decisions (their JSON, counterfactuals
    included), in the same order, whether the workers are forked or spawned."""
    case = load_example()
    serial = audit(case, 2009)
    parallel = audit(case, 2009, workers=2)
    assert len(serial.findings) >= 64  # enough for the batch to start its workers
    assert [f.id for f in parallel.findings] == [f.id for f in serial.findings]
    assert parallel.errors == serial.errors
    assert parallel.timeline == serial.timeline
    assert [f.decision.to_dict() for f in parallel.findings] == [
        f.decision.to_dict() for f in serial.findings]
    assert parallel.to_dict() == serial.to_dict()
    # The report as read, byte for byte: its prose, names and counterfactuals included.
    for lang in ("vi", "en"):
        assert parallel.render(lang) == serial.render(lang)
        assert parallel.to_html(lang) == serial.to_html(lang)
    assert parallel.to_json() == serial.to_json()


def test_workers_argument() -> None:
    """``None`` and a small ``"auto"`` audit answer in this process; a bad value is a typed
    error naming the field."""
    assert _workers(None, 100_000) == 0
    assert _workers("auto", 10) == 0
    assert _workers(3, 10) == 3
    with pytest.raises(ArgumentError) as caught:
        _workers(-1, 10)
    assert caught.value.path == "workers"
    with pytest.raises(ArgumentError):
        audit(load_example(), 2009, workers="many")  # type: ignore[arg-type]


def test_prose_crosses_the_boundary_unrendered() -> None:
    """A worker's decision arrives with its reasons' prose still pending (sent as template,
    bound fields and the namer's arguments, kgrules.batch._pack); read here, it is the prose
    the serial audit renders in process, persons named and records labelled."""
    case = load_example()
    parallel = audit(case, 2009, workers=2)
    reasons = [r for f in parallel.findings for r in f.decision.reasons]
    pending = [r for r in reasons if r.deferred is not None and r.deferred.pending]
    assert len(pending) > len(reasons) // 2
    serial = audit(case, 2009)
    assert [(r.explanation, r.records) for f in parallel.findings for r in f.decision.reasons] \
        == [(r.explanation, r.records) for f in serial.findings for r in f.decision.reasons]


@pytest.mark.parametrize(("question", "arguments"), [
    ("dieu10.substitute_allowed", {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}),
    ("dieu12.expense_authorised", {"expenditure": "CHI-07"}),
])
def test_a_packed_decision_is_named_about_the_callers_case(
        question: str, arguments: dict[str, str]) -> None:
    """Packed about the worker's copy of the case, pickled, and unpacked about the caller's:
    the same decision, byte for byte, as rendering it where it was asked."""
    case = load_example()
    copy = pickle.loads(pickle.dumps(case))  # the worker's case: equal, not the same object
    asked = ask(question, copy, **arguments)
    packed = pickle.loads(pickle.dumps(_pack(asked, copy)))
    assert isinstance(packed, tuple)
    received = _unpack(packed, _search(question, case, arguments), case)
    assert any(r.deferred is not None and r.deferred.pending for r in received.reasons)
    assert b"kgrules.case" not in pickle.dumps(_pack(asked, copy))
    expected = materialise(ask(question, case, **arguments))
    assert [(r.explanation, r.records) for r in received.reasons] == [
        (r.explanation, r.records) for r in expected.reasons]
    assert "(P0" in "".join(r.explanation.vi for r in received.reasons)


def _search(question: str, case: Case, arguments: dict[str, str]) -> Callable[[], WhatIf]:
    """The caller's counterfactual search, as kgrules.batch._searcher makes it."""

    def search() -> WhatIf:
        what_if = ask(question, case, **arguments).what_if
        assert what_if is not None
        return what_if

    return search


def test_a_namer_about_another_case_is_sent_rendered() -> None:
    """Prose named about a case other than the one the worker asked about cannot be named
    again here: it travels rendered."""
    case = load_example()
    asked = ask("dieu12.expense_authorised", case, expenditure="CHI-07")
    packed = _pack(asked, pickle.loads(pickle.dumps(case)))
    assert all(len(reason[-1]) == 3 for reason in packed[5])
    received = _unpack(packed, _search("dieu12.expense_authorised", case, {"expenditure": "CHI-07"}),
                       case)
    assert received.to_json() == asked.to_json()


def test_auto_workers_count_the_cores_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """``"auto"`` counts the cores of this process's affinity (a container or ``taskset``
    gives fewer than the machine has) less the last minute's load, and starts none unless
    two are idle."""
    if not hasattr(os, "sched_getaffinity") or not hasattr(os, "getloadavg"):
        pytest.skip("no affinity or load average here")
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    for allowed, load, expected in [({0}, 0.0, 0), ({0, 1}, 0.2, 2), ({0, 1}, 0.8, 0),
                                    ({0, 1, 2, 3}, 1.4, 3), ({0, 1, 2, 3}, 3.0, 0)]:
        monkeypatch.setattr(os, "sched_getaffinity", lambda _pid, a=allowed: a)
        monkeypatch.setattr(os, "getloadavg", lambda load=load: (load, load, load))
        assert _workers("auto", AUTO_WORKERS_FROM) == expected, (allowed, load)
        assert _workers("auto", AUTO_WORKERS_FROM - 1) == 0


def test_repeated_parts_cross_once_and_are_rebuilt_once() -> None:
    """Two decisions of one question packed for one message share their repeated parts (a
    reason's rule, condition, status, clauses; the readings used), so pickle sends each once;
    rebuilt with one ``_Rebuilt`` they share the objects made from them, and are the
    decisions asked, byte for byte."""
    case = load_example()
    asked = [materialise(ask("dieu12.expense_authorised", case, expenditure=x))
             for x in ("CHI-01", "CHI-02")]
    fresh = [ask("dieu12.expense_authorised", case, expenditure=x) for x in ("CHI-01", "CHI-02")]
    shared: dict[object, object] = {}
    one, two = pickle.loads(pickle.dumps([_pack(d, case, shared) for d in fresh]))
    heads = {id(r[0]): r[0] for r in one[5]}
    common = [r[0] for r in two[5] if r[0] in heads.values()]
    assert common and all(id(h) in heads for h in common)  # one object each after pickling
    assert one[7] is two[7]  # the readings used
    rebuilt = _Rebuilt()
    got = [_unpack(p, _search("dieu12.expense_authorised", case, {"expenditure": x}), case,
                   rebuilt) for p, x in ((one, "CHI-01"), (two, "CHI-02"))]
    assert got[0].interpretations is got[1].interpretations
    quotes = {id(r.quotes) for r in got[0].reasons}
    assert any(id(r.quotes) in quotes for r in got[1].reasons)
    assert [d.to_json() for d in got] == [d.to_json() for d in asked]
    for lang in ("vi", "en"):
        assert [r.explanation.get(lang) for d in got for r in d.reasons] == [
            r.explanation.get(lang) for d in asked for r in d.reasons]


def test_a_pending_reason_crosses_as_its_template_values() -> None:
    """A reason keeping only its template's values travels as those values (a tuple, in the
    template's layout order: no bindings dict made in the worker nor read again here) and is
    rebuilt pending, rendering exactly the prose asked in process. (A batch's decisions keep
    only those values, as a worker's do.)"""
    case = load_example()
    [fresh] = ask_many(case, [("dieu12.expense_authorised", {"expenditure": "CHI-07"})])
    packed = pickle.loads(pickle.dumps(_pack(fresh, case)))
    assert packed[5] == () and packed[12] is not None  # its skeleton's form
    assert all(type(values) is tuple and bindings is None
               for _, bindings, values in packed[12][2])
    received = _unpack(packed, _search("dieu12.expense_authorised", case,
                                       {"expenditure": "CHI-07"}), case)
    assert all(r.deferred is None or r.deferred.pending for r in received.reasons)
    expected = materialise(ask("dieu12.expense_authorised", case, expenditure="CHI-07"))
    assert [(r.explanation, r.records) for r in received.reasons] == [
        (r.explanation, r.records) for r in expected.reasons]
    assert received.to_json() == expected.to_json()


_ASKED = [("dieu12.expense_authorised", {"expenditure": x}) for x in ("CHI-01", "CHI-02", "CHI-07")
          ] + [("dieu10.substitute_allowed", {"meeting": "H2009-Q3", "member": "P05",
                                              "substitute": "S03"})]


def _batch_decisions(case: Case) -> list[Decision]:
    """Compact decisions (as a batch or a worker makes them), reasons not read yet."""
    return ask_many(case, _ASKED)


def test_a_decision_is_packed_without_making_its_reasons() -> None:
    """A worker packs a decision whose reasons nobody has read from what they would be made
    from (its skeleton's heads and its kept data, PendingReasons.unread_state): none made,
    and received it is the decision packed from the reasons made, and the one asked."""
    case = load_example()
    fresh, read = _batch_decisions(case), _batch_decisions(case)
    for d in read:
        assert d.reasons
    packed = [_pack(d, case) for d in fresh]
    assert all(isinstance(d._reasons, PendingReasons) and d._reasons.pending for d in fresh)
    assert all(isinstance(d._reasons, PendingReasons) and not d._reasons.pending for d in read)
    assert all(p[12] is not None and p[5] == () for p in packed)
    from_made = [_pack(d, case) for d in read]
    assert all(p[12] is None and p[5] for p in from_made)
    got = [[_unpack(pickle.loads(pickle.dumps(p)), _search(q, case, a), case)
            for p, (q, a) in zip(sent, _ASKED, strict=True)] for sent in (packed, from_made)]
    expected = [materialise(d) for d in _batch_decisions(case)]
    for received in got:
        assert [d.to_json() for d in received] == [d.to_json() for d in expected]
        assert [repr(d) for d in received] == [repr(d) for d in expected]
        assert received == expected


def test_a_received_decision_makes_its_reasons_when_read() -> None:
    """The caller rebuilds a worker's decision with its reasons still to make; read, they
    are the reasons asked in one process (prose, names, records, quotes, decisive), and the
    decision compares, hashes, prints and pickles as that one."""
    case = load_example()
    rebuilt = _Rebuilt()
    received = [_unpack(pickle.loads(pickle.dumps(_pack(d, case))), _search(q, case, a), case,
                        rebuilt) for d, (q, a) in zip(_batch_decisions(case), _ASKED, strict=True)]
    assert all(isinstance(d._reasons, PendingReasons) and d._reasons.pending for d in received)
    expected = [materialise(d) for d in _batch_decisions(case)]
    assert [d.to_json() for d in received] == [d.to_json() for d in expected]
    assert not any(d._reasons.pending for d in received)  # type: ignore[union-attr]
    assert received == expected
    assert [hash(d._reasons) for d in received] == [hash(d.reasons) for d in expected]
    assert [repr(d) for d in received] == [repr(d) for d in expected]
    for lang in ("vi", "en"):
        assert [d.render(lang) for d in received] == [d.render(lang) for d in expected]
    again = pickle.loads(pickle.dumps(received))
    assert all(isinstance(d._reasons, tuple) for d in again) and again == expected


def test_received_reasons_made_by_two_threads_at_once_are_equal() -> None:
    case = load_example()
    [packed] = [_pack(d, case) for d in _batch_decisions(case)[:1]]
    received = _unpack(packed, _search(_ASKED[0][0], case, _ASKED[0][1]), case)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(received.reasons)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 4 and all(r == got[0] for r in got)
    assert received.reasons == materialise(_batch_decisions(case)[0]).reasons


def test_a_reason_kept_with_its_bindings_is_packed_unmade_as_the_fields_it_reads() -> None:
    """A compact reason whose template's values could not be picked keeps its bindings: it is
    packed unmade as the bound fields the template reads (what Deferred.source sends), and
    read on the other side it is the reason asked."""
    case = load_example()
    q, a = _ASKED[-1]
    asked = ask(q, case, **a)
    state = asked._reasons._state  # type: ignore[union-attr]
    kept = PendingReasons(state.specs, tuple((_sources(b), b, None) for b in state.data),  # type: ignore[union-attr]
                          state.namer, True)  # type: ignore[union-attr]
    d = attrs.evolve(asked, reasons=kept)
    packed = _pack(d, case)
    assert kept.pending and all(type(r[2][2]) is dict for r in packed[5])
    received = _unpack(pickle.loads(pickle.dumps(packed)), _search(q, case, a), case)
    assert received.to_json() == materialise(ask(q, case, **a)).to_json()
    assert received == asked
