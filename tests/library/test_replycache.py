"""kgrules.replycache: the service's replies kept by request body (issue 14 item 5)."""

from __future__ import annotations

import json

import pytest

import kgrules
from kgrules.errors import InputError
from kgrules.record import Prepared, prepare
from kgrules.replycache import ReplyCache


def _prepared_and_reply(expenditure: str) -> tuple[Prepared, bytes]:
    case = kgrules.load_example()
    d = kgrules.ask("dieu12.expense_authorised", case, expenditure=expenditure)
    prepared = prepare([d], case, source="service")
    reply = json.dumps({**d.to_dict(), "record_id": prepared.rows[0].id},
                       separators=(",", ":")).encode()
    return prepared, reply


def test_a_hit_gives_new_rows_and_the_reply_naming_them() -> None:
    prepared, reply = _prepared_and_reply("CHI-07")
    cache = ReplyCache(4)
    body = b'{"question": "dieu12.expense_authorised"}'
    assert cache.get(body) is None
    cache.put(body, prepared, reply)
    hit = cache.get(body)
    assert hit is not None
    again, text = hit
    old, new = prepared.rows[0], again.rows[0]
    assert new.id != old.id and new.recorded_at >= old.recorded_at
    assert {**json.loads(text), "record_id": old.id} == json.loads(reply)
    assert json.loads(text)["record_id"] == new.id
    same = ("question", "arguments", "case_digest", "rules_version", "interpretations",
            "engine", "calendar", "calendar_overrides", "outcome", "decision", "source")
    assert [getattr(new, f) for f in same] == [getattr(old, f) for f in same]
    assert (again.digest, again.case_json) == (prepared.digest, prepared.case_json)
    # another body, even one differing by a space, is a miss
    assert cache.get(body.replace(b": ", b":")) is None
    assert (cache.hits, cache.misses) == (1, 2)


def test_bounded_by_entries_and_bytes_least_recently_used_first() -> None:
    prepared, reply = _prepared_and_reply("CHI-01")
    cache = ReplyCache(2)
    bodies = [b"a", b"b", b"c"]
    cache.put(bodies[0], prepared, reply)
    cache.put(bodies[1], prepared, reply)
    assert cache.get(bodies[0]) is not None  # a is now the most recently used
    cache.put(bodies[2], prepared, reply)
    assert len(cache) == 2 and cache.get(bodies[1]) is None and cache.get(bodies[0]) is not None
    one = len(reply) + len(prepared.case_json)
    small = ReplyCache(10, held_bytes=one + 2000 + len(prepared.rows[0].decision))
    small.put(b"x", prepared, reply)
    small.put(b"y", prepared, reply)
    assert len(small) == 1 and small.get(b"y") is not None
    ReplyCache(10, held_bytes=10).put(b"x", prepared, reply)  # larger than the bound: not kept
    assert len(ReplyCache(0)) == 0


def test_a_reply_not_naming_its_row_exactly_once_is_not_kept() -> None:
    prepared, reply = _prepared_and_reply("CHI-01")
    cache = ReplyCache(4)
    cache.put(b"x", prepared, reply.replace(prepared.rows[0].id.encode(), b"other"))
    cache.put(b"y", prepared, reply[:-1] + b',"also":"' + prepared.rows[0].id.encode() + b'"}')
    assert len(cache) == 1  # the second names the id once in a "record_id": still safe
    marker = b'"record_id":"' + prepared.rows[0].id.encode() + b'"'
    cache.put(b"z", prepared, reply[:-1] + b',"copy":{' + marker + b"}}")
    assert cache.get(b"z") is None


@pytest.mark.parametrize("entries, held", [(-1, 10), (True, 10), (1, -1)])
def test_bad_bounds_are_refused(entries: int, held: int) -> None:
    with pytest.raises(InputError):
        ReplyCache(entries, held)
