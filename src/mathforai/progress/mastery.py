"""The mastery ladder: new → attempted → familiar → proficient → mastered.

Judged on the most recent answers, so a learner who has improved is not held back by
early mistakes, and one who has slipped sees it.
"""

from __future__ import annotations

from collections.abc import Sequence

LADDER = ("new", "attempted", "familiar", "proficient", "mastered")
WINDOW = 10


def mastery(results: Sequence[bool]) -> str:
    """Mastery from a topic's results, oldest first."""
    if not results:
        return "new"
    recent = list(results)[-WINDOW:]
    right = sum(recent)
    if len(recent) >= 8 and right >= 0.9 * len(recent) and all(recent[-3:]):
        return "mastered"
    if len(recent) >= 4 and right >= 0.75 * len(recent):
        return "proficient"
    if right >= 2 and right >= 0.5 * len(recent):
        return "familiar"
    return "attempted"
