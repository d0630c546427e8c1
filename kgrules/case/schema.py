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

from kgrules.calendar import covered_years
from kgrules.case.kinds import (
    _OVERRIDE_LISTS,
    KIND_CLASSES,
    MAX_BYTES,
    MAX_RECORDS,
    RECORD_KINDS,
    REF_TARGETS,
)
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
    Agency,
    Assignment,
    Attendance,
    Authorisation,
    Consent,
    Document,
    HelperAppointment,
    Office,
    Position,
    Report,
    Role,
    SpendingLimit,
)

# --- JSON Schema -------------------------------------------------------------------------------

SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

# --- what JSON Schema cannot state ---------------------------------------------------------------
# Each check of the loader that no standard keyword can express is marked where it applies by
# one of these keywords (unknown keywords are annotations to every validator), and explained,
# in both languages, in the schema's own ``x-kgrules-extensions``. tests/library/
# test_schema_exactness.py holds every check of the loader to a keyword or one of these.

UNIQUE: Final = "x-kgrules-unique"
REFERENCES: Final = "x-kgrules-references"
NOT_BEFORE: Final = "x-kgrules-not-before"
DISTINCT_FROM: Final = "x-kgrules-distinct-from"
ACYCLIC: Final = "x-kgrules-acyclic"
INTEGER_LITERAL: Final = "x-kgrules-integer-literal"
UNICODE_TEXT: Final = "x-kgrules-unicode-text"
IN_YEAR: Final = "x-kgrules-in-year"
WEEKEND: Final = "x-kgrules-weekend"
DISJOINT: Final = "x-kgrules-disjoint"
MAX_BYTES_KEY: Final = "x-kgrules-max-bytes"
MAX_RECORDS_KEY: Final = "x-kgrules-max-records"
UNIQUE_KEYS: Final = "x-kgrules-unique-keys"

EXTENSIONS: Final[Mapping[str, tuple[str, str]]] = {
    UNIQUE: ("Không có hai bản ghi của danh sách trùng giá trị ở trường được nêu (mã là duy nhất "
             "trong mỗi loại bản ghi)",
             "No two records of the list share the named field's value (ids are unique within "
             "each kind of record)"),
    REFERENCES: ("Giá trị (mỗi phần tử, nếu là danh sách) là mã của một bản ghi có trong danh "
                 "sách được nêu, ví dụ people.id",
                 "The value (each item, for a list) is the id of a record in the named list, "
                 "e.g. people.id"),
    NOT_BEFORE: ("Ngày này không trước ngày ở trường được nêu của cùng bản ghi",
                 "This day is not before the named field's day in the same record"),
    DISTINCT_FROM: ("Giá trị khác giá trị của trường được nêu trong cùng bản ghi",
                    "The value differs from the named field's value in the same record"),
    ACYCLIC: ("Đi theo trường được nêu từ bản ghi này sang bản ghi khác không bao giờ quay vòng",
              "Following the named field from record to record never comes back to a record"),
    INTEGER_LITERAL: ("Số nguyên viết không có phần thập phân hay số mũ (2014, không phải 2014.0): "
                      "kiểu integer của JSON Schema coi 2014.0 là số nguyên",
                      "An integer written without a fraction or an exponent (2014, not 2014.0): "
                      "JSON Schema's integer counts 2014.0 as one"),
    UNICODE_TEXT: ("Văn bản Unicode hợp lệ: không có nửa cặp thay thế đứng lẻ (\\ud800); một "
                   "pattern nói được điều này nhưng nghĩa của nó khác nhau giữa các phương ngữ "
                   "biểu thức chính quy (có và không có cờ Unicode)",
                   "Valid Unicode text: no lone surrogate (\\ud800); a pattern could say so, but "
                   "its meaning differs between regex dialects (with and without the Unicode "
                   "flag)"),
    IN_YEAR: ("Mỗi ngày thuộc năm ghi ở trường được nêu", "Each day lies in the named field's year"),
    WEEKEND: ("Chỉ thứ Bảy và Chủ nhật (ngày thường không nghỉ ghi ở not_days_off)",
              "Saturdays and Sundays only (a weekday that is not a day off goes in not_days_off)"),
    DISJOINT: ("Một ngày chỉ có mặt ở một trong các danh sách được nêu",
               "A day appears in only one of the named lists"),
    MAX_BYTES_KEY: ("Văn bản JSON của hồ sơ dài tối đa bấy nhiêu byte (UTF-8)",
                    "The case's JSON text is at most this many bytes (UTF-8)"),
    MAX_RECORDS_KEY: ("Tổng số bản ghi của mọi danh sách tối đa bấy nhiêu",
                      "At most this many records in all the lists together"),
    UNIQUE_KEYS: ("Không đối tượng JSON nào lặp lại một khóa (JSON Schema chỉ thấy giá trị đã đọc)",
                  "No JSON object repeats a key (JSON Schema sees only the parsed value)"),
}
"""Each extension keyword, in Vietnamese and English: what the loader checks that the
standard keywords beside it do not."""

