"""The practice and progress API of DESIGN.md, against the real app and a real SQLite file."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from mathforai.practice.grading import expected_text
from mathforai.practice.registry import exercise_from_id
from mathforai.practice.selftest import MALFORMED, misconception_answer, perturbed

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402


@pytest.fixture
def learner(app: FastAPI) -> Iterator[TestClient]:
    """A fresh learner: a client with its own cookie jar."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _exercise(client: TestClient, topic: str = "1.2", seed: int = 3) -> dict:
    response = client.post(f"/api/practice/{topic}?seed={seed}")
    assert response.status_code == 200
    return response.json()


def _attempts(client: TestClient, topic: str) -> int:
    return client.get("/api/progress").json()["topics"].get(topic, {}).get("attempts", 0)


def test_same_seed_same_exercise_and_contract_fields(learner: TestClient) -> None:
    first, second = _exercise(learner), _exercise(learner)
    assert first == second
    assert {"exercise_id", "topic", "prompt", "answer_format"} <= first.keys()
    assert first["topic"] == "1.2"
    assert "expected" not in first


def test_every_topic_serves_practice(learner: TestClient) -> None:
    for topic in [f"1.{i}" for i in range(1, 16)] + [f"2.{i}" for i in range(1, 10)]:
        assert learner.post(f"/api/practice/{topic}").status_code == 200, topic
    for topic in [f"3.{i}" for i in range(1, 7)]:
        assert learner.post(f"/api/practice/{topic}").status_code == 200, topic


def test_expected_answer_sent_back_is_correct_and_recorded(learner: TestClient) -> None:
    exercise = _exercise(learner)
    answer = expected_text(exercise_from_id(exercise["exercise_id"]))
    body = learner.post(
        "/api/practice/answer", json={"exercise_id": exercise["exercise_id"], "answer": answer}
    ).json()
    assert body["correct"] is True
    again = learner.post(
        "/api/practice/answer",
        json={"exercise_id": exercise["exercise_id"], "answer": body["expected"]},
    ).json()
    assert again["correct"] is True
    assert (body["state"], again["state"]) == ("solved", "closed")
    assert body["solution"]["operation"] and body["solution"]["steps"]
    assert _attempts(learner, "1.2") == 1  # the second answer was for the learner alone


def test_wrong_answer_names_the_mistake_when_one_explains_it(learner: TestClient) -> None:
    for seed in range(50):
        issued = _exercise(learner, "1.2", seed)["exercise_id"]
        exercise = exercise_from_id(issued)
        if exercise.misconceptions:
            break
    typed = misconception_answer(exercise, 0)
    body = learner.post("/api/practice/answer", json={"exercise_id": issued, "answer": typed})
    body = body.json()
    assert body["correct"] is False
    assert body["state"] == "retry"
    assert exercise.misconceptions[0].message in body["feedback"]
    assert "expected" not in body and "solution" not in body  # a second try first


def test_perturbed_answer_is_wrong(learner: TestClient) -> None:
    issued = _exercise(learner, "2.9", 5)["exercise_id"]
    exercise = exercise_from_id(issued)
    answer = {"exercise_id": issued, "answer": perturbed(exercise)}
    first = learner.post("/api/practice/answer", json=answer).json()
    assert (first["correct"], first["state"]) == (False, "retry")
    assert first["hint"]
    second = learner.post("/api/practice/answer", json=answer).json()
    assert (second["correct"], second["state"]) == (False, "revealed")
    assert second["expected"] == expected_text(exercise)


