"""The course aids: the glossary, the notation guide and a printable cheat sheet per part."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...course.aids import cheat_sheet
from ...course.model import GLOSSARY_ID, NOTATION_ID
from ..templating import render
from .pages import course_of, not_found, render_lesson

router = APIRouter(include_in_schema=False)


def _reference_page(request: Request, page_id: str) -> HTMLResponse:
    page = course_of(request).page(page_id)
    if page is None:
        return not_found(request, "This course has no such page.")
    return render_lesson(request, page, [], None)


@router.get("/glossary", response_class=HTMLResponse)
def glossary(request: Request) -> HTMLResponse:
    return _reference_page(request, GLOSSARY_ID)


@router.get("/notation", response_class=HTMLResponse)
def notation(request: Request) -> HTMLResponse:
    return _reference_page(request, NOTATION_ID)


@router.get("/cheatsheet/{part}", response_class=HTMLResponse)
def cheatsheet(request: Request, part: str) -> HTMLResponse:
    course = course_of(request)
    sheet = cheat_sheet(course, int(part)) if part.isascii() and part.isdecimal() else None
    if sheet is None or len(part) > 3:
        numbers = ", ".join(str(p.number) for p in course.parts if p.topics)
        return not_found(request, f"There is no part {part[:20]!r}: the parts are {numbers}.")
    the_part, entries = sheet
    return render(
        request,
        "cheatsheet.html",
        title=f"Cheat sheet: Part {the_part.number}",
        part=the_part,
        entries=entries,
        parts=[p for p in course.parts if p.topics],
    )
