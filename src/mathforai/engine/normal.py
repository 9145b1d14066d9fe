"""The normal distribution (topic 4.2): `normal` and `init_variance`.

Areas come from the error function (math.erf), not from a table, so the 68–95–99.7
rule is computed rather than recited.
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import BeforeValidator, Field

from .explanation import Explanation, Step
from .inputs import Args, InputError, Number
from .mathtree import (
    Node,
    Sqrt,
    add,
    call,
    count,
    eq,
    frac,
    minus,
    mul,
    n,
    power,
    rel,
    sym,
    text,
    value,
)
from .matrix_text import choice_of, to_count, to_optional_count
from .notation import num
from .registry import operation

SQRT2 = math.sqrt(2.0)
SCHEMES = ("normal", "lecun", "xavier", "he")
ACTIVATIONS = ("linear", "relu")


def cdf(z: float) -> float:
    """P(Z ≤ z) for a standard normal Z."""
    return 0.5 * (1.0 + math.erf(z / SQRT2))


class Normal(Args):
    x: Annotated[Number, Field(description="the value to look at")]
    mu: Annotated[Number, Field(description="the mean μ (centre of the bell)")] = 0.0
    sigma: Annotated[Number, Field(description="the standard deviation σ (> 0)")] = 1.0
    k: Annotated[Number, Field(description="how many standard deviations for P(within k σ)")] = 1.0


@operation(
    "normal",
    Normal,
    topic="4.2",
    summary="The normal distribution: density at x, z-score, area below x and within k σ.",
    example={"x": 1, "mu": 0, "sigma": 1, "k": 1},
)
def normal(a: Normal) -> Explanation:
    if a.sigma <= 0:
        raise InputError(
            "sigma",
            f"sigma is {num(a.sigma)}: a standard deviation must be above 0 (it is the width "
            "of the bell)",
        )
    if a.k <= 0:
        raise InputError("k", f"k is {num(a.k)}: give a positive number of standard deviations")
    z = (a.x - a.mu) / a.sigma
    density = math.exp(-0.5 * z * z) / (a.sigma * math.sqrt(2 * math.pi))
    below = cdf(z)
    within = math.erf(a.k / SQRT2)
    x_, mu, sigma = sym("x", key="x"), sym("μ", key="mu"), sym("σ", key="sigma")
    z_ = sym("z")
    height = a.sigma * math.sqrt(2 * math.pi)
    steps = [
        Step(
            math=eq(
                z_, frac(minus(x_, mu), sigma), frac(minus(n(a.x), n(a.mu)), n(a.sigma)), value(z)
            ),
            note="how many standard deviations x lies from the mean",
        ),
        Step(
            math=eq(
                call("f", x_), frac(power(sym("e"), n(-0.5 * z * z)), n(height)), value(density)
            ),
            note="the height of the bell at x, exp(−z²/2) / (σ√(2π)): a density, not a "
            "probability (it can exceed 1 for a narrow bell)",
        ),
        Step(
            math=eq(call("P", rel(sym("X"), "≤", x_)), call("Φ", n(z)), value(below)),
            note="the area under the bell to the left of x: Φ(z) = (1 + erf(z/√2))/2",
        ),
        Step(
            math=eq(
                call("P", rel(sym("|X − μ|"), "<", mul(n(a.k), sigma, op=""))),
                call("erf", frac(n(a.k), Sqrt(n(2)))),
                value(within),
            ),
            note="the area within k standard deviations of the mean: the same for every normal",
        ),
    ]
    result = {"z": z, "density": density, "below": below, "within_k": within}
    one, two, three = (num(math.erf(j / SQRT2) * 100, 2) for j in (1, 2, 3))
    notes = [
        f"Within 1σ of the mean lies {one}% of the area, within 2σ {two}%, within 3σ "
        f"{three}%: the 68–95–99.7 rule."
    ]
    if abs(z) > 3:
        notes.append(f"|z| = {num(abs(z))} > 3: rarer than about 3 in 1000 under this normal.")
    return Explanation("normal", a.model_dump(), result, steps, notes)


# ---------------------------------------------------------------- initialisation


class InitVariance(Args):
    n_in: Annotated[
        int, BeforeValidator(to_count), Field(description="fan-in: inputs summed per neuron")
    ]
    n_out: Annotated[
        int | None,
        BeforeValidator(to_optional_count),
        Field(description="fan-out (used by xavier); default n_in"),
    ] = None
    scheme: Annotated[
        str,
        BeforeValidator(choice_of(SCHEMES, "scheme")),
        Field(description='"normal" (variance 1), "lecun" (1/n_in), "xavier" or "he"'),
    ] = "xavier"
    activation: Annotated[
        str,
        BeforeValidator(choice_of(ACTIVATIONS, "activation")),
        Field(description='"linear" or "relu" (which zeroes half of a symmetric input)'),
    ] = "linear"
    layers: Annotated[
        int, BeforeValidator(to_count), Field(description="how many such layers in a row")
    ] = 1


def weight_variance(scheme: str, n_in: int, n_out: int) -> float:
    """Var(w) for an initialisation scheme."""
    return {
        "normal": 1.0,
        "lecun": 1 / n_in,
        "xavier": 2 / (n_in + n_out),
        "he": 2 / n_in,
    }[scheme]


def _formula(scheme: str, n_in: int, n_out: int) -> Node:
    """How a scheme's Var(w) is written: 1, 1/n, 2/(n_in + n_out) or 2/n."""
    if scheme == "normal":
        return n(1)
    if scheme == "lecun":
        return frac(n(1), count(n_in))
    if scheme == "xavier":
        return frac(n(2), add(count(n_in), count(n_out)))
    return frac(n(2), count(n_in))


