"""Calculus operations: the seed's worked examples, sympy as an independent oracle,
gradient descent's behaviour, least squares against numpy and scikit-learn."""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mathforai.engine import OPERATIONS, InputError, explain
from mathforai.engine.calculus import differentiate
from mathforai.engine.expressions import custom_functions, evaluate, parse
from mathforai.engine.inputs import MAX_GD_STEPS

x = sympy.Symbol("x")
CALCULUS_OPS = [
    "derivative",
    "partial",
    "gradient",
    "gd_step",
    "gradient_descent",
    "least_squares",
    "residuals",
]
SEED_X = [1, 2, 3, 4]
SEED_Y = [2.0, 3.9, 6.1, 7.8]


def texts(expl: Any) -> str:
    return "\n".join(f"{s.text}  ({s.note})" for s in expl.steps)


# ---------------------------------------------------------------- seed examples


def test_seed_3_1_polynomial_derivative() -> None:
    expl = explain("derivative", {"f": "3*x^3 + 2*x^2 + 5*x + 7", "at": 1})
    assert expl.result["derivative"] == "9*x^2 + 4*x + 5"
    assert expl.result["value"] == pytest.approx(18)
    working = texts(expl)
    assert "d/dx(3x³) = 3·3x² = 9x²" in working
    assert "d/dx(7) = 0  (constant rule)" in working
    assert "sum rule" in working
    assert any("power rule" in s.note and "3x³" in s.text for s in expl.steps)


@pytest.mark.parametrize(("at", "slope"), [(3, 6), (5, 10), (0, 0)])
def test_seed_3_1_slope_of_x_squared(at: float, slope: float) -> None:
    expl = explain("derivative", {"f": "x^2", "at": at})
    assert expl.result["derivative"] == "2*x"
    assert expl.result["value"] == pytest.approx(slope)
    assert f"f′({at}) = 2·{at} = {slope}" in texts(expl)


def test_seed_3_2_chain_rule() -> None:
    expl = explain("derivative", {"f": "(3*x + 1)^2", "at": 2})
    assert expl.result["value"] == pytest.approx(42)
    assert parse(expl.result["derivative"]) == sympy.expand(6 * (3 * x + 1))
    working = texts(expl)
    assert "2(3x + 1)·3" in working
    assert "the inner 3x + 1 = 7" in working
    assert "2·7·3 = 42" in working
    assert expl.steps[0].note.startswith("chain rule")


def test_seed_3_3_partial_derivatives() -> None:
    at = {"x": 2, "y": 3}
    dx = explain("partial", {"f": "x^2 + 3*y + x*y", "var": "x", "at": at})
    dy = explain("partial", {"f": "x^2 + 3*y + x*y", "var": "y", "at": at})
    assert parse(dx.result["partial"]) == parse("2*x + y")
    assert dx.result["value"] == pytest.approx(7)
    assert parse(dy.result["partial"]) == parse("3 + x")
    assert dy.result["value"] == pytest.approx(5)
    assert "hold y constant" in dx.steps[0].text
    assert "y held constant" in texts(dx)
    assert "2·2 + 3 = 7" in texts(dx)


def test_partial_without_a_point_gives_no_value() -> None:
    expl = explain("partial", {"f": "x*y", "var": "y"})
    assert expl.result == {"partial": "x", "value": None}


def test_seed_3_4_gradient() -> None:
    expl = explain("gradient", {"f": "x^2 + y^2", "at": {"x": 3, "y": 4}})
    assert expl.result == pytest.approx([6, 8])
    assert "[6, 8]" in expl.steps[-1].text
    assert any("[-6, -8]" in n and "downhill" in n for n in expl.notes)


def test_gradient_orders_variables_by_name() -> None:
    expl = explain("gradient", {"f": "z + 2*y + 3*x", "at": {"z": 0, "x": 0, "y": 0}})
    assert expl.result == pytest.approx([3, 2, 1])


