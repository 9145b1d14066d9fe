"""The notebook front end: the same engine and printers, shown richly in Jupyter.

    >>> from mathforai.notebook import explain
    >>> explain("dot", u=[1, 2, 3], v=[4, 5, 6])      # renders the working in a notebook

Bad input raises `InputError` with the same message the CLI and the API give.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .engine import explain as _engine_explain
from .engine.explanation import Explanation
from .render.html import explanation_html
from .render.latex import to_latex
from .render.svg import figure
from .render.text import to_text


@dataclass(frozen=True)
class Shown:
    """An Explanation with the display hooks IPython looks for."""

    explanation: Explanation

    @property
    def result(self) -> Any:
        return self.explanation.result

    def _repr_html_(self) -> str:
        svg = figure(self.explanation) or ""
        return explanation_html(self.explanation) + svg

    def _repr_latex_(self) -> str:
        return f"$${to_latex(self.explanation)}$$"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(to_text(self.explanation))

    def __str__(self) -> str:
        return to_text(self.explanation)

    def to_dict(self) -> dict[str, Any]:
        return self.explanation.to_dict()


def explain(op: str, **args: Any) -> Shown:
    """Run an operation (names as in `mathforai explain --list`) and show its working."""
    return Shown(_engine_explain(op, args))
