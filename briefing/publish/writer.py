"""The only code that writes into docs/: changed pages only, stale generated pages removed.

Generated files are listed in a manifest (docs/.briefing-manifest.json, path → sha256). A file
not in the manifest is hand-written (About, Method, assets) and is never overwritten or
removed: a generated page that would land on one is an error, reported before anything is
written. Each file is written atomically, so a reader (or `mkdocs serve`) never sees half a page.

A generated file edited by hand is overwritten by the next build. To see that without reading
every file back (~100 MB at 1,000 articles), the build keeps a record (outside the folder:
build/cache/) of what the file system said of each file as written — size, modification time,
inode, status-change time — with its hash and the time of the record: a file that still shows
exactly that, under the hash the manifest expects, is as written; any other is read and hashed.
As in git's "racy" check, a file modified within RACY_NS of the record is hashed anyway: an edit
in the same tick of the file system's clock, to the same size, would leave its times alone.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

from briefing.errors import BuildError, ValidationError
from briefing.io import write_bytes_atomic, write_text_atomic
from briefing.publish.cache import read_record, write_record

MANIFEST = ".briefing-manifest.json"
GENERATED_SUFFIXES = (".md", ".json", ".xml")  # pages, per-article gloss and search data, the Atom feed
RACY_NS = 2_000_000_000  # 2 s: coarser than any file system clock a build runs on (FAT: 2 s)
Seen = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


@dataclass
class WriteReport:
    """What write_pages did, by relative path."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def read_manifest(docs: Path, suffixes: tuple[str, ...] = GENERATED_SUFFIXES) -> dict[str, str]:
    """Generated files from the last build (path → sha256); empty when there is none."""
    path = docs / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (ValueError, UnicodeDecodeError):
        raise BuildError("the list of generated pages is damaged", path=path,
                         hint="delete it and the generated pages (docs/index.md, docs/articles/), "
                              "then build again") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise BuildError("the list of generated pages has no 'files' mapping", path=path,
                         hint="delete it and the generated pages, then build again")
    unsafe = [str(k) for k in files if not _safe(str(k), suffixes)]
    if unsafe:  # never delete or overwrite outside docs/ on the word of a damaged manifest
        raise BuildError(f"the list of generated pages names paths outside docs/: {', '.join(unsafe)}",
                         path=path, hint="delete it and the generated pages, then build again")
    return {str(k): str(v) for k, v in files.items()}


def _read_seen(record: Path | None) -> dict[str, tuple[Seen, str]]:
    """The files whose stat vouches for their content (see the module's docstring): what each
    showed as written and the hash it was written with, for those modified at least RACY_NS
    before the record was made. {} when there is none or it is unreadable."""
    if record is None:
        return {}
    data = read_record(record)
    try:
        at, files = int(data["at"]), data["files"]
        return {str(rel): ((int(v[0]), int(v[1]), int(v[2]), int(v[3])), str(v[4]))
                for rel, v in files.items() if int(v[1]) < at - RACY_NS}
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return {}


def _seen(path: Path) -> Seen | None:
    """What the file system says of a regular file at `path` (None: there is none)."""
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns) if stat.S_ISREG(st.st_mode) else None


def _safe(rel: str, suffixes: tuple[str, ...] = GENERATED_SUFFIXES) -> bool:
    """A generated file's path: relative, inside the folder, not hidden, of a generated kind."""
    pure = PurePosixPath(rel)
    return not (pure.is_absolute() or ".." in pure.parts or rel.startswith(".")
                or not rel.endswith(suffixes))


IN_THE_WAY = "a hand-written file is where a generated page"


def check_paths(docs: Path, pages: Iterable[str], manifest: Mapping[str, str],
                suffixes: tuple[str, ...] = GENERATED_SUFFIXES) -> list[str]:
    """Problems with the target paths: unsafe names, or hand-written files in the way."""
    problems = []
    for rel in pages:
        if not _safe(rel, suffixes):
            problems.append(f"refusing to write '{rel}': generated files are relative "
                            f"{', '.join(suffixes)} paths inside {docs.name}/")
            continue
        target = docs / rel
        if target.exists() and rel not in manifest:
            problems.append(f"{target}: {IN_THE_WAY} would go; "
                            "rename it (or remove it if it is an old generated page)")
    return problems


