"""Span and independence on vectors of wildly different sizes (issue 14, low: the 500 from
vectors mixing 1e12 and 1e-300). Either a correct answer or a clear InputError, never a crash,
and never a relation that is false."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforai.engine import InputError, explain

SIZES = [0.0, 1e-300, 1e-12, 1.0, 3.0, 1e12]
entries = st.sampled_from(SIZES).flatmap(lambda x: st.sampled_from([x, -x]))


@st.composite
def vector_lists(draw: st.DrawFn) -> list[list[float]]:
    n = draw(st.integers(1, 4))
    k = draw(st.integers(1, 4))
    return [[draw(entries) for _ in range(n)] for _ in range(k)]


def _holds(relation: list[float], vectors: list[list[float]]) -> bool:
    """Σ cᵢvᵢ = 0 up to rounding: no coordinate of the sum is above 1e-9 of the largest term.

    This is the floating-point meaning of a relation (a normwise backward error): a part of a
    vector 1e-288 times its size is below noise, as it is for numpy's matrix_rank.
    """
    terms = [[c * x for x in v] for c, v in zip(relation, vectors, strict=True)]
    size = max(abs(x) for term in terms for x in term)
    sums = [math.fsum(col) for col in zip(*terms, strict=True)]
    return max(abs(s) for s in sums) <= 1e-9 * size  # the zero vector: 1·0 = 0


def test_a_unit_vector_beside_a_huge_one_is_a_direction_not_zero() -> None:
    # A tolerance from the largest entry overall called [1, 1e-300] zero and said "v₂ = 0".
    r = explain("independence", {"vectors": [[1e12, 1e-300], [1, 1e-300]]}).result
    assert r["relation"] is not None and r["relation"][0] != 0


def test_the_ones_vector_is_not_noise_next_to_1e12() -> None:
    e = explain("independence", {"vectors": [[1e12, 1e-300, 0], [0, 1e12, 1e-300]]})
    assert e.result == {"independent": True, "rank": 2, "relation": None}


def test_a_tiny_multiple_keeps_its_tiny_coefficient() -> None:
    r = explain("independence", {"vectors": [[1, 0], [1e-300, 0]]}).result
    assert r["rank"] == 1
    assert _holds(r["relation"], [[1, 0], [1e-300, 0]])


@settings(max_examples=300, deadline=None)
@given(vector_lists())
def test_independence_is_right_or_refused_at_any_scale(vectors: list[list[float]]) -> None:
    try:
        r = explain("independence", {"vectors": vectors}).result
    except InputError as err:
        assert err.field == "vectors"
        return
    k, n = len(vectors), len(vectors[0])
    assert 0 <= r["rank"] <= min(k, n)
    assert r["independent"] == (r["rank"] == k) == (r["relation"] is None)
    if r["relation"] is not None:
        assert any(c != 0 for c in r["relation"])
        assert _holds(r["relation"], vectors), r["relation"]
    assert explain("span", {"vectors": vectors}).result["rank"] == r["rank"]


def test_sizes_too_far_apart_to_compare_are_refused_by_name() -> None:
    # 1e12 / 1e-300 is past the largest float: a clear refusal, not a guess (or a 500).
    with pytest.raises(InputError) as err:
        explain("independence", {"vectors": [[1e-300], [1e12]]})
    assert err.value.field == "vectors"
    assert "1e-300" in err.value.message and "1e+12" in err.value.message


def test_a_basis_of_very_different_lengths_still_gives_coordinates() -> None:
    # The global tolerance called the short basis vector "too close to dependent".
    r = explain("coordinates", {"basis": [[1e12, 0], [0, 0.1]], "v": [1e12, 1]}).result
    assert r == pytest.approx([1.0, 10.0])
