"""What the learners can do, gathered before the clock starts (none of it is timed).

- the lessons, from /api/topics;
- each lesson's widget, read from the lesson page's widget form as a browser would, and
  a few variations of its values that the server accepts (so every widget request the
  learners send is a valid one: a 422 would be the learner's typo, not a server fault);
- a pool of exercises per topic, with the answer computed here, in the generator, from
  the exercise id (mathforai.practice), right or wrong.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

from mathforai.practice.registry import generators, pick
from tests.progress.servers import answer_text

from .http import Browser, address

VARIANTS = 6  # accepted value sets per widget, besides its defaults
SEEDS_PER_TOPIC = 12


@dataclass(frozen=True)
class Exercise:
    topic: str
    seed: int
    exercise_id: str
    right: str
    wrong: str


@dataclass
class Lesson:
    topic: str
    url: str
    widget: str | None = None
    badge: bool = False  # app.js fetches /api/progress to fill in the mastery badge
    queries: list[str] = field(default_factory=list)  # /widgets/<widget>/render?<query>
    exercises: list[Exercise] = field(default_factory=list)


@dataclass
class FormField:
    name: str
    kind: str  # number | range | text | select | checkbox | hidden
    value: str
    options: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None


class WidgetForm(HTMLParser):
    """The first widget form of a lesson page: its widget name and its fields, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.widget: str | None = None
        self.fields: list[FormField] = []
        self._inside = False
        self._select: FormField | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "widget-form" in a.get("class", "").split() and not self.widget:
            self.widget, self._inside = a.get("data-widget"), True
        elif self._inside and tag == "input" and a.get("name"):
            self._input(a)
        elif self._inside and tag == "select" and a.get("name"):
            self._select = FormField(a["name"], "select", "")
            self.fields.append(self._select)
        elif self._select is not None and tag == "option":
            self._select.options += (a.get("value", ""),)
            if "selected" in a or not self._select.value:
                self._select.value = a.get("value", "")

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text")
        if kind == "checkbox" and "checked" not in a:
            return  # FormData leaves an unchecked box out
        self.fields.append(
            FormField(a["name"], kind, a.get("value", ""), low=_num(a, "min"), high=_num(a, "max"))
        )

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._inside = False


def _num(attrs: dict[str, str], key: str) -> float | None:
    try:
        return float(attrs[key])
    except (KeyError, ValueError):
        return None


def variation(fields: list[FormField], rng: random.Random) -> str:
    """The form's query string with its numbers nudged and its selects re-chosen."""
    pairs = []
    for f in fields:
        value = f.value
        if f.kind in ("number", "range"):
            value = _nudge(f, rng)
        elif f.kind == "select" and f.options:
            value = rng.choice(f.options)
        pairs.append((f.name, value))
    return urlencode(pairs)


def _nudge(f: FormField, rng: random.Random) -> str:
    try:
        x = float(f.value) + rng.choice((-1, 1)) * rng.choice((0.1, 0.5, 1.0))
    except ValueError:
        return f.value
    if f.low is not None:
        x = max(f.low, x)
    if f.high is not None:
        x = min(f.high, x)
    return f"{x:g}"


async def gather_lessons(base: tuple[str, int], rng: random.Random) -> list[Lesson]:
    """Every lesson with its widget queries and exercises, checked against the server."""
    browser = Browser()
    try:
        response = await browser.request(base, "GET", "/api/topics")
        lessons = [Lesson(t["id"], t["url"]) for t in response.json()]
    finally:
        browser.close()
    for n, lesson in enumerate(lessons):
        # A client per lesson (its own address), so a rate limit on the server under
        # test never mistakes this survey for a flood.
        surveyor = Browser(local=address(60_000 + n))
        try:
            await _widget_queries(surveyor, base, lesson, rng)
        finally:
            surveyor.close()
    pools = await asyncio.to_thread(exercise_pools, [lesson.topic for lesson in lessons], rng)
    for lesson in lessons:
        lesson.exercises = pools.get(lesson.topic, [])
    return lessons


async def _widget_queries(
    browser: Browser, base: tuple[str, int], lesson: Lesson, rng: random.Random
) -> None:
    page = await browser.request(base, "GET", lesson.url)
    if page.status != 200:
        raise RuntimeError(f"{lesson.url} answered {page.status}")
    lesson.badge = b"data-mastery-for" in page.body
    form = WidgetForm()
    form.feed(page.body.decode("utf-8"))
    if form.widget is None:
        return
    lesson.widget = form.widget
    candidates = [urlencode([(f.name, f.value) for f in form.fields])]
    candidates += [variation(form.fields, rng) for _ in range(VARIANTS * 2)]
    for query in dict.fromkeys(candidates):
        answer = await browser.request(base, "GET", f"/widgets/{form.widget}/render?{query}")
        if answer.status == 200 and len(lesson.queries) <= VARIANTS:
            lesson.queries.append(query)
    if not lesson.queries:
        raise RuntimeError(f"the {form.widget} widget of {lesson.url} accepts no value")


async def warm_up(servers: list[tuple[str, int]], lessons: list[Lesson]) -> None:
    """Every lesson and widget once on every server: first renders (templates, imports) are
    slow and would otherwise land in the first seconds of the measurement."""
    browser = Browser()
    try:
        for base in servers:
            for lesson in lessons:
                await browser.request(base, "GET", lesson.url)
                for query in lesson.queries[:1]:
                    await browser.request(base, "GET", f"/widgets/{lesson.widget}/render?{query}")
    finally:
        browser.close()


def exercise_pools(topics: list[str], rng: random.Random) -> dict[str, list[Exercise]]:
    """Per topic with practice, exercises from distinct seeds with right and wrong answers."""
    practice = generators()
    pools: dict[str, list[Exercise]] = {}
    for topic in topics:
        if topic not in practice:
            continue
        seeds = rng.sample(range(1, 10**9), SEEDS_PER_TOPIC)
        pools[topic] = [_exercise(topic, seed) for seed in seeds]
    return pools


def _exercise(topic: str, seed: int) -> Exercise:
    exercise = pick(topic, seed)
    return Exercise(
        topic, seed, exercise.id, answer_text(exercise, True), answer_text(exercise, False)
    )
