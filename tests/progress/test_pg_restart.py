"""PostgreSQL restarted under two app processes: clean 503s while it is down, then back.

Learners keep answering, reading their progress and opening lessons while the database
server is stopped (`pg_ctl stop -m fast`) and started again. While it is down every
API request must get a quick 503 that says what is wrong (a lesson page may still be
shown, or be the 503 error page), never a 500 or a hang; once it is back every request
succeeds without restarting the app; and every answer acknowledged with a 200, before or
after, is stored.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from mathforai.practice.registry import pick
from mathforai.progress.db import make_engine
from mathforai.progress.repository import ProgressStore
from tests import pg
from tests.progress import servers as srv

pytestmark = pytest.mark.postgres

SENDERS = 2
# A request still unanswered after this long counts as a hang. An answer makes up to three
# computations (grade, then hint or solution), each allowed the pool's 5 s budget plus its
# queue wait, and the compute workers run at a lower priority than the server: on a machine
# busy with other tests a healthy answer can take several seconds. A hang is beyond that.
REQUEST_TIMEOUT = 15.0
DOWN_FOR = 3.0
ENOUGH = 20  # 200s wanted before the stop, and again after the start
TOPICS = ("1.5", "1.10", "1.3", "2.2")
LESSON = "/topics/dot-product"


@dataclass(frozen=True)
class Outcome:
    """One request: what was asked, when, and what came back (status 0: no answer)."""

    kind: str  # answer | progress | lesson
    exercise_id: str
    sent: float
    done: float
    status: int
    body: str
    content_type: str
    retry_after: str | None


@pytest.fixture
def cluster() -> Iterator[tuple[str, Path, int]]:
    """A cluster of this test's own: the test stops and starts it."""
    pg.require()
    with pg.cluster() as started:
        yield started


