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
from ..mathtree import (
    Infix,
    Node,
    Sub,
    add,
    array,
    count,
    eq,
    mat,
    mul,
    nums,
    paren,
    rel,
    seq,
    sym,
    text,
    value,
    vec,
)
from ..registry import operation
from .argtypes import MatrixShape
from .writing import MAX_ENTRIES, _shape_t

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
    A, AT = sym("A", key="A"), sym("Aᵀ", key="A")
    steps = [
        Step(
            math=seq(
                seq(A, text("is"), _shape(m, n), sep=" "),
                seq(text("so"), AT, text("is"), _shape(n, m), sep=" "),
            ),
            note="entry (i, j) of the transpose is entry (j, i) of the original",
        )
    ]
    for i, row in enumerate(a[:MAX_ENTRIES], 1):
        steps.append(
            Step(
                math=seq(
                    text(f"row {i} of"), A, vec(row), text(f"becomes column {i} of"), AT, sep=" "
                ),
                note="rows become columns" if i == 1 else "",
            )
        )
    notes = []
    if m > MAX_ENTRIES:
        notes.append(f"The other {m - MAX_ENTRIES} rows turn into columns the same way.")
    steps.append(Step(math=eq(AT, mat(t))))
    return Explanation("transpose", args.model_dump(), t, steps, notes)


class MatmulArgs(Args):
    A: Matrix
    B: VectorOrMatrix


def _entry_step(
    a_row: Sequence[float], b_col: Sequence[float], entry: float, label: Node, note: str
) -> Step:
    products = [x * y for x, y in zip(a_row, b_col, strict=True)]
    pairs = [mul(x, y) for x, y in zip(nums(a_row), nums(b_col), strict=True)]
    return Step(math=eq(label, add(*pairs), add(*nums(products)), value(entry)), note=note)


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
    A, B = sym("A", key="A"), sym("x" if is_vector else "B", key="B")
    whole = mul(A, B, op="")
    entries = [(i, j) for i in range(m) for j in range(p)]
    for k, (i, j) in enumerate(entries[:MAX_ENTRIES]):
        index = count(i + 1) if is_vector else seq(count(i + 1), count(j + 1), sep=",")
        note = (
            "a row of the first times a column of the second: multiply matching entries and add"
            if k == 0
            else ""
        )
        steps.append(_entry_step(a[i], cols_b[j], product[i][j], Sub(paren(whole), index), note))
    notes = []
    if len(entries) > MAX_ENTRIES:
        notes.append(f"The other {len(entries) - MAX_ENTRIES} entries follow the same way.")
    steps.append(Step(math=eq(whole, array(result))))
    if not is_vector:
        # Only true of two matrices: a matrix times a vector has no "other order" to compare.
        notes.append(
            "Order matters: swapping the two matrices usually changes the product, or leaves "
            "it undefined."
        )
    return Explanation("matmul", args.model_dump(), result, steps, notes)


def _shape(m: int, n: int) -> Node:
    return mul(count(m), count(n))


def _shape_rule_step(m: int, n: int, rows_b: int, p: int, is_vector: bool) -> Step:
    out = text(f"a vector of length {m}") if is_vector else _shape(m, p)
    return Step(
        math=rel(Infix("·", (paren(_shape(m, n)), paren(_shape(rows_b, p)))), "→", out),
        note=f"the inner sizes match ({n} = {rows_b}); the outer ones give the result's shape",
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
        math=seq(
            Infix("·", (paren(_shape(m, n)), paren(_shape(r, p)))),
            seq(text("inner sizes"), count(n), text("and"), count(r), sep=" "),
            sep=": ",
        ),
        note="columns of the first must equal rows of the second",
    )
    if defined:
        steps = [
            rule,
            Step(
                math=seq(
                    rel(count(n), "=", count(r)), text("✓ → result is"), _shape(m, p), sep=" "
                ),
                note="keep the outer sizes",
            ),
        ]
        notes = [f"Each of the {m * p:,} entries is a dot product of length {n}."]
    else:
        steps = [
            rule,
            Step(
                math=seq(rel(count(n), "≠", count(r)), text("✗ → undefined"), sep=" "),
                note="no row of the first matches a column of the second in length",
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
