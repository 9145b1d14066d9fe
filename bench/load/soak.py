"""`python -m bench.load.soak`: 2 minutes of the worst inputs mixed with normal learners.

One `mathforai serve` on SQLite with its production defaults (5 s compute budget, a
pool of 2 workers) and a rate limit of RATE_LIMIT per minute per client. ATTACKERS
clients send, without pause, the requests of issue 14 that used to freeze the server;
LEARNERS clients study as in `python -m bench.load` (bench/load/learner.py). Every
client has its own loopback address, as distinct people would.

Goals (issue 14): the learners' p99 under 500 ms and none of their requests failed or
answers lost (their exports hold every acknowledged answer); every attack answered or
refused (422/429/503) within the budget; /healthz, polled every 100 ms, answering.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import Goal, Section, load_average, percentile, write_sections

from .catalogue import gather_lessons, warm_up
from .http import Browser, HTTPError, address
from .learner import Learner, Tally
from .run import deploy, verify

ATTACKERS, LEARNERS = 20, 80
DURATION = 120.0
THINK = 1.0
RATE_LIMIT = 120  # requests that compute, per client per minute (a learner makes ~60)
BUDGET = 5.0  # the server's default compute_timeout
SLACK = 4.0  # queue wait (2 s) + a replacement worker + the round trip
P99_GOAL = 0.5
COMMAND = ".venv/bin/python -m bench.load.soak"

EXP5 = "exp(exp(exp(exp(exp(x)))))"
ATTACKS: list[tuple[str, str, object]] = [
    ("POST", "/api/explain/derivative", {"f": "x^x", "at": 1e12}),
    ("POST", "/api/explain/derivative", {"f": EXP5, "at": 1}),
    ("POST", "/api/explain/derivative", {"f": "exp(exp(x))", "at": 1e7}),
    ("POST", "/api/explain/derivative", {"f": "x^(x^(x^(x^(x^x))))", "at": 2}),
    ("POST", "/api/explain/derivative", {"f": "tanh(" * 33 + "x" + ")" * 33, "at": 1}),
    ("POST", "/api/explain/gradient_descent", {"f": EXP5, "start": 1, "lr": 0.1, "steps": 1000}),
    ("POST", "/api/explain/matmul", {"A": [[1.5]] * 5000, "B": [[2.5] * 5000]}),
    ("GET", "/widgets/derivative/render?f=exp(exp(x))&at=10000000", None),
    ("GET", "/topics/derivatives?widget=derivative&f=x%5Ex&at=1000000000000", None),
]


@dataclass
class Attack:
    statuses: Counter[int] = field(default_factory=Counter)
    slowest: float = 0.0
    over_budget: int = 0
    errors: list[str] = field(default_factory=list)


async def attacker(n: int, port: int, end: float, attack: Attack) -> None:
    browser = Browser(local=address(n))
    rng = random.Random(n)
    loop = asyncio.get_running_loop()
    try:
        while loop.time() < end:
            method, path, body = rng.choice(ATTACKS)
            began = loop.time()
            try:
                response = await browser.request(("127.0.0.1", port), method, path, body, 60)
            except HTTPError as exc:
                attack.errors.append(f"{method} {path}: {exc}")
                await asyncio.sleep(0.1)
                continue
            took = loop.time() - began
            attack.statuses[response.status] += 1
            attack.slowest = max(attack.slowest, took)
            attack.over_budget += took > BUDGET + SLACK
            await asyncio.sleep(0.01)  # hostile, not polite: Retry-After is ignored
    finally:
        browser.close()


async def health(port: int, end: float, timings: list[float], failures: list[str]) -> None:
    browser = Browser(local="127.9.9.9")
    loop = asyncio.get_running_loop()
    try:
        while loop.time() < end:
            began = loop.time()
            try:
                response = await browser.request(("127.0.0.1", port), "GET", "/healthz")
                if response.status != 200:
                    failures.append(f"status {response.status}")
            except HTTPError as exc:
                failures.append(str(exc))
            timings.append(loop.time() - began)
            await asyncio.sleep(0.1)
    finally:
        browser.close()


async def drive(deployment: object, duration: float, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    addresses = deployment.addresses  # type: ignore[attr-defined]
    port = addresses[0][1]
    lessons = await gather_lessons(addresses[0], rng)
    await warm_up(addresses, lessons)
    tally, attack = Tally(), Attack()
    crowd = [
        Learner(n, addresses, lessons, tally, THINK, random.Random(rng.random()))
        for n in range(LEARNERS)
    ]
    for n, learner in enumerate(crowd):
        learner.browser.local = address(ATTACKERS + n)
    loop = asyncio.get_running_loop()
    begin = loop.time()
    end = begin + duration
    timings: list[float] = []
    failures: list[str] = []
    before = load_average()
    await asyncio.gather(
        health(port, end, timings, failures),
        *(attacker(n, port, end, attack) for n in range(ATTACKERS)),
        *(learner.run(begin + 2.0 * n / LEARNERS, end) for n, learner in enumerate(crowd)),
    )
    check = await verify(deployment, crowd)  # type: ignore[arg-type]
    return {
        "tally": tally,
        "attack": attack,
        "check": check,
        "health": timings,
        "health_failures": failures,
        "load_before": before,
        "duration": duration,
    }


def section(result: dict[str, object]) -> Section:
    tally: Tally = result["tally"]  # type: ignore[assignment]
    attack: Attack = result["attack"]  # type: ignore[assignment]
    check = result["check"]
    health_times: list[float] = result["health"]  # type: ignore[assignment]
    every = [t for times in tally.latencies.values() for t in times]
    p99 = percentile(every, 99) if every else float("inf")
    attacks = sum(attack.statuses.values())
    body = [
        f"{LEARNERS} learners (think time {THINK:g} s) and {ATTACKERS} attackers, each from its "
        f"own loopback address, for {result['duration']:.0f} s against one `mathforai serve` "
        f"(SQLite, 2 compute workers, {BUDGET:g} s budget, rate limit {RATE_LIMIT}/min per "
        f"client). Machine load average when the run began: {result['load_before']}.",
        "",
        "| learners' requests | count | p50 | p99 | errors |",
        "|---|---|---|---|---|",
    ]
    for kind, times in sorted(tally.latencies.items()):
        body.append(
            f"| {kind} | {len(times):,} | {percentile(times, 50) * 1000:.0f} ms "
            f"| {percentile(times, 99) * 1000:.0f} ms | {tally.errors[kind]} |"
        )
    body.append(
        f"| all | {len(every):,} | {percentile(every, 50) * 1000:.0f} ms "
        f"| {p99 * 1000:.0f} ms | {sum(tally.errors.values())} |"
    )
    statuses = ", ".join(f"{s}: {n:,}" for s, n in sorted(attack.statuses.items()))
    body += [
        "",
        f"Attacks: {attacks:,} requests ({statuses}); slowest answer {attack.slowest:.1f} s; "
        f"transport errors {len(attack.errors)}. `/healthz` every 100 ms: {len(health_times)} "
        f"polls, p99 {percentile(health_times, 99) * 1000:.0f} ms, worst "
        f"{max(health_times) * 1000:.0f} ms, failures {len(result['health_failures'])}.",  # type: ignore[arg-type]
        "",
        f"Answers acknowledged {check.acknowledged:,}, found in the learners' exports "  # type: ignore[attr-defined]
        f"{check.exported:,}, missing {len(check.missing)}.",  # type: ignore[attr-defined]
    ]
    goals = [
        Goal("learners' p99 < 500 ms", f"{p99 * 1000:.0f} ms", p99 < P99_GOAL),
        Goal(
            "no learner request failed, no answer lost",
            f"{sum(tally.errors.values())} failed, {len(check.missing)} lost",  # type: ignore[attr-defined]
            not tally.errors and check.ok,  # type: ignore[attr-defined]
        ),
        Goal(
            f"every attack answered or refused within {BUDGET + SLACK:g} s",
            f"{attack.over_budget} over, {len(attack.errors)} dropped",
            attack.over_budget == 0 and not attack.errors,
        ),
    ]
    findings = []
    load = _first_float(str(result["load_before"]))
    if load is not None and load > 2 * (os.cpu_count() or 1):
        findings.append(
            f"The machine was busy with other work (load average {load:g} on "
            f"{os.cpu_count()} cores) before the run began: even cached lessons, which "
            "compute nothing, waited for a core, so these latencies measure the machine "
            "more than the server. Rerun on a quiet machine to judge the goals."
        )
    findings += [f"learner error: {e}" for e in tally.error_samples[:5]]
    findings += [f"attack error: {e}" for e in attack.errors[:3]]
    return Section("soak", COMMAND, body, goals, findings)


def _first_float(text: str) -> float | None:
    try:
        return float(text.replace(",", " ").split()[0])
    except (IndexError, ValueError):
        return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load.soak", description=__doc__)
    parser.add_argument("--duration", type=float, default=DURATION)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    # The servers read their settings from the environment they inherit.
    os.environ["MATHFORAI_RATE_LIMIT_PER_MINUTE"] = str(RATE_LIMIT)
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="mathforai-soak-") as tmp,
        deploy("sqlite", Path(tmp)) as deployment,
    ):
        result = asyncio.run(drive(deployment, args.duration, args.seed))
    report = section(result)
    print(report.markdown())
    print(f"({time.perf_counter() - started:.0f} s in all)")
    if args.duration >= DURATION:
        write_sections([report])
    return 0 if all(goal.met for goal in report.goals) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
