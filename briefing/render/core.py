"""The renderer core (pure): what the site pages and the print document both say about a briefing.

The two front-ends differ in markup (the site gives the Chinese in both scripts and links
every sentence; the print document gives one script in a table), not in what they say: a
paragraph's label and credit, where the English came from, the briefing's title, citation
labels and the fact-checks beside a paragraph are decided here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Callable, Mapping

from briefing.config import DEFAULT_TITLE
from briefing.curation.curated import Curated, FactCheck
from briefing.model import Article, Paragraph, Segment, Status, Translation
from briefing.curation.assembled import Briefing
from briefing.render.labels import credit_in_english, english_label, lang_attr
from briefing.urls import safe_href, web_address

ARTICLE_URL = "articles/{slug}/"  # as served with use_directory_urls (the MkDocs default)


def esc(text: str) -> str:
    """Text escaped for HTML content and attribute values."""
    return escape(text, quote=True)


def link_or_text(url: str, attrs: str = "", *, web_only: bool = False,
                 record: Callable[[str], object] | None = None) -> str:
    """`url` shown as a link to itself when it may be one (briefing.urls: http, https, mailto or
    relative; with `web_only`, a full http(s) address only, as a PDF needs: it resolves a relative
    link against the building machine's folder), else as plain text: a script link is never written.
    `record`: told the href written (a page's structure lists its links)."""
    href = web_address(url) if web_only else safe_href(url)
    if not href:
        return esc(url)
    if record is not None:
        record(href)
    return f'<a href="{esc(href)}"{attrs}>{esc(url)}</a>'


# ---------------------------------------------------------------- titles and citations

def briefing_titles(briefing: Briefing) -> tuple[str, str]:
    """(English, Chinese) title: the curated overview's, unless the project sets its own."""
    overview = briefing.curated.overview if briefing.curated is not None else None
    if overview is not None and briefing.title_en == DEFAULT_TITLE:
        return overview.title_en, overview.title_zh
    return briefing.title_en, briefing.title_zh


def text_paragraphs(text: str) -> list[str]:
    """An editor's text as paragraphs: one per line of the YAML text (a blank line in a folded
    block is a line break), inner whitespace collapsed, empty lines dropped."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def cite_label(segment_id: str) -> str:
    """'¶4.2' for p4-s2, 'title' for the title."""
    anchor = segment_id.split("/", 1)[1]
    m = re.fullmatch(r"p(\d+)-s(\d+)", anchor)
    return f"¶{m.group(1)}.{m.group(2)}" if m else anchor


# ---------------------------------------------------------------- provenance

def status_counts(article: Article, translations: Mapping[str, Translation]) -> dict[str, int]:
    """Segments of the article by where their English stands: a Status value, 'stale' or 'pending'."""
    counts: dict[str, int] = {}
    for seg in article.segments():
        tr = translations.get(seg.id)
        key = "pending" if tr is None else ("stale" if tr.stale else tr.status.value)
        counts[key] = counts.get(key, 0) + 1
    return counts


def provenance_summary(article: Article, translations: Mapping[str, Translation],
                       words: Mapping[Status, str], stale_words: str) -> str:
    """'57 segments: 55 by an editor; 2 pending', in the front-end's `words` (and their order)."""
    counts = status_counts(article, translations)
    parts = [f"{counts[s.value]} {words[s]}" for s in words if counts.get(s.value)]
    if counts.get("stale"):
        parts.append(f"{counts['stale']} {stale_words}")
    if counts.get("pending"):
        parts.append(f"{counts['pending']} pending")
    return f"{sum(counts.values())} segments: " + "; ".join(parts)


# ---------------------------------------------------------------- one paragraph row

@dataclass(frozen=True)
class RowMarkup:
    """How a front-end marks up the pieces of one aligned row."""

    zh_sentence: Callable[[Segment, str], str]  # (segment, script shown) → HTML
    en_sentence: Callable[[Segment, Translation | None], str]
    zh_text: Callable[[str, str], str]  # (Chinese text, article script) → HTML
    label_class: str
    credit_class: str


def row_cells(p: Paragraph, script: str, translations: Mapping[str, Translation],
              markup: RowMarkup) -> tuple[str, str]:
    """(original, English) HTML of a paragraph: its sentences, its list label in both
    languages, and its photo credit (beside the English only when the English lacks it)."""
    zh = "".join(markup.zh_sentence(s, script) for s in p.segments)
    en = " ".join(markup.en_sentence(s, translations.get(s.id)) for s in p.segments)
    if p.label:
        zh = f'<span class="{markup.label_class}">{markup.zh_text(p.label, script)}</span> {zh}'
        en = f'<span class="{markup.label_class}">{esc(english_label(p.label))}</span> {en}'
    if p.credit:
        zh += f' <span class="{markup.credit_class}">{markup.zh_text(p.credit, script)}</span>'
        if not credit_in_english(p, translations):
            en += f' <span class="{markup.credit_class}"{lang_attr(p.credit, script)}>{esc(p.credit)}</span>'
    return zh, en


# ---------------------------------------------------------------- the curated layer beside the text

FactChecks = Mapping[str, "tuple[FactCheck, ...]"]  # by segment id
SEVERITY_EN = {"error": "Factual error", "doubtful": "Doubtful", "context": "Context"}
SEVERITY_ZH = {"error": "事实错误", "doubtful": "存疑", "context": "背景"}  # Simplified; converted where shown


def factchecks_by_segment(curated: Curated | None) -> FactChecks:
    """Every fact-check flag by the segment id it concerns ({} without a curated layer)."""
    return curated.factchecks_by_segment() if curated is not None else {}


def paragraph_factchecks(p: Paragraph, by_segment: FactChecks) -> list[FactCheck]:
    """The flags on a paragraph's sentences, in reading order."""
    return [fc for s in p.segments for fc in by_segment.get(s.id, ())]
