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
from ..notation import lnum, lsigned, num, signed
from ..registry import operation
from .writing import _sub, _sum_l, _sum_t, _vl, _vt

# ---------------------------------------------------------------------------
# Linear combinations, span, basis, independence (1.10–1.14)
# ---------------------------------------------------------------------------


class LincombArgs(Args):
    c: Vector
    vectors: VectorList


def _coef_t(c: float, name: str, first: bool) -> str:
    sign = "" if first and c >= 0 else "−" if first else (" − " if c < 0 else " + ")
    size = abs(c)
    coef = "" if size == 1 else f"{num(size)}·"
    return f"{sign}{coef}{name}"


def _coef_l(c: float, name: str, first: bool) -> str:
    sign = "" if first and c >= 0 else "-" if first else (" - " if c < 0 else " + ")
    size = abs(c)
    coef = "" if size == 1 else rf"{lnum(size)}\,"
    return f"{sign}{coef}{name}"


def _combo(coefs: Sequence[float], names: Sequence[str], lnames: Sequence[str]) -> tuple[str, str]:
    """'2·v₁ − v₂' and its LaTeX, skipping zero coefficients."""
    text, latex = [], []
    for c, n, ln in zip(coefs, names, lnames, strict=True):
        if c != 0:
            text.append(_coef_t(c, n, not text))
            latex.append(_coef_l(c, ln, not latex))
    return ("".join(text) or "0"), ("".join(latex) or "0")


def _vnames(k: int, letter: str = "v") -> tuple[list[str], list[str]]:
    return [f"{letter}{_sub(i + 1)}" for i in range(k)], [f"{letter}_{{{i + 1}}}" for i in range(k)]


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
    steps = [
        Step(
            _sum_t([f"{signed(ci)}·{_vt(v)}" for ci, v in zip(c, vs, strict=True)]),
            _sum_l([rf"{lsigned(ci)}\,{_vl(v)}" for ci, v in zip(c, vs, strict=True)]),
            "scale each vector by its coefficient",
        ),
        Step("= " + _sum_t([_vt(t) for t in terms]), "= " + _sum_l([_vl(t) for t in terms]), ""),
        Step(f"= {_vt(out)}", f"= {_vl(out)}", "add matching positions"),
    ]
    notes = [
        "Every vector you can reach this way, for all choices of c, is the span of the vectors."
    ]
    return Explanation("lincomb", args.model_dump(), out, steps, notes)
