"""Calculus (part 3): derivatives, partials, gradients, gradient descent, least squares.

Derivatives come from our own rule-based differentiator (in the spirit of sympy's
manualintegrate): each rule applied is recorded, so the working can name it — power,
sum, product, quotient, chain… sympy only does the algebra on trees our parser built.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from .explanation import Explanation, Step
from .expressions import (
    Printer,
    custom_functions,
    evaluate,
    exact,
    is_variable_name,
    numeric,
    parse,
    to_latex,
    to_pretty,
    to_text,
    variables,
)
from .inputs import MAX_ABS, MAX_GD_STEPS, Args, Expression, InputError, Matrix, Number, Vector
from .notation import lmat, lnum, lsigned, lvec, mat, num, signed, vec
from .registry import operation

# Working longer than this is cut in the middle; the result is always complete.
MAX_RULE_STEPS = 60
# Gradient descent stops once |x| passes this: the learning rate is too large.
DIVERGED = 1e12
# Iterations written out at the start of a gradient-descent run (then the last one).
SHOWN_ITERATIONS = 3
# Rows of a long design matrix shown in the working.
SHOWN_ROWS = 6


# ---------------------------------------------------------------- argument types


def _to_variable(x: Any) -> str:
    if not isinstance(x, str) or not is_variable_name(x.strip()):
        raise PydanticCustomError(
            "mathforai", f"expected a variable name such as x or y, got {x!r}"
        )
    return x.strip()


def _to_point(x: Any) -> dict[str, float]:
    if not isinstance(x, Mapping):
        raise PydanticCustomError(
            "mathforai", 'expected an object of variable values, such as {"x": 2, "y": 3}'
        )
    point: dict[str, float] = {}
    for name, value in x.items():
        key = _to_variable(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PydanticCustomError("mathforai", f"the value of {key} must be a number")
        if not math.isfinite(value) or abs(value) > MAX_ABS:
            raise PydanticCustomError(
                "mathforai", f"the value of {key} must be finite and at most {MAX_ABS:.0e}"
            )
        point[key] = float(value)
    return point


def _to_step_count(x: Any) -> int:
    ok = not isinstance(x, bool) and isinstance(x, int | float) and float(x).is_integer()
    if not ok or not 1 <= x <= MAX_GD_STEPS:
        raise PydanticCustomError(
            "mathforai", f"must be a whole number from 1 to {MAX_GD_STEPS:,}; got {x!r}"
        )
    return int(x)


Variable = Annotated[
    str, BeforeValidator(_to_variable), Field(description="a variable name, such as x")
]
Point = Annotated[
    dict[str, float],
    BeforeValidator(_to_point),
    Field(description='values for every variable, such as {"x": 2, "y": 3}'),
]
StepCount = Annotated[
    int,
    BeforeValidator(_to_step_count),
    Field(description=f"a whole number of steps from 1 to {MAX_GD_STEPS:,}"),
]


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


# ---------------------------------------------------------------- evaluating at a point


def _point_text(point: Mapping[Any, float]) -> tuple[str, str]:
    items = list(point.items())
    text = ", ".join(f"{s} = {num(v)}" for s, v in items)
    latex = r",\ ".join(f"{to_latex(s)} = {lnum(v)}" for s, v in items)
    return text, latex


# Values are computed in floats (the bounded evaluator): past this they overflow.
_TOO_LARGE = "too large to represent (over 1.8e308, the float range)"


def _value(expr: Any, point: Mapping[Any, float], what: str) -> float:
    """expr at point as a float, or an InputError on `at` saying why it has no value."""
    where = _point_text(point)[0]
    value = evaluate(expr, point)
    if value is None:
        raise InputError(
            "at",
            f"{what} is undefined at {where} (a division by zero, or a root or log "
            "of a negative number)",
        )
    if not math.isfinite(value):
        raise InputError("at", f"{what} at {where} is {_TOO_LARGE}")
    return value


def _value_step(
    label: tuple[str, str], expr: Any, point: Mapping[Any, float], value: float
) -> Step:
    subs = {s: exact(v) for s, v in point.items()}
    return Step(
        _equation(label[0], to_pretty(expr, subs), num(value)),
        _equation(label[1], to_latex(expr, subs), lnum(value)),
        "substitute the point",
    )


def _check_point(expr: Any, at: Mapping[str, float]) -> dict[Any, float]:
    names = [str(s) for s in variables(expr)]
    missing = [n for n in names if n not in at]
    if missing:
        raise InputError(
            "at",
            f"at must give a value for every variable of f: missing {', '.join(missing)} "
            f"(f uses {', '.join(names)})",
        )
    return {s: at[str(s)] for s in variables(expr)}


def _only_x(expr: Any, op: str) -> Any:
    import sympy

    x = sympy.Symbol("x")
    others = [str(s) for s in variables(expr) if s != x]
    if others:
        raise InputError(
            "f",
            f"{op} works with functions of x only; f also uses {', '.join(others)}. "
            "For several variables use partial (one variable) or gradient (all of them)",
        )
    return x


# ---------------------------------------------------------------- derivative


class DerivativeArgs(Args):
    f: Expression
    at: Number | None = None


@operation(
    "derivative",
    DerivativeArgs,
    topic="3.1",
    summary="Derivative of f(x), naming each rule: power, sum, product, quotient, chain…",
    example={"f": "3*x^3 + 2*x^2 + 5*x + 7", "at": 1},
)
def derivative(a: DerivativeArgs) -> Explanation:
    x = _only_x(parse(a.f, "f"), "derivative")
    rule = differentiate(a.f, "x")
    steps = rule_steps(rule, "x")
    value = None
    notes = [f"f'(x) = {to_pretty(rule.result)} is the slope of f at every x."]
    if a.at is not None:
        _value(rule.expr, {x: a.at}, "f")
        value = _value(rule.result, {x: a.at}, "f'(x)")
        label = (f"f'({num(a.at)})", f"f'({lnum(a.at)})")
        if rule.name == "chain rule":
            steps.append(_chain_at_point(rule, x, a.at, value))
        steps.append(_value_step(label, rule.result, {x: a.at}, value))
        notes.append(
            f"At x = {num(a.at)} the slope is {num(value)}: nudging x by a small h "
            f"changes f by about {num(value)}·h."
        )
        if value == 0:
            notes.append("A zero slope: a flat spot — a minimum, a maximum or a plateau.")
    return Explanation(
        "derivative",
        a.model_dump(),
        {"derivative": to_text(rule.result), "value": value},
        steps,
        notes,
    )


def _chain_at_point(rule: Rule, x: Any, at: float, value: float) -> Step:
    """The seed's way to read a chain rule: inner value, outer slope there, times inner slope."""
    assert rule.outer is not None
    u, df_u = rule.outer
    inner_value = _value(rule.inner, {x: at}, "the inner function")
    inner_slope = _value(rule.parts[0].result, {x: at}, "the inner derivative")
    outer_shown = {
        "pretty": to_pretty(df_u, {u: exact(inner_value)}),
        "latex": to_latex(df_u, {u: exact(inner_value)}),
    }
    return Step(
        f"at x = {num(at)} the inner {to_pretty(rule.inner)} = {num(inner_value)}, so "
        f"f'({num(at)}) = {outer_shown['pretty']}·{signed(inner_slope)} = {num(value)}",
        rf"{to_latex(rule.inner)} = {lnum(inner_value)},\quad "
        rf"f'({lnum(at)}) = {outer_shown['latex']} \cdot {lsigned(inner_slope)} = {lnum(value)}",
        "chain rule at a point: outer slope × inner slope",
    )


