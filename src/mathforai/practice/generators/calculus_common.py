"""What the calculus generators share: small polynomials written as the engine parses them."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

from ...engine.expressions import parse, to_latex

_RULES = ("sum rule", "product rule", "quotient rule", "chain rule")


# ---------------------------------------------------------------- helpers


def _latex(text: str) -> str:
    """The engine's own LaTeX for an expression, so the prompt shows what it parsed."""
    return to_latex(parse(text))


def _nonzero(rng: random.Random, lo: int, hi: int) -> int:
    return rng.choice([k for k in range(lo, hi + 1) if k != 0])


Powers = tuple[tuple[str, int], ...]
Term = tuple[int, Powers]


def _monomial(powers: Powers, latex: bool = False) -> str:
    if latex:
        return " ".join(v if p == 1 else f"{v}^{{{p}}}" for v, p in powers if p)
    return "*".join(v if p == 1 else f"{v}^{p}" for v, p in powers if p)


def _polynomial(terms: Sequence[Term], latex: bool = False) -> str:
    """Integer coefficients and monomials, in the order given (zero terms left out): engine
    text 3*x^2*y - y + 5, or its LaTeX 3 x^{2} y - y + 5 (the engine's printer would
    reorder the factors)."""
    out = ""
    for i, (c, powers) in enumerate(t for t in terms if t[0]):
        mono, size = _monomial(powers, latex), abs(c)
        times = " " if latex else "*"
        body = mono if size == 1 and mono else f"{size}{times}{mono}" if mono else str(size)
        if i == 0:
            out = ("-" if c < 0 else "") + body
        else:
            out += (" - " if c < 0 else " + ") + body
    return out


def _linear(a: int, b: int, var: str = "x") -> str:
    """a·x + b as engine text: 2*x - 3."""
    return _polynomial([(a, ((var, 1),)), (b, ())])


def _terms(rng: random.Random, names: str, count: int) -> list[Term]:
    """Random terms of degree 1–3 in the named variables, every variable present."""
    pool = [p for p in itertools.product(range(4), repeat=len(names)) if 1 <= sum(p) <= 3]
    while True:
        chosen = rng.sample(pool, count)
        if all(any(p[k] for p in chosen) for k in range(len(names))):
            return [(_nonzero(rng, -4, 4), tuple(zip(names, p))) for p in chosen]


def _point(rng: random.Random, names: str) -> dict[str, int]:
    return {v: _nonzero(rng, -3, 3) for v in names}


def _where(point: dict[str, int]) -> str:
    return ",\\ ".join(f"{k} = {v}" for k, v in point.items())
