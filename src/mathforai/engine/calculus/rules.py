"""The differentiator: each rule applied is recorded so the working can name it."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..explanation import Step
from ..expressions import (
    Printer,
    custom_functions,
    parse,
    to_latex,
    to_pretty,
    variables,
)
from .argtypes import MAX_RULE_STEPS

# ---------------------------------------------------------------- the differentiator


@dataclass(frozen=True)
class Rule:
    """One application of a differentiation rule, with the rules its parts needed.

    `plan` is the split into the parts' derivatives, `working` the combination before
    simplifying (text, latex). For a chain rule, `outer` is (u, f'(u)) and `inner` g(x).
    """

    name: str
    expr: Any
    result: Any
    parts: tuple[Rule, ...] = ()
    also: tuple[str, ...] = ()
    detail: str = ""
    plan: tuple[str, str] | None = None
    working: tuple[str, str] | None = None
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


def _styles(build: Callable[[str], str]) -> tuple[str, str]:
    return (build("pretty"), build("latex"))


def _show(e: Any, style: str, prec: int = 0, subs: Mapping[Any, Any] | None = None) -> str:
    return Printer(style, subs)(e, prec)


def _times(style: str) -> str:
    return r" \cdot " if style == "latex" else "·"


def _signed_sum(exprs: Sequence[Any], style: str) -> str:
    """a + b - c, bracketing a part that is itself a sum."""
    out = ""
    for i, e in enumerate(exprs):
        coeff = e.as_coeff_Mul()[0]
        if i and not e.is_Add and coeff.is_Number and coeff.is_negative:
            out += " - " + _show(-e, style, 2)
        else:
            out += (" + " if i else "") + _show(e, style, 2 if i else 0)
    return out


_RULE_DETAILS = {
    "sigmoid rule": "σ'(u) = σ(u)(1 - σ(u))",
    "relu rule": "slope 1 where u > 0 and 0 where u < 0 (taken as 0 at u = 0)",
    "step rule": "flat on both sides of 0 (no slope at u = 0 itself)",
    "tanh rule": "tanh'(u) = 1 - tanh²(u)",
    "log rule": "ln'(u) = 1/u",
}


class _Differentiator:
    def __init__(self, var: Any, partial: bool) -> None:
        self.var = var
        self.partial = partial

    def d(self, e: Any, style: str) -> str:
        """d/dx(e) or ∂/∂x(e)."""
        v = str(self.var)
        if style == "latex":
            op = rf"\frac{{\partial}}{{\partial {v}}}" if self.partial else rf"\frac{{d}}{{d{v}}}"
            return rf"{op}\left({_show(e, style)}\right)"
        return f"{'∂/∂' if self.partial else 'd/d'}{v}({_show(e, style)})"

    def rule(self, e: Any) -> Rule:
        import sympy

        v = self.var
        if not e.has(v):
            return Rule("constant rule", e, sympy.Integer(0))
        if e == v:
            return Rule("power rule", e, sympy.Integer(1), working=_styles(self._x_to_zero))
        if e.is_Add:
            return self.sum(e)
        if e.is_Mul:
            return self.product(e)
        if e.is_Pow:
            return self.power(e)
        return self.function(e)

    def _x_to_zero(self, style: str) -> str:
        zero = "⁰" if style == "pretty" else "^{0}"
        return f"1{_times(style)}{self.var}{zero}"

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
            plan=_styles(lambda s: " + ".join(self.d(t, s) for t in terms)),
            working=_styles(lambda s: _signed_sum([p.result for p in parts], s)),
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

        def combine(a: str, b: str, s: str) -> str:
            return f"{a}{_times(s)}{_show(w, s, 2)} + {_show(u, s, 2)}{_times(s)}{b}"

        return Rule(
            "product rule",
            e,
            du.result * w + u * dw.result,
            (du, dw),
            detail="(uw)' = u'w + uw'",
            plan=_styles(lambda s: combine(self.d(u, s), self.d(w, s), s)),
            working=_styles(lambda s: combine(_show(du.result, s, 2), _show(dw.result, s, 2), s)),
        )

    def constant_multiple(self, e: Any, c: Any, inner: Any) -> Rule:
        child = self.rule(inner)
        result = c * child.result

        def times_c(b: str, s: str) -> str:
            return f"{_show(c, s, 2)}{_times(s)}{b}"

        working = _styles(lambda s: times_c(_show(child.result, s, 2), s))
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
            plan=_styles(lambda s: times_c(self.d(inner, s), s)),
            working=working,
        )

    def quotient(self, e: Any, numer: Any, denom: Any) -> Rule:
        import sympy

        dn, dd = self.rule(numer), self.rule(denom)
        square = sympy.Pow(denom, 2, evaluate=False)

        def combine(a: str, b: str, s: str) -> str:
            top = f"{a}{_times(s)}{_show(denom, s, 2)} - {_show(numer, s, 2)}{_times(s)}{b}"
            if s == "latex":
                return rf"\frac{{{top}}}{{{_show(square, s)}}}"
            return f"({top})/{_show(square, s, 3)}"

        return Rule(
            "quotient rule",
            e,
            (dn.result * denom - numer * dd.result) / denom**2,
            (dn, dd),
            detail="(u/v)' = (u'v - uv')/v²",
            plan=_styles(lambda s: combine(self.d(numer, s), self.d(denom, s), s)),
            working=_styles(lambda s: combine(_show(dn.result, s, 2), _show(dd.result, s, 2), s)),
        )

    def power(self, e: Any) -> Rule:
        import sympy

        base, n = e.args
        v = self.var
        u = sympy.Dummy("u")
        if not n.has(v):
            if base == v:
                shown = sympy.Mul(n, sympy.Pow(v, n - 1, evaluate=False), evaluate=False)
                return Rule(
                    "power rule",
                    e,
                    n * v ** (n - 1),
                    detail="xⁿ → n·xⁿ⁻¹",
                    working=_styles(lambda s: _show(shown, s)),
                )
            return self.chain(e, "power rule", u**n, n * u ** (n - 1), u, base)
        if not base.has(v):
            return self.chain(e, "exponential rule", base**u, base**u * sympy.log(base), u, n)
        return self.variable_power(e, base, n)

    def variable_power(self, e: Any, base: Any, n: Any) -> Rule:
        import sympy

        db, dn = self.rule(base), self.rule(n)

        def combine(a: str, b: str, s: str) -> str:
            log_base = _show(sympy.log(base), s, 2)
            over = (
                rf"\frac{{{b}}}{{{_show(base, s)}}}" if s == "latex" else f"{b}/{_show(base, s, 3)}"
            )
            inside = f"{a}{_times(s)}{log_base} + {_show(n, s, 2)}{_times(s)}{over}"
            return f"{_show(e, s, 2)}{_times(s)}{Printer(s).paren(inside)}"

        return Rule(
            "power rule with a variable exponent",
            e,
            e * (dn.result * sympy.log(base) + n * db.result / base),
            (db, dn),
            detail="write u^w = e^(w·ln u), then use the chain and product rules",
            plan=_styles(lambda s: combine(self.d(n, s), self.d(base, s), s)),
            working=_styles(lambda s: combine(_show(dn.result, s, 2), _show(db.result, s, 2), s)),
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
        subs = {u: inner}

        def combine(b: str, s: str) -> str:
            return f"{_show(df_u, s, 2, subs)}{_times(s)}{b}"

        outer = f"outer {to_pretty(f_u)} → {to_pretty(df_u)}"
        return Rule(
            "chain rule",
            e,
            outer_at_inner * child.result,
            (child,),
            also=(name,),
            detail=f"{outer}, times the derivative of the inner {to_pretty(inner)}",
            plan=_styles(lambda s: combine(self.d(inner, s), s)),
            working=_styles(lambda s: combine(_show(child.result, s, 2), s)),
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
        steps = [
            *steps[: MAX_RULE_STEPS - 2],
            Step(f"… {skipped} more steps …", r"\dots", "working shortened"),
            steps[-1],
        ]
    return tuple(steps)


def _equation(*sides: str) -> str:
    out: list[str] = []
    for side in sides:
        if side and (not out or side != out[-1]):
            out.append(side)
    return " = ".join(out)


def _steps(rule: Rule, dz: _Differentiator) -> list[Step]:
    head = _styles(lambda s: dz.d(rule.expr, s))
    result = (to_pretty(rule.result), to_latex(rule.result))
    working = rule.working or ("", "")
    note = rule.note
    if rule.name == "constant rule" and rule.expr.free_symbols:
        held = ", ".join(str(s) for s in variables(rule.expr))
        note = f"constant rule: {held} held constant"
    final = Step(
        _equation(head[0], working[0], result[0]),
        _equation(head[1], working[1], result[1]),
        note if not rule.parts else f"{rule.name}: put the parts together",
    )
    if not rule.parts:
        return [final]
    plan = rule.plan or ("", "")
    steps = [Step(f"{head[0]} = {plan[0]}", f"{head[1]} = {plan[1]}", note)]
    for part in rule.parts:
        steps.extend(_steps(part, dz))
    steps.append(final)
    return steps
