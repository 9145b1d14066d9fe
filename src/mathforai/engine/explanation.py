"""The Explanation: a result plus the steps a teacher would write on the board.

Explanations are data. Printers for text, LaTeX, MathML and JSON live in `render/`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .mathprint import to_json, to_latex, to_text
from .mathtree import Node, renamed


class Step:
    """One line of working: an expression tree (`math`) and why it is done (`note`).

    `text` and `latex` are printed from the tree, so they always carry the same numbers.
    A step built the old way, `Step(text, latex, note)`, keeps its strings as given; new
    code writes `Step(math=eq(...), note="...")` (see `mathtree` and docs/authoring.md).
    """

    __slots__ = ("_latex", "_text", "math", "note")

    def __init__(
        self, text: str = "", latex: str = "", note: str = "", *, math: Node | None = None
    ) -> None:
        self.math = math
        self.note = note
        self._text = text
        self._latex = latex

    @property
    def text(self) -> str:
        return self._text if self.math is None else to_text(self.math)

    @property
    def latex(self) -> str:
        return self._latex if self.math is None else to_latex(self.math)

    def renamed(self, names: dict[str, str]) -> Step:
        if self.math is None or not names:
            return self
        return Step(note=self.note, math=renamed(self.math, names))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "latex": self.latex, "note": self.note}
        if self.math is not None:
            out["math"] = to_json(self.math)
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Step):
            return NotImplemented
        return (self.text, self.latex, self.note) == (other.text, other.latex, other.note)

    def __hash__(self) -> int:
        return hash((self.text, self.latex, self.note))

    def __repr__(self) -> str:
        return f"Step(text={self.text!r}, latex={self.latex!r}, note={self.note!r})"


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

    def renamed(self, names: dict[str, str]) -> Explanation:
        """The same working with operands shown under a lesson's names ({"A": "W"})."""
        steps = [s.renamed(names) for s in self.steps]
        return Explanation(self.operation, self.inputs, self.result, steps, list(self.notes))


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
