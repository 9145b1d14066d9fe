"""Practice for part 3: calculus — derivatives, chain rule, partials, gradients,
gradient descent and least squares.

Every expected answer is the engine's result for the exercise's solution op and args;
misconceptions recompute the same inputs the way the named mistake would.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Sequence

from ...engine.calculus import differentiate
from ...engine.expressions import parse, to_latex, to_pretty
from ...engine.notation import num, vec
from ..exercise import Exercise, Misconception
from .building import mistakes_for, result

_RULES = ("sum rule", "product rule", "quotient rule", "chain rule")


# ---------------------------------------------------------------- helpers


def _latex(text: str) -> str:
    """The engine's own LaTeX for an expression, so the prompt shows what it parsed."""
    return to_latex(parse(text))


def _nonzero(rng: random.Random, lo: int, hi: int) -> int:
    return rng.choice([k for k in range(lo, hi + 1) if k != 0])


Powers = tuple[tuple[str, int], ...]
Term = tuple[int, Powers]


def _monomial(powers: Powers, latex: bool = False) -> str:
    if latex:
        return " ".join(v if p == 1 else f"{v}^{{{p}}}" for v, p in powers if p)
    return "*".join(v if p == 1 else f"{v}^{p}" for v, p in powers if p)


def _polynomial(terms: Sequence[Term], latex: bool = False) -> str:
    """Integer coefficients and monomials, in the order given (zero terms left out): engine
    text 3*x^2*y - y + 5, or its LaTeX 3 x^{2} y - y + 5 (the engine's printer would
    reorder the factors)."""
    out = ""
    for i, (c, powers) in enumerate(t for t in terms if t[0]):
        mono, size = _monomial(powers, latex), abs(c)
        times = " " if latex else "*"
        body = mono if size == 1 and mono else f"{size}{times}{mono}" if mono else str(size)
        if i == 0:
            out = ("-" if c < 0 else "") + body
        else:
            out += (" - " if c < 0 else " + ") + body
    return out


def _linear(a: int, b: int, var: str = "x") -> str:
    """a·x + b as engine text: 2*x - 3."""
    return _polynomial([(a, ((var, 1),)), (b, ())])


def _terms(rng: random.Random, names: str, count: int) -> list[Term]:
    """Random terms of degree 1–3 in the named variables, every variable present."""
    pool = [p for p in itertools.product(range(4), repeat=len(names)) if 1 <= sum(p) <= 3]
    while True:
        chosen = rng.sample(pool, count)
        if all(any(p[k] for p in chosen) for k in range(len(names))):
            return [(_nonzero(rng, -4, 4), tuple(zip(names, p))) for p in chosen]


def _point(rng: random.Random, names: str) -> dict[str, int]:
    return {v: _nonzero(rng, -3, 3) for v in names}


def _where(point: dict[str, int]) -> str:
    return ",\\ ".join(f"{k} = {v}" for k, v in point.items())


# ---------------------------------------------------------------- 3.1 derivatives


def derivative_value(rng: random.Random) -> Exercise:
    degree = rng.randint(2, 3)
    coeffs = {k: rng.randint(-5, 5) for k in range(degree)}
    coeffs[degree] = _nonzero(rng, -5, 5)
    coeffs[0] = _nonzero(rng, -9, 9)
    at = rng.randint(-3, 3)
    powers = sorted((k for k in coeffs if coeffs[k]), reverse=True)
    f = _polynomial([(coeffs[k], (("x", k),)) for k in powers])
    args = {"f": f, "at": at}
    value = result("derivative", args)["value"]
    no_exponent = sum(c * at ** (k - 1) for k, c in coeffs.items() if k >= 1)
    mistakes = [
        (
            no_exponent,
            "you lowered each power but did not multiply by the old exponent: "
            "d/dx xⁿ = n·xⁿ⁻¹, so 3x² becomes 6x, not 3x.",
        ),
        (
            value + coeffs[0],
            f"you kept the constant term {coeffs[0]}; a constant does not change, "
            "so its derivative is 0.",
        ),
    ]
    return Exercise(
        topic="3.1",
        prompt=f"Let $f(x) = {_latex(f)}$. Compute the slope $f'({at})$.",
        answer_format="number",
        expected=value,
        solution_op="derivative",
        solution_args=args,
        decimals=0,
        misconceptions=mistakes_for("number", value, 0, mistakes),
    )


