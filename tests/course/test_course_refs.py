"""`{{id}}` references and the quiz check's reading of a choice's number."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforai.course.directives import compare_with_choice, select, written_numbers
from mathforai.course.markdown import RefError, format_value, render_markdown

LESSON = """
```example
id: sm
op: softmax
args: {logits: [2.0, 1.0, 0.1]}
```

```example
id: test
op: bayes
args: {prior: 0.01, likelihood: 0.95, false_positive_rate: 0.05}
```

First {{sm.0}}, all {{sm|2}}, posterior {{test.posterior}} or {{test.posterior|pct}}.
"""


def test_references_select_elements_and_keys_from_engine_results() -> None:
    html, problems = render_markdown(LESSON)
    assert problems == []
    assert '<span class="ref">0.659</span>' in html
    assert '<span class="ref">[0.66, 0.24, 0.10]</span>' in html
    assert '<span class="ref">0.161</span>' in html
    assert '<span class="ref">16.1%</span>' in html


def test_object_result_needs_a_key_for_a_format() -> None:
    with pytest.raises(RefError, match="pick a key"):
        format_value({"posterior": 0.2}, "pct")
    assert format_value({"posterior": 0.2}, None) == "posterior: 0.2"


def test_select_walks_keys_and_indexes() -> None:
    value = {"w": [1.96, 0.05], "sse": 0.042}
    assert select(value, ["w", "1"]) == 0.05
    assert select(value, ["w", -1]) == 0.05
    with pytest.raises(LookupError, match="no key 'x'"):
        select(value, ["x"])
    with pytest.raises(LookupError, match="not an index"):
        select(value, ["w", "5"])


def test_written_numbers_carry_their_rounding() -> None:
    assert written_numbers("1.67") == [(1.67, pytest.approx(0.005))]
    (value, tol) = written_numbers("16.1%")[0]
    assert value == pytest.approx(0.161) and tol == pytest.approx(0.0005)
    assert [v for v, _ in written_numbers("[2, −2, -3]")] == [2, -2, -3]
    assert written_numbers("v2 has none") == []


def test_choice_comparison() -> None:
    assert compare_with_choice(5 / 3, "1.67") == ""
    assert "engine computes 1.66667" in compare_with_choice(5 / 3, "1.6")
    assert compare_with_choice(0.16101, "about 16.1%") == ""
    assert compare_with_choice([0.5, 0.5], "[0.5, 0.5]") == ""
    assert "check the key" in compare_with_choice(0.5, "[0.5, 0.5]")
    assert compare_with_choice(False, "No — v2 = 2 × v1") == ""
    assert compare_with_choice(True, "No") != ""
    assert compare_with_choice("line", "A line through the origin") == ""
    assert "give the check a key" in compare_with_choice({"a": 1}, "1")


@settings(max_examples=80)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(0, 6))
def test_a_number_rounded_for_reading_agrees_with_itself(value: float, decimals: int) -> None:
    assert compare_with_choice(value, f"{value:.{decimals}f}") == ""


@settings(max_examples=80)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(0, 4))
def test_a_number_two_units_off_in_the_last_place_disagrees(value: float, decimals: int) -> None:
    off = round(value, decimals) + 2 * 10.0**-decimals
    assert compare_with_choice(value, f"{off:.{decimals}f}") != ""
