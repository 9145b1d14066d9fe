"""The learner repository: every read and write of progress goes through here."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from .db import StoreError, sqlite_file
from .lifecycle import FINAL, Event, step
from .models import Attempt, ItemState, ReviewState
from .review import review
from .statements import answer_statements
from .summary import summarise
from .transfer import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    Export,
    ImportFormatError,
    item_signature,
    items_from_attempts,
    parse_export,
    signed_by,
)

__all__ = ["EXPORT_FORMAT", "EXPORT_VERSION", "ImportFormatError", "ProgressStore", "utcnow"]


def utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; we always store UTC.
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


class ProgressStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._file = sqlite_file(engine)
        # SQLite has one writer at a time, and a writer that finds the lock taken sleeps
        # in steps of up to 100 ms: queueing this process's writers on a lock of our own
        # cuts the answer p99 several-fold under load (docs/benchmarks.md, load).
        self._write_lock = threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        self._sql = answer_statements(engine.dialect.name)

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

    def _lock_learner(self, conn: Connection, learner_id: str, now: datetime) -> None:
        """Create the learner if new, then hold its row until the transaction ends.

        Two first answers to one topic would otherwise both insert its review card (a
        row lock cannot cover a row that does not exist yet). NO KEY UPDATE, because the
        attempts' foreign key takes KEY SHARE on the same row: FOR UPDATE would deadlock.
        """
        conn.execute(self._sql.add_learner, {"id": learner_id, "created_at": now})
        conn.execute(self._sql.lock_learner, {"learner": learner_id})

    def ensure_learner(self, learner_id: str) -> None:
        self._writable()
        with self._write() as conn:
            conn.execute(self._sql.add_learner, {"id": learner_id, "created_at": utcnow()})

    def answer(
        self,
        learner_id: str,
        topic_id: str,
        item_id: str,
        *,
        kind: str,
        event: Event,
        answer: str,
        prompt: str | None = None,
        expected: str | None = None,
        version: int | None = None,
        placement: bool = False,
        now: datetime | None = None,
    ) -> str | None:
        """Move one item along its lifecycle and log the answer, in one transaction.

        Returns the item's new state, or None when it was already closed (then nothing is
        written: a closed item's answers are for the learner alone).
        """
        self._writable()
        now = now or utcnow()
        with self._write() as conn:
            # The learner's row lock serialises this learner's answers (two tabs posting the
            # same answer at once must move the item once).
            self._lock_learner(conn, learner_id, now)
            sql, item = self._sql, item_id[:200]
            where = {"learner": learner_id, "item": item}
            current = conn.execute(sql.item_state, where).scalar()
            new_state = step(kind, current, event)
            if new_state is None:
                return None
            attempt = {
                "learner_id": learner_id,
                "topic_id": topic_id,
                "item_id": item,
                "kind": "reveal" if event == "reveal" else kind,
                "correct": event == "right",
                "answer": answer[:500],
                "created_at": now,
                "outcome": new_state,
                "prompt": prompt,
                "expected": None if expected is None else expected[:500],
                "version": version,
                "source": "server",
            }
            conn.execute(sql.add_attempt, attempt)
            if current is None:
                conn.execute(
                    sql.add_item,
                    {
                        "learner_id": learner_id,
                        "item_id": item,
                        "topic_id": topic_id,
                        "kind": kind,
                        "state": new_state,
                        "source": "server",
                        "placement": placement,
                        "created_at": now,
                        "updated_at": now,
                    },
                )
            else:
                conn.execute(sql.move_item, {**where, "new_state": new_state, "now": now})
            if new_state in FINAL:
                self._review(conn, learner_id, topic_id, new_state, now)
        return new_state

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
    ) -> str | None:
        """answer() for callers that only know right or wrong (kind "reveal" reveals)."""
        event: Event = "reveal" if kind == "reveal" else ("right" if correct else "wrong")
        return self.answer(
            learner_id,
            topic_id,
            item_id,
            kind="quiz" if kind == "quiz" else "practice",
            event=event,
            answer=answer,
            now=now,
        )

    def item_state(self, learner_id: str, item_id: str) -> str | None:
        """Where the learner stands with one item (None: never answered)."""
        key = (ItemState.learner_id == learner_id) & (ItemState.item_id == item_id[:200])
        with self.engine.connect() as conn:
            return conn.execute(select(ItemState.state).where(key)).scalar()

    def _review(
        self, conn: Connection, learner_id: str, topic_id: str, outcome: str, now: datetime
    ) -> None:
        where = {"learner": learner_id, "topic": topic_id}
        current = conn.execute(self._sql.review_card, where).scalar()
        card, due = review(current, outcome, now)
        if current is None:
            row = {"learner_id": learner_id, "topic_id": topic_id, "card": card, "due": due}
            conn.execute(self._sql.add_review, row)
        else:
            conn.execute(self._sql.move_review, {**where, "new_card": card, "new_due": due})

    def progress(self, learner_id: str) -> dict[str, dict[str, Any]]:
        """Per topic: attempts (distinct items), correct (first try), assisted, revealed,
        imported, mastery, due, and known (placed out of it)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(ItemState.topic_id, ItemState.state, ItemState.source, ItemState.placement)
                .where(ItemState.learner_id == learner_id)
                .order_by(ItemState.created_at, ItemState.item_id)
            ).all()
            dues = dict(
                conn.execute(
                    select(ReviewState.topic_id, ReviewState.due).where(
                        ReviewState.learner_id == learner_id
                    )
                ).all()
            )
        return summarise(rows, {t: _aware(d).isoformat() for t, d in dues.items()})

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

    def export(self, learner_id: str, key: str | None = None) -> dict[str, Any]:
        """The learner's record as JSON; with the server's key each item is signed."""
        with self.engine.connect() as conn:
            attempts = conn.execute(
                select(Attempt).where(Attempt.learner_id == learner_id).order_by(Attempt.id)
            ).all()
            items = conn.execute(
                select(ItemState)
                .where(ItemState.learner_id == learner_id)
                .order_by(ItemState.created_at)
            ).all()
            reviews = conn.execute(
                select(ReviewState).where(ReviewState.learner_id == learner_id)
            ).all()
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": utcnow().isoformat(),
            "attempts": [_attempt_json(a) for a in attempts],
            "items": [_item_json(i, key) for i in items],
            "reviews": [
                {
                    "topic_id": r.topic_id,
                    "card": json.loads(r.card),
                    "due": _aware(r.due).isoformat(),
                }
                for r in reviews
            ],
        }

    def import_(self, learner_id: str, data: Any, key: str | None = None) -> int:
        """Merge an export into this learner's record; returns the number of new attempts.

        Items signed by this server (with `key`) count as they did; any other item is
        recorded as `imported`. What the learner already has wins over the file."""
        self._writable()
        parsed = parse_export(data)
        now = utcnow()
        with self._write() as conn:
            self._lock_learner(conn, learner_id, now)
            seen = {
                (a.topic_id, a.item_id, a.kind, _aware(a.created_at), a.answer)
                for a in conn.execute(select(Attempt).where(Attempt.learner_id == learner_id))
            }
            added = 0
            for a in parsed.attempts:
                if a.key() in seen:
                    continue  # in the store already, or earlier in this same file
                seen.add(a.key())
                row = a.model_dump()
                conn.execute(
                    insert(Attempt).values(learner_id=learner_id, source="imported", **row)
                )
                added += 1
            topics = self._import_items(conn, learner_id, parsed, key, now)
            for topic_id in sorted(topics):
                self._rebuild_review(conn, learner_id, topic_id)
        return added

    def _import_items(
        self, conn: Connection, learner_id: str, parsed: Export, key: str | None, now: datetime
    ) -> set[str]:
        have = set(
            conn.execute(select(ItemState.item_id).where(ItemState.learner_id == learner_id))
            .scalars()
            .all()
        )
        listed = {i.item_id for i in parsed.items}
        derived = [i for i in items_from_attempts(parsed.attempts) if i.item_id not in listed]
        touched: set[str] = set()
        for item in [*parsed.items, *derived]:
            if item.item_id in have:
                continue
            have.add(item.item_id)
            conn.execute(
                insert(ItemState).values(
                    learner_id=learner_id,
                    item_id=item.item_id,
                    topic_id=item.topic_id,
                    kind=item.kind,
                    state=item.state,
                    source="server" if signed_by(key, item) else "imported",
                    placement=item.placement,
                    created_at=item.created_at,
                    updated_at=now,
                )
            )
            touched.add(item.topic_id)
        return touched

    def _rebuild_review(self, conn: Connection, learner_id: str, topic_id: str) -> None:
        """The topic's review card replayed from the learner's items, oldest first: an
        imported card is never trusted, so a malformed one cannot break the topic."""
        outcomes = conn.execute(
            select(ItemState.state, ItemState.created_at)
            .where((ItemState.learner_id == learner_id) & (ItemState.topic_id == topic_id))
            .order_by(ItemState.created_at)
        ).all()
        card: str | None = None
        due: datetime | None = None
        for state, when in outcomes:
            if state in FINAL:
                card, due = review(card, state, _aware(when))
        if card is None or due is None:
            return
        key = (ReviewState.learner_id == learner_id) & (ReviewState.topic_id == topic_id)
        conn.execute(delete(ReviewState).where(key))
        conn.execute(
            insert(ReviewState).values(learner_id=learner_id, topic_id=topic_id, card=card, due=due)
        )

    def reset(self, learner_id: str) -> None:
        self._writable()
        with self._write() as conn:
            conn.execute(delete(Attempt).where(Attempt.learner_id == learner_id))
            conn.execute(delete(ItemState).where(ItemState.learner_id == learner_id))
            conn.execute(delete(ReviewState).where(ReviewState.learner_id == learner_id))


def _attempt_json(a: Any) -> dict[str, Any]:
    return {
        "topic_id": a.topic_id,
        "item_id": a.item_id,
        "kind": a.kind,
        "correct": a.correct,
        "answer": a.answer,
        "created_at": _aware(a.created_at).isoformat(),
        "outcome": a.outcome,
        "prompt": a.prompt,
        "expected": a.expected,
        "version": a.version,
    }


def _review_json(r: Any) -> dict[str, Any]:
    return {"topic_id": r.topic_id, "card": json.loads(r.card), "due": _aware(r.due).isoformat()}


def _item_json(i: Any, key: str | None) -> dict[str, Any]:
    item = {
        "topic_id": i.topic_id,
        "item_id": i.item_id,
        "kind": i.kind,
        "state": i.state,
        "placement": bool(i.placement),
        "created_at": _aware(i.created_at).isoformat(),
    }
    # Only what this server saw happen is signed: an item it imported unsigned stays a claim.
    if key and i.source == "server":
        item["signature"] = item_signature(key, {**item, "created_at": _aware(i.created_at)})
    return item
