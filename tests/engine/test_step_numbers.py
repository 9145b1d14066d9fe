"""Every step of every operation shows the same numbers in its text and in its MathML.

Run over each operation's example and over random valid inputs shaped like it
(hypothesis). Every step is built from a tree (the derivative rules too, since issue 10),
so its MathML is printed from that tree by `node_to_mathml`; a step that came back as a
hand-written text/LaTeX pair fails here.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mathforai.engine import OPERATIONS, InputError, explain
from mathforai.engine.explanation import Step
from mathforai.render.mathml import node_to_mathml
from tests.steps_numbers import mathml_numbers, text_numbers


def _mathml(step: Step) -> str:
    assert step.math is not None, f"a hand-written step: {step.text!r}"
    return node_to_mathml(step.math)


def _check(name: str, args: dict[str, Any]) -> None:
    expl = explain(name, args)
    for i, step in enumerate(expl.steps, 1):
        shown, typeset = text_numbers(step.text), mathml_numbers(_mathml(step))
        assert shown == typeset, f"{name} step {i}: text {step.text!r} vs LaTeX {step.latex!r}"


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_example_steps_show_the_same_numbers_in_text_and_mathml(name: str) -> None:
    _check(name, dict(OPERATIONS[name].example))


def _is_distribution(x: Any) -> bool:
    return (
        isinstance(x, list)
        and len(x) > 1
        and all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1 for v in x)
        and math.isclose(sum(x), 1.0)
    )


def _like(example: Any) -> st.SearchStrategy[Any]:
    """Random values shaped like an example value (distributions stay distributions)."""
    if isinstance(example, bool | str) or example is None:
        return st.just(example)
    if isinstance(example, int | float):
        if 0 < example < 1:
            return st.floats(0.01, 0.99).map(lambda x: round(x, 3))
        if isinstance(example, int) and example > 0:  # sizes and counts: mostly positive
            return st.one_of(st.integers(1, 9), st.integers(-9, 50))
        return st.one_of(st.integers(-9, 9), st.floats(-50, 50).map(lambda x: round(x, 2)))
    if _is_distribution(example):
        weights = st.lists(st.integers(1, 20), min_size=len(example), max_size=len(example))
        return weights.map(lambda w: [x / sum(w) for x in w])
    if isinstance(example, list):
        return st.tuples(*(_like(x) for x in example)).map(list)
    if isinstance(example, dict):
        return st.fixed_dictionaries({k: _like(v) for k, v in example.items()})
    return st.just(example)


@pytest.mark.parametrize("name", sorted(OPERATIONS))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_random_inputs_show_the_same_numbers_in_text_and_mathml(name: str, data: Any) -> None:
    args = data.draw(_like(dict(OPERATIONS[name].example)))
    try:
        explain(name, args)
    except InputError:
        assume(False)
    _check(name, args)
