"""Fuzzing: whatever a client sends, the app answers without a server error, and every
API refusal says what was wrong. Also the two parsers of learner text: the CLI's
NAME=VALUE arguments and practice answers.

The API part is schemathesis against the app's own /openapi.json, in process (no server).
MATHFORAI_FUZZ_EXAMPLES sets the examples per operation: modest here, more in `make fuzz`.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from typer.testing import CliRunner

from mathforai.cli import app as cli_app
from mathforai.course.model import Course
from mathforai.engine import OPERATIONS, parse_value
from mathforai.practice.answers import AnswerFormatError, parse_answer
from mathforai.practice.registry import exercise_from_id, generators
from mathforai.progress.repository import EXPORT_FORMAT, EXPORT_VERSION, Export
from mathforai.settings import Settings
from mathforai.web.app import create_app

EXAMPLES = int(os.environ.get("MATHFORAI_FUZZ_EXAMPLES", "25"))
TEXT_EXAMPLES = int(os.environ.get("MATHFORAI_FUZZ_TEXT_EXAMPLES", "100"))

FUZZ_SETTINGS = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    # Drawing a whole request body from a JSON schema is slow, and slower on a loaded
    # 2-core machine: `too_slow` would flag the machine, not the app. The other checks
    # (filter_too_much, data_too_large, ...) point at a strategy that cannot reach the
    # app, which is what this file must notice, so they stay on.
    suppress_health_check=[HealthCheck.too_slow],
    database=None,  # a fuzz run is exploration; failures are reported with their case
)


# ---- the spec, as complete as a client could use it ---------------------------------------


@pytest.fixture(scope="module")
def fuzz_app(course: Course, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    """An app of its own: fuzzed imports and resets must not touch other tests' learners."""
    data: Path = tmp_path_factory.mktemp("fuzz")
    database = f"sqlite:///{data / 'progress.sqlite3'}"
    return create_app(Settings(database_url=database, max_body_bytes=4096), course)


@pytest.fixture(scope="module")
def api_schema(fuzz_app: FastAPI, course: Course) -> Any:
    with TestClient(fuzz_app) as client:
        spec = client.get("/openapi.json").json()
    loaded = schemathesis.openapi.from_dict(complete_spec(spec, course))
    loaded.app = fuzz_app
    loaded.location = "/openapi.json"
    return loaded


def complete_spec(spec: dict[str, Any], course: Course) -> dict[str, Any]:
    """The app's spec plus what its docs tell a client: the real ids a path accepts, and
    the request bodies of routes that read theirs by hand and so declare none (a declared
    body is never replaced). Positive cases then reach the real work, and negative cases
    are what the docs rule out: unknown ids, wrong types, missing fields."""
    spec = copy.deepcopy(spec)
    paths: dict[str, Any] = spec["paths"]
    quizzes = sorted({quiz.id for doc in course.documents for quiz in doc.quizzes})
    _known_values(paths, "topic_id", sorted(generators()))
    _known_values(paths, "quiz_id", quizzes)
    explain = paths.pop("/api/explain/{op}", None)
    if explain is not None:  # one path per operation: each has its own body
        for name, operation in OPERATIONS.items():
            post = copy.deepcopy(explain["post"])
            post["operationId"] = f"explain_{name}"
            post["parameters"] = []
            post.setdefault("requestBody", _json_body(operation.args.model_json_schema()))
            paths[f"/api/explain/{name}"] = {"post": post}
    for (path, method), body in request_bodies().items():
        if path in paths and method in paths[path]:
            paths[path][method].setdefault("requestBody", body)
    components = spec.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in export_schema()[1].items():
        components.setdefault(name, definition)
    return spec


def _known_values(paths: dict[str, Any], name: str, values: list[str]) -> None:
    for operations in paths.values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == name and parameter["in"] == "path":
                    parameter["schema"] = {"type": "string", "enum": values}


def _json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _form_body(schema: dict[str, Any], media: str) -> dict[str, Any]:
    return {"required": True, "content": {media: {"schema": schema}}}


# Ids name a generator and carry the server's signature; fuzzed ones are refused cleanly.
EXERCISE_ID = {
    "type": "string",
    "pattern": r"^[123]\.[1-9]:(dot-compute|[a-z-]{1,12}):[0-9]{1,6}(~[A-Za-z0-9_-]{0,16})?$",
}
FORM = "application/x-www-form-urlencoded"


