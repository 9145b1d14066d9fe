"""Practice for 2.4–2.6: probability, conditional probability and Bayes' theorem."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from ...engine.notation import num, vec
from ..exercise import Exercise
from .building import Candidate, result
from .stats_common import _boolean, _number, _probs, _tenths

# ---------------------------------------------------------------- 2.4 probability


_COLOURS = ("red", "blue", "green")


def probability_compute(rng: random.Random) -> Exercise:
    counts = [rng.randint(1, 9) for _ in _COLOURS]
    total = sum(counts)
    bag = ", ".join(f"{c} {name}" for c, name in zip(counts, _COLOURS))
    ask = rng.choice(("one", "not", "either"))
    if ask == "one":
        favorable, event = counts[0], "it is red"
    elif ask == "not":
        favorable, event = total - counts[0], "it is **not** red"
    else:
        favorable, event = counts[0] + counts[2], "it is red or green"
    args = {"favorable": favorable, "total": total}
    value = result("probability", args)
    mistakes: list[Candidate] = []
    if ask == "not":
        mistakes.append(
            (counts[0] / total, "that is P(red); P(not red) = 1 − P(red), the other outcomes.")
        )
    if favorable < total:
        mistakes.append(
            (
                favorable / (total - favorable),
                "you divided by the outcomes that do not count (that is the odds); a "
                "probability divides by all outcomes.",
            )
        )
    return _number(
        "2.4",
        f"A bag holds {bag} marbles. You draw one at random. "
        f"What is the probability that {event}? (to 3 decimals)",
        value,
        "probability",
        args,
        3,
        mistakes,
    )


def distribution_valid(rng: random.Random) -> Exercise:
    tenths = _tenths(rng, rng.randint(2, 4))
    kind = rng.choice(("valid", "sum", "negative"))
    i = rng.randrange(len(tenths))
    if kind == "sum":
        tenths[i] += 1 if tenths[i] == 1 or rng.random() < 0.5 else -1
    elif kind == "negative":
        j = (i + 1) % len(tenths)
        if len(tenths) == 2:
            tenths = [tenths[0], tenths[1], 0]
            j = 2
        drop = rng.randint(1, 3)
        tenths[i] += tenths[j] + drop
        tenths[j] = -drop
    p = _probs(tenths)
    args = {"p": p}
    valid = result("distribution", args)["valid"]
    mistakes: list[Candidate] = []
    if kind == "negative":
        mistakes.append(
            (
                True,
                "the entries do add up to 1, but one is negative: a probability is never "
                "below 0 (nor above 1).",
            )
        )
    return _boolean(
        "2.4",
        f"A classifier outputs $p = {vec(p)}$ over {len(p)} classes. "
        "Is this a valid probability distribution?",
        valid,
        "distribution",
        args,
        mistakes,
    )


def union_compute(rng: random.Random) -> Exercise:
    both = rng.randint(1, 3)
    only_a = rng.randint(1, 4)
    only_b = rng.randint(1, min(4, 10 - both - only_a))
    p_a, p_b, p_ab = (round(t / 10, 1) for t in (both + only_a, both + only_b, both))
    args = {"p_a": p_a, "p_b": p_b, "p_a_and_b": p_ab}
    value = result("union", args)
    return _number(
        "2.4",
        f"An email is flagged by filter A with probability $P(A) = {num(p_a)}$, by filter B "
        f"with $P(B) = {num(p_b)}$, and by both with $P(A \\cap B) = {num(p_ab)}$. "
        r"What is $P(A \cup B)$, the probability that at least one flags it? (to 2 decimals)",
        value,
        "union",
        args,
        2,
        [
            (
                p_a + p_b,
                "you added P(A) and P(B) but forgot to subtract P(A and B): the emails both "
                "filters flag were counted twice.",
            ),
            (
                p_a * p_b,
                "you multiplied the probabilities: that is P(A and B) for independent events, "
                "not P(A or B).",
            ),
        ],
    )


# ---------------------------------------------------------------- 2.5 conditional probability


def _cond_probs(rng: random.Random) -> tuple[float, float, float]:
    """P(A), P(B), P(A and B) in hundredths, consistent with one another."""
    both = rng.randint(5, 30)
    only_a = rng.randint(5, 40)
    only_b = rng.randint(5, min(40, 100 - both - only_a))
    return round((both + only_a) / 100, 2), round((both + only_b) / 100, 2), round(both / 100, 2)


def conditional_compute(rng: random.Random) -> Exercise:
    p_a, p_b, p_ab = _cond_probs(rng)
    args = {"p_a_and_b": p_ab, "p_b": p_b}
    value = result("conditional", args)
    swapped = result("conditional", {"p_a_and_b": p_ab, "p_b": p_a})
    return _number(
        "2.5",
        f"$P(A) = {num(p_a)}$, $P(B) = {num(p_b)}$ and $P(A \\cap B) = {num(p_ab)}$. "
        r"Compute $P(A \mid B)$ (to 3 decimals).",
        value,
        "conditional",
        args,
        3,
        [
            (
                swapped,
                "you computed P(B | A) = P(A and B)/P(A): you confused P(A | B) with P(B | A). "
                "Given B, divide by P(B).",
            ),
            (
                p_ab,
                "that is P(A and B); conditioning on B divides it by P(B), shrinking the world "
                "to the cases where B happened.",
            ),
        ],
    )


def conditional_counts(rng: random.Random) -> Exercise:
    total = rng.choice((200, 400, 500, 1000))
    unit = total // 100
    both = rng.randint(5, 30) * unit
    spam = both + rng.randint(5, 40) * unit
    free = both + rng.randint(5, min(40, 100 - both // unit - (spam - both) // unit)) * unit
    args = {"p_a_and_b": round(both / total, 4), "p_b": round(free / total, 4)}
    value = result("conditional", args)
    return _number(
        "2.5",
        f"Of {total} emails, {spam} are spam, {free} contain the word “free”, and {both} are "
        "spam **and** contain “free”. An email contains “free”: what is the probability it "
        r"is spam, $P(\text{spam} \mid \text{free})$? (to 3 decimals)",
        value,
        "conditional",
        args,
        3,
        [
            (
                both / spam,
                "you computed P(free | spam) = both/spam: you confused P(A | B) with P(B | A). "
                "Given “free”, divide by the emails containing “free”.",
            ),
            (
                spam / total,
                "that is P(spam) over all emails; the condition restricts you to the emails "
                "that contain “free”.",
            ),
        ],
    )


def conditional_independent(rng: random.Random) -> Exercise:
    p_a, p_b = rng.randint(1, 9) / 10, rng.randint(1, 9) / 10
    kinds = ["independent", "dependent"] + (["exclusive"] if p_a + p_b <= 1 else [])
    kind = rng.choice(kinds)
    low, high = max(0.0, p_a + p_b - 1), min(p_a, p_b)
    p_ab = round(p_a * p_b, 2)
    if kind == "exclusive":
        p_ab = 0.0
    elif kind == "dependent":
        steps = [d for d in range(-15, 16) if abs(d) >= 5 and low <= p_ab + d / 100 <= high]
        if steps:
            p_ab = round(p_ab + rng.choice(steps) / 100, 2)
    args = {"p_a_and_b": p_ab, "p_b": p_b}
    independent = math.isclose(result("conditional", args), p_a, abs_tol=1e-9)
    mistakes: list[Candidate] = []
    if p_ab == 0:
        mistakes.append(
            (
                True,
                "mutually exclusive is not independent: if B happens, A cannot, so knowing B "
                "changes P(A) to 0.",
            )
        )
    return _boolean(
        "2.5",
        f"$P(A) = {num(p_a)}$, $P(B) = {num(p_b)}$ and $P(A \\cap B) = {num(p_ab)}$. "
        r"Are A and B independent? (Hint: compare $P(A \mid B)$ with $P(A)$.)",
        independent,
        "conditional",
        args,
        mistakes,
    )


# ---------------------------------------------------------------- 2.6 Bayes' theorem


# (plural, being so, one case, its being so, tool)
_BAYES_STORIES = (
    ("patients", "have the disease", "the patient", "has the disease", "A test"),
    ("emails", "are spam", "the email", "is spam", "A filter"),
    ("payments", "are fraudulent", "the payment", "is fraudulent", "A detector"),
)


def _bayes_inputs(rng: random.Random) -> dict[str, float]:
    return {
        "prior": rng.choice((0.01, 0.02, 0.05, 0.1, 0.2, 0.3)),
        "likelihood": rng.randint(80, 99) / 100,
        "false_positive_rate": rng.randint(1, 20) / 100,
    }


def _bayes_story(rng: random.Random, args: dict[str, float]) -> tuple[str, str, str]:
    """The story's givens, its plural noun, and the flagged case written as a question stem."""
    plural, are, one, is_, tool = rng.choice(_BAYES_STORIES)
    given = (
        f"{num(100 * args['prior'])}% of {plural} {are}. {tool} flags "
        f"{num(100 * args['likelihood'])}% of those that {are} and also "
        f"{num(100 * args['false_positive_rate'])}% of the rest (flagged is written +)."
    )
    noun = one.split()[-1]
    article = "An" if noun[0] in "aeiou" else "A"
    return given, plural, f"{article} {noun} is flagged. {{}} that {one} {is_}"


