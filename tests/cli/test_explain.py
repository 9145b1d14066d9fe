"""`mathforai explain`: the installed console script for a few cases, CliRunner for the many.

Every operation in the registry is run at its `example` inputs, so operations added
later are covered without editing this file.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mathforai.cli import app
from mathforai.engine import OPERATIONS, explain
from mathforai.engine.explanation import jsonable

SCRIPT = Path(sys.executable).parent / "mathforai"
CONTRACT_KEYS = {"operation", "inputs", "result", "steps", "notes"}


def script(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, timeout=60, env=env, check=False
    )


def example_args(name: str) -> list[str]:
    """NAME=VALUE pairs for an operation's example, each VALUE written as JSON."""
    return [f"{k}={json.dumps(v)}" for k, v in OPERATIONS[name].example.items()]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


# ---------------------------------------------------------------------------
# The real console script
# ---------------------------------------------------------------------------


def test_console_script_is_installed() -> None:
    assert SCRIPT.exists(), f"{SCRIPT} is missing: install the package into this venv"


def test_dot_prints_the_working_and_ends_in_32() -> None:
    done = script("explain", "dot", "u=1,2,3", "v=4,5,6")
    assert done.returncode == 0, done.stderr
    assert "(1 × 4) + (2 × 5) + (3 × 6)" in done.stdout
    assert "4 + 10 + 18 = 32" in done.stdout
    result = next(line for line in done.stdout.splitlines() if line.startswith("Result:"))
    assert result.rstrip().endswith("32")


def test_json_from_the_script_is_the_contract() -> None:
    done = script("explain", "matmul", "A=1,2;3,4", "B=[[5,6],[7,8]]", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == CONTRACT_KEYS
    assert data["result"] == [[19, 22], [43, 50]]


def test_list_names_every_operation() -> None:
    done = script("explain", "--list")
    assert done.returncode == 0, done.stderr
    for name in OPERATIONS:
        assert name in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "dot", "u=1,2,3", "v=4,5"],
        ["explain", "dot", "u=__import__('os').system('x')", "v=1,2"],
        ["explain", "nosuchop", "x=1"],
    ],
)
def test_script_bad_input_is_one_line_and_exit_2(args: list[str]) -> None:
    done = script(*args)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr + done.stdout


# ---------------------------------------------------------------------------
# Every operation, through CliRunner
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_json_for_every_operation_follows_the_contract(runner: CliRunner, name: str) -> None:
    res = runner.invoke(app, ["explain", name, *example_args(name), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) == CONTRACT_KEYS
    assert data["operation"] == name
    assert set(OPERATIONS[name].example) <= set(data["inputs"])
    assert data["steps"], "an explanation shows its working"
    for step in data["steps"]:
        # text, latex and note are the contract; `math` is the tree they are printed from
        assert set(step) - {"math"} == {"text", "latex", "note"}
        assert all(isinstance(step[k], str) for k in ("text", "latex", "note"))
        assert step["text"] and step["latex"]
    assert all(isinstance(n, str) for n in data["notes"])
    # The command line reads values exactly as the engine receives them.
    expected = jsonable(explain(name, OPERATIONS[name].example).result)
    assert data["result"] == expected


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_text_for_every_operation(runner: CliRunner, name: str) -> None:
    res = runner.invoke(app, ["explain", name, *example_args(name)])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(name)
    assert "Result:" in res.stdout


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_help_for_every_operation_lists_its_arguments(runner: CliRunner, name: str) -> None:
    res = runner.invoke(app, ["explain", name, "--help"], env={"COLUMNS": "60"})
    assert res.exit_code == 0, res.output
    for arg in OPERATIONS[name].arguments():
        assert f"{arg['name']}:" in res.stdout
        assert arg["description"], f"{name}.{arg['name']} has no description"
    # The example line is one line, and runs as a shell would split it.
    example = res.stdout.rstrip().splitlines()[-1]
    assert example.startswith(f"Example: mathforai explain {name} ") and "..." not in example
    words = shlex.split(example.removeprefix("Example: mathforai "))
    ran = runner.invoke(app, words)
    assert ran.exit_code == 0, ran.output
    assert ran.stdout.startswith(name) and "Result:" in ran.stdout


def test_latex_format(runner: CliRunner) -> None:
    res = runner.invoke(app, ["explain", "dot", "u=1,2,3", "v=4,5,6", "--format", "latex"])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(r"\begin{aligned}")
    assert r"\times" in res.stdout and res.stdout.rstrip().endswith(r"\end{aligned}")


def test_value_forms_agree(runner: CliRunner) -> None:
    """1,2;3,4 and [[1,2],[3,4]] are the same matrix."""
    outputs = [
        runner.invoke(app, ["explain", "transpose", f"A={a}", "-f", "json"]).stdout
        for a in ("1,2;3,4", "[[1,2],[3,4]]")
    ]
    assert json.loads(outputs[0])["result"] == json.loads(outputs[1])["result"] == [[1, 3], [2, 4]]


def test_list(runner: CliRunner) -> None:
    res = runner.invoke(app, ["explain", "--list"])
    assert res.exit_code == 0
    assert "dot" in res.stdout and "magnitude" in res.stdout


def test_bare_explain_shows_usage(runner: CliRunner) -> None:
    res = runner.invoke(app, ["explain"])
    assert res.exit_code == 0
    assert "NAME=VALUE" in res.stdout


BAD = [
    ("lengths differ", ["dot", "u=1,2,3", "v=4,5"], "same length"),
    ("unknown op", ["nosuchop"], "unknown operation"),
    ("unknown argument", ["dot", "u=1,2", "v=3,4", "w=3"], "no argument 'w'"),
    ("missing argument", ["dot", "u=1,2"], "v is missing"),
    ("not NAME=VALUE", ["dot", "u"], "NAME=VALUE"),
    ("code for a vector", ["magnitude", "v=__import__('os').system('x')"], "v:"),
    ("NaN", ["magnitude", "v=1,nan"], "finite"),
    ("too big", ["magnitude", "v=1,1e13"], "too large"),
    ("empty", ["magnitude", "v=[]"], "empty"),
    ("bad JSON", ["magnitude", "v=[1,2"], "v:"),
    ("bad p", ["norm", "v=1,2", "p=3"], "p:"),
    ("zero vector", ["cosine", "u=0,0", "v=1,2"], "zero vector"),
    ("matmul shapes", ["matmul", "A=1,2,3;4,5,6", "B=1,2,3;4,5,6"], "columns of A (3)"),
    ("bad format", ["dot", "u=1", "v=2", "--format", "yaml"], "--format"),
]


@pytest.mark.parametrize(("args", "words"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    runner: CliRunner, args: list[str], words: str
) -> None:
    res = runner.invoke(app, ["explain", *args])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("error:") and words in lines[0]
    assert res.stdout == ""
    assert "Traceback" not in res.output
