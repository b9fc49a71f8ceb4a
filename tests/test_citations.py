"""Citations: every curated link leads to an element that exists.

Fast tests check the rendered HTML strings; the slow test builds the sample project's site once
and resolves every internal link with a fragment (citations included) against the built pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from briefing.sources.script import Conversion
from briefing.sources.articles import build_article
from briefing.curation.curated import curate
from briefing.curation.entities import index_entities
from briefing.translation.glossary import parse_glossary
from briefing.model import ArticleMeta
from briefing.curation.assembled import Briefing
from briefing.render import curated_pages
from briefing.render.structure import Outline
from support import SAMPLE, make_project


# the HTML of each curated piece (its structure is recorded into a throw-away outline)
def render_timeline(*args):
    return curated_pages.render_timeline(*args, Outline(Conversion()))


def render_glossary(*args):
    return curated_pages.render_glossary(*args, Outline(Conversion()))


def render_article_header(*args):
    return curated_pages.render_article_header(*args, Outline(Conversion()))


def render_home(*args):
    return curated_pages.render_home(*args, Outline(Conversion()))


def render_factchecks(checks):
    return curated_pages.render_factchecks(checks, Outline(Conversion()), "p1")


class _Links(HTMLParser):
    """Ids, hrefs (with their class) and lang attributes of one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []
        self.langs: list[tuple[str, str]] = []
        self.text_without_lang = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append((a["href"], a.get("class") or ""))
        if a.get("lang"):
            self.langs.append((tag, a["lang"]))


def parse(html: str) -> _Links:
    p = _Links()
    p.feed(html)
    return p


# ---------------------------------------------------------------- fast: rendered strings

@pytest.fixture(scope="module")
def sample():
    text = "标题<新>\n\n英伟达发布芯片。黃仁勳說話。\n\n第二段。\n"
    art = build_article(text, ArticleMeta(slug="a", source_file="000_a.txt", title_zh="标题<新>"), conversion=Conversion())
    briefing = Briefing(title_en="B", title_zh="简报", articles=(art,))
    notes = ("summary_en: One <b>. Two. Three.\nsummary_zh: 软件一。二。三。\nclaims:\n"
             "  - en: Claim & more.\n    zh: 论点。\n    cites: [a/p1-s1, a/title]\n"
             "source: {outlet_type: blog, author: x, affiliation: '', stance: s, reliability: r}\n"
             "factchecks:\n  - {segment: a/p1-s2, severity: error, note_en: Wrong <i>, note_zh: 错误。}\n")
    timeline = "events:\n" + "".join(
        f'  - {{date: "2025-01-{d:02d}", precision: day, en: E{d}, zh: 事件软件, cites: [a/p{1 + d % 2}-s1]}}\n'
        for d in range(1, 16))
    overview = ("title_en: T\ntitle_zh: 标题\noverview_en: \"Para one.\\nPara two.\"\noverview_zh: 概述。\n"
                "themes:\n  - {id: t1, title_en: T1, title_zh: 一, text_en: A. B., text_zh: 甲。乙。, articles: [a]}\n")
    glossary = parse_glossary("entries:\n  - {en: Nvidia, zh-Hans: 英伟达, type: org}\n"
                              "  - {en: Jensen Huang, zh-Hans: 黄仁勋, type: person}\n", Path("g.yml"))
    curated = curate({"overview.yml": overview, "articles/a.yml": notes, "timeline.yml": timeline},
                     (art,), glossary)
    return briefing, curated, art


def test_timeline_citations_point_at_existing_sentences(sample):
    briefing, curated, art = sample
    links = parse(render_timeline(briefing, curated)).links
    anchors = {s.anchor for s in art.segments()}
    cites = [h for h, c in links if "bf-cite" in c]
    assert len(cites) == 15
    for href in cites:
        path, _, anchor = href.partition("#")
        assert path == "../articles/a/" and anchor in anchors


def test_glossary_lists_each_mention_in_either_script(sample):
    briefing, curated, _ = sample
    html = render_glossary(briefing, index_entities(curated.glossary, briefing.articles))
    links = [h for h, c in parse(html).links if "bf-cite" in c]
    assert links == ["../articles/a/#p1-s2", "../articles/a/#p1-s1"]  # Jensen Huang, Nvidia
    assert 'id="entity-nvidia"' in html and 'id="entity-jensen-huang"' in html


def test_article_header_cites_on_the_same_page_and_escapes(sample):
    _, curated, art = sample
    html = render_article_header(art, curated.notes["a"])
    assert [h for h, c in parse(html).links if "bf-cite" in c] == ["#p1-s1", "#title"]
    assert "One &lt;b&gt;." in html and "Claim &amp; more." in html and "<b>" not in html


def test_chinese_text_in_both_scripts_with_lang(sample):
    briefing, curated, _ = sample
    html = render_home(briefing, curated)
    assert '<p lang="zh-Hans" class="zh-hans">软件一。二。三。</p>' in html
    assert '<p lang="zh-Hant" class="zh-hant">軟件一。二。三。</p>' in html  # characters, not vocabulary (軟體)
    assert "<p lang=\"en\">Para one.</p><p lang=\"en\">Para two.</p>" in html
    assert '标题&lt;新&gt;' in html and "<新>" not in html
    flags = render_factchecks(curated.factchecks_by_segment()["a/p1-s2"])
    assert 'lang="en">Wrong &lt;i&gt;</span>' in flags and "bf-fc-error" in flags


def test_home_links_are_relative(sample):
    briefing, curated, _ = sample
    hrefs = [h for h, _ in parse(render_home(briefing, curated)).links]
    assert hrefs and not any(h.startswith("/") or "://" in h for h in hrefs)
    assert "timeline/" in hrefs


# ---------------------------------------------------------------- slow: the built site

def _page_url(site: Path, file: Path) -> str:
    return "/" + file.relative_to(site).as_posix()


def _target(site: Path, url: str) -> Path | None:
    path = unquote(urlsplit(url).path).lstrip("/")
    candidate = site / path
    if path == "" or path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@pytest.mark.slow
def test_every_citation_in_the_built_site_resolves(tmp_path):
    project = make_project(tmp_path / "project", sample=SAMPLE)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = subprocess.run([sys.executable, "-c", "from briefing.cli import main; main()", "build",
                          "--project", str(project)],
                         capture_output=True, text=True, env=env, cwd=project)
    assert run.returncode == 0, run.stderr[-3000:]
    site = project / "site"
    pages = {p: parse(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}
    checked, cites, broken = 0, 0, []
    for page, parsed in pages.items():
        base = _page_url(site, page)
        for href, cls in parsed.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.fragment:
                continue
            target = page if not parts.path else _target(site, urljoin(base, href))
            ok = target is not None and unquote(parts.fragment) in pages[target].ids
            checked += 1
            cites += "bf-cite" in cls
            if not ok:
                broken.append(f"{page.relative_to(site)}: {href}")
    print(f"{len(pages)} pages, {checked} links with fragments checked, {cites} citations")
    assert cites >= 15
    assert broken == []
