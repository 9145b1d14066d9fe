"""Probability rules and conditioning (2.4–2.6), Bayes' rule."""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import Field

from ..explanation import Explanation, Step
from ..inputs import Args, InputError, Number, Probability
from ..mathtree import Infix, add, call, eq, frac, minus, mul, n, paren, sym, text, value
from ..notation import num
from ..registry import operation
from .writing import SUM_TOLERANCE, _pct

PR, A, B, NOT_A = sym("P"), sym("A"), sym("B"), sym("¬A")

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
            math=eq(
                PR,
                frac(text("favorable"), text("total")),
                frac(n(a.favorable), n(a.total)),
                value(p),
            ),
            note="count what you want, divide by everything that can happen",
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
            math=eq(call(PR, NOT_A), minus(1, n(a.p)), value(q)),
            note="either A happens or it does not, and the two chances add up to 1",
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
            math=eq(
                call(PR, Infix("∪", (A, B))),
                minus(add(n(a.p_a), n(a.p_b)), n(a.p_a_and_b)),
                value(p),
            ),
            note="add both, then subtract the overlap, which was counted twice",
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
            math=eq(call(PR, Infix("∩", (A, B))), mul(n(a.p_a), n(a.p_b)), value(p)),
            note="multiply: for independent events, one happening does not change the other's "
            "chance",
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
            math=eq(
                call(PR, Infix("|", (A, B))),
                frac(call(PR, Infix("∩", (A, B))), call(PR, B)),
                frac(n(a.p_a_and_b), n(a.p_b)),
                value(p),
            ),
            note="shrink the world to the cases where B happened, and ask how often A happens "
            "there",
        )
    ]
    notes = [f"Given B, A has a {_pct(p)} chance."]
    return Explanation("conditional", a.model_dump(), p, steps, notes)


MAX_POSITIVES = 10  # each repeat adds one line of working


class Bayes(Args):
    prior: Annotated[Probability, Field(description="P(disease) before the test, such as 0.01")]
    likelihood: Annotated[
        Probability, Field(description="P(positive | disease), the test's sensitivity")
    ]
    false_positive_rate: Annotated[
        Probability, Field(description="P(positive | no disease), such as 0.05")
    ]
    positives: Annotated[
        int,
        Field(
            ge=1,
            le=MAX_POSITIVES,
            description=f"independent positive results in a row, 1 to {MAX_POSITIVES} "
            "(each posterior becomes the next prior)",
        ),
    ] = 1


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
    d, not_d, pos = sym("D"), sym("¬D"), sym("+")
    steps = [
        Step(
            math=eq(call(PR, not_d), minus(1, n(a.prior)), value(healthy)),
            note="the complement of the prior",
        ),
        Step(
            math=eq(
                call(PR, Infix("∩", (pos, d))), mul(n(a.likelihood), n(a.prior)), value(true_pos)
            ),
            note="true positives: sick, and the test catches it",
        ),
        Step(
            math=eq(
                call(PR, Infix("∩", (pos, not_d))),
                mul(n(a.false_positive_rate), n(healthy)),
                value(false_pos),
            ),
            note="false positives: healthy, but the test says positive",
        ),
        Step(
            math=eq(call(PR, pos), add(n(true_pos), n(false_pos)), value(evidence)),
            note="the evidence: every way to test positive",
        ),
        Step(
            math=eq(
                call(PR, Infix("|", (d, pos))), frac(n(true_pos), n(evidence)), value(posterior)
            ),
            note="the posterior: of all the positives, the share that are really sick",
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
    result: dict[str, object] = {"posterior": posterior, "evidence": evidence}
    if a.positives > 1:
        chain = _repeat_updates(a, posterior, steps)
        notes.append(
            f"After {a.positives} independent positive results the chance is "
            f"{_pct(chain[-1])}: each update starts from the belief the last one left."
        )
        result = {"posterior": chain[-1], "evidence": evidence, "posteriors": chain}
    return Explanation("bayes", a.model_dump(), result, steps, notes)


def _repeat_updates(a: Bayes, first: float, steps: list[Step]) -> list[float]:
    """Later positives: the last posterior is the new prior, so one line per update."""
    chain = [first]
    for k in range(2, a.positives + 1):
        prior = chain[-1]
        hit = a.likelihood * prior
        post = hit / (hit + a.false_positive_rate * (1 - prior))
        steps.append(
            Step(
                math=eq(
                    call(PR, Infix("|", (sym("D"), text(f"{k} positives")))),
                    frac(
                        mul(n(a.likelihood), n(prior)),
                        add(
                            mul(n(a.likelihood), n(prior)),
                            mul(n(a.false_positive_rate), paren(minus(1, n(prior)))),
                        ),
                    ),
                    value(post),
                ),
                note=f"positive result {k}: the previous posterior is the new prior",
            )
        )
        chain.append(post)
    return chain
