"""Reading typed answers: forms a learner uses, and clear format errors for the rest."""

from __future__ import annotations

import math
import os
import time

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforai.engine.expressions import to_pretty, to_text
from mathforai.engine.notation import DIGITS, mat, num, vec
from mathforai.practice.answers import (
    MAX_ANSWER,
    AnswerFormatError,
    parse_answer,
    parse_boolean,
    parse_choice,
    parse_matrix,
    parse_number,
    parse_shape,
    parse_vector,
)
from mathforai.practice.exercise import Exercise
from mathforai.practice.grading import expected_text, grade
from mathforai.practice.registry import MAX_SEED, generators, make_exercise


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5", 5.0),
        ("-0.25", -0.25),
        ("3/5", 0.6),
        ("sqrt(29)", math.sqrt(29)),
        ("√25", 5.0),
        ("2^10", 1024.0),
        ("-2^2", -4.0),
        ("1.5e-3", 0.0015),
        ("ln(e)", 1.0),
        ("(1 + 2) * 3", 9.0),
        ("2 × 3 − 1", 5.0),
        # One grammar (issue 9.4): what the engine itself prints reads back.
        ("2pi", 2 * math.pi),
        ("2π", 2 * math.pi),
        ("2·3", 6.0),
        ("3²", 9.0),
        ("√4", 2.0),
        ("−3", -3.0),
        ("1e-3", 0.001),
        ("9·1²", 9.0),
        ("2√3", 2 * math.sqrt(3)),
        ("√(9 + 16)", 5.0),
        ("10⁻²", 0.01),
        ("6 ÷ 4", 1.5),
        ("e^2", math.e**2),
    ],
)
def test_numbers_as_learners_type_them(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "1 +",
        "(1",
        "2^^3",
        "1/0",
        "sqrt(-1)",
        "9^9^9",
        "__import__('os')",
        "2x",
        "inf",
        "nan",
        "exp(exp(exp(10)))",
    ],
)
def test_unreadable_numbers_are_format_errors(text: str) -> None:
    with pytest.raises(AnswerFormatError):
        parse_number(text)


def test_vectors_matrices_shapes_booleans_choices() -> None:
    assert parse_vector("[0.6, 0.8]") == [0.6, 0.8]
    assert parse_vector("0.6, 0.8", length=2) == [0.6, 0.8]
    assert parse_vector("(3/5 4/5)") == [0.6, 0.8]
    assert parse_matrix("[[1, 2], [3, 4]]") == [[1, 2], [3, 4]]
    assert parse_matrix("1,2;3,4", (2, 2)) == [[1, 2], [3, 4]]
    assert parse_shape("(64, 128, 128, 3)") == [64, 128, 128, 3]
    assert parse_shape("2×4") == [2, 4]
    assert parse_shape("64x128x3") == [64, 128, 3]
    assert parse_vector("[√2/2, −√2/2]") == pytest.approx([0.7071068, -0.7071068])
    assert parse_vector("(3/5 sqrt(16)/5)") == [0.6, 0.8]
    rows = parse_matrix("[[1, 2pi], [3², −4]]")
    assert rows[0] == pytest.approx([1, 2 * math.pi]) and rows[1] == [9, -4]
    assert parse_boolean("Yes") is True
    assert parse_boolean("false") is False
    assert parse_choice("b", ("x", "y", "z")) == 1
    assert parse_choice("3", ("x", "y", "z")) == 2
    assert parse_choice("Y", ("x", "y", "z")) == 1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: parse_vector("[1, 2, 3]", length=2), "expected 2 numbers, got 3"),
        (lambda: parse_matrix("1,2;3", None), "same number of entries"),
        (lambda: parse_matrix("1,2;3,4", (2, 3)), "expected a 2×3 matrix"),
        (lambda: parse_shape("(64, 128.5)"), "whole numbers"),
        (lambda: parse_boolean("maybe"), "yes or no"),
        (lambda: parse_choice("7", ("a", "b")), "pick one of the choices"),
    ],
)
def test_format_errors_say_what_was_expected(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AnswerFormatError, match=message):
        call()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_a_number_or_a_format_error_never_a_crash(text: str) -> None:
    marker = "/tmp/mathforai-answer-pwned"
    try:
        value = parse_number(text)
    except AnswerFormatError:
        return
    assert math.isfinite(value)
    assert not os.path.exists(marker)


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_a_printed_float_reads_back(x: float) -> None:
    assert parse_number(repr(x)) == pytest.approx(x)


