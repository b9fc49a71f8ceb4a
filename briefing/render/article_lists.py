"""The list of articles on the home page, and a page per month once the briefing is large (pure).

Articles are grouped by month as in the navigation (nav.py), newest month first; inside a month,
and among undated articles, the briefing's own reading order is kept. A small briefing (at most
LARGE articles) lists every card on the home page, in that order. A larger one lists every month
with its count, then the first cards of the latest months under their month headings; each month
links to a page of its own with all its cards, so every article is two clicks from home.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from briefing.model import Article
from briefing.curation.assembled import Briefing
from briefing.render.core import esc
from briefing.render.nav import (MONTH_PATH, MONTH_URL, month_groups, month_label, month_page_key,
                                 nav_titles_path)
from briefing.render.site_parts import article_card, controls_block
from briefing.render.structure import Outline, Page, Part

LARGE = 50  # more articles than this: the home shows the latest months and links a page per month
LATEST_MONTHS = 3  # months whose first cards a large briefing's home page shows
MONTH_CARDS = 12  # cards per month there (about 40 in all: the page stays light on a phone)
MONTHS_ID = "months"  # the home page's list of months, linked from every month page
Extra = Callable[[Article, Outline, str], str]  # HTML after an article's card facts (e.g. the
# curated summary), recorded under the card's id


@dataclass(frozen=True)
class Month:
    """One group of the list: a month, a year whose months are unknown, or the undated."""

    key: str  # "2025-09", "2025" or "undated": the page's file name
    label: str  # "September 2025", "2025 (month unknown)", "Date unknown"
    articles: tuple[Article, ...]  # in the briefing's reading order

    @property
    def path(self) -> str:
        return MONTH_PATH.format(key=self.key)

    @property
    def url(self) -> str:
        return MONTH_URL.format(key=self.key)

    @property
    def count(self) -> str:
        return f"{len(self.articles)} article" + ("" if len(self.articles) == 1 else "s")


def months(articles: Sequence[Article]) -> list[Month]:
    """The articles by month, newest month first, reading order inside each month."""
    out = []
    for (year, month), members in month_groups(articles):
        out.append(Month(month_page_key((year, month)), month_label((year, month)), tuple(members)))
    return out


def is_large(briefing: Briefing) -> bool:
    """Whether the home page shows only the latest months and links a page per month."""
    return len(briefing.articles) > LARGE


def no_extra(article: Article, out: Outline, anchor: str) -> str:
    """No extra HTML on a card."""
    return ""


def _cards(briefing: Briefing, articles: Sequence[Article], out: Outline, base: str, level: int,
           extra: Extra) -> str:
    return "".join(article_card(briefing, a, out, base, extra, level=level) for a in articles)


def home_article_list(briefing: Briefing, out: Outline, extra: Extra = no_extra, separator: str = "") -> str:
    """The cards under the home page's 'Articles' heading (h2): all of them in month order, or,
    for a large briefing, every month with its count, then the latest months' first cards."""
    groups = months(briefing.articles)
    if not is_large(briefing):
        ordered = [a for g in groups for a in g.articles]
        return f'<ol class="bf-cards">{separator}' + separator.join(
            article_card(briefing, a, out, "", extra) for a in ordered) + f"{separator}</ol>"
    intro = (f"{len(briefing.articles)} articles by month of publication, newest first; "
             "each month has a page of its own with all its articles.")
    out.en("", Part.TEXT, intro)
    nav = out.ident(MONTHS_ID)
    index = "".join(f'<li><a href="{out.href(g.url)}">{esc(_month_link(out, g.label))}</a> '
                    f'<span class="bf-month-count">({len(g.articles)})</span></li>' for g in groups)
    latest = []
    for g in groups[:LATEST_MONTHS]:
        shown = g.articles[:MONTH_CARDS]
        heading = f"month-{g.key}"
        ident = out.ident(heading)
        out.en(heading, Part.HEADING, f"{g.label} ({g.count})")
        title = (f'<a href="{out.href(g.url)}">{esc(g.label)}</a> '
                 f'<span class="bf-month-count">({g.count})</span>')
        cards = _cards(briefing, shown, out, "", 4, extra)
        more = ""
        if len(shown) < len(g.articles):
            out.en(heading, Part.FURNITURE, f"All {g.count} of {g.label} →")
            more = (f'<p class="bf-month-more" lang="en"><a href="{out.href(g.url)}">All {g.count} of '
                    f"{esc(g.label)} →</a></p>")
        latest.append(f'<section class="bf-month" aria-labelledby="month-{esc(g.key)}">'
                      f'<h3 class="bf-month-title"{ident} lang="en">{title}</h3>'
                      f'<ol class="bf-cards">{cards}</ol>{more}</section>')
    return (f'<p lang="en">{intro}</p>\n'
            f'<nav class="bf-months"{nav} aria-label="Articles by month" lang="en">'
            f'<ul class="bf-month-index">{index}</ul></nav>\n' + "\n".join(latest))


def _month_link(out: Outline, label: str) -> str:
    """A month in the list of months: navigation, recorded as such."""
    out.en(MONTHS_ID, Part.CITATIONS, label)
    return label


def month_pages(briefing: Briefing, extra: Extra = no_extra) -> list[Page]:
    """A page per month listing all its articles as cards (not searched: the cards repeat the
    articles' titles, found on the articles themselves); none for a small briefing."""
    if not is_large(briefing):
        return []
    base = "../../"  # months/<key>/ → site root
    pages = []
    for g in months(briefing.articles):
        out = Outline(briefing.conversion)
        out.en("", Part.HEADING, g.label)
        intro = f"{g.count} in the briefing’s reading order."
        out.en("", Part.TEXT, intro)
        back = out.href(f"{base}#{MONTHS_ID}")
        cards = _cards(briefing, g.articles, out, base, 2, extra)
        # the Chinese interface labels the nav's links to the month's articles by their Chinese titles
        titles = f"{base}{nav_titles_path(g.articles[0])}"
        body = (f'<div class="bf-page bf-month-page" data-bf-titles="{esc(titles)}">\n'
                f'<h1 lang="en">{esc(g.label)}</h1>\n'
                f'<p lang="en">{intro} '
                f'<a href="{back}">All months</a></p>\n'
                f'<ol class="bf-cards">{cards}</ol>\n</div>\n')
        pages.append(out.page(g.path, g.label, controls_block() + body, searched=False))
    return pages
