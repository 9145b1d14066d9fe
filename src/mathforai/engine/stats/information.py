"""Entropy, cross-entropy (2.8) and softmax (2.9)."""

from __future__ import annotations

import math
import sys
from typing import Annotated

from pydantic import BeforeValidator, Field

from ..explanation import Explanation, Step
from ..inputs import Args, InputError, Number, Vector, to_vector
from ..mathtree import (
    Neg,
    add,
    call,
    elide_map,
    eq,
    frac,
    minus,
    mul,
    n,
    nums,
    paren,
    power,
    seq,
    sym,
    value,
    vec,
)
from ..notation import num
from ..registry import operation
from .argtypes import LogBase, Probabilities, _log, _log_name, _require_distribution, _unit
from .writing import (
    LOG_EPSILON,
    SAFE_EXP,
    SHOWN,
)

# ---------------------------------------------------------------- 2.8 entropy


class Entropy(Args):
    p: Probabilities
    base: LogBase = "e"


@operation(
    "entropy",
    Entropy,
    topic="2.8",
    summary="Entropy: the average surprise of a distribution, H = −Σ p log p.",
    example={"p": [0.9, 0.1], "base": "e"},
)
def entropy(a: Entropy) -> Explanation:
    _require_distribution("p", a.p)
    name, _ = _log_name(a.base)
    kept = [x for x in a.p if x > 0]
    logs = [_log(x, a.base) for x in kept]
    products = [x * lg for x, lg in zip(kept, logs, strict=True)]
    h = math.fsum(-t for t in products) + 0.0  # + 0.0 turns −0.0 into 0.0
    log_of = sym(name)
    pairs = list(zip(kept, logs, strict=True))
    steps = [
        Step(
            math=seq(*elide_map(pairs, lambda p: eq(call(log_of, n(p[0])), value(p[1])))),
            note="the log of each probability (its surprise, negated)",
        ),
        Step(
            math=eq(
                sym("H"),
                Neg(paren(add(*elide_map(pairs, lambda p: mul(p[0], p[1]))))),
            ),
            note="weight each log by its probability",
        ),
        Step(
            math=eq(sym("H"), Neg(paren(add(*products))), value(h)),
            note=f"add and negate: the entropy in {_unit(a.base)}",
        ),
    ]
    k = len(a.p)
    h_max = _log(k, a.base) if k > 1 else 0.0
    notes = []
    if len(kept) < k:
        notes.append(
            "Entries of 0 are skipped: 0·log 0 is taken as 0 (p·log p → 0 as p → 0), since an "
            "outcome that never happens adds no surprise."
        )
    if k > 1:
        notes.append(
            f"The most uncertain distribution over {k} outcomes (uniform) has H = {name}({k}) = "
            f"{num(h_max)}; a certain outcome has H = 0. This one: {num(h)}."
        )
    return Explanation("entropy", a.model_dump(), h, steps, notes)


class CrossEntropy(Args):
    target: Annotated[
        list[float],
        BeforeValidator(to_vector),
        Field(description="the true distribution, often one-hot such as [1, 0, 0]"),
    ]
    predicted: Annotated[
        list[float],
        BeforeValidator(to_vector),
        Field(description="the model's distribution, such as [0.9, 0.07, 0.03]"),
    ]


@operation(
    "cross_entropy",
    CrossEntropy,
    topic="2.8",
    summary="Cross-entropy loss: −Σ target·log(predicted), how surprised the model is.",
    example={"target": [1, 0, 0], "predicted": [0.9, 0.07, 0.03]},
)
def cross_entropy(a: CrossEntropy) -> Explanation:
    t, q = a.target, a.predicted
    if len(t) != len(q):
        raise InputError(
            "predicted",
            f"target has {len(t)} entries and predicted has {len(q)}: give one predicted "
            "probability per class",
        )
    _require_distribution("target", t)
    _require_distribution("predicted", q)
    used = [i for i, ti in enumerate(t) if ti > 0]
    clipped = [i for i in used if q[i] < LOG_EPSILON]
    logs = {i: math.log(max(q[i], LOG_EPSILON)) for i in used}
    terms = [t[i] * logs[i] for i in used]
    loss = math.fsum(-x for x in terms) + 0.0
    ce = sym("CE")
    weighted = [mul(ti, call("log", qi)) for ti, qi in zip(nums(t), nums(q), strict=True)]
    steps = [
        Step(
            math=eq(ce, Neg(paren(add(*weighted)))),
            note="weight the log of each predicted probability by the target's probability",
        ),
        Step(
            math=eq(ce, Neg(paren(add(*(mul(n(t[i]), n(logs[i])) for i in used))))),
            note="classes whose target is 0 add nothing; take the logs of the rest",
        ),
        Step(math=eq(ce, Neg(paren(add(*nums(terms)))), value(loss)), note="add and negate"),
    ]
    notes = []
    if clipped:
        notes.append(
            f"predicted is 0 (or nearly) at {', '.join(f'[{i}]' for i in clipped[:SHOWN])}, "
            "where the target is not: "
            f"log(0) is −∞, so the prediction is clipped to {LOG_EPSILON:.0e} "
            f"(log = {num(math.log(LOG_EPSILON))}) to keep the loss finite. Frameworks guard "
            "the same way, or compute the loss straight from logits."
        )
    if len(used) == 1:
        i = used[0]
        notes.append(
            f"With a one-hot target the loss is just −log of the probability given to the right "
            f"class ({num(q[i])}): 0 when it is 1, growing without bound as it falls to 0."
        )
    else:
        h = math.fsum(-ti * math.log(ti) for ti in t if ti > 0)
        notes.append(
            f"The target's own entropy is {num(h)}; cross-entropy is never below it, and the "
            f"gap ({num(loss - h)}) is the KL divergence between target and prediction."
        )
    return Explanation("cross_entropy", a.model_dump(), loss, steps, notes)


