"""The safe expression parser: user text → a checked syntax tree → sympy.

A hand-written tokenizer and recursive-descent parser build a small syntax tree of our own,
so nothing a user types ever reaches eval, exec or sympy's own parser. The tree is measured
before sympy sees it (size, nesting, nested functions, and a cost that estimates the size
of its derivative), in time linear in its length; only a tree within every budget is built
into sympy. sympy is imported inside functions: importing the engine stays fast.

Grammar (lowest precedence first)::

    expr    := term (("+" | "-") term)*
    term    := unary (("*" | "/") unary | power)*      # a bare power: implicit product, 3x, 2pi
    unary   := ("+" | "-") unary | power               # -x^2 is -(x^2)
    power   := primary ("^" unary)?                    # right-associative: 2^3^2 = 2^9
    primary := number | variable | constant | function "(" expr ")" | "(" expr ")"
             | "√" primary                             # √4, √(x + 1); √x² is (√x)²

Typeset forms read as their plain twins: − (minus), × · ⋅ (times), ² ³ ⁻¹ (powers).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .evaluator import evaluate, exact, numeric
from .expression_budget import (
    MAX_COST,
    MAX_DEPTH,
    MAX_FUNCTION_DEPTH,
    Node,
    check_budget,
)
from .functions import FUNCTIONS, apply, custom_functions
from .inputs import MAX_ABS, MAX_EXPRESSION, InputError
from .printer import Printer, to_latex, to_pretty, to_text

if TYPE_CHECKING:
    from sympy import Basic, Expr, Symbol

CONSTANTS = ("e", "pi")
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
  | (?P<name>[A-Za-z_][A-Za-z_0-9]*|π)
  | (?P<op>\*\*|[-+*/^()√])
  | (?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)
    """,
    re.VERBOSE | re.ASCII,
)
# Characters people paste from typeset math; each maps to one character, so positions hold.
_LOOKALIKES = str.maketrans(
    {"−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "∗": "*", "÷": "/"}
    | {space: " " for space in "\u00a0\u2009\u202f"}
)
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


# ---------------------------------------------------------------- parser (text → Node)


class _Parser:
    def __init__(self, text: str, field: str) -> None:
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
        # Checked on the way down, so 2,000 nested signs stop at level MAX_DEPTH + 1.
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(
                f"the expression is nested too deeply at position {tok.pos + 1} "
                f"(at most {MAX_DEPTH} levels of brackets, signs, roots and powers)"
            )
        try:
            yield
        finally:
            self.depth -= 1

    def parse(self) -> Node:
        if self.peek.kind == "end":
            raise self.error('the expression is empty: write one such as "x^2 + 3*x"')
        node = self.expr()
        tok = self.peek
        if tok.kind != "end":
            if tok.text == ")":
                raise self.error(f"unexpected ')' at position {tok.pos + 1}: no '(' to close")
            raise self.unexpected(tok)
        return node

    def expr(self) -> Node:
        left = self.term()
        while self.at_op("+", "-"):
            op = self.take()
            left = Node("add" if op.text == "+" else "sub", op, (left, self.term()))
        return left

    def term(self) -> Node:
        left = self.unary()
        while True:
            tok = self.peek
            if self.at_op("*", "/"):
                self.take()
                left = Node("mul" if tok.text == "*" else "div", tok, (left, self.unary()))
            elif tok.kind == "name" or (tok.kind == "op" and tok.text in "(√"):
                # Implicit multiplication: 3x, 2pi, 2(x + 1), (x + 1)(x - 1), 3 sin(x), 2√3.
                left = Node("mul", tok, (left, self.power()))
            else:
                return left

    def unary(self) -> Node:
        tok = self.peek
        if self.at_op("+", "-"):
            self.take()
            with self.nested(tok):
                operand = self.unary()
            return Node("neg", tok, (operand,)) if tok.text == "-" else operand
        return self.power()

    def power(self) -> Node:
        base = self.primary()
        if not self.at_op("^"):
            return base
        tok = self.take()
        with self.nested(tok):
            exponent = self.unary()
        return Node("pow", tok, (base, exponent))

    def primary(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            return Node("num", tok)
        if tok.kind == "name":
            return self.name(tok)
        if tok.kind == "op" and tok.text == "(":
            return self.group(tok)
        if tok.kind == "op" and tok.text == "√":
            with self.nested(tok):
                return Node("call", Token("name", "sqrt", tok.pos), (self.primary(),))
        raise self.unexpected(tok)

    def group(self, opening: Token) -> Node:
        with self.nested(opening):
            inner = self.expr()
        if not self.at_op(")"):
            if self.peek.kind == "end":
                raise self.error(f"'(' at position {opening.pos + 1} is never closed")
            raise self.unexpected(self.peek)
        self.take()
        return inner

    def name(self, tok: Token) -> Node:
        name = "pi" if tok.text == "π" else tok.text
        if name in FUNCTIONS:
            opening = self.peek
            if not self.at_op("("):
                raise self.error(
                    f"{name} at position {tok.pos + 1} needs its argument in brackets, "
                    f"as in {name}(x)"
                )
            self.take()
            return Node("call", tok, (self.group(opening),))
        if name in CONSTANTS:
            return Node("const", Token("name", name, tok.pos))
        if is_variable_name(name):
            return Node("var", tok)
        raise self.error(
            f"unknown name {name!r} at position {tok.pos + 1}: {allowed_names()}. "
            "Write x*y for a product of variables"
        )


# ---------------------------------------------------------------- Node → sympy


class _Builder:
    """Builds sympy from a tree already within budget; numbers and powers checked on the way."""

    def __init__(self, field: str) -> None:
        self.field = field

    def error(self, message: str) -> InputError:
        return InputError(self.field, message)

    def build(self, node: Node) -> Expr:
        import sympy

        kind, tok = node.kind, node.tok
        if kind == "num":
            return self.number(tok)
        if kind == "var":
            return sympy.Symbol(tok.text)
        if kind == "const":
            return sympy.E if tok.text == "e" else sympy.pi
        args = [self.build(child) for child in node.args]
        if kind == "call":
            # Checked at once: a complex or infinite part sends sympy's simplification of
            # the functions around it (sin of a complex number…) into long detours.
            return self.real(apply(tok.text, args[0]))
        if kind == "neg":
            return -args[0]
        if kind == "pow":
            return self.real(self.power(args[0], args[1], tok))
        left, right = args
        if kind == "div":
            return self.real(left / right)
        return {
            "add": lambda: left + right,
            "sub": lambda: left - right,
            "mul": lambda: left * right,
        }[kind]()

    def real(self, expr: Expr) -> Expr:
        _check_real(expr, self.field)
        return expr

    def number(self, tok: Token) -> Expr:
        import sympy

        if tok.text.isdigit():
            value: float = int(tok.text) if len(tok.text) <= 20 else math.inf
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

    def power(self, base: Expr, exponent: Expr, tok: Token) -> Expr:
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
        if not base.free_symbols and base.is_negative and not exponent.is_Integer:
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


def syntax_tree(text: str, field: str = "f") -> Node:
    """The checked syntax tree of text: length, nesting and cost within budget."""
    if len(text) > MAX_EXPRESSION:
        raise InputError(
            field, f"expressions are limited to {MAX_EXPRESSION} characters; this has {len(text)}"
        )
    tree = _Parser(text, field).parse()
    check_budget(tree, field)
    return tree


@functools.lru_cache(maxsize=512)
def parse(text: str, field: str = "f") -> Expr:
    """Parse user text into a sympy expression; any problem raises InputError(field, …)."""
    import sympy

    tree = syntax_tree(text, field)
    try:
        expr = _Builder(field).build(tree)
    except (ArithmeticError, ValueError, TypeError) as exc:
        if isinstance(exc, InputError):
            raise
        # sympy refusing a value while simplifying, such as step(log(-2)): not a real number.
        raise InputError(field, "the expression is not a real number where it is defined") from None
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


__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "MAX_COST",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_FUNCTION_DEPTH",
    "Printer",
    "Token",
    "allowed_names",
    "custom_functions",
    "evaluate",
    "exact",
    "is_variable_name",
    "numeric",
    "parse",
    "syntax_tree",
    "to_latex",
    "to_pretty",
    "to_text",
    "tokenize",
    "variables",
]
