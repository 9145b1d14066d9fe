"""The course aids: glossary, notation guide and the printable cheat sheet of each part."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from mathforai.course.aids import key_points_html
from mathforai.course.model import Course


def test_the_glossary_lists_terms_each_linked_to_its_topic(client: TestClient) -> None:
    page = client.get("/glossary")
    assert page.status_code == 200
    assert '<h3 id="cosine-similarity"' in page.text
    section = page.text.split('<h3 id="cosine-similarity"', 1)[1].split("<h3", 1)[0]
    assert 'href="/topics/cosine-similarity"' in section


def test_the_notation_page_reads_symbols_aloud(client: TestClient) -> None:
    page = client.get("/notation")
    assert page.status_code == 200
    assert "the probability of A given B" in page.text
    assert "<math" in page.text  # symbols are typeset, not written as ASCII


def test_reference_pages_keep_one_address(client: TestClient) -> None:
    moved = client.get("/topics/glossary", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == "/glossary"


def test_reference_pages_stay_off_the_course_path(course: Course) -> None:
    last = course.parts[-1].topics[-1]
    assert course.document(last.next_id or "") is course.page("next")
    assert all(p.id not in ("glossary", "notation") for p in course.listed_pages)


def test_the_course_map_links_every_aid(client: TestClient, course: Course) -> None:
    html = client.get("/").text
    for href in ['href="/glossary"', 'href="/notation"']:
        assert href in html
    for part in course.parts:
        if part.topics:
            assert f'href="/cheatsheet/{part.number}"' in html


def test_a_cheat_sheet_holds_every_topic_and_its_key_points(
    client: TestClient, course: Course
) -> None:
    for part in course.parts:
        if not part.topics:
            continue
        html = client.get(f"/cheatsheet/{part.number}").text
        for topic in part.topics:
            assert f'href="{topic.url}"' in html
            points = key_points_html(topic)
            assert points and points in html


@pytest.mark.parametrize("part", ["0", "99", "²", "1e3", "-1", "x" * 300])
def test_an_unknown_part_is_a_404_naming_the_parts(client: TestClient, part: str) -> None:
    answer = client.get(f"/cheatsheet/{part}")
    assert answer.status_code == 404
    assert re.search(r"the parts are 1, 2, 3", answer.text)


def test_lessons_link_terms_to_the_glossary(client: TestClient, course: Course) -> None:
    linked = [
        t.id
        for t in course.topics
        if any('class="glossary-link"' in getattr(b, "html", "") for b in t.blocks)
    ]
    assert len(linked) >= len(course.topics) // 2, linked
