"""A 1,000-article site in headless Chromium, under a sub-path: the home page stays light, and a
month opened from it lists that month's articles, each one more click away."""

from __future__ import annotations

import re

import pytest

from briefing.testing.browser import serve_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MONTH, MONTH_LABEL = "2025-09", "September 2025"


@pytest.fixture(scope="module")
def big_site(synthetic_1000):
    # the 1,000 articles that test_search.py searches (conftest: built once per run)
    with serve_site(synthetic_1000.site_dir) as url:
        yield synthetic_1000, url


def month_slugs(project) -> list[str]:
    """The month's articles in reading order, from the seeds' own metadata."""
    out = []
    for meta in sorted(project.seeds_dir.glob("*.yml")):
        text = meta.read_text(encoding="utf-8")
        if f'published: "{MONTH}-' in text:
            out.append(re.search(r"^slug: (\S+)", text, re.M).group(1))
    return out


def test_the_home_page_of_a_large_briefing_stays_light(big_site):
    project, _ = big_site
    assert (project.site_dir / "index.html").stat().st_size <= 150_000


def test_a_month_opened_from_the_home_page_lists_its_articles(big_site, browser):
    project, url = big_site
    expected = month_slugs(project)
    assert len(expected) > 40  # more than a nav section holds: the month page is the way in
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(url)
        # the site nav's collapsed month links the month's page (its first entry), not an article
        in_nav = page.locator("nav.md-nav--primary a.md-nav__link", has_text=MONTH_LABEL)
        assert in_nav.first.get_attribute("href").rstrip("/").endswith(f"months/{MONTH}")
        months = page.get_by_role("navigation", name="Articles by month")
        months.get_by_role("link", name=MONTH_LABEL).click()  # first click
        page.wait_for_url(re.compile(rf"/briefing/months/{MONTH}/$"))
        assert page.get_by_role("heading", level=1).inner_text() == MONTH_LABEL
        cards = page.locator("li.bf-card")
        assert [c.get_attribute("id") for c in cards.all()] == [f"article-{s}" for s in expected]
        cards.nth(len(expected) - 1).get_by_role("link").click()  # second click: the month's last article
        page.wait_for_url(re.compile(rf"/briefing/articles/{expected[-1]}/$"))
        assert page.locator("h1.bf-title").is_visible()
    finally:
        page.close()
