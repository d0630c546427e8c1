"""The audit report's JSON (kgrules.audit_report.dumps_indented): exactly json.dumps's text."""

from __future__ import annotations

import collections
import datetime as dt
import enum
import gc
import json
from typing import Any

import pytest

from kgrules import audit, load_example
from kgrules.audit_report import Finding, dumps_indented


class _Count(enum.IntEnum):
    THREE = 3


class _Word(enum.StrEnum):
    BEE = "bee"


class _List(list[object]):
    pass


VALUES: list[object] = [
    1, -0.0, 2.5, 1e300, "x", "é\n\"\\\u2028\x00", None, True, False, [], {}, (), [[]],
    {"a": {}}, {"a": [1, 2.5, None, True, False, "é"]},
    {7: 2, 2.5: 3, True: 1, None: 0, False: [{}]},
    [float("nan"), float("inf"), -float("inf")], (1, (2, ())),
    {"k": _Count.THREE, "s": _Word.BEE, _Word.BEE: 1, _Count.THREE: [_Word.BEE]},
    [{"a": [{"b": [[], {}, [1]]}]}], {"deep": [[[[[["x", {"y": [None]}]]]]]]},
    collections.OrderedDict(a=[1], b={}), _List([1, _List(), "z"]), {"x": _List(["a"])},
]


@pytest.mark.parametrize("indent", [2, 0, 4])
def test_same_text_as_json_dumps(indent: int) -> None:
    for value in VALUES:
        assert dumps_indented(value, indent) == json.dumps(value, ensure_ascii=False,
                                                           indent=indent), value


def test_same_errors_as_json_dumps() -> None:
    for bad in (object(), {"a": {1, 2}}, {(1,): 2}, [dt.date(2009, 1, 1)]):
        with pytest.raises(TypeError):
            json.dumps(bad, ensure_ascii=False, indent=2)
        with pytest.raises(TypeError):
            dumps_indented(bad)


def test_audit_report_json_is_json_dumps_text() -> None:
    report = audit(load_example(), 2009, today=dt.date(2010, 6, 1))
    data = report.to_dict()
    assert report.to_json() == json.dumps(data, ensure_ascii=False, indent=2)
    assert report.to_json(None) == json.dumps(data, ensure_ascii=False)
    assert report.to_json(4) == json.dumps(data, ensure_ascii=False, indent=4)


def test_report_data_made_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The findings' JSON data is made with the collector paused (kgrules.gcpause), by
    to_dict and by to_json, and the collector is on again afterwards."""
    report = audit(load_example(), 2009, today=dt.date(2010, 6, 1))
    enabled: list[bool] = []
    made = Finding.to_dict

    def to_dict(self: Finding) -> dict[str, Any]:
        enabled.append(gc.isenabled())
        return made(self)

    monkeypatch.setattr(Finding, "to_dict", to_dict)
    assert gc.isenabled()
    report.to_dict()
    report.to_json()
    assert enabled and not any(enabled)
    assert gc.isenabled()


def test_shared_lists_written_once_per_level_the_same_text() -> None:
    """A list given as shared (its id) and met at several depths, inside itself too (nested
    shared lists), is written as json.dumps writes it at each."""
    inner = ["a", {"b": [1, None]}]
    outer = [inner, {"x": inner}, []]
    empty: list[object] = []
    data = {"one": outer, "two": [[outer, inner]], "three": inner, "e": [empty, empty]}
    expected = json.dumps(data, ensure_ascii=False, indent=2)
    assert dumps_indented(data, 2, {id(inner), id(outer), id(empty)}) == expected
    assert dumps_indented(data, 2, {id(inner)}) == expected
