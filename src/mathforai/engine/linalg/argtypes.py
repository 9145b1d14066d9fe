"""Small argument types that only the linalg operations need."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from ..inputs import (
    MAX_ABS,
    MAX_NUMBERS,
    to_number,
)
from ..notation import num
from .writing import MAX_AXES, MAX_NUMEL

# ---------------------------------------------------------------------------
# Small argument types that only this module needs
# ---------------------------------------------------------------------------


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("mathforai", message)


def _shown(x: Any) -> str:
    return repr(x) if isinstance(x, str) else str(x).lower() if isinstance(x, bool) else str(x)


def _to_p(x: Any) -> int | str:
    if isinstance(x, str):
        s = x.strip().lower()
        if s in ("inf", "infinity", "∞", "max"):
            return "inf"
        if s in ("1", "2", "1.0", "2.0"):
            return int(float(s))
    elif isinstance(x, int | float) and not isinstance(x, bool):
        if x in (1, 2):
            return int(x)
        if x == math.inf:
            return "inf"
    raise _fail(
        f'expected 1, 2 or "inf" (the L1, L2 or max norm), got {_shown(x)}; try p=1 or p=inf'
    )


def _to_method(x: Any) -> str:
    if isinstance(x, str):
        s = x.strip().lower().replace("-", "").replace("_", "")
        if s in ("l2", "minmax"):
            return s
    raise _fail(f'expected "l2" (unit length) or "minmax" (scale to 0…1), got {_shown(x)}')


def _to_size(x: Any, where: str) -> int:
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise _fail(f"{where} should be a whole number such as 32, not {_shown(x)}")
    if not (math.isfinite(x) and float(x).is_integer()):
        raise _fail(f"{where} is {x}: axis sizes are whole numbers")
    if x < 1:
        raise _fail(f"{where} is {num(x)}: every axis size must be at least 1")
    if x > MAX_ABS:
        raise _fail(f"{where} is {num(x)}: axis sizes must be at most {MAX_ABS:.0e}")
    return int(x)


def _to_shape(x: Any) -> list[int]:
    if not isinstance(x, list | tuple):
        raise _fail(
            f"expected a shape: a list of axis sizes such as [32, 512, 768], got {_shown(x)}"
        )
    if len(x) > MAX_AXES:
        raise _fail(f"a shape has at most {MAX_AXES} axes; this one has {len(x)}")
    sizes = [_to_size(d, f"axis {i} (entry {i + 1})") for i, d in enumerate(x)]
    if math.prod(sizes) > MAX_NUMEL:
        raise _fail(f"this shape holds more than {MAX_NUMEL:.0e} numbers; use smaller axes")
    return sizes


def _to_matrix_shape(x: Any) -> list[int]:
    if not isinstance(x, list | tuple) or len(x) != 2:
        raise _fail(f"expected a matrix shape [rows, columns] such as [2, 3], got {_shown(x)}")
    return [_to_size(x[0], "rows"), _to_size(x[1], "columns")]


def _to_array(x: Any) -> Any:
    """A number or a regular nested list of numbers, with the engine's limits."""
    count = [0]

    def walk(item: Any, path: str, depth: int) -> Any:
        if isinstance(item, list | tuple):
            if depth >= MAX_AXES:
                raise _fail(f"at most {MAX_AXES} levels of nesting are allowed")
            if not item:
                raise _fail(f"{path} is an empty list: every axis needs at least one entry")
            return [walk(sub, f"{path}[{i}]", depth + 1) for i, sub in enumerate(item)]
        count[0] += 1
        if count[0] > MAX_NUMBERS:
            raise _fail(f"at most {MAX_NUMBERS:,} numbers are allowed in one value")
        try:
            return to_number(item)
        except PydanticCustomError as exc:
            raise _fail(f"{path}: {exc.message()}") from None

    value = walk(x, "value", 0)
    _regular_shape(value, "value")
    return value


def _regular_shape(x: Any, path: str) -> tuple[int, ...]:
    if not isinstance(x, list):
        return ()
    shapes = [_regular_shape(item, f"{path}[{i}]") for i, item in enumerate(x)]
    for i, s in enumerate(shapes[1:], 1):
        if s != shapes[0]:
            raise _fail(
                f"{path}[0] has shape {_tuple(shapes[0])} but {path}[{i}] has shape "
                f"{_tuple(s)}: the array is ragged; every row needs the same length"
            )
    return (len(x), *shapes[0])


def _tuple(shape: Sequence[int]) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


PNorm = Annotated[
    Literal[1, 2, "inf"],
    BeforeValidator(_to_p),
    Field(description='which norm: 1 (sum of sizes), 2 (length) or "inf" (largest size)'),
]
Method = Annotated[
    Literal["l2", "minmax"],
    BeforeValidator(_to_method),
    Field(description='"l2" (divide by the length) or "minmax" (scale to 0…1)'),
]
Shape = Annotated[
    list[int],
    BeforeValidator(_to_shape),
    Field(description="a tensor shape: axis sizes such as [32, 512, 768]; [] is a scalar"),
]
MatrixShape = Annotated[
    list[int],
    BeforeValidator(_to_matrix_shape),
    Field(description="a matrix shape [rows, columns], such as [2, 3]"),
]
Array = Annotated[
    Any,
    BeforeValidator(_to_array),
    Field(description="a number or a nested list such as [[1, 2, 3], [4, 5, 6]]"),
]
