"""eigen and power_iteration against numpy.linalg over random matrices."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mathforai.engine import InputError, explain

entries = st.integers(-9, 9).map(float)


@st.composite
def square(draw: st.DrawFn, symmetric: bool = False) -> list[list[float]]:
    n = draw(st.integers(1, 4))
    m = np.array([[draw(entries) for _ in range(n)] for _ in range(n)])
    if symmetric:
        m = np.triu(m) + np.triu(m, 1).T
    return m.tolist()


@settings(max_examples=80, deadline=None)
@given(square(symmetric=True))
def test_symmetric_matches_eigvalsh_and_av_equals_lambda_v(a: list[list[float]]) -> None:
    result = explain("eigen", {"A": a}).result
    assert result["symmetric"] and not result["complex"]
    expected = np.sort(np.linalg.eigvalsh(np.array(a)))[::-1]
    assert np.allclose(result["eigenvalues"], expected, atol=1e-9)
    m = np.array(a)
    for lam, v in zip(result["eigenvalues"], result["eigenvectors"]):
        v = np.array(v)
        assert np.isclose(np.linalg.norm(v), 1.0)
        assert np.allclose(m @ v, lam * v, atol=1e-8)
        top = np.argmax(np.abs(v) >= np.abs(v).max() * (1 - 1e-9))
        assert v[top] > 0  # the sign rule


@settings(max_examples=80, deadline=None)
@given(square())
def test_general_matrices_match_eigvals_and_complex_is_said(a: list[list[float]]) -> None:
    m = np.array(a)
    expected = np.linalg.eigvals(m)
    expl = explain("eigen", {"A": a})
    result = expl.result
    if result["complex"]:
        assert np.abs(expected.imag).max() > 1e-10
        got = np.array(result["eigenvalues"]) + 1j * np.array(result["imaginary"])
        assert np.allclose(np.sort_complex(got), np.sort_complex(expected), atol=1e-7)
        assert any("complex" in n for n in expl.notes)
        return
    assert np.allclose(np.sort(result["eigenvalues"]), np.sort(expected.real), atol=1e-6)
    # Defective matrices have nearly parallel eigenvectors; the check holds all the same.
    for lam, v in zip(result["eigenvalues"], result["eigenvectors"]):
        assert np.allclose(m @ np.array(v), lam * np.array(v), atol=1e-6)


def test_two_by_two_gives_the_characteristic_polynomial() -> None:
    expl = explain("eigen", {"A": [[2, 1], [1, 2]]})
    assert np.allclose(expl.result["characteristic"], [1.0, -4.0, 3.0])
    assert np.allclose(expl.result["eigenvalues"], [3.0, 1.0])
    assert "det(A − λI)" in expl.steps[0].text


def test_rotation_has_complex_eigenvalues_said_plainly() -> None:
    expl = explain("eigen", {"A": [[0, -1], [1, 0]]})
    assert expl.result["complex"] and expl.result["eigenvectors"] is None
    assert sorted(expl.result["imaginary"]) == [-1.0, 1.0]


def test_signs_are_deterministic_under_negation_of_the_solver_output() -> None:
    first = explain("eigen", {"A": [[4, 1], [2, 3]]}).result["eigenvectors"]
    again = explain("eigen", {"A": [[4, 1], [2, 3]]}).result["eigenvectors"]
    assert first == again
    assert all(max(v, key=abs) > 0 for v in first)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"A": [[1, 2, 3], [4, 5, 6]]}, "A"),
        ({"A": [[1, 2], [3]]}, "A"),
        ({"A": "abc"}, "A"),
    ],
)
def test_bad_input_is_refused_naming_the_field(args: dict, field: str) -> None:
    with pytest.raises(InputError) as err:
        explain("eigen", args)
    assert err.value.field == field


@settings(max_examples=60, deadline=None)
@given(square(symmetric=True))
def test_power_iteration_finds_the_dominant_eigenvalue(a: list[list[float]]) -> None:
    values = np.linalg.eigvalsh(np.array(a))
    by_size = sorted(abs(values), reverse=True)
    # a clear gap, and a start with some of the top eigenvector in it (all ones, almost surely)
    assume(by_size[0] > 0 and (len(values) == 1 or by_size[1] < 0.5 * by_size[0]))
    w, vectors = np.linalg.eigh(np.array(a))
    top = vectors[:, np.argmax(abs(w))]
    assume(abs(top.sum()) > 0.2)
    result = explain("power_iteration", {"A": a, "steps": 60}).result
    assert np.isclose(abs(result["eigenvalue"]), by_size[0], rtol=1e-6)
    assert np.isclose(abs(np.dot(result["vector"], top)), 1.0, atol=1e-6)


def test_power_iteration_refuses_a_zero_start_and_a_null_direction() -> None:
    with pytest.raises(InputError) as err:
        explain("power_iteration", {"A": [[1, 0], [0, 1]], "start": [0, 0]})
    assert err.value.field == "start"
    with pytest.raises(InputError):
        explain("power_iteration", {"A": [[0, 0], [0, 1]], "start": [1, 0]})
    with pytest.raises(InputError) as err:
        explain("power_iteration", {"A": [[1, 0], [0, 1]], "steps": 1000})
    assert err.value.field == "steps"
