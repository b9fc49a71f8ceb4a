"""`briefing status`: how far each article's English has come, what QA found, and how much
editors changed the machine drafts they reviewed (post-edit distance)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from briefing.config import Project
from briefing.translation.glossary import Glossary, load_glossary
from briefing.model import Article, Status, Translation
from briefing.translation.qa import CODES, check_article
from briefing.translation.memory import Entry, read_memories, resolve, when_key


@dataclass
class ArticleStatus:
    slug: str
    segments: int = 0
    translated: int = 0  # current English, any status
    by_status: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in Status})
    pending: list[str] = field(default_factory=list)  # segment ids without current English
    stale: list[str] = field(default_factory=list)  # ids whose source changed under human English
    flags: dict[str, list[str]] = field(default_factory=dict)  # code -> segment ids
    messages: dict[str, list[str]] = field(default_factory=dict)  # segment id -> "code: message"
    needs_editor: list[str] = field(default_factory=list)  # what the editor must supply (e.g. a headline)
    unsure_removals: int = 0  # lines the cleaner removed without being sure (see the cleaning report)
    post_edited: int = 0  # segments whose machine draft an editor reviewed or edited
    post_edit: float | None = None  # HTER, % of the editors' words: 0 = accepted as drafted


def post_edit_pairs(article: Article, entries: Iterable[Entry]) -> list[tuple[str, str]]:
    """(machine draft, editor's English) for each current segment with both an `edited` or
    `reviewed` entry and the machine draft it started from (the memory keeps both)."""
    current = {s.hash for s in article.segments()}
    machine: dict[str, Entry] = {}
    human: dict[str, Entry] = {}
    for e in entries:
        if e.hash not in current:
            continue
        if e.status is Status.MACHINE:
            if e.hash not in machine or when_key(e.date) >= when_key(machine[e.hash].date):
                machine[e.hash] = e
        elif e.status in (Status.EDITED, Status.REVIEWED):
            if e.hash not in human or when_key(e.date) >= when_key(human[e.hash].date):
                human[e.hash] = e
    return [(machine[h].en, human[h].en) for h in sorted(human) if h in machine]


def post_edit_distance(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Translation edit rate of the drafts against the editors' English (HTER, in % of the
    editors' words: insertions, deletions, substitutions and shifts); None without pairs."""
    return edit_rate(ter_counts(pairs))


def ter_counts(pairs: Sequence[tuple[str, str]]) -> list[tuple[int, float]]:
    """TER's counts for each (draft, editor's English): (edits, the editor's words), as sacrebleu
    counts them. Counted once, they give the rate over any set of the pairs (`edit_rate`): TER's
    search for shifts is the slow part of `briefing mt eval`."""
    from sacrebleu.metrics.ter import TER

    ter = TER()
    return [(s.num_edits, s.ref_length) for s in (ter.sentence_score(m, [h]) for m, h in pairs)]


def edit_rate(counts: Sequence[tuple[int, float]]) -> float | None:
    """TER over the pairs these are the counts of, as sacrebleu's corpus score: all their edits
    in % of all their words (100 for words only in the drafts); None without counts."""
    if not counts:
        return None
    edits, words = sum(e for e, _ in counts), sum(w for _, w in counts)
    rate = edits / words if words > 0 else (1.0 if edits > 0 else 0.0)
    return round(100 * rate, 1)


def stale_ids(article: Article, shown: Mapping[str, Translation], entries: Iterable[Entry]) -> list[str]:
    """Segments showing stale English, or a machine draft where an editor's English of an
    older source exists: both need an editor."""
    current = {s.hash for s in article.segments()}
    # human English of a source no longer in the article (ids shift when paragraphs move,
    # so a human entry whose text is still in use elsewhere does not count)
    human_ids = {e.id for e in entries if e.status.is_human and e.hash not in current}
    out = []
    for seg in article.segments():
        tr = shown.get(seg.id)
        if tr is None:
            continue
        if tr.stale or (tr.status is Status.MACHINE and seg.id in human_ids):
            out.append(seg.id)
    return out


def article_status(article: Article, entries: Sequence[Entry], glossary: Glossary | None) -> ArticleStatus:
    """Counts, pending and stale ids, and QA flags of one article (pure)."""
    shown = resolve(article, entries)
    st = ArticleStatus(slug=article.slug, segments=len(article.segments()))
    if article.meta.title_source == "provisional":
        st.needs_editor.append(f"headline is provisional (from the lead sentence: {article.title.source}); "
                               f"set title_zh in seeds/{article.meta.source_file[:-4]}.yml")
    st.unsure_removals = sum(1 for r in article.removed if r.unsure)
    for seg in article.segments():
        tr = shown.get(seg.id)
        if tr is None or tr.stale:
            st.pending.append(seg.id)
        else:
            st.translated += 1
            st.by_status[tr.status.value] += 1
    st.stale = stale_ids(article, shown, entries)
    pairs = post_edit_pairs(article, entries)
    st.post_edited, st.post_edit = len(pairs), post_edit_distance(pairs)
    current = {k: v for k, v in shown.items() if not v.stale}
    for seg_id, flags in check_article(article, current, glossary).items():
        for f in flags:
            st.flags.setdefault(f.code, []).append(seg_id)
            st.messages.setdefault(seg_id, []).append(f"{f.code}: {f.message}")
    return st


def project_status(project: Project, articles: Sequence[Article] | None = None) -> list[ArticleStatus]:
    """Status of every article of the project, read from the translation memory."""
    if articles is None:
        from briefing.sources.articles import load_articles
        articles = load_articles(project)
    memories = read_memories(project.tm_dir, [a.slug for a in articles])  # every damaged file at once
    glossary = load_glossary(project.glossary_file, project.script_conversion)
    return [article_status(a, memories[a.slug], glossary) for a in articles]


def totals(statuses: Sequence[ArticleStatus]) -> dict[str, Any]:
    """Sums over all articles, as `status --json` prints them under "total"."""
    segs = sum(s.segments for s in statuses)
    done = sum(s.translated for s in statuses)
    return {
        "segments": segs,
        "translated": done,
        "percent": round(100.0 * done / segs, 1) if segs else 100.0,
        "by_status": {k.value: sum(s.by_status[k.value] for s in statuses) for k in Status},
        "pending": sum(len(s.pending) for s in statuses),
        "stale": sum(len(s.stale) for s in statuses),
        "flags": {c: sum(len(s.flags.get(c, [])) for s in statuses) for c in CODES},
        "post_edited": sum(s.post_edited for s in statuses),
    }


def status_json(statuses: Sequence[ArticleStatus]) -> dict[str, Any]:
    return {"articles": [asdict(s) for s in statuses], "total": totals(statuses)}


_ALWAYS = CODES[:7]  # the text checks are listed even at zero; MT checks only when they fire


def format_status(statuses: Sequence[ArticleStatus], *, verbose: bool = True) -> str:
    """A table per article, totals, then each flagged or stale segment on its own line."""
    cols = ["segments", "editor", "edited", "reviewed", "machine", "pending", "stale", "flagged",
            "post-edit"]
    width = max([len("total")] + [len(s.slug) for s in statuses])
    lines = [f"{'article':<{width}}  " + " ".join(f"{c:>8}" for c in cols)]

    def row(name: str, values: Sequence[int | str]) -> str:
        return f"{name:<{width}}  " + " ".join(f"{v:>8}" for v in values)

    def post_edit(s: ArticleStatus) -> str:
        return "-" if s.post_edit is None else f"{s.post_edit:.1f}%"

    shown = (Status.EDITOR, Status.EDITED, Status.REVIEWED, Status.MACHINE)
    for s in statuses:
        values: list[int | str] = [s.segments, *(s.by_status[k.value] for k in shown)]
        lines.append(row(s.slug, values + [len(s.pending), len(s.stale), len(s.messages), post_edit(s)]))
    t = totals(statuses)
    values = [t["segments"], *(t["by_status"][k.value] for k in shown)]
    lines.append(row("total", values + [t["pending"], t["stale"],
                                        sum(len(s.messages) for s in statuses), ""]))
    lines.append(f"translated: {t['translated']}/{t['segments']} ({t['percent']}%); QA flags: "
                 + ", ".join(f"{c} {n}" for c, n in t["flags"].items() if n or c in _ALWAYS))
    if t["post_edited"]:
        lines.append(f"post-edit: HTER of machine drafts against the editors' English, over the "
                     f"{t['post_edited']} reviewed or edited drafts (0% = accepted unchanged)")
    for s in statuses:  # what only an editor can settle, shown even with --quiet
        for need in s.needs_editor:
            lines.append(f"{s.slug}: {need}")
        if s.unsure_removals:
            lines.append(f"{s.slug}: the cleaner removed {s.unsure_removals} line(s) it is unsure of; "
                         f"see build/reports/{s.slug}.md")
    if verbose:
        for s in statuses:
            for seg_id in s.stale:
                lines.append(f"  {seg_id}  stale: the source changed since an editor translated it")
            for seg_id, msgs in s.messages.items():
                for m in msgs:
                    lines.append(f"  {seg_id}  {m}")
    return "\n".join(lines)
