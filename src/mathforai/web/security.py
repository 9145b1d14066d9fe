"""Security middleware: response headers for every response, a request body limit, and
forwarding headers from a trusted proxy.

All are plain ASGI middleware so they also cover static files, errors and the 413 itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# No inline script or style anywhere: every page uses /static/app.js and /static/app.css only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response (unless a route set one itself)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    """Raised inside the app when a streamed body passes the limit."""


class BodySizeLimit:
    """Answers 413 when a request body is larger than `max_bytes`.

    Content-Length is checked up front; a body without one (chunked) is counted as it
    arrives, so a client cannot get past the limit by leaving the header out.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._reject(send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._reject(send)

    async def _reject(self, send: Send) -> None:
        limit = f"{self.max_bytes:,} bytes"
        body = json.dumps({"error": f"the request body is larger than {limit}"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


FORWARDING_HEADERS = frozenset({b"x-forwarded-proto", b"x-forwarded-for", b"x-forwarded-host"})
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")


class ForwardedHeaders:
    """What a TLS-terminating proxy says about the original request, only if trusted.

    With `trusted`, X-Forwarded-Proto, -For and -Host (the last value of each: the one our
    own proxy appended) replace the scheme, the client address and the Host header. Without
    it they are removed, so nothing further in (the Secure cookie flag, the rate limit,
    the cross-site check) can be fooled by a client that sends them itself.
    """

    def __init__(self, app: ASGIApp, trusted: bool) -> None:
        self.app = app
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = list(scope.get("headers", []))
            forwarded = {
                name.lower(): value for name, value in headers if name.lower() in FORWARDING_HEADERS
            }
            if forwarded:
                kept = [(n, v) for n, v in headers if n.lower() not in FORWARDING_HEADERS]
                scope = dict(scope, headers=kept)
                if self.trusted:
                    _apply(scope, forwarded)
        await self.app(scope, receive, send)


def _apply(scope: Scope, forwarded: dict[bytes, bytes]) -> None:
    proto = _last(forwarded.get(b"x-forwarded-proto")).lower()
    if proto in ("http", "https"):
        secure = proto == "https"
        if scope["type"] == "websocket":
            scope["scheme"] = "wss" if secure else "ws"
        else:
            scope["scheme"] = proto
    client = _last(forwarded.get(b"x-forwarded-for"))
    if client:
        scope["client"] = (client, 0)
    host = _last(forwarded.get(b"x-forwarded-host"))
    if host and _HOST.match(host):
        headers = [(n, v) for n, v in scope["headers"] if n.lower() != b"host"]
        scope["headers"] = [*headers, (b"host", host.encode("latin-1"))]


def _last(value: bytes | None) -> str:
    """The last entry of a comma-separated forwarding header."""
    if not value:
        return ""
    return value.decode("latin-1").rsplit(",", 1)[-1].strip()
