"""Finding topics by the words in their titles, summaries and text.

Thirty lessons fit in memory many times over, so a scan per query is instant and
needs no index to keep in step with the content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MAX_QUERY = 200
MAX_WORDS = 12
_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
SNIPPET = 90


@dataclass(frozen=True)
class Hit:
    doc: Any  # a course Document (Topic or Page)
    score: float
    snippet: str


def words(text: str) -> list[str]:
    return [w.lower().strip("'’-") for w in _WORD.findall(text) if w.strip("'’-")]


def search(documents: Iterable[Any], query: str) -> list[Hit]:
    """Documents holding every word of the query, best first (title > summary > text).

    A word matches the start of a word in the document, so "vector" finds "vectors".
    """
    terms = list(dict.fromkeys(words(query[:MAX_QUERY])))[:MAX_WORDS]
    if not terms:
        return []
    hits = []
    for doc in documents:
        title = words(doc.title)
        summary = words(doc.summary)
        body = words(doc.text)
        score = 0.0
        for term in terms:
            in_title = _count(title, term)
            in_summary = _count(summary, term)
            in_body = _count(body, term)
            if not (in_title or in_summary or in_body):
                break
            score += 10 * in_title + 3 * in_summary + min(in_body, 20)
        else:
            hits.append(Hit(doc, score, snippet(doc.text or doc.summary, terms)))
    return sorted(hits, key=lambda h: -h.score)


def _count(tokens: list[str], term: str) -> int:
    return sum(1 for t in tokens if t.startswith(term))


def snippet(text: str, terms: list[str]) -> str:
    """A short piece of text around the first place a term appears."""
    flat = " ".join(text.split())
    lower = flat.lower()
    positions = [p for p in (lower.find(t) for t in terms) if p >= 0]
    if not positions:
        return flat[: 2 * SNIPPET] + ("…" if len(flat) > 2 * SNIPPET else "")
    start = max(0, min(positions) - SNIPPET)
    end = min(len(flat), min(positions) + SNIPPET)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")
