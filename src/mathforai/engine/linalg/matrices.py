"""Matrices (1.4, 1.7): transpose, multiplication and its shape rule."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..budgets import check_result_size
from ..explanation import Explanation, Step
from ..inputs import (
    Args,
    InputError,
    Matrix,
    VectorOrMatrix,
)
from ..notation import lnum, lsigned, num, signed
from ..registry import operation
from .argtypes import MatrixShape
from .writing import (
    MAX_ENTRIES,
    _anyl,
    _anyt,
    _eq,
    _leq,
    _ml,
    _mt,
    _shape_t,
    _sum_l,
    _sum_t,
    _vl,
    _vt,
)

# ---------------------------------------------------------------------------
# Matrices: transpose and multiplication (1.4, 1.7)
# ---------------------------------------------------------------------------


class MatrixA(Args):
    A: Matrix


@operation(
    "transpose",
    MatrixA,
    topic="1.4",
    summary="Transpose: rows become columns, so an m×n matrix becomes n×m.",
    example={"A": [[1, 2, 3], [4, 5, 6]]},
)
def transpose(args: MatrixA) -> Explanation:
    a = args.A
    m, n = len(a), len(a[0])
    t = [list(col) for col in zip(*a, strict=True)]
    steps = [
        Step(
            f"A is {_shape_t(m, n)}, so Aᵀ is {_shape_t(n, m)}",
            rf"A \in \mathbb{{R}}^{{{m}\times {n}}} \Rightarrow "
            rf"A^T \in \mathbb{{R}}^{{{n}\times {m}}}",
            "(Aᵀ)ᵢⱼ = Aⱼᵢ",
        )
    ]
    for i, row in enumerate(a[:MAX_ENTRIES], 1):
        steps.append(
            Step(
                f"row {i} of A {_vt(row)} becomes column {i} of Aᵀ",
                rf"\text{{row }}{i} = {_vl(row)} \to \text{{column }}{i}",
                "rows become columns" if i == 1 else "",
            )
        )
    notes = []
    if m > MAX_ENTRIES:
        notes.append(f"The other {m - MAX_ENTRIES} rows turn into columns the same way.")
    steps.append(Step(f"Aᵀ = {_mt(t)}", f"A^T = {_ml(t)}", ""))
    return Explanation("transpose", args.model_dump(), t, steps, notes)


class MatmulArgs(Args):
    A: Matrix
    B: VectorOrMatrix


def _entry_step(
    a_row: Sequence[float], b_col: Sequence[float], value: float, label: str, llabel: str, note: str
) -> Step:
    products = [x * y for x, y in zip(a_row, b_col, strict=True)]
    pairs = _sum_t([f"{signed(x)}×{signed(y)}" for x, y in zip(a_row, b_col, strict=True)])
    lpairs = _sum_l(
        [rf"{lsigned(x)}\times {lsigned(y)}" for x, y in zip(a_row, b_col, strict=True)]
    )
    sums = _sum_t([signed(p) for p in products])
    lsums = _sum_l([lsigned(p) for p in products])
    return Step(
        f"{label} = {pairs} = {sums} {_eq(value)} {num(value)}",
        rf"{llabel} = {lpairs} = {lsums} {_leq(value)} {lnum(value)}",
        note,
    )


@operation(
    "matmul",
    MatmulArgs,
    topic="1.7",
    summary="Matrix product: each entry is a row of A · a column of B. B may be a vector.",
    example={"A": [[1, 2], [3, 4]], "B": [[5, 6], [7, 8]]},
)
def matmul(args: MatmulArgs) -> Explanation:
    a, b = args.A, args.B
    is_vector = not isinstance(b[0], list)
    cols_b: list[list[float]] = [list(b)] if is_vector else [list(c) for c in zip(*b, strict=True)]
    m, n = len(a), len(a[0])
    rows_b, p = len(cols_b[0]), len(cols_b)
    if n != rows_b:
        b_desc = (
            f"a vector of length {rows_b} (a {rows_b}×1 column)"
            if is_vector
            else _shape_t(rows_b, p)
        )
        raise InputError(
            "B",
            f"A is {_shape_t(m, n)} and B is {b_desc}: the number of columns of A ({n}) "
            f"must equal the number of rows of B ({rows_b}); "
            "change B's rows or transpose one of them so the inner sizes match",
        )
    check_result_size(
        "B",
        m * p,
        f"A·B ({_shape_t(m, n)} times {_shape_t(rows_b, p)}) is {_shape_t(m, p)}, so it",
        "use fewer rows in A or fewer columns in B",
    )
    product = (np.array(a) @ np.array(cols_b).T).tolist()
    result: list[Any] = [row[0] for row in product] if is_vector else product
    steps = [_shape_rule_step(m, n, rows_b, p, is_vector)]
    entries = [(i, j) for i in range(m) for j in range(p)]
    for k, (i, j) in enumerate(entries[:MAX_ENTRIES]):
        label = f"entry {i + 1}" if is_vector else f"entry ({i + 1}, {j + 1})"
        llabel = rf"(Ax)_{{{i + 1}}}" if is_vector else rf"(AB)_{{{i + 1},{j + 1}}}"
        note = "row of A · column of B: multiply matching entries and add" if k == 0 else ""
        steps.append(_entry_step(a[i], cols_b[j], product[i][j], label, llabel, note))
    notes = []
    if len(entries) > MAX_ENTRIES:
        notes.append(f"The other {len(entries) - MAX_ENTRIES} entries follow the same way.")
    name, lname = ("Ax", "Ax") if is_vector else ("AB", "AB")
    steps.append(Step(f"{name} = {_anyt(result)}", f"{lname} = {_anyl(result)}", ""))
    notes.append("Order matters: AB and BA are usually different (or not both defined).")
    return Explanation("matmul", args.model_dump(), result, steps, notes)


def _shape_rule_step(m: int, n: int, rows_b: int, p: int, is_vector: bool) -> Step:
    b_shape = f"{rows_b}×1" if is_vector else _shape_t(rows_b, p)
    out = f"a vector of length {m}" if is_vector else _shape_t(m, p)
    return Step(
        f"({_shape_t(m, n)})·({b_shape}) → {out}",
        rf"({m}\times {n})\cdot({rows_b}\times {p}) \to {m}\times {p}",
        f"the inner sizes match ({n} = {rows_b}); the outer ones give the result's shape",
    )


class ShapePair(Args):
    a: MatrixShape
    b: MatrixShape


@operation(
    "matmul_shape",
    ShapePair,
    topic="1.7",
    summary="Is A·B defined for these shapes, and what shape does it have?",
    example={"a": [2, 3], "b": [3, 4]},
)
def matmul_shape(args: ShapePair) -> Explanation:
    (m, n), (r, p) = args.a, args.b
    defined = n == r
    rule = Step(
        f"({_shape_t(m, n)})·({_shape_t(r, p)}): inner sizes {n} and {r}",
        rf"({m}\times {n})\cdot({r}\times {p})",
        "columns of the first must equal rows of the second",
    )
    if defined:
        steps = [
            rule,
            Step(
                f"{n} = {r} ✓ → result is {_shape_t(m, p)}",
                rf"\to {m}\times {p}",
                "keep the outer sizes",
            ),
        ]
        notes = [f"Each of the {m * p:,} entries is a dot product of length {n}."]
    else:
        steps = [
            rule,
            Step(
                f"{n} ≠ {r} ✗ → undefined",
                rf"{n} \neq {r}",
                "no row of A matches a column of B in length",
            ),
        ]
        notes = [f"A row of the first has {n} numbers but a column of the second has {r}."]
        if n == p:
            notes.append(
                f"Transposing the second ({_shape_t(r, p)} → {_shape_t(p, r)}) would make it "
                f"defined, giving {_shape_t(m, r)}: that is why attention computes QKᵀ."
            )
    result = {"defined": defined, "shape": [m, p] if defined else None}
    return Explanation("matmul_shape", args.model_dump(), result, steps, notes)
