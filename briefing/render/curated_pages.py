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
from briefing.model import Article, Segment
from briefing.curation.assembled import Briefing
from briefing.render.core import ARTICLE_URL, SEVERITY_EN, SEVERITY_ZH, cite_label, text_paragraphs
from briefing.render.labels import english_title
from briefing.render.article_lists import home_article_list
from briefing.render.site_parts import HANS, HANT
from briefing.render.structure import Outline, Part
from briefing.sources.script import detect_script
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
    hans, hant = out.conversion.both(text, detect_script(text))
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

# The kinds of entry, as the glossary's filter names them (plural), in this order.
TYPE_GROUPS = {"person": "People", "org": "Organisations", "product": "Products", "policy": "Policies",
               "place": "Places", "term": "Terms"}
OTHER_LETTER = "#"  # entries whose English name does not begin with a letter A–Z


def reading(text: str) -> str:
    """The pinyin of the Chinese in `text`, a syllable at a time with tone marks, as a
    dictionary gives it ('shēn dù qiú suǒ'); '' when it holds no Chinese."""
    from pypinyin import Style, pinyin
    if not _HAN.search(text):
        return ""
    syllables = [s[0] for s in pinyin(text, style=Style.TONE, errors="ignore")]
    return " ".join(x for x in syllables if x.strip())


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _letter(name: str) -> str:
    first = name[:1].upper()
    return first if "A" <= first <= "Z" else OTHER_LETTER


def _plain(text: str) -> str:
    """Pinyin without tone marks, for matching what a reader types ('shendu')."""
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def render_glossary(briefing: Briefing, index: Sequence[EntityMentions], out: Outline,
                    base: str = "../") -> str:
    """The glossary and entity index page (glossary/index.md): entries grouped by the letter
    their English name begins with, each with its Chinese in the reader's script (the other
    script's spelling beside it when it differs), its pinyin, kind and note, and the articles
    that name it — their titles in the reader's script — with links to each sentence. A–Z
    links work without scripts; glossary.js adds a find box (English, Chinese in either
    script, pinyin with or without tones) and a filter by kind."""
    articles = {a.slug: a for a in briefing.articles}
    titles = {a.slug: english_title(a, briefing.translations) for a in briefing.articles}
    taken: set[str] = set()
    head = heading(1, out, "Glossary and entity index", "术语与实体索引")
    intro = (f"{len(index)} names and terms with their approved English and pinyin, and the "
             "articles and sentences that name them, in either script. Find one by typing, by "
             "its first letter or by its kind.")
    out.en("", Part.TEXT, intro)
    entries = sorted(index, key=lambda x: x.entry.en.casefold())
    groups: dict[str, list[str]] = {}
    kinds: dict[str, int] = {}
    for em in entries:
        e = em.entry
        anchor = entity_id(e.en, taken)
        kinds[e.type] = kinds.get(e.type, 0) + 1
        groups.setdefault(_letter(e.en), []).append(_entry(em, anchor, articles, titles, out, base))
    letters = [c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] + ([OTHER_LETTER] if OTHER_LETTER in groups else [])
    out.en("letters", Part.FURNITURE, "Entries by letter")
    az = "".join(f'<li><a href="{out.href("#" + _letter_id(c))}">{escape(c)}</a></li>' if c in groups
                 else f'<li><span aria-disabled="true" title="No entry">{escape(c)}</span></li>'
                 for c in letters)
    tools = _glossary_tools(len(entries), kinds, out)
    sections = []
    for c in letters:
        if c not in groups:
            continue
        ident = out.ident(_letter_id(c))
        out.en(_letter_id(c), Part.FURNITURE, c)
        sections.append(f'<section class="bf-letter" aria-labelledby="{_letter_id(c)}">'
                        f'<h2 class="bf-letter-h"{ident} lang="en">{escape(c)}</h2>'
                        f'<div class="bf-entities">{"".join(groups[c])}</div></section>')
    return (head + "\n"
            f'<p lang="en">{escape(intro, quote=False)}</p>\n\n'
            f'<div class="bf-glossary-bar">{tools}'
            f'<nav class="bf-az"{out.ident("letters")} aria-label="Entries by letter" lang="en"><ol>{az}</ol></nav></div>\n'
            f'<div class="bf-glossary">{"".join(sections)}</div>\n'
            '<p class="bf-gloss-none" lang="en" hidden>No entry matches. <button type="button" '
            'data-bf-gloss-clear>Show all entries</button></p>\n')


def _letter_id(letter: str) -> str:
    return "letter-" + ("other" if letter == OTHER_LETTER else letter.lower())


def _glossary_tools(total: int, kinds: Mapping[str, int], out: Outline) -> str:
    """The find box and the filter by kind: they need glossary.js, hidden until it runs."""
    out.en("", Part.CONTROLS, "Find a term")
    buttons = [f'<button type="button" data-bf-kind="" aria-pressed="true">All <span class="bf-n">{total}</span></button>']
    for kind, label in TYPE_GROUPS.items():
        if kinds.get(kind):
            buttons.append(f'<button type="button" data-bf-kind="{kind}" aria-pressed="false">{label} '
                           f'<span class="bf-n">{kinds[kind]}</span></button>')
    for kind in sorted(set(kinds) - set(TYPE_GROUPS)):
        buttons.append(f'<button type="button" data-bf-kind="{escape(kind)}" aria-pressed="false">'
                       f'{escape(kind)} <span class="bf-n">{kinds[kind]}</span></button>')
    return ('<div class="bf-gloss-tools" lang="en" hidden>'
            '<label class="bf-gloss-find"><span>Find a term</span> '
            '<input type="search" data-bf-gloss-find autocomplete="off" spellcheck="false" '
            'placeholder="English, 中文 or pinyin" aria-describedby="bf-gloss-count"></label>'
            f'<div class="bf-ctl bf-kinds" role="group" aria-label="Kind of entry">{"".join(buttons)}</div>'
            f'<p class="bf-gloss-count"{out.ident("bf-gloss-count")} aria-live="polite">{total} entries</p></div>')