@pytest.mark.parametrize("prefix", ["-", "√", "2^", "(", "sqrt(", "−"])
def test_two_thousand_deep_input_is_a_format_error_not_a_crash(prefix: str) -> None:
    text = (prefix * 2000)[: MAX_ANSWER - 1] + "2"
    start = time.perf_counter()
    for reader in (parse_number, parse_vector, parse_shape):
        with pytest.raises(AnswerFormatError):
            reader(text)
    with pytest.raises(AnswerFormatError):
        parse_matrix("[[" + text + "]]")
    assert time.perf_counter() - start < 1.0


def test_deep_answers_through_parse_answer_are_format_errors() -> None:
    exercise = Exercise("1.2", "?", "number", 2.0, "magnitude", {"v": [2]})
    for answer in ("-" * 2000 + "2", "√" * 1999 + "4", "2^" * 999 + "2"):
        with pytest.raises(AnswerFormatError):
            parse_answer(exercise, answer)
    nested: list[object] = []
    for _ in range(5000):
        nested = [nested]
    with pytest.raises(AnswerFormatError):
        parse_answer(exercise, nested)


def test_a_format_error_is_not_a_wrong_answer() -> None:
    exercise = Exercise("1.2", "?", "number", 5.0, "magnitude", {"v": [3, 4]})
    assert not grade(exercise, parse_answer(exercise, "4")).correct  # readable, wrong
    with pytest.raises(AnswerFormatError, match="as a number") as unreadable:
        parse_answer(exercise, "five")  # unreadable: costs nothing
    # It says what a number looks like, not the whole expression grammar.
    assert "written with digits" in str(unreadable.value)
    assert "variables are" not in str(unreadable.value)
    with pytest.raises(AnswerFormatError, match="not an expression in x"):
        parse_answer(exercise, "5x")


def test_a_superscript_digit_is_not_a_choice_number() -> None:
    with pytest.raises(AnswerFormatError):
        parse_choice("²", ("a", "b", "c"))


# ---------------------------------------------------------------- one grammar, both ways


def _printed_forms(exercise: Exercise) -> list[str]:
    """Every way the engine writes this exercise's expected answer."""
    value, fmt = exercise.expected, exercise.answer_format
    forms = [expected_text(exercise)]
    coarse = exercise.decimals is not None and exercise.decimals <= DIGITS - 1
    if fmt == "number":
        forms += [repr(float(value)), num(value, 12)] + ([num(value)] if coarse else [])
    elif fmt == "vector":
        forms += [vec(value, 12), repr([float(v) for v in value])]
        forms += [vec(value)] if coarse else []
    elif fmt == "matrix":
        forms += [mat(value, 12)] + ([mat(value)] if coarse else [])
    elif fmt == "shape":
        forms += ["×".join(str(int(v)) for v in value), vec(value)]
    # A learner pasting from the typeset page gets the Unicode minus.
    return forms + [f.replace("-", "−") for f in forms if "-" in f and fmt != "choice"]


def _reads_back(exercise: Exercise) -> None:
    for typed in _printed_forms(exercise):
        assert grade(exercise, parse_answer(exercise, typed)).correct, (exercise.id, typed)


KINDS = [(topic, kind) for topic, gens in sorted(generators().items()) for kind in range(len(gens))]


@pytest.mark.parametrize(("topic", "kind"), KINDS, ids=[f"{t}:{k}" for t, k in KINDS])
def test_every_printed_expected_answer_reads_back_correct(topic: str, kind: int) -> None:
    for seed in range(20):
        _reads_back(make_exercise(topic, kind, seed))


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(KINDS), st.integers(min_value=0, max_value=MAX_SEED))
def test_printed_answers_read_back_for_any_seed(kind: tuple[str, int], seed: int) -> None:
    _reads_back(make_exercise(kind[0], kind[1], seed))


@pytest.mark.parametrize(
    "value",
    [
        sympy.Rational(3, 5),
        -sympy.Rational(7, 2),
        sympy.sqrt(29),
        2 * sympy.pi,
        sympy.E**2,
        -3 * sympy.sqrt(2) / 2,
        sympy.Integer(10) ** -3,
        sympy.Float(0.125),
    ],
)
def test_the_engine_printers_read_back(value: sympy.Expr) -> None:
    for text in (to_text(value), to_pretty(value)):
        assert parse_number(text) == pytest.approx(float(value)), text


def test_a_substituted_working_reads_back() -> None:
    # The working of a derivative at a point writes 9·1², 3·(-2)² and the like.
    x = sympy.Symbol("x")
    for expr, at in ((9 * x**2, 1), (3 * x**2 + 2 * x, -2), (sympy.sqrt(x) / 2, 16)):
        shown = to_pretty(expr, {x: sympy.Integer(at)})
        assert parse_number(shown) == pytest.approx(float(expr.subs(x, at))), shown
