"""The rendered course on disk, as data only: JSON that can describe, never run, code.

Rendering runs every example through the engine (sympy included) and takes seconds;
reading this file back takes a fraction of that, which is most of `mathforai serve`'s
cold start. The file is named by a fingerprint of what the course is made from (the
lessons' text, our code, the rendering libraries' versions), never by where it lives,
so two checkouts of the same content share one entry. Only the current entry is kept.

Why not pickle: unpickling calls whatever the file names, so anyone able to write to the
cache folder could run code as the learner. Here a file can only name the dataclasses in
`ALLOWED` and fill in their fields with JSON values; anything else is refused, and a file
that does not read back cleanly is ignored and rebuilt.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import sys
import types
import typing
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..engine import explanation, mathtree
from ..engine.explanation import Step
from . import model

FORMAT = 1
PREFIX = "course-"
SUFFIX = ".json"
RENDER_LIBRARIES = ("latex2mathml", "markdown-it-py", "mdit-py-plugins", "sympy", "numpy")


def _dataclasses(*modules: Any) -> dict[str, type]:
    return {
        name: cls
        for module in modules
        for name, cls in vars(module).items()
        if isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and cls.__module__ == module.__name__
    }


# The only types a cache file may name: the course model, the engine's Explanation and the
# expression-tree nodes of its steps (frozen dataclasses of numbers and strings), and Step.
ALLOWED: dict[str, type] = {**_dataclasses(model, explanation, mathtree), "Step": Step}


class CacheError(ValueError):
    """The file is not a course this version wrote (corrupt, foreign, or tampered with)."""


def fingerprint(content_dir: Path) -> str:
    """Changes whenever a lesson, our code, or a library that renders them changes.

    Paths enter only relative to the content folder or the package, so the same content
    checked out anywhere gets the same fingerprint."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    package = Path(__file__).resolve().parent.parent
    sources = [(content_dir, p) for p in sorted(content_dir.glob("*.md"))]
    sources += [(package, p) for p in sorted(package.rglob("*.py"))]
    for root, path in sources:
        digest.update(f"{root is package}:{path.relative_to(root).as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for lib in RENDER_LIBRARIES:
        digest.update(f"{lib}={version(lib)}\n".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:32]


def entry_path(folder: Path, key: str) -> Path:
    return folder / f"{PREFIX}{key}{SUFFIX}"


def load(path: Path) -> model.Course:
    """The course stored at `path`; CacheError if it is anything else."""
    try:
        data = json.loads(path.read_bytes(), object_hook=_decode_object)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise CacheError(f"not JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CacheError("not a course cache of this format")
    course = data.get("course")
    if not isinstance(course, model.Course):
        raise CacheError("does not hold a course")
    return course


def store(folder: Path, key: str, course: model.Course) -> Path:
    """Write the course atomically, then remove every other entry (only one is current)."""
    text = json.dumps({"format": FORMAT, "course": encode(course)}, separators=(",", ":"))
    folder.mkdir(parents=True, exist_ok=True)
    path = entry_path(folder, key)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # atomic: a concurrent reader sees all or nothing
    prune(folder, keep=path)
    return path


def prune(folder: Path, keep: Path) -> None:
    """Remove older entries, including the pickles earlier versions left behind."""
    for old in _entries(folder):
        if old != keep:
            old.unlink(missing_ok=True)


def _entries(folder: Path) -> Iterable[Path]:
    yield from folder.glob(f"{PREFIX}*{SUFFIX}")
    yield from folder.glob(f"{PREFIX}*.pickle")


# ---- encoding: tagged JSON ------------------------------------------------------------------
# A dataclass is {"$dc": name, "f": {field: value}}, a tuple {"$t": [...]}, a dict
# {"$d": [[key, value], ...]} (keys may be numbers); lists, strings, numbers, booleans and
# null are themselves. Fields whose names start with "_" are derived (look-up tables) and
# rebuilt by the constructor.


def encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"$t": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"$d": [[_key(k), encode(v)] for k, v in value.items()]}
    cls = type(value)
    if cls is Step:
        return {"$dc": "Step", "f": _step_fields(value)}
    if ALLOWED.get(cls.__name__) is cls and dataclasses.is_dataclass(cls):
        fields = {f.name: encode(getattr(value, f.name)) for f in _fields(cls)}
        return {"$dc": cls.__name__, "f": fields}
    if hasattr(value, "tolist"):  # numpy scalars and arrays: their plain Python values
        return encode(value.tolist())
    raise TypeError(f"the course cache cannot hold a {cls.__module__}.{cls.__qualname__}")


def _step_fields(step: Step) -> dict[str, Any]:
    """A step as its tree, or as its printed text and LaTeX when the tree holds something
    JSON cannot (a sympy expression in a Formula node): the lesson HTML is rendered already,
    so only the printed forms are read from a cached course."""
    if step.math is not None:
        try:
            return {"note": step.note, "math": encode(step.math)}
        except TypeError:
            pass
    return {"text": step.text, "latex": step.latex, "note": step.note}


def _step(fields: dict[str, Any]) -> Step:
    if not set(fields) <= {"text", "latex", "note", "math"}:
        raise CacheError(f"Step: unknown fields {sorted(set(fields))}")
    values = dict(fields)
    math = values.pop("math", None)
    if not all(isinstance(v, str) for v in values.values()):
        raise CacheError("Step: text, latex and note must be strings")
    if math is not None and not isinstance(math, mathtree.Node):
        raise CacheError("Step: math must be an expression tree")
    return Step(**values, math=math)


def _key(key: Any) -> Any:
    if key is None or isinstance(key, bool | int | float | str):
        return key
    raise TypeError(f"the course cache cannot hold a dict key of type {type(key).__name__}")


def _decode_object(obj: dict[str, Any]) -> Any:
    """json's object_hook: called innermost first, so every value inside is decoded already.
    An object with no tag is a dataclass's field table (its names never start with "$")."""
    if "$dc" in obj:
        if len(obj) != 2 or "f" not in obj:
            raise CacheError("a tagged dataclass with stray keys")
        return _instance(obj["$dc"], obj["f"])
    if "$t" in obj:
        if len(obj) != 1:
            raise CacheError("a tagged tuple with stray keys")
        return tuple(_list(obj["$t"]))
    if "$d" in obj:
        if len(obj) != 1:
            raise CacheError("a tagged dict with stray keys")
        return dict(_pair(pair) for pair in _list(obj["$d"]))
    return obj  # checked against the dataclass's fields by _instance


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise CacheError("a tagged value without its list")
    return value


def _pair(pair: Any) -> tuple[Any, Any]:
    if not (isinstance(pair, list) and len(pair) == 2):
        raise CacheError("a dict entry that is not a [key, value] pair")
    key = pair[0]
    if not (key is None or isinstance(key, bool | int | float | str)):
        raise CacheError("a dict key that is not a plain value")
    return key, pair[1]


def _instance(name: Any, fields: Any) -> Any:
    cls = ALLOWED.get(name) if isinstance(name, str) else None
    if cls is None:
        raise CacheError(f"names a type that is not allowed: {name!r}")
    if not isinstance(fields, dict):
        raise CacheError(f"{name}: fields are not an object")
    if cls is Step:
        return _step(fields)
    checks, required = _plan(cls)
    if not fields.keys() <= checks.keys() or not required <= fields.keys():
        raise CacheError(f"{name}: fields {sorted(fields)} are not {sorted(checks)}")
    for key, value in fields.items():
        if not checks[key](value):
            raise CacheError(f"{name}: {key} has the wrong type")
    try:
        return cls(**fields)
    except (TypeError, ValueError, AttributeError) as exc:  # a constructor refusing the data
        raise CacheError(f"{name}: {exc}") from exc


def _fields(cls: type) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if f.init and not f.name.startswith("_")]


