"""Least squares and residuals (3.6)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from ..explanation import Explanation, Step
from ..inputs import Args, InputError, Matrix, Vector
from ..mathtree import (
    Infix,
    Node,
    Rel,
    Sub,
    add,
    eq,
    mat,
    minus,
    n,
    nums,
    paren,
    power,
    seq,
    sym,
    text,
    value,
    vec,
)
from ..notation import num, signed
from ..registry import operation

# ---------------------------------------------------------------- least squares


class LeastSquaresArgs(Args):
    x: Vector | None = Field(
        None, description="the points' x values, such as [1, 2, 3, 4], to fit a line (or give A)"
    )
    y: Vector
    A: Matrix | None = Field(
        None,
        description="a design matrix, one row per point, such as [[1, 1], [2, 1]] (or give x)",
    )


A, AT = sym("A", key="A"), sym("Aᵀ", key="A")
Y, W, X, R = sym("y", key="y"), sym("w", key="w"), sym("x", key="x"), sym("r")
YHAT = sym("ŷ")


def _sse(residuals: Sequence[float], sse: float, *lead: Node) -> Node:
    """[SSE =] ∑rᵢ² = 0.01 + 0.04 + … ≈ 0.07."""
    total = Infix("", (sym("∑"), power(Sub(R, sym("i")), 2)))
    chain = eq(total, add(*nums(r * r for r in residuals)), value(sse))
    return Rel(lead[0], (("=", total), *chain.rest)) if lead else chain


def _design(a: LeastSquaresArgs) -> list[list[float]]:
    if (a.x is None) == (a.A is None):
        which = "neither" if a.x is None else "both"
        raise InputError(
            "x" if a.x is None else "A",
            f"give exactly one of x (points, with y) or A (a design matrix); got {which}",
        )
    rows = [[xi, 1.0] for xi in a.x] if a.x is not None else a.A
    assert rows is not None
    source = "x" if a.x is not None else "A"
    if len(rows) != len(a.y):
        what = "numbers" if source == "x" else "rows"
        raise InputError(
            "y", f"{source} has {len(rows)} {what} but y has {len(a.y)}: give one y per point"
        )
    return rows


@operation(
    "least_squares",
    LeastSquaresArgs,
    topic="3.6",
    summary="Least squares: the w that minimises ‖y - Aw‖², by the normal equation.",
    example={"x": [1, 2, 3, 4], "y": [2.0, 3.9, 6.1, 7.8]},
)
def least_squares(a: LeastSquaresArgs) -> Explanation:
    import numpy as np

    rows = _design(a)
    design = np.array(rows, dtype=float)
    y = np.array(a.y, dtype=float)
    n, k = design.shape
    ata = design.T @ design
    aty = design.T @ y
    w, _, rank, _ = np.linalg.lstsq(design, y, rcond=None)
    residuals = y - design @ w
    sse = float(residuals @ residuals)
    steps = _lsq_steps(
        a, rows, ata.tolist(), aty.tolist(), w.tolist(), residuals.tolist(), sse, int(rank)
    )
    notes = _lsq_notes(a, n, k, int(rank), w.tolist(), sse, float(y @ y))
    result = {"w": w.tolist(), "residuals": residuals.tolist(), "sse": sse}
    return Explanation("least_squares", a.model_dump(), result, steps, notes)


def _lsq_steps(
    a: LeastSquaresArgs,
    rows: list[list[float]],
    ata: list[list[float]],
    aty: list[float],
    w: list[float],
    residuals: list[float],
    sse: float,
    rank: int,
) -> list[Step]:
    why = "each row is [xᵢ, 1]: slope and intercept" if a.x is not None else "the design matrix"
    ata_, aty_ = Infix("", (AT, A)), Infix("", (AT, Y))
    normal = eq(Infix("", (ata_, W)), aty_)
    steps = [
        Step(math=eq(A, mat(rows)), note=why),
        Step(math=eq(ata_, mat(ata)), note="multiply A by its transpose"),
        Step(math=eq(aty_, vec(aty)), note="multiply y by Aᵀ"),
    ]
    k = len(ata)
    if rank < k:
        steps.append(
            Step(
                math=seq(
                    normal,
                    text(f"has many solutions (rank {rank} < {k}); minimum-norm"),
                    eq(W, vec(w)),
                    sep=" ",
                ),
                note="AᵀA is singular: lstsq returns the solution with the smallest ‖w‖",
            )
        )
    else:
        steps.append(
            Step(
                math=seq(
                    seq(text("solve"), normal, sep=" "),
                    eq(W, Infix("", (power(paren(ata_), -1), aty_)), vec(w)),
                    sep=": ",
                ),
                note="the normal equation (solved stably by numpy.linalg.lstsq)",
            )
        )
    steps.append(
        Step(
            math=eq(R, minus(Y, Infix("", (A, W))), vec(residuals)),
            note="residuals: actual − predicted",
        )
    )
    steps.append(
        Step(
            math=_sse(residuals, sse, sym("SSE")),
            note="the sum of squared residuals that least squares minimises",
        )
    )
    return steps


def _lsq_notes(
    a: LeastSquaresArgs, n: int, k: int, rank: int, w: list[float], sse: float, scale: float
) -> list[str]:
    notes = []
    if a.x is not None:
        notes.append(f"Best-fit line: y ≈ {num(w[0])}·x + {signed(w[1])} (w = [slope, intercept]).")
    if n > k:
        notes.append(
            f"{n} equations and {k} unknowns: the system is overdetermined, so it has no exact "
            "solution unless the points happen to be collinear; least squares picks the w "
            "with the smallest sum of squared residuals."
        )
    elif n < k:
        notes.append(f"Only {n} equations for {k} unknowns: many w fit exactly.")
    if rank < k:
        notes.append(
            f"AᵀA is singular (rank {rank} < {k}): the columns of A are dependent, so many w "
            "give the same fit; numpy.linalg.lstsq returns the minimum-norm solution."
        )
    if sse <= 1e-20 * max(1.0, scale):
        notes.append("The fit is exact (SSE = 0): the points lie on one line.")
    return notes


class ResidualsArgs(Args):
    x: Vector
    y: Vector
    w: Vector


@operation(
    "residuals",
    ResidualsArgs,
    topic="3.6",
    summary="Residuals of the line w = [slope, intercept]: actual - predicted, and their SSE.",
    example={"x": [1, 2, 3, 4], "y": [2.0, 3.9, 6.1, 7.8], "w": [2.0, 0.1]},
)
def residuals(a: ResidualsArgs) -> Explanation:
    if len(a.w) != 2:
        raise InputError("w", f"w must be [slope, intercept] (2 numbers); got {len(a.w)}")
    if len(a.x) != len(a.y):
        raise InputError(
            "y", f"x has {len(a.x)} numbers but y has {len(a.y)}: give one y per point"
        )
    slope, intercept = a.w
    predictions = [slope * xi + intercept for xi in a.x]
    res = [yi - pi for yi, pi in zip(a.y, predictions, strict=True)]
    sse = sum(r * r for r in res)
    line = add(Infix("", (n(slope), X)), n(intercept))
    steps = [
        Step(math=eq(YHAT, line, vec(predictions)), note="predictions of the line"),
        Step(math=eq(R, minus(Y, YHAT), vec(res)), note="residual = actual − predicted"),
        Step(math=_sse(res, sse), note="sum of squared residuals"),
    ]
    notes = [
        "A positive residual means the point lies above the line; negative, below.",
        "least_squares finds the w that makes this sum as small as possible.",
    ]
    result = {"predictions": predictions, "residuals": res, "sse": sse}
    return Explanation("residuals", a.model_dump(), result, steps, notes)
