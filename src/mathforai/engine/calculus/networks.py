"""Gradients of the pieces networks are made of (3.2, 3.4): softmax with cross-entropy,
and a forward and backward pass through a two-layer network.

Each backward step is one local derivative times the gradient arriving from above; each
ends with a finite-difference check, the way practitioners test a hand-written gradient.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import Field

from ..explanation import Explanation, Step
from ..inputs import Args, InputError, Matrix, Number, Vector
from ..mathtree import (
    Frac,
    Infix,
    Sub,
    add,
    array,
    call,
    eq,
    frac,
    minus,
    mul,
    n,
    paren,
    power,
    sym,
    value,
    vec,
)
from ..notation import num
from ..registry import operation

H = 1e-5  # central differences: error ~h², far below the 4 digits shown
MAX_UNITS = 16  # inputs or hidden units: every number of the pass is written out

# ---------------------------------------------------------------- softmax + cross-entropy


class SoftmaxCeArgs(Args):
    logits: Vector
    target: Vector


def log_softmax(z: Sequence[float]) -> list[float]:
    """log pᵢ without overflow or log(0): zᵢ − max − log ∑ e^(z − max)."""
    top = max(z)
    log_total = math.log(math.fsum(math.exp(x - top) for x in z))
    return [x - top - log_total for x in z]


def cross_entropy_of(z: Sequence[float], y: Sequence[float]) -> float:
    return -math.fsum(t * lp for t, lp in zip(y, log_softmax(z), strict=True) if t)


def _check_target(logits: list[float], target: list[float]) -> None:
    if len(target) != len(logits):
        raise InputError(
            "target",
            f"target has {len(target)} entries and logits {len(logits)}: one per class",
        )
    if any(t < 0 or t > 1 for t in target):
        raise InputError("target", "target entries are probabilities: each from 0 to 1")
    if abs(math.fsum(target) - 1) > 1e-9:
        raise InputError(
            "target",
            f"target must add up to 1 (a one-hot [0, 1, 0] or soft labels); "
            f"it adds up to {num(math.fsum(target))}",
        )


@operation(
    "softmax_ce_grad",
    SoftmaxCeArgs,
    topic="3.4",
    summary="The gradient of cross-entropy after softmax with respect to the logits: p − y.",
    example={"logits": [2.0, 1.0, 0.1], "target": [1, 0, 0]},
)
def softmax_ce_grad(a: SoftmaxCeArgs) -> Explanation:
    _check_target(a.logits, a.target)
    p = [math.exp(lp) for lp in log_softmax(a.logits)]
    loss = cross_entropy_of(a.logits, a.target)
    grad = [pi - yi for pi, yi in zip(p, a.target, strict=True)]
    j = max(range(len(grad)), key=lambda i: abs(grad[i]))
    numeric = _central(lambda d: cross_entropy_of(_nudged(a.logits, j, d), a.target))
    p_sym, y_sym, z_sym = sym("p", key="p"), sym("y", key="target"), sym("z", key="logits")
    steps = [
        Step(
            math=eq(p_sym, call("softmax", z_sym), vec(p)),
            note="the probabilities, computed stably: the largest logit is subtracted first",
        ),
        Step(
            math=eq(sym("L"), _ce_terms(p, a.target), value(loss)),
            note="cross-entropy: minus the log probability of the target, weighted by y",
        ),
        Step(math=_derivation(), note=_derivation_note()),
        Step(
            math=eq(
                Frac(sym("∂L"), sym("∂z")),
                minus(p_sym, y_sym),
                minus(vec(p), vec(a.target)),
                vec(grad),
            ),
            note="the gradient: predicted minus target, entry by entry",
        ),
        _check_step(f"z{_sub(j + 1)}", numeric, grad[j]),
    ]
    notes = [
        "The entries of p − y add up to 0: raising one logit's probability lowers the others'.",
        "The target class gets a negative entry (gradient descent raises its logit); every other "
        "class gets its probability, so confident wrong answers are pushed down hardest.",
    ]
    result = {"p": p, "grad": grad, "loss": loss}
    return Explanation("softmax_ce_grad", a.model_dump(), result, steps, notes)


def _ce_terms(p: list[float], y: list[float]) -> Infix:
    terms = [
        mul(n(t), call("log", n(pi)), op="·") if t != 1 else call("log", n(pi))
        for pi, t in zip(p, y, strict=True)
        if t
    ]
    inner = terms[0] if len(terms) == 1 else paren(Infix("+", tuple(terms)))
    return Infix("", (sym("−"), inner))


def _derivation() -> Infix:
    # ∂L/∂zⱼ = ∑ᵢ (−yᵢ/pᵢ)·pᵢ(δᵢⱼ − pⱼ) = pⱼ∑ᵢyᵢ − yⱼ = pⱼ − yⱼ
    y_i, p_i = Sub(sym("y"), sym("i")), Sub(sym("p"), sym("i"))
    p_j, y_j = Sub(sym("p"), sym("j")), Sub(sym("y"), sym("j"))
    local = mul(paren(frac(Infix("", (sym("−"), y_i)), p_i)), p_i, op="·")
    softmax_slope = paren(minus(Sub(sym("δ"), sym("ij")), p_j))
    chain = Infix("", (sym("∑ᵢ"), mul(local, softmax_slope, op="·")))
    return eq(
        Frac(sym("∂L"), Sub(sym("∂z"), sym("j"))),
        chain,
        minus(mul(p_j, Infix("", (sym("∑ᵢ"), y_i)), op="·"), y_j),
        minus(p_j, y_j),
    )


def _derivation_note() -> str:
    return (
        "chain rule through softmax: ∂L/∂pᵢ = −yᵢ/pᵢ and ∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ); "
        "the pᵢ cancel and the targets add up to 1"
    )


# ---------------------------------------------------------------- two-layer backprop

Activation = Literal["sigmoid", "relu", "tanh"]


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)


ACTIVATIONS: dict[str, tuple[Callable[[float], float], Callable[[float], float], str]] = {
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * (1 - _sigmoid(z)), "σ(z)(1 − σ(z))"),
    "relu": (lambda z: max(0.0, z), lambda z: 1.0 if z > 0 else 0.0, "1 where z > 0, else 0"),
    "tanh": (math.tanh, lambda z: 1 - math.tanh(z) ** 2, "1 − tanh²(z)"),
}


class BackpropArgs(Args):
    x: Vector
    W1: Matrix
    b1: Vector
    w2: Vector
    b2: Number = 0.0
    y: Number
    activation: Activation = Field(
        "sigmoid", description='the hidden layer\'s activation: "sigmoid", "relu" or "tanh"'
    )


def _check_network(a: BackpropArgs) -> None:
    hidden, inputs = len(a.W1), len(a.W1[0])
    if inputs != len(a.x):
        raise InputError("W1", f"W1 has {inputs} columns but x has {len(a.x)} entries")
    if max(hidden, inputs) > MAX_UNITS:
        raise InputError("W1", f"at most {MAX_UNITS} inputs and {MAX_UNITS} hidden units")
    for name, got in (("b1", len(a.b1)), ("w2", len(a.w2))):
        if got != hidden:
            raise InputError(name, f"{name} needs one entry per hidden unit ({hidden}); got {got}")


def forward(a: BackpropArgs, W1: list[list[float]] | None = None) -> dict[str, object]:
    W = W1 if W1 is not None else a.W1
    act = ACTIVATIONS[a.activation][0]
    z = [
        math.fsum(w * xi for w, xi in zip(row, a.x, strict=True)) + b
        for row, b in zip(W, a.b1, strict=True)
    ]
    h = [act(v) for v in z]
    y_hat = math.fsum(w * v for w, v in zip(a.w2, h, strict=True)) + a.b2
    return {"z": z, "a": h, "y_hat": y_hat, "loss": (y_hat - a.y) ** 2}


@operation(
    "backprop",
    BackpropArgs,
    topic="3.2",
    summary="A forward and backward pass through a two-layer network, every local derivative "
    "named, ending in a finite-difference check.",
    example={
        "x": [1.0, 2.0],
        "W1": [[0.5, -0.3], [0.2, 0.4]],
        "b1": [0.0, 0.1],
        "w2": [1.0, -1.0],
        "b2": 0.0,
        "y": 1.0,
        "activation": "sigmoid",
    },
)
def backprop(a: BackpropArgs) -> Explanation:
    _check_network(a)
    fw = forward(a)
    z, h, y_hat = fw["z"], fw["a"], float(fw["y_hat"])  # type: ignore[arg-type]
    slope = ACTIVATIONS[a.activation][1]
    d_yhat = 2 * (y_hat - a.y)
    d_w2 = [d_yhat * v for v in h]  # type: ignore[union-attr]
    d_a = [d_yhat * w for w in a.w2]
    local = [slope(v) for v in z]  # type: ignore[union-attr]
    d_z = [g * s for g, s in zip(d_a, local, strict=True)]
    d_W1 = [[g * xi for xi in a.x] for g in d_z]
    numeric = _central(lambda d: float(forward(a, _nudged_matrix(a.W1, d))["loss"]))  # type: ignore[arg-type]
    steps = _forward_steps(a, fw) + _backward_steps(a, d_yhat, d_w2, d_a, local, d_z, d_W1)
    steps.append(_check_step("W₁ entry (1, 1)", numeric, d_W1[0][0]))
    notes = _backprop_notes(a, z)  # type: ignore[arg-type]
    result = {
        **fw,
        "grad_W1": d_W1,
        "grad_b1": d_z,
        "grad_w2": d_w2,
        "grad_b2": d_yhat,
        "check": {"numeric": numeric, "analytic": d_W1[0][0]},
    }
    return Explanation("backprop", a.model_dump(), result, steps, notes)


def _forward_steps(a: BackpropArgs, fw: dict[str, object]) -> list[Step]:
    x, W1, b1 = sym("x", key="x"), sym("W₁", key="W1"), sym("b₁", key="b1")
    w2, b2, z, h = sym("w₂", key="w2"), sym("b₂", key="b2"), sym("z"), sym("a")
    act = {"sigmoid": "σ", "relu": "ReLU", "tanh": "tanh"}[a.activation]
    return [
        Step(
            math=eq(
                z,
                Infix("+", (Infix("", (W1, x)), b1)),
                Infix("+", (Infix("", (array(a.W1), vec(a.x, column=True))), vec(a.b1))),
                vec(fw["z"]),
            ),  # type: ignore[arg-type]
            note="forward, layer 1: weighted sums of the inputs plus the biases",
        ),
        Step(
            math=eq(h, call(act, z), vec([call(act, n(v)) for v in fw["z"]]), vec(fw["a"])),  # type: ignore[attr-defined]
            note=f"the activation {act}, applied to each entry",
        ),
        Step(
            math=eq(
                sym("ŷ"),
                Infix("+", (mul(w2, h, op="·"), b2)),
                add(
                    *[paren(mul(n(w), n(v))) for w, v in zip(a.w2, fw["a"], strict=True)],  # type: ignore[call-overload]
                    n(a.b2),
                ),
                value(float(fw["y_hat"])),  # type: ignore[arg-type]
            ),
            note="forward, layer 2: one output, a dot product plus a bias",
        ),
        Step(
            math=eq(
                sym("L"),
                power(paren(minus(sym("ŷ"), sym("y", key="y"))), 2),
                power(paren(minus(n(float(fw["y_hat"])), n(a.y))), 2),  # type: ignore[arg-type]
                value(float(fw["loss"])),
            ),  # type: ignore[arg-type]
            note="the squared-error loss",
        ),
    ]


def _backward_steps(
    a: BackpropArgs,
    d_yhat: float,
    d_w2: list[float],
    d_a: list[float],
    local: list[float],
    d_z: list[float],
    d_W1: list[list[float]],
) -> list[Step]:
    def d(of: str) -> Frac:
        return Frac(sym("∂L"), sym(f"∂{of}"))

    rule = ACTIVATIONS[a.activation][2]
    h_values = forward(a)["a"]
    return [
        Step(
            math=eq(
                d("ŷ"),
                mul(2, paren(minus(sym("ŷ"), sym("y"))), op="·"),
                mul(2, paren(minus(n(d_yhat / 2 + a.y), n(a.y))), op="·"),
                value(d_yhat),
            ),
            note="backward starts at the loss: the local derivative of (ŷ − y)²",
        ),
        Step(
            math=eq(
                d("w₂"),
                mul(paren(d("ŷ")), sym("a"), op="·"),
                mul(n(d_yhat), vec(h_values), op="·"),
                vec(d_w2),
            ),
            note="layer 2's weights: the gradient from above times what they multiplied",
        ),
        Step(
            math=eq(
                d("a"),
                mul(paren(d("ŷ")), sym("w₂"), op="·"),
                mul(n(d_yhat), vec(a.w2), op="·"),
                vec(d_a),
            ),
            note="passed down to the hidden units: times the weights they fed",
        ),
        Step(
            math=eq(call("f′", sym("z")), vec(local)),
            note=f"the activation's local derivative, {rule}, at each z",
        ),
        Step(
            math=eq(
                d("z"),
                mul(paren(d("a")), call("f′", sym("z")), op="⊙"),
                mul(vec(d_a), vec(local), op="⊙"),
                vec(d_z),
            ),
            note="chain rule, entry by entry (⊙): this is also ∂L/∂b₁",
        ),
        Step(
            math=eq(d("W₁"), mul(paren(d("z")), sym("xᵀ"), op=""), array(d_W1)),
            note="layer 1's weights: row i is ∂L/∂zᵢ times the inputs x",
        ),
    ]


def _backprop_notes(a: BackpropArgs, z: list[float]) -> list[str]:
    notes = [
        "Every backward step multiplies a local derivative by the gradient from above. "
        "Grouping the products from the loss down reuses each shared factor, which is why "
        "backward is cheap; any grouping gives the same numbers.",
    ]
    if a.activation == "sigmoid":
        notes.append(
            "σ′(z) = σ(z)(1 − σ(z)) is at most 0.25 (at z = 0): sigmoid layers shrink "
            "the gradient on its way down."
        )
    if a.activation == "relu" and any(v == 0 for v in z):
        notes.append(
            "ReLU has a kink at 0 with no derivative there; like the frameworks, this "
            "takes the slope at exactly 0 to be 0."
        )
    if a.activation == "relu" and any(v < 0 for v in z):
        notes.append(
            "A hidden unit with z < 0 is switched off by ReLU: its slope is 0, so no "
            "gradient reaches its weights on this example."
        )
    return notes


# ---------------------------------------------------------------- finite differences


def _central(loss_at: Callable[[float], float]) -> float:
    return (loss_at(H) - loss_at(-H)) / (2 * H)


def _nudged(v: Sequence[float], j: int, d: float) -> list[float]:
    return [x + d if i == j else x for i, x in enumerate(v)]


def _nudged_matrix(W: list[list[float]], d: float) -> list[list[float]]:
    return [_nudged(row, 0, d) if i == 0 else list(row) for i, row in enumerate(W)]


def _check_step(what: str, numeric: float, analytic: float) -> Step:
    gap = abs(numeric - analytic)
    difference = frac(minus(call("L", sym("+h")), call("L", sym("−h"))), sym("2h"))
    return Step(
        math=eq(difference, value(numeric)),
        note=f"finite-difference check on {what}: (L(+h) − L(−h)) / 2h with h = 10⁻⁵ "
        f"gives {_signed(numeric)} against {_signed(analytic)} from the chain rule "
        f"({'agree' if gap <= 1e-6 * max(1.0, abs(analytic)) else 'DISAGREE'})",
    )


def _signed(x: float) -> str:
    return num(x).replace("-", "−")


def _sub(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


__all__ = ["backprop", "cross_entropy_of", "forward", "log_softmax", "softmax_ce_grad"]
