"""The print edition as one HTML document (pure): cover, contents, curated pages, articles.

WeasyPrint lays it out (publish/pdf.py). Every string from the briefing is escaped here.
Each article's text is a fixed-layout table, one row per paragraph (original | English):
rows keep the two languages aligned, and `table-layout: fixed` keeps WeasyPrint fast on CJK
text (a `1fr 1fr` grid is several times slower; see the GUIDE).
"""

from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable, Literal, Mapping

from briefing.curation.curated import ArticleNotes, Curated, TimelineEvent
from briefing.model import Article, Paragraph, Segment, Status, Translation
from briefing.curation.assembled import Briefing
from briefing.render.core import (ARTICLE_URL, SEVERITY_EN, SEVERITY_ZH, FactChecks, RowMarkup,
                                  briefing_titles, cite_label, esc,
                                  factchecks_by_segment, link_or_text, paragraph_factchecks,
                                  provenance_summary, row_cells, text_paragraphs)
from briefing.render.labels import LANG, english_title, format_date, other_script_note
from briefing.sources.script import Conversion
from briefing.translation.glossary import Glossary, GlossaryEntry
from briefing.urls import web_address

PrintScript = Literal["hans", "hant", "original"]
SCRIPT_NAME = {"hans": "简体", "hant": "繁體"}
_STATUS_WORDS = {Status.EDITOR: "editor translation", Status.EDITED: "machine draft edited by an editor",
                 Status.REVIEWED: "machine draft reviewed by an editor",
                 Status.MACHINE: "machine translation, unreviewed"}


def article_url(site_url: str, slug: str) -> str:
    """The article's page on the published site ('' when no usable site URL is configured)."""
    site = web_address(site_url)
    return f"{site.rstrip('/')}/{ARTICLE_URL.format(slug=slug)}" if site else ""


def column_script(article: Article, script: PrintScript) -> str:
    """The script shown in the original column: the article's own, or the one asked for."""
    return article.script if script == "original" else script


def _zh(seg: Segment, script: str) -> str:
    return seg.hans if script == "hans" else seg.hant


def _convert(text: str, script: str, conversion: Conversion) -> str:
    return conversion.to_hans(text) if script == "hans" else conversion.to_hant(text)


def _paras(text: str, attrs: str = "") -> str:
    """An editor's text as paragraphs (core.text_paragraphs: one per line), escaped."""
    return "".join(f"<p{attrs}>{esc(p)}</p>" for p in text_paragraphs(text))


def bookmark(zh: str, en: str) -> str:
    """An article's entry in the PDF outline: its headline, then its English one."""
    return f"{zh} — {en}" if en else zh


# ---------------------------------------------------------------- pieces

def _english(seg: Segment, tr: Translation | None) -> str:
    if tr is None:
        return '<span class="pending">[translation pending]</span>'
    cls = "s mt" if tr.status is Status.MACHINE else "s"
    out = f'<span class="{cls}">{esc(tr.en)}</span>'
    if tr.stale:
        out = (f'<span class="stale">{out}</span>'
               '<span class="flag"> [stale: the Chinese changed since this was translated]</span>')
    return out


def _row_markup(conversion: Conversion) -> RowMarkup:
    return RowMarkup(zh_sentence=lambda s, script: f'<span class="s">{esc(_zh(s, script))}</span>',
                     en_sentence=_english, zh_text=lambda text, script: esc(_convert(text, script, conversion)),
                     label_class="label", credit_class="credit")


def _row(p: Paragraph, script: str, translations: Mapping[str, Translation], factchecks: FactChecks,
         conversion: Conversion, markup: RowMarkup) -> str:
    lang = LANG[script]
    zh, en = row_cells(p, script, translations, markup)
    for fc in paragraph_factchecks(p, factchecks):  # each language's note in its own column
        severity = esc(fc.severity)
        zh += (f'<span class="factcheck {severity}">{esc(_convert("核查·" + SEVERITY_ZH.get(fc.severity, ""), script, conversion))}'
               f'（{esc(cite_label(fc.segment))}）：{esc(_convert(fc.note_zh, script, conversion))}</span>')
        en += (f'<span class="factcheck {severity}">Fact-check · {esc(SEVERITY_EN.get(fc.severity, fc.severity))} '
               f'({esc(cite_label(fc.segment))}): {esc(fc.note_en)}</span>')
    return (f'<tr class="k-{p.kind.value}" id="{esc(p.segments[0].slug)}-p{p.index}">'
            f'<td class="zh" lang="{lang}">{zh}</td><td class="en" lang="en">{en}</td></tr>')


