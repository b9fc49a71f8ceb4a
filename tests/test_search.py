"""Search: what `briefing build` gives Pagefind to index (sample site), the index documents
made of generated pages (inline strings), and searching a 1,000-article synthetic site in
headless Chromium (served under a sub-path)."""

from __future__ import annotations

import json
import re

import pytest

from briefing.sources.script import Conversion
from briefing.errors import BuildError
from briefing.publish.search import pagefind_command, parse_report, start_indexing
from briefing.publish.search_source import Normaliser, page_path, search_sources
from briefing.render.structure import Outline, Page, Part
from briefing.testing.browser import serve_site, visit
from support import ROOT, SAMPLE, fragments, make_project, search_for


def test_report_lines_are_read():
    out = "Total:\n  Indexed 1 language\n  Indexed 11 pages\n  Indexed 5729 words\n"
    assert parse_report(out) == (11, 5729)
    assert parse_report("Indexed 1 page\nIndexed 1 word") == (1, 1)


def test_command_forces_chinese_and_excludes_reader_controls(tmp_path):
    cmd = pagefind_command(tmp_path / "site")
    assert cmd[cmd.index("--force-language") + 1] == "zh"
    excluded = [cmd[i + 1] for i, a in enumerate(cmd) if a == "--exclude-selectors"]
    assert ".bf-controls" in excluded and ".zh-hant" in excluded  # the index source's content


def test_nothing_generated_is_a_build_error_naming_the_index_source(tmp_path):
    from briefing.config import load_project
    project = load_project(tmp_path)
    with pytest.raises(BuildError) as err:
        start_indexing(project)
    assert str(project.search_source_dir) in str(err.value) and "briefing build" in str(err.value)


# ---------------------------------------------------------------- index documents (inline)

TO_HANS = {"競": "竞", "賽": "赛", "國": "国", "著": "着"}


def article_page() -> Page:
    """An article page's structure, as the renderer records it."""
    out = Outline(Conversion())
    out.zh("title", Part.TITLE, "美国竞赛", "美國競賽")
    out.en("en-title", Part.TITLE, 'The <em>race</em> &  "chips"')
    out.en("", Part.META, "Outlet A")
    out.zh("p1-s1", Part.SENTENCE, "著名的賽&事", "著名的賽&事")
    out.en("en-p1-s1", Part.SENTENCE, "A famous race")
    out.en("en-p1-s1", Part.QA, "number-mismatch")
    out.en("en-p1-s2", Part.FURNITURE, "[translation pending]")
    return out.page("articles/race.md", 'The <em>race</em> &  "chips"', "<p>…</p>")


def test_index_document_holds_the_chinese_once_normalised_and_the_english():
    page = article_page()
    month = Outline(Conversion())
    month.zh("article-race", Part.TEXT, "美国竞赛", "美國競賽")
    documents, files, _ = search_sources([page, month.page("months/2025-01.md", "January 2025", "", searched=False)],
                                      Normaliser.of(TO_HANS))
    # searched pages only, at their site path; not the month archives (cards of the articles' titles)
    assert list(documents) == ["articles/race/index.html"]
    assert not [f for f in files if "months" in f]
    doc = documents["articles/race/index.html"]
    assert "<div data-pagefind-body>" in doc
    # the Traditional copy is not indexed; Chinese the author kept in Traditional is normalised (著 too)
    assert "美国竞赛" in doc and "美國" not in doc and "着名的赛&amp;事" in doc
    assert doc.count("竞赛") == 1 and "A famous race" in doc
    # what the structure says search leaves out is not indexed: metadata, QA flags, furniture
    assert "Outlet A" not in doc and "number-mismatch" not in doc and "pending" not in doc
    # texts keep the ids of their holders (results link to them)
    assert 'id="p1-s1"' in doc and 'id="en-p1-s1"' in doc and 'id="en-p1-s2"' not in doc
    # the Chinese is marked as such, the English as English: each index takes its language
    assert '<span lang="zh-Hans"><span id="p1-s1">着名的赛&amp;事</span></span>' in doc
    assert '<span lang="en"><span id="en-p1-s1">A famous race</span></span>' in doc
    # the result title: the page title without tags, escaped
    assert 'data-pagefind-meta="title[content]" content="The race &amp; &quot;chips&quot;"' in doc


def test_page_text_by_anchor_keeps_both_scripts_as_shown():
    _, files, _ = search_sources([article_page()], Normaliser.of(TO_HANS))
    # a file a script: a result is quoted in one
    assert json.loads(files["search/text/articles/race.hans.json"]) == {"title": "美国竞赛", "p1-s1": "著名的賽&事"}
    assert json.loads(files["search/text/articles/race.hant.json"]) == {"title": "美國競賽", "p1-s1": "著名的賽&事"}
    query_map = json.loads(files["search/query-map.json"])
    assert dict(zip(query_map["from"], query_map["to"])) == TO_HANS


