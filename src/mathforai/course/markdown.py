"""The lesson Markdown pipeline: markdown-it-py ("commonmark" + tables + strikethrough)
with front matter, `::: callout` containers, `$…$`/`$$…$$` math as server-side MathML,
heading anchors for the table of contents, `{{id}}` result references, `topic:` links,
python code blocks, and the directives of directives.py (example, widget, quiz).

Parsing and rendering share one `env` dict per document: examples are computed while
parsing, so a reference may come before its example; problems collect in
`env["problems"]`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..render.mathml import latex_to_mathml
from ..render.text import result_text
from .directives import (
    Env,
    example_plugin,
    load_yaml,
    problem,
    quiz_for,
    quiz_plugin,
    select,
    widget_plugin,
)
from .model import Block, CodeBlock, Example, HtmlBlock, Quiz, QuizBlock, TocEntry, WidgetBlock

CALLOUT_KINDS = {"ai": "In practice", "note": "Note", "warning": "Warning", "tip": "Tip"}
CODE_LANGUAGES = ("python", "py")


@lru_cache(maxsize=1)
def make_parser() -> MarkdownIt:
    """The one configured parser (cached: building it compiles every rule)."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    front_matter_plugin(md)
    math_plugin(md)
    callout_plugin(md)
    anchors_plugin(md, min_level=2, max_level=3)
    ref_plugin(md)
    topic_link_plugin(md)
    table_label_plugin(md)
    code_plugin(md)
    example_plugin(md)
    widget_plugin(md)
    quiz_plugin(md)
    return md


# ---------------------------------------------------------------- math


def math_plugin(md: MarkdownIt) -> None:
    """$…$ inline and $$…$$ display math, as MathML. `$5 and $10` stay text (allow_digits)."""
    dollarmath_plugin(
        md,
        allow_digits=False,
        renderer=lambda latex, opts: latex_to_mathml(latex, bool(opts["display_mode"])),
    )


# ---------------------------------------------------------------- callout


def callout_plugin(md: MarkdownIt) -> None:
    """`::: callout KIND Title` … `:::` → <aside class="callout callout-KIND">."""

    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Env) -> str:
        token = tokens[idx]
        if token.nesting == -1:
            return "</aside>\n"
        _, kind, title = [*token.info.strip().split(None, 2), "", ""][:3]
        if kind not in CALLOUT_KINDS:
            problem(
                env,
                token,
                f"callout kind {kind!r} is unknown; use one of {', '.join(CALLOUT_KINDS)}",
            )
            kind = "note"
        heading = md.renderInline(title, env) if title else CALLOUT_KINDS[kind]
        return f'<aside class="callout callout-{kind}">\n<p class="callout-title">{heading}</p>\n'

    container_plugin(md, "callout", render=render)


# ---------------------------------------------------------------- {{id}} references

_REF = re.compile(
    r"\{\{\s*(?P<id>[A-Za-z0-9_-]+)(?P<keys>(?:\.[A-Za-z0-9_-]+)*)"
    r"\s*(?:\|\s*(?P<fmt>pct|\d+)\s*)?\}\}"
)


class RefError(LookupError):
    pass


def ref_plugin(md: MarkdownIt) -> None:
    """`{{id}}`, `{{id.key}}`, `{{id.0}}`, `{{id|pct}}`, `{{id|2}}`: an example's result.

    An inline rule, so code spans and code blocks (parsed before it) are never touched.
    """

    def rule(state: StateInline, silent: bool) -> bool:
        if not state.src.startswith("{{", state.pos):
            return False
        match = _REF.match(state.src, state.pos)
        if match is None:
            return False
        if not silent:
            token = state.push("example_ref", "", 0)
            token.content = match.group(0)
            token.meta = {
                "id": match.group("id"),
                "keys": [k for k in match.group("keys").split(".") if k],
                "fmt": match.group("fmt"),
            }
        state.pos = match.end()
        return True

    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Env) -> str:
        token = tokens[idx]
        try:
            text = resolve_ref(token.meta, env)
        except RefError as exc:
            if not token.meta.get("reported"):
                token.meta["reported"] = True
                problem(env, token, f"{token.content}: {exc}")
            return (
                f'<mark class="ref-error" title="{escape(str(exc))}">{escape(token.content)}</mark>'
            )
        return f'<span class="ref">{escape(text)}</span>'

    md.inline.ruler.before("escape", "example_ref", rule)
    md.add_render_rule("example_ref", render)
    md.core.ruler.push("stamp_lines", _stamp_lines)


