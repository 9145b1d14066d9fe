"""Lesson pages answered from memory: same bytes, same headers, never a stranger's cookie."""

from __future__ import annotations

import re
import warnings

import pytest
from starlette.types import ASGIApp

from mathforai.settings import Settings
from mathforai.web.app import serving_app

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402


@pytest.fixture(scope="module")
def app(settings: Settings) -> ASGIApp:
    """The app as `mathforai serve` runs it: behind the page cache."""
    return serving_app(settings)


def test_returning_learner_gets_the_cached_page_with_all_headers(app: ASGIApp) -> None:
    with TestClient(app) as client:
        client.get("/")  # receive the learner cookie
        first = client.get("/topics/dot-product")
        second = client.get("/topics/dot-product")
    assert first.status_code == second.status_code == 200
    assert first.text == second.text
    for header in ("content-security-policy", "x-content-type-options", "content-type"):
        assert second.headers[header] == first.headers[header]
    assert "set-cookie" not in second.headers
    assert ("/topics/dot-product", False) in app.pages or ("/topics/dot-product", True) in app.pages


def test_new_visitor_still_gets_a_cookie_on_a_lesson(app: ASGIApp) -> None:
    with TestClient(app) as warm:
        warm.get("/")
        warm.get("/topics/dot-product")
    with TestClient(app) as new:
        response = new.get("/topics/dot-product")
    assert "mathforai_learner=" in response.headers["set-cookie"]


def test_compressed_and_plain_answers_are_kept_apart(app: ASGIApp) -> None:
    with TestClient(app) as client:
        client.get("/")
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
        client.get("/")
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
        client.get("/")
        first = {slug: client.get(f"/topics/{slug}").text for slug in slugs}
        again = {slug: client.get(f"/topics/{slug}").text for slug in reversed(slugs)}
    titles = {slug: heading(first[slug]) for slug in slugs}
    assert len(set(titles.values())) == len(slugs)
    for slug in slugs:
        assert any(path == "/topics/" + slug for path, _ in app.pages)  # cached
        assert heading(again[slug]) == titles[slug], slug
        assert again[slug] == first[slug], slug


def heading(page: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert match, "a lesson page has an <h1>"
    return match.group(1).strip()