# ---------------------------------------------------------------- partial, gradient


class PartialArgs(Args):
    f: Expression
    var: Variable
    at: Point | None = None


@operation(
    "partial",
    PartialArgs,
    topic="3.3",
    summary="Partial derivative of f with respect to one variable, the others held constant.",
    example={"f": "x^2 + 3*y + x*y", "var": "x", "at": {"x": 2, "y": 3}},
)
def partial(a: PartialArgs) -> Explanation:
    import sympy

    expr = parse(a.f, "f")
    var = sympy.Symbol(a.var)
    point = _check_point(expr, a.at) if a.at is not None else None
    rule = differentiate(a.f, a.var, True)
    others = [str(s) for s in variables(expr) if s != var]
    steps = []
    if others:
        held = ", ".join(others)
        steps.append(
            Step(
                f"hold {held} constant; differentiate in {a.var} only",
                rf"\text{{hold }} {held} \text{{ constant}}",
                "partial derivative",
            )
        )
    steps.extend(rule_steps(rule, a.var, partial=True))
    notes = [f"∂f/∂{a.var} = {to_pretty(rule.result)}: the slope of f along {a.var} alone."]
    if var not in expr.free_symbols:
        notes.append(f"f does not contain {a.var}, so it does not change along {a.var}.")
    value = None
    if point is not None:
        value = _value(rule.result, point, f"∂f/∂{a.var}")
        where = _point_text(point)
        steps.append(
            _value_step(
                (
                    f"∂f/∂{a.var} at ({where[0]})",
                    rf"\frac{{\partial f}}{{\partial {a.var}}}({where[1]})",
                ),
                rule.result,
                point,
                value,
            )
        )
        notes.append(f"At ({where[0]}) f rises {num(value)} per unit step in {a.var}.")
    return Explanation(
        "partial", a.model_dump(), {"partial": to_text(rule.result), "value": value}, steps, notes
    )


