"""Practice for 2.7–2.9: log probability, entropy and cross-entropy, softmax."""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable

from ...engine.notation import num, vec
from ..exercise import Exercise
from .building import Candidate, result
from .stats_common import _choice, _number, _probs, _tenths

# ---------------------------------------------------------------- 2.7 log probability


def log_single(rng: random.Random) -> Exercise:
    p = rng.randint(1, 95) / 100
    args = {"x": p, "base": "e"}
    value = result("log", args)
    return _number(
        "2.7",
        f"A language model gives the correct next token a probability of $p = {num(p)}$. "
        r"What is its log probability $\ln p$ (natural log, to 3 decimals)?",
        value,
        "log",
        args,
        3,
        [
            (result("log", {"x": p, "base": 10}), "you used log base 10; ln is the natural log."),
            (result("log", {"x": p, "base": 2}), "you used log base 2; ln is the natural log."),
            (-value, "a log probability is never positive: the log of a number below 1 is < 0."),
        ],
    )


def logprob_sum(rng: random.Random) -> Exercise:
    p = [rng.randint(5, 95) / 100 for _ in range(rng.randint(3, 5))]
    args = {"p": p}
    found = result("logprob", args)
    return _number(
        "2.7",
        f"A model generates {len(p)} tokens with probabilities $p = {vec(p)}$. "
        r"What is the log probability of the whole sequence, $\sum_i \ln p_i$? (to 3 decimals)",
        found["log_sum"],
        "logprob",
        args,
        3,
        [
            (
                math.fsum(math.log10(x) for x in p),
                "you used log base 10; log probabilities use the natural log.",
            ),
            (
                found["product"],
                "that is the product of the probabilities; its log (the sum of the logs) is "
                "the log probability.",
            ),
        ],
    )


def logprob_compare(rng: random.Random) -> Exercise:
    while True:
        a = [rng.randint(1, 9) / 10 for _ in range(rng.randint(2, 6))]
        b = [rng.randint(1, 9) / 10 for _ in range(rng.randint(2, 6))]
        la, lb = result("logprob", {"p": a})["log_sum"], result("logprob", {"p": b})["log_sum"]
        if abs(la - lb) > 0.3:
            break
    expected = 0 if la > lb else 1
    by_average = 0 if statistics.fmean(a) > statistics.fmean(b) else 1
    return _choice(
        "2.7",
        f"A model scores two continuations token by token: A has probabilities ${vec(a)}$ and "
        f"B has ${vec(b)}$. Which whole sequence has the larger log probability?",
        ["A", "B"],
        expected,
        "logprob",
        {"p": [a, b][expected]},
        [
            (
                by_average,
                "you compared the average token probability; the sequence's log probability "
                "adds a negative log for every token, so length counts too.",
            )
        ],
    )


# ---------------------------------------------------------------- 2.8 entropy & cross-entropy


def entropy_compute(rng: random.Random) -> Exercise:
    p = _probs(_tenths(rng, rng.randint(2, 4)))
    args = {"p": p, "base": "e"}
    value = result("entropy", args)
    return _number(
        "2.8",
        f"Compute the entropy $H(p) = -\\sum_i p_i \\ln p_i$ of $p = {vec(p)}$ "
        "in nats (natural log, to 3 decimals).",
        value,
        "entropy",
        args,
        3,
        [
            (result("entropy", {"p": p, "base": 2}), "you used log base 2 (bits); nats use ln."),
            (result("entropy", {"p": p, "base": 10}), "you used log base 10; nats use ln."),
            (-value, "you dropped the minus sign: entropy is −Σ p ln p, never negative."),
        ],
    )


def cross_entropy_compute(rng: random.Random) -> Exercise:
    q = _probs(_tenths(rng, rng.randint(3, 4)))
    true = rng.randrange(len(q))
    target = [1 if i == true else 0 for i in range(len(q))]
    args = {"target": target, "predicted": q}
    value = result("cross_entropy", args)
    return _number(
        "2.8",
        f"The true class is one-hot $y = {vec(target)}$ and the model predicts "
        f"$\\hat y = {vec(q)}$. Compute the cross-entropy loss "
        r"$-\sum_i y_i \ln \hat y_i$ (natural log, to 3 decimals).",
        value,
        "cross_entropy",
        args,
        3,
        [
            (-math.log2(q[true]), "you used log base 2; the loss uses the natural log."),
            (-math.log10(q[true]), "you used log base 10; the loss uses the natural log."),
            (math.log(q[true]), "you dropped the minus sign: the loss is −ln(p), never negative."),
            (
                -math.log(max(q)),
                "you used the model's top probability; the loss uses the probability given to "
                "the TRUE class (where y is 1).",
            ),
        ],
    )


# Nearly certain distributions over 3–4 outcomes: each has less entropy than a fair coin.
_PEAKED = (
    (0.9, 0.05, 0.05),
    (0.85, 0.1, 0.05),
    (0.91, 0.03, 0.03, 0.03),
    (0.94, 0.02, 0.02, 0.02),
)


