"""The lesson's "Try it": its first widget offered again near the top of the page.

A lesson places its widgets where its prose discusses them, often 4,000 px down. So that
a learner can play within the first screen or two, the first widget is also shown right
after the lesson's opening section (the idea and, most often, its definition); it is the same view,
drawn a second time under its own ids by the template. Nothing here computes anything.
"""

from __future__ import annotations

import re
from typing import Any

SECTION = re.compile(r"<h2[\s>]")
# After the opening section (the idea, most often with its definition).
SECTIONS_FIRST = 1


def with_try_it(items: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """`items` with ("try-it", first widget view) inserted after the opening sections,
    or unchanged when the lesson has no widget or its first widget already comes early."""
    first = next((i for i, (kind, _) in enumerate(items) if kind == "widget"), None)
    if first is None or first == 0 or items[0][0] != "html":
        return items
    html = items[0][1]
    starts = [m.start() for m in SECTION.finditer(html)]
    if len(starts) <= SECTIONS_FIRST:  # the widget already follows the definition
        return items
    cut = starts[SECTIONS_FIRST]
    view = items[first][1]
    return [("html", html[:cut]), ("try-it", view), ("html", html[cut:]), *items[1:]]
