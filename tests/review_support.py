"""A review project for the tests: the sample briefing with one article's English turned back
into machine drafts (and a few segments left without English or made stale), as an editor
finds an article after `briefing translate`."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "merics-inference-open-source"  # the sample's shortest article (Simplified)
FIXTURE_ENGINE, FIXTURE_MODEL = "fixture", "test drafts"  # never an engine's output: test data


def copy_sample(dest: Path) -> Path:
    """The sample project's inputs (seeds, memory, curation, config) under `dest`."""
    for name in ("seeds", "translations", "curation", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name)
    for name in ("mkdocs.yml", "briefing.yml"):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, dest / name)
    (dest / "docs").mkdir(exist_ok=True)
    for name in ("about.md", "method.md", "assets"):
        src = ROOT / "docs" / name
        if src.is_dir():
            shutil.copytree(src, dest / "docs" / name)
        elif src.is_file():
            shutil.copy2(src, dest / "docs" / name)
    return dest


def draft_of(english: str, i: int) -> str:
    """A 'machine draft' of an editor's English: every third one worse (articles dropped)."""
    if i % 3 == 1:
        return " ".join(w for w in english.split(" ") if w.lower() not in ("the", "a", "an"))
    return english


def make_review_project(dest: Path, *, pending: int = 2, stale: bool = True) -> Path:
    """The sample under `dest`, with ARTICLE's English as machine drafts: its last `pending`
    segments without English, and (when `stale`) one segment whose English was written for an
    earlier original."""
    from briefing.model import Status
    from briefing.sources.articles import load_articles
    from briefing.config import load_project
    from briefing.translation.memory import entry_for, read_tm, reading_order, resolve, tm_path, write_tm
    copy_sample(dest)
    project = load_project(dest)
    article = next(a for a in load_articles(project) if a.slug == ARTICLE)
    path = tm_path(project.tm_dir, ARTICLE)
    shown = resolve(article, read_tm(path))
    segments = article.segments()
    entries = []
    for i, seg in enumerate(segments[:len(segments) - pending]):
        entries.append(entry_for(seg, draft_of(shown[seg.id].en, i), Status.MACHINE,
                                 FIXTURE_ENGINE, FIXTURE_MODEL, "2026-01-05"))
    if stale:  # the third sentence's English was written for a slightly different original
        seg = segments[3]
        old = replace(seg, source=seg.source[:-1] + "，据报道。")
        entries[3] = entry_for(old, shown[seg.id].en, Status.EDITOR, "editor", date="2025-12-01")
    write_tm(path, ARTICLE, entries, reading_order(article))
    return dest
