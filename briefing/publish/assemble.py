"""Assembling the whole `Briefing`: articles from their seeds, English from the memory, the curated layer."""

from __future__ import annotations

from pathlib import Path

from briefing.config import Project
from briefing.curation.curated import load_curated
from briefing.editor_yaml import collect, raise_problems
from briefing.errors import BriefingError
from briefing.model import Article, Briefing, Translation
from briefing.sources.articles import checked_articles, load_article
from briefing.sources.ingest import find_seeds
from briefing.sources.names import use_project_conversion
from briefing.translation.memory import read_tm, resolve, tm_path


# Below this many seeds, starting worker processes costs more than it saves (measured: 1,000
# seeds with their memory load in 8.3 s on one core, 4.5 s on two).
PARALLEL_MIN = 150


def _load_with_memory(path: Path, tm_dir: Path) -> tuple[Article | None, dict[str, Translation], list[str], list[str]]:
    """(article, its translations, seed problem, memory problem) for one seed; runs in a worker."""
    try:
        article = load_article(path)
    except BriefingError as exc:
        return None, {}, _problems(exc), []
    try:
        return article, resolve(article, read_tm(tm_path(tm_dir, article.slug))), [], []
    except BriefingError as exc:
        return article, {}, [], _problems(exc)


def _problems(exc: BriefingError) -> list[str]:
    """The problems of `exc`, one string each (picklable across worker processes)."""
    found: list[str] = []
    collect(found, exc)
    return found


def _map_seeds(paths: list[Path], tm_dir: Path) -> list[tuple[Article | None, dict[str, Translation], list[str], list[str]]]:
    import os
    import threading
    workers = min(os.cpu_count() or 1, 4)
    # fork only from a single-threaded process (not from `mkdocs serve`'s threads)
    if len(paths) < PARALLEL_MIN or workers < 2 or threading.active_count() > 1:
        return [_load_with_memory(p, tm_dir) for p in paths]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(partial(_load_with_memory, tm_dir=tm_dir), paths,
                             chunksize=max(1, len(paths) // (workers * 8))))


def load_briefing(project: Project) -> Briefing:
    """The whole briefing in memory: articles, translations (and curated data, when present).
    Seeds and their memory are read in worker processes when there are many."""
    use_project_conversion(project)  # before the workers fork: they inherit it
    loaded = _map_seeds(find_seeds(project.seeds_dir), project.tm_dir)
    problems = [p for _, _, seed, tm in loaded for p in seed + tm]
    articles: tuple[Article, ...] = ()
    good = [a for a, _, _, _ in loaded if a is not None]
    try:  # every problem of the run in one report: seeds, memory, glossary and curation
        if good or not problems:
            articles = checked_articles(project, good, [])
    except BriefingError as exc:
        collect(problems, exc)
    curated = None
    if articles and not any(seed for _, _, seed, _ in loaded):  # curation cites every article
        try:
            curated = load_curated(project, articles)
        except BriefingError as exc:
            collect(problems, exc)
    raise_problems(problems, "the briefing has problems", hint="fix each of them, then run again")
    translations: dict[str, Translation] = {}
    for _, found, _, _ in loaded:
        translations.update(found)
    return Briefing(title_en=project.title_en, title_zh=project.title_zh, articles=articles,
                    translations=translations, curated=curated)
