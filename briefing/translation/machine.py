"""Machine translation into the translation memory.

Engines turn a list of Chinese sentences into English, one model call per list. The
orchestration (`translate_project`) finds segments without current English, protects glossary
names, batches by length, and writes each batch's drafts to the memory as soon as it is done, so
an interrupted run keeps what finished and a rerun does only the rest. Human text is never
replaced; a stale segment gets a fresh machine draft beside the editor's old English.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol, Sequence

from briefing.translation.models import ModelInfo, require_model
from briefing.config import Project
from briefing.translation.glossary import Glossary, Protected, load_glossary, protect_original, restore
from briefing.model import Article, Segment, Status
from briefing.translation.memory import (Entry, entry_for, read_memories, merge_entries, missing_segments, read_tm, reading_order,
                 resolve, tm_lock, tm_path, write_tm)

DEFAULT_BATCH = 32
DEFAULT_BEAM = 4  # argostranslate's default


class Engine(Protocol):
    """Anything that translates Chinese sentences to English, one call per batch."""

    engine: str  # provenance: "argos", "fake", ...
    model: str  # provenance: package name + version

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """English for each sentence, in order."""
        ...


class ArgosEngine:
    """An installed Argos package's CTranslate2 model + SentencePiece model, used directly."""

    engine = "argos"

    def __init__(self, info: ModelInfo | None = None, *, beam_size: int = DEFAULT_BEAM,
                 max_decoding_length: int = 256, device: str = "cpu", inter_threads: int = 1,
                 intra_threads: int = 0, compute_type: str = "auto") -> None:
        import ctranslate2
        import sentencepiece

        info = info or require_model()
        self.info = info
        self.model = info.label
        self.beam_size = beam_size
        self.max_decoding_length = max_decoding_length
        self.translator = ctranslate2.Translator(
            str(info.path / "model"), device=device, inter_threads=inter_threads,
            intra_threads=intra_threads, compute_type=compute_type)
        self.sp = sentencepiece.SentencePieceProcessor(model_file=str(info.path / "sentencepiece.model"))
        metadata = json.loads((info.path / "metadata.json").read_text(encoding="utf-8"))
        prefix = metadata.get("target_prefix") or ""
        self.target_prefix = [prefix] if prefix else None
        self._pieces: dict[str, list[str]] = {}

    def encode(self, sentences: Sequence[str]) -> list[list[str]]:
        cache = self._pieces
        return [cache.pop(s) if s in cache else self.sp.encode(s, out_type=str) for s in sentences]

    def lengths(self, sentences: Sequence[str]) -> list[int]:
        """Token counts, for batching by length (the pieces are kept for `translate`)."""
        for s in sentences:
            if s not in self._pieces:
                self._pieces[s] = self.sp.encode(s, out_type=str)
        return [len(self._pieces[s]) for s in sentences]

    def decode(self, pieces: list[str]) -> str:
        if self.target_prefix and pieces[:1] == self.target_prefix:
            pieces = pieces[1:]
        return self.sp.decode(pieces).strip()

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """One `translate_batch` call for the whole list (callers batch by length)."""
        if not sentences:
            return []
        tokens = self.encode(sentences)
        results = self.translator.translate_batch(
            tokens, beam_size=self.beam_size, max_batch_size=0, replace_unknowns=True,
            length_penalty=0.2, max_decoding_length=self.max_decoding_length,
            target_prefix=[self.target_prefix] * len(tokens) if self.target_prefix else None)
        return [self.decode(r.hypotheses[0]) for r in results]


class FakeEngine:
    """A deterministic stand-in for tests: keeps the Latin words and numbers of its input
    (so glossary placeholders survive) and can fail after some batches."""

    engine = "fake"

    def __init__(self, model: str = "fake 1.0", fail_after: int | None = None) -> None:
        self.model = model
        self.fail_after = fail_after
        self.calls: list[list[str]] = []

    def translate(self, sentences: Sequence[str]) -> list[str]:
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise RuntimeError("fake engine: simulated failure")
        self.calls.append(list(sentences))
        return [" ".join(["EN"] + re.findall(r"[A-Za-z0-9.%]+", s)) for s in sentences]


# ---------------------------------------------------------------- planning (pure)

@dataclass(frozen=True)
class Job:
    """One segment to translate, with its protected source."""

    article: Article
    segment: Segment
    protected: Protected


def plan_jobs(article: Article, entries: Iterable[Entry], glossary: Glossary) -> list[Job]:
    """Segments of `article` lacking current English (stale ones included), names protected.

    Names are protected in the author's text; the model then reads it in Simplified script
    (Argos zh models are trained on Simplified Chinese)."""
    shown = resolve(article, entries)
    unique: dict[str, Segment] = {}
    for seg in missing_segments(article, shown):
        unique.setdefault(seg.hash, seg)  # a repeated sentence is translated once
    return [Job(article, seg, protect_original(seg.source, article.script, glossary))
            for seg in unique.values()]


