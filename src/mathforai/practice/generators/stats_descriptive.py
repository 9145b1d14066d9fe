"""Practice for 2.1–2.3: mean, variance and standard deviation.

Every expected answer is the engine's result for the exercise's own solution op and args;
the misconceptions recompute the same inputs the way the named mistake would.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable

from ...engine.notation import num, vec
from ..exercise import Exercise
from .building import result
from .stats_common import _choice, _larger, _number, _spread_ints

# ---------------------------------------------------------------- 2.1 mean


def mean_compute(rng: random.Random) -> Exercise:
    n = rng.randint(4, 7)
    x = [rng.randint(0, 20) for _ in range(n)]
    args = {"x": x}
    value = result("mean", args)
    return _number(
        "2.1",
        f"A model answered {n} requests with these latencies (ms): $x = {vec(x)}$. "
        "Compute the mean latency (to 2 decimals).",
        value,
        "mean",
        args,
        2,
        [
            (
                math.fsum(x) / (n - 1),
                "you divided by n − 1; the mean divides the sum by n, the number of values.",
            ),
            (
                float(statistics.median(x)),
                "that is the median (the middle value once sorted); the mean adds every value "
                "and divides by how many there are.",
            ),
        ],
    )


def mean_outlier(rng: random.Random) -> Exercise:
    n = rng.randint(5, 7)
    x = [rng.randint(10, 20) for _ in range(n)]
    before = result("mean", {"x": x})
    near = round(before)
    far = max(x) + rng.randint(30, 80)
    shift = {v: abs(result("mean", {"x": [*x, v]}) - before) for v in (near, far)}
    order = [near, far] if rng.random() < 0.5 else [far, near]
    choices = [f"adding {v}" for v in order] + ["both move it by the same amount"]
    expected = _larger(shift[order[0]], shift[order[1]])
    return _choice(
        "2.1",
        f"The data are $x = {vec(x)}$ (mean {num(before)}). One more value is added. "
        "Which new value changes the mean more?",
        choices,
        expected,
        "mean",
        {"x": [*x, far]},
        [
            (
                2,
                "a new value moves the mean by (value − mean)/(n + 1), so a value far from the "
                "mean (an outlier) moves it much more than one close to it.",
            )
        ],
    )


# ---------------------------------------------------------------- 2.2 variance


def variance_population(rng: random.Random) -> Exercise:
    x = _spread_ints(rng, rng.randint(4, 6), 0, 10)
    args = {"x": x, "sample": False}
    value = result("variance", args)
    return _number(
        "2.2",
        f"The values $x = {vec(x)}$ are a whole population. "
        r"Compute their variance $\sigma^2$ (to 2 decimals).",
        value,
        "variance",
        args,
        2,
        [
            (
                result("variance", {"x": x, "sample": True}),
                "you divided by n − 1 instead of n; a whole population divides the sum of "
                "squared deviations by n (n − 1 is for a sample).",
            ),
            (
                math.sqrt(value),
                "that is the standard deviation: you took a square root the variance does not "
                "take (variance stays in squared units).",
            ),
        ],
    )


def variance_sample(rng: random.Random) -> Exercise:
    x = _spread_ints(rng, rng.randint(4, 6), 0, 10)
    args = {"x": x, "sample": True}
    value = result("variance", args)
    return _number(
        "2.2",
        f"The values $x = {vec(x)}$ are a sample from a much larger population. "
        "Compute the sample variance $s^2$ (to 2 decimals).",
        value,
        "variance",
        args,
        2,
        [
            (
                result("variance", {"x": x, "sample": False}),
                "you divided by n instead of n − 1; a sample variance divides by n − 1 "
                "(Bessel's correction) because the sample's own mean sits closer to the data.",
            ),
        ],
    )


def variance_transform(rng: random.Random) -> Exercise:
    x = _spread_ints(rng, rng.randint(4, 5), 0, 9)
    before = result("variance", {"x": x, "sample": False})
    if rng.random() < 0.5:
        c = rng.randint(2, 9)
        new = [v + c for v in x]
        what = f"$+{c}$ is added to every value"
        options = [
            ("it stays the same", before),
            (f"it grows by {c}", before + c),
            (f"it grows by {c * c}", before + c * c),
        ]
        why = (
            "shifting every value moves the mean with them: every distance from the "
            "mean, and so the variance, is unchanged."
        )
    else:
        k = rng.randint(2, 5)
        new = [v * k for v in x]
        what = f"every value is multiplied by {k}"
        options = [
            ("it stays the same", before),
            (f"it is multiplied by {k}", before * k),
            (f"it is multiplied by {k * k}", before * k * k),
        ]
        why = (
            f"variance is in squared units: scaling the values by {k} scales every "
            f"squared distance by {k}² = {k * k}."
        )
    # The tempting wrong option is the middle one (the change applied to the variance as-is).
    tempting = options[1][0]
    rng.shuffle(options)
    after = result("variance", {"x": new, "sample": False})
    expected = min(range(3), key=lambda i: abs(options[i][1] - after))
    labels = [label for label, _ in options]
    return _choice(
        "2.2",
        f"The data $x = {vec(x)}$ have variance {num(before)}. If {what}, what happens to "
        "the variance?",
        labels,
        expected,
        "variance",
        {"x": new, "sample": False},
        [(labels.index(tempting), why)],
    )


# ---------------------------------------------------------------- 2.3 standard deviation


def _std_exercise(x: list[int], sample: bool, prompt: str) -> Exercise:
    args = {"x": x, "sample": sample}
    value = result("std", args)
    other = "n − 1" if not sample else "n"
    right = "n" if not sample else "n − 1"
    return _number(
        "2.3",
        prompt,
        value,
        "std",
        args,
        3,
        [
            (
                result("variance", args),
                "that is the variance: you forgot the square root that brings it back to the "
                "data's units.",
            ),
            (
                result("std", {"x": x, "sample": not sample}),
                f"you divided by {other} instead of {right}"
                + (" (n − 1 is for a sample)." if not sample else " (Bessel's correction)."),
            ),
        ],
    )


def std_population(rng: random.Random) -> Exercise:
    x = _spread_ints(rng, rng.randint(4, 6), 0, 12)
    return _std_exercise(
        x,
        False,
        f"Every model in a benchmark scored $x = {vec(x)}$ (the whole population). "
        r"Compute the standard deviation $\sigma$ (to 3 decimals).",
    )


def std_sample(rng: random.Random) -> Exercise:
    x = _spread_ints(rng, rng.randint(4, 6), 0, 12)
    return _std_exercise(
        x,
        True,
        f"{len(x)} runs of a training script are a sample of all possible runs; their "
        f"accuracies (%) are $x = {vec(x)}$. Compute the sample standard deviation $s$ "
        "(to 3 decimals).",
    )


def std_compare(rng: random.Random) -> Exercise:
    n = rng.randint(4, 5)
    a = _spread_ints(rng, n, 0, 10)
    if rng.random() < 0.4:
        shift = rng.randint(5, 20)
        b = [v + shift for v in a]
        rng.shuffle(b)
    else:
        while True:
            b = _spread_ints(rng, n, 0, 20)
            sa = result("std", {"x": a, "sample": False})
            sb = result("std", {"x": b, "sample": False})
            if max(sa, sb) > 1.3 * min(sa, sb):
                break
    if rng.random() < 0.5:
        a, b = b, a
    sa = result("std", {"x": a, "sample": False})
    sb = result("std", {"x": b, "sample": False})
    expected = _larger(sa, sb)
    higher_mean = 0 if result("mean", {"x": a}) > result("mean", {"x": b}) else 1
    return _choice(
        "2.3",
        f"Two models' scores: $A = {vec(a)}$ and $B = {vec(b)}$. "
        "Which is more spread out (has the larger standard deviation)?",
        ["A", "B", "both the same"],
        expected,
        "std",
        {"x": [a, b][expected % 2], "sample": False},
        [
            (
                higher_mean,
                "larger values are not more spread out: the standard deviation measures "
                "distances from the mean, and shifting every value leaves those unchanged.",
            )
        ],
    )


GENERATORS: dict[str, list[Callable[[random.Random], Exercise]]] = {
    "2.1": [mean_compute, mean_outlier],
    "2.2": [variance_population, variance_sample, variance_transform],
    "2.3": [std_population, std_sample, std_compare],
}
