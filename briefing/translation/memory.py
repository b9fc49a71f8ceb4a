"""The translation memory: one committed YAML file per article, `translations/{slug}.yml`.

Each entry maps a source segment (by the hash of its normalised text) to English with its
provenance. An article's file may hold several entries for one segment (a machine draft and an
editor's text); `resolve` picks what is shown: human text always wins over machine, and an
entry whose source no longer matches is shown only as *stale*, never silently reused.
Files are written atomically (temp file + rename) under the memory's lock (`tm_lock`), held
only while one writer reads, merges and writes: `briefing translate` takes it around each save
of its finished batches (its own `run_lock` keeps a second run out), so an editor's save
(`save_segment`), a worksheet import and a running translation all get their turn within
milliseconds, and each merges into the file as it is, never into an old copy of it.
`save_segment` stores one editor's English for one segment only if the segment is still as the
editor saw it (`segment_version`), so no edit is written over another.

`date` is the day of a machine draft (`2026-11-22`) or the time of a human save, ISO 8601 with
the offset of the clock that saved it (`2026-11-22T14:05:09+01:00`); files with days only, as
every file written before, read as they are.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

import yaml

from briefing.editor_yaml import as_text, collect, date_problem, line_of, load_text, read_text_file, raise_problems, where
from briefing.errors import BriefingError, InputError, LockedError
from briefing.io import write_if_changed
from briefing.model import Article, Segment, Status, Translation, source_hash
from briefing.translation.memory_lines import read_as_written

try:  # libyaml: ~10x faster
    from yaml import CSafeDumper as _Dumper
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]


HEADER = ("# Translation memory for one article (see README, 'Translation memory').\n"
          "# Human statuses (editor, edited, reviewed) always win over machine drafts;\n"
          "# 'hash' keys the entry to its source text: edit 'en', never 'hash'.\n")
_FIELDS = ("id", "hash", "source", "en", "status", "engine", "model", "date")
# written only when non-empty, so files without them stay as they were
_OPTIONAL = ("by", "flags")
_REQUIRED = ("id", "hash", "en", "status", "engine")


@dataclass(frozen=True)
class Entry:
    """One stored translation of one source segment."""

    id: str
    hash: str
    source: str
    en: str
    status: Status
    engine: str
    model: str = ""
    date: str = ""  # the day of a draft, the time of a human save (see the module's docstring)
    # what the machine run noticed about this draft (see qa.RUN_CODES): "truncated",
    # "split-clauses", "placeholder"; an editor's entry carries none
    flags: tuple[str, ...] = ()
    by: str = ""  # who saved it, for entries saved by `briefing review` (never published)

    def to_translation(self, *, stale: bool = False) -> Translation:
        """What the site shows: the day only (the time of a save stays in the memory)."""
        return Translation(en=self.en, status=self.status, engine=self.engine, model=self.model,
                           date=self.date[:10], source_hash=self.hash, stale=stale,
                           flags=self.flags if self.status is Status.MACHINE else ())


def tm_path(tm_dir: Path, slug: str) -> Path:
    return tm_dir / f"{slug}.yml"


# ---------------------------------------------------------------- when an entry was written

_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([+-]\d{2}:\d{2}|Z)")
_MOMENT_FORM = "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM (a time needs its offset), e.g. 2025-01-28T14:05:00+08:00"
# a day without a time counts as the first moment any clock shows that date (UTC+14): a save
# stamped with a time on the same day, anywhere, is the newer one (only this code writes times)
_DAY_STARTS = dt.timezone(dt.timedelta(hours=14))


def now_stamp() -> str:
    """The time of a human save as the memory records it: this clock's time, with its offset."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


