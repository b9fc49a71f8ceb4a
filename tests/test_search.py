"""Search: what `briefing build` gives Pagefind to index (sample site), and searching a
1,000-article synthetic site in headless Chromium (served under a sub-path)."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

from briefing.errors import BuildError
from briefing.publish.search import index_site, parse_report, pagefind_command

ROOT = Path(__file__).resolve().parents[1]


def test_report_lines_are_read():
    out = "Total:\n  Indexed 1 language\n  Indexed 11 pages\n  Indexed 5729 words\n"
    assert parse_report(out) == (11, 5729)
    assert parse_report("Indexed 1 page\nIndexed 1 word") == (1, 1)


def test_command_forces_chinese_and_excludes_reader_controls(tmp_path):
    cmd = pagefind_command(tmp_path / "site")
    assert cmd[cmd.index("--force-language") + 1] == "zh"
    excluded = [cmd[i + 1] for i, a in enumerate(cmd) if a == "--exclude-selectors"]
    assert ".bf-controls" in excluded


def test_unbuilt_site_is_a_build_error_naming_it(tmp_path):
    with pytest.raises(BuildError) as err:
        index_site(tmp_path / "site")
    assert str(tmp_path / "site") in str(err.value) and "briefing build" in str(err.value)


def fragments(site: Path) -> dict[str, dict]:
    """Pagefind's per-page records (gzip; a signature, then JSON), by URL."""
    out = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[raw.index(b"{"):])
        out[record["url"]] = record
    return out


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "tests"))
    from test_browser import copy_project
    from briefing.config import load_project
    from briefing.publish.build import build_site
    project = load_project(copy_project(tmp_path_factory.mktemp("project")))
    summary = build_site(project)
    return project.site_dir, summary


@pytest.mark.slow
def test_build_indexes_generated_pages_only_without_controls(built_site):
    site, summary = built_site
    assert "search" in summary.timings
    records = fragments(site)
    urls = set(records)
    assert "/articles/export-controls-race/" in urls and {"/", "/timeline/", "/glossary/"} <= urls
    assert "/about/" not in urls and "/method/" not in urls  # hand-written pages: not indexed
    article = records["/articles/export-controls-race/"]
    text = article["content"].replace("\u200b", "")
    # both scripts and the English are indexed
    assert "出口管制" in text and "競賽" in text and "export controls" in text
    # reader controls, metadata and navigation are not
    assert "简繁" not in text and "OriginalEnglishBoth" not in text and "Original script" not in text
    assert "Skip to content" not in text and "Made with" not in text  # Material's chrome
    # the result title is the page title, not the trilingual h1
    assert article["meta"]["title"].startswith("The US–China AI race")
    assert {"p1-s1", "en-p1-s1", "title"} <= {a["id"] for a in article["anchors"]}


@pytest.mark.slow
def test_material_search_is_off(built_site):
    site, _ = built_site
    assert not (site / "search" / "search_index.json").exists()
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'name="search"' not in html  # Material's search script would fetch its index
    assert "data-bf-search-form" in html and "assets/search.js" in html


# ---------------------------------------------------------------- 1,000 articles in Chromium

@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "scripts"))
    from screenshot import CHROMIUM, serve_site  # type: ignore[import-not-found]
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    from make_synthetic import make_project  # type: ignore[import-not-found]
    from briefing.config import load_project
    from briefing.publish.build import build_site
    # shorter articles than the benchmark's (3–6 paragraphs): a quicker build, the same 1,000 pages
    project = load_project(make_project(1000, tmp_path_factory.mktemp("synthetic") / "p",
                                        paragraphs=(3, 6)))
    build_site(project)
    with serve_site(project.site_dir) as url:
        yield url, project.site_dir


@pytest.mark.browser
@pytest.mark.slow
def test_search_at_1000_articles_loads_only_what_the_query_needs(synthetic_site):
    from playwright.sync_api import sync_playwright
    from screenshot import CHROMIUM, CHROMIUM_ARGS  # type: ignore[import-not-found]
    url, site = synthetic_site
    chunks = len(list((site / "pagefind" / "index").glob("*.pf_index")))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for query, shown in (("出口管制", "出口管制"), ("晶片", "晶片"), ("synthetic", "synthetic")):
                page = browser.new_page()
                requests: list[str] = []
                page.on("request", lambda r: requests.append(r.url))
                page.goto(url)
                box = page.locator("input.md-search__input")
                box.click()
                box.fill(query)
                box.press("End")
                links = page.locator(".md-search-result__list a")
                links.first.wait_for(timeout=15000)
                assert "articles/synthetic-" in (links.first.get_attribute("href") or "")
                assert int(page.locator("#bf-search-meta").text_content().split()[0]) > 20
                # the excerpt is a sentence holding the query, in the script the query matched
                # (晶片 is only in the Traditional text of these Simplified articles)
                excerpt = page.locator(".md-search-result__list p").first.text_content()
                assert shown in excerpt, (query, excerpt)
                page.wait_for_load_state("networkidle")
                fetched = [u for u in requests if u.endswith(".pf_index")]
                assert 0 < len(fetched) <= max(2, chunks // 20), (query, len(fetched), chunks)
                assert not [u for u in requests if "search_index.json" in u]
                origin = "/".join(url.split("/")[:3])
                assert all(u.startswith(origin + "/briefing/") for u in requests), requests
                page.close()
        finally:
            browser.close()
