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
from briefing.render.core import ARTICLE_URL, SEVERITY_EN, SEVERITY_ZH, cite_label, text_paragraphs
from briefing.render.labels import english_title
from briefing.render.article_lists import home_article_list
from briefing.render.site_parts import HANS, HANT
from briefing.render.structure import Outline, Part
from briefing.sources.script import both_scripts, detect_script
TEASER_EVENTS = 5
TYPE_EN = {"person": "person", "org": "organisation", "product": "product", "policy": "policy",
           "place": "place", "term": "term"}


# ---------------------------------------------------------------- small pieces

def en(text: str, out: Outline, anchor: str, tag: str = "span", cls: str = "",
       part: Part = Part.TEXT) -> str:
    """English text in `tag`, escaped, with lang="en"; recorded under `anchor`."""
    out.en(anchor, part, text, _level(tag))
    c = f' class="{cls}"' if cls else ""
    return f'<{tag} lang="en"{c}>{escape(text)}</{tag}>'


def zh(text: str, out: Outline, anchor: str, tag: str = "span", cls: str = "",
       part: Part = Part.TEXT, level: int | None = None) -> str:
    """Chinese text in both scripts; the site's 简/繁 switch shows one of them."""
    hans, hant = both_scripts(text, detect_script(text))
    out.zh(anchor, part, hans, hant, _level(tag) if level is None else level)
    extra = f" {cls}" if cls else ""
    if hans == hant:
        return f'<{tag} lang="zh-Hans" class="bf-zh{extra}">{escape(hans)}</{tag}>'
    return (f'<{tag} lang="zh-Hans" class="{HANS}{extra}">{escape(hans)}</{tag}>'
            f'<{tag} lang="zh-Hant" class="{HANT}{extra}">{escape(hant)}</{tag}>')


def _level(tag: str) -> int:
    """The heading level of an element ('h3' → 3), 0 for any other."""
    return int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit() else 0


def paras_en(text: str, out: Outline, anchor: str, cls: str = "") -> str:
    """English text as paragraphs (one per line of the YAML text)."""
    return "".join(en(p, out, anchor, "p", cls) for p in text_paragraphs(text))


def paras_zh(text: str, out: Outline, anchor: str, cls: str = "") -> str:
    """Chinese text as paragraphs, each in both scripts."""
    return "".join(zh(p, out, anchor, "p", cls) for p in text_paragraphs(text))


def heading(level: int, out: Outline, text_en: str, text_zh: str = "", anchor: str = "") -> str:
    """A heading as an HTML block (not Markdown: generated pages may skip Markdown), each
    language marked, the Chinese in both scripts."""
    ident = out.ident(anchor) if anchor else ""
    out.en(anchor, Part.HEADING, text_en, level)
    chinese = " " + zh(text_zh, out, anchor, part=Part.HEADING, level=level) if text_zh else ""
    return f'<h{level}{ident} lang="en">{escape(text_en)}{chinese}</h{level}>\n'


def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def article_href(slug: str, anchor: str = "", base: str = "") -> str:
    """Relative link to an article page (and a sentence on it)."""
    return base + ARTICLE_URL.format(slug=slug) + (f"#{anchor}" if anchor else "")


def reader_titles(briefing: Briefing) -> dict[str, str]:
    """Each article's name for readers, by slug: its English title, else its headline as
    published (a reader never sees a slug: render/internal_refs.py)."""
    return {a.slug: english_title(a, briefing.translations) or a.title.source for a in briefing.articles}


SHORT_NAME = 36  # characters of an article's English title that name it in a citation


def short_names(briefing: Briefing) -> dict[str, str]:
    """Each article's name in citations from other pages: its English title up to its first
    colon or dash, cut at a word within SHORT_NAME characters (never its slug)."""
    names = {}
    for a in briefing.articles:
        title = english_title(a, briefing.translations) or a.title.source
        name = re.split(r"\s*[:—–]\s+|：", title, maxsplit=1)[0].strip()
        if len(name) > SHORT_NAME:
            name = name[:SHORT_NAME].rsplit(" ", 1)[0].rstrip(",;") + "…"
        names[a.slug] = name
    return names


def cites_html(ids: Iterable[str], base: str, segments: Mapping[str, Segment], out: Outline,
               owner: str, *, same_page: bool = False, names: Mapping[str, str] | None = None) -> str:
    """Citation links; on the article itself (`same_page`) just '¶4.2', elsewhere the article's
    short name (`names`, by slug) and '¶4.2'."""
    links = []
    for sid in ids:
        slug, anchor = sid.split("/", 1)
        href = f"#{anchor}" if same_page else article_href(slug, anchor, base)
        seg = segments.get(sid)
        title = f' title="{escape(seg.hans)}"' if seg else ""
        name = (names or {}).get(slug, "article")
        label = cite_label(sid) if same_page else f"{name} {cite_label(sid)}"
        out.en(owner, Part.CITATIONS, label)
        links.append(f'<a class="bf-cite" href="{out.href(href)}"{title} lang="en">{escape(label)}</a>')
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


