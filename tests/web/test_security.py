"""Security headers on every response, no inline script/style, the body size limit."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from mathforai.course.loader import load_course
from mathforai.settings import Settings

PAGES = ["/", "/search?q=vector", "/topics/no-such-topic", "/healthz", "/api/topics"]
PAGES += [doc.url for doc in load_course().documents]


@pytest.mark.parametrize("url", [*PAGES, "/static/app.css", "/static/app.js", "/openapi.json"])
def test_every_response_carries_the_security_headers(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: style/on* attributes, <style>, inline
    <script>, javascript: URLs, and resources from another origin."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and value:
                if value.strip().lower().startswith("javascript:"):
                    self.found.append(f"<{tag} {name}={value}>")
                if tag in ("script", "link", "img", "iframe") and not value.startswith("/"):
                    self.found.append(f"<{tag} {name}={value}> leaves this server")
        if tag == "style":
            self.found.append("<style>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append("inline <script>")


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_no_inline_script_style_or_handlers(client: TestClient, url: str) -> None:
    """The CSP forbids inline code, so any that slipped in would silently not run."""
    parser = InlineCode()
    parser.feed(client.get(url).text)
    assert parser.found == []


def test_static_files_are_cached_and_versioned(client: TestClient) -> None:
    page = client.get("/").text
    css = re.search(r'href="(/static/app\.css\?v=[0-9a-f]+)"', page)
    js = re.search(r'src="(/static/app\.js\?v=[0-9a-f]+)"', page)
    assert css and js
    for url in (css.group(1), js.group(1)):
        answer = client.get(url)
        assert answer.status_code == 200
        assert "max-age=31536000" in answer.headers["cache-control"]
    assert "javascript" in client.get(js.group(1)).headers["content-type"]


def test_a_body_over_the_limit_is_413(client: TestClient, settings: Settings) -> None:
    big = {"u": [1] * settings.max_body_bytes, "v": [1]}
    answer = client.post("/api/explain/dot", json=big)
    assert answer.status_code == 413
    assert answer.json()["error"]
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_a_streamed_body_over_the_limit_is_413(client: TestClient, settings: Settings) -> None:
    def chunks():  # no Content-Length: the limit must count what arrives
        for _ in range(settings.max_body_bytes // 100 + 2):
            yield b" " * 100

    answer = client.post(
        "/api/explain/dot", content=chunks(), headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413


def test_a_body_under_the_limit_is_served(client: TestClient) -> None:
    assert client.post("/api/explain/dot", json={"u": [1, 2], "v": [3, 4]}).status_code == 200