def test_seed_3_5_one_step() -> None:
    expl = explain("gd_step", {"w": 5, "lr": 0.1, "grad": 3})
    assert expl.result == pytest.approx(4.7)
    assert "0.3" in expl.steps[-1].text
    assert "4.7" in expl.steps[-1].text


def test_seed_3_5_widget_defaults() -> None:
    expl = explain("gradient_descent", {"f": "x^2", "start": 6, "lr": 0.1, "steps": 20})
    path = expl.result["path"]
    assert len(path) == 21
    assert path[0] == 6
    assert path[1] == pytest.approx(4.8)
    assert expl.result["final"] == path[-1] == pytest.approx(6 * 0.8**20)
    working = texts(expl)
    assert "f′(x) = 2x" in working
    assert "x₁ = 6 − 0.1·12 = 4.8" in working
    assert "x₂₀ = " in working


def test_seed_3_6_least_squares_with_errata() -> None:
    expl = explain("least_squares", {"x": SEED_X, "y": SEED_Y})
    assert expl.result["w"] == pytest.approx([1.96, 0.05])
    assert expl.result["sse"] == pytest.approx(0.042)
    assert expl.result["residuals"] == pytest.approx([-0.01, -0.07, 0.17, -0.09])
    working = texts(expl)
    assert "AᵀA = [[30, 10], [10, 4]]" in working
    assert "Aᵀy = [59.3, 19.8]" in working
    assert "A = [[1, 1], [2, 1], [3, 1], [4, 1]]" in working
    assert any("overdetermined" in n and "collinear" in n for n in expl.notes)


def test_seed_3_6_residuals_with_errata() -> None:
    expl = explain("residuals", {"x": SEED_X, "y": SEED_Y, "w": [2.0, 0.1]})
    assert expl.result["predictions"] == pytest.approx([2.1, 4.1, 6.1, 8.1])
    assert expl.result["residuals"] == pytest.approx([-0.1, -0.2, 0.0, -0.3], abs=1e-12)
    assert expl.result["sse"] == pytest.approx(0.14)


@pytest.mark.parametrize("name", CALCULUS_OPS)
def test_every_example_runs_and_is_json(name: str) -> None:
    op = OPERATIONS[name]
    expl = op.run(op.example)
    json.dumps(expl.to_dict())
    assert expl.steps
    assert all(s.text and s.latex for s in expl.steps)


# ---------------------------------------------------------------- rules


RULE_CASES = [
    ("constant rule", "x + 7"),
    ("power rule", "x^5"),
    ("constant multiple rule", "4*x^2"),
    ("sum rule", "x^2 + x"),
    ("product rule", "x*sin(x)"),
    ("quotient rule", "x/(x + 1)"),
    ("chain rule", "(2*x + 1)^3"),
    ("exp rule", "exp(x)"),
    ("exponential rule", "2^x"),
    ("log rule", "log(x)"),
    ("sin rule", "sin(x)"),
    ("cos rule", "cos(x)"),
    ("tanh rule", "tanh(x)"),
    ("sigmoid rule", "sigmoid(x)"),
    ("relu rule", "relu(x)"),
    ("step rule", "step(x)"),
    ("power rule with a variable exponent", "x^x"),
]


@pytest.mark.parametrize(("rule", "text"), RULE_CASES)
def test_each_rule_is_named_in_the_steps(rule: str, text: str) -> None:
    assert rule in differentiate(text).names()
    expl = explain("derivative", {"f": text})
    assert any(rule in s.note for s in expl.steps)


def test_chain_rule_names_the_outer_rule() -> None:
    expl = explain("derivative", {"f": "sin(x^2)"})
    assert "chain rule + sin rule" in expl.steps[0].note
    assert "outer sin(u) → cos(u)" in expl.steps[0].note


def test_sigmoid_and_relu_derivatives() -> None:
    sig = explain("derivative", {"f": "sigmoid(x)", "at": 0})
    assert sig.result["value"] == pytest.approx(0.25)
    assert explain("derivative", {"f": "relu(x)", "at": 2}).result["value"] == 1
    assert explain("derivative", {"f": "relu(x)", "at": -2}).result["value"] == 0


