"""The differentiator: each rule applied is recorded so the working can name it."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..explanation import Step
from ..expressions import custom_functions, parse, to_pretty, variables
from ..exprtree import MUL, to_tree, tree_at
from ..mathprint import to_text
from ..mathtree import Diff, Dots, Fence, Frac, Infix, Node, Num, Pow, Rel, Seq, Sym, Text
from .argtypes import MAX_RULE_STEPS

# ---------------------------------------------------------------- the differentiator


@dataclass(frozen=True)
class Rule:
    """One application of a differentiation rule, with the rules its parts needed.

    `plan` is the split into the parts' derivatives, `working` the combination before
    simplifying, both step trees. For a chain rule, `outer` is (u, f'(u)) and `inner` g(x).
    """

    name: str
    expr: Any
    result: Any
    parts: tuple[Rule, ...] = ()
    also: tuple[str, ...] = ()
    detail: str = ""
    plan: Node | None = field(default=None, compare=False)
    working: Node | None = field(default=None, compare=False)
    outer: tuple[Any, Any] | None = None
    inner: Any = None

    def names(self) -> set[str]:
        """Every rule used here and below: the contract the tests check."""
        out = {self.name, *self.also}
        for part in self.parts:
            out |= part.names()
        return out

    @property
    def note(self) -> str:
        label = " + ".join((self.name, *self.also))
        return f"{label}: {self.detail}" if self.detail else label


def _times(*factors: Node) -> Infix:
    return Infix("·", factors)


def _signed_sum(exprs: Sequence[Any]) -> Node:
    """a + b − c, bracketing a part that is itself a sum."""
    out: Node = to_tree(exprs[0])
    for e in exprs[1:]:
        coeff = e.as_coeff_Mul()[0]
        if not e.is_Add and coeff.is_Number and coeff.is_negative:
            out = Infix("−", (out, tree_at(-e, MUL)))
        else:
            out = Infix("+", (out, tree_at(e, MUL)))
    return out


_RULE_DETAILS = {
    "sigmoid rule": "σ′(u) = σ(u)(1 − σ(u))",
    "relu rule": "slope 1 where u > 0 and 0 where u < 0 (taken as 0 at u = 0)",
    "step rule": "flat on both sides of 0 (no slope at u = 0 itself)",
    "tanh rule": "tanh′(u) = 1 − tanh²(u)",
    "log rule": "ln′(u) = 1/u",
}


class _Differentiator:
    def __init__(self, var: Any, partial: bool) -> None:
        self.var = var
        self.partial = partial

    def d(self, e: Any) -> Diff:
        """d/dx(e) or ∂/∂x(e)."""
        return Diff(str(self.var), to_tree(e), self.partial)

    def rule(self, e: Any) -> Rule:
        import sympy

        v = self.var
        if not e.has(v):
            return Rule("constant rule", e, sympy.Integer(0))
        if e == v:
            # 1·x⁰: the power rule's exponent drops to 0, the teaching point of d/dx(x) = 1.
            working = _times(Num(1.0), Pow(Sym(str(v)), Num(0.0)))
            return Rule("power rule", e, sympy.Integer(1), working=working)
        if e.is_Add:
            return self.sum(e)
        if e.is_Mul:
            return self.product(e)
        if e.is_Pow:
            return self.power(e)
        return self.function(e)

    def sum(self, e: Any) -> Rule:
        import sympy

        terms = list(e.as_ordered_terms())
        parts = tuple(self.rule(t) for t in terms)
        return Rule(
            "sum rule",
            e,
            sympy.Add(*(p.result for p in parts)),
            parts,
            detail="differentiate term by term",
            plan=Infix("+", tuple(self.d(t) for t in terms)),
            working=_signed_sum([p.result for p in parts]),
        )

    def product(self, e: Any) -> Rule:
        import sympy

        v = self.var
        const = [f for f in e.args if not f.has(v)]
        varying = [f for f in e.args if f.has(v)]
        if const:
            return self.constant_multiple(e, sympy.Mul(*const), sympy.Mul(*varying))
        denom = [f for f in varying if f.is_Pow and f.exp.is_Number and f.exp < 0]
        if denom and len(denom) < len(varying):
            numer = sympy.Mul(*(f for f in varying if f not in denom))
            return self.quotient(e, numer, sympy.Mul(*(f.base ** (-f.exp) for f in denom)))
        u, w = varying[0], sympy.Mul(*varying[1:])
        du, dw = self.rule(u), self.rule(w)

        def combine(a: Node, b: Node) -> Node:
            return Infix("+", (_times(a, tree_at(w, MUL)), _times(tree_at(u, MUL), b)))

        return Rule(
            "product rule",
            e,
            du.result * w + u * dw.result,
            (du, dw),
            detail="(uw)' = u'w + uw'",
            plan=combine(self.d(u), self.d(w)),
            working=combine(tree_at(du.result, MUL), tree_at(dw.result, MUL)),
        )

    def constant_multiple(self, e: Any, c: Any, inner: Any) -> Rule:
        child = self.rule(inner)
        result = c * child.result
        working = _times(tree_at(c, MUL), tree_at(child.result, MUL))
        if not child.parts:
            # 3x³ in one line: 3·3x² = 9x², naming both rules.
            return Rule(
                "constant multiple rule",
                e,
                result,
                also=(child.name,),
                detail=child.detail,
                working=working,
            )
        return Rule(
            "constant multiple rule",
            e,
            result,
            (child,),
            detail="a constant factor stays",
            plan=_times(tree_at(c, MUL), self.d(inner)),
            working=working,
        )

    def quotient(self, e: Any, numer: Any, denom: Any) -> Rule:
        import sympy

        dn, dd = self.rule(numer), self.rule(denom)
        square = to_tree(sympy.Pow(denom, 2, evaluate=False))

        def combine(a: Node, b: Node) -> Node:
            first, second = _times(a, tree_at(denom, MUL)), _times(tree_at(numer, MUL), b)
            return Frac(Infix("−", (first, second)), square)

        return Rule(
            "quotient rule",
            e,
            (dn.result * denom - numer * dd.result) / denom**2,
            (dn, dd),
            detail="(u/v)' = (u'v - uv')/v²",
            plan=combine(self.d(numer), self.d(denom)),
            working=combine(tree_at(dn.result, MUL), tree_at(dd.result, MUL)),
        )

    def power(self, e: Any) -> Rule:
        import sympy

        base, n = e.args
        v = self.var
        u = sympy.Dummy("u")
        if not n.has(v):
            if base == v:
                # n·xⁿ⁻¹ before simplifying: 2x¹, and 1·x⁰ — the exponent is the lesson.
                shown = sympy.Mul(n, sympy.Pow(v, n - 1, evaluate=False), evaluate=False)
                return Rule(
                    "power rule",
                    e,
                    n * v ** (n - 1),
                    detail="xⁿ → n·xⁿ⁻¹",
                    working=to_tree(shown),
                )
            return self.chain(e, "power rule", u**n, n * u ** (n - 1), u, base)
        if not base.has(v):
            return self.chain(e, "exponential rule", base**u, base**u * sympy.log(base), u, n)
        return self.variable_power(e, base, n)

    def variable_power(self, e: Any, base: Any, n: Any) -> Rule:
        import sympy

        db, dn = self.rule(base), self.rule(n)

        def combine(a: Node, b: Node) -> Node:
            log_base = tree_at(sympy.log(base), MUL)
            over = Frac(b, to_tree(base))
            inside = Infix("+", (_times(a, log_base), _times(tree_at(n, MUL), over)))
            return _times(tree_at(e, MUL), Fence(inside))

        return Rule(
            "power rule with a variable exponent",
            e,
            e * (dn.result * sympy.log(base) + n * db.result / base),
            (db, dn),
            detail="write u^w = e^(w·ln u), then use the chain and product rules",
            plan=combine(self.d(n), self.d(base)),
            working=combine(tree_at(dn.result, MUL), tree_at(db.result, MUL)),
        )

    def function(self, e: Any) -> Rule:
        import sympy

        u = sympy.Dummy("u")
        custom = custom_functions()
        sig, relu = custom["sigmoid"], custom["relu"]
        table: dict[str, tuple[str, Any, Any]] = {
            "exp": ("exp rule", sympy.exp(u), sympy.exp(u)),
            "log": ("log rule", sympy.log(u), 1 / u),
            "sin": ("sin rule", sympy.sin(u), sympy.cos(u)),
            "cos": ("cos rule", sympy.cos(u), -sympy.sin(u)),
            "tanh": ("tanh rule", custom["tanh"](u), 1 - custom["tanh"](u) ** 2),
            "sigmoid": ("sigmoid rule", sig(u), sig(u) * (1 - sig(u))),
            "relu": ("relu rule", relu(u), sympy.Heaviside(u, 0)),
            "Heaviside": ("step rule", sympy.Heaviside(u, 0), sympy.Integer(0)),
        }
        name = type(e).__name__
        if name not in table:
            # Not reachable from our grammar; sympy's answer beats none.
            return Rule("differentiation", e, sympy.diff(e, self.var))
        label, f_u, df_u = table[name]
        return self.chain(e, label, f_u, df_u, u, e.args[0])

    def chain(self, e: Any, name: str, f_u: Any, df_u: Any, u: Any, inner: Any) -> Rule:
        """f(g(x))' = f'(g(x))·g'(x); when g is x itself, only the outer rule is needed."""
        if inner == self.var:
            result = df_u.subs(u, inner)
            return Rule(name, e, result, detail=_RULE_DETAILS.get(name, ""))
        child = self.rule(inner)
        outer_at_inner = df_u.subs(u, inner)
        outer = tree_at(df_u, MUL, {u: inner})
        described = f"outer {to_pretty(f_u)} → {to_pretty(df_u)}"
        return Rule(
            "chain rule",
            e,
            outer_at_inner * child.result,
            (child,),
            also=(name,),
            detail=f"{described}, times the derivative of the inner {to_pretty(inner)}",
            plan=_times(outer, self.d(inner)),
            working=_times(outer, tree_at(child.result, MUL)),
            outer=(u, df_u),
            inner=inner,
        )


@functools.lru_cache(maxsize=256)
def differentiate(text: str, var: str = "x", partial: bool = False) -> Rule:
    """The rule tree for d(text)/d(var); text is parsed by our own parser (cached)."""
    import sympy

    return _Differentiator(sympy.Symbol(var), partial).rule(parse(text, "f"))


def rule_steps(rule: Rule, var: str, partial: bool = False) -> list[Step]:
    """The working of a rule tree, top down: split, the parts, then put together."""
    return list(_rule_steps(rule, var, partial))


@functools.lru_cache(maxsize=256)
def _rule_steps(rule: Rule, var: str, partial: bool) -> tuple[Step, ...]:
    import sympy

    dz = _Differentiator(sympy.Symbol(var), partial)
    steps = _steps(rule, dz)
    if len(steps) > MAX_RULE_STEPS:
        skipped = len(steps) - MAX_RULE_STEPS + 1
        gap = Seq((Dots(), Text(f"{skipped} more steps"), Dots()), sep=" ")
        steps = [
            *steps[: MAX_RULE_STEPS - 2],
            Step(math=gap, note="working shortened"),
            steps[-1],
        ]
    return tuple(steps)


def equation(first: Node, *sides: Node | None, approx: bool = False) -> Rel:
    """first = a = b, a side printed like the one before it left out (2x = 2x is no step).
    With `approx`, a last rounded number is written ≈ 0.3333."""
    kept = [first]
    for side in sides:
        if side is not None and to_text(side) != to_text(kept[-1]):
            kept.append(side)
    signs = ["=" for _ in kept[1:]]
    last = kept[-1]
    if approx and len(kept) > 1 and isinstance(last, Num) and not last.exact():
        signs[-1] = "≈"
    return Rel(first, tuple(zip(signs, kept[1:], strict=True)))


def _steps(rule: Rule, dz: _Differentiator) -> list[Step]:
    head = dz.d(rule.expr)
    note = rule.note
    if rule.name == "constant rule" and rule.expr.free_symbols:
        held = ", ".join(str(s) for s in variables(rule.expr))
        note = f"constant rule: {held} held constant"
    final = Step(
        math=equation(head, rule.working, to_tree(rule.result)),
        note=note if not rule.parts else f"{rule.name}: put the parts together",
    )
    if not rule.parts:
        return [final]
    steps = [Step(math=equation(head, rule.plan), note=note)]
    for part in rule.parts:
        steps.extend(_steps(part, dz))
    steps.append(final)
    return steps
