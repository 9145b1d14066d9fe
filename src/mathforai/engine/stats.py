"""Statistics and probability (part 2): mean, variance, probability rules, entropy, softmax."""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from .explanation import Explanation, Step
from .inputs import Args, InputError, Number, Probability, Vector, to_vector
from .notation import lnum, lsigned, lvec, num, signed
from .registry import operation

# A distribution may miss 1 by float rounding (0.1 + 0.2 + 0.7), never by more.
SUM_TOLERANCE = 1e-9
# Stand-in for log(0) in cross-entropy: finite, and large enough to dominate the loss.
LOG_EPSILON = 1e-12
# Above this, e^z is too large to be worth printing (and past ~709 it overflows float64).
SAFE_EXP = 50.0
# Long lists are shortened in the working; the result keeps every value.
SHOWN = 12


# ---------------------------------------------------------------- writing the working


def _elide(parts: Sequence[str], sep: str, dots: str) -> str:
    """Join parts, keeping the first and last few when there are too many to read."""
    if len(parts) <= SHOWN:
        return sep.join(parts)
    return sep.join([*parts[:8], dots, *parts[-2:]])


def _sum_text(values: Sequence[float]) -> str:
    return _elide([signed(x) for x in values], " + ", "…")


def _sum_latex(values: Sequence[float]) -> str:
    return _elide([lsigned(x) for x in values], " + ", r"\cdots")


def _list_text(values: Sequence[float]) -> str:
    return "[" + _elide([num(x) for x in values], ", ", "…") + "]"


def _list_latex(values: Sequence[float]) -> str:
    if len(values) <= SHOWN:
        return lvec(values)
    return r"\left[" + _elide([lnum(x) for x in values], ",\\ ", r"\dots") + r"\right]"


def _inner_text(values: Sequence[float]) -> str:
    """A sum inside −(…): one term needs no extra parentheses."""
    return num(values[0]) if len(values) == 1 else _sum_text(values)


def _inner_latex(values: Sequence[float]) -> str:
    return lnum(values[0]) if len(values) == 1 else _sum_latex(values)


def _pct(p: float) -> str:
    return f"{num(100 * p, 1)}%"


# ---------------------------------------------------------------- argument types


def to_log_base(x: Any) -> str | int:
    """ "e", 2 or 10 — also written "2"/"10" (as from a form or the command line)."""
    if isinstance(x, str) and x.strip().lower() in ("e", "ln"):
        return "e"
    text = x.strip() if isinstance(x, str) else x
    if not isinstance(text, bool) and text in (2, 10, "2", "10", 2.0, 10.0):
        return int(text)
    # The "mathforai" error type makes validate_args pass this message through as written.
    raise PydanticCustomError("mathforai", f'must be "e", 2 or 10; got {x!r}')


LogBase = Annotated[
    str | int,
    BeforeValidator(to_log_base),
    Field(description='the base of the logarithm: "e" (natural log), 2 (bits) or 10'),
]
Probabilities = Annotated[
    list[float],
    BeforeValidator(to_vector),
    Field(description="a list of probabilities, such as [0.9, 0.1]"),
]
Sample = Annotated[
    bool,
    Field(description="true for a sample (divide by n − 1), false for a whole population (by n)"),
]


def _log(x: float, base: str | int) -> float:
    if base == 2:
        return math.log2(x)
    if base == 10:
        return math.log10(x)
    return math.log(x)


def _log_name(base: str | int) -> tuple[str, str]:
    """How the log is written (text, LaTeX) in the working."""
    if base == "e":
        return "log", r"\log"
    return f"log{'₂' if base == 2 else '₁₀'}", rf"\log_{{{base}}}"


def _unit(base: str | int) -> str:
    return {"e": "nats", 2: "bits", 10: "hartleys (decimal digits)"}[base]


def _check_probabilities(name: str, p: Sequence[float], *, allow_zero: bool = True) -> None:
    for i, x in enumerate(p):
        if not 0.0 <= x <= 1.0:
            raise InputError(
                name,
                f"{name}[{i}] is {num(x)}: a probability must be between 0 and 1",
            )
        if x == 0.0 and not allow_zero:
            raise InputError(
                name,
                f"{name}[{i}] is 0: log(0) is −∞ (the log falls without bound as p → 0), "
                "so every probability must be greater than 0",
            )


