"""Practice for part 4, topics 4.6–4.7: Jacobians and the chain rule, and attention.

Every expected answer is the engine's result for the exercise's own solution op and
args; each named mistake recomputes the same inputs the way that mistake would.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from ...engine.notation import mat
from ..exercise import Exercise
from .building import mistakes_for, result
from .stats_common import _number


def _shape(
    topic: str, prompt: str, expected: list[int], op: str, args: dict, mistakes: list
) -> Exercise:
    return Exercise(
        topic=topic,
        prompt=prompt,
        answer_format="shape",
        expected=expected,
        solution_op=op,
        solution_args=args,
        decimals=None,
        misconceptions=mistakes_for("shape", expected, None, mistakes),
    )


# ---------------------------------------------------------------- 4.6 Jacobians


def jacobian_shape(rng: random.Random) -> Exercise:
    n, m = rng.sample(range(2, 9), 2)
    args = {"value": [[0] * n for _ in range(m)]}
    shape = list(result("shape", args)["shape"])
    return _shape(
        "4.6",
        f"A layer maps $\\mathbb{{R}}^{{{n}}}$ to $\\mathbb{{R}}^{{{m}}}$ ({n} inputs, {m} "
        "outputs). What is the shape of its Jacobian? Answer as (rows, columns).",
        shape,
        "shape",
        args,
        [([n, m], "you put the inputs down the side; a Jacobian has one row per output.")],
    )


def jacobian_chain_entry(rng: random.Random) -> Exercise:
    def small() -> list[list[int]]:
        return [[rng.randint(-3, 4) for _ in range(2)] for _ in range(2)]

    jg, jf = small(), small()
    i, j = rng.randint(0, 1), rng.randint(0, 1)
    args = {"A": jg, "B": jf}
    value = result("matmul", args)[i][j]
    wrong_order = result("matmul", {"A": jf, "B": jg})[i][j]
    return _number(
        "4.6",
        f"$J_g = {mat(jg)}$ and $J_f = {mat(jf)}$. The Jacobian of $g(f(x))$ is "
        f"$J_g J_f$. What is its entry in row {i + 1}, column {j + 1}?",
        value,
        "matmul",
        args,
        0,
        [
            (
                wrong_order,
                "you multiplied J_f J_g; the outer function's Jacobian goes on the left.",
            ),
            (
                jg[i][j] * jf[i][j],
                "you multiplied matching entries; the chain rule is a matrix "
                "product (row of J_g times column of J_f).",
            ),
            (jg[i][j] + jf[i][j], "the chain rule multiplies Jacobians; it does not add them."),
        ],
    )


# ---------------------------------------------------------------- 4.7 attention


def attention_scores_shape(rng: random.Random) -> Exercise:
    n = rng.choice((4, 8, 10, 16, 32, 128))
    d = rng.choice((16, 32, 64, 96))
    args = {"a": [n, d], "b": [d, n]}
    shape = list(result("matmul_shape", args)["shape"])
    return _shape(
        "4.7",
        f"A sequence has {n} tokens; each query and key has {d} entries. What is the shape "
        "of $QK^\\top$? Answer as (rows, columns).",
        shape,
        "matmul_shape",
        args,
        [
            ([d, d], "that is QᵀK, features against features; attention scores pair tokens."),
            ([n, d], "that is the shape of Q itself; Kᵀ turns the columns into tokens."),
        ],
    )


def attention_two_keys(rng: random.Random) -> Exercise:
    d = rng.choice((1, 4, 9))
    q = [rng.randint(1, 3)] + [0] * (d - 1)
    k1 = [rng.randint(1, 3)] + [0] * (d - 1)
    k2 = [rng.randint(-2, 0)] + [0] * (d - 1)
    v = [[1], [0]]
    args = {"Q": [q], "K": [k1, k2], "V": v}
    weight = result("attention", args)["weights"][0][0]
    raw = [q[0] * k1[0], q[0] * k2[0]]
    unscaled = math.exp(raw[0]) / (math.exp(raw[0]) + math.exp(raw[1]))
    return _number(
        "4.7",
        f"One query $q$ and two keys, each with $d = {d}$ entries. Their dot products are "
        f"$q\\cdot k_1 = {raw[0]}$ and $q\\cdot k_2 = {raw[1]}$. What attention weight does "
        "the query give key 1, after scaling by $\\sqrt{d}$? (to 3 decimals)",
        weight,
        "attention",
        args,
        3,
        [
            (unscaled, "you skipped the division by √d before the softmax."),
            (
                raw[0] / (raw[0] + raw[1]) if raw[0] + raw[1] else None,
                "you divided the scores by their sum; attention uses a softmax (e^score).",
            ),
            (1.0, "softmax gives every key some weight; only a mask makes it exactly 0."),
        ],
    )


GENERATORS: dict[str, list[Callable[[random.Random], Exercise]]] = {
    "4.6": [jacobian_shape, jacobian_chain_entry],
    "4.7": [attention_scores_shape, attention_two_keys],
}
