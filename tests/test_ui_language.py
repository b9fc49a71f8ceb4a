"""The interface in Chinese, in headless Chromium on the built sample: the header's language choice
shows the labels (Material's chrome, search and its filters, reader controls, headings, article
facts, dates and counts) in the chosen script, keeps the briefing's own text as it is, survives
navigation and reload, and leaves axe nothing to report."""

from __future__ import annotations

import pytest

from briefing.sources.script import Conversion
from briefing.testing.browser import visit
from support import SCREENSHOTS, assert_screenshot_shows, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTICLE = "articles/openai-proposal/"  # published 18 September 2025, 11:26, in Simplified

# What a reader sees, per interface language: (selector, its text)
LABELS = {
    "en": [("button[data-bf-script=orig]", "As published"), (".bf-meta dt", "Outlet"),
           (".bf-meta time", "18 September 2025, 11:26"), ("nav.md-nav--primary a[href$='timeline/']", "Timeline")],
    "zh-Hans": [("button[data-bf-script=orig]", "按原文"), (".bf-meta dt", "媒体"),
                (".bf-meta time", "2025年9月18日 11:26"), ("nav.md-nav--primary a[href$='timeline/']", "时间线")],
    "zh-Hant": [("button[data-bf-script=orig]", "依原文"), (".bf-meta dt", "媒體"),
                (".bf-meta time", "2025年9月18日 11:26"), ("nav.md-nav--primary a[href$='timeline/']", "時間軸")],
}
PLACEHOLDER = {"en": "Search", "zh-Hans": "搜索", "zh-Hant": "搜尋"}


def shown(page, selector: str) -> str:
    return " ".join(page.locator(selector).first.inner_text().split())


def choose(page, lang: str) -> None:
    """Pick `lang` in the header's choice, as a reader does (keyboard), and wait for the reload."""
    choice = page.locator("select[data-bf-lang-choice]")
    with page.expect_navigation():
        choice.select_option(lang)
    page.wait_for_load_state("load")
    page.locator(f"html[data-bf-lang='{lang}']").wait_for(state="attached")


def assert_labels(page, lang: str) -> None:
    for selector, text in LABELS[lang]:
        assert shown(page, selector) == text, (lang, selector)
    assert page.locator("input.md-search__input").get_attribute("placeholder") == PLACEHOLDER[lang]
    translated = page.locator("[data-bf-ui]").all_inner_texts()
    if lang == "en":
        assert translated == []
        return
    assert len(translated) > 10
    same_script = Conversion().to_hans if lang == "zh-Hans" else Conversion().to_hant
    wrong = [t for t in translated if same_script(t) != t]  # a character of the other script
    assert wrong == [], (lang, wrong)
    for el in page.locator("[data-bf-ui]").all()[:50]:
        assert el.get_attribute("lang") == lang


def english_column(page) -> list[str]:
    return page.locator(".bf-title-en, .bf-summary p[lang=en], [id^='en-p']").all_inner_texts()


