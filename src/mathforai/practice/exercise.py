"""What an exercise is: a prompt, an expected answer, a tolerance, and the mistakes it knows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

AnswerFormat = Literal["number", "vector", "matrix", "shape", "choice", "boolean"]


@dataclass(frozen=True)
class Misconception:
    """A wrong answer a common mistake produces, and the mistake named."""

    value: Any
    message: str


@dataclass(frozen=True)
class Exercise:
    """One exercise, fully determined by its id (topic:generator:seed) and its generator's
    version."""

    topic: str
    prompt: str
    answer_format: AnswerFormat
    expected: Any
    solution_op: str
    solution_args: dict[str, Any]
    decimals: int | None = 3
    choices: tuple[str, ...] | None = None
    misconceptions: tuple[Misconception, ...] = field(default_factory=tuple)
    id: str = ""
    version: int = 1

    @property
    def length(self) -> int | None:
        """How many entries a vector/shape answer must have (a wrong count is a format error)."""
        if self.answer_format in ("vector", "shape"):
            return len(self.expected)
        return None

    def public(self) -> dict[str, Any]:
        """What the learner is shown (never the expected answer)."""
        out: dict[str, Any] = {
            "exercise_id": self.id,
            "topic": self.topic,
            "prompt": self.prompt,
            "answer_format": self.answer_format,
        }
        if self.choices is not None:
            out["choices"] = list(self.choices)
        return out
