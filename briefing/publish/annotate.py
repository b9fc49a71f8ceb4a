"""Per-article work after loading, one article at a time in worker processes: QA flags, the
article's page (which shows them), its word gloss data and its search files (the page's index
document and text by anchor, publish/search_source.py).

All three are per article and CPU-bound (at 1,000 articles, on one core: ~4 s of QA, ~3 s of
gloss data, ~1 s of pages). The parent builds what they share — the loaded briefing, the gloss
tables, the fact checks — before forking. Each worker hashes its articles' files (page, gloss data,
search files) and writes the changed ones into a staging folder (writer.stage_files), where the
writer takes them from once the whole build is checked; it sends back an article's QA codes, its
page without its body (links, ids, the title) and the hashes — not ~180 MB of text at 1,000
articles for the parent to unpickle, hash and write on one core.
"""

from __future__ import annotations

import time
from pathlib import Path
from collections import ChainMap
from dataclasses import dataclass, field, replace
from typing import Mapping

from briefing.model import Article, Translation
from briefing.curation.assembled import Briefing
from briefing.publish.cache import ArticleCache
from briefing.publish.raw_pages import body_hash
from briefing.publish.search_source import Normaliser, SearchFiles, page_search_files
from briefing.publish.assemble import BATCH
from briefing.publish.workers import map_forked, worker_count
from briefing.publish.writer import Folder, Staged, as_written, stage_files, stage_if_changed
from briefing.render.article_links import Pdfs, article_pdf_path, gloss_path
from briefing.render.cedict import load_cedict
from briefing.render.core import FactChecks, factchecks_by_segment
from briefing.render.gloss import GlossTables, gloss_article, make_tables
from briefing.render.pages import article_page, check_pages
from briefing.render.internal_refs import Slugs, page_references, slug_pattern
from briefing.render.structure import Page, Part
from briefing.sources.report import report_name, report_text
from briefing.translation.glossary import Glossary
from briefing.translation.qa import flag_codes, flagged, with_flag_codes


@dataclass
class Annotated:
    """The briefing with each translation's QA flags, and what the workers made of each article:
    its page (without its body, and of its texts only the title's: what the rest of the build
    reads), and its files (page, gloss data, search files), which they hashed and staged for
    the writer (writer.stage_files)."""

    briefing: Briefing
    pages: list[Page]  # the article pages, in article order
    page_problems: dict[str, list[str]]  # check_pages' problems of each article page
    references: dict[str, list[str]]  # page_references' problems of each article page
    body_hashes: dict[str, str]  # raw_pages.body_hash of each article page's body
    gloss: list[str]  # the gloss data files' docs/ paths, in article order
    gloss_seconds: float  # the gloss data's share of the stage's wall time (its CPU / workers)
    search: dict[str, SearchFiles]  # each article page's search terms (no files: those are staged)
    characters: str  # the characters of the article pages' index documents
    files: dict[str, Staged]  # docs/: the article pages, their gloss data and search texts
    documents: dict[str, Staged]  # the search index's source: the article pages' documents
    reports: dict[str, str]  # the changed cleaning reports: where each waits, by its file name


@dataclass(frozen=True)
class Places:
    """Where the workers' files go (writer.Folder each): docs/ and the search index's source."""

    docs: Folder
    source: Folder
    reports: Path | None = None  # the cleaning reports' folder (sources/report.py), None: none made
    seeds: Path | None = None  # where the seeds' extraction records are, for the reports


def prepare_gloss() -> None:
    """Load what every gloss table needs and no article does (CC-CEDICT, pypinyin's and
    rjieba's dictionaries, ~1.5 s): run while the seeds load, so the workers forked later inherit it
    (else it is loaded when first used)."""
    import pypinyin  # noqa: F401  # its import reads the phrase dictionaries
    import rjieba  # noqa: F401  # and the segmenter's
    load_cedict()


def gloss_tables(briefing: Briefing) -> GlossTables:
    """The gloss tables of this briefing (CC-CEDICT and its glossary)."""
    return make_tables(load_cedict(), _glossary(briefing), briefing.conversion)


def _glossary(briefing: Briefing) -> Glossary | None:
    return briefing.curated.glossary if briefing.curated is not None else None


