"""The JSON Schema (draft 2020-12) of a case document, generated from the record classes: one
source of truth for the document the loader accepts."""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import json
import os
import types
import typing
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Final

import attrs

from kgrules.case.kinds import KIND_CLASSES, MAX_RECORDS, RECORD_KINDS
from kgrules.case.loading import _is_homogeneous_tuple
from kgrules.case.model import Case
from kgrules.facts import (
    DATE_PATTERN,
    ID_MAX_LENGTH,
    ID_PATTERN,
    MONEY_MAX,
    QUARTER_PATTERN,
    TEXT_MAX_LENGTH,
    YEAR_MAX,
    YEAR_MIN,
    Attendance,
    Authorisation,
    Document,
    HelperAppointment,
    Report,
    Role,
    SpendingLimit,
)

# --- JSON Schema -------------------------------------------------------------------------------

SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
_DATE_SCHEMA: Final = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
_FORMATS: Final[Mapping[str, Mapping[str, Any]]] = {
    "id": {"type": "string", "minLength": 1, "maxLength": ID_MAX_LENGTH, "pattern": ID_PATTERN},
    "text": {"type": "string", "maxLength": TEXT_MAX_LENGTH},
    "quarter": {"type": "string", "pattern": QUARTER_PATTERN},
}
_INT_FORMATS: Final[Mapping[str, Mapping[str, Any]]] = {
    "money": {"type": "integer", "minimum": 0, "maximum": MONEY_MAX},
    "year": {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX},
}


def _when(field: str, value: str, then: dict[str, Any]) -> dict[str, Any]:
    return {"if": {"properties": {field: {"const": value}}, "required": [field]}, "then": then}


# The cross-field checks of the fact classes that a schema can state.
_CONDITIONS: Final[Mapping[type, list[dict[str, Any]]]] = {
    Attendance: [
        _when(
            "mode",
            "substitute",
            {"required": ["on_behalf_of"], "properties": {"on_behalf_of": {"type": "string"}}},
        ),
        _when("mode", "in_person", {"properties": {"on_behalf_of": {"type": "null"}}}),
    ],
    Authorisation: [{"properties": {"acts": {"minItems": 1}}}],
    Report: [
        _when(
            "kind",
            "quarterly",
            {"required": ["quarter"], "properties": {"quarter": {"type": "string"}}},
        )
    ],
    Document: [_when("seal", "none", {"properties": {"seal_agency": {"type": "null"}}})],
    HelperAppointment: [
        {"properties": {"role": {"enum": [Role.HELPER_LEADER.value, Role.HELPER_MEMBER.value]}}}
    ],
    SpendingLimit: [
        {
            "anyOf": [
                {"required": [name], "properties": {name: {"type": "integer"}}}
                for name in ("per_item", "per_year")
            ]
        }
    ],
}


def _describe(meta: Mapping[str, Any]) -> dict[str, str]:
    return {"description": f"{meta['vi']} / {meta['en']}"} if "vi" in meta else {}


def _doc(obj: object) -> str:
    """A docstring's first paragraph on one line, cleaned first: Python 3.13 strips docstring
    indentation when it compiles, 3.11 and 3.12 do not, and the schema is the same on each."""
    first = inspect.cleandoc(getattr(obj, "__doc__", None) or "").split("\n\n")[0]
    return " ".join(first.split())


