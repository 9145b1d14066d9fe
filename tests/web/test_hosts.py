"""The Host allowlist and redirects that never carry the Host header (issue 14)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mathforai.course.model import Course
from mathforai.settings import Settings
from mathforai.web.app import create_app
from mathforai.web.hosts import allowed, host_name, parse_allowed
from mathforai.web.server import default_allowed_hosts


def app_with(course: Course, tmp_path: Path, **options: Any) -> FastAPI:
    database = f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    return create_app(Settings(database_url=database, **options), course)


def test_serve_on_loopback_answers_for_localhost_names_only() -> None:
    assert parse_allowed(default_allowed_hosts("127.0.0.1")) == ("localhost", "127.0.0.1", "::1")
    assert default_allowed_hosts("localhost") == default_allowed_hosts("::1")
    assert default_allowed_hosts("0.0.0.0") == "*"


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        ("localhost:8000", True),
        ("LOCALHOST.", True),
        ("127.0.0.1", True),
        ("[::1]:8000", True),
        ("evil.example", False),
        ("localhost.evil.example", False),
        ("", False),
        ("[::1", False),
    ],
)
def test_host_names_are_compared_without_port_case_or_brackets(header: str, ok: bool) -> None:
    assert allowed(host_name(header), parse_allowed("localhost,127.0.0.1,[::1]")) is ok


def test_a_wildcard_entry_covers_subdomains_only() -> None:
    names = parse_allowed("*.example.org")
    assert allowed("course.example.org", names)
    assert not allowed("example.org.evil.example", names)


def test_a_request_for_another_host_is_refused(course: Course, tmp_path: Path) -> None:
    app = app_with(course, tmp_path, allowed_hosts="localhost,127.0.0.1")
    with TestClient(app, base_url="http://localhost:8000") as browser:
        served = browser.get("/")
        refused = browser.get("/", headers={"host": "evil.example"})
    assert served.status_code == 200
    assert refused.status_code == 400
    assert "MATHFORAI_ALLOWED_HOSTS" in refused.json()["error"]
    assert refused.headers["x-frame-options"] == "DENY"  # security headers on the 400 too


def test_an_app_without_a_list_serves_any_host(client: TestClient) -> None:
    assert client.get("/", headers={"host": "course.example.org"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/topics/dot-product/", "/topics/dot-product"),
        ("/topics/dot-product/?widget=dot", "/topics/dot-product?widget=dot"),
        ("http://testserver//evil.example/", "/evil.example"),
    ],
)
def test_a_trailing_slash_redirect_names_a_path_never_a_host(
    client: TestClient, path: str, location: str
) -> None:
    answer = client.get(path, headers={"host": "evil.example"}, follow_redirects=False)
    assert answer.status_code == 308
    assert answer.headers["location"] == location


def test_a_cached_page_is_never_served_for_another_host(course: Course, tmp_path: Path) -> None:
    """The page cache sits in front of the allowlist: it must not answer for a Host the
    allowlist would refuse, even for a page it holds."""
    from mathforai.web.pagecache import PageCache

    app = PageCache(app_with(course, tmp_path, allowed_hosts="localhost"))
    with TestClient(app, base_url="http://localhost") as browser:
        for path in ("/", "/topics/vectors"):
            assert browser.get(path).status_code == 200
            assert browser.get(path).status_code == 200  # now from the cache
            assert browser.get(path, headers={"host": "rebound.example"}).status_code == 400
