"""Opening the review page in the user's browser without showing its token to other users.

A browser started with the address on its command line would show the token to every user of
the machine (`ps` lists command lines). As Jupyter does, the browser is given a file instead:
a page only this user can read (in a folder of mode 0700) that forwards to the address.
"""

from __future__ import annotations

import html
import os
import shutil
import sys
import tempfile
import webbrowser
from pathlib import Path


def graphical_browser_likely(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """False where only a terminal browser could start (Linux without a display): it would take
    over the terminal the server prints to."""
    if environ.get("BROWSER"):
        return True
    if sys.platform.startswith("linux") or sys.platform.startswith("freebsd"):
        return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))
    return True


def forwarding_page(url: str) -> str:
    """A page that goes on to `url` at once (and links it, should redirects be off)."""
    href = html.escape(url, quote=True)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"refresh\" content=\"0;url={href}\"><title>briefing review</title></head>"
            f"<body><p><a href=\"{href}\">Open the review page</a></p></body></html>\n")


def open_in_browser(url: str) -> Path | None:
    """Open `url` through a private forwarding page; returns that page's folder (remove it when
    the server stops), or None when no browser was opened."""
    if not graphical_browser_likely():
        return None
    folder = Path(tempfile.mkdtemp(prefix="briefing-review-"))  # mode 0700
    page = folder / "open.html"
    fd = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(forwarding_page(url))
    try:
        opened = webbrowser.open(page.as_uri())
    except webbrowser.Error:
        opened = False
    if opened:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    return None
