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
