"""Reading and checking user values: one place for every limit, one error type.

Every front end (CLI, HTTP, widgets, practice) passes raw values through here, so a
limit or a message changes in one place.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)
from pydantic_core import PydanticCustomError

MAX_NUMBERS = 10_000
MAX_ABS = 1e12
MAX_EXPRESSION = 200
MAX_GD_STEPS = 1_000


class InputError(ValueError):
    """Bad user input: names the argument and says how to fix it."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def to_dict(self) -> dict[str, str | None]:
        return {"error": self.message, "field": self.field}


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("mathforai", message)


def _number(x: Any) -> float:
    # bool is an int in Python; "true" for a number is almost always a slip.
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise _fail(f"expected a number, got {_describe(x)}")
    xf = float(x)
    if not math.isfinite(xf):
        raise _fail("every number must be finite (no NaN or infinity)")
    if abs(xf) > MAX_ABS:
        raise _fail(f"numbers must be at most {MAX_ABS:.0e} in size; {x} is too large")
    return xf


def _describe(x: Any) -> str:
    if isinstance(x, str):
        shown = x if len(x) <= 20 else x[:17] + "..."
        return f"the text {shown!r}"
    if isinstance(x, bool):
        return str(x).lower()
    if isinstance(x, list):
        return "a list"
    if isinstance(x, dict):
        return "an object"
    return type(x).__name__


def _count(x: Any) -> int:
    if isinstance(x, list | tuple):
        return sum(_count(item) for item in x)
    return 1


def _check_count(x: Any) -> None:
    if _count(x) > MAX_NUMBERS:
        raise _fail(f"at most {MAX_NUMBERS:,} numbers are allowed in one value")


def to_number(x: Any) -> float:
    return _number(x)


def to_vector(x: Any) -> list[float]:
    if isinstance(x, int | float) and not isinstance(x, bool):
        raise _fail("expected a vector (a list of numbers such as [1, 2, 3]), got one number")
    if not isinstance(x, list | tuple):
        raise _fail(f"expected a vector such as [1, 2, 3], got {_describe(x)}")
    if len(x) == 0:
        raise _fail("the vector is empty: give at least one number, such as [1, 2, 3]")
    _check_count(x)
    if any(isinstance(item, list | tuple) for item in x):
        raise _fail("expected a flat list of numbers such as [1, 2, 3], not a list of lists")
    return [_number(item) for item in x]


def to_matrix(x: Any) -> list[list[float]]:
    if not isinstance(x, list | tuple) or len(x) == 0:
        raise _fail("expected a matrix written as rows, such as [[1, 2], [3, 4]]")
    _check_count(x)
    if not all(isinstance(row, list | tuple) for row in x):
        raise _fail("expected a matrix written as rows, such as [[1, 2], [3, 4]]")
    rows = [to_vector(row) for row in x]
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise _fail(
                f"row 1 has {width} numbers but row {i + 1} has {len(row)}: "
                "every row of a matrix needs the same length"
            )
    return rows


def to_vector_list(x: Any) -> list[list[float]]:
    """Like a matrix, but the messages speak of vectors (span, bases, combinations)."""
    if not isinstance(x, list | tuple) or not x or not all(isinstance(v, list | tuple) for v in x):
        raise _fail(
            "expected a list of vectors such as [[1, 0], [0, 1]] (one vector is written [[1, 2]])"
        )
    _check_count(x)
    vectors = [to_vector(v) for v in x]
    for i, v in enumerate(vectors):
        if len(v) != len(vectors[0]):
            raise _fail(
                f"vector 1 has {len(vectors[0])} numbers but vector {i + 1} has {len(v)}: "
                "all vectors need the same length"
            )
    return vectors


def to_vector_or_matrix(x: Any) -> list[float] | list[list[float]]:
    if isinstance(x, list | tuple) and x and all(isinstance(r, list | tuple) for r in x):
        return to_matrix(x)
    return to_vector(x)


def to_probability(x: Any) -> float:
    p = _number(x)
    if not 0.0 <= p <= 1.0:
        raise _fail(f"a probability must be between 0 and 1; {x} is not")
    return p


def to_expression(x: Any) -> str:
    if isinstance(x, int | float) and not isinstance(x, bool):
        x = str(x)
    if not isinstance(x, str):
        raise _fail(f'expected an expression in x such as "x^2 + 3*x", got {_describe(x)}')
    if not x.strip():
        raise _fail('the expression is empty: write one such as "x^2 + 3*x"')
    if len(x) > MAX_EXPRESSION:
        raise _fail(f"expressions are limited to {MAX_EXPRESSION} characters; this has {len(x)}")
    return x


