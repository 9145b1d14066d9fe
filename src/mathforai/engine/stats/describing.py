"""Describing data (2.1–2.3): mean, variance, standard deviation."""

from __future__ import annotations

import math

from ..explanation import Explanation, Step
from ..inputs import Args, InputError, Vector
from ..mathtree import (
    Infix,
    Sqrt,
    Sub,
    add,
    count,
    elide_map,
    eq,
    frac,
    minus,
    n,
    nums,
    paren,
    power,
    seq,
    sym,
    value,
)
from ..notation import num
from ..registry import operation
from .argtypes import Sample

X_I = Sub(sym("x", key="x"), sym("i"))
SUM_X = Infix("", (sym("∑"), X_I))
XBAR = sym("x̄")
SUM_SQUARES = Infix("", (sym("∑"), power(paren(minus(X_I, XBAR)), 2)))

# ---------------------------------------------------------------- 2.1–2.3 describing data


class X(Args):
    x: Vector


class XSample(Args):
    x: Vector
    sample: Sample = False


@operation(
    "mean",
    X,
    topic="2.1",
    summary="Mean: add the values and divide by how many there are.",
    example={"x": [0.85, 0.9, 0.78, 0.92, 0.88]},
)
def mean(a: X) -> Explanation:
    steps, m = _mean_steps(a.x)
    return Explanation(
        "mean",
        a.model_dump(),
        m,
        steps,
        ["The mean is the balance point of the data: one number that summarises them all."],
    )


def _mean_steps(x: list[float]) -> tuple[list[Step], float]:
    k = len(x)
    total = math.fsum(x)
    m = total / k
    steps = [
        Step(math=eq(SUM_X, add(*nums(x)), value(total)), note="add every value"),
        Step(
            math=eq(XBAR, frac(n(total), count(k)), value(m)),
            note=f"divide by n = {k}, the number of values",
        ),
    ]
    return steps, m


def _variance_steps(x: list[float], sample: bool) -> tuple[list[Step], float, float]:
    k = len(x)
    if sample and k < 2:
        raise InputError(
            "sample",
            "a sample variance divides by n − 1, which is 0 for one value: give at least "
            "two values, or use sample=false",
        )
    steps, m = _mean_steps(x)
    squares = [(xi - m) ** 2 for xi in x]
    ss = math.fsum(squares)
    divisor = k - 1 if sample else k
    var = ss / divisor
    deviations = elide_map(
        list(zip(x, squares, strict=True)),
        lambda p: eq(power(paren(minus(nums([p[0]])[0], n(m))), 2), value(p[1])),
    )
    symbol = sym("s²" if sample else "σ²")
    why = (
        f"sample: divide by n − 1 = {divisor}, not n (Bessel's correction). The deviations are "
        "measured from the sample's own mean, which sits closer to the data than the true mean "
        "does, so dividing by n would underestimate the spread"
        if sample
        else f"population: divide by n = {k}, because these values are the whole group"
    )
    steps += [
        Step(
            math=seq(*deviations),
            note="square each value's distance from the mean (squaring makes every distance "
            "count as positive)",
        ),
        Step(
            math=eq(SUM_SQUARES, add(*nums(squares)), value(ss)),
            note="add the squared deviations",
        ),
        Step(math=eq(symbol, frac(n(ss), count(divisor)), value(var)), note=why),
    ]
    return steps, m, var


@operation(
    "variance",
    XSample,
    topic="2.2",
    summary="Variance: the average squared distance from the mean.",
    example={"x": [2, 4, 4, 4, 5, 5, 7, 9], "sample": False},
)
def variance(a: XSample) -> Explanation:
    steps, _, var = _variance_steps(a.x, a.sample)
    notes = [
        "Variance is in squared units (points², dollars²); its square root, the standard "
        "deviation, is back in the data's units."
    ]
    if a.sample:
        notes.append("Dividing by n − 1 is Bessel's correction; numpy's np.var(x, ddof=1).")
    return Explanation("variance", a.model_dump(), var, steps, notes)


@operation(
    "std",
    XSample,
    topic="2.3",
    summary="Standard deviation: the square root of the variance, in the data's own units.",
    example={"x": [2, 4, 4, 4, 5, 5, 7, 9], "sample": False},
)
def std(a: XSample) -> Explanation:
    steps, m, var = _variance_steps(a.x, a.sample)
    sd = math.sqrt(var)
    symbol = sym("s" if a.sample else "σ")
    steps.append(
        Step(
            math=eq(symbol, Sqrt(n(var)), value(sd)),
            note="take the square root to return to the data's units",
        )
    )
    low, high = m - sd, m + sd
    inside = sum(1 for xi in a.x if low <= xi <= high)
    notes = [
        f"Mean ± 1 standard deviation = [{num(m)} − {num(sd)}, {num(m)} + {num(sd)}] = "
        f"[{num(low)}, {num(high)}]"
        f": {inside} of {len(a.x)} values lie in it. For bell-shaped data about 68% do."
    ]
    if a.sample:
        notes.append("Sample standard deviation (n − 1, Bessel's correction): np.std(x, ddof=1).")
    return Explanation("std", a.model_dump(), sd, steps, notes)
