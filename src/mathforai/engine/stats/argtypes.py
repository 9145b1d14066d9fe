"""Argument types and checks for probabilities and distributions."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from ..inputs import InputError, to_vector
from ..notation import num
from .writing import SHOWN, SUM_TOLERANCE

# ---------------------------------------------------------------- argument types


def to_log_base(x: Any) -> str | int:
    """ "e", 2 or 10 — also written "2"/"10" (as from a form or the command line)."""
    if isinstance(x, str) and x.strip().lower() in ("e", "ln"):
        return "e"
    text = x.strip() if isinstance(x, str) else x
    if not isinstance(text, bool) and text in (2, 10, "2", "10", 2.0, 10.0):
        return int(text)
    # The "mathforai" error type makes validate_args pass this message through as written.
    raise PydanticCustomError("mathforai", f'must be "e", 2 or 10; got {x!r}')


LogBase = Annotated[
    str | int,
    BeforeValidator(to_log_base),
    Field(description='the base of the logarithm: "e" (natural log), 2 (bits) or 10'),
]
Probabilities = Annotated[
    list[float],
    BeforeValidator(to_vector),
    Field(description="a list of probabilities, such as [0.9, 0.1]"),
]
Sample = Annotated[
    bool,
    Field(description="true for a sample (divide by n − 1), false for a whole population (by n)"),
]


def _log(x: float, base: str | int) -> float:
    if base == 2:
        return math.log2(x)
    if base == 10:
        return math.log10(x)
    return math.log(x)


def _log_name(base: str | int) -> tuple[str, str]:
    """How the log is written (text, LaTeX) in the working."""
    if base == "e":
        return "log", r"\log"
    return f"log{'₂' if base == 2 else '₁₀'}", rf"\log_{{{base}}}"


def _unit(base: str | int) -> str:
    return {"e": "nats", 2: "bits", 10: "hartleys (decimal digits)"}[base]


def _check_probabilities(name: str, p: Sequence[float], *, allow_zero: bool = True) -> None:
    for i, x in enumerate(p):
        if not 0.0 <= x <= 1.0:
            raise InputError(
                name,
                f"{name}[{i}] is {num(x)}: a probability must be between 0 and 1",
            )
        if x == 0.0 and not allow_zero:
            raise InputError(
                name,
                f"{name}[{i}] is 0: log(0) is −∞ (the log falls without bound as p → 0), "
                "so every probability must be greater than 0",
            )


def _distribution_problems(p: Sequence[float]) -> tuple[float, list[str]]:
    """The sum of p and, in words, everything that stops it being a distribution."""
    total = math.fsum(p)
    problems = []
    negative = [i for i, x in enumerate(p) if x < 0]
    too_big = [i for i, x in enumerate(p) if x > 1]
    if negative:
        problems.append(f"{_positions(negative)} negative (a probability is never below 0)")
    if too_big:
        problems.append(f"{_positions(too_big)} above 1 (a probability is at most 1)")
    if abs(total - 1.0) > SUM_TOLERANCE:
        problems.append(f"the entries add up to {num(total, 6)}, not 1")
    return total, problems


def _positions(indices: list[int]) -> str:
    """ "entry [2] is" or "entries [0], [3] are", ready for an adjective."""
    shown = ", ".join(f"[{i}]" for i in indices[:SHOWN])
    shown += ", …" if len(indices) > SHOWN else ""
    return f"entry {shown} is" if len(indices) == 1 else f"entries {shown} are"


def _require_distribution(name: str, p: Sequence[float]) -> None:
    total, problems = _distribution_problems(p)
    if not problems:
        return
    fix = (
        f" (divide each entry by {num(total)} to rescale, or pass logits through softmax)"
        if total > 0 and not any(x < 0 for x in p)
        else " (pass raw scores through softmax to get one)"
    )
    raise InputError(
        name,
        f"{name} must be a probability distribution: {'; '.join(problems)}{fix}",
    )
