"""The budget an expression must fit before sympy sees it: nesting, nested functions, cost.

Measured on our own syntax tree in one pass (time linear in its length), so refusing an
expression never costs more than reading it. The cost estimates how large the expression's
derivative grows, rule by rule (a product rule copies both factors, a chain rule copies the
inner function, a power with a variable exponent copies itself): it bounds the sympy work
that derivative, partial, gradient and gradient_descent do, and the steps they print.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .inputs import InputError

if TYPE_CHECKING:
    from .expressions import Token

# Brackets, signs, roots and powers inside one another (checked while parsing).
MAX_DEPTH = 50
# Functions inside functions: tanh(sin(exp(…))). Ten is more than any lesson uses.
MAX_FUNCTION_DEPTH = 10
# The estimated size of the derivative. A 200-character polynomial costs a few hundred;
# a product of 20 different functions about 2,000.
MAX_COST = 5_000


@dataclass(frozen=True, slots=True)
class Node:
    """One node of the syntax tree: kind is num, var, const, call, neg, add, sub, mul, div
    or pow; tok is the token that made it (its text and position)."""

    kind: str
    tok: Token
    args: tuple[Node, ...] = ()


@dataclass(frozen=True, slots=True)
class Measure:
    size: int  # nodes
    cost: int  # estimated nodes of the derivative
    functions: int  # deepest nesting of function calls
    varying: bool  # holds a variable


def measure(node: Node) -> Measure:
    """Size, cost and function nesting of a tree (one visit per node)."""
    kind = node.kind
    if not node.args:
        return Measure(1, 1, 0, kind == "var")
    parts = [measure(child) for child in node.args]
    size = 1 + sum(p.size for p in parts)
    functions = max(p.functions for p in parts) + (kind == "call")
    varying = any(p.varying for p in parts)
    if not varying:
        return Measure(size, 1, functions, False)  # constant rule: the derivative is 0
    return Measure(size, _cost(kind, parts, size), functions, True)


def _cost(kind: str, parts: list[Measure], size: int) -> int:
    inner = sum(p.cost for p in parts)
    copies = sum(p.size for p in parts)
    if kind in ("neg", "add", "sub"):
        return 1 + inner
    if kind == "mul":  # u'w + uw'
        return 2 + inner + copies
    if kind == "div":  # (u'v - uv')/v²
        return 3 + inner + copies + parts[1].size
    if kind == "call":  # f'(u)·u', where f'(u) holds u once or twice (tanh, sigmoid)
        return 2 + inner + 2 * copies
    exponent = parts[1]
    if not exponent.varying:  # n·u^(n-1)·u'
        return 3 + inner + copies
    return 4 + inner + 2 * copies + size  # u^w·(w'·ln u + w·u'/u)


def check_budget(tree: Node, field: str) -> Measure:
    """The tree's measure, or an InputError naming the limit it passes."""
    m = measure(tree)
    if m.functions > MAX_FUNCTION_DEPTH:
        raise InputError(
            field,
            f"the expression nests functions {m.functions} deep: at most "
            f"{MAX_FUNCTION_DEPTH} functions inside one another",
        )
    if m.cost > MAX_COST:
        raise InputError(
            field,
            f"the expression is too costly to work with (cost {m.cost:,}, at most "
            f"{MAX_COST:,}): its derivative would be too large. Split it into smaller parts",
        )
    return m
