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
holds links to it) with a record of the documents it was made from (STAMP); when the source has
not changed (only a hand-written page, mkdocs.yml or the theme did), that index is reused and
Pagefind does not run; after a small change only the documents changed are indexed, into a
delta index that search.js merges in (see DELTA_SHARE below).

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

import gzip
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from briefing.config import Project
from briefing.errors import BuildError
from briefing.publish.processes import PAGEFIND_LIMIT, kill_group, start_program, wait_program
from briefing.publish.search_source import SOURCE_PAGE
from briefing.publish.cache import digest, read_record, write_record
from briefing.io import write_text_atomic
from briefing.publish.writer import Staged, read_manifest, write_pages

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


def write_search_source(project: Project, documents: Mapping[str, str],
                        staged: Mapping[str, Staged] | None = None) -> bool:
    """build/search/source/: the index documents of the generated pages (changed ones only;
    those of removed pages go; `staged`: more, staged by worker processes, writer.stage_files).
    True when more than BUSY_SHARE of them changed: then the rest of the build (writing docs/,
    the renderer) has as much to do, and Pagefind runs beside it at a lower priority
    (start_indexing)."""
    report = write_pages(project.search_source_dir, documents, suffixes=(".html",),
                         record=project.root / SOURCE_RECORD, staged=staged)
    return len(report.written) + len(report.removed) > BUSY_SHARE * max(1, len(documents) + len(staged or {}))


def _background() -> None:
    """In the child before Pagefind starts: a lower priority, so the build it runs beside (the
    rest of the generation, MkDocs) keeps its core and Pagefind takes what is left."""
    os.nice(10)


# An index an add re-indexes only in part (Pagefind has no incremental mode: a run indexes every
# page it is given). The last whole index stays; the documents new or changed since it was made
# go into a small "delta" index (a bundle per language, site/pagefind/<bundle>-delta/), which a
# build re-indexes alone; search.js merges it into the whole one (Pagefind's mergeIndex: the
# same WebAssembly, the delta's own few chunks), leaves out the whole index's results for
# documents changed or deleted since (DELTA_FILE lists them, with their filter values, so the
# filter counts are those of the current pages), and puts the delta's scores on the whole
# index's scale (Pagefind's BM25 weighs a word by how many of the index's pages hold it; see
# search.js). Once the delta would hold more than DELTA_SHARE of the documents, or more than
# DELTA_PAGES, the build indexes the whole source again and the delta is gone. Both bounds keep
# what the merge approximates small: the whole index's word statistics still count the
# documents' old versions, and the delta's index, ~10 KB a page at most, stays within about one
# of Pagefind's ~23 KB chunks per query word (measured at 1,000 articles: an add changes 2
# documents, the article and the home page; 1 delta page: 10 KB of index).
DELTA_SHARE = 0.05  # of the index documents
DELTA_PAGES = 50    # documents, whatever the size of the briefing
DELTA_SUFFIX = "-delta"  # site/pagefind/<bundle>-delta/
DELTA_FILE = "delta.json"  # site/pagefind/delta.json: read by search.js; {} without a delta
DELTA_SOURCE = "delta-source"  # build/search/delta-source/: links to the documents the delta indexes


@dataclass(frozen=True)
class IndexPlan:
    """What a build's Pagefind runs do: index the whole source (`whole`), or only `delta` (the
    documents new or changed since the whole index was made, path → hash), the whole index
    kept; `gone`: documents of the whole index no longer in the source. `reuse`: nothing to
    run (the index there is that of this very source)."""

    whole: bool
    delta: dict[str, str] = field(default_factory=dict)
    gone: tuple[str, ...] = ()
    reuse: bool = False


def plan_index(documents: Mapping[str, str], made: Mapping[str, Any], settings: str,
               have_whole: bool, have_delta: bool) -> IndexPlan:
    """The plan for the index source's `documents` (path → hash, the writer's manifest), given
    the stamp of the index there (`made`) and whether its whole and delta bundles are there."""
    indexed = made.get("documents")
    if not (have_whole and made.get("settings") == settings and isinstance(indexed, dict)):
        return IndexPlan(whole=True)
    delta = {p: h for p, h in documents.items() if indexed.get(p) != h}
    gone = tuple(sorted(set(indexed) - set(documents)))
    if len(delta) + len(gone) > min(DELTA_PAGES, DELTA_SHARE * len(documents)):
        return IndexPlan(whole=True)
    was = made.get("delta")
    reuse = not delta or (have_delta and isinstance(was, dict) and was.get("documents") == delta)
    return IndexPlan(whole=False, delta=delta, gone=gone, reuse=reuse)


