"""Linear algebra (part 1): vectors, matrices, norms, span, basis, tensors."""

from __future__ import annotations

from .explanation import Explanation, Step
from .inputs import Args, InputError, Vector
from .notation import lnum, lsigned, lvec, num, signed, vec
from .registry import operation


def _same_length(u: list[float], v: list[float], what: str) -> None:
    if len(u) != len(v):
        raise InputError(
            "v",
            f"u has {len(u)} numbers and v has {len(v)}: {what} needs vectors of the same length",
        )


class UV(Args):
    u: Vector
    v: Vector


@operation(
    "dot",
    UV,
    topic="1.5",
    summary="Dot product: multiply matching entries and add.",
    example={"u": [1, 2, 3], "v": [4, 5, 6]},
)
def dot(a: UV) -> Explanation:
    _same_length(a.u, a.v, "a dot product")
    terms = [x * y for x, y in zip(a.u, a.v, strict=True)]
    total = sum(terms)
    pairs_text = " + ".join(f"({signed(x)}×{signed(y)})" for x, y in zip(a.u, a.v, strict=True))
    pairs_latex = " + ".join(
        rf"({lsigned(x)}\times {lsigned(y)})" for x, y in zip(a.u, a.v, strict=True)
    )
    steps = [
        Step(f"u·v = {pairs_text}", rf"u\cdot v = {pairs_latex}", "multiply matching positions"),
        Step(
            " + ".join(signed(t) for t in terms) + f" = {num(total)}",
            " + ".join(lsigned(t) for t in terms) + f" = {lnum(total)}",
            "add the products",
        ),
    ]
    meaning = (
        "positive: the vectors point broadly the same way"
        if total > 0
        else "negative: they point broadly opposite ways"
        if total < 0
        else "zero: the vectors are perpendicular"
    )
    return Explanation("dot", a.model_dump(), total, steps, [f"The dot product is {meaning}."])


__all__ = ["dot", "lvec", "vec"]