def _event_date(event: TimelineEvent, out: Outline, anchor: str) -> str:
    out.en(anchor, Part.TEXT, event.date)
    return f'<time datetime="{escape(event.date)}" lang="en">{escape(event.date)}</time>'


# ---------------------------------------------------------------- home page

def render_home(briefing: Briefing, curated: Curated, out: Outline, base: str = "",
                after_title: Callable[[], str] = lambda: "") -> str:
    """Home page: the title (and `after_title`'s line under it), the newest articles with their
    summaries first, then the overview, themes and the timeline teaser."""
    segs = segment_map(briefing)
    ov = curated.overview
    titles = reader_titles(briefing)
    parts = []
    if ov is not None:
        parts.append(heading(1, out, ov.title_en))
        parts.append(zh(ov.title_zh, out, "", "p", "bf-subtitle"))
    parts.append(after_title())
    parts.append(heading(2, out, "Latest articles", "最新文章", "articles"))
    parts.append(home_article_list(briefing, out, card_summary(curated)) + "\n")
    if ov is not None:
        parts.append(heading(2, out, "Overview", "概述", "overview"))
        parts.append('<div class="bf-overview">' + paras_en(ov.overview_en, out, "overview")
                     + paras_zh(ov.overview_zh, out, "overview") + "</div>\n")
        parts.append(heading(2, out, "Themes", "主题", "themes"))
        items = []
        for t in ov.themes:
            theme = f"theme-{t.id}"
            ident = out.ident(theme)
            head = (en(t.title_en, out, theme, "h3") + zh(t.title_zh, out, theme, "p", "bf-theme-zh")
                    + paras_en(t.text_en, out, theme) + paras_zh(t.text_zh, out, theme))
            out.en(theme, Part.CITATIONS, "Sources: ")
            links = ", ".join(f'<a href="{out.href(article_href(s, base=base))}" lang="en">'
                              f"{escape(_cited(out, theme, titles.get(s, s)))}</a>" for s in t.articles)
            items.append(f'<section class="bf-theme"{ident}>' + head
                         + f'<p class="bf-theme-articles"><span lang="en">Sources: </span>{links}</p>'
                         + "</section>")
        parts.append('<div class="bf-themes">' + "".join(items) + "</div>\n")
    if curated.timeline:
        parts.append(heading(2, out, "Timeline", "时间线", "timeline"))
        names = short_names(briefing)
        rows = [_event_li(e, i, base, segs, out, names)
                for i, e in enumerate(curated.timeline[:TEASER_EVENTS], start=1)]
        total = len(curated.timeline)
        out.en("timeline", Part.FURNITURE, f"All {total} events →")
        parts.append('<ol class="bf-timeline bf-teaser">' + "".join(rows) + "</ol>"
                     + f'<p><a href="{out.href(base + "timeline/")}" lang="en">All {total} events →</a>'
                     + "</p>\n")
    return "\n".join(p for p in parts if p)


def _cited(out: Outline, owner: str, text: str) -> str:
    """The text of a link in a list of links to articles (recorded as such)."""
    out.en(owner, Part.CITATIONS, text)
    return text


def card_summary(curated: Curated) -> Callable[[Article, Outline, str], str]:
    """An article card's summary, both languages, from the article's curated notes ("" without)."""
    def summary(article: Article, out: Outline, anchor: str) -> str:
        notes = curated.notes.get(article.slug)
        return (paras_en(notes.summary_en, out, anchor) + paras_zh(notes.summary_zh, out, anchor)
                if notes else "")
    return summary


# ---------------------------------------------------------------- article page

