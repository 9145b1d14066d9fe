"""A per-client rate limit on every route that computes, kept by the `limits` library.

Each client IP may make `per_minute` such requests in any 60 seconds: a sliding window
counter (this minute's count plus last minute's, weighted by how much of it is still in the
window), which costs two counters per client. The exact moving window keeps a timestamp per
request, and `limits` expires those in memory with a thread hop per client on every pass:
in the soak that was an eighth of the server process's GIL time, taken from the event loop.
Over the limit the answer is 429 with Retry-After. A computation that runs out its time
budget (web/compute.py) costs its client `penalty` requests more, so a client sending
runaway inputs is shut out after a few of them while learners are not.

Storage: `memory://` (the default) keeps the windows in this process; a `redis://` URL
keeps them in Redis, shared by every process and machine that serves the site. If Redis
cannot be reached the limit is not applied (logged): a rate limiter must not be the
reason the site is down.
"""

from __future__ import annotations

import logging
import math
import time

from limits import RateLimitItemPerMinute
from limits.aio.storage import Storage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.storage import storage_from_string
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger("mathforai.ratelimit")

NAMESPACE = "mathforai:compute"
# Paths that compute (or write) whatever their query string; others only with one.
COMPUTING_PREFIXES = ("/api/", "/widgets/", "/practice/", "/labs/")
NEVER_LIMITED = ("/static/", "/healthz")
REFUSED_KEPT = 65_536  # refused clients remembered in this process (a few MB at most)


def computes(scope: Scope) -> bool:
    """Whether a request may compute: the API, widgets, practice, labs, any POST, and a
    page with a query string (a lesson with submitted widget values, a search)."""
    path: str = scope.get("path", "")
    if path.startswith(NEVER_LIMITED):
        return False
    return (
        scope.get("method", "GET") not in ("GET", "HEAD")
        or path.startswith(COMPUTING_PREFIXES)
        or bool(scope.get("query_string"))
    )


def make_storage(uri: str) -> Storage:
    """`limits` async storage for memory:// or redis:// (the redis-py client)."""
    scheme = uri.split("://", 1)[0]
    if scheme in ("redis", "rediss", "redis+unix"):
        return storage_from_string(f"async+{uri}", implementation="redispy")
    if scheme == "memory":
        return storage_from_string("async+memory://")
    return storage_from_string(uri)


class RateLimiter:
    """The limit itself: `hit` a client, or `penalize` it (also used by error handlers)."""

    def __init__(self, per_minute: int, storage_uri: str = "memory://", penalty: int = 20):
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self.item = RateLimitItemPerMinute(per_minute)
        self.storage = make_storage(storage_uri)
        self.strategy = SlidingWindowCounterRateLimiter(self.storage)
        self.penalty = penalty
        # Client -> the time its window frees a place. Refused requests are not counted,
        # and no other process can take counted ones back, so until then the answer is
        # "no" without asking the storage: a flooding client costs a dict lookup per
        # request instead of two window scans (the soak sends hundreds a second).
        self._refused: dict[str, float] = {}

    async def hit(self, client: str) -> float:
        """Count one request; 0.0 if allowed, else seconds until the client may retry."""
        now = time.time()
        until = self._refused.get(client)
        if until is not None:
            if until > now:
                return max(1.0, until - now)
            del self._refused[client]
        try:
            if await self.strategy.hit(self.item, NAMESPACE, client):
                return 0.0
            stats = await self.strategy.get_window_stats(self.item, NAMESPACE, client)
        except Exception as exc:  # storage down: serve, and say so in the log
            log.warning("rate limit storage unavailable, not limiting: %s", exc)
            return 0.0
        self._remember(client, stats.reset_time, now)
        return max(1.0, stats.reset_time - now)

    def _remember(self, client: str, until: float, now: float) -> None:
        if len(self._refused) >= REFUSED_KEPT:
            self._refused = {c: t for c, t in self._refused.items() if t > now}
            if len(self._refused) >= REFUSED_KEPT:
                self._refused.clear()  # many addresses at once: the storage still decides
        self._refused[client] = until

    async def penalize(self, client: str) -> None:
        """Charge `penalty` requests at once (a computation that ran out its budget)."""
        try:
            # Never refused for lack of room: fill what is left of the window instead.
            stats = await self.strategy.get_window_stats(self.item, NAMESPACE, client)
            cost = min(self.penalty, stats.remaining)
            if cost > 0:
                await self.strategy.hit(self.item, NAMESPACE, client, cost=cost)
        except Exception as exc:
            log.warning("rate limit storage unavailable, no penalty: %s", exc)


class RateLimit:
    """ASGI middleware: a RateLimiter on every request that `computes`, keyed by client IP."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and computes(scope):
            wait = await self.limiter.hit(client_address(scope))
            if wait > 0:
                await too_many(wait)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def client_address(scope: Scope) -> str:
    """The client's IP (already the forwarded one when a trusted proxy set it)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def too_many(wait: float) -> JSONResponse:
    seconds = max(1, math.ceil(wait))
    return JSONResponse(
        {"error": f"too many requests; try again in {seconds} second(s)", "field": None},
        status_code=429,
        headers={"retry-after": str(seconds)},
    )
