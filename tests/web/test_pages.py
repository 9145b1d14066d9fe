"""The pages a learner visits: course map, lessons, search, error pages."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from mathforai.course.loader import load_course
from mathforai.course.model import Course, Document, Topic
from mathforai.engine import OPERATIONS

TOPICS = load_course().topics
DOCUMENTS = load_course().documents


def test_course_map_lists_every_part_and_topic(client: TestClient, course: Course) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for part in course.parts:
        assert escape_text(f"Part {part.number}: {part.title}") in page.text
    for topic in course.topics:
        assert f'href="{topic.url}"' in page.text
        assert topic.summary.split()[0] in page.text
    for extra in course.pages:
        assert f'href="{extra.url}"' in page.text
    assert 'action="/search"' in page.text


def test_course_map_lists_topics_in_course_order(client: TestClient, course: Course) -> None:
    text = client.get("/").text
    positions = [text.index(f'href="{t.url}"') for t in course.topics]
    assert positions == sorted(positions)


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d.slug)
def test_every_lesson_renders_with_its_widgets_and_quick_checks(
    client: TestClient, doc: Document
) -> None:
    page = client.get(doc.url)
    assert page.status_code == 200
    html = page.text
    assert f'<h1 id="lesson-title">{escape_text(doc.title)}</h1>' in html
    for widget in doc.widgets:
        if widget.op not in OPERATIONS:
            continue  # an operation still being written; `mathforai check` reports it
        assert f'data-widget="{widget.name}"' in html
        assert f'action="{doc.url}#w-{widget.name}"' in html
    for quiz in doc.quizzes:
        assert f'data-quiz="{quiz.id}"' in html
    # Every output region announces changes to screen readers.
    assert html.count('class="widget-output') == html.count('aria-live="polite"') - html.count(
        'class="quiz-feedback"'
    )
    if all(w.op in OPERATIONS for w in doc.widgets):
        assert "widget-error" not in html, "a widget fails at its defaults"


def escape_text(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.slug)
def test_lesson_links_previous_next_and_prerequisites(
    client: TestClient, course: Course, topic: Topic
) -> None:
    html = client.get(topic.url).text
    if topic.prev_id:
        assert f'rel="prev" href="{course.document(topic.prev_id).url}"' in html
    if topic.next_id:
        assert f'rel="next" href="{course.document(topic.next_id).url}"' in html
    for pid in topic.prerequisites:
        prerequisite = course.topic(pid)
        if prerequisite is not None:
            assert f'href="{prerequisite.url}"' in html
    for entry in topic.toc:
        assert f'href="#{entry.anchor}"' in html
        assert f'id="{entry.anchor}"' in html


def test_unknown_topic_is_a_friendly_404_page(client: TestClient) -> None:
    page = client.get("/topics/no-such-topic")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "no-such-topic" in page.text
    assert 'href="/"' in page.text


def test_unknown_address_is_a_friendly_404_page(client: TestClient) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "Not found" in page.text


def test_interactive_api_docs_are_off_because_they_need_a_cdn(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/openapi.json").json()["info"]["title"] == "Math for AI Engineers"


@pytest.mark.parametrize("topic", TOPICS[:5], ids=lambda t: t.slug)
def test_search_finds_a_topic_by_its_title(client: TestClient, topic: Topic) -> None:
    page = client.get("/search", params={"q": topic.title})
    assert page.status_code == 200
    assert f'href="{topic.url}"' in page.text


def test_search_ranks_the_title_match_first(client: TestClient, course: Course) -> None:
    topic = course.topic("1.5") or course.topics[0]
    page = client.get("/search", params={"q": topic.title.lower()})
    links = re.findall(r'<ol class="search-results">.*?href="([^"]+)"', page.text, re.S)
    assert links == [topic.url]


def test_search_finds_words_in_the_text(client: TestClient, course: Course) -> None:
    topic = course.topics[0]
    word = max(re.findall(r"[A-Za-z]{7,}", topic.text), key=len)
    page = client.get("/search", params={"q": word})
    assert f'href="{topic.url}"' in page.text


@pytest.mark.parametrize(
    "q", ["", "   ", "zzzqqqxxy", "<script>alert(1)</script>", "x" * 5000, "∑ ∂ é"]
)
def test_search_never_fails_and_escapes_the_query(client: TestClient, q: str) -> None:
    page = client.get("/search", params={"q": q})
    assert page.status_code == 200
    assert "<script>alert" not in page.text


def test_topics_page_for_the_next_steps_page(client: TestClient, course: Course) -> None:
    for extra in course.pages:
        assert client.get(extra.url).status_code == 200
