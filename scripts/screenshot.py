#!/usr/bin/env python3
"""Screenshots of the built site (home and an article) at 1280 px and 390 px.

Serves site/ under a sub-path (as GitHub Pages does), opens it in headless Chromium and saves
PNGs to build/screenshots/. Also reports any page that scrolls horizontally (a layout bug).
Usage: .venv/bin/python scripts/screenshot.py [--site site] [--out build/screenshots]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import sys
import threading
from pathlib import Path
from typing import Iterator

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PREFIX = "/briefing/"
WIDTHS = {"1280": (1280, 900), "390": (390, 844)}


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site only under PREFIX, like a GitHub Pages project site."""

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "__not_found__")
        return super().translate_path("/" + path[len(PREFIX):])

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_site(site: Path) -> Iterator[str]:
    """Serve `site` on a free localhost port; yields the base URL (with the sub-path)."""
    handler = functools.partial(_SubPathHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


# Material closes search and the navigation drawer 125 ms after its script starts (bundle.js:
# merge(location$, target$).pipe(delay(125))). A timer set after the load event with a longer
# delay fires after that one, however slow the machine: wait for it before opening search.
_MATERIAL_SETTLED = "new Promise(done => setTimeout(done, 130))"


def settle(page) -> None:  # noqa: ANN001 (a Playwright page)
    """Wait until the loaded page is as a reader finds it (Material's start-up close done)."""
    page.wait_for_load_state("load")
    page.evaluate(_MATERIAL_SETTLED)


def visit(page, url: str) -> None:  # noqa: ANN001
    """Open `url` and wait until a reader could use it (see `settle`)."""
    page.goto(url, wait_until="load")
    settle(page)


def first_article(site: Path) -> str:
    pages = sorted(p.parent.name for p in (site / "articles").glob("*/index.html"))
    if not pages:
        sys.exit(f"no article pages in {site}/articles; run 'briefing build' first")
    return pages[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("build/screenshots"))
    parser.add_argument("--article", default=None, help="article slug (default: the first)")
    parser.add_argument("--dark", action="store_true", help="also shoot the dark scheme")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    args.out.mkdir(parents=True, exist_ok=True)
    slug = args.article or first_article(args.site)
    pages = {"home": "", "article": f"articles/{slug}/"}
    schemes = ["light", "dark"] if args.dark else ["light"]
    problems = []
    with serve_site(args.site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in schemes:
            for wname, (w, h) in WIDTHS.items():
                ctx = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)
                page = ctx.new_page()
                for name, path in pages.items():
                    page.goto(base + path, wait_until="load")
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
                    if overflow > 0:
                        problems.append(f"{name} at {w}px scrolls horizontally by {overflow}px")
                    suffix = "" if scheme == "light" else "-dark"
                    out = args.out / f"{name}-{wname}{suffix}.png"
                    page.screenshot(path=str(out), full_page=False)
                    print(out)
                ctx.close()
        browser.close()
    for p in problems:
        print("LAYOUT:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
