"""The fragment app.js fetches while a learner edits a widget: just the output region."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...course.widgets import WIDGETS
from ...engine import UnknownOperation, get_operation
from .. import tasks
from ..offload import compute
from ..widgets import error_html

router = APIRouter(include_in_schema=False)


@router.get("/widgets/{name}/render", response_class=HTMLResponse)
async def render_widget(request: Request, name: str) -> HTMLResponse:
    """The output region's HTML for the values in the query (422 if they are bad)."""
    widget = WIDGETS.get(name)
    if widget is None:
        return HTMLResponse(error_html(f"there is no widget called {name!r}"), status_code=404)
    try:
        get_operation(widget.op)
    except UnknownOperation as exc:
        return HTMLResponse(error_html(str(exc)), status_code=404)
    query = list(request.query_params.multi_items())
    status, html = await compute(request, tasks.widget_fragment, name, query)
    return HTMLResponse(html, status_code=status)
