"""What counts as executable markup in what we publish, found the way a reader's software finds it:
HTML elements and attributes (entities decoded by the parser), the Atom feed's links and its
HTML content, a PDF's link annotations (its streams inflated)."""

from __future__ import annotations

import re
import zlib
from html.parser import HTMLParser
from xml.etree import ElementTree

from briefing.urls import ALLOWED_SCHEMES, url_schemes

_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background",
              "cite", "ping", "srcset", "longdesc", "manifest", "codebase", "icon"}
_ACTIVE_TAGS = {"script", "iframe", "object", "embed", "base", "form", "frame", "frameset", "applet",
                "svg", "math", "template"}  # a print document's own <meta>, <link> and <style> are ours
ATOM = "{http://www.w3.org/2005/Atom}"


def bad_url(value: str) -> bool:
    """A URL that some reader may take for a non-web scheme (javascript:, data:, ...)."""
    return bool(url_schemes(value) - set(ALLOWED_SCHEMES))


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or (tag == "meta" and name == "http-equiv"):
                self.found.append(f"{tag} {name}=")
            elif name in _URL_ATTRS and bad_url(value):
                self.found.append(f"{tag} {name}={value!r}")
            elif name == "style" and re.search(r"(?i)expression\s*\(|url\s*\(|javascript", value):
                self.found.append(f"{tag} style={value!r}")

    handle_startendtag = handle_starttag


def html_problems(html: str) -> list[str]:
    """Executable elements, handlers and links in an HTML fragment or page."""
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan.found


def feed_problems(xml: str) -> list[str]:
    """Bad links in an Atom document, and executable markup in its HTML content."""
    root = ElementTree.fromstring(xml.encode("utf-8"))
    found = [f"link {e.get('href')!r}" for e in root.iter(f"{ATOM}link") if bad_url(e.get("href", ""))]
    # an id is a name, not a link, but some readers link it when it looks like a web address
    found += [f"id {e.text!r}" for e in root.iter(f"{ATOM}id")
              if url_schemes(e.text or "") - set(ALLOWED_SCHEMES) - {"urn", "tag"}]
    for content in root.iter(f"{ATOM}content"):
        if content.get("type") == "html":
            found += html_problems(content.text or "")
    return found


def pdf_uris(data: bytes) -> list[str]:
    """Every /URI of a PDF's link annotations, from the file and its inflated streams."""
    parts = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    uris = []
    for part in parts:
        for raw in re.findall(rb"/URI\s*\(((?:[^()\\]|\\.)*)\)", part, re.S):
            uris.append(re.sub(rb"\\(.)", rb"\1", raw).decode("latin-1"))
    return uris
