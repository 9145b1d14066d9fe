"""A small keep-alive HTTP/1.1 load generator: N connections, each sending GETs back to back.

Raw asyncio streams rather than an HTTP client library, so the generator costs far less per
request than the servers it measures; it reports its own CPU use so a reader can check that
it was not the bottleneck. `python bench/loadgen.py URL` runs it alone.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from common import percentile


@dataclass
class Load:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def generator_cpu(self) -> float:
        """The generator's own CPU use over the run, as a share of one core."""
        return self.cpu_seconds / self.seconds if self.seconds else 0.0

    def latency_ms(self, q: float) -> float:
        return percentile(self.latencies, q) * 1000 if self.latencies else float("nan")


def run_load(
    url: str,
    connections: int = 16,
    seconds: float = 5.0,
    warmup: float = 1.0,
    headers: Sequence[str] = (),
) -> Load:
    """Hammer `url` for `warmup` seconds (not counted), then for `seconds` (counted)."""
    return asyncio.run(_run(url, connections, seconds, warmup, headers))


async def _run(
    url: str, connections: int, seconds: float, warmup: float, headers: Sequence[str]
) -> Load:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    lines = [f"GET {parts.path or '/'} HTTP/1.1", f"Host: {host}:{port}", "Accept: text/html"]
    request = ("\r\n".join([*lines, *headers]) + "\r\n\r\n").encode()
    load = Load()
    loop = asyncio.get_running_loop()
    begin = loop.time() + warmup
    end = begin + seconds

    async def mark_start() -> None:
        await asyncio.sleep(warmup)
        load.cpu_seconds = -time.process_time()

    marker = asyncio.create_task(mark_start())
    await asyncio.gather(
        *(_connection(host, port, request, begin, end, load) for _ in range(connections))
    )
    await marker
    load.cpu_seconds += time.process_time()
    load.seconds = seconds
    return load


async def _connection(
    host: str, port: int, request: bytes, begin: float, end: float, load: Load
) -> None:
    loop = asyncio.get_running_loop()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while (sent := loop.time()) < end:
            writer.write(request)
            status, length = _head(await reader.readuntil(b"\r\n\r\n"))
            await reader.readexactly(length)
            done = loop.time()
            # Only answers that both start and end inside the window count.
            if sent >= begin and done <= end:
                load.requests += 1
                load.errors += status != 200
                load.latencies.append(done - sent)
    finally:
        writer.close()


def _head(head: bytes) -> tuple[int, int]:
    """Status code and Content-Length of a response head (the servers here always send one)."""
    head_lines = head.split(b"\r\n")
    status = int(head_lines[0].split(b" ", 2)[1])
    for line in head_lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return status, int(value)
    raise RuntimeError("a response without Content-Length: cannot keep the connection alive")


def main() -> None:
    load = run_load(sys.argv[1])
    print(
        f"{load.per_second:.0f} requests/s, p50 {load.latency_ms(50):.1f} ms, "
        f"p99 {load.latency_ms(99):.1f} ms, errors {load.errors}, "
        f"generator CPU {load.generator_cpu:.0%}"
    )


if __name__ == "__main__":
    main()
