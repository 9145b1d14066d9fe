"""A real `mathforai serve` process (uvicorn, its compute pool, SQLite) for tests that must
see what an outsider sees, and a poller that times /healthz while they attack it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.pg import free_port

MATHFORAI = str(Path(sys.executable).with_name("mathforai"))


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@contextmanager
def live_server(tmp_path: Path, **settings: str) -> Iterator[LiveServer]:
    """`mathforai serve` on a free port with MATHFORAI_<NAME>=value for each setting,
    ready (compute workers warm) when yielded; killed with its process group after."""
    port = free_port()
    env = {
        **os.environ,
        "MATHFORAI_DATABASE_URL": f"sqlite:///{tmp_path / 'progress.sqlite3'}",
        "MATHFORAI_SECRET_KEY": "live-server-test-secret",
        **{f"MATHFORAI_{name.upper()}": value for name, value in settings.items()},
    }
    log = tmp_path / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [MATHFORAI, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_ready(server)
        yield server
    finally:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


def _wait_ready(server: LiveServer, timeout: float = 90.0) -> None:
    """Until /healthz answers and a computation has come back (the workers are warm)."""
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=server.url, timeout=70.0) as client:
        while time.monotonic() < deadline:
            assert server.process.poll() is None, server.output()
            with suppress(httpx.HTTPError):
                if client.get("/healthz").status_code == 200:
                    body = {"u": [1, 2], "v": [3, 4]}
                    if client.post("/api/explain/dot", json=body).status_code == 200:
                        return
            time.sleep(0.1)
    raise AssertionError(f"server not ready in {timeout} s:\n{server.output()}")


@dataclass
class HealthPoller:
    """Times GET /healthz every `interval` seconds on its own thread and connection."""

    url: str
    interval: float = 0.1
    timings: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=5.0) as client:
            client.get("/healthz")  # open the connection: time requests, not the handshake
            while not self._stop.is_set():
                start = time.perf_counter()
                try:
                    status = client.get("/healthz").status_code
                except httpx.HTTPError as exc:
                    self.failures.append(f"{type(exc).__name__}: {exc}")
                else:
                    if status != 200:
                        self.failures.append(f"status {status}")
                self.timings.append(time.perf_counter() - start)
                self._stop.wait(self.interval)

    def worst(self) -> float:
        return max(self.timings, default=0.0)

    def quantile(self, q: float) -> float:
        ordered = sorted(self.timings)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0

    def over(self, seconds: float) -> list[float]:
        return [round(t, 3) for t in self.timings if t > seconds]


def baseline(url: str, seconds: float = 1.0) -> HealthPoller:
    """/healthz timed while nothing else is asked of the server: the machine's own noise."""
    with polling(url) as poller:
        time.sleep(seconds)
    return poller


@contextmanager
def polling(url: str) -> Iterator[HealthPoller]:
    poller = HealthPoller(url)
    thread = threading.Thread(target=poller.run, daemon=True)
    thread.start()
    try:
        yield poller
    finally:
        poller._stop.set()
        thread.join(timeout=10)
