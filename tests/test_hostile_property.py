"""Property: whatever string an editor puts in any field, or a seed's source URL, the built page,
the feed and the PDF's links hold no executable markup (hypothesis; rendered in memory).

The strings mix arbitrary text with the pieces attacks are made of (tags, handlers, schemes spelt
every way, character references, quotes, template syntax, control characters). Each example puts
one string into every editor field of a one-article briefing — the seed's metadata, the article
text, the English, the curated summary, claims, source notes, fact-checks, overview, themes,
timeline and glossary — and another into the source URL and the site URL; then the site pages
(what `briefing build` writes: generated pages skip Markdown), the Atom feed and the print HTML
(whose links WeasyPrint turns into the PDF's /URI annotations) are scanned as a browser, a feed
reader and a PDF viewer would read them (tests/executable.py). Derandomized, so CI runs the same
examples every time; HYPOTHESIS_EXAMPLES raises the count for a longer local run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.curation.curated import (ArticleNotes, Claim, Curated, FactCheck, Overview, SourceNotes, Theme,
                                       TimelineEvent)
from briefing.editor_yaml import load_text
from briefing.errors import BriefingError
from briefing.model import Article, ArticleMeta, Kind, Paragraph, Segment, Status, Translation
from briefing.curation.assembled import Briefing
from briefing.publish.feed import render_feed
from briefing.render.pages import render_pages
from briefing.render.print_doc import render_print_html
from briefing.sources.ingest import _meta_from
from briefing.translation.glossary import Glossary, GlossaryEntry

from executable import bad_url, feed_problems, html_problems

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "40"))
PIECES = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '" onmouseover="alert(1)', "' onfocus='x",
          "javascript:alert(1)", "JaVaScRiPt:", "java\tscript:", "&#106;avascript:", "&#x6A;", "&colon;",
          "data:text/html,<script>", "vbscript:", "<a href=javascript:alert(1)>x</a>", "<svg onload=alert(1)>",
          "<iframe src=//evil>", "]]>", "<![CDATA[", "<!--", "-->", "{{ config }}", "{% raw %}", "`", "*", "#",
          "\x00", "\x01", "\x0b", "\u2028", "\u200b", "&amp;", "&", "<", ">", '"', "'", "\n\n", "\\",
          "ｊａｖａｓｃｒｉｐｔ:", "<style>@import url(javascript:x)</style>", "<base href=//evil>",
          "<meta http-equiv=refresh content=0;url=javascript:x>", "https://example.com/", "mailto:a@b.c"]
texts = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(PIECES)), min_size=1, max_size=6).map("".join)
urls = st.one_of(texts, st.tuples(st.sampled_from(["", " ", "\t", "https://", "//", "java", "&#"]), texts)
                 .map("".join))


def _briefing(v: str, url: str) -> Briefing:
    """One article with `v` in every editor field and `url` as its source; curated layer too."""
    slug = "a"

    def seg(anchor: str, text: str) -> Segment:
        return Segment(id=f"{slug}/{anchor}", source=text, hans=text, hant=text)

    title, first, second = seg("title", v + "标题"), seg("p1-s1", "第一句" + v + "。"), seg("p1-s2", "第二句。")
    meta = ArticleMeta(slug=slug, source_file="000_a.txt", title_zh=title.source, outlet=v, author=v, url=url,
                       notes=v, published="2025-01-02", precision="day", given=frozenset({"url", "outlet"}))
    article = Article(meta=meta, script="hans", title=title,
                      paragraphs=(Paragraph(1, Kind.TEXT, (first, second)), Paragraph(2, Kind.CAPTION, (second,),
                                                                                     credit=v)))
    translations = {s.id: Translation(v, status, "editor", date="2025-01-02")
                    for s, status in ((title, Status.EDITOR), (first, Status.MACHINE))}
    themes = tuple(Theme(f"t{i}", v, v, v, v, (slug,)) for i in range(3))
    notes = ArticleNotes(slug, v, v, (Claim(v, v, (first.id,)),), SourceNotes(v, v, v, v, v),
                         (FactCheck(first.id, "doubtful", v, v),))
    glossary = Glossary((GlossaryEntry(en=v or "x", hans=("第一句",), note=v),))
    curated = Curated(overview=Overview(v, v, v, v, themes), notes={slug: notes},
                      timeline=(TimelineEvent("2025-01-02", "day", v, v, (first.id,), resolved=v),),
                      glossary=glossary)
    return Briefing(title_en=v or "t", title_zh=v, articles=(article,), translations=translations, curated=curated)


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(v=texts, url=urls)
def test_no_editor_string_or_url_yields_executable_markup(v, url):
    briefing = _briefing(v, url)
    pages = render_pages(briefing)
    for name, page in pages.items():
        assert not html_problems(page.markdown), (name, v, url)
        assert not [link for link in page.links if bad_url(link)], (name, url)
    assert not feed_problems(render_feed(briefing, pages, site_url=url)), (v, url)  # well-formed XML too
    print_html = render_print_html(briefing, css="", built=dt.date(2025, 1, 2), site_url=url)
    assert not html_problems(print_html), (v, url)


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None)
@given(v=texts, url=urls)
def test_seed_metadata_with_any_string_is_read_or_refused_by_name(v, url):
    """Through the editor's own file: YAML written with the strings is either read (then its URL
    is one the allow-list takes) or refused with a message naming the file, never a crash."""
    path = Path("seeds/000_a.yml")
    text = yaml.safe_dump({"slug": "a", "outlet": v, "author": v, "notes": v, "url": url}, allow_unicode=True)
    try:
        meta, _ = _meta_from(load_text(text, path), path, "a", "000_a.txt")
    except BriefingError as exc:
        assert str(path) in str(exc)
        return
    assert not bad_url(meta.url), meta.url


def test_page_scripts_insert_data_as_text_only():
    """The site's own scripts put search results and gloss data into the page as text nodes,
    never as markup, so the data files cannot carry executable markup into a page."""
    for script in sorted((ROOT / "docs" / "assets").glob("*.js")):
        code = script.read_text(encoding="utf-8")
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function",
                             code), script.name
