"""Statistics & probability operations (topics 2.1–2.9): the seed's worked examples,
properties against numpy/math, stable numerics, and clear errors for bad input."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mathforai.engine import OPERATIONS, Explanation, InputError, explain

STATS_OPS = {
    "mean": ["x"],
    "variance": ["x", "sample"],
    "std": ["x", "sample"],
    "probability": ["favorable", "total"],
    "complement": ["p"],
    "union": ["p_a", "p_b", "p_a_and_b"],
    "joint": ["p_a", "p_b"],
    "conditional": ["p_a_and_b", "p_b"],
    "bayes": ["prior", "likelihood", "false_positive_rate", "positives"],
    "distribution": ["p"],
    "log": ["x", "base"],
    "logprob": ["p"],
    "entropy": ["p", "base"],
    "cross_entropy": ["target", "predicted"],
    "softmax": ["logits", "temperature"],
}

NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?(?:e[+-]?\d+)?")


def rounds_to(value: float, expected: float, decimals: int) -> bool:
    """What the seed states: `value` shown with `decimals` places reads as `expected`."""
    return abs(value - expected) <= 0.5 * 10**-decimals + 1e-12


def shown(e: Explanation) -> list[float]:
    """Every number a reader sees in the working."""
    return [float(m.replace("−", "-")) for s in e.steps for m in NUMBER.findall(s.text)]


def assert_shown(e: Explanation, expected: float, decimals: int) -> None:
    assert any(rounds_to(x, expected, decimals) for x in shown(e)), (
        f"{expected} (to {decimals} places) not in the working: {[s.text for s in e.steps]}"
    )


def all_text(e: Explanation) -> str:
    return " ".join([*(s.text + " " + s.note for s in e.steps), *e.notes])


# ---------------------------------------------------------------- the contract


@pytest.mark.parametrize("name", sorted(STATS_OPS))
def test_operation_is_registered_with_its_argument_names(name: str) -> None:
    op = OPERATIONS[name]
    assert [a["name"] for a in op.arguments()] == STATS_OPS[name]
    assert op.topic.startswith("2.")


@pytest.mark.parametrize("name", sorted(STATS_OPS))
def test_example_runs_and_is_plain_json_with_working(name: str) -> None:
    e = explain(name, OPERATIONS[name].example)
    data = json.loads(json.dumps(e.to_dict()))
    assert data["operation"] == name
    assert e.steps, "every operation shows its working"
    assert all(s.text and s.latex for s in e.steps)


# ---------------------------------------------------------------- the seed's worked examples
# Copied from the seed inventory (topics 2.1–2.9), errata applied: entropy's log(0.1) is
# −2.303 (not −2.302) and the softmax total is 11.2125 (not 11.212).


def test_2_1_mean_of_accuracy_scores() -> None:
    e = explain("mean", {"x": [0.85, 0.9, 0.78, 0.92, 0.88]})
    assert rounds_to(e.result, 0.866, 3)
    assert rounds_to(100 * e.result, 86.6, 1)
    assert_shown(e, 4.33, 2)  # the sum, written out
    assert "/ 5" in e.steps[-1].text


def test_2_1_mean_of_training_losses() -> None:
    e = explain("mean", {"x": [3.2, 2.8, 2.1, 1.9]})
    assert rounds_to(e.result, 2.5, 1)
    assert_shown(e, 10.0, 1)


def test_2_2_population_variance() -> None:
    e = explain("variance", {"x": [2, 4, 4, 4, 5, 5, 7, 9]})
    assert e.result == pytest.approx(4)
    for value in (40, 5, 32):
        assert_shown(e, value, 0)
    squares_step = e.steps[2].text
    assert [float(m) for m in re.findall(r"= (-?\d+)", squares_step)] == [9, 1, 1, 1, 0, 0, 4, 16]
    assert "32 / 8" in e.steps[-1].text
    assert "population" in e.steps[-1].note


def test_2_3_std_and_interval() -> None:
    e = explain("std", {"x": [2, 4, 4, 4, 5, 5, 7, 9]})
    assert e.result == pytest.approx(2)
    assert_shown(e, 4, 0)
    assert "√4 = 2" in e.steps[-1].text
    assert "[3, 7]" in " ".join(e.notes)


def test_2_4_coin_flip() -> None:
    assert explain("probability", {"favorable": 1, "total": 2}).result == pytest.approx(0.5)


def test_2_4_die_roll() -> None:
    assert explain("probability", {"favorable": 1, "total": 6}).result == pytest.approx(1 / 6)


def test_2_4_spam_classifier_outputs_sum_to_one() -> None:
    e = explain("distribution", {"p": [0.87, 0.13]})
    assert e.result["valid"] is True
    assert rounds_to(e.result["sum"], 1.0, 1)


def test_2_4_complement_rule() -> None:
    assert rounds_to(explain("complement", {"p": 0.3}).result, 0.7, 1)


def test_2_4_two_heads() -> None:
    e = explain("joint", {"p_a": 0.5, "p_b": 0.5})
    assert rounds_to(e.result, 0.25, 2)
    assert "independent" in " ".join(e.notes)


def test_2_4_union_subtracts_the_overlap() -> None:
    assert explain("union", {"p_a": 0.5, "p_b": 0.4, "p_a_and_b": 0.2}).result == pytest.approx(0.7)


def test_2_5_spam_given_free_money() -> None:
    e = explain("conditional", {"p_a_and_b": 0.4, "p_b": 0.45})
    assert rounds_to(e.result, 0.89, 2)
    assert rounds_to(e.result, 0.889, 3)
    assert rounds_to(100 * e.result, 89, 0)


def test_2_6_medical_test() -> None:
    e = explain("bayes", {"prior": 0.01, "likelihood": 0.95, "false_positive_rate": 0.05})
    assert rounds_to(e.result["posterior"], 0.161, 3)
    assert rounds_to(100 * e.result["posterior"], 16, 0)
    assert rounds_to(e.result["evidence"], 0.059, 3)
    for value, decimals in ((0.99, 2), (0.0095, 4), (0.0495, 4), (0.059, 3), (0.161, 3)):
        assert_shown(e, value, decimals)
    assert "base rate" in " ".join(e.notes)


@pytest.mark.parametrize(
    ("x", "expected", "decimals"),
    [(1, 0, 9), (2.718, 1, 0), (0.5, -0.693, 3), (0.01, -4.6, 1), (0.01, -4.605, 3)],
)
def test_2_7_natural_logs(x: float, expected: float, decimals: int) -> None:
    assert rounds_to(explain("log", {"x": x}).result, expected, decimals)


def test_2_7_product_and_log_sum_of_token_probabilities() -> None:
    e = explain("logprob", {"p": [0.001, 0.002, 0.003, 0.001]})
    assert e.result["product"] == pytest.approx(6e-12)
    assert rounds_to(e.result["log_sum"], -25.8, 1)
    assert rounds_to(e.result["log_sum"], -25.84, 2)
    for term in (-6.9, -6.2, -5.8):
        assert_shown(e, term, 1)


@pytest.mark.parametrize(
    ("p_true", "loss", "decimals"),
    [(0.95, 0.051, 3), (0.10, 2.3, 1)],
)
def test_2_7_loss_is_minus_log_of_the_true_class(p_true: float, loss: float, decimals: int) -> None:
    e = explain("cross_entropy", {"target": [1, 0], "predicted": [p_true, 1 - p_true]})
    assert rounds_to(e.result, loss, decimals)
    assert_shown(e, -loss, decimals)  # the log itself, before negating


def test_2_8_entropy_of_fair_coin() -> None:
    e = explain("entropy", {"p": [0.5, 0.5]})
    assert rounds_to(e.result, 0.693, 3)
    assert_shown(e, -0.693, 3)


def test_2_8_entropy_of_biased_coin() -> None:
    e = explain("entropy", {"p": [0.9, 0.1]})
    assert rounds_to(e.result, 0.325, 3)
    assert_shown(e, -0.105, 3)
    assert_shown(e, -2.303, 3)  # erratum: the seed's −2.302 is a rounding slip


@pytest.mark.parametrize(
    ("predicted", "loss"),
    [([0.9, 0.07, 0.03], 0.105), ([0.05, 0.9, 0.05], 2.996)],
)
def test_2_8_cross_entropy_against_one_hot_cat(predicted: list[float], loss: float) -> None:
    e = explain("cross_entropy", {"target": [1, 0, 0], "predicted": predicted})
    assert rounds_to(e.result, loss, 3)
    assert_shown(e, -loss, 3)


def test_2_9_softmax_of_seed_logits() -> None:
    e = explain("softmax", {"logits": [2.0, 1.0, 0.1]})
    for got, want in zip(e.result, [0.659, 0.242, 0.099], strict=True):
        assert rounds_to(got, want, 3)
    assert rounds_to(sum(round(p, 3) for p in e.result), 1.0, 1)
    for value in (7.389, 2.718, 1.105):
        assert_shown(e, value, 3)
    assert "11.2125" in all_text(e)  # erratum: not 11.212


def test_2_9_softmax_widget_default_temperature_is_one() -> None:
    assert OPERATIONS["softmax"].example == {"logits": [2.0, 1.0, 0.1], "temperature": 1}


# ---------------------------------------------------------------- behaviour beyond the seed


def test_sample_variance_uses_bessels_correction() -> None:
    e = explain("variance", {"x": [2, 4, 4, 4, 5, 5, 7, 9], "sample": True})
    assert e.result == pytest.approx(32 / 7)
    assert "32 / 7" in e.steps[-1].text
    assert "Bessel" in e.steps[-1].note


def test_log_bases_accept_numbers_and_strings() -> None:
    assert explain("log", {"x": 8, "base": 2}).result == pytest.approx(3)
    assert explain("log", {"x": 8, "base": "2"}).result == pytest.approx(3)
    assert explain("log", {"x": 1000, "base": "10"}).result == pytest.approx(3)
    assert explain("entropy", {"p": [0.5, 0.5], "base": 2}).result == pytest.approx(1)


def test_entropy_treats_zero_log_zero_as_zero_and_says_so() -> None:
    e = explain("entropy", {"p": [1, 0]})
    assert e.result == 0
    assert "0·log 0" in " ".join(e.notes)


def test_invalid_distribution_is_judged_not_rejected() -> None:
    e = explain("distribution", {"p": [0.5, 0.7, -0.2, 1.5]})
    assert e.result["valid"] is False
    notes = " ".join(e.notes)
    assert "negative" in notes
    assert "above 1" in notes


def test_distribution_that_sums_wrong_suggests_rescaling() -> None:
    e = explain("distribution", {"p": [0.2, 0.2, 0.2]})
    assert e.result == {"valid": False, "sum": pytest.approx(0.6)}
    assert "0.6" in " ".join(e.notes)


def test_soft_target_cross_entropy_reports_the_gap_to_entropy() -> None:
    e = explain("cross_entropy", {"target": [0.7, 0.3], "predicted": [0.6, 0.4]})
    h = -(0.7 * math.log(0.7) + 0.3 * math.log(0.3))
    assert e.result > h
    assert "KL" in " ".join(e.notes)


def test_softmax_temperature_sharpens_and_flattens() -> None:
    base = explain("softmax", {"logits": [2.0, 1.0, 0.1]}).result
    sharp = explain("softmax", {"logits": [2.0, 1.0, 0.1], "temperature": 0.5})
    flat = explain("softmax", {"logits": [2.0, 1.0, 0.1], "temperature": 2})
    assert sharp.result[0] > base[0] > flat.result[0]
    assert "sharper" in " ".join(sharp.notes)
    assert "flatter" in " ".join(flat.notes)


def test_long_inputs_keep_the_working_readable() -> None:
    e = explain("mean", {"x": list(range(10_000))})
    assert e.result == pytest.approx(4999.5)
    assert len(e.steps[0].text) < 300


# ---------------------------------------------------------------- stable numerics


def test_softmax_of_huge_equal_logits_does_not_overflow() -> None:
    e = explain("softmax", {"logits": [1000, 1000, 1000]})
    assert e.result == pytest.approx([1 / 3] * 3)
    text = all_text(e)
    assert "overflow" in text
    assert "subtract" in text.lower()


def test_softmax_of_far_apart_logits() -> None:
    e = explain("softmax", {"logits": [-1000, 0]})
    assert e.result == pytest.approx([0, 1], abs=1e-300)
    assert all(math.isfinite(p) for p in e.result)


def test_softmax_with_tiny_temperature_stays_finite() -> None:
    e = explain("softmax", {"logits": [1e12, -1e12], "temperature": 1e-300})
    assert e.result == pytest.approx([1, 0])
    json.dumps(e.to_dict())


def test_cross_entropy_with_a_zero_prediction_stays_finite_and_says_so() -> None:
    e = explain("cross_entropy", {"target": [1, 0], "predicted": [0, 1]})
    assert math.isfinite(e.result)
    assert e.result == pytest.approx(-math.log(1e-12))
    assert "clipped" in " ".join(e.notes)


def test_cross_entropy_zero_prediction_where_target_is_zero_needs_no_clipping() -> None:
    e = explain("cross_entropy", {"target": [1, 0], "predicted": [1, 0]})
    assert e.result == 0
    assert "clipped" not in " ".join(e.notes)


def test_logprob_underflow_is_explained() -> None:
    e = explain("logprob", {"p": [0.001] * 200})
    assert e.result["product"] == 0.0
    assert e.result["log_sum"] == pytest.approx(200 * math.log(0.001))
    assert rounds_to(e.result["log_sum"], -1381.6, 1)
    assert "underflow" in " ".join(e.notes)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "args", "field"),
    [
        ("complement", {"p": 1.5}, "p"),
        ("complement", {"p": -0.1}, "p"),
        ("complement", {"p": math.nan}, "p"),
        ("mean", {"x": [1, math.nan]}, "x"),
        ("mean", {"x": []}, "x"),
        ("variance", {"x": [3], "sample": True}, "sample"),
        ("probability", {"favorable": 7, "total": 6}, "favorable"),
        ("probability", {"favorable": -1, "total": 6}, "favorable"),
        ("probability", {"favorable": 0, "total": 0}, "total"),
        ("union", {"p_a": 0.3, "p_b": 0.8, "p_a_and_b": 0.5}, "p_a_and_b"),
        ("union", {"p_a": 0.9, "p_b": 0.8, "p_a_and_b": 0.5}, "p_a_and_b"),
        ("conditional", {"p_a_and_b": 0.1, "p_b": 0}, "p_b"),
        ("conditional", {"p_a_and_b": 0.5, "p_b": 0.4}, "p_a_and_b"),
        ("bayes", {"prior": 0.01, "likelihood": 1.2, "false_positive_rate": 0.05}, "likelihood"),
        ("bayes", {"prior": 0, "likelihood": 0.9, "false_positive_rate": 0}, "false_positive_rate"),
        ("distribution", {"p": [0.5, math.nan]}, "p"),
        ("log", {"x": 0}, "x"),
        ("log", {"x": -1}, "x"),
        ("log", {"x": 2, "base": 3}, "base"),
        ("logprob", {"p": [0.5, 0]}, "p"),
        ("logprob", {"p": [0.5, 1.2]}, "p"),
        ("entropy", {"p": [0.5, 0.6]}, "p"),
        ("entropy", {"p": [1.5, -0.5]}, "p"),
        ("cross_entropy", {"target": [1, 0], "predicted": [0.5, 0.3, 0.2]}, "predicted"),
        ("cross_entropy", {"target": [1, 0], "predicted": [0.5, 0.3]}, "predicted"),
        ("cross_entropy", {"target": [0.5, 0.2], "predicted": [0.5, 0.5]}, "target"),
        ("softmax", {"logits": [1, 2], "temperature": 0}, "temperature"),
        ("softmax", {"logits": [1, 2], "temperature": -1}, "temperature"),
        ("softmax", {"logits": [1, math.inf]}, "logits"),
    ],
)
def test_bad_input_names_the_argument(name: str, args: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as info:
        explain(name, args)
    assert info.value.field == field
    assert field in info.value.message


def test_log_of_zero_explains_minus_infinity() -> None:
    with pytest.raises(InputError, match="undefined") as info:
        explain("log", {"x": 0})
    assert "−∞" in info.value.message


def test_zero_temperature_explains_what_temperature_does() -> None:
    with pytest.raises(InputError) as info:
        explain("softmax", {"logits": [1, 2], "temperature": 0})
    assert "sharpen" in info.value.message


def test_inconsistent_union_says_so() -> None:
    with pytest.raises(InputError, match="inconsistent"):
        explain("union", {"p_a": 0.9, "p_b": 0.8, "p_a_and_b": 0.5})


# ---------------------------------------------------------------- properties

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
data = st.lists(finite, min_size=1, max_size=40)
logits = st.lists(st.floats(-50, 50, allow_nan=False), min_size=1, max_size=20)
weights = st.lists(st.floats(0.01, 100, allow_nan=False), min_size=1, max_size=20)
prob = st.floats(0, 1, allow_nan=False)


def normalized(w: list[float]) -> list[float]:
    a = np.asarray(w, dtype=float)
    return (a / a.sum()).tolist()


def spread_tol(x: list[float]) -> float:
    return 1e-9 * max(1.0, max(abs(v) for v in x)) ** 2


@settings(max_examples=60, deadline=None)
@given(data)
def test_mean_matches_numpy(x: list[float]) -> None:
    assert explain("mean", {"x": x}).result == pytest.approx(np.mean(x), rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(data.filter(lambda x: len(x) >= 2), st.booleans())
def test_variance_and_std_match_numpy(x: list[float], sample: bool) -> None:
    ddof = 1 if sample else 0
    var = explain("variance", {"x": x, "sample": sample}).result
    sd = explain("std", {"x": x, "sample": sample}).result
    assert var == pytest.approx(np.var(x, ddof=ddof), rel=1e-7, abs=spread_tol(x))
    assert sd == pytest.approx(np.std(x, ddof=ddof), rel=1e-7, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(logits, st.floats(0.1, 10, allow_nan=False))
def test_softmax_sums_to_one_and_matches_naive_float64(z: list[float], t: float) -> None:
    got = explain("softmax", {"logits": z, "temperature": t}).result
    naive = np.exp(np.asarray(z) / t)
    naive = naive / naive.sum()
    assert math.fsum(got) == pytest.approx(1, abs=1e-12)
    assert got == pytest.approx(naive.tolist(), rel=1e-9, abs=1e-300)


@settings(max_examples=60, deadline=None)
@given(logits, st.floats(-100, 100, allow_nan=False))
def test_softmax_is_unchanged_by_adding_a_constant(z: list[float], c: float) -> None:
    a = explain("softmax", {"logits": z}).result
    b = explain("softmax", {"logits": [v + c for v in z]}).result
    assert b == pytest.approx(a, rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(weights, st.sampled_from(["e", 2, 10]))
def test_entropy_is_between_zero_and_log_n(w: list[float], base: str | int) -> None:
    p = normalized(w)
    h = explain("entropy", {"p": p, "base": base}).result
    log_n = {"e": math.log, 2: math.log2, 10: math.log10}[base](len(p))
    assert -1e-12 <= h <= log_n + 1e-12
    expected = -sum(x * math.log(x) for x in p) / (1 if base == "e" else math.log(base))
    assert h == pytest.approx(expected, rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(weights, st.data())
def test_cross_entropy_with_one_hot_target_is_minus_log_of_true_class(
    w: list[float], draw: st.DataObject
) -> None:
    q = normalized(w)
    k = draw.draw(st.integers(0, len(q) - 1))
    target = [1.0 if i == k else 0.0 for i in range(len(q))]
    ce = explain("cross_entropy", {"target": target, "predicted": q}).result
    assert ce >= 0  # the entropy of a one-hot target
    assert ce == pytest.approx(-math.log(q[k]), rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(weights, st.data())
def test_cross_entropy_is_at_least_the_targets_entropy(w: list[float], d: st.DataObject) -> None:
    t = normalized(w)
    q = normalized(d.draw(st.lists(st.floats(0.01, 100), min_size=len(t), max_size=len(t))))
    ce = explain("cross_entropy", {"target": t, "predicted": q}).result
    h = explain("entropy", {"p": t}).result
    assert ce >= h - 1e-9


@settings(max_examples=60, deadline=None)
@given(weights)
def test_normalized_weights_are_a_valid_distribution(w: list[float]) -> None:
    assert explain("distribution", {"p": normalized(w)}).result["valid"] is True


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(1e-6, 1, allow_nan=False), min_size=1, max_size=50))
def test_logprob_log_sum_is_sum_of_logs_and_product_matches(p: list[float]) -> None:
    r = explain("logprob", {"p": p}).result
    assert r["log_sum"] == pytest.approx(float(np.sum(np.log(p))), rel=1e-9, abs=1e-12)
    assert r["product"] == pytest.approx(math.prod(p), rel=1e-9, abs=1e-300)


@settings(max_examples=60, deadline=None)
@given(st.floats(1e-9, 1e9, allow_nan=False), st.sampled_from([("e", math.log), (2, math.log2)]))
def test_log_matches_math(x: float, base_and_fn: tuple[Any, Any]) -> None:
    base, fn = base_and_fn
    assert explain("log", {"x": x, "base": base}).result == pytest.approx(fn(x), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(prob, prob, prob.filter(lambda f: f > 0))
def test_bayes_matches_the_formula(prior: float, likelihood: float, fpr: float) -> None:
    evidence = likelihood * prior + fpr * (1 - prior)
    assume(evidence > 0)  # no positive result is possible: covered by the bad-input tests
    r = explain(
        "bayes", {"prior": prior, "likelihood": likelihood, "false_positive_rate": fpr}
    ).result
    assert r["evidence"] == pytest.approx(evidence)
    assert r["posterior"] == pytest.approx(likelihood * prior / evidence)
    assert 0 <= r["posterior"] <= 1


@settings(max_examples=60, deadline=None)
@given(prob, prob, st.floats(0, 1))
def test_union_is_a_probability_when_consistent(p_a: float, p_b: float, s: float) -> None:
    # Any overlap between max(0, p_a + p_b − 1) and min(p_a, p_b) is consistent.
    low, high = max(0.0, p_a + p_b - 1), min(p_a, p_b)
    overlap = low + s * (high - low)
    r = explain("union", {"p_a": p_a, "p_b": p_b, "p_a_and_b": overlap}).result
    assert max(p_a, p_b) - 1e-12 <= r <= 1


def test_bayes_updates_twice_from_its_own_posterior() -> None:
    once = explain("bayes", {"prior": 0.01, "likelihood": 0.95, "false_positive_rate": 0.05})
    twice = explain(
        "bayes",
        {"prior": 0.01, "likelihood": 0.95, "false_positive_rate": 0.05, "positives": 2},
    )
    p1 = once.result["posterior"]
    # Bayes by odds, independently: each positive multiplies the odds by 0.95 / 0.05.
    odds = 0.01 / 0.99 * (0.95 / 0.05) ** 2
    assert math.isclose(twice.result["posteriors"][0], p1, rel_tol=1e-12)
    assert math.isclose(twice.result["posterior"], odds / (1 + odds), rel_tol=1e-12)
    assert "previous posterior" in twice.steps[-1].note
