"""Figures for explanations, as SVG drawn on the server.

A figure teaches what the steps cannot: the arrows of 2-D vectors, the bars of a
distribution, the curve and the path of descent, the fitted line and its residuals.
Markup uses classes and presentation attributes only (the CSP forbids inline styles).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

from ..engine.explanation import Explanation
from ..engine.notation import num
from .svg_frame import (
    _MARKER,
    PAD,
    H,
    W,
    _arrow,
    _axes,
    _check_marks,
    _Frame,
    _grid,
    _polyline,
    _svg,
)


def figure(expl: Explanation) -> str | None:
    """The figure for an explanation, or None where a picture would not teach anything."""
    drawer = _DRAWERS.get(expl.operation) or _more_drawers().get(expl.operation)
    if drawer is None:
        return None
    try:
        svg = drawer(expl)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, ZeroDivisionError):
        # A figure is a bonus; odd inputs fall back to the steps alone.
        return None
    if "<desc>" not in svg:
        svg = svg.replace("</title>", f"</title><desc>{escape(_numbers(expl))}</desc>", 1)
    return svg


def _numbers(expl: Explanation) -> str:
    """The figure's numbers in words, for screen readers: inputs, then the result."""
    parts = [f"{name} = {_short(value)}" for name, value in expl.inputs.items()]
    return f"{expl.operation} of {'; '.join(parts)}; result {_short(expl.result)}"


def _short(value: object, room: int = 8) -> str:
    if isinstance(value, bool) or value is None:
        return str(value).lower()
    if isinstance(value, int | float):
        return num(value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_short(v, room)}" for k, v in list(value.items())[:room])
    if isinstance(value, list | tuple):
        shown = [_short(v, room) for v in value[:room]]
        more = f", … ({len(value)} in all)" if len(value) > room else ""
        return "[" + ", ".join(shown) + more + "]"
    return str(value)


def _more_drawers() -> dict[str, Callable[[Explanation], str]]:
    """Drawers kept in their own modules (which build on this module's helpers): scalars on
    a number line, span and basis grids, the Bayes area diagram, and part 4's figures."""
    from . import svg_models, svg_prob, svg_scalars, svg_sets

    return svg_scalars.DRAWERS | svg_sets.DRAWERS | svg_prob.DRAWERS | svg_models.DRAWERS


Arrow = tuple[str, Sequence[float], Sequence[float], str]
# One colour class per vector, in the colour-blind-safe order of app.css (.c is the result).
VECTOR_CLASSES = ("a", "b", "d", "e", "f", "g")


def _vectors(
    arrows: list[Arrow], title: str, extra: Callable[[_Frame], list[str]] | None = None
) -> str:
    """Arrows (label, start, end, css class) on a square grid with a scale; 2-D only."""
    if not arrows or any(len(end) != 2 or len(start) != 2 for _, start, end, _ in arrows):
        raise ValueError("only 2-D vectors are drawn")
    _check_marks(len(arrows))
    xs = [0.0] + [p[0] for _, s, e, _ in arrows for p in (s, e)]
    ys = [0.0] + [p[1] for _, s, e, _ in arrows for p in (s, e)]
    f = _Frame(xs, ys, square=True)
    body = [_MARKER, *_grid(f), *_axes(f, "first coordinate", "second")]
    body += extra(f) if extra else []
    body += [_arrow(f, start, end, cls, label) for label, start, end, cls in arrows]
    return _svg(body, title)


