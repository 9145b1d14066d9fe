"""Practice as the front ends use it: pick an exercise, grade an answer, hint, reveal.

Stateless: an exercise is rebuilt from its id, so any process can grade any answer. Where a
learner stands with an exercise (first try, second try, closed) is kept by the caller's
progress store; this module only says what to tell the learner in each case.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..engine import explain
from ..engine.explanation import Explanation
from .answers import AnswerFormatError, parse_answer
from .exercise import Exercise
from .grading import Grade, expected_text, grade
from .registry import MAX_SEED, exercise_from_id, generators, make_exercise, pick

LEVELS = {"new": 0, "attempted": 0, "familiar": 1, "proficient": 2, "mastered": 3}
STATES = ("solved", "retry", "revealed", "closed")


@dataclass(frozen=True)
class Outcome:
    """What the learner is told after an answer: `state` is solved, retry (a hint and a second
    try), revealed (expected answer and worked solution) or closed (graded, counts nothing)."""

    exercise: Exercise
    grade: Grade
    state: str
    feedback: str
    hint: str | None = None
    solution: Explanation | None = None

    @property
    def shows_answer(self) -> bool:
        return self.solution is not None

    def to_dict(self, exercise_id: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "exercise_id": exercise_id or self.exercise.id,
            "correct": self.grade.correct,
            "state": self.state,
            "feedback": self.feedback,
        }
        if self.hint:
            out["hint"] = self.hint
        if self.solution is not None:
            out["expected"] = self.grade.expected
            out["solution"] = self.solution.to_dict()
        return out


@lru_cache(maxsize=1)
def topics_with_practice() -> tuple[str, ...]:
    return tuple(sorted(generators(), key=lambda t: tuple(int(p) for p in t.split("."))))


def new_exercise(topic: str, seed: int | None = None, mastery: str = "new") -> Exercise:
    """The exercise for `seed` (always the same), or a fresh one suited to the learner's level."""
    if seed is not None:
        return pick(topic, seed)
    rng = random.SystemRandom()
    kinds = len(generators().get(topic, [])) or 1
    top = min(LEVELS.get(mastery, 0), kinds - 1)
    # Mostly at the learner's level, sometimes easier: interleaving consolidates.
    kind = top if rng.random() < 0.7 else rng.randint(0, top)
    return make_exercise(topic, kind, rng.randint(0, MAX_SEED))


def solve(exercise: Exercise) -> Explanation:
    return explain(exercise.solution_op, exercise.solution_args)


def check(exercise: Exercise, answer: Any) -> Grade:
    """Grade a typed answer; AnswerFormatError (nothing used up) when it cannot be read."""
    return grade(exercise, parse_answer(exercise, answer))


def hint(exercise: Exercise, result: Grade, solution: Explanation | None = None) -> str:
    """What a first wrong answer is told: the named mistake where one matches, otherwise
    where the engine's working starts (its first step, with the result left out)."""
    if result.mistake:
        return f"Not quite: {result.mistake} Try once more."
    steps = (solution or solve(exercise)).steps
    if not steps:
        return "Not quite. Check each step of your working, then try once more."
    first = steps[0]
    text = first.text.rsplit(" = ", 1)[0] + " = …" if " = " in first.text else first.text
    if result.expected in text:
        text = ""  # the first step would give the answer away: keep only its note
    parts = [p for p in (text, first.note) if p]
    start = " — ".join(parts) if parts else "the definition in the lesson"
    return f"Not quite. A hint: start from {start}. Try once more."


@dataclass(frozen=True)
class Assessment:
    """All the engine has to say about one answer, made in one call: on the web that is
    one round trip to a compute worker where rebuilding the exercise, grading it and
    writing the hint or the solution were three. `grade` is None, and `format_error`
    says why, when the answer cannot be read."""

    exercise: Exercise
    answer: Any  # as sent; None with reveal
    reveal: bool
    grade: Grade | None
    solution: Explanation
    hint: str | None = None
    format_error: str | None = None


def assess(exercise: Exercise | str, answer: Any, reveal: bool = False) -> Assessment:
    """Grade `answer` (or, with `reveal`, stand in for one that asks for the solution)
    with the hint a first wrong try gets and the worked solution. `exercise` may be an
    exercise id, which is rebuilt here."""
    if isinstance(exercise, str):
        exercise = exercise_from_id(exercise)
    solution = solve(exercise)
    if reveal:
        return Assessment(exercise, None, True, revealed(exercise), solution)
    try:
        result = check(exercise, answer)
    except AnswerFormatError as exc:
        return Assessment(exercise, answer, False, None, solution, format_error=str(exc))
    told = None if result.correct else hint(exercise, result, solution)
    return Assessment(exercise, answer, False, result, solution, told)


def outcome(
    exercise: Exercise,
    result: Grade,
    state: str,
    solution: Explanation | None = None,
    hint_text: str | None = None,
) -> Outcome:
    """The learner-facing outcome of an answer that moved the exercise to `state` (the
    solution and hint are computed here unless the caller computed them already)."""
    if state == "retry":
        text = hint_text or hint(exercise, result)
        return Outcome(exercise, result, "retry", text, hint=text)
    shown = solution or solve(exercise)
    if state == "solved":
        return Outcome(exercise, result, "solved", "Correct.", solution=shown)
    if state == "revealed":
        told = "" if result.correct else "Not quite. "
        feedback = f"{told}The answer is {result.expected}; the working is below."
        return Outcome(exercise, result, "revealed", feedback, solution=shown)
    verdict = "Correct" if result.correct else "Not quite"
    feedback = (
        f"{verdict}. This exercise is already closed, so this answer does not count: "
        "ask for a new exercise to practise more."
    )
    return Outcome(exercise, result, "closed", feedback, solution=shown)


def revealed(exercise: Exercise) -> Grade:
    """The grade a request for the solution gets: not an answer, not right."""
    expected = expected_text(exercise)
    return Grade(False, expected, f"The answer is {expected}; the working is below.")


def submit(exercise_id: str, answer: Any) -> Outcome:
    """Grade an answer with no record of earlier tries (a first try); for tests and tools."""
    exercise = exercise_from_id(exercise_id)
    result = check(exercise, answer)
    return outcome(exercise, result, "solved" if result.correct else "revealed")


def reveal(exercise_id: str) -> Outcome:
    exercise = exercise_from_id(exercise_id)
    return outcome(exercise, revealed(exercise), "revealed")


FORMAT_HINTS = {
    "number": "a number, such as 0.6, 3/5 or sqrt(29)",
    "vector": "a vector, such as [0.6, 0.8] or 0.6, 0.8",
    "matrix": "a matrix, such as [[1, 2], [3, 4]] or 1,2;3,4",
    "shape": "a shape, such as (64, 128, 128, 3)",
    "boolean": "yes or no",
    "choice": "the number or letter of a choice",
}