_DATE_SCHEMA: Final = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
_FORMATS: Final[Mapping[str, Mapping[str, Any]]] = {
    "id": {"type": "string", "minLength": 1, "maxLength": ID_MAX_LENGTH, "pattern": ID_PATTERN},
    "text": {"type": "string", "maxLength": TEXT_MAX_LENGTH, UNICODE_TEXT: True},
    "quarter": {"type": "string", "pattern": QUARTER_PATTERN},
}
_INT_FORMATS: Final[Mapping[str, Mapping[str, Any]]] = {
    "money": {"type": "integer", "minimum": 0, "maximum": MONEY_MAX, INTEGER_LITERAL: True},
    "year": {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX, INTEGER_LITERAL: True},
}

#: The checks between two fields of one record (the records' ``__attrs_post_init__``).
_FIELD_PAIRS: Final[Mapping[type, Mapping[str, Mapping[str, str]]]] = {
    Position: {"end": {NOT_BEFORE: "start"}},
    Office: {"end": {NOT_BEFORE: "start"}},
    Agency: {"end": {NOT_BEFORE: "start"}, "successor": {DISTINCT_FROM: "id"}},
    Authorisation: {"valid_to": {NOT_BEFORE: "valid_from"}, "grantee": {DISTINCT_FROM: "grantor"}},
    Consent: {"substitute": {DISTINCT_FROM: "member"}},
    Attendance: {"on_behalf_of": {DISTINCT_FROM: "person"}},
    Assignment: {"assignee": {DISTINCT_FROM: "assigned_by"}},
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
            if "ref" in field.metadata:
                properties[field.name][REFERENCES] = f"{REF_TARGETS[field.metadata['ref']]}.id"
            properties[field.name].update(_FIELD_PAIRS.get(cls, {}).get(field.name, {}))
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
            default = {"type": "integer", INTEGER_LITERAL: True}
            return dict(_INT_FORMATS.get(meta.get("format", ""), default))
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
                _record_list(schema, item)
            if "ref" in meta or (isinstance(item, type) and issubclass(item, enum.Enum)):
                schema["uniqueItems"] = True
            return schema
        if t == frozenset[str]:
            return {"type": "array", "items": {"enum": list(RECORD_KINDS)}, "uniqueItems": True}
        raise TypeError(f"no JSON Schema for {t!r}")

    def calendar_override(self) -> dict[str, Any]:
        days = {"type": "array", "items": dict(_DATE_SCHEMA), IN_YEAR: "year"}
        first, last = covered_years()  # an override outside them is refused (kgrules.calendar)
        self.defs["CalendarOverride"] = {
            "type": "object",
            "description": "Lịch chính thức của một năm / A year's official calendar "
            "(interpreted by kgrules.calendar)",
            DISJOINT: list(_OVERRIDE_LISTS),
            "properties": {
                "year": {"type": "integer", "minimum": first, "maximum": last,
                         INTEGER_LITERAL: True,
                         "description": "Năm (những năm lịch ngày nghỉ có dữ liệu) / Year (those "
                         "the holiday calendar covers)"},
                "days_off": {**days, "description": "Ngày nghỉ thêm / Extra days off"},
                "working_days": {
                    **days,
                    "description": "Ngày làm việc bù (thứ Bảy, Chủ nhật) / Extra working days",
                    WEEKEND: True,
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


def _record_list(schema: dict[str, Any], item: Any) -> None:
    """A list of records: what is unique across it, and what may not loop (agencies)."""
    if item == dict[str, Any]:
        schema[UNIQUE] = "year"  # one official list per year (calendar_overrides)
        return
    if "id" in attrs.fields_dict(item):
        schema[UNIQUE] = "id"
    if item is Agency:
        schema[ACYCLIC] = "successor"


def _mark_used(schema: dict[str, Any]) -> None:
    """The document-wide limits, and the register of the extension keywords the schema uses."""
    schema[MAX_BYTES_KEY] = MAX_BYTES
    schema[MAX_RECORDS_KEY] = MAX_RECORDS
    schema[UNIQUE_KEYS] = True
    text = json.dumps(schema)
    schema["x-kgrules-extensions"] = {
        key: f"{vi} / {en}" for key, (vi, en) in EXTENSIONS.items() if f'"{key}"' in text}


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
    _mark_used(schema)
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
