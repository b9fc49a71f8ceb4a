"""Assembling the whole `Briefing`: articles from their seeds, English from the memory, the curated layer."""

from __future__ import annotations

from pathlib import Path

from briefing.config import Project
from briefing.curation.curated import load_curated
from briefing.errors import InputError
from briefing.model import Article, Briefing, Translation
from briefing.sources.articles import checked_articles, load_article
from briefing.sources.ingest import find_seeds
from briefing.translation.memory import read_tm, resolve, tm_path


# Below this many seeds, starting worker processes costs more than it saves (measured: 1,000
# seeds with their memory load in 8.3 s on one core, 4.5 s on two).
PARALLEL_MIN = 150


def _load_with_memory(path: Path, tm_dir: Path) -> tuple[Article | None, dict[str, Translation], str, str]:
    """(article, its translations, seed problem, memory problem) for one seed; runs in a worker."""
    try:
        article = load_article(path)
    except InputError as exc:
        return None, {}, str(exc), ""
    try:
        return article, resolve(article, read_tm(tm_path(tm_dir, article.slug))), "", ""
    except InputError as exc:
        return article, {}, "", str(exc)


def _map_seeds(paths: list[Path], tm_dir: Path) -> list[tuple[Article | None, dict[str, Translation], str, str]]:
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
    loaded = _map_seeds(find_seeds(project.seeds_dir), project.tm_dir)
    articles = checked_articles(project, [a for a, _, _, _ in loaded if a is not None],
                        [seed for _, _, seed, _ in loaded if seed])
    memory_problems = [tm for _, _, _, tm in loaded if tm]
    if memory_problems:
        raise InputError(memory_problems[0])  # the first damaged file, as a sequential read would
    translations: dict[str, Translation] = {}
    for _, found, _, _ in loaded:
        translations.update(found)
    return Briefing(title_en=project.title_en, title_zh=project.title_zh, articles=articles,
                    translations=translations, curated=load_curated(project, articles))
