"""attention against a direct numpy implementation over random Q, K, V."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforai.engine import InputError, explain

entries = st.floats(-5, 5, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def qkv(draw: st.DrawFn) -> tuple[list, list, list]:
    n, d, dv = draw(st.integers(1, 5)), draw(st.integers(1, 4)), draw(st.integers(1, 3))

    def mat(rows: int, cols: int) -> list[list[float]]:
        return [[draw(entries) for _ in range(cols)] for _ in range(rows)]

    return mat(n, d), mat(n, d), mat(n, dv)


def oracle(q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool) -> np.ndarray:
    scores = q @ k.T / np.sqrt(q.shape[1])
    if causal:
        scores = scores + np.triu(np.full(scores.shape, -1e30), 1)
    w = np.exp(scores - scores.max(axis=1, keepdims=True))
    return w / w.sum(axis=1, keepdims=True)


@settings(max_examples=80, deadline=None)
@given(qkv(), st.booleans())
def test_attention_matches_numpy(mats: tuple, causal: bool) -> None:
    q, k, v = (np.array(m) for m in mats)
    result = explain(
        "attention",
        {"Q": mats[0], "K": mats[1], "V": mats[2], "mask": "causal" if causal else "none"},
    ).result
    weights = oracle(q, k, v, causal)
    assert np.allclose(result["weights"], weights, atol=1e-12)
    assert np.allclose(np.sum(result["weights"], axis=1), 1.0)
    assert np.allclose(result["output"], weights @ v, atol=1e-9)
    assert np.allclose(result["scores"], q @ k.T / np.sqrt(q.shape[1]), atol=1e-12)
    if causal:
        assert np.all(np.triu(np.array(result["weights"]), 1) == 0)
    assert result["shapes"]["output"] == [q.shape[0], v.shape[1]]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"Q": [[1, 0]], "K": [[1, 0, 0]], "V": [[1]]}, "K"),
        ({"Q": [[1, 0]], "K": [[1, 0]], "V": [[1], [2]]}, "V"),
        ({"Q": [[1, 0]], "K": [[1, 0], [0, 1]], "V": [[1], [2]], "mask": "causal"}, "mask"),
        ({"Q": [[1, 0]], "K": [[1, 0]], "V": [[1]], "mask": "future"}, "mask"),
    ],
)
def test_bad_shapes_are_refused_naming_the_field(args: dict, field: str) -> None:
    with pytest.raises(InputError) as err:
        explain("attention", args)
    assert err.value.field == field


def test_huge_scores_stay_finite() -> None:
    result = explain("attention", {"Q": [[1e6, 0]], "K": [[1e6, 0], [-1e6, 0]], "V": [[1], [2]]})
    assert result.result["weights"] == [[1.0, 0.0]]
