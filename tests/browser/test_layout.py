"""Lesson layout: a "Try it" widget early at 1280 px, and wide working that scrolls in its own
focusable region at 390 px. That no page reaches sideways at 390 px is checked on the same page
load as axe (test_accessibility.py)."""

from __future__ import annotations

import pytest

from .conftest import Watched
from .site import WITH_WIDGETS

FIRST_INPUT_TOP = """() => {
  const box = document.querySelector('form[data-widget] input:not([type=hidden])');
  return box ? box.getBoundingClientRect().top + window.scrollY : null;
}"""


@pytest.mark.parametrize("path", WITH_WIDGETS)
def test_first_widget_input_is_within_one_and_a_half_screens_at_1280px(
    live: Watched, path: str
) -> None:
    height = 800
    live.page.set_viewport_size({"width": 1280, "height": height})
    live.page.goto(path)
    top = live.page.evaluate(FIRST_INPUT_TOP)
    assert top is not None and top < 1.5 * height, (path, top)
    assert live.page.locator(".try-it .widget-title").first.inner_text().startswith("Try it")


def test_wide_working_scrolls_in_a_focusable_named_region_at_390px(live: Watched) -> None:
    """Overflowing math or working gets a keyboard-focusable, named wrapper, and only the
    wrapper scrolls."""
    live.page.set_viewport_size({"width": 390, "height": 844})
    live.page.goto("/topics/softmax")
    live.page.wait_for_load_state("networkidle")
    regions = live.page.locator(".scroll-x[tabindex='0']")
    assert regions.count() > 0
    first = regions.first
    assert first.get_attribute("role") == "group"
    assert "scrolls sideways" in (first.get_attribute("aria-label") or "")
    assert first.evaluate("e => e.scrollWidth > e.clientWidth")
    first.focus()
    live.page.keyboard.press("ArrowRight")
    # Chromium animates keyboard scrolling, so the offset grows over a few frames: wait for it
    # rather than read it at once (read at once, it was 0 on a busy CI machine).
    live.page.wait_for_function("e => e.scrollLeft > 0", arg=first.element_handle(), timeout=5_000)
