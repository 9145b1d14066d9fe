"""The peer for throughput and start-up: a raw ASGI callable that answers every request
with the bytes in $BENCH_BODY_FILE (a lesson page fetched from our app), and nothing else."""

import os
from pathlib import Path
from typing import Any

BODY = Path(os.environ.get("BENCH_BODY_FILE", os.devnull)).read_bytes() or b"ok"
HEADERS = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", b"%d" % len(BODY))]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        await send({"type": "http.response.body", "body": BODY})