def _stamp_lines(state: StateCore) -> None:
    """Inline tokens carry no line; copy their paragraph's so problems can name it."""
    for token in state.tokens:
        if token.type != "inline" or not token.map:
            continue
        for child in token.children or []:
            if child.type in ("example_ref", "link_open"):
                child.meta = {**(child.meta or {}), "line": token.map[0] + 1}


def resolve_ref(meta: dict[str, Any], env: Env) -> str:
    """The referenced result as text, rounded for reading; RefError says what to fix."""
    example: Example | None = env.get("examples", {}).get(meta["id"])
    if example is None:
        known = ", ".join(env.get("examples", {})) or "none"
        raise RefError(f"no example with id {meta['id']!r} in this lesson (ids: {known})")
    if example.explanation is None:
        raise RefError(f"example {meta['id']!r} failed, so it has no result")
    try:
        value = select(example.explanation.result, meta["keys"])
    except LookupError as exc:
        raise RefError(str(exc)) from None
    return format_value(value, meta["fmt"])


def format_value(value: Any, fmt: str | None) -> str:
    """`pct`: a percentage with one decimal; digits: that many decimals; else result_text."""
    if fmt is None:
        return result_text(value)
    if isinstance(value, dict):
        raise RefError(f"the result is an object; pick a key: {', '.join(map(str, value))}")
    if fmt == "pct":
        if not _is_number(value):
            raise RefError("|pct needs a single number")
        return f"{float(value) * 100:.1f}%"
    digits = int(fmt)
    if _is_number(value):
        return f"{float(value):.{digits}f}"
    if isinstance(value, list) and all(_is_number(x) for x in value):
        return "[" + ", ".join(f"{float(x):.{digits}f}" for x in value) + "]"
    return result_text(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# ---------------------------------------------------------------- topic: links


def topic_link_plugin(md: MarkdownIt) -> None:
    """`[text](topic:1.5)` → href="/topics/<slug>", from env["topic_urls"] (id → url);
    `[term](glossary:dot-product)` → href="/glossary#dot-product", checked against
    env["glossary_terms"] (the glossary's term anchors) when the loader provides them."""

    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Env) -> str:
        token = tokens[idx]
        href = str(token.attrGet("href") or "")
        if href.startswith("glossary:"):
            _glossary_link(token, href.removeprefix("glossary:"), env)
        elif href.startswith("topic:"):
            target = href.removeprefix("topic:")
            url = env.get("topic_urls", {}).get(target)
            if url is None:
                problem(env, token, f"link to topic:{target}: there is no topic with that id")
                token.attrSet("href", "#missing-topic")
                token.attrJoin("class", "broken-link")
            else:
                token.attrSet("href", url)
        return self.renderToken(tokens, idx, options, env)  # type: ignore[no-any-return]

    md.add_render_rule("link_open", render)


def _glossary_link(token: Token, term: str, env: Env) -> None:
    terms = env.get("glossary_terms")
    if terms is not None and term not in terms:
        problem(env, token, f"link to glossary:{term}: the glossary has no term with that anchor")
        token.attrJoin("class", "broken-link")
    token.attrSet("href", f"/glossary#{term}")
    token.attrJoin("class", "glossary-link")


# ---------------------------------------------------------------- tables


def table_label_plugin(md: MarkdownIt) -> None:
    """Each body cell carries its column's header as `data-label`, so on a phone the
    stylesheet can show a table as one labelled card per row instead of clipping columns."""

    def rule(state: StateCore) -> None:
        headers: list[str] = []
        column = 0
        for i, token in enumerate(state.tokens):
            if token.type == "table_open":
                headers = []
                token.attrJoin("class", "stack-table")
            elif token.type == "th_open":
                inline = state.tokens[i + 1]
                headers.append(_plain(inline.children or []))
            elif token.type == "tr_open":
                column = 0
            elif token.type == "td_open":
                if column < len(headers) and headers[column]:
                    token.attrSet("data-label", headers[column])
                column += 1

    md.core.ruler.push("table_labels", rule)


def _plain(children: Sequence[Token]) -> str:
    return "".join(c.content for c in children if c.type in ("text", "code_inline")).strip()


# ---------------------------------------------------------------- code blocks


def code_plugin(md: MarkdownIt) -> None:
    """Collect ```python fences into env["code"]: `mathforai check` and the tests run them."""

    def rule(state: StateCore) -> None:
        if state.inlineMode:
            return
        for token in state.tokens:
            if token.type == "fence" and token.info.strip().split(" ", 1)[0] in CODE_LANGUAGES:
                line = token.map[0] + 1 if token.map else 0
                state.env.setdefault("code", []).append(CodeBlock(token.content, line))

    md.core.ruler.push("collect_code", rule)


# ---------------------------------------------------------------- documents


