"""Practice for part 1: linear algebra.

Every expected answer is the engine's result for the same op and args the learner sees
worked out as the solution; only the wrong answers (misconceptions) are computed here,
the way the mistake itself would compute them.
"""

from __future__ import annotations

import math
import random
from typing import Any

from ...engine import explain
from ...engine.notation import lmat, num, vec
from ..exercise import AnswerFormat, Exercise, Misconception
from .building import keep_mistakes, result

EXACT = None  # decimals=None: whole-number answers are graded exactly, not to ±0.5
CHANNELS = 3  # RGB


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------


def _exercise(
    topic: str,
    prompt: str,
    answer_format: AnswerFormat,
    expected: Any,
    op: str,
    args: dict[str, Any],
    *,
    decimals: int | None = EXACT,
    choices: tuple[str, ...] | None = None,
    mistakes: tuple[Misconception, ...] = (),
) -> Exercise:
    """An exercise keeping only the mistakes that are told apart from the answer for this seed."""
    exercise = Exercise(
        topic=topic,
        prompt=prompt,
        answer_format=answer_format,
        expected=expected,
        solution_op=op,
        solution_args=args,
        decimals=decimals,
        choices=choices,
    )
    return keep_mistakes(exercise, [(m.value, m.message) for m in mistakes])


def _ints(rng: random.Random, n: int, lo: int = -5, hi: int = 9) -> list[int]:
    return [rng.randint(lo, hi) for _ in range(n)]


def _nonzero_ints(rng: random.Random, n: int, lo: int = -5, hi: int = 9) -> list[int]:
    """A vector with at least two nonzero entries (so it is not trivially along an axis)."""
    while True:
        v = _ints(rng, n, lo, hi)
        if sum(x != 0 for x in v) >= 2:
            return v


def _matrix(rng: random.Random, rows: int, cols: int, lo: int = -3, hi: int = 9) -> list[list[int]]:
    return [_ints(rng, cols, lo, hi) for _ in range(rows)]


def _lvecs(vectors: list[list[int]], letter: str = "v") -> str:
    """$v_1 = [1, 2]$, $v_2 = [3, 4]$ — each vector named, for a prompt."""
    return ", ".join(f"${letter}_{i + 1} = {vec(v)}$" for i, v in enumerate(vectors))


def _vectors_of_rank(rng: random.Random, n: int, k: int, rank: int) -> list[list[int]]:
    """k integer vectors in ℝⁿ whose span has exactly the given rank, in random order."""
    while True:
        vectors = _try_vectors_of_rank(rng, n, k, rank)
        # Two constant vectors such as [2, 2, 2] and [-2, -2, -2] trip an assertion in the
        # engine's independence note (reported); they teach nothing extra, so skip them.
        if sum(len(set(v)) == 1 for v in vectors) < 2:
            return vectors


def _try_vectors_of_rank(rng: random.Random, n: int, k: int, rank: int) -> list[list[int]]:
    while True:
        bases = [_nonzero_ints(rng, n, -3, 4) for _ in range(rank)]
        if result("span", {"vectors": bases})["rank"] == rank:
            break
    vectors = [list(b) for b in bases]
    while len(vectors) < k:
        coefs = _ints(rng, rank, -2, 2)
        combo = [sum(c * b[i] for c, b in zip(coefs, bases)) for i in range(n)]
        if any(combo) and combo not in vectors:
            vectors.append(combo)
    rng.shuffle(vectors)
    return vectors


def _parallel_pair(vectors: list[list[int]]) -> bool:
    """Whether some two vectors are multiples of each other (zero counts as parallel)."""
    for i, u in enumerate(vectors):
        for v in vectors[i + 1 :]:
            n = len(u)
            if all(u[a] * v[b] == u[b] * v[a] for a in range(n) for b in range(n)):
                return True
    return False


# ---------------------------------------------------------------------------
# 1.1 Scalars
# ---------------------------------------------------------------------------


