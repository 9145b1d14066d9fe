"""The Bayes area diagram, the span and basis grids and the scalars' bars (issue 10): areas
and lengths in proportion to the engine's numbers, dependent vectors on one line, the walk
to v ending at v, and the numbers in the text alternative."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforai.engine import explain
from mathforai.render.svg import figure
from mathforai.render.svg_prob import BAR_Y, MIN_PX, X0, X1, Y0, Y1, num

SVG = "{http://www.w3.org/2000/svg}"
FULL = (X1 - X0) * (Y1 - Y0)  # the pixel area of probability 1


def _root(op: str, args: dict) -> tuple[ET.Element, object]:
    expl = explain(op, args)
    svg = figure(expl)
    assert svg is not None, f"{op} drew nothing"
    return ET.fromstring(svg), expl


def _rects(root: ET.Element, cls: str) -> list[dict[str, float]]:
    return [
        {k: float(r.get(k, "0")) for k in ("x", "y", "width", "height")}
        for r in root.iter(f"{SVG}rect")
        if r.get("class") == cls
    ]


def _area(root: ET.Element, cls: str) -> float:
    """The area of the class's rectangle in the diagram (not the bar or the legend)."""
    (rect,) = [r for r in _rects(root, cls) if r["y"] < BAR_Y and r["width"] > 16]
    return rect["width"] * rect["height"] / FULL


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


# Probabilities whose strips are all wider than MIN_PX, so nothing is widened.
VISIBLE = st.floats(min_value=0.1, max_value=0.9)


@settings(max_examples=40, deadline=None)
@given(prior=VISIBLE, likelihood=VISIBLE, fpr=VISIBLE)
def test_bayes_areas_are_the_probabilities(prior: float, likelihood: float, fpr: float) -> None:
    args = {"prior": prior, "likelihood": likelihood, "false_positive_rate": fpr}
    root, expl = _root("bayes", args)
    tp, fp = _area(root, "tp"), _area(root, "fp")
    assert tp == pytest.approx(prior * likelihood, abs=2e-4)
    assert fp == pytest.approx((1 - prior) * fpr, abs=2e-4)
    assert tp + fp == pytest.approx(expl.result["evidence"], abs=4e-4)
    # The positives-only bar: the true positives' share of its width is the posterior.
    bar = next(r for r in _rects(root, "tp") if r["y"] == BAR_Y)
    assert bar["width"] / (X1 - X0) == pytest.approx(expl.result["posterior"], abs=1e-4)


def test_bayes_desc_and_labels_carry_the_engines_numbers() -> None:
    root, expl = _root("bayes", {"prior": 0.01, "likelihood": 0.95, "false_positive_rate": 0.05})
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    posterior, evidence = num(expl.result["posterior"]), num(expl.result["evidence"])
    for number in (posterior, evidence, "0.0095", "0.0495", "0.01", "0.95", "0.05"):
        assert number in desc
    assert any(f"= {posterior}" in t and evidence in t for t in _texts(root))
    assert any("0.0095" in t for t in _texts(root)) and any("0.0495" in t for t in _texts(root))


def test_a_strip_too_thin_to_see_is_widened_and_the_figure_says_so() -> None:
    root, _ = _root("bayes", {"prior": 0.001, "likelihood": 0.95, "false_positive_rate": 0.05})
    (strip,) = [r for r in _rects(root, "tp") if r["y"] < BAR_Y and r["height"] > 13]
    assert strip["width"] == MIN_PX  # true width 0.26 px
    assert any("drawn" in t and "px" in t for t in _texts(root))
    wide, _ = _root("bayes", {"prior": 0.2, "likelihood": 0.5, "false_positive_rate": 0.5})
    assert not any("drawn" in t for t in _texts(wide))


def test_bayes_after_several_positives_draws_the_first_update() -> None:
    args = {"prior": 0.01, "likelihood": 0.95, "false_positive_rate": 0.05, "positives": 2}
    root, expl = _root("bayes", args)
    bar = next(r for r in _rects(root, "tp") if r["y"] == BAR_Y)
    first = expl.result["posteriors"][0]
    assert bar["width"] / (X1 - X0) == pytest.approx(first, abs=1e-4)
    assert num(expl.result["posteriors"][1]) in (root.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]


