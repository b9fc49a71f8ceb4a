"""`briefing serve`: a live preview that builds exactly what `briefing build` builds.

The preview is site/ itself, made by the same build (the renderer from the generated
configuration, then the search index), served on a local address. A watcher looks at what the
build reads — seeds/, translations/, curation/, briefing.yml, docs/, mkdocs.yml, the theme
overrides — once a second, rebuilds when any of it changes (the build redoes only what changed),
and the pages the server sends carry a small script that reloads the page once a rebuild is
done. No renderer's own server or hooks are involved, so the preview works the same with MkDocs
and Zensical, search included.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from briefing.errors import BriefingError

VERSION_PATH = "/.briefing-build"  # the server's answer: the number of the last finished build
POLL_SECONDS = 1.0
RELOAD_SCRIPT = (
    "<script>(function () {var seen = null; function poll() {fetch('%s', {cache: 'no-store'})"
    ".then(function (r) { return r.text(); }).then(function (v) {"
    " if (seen !== null && v !== seen) { location.reload(); } seen = v; })"
    ".catch(function () {}).then(function () { setTimeout(poll, 1000); }); } poll(); })();</script>"
)


@dataclass
class Preview:
    """What the server shows: the built site and the number of the last finished build."""

    site: Path
    build: int = 0
    error: str = ""  # the last build's failure, shown in place of the reload (the old site stays)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """site/ as files; HTML pages with the reload script; the build number at VERSION_PATH."""

    preview: Preview

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.site), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # the preview's own progress lines are what an editor reads

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        if self.path.split("?", 1)[0] == VERSION_PATH:
            self._send(str(self.preview.build).encode(), "text/plain")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                super().do_GET()  # redirects to the folder's address, so relative links resolve
                return
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            data = path.read_bytes()
            script = (RELOAD_SCRIPT % VERSION_PATH).encode()
            at = data.rfind(b"</body>")
            self._send(data[:at] + script + data[at:] if at >= 0 else data + script,
                       "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, data: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


def start_server(preview: Preview, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """Serve `preview` on host:port (port 0: any free one) in a background thread."""
    server = http.server.ThreadingHTTPServer((host, port), functools.partial(_Handler, preview=preview))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch(preview: Preview, rebuild: Callable[[], object], changed: Callable[[], bool],
          progress: Callable[[str], None], stop: threading.Event) -> None:
    """Rebuild whenever `changed()` says the inputs moved, until `stop` is set; a failed build
    is reported and the last good site stays served."""
    while not stop.wait(POLL_SECONDS):
        if not changed():
            continue
        progress("something changed: rebuilding")
        start = time.perf_counter()
        try:
            rebuild()
        except BriefingError as exc:
            preview.error = str(exc)
            progress(f"the build failed; the last good site stays served:\n{exc}")
            continue
        with preview.lock:
            preview.build += 1
            preview.error = ""
        progress(f"rebuilt in {time.perf_counter() - start:.1f} s; open pages reload")
