"""Security: headers on every response, no inline script/style, the body size limit,
cross-site request refusal, the learner cookie's flags, trusted proxies, the rate limit."""

from __future__ import annotations

import ast
import asyncio
import math
import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from mathforai.course.loader import load_course
from mathforai.course.model import Course, Document, Quiz
from mathforai.settings import Settings
from mathforai.web.app import create_app
from mathforai.web.csrf import same_host
from mathforai.web.learner import COOKIE

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


# ---- cross-site request forgery ---------------------------------------------------------

SAME_ORIGIN = {"origin": "http://testserver", "sec-fetch-site": "same-origin"}
CROSS_SITE = {"origin": "https://evil.example", "sec-fetch-site": "cross-site"}


def first_quiz(course: Course) -> tuple[Document, Quiz]:
    return next((doc, quiz) for doc in course.documents for quiz in doc.quizzes)


def fresh_exercise(client: TestClient) -> str:
    return client.post("/api/practice/1.5?seed=7").json()["exercise_id"]


def state_changing_request(
    name: str, client: TestClient, course: Course
) -> tuple[str, dict[str, Any], int]:
    """(url, request arguments, status when accepted) for each thing a page can post."""
    doc, quiz = first_quiz(course)
    if name == "api answer":
        body = {"exercise_id": fresh_exercise(client), "answer": "1"}
        return "/api/practice/answer", {"json": body}, 200
    if name == "api new exercise":
        return "/api/practice/1.5", {}, 200
    if name == "api explain":
        return "/api/explain/dot", {"json": {"u": [1, 2], "v": [3, 4]}}, 200
    if name == "api quiz":
        return f"/api/quiz/{quiz.id}", {"json": {"choice": 0}}, 200
    if name == "api import":
        return "/api/progress/import", {"json": client.get("/api/progress/export").json()}, 200
    if name == "api reset":
        return "/api/progress/reset", {"json": {"confirm": True}}, 200
    if name == "form answer":
        form = {"exercise_id": fresh_exercise(client), "answer": "1"}
        return "/practice/1.5", {"data": form}, 303
    if name == "form quiz":
        return f"{doc.url}/quiz/{quiz.id}", {"data": {"choice": "0"}}, 303
    if name == "form reset":
        return "/progress/reset", {"data": {"confirm": "yes"}}, 200
    if name == "form import":
        export = client.get("/api/progress/export").content
        return "/progress/import", {"files": {"file": ("p.json", export)}}, 200
    raise AssertionError(name)


STATE_CHANGING = [
    "api answer",
    "api new exercise",
    "api explain",
    "api quiz",
    "api import",
    "api reset",
    "form answer",
    "form quiz",
    "form reset",
    "form import",
]


@pytest.fixture
def learner(app: FastAPI) -> Iterator[TestClient]:
    """A browser of its own: a fresh cookie jar, so a fresh learner."""
    with TestClient(app, raise_server_exceptions=False) as browser:
        yield browser


@pytest.mark.parametrize("name", STATE_CHANGING)
def test_a_post_from_our_own_pages_is_served(
    learner: TestClient, course: Course, name: str
) -> None:
    url, kwargs, status = state_changing_request(name, learner, course)
    answer = learner.post(url, headers=SAME_ORIGIN, follow_redirects=False, **kwargs)
    assert answer.status_code == status, answer.text


