"""Only http, https, mailto and relative links are published (briefing/urls.py): refused where a
URL is read (a seed's .yml, briefing.yml, mkdocs.yml) with file and line, and never written as a
link where pages, the feed and the PDFs are made, however the scheme is spelt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.model import Article, ArticleMeta, Kind, Paragraph, Segment, Status, Translation
from briefing.curation.assembled import Briefing
from briefing.publish.feed import render_feed
from briefing.publish.pdf import render_pdf
from briefing.render.pages import render_pages
from briefing.render.print_doc import render_print_html
from briefing.urls import WEB_SCHEMES, safe_href, url_problem, web_address

from executable import bad_url, feed_problems, html_problems, pdf_uris

# How script links are spelt to slip past a naive check; a browser runs every one of them.
HOSTILE = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
    "java\rscript:alert(1)", " \x01javascript:alert(1)", "javascript\t:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript&#x3A;alert(1)", "javascript&colon;alert(1)",
    "&amp;#106;avascript:alert(1)", "&#0000106avascript:alert(1)", "ｊａｖａｓｃｒｉｐｔ:alert(1)",
    "java\u200bscript:alert(1)", "java\x00script:alert(1)", "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)",
    "file:///etc/passwd", "livescript:x", "blob:https://example.com/x",
]
SAFE = ["https://example.com/a?b=1&c=2", "http://example.com/", "HTTPS://EXAMPLE.COM/x",
        "mailto:desk@example.com", "/articles/x/", "../x/", "#p1-s1", "?q=a:b", "//example.com/x",
        "a/b:c", "articles/x:y/"]


@pytest.mark.parametrize("url", HOSTILE)
def test_every_spelling_of_a_script_or_data_link_is_refused(url):
    assert safe_href(url) == "" and web_address(url) == ""
    assert url_problem(url) is not None
    assert bad_url(url)  # the tests' own reading agrees


@pytest.mark.parametrize("url", SAFE)
def test_web_mail_and_relative_links_pass(url):
    assert safe_href(url) == url.strip() and url_problem(url) is None


def test_a_browser_strips_edges_and_tabs_and_so_do_we():
    assert safe_href("  https://exa\tmple.com/a\n ") == "https://example.com/a"


@pytest.mark.parametrize("url, expected", [
    ("example.com/page", "not a full web address"), ("/relative", "not a full web address"),
    ("https:///nohost", "has no host name"), ("mailto:a@b.c", "'mailto:' link"),
    ('https://x.example/"><script>alert(1)</script>', "holds '\"'"), ("https://x.example/a b", "holds ' '"),
])
def test_a_source_or_site_address_must_be_a_full_web_address(url, expected):
    assert expected in (url_problem(url, schemes=WEB_SCHEMES, relative=False) or "")


# ---------------------------------------------------------------- where values are read

def _project(root: Path, yml: str = "", files: dict[str, str] | None = None) -> Path:
    (root / "seeds").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "seeds" / "000_a.txt").write_text("标题\n\n第一段的第一句话。第二句话。\n", encoding="utf-8")
    if yml:
        (root / "seeds" / "000_a.yml").write_text(yml, encoding="utf-8")
    for rel, text in (files or {}).items():
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _error_of(root: Path) -> str:
    result = CliRunner().invoke(main, ["build", "-p", str(root), "--no-mkdocs"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and not (root / "docs" / "articles").exists()
    return result.output


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", '"java\\tscript:alert(1)"',
                                 "data:text/html,x", "vbscript:x", "'&#106;avascript:alert(1)'"])
def test_seed_metadata_url_is_refused_naming_file_and_line(tmp_path, url):
    root = _project(tmp_path, f"slug: a\ntitle_zh: 标题\nurl: {url}\n")
    out = _error_of(root)
    assert f"{root / 'seeds' / '000_a.yml'}:3: url:" in out and "only http: or https:" in out


@pytest.mark.parametrize("rel, line", [("briefing.yml", 2), ("mkdocs.yml", 2)])
def test_site_url_is_refused_in_briefing_yml_and_mkdocs_yml(tmp_path, rel, line):
    root = _project(tmp_path, files={rel: "site_name: x\nsite_url: javascript:alert(1)//\n"
                                     if rel == "mkdocs.yml" else "title_en: x\nsite_url: javascript:alert(1)//\n"})
    out = _error_of(root)
    assert str(root / rel) in out and "site_url" in out and "'javascript:' link" in out


# ---------------------------------------------------------------- where links are written

def _hostile_briefing(url: str) -> Briefing:
    seg = lambda a, t: Segment(id=f"x/{a}", source=t, hans=t, hant=t)  # noqa: E731
    meta = ArticleMeta(slug="x", source_file="000_x.txt", title_zh="标题", url=url,
                       published="2025-01-02", precision="day")
    article = Article(meta=meta, script="hans", title=seg("title", "标题"),
                      paragraphs=(Paragraph(1, Kind.TEXT, (seg("p1-s1", "第一句。"),)),))
    return Briefing(title_en="T", title_zh="简报", articles=(article,),
                    translations={"x/title": Translation("Title", Status.EDITOR, "editor")})


@pytest.mark.parametrize("url", HOSTILE[:8] + HOSTILE[15:18])
def test_a_hostile_url_past_the_reader_is_still_never_a_link(url):
    """The renderers guard themselves: an Article made in code (or by a reader with a gap) with a
    script URL, and a script site URL, give pages, a feed and print HTML with no such link."""
    briefing = _hostile_briefing(url)
    pages = render_pages(briefing)
    for name, page in pages.items():
        assert not html_problems(page.markdown), name
        assert not [link for link in page.links if bad_url(link)], name
    assert not feed_problems(render_feed(briefing, pages, site_url=url))
    print_html = render_print_html(briefing, css="", built=dt.date(2025, 1, 2), site_url=url)
    assert not html_problems(print_html)


def test_the_pdf_links_only_the_web(tmp_path):
    """Through WeasyPrint: the /URI annotations of a real PDF hold the good links only."""
    good = _hostile_briefing("https://example.com/a?b=1&c=2")
    bad = _hostile_briefing("java\tscript:alert(1)")
    articles = (good.articles[0], Article(meta=ArticleMeta(**{**bad.articles[0].meta.__dict__, "slug": "y"}),
                                          script="hans", title=bad.articles[0].title,
                                          paragraphs=bad.articles[0].paragraphs))
    briefing = Briefing(title_en="T", title_zh="简报", articles=articles, translations=good.translations)
    html = render_print_html(briefing, css="", built=dt.date(2025, 1, 2), site_url="javascript:alert(1)//")
    data, _ = render_pdf(html, tmp_path)
    uris = pdf_uris(data)
    assert "https://example.com/a?b=1&c=2" in uris
    assert not [u for u in uris if bad_url(u)], uris
    assert not [u for u in uris if u.startswith("file:")], uris  # nothing resolved against this machine
