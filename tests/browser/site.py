"""Every page a learner can reach, for the checks that must hold on all of them."""

from __future__ import annotations

from mathforai.course.loader import load_course
from mathforai.practice.service import topics_with_practice

COURSE = load_course()
LESSONS = [d.url for d in COURSE.documents]
WITH_WIDGETS = [
    d.url for d in COURSE.documents if any(type(b).__name__ == "WidgetBlock" for b in d.blocks)
]
AIDS = ["/", "/glossary", "/notation", "/progress", "/review", "/search?q=vector"]
CHEATSHEETS = [f"/cheatsheet/{p.number}" for p in COURSE.parts]
PRACTICE = [f"/practice/{t}" for t in sorted(topics_with_practice())]


def lab_pages() -> list[str]:
    """The labs index and each lab, when this checkout has the labs."""
    try:
        from mathforai.web.routes.labs_pages import LABS
    except ImportError:
        return []
    return ["/labs", *(f"/labs/{slug}" for slug in LABS)]


ALL = list(dict.fromkeys([*AIDS, *CHEATSHEETS, *LESSONS, *PRACTICE, *lab_pages()]))
