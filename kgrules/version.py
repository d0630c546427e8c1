"""The one version string of kgrules: pyproject.toml reads it (``dynamic``), the package, the
decisions and the decision record quote it. No imports, so any module may depend on it."""

__version__ = "0.1.0"
