"""Quick checks show their choices shuffled per learner and per quiz, stable for a learner;
the form and the API take a choice's index in the source, whatever order it was shown in."""

from __future__ import annotations

import html
import re
import warnings

from fastapi import FastAPI

from mathforai.course.model import Course
from mathforai.web.learner import COOKIE
from mathforai.web.quizorder import ORDERS, group_of, order

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

LESSON = "/topics/vectors"


def shown_values(page: str, quiz_id: str) -> list[int]:
    """The radio values (source indices) of one quiz, in the order the page shows them."""
    section = re.search(
        rf'<section class="quiz" data-quiz="{re.escape(quiz_id)}".*?</section>', page, re.S
    )
    assert section, quiz_id
    return [int(v) for v in re.findall(r'name="choice" value="(\d+)"', section.group(0))]


def cookie_in_group(group: int) -> str:
    return next(f"c{n}" for n in range(10_000) if group_of(f"c{n}") == group)


def test_orders_differ_between_groups_and_cover_every_position(course: Course) -> None:
    quizzes = [q for t in course.topics for q in t.quizzes if len(q.choices) == 4]
    for quiz in quizzes[:10]:
        orders = {tuple(order(quiz.id, 4, g)) for g in range(ORDERS)}
        assert len(orders) > 1, quiz.id
    # "Always pick the first shown" is no strategy: for one learner, the key lands in
    # first place in about a quarter of the quick checks, not most of them.
    for group in range(ORDERS):
        first = sum(order(q.id, len(q.choices), group)[0] == q.correct_index for q in quizzes)
        assert first <= 0.45 * len(quizzes), (group, first, len(quizzes))


def test_a_learner_sees_the_same_order_on_reload_and_another_usually_not(
    app: FastAPI, course: Course
) -> None:
    quiz = course.topic("1.2").quizzes[0]
    with TestClient(app) as one:
        one.cookies.set(COOKIE, cookie_in_group(1))
        first = shown_values(one.get(LESSON).text, quiz.id)
        assert shown_values(one.get(LESSON).text, quiz.id) == first
        assert sorted(first) == list(range(len(quiz.choices)))
        assert first == order(quiz.id, len(quiz.choices), 1)
    seen = set()
    for group in range(ORDERS):
        with TestClient(app) as other:
            other.cookies.set(COOKIE, cookie_in_group(group))
            seen.add(tuple(shown_values(other.get(LESSON).text, quiz.id)))
    assert len(seen) > 1


def test_a_javascript_off_answer_keeps_the_order_and_grades_the_source_index(
    app: FastAPI, course: Course
) -> None:
    quiz = course.topic("1.2").quizzes[1]
    with TestClient(app) as learner:
        page = learner.get(LESSON).text
        before = shown_values(page, quiz.id)
        group = re.search(
            rf'data-quiz="{re.escape(quiz.id)}".*?name="order" value="(\d+)"', page, re.S
        )
        assert group
        answered = learner.post(
            f"{LESSON}/quiz/{quiz.id}",
            data={"choice": str(quiz.correct_index), "order": group.group(1)},
        )
        assert answered.status_code == 200
        assert shown_values(answered.text, quiz.id) == before
        section = answered.text[answered.text.index(f'data-quiz="{quiz.id}"') :]
        assert '<p class="verdict is-right">Right.</p>' in section[: section.index("</section>")]
        checked = re.search(r'value="(\d+)" checked', section)
        assert checked and int(checked.group(1)) == quiz.correct_index
        text = html.unescape(section)
        assert "Right." in text


def test_the_api_takes_the_source_index(app: FastAPI, course: Course) -> None:
    quiz = course.topic("2.1").quizzes[0]
    with TestClient(app) as learner:
        body = learner.post(f"/api/quiz/{quiz.id}", json={"choice": quiz.correct_index}).json()
        assert body["correct"] is True and body["correct_choice"] == quiz.correct_index
