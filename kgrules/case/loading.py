"""A case from JSON, strictly: the size and nesting bounds, duplicate keys and NaN refused, the
first offending field named, and the cattrs converter (built on first use) that structures the
records."""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import threading
import typing
from collections.abc import Callable
from typing import Any, Final, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

from kgrules.case.kinds import _DATE_RE, KIND_CLASSES, MAX_BYTES, MAX_DEPTH, MAX_RECORDS, RECORD_KINDS, T
from kgrules.errors import CaseError
from kgrules.facts import (
    json_type,
)

C = TypeVar("C")

# --- JSON in -----------------------------------------------------------------------------------


def structure(obj: object, cls: type[C]) -> C:
    """``obj`` structured into ``cls`` (a case), or one CaseError naming the first bad field."""
    try:
        result: C = _converter(cls).structure(obj, cls)
        return result
    except (ClassValidationError, IterableValidationError, CaseError) as exc:
        path, message = _first_error(exc, "")
        raise CaseError(path or "$", message) from None


def _json_text(data: str | bytes | bytearray) -> str:
    if isinstance(data, bytes | bytearray):
        if len(data) > MAX_BYTES:
            raise CaseError("$", f"the document is larger than {MAX_BYTES} bytes")
        try:
            return bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CaseError("$", f"not UTF-8 (byte {exc.start})") from None
    if isinstance(data, str):
        if len(data) > MAX_BYTES or (
            len(data) * 4 > MAX_BYTES and len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES
        ):
            raise CaseError("$", f"the document is larger than {MAX_BYTES} bytes")
        return data
    raise CaseError("$", f"expected JSON text, got {type(data).__name__}")