@dataclass(frozen=True)
class _Job:
    """What every article's work needs (the workers get it by the fork, see workers.py)."""

    briefing: Briefing
    tables: GlossTables | None  # None: not made (every article's work was cached); made if needed
    factchecks: FactChecks
    translations: dict[str, Translation]  # the briefing's, under each article's flagged ones
    normaliser: Normaliser
    pdfs: Pdfs  # the PDFs the pages may link (publish/pdf_store.py)
    places: Places
    slugs: Slugs | None  # the briefing's slugs, which reader-facing text must not cite
    cache: ArticleCache | None = None
    keys: tuple[str, ...] = ()  # per article: the key of everything its work reads ("" = none)
    tables_made: list[GlossTables | None] = field(default_factory=list)  # the tables, once this process made them

    def gloss_tables(self) -> GlossTables | None:
        """The gloss tables: the parent's, else made once in this process (a cached entry whose
        files are gone is made again, though the parent expected a hit)."""
        if self.tables is not None:
            return self.tables
        if not self.tables_made:
            self.tables_made.append(gloss_tables(self.briefing))
        return self.tables_made[0]


@dataclass(frozen=True)
class _Made:
    """What a worker sends back of one article (see Annotated)."""

    codes: dict[str, tuple[str, ...]]
    page: Page
    problems: list[str]
    references: list[str]
    body_hash: str
    gloss: str | None
    seconds: float
    terms: frozenset[str]
    characters: str
    files: dict[str, Staged]
    documents: dict[str, Staged]
    report: tuple[str, str]  # the cleaning report's file name and where it waits ("": unchanged)


def _annotate(job: _Job, indices: tuple[int, ...]) -> list[_Made]:
    """A batch of articles' page work, their files staged for the writer; in a worker. Each from
    the cache when its inputs are unchanged and docs/ (and the search source) still hold its
    files as written: the cache keeps their hashes, not their text (~180 MB at 1,000 articles);
    the others made together (_work)."""
    articles: list[Article] = [job.briefing.articles[i] for i in indices]
    keys = [job.keys[i] if job.keys else "" for i in indices]
    hits = [_cached(job, article, key) for article, key in zip(articles, keys)]
    made = iter(_work(job, [(i, key) for i, key, hit in zip(indices, keys, hits) if hit is None]))
    return [replace(hit or next(made), report=_report(job.places, article, f"{i}.r"))
            for i, article, hit in zip(indices, articles, hits)]


def _report(places: Places, article: Article, name: str) -> tuple[str, str]:
    """The article's cleaning report, staged when it changed (writer.stage_if_changed)."""
    if places.reports is None:
        return "", ""
    file = report_name(article)
    return file, stage_if_changed(places.reports / file, report_text(article, places.seeds),
                                  places.docs.staging / name)


def _work(job: _Job, todo: list[tuple[int, str]]) -> list[_Made]:
    """The QA codes, page, the page's problems, gloss data and search files of each (article
    index, key) of `todo`, its files staged; each kept in the cache under its key (with the
    files' hashes). Each step is done across them all: a step run over many articles in a row
    keeps its tables (the regexes', the templates', the segmenter's) in the CPU's caches, where
    article by article each step starts cold."""
    if not todo:
        return []
    briefing = job.briefing
    articles: list[Article] = [briefing.articles[i] for i, _ in todo]
    codes = [flag_codes(article, briefing.translations, _glossary(briefing)) for article in articles]
    pages = [article_page(replace(briefing, translations=ChainMap(flagged(briefing.translations, found),
                                                                  job.translations)),
                          article, job.factchecks, job.pdfs) for article, found in zip(articles, codes)]
    problems = [check_pages({page.path: page}) for page in pages]
    search = [page_search_files(page, job.normaliser) for page in pages]
    tables = job.gloss_tables()
    glosses: list[tuple[str | None, str, float]] = []  # (path, JSON text, seconds)
    for article in articles:
        if tables is None:  # (scripts/bench_gloss.py leaves them out)
            glosses.append((None, "", 0.0))
            continue
        start = time.perf_counter()
        data = gloss_article(article, tables)
        glosses.append((gloss_path(article.slug), data, time.perf_counter() - start))
    out = []
    for (index, key), article, found, page, checked, (documents, texts, terms), (gloss, data, seconds) in zip(
            todo, articles, codes, pages, problems, search, glosses):
        files = {page.path: page.markdown}
        if gloss is not None:
            files[gloss] = data
        files.update(texts)
        made = _Made(found, replace(page, body="", texts=tuple(t for t in page.texts if t.part is Part.TITLE)),
                     checked, page_references(page, job.slugs), body_hash(page.body), gloss, seconds, terms,
                     "".join(set("".join(documents.values()))),
                     stage_files(job.places.docs, files, f"{index}.d"),
                     stage_files(job.places.source, documents, f"{index}.s"), ("", ""))
        if job.cache is not None and key:
            job.cache.put(Path(article.meta.source_file).stem, "page", key,
                          replace(made, files=_hashes(made.files), documents=_hashes(made.documents)))
        out.append(made)
    return out


