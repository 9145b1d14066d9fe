"""The fenced directives of docs/authoring.md: `example`, `widget` and `quiz`.

Each is a small markdown-it plugin. A core rule turns a fence whose info string names
the directive into a token of that type, with the parsed YAML body in `token.meta`;
a render rule writes its HTML. Every number comes from the engine; a mistake in a
directive becomes a problem line in `env["problems"]` (reported by `mathforai check`)
and a visible marker in the page, never an exception.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..engine import InputError, UnknownOperation, explain
from ..engine.explanation import Explanation
from ..render.html import explanation_html
from ..render.scoped import scoped_figure
from .model import Choice, Example, Quiz, QuizCheck, WidgetBlock
from .widgets import WIDGETS

Env = dict[str, Any]
RenderRule = Callable[..., str]


def problem(env: Env, token: Token | None, message: str) -> None:
    """Record one problem line (with the source line when known) for `mathforai check`."""
    line = None
    if token is not None:
        line = token.map[0] + 1 if token.map else (token.meta or {}).get("line")
    where = f"line {line}: " if line else ""
    env.setdefault("problems", []).append(where + message)


def error_html(message: str) -> str:
    return f'<div class="directive-error" role="note">{escape(message)}</div>\n'


def directive_plugin(
    md: MarkdownIt,
    name: str,
    on_parse: Callable[[Token, Env], None],
    render: RenderRule,
) -> None:
    """Turn ```NAME fences into NAME tokens whose meta["data"] is the YAML body."""

    def rule(state: StateCore) -> None:
        if state.inlineMode:
            return
        for token in state.tokens:
            if token.type == "fence" and token.info.strip().split(" ", 1)[0] == name:
                token.type = name
                token.meta = {"data": _yaml_body(token, state.env, name)}
                on_parse(token, state.env)

    md.core.ruler.push(f"directive_{name}", rule)
    md.add_render_rule(name, render)


def load_yaml(text: str) -> Any:
    """yaml.safe_load, with libyaml's C parser when present (the loader's biggest cost)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _yaml_body(token: Token, env: Env, name: str) -> dict[str, Any] | None:
    try:
        data = load_yaml(token.content)
    except yaml.YAMLError as exc:
        first = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0] or "invalid YAML"
        mark = getattr(exc, "problem_mark", None)
        # mark.line counts from the body's first line, which follows the fence line
        at = f" at line {token.map[0] + 2 + mark.line}" if mark and token.map else ""
        problem(env, token, f"{name}: the YAML body cannot be read{at}: {first}")
        return None
    if not isinstance(data, dict):
        problem(env, token, f"{name}: the body must be YAML names and values (name: value)")
        return None
    return data


def run_engine(op: Any, args: Any) -> tuple[Explanation | None, str]:
    """The engine's answer, or (None, a message saying what to fix)."""
    if not isinstance(op, str) or not op:
        return None, "op is missing: name an operation from `mathforai explain --list`"
    if args is None:
        args = {}
    if not isinstance(args, Mapping):
        return None, f"{op}: args must be names and values, such as {{u: [1, 2]}}"
    try:
        return explain(op, dict(args)), ""
    except UnknownOperation as exc:
        return None, str(exc)
    except InputError as exc:
        return None, f"{op}: {exc.message}"
    except Exception as exc:  # an engine bug must not take the whole course down
        return None, f"{op}: the engine failed ({type(exc).__name__}: {exc})"


# ---------------------------------------------------------------- example


def _with_names(
    expl: Explanation | None, names: Any, env: Env, token: Token, label: str
) -> Explanation | None:
    """`names: {A: W, B: x}`: the steps show the operands under the lesson's own names."""
    if expl is None or names is None:
        return expl
    if not isinstance(names, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in names.items()
    ):
        problem(env, token, f"{label}: names must map arguments to names, such as {{A: W}}")
        return expl
    return expl.renamed({k: v.strip() for k, v in names.items()})


def example_plugin(md: MarkdownIt) -> None:
    """```example: a worked example computed by the engine when the lesson loads."""

    def on_parse(token: Token, env: Env) -> None:
        data = token.meta["data"]
        examples: dict[str, Example] = env.setdefault("examples", {})
        example_id = str(data.get("id") or "") if data else ""
        label = f"example {example_id!r}" if example_id else "example"
        if data is None:
            expl, error = None, "the directive could not be read"
        else:
            expl, error = run_engine(data.get("op"), data.get("args"))
            if error:
                problem(env, token, f"{label}: {error}")
            expl = _with_names(expl, data.get("names"), env, token, label)
        data = data or {}
        args = data.get("args")
        example = Example(
            example_id,
            str(data.get("op") or ""),
            str(data.get("title") or ""),
            dict(args) if isinstance(args, Mapping) else {},
            expl,
            error,
        )
        token.meta["example"] = example
        env.setdefault("example_list", []).append(example)
        if "." in example_id:
            problem(env, token, f"{label}: an id cannot contain '.'; use '-'")
        elif example_id in examples:
            problem(env, token, f"example id {example_id!r} is used twice in this lesson")
        elif example_id:
            examples[example_id] = example

    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Env) -> str:
        example: Example = tokens[idx].meta["example"]
        anchor = f' id="example-{escape(example.id)}"' if example.id else ""
        title = md.renderInline(example.title, env) if example.title else "Worked example"
        if example.explanation is None:
            body = error_html(
                "This example could not be computed: " + (example.error or "bad directive")
            )
        else:
            body = explanation_html(example.explanation)
            env["figures"] = env.get("figures", 0) + 1
            svg = scoped_figure(example.explanation, f"ex{env['figures']}")
            if svg:
                body += f'<div class="example-figure">{svg}</div>\n'
        return (
            f'<figure class="example"{anchor}>\n'
            f'<figcaption class="example-title">{title}</figcaption>\n{body}</figure>\n'
        )

    directive_plugin(md, "example", on_parse, render)


# ---------------------------------------------------------------- widget


def build_widget(data: Mapping[str, Any] | None, env: Env, token: Token | None) -> WidgetBlock:
    """A widget with the lesson's overrides applied and its output at those values."""
    if data is None:  # the YAML error is already reported
        return WidgetBlock("", {}, error="This widget could not be read.")
    name = str(data.get("name") or "")
    widget = WIDGETS.get(name)
    if widget is None:
        known = ", ".join(WIDGETS)
        error = f"widget {name!r} does not exist; the widgets are: {known}"
        problem(env, token, error)
        return WidgetBlock(name, {}, title=name, error=error)
    overrides = data.get("args") or {}
    if not isinstance(overrides, Mapping):
        error = f"widget {name!r}: args must be names and values"
        problem(env, token, error)
        defaults = copy.deepcopy(dict(widget.defaults))
        return WidgetBlock(name, defaults, widget.op, widget.title, error=error)
    args = copy.deepcopy({**widget.defaults, **overrides})
    title = str(data.get("title") or widget.title)
    expl, error = run_engine(widget.op, args)
    if error:
        problem(env, token, f"widget {name!r}: {error}")
        return WidgetBlock(name, args, widget.op, title, error=error)
    assert expl is not None
    return WidgetBlock(name, args, widget.op, title, explanation_html(expl))


