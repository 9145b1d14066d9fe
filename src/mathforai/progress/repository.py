"""The learner repository: every read and write of progress goes through here."""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from .db import StoreError, sqlite_file
from .mastery import mastery
from .models import Attempt, Learner, ReviewState
from .review import review

EXPORT_FORMAT = "mathforai-progress"
EXPORT_VERSION = 1


class ImportFormatError(ValueError):
    """An import file that is not a progress export; the message says what is wrong."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; we always store UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class ProgressStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._file = sqlite_file(engine)
        # SQLite has one writer at a time, and a writer that finds the lock taken sleeps
        # in steps of up to 100 ms: queueing this process's writers on a lock of our own
        # cuts the answer p99 several-fold under load (docs/benchmarks.md, load).
        self._write_lock = threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction (BEGIN IMMEDIATE on SQLite), one at a time per process."""
        with (
            self._write_lock,
            self.engine.connect().execution_options(write=True) as conn,
            conn.begin(),
        ):
            yield conn

    def _writable(self) -> None:
        # SQLite keeps writing to a deleted file through open connections, silently
        # losing every answer: refuse instead, so the learner sees an error.
        if self._file is not None and not self._file.exists():
            raise StoreError(
                f"the progress database {self._file} was removed; restart the server to "
                "create a new one, or restore the file"
            )

    def _insert_ignore(self, conn: Connection, table: Any, **values: Any) -> None:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(dialect.insert(table).values(**values).on_conflict_do_nothing())

    def _lock_learner(self, conn: Connection, learner_id: str, now: datetime) -> None:
        """Create the learner if new, then hold its row until the transaction ends.

        Two first answers to one topic would otherwise both insert its review card (a
        row lock cannot cover a row that does not exist yet). NO KEY UPDATE, because the
        attempts' foreign key takes KEY SHARE on the same row: FOR UPDATE would deadlock.
        """
        self._insert_ignore(conn, Learner, id=learner_id, created_at=now)
        conn.execute(
            select(Learner.id).where(Learner.id == learner_id).with_for_update(key_share=True)
        )

    def ensure_learner(self, learner_id: str) -> None:
        self._writable()
        with self._write() as conn:
            self._insert_ignore(conn, Learner, id=learner_id, created_at=utcnow())

    def record(
        self,
        learner_id: str,
        topic_id: str,
        item_id: str,
        *,
        kind: str,
        correct: bool,
        answer: str,
        now: datetime | None = None,
    ) -> None:
        """Store one graded answer and move the topic's review card, in one transaction."""
        self._writable()
        now = now or utcnow()
        with self._write() as conn:
            self._lock_learner(conn, learner_id, now)
            conn.execute(
                insert(Attempt).values(
                    learner_id=learner_id,
                    topic_id=topic_id,
                    item_id=item_id[:200],
                    kind=kind,
                    correct=correct,
                    answer=answer[:500],
                    created_at=now,
                )
            )
            self._review(conn, learner_id, topic_id, correct, now)

    def _review(
        self, conn: Connection, learner_id: str, topic_id: str, correct: bool, now: datetime
    ) -> None:
        key = (ReviewState.learner_id == learner_id) & (ReviewState.topic_id == topic_id)
        current = conn.execute(select(ReviewState.card).where(key).with_for_update()).scalar()
        card, due = review(current, correct, now)
        if current is None:
            conn.execute(
                insert(ReviewState).values(
                    learner_id=learner_id, topic_id=topic_id, card=card, due=due
                )
            )
        else:
            conn.execute(update(ReviewState).where(key).values(card=card, due=due))

    def progress(self, learner_id: str) -> dict[str, dict[str, Any]]:
        """Per topic: attempts, correct, mastery and when it is next due."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(Attempt.topic_id, Attempt.item_id, Attempt.correct)
                .where(Attempt.learner_id == learner_id)
                .order_by(Attempt.id)
            ).all()
            dues = dict(
                conn.execute(
                    select(ReviewState.topic_id, ReviewState.due).where(
                        ReviewState.learner_id == learner_id
                    )
                ).all()
            )
        results: dict[str, list[bool]] = defaultdict(list)
        first: dict[str, list[bool]] = defaultdict(list)
        seen: set[str] = set()
        for topic_id, item_id, correct in rows:
            results[topic_id].append(bool(correct))
            # Mastery counts an exercise once: answering a solved one again proves nothing.
            if item_id not in seen:
                seen.add(item_id)
                first[topic_id].append(bool(correct))
        return {
            topic: {
                "attempts": len(res),
                "correct": sum(res),
                "mastery": mastery(first[topic]),
                "due": _aware(dues[topic]).isoformat() if topic in dues else None,
            }
            for topic, res in results.items()
        }

    def due_topics(self, learner_id: str, now: datetime | None = None) -> list[str]:
        """Topics whose review is due, most overdue first."""
        now = now or utcnow()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(ReviewState.topic_id, ReviewState.due)
                .where(ReviewState.learner_id == learner_id)
                .order_by(ReviewState.due)
            ).all()
        return [topic for topic, due in rows if _aware(due) <= now]

    def count_attempts(self, learner_id: str | None = None) -> int:
        with self.engine.connect() as conn:
            query = select(Attempt.id)
            if learner_id is not None:
                query = query.where(Attempt.learner_id == learner_id)
            return len(conn.execute(query).all())

    def export(self, learner_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            attempts = conn.execute(
                select(Attempt).where(Attempt.learner_id == learner_id).order_by(Attempt.id)
            ).all()
            reviews = conn.execute(
                select(ReviewState).where(ReviewState.learner_id == learner_id)
            ).all()
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": utcnow().isoformat(),
            "attempts": [
                {
                    "topic_id": a.topic_id,
                    "item_id": a.item_id,
                    "kind": a.kind,
                    "correct": a.correct,
                    "answer": a.answer,
                    "created_at": _aware(a.created_at).isoformat(),
                }
                for a in attempts
            ],
            "reviews": [
                {
                    "topic_id": r.topic_id,
                    "card": json.loads(r.card),
                    "due": _aware(r.due).isoformat(),
                }
                for r in reviews
            ],
        }

    def import_(self, learner_id: str, data: Any) -> int:
        """Merge an export into this learner's record; returns the number of new attempts."""
        self._writable()
        parsed = _parse_export(data)
        with self._write() as conn:
            self._lock_learner(conn, learner_id, utcnow())
            seen = {
                (a.topic_id, a.item_id, a.kind, _aware(a.created_at))
                for a in conn.execute(select(Attempt).where(Attempt.learner_id == learner_id))
            }
            new = [a for a in parsed.attempts if a.key() not in seen]
            for a in new:
                conn.execute(insert(Attempt).values(learner_id=learner_id, **a.model_dump()))
            for r in parsed.reviews:
                self._merge_review(conn, learner_id, r)
        return len(new)

    def _merge_review(self, conn: Connection, learner_id: str, r: ExportedReview) -> None:
        key = (ReviewState.learner_id == learner_id) & (ReviewState.topic_id == r.topic_id)
        current = conn.execute(select(ReviewState.due).where(key)).scalar()
        card = json.dumps(r.card)
        if current is None:
            conn.execute(
                insert(ReviewState).values(
                    learner_id=learner_id, topic_id=r.topic_id, card=card, due=r.due
                )
            )
        elif _aware(current) < r.due:
            conn.execute(update(ReviewState).where(key).values(card=card, due=r.due))

    def reset(self, learner_id: str) -> None:
        self._writable()
        with self._write() as conn:
            conn.execute(delete(Attempt).where(Attempt.learner_id == learner_id))
            conn.execute(delete(ReviewState).where(ReviewState.learner_id == learner_id))


class ExportedAttempt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topic_id: str = Field(max_length=16)
    item_id: str = Field(max_length=200)
    kind: str = Field(max_length=16)
    correct: bool
    answer: str = Field(max_length=500)
    created_at: datetime

    def key(self) -> tuple[str, str, str, datetime]:
        return (self.topic_id, self.item_id, self.kind, _aware(self.created_at))


class ExportedReview(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topic_id: str = Field(max_length=16)
    card: dict[str, Any]
    due: datetime


class Export(BaseModel):
    format: str
    version: int
    attempts: list[ExportedAttempt] = Field(max_length=100_000)
    reviews: list[ExportedReview] = Field(max_length=1_000)


def _parse_export(data: Any) -> Export:
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ImportFormatError(f'not a progress export: expected "format": "{EXPORT_FORMAT}"')
    try:
        parsed = Export.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ImportFormatError(f"{where}: {err['msg']}") from None
    if parsed.version != EXPORT_VERSION:
        raise ImportFormatError(f"unsupported export version {parsed.version}")
    for r in parsed.reviews:
        r.due = _aware(r.due)
    return parsed
