"""The SQL that every answer runs, built once per store with bound parameters.

Building a statement per call (`insert(Attempt).values(...)`) costs SQLAlchemy more Python
than the database spends running it: the soak's profile put statement building and its
cache keys at a fifth of the server process's GIL time, and that time is taken from the
event loop. A statement built once keeps its cache key, so each answer only binds values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from .models import Attempt, ItemState, Learner, ReviewState


@dataclass(frozen=True)
class AnswerStatements:
    """Executed with a dict of parameters: `learner`, `item`, `topic` in the keys; the
    inserts take their columns by name."""

    add_learner: Any  # insert, ignored when the learner exists: {id, created_at}
    lock_learner: Any  # the learner's row, locked to the transaction: {learner}
    item_state: Any  # {learner, item} -> state
    add_attempt: Any  # insert: Attempt's columns
    add_item: Any  # insert: ItemState's columns
    move_item: Any  # {learner, item, new_state, now}
    review_card: Any  # {learner, topic} -> card, locked
    add_review: Any  # insert: ReviewState's columns
    move_review: Any  # {learner, topic, new_card, new_due}


def answer_statements(dialect: str) -> AnswerStatements:
    """The statements for one database dialect ("sqlite" or "postgresql")."""
    ignoring = (postgresql if dialect == "postgresql" else sqlite).insert
    item = (ItemState.learner_id == bindparam("learner")) & (ItemState.item_id == bindparam("item"))
    review = (ReviewState.learner_id == bindparam("learner")) & (
        ReviewState.topic_id == bindparam("topic")
    )
    return AnswerStatements(
        add_learner=ignoring(Learner).on_conflict_do_nothing(),
        lock_learner=select(Learner.id)
        .where(Learner.id == bindparam("learner"))
        .with_for_update(key_share=True),
        item_state=select(ItemState.state).where(item),
        add_attempt=insert(Attempt),
        add_item=insert(ItemState),
        move_item=update(ItemState)
        .where(item)
        .values(state=bindparam("new_state"), updated_at=bindparam("now")),
        review_card=select(ReviewState.card).where(review).with_for_update(),
        add_review=insert(ReviewState),
        move_review=update(ReviewState)
        .where(review)
        .values(card=bindparam("new_card"), due=bindparam("new_due")),
    )
