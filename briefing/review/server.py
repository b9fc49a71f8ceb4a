"""The review server: a thin HTTP edge over `ReviewSession`, on loopback only.

Who may use it. It binds 127.0.0.1 only. Every request must name this server in its Host header
(127.0.0.1:PORT or localhost:PORT), so a web page whose host name is rebound to 127.0.0.1 (DNS
rebinding) gets nothing; a request from a browser page of another origin (Origin, Sec-Fetch-Site)
is refused. The page's address carries a random token; every API request must send it (compared
in constant time), so another user of this machine, who can reach the port but cannot read the
address, can neither read the memory through it nor write. The page loads nothing from anywhere
else (a strict Content-Security-Policy says so to the browser too) and works offline.
"""

from __future__ import annotations

import hmac
import json
import secrets
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

from briefing.errors import BriefingError
from briefing.review.save import Refused
from briefing.review.session import Answer, ReviewSession

HOST = "127.0.0.1"  # never another interface: the server writes the project's files
TOKEN_HEADER = "X-Review-Token"
MAX_BODY = 64 * 1024  # bytes of a request: one sentence's English and a few ids
ASSETS = {"/review.js": "text/javascript; charset=utf-8", "/review.css": "text/css; charset=utf-8"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def new_token() -> str:
    """A token no other user can guess (192 random bits)."""
    return secrets.token_urlsafe(24)


def same_token(given: str | None, token: str) -> bool:
    """Constant-time comparison, so the time taken does not tell how much of a guess was right."""
    return given is not None and hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


@dataclass(frozen=True)
class Gate:
    """Which requests this server answers: its own host names and origins, and its token."""

    port: int
    token: str

    @property
    def hosts(self) -> frozenset[str]:
        return frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}"})

    @property
    def origins(self) -> frozenset[str]:
        return frozenset(f"http://{h}" for h in self.hosts)

    def refusal(self, headers: Any, *, api: bool) -> str | None:
        """Why a request is refused (None: let it through). `headers`: a mapping of its headers."""
        if headers.get("Host") not in self.hosts:
            return "unexpected Host header: this server answers only as http://127.0.0.1:%d/" % self.port
        origin = headers.get("Origin")
        if origin is not None and origin not in self.origins:
            return "requests from other web pages are refused"
        if api and headers.get("Sec-Fetch-Site") not in (None, "same-origin", "none"):
            return "requests from other web pages are refused"
        return None


def _asset(name: str) -> bytes:
    return resources.files("briefing.review").joinpath("assets").joinpath(name).read_bytes()


