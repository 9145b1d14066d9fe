"""Bounded work: every parse and every evaluation answers or refuses within a time budget.

The inputs are the ones that froze the server (issue 14: nested tanh, towers, huge points)
and their families drawn by hypothesis. Each call must finish under BUDGET seconds with a
result or a clean InputError naming its field — never a hang, never another exception.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mathforai.engine import InputError, explain
from mathforai.engine.evaluator import numeric
from mathforai.engine.expression_budget import MAX_COST, MAX_FUNCTION_DEPTH
from mathforai.engine.expressions import FUNCTIONS, MAX_DEPTH, parse, syntax_tree

# Generous for a loaded 2-core machine: the slowest case below takes well under a second.
BUDGET = 5.0
FIELDS = {"f", "at", "start", "var", "lr", "steps"}
HYPOTHESIS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bounded(call: Callable[[], Any]) -> Any:
    """Run call; it must return or raise InputError within BUDGET. Returns the result or error."""
    start = time.perf_counter()
    try:
        outcome: Any = call()
    except InputError as exc:
        assert exc.field in FIELDS and exc.message
        outcome = exc
    elapsed = time.perf_counter() - start
    assert elapsed < BUDGET, f"took {elapsed:.1f}s"
    return outcome


def nest(names: list[str], leaf: str = "x") -> str:
    text = leaf
    for name in names:
        text = f"{name}({text})"
    return text


# ---------------------------------------------------------------- the reported inputs


@pytest.mark.parametrize(
    ("op", "args", "fragment"),
    [
        ("derivative", {"f": "x^x", "at": 1e12}, "too large to represent"),
        ("derivative", {"f": nest(["exp"] * 5), "at": 1}, "too large to represent"),
        ("derivative", {"f": "exp(exp(x))", "at": 1e7}, "too large to represent"),
        ("derivative", {"f": "x^(x^(x^(x^(x^x))))", "at": 2}, "too large to represent"),
        ("gradient", {"f": "x^(y^(x^(y^(x^y))))", "at": {"x": 2, "y": 2}}, "too large"),
        ("partial", {"f": "exp(exp(x*y))", "var": "x", "at": {"x": 1e7, "y": 1}}, "too large"),
        (
            "gradient_descent",
            {"f": nest(["exp"] * 5), "start": 1, "lr": 0.1, "steps": 1000},
            "too large to represent",
        ),
        ("derivative", {"f": nest(["tanh"] * 33)}, f"at most {MAX_FUNCTION_DEPTH} functions"),
    ],
)
def test_the_inputs_that_froze_the_server_refuse_quickly(
    op: str, args: dict[str, Any], fragment: str
) -> None:
    outcome = bounded(lambda: explain(op, args))
    assert isinstance(outcome, InputError)
    assert fragment in outcome.message


def test_tanh_nested_ten_deep_is_answered() -> None:
    # 61 characters that took 22–32 s to parse: each level tripled sympy's realness checks.
    outcome = bounded(lambda: explain("derivative", {"f": nest(["tanh"] * 10), "at": 0.5}))
    assert 0 < outcome.result["value"] < 1


def test_a_tower_below_the_float_range_is_computed() -> None:
    outcome = bounded(lambda: explain("derivative", {"f": "x^(x^(x^(x^(x^x))))", "at": 1.1}))
    assert math.isfinite(outcome.result["value"]) and outcome.result["value"] > 0


def test_the_limits_name_themselves() -> None:
    with pytest.raises(InputError, match=f"at most {MAX_FUNCTION_DEPTH} functions") as info:
        parse(nest(["sin"] * (MAX_FUNCTION_DEPTH + 1)), "g")
    assert info.value.field == "g"
    with pytest.raises(InputError, match=f"at most {MAX_DEPTH} levels"):
        parse("-" * 150 + "x")
    with pytest.raises(InputError, match="at most 5,000"):
        parse("*".join(["x"] * 100))  # a product rule per factor: its working grows as n²


def test_checking_the_budget_is_linear() -> None:
    # 200 characters of the worst shape take milliseconds to measure and refuse.
    text = nest(["tanh"] * 28)
    start = time.perf_counter()
    for _ in range(100):
        with pytest.raises(InputError):
            syntax_tree(text)
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------- families


leaves = st.sampled_from(["x", "2*x + 1", "x*y", "-x", "x^2", "0.5*x"])
nestings = st.lists(st.sampled_from([f for f in FUNCTIONS if f != "ln"]), min_size=1, max_size=14)
points = st.sampled_from([0.0, 0.5, -1.0, 2.0, 710.0, -710.0, 1e7, 1e12, -1e12, 1e-300])


@HYPOTHESIS
@given(nestings, leaves, points)
def test_nested_functions_answer_within_budget(names: list[str], leaf: str, at: float) -> None:
    f = nest(names, leaf)
    point = {"x": at, "y": 1.5}
    bounded(lambda: explain("gradient", {"f": f, "at": point}))
    bounded(lambda: explain("partial", {"f": f, "var": "x", "at": point}))
    if "y" not in leaf:
        bounded(lambda: explain("derivative", {"f": f, "at": at}))


@HYPOTHESIS
@given(
    st.lists(
        st.sampled_from(["x", "y", "2", "1.5", "x + 1", "e", "(x*y)"]), min_size=2, max_size=9
    ),
    points,
)
def test_towers_answer_within_budget(levels: list[str], at: float) -> None:
    f = "^".join(f"({level})" for level in levels)
    point = {"x": at, "y": 1.1}
    bounded(lambda: explain("gradient", {"f": f, "at": point}))
    if "y" not in f:
        bounded(lambda: explain("derivative", {"f": f, "at": at}))
        run = {"f": f, "start": at, "lr": 0.01, "steps": 200}
        bounded(lambda: explain("gradient_descent", run))


@HYPOTHESIS
@given(
    st.sampled_from(["exp", "sigmoid", "tanh", "sin", "relu", "log", "sqrt"]),
    st.integers(min_value=1, max_value=MAX_FUNCTION_DEPTH),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
)
def test_huge_points_answer_within_budget(name: str, depth: int, at: float) -> None:
    f = nest([name] * depth, "x^3 + x")
    outcome = bounded(lambda: explain("derivative", {"f": f, "at": at}))
    if not isinstance(outcome, InputError):
        assert math.isfinite(outcome.result["value"])


@HYPOTHESIS
@given(st.text(alphabet="x+-*/^()√²·2e.", max_size=200))
def test_any_short_text_parses_within_budget(text: str) -> None:
    bounded(lambda: parse(text))


def test_descent_on_the_costliest_allowed_expression_is_bounded() -> None:
    f = "*".join(f"sin({k}x)" for k in range(1, 16))
    outcome = bounded(
        lambda: explain("gradient_descent", {"f": f, "start": 0.3, "lr": 0.001, "steps": 1000})
    )
    # Either a bounded run, or refused up front by the descent work budget (engine/budgets.py).
    if isinstance(outcome, InputError):
        assert outcome.field == "steps" and "at most" in outcome.message
    else:
        assert len(outcome.result["path"]) > 1


def test_the_cost_limit_allows_ordinary_expressions() -> None:
    for f in (
        "3*x^3 + 2*x^2 + 5*x + 7",
        "sigmoid(w1*x + w2*y + b)",
        "log(1 + exp(-x*y))",
        "(x^2 + 1)/(x^2 - 1) + tanh(3x - 2)^2",
        "+".join(f"{k}*x^{k}" for k in range(1, 20)),
    ):
        assert syntax_tree(f) is not None
    assert MAX_COST >= 1000


def test_the_evaluator_shares_repeated_parts() -> None:
    # The derivative of a 6-level tower repeats the tower many times; the program holds it once.
    x = sympy.Symbol("x")
    tower = parse("x^(x^(x^(x^(x^(x^x)))))")
    program = numeric(sympy.diff(tower, x), [x])
    assert len(program) < 200  # type: ignore[arg-type]
    assert math.isfinite(program(1.05))


_atoms = st.sampled_from(["x", "y", "2", "0.5", "3", "e", "pi"])
_names = st.sampled_from([f for f in FUNCTIONS if f != "ln"])
expressions = st.recursive(
    _atoms,
    lambda inner: st.one_of(
        st.builds(lambda f, a: f"{f}({a})", _names, inner),
        st.builds(lambda a, b: f"({a})^({b})", inner, inner),
        st.builds(lambda a, b: f"{a}*{b}", inner, inner),
        st.builds(lambda a, b: f"({a})/({b})", inner, inner),
        st.builds(lambda a, b: f"{a}+{b}", inner, inner),
        st.builds(lambda a: f"-({a})", inner),
    ),
    max_leaves=30,
).filter(lambda text: len(text) <= 200)


@HYPOTHESIS
@given(expressions, points)
def test_any_expression_of_the_grammar_answers_within_budget(f: str, at: float) -> None:
    # Found by this family: sin of a complex constant made sympy spend seconds on
    # realness questions; a complex or infinite part is now refused where it appears.
    bounded(lambda: explain("gradient", {"f": f, "at": {"x": at, "y": 0.7}}))
