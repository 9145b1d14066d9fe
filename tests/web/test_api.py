"""The JSON API contract (DESIGN.md): explain, operations, topics, health, OpenAPI."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mathforai.course.model import Course
from mathforai.engine import OPERATIONS, explain
from mathforai.settings import Settings

OPS = sorted(OPERATIONS)


def test_explain_dot_returns_the_explanation(client: TestClient) -> None:
    answer = client.post("/api/explain/dot", json={"u": [1, 2, 3], "v": [4, 5, 6]})
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"operation", "inputs", "result", "steps", "notes"}
    assert body["operation"] == "dot"
    assert math.isclose(body["result"], explain("dot", {"u": [1, 2, 3], "v": [4, 5, 6]}).result)
    # text, latex and note are the contract; `math` is the step's tree, printed to both
    assert all(set(step) - {"math"} == {"text", "latex", "note"} for step in body["steps"])


@pytest.mark.parametrize("op", OPS)
def test_every_operation_explains_its_own_example(client: TestClient, op: str) -> None:
    example = dict(OPERATIONS[op].example)
    answer = client.post(f"/api/explain/{op}", json=example)
    assert answer.status_code == 200, answer.text
    assert answer.json() == explain(op, example).to_dict()


def test_bad_input_is_422_naming_the_field(client: TestClient) -> None:
    answer = client.post("/api/explain/dot", json={"u": [1, 2], "v": "abc"})
    assert answer.status_code == 422
    assert answer.json()["field"] == "v"
    assert answer.json()["error"]


def test_unknown_operation_is_404(client: TestClient) -> None:
    answer = client.post("/api/explain/no_such_op", json={})
    assert answer.status_code == 404
    assert "no_such_op" in answer.json()["error"]


DEEP = b"[" * 1500 + b"]" * 1500
DEEP_IN_OBJECT = b'{"u": ' + b"[" * 900 + b"]" * 900 + b', "v": [1]}'


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[1, 2, 3]", b'"text"', b"3", b"null", b"{", DEEP, DEEP_IN_OBJECT],
)
def test_malformed_or_non_object_body_is_422(client: TestClient, body: bytes) -> None:
    answer = client.post(
        "/api/explain/dot", content=body, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 422
    assert answer.json()["error"]


BAD_VALUES: list[Any] = [
    None,
    True,
    "abc",
    "",
    [],
    {},
    [[]],
    [None],
    ["1"],
    [1e300, 1e300],
    1e13,
    -1e13,
    [float("nan")],
    float("inf"),
    [[1, 2], [3]],
    "x" * 300,
    [0] * 200,
    [[[[[[1]]]]]],
    {"x": "y"},
    10**30,
]


@pytest.mark.parametrize("op", OPS)
def test_wrong_values_for_every_argument_are_never_a_500(client: TestClient, op: str) -> None:
    operation = OPERATIONS[op]
    example = dict(operation.example)
    for arg in operation.arguments():
        for bad in BAD_VALUES:
            body = json.dumps({**example, arg["name"]: bad}, allow_nan=True)
            answer = client.post(
                f"/api/explain/{op}", content=body, headers={"content-type": "application/json"}
            )
            assert answer.status_code in (200, 422), (op, arg["name"], bad, answer.text)
            if answer.status_code == 422:
                assert answer.json()["error"]


@pytest.mark.parametrize("op", OPS)
def test_missing_and_unknown_arguments_are_422(client: TestClient, op: str) -> None:
    extra = client.post(f"/api/explain/{op}", json={**OPERATIONS[op].example, "zzz": 1})
    assert extra.status_code == 422
    assert extra.json()["field"] == "zzz"
    required = [a["name"] for a in OPERATIONS[op].arguments() if a["required"]]
    if required:
        missing = client.post(f"/api/explain/{op}", json={})
        assert missing.status_code == 422
        assert missing.json()["field"] in required


def test_operations_lists_every_operation_with_its_arguments(client: TestClient) -> None:
    listed = client.get("/api/operations").json()
    assert [o["name"] for o in listed] == list(OPERATIONS)
    dot = next(o for o in listed if o["name"] == "dot")
    assert [a["name"] for a in dot["arguments"]] == ["u", "v"]
    assert "schema" in dot


def test_topics_lists_every_topic_in_order(client: TestClient, course: Course) -> None:
    listed = client.get("/api/topics").json()
    assert listed == [
        {"id": t.id, "slug": t.slug, "title": t.title, "part": t.part, "url": f"/topics/{t.slug}"}
        for t in course.topics
    ]
    for entry in listed:
        assert client.get(entry["url"]).status_code == 200


def test_healthz_says_when_the_compute_workers_are_warm(client: TestClient) -> None:
    assert client.app.state.compute.wait_ready(60)
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "compute": "ready"}


def test_openapi_describes_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/explain/{op}", "/api/operations", "/api/topics", "/healthz"):
        assert path in spec["paths"]
    assert "/topics/{slug}" not in spec["paths"], "pages are not part of the API"


def test_unknown_api_address_is_json_404(client: TestClient) -> None:
    answer = client.get("/api/nothing-here")
    assert answer.status_code == 404
    assert answer.json()["error"]


def test_wrong_method_is_405_not_500(client: TestClient) -> None:
    assert client.get("/api/explain/dot").status_code == 405
    assert client.delete("/").status_code == 405


def test_route_threads_are_capped_by_the_threads_setting(
    client: TestClient, settings: Settings
) -> None:
    """Route code that waits runs on at most `threads` threads (anyio's default is 40): each
    one competes with the event loop for the GIL (docs/architecture.md)."""
    import anyio.to_thread

    def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    assert client.portal is not None
    assert client.portal.call(tokens) == settings.threads == 12
