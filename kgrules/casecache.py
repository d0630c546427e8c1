"""Parsed cases and answers kept by digest: asking again about a case already seen skips
checking it, and asking the same question again skips answering it.

The service parses and validates an inline case on every request (``Case.from_dict``: types,
enums, dates, references, indexes), which costs more than answering a light question about it.
A client asking several questions about one case sends the same facts each time: the parsed
:class:`~kgrules.case.Case` is kept under the SHA-256 of the case's canonical JSON text (keys
sorted, ASCII), and the entry also holds that text, which a hit must equal byte for byte: a
different case, even one with the same ids, is never served from the cache, whatever the hash.

Only cases that were parsed without a repeated key are cached (the canonical text of an object
that repeats a key would hide the repetition, which kgrules.case reports as an error), and only
after ``Case.from_dict`` accepted them: an invalid case is parsed again each time and reported
as before. The cache is bounded by entries and by the total length of the texts it holds, the
least recently used going first; it is thread-safe (one lock, held only to look up and store).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Final, Generic, TypeVar

from kgrules.case import Case
from kgrules.errors import InputError

__all__ = ["DEFAULT_ANSWERS", "DEFAULT_ENTRIES", "DEFAULT_TEXT_BYTES", "AnswerCache", "BoundedLRU",
           "CaseCache", "LRUFront", "canonical_text"]

K = TypeVar("K")
V = TypeVar("V")

#: Cases kept per process by default.
DEFAULT_ENTRIES: Final = 64
#: The canonical texts kept per process at most (characters), whatever their number: a few
#: cases of the 20 MB limit do not pin gigabytes.
DEFAULT_TEXT_BYTES: Final = 64 * 1024 * 1024


def canonical_text(value: Any) -> str:
    """The JSON value as one text per meaning: keys sorted, ASCII escapes, no spaces (two
    values give one text only if they are equal as JSON, key order aside)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"),
                      allow_nan=False)


class BoundedLRU(Generic[K, V]):
    """A thread-safe map bounded by its entries and by the bytes its values are counted at,
    least recently used first out: what the service's caches of parsed cases
    (:class:`CaseCache`), of answers (:class:`AnswerCache`, by entries alone) and of replies
    (:class:`kgrules.replycache.ReplyCache`) share."""

    def __init__(self, entries: int, held_bytes: int, bytes_name: str) -> None:
        for name, value in (("entries", entries), (bytes_name, held_bytes)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InputError(name, "must be a whole number (0: no cache)")
        self.entries = entries
        self.held_bytes = held_bytes
        self._lock = threading.Lock()
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._held = 0
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def get(self, key: K, matches: Callable[[V], bool]) -> V | None:
        """The value kept under ``key`` if ``matches`` it (a digest only finds the entry; the
        caller says whether it is the very input), else None, counted as a miss."""
        with self._lock:
            found = self._items.get(key)
            if found is None or not matches(found[0]):
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found[0]

    def clear(self) -> None:
        """Forget every entry (the hit and miss counts stay)."""
        with self._lock:
            self._items.clear()
            self._held = 0

    def put(self, key: K, value: V, size: int) -> None:
        """Keep ``value`` counted at ``size`` bytes (never one larger than the whole bound)."""
        if self.entries == 0 or size > self.held_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._held -= old[1]
            self._items[key] = (value, size)
            self._held += size
            while len(self._items) > self.entries or self._held > self.held_bytes:
                _key, (_dropped, dropped_size) = self._items.popitem(last=False)
                self._held -= dropped_size


class LRUFront:
    """What a cache kept in a :class:`BoundedLRU` reports, the same for each: its entries and
    its hit and miss counts."""

    _lru: BoundedLRU[Any, Any]

    def __len__(self) -> int:
        return len(self._lru)

    @property
    def hits(self) -> int:
        return self._lru.hits

    @property
    def misses(self) -> int:
        return self._lru.misses


class CaseCache(LRUFront):
    """A bounded, thread-safe map from a case's canonical text to the Case parsed from it."""

    def __init__(self, entries: int = DEFAULT_ENTRIES,
                 text_bytes: int = DEFAULT_TEXT_BYTES) -> None:
        self._lru: BoundedLRU[str, tuple[str, Case]] = BoundedLRU(entries, text_bytes,
                                                                  "text_bytes")
        self.entries = entries
        self.text_bytes = text_bytes

    def get(self, value: Any, parse: Callable[[Any], Case]) -> Case:
        """The Case of the JSON ``value``: the cached one if this very case was parsed before,
        else ``parse(value)`` (whose errors propagate, and nothing is kept)."""
        if self.entries == 0:
            return parse(value)
        try:
            text = canonical_text(value)
        except (TypeError, ValueError):  # not plain JSON (a placeholder): parse says why
            return parse(value)
        key = hashlib.sha256(text.encode("ascii")).hexdigest()
        found = self._lru.get(key, lambda kept: kept[0] == text)
        if found is not None:
            return found[1]
        case = parse(value)
        self._lru.put(key, (text, case), len(text))
        return case


#: Answers kept per process by default.
DEFAULT_ANSWERS: Final = 1024


class AnswerCache(LRUFront):
    """Decisions already made, by what decides them: the case's digest (SHA-256 of its canonical
    text, as the decision record files it), the question, its arguments, the readings and the
    engine. An answer is a function of these alone in one process (the rules cannot change
    under a running process; the calendar is the case's own or the default), so a hit is the
    decision that asking again would make, counterfactuals included. Bounded, least recently
    used first out; thread-safe."""

    def __init__(self, entries: int = DEFAULT_ANSWERS) -> None:
        # Bounded by entries alone: every answer is counted at 0 bytes against a bound of 0.
        self._lru: BoundedLRU[tuple[Any, ...], Any] = BoundedLRU(entries, 0, "entries")
        self.entries = entries

    def get(self, key: tuple[Any, ...], answer: Callable[[], Any]) -> Any:
        """The answer kept under ``key``, else ``answer()`` (kept unless it raised)."""
        if self.entries == 0:
            return answer()
        found = self._lru.get(key, lambda _kept: True)
        if found is not None:
            return found
        value = answer()
        self._lru.put(key, value, 0)
        return value
