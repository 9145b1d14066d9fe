"""Practice for 3.4–3.6: gradients, gradient descent and least squares."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from ...engine.notation import num, vec
from ..exercise import Exercise, Misconception
from .building import mistakes_for, result
from .calculus_common import _latex, _linear, _nonzero, _point, _polynomial, _terms, _where

# ---------------------------------------------------------------- 3.4 gradients


def gradient_vector(rng: random.Random) -> Exercise:
    terms = _terms(rng, "xyz", rng.randint(3, 4))
    f = _polynomial(terms)
    at = _point(rng, "xyz")
    args = {"f": f, "at": at}
    g = result("gradient", args)
    mistakes = [
        ([g[1], g[0], g[2]], "you swapped the first two components: ∇f lists ∂f/∂x, ∂f/∂y, ∂f/∂z."),
        (
            [-v for v in g],
            "that is −∇f (the downhill direction); the gradient itself points uphill.",
        ),
    ]
    return Exercise(
        topic="3.4",
        prompt=f"Let $f(x, y, z) = {_polynomial(terms, latex=True)}$. Compute the gradient "
        f"$\\nabla f$ at $({_where(at)})$, as "
        "$[\\partial f/\\partial x, \\partial f/\\partial y, \\partial f/\\partial z]$.",
        answer_format="vector",
        expected=g,
        solution_op="gradient",
        solution_args=args,
        decimals=0,
        misconceptions=mistakes_for("vector", g, 0, mistakes),
    )


def _direction_candidates(g: list[float]) -> list[tuple[list[float], str]]:
    """−∇f first (the answer), then the directions common mistakes pick."""
    gx, gy = g
    return [
        ([-gx, -gy], ""),
        ([gx, gy], "that is ∇f itself: the direction of steepest increase. Step against it."),
        (
            [-gy, -gx],
            "you swapped ∂f/∂x and ∂f/∂y: the x-component of −∇f is −∂f/∂x.",
        ),
        (
            [-gy, gx],
            "that direction is perpendicular to ∇f: along it f barely changes at first.",
        ),
    ]


def steepest_descent_choice(rng: random.Random) -> Exercise:
    while True:  # redraw until the four directions are distinct (almost always at once)
        terms = _terms(rng, "xy", 3)
        f = _polynomial(terms)
        at = _point(rng, "xy")
        args = {"f": f, "at": at}
        g = result("gradient", args)
        candidates = _direction_candidates(g)
        if len({tuple(v) for v, _ in candidates}) == len(candidates):
            break
    order = list(range(len(candidates)))
    rng.shuffle(order)
    choices = tuple(vec(candidates[i][0]) for i in order)
    return Exercise(
        topic="3.4",
        prompt=f"Let $f(x, y) = {_polynomial(terms, latex=True)}$. Standing at "
        f"$({_where(at)})$, which direction makes $f$ **decrease** fastest?",
        answer_format="choice",
        expected=order.index(0),
        solution_op="gradient",
        solution_args=args,
        decimals=None,
        choices=choices,
        misconceptions=tuple(
            Misconception(order.index(i), candidates[i][1]) for i in range(1, len(candidates))
        ),
    )


# ---------------------------------------------------------------- 3.5 gradient descent

_LEARNING_RATES = (0.01, 0.05, 0.1, 0.2, 0.5)


def gd_step_value(rng: random.Random) -> Exercise:
    w = rng.randint(-50, 50) / 10
    grad = _nonzero(rng, -99, 99) / 10
    lr = rng.choice(_LEARNING_RATES)
    args = {"w": w, "lr": lr, "grad": grad}
    new = result("gd_step", args)
    mistakes = [
        (w + lr * grad, "you stepped up the gradient (w + α·grad); descent subtracts: w − α·grad."),
        (w - grad, "you forgot the learning rate: the step is α·grad, not the whole gradient."),
    ]
    return Exercise(
        topic="3.5",
        prompt=f"Gradient descent: the weight is $w = {num(w)}$, the gradient of the loss there is "
        f"${num(grad)}$ and the learning rate is $\\alpha = {num(lr)}$. What is $w$ after one "
        "update? Give 3 decimals.",
        answer_format="number",
        expected=new,
        solution_op="gd_step",
        solution_args=args,
        decimals=3,
        misconceptions=mistakes_for("number", new, 3, mistakes),
    )


def gd_step_on_function(rng: random.Random) -> Exercise:
    a, c = rng.randint(1, 3), rng.randint(-4, 4)
    start = c + _nonzero(rng, -5, 5)
    lr = rng.choice((0.05, 0.1, 0.2, 0.25))
    inside = _linear(1, -c)
    f = f"({inside})^2" if a == 1 else f"{a}*({inside})^2"
    args = {"f": f, "start": start, "lr": lr, "steps": 1}
    new = result("gradient_descent", args)["final"]
    slope = 2 * a * (start - c)
    mistakes = [
        (start + lr * slope, "you stepped up the slope (x + α·f'(x)); descent moves against it."),
        (
            start - lr * a * (start - c),
            "you forgot the 2 from the power rule: the derivative of (x − c)² is 2(x − c).",
        ),
    ]
    return Exercise(
        topic="3.5",
        prompt=f"Take one gradient-descent step on $f(x) = {_latex(f)}$ from $x = {start}$ "
        f"with learning rate ${num(lr)}$. What is the new $x$? Give 3 decimals.",
        answer_format="number",
        expected=new,
        solution_op="gradient_descent",
        solution_args=args,
        decimals=3,
        misconceptions=mistakes_for("number", new, 3, mistakes),
    )


# Learning rates for f = x², grouped by what gradient descent does with them.
_RATE_GROUPS = {
    "steady": (0.05, 0.1, 0.2, 0.3, 0.4),
    "oscillating": (0.6, 0.7, 0.8, 0.9),
    "diverging": (1.1, 1.2, 1.5, 2.0),
}
_QUESTIONS = {
    "steady": "approach the minimum **without** overshooting it (x never changes sign)",
    "oscillating": "overshoot the minimum back and forth but still **converge**",
    "diverging": "**diverge** (x runs away from the minimum)",
}
_STEPS = 20


def _behaviour(path: Sequence[float]) -> str:
    """What a run did, read off the engine's path."""
    if abs(path[-1]) > abs(path[0]):
        return "diverging"
    return "oscillating" if path[1] * path[0] < 0 else "steady"