LISTED = 20  # problems listed one by one; the rest are counted by folder


def shortened(problems: list[str]) -> list[str]:
    """The first LISTED problems, then how many more and in which folders (a lost manifest
    puts thousands of files in the way: a message that long is read by nobody)."""
    if len(problems) <= LISTED:
        return problems
    rest: dict[str, int] = {}
    for problem in problems[LISTED:]:  # IN_THE_WAY ones start with their path
        path, _, what = problem.partition(": ")
        where = f"in {PurePosixPath(path).parent}/" if what.startswith(IN_THE_WAY) else "other"
        rest[where] = rest.get(where, 0) + 1
    where = ", ".join(f"{n} {place}" for place, n in sorted(rest.items()))
    return problems[:LISTED] + [f"… and {len(problems) - LISTED} more: {where}"]


@dataclass(frozen=True)
class Staged:
    """A generated file a worker process made ready for write_pages (`stage_files`): its hash,
    and the staging file holding its new content ("" when the folder's file already holds it,
    `seen` then being what the file system showed of that file)."""

    digest: str
    waiting: str = ""
    seen: Seen | None = None


@dataclass(frozen=True)
class Folder:
    """What `stage_files` needs to know of a folder write_pages will write (read once, before
    the workers fork): the last manifest, the files whose stat vouches for their content, and
    the staging folder (build/, the same file system as the project's folders)."""

    path: Path
    manifest: Mapping[str, str]
    trusted: Mapping[str, tuple[Seen, str]]
    staging: Path

    @classmethod
    def of(cls, path: Path, staging: Path, suffixes: tuple[str, ...] = GENERATED_SUFFIXES,
           record: Path | None = None) -> Folder:
        return cls(path, read_manifest(path, suffixes), _read_seen(record), staging)


def stage_files(folder: Folder, files: Mapping[str, str], name: str) -> dict[str, Staged]:
    """For write_pages, in a worker process: each file of `files` (relative path → text)
    hashed and, unless `folder` already holds it as the last build wrote it, written into the
    staging folder (as `name`.<n>), where write_pages takes it from (a rename) once the whole
    build has been checked. So the workers encode, hash and write their own articles' files,
    and the parent receives a hash a file instead of its text (at 1,000 articles ~150 MB)."""
    staged: dict[str, Staged] = {}
    for n, (rel, text) in enumerate(files.items()):
        data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        now = as_written(folder, rel, digest)
        if now is not None:
            staged[rel] = Staged(digest, seen=now)
            continue
        waiting = folder.staging / f"{name}.{n}"
        try:
            waiting.write_bytes(data)
        except FileNotFoundError:
            folder.staging.mkdir(parents=True, exist_ok=True)
            waiting.write_bytes(data)
        staged[rel] = Staged(digest, str(waiting))
    return staged


def as_written(folder: Folder, rel: str, digest: str) -> Seen | None:
    """What the file system shows of `folder`'s file `rel` when it holds the content hashed
    `digest` as the last build wrote it (the manifest says so and its stat or its bytes agree,
    as write_pages checks); None when it does not."""
    if folder.manifest.get(rel) != digest:
        return None
    target = folder.path / rel
    now = _seen(target)
    if now is not None and (folder.trusted.get(rel) == (now, digest) or _file_sha(target) == digest):
        return now
    return None


def stage_if_changed(target: Path, text: str, waiting: Path) -> str:
    """For `put_in_place`, in a worker process: `text` written to `waiting` unless `target`
    already holds exactly it (io.write_if_changed's test); returns where it waits ("": unchanged)."""
    data = text.encode("utf-8")
    try:
        if target.read_bytes() == data:
            return ""
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    try:
        waiting.write_bytes(data)
    except FileNotFoundError:
        waiting.parent.mkdir(parents=True, exist_ok=True)
        waiting.write_bytes(data)
    return str(waiting)


