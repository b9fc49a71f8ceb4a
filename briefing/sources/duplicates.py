"""Is this article already in the briefing? (pure, over texts read by the caller)

Two ways to be the same article: the same address (the page's canonical URL, its og:url or the
address it was downloaded from, compared without the scheme, a leading www./m., the fragment,
tracking parameters and a trailing slash), or the same body (most of its paragraphs already in
one seed, whatever the page around them: a reprint, a mobile page, a page saved twice).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

SAME_BODY_SHARE = 0.8  # this share of the new article's paragraphs already in a seed: the same article
PARAGRAPH_MIN = 20  # characters; shorter lines (bylines, headings) do not count
_TRACKING = re.compile(r"^(?:utm_\w+|spm|from|src|share\w*|fbclid|gclid|scene|isappinstalled|clicktime|enterid)$", re.I)


def url_key(url: str) -> str:
    """An address in the form two addresses of one page share ('' when it is no web address)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    host = re.sub(r"^(?:www|m|wap|mobile)\.", "", parts.hostname.lower())
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)))
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{query}" if query else "")


def paragraphs_of(text: str) -> set[str]:
    """The text's paragraphs long enough to identify it, without spaces."""
    return {p for p in ("".join(line.split()) for line in text.splitlines()) if len(p) >= PARAGRAPH_MIN}


def same_body(new_text: str, old_text: str) -> bool:
    """Most of the new text's paragraphs are already in the old one."""
    new = paragraphs_of(new_text)
    if not new:
        return False
    old = "".join(old_text.split())
    return sum(1 for p in new if p in old) >= SAME_BODY_SHARE * len(new)
