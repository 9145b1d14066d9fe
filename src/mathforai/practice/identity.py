"""Exercise ids issued to one learner: the id plus a signature made with the server's key.

The server can then tell, with no record kept, that it gave this exercise to this learner
(and at this generator version): a crafted or borrowed id fails the check. Issuing writes
nothing, so a visitor who only looks at an exercise creates no database row.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from .exercise import Exercise
from .registry import (
    SEPARATOR,
    UnknownExercise,
    base_id,
    parse_id,
    spec_for,
)


class NotIssued(LookupError):
    """An id this server did not issue to this learner (or issued for an older generator)."""


def _signature(key: str, learner_id: str, base_id: str, version: int) -> str:
    message = f"exercise|{learner_id}|{base_id}|v{version}".encode()
    digest = hmac.new(key.encode(), message, hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def issue(key: str, learner_id: str, exercise: Exercise) -> str:
    """The id this learner is given for an exercise: base id ~ signature."""
    return f"{exercise.id}{SEPARATOR}{_signature(key, learner_id, exercise.id, exercise.version)}"


def split(issued_id: str) -> tuple[str, str]:
    base, _, signature = issued_id.strip().partition(SEPARATOR)
    return base, signature


def verify(key: str, learner_id: str, issued_id: object) -> str:
    """The canonical id of an exercise this learner was given, checked with no engine work
    (the generator's spec only): build the exercise from it (in a compute worker, on the
    web) only after this. UnknownExercise if it is no id, NotIssued if this learner was
    never given it (or it was issued for an older generator)."""
    if not isinstance(issued_id, str):
        raise UnknownExercise("exercise_id must be the string you were given with the exercise")
    base, signature = split(issued_id)
    topic, name, seed = parse_id(base)
    spec = spec_for(topic, name)
    canonical = base_id(topic, spec, seed)
    expected = _signature(key, learner_id, canonical, spec.version)
    if not signature or not hmac.compare_digest(signature, expected):
        raise NotIssued(
            f"exercise {base} was not issued to you (or has changed since): "
            "ask for an exercise with POST /api/practice/{topic} and answer the id it gives"
        )
    return canonical
