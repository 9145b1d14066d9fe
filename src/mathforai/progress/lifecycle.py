"""The life of one practice exercise or quick check for one learner, as a state machine.

Practice: a first right answer solves it; a first wrong answer earns a hint and a second try
(`retry`); a right second try is `assisted`; a second wrong answer, or asking for the
solution, is `revealed`. Quick checks and placement questions: the first answer decides
(`solved` or `missed`).
After that the item is closed: answers are graded for the learner but change nothing.
"""

from __future__ import annotations

from typing import Literal

Event = Literal["right", "wrong", "reveal"]
FINAL = frozenset({"solved", "assisted", "revealed", "missed"})
STATES = ("retry", *sorted(FINAL))

# How much an item weighs toward mastery (docs/progress.md): a first-try solve fully, a solve
# after a hint half, anything shown or missed nothing.
WEIGHTS = {"solved": 1.0, "assisted": 0.5, "revealed": 0.0, "missed": 0.0, "retry": 0.0}


def step(kind: str, state: str | None, event: Event) -> str | None:
    """The item's state after `event`, or None when it is closed and nothing changes."""
    if state in FINAL:
        return None
    if kind in ("quiz", "placement"):
        # A quick check or a placement question: the first answer decides.
        return "solved" if event == "right" else "missed"
    if state is None:
        return {"right": "solved", "wrong": "retry", "reveal": "revealed"}[event]
    # state == "retry": the second answer
    return "assisted" if event == "right" else "revealed"


def api_state(new_state: str | None) -> str:
    """The `state` the API reports: solved, retry, revealed or closed."""
    if new_state is None:
        return "closed"
    return {"assisted": "solved", "missed": "revealed"}.get(new_state, new_state)
