"""Moving a learner's record as JSON: export, and an import validated like an answer.

An import is a claim. Its items count toward mastery only when this server signed them at
export (an HMAC with the server's secret key); anything else is kept, visible as `imported`,
and never counted as a first-try solve. Review cards are not trusted either: each imported
card must be one the fsrs library reads, and the topics' cards are then rebuilt from the
merged history. Duplicates merge, and every time is stored in UTC.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .lifecycle import FINAL, STATES

EXPORT_FORMAT = "mathforai-progress"
EXPORT_VERSION = 2
READABLE_VERSIONS = (1, 2)


class ImportFormatError(ValueError):
    """An import file that is not a progress export; the message says what is wrong."""


def utc(value: datetime) -> datetime:
    """An aware UTC time (a naive time is taken to be UTC already, as SQLite returns it)."""
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


class ExportedAttempt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topic_id: str = Field(max_length=16)
    item_id: str = Field(max_length=200)
    kind: str = Field(max_length=16)
    correct: bool
    answer: str = Field(max_length=500)
    created_at: datetime
    outcome: str | None = Field(default=None, max_length=16)
    prompt: str | None = Field(default=None, max_length=5000)
    expected: str | None = Field(default=None, max_length=500)
    version: int | None = None

    def key(self) -> tuple[str, str, str, datetime, str]:
        return (self.topic_id, self.item_id, self.kind, utc(self.created_at), self.answer)


class ExportedItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topic_id: str = Field(max_length=16)
    item_id: str = Field(max_length=200)
    kind: Literal["practice", "quiz"]
    state: str = Field(max_length=16)
    placement: bool = False
    created_at: datetime
    signature: str | None = Field(default=None, max_length=100)


class ExportedReview(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topic_id: str = Field(max_length=16)
    card: dict[str, Any]
    due: datetime


class Export(BaseModel):
    format: str
    version: int
    exported_at: datetime | None = None
    attempts: list[ExportedAttempt] = Field(max_length=100_000)
    items: list[ExportedItem] = Field(default_factory=list, max_length=100_000)
    reviews: list[ExportedReview] = Field(max_length=1_000)


def item_signature(key: str, item: dict[str, Any]) -> str:
    """The server's mark on one exported item: it can tell later that it wrote it."""
    fields = [item["topic_id"], item["item_id"], item["kind"], item["state"], item["placement"]]
    fields.append(utc(item["created_at"]).isoformat())
    message = json.dumps(fields, separators=(",", ":")).encode()
    return hmac.new(key.encode(), b"export|" + message, hashlib.sha256).hexdigest()[:32]


def signed_by(key: str | None, item: ExportedItem) -> bool:
    if not key or not item.signature:
        return False
    expected = item_signature(key, item.model_dump())
    return hmac.compare_digest(item.signature, expected)


def parse_export(data: Any) -> Export:
    """A validated export with every time in UTC; ImportFormatError naming the field."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ImportFormatError(f'not a progress export: expected "format": "{EXPORT_FORMAT}"')
    try:
        parsed = Export.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ImportFormatError(f"{where}: {err['msg']}") from None
    if parsed.version not in READABLE_VERSIONS:
        raise ImportFormatError(f"unsupported export version {parsed.version}")
    _check(parsed)
    for a in parsed.attempts:
        a.created_at = utc(a.created_at)
    for i in parsed.items:
        i.created_at = utc(i.created_at)
    for r in parsed.reviews:
        r.due = utc(r.due)
    return parsed


def _check(parsed: Export) -> None:
    from .review import valid_card

    for n, r in enumerate(parsed.reviews):
        if not valid_card(r.card):
            raise ImportFormatError(
                f"reviews.{n}.card: not an FSRS review card (export it again from mathforai)"
            )
    for n, item in enumerate(parsed.items):
        if item.state not in STATES:
            raise ImportFormatError(f"items.{n}.state: one of {', '.join(STATES)}")


def items_from_attempts(attempts: list[ExportedAttempt]) -> list[ExportedItem]:
    """Items for an export that lists only attempts (version 1): the first answer decided,
    and an old wrong answer showed the solution at once."""
    items: dict[str, ExportedItem] = {}
    for a in sorted(attempts, key=lambda a: a.created_at):
        if a.item_id in items:
            continue
        kind: Literal["practice", "quiz"] = "quiz" if a.kind == "quiz" else "practice"
        state = a.outcome if a.outcome in FINAL else None
        if state is None:
            state = "solved" if a.correct else ("missed" if kind == "quiz" else "revealed")
        items[a.item_id] = ExportedItem(
            topic_id=a.topic_id, item_id=a.item_id, kind=kind, state=state, created_at=a.created_at
        )
    return list(items.values())
