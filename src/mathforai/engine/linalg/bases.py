"""Coordinates in a basis (1.12)."""

from __future__ import annotations

import math

from ..explanation import Explanation, Step
from ..inputs import (
    Args,
    InputError,
    Vector,
    VectorList,
)
from ..notation import lnum, lsigned, num, signed
from ..registry import operation
from .combinations import _combo, _vnames
from .reduction import _analyse, _clean, _kind, _row_reduce
from .writing import DOTS, _elide, _ml, _mt, _space, _sum_l, _sum_t, _vl, _vt


class CoordinatesArgs(Args):
    basis: VectorList
    v: Vector


@operation(
    "coordinates",
    CoordinatesArgs,
    topic="1.12",
    summary="Coordinates of v in a basis: the c with c₁·b₁ + c₂·b₂ + … = v.",
    example={"basis": [[1, 1], [1, -1]], "v": [3, 5]},
)
def coordinates(args: CoordinatesArgs) -> Explanation:
    basis, v = args.basis, args.v
    _check_basis(basis, v)
    n = len(v)
    columns = [list(col) for col in zip(*basis, strict=True)]
    red = _row_reduce([[*row, x] for row, x in zip(columns, v, strict=True)], "basis")
    if red.pivots != list(range(n)):
        raise InputError(
            "basis",
            "the basis vectors are too close to dependent to solve reliably; spread them apart",
        )
    coefs = [row[n] for row in red.rref]
    reduced = [[_clean(x, 1.0) for x in row] for row in red.rref]
    names, lnames = _vnames(n, "c")
    bnames, lbnames = _vnames(n, "b")
    steps = [
        Step(
            "v = "
            + _sum_t([f"{c}·{b}" for c, b in zip(names, bnames, strict=True)])
            + f", with the b's as columns: {_mt(columns)}·c = {_vt(v)}",
            "v = "
            + _sum_l([f"{c}{b}" for c, b in zip(lnames, lbnames, strict=True)])
            + rf",\quad {_ml(columns)}\,c = {_vl(v)}",
            "the coordinates are the weights that rebuild v",
        ),
        Step(
            f"row reduce [B | v] → {_mt(reduced)}",
            rf"\left[B \mid v\right] \to {_ml(reduced)}",
            "the last column holds the coordinates",
        ),
        Step(
            ", ".join(_elide([f"{c} = {num(x)}" for c, x in zip(names, coefs, strict=True)])),
            r",\ ".join(
                _elide([f"{c} = {lnum(x)}" for c, x in zip(lnames, coefs, strict=True)], DOTS)
            ),
            "",
        ),
        _coordinates_check(coefs, basis, v),
    ]
    notes = ["In a basis every vector has exactly one set of coordinates."]
    return Explanation("coordinates", args.model_dump(), coefs, steps, notes)


def _check_basis(basis: list[list[float]], v: list[float]) -> None:
    n, k = len(basis[0]), len(basis)
    if len(v) != n:
        raise InputError(
            "v",
            f"v has {len(v)} numbers but the basis vectors have {n}: give v in the same space",
        )
    if k != n:
        reach = "too few to reach every vector" if k < n else "too many, so one is redundant"
        raise InputError(
            "basis",
            f"a basis of {_space(n)} has exactly {n} vectors; you gave {k} ({reach}). "
            f"Give {n} independent vectors of length {n}",
        )
    an = _analyse(basis)
    if an.rank < n:
        names, _ = _vnames(k, "b")
        j, coefs = an.redundant[0]
        combo = _combo(coefs, names, names)[0]
        raise InputError(
            "basis",
            f"the basis vectors are dependent ({names[j]} = {combo}), so they span only a "
            f"{_kind(an.rank)}, not all of {_space(n)}; "
            f"replace {names[j]} with a vector in a new direction",
        )


def _coordinates_check(coefs: list[float], basis: list[list[float]], v: list[float]) -> Step:
    n = len(v)
    check = [math.fsum(c * b[i] for c, b in zip(coefs, basis, strict=True)) for i in range(n)]
    size = max(1.0, *map(abs, v))
    ok = all(
        math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9 * size) for x, y in zip(check, v, strict=True)
    )
    pairs = list(zip(coefs, basis, strict=True))
    return Step(
        "check: "
        + _sum_t([f"{signed(c)}·{_vt(b)}" for c, b in pairs])
        + " = "
        + _sum_t([_vt([c * x for x in b]) for c, b in pairs])
        + f" = {_vt(check)}"
        + (" ✓" if ok else f" ≈ {_vt(v)}"),
        _sum_l([rf"{lsigned(c)}\,{_vl(b)}" for c, b in pairs]) + f" = {_vl(check)}",
        "c₁·b₁ + c₂·b₂ + … gives back v",
    )