def _entropy_pair(rng: random.Random) -> tuple[list[float], list[float]]:
    """Two distributions; half the time the one with more outcomes is the more lopsided."""
    if rng.random() < 0.5:
        even = _probs(rng.choice(([5, 5], [4, 6], [6, 4])))
        peaked = list(rng.choice(_PEAKED))
        rng.shuffle(peaked)
        pair = [even, peaked]
        rng.shuffle(pair)
        return pair[0], pair[1]
    return _probs(_tenths(rng, rng.randint(2, 4))), _probs(_tenths(rng, rng.randint(2, 4)))


def entropy_compare(rng: random.Random) -> Exercise:
    while True:
        p, q = _entropy_pair(rng)
        hp, hq = result("entropy", {"p": p}), result("entropy", {"p": q})
        if abs(hp - hq) > 0.1:
            break
    expected = 0 if hp > hq else 1
    mistakes: list[Candidate] = []
    if len(p) != len(q):
        mistakes.append(
            (
                0 if len(p) > len(q) else 1,
                "more outcomes allow more entropy, but entropy measures how evenly the "
                "probability is spread: a lopsided distribution is nearly certain.",
            )
        )
    return _choice(
        "2.8",
        f"Which distribution is more uncertain (has the higher entropy): "
        f"$p = {vec(p)}$ or $q = {vec(q)}$?",
        ["p", "q"],
        expected,
        "entropy",
        {"p": [p, q][expected], "base": "e"},
        mistakes,
    )


# ---------------------------------------------------------------- 2.9 softmax


def softmax_entry(rng: random.Random) -> Exercise:
    logits = rng.sample(range(-1, 6), rng.randint(3, 4))
    pick = rng.randrange(len(logits))
    args = {"logits": logits, "temperature": 1}
    value = result("softmax", args)[pick]
    is_top = logits[pick] == max(logits)
    mistakes: list[Candidate] = [
        (
            1.0 if is_top else 0.0,
            "you took the max (a hard argmax): softmax gives every class some probability, "
            "in proportion to e^z.",
        )
    ]
    if min(logits) >= 0:
        mistakes.append(
            (
                logits[pick] / sum(logits),
                "you divided the logit by the sum of the logits; softmax divides e^z by the "
                "sum of the e^z.",
            )
        )
    return _number(
        "2.9",
        f"A classifier outputs logits $z = {vec(logits)}$. What probability does softmax "
        f"give the class with logit {logits[pick]}? (to 3 decimals)",
        value,
        "softmax",
        args,
        3,
        mistakes,
    )


def softmax_temperature_judge(rng: random.Random) -> Exercise:
    logits = rng.sample(range(-2, 7), 3)
    temps = rng.sample((0.25, 0.5, 1, 2, 4), 3)
    peak = [max(result("softmax", {"logits": logits, "temperature": t})) for t in temps]
    expected = min(range(3), key=lambda i: peak[i])
    return _choice(
        "2.9",
        f"Softmax of the logits $z = {vec(logits)}$ is taken at three temperatures "
        "(softmax of z/T). Which temperature gives the flattest distribution?",
        [f"T = {num(t)}" for t in temps],
        expected,
        "softmax",
        {"logits": logits, "temperature": temps[expected]},
        [
            (
                temps.index(min(temps)),
                "a low temperature sharpens: dividing by T < 1 spreads the logits apart. A high "
                "temperature squeezes them together and flattens the distribution.",
            )
        ],
    )


def softmax_temperature_entry(rng: random.Random) -> Exercise:
    logits = rng.sample(range(-1, 5), 3)
    temp = rng.choice((0.5, 2, 4))
    args = {"logits": logits, "temperature": temp}
    top = logits.index(max(logits))
    value = result("softmax", args)[top]
    return _number(
        "2.9",
        f"Logits $z = {vec(logits)}$, temperature $T = {num(temp)}$. What probability does "
        f"softmax$(z/T)$ give the top class (logit {logits[top]})? (to 3 decimals)",
        value,
        "softmax",
        args,
        3,
        [
            (
                result("softmax", {"logits": logits, "temperature": 1 / temp})[top],
                "you multiplied the logits by T; temperature divides them.",
            ),
            (
                result("softmax", {"logits": logits, "temperature": 1})[top],
                "you ignored the temperature: divide the logits by T before the softmax.",
            ),
            (1.0, "you took the max (a hard argmax); softmax keeps some probability for all."),
        ],
    )


GENERATORS: dict[str, list[Callable[[random.Random], Exercise]]] = {
    "2.7": [log_single, logprob_sum, logprob_compare],
    "2.8": [entropy_compute, cross_entropy_compute, entropy_compare],
    "2.9": [softmax_entry, softmax_temperature_judge, softmax_temperature_entry],
}
