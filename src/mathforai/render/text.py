"""Plain-text (Unicode) printer for an Explanation."""

from __future__ import annotations

import re
from typing import Any

from ..engine.explanation import Explanation
from ..engine.notation import mat, num, vec

# A string result in our input syntax ("2*x + 3", "exp(-x)^2"): kept so in JSON, where a
# program can parse it again, but typeset for reading ("2x + 3").
_INPUT_SYNTAX = re.compile(r"[*^/]|\b(?:exp|log|ln|sqrt|tanh|sigmoid|relu)\(")


def readable_expression(text: str) -> str:
    """An expression the engine wrote in input syntax, as it is written in the steps; any
    other string unchanged."""
    if not _INPUT_SYNTAX.search(text):
        return text
    from ..engine.expressions import parse
    from ..engine.printer import to_pretty

    try:
        return to_pretty(parse(text))
    except Exception:  # not an expression after all (a name, a sentence): shown as it is
        return text


def result_text(value: Any) -> str:
    """A result written for reading (rounded); the JSON form keeps full precision."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return num(value)
    if isinstance(value, str):
        return readable_expression(value)
    if isinstance(value, list):
        if value and all(isinstance(r, list) for r in value):
            if all(isinstance(x, int | float) for r in value for x in r):
                return mat(value)
            return "[" + ", ".join(result_text(r) for r in value) + "]"
        if all(isinstance(x, int | float) and not isinstance(x, bool) for x in value):
            return vec(value)
        return "[" + ", ".join(result_text(x) for x in value) + "]"
    if isinstance(value, dict):
        return "; ".join(f"{label}: {shown}" for label, shown in result_rows(value))
    if value is None:
        return "none"
    return str(value)


def result_rows(value: dict[str, Any]) -> list[tuple[str, str]]:
    """A result with several parts as (label, value) rows: a small table, not `k = v` code.

    `whole_space` reads "whole space" and true/false read "yes"/"no". A part that does not
    apply this time (null in JSON: a derivative's value when no point was given) is left
    out: "value: none" would read as an answer.
    """
    return [(str(k).replace("_", " "), _cell(v)) for k, v in value.items() if v is not None]


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return result_text(value)


def to_text(expl: Explanation) -> str:
    lines = []
    for i, step in enumerate(expl.steps, 1):
        line = f"{i}. {step.text}"
        if step.note:
            line += f"    ({step.note})"
        lines.append(line)
    if isinstance(expl.result, dict):
        rows = result_rows(expl.result)
        width = max((len(label) for label, _ in rows), default=0)
        lines.append("Result:")
        lines.extend(f"  {label.ljust(width)}  {shown}" for label, shown in rows)
    else:
        lines.append(f"Result: {result_text(expl.result)}")
    lines.extend(expl.notes)
    return "\n".join(lines)
