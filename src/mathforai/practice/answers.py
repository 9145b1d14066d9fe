"""Reading a learner's typed answer: 3/5, sqrt(29), [0.6, 0.8], 1,2;3,4, (64, 128, 3), yes.

A small arithmetic reader of our own (no eval, no sympy parser): numbers, + − × ÷ ^,
parentheses, sqrt/√, exp, log/ln, e and pi.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .exercise import Exercise


class AnswerFormatError(ValueError):
    """The answer cannot be read as the expected format; it costs no attempt."""


_TOKEN = re.compile(
    r"\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z]+)|(\*\*|[-+*/^()√×÷−]))"
)
_FUNCS = {"sqrt": math.sqrt, "exp": math.exp, "log": math.log, "ln": math.log}
_CONSTS = {"e": math.e, "pi": math.pi}
MAX_ANSWER = 2000


def parse_number(text: str) -> float:
    """A number written as a learner would: 0.6, -3, 3/5, sqrt(29), 2^10, 1.5e-3."""
    tokens = _tokenize(text)
    reader = _Reader(tokens, text)
    value = reader.expr()
    if reader.pos != len(tokens):
        raise AnswerFormatError(f"could not read {text.strip()!r} as a number")
    if not math.isfinite(value):
        raise AnswerFormatError("the answer must be a finite number")
    return value


def _tokenize(text: str) -> list[str]:
    text = text.strip().replace("−", "-").replace("×", "*").replace("÷", "/").replace("**", "^")
    if not text:
        raise AnswerFormatError("the answer is empty")
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise AnswerFormatError(f"unexpected {text[pos:].strip()[:10]!r} in the answer")
        tokens.append(m.group(m.lastindex or 0))
        pos = m.end()
        if text[pos:].strip() == "":
            break
    return tokens


class _Reader:
    def __init__(self, tokens: list[str], text: str) -> None:
        self.tokens, self.text, self.pos, self.depth = tokens, text, 0, 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        tok = self.peek()
        if tok is None:
            raise AnswerFormatError(f"{self.text.strip()!r} ends too soon")
        self.pos += 1
        return tok

    def expr(self) -> float:
        value = self.term()
        while self.peek() in ("+", "-"):
            value = value + self.term() if self.take() == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.unary()
        while self.peek() in ("*", "/"):
            op, right = self.take(), self.unary()
            if op == "/" and right == 0:
                raise AnswerFormatError("division by zero in the answer")
            value = value * right if op == "*" else value / right
        return value

    def unary(self) -> float:
        if self.peek() in ("-", "+"):
            return -self.unary() if self.take() == "-" else self.unary()
        return self.power()

    def power(self) -> float:
        base = self.atom()
        if self.peek() == "^":
            self.take()
            exponent = self.unary()
            if abs(exponent) > 1000 or abs(base) > 1e100:
                raise AnswerFormatError("that power is too large to be an answer")
            try:
                return float(base**exponent)
            except (OverflowError, ZeroDivisionError, TypeError):
                raise AnswerFormatError("that power cannot be computed") from None
        return base

    def atom(self) -> float:
        tok = self.take()
        if tok[0].isdigit() or tok[0] == ".":
            return float(tok)
        if tok == "(":
            return self.group()
        if tok == "√":
            return self._apply(math.sqrt, self.atom(), "sqrt")
        name = tok.lower()
        if name in _CONSTS:
            return _CONSTS[name]
        if name in _FUNCS:
            if self.take() != "(":
                raise AnswerFormatError(f"write {name}(...) with parentheses")
            return self._apply(_FUNCS[name], self.group(), name)
        raise AnswerFormatError(f"unexpected {tok!r} in the answer")

    def group(self) -> float:
        self.depth += 1
        if self.depth > 20:
            raise AnswerFormatError("too many nested parentheses")
        value = self.expr()
        if self.take() != ")":
            raise AnswerFormatError("a parenthesis is not closed")
        self.depth -= 1
        return value

    @staticmethod
    def _apply(func: Any, value: float, name: str) -> float:
        try:
            return float(func(value))
        except (ValueError, OverflowError):
            raise AnswerFormatError(f"{name} is undefined for {value:g}") from None


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
    parts = [p for p in re.split(r"[,;\s]+", body) if p] if "," not in body else body.split(",")
    if not parts or not body:
        raise AnswerFormatError("write the vector as numbers separated by commas, like [0.6, 0.8]")
    values = [parse_number(p) for p in parts]
    if length is not None and len(values) != length:
        raise AnswerFormatError(f"expected {length} numbers, got {len(values)}")
    return values


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
    if not parts or not all(p.isdigit() for p in parts):
        raise AnswerFormatError("write the shape as whole numbers, like (64, 128, 128, 3)")
    if length is not None and len(parts) != length:
        raise AnswerFormatError(f"expected a shape with {length} numbers, got {len(parts)}")
    return [int(p) for p in parts]


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
    if s.isdigit() and 1 <= int(s) <= len(choices):
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
        answer = repr(answer)
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
