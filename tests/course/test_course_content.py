"""The real lessons in src/mathforai/course/content/: shape of the course, the seed's
quick checks, the corrected least-squares numbers, and every python block runs."""

from __future__ import annotations

import re
from html import unescape

import pytest

from mathforai.course.check import COURSE_IDS, check_course, run_code_block, torch_available
from mathforai.course.loader import _load_cached, load_course
from mathforai.course.model import Course, HtmlBlock, Quiz, Topic


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course()


def _topic(course: Course, topic_id: str) -> Topic:
    topic = course.topic(topic_id)
    assert topic is not None, f"topic {topic_id} is missing from content/"
    return topic


def _html(topic: Topic) -> str:
    return "".join(b.html for b in topic.blocks if isinstance(b, HtmlBlock))


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


def test_thirty_seven_topics_in_course_order(course: Course) -> None:
    assert [t.id for t in course.topics] == list(COURSE_IDS)


def test_parts_hold_15_9_6_and_7_topics(course: Course) -> None:
    assert [(p.title, len(p.topics)) for p in course.parts] == [
        ("Linear Algebra", 15),
        ("Statistics & Probability", 9),
        ("Calculus", 6),
        ("The Math Inside Models", 7),
    ]


def test_the_closing_page_follows_part_4(course: Course) -> None:
    page = course.by_slug("what-next")
    assert page is not None and page.id == "next"
    assert _topic(course, "4.7").next_id == "next"
    assert _topic(course, "3.6").next_id == "4.1"


@pytest.mark.parametrize("topic_id", COURSE_IDS)
def test_topic_has_an_example_a_widget_and_two_quizzes(course: Course, topic_id: str) -> None:
    topic = _topic(course, topic_id)
    assert len(topic.examples) >= 1
    assert len(topic.widgets) >= 1
    assert len(topic.quizzes) >= 2


@pytest.mark.parametrize("topic_id", COURSE_IDS)
def test_topic_renders_without_error_markers(course: Course, topic_id: str) -> None:
    topic = _topic(course, topic_id)
    html = _html(topic) + "".join(q.question_html for q in topic.quizzes)
    for marker in ("ref-error", "directive-error", "broken-link"):
        assert marker not in html, f"{topic_id} shows a {marker}: run `mathforai check`"
    assert topic.problems == ()


def test_least_squares_shows_the_corrected_fit(course: Course) -> None:
    topic = _topic(course, "3.6")
    examples = [e for e in topic.examples if e.op == "least_squares" and e.explanation]
    assert examples, "3.6 has no least_squares example"
    shown = [_plain(_html(topic)[_html(topic).find(f'id="example-{e.id}"') :]) for e in examples]
    assert any("1.96" in s and "0.05" in s for s in shown)
    assert "1.94" not in _plain(_html(topic))


def _question(quiz: Quiz) -> str:
    return _plain(quiz.question_html)


def _correct(quiz: Quiz) -> str:
    index = quiz.correct_index
    assert index is not None
    return _plain(quiz.choices[index].html)


@pytest.mark.parametrize(
    ("topic_id", "question", "answer"),
    [
        ("1.2", r"6\s*,\s*8", r"^\s*10\s*$"),
        ("1.14", r"1\s*,\s*2\s*,\s*3.*2\s*,\s*4\s*,\s*6", r"(?i)\bno\b|dependent"),
        ("1.15", r"64.*128", r"64\s*,\s*128\s*,\s*128\s*,\s*3"),
        ("3.6", r"(?i)overdetermined", r"(?i)more equations.*than unknowns"),
    ],
    ids=["1.2", "1.14", "1.15", "3.6"],
)
def test_seed_quick_checks_are_kept(
    course: Course, topic_id: str, question: str, answer: str
) -> None:
    quizzes = _topic(course, topic_id).quizzes
    matches = [q for q in quizzes if re.search(question, _question(q), re.S)]
    assert matches, f"no quiz in {topic_id} asks the seed's question"
    assert any(re.search(answer, _correct(q)) for q in matches)


def _code_cases() -> list[tuple[str, int]]:
    # Read at collection time without failing collection when content is incomplete.
    try:
        course = load_course()
    except Exception:  # pragma: no cover - reported by the tests above
        return []
    return [(t.id, i) for t in course.documents for i in range(len(t.code_blocks))]


@pytest.mark.parametrize(("doc_id", "index"), _code_cases())
def test_python_code_block_runs(course: Course, doc_id: str, index: int) -> None:
    doc = course.document(doc_id)
    assert doc is not None
    block = doc.code_blocks[index]
    if block.needs_torch and not torch_available():
        pytest.skip("torch is not installed; this block imports torch")
    error = run_code_block(block)
    assert not error, f"{doc_id} ({doc.source}) line {block.line}: {error}"


def test_every_topic_has_code_to_run(course: Course) -> None:
    without = [t.id for t in course.topics if not t.code_blocks]
    assert without == []


def test_course_check_passes_apart_from_code(course: Course) -> None:
    problems = check_course(course, run_code=False)
    assert problems == [], "\n".join(problems)


def test_second_load_is_served_from_cache() -> None:
    first = load_course()
    hits = _load_cached.cache_info().hits
    assert load_course() is first
    assert _load_cached.cache_info().hits == hits + 1
