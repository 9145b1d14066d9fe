"""Distributions, logarithms and log-probabilities (2.7)."""

from __future__ import annotations

import math
import sys

from ..explanation import Explanation, Step
from ..inputs import Args, InputError, Number
from ..mathtree import Infix, Rel, Sub, add, call, eq, mul, n, nums, seq, sym, text, value
from ..notation import num
from ..registry import operation
from .argtypes import (
    LogBase,
    Probabilities,
    _check_probabilities,
    _distribution_problems,
    _log,
    _log_name,
)

P_I = Sub(sym("p", key="p"), sym("i"))

# ---------------------------------------------------------------- distributions and logs


class PList(Args):
    p: Probabilities


@operation(
    "distribution",
    PList,
    topic="2.4",
    summary="Check a probability distribution: every entry in [0, 1], adding up to 1.",
    example={"p": [0.87, 0.13]},
)
def distribution(a: PList) -> Explanation:
    total, problems = _distribution_problems(a.p)
    in_range = not any(x < 0 or x > 1 for x in a.p)
    steps = [
        Step(
            math=seq(
                Rel(n(0), (("≤", P_I), ("≤", n(1)))), text("yes" if in_range else "no"), sep="? "
            ),
            note="each entry is a probability",
        ),
        Step(
            math=eq(Infix("", (sym("∑"), P_I)), add(*nums(a.p)), value(total)),
            note="the entries must add up to 1: something must happen",
        ),
    ]
    if problems:
        notes = ["Not a probability distribution: " + "; ".join(problems) + "."]
        if in_range or all(x >= 0 for x in a.p):
            if total > 0:
                notes.append(f"Dividing every entry by {num(total)} would rescale it to sum to 1.")
        else:
            notes.append("Raw scores (logits) become a distribution through softmax.")
    else:
        notes = ["A valid probability distribution."]
    result = {"valid": not problems, "sum": total}
    return Explanation("distribution", a.model_dump(), result, steps, notes)


class Log(Args):
    x: Number
    base: LogBase = "e"


@operation(
    "log",
    Log,
    topic="2.7",
    summary="Logarithm: the power the base must be raised to to give x.",
    example={"x": 0.5, "base": "e"},
)
def log(a: Log) -> Explanation:
    if a.x <= 0:
        raise InputError(
            "x",
            f"log is undefined for x ≤ 0 (x is {num(a.x)}): no power of the base gives zero or "
            "a negative number. log(0) is −∞ — as x → 0 the log falls without bound — so give "
            "x above 0",
        )
    value_ = _log(a.x, a.base)
    name, _ = _log_name(a.base)
    base_text = "e ≈ 2.718" if a.base == "e" else str(a.base)
    steps = [
        Step(
            math=eq(call(name, n(a.x)), value(value_)),
            note=f"{base_text} raised to {num(value_)} gives {num(a.x)}",
        )
    ]
    notes = []
    if a.x < 1:
        notes.append(
            "Below 1 (any probability short of certainty) the log is negative; the smaller the "
            "number, the more negative its log."
        )
    elif a.x == 1:
        notes.append("log(1) = 0 in every base: any base to the power 0 is 1.")
    return Explanation("log", a.model_dump(), value_, steps, notes)


@operation(
    "logprob",
    PList,
    topic="2.7",
    summary="Log probability: add logs instead of multiplying tiny probabilities.",
    example={"p": [0.001, 0.002, 0.003, 0.001]},
)
def logprob(a: PList) -> Explanation:
    _check_probabilities("p", a.p, allow_zero=False)
    logs = [math.log(x) for x in a.p]
    log_sum = math.fsum(logs)
    product = math.prod(a.p)
    steps = [
        Step(
            math=eq(add(*(call("log", x) for x in nums(a.p))), add(*nums(logs))),
            note="take the log of each probability",
        ),
        Step(
            math=eq(Infix("", (sym("∑"), call("log", P_I))), value(log_sum)),
            note="add the logs: the log of a product is the sum of the logs",
        ),
        Step(
            math=eq(Infix("", (sym("∏"), P_I)), mul(*nums(a.p)), value(product)),
            note="the same thing multiplied directly",
        ),
    ]
    notes = []
    if product == 0.0:
        notes.append(
            f"The product underflowed to 0.0: the true value (e to the power {num(log_sum, 1)}) "
            "is below the smallest positive float64 (about 4.9 × 10⁻³²⁴), while the log-sum "
            f"{num(log_sum, 1)} is "
            "an ordinary number. That is why models add log probabilities instead of "
            "multiplying probabilities."
        )
    elif product < sys.float_info.min:
        notes.append(
            "The product is so small that float64 keeps only a few of its digits (a subnormal "
            "number); the log-sum keeps full precision. Models add logs for this reason."
        )
    else:
        notes.append(
            "Both forms work here, but a long sequence of small probabilities would underflow "
            "the product to 0; the log-sum never does."
        )
    result = {"log_sum": log_sum, "product": product}
    return Explanation("logprob", a.model_dump(), result, steps, notes)