def _sum_around_chain(rng: random.Random) -> tuple[str, str, str]:
    inner = _linear(_nonzero(rng, -4, 4), _nonzero(rng, -5, 5))
    f = f"({inner})^{rng.randint(2, 5)} {rng.choice('+-')} {rng.randint(2, 9)}*x"
    why = (
        "the bracket needs the chain rule, but the outermost operation is + : split f term by term"
    )
    return f, "chain rule", why


def _product_around_chain(rng: random.Random) -> tuple[str, str, str]:
    power = _monomial((("x", rng.randint(1, 3)),))
    outer = rng.choice(("exp", "sin", "cos"))
    f = f"{power}*{outer}({rng.randint(2, 5)}*x)"
    why = (
        f"{outer}(…) needs the chain rule, but first f is a product of two factors that both "
        "depend on x"
    )
    return f, "chain rule", why


def _chain_around_sum(rng: random.Random) -> tuple[str, str, str]:
    inner = _polynomial(
        [(1, (("x", 2),)), (_nonzero(rng, -5, 5), (("x", 1),)), (_nonzero(rng, -5, 5), ())]
    )
    f = rng.choice((f"({inner})^{rng.randint(3, 6)}", f"exp({inner})", f"cos({inner})"))
    why = "the inside is a sum, but the outermost operation is a function of that sum"
    return f, "sum rule", why


def _quotient_around_chain(rng: random.Random) -> tuple[str, str, str]:
    top = f"{rng.choice(('exp', 'sin'))}({rng.randint(2, 5)}*x)"
    f = f"{top}/({_linear(1, _nonzero(rng, -5, 5))})"
    why = "the numerator needs the chain rule, but first f is one function divided by another"
    return f, "chain rule", why


def rule_first(rng: random.Random) -> Exercise:
    build = rng.choice(
        (_sum_around_chain, _product_around_chain, _chain_around_sum, _quotient_around_chain)
    )
    f, decoy, why = build(rng)
    # The engine's outermost rule is the answer: the differentiator applies it first.
    expected = _RULES.index(differentiate(f).name)
    return Exercise(
        topic="3.1",
        prompt=f"To differentiate $f(x) = {_latex(f)}$, which rule do you apply **first** "
        "(to the outermost operation)?",
        answer_format="choice",
        expected=expected,
        solution_op="derivative",
        solution_args={"f": f},
        decimals=None,
        choices=_RULES,
        misconceptions=(Misconception(_RULES.index(decoy), f"{why}; work from the outside in."),),
    )


# ---------------------------------------------------------------- 3.2 chain rule


def chain_power_value(rng: random.Random) -> Exercise:
    a, b, n = _nonzero(rng, -4, 4), _nonzero(rng, -4, 4), rng.randint(2, 4)
    a = a if abs(a) > 1 else 2 * a  # a = ±1 would make "forgot the inner a" invisible
    at = rng.choice([k for k in range(-2, 3) if a * k + b != 0])  # u = 0 makes f' zero
    f = f"({_linear(a, b)})^{n}"
    args = {"f": f, "at": at}
    value = result("derivative", args)["value"]
    u = a * at + b
    mistakes = [
        (
            n * u ** (n - 1),
            f"you forgot the inner derivative: the chain rule multiplies the outer slope "
            f"by the slope of the inside {to_pretty(parse(_linear(a, b)))}, which is {a}.",
        ),
        (
            n * u**n * a,
            "you brought the exponent down but kept the power: the outer derivative of uⁿ "
            "is n·uⁿ⁻¹.",
        ),
    ]
    return Exercise(
        topic="3.2",
        prompt=f"Use the chain rule: for $f(x) = {_latex(f)}$, compute $f'({at})$.",
        answer_format="number",
        expected=value,
        solution_op="derivative",
        solution_args=args,
        decimals=0,
        misconceptions=mistakes_for("number", value, 0, mistakes),
    )


def _sigmoid_slope(u: float) -> float:
    s = 1.0 / (1.0 + math.exp(-u))
    return s * (1.0 - s)


# Outer functions and the outer slope a learner who forgot the inside would report.
_OUTER: dict[str, tuple[str, Callable[[float], float]]] = {
    "sigmoid": ("σ is the sigmoid, with σ'(u) = σ(u)(1 − σ(u))", _sigmoid_slope),
    "exp": ("", math.exp),
    "sin": ("", math.cos),
    "tanh": ("tanh'(u) = 1 − tanh²(u)", lambda u: 1.0 - math.tanh(u) ** 2),
}


