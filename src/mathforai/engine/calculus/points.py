"""Evaluating an expression at a point, with the working."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..explanation import Step
from ..expressions import evaluate, exact, variables
from ..exprtree import to_tree
from ..inputs import InputError
from ..mathtree import Fence, Node, Num, Rel, Seq, Sym, Text, eq
from ..notation import num
from .rules import equation

# ---------------------------------------------------------------- evaluating at a point


def _point_text(point: Mapping[Any, float]) -> str:
    """x = 2, y = 3, for messages and notes (a step writes the point as a tree)."""
    return ", ".join(f"{s} = {num(v)}" for s, v in point.items())


# Values are computed in floats (the bounded evaluator): past this they overflow.
TOO_LARGE = "too large to represent (over 1.8e308, the float range)"


def _value(expr: Any, point: Mapping[Any, float], what: str) -> float:
    """expr at point as a float, or an InputError on `at` saying why it has no value."""
    where = _point_text(point)
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


def _point_tree(point: Mapping[Any, float]) -> Seq:
    """x = 2, y = 3"""
    return Seq(tuple(eq(Sym(str(s)), Num(float(v))) for s, v in point.items()))


def _value_step(
    label: Node, expr: Any, point: Mapping[Any, float], value: float, at_point: bool = False
) -> Step:
    """label = expr with the point substituted = value; `at_point` writes the point after
    the label: ∂f/∂x at (x = 2, y = 3) = 2·2 + 3 = 7."""
    subs = {s: exact(v) for s, v in point.items()}
    chain = equation(label, to_tree(expr, subs), Num(float(value)), approx=True)
    if not at_point:
        return Step(math=chain, note="substitute the point")
    where = Fence(_point_tree(point))
    math = Seq((label, Text("at"), where, Rel(None, chain.rest)), sep=" ")
    return Step(math=math, note="substitute the point")


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
