"""QA flags and word gloss data for every article, one article at a time in worker processes.

Both are per article and CPU-bound (at 1,000 articles: ~4 s of QA, ~3 s of gloss data on one
core). The parent builds what they share — the loaded briefing, the gloss tables — before
forking; each worker sends back only strings: an article's QA codes and its gloss JSON.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from briefing.model import Article, Briefing
from briefing.publish.workers import map_forked, worker_count
from briefing.render.article_links import gloss_path
from briefing.render.cedict import load_cedict
from briefing.render.gloss import GlossTables, gloss_article, make_tables
from briefing.translation.glossary import Glossary
from briefing.translation.qa import flag_codes, with_flag_codes


@dataclass
class Annotated:
    """The briefing with each translation's QA flags, and the gloss data files."""

    briefing: Briefing
    gloss: dict[str, str]  # docs/-relative path → JSON text, in article order
    gloss_seconds: float  # the gloss data's share of the stage's wall time (its CPU / workers)


def prepare_gloss() -> None:
    """Load what every gloss table needs and no article does (CC-CEDICT, pypinyin's
    dictionaries, ~2 s): run while the seeds load, so the workers forked later inherit it."""
    import pypinyin  # noqa: F401  # its import reads the phrase dictionaries
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


_job: _Job | None = None


def _annotate(index: int) -> tuple[dict[str, tuple[str, ...]], str | None, float]:
    """(QA codes by segment id, gloss JSON or None, seconds spent on the gloss) of one article."""
    assert _job is not None
    briefing = _job.briefing
    article: Article = briefing.articles[index]
    codes = flag_codes(article, briefing.translations, _glossary(briefing))
    if _job.tables is None:
        return codes, None, 0.0
    start = time.perf_counter()
    data = gloss_article(article, _job.tables)
    return codes, data, time.perf_counter() - start


def annotate_articles(briefing: Briefing) -> Annotated:
    """QA flags on every translation and every article's gloss data, in worker processes when
    there are many articles (results in article order, whatever the worker count)."""
    global _job
    _job = _Job(briefing, gloss_tables(briefing))
    try:
        results = map_forked(_annotate, range(len(briefing.articles)))
    finally:
        _job = None
    codes: dict[str, tuple[str, ...]] = {}
    for found, _, _ in results:
        codes.update(found)
    gloss = {gloss_path(a.slug): data for a, (_, data, _) in zip(briefing.articles, results)
             if data is not None}
    seconds = sum(s for _, _, s in results) / worker_count(len(briefing.articles))
    return Annotated(replace(briefing, translations=with_flag_codes(briefing.translations, codes)),
                     gloss, seconds)
