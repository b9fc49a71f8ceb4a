"""`briefing mt eval`: how good each engine is on this briefing, side by side.

The segments editors translated (status editor, edited or reviewed, source unchanged) are
translated again by each engine exactly as `briefing translate` would (names protected or sent,
split, batched, capped), without touching the translation memory, and scored against the
editors' English with sacrebleu: chrF and BLEU, TER (the post-edit distance: edits per 100
words of the editors' English an editor would make to reach it from the draft), the time per
segment and how often QA flags the drafts, per engine and per article, in one table.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Sequence

from briefing.config import MTSettings, Project
from briefing.sources.names import project_conversion
from briefing.sources.script import Conversion
from briefing.model import Article, Status
from briefing.translation.engines.base import Engine, describe_engine, label, usage_of
from briefing.translation.glossary import Glossary, load_glossary, protect_original
from briefing.translation.machine import Job, draft_jobs
from briefing.translation.memory import Entry, read_memories, resolve
from briefing.translation.qa import CODES, check_segment, run_flags
from briefing.translation.status import edit_rate, ter_counts

HUMAN = (Status.EDITOR, Status.EDITED, Status.REVIEWED)


@dataclass
class Score:
    """Scores of one article's drafts (or of all of them) against the editors' English."""

    name: str
    segments: int = 0
    chrf: float = 0.0
    bleu: float = 0.0
    ter: float | None = None  # post-edit distance, % of the editors' words
    flags: dict[str, int] = field(default_factory=dict)  # code -> drafts with that flag
    flagged: int = 0  # drafts with at least one flag


@dataclass
class EngineEval:
    """One engine's drafts, scored: per article and over all, with its time."""

    engine: str = ""  # "qwen2.5-7b-instruct via endpoint"
    model: str = ""
    device: str = ""
    seconds: float = 0.0  # translating the segments (the engine made beforehand)
    failed: int = 0  # segments the engine gave no English for (scored as empty)
    usage: dict[str, int] = field(default_factory=dict)  # requests and tokens, when counted
    articles: list[Score] = field(default_factory=list)
    total: Score = field(default_factory=lambda: Score("total"))

    @property
    def per_segment(self) -> float:
        return self.seconds / self.total.segments if self.total.segments else 0.0


@dataclass
class EvalReport:
    engines: list[EngineEval] = field(default_factory=list)

    @property
    def segments(self) -> int:
        return self.engines[0].total.segments if self.engines else 0


def editor_references(article: Article, entries: Iterable[Entry],
                      glossary: Glossary, conversion: Conversion) -> list[tuple[Job, str]]:
    """(job, editor's English) for each segment whose shown English is human and current;
    a sentence repeated in the article counts once."""
    shown = resolve(article, entries)
    out: dict[str, tuple[Job, str]] = {}
    for seg in article.segments():
        tr = shown.get(seg.id)
        if tr is None or tr.stale or tr.status not in HUMAN or seg.hash in out:
            continue
        out[seg.hash] = (Job(article, seg, protect_original(seg.source, article.script, glossary, conversion)), tr.en)
    return list(out.values())


def score(name: str, pairs: Sequence[tuple[str, str]], flags: Sequence[tuple[str, ...]],
          ter: Sequence[tuple[int, float]] | None = None) -> Score:
    """chrF, BLEU (sacrebleu, corpus level) and TER of (draft, reference) pairs, and flag counts;
    `ter`: the pairs' TER counts (status.ter_counts) when already counted."""
    import sacrebleu

    result = Score(name, segments=len(pairs))
    if pairs:
        drafts, refs = [d for d, _ in pairs], [[r for _, r in pairs]]
        result.chrf = round(sacrebleu.corpus_chrf(drafts, refs).score, 1)
        result.bleu = round(sacrebleu.corpus_bleu(drafts, refs).score, 1)
        result.ter = edit_rate(ter_counts(pairs) if ter is None else ter)
    for codes in flags:
        result.flagged += bool(codes)
        for code in codes:
            result.flags[code] = result.flags.get(code, 0) + 1
    return result


