"""The Course model: what the loader builds once and every front end reads.

A lesson body is a sequence of blocks. The course layer renders everything it can
(prose, math, tables, callouts, code, worked examples) into `HtmlBlock`s; widgets and
quizzes stay data (`WidgetBlock`, `QuizBlock`) because the web layer draws their forms,
which need URLs, form controls and script hooks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine.explanation import Explanation


@dataclass(frozen=True)
class HtmlBlock:
    html: str


@dataclass(frozen=True)
class WidgetBlock:
    """A widget placed in a lesson: `args` are the widget's defaults with the lesson's
    overrides applied; `output_html` is the engine's answer at those args (empty when
    it could not be computed; `error` then says why)."""

    name: str
    args: dict[str, Any]
    op: str = ""
    title: str = ""
    output_html: str = ""
    error: str = ""


@dataclass(frozen=True)
class QuizCheck:
    op: str
    args: dict[str, Any]
    key: str | int | None = None


@dataclass(frozen=True)
class Choice:
    html: str
    correct: bool
    why_html: str


@dataclass(frozen=True)
class Quiz:
    id: str
    question_html: str
    choices: tuple[Choice, ...]
    check: QuizCheck | None = None

    def grade(self, choice_index: int) -> tuple[bool, str]:
        """(whether the choice is right, why) for the choice at `choice_index` (0-based)."""
        if not 0 <= choice_index < len(self.choices):
            raise IndexError(
                f"quiz {self.id!r} has {len(self.choices)} choices; "
                f"{choice_index} is not one of 0..{len(self.choices) - 1}"
            )
        choice = self.choices[choice_index]
        return choice.correct, choice.why_html

    @property
    def correct_index(self) -> int | None:
        return next((i for i, c in enumerate(self.choices) if c.correct), None)


@dataclass(frozen=True)
class QuizBlock:
    quiz: Quiz


Block = HtmlBlock | WidgetBlock | QuizBlock


@dataclass(frozen=True)
class Example:
    """A worked example: the engine's Explanation (None when it failed: see `error`)."""

    id: str
    op: str
    title: str
    args: dict[str, Any]
    explanation: Explanation | None
    error: str = ""


@dataclass(frozen=True)
class CodeBlock:
    source: str
    line: int
    lang: str = "python"

    @property
    def needs_torch(self) -> bool:
        return any(
            line.strip().startswith(("import torch", "from torch"))
            for line in self.source.splitlines()
        )


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    title: str


@dataclass(frozen=True, kw_only=True)
class Document:
    """What topics and plain pages share: rendered body, contents, search text."""

    id: str
    title: str
    slug: str
    summary: str
    source: str
    blocks: tuple[Block, ...] = ()
    toc: tuple[TocEntry, ...] = ()
    text: str = ""
    code_blocks: tuple[CodeBlock, ...] = ()
    examples: tuple[Example, ...] = ()
    quizzes: tuple[Quiz, ...] = ()
    widgets: tuple[WidgetBlock, ...] = ()
    prev_id: str | None = None
    next_id: str | None = None
    front_matter: dict[str, Any] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"/topics/{self.slug}"


@dataclass(frozen=True, kw_only=True)
class Topic(Document):
    part: int
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Page(Document):
    """A page outside the numbered topics, e.g. the closing "what next" (id "next").

    `kind: reference` pages (the glossary, the notation guide) are served at their own
    address and kept off the course's prev/next path and the map's "And then" list.
    """

    @property
    def is_reference(self) -> bool:
        return self.front_matter.get("kind") == "reference"

    @property
    def url(self) -> str:
        return f"/{self.slug}" if self.is_reference else f"/topics/{self.slug}"


PAGE_KINDS = ("page", "reference")
GLOSSARY_ID, NOTATION_ID = "glossary", "notation"


@dataclass(frozen=True)
class Part:
    number: int
    title: str
    topics: tuple[Topic, ...] = ()


PART_TITLES = {
    1: "Linear Algebra",
    2: "Statistics & Probability",
    3: "Calculus",
    4: "The Math Inside Models",
}


@dataclass(frozen=True)
class Course:
    """Parts → topics in course order, then the pages (listed after the last part).

    Look-ups return None when nothing matches. With duplicate ids or slugs (a check
    error) the first document in course order wins.
    """

    parts: tuple[Part, ...]
    topics: tuple[Topic, ...]
    pages: tuple[Page, ...] = ()
    problems: tuple[str, ...] = ()
    _by_id: dict[str, Document] = field(default_factory=dict, repr=False, compare=False)
    _by_slug: dict[str, Document] = field(default_factory=dict, repr=False, compare=False)
    _quizzes: dict[str, Quiz] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for doc in self.documents:
            self._by_id.setdefault(doc.id, doc)
            self._by_slug.setdefault(doc.slug, doc)
            for quiz in doc.quizzes:
                self._quizzes.setdefault(quiz.id, quiz)

    @property
    def documents(self) -> tuple[Document, ...]:
        return (*self.topics, *self.pages)

    @property
    def listed_pages(self) -> tuple[Page, ...]:
        """Pages on the course's path (after the last part), without the reference pages."""
        return tuple(p for p in self.pages if not p.is_reference)

    @property
    def reference_pages(self) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.is_reference)

    def topic(self, topic_id: str) -> Topic | None:
        doc = self._by_id.get(topic_id)
        return doc if isinstance(doc, Topic) else None

    def page(self, page_id: str) -> Page | None:
        doc = self._by_id.get(page_id)
        return doc if isinstance(doc, Page) else None

    def document(self, doc_id: str) -> Document | None:
        """A topic or a page by id (prev/next ids may name either)."""
        return self._by_id.get(doc_id)

    def by_slug(self, slug: str) -> Document | None:
        """The topic or page served at /topics/{slug}."""
        return self._by_slug.get(slug)

    def quiz(self, quiz_id: str) -> Quiz | None:
        return self._quizzes.get(quiz_id)

    def quiz_topic(self, quiz_id: str) -> Document | None:
        """The topic (or page) a quiz belongs to."""
        return next((d for d in self.documents if any(q.id == quiz_id for q in d.quizzes)), None)


__all__ = [
    "GLOSSARY_ID",
    "NOTATION_ID",
    "PAGE_KINDS",
    "PART_TITLES",
    "Block",
    "Choice",
    "CodeBlock",
    "Course",
    "Document",
    "Example",
    "HtmlBlock",
    "Page",
    "Part",
    "Quiz",
    "QuizBlock",
    "QuizCheck",
    "TocEntry",
    "Topic",
    "WidgetBlock",
]
