"""HTML for the curated layer (pure): home page, article header, fact-check flags, timeline and
glossary pages.

Every function returns a string for a Markdown page made of raw HTML blocks only (headings
included), which Markdown leaves alone; all text is escaped here.
Links are relative, so the site works under any sub-path: `base` is the way from the page to the
site root ("" on the home page, "../" on /timeline/, "../../" on /articles/<slug>/).
Every text element carries `lang`; Chinese curated text is given in both scripts, marked with the
same classes as the article text so the site's 简/繁 switch applies to it too.
"""

from __future__ import annotations

import re
from html import escape
from typing import Callable, Iterable, Mapping, Sequence

from briefing.curation.curated import ArticleNotes, Curated, FactCheck, TimelineEvent
from briefing.curation.entities import EntityMentions
from briefing.model import Article, Briefing, Segment
from briefing.render.core import ARTICLE_URL, cite_label
from briefing.render.labels import english_title
from briefing.render.article_lists import home_article_list
from briefing.render.site_parts import HANS, HANT
from briefing.sources.script import both_scripts, detect_script
TEASER_EVENTS = 5
SEVERITY_EN = {"error": "Factual error", "doubtful": "Doubtful", "context": "Context"}
SEVERITY_ZH = {"error": "事实错误", "doubtful": "存疑", "context": "背景"}
TYPE_EN = {"person": "person", "org": "organisation", "product": "product", "policy": "policy",
           "place": "place", "term": "term"}


# ---------------------------------------------------------------- small pieces

def en(text: str, tag: str = "span", cls: str = "") -> str:
    """English text in `tag`, escaped, with lang="en"."""
    c = f' class="{cls}"' if cls else ""
    return f'<{tag} lang="en"{c}>{escape(text)}</{tag}>'


def zh(text: str, tag: str = "span", cls: str = "") -> str:
    """Chinese text in both scripts; the site's 简/繁 switch shows one of them."""
    hans, hant = both_scripts(text, detect_script(text))
    extra = f" {cls}" if cls else ""
    if hans == hant:
        return f'<{tag} lang="zh-Hans" class="bf-zh{extra}">{escape(hans)}</{tag}>'
    return (f'<{tag} lang="zh-Hans" class="{HANS}{extra}">{escape(hans)}</{tag}>'
            f'<{tag} lang="zh-Hant" class="{HANT}{extra}">{escape(hant)}</{tag}>')


def paras_en(text: str, cls: str = "") -> str:
    """English text as paragraphs (one per line of the YAML text)."""
    return "".join(en(p, "p", cls) for p in _paragraphs(text))


def paras_zh(text: str, cls: str = "") -> str:
    """Chinese text as paragraphs, each in both scripts."""
    return "".join(zh(p, "p", cls) for p in _paragraphs(text))


def _paragraphs(text: str) -> list[str]:
    # a blank line inside a raw HTML block would end the block in Markdown: one <p> per line
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def heading(level: int, text_en: str, text_zh: str = "", anchor: str = "") -> str:
    """A heading as an HTML block (not Markdown: generated pages may skip Markdown), each
    language marked, the Chinese in both scripts."""
    ident = f' id="{escape(anchor)}"' if anchor else ""
    chinese = " " + zh(text_zh) if text_zh else ""
    return f'<h{level}{ident} lang="en">{escape(text_en)}{chinese}</h{level}>\n'


def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def article_href(slug: str, anchor: str = "", base: str = "") -> str:
    """Relative link to an article page (and a sentence on it)."""
    return base + ARTICLE_URL.format(slug=slug) + (f"#{anchor}" if anchor else "")


def cites_html(ids: Iterable[str], base: str, segments: Mapping[str, Segment],
               *, same_page: bool = False) -> str:
    """Citation links; on the article itself (`same_page`) just '#p4-s2'."""
    links = []
    for sid in ids:
        slug, anchor = sid.split("/", 1)
        href = f"#{anchor}" if same_page else article_href(slug, anchor, base)
        seg = segments.get(sid)
        title = f' title="{escape(seg.hans)}"' if seg else ""
        label = cite_label(sid) if same_page else f"{slug} {cite_label(sid)}"
        links.append(f'<a class="bf-cite" href="{escape(href)}"{title} lang="en">{escape(label)}</a>')
    return '<span class="bf-cites">' + " ".join(links) + "</span>"


def segment_map(briefing: Briefing) -> dict[str, Segment]:
    """Every segment of the briefing by id."""
    return {s.id: s for a in briefing.articles for s in a.segments()}


def entity_id(entry_en: str, taken: set[str]) -> str:
    """A stable, unique HTML id for a glossary entry."""
    base = "entity-" + (re.sub(r"[^a-z0-9]+", "-", entry_en.lower()).strip("-") or "x")
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out


