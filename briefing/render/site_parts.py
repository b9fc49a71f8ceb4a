"""HTML pieces of the site (pure), shared by the article and home pages (pages.py) and the curated
pages (curated_pages.py): front matter, the two-script Chinese, sentences with their provenance,
reader controls and the article card.

The original text is given in both scripts, one <span> each (classes `zh-hans` / `zh-hant`);
the site's CSS shows one of them, chosen by the article's own script or the reader's 简/繁
choice, so the switch works on a static host and the search index holds both scripts.
"""

from __future__ import annotations

import re
from typing import Callable, Mapping

from briefing.model import Article, Segment, Status, Translation
from briefing.curation.assembled import Briefing
from briefing.render.core import ARTICLE_URL, RowMarkup, esc, provenance_summary
from briefing.render.labels import english_title, format_date, lang_attr
from briefing.render.structure import Outline, Part

HANS, HANT = "zh-hans", "zh-hant"
FEED_PATH = "feed.xml"  # the Atom feed, at the site's root (publish/feed.py writes it)
SCRIPT_NAME = {"hans": 'Simplified <span lang="zh-Hans">简体</span>',
               "hant": 'Traditional <span lang="zh-Hant">繁體</span>'}  # HTML
PENDING_TEXT = "[translation pending]"
STALE_TEXT = "[stale]"
STATUS_WORDS = {Status.EDITOR: "by an editor", Status.EDITED: "machine, edited by an editor",
                Status.REVIEWED: "machine, reviewed by an editor", Status.MACHINE: "machine, unreviewed"}


def zh_pair(hans: str, hant: str, out: Outline, anchor: str, part: Part = Part.TEXT,
            tag: str = "span", level: int = 0) -> str:
    """The same text in both scripts; CSS shows the chosen one. Recorded under `anchor`
    (shown at heading `level`, 0 for running text)."""
    out.zh(anchor, part, hans, hant, level)
    return (f'<{tag} lang="zh-Hans" class="{HANS}">{esc(hans)}</{tag}>'
            f'<{tag} lang="zh-Hant" class="{HANT}">{esc(hant)}</{tag}>')


def zh_text(text: str, script: str, out: Outline, anchor: str, part: Part = Part.TEXT) -> str:
    """Chinese written in `script`, in both scripts."""
    return zh_pair(*out.conversion.both(text, script), out, anchor, part)  # type: ignore[arg-type]


def original_sentence(seg: Segment, out: Outline, level: int = 0) -> str:
    """One source sentence: id = its anchor, both scripts, and a permalink control (`level`:
    the heading level it is shown at, 0 for running text)."""
    a = seg.anchor
    part = Part.TITLE if a == "title" else Part.SENTENCE
    return (f'<span class="bf-s"{out.ident(a)} data-bf-pair="en-{esc(a)}">{zh_pair(seg.hans, seg.hant, out, a, part, level=level)}'
            f'<a class="bf-pl" href="{out.href("#" + a)}" aria-label="Copy link to {esc(_label(a))}"></a></span>')


def english_sentence(seg: Segment, tr: Translation | None, out: Outline, level: int = 0) -> str:
    """The English counterpart: id = en-{anchor}; pending and stale are visibly marked."""
    a = seg.anchor
    own = "en-" + a
    attrs = f'{out.ident(own)[1:]} data-bf-pair="{esc(a)}"'
    if tr is None:
        out.en(own, Part.FURNITURE, PENDING_TEXT)
        return (f'<span class="bf-s bf-pending" {attrs} data-bf-status="pending">'
                f'<span class="bf-mark">{PENDING_TEXT}</span></span>')
    part = Part.TITLE if a == "title" else Part.SENTENCE
    if tr.stale:
        out.en(own, Part.FURNITURE, STALE_TEXT)
        out.en(own, Part.SENTENCE, tr.en, level)  # searched, but never the page's current title
        return (f'<span class="bf-s bf-stale" {attrs} data-bf-status="stale">'
                f'<span class="bf-mark" title="The Chinese changed after this was translated">'
                f'{STALE_TEXT}</span> {esc(tr.en)}</span>')
    out.en(own, part, tr.en, level)
    mt = " bf-mt" if tr.status is Status.MACHINE else ""
    prov = esc(segment_provenance(tr))
    qa = ""
    if tr.flags:
        codes = ", ".join(tr.flags)
        out.en(own, Part.QA, codes)
        qa = (f'<span class="bf-qa" role="note" title="Check: {esc(codes)}" '
              f'aria-label="Quality check flags: {esc(codes)}">⚑</span>')
    return (f'<span class="bf-s{mt}" {attrs} data-bf-status="{tr.status.value}" '
            f'data-bf-prov="{prov}" title="{prov}">{esc(tr.en)}{qa}</span>')


def row_markup(out: Outline, row: str, level: int = 0) -> RowMarkup:
    """How the site marks up a paragraph row's pieces, recorded into `out`; labels and credits
    belong to the row (`row`: its id); `level`: the row's heading level (0: running text)."""
    return RowMarkup(zh_sentence=lambda seg, script: original_sentence(seg, out, level),
                     en_sentence=lambda seg, tr: english_sentence(seg, tr, out, level),
                     zh_text=lambda text, script: zh_text(text, script, out, row),
                     label_class="bf-label", credit_class="bf-credit")


_WHO = {Status.EDITOR: "Editor translation", Status.EDITED: "Machine draft corrected by an editor",
        Status.REVIEWED: "Machine draft reviewed by an editor",
        Status.MACHINE: "Machine draft, not reviewed"}  # by status: what made the English


