"""The generation stamp: when no input changed since the last build, generation is skipped.

Inputs are every file the pages are made from (seeds/, translations/, curation/, briefing.yml,
the hand-written pages in docs/ that the nav lists) and briefing's own code; outputs are the
generated pages and the nav. Each is fingerprinted by path, size, modification time, inode and
status-change time, as make and ninja do with the first three: reading and hashing a thousand
seeds and their memory costs more than the whole no-op budget. The inode and ctime catch a save
in the same clock tick as the last build with the same size (the review screen saves a sentence
by writing a new file and renaming it over the old one: a new inode). The stamp (build/cache/generate.json) is written only
after a successful generation, so a failed build is never skipped next time.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Iterable

from briefing.config import Project
from briefing.publish.cache import read_record, write_record
from briefing.publish.pdf_store import MANIFEST as PDF_MANIFEST, STORE as PDF_STORE
from briefing.publish.writer import MANIFEST
from briefing.render.article_links import WHOLE_PDF

STAMP_FILE = Path("build/cache/generate.json")
_PACKAGE = Path(__file__).resolve().parent.parent  # the whole briefing package


def _walk(folder: Path) -> Iterable[os.DirEntry[str]]:
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue  # lock files, temp files of atomic writes, the writer's manifest
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield entry


def _fingerprint(paths: Iterable[tuple[str, os.DirEntry[str] | Path]]) -> str:
    h = hashlib.sha256()
    for name, entry in sorted(paths, key=lambda p: p[0]):
        try:
            st = entry.stat()
        except FileNotFoundError:
            h.update(f"{name}\0missing\n".encode("utf-8", "surrogateescape"))
            continue
        h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\0{st.st_ctime_ns}\n"
                 .encode("utf-8", "surrogateescape"))  # any file name
    return h.hexdigest()


def input_fingerprint(project: Project) -> str:
    """Of every file a generation reads, and of the code that reads it."""
    files: list[tuple[str, os.DirEntry[str] | Path]] = []
    for label, folder in (("seeds", project.seeds_dir), ("tm", project.tm_dir),
                          ("curation", project.curation_dir), ("code", _PACKAGE)):
        files += [(f"{label}/{e.path}", e) for e in _walk(folder)]
    files.append(("config", project.root / "briefing.yml"))
    files.append(("mkdocs", project.mkdocs_file))  # its site_url goes into the feed
    files.append(("pdf", project.root / PDF_STORE / PDF_MANIFEST))  # which PDFs the pages link
    return _fingerprint(files)


def output_fingerprint(project: Project, outputs: Iterable[str]) -> str:
    """Of the generated files (paths relative to the project root) and of the docs/ listing,
    so a hand-edited, deleted or added page is noticed."""
    docs = [(f"docs/{e.path}", e) for e in _walk(project.docs_dir)]
    docs += [(f"reports/{e.path}", e) for e in _walk(project.reports_dir)]
    manifest = project.docs_dir / MANIFEST
    return _fingerprint(docs + [(rel, project.root / rel) for rel in outputs]
                        + [("manifest", manifest)])


def read_stamp(project: Project) -> dict[str, Any]:
    """The last successful generation's stamp; {} when there is none or it is unreadable."""
    return read_record(project.root / STAMP_FILE)


def write_stamp(project: Project, data: dict[str, Any]) -> None:
    """Record a successful generation."""
    write_record(project.root / STAMP_FILE, data)


SITE_STAMP_FILE = Path("build/cache/site.json")


def site_fingerprints(project: Project, extra: Iterable[str], renderer: str = "mkdocs") -> dict[str, str]:
    """What the renderer reads (docs/ with its manifest, mkdocs.yml, the theme overrides, the
    generated configuration and search files in `extra`, briefing's code, the renderer's,
    Material's and Pagefind's versions) and what it wrote (site/): when both match the last
    build's, site/ is up to date."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        versions = (f"{renderer} {version(renderer)} {version('mkdocs-material')} "
                    f"{version('pagefind')}")
    except PackageNotFoundError:  # pragma: no cover - not installed as packages: never skip
        versions = os.urandom(8).hex()
    files: list[tuple[str, os.DirEntry[str] | Path]] = [(f"docs/{e.path}", e) for e in _walk(project.docs_dir)]
    files += [(f"overrides/{e.path}", e) for e in _walk(project.root / "overrides")]
    files += [(f"code/{e.path}", e) for e in _walk(_PACKAGE)]
    files += [(rel, project.root / rel) for rel in extra]
    files += [("manifest", project.docs_dir / MANIFEST), ("mkdocs.yml", project.mkdocs_file),
              (f"versions {versions}", project.mkdocs_file)]
    # the PDFs are put in after each build: left out (compared as names, as _walk gives them)
    folder, whole = str(project.site_dir / "pdf") + os.sep, str(project.site_dir / WHOLE_PDF)
    site = [(f"site/{e.path}", e) for e in _walk(project.site_dir)
            if not e.path.startswith(folder) and e.path != whole]
    return {"inputs": _fingerprint(files), "outputs": _fingerprint(site) if site else "empty"}


def read_site_stamp(project: Project) -> dict[str, Any]:
    """The last successful `mkdocs build`'s fingerprints; {} when none."""
    return read_record(project.root / SITE_STAMP_FILE)


def write_site_stamp(project: Project, data: dict[str, str]) -> None:
    """Record a successful `mkdocs build` (written after it, so a failed one is redone)."""
    write_record(project.root / SITE_STAMP_FILE, data)


def theme_fingerprint(project: Project, renderer: str = "mkdocs") -> str:
    """Of the theme overrides (names, sizes, times) and the renderer's, Material's versions."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        versions = f"{renderer} {version(renderer)} {version('mkdocs-material')}"
    except PackageNotFoundError:  # pragma: no cover - never equal twice: never incremental
        versions = os.urandom(8).hex()
    files: list[tuple[str, os.DirEntry[str] | Path]] = [(f"overrides/{e.path}", e) for e in _walk(project.root / "overrides")]
    return _fingerprint(files + [(f"versions {versions}", project.mkdocs_file)])
