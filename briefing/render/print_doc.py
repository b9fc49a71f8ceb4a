"""The print edition as one HTML document (pure): cover, contents, curated pages, articles.

WeasyPrint lays it out (briefing/pdf.py). Every string from the briefing is escaped here.
Each article's text is a fixed-layout table, one row per paragraph (original | English):
rows keep the two languages aligned, and `table-layout: fixed` keeps WeasyPrint fast on CJK
text (a `1fr 1fr` grid is several times slower; see the GUIDE).
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Callable, Iterable, Literal, Mapping, Sequence

from briefing.render.labels import LANG, credit_in_english, english_label, english_title, format_date, lang_attr
from briefing.model import Article, Briefing, Paragraph, Segment, Status, Translation
from briefing.render.curated_pages import ARTICLE_URL, cite_label
from briefing.sources.script import to_hans, to_hant

PrintScript = Literal["hans", "hant", "original"]
SCRIPT_NAME = {"hans": "简体", "hant": "繁體"}
_STATUS_WORDS = {Status.EDITOR: "editor translation", Status.EDITED: "machine draft edited by an editor",
                 Status.REVIEWED: "machine draft reviewed by an editor",
                 Status.MACHINE: "machine translation, unreviewed"}


def _e(text: str) -> str:
    return escape(text, quote=True)


def article_url(site_url: str, slug: str) -> str:
    """The article's page on the published site ('' when no site URL is configured)."""
    return f"{site_url.rstrip('/')}/{ARTICLE_URL.format(slug=slug)}" if site_url else ""


def column_script(article: Article, script: PrintScript) -> str:
    """The script shown in the original column: the article's own, or the one asked for."""
    return article.script if script == "original" else script


def _zh(seg: Segment, script: str) -> str:
    return seg.hans if script == "hans" else seg.hant


def _convert(text: str, script: str) -> str:
    return to_hans(text) if script == "hans" else to_hant(text)


# ---------------------------------------------------------------- pieces

def _english(seg: Segment, tr: Translation | None) -> str:
    if tr is None:
        return '<span class="pending">[translation pending]</span>'
    cls = "s mt" if tr.status is Status.MACHINE else "s"
    out = f'<span class="{cls}">{_e(tr.en)}</span>'
    if tr.stale:
        out = (f'<span class="stale">{out}</span>'
               '<span class="flag"> [stale: the Chinese changed since this was translated]</span>')
    return out


def _row(p: Paragraph, script: str, translations: Mapping[str, Translation],
         fact_notes: Mapping[str, Sequence[object]]) -> str:
    lang = LANG[script]
    zh = "".join(f'<span class="s">{_e(_zh(s, script))}</span>' for s in p.segments)
    en = " ".join(_english(s, translations.get(s.id)) for s in p.segments)
    if p.label:
        zh = f'<span class="label">{_e(_convert(p.label, script))}</span> {zh}'
        en = f'<span class="label">{_e(english_label(p.label))}</span> {en}'
    if p.credit:
        zh += f' <span class="credit">{_e(_convert(p.credit, script))}</span>'
        if not credit_in_english(p, translations):
            en += f' <span class="credit"{lang_attr(p.credit, script)}>{_e(p.credit)}</span>'
    notes = [n for s in p.segments for n in fact_notes.get(s.id, ())]
    if notes:
        en += "".join(f'<span class="factcheck {_e(getattr(n, "severity", ""))}">'
                      f'Fact-check ({_e(getattr(n, "severity", ""))}): '
                      f'{_e(getattr(n, "note_en", ""))}</span>' for n in notes)
    return (f'<tr class="k-{p.kind.value}" id="{_e(p.segments[0].slug)}-p{p.index}">'
            f'<td class="zh" lang="{lang}">{zh}</td><td class="en" lang="en">{en}</td></tr>')


