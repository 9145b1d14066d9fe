"""Derivative, partial derivative and gradient (3.1–3.4)."""

from __future__ import annotations

import math
from typing import Any

from pydantic import Field

from ..explanation import Explanation, Step
from ..expressions import exact, parse, to_pretty, to_text, variables
from ..exprtree import MUL, to_tree, tree_at
from ..inputs import Args, Expression, InputError, Number
from ..mathtree import Infix, Node, Seq, call, eq, frac, minus, mul, n, paren, sym, text, value
from ..mathtree import vec as tree_vec
from ..notation import num, vec
from ..registry import operation
from .argtypes import Point, Variable
from .points import _check_point, _only_x, _point_text, _value, _value_step
from .rules import Rule, differentiate, rule_steps

# ---------------------------------------------------------------- derivative


class DerivativeArgs(Args):
    f: Expression
    at: Number | None = Field(
        None, description="where to evaluate f′: a number such as 1 (leave out for f′ alone)"
    )


@operation(
    "derivative",
    DerivativeArgs,
    topic="3.1",
    summary="Derivative of f(x), naming each rule: power, sum, product, quotient, chain…",
    example={"f": "3*x^3 + 2*x^2 + 5*x + 7", "at": 1},
)
def derivative(a: DerivativeArgs) -> Explanation:
    x = _only_x(parse(a.f, "f"), "derivative")
    rule = differentiate(a.f, "x")
    steps = rule_steps(rule, "x")
    value = None
    notes = [f"f′(x) = {to_pretty(rule.result)} is the slope of f at every x."]
    if a.at is not None:
        _value(rule.expr, {x: a.at}, "f")
        value = _value(rule.result, {x: a.at}, "f'(x)")
        label = call("f′", n(a.at))
        if rule.name == "chain rule":
            steps.append(_chain_at_point(rule, x, a.at, value))
        steps.append(_value_step(label, rule.result, {x: a.at}, value))
        shortcut = _sigmoid_shortcut(rule.expr, x, a.at)
        if shortcut is not None:
            steps.append(shortcut)
        notes.append(
            f"At x = {num(a.at)} the slope is {num(value)}: nudging x by a small h "
            f"changes f by about {num(value)}·h."
        )
        if value == 0 and "relu rule" in rule.names():
            notes.append(
                "ReLU is flat for negative inputs and has a kink at 0, where it has no "
                "derivative; like the frameworks, the engine takes the slope there to be 0."
            )
        elif value == 0:
            notes.append("A zero slope: a flat spot — a minimum, a maximum or a plateau.")
    return Explanation(
        "derivative",
        a.model_dump(),
        {"derivative": to_text(rule.result), "value": value},
        steps,
        notes,
    )


def _sigmoid_shortcut(expr: Any, x: Any, at: float) -> Step | None:
    """1/(1 + e^(−x)) written out is the sigmoid: its own rule, σ′ = σ(1 − σ), is the short
    route a learner should recognise; shown beside the chain-rule working, same number."""
    import sympy

    if not (expr.is_Pow and expr.exp == -1 and expr.base.is_Add and len(expr.base.args) == 2):
        return None
    one, other = sorted(expr.base.args, key=lambda t: t != 1)
    if one != 1 or other.func is not sympy.exp or sympy.expand(-other.args[0] - x) != 0:
        return None
    s = 1 / (1 + math.exp(-at)) if at >= 0 else math.exp(at) / (1 + math.exp(at))
    sigma = call("σ", n(at))
    return Step(
        math=eq(
            call("σ′", n(at)),
            mul(sigma, paren(minus(1, sigma)), op="·"),
            mul(n(s), paren(minus(1, n(s))), op="·"),
            value(s * (1 - s)),
        ),
        note="the same number by the sigmoid rule: 1/(1 + e⁻ˣ) is σ(x), and σ′ = σ(1 − σ)",
    )


def _chain_at_point(rule: Rule, x: Any, at: float, value: float) -> Step:
    """The seed's way to read a chain rule: inner value, outer slope there, times inner slope."""
    assert rule.outer is not None
    u, df_u = rule.outer
    inner_value = _value(rule.inner, {x: at}, "the inner function")
    inner_slope = _value(rule.parts[0].result, {x: at}, "the inner derivative")
    # At product precedence: a sum such as 1 − tanh(2)² keeps its brackets before
    # "· inner slope", and a negative inner slope is bracketed by the tree: 2·7·(−3).
    outer = tree_at(df_u, MUL, {u: exact(inner_value)})
    inner = eq(to_tree(rule.inner), n(inner_value))
    where = Seq((text("at"), eq(sym("x"), n(at)), text("the inner"), inner), sep=" ")
    slope = eq(call("f′", n(at)), Infix("·", (outer, n(inner_slope))), n(value))
    return Step(
        math=Seq((where, Seq((text("so"), slope), sep=" "))),
        note="chain rule at a point: outer slope × inner slope",
    )


