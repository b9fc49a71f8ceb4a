"""Per-article work after loading, one article at a time in worker processes: QA flags, the
article's page (which shows them), its word gloss data and its search files (the page's index
document and text by anchor, publish/search_source.py).

All three are per article and CPU-bound (at 1,000 articles, on one core: ~4 s of QA, ~3 s of
gloss data, ~1 s of pages). The parent builds what they share — the loaded briefing, the gloss
tables, the fact checks — before forking; each worker sends back only strings: an article's QA
codes, its page and its gloss JSON.
"""

from __future__ import annotations

import time
from pathlib import Path
from collections import ChainMap
from dataclasses import dataclass, replace
from typing import Mapping

from briefing.model import Article, Translation
from briefing.curation.assembled import Briefing
from briefing.publish.cache import ArticleCache, pickled_once
from briefing.publish.search_source import Normaliser, SearchFiles, page_search_files
from briefing.publish.workers import map_forked, worker_count
from briefing.render.article_links import Pdfs, article_pdf_path, gloss_path
from briefing.render.cedict import load_cedict
from briefing.render.core import FactChecks, factchecks_by_segment
from briefing.render.gloss import GlossTables, gloss_article, make_tables
from briefing.render.pages import article_page, check_pages
from briefing.render.structure import Page
from briefing.translation.glossary import Glossary
from briefing.translation.qa import flag_codes, flagged, with_flag_codes


@dataclass
class Annotated:
    """The briefing with each translation's QA flags, and the gloss data files."""

    briefing: Briefing
    pages: list[Page]  # the article pages, in article order
    page_problems: dict[str, list[str]]  # check_pages' problems of each article page
    gloss: dict[str, str]  # docs/-relative path → JSON text, in article order
    gloss_seconds: float  # the gloss data's share of the stage's wall time (its CPU / workers)
    search: dict[str, SearchFiles]  # each article page's search files, by the page's path


def prepare_gloss() -> None:
    """Load what every gloss table needs and no article does (CC-CEDICT, pypinyin's and
    rjieba's dictionaries, ~1.5 s): run while the seeds load, so the workers forked later inherit it
    (else it is loaded when first used)."""
    import pypinyin  # noqa: F401  # its import reads the phrase dictionaries
    import rjieba  # noqa: F401  # and the segmenter's
    load_cedict()


def gloss_tables(briefing: Briefing) -> GlossTables | None:
    """The gloss tables of this briefing (CC-CEDICT and its glossary); None leaves gloss data out."""
    return make_tables(load_cedict(), _glossary(briefing), briefing.conversion)


def _glossary(briefing: Briefing) -> Glossary | None:
    return briefing.curated.glossary if briefing.curated is not None else None


@dataclass(frozen=True)
class _Job:
    """What every article's work needs (the workers get it by the fork, see workers.py)."""

    briefing: Briefing
    tables: GlossTables | None
    factchecks: FactChecks
    translations: dict[str, Translation]  # the briefing's, under each article's flagged ones
    normaliser: Normaliser
    pdfs: Pdfs  # the PDFs the pages may link (publish/pdf_store.py)
    cache: ArticleCache | None = None
    keys: tuple[str, ...] = ()  # per article: the key of everything its work reads ("" = none)


_Result = tuple[dict[str, tuple[str, ...]], Page, list[str], str | None, float, SearchFiles]


def _annotate(job: _Job, index: int) -> _Result:
    """(QA codes by segment id, page, the page's problems, gloss JSON or None, seconds spent on
    the gloss, search files) of one article; from the cache when its inputs are unchanged."""
    briefing = job.briefing
    article: Article = briefing.articles[index]
    key = job.keys[index] if job.keys else ""
    name = Path(article.meta.source_file).stem
    codes = flag_codes(article, briefing.translations, _glossary(briefing))
    shown = replace(briefing, translations=ChainMap(flagged(briefing.translations, codes),
                                                    job.translations))
    page = article_page(shown, article, job.factchecks, job.pdfs)
    problems = check_pages({page.path: page})
    search = page_search_files(page, job.normaliser)
    data, seconds = None, 0.0
    if job.tables is not None:
        start = time.perf_counter()
        data = gloss_article(article, job.tables)
        seconds = time.perf_counter() - start
    result: _Result = (codes, page, problems, data, seconds, search)
    if job.cache is not None and key:
        return pickled_once(result, job.cache.put(name, "page", key, result))
    return result


def _cached(cache: ArticleCache | None, article: Article, key: str) -> _Result | None:
    """An article's page work from the cache, when its inputs are unchanged."""
    if cache is None or not key:
        return None
    found = cache.get(Path(article.meta.source_file).stem, "page", key)
    if isinstance(found, tuple) and len(found) == 6:
        return found[0], found[1], found[2], found[3], 0.0, found[5]
    return None


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


def annotate_articles(briefing: Briefing, normaliser: Normaliser, pdfs: Pdfs = frozenset(),
                      cache: ArticleCache | None = None, keys: tuple[str, ...] = ()) -> Annotated:
    """QA flags on every translation, every article's page, gloss data and search files, in
    worker processes when there are many articles (results in article order, whatever the
    worker count); an article whose inputs are unchanged (`keys`, work_keys) from the cache."""
    hits = [_cached(cache, a, key) for a, key in zip(briefing.articles, keys or [""] * len(briefing.articles))]
    todo = [i for i, hit in enumerate(hits) if hit is None]  # the rest is read here, no worker needed
    tables = gloss_tables(briefing) if todo else None  # CC-CEDICT's tables: only for work to do
    job = _Job(briefing, tables, factchecks_by_segment(briefing.curated),
               dict(briefing.translations), normaliser, pdfs, cache, keys)
    made = iter(map_forked(_annotate, todo, job) if todo else [])
    results = [hit if hit is not None else next(made) for hit in hits]
    codes: dict[str, tuple[str, ...]] = {}
    for found, *_ in results:
        codes.update(found)
    articles = briefing.articles
    pages = [page for _, page, *_ in results]
    problems = {page.path: found for page, (_, _, found, *_) in zip(pages, results)}
    gloss = {gloss_path(a.slug): r[3] for a, r in zip(articles, results) if r[3] is not None}
    seconds = sum(r[4] for r in results) / worker_count(len(articles))
    search = {page.path: r[5] for page, r in zip(pages, results)}
    return Annotated(replace(briefing, translations=with_flag_codes(briefing.translations, codes)),
                     pages, problems, gloss, seconds, search)


def page_problems(pages: Mapping[str, Page], checked: Mapping[str, list[str]]) -> list[str]:
    """`check_pages(pages)`, in page order, taking the problems of the pages in `checked` (the
    article pages, checked in the workers) as found; links are checked across all pages."""
    problems: list[str] = []
    for path, page in pages.items():
        problems += checked[path] if path in checked else check_pages({path: page}, pages)
    return problems
