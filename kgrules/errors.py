"""Typed errors. Every input error names the offending field by its path (``people[2].id``)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def encodable(text: str) -> str:
    """Text that always encodes as UTF-8: a lone surrogate (JSON can spell one, in a key as
    well as in a value; a non-UTF-8 byte in a command line becomes one) is written as its
    escape (``\\udc80`` for U+DC80), so reporting an error about it never raises another."""
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


class EngineUnavailableError(EngineError):
    """durable_rules (the default engine) does not import here: what is missing, and the fix.

    Raised when the default engine is first needed, never at ``import kgrules``; the oracle
    engine still answers when chosen explicitly. The message is Vietnamese, then English;
    ``fix`` is the command that rebuilds the engine (from :mod:`kgrules.engine`).
    """

    def __init__(self, detail: str, fix: str) -> None:
        super().__init__(
            f"Không dùng được bộ máy luật durable_rules ({detail}). Cài lại nó (cần trình biên "
            f"dịch C) bằng lệnh: {fix} — hoặc chọn rõ bộ đánh giá đối chứng "
            f"(engine=OracleEngine(), --engine oracle). Kiểm tra: kgrules doctor. / "
            f"The durable_rules engine cannot be used ({detail}). Reinstall it (a C compiler "
            f"is needed) with: {fix} — or choose the oracle evaluator explicitly "
            f"(engine=OracleEngine(), --engine oracle). Check: kgrules doctor."
        )
        self.detail = detail
        self.fix = fix

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.detail, self.fix)


class RuleError(EngineError):
    """A rule's action raised, or rules reached contradictory or no conclusions."""


#: A Vietnamese sentence naming the field, per kind of input error (the English detail is the
#: library's own message); the service and the command line answer with the same pair.
VI_INPUT: tuple[tuple[type[InputError], str], ...] = (
    (CaseError, "Hồ sơ không hợp lệ tại trường «{path}»."),
    (ArgumentError, "Tham số của câu hỏi không hợp lệ: «{path}»."),
    (UnknownQuestionError, "Không có câu hỏi này trong danh mục («{path}»)."),
    (InterpretationError, "Lựa chọn cách hiểu không hợp lệ: «{path}»."),
    (CalendarError, "Lịch làm việc không hợp lệ tại «{path}»."),
    (InputError, "Dữ liệu không hợp lệ tại trường «{path}»."),
)


def bilingual(exc: KgrulesError) -> dict[str, Any]:
    """An error as ``{"error", "path", "message": {"vi", "en"}}`` (``path`` for input errors):
    the shape the HTTP service answers with, for the command line's stderr."""
    if isinstance(exc, InputError):
        path, message = encodable(exc.path), encodable(exc.message)
        vi = next(text for cls, text in VI_INPUT if isinstance(exc, cls)).format(path=path)
        return {"error": type(exc).__name__, "path": path,
                "message": {"vi": f"{vi} {message}", "en": message}}
    text = encodable(str(exc))
    return {"error": type(exc).__name__,
            "message": {"vi": f"Lỗi của thư viện: {text}", "en": text}}


class TooExpensive(KgrulesError):
    """A request needed more than its evaluation budget and was stopped (the service answers
    503 with Retry-After); smaller cases, a page of an audit, or a larger budget will do."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the evaluation took longer than its budget of {seconds:g} s and "
                         "was stopped")
        self.seconds = seconds

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.seconds,)