def _event_date(event: TimelineEvent) -> str:
    return f'<time datetime="{escape(event.date)}" lang="en">{escape(event.date)}</time>'


# ---------------------------------------------------------------- home page

def render_home(briefing: Briefing, curated: Curated, base: str = "") -> str:
    """Home page: overview, themes, timeline teaser, article cards with summaries."""
    segs = segment_map(briefing)
    ov = curated.overview
    titles = {a.slug: english_title(a, briefing.translations) or a.slug for a in briefing.articles}
    out = []
    if ov is not None:
        out.append(heading(1, ov.title_en))
        out.append('<div class="bf-overview">' + zh(ov.title_zh, "p", "bf-subtitle")
                   + paras_en(ov.overview_en) + paras_zh(ov.overview_zh) + "</div>\n")
        out.append(heading(2, "Themes", "主题", "themes"))
        items = []
        for t in ov.themes:
            links = ", ".join(f'<a href="{escape(article_href(s, base=base))}" lang="en">'
                              f"{escape(titles.get(s, s))}</a>" for s in t.articles)
            items.append(f'<section class="bf-theme" id="theme-{escape(t.id)}">'
                         + en(t.title_en, "h3") + zh(t.title_zh, "p", "bf-theme-zh")
                         + paras_en(t.text_en) + paras_zh(t.text_zh)
                         + f'<p class="bf-theme-articles"><span lang="en">Sources: </span>{links}</p>'
                         + "</section>")
        out.append('<div class="bf-themes">' + "".join(items) + "</div>\n")
    if curated.timeline:
        out.append(heading(2, "Timeline", "时间线", "timeline"))
        rows = [_event_li(e, i, base, segs) for i, e in enumerate(curated.timeline, start=1)]
        out.append('<ol class="bf-timeline bf-teaser">' + "".join(rows[:TEASER_EVENTS]) + "</ol>"
                   + f'<p><a href="{escape(base)}timeline/" lang="en">All {len(rows)} events →</a>'
                   + "</p>\n")
    out.append(heading(2, "Articles", "文章", "articles"))
    out.append(home_article_list(briefing, card_summary(curated)) + "\n")
    return "\n".join(out)


def card_summary(curated: Curated) -> Callable[[Article], str]:
    """An article card's summary, both languages, from the article's curated notes ("" without)."""
    def summary(article: Article) -> str:
        notes = curated.notes.get(article.slug)
        return paras_en(notes.summary_en) + paras_zh(notes.summary_zh) if notes else ""
    return summary


# ---------------------------------------------------------------- article page

def render_article_header(article: Article, notes: ArticleNotes | None) -> str:
    """Summary (EN/ZH), key claims with links to their sentences, source notes."""
    if notes is None:
        return ""
    segs = {s.id: s for s in article.segments()}
    claims = "".join("<li>" + en(c.en, "p") + zh(c.zh, "p")
                     + cites_html(c.cites, "", segs, same_page=True) + "</li>" for c in notes.claims)
    s = notes.source
    rows = [("Outlet type", s.outlet_type), ("Author", s.author), ("Affiliation", s.affiliation or "unknown"),
            ("Stance", s.stance), ("Reliability", s.reliability)]
    dl = "".join(f"<dt lang=\"en\">{escape(k)}</dt><dd lang=\"en\">{escape(v)}</dd>" for k, v in rows)
    flags = ""
    if notes.factchecks:
        flags = ('<p class="bf-fc-summary" lang="en">Fact-check flags: '
                 + ", ".join(f'<a href="#{escape(fc.segment.split("/", 1)[1])}">'
                             f'{escape(cite_label(fc.segment))} ({escape(SEVERITY_EN.get(fc.severity, fc.severity))})</a>'
                             for fc in notes.factchecks) + "</p>")
    return ('<div class="bf-curated">'
            '<section class="bf-summary"><h2 lang="en">Summary <span lang="zh-Hans" class="bf-zh">摘要</span></h2>'
            + paras_en(notes.summary_en) + paras_zh(notes.summary_zh) + "</section>"
            '<section class="bf-claims"><h2 lang="en">Key claims <span lang="zh-Hans" class="bf-zh">主要论点</span></h2>'
            f'<ol>{claims}</ol></section>'
            '<section class="bf-source"><h2 lang="en">Source notes <span lang="zh-Hans" class="bf-zh">来源说明</span></h2>'
            f'<dl>{dl}</dl>{flags}</section></div>\n')


