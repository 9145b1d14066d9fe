"""Norms and normalization (1.8, 1.9)."""

from __future__ import annotations

import math

from ..explanation import Explanation, Step
from ..inputs import (
    Args,
    InputError,
    Vector,
)
from ..mathtree import (
    Fence,
    add,
    call,
    count,
    elide,
    eq,
    frac,
    minus,
    n,
    nums,
    seq,
    sym,
    vec,
)
from ..mathtree import value as value_
from ..notation import num
from ..registry import operation
from .argtypes import Method, PNorm
from .vectors import _divide_steps
from .writing import _nonzero, _squares_steps, _unit_of, norm_of

# ---------------------------------------------------------------------------
# Norms and normalization (1.8, 1.9)
# ---------------------------------------------------------------------------


class NormArgs(Args):
    v: Vector
    p: PNorm = 2


@operation(
    "norm",
    NormArgs,
    topic="1.8",
    summary='Vector norms: L1 (sum of sizes), L2 (length) or "inf" (largest size).',
    example={"v": [3, -4, 2], "p": 1},
)
def norm(args: NormArgs) -> Explanation:
    v = args.v
    vs = sym("v", key="v")
    if args.p == 2:
        first, second, value = _squares_steps(v, "v", norm_of(vs, count(2)))
        steps = [first, second]
        note = "L2 is the straight-line length: it punishes large entries most."
    else:
        sizes = [abs(x) for x in v]
        value = math.fsum(sizes) if args.p == 1 else max(sizes)
        bars = [Fence(x, "|", "|") for x in nums(v)]
        if args.p == 1:
            first = Step(
                math=eq(norm_of(vs, count(1)), add(*bars)), note="add the sizes (absolute values)"
            )
            second = Step(math=eq(None, add(*nums(sizes)), value_(value)))
            note = "L1 adds sizes: the distance walked along a city grid (Manhattan distance)."
        else:
            first = Step(
                math=eq(norm_of(vs, sym("∞")), call("max", *elide(bars))), note="the largest size"
            )
            second = Step(math=eq(None, value_(value)))
            note = "The max norm keeps only the largest entry's size."
        steps = [first, second]
    return Explanation("norm", args.model_dump(), value, steps, [note])


class NormalizeArgs(Args):
    x: Vector
    method: Method = "l2"


@operation(
    "normalize",
    NormalizeArgs,
    topic="1.9",
    summary='Normalize: "l2" gives length 1; "minmax" rescales to the range 0…1.',
    example={"x": [10, 20, 30, 40, 50], "method": "minmax"},
)
def normalize(args: NormalizeArgs) -> Explanation:
    x = args.x
    if args.method == "l2":
        _nonzero(
            x,
            "x",
            "it has no direction and length 0, so it cannot be scaled to length 1; "
            'use method="minmax" or change x',
        )
        first, second, length = _squares_steps(x, "x")
        out = _unit_of(x)
        steps = [first, second, *_divide_steps(x, length, out, "x")]
        return Explanation(
            "normalize",
            args.model_dump(),
            out,
            steps,
            ["L2 normalization keeps the direction and makes the length 1."],
        )
    lo, hi = min(x), max(x)
    if lo == hi:
        raise InputError(
            "x",
            f"every number in x is {num(lo)}, so max − min = 0 and min-max scaling would divide by "
            'zero; a constant feature carries no information (drop it, or use method="l2")',
        )
    span = hi - lo
    out = [(xi - lo) / span for xi in x]
    lo_, hi_, xs = n(lo), n(hi), sym("x", key="x")
    steps = [
        Step(
            math=seq(
                eq(sym("min"), lo_), eq(sym("max"), hi_), eq(sym("range"), minus(hi_, lo_), n(span))
            ),
            note="find the smallest and largest",
        ),
        Step(
            math=eq(sym("x′", key="x"), frac(minus(xs, lo_), n(span))),
            note="shift so the minimum is 0, divide by the range",
        ),
        Step(math=eq(None, vec([frac(minus(xi, lo_), n(span)) for xi in nums(x)]))),
        Step(math=eq(None, vec(out)), note="the minimum maps to 0, the maximum to 1"),
    ]
    return Explanation(
        "normalize",
        args.model_dump(),
        out,
        steps,
        [
            "Min-max scaling puts features on the same 0…1 scale, "
            "so no feature dominates by its units."
        ],
    )