def _distribution_problems(p: Sequence[float]) -> tuple[float, list[str]]:
    """The sum of p and, in words, everything that stops it being a distribution."""
    total = math.fsum(p)
    problems = []
    negative = [i for i, x in enumerate(p) if x < 0]
    too_big = [i for i, x in enumerate(p) if x > 1]
    if negative:
        problems.append(f"{_positions(negative)} negative (a probability is never below 0)")
    if too_big:
        problems.append(f"{_positions(too_big)} above 1 (a probability is at most 1)")
    if abs(total - 1.0) > SUM_TOLERANCE:
        problems.append(f"the entries add up to {num(total, 6)}, not 1")
    return total, problems


def _positions(indices: list[int]) -> str:
    """ "entry [2] is" or "entries [0], [3] are", ready for an adjective."""
    shown = ", ".join(f"[{i}]" for i in indices[:SHOWN])
    shown += ", …" if len(indices) > SHOWN else ""
    return f"entry {shown} is" if len(indices) == 1 else f"entries {shown} are"


def _require_distribution(name: str, p: Sequence[float]) -> None:
    total, problems = _distribution_problems(p)
    if not problems:
        return
    fix = (
        f" (divide each entry by {num(total)} to rescale, or pass logits through softmax)"
        if total > 0 and not any(x < 0 for x in p)
        else " (pass raw scores through softmax to get one)"
    )
    raise InputError(
        name,
        f"{name} must be a probability distribution: {'; '.join(problems)}{fix}",
    )


# ---------------------------------------------------------------- 2.1–2.3 describing data


class X(Args):
    x: Vector


class XSample(Args):
    x: Vector
    sample: Sample = False


@operation(
    "mean",
    X,
    topic="2.1",
    summary="Mean: add the values and divide by how many there are.",
    example={"x": [0.85, 0.9, 0.78, 0.92, 0.88]},
)
def mean(a: X) -> Explanation:
    steps, m = _mean_steps(a.x)
    return Explanation(
        "mean",
        a.model_dump(),
        m,
        steps,
        ["The mean is the balance point of the data: one number that summarises them all."],
    )


def _mean_steps(x: list[float]) -> tuple[list[Step], float]:
    n = len(x)
    total = math.fsum(x)
    m = total / n
    steps = [
        Step(
            f"sum = {_sum_text(x)} = {num(total)}",
            rf"\sum x_i = {_sum_latex(x)} = {lnum(total)}",
            "add every value",
        ),
        Step(
            f"mean = {num(total)} / {n} = {num(m)}",
            rf"\bar{{x}} = \frac{{{lnum(total)}}}{{{n}}} = {lnum(m)}",
            f"divide by n = {n}, the number of values",
        ),
    ]
    return steps, m


def _variance_steps(x: list[float], sample: bool) -> tuple[list[Step], float, float]:
    n = len(x)
    if sample and n < 2:
        raise InputError(
            "sample",
            "a sample variance divides by n − 1, which is 0 for one value: give at least "
            "two values, or use sample=false",
        )
    steps, m = _mean_steps(x)
    squares = [(xi - m) ** 2 for xi in x]
    ss = math.fsum(squares)
    divisor = n - 1 if sample else n
    var = ss / divisor
    shown = [
        f"({num(xi)} − {num(m)})² = {num(s)}" for xi, s in zip(x[:SHOWN], squares, strict=False)
    ]
    shown_latex = [
        rf"({lnum(xi)} - {lnum(m)})^2 = {lnum(s)}"
        for xi, s in zip(x[:SHOWN], squares, strict=False)
    ]
    more = ", …" if n > SHOWN else ""
    symbol = "s^2" if sample else r"\sigma^2"
    why = (
        f"sample: divide by n − 1 = {divisor}, not n (Bessel's correction). The deviations are "
        "measured from the sample's own mean, which sits closer to the data than the true mean "
        "does, so dividing by n would underestimate the spread"
        if sample
        else f"population: divide by n = {n}, because these values are the whole group"
    )
    steps += [
        Step(
            ", ".join(shown) + more,
            r",\ ".join(shown_latex) + (r",\ \dots" if more else ""),
            "square each value's distance from the mean (squaring makes every distance count "
            "as positive)",
        ),
        Step(
            f"sum of squares = {_sum_text(squares)} = {num(ss)}",
            rf"\sum (x_i - \bar{{x}})^2 = {_sum_latex(squares)} = {lnum(ss)}",
            "add the squared deviations",
        ),
        Step(
            f"variance = {num(ss)} / {divisor} = {num(var)}",
            rf"{symbol} = \frac{{{lnum(ss)}}}{{{divisor}}} = {lnum(var)}",
            why,
        ),
    ]
    return steps, m, var


