"""The lockfiles pin what pyproject.toml asks for: a dependency added without `make lock`
fails here, before a fresh install (which checks hashes) would."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    assert match, spec
    return canonical(match.group(1))


def pins(file: str) -> dict[str, set[str]]:
    """name → the versions a lockfile pins (a universal lock may pin two, by Python)."""
    found: dict[str, set[str]] = {}
    for name, pinned in _PIN.findall((REQUIREMENTS / file).read_text(encoding="utf-8")):
        found.setdefault(canonical(name), set()).add(pinned)
    return found


def test_every_runtime_dependency_is_pinned_in_both_locks() -> None:
    runtime, test = pins("runtime.txt"), pins("test.txt")
    wanted = {requirement_name(d) for d in PYPROJECT["project"]["dependencies"]}
    assert sorted(wanted - runtime.keys()) == [], "run `make lock`"
    assert sorted(wanted - test.keys()) == [], "run `make lock`"


def test_every_test_tool_is_pinned_in_the_test_lock() -> None:
    wanted = {requirement_name(d) for d in PYPROJECT["project"]["optional-dependencies"]["test"]}
    assert sorted(wanted - pins("test.txt").keys()) == [], "run `make lock`"


def test_serving_and_testing_use_the_same_versions() -> None:
    runtime, test = pins("runtime.txt"), pins("test.txt")
    differ = {name: (runtime[name], test[name]) for name in runtime if runtime[name] != test[name]}
    assert differ == {}


def test_the_no_deps_packages_are_pinned() -> None:
    text = (REQUIREMENTS / "nodeps.in").read_text(encoding="utf-8")
    wanted = {requirement_name(ln) for ln in text.splitlines() if ln.strip() and ln[0] != "#"}
    assert sorted(wanted - pins("nodeps.txt").keys()) == [], "run `make lock`"


def test_every_pin_carries_a_hash() -> None:
    for file in ("runtime.txt", "test.txt", "nodeps.txt"):
        blocks = re.split(r"\n(?=[A-Za-z0-9])", (REQUIREMENTS / file).read_text(encoding="utf-8"))
        for block in blocks:
            if _PIN.match(block):
                assert "--hash=sha256:" in block, f"{file}: {block.splitlines()[0]}"


@pytest.mark.parametrize(
    ("package", "why"),
    [
        ("latex2mathml", "tests/course/golden holds its exact output"),
        ("ruff", "lint results must not change under us"),
    ],
)
def test_exactly_pinned_in_pyproject(package: str, why: str) -> None:
    specs = (
        PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["test"]
    )
    (spec,) = [s for s in specs if requirement_name(s) == package]
    assert "==" in spec, f"{package} must be pinned exactly: {why}"
    pinned = spec.split("==", 1)[1].split()[0].rstrip(",")
    locked = pins("test.txt")[package]
    assert locked == {pinned}


def test_the_golden_files_were_made_with_the_installed_latex2mathml() -> None:
    pinned = next(
        s for s in PYPROJECT["project"]["dependencies"] if requirement_name(s) == "latex2mathml"
    )
    assert version("latex2mathml") == pinned.split("==", 1)[1].split()[0]