def _provenance(article: Article, translations: Mapping[str, Translation]) -> str:
    counts: dict[str, int] = {}
    for seg in article.segments():
        tr = translations.get(seg.id)
        key = "pending" if tr is None else ("stale" if tr.stale else tr.status.value)
        counts[key] = counts.get(key, 0) + 1
    total = sum(counts.values())
    words = []
    for status in Status:
        if counts.get(status.value):
            words.append(f"{counts[status.value]} {_STATUS_WORDS[status]}")
    if counts.get("stale"):
        words.append(f"{counts['stale']} stale (source changed)")
    if counts.get("pending"):
        words.append(f"{counts['pending']} pending")
    return f"{total} segments: " + "; ".join(words)


def _meta(article: Article, translations: Mapping[str, Translation], site_url: str,
          curated: object | None) -> str:
    m = article.meta
    rows = [("Outlet", _e(m.outlet) or "unknown"), ("Author", _e(m.author) or "unknown"),
            ("Published", _e(format_date(m.published, m.precision))
             + ("" if m.precision in ("day", "unknown") else f" (known to the {m.precision})"))]
    if m.url:
        rows.append(("Source", f'<a href="{_e(m.url)}">{_e(m.url)}</a>'))
    rows.append(("Seed file", _e(m.source_file)))
    if m.title_source == "editor":
        rows.append(("Headline", "supplied by the editor (the scraped text has none)"))
    rows.append(("Original script", SCRIPT_NAME[article.script]))
    rows.append(("English", _e(_provenance(article, translations))))
    url = article_url(site_url, article.slug)
    if url:
        rows.append(("Online", f'<a href="{_e(url)}">{_e(url)}</a>'))
    notes = _notes_for(curated, article.slug)
    source = getattr(notes, "source", None)
    if source is not None:
        for label, attr in (("Source type", "outlet_type"), ("Stance", "stance"),
                            ("Reliability", "reliability")):
            if getattr(source, attr, ""):
                rows.append((label, _e(getattr(source, attr))))
    elif m.notes:
        rows.append(("Editor's note", _e(m.notes)))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="meta">{body}</dl>'


def _notes_for(curated: object | None, slug: str) -> object | None:
    notes = getattr(curated, "notes", None) or {}
    return notes.get(slug) if isinstance(notes, Mapping) else None


def _summary(curated: object | None, slug: str, script: str) -> str:
    notes = _notes_for(curated, slug)
    if notes is None or not getattr(notes, "summary_en", ""):
        return ""
    lang = LANG[script]
    out = [f'<section class="summary"><h3>Summary</h3><p>{_e(notes.summary_en)}</p>']  # type: ignore[attr-defined]
    if getattr(notes, "summary_zh", ""):
        out.append(f'<p lang="{lang}">{_e(_convert(notes.summary_zh, script))}</p>')  # type: ignore[attr-defined]
    claims = getattr(notes, "claims", ())
    if claims:
        out.append('<h3>Key claims</h3><ul class="claims">')
        out += [f'<li>{_e(c.en)} <span class="cites">({_e(", ".join(cite_label(x) for x in c.cites))})</span></li>'
                for c in claims]
        out.append("</ul>")
    return "".join(out) + "</section>"


def render_article(article: Article, translations: Mapping[str, Translation], *,
                   script: PrintScript = "original", site_url: str = "",
                   curated: object | None = None) -> str:
    """One article: heading, metadata, summary, then the aligned bilingual table."""
    col = column_script(article, script)
    lang = LANG[col]
    en_title = english_title(article, translations)
    fact_notes: Mapping[str, Sequence[object]] = {}
    if curated is not None and hasattr(curated, "factchecks_by_segment"):
        fact_notes = curated.factchecks_by_segment()
    head = (f'<h2 class="article-title"><span class="zh" lang="{lang}">{_e(_zh(article.title, col))}</span>'
            f'<span class="en">{_e(en_title) or _english(article.title, None)}</span></h2>')
    rows = "".join(_row(p, col, translations, fact_notes) for p in article.paragraphs)
    table = (f'<table class="bitext"><colgroup><col class="c-zh"><col class="c-en"></colgroup>'
             f'<thead><tr><th lang="{lang}">原文 · {SCRIPT_NAME[col]}</th><th>English</th></tr></thead>'
             f"<tbody>{rows}</tbody></table>")
    return (f'<section class="article" id="a-{_e(article.slug)}">{head}'
            f"{_meta(article, translations, site_url, curated)}"
            f"{_summary(curated, article.slug, col)}{table}</section>")


