"""The notebook front end shows the same working as the CLI and the API."""

from __future__ import annotations

import pytest

from mathforai.engine import InputError
from mathforai.engine import explain as engine_explain
from mathforai.notebook import explain
from mathforai.render.text import to_text


def test_html_repr_has_the_steps_and_a_figure() -> None:
    shown = explain("cosine", u=[3, 4], v=[6, 8])
    html = shown._repr_html_()
    assert 'class="explanation"' in html and "<math" in html
    assert "<svg" in html
    assert shown.result == pytest.approx(
        engine_explain("cosine", {"u": [3, 4], "v": [6, 8]}).result
    )


def test_latex_and_text_reprs_match_the_cli_printers() -> None:
    shown = explain("dot", u=[1, 2, 3], v=[4, 5, 6])
    expected = engine_explain("dot", {"u": [1, 2, 3], "v": [4, 5, 6]})
    assert str(shown) == to_text(expected)
    latex = shown._repr_latex_()
    assert latex.startswith("$$\\begin{aligned}") and latex.endswith("$$")
    assert shown.to_dict() == expected.to_dict()


def test_bad_input_raises_the_engines_clear_error() -> None:
    with pytest.raises(InputError, match="same length"):
        explain("dot", u=[1, 2], v=[1])