def test_the_interface_in_either_script_survives_navigation_and_reload(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        visit(page, site_url + ARTICLE)
        choice = page.locator("select[data-bf-lang-choice]")
        assert choice.is_visible() and choice.input_value() == "en"
        assert_labels(page, "en")
        english = english_column(page)
        assert len(english) > 20

        choose(page, "zh-Hant")
        assert_labels(page, "zh-Hant")
        assert english_column(page) == english  # the briefing's English is content, untouched
        # the nav's articles, the header and the tab: by the articles' own Chinese titles
        own = shown(page, "h1 .bf-title-zh .zh-hant")
        assert own.startswith("OpenAI急遞")
        page.wait_for_function("document.title.indexOf('OpenAI急遞') === 0")  # the month's titles came
        assert shown(page, "nav.md-nav--primary a.md-nav__link--active") == own
        assert shown(page, "[data-md-component=header-topic] .md-ellipsis") == own
        assert page.title().startswith(own + " - ")
        page.locator("nav.md-nav--primary a[href$='timeline/']").first.click()
        page.wait_for_load_state("load")
        assert shown(page, "h1").startswith("時間軸")
        assert page.title().startswith("時間軸")
        page.reload()
        assert shown(page, "h1").startswith("時間軸")
        assert page.locator("select[data-bf-lang-choice]").input_value() == "zh-Hant"

        # search, its filters and what it says, in Traditional
        page.keyboard.press("/")
        box = page.locator("input.md-search__input")
        box.fill("川普")
        page.locator('[data-bf-search-list][aria-busy=false][data-bf-query="川普"]').wait_for(state="attached")
        page.wait_for_function("document.querySelector('select[data-bf-filter=kind]').options.length > 1")
        assert shown(page, "#bf-search-meta").startswith("找到 ")
        assert shown(page, "#bf-search-also").startswith("同時搜尋了：特朗普")
        assert shown(page, "#bf-search-also button") == "只搜尋 川普"
        assert shown(page, ".bf-search-filters label").startswith("類型")
        kinds = page.locator("select[data-bf-filter=kind] option").all_inner_texts()
        assert kinds[0] == "全部" and any(k.startswith("文章（") for k in kinds), kinds
        page.locator("#bf-search-also button").click()  # the word alone: said in Chinese too
        page.wait_for_function("document.querySelector('#bf-search-also').textContent.indexOf('只搜尋了') === 0")
        page.keyboard.press("Escape")

        visit(page, site_url + ARTICLE)
        choose(page, "zh-Hans")
        assert_labels(page, "zh-Hans")
        page.wait_for_function("document.title.indexOf('OpenAI急递') === 0")
        assert shown(page, "nav.md-nav--primary a.md-nav__link--active") == shown(page, "h1 .bf-title-zh .zh-hans")
        choose(page, "en")
        assert_labels(page, "en")
        assert english_column(page) == english
    finally:
        page.close()


@pytest.mark.parametrize("lang,scheme,width", [("zh-Hant", "light", 1280), ("zh-Hans", "dark", 390)])
def test_axe_finds_nothing_with_the_chinese_interface(browser, site_url, lang, scheme, width):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = ctx.new_page()
        visit(page, site_url)
        page.evaluate(f"localStorage.setItem('bf-lang', '{lang}')")
        for path in ("", ARTICLE, "glossary/"):
            visit(page, site_url + path)
            assert page.locator("select[data-bf-lang-choice]").input_value() == lang
            found = axe_violations(page)
            assert found == [], (path, found)
        visit(page, site_url + ARTICLE)
        out = SCREENSHOTS / f"ui-{lang}-{width}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        assert_screenshot_shows(page, out, "select[data-bf-lang-choice]")
        page.keyboard.press("/")
        page.locator("input.md-search__input").fill("晶片")
        page.locator('[data-bf-search-list][aria-busy=false][data-bf-query="晶片"]').wait_for(state="attached")
        page.wait_for_function("document.querySelector('select[data-bf-filter=kind]').options.length > 1")
        found = axe_violations(page)
        assert found == [], ("search", found)
        search = SCREENSHOTS / f"ui-{lang}-{width}-search.png"
        page.screenshot(path=str(search))
        assert_screenshot_shows(page, search, ".bf-search-filters")
    finally:
        ctx.close()


def test_search_results_carry_the_chinese_title_in_the_interface_script(browser, site_url):
    """With the Chinese interface a result is titled by the article's own Chinese title, in the
    interface's script, the English title under it; in English, by the English title alone."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        visit(page, site_url + ARTICLE)
        english = shown(page, "h1 .bf-title-en")
        hans, hant = shown(page, "h1 .bf-title-zh .zh-hans"), shown(page, "h1 .bf-title-zh .zh-hant")
        assert hans != hant and english and english not in (hans, hant)
        expected = {"en": (english, None), "zh-Hans": (hans, "zh-Hans"), "zh-Hant": (hant, "zh-Hant")}
        for lang, (title, tag) in expected.items():
            page.evaluate(f"localStorage.setItem('bf-lang', '{lang}')")
            visit(page, site_url)
            page.locator(f"html[data-bf-lang='{lang}']").wait_for(state="attached")
            for query in ("急遞15頁提案", "急递15页提案", "OpenAI proposal"):  # either script, or English
                page.keyboard.press("/")
                page.locator("input.md-search__input").fill(query)
                page.locator(f'[data-bf-search-list][aria-busy=false][data-bf-query="{query}"]').wait_for(state="attached")
                first = page.locator("[data-bf-search-list] .md-search-result__item").first
                assert first.locator("a").first.get_attribute("href").split("#")[0].endswith(ARTICLE), (lang, query)
                heading = first.locator("h1").first
                assert heading.get_attribute("lang") == tag, (lang, query)
                if tag is None:
                    assert shown(first, "h1") == english, query
                    assert first.locator(".bf-search-title-en").count() == 0
                else:
                    lines = heading.inner_text().split("\n")
                    assert [" ".join(l.split()) for l in lines] == [title, english], (lang, query)
                    assert shown(first, ".bf-search-title-en") == english
                    assert first.locator(".bf-search-title-en").get_attribute("lang") == "en"
                page.keyboard.press("Escape")
    finally:
        page.close()
