"""Faults in the progress store: a clear error, never a crash loop, never silent loss."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from mathforai.practice.grading import expected_text
from mathforai.practice.registry import exercise_from_id
from mathforai.settings import Settings
from mathforai.web.app import create_app

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

from tests import need  # noqa: E402
from tests.pg import free_port  # noqa: E402

MATHFORAI = str(Path(sys.executable).with_name("mathforai"))


def _immutable(path: Path, on: bool) -> bool:
    """chattr +i makes a file read-only even for root (the tests run as root in CI)."""
    if shutil.which("chattr") is None:
        return False
    result = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True)
    return result.returncode == 0


@pytest.fixture
def read_only_db(tmp_path: Path) -> Iterator[Path]:
    from mathforai.progress.db import make_engine, migrate

    db = tmp_path / "progress.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    engine.dispose()
    for extra in tmp_path.glob("progress.sqlite3-*"):
        extra.unlink()
    if os.geteuid() != 0:
        db.chmod(0o444)
    elif not _immutable(db, True):
        need.missing(
            "a way to make a file read-only for root (chattr +i)",
            "apt-get install e2fsprogs; the container needs CAP_LINUX_IMMUTABLE",
        )
    yield db
    if os.geteuid() == 0:
        _immutable(db, False)


def test_serve_refuses_a_read_only_database_with_one_line_and_exit_2(read_only_db: Path) -> None:
    env = {**os.environ, "MATHFORAI_DATABASE_URL": f"sqlite:///{read_only_db}"}
    result = subprocess.run(
        [MATHFORAI, "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "does not accept writes" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_refuses_an_impossible_database_url(tmp_path: Path) -> None:
    env = {**os.environ, "MATHFORAI_DATABASE_URL": "mysql://nobody@localhost/x"}
    result = subprocess.run(
        [MATHFORAI, "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "unsupported database" in result.stderr


def test_removed_database_file_gives_a_clear_503_not_silent_loss(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{db}", secret_key="k"))
    with TestClient(app, raise_server_exceptions=False) as client:
        issued = client.post("/api/practice/1.2?seed=1").json()["exercise_id"]
        exercise = exercise_from_id(issued)
        answer = {"exercise_id": issued, "answer": expected_text(exercise)}
        assert client.post("/api/practice/answer", json=answer).status_code == 200
        for path in tmp_path.glob("progress.sqlite3*"):
            path.unlink()
        response = client.post("/api/practice/answer", json=answer)
        assert response.status_code == 503
        assert "was removed" in response.json()["error"]
        assert response.headers["retry-after"]
        page = client.post("/practice/1.2", data=answer, headers={"accept": "text/html"})
        assert page.status_code == 503
        assert "Progress unavailable" in page.text
        assert client.get("/topics/vectors").status_code == 200
