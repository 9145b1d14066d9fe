"""The safe expression parser: user text → sympy, and sympy → our syntax.

A hand-written tokenizer and recursive-descent parser build sympy objects directly, so
nothing a user types ever reaches eval, exec or sympy's own parser. sympy is imported
inside functions: importing the engine stays fast.

Grammar (lowest precedence first)::

    expr    := term (("+" | "-") term)*
    term    := unary (("*" | "/") unary | power)*      # a bare power: implicit product, 3x
    unary   := ("+" | "-") unary | power               # -x^2 is -(x^2)
    power   := primary ("^" unary)?                    # right-associative: 2^3^2 = 2^9
    primary := number | variable | constant | function "(" expr ")" | "(" expr ")"
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .inputs import MAX_ABS, MAX_EXPRESSION, InputError
from .notation import lnum, num

if TYPE_CHECKING:
    from sympy import Basic, Expr, Symbol

FUNCTIONS = ("exp", "log", "ln", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "step")
CONSTANTS = ("e", "pi")
MAX_DEPTH = 50
MAX_EXPONENT = 100
# Numeric powers such as 10^300 are fine; 9^(9^9) would keep sympy busy for minutes.
MAX_POWER_DIGITS = 300
# Products of such powers stay far below Python's 4300-digit limit for printing an int.
MAX_NUMBER_DIGITS = 1000

_VARIABLE = re.compile(r"[A-Za-z][0-9]*")
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<op>\*\*|[-+*/^()])
  | (?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)
    """,
    re.VERBOSE,
)
# Characters people paste from typeset math; each maps to one character, so positions hold.
_LOOKALIKES = str.maketrans({"−": "-", "×": "*", "·": "*", "⋅": "*", "∗": "*"})
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def is_variable_name(name: str) -> bool:
    """A letter optionally followed by digits (x, y, w1), and not a function or constant."""
    return bool(_VARIABLE.fullmatch(name)) and name not in FUNCTIONS and name not in CONSTANTS


def allowed_names() -> str:
    """The names the parser knows, for error messages."""
    return (
        "variables are single letters, optionally with digits (x, y, w1); "
        f"functions are {', '.join(FUNCTIONS)}; constants are e and pi"
    )


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "name", "op" or "end"
    text: str
    pos: int  # 0-based index into the text; messages count from 1


