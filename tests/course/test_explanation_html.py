"""render/html.py: the markup shared by lesson examples and widget output.

(Kept under tests/course/ because the course pipeline owns render/html.py.)
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from mathforai.engine import explain
from mathforai.engine.explanation import Explanation, Step
from mathforai.render.html import explanation_html, result_html


class _Tags(HTMLParser):
    """Checks that every opened element is closed in order."""

    VOID = frozenset({"br", "hr", "img", "input", "mspace", "meta", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.ok = False


def _well_formed(html: str) -> bool:
    parser = _Tags()
    parser.feed(html)
    return parser.ok and not parser.stack


def test_dot_explanation_shows_inputs_steps_result_and_notes() -> None:
    html = explanation_html(explain("dot", {"u": [1, 2, 3], "v": [4, 5, 6]}))
    assert html.startswith('<div class="explanation" data-op="dot">')
    assert "<dt>u</dt><dd>[1, 2, 3]</dd>" in html
    steps = re.findall(r'<li class="step">(.*?)</li>', html)
    assert len(steps) == 2
    assert all('<span class="math"><math' in s for s in steps)
    assert '<span class="note">multiply matching positions</span>' in steps[0]
    assert (
        '<p class="result"><span class="label">Result:</span> <span class="value">32</span></p>'
        in html
    )
    assert '<ul class="notes">' in html
    assert _well_formed(html)


def test_step_without_latex_or_note_and_no_notes() -> None:
    expl = Explanation("demo", {"at": None}, 0.5, [Step("a < b", "", "")], [])
    html = explanation_html(expl)
    assert '<span class="text">a &lt; b</span>' in html
    assert 'class="note"' not in html
    assert 'class="notes"' not in html
    assert 'class="inputs"' not in html  # None inputs are not shown


def test_result_is_rounded_for_reading() -> None:
    assert result_html(1 / 3) == '<span class="value">0.3333</span>'
    assert result_html([1.96, 0.05000000001]) == '<span class="value">[1.96, 0.05]</span>'
    assert result_html({"posterior": 0.16101}) == '<span class="value">posterior: 0.161</span>'
    assert result_html(True) == '<span class="value">true</span>'


def test_a_result_with_several_parts_is_a_small_table() -> None:
    expl = Explanation("demo", {}, {"independent": False, "rank": 2, "whole_space": None}, [], [])
    html = explanation_html(expl)
    assert '<table class="result-table">' in html and "key = value" not in html
    assert '<th scope="row">independent</th><td><span class="value">no</span></td>' in html
    assert '<th scope="row">whole space</th>' not in html  # null: does not apply, not "none"
    assert _well_formed(html)


@settings(max_examples=50)
@given(
    note=st.text(max_size=30),
    text=st.text(max_size=30),
    name=st.text(min_size=1, max_size=10),
    value=st.text(max_size=30),
)
def test_all_text_is_escaped(note: str, text: str, name: str, value: str) -> None:
    expl = Explanation("op<&>", {name: value}, value, [Step(text, "", note)], [note])
    html = explanation_html(expl)
    assert _well_formed(html)
    assert "<script" not in html.replace("&lt;script", "")
