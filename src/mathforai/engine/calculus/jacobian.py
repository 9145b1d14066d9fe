"""The Jacobian (3.4, 4.6): every partial derivative of a vector function, as a matrix.

Row i is the gradient of the i-th output; column j says how every output moves when the
j-th input is nudged. The chain rule for vector functions multiplies these matrices.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from ..explanation import Explanation, Step
from ..expressions import parse, to_pretty, variables
from ..inputs import Args, InputError, to_expression
from ..mathtree import Formula, Frac, Sub, count, eq, mat, seq, sym
from ..notation import num
from ..registry import operation
from .argtypes import Point
from .points import _value
from .rules import differentiate

MAX_OUTPUTS = 8  # functions in f: every entry is worked out, so the table must stay readable
MAX_INPUTS = 8  # variables in at


def _to_functions(x: Any) -> list[str]:
    if isinstance(x, str):
        x = [x]
    if not isinstance(x, list) or not x:
        raise PydanticCustomError(
            "mathforai", 'expected a list of expressions, such as ["x*y", "x + y^2"]'
        )
    if len(x) > MAX_OUTPUTS:
        raise PydanticCustomError(
            "mathforai", f"at most {MAX_OUTPUTS} functions; this list has {len(x)}"
        )
    return [to_expression(item) for item in x]


Functions = Annotated[
    list[str],
    BeforeValidator(_to_functions),
    Field(description='a list of expressions, such as ["x*y", "x + y^2"]'),
]


class JacobianArgs(Args):
    f: Functions
    at: Point


def _partial_name(i: int, var: str, outputs: int) -> Frac:
    top = sym("∂f") if outputs == 1 else Sub(sym("∂f"), count(i + 1))
    return Frac(top, sym(f"∂{var}"))


@operation(
    "jacobian",
    JacobianArgs,
    topic="3.4",
    summary="The Jacobian of a vector function: the matrix of every ∂fᵢ/∂xⱼ, at a point.",
    example={"f": ["x*y", "x + y^2"], "at": {"x": 2, "y": 3}},
)
def jacobian(a: JacobianArgs) -> Explanation:
    names = list(a.at)
    if len(names) > MAX_INPUTS:
        raise InputError("at", f"at most {MAX_INPUTS} variables; at gives {len(names)}")
    _every_variable_given(a.f, names)
    point = {sym_: a.at[str(sym_)] for sym_ in _symbols(a.f)}
    steps: list[Step] = []
    rows: list[list[float]] = []
    for i, f in enumerate(a.f):
        expr = parse(f, "f")
        _value(expr, {s: point[s] for s in variables(expr)}, f"f{_sub(i + 1)}")  # f itself defined
        partials = [differentiate(f, var, partial=True).result for var in names]
        steps.append(
            Step(
                math=seq(
                    *(
                        eq(_partial_name(i, var, len(a.f)), Formula(d))
                        for var, d in zip(names, partials, strict=True)
                    )
                ),
                note=f"row {i + 1}: differentiate f{_sub(i + 1)} = {to_pretty(parse(f, 'f'))} "
                "in each variable",
            )
        )
        rows.append(
            [_value(d, {s: point[s] for s in variables(d)}, f"∂f{_sub(i + 1)}") for d in partials]
        )
    where = ", ".join(f"{name} = {num(a.at[name])}" for name in names)
    steps.append(
        Step(
            math=eq(sym("J"), mat(rows)),
            note=f"every partial derivative at ({where}): one row per output, one column per input",
        )
    )
    return Explanation("jacobian", a.model_dump(), rows, steps, _notes(rows, names))


def _sub(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _symbols(functions: list[str]) -> set[Any]:
    return {s for f in functions for s in variables(parse(f, "f"))}


def _every_variable_given(functions: list[str], names: list[str]) -> None:
    for i, f in enumerate(functions):
        missing = [str(s) for s in variables(parse(f, "f")) if str(s) not in names]
        if missing:
            raise InputError(
                "at",
                f"at must give a value for every variable: f{_sub(i + 1)} = {f} uses "
                f"{', '.join(missing)}",
            )


def _notes(rows: list[list[float]], names: list[str]) -> list[str]:
    m, k = len(rows), len(names)
    notes = [
        f"The Jacobian is {m}×{k}: {m} output{'s' if m != 1 else ''} by {k} input"
        f"{'s' if k != 1 else ''}. Row i is the gradient of fᵢ; column j is how all outputs "
        f"move when {names[0] if k == 1 else 'one input'} is nudged."
    ]
    if m == 1:
        notes.append("With a single output the Jacobian is one row: the gradient.")
    notes.append(
        "The chain rule for vector functions multiplies Jacobians: J(g∘f) = J(g)·J(f), "
        "each evaluated at the point it sees."
    )
    return notes


__all__ = ["jacobian"]
