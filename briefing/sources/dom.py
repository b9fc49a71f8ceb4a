"""A web page as a sequence of text blocks (pure): the unit every extractor votes on.

A block is a run of text between block-level boundaries: a `<p>`, a heading, a list item, a
table cell, a caption, or a line ended by `<br>`. Each block keeps what the extractors and the
metadata readers need to judge it from the page's structure alone: its text, how much of it is
link text, the element that holds it (and so its ancestors, for density per container), whether
it is a heading, caption or list item, and whether the page hides it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

import lxml.html
from lxml import etree

# Elements that end a line of text; what is inside them is one or more blocks of its own.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre section summary table tbody "
    "td tfoot th thead tr ul caption".split())
# Never text a reader sees.
SKIP_TAGS = frozenset(
    "script style noscript template iframe svg canvas button select option textarea input head object "
    "embed video audio map title meta link base".split())
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
CAPTION_TAGS = frozenset("figcaption caption".split())
ITEM_TAGS = frozenset("li dt dd".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.I)
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WRAP = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff，。、；：？！”」])[ \t]*\n\s*(?=[\u3400-\u9fff\uf900-\ufaff“「])")
# Chinese (and ASCII) punctuation inside running text: prose is dense in it, menus and link
# lists are not (GNE's symbol density; readability's comma count, for Chinese).
PROSE_PUNCT = frozenset("，。、；：？！“”「」『』（）,;?!")
# the marks that separate clauses and sentences (not brackets or quotes, which labels and dates have too)
CLAUSE_PUNCT = frozenset("，。、；：？！,;?!")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


@dataclass(eq=False)
class Block:
    """One block of text on the page, in document order."""

    index: int
    text: str  # whitespace collapsed (spaces kept only where they separate Latin words)
    element: etree._Element  # the block-level element the text belongs to
    tag: str  # that element's tag
    link_chars: int = 0  # characters of the text inside <a href>
    heading: bool = False
    caption: bool = False
    item: bool = False  # a list item (<li>, <dt>, <dd>)
    hidden: bool = False  # inside an element styled display:none or marked hidden
    bold: bool = False  # all of it inside <strong>/<b>: a subheading written as a paragraph
    links: list[str] = field(default_factory=list)  # the text of each link in it

    @property
    def chars(self) -> int:
        return len(squash(self.text))

    @property
    def link_density(self) -> float:
        return self.link_chars / max(self.chars, 1)

    @property
    def cjk(self) -> int:
        return len(_CJK.findall(self.text))

    @property
    def punct(self) -> int:
        return sum(1 for c in self.text if c in PROSE_PUNCT)

    @property
    def clauses(self) -> int:
        """Clause and sentence marks in the text."""
        return sum(1 for c in self.text if c in CLAUSE_PUNCT)


@dataclass
class Page:
    """The parsed page: its tree, its blocks in order, and its <head> metadata."""

    tree: etree._Element
    blocks: list[Block]
    meta: dict[str, str] = field(default_factory=dict)  # <meta name|property|itemprop> → content (first)
    title: str = ""  # the <title>
    canonical: str = ""
    json_ld: list[dict[str, object]] = field(default_factory=list)
    text_chars: int = 0  # all visible text
    link_chars: int = 0  # of which inside links

    def blocks_under(self, element: etree._Element) -> list[Block]:
        """The blocks inside `element` (itself included)."""
        inside = set(element.iter())
        return [b for b in self.blocks if b.element in inside]


def squash(text: str) -> str:
    """The text without any whitespace."""
    return "".join(text.split())


def clean_space(text: str) -> str:
    """Whitespace collapsed to single spaces (a browser shows a space where the source has one)."""
    return _SPACE.sub(" ", text).strip()


def parse_page(html: str) -> Page:
    """The page's tree, blocks and head metadata; an unparsable page gives a page with no blocks."""
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        tree = lxml.html.document_fromstring(html) if html.strip() else None
    except (etree.ParserError, ValueError):
        tree = None
    if tree is None:
        return Page(tree=lxml.html.fromstring("<html><body></body></html>"), blocks=[])
    page = Page(tree=tree, blocks=[])
    _read_head(tree, page)
    page.blocks = list(_blocks(tree))
    page.text_chars = sum(b.chars for b in page.blocks if not b.hidden)
    page.link_chars = sum(b.link_chars for b in page.blocks if not b.hidden)
    return page


