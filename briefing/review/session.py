"""One review session: the project's articles, their memory, the later marks; every answer the
page gets, as (HTTP status, JSON data). The server only routes to these methods.

Files are the truth: each answer reads the article's memory file again (one small file), and an
article whose seed or metadata changed on disk is loaded again, so a `briefing translate`, a
worksheet import or another tab's save is seen at the next request. Saves go through
`memory.save_segment` (the memory's lock, a version check, an atomic write).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from briefing.config import DEFAULT_TITLE, Project
from briefing.errors import BriefingError, LockedError
from briefing.io import write_text_atomic
from briefing.model import Article, Segment
from briefing.render.gloss import GlossTables
from briefing.review.save import Refused, clean_english, parse_request, plan_save
from briefing.review.screen import Progress, Words, article_progress, article_view, one_segment_view
from briefing.review.words import sentence_words
from briefing.sources.articles import load_article
from briefing.sources.ingest import find_seeds, meta_path
from briefing.sources.names import project_conversion
from briefing.sources.script import Conversion
from briefing.translation.glossary import Glossary, load_glossary
from briefing.translation.memory import (Entry, dump_tm, now_stamp, read_tm, reading_order, resolve,
                                         save_segment, segment_version, tm_path)

LATER_FILE = Path("build/review/later.json")  # the editor's "for later" marks (not committed)
# seconds a save waits for the memory's lock before it is refused: other writers (a translate
# run saving its drafts, an import, another save) hold it for milliseconds
LOCK_WAIT = 2.0
Answer = tuple[int, dict[str, Any]]


def _stamp(*paths: Path) -> tuple[tuple[int, int, int], ...]:
    """(mtime, size, inode) of each file; (0, -1, 0) for a missing one: a change means 'read it
    again' (an atomic write is a new file, so a new inode, as well as a new time)."""
    out = []
    for p in paths:
        try:
            st = p.stat()
            out.append((st.st_mtime_ns, st.st_size, st.st_ino))
        except FileNotFoundError:
            out.append((0, -1, 0))
    return tuple(out)


@dataclass
class _Loaded:
    seed: Path
    stamp: tuple[tuple[int, int, int], ...]
    article: Article | None
    problem: str = ""


@dataclass
class _Counted:
    key: tuple[Any, ...]
    progress: Progress


@dataclass
class _Memory:
    stamp: tuple[Any, ...]  # of the file when it was read
    entries: tuple[Entry, ...]


