"""The fragment app.js fetches while a learner edits a widget: just the output region."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...course.widgets import WIDGETS
from ...engine import InputError, UnknownOperation, get_operation
from ..widgets import error_html, output_html, read_values

router = APIRouter(include_in_schema=False)


@router.get("/widgets/{name}/render", response_class=HTMLResponse)
def render_widget(request: Request, name: str) -> HTMLResponse:
    """The output region's HTML for the values in the query (422 if they are bad)."""
    widget = WIDGETS.get(name)
    if widget is None:
        return HTMLResponse(error_html(f"there is no widget called {name!r}"), status_code=404)
    try:
        operation = get_operation(widget.op)
    except UnknownOperation as exc:
        return HTMLResponse(error_html(str(exc)), status_code=404)
    values = dict(widget.defaults)
    try:
        values.update(read_values(list(request.query_params.multi_items()), operation))
    except InputError as exc:
        return HTMLResponse(error_html(exc.message), status_code=422)
    html, ok = output_html(operation, values)
    return HTMLResponse(html, status_code=200 if ok else 422)
