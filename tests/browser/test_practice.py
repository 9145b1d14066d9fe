"""A practice session in a real browser: answer wrong, get a hint (focus on the feedback),
reload (nothing counts twice), answer right on the second try, see it on /progress and the
course map's mastery move up from "new"."""

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
    assert "Not quite" in feedback.inner_text() and "Try once more" in feedback.inner_text()
    assert feedback.locator(".expected").count() == 0, "a hint and a second try come first"
    # Focus moves to the feedback after grading, so it is read first.
    assert page.evaluate("document.activeElement && document.activeElement.id") == "answer-feedback"
    # A reload shows the same page and answers nothing again.
    page.reload()
    page.locator("#answer-feedback .verdict.is-wrong").wait_for()
    assert "0 of 1 exercise right first time" in page.locator(".progress-line").inner_text()

    # The same exercise stays on the page for the second try.
    assert page.locator("section.exercise").get_attribute("data-exercise") == exercise_id
    page.get_by_label("Your answer").fill(expected)
    page.get_by_role("button", name="Try again").click()
    page.locator("#answer-feedback .verdict.is-right").wait_for()
    assert "Correct, on the second try" in page.locator("#answer-feedback").inner_text()
    assert "1 after a hint" in page.locator(".progress-line").inner_text()
    page.reload()
    assert "1 after a hint" in page.locator(".progress-line").inner_text()

    page.goto("/progress")
    row = page.locator('tr[data-topic="1.2"]')
    assert row.locator('[data-count="correct"]').inner_text() == "0"
    assert row.locator('[data-count="assisted"]').inner_text() == "1"
    assert row.locator('[data-count="revealed"]').inner_text().startswith("0")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Course map").click()
    page.wait_for_url("**/")
    assert map_badge(live, "1.2") == f"Mastery: {mastery([0.5])}"
    assert map_badge(live, "1.3") == "Mastery: new"
    assert "1 topic started" in page.locator(".map-summary").inner_text()

    # The lesson page is the same for everyone; the script shows this learner's mastery.
    page.goto("/topics/vectors")
    badge = page.locator('[data-mastery-for="1.2"]')
    badge.wait_for(state="visible")
    assert badge.locator(".mastery-word").inner_text() == mastery([0.5])
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
