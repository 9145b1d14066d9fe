"""The functions our grammar knows, as sympy functions whose assumptions stay cheap.

sigmoid and relu are our own classes, so a step can name their rules. tanh is sympy's with
its realness questions answered from its argument alone: sympy's own tanh answers
"is tanh(u) real?" by splitting u into real and imaginary parts, which for tanh(tanh(…))
recurses into both halves at every level — 10 levels took 30 s. Every question below
is answered in one step per level.
"""

from __future__ import annotations

import functools
from typing import Any

FUNCTIONS = ("exp", "log", "ln", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "step")


@functools.cache
def custom_functions() -> dict[str, Any]:
    """sigmoid, relu and tanh as sympy function classes (the same classes every time).

    Built on first use: importing the engine does not import sympy.
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

    class tanh(sympy.tanh):  # type: ignore[misc,valid-type]
        """sympy's tanh, answering realness and finiteness from its argument alone."""

        def fdiff(self, argindex: int = 1) -> Any:
            return 1 - self.func(self.args[0]) ** 2

        def as_real_imag(self, deep: bool = True, **hints: Any) -> Any:
            if self.args[0].is_extended_real:
                return (self, sympy.Integer(0))
            return (sympy.re(self, evaluate=False), sympy.im(self, evaluate=False))

        def _eval_is_real(self) -> bool | None:
            return True if self.args[0].is_real else None

        def _eval_is_extended_real(self) -> bool | None:
            return True if self.args[0].is_extended_real else None

        def _eval_is_finite(self) -> bool | None:
            return True if self.args[0].is_extended_real else None

    return {"sigmoid": sigmoid, "relu": relu, "tanh": tanh}


def apply(name: str, arg: Any) -> Any:
    """name(arg) as a sympy expression; name is one of FUNCTIONS."""
    import sympy

    custom = custom_functions()
    if name in custom:
        return custom[name](arg)
    if name == "step":
        return sympy.Heaviside(arg, 0)
    table = {
        "exp": sympy.exp,
        "log": sympy.log,
        "ln": sympy.log,
        "sqrt": sympy.sqrt,
        "sin": sympy.sin,
        "cos": sympy.cos,
    }
    return table[name](arg)
