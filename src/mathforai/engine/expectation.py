"""Random variables and expectation (topic 4.1): `expectation`.

E[X] and Var[X] of a discrete distribution given as values and their probabilities,
and (with a, b) linearity: E[aX + b] = aE[X] + b, Var[aX + b] = a²Var[X].
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import BeforeValidator, Field

from .explanation import Explanation, Step
from .inputs import Args, InputError, Number, to_vector
from .mathtree import Sqrt, add, call, eq, minus, mul, n, paren, power, sym, value
from .notation import num
from .registry import operation

# A distribution may miss 1 by float rounding (0.1 + 0.2 + 0.7), never by more.
SUM_TOLERANCE = 1e-9
X = sym("X", key="x")
E_X = call("E", X)
VAR_X = call("Var", X)


def require_distribution(name: str, p: list[float]) -> None:
    """Refuse anything that is not a probability distribution, saying what is wrong."""
    bad = [i for i, x in enumerate(p) if not 0.0 <= x <= 1.0]
    if bad:
        raise InputError(
            name, f"{name}[{bad[0]}] is {num(p[bad[0]])}: a probability is between 0 and 1"
        )
    total = math.fsum(p)
    if abs(total - 1.0) > SUM_TOLERANCE:
        raise InputError(
            name,
            f"{name} adds up to {num(total, 6)}, not 1: the probabilities of all the outcomes "
            f"must add up to 1 (divide each by {num(total)} to rescale)",
        )


class Expectation(Args):
    x: Annotated[
        list[float],
        BeforeValidator(to_vector),
        Field(description="the values X can take, such as [0, 1, 2]"),
    ]
    p: Annotated[
        list[float],
        BeforeValidator(to_vector),
        Field(
            description="the probability of each value, adding up to 1, such as [0.25, 0.5, 0.25]"
        ),
    ]
    a: Annotated[Number, Field(description="scale for E[aX + b] (linearity); default 1")] = 1.0
    b: Annotated[Number, Field(description="shift for E[aX + b] (linearity); default 0")] = 0.0


@operation(
    "expectation",
    Expectation,
    topic="4.1",
    summary="Expected value and variance of a discrete random variable (and of aX + b).",
    example={"x": [1, 2, 3, 4, 5, 6], "p": [1 / 6] * 6},
)
def expectation(a: Expectation) -> Explanation:
    x, p = a.x, a.p
    if len(x) != len(p):
        raise InputError(
            "p", f"x has {len(x)} values and p has {len(p)} probabilities: give one per value"
        )
    require_distribution("p", p)
    mean = math.fsum(xi * pi for xi, pi in zip(x, p))
    dev2 = [(xi - mean) ** 2 for xi in x]
    variance = math.fsum(d * pi for d, pi in zip(dev2, p))
    std = math.sqrt(variance)
    steps = [
        Step(
            math=eq(E_X, add(*(mul(n(xi), n(pi)) for xi, pi in zip(x, p))), value(mean)),
            note="weight each value by its probability and add: the long-run average",
        ),
        Step(
            math=eq(
                VAR_X,
                add(*(mul(n(pi), power(paren(minus(n(xi), n(mean))), 2)) for xi, pi in zip(x, p))),
                value(variance),
            ),
            note="the expected squared distance from the mean, weighted the same way",
        ),
        Step(
            math=eq(sym("σ"), Sqrt(n(variance)), value(std)),
            note="back in the units of X",
        ),
    ]
    result = {"mean": mean, "variance": variance, "std": std}
    notes = []
    if a.a != 1 or a.b != 0:
        t_mean, t_var = a.a * mean + a.b, a.a**2 * variance
        ax_b = add(mul(n(a.a), X, op=""), n(a.b))
        steps += [
            Step(
                math=eq(call("E", ax_b), add(mul(n(a.a), n(mean)), n(a.b)), value(t_mean)),
                note="linearity: scaling and shifting pass straight through an expectation",
            ),
            Step(
                math=eq(call("Var", ax_b), mul(power(n(a.a), 2), n(variance)), value(t_var)),
                note="a shift moves every value equally, so the spread is unchanged; a scale "
                "multiplies every distance by a, and the variance by a²",
            ),
        ]
        result["transformed_mean"] = t_mean
        result["transformed_variance"] = t_var
    if len(set(p)) == 1:
        notes.append(
            "Every value is equally likely, so E[X] is the plain mean of the values: an "
            "average over a data set is an expectation with probability 1/n on each example."
        )
    return Explanation("expectation", a.model_dump(), result, steps, notes)


__all__ = ["expectation", "require_distribution"]
