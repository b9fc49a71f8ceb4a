"""Incremental builds: after `briefing add` the next build does the new article's work (the per-seed
cache, publish/cache.py) and MkDocs redoes only the pages that changed (publish/incremental.py),
and the site it leaves is the one a build from scratch makes."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from briefing.cli import main
from briefing.config import load_project
from briefing.publish.build import build_site
from briefing.publish.cache import CACHE_DIR
from support import SAMPLE, make_project

NEW = ("美国商务部周三宣布新的芯片出口规则。\n\n"
       "美国商务部周三宣布，将对向海外出口的高端芯片实施新的许可要求，业内人士认为这将影响多家公司。\n\n"
       "分析人士指出，新规则的细节仍有待公布，企业需要时间评估其影响。\n")


def _site(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "pagefind" not in p.parts}


def test_a_build_after_adding_an_article_redoes_its_work_only_and_makes_the_same_site(tmp_path):
    project = load_project(make_project(tmp_path / "p", sample=SAMPLE))
    build_site(project, search=False)
    cache = project.root / CACHE_DIR
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    (tmp_path / "new.txt").write_text(NEW, encoding="utf-8")
    added = CliRunner().invoke(main, ["add", "-p", str(project.root), str(tmp_path / "new.txt")])
    assert added.exit_code == 0, added.output
    yml = max(project.seeds_dir.glob("*.yml"))  # the new article's, dated in a month the briefing has
    with yml.open("a", encoding="utf-8") as f:
        f.write('published: "2025-01-20"\nprecision: day\n')
    said: list[str] = []
    # the incremental build starts from hard links to the last site's files: they must not change
    # (site/ is served meanwhile, and stays the site if the build fails)
    last = _site(project.site_dir)
    shutil.copytree(project.site_dir, tmp_path / "last", copy_function=os.link)
    build_site(project, search=False, progress=said.append)
    assert _site(tmp_path / "last") == last
    # the old articles' work came from the cache: their entries were neither rewritten nor dropped
    after = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert {name: after.get(name) for name in before} == before
    new = sorted(set(after) - set(before))  # the new article's load and page work, only
    assert [name.split(".")[:2] for name in new] == [[yml.stem, "loaded"], [yml.stem, "page"]], new
    # MkDocs redid the changed pages only (and the month's articles, whose nav lists the new one)
    assert any("the pages that changed" in line for line in said), said
    incremental = _site(project.site_dir)
    # a build from scratch of the same project makes the same site
    shutil.rmtree(project.root / "build")
    shutil.rmtree(project.site_dir)
    build_site(project, search=False)
    assert _site(project.site_dir) == incremental


def test_an_articles_page_work_is_keyed_on_its_pdf_and_no_other(tmp_path):
    """The page links its PDF only while the store has it (publish/pdf_store.py): a PDF laid out
    or dropped changes that article's key, and no other article's."""
    from briefing.publish.annotate import work_keys
    from briefing.publish.assemble import load_keyed
    from briefing.publish.cache import project_cache
    from briefing.render.article_links import article_pdf_path

    project = load_project(make_project(tmp_path / "p", sample=SAMPLE))
    cache = project_cache(project)
    briefing, loaded = load_keyed(project, cache)
    first = briefing.articles[0].slug
    without = work_keys(briefing, cache, loaded, b"shared")
    with_pdf = work_keys(briefing, cache, loaded, b"shared", frozenset({article_pdf_path(first)}))
    changed = [a.slug for a, k0, k1 in zip(briefing.articles, without, with_pdf) if k0 != k1]
    assert changed == [first]
    assert all(without)  # every article cached
    assert work_keys(briefing, cache, loaded, b"other") != without  # glossary, briefing.yml
