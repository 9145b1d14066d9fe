"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests import need, pg

# Hypothesis's per-example deadline (200 ms) measures the machine, not the code: on a
# two-core machine running two test processes, a first example that imports sympy can
# take half a second. Speed is measured by bench/, never by a timed test.
settings.register_profile("mathforai", deadline=None)
settings.load_profile("mathforai")

# The rendered course is cached in a folder of this checkout's own (gitignored), not the
# user's: other checkouts with other lessons would otherwise replace it under a running
# suite (only one entry is kept), and a stale user cache could hide a rendering change.
# Servers the tests start inherit it.
os.environ.setdefault(
    "MATHFORAI_CACHE_DIR", str(Path(__file__).resolve().parent.parent / ".cache" / "tests")
)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for the session (fails under CI where the binaries are
    missing; skips loudly elsewhere)."""
    pg.require()
    with pg.cluster() as (url, _data, _port):
        yield url


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say it loudly at the end when tests did not run for want of a program."""
    missed: dict[str, int] = {}
    # Read from the reports, so skips in xdist workers count too.
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else ""
        if need.MARK in reason:
            what = reason.split(need.MARK, 1)[1]
            missed[what] = missed.get(what, 0) + 1
    if missed:
        terminalreporter.section("NOT RUN: missing programs", sep="!", red=True, bold=True)
        for what, count in sorted(missed.items()):
            terminalreporter.write_line(f"  {count} test(s): {what}", red=True)
        terminalreporter.write_line("  Under CI=true these tests fail instead of skipping.")