def parse_json(text: str, duplicates: list[str], constants: list[str] | None = None) -> Any:
    """JSON text parsed strictly: an object repeating a key comes back as a
    :class:`DuplicateKeys` (its name also added to ``duplicates``); NaN and Infinity are
    refused, or kept as placeholders named in ``constants`` when that list is given, so that
    the field can be named. Errors are :class:`CaseError` at ``$``."""
    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            for key, _value in pairs:
                if key in seen:
                    duplicates.append(key)
                    return DuplicateKeys(result, key)
                seen.add(key)
        return result

    try:
        def constant(name: str) -> _Constant:
            if constants is None:
                raise ValueError(f"{name} is not allowed")
            constants.append(name)
            return _Constant(name)

        return json.loads(text, object_pairs_hook=pairs_hook, parse_constant=constant)
    except RecursionError:
        raise CaseError("$", f"nesting deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as exc:
        raise CaseError(
            "$", f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except ValueError as exc:
        raise CaseError("$", f"invalid JSON: {exc}") from None


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON text nests deeper than ``limit``, found before parsing it: strip the
    strings and everything but brackets, then peel innermost pairs, one level per pass (all in
    C, at most ``limit`` passes). Unbalanced text is not JSON at all (the parser says where),
    so it is not called too deep."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    for _level in range(limit):
        brackets = _INNERMOST.sub("", brackets)
        if not brackets:
            return False
    # Pairs still nested below the limit: too deep. None left to peel: unbalanced.
    return len(_INNERMOST.sub("", brackets, count=1)) < len(brackets)


class DuplicateKeys(dict[str, Any]):
    """A JSON object that repeated a key; reported with its path by :func:`_check_shape`."""

    def __init__(self, items: dict[str, Any], duplicate: str) -> None:
        super().__init__(items)
        self.duplicate = duplicate


class _Constant:
    """A NaN or Infinity in the text (Python's parser accepts them, JSON does not); kept as a
    placeholder so that :func:`_check_shape` can name the field it stands in."""

    def __init__(self, name: str) -> None:
        self.name = name

    def error(self, path: str) -> CaseError:
        return CaseError(path, f"{self.name} is not allowed (JSON has no NaN or Infinity)")


_CONTAINERS: Final = (dict, list, tuple)


def _check_shape(obj: object, *, walk: bool) -> None:
    """Limits checked before structuring: an object at the top, record counts, and (``walk``)
    nesting depth and repeated keys, which keep structuring from doing unbounded work."""
    if isinstance(obj, _Constant):
        raise obj.error("$")
    if not isinstance(obj, dict):
        raise CaseError("$", f"the case must be a JSON object, not {json_type(obj)}")
    total = 0
    for key in (*KIND_CLASSES, "calendar_overrides"):
        items = obj.get(key)
        if isinstance(items, list | tuple):
            if len(items) > MAX_RECORDS:
                raise CaseError(key, f"more than {MAX_RECORDS} records")
            total += len(items)
    if total > MAX_RECORDS:
        raise CaseError("$", f"more than {MAX_RECORDS} records in all")
    if not walk:
        return
    # Depth-first and iterative (a cyclic input is just too deep). Each entry links to its
    # parent's, so the path is worked out only when there is something to report.
    stack: list[tuple[Any, int, Any]] = [(obj, 1, None)]
    while stack:
        entry = stack.pop()
        node, depth, _parent = entry
        if depth > MAX_DEPTH:
            raise CaseError(_entry_path(entry), f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(node, DuplicateKeys):
            raise CaseError(
                _entry_path(entry, _step(node.duplicate)),
                f"key {node.duplicate!r} appears twice in one object",
            )
        pairs = list(node.items() if isinstance(node, dict) else enumerate(node))
        for key, value in pairs:
            if isinstance(value, _Constant):
                raise value.error(_entry_path(entry, _step(key) if isinstance(node, dict)
                                              else f"[{key}]"))
        for _key, value in reversed(pairs):
            if isinstance(value, _CONTAINERS):
                stack.append((value, depth + 1, entry))


def _entry_path(entry: Any, last: str = "") -> str:
    steps = [last]
    node, _depth, parent = entry
    while parent is not None:
        container = parent[0]
        if isinstance(container, dict):
            key = next(k for k, v in container.items() if v is node)
            steps.append(_step(key))
        else:
            steps.append(f"[{next(i for i, v in enumerate(container) if v is node)}]")
        node, _depth, parent = parent
    return "".join(reversed(steps)).lstrip(".") or "$"


def _step(key: object) -> str:
    return f".{key}" if isinstance(key, str) and _PLAIN_KEY.fullmatch(key) else f"[{key!r}]"


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _parse_date(path: str, value: object) -> dt.date:
    if not isinstance(value, str):
        raise CaseError(path, f"expected a date 'YYYY-MM-DD', got {json_type(value)}")
    if _DATE_RE.fullmatch(value) is None:
        raise CaseError(path, f"invalid date {value!r}: write it as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CaseError(path, f"impossible date {value!r}") from None


def _join(prefix: str, rel: str) -> str:
    if not prefix:
        return rel
    if not rel:
        return prefix
    return prefix + rel if rel.startswith("[") else f"{prefix}.{rel}"


def _note(exc: BaseException, kind: type[T]) -> T | None:
    for note in getattr(exc, "__notes__", ()):
        if isinstance(note, kind):
            return note
    return None


def _first_error(exc: BaseException, path: str) -> tuple[str, str]:
    """The path and message of the first problem in a cattrs error tree.

    An unknown field is reported before anything else in its object: a misspelt key also
    makes the right key "missing", and the misspelling is the more useful thing to say.
    """
    if isinstance(exc, ClassValidationError):
        subs = sorted(exc.exceptions, key=lambda e: not isinstance(e, ForbiddenExtraKeysError))
        for sub in subs:
            attr = _note(sub, AttributeValidationNote)
            return _first_error(sub, _join(path, attr.name) if attr is not None else path)
    if isinstance(exc, IterableValidationError):
        for sub in exc.exceptions:
            item = _note(sub, IterableValidationNote)
            return _first_error(sub, _join(path, f"[{item.index}]") if item is not None else path)
    if isinstance(exc, ForbiddenExtraKeysError):
        extra = str(sorted(exc.extra_fields, key=str)[0])
        allowed = ", ".join(f.name for f in attrs.fields(exc.cl) if f.init)
        # A key that is empty or opens a bracket would read as part of the path: quoted.
        where = _join(path, extra) if extra and not extra.startswith("[") else f"{path}[{extra!r}]"
        return where, f"unknown field (allowed: {allowed})"
    if isinstance(exc, CaseError):
        return _join(path, exc.path), exc.message
    if isinstance(exc, KeyError):
        return path, "required field is missing"
    return path, str(exc) or type(exc).__name__


# Structuring hooks: strict, and they raise CaseError with a path relative to where they are.


def _structure_str(value: object, cl: Any) -> Any:
    """Strings, and string enums: single dispatch sends a StrEnum subclass here, via ``str``."""
    if cl is not str and isinstance(cl, type) and issubclass(cl, enum.Enum):
        return _structure_enum(value, cl)
    if type(value) is not str:
        raise CaseError("", f"expected a string, got {json_type(value)}")
    return value


def _structure_int(value: object, _: object) -> int:
    if type(value) is not int:
        raise CaseError("", f"expected an integer, got {json_type(value)}")
    return value


def _structure_bool(value: object, _: object) -> bool:
    if type(value) is not bool:
        raise CaseError("", f"expected true or false, got {json_type(value)}")
    return value


def _structure_date(value: object, _: object) -> dt.date:
    return _parse_date("", value)


def _structure_enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, str):
        member = kind._value2member_map_.get(value)
        if member is not None:
            return member
    allowed = ", ".join(str(member.value) for member in kind)
    if not isinstance(value, str):
        raise CaseError("", f"expected one of: {allowed}; got {json_type(value)}")
    raise CaseError("", f"unknown value {value!r} (allowed: {allowed})")


def _is_homogeneous_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(t: Any, converter: cattrs.Converter) -> Callable[[object, object], tuple[Any, ...]]:
    item_type = typing.get_args(t)[0]
    item_hook = converter.get_structure_hook(item_type)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise CaseError("", f"expected an array, got {json_type(value)}")
        result = []
        errors: list[Exception] = []
        for i, item in enumerate(value):
            try:
                result.append(item_hook(item, item_type))
            except Exception as exc:
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(f"Structuring item @ index {i}", i, item_type),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return tuple(result)

    return structure


def _structure_kinds(value: object, _: object) -> frozenset[str]:
    if not isinstance(value, list | tuple):
        raise CaseError("", f"expected an array, got {json_type(value)}")
    seen: set[str] = set()
    for i, kind in enumerate(value):
        if type(kind) is not str or kind not in RECORD_KINDS:
            shown = repr(kind) if isinstance(kind, str) else json_type(kind)
            raise CaseError(
                f"[{i}]", f"unknown kind of record {shown} (allowed: {', '.join(RECORD_KINDS)})"
            )
        if kind in seen:
            raise CaseError(f"[{i}]", f"{kind!r} is listed twice")
        seen.add(kind)
    return frozenset(seen)


def _structure_override(value: object, _: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CaseError("", f"expected an object, got {json_type(value)}")
    return {k: list(v) if isinstance(v, list | tuple) else v for k, v in value.items()}


def _class_hook(cls: type, converter: cattrs.Converter) -> Callable[[object, object], Any]:
    inner: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, converter)

    def structure(value: object, _: object) -> Any:
        if not isinstance(value, dict):
            raise CaseError("", f"expected an object, got {json_type(value)}")
        return inner(value, cls)

    return structure


def _list_hook(t: Any, converter: cattrs.Converter) -> Callable[[Any], list[Any]]:
    item_hook = converter.get_unstructure_hook(typing.get_args(t)[0])
    return lambda value: [item_hook(item) for item in value]


def _plain_str(value: str) -> str:
    """A StrEnum member unstructures (by single dispatch, via ``str``) to its plain value."""
    return value.value if isinstance(value, enum.Enum) else value


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # cattrs matches exact classes by single dispatch first (so bool would reach int's hook and
    # a StrEnum str's): the scalar hooks are registered the same way, over cattrs' lenient ones.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook(enum.Enum, _structure_enum)
    converter.register_structure_hook_func(lambda t: t == frozenset[str], _structure_kinds)
    converter.register_structure_hook_func(lambda t: t == dict[str, Any], _structure_override)
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_hook)
    converter.register_structure_hook_factory(attrs.has, _class_hook)

    converter.register_unstructure_hook(str, _plain_str)
    converter.register_unstructure_hook(enum.Enum, lambda member: member.value)
    converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    converter.register_unstructure_hook_factory(_is_homogeneous_tuple, _list_hook)
    converter.register_unstructure_hook_func(
        lambda t: t == frozenset[str], lambda kinds: sorted(kinds)
    )
    converter.register_unstructure_hook_func(
        lambda t: t == dict[str, Any],
        lambda d: {k: list(v) if isinstance(v, list | tuple) else v for k, v in d.items()},
    )
    return converter


_CONVERTER: cattrs.Converter | None = None
_CONVERTER_LOCK: Final = threading.Lock()


def _converter(cls: type) -> cattrs.Converter:
    """The converter, built on first use (a sixth of ``import kgrules`` if built at import) with
    every hook generated at once, under a lock: threads loading their first cases never race
    to generate hooks."""
    global _CONVERTER
    converter = _CONVERTER
    if converter is None:
        with _CONVERTER_LOCK:
            if _CONVERTER is None:
                built = _make_converter()
                built.get_structure_hook(cls)
                built.get_unstructure_hook(cls)
                _CONVERTER = built
            converter = _CONVERTER
    return converter
