"""One simulated learner: a browser of its own, visiting lessons until the time is up.

A visit: read a lesson (and, as app.js does at once, fetch /api/progress for the page's
mastery badge); play with its widget (a few renders in quick succession, as app.js sends
while a value is dragged); do one to three exercises (ask for one, think, answer it, right
about two times in three). Between actions the learner pauses for a random think time.

Requests go to the servers in turn, as a round-robin load balancer would send them, so
with two servers each learner's cookie must be recognised by both.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .catalogue import Exercise, Lesson
from .http import Browser, HTTPError, Response

KINDS = ("lesson", "widget", "exercise", "answer", "progress")
MAX_ERROR_SAMPLES = 20


@dataclass
class Tally:
    """Every learner's requests, by kind: latencies (s), errors, acknowledged answers."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + sum(self.errors.values())

    def error(self, kind: str, what: str) -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < MAX_ERROR_SAMPLES:
            self.error_samples.append(f"{kind}: {what}")


@dataclass
class Learner:
    number: int
    servers: list[tuple[str, int]]
    lessons: list[Lesson]
    tally: Tally
    think: float
    rng: random.Random
    browser: Browser = field(default_factory=Browser)
    acknowledged: Counter[str] = field(default_factory=Counter)  # exercise id → answers
    sent: int = 0

    async def run(self, start: float, end: float) -> None:
        """Visit lessons from `start` until `end` (event-loop times)."""
        loop = asyncio.get_running_loop()
        await asyncio.sleep(max(0.0, start - loop.time()))
        try:
            while loop.time() < end:
                await self.visit(self.rng.choice(self.lessons), end)
        finally:
            self.browser.close()

    async def visit(self, lesson: Lesson, end: float) -> None:
        await self.step("lesson", "GET", lesson.url, end)
        if lesson.badge:
            await self.step("progress", "GET", "/api/progress", end, pause=0.0)
        if lesson.queries:
            for _ in range(self.rng.randint(2, 4)):
                query = self.rng.choice(lesson.queries)
                path = f"/widgets/{lesson.widget}/render?{query}"
                await self.step("widget", "GET", path, end, pause=self.think / 5)
        for _ in range(self.rng.randint(1, 3) if lesson.exercises else 0):
            await self.exercise(self.rng.choice(lesson.exercises), end)

    async def exercise(self, exercise: Exercise, end: float) -> None:
        path = f"/api/practice/{exercise.topic}?seed={exercise.seed}"
        given = await self.step("exercise", "POST", path, end, body={})
        if given is None:
            return
        issued = str(given.json().get("exercise_id", ""))
        # The server signs the id it issues to this learner: answer with exactly that.
        if issued.split("~")[0] != exercise.exercise_id:
            self.tally.error("exercise", f"{path} gave {given.body[:200]!r}")
            return
        answer = exercise.right if self.rng.random() < 0.67 else exercise.wrong
        body = {"exercise_id": issued, "answer": answer}
        told = await self.step("answer", "POST", "/api/practice/answer", end, body=body)
        # An answer to an exercise already solved or revealed is graded and says "closed":
        # by design it is not stored (it counts nothing), so it is not owed to the export.
        if told is not None and told.json().get("state") != "closed":
            self.acknowledged[exercise.exercise_id] += 1

    async def step(
        self,
        kind: str,
        method: str,
        path: str,
        end: float,
        body: object = None,
        pause: float | None = None,
    ) -> Response | None:
        """Think, then send one request; the response if it was a 200, else None."""
        loop = asyncio.get_running_loop()
        mean = self.think if pause is None else pause
        left = end - loop.time()
        await asyncio.sleep(min(max(left, 0.0), self.rng.uniform(0, 2 * mean)))
        if loop.time() >= end:
            return None
        server = self.servers[self.sent % len(self.servers)]
        self.sent += 1
        began = loop.time()
        try:
            response = await self.browser.request(server, method, path, body)
        except HTTPError as exc:
            self.tally.error(kind, f"{method} {path}: {exc}")
            return None
        self.tally.statuses[response.status] += 1
        if response.status != 200:
            self.tally.error(kind, f"{method} {path}: {response.status} {response.body[:200]!r}")
            return None
        self.tally.latencies[kind].append(loop.time() - began)
        return response
