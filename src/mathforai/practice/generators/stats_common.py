"""What the statistics generators share: probabilities in tenths, and number, choice and
yes/no exercises that keep only the mistakes a typed answer can show."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from typing import Any

from ..exercise import Exercise
from .building import Candidate, mistakes_for

# ---------------------------------------------------------------- shared helpers


def _larger(first: float, second: float) -> int:
    """0 or 1 for whichever is larger; 2 ("the same") when they agree to float precision."""
    if math.isclose(first, second, rel_tol=1e-9, abs_tol=1e-12):
        return 2
    return 0 if first > second else 1


def _tenths(rng: random.Random, parts: int) -> list[int]:
    """Positive whole numbers adding up to 10: a distribution in tenths."""
    cuts = sorted(rng.sample(range(1, 10), parts - 1))
    edges = [0, *cuts, 10]
    return [b - a for a, b in itertools.pairwise(edges)]


def _probs(tenths: Sequence[int]) -> list[float]:
    return [round(t / 10, 1) for t in tenths]


def _spread_ints(rng: random.Random, n: int, lo: int, hi: int) -> list[int]:
    """n whole numbers that are not all equal (so variance is above 0)."""
    while True:
        x = [rng.randint(lo, hi) for _ in range(n)]
        if len(set(x)) > 1:
            return x


def _number(
    topic: str,
    prompt: str,
    expected: float,
    op: str,
    args: dict[str, Any],
    decimals: int,
    mistakes: Sequence[Candidate] = (),
) -> Exercise:
    return Exercise(
        topic=topic,
        prompt=prompt,
        answer_format="number",
        expected=float(expected),
        solution_op=op,
        solution_args=args,
        decimals=decimals,
        misconceptions=mistakes_for("number", float(expected), decimals, mistakes),
    )


def _choice(
    topic: str,
    prompt: str,
    choices: Sequence[str],
    expected: int,
    op: str,
    args: dict[str, Any],
    mistakes: Sequence[Candidate] = (),
) -> Exercise:
    return Exercise(
        topic=topic,
        prompt=prompt,
        answer_format="choice",
        expected=expected,
        solution_op=op,
        solution_args=args,
        decimals=None,
        choices=tuple(choices),
        misconceptions=mistakes_for("choice", expected, None, mistakes, tuple(choices)),
    )


def _boolean(
    topic: str,
    prompt: str,
    expected: bool,
    op: str,
    args: dict[str, Any],
    mistakes: Sequence[Candidate] = (),
) -> Exercise:
    return Exercise(
        topic=topic,
        prompt=prompt,
        answer_format="boolean",
        expected=bool(expected),
        solution_op=op,
        solution_args=args,
        decimals=None,
        misconceptions=mistakes_for("boolean", bool(expected), None, mistakes),
    )
