"""Two real app processes on one database: concurrent answers are all recorded, none twice."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import inspect

from mathforai.practice.grading import expected_text
from mathforai.progress.db import make_engine, migrate
from mathforai.progress.repository import ProgressStore
from tests.progress import servers as srv

ANSWERS = 100
LEARNERS = 4
BATCH = 2 * LEARNERS
# Topics whose kinds cover every answer format: number, vector, matrix, shape, choice, boolean.
TOPICS = ("1.5", "1.10", "1.3", "1.15", "1.11", "2.2", "1.7")


@dataclass(frozen=True)
class Planned:
    """One answer to send: who sends it, to which server, for which exercise, right or wrong."""

    learner: int
    server: int
    topic: str
    seed: int
    correct: bool


def plan() -> list[Planned]:
    # Every learner talks to both servers, and gets right and wrong answers on each. Runs of
    # BATCH answers share a topic, so one learner's first answers to a topic arrive together.
    return [
        Planned(
            learner=i % LEARNERS,
            server=(i // LEARNERS) % 2,
            topic=TOPICS[(i // BATCH) % len(TOPICS)],
            seed=1000 + i,
            correct=i % 3 != 0,
        )
        for i in range(ANSWERS)
    ]


BACKENDS = [
    pytest.param("sqlite"),
    pytest.param("postgresql", marks=[pytest.mark.postgres]),
]


@pytest.fixture
def database_url(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with srv.database(kind, tmp_path, request) as url:
        yield url


def _fetch(client: httpx.Client, server: srv.Server, learner: str, item: Planned) -> str:
    response = client.post(
        f"{server.url}/api/practice/{item.topic}",
        params={"seed": item.seed},
        headers=srv.cookie_header(learner),
    )
    assert response.status_code == 200, response.text
    return response.json()["exercise_id"]


def _answer(
    client: httpx.Client, server: srv.Server, learner: str, exercise_id: str, answer: str
) -> httpx.Response:
    return client.post(
        f"{server.url}/api/practice/answer",
        json={"exercise_id": exercise_id, "answer": answer},
        headers=srv.cookie_header(learner),
    )


def _progress(client: httpx.Client, server: srv.Server, learner: str) -> dict[str, Any]:
    response = client.get(f"{server.url}/api/progress", headers=srv.cookie_header(learner))
    assert response.status_code == 200, response.text
    return response.json()["topics"]


@pytest.mark.parametrize("kind", BACKENDS)
def test_concurrent_answers_on_two_servers_are_all_recorded(
    database_url: str, tmp_path: Path
) -> None:
    items = plan()
    # Both processes start at the same moment on an empty database: their migrations race.
    with (
        srv.servers(database_url, tmp_path, count=2) as (a, b),
        srv.client() as client,
        ThreadPoolExecutor(16) as pool,
    ):
        apps = (a, b)
        learners = [srv.new_learner(apps[k % 2]) for k in range(LEARNERS)]
        ids = list(
            pool.map(lambda it: _fetch(client, apps[it.server], learners[it.learner], it), items)
        )
        exercises = [srv.exercise_for(i) for i in ids]
        answers = [srv.answer_text(ex, it.correct) for ex, it in zip(exercises, items)]
        jobs = [
            (apps[it.server], learners[it.learner], exercise_id, answer)
            for it, exercise_id, answer in zip(items, ids, answers)
        ]
        responses = list(pool.map(lambda job: _answer(client, *job), jobs))

        statuses = Counter(r.status_code for r in responses)
        assert statuses == {200: ANSWERS}, [r.text for r in responses if r.status_code != 200]
        for response, item, exercise in zip(responses, items, exercises):
            body = response.json()
            assert body["exercise_id"].split("~")[0] == exercise.id
            assert body["correct"] is item.correct
            if item.correct:
                assert body["expected"] == expected_text(exercise)
            else:
                assert body["state"] == "retry"  # a hint and a second try, no answer yet

        engine = make_engine(database_url)
        try:
            assert ProgressStore(engine).count_attempts() == ANSWERS
        finally:
            engine.dispose()

        for k, learner in enumerate(learners):
            mine = [it for it in items if it.learner == k]
            seen_by_a, seen_by_b = _progress(client, a, learner), _progress(client, b, learner)
            assert seen_by_a == seen_by_b
            assert sum(t["attempts"] for t in seen_by_a.values()) == len(mine)
            assert sum(t["correct"] for t in seen_by_a.values()) == sum(it.correct for it in mine)
            assert Counter({t: v["attempts"] for t, v in seen_by_a.items()}) == Counter(
                it.topic for it in mine
            )


MIGRATORS = 4
ROUNDS = 4


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param("sqlite"),
        pytest.param("postgresql", marks=pytest.mark.postgres),
    ],
)
def test_processes_migrating_one_empty_database_at_once_all_succeed(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # The server start-up race, made tight: processes released by one barrier, several rounds.
    # fork: the children start at once with the store already imported (spawn takes seconds).
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(MIGRATORS), ctx.Queue()
    with ExitStack() as stack:
        urls = [
            stack.enter_context(srv.database(kind, tmp_path / str(n), request))
            for n in range(ROUNDS)
        ]
        workers = [
            ctx.Process(target=srv.migrate_in_step, args=(urls, barrier, results))
            for _ in range(MIGRATORS)
        ]
        for worker in workers:
            worker.start()
        try:
            outcomes = [results.get(timeout=60) for _ in range(MIGRATORS * ROUNDS)]
        finally:
            for worker in workers:
                worker.join(timeout=10)
                if worker.is_alive():
                    worker.kill()
        assert outcomes == ["ok"] * (MIGRATORS * ROUNDS)
        for url in urls:
            engine = make_engine(url)
            try:
                tables = set(inspect(engine).get_table_names())
            finally:
                engine.dispose()
            assert {"learners", "attempts", "review_states", "alembic_version"} <= tables


def _answer_together(store: ProgressStore, learner: str, topic: str, threads: int) -> None:
    """`threads` answers by one learner to one topic, released at the same instant."""
    barrier = threading.Barrier(threads)

    def answer(k: int) -> None:
        barrier.wait(timeout=30)
        store.record(learner, topic, f"{topic}:0:{k}", kind="practice", correct=True, answer="1")

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(answer, range(threads)))


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param("sqlite"),
        pytest.param("postgresql", marks=[pytest.mark.postgres]),
    ],
)
def test_first_answers_to_a_topic_arriving_together_are_all_recorded(database_url: str) -> None:
    # The review-card race, made tight: a returning learner's first answers to a new topic
    # arrive together, as two servers would store them.
    threads, rounds = 8, 5
    engine = make_engine(database_url)
    try:
        migrate(engine)
        store = ProgressStore(engine)
        for n in range(rounds):
            learner, topic = f"returning-{n}", f"1.{n + 1}"
            store.record(learner, "2.1", "2.1:0:1", kind="practice", correct=True, answer="1")
            _answer_together(store, learner, topic, threads)
            assert store.progress(learner)[topic]["attempts"] == threads
        assert store.count_attempts() == rounds * (threads + 1)
    finally:
        engine.dispose()