def scalar_mean_loss(rng: random.Random) -> Exercise:
    total = rng.randint(10, 400) / 10
    batch = rng.randint(3, 16)
    args = {"a": total, "b": batch}
    quotient = result("arithmetic", args)["quotient"]
    return _exercise(
        "1.1",
        f"The total loss over a batch of ${batch}$ examples is ${num(total)}$. "
        "What is the mean loss per example? Give it to 2 decimals.",
        "number",
        quotient,
        "arithmetic",
        args,
        decimals=2,
        mistakes=(
            Misconception(
                batch / total,
                "you divided the wrong way round (examples ÷ loss); the mean is total ÷ count.",
            ),
            Misconception(
                total * batch, "you multiplied; sharing a total over n examples divides by n."
            ),
        ),
    )


SCALAR_OPS = ("a + b", "a − b", "a × b", "a ÷ b")


def scalar_largest(rng: random.Random) -> Exercise:
    while True:
        a = rng.randint(2, 20)
        b = rng.randint(1, 9) / 10 if rng.random() < 0.6 else rng.randint(2, 9)
        args = {"a": a, "b": b}
        r = result("arithmetic", args)
        values = [r["sum"], r["difference"], r["product"], r["quotient"]]
        top, second = sorted(values, reverse=True)[:2]
        if top - second >= 0.5:  # no near-ties
            break
    answer = values.index(top)
    product = SCALAR_OPS.index("a × b")
    return _exercise(
        "1.1",
        f"Let $a = {num(a)}$ and $b = {num(b)}$"
        + (" (think of $b$ as a learning rate)" if b < 1 else "")
        + ". Which of these is the largest?",
        "choice",
        answer,
        "arithmetic",
        args,
        choices=SCALAR_OPS,
        mistakes=(
            Misconception(
                product,
                "multiplying does not always make a number bigger: "
                f"× {num(b)} shrinks it, and ÷ {num(b)} grows it.",
            ),
        )
        if b < 1
        else (),
    )


# ---------------------------------------------------------------------------
# 1.2 Vectors
# ---------------------------------------------------------------------------


def vector_magnitude(rng: random.Random) -> Exercise:
    v = _nonzero_ints(rng, rng.randint(2, 3), -6, 9)
    args = {"v": v}
    squares = sum(x * x for x in v)
    return _exercise(
        "1.2",
        f"What is the magnitude $\\|v\\|$ of $v = {vec(v)}$? Give it to 2 decimals.",
        "number",
        result("magnitude", args),
        "magnitude",
        args,
        decimals=2,
        mistakes=(
            Misconception(
                float(squares),
                "you forgot the square root: that is the sum of the squares, ‖v‖².",
            ),
            Misconception(
                float(sum(v)), "you added the entries; square them, add, then take the root."
            ),
            Misconception(
                float(sum(abs(x) for x in v)),
                "you added the sizes of the entries (the L1 norm); the magnitude is the L2 "
                "length: square, add, take the root.",
            ),
        ),
    )


def vector_unit(rng: random.Random) -> Exercise:
    v = _nonzero_ints(rng, 3, -6, 9)  # not 2: see basis_coordinates
    args = {"v": v}
    squares = sum(x * x for x in v)
    l1 = sum(abs(x) for x in v)
    return _exercise(
        "1.2",
        f"Find the unit vector $\\hat v$ in the direction of $v = {vec(v)}$, "
        "each entry to 3 decimals.",
        "vector",
        result("unit", args),
        "unit",
        args,
        decimals=3,
        mistakes=(
            Misconception(
                [x / squares for x in v],
                "you divided by ‖v‖² (the sum of squares); divide by its square root, ‖v‖.",
            ),
            Misconception(
                [x / l1 for x in v],
                "you divided by the sum of the sizes (the L1 norm); a unit vector has "
                "L2 length 1, so divide by ‖v‖ = √(sum of squares).",
            ),
        ),
    )


# ---------------------------------------------------------------------------
# 1.3 Matrices
# ---------------------------------------------------------------------------


def matrix_shape(rng: random.Random) -> Exercise:
    rows, cols = rng.randint(2, 5), rng.randint(2, 5)
    a = _matrix(rng, rows, cols)
    args = {"value": a}
    shape = result("shape", args)["shape"]
    return _exercise(
        "1.3",
        f"A data matrix has one row per example and one column per feature: "
        f"$$X = {lmat(a)}$$ What is its shape? Answer as (rows, columns).",
        "shape",
        shape,
        "shape",
        args,
        mistakes=(
            Misconception(
                [shape[1], shape[0]],
                "you gave (columns, rows); a shape lists rows first: (examples, features).",
            ),
        ),
    )


