"""Figures that tell the truth (issue 10.4): a scale with numbers on every axis, fixed honest
ranges, 12 px text, a palette told apart without colour, and the numbers in <title>/<desc>."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import mathforai
from mathforai.engine import explain
from mathforai.render.svg import figure
from mathforai.render.svg_frame import PAD, H

SVG = "{http://www.w3.org/2000/svg}"
CHARTS = [
    ("cosine", {"u": [3, 4], "v": [4, -1]}),
    ("add", {"u": [3, 4], "v": [4, -1]}),
    ("softmax", {"logits": [2.0, 1.0, 0.1]}),
    ("independence", {"vectors": [[1, 2], [2, 4], [3, 6]]}),
    ("span", {"vectors": [[1, 1], [1, -1]]}),
    ("coordinates", {"basis": [[1, 1], [1, -1]], "v": [3, 5]}),
    ("bayes", {"prior": 0.01, "likelihood": 0.95, "false_positive_rate": 0.05}),
    ("arithmetic", {"a": 5, "b": 3}),
    ("least_squares", {"x": [0, 1, 2, 3], "y": [1, 3, 4, 7]}),
    ("derivative", {"f": "x^2", "at": 1}),
    ("gradient_descent", {"f": "x^2", "start": 6, "lr": 0.1, "steps": 20}),
]


def _draw(op: str, args: dict) -> ET.Element:
    svg = figure(explain(op, args))
    assert svg is not None, f"{op} drew nothing"
    return ET.fromstring(svg)


def _texts(root: ET.Element, cls: str) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text") if cls in (t.get("class") or "")]


@pytest.mark.parametrize(("op", "args"), CHARTS, ids=[c[0] for c in CHARTS])
def test_every_chart_has_a_scale_with_numbers_and_a_text_alternative(op: str, args: dict) -> None:
    root = _draw(op, args)
    ticks = _texts(root, "tick")
    assert len(ticks) >= 3 and all(re.fullmatch(r"-?[\d.]+(k|e-?\d+)?", t) for t in ticks)
    assert _texts(root, "axis-label"), "each axis is named"
    desc = root.find(f"{SVG}desc")
    assert desc is not None and re.search(r"\d", desc.text or ""), "the desc carries numbers"


def test_softmax_bars_are_in_proportion_on_a_fixed_0_to_1_scale() -> None:
    expl = explain("softmax", {"logits": [2.0, 1.0, 0.1]})
    root = ET.fromstring(figure(expl) or "")
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    full = H - 2 * PAD  # the height of probability 1
    for bar, p in zip(bars, expl.result, strict=True):
        assert float(bar.get("height", "0")) == pytest.approx(p * full, abs=0.02)
        assert float(bar.get("y", "0")) + float(bar.get("height", "0")) == pytest.approx(H - PAD)
    assert {"0", "1"} <= set(_texts(root, "tick"))


def test_a_diverging_descent_is_marked_as_diverged() -> None:
    root = _draw("gradient_descent", {"f": "x^2", "start": 6, "lr": 1.1, "steps": 50})
    assert any("diverged after 50 steps" in t for t in _texts(root, "warn"))
    assert "diverged" in (root.find(f"{SVG}title").text or "")  # type: ignore[union-attr]


def test_a_non_convex_descent_of_1000_steps_is_drawn_in_full() -> None:
    root = _draw(
        "gradient_descent", {"f": "x^4 - 3*x^2 + x", "start": 2, "lr": 0.01, "steps": 1000}
    )
    path = next(p for p in root.iter(f"{SVG}polyline") if p.get("class") == "path")
    assert len((path.get("points") or "").split()) == 1001


def test_cosine_draws_the_angle_as_an_arc_with_its_degrees() -> None:
    root = _draw("cosine", {"u": [3, 4], "v": [4, -1]})
    assert any(p.get("class") == "arc" for p in root.iter(f"{SVG}path"))
    assert any(re.search(r"θ = 67\.2°", t) for t in _texts(root, "arc-label"))


def test_independent_vectors_on_one_line_can_be_told_apart() -> None:
    root = _draw("independence", {"vectors": [[1, 2], [2, 4], [3, 6]]})
    arrows = [
        ln.get("class") for ln in root.iter(f"{SVG}line") if "arrow" in (ln.get("class") or "")
    ]
    assert len(arrows) == 3 and len(set(arrows)) == 3


def test_figure_text_is_at_least_12px_and_the_palette_is_okabe_ito() -> None:
    css = (Path(mathforai.__file__).parent / "web/static/app.css").read_text()
    block = css[css.index("svg.figure {") :]
    size = re.search(r"font-size:\s*(\d+)px", block[: block.index("}")])
    assert size is not None and int(size.group(1)) >= 12
    assert all(c in css for c in ("#0072b2", "#d55e00", "#009e73", "#cc79a7"))
