"""Writing numbers, vectors and matrices in steps (shared by the linalg modules)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..explanation import Step
from ..inputs import (
    InputError,
)
from ..mathtree import Fence, Node, Sqrt, Sub, add, elide_map, eq, n, power, sym, value

# ---------------------------------------------------------------------------
# Writing numbers, vectors and matrices in steps
# ---------------------------------------------------------------------------

MAX_ENTRIES = 6  # matrix-product entries worked out one by one
MAX_AXES = 32  # numpy's historical limit; no real tensor needs more
MAX_NUMEL = 10**24  # keeps every count printable as a number

_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sup(n: int) -> str:
    return str(n).translate(_SUP)


def _sub(n: int) -> str:
    return str(n).translate(_SUB)


def _space(n: int) -> str:
    return f"ℝ{_sup(n)}"


def _shape_t(m: int, n: int) -> str:
    return f"{m}×{n}"


def _shape_of(x: Sequence[Any]) -> tuple[int, int] | tuple[int]:
    return (len(x), len(x[0])) if x and isinstance(x[0], list) else (len(x),)


def _describe_shape(shape: tuple[int, ...]) -> str:
    if len(shape) == 1:
        return f"a vector of length {shape[0]}"
    return f"a {_shape_t(*shape)} matrix"


def _fsum_dot(u: Sequence[float], v: Sequence[float]) -> float:
    return math.fsum(x * y for x, y in zip(u, v, strict=True))


def norm_of(x: Node, index: Node | None = None) -> Node:
    """‖v‖, or ‖v‖₂ with an index."""
    bars = Fence(x, "‖", "‖")
    return bars if index is None else Sub(bars, index)


def _squares_steps(
    v: Sequence[float], key: str, label: Node | None = None
) -> tuple[Step, Step, float]:
    """‖v‖ = √(3² + 4²), then = √(9 + 16) = √25 = 5; returns the magnitude too."""
    norm = math.hypot(*v)
    total = math.fsum(x * x for x in v)
    lhs = label if label is not None else norm_of(sym(key, key=key))
    first = Step(
        math=eq(lhs, Sqrt(add(*elide_map(v, lambda x: power(x, 2))))),
        note="square each entry, add them, take the square root",
    )
    squares = [x * x for x in v]
    second = Step(math=eq(None, Sqrt(add(*squares)), Sqrt(n(total)), value(norm)))
    return first, second, norm


def _nonzero(v: Sequence[float], field: str, why: str) -> None:
    if all(x == 0 for x in v):
        raise InputError(field, f"{field} is the zero vector: {why}")


def _pow2_scaled(v: Sequence[float]) -> list[float]:
    # Scaling by a power of two is exact, and keeps tiny or huge entries from
    # underflowing or overflowing when they are squared.
    exponent = math.frexp(max(abs(x) for x in v))[1]
    return [math.ldexp(x, -exponent) for x in v]


def _unit_of(v: Sequence[float]) -> list[float]:
    scaled = _pow2_scaled(v)
    length = math.hypot(*scaled)
    return [x / length for x in scaled]
