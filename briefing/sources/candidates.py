"""The outside extractors as candidates (pure): trafilatura and readability-lxml each pick the
article text their own way; here their picks are mapped back onto the page's blocks, so that
every block gets one vote from each (see `vote.py`).

A block counts as kept by an extractor when its text is found in that extractor's output (the
text without spaces, Chinese commas folded to ASCII ones on both sides); a short block (a label,
a number) must be a whole line of the output, so a stray "0" or "分享" is not matched inside a
sentence.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field

from briefing.sources.dom import Block, Page, squash

SHORT_BLOCK = 8  # a block this short must match a whole line of an extractor's output
# readability-lxml scores a paragraph by its ASCII commas; Chinese text uses ，and 、
_COMMAS = str.maketrans({"，": ",", "、": ","})


@dataclass
class Candidate:
    """One extractor's choice: the blocks it keeps, and what else it reported."""

    name: str
    kept: set[int] = field(default_factory=set)  # block indices
    ok: bool = True  # False: the extractor failed or found nothing (it abstains)
    metadata: dict[str, str] = field(default_factory=dict)


def _fold(text: str) -> str:
    return squash(text).translate(_COMMAS)


def map_text(name: str, text: str, blocks: list[Block]) -> Candidate:
    """The blocks whose text an extractor's plain-text output holds."""
    folded = _fold(text)
    if not folded:
        return Candidate(name, ok=False)
    lines = {_fold(line) for line in text.splitlines() if line.strip()}
    kept = set()
    for block in blocks:
        s = _fold(block.text)
        if not s:
            continue
        if (s in lines) if len(s) < SHORT_BLOCK else (s in folded):
            kept.add(block.index)
    return Candidate(name, kept=kept)


def trafilatura_candidate(html: str, url: str, page: Page) -> Candidate:
    """trafilatura's pick, with the metadata it found (its date comes from htmldate)."""
    try:
        import trafilatura
        from trafilatura.settings import Document
    except ImportError:  # lxml without lxml_html_clean fails here; the others still vote
        return Candidate("trafilatura", ok=False)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True, include_comments=False,
                                          include_tables=True, deduplicate=False)
    except Exception:  # noqa: BLE001 (an outside extractor's failure is one abstention, never a crash)
        return Candidate("trafilatura", ok=False)
    if not isinstance(doc, Document):  # None: nothing found (a dict only when asked with as_dict)
        return Candidate("trafilatura", ok=False)
    candidate = map_text("trafilatura", doc.text or "", page.blocks)
    for name, value in (("title", doc.title), ("author", doc.author), ("date", doc.date),
                        ("sitename", doc.sitename)):
        if isinstance(value, str) and value.strip():
            candidate.metadata[name] = value.strip()
    return candidate


def readability_candidate(page: Page) -> Candidate:
    """readability-lxml's pick, on a copy of the parsed page with Chinese commas counted."""
    try:
        from readability import Document
        from readability.readability import Unparseable
    except ImportError:
        return Candidate("readability", ok=False)
    tree = copy.deepcopy(page.tree)
    for element in tree.iter():
        if element.text:
            element.text = element.text.translate(_COMMAS)
        if element.tail:
            element.tail = element.tail.translate(_COMMAS)
    logging.getLogger("readability").setLevel(logging.CRITICAL)
    try:
        summary = Document(tree).summary(html_partial=True)
    except (Unparseable, ValueError, TypeError):
        return Candidate("readability", ok=False)
    import lxml.html
    try:
        fragment = lxml.html.fragment_fromstring(summary, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return Candidate("readability", ok=False)
    for element in fragment.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td"):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    return map_text("readability", fragment.text_content(), page.blocks)