class GradientArgs(Args):
    f: Expression
    at: Point


@operation(
    "gradient",
    GradientArgs,
    topic="3.4",
    summary="Gradient: the vector of all partial derivatives, the direction of steepest ascent.",
    example={"f": "x^2 + y^2", "at": {"x": 3, "y": 4}},
)
def gradient(a: GradientArgs) -> Explanation:
    expr = parse(a.f, "f")
    names = variables(expr)
    if not names:
        raise InputError("f", "f has no variables, so it has no gradient; use x, y, … in f")
    point = _check_point(expr, a.at)
    where = _point_text(point)
    steps: list[Step] = []
    values: list[float] = []
    partials = []
    for var in names:
        rule = differentiate(a.f, str(var), True)
        steps.extend(rule_steps(rule, str(var), partial=True))
        value = _value(rule.result, point, f"∂f/∂{var}")
        steps.append(
            _value_step(
                (f"∂f/∂{var} at ({where[0]})", rf"\frac{{\partial f}}{{\partial {var}}}"),
                rule.result,
                point,
                value,
            )
        )
        values.append(value)
        partials.append(rule.result)
    labels = ", ".join(f"∂f/∂{v}" for v in names)
    steps.append(
        Step(
            f"∇f = [{labels}] = [{', '.join(to_pretty(p) for p in partials)}] = {vec(values)}",
            r"\nabla f = " + lvec(values),
            "collect the partial derivatives in order " + ", ".join(map(str, names)),
        )
    )
    return Explanation("gradient", a.model_dump(), values, steps, _gradient_notes(values))


def _gradient_notes(values: list[float]) -> list[str]:
    size = math.sqrt(sum(g * g for g in values))
    if size == 0:
        return [
            "∇f = 0: a flat point (a minimum, a maximum or a saddle); no direction is downhill."
        ]
    downhill = vec([-g if g else 0.0 for g in values])
    return [
        f"∇f points in the direction of steepest increase; its length {num(size)} is that "
        "steepest slope.",
        f"-∇f = {downhill} points downhill (steepest decrease): gradient descent steps that way.",
    ]


# ---------------------------------------------------------------- gradient descent


class GdStepArgs(Args):
    w: Number
    lr: Number
    grad: Number


def _positive_lr(lr: float) -> None:
    if lr <= 0:
        raise InputError(
            "lr", f"the learning rate lr must be positive (such as 0.1); got {num(lr)}"
        )


@operation(
    "gd_step",
    GdStepArgs,
    topic="3.5",
    summary="One gradient-descent update: w_new = w - lr·grad.",
    example={"w": 5, "lr": 0.1, "grad": 3},
)
def gd_step(a: GdStepArgs) -> Explanation:
    _positive_lr(a.lr)
    move = a.lr * a.grad
    new = a.w - move
    steps = [
        Step(
            f"w_new = w - α·grad = {num(a.w)} - {num(a.lr)}·{signed(a.grad)}",
            rf"w_{{new}} = w - \alpha \cdot \nabla = {lnum(a.w)} - "
            rf"{lnum(a.lr)} \cdot {lsigned(a.grad)}",
            "step against the gradient, scaled by the learning rate α",
        ),
        Step(
            f"= {num(a.w)} - {signed(move)} = {num(new)}",
            f"= {lnum(a.w)} - {lsigned(move)} = {lnum(new)}",
            "the step is α·grad",
        ),
    ]
    if a.grad == 0:
        note = "The gradient is 0: a flat point, so w does not move."
    else:
        way = "down" if a.grad > 0 else "up"
        note = (
            f"w moved {way} by {num(abs(move))}: against the gradient, toward lower loss. "
            "Next: compute the gradient at the new w and repeat."
        )
    return Explanation("gd_step", a.model_dump(), new, steps, [note])


class GradientDescentArgs(Args):
    f: Expression
    start: Number
    lr: Number
    steps: StepCount


