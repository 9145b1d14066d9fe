"""Output and work budgets: an operation says how big its answer will be before computing it.

Inputs are capped where they are read (inputs.py: 10,000 numbers per value). An answer can
still be far larger than its question: a 5000×1 matrix times a 1×5000 one is 40 KB in and
25 million numbers out. So each operation whose output or work can outgrow its input works
out that size from the shapes first, and refuses with an InputError naming the argument to
change and the limit, before doing any of the work.
"""

from __future__ import annotations

from typing import Any

from .inputs import MAX_NUMBERS, InputError

# At most this many numbers in one result (DESIGN.md: "per value and per result").
MAX_RESULT_NUMBERS = MAX_NUMBERS
# Gradient descent: steps × operations in f'(x): under a second of float evaluation here.
MAX_DESCENT_WORK = 100_000
# Marks (points, arrows, bars) in one figure; past this a figure is noise, and slow to send.
MAX_FIGURE_POINTS = 1_000


def check_result_size(field: str, count: int, what: str, fix: str) -> None:
    """Refuse a result of `count` numbers past MAX_RESULT_NUMBERS, before computing it."""
    if count > MAX_RESULT_NUMBERS:
        raise InputError(
            field,
            f"{what} would hold {count:,} numbers, past the limit of {MAX_RESULT_NUMBERS:,} "
            f"numbers per result; {fix}",
        )


def check_work(field: str, work: int, limit: int, what: str, fix: str) -> None:
    """Refuse a computation whose counted work (`what` = work) is past `limit`."""
    if work > limit:
        raise InputError(field, f"{what} = {work:,} operations, past the limit of {limit:,}; {fix}")


def count_numbers(value: Any) -> int:
    """How many numbers a result holds (nested lists and dicts); text and None count 0."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return 0
    if isinstance(value, int | float):
        return 1
    if isinstance(value, dict):
        return sum(count_numbers(v) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(count_numbers(v) for v in value)
    return 0
