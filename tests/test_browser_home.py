"""The sample's home page in headless Chromium: the newest articles in the first screen, the date
it was updated, a visible feed link, and no empty contents column; at 1280 and 390 px."""

from __future__ import annotations

import pytest

from briefing.testing.browser import visit
from support import SCREENSHOTS, assert_screenshot_shows

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIRST_SCREEN = 800  # px at 1280 wide: where the first article card must begin (issue 26)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_newest_articles_open_the_home_page(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 844})
    page = context.new_page()
    try:
        visit(page, site_url)
        cards = page.locator("li.bf-card")
        top = cards.first.evaluate("el => el.getBoundingClientRect().top + scrollY")
        if width == 1280:
            assert top <= FIRST_SCREEN, f"the first article card begins at {top:.0f}px"
        # newest first: the first card's date is the newest of all the cards' dates
        dates = cards.locator(".bf-card-meta time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
        assert dates[0] == max(dates), dates
        line = page.locator(".bf-dateline")
        assert line.is_visible() and line.locator("time").first.get_attribute("datetime")
        assert line.inner_text().startswith("Updated ")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"home-first-screen-{width}-light.png"
        page.screenshot(path=str(shot))
        assert_screenshot_shows(page, shot, "li.bf-card")
    finally:
        context.close()


def test_the_feed_is_linked_where_readers_see_it(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        visit(page, site_url)
        feed = page.locator(".bf-dateline a[type='application/atom+xml']")
        assert feed.is_visible() and feed.inner_text() == "Atom feed"
        response = page.request.get(feed.evaluate("a => a.href"))
        assert response.ok and b"<feed xmlns=\"http://www.w3.org/2005/Atom\"" in response.body()
    finally:
        page.close()


@pytest.mark.parametrize("path", ["", "timeline/", "glossary/"])
def test_no_empty_contents_column(browser, site_url, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        visit(page, site_url + path)
        column = page.locator(".md-sidebar--secondary")
        if column.count() and column.is_visible():  # shown: it must list something
            assert column.locator(".md-nav__link").count() > 0, f"{path or 'home'}: empty contents column"
    finally:
        page.close()
