"""A year's audit answered in worker processes gives the findings the serial audit gives."""

from __future__ import annotations

import pytest

from kgrules import audit, load_example
from kgrules.audit import _workers
from kgrules.errors import ArgumentError


@pytest.mark.clause("dieu-10/doan-5", "dieu-12/doan-1")
def test_workers_give_the_serial_findings() -> None:
    """Same findings, ids, errors, timeline and decisions (their JSON, counterfactuals
    included), in the same order."""
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
