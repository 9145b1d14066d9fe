"""Practice as the front ends use it: pick an exercise, grade an answer, reveal a solution.

Stateless: an exercise is rebuilt from its id, so any process can grade any answer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..engine import explain
from ..engine.explanation import Explanation
from .answers import parse_answer
from .exercise import Exercise
from .grading import Grade, expected_text, grade
from .registry import MAX_SEED, exercise_from_id, generators, make_exercise, pick

LEVELS = {"new": 0, "attempted": 0, "familiar": 1, "proficient": 2, "mastered": 3}


@dataclass(frozen=True)
class Outcome:
    exercise: Exercise
    grade: Grade
    solution: Explanation

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise_id": self.exercise.id,
            "correct": self.grade.correct,
            "expected": self.grade.expected,
            "feedback": self.grade.feedback,
            "solution": self.solution.to_dict(),
        }


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


def submit(exercise_id: str, answer: Any) -> Outcome:
    """Grade an answer; AnswerFormatError (no attempt used) when it cannot be read."""
    exercise = exercise_from_id(exercise_id)
    value = parse_answer(exercise, answer)
    return Outcome(exercise, grade(exercise, value), solve(exercise))


def reveal(exercise_id: str) -> Outcome:
    exercise = exercise_from_id(exercise_id)
    expected = expected_text(exercise)
    shown = Grade(False, expected, f"The answer is {expected}; the working is below.")
    return Outcome(exercise, shown, solve(exercise))


FORMAT_HINTS = {
    "number": "a number, such as 0.6, 3/5 or sqrt(29)",
    "vector": "a vector, such as [0.6, 0.8] or 0.6, 0.8",
    "matrix": "a matrix, such as [[1, 2], [3, 4]] or 1,2;3,4",
    "shape": "a shape, such as (64, 128, 128, 3)",
    "boolean": "yes or no",
    "choice": "the number or letter of a choice",
}
