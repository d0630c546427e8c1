"""The engine adapter: each measured hazard of durable_rules 2.0.28 has a test that fails
without its handling (docs/engine.md). Raw-engine demonstrations run in a subprocess, so a
crash of the C extension is a failed assertion, never a dead test run."""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
import threading
from typing import Any

import pytest

from kgrules.dsl import (
    Arg,
    Condition,
    DeclarationError,
    FactType,
    Missing,
    QuestionBuilder,
    Status,
    Var,
    no,
)
from kgrules.engine import DurableEngine, compile_question
from kgrules.errors import EngineError, RuleError
from kgrules.i18n import Text
from kgrules.oracle import OracleEngine
from kgrules.scope import ScopeResult

ITEM = FactType("item", {"owner": str, "value": int})
GRANT = FactType("grant", {"owner": str})


def make_question(qid: str = "test.toy", *, threshold: int = 10) -> Any:
    """A toy question with a join rule and an absence rule, like the consent rules of Điều 10."""
    b = QuestionBuilder(
        qid,
        title=Text("thử", "toy"),
        clauses=("dieu-10/doan-5",),
        arguments=(Arg("owner", "text", Text("chủ", "owner")),),
        conditions=(Condition("ok", Text("được", "ok")),),
        evaluate={"owner": str},
        facts=(ITEM, GRANT),
    )
    e, i, g = b.e, b.var("i", ITEM), b.var("g", GRANT)
    b.rule("granted", condition="ok", status=Status.HOLDS, clauses=["dieu-10/doan-5"],
           when=[g.owner == e.owner, i.owner == e.owner, i.value >= threshold],
           because=Text("{i.value}", "{i.value}"))
    b.rule("no-grant", condition="ok", status=Status.FAILS, clauses=["dieu-10/doan-5"],
           when=[no(Var("ng", GRANT), Var("ng", GRANT).owner == e.owner)],
           because=Text("không", "none"))
    b.rule("fallback", condition="ok", status=Status.UNKNOWN, clauses=["dieu-10/doan-5"],
           when=[e.owner != ""], fallback=True, because=Text("?", "?"),
           missing=(Missing("item", Text("x", "x"), Text("y", "y")),))
    b.scope(lambda s: ScopeResult({"owner": "o"}))
    return b.build()


def item(owner: str, value: int) -> dict[str, Any]:
    return {"t": "item", "src": "items", "owner": owner, "value": value}


def grant(owner: str) -> dict[str, Any]:
    return {"t": "grant", "src": "grants", "owner": owner}


def fired(conclusions: list[Any]) -> list[str]:
    """The rules that decide: the fallback counts only when no ordinary rule fired."""
    names = sorted(c.rule.split("/")[-1] for c in conclusions)
    primary = [n for n in names if n != "fallback"]
    return primary or names


def run_raw(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
        timeout=120,
    )


def test_absence_rule_is_order_independent() -> None:
    """[grant, item] and [item, grant] give one and the same answer (the evaluate gate)."""
    q, engine = make_question(), DurableEngine()
    facts = [item("o", 12), grant("o")]
    a = engine.evaluate(q, facts, {"owner": "o", "src": "q"})
    b = engine.evaluate(q, list(reversed(facts)), {"owner": "o", "src": "q"})
    assert fired(a) == fired(b) == ["granted"]


def test_evaluate_last_in_one_batch_is_order_independent() -> None:
    """The evaluate fact goes to the engine in the facts' own batch, after them: every order of
    the facts (grants, items of both owners, an item below the threshold) gives the conclusions
    the oracle gives, and the absence rule fires exactly when no grant of the owner is there."""
    q, engine, oracle = make_question(), DurableEngine(), OracleEngine()
    pool = [item("o", 12), grant("o"), item("o", 3), grant("p"), item("p", 20)]
    seen: dict[bool, set[tuple[str, ...]]] = {True: set(), False: set()}
    for order in itertools.permutations(pool):
        for facts in (list(order), [f for f in order if f != grant("o")]):
            got = engine.evaluate(q, facts, {"owner": "o", "src": "q"})
            want = oracle.evaluate(q, facts, {"owner": "o", "src": "q"})
            assert [c.key for c in got] == [c.key for c in want]
            seen[grant("o") in facts].add(tuple(fired(got)))
    assert seen == {True: {("granted",)}, False: {("no-grant",)}}


