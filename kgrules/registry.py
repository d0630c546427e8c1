"""The question registry: the rule modules, listed here in the order of the regulation, and the
questions they declare, by id.

Each rule module of ``rules/`` (installed as ``kgrules.rules``) declares its questions in a
``QUESTIONS`` tuple, in the order of its text, and its clauses that cannot be computed as
:class:`~kgrules.dsl.NotComputable` values; it imports nothing from here, so the registry
depends on the rules and never the other way round. The modules are imported on first use, not
when ``kgrules`` is imported (a documented lazy load: building every question's rules costs more
than the rest of the package's import).

The latest declaration of an id is the one in force: :func:`register` replaces a question (a
notebook cell re-run, a test's variant), and so does a rule module re-imported with
``importlib.reload`` (its new ``QUESTIONS`` are seen at the next look-up), so stale rules are
never left in force (the engine keys its compiled rulesets by the declarations' digest).
"""

from __future__ import annotations

import importlib
import itertools
import operator
import sys
import threading
from types import ModuleType
from typing import Any, Final

from kgrules.dsl import DeclarationError, Question, not_computable_in
from kgrules.errors import UnknownQuestionError
from kgrules.i18n import Text

#: The rule modules: the articles in the order of the text, then the cross-cutting ones.
#: ``kgrules.rules.common`` holds shared declarations only. A new article is added here.
RULE_MODULES: Final = (
    "kgrules.rules.dieu2",
    "kgrules.rules.dieu3",
    "kgrules.rules.dieu4",
    "kgrules.rules.dieu5",
    "kgrules.rules.dieu6",
    "kgrules.rules.dieu7",
    "kgrules.rules.dieu8",
    "kgrules.rules.dieu9",
    "kgrules.rules.dieu10",
    "kgrules.rules.dieu11",
    "kgrules.rules.dieu12",
    "kgrules.rules.dieu13",
    "kgrules.rules.authority",
)

_REGISTRY: dict[str, Question] = {}
#: For each rule module, the ``QUESTIONS`` tuple last taken from it (a reload makes a new one).
_SEEN: dict[str, tuple[Question, ...]] = {}
_LOCK = threading.RLock()
#: Counts the changes of the registry (a module's new ``QUESTIONS``, a :func:`register`): what a
#: cache of answers across asks is keyed on, so that no answer outlives the rules that gave it.
_GENERATION = 0
#: The rule modules (``sys.modules``' entries), their namespaces and their ``QUESTIONS`` as they
#: were then, in the order of RULE_MODULES: what the fast path compares, by identity (one
#: tuple, replaced at once, so that a reader never sees parts of two snapshots).
_FAST: tuple[tuple[ModuleType, ...], tuple[dict[str, Any], ...],
             tuple[tuple[Question, ...], ...]] = ((), (), ())
#: ``dict.get``'s further arguments for each module, to ``map``: an endless repeat.
_QUESTIONS_ATTR: Final = itertools.repeat("QUESTIONS")
_NONE_DECLARED: Final = itertools.repeat(())
#: What the fast path reads for a rule module missing from ``sys.modules``: no module of the
#: snapshot's, so that the slow path imports the module again.
_ABSENT: Final = ModuleType("kgrules.registry._absent")
_ABSENT_MODULES: Final = itertools.repeat(_ABSENT)
#: Whether every question's dependencies were found in the registry since it last changed.
_CHECKED = False


def rule_modules() -> list[str]:
    return list(RULE_MODULES)


def _module(name: str) -> ModuleType:
    return sys.modules.get(name) or importlib.import_module(name)