@operation(
    "variance",
    XSample,
    topic="2.2",
    summary="Variance: the average squared distance from the mean.",
    example={"x": [2, 4, 4, 4, 5, 5, 7, 9], "sample": False},
)
def variance(a: XSample) -> Explanation:
    steps, _, var = _variance_steps(a.x, a.sample)
    notes = [
        "Variance is in squared units (points², dollars²); its square root, the standard "
        "deviation, is back in the data's units."
    ]
    if a.sample:
        notes.append("Dividing by n − 1 is Bessel's correction; numpy's np.var(x, ddof=1).")
    return Explanation("variance", a.model_dump(), var, steps, notes)


@operation(
    "std",
    XSample,
    topic="2.3",
    summary="Standard deviation: the square root of the variance, in the data's own units.",
    example={"x": [2, 4, 4, 4, 5, 5, 7, 9], "sample": False},
)
def std(a: XSample) -> Explanation:
    steps, m, var = _variance_steps(a.x, a.sample)
    sd = math.sqrt(var)
    symbol = "s" if a.sample else r"\sigma"
    steps.append(
        Step(
            f"std = √{num(var)} = {num(sd)}",
            rf"{symbol} = \sqrt{{{lnum(var)}}} = {lnum(sd)}",
            "take the square root to return to the data's units",
        )
    )
    low, high = m - sd, m + sd
    inside = sum(1 for xi in a.x if low <= xi <= high)
    notes = [
        f"mean ± 1 std = [{num(m)} − {num(sd)}, {num(m)} + {num(sd)}] = [{num(low)}, {num(high)}]"
        f": {inside} of {len(a.x)} values lie in it. For bell-shaped data about 68% do."
    ]
    if a.sample:
        notes.append("Sample standard deviation (n − 1, Bessel's correction): np.std(x, ddof=1).")
    return Explanation("std", a.model_dump(), sd, steps, notes)


# ---------------------------------------------------------------- 2.4 probability rules


class Counts(Args):
    favorable: Annotated[Number, Field(description="how many outcomes count, such as 1")]
    total: Annotated[Number, Field(description="how many equally likely outcomes, such as 6")]


@operation(
    "probability",
    Counts,
    topic="2.4",
    summary="Probability: favorable outcomes divided by all equally likely outcomes.",
    example={"favorable": 1, "total": 6},
)
def probability(a: Counts) -> Explanation:
    if a.total <= 0:
        raise InputError("total", "total is the number of possible outcomes: it must be above 0")
    if a.favorable < 0:
        raise InputError("favorable", "favorable counts outcomes: it cannot be negative")
    if a.favorable > a.total:
        raise InputError(
            "favorable",
            f"favorable ({num(a.favorable)}) cannot exceed total ({num(a.total)}): the favorable "
            "outcomes are some of all the outcomes",
        )
    p = a.favorable / a.total
    steps = [
        Step(
            f"P = favorable / total = {num(a.favorable)} / {num(a.total)} = {num(p)}",
            rf"P = \frac{{{lnum(a.favorable)}}}{{{lnum(a.total)}}} = {lnum(p)}",
            "count what you want, divide by everything that can happen",
        )
    ]
    notes = [f"That is {_pct(p)}: 0 means impossible, 1 means certain."]
    return Explanation("probability", a.model_dump(), p, steps, notes)


class P(Args):
    p: Probability


@operation(
    "complement",
    P,
    topic="2.4",
    summary="Complement rule: P(not A) = 1 − P(A).",
    example={"p": 0.3},
)
def complement(a: P) -> Explanation:
    q = 1.0 - a.p
    steps = [
        Step(
            f"P(not A) = 1 − {num(a.p)} = {num(q)}",
            rf"P(\lnot A) = 1 - {lnum(a.p)} = {lnum(q)}",
            "either A happens or it does not, and the two chances add up to 1",
        )
    ]
    return Explanation("complement", a.model_dump(), q, steps, [])


class Union(Args):
    p_a: Probability
    p_b: Probability
    p_a_and_b: Probability


@operation(
    "union",
    Union,
    topic="2.4",
    summary="Addition rule: P(A ∪ B) = P(A) + P(B) − P(A ∩ B).",
    example={"p_a": 0.5, "p_b": 0.4, "p_a_and_b": 0.2},
)
def union(a: Union) -> Explanation:
    smaller = min(a.p_a, a.p_b)
    if a.p_a_and_b > smaller + SUM_TOLERANCE:
        raise InputError(
            "p_a_and_b",
            f"the numbers are inconsistent: p_a_and_b ({num(a.p_a_and_b)}) cannot exceed the "
            f"smaller of p_a and p_b ({num(smaller)}) — both happening is never likelier than "
            "either one alone",
        )
    raw = a.p_a + a.p_b - a.p_a_and_b
    if raw > 1.0 + SUM_TOLERANCE:
        raise InputError(
            "p_a_and_b",
            f"the numbers are inconsistent: p_a + p_b − p_a_and_b = {num(raw)} is above 1; "
            f"with these p_a and p_b the overlap must be at least {num(a.p_a + a.p_b - 1)}",
        )
    p = min(raw, 1.0)
    steps = [
        Step(
            f"P(A ∪ B) = {num(a.p_a)} + {num(a.p_b)} − {num(a.p_a_and_b)} = {num(p)}",
            rf"P(A \cup B) = {lnum(a.p_a)} + {lnum(a.p_b)} - {lnum(a.p_a_and_b)} = {lnum(p)}",
            "add both, then subtract the overlap, which was counted twice",
        )
    ]
    notes = []
    if a.p_a_and_b == 0:
        notes.append("P(A ∩ B) = 0: the events are mutually exclusive, so the chances just add.")
    return Explanation("union", a.model_dump(), p, steps, notes)


