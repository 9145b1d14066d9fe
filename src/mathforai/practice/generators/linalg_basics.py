"""Practice for 1.1–1.4: scalars, vectors, matrices and the transpose.

Every expected answer is the engine's result for the same op and args the learner sees
worked out as the solution; only the wrong answers (misconceptions) are computed here,
the way the mistake itself would compute them.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from ...engine.notation import lmat, num, vec
from ..exercise import Exercise, Misconception
from .building import result
from .linalg_common import _exercise, _matrix, _nonzero_ints

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


GENERATORS: dict[str, list[Callable[[random.Random], Exercise]]] = {
    "1.1": [scalar_mean_loss, scalar_largest],
    "1.2": [vector_magnitude, vector_unit],
    "1.3": [matrix_shape, matrix_add, matrix_subtract],
    "1.4": [transpose_shape, transpose_entry, transpose_matrix],
}
