"""The web app: `create_app(settings)` builds a FastAPI app; nothing is built at import.

The course is loaded once per app and kept on `app.state`, next to the settings and
the template environment, so several apps (tests, workers) never share state.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Scope

from ..progress.db import StoreError
from ..settings import Settings
from .compute import ComputeUnavailable, ResultTooLarge
from .csrf import CrossSiteGuard
from .errors import ServerErrors
from .health import DatabaseProbe
from .hosts import AllowedHosts, parse_allowed
from .offload import ClientBusy, client_of, install
from .pagecache import PageCache
from .ratelimit import RateLimit, RateLimiter
from .security import BodySizeLimit, ForwardedHeaders, SecurityHeaders
from .templating import STATIC, make_environment, render

# Seconds a thread may hold the GIL before another is let in (Python's default is 0.005).
SWITCH_INTERVAL = 0.001

HTTP_MESSAGES = {
    404: ("Not found", "That page does not exist."),
    405: ("Method not allowed", "That address does not accept this kind of request."),
}


class CachedStatic(StaticFiles):
    """Static files with caching headers: versioned URLs (?v=hash) never change."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200 and b"v=" in scope.get("query_string", b""):
            response.headers["cache-control"] = "public, max-age=31536000, immutable"
        elif response.status_code in (200, 304):
            response.headers["cache-control"] = "public, max-age=300"
        return response


def create_app(settings: Settings, course: Any = None) -> FastAPI:
    """The course web app. `course` defaults to the course loaded from the content files."""
    from ..progress.db import make_engine, migrate
    from ..progress.repository import ProgressStore
    from .learner import LearnerCookie, secret_key
    from .routes import aids, api, labs, labs_pages, pages, practice, widgets

    if course is None:
        from ..course.loader import load_course

        course = load_course()
    app = FastAPI(
        lifespan=partial(_lifespan, threads=settings.threads),
        title="Math for AI Engineers",
        summary="Every number computed by the engine, with its working shown.",
        version=_version(),
        # The interactive docs pages load scripts from a CDN, which the CSP forbids.
        docs_url=None,
        redoc_url=None,
        # Starlette's slash redirect builds its Location from the Host header; ours
        # (the 404 handler below) sends a path only.
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.course = course
    app.state.templates = make_environment()
    app.state.default_views = {}
    engine = make_engine(settings.database_url)
    migrate(engine)
    app.state.store = ProgressStore(engine)
    # Signs issued exercise ids and exported progress, as well as the learner cookie.
    app.state.secret_key = secret_key(settings.secret_key, settings.data_dir())
    app.state.health = DatabaseProbe(engine)
    install(app, settings)
    # Warm the compute workers now, in the background, so no request waits for them.
    app.state.compute.start()
    app.include_router(pages.router)
    app.include_router(aids.router)
    app.include_router(practice.router)
    app.include_router(api.router)
    app.include_router(widgets.router)
    app.include_router(labs.router)
    labs_pages.install(app)
    app.mount("/static", CachedStatic(directory=STATIC), name="static")
    _add_error_handlers(app)
    # Added last = outermost: the headers also go on the 413/403/429 and on error pages;
    # the forwarded client and scheme are settled before the rate limit and the cookie.
    # Innermost: lesson pages are ~50 KB of HTML and MathML that compress about fourfold.
    # Innermost of all: a bug becomes a 500 page here, inside the stack, so it still gets
    # the security headers and the connection stays open (web/errors.py).
    app.add_middleware(ServerErrors)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(LearnerCookie, secret=app.state.secret_key)
    app.add_middleware(CrossSiteGuard)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    if settings.rate_limit_per_minute > 0:
        limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_storage)
        app.state.rate_limiter = limiter
        app.add_middleware(RateLimit, limiter=limiter)
    # Inside ForwardedHeaders: a trusted proxy's X-Forwarded-Host is the Host checked.
    app.add_middleware(AllowedHosts, names=parse_allowed(settings.allowed_hosts))
    app.add_middleware(ForwardedHeaders, trusted=settings.trust_proxy)
    app.add_middleware(SecurityHeaders)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI, threads: int) -> AsyncIterator[None]:
    # The limiter belongs to the running event loop, so it is sized here, not at build time.
    anyio.to_thread.current_default_thread_limiter().total_tokens = max(1, threads)
    yield


def serving_app(settings: Settings) -> ASGIApp:
    """What `mathforai serve` runs: the app behind its lesson-page cache.

    The cache sits in front of the framework, not inside it, so a cached lesson costs
    no routing and no middleware at all (docs/benchmarks.md, throughput)."""
    return PageCache(create_app(settings))


