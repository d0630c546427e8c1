"""A decision's reasons made when first read (kgrules.decision.PendingReasons): the same
decision, compared, hashed, printed, pickled and written as if made at once."""

from __future__ import annotations

import copy
import pickle
import threading

import attrs

from kgrules import catalogue, load_example, question
from kgrules import decision as decision_module
from kgrules.catalogue import ask, ask_each
from kgrules.decision import Decision, PendingReasons, materialise, with_what_if
from kgrules.engine import default_engine
from kgrules.evaluation import Conclusion
from kgrules.generate import committee_case
from kgrules.interpretations import settings

SUBSTITUTE = {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}


def _eager(decision: Decision) -> Decision:
    """The decision with its reasons given as a plain tuple of reasons rendered as text."""
    return attrs.evolve(materialise(decision), reasons=tuple(materialise(decision).reasons))


def test_pending_until_read_then_the_same_decision() -> None:
    d = ask("dieu10.substitute_allowed", load_example(), counterfactuals=False, **SUBSTITUTE)
    pending = d._reasons
    assert isinstance(pending, PendingReasons) and pending.pending
    assert d.outcome.value == "yes" and pending.pending  # the outcome does not make them
    eager = _eager(d)
    assert isinstance(eager._reasons, tuple)
    assert not pending.pending
    assert d == eager and eager == d and hash(d._reasons) == hash(eager.reasons)
    assert repr(d) == repr(eager) and d.to_json() == eager.to_json()
    assert d.render("en") == eager.render("en")
    assert d.reasons is d.reasons  # made once


def test_repr_is_attrs_repr_of_the_fields() -> None:
    d = ask("dieu10.substitute_allowed", load_example(), counterfactuals=False, **SUBSTITUTE)
    names = [("reasons" if a.name == "_reasons" else a.name, a.name)
             for a in attrs.fields(Decision)]
    fields = ", ".join(f"{shown}={getattr(d, 'reasons' if name == '_reasons' else name)!r}"
                       for shown, name in names)
    assert repr(d) == f"Decision({fields})"


def test_pickle_copy_and_what_if_keep_the_reasons() -> None:
    case = load_example()
    d = ask("dieu10.substitute_allowed", case, counterfactuals=False, **SUBSTITUTE)
    kept = with_what_if(d, None)
    assert kept._reasons is d._reasons
    back = pickle.loads(pickle.dumps(d))
    assert isinstance(back._reasons, tuple) and back == d
    assert copy.deepcopy(d) == d and copy.copy(d) == d


def test_compact_reasons_are_the_reasons_asked_alone() -> None:
    """ask_each (compact: only records and values kept) against ask, one at a time, on every
    expenditure of a small generated case, and a reason read by two threads at once."""
    case = committee_case(60)
    qid = "dieu12.expense_authorised"
    arguments = [{"expenditure": x.id} for x in case.expenditures]
    batch = ask_each(qid, case, arguments, counterfactuals=False)
    for given, made in zip(arguments, batch, strict=True):
        assert isinstance(made, Decision)
        alone = ask(qid, case, counterfactuals=False, **given)
        assert made.to_json() == alone.to_json() and made == alone
    d = ask(qid, case, counterfactuals=False, **arguments[0])
    seen: list[str] = []
    threads = [threading.Thread(target=lambda: seen.append(d.to_json())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 1 and seen[0] == _eager(d).to_json()


def test_compact_reasons_whose_one_bound_fact_lacks_a_read_field_keep_their_bindings() -> None:
    """A compact decision keeps only the values a reason's template reads (``_picked``):
    where the one bound fact it reads lacks a field the template reads, the reason keeps its
    bindings, and reads (or fails to read) as the decision made with its bound facts whole."""
    case = committee_case(20)
    qid = "dieu12.expense_authorised"
    q = question(qid)
    args = {"expenditure": case.expenditures[0].id}
    chosen = settings(None)
    runner = default_engine()
    result, evaluate = catalogue._scoped(q, case, args, chosen, catalogue.calendar_for(case),
                                         runner)
    conclusions = runner.evaluate(q, result.facts, evaluate)
    made = decision_module._plan(q).made
    singles = 0
    for drop in (False, True):
        changed = []
        for c in conclusions:
            layout = made[c.rule][3]
            bindings = {b: dict(f) for b, f in c.bindings.items()}
            if drop and layout is not None and len(layout[3]) == 1:
                b, _, _ = layout[3][0]
                field = next(f for binding, f in layout[0] if binding == b)
                del bindings[b][field]
                singles += 1
            changed.append(Conclusion(c.rule, bindings))
        got = []
        for compact in (True, False):
            d = decision_module.decide(q, changed, arguments=args, settings=chosen,
                                       calendar=None, engine=runner.name, compact=compact)
            try:
                got.append(d.to_json())
            except Exception as exc:
                got.append(repr(exc))
        assert got[0] == got[1]
    assert singles
