"""Limits and writing the working, shared by the stats operations."""

from __future__ import annotations

from collections.abc import Sequence

from ..notation import lnum, lsigned, lvec, num, signed

# A distribution may miss 1 by float rounding (0.1 + 0.2 + 0.7), never by more.
SUM_TOLERANCE = 1e-9
# Stand-in for log(0) in cross-entropy: finite, and large enough to dominate the loss.
LOG_EPSILON = 1e-12
# Above this, e^z is too large to be worth printing (and past ~709 it overflows float64).
SAFE_EXP = 50.0
# Long lists are shortened in the working; the result keeps every value.
SHOWN = 12


# ---------------------------------------------------------------- writing the working


def _elide(parts: Sequence[str], sep: str, dots: str) -> str:
    """Join parts, keeping the first and last few when there are too many to read."""
    if len(parts) <= SHOWN:
        return sep.join(parts)
    return sep.join([*parts[:8], dots, *parts[-2:]])


def _sum_text(values: Sequence[float]) -> str:
    return _elide([signed(x) for x in values], " + ", "…")


def _sum_latex(values: Sequence[float]) -> str:
    return _elide([lsigned(x) for x in values], " + ", r"\cdots")


def _list_text(values: Sequence[float]) -> str:
    return "[" + _elide([num(x) for x in values], ", ", "…") + "]"


def _list_latex(values: Sequence[float]) -> str:
    if len(values) <= SHOWN:
        return lvec(values)
    return r"\left[" + _elide([lnum(x) for x in values], ",\\ ", r"\dots") + r"\right]"


def _inner_text(values: Sequence[float]) -> str:
    """A sum inside −(…): one term needs no extra parentheses."""
    return num(values[0]) if len(values) == 1 else _sum_text(values)


def _inner_latex(values: Sequence[float]) -> str:
    return lnum(values[0]) if len(values) == 1 else _sum_latex(values)


def _pct(p: float) -> str:
    return f"{num(100 * p, 1)}%"