def widget_plugin(md: MarkdownIt) -> None:
    """```widget: a live calculator; the web layer draws its form from the WidgetBlock."""

    def on_parse(token: Token, env: Env) -> None:
        token.meta["block"] = build_widget(token.meta["data"], env, token)

    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Env) -> str:
        return widget_static_html(tokens[idx].meta["block"])

    directive_plugin(md, "widget", on_parse, render)


def widget_static_html(block: WidgetBlock) -> str:
    """A widget without its form (used outside the web app, e.g. golden tests)."""
    body = block.output_html or error_html(block.error)
    return (
        f'<section class="widget" data-widget="{escape(block.name)}">\n'
        f'<h3 class="widget-title">{escape(block.title)}</h3>\n'
        f'<div class="widget-output" aria-live="polite">\n{body}</div>\n</section>\n'
    )


# ---------------------------------------------------------------- quiz


def quiz_plugin(md: MarkdownIt) -> None:
    """```quiz: a quick check. The Quiz is built at render time, when topic links resolve."""

    def on_parse(token: Token, env: Env) -> None:
        token.meta["quiz"] = None

    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Env) -> str:
        return quiz_static_html(quiz_for(md, tokens[idx], env))

    directive_plugin(md, "quiz", on_parse, render)


def quiz_for(md: MarkdownIt, token: Token, env: Env) -> Quiz:
    """The token's Quiz, built (and its problems recorded) on first use only."""
    if token.meta.get("quiz") is None:
        token.meta["quiz"] = build_quiz(md, token.meta.get("data"), env, token)
    quiz: Quiz = token.meta["quiz"]
    return quiz


