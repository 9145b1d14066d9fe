"""A sympy expression as a step tree (`mathtree`), written the way `Printer("pretty")` reads.

The derivative rules work on sympy expressions; their steps are trees like every other
operation's, so the text, LaTeX, MathML and JSON of a step come from one source. The
choices here (term order, the coefficient first, 3x but 3·sin(x), brackets) are the pretty
printer's, which is asked rather than copied; the printing itself is `mathprint`'s::

    to_tree(9*x**2 - 4*x)                   # 9x² − 4x
    to_tree(2*u, {u: 3*x + 1})              # 2(3x + 1): a symbol shown as another expression
    tree_at(x + 1, MUL)                     # (x + 1), bracketed for a place in a product

Numbers are the printer's numbers: integers whole, rationals as fractions, floats rounded
to 4 significant places when printed. exp(u) is written e^u, as the LaTeX printer does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .mathtree import Call, Fence, Frac, Infix, Neg, Node, Num, Pow, Sqrt, Sym, Text
from .printer import _NAMES, Printer, _starts_word, split_product

# The printer's precedences, for `tree_at`: a part looser than its place is bracketed.
ADD, MUL, POW, ATOM = 1, 2, 3, 4


def to_tree(expr: Any, subs: Mapping[Any, Any] | None = None) -> Node:
    """The step tree of a sympy expression; `subs` shows a symbol as another expression."""
    return _Builder(subs).tree(expr)


def tree_at(expr: Any, prec: int, subs: Mapping[Any, Any] | None = None) -> Node:
    """The tree of expr, in brackets when it binds more loosely than `prec` (ADD … ATOM)."""
    return _Builder(subs).tree(expr, prec)


def negated(node: Node) -> Node:
    """−node, the sign on the leading number or factor: −3x·y, not −(3x·y)."""
    if isinstance(node, Num):
        return replace(node, value=-node.value)
    if isinstance(node, Infix) and node.op in ("·", "") and node.args:
        return replace(node, args=(negated(node.args[0]), *node.args[1:]))
    if isinstance(node, Frac):
        return Frac(negated(node.num), node.den)
    return Neg(node)


class _Builder:
    def __init__(self, subs: Mapping[Any, Any] | None) -> None:
        self.subs = dict(subs or {})
        self.printer = Printer("pretty", self.subs)

    def tree(self, e: Any, prec: int = 0) -> Node:
        import sympy

        if isinstance(e, int | float):
            e = sympy.Integer(e) if isinstance(e, int) else sympy.Float(e)
        node = self.build(e)
        return Fence(node) if self.printer.print(e)[1] < prec else node

    def build(self, e: Any) -> Node:
        import sympy

        if e in self.subs:
            return self.tree(self.subs[e])
        if e.is_Number:
            return self.number(e)
        if e is sympy.E:
            return Sym("e")
        if e is sympy.pi:
            return Sym("π")
        if e.is_Symbol:
            return Sym(e.name)
        if e.is_Add:
            return self.add(e)
        if e.is_Mul:
            return self.mul(e)
        if e.is_Pow:
            return self.pow(e)
        name = type(e).__name__
        if name in _NAMES:
            return self.function(name, e.args[0])
        return Text(str(e).replace("**", "^"))

    def number(self, e: Any) -> Node:
        if e.is_Rational and not e.is_Integer:
            shown = Frac(Num(abs(int(e.p))), Num(int(e.q)))
            return negated(shown) if e.is_negative else shown
        return Num(float(e))

    def add(self, e: Any) -> Node:
        out: Node | None = None
        for term in e.as_ordered_terms():
            negative = _negative(term)
            if out is None:
                out = negated(self.tree(-term, MUL)) if negative else self.tree(term)
                continue
            op = "−" if negative else "+"
            part = self.tree(-term, MUL) if negative else self.tree(term, ADD)
            if isinstance(out, Infix) and out.op == op:
                out = Infix(op, (*out.args, part))
            else:
                out = Infix(op, (out, part))
        assert out is not None
        return out

    def mul(self, e: Any) -> Node:
        negative, numer, denom = split_product(e)
        node = self.product(numer, alone=bool(denom))
        if denom:
            node = Frac(node, self.product(denom, alone=True))
        return negated(node) if negative else node

    def product(self, factors: list[Any], alone: bool = False) -> Node:
        """Factors joined by ·, a leading number set against a letter or bracket (3x, 2(x + 1))."""
        if alone and len(factors) == 1:
            return self.tree(factors[0])
        nodes = [self.tree(f, MUL) for f in factors]
        if len(nodes) > 1 and self.juxtaposed(factors[0], factors[1]):
            nodes[:2] = [Infix("", (nodes[0], nodes[1]), tight=True)]
        return nodes[0] if len(nodes) == 1 else Infix("·", tuple(nodes))

    def juxtaposed(self, first: Any, second: Any) -> bool:
        return bool(
            first.is_Number
            and not self.printer.is_number(second)
            and _starts_word(self.printer(second, MUL))
        )

    def pow(self, e: Any) -> Node:
        import sympy

        base, exponent = e.args
        if exponent.is_Number and exponent.is_negative:
            return self.mul(sympy.Mul(1, e, evaluate=False))
        if exponent == sympy.Rational(1, 2):
            return Sqrt(self.tree(base))
        return Pow(self.tree(base), self.tree(exponent))

    def function(self, name: str, arg: Any) -> Node:
        if name == "exp":
            return Pow(Sym("e"), self.tree(arg))
        return Call(Sym(_NAMES[name][1]), (self.tree(arg),))


def _negative(term: Any) -> bool:
    coeff = term.as_coeff_Mul()[0]
    return bool(coeff.is_Number and coeff.is_negative)


__all__ = ["ADD", "ATOM", "MUL", "POW", "negated", "to_tree", "tree_at"]
