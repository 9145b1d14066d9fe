"""Placement ("test out") and the course map's "Next up".

A placement test for a part is one generated exercise per topic of that part (about 10), at a
harder level. Each answer is a single try (progress/lifecycle.py, kind "placement"): a topic
answered right is marked known. Next up is the first topic, in course order, that is neither
mastered nor known and whose prerequisites all are.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ...attempts import answer_exercise
from ...practice.answers import AnswerFormatError
from ...practice.identity import NotIssued, issue, verify
from ...practice.registry import UnknownExercise, parse_id
from ...practice.service import FORMAT_HINTS, assess, new_exercise, topics_with_practice
from ..offload import compute_blocking
from ..templating import render

router = APIRouter(include_in_schema=False)
LEVEL = "proficient"  # placement asks the harder kinds of exercise


def is_done(entry: dict[str, Any] | None) -> bool:
    return bool(entry) and (entry.get("mastery") == "mastered" or bool(entry.get("known")))


def next_up(course: Any, progress: dict[str, dict[str, Any]]) -> Any:
    """The first topic not yet mastered (or known) whose prerequisites all are; or None."""
    for topic in course.topics:
        if is_done(progress.get(topic.id)):
            continue
        if all(is_done(progress.get(p)) for p in getattr(topic, "prerequisites", ())):
            return topic
    return None


def _part(request: Request, number: str) -> Any:
    return next((p for p in request.app.state.course.parts if str(p.number) == number), None)


@router.get("/placement/{part_number}", response_class=HTMLResponse)
def placement_page(request: Request, part_number: str) -> Response:
    part = _part(request, part_number)
    if part is None:
        return _not_found(request, part_number)
    params = request.query_params
    if params.get("done"):
        return _result(request, part)
    practicable = set(topics_with_practice())
    learner, key = request.state.learner_id, request.app.state.secret_key
    questions = []
    for topic in (t for t in part.topics if t.id in practicable):
        exercise = compute_blocking(request, new_exercise, topic.id, None, LEVEL)
        questions.append((topic, exercise, issue(key, learner, exercise)))
    return render(
        request,
        "placement.html",
        title=f"Test out of part {part.number}",
        part=part,
        questions=questions,
        hints=FORMAT_HINTS,
        prompt_html=_prompt_html,
    )


def _prompt_html(prompt: str) -> str:
    from .practice import prompt_html

    return prompt_html(prompt)


@router.post("/placement/{part_number}", response_class=HTMLResponse)
async def placement_answers(request: Request, part_number: str) -> Response:
    form = await request.form()
    ids = [str(v) for v in form.getlist("exercise_id")][:40]
    answers = [str(v)[:2000] for v in form.getlist("answer")][: len(ids)]
    return await run_in_threadpool(_grade_all, request, part_number, ids, answers)


def _grade_all(request: Request, part_number: str, ids: list[str], answers: list[str]) -> Response:
    """Grade every answer once (a single try each), then redirect to the result (PRG)."""
    part = _part(request, part_number)
    if part is None:
        return _not_found(request, part_number)
    topics = {t.id for t in part.topics}
    store, learner = request.app.state.store, request.state.learner_id
    skipped = 0
    for issued, answer in zip(ids, answers, strict=False):
        try:
            canonical = verify(request.app.state.secret_key, learner, issued)
        except (NotIssued, UnknownExercise):
            continue  # not one of this learner's placement questions: ignored
        if parse_id(canonical)[0] not in topics or not answer.strip():
            skipped += 1
            continue
        # Rebuilding, grading and the solution: one round trip to a compute worker.
        assessed = compute_blocking(request, assess, canonical, answer)
        try:
            answer_exercise(store, learner, assessed, placement=True)
        except AnswerFormatError:
            skipped += 1  # unreadable: nothing recorded, the topic is simply not placed
    query = urlencode({"done": "1", "skipped": str(skipped)})
    return RedirectResponse(f"/placement/{part.number}?{query}", status_code=303)


def _result(request: Request, part: Any) -> HTMLResponse:
    progress = request.app.state.store.progress(request.state.learner_id)
    known = [t for t in part.topics if (progress.get(t.id) or {}).get("known")]
    skipped = request.query_params.get("skipped", "0")
    return render(
        request,
        "placement.html",
        title=f"Test out of part {part.number}: result",
        part=part,
        known=known,
        skipped=int(skipped) if skipped.isascii() and skipped.isdigit() else 0,
        next_topic=next_up(request.app.state.course, progress),
        done=True,
    )


def _not_found(request: Request, number: str) -> HTMLResponse:
    from .pages import not_found  # pages imports this module (next_up): import at call time

    return not_found(request, f"There is no part {number}.")