@dataclass
class ParsedDocument:
    front_matter: dict[str, Any]
    tokens: list[Token]
    env: Env


@dataclass
class RenderedDocument:
    blocks: list[Block]
    toc: list[TocEntry]
    text: str
    examples: list[Example]
    quizzes: list[Quiz]
    widgets: list[WidgetBlock]
    code: list[CodeBlock]
    problems: list[str] = field(default_factory=list)


def parse_document(text: str, md: MarkdownIt | None = None) -> ParsedDocument:
    """Parse a lesson: front matter, tokens, and its examples computed by the engine."""
    md = md or make_parser()
    env: Env = {"problems": []}
    tokens = md.parse(text, env)
    front: dict[str, Any] = {}
    if tokens and tokens[0].type == "front_matter":
        try:
            loaded = load_yaml(tokens[0].content)
        except yaml.YAMLError as exc:
            env["problems"].append(f"front matter cannot be read: {str(exc).splitlines()[0]}")
            loaded = {}
        if isinstance(loaded, dict):
            front = loaded
        else:
            env["problems"].append("front matter must be YAML names and values")
    return ParsedDocument(front, tokens, env)


def render_document(
    parsed: ParsedDocument, topic_urls: dict[str, str], md: MarkdownIt | None = None
) -> RenderedDocument:
    """Render a parsed lesson into blocks; widgets and quizzes stay data for the web layer."""
    md = md or make_parser()
    env = parsed.env
    env["topic_urls"] = topic_urls
    blocks = split_blocks(md, parsed.tokens, env)
    return RenderedDocument(
        blocks=blocks,
        toc=table_of_contents(parsed.tokens, env),
        text=plain_text(parsed.tokens, env),
        examples=list(env.get("example_list", [])),
        quizzes=[b.quiz for b in blocks if isinstance(b, QuizBlock)],
        widgets=[b for b in blocks if isinstance(b, WidgetBlock)],
        code=list(env.get("code", [])),
        problems=list(env["problems"]),
    )


def render_markdown(text: str, topic_urls: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """One page of HTML (widgets and quizzes in their static form) and its problems."""
    md = make_parser()
    parsed = parse_document(text, md)
    parsed.env["topic_urls"] = topic_urls or {}
    html = md.renderer.render(parsed.tokens, md.options, parsed.env)
    return html, list(parsed.env["problems"])


def split_blocks(md: MarkdownIt, tokens: list[Token], env: Env) -> list[Block]:
    """HTML runs between top-level widgets and quizzes, which become WidgetBlock/QuizBlock."""
    blocks: list[Block] = []
    run: list[Token] = []

    def flush() -> None:
        html = md.renderer.render(run, md.options, env)
        if html.strip():
            blocks.append(HtmlBlock(html))
        run.clear()

    for token in tokens:
        if token.type in ("widget", "quiz") and token.level > 0:
            problem(env, token, f"put the {token.type} at the top level, not inside a callout")
        if token.type in ("widget", "quiz") and token.level == 0:
            flush()
            if token.type == "widget":
                blocks.append(token.meta["block"])
            else:
                blocks.append(QuizBlock(quiz_for(md, token, env)))
        else:
            run.append(token)
    flush()
    return blocks


def table_of_contents(tokens: list[Token], env: Env) -> list[TocEntry]:
    toc = []
    for i, token in enumerate(tokens):
        anchor = token.attrGet("id") if token.type == "heading_open" else None
        if anchor and i + 1 < len(tokens):
            title = _inline_text(tokens[i + 1].children or [], env)
            toc.append(TocEntry(int(token.tag[1]), str(anchor), title))
    return toc


def plain_text(tokens: list[Token], env: Env) -> str:
    """The prose as plain text (for search), with references resolved."""
    pieces = []
    for token in tokens:
        if token.type == "inline":
            pieces.append(_inline_text(token.children or [], env))
        elif token.type == "example":
            pieces.append(token.meta["example"].title)
    return " ".join(p for p in pieces if p)


def _inline_text(children: list[Token], env: Env) -> str:
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "example_ref":
            try:
                out.append(resolve_ref(child.meta, env))
            except RefError:
                out.append(child.content)
    return re.sub(r"\s+", " ", "".join(out)).strip()


__all__ = [
    "CALLOUT_KINDS",
    "ParsedDocument",
    "RefError",
    "RenderedDocument",
    "callout_plugin",
    "code_plugin",
    "format_value",
    "make_parser",
    "math_plugin",
    "parse_document",
    "plain_text",
    "ref_plugin",
    "render_document",
    "render_markdown",
    "resolve_ref",
    "split_blocks",
    "table_of_contents",
    "topic_link_plugin",
]