# ---------------------------------------------------------------- front matter

def _titles(briefing: Briefing, curated: object | None) -> tuple[str, str]:
    overview = getattr(curated, "overview", None)
    if overview is not None and briefing.title_en == "Briefing":
        return overview.title_en, overview.title_zh
    return briefing.title_en, briefing.title_zh


def _cover(briefing: Briefing, title_en: str, title_zh: str, built: dt.date, site_url: str,
           zh_script: str) -> str:
    items = []
    for a in briefing.articles:
        col = a.script
        m = a.meta
        bits = [x for x in (m.outlet, format_date(m.published, m.precision)) if x]
        items.append(f'<li><span lang="{LANG[col]}">{_e(a.title.source)}</span><br>'
                     f'<span class="en-title">{_e(english_title(a, briefing.translations))}</span>'
                     f'<br><span class="src">{_e(" · ".join(bits))}</span></li>')
    link = f'<p class="site">Online edition: <a href="{_e(site_url)}">{_e(site_url)}</a></p>' if site_url else ""
    return (f'<section class="cover"><p class="kind">Bilingual briefing · 双语简报</p>'
            f'<h1 class="title"><span class="en">{_e(title_en)}</span>'
            f'<span class="zh" lang="{LANG[zh_script]}">{_e(_convert(title_zh, zh_script))}</span></h1>'
            f'<p class="built">Built {built.isoformat()} · {len(briefing.articles)} articles</p>'
            f'{link}<h2 class="sources-h">Sources</h2><ol class="sources">{"".join(items)}</ol></section>')


def _contents(entries: Iterable[tuple[str, str]]) -> str:
    lis = "".join(f'<li><a href="#{_e(i)}">{t}</a></li>' for i, t in entries)
    return f'<nav class="contents"><h2>Contents</h2><ol>{lis}</ol></nav>'


def _overview(curated: object | None, script: str, titles: Mapping[str, str]) -> str:
    ov = getattr(curated, "overview", None)
    if ov is None:
        return ""
    lang = LANG[script]
    out = [f'<section class="front" id="overview"><h2>Overview <span lang="{lang}">概述</span></h2>',
           f"<p>{_e(ov.overview_en)}</p>", f'<p lang="{lang}" class="zh-p">{_e(_convert(ov.overview_zh, script))}</p>']
    for t in ov.themes:
        out.append(f'<h3>{_e(t.title_en)} <span lang="{lang}">{_e(_convert(t.title_zh, script))}</span></h3>'
                   f"<p>{_e(t.text_en)}</p>"
                   f'<p class="theme-articles">Articles: '
                   + "; ".join(f'<a href="#a-{_e(s)}">{_e(titles.get(s) or s)}</a>' for s in t.articles)
                   + "</p>")
    return "".join(out) + "</section>"


def _event_cites(ids: Iterable[str]) -> str:
    return "; ".join(f"{i.split('/', 1)[0]} {cite_label(i)}" for i in ids)


def _event_row(ev: object, script: str) -> str:
    resolved = getattr(ev, "resolved", "")
    note = f'<span class="resolved">Date resolved: {_e(resolved)}</span>' if resolved else ""
    return (f'<tr><td class="date">{_e(format_date(ev.date, ev.precision))}</td>'  # type: ignore[attr-defined]
            f'<td class="en">{_e(ev.en)}<span class="cites"> ({_e(_event_cites(ev.cites))})</span>'  # type: ignore[attr-defined]
            f'{note}</td><td class="zh" lang="{LANG[script]}">{_e(_convert(ev.zh, script))}</td></tr>')  # type: ignore[attr-defined]


