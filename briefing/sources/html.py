"""An article out of a saved or downloaded web page (pure), from the page's structure.

    page text (decoded by decode.py) ─dom─▶ blocks ─┬─ density (ours) ─┐
                                                     ├─ trafilatura ────┼─vote─▶ kept blocks ─▶ seed text
                                                     └─ readability ────┘            └─page_meta─▶ headline, byline, date
                                                                          page_kind ─▶ refuse what is no article

The seed text keeps the page's paragraph structure (one block per paragraph, a blank line
between), the headline first, the byline and dateline lines as printed above the first
paragraph and closing bylines after the last one, so the text cleaner (clean.py) recognises
them; the values found here go into the prefilled .yml, which wins over what the cleaner finds.
Every block's decision, with its reason, is kept for the extraction record. A large page is read
by the density extractor alone, and one far larger than any article page is refused unread
(`LARGE_PAGE_ELEMENTS`, `MAX_PAGE_ELEMENTS`): the time `add` takes stays bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from briefing.errors import InputError
from briefing.sources.candidates import Candidate, readability_candidate, trafilatura_candidate
from briefing.sources.density import best_container, is_prose
from briefing.sources.metadata import find_date
from briefing.sources.dom import Block, Page, parse_page, squash
from briefing.sources.page_kind import MIN_BODY_CJK, Verdict, judge_page, teasers_after_text
from briefing.sources.page_meta import PageMeta, closing_credit, read_page_meta, wechat_fields
from briefing.sources.vote import Decision, decide

MIN_ARTICLE_CJK = MIN_BODY_CJK  # fewer Chinese characters than this is no article, even with --force
# Size bounds (elements, counted as opening tags before parsing). Our own reading is linear in the
# page; the second opinions are not (trafilatura and readability each take seconds per 10,000
# elements, and more than that beyond), so a large page is read by the density extractor alone,
# and a page far larger than any article page is refused before it is parsed.
LARGE_PAGE_ELEMENTS = 15_000
MAX_PAGE_ELEMENTS = 200_000
_OPENING_TAG = re.compile(r"<[A-Za-z]")
THIN_BODY_CJK = 200  # a body this short is reported as unsure: check it against the page
NEXT_DATELINE_MAX = 60  # characters: a dateline under a second headline
CREDITS_AT_END = 0.5  # closing credits stand after most of the kept text


@dataclass
class Extracted:
    """What a web page yielded: the article text (headline first) and what was found, with how."""

    text: str
    title: str = ""
    author: str = ""
    published: str = ""  # ISO date
    published_time: str = ""  # HH:MM
    outlet: str = ""
    url: str = ""
    canonical: str = ""
    how: dict[str, str] = field(default_factory=dict)  # field -> how it was found
    encoding: str = ""
    decisions: list[Decision] = field(default_factory=list)
    verdict: Verdict = field(default_factory=Verdict)  # a refused page added with --force keeps why
    notes: list[str] = field(default_factory=list)  # what the editor should check

    @property
    def body(self) -> str:
        """The kept text without the headline (for finding the same article twice)."""
        return "".join(squash(d.block.text) for d in self.decisions if d.keep)


_EXTRACTED_FIELDS = frozenset(f.name for f in fields(Extracted))  # what page metadata may fill in


def is_wechat(page: str, url: str = "") -> bool:
    return "mp.weixin.qq.com" in url or 'id="js_content"' in page or "rich_media_content" in page


def extract_article(page_html: str, url: str = "", source: str = "the page", force: bool = False) -> Extracted:
    """The article in an HTML page; InputError when it holds none (with `force`, a page that is
    not shaped like an article is taken anyway, as long as it has text)."""
    elements = len(_OPENING_TAG.findall(page_html))
    if elements > MAX_PAGE_ELEMENTS:
        raise InputError(f"{source} is too large to be one article page: {elements:,} elements "
                         f"(at most {MAX_PAGE_ELEMENTS:,} are read)",
                         hint="save the article alone (the site's print view, or the browser's reader view), "
                              "or save its text as a .txt file, and add that")
    page = parse_page(page_html)
    density = best_container(page)
    candidates = [Candidate("density", kept={b.index for b in density.blocks} if density else set(),
                            ok=density is not None)]
    large = elements > LARGE_PAGE_ELEMENTS
    if (density is not None or force) and not large:  # a page with no prose at all needs no second opinion
        candidates += [trafilatura_candidate(page_html, url, page), readability_candidate(page)]
    decisions = decide(page.blocks, candidates)
    _cut_after_closing_credits(decisions)
    _cut_teasers(decisions, teasers_after_text(page, decisions))
    verdict = judge_page(page, decisions)
    if verdict.reason and not force:
        raise InputError(f"{source} does not look like an article: {verdict.reason}",
                         hint="open the article itself and add its address or saved page; "
                              "if this page is what you want, add it with --force")
    if verdict.reason:
        _take_all_text(decisions)
    wechat = wechat_fields(page_html) if is_wechat(page_html, url) else {}
    fallback = next((c.metadata for c in candidates if c.name == "trafilatura"), {})
    meta = read_page_meta(page, decisions, url, fallback, wechat)
    _cut_at_next_article(decisions, meta.headline_block)
    out = _extracted(page, decisions, meta, url)
    out.verdict = verdict
    body_cjk = sum(d.block.cjk for d in decisions if d.keep)
    if body_cjk < MIN_ARTICLE_CJK:
        raise InputError(f"no article text found in {source} ({body_cjk} Chinese characters)",
                         hint="open the article itself, or save its text as a .txt file and add that")
    if body_cjk < THIN_BODY_CJK:
        out.notes.append(f"the article text is short ({body_cjk} Chinese characters): check it against the page")
    unsure = [d for d in decisions if d.unsure]
    if unsure:
        out.notes.append(f"{len(unsure)} block(s) decided against some extractor's vote: see the extraction record")
    if verdict.reason:
        out.notes.append(f"added with --force although {verdict.reason}")
    if large:
        out.notes.append(f"the page is large ({elements:,} elements): read by the density extractor alone "
                         "(trafilatura and readability skipped)")
    return out


def _cut_at_next_article(decisions: list[Decision], headline: int | None) -> None:
    """A page that appends the next article below this one ("scroll for the next article"): a
    second headline (<h1>) with a dateline under it ends this article."""
    kept = [d for d in decisions if d.keep]
    for d in kept[1:]:
        if d.block.tag != "h1" or d.block.index == headline:
            continue
        after = [x.block for x in decisions[d.block.index + 1: d.block.index + 4]]
        if any(b.chars <= NEXT_DATELINE_MAX and find_date(b.text) for b in after):
            for later in decisions[d.block.index:]:
                if later.keep:
                    later.keep = False
                    later.reason = f"after another article's headline and dateline (block {d.block.index})"
            return


def _cut_after_closing_credits(decisions: list[Decision]) -> None:
    """The article ends with its closing credits (采写/作者/责任编辑 lines after the text): what is
    kept after them, other than more credits, is something else the container holds (another
    story's teaser, a quoted box, a reader's comment), not this article."""
    kept = [d for d in decisions if d.keep]
    total = sum(d.block.chars for d in kept)
    seen = 0
    for n, d in enumerate(kept):
        if seen >= CREDITS_AT_END * total and not is_prose(d.block) and closing_credit(d.block.text):
            credits = d.block.index
            for later in kept[n + 1:]:
                if is_prose(later.block) or not closing_credit(later.block.text):
                    later.keep = False
                    later.reason = f"after the article's closing credits (block {credits}; was {later.reason})"
            return
        seen += d.block.chars


def _cut_teasers(decisions: list[Decision], first: int | None) -> None:
    """A list of teasers after a short article (page_kind.teasers_after_text) is no part of it: its
    items, what is kept after them, and the list's heading between the text and the first item."""
    if first is None:
        return
    last_prose = max((d.block.index for d in decisions[:first] if d.keep and is_prose(d.block)), default=first)
    for d in decisions[last_prose + 1:]:
        if d.keep and (d.block.index >= first or not is_prose(d.block)):
            d.keep = False
            d.reason = f"a list of teasers after the article (from block {first}; was {d.reason})"


