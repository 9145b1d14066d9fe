"""A server killed with SIGKILL mid-burst loses no answer it acknowledged, and restarts cleanly."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from mathforai.practice.registry import pick
from mathforai.progress.db import make_engine
from mathforai.progress.repository import ProgressStore
from mathforai.web.server import sqlite_path
from tests.progress import servers as srv

BURST = 240
LEARNERS = 3
KILL_AFTER = 40  # acknowledged answers before the kill: the rest of the burst is in flight
TOPICS = ("1.5", "1.10", "1.3", "1.15", "2.2")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with srv.database(request.param, tmp_path, request) as url:
        yield url


@pytest.fixture
def restartable(database_url: str, tmp_path: Path) -> Iterator[list[srv.Server]]:
    """Every server a test starts goes in this list; all are killed at teardown."""
    started: list[srv.Server] = []
    yield started
    for server in started:
        srv.kill(server)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    # One client for every thread: a client per request costs more than the request.
    with srv.client() as shared:
        yield shared


def _start(database_url: str, tmp_path: Path, started: list[srv.Server]) -> srv.Server:
    server = srv.spawn(database_url, tmp_path)
    started.append(server)
    srv.wait_healthy(server)
    return server


def _exercise_ids(count: int, first_seed: int) -> list[str]:
    # The exercise a seed gives, as the API would pick it; distinct seeds give every answer
    # its own item id to look for in the export.
    ids = [pick(TOPICS[n % len(TOPICS)], first_seed + n).id for n in range(count)]
    assert len(set(ids)) == count
    return ids


class Burst:
    """Answers sent from many threads; remembers which ones the server acknowledged."""

    def __init__(self, server: srv.Server, client: httpx.Client) -> None:
        self.server = server
        self.client = client
        self.lock = threading.Lock()
        self.acknowledged: list[tuple[str, str]] = []
        self.enough = threading.Event()

    def send(self, learner: str, exercise_id: str, correct: bool) -> None:
        answer = srv.answer_text(srv.exercise_for(exercise_id), correct)
        try:
            issued = srv.issue(self.client, self.server.url, learner, exercise_id)
            response = self.client.post(
                f"{self.server.url}/api/practice/answer",
                json={"exercise_id": issued, "answer": answer},
                headers=srv.cookie_header(learner),
            )
        except httpx.TransportError:
            return  # the server died before answering: this one was never acknowledged
        assert response.status_code == 200, response.text
        with self.lock:
            self.acknowledged.append((learner, exercise_id))
            if len(self.acknowledged) >= KILL_AFTER:
                self.enough.set()


def _export_item_ids(client: httpx.Client, server: srv.Server, learner: str) -> list[str]:
    response = client.get(f"{server.url}/api/progress/export", headers=srv.cookie_header(learner))
    assert response.status_code == 200, response.text
    return [a["item_id"] for a in response.json()["attempts"]]


def _assert_opens_cleanly(database_url: str) -> None:
    path = sqlite_path(database_url)
    if path is not None:
        # Opening the file after the crash replays its WAL; the result must be consistent.
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()


def test_sigkill_mid_burst_keeps_every_acknowledged_answer(
    database_url: str, tmp_path: Path, restartable: list[srv.Server], client: httpx.Client
) -> None:
    server = _start(database_url, tmp_path, restartable)
    learners = [srv.new_learner(server) for _ in range(LEARNERS)]
    queues = [
        [
            (learner, exercise_id, n % 3 != 0)
            for n, exercise_id in enumerate(_exercise_ids(BURST // LEARNERS, 5000 * k))
        ]
        for k, learner in enumerate(learners)
    ]
    jobs = [job for turn in zip(*queues) for job in turn]  # the learners take turns

    burst = Burst(server, client)
    with ThreadPoolExecutor(12) as pool:
        futures = [pool.submit(burst.send, *job) for job in jobs]
        assert burst.enough.wait(timeout=30), "the server acknowledged too few answers"
        srv.kill(server)
        for future in futures:
            future.result()  # re-raises any non-200 answer
    acknowledged = list(burst.acknowledged)
    assert KILL_AFTER <= len(acknowledged) < len(jobs), "the kill did not land mid-burst"

    _assert_opens_cleanly(database_url)
    restarted = _start(database_url, tmp_path, restartable)
    assert client.get(f"{restarted.url}/healthz").json()["status"] == "ok"

    engine = make_engine(database_url)
    try:
        # Answers in flight at the kill may or may not have been stored; acknowledged ones must.
        assert len(acknowledged) <= ProgressStore(engine).count_attempts() <= len(jobs)
    finally:
        engine.dispose()
    for learner in learners:
        stored = set(_export_item_ids(client, restarted, learner))
        mine = {exercise_id for who, exercise_id in acknowledged if who == learner}
        assert mine <= stored, f"lost acknowledged answers: {sorted(mine - stored)}"
