"""Every topic's generators, and exercises rebuilt from their ids (topic:kind:seed)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from .exercise import Exercise

Generator = Callable[[random.Random], Exercise]
_ID = re.compile(r"^(\d\.\d{1,2}):(\d{1,2}):(\d{1,12})$")
MAX_SEED = 10**12 - 1


class UnknownExercise(LookupError):
    pass


@lru_cache(maxsize=1)
def generators() -> dict[str, list[Generator]]:
    """Topic id → its generators, easiest first (built once; treat as read-only)."""
    from .generators import modules

    table: dict[str, list[Generator]] = {}
    for module in modules():
        for topic, gens in module.GENERATORS.items():
            table.setdefault(topic, []).extend(gens)
    return table


def make_exercise(topic: str, kind: int, seed: int) -> Exercise:
    gens = generators().get(topic)
    if not gens:
        raise UnknownExercise(f"there is no practice for topic {topic!r}")
    if not 0 <= kind < len(gens):
        raise UnknownExercise(f"topic {topic} has exercise kinds 0–{len(gens) - 1}")
    rng = random.Random(f"{topic}:{kind}:{seed}")
    exercise = gens[kind](rng)
    return replace(exercise, id=f"{topic}:{kind}:{seed}", topic=topic)


def exercise_from_id(exercise_id: str) -> Exercise:
    match = _ID.match(exercise_id.strip()) if isinstance(exercise_id, str) else None
    if not match:
        raise UnknownExercise(f"{exercise_id!r} is not an exercise id (topic:kind:seed)")
    topic, kind, seed = match.groups()
    return make_exercise(topic, int(kind), int(seed))


def pick(topic: str, seed: int, level: int = 0) -> Exercise:
    """The exercise for a seed: the seed alone decides the kind, nudged up by level."""
    gens = generators().get(topic)
    if not gens:
        raise UnknownExercise(f"there is no practice for topic {topic!r}")
    kind = (seed + level) % len(gens)
    return make_exercise(topic, kind, seed)
