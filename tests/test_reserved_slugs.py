"""Slugs the site uses itself are refused before anything is written (briefing/publish/reserved.py),
naming the file that sets the slug; the names come from what the build writes, so a hand-written
page's name is taken as well."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from briefing.cli import main
from support import make_project

SEED = "深度求索发布新模型\n\n深度求索发布了新的开源模型。英伟达的股价随即下跌了17%。\n"


def build(root):
    return CliRunner().invoke(main, ["build", "-p", str(root), "--no-mkdocs"])


@pytest.mark.parametrize("slug", ["index", "readme", "assets", "search", "gloss", "pdf", "pagefind", "feed", "i18n",
                                  "articles", "404", "sitemap"])  # timeline, glossary: with curation
def test_a_slug_the_site_uses_is_refused_naming_the_yml_and_line(tmp_path, slug):
    root = make_project(tmp_path / "p", seeds={"000_a.txt": SEED, "000_a.yml": f"title_zh: 新模型\nslug: {slug}\n"},
                        files={"docs/assets/x.css": "p {}\n"})
    result = build(root)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert f"seeds/000_a.yml:2: slug '{slug}' is a name the site uses itself" in result.output
    assert f"'{slug}-article'" in result.output
    assert not (root / "docs" / "articles").exists()  # refused before anything was written


def test_a_slug_from_the_file_name_is_refused_naming_the_file(tmp_path):
    root = make_project(tmp_path / "p", seeds={"index.txt": SEED})
    result = build(root)
    assert result.exit_code == 1 and "seeds/index.txt: slug 'index'" in result.output
    assert "rename the file" in result.output


def test_a_hand_written_page_takes_its_name_and_other_slugs_pass(tmp_path):
    root = make_project(tmp_path / "p", seeds={"000_a.txt": SEED, "000_a.yml": "slug: press\n"},
                        files={"docs/press.md": "# Press\n"})
    assert "docs/press.md (written by hand)" in build(root).output
    (root / "seeds" / "000_a.yml").write_text("slug: press-review\n", encoding="utf-8")
    result = build(root)
    assert result.exit_code == 0, result.output
    assert [p for p in (root / "docs" / "articles").rglob("*.md") if "press-review" in p.as_posix()]
