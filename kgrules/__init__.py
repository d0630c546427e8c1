"""kgrules: Quyết định 1507/QĐ-UBND (Kiên Giang IT Steering Committee rules) as executable rules.

>>> import kgrules
>>> case = kgrules.load_example()
>>> decision = kgrules.ask("dieu10.substitute_allowed", case,
...                        meeting="H2009-Q2", member="P09", substitute="S01")
>>> decision.outcome.value
'yes'
"""

from __future__ import annotations

from kgrules.audit import AuditReport, audit
from kgrules.batch import ask_cases, ask_many
from kgrules.case import Case, load_case
from kgrules.catalogue import ask, question, questions
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
from kgrules.html import compare_readings, explain_tree
from kgrules.interpretations import SWITCHES

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
__version__ = "0.1.0"
