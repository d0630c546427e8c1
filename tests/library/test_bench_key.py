"""The benchmark's verdict on records under one key (issue 14 item 3): the exponent fitted from
KEY_FIT_FROM records up, within KEY_SLOPE_TOLERANCE of linear, and durable within 2x of the
oracle at every size; and the plain-Python control beside the curve."""

from __future__ import annotations

from typing import Any

import pytest

from kgrules import bench

SIZES = (1, 100, 1_000, 5_000, 20_000)


def _rows(exponent: float, ratio: float = 0.8, fixed: float = 0.0,
          worst_at: int | None = None, worst: float = 0.0) -> list[dict[str, Any]]:
    """A curve t = fixed + n^exponent µs, the oracle at t / ratio (``worst`` at one size)."""
    rows = []
    for n in SIZES:
        d = fixed + n ** exponent
        r = worst if n == worst_at else ratio
        rows.append({"records": n, "durable_us": d, "oracle_us": d / r,
                     "durable_over_oracle": r})
    return rows


@pytest.mark.parametrize(("exponent", "met"), [(1.0, True), (0.9, True), (1.04, True),
                                               (1.1, False), (1.3, False)])
def test_the_fitted_exponent_decides(exponent: float, met: bool) -> None:
    curve = bench.key_verdict(_rows(exponent))
    assert curve["durable_exponent"] == pytest.approx(exponent, abs=0.01)
    assert curve["met"] is met


def test_the_fit_starts_where_fixed_costs_stop_dominating() -> None:
    """Sizes under KEY_FIT_FROM (where a question's fixed costs dominate) are shown, not fitted:
    whatever the 1-record time, the exponent is the one from 100 records up."""
    rows = _rows(1.0)
    slow_start = [dict(r) for r in rows]
    slow_start[0]["durable_us"] = 5_000.0
    assert bench.key_verdict(slow_start)["durable_exponent"] == pytest.approx(1.0, abs=0.01)
    assert bench._slope([r["records"] for r in slow_start],
                        [r["durable_us"] for r in slow_start]) < 0.95


def test_over_twice_the_oracle_at_one_size_is_missed() -> None:
    curve = bench.key_verdict(_rows(1.0, worst_at=1_000, worst=2.3))
    assert curve["durable_exponent"] == pytest.approx(1.0, abs=0.01)
    assert curve["worst_over_oracle"] == 2.3
    assert curve["met"] is False


def test_too_few_sizes_to_fit_give_no_verdict() -> None:
    curve = bench.key_verdict(_rows(1.0)[:2])
    assert curve["durable_exponent"] is None and curve["met"] is None


def test_the_target_list_uses_the_same_verdict() -> None:
    curves = {"q.linear": bench.key_verdict(_rows(1.0)), "q.steep": bench.key_verdict(_rows(1.3))}
    result = {"sizes": [{"expenditures": 0, "questions": {}}],
              "per_key": {"slope_tolerance": bench.KEY_SLOPE_TOLERANCE, "questions": curves}}
    verdicts = {t["target"].split(":")[0]: t["met"] for t in bench.verdicts(result)
                if t["target"].startswith("q.")}
    assert verdicts == {"q.linear": True, "q.steep": False}


def test_the_control_is_timed_at_every_size() -> None:
    control = bench.measure_key_control((100, 400))
    assert [r["records"] for r in control["rows"]] == [100, 400]
    assert all(r["us"] > 0 for r in control["rows"])
    assert "step_exponent" in control["rows"][1] and control["exponent"] is not None
    kept = bench._control_question([{"meeting": "M", "sent_on": i} for i in range(7)])
    assert [k.sources for k in kept] == [(f"dispatches[{i}]",) for i in range(7)]
