"""Is this page an article? (pure) — list, search, channel, home and login pages are refused by
their structure, never by their address or wording.

An article page has a body of running text. A list page has none, or only a little beside many
short links of the same shape (headlines, one per item); a login page has a password field and
no body — a password field counts only where it shares a small container with the page's text:
a sign-in box in the header's toolbar or by the comments sits far from the article, the form of a
login page sits right beside the little text the page has. A list of teasers (items of one shape,
each under its own headline link) kept after a short article under its own headline and dateline
is cut from the text (`teasers_after_text`), not taken as a reason to refuse the article. Each verdict says why, in numbers the user can check against the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from briefing.sources.density import LINK_DENSITY_MAX, is_prose
from briefing.sources.dom import Block, Page, squash
from briefing.sources.metadata import find_date, title_parts
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
LOGIN_TEXT_SLACK = 200  # characters a login form's container may hold beyond the page's kept text
LOGIN_DEPTH = 1  # levels above a password field's form (or its box) where a login page's text still belongs to it
HEADER_BLOCKS = 16  # an article's header (headline, dateline, share tools) sits this close above its text
HEADLINE_MIN = 8  # characters: a headline is longer than a channel's or section's name
DATELINE_MAX = 80  # characters: a dateline is short


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
    headline_links = _headline_links(page)
    link_text = sum(b.chars for b in headline_links)
    if body_cjk < LIST_BODY_CJK and _login_form(page, kept):
        return Verdict(f"it is a login or sign-up form (a password field, {body_cjk} characters of text)", "login")
    if not prose or body_cjk < MIN_BODY_CJK:
        shape = (f"; {len(headline_links)} headline-like links" if headline_links else "")
        return Verdict(f"no article text: {body_cjk} Chinese characters of running text{shape}",
                       "list" if len(headline_links) >= LIST_LINKS else "empty")
    if (len(headline_links) >= LIST_LINKS and body_cjk < LIST_BODY_CJK and body_cjk < LIST_BODY_SHARE * link_text
            and (len(prose) < ARTICLE_PARAGRAPHS or body_cjk < 2 * MIN_BODY_CJK)
            and not _article_header(page, kept)):
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


def _article_header(page: Page, kept: list[Block]) -> bool:
    """A short news item under its own header: just above the kept text, a headline-length heading
    that is the page's <title> (or its first part), with a dateline close under it (above the text or
    after a standfirst). A list page's heading is the channel's name, and its items carry no header
    of their own above the first kept text."""
    if not kept:
        return False
    title = squash(page.title)
    parts = [squash(p) for p in title_parts(page.title)] + [squash(page.meta.get("og:title", ""))]
    start = next((b for b in kept if is_prose(b) and not b.heading), kept[0])  # the headline itself may be kept
    above = [b for b in page.blocks[:start.index] if not b.hidden][-HEADER_BLOCKS:]
    for block in above:
        text = squash(block.text)
        if not block.heading or block.link_density > LINK_DENSITY_MAX or len(text) < HEADLINE_MIN:
            continue
        if text not in parts and not title.startswith(text):  # "标题-频道-某某网": the headline comes first
            continue
        below = [b for b in page.blocks[block.index + 1:] if not b.hidden][:HEADER_BLOCKS]
        if any(b.chars <= DATELINE_MAX and find_date(b.text) for b in below):
            return True
    return False


def _repeated_items(kept: list[Block], headline_links: list[Block]) -> int:
    """How many sibling items of one shape (same parent, tag and class) hold kept text together
    with a headline link of their own: a list of summaries or search results has many, an
    article none."""
    return max((len(items) for items, _ in _item_groups(kept, headline_links).values()), default=0)


def teasers_after_text(page: Page, decisions: list[Decision]) -> int | None:
    """The first block of a list of teasers kept after a short article — sibling items of one shape,
    each under its own headline link (a summary, a date: "recommended for you") — when the text kept
    before it is an article of its own: running text under the page's headline and a dateline.
    None when there is no such list, or nothing before it makes an article (a list of summaries
    from the top is a list page, refused as one)."""
    kept = [d.block for d in decisions if d.keep]
    groups = _item_groups(kept, _headline_links(page))
    starts = sorted(min(b.index for b in blocks) for items, blocks in groups.values() if len(items) >= LIST_ITEMS)
    for first in starts:
        before = [b for b in kept if b.index < first]
        if sum(b.cjk for b in before) >= MIN_BODY_CJK and any(is_prose(b) for b in before) \
                and _article_header(page, before):
            return first
    return None


def _headline_links(page: Page) -> list[Block]:
    return [b for b in page.blocks if not b.hidden and b.link_density > LINK_DENSITY_MAX
            and HEADLINE_LINK[0] <= b.chars <= HEADLINE_LINK[1]]


def _item_groups(kept: list[Block], headline_links: list[Block]) -> dict[tuple[object, str], tuple[set[object], list[Block]]]:
    """Sibling items of one shape (parent, tag.class) holding kept text and a headline link of
    their own: the items, and the kept blocks in them."""
    holders: set[object] = set()
    for link in headline_links:
        element = link.element
        for _ in range(ITEM_DEPTH + 1):
            if element is None:
                break
            holders.add(element)
            element = element.getparent()
    groups: dict[tuple[object, str], tuple[set[object], list[Block]]] = {}
    for block in kept:
        element = block.element
        for _ in range(ITEM_DEPTH):
            if element is None:
                break
            if element in holders and element is not block.element:
                parent = element.getparent()
                items, blocks = groups.setdefault((parent, f"{element.tag}.{element.get('class', '')}"), (set(), []))
                items.add(element)
                blocks.append(block)
                break
            element = element.getparent()
    return groups


def _login_form(page: Page, kept: list[Block]) -> bool:
    """A password field in the same container as the page's text: the smallest element holding both
    is the field's form (or, with no form, the field's own box) or at most LOGIN_DEPTH levels above
    it, and holds little more than that text (a login page's form and its note). A site-wide
    sign-in box (in the header's toolbar, beside the comment box) shares only an outer wrapper with
    an article, one that holds the page's chrome too."""
    fields = [i for i in page.tree.iter("input") if (i.get("type") or "").lower() == "password"]
    if not fields:
        return False
    if not kept:
        return True
    kept_chars = sum(b.chars for b in kept)
    for field in fields:
        base = next((a for a in field.iterancestors() if a.tag == "form"), field.getparent())
        near = [base] + list(base.iterancestors())[:LOGIN_DEPTH] if base is not None else []
        holder = next((a for a in [kept[0].element, *kept[0].element.iterancestors()] if a in near), None)
        if holder is None:
            continue
        inside = sum(b.chars for b in page.blocks_under(holder) if not b.hidden)
        if inside <= kept_chars + LOGIN_TEXT_SLACK:
            return True
    return False


def _shape(element: etree._Element) -> str:
    """An item's parent tag and class: items of one list share it."""
    parent = element.getparent()
    return f"{parent.tag}.{parent.get('class', '')}" if parent is not None else "."
