"""Reader tools in headless Chromium, on the built site served under a sub-path: the word gloss
(hover, tap, keyboard, both scripts, screen-reader wiring, Escape, axe, print), the Atom feed
linked from the page head, and article pages linking only files the site serves."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from support import SCREENSHOTS, assert_screenshot_shows, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIMPLIFIED = "export-controls-race"  # written in Simplified; names Nvidia as 英伟达 (英偉達 in 繁)
TRADITIONAL = "deepseek-tops-charts"  # written in Traditional; names Nvidia as 輝達
POPUP = "#bf-gloss-pop"


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


def gloss_on(page, url: str) -> None:
    page.goto(url)
    button = page.get_by_role("button", name="Word gloss")
    if button.get_attribute("aria-pressed") != "true":
        button.click()
    page.wait_for_selector(".bf-w", state="attached")


def word(page, text: str, script: str = "hans"):
    """The first glossed word `text` in the original column, in `script`."""
    return page.locator(f".bf-text-rows .zh-{script} .bf-w", has_text=text).filter(
        has=page.locator(f"text='{text}'")).first


def point_at(page, locator, touch: bool = False) -> None:
    """Hover (or tap) the word's first line box: a word wrapped over two lines has its box's
    centre on another word."""
    locator.evaluate("e => e.scrollIntoView({block: 'center'})")
    box = locator.evaluate("e => { const r = e.getClientRects()[0]; return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }")
    if touch:
        page.touchscreen.tap(box["x"], box["y"])
    else:
        page.mouse.move(box["x"], box["y"])


def popup_text(page) -> str:
    page.wait_for_selector(f"{POPUP}:not([hidden])")
    return page.locator(POPUP).text_content() or ""


def test_gloss_is_off_by_default_and_the_choice_is_remembered(page, site_url):
    page.goto(f"{site_url}articles/{SIMPLIFIED}/")
    button = page.get_by_role("button", name="Word gloss")
    assert button.get_attribute("aria-pressed") == "false"
    assert page.locator(".bf-w").count() == 0
    first = page.locator("#p2-s1 .zh-hans").text_content()
    button.click()
    page.wait_for_selector(".bf-w", state="attached")
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator("#p2-s1 .zh-hans").text_content() == first  # the text itself is unchanged
    page.goto(f"{site_url}articles/{TRADITIONAL}/")  # remembered on the next page
    page.wait_for_selector(".bf-w", state="attached")
    page.get_by_role("button", name="Word gloss").click()
    assert page.locator(".bf-w").count() == 0
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{site_url}articles/{SIMPLIFIED}/")
    # the gloss script has started (it adds the button) and left it off: it fetched no gloss
    # data, without which it wraps no word, now or later
    assert page.get_by_role("button", name="Word gloss").get_attribute("aria-pressed") == "false"
    assert not [u for u in requests if "/gloss/" in u], requests
    assert page.locator(".bf-w").count() == 0


def test_hover_shows_pinyin_and_senses_in_both_scripts(page, site_url):
    gloss_on(page, f"{site_url}articles/{SIMPLIFIED}/")
    point_at(page, word(page, "半导体"))
    text = popup_text(page)
    assert "bàn dǎo tǐ" in text and "semiconductor" in text and "CC-CEDICT" in text
    page.locator("button[data-bf-script=hant]").click()  # the Traditional text, its own words
    point_at(page, word(page, "半導體", "hant"))
    text = popup_text(page)
    assert text.startswith("半導體") and "bàn dǎo tǐ" in text and "semiconductor" in text


def test_a_glossary_name_shows_the_approved_english_first(page, site_url):
    gloss_on(page, f"{site_url}articles/{SIMPLIFIED}/")
    point_at(page, word(page, "英伟达"))
    text = popup_text(page)
    assert "Briefing glossary" in text and "Nvidia" in text
    assert text.index("Nvidia") < text.index("CC-CEDICT")  # the briefing's English before the dictionary
    page.locator("button[data-bf-script=hant]").click()
    point_at(page, word(page, "英偉達", "hant"))
    assert "Nvidia" in popup_text(page)
    gloss_on(page, f"{site_url}articles/{TRADITIONAL}/")
    point_at(page, word(page, "輝達", "hant"))  # the Taiwan name: a different word, the same entity
    text = popup_text(page)
    assert "huī dá" in text and "Nvidia" in text


def test_keyboard_focus_opens_it_arrows_move_and_escape_closes(page, site_url):
    gloss_on(page, f"{site_url}articles/{TRADITIONAL}/")
    for _ in range(80):  # Tab from the top until a word of the text has focus
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.bf-w')"):
            break
    focused = page.evaluate_handle("document.activeElement")
    assert page.evaluate("e => e.classList.contains('bf-w')", focused)
    assert page.evaluate("e => !!e.closest('.zh-hant')", focused)  # the article's own script
    first = page.evaluate("e => e.textContent", focused)
    assert page.locator(POPUP).get_attribute("role") == "tooltip"
    assert first in popup_text(page)
    assert page.evaluate("e => e.getAttribute('aria-describedby')", focused) == "bf-gloss-pop"
    page.keyboard.press("ArrowRight")
    second = page.evaluate("document.activeElement.textContent")
    assert page.evaluate("document.activeElement.getAttribute('tabindex')") == "0"  # roving Tab stop
    assert second in popup_text(page)
    page.keyboard.press("Escape")
    assert page.locator(POPUP).is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('bf-w')")  # focus stays
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") is None


def test_tap_opens_it_on_a_phone_in_both_scripts(browser, site_url):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = ctx.new_page()
        gloss_on(page, f"{site_url}articles/{TRADITIONAL}/")
        point_at(page, word(page, "輝達", "hant"), touch=True)
        assert "Nvidia" in popup_text(page)
        box = page.locator(POPUP).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # inside a narrow screen
        page.keyboard.press("Escape")
        assert page.locator(POPUP).is_hidden()
        page.locator("button[data-bf-script=hans]").click()
        point_at(page, word(page, "英伟达"), touch=True)
        assert "Nvidia" in popup_text(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_the_gloss_open(browser, site_url, scheme):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = ctx.new_page()
        gloss_on(page, f"{site_url}articles/{SIMPLIFIED}/")
        word(page, "英伟达").focus()
        popup_text(page)
        assert axe_violations(page) == []
    finally:
        ctx.close()


def test_never_printed(page, site_url):
    gloss_on(page, f"{site_url}articles/{SIMPLIFIED}/")
    point_at(page, word(page, "半导体"))
    popup_text(page)
    page.emulate_media(media="print")
    # whatever state the screen was in: an open popup, a marked word
    page.evaluate("document.getElementById('bf-gloss-pop').hidden = false;"
                  "document.querySelector('.bf-w').classList.add('bf-w-on')")
    assert page.locator(POPUP).is_hidden()
    assert page.locator(".bf-gloss-ctl").is_hidden()
    marked = page.evaluate("getComputedStyle(document.querySelector('.bf-w-on')).textDecorationLine")
    assert marked == "none"


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_screenshots_of_the_gloss(browser, site_url, width, height):
    """build/screenshots/gloss-{width}-{light|dark}.png: a glossary name's popup, to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                  has_touch=width < 600)
        try:
            page = ctx.new_page()
            gloss_on(page, f"{site_url}articles/{SIMPLIFIED}/")
            point_at(page, word(page, "英伟达"), touch=width < 600)
            popup_text(page)
            out = SCREENSHOTS / f"gloss-{width}-{scheme}.png"
            page.screenshot(path=str(out))
            assert_screenshot_shows(page, out, POPUP)
        finally:
            ctx.close()


