"""kgrules: Quyết định 1507/QĐ-UBND (Kiên Giang IT Steering Committee rules) as executable rules.

>>> import kgrules
>>> case = kgrules.load_example()
>>> decision = kgrules.ask("dieu10.substitute_allowed", case,
...                        meeting="H2009-Q2", member="P09", substitute="S01")
>>> decision.outcome.value
'yes'
"""

from __future__ import annotations

from kgrules.audit_report import AuditReport
from kgrules.batch import ask_cases, ask_many
from kgrules.case import Case, load_case
from kgrules.decision import Decision, Outcome
from kgrules.errors import (
    ArgumentError,
    CalendarError,
    CaseError,
    EngineError,
    EngineUnavailableError,
    InputError,
    InterpretationError,
    KgrulesError,
    RuleError,
    UnknownQuestionError,
)
from kgrules.examples import load_example

# Importing kgrules.html registers the rich (Jupyter) displays of Decision, Case and Question.
from kgrules.html import explain_tree
from kgrules.interpretations import SWITCHES
from kgrules.library import ask, audit
from kgrules.readings import compare_readings
from kgrules.registry import question, questions
from kgrules.version import __version__

__all__ = [
    "SWITCHES",
    "ArgumentError",
    "AuditReport",
    "CalendarError",
    "Case",
    "CaseError",
    "Decision",
    "EngineError",
    "EngineUnavailableError",
    "InputError",
    "InterpretationError",
    "KgrulesError",
    "Outcome",
    "RuleError",
    "UnknownQuestionError",
    "__version__",
    "ask",
    "ask_cases",
    "ask_many",
    "audit",
    "compare_readings",
    "explain_tree",
    "load_case",
    "load_example",
    "question",
    "questions",
]
