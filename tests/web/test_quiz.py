"""Quick checks: answered through the API (JavaScript) or a plain form post."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient

from mathforai.course.loader import load_course
from mathforai.course.model import Document, Quiz

PLACED = [(doc, quiz) for doc in load_course().documents for quiz in doc.quizzes]


def first() -> tuple[Document, Quiz]:
    assert PLACED, "no lesson has a quick check"
    return PLACED[0]


@pytest.mark.parametrize("placed", PLACED, ids=lambda p: p[1].id)
def test_api_grades_every_choice_with_its_why(
    client: TestClient, placed: tuple[Document, Quiz]
) -> None:
    _, quiz = placed
    for index, choice in enumerate(quiz.choices):
        answer = client.post(f"/api/quiz/{quiz.id}", json={"choice": index})
        assert answer.status_code == 200
        body = answer.json()
        assert body["correct"] is choice.correct
        assert body["correct_choice"] == quiz.correct_index
        assert body["why"]
        assert body["why_html"] == choice.why_html


@pytest.mark.parametrize(
    "body", [{}, {"choice": -1}, {"choice": 99}, {"choice": "0"}, {"choice": True}, {"choice": 0.5}]
)
def test_api_rejects_a_choice_that_is_not_one_of_the_answers(
    client: TestClient, body: dict[str, object]
) -> None:
    _, quiz = first()
    answer = client.post(f"/api/quiz/{quiz.id}", json=body)
    assert answer.status_code == 422
    assert answer.json()["field"] == "choice"


def test_api_unknown_quiz_is_404(client: TestClient) -> None:
    assert client.post("/api/quiz/no-such-quiz", json={"choice": 0}).status_code == 404


def test_quick_check_is_a_form_of_radio_choices(client: TestClient) -> None:
    doc, quiz = first()
    page = client.get(doc.url).text
    section = page.split(f'data-quiz="{quiz.id}"', 1)[1].split("</section>", 1)[0]
    assert section.count('type="radio" name="choice"') == len(quiz.choices)
    assert 'method="post"' in section
    assert 'type="submit"' in section


@pytest.mark.parametrize("right", [True, False])
def test_form_post_without_javascript_shows_right_or_wrong_and_why(
    client: TestClient, right: bool
) -> None:
    doc, quiz = first()
    index = next(i for i, c in enumerate(quiz.choices) if c.correct is right)
    posted = client.post(
        f"{doc.url}/quiz/{quiz.id}", data={"choice": str(index)}, follow_redirects=False
    )
    assert posted.status_code == 303
    page = client.get(posted.headers["location"])
    assert page.status_code == 200
    section = page.text.split(f'data-quiz="{quiz.id}"', 1)[1].split("</section>", 1)[0]
    assert ("is-right" in section) is right
    assert ("is-wrong" in section) is not right
    assert html.unescape(quiz.choices[index].why_html) in html.unescape(section)
    assert f'value="{index}" checked' in section


def test_form_post_without_a_choice_asks_for_one(client: TestClient) -> None:
    doc, quiz = first()
    page = client.post(f"{doc.url}/quiz/{quiz.id}", data={})
    assert page.status_code == 200
    assert "Pick one of the answers" in page.text


def test_form_post_to_an_unknown_quiz_is_404(client: TestClient) -> None:
    doc, _ = first()
    assert client.post(f"{doc.url}/quiz/nope", data={"choice": "0"}).status_code == 404
