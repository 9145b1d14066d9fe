"""Spaced review with FSRS: each topic is a card; a right answer pushes it further out."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fsrs import Card, Rating, Scheduler

_RATINGS = {"solved": Rating.Good, "assisted": Rating.Hard}


def new_card(now: datetime) -> Card:
    return Card(due=now)


def review(card_json: str | None, outcome: bool | str, now: datetime) -> tuple[str, datetime]:
    """The card after one item's outcome (True/"solved" Good, "assisted" Hard, else Again)."""
    card = Card.from_json(card_json) if card_json else new_card(now)
    key = ("solved" if outcome else "revealed") if isinstance(outcome, bool) else outcome
    rating = _RATINGS.get(key, Rating.Again)
    # Scheduler holds only parameters; building one per review is cheap and keeps no state.
    updated, _log = Scheduler(enable_fuzzing=False).review_card(card, rating, now)
    return updated.to_json(), updated.due


def valid_card(card: Any) -> bool:
    """Whether an imported card is a card the fsrs library itself reads back."""
    try:
        Card.from_json(json.dumps(card))
    except (TypeError, ValueError, KeyError, AttributeError):
        return False
    return True