def _angle_arc(
    u: Sequence[float], v: Sequence[float], degrees: float
) -> Callable[[_Frame], list[str]]:
    """The angle between u and v as an arc at the origin, labelled in degrees."""

    def draw(f: _Frame) -> list[str]:
        ox, oy = f.x(0), f.y(0)
        a1 = math.atan2(oy - f.y(u[1]), f.x(u[0]) - ox)
        a2 = math.atan2(oy - f.y(v[1]), f.x(v[0]) - ox)
        sweep = (a2 - a1) % (2 * math.pi)
        if sweep > math.pi:
            a1, a2, sweep = a2, a1, 2 * math.pi - sweep
        shortest = min(math.hypot(f.x(w[0]) - ox, f.y(w[1]) - oy) for w in (u, v))
        r = max(10.0, min(28.0, 0.4 * shortest))
        x1, y1 = ox + r * math.cos(a1), oy - r * math.sin(a1)
        x2, y2 = ox + r * math.cos(a2), oy - r * math.sin(a2)
        mid = a1 + sweep / 2
        # A narrow angle leaves no room on its bisector, where the arrows' own labels sit:
        # the degrees go beside it, on the left of the direction of travel.
        aside = 18.0 if sweep < 0.5 else 0.0
        along = r + 14 if not aside else r + 4
        lx = ox + along * math.cos(mid) - aside * math.sin(mid)
        ly = oy - along * math.sin(mid) - aside * math.cos(mid) + 4
        return [
            f'<path class="arc" d="M{round(x1, 2)},{round(y1, 2)} A{round(r, 2)},{round(r, 2)} '
            f'0 0 0 {round(x2, 2)},{round(y2, 2)}"/>',
            f'<text class="label arc-label" x="{round(lx, 2)}" y="{round(ly, 2)}" '
            f'text-anchor="middle">θ = {num(degrees, 1)}°</text>',
        ]

    return draw


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
        return _vectors(arrows, title, _angle_arc(u, v, angle))
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


