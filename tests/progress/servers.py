"""Real `mathforai serve` processes for tests that need several apps on one database.

Each server is its own process (as in production behind a load balancer), started with
the secret given explicitly so that every process recognises the same learner cookies.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mathforai.practice.exercise import Exercise
from mathforai.practice.grading import expected_text
from mathforai.practice.registry import make_exercise, parse_id
from mathforai.web.learner import COOKIE
from tests.pg import free_port

SECRET = "test-secret-shared-by-every-server-process"
START_TIMEOUT = 120.0  # a shared two-core machine under load starts slowly


@dataclass
class Server:
    """One running `mathforai serve` process and where its output goes."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        """What the process printed, for assertion messages."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def _command() -> list[str]:
    script = Path(sys.executable).with_name("mathforai")
    if script.exists():
        return [str(script), "serve"]
    return [sys.executable, "-c", "from mathforai.cli import main; main()", "serve"]


def spawn(database_url: str, log_dir: Path, port: int | None = None) -> Server:
    """Start a server without waiting for it (so several can race through start-up)."""
    port = port or free_port()
    env = {**os.environ, "MATHFORAI_DATABASE_URL": database_url, "MATHFORAI_SECRET_KEY": SECRET}
    log = log_dir / f"server-{port}-{uuid.uuid4().hex[:6]}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*_command(), "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            # Own process group: a kill reaches the server and anything it started.
            start_new_session=True,
        )
    return Server(process, port, log)


def wait_healthy(server: Server, timeout: float = START_TIMEOUT) -> None:
    """Poll /healthz until it answers 200 with warm compute workers; fail with the
    server's output if it never does."""
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=1.0) as poller:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise AssertionError(
                    f"server on port {server.port} exited with {server.process.returncode}:\n"
                    + server.output()
                )
            with suppress(httpx.TransportError):
                health = poller.get(f"{server.url}/healthz")
                # Alive is not enough: until its compute workers are warm, a fresh server
                # makes the first computations wait seconds, which these tests count as hangs.
                if health.status_code == 200 and health.json().get("compute") == "ready":
                    return
            time.sleep(0.1)
    raise AssertionError(
        f"server on port {server.port} not healthy in {timeout}s:\n{server.output()}"
    )


def kill(server: Server, sig: int = signal.SIGKILL) -> None:
    """Send `sig` to the server's process group and reap it (no-op once it has exited)."""
    if server.process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(server.process.pid, sig)
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)


@contextmanager
def servers(database_url: str, log_dir: Path, count: int = 2) -> Iterator[list[Server]]:
    """`count` servers on one database, started at the same moment; always killed after."""
    started = [spawn(database_url, log_dir) for _ in range(count)]
    try:
        for server in started:
            wait_healthy(server)
        yield started
    finally:
        for server in started:
            kill(server)


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A fresh, empty database on the test cluster (so migrations start from nothing)."""
    name = f"mf_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


# ---- learners and answers ------------------------------------------------------------------


def new_learner(server: Server) -> str:
    """A learner's cookie value, as a browser gets it at its first write (the cookie is
    minted there, not on a visit that only reads)."""
    response = httpx.post(f"{server.url}/api/practice/1.2?seed=1", timeout=30.0)
    value = response.cookies.get(COOKIE)
    assert value, f"no {COOKIE} cookie on the first write"
    return value


def client() -> httpx.Client:
    """A client that threads can share (the learner is chosen per request by its cookie)."""
    limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
    return httpx.Client(timeout=httpx.Timeout(30.0, connect=5.0), limits=limits)


def cookie_header(learner: str) -> dict[str, str]:
    return {"cookie": f"{COOKIE}={learner}"}


def exercise_for(exercise_id: str) -> Exercise:
    """The exercise behind an id (topic:generator:seed, issued or not), rebuilt here."""
    topic, name, seed = parse_id(exercise_id)
    return make_exercise(topic, name, seed)


def issue(client: httpx.Client, url: str, learner: str, exercise_id: str) -> str:
    """The id the server issues this learner for the exercise (the server signs ids: an id
    it never issued is refused). `?seed=` picks the same generator as registry.pick."""
    topic, _name, seed = parse_id(exercise_id)
    response = client.post(
        f"{url}/api/practice/{topic}?seed={seed}", headers=cookie_header(learner)
    )
    assert response.status_code == 200, response.text
    issued = response.json()["exercise_id"]
    assert issued.split("~")[0] == exercise_id.split("~")[0], (issued, exercise_id)
    return issued


def answer_text(exercise: Exercise, correct: bool) -> str:
    """A well-formed answer that is right or, when `correct` is False, certainly wrong."""
    return expected_text(exercise) if correct else _wrong_text(exercise)


def _wrong_text(exercise: Exercise) -> str:
    value, fmt = exercise.expected, exercise.answer_format
    if fmt == "number":
        return _far(value)
    if fmt == "vector":
        return _far_list(value)
    if fmt == "matrix":
        return "[" + ", ".join(_far_list(row) for row in value) + "]"
    if fmt == "shape":
        return "(" + ", ".join(str(int(x) + 1) for x in value) + ")"
    if fmt == "boolean":
        return "no" if value else "yes"
    choices = exercise.choices or ()
    return choices[(value + 1) % len(choices)]


def _far(x: float) -> str:
    # Far outside any tolerance, and not a round number a misconception would produce.
    return repr(float(x) + 1000.5)


def _far_list(xs: Any) -> str:
    return "[" + ", ".join(_far(x) for x in xs) + "]"


@contextmanager
def database(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database of `kind` ("sqlite" or "postgresql") for one test."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'progress.sqlite3'}"
        return
    server_url = request.getfixturevalue("postgres_url")
    with postgres_database(server_url) as url:
        yield url


# ---- racing migrations -------------------------------------------------------------------


def migrate_in_step(urls: list[str], barrier: Any, results: Any) -> None:
    """Child process: for each database, wait for every sibling, then migrate at once."""
    from mathforai.progress.db import make_engine, migrate

    for url in urls:
        engine = make_engine(url)
        try:
            barrier.wait(timeout=60)
            migrate(engine)
            results.put("ok")
        except Exception as exc:  # reported to the parent, which asserts on it
            results.put(f"{type(exc).__name__}: {exc}")
        finally:
            engine.dispose()