def segment_provenance(tr: Translation) -> str:
    """'Editor translation, 2026-11-22' / 'Machine draft (argos, translate-zh_en 1.9), not reviewed'."""
    who = _WHO[tr.status]
    engine = ", ".join(x for x in (tr.engine if tr.status is not Status.EDITOR else "", tr.model) if x)
    return who + (f" ({engine})" if engine else "") + (f", {tr.date}" if tr.date else "")


def _label(anchor: str) -> str:
    m = re.fullmatch(r"p(\d+)-s(\d+)", anchor)
    return f"sentence {m.group(1)}.{m.group(2)}" if m else f"the {anchor}"


def site_provenance(article: Article, translations: Mapping[str, Translation]) -> str:
    """'57 segments: 55 by an editor; 2 pending' — where the English came from."""
    return provenance_summary(article, translations, STATUS_WORDS, "stale (the Chinese changed since)")


def date_text(article: Article) -> str:
    """'18 September 2025', 'January 2025 (month known)', 'date unknown'."""
    m = article.meta
    text = format_date(m.published, m.precision)
    return text if m.precision in ("day", "unknown") or not m.published else f"{text} ({m.precision} known)"


def time_html(article: Article) -> str:
    """The publication date as a <time> element (or 'date unknown')."""
    m = article.meta
    if not m.published:
        return '<span lang="en">date unknown</span>'
    if m.published_time and m.precision == "day":
        return (f'<time datetime="{esc(m.published)}T{esc(m.published_time)}" lang="en">'
                f'{esc(date_text(article))}, {esc(m.published_time)}</time>')
    return f'<time datetime="{esc(m.published)}" lang="en">{esc(date_text(article))}</time>'


def mixed_lang(text: str, script: str) -> str:
    """Editor-supplied text that may be Chinese (a name, an outlet): lang by content."""
    if not text:
        return "unknown"
    lang = lang_attr(text, script)
    return f'<span{lang}>{esc(text)}</span>' if lang else esc(text)


def controls(views: bool = True) -> str:
    """Reader controls; hidden until briefing.js runs (they need it), so no dead buttons.
    `views`: the original/English/both switch, only where there are two columns."""
    view = ('<span class="bf-ctl" role="group" aria-label="Columns shown">'
            '<button type="button" data-bf-view="orig" aria-pressed="false">Original</button>'
            '<button type="button" data-bf-view="en" aria-pressed="false">English</button>'
            '<button type="button" data-bf-view="both" aria-pressed="false">Both</button>'
            "</span>") if views else ""
    return ('<div class="bf-controls" role="group" aria-label="Reading options" lang="en" hidden>'
            '<span class="bf-ctl" role="group" aria-label="Script of the Chinese text">'
            '<button type="button" data-bf-script="orig" aria-pressed="false" '
            'title="Each text in the script it was published in">As published</button>'
            '<button type="button" data-bf-script="hans" aria-pressed="false" lang="zh-Hans" '
            'title="Simplified characters">简</button>'
            '<button type="button" data-bf-script="hant" aria-pressed="false" lang="zh-Hant" '
            'title="Traditional characters">繁</button></span>'
            '<label class="bf-scope"><input type="checkbox" data-bf-scope> on every page</label>'
            + view + '<span class="bf-shown" data-bf-shown aria-live="polite"></span></div>')


def controls_block(views: bool = False) -> str:
    """The controls alone, as a raw HTML block at the top of a page."""
    return f'<div class="bf-page">\n{controls(views)}\n</div>\n\n'


def article_card(briefing: Briefing, article: Article, out: Outline, base: str = "",
                 extra: Callable[[Article, Outline, str], str] | None = None, level: int = 3) -> str:
    """One entry of a list of articles (home page, month pages); `extra` (e.g. a summary,
    written under the card's id) goes last; `level`: the title's heading level, one below the
    list's own heading."""
    card = f"article-{article.slug}"
    ident = out.ident(card)
    href = out.href(base + ARTICLE_URL.format(slug=article.slug))
    t = article.title
    title = zh_pair(t.hans, t.hant, out, card, level=level)
    en_title = english_title(article, briefing.translations)
    if en_title:
        out.en(card, Part.TEXT, en_title)
    else:
        out.en(card, Part.FURNITURE, PENDING_TEXT)
    en_html = (f'<span lang="en">{esc(en_title)}</span>' if en_title
               else f'<span class="bf-pending" lang="en"><span class="bf-mark">{PENDING_TEXT}</span></span>')
    m = article.meta
    facts = [f"<span>{mixed_lang(m.outlet, article.script) if m.outlet else 'outlet unknown'}</span>",
             time_html(article), f"<span>{SCRIPT_NAME[article.script]}</span>",
             f"<span>{esc(site_provenance(article, briefing.translations))}</span>"]
    if m.author:
        facts.insert(1, f"<span>{mixed_lang(m.author, article.script)}</span>")
    if m.title_source == "provisional":  # the editor should see at a glance which headlines to write
        facts.insert(0, '<span class="bf-provisional">provisional headline</span>')
    out.en(card, Part.CARD_META, site_provenance(article, briefing.translations))
    extra_html = extra(article, out, card) if extra is not None else ""
    return (f'<li class="bf-card"{ident}>'
            f'<h{level} class="bf-card-title"><a href="{href}">{title}</a></h{level}>'
            f'<p class="bf-card-en">{en_html}</p>'
            f'<p class="bf-card-meta" lang="en">' + " · ".join(facts) + "</p>" + extra_html + "</li>")
