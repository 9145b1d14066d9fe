"""The load test's figures: a summary for the terminal and its section of docs/benchmarks.md.

The section sits between `<!-- bench:load -->` markers, like the other benchmarks', but is
written here rather than by common.write_sections: that one knows only the sections that
run_all.py runs, and this one is too long for `make bench`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from bench.common import DOC, HEADER, Goal, machine, percentile, today

from .learner import KINDS
from .run import RAMP, Result

KEY = "load"
TITLE = "5. Load: 200 simulated learners, SQLite and PostgreSQL"
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


def summary(result: Result) -> str:
    """A few lines for the terminal."""
    check = result.check
    lines = [
        f"{label(result)}: {result.tally.requests:,} requests in {result.wall:.0f} s "
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
            f"no errors, {label(result)}",
            f"{errors(result)} of {result.tally.requests:,} requests",
            errors(result) == 0,
        ),
        Goal(
            f"every acknowledged answer stored, {label(result)}",
            f"{check.acknowledged - len(check.missing):,} of {check.acknowledged:,} found in "
            f"the learners' exports; {check.store_total:,} attempts in the database",
            check.ok,
        ),
    ]


def markdown(results: Sequence[Result], findings: Sequence[str]) -> str:
    first = results[0]
    body = [
        f"<!-- bench:{KEY} -->",
        f"## {TITLE}",
        "",
        f"Reproduce: `{COMMAND}` (`.venv/bin/python -m bench.load`; `--duration 10` for a "
        "quick run)  ",
        f"Machine: {machine()}  ",
        f"Date: {today()}",
        "",
        f"{first.learners} learners, each with its own connection and cookie jar (bench/load: "
        "raw asyncio sockets), for "
        f"{first.duration:.0f} s after a {RAMP:.0f} s ramp-up. A learner reads a lesson page, "
        "renders its widget 2–4 times (values the server was checked to accept), does 1–3 "
        "exercises (`POST /api/practice/{topic}?seed=N`, then the answer, right two times in "
        "three, computed in the generator from the exercise id), and one visit in four "
        f"fetches `/api/progress`; it thinks for 0–{2 * first.think:.1f} s (mean "
        f"{first.think:.1f} s) before each action, a fifth of that between widget renders. "
        "With two servers every learner's requests alternate between them (round-robin). "
        "Afterwards each learner's `/api/progress/export` is compared with the answers "
        "acknowledged to it with a 200, and the attempts are counted in the database.",
        "",
        "| configuration | requests | requests/s | errors | answers acknowledged | "
        "missing from the store | server CPU | generator CPU | load avg before |",
        "|---|---|---|---|---|---|---|---|---|",
        *(_row(r) for r in results),
        "",
        "Latency per request kind, ms (from sending the request to the last byte of the "
        "answer):",
        "",
        "| kind | " + " | ".join(f"{r.config}: n | p50 | p99" for r in results) + " |",
        "|---|" + "---|---|---|" * len(results),
        *(_latency_row(kind, results) for kind in KINDS),
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
        f"| {label(result)} | {result.tally.requests:,} | {rate(result):.0f} | "
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


def findings(results: Sequence[Result]) -> list[str]:
    """What the figures say, computed from them."""
    out = []
    for r in results:
        slowest = max(KINDS, key=lambda k: percentile(r.tally.latencies[k] or [0.0], 99))
        busy = sum(r.server_cpu.values()) / r.wall
        out.append(
            f"{label(r)}: the slowest kind at p99 is `{slowest}` "
            f"({ms(r.tally.latencies[slowest], 99)} ms); the servers (with the database) used "
            f"{busy:.2f} of the machine's cores on average."
        )
    return out
