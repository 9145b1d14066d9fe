"""practice.service.assess: the engine's whole say on one answer, from one call (one worker
round trip on the web)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mathforai.practice.exercise import Exercise
from mathforai.practice.grading import expected_text
from mathforai.practice.registry import pick
from mathforai.practice.service import assess, hint, solve, topics_with_practice


def _numeric() -> Exercise:
    """An exercise that wants a number, so "123456789" reads but is wrong."""
    return next(
        e
        for topic in topics_with_practice()
        for e in (pick(topic, seed) for seed in range(5))
        if e.answer_format == "number" and abs(e.expected - 123456789) > 1
    )


def test_a_right_answer_gets_the_solution_and_no_hint() -> None:
    exercise = _numeric()
    assessed = assess(exercise.id, expected_text(exercise))
    assert assessed.exercise == exercise
    assert assessed.grade is not None and assessed.grade.correct
    assert assessed.hint is None
    assert assessed.solution == solve(exercise)


def test_a_wrong_answer_gets_the_hint_it_would_get_on_its_own() -> None:
    exercise = _numeric()
    assessed = assess(exercise, "123456789")
    assert assessed.grade is not None and not assessed.grade.correct
    assert assessed.hint == hint(exercise, assessed.grade)
    assert assessed.hint and "Try once more" in assessed.hint


def test_an_unreadable_answer_is_a_format_error_not_a_grade() -> None:
    exercise = _numeric()
    assessed = assess(exercise, "seven and a half")
    assert assessed.grade is None
    assert assessed.format_error
    assert assessed.solution == solve(exercise)  # a closed exercise still shows its working


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(sorted(topics_with_practice())), st.integers(0, 10_000))
def test_a_reveal_stands_for_no_answer_and_shows_the_expected_one(topic: str, seed: int) -> None:
    exercise = pick(topic, seed)
    assessed = assess(exercise.id, None, reveal=True)
    assert assessed.reveal and assessed.answer is None
    assert assessed.grade is not None and not assessed.grade.correct
    assert assessed.grade.expected == expected_text(exercise)
    assert assessed.hint is None and assessed.format_error is None