class Traffic:
    """Threads sending requests back to back, alternating servers, until told to stop."""

    def __init__(self, servers: list[srv.Server], learner: str) -> None:
        self.servers = servers
        self.headers = srv.cookie_header(learner)
        self.client = httpx.Client(timeout=REQUEST_TIMEOUT)
        self.outcomes: list[Outcome] = []
        self.lock = threading.Lock()
        self.halt = threading.Event()
        self.threads = [
            threading.Thread(target=self._send_all, args=(n,), daemon=True) for n in range(SENDERS)
        ]

    def __enter__(self) -> Traffic:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.halt.set()
        for thread in self.threads:
            thread.join(timeout=2 * REQUEST_TIMEOUT)
        self.client.close()

    def _send_all(self, sender: int) -> None:
        n = 0
        while not self.halt.is_set():
            server = self.servers[n % len(self.servers)]
            # Mostly answers; every fourth request a read, every eighth a lesson page.
            kind = "lesson" if n % 8 == 7 else "progress" if n % 4 == 3 else "answer"
            outcome = self._send(server, kind, seed=100_000 * (sender + 1) + n)
            with self.lock:
                self.outcomes.append(outcome)
            n += 1

    def _issue(self, server: srv.Server, topic: str, seed: int) -> str:
        """The id the server issues for this seed (it refuses ids it never issued)."""
        url = f"{server.url}/api/practice/{topic}?seed={seed}"
        response = self.client.post(url, headers=self.headers)
        response.raise_for_status()  # an HTTPError: the outcome records the failed request
        return response.json()["exercise_id"]

    def _send(self, server: srv.Server, kind: str, seed: int) -> Outcome:
        exercise = pick(TOPICS[seed % len(TOPICS)], seed)
        sent = time.monotonic()
        try:
            if kind == "answer":
                issued = self._issue(server, exercise.topic, seed)
                body = {"exercise_id": issued, "answer": srv.answer_text(exercise, True)}
                url = f"{server.url}/api/practice/answer"
                response = self.client.post(url, json=body, headers=self.headers)
            else:
                path = LESSON if kind == "lesson" else "/api/progress"
                response = self.client.get(server.url + path, headers=self.headers)
        except httpx.HTTPError as exc:
            return Outcome(kind, exercise.id, sent, time.monotonic(), 0, repr(exc), "", None)
        return Outcome(
            kind,
            exercise.id,
            sent,
            time.monotonic(),
            response.status_code,
            response.text,
            response.headers.get("content-type", ""),
            response.headers.get("retry-after"),
        )

    def count_ok(self, since: float) -> int:
        with self.lock:
            return sum(1 for o in self.outcomes if o.status == 200 and o.sent >= since)

    def wait_for_ok(self, since: float, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.count_ok(since) < count:
            assert time.monotonic() < deadline, f"fewer than {count} 200s in {timeout} s"
            time.sleep(0.05)


def _describe(outcome: Outcome) -> str:
    took = outcome.done - outcome.sent
    return f"{outcome.kind} -> {outcome.status} after {took:.2f} s: {outcome.body[:300]}"


def _assert_clean_while_down(outcome: Outcome) -> None:
    """What a learner sees while the database is down: the API says so with a 503; a
    lesson is still shown (it needs no progress) or is the 503 error page."""
    if outcome.kind == "lesson":
        assert outcome.content_type.startswith("text/html"), _describe(outcome)
        if outcome.status == 200:
            assert "Dot Product" in outcome.body, _describe(outcome)
            return
        assert outcome.status == 503, _describe(outcome)
        assert "Progress unavailable" in outcome.body, _describe(outcome)
    else:
        assert outcome.status == 503, _describe(outcome)
        assert outcome.content_type.startswith("application/json"), _describe(outcome)
        assert "cannot be saved or read right now" in outcome.body, _describe(outcome)
    assert outcome.retry_after, f"no Retry-After: {_describe(outcome)}"


def _stored_item_ids(client: httpx.Client, server: srv.Server, learner: str) -> set[str]:
    response = client.get(f"{server.url}/api/progress/export", headers=srv.cookie_header(learner))
    assert response.status_code == 200, response.text
    return {attempt["item_id"] for attempt in response.json()["attempts"]}


def test_postgresql_restart_gives_clean_503s_then_recovers_without_losing_answers(
    cluster: tuple[str, Path, int], tmp_path: Path
) -> None:
    url, data, port = cluster
    with srv.servers(url, tmp_path, count=2) as servers:
        learner = srv.new_learner(servers[0])
        with Traffic(servers, learner) as traffic:
            traffic.wait_for_ok(since=0.0, count=ENOUGH, timeout=15)
            pg.stop(data, "fast")
            stopped = time.monotonic()
            time.sleep(DOWN_FOR)
            restarting = time.monotonic()
            pg.start(data, port)
            restarted = time.monotonic()
            traffic.wait_for_ok(since=restarted, count=ENOUGH, timeout=15)
        outcomes = list(traffic.outcomes)
        with srv.client() as client:
            stored = _stored_item_ids(client, servers[1], learner)
        server_logs = "\n".join(s.output()[-2000:] for s in servers)

    # Nothing but 200 or a clean 503, each answered well within the timeout.
    for outcome in outcomes:
        assert outcome.status in (200, 503), f"{_describe(outcome)}\n{server_logs}"
        assert outcome.done - outcome.sent < REQUEST_TIMEOUT, _describe(outcome)

    while_down = [o for o in outcomes if o.sent >= stopped and o.done <= restarting]
    assert {o.kind for o in while_down} == {"answer", "progress", "lesson"}, (
        f"too few requests while PostgreSQL was down: {len(while_down)}"
    )
    for outcome in while_down:
        _assert_clean_while_down(outcome)

    # pool_pre_ping: the pools' dead connections are replaced, no request sees them.
    after = [o for o in outcomes if o.sent >= restarted]
    failed = [_describe(o) for o in after if o.status != 200]
    assert not failed, f"{len(failed)} of {len(after)} requests failed after the restart: {failed}"

    acknowledged = {o.exercise_id for o in outcomes if o.kind == "answer" and o.status == 200}
    assert not acknowledged - stored, f"lost acknowledged answers: {acknowledged - stored}"
    engine = make_engine(url)
    try:
        assert ProgressStore(engine).count_attempts() >= len(acknowledged)
    finally:
        engine.dispose()
