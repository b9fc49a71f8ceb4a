"""Search after a small change: the build re-indexes only the documents changed since the last
whole index (a delta index, publish/search.py), and the site's search, merging the two, finds
what a search of a clean build of the same pages finds (headless Chromium, both sites served)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefing.publish.search import DELTA_FILE, IndexPlan, plan_index
from briefing.testing.browser import serve_site, visit
from support import search_for


# ---------------------------------------------------------------- the plan (inline)

def _made(documents: dict[str, str]) -> dict:
    return {"settings": "s", "documents": documents, "delta": None}


def test_a_small_change_indexes_only_the_documents_changed_or_new():
    whole = {f"articles/a{i}/index.html": str(i) for i in range(100)} | {"index.html": "home"}
    now = {**whole, "index.html": "home2", "articles/new/index.html": "n"}
    del now["articles/a3/index.html"]
    plan = plan_index(now, _made(whole), "s", have_whole=True, have_delta=False)
    assert plan == IndexPlan(whole=False, delta={"index.html": "home2", "articles/new/index.html": "n"},
                             gone=("articles/a3/index.html",))
    made = {**_made(whole), "delta": {"documents": plan.delta}}
    assert plan_index(now, made, "s", have_whole=True, have_delta=True).reuse  # the same delta: kept
    assert plan_index(whole, made, "s", have_whole=True, have_delta=True) == IndexPlan(whole=False, reuse=True)


def test_a_large_change_new_settings_or_a_missing_index_index_the_whole_source():
    whole = {f"articles/a{i}/index.html": str(i) for i in range(100)}
    changed = {p: h + "x" if i < 6 else h for i, (p, h) in enumerate(whole.items())}  # 6 of 100 > 5 %
    assert plan_index(changed, _made(whole), "s", have_whole=True, have_delta=False).whole
    assert plan_index(whole, _made(whole), "other Pagefind", have_whole=True, have_delta=False).whole
    assert plan_index(whole, _made(whole), "s", have_whole=False, have_delta=False).whole
    assert plan_index(whole, {}, "s", have_whole=True, have_delta=False).whole


# ---------------------------------------------------------------- a built project, then a clean one

NEW_TEXT = "新增文章：海豚计划启动\n\n海豚计划今天启动，研究人员表示芯片出口管制仍是重点。\n\n该计划由多家机构共同推进。\n"
NEW_YML = 'slug: dolphin-plan\ntitle_zh: "新增文章：海豚计划启动"\noutlet: Outlet Z\npublished: "2025-03-02"\nprecision: day\n'
CHANGED_SENTENCE = "蜂鸟项目的负责人也出席了会议。"


def _change(project: Path) -> None:
    """One article added, one changed (a sentence with a word no other page has), one deleted."""
    seeds = project / "seeds"
    (seeds / "9000_dolphin-plan.txt").write_text(NEW_TEXT, encoding="utf-8")
    (seeds / "9000_dolphin-plan.yml").write_text(NEW_YML, encoding="utf-8")
    changed = seeds / "0005_synthetic.txt"
    changed.write_text(changed.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + CHANGED_SENTENCE + "\n",
                       encoding="utf-8")
    for path in seeds.glob("0007_synthetic.*"):
        path.unlink()
    (project / "translations" / "synthetic-0007.yml").unlink(missing_ok=True)


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory):
    """(the project built, changed and built again; the same pages built from scratch)."""
    from briefing.config import load_project
    from briefing.publish import search
    from briefing.publish.build import build_site
    from briefing.testing.synthetic import make_project
    base = tmp_path_factory.mktemp("delta")
    pristine = make_project(40, base / "pristine", paragraphs=(3, 6))
    changed = base / "changed"
    shutil.copytree(pristine, changed, symlinks=True)
    with pytest.MonkeyPatch.context() as patch:
        # 4 of 40 documents change: a delta at 40 articles (5 % is for a large briefing; a small
        # one indexes whole in about a second)
        patch.setattr(search, "DELTA_SHARE", 0.15)
        build_site(load_project(changed))
        whole_entry = changed / "build" / "search" / "index" / "zh" / "pagefind-entry.json"
        made = whole_entry.stat().st_mtime_ns
        _change(changed)
        build_site(load_project(changed))
    clean = base / "clean"
    shutil.copytree(pristine, clean, symlinks=True)
    _change(clean)
    build_site(load_project(clean))
    return load_project(changed), load_project(clean), made == whole_entry.stat().st_mtime_ns


def test_after_a_small_change_the_whole_index_stays_and_a_delta_holds_the_change(two_sites):
    changed, clean, whole_kept = two_sites
    assert whole_kept  # the whole index was not made again
    delta = json.loads((changed.site_dir / "pagefind" / DELTA_FILE).read_text(encoding="utf-8"))
    assert delta["zh"]["bundle"] == "zh-delta" and delta["en"]["bundle"] == "en-delta"
    assert 2 <= delta["zh"]["deltaPages"] <= 4  # the new and the changed article (and the home page)
    assert len(delta["zh"]["hide"]) >= 2  # the changed article's and the deleted one's old pages
    assert json.loads((clean.site_dir / "pagefind" / DELTA_FILE).read_text(encoding="utf-8")) == {}
    assert not (clean.site_dir / "pagefind" / "zh-delta").exists()


def _ask(page, query: str) -> tuple[int, list[str], dict[str, list[str]]]:
    """The count, the result pages shown first and the filters' choices with their counts."""
    count, first = search_for(page, query)
    filters = page.locator("select[data-bf-filter]").evaluate_all(
        "ss => Object.fromEntries(ss.map(s => [s.dataset.bfFilter, [...s.options].slice(1).map(o => o.textContent)]))")
    return count, first, filters


