"""Typed errors. Every input error names the offending field by its path (``people[2].id``)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def encodable(text: str) -> str:
    """Text that always encodes as UTF-8: a lone surrogate (JSON can spell one, in a key as
    well as in a value; a non-UTF-8 byte in a command line becomes one) is written ``\\udXXX``,
    so reporting an error about it never raises another."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class KgrulesError(Exception):
    """Base of every error this library raises on purpose."""


class InputError(KgrulesError, ValueError):
    """Bad input: the case, an argument or a setting. ``path`` names the field."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross process boundaries (batch workers, the service's workers): rebuild them
        # from their fields, not from the joined message Exception would pickle.
        return type(self), (self.path, self.message)

    def to_dict(self) -> dict[str, str]:
        return {"error": type(self).__name__, "path": encodable(self.path),
                "message": encodable(self.message)}


class CaseError(InputError):
    """A case's facts are malformed or inconsistent (wrong type, unknown reference, duplicate id)."""


class ArgumentError(InputError):
    """A question's argument is missing, unknown, or refers to nothing in the case."""


class UnknownQuestionError(InputError):
    """No question with that id is in the catalogue."""


class InterpretationError(InputError):
    """An unknown interpretation switch, or a reading it does not have."""


class CalendarError(InputError):
    """A calendar override is inconsistent (a day both off and working, a wrong year)."""


class NotInForceError(KgrulesError):
    """A parameter was asked for on a day before any value of it was in force."""

    def __init__(self, name: str, day: dt.date, since: dt.date) -> None:
        super().__init__(f"parameter {name} has no value on {day} (first in force {since})")
        self.name = name
        self.day = day
        self.since = since

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.name, self.day, self.since)


class EngineError(KgrulesError):
    """The rule engine failed or misbehaved; the library stays usable after it."""


class RuleError(EngineError):
    """A rule's action raised, or rules reached contradictory or no conclusions."""


class TooExpensive(KgrulesError):
    """A request needed more than its evaluation budget and was stopped (the service answers
    503 with Retry-After); smaller cases, a page of an audit, or a larger budget will do."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the evaluation took longer than its budget of {seconds:g} s and "
                         "was stopped")
        self.seconds = seconds

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.seconds,)
