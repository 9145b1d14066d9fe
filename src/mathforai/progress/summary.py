"""A learner's items summed up per topic: what /api/progress and the pages show."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from .lifecycle import FINAL, WEIGHTS
from .mastery import mastery

Row = Sequence[Any]  # (topic_id, state, source, placement)


def summarise(rows: Iterable[Row], dues: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Per topic: attempts = distinct items answered; correct = solved on the first try on
    this server; assisted = solved after a hint; revealed = solution shown; imported = items
    claimed by an unsigned import (never counted as solves); mastery from the items'
    weights (mastery.py); known = answered right in the placement test."""
    topics: dict[str, dict[str, Any]] = {}
    scores: dict[str, list[float]] = defaultdict(list)
    for topic_id, state, source, placement in rows:
        t = topics.setdefault(
            topic_id,
            {"attempts": 0, "correct": 0, "assisted": 0, "revealed": 0, "imported": 0},
        )
        t["attempts"] += 1
        t.setdefault("known", False)
        if source != "server":
            t["imported"] += 1
            continue  # a claim we cannot check moves nothing
        t["correct"] += state == "solved"
        t["assisted"] += state == "assisted"
        t["revealed"] += state == "revealed"
        if placement and state == "solved":
            t["known"] = True
        if state in FINAL:
            scores[topic_id].append(WEIGHTS[state])
    for topic_id, t in topics.items():
        t["mastery"] = mastery(scores[topic_id])
        if t["mastery"] == "new" and t["attempts"] > t["imported"]:
            t["mastery"] = "attempted"  # an exercise in its second try
        t["due"] = dues.get(topic_id)
    return topics
