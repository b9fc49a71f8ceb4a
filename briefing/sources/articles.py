"""Assembling the model: seeds → cleaned, segmented articles in both scripts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from briefing.sources.clean import Cleaned, clean_text
from briefing.config import Project
from briefing.errors import InputError, ValidationError
from briefing.sources.ingest import Corrections, find_seeds, read_meta, read_seed
from briefing.model import Article, ArticleMeta, Found, Kind, Paragraph, Script, Segment, Translation
from briefing.sources.names import project_conversion
from briefing.sources.script import Conversion, detect_script
from briefing.sources.provisional import provisional_headline  # noqa: F401 (re-exported)
from briefing.sources.sentences import split_sentences


def build_article(text: str, meta: ArticleMeta, corrections: Corrections = Corrections(),
                  path: Path | None = None, *, conversion: Conversion) -> Article:
    """One article from its seed text and metadata (pure); its other script by `conversion`
    (the project's: sources/names.py project_conversion)."""
    cleaned = clean_text(text, meta.title_zh, corrections)
    if not cleaned.blocks:
        raise InputError("nothing is left after removing site chrome and bylines", path=path,
                         hint="check that the file holds the article text; a build lists what "
                              "the cleaner removes in build/reports/<slug>.md")
    script = detect_script(cleaned.title + "".join(b.text for b in cleaned.blocks))
    return _assemble(cleaned, with_found(meta, cleaned.found), script, conversion)


# found field -> ArticleMeta field; the editor's YAML wins field by field
_FOUND_FIELDS = {"author": "author", "outlet": "outlet", "published": "published",
                 "published_time": "published_time"}


def with_found(meta: ArticleMeta, found: list[Found]) -> ArticleMeta:
    """`meta` completed with the values found in the text where the editor gave none (pure)."""
    values: dict[str, str] = {}
    for f in found:
        target = _FOUND_FIELDS.get(f.field)
        if target is None or target in meta.given or getattr(meta, target) or target in values:
            continue
        if target == "published_time" and "published" in meta.given:
            continue  # a time belongs to the date it was printed with
        values[target] = f.value
    if "published" in values:
        values["precision"] = "day"
    return replace(meta, found=tuple(found), **values)  # type: ignore[arg-type]


def _assemble(cleaned: Cleaned, meta: ArticleMeta, script: Script, conversion: Conversion) -> Article:
    pieces_by_block = [[b.text] if b.kind is Kind.HEADING else split_sentences(b.text)
                       for b in cleaned.blocks]
    title_text = cleaned.title or meta.title_zh
    if not title_text:
        lead = next((b.text for b in cleaned.blocks if b.kind in (Kind.TEXT, Kind.LEAD)), cleaned.blocks[0].text)
        title_text = provisional_headline(lead)
        meta = replace(meta, title_source="provisional")
    sources = [title_text] + [t for pieces in pieces_by_block for t in pieces]
    scripts = iter(conversion.both_many(sources, script))

    def segment(anchor: str, source: str) -> Segment:
        hans, hant = next(scripts)
        return Segment(id=f"{meta.slug}/{anchor}", source=source, hans=hans, hant=hant)

    title = segment("title", title_text)
    paragraphs = []
    for p, (block, pieces) in enumerate(zip(cleaned.blocks, pieces_by_block), start=1):
        segments = tuple(segment(f"p{p}-s{s}", text) for s, text in enumerate(pieces, start=1))
        paragraphs.append(Paragraph(index=p, kind=block.kind, segments=segments,
                                    label=block.label, credit=block.credit))
    if not meta.title_zh:
        meta = replace(meta, title_zh=title.source)
    return Article(meta=meta, script=script, title=title,
                   paragraphs=tuple(paragraphs), removed=tuple(cleaned.removed))


def load_article(seed_path: Path, conversion: Conversion) -> Article:
    """Read, clean and segment one seed with its metadata; its other script by `conversion`."""
    seed = read_seed(seed_path)
    meta, corrections = read_meta(seed_path)
    return build_article(seed.text, meta, corrections, seed_path, conversion=conversion)


def load_articles(project: Project) -> tuple[Article, ...]:
    """Every seed of the project, in file order; all problems reported together."""
    conversion = project_conversion(project)
    articles, problems = [], []
    for path in find_seeds(project.seeds_dir):
        try:
            articles.append(load_article(path, conversion))
        except InputError as exc:
            problems.append(str(exc))
    return checked_articles(project, articles, problems)


def checked_articles(project: Project, articles: list[Article], problems: list[str]) -> tuple[Article, ...]:
    """The articles, unless some seed failed or two share a slug: then every problem at once."""
    slugs: dict[str, str] = {}
    for a in articles:
        if a.slug in slugs:
            problems.append(f"{project.seeds_dir / a.meta.source_file}: slug '{a.slug}' is already "
                            f"used by {slugs[a.slug]}; give one of them another 'slug:'")
        slugs[a.slug] = a.meta.source_file
    if problems:
        if len(problems) == 1:
            raise InputError(problems[0])
        raise ValidationError(problems, summary="some seeds cannot be used")
    if not articles:
        raise InputError("no seed articles found", path=project.seeds_dir,
                         hint="add articles as NNN_name.txt (UTF-8 text)")
    return tuple(articles)
