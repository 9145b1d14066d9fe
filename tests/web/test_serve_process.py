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
        deadline = time.monotonic() + 90  # a loaded 2-core machine starts two workers slowly
        ready_in_a_row = 0
        # Each fresh connection may land on any worker process: several "ready" answers
        # in a row mean every process has warm compute workers.
        while ready_in_a_row < 6:
            try:
                health = httpx.get(url + "/healthz", timeout=1)
                warm = health.status_code == 200 and health.json().get("compute") == "ready"
            except httpx.HTTPError:
                warm = False
            ready_in_a_row = ready_in_a_row + 1 if warm else 0
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "serve was not ready within 90 s"
            time.sleep(0.05 if warm else 0.1)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


def test_two_workers_share_the_learner_and_the_store(tmp_path: Path) -> None:
    env = {"MATHFORAI_DATABASE_URL": f"sqlite:///{tmp_path / 'progress.sqlite3'}"}
    with serving(["--workers", "2"], env) as url, httpx.Client(base_url=url, timeout=30) as client:
        # The learner cookie is minted at the first write, by whichever process takes it.
        client.post("/api/practice/2.1?seed=0").raise_for_status()
        assert client.cookies, "the first write should have set the learner cookie"
        for seed in range(1, 13):
            # New connections land on either worker: one issues the exercise, and another
            # (maybe the other process) must recognise both the learner and the id.
            with httpx.Client(base_url=url, cookies=client.cookies, timeout=30) as fresh:
                exercise = fresh.post(f"/api/practice/2.1?seed={seed}").json()
            with httpx.Client(base_url=url, cookies=client.cookies, timeout=30) as fresh:
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
