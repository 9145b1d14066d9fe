"""expectation, normal, init_variance and likelihood against math/statistics/numpy."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforai.engine import InputError, explain


@st.composite
def distributions(draw: st.DrawFn) -> tuple[list[float], list[float], list[int]]:
    n = draw(st.integers(1, 8))
    x = [float(draw(st.integers(-20, 20))) for _ in range(n)]
    weights = [draw(st.integers(1, 9)) for _ in range(n)]
    total = sum(weights)
    return x, [w / total for w in weights], weights


@settings(max_examples=80, deadline=None)
@given(distributions(), st.integers(-3, 3), st.integers(-5, 5))
def test_expectation_matches_a_simulated_population(dist: tuple, a: int, b: int) -> None:
    x, p, weights = dist
    result = explain("expectation", {"x": x, "p": p, "a": a, "b": b}).result
    # Oracle: a data set holding each value as often as its weight; its mean and
    # population variance (statistics) are E[X] and Var[X].
    population = [xi for xi, w in zip(x, weights) for _ in range(w)]
    assert math.isclose(result["mean"], statistics.fmean(population), abs_tol=1e-9)
    assert math.isclose(result["variance"], statistics.pvariance(population), abs_tol=1e-9)
    if a != 1 or b != 0:
        assert math.isclose(result["transformed_mean"], a * result["mean"] + b, abs_tol=1e-9)
        assert math.isclose(
            result["transformed_variance"], a * a * result["variance"], abs_tol=1e-9
        )


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"x": [0, 1], "p": [0.5, 0.6]}, "p"),
        ({"x": [0, 1], "p": [1.5, -0.5]}, "p"),
        ({"x": [0, 1, 2], "p": [0.5, 0.5]}, "p"),
    ],
)
def test_expectation_refuses_what_is_not_a_distribution(args: dict, field: str) -> None:
    with pytest.raises(InputError) as err:
        explain("expectation", args)
    assert err.value.field == field


@settings(max_examples=80, deadline=None)
@given(st.floats(-50, 50), st.floats(-10, 10), st.floats(0.1, 10), st.floats(0.1, 4))
def test_normal_matches_statistics_normaldist(x: float, mu: float, sigma: float, k: float) -> None:
    dist = statistics.NormalDist(mu, sigma)
    result = explain("normal", {"x": x, "mu": mu, "sigma": sigma, "k": k}).result
    assert math.isclose(result["density"], dist.pdf(x), rel_tol=1e-9, abs_tol=1e-300)
    assert math.isclose(result["below"], dist.cdf(x), abs_tol=1e-12)
    assert math.isclose(
        result["within_k"], dist.cdf(mu + k * sigma) - dist.cdf(mu - k * sigma), abs_tol=1e-12
    )
    assert math.isclose(result["z"], dist.zscore(x), rel_tol=1e-12, abs_tol=1e-12)


def test_the_68_95_99_7_rule_is_computed() -> None:
    shares = [explain("normal", {"x": 0, "k": k}).result["within_k"] for k in (1, 2, 3)]
    assert [round(s, 3) for s in shares] == [0.683, 0.954, 0.997]


def test_normal_refuses_a_non_positive_sigma() -> None:
    with pytest.raises(InputError) as err:
        explain("normal", {"x": 0, "sigma": 0})
    assert err.value.field == "sigma"


@pytest.mark.parametrize("scheme", ["normal", "lecun", "xavier", "he"])
def test_init_variance_matches_a_simulated_layer(scheme: str) -> None:
    n = 64
    result = explain("init_variance", {"n_in": n, "scheme": scheme}).result
    rng = np.random.default_rng(0)
    w = rng.normal(0, result["weight_std"], size=(20000, n))
    x = rng.normal(0, 1, size=(20000, n))
    simulated = np.var((w * x).sum(axis=1))
    assert math.isclose(simulated, result["output_variance"], rel_tol=0.05)


def test_he_keeps_relu_layers_at_one_and_normal_explodes() -> None:
    he = explain("init_variance", {"n_in": 256, "scheme": "he", "activation": "relu", "layers": 10})
    assert math.isclose(he.result["output_variance"], 1.0)
    plain = explain("init_variance", {"n_in": 256, "scheme": "normal", "layers": 10})
    assert math.isclose(plain.result["output_variance"], 256.0**10)
    with pytest.raises(InputError) as err:
        explain("init_variance", {"n_in": 10**6, "scheme": "normal", "layers": 100})
    assert err.value.field == "layers"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 1), min_size=1, max_size=30), st.floats(0.01, 0.99))
def test_bernoulli_likelihood_matches_the_product(data: list[int], p: float) -> None:
    result = explain("likelihood", {"data": data, "p": p}).result
    product = math.prod(p if d else 1 - p for d in data)
    assert math.isclose(result["likelihood"], product, rel_tol=1e-9)
    assert math.isclose(result["cross_entropy"], -math.log(product) / len(data), rel_tol=1e-9)
    assert result["log_likelihood"] <= result["mle_log_likelihood"] + 1e-12
    assert math.isclose(result["mle"], sum(data) / len(data))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 2), min_size=1, max_size=20))
def test_categorical_cross_entropy_equals_the_cross_entropy_op(data: list[int]) -> None:
    p = [0.5, 0.3, 0.2]
    result = explain("likelihood", {"data": data, "p": p}).result
    # Oracle: the part 2 cross_entropy of each one-hot target, averaged.
    losses = [
        explain("cross_entropy", {"target": [int(i == d) for i in range(3)], "predicted": p}).result
        for d in data
    ]
    assert math.isclose(result["cross_entropy"], statistics.fmean(losses), rel_tol=1e-9)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"data": [0, 2], "p": 0.5}, "data"),
        ({"data": [0, 3], "p": [0.5, 0.5]}, "data"),
        ({"data": [1], "p": 0.0}, "p"),
        ({"data": [0], "p": [0.5, 0.6]}, "p"),
        ({"data": [0], "p": 1.5}, "p"),
    ],
)
def test_likelihood_refuses_bad_input(args: dict, field: str) -> None:
    with pytest.raises(InputError) as err:
        explain("likelihood", args)
    assert err.value.field == field
