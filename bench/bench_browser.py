"""Benchmark 3: in Chromium, the heaviest lesson's weight and the dot widget's latency.

Weight: every response body the page loads (HTML, CSS, JS, anything else), in a fresh
context with an empty cache. Latency: set an input of the dot widget, dispatch `input` as
typing does, and time until the output region changes (a MutationObserver, in the page).
The peer for weight is what KaTeX spends on its math JS+CSS alone; for latency, a bare
fetch() of the same fragment from the same page (network and server, no DOM work).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import (
    Goal,
    Section,
    data_env,
    free_port,
    heaviest_lesson,
    kb,
    load_average,
    median,
    ours_command,
    percentile,
    serving,
    write_sections,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
GOAL_BYTES = 50_000
GOAL_MS = 30.0
TRIALS = 30
GAP_MS = 120  # longer than app.js's 60 ms throttle, so every input is sent at once
KATEX_FIGURE = 80_000
COMMAND = ".venv/bin/python bench/bench_browser.py"

# Runs in the page: one trial per value, each timed from the input event to the first
# change of the output region. Resolves null for a trial whose output never changed.
WIDGET_LATENCY = """
async ({trials, gap}) => {
  const form = document.querySelector('form[data-widget="dot"]');
  const output = form.querySelector('[aria-live]');
  const input = form.querySelector('input[name="u.0"]');
  const times = [];
  for (let i = 0; i < trials; i++) {
    await new Promise((r) => setTimeout(r, gap));
    times.push(await new Promise((resolve) => {
      let start = 0;
      const observer = new MutationObserver(() => {
        observer.disconnect();
        resolve(performance.now() - start);
      });
      observer.observe(output, {childList: true, subtree: true, characterData: true});
      setTimeout(() => { observer.disconnect(); resolve(null); }, 2000);
      input.value = String(10 + i);
      start = performance.now();
      input.dispatchEvent(new Event('input', {bubbles: true}));
    }));
  }
  return times;
}
"""

FETCH_LATENCY = """
async ({trials, url}) => {
  const times = [];
  for (let i = 0; i < trials; i++) {
    const start = performance.now();
    const answer = await fetch(url + '&u.0=' + (10 + i));
    await answer.text();
    times.push(performance.now() - start);
  }
  return times;
}
"""


def run() -> Section:
    if not Path(CHROMIUM).exists():
        return Section(
            "browser",
            COMMAND,
            [f"Not run: no Chromium at {CHROMIUM} (`apt-get install -y chromium`)."],
        )
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="mathforai-bench-") as tmp:
        port = free_port()
        with serving(ours_command(port), port, data_env(Path(tmp))) as server:
            path, _ = heaviest_lesson(server.url)
            before = load_average()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
                )
                try:
                    resources, math = page_weight(browser, server.url + path)
                    widget, fetch = widget_latency(browser, server.url)
                finally:
                    browser.close()
    return section(path, resources, math, widget, fetch, before)


def page_weight(browser: Any, url: str) -> tuple[list[tuple[str, str, int, int]], int]:
    """(path, type, bytes transferred (headers + body as sent), decoded body bytes) of every
    response while the page loads, and how many bytes of the document are MathML."""
    context = browser.new_context()
    page = context.new_page()
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    found, math = [], 0
    for response in responses:
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body to count
            continue
        kind = response.request.resource_type
        if kind == "document":
            math = sum(len(m) for m in re.findall(rb"<math[ >].*?</math>", body, re.DOTALL))
        sizes = response.request.sizes()
        sent = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        found.append((response.url.split("/", 3)[-1], kind, sent, len(body)))
    context.close()
    return found, math


def widget_latency(browser: Any, base_url: str) -> tuple[list[float | None], list[float]]:
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    page.goto("/topics/dot-product", wait_until="networkidle")
    page.wait_for_selector('form[data-widget="dot"].is-live')
    widget = page.evaluate(WIDGET_LATENCY, {"trials": TRIALS, "gap": GAP_MS})
    url = "/widgets/dot/render?u.1=2&u.2=3&v.0=4&v.1=5&v.2=6"
    fetch = page.evaluate(FETCH_LATENCY, {"trials": TRIALS, "url": url})
    context.close()
    return widget, fetch


def katex_size() -> int | None:
    """katex.min.js + katex.min.css if some installed package ships them, else None."""
    roots = ["/usr/share/javascript", "/usr/share/nodejs", "/usr/lib/node_modules", sys.prefix]
    for root in map(Path, roots):
        for js in root.rglob("katex.min.js") if root.is_dir() else ():
            css = js.parent / "katex.min.css"
            if css.exists():
                return js.stat().st_size + css.stat().st_size
    return None


def section(
    path: str,
    resources: list[tuple[str, str, int, int]],
    math: int,
    widget: list[float | None],
    fetch: list[float],
    load_before: str,
) -> Section:
    total = sum(size for _, _, size, _ in resources)
    decoded = sum(size for _, _, _, size in resources)
    body = [
        f"`{path}` (the heaviest lesson) in a fresh context, empty cache; bytes transferred "
        "are what crossed the wire (headers and the body as sent: the server compresses with "
        "gzip), beside the decoded body. "
        f"Machine load average when the run began: {load_before}.",
        "",
        "| resource | type | bytes transferred | decoded body |",
        "|---|---|---|---|",
        *(f"| `/{name}` | {kind} | {size:,} | {raw:,} |" for name, kind, size, raw in resources),
        f"| **total** ({len(resources)} responses) | | **{total:,}** | {decoded:,} |",
        "",
    ]
    katex = katex_size()
    if katex is None:
        body.append(
            f"Peer: a KaTeX page spends about {kb(KATEX_FIGURE)} on math JS+CSS alone, before "
            "any font (the figure in DESIGN.md; not measured here: no package on this machine "
            "ships katex.min.js). Our page ships no math JavaScript at all: MathML comes "
            "rendered from the server."
        )
    else:
        body.append(f"Peer: katex.min.js + katex.min.css found on this machine: {katex:,} bytes.")
    done = [t for t in widget if t is not None]
    lost = len(widget) - len(done)
    wid50 = median(done) if done else float("nan")
    body += [
        "",
        f"Dot widget (`/topics/dot-product`): {TRIALS} inputs {GAP_MS} ms apart, each timed "
        "from the input event to the output region's first change.",
        "",
        "| | median | p90 | max |",
        "|---|---|---|---|",
        f"| input → updated output | {wid50:.1f} ms | {percentile(done, 90):.1f} ms "
        f"| {max(done):.1f} ms |"
        if done
        else "| input → updated output | n/a | n/a | n/a |",
        f"| peer: fetch() of the same fragment | {median(fetch):.1f} ms "
        f"| {percentile(fetch, 90):.1f} ms | {max(fetch):.1f} ms |",
    ]
    if lost:
        body.append(f"\n{lost} of {TRIALS} inputs never changed the output within 2 s.")
    goals = [
        Goal("heaviest lesson with CSS and JS ≤ 50 KB", kb(total), total <= GOAL_BYTES),
        Goal("dot widget input → output, median ≤ 30 ms", f"{wid50:.1f} ms", wid50 <= GOAL_MS),
    ]
    html = next((raw for _, kind, _, raw in resources if kind == "document"), 0)
    findings = [
        f"Decoded, the lesson's HTML is {kb(html)}, {math / max(html, 1):.0%} of it MathML "
        "(latex2mathml writes each operator as a hex entity and each token in its own "
        "element); MathML compresses well, so gzip carries most of the saving."
    ]
    return Section("browser", COMMAND, body, goals, findings)


def main() -> None:
    result = run()
    write_sections([result])
    print(result.markdown())


if __name__ == "__main__":
    main()
