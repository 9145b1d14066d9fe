"""Lab 2, retrieval: rank the course's passages against a query, as RAG does.

Scores are cosines of the mean-pooled vectors, computed in float64 from the model's
float32 vectors, so they agree with the engine's working for the top hit. The lab also
ranks by the raw dot product of the same unnormalised vectors, to show what
normalising buys: a long vector no longer wins just by being long.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine import Explanation, InputError, explain
from .corpus import Passage, passages, pooled_vectors
from .model import Encoding, encode, get_encoder

DEFAULT_K = 5
MAX_K = 20


@dataclass(frozen=True)
class Hit:
    rank: int  # 1-based
    passage: Passage
    score: float  # the cosine by default; the raw dot product in `by_dot`
    cosine_rank: int
    norm: float  # the passage vector's length before normalising

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "passage": self.passage.text,
            "score": self.score,
            "topic": self.passage.topic,
            "id": self.passage.index,
            "cosine_rank": self.cosine_rank,
            "norm": self.norm,
        }


@dataclass
class Search:
    query: str
    k: int
    encoding: Encoding
    results: list[Hit]
    by_dot: list[Hit]
    working: Explanation  # the engine's cosine for the top hit

    @property
    def moved(self) -> int:
        """How many of the top k by dot product are not at the same rank by cosine."""
        return sum(1 for hit in self.by_dot if hit.cosine_rank != hit.rank)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "k": self.k,
            "tokens": self.encoding.tokens,
            "results": [h.to_dict() for h in self.results],
            "by_dot": [h.to_dict() for h in self.by_dot],
            "moved": self.moved,
            "working": self.working.to_dict(),
        }


def check_k(k: object) -> int:
    if k is None:
        return DEFAULT_K
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise InputError("k", f"k must be a whole number from 1 to {MAX_K} (got {k!r})")
    return k


def search(query: object, k: object = None) -> Search:
    count = check_k(k)
    encoding = encode(query, "query")
    vectors = pooled_vectors(get_encoder()).astype(np.float64)
    q = encoding.pooled.astype(np.float64)
    norms = np.linalg.norm(vectors, axis=1)
    dots = vectors @ q
    cosines = dots / (norms * np.linalg.norm(q))
    by_cosine = _order(cosines)
    cosine_rank = {int(i): r + 1 for r, i in enumerate(by_cosine)}
    corpus = passages()

    def hits(order: np.ndarray, scores: np.ndarray) -> list[Hit]:
        return [
            Hit(r + 1, corpus[i], float(scores[i]), cosine_rank[int(i)], float(norms[i]))
            for r, i in enumerate(order[:count])
        ]

    top = int(by_cosine[0])
    # The working uses the unnormalised vectors: both lengths differ from 1, so the
    # division by ‖u‖·‖v‖ is doing real work.
    working = explain("cosine", {"u": _floats(q), "v": _floats(vectors[top])})
    return Search(
        str(query), count, encoding, hits(by_cosine, cosines), hits(_order(dots), dots), working
    )


def _order(scores: np.ndarray) -> np.ndarray:
    # Stable, highest first; ties keep corpus order so results are reproducible.
    return np.argsort(-scores, kind="stable")


def _floats(v: np.ndarray) -> list[float]:
    return [float(x) for x in v]