# the new article's words, alone and with a word the other pages hold (the whole index does not
# have 海豚 and Z: Pagefind would drop them there), the changed one's, common words in both
# languages; and 0007, which only the deleted article held
QUERIES = ("海豚计划", "海豚 出口", "蜂鸟", "0005", "出口管制", "晶片", "export", "Outlet Z")


@pytest.mark.browser
@pytest.mark.slow
def test_search_after_a_small_change_finds_what_a_clean_build_finds(two_sites, browser):
    changed, clean, _ = two_sites
    seen = {}
    for name, project in (("changed", changed), ("clean", clean)):
        with serve_site(project.site_dir) as url:
            page = browser.new_page()
            try:
                visit(page, url)
                page.locator("input.md-search__input").click()
                seen[name] = {q: _ask(page, q) for q in QUERIES}
                # filtered: the filters' counts are those of the current pages
                page.select_option('select[data-bf-filter="outlet"]', index=1)
                seen[name]["filtered"] = _ask(page, "出口管制")
                page.select_option('select[data-bf-filter="outlet"]', index=0)
                page.select_option("select[data-bf-sort]", "date")  # newest first
                seen[name]["sorted"] = _ask(page, "晶片")
                seen[name]["0007"] = _ask(page, "0007")
            finally:
                page.close()
    for query in [*QUERIES, "filtered", "sorted"]:
        (count, first, filters), (want_count, want_first, want_filters) = seen["changed"][query], seen["clean"][query]
        assert count == want_count, (query, count, want_count)
        assert filters == want_filters, (query, filters, want_filters)
        assert first[:1] == want_first[:1], (query, first, want_first)  # the best result
        assert set(first) == set(want_first) or len(set(first) & set(want_first)) >= len(want_first) - 1, (
            query, first, want_first)
    assert seen["clean"]["海豚计划"][0] >= 1 and seen["clean"]["蜂鸟"][0] == 1  # the changes are searched
    assert any("dolphin-plan" in u for u in seen["changed"]["海豚计划"][1])
    # deleted: found nowhere (for a word no page holds any more, a clean index lists Pagefind's
    # guesses at a longer word; the delta's search finds nothing)
    assert not any("synthetic-0007" in u for q in [*QUERIES, "0007"] for u in seen["changed"][q][1])
