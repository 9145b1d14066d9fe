"""Practice for part 2: statistics and probability (topics 2.1–2.9).

Every expected answer is the engine's result for the exercise's own solution op and args;
the misconceptions recompute the same inputs the way the named mistake would.
"""

from __future__ import annotations

import itertools
import math
import random
import statistics
from collections.abc import Callable, Sequence
from typing import Any

from ...engine.notation import num, vec
from ..exercise import Exercise
from .building import Candidate, mistakes_for, result

# ---------------------------------------------------------------- shared helpers


def _larger(first: float, second: float) -> int:
    """0 or 1 for whichever is larger; 2 ("the same") when they agree to float precision."""
    if math.isclose(first, second, rel_tol=1e-9, abs_tol=1e-12):
        return 2
    return 0 if first > second else 1


def _tenths(rng: random.Random, parts: int) -> list[int]:
    """Positive whole numbers adding up to 10: a distribution in tenths."""
    cuts = sorted(rng.sample(range(1, 10), parts - 1))
    edges = [0, *cuts, 10]
    return [b - a for a, b in itertools.pairwise(edges)]


def _probs(tenths: Sequence[int]) -> list[float]:
    return [round(t / 10, 1) for t in tenths]


def _spread_ints(rng: random.Random, n: int, lo: int, hi: int) -> list[int]:
    """n whole numbers that are not all equal (so variance is above 0)."""
    while True:
        x = [rng.randint(lo, hi) for _ in range(n)]
        if len(set(x)) > 1:
            return x


def _number(
    topic: str,
    prompt: str,
    expected: float,
    op: str,
    args: dict[str, Any],
    decimals: int,
    mistakes: Sequence[Candidate] = (),
) -> Exercise:
    return Exercise(
        topic=topic,
        prompt=prompt,
        answer_format="number",
        expected=float(expected),
        solution_op=op,
        solution_args=args,
        decimals=decimals,
        misconceptions=mistakes_for("number", float(expected), decimals, mistakes),
    )


def _choice(
    topic: str,
    prompt: str,
    choices: Sequence[str],
    expected: int,
    op: str,
    args: dict[str, Any],
    mistakes: Sequence[Candidate] = (),
) -> Exercise:
    return Exercise(
        topic=topic,
        prompt=prompt,
        answer_format="choice",
        expected=expected,
        solution_op=op,
        solution_args=args,
        decimals=None,
        choices=tuple(choices),
        misconceptions=mistakes_for("choice", expected, None, mistakes, tuple(choices)),
    )


def _boolean(
    topic: str,
    prompt: str,
    expected: bool,
    op: str,
    args: dict[str, Any],
    mistakes: Sequence[Candidate] = (),
) -> Exercise:
    return Exercise(
        topic=topic,
        prompt=prompt,
        answer_format="boolean",
        expected=bool(expected),
        solution_op=op,
        solution_args=args,
        decimals=None,
        misconceptions=mistakes_for("boolean", bool(expected), None, mistakes),
    )


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
    "2.1": [mean_compute, mean_outlier],
    "2.2": [variance_population, variance_sample, variance_transform],
    "2.3": [std_population, std_sample, std_compare],
    "2.4": [probability_compute, distribution_valid, union_compute],
    "2.5": [conditional_compute, conditional_counts, conditional_independent],
    "2.6": [bayes_evidence, bayes_posterior, bayes_judge],
    "2.7": [log_single, logprob_sum, logprob_compare],
    "2.8": [entropy_compute, cross_entropy_compute, entropy_compare],
    "2.9": [softmax_entry, softmax_temperature_judge, softmax_temperature_entry],
}
