"""An outsider's worst requests against a real server (uvicorn + compute pool), with
/healthz timed every 100 ms throughout (issue 14).

Each pathological request must answer or refuse (422, 429 or 503 with Retry-After)
within its time budget plus a little slack, /healthz must keep answering under 100 ms,
and a normal request must be served afterwards: the pool replaced what it killed.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from tests.web.liveserver import LiveServer, baseline, live_server, polling

BUDGET = 2.0  # the server's compute_timeout in these tests (seconds)
QUEUE_WAIT = 1.0
# Budget, plus waiting for a worker, plus a replacement fork and the HTTP round trip.
SLACK = 2.5
HEALTH_LIMIT = 0.1
READ_TIMEOUT = 1.5  # the server's request_read_timeout here
# The limit holds for 80% of polls; the rest may be late by the scheduler of a shared
# two-core machine (its load average is often above 10 while the suite runs), never by
# a blocked event loop, which would hold a poll for the whole budget (seconds). On a
# machine so loaded that an idle server's own p95 is near the limit, the limit is three times
# that idle p95, measured just before.
HEALTH_WORST = 1.0

TOWER = "x^(x^(x^(x^(x^x))))"
EXP5 = "exp(exp(exp(exp(exp(x)))))"
TANH = "tanh(" * 33 + "x" + ")" * 33  # 199 characters

PATHOLOGICAL: list[tuple[str, dict[str, Any]]] = [
    ("derivative", {"f": "x^x", "at": 1e12}),
    ("derivative", {"f": EXP5, "at": 1}),
    ("derivative", {"f": "exp(exp(x))", "at": 1e7}),
    ("derivative", {"f": TOWER, "at": 2}),
    ("derivative", {"f": TANH, "at": 1}),
    ("partial", {"f": "x^y", "var": "x", "at": {"x": 1e12, "y": 1e12}}),
    ("gradient", {"f": "exp(exp(x*y))", "at": {"x": 1e6, "y": 1e6}}),
    ("gradient_descent", {"f": EXP5, "start": 1, "lr": 0.1, "steps": 1000}),
    ("matmul", {"A": [[1.5]] * 5000, "B": [[2.5] * 5000]}),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(
        tmp_path_factory.mktemp("adversarial"),
        compute_timeout=str(BUDGET),
        compute_queue_wait=str(QUEUE_WAIT),
        compute_workers="2",
        compute_per_client="64",
        request_read_timeout=str(READ_TIMEOUT),
    ) as running:
        yield running


def timed(client: httpx.Client, method: str, path: str, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    response = client.request(method, path, **kwargs)
    return time.perf_counter() - start, response


def assert_answered_or_refused(elapsed: float, response: httpx.Response, what: str) -> None:
    assert response.status_code in (200, 422, 429, 503), (what, response.status_code)
    assert elapsed < BUDGET + QUEUE_WAIT + SLACK, f"{what} took {elapsed:.1f} s"
    if response.status_code in (429, 503):
        assert int(response.headers["retry-after"]) >= 1, what
    if response.status_code != 200 and response.headers["content-type"].startswith("app"):
        assert response.json()["error"], what


def assert_healthy(server: LiveServer, poller: Any) -> None:
    assert not poller.failures, poller.failures
    assert poller.timings, "the poller never ran"
    limit = max(HEALTH_LIMIT, 3 * baseline(server.url).quantile(0.95))
    slow = poller.over(limit)
    # At most one poll in five over the limit, and two of a short run (a handful of polls
    # cannot have a p95): while 45 requests are in flight the loop is busy, not blocked,
    # and on a machine running other tests beside this one that alone puts a few polls
    # near 150 ms. A blocked loop is what HEALTH_WORST catches: it holds a poll for the
    # whole compute budget.
    allowed = max(2, len(poller.timings) // 5)
    assert len(slow) <= allowed, f"/healthz over {limit:.3f} s: {slow} of {len(poller.timings)}"
    assert poller.worst() < HEALTH_WORST, f"/healthz stalled: {slow}"
    with httpx.Client(base_url=server.url, timeout=10) as client:
        normal = client.post("/api/explain/dot", json={"u": [1, 2], "v": [3, 4]})
    assert normal.status_code == 200 and normal.json()["result"] == 11


@pytest.mark.parametrize(
    ("op", "body"), PATHOLOGICAL, ids=[f"{op}-{i}" for i, (op, _) in enumerate(PATHOLOGICAL)]
)
def test_a_pathological_request_answers_or_refuses_within_its_budget(
    server: LiveServer, op: str, body: dict[str, Any]
) -> None:
    with polling(server.url) as poller, httpx.Client(base_url=server.url, timeout=30) as client:
        elapsed, response = timed(client, "POST", f"/api/explain/{op}", json=body)
        # The poller keeps timing while the pool replaces a killed worker (and long
        # enough for its 95th percentile to mean something).
        time.sleep(max(0.3, 2.5 - elapsed))
    assert_answered_or_refused(elapsed, response, op)
    assert_healthy(server, poller)


def test_many_at_once_are_answered_or_refused_and_health_stays_fast(server: LiveServer) -> None:
    """Every pathological body twice over, eight at a time: more than the pool can hold."""
    jobs = [(op, body) for op, body in PATHOLOGICAL for _ in range(2)]
    with (
        polling(server.url) as poller,
        httpx.Client(
            base_url=server.url, timeout=30, limits=httpx.Limits(max_connections=16)
        ) as client,
        ThreadPoolExecutor(8) as threads,
    ):
        results = list(
            threads.map(
                lambda job: timed(client, "POST", f"/api/explain/{job[0]}", json=job[1]), jobs
            )
        )
    for (op, _), (elapsed, response) in zip(jobs, results, strict=True):
        assert_answered_or_refused(elapsed, response, op)
    assert_healthy(server, poller)


def test_a_flood_of_widget_renders_cannot_starve_the_site(server: LiveServer) -> None:
    """45 parallel GETs, as <img> tags on any web page could fire them (issue 14)."""
    path = "/widgets/derivative/render"
    params = {"f": "exp(exp(x))", "at": "10000000"}
    with (
        polling(server.url) as poller,
        httpx.Client(
            base_url=server.url, timeout=30, limits=httpx.Limits(max_connections=45)
        ) as client,
        ThreadPoolExecutor(45) as threads,
    ):
        began = time.perf_counter()
        results = list(threads.map(lambda _: timed(client, "GET", path, params=params), range(45)))
        page_time, page = timed(client, "GET", "/")
        # As for one pathological request: poll long enough for a share of late polls to
        # mean something (the flood is refused within a second: six polls or so).
        time.sleep(max(0.0, 2.5 - (time.perf_counter() - began)))
    for elapsed, response in results:
        assert_answered_or_refused(elapsed, response, "widget render")
    assert page.status_code == 200 and page_time < HEALTH_WORST * 2, page_time
    assert_healthy(server, poller)


def test_a_lesson_query_that_computes_is_bounded_too(server: LiveServer) -> None:
    query = {"widget": "derivative", "f": "x^x", "at": "1000000000000"}
    with polling(server.url) as poller, httpx.Client(base_url=server.url, timeout=30) as client:
        elapsed, response = timed(client, "GET", "/topics/derivatives", params=query)
    assert response.status_code in (200, 503), response.status_code
    assert elapsed < BUDGET + QUEUE_WAIT + SLACK
    assert "content-security-policy" in response.headers
    assert_healthy(server, poller)


# ---- connections -------------------------------------------------------------------------


def closed_after(sock: socket.socket, limit: float) -> float:
    """Seconds until the server closes `sock` (reads until EOF), failing past `limit`."""
    sock.settimeout(limit)
    start = time.perf_counter()
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        pytest.fail(f"the server kept a half-sent request open for {limit} s")
    return time.perf_counter() - start


@pytest.mark.parametrize(
    "sent",
    [
        b"",  # connects and says nothing
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",  # headers never finish
        b"POST /api/explain/dot HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{",
    ],
    ids=["silent", "half-headers", "half-body"],
)
def test_a_half_sent_request_times_out(server: LiveServer, sent: bytes) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(sent)
        elapsed = closed_after(sock, READ_TIMEOUT + 5)
    assert elapsed >= READ_TIMEOUT - 0.2


def test_another_host_is_refused_by_a_server_on_localhost(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        refused = client.get("/", headers={"host": "rebound.example"})
        served = client.get("/", headers={"host": "localhost"})
    assert refused.status_code == 400 and served.status_code == 200
