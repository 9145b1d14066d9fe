"""Pages answered from memory: lessons for everyone, the course map per learner and
version; same bytes, same headers, never a stranger's cookie or progress."""

from __future__ import annotations

import re
import warnings
from typing import Any

import pytest
from sqlalchemy import func, select
from starlette.types import ASGIApp

from mathforai.progress.models import Learner
from mathforai.settings import Settings
from mathforai.web.app import serving_app

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402


@pytest.fixture(scope="module")
def app(settings: Settings) -> ASGIApp:
    """The app as `mathforai serve` runs it: behind the page cache."""
    return serving_app(settings)


def without_quiz_order(page: str) -> str:
    page = re.sub(r"<fieldset>.*?</fieldset>", "", page, flags=re.S)
    return re.sub(r'<input type="hidden" name="order" value="\d+">', "", page)


def test_returning_learner_gets_the_cached_page_with_all_headers(app: ASGIApp) -> None:
    with TestClient(app) as client:
        client.post("/api/practice/1.2?seed=1")  # a first write: the learner cookie
        first = client.get("/topics/dot-product")
        second = client.get("/topics/dot-product")
    assert first.status_code == second.status_code == 200
    assert first.text == second.text
    for header in ("content-security-policy", "x-content-type-options", "content-type"):
        assert second.headers[header] == first.headers[header]
    assert "set-cookie" not in second.headers
    assert any(key[1] == "/topics/dot-product" for key in app.pages)


def test_a_new_visitor_gets_the_same_cached_page_and_no_cookie(app: ASGIApp) -> None:
    with TestClient(app) as returning:
        returning.post("/api/practice/1.2?seed=1")
        page = returning.get("/topics/vectors")
    with TestClient(app) as new:
        response = new.get("/topics/vectors")
        again = new.get("/topics/vectors")
        course_map = new.get("/")
    assert response.text == again.text
    # Only the quick checks' choice order (per learner group, web/quizorder.py) may differ.
    assert without_quiz_order(response.text) == without_quiz_order(page.text)
    assert "set-cookie" not in response.headers and "set-cookie" not in course_map.headers


def test_a_visit_that_writes_nothing_creates_no_row(app: ASGIApp) -> None:
    engine = app.app.state.store.engine  # type: ignore[attr-defined]
    before = learners(engine)
    with TestClient(app) as crawler:
        for path in ("/", "/topics/softmax", "/glossary", "/api/progress", "/search?q=dot"):
            assert crawler.get(path).status_code == 200, path
            assert "set-cookie" not in crawler.get(path).headers, path
    with TestClient(app) as writer:
        answer = writer.post("/api/practice/1.2?seed=1")
    assert "mathforai_learner=" in answer.headers["set-cookie"]
    assert learners(engine) == before


def learners(engine: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Learner)).scalar_one())


def test_the_course_map_is_cached_per_learner_until_their_next_write(app: ASGIApp) -> None:
    """The map shows progress: another learner never gets it, and an answer (on any
    process: the version cookie travels with the browser) makes it render afresh."""
    with TestClient(app) as one, TestClient(app) as two:
        exercise = one.post("/api/practice/1.2?seed=1").json()
        two.post("/api/practice/1.2?seed=1")
        blank = one.get("/").text
        assert one.get("/").text == blank  # from the cache
        body = {"exercise_id": exercise["exercise_id"], "reveal": True}
        assert one.post("/api/practice/answer", json=body).status_code == 200
        after = one.get("/").text
        other = two.get("/").text
    assert "1 topic started" in after and "1 topic started" not in blank
    assert "1 topic started" not in other
    assert any(key[0] == "map" for key in app.maps)


def test_compressed_and_plain_answers_are_kept_apart(app: ASGIApp) -> None:
    with TestClient(app) as client:
        for _ in range(2):
            gz = client.get("/topics/softmax", headers={"accept-encoding": "gzip"})
            plain = client.get("/topics/softmax", headers={"accept-encoding": "identity"})
            assert gz.headers.get("content-encoding") == "gzip"
            assert "content-encoding" not in plain.headers
            assert gz.text == plain.text


def test_a_query_string_is_never_served_from_the_cache(app: ASGIApp) -> None:
    """The widget's values in the query string are computed, not answered with the
    cached page: 2 × 123457 = 246914 appears on the computed page and nowhere else."""
    values = {"u.0": "2", "u.1": "0", "u.2": "0", "v.0": "123457", "v.1": "0", "v.2": "0"}
    with TestClient(app) as client:
        plain = client.get("/topics/dot-product")
        cached = client.get("/topics/dot-product")
        computed = client.get("/topics/dot-product", params={"widget": "dot", **values})
    assert cached.text == plain.text
    assert "246914" not in cached.text  # so finding it below means it was computed
    assert '<span class="value">246914</span>' in computed.text


def test_each_lesson_is_answered_with_its_own_page(app: ASGIApp) -> None:
    """Warm the cache with several lessons, then ask again in another order: each answer
    is that lesson's own page (its title in <h1>), never another's from the cache."""
    slugs = ["dot-product", "softmax", "vectors", "matrix-multiplication"]
    with TestClient(app) as client:
        first = {slug: client.get(f"/topics/{slug}").text for slug in slugs}
        again = {slug: client.get(f"/topics/{slug}").text for slug in reversed(slugs)}
    titles = {slug: heading(first[slug]) for slug in slugs}
    assert len(set(titles.values())) == len(slugs)
    for slug in slugs:
        assert any(key[1] == "/topics/" + slug for key in app.pages)  # cached
        assert heading(again[slug]) == titles[slug], slug
        assert again[slug] == first[slug], slug


def heading(page: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert match, "a lesson page has an <h1>"
    return match.group(1).strip()
