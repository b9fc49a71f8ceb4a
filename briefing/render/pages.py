"""Site pages from a Briefing (pure): {path under docs/: Markdown text}.

Every page is YAML front matter (title) around raw HTML blocks. Markdown leaves raw HTML blocks
alone, so source text — which may hold <, &, `*`, `#`, `{{ }}` — is only ever HTML-escaped here
and is never parsed as Markdown (no md_in_html, no macros).

The HTML pieces (sentences, controls, cards) are in site_parts.py, what the site and the print
document share in core.py. Links are relative, so the site works under any sub-path.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Mapping

from briefing.curation.entities import index_entities
from briefing.model import Article, Briefing, Kind, Paragraph, Status, Translation
from briefing.render.core import (FactChecks, briefing_titles, esc, factchecks_by_segment, link_or_text,
                                  paragraph_factchecks, row_cells)
from briefing.render.article_lists import home_article_list, month_pages, no_extra
from briefing.render.article_links import article_pdf_link, gloss_href
from briefing.render.curated_pages import (card_summary, render_article_header, render_factchecks,
                                           render_glossary, render_timeline)
from briefing.render.curated_pages import render_home as render_curated_home
from briefing.render.labels import english_title, other_script_note
from briefing.render.site_parts import (ROW_MARKUP, SCRIPT_NAME, controls, controls_block,
                                        english_sentence, front_matter, mixed_lang, original_sentence,
                                        site_provenance, time_html, zh_text)

ARTICLE_PATH = "articles/{slug}.md"


# ---------------------------------------------------------------- article page

_TAG = {Kind.HEADING: "h2", Kind.TEXT: "p", Kind.ITEM: "p", Kind.CAPTION: "p", Kind.LEAD: "p"}


def render_row(p: Paragraph, script: str, translations: Mapping[str, Translation],
               aside: str = "") -> str:
    """One aligned row: the original paragraph left, its English right."""
    tag = _TAG[p.kind]
    zh, en = row_cells(p, script, translations, ROW_MARKUP)
    return (f'<div class="bf-row bf-{p.kind.value}" id="p{p.index}">'
            f'<div class="bf-orig"><{tag} class="bf-text">{zh}</{tag}></div>'
            f'<div class="bf-en" lang="en"><{tag} class="bf-text">{en}</{tag}>{aside}</div></div>')


def _meta_rows(article: Article, translations: Mapping[str, Translation]) -> list[tuple[str, str]]:
    m = article.meta
    rows = [("Outlet", mixed_lang(m.outlet, article.script)), ("Author", mixed_lang(m.author, article.script)),
            ("Published", time_html(article))]
    if m.url:
        rows.append(("Source", link_or_text(m.url, ' rel="noopener"')))
    else:
        rows.append(("Source", "link unknown; seed file " + f"<code>{esc(m.source_file)}</code>"))
    rows.append(("Original script", SCRIPT_NAME[article.script]))
    rows.append(("Other script", esc(other_script_note(article.script))))
    rows.append(("English", esc(site_provenance(article, translations))))
    rows.append(("PDF", article_pdf_link(article.slug)))
    return rows


def _header(briefing: Briefing, article: Article) -> str:
    t = article.title
    en_title = english_sentence(t, briefing.translation(t))
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in _meta_rows(article, briefing.translations))
    notes = ""
    if article.meta.notes:
        notes = (f'<details class="bf-notes"><summary>Editor’s note on the source</summary>'
                 f"<p>{esc(article.meta.notes)}</p></details>")
    if article.meta.title_source == "editor":
        notes += '<p class="bf-small">The headline was supplied by the editor; the scraped text has none.</p>'
    elif article.meta.title_source == "provisional":
        notes += ('<p class="bf-small">Provisional headline, taken from the lead sentence: the scraped '
                  'text has none and no editor has supplied one yet.</p>')
    notes += machine_banner(article, briefing.translations)
    return (f'<header class="bf-head">'
            f'<h1 class="bf-title"><span class="bf-title-zh">{original_sentence(t)}</span>'
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


def render_article(briefing: Briefing, article: Article) -> str:
    """The article page: header, curated notes (when present), then the aligned rows."""
    return article_page(briefing, article, factchecks_by_segment(briefing.curated))


def article_page(briefing: Briefing, article: Article, factchecks: FactChecks) -> str:
    """`render_article` with the briefing's fact checks by segment already gathered."""
    rows = [render_row(p, article.script, briefing.translations,
                       render_factchecks(paragraph_factchecks(p, factchecks)))
            for p in article.paragraphs]
    notes = briefing.curated.notes.get(article.slug) if briefing.curated is not None else None
    curated_header = render_article_header(article, notes)
    title = english_title(article, briefing.translations) or article.title.source
    body = (f'<div class="bf-page bf-article bf-orig-{article.script}" data-bf-orig="{article.script}" '
            f'data-bf-gloss="{esc(gloss_href(article.slug))}">\n'
            + controls() + "\n" + _header(briefing, article) + "\n"
            + (curated_header + "\n" if curated_header else "")
            + '<div class="bf-columns" aria-hidden="true"><div class="bf-orig"><span lang="en">Original</span> '
              '<span lang="zh-Hans" class="bf-zh">原文</span></div><div class="bf-en" lang="en">English</div></div>\n'
            + '<div class="bf-text-rows">\n' + "\n".join(rows) + "\n</div>\n</div>\n")
    return front_matter(title, {"hide": ["toc"]}) + body


