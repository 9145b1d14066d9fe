"""The widget table: it matches docs/authoring.md, and every widget runs at its defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mathforai.course.widgets import WIDGETS, Widget
from mathforai.engine import OPERATIONS, explain
from mathforai.render.html import explanation_html

AUTHORING = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"


def _documented_widgets() -> list[tuple[str, str, str, dict[str, object]]]:
    """(topic, widget, operation, defaults) from the table in docs/authoring.md."""
    rows = []
    for line in AUTHORING.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"\d\.\d+", cells[0]):
            # "a = 5, b = 3" is a YAML flow mapping once "=" is ":".
            defaults = yaml.safe_load("{" + cells[3].replace(" = ", ": ") + "}")
            rows.append((cells[0], cells[1], cells[2], defaults))
    return rows


def test_widget_table_matches_the_authoring_guide() -> None:
    documented = _documented_widgets()
    assert len(documented) == 43
    assert [(w.topic, w.name, w.op, dict(w.defaults)) for w in WIDGETS.values()] == documented


def test_every_topic_has_its_own_widget() -> None:
    topics = {w.topic for w in WIDGETS.values()}
    assert len(topics) == 37


def test_seed_widgets_keep_their_names_and_defaults() -> None:
    assert WIDGETS["magnitude"].defaults == {"v": [3, 4]}
    assert WIDGETS["softmax"].defaults["logits"] == [2.0, 1.0, 0.1]
    gd = WIDGETS["gradient-descent"].defaults
    assert (gd["f"], gd["start"], gd["lr"]) == ("x^2", 6, 0.1)


def test_controls_hint_sliders_where_the_lessons_play_with_values() -> None:
    logits = WIDGETS["softmax"].controls["logits"]
    assert (logits.kind, logits.min, logits.max, logits.step) == ("slider", -20, 20, 0.1)
    lr = WIDGETS["gradient-descent"].controls["lr"]
    assert (lr.kind, lr.min, lr.max, lr.step) == ("slider", 0.001, 1.2, 0.001)
    start = WIDGETS["gradient-descent"].controls["start"]
    assert (start.kind, start.min, start.max, start.step) == ("slider", -10, 10, 0.5)
    assert WIDGETS["dot"].controls["u"].kind == "number"


@pytest.mark.parametrize("widget", list(WIDGETS.values()), ids=list(WIDGETS))
def test_every_control_names_an_argument_and_fits_its_default(widget: Widget) -> None:
    assert set(widget.controls) == set(widget.defaults)
    for arg, control in widget.controls.items():
        if control.kind == "slider":
            default = widget.defaults[arg]
            values = default if isinstance(default, list) else [default]
            assert all(control.min <= v <= control.max for v in values), arg
        if control.kind == "select":
            assert str(widget.defaults[arg]) in control.options, arg


@pytest.mark.parametrize("widget", list(WIDGETS.values()), ids=list(WIDGETS))
def test_every_widget_runs_at_its_defaults(widget: Widget) -> None:
    assert widget.op in OPERATIONS, f"{widget.name} asks for {widget.op!r}, not an operation"
    expl = explain(widget.op, dict(widget.defaults))
    assert expl.steps, f"{widget.op} shows no working"
    assert 'class="result"' in explanation_html(expl)
