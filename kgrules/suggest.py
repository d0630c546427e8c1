""""Did you mean …?" for names people type: question ids, switches, readings, record ids.

A person who types ``dieu10.substitute_alowed`` or ``member=P5`` should be shown the name they
meant, not sent to the Python API; :mod:`difflib` finds the closest known names.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from kgrules.i18n import Text

__all__ = ["closest", "hint"]


def closest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The known names closest to ``word``, best first (none when nothing is close)."""
    names = list(dict.fromkeys(choices))
    found = difflib.get_close_matches(word, names, n=n, cutoff=0.6)
    if not found:
        # "P5" for "P05", "q3" for "H2009-Q3": a name that contains what was typed, or is
        # contained in it, ignoring case, is close enough to show.
        low = word.lower()
        found = [c for c in names if low and (low in c.lower() or c.lower() in low)][:n]
    return found


def hint(word: str, choices: Iterable[str]) -> Text | None:
    """A bilingual "did you mean" sentence, or ``None`` when nothing is close."""
    found = closest(word, choices)
    if not found:
        return None
    shown = ", ".join(f"«{c}»" for c in found)
    quoted = ", ".join(repr(c) for c in found)
    return Text(f"có phải ý bạn là {shown}?", f"did you mean {quoted}?")
