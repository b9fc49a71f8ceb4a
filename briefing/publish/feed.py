"""The Atom feed of the briefing (docs/feed.xml → site/feed.xml): one entry per article.

Each entry carries the English and Chinese titles, an English summary (the curated layer's;
else the article's own first English sentences, said to be so; else a note that the English is
pending), the publication date with its precision, the outlet and the link to the article page.

Links. With a site URL (mkdocs.yml `site_url`, else briefing.yml `site_url`) every link and id
is absolute. Without one, links are relative to the feed itself, which sits at the site's root,
so they resolve correctly wherever the site is served (a GitHub Pages project site lives under
/<repository>/); entry ids are then `urn:uuid:` names derived from the slug, stable across builds.
The pages link the feed from their <head> (overrides/main.html).
"""

from __future__ import annotations

import uuid
from typing import Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

from briefing.config import Project
from briefing.model import Article, Status
from briefing.curation.assembled import Briefing
from briefing.render.labels import LANG, format_date
from briefing.render.core import briefing_titles
from briefing.render.pages import article_path, page_url
from briefing.render.site_parts import FEED_PATH
from briefing.render.structure import Page, Part
from briefing.urls import web_address

ATOM = "http://www.w3.org/2005/Atom"
SUMMARY_CHARS = 600  # a fallback summary stops at the sentence that passes this
_PRECISION_WORDS = {"day": "day known", "month": "month known", "year": "year known", "unknown": "date unknown"}
_PRECISION_LABEL = {"day": "Date known to the day", "month": "Date known to the month",
                    "year": "Date known to the year", "unknown": "Date unknown"}


def read_site_url(project: Project) -> str:
    """The published site's URL: mkdocs.yml `site_url`, else briefing.yml's; '' when neither is
    set. Both are checked where they are read (a full http(s) address, briefing.urls)."""
    from briefing.publish.site_inputs import site_url_of
    return site_url_of(project)


# Characters XML 1.0 forbids (C0 controls but tab, newline and return; U+FFFE, U+FFFF): one in
# an editor's text would make the whole feed unreadable to every feed reader, so they are dropped.
_NOT_XML = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def _e(text: str) -> str:
    return escape(text.translate(_NOT_XML))


def _attr(text: str) -> str:
    return quoteattr(text.translate(_NOT_XML))


def atom_date(iso: str) -> str:
    """'2025-09-18' / '2025-01' / '2025' → RFC 3339 at midnight UTC of its first day; '' if unknown."""
    parts = iso.split("-") if iso else []
    if not parts or not all(p.isdigit() for p in parts):
        return ""
    year, month, day = (parts + ["01", "01"])[:3]
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}T00:00:00Z"


def date_words(article: Article) -> str:
    """'18 September 2025', 'January 2025 (month known)', 'date unknown'."""
    m = article.meta
    text = format_date(m.published, m.precision)
    if m.precision in ("month", "year") and m.published:
        return f"{text} ({_PRECISION_WORDS[m.precision]})"
    return text


def english_summary(briefing: Briefing, article: Article) -> str:
    """The curated summary; else the article's first English sentences, marked as such."""
    notes = briefing.curated.notes.get(article.slug) if briefing.curated is not None else None
    if notes is not None and notes.summary_en:
        return " ".join(notes.summary_en.split())
    taken: list[str] = []
    machine = False
    for seg in article.segments()[1:]:
        tr = briefing.translations.get(seg.id)
        if tr is None or tr.stale:
            break  # never skip a gap: the opening would read as whole when it is not
        taken.append(tr.en.strip())
        machine = machine or tr.status is Status.MACHINE
        if sum(len(t) + 1 for t in taken) >= SUMMARY_CHARS:
            break
    if not taken:
        return "English translation pending."
    origin = "machine translation, not reviewed" if machine else "translated"
    return f"Opening of the article ({origin}): " + " ".join(taken)


def _link(site_url: str, path: str) -> str:
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def entry_id(site_url: str, slug: str, url: str) -> str:
    """The entry's permanent id: its page's URL, or a name-based UUID without a site URL."""
    if site_url:
        return _link(site_url, url)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'briefing-article:' + slug)}"


def page_titles(page: Page, script: str) -> tuple[str, str]:
    """(English, Chinese) headline as the article's page shows them ('' for English pending),
    the Chinese in the article's own script."""
    english = chinese = ""
    for t in page.texts:
        if t.part is Part.TITLE:
            if t.lang == "en":
                english = english or t.hans
            else:
                chinese = chinese or (t.hans if script == "hans" else t.hant)
    return english, chinese