def _hashes(staged: Mapping[str, Staged]) -> dict[str, Staged]:
    return {rel: Staged(made.digest) for rel, made in staged.items()}


def _cached(job: _Job, article: Article, key: str) -> _Made | None:
    """An article's page work from the cache, when its inputs are unchanged and its files are
    where it wrote them, as it wrote them (else None: it is made again)."""
    if job.cache is None or not key:
        return None
    found = job.cache.get(Path(article.meta.source_file).stem, "page", key)
    if not isinstance(found, _Made):
        return None
    files = _in_place(job.places.docs, found.files)
    documents = _in_place(job.places.source, found.documents)
    if files is None or documents is None:
        return None
    return replace(found, seconds=0.0, files=files, documents=documents)


def _in_place(folder: Folder, hashes: Mapping[str, Staged]) -> dict[str, Staged] | None:
    """The files of `hashes` as found unchanged in `folder` (writer.as_written); None when one is not."""
    found: dict[str, Staged] = {}
    for rel, made in hashes.items():
        seen = as_written(folder, rel, made.digest)
        if seen is None:
            return None
        found[rel] = Staged(made.digest, seen=seen)
    return found


def work_keys(briefing: Briefing, cache: ArticleCache | None, loaded: Mapping[str, str],
              shared: bytes, pdfs: Pdfs = frozenset()) -> tuple[str, ...]:
    """Per article, the key of everything its page work reads: its seed, .yml and memory file
    (`loaded`, by slug), its curated notes, the fact checks on its sentences (wherever they are
    filed), whether the build links its PDF (`pdfs`) and `shared` (the glossary, briefing.yml)."""
    if cache is None:
        return ()
    notes = briefing.curated.notes if briefing.curated is not None else {}
    factchecks = factchecks_by_segment(briefing.curated)

    def key(a: Article) -> str:
        checks = [factchecks.get(s.id) for s in a.segments()]
        return cache.key("page", loaded[a.slug], repr(notes.get(a.slug)), repr(checks),
                         str(article_pdf_path(a.slug) in pdfs), shared)
    return tuple(key(a) if loaded.get(a.slug) else "" for a in briefing.articles)


def annotate_articles(briefing: Briefing, normaliser: Normaliser, places: Places, pdfs: Pdfs = frozenset(),
                      cache: ArticleCache | None = None, keys: tuple[str, ...] = ()) -> Annotated:
    """QA flags on every translation, every article's page, gloss data and search files, in
    worker processes when there are many articles (results in article order, whatever the
    worker count); an article whose inputs are unchanged (`keys`, work_keys) from the cache.
    The articles' files are staged for the writer in `places` (writer.stage_files)."""
    stems = [Path(a.meta.source_file).stem for a in briefing.articles]
    todo = cache is None or not keys or any(not key or not cache.has(stem, "page", key)
                                            for stem, key in zip(stems, keys))
    tables = gloss_tables(briefing) if todo else None  # CC-CEDICT's tables: only for work to do
    job = _Job(briefing, tables, factchecks_by_segment(briefing.curated), dict(briefing.translations),
               normaliser, pdfs, places, slug_pattern(a.slug for a in briefing.articles), cache, keys)
    count = len(briefing.articles)
    batches = [tuple(range(i, min(i + BATCH, count))) for i in range(0, count, BATCH)]
    made = [one for batch in map_forked(_annotate, batches, job, size=count) for one in batch]
    codes: dict[str, tuple[str, ...]] = {}
    for one in made:
        codes.update(one.codes)
    files: dict[str, Staged] = {}
    documents: dict[str, Staged] = {}
    for one in made:
        files.update(one.files)
        documents.update(one.documents)
    return Annotated(replace(briefing, translations=with_flag_codes(briefing.translations, codes)),
                     [one.page for one in made],
                     {one.page.path: one.problems for one in made},
                     {one.page.path: one.references for one in made},
                     {one.page.path: one.body_hash for one in made},
                     [one.gloss for one in made if one.gloss is not None],
                     sum(one.seconds for one in made) / worker_count(len(made)),
                     {one.page.path: ({}, {}, one.terms) for one in made},
                     "".join(one.characters for one in made), files, documents,
                     {one.report[0]: one.report[1] for one in made if one.report[1]})


def page_problems(pages: Mapping[str, Page], checked: Mapping[str, list[str]]) -> list[str]:
    """`check_pages(pages)`, in page order, taking the problems of the pages in `checked` (the
    article pages, checked in the workers) as found; links are checked across all pages."""
    problems: list[str] = []
    for path, page in pages.items():
        problems += checked[path] if path in checked else check_pages({path: page}, pages)
    return problems