@lru_cache(maxsize=65536)
def when_problem(value: str) -> str | None:
    """Why `value` is not an entry's `date` (a day, or a time with its offset); None when it is."""
    if "T" not in value:
        problem = date_problem(value)
        return problem and problem.replace("YYYY-MM-DD, e.g. 2025-01-28", _MOMENT_FORM)
    if not _MOMENT.fullmatch(value):
        return f"'{value}' is not a day or a time with its offset; write {_MOMENT_FORM}"
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return f"'{value}' is not a real time (no such day, hour or minute); write {_MOMENT_FORM}"
    return None


@lru_cache(maxsize=65536)
def when_key(value: str) -> float:
    """`date` as a number that orders entries by when they were written (0 when it has none)."""
    if not value:
        return 0.0
    try:
        if "T" in value:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        return dt.datetime.fromisoformat(value).replace(tzinfo=_DAY_STARTS).timestamp()
    except ValueError:
        return 0.0  # checked when read: only an entry made in code can get here


# ---------------------------------------------------------------- reading

_HINT = "fix the entry, or restore the file from git (git checkout -- FILE)"


def parse_tm(text: str, path: Path, *, keep_lines: bool = True) -> list[Entry]:
    """Parse one memory file; every damaged entry is reported, naming file, line and key.
    `keep_lines`: remember each entry's lines for writing the file again (`_remember_blocks`);
    a reader that never writes memory (the build) saves that work."""
    written = _entries_as_written(text, path, keep_lines)
    if written is not None:
        return written
    data = load_text(text, path, what="translation memory is not valid YAML",
                     hint="restore it from git (git checkout -- FILE) or fix that line; "
                          "briefing never rewrites a damaged memory")
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("entries") or [], list):
        raise InputError("translation memory must be a mapping with a list 'entries'", path=path,
                         line=1, hint="restore it from git or compare with another file in translations/")
    entries: list[Entry] = []
    problems: list[str] = []
    for raw in data.get("entries") or []:
        entry = _entry_from(raw, path, problems)
        if entry is not None:
            entries.append(entry)
    raise_problems(problems, f"{path}: damaged entries", hint=_HINT)
    return entries


def _entries_as_written(text: str, path: Path, keep_lines: bool = True) -> list[Entry] | None:
    """The entries of a file as `dump_tm` writes them, read line by line (fast); None when the
    file is outside that form or has a problem: then YAML reads it and reports each problem."""
    data = read_as_written(text)
    if data is None:
        return None
    problems: list[str] = []
    entries = [_entry_from(raw, path, problems) for raw in data["entries"]]
    if problems:
        return None
    found = [e for e in entries if e is not None]
    if keep_lines:
        _remember_blocks(text, found)
    return found


def _remember_blocks(text: str, entries: list[Entry]) -> None:
    """Keep each entry's lines as the file has them, for `dump_tm` to write again: saving one
    segment (`save_segment`) then makes YAML for that entry only, not the article's hundred
    (PyYAML's representer takes ~0.1 ms an entry). Only when the entries' lines hold nothing else."""
    _, sep, body = text.partition("\nentries:\n")
    if not sep or not body.endswith("\n"):
        return
    blocks: list[list[str]] = []
    for line in body[:-1].split("\n"):
        if line.startswith("- "):
            blocks.append([line])
        elif line.startswith("  ") and blocks:
            blocks[-1].append(line)
        else:
            return  # a comment or blank line among the entries: leave it to YAML
    if len(blocks) == len(entries) and len(_CHUNKS) + len(blocks) <= _CHUNKS_MAX:
        for e, lines in zip(entries, blocks):  # as last read: a file is written again as it was
            _CHUNKS[e] = "\n".join(lines) + "\n"


