""""Did you mean …?" for names people type: question ids, switches, readings, record ids.

A person who types ``dieu10.substitute_alowed`` or ``member=P5`` should be shown the name they
meant, not sent to the Python API; :mod:`difflib` finds the closest known names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from kgrules.case import Case
from kgrules.catalogue import question, questions
from kgrules.dsl import RECORD_ARGS
from kgrules.errors import ArgumentError, InputError, InterpretationError, UnknownQuestionError
from kgrules.i18n import Text
from kgrules.interpretations import SWITCHES

__all__ = ["closest", "hint", "with_hint"]


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


def with_hint(exc: InputError, *, case: Case | None = None,
              question_id: str | None = None) -> InputError:
    """The same error, its message ending with the names closest to what was typed: question
    ids, interpretation switches and readings, argument names, record ids in the case."""
    extra: Text | None = None
    message = exc.message
    if isinstance(exc, UnknownQuestionError):
        typed = question_id or ""
        extra = hint(typed, (q.id for q in questions()))
        message = f"no question {typed!r} in the catalogue (kgrules questions lists them)"
    elif isinstance(exc, InterpretationError) and exc.path.startswith("interpretations."):
        switch = exc.path.removeprefix("interpretations.")
        if switch not in SWITCHES:
            extra = hint(switch, SWITCHES)
        else:
            reading = re.search(r"unknown reading '([^']*)'", exc.message)
            extra = hint(reading.group(1), SWITCHES[switch].readings) if reading else None
    elif isinstance(exc, ArgumentError) and question_id and exc.path.startswith("arguments."):
        extra = _argument_hint(exc, case, question_id)
    if extra is None and message == exc.message:
        return exc
    text = f"{message}; {extra.en}" if extra is not None else message
    return type(exc)(exc.path, text)


def _argument_hint(exc: ArgumentError, case: Case | None, question_id: str) -> Text | None:
    q = question(question_id)
    name = exc.path.removeprefix("arguments.")
    kinds = {a.name: a.kind for a in q.arguments}
    if name not in kinds:
        return hint(name, kinds)
    typed = re.search(r"no [a-z ]+ '([^']*)' in the case", exc.message)
    if case is None or typed is None or kinds[name] not in RECORD_ARGS:
        return None
    ids = [ix.record.id for ix in case.records(RECORD_ARGS[kinds[name]])
           if getattr(ix.record, "id", None)]
    return hint(typed.group(1), ids)
