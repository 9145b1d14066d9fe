"""A practice session in a real browser: answer wrong, read the feedback, answer right,
and see the course map's mastery for the topic move up from "new"."""

from __future__ import annotations

from mathforai.practice.grading import expected_text
from mathforai.practice.registry import exercise_from_id
from mathforai.progress.mastery import mastery

from .conftest import Watched

# seed 0 of topic 1.2 is the magnitude exercise: a number typed into a text field.
PRACTICE_PAGE = "/practice/1.2?seed=0"


def map_badge(watched: Watched, topic_id: str) -> str:
    item = watched.page.locator(f'li.topic-item[data-topic="{topic_id}"]')
    return " ".join(item.locator(".badge.mastery").inner_text().split())


def test_a_practice_session_moves_mastery_on_the_course_map(live: Watched) -> None:
    page = live.page
    page.goto("/")
    assert map_badge(live, "1.2") == "Mastery: new"

    page.goto(PRACTICE_PAGE)
    exercise_id = page.locator("section.exercise").get_attribute("data-exercise")
    assert exercise_id
    exercise = exercise_from_id(exercise_id)
    assert exercise.answer_format == "number"
    expected = expected_text(exercise)

    field = page.get_by_label("Your answer")
    field.fill(str(float(exercise.expected) + 7))
    page.get_by_role("button", name="Check answer").click()
    feedback = page.locator("#answer-feedback")
    feedback.locator(".verdict.is-wrong").wait_for()
    assert "Not quite" in feedback.inner_text()
    assert expected in feedback.locator(".expected").inner_text()
    assert feedback.locator("details.solution").get_attribute("open") is not None
    assert feedback.locator(".solution .explanation .step").count() >= 1

    # The same exercise stays on the page to try again.
    assert page.locator("section.exercise").get_attribute("data-exercise") == exercise_id
    page.get_by_label("Your answer").fill(expected)
    page.get_by_role("button", name="Check answer").click()
    page.locator("#answer-feedback .verdict.is-right").wait_for()
    assert "Correct" in page.locator("#answer-feedback").inner_text()
    assert "1 of 2 answers right" in page.locator(".progress-line").inner_text()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Course map").click()
    page.wait_for_url("**/")
    assert map_badge(live, "1.2") == f"Mastery: {mastery([False, True])}"
    assert map_badge(live, "1.3") == "Mastery: new"
    assert "1 topic started" in page.locator(".map-summary").inner_text()

    # The lesson page is the same for everyone; the script shows this learner's mastery.
    page.goto("/topics/vectors")
    badge = page.locator('[data-mastery-for="1.2"]')
    badge.wait_for(state="visible")
    assert badge.locator(".mastery-word").inner_text() == mastery([False, True])
    assert live.problems() == []


def test_a_format_error_is_announced_and_the_lesson_links_to_practice(live: Watched) -> None:
    page = live.page
    page.goto("/topics/vectors")
    page.locator(".lesson-header").get_by_role("link", name="Practise this topic").click()
    page.wait_for_url("**/practice/1.2")
    page.get_by_role("button", name="Show the solution").wait_for()
    exercise = exercise_from_id(page.locator("section.exercise").get_attribute("data-exercise"))

    page.get_by_label("Your answer").fill("not a number at all")
    page.get_by_role("button", name="Check answer").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "did not count as an attempt" in alert.inner_text()

    page.get_by_role("button", name="Show the solution").click()
    page.locator("#answer-feedback .verdict").wait_for()
    assert expected_text(exercise) in page.locator("#answer-feedback .expected").inner_text()
    assert live.problems() == []
