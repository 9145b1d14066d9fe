"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests import pg


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for the session (skipped only where the binaries are missing)."""
    if not pg.available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL binaries not found in {pg.PG_BIN}")
        pytest.skip(f"PostgreSQL binaries not found in {pg.PG_BIN}")
    with pg.cluster() as (url, _data, _port):
        yield url
