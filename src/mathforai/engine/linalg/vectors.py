"""Scalars and vectors (1.1, 1.2): arithmetic, magnitude, unit, add, subtract, scale."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from ..explanation import Explanation, Step
from ..inputs import (
    Args,
    InputError,
    Number,
    Vector,
    VectorOrMatrix,
)
from ..mathtree import (
    Infix,
    Sqrt,
    array,
    elide_map,
    eq,
    frac,
    mat,
    minus,
    mul,
    n,
    nums,
    seq,
    sym,
    text,
    value,
    vec,
)
from ..mathtree import (
    add as plus,
)
from ..notation import num
from ..registry import operation
from .writing import (
    _describe_shape,
    _nonzero,
    _shape_of,
    _squares_steps,
    _unit_of,
    norm_of,
)

# ---------------------------------------------------------------------------
# Scalars and vectors (1.1, 1.2)
# ---------------------------------------------------------------------------


class AB(Args):
    a: Number
    b: Number


@operation(
    "arithmetic",
    AB,
    topic="1.1",
    summary="The four operations on two scalars: a + b, a − b, a × b, a ÷ b.",
    example={"a": 5, "b": 3},
)
def arithmetic(args: AB) -> Explanation:
    a, b = args.a, args.b
    quotient = a / b if b != 0 else None
    notes = ["A scalar is a single number: it has a size but no direction."]
    if quotient is not None and not math.isfinite(quotient):
        quotient = None
        notes.append(f"{num(a)} ÷ {num(b)} is too large to represent, so quotient is null.")
    result = {"sum": a + b, "difference": a - b, "product": a * b, "quotient": quotient}
    na, nb = n(a), n(b)
    steps = [
        Step(math=eq(plus(na, nb), value(a + b))),
        Step(math=eq(minus(na, nb), value(a - b))),
        Step(math=eq(mul(na, nb), value(a * b))),
    ]
    if b == 0:
        steps.append(
            Step(
                math=seq(mul(na, n(0), op="÷"), text("is undefined"), sep=" "),
                note="no number times 0 gives a",
            )
        )
        notes.append("b = 0: division by zero is undefined, so quotient is null.")
    elif quotient is not None:
        steps.append(Step(math=eq(mul(na, nb, op="÷"), value(quotient))))
    return Explanation("arithmetic", args.model_dump(), result, steps, notes)


class V(Args):
    v: Vector


@operation(
    "magnitude",
    V,
    topic="1.2",
    summary="Length of a vector: square each entry, add, take the square root.",
    example={"v": [3, 4]},
)
def magnitude(args: V) -> Explanation:
    first, second, norm = _squares_steps(args.v, "v")
    return Explanation(
        "magnitude",
        args.model_dump(),
        norm,
        [first, second],
        ["The magnitude (L2 norm) is the straight-line distance from the origin to v."],
    )


@operation(
    "unit",
    V,
    topic="1.2",
    summary="Unit vector: the same direction with length 1 (divide by the magnitude).",
    example={"v": [3, 4]},
)
def unit(args: V) -> Explanation:
    _nonzero(args.v, "v", "the zero vector has no direction, so it has no unit vector")
    first, second, norm = _squares_steps(args.v, "v")
    u = _unit_of(args.v)
    steps = [first, second, *_divide_steps(args.v, norm, u, "v")]
    return Explanation(
        "unit",
        args.model_dump(),
        u,
        steps,
        ["A unit vector keeps only the direction: its length is exactly 1."],
    )


def _divide_steps(v: Sequence[float], norm: float, u: Sequence[float], var: str) -> list[Step]:
    x, hat = sym(var, key=var), sym(f"{var}\u0302", key=var)
    check = math.hypot(*u)
    return [
        Step(
            math=eq(
                hat, frac(x, norm_of(x)), vec(elide_map(v, lambda xi: frac(xi, n(norm)))), vec(u)
            ),
            note="divide every entry by the magnitude",
        ),
        Step(
            math=seq(
                text("check:"),
                eq(norm_of(hat), Sqrt(plus(*[x * x for x in u])), value(check)),
                text("✓"),
                sep=" ",
            ),
            note="a unit vector has length 1",
        ),
    ]


class UVAny(Args):
    u: VectorOrMatrix
    v: VectorOrMatrix


def _same_shape(u: list[Any], v: list[Any], op: str) -> None:
    su, sv = _shape_of(u), _shape_of(v)
    if su != sv:
        raise InputError(
            "v",
            f"u is {_describe_shape(su)} but v is {_describe_shape(sv)}: "
            f"{op} works entry by entry, so give two values of the same shape",
        )


def _elementwise(
    args: UVAny, name: str, op: str, f: Callable[[float, float], float]
) -> Explanation:
    u, v = args.u, args.v
    _same_shape(u, v, name)
    matrix = bool(u) and isinstance(u[0], list)
    rows_u = u if matrix else [u]
    rows_v = v if matrix else [v]
    result = [
        [f(x, y) for x, y in zip(ru, rv, strict=True)]
        for ru, rv in zip(rows_u, rows_v, strict=True)
    ]
    cells = [
        [Infix(op, (n(x), n(y))) for x, y in zip(ru, rv, strict=True)]
        for ru, rv in zip(rows_u, rows_v, strict=True)
    ]
    out: list[Any] = result if matrix else result[0]
    work = mat(cells) if matrix else vec(cells[0])
    lhs = Infix(op, (sym("u", key="u"), sym("v", key="v")))
    steps = [
        Step(math=eq(lhs, work), note=f"{name} matching entries"),
        Step(math=eq(None, array(out))),
    ]
    return Explanation(name, args.model_dump(), out, steps, [])


@operation(
    "add",
    UVAny,
    topic="1.3",
    summary="Add two vectors or two matrices of the same shape, entry by entry.",
    example={"u": [[1, 2], [3, 4]], "v": [[5, 6], [7, 8]]},
)
def add(args: UVAny) -> Explanation:
    return _elementwise(args, "add", "+", lambda x, y: x + y)


@operation(
    "subtract",
    UVAny,
    topic="1.2",
    summary="Subtract two vectors or two matrices of the same shape, entry by entry.",
    example={"u": [9, 6, 3], "v": [2, 1, 1]},
)
def subtract(args: UVAny) -> Explanation:
    return _elementwise(args, "subtract", "−", lambda x, y: x - y)


class CV(Args):
    c: Number
    v: VectorOrMatrix


@operation(
    "scale",
    CV,
    topic="1.2",
    summary="Multiply every entry by a scalar: the length changes, the direction does not.",
    example={"c": 3, "v": [2, 3, 5]},
)
def scale(args: CV) -> Explanation:
    c, v = args.c, args.v
    matrix = bool(v) and isinstance(v[0], list)
    out: list[Any] = [[c * x for x in row] for row in v] if matrix else [c * x for x in v]
    c_, v_ = sym("c", key="c"), sym("v", key="v")
    work = mul(n(c), mat(v), op="") if matrix else vec([mul(n(c), x) for x in nums(v)])
    steps = [
        Step(math=eq(mul(c_, v_, op=""), work), note="multiply every entry by c"),
        Step(math=eq(None, array(out))),
    ]
    notes = [_scale_note(c)]
    return Explanation("scale", args.model_dump(), out, steps, notes)


def _scale_note(c: float) -> str:
    if c == 0:
        return "Scaling by 0 collapses every entry to 0."
    size = "longer" if abs(c) > 1 else "shorter" if abs(c) < 1 else "the same length"
    turn = "same direction" if c > 0 else "opposite direction"
    return f"Scaling by {num(c)} makes the vector {size}, pointing in the {turn}."