@operation(
    "init_variance",
    InitVariance,
    topic="4.2",
    summary="Weight initialisation: the variance of a sum of n products, and Xavier/He scales.",
    example={"n_in": 256, "scheme": "xavier", "activation": "linear", "layers": 10},
)
def init_variance(a: InitVariance) -> Explanation:
    n_out = a.n_out or a.n_in
    var_w = weight_variance(a.scheme, a.n_in, n_out)
    keep = 0.5 if a.activation == "relu" else 1.0
    gain = a.n_in * var_w * keep
    log_total = a.layers * math.log10(gain)
    if abs(log_total) > 300:
        raise InputError(
            "layers",
            f"{a.layers} layers multiply the variance by 10 to the power {num(log_total, 1)}, "
            "beyond what a "
            "float can hold: use fewer layers to see the trend",
        )
    total = gain**a.layers
    w, x, y = sym("w"), sym("x"), sym("y")
    summed = a.n_in * var_w
    steps = [
        Step(
            math=eq(call("Var", w), _formula(a.scheme, a.n_in, n_out), value(var_w, 6)),
            note=f"the variance the weights are drawn with ({a.scheme}); their standard "
            f"deviation is {num(math.sqrt(var_w))}",
        ),
        Step(
            math=eq(
                call("Var", y),
                mul(sym("n"), call("Var", w), call("Var", x), op="·"),
                mul(count(a.n_in), n(var_w, 6), n(1)),
                value(summed),
            ),
            note="variances of independent, mean-zero terms add: n terms, each with variance "
            "Var(w)·Var(x) (inputs taken with variance 1)",
        ),
    ]
    if keep != 1:
        steps.append(
            Step(
                math=eq(text("after ReLU"), frac(n(summed), n(2)), value(gain)),
                note="ReLU zeroes the negative half of a symmetric signal, halving its mean "
                "square (the quantity the next layer's sum sees)",
            )
        )
    steps.append(
        Step(
            math=eq(text("after all layers"), power(n(gain), count(a.layers)), value(total)),
            note=f"each of the {a.layers} layer(s) multiplies the signal's variance by the "
            "same factor",
        )
    )
    result = {
        "weight_variance": var_w,
        "weight_std": math.sqrt(var_w),
        "gain": gain,
        "output_variance": total,
    }
    notes = [_verdict(gain)]
    return Explanation("init_variance", a.model_dump(), result, steps, notes)


def _verdict(gain: float) -> str:
    if math.isclose(gain, 1.0, rel_tol=1e-9):
        return "A factor of exactly 1 per layer: the signal keeps its size however deep."
    trend = "explodes" if gain > 1 else "vanishes"
    return (
        f"A factor of {num(gain)} per layer: through a deep stack the signal {trend}. "
        "Xavier keeps it near 1 for linear (or tanh) layers, He for ReLU layers."
    )


__all__ = ["cdf", "init_variance", "normal", "weight_variance"]
