"""Practice for 1.9–1.12: normalization, linear combinations, span and basis."""

from __future__ import annotations

import random
from collections.abc import Callable

from ...engine.notation import num, vec
from ..exercise import Exercise, Misconception
from .building import result
from .linalg_common import (
    _exercise,
    _ints,
    _lvecs,
    _nonzero_ints,
    _parallel_pair,
    _sup,
    _vectors_of_rank,
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


GENERATORS: dict[str, list[Callable[[random.Random], Exercise]]] = {
    "1.9": [minmax_entry, l2_normalize],
    "1.10": [lincomb_two, lincomb_three],
    "1.11": [span_kind, span_member],
    "1.12": [basis_coordinates, basis_judge],
}
