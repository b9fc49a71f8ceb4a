"""The Atom feed: valid Atom (parsed with feedparser), one entry per article, links under a sub-path."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from briefing.config import Project, load_project
from briefing.model import Article, ArticleMeta, Kind, Paragraph, Segment, Status, Translation
from briefing.curation.assembled import Briefing
from briefing.publish import feed as atom
from briefing.publish.feed import atom_date, read_site_url
from briefing.render.pages import render_pages

ROOT = Path(__file__).resolve().parents[1]


def render_feed(briefing: Briefing, **kwargs: str) -> str:
    """The feed of `briefing`, made with its pages (as the build does)."""
    return atom.render_feed(briefing, render_pages(briefing), **kwargs)


def _seg(slug: str, anchor: str, text: str) -> Segment:
    return Segment(id=f"{slug}/{anchor}", source=text, hans=text, hant=text)


def _article(slug: str, published: str, precision: str, outlet: str = "") -> Article:
    meta = ArticleMeta(slug=slug, source_file=f"{slug}.txt", outlet=outlet, published=published,
                       precision=precision)  # type: ignore[arg-type]
    paras = (Paragraph(1, Kind.TEXT, (_seg(slug, "p1-s1", "第一句。"), _seg(slug, "p1-s2", "第二句。"))),)
    return Article(meta=meta, script="hans", title=_seg(slug, "title", f"标题{slug}"), paragraphs=paras)


def _briefing() -> Briefing:
    a = _article("dated", "2025-09-18", "day", "Outlet <A> & B")
    b = _article("monthly", "2025-01", "month")
    c = _article("undated", "", "unknown")
    tr = {"dated/title": Translation("Dated & titled", Status.EDITOR, "editor"),
          "dated/p1-s1": Translation("First.", Status.EDITOR, "editor"),
          "dated/p1-s2": Translation("Second.", Status.MACHINE, "argos"),
          "monthly/p1-s1": Translation("Only the first.", Status.EDITOR, "editor")}
    return Briefing(title_en="Test briefing", title_zh="测试简报", articles=(c, b, a), translations=tr)


def _parse(text: str):
    feed = feedparser.parse(text)
    assert not feed.bozo, feed.bozo_exception  # well-formed XML
    assert feed.version == "atom10"
    return feed


def test_one_entry_per_article_newest_first_with_both_titles_and_dates():
    feed = _parse(render_feed(_briefing()))
    assert [e.link for e in feed.entries] == ["articles/dated/", "articles/monthly/", "articles/undated/"]
    dated, monthly, undated = feed.entries
    assert dated.title == "Dated & titled — 标题dated"
    assert monthly.title == "标题monthly (English title pending)"
    assert dated.published.startswith("2025-09-18") and monthly.published.startswith("2025-01-01")
    assert "published" not in undated and undated.updated == feed.feed.updated == "2025-09-18T00:00:00Z"
    terms = {e.link: {t.term for t in e.tags} for e in feed.entries}
    assert "date-precision:month" in terms["articles/monthly/"]
    assert "outlet:Outlet <A> & B" in terms["articles/dated/"]
    assert dated.author == "Outlet <A> & B"
    assert "January 2025 (month known)" in monthly.content[0].value
    assert "标题dated" in dated.content[0].value and "date unknown" in undated.content[0].value
    assert all(e.id.startswith("urn:uuid:") for e in feed.entries)  # no site URL: ids still absolute


def test_summary_falls_back_to_the_opening_and_says_so():
    feed = _parse(render_feed(_briefing()))
    dated, monthly, undated = feed.entries
    assert dated.summary == "Opening of the article (machine translation, not reviewed): First. Second."
    assert monthly.summary == "Opening of the article (translated): Only the first."
    assert undated.summary == "English translation pending."


def test_with_a_site_url_links_and_ids_are_absolute():
    feed = _parse(render_feed(_briefing(), site_url="https://example.org/briefing/"))
    assert feed.entries[0].link == "https://example.org/briefing/articles/dated/"
    assert feed.entries[0].id == feed.entries[0].link
    assert any(l.rel == "self" and l.href == "https://example.org/briefing/feed.xml" for l in feed.feed.links)


def test_relative_links_resolve_under_a_sub_path():
    """Without a site URL, links resolve against the feed's own address (a Pages project site)."""
    feed = _parse(render_feed(_briefing()))
    base = "https://someone.github.io/repo/feed.xml"
    assert urljoin(base, feed.entries[0].link) == "https://someone.github.io/repo/articles/dated/"


def test_atom_dates_follow_precision():
    assert atom_date("2025-09-18") == "2025-09-18T00:00:00Z"
    assert atom_date("2025-01") == "2025-01-01T00:00:00Z"
    assert atom_date("2025") == "2025-01-01T00:00:00Z"
    assert atom_date("") == "" and atom_date("soon") == ""


def test_site_url_comes_from_mkdocs_yml_then_briefing_yml(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nsite_url: https://example.org/b/\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8")
    assert read_site_url(Project(root=tmp_path, site_url="https://example.org/b")) == "https://example.org/b/"
    # two different addresses are refused (tests/test_pdf_store.py): there is one site URL
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    assert read_site_url(Project(root=tmp_path, site_url="https://other.example/")) == "https://other.example/"
    assert read_site_url(Project(root=tmp_path)) == ""


@pytest.mark.slow
def test_the_sample_briefing_feed_has_five_entries_with_curated_summaries():
    from briefing.publish.assemble import load_briefing
    briefing = load_briefing(load_project(ROOT))
    feed = _parse(render_feed(briefing))
    assert len(feed.entries) == 5
    by_link = {f"articles/{a.slug}/": a for a in briefing.articles}
    assert sorted(e.link for e in feed.entries) == sorted(by_link)
    for entry in feed.entries:
        article = by_link[entry.link]
        assert article.title.source in entry.title
        notes = briefing.curated.notes[article.slug]  # type: ignore[union-attr]
        assert entry.summary == " ".join(notes.summary_en.split())
    dates = [e.get("published", "") for e in feed.entries]
    known = [d for d in dates if d]
    assert known == sorted(known, reverse=True) and dates[:len(known)] == known  # newest first
