"""The rule for missing programs: fail under CI, skip loudly elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
from tests import need

def test_needs_a_program_that_is_not_there():
    need.missing("the-program-nobody-has", "apt-get install it")
"""


@pytest.mark.parametrize(("ci", "outcome"), [("true", "1 failed"), ("", "1 skipped")])
def test_a_missing_program_fails_under_ci_and_skips_loudly_elsewhere(
    tmp_path: Path, ci: str, outcome: str
) -> None:
    (tmp_path / "test_probe.py").write_text(PROBE)
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "CI"))}
    run = subprocess.run(
        # tests.conftest as a plugin: its end-of-run banner is part of what is tested.
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        env={**env, "CI": ci, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert outcome in run.stdout, run.stdout
    assert "the-program-nobody-has is missing: apt-get install it" in run.stdout
    if not ci:
        assert "NOT RUN: missing programs" in run.stdout  # the banner at the end