def plan_batches(jobs: Sequence[Job], batch_size: int,
                 lengths: Sequence[int] | None = None) -> list[list[Job]]:
    """Jobs sorted by length (model tokens when known, else characters) and cut into batches:
    similar lengths waste less padding and fewer decoding steps."""
    sizes = list(lengths) if lengths is not None else [len(j.protected.text) for j in jobs]
    ordered = [j for _, _, j in sorted(zip(sizes, range(len(jobs)), jobs), key=lambda t: t[:2])]
    return [ordered[i:i + batch_size] for i in range(0, len(ordered), max(1, batch_size))]


def prune_machine(entries: Sequence[Entry], article: Article) -> list[Entry]:
    """Drop machine drafts of source text that no longer occurs in the article (human text stays)."""
    current = {s.hash for s in article.segments()}
    return [e for e in entries if e.status.is_human or e.hash in current]


# ---------------------------------------------------------------- running

@dataclass
class TranslateReport:
    segments: int = 0  # segments in the project
    pending: int = 0  # lacking current English when the run started
    translated: int = 0  # machine drafts written
    empty: int = 0  # model returned nothing; left pending
    batches: int = 0
    model: str = ""
    by_article: dict[str, int] = field(default_factory=dict)


class _MemoryWriter:
    """The memory of every article, kept in step with its files; `flush` writes changed ones."""

    def __init__(self, project: Project, articles: Sequence[Article]) -> None:
        self.project = project
        self.articles = {a.slug: a for a in articles}
        self.orders = {a.slug: reading_order(a) for a in articles}
        self.memory = read_memories(project.tm_dir, self.articles)  # every damaged file at once
        self.dirty: set[str] = set()

    def add(self, slug: str, new: list[Entry]) -> None:
        self.memory[slug] = prune_machine(merge_entries(self.memory[slug], new), self.articles[slug])
        self.dirty.add(slug)

    def flush(self) -> None:
        for slug in sorted(self.dirty):
            write_tm(tm_path(self.project.tm_dir, slug), slug, self.memory[slug], self.orders[slug])
        self.dirty.clear()


def _drafts(batch: Sequence[Job], outputs: Sequence[str], engine: Engine, today: str,
            report: TranslateReport) -> dict[str, list[Entry]]:
    """Memory entries for one translated batch, by article; empty English stays pending."""
    fresh: dict[str, list[Entry]] = {}
    for job, out in zip(batch, outputs):
        en = restore(out, job.protected)
        if not en.strip():
            report.empty += 1  # the memory refuses empty English
            continue
        fresh.setdefault(job.article.slug, []).append(
            entry_for(job.segment, en, Status.MACHINE, engine.engine, engine.model, today))
    return fresh


def translate_project(project: Project, engine: Engine | None = None, *,
                      articles: Sequence[Article] | None = None, glossary: Glossary | None = None,
                      batch_size: int = DEFAULT_BATCH, today: str | None = None,
                      make_engine: Callable[[], Engine] | None = None,
                      progress: Callable[[int, int], None] | None = None,
                      flush_every: float = 1.0) -> TranslateReport:
    """Fill every segment lacking current English with a machine draft, batch by batch.

    Finished batches reach the memory files at once, at most every `flush_every` seconds
    (a fast model would spend its time rewriting YAML otherwise), and always when the run ends
    or is interrupted. The engine is made only when something needs translating, so a complete
    memory never needs a model. `progress(done, total)` is called before and after each batch."""
    if articles is None:
        from briefing.sources.articles import load_articles
        articles = load_articles(project)
    if glossary is None:
        glossary = load_glossary(project.glossary_file)
    today = today or _dt.date.today().isoformat()
    report = TranslateReport(segments=sum(len(a.segments()) for a in articles))
    with tm_lock(project.tm_dir):
        writer = _MemoryWriter(project, articles)
        jobs = [job for a in articles for job in plan_jobs(a, writer.memory[a.slug], glossary)]
        report.pending = len(jobs)
        if not jobs:
            return report
        if engine is None:
            engine = make_engine() if make_engine else ArgosEngine()
        report.model = engine.model
        done, last_flush = 0, time.monotonic()
        if progress is not None:
            progress(0, len(jobs))
        try:
            measure = getattr(engine, "lengths", None)
            texts = [j.protected.text for j in jobs]
            for batch in plan_batches(jobs, batch_size, measure(texts) if measure else None):
                outputs = engine.translate([j.protected.text for j in batch])
                report.batches += 1
                for slug, new in _drafts(batch, outputs, engine, today, report).items():
                    writer.add(slug, new)
                    report.translated += len(new)
                    report.by_article[slug] = report.by_article.get(slug, 0) + len(new)
                if time.monotonic() - last_flush >= flush_every:
                    writer.flush()
                    last_flush = time.monotonic()
                done += len(batch)
                if progress is not None:
                    progress(done, len(jobs))
        finally:
            writer.flush()  # an error or Ctrl-C keeps every finished batch
    return report
