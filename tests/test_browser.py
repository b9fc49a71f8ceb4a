"""The built site in headless Chromium, served under a sub-path as on GitHub Pages:
简/繁 switch, view switch, sentence pairing, permalinks, and search in both scripts and English."""

from __future__ import annotations

import pytest

from briefing.testing.browser import settle, visit
from support import SCREENSHOTS, animations_done, assert_screenshot_shows, search_done

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIMPLIFIED_ARTICLE = "export-controls-race"  # written in Simplified
TRADITIONAL_ARTICLE = "deepseek-tops-charts"  # written in Traditional


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    p = ctx.new_page()
    requests: list[str] = []
    p.on("request", lambda r: requests.append(r.url))
    p.requests = requests  # type: ignore[attr-defined]
    yield p
    ctx.close()


def visible_text(page, selector: str) -> str:
    return page.locator(selector).evaluate(
        "el => Array.from(el.querySelectorAll('span[lang]')).filter(s => s.offsetParent !== null)"
        ".map(s => s.textContent).join('')")


def shown_label(page) -> str:
    return page.locator("[data-bf-shown]").first.text_content()


def test_each_article_as_published_unless_the_reader_converts_this_page_or_every_page(page, site_url):
    other_simplified = "openai-proposal"
    page.goto(f"{site_url}articles/{SIMPLIFIED_ARTICLE}/")
    first = "#p1-s1"
    hans = page.locator(f"{first} .zh-hans").text_content()
    hant = page.locator(f"{first} .zh-hant").text_content()
    assert hans != hant
    assert visible_text(page, first) == hans  # the article's own script, to a reader who never chose
    assert shown_label(page) == "Simplified, as published"
    assert page.locator("button[data-bf-script=orig]").get_attribute("aria-pressed") == "true"
    button = page.locator("button[data-bf-script=hant]")
    button.click()  # this page only
    assert visible_text(page, first) == hant and button.get_attribute("aria-pressed") == "true"
    assert shown_label(page) == "Traditional, converted from simplified"
    assert page.locator(f"{first} .zh-hant").get_attribute("lang") == "zh-Hant"
    page.reload()  # the choice survives a reload, before any click
    assert visible_text(page, first) == hant and shown_label(page).startswith("Traditional, converted")
    # other pages stay as published: the Traditional article in Traditional, another Simplified
    # one in Simplified
    page.goto(f"{site_url}articles/{TRADITIONAL_ARTICLE}/")
    assert visible_text(page, "#p1-s1") == page.locator("#p1-s1 .zh-hant").text_content()
    assert shown_label(page) == "Traditional, as published"
    page.goto(f"{site_url}articles/{other_simplified}/")
    assert visible_text(page, "#p1-s1") == page.locator("#p1-s1 .zh-hans").text_content()
    # every page: 繁 on one, then the next article is converted too, and stays so on reload
    page.locator("[data-bf-scope]").check()
    page.locator("button[data-bf-script=hant]").click()
    page.goto(f"{site_url}articles/{SIMPLIFIED_ARTICLE}/")
    page.reload()
    assert visible_text(page, first) == hant and page.locator("[data-bf-scope]").is_checked()
    page.goto(f"{site_url}articles/{other_simplified}/")
    assert visible_text(page, "#p1-s1") == page.locator("#p1-s1 .zh-hant").text_content()
    # and back to each as published, everywhere
    page.locator("button[data-bf-script=orig]").click()
    page.goto(f"{site_url}articles/{SIMPLIFIED_ARTICLE}/")
    assert visible_text(page, first) == hans and shown_label(page) == "Simplified, as published"
    # nothing was requested from anywhere but our server
    origin = "/".join(site_url.split("/")[:3])  # http://127.0.0.1:PORT
    assert all(u.startswith(origin + "/") for u in page.requests), page.requests


