"""Widget input: half-typed numbers wait, vectors change length, sliders reach far enough."""

from __future__ import annotations

from typing import Any

from .conftest import Watched

SOFTMAX_TOP = "#w-softmax-top"


def renders(page: Any) -> list[str]:
    """Every widget fragment request the page makes from now on."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if "/render?" in r.url else None)
    return seen


def test_a_lone_minus_or_an_empty_box_waits_without_an_error(live: Watched) -> None:
    page = live.page
    page.goto("/topics/dot-product")
    widget = page.locator("#w-dot")
    box = widget.locator("input[name='u.0']")
    seen = renders(page)
    box.fill("")
    box.press_sequentially("-")
    page.wait_for_timeout(400)
    assert seen == [], "nothing is sent while the box holds only '-'"
    assert widget.locator(".widget-error").count() == 0
    box.press_sequentially("3")
    page.wait_for_function(
        "() => document.querySelector('#w-dot').getAttribute('aria-busy')"
        " === null && window.performance.getEntriesByType('resource')"
        ".some(e => e.name.includes('/render?'))"
    )
    page.wait_for_timeout(300)
    assert len(seen) >= 1 and "u.0=-3" in seen[-1]
    assert widget.locator(".widget-error").count() == 0
    assert live.problems() == []


def test_a_vector_gains_and_loses_an_entry_from_the_keyboard(live: Watched) -> None:
    page = live.page
    page.goto("/topics/softmax")
    widget = page.locator(SOFTMAX_TOP)
    cells = widget.locator("fieldset.arg-vector .cells .cell")
    assert cells.count() == 3
    add = widget.get_by_role("button", name="Add an entry to logits")
    add.focus()
    page.keyboard.press("Enter")
    assert cells.count() == 4
    assert widget.locator("input[name='logits.3']").count() == 1
    assert "logit₄" in cells.nth(3).inner_text()
    page.wait_for_function(
        "() => document.querySelectorAll('#w-softmax-top .widget-output math, "
        "#w-softmax-top .widget-output .value').length > 0"
    )
    remove = widget.get_by_role("button", name="Remove the last entry of logits")
    remove.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert cells.count() == 2
    assert live.problems() == []


def test_without_javascript_a_vector_is_typed_whole(static: Watched) -> None:
    page = static.page
    page.goto("/topics/softmax")
    widget = page.locator(SOFTMAX_TOP)
    widget.locator("details.vector-text summary").click()
    widget.locator("input[name='logits'][type=text]").fill("1, 2, 3, 4")
    widget.get_by_role("button", name="Compute").click()
    page.wait_for_load_state()
    again = page.locator(SOFTMAX_TOP)
    assert again.locator("input[name='logits.3']").count() == 1
    assert again.locator(".widget-error").count() == 0


def test_softmax_logits_reach_a_very_large_logit(live: Watched) -> None:
    live.page.goto("/topics/softmax")
    slider = live.page.locator(f"{SOFTMAX_TOP} input[name='logits.0']")
    assert float(slider.get_attribute("max") or 0) >= 20
    assert float(slider.get_attribute("min") or 0) <= -20
    rate = "#w-gradient-descent-top input[name='lr']"
    live.page.goto("/topics/gradient-descent")
    lr = live.page.locator(rate)
    assert float(lr.get_attribute("min") or 1) <= 0.001
    assert float(lr.get_attribute("max") or 0) > 1.1, "the lesson's diverging rate, 1.1"