Number = Annotated[
    float, BeforeValidator(to_number), Field(description="a number, such as 3 or 0.5")
]
Vector = Annotated[
    list[float], BeforeValidator(to_vector), Field(description="a vector, such as [1, 2, 3]")
]
Matrix = Annotated[
    list[list[float]],
    BeforeValidator(to_matrix),
    Field(description="a matrix given as rows, such as [[1, 2], [3, 4]]"),
]
VectorOrMatrix = Annotated[
    list[float] | list[list[float]],
    BeforeValidator(to_vector_or_matrix),
    Field(description="a vector such as [1, 2] or a matrix such as [[1, 2], [3, 4]]"),
]
VectorList = Annotated[
    list[list[float]],
    BeforeValidator(to_vector_list),
    Field(description="a list of vectors of one length, such as [[1, 0], [0, 1]]"),
]
Probability = Annotated[
    float, BeforeValidator(to_probability), Field(description="a probability between 0 and 1")
]
Expression = Annotated[
    str,
    BeforeValidator(to_expression),
    Field(description='an expression such as "3*x^3 + 2*x^2 + 5*x + 7"'),
]


class Args(BaseModel):
    """Base for every operation's argument schema: unknown names are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def validate_args(model: type[Args], raw: Mapping[str, Any], operation: str) -> Args:
    """Validate raw values against an operation's schema, or raise one clear InputError."""
    if not isinstance(raw, Mapping):
        raise InputError(None, "arguments must be an object of names and values")
    try:
        return model.model_validate(dict(raw))
    except ValidationError as exc:
        raise _first_error(exc, model, operation) from None


def _takes(model: type[Args]) -> str:
    """ "needs f; at is optional": which arguments must be given, and which may be."""
    required = [n for n, f in model.model_fields.items() if f.is_required()]
    optional = [n for n, f in model.model_fields.items() if not f.is_required()]
    text = f"needs {', '.join(required)}"
    if not optional:
        return text
    return f"{text}; {', '.join(optional)} {'is' if len(optional) == 1 else 'are'} optional"


def _first_error(exc: ValidationError, model: type[Args], operation: str) -> InputError:
    err = exc.errors(include_url=False)[0]
    name = str(err["loc"][0]) if err["loc"] else None
    names = ", ".join(model.model_fields) or "no arguments"
    if err["type"] == "missing":
        return InputError(name, f"{name} is missing: {operation} {_takes(model)}")
    if err["type"] == "extra_forbidden":
        return InputError(name, f"{operation} has no argument {name!r}; it takes {names}")
    if name is None:
        return InputError(None, err["msg"])
    field = model.model_fields.get(name)
    where = "".join(f"[{p}]" for p in err["loc"][1:] if isinstance(p, int))
    if err["type"] == "mathforai":
        return InputError(name, f"{name}{where}: {err['msg']}")
    expected = field.description if field and field.description else "a valid value"
    return InputError(name, f"{name}{where}: expected {expected}")


_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def parse_value(text: str) -> Any:
    """Read one command-line VALUE: a number, 1,2,3, 1,2;3,4, true/false, JSON, or text.

    Text that is none of these is returned as a string (an expression, or "inf").
    Nothing is evaluated.
    """
    s = text.strip()
    if s.lower() in ("true", "false"):
        return s.lower() == "true"
    if _NUMBER.match(s):
        return _plain_number(s)
    if s[:1] in '[{"' or s.lower() in ("nan", "-nan", "infinity", "-infinity"):
        try:
            return json.loads(s)
        except (ValueError, RecursionError):  # deeply nested JSON is bad input, not a crash
            pass
    if ";" in s or ("," in s and not s.startswith("[")):
        rows = [row.strip() for row in s.strip(";").split(";")]
        parsed = [[_cell(c) for c in row.split(",")] for row in rows]
        if any(isinstance(c, str) for row in parsed for c in row):
            return s
        return parsed if ";" in s else parsed[0]
    return s


def _plain_number(s: str) -> int | float:
    value = float(s)
    # A 400-digit integer is inf as a float: keep it a float so the check says "too large".
    whole = _NUMBER.match(s) and re.fullmatch(r"[+-]?\d+", s) and math.isfinite(value)
    return int(value) if whole else value


_NON_FINITE = {
    "nan": math.nan,
    "inf": math.inf,
    "+inf": math.inf,
    "-inf": -math.inf,
    "infinity": math.inf,
    "-infinity": -math.inf,
}


def _cell(c: str) -> Any:
    c = c.strip()
    if c.lower() in _NON_FINITE:
        # Read as numbers so the error says "must be finite", not "not a vector".
        return _NON_FINITE[c.lower()]
    return _plain_number(c) if _NUMBER.match(c) else c
