"""Example cases shipped with the package, for the README, the notebooks and the tests."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from kgrules.case import Case, load_case
from kgrules.errors import InputError

EXAMPLES = ("committee-2009",)


def example_path(name: str = "committee-2009") -> Path:
    if name not in EXAMPLES:
        raise InputError("example", f"no example {name!r}; examples: {', '.join(EXAMPLES)}")
    return Path(str(resources.files("kgrules").joinpath(f"data/examples/{name}.json")))


def load_example(name: str = "committee-2009") -> Case:
    """The example committee: a fictional but realistic year (2009) of meetings and reports."""
    return load_case(example_path(name))
