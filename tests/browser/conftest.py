"""A real `mathforai serve` on a free port and Debian's Chromium driven by Playwright.

Never `playwright install`: the browser is /usr/bin/chromium (apt-get install chromium).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import need

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Collects CSP violations from the moment a document starts, before any page script.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The course served by the real CLI command, as a learner would start it."""
    port = free_port()
    data = tmp_path_factory.mktemp("serve-data")
    env = {**os.environ, "MATHFORAI_DATABASE_URL": f"sqlite:///{data / 'progress.sqlite3'}"}
    log = (data / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mathforai.cli", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer at {url} within {timeout}s")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    need.chromium()  # fails under CI=true, skips loudly elsewhere
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


class Watched:
    """A page plus everything that went wrong on it: console errors, page errors,
    CSP violations and requests that tried to leave 127.0.0.1."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.foreign: list[str] = []

    def problems(self) -> list[str]:
        violations = self.page.evaluate("window.__cspViolations || []")
        return self.errors + [f"CSP: {v}" for v in violations] + self.foreign


def watch(context: Any) -> Watched:
    page = context.new_page()
    watched = Watched(page)

    def on_console(message: Any) -> None:
        if message.type == "error":
            watched.errors.append(f"console: {message.text}")

    def on_route(route: Any) -> None:
        host = route.request.url.split("/")[2] if "://" in route.request.url else ""
        if host.split(":")[0] not in ("127.0.0.1", ""):
            watched.foreign.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: watched.errors.append(f"page error: {exc}"))
    page.route("**/*", on_route)
    return watched


@pytest.fixture()
def live(browser: Any, server: str) -> Iterator[Watched]:
    """A page with JavaScript on."""
    context = browser.new_context(base_url=server)
    context.add_init_script(CSP_LISTENER)
    yield watch(context)
    context.close()


@pytest.fixture()
def static(browser: Any, server: str) -> Iterator[Watched]:
    """A page with JavaScript off."""
    context = browser.new_context(base_url=server, java_script_enabled=False)
    yield watch(context)
    context.close()
