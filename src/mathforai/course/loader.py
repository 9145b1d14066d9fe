"""Build the Course from the Markdown files, once.

`load_course()` is cached per content directory, so the web app and the CLI share one
load and nothing is parsed again; `read_course()` always reads the files (the check).
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_cache_dir

from . import diskcache
from .model import GLOSSARY_ID, PAGE_KINDS, PART_TITLES, Course, Document, Page, Part, Topic

if TYPE_CHECKING:
    from .markdown import ParsedDocument

TOPIC_FIELDS = ("id", "title", "slug", "part", "prerequisites", "summary")
PAGE_FIELDS = ("id", "title", "slug", "summary")
_TOPIC_ID = re.compile(r"^(\d+)\.(\d+)$")


def default_content_dir() -> Path:
    return Path(__file__).resolve().parent / "content"


def load_course(content_dir: Path | None = None) -> Course:
    """The course in `content_dir` (default: the package's lessons), loaded once."""
    return _load_cached(Path(content_dir or default_content_dir()).resolve())


@lru_cache(maxsize=8)
def _load_cached(content_dir: Path) -> Course:
    return _from_disk_cache(content_dir) or read_course(content_dir)


def cache_folder() -> Path:
    """Where the rendered course is kept: MATHFORAI_CACHE_DIR, else the user's cache folder."""
    override = os.environ.get("MATHFORAI_CACHE_DIR")
    return Path(override) if override else Path(user_cache_dir("mathforai", appauthor=False))


def _from_disk_cache(content_dir: Path) -> Course | None:
    """The rendered course from the cache folder, (re)built when stale, corrupt or missing.

    The file is data only (course/diskcache.py): a corrupt or tampered file is ignored
    and rebuilt, never executed."""
    if os.environ.get("MATHFORAI_NO_COURSE_CACHE"):
        return None
    folder = cache_folder()
    try:
        key = diskcache.fingerprint(content_dir)
    except OSError:  # a lesson we cannot read: read_course reports it
        return None
    try:
        return diskcache.load(diskcache.entry_path(folder, key))
    except (OSError, diskcache.CacheError):
        pass  # missing, unreadable or not ours: build it again below
    course = read_course(content_dir)
    if not course.problems:
        # A read-only cache folder, or a value JSON cannot hold: serve it uncached.
        with contextlib.suppress(OSError, TypeError):
            diskcache.store(folder, key, course)
    return course


def clear_course_cache() -> None:
    """Forget loaded courses (after editing lessons in a running process)."""
    _load_cached.cache_clear()


def read_course(content_dir: Path | None = None) -> Course:
    """Parse and render every lesson in `content_dir` (no cache)."""
    content_dir = Path(content_dir or default_content_dir())
    # Imported here: a course served from the disk cache never needs the Markdown stack.
    from .markdown import make_parser, parse_document

    md = make_parser()
    problems: list[str] = []
    if not content_dir.is_dir():
        problems.append(f"{content_dir}: the content directory does not exist")
    parsed = []
    for path in sorted(content_dir.glob("*.md")):
        try:
            parsed.append((path.name, parse_document(path.read_text(encoding="utf-8"), md)))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path.name}: cannot be read ({exc})")
    urls = {
        _text(doc.front_matter.get("id")): f"/topics/{_text(doc.front_matter.get('slug'))}"
        for _, doc in parsed
        if doc.front_matter.get("id") is not None
    }
    terms = glossary_anchors([doc for _, doc in parsed])
    for _, doc in parsed:
        doc.env["glossary_terms"] = terms
    documents = [_build(name, doc, urls, md) for name, doc in parsed]
    topics = sorted((d for d in documents if isinstance(d, Topic)), key=lambda t: topic_key(t.id))
    pages = [d for d in documents if isinstance(d, Page)]
    topics, pages = _link_prev_next(topics, pages)
    parts = tuple(
        Part(n, title, tuple(t for t in topics if t.part == n)) for n, title in PART_TITLES.items()
    )
    return Course(parts, tuple(topics), tuple(pages), tuple(problems))


