"""Make a synthetic briefing project of N articles from the sample seeds' paragraphs, for
benchmarks and the tests at scale.

Each article mixes paragraphs of the five seeds (deterministic per seed number), gets metadata
with a date spread over a year and outlets from a small set, and a translation memory whose
entries carry engine `synthetic` (benchmark fixtures): each sentence's English is the sample's
editor English for the same seed sentence, so the English column reads (and is searched) like
a real briefing's; a sentence without one (the made-up title) gets a short placeholder.

    .venv/bin/python -m briefing.testing.synthetic 1000 /tmp/bench-1000

It reads the sample project of the repository this package is checked out in (ROOT).
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

from briefing.sources.script import Conversion
from briefing.model import Article, ArticleMeta, Status
from briefing.sources.articles import build_article
from briefing.sources.ingest import read_meta, read_seed
from briefing.translation.memory import entry_for, read_tm, reading_order, resolve, tm_path, write_tm

ROOT = Path(__file__).resolve().parents[2]


def fresh_copy(pristine: Path, dest: Path) -> Path:
    """A copy of the project `pristine` as if never built (the untimed set-up of a benchmark's
    full build); `dest` is replaced."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(pristine, dest, symlinks=True)
    return dest

OUTLETS = ["Outlet A", "Outlet B", "Outlet C", "Outlet D", "Outlet E", "Outlet F"]


def _sample_articles() -> list[Article]:
    """The sample seeds, cleaned and segmented (characters-only conversion: only the source text
    is used)."""
    articles = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        meta, corrections = read_meta(path)
        articles.append(build_article(read_seed(path).text, meta, corrections, path, conversion=Conversion()))
    return articles


def seed_paragraphs(articles: list[Article] | None = None) -> list[str]:
    """Body paragraphs of the sample seeds (after cleaning), as text."""
    return ["".join(s.source for s in p.segments)
            for article in (articles if articles is not None else _sample_articles()) for p in article.paragraphs]


def seed_english(articles: list[Article] | None = None) -> dict[str, str]:
    """The sample's editor English by source sentence (from translations/)."""
    english: dict[str, str] = {}
    for article in articles if articles is not None else _sample_articles():
        found = resolve(article, read_tm(tm_path(ROOT / "translations", article.slug)))
        for seg in article.segments():
            tr = found.get(seg.id)
            if tr is not None and tr.en:
                english.setdefault(seg.source, tr.en)
    return english


def make_project(n: int, dest: Path, with_tm: bool = True, paragraphs: tuple[int, int] = (12, 30)) -> Path:
    """Write a project with `n` synthetic articles of `paragraphs` (fewest, most) paragraphs
    under `dest`; returns `dest`."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "seeds").mkdir(parents=True)
    for name in ("mkdocs.yml", "briefing.yml"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, dest / name)
    if (ROOT / "overrides").exists():  # the theme's custom_dir
        shutil.copytree(ROOT / "overrides", dest / "overrides",
                        ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "docs").exists():
        shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns(
            "articles", "index.md", "timeline", "glossary", "months", ".briefing-manifest.json",
            "feed.xml", "gloss", "search", "i18n"))
    sample = _sample_articles()  # cleaned once for both
    paras = seed_paragraphs(sample)
    english = seed_english(sample) if with_tm else {}
    for i in range(n):
        rng = random.Random(i)
        body = rng.sample(paras, k=min(len(paras), rng.randint(*paragraphs)))
        title = f"合成文章{i:04d}:" + body[0][:18].rstrip("，,。")
        text = title + "\n\n" + "\n\n".join(body) + "\n"
        stem = f"{i:04d}_synthetic"
        (dest / "seeds" / f"{stem}.txt").write_text(text, encoding="utf-8")
        month = 1 + i % 12
        day = 1 + (i * 7) % 28
        (dest / "seeds" / f"{stem}.yml").write_text(
            f"slug: synthetic-{i:04d}\ntitle_zh: \"{title}\"\noutlet: {OUTLETS[i % len(OUTLETS)]}\n"
            f"published: \"2025-{month:02d}-{day:02d}\"\nprecision: day\n", encoding="utf-8")
        if with_tm:
            meta = ArticleMeta(slug=f"synthetic-{i:04d}", source_file=f"{stem}.txt", title_zh=title)
            article = build_article(text, meta, conversion=Conversion())
            # a sentence without the sample's English: a placeholder naming no segment id (the
            # build refuses reader-facing text that cites one: render/internal_refs.py)
            entries = [entry_for(s, english.get(s.source, f"Synthetic article {i:04d}, sentence {k}"),
                                 Status.EDITOR, "synthetic", date="2026-01-01")
                       for k, s in enumerate(article.segments(), start=1)]
            write_tm(tm_path(dest / "translations", article.slug), article.slug, entries,
                     reading_order(article))
    return dest


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out = make_project(int(sys.argv[1]), Path(sys.argv[2]))
    print(out)