def app_from_environment() -> ASGIApp:
    """Factory for uvicorn workers: settings come from MATHFORAI_* variables."""
    # The event loop shares the GIL with the threads that record answers. At Python's
    # default 5 ms a thread keeps the GIL, the loop waits 5 ms per thread at every turn
    # under load; a shorter slice gives it back sooner (docs/benchmarks.md, soak).
    sys.setswitchinterval(SWITCH_INTERVAL)
    app = serving_app(Settings())
    # The course, templates and routes live as long as the process. A full collection
    # walked those ~190,000 objects each time, for 100–300 ms with the event loop stopped:
    # that was the slowest /healthz of the soak. Frozen, collections skip them.
    gc.freeze()
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mathforai")
    except PackageNotFoundError:
        return "0"


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/widgets/")) or path == "/healthz"


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        slashless = _without_trailing_slash(request, exc.status_code)
        if slashless is not None:
            return RedirectResponse(slashless, status_code=308)
        heading, message = HTTP_MESSAGES.get(exc.status_code, ("Error", str(exc.detail)))
        if wants_json(request):
            return JSONResponse(
                {"error": message}, status_code=exc.status_code, headers=exc.headers
            )
        return render(
            request,
            "error.html",
            status_code=exc.status_code,
            title=heading,
            heading=heading,
            message=message,
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        field = ".".join(str(p) for p in first.get("loc", ())[1:]) or None
        message = f"{field}: {first.get('msg', 'invalid value')}" if field else "invalid request"
        if wants_json(request):
            return JSONResponse({"error": message, "field": field}, status_code=422)
        return render(
            request,
            "error.html",
            status_code=422,
            title="Bad request",
            heading="Bad request",
            message=message,
        )

    @app.exception_handler(StoreError)
    @app.exception_handler(SQLAlchemyError)
    async def store_unavailable(request: Request, exc: Exception) -> Response:
        # The database is down, read-only or gone: say so, and let the learner retry.
        reason = str(exc) if isinstance(exc, StoreError) else "the database cannot be reached"
        message = (
            f"Your progress cannot be saved or read right now ({reason}). This last action "
            "was not saved; everything saved before it is kept. Try again in a moment."
        )
        headers = {"retry-after": "5"}
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=503, headers=headers)
        return render(
            request,
            "error.html",
            status_code=503,
            title="Progress unavailable",
            heading="Progress unavailable",
            message=message,
            headers=headers,
        )

    @app.exception_handler(ComputeUnavailable)
    async def compute_unavailable(request: Request, exc: ComputeUnavailable) -> Response:
        limiter = getattr(request.app.state, "rate_limiter", None)
        if exc.timed_out and limiter is not None:
            # A computation that ran out its budget costs its client far more than one request.
            await limiter.penalize(client_of(request))
        headers = {"retry-after": str(exc.retry_after)}
        return _refusal(request, 503, "Try again in a moment", exc.message, headers)

    @app.exception_handler(ClientBusy)
    async def client_busy(request: Request, exc: ClientBusy) -> Response:
        return _refusal(request, 429, "Too many requests", str(exc), {"retry-after": "1"})

    @app.exception_handler(ResultTooLarge)
    async def too_large(request: Request, exc: ResultTooLarge) -> Response:
        return _refusal(request, 422, "Too large", str(exc), {})


def _without_trailing_slash(request: Request, status: int) -> str | None:
    """For a 404 on /some/path/ (GET or HEAD), the same path without the slash: a path
    with its query, never a host (a forged Host must not end up in a Location), and with
    one leading slash (//evil.example would be another site)."""
    path = request.url.path
    if status != 404 or request.method not in ("GET", "HEAD") or not path.endswith("/"):
        return None
    target = "/" + path.strip("/")
    if target == "/" or target == path:
        return None
    query = request.url.query
    return f"{target}?{query}" if query else target


def _refusal(
    request: Request, status: int, heading: str, message: str, headers: dict[str, str]
) -> Response:
    """A refusal the client can act on: JSON for the API and widgets, a page otherwise."""
    if request.url.path.startswith("/widgets/"):
        from .widgets import error_html

        return HTMLResponse(error_html(message), status_code=status, headers=headers)
    if wants_json(request):
        return JSONResponse({"error": message, "field": None}, status_code=status, headers=headers)
    return render(
        request,
        "error.html",
        status_code=status,
        title=heading,
        heading=heading,
        message=message[:1].upper() + message[1:] + ".",
        headers=headers,
    )