def bayes_evidence(rng: random.Random) -> Exercise:
    args = _bayes_inputs(rng)
    given, plural, _ = _bayes_story(rng, args)
    value = result("bayes", args)["evidence"]
    return _number(
        "2.6",
        f"{given} What fraction of all {plural} is flagged, $P(+)$? (to 4 decimals)",
        value,
        "bayes",
        args,
        4,
        [
            (
                args["likelihood"] * args["prior"],
                "you counted only the true positives; the false positives, "
                "P(+ | not) × (1 − prior), also come back positive.",
            ),
            (
                args["likelihood"],
                "that is P(+ | hypothesis), the rate among true cases only; weight it by the "
                "prior and add the false positives.",
            ),
        ],
    )


def bayes_posterior(rng: random.Random) -> Exercise:
    args = _bayes_inputs(rng)
    given, _, question = _bayes_story(rng, args)
    value = result("bayes", args)["posterior"]
    lik, fpr = args["likelihood"], args["false_positive_rate"]
    return _number(
        "2.6",
        f"{given} {question.format('What is the probability')}, the posterior "
        r"$P(H \mid +)$? (to 3 decimals)",
        value,
        "bayes",
        args,
        3,
        [
            (
                lik,
                "you answered the likelihood P(+ | H) and confused it with the posterior "
                "P(H | +); Bayes' theorem turns one into the other using the prior.",
            ),
            (
                lik * args["prior"],
                "you forgot to divide by the evidence P(+): the true positives are only a "
                "share of all the positives.",
            ),
            (
                lik / (lik + fpr),
                "you ignored the base rate (the prior): rare hypotheses stay fairly unlikely "
                "even after positive evidence.",
            ),
        ],
    )


def bayes_judge(rng: random.Random) -> Exercise:
    while True:
        args = _bayes_inputs(rng)
        posterior = result("bayes", args)["posterior"]
        if abs(posterior - 0.5) > 0.05:
            break
    given, _, question = _bayes_story(rng, args)
    mistakes: list[Candidate] = [
        (
            True,
            f"a {num(100 * args['likelihood'])}% detection rate is P(+ | H), not P(H | +): with "
            "a low base rate most positives are false alarms.",
        )
    ]
    return _boolean(
        "2.6",
        f"{given} {question.format('Is it now more likely than not')}?",
        posterior > 0.5,
        "bayes",
        args,
        mistakes,
    )


GENERATORS: dict[str, list[Callable[[random.Random], Exercise]]] = {
    "2.4": [probability_compute, distribution_valid, union_compute],
    "2.5": [conditional_compute, conditional_counts, conditional_independent],
    "2.6": [bayes_evidence, bayes_posterior, bayes_judge],
}
