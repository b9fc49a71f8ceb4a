"""Reader-facing text cites no internal reference (render/internal_refs.py): what the check
finds, that the sample has none, that a build with one stops naming the page and the text, and
that editor notes stay unpublished."""

from __future__ import annotations

import pytest

from briefing.sources.script import Conversion
from briefing.render.internal_refs import internal_references, page_references, slug_pattern
from briefing.render.structure import Outline, Part
from support import SAMPLE, make_project

SLUGS = slug_pattern(["export-controls-race", "openai-proposal", "solo"])


@pytest.mark.parametrize("text,kind", [
    ("the same report is repeated in p10-s1", "sentence id"),
    ("see export-controls-race/p2-s3", "sentence id"),
    ("written so in 000_bc69582f40be15b3.txt", "seed file"),
    ("which seed file: see seeds/004_x.yml", "project folder"),
    ("the glossary.yml entry", "file name"),
    ("004 also writes 戈曼 alone", "seed number"),
    ("OpenCC's t2s would make it 巨亨网", "code"),
    ("as to_hans() does", "code"),
    ("(see the flags on export-controls-race)", "article slug"),
])
def test_each_kind_of_internal_reference_is_found(text, kind):
    assert kind in [k for k, _ in internal_references(text, SLUGS)], text


@pytest.mark.parametrize("text", [
    "Confirmed on 18 February 2025; over 100,000 GPUs (2.5%)", "US$5.576 million, 0.5 s",
    "a solo effort", "The US–China AI race ¶14.2", "第14110号行政令", "H800, A100 and GPT-4o",
    "news.cnyes.com", "COVID-19 and S. 321", "the G2 label", "Section 232",
])
def test_what_readers_may_read_passes(text):
    assert internal_references(text, SLUGS) == []


def test_a_page_problem_names_the_page_the_anchor_and_the_text():
    out = Outline(Conversion())
    out.en("p7", Part.TEXT, "This belongs to the bill named in p6-s1.")
    out.en("", Part.FURNITURE, "p6-s1")  # the renderer's own furniture is not editors' text
    out.en("", Part.META, "https://example.com/docs/a.md")  # nor a source's address
    problems = page_references(out.page("articles/x/index.md", "X", ""), SLUGS)
    assert len(problems) == 1
    assert "docs/articles/x/index.md#p7" in problems[0] and "p6-s1" in problems[0] and "editor" in problems[0]


def test_the_sample_publishes_no_internal_reference_and_keeps_editor_notes_unpublished():
    from briefing.config import load_project
    from briefing.publish.assemble import load_briefing
    from briefing.render.pages import render_pages
    from support import ROOT
    briefing = load_briefing(load_project(ROOT))
    pages = render_pages(briefing)
    slugs = slug_pattern(a.slug for a in briefing.articles)
    assert [p for page in pages.values() for p in page_references(page, slugs)] == []
    glossary = briefing.curated.glossary
    notes = [e.editor_note for e in glossary.entries if e.editor_note]
    assert len(notes) >= 10  # the sample's internal remarks moved to the editor field
    published = "".join(page.body for page in pages.values())
    assert not [n for n in notes if n in published]


@pytest.mark.slow
def test_a_build_whose_glossary_note_cites_a_seed_stops(tmp_path):
    from briefing.config import load_project
    from briefing.errors import ValidationError
    from briefing.publish.build import build_site
    project = make_project(tmp_path / "p", sample=SAMPLE)
    glossary = project / "curation" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8").replace(
        "    note: Google's parent company (谷歌母公司).", "    note: 003 calls it 谷歌母公司 (see p6-s1).")
    glossary.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        build_site(load_project(project), search=False)
    assert "docs/glossary/index.md#entity-alphabet" in str(err.value) and "editor" in str(err.value)


def test_no_page_of_the_built_sample_shows_an_internal_reference(sample_site):
    """The whole built site as readers get it, hand-written pages (about, method) included: its
    visible text and what is read aloud or shown on hover (aria-label, title, alt, placeholder)."""
    from html.parser import HTMLParser

    project, _ = sample_site
    slugs = slug_pattern(p.name for p in (project.site_dir / "articles").iterdir())

    class Texts(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.code, self.texts = 0, []

        def handle_starttag(self, tag, attrs):
            self.code += tag in ("script", "style")
            self.texts += [v for k, v in attrs if k in ("aria-label", "title", "alt", "placeholder") and v]

        def handle_endtag(self, tag):
            self.code -= tag in ("script", "style")

        def handle_data(self, data):
            if not self.code and data.strip():
                self.texts.append(data)

    pages = [p for p in project.site_dir.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) >= 10
    found = []
    for path in pages:
        parser = Texts()
        parser.feed(path.read_text(encoding="utf-8"))
        found += [(path.relative_to(project.site_dir).as_posix(), kind, text.strip()[:80])
                  for text in parser.texts for kind, _ in internal_references(text, slugs)]
    assert found == []