def _take_all_text(decisions: list[Decision]) -> None:
    """--force on a page that is no article: keep its visible text that is not link text."""
    if any(d.keep and is_prose(d.block) for d in decisions):
        return
    for d in decisions:
        if not d.block.hidden and d.block.link_density <= 0.5 and d.block.chars >= 2:
            d.keep, d.reason = True, "kept because of --force (the page is no article)"


def _extracted(page: Page, decisions: list[Decision], meta: PageMeta, url: str) -> Extracted:
    """The seed text: headline, the bylines above the text as printed, the kept blocks, the
    closing bylines as printed."""
    out = Extracted(text="", url=url, canonical=_canonical(page, url), decisions=decisions)
    for name, (value, how) in meta.found.items():
        if name in _EXTRACTED_FIELDS:
            setattr(out, name, value)
            out.how[name] = how
    kept = [d for d in decisions if d.keep and d.block.index != meta.headline_block]
    first = kept[0].block.index if kept else 0
    last = kept[-1].block.index if kept else 0
    lines = [out.title] if out.title else []
    for index, rule in sorted(meta.used.items()):
        if rule in ("headline",) or index < 0:
            continue
        if index < first:
            lines.append(_without_links(page.blocks[index], out.author))
            decisions[index].reason = f"{rule}, kept above the text for the cleaner (was {decisions[index].reason})"
    title_key = squash(out.title)
    if meta.headline_block is not None and decisions[meta.headline_block].keep:
        decisions[meta.headline_block].keep = False
        decisions[meta.headline_block].reason = "the headline (printed first)"
    for d in kept:
        if d.block.index == first and squash(d.block.text) == title_key:
            d.keep, d.reason = False, "the headline (printed first)"
            continue
        lines.append(d.block.text)
    for index, rule in sorted(meta.used.items()):
        if index > last and not decisions[index].keep:
            lines.append(_without_links(page.blocks[index], out.author))
            decisions[index].reason = f"{rule}, kept below the text for the cleaner (was {decisions[index].reason})"
    out.text = "\n\n".join(lines) + "\n"
    return out


