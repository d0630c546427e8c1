"""Rules as data.

A rule module in ``rules/`` declares, under each clause of its article, rules made of patterns
over flat facts (``FactType``). The declarations are plain data: :mod:`kgrules.engine` compiles
them to durable_rules, and :mod:`kgrules.oracle` evaluates the very same declarations in plain
Python. Two evaluators of one text make a differential oracle, and a lifeline if the engine
ever fails to build.

A rule concludes the *status* of one *condition* of its question (``holds``, ``fails``,
``unknown`` or ``not_applicable``). Every conclusion rule is gated on the ``evaluate`` fact,
asserted last, so that rules resting on absence (``no(...)``) are judged only once every fact
is in (closed world, judged last). Fallback rules conclude a condition only when no ordinary
rule did (the "otherwise" of legal drafting).

Values are restricted to what the engine compares correctly: ``int`` (dates as ordinals, money
in whole đồng), ``str`` (ids, enum values) and ``bool``. Types are checked when a rule is
declared and again when a fact is asserted, so the engine's string/number coercion can never
decide an answer.
"""

from __future__ import annotations

import enum
import hashlib
import inspect
import json
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from kgrules.case import KIND_CLASSES
from kgrules.i18n import Text
from kgrules.regulation import clauses as clause_index

if TYPE_CHECKING:
    from kgrules.scope import Scope, ScopeResult

Scalar = int | str | bool
Op = Literal["==", "!=", "<", "<=", ">", ">="]
ORDER_OPS: frozenset[str] = frozenset({"<", "<=", ">", ">="})
SCALAR_TYPES: tuple[type, ...] = (int, str, bool)
IMPLICIT_FIELDS: dict[str, type] = {"t": str, "k": str, "src": str}
EVALUATE = "evaluate"
#: durable_rules caps user properties per fact at 252, nested ones included.
MAX_FIELDS = 240
#: durable_rules compares strings over 64 KiB on ``len mod 65536`` bytes only; the case's
#: texts (at most 10,000 characters, so at most 40,000 UTF-8 bytes) always fit under this.
MAX_STRING_BYTES = 60_000


class Status(enum.StrEnum):
    HOLDS = "holds"
    FAILS = "fails"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


class DeclarationError(Exception):
    """A rule or question is declared wrongly (a programming error in ``rules/``)."""


@attrs.frozen
class NotComputable:
    """A clause with no checkable rule, and why: declared under its clause in a rule module (a
    value of the module, found by :func:`not_computable_in`), so coverage reports the reason."""

    clause: str
    reason: Text

    def __attrs_post_init__(self) -> None:
        if self.clause not in clause_index():
            raise DeclarationError(f"no clause {self.clause!r} in the canonical index")


def not_computable_in(module: ModuleType) -> dict[str, Text]:
    """The clauses a rule module declares cannot be computed, with their reasons."""
    return {v.clause: v.reason for v in vars(module).values() if isinstance(v, NotComputable)}


