"""The one bounded evaluator: a parsed expression at a point, in floats.

sympy's exact arithmetic has no ceiling: x^x at 1e12, or exp(exp(x)) at 1e7, keeps it
computing digits for hours. Here an expression is compiled once into a straight-line
program over its distinct subexpressions (a tree with shared parts, such as a tower's
derivative, is evaluated once per part, not once per path), then run in IEEE floats.
Every step is one float operation, so the cost is the program's length, which is capped.
A value that leaves the float range is an overflow, never a longer computation.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

# Distinct subexpressions in one program; bounded expressions stay far below this.
MAX_PROGRAM = 20_000
# The largest float: a value past it is "too large to represent".
FLOAT_MAX = 1.7976931348623157e308

Instruction = tuple[Callable[..., float], tuple[int, ...]]


class ProgramTooLarge(ValueError):
    """The expression has more distinct parts than MAX_PROGRAM."""


def _sigmoid(u: float) -> float:
    # Two forms so neither exp(−u) nor exp(u) overflows.
    if u >= 0:
        return 1.0 / (1.0 + math.exp(-u))
    z = math.exp(u)
    return z / (1.0 + z)


def _add(*xs: float) -> float:
    return math.fsum(xs)  # raises OverflowError past the float range


def _mul(*xs: float) -> float:
    out = 1.0
    for x in xs:
        out *= x
    if math.isinf(out):
        raise OverflowError("product overflows")
    return out


def _pow(base: float, exponent: float) -> float:
    # math.pow: ValueError for 0^-1 or (-8)^(1/3) (not real), OverflowError when too large.
    return math.sqrt(base) if exponent == 0.5 else math.pow(base, exponent)


def _step(u: float, at_zero: float = 0.0) -> float:
    return 1.0 if u > 0 else (at_zero if u == 0 else 0.0)


def _sign(u: float) -> float:
    return float((u > 0) - (u < 0))


_FLOAT_FUNCTIONS: dict[str, Callable[..., float]] = {
    "exp": math.exp,
    "log": math.log,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "tanh": math.tanh,
    "sigmoid": _sigmoid,
    "relu": lambda u: max(0.0, u),
    "Heaviside": _step,
    "Abs": abs,
    "sign": _sign,
    "Max": max,
    "Min": min,
}


def _constant(node: Any) -> float:
    """A number or named constant as a float; OverflowError when it is too large."""
    import sympy

    if node.is_Integer:
        return float(int(node))
    if node.is_Rational:
        return int(node.p) / int(node.q)
    if node in (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise ValueError("undefined")
    try:
        value = float(node)
    except TypeError:  # a constant with an imaginary part, such as log(-2)
        raise ValueError("not a real number") from None
    if not math.isfinite(value):
        raise OverflowError("too large")
    return value


def _fallback(func: Any) -> Callable[..., float]:
    """A function our table lacks: sympy at fixed precision on float arguments (bounded)."""
    import sympy

    def run(*xs: float) -> float:
        value = complex(func(*(sympy.Float(x) for x in xs)).evalf(20))
        if value.imag:
            raise ValueError("not real")
        return value.real

    return run


def _raiser(exc: Exception) -> Callable[[], float]:
    def run() -> float:
        raise type(exc)(*exc.args)

    return run


class Program:
    """A compiled expression: call it with the variables' values, in `names` order."""

    def __init__(self, expr: Any, names: Sequence[Any]) -> None:
        self.names = tuple(names)
        self.constants: list[float | None] = []
        self.code: list[Instruction | None] = []
        self.inputs: dict[Any, int] = {}
        self.result = self._compile(expr)

    def __len__(self) -> int:
        return len(self.code)

    def _compile(self, expr: Any) -> int:
        """Post-order over distinct nodes without recursion (a deep tree cannot overflow it)."""
        slots: dict[Any, int] = {}
        stack: list[tuple[Any, bool]] = [(expr, False)]
        while stack:
            node, ready = stack.pop()
            if node in slots:
                continue
            if ready or not node.args or node.is_Number:
                slots[node] = self._emit(node, slots)
                continue
            stack.append((node, True))
            stack.extend((arg, False) for arg in node.args if arg not in slots)
        return slots[expr]

    def _emit(self, node: Any, slots: Mapping[Any, int]) -> int:
        if len(self.code) >= MAX_PROGRAM:
            raise ProgramTooLarge(f"more than {MAX_PROGRAM:,} distinct parts")
        self.constants.append(None)
        if node.is_Symbol:
            if node not in self.names:
                raise ValueError(f"no value for {node}")
            self.inputs[node] = len(self.code)
            self.code.append(None)
        elif node.is_Number or not node.args:
            try:
                self.constants[-1] = _constant(node)
                self.code.append(None)
            except (ValueError, OverflowError) as exc:
                # Raised when the program runs, as a call's math error (not at compile time).
                self.code.append((_raiser(exc), ()))
        else:
            self.code.append((self._operation(node), tuple(slots[a] for a in node.args)))
        return len(self.code) - 1

    @staticmethod
    def _operation(node: Any) -> Callable[..., float]:
        if node.is_Add:
            return _add
        if node.is_Mul:
            return _mul
        if node.is_Pow:
            return _pow
        name = type(node).__name__
        return _FLOAT_FUNCTIONS.get(name) or _fallback(node.func)

    def __call__(self, *values: float) -> float:
        """The value; ValueError/ZeroDivisionError where undefined, OverflowError past floats."""
        regs = list(self.constants)
        for symbol, slot in self.inputs.items():
            regs[slot] = float(values[self.names.index(symbol)])
        for i, instruction in enumerate(self.code):
            if instruction is not None:
                func, args = instruction
                value = func(*(regs[a] for a in args))
                if isinstance(value, complex) or math.isnan(value):
                    raise ValueError("not a real number")
                if math.isinf(value):
                    raise OverflowError("too large")
                regs[i] = value
        result = regs[self.result]
        assert result is not None
        return result


def numeric(expr: Any, names: Sequence[Any]) -> Callable[..., float]:
    """expr as a float function of `names`: ValueError, ZeroDivisionError or OverflowError
    on a point where it has no float value. The work per call is the program's length."""
    return Program(expr, names)


def evaluate(expr: Any, point: Mapping[Any, float]) -> float | None:
    """expr at a point: a float, None where undefined or not real, inf where it overflows."""
    names = list(point)
    try:
        return Program(expr, names)(*(point[n] for n in names))
    except ProgramTooLarge:
        raise
    except OverflowError:
        return math.inf
    except (ValueError, ZeroDivisionError, TypeError):
        return None


def exact(x: float) -> Any:
    """A whole number as a sympy Integer (for printing a substitution), otherwise a Float."""
    import sympy

    return sympy.Integer(int(x)) if float(x).is_integer() else sympy.Float(x)