Check = Callable[[Any], bool]


@functools.cache
def _plan(cls: type) -> tuple[dict[str, Check], frozenset[str]]:
    """For one dataclass: a type check per stored field, and the fields with no default."""
    hints = typing.get_type_hints(cls)
    fields = _fields(cls)
    checks = {f.name: _checker(hints.get(f.name, Any)) for f in fields}
    required = frozenset(
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    return checks, required


def _always(_value: Any) -> bool:
    return True


@functools.cache
def _checker(hint: Any) -> Check:
    """Whether a value fits the annotation `hint` (the forms our dataclasses use).

    Values are checked as they are built, innermost first, so a container's check only
    needs to look one level down."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return _always
    if origin in (typing.Union, types.UnionType):
        options = tuple(_checker(a) for a in args)
        return lambda v: any(check(v) for check in options)
    if hint is None or hint is type(None):
        return lambda v: v is None
    if hint is float:
        return lambda v: isinstance(v, int | float) and not isinstance(v, bool)
    if origin is None:
        return (lambda v: isinstance(v, hint)) if isinstance(hint, type) else _always
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _checker(args[0])
        return lambda v: isinstance(v, tuple) and all(map(item, v))
    if origin is tuple:
        items = tuple(_checker(a) for a in args)
        return lambda v: (
            isinstance(v, tuple) and len(v) == len(items) and all(c(x) for c, x in zip(items, v))
        )
    if origin is list and args:
        item = _checker(args[0])
        return lambda v: isinstance(v, list) and all(map(item, v))
    if origin is dict and args:
        key, value = _checker(args[0]), _checker(args[1])
        return lambda v: isinstance(v, dict) and all(key(k) and value(x) for k, x in v.items())
    return (lambda v: isinstance(v, origin)) if isinstance(origin, type) else _always


__all__ = ["ALLOWED", "CacheError", "entry_path", "fingerprint", "load", "prune", "store"]
