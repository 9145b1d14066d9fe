"""A per-client rate limit on the JSON API: one token bucket per client IP.

Each client may burst up to `per_minute` requests, then gets one more every
60 / per_minute seconds. Over the limit the answer is 429 with Retry-After.

The buckets live in this process's memory: behind a load balancer, or with several
workers, each process limits on its own, so a client gets up to (processes x limit).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

# Past this many tracked clients, buckets that have refilled completely are dropped:
# they are indistinguishable from a new client, so forgetting them changes nothing.
MAX_TRACKED = 10_000


@dataclass
class Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """Token buckets keyed by client: `take` spends one token or says how long to wait."""

    def __init__(self, per_minute: int, max_tracked: int = MAX_TRACKED) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self.max_tracked = max_tracked
        self.buckets: dict[str, Bucket] = {}

    def take(self, client: str, now: float) -> float:
        """Spend a token for `client` at time `now` (seconds); 0.0 if allowed, else the
        seconds until a token is available."""
        bucket = self.buckets.get(client)
        if bucket is None:
            self._make_room(now)
            bucket = self.buckets[client] = Bucket(self.capacity, now)
        elapsed = max(0.0, now - bucket.updated)
        bucket.tokens = min(self.capacity, bucket.tokens + elapsed * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate

    def _make_room(self, now: float) -> None:
        if len(self.buckets) < self.max_tracked:
            return
        full = self.capacity / self.rate  # seconds for an empty bucket to refill
        self.buckets = {key: b for key, b in self.buckets.items() if now - b.updated < full}
        if len(self.buckets) >= self.max_tracked:
            # Every client is active: drop the least recently seen half.
            keep = sorted(self.buckets.items(), key=lambda kv: kv[1].updated)
            self.buckets = dict(keep[len(keep) // 2 :])


class RateLimit:
    """ASGI middleware: a TokenBuckets limit on paths under `prefix`, keyed by client IP."""

    def __init__(
        self,
        app: ASGIApp,
        per_minute: int,
        prefix: str = "/api/",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.buckets = TokenBuckets(per_minute)
        self.prefix = prefix
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path", "").startswith(self.prefix):
            wait = self.buckets.take(client_address(scope), self.clock())
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
        {"error": f"too many requests; try again in {seconds} second(s)"},
        status_code=429,
        headers={"retry-after": str(seconds)},
    )
