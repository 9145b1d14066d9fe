"""Practice for 3.1–3.3: derivatives, the chain rule and partial derivatives.

Every expected answer is the engine's result for the exercise's solution op and args;
misconceptions recompute the same inputs the way the named mistake would.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from ...engine.calculus import differentiate
from ...engine.expressions import parse, to_pretty
from ...engine.notation import num
from ..exercise import Exercise, Misconception
from .building import mistakes_for, result
from .calculus_common import (
    _RULES,
    _latex,
    _linear,
    _monomial,
    _nonzero,
    _point,
    _polynomial,
    _terms,
    _where,
)

# ---------------------------------------------------------------- 3.1 derivatives


def derivative_value(rng: random.Random) -> Exercise:
    degree = rng.randint(2, 3)
    coeffs = {k: rng.randint(-5, 5) for k in range(degree)}
    coeffs[degree] = _nonzero(rng, -5, 5)
    coeffs[0] = _nonzero(rng, -9, 9)
    at = rng.randint(-3, 3)
    powers = sorted((k for k in coeffs if coeffs[k]), reverse=True)
    f = _polynomial([(coeffs[k], (("x", k),)) for k in powers])
    args = {"f": f, "at": at}
    value = result("derivative", args)["value"]
    no_exponent = sum(c * at ** (k - 1) for k, c in coeffs.items() if k >= 1)
    mistakes = [
        (
            no_exponent,
            "you lowered each power but did not multiply by the old exponent: "
            "d/dx xⁿ = n·xⁿ⁻¹, so 3x² becomes 6x, not 3x.",
        ),
        (
            value + coeffs[0],
            f"you kept the constant term {coeffs[0]}; a constant does not change, "
            "so its derivative is 0.",
        ),
    ]
    return Exercise(
        topic="3.1",
        prompt=f"Let $f(x) = {_latex(f)}$. Compute the slope $f'({at})$.",
        answer_format="number",
        expected=value,
        solution_op="derivative",
        solution_args=args,
        decimals=0,
        misconceptions=mistakes_for("number", value, 0, mistakes),
    )


def _sum_around_chain(rng: random.Random) -> tuple[str, str, str]:
    inner = _linear(_nonzero(rng, -4, 4), _nonzero(rng, -5, 5))
    f = f"({inner})^{rng.randint(2, 5)} {rng.choice('+-')} {rng.randint(2, 9)}*x"
    why = (
        "the bracket needs the chain rule, but the outermost operation is + : split f term by term"
    )
    return f, "chain rule", why


def _product_around_chain(rng: random.Random) -> tuple[str, str, str]:
    power = _monomial((("x", rng.randint(1, 3)),))
    outer = rng.choice(("exp", "sin", "cos"))
    f = f"{power}*{outer}({rng.randint(2, 5)}*x)"
    why = (
        f"{outer}(…) needs the chain rule, but first f is a product of two factors that both "
        "depend on x"
    )
    return f, "chain rule", why


def _chain_around_sum(rng: random.Random) -> tuple[str, str, str]:
    inner = _polynomial(
        [(1, (("x", 2),)), (_nonzero(rng, -5, 5), (("x", 1),)), (_nonzero(rng, -5, 5), ())]
    )
    f = rng.choice((f"({inner})^{rng.randint(3, 6)}", f"exp({inner})", f"cos({inner})"))
    why = "the inside is a sum, but the outermost operation is a function of that sum"
    return f, "sum rule", why


def _quotient_around_chain(rng: random.Random) -> tuple[str, str, str]:
    top = f"{rng.choice(('exp', 'sin'))}({rng.randint(2, 5)}*x)"
    f = f"{top}/({_linear(1, _nonzero(rng, -5, 5))})"
    why = "the numerator needs the chain rule, but first f is one function divided by another"
    return f, "chain rule", why


def rule_first(rng: random.Random) -> Exercise:
    build = rng.choice(
        (_sum_around_chain, _product_around_chain, _chain_around_sum, _quotient_around_chain)
    )
    f, decoy, why = build(rng)
    # The engine's outermost rule is the answer: the differentiator applies it first.
    expected = _RULES.index(differentiate(f).name)
    return Exercise(
        topic="3.1",
        prompt=f"To differentiate $f(x) = {_latex(f)}$, which rule do you apply **first** "
        "(to the outermost operation)?",
        answer_format="choice",
        expected=expected,
        solution_op="derivative",
        solution_args={"f": f},
        decimals=None,
        choices=_RULES,
        misconceptions=(Misconception(_RULES.index(decoy), f"{why}; work from the outside in."),),
    )


# ---------------------------------------------------------------- 3.2 chain rule


def chain_power_value(rng: random.Random) -> Exercise:
    a, b, n = _nonzero(rng, -4, 4), _nonzero(rng, -4, 4), rng.randint(2, 4)
    a = a if abs(a) > 1 else 2 * a  # a = ±1 would make "forgot the inner a" invisible
    at = rng.choice([k for k in range(-2, 3) if a * k + b != 0])  # u = 0 makes f' zero
    f = f"({_linear(a, b)})^{n}"
    args = {"f": f, "at": at}
    value = result("derivative", args)["value"]
    u = a * at + b
    mistakes = [
        (
            n * u ** (n - 1),
            f"you forgot the inner derivative: the chain rule multiplies the outer slope "
            f"by the slope of the inside {to_pretty(parse(_linear(a, b)))}, which is {a}.",
        ),
        (
            n * u**n * a,
            "you brought the exponent down but kept the power: the outer derivative of uⁿ "
            "is n·uⁿ⁻¹.",
        ),
    ]
    return Exercise(
        topic="3.2",
        prompt=f"Use the chain rule: for $f(x) = {_latex(f)}$, compute $f'({at})$.",
        answer_format="number",
        expected=value,
        solution_op="derivative",
        solution_args=args,
        decimals=0,
        misconceptions=mistakes_for("number", value, 0, mistakes),
    )


def _sigmoid_slope(u: float) -> float:
    s = 1.0 / (1.0 + math.exp(-u))
    return s * (1.0 - s)


# Outer functions and the outer slope a learner who forgot the inside would report.
_OUTER: dict[str, tuple[str, Callable[[float], float]]] = {
    "sigmoid": ("σ is the sigmoid, with σ'(u) = σ(u)(1 − σ(u))", _sigmoid_slope),
    "exp": ("", math.exp),
    "sin": ("", math.cos),
    "tanh": ("tanh'(u) = 1 − tanh²(u)", lambda u: 1.0 - math.tanh(u) ** 2),
}


def chain_function_value(rng: random.Random) -> Exercise:
    name = rng.choice(sorted(_OUTER))
    hint, outer_slope = _OUTER[name]
    # exp grows fast: keep its inside at most 4 so the answer stays a readable size.
    a, b = rng.randint(2, 4), rng.randint(-3, 0 if name == "exp" else 3)
    at = rng.choice((-1.0, -0.5, 0.0, 0.5, 1.0))
    f = f"{name}({_linear(a, b)})"
    args = {"f": f, "at": at}
    value = result("derivative", args)["value"]
    forgot = outer_slope(a * at + b)
    mistakes = [(forgot, f"you forgot to multiply by the inner derivative {a}.")]
    note = f" (Here {hint}.)" if hint else ""
    return Exercise(
        topic="3.2",
        prompt=f"For $f(x) = {_latex(f)}$, compute $f'({num(at)})$ to 3 decimals.{note}",
        answer_format="number",
        expected=value,
        solution_op="derivative",
        solution_args=args,
        decimals=3,
        misconceptions=mistakes_for("number", value, 3, mistakes),
    )


# ---------------------------------------------------------------- 3.3 partial derivatives


def partial_value(rng: random.Random) -> Exercise:
    terms = _terms(rng, "xy", 3)
    f = _polynomial(terms)
    var, other = rng.choice((("x", "y"), ("y", "x")))
    at = _point(rng, "xy")
    args = {"f": f, "var": var, "at": at}
    value = result("partial", args)["value"]
    wrong = result("partial", {**args, "var": other})["value"]
    mistakes = [
        (
            wrong,
            f"that is ∂f/∂{other}: you differentiated with respect to {other}; "
            f"hold {other} constant and differentiate in {var}.",
        )
    ]
    return Exercise(
        topic="3.3",
        prompt=f"Let $f(x, y) = {_polynomial(terms, latex=True)}$. Compute "
        f"$\\frac{{\\partial f}}{{\\partial {var}}}$ at $({_where(at)})$.",
        answer_format="number",
        expected=value,
        solution_op="partial",
        solution_args=args,
        decimals=0,
        misconceptions=mistakes_for("number", value, 0, mistakes),
    )


def partial_loss(rng: random.Random) -> Exercise:
    x0, y0 = rng.randint(2, 5), rng.randint(-5, 9)
    w = rng.randint(-3, 3)
    b = rng.choice([k for k in range(-3, 4) if w * x0 + k != y0])  # a zero error is trivial
    var = rng.choice(("w", "b"))
    inside = _polynomial([(x0, (("w", 1),)), (1, (("b", 1),)), (-y0, ())])
    loss = f"({inside})^2"
    shown = _polynomial([(x0, (("w", 1),)), (1, (("b", 1),)), (-y0, ())], latex=True)
    args = {"f": loss, "var": var, "at": {"w": w, "b": b}}
    value = result("partial", args)["value"]
    error = w * x0 + b - y0
    if var == "w":
        mistakes = [
            (2 * error, f"you forgot the inner derivative: ∂(ŷ − y)/∂w = x = {x0}."),
            (error * x0, "you forgot the 2 that the power rule brings down from the square."),
        ]
    else:
        mistakes = [
            (2 * error * x0, "that is ∂L/∂w: you multiplied by x, but ∂(ŷ − y)/∂b = 1."),
            (error, "you forgot the 2 that the power rule brings down from the square."),
        ]
    return Exercise(
        topic="3.3",
        prompt=f"A model predicts $\\hat y = w x + b$. On the point $(x, y) = ({x0}, {y0})$ its "
        f"squared error is $L(w, b) = \\left({shown}\\right)^2$. Compute "
        f"$\\frac{{\\partial L}}{{\\partial {var}}}$ at $w = {w},\\ b = {b}$.",
        answer_format="number",
        expected=value,
        solution_op="partial",
        solution_args=args,
        decimals=0,
        misconceptions=mistakes_for("number", value, 0, mistakes),
    )


GENERATORS: dict[str, list[Callable[[random.Random], Exercise]]] = {
    "3.1": [derivative_value, rule_first],
    "3.2": [chain_power_value, chain_function_value],
    "3.3": [partial_value, partial_loss],
}
