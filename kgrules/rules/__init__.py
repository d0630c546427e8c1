"""The articles of the regulation as ``kgrules.rules``, when Python runs from a source checkout.

The article modules live in the repository's top-level ``rules/`` folder (one module per
article). An installed kgrules maps that folder onto ``kgrules.rules`` (``package-dir`` in
pyproject.toml), so this file never ships. It exists because ``./kgrules`` shadows the installed
package whenever Python runs from the repository root (``python -m kgrules.cli``, ``python -m
pytest``, a snippet): the package's search path is then the top-level folder, so both ways of
importing find the same modules.
"""

from pathlib import Path

__path__ = [str(Path(__file__).resolve().parent.parent.parent / "rules")]
