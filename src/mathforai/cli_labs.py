"""`mathforai lab embed|search|attention|precision "…"`: the labs in a terminal.

The same computations as /api/labs/* (labs/), printed as text or, with --format json,
as the API's JSON. Bad input or missing weights: one line on stderr, exit 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console

lab_app = typer.Typer(
    help="Labs on a real sentence encoder (all-MiniLM-L6-v2, run in numpy).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

FORMAT = typer.Option("text", "--format", "-f", help="text or json.")


def _run(func: Callable[[], Any]) -> Any:
    from .engine import InputError
    from .labs import WeightsMismatch, WeightsMissing

    try:
        return func()
    except InputError as exc:
        _fail(exc.message)
    except (WeightsMissing, WeightsMismatch) as exc:
        _fail(str(exc))


def _fail(message: str) -> None:
    err.print(f"error: {message}", markup=False, soft_wrap=True)
    raise typer.Exit(2)


def _check_format(fmt: str) -> None:
    if fmt not in ("text", "json"):
        _fail(f"--format must be text or json, not {fmt!r}")


def _json(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def _num(x: float) -> str:
    from .engine.notation import num

    return num(x)


def _steps(expl: Any) -> None:
    for i, step in enumerate(expl.steps, 1):
        out.print(f"  {i}. {step.text}", markup=False)


@lab_app.command()
def embed(
    text: str = typer.Argument(..., help="A sentence (at most 256 tokens)."),
    other: str = typer.Option(None, "--other", help="A second sentence: adds the cosine."),
    fmt: str = FORMAT,
) -> None:
    """Tokens and the 384-number embedding of a sentence: mathforai lab embed "A cat sat." """
    from .labs.similarity import compare
    from .labs.similarity import embed as embed_one

    _check_format(fmt)
    one = _run(lambda: embed_one(text))
    pair = _run(lambda: compare(text, other, ("text", "other"))) if other is not None else None
    if fmt == "json":
        data = one.to_dict()
        if pair is not None:
            data.update({"other": pair.b.to_dict(), **pair.to_dict(only_cosine=True)})
        return _json(data)
    out.print("tokens: " + " ".join(one.encoding.tokens), markup=False)
    first = ", ".join(_num(x) for x in one.vector[:8])
    out.print(f"embedding (384 entries, length 1): [{first}, …]", markup=False)
    if pair is not None:
        out.print(f"cosine with {other!r}: {_num(pair.cosine)}", markup=False)
        _steps(pair.working)


@lab_app.command()
def search(
    query: str = typer.Argument(..., help="A question about the course."),
    k: int = typer.Option(5, "-k", help="How many passages (1 to 20)."),
    fmt: str = FORMAT,
) -> None:
    """The course passages closest to a query: mathforai lab search "what is softmax" """
    from .labs.retrieval import search as run_search

    _check_format(fmt)
    result = _run(lambda: run_search(query, k))
    if fmt == "json":
        return _json(result.to_dict())
    for hit in result.results:
        out.print(
            f"{hit.rank}. {_num(hit.score)}  [{hit.passage.topic}] {hit.passage.text}", markup=False
        )
    out.print("working for the top hit (unnormalised vectors):", markup=False)
    _steps(result.working)
    moved = f"{result.moved} of the top {result.k} move" if result.moved else "same order"
    out.print(f"ranked by raw dot product instead: {moved}", markup=False)


@lab_app.command()
def attention(
    text: str = typer.Argument(..., help="A sentence."),
    layer: int = typer.Option(1, "--layer", help="1 to 6."),
    head: int = typer.Option(1, "--head", help="1 to 12."),
    row: int = typer.Option(None, "--row", help="The token (from 0) whose row is worked."),
    fmt: str = FORMAT,
) -> None:
    """One head's attention weights: mathforai lab attention "The cat sat." --layer 2"""
    from .labs.attention import attention as run_attention

    _check_format(fmt)
    view = _run(lambda: run_attention(text, layer, head, row))
    if fmt == "json":
        return _json(view.to_dict())
    width = max(len(t) for t in view.tokens)
    out.print(f"layer {view.layer}, head {view.head}: each row sums to 1", markup=False)
    for token, weights in zip(view.tokens, view.weights, strict=True):
        cells = " ".join(f"{w:4.2f}" for w in weights)
        out.print(f"{token:>{width}} {cells}", markup=False)
    out.print(
        f"row {view.row} ({view.tokens[view.row]}) through the engine's softmax:", markup=False
    )
    _steps(view.softmax_working)


@lab_app.command()
def precision(
    query: str = typer.Argument(..., help="A question about the course."),
    temperature: float = typer.Option(0.05, "--temperature", help="0.01 to 10."),
    fmt: str = FORMAT,
) -> None:
    """Scores and softmax in float64, float32, float16 and bfloat16."""
    from .labs.precision import precision as run_precision

    _check_format(fmt)
    result = _run(lambda: run_precision(query, None, temperature))
    if fmt == "json":
        return _json(result.to_dict())
    for t in result.types:
        scores = " ".join(f"{s:.6f}" for s in t.scores[:5])
        flag = "  softmax overflows without subtracting the max" if t.overflowed else ""
        out.print(f"{t.name:>8}: {scores} … ranks {t.ranks}{flag}", markup=False)
    flips = ", ".join(f["type"] for f in result.flips) or "none"
    out.print(f"ranking flips: {flips}", markup=False)
