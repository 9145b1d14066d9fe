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

PROBE_WAIT = 0.05  # seconds
FRESH = 0.5  # seconds a result is reused (a poller at 10 Hz costs one query in five)


class DatabaseProbe:
    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="healthz")
        self._pending: Future[str] | None = None
        self._last: tuple[float, str] | None = None

    async def status(self) -> str:
        """ "ok", or what is wrong with the database, in one line."""
        now = time.monotonic()
        if self._last is not None and now - self._last[0] < FRESH:
            return self._last[1]
        if self._pending is None or self._pending.done():
            self._pending = self._executor.submit(self._check)
        try:
            result = await asyncio.wait_for(
                asyncio.shield(asyncio.wrap_future(self._pending)), PROBE_WAIT
            )
        except TimeoutError:
            return f"the database did not answer within {PROBE_WAIT * 1000:.0f} ms"
        self._last = (time.monotonic(), result)
        return result

    def _check(self) -> str:
        try:
            ping(self.engine)
        except StoreError as exc:
            return str(exc)
        except Exception as exc:  # any driver failure is a fault to report, not a crash
            return f"the database check failed: {type(exc).__name__}"
        return "ok"
