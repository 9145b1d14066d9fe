"""Practice for part 1: linear algebra."""

from __future__ import annotations

import random

from ...engine.notation import vec
from ..exercise import Exercise, Misconception


def _ints(rng: random.Random, n: int, lo: int = -5, hi: int = 9) -> list[int]:
    return [rng.randint(lo, hi) for _ in range(n)]


def dot_compute(rng: random.Random) -> Exercise:
    n = rng.randint(2, 4)
    u, v = _ints(rng, n), _ints(rng, n)
    value = sum(a * b for a, b in zip(u, v))
    summed = sum(a + b for a, b in zip(u, v))
    return Exercise(
        topic="1.5",
        prompt=f"Compute the dot product of $u = {vec(u)}$ and $v = {vec(v)}$.",
        answer_format="number",
        expected=float(value),
        solution_op="dot",
        solution_args={"u": u, "v": v},
        decimals=0,
        misconceptions=(
            Misconception(
                float(summed),
                "you added matching entries; a dot product multiplies "
                "them and then adds the products.",
            ),
        ),
    )


def dot_sign(rng: random.Random) -> Exercise:
    n = 3
    u, v = _ints(rng, n), _ints(rng, n)
    value = sum(a * b for a, b in zip(u, v))
    choices = (
        "positive: broadly the same direction",
        "zero: perpendicular",
        "negative: broadly opposite",
    )
    answer = 0 if value > 0 else 1 if value == 0 else 2
    return Exercise(
        topic="1.5",
        prompt=f"Without a calculator: is $u \\cdot v$ positive, zero or negative for "
        f"$u = {vec(u)}$, $v = {vec(v)}$?",
        answer_format="choice",
        expected=answer,
        solution_op="dot",
        solution_args={"u": u, "v": v},
        decimals=None,
        choices=choices,
    )


GENERATORS = {"1.5": [dot_compute, dot_sign]}