def matrix_add(rng: random.Random) -> Exercise:
    rows, cols = rng.randint(2, 3), rng.randint(2, 3)
    a, b = _matrix(rng, rows, cols, -5, 9), _matrix(rng, rows, cols, -5, 9)
    args = {"u": a, "v": b}
    return _exercise(
        "1.3",
        f"Compute $A + B$ for $$A = {lmat(a)},\\quad B = {lmat(b)}$$",
        "matrix",
        result("add", args),
        "add",
        args,
        mistakes=(
            Misconception(
                [[x * y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)],
                "you multiplied matching entries; adding matrices adds them, entry by entry.",
            ),
        ),
    )


def matrix_subtract(rng: random.Random) -> Exercise:
    rows, cols = rng.randint(2, 3), rng.randint(2, 3)
    a, b = _matrix(rng, rows, cols, -5, 9), _matrix(rng, rows, cols, -5, 9)
    args = {"u": a, "v": b}
    return _exercise(
        "1.3",
        "A weight update subtracts one matrix from another. Compute $A - B$ for "
        f"$$A = {lmat(a)},\\quad B = {lmat(b)}$$",
        "matrix",
        result("subtract", args),
        "subtract",
        args,
        mistakes=(
            Misconception(
                [[y - x for x, y in zip(ra, rb)] for ra, rb in zip(a, b)],
                "you computed B − A; subtraction is not symmetric, so keep the order A − B.",
            ),
        ),
    )


# ---------------------------------------------------------------------------
# 1.4 Transpose
# ---------------------------------------------------------------------------


def transpose_shape(rng: random.Random) -> Exercise:
    rows, cols = rng.randint(2, 5), rng.randint(2, 5)
    a = _matrix(rng, rows, cols)
    args = {"A": a}
    t = result("transpose", args)
    return _exercise(
        "1.4",
        f"$$A = {lmat(a)}$$ What is the shape of $A^T$? Answer as (rows, columns).",
        "shape",
        [len(t), len(t[0])],
        "transpose",
        args,
        mistakes=(
            Misconception(
                [rows, cols],
                "that is the shape of A; transposing turns rows into columns, so m×n becomes n×m.",
            ),
        ),
    )


def transpose_entry(rng: random.Random) -> Exercise:
    rows, cols = rng.randint(2, 4), rng.randint(2, 4)
    while True:
        a = _matrix(rng, rows, cols)
        i, j = rng.randrange(cols), rng.randrange(rows)  # (i, j) indexes Aᵀ, which is cols×rows
        if i != j:
            break
    args = {"A": a}
    t = result("transpose", args)
    mistakes: tuple[Misconception, ...] = ()
    if i < rows and j < cols:
        mistakes = (
            Misconception(
                float(a[i][j]),
                f"that is A's entry ({i + 1}, {j + 1}); (Aᵀ)ᵢⱼ = Aⱼᵢ, "
                f"so read row {j + 1}, column {i + 1} of A.",
            ),
        )
    return _exercise(
        "1.4",
        f"$$A = {lmat(a)}$$ What is the entry $(A^T)_{{{i + 1},{j + 1}}}$ "
        f"(row {i + 1}, column {j + 1} of $A^T$)?",
        "number",
        float(t[i][j]),
        "transpose",
        args,
        mistakes=mistakes,
    )


def transpose_matrix(rng: random.Random) -> Exercise:
    rows = rng.randint(2, 3)
    cols = 5 - rows  # 2×3 or 3×2: never square, so the shape itself is a check
    a = _matrix(rng, rows, cols)
    args = {"A": a}
    t = result("transpose", args)
    reversed_rows = [list(reversed(col)) for col in zip(*a)]
    return _exercise(
        "1.4",
        f"Write out $A^T$ for $$A = {lmat(a)}$$ (as rows, like [[1, 2], [3, 4]]).",
        "matrix",
        t,
        "transpose",
        args,
        mistakes=(
            Misconception(
                reversed_rows,
                "you rotated A instead of flipping it across its diagonal: row 1 of A "
                "becomes column 1 of Aᵀ, in the same order.",
            ),
        ),
    )


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


