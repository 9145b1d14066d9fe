"""The differentiation steps are trees: one source for their text, LaTeX, MathML and JSON.

derivative, partial and gradient record each rule applied (rules.py); every line of that
working is a `mathtree` node, printed by the same printers as every other operation, so
the text and the MathML of a step show the same numbers (issue 10).
"""

from __future__ import annotations

from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mathforai.engine import OPERATIONS, InputError, explain
from mathforai.engine.calculus.argtypes import MAX_RULE_STEPS
from mathforai.engine.expressions import parse, to_pretty
from mathforai.engine.exprtree import to_tree
from mathforai.engine.mathprint import to_json, to_latex, to_text
from mathforai.render.mathml import node_to_mathml
from tests.steps_numbers import mathml_numbers, text_numbers

OPS = ("derivative", "gradient", "partial")


def _check_steps(name: str, args: dict[str, Any]) -> None:
    expl = explain(name, args)
    for i, step in enumerate(expl.steps, 1):
        assert step.math is not None, f"{name} step {i} is a text/LaTeX pair: {step.text!r}"
        assert step.text == to_text(step.math)
        assert step.latex == to_latex(step.math)
        assert step.to_dict()["math"] == to_json(step.math)
        shown, typeset = text_numbers(step.text), mathml_numbers(node_to_mathml(step.math))
        assert shown == typeset, f"{name} step {i}: {step.text!r}"


@pytest.mark.parametrize("name", OPS)
def test_every_example_step_is_a_tree(name: str) -> None:
    _check_steps(name, dict(OPERATIONS[name].example))


_coeff = st.integers(-9, 9).filter(bool)
_power = st.integers(-3, 5)
_TEMPLATES = {
    "poly_exp": lambda a, b, c, k: f"{a}*x^{k} + {b}*exp({c}*x)",
    "tanh": lambda a, b, c, k: f"tanh({a}*x) - {b}*x^{k}",
    "sigmoid": lambda a, b, c, k: f"{a}/(1 + exp(-{abs(c)}*x))",
    "quotient": lambda a, b, c, k: f"(x^{k} + {a})/(x - {b})",
    "log_relu": lambda a, b, c, k: f"log(x^2 + {abs(a)}) + relu({c}*x) + sigmoid(x)",
    "product": lambda a, b, c, k: f"x^{k}*sin({a}*x) + {b}*x*cos(x)",
    "decimal": lambda a, b, c, k: f"{a / 7:.5f}*x^{k} + sqrt(x + {abs(b)})",
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    st.sampled_from(sorted(_TEMPLATES)),
    _coeff,
    _coeff,
    _coeff,
    _power,
    st.integers(-3, 3),
)
def test_random_derivative_steps_are_trees(
    template: str, a: int, b: int, c: int, k: int, at: int
) -> None:
    f = _TEMPLATES[template](a, b, c, k)
    try:
        explain("derivative", {"f": f, "at": at})
    except InputError:
        assume(False)
    _check_steps("derivative", {"f": f, "at": at})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(_coeff, _coeff, _power, st.integers(-3, 3), st.integers(-3, 3))
def test_random_partial_and_gradient_steps_are_trees(
    a: int, b: int, k: int, x: int, y: int
) -> None:
    f = f"{a}*x^2*y + {b}*x*y^{abs(k)} + exp({a}*x*y)/(y^2 + 1)"
    point = {"x": x, "y": y}
    try:
        explain("gradient", {"f": f, "at": point})
    except InputError:
        assume(False)
    _check_steps("gradient", {"f": f, "at": point})
    _check_steps("partial", {"f": f, "var": "y", "at": point})


def test_the_power_rule_shows_its_exponent() -> None:
    steps = explain("derivative", {"f": "x^2 + x"}).steps
    texts = [s.text for s in steps]
    assert "d/dx(x²) = 2x¹ = 2x" in texts
    assert "d/dx(x) = 1·x⁰ = 1" in texts
    latex = [s.latex for s in steps]
    assert r"\frac{d}{dx}\left(x^{2}\right) = 2 x^{1} = 2 x" in latex


def test_partial_steps_use_the_partial_sign() -> None:
    steps = explain("partial", {"f": "x^2*y", "var": "y"}).steps
    assert any(s.text.startswith("∂/∂y(y·x²)") for s in steps)
    assert any(s.latex.startswith(r"\frac{\partial}{\partial y}\left(") for s in steps)


def test_long_working_is_shortened_with_dots() -> None:
    f = "*".join(f"sin({k}*x^2 + x)" for k in range(1, 12))
    steps = explain("derivative", {"f": f}).steps
    gaps = [s for s in steps if s.note == "working shortened"]
    assert len(steps) == MAX_RULE_STEPS and len(gaps) == 1
    assert gaps[0].text.startswith("… ") and gaps[0].text.endswith(" more steps …")
    assert r"\dots" in gaps[0].latex


# ---------------------------------------------------------------- the converter


_EXPRESSIONS = [
    "3*x^3 + 2*x^2 + 5*x + 7",
    "x^2*y - 3*x*y^2 + exp(x*y)",
    "1/(1 + exp(-x))",
    "tanh(2*x) + relu(x) - sigmoid(x)/x",
    "(x^2 + 1)/(x - 3) - 0.5*x^-2 + sqrt(x)",
    "x/3 - 2/3",
    "log(x^2 + 1)*cos(x)",
    "2^x + x^x",
    "-x^2 + 0.333333*x",
    "12582912*x",
]


@pytest.mark.parametrize("text", _EXPRESSIONS)
def test_the_tree_shows_the_pretty_printers_numbers(text: str) -> None:
    expr = parse(text)
    tree = to_tree(expr)
    assert text_numbers(to_text(tree)) == text_numbers(to_pretty(expr))
    assert text_numbers(to_text(tree)) == mathml_numbers(node_to_mathml(tree))


def test_the_tree_reads_like_the_pretty_printer() -> None:
    x, u = sympy.symbols("x u")
    assert to_text(to_tree(parse("3*x^3 - 2*x + 5"))) == "3x³ − 2x + 5"
    assert to_text(to_tree(parse("3*sin(x)"))) == "3·sin(x)"
    assert to_text(to_tree(parse("exp(-x)"))) == "e^(−x)"
    assert to_latex(to_tree(parse("exp(2*x)"))) == "e^{2 x}"
    assert to_text(to_tree(parse("sigmoid(x)*relu(x)"))) == "relu(x)·σ(x)"
    assert to_text(to_tree(2 * u, {u: 3 * x + 1})) == "2(3x + 1)"
    assert to_text(to_tree(9 * u**2, {u: sympy.Integer(-2)})) == "9·(−2)²"
    assert to_latex(to_tree(sympy.Rational(-1, 2) * x)) == r"\frac{{-x}}{2}"
