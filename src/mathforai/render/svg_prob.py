"""The Bayes area diagram (2.6): everyone tested as a rectangle of area 1.

The rectangle is split into columns by the prior (has D | no D) and each column is filled
from the bottom to the height P(+ | column), so each positive area is its probability
exactly: P(D and +) = prior × likelihood, P(no D and +) = (1 − prior) × false-positive
rate. Below it the positives alone are stretched to the full width: the share that is
sick is the posterior. Colour is never the only cue: the two areas are hatched in opposite
directions and named in the legend. A strip thinner than MIN_PX is drawn MIN_PX wide so it
can be seen, and the figure says so.

Same conventions as svg.py: classes and presentation attributes only, no ids.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

from ..engine.explanation import Explanation
from ..engine.notation import num as _num
from .svg_frame import _svg, clip_segment, tick_text

# The diagram's rectangle on the canvas: 1 across is X1 − X0 px, 1 up is Y1 − Y0 px.
X0, X1, Y0, Y1 = 46.0, 306.0, 32.0, 172.0
# The positives-only bar, and the legend rows under it.
BAR_Y, BAR_H = 226.0, 20.0
# Narrower than this and a strip vanishes on screen; it is drawn this wide and flagged.
MIN_PX = 2.0
HATCH_GAP = 6.0
TICKS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # an honest, fixed 0–1 scale on both axes


def num(x: float) -> str:
    """A probability with three significant digits kept: 0.00095 must not read as 0.0009."""
    x = float(x)
    if x <= 0 or x >= 1:
        return _num(x)
    if x < 1e-4:
        return _num(x, 3)  # written as 9.50e-06: three significant digits
    return _num(x, max(4, 3 - math.floor(math.log10(x))))


def _visible(px: float) -> tuple[float, bool]:
    """A length on screen, widened to MIN_PX when it is real but too thin to see."""
    if 0 < px < MIN_PX:
        return MIN_PX, True
    return px, False


def _split(share: float, total: float) -> tuple[float, float, bool]:
    """Cut a length `total` at `share` of it; both parts stay visible if nonzero."""
    first, widened = _visible(share * total)
    rest, widened_rest = _visible(total - first) if share < 1 else (0.0, False)
    if widened_rest:
        first = total - rest
    return round(first, 2), round(total - first, 2), widened or widened_rest


def _rect(x: float, y: float, w: float, h: float, cls: str, hatch: int = 0) -> list[str]:
    """A rectangle, hatched at +45° (hatch=1) or −45° (hatch=-1) so it reads without colour."""
    out = [
        f'<rect class="{cls}" x="{round(x, 2)}" y="{round(y, 2)}" '
        f'width="{round(w, 2)}" height="{round(h, 2)}"/>'
    ]
    if hatch == 0 or w <= 0 or h <= 0:
        return out
    box, reach = (x, y, x + w, y + h), w + h
    k = HATCH_GAP / 2
    while k < reach:
        # Rising lines pass through (x, y + k); falling ones through (x, y + h − k).
        y_at = y + k if hatch > 0 else y + h - k
        a = (x - reach, y_at + hatch * reach)
        b = (x + reach, y_at - hatch * reach)
        seg = clip_segment(a, b, box)
        if seg is not None:
            (p, q), (r, s) = seg
            out.append(
                f'<line class="hatch {cls}" x1="{round(p, 2)}" y1="{round(q, 2)}" '
                f'x2="{round(r, 2)}" y2="{round(s, 2)}"/>'
            )
        k += HATCH_GAP
    return out


def _text(x: float, y: float, words: str, cls: str = "label", anchor: str = "start") -> str:
    return (
        f'<text class="{cls}" x="{round(x, 2)}" y="{round(y, 2)}" '
        f'text-anchor="{anchor}">{escape(words)}</text>'
    )


def _scale() -> list[str]:
    """Tick numbers on both edges: 0 to 1 across (people) and up (P(+ | group))."""
    out = [
        f'<line class="axis" x1="{X0}" y1="{Y0}" x2="{X0}" y2="{Y1}"/>'
        f'<line class="axis" x1="{X0}" y1="{Y1}" x2="{X1}" y2="{Y1}"/>'
    ]
    for t in TICKS:
        x, y = X0 + t * (X1 - X0), Y1 - t * (Y1 - Y0)
        out.append(_text(X0 - 5, y + 4, tick_text(t), "tick", "end"))
        out.append(_text(x, Y1 + 15, tick_text(t), "tick", "middle"))
    out.append(
        f'<text class="axis-label" x="{-(Y0 + Y1) / 2}" y="12" transform="rotate(-90)" '
        f'text-anchor="middle">P(+ | group)</text>'
    )
    out.append(_text(X1, Y1 + 30, "share of people", "axis-label", "end"))
    return out


def _square(prior: float, sens: float, fpr: float) -> tuple[list[str], bool]:
    """The two columns, each filled to its positive rate; True if a strip was widened."""
    width, height = X1 - X0, Y1 - Y0
    wd, wn, w_flag = _split(prior, width)
    hd, _, hd_flag = _split(sens, height)
    hn, _, hn_flag = _split(fpr, height)
    out = [
        *_rect(X0, Y0, wd, height - hd, "neg"),
        *_rect(X0 + wd, Y0, wn, height - hn, "neg"),
        *_rect(X0, Y1 - hd, wd, hd, "tp", 1),
        *_rect(X0 + wd, Y1 - hn, wn, hn, "fp", -1),
        f'<line class="divider" x1="{X0 + wd}" y1="{Y0}" x2="{X0 + wd}" y2="{Y1}"/>',
        _text(X0, Y0 - 8, f"has D: {num(prior)}"),
        _text(X1, Y0 - 8, f"no D: {num(1 - prior)}", anchor="end"),
    ]
    if height - hn >= 24 and wn >= 130:
        # Name the empty part once, so the blank area reads as "tested negative".
        middle = (Y0 + Y1 - hn) / 2 + 4
        out.append(_text(X0 + wd + wn / 2, middle, "tested negative", "label muted", "middle"))
    return out, w_flag or hd_flag or hn_flag


def _positives(posterior: float, tp: float, evidence: float) -> tuple[list[str], bool]:
    """Only the positive results, stretched to the full width: the sick share is P(D | +)."""
    wt, wf, flag = _split(posterior, X1 - X0)
    out = [
        _text(X0, BAR_Y - 8, "All positives, stretched to full width:"),
        *_rect(X0, BAR_Y, wt, BAR_H, "tp", 1),
        *_rect(X0 + wt, BAR_Y, wf, BAR_H, "fp", -1),
        _text(
            (X0 + X1) / 2,
            BAR_Y + BAR_H + 16,
            f"P(D | +) = {num(tp)} ÷ {num(evidence)} = {num(posterior)}",
            "label posterior",
            "middle",
        ),
    ]
    return out, flag


def _legend(y: float, tp: float, fp: float, widened: bool) -> tuple[list[str], float]:
    rows = [("tp", 1, f"D and +: {num(tp)} (true positives)")]
    rows.append(("fp", -1, f"no D and +: {num(fp)} (false alarms)"))
    out: list[str] = []
    for cls, hatch, words in rows:
        out += [*_rect(X0, y - 11, 16, 13, cls, hatch), _text(X0 + 22, y, words)]
        y += 18
    if widened:
        out.append(_text(X0, y, f"(a strip under {num(MIN_PX)} px is drawn {num(MIN_PX)} px wide)"))
        y += 18
    return out, y


def _bayes(expl: Explanation) -> str:
    prior = float(expl.inputs["prior"])
    sens, fpr = float(expl.inputs["likelihood"]), float(expl.inputs["false_positive_rate"])
    evidence = float(expl.result["evidence"])
    # After several positives the result's posterior is the last one; this figure draws
    # the first test, whose posterior heads the chain.
    chain = expl.result.get("posteriors")
    several = isinstance(chain, list) and len(chain) > 1
    posterior = float(chain[0] if several else expl.result["posterior"])
    # The two positive areas, multiplied as the engine's steps do (width × height).
    tp, fp = sens * prior, fpr * (1 - prior)
    square, thin = _square(prior, sens, fpr)
    bar, thin_bar = _positives(posterior, tp, evidence)
    legend, bottom = _legend(BAR_Y + BAR_H + 40, tp, fp, thin or thin_bar)
    title = (
        f"Area diagram: of all positive results ({num(evidence)}), the share from people "
        f"with D is P(D | +) = {num(posterior)}"
    )
    desc = (
        f"Everyone tested is a rectangle of area 1, split by the prior: has D {num(prior)}, "
        f"no D {num(1 - prior)}. Positive areas: D and + = {num(prior)} × {num(sens)} = "
        f"{num(tp)}; no D and + = {num(1 - prior)} × {num(fpr)} = {num(fp)}. All positives "
        f"{num(evidence)}; posterior P(D | +) = {num(tp)} ÷ {num(evidence)} = {num(posterior)}."
    )
    if several:
        title += " (the first test)"
        desc += " Drawn for the first test; after each positive: " + ", ".join(map(num, chain))
    body = [*square, *_scale(), *bar, *legend]
    return _svg(body, title, desc, height=int(bottom))


DRAWERS: dict[str, Callable[[Explanation], str]] = {"bayes": _bayes}

__all__ = ["BAR_H", "BAR_Y", "DRAWERS", "MIN_PX", "X0", "X1", "Y0", "Y1"]