class Joint(Args):
    p_a: Probability
    p_b: Probability


@operation(
    "joint",
    Joint,
    topic="2.4",
    summary="Multiplication rule for independent events: P(A ∩ B) = P(A)·P(B).",
    example={"p_a": 0.5, "p_b": 0.5},
)
def joint(a: Joint) -> Explanation:
    p = a.p_a * a.p_b
    steps = [
        Step(
            f"P(A ∩ B) = {num(a.p_a)} × {num(a.p_b)} = {num(p)}",
            rf"P(A \cap B) = {lnum(a.p_a)} \times {lnum(a.p_b)} = {lnum(p)}",
            "multiply: for independent events, one happening does not change the other's chance",
        )
    ]
    notes = [
        "Only when A and B are independent. Otherwise P(A ∩ B) = P(A)·P(B | A), "
        "using the conditional probability."
    ]
    return Explanation("joint", a.model_dump(), p, steps, notes)


# ---------------------------------------------------------------- 2.5–2.6 conditioning


class Conditional(Args):
    p_a_and_b: Probability
    p_b: Probability


@operation(
    "conditional",
    Conditional,
    topic="2.5",
    summary="Conditional probability: P(A | B) = P(A ∩ B) / P(B).",
    example={"p_a_and_b": 0.4, "p_b": 0.45},
)
def conditional(a: Conditional) -> Explanation:
    if a.p_b == 0:
        raise InputError(
            "p_b",
            "p_b is 0: P(A | B) asks about a world where B happened, which is undefined when B "
            "never happens; give p_b above 0",
        )
    if a.p_a_and_b > a.p_b + SUM_TOLERANCE:
        raise InputError(
            "p_a_and_b",
            f"p_a_and_b ({num(a.p_a_and_b)}) cannot exceed p_b ({num(a.p_b)}): A and B both "
            "happening is part of B happening",
        )
    p = min(a.p_a_and_b / a.p_b, 1.0)
    steps = [
        Step(
            f"P(A | B) = P(A ∩ B) / P(B) = {num(a.p_a_and_b)} / {num(a.p_b)} = {num(p)}",
            rf"P(A \mid B) = \frac{{P(A \cap B)}}{{P(B)}} = "
            rf"\frac{{{lnum(a.p_a_and_b)}}}{{{lnum(a.p_b)}}} = {lnum(p)}",
            "shrink the world to the cases where B happened, and ask how often A happens there",
        )
    ]
    notes = [f"Given B, A has a {_pct(p)} chance."]
    return Explanation("conditional", a.model_dump(), p, steps, notes)


class Bayes(Args):
    prior: Annotated[Probability, Field(description="P(disease) before the test, such as 0.01")]
    likelihood: Annotated[
        Probability, Field(description="P(positive | disease), the test's sensitivity")
    ]
    false_positive_rate: Annotated[
        Probability, Field(description="P(positive | no disease), such as 0.05")
    ]


