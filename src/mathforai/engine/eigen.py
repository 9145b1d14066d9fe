"""Eigenvalues and eigenvectors (topic 4.4): `eigen` and `power_iteration`.

Careful-library habits, each said in the working: a symmetric matrix goes to the
symmetric solver (real eigenvalues, orthogonal eigenvectors, better accuracy); every
eigenvector's sign is fixed by a rule; complex eigenvalues are reported as complex,
never rounded to their real part in silence.
"""

from __future__ import annotations

import math
from typing import Annotated

import numpy as np
from pydantic import BeforeValidator, Field

from .explanation import Explanation, Step
from .inputs import Args, InputError, to_matrix
from .mathtree import (
    Dots,
    Node,
    Sqrt,
    Sub,
    add,
    call,
    count,
    eq,
    frac,
    minus,
    mul,
    paren,
    power,
    seq,
    sym,
    value,
)
from .mathtree import n as tn
from .mathtree import vec as tvec
from .matrix_text import (
    clean,
    fix_sign,
    require_square,
    to_count,
    to_optional_vector,
)
from .notation import num
from .registry import operation

LAMBDA = sym("λ")

# Imaginary parts below this (relative to the matrix's size) are round-off, not rotation.
COMPLEX_TOLERANCE = 1e-10
# Eigenpairs checked one by one in the working (the result keeps them all).
CHECKED = 4
MAX_POWER_STEPS = 100


def is_symmetric(a: np.ndarray) -> bool:
    scale = max(1.0, float(np.abs(a).max()))
    return bool(np.allclose(a, a.T, rtol=0.0, atol=1e-12 * scale))


# ---------------------------------------------------------------- eigen


class Eigen(Args):
    A: Annotated[
        list[list[float]],
        BeforeValidator(to_matrix),
        Field(description="a square matrix given as rows, such as [[2, 1], [1, 2]]"),
    ]


@operation(
    "eigen",
    Eigen,
    topic="4.4",
    summary="Eigenvalues and eigenvectors: the directions a matrix only stretches (Av = λv).",
    example={"A": [[2, 1], [1, 2]]},
)
def eigen(a: Eigen) -> Explanation:
    m = require_square("A", a.A, "eigen")
    scale = max(1.0, float(np.abs(m).max()))
    symmetric = is_symmetric(m)
    steps: list[Step] = []
    if len(m) == 2:
        steps += _characteristic_steps(m)
    if symmetric:
        values, vectors = np.linalg.eigh((m + m.T) / 2)
        order = np.argsort(-values, kind="stable")
        values, vectors = values[order], vectors[:, order]
        how = (
            "A equals its transpose, so the symmetric solver (eigh) is used: its eigenvalues "
            "are always real and its eigenvectors at right angles to each other"
        )
    else:
        values, vectors = np.linalg.eig(m)
        how = "A is not symmetric, so the general solver (eig) is used"
    imag = np.imag(values)
    if np.any(np.abs(imag) > COMPLEX_TOLERANCE * scale):
        return _complex(a, m, values, steps, how)
    values = np.real(values)
    vecs = np.real(vectors)
    if not symmetric:
        order = np.argsort(-values, kind="stable")
        values, vecs = values[order], vecs[:, order]
    pairs = [
        np.asarray(clean(fix_sign(vecs[:, i] / np.linalg.norm(vecs[:, i]))))
        for i in range(len(values))
    ]
    steps.append(Step(math=eq(LAMBDA, tvec(clean(values, scale))), note=how + "; largest first"))
    steps += [_check_step(m, values[i], pairs[i], i) for i in range(min(CHECKED, len(values)))]
    result = {
        "eigenvalues": clean(values, scale),
        "eigenvectors": [v.tolist() for v in pairs],
        "symmetric": symmetric,
        "complex": False,
    }
    if len(m) == 2:
        result["characteristic"] = _characteristic(m)
    return Explanation("eigen", a.model_dump(), result, steps, _real_notes(values, pairs))


def _characteristic(m: np.ndarray) -> list[float]:
    """λ² − (trace)λ + det, with det = ad − bc computed directly (exact for small integers)."""
    (p, q), (r, s) = m
    return [1.0, -float(p + s), float(p * s - q * r)]


