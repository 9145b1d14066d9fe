"""LaTeX printer for an Explanation: one aligned block of the working."""

from __future__ import annotations

from ..engine.explanation import Explanation


def to_latex(expl: Explanation) -> str:
    rows = []
    for step in expl.steps:
        row = step.latex
        if step.note:
            row += rf" && \text{{{_escape(step.note)}}}"
        rows.append(row)
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


def _escape(text: str) -> str:
    for ch, repl in (
        ("\\", r"\textbackslash{}"),
        ("{", r"\{"),
        ("}", r"\}"),
        ("_", r"\_"),
        ("%", r"\%"),
        ("&", r"\&"),
        ("#", r"\#"),
        ("$", r"\$"),
    ):
        text = text.replace(ch, repl)
    return text
