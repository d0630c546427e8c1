"""Replies kept by request body in the service process: the same ask again is recorded and
answered without a trip to an evaluation worker (issue 14, the service's throughput).

An ask is decided by its body alone in one process (the rules, the examples and the service's
settings cannot change under a running process; kgrules.casecache.AnswerCache rests on the same
fact), so once a body was answered, asking it again gets the decision already made. What is
kept is what the worker sent back: the record's rows (:class:`kgrules.record.Prepared`) and the
reply's JSON text. A hit is **recorded again** like any answer, as a new row with a fresh id
and time (:meth:`~kgrules.record.Prepared.renewed`), committed before the reply is sent; its
reply is the kept text with that new id in place of the old one. So an answer from the cache
is byte for byte the one the worker would have given, and the record holds one row per answer.

A hit must equal the kept body byte for byte (the SHA-256 only finds the entry). Only replies
the worker marked cacheable are kept (an ask whose JSON repeats a key never is, as in
kgrules.casecache), only after their rows were committed, and errors never. Bounded by entries
and by the bytes held (bodies, replies, the rows' texts and the cases' texts), least recently
used first out; thread-safe.
"""

from __future__ import annotations

import hashlib
from typing import Final

from kgrules.casecache import BoundedLRU, LRUFront
from kgrules.record import Prepared

__all__ = ["DEFAULT_REPLIES", "DEFAULT_REPLY_BYTES", "ReplyCache"]

#: Replies kept per service process by default.
DEFAULT_REPLIES: Final = 1024
#: The most bytes the kept entries may hold together (each counted with its case's text, even
#: when entries share a case: an over-estimate, never an under-estimate).
DEFAULT_REPLY_BYTES: Final = 64 * 1024 * 1024


def _size(body: bytes, prepared: Prepared, reply: bytes) -> int:
    rows = sum(len(r.decision) + len(r.arguments) + len(r.interpretations) for r in prepared.rows)
    return len(body) + len(reply) + len(prepared.case_json) + rows


class ReplyCache(LRUFront):
    """A bounded, thread-safe map from an ask's body to the rows and reply it got."""

    def __init__(self, entries: int = DEFAULT_REPLIES, held_bytes: int = DEFAULT_REPLY_BYTES
                 ) -> None:
        #: body digest → (body, rows, reply before the id, reply after the id)
        self._lru: BoundedLRU[bytes, tuple[bytes, Prepared, bytes, bytes]] = BoundedLRU(
            entries, held_bytes, "held_bytes")
        self.entries = entries
        self.held_bytes = held_bytes

    def get(self, body: bytes) -> tuple[Prepared, bytes] | None:
        """For a body answered before: new rows to record (fresh ids and times) and the reply
        naming them; else None."""
        if self.entries == 0:
            return None
        found = self._lru.get(hashlib.sha256(body).digest(), lambda kept: kept[0] == body)
        if found is None:
            return None
        _body, prepared, before, after = found
        again = prepared.renewed()
        return again, before + again.rows[0].id.encode("ascii") + after

    def put(self, body: bytes, prepared: Prepared, reply: bytes) -> None:
        """Keep a body's committed rows and its reply, when the reply names the single row's id
        exactly once (else there is no safe place to put a new id, and nothing is kept)."""
        if self.entries == 0 or len(prepared.rows) != 1:
            return
        marker = b'"record_id":"' + prepared.rows[0].id.encode("ascii") + b'"'
        if reply.count(marker) != 1:
            return
        head, tail = reply.split(marker)
        self._lru.put(hashlib.sha256(body).digest(),
                      (body, prepared, head + b'"record_id":"', b'"' + tail),
                      _size(body, prepared, reply))
