"""Every topic's generators, and exercises rebuilt from their ids (topic:generator:seed).

An id names its generator, never its position in a list, so reordering a topic's generators
or adding one leaves every stored id meaning what it meant. A generator carries a version: a
change to what it draws for a seed must bump it (tests/practice/golden pins the output).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from .exercise import Exercise

Generator = Callable[[random.Random], Exercise]
ID_PATTERN = r"\d\.\d{1,2}:[a-z][a-z0-9-]{0,47}:\d{1,12}"
_ID = re.compile(rf"^({ID_PATTERN.replace(':', '):(', 2)})$")
MAX_SEED = 10**12 - 1
SEPARATOR = "~"  # between an id and the signature it is issued with (identity.py)


class UnknownExercise(LookupError):
    pass


@dataclass(frozen=True)
class Spec:
    """One generator: its topic, stable name (in ids), version, and the function."""

    topic: str
    name: str
    version: int
    make: Generator


def generator_name(make: Generator) -> str:
    """A generator's name in ids: its function name with hyphens (dot_compute → dot-compute)."""
    return str(getattr(make, "generator_name", make.__name__)).strip("_").replace("_", "-")


@lru_cache(maxsize=1)
def specs() -> dict[str, tuple[Spec, ...]]:
    """Topic id → its generators, easiest first (built once; read-only)."""
    from .generators import modules

    table: dict[str, list[Spec]] = {}
    for module in modules():
        for topic, gens in module.GENERATORS.items():
            for make in gens:
                version = int(getattr(make, "version", 1))
                table.setdefault(topic, []).append(Spec(topic, generator_name(make), version, make))
    for topic, entries in table.items():
        names = [s.name for s in entries]
        if len(set(names)) != len(names):
            raise RuntimeError(f"topic {topic} has two generators with one name: {names}")
    return {topic: tuple(entries) for topic, entries in table.items()}


def generators() -> dict[str, list[Generator]]:
    """Topic id → its generator functions, easiest first."""
    return {topic: [s.make for s in entries] for topic, entries in specs().items()}


def spec_for(topic: str, kind: int | str) -> Spec:
    """A topic's generator by name, or by position (easiest first)."""
    entries = specs().get(topic)
    if not entries:
        raise UnknownExercise(f"there is no practice for topic {topic!r}")
    if isinstance(kind, int):
        if not 0 <= kind < len(entries):
            raise UnknownExercise(f"topic {topic} has exercise kinds 0–{len(entries) - 1}")
        return entries[kind]
    for entry in entries:
        if entry.name == kind:
            return entry
    names = ", ".join(e.name for e in entries)
    raise UnknownExercise(f"topic {topic} has no generator {kind!r}; it has {names}")


def base_id(topic: str, spec: Spec, seed: int) -> str:
    """The id of the exercise `spec` makes for `seed`: topic:generator:seed."""
    return f"{topic}:{spec.name}:{seed}"


def make_exercise(topic: str, kind: int | str, seed: int) -> Exercise:
    """The exercise a generator (named, or by position) makes for a seed: always the same."""
    spec = spec_for(topic, kind)
    base = base_id(topic, spec, seed)
    exercise = spec.make(random.Random(base))
    return replace(exercise, id=base, topic=topic, version=spec.version)


def parse_id(exercise_id: object) -> tuple[str, str, int]:
    """(topic, generator name, seed) of an id; UnknownExercise when it is not one."""
    # An issued id's signature is checked by identity.verify, not here: rebuilding is free.
    base = exercise_id.partition(SEPARATOR)[0] if isinstance(exercise_id, str) else None
    match = _ID.match(base.strip()) if base is not None else None
    if not match:
        raise UnknownExercise(
            f"{exercise_id!r} is not an exercise id (topic:generator:seed, e.g. 1.5:dot-compute:7)"
        )
    topic, name, seed = match.groups()
    return topic, name, int(seed)


def exercise_from_id(exercise_id: str) -> Exercise:
    topic, name, seed = parse_id(exercise_id)
    return make_exercise(topic, name, seed)


def pick(topic: str, seed: int, level: int = 0) -> Exercise:
    """The exercise for a seed: the seed alone decides the generator, nudged up by level."""
    entries = specs().get(topic)
    if not entries:
        raise UnknownExercise(f"there is no practice for topic {topic!r}")
    return make_exercise(topic, (seed + level) % len(entries), seed)