def quiz_static_html(quiz: Quiz) -> str:
    """A quiz without its form: the question and the choices, answers not revealed."""
    items = "".join(f'<li class="choice">{c.html}</li>' for c in quiz.choices)
    return (
        f'<div class="quiz" data-quiz="{escape(quiz.id)}">\n'
        f'<p class="quiz-question">{quiz.question_html}</p>\n'
        f'<ol class="choices">{items}</ol>\n</div>\n'
    )


def build_quiz(md: MarkdownIt, data: Mapping[str, Any] | None, env: Env, token: Token) -> Quiz:
    if data is None:  # the YAML error is already reported; more lines would be noise
        return Quiz("", "This quick check could not be read.", ())
    quiz_id = str(data.get("id") or "")
    label = f"quiz {quiz_id!r}" if quiz_id else "quiz"
    if not quiz_id:
        problem(env, token, 'quiz has no id: add one such as id: "1.2-magnitude-6-8"')
    question = data.get("question")
    if not isinstance(question, str) or not question.strip():
        problem(env, token, f"{label}: question is missing")
        question = ""
    raw_choices = data.get("choices")
    if not isinstance(raw_choices, list) or len(raw_choices) < 2:
        problem(env, token, f"{label}: give at least two choices (a list of text/why)")
        raw_choices = raw_choices if isinstance(raw_choices, list) else []
    choices = tuple(
        _choice(md, raw, env, token, f"{label} choice {i + 1}") for i, raw in enumerate(raw_choices)
    )
    correct = [i for i, c in enumerate(choices) if c.correct]
    if len(correct) != 1:
        problem(
            env,
            token,
            f"{label}: exactly one choice must have correct: true (found {len(correct)})",
        )
    check = _quiz_check(data.get("check"), env, token, label)
    if check is not None and len(correct) == 1:
        _verify_check(check, raw_choices[correct[0]], env, token, label)
    return Quiz(quiz_id, md.renderInline(question, env), choices, check)


def _choice(md: MarkdownIt, raw: Any, env: Env, token: Token, label: str) -> Choice:
    if not isinstance(raw, Mapping):
        problem(env, token, f"{label}: write it as text: ..., why: ... (and correct: true)")
        return Choice(escape(str(raw)), False, "")
    text = raw.get("text")
    if isinstance(text, bool) or text is None:
        # YAML reads a bare yes/no/true/false as a boolean: the author meant the words.
        problem(env, token, f"{label}: text is missing or not text; put it in quotes")
        text = "" if text is None else str(text)
    why = raw.get("why")
    if not isinstance(why, str) or not why.strip():
        problem(env, token, f"{label}: every choice needs a why (why it is right or tempting)")
        why = ""
    correct = raw.get("correct", False)
    if not isinstance(correct, bool):
        problem(env, token, f"{label}: correct must be true or false")
    return Choice(md.renderInline(str(text), env), correct is True, md.renderInline(why, env))


def _quiz_check(raw: Any, env: Env, token: Token, label: str) -> QuizCheck | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or not isinstance(raw.get("op"), str):
        problem(env, token, f"{label}: check needs op: and args:")
        return None
    key = raw.get("key")
    if key is not None and not isinstance(key, str | int):
        problem(env, token, f"{label}: check key must be a name or an index")
        key = None
    args = raw.get("args") or {}
    return QuizCheck(raw["op"], dict(args) if isinstance(args, Mapping) else {}, key)