@dataclass
class Indexing:
    """Pagefind running over the index source, one run per bundle (and per delta bundle), into
    the index folder; no runs when the index there was made from the same source (reused)."""

    procs: dict[str, subprocess.Popen[str]]  # by output folder: "zh", "en", "zh-delta", …
    source: Path
    output: Path
    started: float
    plan: IndexPlan = field(default_factory=lambda: IndexPlan(whole=True))
    documents: dict[str, str] = field(default_factory=dict)  # the source's, path → hash
    made: dict[str, Any] = field(default_factory=dict)  # the stamp of the index there
    settings: str = ""

    def stop(self) -> None:
        """Stop the runs still going (a failure or an interruption: none is left behind)."""
        for proc in self.procs.values():
            kill_group(proc)


STAMP = "made-from.json"  # in build/search/index/: what the whole and the delta index hold
STAMP_FORMAT = 2  # a stamp of another format was made by other code: the index is made whole


def index_settings() -> str:
    """What an index depends on besides its documents: Pagefind's version, the bundles'
    settings and the stamp's format."""
    try:
        version = importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    return digest(version, repr(BUNDLES), str(STAMP_FORMAT))


def _has(folder: Path) -> bool:
    return (folder / "pagefind-entry.json").is_file()


def start_indexing(project: Project, background: bool = True) -> Indexing:
    """Start Pagefind on build/search/source/ in the background (see IndexPlan): a run per
    bundle over the whole source (they write build/search/index/<bundle>/), or over the
    documents changed since (build/search/index/<bundle>-delta/), or none when the index there
    was made from this very source.
    `background`: at a lower priority (nice 10), so that a build with much left to do keeps its
    core; after a small change (an article added) Pagefind is most of what is left, and a lower
    priority only lets the machine's other work delay the build."""
    source, output = project.search_source_dir, project.search_index_dir
    if not (source / SOURCE_PAGE).is_file():
        raise BuildError("nothing to index for search: the index source has no home page",
                         path=source, hint="run 'briefing build' (it writes the index source)")
    documents = read_manifest(source, suffixes=(".html",))
    made, settings = read_record(output / STAMP), index_settings()
    plan = plan_index(documents, made, settings,
                      have_whole=all(_has(output / b.name) for b in BUNDLES),
                      have_delta=all(_has(output / (b.name + DELTA_SUFFIX)) for b in BUNDLES))
    run = Indexing({}, source, output, time.perf_counter(), plan, documents, made, settings)
    if plan.reuse:
        return run
    if plan.whole:
        shutil.rmtree(output, ignore_errors=True)
        jobs = [(b, source, b.name) for b in BUNDLES]
    else:  # the delta only: its documents linked into a folder of their own
        write_record(output / STAMP, {**made, "delta": None})  # until the delta is made
        for b in BUNDLES:
            shutil.rmtree(output / (b.name + DELTA_SUFFIX), ignore_errors=True)
        folder = source.parent / DELTA_SOURCE
        shutil.rmtree(folder, ignore_errors=True)
        for rel in plan.delta:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(str(source / rel), str(folder / rel))
        jobs = [(b, folder, b.name + DELTA_SUFFIX) for b in BUNDLES]
    try:
        for bundle, site, name in jobs:
            run.procs[name] = start_program(  # its own process group, stopped with the build
                bundle_command(site, bundle, output / name), stdout=subprocess.PIPE,
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


_FRAGMENT_URL = re.compile(rb'pagefind_dcd\{"url":("(?:[^"\\\\]|\\\\.)*")')


def _page_ids(folder: Path) -> dict[str, str]:
    """A Pagefind bundle's pages: URL → the page's id in search results (its fragment file's
    name). A fragment is gzip of 'pagefind_dcd' and the page's JSON, the URL first: only its
    head is read (2,000 fragments: ~0.1 CPU-s, ~0.5 reading them whole)."""
    pages = {}
    for path in (folder / "fragment").glob("*.pf_fragment"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(path.read_bytes(), 4096)
            found = _FRAGMENT_URL.match(head)
            url = json.loads(found.group(1)) if found else None
        except (OSError, ValueError, zlib.error):
            url = None  # a page whose old version cannot be hidden; never a failed build
        if isinstance(url, str):
            pages[url] = path.stem
    return pages


def _page_filters(folder: Path, ident: str) -> dict[str, Any]:
    """The filter values of the page `ident` of a Pagefind bundle ({} when unreadable)."""
    try:
        data = json.loads(gzip.decompress((folder / "fragment" / f"{ident}.pf_fragment").read_bytes())
                          [len(b"pagefind_dcd"):])
    except (OSError, ValueError, EOFError, zlib.error):
        return {}
    filters = data.get("filters") if isinstance(data, dict) else None
    return filters if isinstance(filters, dict) else {}


def _url(rel: str) -> str:
    """The URL Pagefind gives the index document at `rel` ('articles/x/index.html' → '/articles/x/')."""
    return "/" + rel[: -len(SOURCE_PAGE)] if rel.endswith(SOURCE_PAGE) else "/" + rel


def _delta_file(made: Mapping[str, Any], output: Path) -> dict[str, Any]:
    """DELTA_FILE's content from the stamp: for each bundle with a delta or a deletion since the
    whole index, the delta bundle's folder ("" for none), the pages of the index as merged
    (the whole index's less those left out, plus the delta's), the delta's pages and their
    ids, and the ids of the whole index's pages to leave out with their filter values."""
    delta = made.get("delta") or {}
    if not delta:
        return {}
    changed = [_url(rel) for rel in (*delta.get("documents", {}), *delta.get("gone", ()))]
    out = {}
    for b in BUNDLES:
        whole, part = made["bundles"][b.name], delta["bundles"].get(b.name, {"pages": 0, "ids": []})
        older = [whole["urls"][u] for u in changed if u in whole["urls"]]
        hide = {ident: _page_filters(output / b.name, ident) for ident in older}  # (an id also in
        # the delta's: the page's indexed text is unchanged, as in the other language; shown once)
        out[b.name] = {"bundle": b.name + DELTA_SUFFIX if part["ids"] else "",
                       "pages": whole["pages"] - len(older) + part["pages"],
                       "deltaPages": part["pages"], "ids": part["ids"], "hide": hide}
    return out


def finish_indexing(run: Indexing, site_dir: Path) -> SearchIndexReport:
    """Wait for Pagefind, then put its indexes at site/pagefind/ (linked from build/search/index/,
    kept for the next build), with DELTA_FILE; a failure is a BuildError."""
    try:
        counts = {name: _finish(name, proc, run.source, run.started) for name, proc in run.procs.items()}
    finally:
        run.stop()
    made = run.made
    if run.plan.whole:
        made = {"settings": run.settings, "documents": run.documents, "delta": None,
                "bundles": {b.name: {"pages": counts[b.name][0], "words": counts[b.name][1],
                                     "urls": _page_ids(run.output / b.name)} for b in BUNDLES}}
    else:  # the whole index kept, with the delta of what changed since (none: nothing did)
        if run.procs:  # made now
            part = {b.name: {"pages": counts[name][0], "words": counts[name][1],
                             "ids": sorted(_page_ids(run.output / name).values())}
                    for b in BUNDLES if (name := b.name + DELTA_SUFFIX) in counts}
        else:  # the one made from the same documents, or none
            part = (made.get("delta") or {}).get("bundles", {}) if run.plan.delta else {}
        delta = {"documents": run.plan.delta, "gone": list(run.plan.gone), "bundles": part}
        made = {**made, "delta": delta if run.plan.delta or run.plan.gone else None}
    if made != run.made:
        write_record(run.output / STAMP, made)
    if not run.plan.delta:
        for b in BUNDLES:
            shutil.rmtree(run.output / (b.name + DELTA_SUFFIX), ignore_errors=True)
    merged = _delta_file(made, run.output)
    text = json.dumps(merged, ensure_ascii=False, separators=(",", ":")) + "\n"
    if _read_text(run.output / DELTA_FILE) != text:
        write_text_atomic(run.output / DELTA_FILE, text)
    bundles, part = made.get("bundles", {}), (made.get("delta") or {}).get("bundles", {})
    pages = max((merged[b.name]["pages"] if b.name in merged else _count(bundles.get(b.name, {}), "pages")
                 for b in BUNDLES), default=0)
    words = sum(_count(bundles.get(b.name, {}), "words") + _count(part.get(b.name, {}), "words")
                for b in BUNDLES)
    target = site_dir / BUNDLE_DIR
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(run.output, target, copy_function=_link_or_copy,
                    ignore=shutil.ignore_patterns(STAMP))
    return SearchIndexReport(pages, words, time.perf_counter() - run.started, reused=not run.procs)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _documents(source: Path) -> int:
    """How many documents Pagefind indexes from `source` (for its time limit)."""
    return sum(1 for _ in source.rglob("*.html"))


def _count(made: Mapping[str, Any], what: str) -> int:
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
