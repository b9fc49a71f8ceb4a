"""The site's PDFs survive builds: kept in build/pdf/, linked only while they match their pages,
put into every new site/; and no generated page links a file that is not in site/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import load_project
from briefing.errors import BuildError
from briefing.publish.build import build_site
from briefing.publish.pdf_store import store_dir
from briefing.publish.site_links import check_site_links, missing_links, read_link_record, site_path
from support import make_project, require_pdf_tools

ONE = "000_one.txt"
TWO = "001_two.txt"
SEEDS = {ONE: "深度求索发布新模型\n\n深度求索发布了新的开源模型。英伟达的股价随即下跌了17%。\n",
         TWO: "芯片出口管制收紧\n\n美国再次收紧芯片出口管制。中国企业加快自研。\n"}


def _pdf_hrefs(site) -> dict[str, list[str]]:
    """The .pdf links of each built HTML page."""
    out = {}
    for page in site.rglob("index.html"):
        hrefs = re.findall(r'href="([^"]+\.pdf)"', page.read_text(encoding="utf-8"))
        if hrefs:
            out[page.parent.relative_to(site).as_posix()] = hrefs
    return out


def test_site_paths_of_links():
    assert site_path("articles/x/", "../../pdf/x.pdf") == "pdf/x.pdf"
    assert site_path("", "briefing.pdf") == "briefing.pdf"
    assert site_path("articles/x/", "../y/#p1-s1") == "articles/y/"
    assert site_path("articles/x/", "../../") == ""
    assert site_path("articles/x/", "#p1-s1") is None  # this page: the generator checks the ids
    assert site_path("", "https://example.org/a.pdf") is None and site_path("", "mailto:a@b.c") is None
    assert site_path("", "../elsewhere.pdf") == site_path("", "/briefing.pdf") == "<outside the site>"


@pytest.mark.slow
def test_pdfs_survive_builds_and_leave_when_their_page_changes(tmp_path):
    require_pdf_tools()
    project = load_project(make_project(tmp_path, sample=("mkdocs.yml", "overrides", "docs/assets"),
                                        seeds=SEEDS))
    build_site(project)
    build_site(project)  # twice, no PDF made: nothing links one, and every link leads somewhere
    assert _pdf_hrefs(project.site_dir) == {}
    assert missing_links(project.site_dir, read_link_record(project)) == []
    assert read_link_record(project)[""] == ["articles/000-one/", "articles/001-two/", "feed.xml"]  # home

    runner = CliRunner()
    made = runner.invoke(main, ["pdf", "-p", str(tmp_path), "--article", "000-one"])
    assert made.exit_code == 0 and "1 PDF(s) laid out" in made.output, made.output
    again = runner.invoke(main, ["pdf", "-p", str(tmp_path), "--article", "000-one"])
    assert "unchanged" in again.output and "0 PDF(s) laid out" in again.output, again.output
    stored = store_dir(project) / "pdf" / "000-one.pdf"

    for _ in range(2):  # a build links and puts in the stored PDF, and the next one keeps it
        build_site(project)
        assert _pdf_hrefs(project.site_dir) == {"articles/000-one": ["../../pdf/000-one.pdf"]}
        assert (project.site_dir / "pdf" / "000-one.pdf").read_bytes() == stored.read_bytes()
        assert not (project.site_dir / "pdf" / "001-two.pdf").exists()

    # the article changes: its PDF no longer matches, so it leaves the site (kept in build/pdf/)
    (project.seeds_dir / ONE).write_text(SEEDS[ONE].replace("17%", "18%"), encoding="utf-8")
    said: list[str] = []
    build_site(project, progress=said.append)
    assert _pdf_hrefs(project.site_dir) == {} and not (project.site_dir / "pdf" / "000-one.pdf").exists()
    assert any("pdf/000-one.pdf" in line and "make pdf" in line for line in said), said
    assert stored.is_file()


@pytest.mark.slow
def test_build_with_pdf_links_the_whole_briefing_and_every_article(tmp_path):
    require_pdf_tools()
    project = load_project(make_project(tmp_path, sample=("mkdocs.yml", "overrides", "docs/assets"),
                                        seeds=SEEDS))
    result = CliRunner().invoke(main, ["build", "-p", str(tmp_path), "--pdf"])
    assert result.exit_code == 0, result.output
    assert _pdf_hrefs(project.site_dir) == {".": ["briefing.pdf"], "articles/000-one": ["../../pdf/000-one.pdf"],
                                           "articles/001-two": ["../../pdf/001-two.pdf"]}
    for name in ("briefing.pdf", "pdf/000-one.pdf", "pdf/001-two.pdf"):
        assert (project.site_dir / name).read_bytes()[:5] == b"%PDF-"
    # `make site` after `make pdf`: the PDFs stay, nothing laid out again
    again = CliRunner().invoke(main, ["build", "-p", str(tmp_path)])
    assert again.exit_code == 0 and "laying out" not in again.output
    assert (project.site_dir / "briefing.pdf").is_file()
    # a linked file missing from site/ is named
    (project.site_dir / "pdf" / "001-two.pdf").unlink()
    with pytest.raises(BuildError, match=r"articles/001-two/: links pdf/001-two.pdf, which is not in site/"):
        check_site_links(project, project.site_dir)


def test_script_other_than_the_articles_own_needs_a_file_of_its_own(tmp_path):
    project = make_project(tmp_path, sample=("mkdocs.yml",), seeds=SEEDS)
    result = CliRunner().invoke(main, ["pdf", "-p", str(project), "--script", "hant"])
    assert result.exit_code != 0 and "--script hant needs --out FILE" in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- one site URL

def _with_site_urls(tmp_path, mkdocs: str, own: str):
    from support import ROOT
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    files = {"mkdocs.yml": config + (f"site_url: {mkdocs}\n" if mkdocs else "")}
    if own:
        files["briefing.yml"] = f"site_url: {own}\n"
    return load_project(make_project(tmp_path, seeds=SEEDS, files=files))


def test_feed_and_every_pdf_take_the_one_site_url(tmp_path):
    from briefing.publish.assemble import load_briefing
    from briefing.publish.feed import read_site_url
    from briefing.publish.pdf_store import print_docs
    from briefing.publish.site_inputs import site_url_of
    for mkdocs, own in (("https://example.org/b/", ""), ("", "https://example.org/b/"),
                        ("https://example.org/b", "https://example.org/b/")):
        project = _with_site_urls(tmp_path / f"{bool(mkdocs)}{bool(own)}{len(mkdocs)}", mkdocs, own)
        assert site_url_of(project).rstrip("/") == read_site_url(project).rstrip("/") == "https://example.org/b"
        briefing = load_briefing(project)
        for doc in print_docs(project, briefing):  # the whole briefing's PDF and each article's
            assert "https://example.org/b/articles/" in doc.html(dt.date(2026, 1, 1)) or doc.slug == "", doc.path
        whole = print_docs(project, briefing, [])[0].html(dt.date(2026, 1, 1))
        assert 'Online edition: <a href="https://example.org/b' in whole


def test_two_different_site_urls_are_refused_naming_both(tmp_path):
    from briefing.errors import ConfigError
    from briefing.publish.site_inputs import site_url_of
    project = _with_site_urls(tmp_path, "https://example.org/a/", "https://example.org/b/")
    with pytest.raises(ConfigError) as info:
        site_url_of(project)
    message = str(info.value)
    assert "mkdocs.yml:" in message and "https://example.org/a/" in message
    assert "https://example.org/b/ in briefing.yml" in message and "remove site_url from briefing.yml" in message
