"""/healthz reports the database: 200 when a read succeeds, 503 naming the fault."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from mathforai.course.model import Course
from mathforai.settings import Settings
from mathforai.web.app import create_app
from mathforai.web.health import FRESH


def test_healthz_reports_a_missing_database(course: Course, tmp_path: Path) -> None:
    database = tmp_path / "progress.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{database}"), course)
    with TestClient(app) as client:
        for _ in range(50):  # the first probe may be slower than the route waits
            healthy = client.get("/healthz")
            if healthy.status_code == 200:
                break
            time.sleep(0.05)
        assert healthy.json()["database"] == "ok"
        assert healthy.json()["status"] == "ok"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        time.sleep(FRESH + 0.1)
        for _ in range(50):
            broken = client.get("/healthz")
            if broken.status_code == 503:
                break
            time.sleep(0.05)
    assert broken.status_code == 503
    assert broken.json()["status"] == "error"
    assert "missing" in broken.json()["database"]
    assert broken.headers["retry-after"]


def test_healthz_is_200_while_the_workers_warm_and_then_says_ready(
    course: Course, tmp_path: Path
) -> None:
    """A fresh server is alive before its compute workers are: /healthz answers 200 with
    compute "warming", and turns to "ready" (never back) once a worker has started."""
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'p.sqlite3'}"), course)
    seen: list[str] = []
    with TestClient(app) as client:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            answer = client.get("/healthz")
            assert answer.status_code == 200, answer.text
            seen.append(answer.json()["compute"])
            if seen[-1] == "ready":
                break
            time.sleep(0.02)
        # Computations work once it says ready.
        assert client.post("/api/explain/dot", json={"u": [1, 2], "v": [3, 4]}).status_code == 200
    assert seen[-1] == "ready", f"still warming after 60 s: {len(seen)} polls"
    assert set(seen) <= {"warming", "ready"}
    assert seen == sorted(seen, key=lambda s: s == "ready")  # warming first, then ready