def test_raw_engine_without_gate_is_order_dependent() -> None:
    """The hazard itself: without the evaluate gate the absence rule fires for one order."""
    out = run_raw("""
        import durable.engine as E
        hits = []
        class H(E.Host):
            def _run(self): pass
            def get_action(self, n):
                def f(c): hits.append(n)
                return f
        h = H()
        h.register_rulesets({'r': {
            'deny': {'all': [{'s': {'t': 'sub'}}, {'m$not': {'t': 'consent'}}], 'run': 'deny'},
            'allow': {'all': [{'s': {'t': 'sub'}}, {'c': {'t': 'consent'}}], 'run': 'allow'}}})
        h.assert_fact('r', {'sid': 'a', 't': 'sub', 'k': 1})
        h.assert_fact('r', {'sid': 'a', 't': 'consent', 'k': 2})
        print(sorted(hits))
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['allow', 'deny']"


def test_identical_facts_are_two_facts() -> None:
    """Two records identical in every field are two records (a unique key per fact)."""
    q = make_question()
    conclusions = DurableEngine().evaluate(q, [item("o", 12), item("o", 12), grant("o")],
                                           {"owner": "o", "src": "q"})
    assert fired(conclusions) == ["granted", "granted"]


def test_raw_engine_rejects_identical_facts() -> None:
    out = run_raw("""
        import durable.engine as E
        class H(E.Host):
            def _run(self): pass
            def get_action(self, n):
                return lambda c: None
        h = H()
        h.register_rulesets({'r': {'x': {'all': [{'a': {'t': 'item'}}], 'run': 'x'}}})
        h.assert_fact('r', {'sid': 'a', 't': 'item', 'v': 1})
        try:
            h.assert_fact('r', {'sid': 'a', 't': 'item', 'v': 1})
        except E.MessageObservedException:
            print('observed')
    """)
    assert out.stdout.strip() == "observed", out.stderr


def test_string_number_coercion_is_refused_before_the_engine() -> None:
    """'99' for an int field never reaches the engine, where '99' > 100 would be true."""
    q = make_question()
    with pytest.raises(EngineError, match="value"):
        DurableEngine().evaluate(q, [{**item("o", 1), "value": "99"}, grant("o")],
                                 {"owner": "o", "src": "q"})
    with pytest.raises(EngineError):
        DurableEngine().evaluate(q, [{**item("o", 1), "value": True}], {"owner": "o", "src": "q"})
    with pytest.raises(DeclarationError):
        Var("i", ITEM).value == "10"  # noqa: B015


def test_raw_engine_compares_mixed_types_as_strings() -> None:
    out = run_raw("""
        import durable.engine as E
        hits = []
        class H(E.Host):
            def _run(self): pass
            def get_action(self, n):
                def f(c): hits.append(n)
                return f
        h = H()
        h.register_rulesets({'r': {'x': {'all': [{'a': {'$gt': {'v': 100}}}], 'run': 'x'}}})
        h.assert_fact('r', {'sid': 'a', 'v': '99'})
        print(hits)
    """)
    assert out.stdout.strip() == "['x']", out.stderr


def test_more_than_1024_evaluations_in_one_process() -> None:
    """The 1,024-live-state cap: states are deleted, so 3,000 evaluations run (and agree)."""
    q, engine = make_question(), DurableEngine()
    for n in range(3000):
        facts = [item("o", n % 20), grant("o")] if n % 3 else [item("o", n % 20)]
        got = fired(engine.evaluate(q, facts, {"owner": "o", "src": "q"}))
        want = (["granted"] if n % 20 >= 10 else ["fallback"]) if n % 3 else ["no-grant"]
        assert got == want, n
    assert engine.evaluations == 3000


def test_raw_engine_caps_live_states() -> None:
    out = run_raw("""
        import durable.engine as E
        class H(E.Host):
            def _run(self): pass
            def get_action(self, n):
                return lambda c: None
        h = H()
        h.register_rulesets({'r': {'x': {'all': [{'a': {'t': 'item'}}], 'run': 'x'}}})
        try:
            for n in range(1100):
                h.assert_fact('r', {'sid': str(n), 't': 'item'})
        except MemoryError:
            print('capped at', n)
    """)
    assert out.stdout.strip() == "capped at 1024", out.stderr


def test_colliding_state_ids_never_share_a_state() -> None:
    """'case-478212' and 'case-1221200' share a 32-bit hash: a live state under one must not
    leak into an evaluation under the other (the adapter checks the slot is free)."""
    q = make_question()
    sids = iter(["case-1221200", "fresh-sid-1", "fresh-sid-2"])
    engine = DurableEngine(sid_factory=lambda: next(sids))
    # the whole ruleset, registered (a gated question's is registered only when needed)
    name = engine._whole(engine._ruleset(q)).name
    # a stray live state holding a grant for "o" under the colliding id
    engine._host.assert_fact(name, {"sid": "case-478212", "t": "grant", "k": "x", "src": "x",
                                    "owner": "o"})
    got = engine.evaluate(q, [item("o", 12)], {"owner": "o", "src": "q"})
    assert fired(got) == ["no-grant"]


def test_raw_engine_colliding_sids_share_state() -> None:
    out = run_raw("""
        import durable.engine as E
        hits = []
        class H(E.Host):
            def _run(self): pass
            def get_action(self, n):
                def f(c): hits.append(c.s.sid)
                return f
        h = H()
        h.register_rulesets({'r': {'x': {'all': [{'a': {'t': 'a'}}, {'b': {'t': 'b'}}],
                                         'run': 'x'}}})
        h.assert_fact('r', {'sid': 'case-478212', 't': 'a'})
        h.assert_fact('r', {'sid': 'case-1221200', 't': 'b'})
        print(len(hits))
    """)
    assert out.stdout.strip() == "1", out.stderr


def test_no_timer_threads() -> None:
    """The default Host starts timer threads that run actions and crash under threads."""
    before = {t.ident for t in threading.enumerate()}
    engine = DurableEngine()
    engine.evaluate(make_question(), [item("o", 1)], {"owner": "o", "src": "q"})
    new = [t for t in threading.enumerate() if t.ident not in before]
    assert new == []


def test_raw_default_host_starts_timer_threads() -> None:
    out = run_raw("""
        import threading, durable.engine as E
        n = threading.active_count()
        E.Host()
        print(threading.active_count() > n)
    """)
    assert out.stdout.strip() == "True", out.stderr


def test_exception_in_action_reaches_the_caller_and_engine_stays_usable() -> None:
    q, engine = make_question(), DurableEngine()

    def boom(question: str, rule: str) -> None:
        if rule == "r0":
            raise ValueError("injected")

    engine.action_hook = boom
    with pytest.raises(RuleError) as info:
        engine.evaluate(q, [item("o", 12), grant("o")], {"owner": "o", "src": "q"})
    assert isinstance(info.value.__cause__, ValueError)
    engine.action_hook = None
    assert fired(engine.evaluate(q, [item("o", 12), grant("o")], {"owner": "o", "src": "q"})) == [
        "granted"
    ]


def test_raw_engine_swallows_action_exceptions() -> None:
    out = run_raw("""
        import durable.engine as E
        class H(E.Host):
            def _run(self): pass
            def get_action(self, n):
                def f(c): raise ValueError('boom')
                return f
        h = H()
        h.register_rulesets({'r': {'x': {'all': [{'a': {'t': 'item'}}], 'run': 'x'}}})
        h.assert_fact('r', {'sid': 'a', 't': 'item'})
        print('no exception')
    """)
    assert out.stdout.strip() == "no exception", out.stderr


def test_failure_before_evaluate_cleans_up_without_crash() -> None:
    """If asserting the facts fails, no action ran: deleting that state would abort the
    process. The adapter first makes the sentinel fire, then deletes; run in a subprocess."""
    here = str(__import__("pathlib").Path(__file__).parent)
    out = run_raw(f"""
        import sys
        sys.path.insert(0, {here!r})
        from kgrules.engine import DurableEngine
        from test_engine import make_question, item, grant
        engine = DurableEngine()
        q = make_question()
        real = engine._host.assert_fact
        calls = {{'n': 0}}
        def flaky(name, fact):
            calls['n'] += 1
            if calls['n'] == 1:
                raise RuntimeError('injected failure before evaluate')
            return real(name, fact)
        engine._host.assert_fact = flaky
        for n in range(50):
            calls['n'] = 0
            try:
                engine.evaluate(q, [item('o', 12), grant('o')], {{'owner': 'o', 'src': 'q'}})
            except RuntimeError:
                pass
        engine._host.assert_fact = real
        from test_engine import fired
        print(fired(engine.evaluate(q, [item('o', 12), grant('o')], {{'owner': 'o', 'src': 'q'}})))
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['granted']"


def test_redefinition_never_leaves_stale_rules() -> None:
    """Re-running a notebook cell that redefines a question gets the new rules."""
    engine = DurableEngine()
    facts = [item("o", 12), grant("o")]
    old = make_question("test.redefine", threshold=10)
    assert fired(engine.evaluate(old, facts, {"owner": "o", "src": "q"})) == ["granted"]
    new = make_question("test.redefine", threshold=20)
    assert fired(engine.evaluate(new, facts, {"owner": "o", "src": "q"})) == ["fallback"]
    again = make_question("test.redefine", threshold=10)
    assert fired(engine.evaluate(again, facts, {"owner": "o", "src": "q"})) == ["granted"]


def test_raw_engine_redefinition_keeps_old_rules() -> None:
    out = run_raw("""
        from durable.lang import ruleset, when_all, m, assert_fact
        hits = []
        with ruleset('t'):
            @when_all(m.v > 10)
            def a(c): hits.append('old')
        assert_fact('t', {'v': 50})
        with ruleset('t'):
            @when_all(m.v > 10)
            def b(c): hits.append('new')
        for v in (60, 70):
            try:
                assert_fact('t', {'v': v})
            except Exception as exc:
                print('refused:', 'already registered' in str(exc))
        print(hits)
    """)
    assert "refused: True" in out.stdout and "['old', 'old']" in out.stdout, out.stdout


def test_threads_give_serial_answers() -> None:
    q, engine = make_question(), DurableEngine()
    cases = [([item("o", n % 20), grant("o")] if n % 2 else [item("o", n % 20)]) for n in range(40)]
    serial = [fired(engine.evaluate(q, f, {"owner": "o", "src": "q"})) for f in cases]
    results: dict[int, list[list[str]]] = {}

    def work(t: int) -> None:
        results[t] = [fired(engine.evaluate(q, f, {"owner": "o", "src": "q"})) for f in cases]

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[t] == serial for t in range(8))