def _bars(values: Sequence[float], labels: Sequence[str], title: str) -> str:
    if not values or len(values) > 40:
        raise ValueError("nothing sensible to draw")
    top = max(1e-12, max(values))
    lo = min(0.0, min(values))
    # Probabilities keep their true proportions: the scale is exactly 0 to 1, from 0.
    probabilities = all(0.0 <= v <= 1.0 for v in values)
    f = _Frame([0, len(values)], [lo, top], y_range=(0.0, 1.0) if probabilities else None)
    width = (W - 2 * PAD) / len(values)
    body = [*_axes(f, "", "probability" if probabilities else "value", xticks=False)]
    for i, (value, label) in enumerate(zip(values, labels)):
        x = PAD + i * width + width * 0.15
        y0, y1 = f.y(0), f.y(value)
        body.append(
            f'<rect class="bar" x="{round(x, 2)}" y="{min(y0, y1)}" '
            f'width="{round(width * 0.7, 2)}" height="{round(abs(y0 - y1), 2)}">'
            f"<title>{escape(label)}: {num(value)}</title></rect>"
        )
        body.append(
            f'<text class="label" x="{round(x + width * 0.35, 2)}" y="{H - PAD + 15}" '
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
    """The points, the fitted line and each residual.

    Drawn to be dragged: each point is a handle (`data-index`, its `data-x`/`data-y`, and a
    hit circle big enough for a finger), and the <svg> carries the frame's data range and
    plot box (`data-x0` … `data-bottom`), so app.js can turn a pointer back into data and
    ask the server for the new fit. The frame's edges are rounded out to whole tick steps,
    so small drags leave the scale alone and a dragged point stays under the pointer.
    """
    from ..engine.notation import signed
    from .svg_frame import nice_step

    xs, ys = expl.inputs.get("x"), expl.inputs["y"]
    if xs is None:
        raise ValueError("only point fits are drawn")
    _check_marks(len(xs))
    slope, intercept = (expl.result["w"] if "w" in expl.result else expl.inputs["w"])[:2]
    f = _Frame(list(xs), list(ys) + [slope * x + intercept for x in xs])
    for lo, hi in (("x0", "x1"), ("y0", "y1")):
        step = nice_step(getattr(f, hi) - getattr(f, lo))
        setattr(f, lo, round(math.floor(getattr(f, lo) / step) * step, 12))
        setattr(f, hi, round(math.ceil(getattr(f, hi) / step) * step, 12))
    body = [*_grid(f), *_axes(f)]
    body.append(
        f'<line class="fit" x1="{f.x(f.x0)}" y1="{f.y(slope * f.x0 + intercept)}" '
        f'x2="{f.x(f.x1)}" y2="{f.y(slope * f.x1 + intercept)}"/>'
    )
    # Residuals first, then the handles, so no line lies over a point's hit circle.
    for i, (x, y) in enumerate(zip(xs, ys)):
        body.append(
            f'<line class="residual" data-index="{i}" x1="{f.x(x)}" y1="{f.y(y)}" '
            f'x2="{f.x(x)}" y2="{f.y(slope * x + intercept)}"/>'
        )
    for i, (x, y) in enumerate(zip(xs, ys)):
        cx, cy = f.x(x), f.y(y)
        body.append(
            f'<g class="handle" data-index="{i}" data-x="{x:.12g}" data-y="{y:.12g}">'
            f'<circle class="hit" cx="{cx}" cy="{cy}" r="14"/>'
            f'<circle class="point" cx="{cx}" cy="{cy}" r="4"/></g>'
        )
    frame = {"x0": f.x0, "x1": f.x1, "y0": f.y0, "y1": f.y1}
    box = {"left": PAD, "right": W - PAD, "top": PAD, "bottom": H - PAD}
    data = " ".join(f'data-{k}="{v:.12g}"' for k, v in (frame | box).items())
    # The line in words, written as the engine's note writes it, for a moved point to say.
    data += f' data-fit="y ≈ {num(slope)}·x + {signed(intercept)}"'
    svg = _svg(body, "The data points, the fitted line and each residual")
    return svg.replace("<svg ", f"<svg {data} ", 1)


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
    """The curve of f and the whole path (up to 1,000 steps); a run that diverges leaves
    the view, and the figure says so rather than shrinking the curve out of sight."""
    path = [float(x) for x in expl.result["path"]]
    steps = len(path) - 1
    diverged = any(n.startswith(("Diverged", "Diverging")) for n in expl.notes)
    shown = _in_view(path) if diverged else path
    lo, hi = min(shown), max(shown)
    margin = max(0.25 * (hi - lo), 1.0)
    fn = _function(expl.inputs["f"])
    points = _curve_points(expl.inputs["f"], lo - margin, hi + margin, 200)
    f_path = [(x, y) for x in shown if (y := fn(x)) is not None]
    if len(points) < 2 or not f_path:
        raise ValueError("nothing to draw")
    f = _Frame([p[0] for p in points], [p[1] for p in points] + [y for _, y in f_path])
    body = [*_grid(f), *_axes(f, "x", "f(x)"), _polyline(f, points, "curve")]
    body.append(_polyline(f, f_path, "path"))
    # Dots for the first steps and the last one; a thousand dots would hide the curve.
    dots = f_path[:30] + ([f_path[-1]] if len(f_path) > 30 else [])
    for i, (x, y) in enumerate(dots):
        cls = "point start" if i == 0 else "point"
        body.append(f'<circle class="{cls}" cx="{f.x(x)}" cy="{f.y(y)}" r="3"/>')
    title = f"Gradient descent: {steps} steps along the curve of f, ending at x = {num(path[-1])}"
    if diverged:
        away = path[-1] > path[0]
        edge = W - PAD if away else PAD
        y = f.y(f_path[-1][1])
        body.append(
            f'<line class="path escape" x1="{f.x(f_path[-1][0])}" y1="{y}" x2="{edge}" '
            f'y2="{y}" marker-end="url(#head)"/>'
            f'<text class="label warn" x="{W / 2}" y="{PAD - 10}" text-anchor="middle">'
            f"diverged after {steps} steps</text>"
        )
        body.insert(0, _MARKER)
        title = (
            f"Gradient descent diverged after {steps} steps: x left the view "
            f"(it reached {num(path[-1])})"
        )
    return _svg(body, title)


def _in_view(path: list[float]) -> list[float]:
    """The start of a diverging path: points until x is 8 first-steps away from the start."""
    reach = 8 * max(abs(path[1] - path[0]) if len(path) > 1 else 1.0, 1e-9)
    inside = []
    for x in path:
        if abs(x - path[0]) > reach:
            break
        inside.append(x)
    return inside if len(inside) > 1 else path[:2]


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
    "softmax": _distribution,
    "entropy": _distribution,
    "distribution": _distribution,
    "cross_entropy": _distribution,
    "least_squares": _least_squares,
    "residuals": _least_squares,
    "matmul": _matmul,
}
