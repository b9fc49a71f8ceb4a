"""`briefing build` and `briefing serve`: load, check, render, write docs/, run MkDocs.

Two phases: the whole briefing and every page are built and checked in memory first; only
then is docs/ written (by publish/writer.py), so bad input never leaves it half written.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from briefing.config import Project
from briefing.errors import BuildError, StrictError, ValidationError
from briefing.model import Briefing

Progress = Callable[[str], None]
NAV_FILE = Path("build/nav.json")  # read by overrides/hooks.py
SITE_STAGING = Path("build/site-next")  # MkDocs builds here; the whole folder then becomes site/


@dataclass
class BuildSummary:
    """What a build did, with timings in seconds."""

    articles: int = 0
    segments: int = 0
    pending: int = 0
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    strict_ok: bool = False  # nothing --strict would refuse
    timings: dict[str, float] = field(default_factory=dict)

    def describe(self) -> str:
        t = ", ".join(f"{k} {v:.2f}s" for k, v in self.timings.items())
        return (f"{self.articles} articles, {self.segments} segments ({self.pending} pending); "
                f"{self.pages} pages: {self.written} written, {self.unchanged} unchanged, "
                f"{self.removed} removed; {t}")


def strict_problems(briefing: Briefing) -> list[str]:
    """What --strict refuses to publish: untranslated or stale segments, curation warnings."""
    from briefing.translation.memory import missing_segments
    problems = []
    for article in briefing.articles:
        for seg in missing_segments(article, briefing.translations):
            what = "stale (the Chinese changed)" if seg.id in briefing.translations else "untranslated"
            problems.append(f"{seg.id}: {what}: {seg.source[:40]}")
    if briefing.curated is not None:
        problems += briefing.curated.warnings
    return problems


def write_nav(project: Project, briefing: Briefing, pages: dict[str, str]) -> Path:
    """build/nav.json: the site navigation (articles by month), for overrides/hooks.py."""
    import json
    from briefing.render.nav import make_nav
    from briefing.io import write_if_changed
    docs = project.docs_dir
    hand = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")
            if not any(part.startswith(".") for part in p.relative_to(docs).parts)]
    nav = make_nav(briefing.articles, pages, hand)
    text = json.dumps({"note": "Written by `briefing build`; read by overrides/hooks.py.",
                       "nav": nav}, ensure_ascii=False, indent=1) + "\n"
    path = project.root / NAV_FILE
    write_if_changed(path, text)
    return path


def generate_docs(project: Project, *, strict: bool = False,
                  progress: Progress = lambda msg: None,
                  on_search_source: Callable[[], None] = lambda: None) -> BuildSummary:
    """Phase one and two without MkDocs: load and check everything, then write docs/.
    `on_search_source` is called once the search index's source is written (build/search/
    source/), before the rest of docs/: `briefing build` starts Pagefind there."""
    from briefing.publish.stamp import input_fingerprint, read_stamp
    start = time.perf_counter()
    inputs = input_fingerprint(project)  # before reading: a change during the build is seen next time
    stamp = read_stamp(project)
    if _up_to_date(project, stamp, inputs, strict):
        summary = BuildSummary(**{k: v for k, v in stamp["summary"].items() if k in _COUNTS})
        summary.written, summary.unchanged, summary.removed = 0, summary.pages, 0
        summary.timings["check"] = time.perf_counter() - start
        progress("nothing changed since the last build: docs/ is up to date")
        return summary
    summary = _generate(project, strict, progress, on_search_source)
    _record(project, inputs, summary)
    summary.timings["total_generation"] = time.perf_counter() - start
    return summary


_COUNTS = ("articles", "segments", "pending", "pages", "strict_ok")
_OUTPUTS = (NAV_FILE.as_posix(), "build/search/source/.briefing-manifest.json")


def _up_to_date(project: Project, stamp: dict, inputs: str, strict: bool) -> bool:
    from briefing.publish.stamp import output_fingerprint
    return (stamp.get("inputs") == inputs and isinstance(stamp.get("summary"), dict)
            and (not strict or stamp["summary"].get("strict_ok") is True)
            and stamp.get("outputs") == output_fingerprint(project, _OUTPUTS))


def _record(project: Project, inputs: str, summary: BuildSummary) -> None:
    from briefing.publish.stamp import output_fingerprint, write_stamp
    write_stamp(project, {"inputs": inputs, "outputs": output_fingerprint(project, _OUTPUTS),
                          "summary": {k: getattr(summary, k) for k in _COUNTS}})


def gloss_files(briefing: Briefing) -> dict[str, str]:
    """The per-article word gloss data (gloss/<slug>.json), from CC-CEDICT and the glossary."""
    from briefing.render.cedict import load_cedict
    from briefing.render.gloss import gloss_assets, make_tables
    tables = make_tables(load_cedict(), briefing.curated.glossary if briefing.curated is not None else None)
    return gloss_assets(briefing.articles, tables)


def _generate(project: Project, strict: bool, progress: Progress,
              on_search_source: Callable[[], None]) -> BuildSummary:
    from briefing.publish.annotate import annotate_articles, page_problems, prepare_gloss
    from briefing.publish.assemble import load_briefing
    from briefing.publish.feed import feed_page
    from briefing.render.pages import render_pages
    from briefing.sources.report import write_cleaning_reports
    from briefing.translation.memory import missing_segments
    from briefing.publish.writer import write_pages
    from briefing.publish.search import write_search_source
    from briefing.publish.search_source import Normaliser, search_sources
    from briefing.publish.processes import interrupts_held
    from briefing.sources.script import active_conversion, hans_characters
    summary = BuildSummary()
    start = time.perf_counter()
    progress("loading articles, translations and curated notes")
    briefing = load_briefing(project, meanwhile=prepare_gloss)
    summary.articles = len(briefing.articles)
    summary.segments = sum(len(a.segments()) for a in briefing.articles)
    summary.pending = sum(len(missing_segments(a, briefing.translations)) for a in briefing.articles)
    summary.timings["load"] = time.perf_counter() - start
    problems = strict_problems(briefing)
    summary.strict_ok = not problems
    if strict:
        if problems:
            raise StrictError(problems, summary="--strict: not publishable yet "
                              "(run 'briefing translate', or fill translations/ by hand)")
    t = time.perf_counter()
    progress(f"checking and rendering {summary.articles} article page(s), with their gloss data")
    normaliser = Normaliser.of(hans_characters(active_conversion().setting))  # for search
    annotated = annotate_articles(briefing, normaliser)  # QA flags, pages, gloss and search files
    briefing = annotated.briefing
    summary.timings["annotate"] = time.perf_counter() - t
    summary.timings["gloss_in_annotate"] = annotated.gloss_seconds
    t = time.perf_counter()
    pages = render_pages(briefing, annotated.pages)
    problems = page_problems(pages, annotated.page_problems)
    if problems:
        raise ValidationError(problems, summary="the rendered pages have problems")
    summary.timings["render"] = time.perf_counter() - t
    # the search index's source first: Pagefind can run while the rest is made and written
    t = time.perf_counter()
    search_documents, search_files = search_sources(pages.values(), normaliser, annotated.search)
    write_search_source(project, search_documents)
    summary.timings["search_source"] = time.perf_counter() - t
    on_search_source()
    files = {path: page.markdown for path, page in pages.items()}
    files.update(annotated.gloss)
    files.update(feed_page(project, briefing, pages))
    files.update(search_files)
    summary.pages = len(files)  # every generated file: pages, gloss and search data, the feed
    t = time.perf_counter()
    with interrupts_held():  # docs/ is the last generation or this whole one, never a mix
        report = write_pages(project.docs_dir, files)
        write_cleaning_reports(project.reports_dir, briefing.articles)
        write_nav(project, briefing, files)
    summary.written, summary.unchanged, summary.removed = (
        len(report.written), len(report.unchanged), len(report.removed))
    summary.timings["write"] = time.perf_counter() - t
    progress(f"docs/: {summary.written} written, {summary.unchanged} unchanged, "
             f"{summary.removed} removed")
    return summary


def _mkdocs(project: Project, *args: str) -> list[str]:
    if not project.mkdocs_file.is_file():
        raise BuildError("no mkdocs.yml", path=project.mkdocs_file,
                         hint="copy mkdocs.yml from the briefing repository into the project")
    return [sys.executable, "-m", "mkdocs", *args, "--config-file", str(project.mkdocs_file)]


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run_mkdocs_build(project: Project, site_dir: Path | None = None, pages: int = 0) -> None:
    """`mkdocs build --strict` into `site_dir` (site/), under a time limit for `pages` pages
    (publish/processes.py); its warnings become a BuildError."""
    from briefing.publish.processes import MKDOCS_LIMIT, run_program
    cmd = _mkdocs(project, "build", "--strict", "--site-dir", str(site_dir or project.site_dir))
    proc = run_program(cmd, MKDOCS_LIMIT, pages, path=project.mkdocs_file, cwd=project.root, env=_env())
    if proc.returncode != 0:
        lines = [ln for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip()]
        tail = "\n    ".join(lines[-15:])
        raise BuildError(f"mkdocs build --strict failed:\n    {tail}", path=project.mkdocs_file,
                         hint="fix the warnings above (a hand-written page in docs/ or mkdocs.yml)")


def build_site(project: Project, strict: bool = False, run_mkdocs: bool = True,
               progress: Progress = lambda msg: None, search: bool = True) -> BuildSummary:
    """Load, check, render and write docs/, then `mkdocs build --strict` into site/, and index
    the generated pages for search into site/pagefind/ (unless `search` is off). Pagefind runs
    in the background from the moment its source is written (see generate_docs), alongside the
    rest of the generation and MkDocs, which leave a core free much of the time."""
    from briefing.publish.search import BUNDLE_DIR, Indexing, finish_indexing, start_indexing
    from briefing.publish.site_inputs import check_site_files
    start = time.perf_counter()
    running: list[Indexing] = []
    if run_mkdocs:  # what MkDocs reads and copies into site/, before it runs (site_inputs.py)
        check_site_files(project)

    def start_search() -> None:
        if search and run_mkdocs:
            running.append(start_indexing(project))
            if running[-1].procs:
                progress("indexing for search in the background (Pagefind)")

    staging = project.root / SITE_STAGING
    try:
        summary = generate_docs(project, strict=strict, progress=progress, on_search_source=start_search)
        if run_mkdocs:
            before = _build_site(project, summary, running, search, progress, staging)
            if before is not None and running:
                t = time.perf_counter()
                report = finish_indexing(running.pop(), staging)
                summary.timings["search_after_mkdocs"] = time.perf_counter() - t  # what search adds
                summary.timings["search"] = report.seconds  # Pagefind's own time, in the background
                where = f"{project.site_dir.name}/{BUNDLE_DIR}/"
                progress(f"search: the index source is unchanged: the last build's index "
                         f"({report.pages} pages) is put into {where}" if report.reused else
                         f"search: {report.pages} pages, {report.words} words indexed into {where}")
            if before is not None:
                put_site_in_place(staging, project.site_dir)
                if search:
                    _record_site(project, before)
    finally:
        for indexing in running:  # up to date, a failure or an interruption: none left behind
            indexing.stop()
        shutil.rmtree(staging, ignore_errors=True)  # a failed or interrupted build's new site
    summary.timings["total"] = time.perf_counter() - start
    return summary


def _build_site(project: Project, summary: BuildSummary, running: list, search: bool,
                progress: Progress, staging: Path) -> dict | None:
    """`mkdocs build` into `staging` unless site/ (with its search index) is up to date;
    Pagefind is started here if generation did not start it (docs/ was up to date). Returns the
    fingerprints of what MkDocs read, or None when nothing was built."""
    from briefing.publish.search import start_indexing
    from briefing.publish.stamp import read_site_stamp, site_fingerprints
    t = time.perf_counter()
    before = site_fingerprints(project, _OUTPUTS)
    if search and read_site_stamp(project) == before:
        progress("nothing changed since the last build: site/ is up to date (search index too)")
        summary.timings["site_check"] = time.perf_counter() - t
        return None
    if search and not running:
        running.append(start_indexing(project))
    indexing = bool(running and running[-1].procs)
    progress("running mkdocs build --strict" + (" (search indexing alongside)" if indexing else ""))
    run_mkdocs_build(project, staging, summary.pages)
    summary.timings["mkdocs"] = time.perf_counter() - t
    return before


def put_site_in_place(new: Path, site: Path) -> None:
    """Make the folder `new` the site: two renames with Ctrl-C held off, so site/ is the old site
    or the whole new one, never a mix (a failed or interrupted build leaves the old one)."""
    from briefing.publish.processes import interrupts_held
    old = new.with_name(new.name + "-old")
    shutil.rmtree(old, ignore_errors=True)
    with interrupts_held():
        if os.path.lexists(site):
            os.replace(site, old)
        try:
            os.replace(new, site)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                if os.path.lexists(old):
                    os.replace(old, site)  # put the old one back
                raise
            shutil.move(str(new), str(site))  # build/ on another file system: a copy
    shutil.rmtree(old, ignore_errors=True)


def _record_site(project: Project, before: dict) -> None:
    """Stamp site/ (with its search index) as built, unless what MkDocs read changed meanwhile
    (then the next build redoes it)."""
    from briefing.publish.stamp import site_fingerprints, write_site_stamp
    after = site_fingerprints(project, _OUTPUTS)
    if after["inputs"] == before["inputs"]:
        write_site_stamp(project, after)


def serve(project: Project, addr: str = "127.0.0.1:8000",
          progress: Progress = lambda msg: None) -> int:
    """Generate docs/, then `mkdocs serve` with live reload; seeds/, translations/ and
    curation/ are watched and the pages regenerated when they change, and the served site is
    indexed for search after each rebuild (see overrides/hooks.py)."""
    from briefing.publish.site_inputs import check_site_files
    check_site_files(project)
    generate_docs(project, progress=progress)
    cmd = _mkdocs(project, "serve", "--dev-addr", addr)
    for folder in (project.seeds_dir, project.tm_dir, project.curation_dir):
        if folder.is_dir():
            cmd += ["--watch", str(folder)]
    env = {**_env(), "BRIEFING_SERVE_ROOT": str(project.root)}
    try:
        return subprocess.run(cmd, cwd=project.root, env=env).returncode
    except KeyboardInterrupt:
        return 0
