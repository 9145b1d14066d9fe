"""SVD, low rank and PCA (topic 4.5): `svd`, `pca` and `lora_params`.

Singular vectors, like eigenvectors, are defined only up to sign; each pair (uᵢ, vᵢ) is
flipped together so uᵢ's largest entry is positive, which leaves UΣVᵀ unchanged and
makes results reproducible.
"""

from __future__ import annotations

import math
from typing import Annotated

import numpy as np
from pydantic import BeforeValidator, Field

from .explanation import Explanation, Step
from .inputs import Args, InputError, to_matrix
from .mathtree import (
    Fence,
    Sqrt,
    Sub,
    add,
    count,
    eq,
    frac,
    minus,
    mul,
    power,
    seq,
    sym,
    text,
    value,
)
from .mathtree import mat as tmat
from .mathtree import n as tn
from .mathtree import vec as tvec
from .matrix_text import (
    clean,
    fix_sign,
    shape_of,
    to_count,
    to_optional_count,
)
from .notation import num
from .registry import operation

SIGMA = sym("σ")


def signed_svd(m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The thin SVD with each singular pair's sign fixed by uᵢ's largest entry."""
    u, s, vt = np.linalg.svd(m, full_matrices=False)
    for i in range(len(s)):
        flipped = fix_sign(u[:, i])
        if not np.array_equal(flipped, u[:, i]):
            u[:, i], vt[i] = -u[:, i], -vt[i]
    return u, s, vt


def numerical_rank(s: np.ndarray, shape: tuple[int, int]) -> int:
    """numpy's matrix_rank rule: singular values below max(m, n)·ε·σ₁ count as zero."""
    if s.size == 0 or s[0] == 0:
        return 0
    return int(np.sum(s > max(shape) * np.finfo(float).eps * s[0]))


# ---------------------------------------------------------------- svd


class Svd(Args):
    A: Annotated[
        list[list[float]],
        BeforeValidator(to_matrix),
        Field(description="a matrix of any shape given as rows, such as [[3, 0], [4, 5]]"),
    ]
    k: Annotated[
        int | None,
        BeforeValidator(to_optional_count),
        Field(description="keep the top k singular values (rank-k approximation); optional"),
    ] = None


@operation(
    "svd",
    Svd,
    topic="4.5",
    summary="Singular value decomposition A = UΣVᵀ, and the best rank-k approximation.",
    example={"A": [[3, 2, 2], [2, 3, -2]], "k": 1},
)
def svd(a: Svd) -> Explanation:
    m = np.asarray(a.A, dtype=float)
    rows, cols = m.shape
    u, s, vt = signed_svd(m)
    scale = max(1.0, float(np.abs(m).max()))
    rank = numerical_rank(s, (rows, cols))
    if a.k is not None and a.k > len(s):
        raise InputError(
            "k",
            f"k is {a.k} but a {rows}×{cols} matrix has only {len(s)} singular values: "
            f"choose k from 1 to {len(s)}",
        )
    rebuilt = (u * s) @ vt
    diff = float(np.abs(rebuilt - m).max())
    steps = [
        Step(
            math=eq(SIGMA, tvec(clean(s, scale))),
            note=f"the singular values, largest first, never negative: how much A stretches "
            f"along each of its main directions; {rank} of them are above round-off, so the "
            f"rank is {rank}",
        ),
        Step(
            math=seq(eq(sym("U"), tmat(clean(u))), eq(sym("Vᵀ"), tmat(clean(vt)))),
            note="columns of U and rows of Vᵀ are unit vectors at right angles; each pair's sign "
            "is fixed so that uᵢ's largest entry is positive",
        ),
        Step(
            math=eq(mul(sym("U"), sym("Σ"), sym("Vᵀ"), op=""), tmat(clean(rebuilt, scale))),
            note="multiply back: the three factors rebuild A, up to round-off (largest "
            f"difference {num(diff, 2)})",
        ),
    ]
    result = {
        "U": clean(u),
        "S": clean(s, scale),
        "Vt": clean(vt),
        "rank": rank,
    }
    notes = [
        f"A ({shape_of(m)}) = U ({shape_of(u)}) · Σ ({len(s)}×{len(s)}, σ on the diagonal) "
        f"· Vᵀ ({shape_of(vt)})."
    ]
    if a.k is not None:
        steps += _rank_k(m, u, s, vt, a.k, result)
        notes.append(
            f"Stored as factors, the rank-{a.k} version needs {a.k * (rows + cols + 1)} numbers "
            f"instead of {rows * cols} (k·(m + n + 1))."
        )
    return Explanation("svd", a.model_dump(), result, steps, notes)


def _rank_k(
    m: np.ndarray, u: np.ndarray, s: np.ndarray, vt: np.ndarray, k: int, result: dict
) -> list[Step]:
    approx = (u[:, :k] * s[:k]) @ vt[:k]
    dropped = np.asarray(clean(s[k:], float(s[0]) if len(s) else 1.0))
    error = math.sqrt(math.fsum(float(x) ** 2 for x in dropped))
    total = math.sqrt(math.fsum(float(x) ** 2 for x in s))
    direct = float(np.linalg.norm(m - approx))
    relative = error / total if total else 0.0
    scale = max(1.0, float(np.abs(m).max()))
    result["approximation"] = clean(approx, scale)
    result["error"] = error
    result["relative_error"] = relative
    a_k = Sub(sym("A", key="A"), count(k))
    error_of = Fence(minus(sym("A", key="A"), a_k), "‖", "‖")
    return [
        Step(
            math=eq(a_k, tmat(clean(approx, scale))),
            note=f"Aₖ = σ₁u₁v₁ᵀ + … + σₖuₖvₖᵀ: keep only the {k} largest singular values and "
            f"their vectors, the best rank-{k} approximation there is (Eckart–Young)",
        ),
        Step(
            math=eq(
                error_of,
                Sqrt(add(*(power(tn(float(x)), 2) for x in dropped)) if len(dropped) else tn(0)),
                value(error),
            ),
            note="the error (Frobenius norm: root of the sum of squared entries) is exactly the "
            f"size of the singular values left out; measured directly it is {num(direct)}",
        ),
        Step(
            math=eq(text("relative error"), frac(tn(error), tn(total)), value(relative)),
            note="compared with the size of A itself, ‖A‖",
        ),
    ]


# ---------------------------------------------------------------- pca


class Pca(Args):
    X: Annotated[
        list[list[float]],
        BeforeValidator(to_matrix),
        Field(description="data: one row per example, one column per feature"),
    ]


@operation(
    "pca",
    Pca,
    topic="4.5",
    summary="Principal component analysis: centre, covariance, top directions, explained variance.",
    example={"X": [[2, 0], [0, 1], [3, 2], [5, 3], [4, 4]]},
)
def pca(a: Pca) -> Explanation:
    x = np.asarray(a.X, dtype=float)
    n, d = x.shape
    if n < 2:
        raise InputError("X", "X has one row: PCA needs at least 2 examples (rows) to vary")
    means = x.mean(axis=0)
    centred = x - means
    cov = centred.T @ centred / (n - 1)
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(-values, kind="stable")
    values = np.clip(values[order], 0.0, None)
    components = [fix_sign(vectors[:, i]) for i in order]
    total = float(values.sum())
    if total <= 1e-12 * max(1.0, float(np.abs(x).max())) ** 2:
        raise InputError(
            "X", "every row of X is the same point: there is no variance for PCA to explain"
        )
    ratios = values / total
    top = components[0]
    scores = centred @ top
    steps = [
        Step(
            math=seq(eq(sym("x̄"), tvec(clean(means))), eq(text("centred X"), tmat(clean(centred)))),
            note="subtract each column's mean so the cloud of points sits around the origin",
        ),
        Step(
            math=eq(sym("C"), tmat(clean(cov))),
            note=f"C = (X − x̄)ᵀ(X − x̄) / (n − 1) with n = {n}: the covariance matrix, "
            "variances on the diagonal and covariances off it (sample form). It is symmetric, "
            "so the symmetric solver is used",
        ),
        Step(
            math=seq(
                eq(sym("λ"), tvec(clean(values))), eq(Sub(sym("w"), count(1)), tvec(clean(top)))
            ),
            note="the eigenvector with the largest eigenvalue is the direction the data spreads "
            "along most; its eigenvalue is the variance in that direction",
        ),
        Step(
            math=eq(
                text("explained"), frac(tn(float(values[0])), tn(total)), value(float(ratios[0]))
            ),
            note="the share of the total variance the top component keeps",
        ),
        Step(
            math=eq(text("scores"), tvec(clean(scores))),
            note=f"(X − x̄)·w₁: each example as one number, its position along the top "
            f"component ({d} numbers become 1)",
        ),
    ]
    result = {
        "mean": clean(means),
        "covariance": clean(cov),
        "components": [clean(c) for c in components],
        "variances": clean(values),
        "explained_ratio": clean(ratios),
        "scores": clean(scores),
    }
    notes = [
        "PCA is the SVD of the centred data: the components are its right singular vectors "
        "and the variances are σ²/(n − 1)."
    ]
    return Explanation("pca", a.model_dump(), result, steps, notes)


# ---------------------------------------------------------------- LoRA


class Lora(Args):
    d_in: Annotated[
        int, BeforeValidator(to_count), Field(description="inputs of the layer (columns of W)")
    ]
    d_out: Annotated[
        int, BeforeValidator(to_count), Field(description="outputs of the layer (rows of W)")
    ]
    r: Annotated[int, BeforeValidator(to_count), Field(description="the adapter's rank")]


@operation(
    "lora_params",
    Lora,
    topic="4.5",
    summary="LoRA: how many numbers a rank-r adapter trains instead of the full weight matrix.",
    example={"d_in": 4096, "d_out": 4096, "r": 8},
)
def lora_params(a: Lora) -> Explanation:
    if a.r > min(a.d_in, a.d_out):
        raise InputError(
            "r",
            f"r is {a.r}, but a {a.d_out}×{a.d_in} matrix has rank at most "
            f"{min(a.d_in, a.d_out)}: choose r up to that (adapters use small r such as 8)",
        )
    full = a.d_out * a.d_in
    lora = a.r * (a.d_in + a.d_out)
    fraction = lora / full
    steps = [
        Step(
            math=eq(text("full W"), mul(count(a.d_out), count(a.d_in)), count(full)),
            note=f"W is {a.d_out}×{a.d_in}: fine-tuning every weight trains one number per entry",
        ),
        Step(
            math=eq(
                text("B and A"),
                add(mul(count(a.d_out), count(a.r)), mul(count(a.r), count(a.d_in))),
                count(lora),
            ),
            note=f"ΔW = BA with B {a.d_out}×{a.r} and A {a.r}×{a.d_in}: a product of two thin "
            f"matrices has rank at most {a.r}, and is described by far fewer numbers",
        ),
        Step(
            math=eq(text("fraction"), frac(count(lora), count(full)), value(fraction)),
            note="the share of the full matrix that is trained",
        ),
    ]
    result = {"full": full, "lora": lora, "fraction": fraction}
    notes = [
        "The pre-trained W stays frozen; only A and B learn, and W + BA is used at the end. "
        "The bet is that the change fine-tuning needs is close to low rank.",
    ]
    return Explanation("lora_params", a.model_dump(), result, steps, notes)


__all__ = ["lora_params", "numerical_rank", "pca", "signed_svd", "svd"]
