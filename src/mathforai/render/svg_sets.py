"""Figures for span, independence and coordinates (1.11–1.14): the grid of combinations.

Two independent vectors in the plane generate a skewed grid, the combinations a·v1 + b·v2
for whole numbers a and b, and the grid covers the whole plane. Dependent vectors collapse:
every combination lands on one line through the origin. Coordinates in a basis are read off
the same grid, as a walk c1·b1 along one family of lines and then c2·b2 along the other.

Same conventions as svg.py (which looks these drawers up): classes and presentation
attributes only, no ids, every number a learner reads comes from the Explanation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from ..engine.explanation import Explanation
from ..engine.notation import num, vec
from .svg import VECTOR_CLASSES, Arrow
from .svg_frame import (
    _MARKER,
    _arrow,
    _axes,
    _check_marks,
    _Frame,
    _svg,
    clip_segment,
)

Point = Sequence[float]
# Whole-number weights a, b of the lattice dots a·v1 + b·v2 that a dependent set collapses.
WEIGHTS = range(-3, 4)
# Grid lines per family before the grid thins out (a tiny basis in a wide view).
MAX_LINES = 24
# The view reaches this many basis steps from the origin, so a few grid cells show; a
# dependent set's view is shorter, so its arrows stay long enough to read.
REACH, LINE_REACH = 2.0, 1.5


def _plane(vectors: Sequence[Point]) -> None:
    if not vectors or any(len(v) != 2 for v in vectors):
        raise ValueError("only vectors in the plane are drawn")


def _det(p: Point, q: Point) -> float:
    return p[0] * q[1] - p[1] * q[0]


def _independent_pair(vectors: Sequence[Point]) -> tuple[int, int]:
    """Two vectors to draw the grid of: the first pair (by position) at a clear angle, else
    the pair furthest from parallel. Only asked when the engine found rank 2."""

    def sine(i: int, j: int) -> float:
        p, q = vectors[i], vectors[j]
        return abs(_det(p, q)) / ((math.hypot(*p) * math.hypot(*q)) or 1.0)

    pairs = [(i, j) for i in range(len(vectors)) for j in range(i + 1, len(vectors))]
    clear = [pair for pair in pairs if sine(*pair) > 0.05]
    best = clear[0] if clear else max(pairs, key=lambda pair: sine(*pair))
    if sine(*best) == 0:
        raise ValueError("no two directions to draw a grid from")
    return best


def _frame(points: Sequence[Point]) -> _Frame:
    xs = [0.0] + [p[0] for p in points]
    ys = [0.0] + [p[1] for p in points]
    return _Frame(xs, ys, square=True)


def _box(f: _Frame) -> tuple[float, float, float, float]:
    return f.x0, f.y0, f.x1, f.y1


def _line(f: _Frame, p: Point, q: Point, cls: str) -> str:
    """The part of the infinite line through p and q that is in view, or ''."""
    far = 4 * max(f.x1 - f.x0, f.y1 - f.y0) / (math.hypot(q[0] - p[0], q[1] - p[1]) or 1.0)
    a = (p[0] - far * (q[0] - p[0]), p[1] - far * (q[1] - p[1]))
    b = (p[0] + far * (q[0] - p[0]), p[1] + far * (q[1] - p[1]))
    seg = clip_segment(a, b, _box(f))
    if seg is None:
        return ""
    (x1, y1), (x2, y2) = seg
    return f'<line class="{cls}" x1="{f.x(x1)}" y1="{f.y(y1)}" x2="{f.x(x2)}" y2="{f.y(y2)}"/>'


def _weights_in_view(f: _Frame, p: Point, q: Point) -> tuple[range, range]:
    """Whole numbers a and b whose grid lines a·p + t·q and t·p + b·q cross the view."""
    d = _det(p, q)
    corners = [(x, y) for x in (f.x0, f.x1) for y in (f.y0, f.y1)]
    # The corners' coordinates in the basis (p, q), by Cramer's rule.
    a = [_det(c, q) / d for c in corners]
    b = [_det(p, c) / d for c in corners]

    def span(values: list[float]) -> range:
        lo, hi = math.floor(min(values)), math.ceil(max(values))
        step = max(1, math.ceil((hi - lo + 1) / MAX_LINES))
        return range(lo - lo % step, hi + 1, step)

    return span(a), span(b)


def _grid_lines(f: _Frame, p: Point, q: Point) -> list[str]:
    """The skewed grid of a·p + b·q: lines along q through each a·p, and along p through
    each b·q; the two through the origin (a = 0, b = 0) a little stronger."""
    rows, cols = _weights_in_view(f, p, q)
    _check_marks(len(rows) + len(cols))
    out = []
    for a in rows:
        start = (a * p[0], a * p[1])
        cls = "lattice zero" if a == 0 else "lattice"
        out.append(_line(f, start, (start[0] + q[0], start[1] + q[1]), cls))
    for b in cols:
        start = (b * q[0], b * q[1])
        cls = "lattice zero" if b == 0 else "lattice"
        out.append(_line(f, start, (start[0] + p[0], start[1] + p[1]), cls))
    return [line for line in out if line]


def lattice_points(vectors: Sequence[Point]) -> list[tuple[float, float]]:
    """The combinations a·v1 + b·v2 (or a·v1 for one vector) with small whole weights."""
    p = vectors[0]
    q = vectors[1] if len(vectors) > 1 else (0.0, 0.0)
    points = {(a * p[0] + b * q[0], a * p[1] + b * q[1]) for a in WEIGHTS for b in WEIGHTS}
    return sorted(points)


def _dots(f: _Frame, points: Sequence[Point]) -> list[str]:
    inside = [pt for pt in points if f.x0 <= pt[0] <= f.x1 and f.y0 <= pt[1] <= f.y1]
    _check_marks(len(inside))
    return [f'<circle class="lattice" cx="{f.x(x)}" cy="{f.y(y)}" r="2.5"/>' for x, y in inside]


def _vector_arrows(vectors: Sequence[Point], prefix: str = "v") -> list[Arrow]:
    # Each vector its own colour (and dash), so v2 and v3 on one line stay apart; longer
    # arrows first, so a shorter one on the same line is drawn on top and stays visible.
    arrows: list[Arrow] = [
        (f"{prefix}{i}", [0, 0], v, VECTOR_CLASSES[(i - 1) % len(VECTOR_CLASSES)])
        for i, v in enumerate(vectors, 1)
    ]
    arrows.sort(key=lambda a: -math.hypot(*a[2]))
    return arrows


def _draw(f: _Frame, under: list[str], arrows: list[Arrow], title: str, desc: str) -> str:
    """The grid or line under the arrows. Vectors on one line crowd their middles near the
    origin, so names go near the tips, on alternate sides, and do not print over each other."""
    body = [_MARKER, *under, *_axes(f, "first coordinate", "second")]
    for i, (label, start, end, cls) in enumerate(arrows):
        body.append(_arrow(f, start, end, cls, label, -1 if i % 2 else 1, at=0.8))
    return _svg(body, title, desc)


def _away(start: Point, end: Point, other: Point) -> int:
    """The `side` for _arrow that puts the label of start→end on the far side from `other`
    (side 1 labels the right-hand side of the direction of travel)."""
    d = (end[0] - start[0], end[1] - start[1])
    return -1 if _det(d, (other[0] - start[0], other[1] - start[1])) < 0 else 1


_NO_HEAD = re.compile(r' marker-end="url\(#head[^"]*\)"')


def _leg(f: _Frame, start: Point, end: Point, cls: str, label: str, side: int) -> str:
    """One leg of the walk to v: a broad pale stroke along a grid line, with no arrowhead
    (the marker scales with the stroke width and would swamp the picture)."""
    return _NO_HEAD.sub("", _arrow(f, start, end, cls, label, side))


def _where(rank: int) -> str:
    return {0: "the origin alone", 1: "one line through the origin"}.get(rank, "the whole plane")


def _set(expl: Explanation) -> str:
    """span and independence: the vectors over the grid of their combinations."""
    vectors = expl.inputs["vectors"]
    _plane(vectors)
    _check_marks(len(vectors))
    rank = int(expl.result["rank"])
    names = ", ".join(f"v{i} = {vec(v)}" for i, v in enumerate(vectors, 1))
    # The engine's rank decides grid or line, so the picture and the steps always agree.
    if rank >= 2:
        pair = _independent_pair(vectors)
        p, q = vectors[pair[0]], vectors[pair[1]]
        reach = [(s * REACH * w[0], s * REACH * w[1]) for w in (p, q) for s in (1, -1)]
        f = _frame([*vectors, *reach])
        under = _grid_lines(f, p, q)
        grid = f"v{pair[0] + 1} and v{pair[1] + 1}"
        title = f"The grid of combinations of {grid} covers {_where(rank)} (rank {rank})"
        desc = (
            f"{names}. Whole-number combinations a·v{pair[0] + 1} + b·v{pair[1] + 1} form a "
            f"skewed grid that covers the plane: the span is {_where(rank)}, rank {rank}."
        )
        return _draw(f, under, _vector_arrows(vectors), title, desc)
    f = _frame([(s * LINE_REACH * v[0], s * LINE_REACH * v[1]) for v in vectors for s in (1, -1)])
    longest = max(vectors, key=lambda v: math.hypot(*v))
    under = [_line(f, (0.0, 0.0), longest, "spanline")] if rank > 0 else []
    points = lattice_points(vectors)
    under += _dots(f, points)
    title = f"Every combination of the vectors lies on {_where(rank)} (rank {rank})"
    combo = "a·v1" if len(vectors) == 1 else "a·v1 + b·v2"
    desc = (
        f"{names}. Every combination {combo} with whole numbers from {WEIGHTS[0]} to "
        f"{WEIGHTS[-1]} lands on {_where(rank)}; the span is {_where(rank)}, rank {rank}."
    )
    return _draw(f, under, _vector_arrows(vectors), title, desc)


def _coordinates(expl: Explanation) -> str:
    """v on the grid of its basis, reached by c1·b1 and then c2·b2 along the grid lines."""
    basis, v = expl.inputs["basis"], expl.inputs["v"]
    _plane([*basis, v])
    if len(basis) != 2:
        raise ValueError("a basis of the plane has two vectors")
    (c1, c2), (b1, b2) = expl.result, basis
    corner = (c1 * b1[0], c1 * b1[1])
    reach = [(s * w[0], s * w[1]) for w in (b1, b2) for s in (1, -1)]
    f = _frame([*reach, v, corner])
    body = [_MARKER, *_grid_lines(f, b1, b2), *_axes(f, "first coordinate", "second")]
    # The walk and v make a triangle; every label goes outside it, so none lands on another.
    origin = (0.0, 0.0)
    if c1 != 0:
        body.append(_leg(f, origin, corner, "a leg", f"{num(c1)}·b1", _away(origin, corner, v)))
    if c2 != 0:
        body.append(_leg(f, corner, v, "b leg", f"{num(c2)}·b2", _away(corner, v, origin)))
    # Each basis name goes away from the other basis vector; b1's flips when it would sit
    # on the same side as the first leg's name with their middles close (c1 near 1).
    sides = {"b1": _away(origin, b1, b2), "b2": _away(origin, b2, b1)}
    leg_side = _away(origin, corner, v)
    if abs(c1 - 1) < 0.5 and sides["b1"] == leg_side:
        sides["b1"] = -leg_side
    for label, start, end, cls in _vector_arrows(basis, "b"):
        body.append(_arrow(f, start, end, cls, label, sides[label]))
    body.append(_arrow(f, origin, v, "c", "v", _away(origin, v, corner)))
    body.append(f'<circle class="point corner" cx="{f.x(corner[0])}" cy="{f.y(corner[1])}" r="3"/>')
    title = (
        f"v = {vec(v)} has coordinates {num(c1)} and {num(c2)}: {num(c1)} steps along b1, "
        f"then {num(c2)} along b2, on the grid of the basis"
    )
    desc = (
        f"b1 = {vec(b1)}, b2 = {vec(b2)}, v = {vec(v)}. The basis draws a skewed grid; "
        f"walking {num(c1)}·b1 reaches {vec(corner)}, then {num(c2)}·b2 reaches v: "
        f"coordinates c = {vec(expl.result)}."
    )
    return _svg(body, title, desc)


DRAWERS: dict[str, Callable[[Explanation], str]] = {
    "span": _set,
    "independence": _set,
    "coordinates": _coordinates,
}

__all__ = ["DRAWERS", "lattice_points"]
