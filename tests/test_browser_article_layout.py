"""Article pages in headless Chromium: both columns carry their own text, fact-check boxes run
across both columns with each language's note in its column, and photo captions are marked as
captions; at 1280 and 390 px."""

from __future__ import annotations

import pytest

from briefing.testing.browser import visit
from support import SCREENSHOTS, assert_screenshot_shows

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SLUGS = ("deepseek-challenges-path", "deepseek-tops-charts", "export-controls-race",
         "merics-inference-open-source", "openai-proposal")
WITH_CAPTIONS = "deepseek-tops-charts"
BLANK_MAX = 0.25  # the target: the Chinese column at most a quarter blank

# The share of the text rows' height beside which the Chinese column shows nothing: the union of
# the vertical extents of the blocks standing in the Chinese column (paragraphs, headings,
# captions, the Chinese half of a fact-check box), against the rows' whole height.
BLANK_JS = """() => {
  const rows = document.querySelector('.bf-text-rows');
  const column = rows.querySelector('.bf-row > .bf-orig').getBoundingClientRect();
  const middle = (column.left + column.right) / 2;
  const spans = [];
  for (const el of rows.querySelectorAll('p, h2, figcaption, .bf-fc-zh')) {
    const r = el.getBoundingClientRect();
    if (r.height > 0 && r.left <= middle && r.right >= middle && el.textContent.trim())
      spans.push([r.top, r.bottom]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let covered = 0, end = -Infinity;
  for (const [top, bottom] of spans) if (bottom > end) { covered += bottom - Math.max(top, end); end = bottom; }
  return 1 - covered / rows.getBoundingClientRect().height;
}"""


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("slug", SLUGS)
def test_the_chinese_column_is_not_mostly_blank(page, site_url, slug):
    visit(page, f"{site_url}articles/{slug}/")
    blank = page.evaluate(BLANK_JS)
    assert blank <= BLANK_MAX, f"{slug}: the Chinese column is {blank:.0%} blank"


def test_fact_checks_run_across_both_columns_each_note_in_its_own(page, site_url):
    visit(page, f"{site_url}articles/export-controls-race/")
    row = page.locator(".bf-row:has(> .bf-factcheck)").first
    box = row.locator(":scope > .bf-factcheck").first
    zh, en = box.locator(".bf-fc-zh"), box.locator(".bf-fc-en")
    orig, english = row.locator(".bf-orig"), row.locator(":scope > .bf-en")
    b, z, e = box.bounding_box(), zh.bounding_box(), en.bounding_box()
    o, g = orig.bounding_box(), english.bounding_box()
    assert b["x"] <= o["x"] + 1 and b["x"] + b["width"] >= g["x"] + g["width"] - 1  # spans both
    assert z["x"] + z["width"] <= g["x"] and e["x"] >= o["x"] + o["width"]  # each half in its column
    assert b["y"] >= max(o["y"] + o["height"], g["y"] + g["height"]) - 1  # under the paragraph
    assert zh.locator(":scope > [lang^=zh]:visible").count() >= 1 and en.get_attribute("lang") == "en"
    # it names the sentence it is about, as a link to it
    link = en.locator("a.bf-cite")
    target = link.get_attribute("href")
    link.click()
    page.wait_for_function("h => location.hash === h", arg=target)
    assert page.locator(target).is_visible()


def test_a_reader_showing_one_language_sees_that_half_of_a_fact_check(page, site_url):
    visit(page, f"{site_url}articles/export-controls-race/")
    page.locator("button[data-bf-view=en]").click()
    box = page.locator(".bf-factcheck").first
    assert box.locator(".bf-fc-en").is_visible() and not box.locator(".bf-fc-zh").is_visible()
    page.locator("button[data-bf-view=orig]").click()
    assert box.locator(".bf-fc-zh").is_visible() and not box.locator(".bf-fc-en").is_visible()
    page.locator("button[data-bf-view=both]").click()