def _characteristic_steps(m: np.ndarray) -> list[Step]:
    (p, q), (r, s) = m
    tr, det = p + s, p * s - q * r
    disc = tr * tr - 4 * det
    lam = LAMBDA
    steps = [
        Step(
            math=eq(
                call("det", minus(sym("A", key="A"), mul(lam, sym("I"), op=""))),
                minus(
                    mul(paren(minus(tn(p), lam)), paren(minus(tn(s), lam)), op=""),
                    mul(tn(q), tn(r)),
                ),
                add(minus(power(lam, 2), mul(tn(tr), lam, op="")), tn(det)),
            ),
            note="the characteristic polynomial: λ is an eigenvalue exactly when A − λI squashes "
            "some direction to zero, i.e. its determinant is 0. The middle coefficient is the "
            "trace (sum of the diagonal), the last the determinant",
        ),
        Step(
            math=eq(sym("Δ"), minus(power(tn(tr), 2), mul(tn(4), tn(det))), value(disc)),
            note="the discriminant: below 0 means complex eigenvalues (a rotation); 0 a "
            "repeated one",
        ),
    ]
    if disc >= 0:
        root = math.sqrt(disc)
        roots = [
            eq(Sub(lam, count(k)), frac(op(tn(tr), Sqrt(tn(disc))), tn(2)), value(x))
            for k, op, x in ((1, add, (tr + root) / 2), (2, minus, (tr - root) / 2))
        ]
        steps.append(Step(math=seq(*roots), note="the quadratic formula"))
    else:
        root = math.sqrt(-disc)
        steps.append(
            Step(
                math=seq(_complex_node(tr / 2, root / 2), _complex_node(tr / 2, -root / 2)),
                note="the square root of a negative number: the roots are complex",
            )
        )
    return steps


def _complex_node(re: float, im: float) -> Node:
    part = mul(tn(abs(im)), sym("i"), op="")
    return add(tn(re), part) if im >= 0 else minus(tn(re), part)


def _check_step(m: np.ndarray, lam: float, v: np.ndarray, i: int) -> Step:
    av, lv = m @ v, lam * v
    k = count(i + 1)
    vk = Sub(sym("v"), k)
    return Step(
        math=seq(
            eq(mul(sym("A", key="A"), vk, op=""), tvec(clean(av))),
            eq(
                mul(Sub(LAMBDA, k), vk, op=""),
                mul(tn(lam), tvec(v.tolist()), op="·"),
                tvec(clean(lv)),
            ),
        ),
        note=f"check Av = λv for eigenvector {i + 1} (unit length, its largest entry made "
        "positive): multiplying by A only stretched it",
    )


def _real_notes(values: np.ndarray, pairs: list[np.ndarray]) -> list[str]:
    notes = []
    rounded = [round(float(x), 9) for x in values]
    if len(set(rounded)) < len(rounded):
        notes.append(
            "An eigenvalue is repeated: its eigenvectors fill a plane (or more), and any "
            "direction in it works; the ones given are one choice."
        )
        rank = np.linalg.matrix_rank(np.column_stack(pairs), tol=1e-6)
        if rank < len(pairs):
            notes.append(
                f"Only {rank} independent eigenvector(s) for {len(pairs)} eigenvalues: the "
                "matrix is defective (a shear), and the listed vectors repeat a direction."
            )
    top = float(np.max(np.abs(values)))
    if top > 1:
        notes.append(
            f"The largest |λ| is {num(top)} > 1: multiplying by A again and again makes "
            "vectors grow without bound (exploding)."
        )
    elif top < 1:
        notes.append(
            f"Every |λ| is below 1 (largest {num(top)}): multiplying by A again and again "
            "shrinks every vector towards zero (vanishing)."
        )
    return notes


def _complex(
    a: Eigen, m: np.ndarray, values: np.ndarray, steps: list[Step], how: str
) -> Explanation:
    order = np.lexsort((-np.imag(values), -np.real(values)))
    values = values[order]
    shown = [_complex_node(float(z.real), float(z.imag)) for z in values[:CHECKED]]
    steps.append(Step(math=eq(LAMBDA, seq(*shown)), note=how))
    scale = max(1.0, float(np.abs(m).max()))
    result = {
        "eigenvalues": clean(np.real(values), scale),
        "imaginary": clean(np.imag(values), scale),
        "eigenvectors": None,
        "symmetric": False,
        "complex": True,
    }
    if len(m) == 2:
        result["characteristic"] = _characteristic(m)
    notes = [
        "The eigenvalues are complex (they come in pairs a ± bi): no real direction stays on "
        "its own line, because A turns every vector. 'eigenvalues' holds the real parts a, "
        "'imaginary' the parts b.",
        f"Their size |λ| = {num(float(np.abs(values).max()))} says how much A stretches "
        "while it turns: above 1 repeated products spiral outwards, below 1 inwards.",
    ]
    return Explanation("eigen", a.model_dump(), result, steps, notes)


