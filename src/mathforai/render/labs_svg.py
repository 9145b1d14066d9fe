"""The labs' figures as SVG: a strip plot of an embedding's entries, an attention heat map.

Like render/svg.py: classes and presentation attributes only (the CSP forbids inline
styles), a <title> and role="img" for screen readers; the numbers themselves are in
the page beside each figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..engine.notation import num

STRIP_W, STRIP_ROW, STRIP_PAD = 360, 34, 26


def strip_plot(rows: Sequence[tuple[str, Sequence[float]]], title: str) -> str:
    """One strip per vector: a tick at each entry's value, so the spread of all 384
    numbers is visible at once (most sit near 0, a few stand out)."""
    values = [x for _, vec in rows for x in vec]
    top = max(max(abs(x) for x in values), 1e-9) if values else 1.0
    height = STRIP_PAD + STRIP_ROW * len(rows) + 18
    span = STRIP_W - 2 * STRIP_PAD - 30

    def x(v: float) -> float:
        return round(STRIP_PAD + 30 + (v + top) / (2 * top) * span, 2)

    body = [
        f'<line class="axis" x1="{x(0)}" y1="{STRIP_PAD - 8}" x2="{x(0)}" y2="{height - 18}"/>',
        f'<text x="{x(-top)}" y="{height - 4}" text-anchor="middle">{escape(num(-top, 3))}</text>',
        f'<text x="{x(0)}" y="{height - 4}" text-anchor="middle">0</text>',
        f'<text x="{x(top)}" y="{height - 4}" text-anchor="middle">{escape(num(top, 3))}</text>',
    ]
    for r, (label, vec) in enumerate(rows):
        y0 = STRIP_PAD + r * STRIP_ROW
        tone = "a" if r == 0 else "b"
        body.append(f'<text class="label {tone}" x="4" y="{y0 + 15}">{escape(label)}</text>')
        body.extend(
            f'<line class="tick {tone}" x1="{x(v)}" y1="{y0}" x2="{x(v)}" y2="{y0 + 22}"/>'
            for v in vec
        )
    return _svg(STRIP_W, height, body, title, "strip")


CELL_MAX, HEAT_W = 28, 360
LABELLED = 40  # past this many tokens the labels would overlap: the table below has them


def heat_map(
    tokens: Sequence[str], weights: Sequence[Sequence[float]], row: int, title: str
) -> str:
    """Row i = the token attending, column j = the token attended to; darker = more weight."""
    n = len(tokens)
    labelled = n <= LABELLED
    margin = 70 if labelled else 8
    cell = min(CELL_MAX, (HEAT_W - margin) / max(n, 1))
    size = round(margin + cell * n + 4, 2)
    # Shaded against the map's largest weight, so a head that spreads its attention thinly
    # still shows its pattern; the numbers are in the table beside it.
    top = max((w for r in weights for w in r), default=1.0) or 1.0
    body = []
    for i, weights_row in enumerate(weights):
        for j, w in enumerate(weights_row):
            shade = round(max(0.0, min(1.0, w / top)), 3)
            body.append(
                f'<rect class="heat" x="{round(margin + j * cell, 2)}" '
                f'y="{round(margin + i * cell, 2)}" width="{round(cell, 2)}" '
                f'height="{round(cell, 2)}" fill-opacity="{shade}"/>'
            )
    body.append(
        f'<rect class="heat-row" x="{margin}" y="{round(margin + row * cell, 2)}" '
        f'width="{round(cell * n, 2)}" height="{round(cell, 2)}"/>'
    )
    if labelled:
        for i, token in enumerate(tokens):
            mid = round(margin + (i + 0.5) * cell, 2)
            text = escape(token[:9])
            body.append(f'<text x="{margin - 4}" y="{mid + 3}" text-anchor="end">{text}</text>')
            body.append(
                f'<text x="{mid + 3}" y="{margin - 4}" transform="rotate(-60 {mid + 3} '
                f'{margin - 4})">{text}</text>'
            )
    return _svg(size, size, body, title, "heat")


def _svg(width: float, height: float, body: list[str], title: str, kind: str) -> str:
    return (
        f'<svg class="figure lab-figure lab-{kind}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


__all__ = ["heat_map", "strip_plot"]