def evaluate_engine(engine: Engine, articles: Sequence[Article], refs: dict[str, list[tuple[Job, str]]],
                    glossary: Glossary, settings: MTSettings,
                    progress: Callable[[int, int], None] | None = None) -> EngineEval:
    """Translate every referenced segment with `engine` (read-only) and score the drafts."""
    jobs = [job for pairs in refs.values() for job, _ in pairs]
    out = EngineEval(engine=label(engine), model=engine.model, device=describe_engine(engine))
    drafts: dict[str, tuple[str, tuple[str, ...]]] = {}  # segment id -> (English, flag codes)
    if progress is not None:
        progress(0, len(jobs))
    started = time.monotonic()
    for results in draft_jobs(engine, jobs, settings):
        for r in results:
            seg = r.job.segment
            out.failed += bool(r.failure)
            codes = tuple(f.code for f in check_segment(seg.source, r.en, glossary, seg.hans)
                          + run_flags(r.flags)) if r.en else ()
            drafts[f"{r.job.article.slug}/{seg.id}"] = (r.en, codes)
        if progress is not None:
            progress(len(drafts), len(jobs))
    out.seconds = round(time.monotonic() - started, 3)
    usage = usage_of(engine)
    if usage is not None:
        out.usage = asdict(usage)
    every_pair: list[tuple[str, str]] = []
    every_flag: list[tuple[str, ...]] = []
    every_ter: list[tuple[int, float]] = []  # each pair's TER counted once, for its article and the total
    for article in articles:
        keys = [f"{article.slug}/{job.segment.id}" for job, _ in refs[article.slug]]
        pairs = [(drafts[k][0], ref) for k, (_, ref) in zip(keys, refs[article.slug])]
        flags = [drafts[k][1] for k in keys]
        ter = ter_counts(pairs)
        if pairs:
            out.articles.append(score(article.slug, pairs, flags, ter))
        every_pair += pairs
        every_flag += flags
        every_ter += ter
    out.total = score("total", every_pair, every_flag, every_ter)
    return out


def evaluate_project(project: Project, engines: Sequence[Engine] = (), *,
                     articles: Sequence[Article] | None = None, glossary: Glossary | None = None,
                     settings: MTSettings | None = None, slugs: Sequence[str] = (),
                     make_engines: Sequence[Callable[[], Engine]] = (),
                     progress: Callable[[str, int, int], None] | None = None) -> EvalReport:
    """Translate every editor-translated segment with each engine (read-only) and score the
    drafts. Engines are made (`make_engines`) only when there is something to evaluate, one
    after the other; `progress(engine label, done, total)`."""
    if articles is None:
        from briefing.sources.articles import load_articles
        articles = load_articles(project)
    if slugs:
        articles = [a for a in articles if a.slug in set(slugs)]
    if glossary is None:
        glossary = load_glossary(project.glossary_file, project.script_conversion)
    settings = settings or project.mt
    memories = read_memories(project.tm_dir, [a.slug for a in articles])  # every damaged file at once
    conversion = project_conversion(project)
    refs = {a.slug: editor_references(a, memories[a.slug], glossary, conversion) for a in articles}
    report = EvalReport()
    if not any(refs.values()):
        return report
    makers = list(make_engines) or [_made(e) for e in engines]
    for make in makers:
        engine = make()
        step = (lambda done, total, name=label(engine): progress(name, done, total)) if progress else None
        report.engines.append(evaluate_engine(engine, articles, refs, glossary, settings, step))
    return report


def _made(engine: Engine) -> Callable[[], Engine]:
    """A maker of an engine made already."""
    return lambda: engine


def eval_json(report: EvalReport) -> dict[str, Any]:
    return {"engines": [{**{k: v for k, v in asdict(e).items() if k not in ("articles", "total")},
                         "per_segment_s": round(e.per_segment, 4),
                         "articles": [asdict(s) for s in e.articles], "total": asdict(e.total)}
                        for e in report.engines]}


def _row(name: str, s: Score, per_segment: str) -> tuple[str, ...]:
    share = 100.0 * s.flagged / s.segments if s.segments else 0.0
    ter = f"{s.ter:.1f}" if s.ter is not None else "-"
    return (name, str(s.segments), f"{s.chrf:.1f}", f"{s.bleu:.1f}", ter, f"{share:.1f}%", per_segment)


def format_eval(report: EvalReport, by_article: bool = True) -> str:
    """One table: each engine's total (chrF, BLEU, TER, share flagged by QA, seconds per segment),
    its articles beneath it; then the QA flag rates of each engine."""
    if not report.engines:
        return "nothing to evaluate: no segment has an editor's English (editor, edited or reviewed)"
    head = ("engine / article", "segments", "chrF", "BLEU", "TER", "flagged", "s/segment")
    rows: list[tuple[str, ...]] = []
    for e in report.engines:
        rows.append(_row(e.engine, e.total, f"{e.per_segment:.3f}"))
        if by_article and len(e.articles) > 1:
            rows += [_row("  " + s.name, s, "") for s in e.articles]
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    lines = ["  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)).rstrip()
             for r in [head] + rows]
    for e in report.engines:
        total = e.total
        rates = [f"{c} {100.0 * total.flags[c] / total.segments:.1f}%" for c in CODES if total.flags.get(c)]
        extra = f"; {e.failed} segment(s) got no English" if e.failed else ""
        where = f" ({e.device})" if e.device else ""
        lines.append(f"{e.engine}{where}: QA flags " + (", ".join(rates) if rates else "none") + extra)
    lines.append("chrF, BLEU and TER (post-edit distance, % of the editors' words) against the "
                 "editors' English (sacrebleu); the memory was not changed")
    return "\n".join(lines)
