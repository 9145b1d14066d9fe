"""The `mathforai` command: parse arguments, call the layers below, print.

Bad input prints one line on stderr and exits 2; no traceback reaches the user.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

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
    from .render.text import result_text

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
    example = " ".join(f"{a['name']}=..." for a in operation.arguments() if a["required"])
    out.print(f"Example: mathforai explain {operation.name} {example}", markup=False)


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


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
