"""Widget forms: labelled inputs from an operation's arguments, and values read back.

A form field is named after the argument and its position: `u.0` is the first
component of vector u, `A.1.0` row 2 column 1 of matrix A, `at.x` the key x of an
object. The same names come back in the query string whether the form was submitted
by the browser (JavaScript off) or by app.js, and `read_values` turns them back into
the raw values the engine validates. Nothing here computes anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

from ..engine import Operation, parse_value
from ..engine.inputs import InputError
from ..engine.notation import num

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
MAX_FIELDS = 2_000
MAX_DEPTH = 2
_INDEX = re.compile(r"^\d{1,5}$")


@dataclass(frozen=True)
class Input:
    """One HTML control."""

    name: str
    label: str
    kind: str  # number | text | select | checkbox | range
    value: str = ""
    options: tuple[tuple[str, str], ...] = ()
    checked: bool = False
    min: str = ""
    max: str = ""
    step: str = ""
    hide_label: bool = False


@dataclass(frozen=True)
class ArgumentField:
    """All the controls of one argument, laid out as one value, a row, a grid or keys."""

    name: str
    label: str
    description: str
    layout: str  # scalar | vector | matrix | object
    rows: tuple[tuple[Input, ...], ...] = field(default_factory=tuple)

    @property
    def inputs(self) -> list[Input]:
        return [i for row in self.rows for i in row]


def subscript(name: str, *indices: int) -> str:
    """u₁, A₁,₂: one-based, as in the lessons."""
    return name + ",".join(str(i + 1).translate(SUBSCRIPTS) for i in indices)


def format_value(value: Any) -> str:
    """A default as it appears in an input box (no float noise such as 0.30000000000000004)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return num(value, 12)
    return str(value)


def widget_fields(
    operation: Operation, values: Mapping[str, Any], controls: Mapping[str, Any] | None = None
) -> list[ArgumentField]:
    """The form for `operation`, filled with `values` (defaults or what the learner sent)."""
    controls = controls or {}
    schema = operation.json_schema.get("properties", {})
    fields = []
    for arg in operation.arguments():
        name = arg["name"]
        if name in values:
            value = values[name]
        elif not arg["required"]:
            value = arg.get("default")
        else:
            value = operation.example.get(name)
        if value is None and not arg["required"] and _schema_type(schema.get(name, {})) == "array":
            # An optional list the widget leaves out (least squares' A beside x) has no
            # length to draw boxes for; one empty number box in its place would read as
            # missing and hold back every live update.
            continue
        control = _control(controls.get(name))
        fields.append(
            _argument_field(name, arg["description"], value, schema.get(name, {}), control)
        )
    return fields


def _control(raw: Any) -> dict[str, Any]:
    """A widget's control hint (course.widgets.Control, a mapping or a kind) as a dict."""
    if raw is None:
        return {}
    if isinstance(raw, str):
        return {"kind": raw}
    if isinstance(raw, Mapping):
        return dict(raw)
    keys = ("kind", "min", "max", "step", "options", "label")
    return {key: getattr(raw, key) for key in keys if getattr(raw, key, None) not in (None, "")}


def _argument_field(
    name: str, description: str, value: Any, schema: Mapping[str, Any], control: Mapping[str, Any]
) -> ArgumentField:
    label = str(control.get("label") or name)
    options = _options(schema, control)
    if options:
        select = Input(name, label, "select", format_value(value), options)
        return ArgumentField(name, label, description, "scalar", ((select,),))
    if isinstance(value, bool) or _schema_type(schema) == "boolean":
        box = Input(name, label, "checkbox", "true", checked=bool(value))
        return ArgumentField(name, label, description, "scalar", ((box,),))
    if isinstance(value, Mapping):
        row = tuple(
            _number_input(f"{name}.{key}", str(key), item, control) for key, item in value.items()
        )
        return ArgumentField(name, name, description, "object", (row,))
    if _is_grid(value):
        grid = tuple(
            tuple(
                _number_input(f"{name}.{i}.{j}", subscript(label, i, j), item, control, hide=True)
                for j, item in enumerate(row)
            )
            for i, row in enumerate(value)
        )
        return ArgumentField(name, name, description, "matrix", grid)
    if isinstance(value, list | tuple):
        row = tuple(
            _number_input(f"{name}.{i}", subscript(label, i), item, control)
            for i, item in enumerate(value)
        )
        return ArgumentField(name, name, description, "vector", (row,))
    if isinstance(value, str) or _schema_type(schema) == "string" or _is_expression(description):
        text = Input(name, label, "text", format_value(value))
        return ArgumentField(name, label, description, "scalar", ((text,),))
    single = _number_input(name, label, value, control)
    return ArgumentField(name, label, description, "scalar", ((single,),))