def test_oracle_agrees_on_the_toy_question() -> None:
    q = make_question()
    for facts in ([], [item("o", 3)], [grant("o")], [item("o", 12), grant("o")],
                  [item("o", 12), item("o", 12), grant("o"), grant("x")]):
        ev = {"owner": "o", "src": "q"}
        assert DurableEngine().evaluate(q, facts, ev) == OracleEngine().evaluate(q, facts, ev)


def test_compiled_ruleset_has_gate_sentinel_and_catch_all() -> None:
    rules = compile_question(make_question(), lambda r: r)
    assert rules["__sentinel__"]["pri"] == 1000
    assert "__catch_all__" in rules
    for name, rule in rules.items():
        if name.startswith("r"):
            assert rule["all"][0] == {"e": {"t": "evaluate"}} or next(
                iter(rule["all"][0])) == "e"


def two_pattern_question() -> Any:
    """A rule binding two patterns of one type, both able to match the same fact."""
    b = QuestionBuilder(
        "test.two_patterns",
        title=Text("thử", "toy"),
        clauses=("dieu-10/doan-4",),
        arguments=(),
        conditions=(Condition("ok", Text("được", "ok")),),
        evaluate={"asker": str, "decider": str},
        facts=(GRANT,),
        reads={"asker": "consultations.requested_by", "decider": "consultations.decided_by"},
    )
    e, a, d = b.e, b.var("a", GRANT), b.var("d", GRANT)
    b.rule("both", condition="ok", status=Status.HOLDS, clauses=["dieu-10/doan-4"],
           when=[a.owner == e.asker, d.owner == e.decider], because=Text("x", "x"))
    b.rule("fallback", condition="ok", status=Status.FAILS, clauses=["dieu-10/doan-4"],
           when=[e.asker != ""], fallback=True, because=Text("y", "y"))
    b.scope(lambda s: ScopeResult({"asker": "", "decider": ""}))
    return b.build()


