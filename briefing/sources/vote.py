"""Deciding block by block which text is the article (pure), by agreement between extractors.

Three candidates vote on every block: our density method (`density.py`), trafilatura and
readability-lxml (`candidates.py`). The decision, in order:

1. Structure overrules votes: a block mostly of link text, or hidden by the page, is furniture.
2. A block at least two candidates keep is kept; one no candidate keeps is dropped.
3. A block only one candidate keeps is kept when it is prose lying between kept blocks (the
   others cut the article short), else dropped.
4. The article is one stretch of the page: the run of blocks with the most kept text against
   dropped text between (a maximum-sum run), so a disclaimer or a comment far below the article
   that two extractors happened to keep is left out.
5. The stretch's edges: it starts at its first heading or prose block and ends at its last prose
   block (or a caption or list item right after it); short lines beyond are dropped.

Every block's decision keeps its reason, for the extraction record and the cleaning report.
"""

from __future__ import annotations

from dataclasses import dataclass

import re

from lxml import etree

from briefing.sources.body import strong_rule
from briefing.sources.candidates import Candidate
from briefing.sources.density import LINK_DENSITY_MAX, is_prose
from briefing.sources.dom import Block

MAJORITY = 2
GAP_WEIGHT = 1.0  # dropped text between two stretches of kept text costs this much per character
ABSTAIN_SHARE = 0.1  # an extractor keeping less prose than this share of another's found no article
# class/id words of page widgets (readability's negative and unlikely-candidate names): a short
# line inside such an element is furniture, wherever the element stands
WIDGET_NAMES = re.compile(
    r"share|comment|related|recommend|footer|sidebar|toolbar|btn|button|login|banner|promo|sponsor|"
    r"social|widget|pager|pagination|breadcrumb|crumb|subscribe|qrcode|qr_code|follow|reward|copyright|"
    r"tags?(?:$|[-_\s])|menu|nav(?:$|[-_\s])", re.I)


@dataclass
class Decision:
    """One block's fate and why."""

    block: Block
    keep: bool
    reason: str
    votes: tuple[str, ...] = ()
    unsure: bool = False  # kept or dropped against some extractor's vote on running text


def decide(blocks: list[Block], candidates: list[Candidate]) -> list[Decision]:
    """One decision per block, in document order."""
    voters = _voters(blocks, candidates)
    decisions = []
    for block in blocks:
        votes = tuple(c.name for c in voters if block.index in c.kept)
        decisions.append(_first_pass(block, votes, len(voters)))
    _between_kept(decisions)
    _one_stretch(decisions)
    _trim_edges(decisions)
    return decisions


def _voters(blocks: list[Block], candidates: list[Candidate]) -> list[Candidate]:
    """The candidates that found an article: one that keeps next to no prose where another keeps
    much (trafilatura on a page whose body its scripts reveal) abstains."""
    prose = {b.index: b.chars for b in blocks if is_prose(b)}
    amounts = {c.name: sum(prose.get(i, 0) for i in c.kept) for c in candidates if c.ok}
    most = max(amounts.values(), default=0)
    return [c for c in candidates if c.ok and amounts[c.name] > 0 and amounts[c.name] >= ABSTAIN_SHARE * most]


def _widget(block: Block) -> str:
    """The class or id of a widget holding the block ("share-box"), or ""."""
    element: etree._Element | None = block.element
    for _ in range(6):  # the block's element and its near ancestors
        if element is None:
            break
        for name in ((element.get("class") or ""), (element.get("id") or "")):
            if name and WIDGET_NAMES.search(name):
                return name.strip()
        element = element.getparent()
    return ""


def _first_pass(block: Block, votes: tuple[str, ...], voters: int) -> Decision:
    named = "+".join(votes) if votes else "no extractor"
    if block.hidden:
        return Decision(block, False, "hidden on the page", votes)
    if block.link_density > LINK_DENSITY_MAX and block.chars >= 2:
        return Decision(block, False, f"link text ({block.link_density:.0%} of it in links)", votes,
                        unsure=len(votes) >= MAJORITY and is_prose(block))
    if not is_prose(block) and (widget := _widget(block)):
        return Decision(block, False, f"short line in a page widget (class/id '{widget[:40]}')", votes)
    needed = min(MAJORITY, voters)
    if len(votes) >= needed and votes:
        return Decision(block, True, f"kept by {named}", votes)
    return Decision(block, False, f"kept by {named} only" if votes else "kept by no extractor", votes)


def _between_kept(decisions: list[Decision]) -> None:
    """Prose one extractor keeps, lying between kept blocks, is article text the others cut."""
    kept_at = [i for i, d in enumerate(decisions) if d.keep]
    if not kept_at:
        return
    first, last = kept_at[0], kept_at[-1]
    for i in range(first + 1, last):
        d = decisions[i]
        if not d.keep and d.votes and is_prose(d.block) and not d.block.hidden \
                and d.block.link_density <= LINK_DENSITY_MAX:
            d.keep, d.unsure = True, True
            d.reason = f"prose between kept blocks (kept by {'+'.join(d.votes)} only)"


def _one_stretch(decisions: list[Decision]) -> None:
    """Keep only the stretch of the page with the most kept text against dropped text."""
    best, best_span, run, start = 0.0, (0, -1), 0.0, 0
    for i, d in enumerate(decisions):
        value = d.block.chars if d.keep else -GAP_WEIGHT * d.block.chars * (0 if d.block.hidden else 1)
        if run <= 0:
            run, start = 0.0, i
        run += value
        if run > best:
            best, best_span = run, (start, i)
    lo, hi = best_span
    for i, d in enumerate(decisions):
        if d.keep and not lo <= i <= hi:
            d.keep, d.unsure = False, is_prose(d.block)
            d.reason = f"outside the article's stretch of the page (was {d.reason})"


def _trim_edges(decisions: list[Decision]) -> None:
    """The article starts at a heading or prose and ends at prose (a caption or item may follow)."""
    kept = [i for i, d in enumerate(decisions) if d.keep]
    if not kept:
        return
    prose = [i for i in kept if is_prose(decisions[i].block) and not strong_rule(decisions[i].block.text)]
    if not prose:
        return
    first_prose, last_prose = prose[0], prose[-1]
    for i in kept:
        d = decisions[i]
        if i < first_prose and not d.block.heading:
            d.keep, d.reason = False, f"short line above the article text (was {d.reason})"
        elif i > last_prose and not _closing(decisions, last_prose, i):
            rule = strong_rule(d.block.text)
            d.keep = False
            d.reason = (f"{rule} below the article text" if rule else "short line below the article text") \
                + f" (was {d.reason})"


def _closing(decisions: list[Decision], last_prose: int, i: int) -> bool:
    """A caption, list item or bold line right under the last paragraph belongs to the article
    when every kept block between them does too."""
    d = decisions[i]
    if not (d.block.caption or d.block.item):
        return False
    return all(decisions[j].keep and (decisions[j].block.caption or decisions[j].block.item)
               for j in range(last_prose + 1, i) if decisions[j].keep)
