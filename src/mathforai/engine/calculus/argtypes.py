"""Limits and argument types shared by the calculus operations."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from ..expressions import (
    is_variable_name,
)
from ..inputs import MAX_ABS, MAX_GD_STEPS

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
