"""The benchmark's Cedar yardstick (kgrules.bench_cedar) decides as kgrules does.

The bench compares kgrules with Cedar policies fed by plain-Python look-ups; a comparison of
speed means something only if both decide alike. Cedar has no ``unknown``: Allow must be
exactly kgrules' ``yes``, Deny everything else. Skipped when ``cedarpy`` (the ``[bench]``
extra) is not installed.
"""

from __future__ import annotations

from collections import Counter

import pytest

import kgrules
from kgrules import bench_cedar
from kgrules.bench import cedar_agreement, year_requests
from kgrules.generate import committee_case

pytestmark = pytest.mark.skipif(not bench_cedar.available(),
                                reason="cedarpy is not installed (pip install -e '.[bench]')")

EXPENSE = "dieu12.expense_authorised"
SUBSTITUTE = "dieu10.substitute_allowed"


def test_the_expense_policy_allows_exactly_the_yes_of_every_variant() -> None:
    """One field of the example's CHI-02 changed at a time: every way to a no, an unknown and
    not_applicable, and the yes ones, each compared."""
    decide = bench_cedar.decider(EXPENSE)
    outcomes: Counter[str] = Counter()
    denied_by: set[str] = set()
    for label, case, args in bench_cedar.expense_variants():
        mine = kgrules.ask(EXPENSE, case, counterfactuals=False, **args)
        assert decide(case, args) == (mine.outcome.value == "yes"), (label, mine.outcome)
        outcomes[mine.outcome.value] += 1
        denied_by |= {r.rule for r in mine.reasons if r.decisive and r.status.value != "holds"}
    assert set(outcomes) == {"yes", "no", "unknown", "not_applicable"}
    assert outcomes["yes"] >= 2
    # the decider, purpose, budget, estimate (five ways), running total, content, both limits
    assert len(denied_by) >= 15


@pytest.mark.parametrize("question", [EXPENSE, SUBSTITUTE])
def test_each_policy_agrees_with_kgrules_over_a_generated_year_and_the_example(
        question: str) -> None:
    decide = bench_cedar.decider(question)
    checks = [(case, args) for case in (kgrules.load_example(), committee_case(300))
              for args in year_requests(case, question)]
    agreed = cedar_agreement(question, decide, checks)
    assert agreed["requests"] == len(checks) > 10
    assert agreed["outcomes"].get("yes", 0) > 0 and agreed["outcomes"].get("no", 0) > 0
    assert len(agreed["denied_by"]) >= 3


def test_a_disagreement_stops_the_bench() -> None:
    case = kgrules.load_example()
    args = year_requests(case, EXPENSE)[0]

    def contrary(c: kgrules.Case, a: object) -> bool:
        return kgrules.ask(EXPENSE, c, counterfactuals=False, **a).outcome.value != "yes"  # type: ignore[arg-type]

    with pytest.raises(AssertionError, match="Cedar disagrees"):
        cedar_agreement(EXPENSE, contrary, [(case, args)])


def test_an_unknown_question_has_no_policy() -> None:
    with pytest.raises(KeyError):
        bench_cedar.decider("dieu11.report_on_time")
