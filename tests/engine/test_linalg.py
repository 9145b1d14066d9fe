"""Part 1 (linear algebra): the seed's worked examples, properties against numpy, errors.

The seed cases below are copied from the course inventory (topics 1.1–1.15), with the
errata applied (1.14: Celsius and Fahrenheit alone are independent).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mathforai.engine import InputError, explain


def run(op: str, **args: object) -> object:
    return explain(op, args).result


def texts(op: str, **args: object) -> str:
    return "\n".join(step.text for step in explain(op, args).steps)


# ---------------------------------------------------------------------------
# Seed worked examples
# ---------------------------------------------------------------------------


def test_1_1_scalar_arithmetic() -> None:
    r = run("arithmetic", a=5, b=3)
    assert r["sum"] == 8 and r["difference"] == 2 and r["product"] == 15
    assert round(r["quotient"], 2) == pytest.approx(1.67)


def test_1_1_division_by_zero_is_null_with_a_note() -> None:
    e = explain("arithmetic", {"a": 5, "b": 0})
    assert e.result["quotient"] is None
    assert any("division by zero" in n for n in e.notes)


@pytest.mark.parametrize(
    ("op", "u", "v", "expected"),
    [
        ("add", [1, 2, 3], [4, 5, 6], [5, 7, 9]),
        ("subtract", [9, 6, 3], [2, 1, 1], [7, 5, 2]),
        ("add", [[1, 2], [3, 4]], [[5, 6], [7, 8]], [[6, 8], [10, 12]]),
        ("subtract", [[1, 2], [3, 4]], [[5, 6], [7, 8]], [[-4, -4], [-4, -4]]),
    ],
)
def test_1_2_and_1_3_elementwise(op: str, u: list, v: list, expected: list) -> None:
    assert np.allclose(run(op, u=u, v=v), expected)


def test_1_2_addition_shows_each_position() -> None:
    assert "[1 + 4, 2 + 5, 3 + 6]" in texts("add", u=[1, 2, 3], v=[4, 5, 6])


@pytest.mark.parametrize(("c", "expected"), [(3, [6, 9, 15]), (0.5, [1, 1.5, 2.5])])
def test_1_2_scalar_multiplication(c: float, expected: list) -> None:
    assert run("scale", c=c, v=[2, 3, 5]) == pytest.approx(expected)


def test_1_2_magnitude_steps_read_like_the_board() -> None:
    e = explain("magnitude", {"v": [3, 4]})
    assert e.result == pytest.approx(5)
    text = "\n".join(s.text for s in e.steps)
    assert "‖v‖ = √(3² + 4²)" in text
    assert "√(9 + 16) = √25" in text
    assert text.rstrip().endswith("5")
    assert r"\sqrt{" in e.steps[0].latex and "^{2}" in e.steps[0].latex


@pytest.mark.parametrize(("v", "expected"), [([3, 4], 5), ([1, 2, 2], 3), ([6, 8], 10)])
def test_1_2_magnitudes(v: list, expected: float) -> None:
    assert run("magnitude", v=v) == pytest.approx(expected)


def test_1_2_unit_vector_and_its_check() -> None:
    e = explain("unit", {"v": [3, 4]})
    assert e.result == pytest.approx([0.6, 0.8])
    assert "√(0.36 + 0.64) = 1 ✓" in "\n".join(s.text for s in e.steps)


def test_1_3_shapes_of_matrices() -> None:
    assert run("shape", value=[[1, 2], [3, 4]])["shape"] == [2, 2]
    assert run("shape", value=[[1, 2, 3], [4, 5, 6]])["shape"] == [2, 3]
    assert run("shape", value=[[10, 20], [30, 40], [50, 60]])["shape"] == [3, 2]


def test_1_3_identity_and_zero_matrix() -> None:
    a, eye, zero = [[1, 2], [3, 4]], [[1, 0], [0, 1]], [[0, 0], [0, 0]]
    assert np.allclose(run("matmul", A=a, B=eye), a)
    assert np.allclose(run("matmul", A=eye, B=a), a)
    assert np.allclose(run("add", u=a, v=zero), a)


@pytest.mark.parametrize(
    ("a", "expected"),
    [
        ([[1, 2, 3], [4, 5, 6]], [[1, 4], [2, 5], [3, 6]]),
        ([[1, 2], [3, 4]], [[1, 3], [2, 4]]),
        ([[1, 2, 3]], [[1], [2], [3]]),
    ],
)
def test_1_4_transpose(a: list, expected: list) -> None:
    assert run("transpose", A=a) == expected


def test_1_4_transpose_states_the_shape_change() -> None:
    assert "A is 2 × 3, so Aᵀ is 3 × 2" in texts("transpose", A=[[1, 2, 3], [4, 5, 6]])


@pytest.mark.parametrize(
    ("u", "v", "terms", "expected"),
    [
        ([1, 2, 3], [4, 5, 6], "4 + 10 + 18", 32),
        ([2, -1, 3], [4, 5, -2], "8 + (−5) + (−6)", -3),
        ([0.8, 0.3, 0.9], [0.7, 0.4, 0.8], "0.56 + 0.12 + 0.72", 1.40),
        ([0.8, 0.3, 0.9], [0.1, 0.9, 0.1], "0.08 + 0.27 + 0.09", 0.44),
    ],
)
def test_1_5_dot_products(u: list, v: list, terms: str, expected: float) -> None:
    assert run("dot", u=u, v=v) == pytest.approx(expected)
    assert terms in texts("dot", u=u, v=v)


def test_1_6_cosine_of_parallel_vectors_is_one() -> None:
    e = explain("cosine", {"u": [3, 4], "v": [6, 8]})
    assert e.result == pytest.approx(1.0)
    text = "\n".join(s.text for s in e.steps)
    for part in ("18 + 32 = 50", "√25 = 5", "√100 = 10", "50 / (5 × 10) = 1", "0°"):
        assert part in text
    assert any("same direction" in n for n in e.notes)


def test_1_6_erratum_king_banana_is_not_zero() -> None:
    # Erratum: all-positive vectors cannot have cosine ≤ 0; king·banana is 0.389.
    assert run("cosine", u=[0.8, 0.3, 0.9], v=[0.1, 0.9, 0.1]) == pytest.approx(0.389, abs=5e-4)


def test_1_6_perpendicular_and_opposite() -> None:
    e = explain("cosine", {"u": [1, 0], "v": [0, 2]})
    assert e.result == pytest.approx(0, abs=1e-12)
    assert "90°" in "\n".join(s.text for s in e.steps)
    assert run("cosine", u=[1, 2], v=[-2, -4]) == pytest.approx(-1)


@pytest.mark.parametrize(
    ("a", "b", "shape"),
    [([2, 3], [3, 4], [2, 4]), ([2, 3], [4, 3], None), ([5, 2], [2, 1], [5, 1])],
)
def test_1_7_inner_dimension_rule(a: list, b: list, shape: list | None) -> None:
    r = run("matmul_shape", a=a, b=b)
    assert r == {"defined": shape is not None, "shape": shape}


def test_1_7_undefined_shape_suggests_transpose() -> None:
    e = explain("matmul_shape", {"a": [2, 3], "b": [4, 3]})
    assert any("Transposing" in n and "2×4" in n for n in e.notes)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([[1, 2], [3, 4]], [[5, 6], [7, 8]], [[19, 22], [43, 50]]),
        ([[1, 0, 2], [4, 1, 0]], [[3, 1], [2, 0], [1, 4]], [[5, 9], [14, 4]]),
        ([[2, 1], [0, 3], [1, 1]], [[4], [5]], [[13], [15], [9]]),
    ],
)
def test_1_7_matrix_products(a: list, b: list, expected: list) -> None:
    assert np.allclose(run("matmul", A=a, B=b), expected)


def test_1_7_matrix_times_vector_gives_a_vector() -> None:
    assert run("matmul", A=[[2, 1], [0, 3], [1, 1]], B=[4, 5]) == pytest.approx([13, 15, 9])


def test_1_7_steps_show_shape_rule_and_each_entry() -> None:
    text = texts("matmul", A=[[1, 2], [3, 4]], B=[[5, 6], [7, 8]])
    assert "(2 × 2)·(2 × 2) → 2 × 2" in text
    assert "(AB)₁,₁ = 1 × 5 + 2 × 7 = 5 + 14 = 19" in text
    assert "3 × 6 + 4 × 8 = 18 + 32 = 50" in text


def test_1_7_big_products_show_a_few_entries_and_say_so() -> None:
    a = [[1] * 4 for _ in range(5)]
    e = explain("matmul", {"A": a, "B": [[1] * 5 for _ in range(4)]})
    assert sum(s.text.startswith("(AB)") for s in e.steps) == 6
    assert any("19 entries follow the same way" in n for n in e.notes)


def test_1_7_operands_keep_their_names_and_notes_stay_true() -> None:
    e = explain("matmul", {"A": [[1, 2], [3, 4]], "B": [5, 6]}).renamed({"A": "W"})
    text = "\n".join(s.text for s in e.steps)
    assert "(Wx)₁ = 1 × 5 + 2 × 6" in text and text.endswith("Wx = [17, 39]")
    assert not any("Order matters" in n for n in e.notes)  # untrue of matrix × vector
    shown = explain("transpose", {"A": [[1, 2]]}).renamed({"A": "X"})
    assert shown.steps[-1].text == "Xᵀ = [[1], [2]]"


def test_1_8_norms() -> None:
    assert run("norm", v=[3, -4, 2], p=1) == pytest.approx(9)
    assert "3 + 4 + 2 = 9" in texts("norm", v=[3, -4, 2], p=1)
    assert round(run("norm", v=[3, -4, 2], p=2), 2) == pytest.approx(5.39)
    assert "√29" in texts("norm", v=[3, -4, 2])
    assert run("norm", v=[3, -4, 2], p="inf") == pytest.approx(4)


def test_1_9_normalization() -> None:
    assert run("normalize", x=[3, 4]) == pytest.approx([0.6, 0.8])
    r = run("normalize", x=[10, 20, 30, 40, 50], method="minmax")
    assert r == pytest.approx([0.0, 0.25, 0.5, 0.75, 1.0])
    assert "range = 50 − 10 = 40" in texts("normalize", x=[10, 20, 30, 40, 50], method="minmax")


def test_1_10_linear_combinations() -> None:
    e = explain("lincomb", {"c": [3, 5], "vectors": [[1, 0], [0, 1]]})
    assert e.result == pytest.approx([3, 5])
    assert "[3, 0] + [0, 5]" in "\n".join(s.text for s in e.steps)
    third = 1 / 3
    sentence = run("lincomb", c=[third] * 3, vectors=[[0.1, 0.2], [0.9, 0.4], [0.5, 0.8]])
    assert [round(x, 3) for x in sentence] == pytest.approx([0.5, 0.467])


def test_1_11_span_of_multiples_is_a_line() -> None:
    e = explain("span", {"vectors": [[1, 2], [2, 4], [-1, -2], [0.5, 1]]})
    assert e.result == {"rank": 1, "ambient_dimension": 2, "kind": "line", "whole_space": False}
    assert "[2, 4] = 2·[1, 2]" in "\n".join(s.text for s in e.steps)


def test_1_11_standard_basis_spans_the_plane() -> None:
    e = explain("span", {"vectors": [[1, 0], [0, 1]]})
    assert e.result["rank"] == 2 and e.result["kind"] == "plane"
    assert any("all of ℝ²" in n for n in e.notes)


@pytest.mark.parametrize(
    ("basis", "v", "expected"),
    [
        ([[1, 0], [0, 1]], [3, 5], [3, 5]),
        ([[1, 0], [0, 1]], [-2, 7], [-2, 7]),
        ([[1, 1], [1, -1]], [3, 5], [4, -1]),
    ],
)
def test_1_12_coordinates(basis: list, v: list, expected: list) -> None:
    assert run("coordinates", basis=basis, v=v) == pytest.approx(expected)


def test_1_12_coordinates_check_rebuilds_v() -> None:
    text = texts("coordinates", basis=[[1, 1], [1, -1]], v=[3, 5])
    assert "[4, 4] + [−1, 1] = [3, 5] ✓" in text


def test_1_12_pca_basis_is_perpendicular() -> None:
    assert run("dot", u=[0.71, 0.71], v=[-0.71, 0.71]) == pytest.approx(0, abs=1e-12)


@pytest.mark.parametrize(
    ("vectors", "dim", "kind"),
    [([[1, 0], [0, 1]], 2, "plane"), ([[1, 0, 0], [0, 1, 0], [0, 0, 1]], 3, "3-dimensional space")],
)
def test_1_13_dimension_is_the_number_of_basis_vectors(vectors: list, dim: int, kind: str) -> None:
    r = run("span", vectors=vectors)
    assert r["rank"] == dim and r["ambient_dimension"] == dim and r["kind"] == kind
    assert r["whole_space"] is True


def _relation_holds(vectors: list, relation: list) -> bool:
    combo = np.array(relation, dtype=float) @ np.array(vectors, dtype=float)
    return bool(np.allclose(combo, 0, atol=1e-9)) and any(c != 0 for c in relation)


def test_1_14_dependent_set_with_small_integer_relation() -> None:
    vectors = [[1, 2], [2, 4], [3, 6]]
    r = run("independence", vectors=vectors)
    assert r["independent"] is False and r["rank"] == 1
    assert all(isinstance(c, int) for c in r["relation"])
    assert _relation_holds(vectors, r["relation"])


def test_1_14_independent_set() -> None:
    assert run("independence", vectors=[[1, 0], [0, 1]]) == {
        "independent": True,
        "rank": 2,
        "relation": None,
    }


def test_1_14_erratum_celsius_fahrenheit_alone_are_independent() -> None:
    e = explain("independence", {"vectors": [[0, 20, 100], [32, 68, 212]]})
    assert e.result["independent"] is True and e.result["rank"] == 2
    note = " ".join(e.notes)
    assert "affine" in note and "not a multiple" in note and "1.8·v₁ + 32" in note


def test_1_14_erratum_with_a_constant_column_they_are_dependent() -> None:
    vectors = [[0, 20, 100], [32, 68, 212], [1, 1, 1]]
    e = explain("independence", {"vectors": vectors})
    assert e.result["independent"] is False and e.result["rank"] == 2
    assert _relation_holds(vectors, e.result["relation"])
    assert "v₂ = 1.8·v₁ + 32·v₃" in "\n".join(s.text for s in e.steps)
    assert any("affine, not a multiple" in n for n in e.notes)


def test_1_14_quick_check_v2_is_twice_v1() -> None:
    r = run("independence", vectors=[[1, 2, 3], [2, 4, 6]])
    assert r["independent"] is False and r["rank"] == 1
    assert r["relation"] == [2, -1]


def test_1_15_shapes_of_literal_tensors() -> None:
    assert run("shape", value=2.37) == {"shape": [], "ndim": 0, "numel": 1}
    assert run("shape", value=[0.2, 0.8, -0.3, 0.5])["shape"] == [4]
    weights = [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2]]
    assert run("shape", value=weights) == {"shape": [3, 4], "ndim": 2, "numel": 12}


def test_1_15_tensor_axes_and_numel() -> None:
    e = explain("tensor", {"shape": [32, 512, 768]})
    assert e.result == {"ndim": 3, "numel": 12582912, "names": ["batch", "sequence", "features"]}
    assert "32 × 512 × 768 = 12,582,912" in "\n".join(s.text for s in e.steps)
    assert run("tensor", shape=[16, 224, 224, 3])["names"] == [
        "batch",
        "height",
        "width",
        "channels",
    ]
    assert run("tensor", shape=[]) == {"ndim": 0, "numel": 1, "names": []}
    assert run("tensor", shape=[3, 4])["names"] == ["rows", "columns"]
    assert run("tensor", shape=[2, 2, 2, 2, 2])["names"] == [f"axis_{i}" for i in range(5)]


def test_1_15_quick_check_image_batch() -> None:
    assert run("tensor", shape=[64, 128, 128, 3])["ndim"] == 4
    assert run("tensor", shape=[128, 128, 3])["numel"] == 49152


# ---------------------------------------------------------------------------
# Properties against numpy
# ---------------------------------------------------------------------------

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
vectors = st.lists(finite, min_size=1, max_size=8)
small = st.integers(-3, 3)


@st.composite
def vector_pairs(draw: st.DrawFn) -> tuple[list[float], list[float]]:
    n = draw(st.integers(1, 8))
    return draw(st.lists(finite, min_size=n, max_size=n)), draw(
        st.lists(finite, min_size=n, max_size=n)
    )


@st.composite
def matrix_pairs(draw: st.DrawFn) -> tuple[list[list[float]], list[list[float]]]:
    m, n, p = draw(st.integers(1, 5)), draw(st.integers(1, 5)), draw(st.integers(1, 5))
    row = st.lists(finite, min_size=n, max_size=n)
    a = draw(st.lists(row, min_size=m, max_size=m))
    b = draw(st.lists(st.lists(finite, min_size=p, max_size=p), min_size=n, max_size=n))
    return a, b


@st.composite
def int_matrices(draw: st.DrawFn) -> list[list[int]]:
    k, n = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    return draw(st.lists(st.lists(small, min_size=n, max_size=n), min_size=k, max_size=k))


@settings(max_examples=60, deadline=None)
@given(vector_pairs())
def test_dot_matches_numpy(pair: tuple[list[float], list[float]]) -> None:
    u, v = pair
    scale = float(np.abs(np.multiply(u, v)).sum())
    assert math.isclose(run("dot", u=u, v=v), float(np.dot(u, v)), abs_tol=1e-9 * scale + 1e-12)


@settings(max_examples=60, deadline=None)
@given(vectors)
def test_magnitude_matches_numpy(v: list[float]) -> None:
    assert run("magnitude", v=v) == pytest.approx(float(np.linalg.norm(v)), rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(vectors, st.sampled_from([1, 2, "inf"]))
def test_norm_matches_numpy(v: list[float], p: int | str) -> None:
    expected = float(np.linalg.norm(v, np.inf if p == "inf" else p))
    assert run("norm", v=v, p=p) == pytest.approx(expected, rel=1e-9, abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(matrix_pairs())
def test_matmul_is_each_row_times_each_column(
    pair: tuple[list[list[float]], list[list[float]]],
) -> None:
    # The oracle is the definition, not the numpy call the engine makes: entry (i, j) is
    # the sum over k of A[i][k]·B[k][j], added exactly by math.fsum.
    a, b = pair
    got = run("matmul", A=a, B=b)
    assert len(got) == len(a) and all(len(row) == len(b[0]) for row in got)
    scale = max(abs(x) for row in a for x in row) * max(abs(x) for row in b for x in row)
    for i, row in enumerate(a):
        for j in range(len(b[0])):
            expected = math.fsum(row[k] * b[k][j] for k in range(len(b)))
            assert math.isclose(got[i][j], expected, rel_tol=1e-9, abs_tol=1e-9 * len(b) * scale)


@settings(max_examples=50, deadline=None)
@given(int_matrices(), st.integers(1, 5))
def test_matmul_of_whole_numbers_is_exact(a: list[list[int]], p: int) -> None:
    # Small whole numbers multiply and add exactly in floats: the sums must match to the unit.
    b = [[(i * 7 + j * 3) % 11 - 5 for j in range(p)] for i in range(len(a[0]))]
    got = run("matmul", A=a, B=b)
    for i, row in enumerate(a):
        for j in range(p):
            expected = sum(row[k] * b[k][j] for k in range(len(b)))
            assert got[i][j] == pytest.approx(expected, abs=0)


@settings(max_examples=50, deadline=None)
@given(matrix_pairs())
def test_transpose_matches_numpy_and_undoes_itself(
    pair: tuple[list[list[float]], list[list[float]]],
) -> None:
    a = pair[0]
    t = run("transpose", A=a)
    assert t == np.array(a).T.tolist()
    assert run("transpose", A=t) == a


@settings(max_examples=60, deadline=None)
@given(vector_pairs())
def test_cosine_is_between_minus_one_and_one(pair: tuple[list[float], list[float]]) -> None:
    u, v = pair
    assume(any(u) and any(v))
    c = run("cosine", u=u, v=v)
    assert -1.0 <= c <= 1.0
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    assume(nu > 1e-100 and nv > 1e-100)
    assert c == pytest.approx(float(np.dot(u, v) / (nu * nv)), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(vectors)
def test_unit_vector_has_length_one(v: list[float]) -> None:
    assume(any(v))
    assert math.isclose(float(np.linalg.norm(run("unit", v=v))), 1.0, rel_tol=1e-12)


@settings(max_examples=50, deadline=None)
@given(int_matrices(), st.data())
def test_lincomb_matches_numpy(vs: list[list[int]], data: st.DataObject) -> None:
    c = data.draw(st.lists(finite, min_size=len(vs), max_size=len(vs)))
    expected = np.array(c) @ np.array(vs, dtype=float)
    assert np.allclose(run("lincomb", c=c, vectors=vs), expected, atol=1e-9)


@settings(max_examples=80, deadline=None)
@given(int_matrices())
def test_rank_matches_numpy_and_relations_hold(vs: list[list[int]]) -> None:
    rank = int(np.linalg.matrix_rank(np.array(vs, dtype=float)))
    span = run("span", vectors=vs)
    assert span["rank"] == rank and span["ambient_dimension"] == len(vs[0])
    ind = run("independence", vectors=vs)
    assert ind["rank"] == rank and ind["independent"] == (rank == len(vs))
    if ind["relation"] is not None:
        assert _relation_holds(vs, ind["relation"])


@settings(max_examples=50, deadline=None)
@given(int_matrices(), st.data())
def test_coordinates_rebuild_v(vs: list[list[int]], data: st.DataObject) -> None:
    n = len(vs[0])
    basis = [row for row in vs if len(vs) >= n][:n]
    assume(len(basis) == n and abs(np.linalg.det(np.array(basis, dtype=float))) > 0.5)
    v = data.draw(st.lists(finite, min_size=n, max_size=n))
    c = run("coordinates", basis=basis, v=v)
    assert np.allclose(np.array(c) @ np.array(basis, dtype=float), v, atol=1e-7)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(1, 1000), max_size=6))
def test_tensor_numel_is_the_product(shape: list[int]) -> None:
    r = run("tensor", shape=shape)
    assert r["ndim"] == len(shape) and r["numel"] == math.prod(shape)
    assert len(r["names"]) == len(shape)


# ---------------------------------------------------------------------------
# Errors: every one names the argument and says how to fix it
# ---------------------------------------------------------------------------


def error(op: str, **args: object) -> InputError:
    with pytest.raises(InputError) as info:
        explain(op, args)
    return info.value


@pytest.mark.parametrize("op", ["dot", "cosine"])
def test_mismatched_lengths(op: str) -> None:
    e = error(op, u=[1, 2, 3], v=[1, 2])
    assert e.field == "v" and "same length" in e.message


def test_add_needs_the_same_shape() -> None:
    e = error("add", u=[1, 2, 3], v=[[1, 2], [3, 4]])
    assert e.field == "v" and "same shape" in e.message and "2×2 matrix" in e.message


@pytest.mark.parametrize(
    ("op", "args", "field"),
    [
        ("unit", {"v": [0, 0]}, "v"),
        ("cosine", {"u": [0, 0], "v": [1, 2]}, "u"),
        ("cosine", {"u": [1, 2], "v": [0, 0]}, "v"),
        ("normalize", {"x": [0, 0, 0]}, "x"),
    ],
)
def test_zero_vectors_have_no_direction(op: str, args: dict, field: str) -> None:
    e = error(op, **args)
    assert e.field == field and "zero vector" in e.message and "direction" in e.message


def test_minmax_of_a_constant_vector_explains_the_zero_range() -> None:
    e = error("normalize", x=[5, 5, 5], method="minmax")
    assert e.field == "x" and "max − min = 0" in e.message


@pytest.mark.parametrize(
    ("op", "args", "field"),
    [
        ("matmul", {"A": [[1, 2], [3]], "B": [[1], [2]]}, "A"),
        ("transpose", {"A": [[1, 2, 3], [4, 5]]}, "A"),
        ("span", {"vectors": [[1, 2], [1, 2, 3]]}, "vectors"),
        ("shape", {"value": [[1, 2], [3]]}, "value"),
    ],
)
def test_ragged_matrices(op: str, args: dict, field: str) -> None:
    e = error(op, **args)
    assert e.field == field and ("same length" in e.message or "ragged" in e.message)


def test_matmul_mismatch_explains_the_rule() -> None:
    e = error("matmul", A=[[1, 2, 3], [4, 5, 6]], B=[[1, 2, 3]] * 4)
    assert e.field == "B"
    assert "A is 2×3 and B is 4×3" in e.message
    assert "columns of A (3) must equal the number of rows of B (4)" in e.message


def test_coordinates_rejects_a_dependent_basis() -> None:
    e = error("coordinates", basis=[[1, 2], [2, 4]], v=[1, 1])
    assert e.field == "basis" and "dependent" in e.message and "b₂ = 2·b₁" in e.message


def test_coordinates_rejects_the_wrong_number_of_basis_vectors() -> None:
    e = error("coordinates", basis=[[1, 0, 0], [0, 1, 0]], v=[1, 2, 3])
    assert e.field == "basis" and "exactly 3 vectors" in e.message


def test_coordinates_rejects_v_of_the_wrong_length() -> None:
    assert error("coordinates", basis=[[1, 0], [0, 1]], v=[1, 2, 3]).field == "v"


def test_lincomb_needs_one_coefficient_per_vector() -> None:
    e = error("lincomb", c=[1, 2], vectors=[[1, 0], [0, 1], [1, 1]])
    assert e.field == "c" and "one coefficient per vector" in e.message


@pytest.mark.parametrize("p", [3, 0, "two", "l1", True, [1]])
def test_norm_rejects_other_p(p: object) -> None:
    e = error("norm", v=[1, 2], p=p)
    assert e.field == "p" and '"inf"' in e.message


@pytest.mark.parametrize("p", ["1", "2", "inf", "INF", 1.0, math.inf])
def test_norm_accepts_p_spellings(p: object) -> None:
    assert isinstance(run("norm", v=[3, -4], p=p), float)


def test_normalize_rejects_other_methods() -> None:
    e = error("normalize", x=[1, 2], method="zscore")
    assert e.field == "method" and "minmax" in e.message


@pytest.mark.parametrize("shape", [[0, 3], [2.5], [-1], ["a"], 5, [1] * 33, [10**12] * 3])
def test_tensor_rejects_bad_shapes(shape: object) -> None:
    assert error("tensor", shape=shape).field == "shape"


@pytest.mark.parametrize(("a", "b"), [([2], [2, 2]), ([2, 0], [0, 2]), ("2x3", [3, 2])])
def test_matmul_shape_rejects_non_shapes(a: object, b: object) -> None:
    assert error("matmul_shape", a=a, b=b).field == "a"


def test_shape_rejects_non_numbers_and_empties() -> None:
    assert "value[1]" in error("shape", value=[1, "x"]).message
    assert "empty" in error("shape", value=[[]]).message


def test_a_single_flat_vector_is_not_a_list_of_vectors() -> None:
    e = error("span", vectors=[1, 2])
    assert e.field == "vectors" and "[[1, 2]]" in e.message


# ---------------------------------------------------------------------------
# What a reader sees: long values are elided, and all LaTeX converts to MathML
# ---------------------------------------------------------------------------


def test_long_vectors_are_elided_in_the_steps() -> None:
    e = explain("magnitude", {"v": list(range(1, 769))})
    assert all(len(s.text) < 300 for s in e.steps)
    assert "…" in e.steps[0].text and r"\cdots" in e.steps[0].latex
    assert e.result == pytest.approx(float(np.linalg.norm(np.arange(1, 769))))


LINALG_OPS = [
    "arithmetic", "magnitude", "unit", "add", "subtract", "scale", "dot", "cosine",
    "transpose", "matmul", "matmul_shape", "norm", "normalize", "lincomb", "span",
    "independence", "coordinates", "tensor", "shape",
]  # fmt: skip
TRICKY = [
    ("cosine", {"u": [1e-300, 1e-300], "v": [1e-300, 0]}),
    ("magnitude", {"v": [-2e-9, 3]}),
    ("matmul", {"A": [[1] * 12] * 12, "B": [1] * 12}),
    ("add", {"u": [[1] * 12] * 12, "v": [[2] * 12] * 12}),
    ("independence", {"vectors": [[0, 20, 100], [32, 68, 212], [1, 1, 1]]}),
    ("tensor", {"shape": [2, 3, 4, 5, 6]}),
]


@pytest.mark.parametrize(
    ("op", "args"),
    [(op, {}) for op in LINALG_OPS] + TRICKY,
    ids=LINALG_OPS + [t[0] + "-tricky" for t in TRICKY],
)
def test_every_step_latex_converts_to_mathml(op: str, args: dict) -> None:
    from latex2mathml.converter import convert

    from mathforai.engine import OPERATIONS

    e = explain(op, args or OPERATIONS[op].example)
    for step in e.steps:
        assert "<math" in convert(step.latex), step.latex
