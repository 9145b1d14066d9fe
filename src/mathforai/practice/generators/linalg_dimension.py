"""Practice for 1.13–1.15: dimension, linear independence and tensors."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from ...engine import explain
from ..exercise import Exercise, Misconception
from .building import result
from .linalg_common import CHANNELS, _exercise, _lvecs, _parallel_pair, _sup, _vectors_of_rank

# ---------------------------------------------------------------------------
# 1.13 Dimension
# ---------------------------------------------------------------------------


def dimension_of_span(rng: random.Random) -> Exercise:
    n = rng.randint(2, 4)
    k = rng.randint(2, 4)
    vectors = _vectors_of_rank(rng, n, k, rng.randint(1, min(n, k)))
    args = {"vectors": vectors}
    rank = result("span", args)["rank"]
    return _exercise(
        "1.13",
        "What is the dimension of the span of " + _lvecs(vectors) + "?",
        "number",
        float(rank),
        "span",
        args,
        mistakes=(
            Misconception(
                float(k),
                "you counted the vectors; the dimension counts independent directions, and "
                "redundant vectors add none.",
            ),
            Misconception(
                float(n),
                f"that is the dimension of ℝ{_sup(n)}, where the vectors live; their span "
                "may be smaller.",
            ),
        ),
    )


def dimension_whole_space(rng: random.Random) -> Exercise:
    n = rng.randint(2, 3)
    k = rng.randint(n - 1, n + 1)
    vectors = _vectors_of_rank(rng, n, k, rng.randint(max(1, min(k, n) - 1), min(k, n)))
    args = {"vectors": vectors}
    whole = result("span", args)["whole_space"]
    return _exercise(
        "1.13",
        "Do " + _lvecs(vectors) + f" span all of $\\mathbb{{R}}^{n}$? (yes/no)",
        "boolean",
        whole,
        "span",
        args,
        mistakes=(
            Misconception(
                True,
                f"there are at least {n} vectors, but they span ℝ{_sup(n)} only if {n} of "
                "them are independent.",
            ),
        )
        if k >= n
        else (),
    )


# ---------------------------------------------------------------------------
# 1.14 Linear independence
# ---------------------------------------------------------------------------


def independence_judge(rng: random.Random) -> Exercise:
    n = rng.randint(2, 3)
    k = rng.randint(2, n + 1)
    vectors = _vectors_of_rank(rng, n, k, rng.randint(max(1, min(k, n) - 1), min(k, n)))
    args = {"vectors": vectors}
    independent = result("independence", args)["independent"]
    mistakes: tuple[Misconception, ...] = ()
    if not _parallel_pair(vectors):
        mistakes = (
            Misconception(
                True,
                "no two vectors are multiples of each other, but one is still a combination "
                "of the others — check them all together (the rank), not in pairs.",
            ),
        )
    elif k <= n:
        mistakes = (
            Misconception(
                True,
                f"{k} vectors in ℝ{_sup(n)} can be independent, but the count does not decide "
                "it: here one repeats a direction.",
            ),
        )
    return _exercise(
        "1.14",
        "Are " + _lvecs(vectors) + " linearly independent? (yes/no)",
        "boolean",
        independent,
        "independence",
        args,
        mistakes=mistakes,
    )


def independence_rank(rng: random.Random) -> Exercise:
    n = rng.randint(2, 4)
    k = rng.randint(3, 4)
    vectors = _vectors_of_rank(rng, n, k, rng.randint(1, min(k, n)))
    args = {"vectors": vectors}
    rank = result("independence", args)["rank"]
    return _exercise(
        "1.14",
        "What is the rank of the set " + _lvecs(vectors) + " (the number of independent vectors)?",
        "number",
        float(rank),
        "independence",
        args,
        mistakes=(
            Misconception(
                float(k),
                "you counted the vectors; the rank counts only those that add a new direction.",
            ),
            Misconception(
                float(min(k, n)),
                f"{min(k, n)} is only the largest rank possible here; these vectors repeat "
                "directions, so the rank is lower.",
            ),
        ),
    )


# ---------------------------------------------------------------------------
# 1.15 Tensors
# ---------------------------------------------------------------------------


def tensor_nested_shape(rng: random.Random) -> Exercise:
    dims = [rng.randint(2, 4) for _ in range(rng.randint(2, 3))]
    value: Any = [rng.randint(0, 9) for _ in range(math.prod(dims))]
    for size in reversed(dims[1:]):
        value = [value[i : i + size] for i in range(0, len(value), size)]
    args = {"value": value}
    shape = result("shape", args)["shape"]
    return _exercise(
        "1.15",
        f"What is the shape of `{value}`? Answer as a tuple, outermost axis first.",
        "shape",
        shape,
        "shape",
        args,
        mistakes=(
            Misconception(
                list(reversed(shape)),
                "you listed the axes innermost first; a shape starts with the outermost list.",
            ),
        ),
    )


def _batch(rng: random.Random) -> tuple[str, list[int], list[int], str]:
    """A described batch, its shape, a tempting wrong layout and why it is wrong."""
    b = rng.choice([8, 16, 32, 64, 128])
    if rng.random() < 0.5:
        side = rng.choice([28, 32, 64, 128, 224])
        c = rng.choice([1, CHANNELS])
        colour = "RGB" if c == CHANNELS else "grayscale"
        text = (
            f"A batch of {b} {colour} images, each {side}×{side} pixels with {c} "
            f"channel{'s' if c > 1 else ''}, stored channels-last "
            "(batch, height, width, channels) as in NumPy or TensorFlow"
        )
        wrong = "that is channels-first (PyTorch's layout); channels-last puts them at the end."
        return text, [b, side, side, c], [b, c, side, side], wrong
    t = rng.choice([64, 128, 256, 512])
    d = rng.choice([384, 512, 768, 1024])
    text = f"A batch of {b} sentences, each {t} tokens long, each token a {d}-dimensional embedding"
    wrong = "you put the sequence axis first; batch comes first: (batch, tokens, features)."
    return text, [b, t, d], [t, b, d], wrong


def tensor_batch_shape(rng: random.Random) -> Exercise:
    text, shape, wrong, why = _batch(rng)
    args = {"shape": shape}
    expected = list(explain("tensor", args).inputs["shape"])
    return _exercise(
        "1.15",
        f"{text}. What is the shape of the batch tensor?",
        "shape",
        expected,
        "tensor",
        args,
        mistakes=(Misconception(wrong, why),),
    )


def tensor_numel(rng: random.Random) -> Exercise:
    text, shape, _, _ = _batch(rng)
    args = {"shape": shape}
    numel = result("tensor", args)["numel"]
    return _exercise(
        "1.15",
        f"{text}: shape $({', '.join(map(str, shape))})$. How many numbers does the tensor hold?",
        "number",
        float(numel),
        "tensor",
        args,
        mistakes=(
            Misconception(
                float(sum(shape)), "you added the axis sizes; the count multiplies them."
            ),
            Misconception(
                float(math.prod(shape[1:])),
                "that is one example; multiply by the batch size too.",
            ),
        ),
    )


GENERATORS: dict[str, list[Callable[[random.Random], Exercise]]] = {
    "1.13": [dimension_of_span, dimension_whole_space],
    "1.14": [independence_judge, independence_rank],
    "1.15": [tensor_nested_shape, tensor_batch_shape, tensor_numel],
}
