"""Small modules with one job: no engine or practice module grows past 500 lines (13.4).

Covers engine and practice (its generators were split by topic in the assess lane).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import mathforai

MAX_LINES = 500
ROOT = Path(mathforai.__file__).parent
PACKAGES = ["engine", "practice"]


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def test_the_rule_sees_the_split_packages() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in _modules()}
    assert "engine/linalg/matrices.py" in names
    assert "engine/stats/information.py" in names
    assert "engine/calculus/rules.py" in names


def _cases() -> list[object]:
    cases: list[object] = []
    for path in _modules():
        cases.append(pytest.param(path, id=path.relative_to(ROOT).as_posix()))
    return cases


@pytest.mark.parametrize("path", _cases())
def test_module_is_at_most_500_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines; split it by topic"
