"""A PDF per article: `briefing pdf --article SLUG`, `--every-article`, and each page's link to it."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import load_project
from briefing.publish.pdf_store import store_dir
from briefing.render.article_links import article_pdf_path
from briefing.publish.assemble import load_briefing
from briefing.render.core import ARTICLE_URL
from briefing.render.pages import render_article
from briefing.render.print_article import render_article_print_html
from support import ROOT, SAMPLE, make_project, original_column_text, pdf_text, require_pdf_tools



@pytest.fixture(scope="module")
def briefing():
    return load_briefing(load_project(ROOT))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_print_document_holds_one_article_only(briefing):
    one, *others = briefing.articles
    html = render_article_print_html(briefing, one, css="", built=dt.date(2026, 1, 2))
    assert one.title.source in html and f'id="a-{one.slug}"' in html
    for other in others:
        assert other.title.source not in html and f'id="a-{other.slug}"' not in html
    assert 'class="cover"' not in html and 'class="contents"' not in html


def test_each_article_page_links_its_pdf_only_when_the_build_has_it(briefing):
    project = load_project(ROOT)
    for article in briefing.articles:
        assert ".pdf" not in render_article(briefing, article).markdown  # none laid out: no link
        page = render_article(briefing, article, frozenset({article_pdf_path(article.slug)})).markdown
        hrefs = re.findall(r'href="([^"]+\.pdf)"', page)
        assert len(hrefs) == 1, hrefs
        # resolved from the page's own address, the link lands where the PDF is stored and put
        target = posixpath.normpath(posixpath.join(ARTICLE_URL.format(slug=article.slug), hrefs[0]))
        assert store_dir(project) / target == store_dir(project) / "pdf" / f"{article.slug}.pdf"


def test_unknown_slug_and_one_out_for_two_articles_are_user_errors(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["pdf", "-p", str(ROOT), "--article", "no-such-article"])
    assert result.exit_code != 0 and "no article 'no-such-article'" in result.output
    assert "export-controls-race" in result.output  # the known slugs are listed
    assert "Traceback" not in result.output
    result = runner.invoke(main, ["pdf", "-p", str(ROOT), "--article", "openai-proposal",
                                  "--article", "export-controls-race", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "at most one --article" in result.output
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.slow
def test_article_pdf_has_that_article_only_with_embedded_cjk_fonts(tmp_path, briefing, built_pdf):
    require_pdf_tools()
    article = next(a for a in briefing.articles if a.slug == "merics-inference-open-source")
    project = make_project(tmp_path / "project", sample=SAMPLE)
    out = tmp_path / "one.pdf"
    result = CliRunner().invoke(main, ["pdf", "-p", str(project), "--article", article.slug, "-o", str(out)])
    assert result.exit_code == 0, result.output
    # the site's copy is laid out once, then reused while its print document is unchanged
    for laid_out in ("1 PDF(s) laid out", "0 PDF(s) laid out"):
        stored = CliRunner().invoke(main, ["pdf", "-p", str(project), "--article", article.slug])
        assert stored.exit_code == 0 and laid_out in stored.output, stored.output
    copy = tmp_path / "copy.pdf"
    copied = CliRunner().invoke(main, ["pdf", "-p", str(project), "--article", article.slug, "-o", str(copy)])
    assert "the stored PDF is current" in copied.output, copied.output
    assert copy.read_bytes() == (project / "build" / "pdf" / "pdf" / f"{article.slug}.pdf").read_bytes()
    column = original_column_text(out)
    missing = [s.id for p in article.paragraphs for s in p.segments if _squash(s.source) not in column]
    assert not missing, missing  # every sentence of the article, whole, in its own script
    text = pdf_text(out)
    assert _squash(article.title.source) in text
    first_page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out), "-"],
                                capture_output=True, text=True, check=True).stdout
    assert _squash(article.title.source) in _squash(first_page)  # no blank page before the article
    for other in briefing.articles:
        if other is not article:
            assert _squash(other.title.source) not in text, other.slug
    rows = _fonts(out)
    cjk = [row for row in rows if "CJK" in row[0]]
    assert cjk and all(re.fullmatch(r"[A-Z]{6}\+.+", row[0]) and row[-5:-3] == ["yes", "yes"] for row in cjk)
    # the same typography as the whole briefing: its fonts are among the whole PDF's fonts
    whole = {row[0].split("+", 1)[1] for row in _fonts(built_pdf[0])}
    assert {row[0].split("+", 1)[1] for row in rows} <= whole


def _fonts(path: Path) -> list[list[str]]:
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in listing.splitlines()[2:] if line.strip()]
