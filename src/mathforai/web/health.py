"""/healthz: answers within 100 ms whatever else the server is doing, and says whether the
database answers.

The check runs in a thread of its own (never the pool that pages use, never the compute
workers), and the route waits for it at most `PROBE_WAIT` seconds: a database that hangs
is reported as not answering instead of hanging the health check with it. While one probe
is outstanding, no second one is started.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from ..progress.db import StoreError, ping

PROBE_WAIT = 0.05  # seconds the route waits for a probe it started
FRESH = 0.5  # seconds a result is reused (a poller at 10 Hz costs one query in five)
STUCK = 2.0  # seconds after which an unfinished probe means the database is not answering


class DatabaseProbe:
    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="healthz")
        self._pending: Future[str] | None = None
        self._started = 0.0
        self._last: tuple[float, str] | None = None

    async def status(self) -> str:
        """ "ok", or what is wrong with the database, in one line."""
        now = time.monotonic()
        if self._last is not None and now - self._last[0] < FRESH:
            return self._last[1]
        if self._pending is None or self._pending.done():
            self._started = now
            self._pending = self._executor.submit(self._check)
            self._pending.add_done_callback(self._remember)
        try:
            return await asyncio.wait_for(
                asyncio.shield(asyncio.wrap_future(self._pending)), PROBE_WAIT
            )
        except TimeoutError:
            pass
        # Slow, not necessarily stuck (a busy machine): the last answer stands for a while.
        if self._last is not None and now - self._started < STUCK:
            return self._last[1]
        waited = max(PROBE_WAIT, now - self._started)
        return f"the database did not answer within {waited * 1000:.0f} ms"

    def _remember(self, future: Future[str]) -> None:
        if not future.cancelled() and future.exception() is None:
            self._last = (time.monotonic(), future.result())

    def _check(self) -> str:
        try:
            ping(self.engine)
        except StoreError as exc:
            return str(exc)
        except Exception as exc:  # any driver failure is a fault to report, not a crash
            return f"the database check failed: {type(exc).__name__}"
        return "ok"
