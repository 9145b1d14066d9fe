"""SQLAlchemy 2 tables. Changing them needs an Alembic migration in migrations/versions/."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Learner(Base):
    __tablename__ = "learners"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Attempt(Base):
    """One graded answer: to a practice exercise or a quick check."""

    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_learner_topic", "learner_id", "topic_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    learner_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("learners.id", ondelete="CASCADE")
    )
    topic_id: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    correct: Mapped[bool] = mapped_column(Boolean)
    answer: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Since 0002: what this answer did (lifecycle.py), and what it was graded against.
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    prompt: Mapped[str | None] = mapped_column(Text, nullable=True)
    expected: Mapped[str | None] = mapped_column(String(500), nullable=True)
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="server", server_default="server")


class ItemState(Base):
    """Where one learner stands with one exercise or quick check (lifecycle.py): one row per
    item, so progress counts items, never clicks."""

    __tablename__ = "item_states"
    __table_args__ = (Index("ix_item_states_learner_topic", "learner_id", "topic_id"),)

    learner_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    topic_id: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    # "server": answered here (or a signed export from here); "imported": a claim we cannot check.
    source: Mapped[str] = mapped_column(String(16), default="server", server_default="server")
    placement: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReviewState(Base):
    """The FSRS card of one learner for one topic: when it is next due."""

    __tablename__ = "review_states"

    learner_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    card: Mapped[str] = mapped_column(Text)
    due: Mapped[datetime] = mapped_column(DateTime(timezone=True))
