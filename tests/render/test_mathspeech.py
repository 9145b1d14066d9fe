"""Every formula has words: a header or a quiz choice holding only math is never nameless."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathforai.engine import explain
from mathforai.render.mathml import latex_to_mathml, node_to_mathml
from mathforai.render.mathspeech import speech, with_label

LABEL = re.compile(r'<math\b[^>]*\baria-label="([^"]*)"')


@pytest.mark.parametrize(
    ("latex", "words"),
    [
        (r"\log p", "log p"),
        (r"\cos\theta", "cos θ"),
        (r"J_f\,J_g", "J sub f J sub g"),
        (r"x^2 + 1", "x squared plus 1"),
        (r"W^\top x", "W transpose x"),
        (r"\frac{a}{b}", "a over b"),
        (r"\sqrt{29}", "square root of 29"),
        (r"-\log p", "minus log p"),
    ],
)
def test_lesson_math_is_labelled_with_a_reading_of_itself(latex: str, words: str) -> None:
    match = LABEL.search(latex_to_mathml(latex))
    assert match is not None
    assert match.group(1) == words


def test_every_formula_in_a_worked_example_is_labelled() -> None:
    expl = explain("dot", {"u": [1, -2], "v": [3, 4]})
    mathml = [node_to_mathml(step.math) for step in expl.steps if step.math is not None]
    assert mathml, "dot should have structured steps"
    for one in mathml:
        match = LABEL.search(one)
        assert match is not None and match.group(1).strip(), one


def test_a_label_is_never_added_twice_and_broken_markup_is_left_alone() -> None:
    once = latex_to_mathml("x")
    assert with_label(once) == once
    assert with_label("<math><mi>x</mi>") == "<math><mi>x</mi>"  # not well-formed: unchanged
    assert speech("not math") == ""


@given(st.text(alphabet="ab<>&\"'xyz", max_size=12))
def test_the_label_is_always_a_well_formed_attribute(text: str) -> None:
    mathml = f'<math xmlns="http://www.w3.org/1998/Math/MathML"><mtext>{text}</mtext></math>'
    labelled = with_label(mathml)
    match = LABEL.search(labelled)
    if match is not None:
        assert '"' not in match.group(1) and "<" not in match.group(1)
