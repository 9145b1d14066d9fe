"""Whole-response cache for lesson pages: the same bytes for every returning learner.

A lesson without a query string carries no learner data (the script fills in the
learner's mastery), so after the first render it can be answered from memory without
routing, templates or the database. It sits outermost, so what it stores already holds
every header the stack adds (security headers, compression); it never stores a response
that sets a cookie, and it only answers requests that already carry the learner cookie,
so new visitors still get theirs.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .learner import COOKIE

_LESSON = re.compile(r"^/topics/[a-z0-9-]{1,80}$")
MAX_ENTRIES = 512
_STORED_HEADERS = frozenset({b"set-cookie"})


class PageCache:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.pages: dict[tuple[str, bool], tuple[int, list[tuple[bytes, bytes]], bytes]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        hit = self.pages.get(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, self._recorder(key, send))

    def _key(self, scope: Scope) -> tuple[str, bool] | None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["query_string"]:
            return None
        path = scope["path"]
        if not path.startswith("/topics/") or not _LESSON.match(path):
            return None
        cookie = b""
        gzip = False
        for name, value in scope["headers"]:
            if name == b"cookie":
                cookie += value
            elif name == b"accept-encoding":
                gzip = b"gzip" in value
        if COOKIE.encode() + b"=" not in cookie:
            return None
        return path, gzip

    def _recorder(self, key: tuple[str, bool], send: Send) -> Send:
        parts: list[bytes] = []
        start: dict[str, object] = {}

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                done = not message.get("more_body")
                if done and self._storable(start) and len(self.pages) < MAX_ENTRIES:
                    headers = list(start.get("headers", []))  # type: ignore[call-overload]
                    self.pages[key] = (200, headers, b"".join(parts))
            await send(message)

        return record

    @staticmethod
    def _storable(start: dict[str, object]) -> bool:
        headers = start.get("headers", [])
        return start.get("status") == 200 and not any(
            name.lower() in _STORED_HEADERS
            for name, _ in headers  # type: ignore[union-attr]
        )
