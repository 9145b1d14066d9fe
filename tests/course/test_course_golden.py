"""Golden files: each directive's Markdown in golden/NAME.md, the expected HTML (and the
problems it reports, as a trailing comment) in golden/NAME.html.

Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mathforai.course.markdown import render_markdown

GOLDEN = Path(__file__).parent / "golden"
TOPIC_URLS = {"1.5": "/topics/dot-product"}


def _rendered(source: Path) -> str:
    html, problems = render_markdown(source.read_text(encoding="utf-8"), TOPIC_URLS)
    trailer = "".join(f"\n{p}" for p in problems)
    return f"{html}<!-- problems:{trailer}\n-->\n"


@pytest.mark.parametrize("source", sorted(GOLDEN.glob("*.md")), ids=lambda p: p.stem)
def test_directive_renders_as_golden_file(source: Path) -> None:
    expected_path = source.with_suffix(".html")
    actual = _rendered(source)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), (
        f"no golden file; run with UPDATE_GOLDEN=1 to create {expected_path.name}"
    )
    assert actual == expected_path.read_text(encoding="utf-8")