def _object(required: list[str], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def request_bodies() -> dict[tuple[str, str], dict[str, Any]]:
    """The bodies DESIGN.md describes for the routes that read theirs by hand."""
    answer = _object(["exercise_id", "answer"], exercise_id=EXERCISE_ID, answer={"type": "string"})
    reveal = _object(["exercise_id", "reveal"], exercise_id=EXERCISE_ID, reveal={"const": True})
    form_answer = _object(
        ["exercise_id"],
        exercise_id=EXERCISE_ID,
        answer={"type": "string"},
        reveal={"enum": ["", "1"]},
        review={"enum": ["", "1"]},
    )
    upload = {"type": "string", "format": "binary"}
    return {
        ("/api/practice/answer", "post"): _json_body({"oneOf": [answer, reveal]}),
        ("/api/quiz/{quiz_id}", "post"): _json_body(
            _object(["choice"], choice={"type": "integer", "minimum": 0, "maximum": 5})
        ),
        ("/api/progress/import", "post"): _json_body(export_schema()[0]),
        ("/api/progress/reset", "post"): _json_body(_object(["confirm"], confirm={"const": True})),
        ("/practice/{topic_id}", "post"): _form_body(form_answer, FORM),
        ("/progress/reset", "post"): _form_body(
            _object(["confirm"], confirm={"enum": ["yes", "no"]}), FORM
        ),
        ("/progress/import", "post"): _form_body(
            _object(["file"], file=upload), "multipart/form-data"
        ),
    }


def export_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """The progress export's schema, and the definitions it refers to (for components)."""
    export = Export.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions = export.pop("$defs", {})
    export["properties"]["format"] = {"const": EXPORT_FORMAT}
    export["properties"]["version"] = {"const": EXPORT_VERSION}
    return export, definitions


# ---- the API fuzz -------------------------------------------------------------------------


def operations(loaded: Any) -> list[Any]:
    found = [result.ok() for result in loaded.get_all_operations()]
    return sorted(found, key=lambda op: op.label)


def check_response(case: Any) -> None:
    """Never a 5xx; every API refusal is JSON with a non-empty "error"."""
    response = case.call()
    where = f"{case.method} {case.formatted_path} body={case.body!r:.300}"
    assert response.status_code < 500, f"{response.status_code} for {where}: {response.text:.300}"
    if 400 <= response.status_code < 500 and case.formatted_path.startswith("/api/"):
        body = response.json()
        assert isinstance(body, dict), where
        assert isinstance(body.get("error"), str), f"{where}: {response.text:.300}"
        assert body["error"].strip(), where


SLICES = 3  # the operations are fuzzed in slices, so `pytest -n` can spread them


@pytest.mark.parametrize("part", range(SLICES), ids=lambda i: f"slice{i + 1}of{SLICES}")
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_no_request_gets_a_server_error(api_schema: Any, mode: GenerationMode, part: int) -> None:
    """Positive: requests the spec allows; negative: requests it forbids (wrong types,
    missing fields, stray values). EXAMPLES cases for each operation of the spec."""
    assert fuzz_each(operations(api_schema)[part::SLICES], mode) == []


def fuzz_each(ops: list[Any], mode: GenerationMode) -> list[str]:
    """What went wrong in each operation, fuzzed in `mode`; empty when nothing did."""
    failures: list[str] = []
    for operation in ops:

        @FUZZ_SETTINGS
        @given(case=operation.as_strategy(generation_mode=mode))
        def fuzz(case: Any) -> None:
            check_response(case)

        try:
            fuzz()
        except Unsatisfiable as exc:
            # Negative mode: an operation with nothing a client could get wrong has no cases.
            # Positive mode: the spec allows no request at all, so nothing was tested.
            if mode != GenerationMode.NEGATIVE:
                failures.append(f"{operation.label}: no valid request can be generated: {exc}")
        except Exception as exc:
            failures.append(f"{operation.label}: {type(exc).__name__}: {exc}")
    return failures


def test_a_spec_that_allows_no_request_fails_the_positive_fuzz() -> None:
    """The harness itself: an impossible body (an integer ≥ 5 and ≤ 1) must be reported,
    not passed over as if it had been fuzzed."""
    impossible = {"type": "integer", "minimum": 5, "maximum": 1}
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "impossible", "version": "1"},
        "paths": {
            "/api/nothing": {
                "post": {
                    "requestBody": _json_body(impossible),
                    "responses": {"200": {"description": "never"}},
                }
            }
        },
    }
    ops = operations(schemathesis.openapi.from_dict(spec))
    failures = fuzz_each(ops, GenerationMode.POSITIVE)
    assert len(failures) == 1 and "no valid request" in failures[0], failures


