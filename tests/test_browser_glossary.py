"""The glossary in headless Chromium: a reader finds a term in at most two actions — typing it
(English, Chinese in either script, pinyin) or choosing its first letter —, filters by kind, and
reads where it is named as article titles in the script they chose; at 1280 and 390 px."""

from __future__ import annotations

import pytest

from briefing.testing.browser import visit
from support import SCREENSHOTS, assert_screenshot_shows

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOWN = ".bf-entity:not([hidden])"
IN_VIEW_JS = """el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"""


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    visit(p, f"{site_url}glossary/")
    yield p
    context.close()


def _find(page, text: str) -> list[str]:
    """Type into the find box (one action after the click that focuses it); the entries shown."""
    box = page.locator("[data-bf-gloss-find]")
    box.click()  # action 1
    box.fill(text)  # action 2
    page.wait_for_function("t => document.querySelector('[data-bf-gloss-find]').value === t", arg=text)
    return page.locator(SHOWN).evaluate_all("els => els.map(e => e.id)")


@pytest.mark.parametrize("typed, entry", [
    ("deepseek", "entity-deepseek"),        # English
    ("英伟达", "entity-nvidia"),             # Simplified
    ("輝達", "entity-nvidia"),               # Traditional
    ("huang ren xun", "entity-jensen-huang"),  # pinyin, toneless, spaced
    ("shēndù", "entity-deepseek"),           # pinyin with tones, run together
])
def test_a_term_is_found_by_typing_it(page, typed, entry):
    shown = _find(page, typed)
    assert entry in shown and len(shown) <= 3, shown
    first = page.locator(f"#{shown[0]}")
    assert first.evaluate(IN_VIEW_JS), "the first match is not in view"  # found: no scrolling needed
    count = page.locator(".bf-gloss-count").inner_text()
    assert count == f"{len(shown)} of 92 entries shown"
    page.keyboard.press("Escape")  # clears the box: everything is back
    assert page.locator(SHOWN).count() == 92


def test_a_term_is_found_by_its_first_letter(page):
    page.locator(".bf-az a", has_text="N").click()  # one action
    page.wait_for_function("location.hash === '#letter-n'")
    nvidia = page.locator("#entity-nvidia")
    assert nvidia.evaluate(IN_VIEW_JS), "Nvidia is not in view after choosing N"
    # the letter bar stays over the entries, not over the one sought
    bar = page.locator(".bf-az").bounding_box()
    assert nvidia.bounding_box()["y"] >= bar["y"] + bar["height"] - 1
    assert page.locator(".bf-az span[aria-disabled=true]", has_text="Q").count() == 1  # no entry: no link


def test_entries_filter_by_kind(page):
    people = page.locator("button[data-bf-kind=person]")
    expected = int(people.locator(".bf-n").inner_text())
    people.click()
    kinds = page.locator(SHOWN).evaluate_all("els => els.map(e => e.dataset.bfKind)")
    assert kinds and set(kinds) == {"person"} and len(kinds) == expected
    assert people.get_attribute("aria-pressed") == "true"
    assert page.locator(".bf-letter:not([hidden])").count() < page.locator(".bf-letter").count()
    shown = _find(page, "huang")  # the box and the kind together
    assert shown == ["entity-jensen-huang"]
    page.locator("button[data-bf-kind='']").click()
    assert "entity-jensen-huang" in page.locator(SHOWN).evaluate_all("els => els.map(e => e.id)")


def test_entries_give_pinyin_and_mentions_as_titles_in_the_readers_script(page):
    entry = page.locator("#entity-nvidia")
    assert entry.locator(".bf-pinyin").inner_text() == "yīng wěi dá"
    mentions = entry.locator("details.bf-mentions")
    mentions.locator("summary").click()
    title = mentions.locator("a.bf-mention-title").first
    for script, lang in (("hant", "zh-Hant"), ("hans", "zh-Hans")):
        page.locator(f"button[data-bf-script={script}]").click()
        shown = title.locator("span[lang^=zh]:visible")
        assert shown.count() == 1 and shown.get_attribute("lang") == lang  # the title in that script
        assert shown.inner_text() == title.locator(f"span[lang={lang}]").text_content()
    # each sentence that names it is a link, without a hover text in one script only
    cite = mentions.locator("a.bf-cite").first
    assert cite.get_attribute("title") is None and cite.get_attribute("href").startswith("../articles/")


@pytest.mark.parametrize("width", [1280, 390])
def test_glossary_screenshots(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 844})
    page = context.new_page()
    try:
        visit(page, f"{site_url}glossary/")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"glossary-tools-{width}-light.png"
        page.locator(".bf-gloss-tools").scroll_into_view_if_needed()
        page.screenshot(path=str(shot))
        assert_screenshot_shows(page, shot, ".bf-gloss-tools")
    finally:
        context.close()
