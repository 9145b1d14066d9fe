"""Widgets: forms built from the engine's arguments, computed with JavaScript off or on."""

from __future__ import annotations

import html
import math
from html import escape
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforai.course.loader import load_course
from mathforai.course.widgets import WIDGETS, Widget
from mathforai.engine import explain, get_operation
from mathforai.engine.inputs import InputError
from mathforai.render.text import result_rows, result_text
from mathforai.web.widgets import read_values, widget_fields

from .formparse import widget_form

LIVE = list(WIDGETS.values())
PLACED = {w.name: doc for doc in load_course().documents for w in doc.widgets}
DOT_10 = {"widget": "dot", "u.0": "10", "u.1": "2", "u.2": "3", "v.0": "4", "v.1": "5", "v.2": "6"}


def shown(value: object) -> str:
    return result_text(value)


def test_dot_form_without_javascript_computes_the_submitted_values(client: TestClient) -> None:
    expected = explain("dot", {"u": [10, 2, 3], "v": [4, 5, 6]}).result
    page = client.get("/topics/dot-product", params=DOT_10)
    assert page.status_code == 200
    output = page.text.split('data-widget="dot"', 1)[1].split("</form>", 1)[0]
    assert f'<span class="value">{shown(expected)}</span>' in output
    assert 'name="u.0" value="10"' in output, "the form keeps what the learner typed"


def test_hand_written_query_without_the_widget_name_also_computes(client: TestClient) -> None:
    params = {k: v for k, v in DOT_10.items() if k != "widget"}
    expected = explain("dot", {"u": [10, 2, 3], "v": [4, 5, 6]}).result
    page = client.get("/topics/dot-product", params=params)
    assert f'<span class="value">{shown(expected)}</span>' in page.text


def test_dot_form_has_one_labelled_number_input_per_component(client: TestClient) -> None:
    form = widget_form(client.get("/topics/dot-product").text, "dot")
    # Each vector also has a "type all entries" box (u, v): its length can change without JS.
    names = [name for name, _ in form.fields]
    one = ["widget", "u.0", "u.1", "u.2", "u", "v.0", "v.1", "v.2", "v"]
    assert names == one * 2, "the form twice: the Try it copy near the top and in the lesson"
    for label in ("u₁", "u₂", "u₃", "v₁", "v₂", "v₃"):
        assert label in form.labels


@pytest.mark.parametrize("widget", LIVE, ids=lambda w: w.name)
def test_every_widget_form_submits_back_its_own_defaults(
    client: TestClient, widget: Widget
) -> None:
    """The fields drawn for the defaults read back as the defaults: same result."""
    form = widget_form(render_form(client, widget), widget.name)
    assert form.fields[0] == ("widget", widget.name)
    fragment = client.get(f"/widgets/{widget.name}/render?{urlencode(form.fields)}")
    assert fragment.status_code == 200, fragment.text
    expected = explain(widget.op, dict(widget.defaults)).result
    if isinstance(expected, dict):  # several parts: a small table, one value per row
        for _, cell in result_rows(expected):
            assert f'<span class="value">{escape(cell)}</span>' in fragment.text
    else:
        assert f'<span class="value">{shown(expected)}</span>' in fragment.text


def render_form(client: TestClient, widget: Widget) -> str:
    """The widget as drawn on its lesson (or on a lesson page with the same values)."""
    doc = PLACED.get(widget.name)
    assert doc is not None, f"no lesson places the {widget.name} widget"
    return client.get(doc.url).text


@pytest.mark.parametrize("widget", LIVE, ids=lambda w: w.name)
@pytest.mark.parametrize("bad", ["abc", "", "nan", "1e999", "9" * 400, "[[[1]]]", "-"])
def test_bad_values_show_the_engines_message_never_a_500(
    client: TestClient, widget: Widget, bad: str
) -> None:
    operation = get_operation(widget.op)
    fields = widget_fields(operation, widget.defaults, widget.controls)
    first = fields[0].inputs[0].name
    query = {"widget": widget.name, first: bad}
    fragment = client.get(f"/widgets/{widget.name}/render", params=query)
    assert fragment.status_code in (200, 422)
    if fragment.status_code == 422:
        assert 'class="widget-error"' in fragment.text
    page = client.get(PLACED[widget.name].url, params=query)
    assert page.status_code == 200


def test_bad_value_in_the_page_names_the_field(client: TestClient) -> None:
    page = client.get("/topics/dot-product", params={**DOT_10, "u.1": "abc"})
    assert page.status_code == 200
    output = page.text.split('data-widget="dot"', 1)[1].split("</form>", 1)[0]
    assert 'class="widget-error"' in output
    with pytest.raises(InputError) as err:
        explain("dot", {"u": [10, "abc", 3], "v": [4, 5, 6]})
    assert err.value.message in html.unescape(output)


def test_fragment_endpoint_renders_the_output_region(client: TestClient) -> None:
    fragment = client.get("/widgets/dot/render", params=DOT_10)
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<div class="explanation"')
    assert "<html" not in fragment.text


def test_fragment_endpoint_bad_input_is_422_with_the_message(client: TestClient) -> None:
    fragment = client.get("/widgets/dot/render", params={**DOT_10, "v.2": "", "v.3": "1"})
    assert fragment.status_code == 422
    assert "widget-error" in fragment.text
    mismatch = client.get("/widgets/dot/render", params={**DOT_10, "v.3": "1"})
    assert mismatch.status_code == 422
    assert "same length" in mismatch.text


