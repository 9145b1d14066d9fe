"""Linear algebra (part 1): vectors, matrices, norms, span, basis, tensors.

Every operation returns the working a teacher would write on the board. Long vectors
and big matrices are shown with their middle elided; results keep full precision.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from .explanation import Explanation, Step
from .inputs import (
    MAX_ABS,
    MAX_NUMBERS,
    Args,
    InputError,
    Matrix,
    Number,
    Vector,
    VectorList,
    VectorOrMatrix,
    to_number,
)
from .notation import lnum, lsigned, lvec, num, signed, vec
from .registry import operation

# ---------------------------------------------------------------------------
# Writing numbers, vectors and matrices in steps
# ---------------------------------------------------------------------------

DOTS = r"\dots"
TIMES = r" \times "
UNDERSCORE = r"\_"
SHOW = 8  # items shown in full; longer lists keep their first 6 and last 2
MAX_ENTRIES = 6  # matrix-product entries worked out one by one
MAX_AXES = 32  # numpy's historical limit; no real tensor needs more
MAX_NUMEL = 10**24  # keeps every count printable as a number

_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sup(n: int) -> str:
    return str(n).translate(_SUP)


def _sub(n: int) -> str:
    return str(n).translate(_SUB)


def _space(n: int) -> str:
    return f"ℝ{_sup(n)}"


def _elide(items: Sequence[str], dots: str = "…") -> list[str]:
    if len(items) <= SHOW + 2:
        return list(items)
    return [*items[: SHOW - 2], dots, *items[-2:]]


def _vt(v: Sequence[float]) -> str:
    return vec(v) if len(v) <= SHOW + 2 else "[" + ", ".join(_elide([num(x) for x in v])) + "]"


def _vl(v: Sequence[float]) -> str:
    if len(v) <= SHOW + 2:
        return lvec(v)
    return r"\left[" + ",\\ ".join(_elide([lnum(x) for x in v], DOTS)) + r"\right]"


def _mt(a: Sequence[Sequence[float]]) -> str:
    return "[" + ", ".join(_elide([_vt(row) for row in a])) + "]"


def _ml(a: Sequence[Sequence[float]]) -> str:
    rows = [_elide([lnum(x) for x in row], r"\cdots") for row in a]
    if len(rows) > SHOW + 2:
        rows = [*rows[: SHOW - 2], [r"\vdots"] * len(rows[0]), *rows[-2:]]
    body = r" \\ ".join(" & ".join(row) for row in rows)
    return r"\begin{bmatrix}" + body + r"\end{bmatrix}"


def _anyt(x: Sequence[Any]) -> str:
    return _mt(x) if x and isinstance(x[0], list) else _vt(x)


def _anyl(x: Sequence[Any]) -> str:
    return _ml(x) if x and isinstance(x[0], list) else _vl(x)


def _sum_t(items: Sequence[str]) -> str:
    return " + ".join(_elide(items))


def _sum_l(items: Sequence[str]) -> str:
    return " + ".join(_elide(items, r"\cdots"))


def _eq(x: float) -> str:
    """'=' when the rounded form is exact, '≈' when reading it loses digits."""
    return "=" if float(num(x)) == float(x) else "≈"


def _shape_t(m: int, n: int) -> str:
    return f"{m}×{n}"


def _shape_of(x: Sequence[Any]) -> tuple[int, int] | tuple[int]:
    return (len(x), len(x[0])) if x and isinstance(x[0], list) else (len(x),)


def _describe_shape(shape: tuple[int, ...]) -> str:
    if len(shape) == 1:
        return f"a vector of length {shape[0]}"
    return f"a {_shape_t(*shape)} matrix"


def _fsum_dot(u: Sequence[float], v: Sequence[float]) -> float:
    return math.fsum(x * y for x, y in zip(u, v, strict=True))


def _squares_steps(v: Sequence[float], name: str, lname: str) -> tuple[Step, Step, float]:
    """‖v‖ = √(3² + 4²), then = √(9 + 16) = √25; returns the magnitude too."""
    norm = math.hypot(*v)
    total = math.fsum(x * x for x in v)
    first = Step(
        f"‖{name}‖ = √({_sum_t([f'{signed(x)}²' for x in v])})",
        rf"\|{lname}\| = \sqrt{{{_sum_l([_lsquare(x) for x in v])}}}",
        "square each entry, add them, take the square root",
    )
    second = Step(
        f"= √({_sum_t([num(x * x) for x in v])}) = √{num(total)} {_eq(norm)} {num(norm)}",
        rf"= \sqrt{{{_sum_l([lnum(x * x) for x in v])}}} = \sqrt{{{lnum(total)}}} "
        rf"{_leq(norm)} {lnum(norm)}",
        "",
    )
    return first, second, norm


def _lsquare(x: float) -> str:
    base = lsigned(x)
    # 1\times 10^{-9} squared needs brackets, or LaTeX sees a double superscript.
    return (
        rf"\left({base}\right)^2" if "^" in base and not base.startswith(r"\left(") else f"{base}^2"
    )


def _leq(x: float) -> str:
    return "=" if _eq(x) == "=" else r"\approx"


def _nonzero(v: Sequence[float], field: str, why: str) -> None:
    if all(x == 0 for x in v):
        raise InputError(field, f"{field} is the zero vector: {why}")


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


# ---------------------------------------------------------------------------
# Scalars and vectors (1.1, 1.2)
# ---------------------------------------------------------------------------


class AB(Args):
    a: Number
    b: Number


@operation(
    "arithmetic",
    AB,
    topic="1.1",
    summary="The four operations on two scalars: a + b, a − b, a × b, a ÷ b.",
    example={"a": 5, "b": 3},
)
def arithmetic(args: AB) -> Explanation:
    a, b = args.a, args.b
    quotient = a / b if b != 0 else None
    notes = ["A scalar is a single number: it has a size but no direction."]
    if quotient is not None and not math.isfinite(quotient):
        quotient = None
        notes.append(f"{num(a)} ÷ {num(b)} is too large to represent, so quotient is null.")
    result = {"sum": a + b, "difference": a - b, "product": a * b, "quotient": quotient}
    steps = [
        Step(
            f"{num(a)} + {signed(b)} = {num(a + b)}", rf"{lnum(a)} + {lsigned(b)} = {lnum(a + b)}"
        ),
        Step(
            f"{num(a)} − {signed(b)} = {num(a - b)}", rf"{lnum(a)} - {lsigned(b)} = {lnum(a - b)}"
        ),
        Step(
            f"{num(a)} × {signed(b)} = {num(a * b)}",
            rf"{lnum(a)} \times {lsigned(b)} = {lnum(a * b)}",
        ),
    ]
    if b == 0:
        steps.append(
            Step(f"{num(a)} ÷ 0 is undefined", rf"{lnum(a)} \div 0", "no number times 0 gives a")
        )
        notes.append("b = 0: division by zero is undefined, so quotient is null.")
    elif quotient is not None:
        steps.append(
            Step(
                f"{num(a)} ÷ {signed(b)} {_eq(quotient)} {num(quotient)}",
                rf"{lnum(a)} \div {lsigned(b)} {_leq(quotient)} {lnum(quotient)}",
            )
        )
    return Explanation("arithmetic", args.model_dump(), result, steps, notes)


class V(Args):
    v: Vector


@operation(
    "magnitude",
    V,
    topic="1.2",
    summary="Length of a vector: square each entry, add, take the square root.",
    example={"v": [3, 4]},
)
def magnitude(args: V) -> Explanation:
    first, second, norm = _squares_steps(args.v, "v", "v")
    return Explanation(
        "magnitude",
        args.model_dump(),
        norm,
        [first, second],
        ["The magnitude (L2 norm) is the straight-line distance from the origin to v."],
    )


@operation(
    "unit",
    V,
    topic="1.2",
    summary="Unit vector: the same direction with length 1 (divide by the magnitude).",
    example={"v": [3, 4]},
)
def unit(args: V) -> Explanation:
    _nonzero(args.v, "v", "the zero vector has no direction, so it has no unit vector")
    first, second, norm = _squares_steps(args.v, "v", "v")
    u = _unit_of(args.v)
    steps = [first, second, *_divide_steps(args.v, norm, u, "v")]
    return Explanation(
        "unit",
        args.model_dump(),
        u,
        steps,
        ["A unit vector keeps only the direction: its length is exactly 1."],
    )


def _divide_steps(v: Sequence[float], norm: float, u: Sequence[float], var: str) -> list[Step]:
    name, lname = f"{var}\u0302", rf"\hat{{{var}}}"
    divided = ", ".join(_elide([f"{num(x)}/{num(norm)}" for x in v]))
    ldivided = ",\\ ".join(_elide([rf"\frac{{{lnum(x)}}}{{{lnum(norm)}}}" for x in v], DOTS))
    check = math.hypot(*u)
    return [
        Step(
            f"{name} = {var}/‖{var}‖ = [{divided}] = {_vt(u)}",
            rf"{lname} = \frac{{{var}}}{{\|{var}\|}} = \left[{ldivided}\right] = {_vl(u)}",
            "divide every entry by the magnitude",
        ),
        Step(
            f"check: ‖{name}‖ = √({_sum_t([num(x * x) for x in u])}) = {num(check)} ✓",
            rf"\|{lname}\| = \sqrt{{{_sum_l([lnum(x * x) for x in u])}}} = {lnum(check)}",
            "a unit vector has length 1",
        ),
    ]


class UVAny(Args):
    u: VectorOrMatrix
    v: VectorOrMatrix


def _same_shape(u: list[Any], v: list[Any], op: str) -> None:
    su, sv = _shape_of(u), _shape_of(v)
    if su != sv:
        raise InputError(
            "v",
            f"u is {_describe_shape(su)} but v is {_describe_shape(sv)}: "
            f"{op} works entry by entry, so give two values of the same shape",
        )


def _elementwise(
    args: UVAny, name: str, sym: str, lsym: str, f: Callable[[float, float], float]
) -> Explanation:
    u, v = args.u, args.v
    _same_shape(u, v, name)
    matrix = bool(u) and isinstance(u[0], list)
    rows_u = u if matrix else [u]
    rows_v = v if matrix else [v]
    result = [
        [f(x, y) for x, y in zip(ru, rv, strict=True)]
        for ru, rv in zip(rows_u, rows_v, strict=True)
    ]
    text_rows = [
        [f"{num(x)}{sym}{signed(y)}" for x, y in zip(ru, rv, strict=True)]
        for ru, rv in zip(rows_u, rows_v, strict=True)
    ]
    latex_rows = [
        [f"{lnum(x)}{lsym}{lsigned(y)}" for x, y in zip(ru, rv, strict=True)]
        for ru, rv in zip(rows_u, rows_v, strict=True)
    ]
    out: list[Any] = result if matrix else result[0]
    if matrix:
        shown_t = (
            "[" + ", ".join(_elide(["[" + ", ".join(_elide(r)) + "]" for r in text_rows])) + "]"
        )
        shown_l = _ml_cells(latex_rows)
    else:
        shown_t = "[" + ", ".join(_elide(text_rows[0])) + "]"
        shown_l = r"\left[" + ",\\ ".join(_elide(latex_rows[0], r"\dots")) + r"\right]"
    what = "matching entries"
    steps = [
        Step(f"u {sym} v = {shown_t}", rf"u {lsym} v = {shown_l}", f"{name} {what}"),
        Step(f"= {_anyt(out)}", f"= {_anyl(out)}", ""),
    ]
    return Explanation(name, args.model_dump(), out, steps, [])


def _ml_cells(rows: list[list[str]]) -> str:
    cells = [_elide(row, r"\cdots") for row in rows]
    if len(cells) > SHOW + 2:
        cells = [*cells[: SHOW - 2], [r"\vdots"] * len(cells[0]), *cells[-2:]]
    return r"\begin{bmatrix}" + r" \\ ".join(" & ".join(r) for r in cells) + r"\end{bmatrix}"


@operation(
    "add",
    UVAny,
    topic="1.3",
    summary="Add two vectors or two matrices of the same shape, entry by entry.",
    example={"u": [[1, 2], [3, 4]], "v": [[5, 6], [7, 8]]},
)
def add(args: UVAny) -> Explanation:
    return _elementwise(args, "add", "+", "+", lambda x, y: x + y)


@operation(
    "subtract",
    UVAny,
    topic="1.2",
    summary="Subtract two vectors or two matrices of the same shape, entry by entry.",
    example={"u": [9, 6, 3], "v": [2, 1, 1]},
)
def subtract(args: UVAny) -> Explanation:
    return _elementwise(args, "subtract", "-", "-", lambda x, y: x - y)


class CV(Args):
    c: Number
    v: VectorOrMatrix


@operation(
    "scale",
    CV,
    topic="1.2",
    summary="Multiply every entry by a scalar: the length changes, the direction does not.",
    example={"c": 3, "v": [2, 3, 5]},
)
def scale(args: CV) -> Explanation:
    c, v = args.c, args.v
    matrix = bool(v) and isinstance(v[0], list)
    out: list[Any] = [[c * x for x in row] for row in v] if matrix else [c * x for x in v]
    if matrix:
        shown_t = _mt(v)
        shown_l = _ml(v)
        work_t, work_l = f"{num(c)}·{shown_t}", rf"{lnum(c)}\,{shown_l}"
    else:
        work_t = "[" + ", ".join(_elide([f"{num(c)}×{signed(x)}" for x in v])) + "]"
        work_l = (
            r"\left["
            + ",\\ ".join(_elide([rf"{lnum(c)}\times {lsigned(x)}" for x in v], r"\dots"))
            + r"\right]"
        )
    steps = [
        Step(f"c·v = {work_t}", rf"c\,v = {work_l}", "multiply every entry by c"),
        Step(f"= {_anyt(out)}", f"= {_anyl(out)}", ""),
    ]
    notes = [_scale_note(c)]
    return Explanation("scale", args.model_dump(), out, steps, notes)


def _scale_note(c: float) -> str:
    if c == 0:
        return "Scaling by 0 collapses every entry to 0."
    size = "longer" if abs(c) > 1 else "shorter" if abs(c) < 1 else "the same length"
    turn = "same direction" if c > 0 else "opposite direction"
    return f"Scaling by {num(c)} makes the vector {size}, pointing in the {turn}."


# ---------------------------------------------------------------------------
# Dot product and cosine similarity (1.5, 1.6)
# ---------------------------------------------------------------------------


def _same_length(u: list[float], v: list[float], what: str) -> None:
    if len(u) != len(v):
        raise InputError(
            "v",
            f"u has {len(u)} numbers and v has {len(v)}: {what} needs vectors of the same length",
        )


class UV(Args):
    u: Vector
    v: Vector


def _dot_steps(u: Sequence[float], v: Sequence[float], total: float) -> list[Step]:
    terms = [x * y for x, y in zip(u, v, strict=True)]
    pairs_text = _sum_t([f"({signed(x)}×{signed(y)})" for x, y in zip(u, v, strict=True)])
    pairs_latex = _sum_l([rf"({lsigned(x)}\times {lsigned(y)})" for x, y in zip(u, v, strict=True)])
    return [
        Step(f"u·v = {pairs_text}", rf"u\cdot v = {pairs_latex}", "multiply matching positions"),
        Step(
            _sum_t([signed(t) for t in terms]) + f" {_eq(total)} {num(total)}",
            _sum_l([lsigned(t) for t in terms]) + f" {_leq(total)} {lnum(total)}",
            "add the products",
        ),
    ]


@operation(
    "dot",
    UV,
    topic="1.5",
    summary="Dot product: multiply matching entries and add.",
    example={"u": [1, 2, 3], "v": [4, 5, 6]},
)
def dot(a: UV) -> Explanation:
    _same_length(a.u, a.v, "a dot product")
    # fsum: the correctly rounded sum, so cancelling terms do not leave noise behind.
    total = _fsum_dot(a.u, a.v)
    meaning = (
        "positive: the vectors point broadly the same way"
        if total > 0
        else "negative: they point broadly opposite ways"
        if total < 0
        else "zero: the vectors are perpendicular"
    )
    steps = _dot_steps(a.u, a.v, total)
    return Explanation("dot", a.model_dump(), total, steps, [f"The dot product is {meaning}."])


def _pow2_scaled(v: Sequence[float]) -> list[float]:
    # Scaling by a power of two is exact, and keeps tiny or huge entries from
    # underflowing or overflowing when they are squared.
    exponent = math.frexp(max(abs(x) for x in v))[1]
    return [math.ldexp(x, -exponent) for x in v]


def _unit_of(v: Sequence[float]) -> list[float]:
    scaled = _pow2_scaled(v)
    length = math.hypot(*scaled)
    return [x / length for x in scaled]


def _cosine_value(u: Sequence[float], v: Sequence[float]) -> float:
    su, sv = _pow2_scaled(u), _pow2_scaled(v)
    value = _fsum_dot(su, sv) / (math.hypot(*su) * math.hypot(*sv))
    return max(-1.0, min(1.0, value))


def _cosine_meaning(c: float) -> str:
    if c >= 1 - 1e-9:
        return "≈ 1: the vectors point in the same direction (their lengths may differ)"
    if c <= -1 + 1e-9:
        return "≈ −1: the vectors point in opposite directions"
    if abs(c) < 1e-9:
        return "0: the vectors are perpendicular, unrelated in direction"
    if c >= 0.8:
        return f"{num(c, 3)}: very similar directions"
    if c > 0:
        return f"{num(c, 3)}: somewhat similar directions"
    return f"{num(c, 3)}: pointing broadly opposite ways"


@operation(
    "cosine",
    UV,
    topic="1.6",
    summary="Cosine similarity: the dot product divided by both lengths, from −1 to 1.",
    example={"u": [3, 4], "v": [6, 8]},
)
def cosine(a: UV) -> Explanation:
    _same_length(a.u, a.v, "cosine similarity")
    why = "a zero vector has no direction, so no angle or cosine can be measured; change it"
    _nonzero(a.u, "u", why)
    _nonzero(a.v, "v", why)
    d = _fsum_dot(a.u, a.v)
    u1, u2, nu = _squares_steps(a.u, "u", "u")
    v1, v2, nv = _squares_steps(a.v, "v", "v")
    cos = _cosine_value(a.u, a.v)
    angle = math.degrees(math.acos(cos))
    steps = [
        *_dot_steps(a.u, a.v, d),
        u1,
        u2,
        v1,
        v2,
        Step(
            f"cos θ = u·v / (‖u‖·‖v‖) = {num(d)} / ({num(nu)} × {num(nv)}) {_eq(cos)} {num(cos)}",
            rf"\cos\theta = \frac{{u\cdot v}}{{\|u\|\,\|v\|}} = "
            rf"\frac{{{lnum(d)}}}{{{lnum(nu)}\times {lnum(nv)}}} {_leq(cos)} {lnum(cos)}",
            "divide the dot product by both lengths",
        ),
        Step(
            f"θ = arccos({num(cos)}) {_eq(angle)} {num(angle, 2)}°",
            rf"\theta = \arccos({lnum(cos)}) \approx {lnum(angle, 2)}^\circ",
            "the angle between the vectors",
        ),
    ]
    notes = [
        f"Cosine similarity {_cosine_meaning(cos)}.",
        "It compares direction only: 1 same direction, 0 perpendicular (unrelated), −1 opposite.",
    ]
    return Explanation("cosine", a.model_dump(), cos, steps, notes)


# ---------------------------------------------------------------------------
# Matrices: transpose and multiplication (1.4, 1.7)
# ---------------------------------------------------------------------------


class MatrixA(Args):
    A: Matrix


@operation(
    "transpose",
    MatrixA,
    topic="1.4",
    summary="Transpose: rows become columns, so an m×n matrix becomes n×m.",
    example={"A": [[1, 2, 3], [4, 5, 6]]},
)
def transpose(args: MatrixA) -> Explanation:
    a = args.A
    m, n = len(a), len(a[0])
    t = [list(col) for col in zip(*a, strict=True)]
    steps = [
        Step(
            f"A is {_shape_t(m, n)}, so Aᵀ is {_shape_t(n, m)}",
            rf"A \in \mathbb{{R}}^{{{m}\times {n}}} \Rightarrow "
            rf"A^T \in \mathbb{{R}}^{{{n}\times {m}}}",
            "(Aᵀ)ᵢⱼ = Aⱼᵢ",
        )
    ]
    for i, row in enumerate(a[:MAX_ENTRIES], 1):
        steps.append(
            Step(
                f"row {i} of A {_vt(row)} becomes column {i} of Aᵀ",
                rf"\text{{row }}{i} = {_vl(row)} \to \text{{column }}{i}",
                "rows become columns" if i == 1 else "",
            )
        )
    notes = []
    if m > MAX_ENTRIES:
        notes.append(f"The other {m - MAX_ENTRIES} rows turn into columns the same way.")
    steps.append(Step(f"Aᵀ = {_mt(t)}", f"A^T = {_ml(t)}", ""))
    return Explanation("transpose", args.model_dump(), t, steps, notes)


class MatmulArgs(Args):
    A: Matrix
    B: VectorOrMatrix


def _entry_step(
    a_row: Sequence[float], b_col: Sequence[float], value: float, label: str, llabel: str, note: str
) -> Step:
    products = [x * y for x, y in zip(a_row, b_col, strict=True)]
    pairs = _sum_t([f"{signed(x)}×{signed(y)}" for x, y in zip(a_row, b_col, strict=True)])
    lpairs = _sum_l(
        [rf"{lsigned(x)}\times {lsigned(y)}" for x, y in zip(a_row, b_col, strict=True)]
    )
    sums = _sum_t([signed(p) for p in products])
    lsums = _sum_l([lsigned(p) for p in products])
    return Step(
        f"{label} = {pairs} = {sums} {_eq(value)} {num(value)}",
        rf"{llabel} = {lpairs} = {lsums} {_leq(value)} {lnum(value)}",
        note,
    )


@operation(
    "matmul",
    MatmulArgs,
    topic="1.7",
    summary="Matrix product: each entry is a row of A · a column of B. B may be a vector.",
    example={"A": [[1, 2], [3, 4]], "B": [[5, 6], [7, 8]]},
)
def matmul(args: MatmulArgs) -> Explanation:
    a, b = args.A, args.B
    is_vector = not isinstance(b[0], list)
    cols_b: list[list[float]] = [list(b)] if is_vector else [list(c) for c in zip(*b, strict=True)]
    m, n = len(a), len(a[0])
    rows_b, p = len(cols_b[0]), len(cols_b)
    if n != rows_b:
        b_desc = (
            f"a vector of length {rows_b} (a {rows_b}×1 column)"
            if is_vector
            else _shape_t(rows_b, p)
        )
        raise InputError(
            "B",
            f"A is {_shape_t(m, n)} and B is {b_desc}: the number of columns of A ({n}) "
            f"must equal the number of rows of B ({rows_b}); "
            "change B's rows or transpose one of them so the inner sizes match",
        )
    product = (np.array(a) @ np.array(cols_b).T).tolist()
    result: list[Any] = [row[0] for row in product] if is_vector else product
    steps = [_shape_rule_step(m, n, rows_b, p, is_vector)]
    entries = [(i, j) for i in range(m) for j in range(p)]
    for k, (i, j) in enumerate(entries[:MAX_ENTRIES]):
        label = f"entry {i + 1}" if is_vector else f"entry ({i + 1}, {j + 1})"
        llabel = rf"(Ax)_{{{i + 1}}}" if is_vector else rf"(AB)_{{{i + 1},{j + 1}}}"
        note = "row of A · column of B: multiply matching entries and add" if k == 0 else ""
        steps.append(_entry_step(a[i], cols_b[j], product[i][j], label, llabel, note))
    notes = []
    if len(entries) > MAX_ENTRIES:
        notes.append(f"The other {len(entries) - MAX_ENTRIES} entries follow the same way.")
    name, lname = ("Ax", "Ax") if is_vector else ("AB", "AB")
    steps.append(Step(f"{name} = {_anyt(result)}", f"{lname} = {_anyl(result)}", ""))
    notes.append("Order matters: AB and BA are usually different (or not both defined).")
    return Explanation("matmul", args.model_dump(), result, steps, notes)


def _shape_rule_step(m: int, n: int, rows_b: int, p: int, is_vector: bool) -> Step:
    b_shape = f"{rows_b}×1" if is_vector else _shape_t(rows_b, p)
    out = f"a vector of length {m}" if is_vector else _shape_t(m, p)
    return Step(
        f"({_shape_t(m, n)})·({b_shape}) → {out}",
        rf"({m}\times {n})\cdot({rows_b}\times {p}) \to {m}\times {p}",
        f"the inner sizes match ({n} = {rows_b}); the outer ones give the result's shape",
    )


class ShapePair(Args):
    a: MatrixShape
    b: MatrixShape


@operation(
    "matmul_shape",
    ShapePair,
    topic="1.7",
    summary="Is A·B defined for these shapes, and what shape does it have?",
    example={"a": [2, 3], "b": [3, 4]},
)
def matmul_shape(args: ShapePair) -> Explanation:
    (m, n), (r, p) = args.a, args.b
    defined = n == r
    rule = Step(
        f"({_shape_t(m, n)})·({_shape_t(r, p)}): inner sizes {n} and {r}",
        rf"({m}\times {n})\cdot({r}\times {p})",
        "columns of the first must equal rows of the second",
    )
    if defined:
        steps = [
            rule,
            Step(
                f"{n} = {r} ✓ → result is {_shape_t(m, p)}",
                rf"\to {m}\times {p}",
                "keep the outer sizes",
            ),
        ]
        notes = [f"Each of the {m * p:,} entries is a dot product of length {n}."]
    else:
        steps = [
            rule,
            Step(
                f"{n} ≠ {r} ✗ → undefined",
                rf"{n} \neq {r}",
                "no row of A matches a column of B in length",
            ),
        ]
        notes = [f"A row of the first has {n} numbers but a column of the second has {r}."]
        if n == p:
            notes.append(
                f"Transposing the second ({_shape_t(r, p)} → {_shape_t(p, r)}) would make it "
                f"defined, giving {_shape_t(m, r)}: that is why attention computes QKᵀ."
            )
    result = {"defined": defined, "shape": [m, p] if defined else None}
    return Explanation("matmul_shape", args.model_dump(), result, steps, notes)


# ---------------------------------------------------------------------------
# Norms and normalization (1.8, 1.9)
# ---------------------------------------------------------------------------


class NormArgs(Args):
    v: Vector
    p: PNorm = 2


@operation(
    "norm",
    NormArgs,
    topic="1.8",
    summary='Vector norms: L1 (sum of sizes), L2 (length) or "inf" (largest size).',
    example={"v": [3, -4, 2], "p": 1},
)
def norm(args: NormArgs) -> Explanation:
    v = args.v
    if args.p == 2:
        first, second, value = _squares_steps(v, "v", "v")
        first = Step(
            first.text.replace("‖v‖", "‖v‖₂", 1),
            first.latex.replace(r"\|v\|", r"\|v\|_2", 1),
            first.note,
        )
        steps = [first, second]
        note = "L2 is the straight-line length: it punishes large entries most."
    else:
        sizes = [abs(x) for x in v]
        value = math.fsum(sizes) if args.p == 1 else max(sizes)
        bars = [f"|{num(x)}|" for x in v]
        lbars = [rf"|{lnum(x)}|" for x in v]
        if args.p == 1:
            first = Step(
                f"‖v‖₁ = {_sum_t(bars)}",
                rf"\|v\|_1 = {_sum_l(lbars)}",
                "add the sizes (absolute values)",
            )
            second = Step(
                f"= {_sum_t([num(s) for s in sizes])} {_eq(value)} {num(value)}",
                rf"= {_sum_l([lnum(s) for s in sizes])} {_leq(value)} {lnum(value)}",
                "",
            )
            note = "L1 adds sizes: the distance walked along a city grid (Manhattan distance)."
        else:
            shown = ", ".join(_elide(bars))
            lshown = ", ".join(_elide(lbars, DOTS))
            first = Step(
                f"‖v‖∞ = max({shown})", rf"\|v\|_\infty = \max({lshown})", "the largest size"
            )
            second = Step(f"= {num(value)}", f"= {lnum(value)}", "")
            note = "The max norm keeps only the largest entry's size."
        steps = [first, second]
    return Explanation("norm", args.model_dump(), value, steps, [note])


class NormalizeArgs(Args):
    x: Vector
    method: Method = "l2"


@operation(
    "normalize",
    NormalizeArgs,
    topic="1.9",
    summary='Normalize: "l2" gives length 1; "minmax" rescales to the range 0…1.',
    example={"x": [10, 20, 30, 40, 50], "method": "minmax"},
)
def normalize(args: NormalizeArgs) -> Explanation:
    x = args.x
    if args.method == "l2":
        _nonzero(
            x,
            "x",
            "it has no direction and length 0, so it cannot be scaled to length 1; "
            'use method="minmax" or change x',
        )
        first, second, length = _squares_steps(x, "x", "x")
        out = _unit_of(x)
        steps = [first, second, *_divide_steps(x, length, out, "x")]
        return Explanation(
            "normalize",
            args.model_dump(),
            out,
            steps,
            ["L2 normalization keeps the direction and makes the length 1."],
        )
    lo, hi = min(x), max(x)
    if lo == hi:
        raise InputError(
            "x",
            f"every number in x is {num(lo)}, so max − min = 0 and min-max scaling would divide by "
            'zero; a constant feature carries no information (drop it, or use method="l2")',
        )
    span = hi - lo
    out = [(xi - lo) / span for xi in x]
    steps = [
        Step(
            f"min = {num(lo)}, max = {num(hi)}, range = {num(hi)} − {signed(lo)} = {num(span)}",
            rf"\min = {lnum(lo)},\ \max = {lnum(hi)},\ \max-\min = {lnum(span)}",
            "find the smallest and largest",
        ),
        Step(
            f"x' = (x − {signed(lo)}) / {num(span)}",
            rf"x' = \frac{{x - {lsigned(lo)}}}{{{lnum(span)}}}",
            "shift so the minimum is 0, divide by the range",
        ),
        Step(
            "= ["
            + ", ".join(_elide([f"({num(xi)} − {signed(lo)})/{num(span)}" for xi in x]))
            + "]",
            r"= \left["
            + ",\\ ".join(
                _elide(
                    [rf"\frac{{{lnum(xi)}-{lsigned(lo)}}}{{{lnum(span)}}}" for xi in x], r"\dots"
                )
            )
            + r"\right]",
            "",
        ),
        Step(f"= {_vt(out)}", f"= {_vl(out)}", "the minimum maps to 0, the maximum to 1"),
    ]
    return Explanation(
        "normalize",
        args.model_dump(),
        out,
        steps,
        [
            "Min-max scaling puts features on the same 0…1 scale, "
            "so no feature dominates by its units."
        ],
    )


# ---------------------------------------------------------------------------
# Linear combinations, span, basis, independence (1.10–1.14)
# ---------------------------------------------------------------------------


class LincombArgs(Args):
    c: Vector
    vectors: VectorList


def _coef_t(c: float, name: str, first: bool) -> str:
    sign = "" if first and c >= 0 else "−" if first else (" − " if c < 0 else " + ")
    size = abs(c)
    coef = "" if size == 1 else f"{num(size)}·"
    return f"{sign}{coef}{name}"


def _coef_l(c: float, name: str, first: bool) -> str:
    sign = "" if first and c >= 0 else "-" if first else (" - " if c < 0 else " + ")
    size = abs(c)
    coef = "" if size == 1 else rf"{lnum(size)}\,"
    return f"{sign}{coef}{name}"


def _combo(coefs: Sequence[float], names: Sequence[str], lnames: Sequence[str]) -> tuple[str, str]:
    """'2·v₁ − v₂' and its LaTeX, skipping zero coefficients."""
    text, latex = [], []
    for c, n, ln in zip(coefs, names, lnames, strict=True):
        if c != 0:
            text.append(_coef_t(c, n, not text))
            latex.append(_coef_l(c, ln, not latex))
    return ("".join(text) or "0"), ("".join(latex) or "0")


def _vnames(k: int, letter: str = "v") -> tuple[list[str], list[str]]:
    return [f"{letter}{_sub(i + 1)}" for i in range(k)], [f"{letter}_{{{i + 1}}}" for i in range(k)]


@operation(
    "lincomb",
    LincombArgs,
    topic="1.10",
    summary="Linear combination c₁·v₁ + c₂·v₂ + …: scale each vector, then add.",
    example={"c": [3, 5], "vectors": [[1, 0], [0, 1]]},
)
def lincomb(args: LincombArgs) -> Explanation:
    c, vs = args.c, args.vectors
    if len(c) != len(vs):
        raise InputError(
            "c",
            f"c has {len(c)} coefficient{'s' if len(c) != 1 else ''} but there are {len(vs)} "
            "vectors: give exactly one coefficient per vector",
        )
    terms = [[ci * x for x in v] for ci, v in zip(c, vs, strict=True)]
    out = [math.fsum(col) for col in zip(*terms, strict=True)]
    steps = [
        Step(
            _sum_t([f"{signed(ci)}·{_vt(v)}" for ci, v in zip(c, vs, strict=True)]),
            _sum_l([rf"{lsigned(ci)}\,{_vl(v)}" for ci, v in zip(c, vs, strict=True)]),
            "scale each vector by its coefficient",
        ),
        Step("= " + _sum_t([_vt(t) for t in terms]), "= " + _sum_l([_vl(t) for t in terms]), ""),
        Step(f"= {_vt(out)}", f"= {_vl(out)}", "add matching positions"),
    ]
    notes = [
        "Every vector you can reach this way, for all choices of c, is the span of the vectors."
    ]
    return Explanation("lincomb", args.model_dump(), out, steps, notes)


@dataclass
class _Reduced:
    rref: list[list[float]]
    pivots: list[int]
    ops: list[tuple[str, str]]
    op_count: int


MAX_OPS = 12  # row operations listed in the steps


def _pivot_row(a: list[list[float]], r: int, c: int) -> int:
    """The first row whose entry is within 10× of the largest: stable, and it keeps
    the row swaps a person would not make out of the working."""
    biggest = max(abs(a[i][c]) for i in range(r, len(a)))
    return next(i for i in range(r, len(a)) if abs(a[i][c]) >= 0.1 * biggest)


def _row_reduce(m: Sequence[Sequence[float]]) -> _Reduced:
    """Gauss–Jordan elimination with partial pivoting and a relative tolerance."""
    a = [list(map(float, row)) for row in m]
    nrows, ncols = len(a), len(a[0])
    scale = max(abs(x) for row in a for x in row)
    tol = scale * max(nrows, ncols) * 1e-13
    pivots: list[int] = []
    ops: list[tuple[str, str]] = []
    count = 0

    def record(text: str, latex: str) -> None:
        nonlocal count
        count += 1
        if len(ops) < MAX_OPS:
            ops.append((text, latex))

    r = 0
    for c in range(ncols):
        if r == nrows:
            break
        best = _pivot_row(a, r, c)
        if abs(a[best][c]) <= tol:
            for i in range(r, nrows):
                a[i][c] = 0.0  # rounding noise, not a pivot
            continue
        if best != r:
            a[r], a[best] = a[best], a[r]
            record(
                f"R{_sub(r + 1)} ↔ R{_sub(best + 1)}",
                rf"R_{{{r + 1}}} \leftrightarrow R_{{{best + 1}}}",
            )
        pivot = a[r][c]
        if pivot != 1:
            a[r] = [x / pivot for x in a[r]]
            a[r][c] = 1.0
            record(f"R{_sub(r + 1)} ÷ {signed(pivot)}", rf"R_{{{r + 1}}} \div {lsigned(pivot)}")
        for i in range(nrows):
            f = a[i][c]
            if i != r and f != 0:
                a[i] = [x - f * y for x, y in zip(a[i], a[r], strict=True)]
                a[i][c] = 0.0
                sign, lsign = ("−", "-") if f > 0 else ("+", "+")
                coef = "" if abs(f) == 1 else f"{num(abs(f))}·"
                lcoef = "" if abs(f) == 1 else lnum(abs(f))
                record(
                    f"R{_sub(i + 1)} → R{_sub(i + 1)} {sign} {coef}R{_sub(r + 1)}",
                    rf"R_{{{i + 1}}} \to R_{{{i + 1}}} {lsign} {lcoef}R_{{{r + 1}}}",
                )
        pivots.append(c)
        r += 1
    for i in range(r, nrows):
        a[i] = [0.0] * ncols
    return _Reduced(a, pivots, ops, count)


def _clean(x: float, scale: float) -> float:
    return 0.0 if abs(x) <= scale * 1e-12 else x


def _small_integers(c: Sequence[float]) -> list[float] | list[int]:
    """Scale a relation to small whole numbers when its ratios allow; first entry positive."""
    biggest = max(abs(x) for x in c)
    c = [_clean(x, biggest) for x in c]
    base = min(abs(x) for x in c if x != 0)
    ratios = [x / base for x in c]
    sign = 1 if next(x for x in ratios if x != 0) > 0 else -1
    for mult in range(1, 101):
        scaled = [r * mult for r in ratios]
        if all(abs(s - round(s)) <= 1e-9 * max(1.0, abs(s)) for s in scaled):
            ints = [round(s) for s in scaled]
            if max(abs(i) for i in ints) <= 10**6:
                g = math.gcd(*ints)
                return [sign * i // g for i in ints]
    return [round(sign * x / biggest, 12) for x in c]


@dataclass
class _Analysis:
    rank: int
    dim: int
    reduced: _Reduced
    # The first few redundant vectors j: (j, coefficients over the pivot vectors).
    redundant: list[tuple[int, list[float]]]


def _analyse(vs: Sequence[Sequence[float]]) -> _Analysis:
    columns = [list(col) for col in zip(*vs, strict=True)]  # vectors as columns
    red = _row_reduce(columns)
    redundant = []
    pivots = set(red.pivots)
    # Only the first few redundant vectors are shown or used; thousands would cost O(k²).
    free = [j for j in range(len(vs)) if j not in pivots][:MAX_ENTRIES]
    for j in free:
        coefs = [0.0] * len(vs)
        for row, pc in enumerate(red.pivots):
            coefs[pc] = _clean(red.rref[row][j], 1.0)
        redundant.append((j, coefs))
    return _Analysis(len(red.pivots), len(vs[0]), red, redundant)


def _reduction_steps(vs: Sequence[Sequence[float]], an: _Analysis) -> list[Step]:
    columns = [list(col) for col in zip(*vs, strict=True)]
    steps = [
        Step(
            f"vectors as the columns of a matrix: {_mt(columns)}",
            rf"M = {_ml(columns)}",
            "column j is vector j",
        )
    ]
    if an.reduced.ops:
        more = an.reduced.op_count - len(an.reduced.ops)
        text = "; ".join(t for t, _ in an.reduced.ops) + (f"; … ({more} more)" if more else "")
        latex = r";\ ".join(lt for _, lt in an.reduced.ops) + (r";\ \dots" if more else "")
        steps.append(Step(f"row operations: {text}", latex, "eliminate below and above each pivot"))
    cleaned = [[_clean(x, 1.0) for x in row] for row in an.reduced.rref]
    pivots = ", ".join(str(p + 1) for p in an.reduced.pivots) or "none"
    steps.append(
        Step(
            f"reduced: {_mt(cleaned)}; pivot{'s' if an.rank != 1 else ''} in "
            f"column{'s' if an.rank != 1 else ''} {pivots}",
            rf"\operatorname{{rref}}(M) = {_ml(cleaned)}",
            f"each pivot is a new direction: rank = {an.rank}",
        )
    )
    names, lnames = _vnames(len(vs))
    for j, coefs in an.redundant[:MAX_ENTRIES]:
        combo_t, combo_l = _combo(coefs, names, lnames)
        concrete = ""
        if len(vs[0]) <= 6:
            parts = [(c, _vt(vs[i])) for i, c in enumerate(coefs) if c != 0]
            shown = [p for _, p in parts]
            concrete = (
                f", i.e. {_vt(vs[j])} = " + _combo([c for c, _ in parts], shown, shown)[0]
                if parts
                else " (the zero vector)"
            )
        steps.append(
            Step(
                f"{names[j]} = {combo_t}{concrete}",
                f"{lnames[j]} = {combo_l}",
                f"{names[j]} adds no new direction",
            )
        )
    return steps


def _kind(rank: int) -> str:
    return {0: "point", 1: "line", 2: "plane"}.get(rank, f"{rank}-dimensional space")


class VectorsArgs(Args):
    vectors: VectorList


@operation(
    "span",
    VectorsArgs,
    topic="1.11",
    summary="Span: everything reachable by combining the vectors — a point, line, plane, ….",
    example={"vectors": [[1, 2], [2, 4]]},
)
def span(args: VectorsArgs) -> Explanation:
    an = _analyse(args.vectors)
    whole = an.rank == an.dim
    kind = _kind(an.rank)
    where = (
        f"all of {_space(an.dim)}"
        if whole
        else f"a {kind} through the origin inside {_space(an.dim)}"
    )
    if an.rank == 0:
        where = "only the origin (a point)"
    steps = _reduction_steps(args.vectors, an)
    steps.append(
        Step(
            f"rank {an.rank} in {_space(an.dim)} → the span is {where}",
            rf"\operatorname{{rank}} = {an.rank},\ \mathbb{{R}}^{{{an.dim}}}",
            "the rank counts independent directions",
        )
    )
    result = {"rank": an.rank, "ambient_dimension": an.dim, "kind": kind, "whole_space": whole}
    notes = [f"The span is {where}; its dimension is {an.rank}."]
    if whole:
        notes.append(f"Every vector in {_space(an.dim)} is a combination of these vectors.")
    return Explanation("span", args.model_dump(), result, steps, notes)


def _nicest(relation: Sequence[float], candidates: Sequence[int]) -> tuple[int, list[float]]:
    """Which vector to solve a relation for, so the coefficients read best (1.8, 32)."""

    def digits(x: float) -> int:
        text = num(x, 6)
        return len(text.split(".")[1]) if "." in text else 0

    best: tuple[int, int, list[float]] | None = None
    for j in candidates:
        if relation[j] == 0:
            continue
        coefs = [0.0 if i == j else -x / relation[j] for i, x in enumerate(relation)]
        score = sum(digits(x) for x in coefs)
        if best is None or score <= best[0]:
            best = (score, j, coefs)
    assert best is not None  # a relation has a nonzero entry
    return best[1], best[2]


def _is_constant(v: Sequence[float]) -> bool:
    return len(v) > 1 and v[0] != 0 and all(x == v[0] for x in v)


def _relation_of(an: _Analysis) -> list[float] | list[int] | None:
    if not an.redundant:
        return None
    j, coefs = an.redundant[0]
    relation = list(coefs)
    relation[j] = -1.0
    return _small_integers(relation)


def _affine_note(vs: Sequence[Sequence[float]], independent: bool) -> str | None:
    """The Celsius/Fahrenheit lesson: related by 'times a, plus b' is not dependence."""
    n = len(vs[0])
    constant = [i for i, v in enumerate(vs) if _is_constant(v)]
    others = [i for i in range(len(vs)) if i not in constant]
    if len(others) < 2 or n <= len(others):
        return None
    ones = "1 = " + _vt([1.0] * n)
    if independent and not constant:
        with_ones = [*vs, [1.0] * n]
        relation = _relation_of(_analyse(with_ones))
        if relation is None or relation[-1] == 0:
            return None
        names = [*_vnames(len(vs))[0], "1"]
        j, coefs = _nicest(relation, [i for i in others if relation[i] != 0])
        return (
            f"Independent, yet related: {names[j]} = {_combo(coefs, names, names)[0]}, where "
            f"{ones}. That is affine (times a number, plus a constant), not a multiple, so "
            "the vectors are independent; add a constant column (a model's intercept) and "
            "they become dependent."
        )
    relation = _relation_of(_analyse(vs))
    if independent or relation is None or not any(relation[i] != 0 for i in constant):
        return None
    if _analyse([vs[i] for i in others]).rank != len(others):
        return None
    candidates = [i for i in others if relation[i] != 0]
    if not candidates:
        # Only the constant vectors are related (two multiples of [1, 1, …]): no affine story.
        return None
    names = _vnames(len(vs))[0]
    j, coefs = _nicest(relation, candidates)
    return (
        f"{names[j]} = {_combo(coefs, names, names)[0]} is affine, not a multiple: without the "
        "constant vector (a model's intercept column) the others are independent; with it, "
        "the set is dependent."
    )


@operation(
    "independence",
    VectorsArgs,
    topic="1.14",
    summary="Linear independence: does any vector repeat a direction the others already give?",
    example={"vectors": [[1, 2], [2, 4], [3, 6]]},
)
def independence(args: VectorsArgs) -> Explanation:
    vs = args.vectors
    an = _analyse(vs)
    independent = an.rank == len(vs)
    relation = _relation_of(an)
    steps = _reduction_steps(vs, an)
    if relation is None:
        steps.append(
            Step(
                f"rank {an.rank} = {len(vs)} vectors → independent",
                rf"\operatorname{{rank}} = {an.rank} = k",
                "only c = 0 gives c₁v₁ + … = 0",
            )
        )
    else:
        steps.extend(_relation_steps(relation, an.rank, len(vs)))
    notes = _independence_notes(len(vs), an)
    note = _affine_note(vs, independent)
    if note:
        notes.append(note)
    result = {"independent": independent, "rank": an.rank, "relation": relation}
    return Explanation("independence", args.model_dump(), result, steps, notes)


def _relation_steps(relation: Sequence[float], rank: int, k: int) -> list[Step]:
    names, lnames = _vnames(k)
    rel_t, rel_l = _combo([float(x) for x in relation], names, lnames)
    steps = [
        Step(
            f"rank {rank} < {k} vectors → dependent: {rel_t} = 0",
            rf"{rel_l} = 0",
            "a nonzero combination gives the zero vector",
        )
    ]
    used = [i for i, x in enumerate(relation) if x != 0]
    if len(used) == 1:
        return steps  # the relation already says v_j = 0
    j, coefs = _nicest(relation, used)
    solved_t, solved_l = _combo(coefs, names, lnames)
    steps.append(
        Step(f"so {names[j]} = {solved_t}", f"{lnames[j]} = {solved_l}", f"{names[j]} is redundant")
    )
    return steps


def _independence_notes(k: int, an: _Analysis) -> list[str]:
    notes = []
    if k > an.dim:
        notes.append(
            f"{k} vectors in {_space(an.dim)} are always dependent: "
            f"there are only {an.dim} independent directions."
        )
    if k - an.rank > 1:
        notes.append(f"There are {k - an.rank} independent relations; this is one of them.")
    return notes


class CoordinatesArgs(Args):
    basis: VectorList
    v: Vector


@operation(
    "coordinates",
    CoordinatesArgs,
    topic="1.12",
    summary="Coordinates of v in a basis: the c with c₁·b₁ + c₂·b₂ + … = v.",
    example={"basis": [[1, 1], [1, -1]], "v": [3, 5]},
)
def coordinates(args: CoordinatesArgs) -> Explanation:
    basis, v = args.basis, args.v
    _check_basis(basis, v)
    n = len(v)
    columns = [list(col) for col in zip(*basis, strict=True)]
    red = _row_reduce([[*row, x] for row, x in zip(columns, v, strict=True)])
    if red.pivots != list(range(n)):
        raise InputError(
            "basis",
            "the basis vectors are too close to dependent to solve reliably; spread them apart",
        )
    coefs = [row[n] for row in red.rref]
    reduced = [[_clean(x, 1.0) for x in row] for row in red.rref]
    names, lnames = _vnames(n, "c")
    bnames, lbnames = _vnames(n, "b")
    steps = [
        Step(
            "v = "
            + _sum_t([f"{c}·{b}" for c, b in zip(names, bnames, strict=True)])
            + f", with the b's as columns: {_mt(columns)}·c = {_vt(v)}",
            "v = "
            + _sum_l([f"{c}{b}" for c, b in zip(lnames, lbnames, strict=True)])
            + rf",\quad {_ml(columns)}\,c = {_vl(v)}",
            "the coordinates are the weights that rebuild v",
        ),
        Step(
            f"row reduce [B | v] → {_mt(reduced)}",
            rf"\left[B \mid v\right] \to {_ml(reduced)}",
            "the last column holds the coordinates",
        ),
        Step(
            ", ".join(_elide([f"{c} = {num(x)}" for c, x in zip(names, coefs, strict=True)])),
            r",\ ".join(
                _elide([f"{c} = {lnum(x)}" for c, x in zip(lnames, coefs, strict=True)], DOTS)
            ),
            "",
        ),
        _coordinates_check(coefs, basis, v),
    ]
    notes = ["In a basis every vector has exactly one set of coordinates."]
    return Explanation("coordinates", args.model_dump(), coefs, steps, notes)


def _check_basis(basis: list[list[float]], v: list[float]) -> None:
    n, k = len(basis[0]), len(basis)
    if len(v) != n:
        raise InputError(
            "v",
            f"v has {len(v)} numbers but the basis vectors have {n}: give v in the same space",
        )
    if k != n:
        reach = "too few to reach every vector" if k < n else "too many, so one is redundant"
        raise InputError(
            "basis",
            f"a basis of {_space(n)} has exactly {n} vectors; you gave {k} ({reach}). "
            f"Give {n} independent vectors of length {n}",
        )
    an = _analyse(basis)
    if an.rank < n:
        names, _ = _vnames(k, "b")
        j, coefs = an.redundant[0]
        combo = _combo(coefs, names, names)[0]
        raise InputError(
            "basis",
            f"the basis vectors are dependent ({names[j]} = {combo}), so they span only a "
            f"{_kind(an.rank)}, not all of {_space(n)}; "
            f"replace {names[j]} with a vector in a new direction",
        )


def _coordinates_check(coefs: list[float], basis: list[list[float]], v: list[float]) -> Step:
    n = len(v)
    check = [math.fsum(c * b[i] for c, b in zip(coefs, basis, strict=True)) for i in range(n)]
    size = max(1.0, *map(abs, v))
    ok = all(
        math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9 * size) for x, y in zip(check, v, strict=True)
    )
    pairs = list(zip(coefs, basis, strict=True))
    return Step(
        "check: "
        + _sum_t([f"{signed(c)}·{_vt(b)}" for c, b in pairs])
        + " = "
        + _sum_t([_vt([c * x for x in b]) for c, b in pairs])
        + f" = {_vt(check)}"
        + (" ✓" if ok else f" ≈ {_vt(v)}"),
        _sum_l([rf"{lsigned(c)}\,{_vl(b)}" for c, b in pairs]) + f" = {_vl(check)}",
        "c₁·b₁ + c₂·b₂ + … gives back v",
    )


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


def _numel_step(shape: Sequence[int]) -> Step:
    numel = math.prod(shape)
    if not shape:
        return Step("numel = 1 (a scalar holds one number)", r"\text{numel} = 1", "")
    return Step(
        f"numel = {' × '.join(map(str, shape))} = {numel:,}",
        r"\text{numel} = " + TIMES.join(map(str, shape)) + f" = {numel:,}".replace(",", "{,}"),
        "multiply the axis sizes",
    )


class TensorArgs(Args):
    shape: Shape


@operation(
    "tensor",
    TensorArgs,
    topic="1.15",
    summary="A tensor's shape: how many axes (ndim), how many numbers (numel), axis names.",
    example={"shape": [32, 512, 768]},
)
def tensor(args: TensorArgs) -> Explanation:
    shape = args.shape
    names = _axis_names(len(shape))
    steps = [
        Step(
            f"shape {_tuple(shape)} → ndim = {len(shape)}",
            rf"\text{{ndim}} = {len(shape)}",
            "count the axes",
        ),
        _numel_step(shape),
    ]
    if names:
        steps.append(
            Step(
                f"axes: ({', '.join(names)})",
                r"("
                + ",\\ ".join(r"\text{" + n.replace("_", UNDERSCORE) + "}" for n in names)
                + ")",
                "the usual meaning of each axis",
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
            Step(f"axis {axis}: {where} holds {size} {what}", rf"d_{{{axis}}} = {size}", "")
        )
        item = item[0]
    if not dims:
        steps.append(Step("a single number: no axes, shape ()", r"\text{shape} = ()", "a scalar"))
    steps.append(
        Step(
            f"shape {_tuple(dims)}, ndim = {len(dims)}",
            rf"\text{{ndim}} = {len(dims)}",
            "one size per axis",
        )
    )
    steps.append(_numel_step(dims))
    result = {"shape": dims, "ndim": len(dims), "numel": math.prod(dims)}
    return Explanation("shape", args.model_dump(), result, steps, [_tensor_note(len(dims))])


__all__ = [
    "add",
    "arithmetic",
    "coordinates",
    "cosine",
    "dot",
    "independence",
    "lincomb",
    "magnitude",
    "matmul",
    "matmul_shape",
    "norm",
    "normalize",
    "scale",
    "shape",
    "span",
    "subtract",
    "tensor",
    "transpose",
    "unit",
]