def _entry(briefing: Briefing, article: Article, page: Page, site_url: str, fallback_updated: str) -> str:
    m = article.meta
    en_title, zh_title = page_titles(page, article.script)
    url = page_url(page.path)
    title = f"{en_title} — {zh_title}" if en_title else f"{zh_title} (English title pending)"
    when = atom_date(m.published) if m.precision != "unknown" else ""
    summary = english_summary(briefing, article)
    lang = LANG[article.script]
    facts = " · ".join(x for x in (m.outlet or "outlet unknown", m.author, date_words(article)) if x)
    content = (f'<p lang="{lang}">{_e(zh_title)}</p>'
               + (f"<p><strong>{_e(en_title)}</strong></p>" if en_title else "")
               + f"<p>{_e(facts)}</p><p>{_e(summary)}</p>")
    author = ", ".join(x for x in (m.author, m.outlet) if x) or "unknown"
    href = _link(site_url, url)
    lines = [
        "  <entry>",
        f"    <id>{_e(entry_id(site_url, article.slug, url))}</id>",
        f'    <title type="text">{_e(title)}</title>',
        f'    <link rel="alternate" type="text/html" href={_attr(href)}/>',
        f"    <updated>{when or fallback_updated}</updated>",
    ]
    if when:
        lines.append(f"    <published>{when}</published>")
    lines += [
        f"    <author><name>{_e(author)}</name></author>",
        f"    <category term={_attr('date-precision:' + m.precision)} "
        f"label={_attr(_PRECISION_LABEL[m.precision])}/>",
    ]
    if m.outlet:
        lines.append(f"    <category term={_attr('outlet:' + m.outlet)} label={_attr(m.outlet)}/>")
    lines += [
        f'    <summary type="text">{_e(summary)}</summary>',
        f'    <content type="html">{_e(content)}</content>',
        "  </entry>",
    ]
    return "\n".join(lines)


def _newest_first(articles: Iterable[Article]) -> list[Article]:
    dated = sorted(articles, key=lambda a: a.slug)
    return sorted(dated, key=lambda a: atom_date(a.meta.published) if a.meta.precision != "unknown" else "",
                  reverse=True)


def render_feed(briefing: Briefing, pages: Mapping[str, Page], *, site_url: str = "",
                built: str = "1970-01-01T00:00:00Z") -> str:
    """The Atom document: an entry per article, its link and headlines those of its page in
    `pages` (render_pages). `built` (RFC 3339) is the feed's date only when no article is dated.
    A `site_url` that is not a full http(s) address (briefing.urls) is not used: links stay relative."""
    site_url = web_address(site_url)
    title_en, title_zh = briefing_titles(briefing)
    articles = _newest_first(briefing.articles)
    dates = [atom_date(a.meta.published) for a in articles if a.meta.precision != "unknown"]
    updated = max((d for d in dates if d), default=built)
    feed_id = site_url.rstrip("/") + "/" if site_url else (
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'briefing-feed:' + title_en)}")
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}" xml:lang="en">',
        f"  <id>{_e(feed_id)}</id>",
        f'  <title type="text">{_e(title_en)} — {_e(title_zh)}</title>',
        f'  <subtitle type="text">Chinese-language articles side by side with English: {len(articles)} '
        f"article{'s' if len(articles) != 1 else ''}.</subtitle>",
        f'  <link rel="alternate" type="text/html" href={_attr(_link(site_url, "") or "./")}/>',
    ]
    if site_url:
        head.append(f'  <link rel="self" type="application/atom+xml" href={_attr(_link(site_url, FEED_PATH))}/>')
    head += [
        f"  <updated>{updated}</updated>",
        f"  <author><name>{_e(title_en)}</name></author>",
        "  <generator>briefing</generator>",
    ]
    body = [_entry(briefing, a, pages[article_path(a.slug)], site_url, updated) for a in articles]
    return "\n".join(head + body + ["</feed>"]) + "\n"


def feed_page(project: Project, briefing: Briefing, pages: Mapping[str, Page]) -> dict[str, str]:
    """{'feed.xml': text} for the writer, with the project's site URL."""
    from briefing.publish.pdf import build_date
    built = f"{build_date().isoformat()}T00:00:00Z"
    return {FEED_PATH: render_feed(briefing, pages, site_url=read_site_url(project), built=built)}
