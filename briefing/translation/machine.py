"""Machine translation into the translation memory.

Engines turn a list of Chinese sentences into English, one model call per list. The
orchestration (`translate_project`) finds segments without current English, protects glossary
names, splits segments too long for the model at clause punctuation, batches by token length
with a decoding cap per batch, checks the placeholders that come back (retranslating without
protection when one is lost, duplicated or invented), and writes each batch's drafts to the
memory as soon as it is done, with what the run noticed (`truncated`, `split-clauses`,
`placeholder`) as flags: an interrupted run keeps what finished and a rerun does only the rest.
Human text is never replaced; a stale segment gets a fresh machine draft beside the editor's
old English. A run holds `run_lock` throughout but the memory's lock only while it saves: each
save reads the article's file again and merges the new drafts into it, so editors save while
it runs (`briefing review`, `tm import`) and nothing either side wrote is lost.
"""

from __future__ import annotations

import datetime as _dt
import queue
import re
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator, Sequence

from briefing.config import MTSettings, Project
from briefing.editor_yaml import collect, raise_problems
from briefing.errors import BriefingError, LockedError
from briefing.sources.names import project_conversion
from briefing.sources.script import Conversion
from briefing.model import Article, Segment, Status
from briefing.translation import engines
from briefing.translation.engines.base import (Batching, Draft, Engine, EngineError, Source, Usage,
                                               batching_of, describe_engine, label, measure_of,
                                               run_engine, usage_of)
from briefing.translation.glossary import (Glossary, Protected, load_glossary, placeholder_problems,
                                           protect_original, restore)
from briefing.translation.memory import (LOCK_WAIT, Entry, entry_for, merge_entries, missing_segments,
                                         read_memories, read_tm, reading_order, resolve, run_lock, tm_lock,
                                         tm_path, write_tm)
from briefing.translation.qa import PLACEHOLDER, SPLIT, TRUNCATED, check_segment

DEFAULT_BATCH = MTSettings.batch_size
DEFAULT_BEAM = MTSettings.beam_size  # argostranslate's default
WRITE_SHARE = 0.02  # most of a run's time that saving finished batches may take
# seconds a save during the run waits for the memory's lock (an editor's save holds it for
# milliseconds); still taken, the drafts stay in hand for the next save, the run goes on
FLUSH_WAIT = 0.5
__all__ = ["Batching", "Draft", "Engine", "describe_engine", "measure_of", "run_engine"]




# ---------------------------------------------------------------- planning (pure)

@dataclass(frozen=True)
class Job:
    """One segment to translate, with its protected source (cut into parts when too long)."""

    article: Article
    segment: Segment
    protected: Protected
    parts: tuple[str, ...] = ()  # what goes to the model, cut in clauses; empty: sent whole
    protect: bool = True  # names as placeholders; False: the author's text, names sent beside it

    @property
    def whole(self) -> str:
        """The text the engine reads: names protected (Simplified), or the author's own."""
        return self.protected.text if self.protect else self.segment.source

    @property
    def texts(self) -> tuple[str, ...]:
        """What goes to the model, in order."""
        return self.parts or (self.whole,)

    @property
    def plain(self) -> str:
        """The unprotected source the model reads (Simplified)."""
        return self.segment.hans or self.segment.source

    @property
    def names(self) -> tuple[tuple[str, str], ...]:
        """(Chinese as written, approved English) of the glossary names in the segment."""
        source = self.segment.source
        return tuple((next((f for f in e.match_forms if f in source), e.zh_forms[0]), e.en)
                     for e in self.protected.names)

    def sources(self) -> list[Source]:
        """The model inputs, each with the names it holds when they are not placeholders."""
        if self.protect:
            return [Source(t) for t in self.texts]
        return [Source(t, tuple((zh, en) for zh, en in self.names if zh in t)) for t in self.texts]


