"""Downloading a web page (the network edge of `briefing add`), within bounds.

- One deadline for the whole download (`DEADLINE`, every redirect, the headers and the body): a
  server that drips a byte every few seconds is cut off, not waited for; a silent one after
  `READ_TIMEOUT`. A watchdog shuts the connection at the deadline, whatever it is waiting for.
- At most `MAX_PAGE_BYTES` (the declared length is checked first, the bytes as they come), a
  compressed body unpacked to no more than that; http.client's limits on headers (a line of 64 KB,
  100 headers) stand.
- Only http and https, at most `MAX_REDIRECTS` redirects. Every address connected to — the first
  and each redirect's, as resolved, not as named — must be public: loopback, private, link-local,
  multicast and reserved addresses are refused (a page could otherwise make `add` fetch from the
  machine's own network) unless `allow_private` (`briefing add --allow-private`). The connection
  goes to the address that was checked, so a name cannot resolve to another one in between.
- A page without a Content-Type (or with a vague one) is sniffed (sources/decode.py).
- Every failure of the network stack is one InputError naming the URL, never a traceback.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, Callable
from urllib.parse import quote, urlsplit, urlunsplit

from briefing.errors import InputError
from briefing.input_files import size_text
from briefing.sources.decode import sniff_type

MAX_PAGE_BYTES = 8 * 1024 * 1024
DEADLINE = 60.0  # seconds for the whole download
READ_TIMEOUT = 20.0  # seconds a silent server is waited for
MAX_REDIRECTS = 10
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_VAGUE_TYPES = ("", "application/octet-stream", "text/plain", "binary/octet-stream", "application/unknown")
_OFFLINE_HINT = "without a network, open the page in a browser, save it, and run `briefing add page.html`"
_PRIVATE_HINT = ("a page on your own network or this machine: run `briefing add --allow-private URL`; "
                 "else check where the address (or a redirect) leads")


@dataclass(frozen=True)
class Download:
    raw: bytes
    url: str  # after redirects
    content_type: str
    charset: str
    note: str = ""  # what was done beyond the server's word (a sniffed type)


@dataclass
class _Session:
    """One download: its policy, its deadline and the sockets it opened (for the watchdog)."""

    policy: Callable[[IPAddress], str | None]
    deadline: float
    read_timeout: float = READ_TIMEOUT
    sockets: list[socket.socket] = field(default_factory=list)
    expired: bool = False

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def cut_off(self) -> None:
        """At the deadline: shut every connection, so whatever waits on one returns now."""
        self.expired = True
        for sock in list(self.sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _Refused(OSError):
    """A connection this download may not make (an address that is not public)."""


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_problem(ip: IPAddress) -> str | None:
    """Why `briefing add` may not connect to `ip` without --allow-private (None: a public address)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, what in (("is_loopback", "this machine (loopback)"), ("is_link_local", "a link-local address"),
                       ("is_multicast", "a multicast address"), ("is_unspecified", "an unspecified address"),
                       ("is_private", "a private network address"), ("is_reserved", "a reserved address")):
        if getattr(ip, test):
            return what
    if not ip.is_global:
        return "an address that is not public"
    return None


def _connector(session: _Session, check: bool) -> Callable[..., socket.socket]:
    """socket.create_connection that resolves the name, refuses it (when `check`) unless every
    address it has is allowed, and connects to an address the check saw."""
    def connect(address: tuple[str, int], timeout: Any = None, source_address: Any = None) -> socket.socket:
        name, port = address
        infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
        if check:
            _refuse_private(name, [str(info[4][0]) for info in infos], session)
        last: OSError | None = None
        for family, kind, proto, _, sockaddr in infos:
            sock = socket.socket(family, kind, proto)
            session.sockets.append(sock)
            try:
                sock.settimeout(max(0.1, min(session.read_timeout, session.remaining())))
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                last = exc
                sock.close()
        raise last or OSError(f"cannot resolve {name}")
    return connect


def _refuse_private(name: str, addresses: list[str], session: _Session) -> None:
    for text in addresses:
        problem = session.policy(ipaddress.ip_address(text.split("%", 1)[0]))
        if problem is not None:
            raise _Refused(f"{name} is {problem} ({text}); only public addresses are fetched")


class _HTTPConnection(http.client.HTTPConnection):
    session: _Session
    _create_connection: Callable[..., socket.socket]  # http.client's hook, absent from its stubs

    def connect(self) -> None:
        super().connect()
        self.session.sockets.append(self.sock)  # for the watchdog (https: the TLS socket)


