"""HTML for an Explanation: the lesson pages and the widgets' output share this markup.

The markup is semantic and its class names are stable (stylesheet, scripts and tests
rely on them)::

    <div class="explanation" data-op="dot">
      <dl class="inputs">
        <div class="input"><dt>u</dt><dd>[1, 2, 3]</dd></div> …
      </dl>
      <ol class="steps">
        <li class="step"><span class="math">…MathML…</span> <span class="note">…</span></li> …
      </ol>
      <p class="result"><span class="label">Result:</span> <span class="value">32</span></p>
      (a result with several parts: <div class="result"> with a <table class="result-table">
      of <th scope="row">label</th><td><span class="value">…</span></td> rows)
      <ul class="notes"><li>…</li> …</ul>
    </div>

- `.inputs` is left out when the operation had no inputs worth showing (all None);
  `.notes` is left out when there are none; a step without a note has no `.note`.
- A step whose LaTeX cannot be converted shows its LaTeX in `<code class="latex">`;
  a step without LaTeX shows its plain text in `<span class="text">`.
- `.value` (from `result_html`) holds the result rounded for reading; the JSON form of
  the Explanation keeps full precision.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..engine.explanation import Explanation, Step
from .mathml import latex_to_mathml, node_to_mathml
from .text import result_rows, result_text


def result_html(value: Any) -> str:
    """A result rounded for reading, escaped, in `<span class="value">`."""
    return f'<span class="value">{escape(result_text(value))}</span>'


def explanation_html(expl: Explanation) -> str:
    """The inputs, the numbered working, the result and the notes of one Explanation."""
    parts = [f'<div class="explanation" data-op="{escape(expl.operation)}">']
    inputs = _inputs_html(expl.inputs)
    if inputs:
        parts.append(inputs)
    if expl.steps:
        parts.append('<ol class="steps">')
        parts.extend(_step_html(step) for step in expl.steps)
        parts.append("</ol>")
    parts.append(_result_block(expl.result))
    if expl.notes:
        parts.append('<ul class="notes">')
        parts.extend(f"<li>{escape(note)}</li>" for note in expl.notes)
        parts.append("</ul>")
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def _result_block(value: Any) -> str:
    """One value on a line; a result with several parts as a small table of labelled rows."""
    if not isinstance(value, dict):
        return f'<p class="result"><span class="label">Result:</span> {result_html(value)}</p>'
    rows = "".join(
        f'<tr><th scope="row">{escape(label)}</th>'
        f'<td><span class="value">{escape(shown)}</span></td></tr>'
        for label, shown in result_rows(value)
    )
    return (
        '<div class="result"><span class="label">Result:</span>'
        f'<table class="result-table"><tbody>{rows}</tbody></table></div>'
    )


def _inputs_html(inputs: dict[str, Any]) -> str:
    # An optional argument left out (e.g. derivative's `at`) is None: nothing to show.
    rows = [
        f'<div class="input"><dt>{escape(str(name))}</dt>'
        f"<dd>{escape(_input_text(value))}</dd></div>"
        for name, value in inputs.items()
        if value is not None
    ]
    if not rows:
        return ""
    return '<dl class="inputs">' + "".join(rows) + "</dl>"


SHOWN_INPUTS = 8  # a long input list keeps its first entries and its last two


def _input_text(value: Any) -> str:
    """An input as written for reading; a long flat list is elided and says its length.

    A lesson may feed 200 probabilities to one example: the working shows what matters,
    and a wall of identical numbers would push it off the screen.
    """
    if isinstance(value, list) and len(value) > SHOWN_INPUTS + 2:
        shown = [result_text(x) for x in value[: SHOWN_INPUTS - 2]]
        tail = [result_text(x) for x in value[-2:]]
        return "[" + ", ".join([*shown, "…", *tail]) + f"] ({len(value)} entries)"
    return result_text(value)


def _step_html(step: Step) -> str:
    if step.math is not None:
        body = f'<span class="math">{node_to_mathml(step.math)}</span>'
    elif step.latex:
        body = f'<span class="math">{latex_to_mathml(step.latex)}</span>'
    else:
        body = f'<span class="text">{escape(step.text)}</span>'
    if step.note:
        body += f' <span class="note">{escape(step.note)}</span>'
    return f'<li class="step">{body}</li>'


__all__ = ["explanation_html", "result_html"]