def chain_function_value(rng: random.Random) -> Exercise:
    name = rng.choice(sorted(_OUTER))
    hint, outer_slope = _OUTER[name]
    # exp grows fast: keep its inside at most 4 so the answer stays a readable size.
    a, b = rng.randint(2, 4), rng.randint(-3, 0 if name == "exp" else 3)
    at = rng.choice((-1.0, -0.5, 0.0, 0.5, 1.0))
    f = f"{name}({_linear(a, b)})"
    args = {"f": f, "at": at}
    value = result("derivative", args)["value"]
    forgot = outer_slope(a * at + b)
    mistakes = [(forgot, f"you forgot to multiply by the inner derivative {a}.")]
    note = f" (Here {hint}.)" if hint else ""
    return Exercise(
        topic="3.2",
        prompt=f"For $f(x) = {_latex(f)}$, compute $f'({num(at)})$ to 3 decimals.{note}",
        answer_format="number",
        expected=value,
        solution_op="derivative",
        solution_args=args,
        decimals=3,
        misconceptions=mistakes_for("number", value, 3, mistakes),
    )


# ---------------------------------------------------------------- 3.3 partial derivatives


def partial_value(rng: random.Random) -> Exercise:
    terms = _terms(rng, "xy", 3)
    f = _polynomial(terms)
    var, other = rng.choice((("x", "y"), ("y", "x")))
    at = _point(rng, "xy")
    args = {"f": f, "var": var, "at": at}
    value = result("partial", args)["value"]
    wrong = result("partial", {**args, "var": other})["value"]
    mistakes = [
        (
            wrong,
            f"that is ∂f/∂{other}: you differentiated with respect to {other}; "
            f"hold {other} constant and differentiate in {var}.",
        )
    ]
    return Exercise(
        topic="3.3",
        prompt=f"Let $f(x, y) = {_polynomial(terms, latex=True)}$. Compute "
        f"$\\frac{{\\partial f}}{{\\partial {var}}}$ at $({_where(at)})$.",
        answer_format="number",
        expected=value,
        solution_op="partial",
        solution_args=args,
        decimals=0,
        misconceptions=mistakes_for("number", value, 0, mistakes),
    )


def partial_loss(rng: random.Random) -> Exercise:
    x0, y0 = rng.randint(2, 5), rng.randint(-5, 9)
    w = rng.randint(-3, 3)
    b = rng.choice([k for k in range(-3, 4) if w * x0 + k != y0])  # a zero error is trivial
    var = rng.choice(("w", "b"))
    inside = _polynomial([(x0, (("w", 1),)), (1, (("b", 1),)), (-y0, ())])
    loss = f"({inside})^2"
    shown = _polynomial([(x0, (("w", 1),)), (1, (("b", 1),)), (-y0, ())], latex=True)
    args = {"f": loss, "var": var, "at": {"w": w, "b": b}}
    value = result("partial", args)["value"]
    error = w * x0 + b - y0
    if var == "w":
        mistakes = [
            (2 * error, f"you forgot the inner derivative: ∂(ŷ − y)/∂w = x = {x0}."),
            (error * x0, "you forgot the 2 that the power rule brings down from the square."),
        ]
    else:
        mistakes = [
            (2 * error * x0, "that is ∂L/∂w: you multiplied by x, but ∂(ŷ − y)/∂b = 1."),
            (error, "you forgot the 2 that the power rule brings down from the square."),
        ]
    return Exercise(
        topic="3.3",
        prompt=f"A model predicts $\\hat y = w x + b$. On the point $(x, y) = ({x0}, {y0})$ its "
        f"squared error is $L(w, b) = \\left({shown}\\right)^2$. Compute "
        f"$\\frac{{\\partial L}}{{\\partial {var}}}$ at $w = {w},\\ b = {b}$.",
        answer_format="number",
        expected=value,
        solution_op="partial",
        solution_args=args,
        decimals=0,
        misconceptions=mistakes_for("number", value, 0, mistakes),
    )


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


GENERATORS = {
    "3.1": [derivative_value, rule_first],
    "3.2": [chain_power_value, chain_function_value],
    "3.3": [partial_value, partial_loss],
    "3.4": [gradient_vector, steepest_descent_choice],
    "3.5": [gd_step_value, gd_step_on_function, learning_rate_choice],
    "3.6": [residual_value, least_squares_fit],
}
