"""Machine translation into the translation memory.

Engines turn a list of Chinese sentences into English, one model call per list. The
orchestration (`translate_project`) finds segments without current English, protects glossary
names, splits segments too long for the model at clause punctuation, batches by token length
with a decoding cap per batch, checks the placeholders that come back (retranslating without
protection when one is lost, duplicated or invented), and writes each batch's drafts to the
memory as soon as it is done, with what the run noticed (`truncated`, `split-clauses`,
`placeholder`) as flags: an interrupted run keeps what finished and a rerun does only the rest.
Human text is never replaced; a stale segment gets a fresh machine draft beside the editor's
old English.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator, Protocol, Sequence

from briefing.config import MTSettings, Project
from briefing.errors import BriefingError
from briefing.model import Article, Segment, Status
from briefing.translation.glossary import (Glossary, Protected, load_glossary, placeholder_problems,
                                           protect_original, restore)
from briefing.translation.memory import (Entry, entry_for, merge_entries, missing_segments, read_memories,
                                         reading_order, resolve, tm_lock, tm_path, write_tm)
from briefing.translation.models import ModelInfo, require_model
from briefing.translation.qa import PLACEHOLDER, SPLIT, TRUNCATED

DEFAULT_BATCH = MTSettings.batch_size
DEFAULT_BEAM = MTSettings.beam_size  # argostranslate's default
WRITE_SHARE = 0.02  # most of a run's time that saving finished batches may take


class Engine(Protocol):
    """Anything that translates Chinese sentences to English, one call per batch."""

    engine: str  # provenance: "argos", "fake", ...
    model: str  # provenance: package name + version

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """English for each sentence, in order."""
        ...


@dataclass(frozen=True)
class Draft:
    """One model output: the English, and whether decoding stopped at the cap instead of EOS."""

    text: str
    cut: bool = False


def choose_device(requested: str) -> str:
    """"auto" is cuda when CTranslate2 sees a GPU, else cpu."""
    import ctranslate2

    if requested != "auto":
        return requested
    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


def choose_compute_type(device: str, requested: str) -> str:
    """"auto" is int8 on CPU where this CTranslate2 build supports it (int8_float16 on GPU):
    a float model is quantised at load, ~2-3x faster with a small quality cost."""
    import ctranslate2

    if requested != "auto":
        return requested
    supported = ctranslate2.get_supported_compute_types(device)
    wanted = "int8" if device == "cpu" else "int8_float16"
    return wanted if wanted in supported else "default"


class ArgosEngine:
    """An installed Argos package's CTranslate2 model + SentencePiece model, used directly."""

    engine = "argos"

    def __init__(self, info: ModelInfo | None = None, *, settings: MTSettings | None = None,
                 **overrides: object) -> None:
        import ctranslate2
        import sentencepiece

        info = info or require_model()
        self.info = info
        self.model = info.label
        self.settings = replace(settings or MTSettings(), **overrides)  # type: ignore[arg-type]
        self.device = choose_device(self.settings.device)
        self.compute_type = self.settings.compute_type
        try:  # asking for cuda without a usable GPU fails here, in either call
            self.compute_type = choose_compute_type(self.device, self.settings.compute_type)
            self.translator = ctranslate2.Translator(
                str(info.path / "model"), device=self.device, compute_type=self.compute_type,
                inter_threads=self.settings.inter_threads, intra_threads=self.settings.intra_threads)
        except (ValueError, RuntimeError) as exc:
            raise BriefingError(
                f"cannot load the model on {self.device} with compute type {self.compute_type}: {exc}",
                path=info.path, hint="try '--device cpu --compute-type auto' (or mt.device / "
                                     "mt.compute_type in briefing.yml)") from None
        self.sp = sentencepiece.SentencePieceProcessor(model_file=str(info.path / "sentencepiece.model"))
        metadata = json.loads((info.path / "metadata.json").read_text(encoding="utf-8"))
        prefix = metadata.get("target_prefix") or ""
        self.target_prefix = [prefix] if prefix else None
        self._pieces: dict[str, list[str]] = {}

    @property
    def beam_size(self) -> int:
        return self.settings.beam_size

    def encode(self, sentences: Sequence[str]) -> list[list[str]]:
        cache = self._pieces
        return [cache.pop(s) if s in cache else self.sp.encode(s, out_type=str) for s in sentences]

    def lengths(self, sentences: Sequence[str]) -> list[int]:
        """Token counts, for splitting and batching by length (pieces are kept for `translate`)."""
        for s in sentences:
            if s not in self._pieces:
                self._pieces[s] = self.sp.encode(s, out_type=str)
        return [len(self._pieces[s]) for s in sentences]

    def decode(self, pieces: list[str]) -> str:
        if self.target_prefix and pieces[:1] == self.target_prefix:
            pieces = pieces[1:]
        return self.sp.decode(pieces).strip()

    def translate_checked(self, sentences: Sequence[str]) -> list[Draft]:
        """One `translate_batch` call for the list (callers batch by length), decoding at most
        `decoding_cap(longest input)` tokens; a draft that did not reach EOS is marked cut."""
        if not sentences:
            return []
        tokens = self.encode(sentences)
        limit = self.settings.max_input_tokens
        cap = self.settings.decoding_cap(min(limit, max(len(t) for t in tokens)))
        results = self.translator.translate_batch(
            tokens, beam_size=self.settings.beam_size, max_batch_size=self.settings.batch_tokens,
            batch_type="tokens", replace_unknowns=True, length_penalty=0.2,
            max_input_length=limit, max_decoding_length=cap, return_end_token=True,
            target_prefix=[self.target_prefix] * len(tokens) if self.target_prefix else None)
        drafts = []
        for source, result in zip(tokens, results):
            pieces = list(result.hypotheses[0])
            ended = bool(pieces) and pieces[-1] == "</s>"
            if ended:
                pieces.pop()
            drafts.append(Draft(self.decode(pieces), cut=not ended or len(source) > limit))
        return drafts

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """English for each sentence (see `translate_checked`)."""
        return [d.text for d in self.translate_checked(sentences)]


