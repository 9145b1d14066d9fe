"""Writing a sympy expression back out: our input syntax, pretty text, or LaTeX.

`to_text` gives the form results are returned in, parseable again by expressions.parse;
`to_pretty`/`to_latex` are for reading in the steps (numbers rounded).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from .notation import lnum, num

_ADD, _MUL, _POW, _ATOM = 1, 2, 3, 4
_SUPER = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_NAMES = {
    # function: (plain, pretty, latex)
    "exp": ("exp", "exp", r"\exp"),
    "log": ("log", "ln", r"\ln"),
    "sin": ("sin", "sin", r"\sin"),
    "cos": ("cos", "cos", r"\cos"),
    "tanh": ("tanh", "tanh", r"\tanh"),
    "sigmoid": ("sigmoid", "σ", r"\sigma"),
    "relu": ("relu", "relu", r"\mathrm{ReLU}"),
    "Heaviside": ("step", "step", r"\mathrm{step}"),
}


class Printer:
    """Writes a sympy expression in one of three styles.

    plain:  our input syntax, full precision, parseable again (9*x^2 + 4*x + 5);
    pretty: for reading in steps (9x² + 4x + 5), numbers rounded;
    latex:  the LaTeX twin of pretty.
    `subs` prints a symbol as another expression (a chain rule's inner function, or a
    number substituted for x), bracketed as its place needs.
    """

    def __init__(self, style: str = "plain", subs: Mapping[Any, Any] | None = None) -> None:
        self.style = style
        self.subs = dict(subs or {})

    def __call__(self, expr: Any, prec: int = 0) -> str:
        text, own = self.print(expr)
        return self.paren(text) if own < prec else text

    def paren(self, text: str) -> str:
        return rf"\left({text}\right)" if self.style == "latex" else f"({text})"

    @property
    def times(self) -> str:
        return {"plain": "*", "pretty": "·", "latex": r" \cdot "}[self.style]

    def print(self, e: Any) -> tuple[str, int]:
        """(text, precedence) of e; without substitutions the answer is cached."""
        import sympy

        if isinstance(e, int | float):
            e = sympy.Integer(e) if isinstance(e, int) else sympy.Float(e)
        if not self.subs:
            return _print_cached(self.style, e)
        if e in self.subs:
            return self.print(self.subs[e])
        return self.print_uncached(e)

    def print_uncached(self, e: Any) -> tuple[str, int]:
        import sympy

        if e.is_Number:
            return self.number(e)
        if e is sympy.E:
            return ("e", _ATOM)
        if e is sympy.pi:
            return ({"plain": "pi", "pretty": "π", "latex": r"\pi"}[self.style], _ATOM)
        if e.is_Symbol:
            return (self.symbol(e.name), _ATOM)  # a Dummy's name has no leading "_"
        if e.is_Add:
            return self.add(e)
        if e.is_Mul:
            return self.mul(e)
        if e.is_Pow:
            return self.pow(e)
        name = type(e).__name__
        if name in _NAMES:
            return self.function(name, e.args[0])
        return (str(e).replace("**", "^"), _ATOM)

    def symbol(self, name: str) -> str:
        if self.style == "latex" and len(name) > 1:
            return f"{name[0]}_{{{name[1:]}}}"
        return name

    def number(self, e: Any) -> tuple[str, int]:
        if e.is_Integer:
            return (str(int(e)), _ADD if e.is_negative else _ATOM)
        if e.is_Rational:
            p, q = int(e.p), int(e.q)
            if self.style == "latex":
                text = rf"\frac{{{abs(p)}}}{{{q}}}"
                return ("-" + text, _ADD) if p < 0 else (text, _ATOM)
            return (f"{p}/{q}", _ADD if p < 0 else _MUL)
        x = float(e)
        if self.style == "plain":
            text = str(int(x)) if x.is_integer() and abs(x) < 1e15 else format(x, ".15g")
        else:
            text = lnum(x) if self.style == "latex" else num(x)
        own = _ADD if x < 0 else (_MUL if "e" in text or "times" in text else _ATOM)
        return (text, own)

    def add(self, e: Any) -> tuple[str, int]:
        terms = e.as_ordered_terms()
        parts = []
        for i, term in enumerate(terms):
            if _negative(term):
                parts.append(("-" if i == 0 else " - ") + self(-term, _MUL))
            else:
                parts.append(("" if i == 0 else " + ") + self(term, _ADD))
        return ("".join(parts), _ADD)

    def mul(self, e: Any) -> tuple[str, int]:
        negative, numer, denom = split_product(e)
        text = self.product(numer, alone=bool(denom) and self.style == "latex")
        if denom:
            text = self.fraction(text, numer, denom)
        return ("-" + text, _ADD) if negative else (text, _MUL)

    def product(self, factors: list[Any], alone: bool = False) -> str:
        """Factors joined by the style's times; `alone` drops brackets a \\frac does not need."""
        if alone and len(factors) == 1:
            return self(factors[0])
        out = ""
        for i, f in enumerate(factors):
            text = self(f, _MUL)
            if i == 0:
                out = text
            elif (
                self.style != "plain"
                and factors[i - 1].is_Number
                and not self.is_number(f)
                and _starts_word(text)
            ):
                out += (" " if self.style == "latex" else "") + text  # 3x, 2(x + 1)
            else:
                out += self.times + text
        return out

    def is_number(self, e: Any) -> bool:
        """A number once substituted: 9·(-2)², never 9(-2)²."""
        if e.is_Number:
            return True
        symbols = e.free_symbols
        return bool(symbols) and all(getattr(self.subs.get(s), "is_Number", False) for s in symbols)

    def fraction(self, numer_text: str, numer: list[Any], denom: list[Any]) -> str:
        if self.style == "latex":
            return rf"\frac{{{numer_text}}}{{{self.product(denom, alone=True)}}}"
        if len(denom) == 1:
            return f"{numer_text}/{self(denom[0], _POW)}"
        return f"{numer_text}/{self.paren(self.product(denom))}"

    def pow(self, e: Any) -> tuple[str, int]:
        import sympy

        base, exponent = e.args
        if exponent.is_Number and exponent.is_negative:
            return self.mul(sympy.Mul(1, e, evaluate=False))
        if exponent == sympy.Rational(1, 2):
            return self.sqrt(base)
        base_text = self(base, _ATOM)
        if self.style == "latex":
            return (f"{base_text}^{{{self(exponent)}}}", _POW)
        if self.style == "pretty" and exponent.is_Integer:
            return (base_text + str(int(exponent)).translate(_SUPER), _POW)
        plain_exponent = exponent.is_Symbol or (exponent.is_Integer and exponent >= 0)
        exp_text = self(exponent) if plain_exponent else self.paren(self(exponent))
        return (f"{base_text}^{exp_text}", _POW)

    def sqrt(self, base: Any) -> tuple[str, int]:
        if self.style == "latex":
            return (rf"\sqrt{{{self(base)}}}", _ATOM)
        if self.style == "plain":
            return (f"sqrt({self(base)})", _ATOM)
        return ("√" + self(base, _ATOM), _ATOM)  # √x, √(x + 1)

    def function(self, name: str, arg: Any) -> tuple[str, int]:
        plain, pretty, latex = _NAMES[name]
        if self.style == "latex":
            if name == "exp":
                return (f"e^{{{self(arg)}}}", _POW)
            return (rf"{latex}\left({self(arg)}\right)", _ATOM)
        shown = plain if self.style == "plain" else pretty
        return (f"{shown}({self(arg)})", _ATOM)