def plan_jobs(article: Article, entries: Iterable[Entry], glossary: Glossary,
              conversion: Conversion) -> list[Job]:
    """Segments of `article` lacking current English (stale ones included), names protected.

    Names are protected in the author's text; the model then reads it in Simplified script
    (Argos zh models are trained on Simplified Chinese), by `conversion` (the project's)."""
    shown = resolve(article, entries)
    unique: dict[str, Segment] = {}
    for seg in missing_segments(article, shown):
        unique.setdefault(seg.hash, seg)  # a repeated sentence is translated once
    return [Job(article, seg, protect_original(seg.source, article.script, glossary, conversion))
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


def split_jobs(jobs: Sequence[Job], measure: Callable[[str], int], limit: int,
               protect: bool = True) -> list[Job]:
    """Jobs whose source exceeds `limit` tokens get their clause parts; `protect` False sends
    the author's text (names listed beside it) instead of the protected text."""
    out = []
    for job in jobs:
        job = job if job.protect == protect else replace(job, protect=protect)
        parts = split_clauses(job.whole, measure, limit)
        out.append(replace(job, parts=tuple(parts)) if len(parts) > 1 else job)
    return out


def plan_batches(jobs: Sequence[Job], batch_size: int, lengths: Sequence[int] | None = None,
                 batch_tokens: int | None = None, by_length: bool = True) -> list[list[Job]]:
    """Jobs sorted by length (model tokens of their longest part when known, else characters)
    and cut into batches of at most `batch_size` model inputs and `batch_tokens` padded tokens
    (inputs × longest): similar lengths waste less padding and fewer decoding steps. With
    `by_length` False the jobs keep their reading order (a chat model reads neighbours as
    context) and `batch_tokens` bounds the batch's total length. A job's parts stay in one
    batch, so its English is complete when the batch is."""
    sizes = list(lengths) if lengths is not None else [max(map(len, j.texts)) for j in jobs]
    ordered = list(zip(sizes, range(len(jobs)), jobs))
    if by_length:
        ordered.sort(key=lambda t: t[:2])
    batches: list[list[Job]] = []
    rows = longest = total = 0
    for size, _, job in ordered:
        n = len(job.texts)
        cost = (rows + n) * max(longest, size) if by_length else total + n * size
        if batches and (rows + n > max(1, batch_size) or (batch_tokens is not None and cost > batch_tokens)):
            batches.append([])
            rows = longest = total = 0
        if not batches:
            batches.append([])
        batches[-1].append(job)
        rows, longest, total = rows + n, max(longest, size), total + n * size
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
    failure: str = ""  # why the engine gave no English (it stays pending)


def _join(drafts: Sequence[Draft]) -> tuple[str, bool, str]:
    failure = next((d.failure for d in drafts if d.failure), "")
    if failure:
        return "", False, failure
    return " ".join(d.text.strip() for d in drafts).strip(), any(d.cut for d in drafts), ""


def _flags(*, placeholder: bool = False, cut: bool = False, split: bool = False) -> tuple[str, ...]:
    return tuple(code for code, on in ((PLACEHOLDER, placeholder), (TRUNCATED, cut), (SPLIT, split)) if on)


def translate_jobs(engine: Engine, batch: Sequence[Job], measure: Callable[[str], int],
                   limit: int) -> list[Result]:
    """English for one batch: one model call, plus one more for the sentences whose
    placeholders came back damaged, translated again without protection."""
    drafts = run_engine(engine, [s for job in batch for s in job.sources()])
    results: dict[int, Result] = {}
    retry: list[tuple[int, Job, tuple[str, ...]]] = []
    at = 0
    for i, job in enumerate(batch):
        raw, cut, failure = _join(drafts[at:at + len(job.texts)])
        at += len(job.texts)
        flags = _flags(cut=cut, split=len(job.texts) > 1)
        if not job.protect or failure:
            results[i] = Result(job, raw, flags, failure=failure)
            continue
        problems = tuple(placeholder_problems(raw, job.protected)) if raw else ()
        if problems:
            retry.append((i, job, problems))
        else:
            results[i] = Result(job, restore(raw, job.protected), flags)
    if retry:
        plain = [split_clauses(job.plain, measure, limit) for _, job, _ in retry]
        again = run_engine(engine, [Source(t) for parts in plain for t in parts])
        at = 0
        for (i, job, problems), parts in zip(retry, plain):
            raw, cut, failure = _join(again[at:at + len(parts)])
            at += len(parts)
            results[i] = Result(job, raw, _flags(placeholder=True, cut=cut, split=len(parts) > 1),
                                problems, failure)
    return [results[i] for i in range(len(batch))]


def run_batches(engine: Engine, batches: Sequence[Sequence[Job]], concurrency: int,
                work: Callable[[Sequence[Job]], list[Result]]) -> Iterator[list[Result]]:
    """Each batch's results as it finishes. With `concurrency` > 1, that many batches are in
    flight at once on daemon threads (a stuck request never holds the process at exit). The
    first error stops the others (the engine's `stop` event): batches already in flight are
    still awaited and yielded, so their work is saved, then the error is raised here."""
    if concurrency <= 1 or len(batches) <= 1:
        for batch in batches:
            yield work(batch)
        return
    stop = engine.stop if engine.stop is not None else threading.Event()
    stop.clear()
    todo: queue.SimpleQueue[Sequence[Job]] = queue.SimpleQueue()
    done: queue.SimpleQueue[tuple[list[Result] | None, BaseException | None]] = queue.SimpleQueue()
    for batch in batches:
        todo.put(batch)

    def worker() -> None:
        while not stop.is_set():
            try:
                batch = todo.get_nowait()
            except queue.Empty:
                return
            try:
                done.put((work(batch), None))
            except BaseException as exc:  # handed to the main thread, which raises it
                done.put((None, exc))

    workers = [threading.Thread(target=worker, daemon=True, name="briefing-translate")
               for _ in range(min(concurrency, len(batches)))]
    for thread in workers:
        thread.start()
    error: BaseException | None = None
    try:
        received = 0
        while received < len(batches) and (error is None or any(t.is_alive() for t in workers)
                                           or not done.empty()):
            try:
                results, failed = done.get(timeout=0.2)  # short waits: Ctrl-C gets through
            except queue.Empty:
                continue
            received += 1
            if failed is not None:
                if error is None:
                    error = failed
                    stop.set()  # the others finish the batch in hand, take no new one
                continue
            assert results is not None
            yield results
    finally:
        stop.set()
    if error is not None:
        raise error


def draft_jobs(engine: Engine, jobs: Sequence[Job], settings: MTSettings, *,
               batch_size: int | None = None) -> Iterator[list[Result]]:
    """Translate `jobs` batch by batch (split, ordered, batched and run as the engine's
    `Batching` says, from `settings`), yielding each batch's results as it finishes."""
    plan = batching_of(engine, settings, batch_size)
    measure = measure_of(engine)
    jobs = split_jobs(jobs, measure, plan.max_input, protect=plan.protect_names)
    lengths = [max(measure(t) for t in job.texts) for job in jobs]
    batches = plan_batches(jobs, plan.size, lengths, plan.budget, by_length=plan.by_length)
    yield from run_batches(engine, batches, plan.concurrency,
                           lambda batch: translate_jobs(engine, batch, measure, plan.max_input))


# ---------------------------------------------------------------- running

@dataclass
class TranslateReport:
    segments: int = 0  # segments in the project
    pending: int = 0  # lacking current English when the run started
    translated: int = 0  # machine drafts written
    empty: int = 0  # model returned nothing; left pending
    failed: int = 0  # the engine gave up on them (see `failures`); left pending
    batches: int = 0
    engine: str = ""  # "qwen2.5-7b-instruct via endpoint"
    model: str = ""
    device: str = ""  # where the model ran, e.g. "cpu int8"
    seconds: float = 0.0  # time spent translating (model made and memory read excluded)
    usage: Usage | None = None  # requests and tokens, from engines that count them
    by_article: dict[str, int] = field(default_factory=dict)
    flagged: dict[str, int] = field(default_factory=dict)  # run flag code -> drafts
    qa: dict[str, int] = field(default_factory=dict)  # QA flag code -> new drafts with it
    failures: list[str] = field(default_factory=list)  # segment id: why, the first few


class _MemoryWriter:
    """The run's drafts not yet saved, by article; `flush` merges them into each article's
    memory file as that file is now, under the memory's lock."""

    def __init__(self, project: Project, articles: Sequence[Article]) -> None:
        self.tm_dir = project.tm_dir
        self.articles = {a.slug: a for a in articles}
        self.orders = {a.slug: reading_order(a) for a in articles}
        self.current = {a.slug: {s.hash for s in a.segments()} for a in articles}
        self.unsaved: dict[str, list[Entry]] = {}

    def add(self, slug: str, new: list[Entry]) -> None:
        self.unsaved.setdefault(slug, []).extend(new)

    def flush(self, wait: float) -> None:
        """Save every unsaved draft: for each article, read its file again, merge (an editor's
        text written meanwhile stays and is shown; a draft never replaces it), write atomically.
        `LockedError` when the lock stays taken for `wait` seconds; a file damaged meanwhile is
        left as it is and named, the other articles saved, its drafts kept in hand."""
        if not self.unsaved:
            return
        problems: list[str] = []
        with tm_lock(self.tm_dir, wait=wait):
            for slug in sorted(self.unsaved):
                path = tm_path(self.tm_dir, slug)
                try:
                    entries = read_tm(path)
                except BriefingError as exc:
                    collect(problems, exc)
                    continue
                merged = prune_machine(merge_entries(entries, self.unsaved[slug]), self.articles[slug],
                                       self.current[slug])
                write_tm(path, slug, merged, self.orders[slug])
                del self.unsaved[slug]
        raise_problems(problems, "the translation memory changed while translating and has problems",
                       hint=f"fix the file (or restore it from git), then run 'briefing translate' again: "
                            f"the {self.waiting()} draft(s) of this run for it were not saved")

    def waiting(self) -> int:
        return sum(map(len, self.unsaved.values()))


def _entries(results: Sequence[Result], engine: Engine, today: str, report: TranslateReport,
             glossary: Glossary) -> dict[str, list[Entry]]:
    """Memory entries for one translated batch, by article; empty English stays pending.
    The drafts are checked by QA as `briefing status` will, for the run's summary."""
    fresh: dict[str, list[Entry]] = {}
    for r in results:
        if r.failure:
            report.failed += 1
            if len(report.failures) < 3:
                report.failures.append(f"{r.job.segment.id}: {r.failure}")
            continue
        if not r.en.strip():
            report.empty += 1  # the memory refuses empty English
            continue
        for code in r.flags:
            report.flagged[code] = report.flagged.get(code, 0) + 1
        seg = r.job.segment
        for flag in check_segment(seg.source, r.en, glossary, seg.hans):
            report.qa[flag.code] = report.qa.get(flag.code, 0) + 1
        fresh.setdefault(r.job.article.slug, []).append(
            entry_for(seg, r.en, Status.MACHINE, engine.engine, engine.model, today, r.flags))
    return fresh


def _final_flush(writer: _MemoryWriter) -> None:
    """The run's last save (at its end, on an error, on Ctrl-C): waits for the memory's lock as
    long as any writer may (`LOCK_WAIT`), then says how many drafts it could not save."""
    try:
        writer.flush(LOCK_WAIT)
    except LockedError as exc:
        raise LockedError(f"{exc.message}: {writer.waiting()} machine draft(s) of this run were not "
                          "saved", path=exc.path, hint="run 'briefing translate' again once the lock "
                          "is free: it drafts only what is still missing") from None


def translate_project(project: Project, engine: Engine | None = None, *,
                      articles: Sequence[Article] | None = None, glossary: Glossary | None = None,
                      batch_size: int | None = None, settings: MTSettings | None = None,
                      today: str | None = None, make_engine: Callable[[], Engine] | None = None,
                      progress: Callable[[int, int], None] | None = None,
                      flush_every: float = 1.0) -> TranslateReport:
    """Fill every segment lacking current English with a machine draft, batch by batch.

    `settings` (default: the project's `mt:` settings) say how to batch, split and cap decoding;
    the engine's own batching (an endpoint's) may say more. Finished batches reach the memory
    files at once, at most every `flush_every` seconds (a fast model would spend its time
    rewriting YAML otherwise), less often when writing is slow (each atomic write is fsynced:
    saving takes at most WRITE_SHARE of the run), and always when the run ends, fails or is
    interrupted; each save holds the memory's lock only while it merges into the files as they
    are then (`_MemoryWriter`), and the run holds `run_lock` throughout, so a second run is
    refused while editors can save. The engine is made only when something needs translating, so a complete
    memory never needs a model. `progress(done, total)` is called before and after each batch.
    Segments the engine gave up on stay pending; the run then ends with an EngineError saying
    how many, after saving the rest."""
    if articles is None:
        from briefing.sources.articles import load_articles
        articles = load_articles(project)
    if glossary is None:
        glossary = load_glossary(project.glossary_file, project.script_conversion)
    settings = settings or project.mt
    today = today or _dt.date.today().isoformat()
    report = TranslateReport(segments=sum(len(a.segments()) for a in articles))
    with run_lock(project.tm_dir):
        memory = read_memories(project.tm_dir, [a.slug for a in articles])  # every damaged file at once
        conversion = project_conversion(project)
        jobs = [job for a in articles for job in plan_jobs(a, memory[a.slug], glossary, conversion)]
        report.pending = len(jobs)
        if not jobs:
            return report
        if engine is None:
            engine = make_engine() if make_engine else engines.make_engine(None, settings, project.root)
        report.model, report.engine = engine.model, label(engine)
        report.device = describe_engine(engine)
        writer = _MemoryWriter(project, articles)
        done, last_flush, interval = 0, time.monotonic(), flush_every
        started = time.monotonic()
        if progress is not None:
            progress(0, len(jobs))
        try:
            for results in draft_jobs(engine, jobs, settings, batch_size=batch_size):
                report.batches += 1
                for slug, new in _entries(results, engine, today, report, glossary).items():
                    writer.add(slug, new)
                    report.translated += len(new)
                    report.by_article[slug] = report.by_article.get(slug, 0) + len(new)
                if time.monotonic() - last_flush >= interval:
                    began = time.monotonic()
                    try:
                        writer.flush(FLUSH_WAIT)
                    except LockedError:
                        pass  # held by a stuck writer: kept in hand, saved at the next try
                    last_flush = time.monotonic()
                    if flush_every > 0:  # a slow disk is written less often, never > ~2% of the run
                        interval = max(flush_every, (last_flush - began) / WRITE_SHARE)
                done += len(results)
                if progress is not None:
                    progress(done, len(jobs))
        finally:
            _final_flush(writer)  # an error or Ctrl-C keeps every finished batch
            report.seconds = time.monotonic() - started
            report.usage = usage_of(engine)
    if report.failed:
        raise EngineError(
            f"{report.engine}: {report.failed} of {report.pending} segment(s) got no answer that "
            f"matched them ({'; '.join(report.failures[:1])}); they stay pending, the "
            f"{report.translated} translated are saved",
            hint="run 'briefing translate' again to retry them; if it keeps happening, lower "
                 "mt.endpoint.batch_size or use a model that follows the JSON answer format")
    return report