def _refresh() -> None:
    """Take the declarations of every rule module whose ``QUESTIONS`` are new to the registry;
    check the dependencies whenever the registry changed (not on every look-up: every ``ask``
    looks its question up)."""
    global _CHECKED, _FAST, _GENERATION
    # The fast path of every ask: nothing new since the registry last changed. The same rule
    # modules in sys.modules (a module object has no ``==`` but identity), and each one's
    # QUESTIONS the very tuple taken (``is``: a reload makes equal but new questions), each in
    # one pass of C calls (a Python loop over the modules cost a twentieth of a question);
    # ``_FAST`` keeps the tuples alive. Read from each module's namespace: ``getattr`` with a
    # default raises and catches an AttributeError inside for every module that declares no
    # QUESTIONS (four of them).
    modules, namespaces, declared_then = _FAST
    if _CHECKED and tuple(map(sys.modules.get, RULE_MODULES, _ABSENT_MODULES)) == modules \
            and all(map(operator.is_, map(dict.get, namespaces, _QUESTIONS_ATTR, _NONE_DECLARED),
                        declared_then)):
        return
    with _LOCK:
        for name in RULE_MODULES:
            declared: tuple[Question, ...] = getattr(_module(name), "QUESTIONS", ())
            if _SEEN.get(name) is not declared:
                _SEEN[name] = declared
                _CHECKED = False
                _GENERATION += 1
                for q in declared:
                    _REGISTRY[q.id] = q
        if not _CHECKED:
            for q in _REGISTRY.values():
                unknown = [d for d in q.depends_on if d not in _REGISTRY]
                if unknown:
                    raise DeclarationError(f"{q.id}: depends on {unknown}, not in the registry")
        # Taken again also when nothing was new (a rule module imported anew that declares
        # nothing), so that the fast path holds again.
        modules = tuple(map(_module, RULE_MODULES))
        _FAST = (modules, tuple(m.__dict__ for m in modules),
                 tuple(_SEEN[name] for name in RULE_MODULES))
        _CHECKED = True


def register(question: Question) -> Question:
    """Put ``question`` in force under its id, replacing any earlier declaration."""
    global _CHECKED, _GENERATION
    _refresh()
    with _LOCK:
        _REGISTRY[question.id] = question
        _CHECKED = False
        _GENERATION += 1
    return question


def generation() -> int:
    """A number that changes whenever the questions in force change (see ``_GENERATION``)."""
    _refresh()
    return _GENERATION


def registered() -> tuple[Question, ...]:
    """The question objects in force now, cheaply (registration order): what a cache of
    anything derived from the catalogue (``kgrules.record.rules_version``) is keyed on."""
    _refresh()
    with _LOCK:
        return tuple(_REGISTRY.values())


def questions() -> list[Question]:
    """Every question in the order of the regulation: by rule module (the articles in order,
    then the cross-cutting ones), then in the order each module declares them."""
    _refresh()
    order = {name: n for n, name in enumerate(RULE_MODULES)}
    with _LOCK:
        listed = list(_REGISTRY.values())
    return sorted(listed, key=lambda q: order.get(q.module, len(order)))


def question_and_generation(question_id: str) -> tuple[Question, int]:
    """:func:`question` and :func:`generation` from one look at the rule modules: an ask that
    keeps its dependencies' answers needs both, and the look costs more than the rest of it."""
    found = question(question_id)
    return found, _GENERATION


def question(question_id: str) -> Question:
    _refresh()
    found = _REGISTRY.get(question_id)  # a dict read is atomic: the lock only to fail
    if found is not None:
        return found
    with _LOCK:
        try:
            return _REGISTRY[question_id]
        except KeyError:
            raise UnknownQuestionError(
                "question", f"no question {question_id!r}; see kgrules.questions()"
            ) from None


def listing() -> list[dict[str, Any]]:
    """The catalogue as JSON-ready data: what ``kgrules questions --json`` prints and the
    service's ``GET /v1/questions`` returns."""
    return [
        {
            "id": q.id,
            "starred": q.starred,
            "title": q.title.to_dict(),
            "clauses": list(q.clauses),
            "arguments": [{"name": a.name, "kind": a.kind, "help": a.help.to_dict()}
                          for a in q.arguments],
            "interpretations": list(q.switches),
        }
        for q in questions()
    ]


def audit_declarations() -> dict[str, Any]:
    """What a year's audit asks of each question (:class:`kgrules.obligations.Audited` or
    :class:`~kgrules.obligations.Lookup`), from each rule module's ``AUDIT`` mapping."""
    out: dict[str, Any] = {}
    for name in RULE_MODULES:
        out.update(getattr(_module(name), "AUDIT", {}))
    return out


def not_computable_reasons() -> dict[str, Text]:
    """Every clause a rule module declares cannot be computed, with its reason."""
    out: dict[str, Text] = {}
    for name in RULE_MODULES:
        out.update(not_computable_in(_module(name)))
    return out
