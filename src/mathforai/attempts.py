"""One practice answer as every front end runs it: grade (practice/), move the exercise along
its lifecycle (progress/), and say what to tell the learner.

This joins practice to progress, so it belongs to the front-end layer beside web/ and the
CLI (practice/ and progress/ import neither each other nor this).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .practice.exercise import Exercise
from .practice.service import Outcome, check, hint, outcome, revealed, solve
from .progress.lifecycle import api_state

PLACEMENT = "placement"
Compute = Callable[..., Any]


def direct(func: Callable[..., Any], *args: Any) -> Any:
    """Run engine work here (the CLI); the web app passes its worker pool instead."""
    return func(*args)


def answer_exercise(
    store: Any,
    learner_id: str,
    exercise: Exercise,
    answer: str | None,
    *,
    reveal: bool = False,
    placement: bool = False,
    compute: Compute = direct,
) -> Outcome:
    """Grade and record one answer (or a request for the solution).

    AnswerFormatError propagates before anything is stored: an answer that cannot be read
    uses up nothing. An exercise already solved or revealed is graded but changes nothing.
    The engine's work (grading, hint, worked solution) runs through `compute`.
    """
    result = revealed(exercise) if reveal else compute(check, exercise, answer)
    event = "reveal" if reveal else ("right" if result.correct else "wrong")
    new_state = store.answer(
        learner_id,
        exercise.topic,
        exercise.id,
        kind=PLACEMENT if placement else "practice",
        event=event,
        answer="reveal" if reveal else str(answer),
        prompt=exercise.prompt,
        expected=result.expected,
        version=exercise.version,
        placement=placement,
    )
    state = api_state(new_state)
    if state == "retry":
        told = outcome(exercise, result, state, hint_text=compute(hint, exercise, result))
    else:
        told = outcome(exercise, result, state, solution=compute(solve, exercise))
    if new_state == "assisted":
        feedback = "Correct, on the second try."
        return Outcome(exercise, result, "solved", feedback, solution=told.solution)
    if new_state == "missed":
        feedback = f"Not quite: the answer is {result.expected}."
        return Outcome(exercise, result, "revealed", feedback, solution=told.solution)
    return told
