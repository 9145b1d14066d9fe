"""Whole-response cache in front of the framework: lesson pages and the course map.

- A lesson without a query string carries no learner data (the script fills in the
  learner's mastery), so after its first render it is the same bytes for every visitor,
  new or returning, answered from memory without routing, templates or the database.
- The course map shows the learner's progress, so it is kept per learner, keyed by
  the learner cookie *and* the version cookie that every write renews (web/learner.py):
  after an answer, on whatever process took it, the browser sends a new version and
  the map is rendered afresh. An entry also expires after MAP_TTL seconds, because a
  review falls due by the clock alone. A visitor without a cookie shares one map.

It sits outermost, so what it stores already holds every header the stack adds
(security headers, compression). It never stores a response that sets a cookie.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .learner import COOKIE, VERSION_COOKIE
from .quizorder import group_of

_LESSON = re.compile(r"^/topics/[a-z0-9-]{1,80}$")
MAX_ENTRIES = 512  # lessons: about 40 per quick-check group and Host served
MAX_MAPS = 4096  # course maps, one per recent learner (~10 KB compressed each)
MAP_TTL = 60.0  # seconds
_STORED_HEADERS = frozenset({b"set-cookie"})

Entry = tuple[int, list[tuple[bytes, bytes]], bytes]
Key = tuple[str, ...]


class PageCache:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.pages: dict[Key, Entry] = {}
        self.maps: OrderedDict[Key, tuple[float, Entry]] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        hit = self._get(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, self._recorder(key, send))

    def _get(self, key: Key) -> Entry | None:
        if key[0] == "lesson":
            return self.pages.get(key)
        found = self.maps.get(key)
        if found is None:
            return None
        if found[0] < time.monotonic():
            del self.maps[key]
            return None
        self.maps.move_to_end(key)
        return found[1]

    def _put(self, key: Key, entry: Entry) -> None:
        if key[0] == "lesson":
            if len(self.pages) < MAX_ENTRIES:
                self.pages[key] = entry
            return
        self.maps[key] = (time.monotonic() + MAP_TTL, entry)
        while len(self.maps) > MAX_MAPS:
            self.maps.popitem(last=False)

    def _key(self, scope: Scope) -> Key | None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["query_string"]:
            return None
        path = scope["path"]
        lesson = path.startswith("/topics/") and _LESSON.match(path) is not None
        if not lesson and path != "/":
            return None
        cookie = b""
        gzip = "plain"
        host = ""
        for name, value in scope["headers"]:
            if name == b"cookie":
                cookie += b";" + value
            elif name == b"accept-encoding":
                gzip = "gzip" if b"gzip" in value else "plain"
            elif name == b"host":
                host = value.decode("latin-1").lower()
        learner, version = _cookies(cookie)
        # The Host is part of the key: a page is only stored once the stack behind us (its
        # Host allowlist among it) has answered 200 for that very Host.
        if lesson:
            # One copy per quick-check order group (web/quizorder.py), not per learner.
            return ("lesson", path, gzip, str(group_of(learner)), host)
        return ("map", learner, version, gzip, host)

    def _recorder(self, key: Key, send: Send) -> Send:
        parts: list[bytes] = []
        start: dict[str, object] = {}

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                if not message.get("more_body") and self._storable(start):
                    headers = list(start.get("headers", []))  # type: ignore[call-overload]
                    self._put(key, (200, headers, b"".join(parts)))
            await send(message)

        return record

    @staticmethod
    def _storable(start: dict[str, object]) -> bool:
        headers = start.get("headers", [])
        return start.get("status") == 200 and not any(
            name.lower() in _STORED_HEADERS
            for name, _ in headers  # type: ignore[union-attr]
        )


def _cookies(header: bytes) -> tuple[str, str]:
    """The learner and version cookie values in a Cookie header ("" when absent)."""
    learner = version = ""
    for part in header.split(b";"):
        name, _, value = part.strip().partition(b"=")
        if name == COOKIE.encode():
            learner = value.decode("latin-1")
        elif name == VERSION_COOKIE.encode():
            version = value.decode("latin-1")
    return learner, version
