"""A commented starter case, written by ``kgrules new-case``.

JSON has no comments, so the starter is YAML (which :func:`kgrules.case.load_case` reads
strictly): every field carries its description from the case's JSON Schema, optional fields left
out are shown commented with their default, and every other kind of record is listed empty,
with an example record in a comment. The facts describe one regular meeting of 2024 with a
substitute properly consented, so that the first questions asked of it answer ``yes``
(``tests/test_starter.py`` checks that).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from kgrules.case import KIND_CLASSES, case_schema

__all__ = ["starter_data", "starter_json", "starter_yaml"]

_PEOPLE: Final = [
    {"id": "P01", "name": "Nguyễn Văn An", "office": "Phó Chủ tịch UBND tỉnh",
     "agency": "UBND tỉnh Kiên Giang", "on_dic_payroll": False},
    {"id": "P02", "name": "Trần Thị Bình", "office": "Giám đốc Sở Thông tin và Truyền thông",
     "agency": "Sở Thông tin và Truyền thông", "on_dic_payroll": True},
    {"id": "P03", "name": "Lê Văn Cường", "office": "Phó Chánh Văn phòng UBND tỉnh"},
    {"id": "P04", "name": "Phạm Thị Dung", "office": "Phó Giám đốc Sở Tài chính"},
    {"id": "P05", "name": "Hoàng Văn Em", "office": "Phó Giám đốc Sở Y tế"},
    {"id": "S01", "name": "Võ Thị Giang", "office": "Trưởng phòng, Sở Y tế"},
]
_POSITIONS: Final = [
    {"id": "POS01", "person": "P01", "role": "head", "start": "2024-01-01"},
    {"id": "POS02", "person": "P02", "role": "standing_deputy", "start": "2024-01-01"},
    {"id": "POS03", "person": "P03", "role": "deputy", "start": "2024-01-01"},
    {"id": "POS04", "person": "P04", "role": "member", "start": "2024-01-01"},
    {"id": "POS05", "person": "P05", "role": "member", "start": "2024-01-01"},
]
_MEETING: Final = {"id": "H2024-Q1", "kind": "regular", "date": "2024-03-27", "quarter": "2024-Q1",
                   "convened_by": "P01", "convened_on": "2024-03-18", "has_documents": False}


def starter_data(minimal: bool = False) -> dict[str, Any]:
    """The starter's facts as JSON-shaped data (what the YAML text loads to)."""
    data: dict[str, Any] = {
        "name": "Ban Chỉ đạo CNTT — hồ sơ mới (sửa lại cho đúng thực tế)",
        "description": "Hồ sơ khởi đầu do kgrules new-case ghi ra / A starter case from "
                       "kgrules new-case",
        "records_complete": ["positions", "meetings"] if minimal else [
            "positions", "meetings", "absence_reports", "consents", "attendances",
            "authorisations"],
        "people": _PEOPLE[:3] if minimal else _PEOPLE,
        "positions": _POSITIONS[:3] if minimal else _POSITIONS,
        "meetings": [_MEETING],
    }
    if minimal:
        return data
    data.update({
        "agencies": [{"id": "UBND-KG", "name": "Ủy ban nhân dân tỉnh Kiên Giang", "kind": "ppc"}],
        "offices": [{"id": "CV-P01", "person": "P01", "kind": "ppc_vice_chairman",
                     "agency": "UBND-KG", "start": "2021-06-01"}],
        "absence_reports": [{"id": "VM-01", "meeting": "H2024-Q1", "member": "P05",
                             "reported_on": "2024-03-22", "reported_to": "P01"}],
        "consents": [{"id": "DY-01", "meeting": "H2024-Q1", "member": "P05", "substitute": "S01",
                      "given_by": "P01", "given_on": "2024-03-25"}],
        "attendances": [
            *({"meeting": "H2024-Q1", "person": p, "mode": "in_person"}
              for p in ("P01", "P02", "P03", "P04")),
            {"meeting": "H2024-Q1", "person": "S01", "mode": "substitute", "on_behalf_of": "P05"},
        ],
        "authorisations": [],
    })
    return data


