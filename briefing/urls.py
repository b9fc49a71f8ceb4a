"""Which URLs may become links: one allow-list, applied where values are read and where links
are written (article pages, the feed, both PDFs, search and gloss data).

A link is written only when its scheme is http, https or mailto, or when it has none (a relative
link: a path, ``?query`` or ``#fragment``). Anything else — ``javascript:``, ``vbscript:``,
``data:``, ``file:``, an unknown scheme — is never a link.

The scheme is found as a browser finds it, and then some, so that no spelling slips through:
a browser decodes character references in an attribute (``&#106;avascript:``), drops leading
and trailing control characters and spaces, removes tabs and newlines anywhere (``java\\tscript:``)
and compares schemes without case (``JaVaScRiPt:``). Here the value is also read with every
character reference decoded repeatedly (``&amp;#106;`` is what a feed reader that unescapes twice
sees), under Unicode compatibility folding (full-width ``ｊａｖａｓｃｒｉｐｔ``), and with every
control, format (zero-width) and space character removed before the first colon. A value any of
these readings gives a scheme outside the allow-list is refused: refusing a strange but harmless
relative link costs an editor one edit; publishing a script costs the readers.
"""

from __future__ import annotations

import html
import re
import unicodedata


ALLOWED_SCHEMES = ("http", "https", "mailto")  # plus relative links (no scheme)
WEB_SCHEMES = ("http", "https")  # what a source's address or the site's address must use
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# A link made only of these ASCII characters has no colon, no entity and nothing that NFKC,
# stripping or unescaping changes: relative in every reading, written as it is. Our own pages
# write ~50,000 such links at 1,000 articles (each sentence's '#p1-s1'), which skip the readings.
_PLAIN_RELATIVE = re.compile(r"[A-Za-z0-9_./#?=-]*")
_UNESCAPE_ROUNDS = 4  # '&amp;amp;#106;' and deeper: more rounds than any reader applies
_EDGES = "".join(map(chr, range(0x21)))  # C0 controls and space, stripped at both ends by browsers
_TAB_NEWLINE = re.compile(r"[\t\n\r]")  # removed anywhere by browsers
_RUNS_CODE = {"javascript", "vbscript", "data", "livescript", "mocha", "jscript", "blob", "filesystem"}


def _invisible(ch: str) -> bool:
    """A character some reader may skip inside a scheme: controls, zero-width and spaces."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") or ch.isspace()


def _readings(value: str) -> list[str]:
    """The value as the readers of a page, a feed or a PDF may see it."""
    seen = [value]
    text = value
    for _ in range(_UNESCAPE_ROUNDS):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
        seen.append(text)
    seen += [unicodedata.normalize("NFKC", t) for t in list(seen)]
    return seen


def _scheme_of(text: str) -> str | None:
    """The scheme of one reading (lower-case), or None for a relative link. Invisible characters
    are dropped up to the first colon, so 'java\\x00script:' and 'java\\u200bscript:' count."""
    head, colon, _ = text.partition(":")
    if not colon:
        return None
    squeezed = "".join(ch for ch in head if not _invisible(ch)) + ":"
    m = _SCHEME.match(squeezed)
    # a '/', '?' or '#' before the colon makes it a path, query or fragment ('a/b:c', '?q=x:y')
    if m is None or any(c in head for c in "/?#"):
        return None
    return m.group(1).lower()


def url_schemes(value: str) -> set[str]:
    """Every scheme some reader may find in `value` (empty: a relative link in every reading)."""
    return {s for s in map(_scheme_of, _readings(value)) if s is not None}


def url_problem(value: str, *, schemes: tuple[str, ...] = ALLOWED_SCHEMES,
                relative: bool = True) -> str | None:
    """Why `value` may not be written as a link (None when it may). `schemes` are those allowed;
    `relative=False` also requires one of them (an address on the web, not a path)."""
    found = url_schemes(value)
    bad = sorted(found - set(schemes))
    allowed = _either([f"{s}:" for s in schemes] + (["relative"] if relative else []))
    if bad:
        why = " (it would run code in the readers' browsers)" if set(bad) & _RUNS_CODE else ""
        return f"'{_shown(value)}' is a '{bad[0]}:' link; only {allowed} links are published{why}"
    if not found and not relative:
        if not cleaned_url(value):
            return None  # empty: no link (callers decide whether one is required)
        return (f"'{_shown(value)}' is not a full web address; write it with "
                f"{_either([f'{s}://' for s in schemes])}, e.g. https://example.com/page")
    if not relative and found & set(WEB_SCHEMES) and not re.match(r"(?i)https?://[^/?#\s]", cleaned_url(value)):
        return f"'{_shown(value)}' has no host name; write e.g. https://example.com/page"
    if not relative and (bad_char := re.search(r"[\s\"<>\\`]", cleaned_url(value))):
        return (f"'{_shown(value)}' holds {bad_char.group(0)!r}, which a web address cannot; copy the "
                "address from the browser's address bar")
    return None


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def cleaned_url(value: str) -> str:
    """`value` as a browser reads it before parsing: ends stripped of controls and spaces,
    tabs and newlines removed."""
    return _TAB_NEWLINE.sub("", value.strip(_EDGES))


def safe_href(value: str) -> str:
    """The URL to write into an href (or a feed's link, a PDF's /URI), or '' when it must not
    be a link: every writer of a link calls this, and writes the text without a link on ''.
    The result still needs the writer's own escaping (HTML or XML attribute)."""
    if not isinstance(value, str):
        return ""
    if _PLAIN_RELATIVE.fullmatch(value):
        return value
    if url_problem(value) is not None:
        return ""
    return cleaned_url(value)


def web_address(value: str) -> str:
    """`value` cleaned when it is a full http(s) address with a host (a site's or a source's
    address, which absolute links and feed ids are made from), else ''."""
    if not isinstance(value, str) or not cleaned_url(value):
        return ""
    return cleaned_url(value) if url_problem(value, schemes=WEB_SCHEMES, relative=False) is None else ""


def _shown(value: str) -> str:
    """The value for a message: one line, invisible characters made visible, at most 80 chars."""
    shown = "".join(ch if not _invisible(ch) or ch == " " else f"\\u{ord(ch):04x}" for ch in value)
    return shown if len(shown) <= 80 else shown[:77] + "..."
