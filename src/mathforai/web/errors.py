"""The last line of defence: an exception no route handled becomes a 500 response.

Starlette answers an unhandled exception in its outermost layer, outside every middleware
we add, so that 500 had none of the security headers, and the exception went on to
uvicorn, which dropped the connection. This middleware sits innermost instead: the
500 page travels back out through the security headers like any other response, and
the connection is kept.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .security import BodyTooLarge

log = logging.getLogger("mathforai.web")

MESSAGE = "This page hit a bug on our side. Try again, or go back to the course map."
PLAIN = "<!doctype html><title>Error</title><h1>Something went wrong</h1><a href='/'>Home</a>"


class ServerErrors:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except BodyTooLarge:  # BodySizeLimit, further out, answers it with 413
            raise
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:  # half a response is out: nothing sensible can follow it
                raise
            await server_error(scope)(scope, receive, send)


def server_error(scope: Scope) -> Response:
    path = scope.get("path", "")
    if path.startswith(("/api/", "/widgets/")) or path == "/healthz":
        return JSONResponse({"error": "something went wrong on our side"}, status_code=500)
    return HTMLResponse(_page(scope), status_code=500)


def _page(scope: Scope) -> str:
    """The 500 page; plain if even the template fails (it must never raise)."""
    try:
        env = scope["app"].state.templates
        return env.get_template("error.html").render(
            request=Request(scope),
            title="Something went wrong",
            heading="Something went wrong",
            message=MESSAGE,
        )
    except Exception:
        return PLAIN