def glossary_anchors(parsed: list[ParsedDocument]) -> frozenset[str]:
    """The anchors of the glossary's terms (its level-3 headings): what `glossary:` links name."""
    for doc in parsed:
        if _text(doc.front_matter.get("id")) == GLOSSARY_ID:
            return frozenset(
                str(token.attrGet("id"))
                for token in doc.tokens
                if token.type == "heading_open" and token.tag == "h3" and token.attrGet("id")
            )
    return frozenset()


def topic_key(topic_id: str) -> tuple[int, int, str]:
    """Course order: 1.2 before 1.10; ids that are not part.topic go last."""
    match = _TOPIC_ID.match(topic_id)
    if match is None:
        return (10**6, 0, topic_id)
    return (int(match.group(1)), int(match.group(2)), "")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _build(source: str, parsed: ParsedDocument, urls: dict[str, str], md: Any) -> Document:
    front = parsed.front_matter
    problems: list[str] = []
    from .markdown import render_document

    rendered = render_document(parsed, urls, md)
    problems.extend(rendered.problems)
    is_page = front.get("kind") in PAGE_KINDS
    for name in PAGE_FIELDS if is_page else TOPIC_FIELDS:
        if front.get(name) in (None, ""):
            problems.append(f"front matter has no {name!r}")
    doc_id = _front_id(front.get("id"), "id", problems) or Path(source).stem
    common: dict[str, Any] = {
        "id": doc_id,
        "title": _text(front.get("title")) or doc_id,
        "slug": _text(front.get("slug")) or Path(source).stem,
        "summary": _text(front.get("summary")),
        "source": source,
        "blocks": tuple(rendered.blocks),
        "toc": tuple(rendered.toc),
        "text": rendered.text,
        "code_blocks": tuple(rendered.code),
        "examples": tuple(rendered.examples),
        "quizzes": tuple(rendered.quizzes),
        "widgets": tuple(rendered.widgets),
        "front_matter": dict(front),
    }
    if is_page:
        return Page(**common, problems=tuple(problems))
    part = front.get("part")
    if not isinstance(part, int) or isinstance(part, bool) or part not in PART_TITLES:
        if part is not None:
            problems.append(f"part must be one of {', '.join(map(str, PART_TITLES))}, not {part!r}")
        part = 0
    prerequisites = front.get("prerequisites") or []
    if not isinstance(prerequisites, list):
        problems.append('prerequisites must be a list of topic ids, such as ["1.2"]')
        prerequisites = []
    prereq_ids = tuple(_front_id(p, "prerequisite", problems) for p in prerequisites)
    return Topic(
        **common,
        part=part,
        prerequisites=tuple(p for p in prereq_ids if p),
        problems=tuple(problems),
    )


def _front_id(value: Any, what: str, problems: list[str]) -> str:
    """A topic id as written; YAML reads an unquoted 1.10 as the number 1.1, so quote it."""
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        problems.append(f'{what} {value!r} must be quoted ("{value}"): YAML reads it as a number')
    return str(value)


def _link_prev_next(topics: list[Topic], pages: list[Page]) -> tuple[list[Topic], list[Page]]:
    # Reference pages (glossary, notation) sit beside the course, not on its path.
    order: list[Document] = [*topics, *(p for p in pages if not p.is_reference)]
    linked: list[Document] = [
        replace(
            doc,
            prev_id=order[i - 1].id if i > 0 else None,
            next_id=order[i + 1].id if i + 1 < len(order) else None,
        )
        for i, doc in enumerate(order)
    ]
    linked += [p for p in pages if p.is_reference]
    return (
        [d for d in linked if isinstance(d, Topic)],
        [d for d in linked if isinstance(d, Page)],
    )


__all__ = ["clear_course_cache", "default_content_dir", "load_course", "read_course", "topic_key"]
