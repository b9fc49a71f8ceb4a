"""Downloads within bounds (briefing/sources/fetch.py), against real servers on this machine: an
overall deadline, a size limit (compressed too), header limits, every failure one message naming
the URL, sniffing when the type is missing, and no fetch from a private address unless allowed —
the address as resolved, on every redirect. Pages are decoded by reading (sources/decode.py)."""

from __future__ import annotations

import gzip
import ipaddress
import socketserver
import threading
import time

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.errors import InputError
from briefing.sources.decode import decode_page, sniff_type
from briefing.sources.fetch import address_problem, download

PARAS = ["老旧小区改造是民生工程，今年计划改造五万个小区，惠及居民超过八百万户，各地已经陆续开工建设。",
         "住房和城乡建设部表示，改造将优先解决加装电梯、管网更新和停车难等问题，并鼓励居民共同参与。"]
PAGE = ("<!DOCTYPE html><html><head><title>老旧小区改造进入快车道</title></head><body><article>"
        "<h1>老旧小区改造进入快车道</h1>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</article></body></html>")
HANT = ("<!DOCTYPE html><html><head><title>舊區改造</title></head><body><article><h1>舊區改造提速</h1>"
        "<p>舊區改造是民生工程，今年計劃改造五萬個社區，惠及居民超過八百萬戶，各地已經陸續開工建設。</p>"
        "<p>主管部門表示，改造將優先解決加裝電梯、管網更新和停車難等問題，並鼓勵居民共同參與。</p>"
        "</article></body></html>")


def _head(status: str = "200 OK", headers: tuple[tuple[str, str], ...] = (), length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status}", "Connection: close", *(f"{k}: {v}" for k, v in headers)]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _answer(body: bytes, ctype: str | None = "text/html; charset=utf-8", extra: tuple = ()) -> bytes:
    headers = ((("Content-Type", ctype),) if ctype else ()) + extra
    return _head(headers=headers, length=len(body)) + body


class _Handler(socketserver.StreamRequestHandler):
    """Answers by path; `routes` maps a path to bytes, or to a function given the handler."""

    routes: dict = {}

    def handle(self) -> None:
        request = self.rfile.readline(65537).decode("latin-1")
        while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
            pass
        path = request.split(" ")[1] if request.count(" ") >= 2 else "/"
        route = self.routes.get(path, _head("404 Not Found", length=0))
        try:
            if callable(route):
                route(self)
            else:
                self.wfile.write(route)
        except OSError:
            pass  # the client gave up: as it should


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def serve():
    """serve(routes, host) -> base URL of a real server on `host`, port 0; all stopped after."""
    servers = []

    def start(routes: dict, host: str = "127.0.0.1") -> str:
        handler = type("Handler", (_Handler,), {"routes": routes})
        server = _Server((host, 0), handler)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://{host}:{server.server_address[1]}"
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _drip(handler: _Handler) -> None:
    handler.wfile.write(_head(headers=(("Content-Type", "text/html"),), length=10_000))
    for _ in range(400):  # a byte every 0.05 s: never silent, never done
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.05)


def _drip_headers(handler: _Handler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for n in range(400):
        handler.wfile.write(f"X-{n}: {n}\r\n".encode())
        handler.wfile.flush()
        time.sleep(0.05)


def _silent(handler: _Handler) -> None:
    time.sleep(5)


PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)
ROUTES = {
    "/page": _answer(PAGE.encode()),
    "/%E6%96%B0%E9%97%BB/%E9%A1%B5.html": _answer(PAGE.encode()),  # /新闻/页.html
    "/drip": _drip, "/drip-headers": _drip_headers, "/silent": _silent,
    "/long-header": _head(headers=(("X-Long", "a" * 70_000),), length=0),
    "/many-headers": _head(headers=tuple((f"X-{n}", str(n)) for n in range(150)), length=0),
    "/big": _head(headers=(("Content-Type", "text/html"),), length=50_000_000),
    "/endless": _head(headers=(("Content-Type", "text/html"),)) + b"<p>" + b"x" * 300_000,
    "/gzip-bomb": _answer(gzip.compress(b" " * 20_000_000), extra=(("Content-Encoding", "gzip"),)),
    "/gzip": _answer(gzip.compress(PAGE.encode()), extra=(("Content-Encoding", "gzip"),)),
    "/no-type": _answer(PAGE.encode(), ctype=None),
    "/octet": _answer(PAGE.encode(), ctype="application/octet-stream"),
    "/png-no-type": _answer(PNG, ctype=None),
    "/big5-said-gbk": _answer(HANT.encode("big5"), ctype="text/html; charset=gbk"),
    "/utf16": _answer(PAGE.encode("utf-16"), ctype="text/html"),
    "/to-file": _head("302 Found", (("Location", "file:///etc/passwd"),), 0),
    "/to-ftp": _head("302 Found", (("Location", "ftp://example.com/x"),), 0),
    "/loop": _head("302 Found", (("Location", "/loop"),), 0),
}


def _fails(url: str, match: str, **kw) -> InputError:
    started = time.monotonic()
    with pytest.raises(InputError, match=match) as caught:
        download(url, **kw)
    assert time.monotonic() - started < 15  # no hang
    assert url[:60] in str(caught.value)  # names the URL
    return caught.value


def test_a_public_looking_page_is_fetched(serve):
    base = serve(ROUTES)
    got = download(base + "/page", allow_private=True)
    assert got.raw == PAGE.encode() and got.content_type == "text/html" and got.charset == "utf-8"
    assert download(base + "/新闻/页.html", allow_private=True).raw == PAGE.encode()  # a Chinese address
    assert download(base + "/gzip", allow_private=True).raw == PAGE.encode()


