"""What the linear-algebra generators share: small integer vectors and matrices, and
exercises that keep only the mistakes a typed answer can show."""

from __future__ import annotations

import random
from typing import Any

from ...engine.notation import vec
from ..exercise import AnswerFormat, Exercise, Misconception
from .building import keep_mistakes, result

EXACT = None  # decimals=None: whole-number answers are graded exactly, not to ±0.5
CHANNELS = 3  # RGB


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------


def _exercise(
    topic: str,
    prompt: str,
    answer_format: AnswerFormat,
    expected: Any,
    op: str,
    args: dict[str, Any],
    *,
    decimals: int | None = EXACT,
    choices: tuple[str, ...] | None = None,
    mistakes: tuple[Misconception, ...] = (),
) -> Exercise:
    """An exercise keeping only the mistakes that are told apart from the answer for this seed."""
    exercise = Exercise(
        topic=topic,
        prompt=prompt,
        answer_format=answer_format,
        expected=expected,
        solution_op=op,
        solution_args=args,
        decimals=decimals,
        choices=choices,
    )
    return keep_mistakes(exercise, [(m.value, m.message) for m in mistakes])


def _ints(rng: random.Random, n: int, lo: int = -5, hi: int = 9) -> list[int]:
    return [rng.randint(lo, hi) for _ in range(n)]


def _nonzero_ints(rng: random.Random, n: int, lo: int = -5, hi: int = 9) -> list[int]:
    """A vector with at least two nonzero entries (so it is not trivially along an axis)."""
    while True:
        v = _ints(rng, n, lo, hi)
        if sum(x != 0 for x in v) >= 2:
            return v


def _matrix(rng: random.Random, rows: int, cols: int, lo: int = -3, hi: int = 9) -> list[list[int]]:
    return [_ints(rng, cols, lo, hi) for _ in range(rows)]


def _lvecs(vectors: list[list[int]], letter: str = "v") -> str:
    """$v_1 = [1, 2]$, $v_2 = [3, 4]$ — each vector named, for a prompt."""
    return ", ".join(f"${letter}_{i + 1} = {vec(v)}$" for i, v in enumerate(vectors))


def _vectors_of_rank(rng: random.Random, n: int, k: int, rank: int) -> list[list[int]]:
    """k integer vectors in ℝⁿ whose span has exactly the given rank, in random order."""
    while True:
        vectors = _try_vectors_of_rank(rng, n, k, rank)
        # Two constant vectors such as [2, 2, 2] and [-2, -2, -2] trip an assertion in the
        # engine's independence note (reported); they teach nothing extra, so skip them.
        if sum(len(set(v)) == 1 for v in vectors) < 2:
            return vectors


def _try_vectors_of_rank(rng: random.Random, n: int, k: int, rank: int) -> list[list[int]]:
    while True:
        bases = [_nonzero_ints(rng, n, -3, 4) for _ in range(rank)]
        if result("span", {"vectors": bases})["rank"] == rank:
            break
    vectors = [list(b) for b in bases]
    while len(vectors) < k:
        coefs = _ints(rng, rank, -2, 2)
        combo = [sum(c * b[i] for c, b in zip(coefs, bases)) for i in range(n)]
        if any(combo) and combo not in vectors:
            vectors.append(combo)
    rng.shuffle(vectors)
    return vectors


def _parallel_pair(vectors: list[list[int]]) -> bool:
    """Whether some two vectors are multiples of each other (zero counts as parallel)."""
    for i, u in enumerate(vectors):
        for v in vectors[i + 1 :]:
            n = len(u)
            if all(u[a] * v[b] == u[b] * v[a] for a in range(n) for b in range(n)):
                return True
    return False


def _sup(n: int) -> str:
    """n as a superscript, for ℝⁿ in prompts."""
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
