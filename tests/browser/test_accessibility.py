"""Every page, loaded once: it loads cleanly (no console error, CSP violation or request that
leaves this server), axe-core finds no violation at a desktop or a phone width, and nothing
reaches sideways past the phone's screen.

axe.min.js ships inside the axe-playwright-python package and is injected from disk, so
the check needs no network. A wide equation or table only overflows on the phone, which
is where `scrollable-region-focusable` used to fire; both widths are checked on the same
page load.

color-contrast is the slowest rule by far (about 5 of a long lesson's 7 seconds), and most of
it goes on MathML: a lesson has over a hundred equations, each a tree of token elements. Those
tokens have no colour or background of their own (app.css gives them none, and
`contrast` checks it with MATH_COLOURS on every page), so their contrast is the surrounding
text's: the rule runs over everything but the equations. It runs once per page, at the desktop
width: no width-dependent rule in app.css changes a colour, and the phone's 1 rem body text
falls under the same threshold as the desktop's. The dark scheme does change colours, so
contrast is also checked in dark on one page of every kind.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests import need

from .conftest import Watched
from .site import ALL, CHEATSHEETS, PRACTICE, lab_pages

WIDTHS = ((1280, 800), (390, 844))
# Every rule at the desktop width (None); at the phone width, the rules whose outcome depends
# on the layout (the whole set again would double a long test for no new finding).
RULES = (None, ["scrollable-region-focusable", "target-size", "region"])
# One page of each kind, for the dark scheme's contrast: the map, a long lesson with wide
# working and figures, a lesson with a widget, practice, a lab, a course aid, a cheat sheet.
DARK = [
    "/",
    "/topics/jacobians-backprop",
    "/topics/softmax",
    PRACTICE[0],
    *lab_pages()[:2],
    "/glossary",
    CHEATSHEETS[0],
]


CONTRAST = "color-contrast"
# How far the document reaches past the viewport's right edge (0 when nothing overflows).
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Elements inside <math> whose colour differs from the text around the equation, or that
# paint a background of their own.
MATH_COLOURS = """() => {
  const odd = [];
  for (const math of document.querySelectorAll('math')) {
    const colour = getComputedStyle(math.parentElement).color;
    for (const e of [math, ...math.querySelectorAll('*')]) {
      const style = getComputedStyle(e);
      if (style.color !== colour || (e !== math && style.backgroundColor !== 'rgba(0, 0, 0, 0)'))
        odd.push(e.outerHTML.slice(0, 120));
    }
  }
  return odd.slice(0, 5);
}"""


@pytest.fixture(scope="module")
def axe() -> Any:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        need.missing("axe-playwright-python", "pip install -e '.[test]'")
    return Axe()


def violations(
    axe: Any, page: Any, only: list[str] | None = None, context: Any = None
) -> list[str]:
    """One line per violated rule: its id, impact, how many nodes and the first of them.
    `only` runs just those rules; otherwise every rule but color-contrast."""
    options: dict[str, Any] = {"resultTypes": ["violations"]}  # faster: no passes listed
    if only:
        options["runOnly"] = {"type": "rule", "values": only}
    else:
        options["rules"] = {CONTRAST: {"enabled": False}}
    found = axe.run(page, context=context, options=options).response["violations"]
    return [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['nodes'][0]['html'][:160]}"
        for v in found
    ]


def contrast(axe: Any, page: Any) -> list[str]:
    """color-contrast outside the equations, which must take their colours from the text."""
    assert page.evaluate(MATH_COLOURS) == [], "an equation has colours of its own"
    return violations(axe, page, [CONTRAST], context={"exclude": [["math"]]})


@pytest.mark.parametrize("path", ALL)
def test_every_page_loads_cleanly_passes_axe_and_fits_a_phone(
    live: Watched, axe: Any, path: str
) -> None:
    page = live.page
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.is_visible(), path
    report = {}
    for (width, height), rules in zip(WIDTHS, RULES):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(250)  # app.js marks overflowing regions after a resize
        report[width] = violations(axe, page, rules)
        if rules is None:
            report[width] += contrast(axe, page)
    assert report == {1280: [], 390: []}, path
    assert page.evaluate(SIDEWAYS) == 0, f"{path} reaches sideways past a 390 px screen"
    assert live.problems() == [], path


@pytest.mark.parametrize("path", DARK)
def test_text_contrast_holds_in_the_dark_scheme(
    browser: Any, server: str, axe: Any, path: str
) -> None:
    context = browser.new_context(base_url=server, color_scheme="dark")
    try:
        page = context.new_page()
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        assert contrast(axe, page) == [], path
    finally:
        context.close()


def test_the_equation_colour_guard_notices_a_coloured_token(live: Watched) -> None:
    """The guard that lets contrast skip equations must fire when a token has its own colour."""
    page = live.page
    page.goto("/topics/softmax")
    assert page.evaluate(MATH_COLOURS) == []
    page.evaluate("document.querySelector('math mn').style.color = '#999'")
    assert page.evaluate(MATH_COLOURS), "a grey number inside an equation went unnoticed"
