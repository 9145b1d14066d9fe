"""The engine's output and work budgets over HTTP: a clean 422 naming the argument and the
limit (issue 14.1), and the independence 500 on mixed scales gone (issue 14, low)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mathforai.settings import Settings
from mathforai.web.app import create_app

SINES = "*".join(f"sin({k}*x+{k})" for k in range(1, 14))
REFUSED: list[tuple[str, dict[str, Any], str]] = [
    ("matmul", {"A": [[1]] * 5000, "B": [[2] * 5000]}, "B"),
    ("attention", {"Q": [[1]] * 5000, "K": [[1]] * 5000, "V": [[1]] * 5000}, "K"),
    ("gradient_descent", {"f": SINES, "start": 0.5, "lr": 1e-4, "steps": 1000}, "steps"),
]


@pytest.fixture(scope="module")
def roomy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The default 64 KiB body limit (the shared test app uses 4 KiB): these bodies are
    small inputs, 20–30 KB, that ask for huge outputs."""
    data: Path = tmp_path_factory.mktemp("budgets")
    settings = Settings(database_url=f"sqlite:///{data / 'progress.sqlite3'}")
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize(("op", "body", "field"), REFUSED, ids=[r[0] for r in REFUSED])
def test_past_a_budget_is_422_naming_the_field_and_the_limit(
    roomy: TestClient, op: str, body: dict[str, Any], field: str
) -> None:
    answer = roomy.post(f"/api/explain/{op}", json=body)
    assert answer.status_code == 422, answer.text[:200]
    assert answer.json()["field"] == field
    assert "limit" in answer.json()["error"]


@pytest.mark.parametrize(
    "vectors",
    [
        [[1e12, 1e-300], [1, 1e-300]],
        [[1e12, 1e-300, 0], [0, 1e12, 1e-300]],
        [[1e-300], [1e12]],
        [[1e-300, 1e12], [1e12, 1e-300], [1, 1]],
    ],
)
def test_independence_on_mixed_scales_answers_or_refuses_cleanly(
    client: TestClient, vectors: list[list[float]]
) -> None:
    answer = client.post("/api/explain/independence", json={"vectors": vectors})
    assert answer.status_code in (200, 422), answer.text[:200]
    if answer.status_code == 422:
        assert answer.json()["field"] == "vectors" and "scale" in answer.json()["error"]
    else:
        assert answer.json()["result"]["rank"] in (1, 2)