def _elementary(expr: sympy.Expr) -> sympy.Expr:
    """Our named functions in sympy's own terms, so sympy.diff is an independent oracle."""
    funcs = custom_functions()
    expr = expr.replace(funcs["sigmoid"], lambda u: 1 / (1 + sympy.exp(-u)))
    return expr.replace(funcs["relu"], lambda u: sympy.Max(0, u))


def _compositions() -> st.SearchStrategy[str]:
    leaves = st.one_of(
        st.just("x"),
        st.integers(1, 5).map(str),
        st.sampled_from(["0.5", "x^2", "2*x", "x^3"]),
    )
    funcs = ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu"]

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
                lambda t: f"({t[0]}) {t[1]} ({t[2]})"
            ),
            st.tuples(inner, st.integers(-3, 4)).map(lambda t: f"({t[0]})^({t[1]})"),
            st.tuples(st.sampled_from(funcs), inner).map(lambda t: f"{t[0]}({t[1]})"),
        )

    return st.recursive(leaves, extend, max_leaves=6).filter(lambda s: len(s) <= 200)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_compositions())
def test_derivative_agrees_with_sympy(text: str) -> None:
    try:
        expr = parse(text)
    except InputError:
        assume(False)
        return
    mine = differentiate(text).result
    oracle = sympy.diff(_elementary(expr), x)
    compared = 0
    for value in (0.31, 0.77, 1.43, 2.6):
        a = evaluate(mine, {x: value})
        b = evaluate(oracle, {x: value})
        if a is None or b is None or not (math.isfinite(a) and math.isfinite(b)):
            continue
        compared += 1
        assert math.isclose(a, b, rel_tol=1e-8, abs_tol=1e-8), (text, a, b)
    assume(compared > 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-9, 9), min_size=1, max_size=7))
def test_polynomial_derivatives_are_exact(coefficients: list[int]) -> None:
    text = " + ".join(f"({c})*x^{k}" for k, c in enumerate(coefficients))
    expl = explain("derivative", {"f": text, "at": 2})
    poly = sum(c * x**k for k, c in enumerate(coefficients))
    exact = sympy.diff(poly, x)
    assert sympy.expand(parse(expl.result["derivative"]) - exact) == 0
    assert expl.result["value"] == pytest.approx(float(exact.subs(x, 2)))


# ---------------------------------------------------------------- gradient descent


def _descend(lr: float, steps: int = 20) -> Any:
    return explain("gradient_descent", {"f": "x^2", "start": 6, "lr": lr, "steps": steps})


def test_gradient_descent_converges_with_a_good_learning_rate() -> None:
    expl = _descend(0.1, 200)
    assert abs(expl.result["final"]) < 1e-6
    assert any("Converged" in n for n in expl.notes)
    assert all(v > 0 for v in expl.result["path"])  # no overshoot at lr 0.1


def test_gradient_descent_oscillates_at_0_9() -> None:
    expl = _descend(0.9)
    path = expl.result["path"]
    assert all(a * b < 0 for a, b in itertools.pairwise(path))
    assert abs(path[-1]) < abs(path[0])
    assert any("Oscillating" in n for n in expl.notes)


def test_gradient_descent_diverges_at_1_1() -> None:
    expl = _descend(1.1)
    assert abs(expl.result["final"]) > 6
    assert any("too large" in n for n in expl.notes)


def test_gradient_descent_stops_early_when_it_runs_away() -> None:
    expl = _descend(1.1, 1000)
    path = expl.result["path"]
    assert len(path) < 1001
    assert all(abs(v) <= 1e12 for v in path)
    assert any("Diverged" in n and "too large" in n for n in expl.notes)


def test_gradient_descent_crawls_with_a_tiny_learning_rate() -> None:
    expl = _descend(0.0001)
    assert expl.result["final"] == pytest.approx(6, abs=0.05)
    assert any("too small" in n for n in expl.notes)


