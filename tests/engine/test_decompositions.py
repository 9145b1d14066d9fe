"""svd, pca and lora_params against numpy.linalg over random matrices."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforai.engine import InputError, explain

entries = st.integers(-9, 9).map(float)


@st.composite
def matrices(draw: st.DrawFn, min_rows: int = 1) -> list[list[float]]:
    rows, cols = draw(st.integers(min_rows, 5)), draw(st.integers(1, 5))
    return [[draw(entries) for _ in range(cols)] for _ in range(rows)]


@settings(max_examples=80, deadline=None)
@given(matrices(), st.integers(1, 5))
def test_svd_rebuilds_a_and_rank_k_error_matches(a: list[list[float]], k: int) -> None:
    m = np.array(a)
    k = min(k, min(m.shape))
    result = explain("svd", {"A": a, "k": k}).result
    u, s, vt = (np.array(result[key]) for key in ("U", "S", "Vt"))
    assert np.allclose(s, np.linalg.svd(m, compute_uv=False), atol=1e-9)
    assert np.allclose((u * s) @ vt, m, atol=1e-9)
    assert result["rank"] == np.linalg.matrix_rank(m)
    approx = np.array(result["approximation"])
    assert np.isclose(result["error"], np.linalg.norm(m - approx), atol=1e-8)
    assert np.linalg.matrix_rank(approx, tol=1e-8) <= k
    for i in range(len(s)):  # the sign rule: u_i's largest entry is positive
        col = u[:, i]
        top = np.argmax(np.abs(col) >= np.abs(col).max() * (1 - 1e-9))
        assert col[top] >= 0


def test_svd_refuses_k_beyond_the_singular_values() -> None:
    with pytest.raises(InputError) as err:
        explain("svd", {"A": [[1, 2], [3, 4]], "k": 3})
    assert err.value.field == "k"
    with pytest.raises(InputError) as err:
        explain("svd", {"A": [[1, 2], [3, 4]], "k": 0})
    assert err.value.field == "k"


@settings(max_examples=60, deadline=None)
@given(matrices(min_rows=2))
def test_pca_matches_the_svd_of_the_centred_data(x: list[list[float]]) -> None:
    data = np.array(x)
    centred = data - data.mean(axis=0)
    s = np.linalg.svd(centred, compute_uv=False)
    if s[0] < 1e-9:
        with pytest.raises(InputError):
            explain("pca", {"X": x})
        return
    result = explain("pca", {"X": x}).result
    variances = s**2 / (len(x) - 1)
    got = np.array(result["variances"])[: len(variances)]
    assert np.allclose(got, variances, atol=1e-8)
    assert np.isclose(result["explained_ratio"][0], variances[0] / variances.sum())
    top = np.array(result["components"][0])
    assert np.allclose(
        np.cov(data, rowvar=False, ddof=1).reshape(len(top), -1) @ top,
        result["variances"][0] * top,
        atol=1e-7,
    )
    assert np.allclose(result["scores"], centred @ top, atol=1e-9)


def test_lora_counts_parameters() -> None:
    result = explain("lora_params", {"d_in": 4096, "d_out": 4096, "r": 8}).result
    assert result["full"] == np.zeros((4096, 4096)).size
    assert result["lora"] == np.zeros((4096, 8)).size + np.zeros((8, 4096)).size
    with pytest.raises(InputError) as err:
        explain("lora_params", {"d_in": 4, "d_out": 4, "r": 5})
    assert err.value.field == "r"
    with pytest.raises(InputError):
        explain("lora_params", {"d_in": 2.5, "d_out": 4, "r": 1})