def _verify_check(check: QuizCheck, raw_choice: Any, env: Env, token: Token, label: str) -> None:
    expl, error = run_engine(check.op, check.args)
    if error:
        problem(env, token, f"{label}: check: {error}")
        return
    assert expl is not None
    try:
        # "weights.0" walks into a result the way {{id.weights.0}} does in prose.
        keys = [] if check.key is None else str(check.key).split(".")
        value = select(expl.result, keys)
    except LookupError as exc:
        problem(env, token, f"{label}: check key: {exc}")
        return
    text = str(raw_choice.get("text", "")) if isinstance(raw_choice, Mapping) else ""
    disagreement = compare_with_choice(value, text)
    if disagreement:
        problem(
            env, token, f"{label}: the engine disagrees with the correct choice: {disagreement}"
        )


def select(value: Any, keys: Sequence[str | int]) -> Any:
    """value[k1][k2]…: a name into an object, an index (0-based) into a list."""
    for key in keys:
        if isinstance(value, Mapping):
            if str(key) not in value:
                raise LookupError(f"no key {key!r}; the result has {', '.join(map(str, value))}")
            value = value[str(key)]
        elif isinstance(value, list | tuple):
            index = _index(key)
            if index is None or not -len(value) <= index < len(value):
                raise LookupError(f"{key!r} is not an index of a list of {len(value)}")
            value = value[index]
        else:
            raise LookupError(f"cannot select {key!r} from a single value")
    return value


def _index(key: str | int) -> int | None:
    if isinstance(key, int):
        return key
    return int(key) if re.fullmatch(r"-?\d+", key) else None


_WRITTEN = re.compile(r"(?<![\w.])([-−+]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([-+]?\d+))?(%?)")


def written_numbers(text: str) -> list[tuple[float, float]]:
    """Each number written in text with its rounding tolerance: "0.161" → (0.161, 0.0005)."""
    out = []
    for sign, digits, exp, pct in _WRITTEN.findall(text):
        decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
        value = float(digits) * (-1 if sign in "-−" and sign else 1)
        tol = 0.5 * 10.0**-decimals
        if exp:
            value *= 10.0 ** int(exp)
            tol *= 10.0 ** int(exp)
        if pct:
            value, tol = value / 100, tol / 100
        out.append((value, tol))
    return out


def compare_with_choice(value: Any, text: str) -> str:
    """Empty when the choice's text states `value` (as rounded there); else what differs."""
    if isinstance(value, bool):
        said = text.strip().lower()
        yes = said.startswith(("yes", "true"))
        no = said.startswith(("no", "false"))
        if (value and yes) or (not value and no):
            return ""
        return f"the engine says {str(value).lower()}, the choice says {text!r}"
    if isinstance(value, str):
        return "" if value.lower() in text.lower() else f"the engine says {value!r}"
    expected = _flatten(value)
    if expected is None:
        return "the result is an object: give the check a key"
    written = written_numbers(text)
    if len(written) != len(expected) or not all(
        abs(w - e) <= tol * (1 + 1e-9) + 1e-12 * abs(e)
        for (w, tol), e in zip(written, expected, strict=False)
    ):
        shown = ", ".join(f"{e:.6g}" for e in expected)
        hint = ""
        if len(written) != len(expected):
            hint = f" ({len(expected)} number(s) against {len(written)}: check the key)"
        return f"the engine computes {shown} but the choice says {text!r}{hint}"
    return ""


def _flatten(value: Any) -> list[float] | None:
    if isinstance(value, bool) or value is None or isinstance(value, Mapping):
        return None
    if isinstance(value, int | float):
        return [float(value)] if math.isfinite(value) else None
    if isinstance(value, list | tuple):
        out: list[float] = []
        for item in value:
            flat = _flatten(item)
            if flat is None:
                return None
            out.extend(flat)
        return out
    return None


__all__ = [
    "build_quiz",
    "build_widget",
    "compare_with_choice",
    "directive_plugin",
    "example_plugin",
    "load_yaml",
    "problem",
    "quiz_for",
    "quiz_plugin",
    "select",
    "widget_plugin",
    "written_numbers",
]
