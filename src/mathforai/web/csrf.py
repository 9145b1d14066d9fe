"""Cross-site request forgery defence: a state-changing request must come from our own pages.

The learner is known by a cookie, so a page on another site could make the learner's
browser post an answer, import progress or reset it. Browsers say where a request comes
from, and a page cannot forge that:

- `Sec-Fetch-Site` (sent by current browsers on every request): `cross-site` and
  `same-site` are refused. Same-site matters because SameSite=Lax cookies still travel
  from a sibling subdomain, which may belong to someone else.
- `Origin` (sent by every browser on a cross-origin POST, and on same-origin fetch/forms):
  refused when it names another host than the request's Host, or is `null` (sandboxed
  frames, privacy-stripped contexts: we cannot tell where those come from).
- `Referer`, only when there is no Origin: refused when it names another host.

A request with none of these headers is allowed: it is not from a browser page (curl, a
script, the test client), and such a client holds no victim's cookie to abuse. Safe
methods (GET, HEAD, OPTIONS) change nothing and are never checked.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FOREIGN_FETCH_SITES = frozenset({"cross-site", "same-site"})
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}

MESSAGE = (
    "this request came from another site, so it was refused to protect your progress; "
    "use the form on this site instead"
)


def foreign_reason(method: str, headers: Headers) -> str | None:
    """Why a request must be refused as cross-site, or None when it may go ahead."""
    if method.upper() in SAFE_METHODS:
        return None
    fetch_site = headers.get("sec-fetch-site", "").strip().lower()
    if fetch_site in FOREIGN_FETCH_SITES:
        return f"Sec-Fetch-Site is {fetch_site}"
    host = headers.get("host", "")
    origin = headers.get("origin")
    if origin is not None:
        if origin.strip().lower() == "null":
            return "Origin is null"
        return None if same_host(origin, host) else "Origin names another host"
    referer = headers.get("referer")
    if referer and not same_host(referer, host):
        return "Referer names another host"
    return None


def same_host(url: str, host_header: str) -> bool:
    """Whether `url` (an Origin or Referer) points at `host_header` (host[:port]).

    Default ports are dropped on both sides, and the scheme is not compared: behind a
    TLS-terminating proxy the app sees http while the browser's Origin says https.
    """
    try:
        parts = urlsplit(url.strip())
        origin = _netloc(parts.hostname, parts.port)
        ours = urlsplit(f"//{host_header.strip()}")
        return origin is not None and origin == _netloc(ours.hostname, ours.port)
    except ValueError:  # a malformed port or IPv6 literal
        return False


def _netloc(hostname: str | None, port: int | None) -> str | None:
    if not hostname:
        return None
    name = hostname.lower().rstrip(".")
    return name if port is None or port in DEFAULT_PORTS.values() else f"{name}:{port}"


def wants_json(path: str) -> bool:
    return path.startswith(("/api/", "/widgets/")) or path == "/healthz"


class CrossSiteGuard:
    """ASGI middleware: answers 403 to a state-changing request from another site."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            reason = foreign_reason(scope["method"], Headers(scope=scope))
            if reason is not None:
                await refusal(scope, reason)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def refusal(scope: Scope, reason: str) -> Response:
    """The 403: JSON for API clients, the site's error page for a browser."""
    headers = {"x-refused-because": reason}
    if wants_json(scope.get("path", "")):
        return JSONResponse({"error": MESSAGE}, status_code=403, headers=headers)
    return HTMLResponse(_error_page(scope), status_code=403, headers=headers)


def _error_page(scope: Scope) -> str:
    heading = "Request refused"
    message = MESSAGE[0].upper() + MESSAGE[1:] + "."
    try:
        env = scope["app"].state.templates
        request = Request(scope)
        return env.get_template("error.html").render(
            request=request, title=heading, heading=heading, message=message
        )
    except Exception:  # the refusal must never fail: fall back to a bare page
        return (
            f"<!doctype html><title>{heading}</title><h1>{heading}</h1>"
            f"<p>{escape(message)}</p><p><a href='/'>Go to the course map</a></p>"
        )
