"""The site's search index: Pagefind, run over the generated pages (site/pagefind/).

Pagefind (`pagefind[extended]` on PyPI ships the binary; its extended build segments Chinese)
writes an index split into small chunks, so a reader's browser loads only the chunks a query
needs instead of the whole index (Material's lunr index is ~40 KB per article).

What is indexed: the generated pages only (articles, home with summaries, timeline, glossary,
month pages), each as the small document publish/search_source.py makes of it: the page body
with its Chinese once, normalised to Simplified (queries are normalised the same way in the
browser), without reader controls, article metadata or QA flags; the result title is the page
title. Material's navigation, header and footer are never in it.

When: `briefing build` starts Pagefind on build/search/source/ in the background as soon as
that is written (after the article pages, before the rest of docs/), so it runs beside the rest
of the generation and MkDocs (one core), and moves the finished index into site/pagefind/ once
MkDocs is done. `briefing serve` indexes after each rebuild.

`--force-language zh`: every page is indexed as Chinese, so the Chinese is segmented into words
(Pagefind's segmenter; it cannot take a user dictionary, so glossary names are found through
their segments) while English words still index as words.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from briefing.config import Project
from briefing.errors import BuildError
from briefing.publish.search_source import SOURCE_PAGE
from briefing.publish.writer import write_pages

BUNDLE_DIR = "pagefind"  # site/pagefind/, loaded by docs/assets/search.js
LANGUAGE = "zh"
# Indexing a built site directly (the benchmark's baseline): the same content as the index
# source holds (the source leaves these out itself).
EXCLUDE_SELECTORS = (".bf-controls", ".bf-meta", ".bf-qa", ".zh-hant")


@dataclass(frozen=True)
class SearchIndexReport:
    """What Pagefind indexed."""

    pages: int
    words: int
    seconds: float


def pagefind_command(site_dir: Path, output_dir: Path | None = None) -> list[str]:
    """The Pagefind command line that indexes the HTML under `site_dir` into `output_dir`
    (by default `site_dir/pagefind/`)."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", LANGUAGE]
    cmd += ["--output-path", str(output_dir)] if output_dir else ["--output-subdir", BUNDLE_DIR]
    for selector in EXCLUDE_SELECTORS:
        cmd += ["--exclude-selectors", selector]
    return cmd


def parse_report(output: str) -> tuple[int, int]:
    """(pages, words) from Pagefind's summary lines ('Indexed 11 pages', 'Indexed 5729 words')."""
    def count(what: str) -> int:
        m = re.search(rf"Indexed (\d+) {what}", output)
        return int(m.group(1)) if m else 0
    return count("pages?"), count("words?")


def write_search_source(project: Project, documents: Mapping[str, str]) -> None:
    """build/search/source/: the index documents of the generated pages (changed ones only;
    those of removed pages go)."""
    write_pages(project.search_source_dir, documents, suffixes=(".html",))


def _background() -> None:
    """In the child before Pagefind starts: a lower priority, so the build it runs beside (the
    rest of the generation, MkDocs) keeps its core and Pagefind takes what is left."""
    os.nice(10)


@dataclass
class Indexing:
    """Pagefind running over the index source, into the index folder."""

    proc: subprocess.Popen[str]
    source: Path
    output: Path
    started: float


def start_indexing(project: Project) -> Indexing:
    """Start Pagefind on build/search/source/ in the background (it writes build/search/index/)."""
    source, output = project.search_source_dir, project.search_index_dir
    if not (source / SOURCE_PAGE).is_file():
        raise BuildError("nothing to index for search: the index source has no home page",
                         path=source, hint="run 'briefing build' (it writes the index source)")
    shutil.rmtree(output, ignore_errors=True)
    try:
        proc = subprocess.Popen(pagefind_command(source, output), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True,
                                preexec_fn=_background if os.name == "posix" else None)
    except OSError as exc:
        raise BuildError(f"cannot run Pagefind: {exc}", path=source,
                         hint="run scripts/setup.sh (it installs pagefind[extended])") from None
    return Indexing(proc, source, output, time.perf_counter())


def finish_indexing(run: Indexing, site_dir: Path) -> SearchIndexReport:
    """Wait for Pagefind, then put its index at site/pagefind/; a failure is a BuildError."""
    out, _ = run.proc.communicate()
    if run.proc.returncode != 0:
        lines = [ln for ln in out.splitlines() if ln.strip()]
        tail = "\n    ".join(lines[-10:]) or "(no output)"
        hint = ("run scripts/setup.sh (it installs pagefind[extended])"
                if "No module named pagefind" in out else
                "see Pagefind's message above; the site itself was built")
        raise BuildError(f"Pagefind failed to index the site:\n    {tail}", path=run.source, hint=hint)
    pages, words = parse_report(out)
    if pages == 0:
        raise BuildError("Pagefind indexed no pages", path=run.source,
                         hint="the index documents lack data-pagefind-body: run 'briefing build'")
    bundle = site_dir / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)
    shutil.move(str(run.output), str(bundle))  # a rename when site/ is on the same disk
    return SearchIndexReport(pages, words, time.perf_counter() - run.started)


def index_source(project: Project, site_dir: Path) -> SearchIndexReport:
    """Index the generated pages into `site_dir`/pagefind/ now (`briefing serve`'s site)."""
    return finish_indexing(start_indexing(project), site_dir)