def test_gradient_descent_on_another_function() -> None:
    expl = explain("gradient_descent", {"f": "(x - 3)^2 + 1", "start": 0, "lr": 0.25, "steps": 50})
    assert expl.result["final"] == pytest.approx(3)


# ---------------------------------------------------------------- least squares


def _exact_normal_equations(rows: list[list[float]], y: list[float]) -> list[Fraction]:
    """Solve AᵀA·w = Aᵀy in exact fractions (every float is a fraction; nothing rounds).

    An oracle independent of the engine's numpy.linalg.lstsq: the textbook equations, solved
    by Gauss–Jordan elimination on rationals. A must have independent columns.
    """
    a = [[Fraction(x) for x in row] for row in rows]
    ys = [Fraction(v) for v in y]
    n = len(a[0])
    m = [
        [sum((r[i] * r[j] for r in a), Fraction(0)) for j in range(n)]
        + [sum((r[i] * v for r, v in zip(a, ys, strict=True)), Fraction(0))]
        for i in range(n)
    ]
    for c in range(n):
        pivot = next(r for r in range(c, n) if m[r][c] != 0)
        m[c], m[pivot] = m[pivot], m[c]
        m[c] = [x / m[c][c] for x in m[c]]
        for r in range(n):
            if r != c and m[r][c] != 0:
                m[r] = [x - m[r][c] * y for x, y in zip(m[r], m[c], strict=True)]
    return [row[n] for row in m]


@pytest.mark.parametrize("seed", range(5))
def test_least_squares_matches_the_closed_form_in_exact_fractions(seed: int) -> None:
    """An oracle that shares no code with the engine: the line's closed form
    (slope = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)², intercept = ȳ − slope·x̄) in exact rational arithmetic
    on the very floats sent."""
    rng = np.random.default_rng(seed)
    xs = rng.uniform(-10, 10, size=30).tolist()
    ys = (2.5 * np.array(xs) - 1 + rng.normal(size=30)).tolist()
    expl = explain("least_squares", {"x": xs, "y": ys})
    fx, fy = [Fraction(x) for x in xs], [Fraction(y) for y in ys]
    mx, my = sum(fx) / len(fx), sum(fy) / len(fy)
    slope = sum((x - mx) * (y - my) for x, y in zip(fx, fy, strict=True)) / sum(
        (x - mx) ** 2 for x in fx
    )
    intercept = my - slope * mx
    sse = sum((y - (slope * x + intercept)) ** 2 for x, y in zip(fx, fy, strict=True))
    assert expl.result["w"] == pytest.approx([float(slope), float(intercept)], rel=1e-9)
    assert expl.result["sse"] == pytest.approx(float(sse), rel=1e-9)


def test_least_squares_with_a_design_matrix() -> None:
    rng = np.random.default_rng(7)
    a = rng.normal(size=(12, 3)).tolist()
    ys = rng.normal(size=12).tolist()
    expl = explain("least_squares", {"A": a, "y": ys})
    w = _exact_normal_equations(a, ys)
    assert expl.result["w"] == pytest.approx([float(c) for c in w], rel=1e-9)


def test_least_squares_singular_case_gives_minimum_norm() -> None:
    # A = u·vᵀ with u = [1, 2, 3], v = [1, 2]: rank 1, so AᵀA·w = Aᵀy has a line of solutions.
    # The minimum-norm one lies along v: w = v·(u·y) / (|u|²·|v|²) = [1, 2]·15.5/70.
    a = [[1, 2], [2, 4], [3, 6]]
    ys = [1.0, 2.0, 3.5]
    expl = explain("least_squares", {"A": a, "y": ys})
    w = [Fraction(c) for c in expl.result["w"]]
    expected = [Fraction(1 * 31, 140), Fraction(2 * 31, 140)]
    assert [float(c) for c in w] == pytest.approx([float(c) for c in expected], rel=1e-12)
    # The normal equations hold, and w has no part along A's null space [2, -1].
    for i in range(2):
        lhs = sum(a[k][i] * a[k][j] * w[j] for k in range(3) for j in range(2))
        rhs = sum(a[k][i] * Fraction(ys[k]) for k in range(3))
        assert float(lhs) == pytest.approx(float(rhs), rel=1e-12)
    assert float(2 * w[0] - w[1]) == pytest.approx(0, abs=1e-12)
    assert any("singular" in n and "minimum-norm" in n for n in expl.notes)
    assert any("singular" in s.note for s in expl.steps)


