"""The print edition: HTML generation (fast, inline fixtures) and the real PDF of the seeds."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.sources.script import Conversion
from briefing.publish import pdf as pdf_module
from briefing.publish.assemble import load_briefing
from briefing.sources.articles import build_article
from briefing.cli import main
from briefing.config import load_project
from briefing.errors import BuildError
from briefing.model import ArticleMeta, Status, Translation
from briefing.curation.assembled import Briefing
from briefing.render.print_doc import format_date, render_article, render_print_html
from support import ROOT, original_column_text, pdf_text, require_pdf_tools

TEXT = "安全标题\n\n第一段说<script>alert(1)</script>的事。第二句话。\n\n一、软件与网络\n\n第三段。"


def _article(slug: str = "x"):
    meta = ArticleMeta(slug=slug, source_file="000_x.txt", title_zh="安全标题", outlet="某网",
                       published="2025-01", precision="month", url="https://example.org/a?b=1&c=2")
    return build_article(TEXT, meta, conversion=Conversion())


def _tr(en: str, **kw) -> Translation:
    return Translation(en=en, status=kw.pop("status", Status.EDITOR), engine="editor", **kw)


# ---------------------------------------------------------------- HTML (pure)

def test_article_text_is_escaped_and_aligned_paragraph_by_paragraph():
    a = _article()
    html = render_article(a, {a.title.id: _tr("Safe <title>")}, conversion=Conversion())
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Safe &lt;title&gt;" in html
    assert html.count("<tr class=") == len(a.paragraphs)
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert "January 2025 (known to the month)" in html


def test_pending_and_stale_english_are_marked():
    a = _article()
    first, second = a.paragraphs[0].segments
    html = render_article(a, {first.id: _tr("Old English.", stale=True)}, conversion=Conversion())
    row = re.search(r'<tr class="k-text" id="x-p1">.*?</tr>', html).group(0)
    assert "[stale" in row and "Old English." in row
    assert "[translation pending]" in row  # the second sentence has no English


def test_heading_label_is_kept_and_numbered_in_english():
    a = _article()
    html = render_article(a, {}, conversion=Conversion())
    row = re.search(r'<tr class="k-heading".*?</tr>', html).group(0)
    assert '<span class="label">一、</span>' in row and '<span class="label">1.</span>' in row


def test_caption_credit_is_printed_once_per_column():
    meta = ArticleMeta(slug="c", source_file="000_c.txt", title_zh="标题")
    a = build_article("标题\n\n第一段很长的文字在这里。\n\n图为北京的办公楼。(Reuters)", meta, conversion=Conversion())
    seg = a.paragraphs[1].segments[0]
    kept = render_article(a, {seg.id: _tr("An office building in Beijing. (Reuters)")}, conversion=Conversion())
    row = re.search(r'<tr class="k-caption".*?</tr>', kept).group(0)
    assert row.count("Reuters") == 2  # once in Chinese, once in the editor's English
    bare = render_article(a, {seg.id: _tr("An office building in Beijing.")}, conversion=Conversion())
    row = re.search(r'<tr class="k-caption".*?</tr>', bare).group(0)
    assert row.count('<span class="credit">(Reuters)</span>') == 2


def test_a_chinese_credit_in_the_english_column_carries_its_lang():
    meta = ArticleMeta(slug="c", source_file="000_c.txt", title_zh="标题")
    a = build_article("标题\n\n第一段很长的文字在这里。\n\n图为北京的办公楼。(Andy Wong/美联社)", meta, conversion=Conversion())
    html = render_article(a, {a.paragraphs[1].segments[0].id: _tr("An office building in Beijing.")}, conversion=Conversion())
    row = re.search(r'<tr class="k-caption".*?</tr>', html).group(0)
    english = row.split('<td class="en" lang="en">')[1]
    assert '<span class="credit" lang="zh-Hans">(Andy Wong/美联社)</span>' in english


def test_script_choice_sets_text_and_lang_of_the_original_column():
    a = _article()  # Simplified
    hant = render_article(a, {}, script="hant", conversion=Conversion())
    assert 'lang="zh-Hant"' in hant and 'lang="zh-Hans"' not in hant
    assert "軟件與網絡" in hant and "软件与网络" not in hant  # characters, not Taiwan vocabulary (軟體與網路)
    assert "原文简体 → 繁體（轉換）" in hant  # a converted column does not claim to be the original
    original = render_article(a, {}, script="original", conversion=Conversion())
    assert "软件与网络" in original and 'lang="zh-Hant"' not in original


def test_site_links_only_when_a_site_url_is_set():
    a = _article()
    assert "https://x.github.io/b/articles/x/" in render_article(a, {}, site_url="https://x.github.io/b/", conversion=Conversion())
    assert "Online" not in render_article(a, {}, conversion=Conversion())


def test_the_seed_file_name_is_not_printed_for_readers():
    a = _article()
    assert "000_x.txt" not in render_article(a, {}, conversion=Conversion())  # the editors' file; their cleaning report names it
    unknown = build_article(TEXT, ArticleMeta(slug="y", source_file="000_y.txt", title_zh="安全标题"), conversion=Conversion())
    html = render_article(unknown, {}, conversion=Conversion())
    assert "000_y.txt" not in html and "<dt>Source</dt><dd>link unknown</dd>" in html


def test_dates_say_only_what_is_known():
    assert format_date("2025-01-28", "day") == "28 January 2025"
    assert format_date("2025-01", "month") == "January 2025"
    assert format_date("2025", "year") == "2025"
    assert format_date("", "unknown") == "date unknown"


def test_document_has_contents_entry_per_article_and_no_curated_pages_without_data():
    b = Briefing(title_en="T & co", title_zh="标题", articles=(_article("a1"), _article("a2")))
    html = render_print_html(b, css="", built=dt.date(2025, 2, 1))
    assert 'href="#a-a1"' in html and 'href="#a-a2"' in html
    assert 'id="timeline"' not in html and 'id="overview"' not in html
    assert "T &amp; co" in html and "Built 2025-02-01" in html


def test_missing_fonts_are_a_user_error_naming_the_package(monkeypatch):
    monkeypatch.setattr(pdf_module, "REQUIRED_FONTS", ("No Such Font CJK XX",))
    with pytest.raises(BuildError, match="fonts-noto-cjk"):
        pdf_module.check_fonts()


# ---------------------------------------------------------------- the real PDF

def _build(tmp_path_factory: pytest.TempPathFactory, *args: str) -> tuple[Path, str]:
    require_pdf_tools()
    out = tmp_path_factory.mktemp("pdf") / "briefing.pdf"
    result = CliRunner().invoke(main, ["pdf", "-p", str(ROOT), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.mark.slow
def test_pdf_builds_with_progress_and_pages(built_pdf):
    path, output = built_pdf
    assert path.read_bytes()[:5] == b"%PDF-"
    assert path.stat().st_mode & 0o044 == 0o044  # readable by others: it is published
    assert "laying out pages" in output and "[5/5]" in output  # progress on stderr
    assert re.search(r"\((\d+) pages", output) and int(re.search(r"\((\d+) pages", output).group(1)) > 5


@pytest.mark.slow
def test_pdf_embeds_cjk_fonts_as_subsets(built_pdf):
    listing = subprocess.run(["pdffonts", str(built_pdf[0])], capture_output=True, text=True,
                             check=True).stdout
    cjk = [line.split() for line in listing.splitlines() if "CJK" in line]
    names = {row[0].split("+", 1)[1] for row in cjk}
    # Simplified and Traditional originals each get their own font
    assert any("CJK-SC" in n for n in names) and any("CJK-TC" in n for n in names), names
    for row in cjk:
        assert re.fullmatch(r"[A-Z]{6}\+.+", row[0]), row  # subset prefix
        emb, sub = row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row


@pytest.mark.slow
def test_pdf_text_has_every_title_in_chinese_and_english(built_pdf):
    text = pdf_text(built_pdf[0])
    briefing = load_briefing(load_project(ROOT))
    missing_en = []
    for a in briefing.articles:
        assert re.sub(r"\s+", "", a.title.source) in text, a.slug
        tr = briefing.translation(a.title)
        if tr is None:
            missing_en.append(a.slug)  # no English title in the memory yet: nothing to find
            continue
        assert re.sub(r"\s+", "", tr.en) in text, a.slug
    assert len(missing_en) < len(briefing.articles), "no English titles in translations/ at all"


@pytest.mark.slow
def test_script_hant_prints_traditional_for_a_simplified_article(tmp_path_factory):
    path, _ = _build(tmp_path_factory, "--script", "hant")
    column = original_column_text(path)
    briefing = load_briefing(load_project(ROOT))
    simplified = next(a for a in briefing.articles if a.script == "hans")
    assert simplified.title.hant != simplified.title.hans
    assert re.sub(r"\s+", "", simplified.title.hant) in column
    segments = [s for a in briefing.articles for p in a.paragraphs for s in p.segments]
    missing = [s.id for s in segments if re.sub(r"\s+", "", s.hant) not in column]
    assert not missing, missing  # every segment of every article, whole, in Traditional
    changed = [s for p in simplified.paragraphs for s in p.segments if s.hans != s.hant]
    assert changed
    assert not [s.id for s in changed if re.sub(r"\s+", "", s.hans) in column]


@pytest.mark.slow
def test_original_column_holds_every_segment_in_its_own_script(built_pdf):
    column = original_column_text(built_pdf[0])
    briefing = load_briefing(load_project(ROOT))
    missing = [s.id for a in briefing.articles for p in a.paragraphs for s in p.segments
               if re.sub(r"\s+", "", s.source) not in column]
    assert not missing, missing


# ---------------------------------------------------------------- structure and typography

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
QUOTES = "“”‘’"


def _outline(path: Path) -> list[tuple[int, str, int]]:
    """The PDF's outline (bookmarks) as (depth, title, page number)."""
    import pypdf
    reader = pypdf.PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 0)
    return found


