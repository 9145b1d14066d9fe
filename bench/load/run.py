"""One load run: start the servers, drive the learners, then check the store.

Two configurations: `sqlite` (one `mathforai serve` on an SQLite file) and `postgres`
(two `mathforai serve` processes, sharing their secret, on a throwaway PostgreSQL cluster).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import load_average, tree_cpu_seconds
from mathforai.progress.db import make_engine
from mathforai.progress.repository import ProgressStore
from tests import pg
from tests.progress import servers as srv

from .catalogue import gather_lessons, warm_up
from .http import HTTPError, address
from .learner import Learner, Tally

RAMP = 2.0  # learners start spread over this many seconds, not in one burst


@dataclass
class Deployment:
    name: str
    database_url: str
    servers: list[srv.Server]
    database_pid: int | None = None  # the PostgreSQL postmaster, for its CPU time

    @property
    def addresses(self) -> list[tuple[str, int]]:
        return [("127.0.0.1", s.port) for s in self.servers]

    def cpu_seconds(self) -> dict[str, float]:
        pids = {f"server {n + 1}": s.process.pid for n, s in enumerate(self.servers)}
        if self.database_pid:
            pids["PostgreSQL"] = self.database_pid
        return {name: tree_cpu_seconds(pid) for name, pid in pids.items()}


@dataclass
class Check:
    """Acknowledged answers against what the store holds afterwards."""

    acknowledged: int = 0
    exported: int = 0
    missing: list[str] = field(default_factory=list)  # acknowledged, not in the export
    extra: int = 0  # in the export, never acknowledged (sent, but the answer was an error)
    store_total: int = 0  # attempts counted straight from the database
    learners_checked: int = 0
    export_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.export_errors and self.store_total >= self.acknowledged


@dataclass
class Result:
    config: str
    servers: int
    learners: int
    duration: float
    think: float
    tally: Tally
    check: Check
    wall: float
    generator_cpu: float
    server_cpu: dict[str, float]
    load_before: str
    lessons: int
    widgets: int
    exercises: int
    record_ms: float  # ProgressStore.record, median, in-process on the same database


@contextmanager
def deploy(config: str, workdir: Path) -> Iterator[Deployment]:
    """The servers of `config`, healthy; stopped (and the cluster removed) afterwards."""
    with ExitStack() as stack:
        if config == "sqlite":
            url, count, postmaster = f"sqlite:///{workdir / 'progress.sqlite3'}", 1, None
        elif config == "postgres":
            if not pg.available():
                raise RuntimeError(f"PostgreSQL binaries not found in {pg.PG_BIN}")
            url, data, _port = stack.enter_context(pg.cluster())
            count = 2
            postmaster = int((data / "postmaster.pid").read_text().split()[0])
        else:
            raise ValueError(f"unknown configuration {config!r}")
        servers = stack.enter_context(srv.servers(url, workdir, count=count))
        yield Deployment(config, url, servers, postmaster)


def run(config: str, learners: int, duration: float, think: float, seed: int = 1) -> Result:
    with (
        tempfile.TemporaryDirectory(prefix="mathforai-load-") as tmp,
        deploy(config, Path(tmp)) as deployment,
    ):
        return asyncio.run(_drive(deployment, learners, duration, think, seed))


async def _drive(
    deployment: Deployment, count: int, duration: float, think: float, seed: int
) -> Result:
    rng = random.Random(seed)
    lessons = await gather_lessons(deployment.addresses[0], rng)
    await warm_up(deployment.addresses, lessons)
    tally = Tally()
    crowd = [
        Learner(n, deployment.addresses, lessons, tally, think, random.Random(rng.random()))
        for n in range(count)
    ]
    for n, learner in enumerate(crowd):
        # Each learner its own source address: per-client limits see distinct people.
        learner.browser.local = address(n)
    before = load_average()
    cpu_before, gen_before = deployment.cpu_seconds(), time.process_time()
    loop = asyncio.get_running_loop()
    begin = loop.time()
    end = begin + RAMP + duration
    starts = [begin + RAMP * n / count for n in range(count)]
    await asyncio.gather(*(learner.run(at, end) for learner, at in zip(crowd, starts)))
    wall = loop.time() - begin
    generator_cpu = time.process_time() - gen_before
    cpu_after = deployment.cpu_seconds()
    check = await verify(deployment, crowd)
    record_ms = await asyncio.to_thread(time_record, deployment.database_url)
    return Result(
        config=deployment.name,
        servers=len(deployment.servers),
        learners=count,
        duration=duration,
        think=think,
        tally=tally,
        check=check,
        wall=wall,
        generator_cpu=generator_cpu,
        server_cpu={k: cpu_after[k] - cpu_before[k] for k in cpu_after},
        load_before=before,
        lessons=len(lessons),
        widgets=sum(1 for lesson in lessons if lesson.queries),
        exercises=sum(len(lesson.exercises) for lesson in lessons),
        record_ms=record_ms,
    )


async def verify(deployment: Deployment, crowd: list[Learner]) -> Check:
    """Every learner's export (through the API, with its own cookie) against its
    acknowledged answers; and the attempts counted in the database itself."""
    check = Check(acknowledged=sum(sum(one.acknowledged.values()) for one in crowd))
    for learner in crowd:
        if not learner.browser.cookies:
            continue  # never got an answer back: nothing to look for
        await _verify_learner(deployment, learner, check)
    engine = make_engine(deployment.database_url)
    try:
        check.store_total = ProgressStore(engine).count_attempts()
    finally:
        engine.dispose()
    return check


async def _verify_learner(deployment: Deployment, learner: Learner, check: Check) -> None:
    server = deployment.addresses[learner.number % len(deployment.addresses)]
    try:
        response = await learner.browser.request(server, "GET", "/api/progress/export")
    except HTTPError as exc:
        check.export_errors.append(f"learner {learner.number}: export failed: {exc}")
        return
    finally:
        learner.browser.close()
    if response.status != 200:
        check.export_errors.append(f"learner {learner.number}: export answered {response.status}")
        return
    stored = Counter(a["item_id"] for a in response.json()["attempts"])
    check.learners_checked += 1
    check.exported += sum(stored.values())
    check.missing += [
        f"learner {learner.number}: {item} x{n - stored[item]}"
        for item, n in learner.acknowledged.items()
        if stored[item] < n
    ]
    check.extra += sum((stored - learner.acknowledged).values())


def time_record(database_url: str, answers: int = 50) -> float:
    """Median ms of one answer's write (ProgressStore.record), outside the servers: the time
    POST /api/practice/answer spends in the store. Done after the check, by a learner of its
    own, so it adds nothing the check counts."""
    engine = make_engine(database_url)
    try:
        store, times = ProgressStore(engine), []
        for n in range(answers):
            began = time.perf_counter()
            item = f"1.5:0:{n}"
            store.record("load-probe", "1.5", item, kind="practice", correct=True, answer="0")
            times.append(time.perf_counter() - began)
    finally:
        engine.dispose()
    return statistics.median(times) * 1000
