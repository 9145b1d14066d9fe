"""Calculus (part 3): derivatives, partials, gradients, gradient descent, least squares.

Derivatives come from our own rule-based differentiator (in the spirit of sympy's
manualintegrate): each rule applied is recorded, so the working can name it — power,
sum, product, quotient, chain… sympy only does the algebra on trees our parser built.
Importing this package registers its operations, in the order of the modules below.
"""

# ruff: noqa: I001  (the import order below is the registration order of OPERATIONS)
from . import argtypes  # noqa: F401
from .rules import Rule, differentiate, rule_steps
from . import points  # noqa: F401
from .derivatives import derivative, gradient, partial
from .descent import gd_step, gradient_descent
from .fitting import least_squares, residuals
from .jacobian import jacobian
from .networks import backprop, softmax_ce_grad

__all__ = [
    "Rule",
    "backprop",
    "derivative",
    "differentiate",
    "gd_step",
    "gradient",
    "gradient_descent",
    "jacobian",
    "least_squares",
    "partial",
    "residuals",
    "rule_steps",
    "softmax_ce_grad",
]
