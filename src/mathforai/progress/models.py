"""SQLAlchemy 2 tables. Changing them needs an Alembic migration in migrations/versions/."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
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


class ReviewState(Base):
    """The FSRS card of one learner for one topic: when it is next due."""

    __tablename__ = "review_states"

    learner_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    card: Mapped[str] = mapped_column(Text)
    due: Mapped[datetime] = mapped_column(DateTime(timezone=True))
