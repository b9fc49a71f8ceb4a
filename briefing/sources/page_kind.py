"""Is this page an article? (pure) — list, search, channel, home and login pages are refused by
their structure, never by their address or wording.

An article page has a body of running text. A list page has none, or only a little beside many
short links of the same shape (headlines, one per item); a login page has a password field and
no body. Each verdict says why, in numbers the user can check against the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.sources.density import LINK_DENSITY_MAX, is_prose
from briefing.sources.dom import Block, Page
from briefing.sources.vote import Decision

MIN_BODY_CJK = 60  # an article has at least this many Chinese characters of body text
HEADLINE_LINK = (6, 48)  # a link this long (characters) is shaped like a headline
LIST_LINKS = 20  # this many headline-shaped links make a page a list ...
LIST_BODY_SHARE = 1.0  # ... unless its body text is longer than the headlines' text times this
LIST_BODY_CJK = 400  # ... or its body is this long anyway
ARTICLE_PARAGRAPHS = 2  # ... or it has this many paragraphs of prose (a short news item among many links)
ITEM_SHARE = 0.6  # a body whose blocks are mostly list items of one shape is a list of summaries
LIST_ITEMS = 4  # kept text under this many sibling items of one shape, each with a headline link: a list
ITEM_DEPTH = 4  # how far up from a block its item is looked for


@dataclass(frozen=True)
class Verdict:
    """Why a page is not an article (empty reason: it is one)."""

    reason: str = ""
    kind: str = ""  # "list", "login", "empty"


def judge_page(page: Page, decisions: list[Decision]) -> Verdict:
    """The page's verdict from its structure and the extractors' decisions."""
    kept = [d.block for d in decisions if d.keep]
    body_cjk = sum(b.cjk for b in kept)
    prose = [b for b in kept if is_prose(b)]
    headline_links = [b for b in page.blocks if not b.hidden and b.link_density > LINK_DENSITY_MAX
                      and HEADLINE_LINK[0] <= b.chars <= HEADLINE_LINK[1]]
    link_text = sum(b.chars for b in headline_links)
    if _login_form(page) and body_cjk < LIST_BODY_CJK:
        return Verdict(f"it is a login or sign-up form (a password field, {body_cjk} characters of text)", "login")
    if not prose or body_cjk < MIN_BODY_CJK:
        shape = (f"; {len(headline_links)} headline-like links" if headline_links else "")
        return Verdict(f"no article text: {body_cjk} Chinese characters of running text{shape}",
                       "list" if len(headline_links) >= LIST_LINKS else "empty")
    if (len(headline_links) >= LIST_LINKS and body_cjk < LIST_BODY_CJK and body_cjk < LIST_BODY_SHARE * link_text
            and (len(prose) < ARTICLE_PARAGRAPHS or body_cjk < 2 * MIN_BODY_CJK)):
        return Verdict(f"it is a list of links to other pages: {len(headline_links)} headline-like links "
                       f"({link_text} characters) against {body_cjk} characters of running text", "list")
    repeated = _repeated_items(kept, headline_links)
    if repeated >= LIST_ITEMS:
        return Verdict(f"its text is spread over {repeated} items of one shape, each under its own headline "
                       "link (a list of summaries or search results), not an article", "list")
    items = [b for b in kept if b.item]
    if len(kept) >= 6 and len(items) >= ITEM_SHARE * len(kept) and body_cjk < 2 * LIST_BODY_CJK \
            and len({_shape(b.element) for b in items}) == 1 and not any(b.chars > 200 for b in prose):
        return Verdict(f"its text is a list of {len(items)} short items of one shape (a list of summaries), "
                       "not an article", "list")
    return Verdict()


def _repeated_items(kept: list[Block], headline_links: list[Block]) -> int:
    """How many sibling items of one shape (same parent, tag and class) hold kept text together
    with a headline link of their own: a list of summaries or search results has many, an
    article none."""
    holders: set[object] = set()
    for link in headline_links:
        element = link.element
        for _ in range(ITEM_DEPTH + 1):
            if element is None:
                break
            holders.add(element)
            element = element.getparent()
    groups: dict[tuple[object, str], set[object]] = {}
    for block in kept:
        element = block.element
        for _ in range(ITEM_DEPTH):
            if element is None:
                break
            if element in holders and element is not block.element:
                parent = element.getparent()
                groups.setdefault((parent, f"{element.tag}.{element.get('class', '')}"), set()).add(element)
                break
            element = element.getparent()
    return max((len(items) for items in groups.values()), default=0)


def _login_form(page: Page) -> bool:
    return any((i.get("type") or "").lower() == "password" for i in page.tree.iter("input"))


def _shape(element: object) -> str:
    """An item's parent tag and class: items of one list share it."""
    parent = element.getparent() if hasattr(element, "getparent") else None
    return f"{getattr(parent, 'tag', '')}.{parent.get('class', '') if parent is not None else ''}"
