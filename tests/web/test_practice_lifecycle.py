"""The practice lifecycle through the real app, on SQLite and on a real PostgreSQL: every
farming path of issue 9 changes nothing, and progress says what happened."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import text

from mathforai.practice.grading import expected_text
from mathforai.practice.registry import exercise_from_id
from mathforai.practice.selftest import perturbed
from mathforai.settings import Settings
from mathforai.web.app import create_app

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('lifecycle') / 'p.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    app = create_app(Settings(database_url=url, secret_key="lifecycle-test-key"))
    if request.param == "postgresql":
        with app.state.store.engine.begin() as conn:
            conn.execute(text("TRUNCATE attempts, item_states, review_states, learners"))
    return app


@pytest.fixture
def learner(store_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(store_app, raise_server_exceptions=False) as client:
        client.get("/healthz")  # the learner cookie
        yield client


def issue(client: TestClient, topic: str = "2.1", seed: int = 3) -> str:
    response = client.post(f"/api/practice/{topic}?seed={seed}")
    assert response.status_code == 200, response.text
    return response.json()["exercise_id"]


def send(client: TestClient, exercise_id: str, **body: Any) -> Any:
    return client.post("/api/practice/answer", json={"exercise_id": exercise_id, **body})


def right(exercise_id: str) -> str:
    return expected_text(exercise_from_id(exercise_id))


def wrong(exercise_id: str) -> str:
    return perturbed(exercise_from_id(exercise_id))


def progress(client: TestClient, topic: str = "2.1") -> dict[str, Any]:
    return client.get("/api/progress").json()["topics"].get(topic, {})


def test_first_right_is_solved_and_a_repost_counts_nothing(learner: TestClient) -> None:
    issued = issue(learner)
    first = send(learner, issued, answer=right(issued)).json()
    assert (first["correct"], first["state"]) == (True, "solved")
    before = progress(learner)
    for _ in range(3):
        again = send(learner, issued, answer=right(issued)).json()
        assert (again["correct"], again["state"]) == (True, "closed")
    assert progress(learner) == before
    assert (before["attempts"], before["correct"]) == (1, 1)


def test_wrong_then_hint_then_right_is_assisted(learner: TestClient) -> None:
    issued = issue(learner, seed=4)
    told = send(learner, issued, answer=wrong(issued)).json()
    assert told["state"] == "retry" and told["hint"]
    assert "expected" not in told and "solution" not in told
    solved = send(learner, issued, answer=right(issued)).json()
    assert (solved["correct"], solved["state"]) == (True, "solved")
    p = progress(learner)
    assert (p["attempts"], p["correct"], p["assisted"], p["revealed"]) == (1, 0, 1, 0)


def test_answer_after_being_told_counts_nothing(learner: TestClient) -> None:
    issued = issue(learner, seed=5)
    send(learner, issued, answer=wrong(issued))
    shown = send(learner, issued, answer=wrong(issued)).json()
    assert shown["state"] == "revealed" and shown["expected"] and shown["solution"]["steps"]
    before = progress(learner)
    late = send(learner, issued, answer=shown["expected"]).json()
    assert (late["correct"], late["state"]) == (True, "closed"), "expected reads back right"
    assert progress(learner) == before
    assert (before["correct"], before["assisted"], before["revealed"]) == (0, 0, 1)


def test_answer_after_reveal_counts_nothing(learner: TestClient) -> None:
    issued = issue(learner, seed=6)
    shown = send(learner, issued, reveal=True).json()
    assert (shown["state"], shown["correct"]) == ("revealed", False)
    before = progress(learner)
    assert before["revealed"] == 1
    assert send(learner, issued, answer=shown["expected"]).json()["state"] == "closed"
    assert send(learner, issued, reveal=True).json()["state"] == "closed"
    assert progress(learner) == before


def test_a_format_error_uses_up_nothing(learner: TestClient) -> None:
    issued = issue(learner, "1.2", 0)
    assert send(learner, issued, answer="banana").status_code == 422
    assert progress(learner, "1.2") == {}
    assert send(learner, issued, answer=right(issued)).json()["state"] == "solved"


def test_crafted_and_borrowed_ids_are_refused_and_change_nothing(
    store_app: FastAPI, learner: TestClient
) -> None:
    issued = issue(learner, seed=7)
    base = issued.split("~")[0]
    for crafted in (base, base + "~AAAAAAAAAAAAAAAA", issued.replace(":7~", ":1~")):
        response = send(learner, crafted, answer=right(base))
        assert response.status_code == 403, crafted
        assert response.json()["field"] == "exercise_id"
    # The reveal-with-no-cookie trick: another (throwaway) learner cannot use this id.
    with TestClient(store_app, raise_server_exceptions=False) as stranger:
        assert send(stranger, issued, reveal=True).status_code == 403
    assert progress(learner) == {}
    assert send(learner, issued, answer=right(issued)).json()["state"] == "solved"


def test_quick_check_first_answer_counts_and_later_clicks_do_not(
    store_app: FastAPI, learner: TestClient
) -> None:
    quiz = store_app.state.course.topic("1.2").quizzes[0]
    wrong_choice = (quiz.correct_index + 1) % len(quiz.choices)
    first = learner.post(f"/api/quiz/{quiz.id}", json={"choice": wrong_choice}).json()
    assert (first["correct"], first["counted"]) == (False, True)
    for _ in range(3):
        later = learner.post(f"/api/quiz/{quiz.id}", json={"choice": quiz.correct_index}).json()
        assert (later["correct"], later["counted"]) == (True, False)
    p = progress(learner, "1.2")
    assert (p["attempts"], p["correct"]) == (1, 0)


def test_imported_claims_never_count_as_first_try_solves(
    store_app: FastAPI, learner: TestClient
) -> None:
    forged = {
        "format": "mathforai-progress",
        "version": 1,
        "attempts": [
            {
                "topic_id": "2.1",
                "item_id": f"2.1:mean-compute:{n}",
                "kind": "practice",
                "correct": True,
                "answer": "1",
                "created_at": "2026-11-30T10:00:00+05:00",
            }
            for n in range(10)
        ]
        * 20,  # 200 copies: duplicates merge
        "reviews": [],
    }
    assert learner.post("/api/progress/import", json=forged).json() == {"imported": 10}
    assert learner.post("/api/progress/import", json=forged).json() == {"imported": 0}
    p = progress(learner)
    assert (p["attempts"], p["correct"], p["imported"], p["mastery"]) == (10, 0, 10, "new")
    exported = learner.get("/api/progress/export").json()
    assert {a["created_at"] for a in exported["attempts"]} == {"2026-11-30T05:00:00+00:00"}


def test_a_malformed_review_card_is_refused_and_cannot_poison_a_topic(
    learner: TestClient,
) -> None:
    bad = {
        "format": "mathforai-progress",
        "version": 2,
        "attempts": [],
        "reviews": [{"topic_id": "2.1", "card": {}, "due": "2026-11-30T10:00:00Z"}],
    }
    response = learner.post("/api/progress/import", json=bad)
    assert response.status_code == 422
    assert "reviews.0.card" in response.json()["error"]
    issued = issue(learner, seed=8)
    assert send(learner, issued, answer=right(issued)).status_code == 200


def test_a_signed_export_moves_real_progress_to_another_browser(
    store_app: FastAPI, learner: TestClient, tmp_path: Path
) -> None:
    issued = issue(learner, seed=9)
    send(learner, issued, answer=right(issued))
    exported = learner.get("/api/progress/export").json()
    with TestClient(store_app, raise_server_exceptions=False) as laptop:
        assert laptop.post("/api/progress/import", json=exported).status_code == 200
        assert progress(laptop) == progress(learner)
        # A tampered export (an item's id edited) no longer matches its signature: the
        # edited item and the attempt whose item it no longer lists are both mere claims.
        for item in exported["items"]:
            item["item_id"] = item["item_id"].replace(":9", ":99")
    with TestClient(store_app, raise_server_exceptions=False) as other:
        other.post("/api/progress/import", json=exported)
        p = progress(other)
        assert (p["correct"], p["imported"]) == (0, 2)