@operation(
    "bayes",
    Bayes,
    topic="2.6",
    summary="Bayes' theorem: update a prior belief after seeing evidence.",
    example={"prior": 0.01, "likelihood": 0.95, "false_positive_rate": 0.05},
)
def bayes(a: Bayes) -> Explanation:
    healthy = 1.0 - a.prior
    true_pos = a.likelihood * a.prior
    false_pos = a.false_positive_rate * healthy
    evidence = true_pos + false_pos
    if evidence == 0:
        field = "likelihood" if a.prior == 1 else "false_positive_rate"
        raise InputError(
            field,
            "with these numbers a positive result can never happen (P(+) = 0), so there is "
            f"nothing to update on; raise {field} above 0",
        )
    posterior = true_pos / evidence
    steps = [
        Step(
            f"P(no disease) = 1 − {num(a.prior)} = {num(healthy)}",
            rf"P(\lnot D) = 1 - {lnum(a.prior)} = {lnum(healthy)}",
            "the complement of the prior",
        ),
        Step(
            f"P(+ and disease) = {num(a.likelihood)} × {num(a.prior)} = {num(true_pos)}",
            rf"P(+ \cap D) = {lnum(a.likelihood)} \times {lnum(a.prior)} = {lnum(true_pos)}",
            "true positives: sick, and the test catches it",
        ),
        Step(
            f"P(+ and no disease) = {num(a.false_positive_rate)} × {num(healthy)} = "
            f"{num(false_pos)}",
            rf"P(+ \cap \lnot D) = {lnum(a.false_positive_rate)} \times {lnum(healthy)} = "
            rf"{lnum(false_pos)}",
            "false positives: healthy, but the test says positive",
        ),
        Step(
            f"P(+) = {num(true_pos)} + {num(false_pos)} = {num(evidence)}",
            rf"P(+) = {lnum(true_pos)} + {lnum(false_pos)} = {lnum(evidence)}",
            "the evidence: every way to test positive",
        ),
        Step(
            f"P(disease | +) = {num(true_pos)} / {num(evidence)} = {num(posterior)}",
            rf"P(D \mid +) = \frac{{{lnum(true_pos)}}}{{{lnum(evidence)}}} = {lnum(posterior)}",
            "the posterior: of all the positives, the share that are really sick",
        ),
    ]
    notes = [
        "Read 'disease' as any hypothesis and '+' as any evidence (spam and a word, fraud and "
        "an alert)."
    ]
    if posterior < 0.5 < a.likelihood:
        ratio = false_pos / true_pos if true_pos > 0 else math.inf
        notes.append(
            f"Why so low? The base rate: only {_pct(a.prior)} have the disease, so the "
            f"{_pct(healthy)} who do not produce more false alarms ({num(false_pos)}) than the "
            f"sick produce true positives ({num(true_pos)})"
            + (f" — about {num(ratio, 1)} to 1." if math.isfinite(ratio) else ".")
            + f" A positive test raises the chance from {_pct(a.prior)} to {_pct(posterior)}."
        )
    result = {"posterior": posterior, "evidence": evidence}
    return Explanation("bayes", a.model_dump(), result, steps, notes)


# ---------------------------------------------------------------- distributions and logs


class PList(Args):
    p: Probabilities


@operation(
    "distribution",
    PList,
    topic="2.4",
    summary="Check a probability distribution: every entry in [0, 1], adding up to 1.",
    example={"p": [0.87, 0.13]},
)
def distribution(a: PList) -> Explanation:
    total, problems = _distribution_problems(a.p)
    in_range = not any(x < 0 or x > 1 for x in a.p)
    steps = [
        Step(
            f"every entry between 0 and 1? {'yes' if in_range else 'no'}",
            rf"0 \le p_i \le 1\ ?\ \text{{{'yes' if in_range else 'no'}}}",
            "each entry is a probability",
        ),
        Step(
            f"sum = {_sum_text(a.p)} = {num(total)}",
            rf"\sum p_i = {_sum_latex(a.p)} = {lnum(total)}",
            "the entries must add up to 1: something must happen",
        ),
    ]
    if problems:
        notes = ["Not a probability distribution: " + "; ".join(problems) + "."]
        if in_range or all(x >= 0 for x in a.p):
            if total > 0:
                notes.append(f"Dividing every entry by {num(total)} would rescale it to sum to 1.")
        else:
            notes.append("Raw scores (logits) become a distribution through softmax.")
    else:
        notes = ["A valid probability distribution."]
    result = {"valid": not problems, "sum": total}
    return Explanation("distribution", a.model_dump(), result, steps, notes)


class Log(Args):
    x: Number
    base: LogBase = "e"


@operation(
    "log",
    Log,
    topic="2.7",
    summary="Logarithm: the power the base must be raised to to give x.",
    example={"x": 0.5, "base": "e"},
)
def log(a: Log) -> Explanation:
    if a.x <= 0:
        raise InputError(
            "x",
            f"log is undefined for x ≤ 0 (x is {num(a.x)}): no power of the base gives zero or "
            "a negative number. log(0) is −∞ — as x → 0 the log falls without bound — so give "
            "x above 0",
        )
    value = _log(a.x, a.base)
    name, lname = _log_name(a.base)
    base_text = "e ≈ 2.718" if a.base == "e" else str(a.base)
    steps = [
        Step(
            f"{name}({num(a.x)}) = {num(value)}",
            rf"{lname}({lnum(a.x)}) = {lnum(value)}",
            f"{base_text} raised to {num(value)} gives {num(a.x)}",
        )
    ]
    notes = []
    if a.x < 1:
        notes.append(
            "Below 1 (any probability short of certainty) the log is negative; the smaller the "
            "number, the more negative its log."
        )
    elif a.x == 1:
        notes.append("log(1) = 0 in every base: any base to the power 0 is 1.")
    return Explanation("log", a.model_dump(), value, steps, notes)


