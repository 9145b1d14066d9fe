"""A throwaway PostgreSQL cluster in a temp dir, for tests that need the real thing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests import need


def _find_bin() -> Path:
    """MATHFORAI_PG_BIN, else the newest Debian PostgreSQL (/usr/lib/postgresql/N/bin)."""
    if os.environ.get("MATHFORAI_PG_BIN"):
        return Path(os.environ["MATHFORAI_PG_BIN"])
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _find_bin()


def available() -> bool:
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


def require() -> None:
    """Fail under CI, skip loudly elsewhere, when the PostgreSQL binaries are missing."""
    need.postgres_bin(PG_BIN)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI and this sandbox run tests as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def cluster() -> Iterator[tuple[str, Path, int]]:
    """Start a cluster; yields (database URL, data dir, port); stops and removes it after."""
    root = Path(tempfile.mkdtemp(prefix="mathforai-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    port = free_port()
    run = {"check": True, "capture_output": True}
    subprocess.run(
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
        **run,
    )
    start(data, port, sock)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", data, port
    finally:
        stop(data)
        shutil.rmtree(root, ignore_errors=True)


def start(data: Path, port: int, sock: Path | None = None) -> None:
    sock = sock or data.parent / "sock"
    opts = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200"
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                opts,
                "-w",
                "-l",
                str(data.parent / "log"),
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )


def stop(data: Path, mode: str = "fast") -> None:
    subprocess.run(
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", mode, "-w", "stop"]),
        capture_output=True,
    )
