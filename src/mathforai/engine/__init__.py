"""Pure math: inputs → Explanation. No I/O, no web, no database.

Importing this package registers every operation (linalg, stats, calculus, and the
part 4 modules: expectation, normal, likelihood, eigen, decompositions, attention).
"""

from . import (  # noqa: F401  (registration)
    attention,
    calculus,
    decompositions,
    eigen,
    expectation,
    likelihood,
    linalg,
    normal,
    stats,
)
from .explanation import Explanation, Step
from .inputs import InputError, parse_value
from .registry import OPERATIONS, Operation, UnknownOperation, explain, get_operation

__all__ = [
    "OPERATIONS",
    "Explanation",
    "InputError",
    "Operation",
    "Step",
    "UnknownOperation",
    "explain",
    "get_operation",
    "parse_value",
]