@operation(
    "logprob",
    PList,
    topic="2.7",
    summary="Log probability: add logs instead of multiplying tiny probabilities.",
    example={"p": [0.001, 0.002, 0.003, 0.001]},
)
def logprob(a: PList) -> Explanation:
    _check_probabilities("p", a.p, allow_zero=False)
    logs = [math.log(x) for x in a.p]
    log_sum = math.fsum(logs)
    product = math.prod(a.p)
    log_terms = _elide([f"log({num(x)})" for x in a.p], " + ", "…")
    product_latex = _elide([lnum(x) for x in a.p], r" \times ", r"\cdots")
    log_terms_latex = _elide([rf"\log({lnum(x)})" for x in a.p], " + ", r"\cdots")
    steps = [
        Step(
            f"{log_terms} = {_sum_text(logs)}",
            f"{log_terms_latex} = {_sum_latex(logs)}",
            "take the log of each probability",
        ),
        Step(
            f"log-sum = {num(log_sum)}",
            rf"\sum \log p_i = {lnum(log_sum)}",
            "add the logs: log(a·b) = log a + log b",
        ),
        Step(
            f"product = {_elide([num(x) for x in a.p], ' × ', '…')} = {num(product)}",
            rf"\prod p_i = {product_latex} = {lnum(product)}",
            "the same thing multiplied directly",
        ),
    ]
    notes = []
    if product == 0.0:
        notes.append(
            f"The product underflowed to 0.0: the true value (e^{num(log_sum, 1)}) is below the "
            f"smallest positive float64 (about 4.9e-324), while the log-sum {num(log_sum, 1)} is "
            "an ordinary number. That is why models add log probabilities instead of "
            "multiplying probabilities."
        )
    elif product < sys.float_info.min:
        notes.append(
            "The product is so small that float64 keeps only a few of its digits (a subnormal "
            "number); the log-sum keeps full precision. Models add logs for this reason."
        )
    else:
        notes.append(
            "Both forms work here, but a long sequence of small probabilities would underflow "
            "the product to 0; the log-sum never does."
        )
    result = {"log_sum": log_sum, "product": product}
    return Explanation("logprob", a.model_dump(), result, steps, notes)


# ---------------------------------------------------------------- 2.8 entropy


class Entropy(Args):
    p: Probabilities
    base: LogBase = "e"


@operation(
    "entropy",
    Entropy,
    topic="2.8",
    summary="Entropy: the average surprise of a distribution, H = −Σ p log p.",
    example={"p": [0.9, 0.1], "base": "e"},
)
def entropy(a: Entropy) -> Explanation:
    _require_distribution("p", a.p)
    name, lname = _log_name(a.base)
    kept = [x for x in a.p if x > 0]
    logs = [_log(x, a.base) for x in kept]
    products = [x * lg for x, lg in zip(kept, logs, strict=True)]
    h = math.fsum(-t for t in products) + 0.0  # + 0.0 turns −0.0 into 0.0
    steps = [
        Step(
            _elide(
                [f"{name}({num(x)}) = {num(lg)}" for x, lg in zip(kept, logs, strict=True)],
                ", ",
                "…",
            ),
            _elide(
                [rf"{lname}({lnum(x)}) = {lnum(lg)}" for x, lg in zip(kept, logs, strict=True)],
                r",\ ",
                r"\dots",
            ),
            "the log of each probability (its surprise, negated)",
        ),
        Step(
            "H = −("
            + _elide(
                [f"{num(x)}×{signed(lg)}" for x, lg in zip(kept, logs, strict=True)], " + ", "…"
            )
            + ")",
            "H = -("
            + _elide(
                [rf"{lnum(x)}\times {lsigned(lg)}" for x, lg in zip(kept, logs, strict=True)],
                " + ",
                r"\cdots",
            )
            + ")",
            "weight each log by its probability",
        ),
        Step(
            f"H = −({_inner_text(products)}) = {num(h)}",
            f"H = -({_inner_latex(products)}) = {lnum(h)}",
            f"add and negate: the entropy in {_unit(a.base)}",
        ),
    ]
    n = len(a.p)
    h_max = _log(n, a.base) if n > 1 else 0.0
    notes = []
    if len(kept) < n:
        notes.append(
            "Entries of 0 are skipped: 0·log 0 is taken as 0 (p·log p → 0 as p → 0), since an "
            "outcome that never happens adds no surprise."
        )
    if n > 1:
        notes.append(
            f"The most uncertain distribution over {n} outcomes (uniform) has H = {name}({n}) = "
            f"{num(h_max)}; a certain outcome has H = 0. This one: {num(h)}."
        )
    return Explanation("entropy", a.model_dump(), h, steps, notes)


