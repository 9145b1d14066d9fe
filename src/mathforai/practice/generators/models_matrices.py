"""Practice for part 4, topics 4.4–4.5: eigenvalues, SVD and low rank.

Every expected answer is the engine's result for the exercise's own solution op and
args; each named mistake recomputes the same inputs the way that mistake would.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from ...engine.notation import mat, vec
from ..exercise import Exercise
from .building import result
from .stats_common import _number

# ---------------------------------------------------------------- 4.4 eigen


def eigen_symmetric_top(rng: random.Random) -> Exercise:
    a = rng.randint(1, 6)
    b = rng.choice((-3, -2, -1, 1, 2, 3))
    m = [[a, b], [b, a]]
    args = {"A": m}
    top = result("eigen", args)["eigenvalues"][0]
    return _number(
        "4.4",
        f"What is the largest eigenvalue of $A = {mat(m)}$? (Try the vectors $[1, 1]$ and "
        "$[1, -1]$.)",
        top,
        "eigen",
        args,
        3,
        [
            (a, "that is a diagonal entry; the eigenvalues are a + b and a − b here."),
            (2 * a, "that is the trace, the sum of both eigenvalues."),
            (a * a - b * b, "that is the determinant, the product of both eigenvalues."),
        ],
    )


def eigen_value_from_vector(rng: random.Random) -> Exercise:
    lam1, lam2 = rng.sample((-3, -2, 2, 3, 4, 5), 2)
    # A = P diag(λ1, λ2) P⁻¹ with P = [[1, 1], [0, 1]]: whole entries, eigenvector [1, 0] for λ1.
    m = [[lam1, lam2 - lam1], [0, lam2]]
    k = rng.choice((2, 3))
    v = [k, k]
    av = [m[0][0] * k + m[0][1] * k, m[1][0] * k + m[1][1] * k]
    args = {"A": m, "B": v}
    value = result("matmul", args)[0] / k
    return _number(
        "4.4",
        f"$A = {mat(m)}$ and $v = {vec(v)}$. Compute $Av$; $v$ is an eigenvector. What is "
        "its eigenvalue?",
        value,
        "matmul",
        args,
        3,
        [
            (av[0], "that is an entry of Av; divide it by the matching entry of v."),
            (lam1, "that is the eigenvalue of the other eigenvector, [1, 0]."),
            (m[0][0] + m[1][1], "that is the trace, the sum of both eigenvalues."),
        ],
    )


# ---------------------------------------------------------------- 4.5 svd, low rank


def svd_rank_k_error(rng: random.Random) -> Exercise:
    s = sorted(rng.sample(range(1, 10), 3), reverse=True)
    k = rng.choice((1, 2))
    m = [[s[0], 0, 0], [0, s[1], 0], [0, 0, s[2]]]
    args = {"A": m, "k": k}
    error = result("svd", args)["error"]
    dropped = s[k:]
    return _number(
        "4.5",
        f"$A = {mat(m)}$ has singular values ${vec(s)}$. What is the error "
        f"$\\|A - A_{k}\\|_F$ of its best rank-{k} approximation? (to 3 decimals)",
        error,
        "svd",
        args,
        3,
        [
            (
                sum(dropped),
                "you added the dropped singular values; square them, add, then take the root.",
            ),
            (dropped[0], "you kept only the first dropped singular value."),
            (
                math.sqrt(sum(x * x for x in s[:k])),
                "you measured what was kept, not what was dropped.",
            ),
        ],
    )


def lora_parameter_count(rng: random.Random) -> Exercise:
    d_in = rng.choice((256, 512, 768, 1024, 2048, 4096))
    d_out = rng.choice((256, 512, 768, 1024, 2048, 4096))
    r = rng.choice((2, 4, 8, 16))
    args = {"d_in": d_in, "d_out": d_out, "r": r}
    value = result("lora_params", args)["lora"]
    return _number(
        "4.5",
        f"A weight matrix is {d_out}×{d_in}. How many numbers does a rank-{r} LoRA adapter "
        "$\\Delta W = BA$ train?",
        value,
        "lora_params",
        args,
        0,
        [
            (d_in * d_out, "that is the full matrix; the adapter trains B and A only."),
            (r * d_in, "you counted A only; B adds d_out × r more."),
            (r * d_out, "you counted B only; A adds r × d_in more."),
            (r * r, "r × r is the size of neither factor."),
        ],
    )


def pca_explained_share(rng: random.Random) -> Exercise:
    a, b = rng.sample((1, 2, 3, 4, 5), 2)
    # Points ±a along x and ±b along y: variances along the axes in the ratio a² : b².
    x = [[a, 0], [-a, 0], [0, b], [0, -b]]
    args = {"X": x}
    ratio = result("pca", args)["explained_ratio"][0]
    return _number(
        "4.5",
        f"PCA on the four points ${mat(x)}$: what share of the variance does the top "
        "component explain? (as a fraction, to 3 decimals)",
        ratio,
        "pca",
        args,
        3,
        [
            (max(a, b) / (a + b), "you compared spreads; variances are squared: a² / (a² + b²)."),
            (min(a, b) ** 2 / (a * a + b * b), "that is the share of the second component."),
            (1.0, "the second direction still carries some variance."),
        ],
    )


GENERATORS: dict[str, list[Callable[[random.Random], Exercise]]] = {
    "4.4": [eigen_symmetric_top, eigen_value_from_vector],
    "4.5": [svd_rank_k_error, lora_parameter_count, pca_explained_share],
}
