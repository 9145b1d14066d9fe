"""Inputs that used to give 500 (issue 14, low findings): each now a clean 4xx, and a 500
that does happen keeps the security headers and the connection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from mathforai.course.model import Course
from mathforai.settings import Settings
from mathforai.web.app import create_app
from tests import aio

SUPERSCRIPT_TWO = "²"  # str.isdigit() is True, int() refuses it


def first_quiz(course: Course) -> tuple[Any, Any]:
    doc = next(d for d in course.documents if d.quizzes)
    return doc, doc.quizzes[0]


def test_a_seed_that_is_a_superscript_digit_is_a_422(client: TestClient) -> None:
    answer = client.post(f"/api/practice/1.5?seed={SUPERSCRIPT_TWO}")
    assert answer.status_code == 422
    assert answer.json()["field"] == "seed"
    page = client.get(f"/practice/1.5?seed={SUPERSCRIPT_TWO}")
    assert page.status_code == 200  # the page ignores a bad seed and picks an exercise


def test_a_quiz_choice_that_is_a_superscript_digit_is_no_answer(
    client: TestClient, course: Course
) -> None:
    doc, quiz = first_quiz(course)
    posted = client.post(
        f"{doc.url}/quiz/{quiz.id}", data={"choice": SUPERSCRIPT_TWO}, follow_redirects=False
    )
    assert posted.status_code == 303
    shown = client.get(posted.headers["location"])
    assert shown.status_code == 200
    assert "Pick one of the answers first." in shown.text


def test_a_deeply_nested_import_file_is_a_422(client: TestClient) -> None:
    # 3,000 deep fits the test app's 4 KiB body limit; the default 64 KiB lets 50,000 through.
    for body in ("[" * 3000, "[" * 40 + "]" * 40):
        answer = client.post("/progress/import", files={"file": ("p.json", body.encode())})
        assert answer.status_code == 422, body[:10]
        assert "Nothing imported" in answer.text


def test_an_import_of_nothing_or_of_a_bare_value_is_a_422(client: TestClient) -> None:
    """Found by schemathesis: an empty upload, no file at all, or a file holding a bare
    JSON value (null, 3, "x") reached the nesting check as a scalar and gave a 500."""
    for files in ({"file": ("p.json", b"")}, {"file": ("p.json", b"3")}, None):
        answer = client.post("/progress/import", files=files, data={} if files is None else None)
        assert answer.status_code == 422, files
        assert "Nothing imported" in answer.text


def boom_app(course: Course, tmp_path: Path) -> Any:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'p.sqlite3'}"), course)

    async def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/boom", boom)
    app.add_api_route("/api/boom", boom)
    return app


def test_a_500_keeps_the_security_headers(course: Course, tmp_path: Path) -> None:
    with TestClient(boom_app(course, tmp_path), raise_server_exceptions=False) as browser:
        page, api = browser.get("/boom"), browser.get("/api/boom")
    assert page.status_code == 500 and "Something went wrong" in page.text
    assert api.status_code == 500 and api.json()["error"]
    for response in (page, api):
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-frame-options"] == "DENY"


def test_a_500_does_not_escape_to_the_server(course: Course, tmp_path: Path) -> None:
    """The app returns normally after sending its 500, so uvicorn keeps the connection
    (an exception escaping the app makes it close the connection)."""
    app = boom_app(course, tmp_path)
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/boom",
        "raw_path": b"/boom",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    aio.run(app(scope, receive, send))
    assert sent[0]["status"] == 500
