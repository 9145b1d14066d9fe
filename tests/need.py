"""Tests that need a program from outside Python: Chromium, PostgreSQL, redis-server.

Under CI (`CI=true`) a missing program FAILS the test: a green run must mean the browser,
database and cache tests really ran. Outside CI the test is skipped, loudly: the reason
names the program and how to install it, and the end of the run repeats it in a banner.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

# Starts the skip reason; tests/conftest.py finds it to print the banner at the end.
MARK = "NOT RUN: "


def under_ci() -> bool:
    """True where CI=true (any value but empty, 0, false or no)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(program: str, install: str) -> NoReturn:
    """Fail under CI, else skip with a reason that says what is missing and how to fix it."""
    reason = f"{program} is missing: {install}"
    if under_ci():
        pytest.fail(f"{reason} (CI=true: a missing program fails the run)", pytrace=False)
    pytest.skip(f"{MARK}{reason} (under CI=true this fails)")


def chromium() -> Path:
    """Debian's Chromium, which Playwright drives (never `playwright install`)."""
    path = Path("/usr/bin/chromium")
    if not path.exists():
        missing("Chromium (/usr/bin/chromium)", "apt-get install chromium")
    return path


def postgres_bin(pg_bin: Path) -> Path:
    """The folder with PostgreSQL's initdb and pg_ctl."""
    if not ((pg_bin / "initdb").exists() and (pg_bin / "pg_ctl").exists()):
        missing(
            f"PostgreSQL (initdb and pg_ctl in {pg_bin})",
            "apt-get install postgresql, or set MATHFORAI_PG_BIN to its bin folder",
        )
    return pg_bin


def redis_server() -> str:
    """The redis-server program, for tests of the shared rate-limit store."""
    found = shutil.which("redis-server")
    if found is None:
        missing("redis-server", "apt-get install redis-server")
    return found
