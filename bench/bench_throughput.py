"""Benchmark 1: requests/s for the heaviest lesson page, ours against a bare ASGI app.

Both run under uvicorn with one worker and the same flags; the bare app serves the very
bytes our app sent. Rounds alternate between the servers so that other work on the
machine hits both alike. A returning learner is simulated: the learner cookie our app set
on the first visit is sent back (a browser does the same).

When the ratio misses its goal, the section also says where our request path spends its
time: a diagnostic server (bench/diagnostic_app.py) and in-process timings of its parts.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import (
    PYTHON,
    Goal,
    Section,
    asgi_call,
    bare_command,
    data_env,
    free_port,
    heaviest_lesson,
    load_average,
    median,
    our_app,
    ours_command,
    serving,
    write_sections,
)
from loadgen import Load, run_load

GOAL = 0.9
ROUNDS = 3
SECONDS = 1.5
WARMUP = 0.3
CONNECTIONS = 16
COMMAND = ".venv/bin/python bench/bench_throughput.py"
NO_RELOAD = "ours, Jinja auto_reload off"
CACHED = "cached bytes from an async route"
FULL = "ours: lesson page"
HANDLER = "our handler alone (topic_page)"
WIDGETS = "widget views at their defaults (widget_views)"
PROGRESS = "the learner's progress (learner_progress + due_now: database queries)"


def learner_cookie(url: str) -> list[str]:
    """The Cookie header a returning learner sends (none if the app sets no cookie)."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        cookies = answer.headers.get_all("set-cookie") or []
    pairs = [cookie.split(";", 1)[0] for cookie in cookies]
    return [f"Cookie: {'; '.join(pairs)}"] if pairs else []


def diagnostic_command(port: int) -> list[str]:
    return [
        PYTHON,
        "-m",
        "uvicorn",
        "--factory",
        "diagnostic_app:make",
        "--app-dir",
        str(Path(__file__).parent),
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-server-header",
    ]


def alternate(targets: dict[str, str], headers: list[str]) -> dict[str, list[Load]]:
    """Load each target in turn, ROUNDS times, so drifts in machine load hit all alike."""
    loads: dict[str, list[Load]] = {name: [] for name in targets}
    for _ in range(ROUNDS):
        for name, url in targets.items():
            loads[name].append(run_load(url, CONNECTIONS, SECONDS, WARMUP, headers=headers))
    return loads


def rate(loads: list[Load]) -> float:
    return median([load.per_second for load in loads])


def latency(loads: list[Load], q: float) -> float:
    return median([load.latency_ms(q) for load in loads])


def run() -> Section:
    with tempfile.TemporaryDirectory(prefix="mathforai-bench-") as tmp:
        directory = Path(tmp)
        env = data_env(directory)
        port = free_port()
        with serving(ours_command(port), port, env) as ours:
            path, page = heaviest_lesson(ours.url)
            headers = learner_cookie(ours.url + path)
            body_file = directory / "lesson.html"
            body_file.write_bytes(page)
            peer_env = {**env, "BENCH_BODY_FILE": str(body_file)}
            bare_port, diag_port = free_port(), free_port()
            with (
                serving(bare_command(bare_port), bare_port, peer_env, "/") as bare,
                serving(diagnostic_command(diag_port), diag_port, peer_env) as diag,
            ):
                before = load_average()
                loads = alternate(
                    {
                        "ours": ours.url + path,
                        "bare": bare.url + path,
                        NO_RELOAD: diag.url + path,
                        CACHED: diag.url + "/bench/cached",
                    },
                    headers,
                )
        parts = in_process_parts(directory, path, page, headers)
    return section(path, len(page), loads, parts, before)


def section(
    path: str,
    size: int,
    loads: dict[str, list[Load]],
    parts: list[tuple[str, float | None]],
    load_before: str,
) -> Section:
    ours, bare = rate(loads["ours"]), rate(loads["bare"])
    ratio = ours / bare
    body = [
        f"`GET {path}` ({size:,} bytes, the heaviest lesson), {CONNECTIONS} keep-alive "
        f"connections from bench/loadgen.py, {ROUNDS} alternating rounds of {SECONDS} s per "
        f"server (after {WARMUP} s warm-up each); medians of the rounds. Machine load average "
        f"when the run began: {load_before}.",
        "",
        "| server | requests/s | p50 latency | p99 latency | generator CPU |",
        "|---|---|---|---|---|",
    ]
    for name, runs in loads.items():
        peer = " (peer)" if name == "bare" else ""
        label = {"ours": "ours: `mathforai serve`", "bare": "bare ASGI app (bench/bare_app.py)"}
        body.append(
            f"| {label.get(name, 'diagnostic: ' + name)}{peer} | {rate(runs):,.0f} "
            f"| {latency(runs, 50):.1f} ms | {latency(runs, 99):.1f} ms "
            f"| {max(load.generator_cpu for load in runs):.0%} |"
        )
    body += ["", f"Ratio ours / bare: **{ratio:.2f}**."]
    goals = [Goal("lesson page ≥ 0.9 × the bare app's requests/s", f"{ratio:.2f}×", ratio >= GOAL)]
    findings: list[str] = []
    if ratio < GOAL:
        body += ["", *parts_table(parts)]
        findings = explain_gap(loads, parts)
    return Section("throughput", COMMAND, body, goals, findings)


