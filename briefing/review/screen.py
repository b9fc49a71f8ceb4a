"""What the review screen shows: pure functions from an article and its memory to plain data
(the JSON the page renders). Nothing here reads or writes a file.

A segment's *state* is what the editor has to do with it:

- ``pending``: no English yet (write it);
- ``machine``: an unreviewed machine draft (accept it or edit it);
- ``stale``: English written for an earlier original (check it against the new one);
- ``edited`` / ``reviewed`` / ``editor``: checked by an editor (done).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

from briefing.model import Article, Kind, Segment, Status, Translation
from briefing.translation.glossary import Glossary
from briefing.translation.memory import Entry, resolve, segment_version, when_key
from briefing.translation.qa import Flag, check_article

DONE = frozenset({Status.EDITED.value, Status.REVIEWED.value, Status.EDITOR.value})
STATES = ("pending", "machine", "stale", "edited", "reviewed", "editor")
KIND_LABELS = {Kind.HEADING: "heading", Kind.CAPTION: "caption", Kind.ITEM: "list item",
               Kind.LEAD: "standfirst", Kind.TEXT: ""}

Words = Callable[[Segment], list[dict[str, Any]]]  # a sentence's word gloss (review.words)


def state_of(tr: Translation | None) -> str:
    """One of STATES."""
    if tr is None:
        return "pending"
    if tr.stale:
        return "stale"
    return tr.status.value


@dataclass(frozen=True)
class Progress:
    """How far an article (or the briefing) is: `done` of `total` segments checked by an editor."""

    total: int = 0
    done: int = 0
    machine: int = 0
    pending: int = 0
    stale: int = 0
    later: int = 0

    def __add__(self, other: "Progress") -> "Progress":
        return Progress(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple())))

    def __sub__(self, other: "Progress") -> "Progress":
        return Progress(*(a - b for a, b in zip(self.as_tuple(), other.as_tuple())))

    def as_tuple(self) -> tuple[int, ...]:
        return (self.total, self.done, self.machine, self.pending, self.stale, self.later)

    def as_json(self) -> dict[str, int]:
        return dict(zip(("total", "done", "machine", "pending", "stale", "later"), self.as_tuple()))


def article_progress(article: Article, entries: Iterable[Entry], later: Iterable[str] = ()) -> Progress:
    """Counts of one article's segments by what is left to do."""
    shown = resolve(article, entries)
    states = [state_of(shown.get(s.id)) for s in article.segments()]
    ids = {s.id for s in article.segments()}
    return Progress(total=len(states), done=sum(s in DONE for s in states),
                    machine=states.count("machine"), pending=states.count("pending"),
                    stale=states.count("stale"), later=len(ids.intersection(later)))


def segment_labels(article: Article) -> dict[str, str]:
    """'Title', 'Heading 2', 'Sentence 3.1', 'Caption 4': how the screen names each segment."""
    labels = {article.title.id: "Title"}
    for p in article.paragraphs:
        kind = KIND_LABELS[p.kind]
        for seg in p.segments:
            anchor = seg.anchor[1:].replace("-s", ".")  # p3-s1 → 3.1
            labels[seg.id] = f"{kind.capitalize()} {anchor}" if kind else f"Sentence {anchor}"
    return labels


