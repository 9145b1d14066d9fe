"""Least squares and residuals (3.6)."""

from __future__ import annotations

from collections.abc import Sequence

from ..explanation import Explanation, Step
from ..inputs import Args, InputError, Matrix, Vector
from ..notation import lmat, lnum, lsigned, lvec, mat, num, signed, vec
from ..registry import operation
from .argtypes import SHOWN_ROWS

# ---------------------------------------------------------------- least squares


class LeastSquaresArgs(Args):
    x: Vector | None = None
    y: Vector
    A: Matrix | None = None


def _rows(a: Sequence[Sequence[float]]) -> tuple[str, str]:
    if len(a) <= SHOWN_ROWS:
        return mat(a), lmat(a)
    head = mat(a[: SHOWN_ROWS - 1])[:-1] + ", …]"
    return head, lmat(a[: SHOWN_ROWS - 1]) + r"\ \dots"


def _short(v: Sequence[float]) -> tuple[str, str]:
    if len(v) <= 2 * SHOWN_ROWS:
        return vec(v), lvec(v)
    return vec(v[:SHOWN_ROWS])[:-1] + ", …]", lvec(v[:SHOWN_ROWS]) + r"\dots"


def _squares_text(residuals: Sequence[float]) -> str:
    squares = [num(r * r) for r in residuals[:8]]
    return " + ".join(squares) + (" + …" if len(residuals) > 8 else "")


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
    shown = _rows(rows)
    why = "each row is [xᵢ, 1]: slope and intercept" if a.x is not None else "the design matrix"
    steps = [
        Step(f"A = {shown[0]}", f"A = {shown[1]}", why),
        Step(f"AᵀA = {mat(ata)}", rf"A^\top A = {lmat(ata)}", "multiply A by its transpose"),
        Step(f"Aᵀy = {vec(aty)}", rf"A^\top y = {lvec(aty)}", "multiply y by Aᵀ"),
    ]
    k = len(ata)
    if rank < k:
        steps.append(
            Step(
                f"AᵀA·w = Aᵀy has many solutions (rank {rank} < {k}); minimum-norm w = {vec(w)}",
                rf"A^\top A\, w = A^\top y \Rightarrow w = {lvec(w)}",
                "AᵀA is singular: lstsq returns the solution with the smallest ‖w‖",
            )
        )
    else:
        steps.append(
            Step(
                f"solve AᵀA·w = Aᵀy: w = (AᵀA)⁻¹Aᵀy = {vec(w)}",
                rf"w = (A^\top A)^{{-1}} A^\top y = {lvec(w)}",
                "the normal equation (solved stably by numpy.linalg.lstsq)",
            )
        )
    r = _short(residuals)
    steps.append(
        Step(f"r = y - Aw = {r[0]}", f"r = y - Aw = {r[1]}", "residuals: actual - predicted")
    )
    steps.append(
        Step(
            f"SSE = Σ rᵢ² = {_squares_text(residuals)} = {num(sse)}",
            rf"\sum r_i^2 = {lnum(sse)}",
            "the sum of squared residuals that least squares minimises",
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
    p, r = _short(predictions), _short(res)
    steps = [
        Step(
            f"ŷ = {num(slope)}·x + {signed(intercept)} = {p[0]}",
            rf"\hat y = {lnum(slope)}x + {lsigned(intercept)} = {p[1]}",
            "predictions of the line",
        ),
        Step(f"r = y - ŷ = {r[0]}", rf"r = y - \hat y = {r[1]}", "residual = actual - predicted"),
        Step(
            f"Σ rᵢ² = {_squares_text(res)} = {num(sse)}",
            rf"\sum r_i^2 = {lnum(sse)}",
            "sum of squared residuals",
        ),
    ]
    notes = [
        "A positive residual means the point lies above the line; negative, below.",
        "least_squares finds the w that makes this sum as small as possible.",
    ]
    result = {"predictions": predictions, "residuals": res, "sse": sse}
    return Explanation("residuals", a.model_dump(), result, steps, notes)
