"""The labs' pages: /labs, one page per lab, and the output fragment the script fetches.

Each lab is a GET form: with JavaScript off it submits and the page comes back with
the result; with the script on, typing fetches /labs/{lab}/render and replaces only
the output region (as widgets do). Everything is computed by labs/ and the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...engine.notation import num
from ...labs import INSTALL_HINT, MAX_TOKENS, available
from ...labs.model import MAX_CHARS
from ...render.html import explanation_html
from ...render.labs_svg import heat_map, strip_plot
from ..labs_runner import LabFailure, run_lab
from ..templating import render
from .pages import not_found

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Lab:
    slug: str
    title: str
    summary: str
    builds_on: tuple[str, ...]  # topic ids
    fields: tuple[tuple[str, str, str], ...]  # (name, label, default)
    hint: str = ""  # shown on the lab's page, under the form

    @property
    def url(self) -> str:
        return f"/labs/{self.slug}"

    def values(self, request: Request) -> dict[str, str]:
        params = request.query_params
        return {name: params.get(name, default)[:MAX_CHARS] for name, _, default in self.fields}


LABS: dict[str, Lab] = {
    lab.slug: lab
    for lab in (
        Lab(
            "embeddings",
            "Embeddings and cosine similarity",
            "Type two sentences: see their tokens, their 384-number embeddings and the "
            "engine's cosine of the two.",
            ("1.2", "1.6", "1.9"),
            (
                ("a", "First sentence", "A cat sat on the mat."),
                ("b", "Second sentence", "A kitten was resting on the rug."),
            ),
        ),
        Lab(
            "retrieval",
            "Retrieval, as in RAG",
            "Ask a question: the course's own passages ranked by cosine, the working for "
            "the top hit, and what ranking by the raw dot product would have changed.",
            ("1.5", "1.6", "1.9"),
            (
                ("query", "Question", "Why subtract the largest logit in softmax?"),
                ("k", "How many", "5"),
            ),
        ),
        Lab(
            "attention",
            "Attention inside the model",
            "One attention head's weights on your sentence as a heat map, and one row worked "
            "from QKᵀ/√d through the softmax.",
            ("1.4", "1.7", "2.9"),
            (
                ("text", "Sentence", "The animal did not cross the street because it was tired."),
                ("layer", "Layer", "4"),
                ("head", "Head", "2"),
                ("row", "Row (token number)", "9"),
            ),
            "It starts at layer 4, head 2, on row 9, the token “it”: see which word it "
            "looks at. Rows count from 0 ([CLS]).",
        ),
        Lab(
            "precision",
            "Precision: float64 to bfloat16",
            "The same retrieval scores and their softmax in four number formats: the "
            "rounding, the overflow when the max is not subtracted, and ranks that flip.",
            ("1.6", "2.9"),
            (
                ("query", "Question", "What does cosine similarity measure?"),
                ("temperature", "Temperature", "0.05"),
            ),
            "Contrastive training divides cosines by a temperature such as 0.05 before the "
            "softmax: scores near 0.7 become e^14, past float16's largest number.",
        ),
    )
}


def install(app: Any) -> None:
    """The lab pages, and the list the course map's Labs section reads."""
    app.include_router(router)
    app.state.templates.globals["labs"] = list(LABS.values())


@router.get("/labs", response_class=HTMLResponse)
def labs_index(request: Request) -> HTMLResponse:
    course = request.app.state.course
    return render(
        request,
        "labs/index.html",
        title="Labs",
        labs=list(LABS.values()),
        topics={t.id: t for t in course.topics},
        installed=available(),
        install_hint=INSTALL_HINT,
    )


@router.get("/labs/{slug}", response_class=HTMLResponse)
async def lab_page(request: Request, slug: str) -> HTMLResponse:
    lab = LABS.get(slug)
    if lab is None:
        return not_found(request, f"There is no lab called “{slug}”.")
    values = lab.values(request)
    output, _ = await lab_output(request, lab, values)
    course = request.app.state.course
    return render(
        request,
        "labs/lab.html",
        title=lab.title,
        lab=lab,
        values=values,
        output=output,
        topics=[t for t in (course.topic(i) for i in lab.builds_on) if t is not None],
        max_chars=MAX_CHARS,
        max_tokens=MAX_TOKENS,
    )


@router.get("/labs/{slug}/render", response_class=HTMLResponse)
async def lab_fragment(request: Request, slug: str) -> HTMLResponse:
    lab = LABS.get(slug)
    if lab is None:
        return HTMLResponse('<p class="widget-error">There is no such lab.</p>', status_code=404)
    output, status = await lab_output(request, lab, lab.values(request))
    return HTMLResponse(output, status_code=status)


async def lab_output(request: Request, lab: Lab, values: dict[str, str]) -> tuple[str, int]:
    """The output region's HTML and its status (200, 422 bad input, 503 no weights)."""
    env = request.app.state.templates
    if not available():
        html = env.get_template("labs/_missing.html").render(install_hint=INSTALL_HINT)
        return html, 503
    try:
        context = await run_lab(request, _COMPUTE[lab.slug], values)
    except LabFailure as exc:
        html = env.get_template("labs/_error.html").render(message=exc.message, status=exc.status)
        return html, exc.status
    return env.get_template(f"labs/_{lab.slug}.html").render(num=num, **context), 200


# ---- each lab's computation, run in the lab thread: model, engine, figures ----------------


def _whole(values: dict[str, str], name: str) -> int | str:
    # A non-number is passed through as text, so the lab refuses it naming the field.
    text = values[name].strip()
    return int(text) if text.lstrip("-").isdigit() and len(text) < 6 else text


def _number(values: dict[str, str], name: str) -> float | str:
    try:
        return float(values[name])
    except ValueError:
        return values[name]


def _embeddings(values: dict[str, str]) -> dict[str, Any]:
    from ...labs.similarity import compare

    pair = compare(values["a"], values["b"])
    strip = strip_plot(
        [("A", pair.a.vector), ("B", pair.b.vector)],
        "Strip plot: every one of the 384 entries of both embeddings, as ticks on one axis",
    )
    return {"pair": pair, "strip": strip, "working": explanation_html(pair.working)}


def _retrieval(values: dict[str, str]) -> dict[str, Any]:
    from ...labs.retrieval import search

    result = search(values["query"], _whole(values, "k"))
    return {"search": result, "working": explanation_html(result.working)}


def _attention(values: dict[str, str]) -> dict[str, Any]:
    from ...labs.attention import attention

    view = attention(
        values["text"],
        _whole(values, "layer"),
        _whole(values, "head"),
        _whole(values, "row"),
        clamp_row=True,
    )
    title = (
        f"Attention heat map, layer {view.layer} head {view.head}: row = the token attending, "
        f"column = the token attended to, darker = more weight"
    )
    return {
        "view": view,
        "heat": heat_map(view.tokens, view.weights.tolist(), view.row, title),
        "dot_working": explanation_html(view.dot_working),
        "softmax_working": explanation_html(view.softmax_working),
    }


def _precision(values: dict[str, str]) -> dict[str, Any]:
    from ...labs.precision import precision

    result = precision(values["query"], None, _number(values, "temperature"))
    return {"result": result, "working": explanation_html(result.softmax_working)}


_COMPUTE = {
    "embeddings": _embeddings,
    "retrieval": _retrieval,
    "attention": _attention,
    "precision": _precision,
}
