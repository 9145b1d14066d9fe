"""`mathforai check` flags ASCII math (e^z, f'(6), d_k) in notes and titles (issue 10.3)."""

from __future__ import annotations

import pytest

from mathforai.course.asciimath import ascii_math, ascii_math_problems
from mathforai.course.loader import read_course


@pytest.mark.parametrize(
    "text", ["softmax of e^z", "the slope f'(6) is 12", "scores / √d_k", "grows like 10^3.7"]
)
def test_ascii_math_is_found(text: str) -> None:
    assert ascii_math(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "softmax of eᶻ",
        "the slope f′(6) is 12",
        "scores / √dₖ",
        "numpy's `np.var(x, ddof=1)` and `x**2` are code",
        "axes such as token_id and p_a_and_b are names, not math",
        "clipped to 1e-12",
    ],
)
def test_typeset_text_and_code_spans_pass(text: str) -> None:
    assert ascii_math(text) is None


def test_the_course_and_every_operation_are_free_of_ascii_math() -> None:
    assert ascii_math_problems(read_course()) == []
