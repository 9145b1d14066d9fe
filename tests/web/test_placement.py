"""Placement ("test out") and "Next up", through the real app on SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import text

from mathforai.practice.grading import expected_text
from mathforai.practice.registry import exercise_from_id
from mathforai.settings import Settings
from mathforai.web.app import create_app
from mathforai.web.routes.placement import next_up

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def placed_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('placement') / 'p.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    app = create_app(Settings(database_url=url, secret_key="placement-key"))
    if request.param == "postgresql":
        with app.state.store.engine.begin() as conn:
            conn.execute(text("TRUNCATE attempts, item_states, review_states, learners"))
    return app


@pytest.fixture
def learner(placed_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(placed_app, raise_server_exceptions=False) as client:
        yield client


def questions(page: str) -> list[tuple[str, str]]:
    """(topic id, issued exercise id) of each question on a placement page."""
    question = r'<li class="placement-question" data-topic="([^"]+)">'
    found = re.findall(question + r'.*?name="exercise_id" value="([^"]+)"', page, re.S)
    return [(topic, html.unescape(issued)) for topic, issued in found]


def test_a_placement_marks_topics_answered_right_as_known(learner: TestClient) -> None:
    page = learner.get("/placement/2")
    assert page.status_code == 200
    asked = questions(page.text)
    assert [t for t, _ in asked] == [f"2.{i}" for i in range(1, 10)]  # one per topic
    # Right on 2.1 and 2.2, wrong on 2.3, nothing for the rest.
    answers = []
    for n, (_topic, issued) in enumerate(asked):
        exercise = exercise_from_id(issued)
        answers.append(expected_text(exercise) if n < 2 else ("[9]" if n == 2 else ""))
    data = {"exercise_id": [i for _, i in asked], "answer": answers}
    posted = learner.post("/placement/2", data=data, follow_redirects=False)
    assert posted.status_code == 303
    result = learner.get(posted.headers["location"])
    assert 'data-topic="2.1"' in result.text and 'data-topic="2.2"' in result.text
    progress = learner.get("/api/progress").json()["topics"]
    assert progress["2.1"]["known"] and progress["2.2"]["known"]
    assert "2.3" not in progress or not progress["2.3"]["known"]
    # A reload of the result, or the same answers posted again, changes nothing.
    learner.get(posted.headers["location"])
    learner.post("/placement/2", data=data)
    assert learner.get("/api/progress").json()["topics"] == progress


def test_placement_ids_are_refused_for_another_learner(
    placed_app: FastAPI, learner: TestClient
) -> None:
    asked = questions(learner.get("/placement/1").text)
    _topic, issued = asked[0]
    with TestClient(placed_app, raise_server_exceptions=False) as other:
        right = expected_text(exercise_from_id(issued))
        other.post("/placement/1", data={"exercise_id": issued, "answer": right})
        assert other.get("/api/progress").json()["topics"] == {}


def test_the_course_map_shows_next_up(placed_app: FastAPI, learner: TestClient) -> None:
    page = learner.get("/").text
    assert 'data-next-up="1.1"' in page
    course = placed_app.state.course
    known = {t.id: {"mastery": "attempted", "known": True} for t in course.topics[:3]}
    assert next_up(course, known).id == course.topics[3].id
    mastered = {"1.1": {"mastery": "mastered", "known": False}}
    assert next_up(course, mastered).id == "1.2"


def test_an_unknown_part_is_a_404(learner: TestClient) -> None:
    assert learner.get("/placement/9").status_code == 404