# ---------------------------------------------------------------- power iteration


class PowerIteration(Args):
    A: Annotated[
        list[list[float]],
        BeforeValidator(to_matrix),
        Field(description="a square matrix given as rows, such as [[2, 1], [1, 2]]"),
    ]
    start: Annotated[
        list[float] | None,
        BeforeValidator(to_optional_vector),
        Field(description="the starting vector (default all ones)"),
    ] = None
    steps: Annotated[
        int, BeforeValidator(to_count), Field(description="how many multiplications (1 to 100)")
    ] = 10


@operation(
    "power_iteration",
    PowerIteration,
    topic="4.4",
    summary="Power iteration: multiply by A and rescale, over and over, to find the top "
    "eigenvector.",
    example={"A": [[2, 1], [1, 2]], "start": [1, 0], "steps": 8},
)
def power_iteration(a: PowerIteration) -> Explanation:
    m = require_square("A", a.A, "power_iteration")
    if a.steps > MAX_POWER_STEPS:
        raise InputError("steps", f"steps is {a.steps}: at most {MAX_POWER_STEPS} are run")
    v = np.ones(len(m)) if a.start is None else np.asarray(a.start, dtype=float)
    if len(v) != len(m):
        raise InputError(
            "start", f"start has {len(v)} entries but A is {len(m)}×{len(m)}: give {len(m)}"
        )
    if not np.any(v):
        raise InputError("start", "start is the zero vector, which has no direction: use [1, 1]")
    v = v / np.linalg.norm(v)
    steps: list[Step] = []
    estimates, factors = [], []
    for k in range(1, a.steps + 1):
        w = m @ v
        size = float(np.linalg.norm(w))
        if size == 0 or not math.isfinite(size):
            raise InputError(
                "start",
                f"after {k} step(s) A·v is the zero vector: the start lies in directions A "
                "sends to 0 (eigenvalue 0). Start from another vector",
            )
        v = w / size
        estimate = float(v @ m @ v)
        estimates.append(estimate)
        factors.append(size)
        if k <= 6 or k == a.steps:
            steps.append(_power_step(k, w, size, v, estimate))
        elif k == 7:
            steps.append(Step(math=Dots(), note="the same multiply-and-rescale, repeated"))
    result = {
        "eigenvalue": estimate,
        "vector": clean(fix_sign(v)),
        "estimates": estimates,
        "factors": factors,
    }
    return Explanation(
        "power_iteration", a.model_dump(), result, steps, _power_notes(estimates, factors)
    )


def _power_step(k: int, w: np.ndarray, size: float, v: np.ndarray, estimate: float) -> Step:
    return Step(
        math=seq(
            eq(mul(sym("A", key="A"), sym("v"), op=""), tvec(clean(w))),
            eq(sym("‖Av‖"), value(size)),
            eq(Sub(sym("v"), count(k)), tvec(clean(v))),
            eq(sym("vᵀAv"), value(estimate)),
        ),
        note="multiply by A, then divide by the length so the numbers stay readable; the "
        "Rayleigh quotient vᵀAv estimates the eigenvalue",
    )


def _power_notes(estimates: list[float], factors: list[float]) -> list[str]:
    n = len(factors)
    log_growth = sum(math.log10(f) for f in factors)
    notes = [
        f"Without the rescaling, {n} multiplications would have multiplied the start's length "
        f"by about 10 to the power {num(log_growth, 2)}: each step scales by roughly |λ| "
        "(here the last "
        f"factor is {num(factors[-1])}).",
    ]
    if n >= 2 and abs(estimates[-1] - estimates[-2]) > 1e-6 * max(1.0, abs(estimates[-1])):
        notes.append(
            "The estimate is still moving: run more steps. Power iteration is slow when the "
            "top two eigenvalues are close in size, and fails to settle when they tie."
        )
    growth = 10 ** (log_growth / n)
    if growth > 1.0001:
        notes.append(
            "Above 1 per step: repeated multiplication explodes (as in a deep "
            "network whose layers all stretch)."
        )
    elif growth < 0.9999:
        notes.append("Below 1 per step: repeated multiplication vanishes towards zero.")
    return notes


__all__ = ["eigen", "is_symmetric", "power_iteration"]