def test_the_fuzzed_spec_covers_every_api_route(api_schema: Any, fuzz_app: FastAPI) -> None:
    """A new route is fuzzed without anyone remembering to add it here."""
    fuzzed = {op.path for op in operations(api_schema)}
    routes = {route.path for route in fuzz_app.routes if getattr(route, "include_in_schema", 0)}
    routes.discard("/api/explain/{op}")
    assert routes <= fuzzed
    assert {f"/api/explain/{name}" for name in OPERATIONS} <= fuzzed
    posts = [op for op in operations(api_schema) if op.method.upper() == "POST"]
    bodiless = {"/api/practice/{topic_id}"}  # takes its input from the path and query
    assert all(op.body or op.path in bodiless for op in posts)


# ---- the parsers of learner text ----------------------------------------------------------

TEXT_SETTINGS = hypothesis_settings(max_examples=TEXT_EXAMPLES, deadline=None)

# Text that looks like what people type: numbers, lists, JSON, expressions, and junk.
NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e308", "1e400", "-0", ".5", "5.", "nan", "inf", "-Infinity", "1_000"]),
)
VALUE_TEXT = st.one_of(
    st.text(max_size=40),
    NUMBERS,
    st.lists(NUMBERS, max_size=6).map(",".join),
    st.lists(st.lists(NUMBERS, max_size=4).map(",".join), max_size=4).map(";".join),
    st.recursive(
        st.one_of(st.integers(-100, 100), st.floats(-1e6, 1e6), st.text(max_size=5), st.none()),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner),
        max_leaves=12,
    ).map(json.dumps),
    st.sampled_from(["[" * 2000, "x^2 + 3*x", "__import__('os')", "1,2;3", "true", "[[1,2],[3]]"]),
)


@TEXT_SETTINGS
@given(text=VALUE_TEXT)
def test_parse_value_reads_any_text_without_raising(text: str) -> None:
    value = parse_value(text)
    assert value is None or isinstance(value, bool | int | float | str | list | dict)


def argument_names(op: str) -> st.SearchStrategy[str]:
    names = [argument["name"] for argument in OPERATIONS[op].arguments()]
    return st.one_of(st.sampled_from(names), st.text(max_size=8)) if names else st.text(max_size=8)


@st.composite
def explain_commands(draw: st.DrawFn) -> list[str]:
    op = draw(st.one_of(st.sampled_from(sorted(OPERATIONS)), st.text(max_size=12)))
    names = argument_names(op) if op in OPERATIONS else st.text(max_size=8)
    pairs = draw(st.lists(st.tuples(names, VALUE_TEXT), max_size=4))
    assignments = [f"{name}={value}" for name, value in pairs]
    return ["explain", op, *assignments, *draw(st.sampled_from([[], ["-f", "json"], ["-f", "x"]]))]


@pytest.fixture(scope="module")
def cli() -> CliRunner:
    return CliRunner()


@TEXT_SETTINGS
@given(args=explain_commands())
def test_explain_answers_any_arguments_with_a_result_or_a_message(
    cli: CliRunner, args: list[str]
) -> None:
    """Exit 0 with the working, or 2 with one line saying what is wrong; never a crash."""
    result = cli.invoke(cli_app, args)
    assert result.exit_code in (0, 2), f"{args!r}: {result.output[-500:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), args
    assert "Traceback" not in result.output


# One exercise of each answer format, so every parser is fuzzed.
FORMAT_EXERCISES = {
    "number": "1.1:scalar-mean-loss:1",
    "choice": "1.1:scalar-largest:1",
    "vector": "1.2:vector-unit:1",
    "shape": "1.3:matrix-shape:1",
    "matrix": "1.3:matrix-add:1",
    "boolean": "1.11:span-member:1",
}

ANSWERS = st.one_of(
    VALUE_TEXT,
    st.text(alphabet="0123456789.,;-+eE()[] /x*^", max_size=30),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(-5, 5), max_size=4),
    st.text(min_size=1000, max_size=1200),
)


@pytest.mark.parametrize("answer_format", sorted(FORMAT_EXERCISES))
@TEXT_SETTINGS
@given(answer=ANSWERS)
def test_parse_answer_gives_a_value_or_a_format_error(answer_format: str, answer: Any) -> None:
    exercise = exercise_from_id(FORMAT_EXERCISES[answer_format])
    assert exercise.answer_format == answer_format
    try:
        parse_answer(exercise, answer)
    except AnswerFormatError as exc:
        assert str(exc).strip()  # the learner is told what is wrong
