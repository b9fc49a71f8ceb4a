"""The only code that writes into docs/: changed pages only, stale generated pages removed.

Generated files are listed in a manifest (docs/.briefing-manifest.json, path → sha256). A file
not in the manifest is hand-written (About, Method, assets) and is never overwritten or
removed: a generated page that would land on one is an error, reported before anything is
written. Each file is written atomically, so a reader (or `mkdocs serve`) never sees half a page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Mapping

from briefing.errors import BuildError, ValidationError
from briefing.io import write_bytes_atomic, write_text_atomic

MANIFEST = ".briefing-manifest.json"
GENERATED_SUFFIXES = (".md", ".json", ".xml")  # pages, per-article gloss and search data, the Atom feed


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




def _safe(rel: str, suffixes: tuple[str, ...] = GENERATED_SUFFIXES) -> bool:
    """A generated file's path: relative, inside the folder, not hidden, of a generated kind."""
    pure = PurePosixPath(rel)
    return not (pure.is_absolute() or ".." in pure.parts or rel.startswith(".")
                or not rel.endswith(suffixes))


IN_THE_WAY = "a hand-written file is where a generated page"


def check_paths(docs: Path, pages: Mapping[str, str], manifest: Mapping[str, str],
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


def write_pages(docs: Path, pages: Mapping[str, str],
                suffixes: tuple[str, ...] = GENERATED_SUFFIXES) -> WriteReport:
    """Write `pages` under `docs`: only changed files; remove generated files no longer produced.
    (Also used for build/search/source/, whose files are .html.)"""
    manifest = read_manifest(docs, suffixes)
    problems = check_paths(docs, pages, manifest, suffixes)
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
    if any(rel not in manifest for rel in pages):
        # list new pages before writing them: a build interrupted half way must not leave
        # generated pages that the next build takes for hand-written ones
        _write_manifest(docs, {**manifest, **new_manifest})
    for rel, data in encoded.items():
        target = docs / rel
        digest = new_manifest[rel]
        # compare with the file itself, not only the manifest: a hand edit is overwritten
        if manifest.get(rel) == digest and target.is_file() and _file_sha(target) == digest:
            report.unchanged.append(rel)
            continue
        write_bytes_atomic(target, data, durable=False)  # generated: the next build remakes it
        report.written.append(rel)
    for rel in sorted(set(manifest) - set(pages)):
        target = docs / rel
        if target.is_file():
            target.unlink()
            report.removed.append(rel)
        _remove_empty_dirs(target.parent, docs)
    if new_manifest != manifest or not (docs / MANIFEST).exists():
        _write_manifest(docs, new_manifest)
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
