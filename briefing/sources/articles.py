"""Assembling the model: seeds → cleaned, segmented articles in both scripts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from briefing.sources.clean import Cleaned, clean_text
from briefing.config import Project
from briefing.errors import BriefingError, InputError, ValidationError
from briefing.sources.ingest import Corrections, find_seeds, read_meta, read_seed
from briefing.model import Article, ArticleMeta, Found, Kind, Paragraph, Script, Segment, Translation
from briefing.sources.names import project_conversion
from briefing.sources.script import Conversion, detect_scripts
from briefing.sources.provisional import provisional_headline  # noqa: F401 (re-exported)
from briefing.sources.sentences import split_sentences


def build_article(text: str, meta: ArticleMeta, corrections: Corrections = Corrections(),
                  path: Path | None = None, *, conversion: Conversion) -> Article:
    """One article from its seed text and metadata (pure); its other script by `conversion`
    (the project's: sources/names.py project_conversion)."""
    built = build_articles([(text, meta, corrections, path)], conversion=conversion)[0]
    if isinstance(built, BriefingError):
        raise built
    return built


SeedText = tuple[str, ArticleMeta, Corrections, Path | None]  # build_article's arguments


def build_articles(seeds: Sequence[SeedText], *, conversion: Conversion) -> list[Article | BriefingError]:
    """`build_article` of each seed (its error in its place), in phases: every seed cleaned,
    then every script detected, then every other script made, with one OpenCC call a direction
    for them all: OpenCC's tables stay in the CPU's caches (per article, between cleanings, each
    conversion costs about twice as much)."""
    cleaned: list[Cleaned | BriefingError] = []
    for text, meta, corrections, path in seeds:
        try:
            c = clean_text(text, meta.title_zh, corrections)
        except BriefingError as exc:
            cleaned.append(exc)
            continue
        cleaned.append(c if c.blocks else InputError(
            "nothing is left after removing site chrome and bylines", path=path,
            hint="check that the file holds the article text; a build lists what "
                 "the cleaner removes in build/reports/<slug>.md"))
    good = [(c, seed[1]) for c, seed in zip(cleaned, seeds) if isinstance(c, Cleaned)]
    scripts = detect_scripts([c.title + "".join(b.text for b in c.blocks) for c, _ in good])
    planned = [_plan(c, with_found(meta, c.found)) for c, meta in good]
    pairs = iter(_both_scripts([(p.sources, script) for p, script in zip(planned, scripts)], conversion))
    made = iter([_assemble(p, script, next(pairs)) for p, script in zip(planned, scripts)])
    return [next(made) if isinstance(c, Cleaned) else c for c in cleaned]


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


@dataclass(frozen=True)
class _Plan:
    """An article's texts before the other script is made: its sentences, title and metadata."""

    cleaned: Cleaned
    meta: ArticleMeta
    title_text: str
    pieces_by_block: list[list[str]]

    @property
    def sources(self) -> list[str]:
        return [self.title_text] + [t for pieces in self.pieces_by_block for t in pieces]


def _plan(cleaned: Cleaned, meta: ArticleMeta) -> _Plan:
    pieces_by_block = [[b.text] if b.kind is Kind.HEADING else split_sentences(b.text)
                       for b in cleaned.blocks]
    title_text = cleaned.title or meta.title_zh
    if not title_text:
        lead = next((b.text for b in cleaned.blocks if b.kind in (Kind.TEXT, Kind.LEAD)), cleaned.blocks[0].text)
        title_text = provisional_headline(lead)
        meta = replace(meta, title_source="provisional")
    return _Plan(cleaned, meta, title_text, pieces_by_block)


def _both_scripts(texts: list[tuple[list[str], Script]], conversion: Conversion) -> list[list[tuple[str, str]]]:
    """(hans, hant) of each article's texts (written in its script), one conversion call a
    script for them all."""
    out: list[list[tuple[str, str]]] = [[] for _ in texts]
    for script in ("hans", "hant"):
        mine = [i for i, (_, s) in enumerate(texts) if s == script]
        pairs = iter(conversion.both_many([t for i in mine for t in texts[i][0]], script))
        for i in mine:
            out[i] = [next(pairs) for _ in texts[i][0]]
    return out


def _assemble(plan: _Plan, script: Script, scripts: list[tuple[str, str]]) -> Article:
    cleaned, meta = plan.cleaned, plan.meta
    pairs = iter(scripts)

    def segment(anchor: str, source: str) -> Segment:
        hans, hant = next(pairs)
        return Segment(id=f"{meta.slug}/{anchor}", source=source, hans=hans, hant=hant)

    title = segment("title", plan.title_text)
    paragraphs = []
    for p, (block, pieces) in enumerate(zip(cleaned.blocks, plan.pieces_by_block), start=1):
        segments = tuple(segment(f"p{p}-s{s}", text) for s, text in enumerate(pieces, start=1))
        paragraphs.append(Paragraph(index=p, kind=block.kind, segments=segments,
                                    label=block.label, credit=block.credit))
    if not meta.title_zh:
        meta = replace(meta, title_zh=title.source)
    return Article(meta=meta, script=script, title=title,
                   paragraphs=tuple(paragraphs), removed=tuple(cleaned.removed))


def load_article(seed_path: Path, conversion: Conversion) -> Article:
    """Read, clean and segment one seed with its metadata; its other script by `conversion`."""
    loaded = load_seeds([seed_path], conversion)[0]
    if isinstance(loaded, BriefingError):
        raise loaded
    return loaded


def load_seeds(seed_paths: Sequence[Path], conversion: Conversion) -> list[Article | BriefingError]:
    """`load_article` of each seed (its error in its place), built together (build_articles:
    faster than one by one)."""
    read: list[SeedText | BriefingError] = []
    for path in seed_paths:
        try:
            seed = read_seed(path)
            meta, corrections = read_meta(path)
        except BriefingError as exc:
            read.append(exc)
            continue
        read.append((seed.text, meta, corrections, path))
    built = iter(build_articles([r for r in read if not isinstance(r, BriefingError)], conversion=conversion))
    return [r if isinstance(r, BriefingError) else next(built) for r in read]


def load_articles(project: Project) -> tuple[Article, ...]:
    """Every seed of the project, in file order; all problems reported together."""
    loaded = load_seeds(find_seeds(project.seeds_dir), project_conversion(project))
    for a in loaded:
        if isinstance(a, BriefingError) and not isinstance(a, InputError):
            raise a  # (a seed's metadata with several problems: reported whole)
    articles = [a for a in loaded if isinstance(a, Article)]
    problems = [str(a) for a in loaded if isinstance(a, InputError)]
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
