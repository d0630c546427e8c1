"""Strict YAML for files people write by hand: cases and test files.

YAML as PyYAML reads it by default (YAML 1.1) turns ``no`` into ``False``, ``2009-09-25``
into a date object and ``08:30`` into a number, and keeps the last of two repeated keys. A
reviewer who writes ``outcome: no`` or ``date: 2009-09-25`` means the text, so this loader
resolves only what JSON has (null, true/false, integers, decimals) and keeps every other plain
scalar a string; a repeated key, an anchor or alias, or a tag other than the standard ones is
an error naming where it is. What it returns is JSON-shaped data, checked as JSON would be.
"""

from __future__ import annotations

import re
from typing import Any, Final

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node
from yaml.resolver import Resolver

__all__ = ["YamlError", "parse_yaml"]

YAML_SUFFIXES: Final = (".yaml", ".yml")

# JSON's scalars, spelt as YAML 1.2's core schema spells them (no yes/no/on/off, no dates,
# no sexagesimal numbers).
_IMPLICIT: Final = (
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), list("~nN")),
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    ("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
        list("-+.0123456789"),
    ),
)


class YamlError(ValueError):
    """A YAML document that cannot be read: ``where`` is ``line L, column C``."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where
        self.message = message


class _Resolver(Resolver):
    pass


_Resolver.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in _IMPLICIT:
    _Resolver.add_implicit_resolver(_tag, _regexp, _first)


class _Constructor(SafeConstructor):
    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise ConstructorError(None, None, f"a key must be text, not {key!r}",
                                       key_node.start_mark)
            if key in seen:
                raise ConstructorError(None, None, f"key {key!r} appears twice in one mapping",
                                       key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, Composer,
              _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        # An alias makes one node many (and a small file enormous): refused, with its place.
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(None, None, "anchors and aliases (*name) are not allowed",
                                       event.start_mark)
        return super().compose_node(parent, index)


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def parse_yaml(text: str) -> Any:
    """One YAML document as JSON-shaped data (dicts, lists, str, int, float, bool, None)."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(_where(mark), str(exc.problem or exc.context or "invalid YAML")) from None
    except yaml.YAMLError as exc:
        raise YamlError("", str(exc)) from None
    except RecursionError:
        raise YamlError("", "nesting too deep") from None
    finally:
        loader.dispose()
