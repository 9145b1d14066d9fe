"""Span and linear independence (1.11, 1.13)."""

from __future__ import annotations

from collections.abc import Sequence

from ..explanation import Explanation, Step
from ..inputs import (
    Args,
    VectorList,
)
from ..mathprint import to_text
from ..mathtree import count, eq, n, rel, seq, sym, text, vec
from ..notation import num
from ..registry import operation
from .combinations import _combo, _combo_text, _vnames
from .reduction import _analyse, _Analysis, _kind, _reduction_steps, _small_integers
from .writing import _space


class VectorsArgs(Args):
    vectors: VectorList


@operation(
    "span",
    VectorsArgs,
    topic="1.11",
    summary="Span: everything reachable by combining the vectors — a point, line, plane, ….",
    example={"vectors": [[1, 2], [2, 4]]},
)
def span(args: VectorsArgs) -> Explanation:
    an = _analyse(args.vectors)
    whole = an.rank == an.dim
    kind = _kind(an.rank)
    where = (
        f"all of {_space(an.dim)}"
        if whole
        else f"a {kind} through the origin inside {_space(an.dim)}"
    )
    if an.rank == 0:
        where = "only the origin (a point)"
    steps = _reduction_steps(args.vectors, an)
    steps.append(
        Step(
            math=seq(
                eq(sym("rank"), count(an.rank)),
                text(f"in {_space(an.dim)} → the span is {where}"),
                sep=" ",
            ),
            note="the rank counts independent directions",
        )
    )
    result = {"rank": an.rank, "ambient_dimension": an.dim, "kind": kind, "whole_space": whole}
    notes = [f"The span is {where}; its dimension is {an.rank}."]
    if whole:
        notes.append(f"Every vector in {_space(an.dim)} is a combination of these vectors.")
    return Explanation("span", args.model_dump(), result, steps, notes)


def _nicest(relation: Sequence[float], candidates: Sequence[int]) -> tuple[int, list[float]]:
    """Which vector to solve a relation for, so the coefficients read best (1.8, 32)."""

    def digits(x: float) -> int:
        text = num(x, 6)
        return len(text.split(".")[1]) if "." in text else 0

    best: tuple[int, int, list[float]] | None = None
    for j in candidates:
        if relation[j] == 0:
            continue
        coefs = [0.0 if i == j else -x / relation[j] for i, x in enumerate(relation)]
        score = sum(digits(x) for x in coefs)
        if best is None or score <= best[0]:
            best = (score, j, coefs)
    assert best is not None  # a relation has a nonzero entry
    return best[1], best[2]


def _is_constant(v: Sequence[float]) -> bool:
    return len(v) > 1 and v[0] != 0 and all(x == v[0] for x in v)


def _relation_of(an: _Analysis) -> list[float] | list[int] | None:
    if not an.redundant:
        return None
    j, coefs = an.redundant[0]
    relation = list(coefs)
    relation[j] = -1.0
    return _small_integers(relation)


def _affine_note(vs: Sequence[Sequence[float]], independent: bool) -> str | None:
    """The Celsius/Fahrenheit lesson: related by 'times a, plus b' is not dependence."""
    n = len(vs[0])
    constant = [i for i, v in enumerate(vs) if _is_constant(v)]
    others = [i for i in range(len(vs)) if i not in constant]
    if len(others) < 2 or n <= len(others):
        return None
    ones = "1 = " + to_text(vec([1.0] * n))
    if independent and not constant:
        with_ones = [*vs, [1.0] * n]
        relation = _relation_of(_analyse(with_ones))
        if relation is None or relation[-1] == 0:
            return None
        candidates = [i for i in others if relation[i] != 0]
        if not candidates:
            return None
        names = [*_vnames(len(vs)), sym("1")]
        j, coefs = _nicest(relation, candidates)
        return (
            f"Independent, yet related: {to_text(names[j])} = {_combo_text(coefs, names)}, where "
            f"{ones}. That is affine (times a number, plus a constant), not a multiple, so "
            "the vectors are independent; add a constant column (a model's intercept) and "
            "they become dependent."
        )
    relation = _relation_of(_analyse(vs))
    if independent or relation is None or not any(relation[i] != 0 for i in constant):
        return None
    if _analyse([vs[i] for i in others]).rank != len(others):
        return None
    candidates = [i for i in others if relation[i] != 0]
    if not candidates:
        # Only the constant vectors are related (two multiples of [1, 1, …]): no affine story.
        return None
    names = _vnames(len(vs))
    j, coefs = _nicest(relation, candidates)
    return (
        f"{to_text(names[j])} = {_combo_text(coefs, names)} is affine, not a multiple: without the "
        "constant vector (a model's intercept column) the others are independent; with it, "
        "the set is dependent."
    )


@operation(
    "independence",
    VectorsArgs,
    topic="1.14",
    summary="Linear independence: does any vector repeat a direction the others already give?",
    example={"vectors": [[1, 2], [2, 4], [3, 6]]},
)
def independence(args: VectorsArgs) -> Explanation:
    vs = args.vectors
    an = _analyse(vs)
    independent = an.rank == len(vs)
    relation = _relation_of(an)
    steps = _reduction_steps(vs, an)
    if relation is None:
        steps.append(
            Step(
                math=seq(
                    eq(sym("rank"), count(an.rank), count(len(vs))),
                    text("vectors → independent"),
                    sep=" ",
                ),
                note="only c = 0 gives c₁v₁ + … = 0",
            )
        )
    else:
        steps.extend(_relation_steps(relation, an.rank, len(vs)))
    notes = _independence_notes(len(vs), an)
    note = _affine_note(vs, independent)
    if note:
        notes.append(note)
    result = {"independent": independent, "rank": an.rank, "relation": relation}
    return Explanation("independence", args.model_dump(), result, steps, notes)


def _relation_steps(relation: Sequence[float], rank: int, k: int) -> list[Step]:
    names = _vnames(k)
    steps = [
        Step(
            math=seq(
                rel(sym("rank"), "=", count(rank)),
                text(f"< {k} vectors → dependent:"),
                eq(_combo([float(x) for x in relation], names), n(0)),
                sep=" ",
            ),
            note="a nonzero combination gives the zero vector",
        )
    ]
    used = [i for i, x in enumerate(relation) if x != 0]
    if len(used) == 1:
        return steps  # the relation already says v_j = 0
    j, coefs = _nicest(relation, used)
    steps.append(
        Step(
            math=seq(text("so"), eq(names[j], _combo(coefs, names)), sep=" "),
            note=f"{to_text(names[j])} is redundant",
        )
    )
    return steps


def _independence_notes(k: int, an: _Analysis) -> list[str]:
    notes = []
    if k > an.dim:
        notes.append(
            f"{k} vectors in {_space(an.dim)} are always dependent: "
            f"there are only {an.dim} independent directions."
        )
    if k - an.rank > 1:
        notes.append(f"There are {k - an.rank} independent relations; this is one of them.")
    return notes
