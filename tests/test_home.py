"""The home page's list of articles: by month, newest month first, reading order inside a month;
past a threshold, the latest months on the home page and a page per month."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from posixpath import normpath

import pytest

from briefing.model import Article, ArticleMeta, Kind, Paragraph, Segment
from briefing.curation.assembled import Briefing
from briefing.render.article_lists import LARGE
from briefing.render import pages as site


def render_pages(b: Briefing) -> dict[str, str]:
    return {path: page.markdown for path, page in site.render_pages(b).items()}


def article(slug: str, published: str = "", precision: str = "unknown") -> Article:
    t = Segment(id=f"{slug}/title", source="标题", hans="标题", hant="標題")
    body = Paragraph(1, Kind.TEXT, (Segment(id=f"{slug}/p1-s1", source="正文。", hans="正文。", hant="正文。"),))
    meta = ArticleMeta(slug=slug, source_file=f"{slug}.txt", published=published,
                       precision=precision)  # type: ignore[arg-type]
    return Article(meta=meta, script="hans", title=t, paragraphs=(body,))


def briefing(articles: list[Article]) -> Briefing:
    return Briefing(title_en="Test", title_zh="测试", articles=tuple(articles))


def card_slugs(html: str) -> list[str]:
    return re.findall(r'<li class="bf-card" id="article-([^"]+)"', html)


class Page(HTMLParser):
    """Links and heading levels of one page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.headings: list[int] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def headings_in_order(levels: list[int]) -> bool:
    """No level skipped on the way down (what axe's heading-order checks)."""
    return all(b <= a + 1 for a, b in zip(levels, levels[1:]))


def test_a_small_briefing_lists_every_card_newest_month_first_reading_order_inside():
    arts = [article("a-undated"), article("b-jan-28", "2025-01-28", "day"), article("c-year", "2025", "year"),
            article("d-sep", "2025-09-18", "day"), article("e-jan-02", "2025-01-02", "day"),
            article("f-undated")]
    pages = render_pages(briefing(arts))
    assert card_slugs(pages["index.md"]) == ["d-sep", "b-jan-28", "e-jan-02", "c-year", "a-undated", "f-undated"]
    assert not [p for p in pages if p.startswith("months/")]  # no month pages, no month headings
    assert "bf-month" not in pages["index.md"]


def large_briefing(n: int = 1000) -> Briefing:
    """n articles over two years, some with only a year and some undated, in a shuffled order."""
    arts = []
    for i in range(n):
        if i % 97 == 0:
            arts.append(article(f"s{i:04d}"))
        elif i % 89 == 0:
            arts.append(article(f"s{i:04d}", "2024", "year"))
        else:
            arts.append(article(f"s{i:04d}", f"{2024 + i % 2}-{1 + (i * 5) % 12:02d}-{1 + i % 28:02d}", "day"))
    return briefing(arts)


@pytest.fixture(scope="module")
def large() -> tuple[Briefing, dict[str, str]]:
    b = large_briefing()
    return b, render_pages(b)


def test_a_large_briefing_reaches_every_article_within_two_clicks_of_a_light_home_page(large):
    b, pages = large
    home = pages["index.md"]
    assert len(home.encode("utf-8")) < 100_000  # the site's chrome comes on top: ≤ 150 KB in all
    reached: set[str] = set()
    for href in Page(home).links:  # first click
        if href.startswith("months/"):
            month = pages[href + "index.md"]
            for link in Page(month).links:  # second click, relative to months/<key>/
                target = normpath(href + link)
                if target.startswith("articles/"):
                    reached.add(target.split("/")[1])
        elif href.startswith("articles/"):
            reached.add(href.split("/")[1])
    assert reached == {a.slug for a in b.articles}
    assert all(not h.startswith("/") for p in pages.values() for h in Page(p).links)  # works under a sub-path


def test_month_pages_keep_reading_order_and_the_home_starts_with_the_newest_month(large):
    b, pages = large
    months = sorted(p for p in pages if p.startswith("months/"))
    assert "months/undated/index.md" in months and "months/2024/index.md" in months
    newest = max(p for p in months if re.fullmatch(r"months/\d{4}-\d{2}/index\.md", p))
    assert newest == "months/2025-12/index.md"
    expected = [a.slug for a in b.articles if a.meta.published.startswith("2025-12")]
    assert card_slugs(pages[newest]) == expected  # reading order, every article of the month
    assert card_slugs(pages["index.md"])[:3] == expected[:3]
    assert sum(len(card_slugs(pages[p])) for p in months) == len(b.articles)
    # the nav lists the month's articles on its page too: the Chinese interface's titles file
    assert 'data-bf-titles="../../i18n/titles/2025-12.json"' in pages[newest]
    assert 'data-bf-titles="../../i18n/titles/0000-00.json"' in pages["months/undated/index.md"]


def test_headings_stay_in_order_on_the_home_and_month_pages():
    for n in (5, LARGE + 1):
        pages = render_pages(large_briefing(n))
        for path in ["index.md"] + [p for p in pages if p.startswith("months/")]:
            assert headings_in_order(Page(pages[path]).headings), path
