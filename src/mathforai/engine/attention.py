"""Scaled dot-product attention (topic 4.7): `attention`.

softmax(QKᵀ/√d + mask)·V, with the shape written at every stage, because in practice
shapes are where attention code goes wrong. The softmax is the stable one (subtract
each row's largest score); masked positions get weight exactly 0.
"""

from __future__ import annotations

import math
from typing import Annotated

import numpy as np
from pydantic import BeforeValidator, Field

from .budgets import check_result_size
from .explanation import Explanation, Step
from .inputs import Args, InputError, to_matrix
from .mathtree import Neg, Node, Sqrt, count, eq, frac, mat, mul, sym, text
from .mathtree import n as n_
from .matrix_text import choice_of, clean, shape_of
from .notation import num
from .registry import operation

MASKS = ("none", "causal")


class Attention(Args):
    Q: Annotated[
        list[list[float]],
        BeforeValidator(to_matrix),
        Field(description="queries: one row per position, d columns"),
    ]
    K: Annotated[
        list[list[float]],
        BeforeValidator(to_matrix),
        Field(description="keys: one row per position, the same d columns as Q"),
    ]
    V: Annotated[
        list[list[float]],
        BeforeValidator(to_matrix),
        Field(description="values: one row per key"),
    ]
    mask: Annotated[
        str,
        BeforeValidator(choice_of(MASKS, "mask")),
        Field(description='"none" (every query sees every key) or "causal" (no peeking ahead)'),
    ] = "none"


def _check_shapes(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: str) -> None:
    if q.shape[1] != k.shape[1]:
        raise InputError(
            "K",
            f"Q is {shape_of(q)} and K is {shape_of(k)}: queries and keys need the same "
            f"number of columns d (Q·Kᵀ dots each query with each key), here {q.shape[1]} "
            f"and {k.shape[1]}",
        )
    if k.shape[0] != v.shape[0]:
        raise InputError(
            "V",
            f"K has {k.shape[0]} rows but V has {v.shape[0]}: every key needs its value, so "
            "V needs one row per row of K",
        )
    if mask == "causal" and q.shape[0] != k.shape[0]:
        raise InputError(
            "mask",
            f"a causal mask pairs query i with keys 0…i, so Q and K need the same number of "
            f"rows (positions); here {q.shape[0]} and {k.shape[0]}. Use mask none",
        )


@operation(
    "attention",
    Attention,
    topic="4.7",
    summary="Scaled dot-product attention: softmax(QKᵀ/√d)·V, with an optional causal mask.",
    example={
        "Q": [[1, 0], [0, 1], [1, 1]],
        "K": [[1, 0], [0, 1], [1, 1]],
        "V": [[1, 2], [3, 4], [5, 6]],
        "mask": "causal",
    },
)
def attention(a: Attention) -> Explanation:
    q, k, v = (np.asarray(m, dtype=float) for m in (a.Q, a.K, a.V))
    _check_shapes(q, k, v, a.mask)
    n, d = q.shape
    m = k.shape[0]
    # Scores and weights are n×m each: 5000 one-number queries and keys are 25 million.
    check_result_size(
        "K",
        2 * n * m + n * v.shape[1],
        f"attention of {n} queries over {m} keys (scores and weights are {n}×{m} each)",
        "use fewer positions (rows of Q and K)",
    )
    raw = q @ k.T
    scores = raw / math.sqrt(d)
    allowed = np.tril(np.ones((n, m), dtype=bool)) if a.mask == "causal" else np.ones((n, m), bool)
    masked = np.where(allowed, scores, -np.inf)
    top = masked.max(axis=1, keepdims=True)
    exps = np.where(allowed, np.exp(masked - top), 0.0)
    weights = exps / exps.sum(axis=1, keepdims=True)
    output = weights @ v
    qk = mul(sym("Q", key="Q"), sym("Kᵀ"), op="")
    dv = v.shape[1]
    steps = [
        Step(
            math=eq(qk, mat(clean(raw))),
            note=f"({n}×{d})·({d}×{m}) → {n}×{m}: row i, column j is the dot product of query i "
            "with key j, how well they match",
        ),
        Step(
            math=eq(frac(qk, Sqrt(count(d))), frac(qk, n_(math.sqrt(d))), mat(clean(scores))),
            note="dot products of d-entry vectors grow like √d; dividing keeps the softmax from "
            "saturating (all weight on one key) as d grows",
        ),
    ]
    if a.mask == "causal":
        steps.append(
            Step(
                math=eq(text("masked"), _masked(scores, allowed)),
                note="causal mask: entries above the diagonal set to −∞. Position i may look "
                "only at positions up to i, never ahead; exp(−∞) = 0, so those keys get no weight",
            )
        )
    steps += [
        Step(
            math=eq(text("weights"), mat(clean(weights))),
            note=f"softmax along each row ({n}×{m}), the stable way (subtracting the row's "
            "largest score): each query's weights are positive and add up to 1",
        ),
        Step(
            math=eq(
                text("output"), mul(text("weights"), sym("V", key="V"), op="·"), mat(clean(output))
            ),
            note=f"({n}×{m})·({m}×{dv}) → {n}×{dv}: each output row is a weighted average of "
            "the rows of V",
        ),
    ]
    result = {
        "scores": clean(scores),
        "weights": clean(weights),
        "output": clean(output),
        "shapes": {
            "Q": [n, d],
            "K": [m, d],
            "V": list(v.shape),
            "scores": [n, m],
            "output": [n, v.shape[1]],
        },
    }
    notes = [
        "scores holds QKᵀ/√d before any mask; masked entries become −∞ only inside the "
        "softmax, so their weights are exactly 0.",
    ]
    spread = float(scores[allowed].max() - scores[allowed].min())
    if spread > 20:
        notes.append(
            f"The scores span {num(spread)}: softmax is nearly one-hot here, so gradients "
            "through the other weights are tiny."
        )
    notes.append(_row_note(weights))
    return Explanation("attention", a.model_dump(), result, steps, notes)


def _masked(scores: np.ndarray, allowed: np.ndarray) -> Node:
    """The masked scores with −∞ written out."""
    return mat(
        [
            [n_(float(x)) if ok else Neg(sym("∞")) for x, ok in zip(row, keep, strict=True)]
            for row, keep in zip(clean(scores), allowed, strict=True)
        ]
    )


def _row_note(weights: np.ndarray) -> str:
    best = int(np.argmax(weights[-1]))
    return (
        f"The last query puts its largest weight ({num(float(weights[-1, best]))}) on key "
        f"{best + 1}."
    )


__all__ = ["MASKS", "attention"]