def run_engine(engine: Engine, sentences: Sequence[str]) -> list[Draft]:
    """Drafts for `sentences`, with cut marks when the engine knows them."""
    checked = getattr(engine, "translate_checked", None)
    if checked is not None:
        return list(checked(sentences))
    return [Draft(text) for text in engine.translate(sentences)]


def measure_of(engine: Engine) -> Callable[[str], int]:
    """Length of a text as the engine counts it: model tokens, else characters."""
    lengths = getattr(engine, "lengths", None)
    if lengths is None:
        return len
    return lambda text: lengths([text])[0]


# ---------------------------------------------------------------- planning (pure)

@dataclass(frozen=True)
class Job:
    """One segment to translate, with its protected source (cut into parts when too long)."""

    article: Article
    segment: Segment
    protected: Protected
    parts: tuple[str, ...] = ()  # the protected text in clauses; empty: sent whole

    @property
    def texts(self) -> tuple[str, ...]:
        """What goes to the model, in order."""
        return self.parts or (self.protected.text,)

    @property
    def plain(self) -> str:
        """The unprotected source the model reads (Simplified)."""
        return self.segment.hans or self.segment.source


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


_CLAUSE_END = re.compile(r"(?<=[，；：,;:。！？!?])")
_WORD_INSIDE = re.compile(r"[A-Za-z0-9]{2}")


