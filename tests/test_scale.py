"""Scale design: the nav grouped by month, the generation stamp (no-op builds), the Markdown bypass."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from briefing.sources.script import Conversion
from briefing.sources.articles import build_article
from briefing.publish.build import generate_docs
from briefing.publish.site_config import CONFIG_NAME
from briefing.config import load_project
from briefing.model import ArticleMeta
from briefing.render.nav import group_by_month, make_nav
from support import make_project

TEXT = "标题\n\n深度求索发布了新的开源模型。英伟达的股价随即下跌了17%。\n"


def article(slug: str, published: str = "", precision: str = "unknown"):
    meta = ArticleMeta(slug=slug, source_file=f"000_{slug}.txt", published=published,
                       precision=precision)  # type: ignore[arg-type]
    return build_article(TEXT, meta, conversion=Conversion())


def test_articles_grouped_by_month_newest_first_unknown_last():
    arts = [article("old", "2024-12-30", "day"), article("undated"), article("mid", "2025-01-15", "day"),
            article("new", "2025-01-28", "day"), article("month", "2025-01", "month"),
            article("year", "2025", "year")]
    groups = [(label, [a.slug for a in members]) for label, members in group_by_month(arts)]
    assert groups == [("January 2025", ["new", "mid", "month"]), ("2025 (month unknown)", ["year"]),
                      ("December 2024", ["old"]), ("Date unknown", ["undated"])]


def test_nav_lists_every_page_once_with_articles_by_month():
    arts = [article("a", "2025-02-01", "day"), article("b", "2025-03-01", "day")]
    generated = {"index.md", "timeline/index.md", "articles/a/index.md", "articles/b/index.md"}
    nav = make_nav(arts, generated, ["about.md", "index.md", "articles/a/index.md"],
                   labels={"articles/a/index.md": "A’s title"})
    assert nav == ["index.md", "timeline/index.md",
                   {"Articles": [{"March 2025": ["articles/b/index.md"]},
                                 {"February 2025": [{"A’s title": "articles/a/index.md"}]}]},
                   "about.md"]


def test_a_month_with_a_page_of_its_own_lists_it_first_so_an_add_keeps_every_pages_link_to_it():
    from briefing.publish.incremental import nav_frame
    arts = [article(f"a{i:03d}", f"2025-03-{1 + i // 4:02d}", "day") for i in range(100)]
    arts.append(article("feb", "2025-02-10", "day"))
    generated = ["index.md", "months/2025-03/index.md", "months/2025-02/index.md"]
    labels = {"months/2025-03/index.md": "March 2025", "months/2025-02/index.md": "February 2025"}
    nav = make_nav(arts, generated, [], labels=labels)
    march, february = nav[1]["Articles"]
    assert march["March 2025"][0] == {"March 2025": "months/2025-03/index.md"}
    assert [list(s)[0] for s in march["March 2025"][1:]] == ["16–25 March", "6–15 March", "1–5 March"]
    assert february["February 2025"] == [{"February 2025": "months/2025-02/index.md"}, "articles/feb/index.md"]
    # a new newest article of March: what every page shows of the nav (a pruned month links
    # its first entry) is as it was; without the month's page it would not be
    newest = arts + [article("newest", "2025-03-31", "day")]
    assert nav_frame(make_nav(newest, generated, [], labels=labels)) == nav_frame(nav)
    assert nav_frame(make_nav(newest, ["index.md"], [])) != nav_frame(make_nav(arts, ["index.md"], []))


@pytest.fixture
def project(tmp_path):
    return load_project(make_project(tmp_path, sample=("seeds", "translations", "mkdocs.yml"),
                                     files={"docs/about.md": "# About\n"}))


def mtimes(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_noop_generation_is_skipped_and_any_change_regenerates(project):
    first = generate_docs(project)
    assert first.written == first.pages > 5
    nav = yaml.safe_load((project.root / CONFIG_NAME).read_text(encoding="utf-8"))["nav"]
    assert "about.md" in nav and any(isinstance(i, dict) and "Articles" in i for i in nav)
    before = mtimes(project.root)
    again = generate_docs(project)
    assert "check" in again.timings and "load" not in again.timings  # skipped, not redone
    assert (again.written, again.unchanged, again.articles) == (0, first.pages, first.articles)
    assert mtimes(project.root) == before  # nothing rewritten, not even the stamp
    # a touched memory file is an input change: generation runs again (and writes nothing new)
    tm = next(project.tm_dir.glob("*.yml"))
    os.utime(tm, ns=(tm.stat().st_atime_ns, tm.stat().st_mtime_ns + 10**9))
    redo = generate_docs(project)
    assert "load" in redo.timings and redo.written == 0
    # a hand edit of a generated page is an output change: the page is rewritten
    page = project.docs_dir / "index.md"
    page.write_text("edited", encoding="utf-8")
    fixed = generate_docs(project)
    assert fixed.written == 1 and page.read_text(encoding="utf-8") != "edited"


def test_strict_is_not_skipped_when_the_last_build_had_pending_segments(project):
    from briefing.errors import StrictError
    next(project.tm_dir.glob("*.yml")).unlink()
    generate_docs(project)
    with pytest.raises(StrictError):
        generate_docs(project, strict=True)


def test_parallel_loading_gives_the_same_briefing_and_the_same_errors(project, monkeypatch):
    import briefing.publish.assemble as articles
    import briefing.publish.workers as workers
    from briefing.errors import InputError
    sequential = articles.load_briefing(project)
    monkeypatch.setattr(workers, "PARALLEL_MIN", 1)
    parallel = articles.load_briefing(project)
    assert parallel.articles == sequential.articles
    assert parallel.translations == sequential.translations
    (project.seeds_dir / "009_empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match=r"009_empty\.txt: file is empty"):
        articles.load_briefing(project)


def test_a_busy_month_is_split_into_bounded_date_ranges():
    arts = [article(f"a{i:03d}", f"2025-03-{1 + i // 4:02d}", "day") for i in range(100)]
    nav = make_nav(arts, ["index.md"], [])
    (month,) = nav[1]["Articles"]
    sections = month["March 2025"]
    assert [list(s)[0] for s in sections] == ["16–25 March", "6–15 March", "1–5 March"]
    links = [p for s in sections for p in list(s.values())[0]]
    assert len(links) == 100 == len(set(links))
    assert max(len(list(s.values())[0]) for s in sections) <= 40
    same_day = make_nav([article(f"d{i:02d}", "2025-03-01", "day") for i in range(45)], [], [])
    assert [list(s)[0] for s in same_day[0]["Articles"][0]["March 2025"]] == ["1 March", "1 March (2)"]


def test_parallel_qa_and_gloss_give_the_same_pages(project, monkeypatch, tmp_path):
    import re
    import briefing.publish.workers as workers
    tm = project.tm_dir / "deepseek-challenges-path.yml"  # one draft the QA flags (a decoder loop)
    tm.write_text(re.sub(r"(?m)^  en: .*$", "  en: the loop the loop the loop the loop the loop",
                         tm.read_text(encoding="utf-8"), count=1), encoding="utf-8")

    def generated() -> dict[str, bytes]:
        docs = project.docs_dir
        return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*")
                if p.is_file() and p.name != "about.md"}
    generate_docs(project)
    sequential = generated()
    shutil.rmtree(project.docs_dir)
    (project.docs_dir).mkdir()
    (project.docs_dir / "about.md").write_text("# About\n", encoding="utf-8")
    (project.root / "build").rename(tmp_path / "old-build")  # no stamp: a full build again
    monkeypatch.setattr(workers, "PARALLEL_MIN", 1)
    if (os.cpu_count() or 1) >= 2:
        assert workers.worker_count(5) > 1
    summary = generate_docs(project)
    assert summary.written == summary.pages
    assert generated() == sequential
    assert b"repetition-loop" in sequential["articles/deepseek-challenges-path/index.md"]
    assert any(p.startswith("gloss/") for p in sequential)


def test_page_problems_keep_page_order_and_take_the_workers_findings():
    from briefing.publish.annotate import page_problems
    from briefing.render.structure import Page
    pages = {"index.md": Page("index.md", "H", "H", '<p id="a"></p><p id="a"></p>', ids=("a", "a")),
             "articles/x.md": Page("articles/x.md", "X", "X", "<p>checked elsewhere</p>", ids=("z", "z")),
             "months/m.md": Page("months/m.md", "M", "M", '<p id="b"></p><p id="b"></p>', ids=("b", "b"))}
    found = {"articles/x.md": ["docs/articles/x.md: duplicate HTML ids z"]}
    assert page_problems(pages, found) == ["docs/index.md: duplicate HTML ids a",
                                           "docs/articles/x.md: duplicate HTML ids z",
                                           "docs/months/m.md: duplicate HTML ids b"]