def test_collinear_points_fit_exactly() -> None:
    expl = explain("least_squares", {"x": [0, 1, 2], "y": [1, 3, 5]})
    assert expl.result["w"] == pytest.approx([2, 1])
    assert expl.result["sse"] == pytest.approx(0, abs=1e-20)
    assert any("exact" in n for n in expl.notes)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("op", "args", "field", "fragment"),
    [
        ("derivative", {"f": "x*y"}, "f", "partial"),
        ("derivative", {"f": "x^2 +"}, "f", "ends too early"),
        ("derivative", {"f": "log(x)", "at": -1}, "at", "undefined"),
        ("derivative", {"f": "sqrt(x)", "at": 0}, "at", "undefined"),
        ("partial", {"f": "x*y", "var": "x", "at": {"x": 1}}, "at", "missing y"),
        ("partial", {"f": "x*y", "var": "sin", "at": {"x": 1, "y": 1}}, "var", "variable"),
        ("partial", {"f": "x*y", "var": "x", "at": [1, 2]}, "at", "object"),
        ("gradient", {"f": "x^2 + y^2", "at": {"x": 3}}, "at", "missing y"),
        ("gradient", {"f": "x^2 + y^2", "at": {"x": 3, "y": "four"}}, "at", "number"),
        ("gradient", {"f": "7", "at": {}}, "f", "no variables"),
        ("gradient_descent", {"f": "x^2", "start": 6, "lr": 0.1, "steps": 1001}, "steps", "1,000"),
        ("gradient_descent", {"f": "x^2", "start": 6, "lr": 0.1, "steps": 0}, "steps", "whole"),
        ("gradient_descent", {"f": "x^2", "start": 6, "lr": 0.1, "steps": 2.5}, "steps", "whole"),
        ("gradient_descent", {"f": "x^2", "start": 6, "lr": 0, "steps": 10}, "lr", "positive"),
        ("gradient_descent", {"f": "x^2", "start": 6, "lr": -0.1, "steps": 10}, "lr", "positive"),
        ("gradient_descent", {"f": "x*y", "start": 6, "lr": 0.1, "steps": 10}, "f", "x only"),
        (
            "gradient_descent",
            {"f": "log(x)", "start": -1, "lr": 0.1, "steps": 5},
            "start",
            "x = -1",
        ),
        ("gd_step", {"w": 5, "lr": 0, "grad": 3}, "lr", "positive"),
        ("least_squares", {"x": [1, 2, 3], "y": [1, 2]}, "y", "one y per point"),
        ("least_squares", {"A": [[1, 1], [2, 1]], "y": [1, 2, 3]}, "y", "rows"),
        ("least_squares", {"x": [1, 2], "A": [[1, 1], [2, 1]], "y": [1, 2]}, "A", "exactly one"),
        ("least_squares", {"y": [1, 2]}, "x", "exactly one"),
        ("residuals", {"x": [1, 2], "y": [1], "w": [1, 0]}, "y", "one y per point"),
        ("residuals", {"x": [1, 2], "y": [1, 2], "w": [1, 0, 2]}, "w", "slope, intercept"),
    ],
)
def test_bad_input_names_the_argument(
    op: str, args: dict[str, Any], field: str, fragment: str
) -> None:
    with pytest.raises(InputError) as info:
        explain(op, args)
    assert info.value.field == field
    assert fragment in info.value.message


def test_step_limit_constant() -> None:
    assert MAX_GD_STEPS == 1000
    expl = explain("gradient_descent", {"f": "x^2", "start": 1, "lr": 0.01, "steps": 1000})
    assert len(expl.result["path"]) == 1001