def test_view_switch_and_sentence_pairs(page, site_url):
    page.goto(f"{site_url}articles/{SIMPLIFIED_ARTICLE}/")
    page.locator("button[data-bf-view=en]").click()
    assert not page.locator("#p1-s1").is_visible() and page.locator("#en-p1-s1").is_visible()
    page.locator("button[data-bf-view=both]").click()
    assert page.locator("#p1-s1").is_visible()
    page.locator("#p2-s1").hover()
    assert "bf-hl" in page.locator("#en-p2-s1").get_attribute("class")
    page.locator("#p2-s1 a.bf-pl").focus()
    assert "bf-hl" in page.locator("#en-p2-s1").get_attribute("class")
    page.locator("#p2-s1 a.bf-pl").click()
    assert page.evaluate("navigator.clipboard.readText()").endswith(f"articles/{SIMPLIFIED_ARTICLE}/#p2-s1")
    # a deep link (as the timeline makes) highlights the sentence and its English
    page.goto(f"{site_url}articles/{SIMPLIFIED_ARTICLE}/#p3-s1")
    assert "bf-target" in page.locator("#en-p3-s1").get_attribute("class")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def search(page, site_url: str, query: str) -> list[str]:
    visit(page, site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material reacts to key events, not to fill() alone
    search_done(page)
    results = page.locator(".md-search-result__list a")
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


def test_search_finds_articles_across_scripts_and_in_english(page, site_url):
    # 英偉達 (Traditional script) occurs in the Simplified articles only as 英伟达; the Taiwan
    # word 輝達 finds them too, as its counterpart, and says so (conversion still does not put
    # 輝達 in their authors' mouths, issue 10: the search says what else it searched)
    hits = search(page, site_url, "英偉達")
    assert any(SIMPLIFIED_ARTICLE in h for h in hits), hits
    assert any(SIMPLIFIED_ARTICLE in h for h in search(page, site_url, "輝達"))
    assert "英伟达" in page.locator("#bf-search-also").text_content()
    # 开源 (Simplified) occurs in the Traditional article only as 開源
    hits = search(page, site_url, "开源")
    assert any("merics-inference-open-source" in h for h in hits), hits
    for word in ("Stargate", "controls"):  # a plural: the index must not be stemmed alone
        hits = search(page, site_url, word)
        assert any("articles/" in h for h in hits), (word, hits)


def test_english_search_finds_and_marks_other_forms_of_a_word(page, site_url):
    # the English index is stemmed: "exports" finds pages that say "export" and marks that word
    hits = search(page, site_url, "exports")
    assert any("export-controls-race" in h for h in hits), hits
    marks = page.locator(".md-search-result__list p mark")
    marks.first.wait_for(timeout=8000)
    assert {m.lower() for m in marks.all_text_contents()} <= {"export", "exports"}, marks.all_text_contents()


def excerpts(page, site_url: str, query: str) -> list[tuple[str, str]]:
    """(lang, text) of the result excerpts for `query`, once one marks a match."""
    visit(page, site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    page.locator(".md-search-result__list p mark").first.wait_for(timeout=15000)
    ps = page.locator(".md-search-result__list p")
    return [(ps.nth(i).get_attribute("lang") or "", ps.nth(i).text_content() or "") for i in range(ps.count())]


def test_search_quotes_the_page_in_the_script_typed_or_read(page, site_url):
    # the index holds Chinese once (normalised to Simplified); the excerpt quotes the page as shown
    lang, text = excerpts(page, site_url, "開源")[0]  # typed in Traditional
    assert lang == "zh-Hant" and "開源" in text and "开源" not in text, (lang, text)
    lang, text = excerpts(page, site_url, "开源")[0]  # typed in Simplified
    assert lang == "zh-Hans" and "开源" in text, (lang, text)
    page.goto(f"{site_url}articles/{SIMPLIFIED_ARTICLE}/")
    page.locator("[data-bf-scope]").check()  # a reader of Traditional, on every page
    page.locator("button[data-bf-script=hant]").click()
    shown = excerpts(page, site_url, "深度求索")  # the same in both scripts: the reader's script
    langs = {lang for lang, _ in shown}
    assert "zh-Hant" in langs and "zh-Hans" not in langs, shown
    first = page.locator(".md-search-result__list a").first.get_attribute("href") or ""
    text = shown[0][1]
    page.goto(site_url.rstrip("/").rsplit("/", 1)[0] + first if first.startswith("/") else first)
    anchor = first.split("#", 1)[1]
    assert page.locator(f"#{anchor} .zh-hant").text_content() == text  # quoted as shown


def test_search_excerpt_keeps_to_the_element_that_matches(page, site_url):
    # on the home page a card's title and its summary follow the same anchor (the card): a match
    # in the title quotes the title, not the title run into the summary after it
    shown = [text for _, text in excerpts(page, site_url, "出口管制")]
    card = page.locator(".md-search-result__list a[href$='#article-merics-inference-open-source'] p")
    card.first.wait_for(timeout=15000)
    assert card.first.text_content() == "DeepSeek与美国人工智能战略:从出口管制到技术扩散", shown
    assert not [t for t in shown if "技术扩散这是" in t or "博弈这是" in t], shown


def test_search_by_keyboard_only_opens_the_matching_sentence(page, site_url):
    visit(page, f"{site_url}timeline/")
    page.keyboard.press("/")  # as in Material: / opens search with the box focused
    box = page.locator("input.md-search__input")
    assert box.evaluate("el => el === document.activeElement")
    page.keyboard.type("开源")
    # typed a character at a time: wait for the results of the whole word, not of 开 alone
    page.wait_for_function("Array.from(document.querySelectorAll('.md-search-result__list a mark'))"
                           ".some(m => m.textContent.includes('开源'))", timeout=15000)
    first = page.locator(".md-search-result__list a").first
    href = first.get_attribute("href") or ""
    assert "#" in href, href  # a link to the sentence, not just the page
    assert "开源" in first.locator("mark").first.text_content()  # the excerpt shows the match
    page.keyboard.press("ArrowDown")
    assert first.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + href.split("/briefing/", 1)[1])
    settle(page)
    anchor = href.split("#", 1)[1]
    assert "bf-target" in (page.locator(f"#{anchor}").get_attribute("class") or "")
    # Esc closes it again
    page.keyboard.press("/")
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    origin = "/".join(site_url.split("/")[:3])
    assert all(u.startswith(origin + "/") for u in page.requests), page.requests


# ---------------------------------------------------------------- dark mode, print, screenshots

PAGES = {"home": "", "article": f"articles/{SIMPLIFIED_ARTICLE}/", "timeline": "timeline/",
         "glossary": "glossary/"}
# what each page's screenshot is about: it must be in the picture
SHOWN = {"home": "li.bf-card", "article": ".bf-title", "timeline": ".bf-event", "glossary": ".bf-entity"}

# The lowest contrast of any visible text in the page's content and footer against what is
# really behind it (backgrounds composited up the tree, opacity and alpha included), with the
# element that has it. WCAG AA: 4.5, or 3 for large text (24px, or 18.66px bold).
LOWEST_CONTRAST_JS = """() => {
  const parse = c => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, bottom) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat(1); };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                     return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const background = el => {
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.push(parse(getComputedStyle(e).backgroundColor));
    let bg = [255, 255, 255, 1];
    for (const c of chain.reverse()) bg = over(c, bg);
    return bg;
  };
  const opacity = el => { let o = 1; for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity); return o; };
  let worst = { ratio: 99, where: "" };
  document.querySelectorAll(".md-content *, .md-footer *").forEach(el => {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length || getComputedStyle(el).visibility !== "visible") return;
    const op = opacity(el);
    if (op === 0) return;
    const bg = background(el), fg = parse(getComputedStyle(el).color);
    const text = over([fg[0], fg[1], fg[2], fg[3] * op], bg);
    const [l1, l2] = [lum(text), lum(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const st = getComputedStyle(el), px = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
    const need = (px >= 24 || (bold && px >= 18.66)) ? 3 : 4.5;
    if (ratio / need < worst.ratio / (worst.need || 4.5))
      worst = { ratio: Math.round(ratio * 100) / 100, need, where: el.tagName + "." + el.className + ": " + el.textContent.trim().slice(0, 40) };
  });
  return worst;
}"""


def switch_to_dark(page) -> None:
    page.locator("label[title='Switch to dark mode']").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    animations_done(page)  # Material fades the colours in, however long it takes


@pytest.mark.parametrize("name", ["home", "article", "glossary"])
def test_dark_mode_switches_the_scheme_and_keeps_text_readable(page, site_url, name):
    page.goto(site_url + PAGES[name])
    light = page.evaluate(LOWEST_CONTRAST_JS)
    assert light["ratio"] >= light["need"], ("light", light)
    bg_light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    switch_to_dark(page)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != bg_light
    page.locator("#p2-s1").hover() if name == "article" else None  # a highlighted pair too
    dark = page.evaluate(LOWEST_CONTRAST_JS)
    assert dark["ratio"] >= dark["need"], ("dark", dark)
    # remembered on the next page
    page.goto(site_url + PAGES["timeline"])
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"


def test_print_shows_both_columns_without_controls_or_navigation(page, site_url):
    page.goto(f"{site_url}articles/{SIMPLIFIED_ARTICLE}/")
    page.locator("button[data-bf-view=en]").click()  # a one-column choice on screen...
    page.emulate_media(media="print")
    assert not page.locator(".bf-controls").is_visible()
    assert page.locator("#p1-s1").is_visible() and page.locator("#en-p1-s1").is_visible()  # ...prints both
    left, right = (page.locator(f"#p1 > {c}").bounding_box() for c in (".bf-orig", ".bf-en"))
    assert left["x"] + left["width"] <= right["x"], (left, right)  # side by side
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"):
        assert not page.locator(chrome).first.is_visible(), chrome


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_screenshots_of_every_kind_of_page(browser, site_url, width, height):
    """build/screenshots/{page}-{width}-{light|dark}.png (the top 2400 px) and article-text-*.png
    (the aligned text), each showing what it is about; no page scrolls sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = ctx.new_page()
    try:
        for scheme in ("light", "dark"):
            for name, path in PAGES.items():
                page.goto(site_url + path)
                if scheme == "dark" and page.evaluate("document.body.getAttribute('data-md-color-scheme')") != "slate":
                    switch_to_dark(page)
                page.evaluate("document.fonts.ready")
                tall = page.evaluate("document.documentElement.scrollHeight")
                out = SCREENSHOTS / f"{name}-{width}-{scheme}.png"
                page.screenshot(path=str(out), full_page=True,
                                clip={"x": 0, "y": 0, "width": width, "height": min(tall, 2400)})
                assert_screenshot_shows(page, out, SHOWN[name], full_page=True)
                if name == "article":  # and the aligned text itself, from its first row
                    page.locator(".bf-text-rows .bf-row").first.evaluate("e => e.scrollIntoView({block: 'center'})")
                    out = SCREENSHOTS / f"article-text-{width}-{scheme}.png"
                    page.screenshot(path=str(out))
                    assert_screenshot_shows(page, out, ".bf-text-rows .bf-row")
    finally:
        ctx.close()


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_search_drawer_in_light_and_dark_is_readable_and_fits(browser, site_url, width, height):
    """build/screenshots/search-{width}-{light|dark}.png: the results drawer open on a query."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    page = ctx.new_page()
    drawer_contrast = LOWEST_CONTRAST_JS.replace(".md-content *, .md-footer *", ".md-search-result *")
    try:
        for scheme in ("light", "dark"):
            visit(page, f"{site_url}articles/{SIMPLIFIED_ARTICLE}/")
            if scheme == "dark":
                switch_to_dark(page)
            box = page.locator("input.md-search__input")
            magnifier = page.locator(".md-header__button[for=__search]")
            (magnifier if magnifier.is_visible() else box).click()  # phones: the magnifier opens it
            box.fill("出口管制")
            box.press("End")
            search_done(page)
            animations_done(page)  # the drawer has slid open
            out = SCREENSHOTS / f"search-{width}-{scheme}.png"
            page.screenshot(path=str(out))
            assert_screenshot_shows(page, out, ".md-search-result__list a")  # the best result
            worst = page.evaluate(drawer_contrast)
            assert worst["ratio"] >= worst["need"], (scheme, worst)
    finally:
        ctx.close()
