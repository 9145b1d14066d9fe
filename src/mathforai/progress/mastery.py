"""The mastery ladder: new → attempted → familiar → proficient → mastered.

Judged on the most recent items, so a learner who has improved is not held back by early
mistakes, and one who has slipped sees it. Each item scores its weight (lifecycle.WEIGHTS):
1 for a first-try solve, 0.5 after a hint, 0 when the solution was shown or a quick check
missed. Imported items that this server did not sign score nothing and are left out.
"""

from __future__ import annotations

from collections.abc import Sequence

LADDER = ("new", "attempted", "familiar", "proficient", "mastered")
WINDOW = 10


def mastery(scores: Sequence[float]) -> str:
    """Mastery from a topic's item scores (0–1, True/False allowed), oldest first."""
    if not scores:
        return "new"
    recent = [float(s) for s in list(scores)[-WINDOW:]]
    right = sum(recent)
    if len(recent) >= 8 and right >= 0.9 * len(recent) and all(s >= 1 for s in recent[-3:]):
        return "mastered"
    if len(recent) >= 4 and right >= 0.75 * len(recent):
        return "proficient"
    if right >= 2 and right >= 0.5 * len(recent):
        return "familiar"
    return "attempted"
