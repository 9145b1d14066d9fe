"""Inputs and results of a worked example: long lists are elided and say how long they
are; expressions are typeset for reading."""

from mathforai.engine.registry import explain
from mathforai.render.html import explanation_html
from mathforai.render.text import readable_expression, to_text


def test_a_long_input_list_is_elided_with_its_length() -> None:
    html = explanation_html(explain("logprob", {"p": [0.001] * 200}))
    inputs = html.split('<dl class="inputs">', 1)[1].split("</dl>", 1)[0]
    assert "(200 entries)" in inputs
    assert "…" in inputs
    assert inputs.count("0.001") == 8


def test_a_short_input_list_is_shown_whole() -> None:
    html = explanation_html(explain("dot", {"u": [1, 2, 3], "v": [4, 5, 6]}))
    inputs = html.split('<dl class="inputs">', 1)[1].split("</dl>", 1)[0]
    assert "[1, 2, 3]" in inputs and "entries" not in inputs


def test_an_expression_result_is_typeset_for_reading_but_parseable_in_json() -> None:
    expl = explain("derivative", {"f": "x^2 + 3*x", "at": 2})
    assert expl.to_dict()["result"]["derivative"] == "2*x + 3"  # our input syntax, for programs
    assert '<span class="value">2x + 3</span>' in explanation_html(expl)
    assert "2*x" not in to_text(expl)


def test_a_string_result_that_is_not_an_expression_is_shown_as_it_is() -> None:
    assert readable_expression("whole space") == "whole space"
    assert readable_expression("n/a: not an expression*") == "n/a: not an expression*"