def _timeline(curated: object | None, script: str) -> str:
    events = getattr(curated, "timeline", ()) or ()
    if not events:
        return ""
    rows = "".join(_event_row(ev, script) for ev in events)
    return (f'<section class="front" id="timeline"><h2>Timeline <span lang="{LANG[script]}">时间线</span></h2>'
            f'<table class="timeline"><colgroup><col class="c-date"><col class="c-en"><col class="c-zh">'
            f"</colgroup><tbody>{rows}</tbody></table></section>")


def _glossary_zh(g: object, script: str) -> str:
    """The entry's forms in `script`, then the other script's forms when they differ."""
    hans, hant = tuple(getattr(g, "hans", ())), tuple(getattr(g, "hant", ())) or getattr(g, "hans", ())
    first, second = (hans, hant) if script == "hans" else (hant, hans)
    other = "hant" if script == "hans" else "hans"
    extra = [f for f in second if f not in first]
    out = _e(" / ".join(first))
    if extra:
        out += f'<br><span class="alt" lang="{LANG[other]}">{_e(" / ".join(extra))}</span>'
    return out


def _glossary(glossary: object | None, script: str) -> str:
    entries = sorted(getattr(glossary, "entries", ()) or (), key=lambda g: g.en.casefold())
    if not entries:
        return ""
    lang = LANG[script]
    rows = "".join(
        f'<tr><td class="en">{_e(g.en)}</td><td class="zh" lang="{lang}">'
        f'{_glossary_zh(g, script)}</td>'
        f'<td class="type">{_e(g.type)}</td><td class="note">{_e(g.note)}</td></tr>' for g in entries)
    return (f'<section class="front" id="glossary"><h2>Glossary <span lang="{lang}">术语表</span></h2>'
            f'<table class="glossary"><colgroup><col class="c-en"><col class="c-zh"><col class="c-type">'
            f'<col class="c-note"></colgroup><thead><tr><th>English</th><th lang="{lang}">中文</th>'
            f"<th>Type</th><th>Note</th></tr></thead><tbody>{rows}</tbody></table></section>")


def render_print_html(briefing: Briefing, *, css: str, built: dt.date, script: PrintScript = "original",
                      site_url: str = "", glossary: object | None = None,
                      on_article: Callable[[int, Article], None] | None = None) -> str:
    """The whole print edition as one HTML string."""
    curated = briefing.curated
    if getattr(getattr(curated, "glossary", None), "entries", ()):
        glossary = curated.glossary  # type: ignore[attr-defined]
    title_en, title_zh = _titles(briefing, curated)
    # Front matter in the script asked for; with 'original', the language the briefing is written in.
    front = "hans" if script == "original" else script
    titles = {a.slug: english_title(a, briefing.translations) for a in briefing.articles}
    parts = [_overview(curated, front, titles), _timeline(curated, front), _glossary(glossary, front)]
    toc = [(i, t) for i, t, body in zip(("overview", "timeline", "glossary"),
                                        ("Overview", "Timeline", "Glossary"), parts) if body]
    articles = []
    for n, a in enumerate(briefing.articles, start=1):
        if on_article is not None:
            on_article(n, a)
        articles.append(render_article(a, briefing.translations, script=script, site_url=site_url,
                                       curated=curated))
        en = english_title(a, briefing.translations)
        toc.append((f"a-{a.slug}", f'<span lang="{LANG[column_script(a, script)]}">'
                                   f'{_e(_zh(a.title, column_script(a, script)))}</span>'
                                   + (f'<br><span class="en-title">{_e(en)}</span>' if en else "")))
    return ("<!DOCTYPE html>"
            f'<html lang="en"><head><meta charset="utf-8"><title>{_e(title_en)}</title>'
            f'<meta name="description" content="{_e(title_zh)}"><style>{css}</style></head>'
            f'<body><div class="running" aria-hidden="true">{_e(title_en)}</div>'
            f"{_cover(briefing, title_en, title_zh, built, site_url, front)}{_contents(toc)}"
            f'{"".join(parts)}{"".join(articles)}</body></html>')
