"""Figures: well-formed SVG with a text alternative, CSP-safe, and silent where they can't teach."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from mathforai.engine import OPERATIONS, explain
from mathforai.render.svg import figure

SVG = "{http://www.w3.org/2000/svg}"
DRAWN = [
    "add",
    "subtract",
    "dot",
    "cosine",
    "magnitude",
    "unit",
    "scale",
    "lincomb",
    "span",
    "independence",
    "coordinates",
    "softmax",
    "entropy",
    "distribution",
    "cross_entropy",
    "least_squares",
    "residuals",
    "matmul",
    "derivative",
    "gradient_descent",
    "bayes",
    "arithmetic",
]


def _example(op: str) -> dict:
    example = dict(OPERATIONS[op].example)
    # Figures are drawn for vectors in the plane; some examples are 3-D or matrices.
    if op in ("add", "subtract", "dot", "cosine"):
        example = {"u": [3, 4], "v": [4, -1]}
    if op in ("magnitude", "unit", "scale"):
        example["v"] = [3, 4]
    if op == "span":
        example["vectors"] = [[1, 2], [2, 4]]
    return example


@pytest.mark.parametrize("op", DRAWN)
def test_figure_is_well_formed_accessible_and_csp_safe(op: str) -> None:
    svg = figure(explain(op, _example(op)))
    assert svg is not None, f"{op} drew nothing at its example"
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-label")
    assert root.find(f"{SVG}title") is not None
    assert "style=" not in svg and "<script" not in svg


def test_vectors_outside_the_plane_are_not_drawn() -> None:
    assert figure(explain("dot", {"u": [1, 2, 3], "v": [4, 5, 6]})) is None


def test_operations_without_a_picture_draw_nothing() -> None:
    assert figure(explain("mean", {"x": [1, 2, 3]})) is None


def test_cosine_figure_names_the_angle() -> None:
    svg = figure(explain("cosine", {"u": [1, 0], "v": [0, 1]}))
    assert svg is not None and "90 degrees" in svg


def test_descent_path_has_a_point_per_iterate() -> None:
    svg = figure(explain("gradient_descent", {"f": "x^2", "start": 6, "lr": 0.1, "steps": 10}))
    assert svg is not None
    assert svg.count('class="point') == 11


def test_text_in_labels_is_escaped() -> None:
    svg = figure(explain("lincomb", {"c": [1, 2], "vectors": [[1, 0], [0, 1]]}))
    assert svg is not None
    ET.fromstring(svg)
