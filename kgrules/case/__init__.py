"""A case: the validated, indexed set of facts that questions are asked about.

The package along its seams: :mod:`~kgrules.case.kinds` (the kinds of record, their classes,
references and limits), :mod:`~kgrules.case.model` (:class:`Case` and its look-ups),
:mod:`~kgrules.case.integrity` (checked when a case is built), :mod:`~kgrules.case.indexes`
(built once per case), :mod:`~kgrules.case.loading` (strict JSON and the cattrs converter),
:mod:`~kgrules.case.schema` (the JSON Schema) and ``python -m kgrules.case`` (the command line).
The names below are the public ones; import them from here.
"""

from kgrules.case.kinds import (
    KIND_CLASSES,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_RECORDS,
    RECORD_KINDS,
    REF_TARGETS,
    Indexed,
    SameDay,
)
from kgrules.case.loading import DuplicateKeys, parse_json, too_deep
from kgrules.case.model import Case, load_case
from kgrules.case.schema import case_schema, packaged_schema, schema_path, schema_text, write_schema

__all__ = [
    "KIND_CLASSES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_RECORDS",
    "RECORD_KINDS",
    "REF_TARGETS",
    "Case",
    "DuplicateKeys",
    "Indexed",
    "SameDay",
    "case_schema",
    "load_case",
    "packaged_schema",
    "parse_json",
    "schema_path",
    "schema_text",
    "too_deep",
    "write_schema",
]
