"""``kgrules.catalogue.ask_each`` (the batched ask of :func:`kgrules.ask_many` and the
audit): for every question of the catalogue, each request's decision is exactly ``ask``'s
(JSON, text in both languages, counterfactuals of a ``no``), and each failing request's error
is the one ``ask`` raises, in any order of the requests, on durable_rules and on the oracle."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kgrules
from kgrules.catalogue import ask_each
from kgrules.decision import Decision, Outcome
from kgrules.generate import committee_case
from kgrules.oracle import OracleEngine
from tests.engine.test_concurrency import requests_for

CASES = {"example": kgrules.load_example(), "generated": committee_case(150, seed=5)}


def _shown(answer: Any, searched: bool = False) -> str:
    """What must not change: the decision's JSON (with its counterfactuals when ``searched``)
    and text, or the error's type and message."""
    if isinstance(answer, Decision):
        if not searched and answer.what_if_pending:
            text = answer.render("vi") + answer.render("en")
            return text + str({k: v for k, v in answer.to_dict().items()
                               if k != "counterfactuals"})
        return answer.to_json() + answer.render("vi") + answer.render("en")
    return f"{type(answer).__name__}: {answer}"


def _asked(case: kgrules.Case, qid: str, args: dict[str, str], engine: Any) -> Any:
    try:
        return kgrules.ask(qid, case, engine=engine, **args)
    except kgrules.KgrulesError as error:
        return error


@pytest.mark.parametrize("engine", [None, OracleEngine()], ids=["durable", "oracle"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_each_question_batched_as_asked(name: str, engine: Any) -> None:
    case = CASES[name]
    rng = random.Random(3)
    work = requests_for(case, rng, 6)
    by_question: dict[str, list[dict[str, str]]] = {}
    for _, qid, args in work:
        by_question.setdefault(qid, []).append(args)
    for qid, arguments in by_question.items():
        arguments = arguments + arguments[:2]  # the same request twice: alike in the engine
        rng.shuffle(arguments)
        got = ask_each(qid, case, arguments, engine=engine)
        want = [_asked(case, qid, a, engine) for a in arguments]
        assert [_shown(g) for g in got] == [_shown(w) for w in want], qid


def test_counterfactuals_of_a_batched_no_are_asks() -> None:
    """The counterfactuals of a ``no`` answered in a batch, searched when read: ``ask``'s."""
    case = CASES["example"]
    work = [(q, a) for _, q, a in requests_for(case, random.Random(9), 4)]
    found = 0
    for qid, args in work:
        got = ask_each(qid, case, [args])[0]
        if isinstance(got, Decision) and got.outcome is Outcome.NO and found < 4:
            found += 1
            assert _shown(got, True) == _shown(kgrules.ask(qid, case, **args), True)
    assert found


@given(st.data())
def test_a_batch_of_any_order_is_its_asks(data: st.DataObject) -> None:
    """Random requests of mixed questions (errors among them) in any order through ask_many:
    each answer is ``ask``'s, each error located at its request."""
    case = CASES["generated"]
    pool = [(q, a) for _, q, a in requests_for(case, random.Random(1), 3)]
    requests = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=25))
    got = kgrules.ask_many(case, requests, errors="return")
    for n, ((qid, args), answer) in enumerate(zip(requests, got, strict=True)):
        want = _asked(case, qid, args, None)
        if isinstance(want, kgrules.InputError):
            assert isinstance(answer, type(want))
            assert answer.path == f"requests[{n}].{want.path}"
            assert answer.message == want.message
        else:
            assert _shown(answer) == _shown(want)


def test_one_setup_and_one_store_look_up_for_all_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    """ask_each works out what every scope of its requests is given alike once (the readings'
    fields, the dependency answer, the store of power facts), not per request, and each
    decision is still ask's."""
    import kgrules.catalogue as catalogue

    case = CASES["generated"]
    requests = [{"expenditure": x.id} for x in case.expenditures[:20]]
    calls = {"setup": 0, "store": 0}
    wider = {"standing_office": "standing_deputy_or_agency_head"}
    setup, store = catalogue._setup, catalogue._shared_store

    def counted_setup(*args: Any, **kwargs: Any) -> Any:
        # (the nested authority.may_act asks are single asks, each with its own setup)
        calls["setup"] += args[0].id == "dieu12.expense_authorised"
        return setup(*args, **kwargs)

    def counted_store(*args: Any, **kwargs: Any) -> Any:
        calls["store"] += 1
        return store(*args, **kwargs)

    monkeypatch.setattr(catalogue, "_setup", counted_setup)
    monkeypatch.setattr(catalogue, "_shared_store", counted_store)
    with catalogue.shared_dependencies():
        got = ask_each("dieu12.expense_authorised", case, requests, interpretations=wider)
    assert calls == {"setup": 1, "store": 1}
    for args, answer in zip(requests, got, strict=True):
        assert isinstance(answer, Decision)
        assert _shown(answer) == _shown(kgrules.ask(
            "dieu12.expense_authorised", case, interpretations=wider, **args))
