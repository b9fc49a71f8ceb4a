"""A web page's bytes as text, in the page's own encoding (pure): the HTTP header's charset, else
the page's <meta>, else UTF-8, else a guess among the Chinese encodings (GBK/GB18030, Big5)."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from briefing.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
# Legacy labels → the superset codec Python should use (a GB2312 page often holds GBK characters)
_CODEC = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb18030": "gb18030",
          "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "x-x-big5": "big5hkscs"}


def decode_html(raw: bytes, header_charset: str = "") -> tuple[str, str]:
    """(text, encoding) of an HTML page: the HTTP header's charset, else the page's <meta>,
    else UTF-8, else a guess among the Chinese encodings."""
    declared = header_charset or ""
    if not declared:
        m = _META_CHARSET.search(raw[:4096])
        declared = m.group(1).decode("ascii", "replace") if m else ""
    codec = _CODEC.get(declared.lower(), declared.lower())
    if codec:
        try:
            return raw.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(raw, cp_isolation=["gb18030", "big5hkscs", "utf_8"]).best()
        if best is None:
            raise InputError("cannot tell the page's text encoding",
                             hint="save the page as UTF-8 from the browser and add that file") from None
        return str(best), best.encoding
