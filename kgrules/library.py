"""The library's front door: ``kgrules.ask`` and ``kgrules.audit``, with an optional decision
record.

:func:`kgrules.catalogue.ask` and :func:`kgrules.audit.audit` decide and write nothing; here,
one layer above them, ``record=`` (a :class:`~kgrules.record.RecordStore`) appends what they
decided to a decision record before it is returned, each decision carrying its ``record_id``.
The command line and the service append the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from kgrules.audit import audit as audit_year
from kgrules.audit_report import AuditReport
from kgrules.calendar import WorkingCalendar
from kgrules.case import Case
from kgrules.catalogue import ask as answer
from kgrules.decision import Decision
from kgrules.errors import ArgumentError
from kgrules.evaluation import Engine
from kgrules.interpretations import Settings
from kgrules.interpretations import settings as make_settings
from kgrules.record import RecordStore

__all__ = ["ask", "audit", "check_store"]


def check_store(record: object) -> None:
    """``record=`` must be a decision record (a RecordStore), not, say, its file name: checked
    before any work is done."""
    if not isinstance(record, RecordStore):
        raise ArgumentError("record", f"expected a kgrules.record.RecordStore, not "
                                      f"{type(record).__name__}")


def ask(
    question_id: str,
    case: Case,
    *,
    interpretations: Mapping[str, str] | Settings | None = None,
    calendar: WorkingCalendar | None = None,
    engine: Engine | None = None,
    record: RecordStore | None = None,
    **arguments: Any,
) -> Decision:
    """Answer one question of the catalogue about a case, with its reasons
    (:func:`kgrules.catalogue.ask`); with ``record``, the decision is appended to that decision
    record before it is returned, with its id in ``record_id``."""
    if record is not None:
        check_store(record)
    chosen = make_settings(interpretations)
    decision = answer(question_id, case, interpretations=chosen, calendar=calendar,
                             engine=engine, **arguments)
    if record is None:
        return decision
    entry = record.append(decision, case, settings=chosen, calendar=calendar, source="library")
    return attrs.evolve(decision, record_id=entry.id)


def audit(
    case: Case,
    year: int | None = None,
    *,
    interpretations: Mapping[str, str] | Settings | None = None,
    calendar: WorkingCalendar | None = None,
    engine: Engine | None = None,
    today: dt.date | None = None,
    record: RecordStore | None = None,
    workers: int | Literal["auto"] | None = None,
) -> AuditReport:
    """A year's audit (:func:`kgrules.audit.audit`, same options); with ``record``, every
    finding's decision is appended to that decision record (one transaction) and carries its
    ``record_id``; ``workers=n`` answers the findings in n processes, this one and n - 1
    workers (the same findings)."""
    if record is not None:
        check_store(record)
    report = audit_year(case, year, interpretations=interpretations, calendar=calendar,
                        engine=engine, today=today, workers=workers)
    if record is None:
        return report
    entries = record.append_many([f.decision for f in report.findings], case,
                                 settings=report.settings, calendar=calendar,
                                 source="audit")
    findings = tuple(attrs.evolve(f, decision=attrs.evolve(f.decision, record_id=e.id))
                     for f, e in zip(report.findings, entries, strict=True))
    return attrs.evolve(report, findings=findings)