@pytest.mark.parametrize("path, match, kw", [
    ("/drip", "took longer than 1 s", {"deadline": 1}),
    ("/drip-headers", "took longer than 1 s", {"deadline": 1}),
    ("/silent", "no answer within 0.5 s", {"timeout": 0.5}),
    ("/long-header", "header line longer than 64 KB", {}),
    ("/many-headers", "got more than 100 headers", {}),
    ("/big", "larger than 8 MB", {}),
    ("/endless", "larger than 97.7 KB", {"max_bytes": 100_000}),
    ("/gzip-bomb", "larger than 8 MB", {}),
    ("/png-no-type", "not a web page but a PNG image", {}),
    ("/to-file", "not allowed|not an http", {}),
    ("/to-ftp", "not allowed|not an http", {}),
    ("/loop", "redirect", {}),
    ("/missing", "404", {}),
])
def test_each_failure_is_one_message_naming_the_url(serve, path, match, kw):
    _fails(serve(ROUTES) + path, match, allow_private=True, **kw)


@pytest.mark.parametrize("url, match", [
    ("http://[::1", "not a valid web address"), ("http://example.com:99999/", "not a valid web address"),
    ("ftp://example.com/a", "only http"), ("http:///path", "names no host"),
    ("http://exa mple.com/", "cannot download"), ("http://a..b/", "cannot download"),
])
def test_malformed_addresses_are_refused_by_name(url, match):
    _fails(url, match)


def test_missing_or_vague_content_type_is_sniffed(serve):
    base = serve(ROUTES)
    for path in ("/no-type", "/octet"):
        got = download(base + path, allow_private=True)
        assert got.content_type == "text/html" and "the bytes are text/html" in got.note


def test_loopback_and_private_addresses_are_refused_by_default(serve):
    base = serve(ROUTES)
    err = _fails(base + "/page", "this machine")
    assert "--allow-private" in err.hint
    port = base.rsplit(":", 1)[1]
    _fails(f"http://localhost:{port}/page", "this machine")  # the name resolves to loopback: refused
    for text, expected in (("10.1.2.3", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local"),
                           ("::1", "loopback"), ("fe80::1", "link-local"), ("::ffff:127.0.0.1", "loopback"),
                           ("100.64.0.1", "not public"), ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast")):
        assert expected in (address_problem(ipaddress.ip_address(text)) or ""), text
    assert address_problem(ipaddress.ip_address("93.184.216.34")) is None


def test_a_redirect_to_a_refused_address_is_caught_at_its_resolved_address(serve):
    """Two servers on loopback: one (127.0.0.1) taken as public by the policy, the other
    (127.0.0.2) not. The first redirects to the second, by address and by a name: refused."""
    inner = serve(ROUTES, host="127.0.0.2")
    port = inner.rsplit(":", 1)[1]
    outer = serve({"/go": _head("302 Found", (("Location", inner + "/page"),), 0),
                   "/go-relative": _head("302 Found", (("Location", f"//127.0.0.2:{port}/page"),), 0),
                   "/page": _answer(PAGE.encode())})
    policy = lambda ip: "the inner network" if str(ip) == "127.0.0.2" else None  # noqa: E731
    assert download(outer + "/page", policy=policy).raw == PAGE.encode()  # the policy lets 127.0.0.1 in
    err = _fails(outer + "/go", "127.0.0.2 is the inner network", policy=policy)
    assert "--allow-private" in err.hint
    _fails(outer + "/go-relative", "127.0.0.2 is the inner network", policy=policy)
    assert download(outer + "/go", allow_private=True).raw == PAGE.encode()


def test_pages_are_decoded_by_reading_gbk_big5_and_utf16(serve):
    base = serve(ROUTES)
    got = download(base + "/big5-said-gbk", allow_private=True)
    decoded = decode_page(got.raw, got.charset)
    assert "舊區改造是民生工程" in decoded.text and decoded.encoding == "big5hkscs"
    assert "says GBK" in decoded.note and "decoded as Big5" in decoded.note
    got = download(base + "/utf16", allow_private=True)
    assert PARAS[0] in decode_page(got.raw, got.charset).text
    assert PARAS[0] in decode_page(PAGE.encode("utf-16-le")).text  # no BOM: found by its NULs
    assert decode_page(PAGE.encode("gbk"), "iso-8859-1").encoding == "gb18030"  # a wrong label
    assert decode_page(PAGE.encode("gbk"), "gbk").note == ""  # a right one: nothing to say


def test_binary_named_html_is_refused_naming_the_file(tmp_path):
    page = tmp_path / "article.html"
    page.write_bytes(PNG)
    project = tmp_path / "p"
    (project / "seeds").mkdir(parents=True)
    result = CliRunner().invoke(main, ["add", "-p", str(project), str(page)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert str(page) in result.output and "a PNG image" in result.output
    assert sniff_type(b"%PDF-1.7 ...") == "a PDF document" and sniff_type(PAGE.encode("utf-16")) == "text/html"


def test_cli_add_refuses_loopback_unless_allowed_and_says_how_it_read_the_page(serve, tmp_path):
    base = serve(ROUTES)
    project = tmp_path / "p"
    (project / "seeds").mkdir(parents=True)
    runner = CliRunner()
    refused = runner.invoke(main, ["add", "-p", str(project), base + "/big5-said-gbk"])
    assert refused.exit_code == 1 and "this machine (loopback)" in refused.output and "--allow-private" in refused.output
    assert list((project / "seeds").iterdir()) == []
    added = runner.invoke(main, ["add", "-p", str(project), "--allow-private", base + "/big5-said-gbk"])
    assert added.exit_code == 0, added.output
    assert "check: the page says GBK" in added.output and "decoded as Big5" in added.output
    seed = next((project / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    assert "舊區改造是民生工程" in seed
