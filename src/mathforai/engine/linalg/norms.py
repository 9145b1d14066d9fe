"""Norms and normalization (1.8, 1.9)."""

from __future__ import annotations

import math

from ..explanation import Explanation, Step
from ..inputs import (
    Args,
    InputError,
    Vector,
)
from ..notation import lnum, lsigned, num, signed
from ..registry import operation
from .argtypes import Method, PNorm
from .vectors import _divide_steps
from .writing import (
    DOTS,
    _elide,
    _eq,
    _leq,
    _nonzero,
    _squares_steps,
    _sum_l,
    _sum_t,
    _unit_of,
    _vl,
    _vt,
)

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
    if args.p == 2:
        first, second, value = _squares_steps(v, "v", "v")
        first = Step(
            first.text.replace("‖v‖", "‖v‖₂", 1),
            first.latex.replace(r"\|v\|", r"\|v\|_2", 1),
            first.note,
        )
        steps = [first, second]
        note = "L2 is the straight-line length: it punishes large entries most."
    else:
        sizes = [abs(x) for x in v]
        value = math.fsum(sizes) if args.p == 1 else max(sizes)
        bars = [f"|{num(x)}|" for x in v]
        lbars = [rf"|{lnum(x)}|" for x in v]
        if args.p == 1:
            first = Step(
                f"‖v‖₁ = {_sum_t(bars)}",
                rf"\|v\|_1 = {_sum_l(lbars)}",
                "add the sizes (absolute values)",
            )
            second = Step(
                f"= {_sum_t([num(s) for s in sizes])} {_eq(value)} {num(value)}",
                rf"= {_sum_l([lnum(s) for s in sizes])} {_leq(value)} {lnum(value)}",
                "",
            )
            note = "L1 adds sizes: the distance walked along a city grid (Manhattan distance)."
        else:
            shown = ", ".join(_elide(bars))
            lshown = ", ".join(_elide(lbars, DOTS))
            first = Step(
                f"‖v‖∞ = max({shown})", rf"\|v\|_\infty = \max({lshown})", "the largest size"
            )
            second = Step(f"= {num(value)}", f"= {lnum(value)}", "")
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
        first, second, length = _squares_steps(x, "x", "x")
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
    steps = [
        Step(
            f"min = {num(lo)}, max = {num(hi)}, range = {num(hi)} − {signed(lo)} = {num(span)}",
            rf"\min = {lnum(lo)},\ \max = {lnum(hi)},\ \max-\min = {lnum(span)}",
            "find the smallest and largest",
        ),
        Step(
            f"x' = (x − {signed(lo)}) / {num(span)}",
            rf"x' = \frac{{x - {lsigned(lo)}}}{{{lnum(span)}}}",
            "shift so the minimum is 0, divide by the range",
        ),
        Step(
            "= ["
            + ", ".join(_elide([f"({num(xi)} − {signed(lo)})/{num(span)}" for xi in x]))
            + "]",
            r"= \left["
            + ",\\ ".join(
                _elide(
                    [rf"\frac{{{lnum(xi)}-{lsigned(lo)}}}{{{lnum(span)}}}" for xi in x], r"\dots"
                )
            )
            + r"\right]",
            "",
        ),
        Step(f"= {_vt(out)}", f"= {_vl(out)}", "the minimum maps to 0, the maximum to 1"),
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
