"""The import layering of docs/architecture.md, checked on the source with `ast`.

Imports point down, never up: engine ← render ← course/practice/labs ← web/cli, and
progress stands alone. Every module of src/mathforai belongs to a layer in LAYERS; a new
top-level module or package fails here until it is given one (and docs/architecture.md
says where it sits).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "mathforai"
ANY = frozenset({"*"})

# layer → the other layers of ours it may import.
LAYERS: dict[str, frozenset[str]] = {
    "engine": frozenset(),
    "render": frozenset({"engine"}),
    "course": frozenset({"engine", "render"}),
    "practice": frozenset({"engine", "render"}),
    "labs": frozenset({"engine", "render"}),
    "progress": frozenset(),
    "settings": frozenset(),
    # Front ends: they parse input, call the layers below, and print.
    "web": ANY,
    "cli": ANY,
    "cli_practice": ANY,
    "cli_text": ANY,
    "cli_labs": ANY,
    # One practice answer as web and the CLI both run it: practice (grading) + progress.
    "attempts": ANY,
    "notebook": ANY,
    "__init__": frozenset(),
}

# Libraries a layer must not use (DESIGN.md: the engine does no I/O, no web, no database;
# the labs run the encoder in numpy, without torch).
FORBIDDEN: dict[str, frozenset[str]] = {
    "engine": frozenset({"fastapi", "starlette", "sqlalchemy", "jinja2", "uvicorn", "httpx"}),
    "render": frozenset({"fastapi", "starlette", "sqlalchemy", "uvicorn"}),
    "progress": frozenset({"fastapi", "starlette", "jinja2"}),
    "labs": frozenset({"torch", "transformers", "fastapi", "sqlalchemy"}),
}

# Known violations, each named, with who removes it and when. Keep this empty: an entry is
# a debt, and the test fails when a listed import is gone so the entry cannot go stale.
# (practice/session.py → progress was listed here until the terminal practice session
# moved to the CLI layer as cli_practice.py.)
ALLOWED_VIOLATIONS: frozenset[tuple[str, str]] = frozenset()


def layer_of(path: Path, package: Path = PACKAGE) -> str:
    """The layer a source file belongs to: its top-level package or module name."""
    return path.relative_to(package).parts[0].removesuffix(".py")


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package.name, *parts])


def imported(path: Path, package: Path = PACKAGE) -> Iterator[tuple[int, str]]:
    """(line, absolute module) for every import in the file, relative ones resolved,
    including those under `if TYPE_CHECKING:` and inside functions."""
    name = module_name(path, package)
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                yield node.lineno, node.module or ""
                continue
            base = here[: len(here) - (node.level - 1)]
            if node.module:
                yield node.lineno, ".".join([*base, node.module])
            else:  # from . import a, b: each name may be a module
                for alias in node.names:
                    yield node.lineno, ".".join([*base, alias.name])


def violations(package: Path = PACKAGE) -> list[tuple[str, str, str]]:
    """(file:line, importing layer, imported layer or library) for each import that breaks
    LAYERS or FORBIDDEN."""
    found = []
    for path in sorted(package.rglob("*.py")):
        layer = layer_of(path, package)
        allowed = LAYERS.get(layer)
        if allowed is None:
            continue  # test_every_module_has_a_layer names it
        for line, target in imported(path, package):
            where = f"{path.relative_to(package.parent)}:{line}"
            top = target.split(".")
            if top[0] == package.name and len(top) > 1:
                other = top[1]
                if other != layer and allowed is not ANY and other not in allowed:
                    found.append((where, layer, other))
            elif top[0] in FORBIDDEN.get(layer, ()):
                found.append((where, layer, top[0]))
    return found


def test_every_module_has_a_layer() -> None:
    tops = {layer_of(p) for p in PACKAGE.rglob("*.py")}
    assert sorted(tops - set(LAYERS)) == [], "give it a layer here and in docs/architecture.md"


def test_imports_point_down_the_layers() -> None:
    broken = [v for v in violations() if (v[1], v[2]) not in ALLOWED_VIOLATIONS]
    assert broken == [], "\n".join(f"{w}: {a} imports {b}" for w, a, b in broken)


def test_every_allowed_violation_still_exists() -> None:
    """An entry whose import is gone must be removed, so the list only shrinks."""
    present = {(a, b) for _, a, b in violations()}
    assert sorted(ALLOWED_VIOLATIONS - present) == []


def test_the_layers_are_those_of_the_architecture_doc() -> None:
    doc = (PACKAGE.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for layer in LAYERS:
        if layer != "__init__":
            assert f"`{layer}" in doc, f"docs/architecture.md does not place `{layer}`"


# ---- the checker itself, on a small made-up package -------------------------------------


@pytest.fixture
def fake(tmp_path: Path) -> Path:
    root = tmp_path / "mathforai"
    files = {
        "engine/__init__.py": "from .core import f\n",
        "engine/core.py": "import math\n",
        "engine/deep/op.py": "from ...render import text\n",  # up two levels: render
        "render/__init__.py": "",
        "render/text.py": "from ..engine import core\n",
        "progress/store.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from mathforai.practice import x\n"
        ),
        "practice/__init__.py": "",
        "course/page.py": "def f():\n    from .. import web\n",
        "engine/net.py": "import fastapi.routing\n",
        "web/app.py": "from ..course import page\nfrom ..progress import store\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_the_checker_finds_relative_lazy_and_type_checking_imports(fake: Path) -> None:
    found = sorted((w.split("/", 1)[1], a, b) for w, a, b in violations(fake))
    assert found == [
        ("course/page.py:2", "course", "web"),  # inside a function, `from .. import web`
        ("engine/deep/op.py:1", "engine", "render"),  # three dots from a subpackage
        ("engine/net.py:1", "engine", "fastapi"),  # a library the layer must not use
        ("progress/store.py:3", "progress", "practice"),  # under TYPE_CHECKING
    ]
