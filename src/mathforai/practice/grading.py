"""Grading by tolerance, with feedback that names a known mistake when it explains the answer."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..engine.notation import num
from .exercise import Exercise


@dataclass(frozen=True)
class Grade:
    correct: bool
    expected: str
    feedback: str
    mistake: str | None = None
    """The named misconception a wrong answer matches, if any (told before a second try)."""


def tolerance(exercise: Exercise) -> float:
    """Half a unit in the last decimal asked for ("to 3 decimals" accepts ±0.0005)."""
    if exercise.decimals is None:
        return 1e-9
    return 0.5 * 10.0 ** (-exercise.decimals) + 1e-12


def matches(exercise: Exercise, value: Any, target: Any) -> bool:
    """Whether a parsed answer equals a target value, by the exercise's tolerance."""
    fmt, tol = exercise.answer_format, tolerance(exercise)
    if fmt in ("choice", "boolean", "shape"):
        return value == target
    if fmt == "number":
        return _close(value, target, tol)
    if fmt == "vector":
        return len(value) == len(target) and all(_close(a, b, tol) for a, b in zip(value, target))
    if fmt == "matrix":
        return len(value) == len(target) and all(
            len(r) == len(t) and all(_close(a, b, tol) for a, b in zip(r, t))
            for r, t in zip(value, target)
        )
    raise ValueError(f"unknown answer format {fmt}")


def _close(a: float, b: float, tol: float) -> bool:
    return math.isclose(a, b, abs_tol=tol, rel_tol=1e-9)


def expected_text(exercise: Exercise) -> str:
    """The expected answer written so that typing it back is graded correct."""
    value, fmt = exercise.expected, exercise.answer_format
    if fmt == "number":
        return _rounded(value, exercise.decimals)
    if fmt == "vector":
        return "[" + ", ".join(_rounded(x, exercise.decimals) for x in value) + "]"
    if fmt == "matrix":
        rows = ("[" + ", ".join(_rounded(x, exercise.decimals) for x in r) + "]" for r in value)
        return "[" + ", ".join(rows) + "]"
    if fmt == "shape":
        return "(" + ", ".join(str(int(x)) for x in value) + ")"
    if fmt == "boolean":
        return "yes" if value else "no"
    return (exercise.choices or ())[value]


def _rounded(x: float, decimals: int | None) -> str:
    if decimals is None:
        return num(x, 12)
    return num(round(x, decimals), decimals)


def grade(exercise: Exercise, value: Any) -> Grade:
    """Grade an already-parsed answer."""
    expected = expected_text(exercise)
    if matches(exercise, value, exercise.expected):
        return Grade(True, expected, "Correct.")
    for mistake in exercise.misconceptions:
        if matches(exercise, value, mistake.value):
            return Grade(False, expected, f"Not quite: {mistake.message}", mistake.message)
    return Grade(False, expected, f"Not quite. The answer is {expected}; the working is below.")
