"""Lab 1, embeddings and cosine: two sentences, their vectors, and the engine's cosine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine import Explanation, explain
from .model import Encoding, encode

SHOWN_ENTRIES = 8


@dataclass
class Embedded:
    text: str
    encoding: Encoding

    @property
    def vector(self) -> list[float]:
        return [float(x) for x in self.encoding.embedding]

    @property
    def norm_before(self) -> float:
        """The length of the mean-pooled vector, before it was divided by it."""
        return float(np.linalg.norm(self.encoding.pooled))

    def to_dict(self) -> dict[str, Any]:
        vector = self.vector
        return {
            "text": self.text,
            "tokens": self.encoding.tokens,
            "ids": self.encoding.ids,
            "embedding": vector,
            "dimensions": len(vector),
            "first": vector[:SHOWN_ENTRIES],
            "norm_before_normalising": self.norm_before,
        }


def embed(text: object, field: str = "text") -> Embedded:
    """One sentence through the model (InputError for empty or over-long text)."""
    encoding = encode(text, field)
    return Embedded(str(text), encoding)


def cosine_working(a: Embedded, b: Embedded) -> Explanation:
    """The engine's cosine of the two embeddings, with its working.

    The embeddings have length 1, so the working shows both norms ≈ 1 and the cosine
    equal to the dot product: why sentence encoders normalise."""
    return explain("cosine", {"u": a.vector, "v": b.vector})


@dataclass
class Comparison:
    a: Embedded
    b: Embedded
    working: Explanation

    @property
    def cosine(self) -> float:
        return float(self.working.result)

    def to_dict(self, only_cosine: bool = False) -> dict[str, Any]:
        both = {"cosine": self.cosine, "working": self.working.to_dict()}
        return both if only_cosine else {"a": self.a.to_dict(), "b": self.b.to_dict(), **both}


def compare(text_a: object, text_b: object, fields: tuple[str, str] = ("a", "b")) -> Comparison:
    a = embed(text_a, fields[0])
    b = embed(text_b, fields[1])
    return Comparison(a, b, cosine_working(a, b))
