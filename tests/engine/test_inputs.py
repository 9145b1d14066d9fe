"""Reading command-line values, and the catalogue of bad input every operation must refuse.

Each bad input must raise InputError whose message names the argument, so a learner
knows which value to fix.
"""

from __future__ import annotations

import math

import pytest

from mathforai.engine import OPERATIONS, InputError, UnknownOperation, explain, parse_value

# ---------------------------------------------------------------------------
# parse_value
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", 3),
        ("-2", -2),
        ("0.5", 0.5),
        ("-2.5", -2.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        (" 7 ", 7),
    ],
)
def test_numbers(text: str, expected: float) -> None:
    value = parse_value(text)
    assert isinstance(value, int | float) and not isinstance(value, bool)
    assert math.isclose(value, expected)


def test_whole_numbers_stay_integers() -> None:
    assert isinstance(parse_value("3"), int)
    assert isinstance(parse_value("3.0"), float)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,2,3", [1, 2, 3]),
        ("[1,2,3]", [1, 2, 3]),
        ("[1, 2, 3]", [1, 2, 3]),
        ("-1,0.5,2", [-1, 0.5, 2]),
        ("1,2;3,4", [[1, 2], [3, 4]]),
        ("[[1,2],[3,4]]", [[1, 2], [3, 4]]),
        ("[[1,0],[0,1]]", [[1, 0], [0, 1]]),
        ("[]", []),
    ],
)
def test_vectors_and_matrices(text: str, expected: list) -> None:
    assert parse_value(text) == expected


def test_json_objects() -> None:
    assert parse_value('{"x": 1, "y": 2}') == {"x": 1, "y": 2}


@pytest.mark.parametrize(("text", "expected"), [("true", True), ("false", False), ("TRUE", True)])
def test_booleans(text: str, expected: bool) -> None:
    assert parse_value(text) is expected


@pytest.mark.parametrize(
    "text", ["3*x^3+2*x^2+5*x+7", "x^2 + y^2", "(3*x + 1)^2", "minmax", "l2", "e"]
)
def test_expressions_and_words_stay_text(text: str) -> None:
    assert parse_value(text) == text


def test_inf_stays_text_so_norm_can_read_it() -> None:
    assert parse_value("inf") == "inf"
    assert explain("norm", {"v": [3, -4, 2], "p": parse_value("inf")}).result == pytest.approx(4)


def test_quoted_json_string() -> None:
    assert parse_value('"minmax"') == "minmax"


def test_code_is_never_run() -> None:
    text = "__import__('os').system('x')"
    assert parse_value(text) == text


def test_absurdly_deep_nesting_is_bad_input_not_a_crash() -> None:
    text = "[" * 100_000
    assert parse_value(text) == text
    with pytest.raises(InputError) as info:
        explain("magnitude", {"v": parse_value(text)})
    assert info.value.field == "v"


def test_non_finite_cells_are_read_as_numbers_so_the_error_says_finite() -> None:
    value = parse_value("1,nan,3")
    assert value[0] == 1 and math.isnan(value[1])
    with pytest.raises(InputError) as info:
        explain("magnitude", {"v": value})
    assert "finite" in info.value.message


# ---------------------------------------------------------------------------
# The bad-input catalogue, through engine.explain
# ---------------------------------------------------------------------------


def refused(op: str, args: dict) -> InputError:
    with pytest.raises(InputError) as info:
        explain(op, args)
    return info.value