def test_one_fact_may_bind_two_patterns() -> None:
    """The Head who asks for written opinions and decides on them is one position record."""
    q = two_pattern_question()
    ev = {"asker": "H", "decider": "H", "src": "q"}
    for engine in (DurableEngine(), OracleEngine()):
        assert fired(engine.evaluate(q, [grant("H")], ev)) == ["both"]
        assert fired(engine.evaluate(q, [grant("H"), grant("H")], ev)) == ["both"] * 4
        assert fired(engine.evaluate(q, [grant("X")], ev)) == ["fallback"]


def test_raw_engine_never_binds_one_fact_twice() -> None:
    out = run_raw("""
        import durable.engine as E
        hits = []
        class H(E.Host):
            def _run(self): pass
            def get_action(self, n):
                def f(c): hits.append(n)
                return f
        h = H()
        h.register_rulesets({'r': {'x': {'all': [
            {'e': {'t': 'ev'}},
            {'a': {'$and': [{'t': 'role'}, {'p': {'e': 'p1'}}]}},
            {'b': {'$and': [{'t': 'role'}, {'p': {'e': 'p2'}}]}}], 'run': 'x'}}})
        h.assert_fact('r', {'sid': 's', 'id': '1', 't': 'role', 'p': 'A'})
        h.assert_fact('r', {'sid': 's', 'id': '2', 't': 'ev', 'p1': 'A', 'p2': 'A'})
        print(hits)
    """)
    assert out.stdout.strip() == "[]", out.stderr


