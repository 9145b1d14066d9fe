"""The frame every figure is drawn in: scale, axes with tick numbers, grid, arrows, SVG shell.

Honest by construction: a frame maps data to the canvas linearly, a fixed range (0–1 for
probabilities) is kept exactly, and every axis carries tick numbers so a reader can measure.
Markup uses classes and presentation attributes only (the CSP forbids inline styles).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from ..engine.budgets import MAX_FIGURE_POINTS
from ..engine.notation import num

# Canvas and margin; the margin holds the tick numbers (12 px text).
W, H, PAD = 320, 240, 34
# Tick marks per axis, roughly (steps of 1, 2 or 5 times a power of ten).
TICKS = 5


class _Frame:
    """Maps data coordinates to the SVG canvas."""

    def __init__(
        self,
        xs: Sequence[float],
        ys: Sequence[float],
        square: bool = False,
        y_range: tuple[float, float] | None = None,
    ) -> None:
        x0, x1 = min(xs), max(xs)
        y0, y1 = min(ys), max(ys)
        if square:
            lo, hi = min(x0, y0), max(x1, y1)
            x0 = y0 = lo
            x1 = y1 = hi
        self.x0, self.x1 = _pad(x0, x1)
        # A fixed range (probabilities on 0–1) is drawn exactly, not padded or stretched.
        self.y0, self.y1 = y_range if y_range is not None else _pad(y0, y1)

    def x(self, v: float) -> float:
        return round(PAD + (v - self.x0) / (self.x1 - self.x0) * (W - 2 * PAD), 2)

    def y(self, v: float) -> float:
        return round(H - PAD - (v - self.y0) / (self.y1 - self.y0) * (H - 2 * PAD), 2)


def _check_marks(count: int) -> None:
    """A figure states its size before drawing: past the budget it is left out."""
    if count > MAX_FIGURE_POINTS:
        raise ValueError(f"{count:,} marks is past the figure budget of {MAX_FIGURE_POINTS:,}")


def _pad(lo: float, hi: float) -> tuple[float, float]:
    if math.isclose(lo, hi):
        lo, hi = lo - 1, hi + 1
    span = hi - lo
    return lo - 0.1 * span, hi + 0.1 * span


def _svg(body: list[str], title: str, desc: str = "", height: int = H) -> str:
    """The SVG shell: a title (the figure's point) and a desc (its numbers) for screen readers.
    A figure with a caption drawn inside it may ask for more height; the width stays fixed."""
    described = f"<desc>{escape(desc)}</desc>" if desc else ""
    return (
        f'<svg class="figure" viewBox="0 0 {W} {height}" role="img" '
        f'aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{described}'
        + "".join(body)
        + "</svg>"
    )


def nice_step(span: float, count: int = TICKS) -> float:
    """A step of 1, 2 or 5 times a power of ten giving about `count` ticks over `span`."""
    raw = span / count if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def tick_text(v: float) -> str:
    """A tick number short enough for the margin: 20000 is 20k, 3e+06 stays compact."""
    if abs(v) >= 1e6 or 0 < abs(v) < 1e-3:
        return f"{v:.0e}".replace("e+0", "e").replace("e-0", "e-")
    if abs(v) >= 1e4:
        return f"{num(v / 1000, 3)}k"
    return num(v, 3)


def _ticks(lo: float, hi: float) -> list[float]:
    step = nice_step(hi - lo)
    first, last = math.ceil(lo / step), math.floor(hi / step)
    return [round(k * step, 12) for k in range(first, last + 1)][: 4 * TICKS]


def _grid(f: _Frame) -> list[str]:
    """Light lines at the tick positions, so lengths can be read off."""
    out = []
    for v in _ticks(f.x0, f.x1):
        x = f.x(v)
        out.append(f'<line class="grid" x1="{x}" y1="{PAD}" x2="{x}" y2="{H - PAD}"/>')
    for v in _ticks(f.y0, f.y1):
        y = f.y(v)
        out.append(f'<line class="grid" x1="{PAD}" y1="{y}" x2="{W - PAD}" y2="{y}"/>')
    return out


def _axes(f: _Frame, xlabel: str = "x", ylabel: str = "y", xticks: bool = True) -> list[str]:
    """Zero lines where zero is in view, and a scale on the left and bottom edges: tick
    marks with their numbers, and the name of each axis."""
    out = []
    if f.y0 <= 0 <= f.y1:
        out.append(f'<line class="axis" x1="{PAD}" y1="{f.y(0)}" x2="{W - PAD}" y2="{f.y(0)}"/>')
    if f.x0 <= 0 <= f.x1:
        out.append(f'<line class="axis" x1="{f.x(0)}" y1="{PAD}" x2="{f.x(0)}" y2="{H - PAD}"/>')
    out.append(
        f'<line class="axis" x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{H - PAD}"/>'
        f'<line class="axis" x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}"/>'
    )
    for v in _ticks(f.y0, f.y1):
        y = f.y(v)
        out.append(
            f'<line class="axis" x1="{PAD - 3}" y1="{y}" x2="{PAD}" y2="{y}"/>'
            f'<text class="tick" x="{PAD - 5}" y="{round(y + 4, 2)}" '
            f'text-anchor="end">{tick_text(v)}</text>'
        )
    if xticks:
        for v in _ticks(f.x0, f.x1):
            x = f.x(v)
            out.append(
                f'<line class="axis" x1="{x}" y1="{H - PAD}" x2="{x}" y2="{H - PAD + 3}"/>'
                f'<text class="tick" x="{x}" y="{H - PAD + 15}" '
                f'text-anchor="middle">{tick_text(v)}</text>'
            )
    out.append(
        f'<text class="axis-label" x="{W - PAD}" y="{H - 4}" '
        f'text-anchor="end">{escape(xlabel)}</text>'
        f'<text class="axis-label" x="{PAD}" y="{PAD - 10}" '
        f'text-anchor="middle">{escape(ylabel)}</text>'
    )
    return out


def _arrow(
    f: _Frame,
    start: Sequence[float],
    end: Sequence[float],
    cls: str,
    label: str,
    side: int = 1,
    at: float = 0.5,
) -> str:
    x1, y1, x2, y2 = f.x(start[0]), f.y(start[1]), f.x(end[0]), f.y(end[1])
    # Labels sit beside the middle of the arrow (or `at` of the way along), on the
    # right-hand side of travel as drawn (side=-1: the left): tips often coincide (tip to
    # tail sums end where the result ends), middles rarely do.
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    lx = x1 + at * (x2 - x1) - side * 14 * (y2 - y1) / length
    ly = y1 + at * (y2 - y1) + side * 14 * (x2 - x1) / length
    return (
        f'<line class="arrow {cls}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
        f'marker-end="{_head_url(cls)}"/>'
        f'<text class="label {cls}" x="{round(lx, 2)}" y="{round(ly, 2)}" '
        f'text-anchor="middle">{escape(label)}</text>'
    )


# One arrowhead per colour class, filled like its line (a black head on a blue arrow reads
# as a separate mark), and sized in pixels rather than stroke widths so that a short vector
# is not swamped by its own head.
_HEAD_CLASSES = ("a", "b", "c", "d", "e", "f", "g")


def _head(marker_id: str, cls: str) -> str:
    return (
        f'<marker id="{marker_id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" '
        'markerHeight="11" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path class="head {cls}" d="M0,0 L10,5 L0,10 z"/></marker>'
    )


_MARKER = (
    "<defs>"
    + _head("head", "plain")
    + "".join(_head(f"head-{c}", c) for c in _HEAD_CLASSES)
    + "</defs>"
)


def _head_url(cls: str) -> str:
    """The arrowhead for a line of this colour class (the plain one for any other)."""
    colour = next((c for c in cls.split() if c in _HEAD_CLASSES), None)
    return f"url(#head-{colour})" if colour else "url(#head)"


def _polyline(f: _Frame, points: Sequence[tuple[float, float]], cls: str) -> str:
    coords = " ".join(f"{f.x(x)},{f.y(y)}" for x, y in points)
    return f'<polyline class="{cls}" points="{coords}"/>'


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def clip_segment(
    p: Sequence[float], q: Sequence[float], box: Box
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The part of segment p→q inside the box (Liang–Barsky), or None if it misses.
    Used instead of an SVG clipPath, whose id would have to be unique on the page."""
    x0, y0, x1, y1 = box
    dx, dy = q[0] - p[0], q[1] - p[1]
    lo, hi = 0.0, 1.0
    for step, room in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if step == 0:
            if room < 0:
                return None
            continue
        t = room / step
        if step < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
    if lo > hi:
        return None
    return (p[0] + lo * dx, p[1] + lo * dy), (p[0] + hi * dx, p[1] + hi * dy)