# ---------------------------------------------------------------------------
# 1.9 Normalization
# ---------------------------------------------------------------------------


def minmax_entry(rng: random.Random) -> Exercise:
    while True:
        x = sorted(rng.sample(range(18, 80), 5))
        k = rng.randrange(1, 4)  # an entry strictly between the min and the max
        rng.shuffle(x)
        if min(x) != x[k] != max(x):
            break
    args = {"x": x, "method": "minmax"}
    lo, hi = min(x), max(x)
    return _exercise(
        "1.9",
        f"The ages in a dataset are $x = {vec(x)}$. After min-max scaling to $[0, 1]$, "
        f"what does entry {k + 1} (${x[k]}$) become? Give it to 3 decimals.",
        "number",
        result("normalize", args)[k],
        "normalize",
        args,
        decimals=3,
        mistakes=(
            Misconception(
                (x[k] - lo) / hi,
                "you divided by the max instead of the range; divide x − min by max − min.",
            ),
            Misconception(
                x[k] / hi,
                "you divided by the max without subtracting the min; min-max scaling is "
                "(x − min) / (max − min).",
            ),
        ),
    )


def l2_normalize(rng: random.Random) -> Exercise:
    x = _nonzero_ints(rng, rng.randint(3, 4), -6, 9)  # not 2: see basis_coordinates
    args = {"x": x, "method": "l2"}
    l1 = sum(abs(a) for a in x)
    squares = sum(a * a for a in x)
    return _exercise(
        "1.9",
        f"L2-normalize the embedding $x = {vec(x)}$ (scale it to length 1), "
        "each entry to 3 decimals.",
        "vector",
        result("normalize", args),
        "normalize",
        args,
        decimals=3,
        mistakes=(
            Misconception(
                [a / l1 for a in x],
                "you divided by the sum of sizes (the L1 norm); L2 normalization divides by "
                "the length √(sum of squares).",
            ),
            Misconception(
                [a / squares for a in x],
                "you forgot the square root: divide by ‖x‖, not by ‖x‖².",
            ),
        ),
    )


# ---------------------------------------------------------------------------
# 1.10 Linear combinations
# ---------------------------------------------------------------------------


def lincomb_two(rng: random.Random) -> Exercise:
    n = 3  # not 2: see basis_coordinates
    v1, v2 = _nonzero_ints(rng, n, -3, 5), _nonzero_ints(rng, n, -3, 5)
    c = [rng.choice([-3, -2, 2, 3, 4]), rng.choice([-2, -1, 2, 3])]
    args = {"c": c, "vectors": [v1, v2]}
    return _exercise(
        "1.10",
        f"Compute ${num(c[0])}\\,v_1 + ({num(c[1])})\\,v_2$ for " + _lvecs([v1, v2]) + ".",
        "vector",
        result("lincomb", args),
        "lincomb",
        args,
        mistakes=(
            Misconception(
                [c[1] * a + c[0] * b for a, b in zip(v1, v2)],
                "you paired the coefficients with the wrong vectors: c₁ scales v₁, c₂ scales v₂.",
            ),
            Misconception(
                [a + b for a, b in zip(v1, v2)],
                "you added the vectors without scaling them by their coefficients first.",
            ),
        ),
    )


def lincomb_three(rng: random.Random) -> Exercise:
    n = 3
    vectors = [_nonzero_ints(rng, n, -4, 4) for _ in range(3)]
    c = [rng.choice([-2, -1.5, -0.5, 0.5, 1.5, 2, 3]) for _ in range(3)]
    if all(x > 0 for x in c):
        c[rng.randrange(3)] *= -1
    args = {"c": c, "vectors": vectors}
    ignored = [sum(abs(ci) * v[i] for ci, v in zip(c, vectors)) for i in range(n)]
    terms = " + ".join(f"({num(ci)})\\,v_{j + 1}" for j, ci in enumerate(c))
    return _exercise(
        "1.10",
        f"Compute ${terms}$ for " + _lvecs(vectors) + ". Give each entry to 1 decimal.",
        "vector",
        result("lincomb", args),
        "lincomb",
        args,
        decimals=1,
        mistakes=(
            Misconception(
                ignored,
                "you ignored the minus signs; a negative coefficient flips its vector "
                "before adding.",
            ),
        ),
    )


