"""Practice and progress: the JSON API of DESIGN.md and the pages that use it.

Pages work with JavaScript off: every action is a form that posts and re-renders.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ...practice.answers import AnswerFormatError
from ...practice.exercise import Exercise
from ...practice.registry import MAX_SEED, UnknownExercise, exercise_from_id
from ...practice.service import FORMAT_HINTS, Outcome, new_exercise, reveal, submit
from ...progress.repository import ImportFormatError
from ...render.html import explanation_html
from ..offload import compute_blocking
from ..templating import render
from .api import error, read_object

router = APIRouter()


def _learner(request: Request) -> str:
    return request.state.learner_id


def _store(request: Request) -> Any:
    return request.app.state.store


def _mastery(request: Request, topic_id: str) -> str:
    return _store(request).progress(_learner(request)).get(topic_id, {}).get("mastery", "new")


def _seed(raw: str | None) -> int | JSONResponse | None:
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or int(raw) > MAX_SEED:
        return error(422, f"seed must be a whole number from 0 to {MAX_SEED}", "seed")
    return int(raw)


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI request body for routes that read their JSON by hand (to keep our
    own error messages), so /openapi.json still documents it."""
    content = {"application/json": {"schema": schema}}
    return {"requestBody": {"required": True, "content": content}}


_EXERCISE_ID = {"type": "string", "pattern": r"^\d\.\d{1,2}:\d{1,2}:\d{1,12}$"}
ANSWER_BODY = json_body(
    {
        "oneOf": [
            {
                "type": "object",
                "required": ["exercise_id", "answer"],
                "properties": {"exercise_id": _EXERCISE_ID, "answer": {"type": "string"}},
            },
            {
                "type": "object",
                "required": ["exercise_id", "reveal"],
                "properties": {"exercise_id": _EXERCISE_ID, "reveal": {"const": True}},
            },
        ]
    }
)
RESET_BODY = json_body(
    {"type": "object", "required": ["confirm"], "properties": {"confirm": {"const": True}}}
)


@router.post("/api/practice/answer", openapi_extra=ANSWER_BODY)
async def api_answer(request: Request) -> JSONResponse:
    data = await read_object(request)
    if isinstance(data, JSONResponse):
        return data
    # Grading runs the engine and recording waits for the database: both in a worker
    # thread, so one slow answer never stalls the event loop (and /healthz).
    return await run_in_threadpool(_answer, request, data)


def _answer(request: Request, data: dict[str, Any]) -> JSONResponse:
    exercise_id = data.get("exercise_id")
    if not isinstance(exercise_id, str):
        return error(
            422, "exercise_id is missing: send the id you got with the exercise", "exercise_id"
        )
    revealing = data.get("reveal") is True
    if not revealing and "answer" not in data:
        return error(422, 'answer is missing: send {"answer": "..."} or {"reveal": true}', "answer")
    try:
        # Grading runs the engine: in a worker process, under the time budget.
        if revealing:
            outcome = compute_blocking(request, reveal, exercise_id)
        else:
            outcome = compute_blocking(request, submit, exercise_id, data["answer"])
    except UnknownExercise as exc:
        return error(404, str(exc), "exercise_id")
    except AnswerFormatError as exc:
        return _format_error(exercise_from_id(exercise_id), exc)
    _record(request, outcome, "reveal" if revealing else str(data["answer"]))
    return JSONResponse(outcome.to_dict())


def _format_error(exercise: Exercise, exc: AnswerFormatError) -> JSONResponse:
    hint = FORMAT_HINTS[exercise.answer_format]
    body = {
        "error": f"{exc}; expected {hint}",
        "field": "answer",
        "answer_format": exercise.answer_format,
    }
    return JSONResponse(body, status_code=422)


def _record(request: Request, outcome: Outcome, answer: str) -> None:
    kind = "reveal" if answer == "reveal" else "practice"
    _store(request).record(
        _learner(request),
        outcome.exercise.topic,
        outcome.exercise.id,
        kind=kind,
        correct=outcome.grade.correct,
        answer=answer,
    )


@router.post("/api/practice/{topic_id}")
def api_new(request: Request, topic_id: str, seed: str | None = None) -> JSONResponse:
    parsed = _seed(seed)
    if isinstance(parsed, JSONResponse):
        return parsed
    try:
        mastery = "new" if parsed is not None else _mastery(request, topic_id)
        exercise = compute_blocking(request, new_exercise, topic_id, parsed, mastery)
    except UnknownExercise as exc:
        return error(404, str(exc), "topic_id")
    return JSONResponse(exercise.public())


@router.get("/api/progress")
def api_progress(request: Request) -> dict[str, Any]:
    return {"topics": _store(request).progress(_learner(request))}


@router.get("/api/progress/export")
def api_export(request: Request) -> Response:
    body = json.dumps(_store(request).export(_learner(request)), indent=2)
    headers = {"content-disposition": 'attachment; filename="mathforai-progress.json"'}
    return Response(body, media_type="application/json", headers=headers)


@router.post("/api/progress/import")
async def api_import(request: Request) -> JSONResponse:
    data = await read_object(request)
    if isinstance(data, JSONResponse):
        return data
    try:
        added = await run_in_threadpool(_store(request).import_, _learner(request), data)
    except ImportFormatError as exc:
        return error(422, str(exc), "body")
    return JSONResponse({"imported": added})


