"""The Explanation: a result plus the steps a teacher would write on the board.

Explanations are data. Printers for text, LaTeX, MathML and JSON live in `render/`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Step:
    """One line of working: readable text, its LaTeX twin, and why it is done."""

    text: str
    latex: str
    note: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "latex": self.latex, "note": self.note}


@dataclass
class Explanation:
    """The full-precision result of an operation and the working that led to it."""

    operation: str
    inputs: dict[str, Any]
    result: Any
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "inputs": jsonable(self.inputs),
            "result": jsonable(self.result),
            "steps": [s.to_dict() for s in self.steps],
            "notes": list(self.notes),
        }


def jsonable(value: Any) -> Any:
    """Plain JSON types from numpy scalars/arrays, tuples and integral floats kept as floats."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            # JSON has no inf/nan; the engine never returns them for valid input.
            raise ValueError("non-finite result")
        return value
    return float(value)