def test_facts_sharing_a_record_id_are_distinct() -> None:
    """One authorisation covering several acts is several facts with one record id."""
    authz = FactType("authz", {"id": str, "act": str})
    b = QuestionBuilder(
        "test.shared_id", title=Text("thử", "toy"), clauses=("dieu-6/khoan-1",), arguments=(),
        conditions=(Condition("ok", Text("được", "ok")),), evaluate={"act": str}, facts=(authz,),
        reads={"act": "actions.kind"},
    )
    e, a = b.e, b.var("a", authz)
    b.rule("covered", condition="ok", status=Status.HOLDS, clauses=["dieu-6/khoan-1"],
           when=[a.act == e.act], because=Text("{a.id}", "{a.id}"))
    b.scope(lambda s: ScopeResult({"act": ""}))
    q = b.build()
    facts = [{"t": "authz", "src": "authorisations[0]", "id": "UQ-1", "act": act}
             for act in ("convene_meeting", "consent_substitute")]
    got = DurableEngine().evaluate(q, facts, {"act": "consent_substitute", "src": "q"})
    assert [c.bindings["a"]["id"] for c in got] == ["UQ-1"]


def negation_question() -> Any:
    """'An item with no other item of the same value': the negated pattern must see every fact,
    the one bound by the positive pattern included (so a single item never qualifies)."""
    b = QuestionBuilder(
        "test.negation_same_type", title=Text("thử", "toy"), clauses=("dieu-10/doan-5",),
        arguments=(), conditions=(Condition("ok", Text("được", "ok")),),
        evaluate={"owner": str}, facts=(ITEM,), reads={"owner": "people.name"},
    )
    e, i = b.e, b.var("i", ITEM)
    n = Var("n", ITEM)
    b.rule("alone", condition="ok", status=Status.HOLDS, clauses=["dieu-10/doan-5"],
           when=[i.owner == e.owner, no(n, n.owner == e.owner, n.value == i.value)],
           because=Text("{i.value}", "{i.value}"))
    b.rule("fallback", condition="ok", status=Status.FAILS, clauses=["dieu-10/doan-5"],
           when=[e.owner != ""], fallback=True, because=Text("y", "y"))
    b.scope(lambda s: ScopeResult({"owner": ""}))
    return b.build()


def test_negated_pattern_sees_the_bound_fact() -> None:
    q = negation_question()
    ev = {"owner": "o", "src": "q"}
    for engine in (DurableEngine(), OracleEngine()):
        # the negated pattern matches item 5 itself: no conclusion but the fallback
        assert fired(engine.evaluate(q, [item("o", 5)], ev)) == ["fallback"]


def test_raw_engine_leaves_the_bound_fact_out_of_none() -> None:
    out = run_raw("""
        import durable.engine as E
        hits = []
        class H(E.Host):
            def _run(self): pass
            def get_action(self, n):
                def f(c): hits.append(n)
                return f
        h = H()
        h.register_rulesets({'r': {'x': {'all': [
            {'e': {'t': 'ev'}}, {'a': {'t': 'x'}},
            {'b$not': {'$and': [{'t': 'x'}, {'v': {'a': 'v'}}]}}], 'run': 'x'}}})
        h.assert_fact('r', {'sid': 's', 'id': '1', 't': 'x', 'v': 1})
        h.assert_fact('r', {'sid': 's', 'id': '2', 't': 'ev'})
        print(hits)
    """)
    assert out.stdout.strip() == "['x']", out.stderr


def test_every_join_ends_with_a_test_that_holds() -> None:
    """The overrun guard: a pattern with a reference test ends with ``t != e.t``."""
    rules = compile_question(negation_question(), lambda r: r)
    for pattern in rules["r0"]["all"][1:]:
        body = next(iter(pattern.values()))
        assert body["$and"][-1] == {"$neq": {"t": {"e": "t"}}}
