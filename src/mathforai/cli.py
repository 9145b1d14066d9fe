"""The `mathforai` command: parse arguments, call the layers below, print.

Bad input prints one line on stderr and exits 2; no traceback reaches the user.
"""

from __future__ import annotations

import json
import shlex
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from .cli_practice import PracticeSession, Summary
    from .practice.exercise import Exercise
    from .practice.service import Outcome

app = typer.Typer(
    help="Math for AI Engineers: an interactive course that shows the working behind every number.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

FORMATS = ("text", "json", "latex")


def fail(message: str) -> NoReturn:
    err.print(f"error: {message}", markup=False, soft_wrap=True)
    raise typer.Exit(2)


@app.command(context_settings={"help_option_names": []})
def explain(
    op: str = typer.Argument(None, help="Operation name, e.g. dot."),
    assignments: list[str] = typer.Argument(None, help="NAME=VALUE pairs, e.g. u=1,2,3."),
    fmt: str = typer.Option("text", "--format", "-f", help="text, json or latex."),
    list_ops: bool = typer.Option(False, "--list", help="List operations and their arguments."),
    show_help: bool = typer.Option(False, "--help", "-h", help="Show help (for OP, if given)."),
) -> None:
    """Compute an operation and show its working: mathforai explain dot u=1,2,3 v=4,5,6"""
    from .engine import InputError, UnknownOperation, get_operation, parse_value

    if list_ops:
        return _list_operations()
    if show_help or not op:
        return _explain_help(op)
    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    try:
        operation = get_operation(op)
    except UnknownOperation as exc:
        fail(str(exc))
    raw = {}
    for item in assignments or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            fail(f"{item!r} is not NAME=VALUE; try `mathforai explain {op} --help`")
        raw[name.strip()] = parse_value(value)
    try:
        expl = operation.run(raw)
    except InputError as exc:
        fail(exc.message)
    _print_explanation(expl, fmt)


def _print_explanation(expl, fmt: str) -> None:  # type: ignore[no-untyped-def]
    from .render.json import to_json
    from .render.latex import to_latex
    from .render.text import result_rows, result_text

    if fmt == "json":
        sys.stdout.write(to_json(expl) + "\n")
        return
    if fmt == "latex":
        sys.stdout.write(to_latex(expl) + "\n")
        return
    out.print(f"[bold]{expl.operation}[/bold]")
    for i, step in enumerate(expl.steps, 1):
        note = f"  [dim]({escape(step.note)})[/dim]" if step.note else ""
        out.print(f"{i}. ", end="")
        out.print(step.text, markup=False, end="")
        out.print(note)
    out.print("[bold green]Result:[/bold green] ", end="")
    if isinstance(expl.result, dict):
        out.print("")
        for label, shown in result_rows(expl.result):
            out.print(f"  {label}: ", end="", style="bold")
            out.print(shown, markup=False)
    else:
        out.print(result_text(expl.result), markup=False)
    for note in expl.notes:
        out.print(note, markup=False, style="italic")


def _list_operations() -> None:
    from .engine import OPERATIONS

    table = Table(title="Operations", show_lines=False)
    for col in ("operation", "topic", "arguments", "what it does"):
        table.add_column(col)
    for op in OPERATIONS.values():
        args = ", ".join(
            a["name"] if a["required"] else f"{a['name']}={a['default']}" for a in op.arguments()
        )
        table.add_row(op.name, op.topic, args, op.summary)
    out.print(table)


def _explain_help(op: str | None) -> None:
    from .engine import UnknownOperation, get_operation

    if not op:
        out.print(
            "Usage: mathforai explain OP NAME=VALUE ... [--format text|json|latex]\n"
            "       mathforai explain --list\n"
            "       mathforai explain OP --help\n\n"
            'VALUE: 3, 1,2,3 or [1,2,3], 1,2;3,4 or [[1,2],[3,4]], "3*x^2+1", true/false, '
            "or any JSON value.",
            markup=False,
        )
        return
    try:
        operation = get_operation(op)
    except UnknownOperation as exc:
        fail(str(exc))
    out.print(f"[bold]{operation.name}[/bold] (topic {operation.topic}): {operation.summary}")
    for a in operation.arguments():
        extra = "required" if a["required"] else f"default {a['default']}"
        out.print(f"  {a['name']}: {a['description']} ({extra})", markup=False)
    # soft_wrap: a long example stays one line (a hard wrap would break it when pasted).
    line = f"Example: mathforai explain {operation.name} {_example(operation)}"
    out.print(line, markup=False, soft_wrap=True)


def _example(operation: Any) -> str:
    """The operation's example inputs as NAME=VALUE words a shell passes through unchanged,
    so the help's example line can be pasted and run."""
    words = []
    for name, value in operation.example.items():
        shown = value if isinstance(value, str) else json.dumps(value)
        words.append(f"{name}={shlex.quote(shown)}")
    return " ".join(words)


@app.command()
def check() -> None:
    """Load the whole course and report every problem (exit 1 if any)."""
    from .course.check import run_check

    problems = run_check()
    if problems:
        for p in problems:
            err.print(f"✗ {p}", markup=False)
        err.print(f"{len(problems)} problem(s) found.")
        raise typer.Exit(1)
    out.print("✓ course is consistent: every topic, example, widget, quiz, link and code block")


@app.command()
def serve(
    host: str = typer.Option(None, help="Interface to bind (default 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default 8000)."),
    workers: int = typer.Option(None, help="Worker processes (default 1)."),
    open_browser: bool = typer.Option(False, "--open", help="Open the course in a browser."),
) -> None:
    """Serve the course at http://127.0.0.1:8000 (progress in SQLite unless configured)."""
    from .settings import Settings
    from .web.server import ServeError, run

    settings = Settings()
    overrides = {"host": host, "port": port, "workers": workers}
    settings = settings.model_copy(update={k: v for k, v in overrides.items() if v is not None})
    try:
        run(settings, open_browser=open_browser)
    except ServeError as exc:
        fail(str(exc))


@app.command()
def practice(
    topic: str = typer.Argument(None, help="Topic id, e.g. 1.5 (default: what needs practice)."),
    seed: int = typer.Option(None, help="Seed of the first exercise: the same seed, the same run."),
    count: int = typer.Option(None, help="Stop after this many exercises."),
    database_url: str = typer.Option(None, help="Progress database (default: as for serve)."),
    learner: str = typer.Option(None, help="Learner id (default: this computer's terminal id)."),
) -> None:
    """Practise in the terminal; answers are saved with your progress, as on the web."""
    from .cli_practice import SessionError
    from .practice.registry import MAX_SEED
    from .progress.db import StoreError

    if seed is not None and not 0 <= seed <= MAX_SEED:
        fail(f"--seed must be a whole number from 0 to {MAX_SEED}")
    if count is not None and count < 1:
        fail("--count must be at least 1")
    try:
        session = _practice_session(topic, seed, database_url, learner)
        interrupted = _practice_loop(session, count)
        _print_summary(session.summary())
    except (SessionError, StoreError) as exc:
        fail(str(exc))
    if interrupted:
        raise typer.Exit(130)


def _practice_session(
    topic: str | None, seed: int | None, url: str | None, learner: str | None
) -> PracticeSession:
    from .cli_practice import (
        PracticeSession,
        check_learner_id,
        open_store,
        terminal_learner,
        validate_topic,
    )
    from .settings import Settings

    if topic is not None:
        validate_topic(topic)
    settings = Settings()
    if url is not None:
        settings = settings.model_copy(update={"database_url": url})
    learner_id = check_learner_id(learner) if learner else None
    store = open_store(settings.database_url)
    learner_id = learner_id or terminal_learner(settings.data_dir())
    return PracticeSession(store, learner_id, topic=topic, seed=seed)


def _practice_loop(session: PracticeSession, count: int | None) -> bool:
    """Ask exercises until the learner quits or `count` are done; True if stopped by Ctrl-C."""
    try:
        while count is None or session.answered < count:
            exercise = session.next_exercise()
            _print_exercise(exercise, session.answered + 1)
            if not _answer_one(session, exercise):
                break
    except EOFError:
        out.print()
    except KeyboardInterrupt:
        out.print()
        return True
    return False


def _print_exercise(exercise: Exercise, number: int) -> None:
    from .cli_practice import FORMAT_HINTS
    from .cli_text import plain_math

    out.print()
    out.rule(f"Exercise {number} · topic {exercise.topic}", style="dim")
    out.print(plain_math(exercise.prompt), markup=False)
    for i, choice in enumerate(exercise.choices or (), 1):
        out.print(f"  {i}. {plain_math(choice)}", markup=False)
    hint = FORMAT_HINTS[exercise.answer_format]
    out.print(f"Answer with {hint}. ? shows the solution; q or an empty line quits.", style="dim")


def _answer_one(session: PracticeSession, exercise: Exercise) -> bool:
    """Read answers until one is graded (True) or the learner quits (False)."""
    from rich.prompt import Prompt
    from rich.text import Text

    from .cli_practice import FORMAT_HINTS, GIVE_UP, QUIT, AnswerFormatError

    while True:
        text = Prompt.ask(Text("Your answer"), console=out).strip()
        if text.lower() in QUIT:
            return False
        try:
            outcome = session.give_up() if text.lower() in GIVE_UP else session.answer(text)
        except AnswerFormatError as exc:
            hint = FORMAT_HINTS[exercise.answer_format]
            out.print(
                f"Cannot read that: {exc}; expected {hint}. No attempt used, try again.",
                style="yellow",
                markup=False,
            )
            continue
        _print_outcome(outcome, revealed=text.lower() in GIVE_UP)
        if outcome.state == "retry":
            continue  # a hint and a second try at the same exercise
        return True


def _print_outcome(outcome: Outcome, revealed: bool) -> None:
    from .render.text import to_text

    grade = outcome.grade
    if grade.correct:
        out.print("✓ Right.", style="bold green")
    elif revealed:
        out.print("Solution shown (recorded as revealed).", style="bold yellow")
    else:
        out.print("✗ Not right.", style="bold red")
    if not grade.correct or outcome.state != "solved":
        out.print(outcome.feedback, markup=False)
    if outcome.solution is None:
        return  # solved, or a hint before the second try: the answer is not given away
    out.print(f"Expected: {grade.expected}", markup=False)
    out.print("Worked solution:", style="bold")
    out.print(to_text(outcome.solution), markup=False)


def _print_summary(summary: Summary) -> None:
    out.print()
    out.print(f"Answered {summary.answered}, right {summary.right}.", style="bold")
    if not summary.topics:
        return
    table = Table(title="Your progress in these topics")
    for col in (
        "topic",
        "exercises",
        "first try",
        "after a hint",
        "shown",
        "mastery",
        "next review (UTC)",
    ):
        table.add_column(col)
    for topic, p in summary.topics.items():
        due = (p["due"] or "")[:16].replace("T", " ")
        counts = (str(p[k]) for k in ("attempts", "correct", "assisted", "revealed"))
        table.add_row(topic, *counts, p["mastery"], due)
    out.print(table)


def _add_labs() -> None:
    from .cli_labs import lab_app  # imports nothing heavy: the model loads on first use

    app.add_typer(lab_app, name="lab")


_add_labs()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
