"""jacobian, softmax_ce_grad and backprop, each against an oracle that shares no code with
the engine: sympy's own diff for the Jacobian, numpy finite differences for the rest."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforai.engine import InputError, explain

small = st.floats(-3, 3, allow_nan=False).map(lambda v: round(v, 2))


# ---------------------------------------------------------------- jacobian

X, Y = sympy.symbols("x y")
# Each term as our grammar writes it and as sympy builds it, independently of our parser.
TERMS = {
    "x*y": X * Y,
    "x^2": X**2,
    "y^3": Y**3,
    "exp(x)": sympy.exp(X),
    "log(y + 10)": sympy.log(Y + 10),
    "tanh(x*y)": sympy.tanh(X * Y),
    "sigmoid(x - y)": 1 / (1 + sympy.exp(-(X - Y))),
    "x/(y^2 + 1)": X / (Y**2 + 1),
}


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(sorted(TERMS)), min_size=1, max_size=3), min_size=1, max_size=3
    ),
    small,
    small,
)
def test_jacobian_matches_sympy_diff(rows: list[list[str]], x: float, y: float) -> None:
    functions = [" + ".join(terms) for terms in rows]
    got = explain("jacobian", {"f": functions, "at": {"x": x, "y": y}}).result
    for i, terms in enumerate(rows):
        expr = sum((TERMS[t] for t in terms), sympy.Integer(0))
        for j, var in enumerate((X, Y)):
            want = float(sympy.diff(expr, var).subs({X: x, Y: y}).evalf())
            assert math.isclose(got[i][j], want, rel_tol=1e-9, abs_tol=1e-9)


def test_jacobian_seed_example_and_shape_note() -> None:
    expl = explain("jacobian", {"f": ["x*y", "x + y^2"], "at": {"x": 2, "y": 3}})
    assert expl.result == [[3.0, 2.0], [1.0, 6.0]]
    assert "2×2" in expl.notes[0]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"f": ["x*z"], "at": {"x": 1}}, "at"),
        ({"f": [], "at": {"x": 1}}, "f"),
        ({"f": ["x"] * 9, "at": {"x": 1}}, "f"),
        ({"f": ["log(x)"], "at": {"x": -1}}, "at"),
    ],
)
def test_jacobian_refuses_bad_input_naming_the_field(raw: dict, field: str) -> None:
    with pytest.raises(InputError) as err:
        explain("jacobian", raw)
    assert err.value.field == field


# ---------------------------------------------------------------- softmax + cross-entropy


def _ce(z: np.ndarray, y: np.ndarray) -> float:
    shifted = z - z.max()
    logp = shifted - np.log(np.exp(shifted).sum())
    return float(-(y * logp).sum())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-20, 20, allow_nan=False), min_size=2, max_size=6), st.data())
def test_softmax_ce_grad_is_p_minus_y_by_finite_differences(logits: list[float], data) -> None:
    k = data.draw(st.integers(0, len(logits) - 1))
    y = np.eye(len(logits))[k]
    got = explain("softmax_ce_grad", {"logits": logits, "target": y.tolist()}).result
    z, h = np.array(logits), 1e-6
    for j in range(len(logits)):
        e = np.eye(len(logits))[j] * h
        numeric = (_ce(z + e, y) - _ce(z - e, y)) / (2 * h)
        assert math.isclose(got["grad"][j], numeric, abs_tol=1e-6)
    assert math.isclose(sum(got["grad"]), 0, abs_tol=1e-12)
    assert math.isclose(got["loss"], _ce(z, y), rel_tol=1e-12, abs_tol=1e-12)


def test_softmax_ce_grad_shows_its_derivation_and_check() -> None:
    expl = explain("softmax_ce_grad", {"logits": [2.0, 1.0, 0.1], "target": [1, 0, 0]})
    text = "\n".join(s.text for s in expl.steps)
    assert "pⱼ − yⱼ" in text and "p − y" in text
    assert "agree" in expl.steps[-1].note


@pytest.mark.parametrize("target", [[1, 0], [0.5, 0.6, 0.0], [-0.1, 1.1, 0.0]])
def test_softmax_ce_grad_refuses_a_target_that_is_not_a_distribution(target: list) -> None:
    with pytest.raises(InputError) as err:
        explain("softmax_ce_grad", {"logits": [1.0, 2.0, 3.0], "target": target})
    assert err.value.field == "target"


# ---------------------------------------------------------------- backprop

ACT = {
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
}


def _loss(x, W1, b1, w2, b2, y, act) -> float:
    return float((w2 @ ACT[act](W1 @ x + b1) + b2 - y) ** 2)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 4),
    st.integers(1, 4),
    st.sampled_from(["sigmoid", "tanh", "relu"]),
    st.data(),
)
def test_backprop_gradients_match_finite_differences(n: int, h: int, act: str, data) -> None:
    def draw(shape: tuple[int, ...]) -> np.ndarray:
        size = int(np.prod(shape))
        return np.array(data.draw(st.lists(small, min_size=size, max_size=size))).reshape(shape)

    x, W1, b1, w2 = draw((n,)), draw((h, n)), draw((h,)), draw((h,))
    b2, y = data.draw(small), data.draw(small)
    # ReLU has no derivative at 0: keep every pre-activation away from the kink.
    if act == "relu" and np.any(np.abs(W1 @ x + b1) < 1e-3):
        return
    raw = {
        "x": x.tolist(),
        "W1": W1.tolist(),
        "b1": b1.tolist(),
        "w2": w2.tolist(),
        "b2": b2,
        "y": y,
        "activation": act,
    }
    got = explain("backprop", raw).result
    eps = 1e-6
    for i in range(h):
        for j in range(n):
            E = np.zeros_like(W1)
            E[i, j] = eps
            numeric = (
                _loss(x, W1 + E, b1, w2, b2, y, act) - _loss(x, W1 - E, b1, w2, b2, y, act)
            ) / (2 * eps)
            assert math.isclose(got["grad_W1"][i][j], numeric, rel_tol=1e-4, abs_tol=1e-5)
        e = np.eye(h)[i] * eps
        numeric_w2 = (
            _loss(x, W1, b1, w2 + e, b2, y, act) - _loss(x, W1, b1, w2 - e, b2, y, act)
        ) / (2 * eps)
        assert math.isclose(got["grad_w2"][i], numeric_w2, rel_tol=1e-4, abs_tol=1e-5)
    assert math.isclose(got["loss"], _loss(x, W1, b1, w2, b2, y, act), rel_tol=1e-12, abs_tol=1e-12)


def test_backprop_names_each_local_derivative_and_checks_itself() -> None:
    expl = explain(
        "backprop",
        {
            "x": [1.0, 2.0],
            "W1": [[0.5, -0.3], [0.2, 0.4]],
            "b1": [0.0, 0.1],
            "w2": [1.0, -1.0],
            "y": 1.0,
        },
    )
    notes = " ".join(s.note for s in expl.steps)
    assert "σ(z)(1 − σ(z))" in notes and "agree" in expl.steps[-1].note
    assert any("at most 0.25" in n for n in expl.notes)


def test_backprop_says_relu_kink_plainly() -> None:
    expl = explain(
        "backprop",
        {
            "x": [1.0],
            "W1": [[1.0], [-2.0]],
            "b1": [-1.0, 0.0],
            "w2": [1.0, 1.0],
            "y": 0.0,
            "activation": "relu",
        },
    )
    assert any("kink at 0" in n for n in expl.notes)
    assert any("switched off" in n for n in expl.notes)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"W1": [[1.0, 2.0, 3.0]]}, "W1"),
        ({"b1": [1.0, 2.0]}, "b1"),
        ({"activation": "gelu"}, "activation"),
    ],
)
def test_backprop_refuses_mismatched_shapes(change: dict, field: str) -> None:
    raw = {"x": [1.0, 2.0], "W1": [[0.5, -0.3]], "b1": [0.0], "w2": [1.0], "y": 1.0, **change}
    with pytest.raises(InputError) as err:
        explain("backprop", raw)
    assert err.value.field == field


def test_the_written_out_sigmoid_also_gets_the_sigmoid_rule() -> None:
    expl = explain("derivative", {"f": "1/(1+exp(-x))", "at": 0})
    shortcut = expl.steps[-1]
    assert "sigmoid rule" in shortcut.note
    assert "σ′(0)" in shortcut.text and shortcut.text.endswith("0.25")
    assert math.isclose(expl.result["value"], 0.25)


def test_chain_at_a_point_keeps_the_brackets_precedence_needs() -> None:
    expl = explain("derivative", {"f": "tanh(2*x)", "at": 1})
    at_point = next(s for s in expl.steps if "chain rule at a point" in s.note)
    assert "(1 - tanh(2)²)·2" in at_point.text.replace("−", "-")


def test_relu_at_its_flat_side_says_so_plainly() -> None:
    expl = explain("derivative", {"f": "relu(x)", "at": -2})
    assert expl.result["value"] == 0
    assert any("kink at 0" in n for n in expl.notes)
    assert not any("minimum" in n for n in expl.notes)


def test_partial_symbols_are_valid_latex() -> None:
    expl = explain("softmax_ce_grad", {"logits": [2.0, 1.0, 0.1], "target": [1, 0, 0]})
    latex = " ".join(s.latex for s in expl.steps)
    assert r"\partial L" in latex and r"\partialL" not in latex