def tokenize(text: str, field: str = "f") -> list[Token]:
    """Split text into tokens; an unknown character is an InputError with its position."""
    source = text.translate(_LOOKALIKES)
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            raise InputError(
                field,
                f"unexpected character {source[pos]!r} at position {pos + 1}{_hint(source[pos])}",
            )
        kind = match.lastgroup or ""
        if kind == "sup":
            tokens.extend(_superscript(match.group(), pos, field))
        elif kind == "op":
            tokens.append(Token("op", "^" if match.group() == "**" else match.group(), pos))
        elif kind != "space":
            tokens.append(Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


def _hint(char: str) -> str:
    if char == ",":
        return " (each function takes one argument; write decimals with a point: 0.5)"
    if char == "=":
        return " (write only the right-hand side: x^2 + 1, not f(x) = x^2 + 1)"
    return ""


def _superscript(sup: str, pos: int, field: str) -> list[Token]:
    """x² reads as x^2: a power sign, an optional minus and the digits."""
    plain = sup.translate(_SUPERSCRIPTS)
    out = [Token("op", "^", pos)]
    if plain.startswith("-"):
        out.append(Token("op", "-", pos))
        plain = plain[1:]
    if not plain:
        raise InputError(field, f"a superscript minus needs digits after it at position {pos + 1}")
    out.append(Token("num", plain, pos + len(sup) - len(plain)))
    return out


# ---------------------------------------------------------------- custom functions


@functools.cache
def custom_functions() -> dict[str, Any]:
    """sigmoid and relu as named sympy functions, so a step can name their rules.

    Built on first use (sympy is imported lazily); the same classes every time.
    """
    import sympy

    class sigmoid(sympy.Function):  # lower case: the name users type and read
        """σ(u) = 1 / (1 + e^(−u))."""

        @classmethod
        def eval(cls, u: Any) -> Any:
            if u.is_Number:
                return sympy.Rational(1, 2) if u.is_zero else 1 / (1 + sympy.exp(-u))
            return None

        def fdiff(self, argindex: int = 1) -> Any:
            s = self.func(self.args[0])
            return s * (1 - s)

        def _eval_rewrite_as_exp(self, u: Any, **kwargs: Any) -> Any:
            return 1 / (1 + sympy.exp(-u))

        def _eval_is_real(self) -> bool | None:
            return self.args[0].is_real

    class relu(sympy.Function):
        """max(0, u); its slope is step(u), taken as 0 at u = 0 (as in PyTorch)."""

        @classmethod
        def eval(cls, u: Any) -> Any:
            if u.is_Number:
                return sympy.Max(0, u)
            return None

        def fdiff(self, argindex: int = 1) -> Any:
            return sympy.Heaviside(self.args[0], 0)

        def _eval_rewrite_as_Max(self, u: Any, **kwargs: Any) -> Any:
            return sympy.Max(0, u)

        def _eval_is_real(self) -> bool | None:
            return self.args[0].is_real

    return {"sigmoid": sigmoid, "relu": relu}


def _apply(name: str, arg: Expr) -> Expr:
    import sympy

    custom = custom_functions()
    if name in custom:
        return custom[name](arg)
    if name == "step":
        return sympy.Heaviside(arg, 0)
    table: dict[str, Callable[[Expr], Expr]] = {
        "exp": sympy.exp,
        "log": sympy.log,
        "ln": sympy.log,
        "sqrt": sympy.sqrt,
        "sin": sympy.sin,
        "cos": sympy.cos,
        "tanh": sympy.tanh,
    }
    return table[name](arg)


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str, field: str) -> None:
        self.text = text
        self.field = field
        self.tokens = tokenize(text, field)
        self.i = 0
        self.depth = 0

    @property
    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind != "end":
            self.i += 1
        return tok

    def at_op(self, *ops: str) -> bool:
        return self.peek.kind == "op" and self.peek.text in ops

    def error(self, message: str) -> InputError:
        return InputError(self.field, message)

    def unexpected(self, tok: Token) -> InputError:
        if tok.kind == "end":
            before = self.tokens[self.i - 1].text if self.i else ""
            after = f" after {before!r}" if before else ""
            return self.error(
                f"the expression ends too early{after}: "
                "expected a number, a variable or '(' at the end"
            )
        hint = ": write * to multiply numbers" if tok.kind == "num" else ""
        return self.error(f"unexpected {tok.text!r} at position {tok.pos + 1}{hint}")

    @contextmanager
    def nested(self, tok: Token) -> Iterator[None]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(
                f"the expression is nested too deeply at position {tok.pos + 1} "
                f"(at most {MAX_DEPTH} levels of brackets, signs and powers)"
            )
        try:
            yield
        finally:
            self.depth -= 1

    def parse(self) -> Expr:
        if self.peek.kind == "end":
            raise self.error('the expression is empty: write one such as "x^2 + 3*x"')
        expr = self.expr()
        tok = self.peek
        if tok.kind != "end":
            if tok.text == ")":
                raise self.error(f"unexpected ')' at position {tok.pos + 1}: no '(' to close")
            raise self.unexpected(tok)
        return expr

    def expr(self) -> Expr:
        left = self.term()
        while self.at_op("+", "-"):
            op = self.take()
            right = self.term()
            left = left + right if op.text == "+" else left - right
        return left

    def term(self) -> Expr:
        left = self.unary()
        while True:
            tok = self.peek
            if self.at_op("*", "/"):
                self.take()
                right = self.unary()
                left = left * right if tok.text == "*" else left / right
            elif tok.kind == "name" or (tok.kind == "op" and tok.text == "("):
                # Implicit multiplication: 3x, 2(x + 1), (x + 1)(x - 1), 3 sin(x).
                left = left * self.power()
            else:
                return left

    def unary(self) -> Expr:
        tok = self.peek
        if self.at_op("+", "-"):
            self.take()
            with self.nested(tok):
                operand = self.unary()
            return -operand if tok.text == "-" else operand
        return self.power()

    def power(self) -> Expr:
        base = self.primary()
        if not self.at_op("^"):
            return base
        tok = self.take()
        with self.nested(tok):
            exponent = self.unary()
        return self.make_power(base, exponent, tok)

    def primary(self) -> Expr:
        tok = self.take()
        if tok.kind == "num":
            return self.number(tok)
        if tok.kind == "name":
            return self.name(tok)
        if tok.kind == "op" and tok.text == "(":
            return self.group(tok)
        raise self.unexpected(tok)

    def group(self, opening: Token) -> Expr:
        with self.nested(opening):
            inner = self.expr()
        if not self.at_op(")"):
            if self.peek.kind == "end":
                raise self.error(f"'(' at position {opening.pos + 1} is never closed")
            raise self.unexpected(self.peek)
        self.take()
        return inner

    def name(self, tok: Token) -> Expr:
        import sympy

        name = tok.text
        if name in FUNCTIONS:
            opening = self.peek
            if not self.at_op("("):
                raise self.error(
                    f"{name} at position {tok.pos + 1} needs its argument in brackets, "
                    f"as in {name}(x)"
                )
            self.take()
            return _apply(name, self.group(opening))
        if name == "e":
            return sympy.E
        if name == "pi":
            return sympy.pi
        if is_variable_name(name):
            return sympy.Symbol(name)
        raise self.error(
            f"unknown name {name!r} at position {tok.pos + 1}: {allowed_names()}. "
            "Write x*y for a product of variables"
        )

    def number(self, tok: Token) -> Expr:
        import sympy

        if tok.text.isdigit():
            value: float = int(tok.text)
            if value <= MAX_ABS:
                return sympy.Integer(int(tok.text))
        else:
            value = float(tok.text)
            if math.isfinite(value) and abs(value) <= MAX_ABS:
                if value.is_integer():
                    return sympy.Integer(int(value))
                return sympy.Float(value)
        raise self.error(
            f"the number at position {tok.pos + 1} is too large: "
            f"numbers in an expression are at most {MAX_ABS:.0e}"
        )

    def make_power(self, base: Expr, exponent: Expr, tok: Token) -> Expr:
        import sympy

        if exponent.is_Number:
            if abs(exponent) > MAX_EXPONENT:
                raise self.error(
                    f"the exponent {_short(exponent)} at position {tok.pos + 1} is too large: "
                    f"numeric exponents are limited to ±{MAX_EXPONENT}"
                )
            # (10^50·x)^100 multiplies out its coefficient too: bound every number inside.
            for number in base.atoms(sympy.Number):
                if _digits(number) * abs(float(exponent)) > MAX_POWER_DIGITS:
                    raise self.error(
                        f"the power at position {tok.pos + 1} is too large to compute "
                        f"(more than {MAX_POWER_DIGITS} digits)"
                    )
        if base.is_Number and base.is_negative and not (exponent.is_Integer):
            raise self.error(
                f"a negative number to a non-whole power (position {tok.pos + 1}) "
                "is not a real number"
            )
        return sympy.Pow(base, exponent)


