"""The translation memory: one committed YAML file per article, `translations/{slug}.yml`.

Each entry maps a source segment (by the hash of its normalised text) to English with its
provenance. An article's file may hold several entries for one segment (a machine draft and an
editor's text); `resolve` picks what is shown: human text always wins over machine, and an
entry whose source no longer matches is shown only as *stale*, never silently reused.
Files are written atomically (temp file + rename) under a lock, so an interrupted or concurrent
run cannot corrupt them.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping

import yaml

from briefing.errors import InputError, LockedError, yaml_error
from briefing.io import write_text_atomic
from briefing.model import Article, Segment, Status, Translation, source_hash

try:  # the C loader is ~10x faster on large memories
    _Loader: type = yaml.CSafeLoader
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader, _Dumper = yaml.SafeLoader, yaml.SafeDumper


HEADER = ("# Translation memory for one article (see README, 'Translation memory').\n"
          "# Human statuses (editor, edited, reviewed) always win over machine drafts;\n"
          "# 'hash' keys the entry to its source text: edit 'en', never 'hash'.\n")
_FIELDS = ("id", "hash", "source", "en", "status", "engine", "model", "date")
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
    date: str = ""

    def to_translation(self, *, stale: bool = False) -> Translation:
        return Translation(en=self.en, status=self.status, engine=self.engine, model=self.model,
                           date=self.date, source_hash=self.hash, stale=stale)


def tm_path(tm_dir: Path, slug: str) -> Path:
    return tm_dir / f"{slug}.yml"


# ---------------------------------------------------------------- reading

def parse_tm(text: str, path: Path) -> list[Entry]:
    """Parse one memory file; any damage is an error naming file, line and key."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, path, what="translation memory is not valid YAML",
                         hint="restore it from git (git checkout -- FILE) or fix that line; "
                              "briefing never rewrites a damaged memory") from None
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
        raise InputError("translation memory must be a mapping with a list 'entries'", path=path,
                         line=1, hint="restore it from git or compare with another file in translations/")
    entries = []
    for i, raw in enumerate(data.get("entries") or []):
        try:
            entries.append(_entry_from(raw, path, None))
        except InputError:
            # only now pay for a second parse, to point at the entry's line
            lines = _entry_lines(yaml.compose(text, Loader=_Loader))
            _entry_from(raw, path, lines[i] if i < len(lines) else None)
            raise
    return entries


def _entry_lines(root: yaml.Node | None) -> list[int]:
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "entries" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _entry_from(raw: object, path: Path, line: int | None) -> Entry:
    def fail(msg: str) -> InputError:
        return InputError(msg, path=path, line=line,
                          hint="fix the entry, or restore the file from git")
    if not isinstance(raw, dict):
        raise fail("entry must be a mapping with keys " + ", ".join(_REQUIRED))
    missing = [k for k in _REQUIRED if k not in raw or raw[k] is None]
    if missing:
        raise fail(f"entry lacks {', '.join(missing)}")
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        raise fail(f"entry has unknown key(s) {', '.join(map(str, unknown))}; known: {', '.join(_FIELDS)}")
    try:
        status = Status(str(raw["status"]))
    except ValueError:
        raise fail(f"status '{raw['status']}' is not one of "
                   f"{', '.join(s.value for s in Status)}") from None
    values = {k: "" if raw.get(k) is None else str(raw[k]) for k in _FIELDS if k != "status"}
    if not re.fullmatch(r"[0-9a-f]{16}", values["hash"]):
        raise fail(f"hash '{values['hash']}' is not 16 hex digits")
    if values["source"] and source_hash(values["source"]) != values["hash"]:
        raise fail(f"entry {values['id']}: hash does not match its source text "
                   "(was 'source' or 'hash' edited by hand?)")
    if not values["en"].strip():
        raise fail(f"entry {values['id']}: 'en' is empty")
    return Entry(status=status, **values)  # type: ignore[arg-type]


def read_tm(path: Path) -> list[Entry]:
    """Entries of one article's memory; a missing file is an empty memory."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"translation memory is not UTF-8 (byte {exc.start})", path=path,
                         hint="restore it from git") from None
    return parse_tm(text, path)


# ---------------------------------------------------------------- resolving

_RANK = {Status.EDITOR: 3, Status.REVIEWED: 3, Status.EDITED: 3, Status.MACHINE: 1}


def _best(entries: Iterable[Entry]) -> Entry | None:
    """Human over machine; then the newest; then the last written."""
    best = None
    for e in entries:
        if best is None or (_RANK[e.status], e.date) >= (_RANK[best.status], best.date):
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
    """Add `new` entries. A machine entry replaces only the machine entry of the same
    source, engine and model; human entries are never replaced by machine ones."""
    merged = list(existing)
    index = {(e.hash, e.engine, e.model, e.status): i for i, e in enumerate(merged)}
    for e in new:
        key = (e.hash, e.engine, e.model, e.status)
        if key in index and (e.status is Status.MACHINE or merged[index[key]].status.is_human):
            merged[index[key]] = e
        else:
            index[key] = len(merged)
            merged.append(e)
    return merged


def _order_key(article_order: Mapping[str, int]):
    def key(e: Entry) -> tuple[int, str, int, str]:
        return (article_order.get(e.id, 1 << 30), e.id, -_RANK[e.status], e.date)
    return key


def dump_tm(slug: str, entries: Iterable[Entry], order: Mapping[str, int] | None = None) -> str:
    """The file text: entries in reading order, one key per line, stable across runs."""
    ordered = sorted(entries, key=_order_key(order or {}))
    data = {"article": slug, "entries": [
        {k: (getattr(e, k).value if k == "status" else getattr(e, k)) for k in _FIELDS}
        for e in ordered]}
    return HEADER + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                              width=1 << 20, default_flow_style=False)


def write_tm(path: Path, slug: str, entries: Iterable[Entry],
             order: Mapping[str, int] | None = None) -> bool:
    """Write one article's memory atomically; returns False when the text is unchanged."""
    text = dump_tm(slug, entries, order)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except FileNotFoundError:
        pass
    write_text_atomic(path, text)
    return True


def reading_order(article: Article) -> dict[str, int]:
    return {s.id: i for i, s in enumerate(article.segments())}


def entry_for(segment: Segment, en: str, status: Status, engine: str, model: str = "",
              date: str = "") -> Entry:
    return Entry(id=segment.id, hash=segment.hash, source=segment.source, en=en,
                 status=status, engine=engine, model=model, date=date)


@contextlib.contextmanager
def tm_lock(tm_dir: Path) -> Iterator[None]:
    """Exclusive lock on the memory folder; a second writer fails at once with a clear message."""
    tm_dir.mkdir(parents=True, exist_ok=True)
    lock_path = tm_dir / ".lock"
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise LockedError("another 'briefing translate' is writing the translation memory",
                                  path=tm_dir, hint="wait for it to finish, then run again") from None
            raise
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
