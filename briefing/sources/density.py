"""Our own density extractor (pure), in the manner of GNE and jusText, for Chinese pages.

Every block gets a value from its own features: prose (long enough, dense in Chinese
punctuation, little link text) counts for it by its length; link text, short lines and
same-shaped link items count against it. The article's container is the element whose blocks
add up to the highest value: it holds the prose and as little chrome as possible, so the page's
menus, headline lists and footers fall outside it, while a heading, a caption or a short line
between paragraphs stays inside (jusText's smoothing by neighbours, as one sum over the tree).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from briefing.sources.dom import Block, Page

# Thresholds (named, as jusText does; measured on Chinese pages of many layouts)
PROSE_MIN_CHARS = 16  # a block shorter than this is not prose on its own
PROSE_MIN_PUNCT_PER_100 = 2.0  # Chinese punctuation marks per 100 characters in running text
LINK_DENSITY_MAX = 0.35  # a block with more of its text in links is navigation or a headline link
SHORT_WEIGHT = -0.5  # a short plain line (label, date, button) costs half its length
LINK_WEIGHT = -1.5  # link text costs more than its length: menus and headline lists are long
HIDDEN_WEIGHT = 0.0  # a hidden block neither helps nor hurts a container


def is_prose(block: Block) -> bool:
    """Running text: long enough, punctuated as sentences are, little of it in links."""
    n = block.chars
    if n < PROSE_MIN_CHARS or block.link_density > LINK_DENSITY_MAX:
        return False
    clauses = block.clauses
    return clauses > 0 and (clauses * 100 / n >= PROSE_MIN_PUNCT_PER_100 or n >= 4 * PROSE_MIN_CHARS)


def block_value(block: Block) -> float:
    """How much a block says "article text" (positive) or "page furniture" (negative)."""
    if block.hidden:
        return HIDDEN_WEIGHT
    n = block.chars
    if block.link_density > LINK_DENSITY_MAX:
        return LINK_WEIGHT * n
    if is_prose(block):
        return float(n)
    return SHORT_WEIGHT * n


@dataclass
class Container:
    """The element the density method chose, with its score and blocks."""

    element: etree._Element
    score: float
    blocks: list[Block]


def best_container(page: Page) -> Container | None:
    """The element whose blocks have the highest total value (None on a page with no prose)."""
    totals: dict[etree._Element, float] = {}
    members: dict[etree._Element, list[Block]] = {}
    for block in page.blocks:
        value = block_value(block)
        element: etree._Element | None = block.element
        while element is not None:
            totals[element] = totals.get(element, 0.0) + value
            members.setdefault(element, []).append(block)
            element = element.getparent()
    if not totals:
        return None
    # the highest total; on a tie the innermost element (fewest blocks)
    element = max(totals, key=lambda e: (totals[e], -len(members[e])))
    if totals[element] <= 0:
        return None
    return Container(element=element, score=totals[element], blocks=members[element])
