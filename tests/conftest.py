"""Hypothesis profiles: "ci" (default) and "deep"; choose with KGRULES_HYPOTHESIS_PROFILE."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, settings

# "ci" is derandomized and keeps no example database: CI runs exactly the examples a developer
# ran, never a fresh draw nobody has seen nor one replayed from a local run; "deep" stays random
# (and remembers its failures), to look further.
settings.register_profile(
    "ci", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow],
    derandomize=True, database=None,
)
settings.register_profile(
    "deep", settings.get_profile("ci"), max_examples=2000, derandomize=False,
    database=settings.default.database,
)
settings.load_profile(os.environ.get("KGRULES_HYPOTHESIS_PROFILE", "ci"))



@contextmanager
def _fresh_postgres_database() -> Iterator[str]:
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    url = os.environ.get("KGRULES_TEST_POSTGRES_URL", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests: KGRULES_TEST_POSTGRES_URL is not set")
        pytest.skip("no PostgreSQL server: set KGRULES_TEST_POSTGRES_URL (.ci/run does)")
    name = f"kgrules_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty database on the PostgreSQL server `.ci/run` starts
    (KGRULES_TEST_POSTGRES_URL), dropped afterwards. Without that server the PostgreSQL tests
    skip on a developer's machine and fail under CI (env CI set), where they must run."""
    with _fresh_postgres_database() as url:
        yield url


@pytest.fixture(scope="module")
def module_postgres_url() -> Iterator[str]:
    """As ``postgres_url``, one database for a whole test module (a module-scoped client)."""
    with _fresh_postgres_database() as url:
        yield url
