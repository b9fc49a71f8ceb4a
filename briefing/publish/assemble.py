"""Assembling the whole `Briefing`: articles from their seeds, English from the memory, the curated layer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from briefing.config import Project
from briefing.curation.curated import load_curated
from briefing.editor_yaml import collect, raise_problems
from briefing.errors import BriefingError
from briefing.model import Article, Translation
from briefing.curation.assembled import Briefing
from briefing.publish.cache import ArticleCache, pickled_once
from briefing.publish.workers import map_forked
from briefing.sources.articles import checked_articles, load_article, load_seeds
from briefing.sources.ingest import MAX_SEED_BYTES, find_seeds
from briefing.sources.names import project_conversion
from briefing.sources.script import Conversion
from briefing.translation.memory import read_tm, resolve, tm_path


# (the article and its translations, seed problems, memory problems, the key of its inputs)
_Loaded = tuple[tuple[Article, dict[str, Translation]] | None, list[str], list[str], str]


@dataclass(frozen=True)
class _Loading:
    """What every seed's loading needs."""

    tm_dir: Path
    cache: ArticleCache | None
    conversion: Conversion  # the project's (sources/names.py): each article's other script


def _inputs_key(job: _Loading, path: Path) -> tuple[str, str]:
    """The key of a seed's inputs (its bytes, its .yml, its memory file) and the slug whose
    memory file it covers; ("", "") without a cache. The memory file is named by the slug the
    .yml gives, or by the seed's name; a seed whose slug comes from elsewhere is keyed again
    once loaded (_load_with_memory)."""
    if job.cache is None:
        return "", ""
    seed, yml = job.cache.read(path, MAX_SEED_BYTES), job.cache.read(path.with_suffix(".yml"))
    slug = _slug_in(yml) or path.stem.split("_", 1)[-1]
    return _key(job.cache, path, seed, yml, slug, job.tm_dir), slug


def _key(cache: ArticleCache, path: Path, seed: bytes, yml: bytes, slug: str, tm_dir: Path) -> str:
    return cache.key(path.name, seed, yml, slug, cache.read(tm_path(tm_dir, slug)))


def _slug_in(yml: bytes) -> str:
    for line in yml.decode("utf-8", "replace").splitlines():
        if line.startswith("slug:"):
            return line[5:].strip().strip("'\"")
    return ""


BATCH = 32  # seeds a worker loads together (sources/articles.load_seeds: faster than one by one)


def _load_batch(job: _Loading, paths: tuple[Path, ...]) -> list[_Loaded]:
    """Some seeds' loads, each from the cache when its inputs are unchanged, the others built
    together; runs in a worker (each worker reads and hashes its own seeds' inputs: the parent
    would do it for all, on one core)."""
    keyed = [_inputs_key(job, path) for path in paths]  # before reading: a change meanwhile is a miss next time
    loaded = [_cached(job, path, key) for path, (key, _) in zip(paths, keyed)]
    todo = [i for i, hit in enumerate(loaded) if hit is None]
    built = iter(_articles(job, [paths[i] for i in todo]))
    return [hit if hit is not None else _with_memory(job, path, *keyed[i], next(built))
            for i, (path, hit) in enumerate(zip(paths, loaded))]


def _articles(job: _Loading, paths: list[Path]) -> list[Article | BriefingError]:
    """The seeds' articles, or each one's error in its place."""
    try:
        return list(load_seeds(paths, job.conversion))
    except BriefingError:  # a problem load_seeds does not put in its place: each seed alone
        return [_article(path, job.conversion) for path in paths]


def _article(path: Path, conversion: Conversion) -> Article | BriefingError:
    try:
        return load_article(path, conversion)
    except BriefingError as exc:
        return exc


def _with_memory(job: _Loading, path: Path, key: str, slug: str, article: Article | BriefingError) -> _Loaded:
    """(article and its translations, seed problems, memory problems, the key of its inputs)
    for one seed. `key`: the key of its inputs and `slug` the one that key assumed
    (_inputs_key). What a clean load gives is kept in the cache under that key."""
    if isinstance(article, BriefingError):
        return None, _problems(article), [], ""
    tm = tm_path(job.tm_dir, article.slug)
    try:
        translations = resolve(article, read_tm(tm, keep_lines=False))  # the build never writes memory
    except BriefingError as exc:
        return (article, {}), [], _problems(exc), ""
    loaded = (article, translations)
    if job.cache is not None:
        if article.slug != slug:  # the memory file is another's than the key assumed
            key = _key(job.cache, path, job.cache.read(path, MAX_SEED_BYTES), job.cache.read(path.with_suffix(".yml")),
                       article.slug, job.tm_dir)
        loaded = pickled_once(loaded, job.cache.put(path.stem, "loaded", key, loaded))
    return loaded, [], [], key


def _cached(job: _Loading, path: Path, key: str) -> _Loaded | None:
    """A seed's load from the cache under `key`; None when not cached."""
    if job.cache is None or not key:
        return None
    stored = job.cache.get_pickled(path.stem, "loaded", key)
    found = stored[0] if stored is not None else None
    if stored is None or not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], Article)):
        return None
    return pickled_once(found, stored[1]), [], [], key


def _problems(exc: BriefingError) -> list[str]:
    """The problems of `exc`, one string each (picklable across worker processes)."""
    found: list[str] = []
    collect(found, exc)
    return found


def load_briefing(project: Project, meanwhile: Callable[[], None] = lambda: None) -> Briefing:
    """The whole briefing in memory: articles, translations (and curated data, when present).
    Seeds and their memory are read in worker processes when there are many; `meanwhile`
    (preparation for later that needs no article) runs in this process while they do."""
    return load_keyed(project, None, meanwhile)[0]


def load_keyed(project: Project, cache: ArticleCache | None,
               meanwhile: Callable[[], None] = lambda: None) -> tuple[Briefing, dict[str, str]]:
    """`load_briefing`, through the per-seed cache (publish/cache.py) when one is given, and the
    key of each article's inputs (seed, .yml, memory file; "" without a cache) by slug."""
    conversion = project_conversion(project)
    seeds = find_seeds(project.seeds_dir)
    job = _Loading(project.tm_dir, cache, conversion)
    batches = [tuple(seeds[i:i + BATCH]) for i in range(0, len(seeds), BATCH)]
    loaded = [one for batch in map_forked(_load_batch, batches, job, meanwhile, size=len(seeds)) for one in batch]
    if cache is not None:
        cache.keep_only(p.stem for p in seeds)
    problems = [p for _, seed, tm, _ in loaded for p in seed + tm]
    articles: tuple[Article, ...] = ()
    good = [pair[0] for pair, _, _, _ in loaded if pair is not None]
    try:  # every problem of the run in one report: seeds, memory, glossary and curation
        if good or not problems:
            articles = checked_articles(project, good, [])
    except BriefingError as exc:
        collect(problems, exc)
    curated = None
    if articles and not any(seed for _, seed, _, _ in loaded):  # curation cites every article
        try:
            curated = load_curated(project, articles)
        except BriefingError as exc:
            collect(problems, exc)
    raise_problems(problems, "the briefing has problems", hint="fix each of them, then run again")
    translations: dict[str, Translation] = {}
    for pair, _, _, _ in loaded:
        if pair is not None:
            translations.update(pair[1])
    return Briefing(title_en=project.title_en, title_zh=project.title_zh, articles=articles,
                    translations=translations, curated=curated, conversion=conversion), \
        {pair[0].slug: key for pair, _, _, key in loaded if pair is not None}
