"""Search across regional vocabulary, filters and sort, in headless Chromium on the built sample:
a reader in Taipei and one in Beijing find the same pages with their own words (every glossary
name's spellings, and common words of each side), the results say what else was searched, the
count is final from the first render, and filters and sort work by keyboard and on a phone."""

from __future__ import annotations

import json
import re

import pytest

from briefing.publish.search_source import Normaliser
from briefing.sources.script import hans_characters
from briefing.testing.browser import visit
from support import ROOT, SCREENSHOTS, assert_screenshot_shows, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Common words written differently on each side (Taiwan first, as a Taipei reader types it; then
# the mainland word), beyond the glossary: each occurs, on one side or both, in the sample.
COMMON_TERMS = [
    ("晶片", "芯片"), ("人工智慧", "人工智能"), ("軟體", "软件"), ("網路", "网络"), ("資料", "数据"),
    ("品質", "质量"), ("伺服器", "服务器"), ("使用者", "用户"), ("演算法", "算法"), ("硬體", "硬件"),
    ("部落格", "博客"), ("資訊", "信息"), ("網際網路", "互联网"), ("執行長", "首席执行官"), ("新創公司", "初创公司"),
    ("專案", "项目"), ("叢集", "集群"), ("效能", "性能"), ("最佳化", "优化"), ("程式碼", "代码"),
    ("社群媒體", "社交媒体"), ("營運", "运营"), ("釋出", "发布"), ("設定", "设置"), ("模組", "模块"),
    ("分散式", "分布式"), ("即時", "实时"), ("變數", "变量"), ("啟用", "激活"), ("停用", "禁用"),
    ("迴圈", "循环"), ("元件", "组件"), ("聯絡", "联系"), ("數位", "数字"),
]


def glossary_spellings() -> list[list[str]]:
    """Each glossary name's Chinese spellings that differ once normalised (as search compares)."""
    from briefing.translation.glossary import load_glossary
    norm = Normaliser.of(hans_characters())
    out = []
    for entry in load_glossary(ROOT / "curation" / "glossary.yml", "tw").entries:
        forms: dict[str, str] = {}
        for form in entry.match_forms:
            if re.search(r"[\u4e00-\u9fff]", form):
                forms.setdefault(norm.normalise(form), form)
        if len(forms) > 1:
            out.append(list(forms.values()))
    return out


@pytest.fixture(scope="module")
def reader(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    visit(page, site_url)
    page.locator("input.md-search__input").click()
    yield page
    page.close()


def ask(page, query: str) -> tuple[int, set[str], str]:
    """(the count shown first, every result's page, 'also searched' line) for `query`, all
    results listed (Show more pressed until there is none)."""
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    done = f'[data-bf-search-list][aria-busy=false][data-bf-query={json.dumps(query, ensure_ascii=False)}]'
    page.locator(done).wait_for(state="attached")
    count = _count(page)
    while page.locator(".bf-search-more button").count():
        page.locator(".bf-search-more button").click()
        page.locator("[data-bf-search-list][aria-busy=false]").wait_for(state="attached")
    assert _count(page) == count  # the first count is final: nothing is set aside later
    hrefs = page.locator(".md-search-result__item > a:first-child").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('#')[0])")
    assert len(hrefs) == count, (query, count, hrefs)
    also = page.locator("#bf-search-also")
    return count, set(hrefs), also.text_content() if also.is_visible() else ""


def _count(page) -> int:
    text = page.locator("#bf-search-meta").text_content().strip()
    return 0 if text.startswith("No") else int(text.split()[0])


def test_every_glossary_name_finds_the_same_pages_from_each_spelling(reader):
    groups = glossary_spellings()
    assert len(groups) >= 5  # the sample's glossary pairs names across regions and scripts
    for forms in groups:
        found = {form: ask(reader, form) for form in forms}
        pages = {form: f[1] for form, f in found.items()}
        first = pages[forms[0]]
        assert first, forms
        assert all(p == first for p in pages.values()), pages
    count, _, also = ask(reader, "川普")
    assert "特朗普" in also and count >= 5  # Taiwan's name for Trump finds the mainland's


def test_common_words_of_either_side_find_the_same_pages(reader):
    assert len(COMMON_TERMS) >= 30
    for taiwan, mainland in COMMON_TERMS:
        tw, cn = ask(reader, taiwan), ask(reader, mainland)
        assert tw[1] and tw[1] == cn[1], (taiwan, mainland, tw, cn)
        assert mainland in tw[2] or mainland in cn[2] or taiwan in cn[2], (taiwan, mainland, tw[2], cn[2])


def test_a_word_can_be_searched_alone_and_english_is_untouched(reader):
    both, pages, also = ask(reader, "晶片")
    assert "芯片" in also
    reader.locator("#bf-search-also button").click()  # "Search 晶片 only"
    reader.locator("[data-bf-search-list][aria-busy=false]").wait_for(state="attached")
    reader.wait_for_function("document.querySelector('#bf-search-also').textContent.includes('only, not')")
    alone = _count(reader)
    assert 0 < alone < both
    reader.locator("#bf-search-also button").click()  # and back
    reader.wait_for_function("document.querySelector('#bf-search-also').textContent.includes('Also searched')")
    _, _, also = ask(reader, "chips")
    assert also == ""


def test_outlet_and_author_are_searched(reader):
    count, pages, _ = ask(reader, "站搜网")  # an outlet (the sample's aggregator)
    assert any("export-controls-race" in p for p in pages)
    count, pages, _ = ask(reader, "陸一")  # an author, typed in Traditional as printed
    assert any("deepseek-tops-charts" in p for p in pages)


def test_filters_and_newest_first_by_keyboard(reader):
    count, _, _ = ask(reader, "芯片")
    kind = reader.locator("select[data-bf-filter=kind]")
    reader.wait_for_function("document.querySelector('select[data-bf-filter=kind]').options.length > 2")
    kind.focus()
    # a select takes arrow keys (search's own ↓/↑ leave it alone): choose Articles by keyboard
    reader.keyboard.press("ArrowDown")
    while kind.evaluate("s => s.value") != "article":
        reader.keyboard.press("ArrowDown")
    reader.wait_for_function("document.querySelector('[data-bf-search-list]').getAttribute('aria-busy') === 'false'"
                             " && document.querySelectorAll('.md-search-result__item').length > 0")
    reader.locator("[data-bf-search-list][aria-busy=false]").wait_for(state="attached")
    articles = _count(reader)
    assert 0 < articles < count
    hrefs = reader.locator(".md-search-result__item > a:first-child").evaluate_all("ls => ls.map(a => a.href)")
    assert all("/articles/" in h for h in hrefs)
    sort = reader.locator("select[data-bf-sort]")
    sort.select_option("date")
    reader.wait_for_function("document.querySelector('.md-search-result__item .bf-search-facts') !== null")
    reader.locator("[data-bf-search-list][aria-busy=false]").wait_for(state="attached")
    dates = reader.locator(".md-search-result__item .bf-search-facts").evaluate_all(
        "ps => ps.map(p => (p.textContent.match(/\\d{4}(-\\d{2})?(-\\d{2})?/) || [''])[0])")
    known = [d for d in dates if d]
    assert known == sorted(known, reverse=True) and len(known) >= 2  # newest first
    # leave the reader's page as it was for the other tests
    sort.select_option("")
    kind.select_option("")


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_filters_fit_and_are_usable_on_a_phone(browser, site_url, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        visit(page, site_url)
        page.keyboard.press("/")
        box = page.locator("input.md-search__input")
        box.fill("英伟达")
        box.press("End")
        page.locator('[data-bf-search-list][aria-busy=false][data-bf-query="英伟达"]').wait_for(state="attached")
        page.wait_for_function("document.querySelector('select[data-bf-filter=outlet]').options.length > 1")
        for select in page.locator(".bf-search-filters select:visible").all():
            box_ = select.bounding_box()
            assert box_ and box_["x"] >= 0 and box_["x"] + box_["width"] <= width + 1
            assert box_["height"] >= 24  # a finger can hit it
        out = SCREENSHOTS / f"search-filters-{width}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        assert_screenshot_shows(page, out, ".bf-search-filters")
    finally:
        page.close()


@pytest.mark.parametrize("scheme,width", [("light", 1280), ("dark", 390)])
def test_axe_finds_nothing_with_the_filters_and_counterparts_shown(browser, site_url, scheme, width):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = ctx.new_page()
        visit(page, site_url)
        page.keyboard.press("/")
        box = page.locator("input.md-search__input")
        box.fill("晶片")
        box.press("End")
        page.locator('[data-bf-search-list][aria-busy=false][data-bf-query="晶片"]').wait_for(state="attached")
        page.wait_for_function("document.querySelector('select[data-bf-filter=kind]').options.length > 1")
        assert page.locator("#bf-search-also").is_visible()
        found = axe_violations(page)
        assert found == []
    finally:
        ctx.close()


def test_filters_and_sort_by_touch_on_a_phone(browser, site_url):
    """On a 390 px phone (touch): the search opens with a tap, each filter is on top where it is
    shown (a tap reaches it), choosing a kind narrows the results and newest first sorts them."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = ctx.new_page()
        visit(page, site_url)
        page.locator("label.md-header__button[for=__search]").tap()
        box = page.locator("input.md-search__input")
        box.fill("芯片")
        page.locator('[data-bf-search-list][aria-busy=false][data-bf-query="芯片"]').wait_for(state="attached")
        page.wait_for_function("document.querySelector('select[data-bf-filter=kind]').options.length > 2")
        total = _count(page)
        for select in page.locator(".bf-search-filters select:visible").all():
            select.scroll_into_view_if_needed()
            assert select.evaluate("s => { const r = s.getBoundingClientRect();"
                                   " return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === s; }")
        page.locator("select[data-bf-filter=kind]").select_option("article")  # what the phone's picker does
        page.wait_for_function("document.querySelector('[data-bf-search-list]').getAttribute('aria-busy') === 'false'"
                               " && document.querySelectorAll('.md-search-result__item').length > 0")
        articles = _count(page)
        assert 0 < articles < total
        hrefs = page.locator(".md-search-result__item > a:first-child").evaluate_all("ls => ls.map(a => a.href)")
        assert hrefs and all("/articles/" in h for h in hrefs)
        page.locator("select[data-bf-sort]").select_option("date")
        page.wait_for_function("document.querySelector('.md-search-result__item .bf-search-facts') !== null")
        page.locator("[data-bf-search-list][aria-busy=false]").wait_for(state="attached")
        dates = page.locator(".md-search-result__item .bf-search-facts").evaluate_all(
            "ps => ps.map(p => (p.textContent.match(/\\d{4}(-\\d{2})?(-\\d{2})?/) || [''])[0])")
        known = [d for d in dates if d]
        assert known == sorted(known, reverse=True) and len(known) >= 2
    finally:
        ctx.close()
