"""Practice for 1.5–1.8: dot product, cosine similarity, matrix multiplication and norms."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from ...engine.notation import lmat, vec
from ..exercise import Exercise, Misconception
from .building import result
from .linalg_common import _exercise, _ints, _matrix, _nonzero_ints

# ---------------------------------------------------------------------------
# 1.5 Dot product
# ---------------------------------------------------------------------------


def dot_compute(rng: random.Random) -> Exercise:
    n = rng.randint(2, 4)
    u, v = _ints(rng, n), _ints(rng, n)
    args = {"u": u, "v": v}
    return _exercise(
        "1.5",
        f"Compute the dot product of $u = {vec(u)}$ and $v = {vec(v)}$.",
        "number",
        result("dot", args),
        "dot",
        args,
        mistakes=(
            Misconception(
                float(sum(a + b for a, b in zip(u, v))),
                "you added matching entries; a dot product multiplies "
                "them and then adds the products.",
            ),
        ),
    )


DOT_SIGNS = (
    "positive: broadly the same direction",
    "zero: perpendicular",
    "negative: broadly opposite",
)


def dot_sign(rng: random.Random) -> Exercise:
    while True:
        u = _nonzero_ints(rng, 3)
        # A quarter are perpendicular by construction, so "zero" comes up too.
        v = [u[1], -u[0], 0] if rng.random() < 0.25 else _nonzero_ints(rng, 3)
        if any(v):
            break
    args = {"u": u, "v": v}
    value = result("dot", args)
    answer = 0 if value > 0 else 1 if value == 0 else 2
    return _exercise(
        "1.5",
        "Without a calculator: is $u \\cdot v$ positive, zero or negative for "
        f"$u = {vec(u)}$, $v = {vec(v)}$?",
        "choice",
        answer,
        "dot",
        args,
        choices=DOT_SIGNS,
    )


# ---------------------------------------------------------------------------
# 1.6 Cosine similarity
# ---------------------------------------------------------------------------


def cosine_compute(rng: random.Random) -> Exercise:
    n = rng.randint(2, 3)
    u, v = _nonzero_ints(rng, n), _nonzero_ints(rng, n)
    args = {"u": u, "v": v}
    d = float(sum(a * b for a, b in zip(u, v)))
    return _exercise(
        "1.6",
        f"Compute the cosine similarity of $u = {vec(u)}$ and $v = {vec(v)}$, to 3 decimals.",
        "number",
        result("cosine", args),
        "cosine",
        args,
        decimals=3,
        mistakes=(
            Misconception(
                d,
                "that is the dot product u·v; cosine similarity divides it by both lengths, "
                "‖u‖·‖v‖.",
            ),
            Misconception(
                d / math.hypot(*u),
                "you divided by ‖u‖ only; divide by both lengths, ‖u‖·‖v‖.",
            ),
        ),
    )


COSINE_CHOICES = (
    "the same direction (cos = 1)",
    "perpendicular (cos = 0)",
    "opposite directions (cos = −1)",
    "none of these: an angle in between",
)


def _cosine_pair(rng: random.Random, case: int) -> tuple[list[int], list[int]]:
    n = rng.randint(2, 3)
    base = _nonzero_ints(rng, n, -3, 4)
    k1, k2 = rng.sample([1, 2, 3, 4], 2)
    if case == 0:
        return [k1 * x for x in base], [k2 * x for x in base]
    if case == 2:
        return [k1 * x for x in base], [-k2 * x for x in base]
    if case == 1:
        if n == 2:
            return base, [-k2 * base[1], k2 * base[0]]
        w = _nonzero_ints(rng, 3, -3, 4)
        cross = [
            base[1] * w[2] - base[2] * w[1],
            base[2] * w[0] - base[0] * w[2],
            base[0] * w[1] - base[1] * w[0],
        ]
        return base, cross
    return base, _nonzero_ints(rng, n, -3, 4)


def cosine_judge(rng: random.Random) -> Exercise:
    case = rng.randrange(4)
    while True:
        u, v = _cosine_pair(rng, case)
        if not any(u) or not any(v):
            continue
        args = {"u": u, "v": v}
        c = result("cosine", args)
        if case != 3 or 0.15 <= abs(c) <= 0.9:  # "in between" must be clearly in between
            break
    answer = 0 if c >= 1 - 1e-9 else 2 if c <= -1 + 1e-9 else 1 if abs(c) < 1e-9 else 3
    mistakes: tuple[Misconception, ...] = ()
    if answer == 2:
        mistakes = (
            Misconception(
                0,
                "v is a multiple of u, but a negative one: it points the opposite way (cos = −1).",
            ),
        )
    elif answer == 0:
        mistakes = (
            Misconception(
                3,
                "the lengths differ, but cosine compares direction only: v is a positive "
                "multiple of u, so cos = 1.",
            ),
        )
    return _exercise(
        "1.6",
        f"Without computing the cosine to decimals: $u = {vec(u)}$ and $v = {vec(v)}$ point in …",
        "choice",
        answer,
        "cosine",
        args,
        choices=COSINE_CHOICES,
        mistakes=mistakes,
    )


# ---------------------------------------------------------------------------
# 1.7 Matrix multiplication
# ---------------------------------------------------------------------------

SIZES = (2, 3, 4, 8, 16, 32, 64, 128, 256, 512, 768)


def matmul_shape_answer(rng: random.Random) -> Exercise:
    m, n, p = rng.sample(SIZES, 3)
    args = {"a": [m, n], "b": [n, p]}
    shape = result("matmul_shape", args)["shape"]
    return _exercise(
        "1.7",
        f"A batch $X$ has shape $({m}, {n})$ and a weight matrix $W$ has shape $({n}, {p})$. "
        "What is the shape of $XW$?",
        "shape",
        shape,
        "matmul_shape",
        args,
        mistakes=(
            Misconception(
                [m, n],
                "you took the rows of X and the rows of W; the product keeps X's rows and "
                "W's columns.",
            ),
            Misconception(
                [p, m],
                "you swapped the order; (m×n)·(n×p) gives m×p — rows of the first, columns "
                "of the second.",
            ),
            Misconception(
                [n, n],
                "you kept the inner sizes; they must match and then disappear — keep the "
                "outer ones.",
            ),
        ),
    )


UNDEFINED = "undefined: the sizes do not fit"


def matmul_defined(rng: random.Random) -> Exercise:
    m, n, p = (rng.randint(2, 6) for _ in range(3))
    if rng.random() < 0.5:
        r = n
    else:
        r = rng.choice([x for x in range(2, 7) if x != n])
        if rng.random() < 0.5:
            p = m  # BA is defined although AB is not: the classic trap
    args = {"a": [m, n], "b": [r, p]}
    res = result("matmul_shape", args)
    outer, ba, inner = f"{m}×{p}", f"{r}×{n}", f"{n}×{r}"
    options = list(dict.fromkeys([outer, ba, inner, f"{p}×{m}"]))
    rng.shuffle(options)
    choices = (*options, UNDEFINED)
    answer = choices.index(f"{res['shape'][0]}×{res['shape'][1]}" if res["defined"] else UNDEFINED)
    mistakes: list[Misconception] = []
    if not res["defined"]:
        if p == m:
            mistakes.append(
                Misconception(
                    choices.index(ba),
                    f"that is the shape of BA; for AB the columns of A ({n}) must equal the "
                    f"rows of B ({r}).",
                )
            )
        mistakes.append(
            Misconception(
                choices.index(outer),
                f"you kept the outer sizes without checking the inner ones: {n} ≠ {r}.",
            )
        )
    elif m != r:
        mistakes.append(
            Misconception(
                choices.index(UNDEFINED),
                "you compared the rows of A with the rows of B; the rule compares A's "
                "columns with B's rows.",
            )
        )
    return _exercise(
        "1.7",
        f"$A$ is ${m} \\times {n}$ and $B$ is ${r} \\times {p}$. Is $AB$ defined, "
        "and if so, what is its shape?",
        "choice",
        answer,
        "matmul_shape",
        args,
        choices=choices,
        mistakes=tuple(mistakes),
    )


def matmul_compute(rng: random.Random) -> Exercise:
    a, b = _matrix(rng, 2, 2, -3, 5), _matrix(rng, 2, 2, -3, 5)
    args = {"A": a, "B": b}
    return _exercise(
        "1.7",
        f"Compute $AB$ for $$A = {lmat(a)},\\quad B = {lmat(b)}$$",
        "matrix",
        result("matmul", args),
        "matmul",
        args,
        mistakes=(
            Misconception(
                result("matmul", {"A": b, "B": a}),
                "you multiplied BA instead of AB; order matters — row i of A times column j of B.",
            ),
            Misconception(
                [[x * y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)],
                "you multiplied matching entries; each entry of AB is a row of A · a column of B.",
            ),
        ),
    )


# ---------------------------------------------------------------------------
# 1.8 L1 and L2 norms
# ---------------------------------------------------------------------------


def _signed_vector(rng: random.Random) -> list[int]:
    while True:
        v = _nonzero_ints(rng, rng.randint(3, 5), -7, 7)
        if any(x < 0 for x in v):
            return v


def norm_l1(rng: random.Random) -> Exercise:
    v = _signed_vector(rng)
    args = {"v": v, "p": 1}
    return _exercise(
        "1.8",
        f"Compute the L1 norm $\\|v\\|_1$ of $v = {vec(v)}$.",
        "number",
        result("norm", args),
        "norm",
        args,
        mistakes=(
            Misconception(
                float(sum(v)),
                "you forgot the absolute values; L1 adds the sizes |vᵢ|, so negatives count too.",
            ),
        ),
    )


def norm_l2(rng: random.Random) -> Exercise:
    v = _signed_vector(rng)
    args = {"v": v, "p": 2}
    return _exercise(
        "1.8",
        f"Compute the L2 norm $\\|v\\|_2$ of $v = {vec(v)}$, to 2 decimals.",
        "number",
        result("norm", args),
        "norm",
        args,
        decimals=2,
        mistakes=(
            Misconception(
                float(sum(x * x for x in v)),
                "you forgot the square root: that is the sum of the squares.",
            ),
            Misconception(
                float(sum(abs(x) for x in v)),
                "that is the L1 norm (sum of sizes); L2 squares, adds, then takes the root.",
            ),
        ),
    )


def _spread(rng: random.Random, total: int) -> list[int]:
    """Three entries whose sizes add to total, with random signs."""
    cut = sorted(rng.sample(range(total + 1), 2))
    parts = [cut[0], cut[1] - cut[0], total - cut[1]]
    return [x * rng.choice([-1, 1]) for x in parts]


def norm_compare(rng: random.Random) -> Exercise:
    total = rng.randint(6, 12)
    while True:
        vectors = [_spread(rng, total) for _ in range(3)]
        lengths = [result("norm", {"v": v, "p": 2}) for v in vectors]
        ranked = sorted(lengths, reverse=True)
        if ranked[0] - ranked[1] >= 0.3 and len({tuple(map(abs, v)) for v in vectors}) == 3:
            break
    answer = lengths.index(ranked[0])
    return _exercise(
        "1.8",
        "These weight vectors all have the same L1 norm, "
        f"${total}$. Which has the largest L2 norm?",
        "choice",
        answer,
        "norm",
        {"v": vectors[answer], "p": 2},
        choices=tuple(f"v = {vec(v)}" for v in vectors),
    )


GENERATORS: dict[str, list[Callable[[random.Random], Exercise]]] = {
    "1.5": [dot_compute, dot_sign],
    "1.6": [cosine_judge, cosine_compute],
    "1.7": [matmul_shape_answer, matmul_defined, matmul_compute],
    "1.8": [norm_l1, norm_l2, norm_compare],
}
