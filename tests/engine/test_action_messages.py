"""The adapter reads each action's bound keys from durable_rules' JSON without decoding it
(kgrules.engine._bound_keys): exact whatever the facts' strings hold (quotes, braces,
backslashes, a ``"k":"f0"`` of their own), as a full JSON decode would read them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgrules.dsl import FactType
from kgrules.engine import (
    _ENCODE,
    _REST_KEYS,
    MAX_REST_KEYS,
    SENTINEL,
    DurableEngine,
    _bound_keys,
    _for_engine,
    _laid_text,
)
from kgrules.evaluation import EvaluateLayout
from kgrules.oracle import OracleEngine
from tests.builders import two_pattern_question

#: Strings built to look like the structure the reader looks for.
TRICKY = st.one_of(
    st.text(max_size=30),
    st.sampled_from(['"k":"f0"', '","k":"f9"}', '"m":{', '{"e":{"k":"e"}}', "\\", '\\"', '\\\\"',
                     "a\\", "}{", '"x":{"k":"f1"', "k", "é\u0000\n\""]),
)


def _encode(fact: dict[str, Any]) -> str:
    return json.dumps(fact, ensure_ascii=False, separators=(",", ":"))


@given(st.lists(st.tuples(st.sampled_from(["e", "m", "x", "y$2", "sd"]),
                          st.dictionaries(st.sampled_from(["t", "note", "owner", "kk", "k2"]),
                                          st.one_of(TRICKY, st.integers(), st.booleans()),
                                          max_size=4),
                          st.sampled_from(["e", "f0", "f12", "cleanup"])),
                min_size=1, max_size=4, unique_by=lambda b: b[0]),
       st.sampled_from(["r0", "r187", "__sentinel__"]))
def test_bound_keys_are_what_a_json_decode_reads(bindings: list[tuple[str, dict[str, Any], str]],
                                                 action: str) -> None:
    body = ",".join(f'"{name}":{_encode({**fields, "k": key, "sid": "s-1", "id": key + ".0"})}'
                    for name, fields, key in bindings)
    message = f'{{"{action}":{{{body}}}}}'
    decoded = json.loads(message)
    name, keys = _bound_keys(message)
    assert name == action
    if action == SENTINEL:  # it binds nothing the adapter reads
        assert keys == {}
        return
    assert keys == {b: fact["k"] for b, fact in decoded[action].items()}
    assert list(keys) == list(decoded[action])  # the engine's order of the patterns
    # Told the whole text of one bound fact (the evaluate fact, in the adapter's calls): the
    # same keys, in the same order, whichever fact it is and whether or not it comes first.
    for name, fields, key in bindings:
        text = _encode({**fields, "k": key, "sid": "s-1", "id": key + ".0"})
        assert _bound_keys(message, f'"{name}":{text}', key) == (action, keys)
        # Another whole fact's text is not taken for it
        other = _encode({**fields, "k": key + "x", "sid": "s-1", "id": key + ".0"})
        assert _bound_keys(message, f'"{name}":{other}', "wrong") == (action, keys)



def test_bound_keys_remembered_by_the_text_after_the_lead() -> None:
    """The keys read after the lead are remembered by that text: read again, the same keys in
    the same order, each time in a dict of its own (an action's sink keeps it); another text
    after the same lead is read anew; the memory stays bounded."""
    lead = '"e":{"owner":"a","k":"e","sid":"s-1","id":"e0.0","cp":0}'
    message = ('{"r3":{' + lead + ',"m":{"note":"\\":{","k":"s0.1","sid":"s-1","id":"s0.1.0"},'
               '"g":{"k":"s0.2","sid":"s-1","id":"s0.2.0"}}}')
    want = ("r3", {"e": "e", "m": "s0.1", "g": "s0.2"})
    first = _bound_keys(message, lead, "e")
    first[1]["m"] = "changed"  # a sink's dict is its own: the memory is not changed with it
    for _ in range(2):
        got = _bound_keys(message, lead, "e")
        assert got == want and list(got[1]) == ["e", "m", "g"]
    assert _bound_keys(message.replace("s0.2", "s4.0"), lead, "e") == (
        "r3", {"e": "e", "m": "s0.1", "g": "s4.0"})
    for n in range(MAX_REST_KEYS + 10):
        _bound_keys(message.replace("s0.2", f"s9.{n}"), lead, "e")
    assert len(_REST_KEYS) <= MAX_REST_KEYS
    assert _bound_keys(message, lead, "e") == want

ITEM = FactType("item", {"owner": str, "value": int})
ENGINE = DurableEngine()
ORACLE = OracleEngine()




QUESTION = two_pattern_question("test.messages", ITEM, "{x.owner}")


#: What the C engine takes as text (a NUL would end its C string).
ENGINE_TEXT = TRICKY.filter(lambda s: "\u0000" not in s)


@given(ENGINE_TEXT, st.lists(st.tuples(ENGINE_TEXT, st.integers(0, 3)), max_size=6))
def test_strings_that_look_like_structure_conclude_as_the_oracle(
        owner: str, rows: list[tuple[str, int]]) -> None:
    """Tested strings travel to the engine and back in every action's message."""
    facts = [{"t": "item", "src": f"items[{n}]", "owner": o, "value": v}
             for n, (o, v) in enumerate([(owner, 1), (owner, 2), *rows])]
    ev = {"owner": owner, "src": "q"}
    assert ENGINE.evaluate(QUESTION, facts, ev) == ORACLE.evaluate(QUESTION, facts, ev)


@given(st.dictionaries(st.sampled_from(["t", "id", "k", "owner", "n", "flag", "note"]),
                       st.one_of(TRICKY, st.integers(-(2 ** 70), 2 ** 70), st.booleans()),
                       max_size=7),
       st.one_of(st.none(), st.frozensets(st.sampled_from(["t", "id", "k", "owner", "n"]))))
def test_facts_are_written_as_the_json_encoder_writes_them(fact: dict[str, Any],
                                                           fields: frozenset[str] | None) -> None:
    """The engine's text of a fact, written field by field, is the C encoder's of its filtered
    copy (``id`` as ``rid``, last), byte for byte."""
    out = {k: v for k, v in fact.items() if k != "k" and (fields is None or k in fields)}
    if "id" in out:
        out["rid"] = out.pop("id")
    assert _for_engine(fact, fields) == _ENCODE(out)[:-1]
    assert json.loads(_for_engine(fact, fields) + "}") == out


def test_binding_plans_are_kept_per_question_and_bounded(monkeypatch: Any) -> None:
    """The conclusions' keys worked out once per (rule, bound keys) give the conclusions
    worked out afresh; none is kept past the bound."""
    from kgrules import engine as engine_module

    facts = [{"t": "item", "src": f"items[{n}]", "owner": "o", "value": n} for n in range(4)]
    ev = {"owner": "o", "src": "q"}
    first = ENGINE.evaluate(QUESTION, facts, ev)
    assert engine_module._BINDING_PLANS[id(QUESTION)][2]  # kept
    assert ENGINE.evaluate(QUESTION, facts, ev) == first == ORACLE.evaluate(QUESTION, facts, ev)
    monkeypatch.setattr(engine_module, "MAX_BINDING_PLANS", 0)
    monkeypatch.setattr(engine_module, "_BINDING_PLANS", {})
    assert ENGINE.evaluate(QUESTION, facts, ev) == first
    assert engine_module._BINDING_PLANS[id(QUESTION)][2] == {}


def test_the_evaluate_fact_is_skipped_in_every_message(monkeypatch: Any) -> None:
    """The adapter hands the action loop the evaluate fact's text: in every action of
    ``evaluate`` and ``evaluate_many`` it is the first bound fact, so it is never scanned (the
    keys are read from the rest of the message alone, once per text in a state), and the
    conclusions are the oracle's."""
    from kgrules import engine as engine_module

    real = engine_module._read_bound  # what every path reads the keys with
    seen: list[str] = []

    def spy(message: str) -> tuple[list[str], list[str]]:
        seen.append(message)
        return real(message)

    monkeypatch.setattr(engine_module, "_read_bound", spy)
    engine = DurableEngine()
    facts = [{"t": "item", "src": f"items[{n}]", "owner": o, "value": n}
             for n, o in enumerate(["o", "o", 'a"k":"f0"', "o"])]
    requests = [(facts[:n], {"owner": owner, "src": "q"})
                for n in range(5) for owner in ("o", 'a"k":"f0"')]
    for facts_, ev in requests:
        assert engine.evaluate(QUESTION, facts_, ev) == ORACLE.evaluate(QUESTION, facts_, ev)
    assert engine.evaluate_many(QUESTION, requests) == [ORACLE.evaluate(QUESTION, *r)
                                                        for r in requests]
    assert seen and not any('"t":"evaluate"' in text for text in seen)


def test_layouts_give_the_conclusions_worked_out_action_by_action(monkeypatch: Any) -> None:
    """The conclusions laid out once per sequence of actions (``alone``) are those worked out
    action by action (the path taken when a fact stands for others): the same rules, facts,
    bindings in the same order, in the same order; for every order the actions ran in, a
    repeated action, keys given back by a kept state or the request's own; none kept past the
    bound."""
    import itertools

    from kgrules import engine as engine_module

    facts = {f"f{n}": {"t": "item", "src": f"items[{n}]", "owner": "o", "value": n, "k": f"f{n}"}
             for n in range(3)}
    classes = {**{k: [f] for k, f in facts.items()}, "e": [{"t": "evaluate", "k": "e"}]}
    positives = engine_module.positive_bindings(QUESTION)
    actions = [("r0", {"e": "e", "x": "f0", "y": "f1"}), ("r0", {"e": "e", "x": "f1", "y": "f2"}),
               ("r0", {"e": "e", "x": "f0", "y": "f2"}), ("r2", {"e": "e"}),
               ("r0", {"e": "e", "x": "f0", "y": "f1"})]
    fired = [engine_module._entry(r, bound) for r, bound in actions]
    back = {"e": "e", "s0.0": "f0", "s0.1": "f1", "s0.2": "f2"}
    in_state = {v: k for k, v in back.items()}
    engine_module._BINDING_PLANS.pop(id(QUESTION), None)
    for order in itertools.permutations(fired):
        each = engine_module._conclusions(QUESTION, list(order), positives, classes, False)
        in_request = [(a[0], dict(zip(a[1:(len(a) + 1) // 2], a[(len(a) + 1) // 2:],
                                      strict=True))) for a in order]
        for sent, by in ((list(order), None),
                         ([engine_module._entry(r, {b: in_state[k] for b, k in bound.items()})
                           for r, bound in in_request], back)):
            laid = engine_module._conclusions(QUESTION, sent, positives, classes, True, by)
            assert laid == each
            assert [list(c.bindings) for c in laid] == [list(c.bindings) for c in each]
            assert all(c.bindings[b] is d.bindings[b] for c, d in zip(laid, each, strict=True)
                       for b in c.bindings)
    assert [c.rule.rsplit("/", 1)[1] for c in each] == ["other", "two", "two", "two"]
    assert engine_module._BINDING_PLANS[id(QUESTION)][3]  # kept
    monkeypatch.setattr(engine_module, "MAX_LAYOUTS", 0)
    monkeypatch.setattr(engine_module, "_BINDING_PLANS", {})
    assert engine_module._conclusions(QUESTION, fired, positives, classes, True) == each
    assert engine_module._BINDING_PLANS[id(QUESTION)][3] == {}


def test_binding_plans_follow_the_positive_bindings_given(monkeypatch: Any) -> None:
    """The plans kept for a question were made for one object of its positive bindings:
    another object (here one that drops a binding) gets plans of its own, not the kept ones;
    and the first again gives what it gave."""
    from kgrules import engine as engine_module

    facts = {f"f{n}": {"t": "item", "src": f"items[{n}]", "k": f"f{n}"} for n in range(2)}
    classes = {**{k: [f] for k, f in facts.items()}, "e": [{"t": "evaluate", "k": "e"}]}
    positives = engine_module.positive_bindings(QUESTION)
    fewer = tuple(frozenset(p - {"y"}) for p in positives)
    fired = [engine_module._entry("r0", {"e": "e", "x": "f0", "y": "f1"})]
    engine_module._BINDING_PLANS.pop(id(QUESTION), None)
    first = engine_module._conclusions(QUESTION, fired, positives, classes, True)
    assert list(first[0].bindings) == ["e", "x", "y"]
    other = engine_module._conclusions(QUESTION, fired, fewer, classes, True)
    assert list(other[0].bindings) == ["e", "x"]
    monkeypatch.setattr(engine_module, "_BINDING_PLANS", {})
    assert engine_module._conclusions(QUESTION, fired, fewer, classes, True) == other
    assert engine_module._conclusions(QUESTION, fired, positives, classes, True) == first


@given(st.dictionaries(st.sampled_from(["t", "id", "k", "owner", "n", "flag", "note", "a%s"]),
                       st.one_of(TRICKY, st.integers(-(2 ** 70), 2 ** 70), st.booleans()),
                       max_size=7),
       st.frozensets(st.sampled_from(["t", "id", "k", "owner", "n", "a%s"])))
def test_evaluate_texts_are_the_field_by_field_texts(fact: dict[str, Any],
                                                     fields: frozenset[str]) -> None:
    """The evaluate fact's text written from its layout (worked out once per order of keys
    and value types, then only filled in) is ``_for_engine``'s, byte for byte, for the first
    fact of a layout and the next one alike."""
    values = tuple(fact.values())
    laid = EvaluateLayout(QUESTION, tuple(fact), tuple(map(type, values)))
    want = _for_engine(fact, fields) + ',"k":"e"'
    assert _laid_text(laid, values, fact, fields) == want
    assert _laid_text(laid, values, dict(fact), fields) == want  # the text layout kept
    other = {k: (v + "x" if type(v) is str else v) for k, v in fact.items()}
    assert (_laid_text(laid, tuple(other.values()), other, fields)
            == _for_engine(other, fields) + ',"k":"e"')


def test_conclusions_made_without_init_equal_those_made_by_it() -> None:
    """``make_conclusion`` sets the two slots ``__init__`` sets: equal, the same key and repr,
    still frozen; and ``__init__`` does nothing more (no default, validator, converter or
    post-init), so skipping it skips nothing."""
    import attrs

    from kgrules.evaluation import Conclusion, make_conclusion

    bindings = {"e": {"t": "evaluate", "k": "e"}, "x": {"t": "item", "k": "f0"}}
    made, want = make_conclusion("q/r", bindings), Conclusion("q/r", bindings)
    assert type(made) is Conclusion and made == want and made.key == want.key
    assert repr(made) == repr(want) and made.bindings is bindings
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.rule = "other"  # type: ignore[misc]
    assert [f.name for f in attrs.fields(Conclusion)] == ["rule", "bindings"]
    assert all(f.default is attrs.NOTHING and f.validator is None and f.converter is None
               for f in attrs.fields(Conclusion))
    assert not hasattr(Conclusion, "__attrs_post_init__")
    assert not hasattr(Conclusion, "__attrs_pre_init__")


@given(st.lists(st.tuples(st.from_regex(r"[a-z]{1,3}", fullmatch=True).filter(lambda b: b != "e"),
                          st.text(max_size=12),
                          st.from_regex(r"[a-z0-9.]{1,6}", fullmatch=True)),
                max_size=4, unique_by=lambda t: t[0]))
def test_an_entry_read_after_the_evaluate_fact_is_the_one_read_through_dicts(
        bound: list[tuple[str, str, str]]) -> None:
    """``_lead_entry`` (the action loop's reading of an entry not yet kept) gives what the
    bindings and keys read into dicts gave, for any values (quotes, ``":{`` and ``"k":"``
    inside strings), and the sentinel's one entry."""
    from kgrules import engine as engine_module

    rest = "".join(f',"{b}":' + json.dumps({"t": "x", "v": v, "k": k, "id": "s1.0"},
                                           separators=(",", ":"))
                   for b, v, k in bound) + "}}"
    want = engine_module._entry("r3", {"e": "e", **dict(engine_module._read_keys(rest))})
    assert engine_module._lead_entry("r3", rest) == want
    assert want == ("r3", "e", *[b for b, _, _ in bound], "e", *[k for _, _, k in bound])
    assert engine_module._lead_entry(engine_module.SENTINEL, rest) is (
        engine_module._SENTINEL_ENTRY)