def test_the_feed_is_linked_from_the_head_and_its_links_work(page, site_url):
    import feedparser
    for path in ("", f"articles/{SIMPLIFIED}/", "about/"):
        page.goto(site_url + path)
        href = page.locator("head link[rel=alternate][type='application/atom+xml']").get_attribute("href")
        assert urljoin(page.url, href) == site_url + "feed.xml"  # right under the sub-path
    response = page.request.get(site_url + "feed.xml")
    assert response.ok
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.version == "atom10"
    assert len(feed.entries) == 5
    for entry in feed.entries:
        assert page.request.get(urljoin(site_url + "feed.xml", entry.link)).ok, entry.link


def test_article_pages_link_only_files_the_site_serves(page, site_url):
    # the sample is built without `make pdf`: no PDF is linked, and every file link is served
    # (a page links its PDF once one is laid out: tests/test_pdf_store.py)
    for slug in (SIMPLIFIED, TRADITIONAL):
        page.goto(f"{site_url}articles/{slug}/")
        assert page.locator("a[type='application/pdf'], a[href$='.pdf']").count() == 0
        hrefs = page.eval_on_selector_all(".md-content a[href]", "els => els.map(a => a.href)")
        files = {h.split("#")[0] for h in hrefs if h.startswith(site_url)}
        assert files, "no links on the page"
        for url in files:
            assert page.request.get(url).ok, url