def source_diff(old: str, new: str) -> dict[str, list[list[str]]]:
    """The old and the new original as runs [["=", text], ["-", removed]] / [["+", added]]:
    what changed since the English was written, character by character."""
    old_runs: list[list[str]] = []
    new_runs: list[list[str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            old_runs.append(["=", old[i1:i2]])
            new_runs.append(["=", new[j1:j2]])
            continue
        if i2 > i1:
            old_runs.append(["-", old[i1:i2]])
        if j2 > j1:
            new_runs.append(["+", new[j1:j2]])
    return {"old": old_runs, "new": new_runs}


def _entry_of(tr: Translation, seg: Segment, entries: Sequence[Entry]) -> Entry | None:
    """The memory entry a shown translation came from (for its old source and who saved it)."""
    for e in reversed(entries):
        if (e.hash == tr.source_hash and e.en == tr.en and e.status is tr.status
                and (e.id == seg.id or not tr.stale)):
            return e
    return None


def _machine_draft(seg: Segment, entries: Sequence[Entry]) -> Entry | None:
    """The newest machine draft of this source, if any."""
    drafts = [e for e in entries if e.hash == seg.hash and e.status is Status.MACHINE]
    return max(drafts, key=lambda e: when_key(e.date)) if drafts else None


def when_shown(date: str) -> str:
    """An entry's `date` for the editor: '2026-03-01' (a day), '2026-03-01 14:05 (UTC+01:00)'
    (the time of a save, on the clock that made it)."""
    if "T" not in date:
        return date
    day, _, time = date.partition("T")
    offset = "+00:00" if time.endswith("Z") else time[-6:]
    return f"{day} {time[:5]} (UTC{offset})"


def glossary_names(seg: Segment, en: str, glossary: Glossary | None) -> list[dict[str, Any]]:
    """The glossary entries the original names: approved English, and whether the English has it."""
    if glossary is None:
        return []
    lowered = en.casefold()
    out = []
    for entry in glossary.present(seg.source, seg.hans, seg.hant):
        forms = [f for f in entry.match_forms if f in seg.source or f in seg.hans or f in seg.hant]
        out.append({"zh": forms[0] if forms else entry.zh_forms[0], "en": entry.en,
                    "also": list(entry.en_also), "type": entry.type, "note": entry.note,
                    "in_english": bool(en) and any(f.casefold() in lowered for f in entry.en_forms)})
    return out


def segment_view(seg: Segment, label: str, kind: str, article: Article, entries: Sequence[Entry],
                 shown: Mapping[str, Translation], flags: Sequence[Flag],
                 glossary: Glossary | None, later: bool, words: Words | None = None) -> dict[str, Any]:
    """Everything the screen shows for one segment, as plain data."""
    tr = shown.get(seg.id)
    view: dict[str, Any] = {
        "id": seg.id, "anchor": seg.anchor, "label": label, "kind": kind,
        "source": seg.source, "source_hash": seg.hash, "script": article.script,
        "state": state_of(tr), "en": tr.en if tr else "", "later": later,
        "version": segment_version(seg, entries),
        "flags": [{"code": f.code, "message": f.message} for f in flags],
        "names": glossary_names(seg, tr.en if tr else "", glossary),
    }
    if words is not None:
        view["words"] = words(seg)
    if tr is not None:
        entry = _entry_of(tr, seg, entries)
        date = entry.date if entry else tr.date
        view["provenance"] = {"status": tr.status.value, "engine": tr.engine, "model": tr.model,
                              "date": date, "when": when_shown(date), "by": entry.by if entry else ""}
        if tr.stale:
            old = entry.source if entry else ""
            view["stale"] = {"old_source": old, **(source_diff(old, seg.source) if old else {})}
        draft = _machine_draft(seg, entries)
        if tr.status.is_human and not tr.stale and draft is not None and draft.en != tr.en:
            view["machine_draft"] = {"en": draft.en, "engine": draft.engine, "model": draft.model,
                                     "date": draft.date}
    return view


def _kinds(article: Article) -> dict[str, str]:
    kinds = {article.title.id: "title"}
    kinds.update({s.id: p.kind.value for p in article.paragraphs for s in p.segments})
    return kinds


def article_view(article: Article, entries: Sequence[Entry], glossary: Glossary | None,
                 later: Iterable[str] = (), words: Words | None = None) -> dict[str, Any]:
    """The review screen of one article: every segment in reading order, and its progress."""
    entries = list(entries)
    later = set(later)
    shown = resolve(article, entries)
    current = {k: v for k, v in shown.items() if not v.stale}
    flags = check_article(article, current, glossary)  # QA of English that is current
    labels, kinds = segment_labels(article), _kinds(article)
    segments = [segment_view(s, labels[s.id], kinds[s.id], article, entries, shown,
                             flags.get(s.id, ()), glossary, s.id in later, words)
                for s in article.segments()]
    title_tr = current.get(article.title.id)
    return {"slug": article.slug, "title_zh": article.title.source,
            "title_en": title_tr.en if title_tr else "", "script": article.script,
            "outlet": article.meta.outlet, "published": article.meta.published,
            "segments": segments,
            "progress": article_progress(article, entries, later).as_json()}


def one_segment_view(article: Article, segment: Segment, entries: Sequence[Entry],
                     glossary: Glossary | None, later: bool) -> dict[str, Any]:
    """The screen of one segment (after a save), without its word gloss (its original is
    unchanged): QA runs on this segment only."""
    entries = list(entries)
    shown = resolve(article, entries)
    tr = shown.get(segment.id)
    mine = {segment.id: tr} if tr is not None and not tr.stale else {}
    flags = check_article(article, mine, glossary).get(segment.id, ())
    return segment_view(segment, segment_labels(article)[segment.id], _kinds(article)[segment.id],
                        article, entries, shown, flags, glossary, later)