def _meta(article: Article, translations: Mapping[str, Translation], site_url: str,
          notes: ArticleNotes | None, conversion: Conversion) -> str:
    m = article.meta
    rows = [("Outlet", esc(m.outlet) or "unknown"), ("Author", esc(m.author) or "unknown"),
            ("Published", esc(format_date(m.published, m.precision))
             + ("" if m.precision in ("day", "unknown") else f" (known to the {m.precision})"))]
    # As on the site: the seed's file name is the editors' (their cleaning report names it).
    rows.append(("Source", link_or_text(m.url, web_only=True) if m.url else "link unknown"))
    if m.title_source == "editor":
        rows.append(("Headline", "supplied by the editor (the scraped text has none)"))
    elif m.title_source == "provisional":
        rows.append(("Headline", "provisional, from the lead sentence (the scraped text has none)"))
    rows.append(("Original script", SCRIPT_NAME[article.script]))
    rows.append(("Other script", esc(other_script_note(article.script, conversion))))
    rows.append(("English", esc(provenance_summary(article, translations, _STATUS_WORDS,
                                                  "stale (source changed)"))))
    url = article_url(site_url, article.slug)
    if url:
        rows.append(("Online", link_or_text(url, web_only=True)))
    if notes is not None:
        source = notes.source
        for label, value in (("Source type", source.outlet_type), ("Stance", source.stance),
                             ("Reliability", source.reliability)):
            if value:
                rows.append((label, esc(value)))
    elif m.notes:
        rows.append(("Editor's note", esc(m.notes)))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="meta">{body}</dl>'


def _summary(notes: ArticleNotes | None, script: str, conversion: Conversion) -> str:
    if notes is None or not notes.summary_en:
        return ""
    lang = LANG[script]
    out = ['<section class="summary"><h3>Summary</h3>', _paras(notes.summary_en)]
    if notes.summary_zh:
        out.append(_paras(_convert(notes.summary_zh, script, conversion), f' lang="{lang}"'))
    claims = notes.claims
    if claims:
        out.append('<h3>Key claims</h3><ul class="claims">')
        out += [f'<li>{esc(c.en)} <span class="cites">({esc(", ".join(cite_label(x) for x in c.cites))})</span></li>'
                for c in claims]
        out.append("</ul>")
    return "".join(out) + "</section>"


def _column_head(article: Article, col: str, conversion: Conversion) -> str:
    """'原文 · 简体', or for a converted column what it was converted from, and how."""
    if col == article.script:
        return f"原文 · {SCRIPT_NAME[col]}"
    vocabulary = "，含地區用詞" if col == "hant" else "，含地区用词"
    return (f"原文{SCRIPT_NAME[article.script]} → {SCRIPT_NAME[col]}"
            f"（{'轉換' if col == 'hant' else '转换'}{vocabulary if conversion.vocabulary else ''}）")


def render_article(article: Article, translations: Mapping[str, Translation], *,
                   script: PrintScript = "original", site_url: str = "",
                   curated: Curated | None = None, factchecks: FactChecks | None = None,
                   conversion: Conversion) -> str:
    """One article: heading, metadata, summary, then the aligned bilingual table; text not in
    the column's script converted by `conversion` (the briefing's).
    `factchecks`: the curated layer's flags by segment, when already computed for many articles."""
    col = column_script(article, script)
    lang = LANG[col]
    en_title = english_title(article, translations)
    if factchecks is None:
        factchecks = factchecks_by_segment(curated)
    notes = curated.notes.get(article.slug) if curated is not None else None
    head = (f'<h2 class="article-title" data-bookmark="{esc(bookmark(_zh(article.title, col), en_title))}">'
            f'<span class="zh" lang="{lang}">{esc(_zh(article.title, col))}</span>'
            f'<span class="en">{esc(en_title) or _english(article.title, None)}</span></h2>')
    markup = _row_markup(conversion)  # once per article, not per paragraph
    rows = "".join(_row(p, col, translations, factchecks, conversion, markup) for p in article.paragraphs)
    table = (f'<table class="bitext"><colgroup><col class="c-zh"><col class="c-en"></colgroup>'
             f'<thead><tr><th lang="{lang}">{_column_head(article, col, conversion)}</th><th>English</th></tr></thead>'
             f"<tbody>{rows}</tbody></table>")
    return (f'<section class="article" id="a-{esc(article.slug)}">{head}'
            f"{_meta(article, translations, site_url, notes, conversion)}"
            f"{_summary(notes, col, conversion)}{table}</section>")


