"""Each exercise checks itself, as PrairieLearn questions do: the expected answer grades
correct, a perturbed one wrong, a malformed one as a format error, and every named
mistake is recognised."""

from __future__ import annotations

from typing import Any

from ..engine import explain
from .answers import AnswerFormatError, parse_answer
from .exercise import Exercise
from .grading import expected_text, grade, matches

MALFORMED = {
    "number": "banana",
    "vector": "[1, 2",
    "matrix": "[[1, 2], [3]]",
    "shape": "(a, b)",
    "boolean": "maybe",
    "choice": "zz",
}


def perturbed(exercise: Exercise) -> str:
    """A well-formed answer that must be graded wrong."""
    value, fmt = exercise.expected, exercise.answer_format
    if fmt == "number":
        return repr(value + max(1.0, abs(value)))
    if fmt == "vector":
        return repr([value[0] + max(1.0, abs(value[0])), *value[1:]])
    if fmt == "matrix":
        first = [value[0][0] + max(1.0, abs(value[0][0])), *value[0][1:]]
        return repr([first, *value[1:]])
    if fmt == "shape":
        return "(" + ", ".join(str(x + (i == 0)) for i, x in enumerate(value)) + ")"
    if fmt == "boolean":
        return "no" if value else "yes"
    return str((value + 1) % len(exercise.choices or ()) + 1)


def self_test(exercise: Exercise) -> list[str]:
    """Problems with an exercise; empty when it is sound."""
    problems = []
    if not grade(exercise, parse_answer(exercise, expected_text(exercise))).correct:
        problems.append(f"expected answer {expected_text(exercise)!r} is not graded correct")
    if grade(exercise, parse_answer(exercise, perturbed(exercise))).correct:
        problems.append(f"perturbed answer {perturbed(exercise)!r} is graded correct")
    try:
        parse_answer(exercise, MALFORMED[exercise.answer_format])
        problems.append("a malformed answer was accepted")
    except AnswerFormatError:
        pass
    for mistake in exercise.misconceptions:
        if matches(exercise, mistake.value, exercise.expected):
            problems.append(f"misconception {mistake.message!r} equals the expected answer")
    problems.extend(_solution_problems(exercise))
    return problems


def _solution_problems(exercise: Exercise) -> list[str]:
    try:
        explain(exercise.solution_op, exercise.solution_args)
    except Exception as exc:  # a broken generator must be reported, whatever it raises
        return [f"solution {exercise.solution_op} failed: {exc}"]
    return []


def misconception_answer(exercise: Exercise, index: int) -> Any:
    """The typed form of a misconception's value (for tests that submit it)."""
    mistake = exercise.misconceptions[index]
    return expected_text(_with_expected(exercise, mistake.value))


def _with_expected(exercise: Exercise, value: Any) -> Exercise:
    from dataclasses import replace

    return replace(exercise, expected=value)
