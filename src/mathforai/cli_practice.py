"""A practice session as the terminal runs it: which exercise next, grade, record.

It lives in the CLI layer because it joins practice (exercises, grading) to progress (the
store); practice itself imports neither progress nor any front end. No printing here: cli.py
shows what this module decides, so the session logic can be tested without a terminal.
Answers go to the same progress store as the web app's.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from .attempts import answer_exercise
from .practice.answers import AnswerFormatError
from .practice.exercise import Exercise
from .practice.registry import MAX_SEED
from .practice.service import (
    FORMAT_HINTS,
    Outcome,
    assess,
    new_exercise,
    topics_with_practice,
)
from .progress.db import StoreError, make_engine, migrate
from .progress.mastery import LADDER
from .progress.repository import ProgressStore

FIRST_TOPIC = "1.1"
LEARNER_FILE = "cli_learner"
GIVE_UP = frozenset({"?", "reveal"})
QUIT = frozenset({"", "q", "quit", "exit"})
_LEARNER_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

T = TypeVar("T")

__all__ = [
    "FORMAT_HINTS",
    "GIVE_UP",
    "QUIT",
    "AnswerFormatError",
    "PracticeSession",
    "SessionError",
    "Summary",
    "check_learner_id",
    "choose_topic",
    "open_store",
    "terminal_learner",
    "validate_topic",
]


class SessionError(ValueError):
    """Bad input to a session (unknown topic, bad learner id); the message says what is valid."""


# ---- where the session starts --------------------------------------------------------------


def open_store(database_url: str) -> ProgressStore:
    """The progress store at `database_url`, migrated; StoreError if it cannot be used."""
    engine = make_engine(database_url)
    migrate(engine)
    return ProgressStore(engine)


def validate_topic(topic: str) -> str:
    topics = topics_with_practice()
    if topic not in topics:
        raise SessionError(f"there is no practice for topic {topic!r}; topics: {', '.join(topics)}")
    return topic


def check_learner_id(learner_id: str) -> str:
    if not _LEARNER_ID.match(learner_id):
        raise SessionError("a learner id is 1–64 letters, digits, '.', '_' or '-'")
    return learner_id


def terminal_learner(data_dir: Path) -> str:
    """The terminal's learner id, created once in `data_dir` so progress persists between runs."""
    path = data_dir / LEARNER_FILE
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        # "x" mode: two terminals starting at once must not each write a different id.
        with path.open("x", encoding="utf-8") as f:
            learner_id = "cli-" + uuid.uuid4().hex
            f.write(learner_id + "\n")
            return learner_id
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreError(f"cannot save the terminal learner id in {path}: {exc.strerror}") from None
    try:
        saved = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise StoreError(f"cannot read the terminal learner id {path}: {exc.strerror}") from None
    if not _LEARNER_ID.match(saved):
        raise StoreError(f"{path} does not hold a learner id; delete it to start afresh")
    return saved


def _store_call(call: Callable[[], T]) -> T:
    """Run a store operation; a database failure becomes a StoreError with a one-line reason."""
    try:
        return call()
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(f"cannot use the progress database: {reason}") from None


def _course_order(topic: str) -> tuple[int, ...]:
    return tuple(int(p) for p in topic.split("."))


def choose_topic(store: ProgressStore, learner_id: str) -> str:
    """The most overdue review; else the weakest topic tried so far; else the first topic."""
    practicable = set(topics_with_practice())
    due = [t for t in _store_call(lambda: store.due_topics(learner_id)) if t in practicable]
    if due:
        return due[0]
    progress = _store_call(lambda: store.progress(learner_id))
    tried = [t for t in progress if t in practicable]
    if not tried:
        return FIRST_TOPIC

    def weakness(topic: str) -> tuple[Any, ...]:
        p = progress[topic]
        return (
            LADDER.index(p["mastery"]),
            p["correct"] / max(p["attempts"], 1),
            _course_order(topic),
        )

    return min(tried, key=weakness)


# ---- the session ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    answered: int
    right: int
    topics: dict[str, dict[str, Any]]
    """Per topic practised in this session: the store's attempts, correct, mastery, due."""


@dataclass
class PracticeSession:
    """One run of `mathforai practice`: a fixed topic, or whichever topic needs practice next.

    With a seed the whole session is reproducible: exercise n uses seed + n.
    """

    store: ProgressStore
    learner_id: str
    topic: str | None = None
    seed: int | None = None
    answered: int = 0
    right: int = 0
    current: Exercise | None = None
    practised: list[str] = field(default_factory=list)

    def next_exercise(self) -> Exercise:
        topic = self.topic or choose_topic(self.store, self.learner_id)
        if self.seed is not None:
            seed = (self.seed + self.answered) % (MAX_SEED + 1)
            self.current = new_exercise(topic, seed)
        else:
            self.current = new_exercise(topic, mastery=self._mastery(topic))
        return self.current

    def _mastery(self, topic: str) -> str:
        progress = _store_call(lambda: self.store.progress(self.learner_id))
        return progress.get(topic, {}).get("mastery", "new")

    def answer(self, text: str) -> Outcome:
        """Grade and record an answer; AnswerFormatError (nothing recorded) if it cannot be
        read. A first wrong answer gets a hint (state "retry") and keeps the exercise."""
        assessed = assess(self._require_current(), text)
        return self._done(
            _store_call(lambda: answer_exercise(self.store, self.learner_id, assessed))
        )

    def give_up(self) -> Outcome:
        """Show the answer and its working; recorded as revealed, as on the web."""
        assessed = assess(self._require_current(), None, reveal=True)
        told = _store_call(lambda: answer_exercise(self.store, self.learner_id, assessed))
        return self._done(told)

    def _require_current(self) -> Exercise:
        if self.current is None:
            raise RuntimeError("call next_exercise() before answering")
        return self.current

    def _done(self, outcome: Outcome) -> Outcome:
        if outcome.state == "retry":
            return outcome  # the same exercise, once more
        topic = outcome.exercise.topic
        self.current = None
        self.answered += 1
        self.right += outcome.grade.correct
        if topic not in self.practised:
            self.practised.append(topic)
        return outcome

    def summary(self) -> Summary:
        progress = _store_call(lambda: self.store.progress(self.learner_id))
        topics = {t: progress[t] for t in self.practised if t in progress}
        return Summary(self.answered, self.right, topics)