def render_article_header(article: Article, notes: ArticleNotes | None, out: Outline,
                          anchor: str = "") -> str:
    """Summary (EN/ZH), key claims with links to their sentences, source notes; their texts
    are recorded under `anchor` (the last id before them on the page, none by default)."""
    if notes is None:
        return ""
    segs = {s.id: s for s in article.segments()}
    a = anchor
    summary = (heading_inline(out, a, "Summary", "摘要")
               + paras_en(notes.summary_en, out, a) + paras_zh(notes.summary_zh, out, a))
    claims_head = heading_inline(out, a, "Key claims", "主要论点")
    claims = "".join("<li>" + en(c.en, out, a, "p") + zh(c.zh, out, a, "p")
                     + cites_html(c.cites, "", segs, out, a, same_page=True) + "</li>" for c in notes.claims)
    source_head = heading_inline(out, a, "Source notes", "来源说明")
    s = notes.source
    rows = [("Outlet type", s.outlet_type), ("Author", s.author), ("Affiliation", s.affiliation or "unknown"),
            ("Stance", s.stance), ("Reliability", s.reliability)]
    dl = "".join(f"<dt lang=\"en\">{escape(_label(out, a, k))}</dt><dd lang=\"en\">{escape(_said(out, a, v))}</dd>"
                 for k, v in rows)
    flags = ""
    if notes.factchecks:
        out.en(a, Part.CITATIONS, "Fact-check flags: ")
        flags = ('<p class="bf-fc-summary" lang="en">Fact-check flags: '
                 + ", ".join(f'<a href="{out.href("#" + fc.segment.split("/", 1)[1])}">'
                             + escape(_cited(out, a, f'{cite_label(fc.segment)} ({SEVERITY_EN.get(fc.severity, fc.severity)})'))
                             + '</a>'
                             for fc in notes.factchecks) + "</p>")
    return ('<div class="bf-curated">'
            f'<section class="bf-summary"><h2 lang="en">{summary}</section>'
            f'<section class="bf-claims"><h2 lang="en">{claims_head}<ol>{claims}</ol></section>'
            f'<section class="bf-source"><h2 lang="en">{source_head}<dl>{dl}</dl>{flags}</section></div>\n')


def heading_inline(out: Outline, anchor: str, text_en: str, text_zh: str) -> str:
    """A section heading's words and the end of its <h2>: 'Summary <span …>摘要</span></h2>'
    (one script: the Chinese word is the same in both)."""
    out.en(anchor, Part.HEADING, text_en, 2)
    out.zh(anchor, Part.HEADING, text_zh, level=2)
    return f'{escape(text_en)} <span lang="zh-Hans" class="bf-zh">{escape(text_zh)}</span></h2>'


def _label(out: Outline, anchor: str, text: str) -> str:
    """The label of a definition list's entry (recorded as such)."""
    out.en(anchor, Part.LABEL, text)
    return text


def _said(out: Outline, anchor: str, text: str) -> str:
    """English text in a definition list (recorded)."""
    out.en(anchor, Part.TEXT, text)
    return text


def render_factchecks(checks: Sequence[FactCheck], out: Outline, anchor: str) -> str:
    """Editor fact-check flags to print under the paragraph they concern ("" when none): each a
    box across both columns, its Chinese note under the Chinese text and its English note under
    the English, naming (and linking) the sentence it is about."""
    html = []
    for fc in checks:
        severity = SEVERITY_EN.get(fc.severity, fc.severity)
        severity_zh = SEVERITY_ZH.get(fc.severity, "")
        sentence = fc.segment.split("/", 1)[1]
        label = cite_label(fc.segment)
        out.en(anchor, Part.TEXT, severity)
        out.en(anchor, Part.CITATIONS, label)
        html.append(f'<aside class="bf-factcheck bf-fc-{escape(fc.severity)}" '
                    f'aria-label="{escape(severity)}: fact check on {escape(label)}">'
                    '<div class="bf-fc-zh">' + zh(severity_zh, out, anchor, "strong") + " "
                    + zh(fc.note_zh, out, anchor, "span") + "</div>"
                    f'<div class="bf-fc-en" lang="en"><strong>{escape(severity)}</strong> '
                    f'<a class="bf-cite" href="{out.href("#" + sentence)}">{escape(label)}</a> '
                    + en(fc.note_en, out, anchor, "span") + "</div></aside>")
    return "".join(html)


# ---------------------------------------------------------------- timeline page

def _event_li(event: TimelineEvent, n: int, base: str, segs: Mapping[str, Segment], out: Outline,
              names: Mapping[str, str]) -> str:
    anchor = f"event-{n}"
    ident = out.ident(anchor)
    date = _event_date(event, out, anchor)
    if event.precision != "day":
        out.en(anchor, Part.TEXT, f"({event.precision})")
    precision = "" if event.precision == "day" else f' <small lang="en">({escape(event.precision)})</small>'
    text = en(event.en, out, anchor, "p") + zh(event.zh, out, anchor, "p")
    cites = cites_html(event.cites, base, segs, out, anchor, names=names)
    if event.resolved:
        out.en(anchor, Part.TEXT, f"Date resolved: {event.resolved}")
    resolved = (f'<p class="bf-resolved" lang="en"><small>Date resolved: {escape(event.resolved)}</small></p>'
                if event.resolved else "")
    return (f'<li{ident} class="bf-event">'
            f'<p class="bf-event-date">{date}{precision}</p>'
            + text + cites + resolved + "</li>")