# ---------------------------------------------------------------------------
# 1.11 Span
# ---------------------------------------------------------------------------

SPAN_KINDS = (
    "a single point (the origin)",
    "a line through the origin",
    "a plane through the origin",
    "all of 3D space ℝ³",
)


def span_kind(rng: random.Random) -> Exercise:
    k = rng.randint(2, 3)
    vectors = _vectors_of_rank(rng, 3, k, rng.randint(1, k))
    args = {"vectors": vectors}
    rank = result("span", args)["rank"]
    return _exercise(
        "1.11",
        "What is the span of " + _lvecs(vectors) + " in $\\mathbb{R}^3$?",
        "choice",
        rank,  # rank r is a point, line, plane or all of ℝ³ for r = 0…3
        "span",
        args,
        choices=SPAN_KINDS,
        mistakes=(
            Misconception(
                k,
                f"you counted the vectors; {k} vectors reach {k} dimensions only when none "
                "is a combination of the others — here one is redundant.",
            ),
        ),
    )


def span_member(rng: random.Random) -> Exercise:
    v1, v2 = _vectors_of_rank(rng, 3, 2, 2)
    inside = rng.random() < 0.5
    while True:
        if inside:
            a, b = rng.choice([-2, -1, 1, 2]), rng.choice([-2, -1, 1, 2])
            w = [a * x + b * y for x, y in zip(v1, v2)]
        else:
            w = _nonzero_ints(rng, 3, -4, 5)
        args = {"vectors": [v1, v2, w]}
        found = result("independence", args)
        if any(w) and found["independent"] != inside:
            break
    expected = not found["independent"]  # w is in the span iff it adds no new direction
    mistakes: tuple[Misconception, ...] = ()
    if expected and not _parallel_pair([v1, w]) and not _parallel_pair([v2, w]):
        mistakes = (
            Misconception(
                False,
                "w is not a multiple of v₁ or of v₂ alone, but it is a combination of both "
                "— that is enough to be in the span.",
            ),
        )
    return _exercise(
        "1.11",
        f"Is $w = {vec(w)}$ in the span of " + _lvecs([v1, v2]) + "? (yes/no)",
        "boolean",
        expected,
        "independence",
        args,
        mistakes=mistakes,
    )


# ---------------------------------------------------------------------------
# 1.12 Basis
# ---------------------------------------------------------------------------


def basis_coordinates(rng: random.Random) -> Exercise:
    # ℝ³ rather than ℝ²: a two-number answer cannot yet be told from a malformed one
    # (the vector reader accepts "[1, 2" as [1, 2]). A triangular basis keeps three
    # unknowns solvable by hand, one at a time.
    x, y, z = (rng.choice([-2, -1, 1, 2, 3]) for _ in range(3))
    basis = [[1, x, y], [0, 1, z], [0, 0, 1]]
    c = _ints(rng, 3, -3, 4)
    v = [sum(ci * b[i] for ci, b in zip(c, basis)) for i in range(3)]
    args = {"basis": basis, "v": v}
    return _exercise(
        "1.12",
        "In the basis " + _lvecs(basis, "b") + " of $\\mathbb{R}^3$, what are the coordinates "
        f"$[c_1, c_2, c_3]$ of $v = {vec(v)}$ (so that $c_1 b_1 + c_2 b_2 + c_3 b_3 = v$)?",
        "vector",
        result("coordinates", args),
        "coordinates",
        args,
        mistakes=(
            Misconception(
                [float(x) for x in v],
                "those are v's coordinates in the standard basis; in this basis, find the "
                "weights c with c₁·b₁ + c₂·b₂ + c₃·b₃ = v.",
            ),
        ),
    )


