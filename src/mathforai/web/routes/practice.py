"""Practice and progress: the JSON API of DESIGN.md and the pages that use it.

Pages work with JavaScript off: every action is a form that posts and re-renders.
"""

from __future__ import annotations

import json
from contextlib import suppress
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ...attempts import answer_exercise
from ...practice.answers import AnswerFormatError
from ...practice.exercise import Exercise
from ...practice.identity import SEPARATOR, NotIssued, issue, verify
from ...practice.registry import (
    ID_PATTERN,
    MAX_SEED,
    UnknownExercise,
    parse_id,
)
from ...practice.service import (
    FORMAT_HINTS,
    Assessment,
    Outcome,
    assess,
    hint,
    new_exercise,
    outcome,
    revealed,
)
from ...progress.repository import ImportFormatError
from ...render.html import explanation_html
from ..jsonbody import MAX_DEPTH, depth
from ..offload import compute_blocking
from ..templating import render
from . import placement
from .api import error, read_object

router = APIRouter()
# The placement pages ride on this router, so app.py needs no edit for them.
router.include_router(placement.router)


def _learner(request: Request) -> str:
    return request.state.learner_id


def _store(request: Request) -> Any:
    return request.app.state.store


def _key(request: Request) -> str:
    return request.app.state.secret_key


def _mastery(request: Request, topic_id: str) -> str:
    return _store(request).progress(_learner(request)).get(topic_id, {}).get("mastery", "new")


def _seed(raw: str | None) -> int | JSONResponse | None:
    if raw is None or raw == "":
        return None
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_SEED:
        return error(422, f"seed must be a whole number from 0 to {MAX_SEED}", "seed")
    return int(raw)


