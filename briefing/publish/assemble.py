"""Assembling the whole `Briefing`: articles from their seeds, English from the memory, the curated layer."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from briefing.config import Project
from briefing.curation.curated import load_curated
from briefing.editor_yaml import collect, raise_problems
from briefing.errors import BriefingError
from briefing.model import Article, Briefing, Translation
from briefing.publish.workers import map_forked
from briefing.sources.articles import checked_articles, load_article
from briefing.sources.ingest import find_seeds
from briefing.sources.names import use_project_conversion
from briefing.translation.memory import read_tm, resolve, tm_path


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


def load_briefing(project: Project, meanwhile: Callable[[], None] = lambda: None) -> Briefing:
    """The whole briefing in memory: articles, translations (and curated data, when present).
    Seeds and their memory are read in worker processes when there are many; `meanwhile`
    (preparation for later that needs no article) runs in this process while they do."""
    use_project_conversion(project)  # before the workers fork: they inherit it
    loaded = map_forked(partial(_load_with_memory, tm_dir=project.tm_dir), find_seeds(project.seeds_dir),
                        meanwhile)
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
