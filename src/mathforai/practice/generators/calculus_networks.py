"""Practice for the calculus networks use: activation slopes (3.1), one backward step
through a sigmoid unit (3.2) and the softmax + cross-entropy gradient p − y (3.4).

Every expected answer is the engine's result; each named mistake recomputes the same
inputs the way that mistake would.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from ...engine.calculus.networks import _sigmoid  # one overflow-safe sigmoid
from ...engine.notation import num
from ..exercise import Exercise
from .building import mistakes_for, result

# name → (how the prompt writes it, the value a learner who used f for f′ would give,
# the slope a learner who forgot the rule's shape would give, that mistake named)
_ACTIVATIONS: dict[str, tuple[str, Callable[[float], float], str]] = {
    "sigmoid": (
        "\\sigma(x)",
        _sigmoid,
        "you gave σ(x), the sigmoid's value; its slope is σ(x)(1 − σ(x)).",
    ),
    "tanh": (
        "\\tanh(x)",
        math.tanh,
        "you gave tanh(x), the value; the slope is 1 − tanh²(x).",
    ),
    "relu": (
        "\\operatorname{ReLU}(x)",
        lambda u: max(0.0, u),
        "you gave ReLU(x), the value; the slope is 1 for x > 0 and 0 for x < 0.",
    ),
}


def activation_slope(rng: random.Random) -> Exercise:
    name = rng.choice(sorted(_ACTIVATIONS))
    shown, value_of, value_mistake = _ACTIVATIONS[name]
    at = rng.choice((-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0))
    args = {"f": f"{name}(x)", "at": at}
    expected = result("derivative", args)["value"]
    mistakes = [(value_of(at), value_mistake)]
    if name == "relu" and at < 0:
        mistakes.append((1.0, "ReLU is flat for negative inputs: its slope there is 0, not 1."))
    if name == "sigmoid":
        mistakes.append(
            (
                _sigmoid(at) * (1 + _sigmoid(at)),
                "the slope is σ(x)(1 − σ(x)), with a minus: σ(x)(1 + σ(x)) grows past 0.25.",
            )
        )
    return Exercise(
        topic="3.1",
        prompt=f"Compute the slope of $f(x) = {shown}$ at $x = {num(at)}$, to 3 decimals.",
        answer_format="number",
        expected=expected,
        solution_op="derivative",
        solution_args=args,
        decimals=3,
        misconceptions=mistakes_for("number", expected, 3, mistakes),
    )


def backprop_step(rng: random.Random) -> Exercise:
    x = rng.choice((1.0, 2.0, -1.0, 0.5))
    w1, b1 = rng.choice((0.5, -0.5, 1.0, 0.2)), rng.choice((0.0, 0.1, -0.2))
    w2, y = rng.choice((1.0, -1.0, 2.0)), rng.choice((0.0, 1.0))
    args = {
        "x": [x],
        "W1": [[w1]],
        "b1": [b1],
        "w2": [w2],
        "b2": 0.0,
        "y": y,
        "activation": "sigmoid",
    }
    out = result("backprop", args)
    expected = out["grad_W1"][0][0]
    a = out["a"][0]
    d_yhat = out["grad_b2"]
    mistakes = [
        (d_yhat * w2 * x, "you skipped the sigmoid's local slope σ(z)(1 − σ(z)) between ŷ and z."),
        (d_yhat * w2 * a * x, "you used σ(z) as the sigmoid's slope; it is σ(z)(1 − σ(z))."),
        (
            d_yhat * w2 * a * (1 - a),
            "you stopped at ∂L/∂z: ∂L/∂w₁ multiplies once more, by the input x that w₁ scales.",
        ),
        (expected / 2, "you dropped the 2 that the square in (ŷ − y)² brings down."),
    ]
    return Exercise(
        topic="3.2",
        prompt=(
            "A one-unit network computes $z = w_1 x + b_1$, $a = \\sigma(z)$, "
            "$\\hat y = w_2 a$ and the loss $L = (\\hat y - y)^2$, with "
            f"$x = {num(x)}$, $w_1 = {num(w1)}$, $b_1 = {num(b1)}$, $w_2 = {num(w2)}$ and "
            f"$y = {num(y)}$. Compute $\\partial L / \\partial w_1$ to 3 decimals."
        ),
        answer_format="number",
        expected=expected,
        solution_op="backprop",
        solution_args=args,
        decimals=3,
        misconceptions=mistakes_for("number", expected, 3, mistakes),
    )


def softmax_gradient_entry(rng: random.Random) -> Exercise:
    logits = [float(rng.randint(-2, 3)) for _ in range(3)]
    k = rng.randrange(3)
    j = rng.randrange(3)
    target = [1.0 if i == k else 0.0 for i in range(3)]
    args = {"logits": logits, "target": target}
    out = result("softmax_ce_grad", args)
    expected = out["grad"][j]
    p_j = out["p"][j]
    if j == k:
        first = (p_j, "that is pⱼ alone: for the correct class the gradient is pⱼ − 1.")
    else:
        first = (p_j - 1, "only the correct class subtracts 1; for the others it is just pⱼ.")
    mistakes = [
        first,
        (-expected, "the sign is flipped: the gradient is p − y, predicted minus target."),
    ]
    shown = ", ".join(num(z) for z in logits)
    return Exercise(
        topic="3.4",
        prompt=(
            f"A classifier's logits are $z = [{shown}]$ and the correct class is number "
            f"{k + 1}. For the cross-entropy loss after softmax, compute "
            f"$\\partial L / \\partial z_{j + 1}$ to 3 decimals."
        ),
        answer_format="number",
        expected=expected,
        solution_op="softmax_ce_grad",
        solution_args=args,
        decimals=3,
        misconceptions=mistakes_for("number", expected, 3, mistakes),
    )


GENERATORS: dict[str, list[Callable[[random.Random], Exercise]]] = {
    "3.1": [activation_slope],
    "3.2": [backprop_step],
    "3.4": [softmax_gradient_entry],
}