class _SchemaBuilder:
    """Types to JSON Schema, by introspecting the attrs classes: one source of truth."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def for_class(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            schema = self.for_type(hints[field.name], field.metadata)
            properties[field.name] = {**_describe(field.metadata), **schema}
            if field.default is attrs.NOTHING:
                required.append(field.name)
            else:
                properties[field.name]["default"] = _json_default(field.default)
        result: dict[str, Any] = {
            "type": "object",
            "description": _doc(cls),
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            result["required"] = required
        if cls in _CONDITIONS:
            result["allOf"] = _CONDITIONS[cls]
        return result

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve the name first: classes may refer to each other
            if issubclass(cls, enum.Enum):
                self.defs[name] = {
                    "type": "string",
                    "description": _doc(cls),
                    "enum": [member.value for member in cls],
                }
            else:
                self.defs[name] = self.for_class(cls)
        return {"$ref": f"#/$defs/{name}"}

    def for_type(self, t: Any, meta: Mapping[str, Any]) -> dict[str, Any]:
        args = typing.get_args(t)
        if isinstance(t, types.UnionType) or typing.get_origin(t) is typing.Union:
            options = [self.for_type(a, meta) for a in args if a is not type(None)]
            if type(None) in args:
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if t is str:
            return dict(_FORMATS.get(meta.get("format", ""), {"type": "string"}))
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return dict(_INT_FORMATS.get(meta.get("format", ""), {"type": "integer"}))
        if t is dt.date:
            return dict(_DATE_SCHEMA)
        if isinstance(t, type) and (issubclass(t, enum.Enum) or attrs.has(t)):
            return self.ref(t)
        if _is_homogeneous_tuple(t):
            item = args[0]
            items = (
                self.calendar_override() if item == dict[str, Any] else self.for_type(item, meta)
            )
            schema: dict[str, Any] = {"type": "array", "items": items}
            if attrs.has(item) or item == dict[str, Any]:
                schema["maxItems"] = MAX_RECORDS
            if "ref" in meta or (isinstance(item, type) and issubclass(item, enum.Enum)):
                schema["uniqueItems"] = True
            return schema
        if t == frozenset[str]:
            return {"type": "array", "items": {"enum": list(RECORD_KINDS)}, "uniqueItems": True}
        raise TypeError(f"no JSON Schema for {t!r}")

    def calendar_override(self) -> dict[str, Any]:
        days = {"type": "array", "items": dict(_DATE_SCHEMA)}
        self.defs["CalendarOverride"] = {
            "type": "object",
            "description": "Lịch chính thức của một năm / A year's official calendar "
            "(interpreted by kgrules.calendar)",
            "properties": {
                "year": {"type": "integer", "minimum": 1, "maximum": 9999},
                "days_off": {**days, "description": "Ngày nghỉ thêm / Extra days off"},
                "working_days": {
                    **days,
                    "description": "Ngày làm việc bù (thứ Bảy, Chủ nhật) / Extra working days",
                },
                "not_days_off": {
                    **days,
                    "description": "Không phải ngày nghỉ / Days that are not days off",
                },
                "source": {
                    "type": "string",
                    "maxLength": TEXT_MAX_LENGTH,
                    "description": "Văn bản làm căn cứ / Official source",
                },
            },
            "required": ["year"],
            "additionalProperties": False,
        }
        return {"$ref": "#/$defs/CalendarOverride"}


def _json_default(value: object) -> Any:
    """A field's default as JSON: ``()`` and ``frozenset()`` are ``[]``, enums their value."""
    if isinstance(value, tuple | frozenset | list):
        return sorted(value) if isinstance(value, frozenset) else list(value)
    return value.value if isinstance(value, enum.Enum) else value


#: Examples for the kinds of record the shipped example case does not hold.
_MORE_EXAMPLES: Final[Mapping[str, dict[str, Any]]] = {
    "Amendment": {"id": "QD-2010-0123", "decided_by": "P00", "decided_on": "2010-02-01",
                  "description": "Bổ sung Điều 10 về họp trực tuyến / Online meetings added"},
    "CalendarOverride": {"year": 2026, "days_off": ["2026-02-16"], "working_days": [],
                         "not_days_off": [], "source": "Thông báo nghỉ Tết của Bộ Nội vụ"},
}
#: Examples of the optional fields the shipped example case never fills.
_FIELD_EXAMPLES: Final[Mapping[str, Any]] = {
    "Attendance.id": "DH-2009-Q1-01",
    "Position.end": "2011-06-30",
    "Office.end": "2011-06-30",
    "Dispatch.recipients": ["P03", "P04"],
    "CalendarOverride.working_days": ["2026-01-03"],
    "CalendarOverride.not_days_off": ["2026-04-27"],
}


def _add_examples(schema: dict[str, Any]) -> None:
    """``examples`` from the shipped example case: for each kind of record its first record,
    for each field the first value it takes there (a list of records is shown by its kind)."""
    raw = resources.files("kgrules").joinpath("data/examples/committee-2009.json")
    data: dict[str, Any] = json.loads(raw.read_text(encoding="utf-8"))
    samples: dict[str, list[dict[str, Any]]] = {
        cls.__name__: data.get(kind) or [] for kind, cls in KIND_CLASSES.items()}
    for name, extra in _MORE_EXAMPLES.items():
        samples[name] = samples.get(name) or [extra]
    samples["Case"] = [data]
    for name, records in samples.items():
        target = schema if name == "Case" else schema["$defs"][name]
        if name != "Case":
            target["examples"] = [{k: v for k, v in records[0].items() if v is not None}]
        for field, spec in target["properties"].items():
            if spec.get("type") == "array" and spec.get("maxItems") == MAX_RECORDS:
                continue  # records: their kind's own examples show them
            value = next((r[field] for r in records if r.get(field) not in (None, [], "")),
                         _FIELD_EXAMPLES.get(f"{name}.{field}"))
            if value is not None:
                spec["examples"] = [value]


def case_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case document, generated from the classes, with
    each field's ``default`` and ``examples`` from the shipped example case."""
    builder = _SchemaBuilder()
    root = builder.for_class(Case)
    schema = {
        "$schema": SCHEMA_DIALECT,
        "title": "kgrules case (Quyết định 1507/QĐ-UBND)",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }
    _add_examples(schema)
    return schema



def schema_text() -> str:
    return json.dumps(case_schema(), ensure_ascii=False, indent=2) + "\n"


def schema_path() -> Path:
    """Where the committed schema lives in the source tree (``kgrules/data``)."""
    return Path(__file__).resolve().parent.parent / "data" / "case.schema.json"


def packaged_schema() -> str:
    return resources.files("kgrules").joinpath("data/case.schema.json").read_text("utf-8")


def write_schema(path: str | os.PathLike[str] | None = None) -> Path:
    """Regenerate the committed schema file (after changing a fact class)."""
    target = Path(path) if path is not None else schema_path()
    target.write_text(schema_text(), encoding="utf-8")
    return target
