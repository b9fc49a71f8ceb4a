"""The built site in headless Chromium, served under a sub-path as on GitHub Pages:
简/繁 switch, view switch, sentence pairing, permalinks, and search in both scripts and English."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PREFIX = "/sub/path/"
SIMPLIFIED_ARTICLE = "export-controls-race"  # written in Simplified
TRADITIONAL_ARTICLE = "deepseek-tops-charts"  # written in Traditional


def copy_project(dest: Path) -> Path:
    """The repository's project files (not its generated pages) in a scratch folder."""
    for name in ("seeds", "translations", "curation", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name)
    for name in ("mkdocs.yml", "briefing.yml"):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, dest / name)
    (dest / "docs").mkdir()
    for name in ("about.md", "method.md", "assets"):
        src = ROOT / "docs" / name
        if src.is_dir():
            shutil.copytree(src, dest / "docs" / name)
        elif src.is_file():
            shutil.copy2(src, dest / "docs" / name)
    return dest


class SubPath(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "__missing__")
        return super().translate_path("/" + path[len(PREFIX):])

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    from briefing.build import build_site
    from briefing.config import load_project
    project = load_project(copy_project(tmp_path_factory.mktemp("project")))
    build_site(project, strict=False)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(SubPath, directory=str(project.site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


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


def test_script_switch_changes_the_original_and_is_remembered(page, site_url):
    page.goto(f"{site_url}articles/{SIMPLIFIED_ARTICLE}/")
    first = "#p1-s1"
    hans = page.locator(f"{first} .zh-hans").text_content()
    hant = page.locator(f"{first} .zh-hant").text_content()
    assert hans != hant
    assert visible_text(page, first) == hans  # the article's own script first
    button = page.locator("button[data-bf-script=hant]")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert visible_text(page, first) == hant
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator(f"{first} .zh-hant").get_attribute("lang") == "zh-Hant"
    # remembered on the next page, before any click
    page.goto(f"{site_url}articles/{TRADITIONAL_ARTICLE}/")
    p1 = page.locator("#p1-s1 .zh-hant").text_content()
    assert visible_text(page, "#p1-s1") == p1
    page.locator("button[data-bf-script=hans]").click()
    assert visible_text(page, "#p1-s1") == page.locator("#p1-s1 .zh-hans").text_content()
    # nothing was requested from anywhere but our server
    assert all(u.startswith(site_url.split(PREFIX)[0]) for u in page.requests), page.requests


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
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material reacts to key events, not to fill() alone
    results = page.locator(".md-search-result__list a")
    try:
        results.first.wait_for(timeout=8000)
    except Exception:
        return []
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


def test_search_finds_articles_across_scripts_and_in_english(page, site_url):
    # 輝達 (Traditional, Taiwan name for Nvidia) occurs in the Simplified articles only as 英伟达
    hits = search(page, site_url, "輝達")
    assert any(SIMPLIFIED_ARTICLE in h for h in hits), hits
    # 开源 (Simplified) occurs in the Traditional article only as 開源
    hits = search(page, site_url, "开源")
    assert any("merics-inference-open-source" in h for h in hits), hits
    for word in ("Stargate", "controls"):  # a plural: the index must not be stemmed alone
        hits = search(page, site_url, word)
        assert any("articles/" in h for h in hits), (word, hits)