@pytest.mark.parametrize("name", STATE_CHANGING)
def test_a_post_from_another_site_is_refused(
    learner: TestClient, course: Course, name: str
) -> None:
    url, kwargs, _ = state_changing_request(name, learner, course)
    answer = learner.post(url, headers=CROSS_SITE, follow_redirects=False, **kwargs)
    assert answer.status_code == 403
    assert answer.headers["x-frame-options"] == "DENY"
    if url.startswith("/api/"):
        assert "another site" in answer.json()["error"]
    else:
        assert answer.headers["content-type"].startswith("text/html")
        assert "another site" in answer.text
        assert 'href="/"' in answer.text


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},  # a browser without Sec-Fetch-*
        {"origin": "http://testserver.evil.example"},
        {"origin": "http://testserver:8080"},  # another port is another origin
        {"origin": "null"},  # sandboxed frame: origin unknown
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site", "origin": "http://sub.testserver"},
        {"referer": "https://evil.example/page"},  # no Origin at all: fall back to Referer
        {"origin": "http://[::1"},  # malformed
    ],
)
def test_every_sign_of_a_foreign_page_is_refused(
    client: TestClient, headers: dict[str, str]
) -> None:
    answer = client.post("/api/explain/dot", json={"u": [1], "v": [2]}, headers=headers)
    assert answer.status_code == 403
    assert answer.json()["error"]


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, scripts, TestClient: no browser, no victim's cookie
        {"origin": "http://testserver"},
        {"origin": "https://testserver"},  # TLS ended at a proxy: the app sees http
        {"origin": "http://TestServer:80"},
        {"referer": "http://testserver/topics/dot-product"},
        {"sec-fetch-site": "same-origin", "origin": "http://testserver"},
        {"sec-fetch-site": "none"},  # the user typed it
    ],
)
def test_requests_from_our_origin_or_no_browser_are_served(
    client: TestClient, headers: dict[str, str]
) -> None:
    answer = client.post("/api/explain/dot", json={"u": [1], "v": [2]}, headers=headers)
    assert answer.status_code == 200


def test_reading_from_another_site_is_not_blocked(client: TestClient) -> None:
    """GET changes nothing; links from other sites to a lesson must keep working."""
    assert client.get("/api/topics", headers=CROSS_SITE).status_code == 200
    assert client.get("/", headers=CROSS_SITE).status_code == 200


def test_a_refused_reset_keeps_the_learners_progress(learner: TestClient) -> None:
    body = {"exercise_id": fresh_exercise(learner), "answer": "1"}
    assert learner.post("/api/practice/answer", json=body).status_code == 200
    assert learner.get("/api/progress").json()["topics"]

    refused = learner.post("/progress/reset", data={"confirm": "yes"}, headers=CROSS_SITE)
    assert refused.status_code == 403
    assert learner.get("/api/progress").json()["topics"]

    served = learner.post("/progress/reset", data={"confirm": "yes"}, headers=SAME_ORIGIN)
    assert served.status_code == 200
    assert learner.get("/api/progress").json()["topics"] == {}


@given(origin=st.text(max_size=60), host=st.text(max_size=40))
@hypothesis_settings(max_examples=100)
def test_same_host_never_raises(origin: str, host: str) -> None:
    assert same_host(origin, host) in (True, False)


# ---- the learner cookie ------------------------------------------------------------------


# The learner cookie is minted at the first request that may write (web/learner.py).
FIRST_WRITE = "/api/practice/1.2?seed=1"


def learner_cookie(answer: Response) -> str:
    cookies = [c for c in answer.headers.get_list("set-cookie") if c.startswith(COOKIE + "=")]
    assert len(cookies) == 1
    return cookies[0]


def app_with(course: Course, tmp_path: Path, **options: Any) -> FastAPI:
    database = f"sqlite:///{tmp_path / 'progress.sqlite3'}"
    return create_app(Settings(database_url=database, **options), course)


def test_the_learner_cookie_is_httponly_and_samesite_lax(app: FastAPI) -> None:
    with TestClient(app) as browser:
        cookie = learner_cookie(browser.post(FIRST_WRITE))
    attributes = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "samesite=lax", "path=/"} <= attributes
    assert "secure" not in attributes  # plain http: a Secure cookie would never come back


def test_the_learner_cookie_is_secure_over_https(app: FastAPI) -> None:
    with TestClient(app, base_url="https://testserver") as browser:
        assert "; Secure" in learner_cookie(browser.post(FIRST_WRITE))