def render_factchecks(checks: Sequence[FactCheck]) -> str:
    """Editor fact-check flags to print beside the sentence they concern ("" when none)."""
    return "".join(
        f'<aside class="bf-factcheck bf-fc-{escape(fc.severity)}" role="note">'
        f'<strong lang="en">{escape(SEVERITY_EN.get(fc.severity, fc.severity))}</strong> '
        f'<strong lang="zh-Hans" class="bf-zh">{escape(SEVERITY_ZH.get(fc.severity, ""))}</strong> '
        + en(fc.note_en, "span") + " " + zh(fc.note_zh, "span") + "</aside>"
        for fc in checks)


# ---------------------------------------------------------------- timeline page

def _event_li(event: TimelineEvent, n: int, base: str, segs: Mapping[str, Segment],
              page: str = "timeline/") -> str:
    date = _event_date(event)
    precision = "" if event.precision == "day" else f' <small lang="en">({escape(event.precision)})</small>'
    resolved = (f'<p class="bf-resolved" lang="en"><small>Date resolved: {escape(event.resolved)}</small></p>'
                if event.resolved else "")
    return (f'<li id="event-{n}" class="bf-event">'
            f'<p class="bf-event-date">{date}{precision}</p>'
            + en(event.en, "p") + zh(event.zh, "p") + cites_html(event.cites, base, segs)
            + resolved + "</li>")


def render_timeline(briefing: Briefing, curated: Curated, base: str = "../") -> str:
    """The timeline page (timeline.md): every event, each citing its source sentences."""
    segs = segment_map(briefing)
    items = "".join(_event_li(e, i, base, segs) for i, e in enumerate(curated.timeline, start=1))
    return (heading(1, "Timeline", "时间线") + "\n"
            '<p lang="en">Events drawn from the articles, earliest first. Each citation opens the '
            "source sentence, highlighted, on its article page. Relative dates in the sources "
            "(上月, 周一, 大年初四, 去年底) were resolved by the editor; the resolution is noted.</p>\n\n"
            f'<ol class="bf-timeline">{items}</ol>\n')


# ---------------------------------------------------------------- glossary / entity index

def render_glossary(briefing: Briefing, index: Sequence[EntityMentions], base: str = "../") -> str:
    """The glossary and entity index page (glossary.md)."""
    segs = segment_map(briefing)
    titles = {a.slug: english_title(a, briefing.translations) or a.slug for a in briefing.articles}
    taken: set[str] = set()
    rows = []
    for em in sorted(index, key=lambda x: x.entry.en.casefold()):
        e = em.entry
        hans = "、".join(e.hans) or "—"
        hant = "、".join(e.hant or e.hans) or "—"
        other = "、".join(e.other)
        places = []
        for slug, mentions in em.by_article().items():
            links = []
            for m in mentions:
                seg = segs.get(m.segment)
                title = f' title="{escape(seg.hans)}"' if seg else ""
                count = f"×{m.count}" if m.count > 1 else ""
                links.append(f'<a class="bf-cite" href="{escape(article_href(slug, m.segment.split("/", 1)[1], base))}"'
                             f'{title}>{escape(cite_label(m.segment))}{count}</a>')
            places.append(f'<li><a href="{escape(article_href(slug, base=base))}">{escape(titles.get(slug, slug))}</a> '
                          + " ".join(links) + "</li>")
        where = (f'<ul class="bf-mentions" lang="en">{"".join(places)}</ul>' if places
                 else '<p lang="en"><em>Not named in the articles.</em></p>')
        rows.append(
            f'<section class="bf-entity" id="{entity_id(e.en, taken)}">'
            f'<h2 lang="en">{escape(e.en)}</h2>'  # under the page's h1: no skipped level
            '<dl class="bf-entity-forms">'
            f'<dt lang="en">Simplified</dt><dd lang="zh-Hans">{escape(hans)}</dd>'
            f'<dt lang="en">Traditional</dt><dd lang="zh-Hant">{escape(hant)}</dd>'
            + (f'<dt lang="en">Also written</dt><dd lang="zh">{escape(other)}</dd>' if other else "")
            + f'<dt lang="en">Type</dt><dd lang="en">{escape(TYPE_EN.get(e.type, e.type))}</dd>'
            + (f'<dt lang="en">Note</dt><dd lang="en">{escape(e.note)}</dd>' if e.note else "")
            + f'<dt lang="en">Mentions</dt><dd lang="en">{_n(em.total, "mention")} in '
              f'{_n(len(em.mentions), "sentence")} of {_n(len(em.by_article()), "article")}</dd></dl>'
            + where + "</section>")
    return (heading(1, "Glossary and entity index", "术语与实体索引") + "\n"
            f'<p lang="en">{len(index)} names and terms with their approved English, and every '
            "sentence that names them, in either script.</p>\n\n"
            f'<div class="bf-glossary">{"".join(rows)}</div>\n')
