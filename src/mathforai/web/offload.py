"""How a route computes: `await compute(request, func, *args)` (or `compute_blocking` from a
worker thread) runs func in the app's compute pool, at most `compute_per_client`
at a time for one client, so one client cannot fill the pool that everyone shares.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from starlette.requests import Request

from ..settings import Settings
from .compute import Budget, ComputePool, shared_pool


class ClientBusy(Exception):
    """This client already has its share of computations running: 429."""


class ClientSlots:
    """In-flight computations per client (thread-safe: routes compute from threads too)."""

    def __init__(self, per_client: int) -> None:
        self.per_client = per_client
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    @contextmanager
    def hold(self, client: str) -> Iterator[None]:
        with self._lock:
            if self.per_client > 0 and self._counts[client] >= self.per_client:
                raise ClientBusy(
                    f"you already have {self.per_client} computations running; "
                    "wait for them to finish"
                )
            self._counts[client] += 1
        try:
            yield
        finally:
            with self._lock:
                self._counts[client] -= 1
                if self._counts[client] <= 0:
                    del self._counts[client]


def budget_from(settings: Settings) -> Budget:
    return Budget(
        workers=max(1, settings.compute_workers),
        timeout=settings.compute_timeout,
        queue_wait=settings.compute_queue_wait,
        max_pending=max(1, settings.compute_max_pending),
        memory_mb=settings.compute_memory_mb,
        result_bytes=settings.compute_result_bytes,
    )


def install(app: Any, settings: Settings) -> None:
    """Give the app its pool (shared with apps of the same budget) and client slots."""
    app.state.compute = shared_pool(budget_from(settings))
    app.state.compute_slots = ClientSlots(settings.compute_per_client)


def client_of(request: Request) -> str:
    client = request.scope.get("client")
    return str(client[0]) if client else "unknown"


def pool_of(request: Request) -> ComputePool:
    return request.app.state.compute


async def compute(request: Request, func: Callable[..., Any], *args: Any) -> Any:
    """func(*args) in a worker process, from the event loop."""
    client = client_of(request)
    with request.app.state.compute_slots.hold(client):
        return await pool_of(request).call(func, *args, client=client)


def compute_blocking(request: Request, func: Callable[..., Any], *args: Any) -> Any:
    """func(*args) in a worker process, from a route's worker thread."""
    client = client_of(request)
    with request.app.state.compute_slots.hold(client):
        return pool_of(request).run(func, *args, client=client)