def parts_table(parts: list[tuple[str, float | None]]) -> list[str]:
    lines = [
        "Where one request's time goes, measured in-process (no sockets; median per call):",
        "",
        "| part | time per request |",
        "|---|---|",
    ]
    for name, ms in parts:
        lines.append(f"| {name} | {'n/a' if ms is None else f'{ms:.3f} ms'} |")
    return lines


def explain_gap(loads: dict[str, list[Load]], parts: list[tuple[str, float | None]]) -> list[str]:
    ours, bare = rate(loads["ours"]), rate(loads["bare"])
    no_reload = rate(loads[NO_RELOAD])
    ceiling = rate(loads[CACHED])
    timing = dict(parts)
    findings = [
        f"Even the lesson's bytes cached and answered from an `async def` route through our "
        f"FastAPI app and middleware reach {ceiling:,.0f} requests/s, {ceiling / bare:.2f}× "
        f"the bare app: the framework (routing, FastAPI's own middleware, our "
        f"SecurityHeaders, BodySizeLimit and LearnerCookie) alone keeps the ratio below "
        f"{GOAL} on this machine, whatever the page code does; ours reaches "
        f"{ours / ceiling:.2f}× of that ceiling.",
    ]
    change = no_reload / ours - 1
    findings.append(
        f"Jinja's auto_reload off: {ours:,.0f} → {no_reload:,.0f} requests/s ({change:+.0%}"
        + (
            "). With it on, every get_template() (the page and each `{% from %}` import) "
            "stat()s a template file inside the threadpool, and each stat() lets the "
            "event-loop thread take the GIL for up to a switch interval. Suggested: "
            "`auto_reload=False` in web/templating.py unless developing."
            if change >= 0.05
            else ", within this run's noise)."
        )
    )
    full, handler = timing.get(FULL), timing.get(HANDLER)
    if handler is not None and full is not None:
        findings.append(
            f"In-process, the lesson request takes {full:.2f} ms, of which the handler "
            f"takes {handler:.2f} ms; the other {full - handler:.2f} ms are routing, "
            "middleware and the threadpool hop of a sync `def` route."
        )
        shares = [
            f"{name.split(' (')[0]} {ms:.2f} ms"
            for name, ms in parts
            if name in (WIDGETS, PROGRESS) and ms is not None
        ]
        if shares:
            findings.append(
                "Inside the handler: "
                + "; ".join(shares)
                + "; the rest is mostly template rendering. The widgets' default views (engine "
                "run and the arguments' JSON schema, recomputed on every request) and the "
                "lesson body are the same for every learner and could be cached per slug, "
                "leaving only the learner's progress per request."
            )
    return findings


def in_process_parts(
    directory: Path, path: str, page: bytes, headers: list[str]
) -> list[tuple[str, float | None]]:
    """Per-request time of our request path and its parts, called without sockets."""
    os.environ.setdefault("BENCH_BODY_FILE", str(directory / "lesson.html"))
    bare_app = importlib.import_module("bare_app")
    app = our_app(directory / "in-process")
    cookie = [
        (b"cookie", line.split(":", 1)[1].strip().encode()) for line in headers
    ]  # returning learner, as in the load test

    def asgi(target: Any, route: str) -> Callable[[], Any]:
        return lambda: asyncio.run(_many(target, route, cookie))

    parts: list[tuple[str, float | None]] = [
        ("bare ASGI app", per_call(asgi(bare_app.app, path))),
        ("ours: /healthz (framework and middleware floor)", per_call(asgi(app, "/healthz"))),
        (FULL, per_call(asgi(app, path))),
    ]
    parts += handler_parts(app, path)
    return parts


CALLS = 100


async def _many(app: Any, path: str, headers: list[tuple[bytes, bytes]]) -> list[float]:
    times = []
    for _ in range(CALLS):
        start = time.perf_counter()
        await asgi_call(app, "GET", path, headers=headers)
        times.append(time.perf_counter() - start)
    return times


def per_call(batch: Callable[[], list[float]]) -> float:
    batch()  # warm-up: first calls build caches and the middleware stack
    return median(batch()) * 1000


def handler_parts(app: Any, path: str) -> list[tuple[str, float | None]]:
    """The route handler and its widget views alone; n/a if web/ has renamed them."""
    from starlette.requests import Request

    slug = path.rsplit("/", 1)[-1]
    try:
        from mathforai.web.routes import pages

        doc = app.state.course.by_slug(slug)
        scope = {
            "type": "http",
            "method": "GET",
            "path": path,
            "query_string": b"",
            "headers": [],
            "app": app,
            "path_params": {"slug": slug},
            "state": {"learner_id": "bench-learner"},
        }
        request = Request(scope)
        handler = timed(lambda: pages.topic_page(request, slug))
        widgets = timed(lambda: pages.widget_views(doc, []))
        progress = timed(lambda: (pages.learner_progress(request), pages.due_now(request)))
    except (AttributeError, TypeError, ImportError) as exc:
        print(f"handler breakdown unavailable: {exc!r}", file=sys.stderr)
        handler = widgets = progress = None
    return [(HANDLER, handler), (WIDGETS, widgets), (PROGRESS, progress)]


def timed(call: Callable[[], Any]) -> float:
    call()
    times = []
    for _ in range(CALLS):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return median(times) * 1000


def main() -> None:
    result = run()
    write_sections([result])
    print(result.markdown())


if __name__ == "__main__":
    main()
