"""Each part's cheat sheet prints on at most two pages of A4 paper."""

from __future__ import annotations

import re

import pytest

from mathforai.course.loader import load_course

from .conftest import Watched

PARTS = [p.number for p in load_course().parts if p.topics]
MAX_PAGES = 2


@pytest.mark.parametrize("part", PARTS)
def test_the_cheat_sheet_prints_on_two_pages(live: Watched, part: int) -> None:
    live.page.goto(f"/cheatsheet/{part}")
    live.page.emulate_media(media="print")
    # Navigation and search are for the screen; paper gets the Key points alone.
    assert not live.page.locator(".site-header").is_visible()
    assert live.page.locator(".sheet-topic").first.is_visible()
    pdf = live.page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= MAX_PAGES, f"part {part} prints on {pages} pages"
    assert live.problems() == []
