"""What every generator shares: answers from the engine, and only the mistakes that a
learner's typed answer could actually be told apart by."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from ...engine import explain
from ..answers import AnswerFormatError, parse_answer
from ..exercise import AnswerFormat, Exercise, Misconception
from ..grading import expected_text, matches

Candidate = tuple[Any, str]
GeneratorFn = Callable[[random.Random], Exercise]


def result(op: str, args: dict[str, Any]) -> Any:
    """The engine's result for op(args): the only source of expected answers."""
    return explain(op, args).result


def told_apart(exercise: Exercise, value: Any, target: Any) -> bool:
    """Whether `value`, typed as a learner would round it, is graded unlike `target`."""
    if matches(exercise, value, target):
        return False
    try:
        typed = parse_answer(exercise, expected_text(replace(exercise, expected=value)))
    except AnswerFormatError:
        return False  # a mistake of another length or shape cannot be typed here
    return not matches(exercise, typed, target)


def keep_mistakes(exercise: Exercise, candidates: Iterable[Candidate]) -> Exercise:
    """The exercise with the candidate mistakes that differ from the answer and from each
    other at its tolerance (the first message wins when two give the same answer)."""
    kept: list[Misconception] = []
    for value, message in candidates:
        if value is None or (isinstance(value, float) and not math.isfinite(value)):
            continue
        if told_apart(exercise, value, exercise.expected) and all(
            told_apart(exercise, value, k.value) for k in kept
        ):
            kept.append(Misconception(value, message))
    return replace(exercise, misconceptions=tuple(kept))


def mistakes_for(
    answer_format: AnswerFormat,
    expected: Any,
    decimals: int | None,
    candidates: Sequence[Candidate],
    choices: tuple[str, ...] | None = None,
) -> tuple[Misconception, ...]:
    """keep_mistakes for a generator that builds its Exercise afterwards."""
    judge = Exercise(
        topic="",
        prompt="",
        answer_format=answer_format,
        expected=expected,
        solution_op="",
        solution_args={},
        decimals=decimals,
        choices=choices,
    )
    return keep_mistakes(judge, candidates).misconceptions


def version(number: int) -> Callable[[GeneratorFn], GeneratorFn]:
    """Mark a generator's version. Bump it whenever a seed would draw a different exercise
    (new random draws, new wording of the expected answer): ids of the old version are then
    refused instead of silently meaning another exercise."""

    def mark(make: GeneratorFn) -> GeneratorFn:
        make.version = number  # type: ignore[attr-defined]
        return make

    return mark
