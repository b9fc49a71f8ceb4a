"""Helpers for cleaning tests on made-up pages: a page from lines, what the cleaner found and kept."""

from __future__ import annotations


def page(*lines: str) -> str:
    """A scraped page's text: one line per block, blank lines between."""
    return "\n\n".join(lines)


def found(cleaned) -> dict[str, str]:
    """The first value found for each metadata field."""
    out: dict[str, str] = {}
    for f in cleaned.found:
        out.setdefault(f.field, f.value)
    return out


def kept(cleaned) -> str:
    """The text of every block the cleaner kept, joined."""
    return "".join(b.text for b in cleaned.blocks)
