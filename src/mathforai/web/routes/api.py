"""The JSON API (DESIGN.md, "The contract"): explain, operations, topics, quick checks."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ...engine import OPERATIONS, UnknownOperation, get_operation
from .. import tasks
from ..jsonbody import BodyError, decode_object
from ..offload import compute

router = APIRouter()

_TAG = re.compile(r"<[^>]+>")


def error(status: int, message: str, field: str | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "field": field}, status_code=status)


async def read_object(request: Request) -> dict[str, Any] | JSONResponse:
    """The request body as a JSON object, or a 422 response saying what is wrong."""
    try:
        return decode_object(await request.body())
    except BodyError as exc:
        return error(422, str(exc))


@router.post(
    "/api/explain/{op}",
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "The operation's arguments by name (see GET /api/operations).",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
async def explain(request: Request, op: str) -> Response:
    try:
        get_operation(op)
    except UnknownOperation as exc:
        message = f"unknown operation {exc.name!r}; GET /api/operations lists them"
        return JSONResponse({"error": message}, status_code=404)
    # Decoded and computed in a worker process under the time budget (web/compute.py):
    # a large body costs the event loop nothing but the bytes.
    status, body = await compute(request, tasks.explain_body, op, await request.body())
    return Response(body, status_code=status, media_type="application/json")


@router.get("/api/operations")
def operations() -> list[dict[str, Any]]:
    return [op.describe() for op in OPERATIONS.values()]


@router.get("/api/topics")
def topics(request: Request) -> list[dict[str, Any]]:
    course = request.app.state.course
    return [
        {"id": t.id, "slug": t.slug, "title": t.title, "part": t.part, "url": t.url}
        for t in course.topics
    ]


@router.post(
    "/api/quiz/{quiz_id}",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["choice"],
                        "properties": {"choice": {"type": "integer", "minimum": 0}},
                    }
                }
            },
        }
    },
)
async def answer_quiz(request: Request, quiz_id: str) -> JSONResponse:
    """Grade one quick check: {"choice": i} (0-based) → right or wrong, and why."""
    quiz = request.app.state.course.quiz(quiz_id)
    if quiz is None:
        return JSONResponse({"error": f"there is no quick check {quiz_id!r}"}, status_code=404)
    data = await read_object(request)
    if isinstance(data, JSONResponse):
        return data
    choice = data.get("choice")
    count = len(quiz.choices)
    if isinstance(choice, bool) or not isinstance(choice, int) or not 0 <= choice < count:
        return error(422, f"choice must be a whole number from 0 to {count - 1}", "choice")
    correct, why_html = quiz.grade(choice)
    counted = record_quiz(request, quiz_id, choice, correct)
    return JSONResponse(
        {
            "correct": correct,
            "counted": counted,
            "why": plain_text(why_html),
            "why_html": why_html,
            "correct_choice": quiz.correct_index,
        }
    )


def record_quiz(request: Request, quiz_id: str, choice: int, correct: bool) -> bool:
    """The first answer to a quick check counts as an attempt at its topic; later clicks are
    for the learner alone. True when this answer counted."""
    doc = request.app.state.course.quiz_topic(quiz_id)
    if doc is None or request.app.state.course.topic(doc.id) is None:
        return False
    state = request.app.state.store.record(
        request.state.learner_id,
        doc.id,
        f"quiz:{quiz_id}",
        kind="quiz",
        correct=correct,
        answer=str(choice),
    )
    return state is not None


def plain_text(html: str) -> str:
    from html import unescape

    return " ".join(unescape(_TAG.sub(" ", html)).split())


@router.get("/healthz")
async def healthz(request: Request) -> JSONResponse:
    """200 when the server and its database answer; 503 naming the database fault.

    `compute` is "warming" for the first seconds after start, while the worker processes
    import and exercise the engine (a computation then waits for them), and "ready" after.
    The server is alive either way, so the status stays 200: wait for "ready" before
    measuring or load-testing a fresh server."""
    database = await request.app.state.health.status()
    compute = "ready" if request.app.state.compute.warm else "warming"
    if database == "ok":
        return JSONResponse({"status": "ok", "database": "ok", "compute": compute})
    return JSONResponse(
        {"status": "error", "database": database, "compute": compute},
        status_code=503,
        headers={"retry-after": "5"},
    )