class LaterMarks:
    """Segments an editor marked for later, by article: build/review/later.json."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._marks: dict[str, set[str]] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self._marks = {slug: set(ids) for slug, ids in data.get("later", {}).items()
                           if isinstance(ids, list)}
        except (FileNotFoundError, ValueError, AttributeError):
            pass  # none yet, or damaged: marks are a convenience, never worth a refusal

    def of(self, slug: str) -> frozenset[str]:
        with self._lock:
            return frozenset(self._marks.get(slug, ()))

    def set(self, slug: str, segment_id: str, later: bool) -> bool:
        """Mark or unmark; True when that changed anything (then the file is written)."""
        with self._lock:
            marks = self._marks.setdefault(slug, set())
            if (segment_id in marks) == later:
                return False
            (marks.add if later else marks.discard)(segment_id)
            data = {"note": "Written by `briefing review`: segments marked for later.",
                    "later": {s: sorted(ids) for s, ids in sorted(self._marks.items()) if ids}}
            write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
            return True


@dataclass
class ReviewSession:
    """The state behind one `briefing review` server."""

    project: Project
    who: str
    now: Callable[[], str] = now_stamp  # when a save is made, as the memory records it
    gloss: bool = True  # each sentence's word gloss (CC-CEDICT and the segmenter load once, ~0.5 s)
    _loaded: dict[str, _Loaded] = field(default_factory=dict)  # by slug, in seed order
    _counted: dict[str, _Counted] = field(default_factory=dict)
    _total: Progress = field(default_factory=Progress)  # the sum of _counted
    _memories: dict[str, _Memory] = field(default_factory=dict)
    _glossary: tuple[tuple[Any, ...], Glossary] | None = None
    _tables: tuple[Glossary, GlossTables] | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _gloss_lock: threading.Lock = field(default_factory=threading.Lock)
    _conversion: Conversion = field(init=False)  # the project's, as the session starts

    def __post_init__(self) -> None:
        self._conversion = project_conversion(self.project)
        self.later = LaterMarks(self.project.root / LATER_FILE)

    # ------------------------------------------------------------ loading

    def refresh(self) -> None:
        """Load new or changed seeds; forget removed ones."""
        with self._lock:
            known = {l.seed: slug for slug, l in self._loaded.items()}
            fresh: dict[str, _Loaded] = {}
            for seed in find_seeds(self.project.seeds_dir):
                slug = known.get(seed)
                old = self._loaded.get(slug) if slug else None
                loaded = self._load(seed, old)
                fresh[loaded.article.slug if loaded.article else f"?{seed.name}"] = loaded
            self._loaded = fresh
            for slug in set(self._counted) - set(fresh):  # a seed removed
                self._total = self._total - self._counted.pop(slug).progress

    def _load(self, seed: Path, old: _Loaded | None) -> _Loaded:
        stamp = _stamp(seed, meta_path(seed))
        if old is not None and old.stamp == stamp:
            return old
        try:
            return _Loaded(seed, stamp, load_article(seed, self._conversion))
        except BriefingError as exc:
            return _Loaded(seed, stamp, None, str(exc))

    def glossary(self) -> Glossary:
        """The glossary, read again when its file changed."""
        with self._lock:
            key = _stamp(self.project.glossary_file)
            if self._glossary is None or self._glossary[0] != key:
                self._glossary = (key, load_glossary(self.project.glossary_file, self.project.script_conversion))
            return self._glossary[1]

    def words(self, article: Article, glossary: Glossary) -> Words | None:
        """The word gloss of a sentence of `article` (None when the session has none)."""
        if not self.gloss:
            return None
        with self._gloss_lock:
            if self._tables is None or self._tables[0] is not glossary:
                from briefing.render.cedict import load_cedict
                from briefing.render.gloss import make_tables
                self._tables = (glossary, make_tables(load_cedict(), glossary, self._conversion))
            tables = self._tables[1]

        def words(segment: Segment) -> list[dict[str, Any]]:
            with self._gloss_lock:  # the segmenter and the tables' caches are shared
                return sentence_words(segment.source, article.script, tables)
        return words

    def article(self, slug: str) -> Article:
        """The article as its seed now reads; `Refused` (404) when there is none."""
        with self._lock:
            loaded = self._loaded.get(slug)
            if loaded is None:
                self.refresh()
                loaded = self._loaded.get(slug)
            elif loaded.article is not None:
                loaded = self._loaded[slug] = self._load(loaded.seed, loaded)
                if loaded.article is None or loaded.article.slug != slug:  # its slug was changed
                    self.refresh()
                    loaded = self._loaded.get(slug)
        if loaded is None or loaded.article is None:
            raise Refused(loaded.problem if loaded else f"no article '{slug}' in {self.project.seeds_dir}",
                          status=404)
        return loaded.article

    def entries(self, slug: str) -> list[Entry]:
        """The article's memory as its file now holds it (read again only when the file changed)."""
        path = tm_path(self.project.tm_dir, slug)
        stamp = _stamp(path)  # before reading: a write meanwhile makes the next call read again
        with self._lock:
            known = self._memories.get(slug)
        if known is not None and known.stamp == stamp:
            return list(known.entries)
        entries = read_tm(path)
        with self._lock:
            self._memories[slug] = _Memory(stamp, tuple(entries))
        return entries

    def _remember(self, article: Article, entries: list[Entry]) -> None:
        """After a save: the memory as written, if the file still holds exactly that (no other
        writer came in between); else it is read again when next asked for."""
        path = tm_path(self.project.tm_dir, article.slug)
        stamp = _stamp(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return
        if text == dump_tm(article.slug, entries, reading_order(article)):
            with self._lock:
                self._memories[article.slug] = _Memory(stamp, tuple(entries))

    # ------------------------------------------------------------ progress

    def progress(self, article: Article) -> Progress:
        """An article's progress, counted again only when its memory, seed or marks changed."""
        later = self.later.of(article.slug)
        entries = self.entries(article.slug)
        key = (self._memories[article.slug].stamp, id(article), later)
        with self._lock:
            counted = self._counted.get(article.slug)
            if counted is not None and counted.key == key:
                return counted.progress
        progress = article_progress(article, entries, later)
        with self._lock:
            old = self._counted.get(article.slug)
            self._total = self._total + progress - (old.progress if old else Progress())
            self._counted[article.slug] = _Counted(key, progress)
        return progress

    def briefing_progress(self) -> Progress:
        """The sum over every article (each counted once, then again only when it changed on
        disk and the overview looks again): a save costs the same at 5 or 1,000 articles."""
        with self._lock:
            missing = [l.article for s, l in self._loaded.items()
                       if l.article is not None and s not in self._counted]
        for a in missing:
            try:
                self.progress(a)
            except BriefingError:
                continue  # a damaged memory file: the overview names it
        with self._lock:
            return self._total

    # ------------------------------------------------------------ answers

    def overview(self) -> Answer:
        """Every article with its progress, and the briefing's."""
        self.refresh()
        with self._lock:
            loaded = list(self._loaded.values())
        rows, total, problems = [], Progress(), []
        for item in loaded:
            if item.article is None:
                problems.append(item.problem)
                continue
            try:
                progress = self.progress(item.article)
            except BriefingError as exc:
                problems.append(str(exc))
                continue
            total += progress
            rows.append({"slug": item.article.slug, "title_zh": item.article.title.source,
                         "progress": progress.as_json()})
        title = "" if self.project.title_en == DEFAULT_TITLE else self.project.title_en
        return 200, {"title": title, "editor": self.who, "articles": rows,
                     "progress": total.as_json(), "problems": problems}

    def screen(self, slug: str) -> Answer:
        """One article's review screen (with the word gloss of each sentence)."""
        article = self.article(slug)
        entries = self.entries(slug)
        glossary = self.glossary()
        view = article_view(article, entries, glossary, self.later.of(slug), self.words(article, glossary))
        return 200, view

    def save(self, data: Any) -> Answer:
        """Store one segment's English (see review.save); a conflict is answered with both texts."""
        request = parse_request(data)
        if request.action == "save":
            clean_english(request.english)  # empty or unusable English: refused before anything else
        article = self.article(request.slug)
        segment = next((s for s in article.segments() if s.id == request.segment_id), None)
        if segment is None:
            raise Refused(f"{article.slug} has no sentence {request.segment_id} any more (the "
                          "article changed); reload the page", status=409)
        entries = self.entries(article.slug)
        if request.source_hash and request.source_hash != segment.hash:
            return self._conflict(article, segment, entries, request.english, "source",
                                  "The original of this sentence changed since the page was loaded: "
                                  "compare the old and the new original below, then save again.")
        if segment_version(segment, entries) != request.version:
            if self._same_text(article, segment, entries, request.english):
                return 200, self._saved(article, segment, entries, "unchanged",
                                        "Already saved with this English (elsewhere); nothing to save.")
            return self._conflict(article, segment, entries, request.english, "version",
                                  "This sentence was changed elsewhere since you opened it (another tab, "
                                  "editor or 'briefing translate'). Both texts are below: keep theirs, "
                                  "or save yours over it.")
        who = self.who
        planned = plan_save(article, entries, request, who, self.now())
        if planned.entry is None:
            return 200, self._saved(article, segment, entries, "unchanged", planned.message)
        try:
            result = save_segment(self.project.tm_dir, article, planned.entry, request.version,
                                  wait=LOCK_WAIT)
        except LockedError:
            return 423, {"error": f"Another process has held the translation memory's lock "
                                  f"for {LOCK_WAIT:g} seconds (a stopped 'briefing translate', import or "
                                  "review?). Your text is kept here: save it again in a moment."}
        if not result.saved:
            if self._same_text(article, segment, list(result.entries), request.english):
                return 200, self._saved(article, segment, list(result.entries), "unchanged",
                                        "Already saved with this English (elsewhere); nothing to save.")
            return self._conflict(article, segment, list(result.entries), request.english, "version",
                                  "This sentence was changed elsewhere a moment ago. Both texts are "
                                  "below: keep theirs, or save yours over it.")
        self.later.set(article.slug, segment.id, False)  # checked: no longer for later
        self._remember(article, list(result.entries))
        return 200, self._saved(article, segment, list(result.entries), "saved",
                                planned.message + " The site shows it after the next build.")

    @staticmethod
    def _same_text(article: Article, segment: Segment, entries: list[Entry], english: str) -> bool:
        """The memory already holds this English as checked by an editor (two tabs accepting the
        same draft): no conflict to show."""
        shown = resolve(article, entries).get(segment.id)
        try:
            return (shown is not None and shown.status.is_human and not shown.stale
                    and shown.en == clean_english(english))
        except Refused:
            return False

    def mark_later(self, data: Any) -> Answer:
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) \
                or not isinstance(data.get("slug"), str) or not isinstance(data.get("later"), bool):
            raise Refused("a mark needs 'slug', 'id' and 'later' (true or false)", status=400)
        article = self.article(data["slug"])
        segment = next((s for s in article.segments() if s.id == data["id"]), None)
        if segment is None:
            raise Refused(f"{article.slug} has no sentence {data['id']}; reload the page", status=409)
        self.later.set(article.slug, segment.id, data["later"])
        entries = self.entries(article.slug)
        message = "Marked for later." if data["later"] else "No longer marked for later."
        return 200, self._saved(article, segment, entries, "marked", message)

    def _saved(self, article: Article, segment: Segment, entries: list[Entry], result: str,
               message: str) -> dict[str, Any]:
        later = segment.id in self.later.of(article.slug)
        return {"result": result, "message": message,
                "segment": one_segment_view(article, segment, entries, self.glossary(), later),
                "progress": self.progress(article).as_json(),
                "briefing": self.briefing_progress().as_json()}

    def _conflict(self, article: Article, segment: Segment, entries: list[Entry], yours: str, kind: str,
                  message: str) -> Answer:
        later = segment.id in self.later.of(article.slug)
        return 409, {"conflict": kind, "error": message, "yours": yours,
                     "theirs": one_segment_view(article, segment, entries, self.glossary(), later)}

