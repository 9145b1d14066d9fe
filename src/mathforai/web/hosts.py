"""The Host allowlist (MATHFORAI_ALLOWED_HOSTS): requests naming any other host get 400.

A server on localhost can still be reached by a page on another site through DNS
rebinding (evil.example resolving to 127.0.0.1): the browser then sends
`Host: evil.example`. Answering only for the names we serve closes that, and keeps a
forged Host out of anything built from it.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send


def parse_allowed(value: str) -> tuple[str, ...]:
    """ "localhost, 127.0.0.1,[::1]" → normalised names; ("*",) for any host."""
    names = tuple(_normal(part) for part in value.split(",") if part.strip())
    return ("*",) if "*" in names or not names else names


def _normal(name: str) -> str:
    return name.strip().lower().rstrip(".").removeprefix("[").removesuffix("]")


def host_name(header: str) -> str | None:
    """The name in a Host header (no port, no IPv6 brackets), or None if malformed."""
    try:
        name = urlsplit(f"//{header.strip()}").hostname
    except ValueError:
        return None
    return _normal(name) if name else None


def allowed(name: str | None, names: tuple[str, ...]) -> bool:
    if names == ("*",):
        return True
    if name is None:
        return False
    return any(
        name == pattern or (pattern.startswith("*.") and name.endswith(pattern[1:]))
        for pattern in names
    )


class AllowedHosts:
    """ASGI middleware: 400 for a request whose Host is not on the list."""

    def __init__(self, app: ASGIApp, names: tuple[str, ...]) -> None:
        self.app = app
        self.names = names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.names != ("*",):
            header = next((v for k, v in scope.get("headers", []) if k == b"host"), b"")
            if not allowed(host_name(header.decode("latin-1")), self.names):
                await _refuse(send)
                return
        await self.app(scope, receive, send)


async def _refuse(send: Send) -> None:
    message = (
        "this server does not answer for the host named in the request; "
        "use its own address, or add the name to MATHFORAI_ALLOWED_HOSTS"
    )
    body = json.dumps({"error": message, "field": "host"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