# ---------------------------------------------------------------- front matter

def _cover(briefing: Briefing, title_en: str, title_zh: str, built: dt.date, site_url: str,
           zh_script: str) -> str:
    items = []
    for a in briefing.articles:
        col = a.script
        m = a.meta
        bits = [x for x in (m.outlet, format_date(m.published, m.precision)) if x]
        items.append(f'<li><span lang="{LANG[col]}">{esc(a.title.source)}</span><br>'
                     f'<span class="en-title">{esc(english_title(a, briefing.translations))}</span>'
                     f'<br><span class="src">{esc(" · ".join(bits))}</span></li>')
    site = web_address(site_url)
    link = f'<p class="site">Online edition: {link_or_text(site, web_only=True)}</p>' if site else ""
    return (f'<section class="cover"><p class="kind">Bilingual briefing · 双语简报</p>'
            f'<h1 class="title"><span class="en">{esc(title_en)}</span>'
            f'<span class="zh" lang="{LANG[zh_script]}">{esc(_convert(title_zh, zh_script, briefing.conversion))}</span></h1>'
            f'<p class="built">Built {built.isoformat()} · {len(briefing.articles)} articles</p>'
            f'{link}<h2 class="sources-h">Sources</h2><ol class="sources">{"".join(items)}</ol></section>')


def _contents(entries: Iterable[tuple[str, str]]) -> str:
    lis = "".join(f'<li><a href="#{esc(i)}">{t}</a></li>' for i, t in entries)
    return f'<nav class="contents"><h2>Contents</h2><ol>{lis}</ol></nav>'


def _overview(curated: Curated | None, script: str, titles: Mapping[str, str], conversion: Conversion) -> str:
    ov = curated.overview if curated is not None else None
    if ov is None:
        return ""
    lang = LANG[script]
    out = [f'<section class="front" id="overview"><h2>Overview <span lang="{lang}">概述</span></h2>',
           _paras(ov.overview_en), _paras(_convert(ov.overview_zh, script, conversion), f' lang="{lang}" class="zh-p"')]
    for t in ov.themes:
        out.append(f'<h3>{esc(t.title_en)} <span lang="{lang}">{esc(_convert(t.title_zh, script, conversion))}</span></h3>'
                   + _paras(t.text_en) + _paras(_convert(t.text_zh, script, conversion), f' lang="{lang}" class="zh-p"')
                   +
                   f'<p class="theme-articles">Articles: '
                   + "; ".join(f'<a href="#a-{esc(s)}">{esc(titles.get(s) or s)}</a>' for s in t.articles)
                   + "</p>")
    return "".join(out) + "</section>"


def _event_cites(ids: Iterable[str]) -> str:
    return "; ".join(f"{i.split('/', 1)[0]} {cite_label(i)}" for i in ids)


def _event_row(ev: TimelineEvent, script: str, conversion: Conversion) -> str:
    note = f'<span class="resolved">Date resolved: {esc(ev.resolved)}</span>' if ev.resolved else ""
    return (f'<tr><td class="date">{esc(format_date(ev.date, ev.precision))}</td>'
            f'<td class="en">{esc(ev.en)}<span class="cites"> ({esc(_event_cites(ev.cites))})</span>'
            f'{note}</td><td class="zh" lang="{LANG[script]}">{esc(_convert(ev.zh, script, conversion))}</td></tr>')


