"""Output and work budgets (issue 14.1): an operation works out the size of its answer from
the shapes first and refuses past a limit, naming the argument and the limit, before any
of the work. A refusal is quick; an answer never holds more than 10,000 numbers."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforai.engine import OPERATIONS, InputError, explain
from mathforai.engine.budgets import (
    MAX_DESCENT_WORK,
    MAX_FIGURE_POINTS,
    MAX_RESULT_NUMBERS,
    count_numbers,
)
from mathforai.render.svg import figure


def test_an_outer_product_of_5000_by_5000_is_refused_at_once() -> None:
    # 40 KB in, 25 million numbers out: it took 49 s and 3.6 GB before the budget.
    start = time.perf_counter()
    with pytest.raises(InputError) as err:
        explain("matmul", {"A": [[1.5]] * 5000, "B": [[2.5] * 5000]})
    assert time.perf_counter() - start < 5  # reading the 10,000 input numbers is the cost
    assert err.value.field == "B"
    assert "25,000,000" in err.value.message and "10,000" in err.value.message


def test_the_largest_allowed_product_is_computed() -> None:
    r = explain("matmul", {"A": [[1.0]] * 100, "B": [[2.0] * 100]}).result
    assert len(r) == 100 and all(len(row) == 100 for row in r)
    assert count_numbers(r) == MAX_RESULT_NUMBERS


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 200), st.integers(1, 50), st.integers(1, 200))
def test_matmul_answers_within_the_budget_or_refuses_by_name(m: int, n: int, p: int) -> None:
    if m * n > 10_000 or n * p > 10_000:
        return  # the inputs themselves are refused where they are read
    try:
        r = explain("matmul", {"A": [[1.0] * n] * m, "B": [[1.0] * p] * n}).result
    except InputError as err:
        assert m * p > MAX_RESULT_NUMBERS
        assert err.field == "B" and f"{m * p:,}" in err.message
        return
    assert m * p <= MAX_RESULT_NUMBERS
    assert count_numbers(r) == m * p
    assert r[0][0] == pytest.approx(n)


def _product_of_sines(k: int) -> str:
    return "*".join(f"sin({i}*x+{i})" for i in range(1, k + 1))


def test_descent_work_is_steps_times_the_size_of_f_prime() -> None:
    f = _product_of_sines(13)  # f' compiles to about a hundred operations
    with pytest.raises(InputError) as err:
        explain("gradient_descent", {"f": f, "start": 0.5, "lr": 1e-4, "steps": 1000})
    assert err.value.field == "steps"
    assert f"{MAX_DESCENT_WORK:,}" in err.value.message
    # The refusal says how many steps fit; that many runs.
    most = int(err.value.message.split("at most ")[1].split(" steps")[0].replace(",", ""))
    r = explain("gradient_descent", {"f": f, "start": 0.5, "lr": 1e-4, "steps": most}).result
    assert len(r["path"]) == most + 1


def test_a_simple_f_keeps_all_1000_steps() -> None:
    r = explain("gradient_descent", {"f": "x^2", "start": 6, "lr": 0.001, "steps": 1000})
    assert len(r.result["path"]) == 1001


def test_every_operations_example_is_within_the_result_budget() -> None:
    for name, op in OPERATIONS.items():
        assert count_numbers(explain(name, dict(op.example)).result) <= MAX_RESULT_NUMBERS, name


def test_a_figure_past_its_mark_budget_is_left_out() -> None:
    n = MAX_FIGURE_POINTS + 1
    xs = [float(i) for i in range(n)]
    fit = explain("least_squares", {"x": xs, "y": [2 * x + 1 for x in xs]})
    assert figure(fit) is None
    small = explain("least_squares", {"x": xs[:50], "y": [2 * x + 1 for x in xs[:50]]})
    assert (svg := figure(small)) is not None and svg.count('<circle class="point"') == 50
    many = explain("span", {"vectors": [[1.0, float(i)] for i in range(n)]})
    assert figure(many) is None


def test_attention_over_5000_positions_is_refused_at_once() -> None:
    # Inputs of 5,000 numbers each; scores and weights of 25 million each (104 s before).
    start = time.perf_counter()
    with pytest.raises(InputError) as err:
        explain("attention", {"Q": [[1.0]] * 5000, "K": [[1.0]] * 5000, "V": [[1.0]] * 5000})
    assert time.perf_counter() - start < 5
    assert err.value.field == "K" and "10,000" in err.value.message
    small = explain("attention", {"Q": [[1.0]] * 60, "K": [[1.0]] * 60, "V": [[1.0]] * 60})
    assert count_numbers(small.result) <= MAX_RESULT_NUMBERS