def test_fragment_endpoint_unknown_widget_is_404(client: TestClient) -> None:
    assert client.get("/widgets/no-such-widget/render").status_code == 404


def test_fragment_endpoint_missing_fields_fall_back_to_defaults(client: TestClient) -> None:
    fragment = client.get("/widgets/dot/render", params={"u.0": "10", "u.1": "2", "u.2": "3"})
    expected = explain("dot", {"u": [10, 2, 3], "v": WIDGETS["dot"].defaults["v"]}).result
    assert f'<span class="value">{shown(expected)}</span>' in fragment.text


def test_matrix_widget_is_a_grid_of_inputs() -> None:
    fields = widget_fields(get_operation("matmul"), WIDGETS["matmul"].defaults)
    a = fields[0]
    assert a.layout == "matrix"
    assert [[i.name for i in row] for row in a.rows] == [["A.0.0", "A.0.1"], ["A.1.0", "A.1.1"]]
    assert a.rows[0][1].label == "A₁,₂"


def test_an_optional_list_the_widget_leaves_out_gets_no_box() -> None:
    # Least squares takes x or A; its widget gives x, and an empty box for A (a number box
    # for a matrix) would read as missing and stop app.js sending any edit.
    widget = WIDGETS["least-squares"]
    fields = widget_fields(get_operation(widget.op), widget.defaults, widget.controls)
    assert [f.name for f in fields] == ["x", "y"]


def test_enum_arguments_are_selects_and_booleans_checkboxes() -> None:
    norm = widget_fields(get_operation("norm"), WIDGETS["norm"].defaults, WIDGETS["norm"].controls)
    p = next(f for f in norm if f.name == "p")
    assert p.inputs[0].kind == "select"
    assert [value for value, _ in p.inputs[0].options] == ["1", "2", "inf"]
    variance = widget_fields(
        get_operation("variance"), WIDGETS["variance"].defaults, WIDGETS["variance"].controls
    )
    sample = next(f for f in variance if f.name == "sample")
    assert sample.inputs[0].kind == "checkbox"


def test_sliders_where_the_widget_asks_for_them() -> None:
    softmax = WIDGETS["softmax"]
    fields = widget_fields(get_operation("softmax"), softmax.defaults, softmax.controls)
    temperature = next(f for f in fields if f.name == "temperature")
    assert temperature.inputs[0].kind == "range"
    assert temperature.inputs[0].min and temperature.inputs[0].max


def test_unticked_checkbox_reads_as_false_and_ticked_as_true() -> None:
    operation = get_operation("variance")
    base = [("x.0", "1"), ("x.1", "2"), ("x.2", "4")]
    assert read_values([*base, ("sample", "false")], operation)["sample"] is False
    ticked = read_values([*base, ("sample", "false"), ("sample", "true")], operation)
    assert ticked["sample"] is True


def test_read_values_ignores_other_fields_and_builds_nested_values() -> None:
    query = [("widget", "matmul"), ("A.0.0", "1"), ("A.0.1", "2"), ("A.1.0", "3"), ("A.1.1", "4")]
    assert read_values(query, get_operation("matmul")) == {"A": [[1, 2], [3, 4]]}


@pytest.mark.parametrize(
    "query",
    [
        [("u.0", "1"), ("u.2", "3")],  # a gap
        [("u.0", "1"), ("u.00", "2")],  # the same position twice
        [("u.0.1.2.3", "1")],  # deeper than any value
        [("u.", "1")],
        [("u.0", "")],
    ],
)
def test_malformed_field_names_are_input_errors(query: list[tuple[str, str]]) -> None:
    with pytest.raises(InputError):
        read_values(query, get_operation("dot"))


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(finite, min_size=1, max_size=12))
def test_vector_fields_round_trip_through_the_query(values: list[float]) -> None:
    """What the form shows for a vector reads back as (almost exactly) that vector."""
    operation = get_operation("dot")
    fields = widget_fields(operation, {"u": values, "v": values})
    query = [(i.name, i.value) for f in fields for i in f.inputs]
    back = read_values(query, operation)["u"]
    assert len(back) == len(values)
    for got, want in zip(back, values, strict=True):
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8)), max_size=12))
def test_any_query_string_gives_a_page_not_a_500(
    client: TestClient, pairs: list[tuple[str, str]]
) -> None:
    page = client.get(f"/widgets/dot/render?{urlencode(pairs)}")
    assert page.status_code in (200, 422)


def test_every_widget_is_placed_in_a_lesson() -> None:
    """A widget no lesson places is dead code; the form tests above need its page."""
    assert sorted(set(WIDGETS) - set(PLACED)) == []


def test_a_vector_typed_whole_replaces_its_cells_and_an_empty_box_is_ignored() -> None:
    operation = get_operation("dot")
    cells = [("u.0", "1"), ("u.1", "2"), ("v.0", "3"), ("v.1", "4")]
    assert read_values([*cells, ("u", ""), ("v", "")], operation) == {"u": [1, 2], "v": [3, 4]}
    longer = read_values([*cells, ("u", "1, 2, 5"), ("v", "3, 4, 6")], operation)
    assert longer == {"u": [1, 2, 5], "v": [3, 4, 6]}
