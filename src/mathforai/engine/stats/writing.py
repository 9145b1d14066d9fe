"""Limits shared by the stats operations, and percentages for notes."""

from __future__ import annotations

from ..notation import num

# A distribution may miss 1 by float rounding (0.1 + 0.2 + 0.7), never by more.
SUM_TOLERANCE = 1e-9
# Stand-in for log(0) in cross-entropy: finite, and large enough to dominate the loss.
LOG_EPSILON = 1e-12
# Above this, e^z is too large to be worth printing (and past ~709 it overflows float64).
SAFE_EXP = 50.0
# Long lists are shortened in the working; the result keeps every value.
SHOWN = 12


def _pct(p: float) -> str:
    return f"{num(100 * p, 1)}%"
