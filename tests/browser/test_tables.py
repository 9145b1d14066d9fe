"""On a phone, lesson tables become labelled cards: no column is cut off or scrolled away."""

from __future__ import annotations

import pytest

from mathforai.course.loader import load_course

from .conftest import Watched

WITH_TABLES = [
    d.url
    for d in load_course().documents
    if any('class="stack-table"' in getattr(b, "html", "") for b in d.blocks)
]


@pytest.mark.parametrize("url", [*WITH_TABLES[:6], "/notation"])
def test_tables_fit_a_390px_screen(live: Watched, url: str) -> None:
    live.page.set_viewport_size({"width": 390, "height": 844})
    live.page.goto(url)
    cells = live.page.locator("table.stack-table td")
    assert cells.count() > 0
    overflowing = live.page.evaluate(
        """() => [...document.querySelectorAll('table.stack-table')]
               .filter(t => t.getBoundingClientRect().right > window.innerWidth + 1
                         || t.scrollWidth > t.clientWidth + 1).length"""
    )
    assert overflowing == 0
    label = cells.first.evaluate("td => getComputedStyle(td, '::before').content")
    assert label not in ("none", "normal", '""')