def _read_head(tree: etree._Element, page: Page) -> None:
    import json
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in page.meta:
            page.meta[key] = content
    for element in tree.iter("title"):
        if element.text_content().strip():
            page.title = clean_space(element.text_content())
            break
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            page.canonical = link.get("href", "").strip()
            break
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict):
                graph = item.get("@graph")
                page.json_ld.extend(g for g in (graph if isinstance(graph, list) else [item]) if isinstance(g, dict))


def _is_hidden(element: etree._Element) -> bool:
    return (element.get("hidden") is not None or element.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(element.get("style") or "")))


def _blocks(tree: etree._Element) -> Iterator[Block]:
    """The page's blocks in document order (an explicit stack: pages nest deeply)."""
    body = tree.find("body")
    root = body if body is not None else tree
    out: list[Block] = []
    parts: list[str] = []
    state = {"links": 0, "bold": 0, "plain": 0}
    links: list[str] = []

    def flush(owner: etree._Element, hidden: bool) -> None:
        text = clean_space("".join(parts))
        if text:
            tag = owner.tag if isinstance(owner.tag, str) else "div"
            heading = tag in HEADING_TAGS or any(a.tag in HEADING_TAGS for a in owner.iterancestors())
            out.append(Block(index=len(out), text=text, element=owner, tag=tag,
                             link_chars=min(state["links"], len(squash(text))), heading=heading,
                             caption=tag in CAPTION_TAGS or any(a.tag in CAPTION_TAGS for a in owner.iterancestors()),
                             item=tag in ITEM_TAGS, hidden=hidden,
                             bold=state["bold"] > 0 and state["plain"] == 0,
                             links=[t for t in (clean_space(x) for x in links) if t]))
        parts.clear()
        links.clear()
        state.update(links=0, bold=0, plain=0)

    # stack entries: (element, owner block element, hidden, in_link, in_bold, phase) — phase 0 enters, 1 leaves
    stack: list[tuple[etree._Element, etree._Element, bool, bool, bool, int]] = [(root, root, _is_hidden(root), False, False, 0)]
    while stack:
        element, owner, hidden, in_link, in_bold, phase = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        is_block = tag.lower() in BLOCK_TAGS
        if phase == 1:  # leaving: the element's own text is done; then its tail belongs to its parent
            if is_block:
                flush(element, hidden)
            if element.tail:
                _add(parts, state, element.tail, in_link=in_link, in_bold=in_bold)
            continue
        if not tag or tag.lower() in SKIP_TAGS:  # comments, processing instructions, scripts
            if element.tail and element is not root:
                _add(parts, state, element.tail, in_link=in_link, in_bold=in_bold)
            continue
        tag = tag.lower()
        if is_block:
            flush(owner, hidden)
            owner = element
        hidden = hidden or _is_hidden(element)
        if tag == "br":
            flush(owner, hidden)
        link = in_link or (tag == "a" and element.get("href") is not None)
        if link and not in_link:
            links.append(element.text_content())
        bold = in_bold or tag in ("strong", "b")
        if element.text:
            _add(parts, state, element.text, in_link=link, in_bold=bold)
        stack.append((element, owner, hidden, in_link, in_bold, 1))
        for child in reversed(element):
            stack.append((child, owner, hidden, link, bold, 0))
    flush(root, False)
    yield from out


def _add(parts: list[str], state: dict[str, int], text: str, in_link: bool, in_bold: bool) -> None:
    # a line break inside one text node between two Chinese characters is the source's wrapping;
    # between two elements it is the space a browser shows
    parts.append(_WRAP.sub("", text))
    n = len(squash(text))
    if in_link:
        state["links"] += n
    if in_bold:
        state["bold"] += n
    elif n:
        state["plain"] += n