def test_unreadable_answer_is_422_and_uses_no_attempt(learner: TestClient) -> None:
    issued = _exercise(learner, "1.2", 4)["exercise_id"]
    exercise = exercise_from_id(issued)
    response = learner.post(
        "/api/practice/answer",
        json={"exercise_id": issued, "answer": MALFORMED[exercise.answer_format]},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "answer" and "expected" in body["error"]
    assert _attempts(learner, "1.2") == 0


# The test app caps bodies at 4 KiB: √ is 3 bytes in UTF-8.
@pytest.mark.parametrize("answer", ["-" * 1999 + "2", "√" * 1200 + "4", "2^" * 999 + "2"])
def test_a_deeply_nested_answer_is_422_not_500(learner: TestClient, answer: str) -> None:
    issued = _exercise(learner, "1.5", 1)["exercise_id"]
    body = json.dumps({"exercise_id": issued, "answer": answer}, ensure_ascii=False).encode()
    headers = {"content-type": "application/json"}
    response = learner.post("/api/practice/answer", content=body, headers=headers)
    assert response.status_code == 422 and response.json()["field"] == "answer"
    assert _attempts(learner, "1.5") == 0


def test_reveal_gives_the_solution_and_counts_as_not_correct(learner: TestClient) -> None:
    exercise = _exercise(learner, "3.5", 2)
    body = learner.post(
        "/api/practice/answer", json={"exercise_id": exercise["exercise_id"], "reveal": True}
    ).json()
    assert body["correct"] is False
    assert body["expected"] and body["solution"]["steps"]
    assert learner.get("/api/progress").json()["topics"]["3.5"]["correct"] == 0


@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        ("/api/practice/9.9", None, 404, "topic_id"),
        ("/api/practice/1.2?seed=-1", None, 422, "seed"),
        ("/api/practice/1.2?seed=abc", None, 422, "seed"),
        ("/api/practice/answer", {"answer": "1"}, 422, "exercise_id"),
        ("/api/practice/answer", {"exercise_id": "1.2:vector-unit:1"}, 422, "answer"),
        ("/api/practice/answer", {"exercise_id": "nope", "answer": "1"}, 422, "exercise_id"),
        ("/api/practice/answer", {"exercise_id": "9.9:dot:1", "answer": "1"}, 404, "exercise_id"),
        ("/api/practice/answer", {"exercise_id": "1.2:0:1", "answer": "1"}, 422, "exercise_id"),
        (
            "/api/practice/answer",
            {"exercise_id": "1.2:vector-unit:1", "answer": "1"},
            403,
            "exercise_id",
        ),
        (
            "/api/practice/answer",
            {"exercise_id": "1.2:vector-unit:1~AAAA", "answer": "1"},
            403,
            "exercise_id",
        ),
        (
            "/api/practice/answer",
            {"exercise_id": "1.2:vector-unit:1", "answer": {"a": 1}},
            422,
            "answer",
        ),
        ("/api/progress/reset", {}, 422, "confirm"),
        ("/api/progress/import", {"format": "x"}, 422, "body"),
    ],
)
def test_bad_requests_are_clear_4xx(
    learner: TestClient, path: str, body: dict | None, status: int, field: str
) -> None:
    response = learner.post(path, json=body) if body is not None else learner.post(path)
    assert response.status_code == status
    assert response.json()["field"] == field
    assert response.json()["error"]


def test_learner_cookie_is_signed_httponly_and_samesite(app: FastAPI) -> None:
    with TestClient(app) as client:
        assert "set-cookie" not in client.get("/healthz").headers  # reading mints nothing
        response = client.post("/api/practice/1.2?seed=1")
        cookie = response.headers["set-cookie"]
        assert "mathforai_learner=" in cookie
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        again = client.post("/api/practice/1.2?seed=2").headers.get_list("set-cookie")
        assert not any(c.startswith("mathforai_learner=") for c in again)


def test_a_forged_cookie_is_a_new_learner(app: FastAPI, learner: TestClient) -> None:
    exercise = _exercise(learner)
    answer = expected_text(exercise_from_id(exercise["exercise_id"]))
    learner.post(
        "/api/practice/answer", json={"exercise_id": exercise["exercise_id"], "answer": answer}
    )
    with TestClient(app) as other:
        other.cookies.set("mathforai_learner", "forged.value")
        assert other.get("/api/progress").json() == {"topics": {}}


def test_export_import_moves_a_record_and_reset_asks_first(
    app: FastAPI, learner: TestClient
) -> None:
    exercise = _exercise(learner, "1.5", 1)
    learner.post(
        "/api/practice/answer", json={"exercise_id": exercise["exercise_id"], "reveal": True}
    )
    exported = learner.get("/api/progress/export")
    assert "attachment" in exported.headers["content-disposition"]
    with TestClient(app) as laptop:
        assert laptop.post("/api/progress/import", json=exported.json()).json() == {"imported": 1}
        assert laptop.get("/api/progress").json() == learner.get("/api/progress").json()
        assert laptop.post("/api/progress/reset", json={"confirm": False}).status_code == 422
        assert laptop.post("/api/progress/reset", json={"confirm": True}).json() == {"reset": True}
        assert laptop.get("/api/progress").json() == {"topics": {}}
    assert learner.get("/api/progress").json()["topics"]["1.5"]["attempts"] == 1


def test_quick_check_answers_count_as_attempts(app: FastAPI, learner: TestClient) -> None:
    course = app.state.course
    topic = course.topic("1.2")
    quiz = topic.quizzes[0]
    response = learner.post(f"/api/quiz/{quiz.id}", json={"choice": quiz.correct_index})
    assert response.json()["correct"] is True
    progress = learner.get("/api/progress").json()["topics"]["1.2"]
    assert progress == {**progress, "attempts": 1, "correct": 1}


def test_mastery_climbs_with_right_answers(learner: TestClient) -> None:
    levels = []
    for seed in range(10):
        exercise = _exercise(learner, "2.1", seed)
        answer = expected_text(exercise_from_id(exercise["exercise_id"]))
        learner.post(
            "/api/practice/answer", json={"exercise_id": exercise["exercise_id"], "answer": answer}
        )
        levels.append(learner.get("/api/progress").json()["topics"]["2.1"]["mastery"])
    assert levels[0] == "attempted"
    assert levels[-1] == "mastered"
    assert "familiar" in levels and "proficient" in levels
