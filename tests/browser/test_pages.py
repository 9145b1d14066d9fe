"""The course in a real browser: live widgets, quick checks, JavaScript off, keyboard. That
every page loads cleanly and stays on this server is checked with axe (test_accessibility.py)."""

from __future__ import annotations

import re

import pytest

from mathforai.course.loader import load_course
from mathforai.engine import explain
from mathforai.render.text import result_text

from .conftest import Watched

COURSE = load_course()
DOCUMENTS = COURSE.documents
DOT_PAGE = "/topics/dot-product"


# The widget where the lesson places it (the page also shows a "Try it" copy near the top).
IN_LESSON = ".lesson > .widget form"


def dot_with_first_entry_10() -> str:
    """The result the dot widget must show after u₁ becomes 10 (computed, not typed)."""
    return result_text(explain("dot", {"u": [10, 2, 3], "v": [4, 5, 6]}).result)


def output_of(watched: Watched, widget: str) -> object:
    return watched.page.locator(f'{IN_LESSON}[data-widget="{widget}"] .widget-output')


def test_course_map_and_search_load_cleanly(live: Watched) -> None:
    live.page.goto("/")
    live.page.get_by_label("Search the course").fill("vector")
    live.page.get_by_label("Search the course").press("Enter")
    live.page.wait_for_url(re.compile(r"/search\?q=vector"))
    assert live.page.locator(".search-results li").count() >= 1
    assert live.problems() == []


def test_changing_a_widget_input_updates_its_output_in_place(live: Watched) -> None:
    live.page.goto(DOT_PAGE)
    url_before = live.page.url
    live.page.locator(IN_LESSON).get_by_label("u₁", exact=True).fill("10")
    value = output_of(live, "dot").locator(".result .value")
    value.filter(has_text=dot_with_first_entry_10()).wait_for(timeout=5000)
    assert live.page.url == url_before, "updated in place, not by navigating"
    assert live.problems() == []


def test_fast_typing_ends_on_the_final_value(live: Watched) -> None:
    """Throttled requests while typing; the last keystroke's value is what stays shown."""
    live.page.goto(DOT_PAGE)
    field = live.page.locator(IN_LESSON).get_by_label("u₁", exact=True)
    field.fill("")
    field.press_sequentially("1234567", delay=5)
    expected = result_text(explain("dot", {"u": [1234567, 2, 3], "v": [4, 5, 6]}).result)
    value = output_of(live, "dot").locator(".result .value")
    value.filter(has_text=expected).wait_for(timeout=5000)
    live.page.wait_for_timeout(300)  # any straggler response must not overwrite it
    assert value.inner_text() == expected


def test_bad_value_shows_the_message_in_the_output(live: Watched) -> None:
    live.page.goto("/topics/matrix-multiplication")
    box = live.page.locator(IN_LESSON).get_by_label("B₁,₁", exact=True)
    box.fill("")
    box.press("Enter")  # an empty box waits while typing; Compute (Enter) sends it
    error = output_of(live, "matmul").locator(".widget-error")
    error.wait_for(timeout=5000)
    assert "empty" in error.inner_text()


def test_slider_moves_update_the_shown_number_and_the_output(live: Watched) -> None:
    live.page.goto("/topics/softmax")
    slider = live.page.locator(f'{IN_LESSON}[data-widget="softmax"] input[name="temperature"]')
    before = output_of(live, "softmax").locator(".result .value").inner_text()
    slider.focus()
    for _ in range(10):
        slider.press("ArrowRight")
    shown = live.page.locator(f'{IN_LESSON}[data-widget="softmax"] .cell-range output').last
    assert shown.inner_text() == slider.input_value()
    temperature = float(slider.input_value())
    expected = explain("softmax", {"logits": [2.0, 1.0, 0.1], "temperature": temperature}).result
    value = output_of(live, "softmax").locator(".result .value")
    value.filter(has_text=result_text(expected)).wait_for(timeout=5000)
    assert value.inner_text() != before


QUIZZES = [(doc, quiz) for doc in DOCUMENTS for quiz in doc.quizzes][:3]


@pytest.mark.parametrize("placed", QUIZZES, ids=lambda p: p[1].id)
def test_quick_check_answered_right_and_wrong_shows_why(live: Watched, placed: tuple) -> None:
    doc, quiz = placed
    live.page.goto(doc.url)
    section = live.page.locator(f'[data-quiz="{quiz.id}"]')
    url_before = live.page.url
    for index, choice in enumerate(quiz.choices):
        section.locator(f'input[name="choice"][value="{index}"]').check()
        section.get_by_role("button", name="Check").click()
        verdict = section.locator(".verdict.is-right" if choice.correct else ".verdict.is-wrong")
        verdict.wait_for(timeout=5000)
        why = section.locator(".why")
        assert why.inner_text().strip()
    assert live.page.url == url_before
    assert live.problems() == []


def test_widget_works_with_javascript_off(static: Watched) -> None:
    static.page.goto(DOT_PAGE)
    static.page.locator(f'{IN_LESSON}[data-widget="dot"]').get_by_label("u₁", exact=True).fill("10")
    with static.page.expect_navigation():
        static.page.locator(f'{IN_LESSON}[data-widget="dot"]').get_by_role("button").click()
    assert "u.0=10" in static.page.url
    value = output_of(static, "dot").locator(".result .value")
    assert value.inner_text() == dot_with_first_entry_10()
    assert static.errors == [] and static.foreign == []


def test_quick_check_works_with_javascript_off(static: Watched) -> None:
    assert QUIZZES, "no lesson has a quick check"
    doc, quiz = QUIZZES[0]
    static.page.goto(doc.url)
    section = static.page.locator(f'[data-quiz="{quiz.id}"]')
    section.locator(f'input[name="choice"][value="{quiz.correct_index}"]').check()
    with static.page.expect_navigation():
        section.get_by_role("button", name="Check").click()
    section = static.page.locator(f'[data-quiz="{quiz.id}"]')
    assert section.locator(".verdict.is-right").count() == 1
    assert section.locator(".why").inner_text().strip()


def test_keyboard_alone_reaches_and_operates_a_widget(live: Watched) -> None:
    page = live.page
    page.goto(DOT_PAGE)
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.name") == "u.0":
            break
    else:
        pytest.fail("Tab never reached the first input of the dot widget")
    page.keyboard.press("Control+A")
    page.keyboard.type("10")
    page.keyboard.press("Enter")
    # Tab reaches the "Try it" copy near the top first.
    value = page.locator("#w-dot-top .widget-output .result .value")
    value.filter(has_text=dot_with_first_entry_10()).wait_for(timeout=5000)
    assert live.problems() == []
