"""The Course model built from the small fixture course in fixtures/course/."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from mathforai.course.loader import load_course, read_course
from mathforai.course.model import Course, HtmlBlock, Page, QuizBlock, Topic, WidgetBlock

from .conftest import FIXTURE_COURSE


def _html(topic: Topic) -> str:
    return "".join(b.html for b in topic.blocks if isinstance(b, HtmlBlock))


def test_topics_come_in_course_order_with_their_parts(fixture_course: Course) -> None:
    assert [t.id for t in fixture_course.topics] == ["1.1", "1.2", "2.1"]
    assert [(p.number, p.title) for p in fixture_course.parts] == [
        (1, "Linear Algebra"),
        (2, "Statistics & Probability"),
        (3, "Calculus"),
        (4, "The Math Inside Models"),
    ]
    assert [[t.id for t in p.topics] for p in fixture_course.parts] == [
        ["1.1", "1.2"],
        ["2.1"],
        [],
        [],
    ]


def test_lookups_by_id_slug_and_quiz(fixture_course: Course) -> None:
    beta = fixture_course.topic("1.2")
    assert beta is not None and beta.slug == "beta" and beta.url == "/topics/beta"
    assert fixture_course.by_slug("beta") is beta
    assert fixture_course.topic("9.9") is None
    assert fixture_course.by_slug("nope") is None
    quiz = fixture_course.quiz("1.2-neg")
    assert quiz is not None and quiz in beta.quizzes
    assert fixture_course.quiz_topic("1.2-neg") is beta
    assert fixture_course.quiz("nope") is None


def test_front_matter_fields_reach_the_topic(fixture_course: Course) -> None:
    gamma = fixture_course.topic("2.1")
    assert gamma is not None
    assert (gamma.title, gamma.part, gamma.prerequisites) == ("Gamma", 2, ("1.2",))
    assert gamma.summary == "A fixture topic in part 2."


def test_what_next_is_a_page_listed_after_the_topics(fixture_course: Course) -> None:
    page = fixture_course.page("next")
    assert isinstance(page, Page)
    assert fixture_course.by_slug("what-next") is page
    assert fixture_course.topic("next") is None
    assert fixture_course.topics[-1].next_id == "next"
    assert page.prev_id == "2.1" and page.next_id is None


def test_prev_and_next_follow_course_order(fixture_course: Course) -> None:
    ids = [(t.prev_id, t.id, t.next_id) for t in fixture_course.topics]
    assert ids == [(None, "1.1", "1.2"), ("1.1", "1.2", "2.1"), ("1.2", "2.1", "next")]


def test_body_splits_into_html_widget_and_quiz_blocks_in_order(fixture_course: Course) -> None:
    alpha = fixture_course.topic("1.1")
    assert alpha is not None
    kinds = [type(b) for b in alpha.blocks]
    assert kinds == [HtmlBlock, WidgetBlock, QuizBlock, QuizBlock, HtmlBlock, QuizBlock, HtmlBlock]
    quiz_ids = [b.quiz.id for b in alpha.blocks if isinstance(b, QuizBlock)]
    assert quiz_ids == ["1.1-dot", "1.1-sign", "1.1-order"]


def test_widget_block_applies_overrides_and_carries_engine_output(fixture_course: Course) -> None:
    alpha = fixture_course.topic("1.1")
    assert alpha is not None
    (widget,) = alpha.widgets
    assert widget.name == "dot" and widget.op == "dot"
    assert widget.args == {"u": [1, 0, 0], "v": [4, 5, 6]}
    assert '<span class="value">4</span>' in widget.output_html
    assert not widget.error


def test_examples_are_rendered_with_engine_results(fixture_course: Course) -> None:
    alpha = fixture_course.topic("1.1")
    assert alpha is not None
    (example,) = alpha.examples
    assert example.id == "sum" and example.explanation is not None
    assert math.isclose(example.explanation.result, 32)
    html = _html(alpha)
    assert '<figure class="example" id="example-sum">' in html
    assert '<span class="value">32</span>' in html


def test_references_resolve_but_not_inside_code(fixture_course: Course) -> None:
    alpha = fixture_course.topic("1.1")
    assert alpha is not None
    html = _html(alpha)
    assert '<span class="ref">32</span>' in html
    assert '<span class="ref">32.00</span>' in html
    assert "<code>{{sum}}</code>" in html
    gamma = fixture_course.topic("2.1")
    assert gamma is not None
    assert '<span class="ref">30.0%</span>' in _html(gamma)


def test_topic_links_point_at_slugs(fixture_course: Course) -> None:
    alpha = fixture_course.topic("1.1")
    page = fixture_course.page("next")
    assert alpha is not None and page is not None
    assert '<a href="/topics/beta">beta</a>' in _html(alpha)
    assert '<a href="/topics/alpha">alpha</a>' in "".join(
        b.html for b in page.blocks if isinstance(b, HtmlBlock)
    )


def test_toc_lists_h2_and_h3_with_anchors(fixture_course: Course) -> None:
    alpha = fixture_course.topic("1.1")
    assert alpha is not None
    assert [(e.level, e.anchor, e.title) for e in alpha.toc] == [
        (2, "worked-example", "Worked example"),
        (3, "a-detail", "A detail"),
        (2, "key-points", "Key points"),
    ]
    assert 'id="a-detail"' in _html(alpha)


def test_plain_text_has_resolved_references_and_no_markup(fixture_course: Course) -> None:
    alpha = fixture_course.topic("1.1")
    assert alpha is not None
    assert "The dot product is 32" in alpha.text
    assert "<" not in alpha.text and "\n" not in alpha.text


def test_code_blocks_are_collected_with_their_line(fixture_course: Course) -> None:
    alpha = fixture_course.topic("1.1")
    assert alpha is not None
    (block,) = alpha.code_blocks
    assert block.source.startswith("import numpy as np")
    assert not block.needs_torch
    source = (FIXTURE_COURSE / alpha.source).read_text().splitlines()
    assert source[block.line - 1] == "```python"


def test_quiz_grades_each_choice_with_its_why(fixture_course: Course) -> None:
    quiz = fixture_course.quiz("1.1-dot")
    assert quiz is not None
    assert quiz.correct_index == 0
    assert quiz.grade(0) == (True, "3 + 8.")
    correct, why = quiz.grade(1)
    assert not correct and "1 + 2 + 3 + 4" in why
    assert "<math" in quiz.question_html
    with pytest.raises(IndexError):
        quiz.grade(2)
    assert quiz.check is not None and quiz.check.op == "dot"


def test_fixture_course_renders_without_problems(fixture_course: Course) -> None:
    assert fixture_course.problems == ()
    assert [d.problems for d in fixture_course.documents] == [()] * len(fixture_course.documents)


def test_load_course_is_cached_per_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cache folder of its own: storing the fixture course would prune the real course's entry.
    monkeypatch.setenv("MATHFORAI_CACHE_DIR", str(tmp_path / "cache"))
    first = load_course(FIXTURE_COURSE)
    assert load_course(FIXTURE_COURSE) is first
    assert load_course(FIXTURE_COURSE / ".." / "course") is first
    assert read_course(FIXTURE_COURSE) is not first


def test_missing_content_dir_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    course = read_course(tmp_path / "absent")
    assert course.topics == ()
    assert any("does not exist" in p for p in course.problems)