class _HTTPSConnection(http.client.HTTPSConnection, _HTTPConnection):
    pass


class _GuardedHTTP(urllib.request.HTTPHandler):
    """Connections of one download: checked addresses, sockets known to its watchdog. Through a
    proxy the proxy is connected to as configured, and the page's host is checked by resolving it
    here (the proxy resolves it again: a name that changes in between cannot be caught)."""

    def __init__(self, session: _Session) -> None:
        super().__init__()
        self.session = session

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection(_HTTPConnection, req), req)

    def _connection(self, cls: type[_HTTPConnection], req: urllib.request.Request
                    ) -> Callable[..., http.client.HTTPConnection]:
        session = self.session
        target = urlsplit(req.full_url).hostname or ""
        proxied = target.lower() != (urlsplit("//" + req.host).hostname or "").lower()
        if proxied:
            port = urlsplit(req.full_url).port or (443 if req.type == "https" else 80)
            _refuse_private(target, [str(i[4][0]) for i in socket.getaddrinfo(target, port, type=socket.SOCK_STREAM)],
                            session)

        def make(host: str, **kwargs: Any) -> http.client.HTTPConnection:
            conn = cls(host, **kwargs)
            conn.session = session
            conn._create_connection = _connector(session, check=not proxied)
            return conn
        return make


class _GuardedHTTPS(urllib.request.HTTPSHandler, _GuardedHTTP):
    def __init__(self, session: _Session) -> None:
        urllib.request.HTTPSHandler.__init__(self)
        self.session = session

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection(_HTTPSConnection, req), req,
                            context=self._context)  # type: ignore[attr-defined]  # HTTPSHandler's, unstubbed


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                         headers: http.client.HTTPMessage, newurl: str) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.URLError(f"it redirects to {newurl[:200]}, which is not an http(s) address")
        return super().redirect_request(req, fp, code, msg, headers, iri_to_uri(newurl))


def iri_to_uri(url: str) -> str:
    """`url` with its host in IDNA and its path and query percent-encoded (Chinese addresses are
    common: http.client sends ASCII only)."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    try:
        ascii_host = host.encode("idna").decode("ascii") if host and not host.isascii() else host
    except UnicodeError:
        raise ValueError(f"the host name {host!r} is not valid") from None
    if ":" in ascii_host:  # an IPv6 literal
        ascii_host = f"[{ascii_host}]"
    netloc = ascii_host + (f":{parts.port}" if parts.port is not None else "")
    if parts.username is not None:
        netloc = parts.username + (f":{parts.password}" if parts.password is not None else "") + "@" + netloc
    safe = "/%:@!$&'()*+,;=-._~"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=safe), quote(parts.query, safe=safe + "?"),
                       quote(parts.fragment, safe=safe + "?")))


def check_address(url: str) -> str:
    """The URL to request, or an InputError naming it: http(s), a host, a valid port."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # raises for a port that is not a number in range
        del port
        if parts.scheme.lower() not in ("http", "https"):
            raise ValueError("only http:// and https:// addresses are downloaded")
        if not parts.hostname:
            raise ValueError("it names no host")
        return iri_to_uri(url)
    except ValueError as exc:
        raise InputError(f"cannot download {url[:200]}: not a valid web address ({exc})",
                         hint="check the address; write it as https://host/path") from None


def download(url: str, timeout: float = READ_TIMEOUT, *, allow_private: bool = False,
             deadline: float = DEADLINE, max_bytes: int = MAX_PAGE_BYTES,
             policy: Callable[[IPAddress], str | None] = address_problem) -> Download:
    """The page at `url`; InputError (never a traceback) when it cannot be had within bounds.
    `policy` says why an address may not be connected to (None: it may); `allow_private` lifts it."""
    request_url = check_address(url)
    session = _Session(policy=(lambda ip: None) if allow_private else policy,
                       deadline=time.monotonic() + deadline, read_timeout=timeout)
    opener = urllib.request.OpenerDirector()
    for handler in (_GuardedHTTP(session), _GuardedHTTPS(session), _Redirects(),
                    urllib.request.HTTPErrorProcessor(), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.ProxyHandler()):
        opener.add_handler(handler)
    request = urllib.request.Request(request_url, headers={
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) briefing/0.1 (+article import)",
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
        "Accept-Language": "zh-CN,zh-TW;q=0.9,zh;q=0.8,en;q=0.5",
        "Accept-Encoding": "gzip, deflate"})
    watchdog = threading.Timer(deadline, session.cut_off)
    watchdog.daemon = True
    watchdog.start()
    try:
        with opener.open(request, timeout=min(timeout, deadline)) as response:
            headers: Message = response.headers
            final = response.geturl()
            raw = _read_body(response, headers, session, max_bytes, url)
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        raise InputError(f"cannot download {url}: the server answered {exc.code} {exc.reason}",
                         hint="check the address; " + _OFFLINE_HINT) from None
    except Exception as exc:  # the network stack's many errors: each is one line naming the URL
        if not isinstance(exc, (OSError, ValueError, http.client.HTTPException, EOFError, zlib.error)):
            raise
        raise _failure(url, exc, session, deadline) from None
    finally:
        watchdog.cancel()
        for sock in session.sockets:
            sock.close()
    return _typed(raw, headers, final, url)


