"""Site pages from a Briefing (pure): `Page`s (render/structure.py), each its path under docs/,
its title and nav label, its HTML body and its structure.

Every page is YAML front matter (title) around raw HTML blocks. Markdown leaves raw HTML blocks
alone, so source text — which may hold <, &, `*`, `#`, `{{ }}` — is only ever HTML-escaped here
and is never parsed as Markdown (no md_in_html, no macros).

The HTML pieces (sentences, controls, cards) are in site_parts.py, what the site and the print
document share in core.py. Links are relative, so the site works under any sub-path.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from posixpath import join, normpath
from typing import Iterable, Mapping

from briefing.curation.entities import index_entities
from briefing.model import Article, Kind, Paragraph, Status, Translation
from briefing.curation.assembled import Briefing
from briefing.render.core import (FactChecks, briefing_titles, esc, factchecks_by_segment, link_or_text,
                                  paragraph_factchecks, row_cells)
from briefing.render.article_lists import home_article_list, month_pages, no_extra
from briefing.render.article_links import WHOLE_PDF, Pdfs, article_pdf_link, gloss_href
from briefing.render.curated_pages import (card_summary, render_article_header, render_factchecks,
                                           render_glossary, render_timeline)
from briefing.render.curated_pages import render_home as render_curated_home
from briefing.render.labels import english_title, format_date, other_script_note
from briefing.render.nav import nav_titles_path
from briefing.render.site_parts import (FEED_PATH, SCRIPT_NAME, controls, controls_block, english_sentence,
                                        mixed_lang, original_sentence, row_markup, site_provenance,
                                        time_html, zh_pair)
from briefing.render.structure import Facets, Outline, Page, Part

# Each generated page is the index.md of the folder it is served as: its links (relative to where
# it is served) then read the same relative to its source file, as Zensical reads them (it
# rewrites every relative link as relative to the source); MkDocs leaves raw HTML links alone.
ARTICLE_PATH = "articles/{slug}/index.md"
TIMELINE_PATH = "timeline/index.md"
GLOSSARY_PATH = "glossary/index.md"


# ---------------------------------------------------------------- article page

_TAG = {Kind.HEADING: "h2", Kind.TEXT: "p", Kind.ITEM: "p", Kind.CAPTION: "p", Kind.LEAD: "p"}


CAPTION_LABEL_EN = "Photo caption"  # the photo itself is not in the scraped text
CAPTION_LABEL_ZH = "图片说明"


def render_row(p: Paragraph, script: str, translations: Mapping[str, Translation], out: Outline,
               factchecks: FactChecks | None = None) -> str:
    """One aligned row: the original paragraph left, its English right, then the editor's
    fact-check flags on its sentences across both (each language's note in its column). A photo
    caption is a <figure> per language whose <figcaption> says that it is one."""
    tag = _TAG[p.kind]
    row = f"p{p.index}"
    ident = out.ident(row)
    zh, en = row_cells(p, script, translations, row_markup(out, row, 2 if tag == "h2" else 0))
    aside = render_factchecks(paragraph_factchecks(p, factchecks or {}), out, row)
    if p.kind is Kind.CAPTION:
        label_zh = zh_pair(*out.conversion.both(CAPTION_LABEL_ZH, "hans"), out, row, Part.FURNITURE)
        out.en(row, Part.FURNITURE, CAPTION_LABEL_EN)
        zh = (f'<figure class="bf-figure"><figcaption class="bf-text">'
              f'<span class="bf-caption-label">{label_zh}</span> {zh}</figcaption></figure>')
        en = (f'<figure class="bf-figure"><figcaption class="bf-text">'
              f'<span class="bf-caption-label">{CAPTION_LABEL_EN}</span> {en}</figcaption></figure>')
    else:
        zh, en = f'<{tag} class="bf-text">{zh}</{tag}>', f'<{tag} class="bf-text">{en}</{tag}>'
    return (f'<div class="bf-row bf-{p.kind.value}"{ident}>'
            f'<div class="bf-orig">{zh}</div><div class="bf-en" lang="en">{en}</div>{aside}</div>')


def _meta_rows(article: Article, translations: Mapping[str, Translation], out: Outline,
               pdfs: Pdfs = frozenset()) -> list[tuple[str, str]]:
    m = article.meta
    rows = [("Outlet", mixed_lang(m.outlet, article.script)), ("Author", mixed_lang(m.author, article.script)),
            ("Published", time_html(article))]
    if m.url:
        rows.append(("Source", link_or_text(m.url, ' rel="noopener"', record=out.links.append)))
    else:
        rows.append(("Source", "link unknown"))  # the seed's file name is the editors' (cleaning report)
    rows.append(("Original script", SCRIPT_NAME[article.script]))
    rows.append(("Other script", esc(other_script_note(article.script, out.conversion))))
    rows.append(("English", esc(site_provenance(article, translations))))
    pdf = article_pdf_link(article.slug, out, pdfs)
    if pdf:
        rows.append(("PDF", pdf))
    for value in (m.outlet, m.author, m.url, other_script_note(article.script, out.conversion),
                  site_provenance(article, translations)):
        out.en("", Part.META, value)
    return rows


def _header(briefing: Briefing, article: Article, out: Outline, pdfs: Pdfs = frozenset()) -> str:
    t = article.title
    zh_title = original_sentence(t, out, 1)
    en_title = english_sentence(t, briefing.translation(t), out, 1)
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in _meta_rows(article, briefing.translations, out, pdfs))
    notes = ""
    if article.meta.notes:
        out.en("", Part.TEXT, article.meta.notes)
        notes = (f'<details class="bf-notes"><summary>Editor’s note on the source</summary>'
                 f"<p>{esc(article.meta.notes)}</p></details>")
    if article.meta.title_source == "editor":
        notes += '<p class="bf-small">The headline was supplied by the editor; the scraped text has none.</p>'
    elif article.meta.title_source == "provisional":
        notes += ('<p class="bf-small">Provisional headline, taken from the lead sentence: the scraped '
                  'text has none and no editor has supplied one yet.</p>')
    notes += machine_banner(article, briefing.translations)
    return (f'<header class="bf-head">'
            f'<h1 class="bf-title"><span class="bf-title-zh">{zh_title}</span>'
            f'<span class="bf-title-en" lang="en">{en_title}</span></h1>'
            f'<div lang="en"><dl class="bf-meta">{rows}</dl>{notes}</div></header>')


def machine_banner(article: Article, translations: Mapping[str, Translation]) -> str:
    """A warning above the text when some English is an unreviewed machine draft."""
    n = sum(1 for seg in article.segments()
            if (tr := translations.get(seg.id)) is not None and tr.status is Status.MACHINE)
    if not n:
        return ""
    return (f'<p class="bf-machine-note" role="note"><strong>Machine draft, not reviewed:</strong> '
            f'{n} of {len(article.segments())} English sentences were produced by machine translation '
            "and not yet checked by an editor; they are underlined with dots. Hover over or focus a "
            "sentence to see where its English came from.</p>")


def article_path(slug: str) -> str:
    """An article page's path under docs/."""
    return ARTICLE_PATH.format(slug=slug)


def render_article(briefing: Briefing, article: Article, pdfs: Pdfs = frozenset()) -> Page:
    """The article page: header, curated notes (when present), then the aligned rows; it links
    its PDF when `pdfs` has one."""
    return article_page(briefing, article, factchecks_by_segment(briefing.curated), pdfs)


_COLUMNS = ('<div class="bf-columns" aria-hidden="true"><div class="bf-orig"><span lang="en">Original</span> '
            '<span lang="zh-Hans" class="bf-zh">原文</span></div><div class="bf-en" lang="en">English</div></div>\n')


def article_page(briefing: Briefing, article: Article, factchecks: FactChecks,
                 pdfs: Pdfs = frozenset()) -> Page:
    """`render_article` with the briefing's fact checks by segment already gathered."""
    out = Outline(briefing.conversion)
    head = _header(briefing, article, out, pdfs)
    notes = briefing.curated.notes.get(article.slug) if briefing.curated is not None else None
    curated_header = render_article_header(article, notes, out)
    rows = [render_row(p, article.script, briefing.translations, out, factchecks)
            for p in article.paragraphs]
    title = english_title(article, briefing.translations) or article.title.source
    body = (f'<div class="bf-page bf-article bf-orig-{article.script}" data-bf-orig="{article.script}" '
            f'data-bf-gloss="{esc(gloss_href(article.slug))}" data-bf-titles="../../{esc(nav_titles_path(article))}">\n'
            + controls() + "\n" + head + "\n"
            + (curated_header + "\n" if curated_header else "")
            + _COLUMNS
            + '<div class="bf-text-rows">\n' + "\n".join(rows) + "\n</div>\n</div>\n")
    m = article.meta
    facets = Facets("article", m.published, m.outlet, m.author, article.script)
    return out.page(article_path(article.slug), title, body, front={"hide": ["toc"]}, facets=facets)


# ---------------------------------------------------------------- home page

def dateline(briefing: Briefing, out: Outline, pdfs: Pdfs = frozenset(),
             updated: dt.date | None = None) -> str:
    """The line under the home page's title: when the briefing was last updated, how many
    articles it holds and the newest one's date, the Atom feed and (when the build has it) the
    whole briefing as one PDF."""
    parts = []
    if updated is not None:
        day = updated.isoformat()
        out.en("", Part.FURNITURE, f"Updated {format_date(day, 'day')}")
        parts.append(f'Updated <time datetime="{day}">{format_date(day, "day")}</time>')
    n = len(briefing.articles)
    dated = [a.meta for a in briefing.articles if a.meta.published and a.meta.precision != "unknown"]
    count = f"{n} article{'s' if n != 1 else ''}"
    if dated:
        newest = max(dated, key=lambda m: m.published)
        count += (f', the newest of <time datetime="{esc(newest.published)}">'
                  f"{esc(format_date(newest.published, newest.precision))}</time>")
    out.en("", Part.FURNITURE, count)
    parts.append(count)
    out.en("", Part.FURNITURE, "Atom feed")
    parts.append(f'<a class="bf-feed" href="{out.href(FEED_PATH)}" type="application/atom+xml">Atom feed</a>')
    if WHOLE_PDF in pdfs:
        out.en("", Part.FURNITURE, "The whole briefing as a PDF")
        parts.append(f'<a class="bf-pdf" href="{out.href(WHOLE_PDF)}" type="application/pdf">'
                     "The whole briefing as a PDF</a>")
    return '<p class="bf-dateline" lang="en">' + " · ".join(parts) + "</p>\n"


def render_home(briefing: Briefing, pdfs: Pdfs = frozenset(), updated: dt.date | None = None) -> Page:
    """The home page: title, the dateline (updated, articles, feed, PDF), the newest articles
    first, then the curated overview, themes and timeline teaser when there are some."""
    curated = briefing.curated
    title_en, title_zh = briefing_titles(briefing)
    out = Outline(briefing.conversion)
    front = {"hide": ["toc"]}  # nothing for Material's contents column: the page gets its width
    if curated is not None and curated.overview is not None:
        # The curated layer owns the front page (overview, themes, timeline teaser, cards).
        body = controls_block() + render_curated_home(
            briefing, curated, out, after_title=lambda: dateline(briefing, out, pdfs, updated))
        return out.page("index.md", title_en, body, facets=Facets("overview"), front=front)
    n = len(briefing.articles)
    out.en("", Part.TITLE, title_en, 1)
    title_zh_html = zh_pair(*out.conversion.both(title_zh, "hans"), out, "", Part.TITLE, level=1)
    line = dateline(briefing, out, pdfs, updated)
    intro = (f'{n} Chinese-language article{"s" if n != 1 else ""}, each shown '
             "sentence by sentence beside its English translation. Switch the original between "
             "Simplified and Traditional characters with the 简 / 繁 buttons.")
    out.en("", Part.TEXT, intro)
    heading = out.ident("articles-heading")
    out.en("articles-heading", Part.HEADING, "Latest articles", 2)
    out.zh("articles-heading", Part.HEADING, "最新文章", level=2)
    cards = home_article_list(briefing, out, separator="\n")
    body = ('<div class="bf-page bf-home">\n' + controls(views=False) + "\n"
            + f'<h1 class="bf-title"><span lang="en">{esc(title_en)}</span> '
              f'<span class="bf-title-zh">{title_zh_html}</span></h1>\n' + line
            + f'<p lang="en">{n} Chinese-language article{"s" if n != 1 else ""}, each shown '
              "sentence by sentence beside its English translation. Switch the original between "
              "Simplified and Traditional characters with the "
              '<span lang="zh-Hans" class="bf-zh">简</span> / <span lang="zh-Hant" class="bf-zh">繁</span> '
              "buttons.</p>\n"
            + '<section class="bf-list" aria-labelledby="articles-heading">'
              f'<h2{heading} lang="en">Latest articles <span lang="zh-Hans" class="bf-zh">最新文章</span></h2>\n'
            + cards + "</section>\n</div>\n")
    return out.page("index.md", title_en, body, facets=Facets("overview"), front=front)


# ---------------------------------------------------------------- all pages

def render_curated_pages(briefing: Briefing) -> list[Page]:
    """Timeline and glossary pages, when the curated layer is present."""
    curated = briefing.curated
    if curated is None:
        return []
    pages = []
    if curated.timeline:
        out = Outline(briefing.conversion)
        pages.append(out.page(TIMELINE_PATH, "Timeline",
                              controls_block() + render_timeline(briefing, curated, out),
                              facets=Facets("timeline"), front={"hide": ["toc"]}))
    if curated.glossary.entries:
        index = index_entities(curated.glossary, briefing.articles)
        out = Outline(briefing.conversion)
        pages.append(out.page(GLOSSARY_PATH, "Glossary and entity index",
                              controls_block() + render_glossary(briefing, index, out),
                              facets=Facets("glossary"), front={"hide": ["toc"]}))
    return pages


def render_pages(briefing: Briefing, article_pages: Iterable[Page] | None = None,
                 pdfs: Pdfs = frozenset(), updated: dt.date | None = None) -> dict[str, Page]:
    """Every generated page by its path under docs/. `article_pages`: the articles' own pages
    when they are already rendered (by worker processes), in article order."""
    pages = [render_home(briefing, pdfs, updated)]
    if article_pages is None:
        factchecks = factchecks_by_segment(briefing.curated)
        article_pages = [article_page(briefing, a, factchecks, pdfs) for a in briefing.articles]
    pages += article_pages
    pages += month_pages(briefing, card_summary(briefing.curated) if briefing.curated else no_extra)
    pages += render_curated_pages(briefing)
    return {page.path: page for page in pages}


# ---------------------------------------------------------------- checks on the structure

def page_url(path: str) -> str:
    """Where the site serves docs/`path` (directory URLs), from the site root:
    'articles/x/index.md' → 'articles/x/', 'about.md' → 'about/', 'index.md' → ''."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def check_pages(pages: Mapping[str, Page], known: Mapping[str, Page] | None = None) -> list[str]:
    """Problems that must stop a build before anything is written: ids written twice on one
    page, and links to a generated page (of `known`, by default `pages`) or an element that is
    not there."""
    problems = []
    for page in pages.values():
        counts = Counter(page.ids)
        dupes = sorted(i for i, n in counts.items() if n > 1)
        if dupes:
            problems.append(f"docs/{page.path}: duplicate HTML ids {', '.join(dupes[:5])}")
    return problems + check_links(pages, known)


def check_links(pages: Mapping[str, Page], known: Mapping[str, Page] | None = None) -> list[str]:
    """Links of `pages` that point into a generated page (of `known`, by default `pages`) that
    does not exist, or to an id that page does not have. Links elsewhere (hand-written pages,
    the PDFs, other sites) are not the generator's to check."""
    known = pages if known is None else known
    by_url = {page_url(p.path): p for p in known.values()}
    ids: dict[str, set[str]] = {}  # the ids of the pages linked with an anchor, made when first needed
    problems = []
    for page in pages.values():
        here = page_url(page.path)
        for href in page.links:
            target, _, anchor = href.partition("#")
            if "://" in target or target.startswith(("mailto:", "/")) or target.endswith(".pdf"):
                continue
            url = here if not target else _resolve(here, target)
            if url is None:
                continue
            if url not in by_url:
                if _GENERATED_URL.fullmatch(url):
                    problems.append(f"docs/{page.path}: link to {href}: no such page")
                continue
            if anchor and anchor not in (ids.get(url) or ids.setdefault(url, set(by_url[url].ids))):
                problems.append(f"docs/{page.path}: link to {href}: no element #{anchor} there")
    return problems


_GENERATED_URL = re.compile(r"(articles|months)/[^/]+/")  # where generated pages are served


def _resolve(here: str, target: str) -> str | None:
    """The site URL (from the root, '' for home) a relative link from `here` reaches; None
    when it leaves the site."""
    joined = normpath(join(here or ".", target))
    if joined.startswith(".."):
        return None
    return "" if joined == "." else joined.rstrip("/") + "/"
