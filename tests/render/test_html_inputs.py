"""Inputs of a worked example: long lists are elided and say how long they are."""

from mathforai.engine.registry import explain
from mathforai.render.html import explanation_html


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
