"""ASCII math in prose a learner reads as typeset: notes, titles and headings.

`e^z`, `f'(6)` and `d_k` are how code spells math; in a note or a title they read as
noise. Write eᶻ, f′(6), dₖ (or put the math in a `$…$` span of the lesson). Code
blocks and `code spans` are not prose and are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..engine.registry import OPERATIONS
from .model import Course

# x^2, e^z, e^(−x), 10^-3 · f'(6), g'(x) · d_k, x_i (one letter, underscore, one letter/digit)
_PATTERNS = (
    re.compile(r"[A-Za-z0-9)\]]\^[-−(A-Za-z0-9{]"),
    re.compile(r"(?<![A-Za-z])[A-Za-z]'+\("),
    re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]_[A-Za-z0-9](?![A-Za-z0-9_])"),
)
_CODE = re.compile(r"`[^`]*`")


def ascii_math(text: str) -> str | None:
    """The first piece of ASCII math in `text` (outside `code spans`), or None."""
    prose = _CODE.sub("", text)
    for pattern in _PATTERNS:
        match = pattern.search(prose)
        if match:
            start = max(0, match.start() - 6)
            return prose[start : match.end() + 3].strip()
    return None


def ascii_math_problems(course: Course) -> list[str]:
    """One problem per note or title that spells math in ASCII."""
    problems = []
    for where, text in _prose(course):
        found = ascii_math(text)
        if found:
            problems.append(
                f"{where}: ASCII math {found!r}: write it as typeset text (eᶻ, f′(6), dₖ)"
            )
    return problems


def _prose(course: Course) -> Iterable[tuple[str, str]]:
    for name, op in OPERATIONS.items():
        yield f"operation {name!r} summary", op.summary
        try:
            expl = op.run(op.example)
        except Exception:  # a broken example is reported by the contract tests, not here
            continue
        for i, step in enumerate(expl.steps, 1):
            yield f"operation {name!r} step {i} note", step.note
        for note in expl.notes:
            yield f"operation {name!r} note", note
    for doc in course.documents:
        yield f"{doc.id} title", doc.title
        for entry in doc.toc:
            yield f"{doc.id} heading", entry.title
        for example in doc.examples:
            yield f"{doc.id} example title", example.title
            if example.explanation is not None:
                for step in example.explanation.steps:
                    yield f"{doc.id} example {example.id or example.op} note", step.note
        for widget in doc.widgets:
            yield f"{doc.id} widget title", widget.title
