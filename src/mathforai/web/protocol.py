"""uvicorn's httptools protocol with a deadline for a request to arrive.

uvicorn times out idle keep-alive connections (`timeout_keep_alive`), but not a
connection that never sends anything, nor one that sends half a request line, half
its headers or half its body and then waits: each holds a connection (and, for a
body, an app task) for as long as the client likes. Here a request must arrive whole,
head and body, within `request_read_timeout` seconds of its first byte (or of the
connection opening); past it the connection is closed.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

DEFAULT_TIMEOUT = 10.0


def _configured_timeout() -> float:
    # Read from the environment, where `mathforai serve` puts every setting for its workers.
    try:
        return float(os.environ.get("MATHFORAI_REQUEST_READ_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


class GuardedHttpTools(HttpToolsProtocol):
    request_read_timeout = _configured_timeout()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._read_deadline is None:
            self._arm()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._read_deadline = self.loop.call_later(self.request_read_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._read_deadline is not None:
            self._read_deadline.cancel()
            self._read_deadline = None

    def _too_slow(self) -> None:
        self._read_deadline = None
        if not self.transport.is_closing():
            self.transport.close()