def _digits(number: Expr) -> float:
    """About how many decimal digits a number has, above or below the point."""
    if number.is_zero:
        return 0.0
    if number.is_Rational:
        return max(math.log10(abs(int(number.p))), math.log10(int(number.q)))
    return abs(math.log10(abs(float(number)))) if math.isfinite(float(number)) else math.inf


def _short(x: Expr) -> str:
    text = str(x)
    return text if len(text) <= 20 else text[:17] + "..."


@functools.lru_cache(maxsize=512)
def parse(text: str, field: str = "f") -> Expr:
    """Parse user text into a sympy expression; any problem raises InputError(field, …)."""
    import sympy

    if len(text) > MAX_EXPRESSION:
        raise InputError(
            field, f"expressions are limited to {MAX_EXPRESSION} characters; this has {len(text)}"
        )
    expr = _Parser(text, field).parse()
    _check_real(expr, field)
    if any(_digits(n) > MAX_NUMBER_DIGITS for n in expr.atoms(sympy.Number)):
        raise InputError(
            field, f"a number in the expression is too large (over {MAX_NUMBER_DIGITS} digits)"
        )
    return expr


def _check_real(expr: Expr, field: str) -> None:
    import sympy

    if expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise InputError(
            field, "the expression is undefined: it divides by zero or takes the log of 0"
        )
    if expr.has(sympy.I):
        raise InputError(
            field,
            "the expression is not a real number: it takes the square root or log "
            "of a negative number",
        )


def variables(expr: Basic) -> list[Symbol]:
    """The free variables of an expression in reading order: x, y, z; w1, w2, w10."""

    def key(s: Any) -> tuple[str, int]:
        name = str(s)
        return (name[0], int(name[1:] or -1))

    return sorted(expr.free_symbols, key=key)


# ---------------------------------------------------------------- numeric evaluation


def _sigmoid_float(u: float) -> float:
    # Two forms so neither exp(−u) nor exp(u) overflows.
    if u >= 0:
        return 1.0 / (1.0 + math.exp(-u))
    z = math.exp(u)
    return z / (1.0 + z)


def _relu_float(u: float) -> float:
    return max(0.0, u)


def numeric(expr: Expr, names: list[Symbol]) -> Callable[..., float]:
    """A fast float function of expr, made by sympy's lambdify from our parsed tree.

    No user text is involved: lambdify prints the tree we built. Math errors surface
    as ValueError, OverflowError, ZeroDivisionError or TypeError (a complex result).
    """
    import sympy

    namespace = {"sigmoid": _sigmoid_float, "relu": _relu_float}
    return sympy.lambdify(names, expr, modules=[namespace, "math"])


def evaluate(expr: Expr, point: Mapping[Symbol, float]) -> float | None:
    """expr at a point, exactly where possible; None when undefined or not real."""
    import sympy

    value = expr.subs({s: exact(v) for s, v in point.items()})
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return None
    number = complex(value.evalf())
    if abs(number.imag) > 1e-12 * max(1.0, abs(number.real)):
        return None
    return number.real


def exact(x: float) -> Expr:
    """A whole number as a sympy Integer (exact arithmetic), otherwise a Float."""
    import sympy

    return sympy.Integer(int(x)) if float(x).is_integer() else sympy.Float(x)


# ---------------------------------------------------------------- printing

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


def to_text(expr: Any) -> str:
    """Our input syntax (x^2, 3*x), parseable again: the form results are given in."""
    return Printer("plain")(expr)


def to_pretty(expr: Any, subs: Mapping[Any, Any] | None = None) -> str:
    """For reading in steps: 9x² + 4x + 5."""
    return Printer("pretty", subs)(expr)


def to_latex(expr: Any, subs: Mapping[Any, Any] | None = None) -> str:
    return Printer("latex", subs)(expr)


__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "Printer",
    "Token",
    "allowed_names",
    "custom_functions",
    "evaluate",
    "exact",
    "is_variable_name",
    "numeric",
    "parse",
    "to_latex",
    "to_pretty",
    "to_text",
    "tokenize",
    "variables",
]
