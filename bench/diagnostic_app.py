"""Diagnostic variants of our app for the throughput benchmark (never served to learners).

`make()` is our app as `mathforai serve` builds it, with two changes that tell where the
lesson path spends its time: Jinja's auto_reload is off (no stat() of every template on
every request), and GET /bench/cached answers the lesson's bytes from an async route, so
it costs only what FastAPI and our middleware cost: the ceiling for any page we render.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi.responses import HTMLResponse
from starlette.types import ASGIApp

from mathforai.settings import Settings
from mathforai.web.app import create_app
from mathforai.web.pagecache import PageCache


def make() -> ASGIApp:
    app = create_app(Settings())
    app.state.templates.auto_reload = False
    body = Path(os.environ["BENCH_BODY_FILE"]).read_bytes()

    @app.get("/bench/cached", include_in_schema=False)
    async def cached() -> HTMLResponse:
        return HTMLResponse(body)

    return PageCache(app)
