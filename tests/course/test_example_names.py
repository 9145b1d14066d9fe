"""An example names its operands as the lesson does (issue 10.2): W and x, not A and B."""

from __future__ import annotations

from mathforai.course.markdown import render_markdown

LAYER = """
```example
op: matmul
names: {A: W, B: x}
args:
  A: [[2, 1], [0, 3]]
  B: [4, 5]
```
"""


def test_example_steps_use_the_lessons_names() -> None:
    html, problems = render_markdown(LAYER, {})
    assert problems == []
    assert "<mi>W</mi>" in html and "<mi>x</mi>" in html
    assert "<mi>A</mi>" not in html and "<mi>B</mi>" not in html
    assert "Order matters" not in html  # not true of a matrix times a vector


def test_names_that_are_not_a_mapping_are_a_problem() -> None:
    _, problems = render_markdown(LAYER.replace("{A: W, B: x}", "[W, x]"), {})
    assert any("names must map arguments to names" in p for p in problems)