@pytest.mark.parametrize("width", [1280, 390])
def test_captions_are_marked_as_captions(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 844})
    page = context.new_page()
    try:
        visit(page, f"{site_url}articles/{WITH_CAPTIONS}/")
        row = page.locator(".bf-row.bf-caption").first
        for column in (".bf-orig", ".bf-en"):  # a figure per language, its caption labelled
            caption = row.locator(f"{column} figure > figcaption")
            assert caption.count() == 1 and caption.locator(".bf-caption-label").is_visible()
        assert row.locator(".bf-en .bf-caption-label").inner_text().casefold() == "photo caption"
        # the label follows the script the reader chose
        zh_label = row.locator(".bf-orig .bf-caption-label")
        page.locator("button[data-bf-script=hans]").click()
        assert zh_label.inner_text() == "图片说明"
        page.locator("button[data-bf-script=hant]").click()
        assert zh_label.inner_text() == "圖片說明"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        row.scroll_into_view_if_needed()
        shot = SCREENSHOTS / f"caption-{width}-light.png"
        page.screenshot(path=str(shot))
        assert_screenshot_shows(page, shot, f"#{row.get_attribute('id')}")
    finally:
        context.close()


# ---------------------------------------------------------------- where the English came from

TIP = "#bf-prov-tip"
# the English sentence whose last line starts furthest right: its provenance has least room
RIGHTMOST_JS = """() => {
  let best = null, left = -1;
  for (const s of document.querySelectorAll('.bf-en .bf-s[data-bf-prov]')) {
    const lines = s.getClientRects();
    const last = lines[lines.length - 1];
    if (last && last.left > left) { left = last.left; best = s.id; }
  }
  return best;
}"""


def _inside(box: dict, outer: dict) -> bool:
    return (box["x"] >= outer["x"] - 0.5 and box["x"] + box["width"] <= outer["x"] + outer["width"] + 0.5)


def test_provenance_shows_whole_inside_the_column_on_hover(page, site_url):
    visit(page, f"{site_url}articles/openai-proposal/")
    sentence = page.locator("#" + page.evaluate(RIGHTMOST_JS))
    sentence.hover()
    tip = page.locator(TIP)
    tip.wait_for(state="visible")
    assert tip.inner_text() == sentence.get_attribute("data-bf-prov")
    column = page.locator(".bf-row:has(#%s) > .bf-en" % sentence.get_attribute("id")).bounding_box()
    box = tip.bounding_box()
    assert _inside(box, column), (box, column)  # never past the column's edge
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.mouse.move(5, 5)
    tip.wait_for(state="hidden")


def test_provenance_is_reached_by_keyboard(page, site_url):
    visit(page, f"{site_url}articles/openai-proposal/")
    page.locator("#p2-s2 a.bf-pl").focus()
    page.keyboard.press("Tab")  # on to the next sentence's link
    link = page.locator("#p2-s3 a.bf-pl")
    assert page.evaluate("document.activeElement") == link.evaluate("el => el")  # focus moved there
    tip = page.locator(TIP)
    tip.wait_for(state="visible")
    assert tip.inner_text() == page.locator("#en-p2-s3").get_attribute("data-bf-prov")
    assert link.get_attribute("aria-describedby") == "bf-prov-tip"  # read out with the link
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")


def test_provenance_is_reached_by_touch_and_fits_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        visit(page, f"{site_url}articles/openai-proposal/")
        sentence = page.locator("#" + page.evaluate(RIGHTMOST_JS))
        sentence.tap()
        tip = page.locator(TIP)
        tip.wait_for(state="visible")
        assert tip.inner_text() == sentence.get_attribute("data-bf-prov")
        assert _inside(tip.bounding_box(), {"x": 0, "width": 390})
        assert "bf-hl" in sentence.get_attribute("class")
        page.locator("dl.bf-meta").tap()  # a tap elsewhere closes it
        tip.wait_for(state="hidden")
        assert "bf-hl" not in sentence.get_attribute("class")
    finally:
        context.close()