def _is_grid(value: Any) -> bool:
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(row, list | tuple) for row in value)
    )


def _number_input(
    name: str, label: str, value: Any, control: Mapping[str, Any], hide: bool = False
) -> Input:
    kind = str(control.get("kind") or control.get("type") or "")
    bounds = {key: format_value(control.get(key)) for key in ("min", "max", "step")}
    if kind in ("slider", "range"):
        return Input(name, label, "range", format_value(value), hide_label=hide, **bounds)
    bounds["step"] = bounds["step"] or "any"
    return Input(name, label, "number", format_value(value), hide_label=hide, **bounds)


def _options(schema: Mapping[str, Any], control: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """Choices for a select: the widget's own list, else the schema's enum."""
    raw = control.get("options") or control.get("choices") or _enum(schema)
    if not raw:
        return ()
    out = []
    for item in raw:
        if isinstance(item, Mapping):
            value = format_value(item.get("value"))
            out.append((value, str(item.get("label", value))))
        else:
            out.append((format_value(item), format_value(item)))
    return tuple(out)


def _enum(schema: Mapping[str, Any]) -> list[Any]:
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    values: list[Any] = []
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        values.extend(_enum(branch))
    return values


def _schema_type(schema: Mapping[str, Any]) -> str:
    if isinstance(schema.get("type"), str):
        return str(schema["type"])
    types = {b.get("type") for b in schema.get("anyOf", []) if b.get("type") != "null"}
    return str(types.pop()) if len(types) == 1 else ""


def _is_expression(description: str) -> bool:
    return "expression" in description.lower()


def text_arguments(operation: Operation) -> set[str]:
    """Arguments whose form value is text as typed (an expression is never parsed here)."""
    schema = operation.json_schema.get("properties", {})
    names = set()
    for arg in operation.arguments():
        prop = schema.get(arg["name"], {})
        if _is_expression(arg["description"]) or (
            _schema_type(prop) == "string" and not _enum(prop)
        ):
            names.add(arg["name"])
    return names


def submitted_arguments(query: Iterable[tuple[str, str]], operation: Operation) -> set[str]:
    """Which of the operation's arguments appear in a query string."""
    names = {a["name"] for a in operation.arguments()}
    return {key.split(".", 1)[0] for key, _ in query} & names


def read_values(query: Iterable[tuple[str, str]], operation: Operation) -> dict[str, Any]:
    """Raw argument values from form fields (u.0=1&u.1=2 → {"u": [1, 2]}).

    Keys that are not the operation's arguments (the widget's own name, other
    widgets' fields) are ignored. A non-empty whole value (u=1,2,3) beats the cells.
    A repeated key keeps its last value, which lets a hidden "false" stand in for an
    unticked checkbox. An empty optional argument is
    left out so the operation's default applies.
    """
    names = {a["name"]: a for a in operation.arguments()}
    text_args = text_arguments(operation)
    query = _whole_wins(list(query))
    tree: dict[str, Any] = {}
    count = 0
    for key, value in query:
        parts = key.split(".")
        if parts[0] not in names:
            continue
        count += 1
        if count > MAX_FIELDS:
            raise InputError(parts[0], f"too many fields: at most {MAX_FIELDS} are read")
        if len(parts) > MAX_DEPTH + 1 or any(not p for p in parts):
            raise InputError(parts[0], f"{key!r} is not a field of this widget")
        leaf = value if parts[0] in text_args else _leaf(value)
        if leaf == "" and len(parts) > 1:
            raise InputError(parts[0], f"{_shown(parts)} is empty: type a number")
        _insert(tree, parts, leaf)
    raw = {}
    for name, value in tree.items():
        built = _build(name, value)
        if built == "" and not names[name]["required"]:
            continue
        raw[name] = built
    return raw


def _whole_wins(query: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A vector typed whole (u=1, 2, 3, the form's "type all entries" box, which works
    without JavaScript) replaces its cells (u.0, u.1 …), so a learner can change its
    length; left empty, the box is ignored and the cells count."""
    parted = {key.split(".", 1)[0] for key, _ in query if "." in key}
    typed = {key for key, value in query if key in parted and value.strip()}
    return [
        (key, value)
        for key, value in query
        if (key in typed and value.strip())
        or ("." in key and key.split(".", 1)[0] not in typed)
        or ("." not in key and key not in parted)
    ]


def _shown(parts: list[str]) -> str:
    """A field as the learner sees it: u₂ for u.1, A₁,₂ for A.0.1, at.x for at.x."""
    if all(_INDEX.match(p) for p in parts[1:]):
        return subscript(parts[0], *(int(p) for p in parts[1:]))
    return ".".join(parts)


def _leaf(text: str) -> Any:
    value = parse_value(text)
    return text.strip() if isinstance(value, str) else value


def _insert(tree: dict[str, Any], parts: list[str], leaf: Any) -> None:
    node = tree
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            # A key given both whole and by parts (u=1,2&u.0=3): the parts win.
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = leaf


def _build(name: str, node: Any) -> Any:
    """Dicts keyed 0..n-1 become lists; other dicts stay objects (at.x, at.y)."""
    if not isinstance(node, dict):
        return node
    built = {key: _build(name, value) for key, value in node.items()}
    if built and all(_INDEX.match(k) for k in built):
        by_index = {int(k): value for k, value in built.items()}
        if len(by_index) != len(built) or sorted(by_index) != list(range(len(by_index))):
            raise InputError(name, f"{name}: a component is missing (positions must run 1, 2, 3 …)")
        return [by_index[i] for i in range(len(by_index))]
    return built


@dataclass(frozen=True)
class WidgetView:
    """Everything the template needs to draw one widget."""

    name: str
    title: str
    op: str
    anchor: str
    action: str
    fields: tuple[ArgumentField, ...]
    output_html: str
    ok: bool


def output_html(operation: Operation, raw: Mapping[str, Any]) -> tuple[str, bool]:
    """The output region's HTML for these values, and whether they were valid.

    Bad values give the engine's message instead of a result, never an exception.
    """
    from ..render.html import explanation_html

    try:
        expl = operation.run(raw)
        body = explanation_html(expl)
    except InputError as exc:
        return error_html(exc.message), False
    except (ValueError, OverflowError, RecursionError):
        # The engine refuses non-finite results; an extreme input can still produce one.
        return error_html("these values give a result too large to show; try smaller ones"), False
    return body + figure_html(expl), True


def error_html(message: str) -> str:
    return f'<p class="widget-error" role="alert">{escape(message)}</p>\n'


def figure_html(expl: Any) -> str:
    """The SVG picture of an explanation, when it has one."""
    from ..render.svg import figure

    svg = figure(expl)
    return f'<figure class="widget-figure">{svg}</figure>\n' if svg else ""


def build_view(
    *,
    name: str,
    title: str,
    operation: Operation,
    defaults: Mapping[str, Any],
    controls: Mapping[str, Any] | None,
    action: str,
    query: list[tuple[str, str]] | None = None,
) -> WidgetView:
    """A widget at its defaults, or at the values a submitted query holds."""
    values = dict(defaults)
    error = ""
    if query:
        try:
            values.update(read_values(query, operation))
        except InputError as exc:
            error = exc.message
    fields = tuple(widget_fields(operation, values, controls))
    if error:
        html, ok = error_html(error), False
    else:
        html, ok = output_html(operation, values)
    anchor = f"w-{name}"
    return WidgetView(name, title, operation.name, anchor, f"{action}#{anchor}", fields, html, ok)
