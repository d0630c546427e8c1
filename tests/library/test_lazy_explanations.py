"""Explanations rendered when first read (kgrules.decision.Deferred, issue 14 item 4): the same
decisions, JSON and digests as rendering them at once, picklable and safe across threads."""

from __future__ import annotations

import gc
import hashlib
import json
import pickle
import threading
from collections.abc import Mapping
from typing import Any

import pytest

import kgrules
from kgrules.audit import audit
from kgrules.catalogue import ask, ask_each, questions
from kgrules.decision import Decision, Deferred, _explain, materialise
from kgrules.i18n import Text
from kgrules.oracle import OracleEngine

SUB = {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}


@pytest.fixture(scope="module")
def case() -> kgrules.Case:
    return kgrules.load_example()


@pytest.fixture(scope="module")
def sample(case: kgrules.Case) -> list[tuple[str, dict[str, str]]]:
    """Every request the year's audit of the example asks (each audited question of the
    catalogue, with the example's own arguments), plus the two flagships."""
    seen = {(f.decision.question, json.dumps(dict(f.decision.arguments), sort_keys=True))
            for f in audit(case, 2009, engine=OracleEngine()).findings}
    seen |= {("dieu10.substitute_allowed", json.dumps(SUB, sort_keys=True)),
             ("dieu12.expense_authorised", json.dumps({"expenditure": "CHI-07"}))}
    return [(q, json.loads(a)) for q, a in sorted(seen)]


