"""What the routes send to the compute workers (web/compute.py): module-level functions
whose arguments and results are plain, picklable data.

Each returns what the route sends, already encoded where that is the expensive part
(a large result is turned into JSON in the worker, not on the event loop).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..engine import InputError, get_operation
from .jsonbody import BodyError, decode_object

TOO_LARGE = "these values give a result too large to represent; try smaller ones"


def explain_body(op: str, body: bytes) -> tuple[int, bytes]:
    """POST /api/explain/{op} from the raw request body: decoded here, not on the loop."""
    try:
        data = decode_object(body)
    except BodyError as exc:
        return 422, _json({"error": str(exc), "field": None})
    return explain_json(op, data)


def explain_json(op: str, data: Mapping[str, Any]) -> tuple[int, bytes]:
    """POST /api/explain/{op}: (status, JSON body) of the Explanation or the input error."""
    try:
        result = get_operation(op).run(data).to_dict()
    except InputError as exc:
        return 422, _json(exc.to_dict())
    except (ValueError, OverflowError, RecursionError, ZeroDivisionError):
        return 422, _json({"error": TOO_LARGE, "field": None})
    return 200, _json(result)


def widget_fragment(name: str, query: list[tuple[str, str]]) -> tuple[int, str]:
    """GET /widgets/{name}/render: (status, output region HTML)."""
    from ..course.widgets import WIDGETS
    from .widgets import error_html, output_html, read_values

    widget = WIDGETS[name]
    operation = get_operation(widget.op)
    values = dict(widget.defaults)
    try:
        values.update(read_values(query, operation))
    except InputError as exc:
        return 422, error_html(exc.message)
    html, ok = output_html(operation, values)
    return (200 if ok else 422), html


def build_views(specs: list[dict[str, Any]]) -> list[Any]:
    """A lesson's widgets at submitted values: one `build_view` per spec (web/widgets.py)."""
    from .widgets import build_view

    out = []
    for spec in specs:
        spec = dict(spec)
        spec["operation"] = get_operation(spec.pop("op"))
        out.append(build_view(**spec))
    return out


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def raise_input_error(field: str, message: str) -> None:
    """For tests: an InputError raised in a worker must arrive in the server whole."""
    raise InputError(field, message)
