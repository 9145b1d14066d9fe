"""A throwaway redis-server on a free port in a temp dir, as tests/pg.py does for PostgreSQL."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests import need
from tests.pg import free_port


def require() -> str:
    """The redis-server binary (tests/need.py: under CI=true its absence fails)."""
    return need.redis_server()


@contextmanager
def redis_server() -> Iterator[str]:
    """Start redis-server (no persistence); yields its redis:// URL; stops and removes it."""
    binary = require()
    root = Path(tempfile.mkdtemp(prefix="mathforai-redis-"))
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(root),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


def _wait(port: int, process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "redis-server exited at start"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"redis-server did not answer on port {port}")
