"""Row reduction to echelon form, written as row operations (shared by span and basis)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..explanation import Step
from ..inputs import InputError
from ..mathprint import to_text
from ..mathtree import Infix, Node, Sub, call, count, eq, mat, mul, n, rel, seq, sym, text, vec
from .combinations import _combo, _vnames
from .writing import MAX_ENTRIES

M = sym("M")


@dataclass
class _Reduced:
    rref: list[list[float]]
    pivots: list[int]
    ops: list[Node]
    op_count: int
    # The size of each column (its largest entry): what "zero" is measured against.
    scales: list[float]


MAX_OPS = 12  # row operations listed in the steps


def _row(i: int) -> Node:
    """R₁, R₂, …: row i (from 0) of the matrix being reduced."""
    return Sub(sym("R"), count(i + 1))


def _pivot_row(a: np.ndarray, r: int, c: int) -> int:
    """The first row whose entry is within 10× of the largest: stable, and it keeps
    the row swaps a person would not make out of the working."""
    column = np.abs(a[r:, c])
    return r + int(np.flatnonzero(column >= 0.1 * column.max())[0])


def _row_reduce(m: Sequence[Sequence[float]], field: str = "vectors") -> _Reduced:
    """Gauss–Jordan elimination with partial pivoting and a tolerance relative to each column.

    Columns are the vectors. Rounding noise in a column is relative to that column's own
    size, so [1, 0] next to [1e12, 0] is a direction, not noise (a tolerance taken from the
    largest entry overall called it zero and claimed v = 0). Row operations act on every
    column alike, so this is the same as first scaling each vector to largest entry 1.
    """
    # numpy does each row operation for all rows at once: the same IEEE operations
    # (x − f·y, x / pivot) as element by element, so the numbers are identical, but a
    # 100×100 reduction takes milliseconds instead of seconds.
    a = np.array(m, dtype=float)
    nrows, ncols = a.shape
    scales = [float(s) for s in np.abs(a).max(axis=0)]
    growth = max(nrows, ncols) * 1e-13
    pivots: list[int] = []
    ops: list[Node] = []
    count = 0

    def record(op: Callable[[], Node]) -> None:
        nonlocal count
        count += 1
        if len(ops) < MAX_OPS:
            ops.append(op())

    r = 0
    # An overflow (1e12 / 1e-300) is expected here: it is caught below and refused.
    with np.errstate(over="ignore", invalid="ignore"):
        for c in range(ncols):
            if r == nrows:
                break
            if not np.isfinite(a[r:, c]).all():
                raise _too_far_apart(m, field)  # an earlier division overflowed
            best = _pivot_row(a, r, c)
            if abs(a[best, c]) <= scales[c] * growth:
                a[r:, c] = 0.0  # rounding noise, not a pivot
                continue
            if best != r:
                a[[r, best]] = a[[best, r]]
                record(lambda r=r, best=best: rel(_row(r), "↔", _row(best)))
            pivot = float(a[r, c])
            if pivot != 1:
                a[r] = a[r] / pivot
                a[r, c] = 1.0
                record(lambda r=r, pivot=pivot: mul(_row(r), n(pivot), op="÷"))
            factors = a[:, c].copy()
            factors[r] = 0.0
            rows = np.flatnonzero(factors)
            a[rows] -= np.outer(factors[rows], a[r])
            a[rows, c] = 0.0
            for i in rows:
                record(lambda i=int(i), f=float(factors[i]), r=r: _elimination(i, f, r))
            pivots.append(c)
            r += 1
    a[r:] = 0.0
    if not np.isfinite(a).all():
        raise _too_far_apart(m, field)
    rref = a.tolist()
    return _Reduced(rref, pivots, ops, count, scales)


def _elimination(i: int, f: float, r: int) -> Node:
    term = _row(r) if abs(f) == 1 else Infix("", (n(abs(f)), _row(r)))
    return rel(_row(i), "→", Infix("−" if f > 0 else "+", (_row(i), term)))


def _too_far_apart(m: Sequence[Sequence[float]], field: str) -> InputError:
    """Dividing by a 1e-300 pivot to compare with 1e12 overflows: say so instead of guessing."""
    sizes = [abs(x) for row in m for x in row if x != 0]
    return InputError(
        field,
        f"these numbers range from {min(sizes):.0e} to {max(sizes):.0e} in size, too far apart "
        "to compare in floating point (a ratio past 1e308); scale the vectors to similar sizes",
    )


def _clean(x: float, scale: float) -> float:
    return 0.0 if abs(x) <= scale * 1e-12 else x


def _small_integers(c: Sequence[float]) -> list[float] | list[int]:
    """Scale a relation to small whole numbers when its ratios allow; first entry positive.

    Rounding noise was cleared per vector in `_analyse`; a tiny entry left here is real
    (the relation between [1, 0] and [1e12, 0] has coefficients 1e-12 and 1).
    """
    biggest = max(abs(x) for x in c)
    base = min(abs(x) for x in c if x != 0)
    sign = 1 if next(x for x in c if x != 0) > 0 else -1
    # Whole numbers up to 10⁶ need a ratio of at most about 10⁶ (and 1e12/1e-300 overflows).
    ratios = [x / base for x in c] if biggest / base <= 1e6 + 1 else []
    for mult in range(1, 101 if ratios else 1):
        scaled = [r * mult for r in ratios]
        if all(abs(s - round(s)) <= 1e-9 * max(1.0, abs(s)) for s in scaled):
            ints = [round(s) for s in scaled]
            if max(abs(i) for i in ints) <= 10**6:
                g = math.gcd(*ints)
                return [sign * i // g for i in ints]
    return [_round12(sign * x / biggest) for x in c]


def _round12(x: float) -> float:
    """12 significant digits: 12 decimals turned 5e-13 into 1e-12 and broke the relation."""
    return float(f"{x:.12g}")


@dataclass
class _Analysis:
    rank: int
    dim: int
    reduced: _Reduced
    # The first few redundant vectors j: (j, coefficients over the pivot vectors).
    redundant: list[tuple[int, list[float]]]


def _analyse(vs: Sequence[Sequence[float]]) -> _Analysis:
    columns = [list(col) for col in zip(*vs, strict=True)]  # vectors as columns
    red = _row_reduce(columns)
    redundant = []
    pivots = set(red.pivots)
    # Only the first few redundant vectors are shown or used; thousands would cost O(k²).
    free = [j for j in range(len(vs)) if j not in pivots][:MAX_ENTRIES]
    for j in free:
        coefs = [0.0] * len(vs)
        for row, pc in enumerate(red.pivots):
            # The coefficient of vector pc in vector j carries the ratio of their sizes.
            coefs[pc] = _clean(red.rref[row][j], red.scales[j] / red.scales[pc])
        redundant.append((j, coefs))
    return _Analysis(len(red.pivots), len(vs[0]), red, redundant)


def _reduction_steps(vs: Sequence[Sequence[float]], an: _Analysis) -> list[Step]:
    columns = [list(col) for col in zip(*vs, strict=True)]
    steps = [
        Step(
            math=seq(text("vectors as the columns of a matrix:"), eq(M, mat(columns)), sep=" "),
            note="column j is vector j",
        )
    ]
    if an.reduced.ops:
        more = an.reduced.op_count - len(an.reduced.ops)
        ops = [*an.reduced.ops, *([text(f"… ({more} more)")] if more else [])]
        steps.append(
            Step(
                math=seq(text("row operations:"), seq(*ops, sep="; "), sep=" "),
                note="eliminate below and above each pivot",
            )
        )
    cleaned = [[_clean(x, 1.0) for x in row] for row in an.reduced.rref]
    pivots = ", ".join(str(p + 1) for p in an.reduced.pivots) or "none"
    plural = "s" if an.rank != 1 else ""
    steps.append(
        Step(
            math=seq(
                eq(call("rref", M), mat(cleaned)),
                text(f"pivot{plural} in column{plural} {pivots}"),
                sep="; ",
            ),
            note=f"each pivot is a new direction: rank = {an.rank}",
        )
    )
    names = _vnames(len(vs))
    for j, coefs in an.redundant[:MAX_ENTRIES]:
        line: Node = eq(names[j], _combo(coefs, names))
        if len(vs[0]) <= 6:
            parts = [(c, vec(vs[i])) for i, c in enumerate(coefs) if c != 0]
            if parts:
                same = eq(vec(vs[j]), _combo([c for c, _ in parts], [p for _, p in parts]))
                line = seq(line, seq(text("i.e."), same, sep=" "), sep=", ")
            else:
                line = seq(line, text("(the zero vector)"), sep=" ")
        steps.append(Step(math=line, note=f"{to_text(names[j])} adds no new direction"))
    return steps


def _kind(rank: int) -> str:
    return {0: "point", 1: "line", 2: "plane"}.get(rank, f"{rank}-dimensional space")
