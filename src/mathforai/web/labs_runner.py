"""Running a lab off the event loop, one at a time, and turning its failures into answers.

A lab's cost is bounded by construction (at most 256 tokens through a fixed-size
model), unlike a symbolic expression, so it runs in a thread of this process next to
its loaded weights rather than in a compute worker that would load 90 MB of its own.
One lab runs at a time (the lock): the model's matrices are small and numpy is
single-threaded here, so queuing is fairer than interleaving, and memory stays flat.
A request that cannot start within QUEUE_WAIT seconds gets 503 with Retry-After, and
one client holds at most its share of slots (web/offload.py's ClientSlots: else 429).

Why not the compute pool's workers (web/compute.py)? Its time budget would kill a worker
in the middle of its first model load or corpus build, losing both, and every worker
would hold its own 90 MB copy of the weights.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from ..engine import InputError
from ..labs import INSTALL_HINT, WeightsMismatch, WeightsMissing
from .offload import client_of

QUEUE_WAIT = 10.0
RETRY_AFTER = 5

_lock = threading.Lock()


class LabBusy(Exception):
    """Every lab slot stayed busy for QUEUE_WAIT seconds."""


class LabFailure(Exception):
    """What a front end shows instead of a result: an HTTP status and a message."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field

    @property
    def headers(self) -> dict[str, str]:
        return {"retry-after": str(RETRY_AFTER)} if self.status == 503 else {}

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.message, "field": self.field}
        if self.status == 503 and INSTALL_HINT in self.message:
            body["install"] = INSTALL_HINT
        return body


def _one_at_a_time(func: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    if not _lock.acquire(timeout=QUEUE_WAIT):
        raise LabBusy
    try:
        return func(*args)
    finally:
        _lock.release()


async def run_lab(request: Request, func: Callable[..., Any], *args: Any) -> Any:
    """func(*args) in a worker thread; its failures as LabFailure (a client over its
    share raises offload.ClientBusy, which the app answers 429)."""
    slots = getattr(request.app.state, "compute_slots", None)
    try:
        if slots is None:
            return await run_in_threadpool(_one_at_a_time, func, args)
        with slots.hold(client_of(request)):
            return await run_in_threadpool(_one_at_a_time, func, args)
    except InputError as exc:
        raise LabFailure(422, exc.message, exc.field) from exc
    except WeightsMissing as exc:
        raise LabFailure(503, str(exc)) from exc
    except WeightsMismatch as exc:
        raise LabFailure(503, str(exc)) from exc
    except LabBusy as exc:
        message = "the labs are busy with other requests; try again in a few seconds"
        raise LabFailure(503, message) from exc
