"""The course aids built from the lessons: each topic's Key points, and the cheat sheets.

A lesson ends with a `## Key points` list; the printable cheat sheet of a part is those
lists side by side, so the summary a learner prints is the one they read in the lesson.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..engine.registry import OPERATIONS
from .model import GLOSSARY_ID, NOTATION_ID, Course, Document, HtmlBlock, Part, Topic

KEY_POINTS_ANCHOR = "key-points"
MIN_KEY_POINTS = 2
_KEY_POINTS = re.compile(
    rf'<h2 id="{KEY_POINTS_ANCHOR}"[^>]*>.*?</h2>\s*(<ul>.*?</ul>)', re.S | re.IGNORECASE
)
_ITEM = re.compile(r"<li>", re.IGNORECASE)


def key_points_html(doc: Document) -> str:
    """The lesson's Key points list as rendered HTML (`<ul>…</ul>`), or "" when it has none."""
    html = "".join(b.html for b in doc.blocks if isinstance(b, HtmlBlock))
    match = _KEY_POINTS.search(html)
    return match.group(1) if match else ""


def key_point_count(doc: Document) -> int:
    return len(_ITEM.findall(key_points_html(doc)))


@dataclass(frozen=True)
class SheetEntry:
    topic: Topic
    key_points_html: str


def cheat_sheet(course: Course, part_number: int) -> tuple[Part, list[SheetEntry]] | None:
    """A part and the Key points of each of its topics, in course order; None if no such part."""
    part = next((p for p in course.parts if p.number == part_number and p.topics), None)
    if part is None:
        return None
    return part, [SheetEntry(t, key_points_html(t)) for t in part.topics]


def aid_problems(course: Course) -> list[str]:
    """Every lesson ends with Key points; the glossary and the notation guide exist, and
    every glossary term says where it is taught."""
    problems = [
        f"{t.id} ({t.source}): needs a '## Key points' list of at least {MIN_KEY_POINTS} "
        "items at the end of the lesson"
        for t in course.topics
        if key_point_count(t) < MIN_KEY_POINTS
    ]
    for page_id in (GLOSSARY_ID, NOTATION_ID):
        if course.page(page_id) is None:
            problems.append(
                f"{page_id}: missing: add content/{page_id}.md with kind: reference, "
                f"id: {page_id}, slug: {page_id}"
            )
    glossary = course.page(GLOSSARY_ID)
    if glossary is not None:
        html = "".join(b.html for b in glossary.blocks if isinstance(b, HtmlBlock))
        for section in re.split(r"(?=<h3 )", html)[1:]:
            term = re.search(r'<h3 id="([^"]+)"', section)
            if term and 'href="/topics/' not in section:
                problems.append(
                    f"glossary: the term {term.group(1)!r} needs a link to the topic "
                    "that teaches it"
                )
    return problems


def unused_operations(course: Course) -> list[str]:
    """An operation no example or widget uses is one no learner ever sees worked."""
    used = {e.op for d in course.documents for e in d.examples}
    used |= {w.op or w.name for d in course.documents for w in d.widgets}
    return [
        f"operation {name!r} is used by no example or widget: show it in the lesson of "
        f"topic {op.topic}"
        for name, op in OPERATIONS.items()
        if name not in used
    ]


__all__ = [
    "KEY_POINTS_ANCHOR",
    "SheetEntry",
    "aid_problems",
    "cheat_sheet",
    "key_point_count",
    "key_points_html",
    "unused_operations",
]
