"""HTML pages: the course map, search, lessons (with widgets and quick checks as forms)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...course.model import HtmlBlock, QuizBlock, WidgetBlock
from ...course.widgets import WIDGETS
from ...engine import UnknownOperation, get_operation
from ...practice.service import topics_with_practice
from .. import tasks
from ..learner import COOKIE
from ..offload import compute_blocking
from ..quizorder import group_of, parse_group, shown
from ..search import MAX_QUERY, search
from ..templating import render
from ..tryit import with_try_it
from ..widgets import WidgetView, submitted_arguments
from .api import record_quiz
from .placement import next_up

router = APIRouter(include_in_schema=False)

_LEADING_H1 = re.compile(r"\A\s*<h1\b[^>]*>.*?</h1>\s*", re.S)


def course_of(request: Request) -> Any:
    return request.app.state.course


def learner_progress(request: Request) -> dict[str, dict[str, Any]]:
    """The learner's record per topic id (attempts, correct, mastery, due)."""
    return request.app.state.store.progress(request.state.learner_id)


def due_in(progress: dict[str, dict[str, Any]]) -> set[str]:
    """Topics whose review is due, read from a progress record already fetched."""
    now = datetime.now(UTC)
    return {t for t, p in progress.items() if p["due"] and datetime.fromisoformat(p["due"]) <= now}


@router.get("/", response_class=HTMLResponse)
def course_map(request: Request) -> HTMLResponse:
    course = course_of(request)
    progress = learner_progress(request)
    return render(
        request,
        "index.html",
        course=course,
        title="Math for AI Engineers",
        progress=progress,
        started=sum(1 for t in course.topics if t.id in progress),
        due={t.id for t in course.topics} & due_in(progress),
        practice=set(topics_with_practice()),
        next_topic=next_up(course, progress),
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "") -> HTMLResponse:
    course = course_of(request)
    query = q[:MAX_QUERY]
    hits = search(course.documents, query) if query.strip() else []
    return render(request, "search.html", query=query, hits=hits, title=f"Search: {query}")


@router.get("/topics/{slug}", response_class=HTMLResponse)
def topic_page(request: Request, slug: str) -> HTMLResponse:
    course = course_of(request)
    doc = course.by_slug(slug)
    if doc is None:
        return not_found(request, f"There is no topic called “{slug}”.")
    if doc.url != request.url.path:
        # The glossary and the notation guide live at their own short address.
        return RedirectResponse(doc.url, status_code=301)
    query = list(request.query_params.multi_items())
    answered = quiz_answer(doc, query)
    return render_lesson(request, doc, query, answered)


@router.post("/topics/{slug}/quiz/{quiz_id}")
async def quiz_form(request: Request, slug: str, quiz_id: str) -> Response:
    """Without JavaScript a quick check posts here; the answer is shown on the lesson
    page after a redirect, so reloading it does not post again."""
    course = course_of(request)
    doc = course.by_slug(slug)
    if doc is None or all(q.id != quiz_id for q in doc.quizzes):
        return not_found(request, "That quick check does not exist.")
    form = dict(parse_qsl((await request.body()).decode("utf-8", "replace")))
    params = {"quiz": quiz_id, "choice": form.get("choice", "")}
    group = parse_group(form.get("order"))
    if group is not None:
        params["order"] = str(group)  # the answer page shows the order it was answered in
    quiz = course.quiz(quiz_id)
    choice = params["choice"]
    if quiz is not None and _index(choice, len(quiz.choices)) is not None:
        record_quiz(request, quiz_id, int(choice), quiz.grade(int(choice))[0])
    target = f"{doc.url}?{urlencode(params)}#q-{quote(quiz_id)}"
    return RedirectResponse(target, status_code=303)


def quiz_answer(doc: Any, query: list[tuple[str, str]]) -> dict[str, Any] | None:
    """The graded answer to a quick check named in the query (?quiz=ID&choice=N)."""
    params = dict(query)
    quiz = next((q for q in doc.quizzes if q.id == params.get("quiz")), None)
    if quiz is None:
        return None
    choice = _index(params.get("choice", ""), len(quiz.choices))
    if choice is None:
        return {"quiz": quiz.id, "choice": None, "message": "Pick one of the answers first."}
    correct, why_html = quiz.grade(choice)
    return {"quiz": quiz.id, "choice": choice, "correct": correct, "why_html": why_html}


