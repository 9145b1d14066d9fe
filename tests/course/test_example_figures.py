"""Worked examples carry their operation's figure, and a page never repeats an id."""

from __future__ import annotations

import re
from collections import Counter

from mathforai.course.loader import load_course
from mathforai.render.svg import figure

COURSE = load_course()


def _html(doc: object) -> str:
    return "".join(getattr(b, "html", "") for b in doc.blocks)  # type: ignore[attr-defined]


def test_every_example_whose_operation_draws_shows_its_figure() -> None:
    for doc in COURSE.documents:
        html = _html(doc)
        for example in doc.examples:
            if example.explanation is None or not example.id:
                continue
            block = html.split(f'id="example-{example.id}"', 1)[1].split("</figure>\n", 1)[0]
            has_figure = figure(example.explanation) is not None
            assert ('class="example-figure"' in block) == has_figure, (doc.id, example.id)
            if has_figure:
                assert "<title>" in block and "<desc>" in block


def test_figure_ids_are_unique_on_every_page() -> None:
    for doc in COURSE.documents:
        ids = Counter(re.findall(r'\bid="([^"]+)"', _html(doc)))
        repeated = [i for i, n in ids.items() if n > 1]
        assert not repeated, (doc.id, repeated)
