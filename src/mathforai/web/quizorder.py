"""The order a learner sees a quick check's choices in: shuffled per learner and per quiz,
and stable for that learner, so "always pick the first" is no strategy.

A learner falls in one of ORDERS groups, read from their cookie (a visitor without one is in
group 0), so a lesson page is still the same bytes for everyone in a group and the page cache
keeps one copy per group (web/pagecache.py). Forms always send a choice's position in the
source file, whatever order it was shown in, and carry the group they were shown in so the
page after a JavaScript-off answer shows the same order.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

ORDERS = 8


def group_of(cookie: str | None) -> int:
    """The learner's order group, from the raw learner cookie (0 without one)."""
    if not cookie:
        return 0
    return int.from_bytes(hashlib.sha256(cookie.encode("utf-8", "replace")).digest()[:2]) % ORDERS


def parse_group(raw: str | None) -> int | None:
    if raw is None or not (raw.isascii() and raw.isdigit()) or int(raw) >= ORDERS:
        return None
    return int(raw)


def order(quiz_id: str, count: int, group: int) -> list[int]:
    """Original indices of a quiz's choices in the order this group sees them."""
    positions = list(range(count))
    random.Random(f"quiz-order:{quiz_id}:{group}").shuffle(positions)
    return positions


def shown(quiz: Any, group: int) -> list[tuple[int, Any]]:
    """(original index, choice) pairs in display order, for the template."""
    return [(i, quiz.choices[i]) for i in order(quiz.id, len(quiz.choices), group)]
