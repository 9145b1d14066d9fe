"""The scalars figure (1.1): a, b and the four results as bars along one number line.

A scalar has a size and a sign and nothing else, which is exactly what a bar from zero
shows: how far, and which way. Each row is named with its value in words above the bar,
so labels never collide however close the numbers are; an undefined quotient is a row
that says so, with no bar.

Same conventions as svg.py (which looks this drawer up): classes only, no ids.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..engine.explanation import Explanation
from ..engine.notation import num
from .svg_frame import PAD, W, _Frame, _svg, _ticks, tick_text

ROW, TOP = 28.0, 10.0  # each row's height, and the first row's top edge
BAR = 9.0  # a bar's thickness, under its label

ROWS = (  # (name, where the value is, css class): the inputs first, then the results
    ("a", "input", "bar"),
    ("b", "input", "bar"),
    ("a + b", "sum", "bar result"),
    ("a − b", "difference", "bar result"),
    ("a × b", "product", "bar result"),
    ("a ÷ b", "quotient", "bar result"),
)


def _values(expl: Explanation) -> list[tuple[str, float | None, str]]:
    out = []
    for name, key, cls in ROWS:
        value = expl.inputs[name] if key == "input" else expl.result[key]
        out.append((name, None if value is None else float(value), cls))
    return out


def _scale(f: _Frame, rows: int, bottom: float) -> list[str]:
    """Grid lines and tick numbers along the bottom, the zero line a little stronger. The
    lines run through each row's bar band only, so they never cross a row's name."""
    out = []
    for t in _ticks(f.x0, f.x1):
        x = f.x(t)
        cls = "axis" if t == 0 else "grid"
        for i in range(rows):
            y1, y2 = TOP + i * ROW + 14, bottom if i == rows - 1 else TOP + (i + 1) * ROW
            out.append(f'<line class="{cls}" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}"/>')
        out.append(
            f'<text class="tick" x="{x}" y="{bottom + 15}" text-anchor="middle">'
            f"{tick_text(t)}</text>"
        )
    out.append(
        f'<line class="axis" x1="{PAD}" y1="{bottom}" x2="{W - PAD}" y2="{bottom}"/>'
        f'<text class="axis-label" x="{W - PAD}" y="{bottom + 30}" text-anchor="end">'
        "value on the number line</text>"
    )
    return out


def _row(f: _Frame, i: int, name: str, value: float | None, cls: str) -> list[str]:
    top = TOP + i * ROW
    words = f"{name} = {num(value)}" if value is not None else f"{name} is undefined"
    out = [f'<text class="label" x="{PAD}" y="{top + 12}">{escape(words)}</text>']
    if value is not None:
        x0, x1 = f.x(0), f.x(value)
        out.append(
            f'<rect class="{cls}" x="{min(x0, x1)}" y="{top + 16}" '
            f'width="{round(abs(x1 - x0), 2)}" height="{BAR}"/>'
        )
    return out


def _arithmetic(expl: Explanation) -> str:
    rows = _values(expl)
    known = [v for _, v, _ in rows if v is not None]
    f = _Frame([0.0, *known], [0.0, 1.0])
    bottom = TOP + len(rows) * ROW
    body = _scale(f, len(rows), bottom + 2)
    for i, (name, value, cls) in enumerate(rows):
        body += _row(f, i, name, value, cls)
    a, b = num(expl.inputs["a"]), num(expl.inputs["b"])
    title = f"a = {a}, b = {b} and their sum, difference, product and quotient as bars from 0"
    return _svg(body, title, height=int(bottom + 40))


DRAWERS: dict[str, Callable[[Explanation], str]] = {"arithmetic": _arithmetic}

__all__ = ["DRAWERS"]
