"""Reading typed answers: forms a learner uses, and clear format errors for the rest."""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforai.practice.answers import (
    AnswerFormatError,
    parse_boolean,
    parse_choice,
    parse_matrix,
    parse_number,
    parse_shape,
    parse_vector,
)


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
    ],
)
def test_numbers_as_learners_type_them(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["", "abc", "1 +", "(1", "2^^3", "1/0", "sqrt(-1)", "9^9^9", "__import__('os')"]
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