def _entry(em: EntityMentions, anchor: str, articles: Mapping[str, Article], titles: Mapping[str, str],
           out: Outline, base: str) -> str:
    """One glossary entry (a card)."""
    e = em.entry
    ident = out.ident(anchor)
    out.en(anchor, Part.HEADING, e.en, 3)
    hans, hant = "、".join(e.hans), "、".join(e.hant or e.hans)
    names = ""
    if _HAN.search(hans + hant):  # a Latin name ("A100") is its English heading already
        out.zh(anchor, Part.TEXT, hans, hant)
        names = (f'<span lang="zh-Hans" class="{HANS} bf-entity-name">{escape(hans)}</span>'
                 f'<span lang="zh-Hant" class="{HANT} bf-entity-name">{escape(hant)}</span>')
        if hans != hant:  # the other script's spelling, shown beside the reader's
            out.zh(anchor, Part.TEXT, hant, hans)
            names += (f'<span class="{HANS} bf-entity-alt" lang="zh-Hant"><span lang="en">Traditional</span> '
                      f'{escape(hant)}</span><span class="{HANT} bf-entity-alt" lang="zh-Hans">'
                      f'<span lang="en">Simplified</span> {escape(hans)}</span>')
    if e.other:
        other = "、".join(e.other)
        out.zh(anchor, Part.TEXT, other)
        names += f' <span class="bf-entity-alt"><span lang="en">also</span> <span lang="zh">{escape(other)}</span></span>'
    pinyin = reading(e.hans[0]) if e.hans else ""
    if pinyin:
        out.en(anchor, Part.FURNITURE, pinyin)
    kind = TYPE_EN.get(e.type, e.type)
    out.en(anchor, Part.LABEL, kind)
    line = (f'<p class="bf-entity-zh">{names}'
            + (f' <span class="bf-pinyin" lang="zh-Latn-pinyin">{escape(pinyin)}</span>' if pinyin else "")
            + f' <span class="bf-kind" lang="en">{escape(kind)}</span></p>')
    note = f'<p class="bf-entity-note" lang="en">{escape(_said(out, anchor, e.note))}</p>' if e.note else ""
    find = " ".join(dict.fromkeys(x.casefold() for x in (e.en, *e.en_also, *e.hans, *e.hant, *e.other,
                                                          pinyin, _plain(pinyin), _plain(pinyin).replace(" ", ""))
                                  if x))
    return (f'<article class="bf-entity"{ident} data-bf-kind="{escape(e.type)}" data-bf-find="{escape(find)}">'
            f'<h3 lang="en">{escape(e.en)}</h3>{line}{note}'
            + _mentions(em, anchor, articles, titles, out, base) + "</article>")


def _mentions(em: EntityMentions, anchor: str, articles: Mapping[str, Article], titles: Mapping[str, str],
              out: Outline, base: str) -> str:
    """Where an entry is named: a collapsed list of the articles, each by its title (Chinese in
    the reader's script, then English), with a link to each sentence."""
    by_article = em.by_article()
    if not by_article:
        out.en(anchor, Part.TEXT, "Not named in the articles.")
        return '<p class="bf-mentions-none" lang="en">Not named in the articles.</p>'
    summary = (f'{_n(em.total, "mention")} in {_n(len(by_article), "article")}')
    out.en(anchor, Part.LABEL, summary)
    items = []
    for slug, found in by_article.items():
        article = articles.get(slug)
        links = []
        for m in found:
            count = f"×{m.count}" if m.count > 1 else ""
            label = cite_label(m.segment)
            href = out.href(article_href(slug, m.segment.split("/", 1)[1], base))
            spoken = f"sentence {label[1:]}" if label.startswith("¶") else label  # '¶4.2', 'title'
            links.append(f'<a class="bf-cite" href="{href}" aria-label="{escape(spoken)}'
                         f'{" (" + str(m.count) + " times)" if count else ""}">'
                         f'{escape(_cited(out, anchor, label + count))}</a>')
        if article is None:  # not an article of this briefing: nothing to link
            continue
        title = zh_pair_cited(article.title.hans, article.title.hant, out, anchor)
        english = titles.get(slug) or ""
        if english:
            out.en(anchor, Part.CITATIONS, english)
        items.append(f'<li><a class="bf-mention-title" href="{out.href(article_href(slug, base=base))}">{title}</a>'
                     + (f' <span class="bf-mention-en" lang="en">{escape(english)}</span>' if english else "")
                     + f' <span class="bf-mention-cites">{" ".join(links)}</span></li>')
    return (f'<details class="bf-mentions"><summary lang="en">{summary}</summary>'
            f'<ul>{"".join(items)}</ul></details>')


def zh_pair_cited(hans: str, hant: str, out: Outline, anchor: str) -> str:
    """A title in both scripts inside a list of links to articles (recorded as such)."""
    out.zh(anchor, Part.CITATIONS, hans, hant)
    return (f'<span lang="zh-Hans" class="{HANS}">{escape(hans)}</span>'
            f'<span lang="zh-Hant" class="{HANT}">{escape(hant)}</span>')