class CrossEntropy(Args):
    target: Annotated[
        list[float],
        BeforeValidator(to_vector),
        Field(description="the true distribution, often one-hot such as [1, 0, 0]"),
    ]
    predicted: Annotated[
        list[float],
        BeforeValidator(to_vector),
        Field(description="the model's distribution, such as [0.9, 0.07, 0.03]"),
    ]


@operation(
    "cross_entropy",
    CrossEntropy,
    topic="2.8",
    summary="Cross-entropy loss: −Σ target·log(predicted), how surprised the model is.",
    example={"target": [1, 0, 0], "predicted": [0.9, 0.07, 0.03]},
)
def cross_entropy(a: CrossEntropy) -> Explanation:
    t, q = a.target, a.predicted
    if len(t) != len(q):
        raise InputError(
            "predicted",
            f"target has {len(t)} entries and predicted has {len(q)}: give one predicted "
            "probability per class",
        )
    _require_distribution("target", t)
    _require_distribution("predicted", q)
    used = [i for i, ti in enumerate(t) if ti > 0]
    clipped = [i for i in used if q[i] < LOG_EPSILON]
    logs = {i: math.log(max(q[i], LOG_EPSILON)) for i in used}
    terms = [t[i] * logs[i] for i in used]
    loss = math.fsum(-x for x in terms) + 0.0
    steps = [
        Step(
            "CE = −("
            + _elide([f"{num(ti)}×log({num(qi)})" for ti, qi in zip(t, q, strict=True)], " + ", "…")
            + ")",
            "CE = -("
            + _elide(
                [rf"{lnum(ti)}\times\log({lnum(qi)})" for ti, qi in zip(t, q, strict=True)],
                " + ",
                r"\cdots",
            )
            + ")",
            "weight the log of each predicted probability by the target's probability",
        ),
        Step(
            "CE = −(" + _elide([f"{num(t[i])}×{signed(logs[i])}" for i in used], " + ", "…") + ")",
            "CE = -("
            + _elide([rf"{lnum(t[i])}\times {lsigned(logs[i])}" for i in used], " + ", r"\cdots")
            + ")",
            "classes whose target is 0 add nothing; take the logs of the rest",
        ),
        Step(
            f"CE = −({_inner_text(terms)}) = {num(loss)}",
            f"CE = -({_inner_latex(terms)}) = {lnum(loss)}",
            "add and negate",
        ),
    ]
    notes = []
    if clipped:
        notes.append(
            f"predicted is 0 (or nearly) at {', '.join(f'[{i}]' for i in clipped[:SHOWN])}, "
            "where the target is not: "
            f"log(0) is −∞, so the prediction is clipped to {LOG_EPSILON:.0e} "
            f"(log = {num(math.log(LOG_EPSILON))}) to keep the loss finite. Frameworks guard "
            "the same way, or compute the loss straight from logits."
        )
    if len(used) == 1:
        i = used[0]
        notes.append(
            f"With a one-hot target the loss is just −log of the probability given to the right "
            f"class ({num(q[i])}): 0 when it is 1, growing without bound as it falls to 0."
        )
    else:
        h = math.fsum(-ti * math.log(ti) for ti in t if ti > 0)
        notes.append(
            f"The target's own entropy is {num(h)}; cross-entropy is never below it, and the "
            f"gap ({num(loss - h)}) is the KL divergence between target and prediction."
        )
    return Explanation("cross_entropy", a.model_dump(), loss, steps, notes)


# ---------------------------------------------------------------- 2.9 softmax


class Softmax(Args):
    logits: Vector
    temperature: Annotated[
        Number, Field(description="divides the logits: below 1 sharpens, above 1 flattens")
    ] = 1.0


