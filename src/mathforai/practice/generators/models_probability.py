"""Practice for part 4, topics 4.1–4.3: expectation, the normal distribution and
initialisation, and maximum likelihood.

Every expected answer is the engine's result for the exercise's own solution op and
args; each named mistake recomputes the same inputs the way that mistake would.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable

from ...engine.notation import num, vec
from ..exercise import Exercise
from .building import result
from .stats_common import _number, _probs, _tenths


def _distribution(rng: random.Random, n: int = 3) -> tuple[list[int], list[float]]:
    """n distinct whole-number values and probabilities in tenths."""
    values = sorted(rng.sample(range(-5, 11), n))
    return values, _probs(_tenths(rng, n))


# ---------------------------------------------------------------- 4.1 expectation


def expectation_weighted(rng: random.Random) -> Exercise:
    x, p = _distribution(rng)
    args = {"x": x, "p": p}
    value = result("expectation", args)["mean"]
    return _number(
        "4.1",
        f"$X$ takes the values ${vec(x)}$ with probabilities ${vec(p)}$. What is $E[X]$? "
        "(to 2 decimals)",
        value,
        "expectation",
        args,
        2,
        [
            (statistics.fmean(x), "you averaged the values without weighting them by p."),
            (sum(x), "you added the values; each must be multiplied by its probability."),
            (
                sum(xi * pi for xi, pi in zip(x, reversed(p))),
                "you paired the probabilities with the values in reverse order.",
            ),
        ],
    )


def expectation_linear_variance(rng: random.Random) -> Exercise:
    x, p = _distribution(rng, 2)
    a = rng.choice((-3, -2, 2, 3, 4))
    b = rng.randint(1, 9)
    args = {"x": x, "p": p, "a": a, "b": b}
    out = result("expectation", args)
    var = out["variance"]
    return _number(
        "4.1",
        f"$X$ is ${x[0]}$ with probability ${num(p[0])}$ and ${x[1]}$ with probability "
        f"${num(p[1])}$. What is $\\mathrm{{Var}}[{a}X + {b}]$? (to 2 decimals)",
        out["transformed_variance"],
        "expectation",
        args,
        2,
        [
            (a * var, "you multiplied the variance by a; scaling by a multiplies it by a²."),
            (
                a * a * var + b,
                "you added b; a shift moves every value equally, so the spread is unchanged.",
            ),
            (var, "you left out the scale: Var[aX + b] = a²·Var[X]."),
        ],
    )


# ---------------------------------------------------------------- 4.2 normal


def normal_z_score(rng: random.Random) -> Exercise:
    mu = rng.choice((50, 70, 100, 170, 500))
    sigma = rng.choice((2, 4, 5, 10, 15, 20))
    x = mu + sigma * rng.choice((-2.5, -2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2, 3))
    args = {"x": x, "mu": mu, "sigma": sigma}
    z = result("normal", args)["z"]
    return _number(
        "4.2",
        f"Values follow a normal distribution with mean {mu} and standard deviation "
        f"{sigma}. What is the z-score of {num(x)}?",
        z,
        "normal",
        args,
        2,
        [
            (x - mu, "you found the distance from the mean; divide it by σ."),
            (x / sigma, "you divided x by σ without subtracting the mean first."),
            ((mu - x) / sigma, "you subtracted the wrong way round: z = (x − μ)/σ."),
        ],
    )


def normal_within_k(rng: random.Random) -> Exercise:
    k = rng.choice((0.5, 1, 1.5, 2, 2.5, 3))
    args = {"x": 0, "k": k}
    out = result("normal", args)
    return _number(
        "4.2",
        f"What share of a normal distribution lies within {num(k)} standard deviations of "
        "the mean? (as a fraction, to 3 decimals)",
        out["within_k"],
        "normal",
        args,
        3,
        [
            (
                result("normal", {"x": k})["below"],
                "you gave the area below μ + kσ; the band also stops at μ − kσ on the left.",
            ),
            (1 - out["within_k"], "you gave the area outside the band."),
        ],
    )


def init_he_variance(rng: random.Random) -> Exercise:
    n = rng.choice((64, 128, 256, 512, 768, 1024))
    args = {"n_in": n, "scheme": "he", "activation": "relu"}
    value = result("init_variance", args)["weight_variance"]
    return _number(
        "4.2",
        f"A ReLU layer has {n} inputs. With He initialisation, what variance are the weights "
        "drawn with? (to 5 decimals)",
        value,
        "init_variance",
        args,
        5,
        [
            (1 / n, "that is 1/n (LeCun); ReLU halves the signal, so He doubles it: 2/n."),
            (math.sqrt(2 / n), "that is the standard deviation; the variance is its square."),
            (2 / (2 * n), "that is Xavier's 2/(n_in + n_out); He uses 2/n_in for ReLU."),
        ],
    )


# ---------------------------------------------------------------- 4.3 likelihood


def likelihood_bernoulli_mle(rng: random.Random) -> Exercise:
    n = rng.randint(5, 10)
    heads = rng.randint(1, n - 1)
    data = [1] * heads + [0] * (n - heads)
    rng.shuffle(data)
    args = {"data": data, "p": 0.5}
    value = result("likelihood", args)["mle"]
    return _number(
        "4.3",
        f"A coin gives the flips ${vec(data)}$ (1 = heads). Which $p = P(\\text{{heads}})$ "
        "makes this data most likely? (to 3 decimals)",
        value,
        "likelihood",
        args,
        3,
        [
            ((n - heads) / n, "that is the fraction of tails; p is the probability of heads."),
            (0.5, "a fair coin is not the best fit unless half the flips are heads."),
            (heads / (n - heads), "that is heads per tail (odds); divide by all flips."),
        ],
    )


def likelihood_log(rng: random.Random) -> Exercise:
    n = rng.randint(3, 6)
    data = [rng.randint(0, 1) for _ in range(n)]
    p = rng.choice((0.2, 0.3, 0.4, 0.6, 0.7, 0.8))
    args = {"data": data, "p": p}
    out = result("likelihood", args)
    ones = sum(data)
    return _number(
        "4.3",
        f"Under a Bernoulli model with $p = {num(p)}$, what is the (natural) log-likelihood "
        f"of the flips ${vec(data)}$? (to 3 decimals)",
        out["log_likelihood"],
        "likelihood",
        args,
        3,
        [
            (n * math.log(p), "you used p for every flip; a 0 has probability 1 − p."),
            (out["likelihood"], "that is the likelihood itself; take its log."),
            (out["cross_entropy"], "that is the cross-entropy, −log L / n."),
            (
                ones * math.log(1 - p) + (n - ones) * math.log(p),
                "you swapped p and 1 − p: p is the probability of a 1.",
            ),
        ],
    )


GENERATORS: dict[str, list[Callable[[random.Random], Exercise]]] = {
    "4.1": [expectation_weighted, expectation_linear_variance],
    "4.2": [normal_z_score, normal_within_k, init_he_variance],
    "4.3": [likelihood_bernoulli_mle, likelihood_log],
}
