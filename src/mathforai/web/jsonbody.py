"""Decoding a JSON request body into an argument object, with the errors a client can fix.

Plain functions on bytes, so the work can run where it is cheapest to bound: the explain
route hands the raw body to a compute worker (web/tasks.py), because decoding a 60 KB
matrix takes milliseconds of the one event loop every request shares.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 32


class BodyError(ValueError):
    """The body is not a JSON object we accept; the message says what to send instead."""


def decode_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object of argument names and values, or BodyError."""
    if not body.strip():
        raise BodyError('send a JSON object, such as {"u": [1, 2, 3]}')
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise BodyError("the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise BodyError("the body must be a JSON object of argument names and values")
    if depth(data) > MAX_DEPTH:
        raise BodyError("the values are nested too deeply")
    return data


def depth(value: Any) -> int:
    """Nesting depth, level by level: a deep value must not exhaust the stack, and only
    containers are queued (a 5,000-row matrix is 5,000 lists, not 10,000 tuples)."""
    levels, level = 0, [value]
    while level:
        levels += 1
        if levels > MAX_DEPTH:
            return levels
        nested: list[Any] = []
        for item in level:
            if isinstance(item, dict):
                nested.extend(c for c in item.values() if isinstance(c, (list, dict)))
            elif isinstance(item, list):
                nested.extend(c for c in item if isinstance(c, (list, dict)))
            # a scalar at the top (an import file may be any JSON value) has no children
        level = nested
    return levels
