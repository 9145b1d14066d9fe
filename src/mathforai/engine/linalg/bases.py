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
from ..mathprint import to_text
from ..mathtree import Fence, Infix, add, elide, eq, mat, n, rel, seq, sym, text, value, vec
from ..registry import operation
from .combinations import _combo_text, _vnames
from .reduction import _analyse, _clean, _kind, _row_reduce
from .writing import _space


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
    k = len(v)
    columns = [list(col) for col in zip(*basis, strict=True)]
    red = _row_reduce([[*row, x] for row, x in zip(columns, v, strict=True)], "basis")
    if red.pivots != list(range(k)):
        raise InputError(
            "basis",
            "the basis vectors are too close to dependent to solve reliably; spread them apart",
        )
    coefs = [row[k] for row in red.rref]
    reduced = [[_clean(x, 1.0) for x in row] for row in red.rref]
    names, bnames = _vnames(k, "c"), _vnames(k, "b")
    v_ = sym("v", key="v")
    steps = [
        Step(
            math=seq(
                eq(v_, add(*(Infix("", (c, b)) for c, b in zip(names, bnames, strict=True)))),
                seq(
                    text("with the b's as columns:"),
                    eq(Infix("", (mat(columns), sym("c"))), vec(v)),
                    sep=" ",
                ),
                sep=", ",
            ),
            note="the coordinates are the weights that rebuild v",
        ),
        Step(
            math=seq(
                text("row reduce"),
                rel(Fence(Infix("|", (sym("B"), v_)), "[", "]"), "→", mat(reduced)),
                sep=" ",
            ),
            note="the last column holds the coordinates",
        ),
        Step(math=seq(*elide([eq(c, value(x)) for c, x in zip(names, coefs, strict=True)]))),
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
        names = _vnames(k, "b")
        j, coefs = an.redundant[0]
        combo, name = _combo_text(coefs, names), to_text(names[j])
        raise InputError(
            "basis",
            f"the basis vectors are dependent ({name} = {combo}), so they span only a "
            f"{_kind(an.rank)}, not all of {_space(n)}; "
            f"replace {name} with a vector in a new direction",
        )


def _coordinates_check(coefs: list[float], basis: list[list[float]], v: list[float]) -> Step:
    dim = len(v)
    check = [math.fsum(c * b[i] for c, b in zip(coefs, basis, strict=True)) for i in range(dim)]
    size = max(1.0, *map(abs, v))
    ok = all(
        math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9 * size) for x, y in zip(check, v, strict=True)
    )
    pairs = list(zip(coefs, basis, strict=True))
    chain = eq(
        add(*(Infix("", (n(c), vec(b))) for c, b in pairs)),
        add(*(vec([c * x for x in b]) for c, b in pairs)),
        vec(check),
    )
    return Step(
        math=seq(text("check:"), chain, text("✓") if ok else rel(None, "≈", vec(v)), sep=" "),
        note="c₁·b₁ + c₂·b₂ + … gives back v",
    )
