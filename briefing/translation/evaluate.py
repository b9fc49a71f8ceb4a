"""`briefing mt eval`: how good the installed model is on this briefing.

The segments editors translated (status editor, edited or reviewed, source unchanged) are
translated again by the model exactly as `briefing translate` would (names protected, split,
batched, capped), without touching the translation memory, and scored against the editors'
English with sacrebleu: chrF and BLEU per article and over all, plus how often each QA flag
fires on the drafts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Sequence

from briefing.config import MTSettings, Project
from briefing.model import Article, Status
from briefing.translation.glossary import Glossary, load_glossary, protect_original
from briefing.translation.machine import ArgosEngine, Engine, Job, describe_engine, draft_jobs
from briefing.translation.memory import Entry, read_memories, resolve
from briefing.translation.qa import CODES, check_segment, run_flags

HUMAN = (Status.EDITOR, Status.EDITED, Status.REVIEWED)


@dataclass
class Score:
    """Scores of one article's drafts (or of all of them) against the editors' English."""

    name: str
    segments: int = 0
    chrf: float = 0.0
    bleu: float = 0.0
    flags: dict[str, int] = field(default_factory=dict)  # code -> drafts with that flag
    flagged: int = 0  # drafts with at least one flag


@dataclass
class EvalReport:
    model: str = ""
    device: str = ""
    articles: list[Score] = field(default_factory=list)
    total: Score = field(default_factory=lambda: Score("total"))


def editor_references(article: Article, entries: Iterable[Entry],
                      glossary: Glossary) -> list[tuple[Job, str]]:
    """(job, editor's English) for each segment whose shown English is human and current;
    a sentence repeated in the article counts once."""
    shown = resolve(article, entries)
    out: dict[str, tuple[Job, str]] = {}
    for seg in article.segments():
        tr = shown.get(seg.id)
        if tr is None or tr.stale or tr.status not in HUMAN or seg.hash in out:
            continue
        out[seg.hash] = (Job(article, seg, protect_original(seg.source, article.script, glossary)), tr.en)
    return list(out.values())


def score(name: str, pairs: Sequence[tuple[str, str]], flags: Sequence[tuple[str, ...]]) -> Score:
    """chrF and BLEU (sacrebleu, corpus level) of (draft, reference) pairs, and flag counts."""
    import sacrebleu

    result = Score(name, segments=len(pairs))
    if pairs:
        drafts, refs = [d for d, _ in pairs], [[r for _, r in pairs]]
        result.chrf = round(sacrebleu.corpus_chrf(drafts, refs).score, 1)
        result.bleu = round(sacrebleu.corpus_bleu(drafts, refs).score, 1)
    for codes in flags:
        result.flagged += bool(codes)
        for code in codes:
            result.flags[code] = result.flags.get(code, 0) + 1
    return result


def evaluate_project(project: Project, engine: Engine | None = None, *,
                     articles: Sequence[Article] | None = None, glossary: Glossary | None = None,
                     settings: MTSettings | None = None, slugs: Sequence[str] = (),
                     make_engine: Callable[[], Engine] | None = None,
                     progress: Callable[[int, int], None] | None = None) -> EvalReport:
    """Translate every editor-translated segment (read-only) and score the drafts."""
    if articles is None:
        from briefing.sources.articles import load_articles
        articles = load_articles(project)
    if slugs:
        articles = [a for a in articles if a.slug in set(slugs)]
    if glossary is None:
        glossary = load_glossary(project.glossary_file)
    settings = settings or project.mt
    memories = read_memories(project.tm_dir, [a.slug for a in articles])  # every damaged file at once
    refs = {a.slug: editor_references(a, memories[a.slug], glossary) for a in articles}
    jobs = [job for pairs in refs.values() for job, _ in pairs]
    report = EvalReport()
    if not jobs:
        return report
    if engine is None:
        engine = make_engine() if make_engine else ArgosEngine(settings=settings)
    report.model, report.device = engine.model, describe_engine(engine)
    drafts: dict[str, tuple[str, tuple[str, ...]]] = {}  # segment id -> (English, flag codes)
    if progress is not None:
        progress(0, len(jobs))
    for results in draft_jobs(engine, jobs, settings):
        for r in results:
            seg = r.job.segment
            codes = tuple(f.code for f in check_segment(seg.source, r.en, glossary, seg.hans)
                          + run_flags(r.flags))
            drafts[seg.id] = (r.en, codes)
        if progress is not None:
            progress(len(drafts), len(jobs))
    every_pair: list[tuple[str, str]] = []
    every_flag: list[tuple[str, ...]] = []
    for article in articles:
        pairs = [(drafts[job.segment.id][0], ref) for job, ref in refs[article.slug]]
        flags = [drafts[job.segment.id][1] for job, _ in refs[article.slug]]
        if pairs:
            report.articles.append(score(article.slug, pairs, flags))
        every_pair += pairs
        every_flag += flags
    report.total = score("total", every_pair, every_flag)
    return report


def eval_json(report: EvalReport) -> dict[str, Any]:
    return {"model": report.model, "device": report.device,
            "articles": [asdict(s) for s in report.articles], "total": asdict(report.total)}


def format_eval(report: EvalReport) -> str:
    """A table per article and the total, then the QA flag rates over all drafts."""
    if not report.total.segments:
        return "nothing to evaluate: no segment has an editor's English (editor, edited or reviewed)"
    width = max(len("article"), *(len(s.name) for s in report.articles))
    cols = f"{'article':<{width}}  {'segments':>8} {'chrF':>6} {'BLEU':>6} {'flagged':>8}"
    lines = [f"model: {report.model}" + (f" ({report.device})" if report.device else ""), cols]
    for s in report.articles + [report.total]:
        share = 100.0 * s.flagged / s.segments if s.segments else 0.0
        lines.append(f"{s.name:<{width}}  {s.segments:>8} {s.chrf:>6.1f} {s.bleu:>6.1f} {share:>7.1f}%")
    total = report.total
    rates = [f"{c} {100.0 * total.flags[c] / total.segments:.1f}%" for c in CODES if total.flags.get(c)]
    lines.append("QA flags over all drafts: " + (", ".join(rates) if rates else "none"))
    lines.append("chrF and BLEU (sacrebleu) against the editors' English; the memory was not changed")
    return "\n".join(lines)
