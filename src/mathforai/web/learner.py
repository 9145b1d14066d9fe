"""Who is learning: a signed, HttpOnly, SameSite cookie, created at the first write.

No sign-up: the cookie carries a random id signed with the app's secret, so it cannot be
forged or guessed, and any app process that shares the secret recognises it.

A visitor who only reads gets no cookie and leaves no row: the id is minted on the first
request that may write (any POST, and the practice pages, which issue exercises to the
learner). So an anonymous page is the same bytes for everyone and can come from the
page cache (web/pagecache.py).

Every write also sets a second cookie, `mathforai_v`, to the time of that write: a
version of the learner's record that the page cache keys the course map by. Any process
that takes a write changes it, so no process serves a map older than the learner's
last answer, without asking the database.
"""

from __future__ import annotations

import secrets
import time
import uuid
from pathlib import Path

from itsdangerous import BadSignature, URLSafeSerializer
from platformdirs import user_data_dir
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "mathforai_learner"
VERSION_COOKIE = "mathforai_v"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Safe requests that still issue something to the learner (an exercise id): they need it.
MINTING_PATHS = ("/practice/", "/review", "/placement/")  # pages that issue exercises
MAX_AGE = 400 * 24 * 3600  # browsers cap cookie lifetimes at 400 days


def secret_key(configured: str, data_dir: Path | None = None) -> str:
    """The configured secret, or one generated once and kept in the user's data folder."""
    if configured:
        return configured
    folder = data_dir or Path(user_data_dir("mathforai", appauthor=False))
    path = folder / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    try:
        # O_EXCL: two processes starting together agree on whichever wrote first.
        with path.open("x") as handle:
            handle.write(key)
        path.chmod(0o600)
    except FileExistsError:
        return path.read_text().strip()
    return key


class LearnerCookie:
    """ASGI middleware: puts the learner id in scope["state"] and sets the cookie when new."""

    def __init__(self, app: ASGIApp, secret: str) -> None:
        self.app = app
        self.signer = URLSafeSerializer(secret, salt="learner")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        learner = self._read(conn.cookies.get(COOKIE))
        fresh = learner is None
        learner = learner or uuid.uuid4().hex
        scope.setdefault("state", {})["learner_id"] = learner
        # ForwardedHeaders has already applied a trusted proxy's scheme (and stripped an
        # untrusted one), so the URL's scheme is the truth.
        secure = conn.url.scheme == "https"

        writes = scope["method"] not in SAFE_METHODS
        mint = fresh and (writes or scope["path"].startswith(MINTING_PATHS))
        flags = f"; Path=/; Max-Age={MAX_AGE}; HttpOnly; SameSite=Lax"
        flags += "; Secure" if secure else ""

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and (mint or writes):
                headers = MutableHeaders(scope=message)
                if mint:
                    headers.append("set-cookie", f"{COOKIE}={self.signer.dumps(learner)}{flags}")
                if writes:
                    headers.append("set-cookie", f"{VERSION_COOKIE}={time.time_ns():x}{flags}")
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _read(self, value: str | None) -> str | None:
        if not value:
            return None
        try:
            learner = self.signer.loads(value)
        except BadSignature:
            return None
        return learner if isinstance(learner, str) and len(learner) <= 64 else None