# ---------------------------------------------------------------- 2.9 softmax


class Softmax(Args):
    logits: Vector
    temperature: Annotated[
        Number, Field(description="divides the logits: below 1 sharpens, above 1 flattens")
    ] = 1.0


@operation(
    "softmax",
    Softmax,
    topic="2.9",
    summary="Softmax: turn raw scores (logits) into probabilities that add up to 1.",
    example={"logits": [2.0, 1.0, 0.1], "temperature": 1},
)
def softmax(a: Softmax) -> Explanation:
    temp = a.temperature
    if temp <= 0:
        raise InputError(
            "temperature",
            f"temperature must be above 0 (got {num(temp)}): softmax divides the logits by it. "
            "Low temperatures (such as 0.5) sharpen the distribution, high ones (such as 2) "
            "flatten it; use 1 for plain softmax",
        )
    top = max(a.logits)
    # (x − max)/T, not x/T − max(x/T): every difference is finite, so nothing overflows
    # even when a tiny temperature makes x/T itself overflow.
    shifted = [(x - top) / temp for x in a.logits]
    exps = [math.exp(s) for s in shifted]
    total = math.fsum(exps)
    probs = [e / total for e in exps]

    steps: list[Step] = []
    scaled = [x / temp for x in a.logits]
    if temp != 1:
        z, t = sym("z", key="logits"), sym("T", key="temperature")
        steps.append(
            Step(
                math=eq(frac(z, t), frac(vec(a.logits), n(temp)), vec(scaled)),
                note="divide by the temperature: T below 1 spreads the scores apart (sharper), "
                "T above 1 squeezes them together (flatter)",
            )
        )
    plain_ok = all(abs(z) <= SAFE_EXP for z in scaled)
    if plain_ok:
        steps += _softmax_plain_steps(scaled)
    steps += _softmax_stable_steps(scaled, top / temp, shifted, exps, total, probs, plain_ok)

    notes = [_share_note(a.logits, probs)]
    if any(abs(z) > math.log(sys.float_info.max) for z in scaled):
        notes.append(
            "Computed naively, eᶻ would overflow here (float64 tops out near e⁷⁰⁹ ≈ 1.8 × 10³⁰⁸) "
            "and the division would give nan; subtracting the largest logit first keeps every "
            "exponent ≤ 0, so every eᶻ is between 0 and 1."
        )
    if temp != 1:
        notes.append(
            f"Temperature {num(temp)}: {'sharper' if temp < 1 else 'flatter'} than plain "
            "softmax. As T → 0 all the weight goes to the largest logit; as T grows the "
            "distribution approaches uniform."
        )
    return Explanation("softmax", a.model_dump(), probs, steps, notes)


def _share_note(logits: list[float], probs: list[float]) -> str:
    """What the shares say; equal or tied top logits are said as such, not as 'the largest'."""
    top = max(logits)
    tied = sum(1 for z in logits if z == top)
    if tied == len(logits):
        return (
            f"The probabilities add up to 1; equal logits get equal shares ({num(probs[0])} each)."
        )
    if tied > 1:
        return (
            f"The probabilities add up to 1; the {tied} tied largest logits share the top "
            f"probability ({num(max(probs))} each)."
        )
    return (
        f"The probabilities add up to 1; the largest logit gets the largest share "
        f"({num(max(probs))})."
    )


E = sym("e")
Z = sym("z", key="logits")


def _softmax_plain_steps(z: list[float]) -> list[Step]:
    exps = [math.exp(x) for x in z]
    total = math.fsum(exps)
    probs = [e / total for e in exps]
    pairs = list(zip(z, exps, strict=True))
    return [
        Step(
            math=seq(*elide_map(pairs, lambda p: eq(power(E, nums([p[0]])[0]), value(p[1])))),
            note="raise e to each logit: every result is positive",
        ),
        Step(math=eq(sym("total"), add(*nums(exps)), value(total)), note="add them"),
        Step(
            math=eq(call("softmax", Z), frac(vec(exps), n(total)), vec(probs)),
            note="divide each by the total, so they add up to 1",
        ),
    ]


def _softmax_stable_steps(
    scaled: list[float],
    top: float,
    shifted: list[float],
    exps: list[float],
    total: float,
    probs: list[float],
    plain_shown: bool,
) -> list[Step]:
    why = (
        "the stable way, as libraries compute it: subtract the largest logit first. "
        "Subtracting the same number from every logit leaves the probabilities unchanged, "
        "and it keeps eᶻ from overflowing (e¹⁰⁰⁰ is beyond float64)"
    )
    if plain_shown:
        why = "same answer, " + why
    shift = minus(Z, call("max", Z))
    return [
        Step(math=eq(shift, minus(vec(scaled), n(top)), vec(shifted)), note=why),
        Step(
            math=seq(eq(power(E, shift), vec(exps)), eq(sym("total"), value(total))),
            note="every exponent is ≤ 0, so every term is between 0 and 1 and the largest is "
            "exactly 1",
        ),
        Step(
            math=eq(call("softmax", Z), frac(vec(exps), n(total)), vec(probs)),
            note="divide each by the total",
        ),
    ]
