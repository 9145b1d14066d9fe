"""Maximum likelihood (topic 4.3): `likelihood`.

The likelihood of observed outcomes under a Bernoulli model (p is one number, outcomes
0/1) or a categorical model (p is a distribution, outcomes are class indices from 0).
The product is computed through its log, which is how it stays representable for long
data; cross-entropy is shown to be the negated mean log-likelihood.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from .expectation import require_distribution
from .explanation import Explanation, Step
from .inputs import Args, InputError, to_number, to_vector
from .mathtree import add, call, count, elide, eq, frac, mul, n, nums, seq, sym, value, vec
from .notation import num
from .registry import operation


def _p_value(x: Any) -> float | list[float]:
    if isinstance(x, list | tuple):
        return to_vector(x)
    return to_number(x)


class Likelihood(Args):
    data: Annotated[
        list[float],
        BeforeValidator(to_vector),
        Field(
            description="the observed outcomes: 0/1 for Bernoulli, class indices from 0 "
            "for categorical"
        ),
    ]
    p: Annotated[
        float | list[float],
        BeforeValidator(_p_value),
        Field(
            description="the model: P(outcome 1) as one number (Bernoulli), or one "
            "probability per class (categorical)"
        ),
    ]


def _outcome_probabilities(data: list[float], p: float | list[float]) -> list[float]:
    if isinstance(p, float):
        if not 0.0 <= p <= 1.0:
            raise InputError("p", f"p is {num(p)}: a probability is between 0 and 1")
        bad = [x for x in data if x not in (0.0, 1.0)]
        if bad:
            raise InputError(
                "data",
                f"data holds {num(bad[0])}: with one p (a Bernoulli model) every outcome is 0 "
                "or 1. For more classes give p as a list, one probability per class",
            )
        return [p if x == 1.0 else 1.0 - p for x in data]
    require_distribution("p", p)
    bad = [x for x in data if not (x.is_integer() and 0 <= x < len(p))]
    if bad:
        raise InputError(
            "data",
            f"data holds {num(bad[0])}: outcomes are class indices 0 to {len(p) - 1} "
            f"(p has {len(p)} classes)",
        )
    return [p[int(x)] for x in data]


def _mle(data: list[float], p: float | list[float]) -> float | list[float]:
    size = len(data)
    if isinstance(p, float):
        return sum(1 for x in data if x == 1.0) / size
    counts = Counter(int(x) for x in data)
    return [counts.get(i, 0) / size for i in range(len(p))]


def _log_likelihood(data: list[float], p: float | list[float]) -> float:
    probs = _outcome_probabilities(data, p)
    if any(q == 0 for q in probs):
        return -math.inf
    return math.fsum(math.log(q) for q in probs)


@operation(
    "likelihood",
    Likelihood,
    topic="4.3",
    summary="Likelihood and log-likelihood of data under a Bernoulli or categorical model; "
    "cross-entropy as −mean log-likelihood.",
    example={"data": [1, 1, 0, 1], "p": 0.7},
)
def likelihood(a: Likelihood) -> Explanation:
    data, p = a.data, a.p
    probs = _outcome_probabilities(data, p)
    zero = [i for i, q in enumerate(probs) if q == 0]
    if zero:
        raise InputError(
            "p",
            f"observation {zero[0] + 1} (outcome {num(data[zero[0]])}) has probability 0 "
            "under this model, so the likelihood is 0 and its log is −∞: a model that rules "
            "out something that happened is infinitely wrong. Give that outcome some "
            "probability",
        )
    count_n = len(data)
    logs = [math.log(q) for q in probs]
    ll = math.fsum(logs)
    lik = math.exp(ll)
    ce = -ll / count_n
    mle = _mle(data, p)
    mle_ll = _log_likelihood(data, mle)
    at_p = " (p for a 1, 1 − p for a 0)" if isinstance(p, float) else ""
    mle_node = n(mle) if isinstance(mle, float) else vec(mle)
    steps = [
        Step(
            math=eq(call("P", sym("xᵢ")), seq(*elide(nums(probs)))),
            note="look up the model's probability of what actually happened, one observation "
            f"at a time{at_p}",
        ),
        Step(
            math=eq(sym("L"), mul(*nums(probs)), value(lik)),
            note="observations are independent, so their probabilities multiply",
        ),
        Step(
            math=eq(call("log", sym("L")), add(*nums(logs)), value(ll)),
            note="the log turns the product into a sum: the same ranking of models, no underflow",
        ),
        Step(
            math=eq(sym("CE"), frac(n(-ll), count(count_n)), value(ce)),
            note="cross-entropy = −log L / n, the average surprise per observation: the loss a "
            "classifier minimises. Lower cross-entropy is exactly higher likelihood",
        ),
        Step(
            math=seq(eq(sym("p̂"), mle_node), eq(call("log L", sym("p̂")), value(mle_ll))),
            note="the maximum-likelihood estimate (the data's own frequencies): no other p "
            "gives this data a higher likelihood",
        ),
    ]
    result = {
        "likelihood": lik,
        "log_likelihood": ll,
        "cross_entropy": ce,
        "mle": mle,
        "mle_log_likelihood": mle_ll,
    }
    notes = []
    if lik < 1e-300:
        notes.append(
            "The product underflows float64 (below about 1e-308) even though its log is an "
            "ordinary number: this is why models work with log-likelihoods."
        )
    if ll < mle_ll - 1e-12:
        notes.append(
            f"This p is {num(mle_ll - ll)} nats of log-likelihood below the best one; "
            "gradient descent on cross-entropy would move p towards the frequencies."
        )
    return Explanation("likelihood", a.model_dump(), result, steps, notes)


__all__ = ["likelihood"]
