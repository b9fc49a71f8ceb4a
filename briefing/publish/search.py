"""The site's search index: Pagefind, run over the generated pages (site/pagefind/).

Pagefind (`pagefind[extended]` on PyPI ships the binary; its extended build segments Chinese)
writes an index split into small chunks, so a reader's browser loads only the chunks a query
needs instead of the whole index (Material's lunr index is ~40 KB per article).

What is indexed: the generated pages only (articles, home with summaries, timeline, glossary;
not the month archives), each as the small document publish/search_source.py makes of its
structure (render/structure.py): its texts with their Chinese once, normalised to Simplified
(queries are normalised the same way in the browser), less what the structure's NOT_SEARCHED
leaves out (reader controls, article metadata, QA flags, lists of links to articles…); the
result title is the page title. Material's navigation, header and footer are
never in it.

When: `briefing build` starts Pagefind on build/search/source/ in the background as soon as
that is written (after the article pages, before the rest of docs/), so it runs beside the rest
of the generation and MkDocs (one core; at a lower priority when much of the source changed, see
start_indexing), and puts the finished index into site/pagefind/ once MkDocs is done. `briefing
serve` indexes after each rebuild. The index is kept in build/search/index/ (site/pagefind/
holds links to it) with the key of the source it was made from; when the source has not changed
(only a hand-written page, mkdocs.yml or the theme did), that index is reused and Pagefind does
not run.

Two indexes (Pagefind "bundles"), one per language of the documents, made by two Pagefind runs
over the same source: site/pagefind/zh/ (the Chinese, segmented into words by Pagefind's
segmenter, which cannot take a user dictionary, so glossary names are found through their
segments; Latin words inside Chinese sentences index as words) and site/pagefind/en/ (the
English, stemmed: "exports" finds "export"). search.js asks the Chinese index when the query
has Chinese in it, else the English one, so a reader loads one index only. Two runs rather than
one: after parsing the pages (on all cores), Pagefind writes its index on one core, which is
what the build waited for after MkDocs; two runs write theirs at once, on two cores.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from briefing.config import Project
from briefing.errors import BuildError
from briefing.publish.processes import PAGEFIND_LIMIT, kill_group, start_program, wait_program
from briefing.publish.search_source import SOURCE_PAGE
from briefing.publish.cache import digest, read_record, write_record
from briefing.publish.writer import MANIFEST, write_pages

BUNDLE_DIR = "pagefind"  # site/pagefind/<bundle>/, loaded by docs/assets/search.js
SOURCE_RECORD = Path("build/cache/search-source-written.json")  # what its files showed as written (writer.py)


@dataclass(frozen=True)
class Bundle:
    """One of the site's search indexes: one language's text of the index documents."""

    name: str                    # site/pagefind/<name>/ (search.js knows the names)
    language: str                # Pagefind's --force-language: how words are split and stemmed
    leaves_out: tuple[str, ...]  # selectors of the other language's elements


BUNDLES = (Bundle("zh", "zh", ("[lang=en]",)),
           Bundle("en", "en", ("[lang=zh-Hans]", "[lang=zh-Hant]")))

# Indexing a built site directly, as one index (the benchmark's baseline): the same content as
# the index source holds (the source leaves these out itself).
LANGUAGE = "zh"
EXCLUDE_SELECTORS = (".bf-controls", ".bf-meta", ".bf-qa", ".zh-hant")


@dataclass(frozen=True)
class SearchIndexReport:
    """What Pagefind indexed: pages, and words in all its indexes together; `reused` when the
    index of an earlier build was made from the same source."""

    pages: int
    words: int
    seconds: float
    reused: bool = False


def _command(site_dir: Path, language: str, exclude: tuple[str, ...], output: list[str]) -> list[str]:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", language]
    for selector in exclude:
        cmd += ["--exclude-selectors", selector]
    return cmd + output


def pagefind_command(site_dir: Path) -> list[str]:
    """The Pagefind command line that indexes a built site as one index, into
    `site_dir`/pagefind/ (the benchmark's baseline: Pagefind added to any MkDocs site)."""
    return _command(site_dir, LANGUAGE, EXCLUDE_SELECTORS, ["--output-subdir", BUNDLE_DIR])


def bundle_command(source_dir: Path, bundle: Bundle, output_dir: Path) -> list[str]:
    """The Pagefind command line that indexes `bundle`'s language of the index documents under
    `source_dir` into `output_dir`."""
    return _command(source_dir, bundle.language, bundle.leaves_out, ["--output-path", str(output_dir)])


def parse_report(output: str) -> tuple[int, int]:
    """(pages, words) from Pagefind's summary lines ('Indexed 11 pages', 'Indexed 5729 words')."""
    def count(what: str) -> int:
        m = re.search(rf"Indexed (\d+) {what}", output)
        return int(m.group(1)) if m else 0
    return count("pages?"), count("words?")


BUSY_SHARE = 0.2  # more of the index source new, changed or gone than this: a build with much left to do


def write_search_source(project: Project, documents: Mapping[str, str]) -> bool:
    """build/search/source/: the index documents of the generated pages (changed ones only;
    those of removed pages go). True when more than BUSY_SHARE of them changed: then the rest
    of the build (writing docs/, the renderer) has as much to do, and Pagefind runs beside it
    at a lower priority (start_indexing)."""
    report = write_pages(project.search_source_dir, documents, suffixes=(".html",),
                         record=project.root / SOURCE_RECORD)
    return len(report.written) + len(report.removed) > BUSY_SHARE * max(1, len(documents))


def _background() -> None:
    """In the child before Pagefind starts: a lower priority, so the build it runs beside (the
    rest of the generation, MkDocs) keeps its core and Pagefind takes what is left."""
    os.nice(10)


@dataclass
class Indexing:
    """Pagefind running over the index source, one run per bundle, into the index folder; no
    runs when the index there was made from the same source (it is reused)."""

    procs: dict[str, subprocess.Popen[str]]  # by bundle name
    source: Path
    output: Path
    started: float
    key: str = ""  # what the index is made from (see index_key)
    made: dict[str, Any] = field(default_factory=dict)  # the stamp of the index reused: its key and counts

    def stop(self) -> None:
        """Stop the runs still going (a failure or an interruption: none is left behind)."""
        for proc in self.procs.values():
            kill_group(proc)


STAMP = "made-from.json"  # in build/search/index/: the key of the source it was made from


def index_key(source: Path) -> str:
    """What an index made from `source` depends on: the source's files (their hashes, in the
    manifest the writer keeps), Pagefind's version and the bundles' settings."""
    try:
        manifest = (source / MANIFEST).read_bytes()
    except OSError:
        return ""  # no manifest: never reused
    try:
        version = importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    return digest(manifest, version, repr(BUNDLES))


def _reusable(output: Path, key: str, made: dict[str, Any]) -> bool:
    """Whether the index in `output`, stamped `made`, was made from the source of `key`."""
    return bool(key) and made.get("key") == key and all(
        (output / b.name / "pagefind-entry.json").is_file() for b in BUNDLES)


def start_indexing(project: Project, background: bool = True) -> Indexing:
    """Start Pagefind on build/search/source/ in the background, a run per bundle (they write
    build/search/index/<bundle>/), unless the index there was made from this very source.
    `background`: at a lower priority (nice 10), so that a build with much left to do keeps its
    core; after a small change (an article added) Pagefind is most of what is left, and a lower
    priority only lets the machine's other work delay the build."""
    source, output = project.search_source_dir, project.search_index_dir
    if not (source / SOURCE_PAGE).is_file():
        raise BuildError("nothing to index for search: the index source has no home page",
                         path=source, hint="run 'briefing build' (it writes the index source)")
    key, made = index_key(source), read_record(output / STAMP)
    if _reusable(output, key, made):
        return Indexing({}, source, output, time.perf_counter(), key, made)
    run = Indexing({}, source, output, time.perf_counter(), key)
    shutil.rmtree(output, ignore_errors=True)
    try:
        for bundle in BUNDLES:
            run.procs[bundle.name] = start_program(  # its own process group, stopped with the build
                bundle_command(source, bundle, output / bundle.name), stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True,
                preexec_fn=_background if background and os.name == "posix" else None)
    except OSError as exc:
        run.stop()
        raise BuildError(f"cannot run Pagefind: {exc}", path=source,
                         hint="run scripts/setup.sh (it installs pagefind[extended])") from None
    return run


def _finish(name: str, proc: subprocess.Popen[str], source: Path, started: float) -> tuple[int, int]:
    """Wait for one run (under a time limit for the pages it indexes): (pages, words) it
    indexed; a failure is a BuildError."""
    out = wait_program(proc, PAGEFIND_LIMIT, _documents(source), started=started, path=source)
    if proc.returncode != 0:
        lines = [ln for ln in out.splitlines() if ln.strip()]
        tail = "\n    ".join(lines[-10:]) or "(no output)"
        hint = ("run scripts/setup.sh (it installs pagefind[extended])"
                if "No module named pagefind" in out else
                "see Pagefind's message above; the site itself was built")
        raise BuildError(f"Pagefind failed to index the site ({name}):\n    {tail}", path=source,
                         hint=hint)
    pages, words = parse_report(out)
    if pages == 0:
        raise BuildError(f"Pagefind indexed no pages ({name})", path=source,
                         hint="the index documents lack data-pagefind-body: run 'briefing build'")
    return pages, words


def finish_indexing(run: Indexing, site_dir: Path) -> SearchIndexReport:
    """Wait for Pagefind, then put its indexes at site/pagefind/ (linked from build/search/index/,
    kept for the next build); a failure is a BuildError."""
    try:
        counts = [_finish(name, proc, run.source, run.started) for name, proc in run.procs.items()]
    finally:
        run.stop()
    if counts:
        pages, words = max(p for p, _ in counts), sum(w for _, w in counts)
        write_record(run.output / STAMP, {"key": run.key, "pages": pages, "words": words})
    else:  # reused: the counts of the run that made it
        pages, words = _count(run.made, "pages"), _count(run.made, "words")
    target = site_dir / BUNDLE_DIR
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(run.output, target, copy_function=_link_or_copy,
                    ignore=shutil.ignore_patterns(STAMP))
    return SearchIndexReport(pages, words, time.perf_counter() - run.started, reused=not run.procs)


def _documents(source: Path) -> int:
    """How many documents Pagefind indexes from `source` (for its time limit)."""
    return sum(1 for _ in source.rglob("*.html"))


def _count(made: dict[str, Any], what: str) -> int:
    value = made.get(what)
    return value if isinstance(value, int) else 0


def _link_or_copy(src: str, dst: str) -> None:
    """A hard link (the index is ~20 MB at 1,000 articles), or a copy across file systems.
    Pagefind writes new files each run (it never rewrites one in place), so a link is safe."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def index_source(project: Project, site_dir: Path) -> SearchIndexReport:
    """Index the generated pages into `site_dir`/pagefind/ now (`briefing serve`'s site)."""
    return finish_indexing(start_indexing(project), site_dir)