def _failure(url: str, exc: BaseException, session: _Session, deadline: float) -> InputError:
    """The one-line error for a failed download."""
    reason = (exc.reason if isinstance(exc, urllib.error.URLError) else None) or exc
    if isinstance(reason, _Refused) or isinstance(exc, _Refused):
        return InputError(f"cannot download {url}: {reason}", hint=_PRIVATE_HINT)
    if session.expired or session.remaining() <= 0:
        return InputError(f"cannot download {url}: it took longer than {deadline:.0f} s (the server "
                          "sends too slowly or not at all)", hint="try again later; " + _OFFLINE_HINT)
    if isinstance(exc, http.client.LineTooLong) or isinstance(reason, http.client.LineTooLong):
        what = "a header line longer than 64 KB"
    elif isinstance(exc, http.client.HTTPException):
        what = f"a broken answer ({type(exc).__name__}: {str(exc)[:120] or 'no detail'})"
    elif isinstance(reason, (socket.timeout, TimeoutError)):
        what = f"no answer within {session.read_timeout:g} s"
    elif isinstance(exc, zlib.error):
        what = "a compressed body that does not unpack"
    else:
        what = str(reason)[:200] or type(reason).__name__
    return InputError(f"cannot download {url}: {what}",
                      hint="check the network and the address; " + _OFFLINE_HINT)


def _read_body(response: http.client.HTTPResponse, headers: Message, session: _Session,
               max_bytes: int, url: str) -> bytes:
    """The body, unpacked, at most `max_bytes`, read in pieces until the deadline."""
    too_big = InputError(f"cannot use {url}: the page is larger than {size_text(max_bytes)}",
                         hint=_OFFLINE_HINT)
    length = headers.get("Content-Length", "")
    if length.strip().isdigit() and int(length) > max_bytes:
        raise too_big
    encoding = (headers.get("Content-Encoding") or "").strip().lower()
    unpack = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding in ("gzip", "x-gzip") else \
        zlib.decompressobj() if encoding == "deflate" else None
    chunks: list[bytes] = []
    total = 0
    while True:
        if session.remaining() <= 0:
            raise TimeoutError("deadline")
        piece = response.read1(65536)
        if not piece:
            if session.expired:  # the watchdog shut the connection: not the end of the page
                raise TimeoutError("deadline")
            break
        if unpack is not None:
            piece = unpack.decompress(piece, max_bytes + 1 - total)
            if unpack.unconsumed_tail:  # more output than the limit allows: a bomb or a huge page
                raise too_big
        chunks.append(piece)
        total += len(piece)
        if total > max_bytes:
            raise too_big
    return b"".join(chunks)


def _typed(raw: bytes, headers: Message, final: str, url: str) -> Download:
    """The download with its type: the server's, else (missing or vague) sniffed from the bytes;
    not a page: an InputError naming the URL and what it is."""
    declared = headers.get_content_type() if headers.get("Content-Type") else ""
    charset = headers.get_content_charset() or ""
    note = ""
    content_type = declared
    if declared in _VAGUE_TYPES:
        sniffed = sniff_type(raw)
        if sniffed in PAGE_TYPES:
            content_type = sniffed
            if sniffed != declared:
                note = (f"the server sent no Content-Type; the bytes are {sniffed}" if not declared else
                        f"the server says {declared}; the bytes are {sniffed}")
        else:
            raise InputError(f"{url} is not a web page but {sniffed}"
                             + (f" (the server says {declared})" if declared else ""),
                             hint="give the address of the article's page")
    if content_type not in PAGE_TYPES:
        raise InputError(f"{url} is not a web page but {content_type}",
                         hint="give the address of the article's page")
    return Download(raw=raw, url=final, content_type=content_type, charset=charset, note=note)
