"""The retrieval lab's corpus: passages written for the course, embedded once.

The vectors are cached on disk, keyed by a hash of the passages, the model's weights
and the forward pass's version, so a changed passage or a changed encoder gives a new
file and a stale one is never read.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .encoder import Encoder
from .weights import EXPECTED_SHA256, cache_root

CORPUS_FILE = Path(__file__).parent / "data" / "corpus.txt"
# Bump when the forward pass changes what it computes: the cached vectors then go stale.
FORWARD_VERSION = "1"

_lock = threading.Lock()


@dataclass(frozen=True)
class Passage:
    index: int
    topic: str  # a course topic id such as "1.6", or "lab" for the labs' own subjects
    text: str


@cache
def passages() -> tuple[Passage, ...]:
    out = []
    for line in CORPUS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        topic, _, text = line.partition(" | ")
        out.append(Passage(len(out), topic.strip(), text.strip()))
    return tuple(out)


def corpus_key() -> str:
    digest = hashlib.sha256()
    digest.update(CORPUS_FILE.read_bytes())
    digest.update(EXPECTED_SHA256["model.safetensors"].encode())
    digest.update(FORWARD_VERSION.encode())
    return digest.hexdigest()[:20]


def cache_path() -> Path:
    return cache_root() / f"corpus-{corpus_key()}.npy"


_vectors: np.ndarray | None = None


def pooled_vectors(encoder: Encoder) -> np.ndarray:
    """Every passage's mean-pooled vector (before normalising): (passages, 384) float32."""
    global _vectors
    if _vectors is None:
        with _lock:
            if _vectors is None:
                _vectors = _load_or_build(encoder)
    return _vectors


def _load_or_build(encoder: Encoder) -> np.ndarray:
    path = cache_path()
    count = len(passages())
    try:
        cached = np.load(path, allow_pickle=False)
        if cached.shape == (count, encoder.config.hidden) and np.isfinite(cached).all():
            return cached
    except (OSError, ValueError):
        pass  # missing or damaged: rebuild
    vectors = np.stack([encoder.encode(p.text).pooled for p in passages()]).astype(np.float32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
        np.save(tmp, vectors, allow_pickle=False)
        tmp.replace(path)  # atomic: a concurrent reader sees the whole file or none
    except OSError:
        pass  # a read-only cache folder costs a rebuild next start, nothing more
    return vectors
