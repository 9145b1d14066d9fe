"""`mathforai check` reports each kind of mistake as one line naming the topic and the fix.

Each case copies the fixture course, makes one deliberate mistake, and looks for it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from mathforai.course.check import COURSE_IDS, check_course, run_check, run_code_block
from mathforai.course.loader import read_course
from mathforai.course.model import CodeBlock

from .conftest import FIXTURE_COURSE, FIXTURE_IDS

ALPHA, BETA, GAMMA, NEXT = "01-01-alpha.md", "01-02-beta.md", "02-01-gamma.md", "99-next.md"


def _problems(content: Path, run_code: bool = False) -> list[str]:
    return check_course(read_course(content), required_ids=FIXTURE_IDS, run_code=run_code)


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_COURSE, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_fixture_course_is_clean_including_its_code(course_dir: Path) -> None:
    assert _problems(course_dir, run_code=True) == []


Mistake = Callable[[Path], None]
MODE = "  - text: mode\n    why: The mode is the most common value.\n"
MEAN = "  - text: mean\n    correct: true\n    why: The mean is the average.\n"
MODE_FIRST, MEAN_FIRST = MODE + MEAN, MEAN + MODE

CASES: list[tuple[str, Mistake, str]] = [
    ("missing topic", lambda d: (d / BETA).unlink(), "1.2: missing topic"),
    ("missing next page", lambda d: (d / NEXT).unlink(), "next: missing the closing page"),
    (
        "next page slug",
        lambda d: _edit(d / NEXT, "slug: what-next", "slug: after"),
        "closing page's slug must be 'what-next'",
    ),
    (
        "duplicate id",
        lambda d: _edit(d / GAMMA, 'id: "2.1"', 'id: "1.2"'),
        "id '1.2' is used 2 times",
    ),
    (
        "duplicate slug",
        lambda d: _edit(d / GAMMA, "slug: gamma", "slug: beta"),
        "slug 'beta' is used 2 times",
    ),
    (
        "duplicate quiz id",
        lambda d: _edit(d / GAMMA, 'id: "2.1-avg"', 'id: "1.1-dot"'),
        "quiz id '1.1-dot' is used 2 times",
    ),
    (
        "front matter field missing",
        lambda d: _edit(d / BETA, "summary: The second fixture topic.\n", ""),
        "1.2 (01-02-beta.md): front matter has no 'summary'",
    ),
    (
        "unquoted id",
        lambda d: _edit(d / BETA, 'id: "1.2"', "id: 1.2"),
        "id 1.2 must be quoted",
    ),
    (
        "wrong part",
        lambda d: _edit(d / GAMMA, "part: 2", "part: 1"),
        "2.1 (02-01-gamma.md): part is 1; topic 2.1 belongs in part 2",
    ),
    (
        "unknown operation",
        lambda d: _edit(d / BETA, "op: dot\nargs:\n  u: [2, -1]", "op: dott\nargs:\n  u: [2, -1]"),
        "1.2 (01-02-beta.md): line 12: example 'neg': unknown operation 'dott'",
    ),
    (
        "invalid example args",
        lambda d: _edit(d / BETA, "  u: [2, -1]\n  v: [3, 4]", "  u: [2, -1]\n  v: [3, 4, 5]"),
        "example 'neg': dot: u has 2 numbers and v has 3",
    ),
    (
        "unknown widget",
        lambda d: _edit(d / BETA, "name: dot", "name: dotty"),
        "1.2 (01-02-beta.md): line 26: widget 'dotty' does not exist",
    ),
    (
        "invalid widget args",
        lambda d: _edit(d / ALPHA, "  u: [1, 0, 0]", "  w: [1, 0, 0]"),
        "widget 'dot': dot: dot has no argument 'w'",
    ),
    (
        "two correct choices",
        lambda d: _edit(d / BETA, '  - text: "10"\n', '  - text: "10"\n    correct: true\n'),
        "quiz '1.2-neg': exactly one choice must have correct: true (found 2)",
    ),
    (
        "no correct choice",
        lambda d: _edit(d / BETA, "    correct: true\n    why: cos", "    why: cos"),
        "quiz '1.2-zero': exactly one choice must have correct: true (found 0)",
    ),
    (
        "choice without why",
        lambda d: _edit(d / BETA, "    why: The minus sign was dropped.\n", ""),
        "quiz '1.2-neg' choice 2: every choice needs a why",
    ),
    (
        "check disagrees",
        lambda d: _edit(d / BETA, '  - text: "2"', '  - text: "3"'),
        "quiz '1.2-neg': the engine disagrees with the correct choice: the engine computes 2",
    ),
    (
        "check with an unknown key",
        lambda d: _edit(d / BETA, "  key: null", "  key: posterior"),
        "quiz '1.2-neg': check key: cannot select 'posterior'",
    ),
    (
        "broken topic link",
        lambda d: _edit(d / ALPHA, "(topic:1.2)", "(topic:1.9)"),
        "1.1 (01-01-alpha.md): line 21: link to topic:1.9: there is no topic with that id",
    ),
    (
        "lesson without key points",
        lambda d: _edit(d / GAMMA, "## Key points", "## Summary"),
        "2.1 (02-01-gamma.md): needs a '## Key points' list of at least 2 items",
    ),
    (
        "broken glossary link",
        lambda d: _edit(d / ALPHA, "(topic:1.2)", "(glossary:no-such-term)"),
        "link to glossary:no-such-term: the glossary has no term with that anchor",
    ),
    (
        "glossary term that names no topic",
        lambda d: _edit(d / "glossary.md", "taught in [Alpha](topic:1.1).", "taught nowhere."),
        "glossary: the term 'alpha-term' needs a link to the topic that teaches it",
    ),
    (
        "missing notation page",
        lambda d: (d / "notation.md").unlink(),
        "notation: missing: add content/notation.md",
    ),
    (
        "broken prerequisite",
        lambda d: _edit(d / GAMMA, 'prerequisites: ["1.2"]', 'prerequisites: ["1.7"]'),
        "2.1 (02-01-gamma.md): prerequisite '1.7' is not a topic id",
    ),
    (
        "unknown reference",
        lambda d: _edit(d / BETA, "The score is {{neg}}.", "The score is {{neq}}."),
        "1.2 (01-02-beta.md): line 20: {{neq}}: no example with id 'neq'",
    ),
    (
        "unknown key in a reference",
        lambda d: _edit(d / BETA, "The score is {{neg}}.", "The score is {{neg.w}}."),
        "{{neg.w}}: cannot select 'w' from a single value",
    ),
    (
        "no example",
        lambda d: _edit(d / BETA, "```example", "```text"),
        "1.2 (01-02-beta.md): has 0 worked example(s); every topic needs at least 1",
    ),
    (
        "no widget",
        lambda d: _edit(d / BETA, "```widget", "```text"),
        "1.2 (01-02-beta.md): has 0 widget(s); every topic needs at least 1",
    ),
    (
        "one quiz",
        lambda d: _edit(d / BETA, '```quiz\nid: "1.2-zero"', '```text\nid: "1.2-zero"'),
        "1.2 (01-02-beta.md): has 2 quick check(s); every topic needs at least 3",
    ),
    (
        "keys in one position",
        lambda d: _edit(d / GAMMA, MODE_FIRST, MEAN_FIRST),
        "part 2: the correct answer is choice 1 in 2 of its 3 quick checks",
    ),
    (
        "unreadable directive",
        lambda d: _edit(d / BETA, "  key: null", "  key: [unclosed"),
        "1.2 (01-02-beta.md): line 30: quiz: the YAML body cannot be read at line",
    ),
    (
        "widget inside a callout",
        lambda d: _edit(
            d / BETA, "Each sign stays with its number.\n", "```widget\nname: dot\n```\n"
        ),
        "line 23: put the widget at the top level, not inside a callout",
    ),
    (
        "unknown callout kind",
        lambda d: _edit(d / BETA, "::: callout tip", "::: callout danger"),
        "callout kind 'danger' is unknown",
    ),
]


@pytest.mark.parametrize(("mistake", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_is_reported(course_dir: Path, mistake: Mistake, expected: str) -> None:
    mistake(course_dir)
    problems = _problems(course_dir)
    assert any(expected in p for p in problems), "\n".join(problems)


def test_a_failing_code_block_names_topic_line_and_error(course_dir: Path) -> None:
    _edit(course_dir / ALPHA, "print(np.dot(", "print(np.dott(")
    problems = _problems(course_dir, run_code=True)
    assert any(
        p.startswith("1.1 (01-01-alpha.md): python block at line 63 fails: AttributeError")
        for p in problems
    ), problems


def test_code_blocks_run_isolated_in_a_temporary_directory(tmp_path: Path) -> None:
    block = CodeBlock("import os\nopen('out.txt', 'w').write('x')\nprint(os.getcwd())\n", 1)
    assert run_code_block(block) == ""
    assert not (Path.cwd() / "out.txt").exists()


def test_a_block_that_prints_nothing_is_reported() -> None:
    assert "prints nothing" in run_code_block(CodeBlock("x = 1\n", 1))


def test_a_slow_block_times_out() -> None:
    block = CodeBlock("import time\ntime.sleep(5)\nprint(1)\n", 1)
    assert "did not finish within 0.5 s" in run_code_block(block, timeout=0.5)


def test_torch_blocks_are_skipped_when_torch_is_absent(course_dir: Path) -> None:
    pytest.importorskip("numpy")
    from mathforai.course.check import torch_available

    if torch_available():
        pytest.skip("torch is installed here, so torch blocks run")
    with (course_dir / ALPHA).open("a", encoding="utf-8") as f:
        f.write("\n```python\nimport torch\n\nprint(torch.tensor([1.0]))\n```\n")
    assert _problems(course_dir, run_code=True) == []


def test_run_check_uses_every_course_id(course_dir: Path) -> None:
    problems = run_check(course_dir, run_code=False)
    missing = [p for p in problems if "missing topic" in p]
    assert len(missing) == len(COURSE_IDS) - len(FIXTURE_IDS)
    assert "1.15: missing topic" in "\n".join(missing)


def test_code_is_only_run_when_asked(course_dir: Path) -> None:
    _edit(course_dir / ALPHA, "print(np.dot(", "print(np.dott(")
    assert _problems(course_dir, run_code=False) == []
