"""The rate limit (`limits`): every route that computes, per client, in memory or in Redis."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mathforai.course.model import Course
from mathforai.settings import Settings
from mathforai.web import ratelimit
from mathforai.web.app import create_app
from mathforai.web.ratelimit import RateLimiter, computes
from tests import aio
from tests.redis_server import redis_server


def app_with(course: Course, tmp_path: Path, **options: Any) -> FastAPI:
    database = f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    return create_app(Settings(database_url=database, **options), course)


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


def test_the_api_is_not_limited_by_default(client: TestClient) -> None:
    assert all(client.get("/api/topics").status_code == 200 for _ in range(30))


def test_over_the_rate_limit_the_api_answers_429(course: Course, tmp_path: Path) -> None:
    with TestClient(app_with(course, tmp_path, rate_limit_per_minute=3)) as browser:
        served = [browser.get("/api/topics").status_code for _ in range(3)]
        refused = browser.post("/api/explain/dot", json={"u": [1], "v": [2]})
        page = browser.get("/")
    assert served == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json()["error"].startswith("too many requests")
    assert 1 <= int(refused.headers["retry-after"]) <= 60  # the window is a minute
    assert refused.headers["x-content-type-options"] == "nosniff"
    assert page.status_code == 200  # a plain page computes nothing: not limited


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/widgets/dot/render?u.0=1&u.1=2&u.2=3"),
        ("GET", "/topics/dot-product?widget=dot&u.0=9"),
        ("GET", "/practice/1.5"),
        ("POST", "/api/practice/1.5?seed=3"),
        ("GET", "/search?q=vector"),
    ],
)
def test_every_route_that_computes_is_limited(
    course: Course, tmp_path: Path, method: str, path: str
) -> None:
    with TestClient(app_with(course, tmp_path, rate_limit_per_minute=2)) as browser:
        statuses = [browser.request(method, path).status_code for _ in range(3)]
        static = browser.get("/static/app.css")
        health = browser.get("/healthz")
    assert statuses[:2] != [429, 429] and statuses[2] == 429, statuses
    assert static.status_code == 200 and health.status_code == 200


def test_which_requests_count_as_computing() -> None:
    def scope(method: str, path: str, query: bytes = b"") -> dict[str, Any]:
        return {"method": method, "path": path, "query_string": query}

    assert computes(scope("GET", "/widgets/dot/render"))
    assert computes(scope("POST", "/topics/dot-product/quiz/q1"))
    assert computes(scope("GET", "/topics/dot-product", b"u.0=1"))
    assert not computes(scope("GET", "/topics/dot-product"))
    assert not computes(scope("GET", "/static/app.js", b"v=abc"))
    assert not computes(scope("GET", "/healthz"))


def test_each_client_behind_a_trusted_proxy_has_its_own_limit(
    course: Course, tmp_path: Path
) -> None:
    app = app_with(course, tmp_path, rate_limit_per_minute=2, trust_proxy=True)
    with TestClient(app) as proxy:

        def status(client_ip: str) -> int:
            headers = {"x-forwarded-for": f"203.0.113.9, {client_ip}"}
            return proxy.get("/api/topics", headers=headers).status_code

        assert [status("198.51.100.1") for _ in range(3)] == [200, 200, 429]
        assert status("198.51.100.2") == 200


def test_a_client_cannot_dodge_the_limit_with_its_own_forwarded_for(
    course: Course, tmp_path: Path
) -> None:
    with TestClient(app_with(course, tmp_path, rate_limit_per_minute=2)) as browser:
        statuses = [
            browser.get("/api/topics", headers={"x-forwarded-for": f"10.0.0.{i}"}).status_code
            for i in range(3)
        ]
    assert statuses == [200, 200, 429]


def test_a_penalty_uses_up_the_window_without_overdrawing() -> None:
    async def scenario() -> list[float]:
        limiter = RateLimiter(per_minute=30, penalty=20)
        first = await limiter.hit("a")
        await limiter.penalize("a")
        await limiter.penalize("a")  # only 9 left: charged 9, not refused
        return [first, await limiter.hit("a"), await limiter.hit("b")]

    first, after, other = aio.run(scenario())
    assert first == 0.0 and after >= 1.0 and other == 0.0


def test_processes_sharing_redis_share_the_limit(
    course: Course, tmp_path: Path, redis_url: str
) -> None:
    """Two apps (as two server processes would be) on one Redis: one client, one budget."""
    options = {"rate_limit_per_minute": 3, "rate_limit_storage": redis_url}
    one = app_with(course, tmp_path / "a", **options)
    two = app_with(course, tmp_path / "b", **options)
    with TestClient(one) as first, TestClient(two) as second:
        statuses = [(first if i % 2 else second).get("/api/topics").status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_an_unreachable_redis_does_not_take_the_site_down(course: Course, tmp_path: Path) -> None:
    from tests.pg import free_port

    options = {"rate_limit_per_minute": 1, "rate_limit_storage": f"redis://127.0.0.1:{free_port()}"}
    with TestClient(app_with(course, tmp_path, **options)) as browser:
        statuses = [browser.get("/api/topics").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]


def test_a_refused_client_is_refused_again_without_asking_the_storage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A flooding client costs a lookup, not two window scans, per request; forgetting
    (more refused clients than are kept) only sends the question back to the storage."""
    monkeypatch.setattr(ratelimit, "REFUSED_KEPT", 4)

    async def scenario() -> tuple[list[list[float]], int, list[float], int]:
        limiter = RateLimiter(per_minute=1)
        asked = 0
        hit = limiter.strategy.hit

        async def counted(*args: object, **kwargs: object) -> bool:
            nonlocal asked
            asked += 1
            return await hit(*args, **kwargs)  # type: ignore[arg-type]

        limiter.strategy.hit = counted  # type: ignore[method-assign]
        waits = [[await limiter.hit(c) for _ in range(3)] for c in "abcdefghij"]
        first_asked = asked
        again = [await limiter.hit(c) for c in "jihgfedcba"]  # the newest are kept
        return waits, first_asked, again, asked

    waits, first_asked, again, asked = aio.run(scenario())
    for first, *refused in waits:
        assert first == 0.0
        assert all(1.0 <= w <= 60.0 for w in refused)
    assert first_asked == 2 * 10  # the admitted hit and the first refusal; then remembered
    assert all(1.0 <= w <= 60.0 for w in again)  # forgotten or not, still refused
    assert 20 < asked < 30  # the forgotten ones asked the storage again
