"""Figures for explanations, as SVG drawn on the server.

A figure teaches what the steps cannot: the arrows of 2-D vectors, the bars of a
distribution, the curve and the path of descent, the fitted line and its residuals.
Markup uses classes and presentation attributes only (the CSP forbids inline styles).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

from ..engine.budgets import MAX_FIGURE_POINTS
from ..engine.explanation import Explanation
from ..engine.notation import num

W, H, PAD = 320, 240, 28


def figure(expl: Explanation) -> str | None:
    """The figure for an explanation, or None where a picture would not teach anything."""
    drawer = _DRAWERS.get(expl.operation) or _model_drawers().get(expl.operation)
    if drawer is None:
        return None
    try:
        return drawer(expl)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, ZeroDivisionError):
        # A figure is a bonus; odd inputs fall back to the steps alone.
        return None


def _model_drawers() -> dict[str, Callable[[Explanation], str]]:
    """Part 4's drawers live in svg_models (which builds on this module's helpers)."""
    from .svg_models import DRAWERS

    return DRAWERS


class _Frame:
    """Maps data coordinates to the SVG canvas."""

    def __init__(self, xs: Sequence[float], ys: Sequence[float], square: bool = False) -> None:
        x0, x1 = min(xs), max(xs)
        y0, y1 = min(ys), max(ys)
        if square:
            lo, hi = min(x0, y0), max(x1, y1)
            x0 = y0 = lo
            x1 = y1 = hi
        self.x0, self.x1 = _pad(x0, x1)
        self.y0, self.y1 = _pad(y0, y1)

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


def _svg(body: list[str], title: str) -> str:
    return (
        f'<svg class="figure" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _grid(f: _Frame) -> list[str]:
    """Light lines at whole-number steps (or coarser), so lengths can be read off."""
    span = max(f.x1 - f.x0, f.y1 - f.y0)
    step = 10 ** math.floor(math.log10(span / 2)) if span > 20 else 1
    out = []
    for k in range(math.ceil(f.x0 / step), math.floor(f.x1 / step) + 1):
        x = f.x(k * step)
        out.append(f'<line class="grid" x1="{x}" y1="{PAD}" x2="{x}" y2="{H - PAD}"/>')
    for k in range(math.ceil(f.y0 / step), math.floor(f.y1 / step) + 1):
        y = f.y(k * step)
        out.append(f'<line class="grid" x1="{PAD}" y1="{y}" x2="{W - PAD}" y2="{y}"/>')
    return out[:80]


def _axes(f: _Frame) -> list[str]:
    out = []
    if f.y0 <= 0 <= f.y1:
        out.append(f'<line class="axis" x1="{PAD}" y1="{f.y(0)}" x2="{W - PAD}" y2="{f.y(0)}"/>')
    if f.x0 <= 0 <= f.x1:
        out.append(f'<line class="axis" x1="{f.x(0)}" y1="{PAD}" x2="{f.x(0)}" y2="{H - PAD}"/>')
    return out


def _arrow(f: _Frame, start: Sequence[float], end: Sequence[float], cls: str, label: str) -> str:
    x1, y1, x2, y2 = f.x(start[0]), f.y(start[1]), f.x(end[0]), f.y(end[1])
    # Labels sit beside the middle of the arrow, off to its left: tips often coincide
    # (tip to tail sums end where the result ends), middles rarely do.
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    lx = (x1 + x2) / 2 - 14 * (y2 - y1) / length
    ly = (y1 + y2) / 2 + 14 * (x2 - x1) / length
    return (
        f'<line class="arrow {cls}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
        f'marker-end="url(#head)"/>'
        f'<text class="label {cls}" x="{round(lx, 2)}" y="{round(ly, 2)}" '
        f'text-anchor="middle">{escape(label)}</text>'
    )


_MARKER = (
    '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
    'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
    'fill="currentColor"/></marker></defs>'
)


def _vectors(arrows: list[tuple[str, Sequence[float], Sequence[float], str]], title: str) -> str:
    """Arrows (label, start, end, css class) on a square grid; 2-D only."""
    if not arrows or any(len(end) != 2 or len(start) != 2 for _, start, end, _ in arrows):
        raise ValueError("only 2-D vectors are drawn")
    _check_marks(len(arrows))
    xs = [0.0] + [p[0] for _, s, e, _ in arrows for p in (s, e)]
    ys = [0.0] + [p[1] for _, s, e, _ in arrows for p in (s, e)]
    f = _Frame(xs, ys, square=True)
    body = [_MARKER, *_grid(f), *_axes(f)]
    body += [_arrow(f, start, end, cls, label) for label, start, end, cls in arrows]
    return _svg(body, title)


def _uv(expl: Explanation) -> str:
    u, v = expl.inputs["u"], expl.inputs["v"]
    arrows = [("u", [0, 0], u, "a"), ("v", [0, 0], v, "b")]
    if expl.operation == "add" and isinstance(expl.result, list):
        arrows += [("", u, expl.result, "b faint"), ("u+v", [0, 0], expl.result, "c")]
    if expl.operation == "subtract" and isinstance(expl.result, list):
        arrows += [("u−v", v, u, "c")]
    title = f"The vectors u and v drawn from the origin ({expl.operation})"
    if expl.operation == "cosine":
        angle = math.degrees(math.acos(max(-1.0, min(1.0, float(expl.result)))))
        title = f"u and v with an angle of {num(angle, 1)} degrees between them"
    return _vectors(arrows, title)


def _single(expl: Explanation) -> str:
    v = expl.inputs.get("v") or expl.inputs.get("x")
    arrows = [("v", [0, 0], v, "a")]
    if isinstance(expl.result, list) and len(expl.result) == 2:
        arrows.append(("result", [0, 0], expl.result, "c"))
    return _vectors(arrows, f"The vector v and the result of {expl.operation}")


def _lincomb(expl: Explanation) -> str:
    c, vectors = expl.inputs["c"], expl.inputs["vectors"]
    arrows, tip = [], [0.0, 0.0]
    for i, (ci, vi) in enumerate(zip(c, vectors), 1):
        step = [ci * vi[0], ci * vi[1]]
        arrows.append((f"{num(ci)}·v{i}", list(tip), [tip[0] + step[0], tip[1] + step[1]], "a"))
        tip = [tip[0] + step[0], tip[1] + step[1]]
    arrows.append(("result", [0, 0], expl.result, "c"))
    return _vectors(arrows, "Scaled vectors placed tip to tail reach the combination")


def _set(expl: Explanation) -> str:
    vectors = expl.inputs.get("vectors") or expl.inputs.get("basis")
    arrows = [(f"v{i}", [0, 0], v, "a") for i, v in enumerate(vectors, 1)]
    if expl.operation == "coordinates":
        arrows.append(("v", [0, 0], expl.inputs["v"], "c"))
    return _vectors(arrows, f"The vectors of {expl.operation} drawn from the origin")


def _bars(values: Sequence[float], labels: Sequence[str], title: str) -> str:
    if not values or len(values) > 40:
        raise ValueError("nothing sensible to draw")
    top = max(1e-12, max(values))
    lo = min(0.0, min(values))
    f = _Frame([0, len(values)], [lo, top])
    width = (W - 2 * PAD) / len(values)
    body = [*_axes(f)]
    for i, (value, label) in enumerate(zip(values, labels)):
        x = PAD + i * width + width * 0.15
        y0, y1 = f.y(0), f.y(value)
        body.append(
            f'<rect class="bar" x="{round(x, 2)}" y="{min(y0, y1)}" '
            f'width="{round(width * 0.7, 2)}" height="{round(abs(y0 - y1), 2)}">'
            f"<title>{escape(label)}: {num(value)}</title></rect>"
        )
        body.append(
            f'<text class="label" x="{round(x + width * 0.35, 2)}" y="{H - 8}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
        body.append(
            f'<text class="value" x="{round(x + width * 0.35, 2)}" y="{min(y0, y1) - 4}" '
            f'text-anchor="middle">{num(value, 3)}</text>'
        )
    return _svg(body, title)


def _distribution(expl: Explanation) -> str:
    if expl.operation == "softmax":
        probs = expl.result
    elif expl.operation == "cross_entropy":
        probs = expl.inputs["predicted"]
    else:
        probs = expl.inputs["p"]
    labels = [str(i + 1) for i in range(len(probs))]
    return _bars(probs, labels, f"Bars of the probabilities ({expl.operation})")


def _least_squares(expl: Explanation) -> str:
    xs, ys = expl.inputs.get("x"), expl.inputs["y"]
    if xs is None:
        raise ValueError("only point fits are drawn")
    _check_marks(len(xs))
    slope, intercept = (expl.result["w"] if "w" in expl.result else expl.inputs["w"])[:2]
    f = _Frame(list(xs), list(ys) + [slope * x + intercept for x in xs])
    lo, hi = f.x0, f.x1
    body = [*_axes(f)]
    body.append(
        f'<line class="fit" x1="{f.x(lo)}" y1="{f.y(slope * lo + intercept)}" '
        f'x2="{f.x(hi)}" y2="{f.y(slope * hi + intercept)}"/>'
    )
    for x, y in zip(xs, ys):
        pred = slope * x + intercept
        body.append(
            f'<line class="residual" x1="{f.x(x)}" y1="{f.y(y)}" x2="{f.x(x)}" y2="{f.y(pred)}"/>'
        )
        body.append(f'<circle class="point" cx="{f.x(x)}" cy="{f.y(y)}" r="4"/>')
    return _svg(body, "The data points, the fitted line and each residual")


def _matmul(expl: Explanation) -> str:
    a, b = expl.inputs["A"], expl.inputs["B"]
    if isinstance(b[0], int | float):
        b = [[x] for x in b]
    if len(a) > 6 or len(a[0]) > 6 or len(b[0]) > 6:
        raise ValueError("too big to draw")
    cell = 26
    body = []

    def grid(m: list[list[float]], ox: float, oy: float, hl: Callable[[int, int], bool]) -> None:
        for i, row in enumerate(m):
            for j, value in enumerate(row):
                cls = "cell hl" if hl(i, j) else "cell"
                x, y = ox + j * cell, oy + i * cell
                body.append(f'<rect class="{cls}" x="{x}" y="{y}" width="{cell}" height="{cell}"/>')
                body.append(
                    f'<text class="value" x="{x + cell / 2}" y="{y + cell * 0.65}" '
                    f'text-anchor="middle">{num(value, 2)}</text>'
                )

    result = expl.result if isinstance(expl.result[0], list) else [[x] for x in expl.result]
    grid(a, 8, 40, lambda i, j: i == 0)
    grid(b, 16 + cell * len(a[0]), 40, lambda i, j: j == 0)
    grid(result, 32 + cell * (len(a[0]) + len(b[0])), 40, lambda i, j: i == 0 and j == 0)
    return _svg(body, "Row 1 of A times column 1 of B gives the top-left entry of AB")


def _function(text: str) -> Callable[[float], float | None]:
    """f as a float function of its one variable; None where it is undefined."""
    from ..engine.expressions import numeric, parse, variables

    expr = parse(text)
    names = variables(expr)
    fn = numeric(expr, names) if names else None

    def value(x: float) -> float | None:
        try:
            y = float(fn(x)) if fn else float(expr)
        except (ValueError, OverflowError, ZeroDivisionError, TypeError):
            return None
        return y if math.isfinite(y) and abs(y) < 1e9 else None

    return value


def _curve_points(text: str, lo: float, hi: float, n: int = 80) -> list[tuple[float, float]]:
    """Sample f(x) on [lo, hi], skipping points where it is undefined."""
    fn = _function(text)
    xs = [lo + (hi - lo) * i / n for i in range(n + 1)]
    return [(x, y) for x in xs if (y := fn(x)) is not None]


def _polyline(f: _Frame, points: Sequence[tuple[float, float]], cls: str) -> str:
    coords = " ".join(f"{f.x(x)},{f.y(y)}" for x, y in points)
    return f'<polyline class="{cls}" points="{coords}"/>'


def _derivative(expl: Explanation) -> str:
    at = expl.inputs.get("at")
    center = float(at) if isinstance(at, int | float) else 0.0
    points = _curve_points(expl.inputs["f"], center - 3, center + 3)
    if len(points) < 2:
        raise ValueError("nothing to draw")
    f = _Frame([p[0] for p in points], [p[1] for p in points])
    body = [*_axes(f), _polyline(f, points, "curve")]
    slope = expl.result.get("value") if isinstance(expl.result, dict) else None
    y_at = dict(points).get(center)
    if slope is not None and y_at is not None:
        tangent = [(x, y_at + slope * (x - center)) for x in (center - 1.5, center + 1.5)]
        tangent = [(x, max(f.y0, min(f.y1, y))) for x, y in tangent]
        body.append(_polyline(f, tangent, "tangent"))
        body.append(f'<circle class="point" cx="{f.x(center)}" cy="{f.y(y_at)}" r="4"/>')
    return _svg(body, f"The curve of f and its tangent line at x = {num(center)}")


def _descent(expl: Explanation) -> str:
    path = [float(x) for x in expl.result["path"]][:200]
    reach = max(abs(min(path)), abs(max(path)), 1.0)
    if reach > 1e6:
        raise ValueError("diverged too far to draw")
    fn = _function(expl.inputs["f"])
    points = _curve_points(expl.inputs["f"], -reach * 1.1, reach * 1.1)
    f_path = [(x, y) for x in path if (y := fn(x)) is not None]
    if len(points) < 2 or not f_path:
        raise ValueError("nothing to draw")
    f = _Frame([p[0] for p in points], [p[1] for p in points] + [y for _, y in f_path])
    body = [*_axes(f), _polyline(f, points, "curve"), _polyline(f, f_path, "path")]
    for i, (x, y) in enumerate(f_path):
        cls = "point start" if i == 0 else "point"
        body.append(f'<circle class="{cls}" cx="{f.x(x)}" cy="{f.y(y)}" r="3"/>')
    return _svg(body, f"Gradient descent: {len(path) - 1} steps along the curve of f")


_DRAWERS: dict[str, Callable[[Explanation], str]] = {
    "derivative": _derivative,
    "gradient_descent": _descent,
    "add": _uv,
    "subtract": _uv,
    "dot": _uv,
    "cosine": _uv,
    "magnitude": _single,
    "unit": _single,
    "scale": _single,
    "normalize": _single,
    "lincomb": _lincomb,
    "span": _set,
    "independence": _set,
    "coordinates": _set,
    "softmax": _distribution,
    "entropy": _distribution,
    "distribution": _distribution,
    "cross_entropy": _distribution,
    "least_squares": _least_squares,
    "residuals": _least_squares,
    "matmul": _matmul,
}
