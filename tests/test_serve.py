"""`briefing serve`: the site built as `briefing build` builds it, served, rebuilt when an input
changes, and open pages told to reload (no renderer's own server or hooks)."""

from __future__ import annotations

import re
import threading
import time
import urllib.request

from briefing.config import load_project
from briefing.publish.build import serve
from briefing.publish.serve import VERSION_PATH
from support import SAMPLE, make_project


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server on loopback
        return response.read().decode("utf-8")


def _wait(condition, what: str, seconds: float = 180.0):  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_rebuilds_when_an_input_changes_and_pages_reload(tmp_path):
    project = load_project(make_project(tmp_path / "p", sample=SAMPLE))
    lines: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(project, "127.0.0.1:0"),
                              kwargs={"progress": lines.append, "stop": stop})
    thread.start()
    try:
        url = _wait(lambda: next((m.group(1) for ln in lines if (m := re.search(r"at (http://\S+/)", ln))), None),
                    "the server to start")
        home = _get(url)
        assert "data-bf-search-form" in home and VERSION_PATH in home  # the site, with the reload script
        assert (project.site_dir / "pagefind").is_dir()  # searchable as after `briefing build`
        assert _get(url + VERSION_PATH.lstrip("/")) == "0"
        about = project.docs_dir / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nA sentence added while serving.\n",
                         encoding="utf-8")
        _wait(lambda: _get(url + VERSION_PATH.lstrip("/")) == "1", "the rebuild")
        assert "A sentence added while serving." in _get(url + "about/")
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive()
