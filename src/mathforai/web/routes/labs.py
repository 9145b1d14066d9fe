"""The labs' JSON API (DESIGN.md, "Labs"): embed, search, attention, precision.

Bodies are read by hand (as /api/explain does) so every refusal names its field; the
OpenAPI schema below documents them. Over 256 tokens → 422 naming the limit; weights
not installed → 503 saying how to install them.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ...labs.model import MAX_CHARS, MAX_TOKENS
from ...labs.retrieval import MAX_K
from ..labs_runner import LabFailure, run_lab
from .api import read_object

router = APIRouter()

TEXT = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_CHARS,
    "description": f"A sentence; at most {MAX_TOKENS} tokens ([CLS] and [SEP] included).",
}
K = {"type": "integer", "minimum": 1, "maximum": MAX_K, "default": 5}


def _body(required: list[str], **properties: Any) -> dict[str, Any]:
    schema = {"type": "object", "required": required, "properties": properties}
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schema}},
        },
        "responses": {
            "422": {"description": "bad input; `field` names it (over 256 tokens included)"},
            "503": {"description": "the model weights are not installed, or the labs are busy"},
        },
    }


async def _answer(request: Request, names: tuple[str, ...], run: Any) -> JSONResponse:
    data = await read_object(request)
    if isinstance(data, JSONResponse):
        return data
    unknown = sorted(set(data) - set(names))
    if unknown:
        message = f"unknown field {unknown[0]!r}; this route takes {', '.join(names)}"
        return JSONResponse({"error": message, "field": unknown[0]}, status_code=422)
    try:
        result = await run_lab(request, run, *(data.get(n) for n in names))
    except LabFailure as exc:
        return JSONResponse(exc.to_dict(), status_code=exc.status, headers=exc.headers)
    return JSONResponse(result)


def _embed(text: object, other: object) -> dict[str, Any]:
    from ...labs.similarity import compare, embed

    if other is None:
        return embed(text).to_dict()
    pair = compare(text, other, ("text", "other"))
    return {**pair.a.to_dict(), "other": pair.b.to_dict(), **pair.to_dict(only_cosine=True)}


@router.post(
    "/api/labs/embed",
    openapi_extra=_body(
        ["text"],
        text=TEXT,
        other={
            **TEXT,
            "description": "optional: a second sentence, to get the engine's cosine of the two",
        },
    ),
    summary="A sentence's tokens and 384-number embedding (L2-normalised)",
)
async def embed(request: Request) -> JSONResponse:
    return await _answer(request, ("text", "other"), _embed)


def _search(query: object, k: object) -> dict[str, Any]:
    from ...labs.retrieval import search

    return search(query, k).to_dict()


@router.post(
    "/api/labs/search",
    openapi_extra=_body(["query"], query=TEXT, k=K),
    summary="The course passages closest to a query, by cosine, highest first",
)
async def search(request: Request) -> JSONResponse:
    return await _answer(request, ("query", "k"), _search)


def _attention(text: object, layer: object, head: object, row: object) -> dict[str, Any]:
    from ...labs.attention import attention

    return attention(text, layer, head, row).to_dict()


@router.post(
    "/api/labs/attention",
    openapi_extra=_body(
        ["text"],
        text=TEXT,
        layer={"type": "integer", "minimum": 1, "maximum": 6, "default": 1},
        head={"type": "integer", "minimum": 1, "maximum": 12, "default": 1},
        row={"type": "integer", "minimum": 0, "description": "the token whose row is worked"},
    ),
    summary="One head's attention weights (rows sum to 1) and one row worked by the engine",
)
async def attention(request: Request) -> JSONResponse:
    return await _answer(request, ("text", "layer", "head", "row"), _attention)


def _precision(query: object, k: object, temperature: object) -> dict[str, Any]:
    from ...labs.precision import precision

    return precision(query, k, temperature).to_dict()


@router.post(
    "/api/labs/precision",
    openapi_extra=_body(
        ["query"],
        query=TEXT,
        k={**K, "default": 8},
        temperature={"type": "number", "minimum": 0.01, "maximum": 10, "default": 0.05},
    ),
    summary="Retrieval scores and their softmax in float64, float32, float16 and bfloat16",
)
async def precision(request: Request) -> JSONResponse:
    return await _answer(request, ("query", "k", "temperature"), _precision)
