"""A second evaluator of the same declarations, in plain Python, independent of the engine.

It shares with the durable_rules adapter only the neutral evaluation layer (``kgrules.evaluation``:
the conclusion it returns and the keys of the facts), never its compilation or durable_rules.

It reads the rules of ``rules/`` as data and matches them by nested loops: the differential
oracle for the engine (an integration bug in ordering, isolation, deduplication or coercion
shows up as a disagreement), and a lifeline on a Python where durable_rules does not build.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from kgrules.dsl import Pattern, Question, Ref, Test
from kgrules.evaluation import Conclusion, keyed_facts, one_by_one

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class OracleEngine:
    """Evaluates questions by direct matching: slow in theory, fast on the small scopes we use."""

    name = "oracle"

    def evaluate(
        self, question: Question, facts: Sequence[Mapping[str, Any]], evaluate: Mapping[str, Any]
    ) -> list[Conclusion]:
        keyed, ev = keyed_facts(question, facts, evaluate)
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for fact in keyed:
            by_type[fact["t"]].append(fact)
        by_type["evaluate"] = [ev]
        out: dict[tuple[str, tuple[str, ...]], Conclusion] = {}
        for rule in question.rules:
            for bindings in _match(rule.patterns, by_type, {}):
                c = Conclusion(rule.id, bindings)
                out.setdefault(c.key, c)
        return sorted(out.values(), key=lambda c: c.key)

    def evaluate_many(
        self, question: Question,
        requests: Sequence[tuple[Sequence[Mapping[str, Any]], Mapping[str, Any]]],
    ) -> list[list[Conclusion] | Exception]:
        """:meth:`evaluate` of each request, or the exception it raised, in its place (the
        durable_rules adapter's batched form, here the plain loop)."""
        return one_by_one(self, question, requests)


def _passes(fact: Mapping[str, Any], tests: Sequence[Test], bound: Mapping[str, Any]) -> bool:
    for t in tests:
        other = bound[t.value.binding][t.value.field] if isinstance(t.value, Ref) else t.value
        if not _OPS[t.op](fact[t.field], other):
            return False
    return True


def _match(
    patterns: Sequence[Pattern],
    by_type: Mapping[str, list[dict[str, Any]]],
    bound: dict[str, dict[str, Any]],
) -> Iterator[dict[str, dict[str, Any]]]:
    if not patterns:
        yield dict(bound)
        return
    head, rest = patterns[0], patterns[1:]
    candidates = [f for f in by_type.get(head.type, ()) if _passes(f, head.tests, bound)]
    if head.negated:
        if not candidates:
            yield from _match(rest, by_type, bound)
        return
    for fact in candidates:
        bound[head.binding] = fact
        yield from _match(rest, by_type, bound)
        del bound[head.binding]