@operation(
    "softmax",
    Softmax,
    topic="2.9",
    summary="Softmax: turn raw scores (logits) into probabilities that add up to 1.",
    example={"logits": [2.0, 1.0, 0.1], "temperature": 1},
)
def softmax(a: Softmax) -> Explanation:
    temp = a.temperature
    if temp <= 0:
        raise InputError(
            "temperature",
            f"temperature must be above 0 (got {num(temp)}): softmax divides the logits by it. "
            "Low temperatures (such as 0.5) sharpen the distribution, high ones (such as 2) "
            "flatten it; use 1 for plain softmax",
        )
    top = max(a.logits)
    # (x − max)/T, not x/T − max(x/T): every difference is finite, so nothing overflows
    # even when a tiny temperature makes x/T itself overflow.
    shifted = [(x - top) / temp for x in a.logits]
    exps = [math.exp(s) for s in shifted]
    total = math.fsum(exps)
    probs = [e / total for e in exps]

    steps: list[Step] = []
    scaled = [x / temp for x in a.logits]
    if temp != 1:
        steps.append(
            Step(
                f"logits / T = {_list_text(a.logits)} / {num(temp)} = {_list_text(scaled)}",
                rf"z / T = {_list_latex(a.logits)} / {lnum(temp)} = {_list_latex(scaled)}",
                "divide by the temperature: T below 1 spreads the scores apart (sharper), "
                "T above 1 squeezes them together (flatter)",
            )
        )
    plain_ok = all(abs(z) <= SAFE_EXP for z in scaled)
    if plain_ok:
        steps += _softmax_plain_steps(scaled)
    steps += _softmax_stable_steps(scaled, top / temp, shifted, exps, total, probs, plain_ok)

    notes = [
        f"The probabilities add up to 1; the largest logit gets the largest share "
        f"({num(max(probs))})."
    ]
    if any(abs(z) > math.log(sys.float_info.max) for z in scaled):
        notes.append(
            "Computed naively, e^z would overflow here (float64 tops out near e^709 ≈ 1.8e308) "
            "and the division would give nan; subtracting the largest logit first keeps every "
            "exponent ≤ 0, so every e^z is between 0 and 1."
        )
    if temp != 1:
        notes.append(
            f"Temperature {num(temp)}: {'sharper' if temp < 1 else 'flatter'} than plain "
            "softmax. As T → 0 all the weight goes to the largest logit; as T grows the "
            "distribution approaches uniform."
        )
    return Explanation("softmax", a.model_dump(), probs, steps, notes)


def _softmax_plain_steps(z: list[float]) -> list[Step]:
    exps = [math.exp(x) for x in z]
    total = math.fsum(exps)
    probs = [e / total for e in exps]
    shown = z[:SHOWN]
    return [
        Step(
            ", ".join(f"e^{signed(x)} = {num(e)}" for x, e in zip(shown, exps, strict=False))
            + (", …" if len(z) > SHOWN else ""),
            r",\ ".join(rf"e^{{{lnum(x)}}} = {lnum(e)}" for x, e in zip(shown, exps, strict=False))
            + (r",\ \dots" if len(z) > SHOWN else ""),
            "raise e to each logit: every result is positive",
        ),
        Step(
            f"total = {_sum_text(exps)} = {num(total)}",
            rf"\sum e^{{z_j}} = {_sum_latex(exps)} = {lnum(total)}",
            "add them",
        ),
        Step(
            f"softmax = {_list_text(exps)} / {num(total)} = {_list_text(probs)}",
            rf"\frac{{e^{{z_i}}}}{{\sum_j e^{{z_j}}}} = {_list_latex(probs)}",
            "divide each by the total, so they add up to 1",
        ),
    ]


def _softmax_stable_steps(
    scaled: list[float],
    top: float,
    shifted: list[float],
    exps: list[float],
    total: float,
    probs: list[float],
    plain_shown: bool,
) -> list[Step]:
    why = (
        "the stable way, as libraries compute it: subtract the largest logit first. "
        "Subtracting the same number from every logit leaves the probabilities unchanged, "
        "and it keeps e^z from overflowing (e^1000 is beyond float64)"
    )
    if plain_shown:
        why = "same answer, " + why
    return [
        Step(
            f"z − max = {_list_text(scaled)} − {num(top)} = {_list_text(shifted)}",
            rf"z - \max z = {_list_latex(shifted)}",
            why,
        ),
        Step(
            f"e^(z − max) = {_list_text(exps)}, total = {num(total)}",
            rf"e^{{z - \max z}} = {_list_latex(exps)},\ \sum = {lnum(total)}",
            "every exponent is ≤ 0, so every term is between 0 and 1 and the largest is exactly 1",
        ),
        Step(
            f"softmax = {_list_text(exps)} / {num(total)} = {_list_text(probs)}",
            rf"\mathrm{{softmax}}(z) = {_list_latex(probs)}",
            "divide each by the total",
        ),
    ]


__all__ = [
    "bayes",
    "complement",
    "conditional",
    "cross_entropy",
    "distribution",
    "entropy",
    "joint",
    "log",
    "logprob",
    "mean",
    "probability",
    "softmax",
    "std",
    "union",
    "variance",
]