TIMELINE_INTRO = ("Events drawn from the articles, earliest first. Each citation opens the "
                  "source sentence, highlighted, on its article page. Relative dates in the sources "
                  "(上月, 周一, 大年初四, 去年底) were resolved by the editor; the resolution is noted.")


def render_timeline(briefing: Briefing, curated: Curated, out: Outline, base: str = "../") -> str:
    """The timeline page (timeline/index.md): every event, each citing its source sentences."""
    segs = segment_map(briefing)
    head = heading(1, out, "Timeline", "时间线")
    out.en("", Part.TEXT, TIMELINE_INTRO)
    names = short_names(briefing)
    items = "".join(_event_li(e, i, base, segs, out, names) for i, e in enumerate(curated.timeline, start=1))
    return (head + "\n"
            f'<p lang="en">{escape(TIMELINE_INTRO, quote=False)}</p>\n\n'
            f'<ol class="bf-timeline">{items}</ol>\n')


# ---------------------------------------------------------------- glossary / entity index

def render_glossary(briefing: Briefing, index: Sequence[EntityMentions], out: Outline,
                    base: str = "../") -> str:
    """The glossary and entity index page (glossary/index.md)."""
    segs = segment_map(briefing)
    titles = reader_titles(briefing)
    taken: set[str] = set()
    head = heading(1, out, "Glossary and entity index", "术语与实体索引")
    intro = (f"{len(index)} names and terms with their approved English, and every "
             "sentence that names them, in either script.")
    out.en("", Part.TEXT, intro)
    rows = []
    for em in sorted(index, key=lambda x: x.entry.en.casefold()):
        e = em.entry
        anchor = entity_id(e.en, taken)
        ident = out.ident(anchor)
        out.en(anchor, Part.HEADING, e.en, 2)
        hans = "、".join(e.hans) or "—"
        hant = "、".join(e.hant or e.hans) or "—"
        other = "、".join(e.other)
        forms = [("Simplified", "zh-Hans", hans), ("Traditional", "zh-Hant", hant)]
        if other:
            forms.append(("Also written", "zh", other))
        facts = [("Type", TYPE_EN.get(e.type, e.type))] + ([("Note", e.note)] if e.note else [])
        mentions = (f'{_n(em.total, "mention")} in {_n(len(em.mentions), "sentence")} of '
                    f'{_n(len(em.by_article()), "article")}')
        facts.append(("Mentions", mentions))
        dl = "".join(f'<dt lang="en">{_label(out, anchor, label)}</dt><dd lang="{lang}">'
                     f'{escape(_form(out, anchor, text))}</dd>' for label, lang, text in forms)
        dl += "".join(f'<dt lang="en">{_label(out, anchor, label)}</dt><dd lang="en">{escape(_said(out, anchor, text))}</dd>'
                      for label, text in facts)
        places = []
        for slug, found in em.by_article().items():
            links = []
            for m in found:
                seg = segs.get(m.segment)
                title = f' title="{escape(seg.hans)}"' if seg else ""
                count = f"×{m.count}" if m.count > 1 else ""
                href = out.href(article_href(slug, m.segment.split("/", 1)[1], base))
                links.append(f'<a class="bf-cite" href="{href}"'
                             f'{title}>{escape(_cited(out, anchor, cite_label(m.segment) + count))}</a>')
            places.append(f'<li><a href="{out.href(article_href(slug, base=base))}">'
                          f'{escape(_cited(out, anchor, titles.get(slug, slug)))}</a> '
                          + " ".join(links) + "</li>")
        if not places:
            out.en(anchor, Part.TEXT, "Not named in the articles.")
        where = (f'<ul class="bf-mentions" lang="en">{"".join(places)}</ul>' if places
                 else '<p lang="en"><em>Not named in the articles.</em></p>')
        rows.append(
            f'<section class="bf-entity"{ident}>'
            f'<h2 lang="en">{escape(e.en)}</h2>'  # under the page's h1: no skipped level
            f'<dl class="bf-entity-forms">{dl}</dl>' + where + "</section>")
    return (head + "\n"
            f'<p lang="en">{escape(intro, quote=False)}</p>\n\n'
            f'<div class="bf-glossary">{"".join(rows)}</div>\n')


def _form(out: Outline, anchor: str, forms: str) -> str:
    """A name's written forms (one script, as listed), recorded as Chinese."""
    out.zh(anchor, Part.TEXT, forms)
    return forms