def make_handler(session: ReviewSession, gate: Gate, log: Callable[[str], None]) -> type[BaseHTTPRequestHandler]:
    """The request handler class of one server."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "briefing-review"
        sys_version = ""
        protocol_version = "HTTP/1.1"
        # headers and body go out in two writes: with Nagle's algorithm the body would wait for
        # the client's delayed ACK of the headers (~40 ms on Linux), on every answer
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass  # saves are reported by `log`; the page's reads would only be noise

        # -------------------------------------------------------- responses

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in SECURITY_HEADERS.items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _json(self, answer: Answer) -> None:
            status, data = answer
            body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            self._send(status, body, "application/json; charset=utf-8")

        def _text(self, status: int, text: str) -> None:
            self._send(status, (text + "\n").encode("utf-8"), "text/plain; charset=utf-8")

        # -------------------------------------------------------- routing

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = urlsplit(self.path)
            api = url.path.startswith("/api/")
            refusal = gate.refusal(self.headers, api=api or url.path == "/")
            if refusal:
                self._text(HTTPStatus.FORBIDDEN, refusal)
                return
            if url.path in ASSETS:
                self._send(200, _asset(url.path[1:]), ASSETS[url.path])
            elif url.path == "/":
                given = parse_qs(url.query).get("token", [None])[0]
                if not same_token(given, gate.token):
                    self._text(HTTPStatus.FORBIDDEN, "This address needs the token that "
                               "'briefing review' printed: open the address it printed.")
                    return
                self._send(200, _asset("review.html"), "text/html; charset=utf-8")
            elif api:
                self._api(url.path, parse_qs(url.query), None)
            else:
                self._text(HTTPStatus.NOT_FOUND, "not found")

        do_HEAD = do_GET

        def do_POST(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            refusal = gate.refusal(self.headers, api=True)
            if refusal:
                self._text(HTTPStatus.FORBIDDEN, refusal)
                return
            if not (self.headers.get("Content-Type") or "").startswith("application/json"):
                self._json((415, {"error": "send JSON (Content-Type: application/json)"}))
                return
            try:
                length = int(self.headers.get("Content-Length") or "-1")
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY:
                self.close_connection = True
                self._json((413, {"error": f"a request may hold at most {MAX_BODY // 1024} KB"}))
                return
            raw = self.rfile.read(length)
            try:
                data = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                self._json((400, {"error": "the request is not valid JSON"}))
                return
            self._api(url.path, {}, data)

        def _api(self, path: str, query: dict[str, list[str]], data: Any) -> None:
            if not same_token(self.headers.get(TOKEN_HEADER), gate.token):
                self._json((403, {"error": "this request lacks the review token: reload the page from "
                                           "the address 'briefing review' printed"}))
                return
            routes: dict[tuple[str, str], Callable[[], Answer]] = {
                ("GET", "/api/overview"): session.overview,
                ("GET", "/api/article"): lambda: session.screen((query.get("slug") or [""])[0]),
                ("POST", "/api/save"): lambda: session.save(data),
                ("POST", "/api/later"): lambda: session.mark_later(data),
            }
            route = routes.get(("POST" if data is not None else "GET", path))
            if route is None:
                self._json((404, {"error": f"no such request: {path}"}))
                return
            status, result = answer(route, log)
            self._json((status, result))
            if path == "/api/save" and isinstance(data, dict):
                what = result.get("result") or (f"conflict ({result['conflict']})" if "conflict" in result
                                                 else f"refused: {result.get('error', '')}")
                log(f"{data.get('id')}: {what}")

    return Handler


def answer(route: Callable[[], Answer], log: Callable[[str], None]) -> Answer:
    """The route's answer; a refusal or a user-fixable problem as a message for the page."""
    try:
        return route()
    except Refused as exc:
        return exc.status, {"error": str(exc)}
    except BriefingError as exc:  # e.g. a damaged memory file: its path, line and what to do
        return 422, {"error": str(exc)}
    except OSError as exc:
        from briefing.failure import describe_os_error
        return 500, {"error": "Not saved: " + describe_os_error(exc)}
    except Exception as exc:  # a bug: the page says so, the traceback goes to a crash log
        from briefing.failure import describe_crash, write_crash_log
        message = describe_crash(exc, write_crash_log(exc, None))
        log(message)
        return 500, {"error": message}


class ReviewServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer bound to 127.0.0.1 that knows its own address and token."""

    daemon_threads = True

    def __init__(self, session: ReviewSession, port: int = 0, token: str | None = None,
                 log: Callable[[str], None] = lambda msg: print(msg, file=sys.stderr)) -> None:
        super().__init__((HOST, port), BaseHTTPRequestHandler)
        self.token = token or new_token()
        self.gate = Gate(self.server_address[1], self.token)
        self.RequestHandlerClass = make_handler(session, self.gate, log)

    @property
    def url(self) -> str:
        """The address to open: the page, with the token."""
        return f"http://{HOST}:{self.gate.port}/?token={self.token}"

    def start(self) -> threading.Thread:
        """Serve in a background thread (tests, benchmarks); `shutdown()` stops it."""
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        return thread


def asset_path(name: str) -> Path:
    """Where an asset of the page lies (for tests that read it)."""
    return Path(str(resources.files("briefing.review").joinpath("assets").joinpath(name)))