# ---------------------------------------------------------------- home page

PDF_LINK = ('<p class="bf-pdf" lang="en"><a href="briefing.pdf" type="application/pdf">'
            "The whole briefing as one PDF</a> (cover, overview, timeline, glossary and every "
            "article in two columns; built by <code>make pdf</code>).</p>\n")


def render_home(briefing: Briefing) -> str:
    """The home page: title, overview slot (curated layer), then the list of articles."""
    curated = briefing.curated
    title_en, title_zh = briefing_titles(briefing)
    if curated is not None and curated.overview is not None:
        # The curated layer owns the front page (overview, themes, timeline teaser, cards).
        return (front_matter(title_en) + controls_block()
                + render_curated_home(briefing, curated) + "\n" + PDF_LINK)
    n = len(briefing.articles)
    return (front_matter(title_en)
            + '<div class="bf-page bf-home">\n' + controls(views=False) + "\n"
            + f'<h1 class="bf-title"><span lang="en">{esc(title_en)}</span> '
              f'<span class="bf-title-zh">{zh_text(title_zh, "hans")}</span></h1>\n'
            + f'<p lang="en">{n} Chinese-language article{"s" if n != 1 else ""}, each shown '
              "sentence by sentence beside its English translation. Switch the original between "
              "Simplified and Traditional characters with the "
              '<span lang="zh-Hans" class="bf-zh">简</span> / <span lang="zh-Hant" class="bf-zh">繁</span> '
              "buttons.</p>\n" + PDF_LINK
            + '<!-- overview: the curated layer (curation/overview.yml) fills this section -->\n'
            + '<section class="bf-list" aria-labelledby="articles-heading">'
              '<h2 id="articles-heading" lang="en">Articles <span lang="zh-Hans" class="bf-zh">文章</span></h2>\n'
            + home_article_list(briefing, separator="\n") + "</section>\n</div>\n")


# ---------------------------------------------------------------- all pages

def render_curated_pages(briefing: Briefing) -> dict[str, str]:
    """Timeline and glossary pages, when the curated layer is present."""
    curated = briefing.curated
    if curated is None:
        return {}
    pages = {}
    if curated.timeline:
        pages["timeline.md"] = front_matter("Timeline") + controls_block() + render_timeline(briefing, curated)
    if curated.glossary.entries:
        index = index_entities(curated.glossary, briefing.articles)
        pages["glossary.md"] = (front_matter("Glossary and entity index") + controls_block()
                                + render_glossary(briefing, index))
    return pages


def render_pages(briefing: Briefing, article_pages: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every generated page: {path relative to docs/: Markdown text}. `article_pages`: the
    articles' own pages when they are already rendered (by worker processes), in article order."""
    pages = {"index.md": render_home(briefing)}
    if article_pages is None:
        factchecks = factchecks_by_segment(briefing.curated)
        article_pages = {ARTICLE_PATH.format(slug=a.slug): article_page(briefing, a, factchecks)
                         for a in briefing.articles}
    pages.update(article_pages)
    pages.update(month_pages(briefing, card_summary(briefing.curated) if briefing.curated else no_extra))
    pages.update(render_curated_pages(briefing))
    return pages


def check_pages(pages: Mapping[str, str]) -> list[str]:
    """Problems that must stop a build before anything is written (ids unique per page)."""
    problems = []
    for path, text in pages.items():
        counts = Counter(re.findall(r'\sid="([^"]+)"', text))
        dupes = sorted(i for i, n in counts.items() if n > 1)
        if dupes:
            problems.append(f"docs/{path}: duplicate HTML ids {', '.join(dupes[:5])}")
    return problems