def put_in_place(waiting: str, target: Path) -> None:
    """Move a staged file to `target` (a rename: atomic, as write_bytes_atomic's)."""
    try:
        os.replace(waiting, target)
    except FileNotFoundError:
        if not os.path.exists(waiting):
            raise
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(waiting, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        write_bytes_atomic(target, Path(waiting).read_bytes(), durable=False)  # another file system
        os.unlink(waiting)


def write_pages(docs: Path, pages: Mapping[str, str],
                suffixes: tuple[str, ...] = GENERATED_SUFFIXES, record: Path | None = None,
                staged: Mapping[str, Staged] | None = None) -> WriteReport:
    """Write `pages` under `docs`: only changed files; remove generated files no longer produced.
    (Also used for build/search/source/, whose files are .html.) `record`: where the stat record
    of the files as written is kept (see the module's docstring); None: every file is hashed.
    `staged`: more files, which worker processes hashed and wrote into a staging folder
    (`stage_files`); they are checked, listed and put in place as `pages` are."""
    staged = staged or {}
    manifest = read_manifest(docs, suffixes)
    problems = check_paths(docs, [*pages, *staged], manifest, suffixes)
    if problems:
        hint = None
        if not manifest and not (docs / MANIFEST).exists() and len(problems) > 1:
            # e.g. docs/ copied without its dot-files: these are most likely an earlier build's
            hint = (f"the list of generated pages ({docs / MANIFEST}) is missing; if these files are "
                    f"from an earlier build, delete them and build again")
        raise ValidationError(shortened(problems), summary="cannot write the generated pages",
                              hint=hint, total=len(problems))
    report = WriteReport()
    encoded = {rel: text.encode("utf-8") for rel, text in sorted(pages.items())}  # once: 100 MB at 1,000 articles
    new_manifest = {rel: hashlib.sha256(data).hexdigest() for rel, data in encoded.items()}
    new_manifest.update((rel, made.digest) for rel, made in staged.items())
    trusted = _read_seen(record)
    seen: dict[str, tuple[Seen, str]] = {}
    if any(rel not in manifest for rel in new_manifest):
        # list new pages before writing them: a build interrupted half way must not leave
        # generated pages that the next build takes for hand-written ones
        _write_manifest(docs, {**manifest, **new_manifest})
    for rel, data in encoded.items():
        target = docs / rel
        digest = new_manifest[rel]
        if manifest.get(rel) == digest:
            # compare with the file itself, not only the manifest: a hand edit is overwritten
            now = _seen(target)
            if now is not None and (trusted.get(rel) == (now, digest) or _file_sha(target) == digest):
                report.unchanged.append(rel)
                seen[rel] = (now, digest)
                continue
        write_bytes_atomic(target, data, durable=False)  # generated: the next build remakes it
        report.written.append(rel)
        now = _seen(target)
        if now is not None:
            seen[rel] = (now, digest)
    for rel, made in sorted(staged.items()):
        target = docs / rel
        if not made.waiting:
            report.unchanged.append(rel)
            if made.seen is not None:
                seen[rel] = (made.seen, made.digest)
            continue
        put_in_place(made.waiting, target)
        report.written.append(rel)
        now = _seen(target)
        if now is not None:
            seen[rel] = (now, made.digest)
    for rel in sorted(set(manifest) - set(new_manifest)):
        target = docs / rel
        if target.is_file():
            target.unlink()
            report.removed.append(rel)
        _remove_empty_dirs(target.parent, docs)
    if new_manifest != manifest or not (docs / MANIFEST).exists():
        _write_manifest(docs, new_manifest)
    if record is not None and seen != trusted:  # (also to vouch for the files hashed this time)
        write_record(record, {"note": f"What the files of {docs} showed as written (briefing/publish/writer.py).",
                              "at": time.time_ns(), "files": {rel: [*st, sha] for rel, (st, sha) in seen.items()}},
                     durable=False)
    return report


def _write_manifest(docs: Path, files: Mapping[str, str]) -> None:
    write_text_atomic(docs / MANIFEST, json.dumps(
        {"note": "Pages generated by `briefing build`; any other file in docs/ is hand-written.",
         "files": dict(sorted(files.items()))}, ensure_ascii=False, indent=1) + "\n")


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _remove_empty_dirs(folder: Path, docs: Path) -> None:
    while folder != docs and docs in folder.parents:
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return
        folder = folder.parent
