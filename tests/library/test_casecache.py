"""Parsed cases and answers kept by digest (kgrules.casecache): a different case is never served,
the bounds hold, bad input is never kept, threads get the right case."""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from typing import Any

import pytest

from kgrules.case import Case
from kgrules.casecache import AnswerCache, CaseCache, canonical_text
from kgrules.errors import CaseError, InputError
from kgrules.examples import example_path


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(example_path().read_text(encoding="utf-8"))
    return data


def _variant(example: dict[str, Any], day: str) -> dict[str, Any]:
    """The example with the same ids, its first consent given on another day."""
    changed = copy.deepcopy(example)
    changed["consents"][0]["given_on"] = day
    return changed


class _Parser:
    """Case.from_dict, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, value: Any) -> Case:
        self.calls += 1
        return Case.from_dict(value)


def test_same_ids_different_content_is_another_case(example: dict[str, Any]) -> None:
    """Two cases that differ in one date only (same ids everywhere): each request gets its own
    case, and asking again about either is served from the cache."""
    cache, parse = CaseCache(), _Parser()
    first = _variant(example, "2009-01-05")
    second = _variant(example, "2009-01-06")
    a, b = cache.get(first, parse), cache.get(second, parse)
    assert a.consents[0].given_on != b.consents[0].given_on
    assert a == Case.from_dict(first) and b == Case.from_dict(second)
    assert cache.get(first, parse) is a and cache.get(second, parse) is b
    assert (parse.calls, cache.misses, cache.hits, len(cache)) == (2, 2, 2, 2)


def test_a_colliding_digest_still_serves_the_right_case(example: dict[str, Any],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Even if two texts had one hash, the entry's text must equal the request's: the second
    case is parsed, never answered with the first."""

    class Constant:
        def __init__(self, _data: bytes) -> None:
            pass

        def hexdigest(self) -> str:
            return "0" * 64

    monkeypatch.setattr(hashlib, "sha256", Constant)
    cache, parse = CaseCache(), _Parser()
    first, second = _variant(example, "2009-01-05"), _variant(example, "2009-01-06")
    a = cache.get(first, parse)
    b = cache.get(second, parse)
    assert a.consents[0].given_on != b.consents[0].given_on
    assert parse.calls == 2
    assert cache.get(second, parse) is b and cache.get(first, parse) is not b


def test_key_order_does_not_matter_but_values_do(example: dict[str, Any]) -> None:
    reordered = {k: example[k] for k in reversed(list(example))}
    assert canonical_text(reordered) == canonical_text(example)
    assert canonical_text({"n": 1}) != canonical_text({"n": 1.0})
    assert canonical_text({"n": True}) != canonical_text({"n": 1})
    cache, parse = CaseCache(), _Parser()
    assert cache.get(example, parse) is cache.get(reordered, parse)
    assert parse.calls == 1


def test_eviction_at_the_bounds(example: dict[str, Any]) -> None:
    """At most ``entries`` cases, the least recently used out first; a text longer than the
    byte bound is parsed but not kept."""
    cache, parse = CaseCache(entries=2), _Parser()
    cases = [_variant(example, f"2009-01-0{d}") for d in (5, 6, 7)]
    cache.get(cases[0], parse)
    cache.get(cases[1], parse)
    cache.get(cases[0], parse)  # used again: now the most recent
    cache.get(cases[2], parse)  # evicts cases[1]
    assert len(cache) == 2 and parse.calls == 3
    cache.get(cases[0], parse)
    assert parse.calls == 3
    cache.get(cases[1], parse)
    assert parse.calls == 4 and len(cache) == 2
    small, parse = CaseCache(text_bytes=len(canonical_text(example)) - 1), _Parser()
    small.get(example, parse)
    small.get(example, parse)
    assert parse.calls == 2 and len(small) == 0
    none, parse = CaseCache(entries=0), _Parser()
    none.get(example, parse)
    none.get(example, parse)
    assert parse.calls == 2 and len(none) == 0


def test_an_invalid_case_is_reported_each_time_and_never_kept(example: dict[str, Any]) -> None:
    broken = _variant(example, "2009-02-30")
    cache, parse = CaseCache(), _Parser()
    for _ in range(2):
        with pytest.raises(CaseError) as caught:
            cache.get(broken, parse)
        assert caught.value.path == "consents[0].given_on"
    assert parse.calls == 2 and len(cache) == 0


def test_bad_sizes_are_refused() -> None:
    for kwargs in ({"entries": -1}, {"text_bytes": True}, {"entries": "8"}):
        with pytest.raises(InputError):
            CaseCache(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(InputError) as caught:
        AnswerCache(-1)
    assert caught.value.path == "entries"


def test_threads_each_get_their_own_case(example: dict[str, Any]) -> None:
    """Eight threads asking about three cases (same ids, different content) at once, through a
    cache smaller than the cases: every one gets the case it sent."""
    cases = [_variant(example, f"2009-01-0{d}") for d in (5, 6, 7)]
    expected = [Case.from_dict(c) for c in cases]
    cache = CaseCache(entries=2)
    gate = threading.Barrier(8)
    wrong: list[int] = []
    done: list[int] = []

    def work(seed: int) -> None:
        gate.wait()
        for n in range(30):
            i = (seed + n) % 3
            if cache.get(cases[i], Case.from_dict) != expected[i]:
                wrong.append(i)
        done.append(seed)

    threads = [threading.Thread(target=work, args=(s,)) for s in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == [] and sorted(done) == list(range(8))
    assert cache.hits + cache.misses == 240 and len(cache) == 2


def test_answers_are_kept_by_key_bounded_and_errors_never_kept() -> None:
    cache = AnswerCache(2)
    calls: list[str] = []

    def answer(value: str) -> Any:
        def make() -> str:
            calls.append(value)
            return value
        return make

    assert cache.get(("a",), answer("A")) == "A"
    assert cache.get(("a",), answer("other")) == "A"
    assert cache.get(("b",), answer("B")) == "B"
    assert cache.get(("c",), answer("C")) == "C"  # evicts ("a",)
    assert cache.get(("a",), answer("A2")) == "A2"
    assert calls == ["A", "B", "C", "A2"] and len(cache) == 2

    def fails() -> str:
        raise InputError("arguments.member", "no member")

    for _ in range(2):
        with pytest.raises(InputError):
            cache.get(("bad",), fails)
    assert cache.get(("bad",), answer("fine")) == "fine"  # no failure was kept
    assert calls[-1] == "fine" and (cache.hits, cache.misses) == (1, 7)