class Later:
    """The text of a derived field, computed when first read (issue 14): what a reason quotes
    from another question's answer (``power.why_vi``, may_act's reasons in prose) costs a
    rendering and a naming of every person, and most answers are never read. It stands for a
    ``str`` field no rule tests (:func:`kgrules.evaluation.keyed_facts` turns it into its text
    where a rule does); it formats, compares, hashes and pickles as that text. Computing it is
    a pure function of its inputs, so two threads reading at once get equal text (no lock)."""

    __slots__ = ("_compute", "_inputs", "_text")

    def __init__(self, compute: Callable[..., Any], inputs: Mapping[str, Any]) -> None:
        self._compute: Callable[..., Any] | None = compute
        self._inputs: Mapping[str, Any] | None = inputs
        self._text: str | None = None

    def __str__(self) -> str:
        text = self._text
        if text is None:
            compute, inputs = self._compute, self._inputs
            if compute is None or inputs is None:  # another thread finished meanwhile
                return str(self._text)
            text = compute(**inputs)
            if type(text) is not str:
                raise TypeError(f"a derived text is {type(text).__name__}, not str")
            self._text = text
            self._compute = self._inputs = None  # drop the inputs (another answer, its case)
        return text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        return str(self) == (str(other) if isinstance(other, Later) else other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return repr(str(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return str, (str(self),)


def settled(fact: Mapping[str, Any]) -> dict[str, Any]:
    """The fact with every :class:`Later` value computed: plain values, as JSON takes them."""
    return {k: str(v) if type(v) is Later else v for k, v in fact.items()}


@attrs.frozen
class FactType:
    """A flat fact: each field an int, str or bool, always present (never None)."""

    name: str
    fields: Mapping[str, type]
    #: The fields computed rather than copied from a record (a day's working status, a default,
    #: a clipped validity), each with the function that computes it: declared once on the fact
    #: type, so every question using it lists them and its digest covers them.
    derivations: tuple[Derivation, ...] = ()
    #: Every field a fact carries (declared and implicit) with its type: built once, read by
    #: :meth:`check` for every fact asserted.
    _spec: dict[str, type] = attrs.field(init=False, eq=False, repr=False)
    #: Each derivation by the field it fills, with its inputs' names: read by :meth:`derive`
    #: for every derived field of every fact a scope makes.
    _by_field: dict[str, tuple[Derivation, frozenset[str]]] = attrs.field(
        init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_spec", {**self.fields, **IMPLICIT_FIELDS})
        object.__setattr__(self, "_by_field", {d.name: (d, frozenset(d.inputs))
                                               for d in reversed(self.derivations)})
        for d in self.derivations:
            if d.name not in self.fields:
                raise DeclarationError(f"{self.name}: derivation {d.name!r} fills no field")
        if len({d.name for d in self.derivations}) != len(self.derivations):
            raise DeclarationError(f"{self.name}: a field is derived twice")
        for field, kind in self.fields.items():
            if kind not in SCALAR_TYPES:
                raise DeclarationError(f"{self.name}.{field}: type {kind} is not int, str or bool")
            if field in IMPLICIT_FIELDS or field in ("rid", "sid"):
                raise DeclarationError(f"{self.name}.{field}: reserved field name")
        if len(self.fields) + len(IMPLICIT_FIELDS) > MAX_FIELDS:
            raise DeclarationError(f"{self.name}: too many fields for the engine")

    def derive(self, name: str, **inputs: Any) -> Any:
        """The value of the declared derivation of field ``name``, from its declared inputs."""
        found = self._by_field.get(name)
        if found is None:
            raise DeclarationError(f"{self.name}.{name} is not a declared derivation")
        d, wanted = found
        if inputs.keys() != wanted:
            raise DeclarationError(f"{self.name}.{name} takes {list(d.inputs)}, given "
                                   f"{sorted(inputs)}")
        return d.compute(**inputs)

    def derive_later(self, name: str, **inputs: Any) -> Later:
        """The declared derivation of text field ``name``, computed when first read
        (:class:`Later`); for a field no rule tests, such as prose quoted in a reason."""
        for d in self.derivations:
            if d.name == name:
                if self.fields[name] is not str:
                    raise DeclarationError(f"{self.name}.{name} is not text: derived now")
                if len(inputs) != len(d.inputs) or inputs.keys() != set(d.inputs):
                    raise DeclarationError(f"{self.name}.{name} takes {list(d.inputs)}, given "
                                           f"{sorted(inputs)}")
                return Later(d.compute, inputs)
        raise DeclarationError(f"{self.name}.{name} is not a declared derivation")

    def field_type(self, field: str) -> type:
        if field in IMPLICIT_FIELDS:
            return IMPLICIT_FIELDS[field]
        try:
            return self.fields[field]
        except KeyError:
            raise DeclarationError(f"fact type {self.name} has no field {field!r}") from None

    def check(self, fact: Mapping[str, Any]) -> None:
        """Reject a fact whose shape or value types differ from the declaration."""
        spec = self._spec
        if fact.keys() != spec.keys():
            expected = set(spec)
            extra, lacking = set(fact) - expected, expected - set(fact)
            raise TypeError(f"{self.name} fact: unexpected {sorted(extra)}, lacking {sorted(lacking)}")
        for field, value in fact.items():
            kind = spec[field]
            if type(value) is Later and kind is str:  # text computed when read: no rule tests it
                continue
            if type(value) is not kind:  # bool is not int, "99" is not 99
                raise TypeError(f"{self.name}.{field}: {value!r} is not {kind.__name__}")
            # An ASCII string (ids, enum values) is its own UTF-8: only others need encoding.
            if isinstance(value, str) and (
                len(value) if value.isascii() else len(value.encode("utf-8"))
            ) > MAX_STRING_BYTES:
                raise TypeError(f"{self.name}.{field}: string longer than {MAX_STRING_BYTES} bytes")


@attrs.frozen
class Ref:
    """The value of a field of an earlier binding, e.g. ``e.meeting_day``."""

    binding: str
    field: str


@attrs.frozen
class Test:
    binding: str
    field: str
    op: Op
    value: Scalar | Ref
    #: The fact type of ``binding``, so a test alone introduces its binding.
    fact: str = ""


class FieldRef:
    """``var.field``: comparing it with a value or another field yields a :class:`Test`."""

    __slots__ = ("binding", "fact", "field", "kind")

    def __init__(self, binding: str, field: str, kind: type, fact: str) -> None:
        self.binding = binding
        self.field = field
        self.kind = kind
        self.fact = fact

    def _test(self, op: Op, other: object) -> Test:
        if isinstance(other, FieldRef):
            if other.kind is not self.kind:
                raise DeclarationError(
                    f"{self.binding}.{self.field} ({self.kind.__name__}) compared with "
                    f"{other.binding}.{other.field} ({other.kind.__name__})"
                )
            value: Scalar | Ref = Ref(other.binding, other.field)
        elif type(other) is self.kind:
            value = other  # type: ignore[assignment]
        else:
            raise DeclarationError(
                f"{self.binding}.{self.field} ({self.kind.__name__}) compared with {other!r}"
            )
        if op in ORDER_OPS and self.kind is not int:
            raise DeclarationError(f"{self.binding}.{self.field}: order comparison on non-int")
        return Test(self.binding, self.field, op, value, self.fact)

    def __eq__(self, other: object) -> Test:  # type: ignore[override]
        return self._test("==", other)

    def __ne__(self, other: object) -> Test:  # type: ignore[override]
        return self._test("!=", other)

    def __lt__(self, other: object) -> Test:
        return self._test("<", other)

    def __le__(self, other: object) -> Test:
        return self._test("<=", other)

    def __gt__(self, other: object) -> Test:
        return self._test(">", other)

    def __ge__(self, other: object) -> Test:
        return self._test(">=", other)

    __hash__ = None  # type: ignore[assignment]


class Var:
    """A binding of a fact type inside a rule: ``c = Var("c", CONSENT)``; ``c.day <= e.day``."""

    def __init__(self, name: str, fact_type: FactType) -> None:
        if not name.isidentifier() or name.startswith("_"):
            raise DeclarationError(f"bad binding name {name!r}")
        self._name = name
        self._type = fact_type

    @property
    def name_(self) -> str:
        return self._name

    @property
    def type_(self) -> FactType:
        return self._type

    def __getattr__(self, field: str) -> FieldRef:
        if field.startswith("_"):
            raise AttributeError(field)
        return FieldRef(self._name, field, self._type.field_type(field), self._type.name)


@attrs.frozen
class Absent:
    """``no(var, *tests)``: no fact of ``var``'s type passes the tests."""

    var: Var
    tests: tuple[Test, ...]


def no(var: Var, *tests: Test) -> Absent:
    return Absent(var, tests)


@attrs.frozen
class Pattern:
    binding: str
    type: str
    tests: tuple[Test, ...]
    negated: bool = False


@attrs.frozen
class Missing:
    """A fact whose absence left a condition unknown, and what recording it would change."""

    fact: str
    need: Text
    effect: Text


@attrs.frozen
class Rule:
    id: str
    condition: str
    status: Status
    clauses: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    because: Text
    missing: tuple[Missing, ...] = ()
    warning: Text | None = None
    fallback: bool = False

    @property
    def interpretations(self) -> tuple[tuple[str, str], ...]:
        """The interpretation readings this rule is gated on (tests of ``e.i_*`` fields)."""
        out = []
        for pattern in self.patterns:
            for test in pattern.tests:
                if test.binding == "e" and test.field.startswith("i_") and test.op == "==":
                    out.append((test.field[2:], str(test.value)))
        return tuple(out)

    @property
    def switches(self) -> tuple[str, ...]:
        return tuple(
            sorted(
                {
                    t.field[2:]
                    for p in self.patterns
                    for t in p.tests
                    if t.binding == "e" and t.field.startswith("i_")
                }
            )
        )


@attrs.frozen
class Condition:
    name: str
    label: Text


#: What an argument refers to: a record of the case by id (the key is its kind's singular), or
#: a value: a quarter ("2024-Q3"), a year ("2024"), a date ("2024-03-26"), an act (an
#: ``kgrules.facts.Act`` value), an action kind (``ActionKind``), or free text.
ArgKind = Literal[
    "person", "meeting", "report", "consultation", "agency", "office", "document", "transaction",
    "action", "assignment", "helper_appointment", "nomination", "estimate", "expenditure",
    "settlement", "amendment", "quarter", "year", "date", "act", "action_kind", "text",
]
RECORD_ARGS: dict[str, str] = {
    "person": "people", "meeting": "meetings", "report": "reports",
    "consultation": "consultations", "agency": "agencies", "office": "offices",
    "document": "documents", "transaction": "transactions", "action": "actions",
    "assignment": "assignments", "helper_appointment": "helper_appointments",
    "nomination": "nominations", "estimate": "estimates", "expenditure": "expenditures",
    "settlement": "settlements", "amendment": "amendments",
}


@attrs.frozen
class Arg:
    """A question's argument: ``kind`` says what it refers to in the case."""

    name: str
    kind: ArgKind
    help: Text


F = TypeVar("F", bound=Callable[..., Any])


@attrs.frozen
class Derivation:
    """A value a rule needs that is computed rather than given (a window, a deadline, a running
    total, a class of content): declared on its question with the ``evaluate`` field it fills,
    the clauses it reads, its named inputs and the function that computes it, so that a reader
    checking a clause sees it beside the rules, and the question's digest covers it."""

    name: str
    clauses: tuple[str, ...]
    inputs: tuple[str, ...]
    description: Text
    compute: Callable[..., Any] = attrs.field(eq=False, repr=False)
    #: ``inputs`` as a set: a derivation is computed on every ask, and checking the names it
    #: is given is then one comparison (``inputs`` are unique, checked when declared).
    input_names: frozenset[str] = attrs.field(init=False, eq=False, repr=False)

    @input_names.default
    def _input_names(self) -> frozenset[str]:
        return frozenset(self.inputs)

    def __attrs_post_init__(self) -> None:
        """Refused when declared unless ``compute`` takes exactly ``inputs``, each required
        and by name (no default, no ``*args``/``**kwargs``, none positional-only): Python's
        own call then refuses any other names, so :meth:`kgrules.scope.Scope.derive` checks
        the names given only when a call fails, not on every ask."""
        try:
            params = inspect.signature(self.compute).parameters.values()
        except (TypeError, ValueError) as exc:
            raise DeclarationError(f"derivation {self.name!r}: no signature to check") from exc
        by_name = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        if (sorted(p.name for p in params) != sorted(self.inputs)
                or len(set(self.inputs)) != len(self.inputs)
                or any(p.kind not in by_name or p.default is not p.empty for p in params)):
            raise DeclarationError(
                f"derivation {self.name!r} declares inputs {list(self.inputs)}: its function "
                f"must take exactly those, each required and by name, not {list(params)}")

    def code_digest(self) -> str:
        """A digest of the computing function's source (of its bytecode where there is no
        source): a changed computation is a changed question."""
        try:
            code = textwrap.dedent(inspect.getsource(self.compute)).encode()
        except (OSError, TypeError):
            code = repr((self.compute.__code__.co_code, self.compute.__code__.co_consts)).encode()
        return hashlib.sha256(code).hexdigest()[:16]

    def to_data(self) -> dict[str, Any]:
        return {"name": self.name, "clauses": list(self.clauses), "inputs": list(self.inputs),
                "code": self.code_digest()}


def derivation(
    name: str, *, clauses: Sequence[str], inputs: Sequence[str], description: Text
) -> Callable[[Callable[..., Any]], Derivation]:
    """Declare the function below as the computation of a fact type's field ``name`` (for
    ``FactType(..., derivations=...)``); refused if a clause is unknown or the inputs are not
    its parameters."""
    unknown = [c for c in clauses if c not in clause_index()]
    if unknown or not clauses:
        raise DeclarationError(f"derivation {name!r} cites {unknown or 'no clause'}")

    def declare(fn: Callable[..., Any]) -> Derivation:
        params = list(inspect.signature(fn).parameters)
        if sorted(params) != sorted(inputs):
            raise DeclarationError(f"derivation {name!r} declares inputs {list(inputs)} but "
                                   f"computes from {params}")
        return Derivation(name, tuple(clauses), tuple(inputs), description, fn)

    return declare


@attrs.frozen
class Question:
    id: str
    title: Text
    clauses: tuple[str, ...]
    arguments: tuple[Arg, ...]
    conditions: tuple[Condition, ...]
    evaluate: FactType
    facts: tuple[FactType, ...]
    rules: tuple[Rule, ...]
    scope: Callable[[Scope], ScopeResult] = attrs.field(eq=False, repr=False)
    switches: tuple[str, ...] = ()
    starred: bool = False
    module: str = ""
    #: The other questions whose answers this one's scope uses (asked under the same readings,
    #: calendar and evaluator): declared, so that the registry checks they exist and a reader
    #: sees them, never a hidden call of ``ask``.
    depends_on: tuple[str, ...] = ()
    #: The values its scope computes for the rules, declared (see :class:`Derivation`).
    derivations: tuple[Derivation, ...] = ()
    #: The ``evaluate`` fields its scope copies from the case rather than computes, each with
    #: where it reads it (see :func:`read_source`).
    reads: tuple[tuple[str, str], ...] = ()

    @property
    def fact_types(self) -> dict[str, FactType]:
        return {ft.name: ft for ft in (self.evaluate, *self.facts)}

    @property
    def all_derivations(self) -> tuple[tuple[str, Derivation], ...]:
        """Every declared derivation with the field it fills: ``in_force`` for the evaluate
        fact's, ``meeting.working_day`` for a fact type's."""
        return (*((d.name, d) for d in self.derivations),
                *((f"{ft.name}.{d.name}", d) for ft in self.facts for d in ft.derivations))

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    @property
    def digest(self) -> str:
        """A content hash of the declarations: a changed rule is a new ruleset, never stale."""
        return hashlib.sha256(
            json.dumps(question_data(self), sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()[:16]


def question_data(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "facts": {ft.name: {f: t.__name__ for f, t in ft.fields.items()} for ft in q.fact_types.values()},
        "rules": [attrs.asdict(r, recurse=True) for r in q.rules],
        "switches": list(q.switches),
        "depends_on": list(q.depends_on),
        "derivations": [d.to_data() for d in q.derivations],
        "fact_derivations": {ft.name: [d.to_data() for d in ft.derivations]
                             for ft in q.facts if ft.derivations},
        "reads": [list(r) for r in q.reads],
    }


#: Where a read ``evaluate`` field comes from: ``arguments.<arg>`` (the argument, or its day as
#: an ordinal), ``complete.<kind>[,<kind>…]`` (the case declares every such kind complete),
#: ``interpretation.<switch>`` (the reading chosen), or ``<kind>.<field>`` (that field of the
#: record of ``<kind>`` an argument names, in the flat conventions of :mod:`kgrules.scope`: a
#: date as its ordinal, an enum as its value, nothing as the field's zero), with ``:recorded``
#: for whether that field is recorded at all.
READ_PREFIXES = ("arguments", "complete", "interpretation")


def read_source(source: str) -> tuple[str, str, bool]:
    """``(kind, field, recorded)`` of a read's source (see :data:`READ_PREFIXES`)."""
    head, _, rest = source.partition(".")
    field, _, flag = rest.partition(":")
    if not head or not field or flag not in ("", "recorded"):
        raise DeclarationError(f"bad read source {source!r}: <kind>.<field>[:recorded]")
    return head, field, flag == "recorded"


class QuestionBuilder:
    """Collects a question's rules in the order they are declared under the clauses."""

    def __init__(
        self,
        id: str,
        *,
        title: Text,
        clauses: Sequence[str],
        arguments: Sequence[Arg],
        conditions: Sequence[Condition],
        evaluate: Mapping[str, type],
        facts: Sequence[FactType],
        switches: Sequence[str] = (),
        starred: bool = False,
        module: str = "",
        depends_on: Sequence[str] = (),
        reads: Mapping[str, str] | None = None,
    ) -> None:
        self.id = id
        self._title = title
        self._clauses = tuple(clauses)
        self._arguments = tuple(arguments)
        self._conditions = tuple(conditions)
        self._facts = tuple(facts)
        self._switches = tuple(switches)
        self._depends_on = tuple(depends_on)
        self._derivations: list[Derivation] = []
        self._reads = dict(reads or {})
        if id in self._depends_on:
            raise DeclarationError(f"{id}: a question cannot depend on itself")
        fields = dict(evaluate)
        for switch in switches:
            fields[f"i_{switch}"] = str
        self.evaluate = FactType(EVALUATE, fields)
        self.e = Var("e", self.evaluate)
        self._rules: list[Rule] = []
        self._starred = starred
        self._module = module
        self._scope: Callable[[Scope], ScopeResult] | None = None

    def var(self, name: str, fact_type: FactType) -> Var:
        if fact_type not in self._facts:
            raise DeclarationError(f"{self.id}: fact type {fact_type.name} not declared")
        return Var(name, fact_type)

    def rule(
        self,
        rule_id: str,
        *,
        condition: str,
        status: Status,
        clauses: Sequence[str],
        when: Iterable[Test | Absent | Var],
        because: Text,
        missing: Sequence[Missing] = (),
        warning: Text | None = None,
        fallback: bool = False,
    ) -> Rule:
        if condition not in {c.name for c in self._conditions}:
            raise DeclarationError(f"{rule_id}: unknown condition {condition!r}")
        unknown = [c for c in clauses if c not in clause_index()]
        if unknown or not clauses:
            raise DeclarationError(f"{rule_id}: clause ids {unknown} not in the canonical index")
        full_id = f"{self.id}/{rule_id}"
        if any(r.id == full_id for r in self._rules):
            raise DeclarationError(f"duplicate rule id {full_id}")
        patterns = _patterns(self.e, list(when))
        self._check_fields(rule_id, patterns)
        rule = Rule(
            full_id, condition, status, tuple(clauses), patterns, because,
            tuple(missing), warning, fallback,
        )
        _check_template(rule, patterns)
        self._rules.append(rule)
        return rule

    def _check_fields(self, rule_id: str, patterns: Sequence[Pattern]) -> None:
        """Every field a rule tests is a field of this question's own facts: a binding left over
        from another question's declaration (its ``e``, its variables) is refused here, not
        discovered when an answer comes out wrong."""
        types = {ft.name: ft for ft in (self.evaluate, *self._facts)}
        bound = {p.binding: p.type for p in patterns}
        for p in patterns:
            if p.type not in types:
                raise DeclarationError(f"{self.id}/{rule_id}: fact type {p.type} is not declared "
                                       "for this question")
            for t in p.tests:
                checks = [(p.binding, p.type, t.field)]
                if isinstance(t.value, Ref):
                    checks.append((t.value.binding, bound.get(t.value.binding, ""), t.value.field))
                for binding, kind, field in checks:
                    known = types.get(kind)
                    if known is None or (field not in known.fields and field not in IMPLICIT_FIELDS):
                        raise DeclarationError(
                            f"{self.id}/{rule_id}: {binding}.{field} is not a field of this "
                            f"question's {kind or binding} facts (another question's binding?)")

    def derive(
        self, name: str, *, clauses: Sequence[str], inputs: Sequence[str], description: Text
    ) -> Callable[[F], F]:
        """Declare the function below as the computation of ``evaluate`` field ``name`` from
        ``inputs`` (its keyword parameters), under ``clauses``; the scope calls it through
        ``scope.derive(name, **inputs)``. Refused here if it cannot be right: an unknown field,
        an unknown clause, a second computation of one field, inputs that are not its
        parameters."""
        if name not in self.evaluate.fields:
            raise DeclarationError(f"{self.id}: derivation {name!r} fills no evaluate field")
        if any(d.name == name for d in self._derivations):
            raise DeclarationError(f"{self.id}: {name!r} is derived twice")
        unknown = [c for c in clauses if c not in clause_index()]
        if unknown or not clauses:
            raise DeclarationError(f"{self.id}: derivation {name!r} cites {unknown or 'no clause'}")

        def declare(fn: F) -> F:
            params = [p for p in inspect.signature(fn).parameters]
            if sorted(params) != sorted(inputs):
                raise DeclarationError(f"{self.id}: derivation {name!r} declares inputs "
                                       f"{list(inputs)} but computes from {params}")
            self._derivations.append(
                Derivation(name, tuple(clauses), tuple(inputs), description, fn))
            return fn

        return declare

    def scope(self, fn: Callable[[Scope], ScopeResult]) -> Callable[[Scope], ScopeResult]:
        self._scope = fn
        return fn

    def build(self) -> Question:
        if self._scope is None:
            raise DeclarationError(f"{self.id}: no scope function")
        concluded = {r.condition for r in self._rules}
        lacking = [c.name for c in self._conditions if c.name not in concluded]
        if lacking:
            raise DeclarationError(f"{self.id}: no rule concludes {lacking}")
        self._check_provenance()
        return Question(
            self.id, self._title, self._clauses, self._arguments, self._conditions,
            self.evaluate, self._facts, tuple(self._rules), self._scope, self._switches,
            self._starred, self._module, self._depends_on, tuple(self._derivations),
            tuple(sorted(self._reads.items())),
        )

    def _check_provenance(self) -> None:
        """Every ``evaluate`` field is an argument, a reading (``i_<switch>``), a declared
        derivation or a declared read of the case, and exactly one of them: a value the scope
        computes without declaring it is refused here, so that the law it applies is never
        out of the reader's and the digest's sight."""
        arguments = {a.name for a in self._arguments}
        derived = {d.name for d in self._derivations}
        switches = {f"i_{s}" for s in self._switches}
        for field, source in self._reads.items():
            if field not in self.evaluate.fields:
                raise DeclarationError(f"{self.id}: read {field!r} fills no evaluate field")
            if field in arguments or field in derived or field in switches:
                raise DeclarationError(f"{self.id}: {field!r} is read and also an argument, "
                                       "a reading or a derivation")
            kind, name, _ = read_source(source)
            if kind == "arguments" and name not in arguments:
                raise DeclarationError(f"{self.id}: read {field!r} names no argument ({source})")
            if kind == "interpretation" and name not in self._switches:
                # An answer lists the switches its rules relied on from the question's own:
                # a reading read from any other could decide unlisted.
                raise DeclarationError(f"{self.id}: read {field!r} reads the switch {name!r}, "
                                       f"not one of the question's {list(self._switches)}")
            if kind == "complete" and not set(name.split(",")) <= set(KIND_CLASSES):
                raise DeclarationError(f"{self.id}: read {field!r} names no kind of record "
                                       f"({source})")
            if kind not in READ_PREFIXES:
                record = KIND_CLASSES.get(kind) if kind in RECORD_ARGS.values() else None
                if record is None:
                    raise DeclarationError(f"{self.id}: read {field!r} names no kind of record "
                                           f"({source})")
                if name not in attrs.fields_dict(record):
                    raise DeclarationError(f"{self.id}: read {field!r}: {kind} have no field "
                                           f"{name!r}")
        unclassified = sorted(set(self.evaluate.fields) - arguments - derived - switches
                              - set(self._reads))
        if unclassified:
            raise DeclarationError(
                f"{self.id}: evaluate fields {unclassified} are neither arguments, readings, "
                "declared derivations (@question.derive) nor declared reads (reads={...})")


def _patterns(e: Var, items: list[Test | Absent | Var]) -> tuple[Pattern, ...]:
    """Group tests by binding: ``e`` first, then bindings in order of first mention."""
    order: list[str] = ["e"]
    types: dict[str, str] = {"e": e.type_.name}
    tests: dict[str, list[Test]] = {"e": []}
    negated: dict[str, bool] = {"e": False}

    def add_binding(name: str, fact: str, neg: bool) -> None:
        if name in types:
            if types[name] != fact or negated[name] != neg:
                raise DeclarationError(f"binding {name!r} used inconsistently")
            return
        order.append(name)
        types[name] = fact
        tests[name] = []
        negated[name] = neg

    for item in items:
        if isinstance(item, Var):
            add_binding(item.name_, item.type_.name, False)
        elif isinstance(item, Absent):
            add_binding(item.var.name_, item.var.type_.name, True)
            for t in item.tests:
                if t.binding != item.var.name_:
                    raise DeclarationError(f"no({item.var.name_}): test on {t.binding}")
                tests[t.binding].append(t)
        else:
            add_binding(item.binding, item.fact, False)
            tests[item.binding].append(item)
    # A reference must point to the evaluate fact or to an earlier, positive binding.
    for pos, name in enumerate(order):
        for t in tests[name]:
            if isinstance(t.value, Ref):
                target = t.value.binding
                if target not in order[:pos] or negated[target]:
                    raise DeclarationError(f"{name}.{t.field} refers to {target} out of order")
    return tuple(Pattern(name, types[name], tuple(tests[name]), negated[name]) for name in order)


def _check_template(rule: Rule, patterns: tuple[Pattern, ...]) -> None:
    """Explanations may only name positive bindings' fields: fail at import, not at answer time."""
    import string

    bound = {p.binding for p in patterns if not p.negated}
    for text in (rule.because, rule.warning):
        if text is None:
            continue
        for template in (text.vi, text.en):
            for _, name, _, _ in string.Formatter().parse(template):
                if name is None:
                    continue
                head = name.split(".")[0].split("[")[0]
                if head not in bound:
                    raise DeclarationError(f"{rule.id}: template names {name!r}")


def compare(left: FieldRef, op: Op, right: object) -> Test:
    """``compare(c.day, "<=", e.meeting_day)``: for rules generated once per reading."""
    return left._test(op, right)
