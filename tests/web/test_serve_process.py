"""`mathforai serve` as a learner runs it: several workers, and --open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.pg import free_port

MATHFORAI = str(Path(sys.executable).with_name("mathforai"))


@contextmanager
def serving(args: list[str], env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [MATHFORAI, "serve", "--port", str(port), *args],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a loaded 2-core machine starts two workers slowly
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "serve did not answer within 60 s"
            time.sleep(0.1)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


def test_two_workers_share_the_learner_and_the_store(tmp_path: Path) -> None:
    env = {"MATHFORAI_DATABASE_URL": f"sqlite:///{tmp_path / 'progress.sqlite3'}"}
    with serving(["--workers", "2"], env) as url, httpx.Client(base_url=url) as client:
        client.get("/")
        exercise = client.post("/api/practice/2.1?seed=1").json()
        for _ in range(12):  # new connections land on either worker
            with httpx.Client(base_url=url, cookies=client.cookies) as fresh:
                body = {"exercise_id": exercise["exercise_id"], "reveal": True}
                assert fresh.post("/api/practice/answer", json=body).status_code == 200
        progress = client.get("/api/progress").json()["topics"]["2.1"]
    assert progress["attempts"] == 12
    # One secret for every worker: it was generated once, beside the database.
    assert (tmp_path / "secret_key").exists()


def test_open_starts_the_browser_at_the_course(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    browser.chmod(0o755)
    env = {
        "MATHFORAI_DATABASE_URL": f"sqlite:///{tmp_path / 'progress.sqlite3'}",
        "BROWSER": str(browser),  # the stdlib webbrowser module honours $BROWSER
        "DISPLAY": "",
    }
    with serving(["--open"], env) as url:
        deadline = time.monotonic() + 90  # starting the server comes first
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text().strip().rstrip("/") == url
