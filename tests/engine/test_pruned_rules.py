"""Rules the evaluate fact rules out are left out of the engine (kgrules.engine.live_rules):
the answers stay those of the whole ruleset and of the oracle, for every question of the
catalogue on the shipped example, in any order of asking, and the number of pruned rulesets
stays within its bound."""

from __future__ import annotations

import random
import threading
from typing import Any

import pytest

import kgrules
from kgrules import engine as engine_module
from kgrules.engine import DurableEngine, evaluate_gates, live_rules
from kgrules.oracle import OracleEngine
from tests.engine.test_concurrency import requests_for


class WholeRuleset(DurableEngine):
    """The adapter as it was before pruning: every question on its whole ruleset."""

    def _for_evaluate(self, base: Any, ev: Any) -> Any:
        return base, tuple(range(len(base.question.rules)))


def _answer(case: kgrules.Case, qid: str, args: dict[str, str], engine: Any) -> str:
    try:
        return kgrules.ask(qid, case, engine=engine, **args).to_json()
    except kgrules.KgrulesError as error:
        return f"{type(error).__name__}: {error}"


def _comparable(text: str) -> str:
    return text.replace('"engine": "oracle"', '"engine": "durable_rules"')


def test_a_failing_test_of_the_evaluate_fact_prunes_its_rule() -> None:
    q = kgrules.question("authority.may_act")
    gates = evaluate_gates(q)
    acts = {c for tests in gates for f, op, c in tests if f == "act" and op == "=="}
    assert len(acts) > 5
    ev = {"act": "consent_substitute"}
    live = live_rules(gates, ev)
    assert 0 < len(live) < len(q.rules) // 5
    for n, tests in enumerate(gates):
        tested = [c for f, op, c in tests if f == "act" and op == "=="]
        if tested and tested[0] != "consent_substitute":
            assert n not in live
        if not tests:
            assert n in live


def test_only_a_certain_failure_prunes() -> None:
    """Mixed types compare as strings in durable and a missing field never matches: neither is
    decided in Python, so such a rule is kept for the engine."""
    gates = ((("n", "==", 1),), (("n", "==", "1"),), (("n", "!=", 1),), (("m", "==", 1),),
             (("n", "<", 5),), (("n", "==", 2 ** 60),))
    assert live_rules(gates, {"n": 2}) == (1, 2, 3, 4, 5)
    assert live_rules(gates, {"n": 1}) == (0, 1, 3, 4, 5)
    assert live_rules(gates, {"n": True}) == (0, 1, 2, 3, 4, 5)
    assert live_rules(gates, {"n": 2 ** 60 + 1}) == (0, 1, 2, 3, 4, 5)  # beyond exact doubles


def test_pruned_answers_equal_the_whole_ruleset_and_the_oracle() -> None:
    """Every question, 4 argument tuples each (one naming nothing), on the shipped example: the
    same JSON on pruned rulesets, asked in two orders, as on whole rulesets and the oracle."""
    case = kgrules.load_example()
    work = requests_for(case, random.Random(14), 4)
    whole, oracle = WholeRuleset(), OracleEngine()
    expected = [_answer(c, q, a, whole) for c, q, a in work]
    by_oracle = [_comparable(_answer(c, q, a, oracle)) for c, q, a in work]
    assert expected == by_oracle
    pruned = DurableEngine()
    order = list(range(len(work)))
    for shuffle in (False, True):
        if shuffle:
            random.Random(7).shuffle(order)
        got = {n: _answer(*work[n], pruned) for n in order}
        assert [got[n] for n in range(len(work))] == expected
    variants = sum(len(b.variants) for b in pruned._by_object.values())
    assert variants > 0  # pruning took place

    # four threads on a fresh engine, each through the work in its own order, all at once:
    # the pruned rulesets are made and looked up under the engine's lock
    shared, errors = DurableEngine(), []
    answers: list[dict[int, str]] = [{} for _ in range(4)]

    def worker(t: int) -> None:
        mine = list(range(len(work)))
        random.Random(t).shuffle(mine)
        try:
            for n in mine:
                answers[t][n] = _answer(*work[n], shared)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for got in answers:
        assert [got[n] for n in range(len(work))] == expected


def test_variants_stay_within_their_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "MAX_VARIANTS", 2)
    case = kgrules.load_example()
    engine, whole = DurableEngine(), WholeRuleset()
    acts = ["consent_substitute", "decide_expenditure", "approve_estimate", "convene_meeting",
            "settle_accounts"]
    for act in acts:
        args = {"person": "P01", "act": act, "date": "2009-07-01"}
        assert (kgrules.ask("authority.may_act", case, engine=engine, **args).to_json()
                == kgrules.ask("authority.may_act", case, engine=whole, **args).to_json())
    base = engine._ruleset(kgrules.question("authority.may_act"))
    assert len(base.variants) == 2 and engine._variants == 2


def test_one_field_prunes_so_the_variants_are_few() -> None:
    """Each question prunes on one field of its evaluate fact: at most one ruleset per constant
    it is compared with, plus one; the whole catalogue needs fewer than MAX_VARIANTS."""
    total = 0
    for q in kgrules.questions():
        gates = evaluate_gates(q)
        fields = {f for tests in gates for f, _, _ in tests}
        assert len(fields) <= 1, q.id
        total += len({c for tests in gates for _, _, c in tests}) + 1 if fields else 0
    assert 0 < total <= engine_module.MAX_VARIANTS


def test_a_gated_questions_whole_ruleset_is_registered_only_when_needed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Asks that all prune register no whole ruleset of ``authority.may_act`` (it cost a process
    32-41 ms); an ask past MAX_VARIANTS, and an engine evaluating on the base itself, register
    it then, once, with the whole ruleset's answers."""
    case = kgrules.load_example()
    engine, whole, oracle = DurableEngine(), WholeRuleset(), OracleEngine()
    base_of = lambda e: e._ruleset(kgrules.question("authority.may_act"))  # noqa: E731
    args = {"person": "P01", "act": "decide_expenditure", "date": "2009-07-01"}
    first = _answer(case, "authority.may_act", args, engine)
    base = base_of(engine)
    assert base.handle == engine_module.UNREGISTERED and base.name not in engine._registered
    assert base.variants and all(v.name in engine._registered for v in base.variants.values())
    monkeypatch.setattr(engine_module, "MAX_VARIANTS", len(base.variants))
    later = {**args, "act": "settle_accounts"}
    got = _answer(case, "authority.may_act", later, engine)
    assert base.name in engine._registered and engine._whole(base) is base
    assert base.handle != engine_module.UNREGISTERED
    for a, text in ((args, first), (later, got)):
        assert text == _answer(case, "authority.may_act", a, whole)
        assert text == _comparable(_answer(case, "authority.may_act", a, oracle))
    assert base_of(whole).name in whole._registered
