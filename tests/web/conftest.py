"""One app per test session, built from the real course, driven through TestClient."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from mathforai.course.loader import load_course
from mathforai.course.model import Course
from mathforai.settings import Settings
from mathforai.web.app import create_app

# Starlette's TestClient nags about its httpx backend; the client works as documented.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data: Path = tmp_path_factory.mktemp("data")
    return Settings(database_url=f"sqlite:///{data / 'progress.sqlite3'}", max_body_bytes=4096)


@pytest.fixture(scope="session")
def course() -> Course:
    return load_course()


@pytest.fixture(scope="session")
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    # Server errors come back as responses so a test can assert "never a 500".
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
