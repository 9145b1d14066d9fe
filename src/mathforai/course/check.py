"""`mathforai check`: every problem in the course, one line each, naming what to fix.

The loader already records what it meets while rendering (bad directives, engine
errors, unknown references and links); this adds what needs the whole course (missing,
duplicate or misplaced topics, prerequisites, minimum content per topic) and runs
every python code block.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .aids import aid_problems, unused_operations
from .asciimath import ascii_math_problems
from .loader import read_course
from .model import CodeBlock, Course, Document, Topic
from .quizbalance import quiz_problems

COURSE_IDS: tuple[str, ...] = (
    *(f"1.{i}" for i in range(1, 16)),
    *(f"2.{i}" for i in range(1, 10)),
    *(f"3.{i}" for i in range(1, 7)),
    *(f"4.{i}" for i in range(1, 8)),
)
NEXT_PAGE = ("next", "what-next")
CODE_TIMEOUT = 90.0  # a busy machine runs two blocks at once; scikit-learn imports slowly
MIN_EXAMPLES, MIN_WIDGETS = 1, 1


def run_check(content_dir: Path | None = None, run_code: bool = True) -> list[str]:
    """Every problem in the course at `content_dir` (default: the package's lessons)."""
    return check_course(read_course(content_dir), run_code=run_code)


def check_course(
    course: Course,
    required_ids: Sequence[str] = COURSE_IDS,
    run_code: bool = True,
    require_next_page: bool = True,
) -> list[str]:
    problems = list(course.problems)
    for doc in course.documents:
        # dict.fromkeys: a link or reference repeated in one lesson is one problem
        problems.extend(f"{_where(doc)}: {p}" for p in dict.fromkeys(doc.problems))
    problems.extend(_structure(course, required_ids, require_next_page))
    problems.extend(_duplicates(course))
    for topic in course.topics:
        problems.extend(_topic_content(topic, course))
    problems.extend(aid_problems(course))
    # dict.fromkeys: the same note repeated by several examples is one problem
    problems.extend(dict.fromkeys(ascii_math_problems(course)))
    problems.extend(quiz_problems(course))  # at least 3 per topic; keys spread per part
    if list(required_ids) == list(COURSE_IDS):
        # Only the whole course can be asked to show every operation.
        problems.extend(unused_operations(course))
    if run_code:
        problems.extend(_code_problems(course.documents))
    return problems


def _where(doc: Document) -> str:
    return f"{doc.id} ({doc.source})"


def _structure(course: Course, required_ids: Sequence[str], require_next: bool) -> list[str]:
    problems = []
    present = {t.id for t in course.topics}
    for topic_id in required_ids:
        if topic_id not in present:
            problems.append(
                f'{topic_id}: missing topic: add a lesson with id: "{topic_id}" to content/'
            )
    for topic in course.topics:
        if topic.id not in required_ids:
            problems.append(
                f"{_where(topic)}: {topic.id!r} is not one of the course's topic ids "
                f"({required_ids[0]} … {required_ids[-1]})"
                if required_ids
                else f"{_where(topic)}: unexpected topic"
            )
        expected_part = topic.id.split(".", 1)[0]
        if str(topic.part) != expected_part:
            problems.append(
                f"{_where(topic)}: part is {topic.part}; "
                f"topic {topic.id} belongs in part {expected_part}"
            )
    if require_next:
        page_id, slug = NEXT_PAGE
        page = course.page(page_id)
        if page is None:
            problems.append(
                f'{page_id}: missing the closing page: add one with kind: page, id: "{page_id}", '
                f"slug: {slug}"
            )
        elif page.slug != slug:
            problems.append(f"{_where(page)}: the closing page's slug must be {slug!r}")
    return problems


def _duplicates(course: Course) -> list[str]:
    problems = []
    docs = course.documents
    problems.extend(_repeated("id", [(d.id, _where(d)) for d in docs]))
    problems.extend(_repeated("slug", [(d.slug, _where(d)) for d in docs]))
    quizzes = [(q.id, _where(d)) for d in docs for q in d.quizzes if q.id]
    problems.extend(_repeated("quiz id", quizzes))
    return problems


def _repeated(what: str, items: Iterable[tuple[str, str]]) -> list[str]:
    items = list(items)
    counts = Counter(value for value, _ in items)
    problems = []
    for value, count in counts.items():
        if count > 1:
            where = ", ".join(w for v, w in items if v == value)
            problems.append(f"{what} {value!r} is used {count} times ({where}): make it unique")
    return problems


def _topic_content(topic: Topic, course: Course) -> list[str]:
    where = _where(topic)
    problems = [
        f"{where}: prerequisite {p!r} is not a topic id"
        for p in topic.prerequisites
        if course.topic(p) is None
    ]
    for what, have, need in (
        ("worked example", len(topic.examples), MIN_EXAMPLES),
        ("widget", len(topic.widgets), MIN_WIDGETS),
    ):
        if have < need:
            problems.append(f"{where}: has {have} {what}(s); every topic needs at least {need}")
    return problems


def torch_available() -> bool:
    return importlib.util.find_spec("torch") is not None


def run_code_block(block: CodeBlock, timeout: float = CODE_TIMEOUT) -> str:
    """Run one block in a fresh interpreter in a temporary directory: "" or what failed."""
    with tempfile.TemporaryDirectory(prefix="mathforai-code-") as cwd:
        try:
            proc = subprocess.run(
                [sys.executable, "-c", block.source],
                cwd=cwd,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return f"did not finish within {timeout:g} s"
    if proc.returncode != 0:
        lines = [line for line in proc.stderr.strip().splitlines() if line.strip()]
        return lines[-1] if lines else f"exited with status {proc.returncode}"
    if not proc.stdout.strip():
        return "prints nothing: a code block should print what it computes"
    return ""


def _code_problems(docs: Sequence[Document]) -> list[str]:
    skip_torch = not torch_available()
    jobs = [
        (doc, block)
        for doc in docs
        for block in doc.code_blocks
        if not (skip_torch and block.needs_torch)
    ]
    # Two workers: each block is a separate interpreter, mostly waiting on imports.
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: run_code_block(job[1]), jobs))
    return [
        f"{_where(doc)}: python block at line {block.line} fails: {error}"
        for (doc, block), error in zip(jobs, results, strict=True)
        if error
    ]


__all__ = ["COURSE_IDS", "check_course", "run_check", "run_code_block", "torch_available"]
