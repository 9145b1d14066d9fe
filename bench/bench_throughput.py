"""Benchmark 1: requests/s for the heaviest lesson page, ours against a bare ASGI app.

Both run under uvicorn with one worker and the same flags; the bare app serves the very
bytes our app sent. Rounds alternate between the servers so that other work on the
machine hits both alike. A returning learner is simulated: the learner cookie our app set
on the first visit is sent back (a browser does the same), so ours answers from its page
cache (web/pagecache.py). A third row measures first visits (no cookie), which go through
the whole framework: routing, middleware, templates.
"""

from __future__ import annotations

import tempfile
import urllib.request
from pathlib import Path

from common import (
    Goal,
    Section,
    bare_command,
    data_env,
    free_port,
    heaviest_lesson,
    load_average,
    median,
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
FIRST = "first"
LABELS = {
    "ours": "ours: `mathforai serve`, a returning learner (page cache)",
    "bare": "bare ASGI app (bench/bare_app.py) (peer)",
    FIRST: "ours: a first visit (no cookie: routing, middleware, templates)",
}


def learner_cookie(url: str) -> list[str]:
    """The Cookie header a returning learner sends (none if the app sets no cookie)."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        cookies = answer.headers.get_all("set-cookie") or []
    pairs = [cookie.split(";", 1)[0] for cookie in cookies]
    return [f"Cookie: {'; '.join(pairs)}"] if pairs else []


def alternate(targets: dict[str, tuple[str, list[str]]]) -> dict[str, list[Load]]:
    """Load each target (url, headers) in turn, ROUNDS times, so drifts in machine load
    hit all alike."""
    loads: dict[str, list[Load]] = {name: [] for name in targets}
    for _ in range(ROUNDS):
        for name, (url, headers) in targets.items():
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
            bare_port = free_port()
            with serving(bare_command(bare_port), bare_port, peer_env, "/") as bare:
                before = load_average()
                loads = alternate(
                    {
                        "ours": (ours.url + path, headers),
                        "bare": (bare.url + path, headers),
                        FIRST: (ours.url + path, []),
                    }
                )
    return section(path, len(page), loads, before)


def section(path: str, size: int, loads: dict[str, list[Load]], load_before: str) -> Section:
    ours, bare, first = rate(loads["ours"]), rate(loads["bare"]), rate(loads[FIRST])
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
        body.append(
            f"| {LABELS[name]} | {rate(runs):,.0f} "
            f"| {latency(runs, 50):.1f} ms | {latency(runs, 99):.1f} ms "
            f"| {max(load.generator_cpu for load in runs):.0%} |"
        )
    body += ["", f"Ratio ours / bare: **{ratio:.2f}**."]
    goals = [Goal("lesson page ≥ 0.9 × the bare app's requests/s", f"{ratio:.2f}×", ratio >= GOAL)]
    findings = [
        "A lesson page holds no learner data (the script fills in the mastery badge), so "
        "after its first render it is answered from memory in front of the framework; "
        "what is left between ours and the bare app is the security headers and the "
        "cache lookup. The load generator shares the machine's two cores with the server, "
        "and at these rates it is itself near a full core (the last column): the ratio "
        "measures it as much as the servers, so read anything near 1 as a tie.",
        f"A first visit (no learner cookie yet) is rendered by the framework: {first:,.0f} "
        f"requests/s, {first / bare:.2f}× the bare app.",
    ]
    return Section("throughput", COMMAND, body, goals, findings)


def main() -> None:
    result = run()
    write_sections([result])
    print(result.markdown())


if __name__ == "__main__":
    main()