# ---------------------------------------------------------------- partial, gradient


class PartialArgs(Args):
    f: Expression
    var: Variable
    at: Point | None = Field(
        None,
        description='where to evaluate it: every variable\'s value, such as {"x": 2, "y": 3} '
        "(leave out for the partial derivative alone)",
    )


@operation(
    "partial",
    PartialArgs,
    topic="3.3",
    summary="Partial derivative of f with respect to one variable, the others held constant.",
    example={"f": "x^2 + 3*y + x*y", "var": "x", "at": {"x": 2, "y": 3}},
)
def partial(a: PartialArgs) -> Explanation:
    import sympy

    expr = parse(a.f, "f")
    var = sympy.Symbol(a.var)
    point = _check_point(expr, a.at) if a.at is not None else None
    rule = differentiate(a.f, a.var, True)
    others = [str(s) for s in variables(expr) if s != var]
    steps = []
    if others:
        held = ", ".join(others)
        steps.append(
            Step(
                math=text(f"hold {held} constant; differentiate in {a.var} only"),
                note="partial derivative",
            )
        )
    steps.extend(rule_steps(rule, a.var, partial=True))
    notes = [f"∂f/∂{a.var} = {to_pretty(rule.result)}: the slope of f along {a.var} alone."]
    if var not in expr.free_symbols:
        notes.append(f"f does not contain {a.var}, so it does not change along {a.var}.")
    value = None
    if point is not None:
        value = _value(rule.result, point, f"∂f/∂{a.var}")
        steps.append(_value_step(_partial_label(a.var), rule.result, point, value, True))
        notes.append(_rate_note(_point_text(point), value, a.var))
    return Explanation(
        "partial", a.model_dump(), {"partial": to_text(rule.result), "value": value}, steps, notes
    )


def _partial_label(var: str) -> Node:
    return frac(sym("∂f"), sym(f"∂{var}"))


def _rate_note(where: str, value: float, var: str) -> str:
    """Rising, falling or flat, in words: a negative rate is a fall, not a 'rise of −10'."""
    if value == 0:
        return f"At ({where}) f is flat in {var}: nudging {var} alone barely changes it."
    way = "rises" if value > 0 else "falls"
    return (
        f"At ({where}) f {way} as {var} grows, at a rate of {num(abs(value))} per unit of {var} "
        f"with the other variables held fixed: a small step h in {var} changes f by about "
        f"{num(value).replace('-', '−')}·h."
    )


class GradientArgs(Args):
    f: Expression
    at: Point


@operation(
    "gradient",
    GradientArgs,
    topic="3.4",
    summary="Gradient: the vector of all partial derivatives, the direction of steepest ascent.",
    example={"f": "x^2 + y^2", "at": {"x": 3, "y": 4}},
)
def gradient(a: GradientArgs) -> Explanation:
    expr = parse(a.f, "f")
    names = variables(expr)
    if not names:
        raise InputError("f", "f has no variables, so it has no gradient; use x, y, … in f")
    point = _check_point(expr, a.at)
    steps: list[Step] = []
    values: list[float] = []
    partials = []
    for var in names:
        rule = differentiate(a.f, str(var), True)
        steps.extend(rule_steps(rule, str(var), partial=True))
        value = _value(rule.result, point, f"∂f/∂{var}")
        steps.append(_value_step(_partial_label(str(var)), rule.result, point, value, True))
        values.append(value)
        partials.append(rule.result)
    labels = [_partial_label(str(v)) for v in names]
    steps.append(
        Step(
            math=eq(
                sym("∇f"),
                tree_vec(labels),
                tree_vec([to_tree(p) for p in partials]),
                tree_vec(values),
            ),
            note="collect the partial derivatives in order " + ", ".join(map(str, names)),
        )
    )
    return Explanation("gradient", a.model_dump(), values, steps, _gradient_notes(values))


def _gradient_notes(values: list[float]) -> list[str]:
    size = math.sqrt(sum(g * g for g in values))
    if size == 0:
        return [
            "∇f = 0: a flat point (a minimum, a maximum or a saddle); no direction is downhill."
        ]
    downhill = vec([-g if g else 0.0 for g in values])
    return [
        f"∇f points in the direction of steepest increase; its length {num(size)} is that "
        "steepest slope.",
        f"-∇f = {downhill} points downhill (steepest decrease): gradient descent steps that way.",
    ]
