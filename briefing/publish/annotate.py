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
from collections import ChainMap
from dataclasses import dataclass, replace
from typing import Mapping

from briefing.model import Article, Briefing, Translation
from briefing.publish.search_source import Normaliser, SearchFiles, page_search_files
from briefing.publish.workers import map_forked, worker_count
from briefing.render.article_links import Pdfs, gloss_path
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
    import rjieba  # type: ignore[import-not-found]  # noqa: F401  # and the segmenter's
    load_cedict()


def gloss_tables(briefing: Briefing) -> GlossTables | None:
    """The gloss tables of this briefing (CC-CEDICT and its glossary); None leaves gloss data out."""
    return make_tables(load_cedict(), _glossary(briefing))


def _glossary(briefing: Briefing) -> Glossary | None:
    return briefing.curated.glossary if briefing.curated is not None else None


@dataclass
class _Job:
    """What the workers inherit (set before they fork)."""

    briefing: Briefing
    tables: GlossTables | None
    factchecks: FactChecks
    translations: dict[str, Translation]  # the briefing's, under each article's flagged ones
    normaliser: Normaliser
    pdfs: Pdfs  # the PDFs the pages may link (publish/pdf_store.py)


_job: _Job | None = None
_Result = tuple[dict[str, tuple[str, ...]], Page, list[str], str | None, float, SearchFiles]


def _annotate(index: int) -> _Result:
    """(QA codes by segment id, page, the page's problems, gloss JSON or None, seconds spent on
    the gloss, search files) of one article."""
    assert _job is not None
    briefing = _job.briefing
    article: Article = briefing.articles[index]
    codes = flag_codes(article, briefing.translations, _glossary(briefing))
    shown = replace(briefing, translations=ChainMap(flagged(briefing.translations, codes),
                                                    _job.translations))
    page = article_page(shown, article, _job.factchecks, _job.pdfs)
    problems = check_pages({page.path: page})
    search = page_search_files(page, _job.normaliser)
    if _job.tables is None:
        return codes, page, problems, None, 0.0, search
    start = time.perf_counter()
    data = gloss_article(article, _job.tables)
    return codes, page, problems, data, time.perf_counter() - start, search


def annotate_articles(briefing: Briefing, normaliser: Normaliser, pdfs: Pdfs = frozenset()) -> Annotated:
    """QA flags on every translation, every article's page, gloss data and search files, in
    worker processes when there are many articles (results in article order, whatever the
    worker count)."""
    global _job
    _job = _Job(briefing, gloss_tables(briefing), factchecks_by_segment(briefing.curated),
                dict(briefing.translations), normaliser, pdfs)
    try:
        results = map_forked(_annotate, range(len(briefing.articles)))
    finally:
        _job = None
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
