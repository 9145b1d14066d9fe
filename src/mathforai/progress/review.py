"""Spaced review with FSRS: each topic is a card; a right answer pushes it further out."""

from __future__ import annotations

from datetime import datetime

from fsrs import Card, Rating, Scheduler


def new_card(now: datetime) -> Card:
    return Card(due=now)


def review(card_json: str | None, correct: bool, now: datetime) -> tuple[str, datetime]:
    """The card after one answer, as (json, due)."""
    card = Card.from_json(card_json) if card_json else new_card(now)
    rating = Rating.Good if correct else Rating.Again
    # Scheduler holds only parameters; building one per review is cheap and keeps no state.
    updated, _log = Scheduler(enable_fuzzing=False).review_card(card, rating, now)
    return updated.to_json(), updated.due