CATALOGUE = [
    # (why, op, args, field, words the message must contain)
    ("NaN", "dot", {"u": [1, math.nan], "v": [1, 2]}, "u", "finite"),
    ("infinity", "dot", {"u": [1, 2], "v": [math.inf, 2]}, "v", "finite"),
    ("minus infinity", "magnitude", {"v": [-math.inf]}, "v", "finite"),
    ("too large", "magnitude", {"v": [1, 2e12]}, "v", "too large"),
    ("too large negative", "scale", {"c": -1e13, "v": [1]}, "c", "too large"),
    ("NaN scalar", "arithmetic", {"a": math.nan, "b": 1}, "a", "finite"),
    ("empty vector", "magnitude", {"v": []}, "v", "empty"),
    ("10,001 numbers", "magnitude", {"v": [1.0] * 10_001}, "v", "10,000"),
    ("10,001 in a matrix", "transpose", {"A": [[1.0] * 101] * 100}, "A", "10,000"),
    ("text for a vector", "magnitude", {"v": "abc"}, "v", "vector"),
    ("object for a vector", "magnitude", {"v": {"a": 1}}, "v", "vector"),
    ("one number for a vector", "magnitude", {"v": 5}, "v", "one number"),
    ("bool in a vector", "magnitude", {"v": [1, True]}, "v", "number"),
    ("text in a vector", "dot", {"u": [1, "a"], "v": [1, 2]}, "u", "number"),
    ("nested for a vector", "magnitude", {"v": [[1, 2]]}, "v", "flat list"),
    ("bool for a number", "scale", {"c": True, "v": [1]}, "c", "number"),
    ("text for a number", "arithmetic", {"a": "five", "b": 3}, "a", "number"),
    ("vector for a matrix", "transpose", {"A": [1, 2, 3]}, "A", "matrix"),
    ("text for a shape", "tensor", {"shape": "32x512"}, "shape", "shape"),
    (
        "code for a vector",
        "dot",
        {"u": "__import__('os').system('x')", "v": [1, 2]},
        "u",
        "vector",
    ),
    (
        "code for a matrix",
        "matmul",
        {"A": [[1]], "B": "__import__('os').system('x')"},
        "B",
        "vector",
    ),
    ("unknown argument", "dot", {"u": [1], "v": [2], "w": [3]}, "w", "no argument 'w'"),
    ("missing argument", "dot", {"u": [1, 2]}, "v", "missing"),
    ("misspelt argument", "magnitude", {"vec": [3, 4]}, "v", "missing"),
]


@pytest.mark.parametrize(
    ("op", "args", "field", "words"),
    [case[1:] for case in CATALOGUE],
    ids=[case[0] for case in CATALOGUE],
)
def test_bad_input_names_the_field(op: str, args: dict, field: str, words: str) -> None:
    err = refused(op, args)
    assert err.field == field
    assert field in err.message
    assert words in err.message
    assert err.to_dict() == {"error": err.message, "field": field}


def test_messages_are_one_line() -> None:
    for _, op, args, _, _ in CATALOGUE:
        assert "\n" not in refused(op, args).message


def _required(name: str) -> list[str]:
    return [a["name"] for a in OPERATIONS[name].arguments() if a["required"]]


def _first_list_argument(name: str) -> str | None:
    return next((k for k, v in OPERATIONS[name].example.items() if isinstance(v, list)), None)


@pytest.mark.parametrize("name", sorted(n for n in OPERATIONS if _required(n)))
def test_every_operation_names_its_missing_arguments(name: str) -> None:
    required = _required(name)
    err = refused(name, {})
    assert err.field in required
    assert "missing" in err.message
    # It names what must be given, and calls the rest optional (not "needed").
    needed, _, optional = err.message.partition("; ")
    assert needed.split(" needs ", 1)[1].split(", ") == list(required)
    others = [a for a, f in OPERATIONS[name].args.model_fields.items() if not f.is_required()]
    if others:
        assert optional.rsplit(" ", 2)[0].split(", ") == others and optional.endswith("optional")


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_every_operation_refuses_unknown_arguments(name: str) -> None:
    args = {**OPERATIONS[name].example, "bogus": 1}
    err = refused(name, args)
    assert err.field == "bogus" and "bogus" in err.message


@pytest.mark.parametrize("name", sorted(n for n in OPERATIONS if _first_list_argument(n)))
def test_every_operation_refuses_code_where_a_value_is_expected(name: str) -> None:
    # The first list-valued argument (a vector, matrix or list of vectors) gets code instead.
    example = dict(OPERATIONS[name].example)
    target = _first_list_argument(name)
    assert target is not None
    example[target] = "__import__('os').system('touch /tmp/pwned')"
    err = refused(name, example)
    assert err.field == target


def test_arguments_must_be_an_object() -> None:
    with pytest.raises(InputError):
        explain("dot", [1, 2])  # type: ignore[arg-type]


def test_unknown_operation() -> None:
    with pytest.raises(UnknownOperation) as info:
        explain("cross_product", {})
    assert "--list" in str(info.value)