def _without_links(block: Block, keep: str = "") -> str:
    """A byline as printed, without the buttons and links run into it ("参与评论", "字号：大 中 小");
    a link that is the author's name (`keep`) stays."""
    text = block.text
    for link in block.links:
        if link and len(squash(link)) < block.chars and squash(link) not in squash(keep):
            text = text.replace(link, " ")
    return " ".join(text.split()) or block.text


def _canonical(page: Page, url: str) -> str:
    for value in (page.canonical, page.meta.get("og:url", ""), url):
        if value.startswith(("http://", "https://")):
            return value
    return ""


def extraction_record(extracted: Extracted, source: str) -> str:
    """The extraction record (Markdown): how the page was read, every kept block with why, and
    the dropped blocks any extractor wanted or that read as running text."""
    kept = [d for d in extracted.decisions if d.keep]
    dropped = [d for d in extracted.decisions if not d.keep and (d.votes or is_prose(d.block) or "cleaner" in d.reason)]
    rest = len(extracted.decisions) - len(kept) - len(dropped)
    lines = [f"# Extraction record: {source}", "",
             f"{len(extracted.decisions)} blocks on the page; {len(kept)} kept as the article text. "
             "Candidates: density (ours), trafilatura, readability; a block is kept when two agree, "
             "or when one keeps it and it is running text between kept blocks.", ""]
    if extracted.notes:
        lines += ["**Check:**", ""] + [f"- {n}" for n in extracted.notes] + [""]
    lines += ["## Found", "", "| field | value | how |", "|---|---|---|"]
    for name, how in extracted.how.items():
        lines.append(f"| {name} | {_cell(str(getattr(extracted, name)))} | {_cell(how)} |")
    lines += ["", "## Kept blocks", "", "| block | text | why |", "|---|---|---|"]
    lines += [f"| {d.block.index} | {_cell(d.block.text[:60])} | {'⚠ ' if d.unsure else ''}{_cell(d.reason)} |"
              for d in kept]
    lines += ["", "## Dropped blocks some extractor kept, or that read as running text", "",
              "| block | text | why |", "|---|---|---|"]
    lines += [f"| {d.block.index} | {_cell(d.block.text[:60])} | {'⚠ ' if d.unsure else ''}{_cell(d.reason)} |"
              for d in dropped]
    lines += ["", f"{rest} other blocks (menus, link lists, widgets) were kept by no extractor.", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
