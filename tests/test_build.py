"""`briefing build` on the sample seeds: pages generated, chrome absent, no-op rebuilds, --strict."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from briefing.publish.build import build_site
from briefing.cli import main
from briefing.config import load_project
from briefing.errors import StrictError
from support import ROOT, make_project

FORBIDDEN = ["相关文章推荐", "发表评论", "正在加載", "更多訪談", "(chuàng)", "特別聲明", "站搜网感谢", "浏览量"]


@pytest.fixture
def project(tmp_path):
    return load_project(make_project(tmp_path, sample=("seeds", "translations", "curation", "mkdocs.yml",
                                                       "docs/about.md")))


def test_generates_home_and_one_page_per_seed(project):
    summary = build_site(project, strict=True, run_mkdocs=False)
    docs = project.docs_dir
    seeds = sorted(project.seeds_dir.glob("*.txt"))
    assert len(list((docs / "articles").glob("*/index.md"))) == len(seeds) == summary.articles
    assert (docs / "index.md").is_file()
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert not [w for w in FORBIDDEN if w in text], page
    assert (docs / "about.md").read_text(encoding="utf-8") == (ROOT / "docs" / "about.md").read_text(encoding="utf-8")
    report = (project.root / "build" / "reports" / "merics-inference-open-source.md").read_text(encoding="utf-8")
    assert "| 22 | site-chrome | 中美聚焦網\\|中美交流基金會 |" in report
    again = build_site(project, run_mkdocs=False)
    assert again.written == 0 and again.removed == 0 and again.unchanged == summary.pages


def test_an_articles_files_gone_or_edited_are_made_again_though_its_work_is_cached(project):
    from briefing.publish.stamp import STAMP_FILE
    build_site(project, run_mkdocs=False)
    written = {p: p.read_bytes() for p in project.docs_dir.rglob("*") if p.is_file()}
    source = {p: p.read_bytes() for p in project.search_source_dir.rglob("*") if p.is_file()}
    page = next((project.docs_dir / "articles").glob("*/index.md"))
    slug = page.parent.name
    gloss = next(p for p in written if p.name == f"{slug}.json" and "gloss" in p.parts)
    page.unlink()
    gloss.write_text("{}", encoding="utf-8")  # a hand edit
    shutil.rmtree(project.search_source_dir / "articles" / slug)
    (project.root / STAMP_FILE).unlink()  # (the stamp checks the inputs, not docs/)
    summary = build_site(project, run_mkdocs=False)
    assert summary.written == 2  # the page and the gloss data; the rest is as it was
    assert {p: p.read_bytes() for p in project.docs_dir.rglob("*") if p.is_file()} == written
    assert {p: p.read_bytes() for p in project.search_source_dir.rglob("*") if p.is_file()} == source
    assert not (project.root / "build" / "files-next").exists()


def test_removed_seed_removes_its_page(project):
    build_site(project, run_mkdocs=False)
    first = sorted(project.seeds_dir.glob("*.txt"))[0]
    pages_before = set((project.docs_dir / "articles").glob("*/index.md"))
    first.unlink()
    first.with_suffix(".yml").unlink()
    shutil.rmtree(project.curation_dir)  # curated notes cite the removed article
    summary = build_site(project, run_mkdocs=False)
    assert summary.removed >= 1
    assert len(set((project.docs_dir / "articles").glob("*/index.md"))) == len(pages_before) - 1


def test_strict_lists_untranslated_segments(project):
    tm = sorted(project.tm_dir.glob("*.yml"))[0]
    slug = tm.stem
    tm.unlink()
    shutil.rmtree(project.curation_dir, ignore_errors=True)
    with pytest.raises(StrictError) as err:
        build_site(project, strict=True, run_mkdocs=False)
    assert f"{slug}/title: untranslated" in str(err.value)
    assert not (project.docs_dir / "index.md").exists()  # nothing written
    # without --strict the page is built, with visible pending markers
    build_site(project, run_mkdocs=False)
    assert "[translation pending]" in (project.docs_dir / "articles" / slug / "index.md").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--strict", "--no-mkdocs", "--project", str(project.root)])
    assert result.exit_code != 0
    assert "untranslated" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_a_no_op_build_skips_mkdocs_until_what_it_reads_or_the_site_changes(tmp_path):
    make_project(tmp_path, sample=("mkdocs.yml", "overrides"), seeds={
        "000_one.txt": "深度求索发布新模型\n\n深度求索发布了新的开源模型。英伟达的股价随即下跌了17%。\n"})
    project = load_project(tmp_path)
    first = build_site(project)
    assert "mkdocs" in first.timings and (project.site_dir / "index.html").is_file()
    again = build_site(project)
    assert "mkdocs" not in again.timings and "site_check" in again.timings  # skipped
    (project.docs_dir / "extra.md").write_text("# A hand-written page\n", encoding="utf-8")
    assert "mkdocs" in build_site(project).timings  # docs/ changed
    assert (project.site_dir / "extra" / "index.html").is_file()
    (project.site_dir / "index.html").unlink()
    assert "mkdocs" in build_site(project).timings  # site/ changed
    assert (project.site_dir / "index.html").is_file()


def test_a_save_in_the_same_clock_tick_with_the_same_size_is_not_missed(tmp_path):
    from briefing.io import write_text_atomic
    from briefing.publish.stamp import input_fingerprint
    project = load_project(make_project(tmp_path, sample=("seeds", "translations", "mkdocs.yml")))
    memory = sorted(project.tm_dir.glob("*"))[0]
    text = memory.read_text(encoding="utf-8")
    seen = os.stat(memory)
    before = input_fingerprint(project)
    # a review save: a new file renamed over the old one, same length, same modification time
    write_text_atomic(memory, text.replace("a", "b", 1) if "a" in text else text[::-1])
    os.utime(memory, ns=(seen.st_atime_ns, seen.st_mtime_ns))
    assert os.stat(memory).st_size == seen.st_size and os.stat(memory).st_mtime_ns == seen.st_mtime_ns
    assert input_fingerprint(project) != before