def test_texts_under_one_anchor_stay_apart():
    # a card's title and its summary are both held by the card: an excerpt must not run them together
    out = Outline(Conversion())
    out.zh("article-race", Part.TEXT, "美国竞赛", "美國競賽")
    out.en("article-race", Part.TEXT, "The race")
    out.zh("article-race", Part.TEXT, "这是一篇评论。", "這是一篇評論。")
    _, files, _ = search_sources([out.page("index.md", "Home", "")], Normaliser.of(TO_HANS))
    assert json.loads(files["search/text/index.hans.json"])["article-race"].split("\n") == ["美国竞赛", "这是一篇评论。"]
    assert json.loads(files["search/text/index.hant.json"])["article-race"].split("\n") == ["美國競賽", "這是一篇評論。"]


def test_link_lists_labels_and_card_metadata_are_not_indexed():
    from briefing.config import load_project
    from briefing.publish.assemble import load_briefing
    from briefing.render.pages import render_pages
    pages = render_pages(load_briefing(load_project(ROOT)))
    documents, _, _ = search_sources(pages.values(), Normaliser.of(TO_HANS))
    glossary, home = documents["glossary/index.html"], documents["index.html"]
    text = re.sub(r"<[^>]+>", "", glossary)
    # a glossary entry is indexed; the links to the articles that name it, its mention links
    # and the labels of its definition list are not (else each entry would match the words of
    # every article title it lists)
    assert "Nvidia" in text and "Type" not in text and "Mentions" not in text and "¶" not in text
    assert not [t for p in pages.values() for t in p.texts if t.part is Part.CITATIONS and t.hans in text
                and len(t.hans) > 25]
    # a theme's text is indexed, its list of sources is not; a card's summary is, its facts are not
    home_text = re.sub(r"<[^>]+>", "", home)
    assert "Sources:" not in home_text and "segments:" not in home_text
    # Pagefind runs one element into the next ("companyChip"): texts are kept apart by a space
    assert "</span> <span" in glossary


def test_pages_land_where_mkdocs_puts_them():
    assert page_path("index.md") == ""
    assert page_path("articles/x.md") == "articles/x/"
    assert page_path("months/2025-01.md") == "months/2025-01/"
    assert page_path("timeline/index.md") == "timeline/"


@pytest.fixture
def built_site(sample_site):
    project, summary = sample_site
    return project.site_dir, summary


@pytest.mark.slow
def test_build_indexes_generated_pages_only_without_controls(built_site):
    site, summary = built_site
    assert "search" in summary.timings
    records, english = fragments(site, "zh"), fragments(site, "en")
    urls = set(records)
    assert urls == set(english)  # each page in both indexes: its Chinese in one, English in the other
    assert "/articles/export-controls-race/" in urls and {"/", "/timeline/", "/glossary/"} <= urls
    assert "/about/" not in urls and "/method/" not in urls  # hand-written pages: not indexed
    article = records["/articles/export-controls-race/"]
    text = article["content"].replace("\u200b", "")
    # the Chinese once (normalised to Simplified); the English in the English index only
    assert "出口管制" in text and "竞赛" in text and "競賽" not in text and "export controls" not in text
    in_english = english["/articles/export-controls-race/"]["content"].replace("\u200b", "")
    assert "export controls" in in_english and "出口管制" not in in_english
    assert {"en-p1-s1", "en-title"} <= {a["id"] for a in english["/articles/export-controls-race/"]["anchors"]}
    # the page's Chinese as shown, both scripts, for the excerpts
    shown = site / "search" / "text" / "articles"
    hant = json.loads((shown / "export-controls-race.hant.json").read_text("utf-8"))
    hans = json.loads((shown / "export-controls-race.hans.json").read_text("utf-8"))
    assert "競賽" in "".join(hant.values()) and "竞赛" in "".join(hans.values())
    # reader controls, metadata and navigation are not
    assert "简繁" not in text and "OriginalEnglishBoth" not in text and "Original script" not in text
    assert "Skip to content" not in text and "Made with" not in text  # Material's chrome
    # the result title is the page title, not the trilingual h1
    assert article["meta"]["title"].startswith("The US–China AI race")
    assert {"p1-s1", "title"} <= {a["id"] for a in article["anchors"]}


@pytest.mark.slow
def test_material_search_is_off(built_site):
    site, _ = built_site
    assert not (site / "search" / "search_index.json").exists()
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'name="search"' not in html  # Material's search script would fetch its index
    assert "data-bf-search-form" in html and "assets/search.js" in html


# ---------------------------------------------------------------- 1,000 articles in Chromium

@pytest.fixture(scope="module")
def synthetic_site(synthetic_1000):
    with serve_site(synthetic_1000.site_dir) as url:
        yield url, synthetic_1000.site_dir