@operation(
    "gradient_descent",
    GradientDescentArgs,
    topic="3.5",
    summary="Gradient descent on f(x): repeat x ← x - lr·f'(x) and watch where it goes.",
    example={"f": "x^2", "start": 6, "lr": 0.1, "steps": 20},
)
def gradient_descent(a: GradientDescentArgs) -> Explanation:
    x = _only_x(parse(a.f, "f"), "gradient_descent")
    _positive_lr(a.lr)
    rule = differentiate(a.f, "x")
    at_start = evaluate(rule.expr, {x: a.start})
    if at_start is None or math.isinf(at_start):
        what = "undefined" if at_start is None else _TOO_LARGE
        raise InputError("start", f"f at the start x = {num(a.start)} is {what}")
    slope = numeric(rule.result, [x])
    path, slopes, stop = _descend(slope, a.start, a.lr, a.steps)
    steps = _descent_steps(rule, a.lr, path, slopes)
    notes = _descent_notes(path, slopes, a.lr, a.steps, stop)
    result = {"path": path, "final": path[-1]}
    return Explanation("gradient_descent", a.model_dump(), result, steps, notes)


def _descend(
    slope: Callable[..., float], start: float, lr: float, count: int
) -> tuple[list[float], list[float], str]:
    """Run the updates; stop early when f' is undefined or x runs away."""
    path = [start]
    slopes: list[float] = []
    x = start
    for _ in range(count):
        try:
            g = float(slope(x))
        except OverflowError:
            g = math.inf
        except (ArithmeticError, ValueError, TypeError):
            g = math.nan
        if not math.isfinite(g):
            if not slopes:
                what = _TOO_LARGE if math.isinf(g) else "undefined"
                raise InputError("start", f"f'(x) at the start x = {num(start)} is {what}")
            return path, slopes, "undefined"
        slopes.append(g)
        x = x - lr * g
        if not math.isfinite(x) or abs(x) > DIVERGED:
            return path, slopes, "diverged"
        path.append(x)
    return path, slopes, ""


def _descent_steps(rule: Rule, lr: float, path: list[float], slopes: list[float]) -> list[Step]:
    d_text, d_latex = to_pretty(rule.result), to_latex(rule.result)
    steps = [
        Step(f"f'(x) = {d_text}", f"f'(x) = {d_latex}", "the derivative (see derivative)"),
        Step(
            f"x_(k+1) = x_k - {num(lr)}·f'(x_k)",
            rf"x_{{k+1}} = x_k - {lnum(lr)} \cdot f'(x_k)",
            "the update rule: step against the slope",
        ),
    ]
    shown = list(range(min(SHOWN_ITERATIONS, len(path) - 1)))
    if len(path) - 1 > SHOWN_ITERATIONS:
        shown.append(len(path) - 2)
    for k in shown:
        if k == shown[-1] and len(shown) > SHOWN_ITERATIONS:
            steps.append(Step("…", r"\dots", f"{k - SHOWN_ITERATIONS + 1} more updates"))
        steps.append(
            Step(
                f"x_{k + 1} = {num(path[k])} - {num(lr)}·{signed(slopes[k])} = {num(path[k + 1])}",
                rf"x_{{{k + 1}}} = {lnum(path[k])} - {lnum(lr)} \cdot {lsigned(slopes[k])} "
                rf"= {lnum(path[k + 1])}",
                f"f'({num(path[k])}) = {num(slopes[k])}",
            )
        )
    return steps


def _descent_notes(
    path: list[float], slopes: list[float], lr: float, count: int, stop: str
) -> list[str]:
    notes = []
    if stop == "diverged":
        notes.append(
            f"Diverged: after {len(slopes)} updates |x| passed {DIVERGED:.0e} and the run was "
            f"stopped. The learning rate {num(lr)} is too large for this function."
        )
        return notes
    if stop == "undefined":
        notes.append(
            f"Stopped after {len(path) - 1} updates: f'(x) is undefined at x = {num(path[-1])}."
        )
    moves = [b - a for a, b in itertools.pairwise(path)]
    flips = sum(1 for m1, m2 in itertools.pairwise(moves) if m1 * m2 < 0)
    growing = (
        len(moves) >= 2 and abs(moves[-1]) > abs(moves[0]) and abs(slopes[-1]) > abs(slopes[0])
    )
    if growing:
        notes.append(
            f"Diverging: each step is larger than the last (|x| grew from {num(abs(path[0]))} "
            f"to {num(abs(path[-1]))}). The learning rate {num(lr)} is too large."
        )
    elif abs(slopes[-1]) <= 1e-6 or (moves and abs(moves[-1]) <= 1e-9 * max(1.0, abs(path[-1]))):
        notes.append(f"Converged: the slope is about 0 at x ≈ {num(path[-1])}.")
    elif abs(slopes[-1]) > 0.5 * abs(slopes[0]):
        notes.append(
            f"Crawling: after {len(moves)} steps the slope only fell from {num(abs(slopes[0]))} "
            f"to {num(abs(slopes[-1]))}. The learning rate may be too small "
            "(or the run needs more steps)."
        )
    else:
        notes.append(
            f"Getting closer: the slope fell from {num(abs(slopes[0]))} to "
            f"{num(abs(slopes[-1]))}; more steps would bring x nearer the minimum."
        )
    if flips and flips >= len(moves) // 2:
        notes.append(
            "Oscillating: x jumps from one side of the minimum to the other (the sign of the "
            "step flips) — each step overshoots."
        )
    return notes