def starter_json(minimal: bool = False) -> str:
    """The same facts as JSON (no comments: the schema documents them)."""
    return json.dumps(starter_data(minimal), ensure_ascii=False, indent=2) + "\n"


def _scalar(value: Any) -> str:
    """A value as YAML that :func:`kgrules.yamlio.parse_yaml` reads back exactly (JSON's own
    spelling: quoted strings, true/false/null, integers, flow lists)."""
    return json.dumps(value, ensure_ascii=False)


def _comment(spec: Mapping[str, Any]) -> str:
    return str(spec.get("description", "")).replace("\n", " ")


def starter_yaml(minimal: bool = False) -> str:
    """The starter case as commented YAML, Vietnamese first in every comment."""
    schema = case_schema()
    defs: dict[str, Any] = schema["$defs"]
    data = starter_data(minimal)
    kinds = list(KIND_CLASSES)
    out = [
        "# Hồ sơ khởi đầu cho kgrules (Quyết định 1507/QĐ-UBND) — sửa, thêm bản ghi cho đúng thực tế.",
        "# A starter case for kgrules — edit it and add records to match the facts.",
        "# Mọi trường: docs/facts.md · Every field: docs/facts.md",
        "# Kiểm tra / Check: kgrules ask " + (
            "dieu10.regular_meeting_in_window THIS-FILE.yaml --arg meeting=H2024-Q1" if minimal
            else "dieu10.substitute_allowed THIS-FILE.yaml --arg meeting=H2024-Q1 --arg member=P05 "
            "--arg substitute=S01"),
        "",
    ]
    props = schema["properties"]
    for key in ("name", "description"):
        out += [f"# {_comment(props[key])}", f"{key}: {_scalar(data[key])}"]
    out += [
        "",
        f"# {_comment(props['records_complete'])}.",
        "# Loại có trong danh sách: không có bản ghi nghĩa là không có (→ KHÔNG); loại khác: chưa",
        "# biết (→ CHƯA XÁC ĐỊNH). / Kinds listed here: a missing record means there is none (→ no);",
        "# other kinds: not known (→ unknown).",
        f"records_complete: {_scalar(data['records_complete'])}",
    ]
    for kind in kinds:
        spec = defs[KIND_CLASSES[kind].__name__]
        if kind not in data:
            if minimal:
                continue
            example = spec.get("examples", [{}])[0]
            out += ["", f"# {_comment(props[kind])} — {spec.get('description', '')}",
                    f"# ví dụ / e.g.: - {_scalar(example)}", f"{kind}: []"]
            continue
        out += ["", f"# {_comment(props[kind])} — {spec.get('description', '')}"]
        if not data[kind]:
            out.append(f"{kind}: []")
            continue
        out.append(f"{kind}:")
        for record in data[kind]:
            out += _record(record, spec, minimal)
    return "\n".join(out) + "\n"


def _record(record: Mapping[str, Any], spec: Mapping[str, Any], minimal: bool) -> list[str]:
    lines: list[str] = []
    fields: dict[str, Any] = spec["properties"]
    width = max(len(f) for f in fields) + 2
    first = True
    for field, fspec in fields.items():
        lead = "  - " if first else "    "
        if field in record:
            text = f"{lead}{field}: {_scalar(record[field])}"
        elif minimal or field in spec.get("required", ()):
            continue
        else:
            text = f"{'  - ' if first else '    '}# {field}: {_scalar(fspec.get('default'))}"
            if first:  # a list item cannot open with a comment: keep the dash on a field
                continue
        first = False
        pad = " " * max(1, width + 30 - len(text))
        lines.append(f"{text}{pad}# {_comment(fspec)}")
    return lines
