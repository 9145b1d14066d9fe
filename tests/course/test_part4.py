"""Part 4 ("the math inside models") is built like the other parts: each lesson reaches
back into parts 1–3, draws a figure, shows its operations worked, varies where the key
of a quick check sits, and ends with Key points."""

from __future__ import annotations

from collections import Counter

import pytest

from mathforai.course.aids import key_point_count
from mathforai.course.loader import load_course
from mathforai.course.model import Course, Topic
from mathforai.engine import OPERATIONS, explain
from mathforai.render.svg import figure

PART4 = [f"4.{i}" for i in range(1, 8)]
PART4_OPS = {
    "expectation", "normal", "init_variance", "likelihood", "eigen", "power_iteration",
    "svd", "pca", "lora_params", "attention",
}  # fmt: skip


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course()


def _topic(course: Course, topic_id: str) -> Topic:
    topic = course.topic(topic_id)
    assert topic is not None, topic_id
    return topic


@pytest.mark.parametrize("topic_id", PART4)
def test_lesson_reaches_back_and_has_three_quizzes_and_key_points(
    course: Course, topic_id: str
) -> None:
    topic = _topic(course, topic_id)
    assert topic.part == 4
    earlier = [p for p in topic.prerequisites if p.split(".")[0] in ("1", "2", "3")]
    assert earlier, f"{topic_id} links back to no topic of parts 1–3"
    assert len(topic.quizzes) >= 3
    assert all(c.why_html.strip() for q in topic.quizzes for c in q.choices)
    assert key_point_count(topic) >= 2


@pytest.mark.parametrize("topic_id", PART4)
def test_lesson_has_a_widget_that_draws_a_figure(course: Course, topic_id: str) -> None:
    topic = _topic(course, topic_id)
    drawn = [w.name for w in topic.widgets if figure(explain(w.op, w.args)) is not None]
    assert drawn, f"{topic_id}: no widget of this lesson draws a figure"


def test_no_answer_position_holds_the_key_in_more_than_40_percent(course: Course) -> None:
    quizzes = [q for t in PART4 for q in _topic(course, t).quizzes]
    positions = Counter(q.correct_index for q in quizzes)
    assert max(positions.values()) <= 0.4 * len(quizzes), positions


def test_every_part4_operation_is_worked_in_a_part4_lesson(course: Course) -> None:
    used = {e.op for t in PART4 for e in _topic(course, t).examples}
    assert used >= PART4_OPS, PART4_OPS - used
    assert all(OPERATIONS[op].topic.startswith("4.") for op in PART4_OPS)


def test_part4_sits_between_calculus_and_the_closing_page(course: Course) -> None:
    assert [p.number for p in course.parts] == [1, 2, 3, 4]
    assert _topic(course, "3.6").next_id == "4.1"
    assert _topic(course, "4.1").prev_id == "3.6"
    assert _topic(course, "4.7").next_id == "next"
