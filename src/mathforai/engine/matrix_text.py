"""Shared by the part 4 operations: deterministic signs for eigen- and singular vectors,
round-off dust cleaned from results, and the small argument types they read.

(Their steps are step trees, engine/mathtree.py; long vectors and matrices are elided there.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import numpy as np
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from .inputs import InputError, to_vector
from .notation import num

# Entries this small (relative to the largest) count as zero when deciding a sign.
SIGN_TOLERANCE = 1e-9


def shape_of(a: Sequence[Sequence[float]] | np.ndarray) -> str:
    rows = len(a)
    cols = len(a[0]) if rows else 0
    return f"{rows}×{cols}"


def fix_sign(v: np.ndarray) -> np.ndarray:
    """v or −v, whichever makes its largest entry (the first, on a tie) positive.

    Eigenvectors and singular vectors are defined only up to sign; LAPACK's choice can
    change between versions and machines. A fixed rule keeps results (and lessons)
    reproducible.
    """
    v = np.asarray(v, dtype=float)
    if v.size == 0:
        return v
    size = np.abs(v)
    top = size.max()
    if top == 0:
        return v
    first = int(np.argmax(size >= top * (1 - SIGN_TOLERANCE)))
    return -v if v[first] < 0 else v


def clean(x: np.ndarray | float, scale: float = 1.0) -> Any:
    """Round-off dust (below 1e-12 of the scale) shown as 0, and −0 as 0."""
    arr = np.asarray(x, dtype=float)
    arr = np.where(np.abs(arr) < 1e-12 * max(scale, 1.0), 0.0, arr) + 0.0
    return arr.tolist()


def require_square(name: str, a: Sequence[Sequence[float]], what: str) -> np.ndarray:
    rows, cols = len(a), len(a[0])
    if rows != cols:
        raise InputError(
            name,
            f"{name} is {rows}×{cols}: {what} needs a square matrix (as many rows as "
            "columns). For a rectangular matrix use svd, which works for any shape",
        )
    return np.asarray(a, dtype=float)


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("mathforai", message)


def to_count(x: Any) -> int:
    """A whole number ≥ 1 (a dimension, a rank, a number of steps)."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise _fail(f"expected a whole number such as 4, got {x!r}")
    if isinstance(x, float) and not x.is_integer():
        raise _fail(f"expected a whole number, got {num(x)}")
    if not 1 <= x <= 10**9:
        raise _fail(f"expected a whole number from 1 to 1e9, got {num(x)}")
    return int(x)


def to_optional_count(x: Any) -> int | None:
    if x is None or (isinstance(x, str) and x.strip().lower() in ("", "none", "null")):
        return None
    return to_count(x)


def to_optional_vector(x: Any) -> list[float] | None:
    if x is None or (isinstance(x, str) and x.strip().lower() in ("", "none", "null")):
        return None
    return to_vector(x)


Count = Annotated[
    int, BeforeValidator(to_count), Field(description="a whole number ≥ 1, such as 4")
]
OptionalCount = Annotated[
    int | None,
    BeforeValidator(to_optional_count),
    Field(description="a whole number ≥ 1, or none"),
]


def choice_of(options: Sequence[str], name: str) -> Any:
    """A validator reading one of `options` (case and spaces ignored)."""

    def read(x: Any) -> str:
        if x is None:
            x = "none"
        text = str(x).strip().lower()
        if text not in options:
            shown = ", ".join(f'"{o}"' for o in options)
            raise _fail(f"{name} must be one of {shown}, not {x!r}")
        return text

    return read


__all__ = [
    "Count",
    "OptionalCount",
    "choice_of",
    "clean",
    "fix_sign",
    "require_square",
    "shape_of",
    "to_count",
    "to_optional_count",
    "to_optional_vector",
]
