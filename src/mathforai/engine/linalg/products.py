"""Dot product and cosine similarity (1.5, 1.6)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..explanation import Explanation, Step
from ..inputs import (
    Args,
    InputError,
    Vector,
)
from ..mathtree import Node, Post, add, call, eq, frac, mul, n, nums, paren, sym, value
from ..notation import num
from ..registry import operation
from .writing import _fsum_dot, _nonzero, _pow2_scaled, _squares_steps, norm_of

# ---------------------------------------------------------------------------
# Dot product and cosine similarity (1.5, 1.6)
# ---------------------------------------------------------------------------


def _same_length(u: list[float], v: list[float], what: str) -> None:
    if len(u) != len(v):
        raise InputError(
            "v",
            f"u has {len(u)} numbers and v has {len(v)}: {what} needs vectors of the same length",
        )


class UV(Args):
    u: Vector
    v: Vector


U, V = sym("u", key="u"), sym("v", key="v")


def _dot_steps(u: Sequence[float], v: Sequence[float], total: float) -> list[Step]:
    terms = [x * y for x, y in zip(u, v, strict=True)]
    pairs = [paren(mul(x, y)) for x, y in zip(nums(u), nums(v), strict=True)]
    return [
        Step(math=eq(mul(U, V, op="·"), add(*pairs)), note="multiply matching positions"),
        Step(math=eq(add(*nums(terms)), value(total)), note="add the products"),
    ]


@operation(
    "dot",
    UV,
    topic="1.5",
    summary="Dot product: multiply matching entries and add.",
    example={"u": [1, 2, 3], "v": [4, 5, 6]},
)
def dot(a: UV) -> Explanation:
    _same_length(a.u, a.v, "a dot product")
    # fsum: the correctly rounded sum, so cancelling terms do not leave noise behind.
    total = _fsum_dot(a.u, a.v)
    meaning = (
        "positive: the vectors point broadly the same way"
        if total > 0
        else "negative: they point broadly opposite ways"
        if total < 0
        else "zero: the vectors are perpendicular"
    )
    steps = _dot_steps(a.u, a.v, total)
    return Explanation("dot", a.model_dump(), total, steps, [f"The dot product is {meaning}."])


def _cosine_value(u: Sequence[float], v: Sequence[float]) -> float:
    su, sv = _pow2_scaled(u), _pow2_scaled(v)
    value = _fsum_dot(su, sv) / (math.hypot(*su) * math.hypot(*sv))
    return max(-1.0, min(1.0, value))


def _cosine_meaning(c: float) -> str:
    if c >= 1 - 1e-9:
        return "≈ 1: the vectors point in the same direction (their lengths may differ)"
    if c <= -1 + 1e-9:
        return "≈ −1: the vectors point in opposite directions"
    if abs(c) < 1e-9:
        return "0: the vectors are perpendicular, unrelated in direction"
    if c >= 0.8:
        return f"{num(c, 3)}: very similar directions"
    if c > 0:
        return f"{num(c, 3)}: somewhat similar directions"
    return f"{num(c, 3)}: pointing broadly opposite ways"


@operation(
    "cosine",
    UV,
    topic="1.6",
    summary="Cosine similarity: the dot product divided by both lengths, from −1 to 1.",
    example={"u": [3, 4], "v": [6, 8]},
)
def cosine(a: UV) -> Explanation:
    _same_length(a.u, a.v, "cosine similarity")
    why = "a zero vector has no direction, so no angle or cosine can be measured; change it"
    _nonzero(a.u, "u", why)
    _nonzero(a.v, "v", why)
    d = _fsum_dot(a.u, a.v)
    u1, u2, nu = _squares_steps(a.u, "u")
    v1, v2, nv = _squares_steps(a.v, "v")
    cos = _cosine_value(a.u, a.v)
    angle = math.degrees(math.acos(cos))
    steps = [
        *_dot_steps(a.u, a.v, d),
        u1,
        u2,
        v1,
        v2,
        Step(
            math=eq(
                call("cos", THETA),
                frac(mul(U, V, op="·"), mul(norm_of(U), norm_of(V), op="")),
                frac(n(d), mul(n(nu), n(nv))),
                value(cos),
            ),
            note="divide the dot product by both lengths",
        ),
        Step(math=_angle(cos, angle), note="the angle between the vectors"),
    ]
    notes = [
        f"Cosine similarity {_cosine_meaning(cos)}.",
        "It compares direction only: 1 same direction, 0 perpendicular (unrelated), −1 opposite.",
    ]
    return Explanation("cosine", a.model_dump(), cos, steps, notes)


THETA = sym("θ")


def _angle(cos: float, angle: float) -> Node:
    """θ = arccos(0.6) ≈ 53.13°; an angle lost in rounding noise is shown as ≈ 0°."""
    shown = value(angle if abs(angle) >= 0.005 else 0.0, 2)
    exact = shown.value == angle and shown.exact()
    return eq(THETA, call("arccos", n(cos)), Post(shown, "°"), rels=("=", "=" if exact else "≈"))
