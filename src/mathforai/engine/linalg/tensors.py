"""Tensors and their shapes (1.15)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from ..explanation import Explanation, Step
from ..inputs import (
    Args,
    InputError,
)
from ..mathtree import Fence, Node, Rel, count, eq, mul, seq, sym, text
from ..registry import operation
from .argtypes import Array, Shape, _regular_shape

# ---------------------------------------------------------------------------
# Tensors (1.15)
# ---------------------------------------------------------------------------

_AXIS_NAMES = {
    0: [],
    1: ["features"],
    2: ["rows", "columns"],
    3: ["batch", "sequence", "features"],
    4: ["batch", "height", "width", "channels"],
}


def _axis_names(ndim: int) -> list[str]:
    return list(_AXIS_NAMES.get(ndim, [f"axis_{i}" for i in range(ndim)]))


NUMEL, NDIM = sym("numel"), sym("ndim")


def _numel_step(shape: Sequence[int]) -> Step:
    numel = math.prod(shape)
    if not shape:
        return Step(math=seq(eq(NUMEL, count(1)), text("(a scalar holds one number)"), sep=" "))
    if len(shape) == 1:
        return Step(math=eq(NUMEL, count(numel)), note="one axis: its size")
    return Step(
        math=eq(NUMEL, mul(*(count(d) for d in shape)), count(numel)),
        note="multiply the axis sizes",
    )


def _shape_tuple(shape: Sequence[int]) -> Node:
    """(32, 512, 768); a one-axis shape keeps Python's comma: (5,)."""
    sizes = [count(d) for d in shape]
    return Fence(seq(*sizes, text(""), sep=",") if len(sizes) == 1 else seq(*sizes))


_AXIS_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_ -]{0,23}$")


def _to_names(x: Any) -> list[str] | None:
    if x is None:
        return None
    if not isinstance(x, list) or not all(isinstance(n, str) for n in x):
        raise PydanticCustomError(
            "mathforai", "give a list of axis names, such as [batch, sequence]"
        )
    bad = next((n for n in x if not _AXIS_NAME.match(n)), None)
    if bad is not None:
        raise PydanticCustomError(
            "mathforai",
            "each axis name is a word of at most 24 letters, digits, spaces, _ or - "
            "starting with a letter; {bad} is not",
            {"bad": repr(bad[:30])},
        )
    return list(x)


class TensorArgs(Args):
    shape: Shape
    names: Annotated[
        list[str] | None,
        BeforeValidator(_to_names),
        Field(description="optional: what each axis holds, such as [batch, sequence]"),
    ] = None


@operation(
    "tensor",
    TensorArgs,
    topic="1.15",
    summary="A tensor's shape: how many axes (ndim), how many numbers (numel), axis names.",
    example={"shape": [32, 512, 768]},
)
def tensor(args: TensorArgs) -> Explanation:
    shape = args.shape
    if args.names is not None and len(args.names) != len(shape):
        raise InputError(
            "names",
            f"names has {len(args.names)} entries but the shape has {len(shape)} axes: "
            "give one name per axis",
        )
    names = args.names if args.names is not None else _axis_names(len(shape))
    steps = [
        Step(
            math=seq(
                text("shape"),
                Rel(_shape_tuple(shape), (("→", NDIM), ("=", count(len(shape))))),
                sep=" ",
            ),
            note="count the axes",
        ),
        _numel_step(shape),
    ]
    if names:
        steps.append(
            Step(
                math=seq(text("axes:"), Fence(seq(*(text(n) for n in names))), sep=" "),
                note="what each axis holds" if args.names else "the usual meaning of each axis",
            )
        )
    notes = [_tensor_note(len(shape))]
    result = {"ndim": len(shape), "numel": math.prod(shape), "names": names}
    return Explanation("tensor", args.model_dump(), result, steps, notes)


def _tensor_note(ndim: int) -> str:
    return {
        0: "0 axes: a scalar, such as a loss value.",
        1: "1 axis: a vector, such as one embedding.",
        2: "2 axes: a matrix, such as a weight matrix or a table of examples × features.",
        3: "3 axes: a batch of sequences — batch × tokens × features "
        "(a transformer's activations).",
        4: "4 axes: a batch of images — batch × height × width × channels; PyTorch usually orders "
        "them batch × channels × height × width.",
    }.get(ndim, f"{ndim} axes: the names are conventions; what each axis means is up to the model.")


class ShapeArgs(Args):
    value: Array


@operation(
    "shape",
    ShapeArgs,
    topic="1.15",
    summary="The shape of a number, vector, matrix or nested list: its size along each axis.",
    example={"value": [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2]]},
)
def shape(args: ShapeArgs) -> Explanation:
    dims = list(_regular_shape(args.value, "value"))
    steps = []
    item: Any = args.value
    for axis, size in enumerate(dims):
        what = "numbers" if not isinstance(item[0], list) else "lists"
        where = "the value" if axis == 0 else "each of those"
        steps.append(
            Step(math=seq(text(f"axis {axis}: {where} holds"), count(size), text(what), sep=" "))
        )
        item = item[0]
    if not dims:
        steps.append(Step(math=text("a single number: no axes, shape ()"), note="a scalar"))
    shown = Fence(text("")) if not dims else _shape_tuple(dims)
    steps.append(
        Step(
            math=seq(seq(text("shape"), shown, sep=" "), eq(NDIM, count(len(dims))), sep=", "),
            note="one size per axis",
        )
    )
    steps.append(_numel_step(dims))
    result = {"shape": dims, "ndim": len(dims), "numel": math.prod(dims)}
    return Explanation("shape", args.model_dump(), result, steps, [_tensor_note(len(dims))])