def _page_text(path: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_print_document_keeps_editors_paragraphs_and_names_articles_for_the_outline():
    from html import escape
    from briefing.render.core import text_paragraphs
    briefing = load_briefing(load_project(ROOT))
    html = render_print_html(briefing, css="", built=dt.date(2026, 1, 1))
    overview = briefing.curated.overview
    for text in (overview.overview_en, overview.overview_zh):
        paragraphs = text_paragraphs(text)
        assert len(paragraphs) >= 2  # the sample's overview has two paragraphs in each language
        for p in paragraphs:
            assert f">{escape(p)}</p>" in html, p[:30]  # each its own paragraph
    labels = re.findall(r'<h2 class="article-title" data-bookmark="([^"]+)"', html)
    assert len(labels) == len(briefing.articles)
    assert all(" — " in label for label in labels)  # headline — English headline


@pytest.mark.slow
def test_pdf_is_tagged_with_one_outline_entry_per_article(built_pdf):
    import pypdf
    path = built_pdf[0]
    root = pypdf.PdfReader(path).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root, "not a tagged PDF"
    assert root["/Lang"] == "en"
    outline = _outline(path)
    top = [title for depth, title, _ in outline if depth == 0]
    briefing = load_briefing(load_project(ROOT))
    for a in briefing.articles:
        entries = [t for _, t, _ in outline if t.startswith(a.title.source)]
        assert len(entries) == 1, (a.slug, entries)  # one entry, its headline then its English one
        english = briefing.translation(a.title)
        assert english is None or entries[0] == f"{a.title.source} — {english.en}"
        assert entries[0] in top
    assert top.count("Contents") == 1 and "Sources" not in top
    assert len(top) == len(briefing.articles) + 4  # contents, overview, timeline, glossary
    # the contents page says "Contents" once (its heading; no running head beside it)
    contents_page = next(page for _, title, page in outline if title == "Contents")
    assert _page_text(path, contents_page).count("Contents") == 1


@pytest.mark.slow
def test_pdf_keeps_editors_paragraphs_apart(built_pdf):
    """Every paragraph of the overview and of each article's summary, English and Chinese, begins
    a line of the PDF: none is run into the one before it."""
    from briefing.render.core import text_paragraphs
    text = subprocess.run(["pdftotext", str(built_pdf[0]), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = {re.sub(r"\s+", "", line) for line in text.splitlines()}
    briefing = load_briefing(load_project(ROOT))
    curated = briefing.curated
    texts = [("overview", curated.overview.overview_en), ("overview", curated.overview.overview_zh)]
    for a in briefing.articles:  # a summary's Chinese is printed in its article's script
        notes = curated.notes[a.slug]
        texts += [(f"{a.slug} summary", notes.summary_en),
                  (f"{a.slug} summary", briefing.conversion.to_hant(notes.summary_zh) if a.script == "hant" else notes.summary_zh)]
    paragraphs = [(where, p) for where, t in texts for p in text_paragraphs(t)]
    assert len(paragraphs) > len(texts)  # the sample has texts of more than one paragraph
    merged = []
    for where, paragraph in paragraphs:
        opening = re.sub(r"\s+", "", paragraph)[:12]
        if not any(line.startswith(opening) for line in lines):
            merged.append((where, opening))
    assert not merged, f"run into the paragraph before: {merged}"


@pytest.mark.slow
def test_english_quotes_are_set_in_a_latin_font(built_pdf):
    """Curly quotes and apostrophes outside Chinese text come from the Latin font, never as a
    CJK font's full-width glyphs (a text run in a CJK font holding a quote but no Chinese)."""
    import pypdf
    reader = pypdf.PdfReader(built_pdf[0])
    latin: set[str] = set()
    wrong: list[tuple[int, str, str]] = []
    for number, page in enumerate(reader.pages, start=1):
        def visit(text, cm, tm, font, size, number=number):
            if font is None or not any(q in text for q in QUOTES):
                return
            name = str(font.get("/BaseFont", "")).split("+")[-1]
            if CJK.search(text):
                return  # Chinese text: its quotes are the CJK font's, full width, as they should be
            if "CJK" in name:
                wrong.append((number, name, text[:40]))
            else:
                latin.add(name)
        page.extract_text(visitor_text=visit)
    assert not wrong, wrong[:5]
    assert any(name.startswith("Liberation-Serif") for name in latin), latin
