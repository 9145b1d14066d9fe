"""The load test's figures: a summary for the terminal and its section of docs/benchmarks.md.

The section sits between `<!-- bench:load -->` markers, like the other benchmarks', but is
written here rather than by common.write_sections: that one knows only the sections that
run_all.py runs, and this one is too long for `make bench`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from bench.common import DOC, HEADER, Goal, machine, percentile, today

from .learner import KINDS
from .run import RAMP, Result

KEY = "load"
COMMAND = "make load"


def ms(values: Sequence[float], q: float) -> str:
    return f"{percentile(values, q) * 1000:,.1f}" if values else "–"


def errors(result: Result) -> int:
    return sum(result.tally.errors.values())


def rate(result: Result) -> float:
    return result.tally.requests / result.wall if result.wall else 0.0


def label(result: Result) -> str:
    noun = "process" if result.servers == 1 else "processes"
    return f"{result.config} ({result.servers} server {noun})"


def scenario(result: Result) -> str:
    return f"{label(result)}, think {result.think:g} s"


def summary(result: Result) -> str:
    """A few lines for the terminal."""
    check = result.check
    lines = [
        f"{scenario(result)}: {result.tally.requests:,} requests in {result.wall:.0f} s "
        f"({rate(result):.0f}/s), errors {errors(result)}",
        *(
            f"  {kind:9} n={len(result.tally.latencies[kind]):6,} "
            f"p50 {ms(result.tally.latencies[kind], 50):>8} ms  "
            f"p99 {ms(result.tally.latencies[kind], 99):>8} ms"
            for kind in KINDS
        ),
        f"  answers acknowledged {check.acknowledged:,}, exported {check.exported:,}, "
        f"missing {len(check.missing)}, extra {check.extra}, in the database "
        f"{check.store_total:,}",
        *(f"  error: {sample}" for sample in result.tally.error_samples),
        *(f"  missing: {item}" for item in check.missing[:20]),
        *(f"  export: {item}" for item in check.export_errors[:20]),
    ]
    return "\n".join(lines)


def goals(result: Result) -> list[Goal]:
    check = result.check
    return [
        Goal(
            f"no errors, {scenario(result)}",
            f"{errors(result)} of {result.tally.requests:,} requests",
            errors(result) == 0,
        ),
        Goal(
            f"every acknowledged answer stored, {scenario(result)}",
            f"{check.acknowledged - len(check.missing):,} of {check.acknowledged:,} found in "
            f"the learners' exports; {check.store_total:,} attempts in the database",
            check.ok,
        ),
    ]


def markdown(results: Sequence[Result], findings: Sequence[str]) -> str:
    first = results[0]
    body = [
        f"<!-- bench:{KEY} -->",
        f"## 5. Load: {first.learners} simulated learners, SQLite and PostgreSQL",
        "",
        f"Reproduce: `{COMMAND}` (`.venv/bin/python -m bench.load`; `--duration 10` for a "
        "quick run that leaves this page alone)  ",
        f"Machine: {machine()}  ",
        f"Date: {today()}",
        "",
        f"{first.learners} learners, each with its own connection and cookie jar (bench/load: "
        f"raw asyncio sockets), for {first.duration:.0f} s after a {RAMP:.0f} s ramp-up, "
        "after every lesson and widget was rendered once on every server. A learner reads a "
        "lesson page, renders its widget 2–4 times (values the server was checked to "
        "accept), does 1–3 exercises (`POST /api/practice/{topic}?seed=N`, then the answer, "
        "right two times in three, computed in the generator from the exercise id). Right "
        "after a lesson page it fetches `/api/progress`, as app.js does for the page's "
        "mastery badge. Before each action it thinks for a random "
        "time, uniform from 0 to twice the mean, a fifth of that between widget renders; "
        "with a mean of 0 s every learner always has a request in flight (200 at once): "
        "the servers' saturation point. With two servers every learner's requests "
        "alternate between them (round-robin), so both must recognise its cookie. "
        "Afterwards each learner's `/api/progress/export` is compared with the answers "
        "acknowledged to it with a 200, and the attempts are counted in the database.",
        "",
        "| configuration | think time | requests | requests/s | errors | answers acknowledged "
        "| missing from the store | server CPU (of one core) | generator CPU | load avg "
        "before |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *(_row(r) for r in results),
    ]
    for think in dict.fromkeys(r.think for r in results):
        group = [r for r in results if r.think == think]
        body += [
            "",
            f"Latency per request kind with a mean think time of {think:g} s, ms (from "
            "sending the request to the last byte of the answer):",
            "",
            "| kind | " + " | ".join(f"{r.config}: n | p50 | p99" for r in group) + " |",
            "|---|" + "---|---|---|" * len(group),
            *(_latency_row(kind, group) for kind in KINDS),
        ]
    body += [
        "",
        "| goal | measured | |",
        "|---|---|---|",
        *(goal.row() for r in results for goal in goals(r)),
    ]
    if findings:
        body += ["", "Findings:", "", *(f"- {f}" for f in findings)]
    body.append(f"<!-- /bench:{KEY} -->")
    return "\n".join(body)


def _row(result: Result) -> str:
    cpu = " + ".join(f"{name} {sec / result.wall:.0%}" for name, sec in result.server_cpu.items())
    return (
        f"| {label(result)} | {result.think:g} s | {result.tally.requests:,} | "
        f"{rate(result):.0f} | "
        f"{errors(result)} | {result.check.acknowledged:,} | {len(result.check.missing)} | "
        f"{cpu} | {result.generator_cpu / result.wall:.0%} | {result.load_before} |"
    )


def _latency_row(kind: str, results: Sequence[Result]) -> str:
    cells = []
    for r in results:
        values = r.tally.latencies[kind]
        cells.append(f"{len(values):,} | {ms(values, 50)} | {ms(values, 99)}")
    return f"| {kind} | " + " | ".join(cells) + " |"


def write(section: str, doc: Path = DOC) -> None:
    """Replace the load section of the doc, or append it at the end."""
    text = doc.read_text() if doc.exists() else HEADER
    pattern = re.compile(rf"<!-- bench:{KEY} -->.*?<!-- /bench:{KEY} -->", re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    doc.write_text(text)


def _who(result: Result) -> str:
    servers = "the server" if result.servers == 1 else "the servers"
    return f"{servers} and PostgreSQL" if result.config == "postgres" else servers


def findings(results: Sequence[Result]) -> list[str]:
    """What the figures say, computed from them."""
    out = []
    for r in results:
        slowest = max(KINDS, key=lambda k: percentile(r.tally.latencies[k] or [0.0], 99))
        busy = sum(r.server_cpu.values()) / r.wall
        out.append(
            f"{scenario(r)}: {rate(r):.0f} requests/s with {_who(r)} using {busy:.2f} of the "
            f"machine's {os.cpu_count()} cores on average; the slowest kind at p99 is "
            f"`{slowest}` ({ms(r.tally.latencies[slowest], 99)} ms)."
        )
    writes = ", ".join(
        f"{config} {r.record_ms:.1f} ms" for config, r in {r.config: r for r in results}.items()
    )
    out.append(
        "One answer's write (ProgressStore.record: the attempt and the review card in one "
        "transaction), median, measured in-process on the same database after the run: "
        f"{writes}. `POST /api/practice/answer` grades and writes in a worker thread "
        "(`run_in_threadpool`), so that time does not stall the event loop."
    )
    return out