def split_clauses(text: str, measure: Callable[[str], int], limit: int) -> list[str]:
    """`text` whole when it fits in `limit`; else cut after clause punctuation (，；：, also 。！？),
    clauses packed greedily up to `limit`; a clause still too long is halved (never inside a
    Latin word or placeholder) until it fits. Joining the parts gives `text` back."""
    if measure(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for clause in (c for c in _CLAUSE_END.split(text) if c):
        if measure(clause) > limit:
            if current:
                parts.append(current)
                current = ""
            parts += _halve(clause, measure, limit)
        elif current and measure(current + clause) > limit:
            parts.append(current)
            current = clause
        else:
            current += clause
    if current:
        parts.append(current)
    return parts


def _halve(text: str, measure: Callable[[str], int], limit: int) -> list[str]:
    if len(text) < 2 or measure(text) <= limit:
        return [text]
    mid = len(text) // 2
    while 1 < mid and _WORD_INSIDE.fullmatch(text[mid - 1:mid + 1]):
        mid -= 1  # step back to the start of a Latin word ("XQ12", "H20")
    return _halve(text[:mid], measure, limit) + _halve(text[mid:], measure, limit)


def split_jobs(jobs: Sequence[Job], measure: Callable[[str], int], limit: int) -> list[Job]:
    """Jobs whose source exceeds `limit` tokens get their clause parts."""
    out = []
    for job in jobs:
        parts = split_clauses(job.protected.text, measure, limit)
        out.append(replace(job, parts=tuple(parts)) if len(parts) > 1 else job)
    return out


def plan_batches(jobs: Sequence[Job], batch_size: int, lengths: Sequence[int] | None = None,
                 batch_tokens: int | None = None) -> list[list[Job]]:
    """Jobs sorted by length (model tokens of their longest part when known, else characters)
    and cut into batches of at most `batch_size` model inputs and `batch_tokens` padded tokens
    (inputs × longest): similar lengths waste less padding and fewer decoding steps. A job's
    parts stay in one batch, so its English is complete when the batch is."""
    sizes = list(lengths) if lengths is not None else [max(map(len, j.texts)) for j in jobs]
    ordered = sorted(zip(sizes, range(len(jobs)), jobs), key=lambda t: t[:2])
    batches: list[list[Job]] = []
    rows = longest = 0
    for size, _, job in ordered:
        n = len(job.texts)
        if batches and (rows + n > max(1, batch_size) or
                        (batch_tokens is not None and (rows + n) * max(longest, size) > batch_tokens)):
            batches.append([])
            rows = longest = 0
        if not batches:
            batches.append([])
        batches[-1].append(job)
        rows, longest = rows + n, max(longest, size)
    return batches


def prune_machine(entries: Sequence[Entry], article: Article,
                  current: set[str] | None = None) -> list[Entry]:
    """Drop machine drafts of source text that no longer occurs in the article (human text stays).
    `current`: the article's segment hashes, when the caller already has them."""
    if current is None:
        current = {s.hash for s in article.segments()}
    return [e for e in entries if e.status.is_human or e.hash in current]


# ---------------------------------------------------------------- translating jobs

@dataclass(frozen=True)
class Result:
    """A job's English (names restored) and what the run noticed about it."""

    job: Job
    en: str  # "" when the model returned nothing
    flags: tuple[str, ...] = ()  # qa.RUN_CODES
    problems: tuple[str, ...] = ()  # placeholder damage that caused a retranslation


def _join(drafts: Sequence[Draft]) -> tuple[str, bool]:
    return " ".join(d.text.strip() for d in drafts).strip(), any(d.cut for d in drafts)


def _flags(*, placeholder: bool = False, cut: bool = False, split: bool = False) -> tuple[str, ...]:
    return tuple(code for code, on in ((PLACEHOLDER, placeholder), (TRUNCATED, cut), (SPLIT, split)) if on)


def translate_jobs(engine: Engine, batch: Sequence[Job], measure: Callable[[str], int],
                   limit: int) -> list[Result]:
    """English for one batch: one model call, plus one more for the sentences whose
    placeholders came back damaged, translated again without protection."""
    drafts = run_engine(engine, [t for job in batch for t in job.texts])
    results: dict[int, Result] = {}
    retry: list[tuple[int, Job, tuple[str, ...]]] = []
    at = 0
    for i, job in enumerate(batch):
        raw, cut = _join(drafts[at:at + len(job.texts)])
        at += len(job.texts)
        flags = _flags(cut=cut, split=len(job.texts) > 1)
        problems = tuple(placeholder_problems(raw, job.protected)) if raw else ()
        if problems:
            retry.append((i, job, problems))
        else:
            results[i] = Result(job, restore(raw, job.protected), flags)
    if retry:
        plain = [split_clauses(job.plain, measure, limit) for _, job, _ in retry]
        again = run_engine(engine, [t for parts in plain for t in parts])
        at = 0
        for (i, job, problems), parts in zip(retry, plain):
            raw, cut = _join(again[at:at + len(parts)])
            at += len(parts)
            results[i] = Result(job, raw, _flags(placeholder=True, cut=cut, split=len(parts) > 1),
                                problems)
    return [results[i] for i in range(len(batch))]


def draft_jobs(engine: Engine, jobs: Sequence[Job], settings: MTSettings, *,
               batch_size: int | None = None) -> Iterator[list[Result]]:
    """Translate `jobs` batch by batch (split, sorted and batched as `settings` say)."""
    measure = measure_of(engine)
    limit = settings.max_input_tokens
    jobs = split_jobs(jobs, measure, limit)
    lengths = [max(measure(t) for t in job.texts) for job in jobs]
    for batch in plan_batches(jobs, batch_size or settings.batch_size, lengths, settings.batch_tokens):
        yield translate_jobs(engine, batch, measure, limit)


# ---------------------------------------------------------------- running

@dataclass
class TranslateReport:
    segments: int = 0  # segments in the project
    pending: int = 0  # lacking current English when the run started
    translated: int = 0  # machine drafts written
    empty: int = 0  # model returned nothing; left pending
    batches: int = 0
    model: str = ""
    device: str = ""  # where the model ran, e.g. "cpu int8"
    by_article: dict[str, int] = field(default_factory=dict)
    flagged: dict[str, int] = field(default_factory=dict)  # run flag code -> drafts


class _MemoryWriter:
    """The memory of every article, kept in step with its files; `flush` writes changed ones."""

    def __init__(self, project: Project, articles: Sequence[Article]) -> None:
        self.project = project
        self.articles = {a.slug: a for a in articles}
        self.orders = {a.slug: reading_order(a) for a in articles}
        self.memory = read_memories(project.tm_dir, self.articles)  # every damaged file at once
        self.current = {a.slug: {s.hash for s in a.segments()} for a in articles}
        self.dirty: set[str] = set()

    def add(self, slug: str, new: list[Entry]) -> None:
        self.memory[slug] = prune_machine(merge_entries(self.memory[slug], new), self.articles[slug],
                                          self.current[slug])
        self.dirty.add(slug)

    def flush(self) -> None:
        for slug in sorted(self.dirty):
            write_tm(tm_path(self.project.tm_dir, slug), slug, self.memory[slug], self.orders[slug])
        self.dirty.clear()


def _entries(results: Sequence[Result], engine: Engine, today: str,
             report: TranslateReport) -> dict[str, list[Entry]]:
    """Memory entries for one translated batch, by article; empty English stays pending."""
    fresh: dict[str, list[Entry]] = {}
    for r in results:
        if not r.en.strip():
            report.empty += 1  # the memory refuses empty English
            continue
        for code in r.flags:
            report.flagged[code] = report.flagged.get(code, 0) + 1
        fresh.setdefault(r.job.article.slug, []).append(
            entry_for(r.job.segment, r.en, Status.MACHINE, engine.engine, engine.model, today, r.flags))
    return fresh


def describe_engine(engine: Engine) -> str:
    """Where the engine runs, e.g. "cpu, int8, beam 4" (empty for engines without a device)."""
    device = getattr(engine, "device", "")
    if not device:
        return ""
    return f"{device}, {getattr(engine, 'compute_type', '')}, beam {getattr(engine, 'beam_size', '')}"


def translate_project(project: Project, engine: Engine | None = None, *,
                      articles: Sequence[Article] | None = None, glossary: Glossary | None = None,
                      batch_size: int | None = None, settings: MTSettings | None = None,
                      today: str | None = None, make_engine: Callable[[], Engine] | None = None,
                      progress: Callable[[int, int], None] | None = None,
                      flush_every: float = 1.0) -> TranslateReport:
    """Fill every segment lacking current English with a machine draft, batch by batch.

    `settings` (default: the project's `mt:` settings) say how to batch, split and cap decoding.
    Finished batches reach the memory files at once, at most every `flush_every` seconds
    (a fast model would spend its time rewriting YAML otherwise), less often when writing is
    slow (each atomic write is fsynced: saving takes at most WRITE_SHARE of the run), and
    always when the run ends or is interrupted. The engine is made only when something needs translating, so a complete
    memory never needs a model. `progress(done, total)` is called before and after each batch."""
    if articles is None:
        from briefing.sources.articles import load_articles
        articles = load_articles(project)
    if glossary is None:
        glossary = load_glossary(project.glossary_file)
    settings = settings or project.mt
    today = today or _dt.date.today().isoformat()
    report = TranslateReport(segments=sum(len(a.segments()) for a in articles))
    with tm_lock(project.tm_dir):
        writer = _MemoryWriter(project, articles)
        jobs = [job for a in articles for job in plan_jobs(a, writer.memory[a.slug], glossary)]
        report.pending = len(jobs)
        if not jobs:
            return report
        if engine is None:
            engine = make_engine() if make_engine else ArgosEngine(settings=settings)
        report.model = engine.model
        report.device = describe_engine(engine)
        done, last_flush, interval = 0, time.monotonic(), flush_every
        if progress is not None:
            progress(0, len(jobs))
        try:
            for results in draft_jobs(engine, jobs, settings, batch_size=batch_size):
                report.batches += 1
                for slug, new in _entries(results, engine, today, report).items():
                    writer.add(slug, new)
                    report.translated += len(new)
                    report.by_article[slug] = report.by_article.get(slug, 0) + len(new)
                if time.monotonic() - last_flush >= interval:
                    started = time.monotonic()
                    writer.flush()
                    last_flush = time.monotonic()
                    if flush_every > 0:  # a slow disk is written less often, never > ~2% of the run
                        interval = max(flush_every, (last_flush - started) / WRITE_SHARE)
                done += len(results)
                if progress is not None:
                    progress(done, len(jobs))
        finally:
            writer.flush()  # an error or Ctrl-C keeps every finished batch
    return report
