"""Reading a learner's typed answer: 3/5, sqrt(29), 2pi, [0.6, 0.8], 1,2;3,4, (64, 128, 3), yes.

One grammar: every number is read by the engine's own expression parser (never eval, never
sympy's parser) and evaluated by its bounded float evaluator, so whatever the engine prints
in its working (9·1², √4, 2π, −3) reads back. This module only splits the containers:
vectors, matrices and shapes into their numbers.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..engine.inputs import MAX_EXPRESSION, InputError
from .exercise import Exercise


class AnswerFormatError(ValueError):
    """The answer cannot be read as the expected format; it costs no attempt."""


MAX_ANSWER = 2000


def parse_number(text: str) -> float:
    """A number as a learner types it, read by the engine's own grammar and evaluated in floats.

    0.6, −3, 3/5, sqrt(29), √4, 2pi, 2·3, 3², 9·1², 2^10, 1.5e-3: whatever the engine prints
    in its working reads back here.
    """
    from ..engine.evaluator import evaluate
    from ..engine.expressions import parse

    shown = text.strip()
    if not shown:
        raise AnswerFormatError("the answer is empty: type a number such as 0.6 or 3/5")
    if len(shown) > MAX_EXPRESSION:
        raise AnswerFormatError(f"a number is at most {MAX_EXPRESSION} characters long")
    try:
        expr = parse(shown, "answer")
    except InputError as exc:
        reason = exc.message
        if reason.startswith("unknown name"):
            # The expression grammar's list of variables and functions is noise here.
            reason = reason.split(":", 1)[0] + " (a number is written with digits)"
        raise AnswerFormatError(f"could not read {_short(shown)!r} as a number: {reason}") from None
    if expr.free_symbols:
        names = ", ".join(sorted(str(s) for s in expr.free_symbols))
        raise AnswerFormatError(f"the answer is a number, not an expression in {names}")
    value = evaluate(expr, {})
    if value is None:
        raise AnswerFormatError(
            f"{_short(shown)!r} has no value (a division by zero or a root of a negative)"
        )
    if not math.isfinite(value):
        raise AnswerFormatError(f"{_short(shown)!r} is too large to be an answer")
    return value


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:27] + "..."


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch in "[("
        depth -= ch in ")]"
        if depth < 0:
            return False
    return depth == 0


def _unwrap(text: str, what: str) -> str:
    """The text inside one outer pair of brackets (if any); unbalanced brackets are an error."""
    s = text.strip()
    if not _balanced(s):
        raise AnswerFormatError(f"the brackets of the {what} do not match")
    if s[:1] in "[(" and s:
        depth = 0
        for i, ch in enumerate(s):
            depth += ch in "[("
            depth -= ch in ")]"
            if depth == 0:
                # The first bracket closes at the very end: it wraps the whole answer.
                return s[1:-1].strip() if i == len(s) - 1 else s
    return s


def parse_vector(text: str, length: int | None = None) -> list[float]:
    """[0.6, 0.8], 0.6, 0.8 or (0.6 0.8)."""
    body = _unwrap(text, "number list")
    parts = body.split(",") if "," in body else _top_level_words(body.replace(";", " "))
    if not parts or not body:
        raise AnswerFormatError("write the vector as numbers separated by commas, like [0.6, 0.8]")
    values = [parse_number(p) for p in parts]
    if length is not None and len(values) != length:
        raise AnswerFormatError(f"expected {length} numbers, got {len(values)}")
    return values


def _top_level_words(body: str) -> list[str]:
    """Split on spaces outside brackets: (3/5 4/5) is two numbers, sqrt(x + 1) stays one."""
    words, depth, start = [], 0, 0
    for i, ch in enumerate(body):
        depth += ch in "[("
        depth -= ch in ")]"
        if ch.isspace() and depth == 0:
            words.append(body[start:i])
            start = i + 1
    words.append(body[start:])
    return [w for w in words if w.strip()]


def parse_matrix(text: str, shape: tuple[int, int] | None = None) -> list[list[float]]:
    """[[1, 2], [3, 4]] or 1,2;3,4."""
    s = text.strip()
    if not _balanced(s):
        raise AnswerFormatError("the brackets of the matrix do not match")
    if s.startswith("[["):
        rows = [r for r in re.split(r"\]\s*,?\s*\[", s.strip("[] ")) if r.strip()]
    else:
        rows = [r for r in s.split(";") if r.strip()]
    matrix = [parse_vector(r) for r in rows]
    if not matrix:
        raise AnswerFormatError("write the matrix as rows, like [[1, 2], [3, 4]] or 1,2;3,4")
    if len({len(r) for r in matrix}) != 1:
        raise AnswerFormatError("every row of the matrix needs the same number of entries")
    if shape is not None and (len(matrix), len(matrix[0])) != shape:
        got = f"{len(matrix)}×{len(matrix[0])}"
        raise AnswerFormatError(f"expected a {shape[0]}×{shape[1]} matrix, got {got}")
    return matrix


def parse_shape(text: str, length: int | None = None) -> list[int]:
    """(64, 128, 128, 3), [3, 4], 64x128x3 or 2×4."""
    body = _unwrap(text, "shape")
    parts = [p for p in re.split(r"\s*[,x×*]\s*|\s+", body) if p]
    if not parts:
        raise AnswerFormatError("write the shape as whole numbers, like (64, 128, 128, 3)")
    sizes = [_whole(p) for p in parts]
    if length is not None and len(sizes) != length:
        raise AnswerFormatError(f"expected a shape with {length} numbers, got {len(sizes)}")
    return sizes


def _whole(text: str) -> int:
    try:
        value = parse_number(text)
    except AnswerFormatError:
        value = math.nan
    if not (value.is_integer() and 0 <= value <= 1e12):
        raise AnswerFormatError(
            f"write the shape as whole numbers, like (64, 128, 128, 3); {_short(text)!r} is not one"
        )
    return int(value)


_YES = {"yes", "y", "true", "t", "1"}
_NO = {"no", "n", "false", "f", "0"}


def parse_boolean(text: str) -> bool:
    word = text.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise AnswerFormatError("answer yes or no")


def parse_choice(text: str, choices: tuple[str, ...]) -> int:
    """A choice by number (1-based, as shown), letter (a, b, …) or its exact text."""
    s = text.strip()
    if s.isascii() and s.isdigit() and 1 <= int(s) <= len(choices):  # never "²"
        return int(s) - 1
    if len(s) == 1 and s.isalpha() and ord(s.lower()) - 97 < len(choices):
        return ord(s.lower()) - 97
    for i, choice in enumerate(choices):
        if s.lower() == choice.lower():
            return i
    raise AnswerFormatError(
        f"pick one of the choices: 1–{len(choices)} (or a–{chr(96 + len(choices))})"
    )


def parse_answer(exercise: Exercise, answer: Any) -> Any:
    """The answer as a value of the exercise's format, or AnswerFormatError."""
    if isinstance(answer, int | float) and not isinstance(answer, bool):
        answer = repr(answer)
    if isinstance(answer, list):
        try:
            answer = repr(answer)
        except RecursionError:  # a list nested thousands deep
            raise AnswerFormatError("the answer is nested too deeply") from None
    if isinstance(answer, bool):
        answer = "yes" if answer else "no"
    if not isinstance(answer, str):
        raise AnswerFormatError("the answer must be text")
    if len(answer) > MAX_ANSWER:
        raise AnswerFormatError(f"the answer is longer than {MAX_ANSWER} characters")
    fmt = exercise.answer_format
    if fmt == "number":
        return parse_number(answer)
    if fmt == "vector":
        return parse_vector(answer, exercise.length)
    if fmt == "matrix":
        rows, cols = len(exercise.expected), len(exercise.expected[0])
        return parse_matrix(answer, (rows, cols))
    if fmt == "shape":
        return parse_shape(answer, exercise.length)
    if fmt == "boolean":
        return parse_boolean(answer)
    return parse_choice(answer, exercise.choices or ())
