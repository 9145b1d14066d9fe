"""Lab 4, precision: the retrieval scores and their softmax in four floating-point types.

Each type stores and computes the same cosines: float64 (the engine's), float32 (the
model's), float16 and bfloat16 (ml_dtypes), every product, sum and square root rounded
to that type. The lab shows the rounding of the entries, the scores' errors, ranks
that flip, and softmax over score/temperature with and without subtracting the max
first (float16 overflows past e^11.1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import ml_dtypes
import numpy as np

from ..engine import Explanation, InputError, explain
from .corpus import passages, pooled_vectors
from .model import encode, get_encoder
from .retrieval import check_k

TYPES: tuple[tuple[str, Any], ...] = (
    ("float64", np.float64),
    ("float32", np.float32),
    ("float16", np.float16),
    ("bfloat16", ml_dtypes.bfloat16),
)
DEFAULT_K = 8
DEFAULT_TEMPERATURE = 0.05  # a typical contrastive-training temperature
SHOWN_ENTRIES = 4


@dataclass
class TypeResult:
    name: str
    bits: int
    epsilon: float  # the gap between 1 and the next number up
    largest: float
    entries: list[float]  # the query embedding's first entries, rounded to this type
    scores: list[float]
    ranks: list[int]  # 1-based rank of each passage (in float64 order) in this type
    naive: list[float]  # softmax without subtracting the max: may hold inf or nan
    stable: list[float]
    overflowed: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.name,
            "bits": self.bits,
            "epsilon": self.epsilon,
            "largest": self.largest,
            "entries": self.entries,
            "scores": self.scores,
            "ranks": self.ranks,
            "naive_softmax": [_json_number(x) for x in self.naive],
            "stable_softmax": [_json_number(x) for x in self.stable],
            "overflowed": self.overflowed,
        }


@dataclass
class Precision:
    query: str
    temperature: float
    passages: list[str]
    entries: list[float]  # float64 reference for the rounding table
    types: list[TypeResult]
    softmax_working: Explanation  # the engine's float64 softmax of score / temperature

    @property
    def flips(self) -> list[dict[str, Any]]:
        """Each type whose ranking differs from float64's, and where."""
        out = []
        for t in self.types[1:]:
            changed = [i for i, r in enumerate(t.ranks) if r != i + 1]
            if changed:
                out.append({"type": t.name, "passages": changed})
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "temperature": self.temperature,
            "passages": self.passages,
            "entries": self.entries,
            "types": [t.to_dict() for t in self.types],
            "flips": self.flips,
            "softmax_working": self.softmax_working.to_dict(),
        }


def check_temperature(value: object) -> float:
    if value is None:
        return DEFAULT_TEMPERATURE
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not 0.01 <= value <= 10:  # type: ignore[arg-type]
        raise InputError("temperature", "temperature must be a number from 0.01 to 10")
    return float(value)  # type: ignore[arg-type]


def precision(query: object, k: object = None, temperature: object = None) -> Precision:
    count = check_k(DEFAULT_K if k is None else k)
    temp = check_temperature(temperature)
    encoding = encode(query, "query")
    vectors = pooled_vectors(get_encoder())
    q = encoding.pooled
    reference = _cosines(vectors.astype(np.float64), q.astype(np.float64))
    top = np.argsort(-reference, kind="stable")[:count]
    chosen = vectors[top]
    types = [_in_type(name, kind, chosen, q, encoding.embedding, temp) for name, kind in TYPES]
    working = explain("softmax", {"logits": types[0].scores, "temperature": temp})
    corpus = passages()
    return Precision(
        str(query),
        temp,
        [corpus[int(i)].text for i in top],
        [float(x) for x in encoding.embedding[:SHOWN_ENTRIES]],
        types,
        working,
    )


def _cosines(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Every operation in the arrays' own type: that is the point of the lab."""
    dots = (p * q).sum(axis=1)
    return dots / (np.sqrt((p * p).sum(axis=1)) * np.sqrt((q * q).sum()))


def _in_type(
    name: str, kind: Any, chosen: np.ndarray, q: np.ndarray, unit: np.ndarray, temp: float
) -> TypeResult:
    info = ml_dtypes.finfo(kind) if kind is ml_dtypes.bfloat16 else np.finfo(kind)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        scores = _cosines(chosen.astype(kind), q.astype(kind))
        logits = scores / np.asarray(temp, dtype=kind)
        exps = np.exp(logits)
        naive = exps / exps.sum()
        shifted = np.exp(logits - logits.max())
        stable = shifted / shifted.sum()
    wide = scores.astype(np.float64)
    order = np.argsort(-wide, kind="stable")
    ranks = [0] * len(wide)
    for r, i in enumerate(order):
        ranks[int(i)] = r + 1
    return TypeResult(
        name=name,
        bits=np.dtype(kind).itemsize * 8,
        epsilon=float(info.eps),
        largest=float(info.max),
        entries=[float(x) for x in unit[:SHOWN_ENTRIES].astype(kind)],
        scores=[float(x) for x in wide],
        ranks=ranks,
        naive=[float(x) for x in naive.astype(np.float64)],
        stable=[float(x) for x in stable.astype(np.float64)],
        overflowed=not bool(np.isfinite(exps.astype(np.float64)).all()),
    )


def _json_number(x: float) -> float | str:
    # JSON has no inf or nan; the overflow is the lesson, so it is spelt out.
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x
