"""`mathforai practice`: terminal practice that saves to the same store as the web app.

The installed console script once (an answer piped on stdin lands in SQLite), CliRunner for
the rest. Every expected answer is computed from the exercise, never typed by hand.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from mathforai.cli import app
from mathforai.cli_practice import (
    LEARNER_FILE,
    PracticeSession,
    choose_topic,
    open_store,
    terminal_learner,
)
from mathforai.cli_text import plain_math
from mathforai.practice.exercise import Exercise
from mathforai.practice.grading import expected_text
from mathforai.practice.registry import MAX_SEED, generators, make_exercise
from mathforai.practice.service import new_exercise, topics_with_practice
from mathforai.progress.repository import ProgressStore

SCRIPT = Path(sys.executable).parent / "mathforai"
# Seeds whose 1.5 exercise is a number (kind 0) and a choice (kind 1): new_exercise(topic, seed)
# picks the kind from the seed alone.
NUMBER_SEED, CHOICE_SEED = 4, 3


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'progress.sqlite3'}"


@pytest.fixture
def store(db_url: str) -> ProgressStore:
    return open_store(db_url)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def practice(runner: CliRunner, db_url: str, *args: str, input: str = "") -> Result:
    env = {"MATHFORAI_DATABASE_URL": db_url, "COLUMNS": "250", "NO_COLOR": "1"}
    return runner.invoke(app, ["practice", *args], input=input, env=env)


def cli_learner(tmp_path: Path) -> str:
    """The terminal learner id, kept beside the SQLite database."""
    return (tmp_path / LEARNER_FILE).read_text().strip()


def exercise_for(topic: str, seed: int) -> Exercise:
    """The exercise `practice TOPIC --seed SEED` asks first (the web's ?seed= gives the same)."""
    return new_exercise(topic, seed)


# ---------------------------------------------------------------------------
# The real console script
# ---------------------------------------------------------------------------


def test_console_script_records_a_right_answer_in_the_store(tmp_path: Path, db_url: str) -> None:
    answer = expected_text(exercise_for("1.5", CHOICE_SEED))
    env = {**os.environ, "MATHFORAI_DATABASE_URL": db_url, "COLUMNS": "250", "NO_COLOR": "1"}
    env["PYTHONIOENCODING"] = "utf-8"
    done = subprocess.run(
        [str(SCRIPT), "practice", "1.5", "--seed", "3", "--count", "1"],
        input=answer + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Right" in done.stdout
    assert "Traceback" not in done.stderr
    progress = open_store(db_url).progress(cli_learner(tmp_path))
    assert progress["1.5"]["attempts"] == 1
    assert progress["1.5"]["correct"] == 1


# ---------------------------------------------------------------------------
# Answering
# ---------------------------------------------------------------------------


def test_a_format_error_costs_no_attempt(
    runner: CliRunner, tmp_path: Path, db_url: str, store: ProgressStore
) -> None:
    exercise = exercise_for("1.5", NUMBER_SEED)
    assert exercise.answer_format == "number"
    res = practice(
        runner,
        db_url,
        "1.5",
        "--seed",
        str(NUMBER_SEED),
        "--count",
        "1",
        input=f"two\n{expected_text(exercise)}\n",
    )
    assert res.exit_code == 0, res.output
    assert "No attempt used" in res.output
    assert "Right" in res.output
    progress = store.progress(cli_learner(tmp_path))
    assert (progress["1.5"]["attempts"], progress["1.5"]["correct"]) == (1, 1)
    assert store.count_attempts() == 1


@pytest.mark.parametrize("give_up", ["?", "reveal", "REVEAL"])
def test_reveal_shows_the_working_and_records_a_wrong_attempt(
    runner: CliRunner, tmp_path: Path, db_url: str, store: ProgressStore, give_up: str
) -> None:
    exercise = exercise_for("1.5", NUMBER_SEED)
    res = practice(
        runner, db_url, "1.5", "--seed", str(NUMBER_SEED), "--count", "1", input=give_up + "\n"
    )
    assert res.exit_code == 0, res.output
    assert f"Expected: {expected_text(exercise)}" in res.output
    assert "Result:" in res.output  # the engine's worked solution
    progress = store.progress(cli_learner(tmp_path))
    assert (progress["1.5"]["attempts"], progress["1.5"]["correct"]) == (1, 0)


def test_a_wrong_answer_gets_a_hint_then_a_second_try(
    runner: CliRunner, tmp_path: Path, db_url: str, store: ProgressStore
) -> None:
    exercise = exercise_for("1.5", NUMBER_SEED)
    wrong = str(exercise.expected + 7)
    res = practice(
        runner, db_url, "1.5", "--seed", str(NUMBER_SEED), "--count", "1", input=wrong + "\n"
    )
    assert res.exit_code == 0, res.output
    assert "Not right" in res.output
    assert "multiply matching positions" in res.output  # the hint: the working's first step
    assert f"Expected: {expected_text(exercise)}" not in res.output
    progress = store.progress(cli_learner(tmp_path))
    assert (progress["1.5"]["attempts"], progress["1.5"]["correct"]) == (1, 0)


def test_two_wrong_answers_show_expected_and_solution(
    runner: CliRunner, tmp_path: Path, db_url: str, store: ProgressStore
) -> None:
    exercise = exercise_for("1.5", NUMBER_SEED)
    wrong = str(exercise.expected + 7)
    res = practice(
        runner,
        db_url,
        "1.5",
        "--seed",
        str(NUMBER_SEED),
        "--count",
        "1",
        input=f"{wrong}\n{wrong}\n",
    )
    assert res.exit_code == 0, res.output
    assert f"Expected: {expected_text(exercise)}" in res.output
    assert "Result:" in res.output
    progress = store.progress(cli_learner(tmp_path))
    assert (progress["1.5"]["attempts"], progress["1.5"]["revealed"]) == (1, 1)


def test_a_right_second_try_counts_as_assisted(
    runner: CliRunner, tmp_path: Path, db_url: str, store: ProgressStore
) -> None:
    exercise = exercise_for("1.5", NUMBER_SEED)
    wrong, right = str(exercise.expected + 7), expected_text(exercise)
    res = practice(
        runner,
        db_url,
        "1.5",
        "--seed",
        str(NUMBER_SEED),
        "--count",
        "1",
        input=f"{wrong}\n{right}\n",
    )
    assert res.exit_code == 0, res.output
    assert "Right" in res.output
    progress = store.progress(cli_learner(tmp_path))["1.5"]
    assert (progress["attempts"], progress["correct"], progress["assisted"]) == (1, 0, 1)


def test_choices_are_numbered_and_a_number_picks_one(
    runner: CliRunner, tmp_path: Path, db_url: str, store: ProgressStore
) -> None:
    exercise = exercise_for("1.5", CHOICE_SEED)
    assert exercise.choices is not None
    shown = practice(runner, db_url, "1.5", "--seed", str(CHOICE_SEED)).output
    for i, choice in enumerate(exercise.choices, 1):
        assert f"{i}. {choice}" in shown
    pick = str(exercise.expected + 1)
    res = practice(
        runner, db_url, "1.5", "--seed", str(CHOICE_SEED), "--count", "1", input=pick + "\n"
    )
    assert "Right" in res.output
    assert store.progress(cli_learner(tmp_path))["1.5"]["correct"] == 1


def test_count_stops_after_n_exercises_and_the_summary_counts_them(
    runner: CliRunner, tmp_path: Path, db_url: str, store: ProgressStore
) -> None:
    answers = [expected_text(exercise_for("2.1", 10 + i)) for i in range(3)]
    answers[1] = "?"
    res = practice(
        runner, db_url, "2.1", "--seed", "10", "--count", "3", input="\n".join(answers) + "\n"
    )
    assert res.exit_code == 0, res.output
    assert "Answered 3, right 2." in res.output
    assert "Exercise 4" not in res.output
    progress = store.progress(cli_learner(tmp_path))
    assert (progress["2.1"]["attempts"], progress["2.1"]["correct"]) == (3, 2)
    assert progress["2.1"]["mastery"] in res.output


@pytest.mark.parametrize("keys", ["", "\n", "q\n", "Q\n", "quit\n"])
def test_quitting_records_nothing_and_prints_a_summary(
    runner: CliRunner, db_url: str, store: ProgressStore, keys: str
) -> None:
    res = practice(runner, db_url, "1.2", input=keys)
    assert res.exit_code == 0, res.output
    assert "Answered 0, right 0." in res.output
    assert store.count_attempts() == 0


def test_the_same_seed_gives_the_same_exercise(runner: CliRunner, db_url: str) -> None:
    first = practice(runner, db_url, "2.6", "--seed", "77").output
    second = practice(runner, db_url, "2.6", "--seed", "77").output
    assert first == second
    # Rich wraps long lines at the terminal's width, which differs between machines.
    prompt = plain_math(exercise_for("2.6", 77).prompt).splitlines()[0]
    assert " ".join(prompt.split()) in " ".join(first.split())


# ---------------------------------------------------------------------------
# Who the learner is
# ---------------------------------------------------------------------------


def test_the_terminal_learner_persists_between_runs(
    runner: CliRunner, tmp_path: Path, db_url: str, store: ProgressStore
) -> None:
    for _ in range(2):
        practice(runner, db_url, "1.5", "--count", "1", input="?\n")
    learner = cli_learner(tmp_path)
    assert learner.startswith("cli-")
    assert store.progress(learner)["1.5"]["attempts"] == 2


def test_learner_option_records_under_that_id(
    runner: CliRunner, db_url: str, store: ProgressStore
) -> None:
    res = practice(runner, db_url, "1.5", "--learner", "web-learner-1", "--count", "1", input="?\n")
    assert res.exit_code == 0, res.output
    assert store.progress("web-learner-1")["1.5"]["attempts"] == 1


def test_terminal_learner_is_created_once(tmp_path: Path) -> None:
    first = terminal_learner(tmp_path / "data")
    assert terminal_learner(tmp_path / "data") == first


# ---------------------------------------------------------------------------
# Which topic, without one
# ---------------------------------------------------------------------------


def test_without_a_topic_a_new_learner_starts_at_1_1(runner: CliRunner, db_url: str) -> None:
    res = practice(runner, db_url, input="q\n")
    assert res.exit_code == 0, res.output
    assert "topic 1.1" in res.output


def test_without_a_topic_the_due_review_comes_first(
    runner: CliRunner, tmp_path: Path, db_url: str, store: ProgressStore
) -> None:
    learner = "due-learner"
    long_ago = datetime.now(UTC) - timedelta(days=60)
    store.record(learner, "2.3", "2.3:0:1", kind="practice", correct=True, answer="1", now=long_ago)
    assert store.due_topics(learner) == ["2.3"]
    res = practice(runner, db_url, "--learner", learner, "--count", "1", input="?\n")
    assert "topic 2.3" in res.output
    assert store.progress(learner)["2.3"]["attempts"] == 2


def test_with_nothing_due_the_weakest_topic_is_chosen(store: ProgressStore) -> None:
    learner = "weak-learner"
    for seed in (1, 2, 3):
        store.record(learner, "1.2", f"1.2:0:{seed}", kind="practice", correct=True, answer="1")
    store.record(learner, "2.2", "2.2:0:1", kind="practice", correct=True, answer="1")
    assert store.due_topics(learner) == []
    assert choose_topic(store, learner) == "2.2"


def test_a_session_without_a_topic_follows_choose_topic(store: ProgressStore) -> None:
    session = PracticeSession(store, "fresh", seed=5)
    exercise = session.next_exercise()
    assert exercise.topic == "1.1"
    outcome = session.answer(expected_text(exercise))
    assert outcome.grade.correct
    assert session.summary().topics["1.1"]["attempts"] == 1


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


def one_line_error(res: Result) -> str:
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert "Traceback" not in res.output
    return lines[0]


def test_an_unknown_topic_is_one_line_naming_the_topics(runner: CliRunner, db_url: str) -> None:
    line = one_line_error(practice(runner, db_url, "9.9"))
    assert "9.9" in line
    for topic in topics_with_practice():
        assert topic in line


def test_an_unusable_database_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    # A directory where the database file should be: SQLite cannot open it.
    res = practice(runner, f"sqlite:///{tmp_path}", "1.5")
    assert "database" in one_line_error(res)


def test_database_url_option_overrides_the_environment(
    runner: CliRunner, tmp_path: Path, db_url: str
) -> None:
    other = tmp_path / "other" / "p.sqlite3"
    res = practice(runner, db_url, "1.5", "--database-url", f"sqlite:///{other}", input="?\n")
    assert res.exit_code == 0, res.output
    assert open_store(f"sqlite:///{other}").count_attempts() == 1


@pytest.mark.parametrize(
    "args",
    [
        ["1.5", "--seed", str(MAX_SEED + 1)],
        ["1.5", "--count", "0"],
        ["1.5", "--learner", "not a valid id!"],
    ],
)
def test_bad_options_are_one_line(runner: CliRunner, db_url: str, args: list[str]) -> None:
    one_line_error(practice(runner, db_url, *args))


# ---------------------------------------------------------------------------
# Math as plain text
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("is $u \\cdot v$ positive?", "is u · v positive?"),
        ("$A$ is $3 \\times 2$", "A is 3 × 2"),
        ("$\\mathbf{v} = [1, 2]$", "v = [1, 2]"),
        ("$\\frac{a+b}{2}$ and $\\frac{\\partial f}{\\partial y}$", "(a+b)/2 and ∂f/∂y"),
        ("$x^2 + x^{3}$, $A^T$, $e^{-x/2}$", "x² + x³, Aᵀ, e^(-x/2)"),
        ("$\\|v\\|_2$ in $\\mathbb{R}^3$", "‖v‖_2 in ℝ³"),
        (
            "$$A = \\begin{bmatrix}1 & 2 \\\\ 3 & 4\\end{bmatrix}$$ Shape?",
            "A = [[1, 2], [3, 4]]\nShape?",
        ),
        ("$P(\\text{spam} \\mid \\text{free})$", "P(spam | free)"),
        ("$\\left(3 - 2 x\\right)^{4}$ is **not** `code`", "(3 - 2 x)⁴ is not code"),
    ],
)
def test_plain_math_reads_like_the_page(markdown: str, text: str) -> None:
    assert plain_math(markdown) == text


EXERCISE_KINDS = [(t, k) for t, gens in sorted(generators().items()) for k in range(len(gens))]


@settings(max_examples=80, deadline=None)
@given(kind=st.sampled_from(EXERCISE_KINDS), seed=st.integers(0, MAX_SEED))
def test_no_exercise_shows_latex_in_the_terminal(kind: tuple[str, int], seed: int) -> None:
    exercise = make_exercise(kind[0], kind[1], seed)
    for shown in (exercise.prompt, *(exercise.choices or ())):
        text = plain_math(shown)
        assert not any(c in text for c in "$\\{}"), text
