"""Linear combinations (1.10)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..explanation import Explanation, Step
from ..inputs import (
    Args,
    InputError,
    Vector,
    VectorList,
)
from ..mathprint import to_text
from ..mathtree import Infix, Neg, Node, Sym, add, eq, n, sym, vec
from ..registry import operation
from .writing import _sub

# ---------------------------------------------------------------------------
# Linear combinations, span, basis, independence (1.10–1.14)
# ---------------------------------------------------------------------------


class LincombArgs(Args):
    c: Vector
    vectors: VectorList


def _combo(coefs: Sequence[float], names: Sequence[Node]) -> Node:
    """2·v₁ − v₂ (zero coefficients skipped; 0 when nothing is left)."""
    out: Node | None = None
    for c, name in zip(coefs, names, strict=True):
        if c == 0:
            continue
        term = name if abs(c) == 1 else Infix("", (n(abs(c)), name))
        if out is None:
            out = Neg(term) if c < 0 else term
        else:
            out = Infix("−" if c < 0 else "+", (out, term))
    return out if out is not None else n(0)


def _combo_text(coefs: Sequence[float], names: Sequence[Node]) -> str:
    """The same combination as text, for notes and messages."""
    return to_text(_combo(coefs, names))


def _vnames(k: int, letter: str = "v") -> list[Sym]:
    """v₁, v₂, …: the vectors of a list, by position."""
    return [sym(f"{letter}{_sub(i + 1)}") for i in range(k)]


@operation(
    "lincomb",
    LincombArgs,
    topic="1.10",
    summary="Linear combination c₁·v₁ + c₂·v₂ + …: scale each vector, then add.",
    example={"c": [3, 5], "vectors": [[1, 0], [0, 1]]},
)
def lincomb(args: LincombArgs) -> Explanation:
    c, vs = args.c, args.vectors
    if len(c) != len(vs):
        raise InputError(
            "c",
            f"c has {len(c)} coefficient{'s' if len(c) != 1 else ''} but there are {len(vs)} "
            "vectors: give exactly one coefficient per vector",
        )
    terms = [[ci * x for x in v] for ci, v in zip(c, vs, strict=True)]
    out = [math.fsum(col) for col in zip(*terms, strict=True)]
    scaled = [Infix("", (n(ci), vec(v))) for ci, v in zip(c, vs, strict=True)]
    steps = [
        Step(math=add(*scaled), note="scale each vector by its coefficient"),
        Step(math=eq(None, add(*(vec(t) for t in terms)))),
        Step(math=eq(None, vec(out)), note="add matching positions"),
    ]
    notes = [
        "Every vector you can reach this way, for all choices of c, is the span of the vectors."
    ]
    return Explanation("lincomb", args.model_dump(), out, steps, notes)