def basis_judge(rng: random.Random) -> Exercise:
    n = rng.randint(2, 3)
    k = rng.choice([n - 1, n, n, n + 1])
    vectors = _vectors_of_rank(rng, n, k, rng.randint(max(1, k - 1), min(k, n)))
    args = {"vectors": vectors}
    found = result("independence", args)
    expected = found["independent"] and found["rank"] == n
    if k < n:
        few = "1 vector" if k == 1 else f"{k} vectors"
        message = f"they may be independent, but {few} cannot reach all of ℝ{_sup(n)}."
    elif k > n:
        message = f"{k} vectors in ℝ{_sup(n)} are too many: a basis has exactly {n}."
    else:
        message = "the count is right, but one vector is a combination of the others."
    return _exercise(
        "1.12",
        "Is the set " + _lvecs(vectors) + f" a basis of $\\mathbb{{R}}^{n}$? (yes/no)",
        "boolean",
        expected,
        "independence",
        args,
        mistakes=(Misconception(True, message),) if not expected else (),
    )


def _sup(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


# ---------------------------------------------------------------------------
# 1.13 Dimension
# ---------------------------------------------------------------------------


def dimension_of_span(rng: random.Random) -> Exercise:
    n = rng.randint(2, 4)
    k = rng.randint(2, 4)
    vectors = _vectors_of_rank(rng, n, k, rng.randint(1, min(n, k)))
    args = {"vectors": vectors}
    rank = result("span", args)["rank"]
    return _exercise(
        "1.13",
        "What is the dimension of the span of " + _lvecs(vectors) + "?",
        "number",
        float(rank),
        "span",
        args,
        mistakes=(
            Misconception(
                float(k),
                "you counted the vectors; the dimension counts independent directions, and "
                "redundant vectors add none.",
            ),
            Misconception(
                float(n),
                f"that is the dimension of ℝ{_sup(n)}, where the vectors live; their span "
                "may be smaller.",
            ),
        ),
    )


def dimension_whole_space(rng: random.Random) -> Exercise:
    n = rng.randint(2, 3)
    k = rng.randint(n - 1, n + 1)
    vectors = _vectors_of_rank(rng, n, k, rng.randint(max(1, min(k, n) - 1), min(k, n)))
    args = {"vectors": vectors}
    whole = result("span", args)["whole_space"]
    return _exercise(
        "1.13",
        "Do " + _lvecs(vectors) + f" span all of $\\mathbb{{R}}^{n}$? (yes/no)",
        "boolean",
        whole,
        "span",
        args,
        mistakes=(
            Misconception(
                True,
                f"there are at least {n} vectors, but they span ℝ{_sup(n)} only if {n} of "
                "them are independent.",
            ),
        )
        if k >= n
        else (),
    )


# ---------------------------------------------------------------------------
# 1.14 Linear independence
# ---------------------------------------------------------------------------


def independence_judge(rng: random.Random) -> Exercise:
    n = rng.randint(2, 3)
    k = rng.randint(2, n + 1)
    vectors = _vectors_of_rank(rng, n, k, rng.randint(max(1, min(k, n) - 1), min(k, n)))
    args = {"vectors": vectors}
    independent = result("independence", args)["independent"]
    mistakes: tuple[Misconception, ...] = ()
    if not _parallel_pair(vectors):
        mistakes = (
            Misconception(
                True,
                "no two vectors are multiples of each other, but one is still a combination "
                "of the others — check them all together (the rank), not in pairs.",
            ),
        )
    elif k <= n:
        mistakes = (
            Misconception(
                True,
                f"{k} vectors in ℝ{_sup(n)} can be independent, but the count does not decide "
                "it: here one repeats a direction.",
            ),
        )
    return _exercise(
        "1.14",
        "Are " + _lvecs(vectors) + " linearly independent? (yes/no)",
        "boolean",
        independent,
        "independence",
        args,
        mistakes=mistakes,
    )


def independence_rank(rng: random.Random) -> Exercise:
    n = rng.randint(2, 4)
    k = rng.randint(3, 4)
    vectors = _vectors_of_rank(rng, n, k, rng.randint(1, min(k, n)))
    args = {"vectors": vectors}
    rank = result("independence", args)["rank"]
    return _exercise(
        "1.14",
        "What is the rank of the set " + _lvecs(vectors) + " (the number of independent vectors)?",
        "number",
        float(rank),
        "independence",
        args,
        mistakes=(
            Misconception(
                float(k),
                "you counted the vectors; the rank counts only those that add a new direction.",
            ),
            Misconception(
                float(min(k, n)),
                f"{min(k, n)} is only the largest rank possible here; these vectors repeat "
                "directions, so the rank is lower.",
            ),
        ),
    )


# ---------------------------------------------------------------------------
# 1.15 Tensors
# ---------------------------------------------------------------------------


def tensor_nested_shape(rng: random.Random) -> Exercise:
    dims = [rng.randint(2, 4) for _ in range(rng.randint(2, 3))]
    value: Any = [rng.randint(0, 9) for _ in range(math.prod(dims))]
    for size in reversed(dims[1:]):
        value = [value[i : i + size] for i in range(0, len(value), size)]
    args = {"value": value}
    shape = result("shape", args)["shape"]
    return _exercise(
        "1.15",
        f"What is the shape of `{value}`? Answer as a tuple, outermost axis first.",
        "shape",
        shape,
        "shape",
        args,
        mistakes=(
            Misconception(
                list(reversed(shape)),
                "you listed the axes innermost first; a shape starts with the outermost list.",
            ),
        ),
    )


def _batch(rng: random.Random) -> tuple[str, list[int], list[int], str]:
    """A described batch, its shape, a tempting wrong layout and why it is wrong."""
    b = rng.choice([8, 16, 32, 64, 128])
    if rng.random() < 0.5:
        side = rng.choice([28, 32, 64, 128, 224])
        c = rng.choice([1, CHANNELS])
        colour = "RGB" if c == CHANNELS else "grayscale"
        text = (
            f"A batch of {b} {colour} images, each {side}×{side} pixels with {c} "
            f"channel{'s' if c > 1 else ''}, stored channels-last "
            "(batch, height, width, channels) as in NumPy or TensorFlow"
        )
        wrong = "that is channels-first (PyTorch's layout); channels-last puts them at the end."
        return text, [b, side, side, c], [b, c, side, side], wrong
    t = rng.choice([64, 128, 256, 512])
    d = rng.choice([384, 512, 768, 1024])
    text = f"A batch of {b} sentences, each {t} tokens long, each token a {d}-dimensional embedding"
    wrong = "you put the sequence axis first; batch comes first: (batch, tokens, features)."
    return text, [b, t, d], [t, b, d], wrong


def tensor_batch_shape(rng: random.Random) -> Exercise:
    text, shape, wrong, why = _batch(rng)
    args = {"shape": shape}
    expected = list(explain("tensor", args).inputs["shape"])
    return _exercise(
        "1.15",
        f"{text}. What is the shape of the batch tensor?",
        "shape",
        expected,
        "tensor",
        args,
        mistakes=(Misconception(wrong, why),),
    )


def tensor_numel(rng: random.Random) -> Exercise:
    text, shape, _, _ = _batch(rng)
    args = {"shape": shape}
    numel = result("tensor", args)["numel"]
    return _exercise(
        "1.15",
        f"{text}: shape $({', '.join(map(str, shape))})$. How many numbers does the tensor hold?",
        "number",
        float(numel),
        "tensor",
        args,
        mistakes=(
            Misconception(
                float(sum(shape)), "you added the axis sizes; the count multiplies them."
            ),
            Misconception(
                float(math.prod(shape[1:])),
                "that is one example; multiply by the batch size too.",
            ),
        ),
    )


GENERATORS = {
    "1.1": [scalar_mean_loss, scalar_largest],
    "1.2": [vector_magnitude, vector_unit],
    "1.3": [matrix_shape, matrix_add, matrix_subtract],
    "1.4": [transpose_shape, transpose_entry, transpose_matrix],
    "1.5": [dot_compute, dot_sign],
    "1.6": [cosine_judge, cosine_compute],
    "1.7": [matmul_shape_answer, matmul_defined, matmul_compute],
    "1.8": [norm_l1, norm_l2, norm_compare],
    "1.9": [minmax_entry, l2_normalize],
    "1.10": [lincomb_two, lincomb_three],
    "1.11": [span_kind, span_member],
    "1.12": [basis_coordinates, basis_judge],
    "1.13": [dimension_of_span, dimension_whole_space],
    "1.14": [independence_judge, independence_rank],
    "1.15": [tensor_nested_shape, tensor_batch_shape, tensor_numel],
}
