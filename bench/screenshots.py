"""`make screenshots`: every page at 1280 and 390 px, light and dark, for a person to review.

Starts a real `mathforai serve` on a free port with a throwaway database, drives Debian's
Chromium (/usr/bin/chromium) and writes PNGs of the first screen to screenshots/ (ignored by
git): <page>-<width>-<scheme>.png. Pass paths to shoot only those (`... /topics/softmax`),
or --full for whole pages.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from mathforai.course.loader import load_course
from mathforai.practice.service import topics_with_practice

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SIZES = ((1280, 800), (390, 844))
SCHEMES = ("light", "dark")


def all_paths() -> list[str]:
    course = load_course()
    pages = ["/", "/glossary", "/notation", "/progress", "/review", "/search?q=vector"]
    pages += [f"/cheatsheet/{p.number}" for p in course.parts]
    pages += [d.url for d in course.documents]
    pages += [f"/practice/{t}" for t in sorted(topics_with_practice())]
    try:
        from mathforai.web.routes.labs_pages import LABS

        pages += ["/labs", *(f"/labs/{slug}" for slug in LABS)]
    except ImportError:
        pass
    return list(dict.fromkeys(pages))


def serve(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "MATHFORAI_DATABASE_URL": f"sqlite:///{data / 'shots.sqlite3'}"}
    cmd = [sys.executable, "-m", "mathforai.cli", "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start")


def name_of(path: str) -> str:
    return path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-") or "index"


def shoot(url: str, paths: list[str], out: Path, full: bool) -> int:
    from playwright.sync_api import sync_playwright

    count = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width, height in SIZES:
            for scheme in SCHEMES:
                viewport = {"width": width, "height": height}
                context = browser.new_context(viewport=viewport, color_scheme=scheme)
                page = context.new_page()
                for path in paths:
                    page.goto(url + path)
                    page.wait_for_load_state("networkidle")
                    target = out / f"{name_of(path)}-{width}-{scheme}.png"
                    page.screenshot(path=str(target), full_page=full)
                    count += 1
                context.close()
        browser.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="pages to shoot (default: every page)")
    parser.add_argument("--out", default="screenshots", help="folder for the PNGs")
    parser.add_argument("--full", action="store_true", help="whole pages, not the first screen")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        proc, url = serve(Path(data))
        try:
            count = shoot(url, args.paths or all_paths(), out, args.full)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"{count} screenshots in {out}/")


if __name__ == "__main__":
    main()
