"""A decision packed by a worker process (its skeleton's parts once a chunk, its own kept data
as it is) is rebuilt here as the decision asked: JSON, text, repr and reasons."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from kgrules import Case, ask_many, load_example
from kgrules.batch import Request, _pack, _Rebuilt, _searcher, _unpack
from kgrules.catalogue import Engine
from kgrules.decision import Decision, materialise
from kgrules.errors import EngineError
from kgrules.interpretations import settings as make_settings
from kgrules.oracle import OracleEngine
from kgrules.testing import committee_cases
from tests.library.test_batch import year_requests


def _round_trip(decisions: list[Decision], case: Case, engine: Engine | None = None
                ) -> list[Decision]:
    """One chunk's decisions as a worker sends them and this process rebuilds them (a
    pending counterfactual search asked again here, as the batch does)."""
    shared: dict[object, object] = {}
    sent = pickle.loads(pickle.dumps([_pack(d, case, shared) for d in decisions]))
    rebuilt = _Rebuilt()
    chosen = make_settings(None)
    return [_unpack(p, _searcher(case, Request(d.question, dict(d.arguments)), chosen, None,
                                 engine), case, rebuilt)
            for p, d in zip(sent, decisions, strict=True)]


def _same(got: list[Decision], expected: list[Decision]) -> None:
    assert [d.to_json() for d in got] == [d.to_json() for d in expected]
    for lang in ("vi", "en"):
        assert [d.render(lang) for d in got] == [d.render(lang) for d in expected]
    assert [repr(d) for d in got] == [repr(d) for d in expected]
    assert [d.reasons for d in got] == [d.reasons for d in expected]
    assert [(r.explanation, r.records) for d in got for r in d.reasons] == [
        (r.explanation, r.records) for d in expected for r in d.reasons]


@settings(max_examples=4, derandomize=True, database=None, phases=[Phase.generate],
          deadline=None, suppress_health_check=list(HealthCheck))
@given(case=committee_cases())
def test_packed_decisions_are_rebuilt_as_asked(case: Case) -> None:
    """Every ★ request of a generated case, durable and oracle: received, each decision is
    the one asked in this process, byte for byte."""
    requests = year_requests(case)
    for engine in (None, OracleEngine()):
        fresh = ask_many(case, requests, engine=engine, errors="return")
        asked = [d for d in fresh if isinstance(d, Decision)]
        expected = [materialise(d) for d in ask_many(case, requests, engine=engine,
                                                     errors="return")
                    if isinstance(d, Decision)]
        _same(_round_trip(asked, case, engine), expected)


def test_a_skeleton_crosses_once_a_chunk() -> None:
    """Decisions of the same fired rules send their skeleton's heads once (one object after
    pickling) and their own kept data as it is; rebuilt, they share the status, quotes and
    template made from it."""
    case = load_example()
    requests = [("dieu10.regular_meeting_in_window", {"meeting": m.id}) for m in case.meetings]
    fresh = ask_many(case, requests)
    shared: dict[object, object] = {}
    packed = [_pack(d, case, shared) for d in fresh]
    for d, p in zip(fresh, packed, strict=True):
        state = d.unread_state()
        assert state is not None and p[12] is not None and p[12][2] is state[1]
    sent = pickle.loads(pickle.dumps(packed))
    heads = [p[12][0] for p in sent]
    assert len({id(h) for h in heads}) < len(heads)  # some skeleton sent once, then referred to
    rebuilt, chosen = _Rebuilt(), make_settings(None)
    got = [_unpack(p, _searcher(case, Request(*r), chosen, None, None), case, rebuilt)
           for p, r in zip(sent, requests, strict=True)]
    by_rules: dict[tuple[str, ...], list[Decision]] = {}
    for d in got:
        by_rules.setdefault(tuple(r.rule for r in d.reasons), []).append(d)
    alike = next(ds for ds in by_rules.values() if len(ds) > 1)
    assert alike[0].reasons[0].quotes is alike[1].reasons[0].quotes
    assert alike[0].reasons[0].status is alike[1].reasons[0].status
    _same(got, [materialise(d) for d in ask_many(case, requests)])


def test_a_read_decision_is_packed_as_its_reasons() -> None:
    """A decision whose reasons were read already has no kept data: it is packed from the
    reasons made, and received as asked."""
    case = load_example()
    requests = year_requests(case)[:12]
    read = ask_many(case, requests)
    for d in read:
        assert d.reasons is not None
    assert all(_pack(d, case)[12] is None for d in read)
    _same(_round_trip(read, case), [materialise(d) for d in ask_many(case, requests)])


@pytest.mark.parametrize("cut", [1, 5, 13])
def test_a_damaged_packet_is_refused(cut: int) -> None:
    """A packed decision with fields missing (another version's worker, a damaged message)
    is a typed error, not a decision made of the wrong fields."""
    case = load_example()
    [fresh] = ask_many(case, year_requests(case)[:1])
    packed = _pack(fresh, case)
    with pytest.raises(EngineError, match="not a packed decision"):
        _unpack(packed[:cut], None, case)
    with pytest.raises(EngineError):
        _unpack((*packed, None), None, case)