def test_a_trusted_proxys_https_makes_the_cookie_secure(course: Course, tmp_path: Path) -> None:
    with TestClient(app_with(course, tmp_path, trust_proxy=True)) as browser:
        answer = browser.post(FIRST_WRITE, headers={"x-forwarded-proto": "https"})
    assert "; Secure" in learner_cookie(answer)


def test_forwarding_headers_are_ignored_without_a_trusted_proxy(app: FastAPI) -> None:
    with TestClient(app) as browser:
        answer = browser.post(FIRST_WRITE, headers={"x-forwarded-proto": "https"})
    assert "Secure" not in learner_cookie(answer)


def test_a_trusted_proxys_host_is_the_one_origins_are_checked_against(
    course: Course, tmp_path: Path
) -> None:
    public = {"x-forwarded-host": "learn.example.org", "x-forwarded-proto": "https"}
    body = {"u": [1], "v": [2]}
    with TestClient(app_with(course, tmp_path, trust_proxy=True)) as browser:
        ours = browser.post(
            "/api/explain/dot", json=body, headers={**public, "origin": "https://learn.example.org"}
        )
        theirs = browser.post(
            "/api/explain/dot", json=body, headers={**public, "origin": "http://testserver"}
        )
    assert ours.status_code == 200
    assert theirs.status_code == 403


# ---- body size limit ---------------------------------------------------------------------


def test_a_form_post_over_the_limit_is_413(client: TestClient, settings: Settings) -> None:
    answer = client.post("/practice/1.5", data={"answer": "1" * (settings.max_body_bytes + 1)})
    assert answer.status_code == 413
    assert "larger than" in answer.json()["error"]


def test_a_streamed_body_under_the_limit_is_served(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"u": [1, 2],'
        yield b' "v": [3, 4]}'

    answer = client.post(
        "/api/explain/dot", content=chunks(), headers={"content-type": "application/json"}
    )
    assert answer.status_code == 200
    assert math.isclose(answer.json()["result"], 11)


def test_a_body_longer_than_its_content_length_claims_is_still_limited(
    app: FastAPI, settings: Settings
) -> None:
    """The declared length is only a first check: what arrives is counted too."""
    limit = settings.max_body_bytes
    sent: list[dict[str, Any]] = []
    messages = [
        {"type": "http.request", "body": b"[" * limit, "more_body": True},
        {"type": "http.request", "body": b"[" * 10, "more_body": False},
    ]

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/explain/dot",
        "raw_path": b"/api/explain/dot",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-length", b"10")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }
    # In a thread of its own: Playwright's sync API (browser tests sharing this worker)
    # leaves an event loop running in the main thread.
    worker = threading.Thread(target=asyncio.run, args=(app(scope, receive, send),))
    worker.start()
    worker.join()
    assert sent[0]["status"] == 413


# ---- no code execution from input --------------------------------------------------------

SOURCE = Path(__file__).resolve().parents[2] / "src" / "mathforai"
# Each of these turns text into running code (sympify and parse_expr call eval inside).
BUILTINS_THAT_RUN_TEXT = {"eval", "exec", "compile", "__import__"}
SYMPY_THAT_RUNS_TEXT = {"sympify", "parse_expr", "parse_latex", "lambdify"}
# Reviewed exceptions (none since values are computed by engine/evaluator.py, not lambdify).
REVIEWED: set[str] = set()


def code_from_text_calls(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in BUILTINS_THAT_RUN_TEXT | SYMPY_THAT_RUNS_TEXT:
            yield f"{func.id}() at line {node.lineno}"
        if isinstance(func, ast.Attribute) and func.attr in SYMPY_THAT_RUNS_TEXT:
            yield f".{func.attr}() at line {node.lineno}"


def test_no_source_file_turns_text_into_code() -> None:
    """The engine and the answer checker read input with their own parsers, never eval."""
    found = [
        f"{path.relative_to(SOURCE)}: {call}"
        for path in sorted(SOURCE.rglob("*.py"))
        for call in code_from_text_calls(path)
        if f"{path.relative_to(SOURCE)}: {call.split(' at ')[0]}" not in REVIEWED
    ]
    assert found == []