def issued_id(request: Request, exercise: Exercise) -> str:
    """The id this learner is given: it names the generator and carries the server's
    signature, so an id never issued to them is refused."""
    return issue(_key(request), _learner(request), exercise)


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI request body for routes that read their JSON by hand (to keep our
    own error messages), so /openapi.json still documents it."""
    content = {"application/json": {"schema": schema}}
    return {"requestBody": {"required": True, "content": content}}


_EXERCISE_ID = {"type": "string", "pattern": rf"^{ID_PATTERN}{SEPARATOR}[A-Za-z0-9_-]+$"}
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


def _verified(request: Request, exercise_id: Any) -> str | JSONResponse:
    """The canonical id behind an issued id, or the 4xx that says why it is refused. Only
    the signature is checked here: building the exercise runs the engine, which happens
    in a compute worker, and only for an id that passes."""
    try:
        return verify(_key(request), _learner(request), exercise_id)
    except NotIssued as exc:
        return error(403, str(exc), "exercise_id")
    except UnknownExercise as exc:
        try:
            parse_id(exercise_id)
        except UnknownExercise:
            return error(422, str(exc), "exercise_id")  # not an id at all
        return error(404, str(exc), "exercise_id")  # an id of a topic or generator we lack


def _assessed(
    request: Request, exercise_id: Any, answer: Any, reveal: bool
) -> Assessment | JSONResponse:
    """The engine's say on an answer to an issued id, in one compute round trip (rebuild,
    grade, hint and solution together); or the 4xx refusing the id."""
    canonical = _verified(request, exercise_id)
    if isinstance(canonical, JSONResponse):
        return canonical
    return compute_blocking(request, assess, canonical, answer, reveal)


def _answer(request: Request, data: dict[str, Any]) -> JSONResponse:
    exercise_id = data.get("exercise_id")
    if not isinstance(exercise_id, str):
        return error(
            422, "exercise_id is missing: send the id you got with the exercise", "exercise_id"
        )
    revealing = data.get("reveal") is True
    if not revealing and "answer" not in data:
        return error(422, 'answer is missing: send {"answer": "..."} or {"reveal": true}', "answer")
    answer = None if revealing else data["answer"]
    if not revealing and (isinstance(answer, bool) or not isinstance(answer, str | int | float)):
        return error(422, 'answer must be a string such as "3/5" or "[1, 2]"', "answer")
    assessed = _assessed(request, exercise_id, answer, revealing)
    if isinstance(assessed, JSONResponse):
        return assessed
    try:
        told = answer_exercise(_store(request), _learner(request), assessed)
    except AnswerFormatError as exc:
        return _format_error(assessed.exercise, exc)
    return JSONResponse(told.to_dict(exercise_id=exercise_id.strip()))


def _format_error(exercise: Exercise, exc: AnswerFormatError) -> JSONResponse:
    hint = FORMAT_HINTS[exercise.answer_format]
    body = {
        "error": f"{exc}; expected {hint}",
        "field": "answer",
        "answer_format": exercise.answer_format,
    }
    return JSONResponse(body, status_code=422)


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
    return JSONResponse({**exercise.public(), "exercise_id": issued_id(request, exercise)})


@router.get("/api/progress")
def api_progress(request: Request) -> dict[str, Any]:
    return {"topics": _store(request).progress(_learner(request))}


@router.get("/api/progress/export")
def api_export(request: Request) -> Response:
    body = json.dumps(_store(request).export(_learner(request), _key(request)), indent=2)
    headers = {"content-disposition": 'attachment; filename="mathforai-progress.json"'}
    return Response(body, media_type="application/json", headers=headers)


@router.post("/api/progress/import")
async def api_import(request: Request) -> JSONResponse:
    data = await read_object(request)
    if isinstance(data, JSONResponse):
        return data
    try:
        added = await run_in_threadpool(
            _store(request).import_, _learner(request), data, _key(request)
        )
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


def _practice_page(
    request: Request, topic: Any, exercise: Exercise, issued: str, **extra: Any
) -> HTMLResponse:
    progress = _store(request).progress(_learner(request)).get(topic.id)
    told: Outcome | None = extra.pop("outcome", None)
    return render(
        request,
        "practice.html",
        title=f"Practice: {topic.title}",
        topic=topic,
        exercise=exercise,
        exercise_id=issued,
        prompt=prompt_html(exercise.prompt),
        hint=FORMAT_HINTS[exercise.answer_format],
        progress=progress,
        outcome=told,
        solution=explanation_html(told.solution) if told and told.solution else "",
        review=extra.pop("review", False),
        **extra,
    )


def _no_practice(request: Request, topic_id: str) -> HTMLResponse:
    return render(
        request,
        "error.html",
        status_code=404,
        title="No practice yet",
        heading="No practice yet",
        message=f"Topic {topic_id} has no exercises.",
    )


@router.get("/practice/{topic_id}", response_class=HTMLResponse)
def practice_page(request: Request, topic_id: str, seed: str | None = None) -> Response:
    """A fresh exercise; or, with ?exercise=ID (where an answer redirects), that exercise
    with what the learner was told. Showing it writes nothing, so a reload is harmless."""
    topic = _topic_or_404(request, topic_id)
    if isinstance(topic, Response):
        return topic
    review = bool(request.query_params.get("review"))
    shown = request.query_params.get("exercise")
    if shown:
        canonical = _verified(request, shown)
        if isinstance(canonical, str) and parse_id(canonical)[0] == topic_id:
            return _shown(request, topic, canonical, shown.strip(), review)
    parsed = _seed(seed)
    if isinstance(parsed, JSONResponse):
        parsed = None
    try:
        mastery = _mastery(request, topic_id)
        exercise = compute_blocking(request, new_exercise, topic_id, parsed, mastery)
    except UnknownExercise:
        return _no_practice(request, topic_id)
    return _practice_page(request, topic, exercise, issued_id(request, exercise), review=review)


def _shown(request: Request, topic: Any, canonical: str, issued: str, review: bool) -> Response:
    params = request.query_params
    answer, revealing = params.get("answer", "")[:2000], params.get("reveal") == "1"
    state = _store(request).item_state(_learner(request), canonical)
    page = {"answer": answer, "review": review}
    assessed = compute_blocking(request, assess, canonical, answer, revealing)
    exercise, result = assessed.exercise, assessed.grade
    if result is None:
        if state is None or state == "retry":
            hint_format = FORMAT_HINTS[exercise.answer_format]
            message = f"{assessed.format_error}; expected {hint_format}"
            return _practice_page(request, topic, exercise, issued, format_error=message, **page)
        result = revealed(exercise)
    display = _display_state(state, result.correct and not revealing)
    told = None
    if display == "retry":
        text = assessed.hint or hint(exercise, result, assessed.solution)
        told = outcome(exercise, result, display, hint_text=text)
    elif display:
        told = outcome(exercise, result, display, solution=assessed.solution)
    if told and state == "assisted" and display == "solved":
        feedback = "Correct, on the second try."
        told = Outcome(exercise, result, "solved", feedback, solution=told.solution)
    return _practice_page(request, topic, exercise, issued, outcome=told, **page)


def _display_state(state: str | None, right: bool) -> str | None:
    """What to show for an exercise the learner has answered, from its stored state."""
    if state is None:
        return None  # nothing recorded for it: show the exercise as new
    if state == "retry":
        return "retry"
    if state in ("revealed", "missed"):
        return "revealed"
    return "solved" if right else "closed"


@router.post("/practice/{topic_id}", response_class=HTMLResponse)
async def practice_answer(request: Request, topic_id: str) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    # Grading and the database run in a worker thread, off the event loop.
    return await run_in_threadpool(_practice_answer, request, topic_id, form)


def _practice_answer(request: Request, topic_id: str, form: dict[str, str]) -> Response:
    """Grade and record, then redirect to the page that shows the outcome (POST-redirect-GET:
    a reload shows it again and never answers twice)."""
    issued, answer = str(form.get("exercise_id", "")).strip(), str(form.get("answer", ""))[:2000]
    revealing = bool(form.get("reveal"))
    assessed = _assessed(request, issued, answer, revealing)
    if isinstance(assessed, JSONResponse):
        return RedirectResponse(f"/practice/{quote(topic_id)}", status_code=303)
    exercise = assessed.exercise
    # A format error uses up nothing; the page the redirect lands on names the problem.
    with suppress(AnswerFormatError):
        answer_exercise(_store(request), _learner(request), assessed)
    query: dict[str, str] = {"exercise": issued, "answer": answer}
    if revealing:
        query["reveal"] = "1"
    if form.get("review"):
        query["review"] = "1"
    target = f"/practice/{quote(exercise.topic)}?{urlencode(query)}#answer-feedback"
    return RedirectResponse(target, status_code=303)


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
        data = json.loads(raw or b"null")
        if depth(data) > MAX_DEPTH:
            raise ImportFormatError(f"the file is nested more than {MAX_DEPTH} levels deep")
        added = _store(request).import_(_learner(request), data, _key(request))
    except (ValueError, RecursionError, ImportFormatError) as exc:
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