def _rate_message(lr: float, behaviour: str, path: Sequence[float]) -> str:
    factor = path[1] / path[0]
    what = {
        "steady": "shrinks x steadily toward 0 without crossing it",
        "oscillating": "flips the sign of x but shrinks it, so it oscillates and still converges",
        "diverging": "makes |x| grow every step, so it diverges",
    }[behaviour]
    return f"with α = {num(lr)} each step multiplies x by 1 − 2α = {num(factor)}, which {what}."


def learning_rate_choice(rng: random.Random) -> Exercise:
    target = rng.choice(sorted(_RATE_GROUPS))
    others = [g for g in sorted(_RATE_GROUPS) if g != target]
    rates = [rng.choice(_RATE_GROUPS[target]), *(rng.choice(_RATE_GROUPS[g]) for g in others)]
    spare = [r for g in others for r in _RATE_GROUPS[g] if r not in rates]
    rates.append(rng.choice(spare))
    rates.sort()
    start = rng.choice((-6, -5, -4, 4, 5, 6))
    runs = [
        result("gradient_descent", {"f": "x^2", "start": start, "lr": lr, "steps": _STEPS})
        for lr in rates
    ]
    behaviours = [_behaviour(run["path"]) for run in runs]
    expected = behaviours.index(target)
    return Exercise(
        topic="3.5",
        prompt=f"Gradient descent on $f(x) = x^2$ starts at $x = {start}$ and runs {_STEPS} steps. "
        f"With which learning rate α does the run {_QUESTIONS[target]}?",
        answer_format="choice",
        expected=expected,
        solution_op="gradient_descent",
        solution_args={"f": "x^2", "start": start, "lr": rates[expected], "steps": _STEPS},
        decimals=None,
        choices=tuple(f"α = {num(lr)}" for lr in rates),
        misconceptions=tuple(
            Misconception(i, _rate_message(rates[i], behaviours[i], runs[i]["path"]))
            for i in range(len(rates))
            if i != expected
        ),
    )


# ---------------------------------------------------------------- 3.6 least squares


def _points(rng: random.Random) -> tuple[list[int], list[float]]:
    n = rng.randint(3, 5)
    xs = sorted(rng.sample(range(0, 9), n))
    slope, intercept = _nonzero(rng, -3, 3), rng.randint(-5, 5)
    ys = [slope * x + intercept + rng.randint(-20, 20) / 10 for x in xs]
    return xs, [round(y, 1) for y in ys]


def _table(xs: Sequence[float], ys: Sequence[float]) -> str:
    pairs = ", ".join(f"({num(x)}, {num(y)})" for x, y in zip(xs, ys))
    return f"$(x, y)$: {pairs}"


def residual_value(rng: random.Random) -> Exercise:
    xs, ys = _points(rng)
    w = [_nonzero(rng, -6, 6) / 2, float(rng.randint(-4, 4))]
    i = rng.randrange(len(xs))
    args = {"x": xs, "y": ys, "w": w}
    r = result("residuals", args)["residuals"][i]
    mistakes = [
        (-r, "you computed predicted − actual; a residual is actual − predicted, y − ŷ."),
        (ys[i] - w[0] * xs[i], "you left out the intercept when predicting ŷ = slope·x + b."),
    ]
    return Exercise(
        topic="3.6",
        prompt=f"Points {_table(xs, ys)}. A guessed line is $\\hat y = {num(w[0])}x "
        f"{'-' if w[1] < 0 else '+'} {num(abs(w[1]))}$. What is the residual of the point "
        f"$({num(xs[i])}, {num(ys[i])})$? Give 2 decimals.",
        answer_format="number",
        expected=r,
        solution_op="residuals",
        solution_args=args,
        decimals=2,
        misconceptions=mistakes_for("number", r, 2, mistakes),
    )


def least_squares_fit(rng: random.Random) -> Exercise:
    xs, ys = _points(rng)
    which = rng.randrange(2)
    args = {"x": xs, "y": ys}
    value = result("least_squares", args)["w"][which]
    rough = (ys[-1] - ys[0]) / (xs[-1] - xs[0])
    guess = (rough, ys[0] - rough * xs[0])[which]
    mistakes = [
        (
            guess,
            "you used only the first and last points; least squares weighs every point "
            "(solve AᵀA·w = Aᵀy).",
        )
    ]
    name = ("slope", "intercept")[which]
    return Exercise(
        topic="3.6",
        prompt=f"Fit the least-squares line $\\hat y = m x + b$ to the points {_table(xs, ys)}. "
        f"What is the {name} ${'mb'[which]}$? Give 3 decimals.",
        answer_format="number",
        expected=value,
        solution_op="least_squares",
        solution_args=args,
        decimals=3,
        misconceptions=mistakes_for("number", value, 3, mistakes),
    )


GENERATORS: dict[str, list[Callable[[random.Random], Exercise]]] = {
    "3.4": [gradient_vector, steepest_descent_choice],
    "3.5": [gd_step_value, gd_step_on_function, learning_rate_choice],
    "3.6": [residual_value, least_squares_fit],
}