def _index(text: str, count: int) -> int | None:
    """A choice index 0..count-1 from form text, or None. ASCII digits only: "²".isdigit()
    is true, but int("²") raises."""
    if not (text.isascii() and text.isdigit()) or len(text) > 6 or int(text) >= count:
        return None
    return int(text)


def render_lesson(
    request: Request, doc: Any, query: list[tuple[str, str]], answered: dict[str, Any] | None
) -> HTMLResponse:
    course = course_of(request)
    run = partial(compute_blocking, request, tasks.build_views)
    views = widget_views(doc, query, request.app.state.default_views, run)
    items = with_try_it(lesson_items(doc, views))
    prerequisites = [course.topic(pid) for pid in getattr(doc, "prerequisites", ())]
    part = next((p for p in course.parts if p.number == getattr(doc, "part", None)), None)
    return render(
        request,
        "topic.html",
        doc=doc,
        title=doc.title,
        part=part,
        items=items,
        answered=answered,
        quiz_order=_quiz_order(request, query),
        practice_url=f"/practice/{doc.id}" if doc.id in topics_with_practice() else None,
        prerequisites=[t for t in prerequisites if t is not None],
        prev=course.document(doc.prev_id) if doc.prev_id else None,
        next=course.document(doc.next_id) if doc.next_id else None,
    )


def _quiz_order(request: Request, query: list[tuple[str, str]]) -> dict[str, Any]:
    """The learner's order group for quick checks, and how to list a quiz's choices."""
    group = parse_group(dict(query).get("order"))
    if group is None:
        group = group_of(request.cookies.get(COOKIE))
    return {"group": group, "shown": lambda quiz: shown(quiz, group)}


def lesson_items(doc: Any, views: dict[int, WidgetView]) -> list[tuple[str, Any]]:
    """The lesson body in order, each block tagged for the template: html, widget, quiz."""
    items: list[tuple[str, Any]] = []
    for block in doc.blocks:
        if isinstance(block, HtmlBlock):
            # The page header already shows the title; a lesson's own `# Title` would repeat it.
            html = block.html if items else _LEADING_H1.sub("", block.html, count=1)
            items.append(("html", html))
        elif isinstance(block, WidgetBlock) and id(block) in views:
            items.append(("widget", views[id(block)]))
        elif isinstance(block, WidgetBlock):
            items.append(("missing", block.name))
        elif isinstance(block, QuizBlock):
            items.append(("quiz", block.quiz))
    return items


def widget_views(
    doc: Any,
    query: list[tuple[str, str]],
    cache: dict[int, WidgetView] | None = None,
    run: Callable[[list[dict[str, Any]]], list[WidgetView]] = tasks.build_views,
) -> dict[int, WidgetView]:
    """The view of each widget block (keyed by id of the block), computed at its
    defaults or, for the widget the query names, at the submitted values.

    `cache` keeps default views between requests; blocks live as long as the course.
    `run` computes the views that are not cached (the server passes its compute pool)."""
    cache = {} if cache is None else cache
    named = dict(query).get("widget")
    views: dict[int, WidgetView] = {}
    pending: list[tuple[WidgetBlock, bool, dict[str, Any]]] = []
    for block in (b for b in doc.blocks if isinstance(b, WidgetBlock)):
        widget = WIDGETS.get(block.name)
        try:
            operation = get_operation(block.op or (widget.op if widget else block.name))
        except UnknownOperation:
            continue
        # A form names itself (?widget=dot); a hand-written URL may just give values.
        applies = block.name == named or (
            named is None and bool(submitted_arguments(query, operation))
        )
        if not applies and id(block) in cache:
            views[id(block)] = cache[id(block)]
            continue
        spec = {
            "name": block.name,
            "title": block.title or (widget.title if widget else block.name),
            "op": operation.name,
            "defaults": dict(block.args),
            "controls": widget.controls if widget else None,
            "action": doc.url,
            "query": query if applies else None,
        }
        pending.append((block, applies, spec))
    if pending:
        for (block, applies, _), view in zip(pending, run([p[2] for p in pending]), strict=True):
            views[id(block)] = view
            if not applies:
                # A widget at its defaults is the same for every learner and every request.
                cache[id(block)] = view
    return views


def not_found(request: Request, message: str = "That page does not exist.") -> HTMLResponse:
    return render(
        request,
        "error.html",
        status_code=404,
        title="Not found",
        heading="Not found",
        message=message,
    )
