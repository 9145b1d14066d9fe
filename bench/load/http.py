"""A minimal HTTP/1.1 keep-alive client on asyncio streams, with a per-learner cookie jar.

An HTTP client library costs a millisecond or more of CPU per request; 200 learners
sharing two cores with the servers would make the generator the bottleneck. This client
parses only what the app sends (Content-Length or chunked bodies, Set-Cookie).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

# uvicorn closes keep-alive connections idle for 5 s: reconnect before that rather than
# race the server's close (a POST must never be sent on a connection that is going away).
MAX_IDLE = 4.0


def address(n: int) -> str:
    """Client n's own loopback address (127.0.0.0/8 is all local on Linux)."""
    return f"127.{10 + n // 62500}.{n // 250 % 250}.{n % 250 + 1}"


class HTTPError(Exception):
    """The exchange failed below HTTP: refused, reset, timed out, or a malformed answer."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Connection:
    """One keep-alive connection to one server."""

    host: str
    port: int
    local: str | None = None  # source address: each simulated client its own 127.x.y.z
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    last_used: float = 0.0

    async def ensure_open(self) -> None:
        now = asyncio.get_running_loop().time()
        if self.writer is not None and now - self.last_used > MAX_IDLE:
            self.close()
        if self.writer is None:
            local = (self.local, 0) if self.local else None
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port, local_addr=local
            )

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Browser:
    """What one learner's browser holds: its cookies and a connection per server."""

    cookies: dict[str, str] = field(default_factory=dict)
    connections: dict[tuple[str, int], Connection] = field(default_factory=dict)
    # The client's own loopback address (127.0.0.0/8 is all ours on Linux), so that
    # per-client limits see many clients, as they would in the field.
    local: str | None = None

    async def request(
        self,
        base: tuple[str, int],
        method: str,
        path: str,
        body: Any = None,
        timeout: float = 30.0,
    ) -> Response:
        """Send one request to server `base` (host, port); raise HTTPError below HTTP."""
        conn = self.connections.setdefault(base, Connection(*base, local=self.local))
        payload = b"" if body is None else json.dumps(body).encode()
        try:
            return await asyncio.wait_for(self._exchange(conn, method, path, payload), timeout)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            conn.close()
            raise HTTPError(f"{type(exc).__name__}: {exc}") from None
        except TimeoutError:
            conn.close()
            raise HTTPError(f"no answer within {timeout:.0f} s") from None

    async def _exchange(self, conn: Connection, method: str, path: str, payload: bytes) -> Response:
        await conn.ensure_open()
        assert conn.reader is not None and conn.writer is not None
        conn.writer.write(self._head(conn, method, path, payload) + payload)
        status, headers = _parse_head(await conn.reader.readuntil(b"\r\n\r\n"))
        body = await _read_body(conn.reader, headers)
        conn.last_used = asyncio.get_running_loop().time()
        if headers.get("connection", "").lower() == "close":
            conn.close()
        self._remember(headers.get("set-cookie", ""))
        return Response(status, headers, body)

    def _head(self, conn: Connection, method: str, path: str, payload: bytes) -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {conn.host}:{conn.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method != "GET":
            lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _remember(self, set_cookies: str) -> None:
        # Set-Cookie headers, one per line (_parse_head keeps them all); attributes dropped.
        for set_cookie in set_cookies.split("\n"):
            pair = set_cookie.split(";", 1)[0]
            name, sep, value = pair.partition("=")
            if sep and name.strip():
                self.cookies[name.strip()] = value.strip()

    def close(self) -> None:
        for conn in self.connections.values():
            conn.close()


def _parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        name = name.strip().lower()
        if sep and name == "set-cookie" and name in headers:
            headers[name] += "\n" + value.strip()  # several cookies: keep each
        elif sep:
            headers[name] = value.strip()
    return status, headers


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")  # the empty trailer
        return b"".join(chunks)
    raise ValueError("a response with neither Content-Length nor chunked encoding")
