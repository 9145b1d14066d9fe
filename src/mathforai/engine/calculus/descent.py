"""Gradient descent (3.5): one step, and a whole run."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

from ..budgets import MAX_DESCENT_WORK, check_work
from ..explanation import Explanation, Step
from ..expressions import (
    evaluate,
    numeric,
    parse,
)
from ..inputs import Args, Expression, InputError, Number
from ..mathtree import (
    Dots,
    Formula,
    Infix,
    Node,
    Sub,
    call,
    count,
    eq,
    minus,
    mul,
    n,
    sym,
    text,
    value,
)
from ..notation import num
from ..registry import operation
from .argtypes import DIVERGED, SHOWN_ITERATIONS, StepCount
from .points import TOO_LARGE, _only_x
from .rules import Rule, differentiate

# ---------------------------------------------------------------- gradient descent


class GdStepArgs(Args):
    w: Number
    lr: Number
    grad: Number


def _positive_lr(lr: float) -> None:
    if lr <= 0:
        raise InputError(
            "lr", f"the learning rate lr must be positive (such as 0.1); got {num(lr)}"
        )


@operation(
    "gd_step",
    GdStepArgs,
    topic="3.5",
    summary="One gradient-descent update: w ← w − lr·grad.",
    example={"w": 5, "lr": 0.1, "grad": 3},
)
def gd_step(a: GdStepArgs) -> Explanation:
    _positive_lr(a.lr)
    move = a.lr * a.grad
    new = a.w - move
    w, alpha, grad = sym("w", key="w"), sym("α", key="lr"), sym("∇", key="grad")
    steps = [
        Step(
            math=eq(
                Sub(w, text("new")),
                minus(w, mul(alpha, grad, op="·")),
                minus(n(a.w), mul(n(a.lr), n(a.grad), op="·")),
            ),
            note="step against the gradient, scaled by the learning rate α",
        ),
        Step(
            math=eq(None, minus(n(a.w), n(move)), value(new)),
            note="the step is α times the gradient",
        ),
    ]
    if a.grad == 0:
        note = "The gradient is 0: a flat point, so w does not move."
    else:
        way = "down" if a.grad > 0 else "up"
        note = (
            f"w moved {way} by {num(abs(move))}: against the gradient, toward lower loss. "
            "Next: compute the gradient at the new w and repeat."
        )
    return Explanation("gd_step", a.model_dump(), new, steps, [note])


class GradientDescentArgs(Args):
    f: Expression
    start: Number
    lr: Number
    steps: StepCount


@operation(
    "gradient_descent",
    GradientDescentArgs,
    topic="3.5",
    summary="Gradient descent on f(x): repeat x ← x − lr·f′(x) and watch where it goes.",
    example={"f": "x^2", "start": 6, "lr": 0.1, "steps": 20},
)
def gradient_descent(a: GradientDescentArgs) -> Explanation:
    x = _only_x(parse(a.f, "f"), "gradient_descent")
    _positive_lr(a.lr)
    rule = differentiate(a.f, "x")
    at_start = evaluate(rule.expr, {x: a.start})
    if at_start is None or math.isinf(at_start):
        what = "undefined" if at_start is None else TOO_LARGE
        raise InputError("start", f"f at the start x = {num(a.start)} is {what}")
    slope = numeric(rule.result, [x])
    _check_descent_work(a.steps, len(slope))  # type: ignore[arg-type]
    path, slopes, stop = _descend(slope, a.start, a.lr, a.steps)
    steps = _descent_steps(rule, a.lr, path, slopes)
    notes = _descent_notes(path, slopes, a.lr, a.steps, stop, _slope_at(slope, path[-1]))
    result = {"path": path, "final": path[-1]}
    return Explanation("gradient_descent", a.model_dump(), result, steps, notes)


def _check_descent_work(steps: int, size: int) -> None:
    """Each step evaluates f'(x) once: its compiled size times the steps is the work."""
    most = max(1, MAX_DESCENT_WORK // max(1, size))
    check_work(
        "steps",
        steps * size,
        MAX_DESCENT_WORK,
        f"{steps:,} steps × {size:,} operations per step of f'(x)",
        f"use at most {most:,} steps, or a simpler f",
    )


def _descend(
    slope: Callable[..., float], start: float, lr: float, count: int
) -> tuple[list[float], list[float], str]:
    """Run the updates; stop early when f' is undefined or x runs away."""
    path = [start]
    slopes: list[float] = []
    x = start
    for _ in range(count):
        try:
            g = float(slope(x))
        except OverflowError:
            g = math.inf
        except (ArithmeticError, ValueError, TypeError):
            g = math.nan
        if not math.isfinite(g):
            if not slopes:
                what = TOO_LARGE if math.isinf(g) else "undefined"
                raise InputError("start", f"f′(x) at the start x = {num(start)} is {what}")
            return path, slopes, TOO_LARGE if math.isinf(g) else "undefined"
        slopes.append(g)
        x = x - lr * g
        if not math.isfinite(x) or abs(x) > DIVERGED:
            return path, slopes, "diverged"
        path.append(x)
    return path, slopes, ""


def _slope_at(slope: Callable[..., float], x: float) -> float:
    """f' at the last x: the notes compare the slope where the run started and ended."""
    try:
        return float(slope(x))
    except (ArithmeticError, ValueError, TypeError):
        return math.nan


FP = sym("f′")
XS = sym("x")


def _x(index: Node) -> Node:
    return Sub(XS, index)


def _descent_steps(rule: Rule, lr: float, path: list[float], slopes: list[float]) -> list[Step]:
    k = sym("k")
    steps = [
        Step(math=eq(call(FP, XS), Formula(rule.result)), note="the derivative (see derivative)"),
        Step(
            math=eq(
                _x(Infix("+", (k, n(1)))),
                minus(_x(k), mul(n(lr), call(FP, _x(k)), op="·")),
            ),
            note="the update rule: step against the slope",
        ),
    ]
    shown = list(range(min(SHOWN_ITERATIONS, len(path) - 1)))
    if len(path) - 1 > SHOWN_ITERATIONS:
        shown.append(len(path) - 2)
    for i in shown:
        if i == shown[-1] and len(shown) > SHOWN_ITERATIONS:
            steps.append(Step(math=Dots(), note=f"{i - SHOWN_ITERATIONS + 1} more updates"))
        update = minus(n(path[i]), mul(n(lr), n(slopes[i]), op="·"))
        steps.append(
            Step(
                math=eq(_x(count(i + 1)), update, value(path[i + 1])),
                note=f"f′({num(path[i])}) = {num(slopes[i])}",
            )
        )
    return steps


def _descent_notes(
    path: list[float],
    slopes: list[float],
    lr: float,
    count: int,
    stop: str,
    end_slope: float = math.nan,
) -> list[str]:
    notes = []
    if stop == "diverged":
        notes.append(
            f"Diverged: after {len(slopes)} updates |x| passed {DIVERGED:.0e} and the run was "
            f"stopped. The learning rate {num(lr)} is too large for this function."
        )
        return notes
    if stop in ("undefined", TOO_LARGE):
        notes.append(
            f"Stopped after {len(path) - 1} updates: f′(x) is {stop} at x = {num(path[-1])}."
        )
    if math.isfinite(end_slope):
        # Compare the slope at the first x with the slope at the last x, not the last one used.
        slopes = [*slopes, end_slope]
    moves = [b - a for a, b in itertools.pairwise(path)]
    flips = sum(1 for m1, m2 in itertools.pairwise(moves) if m1 * m2 < 0)
    growing = (
        len(moves) >= 2 and abs(moves[-1]) > abs(moves[0]) and abs(slopes[-1]) > abs(slopes[0])
    )
    if growing:
        notes.append(
            f"Diverging: each step is larger than the last (|x| grew from {num(abs(path[0]))} "
            f"to {num(abs(path[-1]))}). The learning rate {num(lr)} is too large."
        )
    elif abs(slopes[-1]) <= 1e-6 or (moves and abs(moves[-1]) <= 1e-9 * max(1.0, abs(path[-1]))):
        notes.append(f"Converged: the slope is about 0 at x ≈ {num(path[-1])}.")
    elif abs(slopes[-1]) > 0.5 * abs(slopes[0]):
        notes.append(
            f"Crawling: after {len(moves)} steps the slope only fell from {num(abs(slopes[0]))} "
            f"at the start to {num(abs(slopes[-1]))} at the last x. The learning rate may be too "
            "small "
            "(or the run needs more steps)."
        )
    else:
        notes.append(
            f"Getting closer: the slope fell from {num(abs(slopes[0]))} at the start to "
            f"{num(abs(slopes[-1]))} at the last x; more steps would bring x nearer the minimum."
        )
    if flips and flips >= len(moves) // 2:
        notes.append(
            "Oscillating: x jumps from one side of the minimum to the other (the sign of the "
            "step flips) — each step overshoots."
        )
    return notes
