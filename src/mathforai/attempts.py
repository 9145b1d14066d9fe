"""One practice answer as every front end runs it: grade (practice/), move the exercise along
its lifecycle (progress/), and say what to tell the learner.

This joins practice to progress, so it belongs to the front-end layer beside web/ and the
CLI (practice/ and progress/ import neither each other nor this).
"""

from __future__ import annotations

from typing import Any

from .practice.answers import AnswerFormatError
from .practice.service import Assessment, Outcome, hint, outcome
from .progress.lifecycle import api_state

PLACEMENT = "placement"


def answer_exercise(
    store: Any, learner_id: str, assessed: Assessment, *, placement: bool = False
) -> Outcome:
    """Record one assessed answer (or request for the solution) and say what to tell the
    learner.

    The engine's work is done already (`practice.service.assess`, in a compute worker on
    the web), so this only moves the exercise along its lifecycle. An answer that could
    not be read raises AnswerFormatError before anything is stored: it uses up nothing.
    An exercise already solved or revealed is graded but changes nothing.
    """
    if assessed.format_error is not None or assessed.grade is None:
        raise AnswerFormatError(assessed.format_error or "the answer could not be read")
    exercise, result, reveal = assessed.exercise, assessed.grade, assessed.reveal
    event = "reveal" if reveal else ("right" if result.correct else "wrong")
    new_state = store.answer(
        learner_id,
        exercise.topic,
        exercise.id,
        kind=PLACEMENT if placement else "practice",
        event=event,
        answer="reveal" if reveal else str(assessed.answer),
        prompt=exercise.prompt,
        expected=result.expected,
        version=exercise.version,
        placement=placement,
    )
    state = api_state(new_state)
    if state == "retry":
        # Cheap with the solution in hand: no engine work here.
        text = assessed.hint or hint(exercise, result, assessed.solution)
        told = outcome(exercise, result, state, hint_text=text)
    else:
        told = outcome(exercise, result, state, solution=assessed.solution)
    if new_state == "assisted":
        feedback = "Correct, on the second try."
        return Outcome(exercise, result, "solved", feedback, solution=told.solution)
    if new_state == "missed":
        feedback = f"Not quite: the answer is {result.expected}."
        return Outcome(exercise, result, "revealed", feedback, solution=told.solution)
    return told