def _digest(d: Decision) -> tuple[str, str]:
    """The decision's JSON (as ``kgrules ask --json`` prints it) and the sha256 of the compact,
    key-sorted text the decision record stores and hashes."""
    recorded = json.dumps({k: v for k, v in d.to_dict().items() if k != "record_id"},
                          sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return d.to_json(), hashlib.sha256(recorded.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("engine", [None, OracleEngine()], ids=["durable", "oracle"])
def test_json_and_digest_are_those_of_the_eager_rendering(
        case: kgrules.Case, sample: list[tuple[str, dict[str, str]]], engine: Any) -> None:
    """Each decision of the sample, rendered at once (as before) and rendered only when its JSON
    is asked for, after every other question of the sample was answered in between: the same
    bytes and the same digest, for every question, on both engines."""
    assert len({q for q, _ in sample}) >= len(questions()) // 2  # the sample spans the catalogue
    eager = [_digest(materialise(ask(q, case, engine=engine, **a))) for q, a in sample]
    lazy = [ask(q, case, engine=engine, **a) for q, a in sample]
    assert sum(r.deferred is not None and r.deferred.pending for d in lazy for r in d.reasons) > 0
    assert [_digest(d) for d in lazy] == eager
    assert sum(len(d.reasons) for d in lazy) > len(sample)


def test_nothing_is_rendered_until_read(case: kgrules.Case) -> None:
    """Outcome, statuses and facts are read without rendering any prose; the first reading of
    one explanation renders that reason only."""
    d = ask("dieu10.substitute_allowed", case, **SUB)
    assert d.outcome is kgrules.Outcome.YES
    assert [r.status for r in d.reasons] and all(r.facts for r in d.reasons)
    pending = [r.deferred for r in d.reasons]
    assert pending and all(p is not None and p.pending for p in pending)
    assert "Huỳnh Thị Mai (P05)" in d.reasons[0].explanation.en
    assert [p.pending for p in pending if p is not None] == [False] + [True] * (len(pending) - 1)
    assert d.reasons[0].records == ("H2009-Q3", "POS05: Huỳnh Thị Mai (P05)")
    # Its repr says which, without rendering the pending ones
    assert [repr(p) for p in pending] == ["Deferred(rendered)"] + ["Deferred(pending)"] * (
        len(pending) - 1)
    assert [p.pending for p in pending if p is not None] == [False] + [True] * (len(pending) - 1)


def test_a_lazy_decision_pickles_as_text_without_its_case(case: kgrules.Case) -> None:
    """Pickling renders first: the copy holds text only (not the case its explanations were
    rendered from), equals the original and gives the same JSON."""
    for q, a in (("dieu10.substitute_allowed", SUB), ("dieu12.expense_authorised",
                                                       {"expenditure": "CHI-07"})):
        d = ask(q, case, **a)
        data = pickle.dumps(d)
        assert b"kgrules.case" not in data
        copy = pickle.loads(data)
        assert copy == d and hash(copy.reasons) == hash(d.reasons)
        assert copy.to_json() == d.to_json() == materialise(d).to_json()
        assert all(r.deferred is None or not r.deferred.pending for r in copy.reasons)


def test_equal_to_the_decision_read_back_from_json(case: kgrules.Case) -> None:
    """A lazy reason equals (and hashes as) the same reason given as text."""
    d = ask("dieu10.substitute_allowed", case, **SUB)
    back = Decision.from_dict(json.loads(ask("dieu10.substitute_allowed", case, **SUB).to_json()))
    assert back == d
    assert {hash(r) for r in back.reasons} == {hash(r) for r in d.reasons}


def test_threads_reading_one_decision_get_the_same_text(case: kgrules.Case) -> None:
    """Eight threads read the same unread decision at once: every one gets the eager bytes."""
    expected = materialise(ask("dieu12.expense_authorised", case, expenditure="CHI-07")).to_json()
    for _ in range(5):
        d = ask("dieu12.expense_authorised", case, expenditure="CHI-07")
        gate = threading.Barrier(8)
        got: list[str] = []

        def read(d: Decision = d, gate: threading.Barrier = gate, got: list[str] = got) -> None:
            gate.wait()
            got.append(d.to_json())

        threads = [threading.Thread(target=read) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert got == [expected] * 8


def test_kept_decisions_hold_only_the_values_their_reasons_read(
        case: kgrules.Case, sample: list[tuple[str, dict[str, str]]]) -> None:
    """A decision of an audit or a batch (``ask_each``) holds, in each pending reason, the
    values its template reads, not the facts bound to it: an audit keeps every decision, and
    each one's keyed facts, evaluate fact and bindings kept alive were about half of a
    finding's memory (issue 14). Nothing such a reason refers to is a fact (a mapping); the
    decisions' JSON and text are ``ask``'s, which keeps the bindings (a question asked alone
    does not pay for the values' copy)."""
    held = 0
    for q, a in sample:
        [kept] = ask_each(q, case, [a])
        alone = ask(q, case, **a)
        assert isinstance(kept, Decision)
        for reason in kept.reasons:
            deferred = reason.deferred
            assert deferred is not None and deferred.pending
            for ref in gc.get_referents(deferred):
                assert not isinstance(ref, Mapping), (q, reason.rule, ref)
                if isinstance(ref, tuple):
                    assert not any(isinstance(v, Mapping) for v in ref), (q, reason.rule, ref)
            held += 1
        assert _digest(kept) == _digest(alone)
        assert kept.render("vi") == alone.render("vi") and kept.render("en") == alone.render("en")
    assert held > len(sample)


def test_values_render_and_travel_as_the_bindings_did() -> None:
    """A template reading fields of two facts, one of them twice and in another order in each
    language: the values kept render the same text as the bindings, and :meth:`Deferred.source`
    gives the same fields, in the same order, as it gave from the bindings."""
    template = Text("{e.amount:money} cho {x.id}, ngày {e.day:date}; {e.amount}",
                    "{x.id} of {e.day:date}: {e.amount:money}")
    bindings = {"e": {"t": "evaluate", "k": "e", "amount": 1500000, "day": 733500, "src": "q"},
                "x": {"t": "estimate", "k": "f0", "id": "DT-1", "total": 9}}
    kept = Deferred(template, bindings, ("estimates[0]",))
    whole = Deferred(template, bindings, ("estimates[0]",), layout=None)  # keeps the bindings
    assert kept._values is not None and kept._bindings is None
    assert whole._values is None and whole._bindings is bindings
    source = kept.source()
    assert source is not None and source == whole.source()
    assert list(source[1]) == ["e", "x"] and list(source[1]["e"]) == ["amount", "day"]
    assert kept.result() == whole.result() == (_explain(template, bindings), ())
    assert kept.result()[0].vi == "1.500.000 đồng cho DT-1, ngày 03/04/2009; 1500000"


def test_templates_beyond_plain_fields_keep_the_bindings() -> None:
    """A template ``str.format`` must render (a conversion, a whole binding) keeps its bindings
    and renders as before; a field missing from the facts raises when read, not when made."""
    bindings = {"e": {"t": "evaluate", "k": "e", "name": "Lan"}}
    odd = Deferred(Text("{e.name!s}", "{e.name}"), bindings, ())
    assert odd._bindings is bindings and odd.result()[0] == Text("Lan", "Lan")
    missing = Deferred(Text("{e.nothing}", "{e.name}"), bindings, ())
    assert missing.pending
    with pytest.raises(KeyError):
        missing.result()