def _timeline(curated: Curated | None, script: str, conversion: Conversion) -> str:
    events = curated.timeline if curated is not None else ()
    if not events:
        return ""
    rows = "".join(_event_row(ev, script, conversion) for ev in events)
    return (f'<section class="front" id="timeline"><h2>Timeline <span lang="{LANG[script]}">时间线</span></h2>'
            f'<table class="timeline"><colgroup><col class="c-date"><col class="c-en"><col class="c-zh">'
            f"</colgroup><tbody>{rows}</tbody></table></section>")


def _glossary_zh(g: GlossaryEntry, script: str) -> str:
    """The entry's forms in `script`, then the other script's forms when they differ."""
    hans, hant = g.hans, g.hant or g.hans
    first, second = (hans, hant) if script == "hans" else (hant, hans)
    other = "hant" if script == "hans" else "hans"
    extra = [f for f in second if f not in first]
    out = esc(" / ".join(first))
    if extra:
        out += f'<br><span class="alt" lang="{LANG[other]}">{esc(" / ".join(extra))}</span>'
    return out


def _glossary(glossary: Glossary | None, script: str) -> str:
    entries = sorted(glossary.entries if glossary is not None else (), key=lambda g: g.en.casefold())
    if not entries:
        return ""
    lang = LANG[script]
    rows = "".join(
        f'<tr><td class="en">{esc(g.en)}</td><td class="zh" lang="{lang}">'
        f'{_glossary_zh(g, script)}</td>'
        f'<td class="type">{esc(g.type)}</td><td class="note">{esc(g.note)}</td></tr>' for g in entries)
    return (f'<section class="front" id="glossary"><h2>Glossary <span lang="{lang}">术语表</span></h2>'
            f'<table class="glossary"><colgroup><col class="c-en"><col class="c-zh"><col class="c-type">'
            f'<col class="c-note"></colgroup><thead><tr><th>English</th><th lang="{lang}">中文</th>'
            f"<th>Type</th><th>Note</th></tr></thead><tbody>{rows}</tbody></table></section>")


def render_print_html(briefing: Briefing, *, css: str, built: dt.date, script: PrintScript = "original",
                      site_url: str = "", glossary: Glossary | None = None,
                      on_article: Callable[[int, Article], None] | None = None) -> str:
    """The whole print edition as one HTML string."""
    curated = briefing.curated
    if curated is not None and curated.glossary.entries:
        glossary = curated.glossary
    title_en, title_zh = briefing_titles(briefing)
    factchecks = factchecks_by_segment(curated)
    # Front matter in the script asked for; with 'original', the language the briefing is written in.
    front = "hans" if script == "original" else script
    titles = {a.slug: english_title(a, briefing.translations) for a in briefing.articles}
    conversion = briefing.conversion
    parts = [_overview(curated, front, titles, conversion), _timeline(curated, front, conversion),
             _glossary(glossary, front)]
    toc = [(i, t) for i, t, body in zip(("overview", "timeline", "glossary"),
                                        ("Overview", "Timeline", "Glossary"), parts) if body]
    articles = []
    for n, a in enumerate(briefing.articles, start=1):
        if on_article is not None:
            on_article(n, a)
        articles.append(render_article(a, briefing.translations, script=script, site_url=site_url,
                                       curated=curated, factchecks=factchecks, conversion=conversion))
        en = english_title(a, briefing.translations)
        toc.append((f"a-{a.slug}", f'<span lang="{LANG[column_script(a, script)]}">'
                                   f'{esc(_zh(a.title, column_script(a, script)))}</span>'
                                   + (f'<br><span class="en-title">{esc(en)}</span>' if en else "")))
    return ("<!DOCTYPE html>"
            f'<html lang="en"><head><meta charset="utf-8"><title>{esc(title_en)}</title>'
            f'<meta name="description" content="{esc(title_zh)}"><style>{css}</style></head>'
            f'<body><div class="running" aria-hidden="true">{esc(title_en)}</div>'
            f"{_cover(briefing, title_en, title_zh, built, site_url, front)}{_contents(toc)}"
            f'{"".join(parts)}{"".join(articles)}</body></html>')
