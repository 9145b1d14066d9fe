"""The least-squares figure is drawn to be dragged (issue 10): its <svg> says how data maps to
the canvas, so app.js can invert a pointer, and every point is a handle with its index."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from mathforai.engine import explain
from mathforai.render.svg import figure
from mathforai.render.svg_frame import PAD, H, W, nice_step

SVG = "{http://www.w3.org/2000/svg}"
CASES = [
    ([1, 2, 3, 4], [2.0, 3.9, 6.1, 7.8]),
    ([0, 1, 2, 3], [1, 3, 4, 7]),
    ([-250, 10, 1200], [0.003, -0.5, 0.25]),
    ([1, 1, 1], [2, 2, 2]),
]


def _root(xs: list[float], ys: list[float]) -> ET.Element:
    svg = figure(explain("least_squares", {"x": xs, "y": ys}))
    assert svg is not None
    return ET.fromstring(svg)


def _frame(root: ET.Element) -> dict[str, float]:
    keys = ("x0", "x1", "y0", "y1", "left", "right", "top", "bottom")
    return {k: float(root.get(f"data-{k}", "nan")) for k in keys}


@pytest.mark.parametrize(("xs", "ys"), CASES)
def test_the_svg_carries_its_frame_and_each_point_sits_where_the_frame_says(
    xs: list[float], ys: list[float]
) -> None:
    root = _root(xs, ys)
    f = _frame(root)
    assert (f["left"], f["right"], f["top"], f["bottom"]) == (PAD, W - PAD, PAD, H - PAD)
    assert f["x0"] < min(xs) and max(xs) < f["x1"], "every point is inside, off the edge"
    assert f["y0"] < min(ys) and max(ys) < f["y1"]
    handles = [g for g in root.iter(f"{SVG}g") if g.get("class") == "handle"]
    assert [g.get("data-index") for g in handles] == [str(i) for i in range(len(xs))]
    for g, x, y in zip(handles, xs, ys, strict=True):
        assert float(g.get("data-x", "nan")) == pytest.approx(x)
        assert float(g.get("data-y", "nan")) == pytest.approx(y)
        point = next(c for c in g.iter(f"{SVG}circle") if c.get("class") == "point")
        # The mapping app.js inverts: linear from the data range onto the plot box.
        cx = f["left"] + (x - f["x0"]) / (f["x1"] - f["x0"]) * (f["right"] - f["left"])
        cy = f["bottom"] - (y - f["y0"]) / (f["y1"] - f["y0"]) * (f["bottom"] - f["top"])
        assert float(point.get("cx", "nan")) == pytest.approx(cx, abs=0.01)
        assert float(point.get("cy", "nan")) == pytest.approx(cy, abs=0.01)


def test_a_hit_circle_is_at_least_24_px_across_and_residuals_carry_their_index() -> None:
    root = _root([1, 2, 3, 4], [2.0, 3.9, 6.1, 7.8])
    hits = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "hit"]
    assert len(hits) == 4 and all(2 * float(c.get("r", "0")) >= 24 for c in hits)
    residuals = [line for line in root.iter(f"{SVG}line") if line.get("class") == "residual"]
    assert [r.get("data-index") for r in residuals] == ["0", "1", "2", "3"]


def test_the_frame_edges_are_whole_tick_steps_so_small_drags_keep_the_scale() -> None:
    before = _frame(_root([1, 2, 3, 4], [2.0, 3.9, 6.1, 7.8]))
    after = _frame(_root([1, 2, 3, 4], [2.0, 4.3, 6.1, 7.8]))
    assert before == after
    for lo, hi in (("x0", "x1"), ("y0", "y1")):
        step = nice_step(before[hi] - before[lo])
        for edge in (before[lo], before[hi]):
            assert edge / step == pytest.approx(round(edge / step))


def test_the_figure_states_the_engines_line_and_stays_an_image_without_javascript() -> None:
    root = _root([1, 2, 3, 4], [2.0, 3.9, 6.1, 7.8])
    expl = explain("least_squares", {"x": [1, 2, 3, 4], "y": [2.0, 3.9, 6.1, 7.8]})
    note = next(n for n in expl.notes if n.startswith("Best-fit line: "))
    assert root.get("data-fit") == note.removeprefix("Best-fit line: ").split(" (")[0]
    # Focusable points come from app.js; the server's figure is one image with a text.
    assert root.get("role") == "img"
    assert not [e for e in root.iter() if e.get("tabindex") is not None]