@pytest.mark.browser
@pytest.mark.slow
def test_search_at_1000_articles_loads_only_what_the_query_needs(synthetic_site, browser):
    url, site = synthetic_site
    chunks = {b: len(list((site / "pagefind" / b / "index").glob("*.pf_index"))) for b in ("zh", "en")}
    for query, shown in (("出口管制", ("出口管制",)), ("晶片", ("晶片", "芯片")), ("export", ("export",))):
        page = browser.new_page()
        try:
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            visit(page, url)
            box = page.locator("input.md-search__input")
            box.click()
            box.fill(query)
            box.press("End")
            links = page.locator(".md-search-result__list a")
            links.first.wait_for(timeout=15000)
            assert "articles/synthetic-" in (links.first.get_attribute("href") or "")
            assert int(page.locator("#bf-search-meta").text_content().split()[0]) > 20
            # the excerpt is a sentence holding the query, or its counterpart across the strait
            # (晶片, the Taiwan word, also finds 芯片), in the script the query matched
            excerpt = page.locator(".md-search-result__list p").first.text_content()
            assert any(w.lower() in excerpt.lower() for w in shown), (query, excerpt)
            page.wait_for_load_state("networkidle")
            fetched = [u for u in requests if u.endswith(".pf_index")]
            bundle = "en" if query == "export" else "zh"  # one index asked: the query's language
            assert all(f"/pagefind/{bundle}/" in u for u in fetched), (query, fetched)
            assert 0 < len(fetched) <= max(2, chunks[bundle] // 20), (query, len(fetched), chunks)
            assert not [u for u in requests if "search_index.json" in u]
            origin = "/".join(url.split("/")[:3])
            assert all(u.startswith(origin + "/briefing/") for u in requests), requests
        finally:
            page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_regional_words_find_the_same_pages_at_1000_articles(synthetic_site, browser):
    """Across the strait at 1,000 articles: each word of the site's vocabulary (search/terms.json:
    the words of the glossary and the cross-strait tables that occur) and each of its
    counterparts give the same count and the same first results, for 川普/特朗普, 晶片/芯片 and
    every fourth group besides (a deterministic sample: each query takes a search)."""
    url, site = synthetic_site
    counterparts = json.loads((site / "search" / "terms.json").read_text(encoding="utf-8"))["c"]
    groups = sorted({tuple(sorted({w, *others})) for w, others in counterparts.items() if others})
    chosen = [g for i, g in enumerate(groups) if i % 4 == 0 or {"川普", "晶片"} & set(g)]
    assert len(chosen) >= 10, groups
    page = browser.new_page()
    try:
        visit(page, url)
        box = page.locator("input.md-search__input")
        box.click()
        for group in chosen:
            seen = {}
            for word in group:
                seen[word] = search_for(page, word)
            counts = {w: c for w, (c, _) in seen.items()}
            assert len(set(counts.values())) == 1 and min(counts.values()) > 0, counts
            assert len({tuple(f) for _, f in seen.values()}) == 1, seen
    finally:
        page.close()


@pytest.mark.slow
def test_build_without_search_then_with_indexes_only_then(tmp_path):
    from briefing.config import load_project
    from briefing.publish.build import build_site
    project = load_project(make_project(tmp_path / "p", sample=SAMPLE))
    summary = build_site(project, search=False)
    assert (project.site_dir / "index.html").is_file() and not (project.site_dir / "pagefind").exists()
    assert "search" not in summary.timings
    summary = build_site(project)  # docs/ up to date: MkDocs and Pagefind still run, side by side
    assert all((project.site_dir / "pagefind" / b / "pagefind-entry.json").is_file() for b in ("zh", "en"))
    assert summary.timings["search"] > 0 and "mkdocs" in summary.timings
    assert "site_check" in build_site(project).timings  # and now nothing is left to do


@pytest.mark.slow
def test_an_unchanged_index_source_reuses_the_last_index(tmp_path):
    from briefing.config import load_project
    from briefing.publish.build import build_site
    project = load_project(make_project(tmp_path / "p", sample=SAMPLE))
    build_site(project)
    entry = project.search_index_dir / "zh" / "pagefind-entry.json"
    made = entry.stat().st_mtime_ns
    # a hand-written page changes: the site is rebuilt, the search index is not remade
    about = project.docs_dir / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    summary = build_site(project)
    assert "mkdocs" in summary.timings and entry.stat().st_mtime_ns == made
    assert "A new line." in (project.site_dir / "about" / "index.html").read_text(encoding="utf-8")
    for bundle in ("zh", "en"):  # and the site still has its index
        assert (project.site_dir / "pagefind" / bundle / "pagefind-entry.json").is_file()
    # an article gains a sentence: its index document changes, and the index is made again
    # (whole: one of the sample's 8 documents is more than a delta's share, search.DELTA_SHARE)
    seed = sorted(project.seeds_dir.glob("*.txt"))[0]
    seed.write_text(seed.read_text(encoding="utf-8").replace("。", "。新增的一句话。", 1), encoding="utf-8")
    assert build_site(project).written
    assert entry.stat().st_mtime_ns != made
    assert not (project.site_dir / "pagefind" / "zh-delta").exists()
