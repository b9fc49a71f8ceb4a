"""Downloading a web page (the network edge of `briefing add`)."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message

from briefing.errors import InputError

MAX_PAGE_BYTES = 8 * 1024 * 1024
_OFFLINE_HINT = "without a network, open the page in a browser, save it, and run `briefing add page.html`"


@dataclass(frozen=True)
class Download:
    raw: bytes
    url: str  # after redirects
    content_type: str
    charset: str


def download(url: str, timeout: float = 20.0) -> Download:
    """The page at `url`; InputError (never a traceback) when it cannot be had."""
    request = urllib.request.Request(url, headers={
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) briefing/0.1 (+article import)",
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
        "Accept-Language": "zh-CN,zh-TW;q=0.9,zh;q=0.8,en;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https only)
            raw = response.read(MAX_PAGE_BYTES + 1)
            headers: Message = response.headers
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise InputError(f"cannot download {url}: the server answered {exc.code} {exc.reason}",
                         hint="check the address; " + _OFFLINE_HINT) from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"cannot download {url}: {reason}",
                         hint="check the network and the address; " + _OFFLINE_HINT) from None
    if len(raw) > MAX_PAGE_BYTES:
        raise InputError(f"cannot use {url}: the page is larger than {MAX_PAGE_BYTES // 1024 // 1024} MB",
                         hint=_OFFLINE_HINT)
    content_type = headers.get_content_type()
    if content_type not in ("text/html", "application/xhtml+xml", "text/plain"):
        raise InputError(f"{url} is not a web page but {content_type}",
                         hint="give the address of the article's page")
    return Download(raw=raw, url=final, content_type=content_type, charset=headers.get_content_charset() or "")