def _entry_from(raw: object, path: Path, problems: list[str]) -> Entry | None:
    """One entry, or None after adding its problems (file:line: key: what to write)."""
    def fail(msg: str, key: str = "") -> None:
        problems.append(where(path, line_of(raw, key or None)) + msg)  # the message names the key
    if not isinstance(raw, dict):
        fail("entry must be a mapping with keys " + ", ".join(_REQUIRED))
        return None
    missing = [k for k in _REQUIRED if k not in raw or raw[k] is None]
    if missing:
        fail(f"entry lacks {', '.join(missing)}")
        return None
    unknown = sorted("(empty)" if k is None else str(k) for k in raw
                     if k not in _FIELDS and k not in _OPTIONAL)
    if unknown:
        fail(f"entry has unknown key(s) {', '.join(unknown)}; known: {', '.join(_FIELDS + _OPTIONAL)}",
             unknown[0])
        return None
    flags = raw.get("flags") or []
    if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
        fail("'flags' must be a list of short codes, e.g. [truncated]", "flags")
        return None
    lists = [k for k in _FIELDS + ("by",) if isinstance(raw.get(k), (dict, list))]
    if lists:
        fail(f"'{lists[0]}' must be text (quote it), not a {'list' if isinstance(raw[lists[0]], list) else 'mapping'}",
             lists[0])
        return None
    try:
        status = Status(str(raw["status"]))
    except ValueError:
        fail(f"entry {raw.get('id')}: status '{raw['status']}' is not one of {', '.join(s.value for s in Status)}", "status")
        return None
    values = {k: as_text(raw.get(k)) for k in _FIELDS if k != "status"}
    if not re.fullmatch(r"[0-9a-f]{16}", values["hash"]):
        fail(f"hash '{values['hash']}' is not 16 hex digits", "hash")
        return None
    if values["source"] and source_hash(values["source"]) != values["hash"]:
        fail(f"entry {values['id']}: hash does not match its source text "
             "(was 'source' or 'hash' edited by hand?)", "hash")
        return None
    if not values["en"].strip():
        fail(f"entry {values['id']}: 'en' is empty", "en")
        return None
    if values["date"]:
        problem = when_problem(values["date"])
        if problem:
            fail(f"entry {values['id']}: date {problem}", "date")
            return None
    return Entry(status=status, flags=tuple(flags), by=as_text(raw.get("by")).strip(),
                 **values)


def read_tm(path: Path, *, keep_lines: bool = True) -> list[Entry]:
    """Entries of one article's memory; a missing file is an empty memory. `keep_lines=False`
    for a reader that will not write the file (see parse_tm)."""
    try:
        text = read_text_file(path, what="translation memory")
    except FileNotFoundError:
        return []
    return parse_tm(text, path, keep_lines=keep_lines)


def read_memories(tm_dir: Path, slugs: Iterable[str]) -> dict[str, list[Entry]]:
    """Every listed article's memory; the problems of all damaged files are raised together."""
    memories: dict[str, list[Entry]] = {}
    problems: list[str] = []
    for slug in slugs:
        try:
            memories[slug] = read_tm(tm_path(tm_dir, slug))
        except BriefingError as exc:
            collect(problems, exc)
    raise_problems(problems, "the translation memory has problems", hint=_HINT)
    return memories


# ---------------------------------------------------------------- resolving

_RANK = {Status.EDITOR: 3, Status.REVIEWED: 3, Status.EDITED: 3, Status.MACHINE: 1}


def _best(entries: Iterable[Entry]) -> Entry | None:
    """Human over machine; then the newest (`when_key`: one instant on two clocks is one time);
    then, at the same time, the later one in the file."""
    best = None
    for e in entries:
        if best is None or (_RANK[e.status], when_key(e.date)) >= (_RANK[best.status], when_key(best.date)):
            best = e
    return best


def resolve(article: Article, entries: Iterable[Entry]) -> dict[str, Translation]:
    """The translation shown for each segment of `article` (absent = pending)."""
    by_hash: dict[str, list[Entry]] = {}
    by_id: dict[str, list[Entry]] = {}
    for e in entries:
        by_hash.setdefault(e.hash, []).append(e)
        by_id.setdefault(e.id, []).append(e)
    out: dict[str, Translation] = {}
    for seg in article.segments():
        match = _best(by_hash.get(seg.hash, ()))
        if match is not None:
            out[seg.id] = match.to_translation()
            continue
        old = _best(by_id.get(seg.id, ()))
        if old is not None:
            out[seg.id] = old.to_translation(stale=True)
    return out