def _lattice(root: ET.Element) -> list[tuple[float, float]]:
    return [
        (float(c.get("cx", "0")), float(c.get("cy", "0")))
        for c in root.iter(f"{SVG}circle")
        if c.get("class") == "lattice"
    ]


def _origin(root: ET.Element) -> tuple[float, float]:
    """The canvas point of (0, 0): where every vector's arrow starts."""
    line = next(ln for ln in root.iter(f"{SVG}line") if "arrow" in (ln.get("class") or ""))
    return float(line.get("x1", "0")), float(line.get("y1", "0"))


@settings(max_examples=40, deadline=None)
@given(
    v=st.tuples(st.integers(-5, 5), st.integers(-5, 5)).filter(lambda v: v != (0, 0)),
    k=st.sampled_from([-3, -2, -0.5, 2, 3]),
)
def test_dependent_vectors_put_every_lattice_point_on_one_line(
    v: tuple[int, int], k: float
) -> None:
    root, expl = _root("span", {"vectors": [list(v), [k * v[0], k * v[1]]]})
    assert expl.result["rank"] == 1
    dots, (ox, oy) = _lattice(root), _origin(root)
    assert len(dots) >= 3
    # All dots on the line through the origin along v: zero distance, up to rounding.
    (dx, dy) = max(((x - ox, y - oy) for x, y in dots), key=lambda d: math.hypot(*d))
    length = math.hypot(dx, dy)
    for x, y in dots:
        assert abs((x - ox) * dy - (y - oy) * dx) / length < 0.05
    assert any(ln.get("class") == "spanline" for ln in root.iter(f"{SVG}line"))
    assert "one line" in (root.find(f"{SVG}title").text or "")  # type: ignore[union-attr]


def test_independent_vectors_draw_a_grid_that_covers_the_plane() -> None:
    root, _ = _root("span", {"vectors": [[1, 1], [1, -1]]})
    lines = [ln for ln in root.iter(f"{SVG}line") if "lattice" in (ln.get("class") or "")]
    slopes = {
        round(
            math.atan2(
                float(ln.get("y2", 0)) - float(ln.get("y1", 0)),
                float(ln.get("x2", 0)) - float(ln.get("x1", 0)),
            )
            % math.pi,
            2,
        )
        for ln in lines
    }
    assert len(lines) >= 8 and len(slopes) == 2, "two families of parallel lines"
    assert not _lattice(root) and "whole plane" in (root.find(f"{SVG}title").text or "")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("basis", "v"),
    [([[1, 1], [1, -1]], [3, 5]), ([[1, 0], [0, 1]], [-2, 7]), ([[2, 1], [-1, 1]], [1, 2])],
)
def test_the_walk_along_the_basis_ends_at_v(basis: list, v: list) -> None:
    root, expl = _root("coordinates", {"basis": basis, "v": v})
    lines = list(root.iter(f"{SVG}line"))
    legs = [ln for ln in lines if "leg" in (ln.get("class") or "")]
    (v_arrow,) = [ln for ln in lines if ln.get("class") == "arrow c"]
    first, last = legs[0], legs[-1]
    assert (first.get("x1"), first.get("y1")) == (v_arrow.get("x1"), v_arrow.get("y1"))
    assert (first.get("x2"), first.get("y2")) == (last.get("x1"), last.get("y1"))
    assert float(last.get("x2", 0)) == pytest.approx(float(v_arrow.get("x2", 0)), abs=0.02)
    assert float(last.get("y2", 0)) == pytest.approx(float(v_arrow.get("y2", 0)), abs=0.02)
    c1, c2 = (num(c) for c in expl.result)
    assert {f"{c1}·b1", f"{c2}·b2"} <= set(_texts(root))


def test_scalar_bars_are_in_proportion_and_an_undefined_quotient_has_none() -> None:
    root, expl = _root("arithmetic", {"a": 5, "b": 3})
    bars = [r for r in root.iter(f"{SVG}rect") if "bar" in (r.get("class") or "")]
    values = [5, 3, *(expl.result[k] for k in ("sum", "difference", "product", "quotient"))]
    widths = [float(b.get("width", "0")) for b in bars]
    for w, value in zip(widths, values, strict=True):
        assert w / widths[0] == pytest.approx(value / 5, abs=1e-3)
    zero, _ = _root("arithmetic", {"a": 4, "b": 0})
    assert len([r for r in zero.iter(f"{SVG}rect")]) == 5
    assert "a ÷ b is undefined" in _texts(zero)