# ---------------------------------------------------------------- least squares


class LeastSquaresArgs(Args):
    x: Vector | None = None
    y: Vector
    A: Matrix | None = None


def _rows(a: Sequence[Sequence[float]]) -> tuple[str, str]:
    if len(a) <= SHOWN_ROWS:
        return mat(a), lmat(a)
    head = mat(a[: SHOWN_ROWS - 1])[:-1] + ", …]"
    return head, lmat(a[: SHOWN_ROWS - 1]) + r"\ \dots"


def _short(v: Sequence[float]) -> tuple[str, str]:
    if len(v) <= 2 * SHOWN_ROWS:
        return vec(v), lvec(v)
    return vec(v[:SHOWN_ROWS])[:-1] + ", …]", lvec(v[:SHOWN_ROWS]) + r"\dots"


def _squares_text(residuals: Sequence[float]) -> str:
    squares = [num(r * r) for r in residuals[:8]]
    return " + ".join(squares) + (" + …" if len(residuals) > 8 else "")


def _design(a: LeastSquaresArgs) -> list[list[float]]:
    if (a.x is None) == (a.A is None):
        which = "neither" if a.x is None else "both"
        raise InputError(
            "x" if a.x is None else "A",
            f"give exactly one of x (points, with y) or A (a design matrix); got {which}",
        )
    rows = [[xi, 1.0] for xi in a.x] if a.x is not None else a.A
    assert rows is not None
    source = "x" if a.x is not None else "A"
    if len(rows) != len(a.y):
        what = "numbers" if source == "x" else "rows"
        raise InputError(
            "y", f"{source} has {len(rows)} {what} but y has {len(a.y)}: give one y per point"
        )
    return rows


@operation(
    "least_squares",
    LeastSquaresArgs,
    topic="3.6",
    summary="Least squares: the w that minimises ‖y - Aw‖², by the normal equation.",
    example={"x": [1, 2, 3, 4], "y": [2.0, 3.9, 6.1, 7.8]},
)
def least_squares(a: LeastSquaresArgs) -> Explanation:
    import numpy as np

    rows = _design(a)
    design = np.array(rows, dtype=float)
    y = np.array(a.y, dtype=float)
    n, k = design.shape
    ata = design.T @ design
    aty = design.T @ y
    w, _, rank, _ = np.linalg.lstsq(design, y, rcond=None)
    residuals = y - design @ w
    sse = float(residuals @ residuals)
    steps = _lsq_steps(
        a, rows, ata.tolist(), aty.tolist(), w.tolist(), residuals.tolist(), sse, int(rank)
    )
    notes = _lsq_notes(a, n, k, int(rank), w.tolist(), sse, float(y @ y))
    result = {"w": w.tolist(), "residuals": residuals.tolist(), "sse": sse}
    return Explanation("least_squares", a.model_dump(), result, steps, notes)


