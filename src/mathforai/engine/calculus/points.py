"""Evaluating an expression at a point, with the working."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..explanation import Step
from ..expressions import (
    evaluate,
    exact,
    to_latex,
    to_pretty,
    variables,
)
from ..inputs import InputError
from ..notation import lnum, num
from .rules import _equation

# ---------------------------------------------------------------- evaluating at a point


def _point_text(point: Mapping[Any, float]) -> tuple[str, str]:
    items = list(point.items())
    text = ", ".join(f"{s} = {num(v)}" for s, v in items)
    latex = r",\ ".join(f"{to_latex(s)} = {lnum(v)}" for s, v in items)
    return text, latex


# Values are computed in floats (the bounded evaluator): past this they overflow.
TOO_LARGE = "too large to represent (over 1.8e308, the float range)"


def _value(expr: Any, point: Mapping[Any, float], what: str) -> float:
    """expr at point as a float, or an InputError on `at` saying why it has no value."""
    where = _point_text(point)[0]
    value = evaluate(expr, point)
    if value is None:
        raise InputError(
            "at",
            f"{what} is undefined at {where} (a division by zero, or a root or log "
            "of a negative number)",
        )
    if not math.isfinite(value):
        raise InputError("at", f"{what} at {where} is {TOO_LARGE}")
    return value


def _value_step(
    label: tuple[str, str], expr: Any, point: Mapping[Any, float], value: float
) -> Step:
    subs = {s: exact(v) for s, v in point.items()}
    return Step(
        _equation(label[0], to_pretty(expr, subs), num(value)),
        _equation(label[1], to_latex(expr, subs), lnum(value)),
        "substitute the point",
    )


def _check_point(expr: Any, at: Mapping[str, float]) -> dict[Any, float]:
    names = [str(s) for s in variables(expr)]
    missing = [n for n in names if n not in at]
    if missing:
        raise InputError(
            "at",
            f"at must give a value for every variable of f: missing {', '.join(missing)} "
            f"(f uses {', '.join(names)})",
        )
    return {s: at[str(s)] for s in variables(expr)}


def _only_x(expr: Any, op: str) -> Any:
    import sympy

    x = sympy.Symbol("x")
    others = [str(s) for s in variables(expr) if s != x]
    if others:
        raise InputError(
            "f",
            f"{op} works with functions of x only; f also uses {', '.join(others)}. "
            "For several variables use partial (one variable) or gradient (all of them)",
        )
    return x