def missing_segments(article: Article, translations: Mapping[str, Translation]) -> list[Segment]:
    """Segments with no current (non-stale) English."""
    return [s for s in article.segments()
            if s.id not in translations or translations[s.id].stale]


# ---------------------------------------------------------------- writing

def merge_entries(existing: Iterable[Entry], new: Iterable[Entry]) -> list[Entry]:
    """Add `new` entries, in order. A machine entry replaces only the machine entry of the same
    source, engine and model; a human entry replaces every human entry of the same source (the
    newest editor's text is the one kept, whatever the day or the order in the file); human
    entries are never replaced by machine ones, and machine drafts stay beside human text (for
    the post-edit distance)."""
    merged: list[Entry | None] = list(existing)
    machine = {(e.hash, e.engine, e.model): i for i, e in enumerate(merged)
               if e is not None and e.status is Status.MACHINE}
    for e in new:
        if e.status is Status.MACHINE:
            key = (e.hash, e.engine, e.model)
            if key in machine:
                merged[machine[key]] = e
                continue
            machine[key] = len(merged)
        else:
            merged = [None if old is not None and old.hash == e.hash and old.status.is_human else old
                      for old in merged]
        merged.append(e)
    return [e for e in merged if e is not None]


def _order_key(article_order: Mapping[str, int]) -> Callable[[Entry], tuple[int, str, int, str]]:
    def key(e: Entry) -> tuple[int, str, int, str]:
        return (article_order.get(e.id, 1 << 30), e.id, -_RANK[e.status], e.date)
    return key


def dump_tm(slug: str, entries: Iterable[Entry], order: Mapping[str, int] | None = None) -> str:
    """The file text: entries in reading order, one key per line, stable across runs.

    The same text as dumping the whole document at once, but each entry's YAML is made once
    and reused: `briefing translate` rewrites an article's file after every batch, and
    PyYAML's representer would otherwise spend more time than a fast model."""
    ordered = sorted(entries, key=_order_key(order or {}))
    head = _dump({"article": slug})
    if not ordered:
        return HEADER + head + "entries: []\n"
    return HEADER + head + "entries:\n" + "".join(_entry_yaml(e) for e in ordered)


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=1 << 20, default_flow_style=False)


_CHUNKS: dict[Entry, str] = {}  # an entry's lines in a file; one of the entries written or read
_CHUNKS_MAX = 200_000  # bound the cache on very large memories


def _entry_yaml(e: Entry) -> str:
    """One entry as a block-sequence item ("- id: ...\n  hash: ...\n"), cached."""
    text = _CHUNKS.get(e)
    if text is None:
        if len(_CHUNKS) > _CHUNKS_MAX:
            _CHUNKS.clear()
        text = _CHUNKS[e] = _dump([_entry_data(e)])
    return text


def _entry_data(e: Entry) -> dict[str, object]:
    data: dict[str, object] = {k: (getattr(e, k).value if k == "status" else getattr(e, k)) for k in _FIELDS}
    if e.by:
        data["by"] = e.by
    if e.flags:
        data["flags"] = list(e.flags)
    return data


def write_tm(path: Path, slug: str, entries: Iterable[Entry],
             order: Mapping[str, int] | None = None) -> bool:
    """Write one article's memory atomically; returns False when the text is unchanged."""
    return write_if_changed(path, dump_tm(slug, entries, order))


def reading_order(article: Article) -> dict[str, int]:
    return {s.id: i for i, s in enumerate(article.segments())}


def entry_for(segment: Segment, en: str, status: Status, engine: str, model: str = "",
              date: str = "", flags: tuple[str, ...] = (), by: str = "") -> Entry:
    return Entry(id=segment.id, hash=segment.hash, source=segment.source, en=en,
                 status=status, engine=engine, model=model, date=date, flags=flags, by=by)


