"""Least squares (issue 10): a point moves by mouse or keyboard, and the line follows.

The fit shown after a move is checked against one computed here, in exact fractions from
the normal equations, for the values the form now holds: the numbers come from the engine.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from .conftest import Watched

WIDGET = "#w-least-squares-top"
START_X = ["1", "2", "3", "4"]
START_Y = ["2", "3.9", "6.1", "7.8"]


def fit(xs: list[str], ys: list[str]) -> tuple[float, float]:
    """Slope and intercept, exactly, from [[Σx², Σx], [Σx, n]] w = [Σxy, Σy]."""
    x = [Fraction(v) for v in xs]
    y = [Fraction(v) for v in ys]
    n, sx, sy = len(x), sum(x), sum(y)
    sxx = sum(v * v for v in x)
    sxy = sum(a * b for a, b in zip(x, y, strict=True))
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    return float(slope), float((sy - slope * sx) / n)


def boxes(page: Any, axis: str) -> list[str]:
    return [page.locator(f"{WIDGET} input[name='{axis}.{i}']").input_value() for i in range(4)]


def settled(page: Any) -> None:
    """Wait until no request is out and the figure drawn is the one for the boxes' values."""
    page.wait_for_function(
        """(sel) => {
          const form = document.querySelector(sel + ' form');
          if (form.hasAttribute('aria-busy')) return false;
          return [...form.querySelectorAll('.handle')].every((h) => {
            const i = h.dataset.index;
            const x = form.querySelector(`input[name="x.${i}"]`).value;
            const y = form.querySelector(`input[name="y.${i}"]`).value;
            return Number(h.dataset.x) === Number(x) && Number(h.dataset.y) === Number(y);
          });
        }""",
        arg=WIDGET,
    )


def shown_fit(page: Any) -> tuple[float, float]:
    """w = [slope, intercept] as the result table shows it."""
    row = page.locator(f"{WIDGET} .result-table tr", has_text="w").first
    text = row.locator("td").inner_text().strip("[] ")
    slope, intercept = (float(v) for v in text.split(","))
    return slope, intercept


def test_dragging_a_point_moves_it_and_the_fit_follows(live: Watched) -> None:
    page = live.page
    page.goto("/topics/least-squares")
    handle = page.locator(f"{WIDGET} .handle[data-index='2']")
    handle.scroll_into_view_if_needed()
    box = handle.locator(".hit").bounding_box()
    assert box is not None and box["width"] >= 24, "a finger can grab the point"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for k in range(1, 12):  # 36 px right and 72 px down, in small moves as a hand would
        page.mouse.move(x + 3 * k, y + 6 * k)
        page.wait_for_timeout(16)
    page.mouse.move(x + 36, y + 72)
    page.mouse.up()  # at once: the last move counts even before its animation frame
    settled(page)
    xs, ys = boxes(page, "x"), boxes(page, "y")
    assert xs[:2] + xs[3:] == ["1", "2", "4"] and ys[:2] + ys[3:] == ["2", "3.9", "7.8"]
    assert float(xs[2]) > 3.3 and float(ys[2]) < 3.5, f"point 3 moved right and down: {xs}, {ys}"
    slope, intercept = fit(xs, ys)
    assert shown_fit(page) == pytest.approx((slope, intercept), abs=1e-3)
    assert abs(slope - fit(START_X, START_Y)[0]) > 0.3, "the line really moved"
    # The point stays under the pointer: the figure is drawn where it was let go.
    point = page.locator(f"{WIDGET} .handle[data-index='2'] .point").bounding_box()
    assert point is not None
    center = (point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)
    assert center == pytest.approx((x + 36, y + 72), abs=3)
    assert live.problems() == []


def test_arrow_keys_move_a_focused_point_and_focus_stays_on_it(live: Watched) -> None:
    page = live.page
    page.goto("/topics/least-squares")
    handle = page.locator(f"{WIDGET} .handle[data-index='0']")
    assert handle.get_attribute("role") == "slider" and handle.get_attribute("tabindex") == "0"
    assert "point 1" in (handle.get_attribute("aria-label") or "")
    handle.focus()
    for key in ("ArrowUp", "ArrowUp", "ArrowUp", "Shift+ArrowUp", "ArrowRight"):
        page.keyboard.press(key)
    settled(page)
    assert boxes(page, "y")[0] == "3.3" and boxes(page, "x")[0] == "1.1"
    slope, intercept = fit(boxes(page, "x"), boxes(page, "y"))
    assert shown_fit(page) == pytest.approx((slope, intercept), abs=1e-3)
    focused = page.evaluate(
        "() => { const a = document.activeElement;"
        " return a && a.closest('" + WIDGET + "') ? a.getAttribute('data-index') : null; }"
    )
    assert focused == "0", "after the figure is redrawn the same point has focus"
    text = handle.get_attribute("aria-valuetext") or ""
    assert "x = 1.1, y = 3.3" in text and "line y ≈" in text
    page.keyboard.press("ArrowDown")
    settled(page)
    assert boxes(page, "y")[0] == "3.2", "the keys keep working after the redraw"
    assert live.problems() == []


def test_without_javascript_the_figure_is_an_image_and_the_form_computes(
    static: Watched,
) -> None:
    page = static.page
    page.goto("/topics/least-squares")
    figure = page.locator(f"{WIDGET} svg.figure")
    assert figure.get_attribute("role") == "img"
    assert page.locator(f"{WIDGET} .handle[tabindex]").count() == 0
    page.locator(f"{WIDGET} input[name='y.1']").fill("5")
    page.locator(WIDGET).get_by_role("button", name="Compute").click()
    page.wait_for_load_state()
    ys = ["2", "5", "6.1", "7.8"]
    assert shown_fit(page) == pytest.approx(fit(START_X, ys), abs=1e-3)
