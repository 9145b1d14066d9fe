"""Figures for the part 4 operations: the bell curve with its area, eigenvectors on their
lines, a matrix and its rank-k approximation as images, the PCA direction through a
cloud of points, the attention heat map, and the log-likelihood curve.

Same conventions as svg.py (which looks these drawers up): classes and presentation
attributes only, no inline styles; a drawer raises on input it cannot draw sensibly and
the caller falls back to the steps alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from ..engine.explanation import Explanation
from ..engine.notation import num
from .svg import (
    _MARKER,
    PAD,
    H,
    W,
    _arrow,
    _axes,
    _bars,
    _Frame,
    _grid,
    _polyline,
    _svg,
)

MAX_HEAT = 16  # rows or columns beyond this make cells too small to read


def _normal(expl: Explanation) -> str:
    mu, sigma = float(expl.inputs["mu"]), float(expl.inputs["sigma"])
    k, x = float(expl.inputs["k"]), float(expl.inputs["x"])
    reach = max(4.0, min(abs(x - mu) / sigma + 0.5, 8.0))

    def pdf(t: float) -> float:
        z = (t - mu) / sigma
        return math.exp(-0.5 * z * z) / (sigma * math.sqrt(2 * math.pi))

    xs = [mu + sigma * reach * (i / 60 - 1) for i in range(121)]
    curve = [(t, pdf(t)) for t in xs]
    f = _Frame(xs, [0.0, pdf(mu)])
    lo, hi = mu - k * sigma, mu + k * sigma
    inside = [(t, y) for t, y in curve if lo <= t <= hi]
    area = [(lo, 0.0), (lo, pdf(lo)), *inside, (hi, pdf(hi)), (hi, 0.0)]
    body = [
        '<polygon class="area" points="' + " ".join(f"{f.x(t)},{f.y(y)}" for t, y in area) + '"/>',
        *_axes(f),
        _polyline(f, curve, "curve"),
    ]
    if f.x0 <= x <= f.x1:
        body.append(
            f'<line class="marker" x1="{f.x(x)}" y1="{f.y(0)}" x2="{f.x(x)}" y2="{f.y(pdf(x))}"/>'
        )
        body.append(f'<circle class="point" cx="{f.x(x)}" cy="{f.y(pdf(x))}" r="3"/>')
    share = float(expl.result["within_k"]) * 100
    body.append(
        f'<text class="label" x="{f.x(mu)}" y="{f.y(pdf(mu) * 0.35)}" '
        f'text-anchor="middle">{num(share, 1)}%</text>'
    )
    return _svg(
        body,
        f"Normal curve with mean {num(mu)} and SD {num(sigma)}: the shaded area within "
        f"{num(k)} SD of the mean is {num(share, 1)}%; x = {num(x)} is marked",
    )


def _eigen(expl: Explanation) -> str:
    a = expl.inputs["A"]
    if len(a) != 2:
        raise ValueError("only 2×2 matrices are drawn")

    def times(v: Sequence[float]) -> list[float]:
        return [a[0][0] * v[0] + a[0][1] * v[1], a[1][0] * v[0] + a[1][1] * v[1]]

    arrows: list[tuple[str, Sequence[float], Sequence[float], str]] = []
    lines: list[Sequence[float]] = []
    vectors = expl.result.get("eigenvectors")
    if vectors:
        for i, v in enumerate(vectors[:2], 1):
            arrows.append((f"A·v{i}", [0, 0], times(v), "c"))
            arrows.append((f"v{i}", [0, 0], v, "a"))
            lines.append(v)
        title = "Each eigenvector v and A·v lie on one line through the origin"
    else:
        title = "Complex eigenvalues: A turns every vector off its line"
    u = [1.0, 0.0]
    arrows += [("u", [0, 0], u, "b"), ("A·u", [0, 0], times(u), "b faint")]
    xs = [0.0] + [p[0] for _, s, e, _ in arrows for p in (s, e)]
    ys = [0.0] + [p[1] for _, s, e, _ in arrows for p in (s, e)]
    f = _Frame(xs, ys, square=True)
    body = [_MARKER, *_grid(f), *_axes(f)]
    reach = max(f.x1 - f.x0, f.y1 - f.y0)
    for v in lines:
        size = math.hypot(v[0], v[1]) or 1.0
        d = [reach * v[0] / size, reach * v[1] / size]
        body.append(
            f'<line class="eigenline" x1="{f.x(-d[0])}" y1="{f.y(-d[1])}" '
            f'x2="{f.x(d[0])}" y2="{f.y(d[1])}" clip-path="url(#frame)"/>'
        )
    body += [_arrow(f, s, e, cls, label) for label, s, e, cls in arrows]
    return _svg(
        [
            f'<clipPath id="frame"><rect x="{PAD}" y="{PAD}" width="{W - 2 * PAD}" '
            f'height="{H - 2 * PAD}"/></clipPath>',
            *body,
        ],
        title,
    )


def _heat(
    m: Sequence[Sequence[float]], ox: float, oy: float, cell: float, top: float, out: list[str]
) -> None:
    for i, row in enumerate(m):
        for j, value in enumerate(row):
            if value is None:
                continue
            shade = min(1.0, abs(float(value)) / top) if top else 0.0
            cls = "heat neg" if value < 0 else "heat"
            out.append(
                f'<rect class="{cls}" x="{round(ox + j * cell, 2)}" y="{round(oy + i * cell, 2)}" '
                f'width="{round(cell, 2)}" height="{round(cell, 2)}" '
                f'fill-opacity="{round(0.08 + 0.92 * shade, 3)}">'
                f"<title>{num(float(value))}</title></rect>"
            )


def _svd(expl: Explanation) -> str:
    a = expl.inputs["A"]
    rows, cols = len(a), len(a[0])
    if rows > MAX_HEAT or cols > MAX_HEAT:
        raise ValueError("too big to draw")
    k = expl.inputs.get("k") or 1
    approx = expl.result.get("approximation")
    if approx is None:
        s, u, vt = expl.result["S"], expl.result["U"], expl.result["Vt"]
        approx = [[s[0] * u[i][0] * vt[0][j] for j in range(cols)] for i in range(rows)]
    top = max(abs(float(x)) for row in a for x in row) or 1.0
    cell = min(32.0, (W - 3 * PAD) / (2 * cols), (H - 2 * PAD - 20) / rows)
    body: list[str] = []
    left, right = PAD, W - PAD - cell * cols
    _heat(a, left, PAD + 14, cell, top, body)
    _heat(approx, right, PAD + 14, cell, top, body)
    body.append(f'<text class="label" x="{left}" y="{PAD}">A</text>')
    body.append(f'<text class="label" x="{right}" y="{PAD}">rank {k}</text>')
    return _svg(body, f"The matrix A and its rank-{k} approximation drawn as images")


def _attention(expl: Explanation) -> str:
    weights = expl.result["weights"]
    n, m = len(weights), len(weights[0])
    if n > MAX_HEAT or m > MAX_HEAT:
        raise ValueError("too big to draw")
    cell = min(28.0, (W - 2 * PAD - 20) / m, (H - 2 * PAD - 20) / n)
    ox, oy = PAD + 20, PAD + 16
    causal = expl.inputs.get("mask") == "causal"
    shown = [
        [None if causal and j > i else w for j, w in enumerate(row)]
        for i, row in enumerate(weights)
    ]
    body: list[str] = []
    _heat(shown, ox, oy, cell, 1.0, body)
    for i in range(n):
        for j in range(m):
            if shown[i][j] is None:
                continue
            body.append(
                f'<text class="value" x="{round(ox + (j + 0.5) * cell, 2)}" '
                f'y="{round(oy + (i + 0.65) * cell, 2)}" text-anchor="middle">'
                f"{num(weights[i][j], 2)}</text>"
            )
    body += [
        f'<text class="label" x="{round(ox + (j + 0.5) * cell, 2)}" y="{oy - 4}" '
        f'text-anchor="middle">k{j + 1}</text>'
        for j in range(m)
    ]
    body += [
        f'<text class="label" x="{ox - 4}" y="{round(oy + (i + 0.65) * cell, 2)}" '
        f'text-anchor="end">q{i + 1}</text>'
        for i in range(n)
    ]
    what = " (masked cells left blank)" if causal else ""
    return _svg(body, f"Attention weights: row i is how query i spreads over the keys{what}")


def _pca(expl: Explanation) -> str:
    x = expl.inputs["X"]
    if len(x[0]) != 2:
        raise ValueError("only 2-D data is drawn")
    mean = expl.result["mean"]
    w = expl.result["components"][0]
    spread = 2 * math.sqrt(max(expl.result["variances"][0], 0.0))
    tip = [mean[0] + spread * w[0], mean[1] + spread * w[1]]
    tail = [mean[0] - spread * w[0], mean[1] - spread * w[1]]
    xs = [p[0] for p in x] + [tip[0], tail[0]]
    ys = [p[1] for p in x] + [tip[1], tail[1]]
    f = _Frame(xs, ys, square=True)
    body = [_MARKER, *_grid(f), *_axes(f)]
    body += [f'<circle class="point" cx="{f.x(p[0])}" cy="{f.y(p[1])}" r="3.5"/>' for p in x]
    body.append(_arrow(f, tail, tip, "c", "w₁"))
    return _svg(body, "The data points and the top principal component through their mean")


def _likelihood(expl: Explanation) -> str:
    p = expl.inputs["p"]
    if isinstance(p, list):
        labels = [str(i) for i in range(len(p))]
        return _bars(p, labels, "The model's probability for each class")
    data = expl.inputs["data"]
    ones = sum(1 for d in data if d == 1)
    zeros = len(data) - ones

    def ll(q: float) -> float:
        return ones * math.log(q) + zeros * math.log(1 - q)

    curve = [(q, ll(q)) for q in (i / 100 for i in range(2, 99))]
    floor = max(min(y for _, y in curve), ll(0.5) * 3 - 1)
    curve = [(q, max(y, floor)) for q, y in curve]
    f = _Frame([0.0, 1.0], [y for _, y in curve])
    body = [*_axes(f), _polyline(f, curve, "curve")]
    if 0 < p < 1:
        body.append(
            f'<circle class="point start" cx="{f.x(p)}" cy="{f.y(max(ll(p), floor))}" r="4"/>'
        )
    best = expl.result["mle"]
    if 0 < best < 1:
        body.append(f'<circle class="point" cx="{f.x(best)}" cy="{f.y(ll(best))}" r="4"/>')
    return _svg(
        body,
        f"Log-likelihood of the data for every p: highest at p = {num(best)}, the model's "
        f"p = {num(p)} marked",
    )


def _expectation(expl: Explanation) -> str:
    values, probs = expl.inputs["x"], expl.inputs["p"]
    labels = [num(v, 2) for v in values]
    return _bars(probs, labels, f"P(X = x) for each value; E[X] = {num(expl.result['mean'])}")


DRAWERS: dict[str, Callable[[Explanation], str]] = {
    "normal": _normal,
    "eigen": _eigen,
    "svd": _svd,
    "attention": _attention,
    "pca": _pca,
    "likelihood": _likelihood,
    "expectation": _expectation,
}

__all__ = ["DRAWERS"]