@functools.lru_cache(maxsize=4096)
def _print_cached(style: str, e: Any) -> tuple[str, int]:
    # sympy expressions are immutable and hashable; 0.5 and 1/2 are distinct keys.
    return Printer(style).print_uncached(e)


def _negative(term: Any) -> bool:
    coeff = term.as_coeff_Mul()[0]
    return bool(coeff.is_Number and coeff.is_negative)


def _starts_word(text: str) -> bool:
    """Juxtapose a coefficient only before a letter or bracket: 3x, never 31²."""
    if text[:1].isalpha():
        return not text[1:2].isalpha()  # x, x², w1 — but 3·sin(x), not 3sin(x)
    return text.startswith(("(", "√", r"\left(", r"\sqrt"))


def split_product(e: Any) -> tuple[bool, list[Any], list[Any]]:
    """A product as (negative, numerator factors, denominator factors): negative powers
    and a rational coefficient's denominator go below the line; both printers use it."""
    import sympy

    coeff, rest = e.as_coeff_Mul()
    negative = bool(coeff.is_negative)
    coeff = -coeff if negative else coeff
    numer: list[Any] = []
    denom: list[Any] = []
    for f in sympy.Mul.make_args(rest):
        if f.is_Pow and f.exp.is_Number and f.exp.is_negative:
            denom.append(sympy.Pow(f.base, -f.exp))
        elif f != 1:
            numer.append(f)
    if coeff.is_Rational and not coeff.is_Integer:
        denom.insert(0, sympy.Integer(coeff.q))
        coeff = sympy.Integer(coeff.p)
    if coeff != 1 or not numer:
        numer.insert(0, coeff)
    return negative, numer, denom


def to_text(expr: Any) -> str:
    """Our input syntax (x^2, 3*x), parseable again: the form results are given in."""
    return Printer("plain")(expr)


def to_pretty(expr: Any, subs: Mapping[Any, Any] | None = None) -> str:
    """For reading in steps: 9x² + 4x + 5."""
    return Printer("pretty", subs)(expr)


def to_latex(expr: Any, subs: Mapping[Any, Any] | None = None) -> str:
    return Printer("latex", subs)(expr)