_LOCK_POLL = 0.02  # seconds between tries while waiting for a lock
# seconds a writer that is not an editor at the page waits for the memory's lock: each holder
# keeps it for one read-merge-write (milliseconds), so only a stuck process makes anyone wait
LOCK_WAIT = 10.0


@contextlib.contextmanager
def tm_lock(tm_dir: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """The memory's lock: exclusive, held by one writer while it reads, merges and writes (a
    review save, a worksheet import, one save of a translate run's finished batches). Waits up
    to `wait` seconds for the writer before, then fails with a clear message."""
    with _file_lock(tm_dir / ".lock", wait,
                    "another briefing process (a translate run saving its drafts, a review save or "
                    "a worksheet import) has held the translation memory's lock for "
                    f"{wait:g} s", "try again; if it stays locked, look for a stopped or "
                    "suspended 'briefing' process (ps) and let it finish or end it"):
        yield


@contextlib.contextmanager
def run_lock(tm_dir: Path) -> Iterator[None]:
    """Held by `briefing translate` for its whole run: a second run is refused at once (two runs
    would draft the same segments twice). Editors' saves do not take it."""
    with _file_lock(tm_dir / ".translate.lock", 0.0,
                    "another 'briefing translate' is writing the translation memory",
                    "wait for it to finish, then run again"):
        yield


@contextlib.contextmanager
def _file_lock(lock_path: Path, wait: float, message: str, hint: str) -> Iterator[None]:
    """flock on `lock_path` (made when missing), waiting up to `wait` seconds; `LockedError`
    (`message`, `hint`, naming the memory folder) when it stays taken. A process that dies
    holding it lets it go (the system releases it)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    with open(lock_path, "a+") as handle:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise LockedError(message, path=lock_path.parent, hint=hint) from None
                time.sleep(_LOCK_POLL)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# ---------------------------------------------------------------- saving one segment

def segment_version(segment: Segment, entries: Iterable[Entry]) -> str:
    """The version of one segment in the memory: a hash of its source and of every entry for it
    (by source or by id, so a new machine draft or another editor's save changes it)."""
    mine = sorted(json.dumps(_entry_data(e), ensure_ascii=False, sort_keys=True)
                  for e in entries if e.hash == segment.hash or e.id == segment.id)
    return hashlib.sha256("\n".join([segment.hash, *mine]).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class SegmentSave:
    """What `save_segment` did: saved, or not because the segment changed (a conflict)."""

    saved: bool
    version: str  # the segment's version now
    entries: tuple[Entry, ...]  # the article's memory now


def save_segment(tm_dir: Path, article: Article, entry: Entry, expected_version: str, *,
                 wait: float = 2.0) -> SegmentSave:
    """Store `entry` (human English for one segment of `article`) if that segment's version is
    still `expected_version`; otherwise write nothing and return the memory as it now is.

    Under the memory's lock (waiting up to `wait` seconds for another writer), read, check and
    write atomically. The entry replaces the segment's other human entries of the same source
    (the newest editor's text is the one shown); machine drafts stay beside it, as they do for
    a worksheet import, for the post-edit distance."""
    segment = next((s for s in article.segments() if s.id == entry.id), None)
    if segment is None or segment.hash != entry.hash or not entry.status.is_human:
        raise ValueError(f"{entry.id}: not a human entry for a current segment of {article.slug}")
    with tm_lock(tm_dir, wait=wait):
        path = tm_path(tm_dir, article.slug)
        entries = read_tm(path)
        current = segment_version(segment, entries)
        if current != expected_version:
            return SegmentSave(False, current, tuple(entries))
        entries = merge_entries(entries, [entry])
        write_tm(path, article.slug, entries, reading_order(article))
    return SegmentSave(True, segment_version(segment, entries), tuple(entries))