@router.post("/api/progress/reset", openapi_extra=RESET_BODY)
async def api_reset(request: Request) -> JSONResponse:
    data = await read_object(request)
    if isinstance(data, JSONResponse):
        return data
    if data.get("confirm") is not True:
        return error(422, 'resetting deletes your progress: send {"confirm": true}', "confirm")
    await run_in_threadpool(_store(request).reset, _learner(request))
    return JSONResponse({"reset": True})


# ---- pages -------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def prompt_html(prompt: str) -> str:
    from ...course.markdown import render_markdown

    return render_markdown(prompt)[0]


def _topic_or_404(request: Request, topic_id: str) -> Any:
    topic = request.app.state.course.topic(topic_id)
    if topic is None:
        return render(
            request,
            "error.html",
            status_code=404,
            title="Not found",
            heading="Not found",
            message=f"There is no topic {topic_id}.",
        )
    return topic


def _practice_page(request: Request, topic: Any, exercise: Exercise, **extra: Any) -> HTMLResponse:
    progress = _store(request).progress(_learner(request)).get(topic.id)
    return render(
        request,
        "practice.html",
        title=f"Practice: {topic.title}",
        topic=topic,
        exercise=exercise,
        prompt=prompt_html(exercise.prompt),
        hint=FORMAT_HINTS[exercise.answer_format],
        progress=progress,
        review=extra.pop("review", False),
        **extra,
    )


@router.get("/practice/{topic_id}", response_class=HTMLResponse)
def practice_page(request: Request, topic_id: str, seed: str | None = None) -> Response:
    topic = _topic_or_404(request, topic_id)
    if isinstance(topic, Response):
        return topic
    parsed = _seed(seed)
    if isinstance(parsed, JSONResponse):
        parsed = None
    try:
        mastery = _mastery(request, topic_id)
        exercise = compute_blocking(request, new_exercise, topic_id, parsed, mastery)
    except UnknownExercise:
        return render(
            request,
            "error.html",
            status_code=404,
            title="No practice yet",
            heading="No practice yet",
            message=f"Topic {topic_id} has no exercises.",
        )
    return _practice_page(request, topic, exercise, review=request.query_params.get("review"))


@router.post("/practice/{topic_id}", response_class=HTMLResponse)
async def practice_answer(request: Request, topic_id: str) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    # Grading and the database run in a worker thread, off the event loop.
    return await run_in_threadpool(_practice_answer, request, topic_id, form)


def _practice_answer(request: Request, topic_id: str, form: dict[str, str]) -> Response:
    topic = _topic_or_404(request, topic_id)
    if isinstance(topic, Response):
        return topic
    exercise_id, answer = str(form.get("exercise_id", "")), str(form.get("answer", ""))
    try:
        exercise = exercise_from_id(exercise_id)
    except UnknownExercise:
        return RedirectResponse(f"/practice/{topic_id}", status_code=303)
    review = bool(form.get("review"))
    try:
        if form.get("reveal"):
            outcome = compute_blocking(request, reveal, exercise_id)
        else:
            outcome = compute_blocking(request, submit, exercise_id, answer)
    except AnswerFormatError as exc:
        return _practice_page(
            request,
            topic,
            exercise,
            answer=answer,
            review=review,
            format_error=f"{exc}; expected {FORMAT_HINTS[exercise.answer_format]}",
        )
    _record(request, outcome, "reveal" if form.get("reveal") else answer)
    return _practice_page(
        request,
        topic,
        exercise,
        answer=answer,
        outcome=outcome,
        review=review,
        solution=explanation_html(outcome.solution),
    )


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request) -> Response:
    course = request.app.state.course
    due = [t for t in _store(request).due_topics(_learner(request)) if course.topic(t)]
    if due:
        return RedirectResponse(f"/practice/{due[0]}?review=1", status_code=303)
    return render(request, "review.html", title="Review", due=[])


@router.get("/progress", response_class=HTMLResponse)
def progress_page(request: Request) -> Response:
    course = request.app.state.course
    progress = _store(request).progress(_learner(request))
    return render(
        request,
        "progress.html",
        title="Your progress",
        course=course,
        progress=progress,
        message=request.query_params.get("message"),
    )


@router.post("/progress/import", response_class=HTMLResponse)
async def progress_import(request: Request) -> Response:
    form = await request.form()
    upload = form.get("file")
    raw = await upload.read() if hasattr(upload, "read") else str(upload or "").encode()
    return await run_in_threadpool(_import_file, request, raw)


def _import_file(request: Request, raw: bytes) -> HTMLResponse:
    try:
        added = _store(request).import_(_learner(request), json.loads(raw or b"null"))
    except (ValueError, ImportFormatError) as exc:
        message = str(exc) if isinstance(exc, ImportFormatError) else "the file is not JSON"
        return _progress_with(request, f"Nothing imported: {message}.", 422)
    return _progress_with(request, f"Imported {added} answer(s).", 200)


@router.post("/progress/reset", response_class=HTMLResponse)
async def progress_reset(request: Request) -> Response:
    form = await request.form()
    if form.get("confirm") != "yes":
        return render(request, "reset.html", title="Reset progress?")
    await run_in_threadpool(_store(request).reset, _learner(request))
    return await run_in_threadpool(_progress_with, request, "Your progress was reset.", 200)


def _progress_with(request: Request, message: str, status: int) -> HTMLResponse:
    course = request.app.state.course
    progress = _store(request).progress(_learner(request))
    return render(
        request,
        "progress.html",
        status_code=status,
        title="Your progress",
        course=course,
        progress=progress,
        message=message,
        error=status >= 400,
    )
