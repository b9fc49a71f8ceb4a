"""Headless Chromium on a built site, for the browser tests and the search benchmark: the site
served under a sub-path (as GitHub Pages serves a project site), Debian's Chromium with the flags
this environment needs (never `playwright install`), and a wait until a page is as a reader finds it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from typing import Any, Iterator

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PREFIX = "/briefing/"


def launch_chromium(playwright: Any) -> Any:
    """Debian's headless Chromium, started by Playwright's sync API with this machine's flags."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


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
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
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


def settle(page: Any) -> None:  # a Playwright page
    """Wait until the loaded page is as a reader finds it (Material's start-up close done)."""
    page.wait_for_load_state("load")
    page.evaluate(_MATERIAL_SETTLED)


def visit(page: Any, url: str) -> None:
    """Open `url` and wait until a reader could use it (see `settle`)."""
    page.goto(url, wait_until="load")
    settle(page)