def _lsq_steps(
    a: LeastSquaresArgs,
    rows: list[list[float]],
    ata: list[list[float]],
    aty: list[float],
    w: list[float],
    residuals: list[float],
    sse: float,
    rank: int,
) -> list[Step]:
    shown = _rows(rows)
    why = "each row is [xᵢ, 1]: slope and intercept" if a.x is not None else "the design matrix"
    steps = [
        Step(f"A = {shown[0]}", f"A = {shown[1]}", why),
        Step(f"AᵀA = {mat(ata)}", rf"A^\top A = {lmat(ata)}", "multiply A by its transpose"),
        Step(f"Aᵀy = {vec(aty)}", rf"A^\top y = {lvec(aty)}", "multiply y by Aᵀ"),
    ]
    k = len(ata)
    if rank < k:
        steps.append(
            Step(
                f"AᵀA·w = Aᵀy has many solutions (rank {rank} < {k}); minimum-norm w = {vec(w)}",
                rf"A^\top A\, w = A^\top y \Rightarrow w = {lvec(w)}",
                "AᵀA is singular: lstsq returns the solution with the smallest ‖w‖",
            )
        )
    else:
        steps.append(
            Step(
                f"solve AᵀA·w = Aᵀy: w = (AᵀA)⁻¹Aᵀy = {vec(w)}",
                rf"w = (A^\top A)^{{-1}} A^\top y = {lvec(w)}",
                "the normal equation (solved stably by numpy.linalg.lstsq)",
            )
        )
    r = _short(residuals)
    steps.append(
        Step(f"r = y - Aw = {r[0]}", f"r = y - Aw = {r[1]}", "residuals: actual - predicted")
    )
    steps.append(
        Step(
            f"SSE = Σ rᵢ² = {_squares_text(residuals)} = {num(sse)}",
            rf"\sum r_i^2 = {lnum(sse)}",
            "the sum of squared residuals that least squares minimises",
        )
    )
    return steps


def _lsq_notes(
    a: LeastSquaresArgs, n: int, k: int, rank: int, w: list[float], sse: float, scale: float
) -> list[str]:
    notes = []
    if a.x is not None:
        notes.append(f"Best-fit line: y ≈ {num(w[0])}·x + {signed(w[1])} (w = [slope, intercept]).")
    if n > k:
        notes.append(
            f"{n} equations and {k} unknowns: the system is overdetermined, so it has no exact "
            "solution unless the points happen to be collinear; least squares picks the w "
            "with the smallest sum of squared residuals."
        )
    elif n < k:
        notes.append(f"Only {n} equations for {k} unknowns: many w fit exactly.")
    if rank < k:
        notes.append(
            f"AᵀA is singular (rank {rank} < {k}): the columns of A are dependent, so many w "
            "give the same fit; numpy.linalg.lstsq returns the minimum-norm solution."
        )
    if sse <= 1e-20 * max(1.0, scale):
        notes.append("The fit is exact (SSE = 0): the points lie on one line.")
    return notes


class ResidualsArgs(Args):
    x: Vector
    y: Vector
    w: Vector


@operation(
    "residuals",
    ResidualsArgs,
    topic="3.6",
    summary="Residuals of the line w = [slope, intercept]: actual - predicted, and their SSE.",
    example={"x": [1, 2, 3, 4], "y": [2.0, 3.9, 6.1, 7.8], "w": [2.0, 0.1]},
)
def residuals(a: ResidualsArgs) -> Explanation:
    if len(a.w) != 2:
        raise InputError("w", f"w must be [slope, intercept] (2 numbers); got {len(a.w)}")
    if len(a.x) != len(a.y):
        raise InputError(
            "y", f"x has {len(a.x)} numbers but y has {len(a.y)}: give one y per point"
        )
    slope, intercept = a.w
    predictions = [slope * xi + intercept for xi in a.x]
    res = [yi - pi for yi, pi in zip(a.y, predictions, strict=True)]
    sse = sum(r * r for r in res)
    p, r = _short(predictions), _short(res)
    steps = [
        Step(
            f"ŷ = {num(slope)}·x + {signed(intercept)} = {p[0]}",
            rf"\hat y = {lnum(slope)}x + {lsigned(intercept)} = {p[1]}",
            "predictions of the line",
        ),
        Step(f"r = y - ŷ = {r[0]}", rf"r = y - \hat y = {r[1]}", "residual = actual - predicted"),
        Step(
            f"Σ rᵢ² = {_squares_text(res)} = {num(sse)}",
            rf"\sum r_i^2 = {lnum(sse)}",
            "sum of squared residuals",
        ),
    ]
    notes = [
        "A positive residual means the point lies above the line; negative, below.",
        "least_squares finds the w that makes this sum as small as possible.",
    ]
    result = {"predictions": predictions, "residuals": res, "sse": sse}
    return Explanation("residuals", a.model_dump(), result, steps, notes)


__all__ = [
    "Rule",
    "derivative",
    "differentiate",
    "gd_step",
    "gradient",
    "gradient_descent",
    "least_squares",
    "partial",
    "residuals",
    "rule_steps",
]
