"""`briefing build` and `briefing serve`: load, check, render, write docs/ and the renderer's
configuration, run the renderer (MkDocs or Zensical), index for search.

Two phases: the whole briefing and every page are built and checked in memory first; only
then is docs/ written (by publish/writer.py), so bad input never leaves it half written.
"""

from __future__ import annotations

import errno
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from briefing.config import Project
from briefing.errors import StrictError, ValidationError
from briefing.curation.assembled import Briefing
from briefing.publish.renderer import DEFAULT as DEFAULT_RENDERER
from briefing.publish.site_config import BODIES_FILE, CONFIG_NAME
from briefing.render.structure import Page

if TYPE_CHECKING:
    from briefing.publish.search import Indexing
    from briefing.publish.search_source import Normaliser
    from briefing.render.nav import NavItem

Progress = Callable[[str], None]
SITE_STAGING = Path("build/site-next")  # the renderer builds here; the whole folder then becomes site/
FILES_STAGING = Path("build/files-next")  # worker processes' generated files wait here (writer.stage_files)
DOCS_RECORD = Path("build/cache/docs-written.json")  # what docs/' generated files showed as written (writer.py)


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
    site_state: dict[str, Any] = field(default_factory=dict)  # recorded once the new site is in place
    nav: list[NavItem] | None = None  # the nav this generation wrote (None: generation was skipped)

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


def write_renderer_config(project: Project, briefing: Briefing, pages: Mapping[str, Page],
                          hashed: Mapping[str, str] | None = None) -> list[NavItem]:
    """The renderer's configuration (publish/site_config.py): mkdocs.yml with the site
    navigation (articles by month) and the generated pages' raw-HTML extension; returns the nav.
    `hashed`: the body hashes of pages whose body is not held (the workers' article pages)."""
    from briefing.publish.raw_pages import body_hash
    from briefing.render.nav import make_nav
    from briefing.publish.site_config import write_site_config
    labels = {path: page.nav_label for path, page in pages.items()}
    nav = make_nav(briefing.articles, pages, _markdown_files(project.docs_dir), labels=labels)
    hashed = hashed or {}
    write_site_config(project, nav, [hashed.get(path) or body_hash(page.body) for path, page in pages.items()])
    return nav


def _markdown_files(docs: Path) -> list[str]:
    """Every .md file under docs/ (paths relative to it, '/'-separated), none under a dot-name
    (os.walk on names: pathlib's rglob made a Path of each of a large briefing's ~4,000 files)."""
    found: list[str] = []
    for folder, dirs, files in os.walk(docs):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = os.path.relpath(folder, docs)
        base = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found += [base + name for name in sorted(files) if name.endswith(".md") and not name.startswith(".")]
    return found


def generate_docs(project: Project, *, strict: bool = False,
                  progress: Progress = lambda msg: None,
                  on_search_source: Callable[[bool], None] = lambda busy: None) -> BuildSummary:
    """Phase one and two without MkDocs: load and check everything, then write docs/.
    `on_search_source` is called once the search index's source is written (build/search/
    source/), before the rest of docs/: `briefing build` starts Pagefind there (told whether
    much of that source changed: search.write_search_source)."""
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
    staging = project.root / FILES_STAGING
    shutil.rmtree(staging, ignore_errors=True)  # an interrupted build's
    try:
        summary = _generate(project, strict, progress, on_search_source, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # what a failed check left unwritten
    _record(project, inputs, summary)
    summary.timings["total_generation"] = time.perf_counter() - start
    return summary


_COUNTS = ("articles", "segments", "pending", "pages", "strict_ok")
_OUTPUTS = (CONFIG_NAME, BODIES_FILE.as_posix(), "build/search/source/.briefing-manifest.json",
            "build/cache/site-links.json")  # publish/site_links.py


def _up_to_date(project: Project, stamp: dict[str, Any], inputs: str, strict: bool) -> bool:
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
    tables = make_tables(load_cedict(), briefing.curated.glossary if briefing.curated is not None else None,
                         briefing.conversion)
    return gloss_assets(briefing.articles, tables)


def search_normaliser(briefing: Briefing) -> Normaliser:
    """How search holds Chinese: normalised to Simplified by the project's conversion, with the
    regional vocabulary of its glossary and OpenCC's tables (publish/search_terms.py)."""
    from briefing.publish.search_source import Normaliser
    from briefing.publish.search_terms import TOO_GENERAL, Vocabulary, glossary_groups, regional_pairs
    from briefing.sources.script import hans_characters
    to_hans = hans_characters(briefing.conversion.setting)
    plain = Normaliser.of(to_hans)
    glossary = briefing.curated.glossary if briefing.curated is not None else None
    vocabulary = Vocabulary.of(glossary_groups(glossary), regional_pairs(), plain.normalise, TOO_GENERAL)
    return Normaliser.of(to_hans, vocabulary, briefing.conversion)


def _generate(project: Project, strict: bool, progress: Progress,
              on_search_source: Callable[[bool], None], staging: Path) -> BuildSummary:
    from briefing.publish.annotate import Places, annotate_articles, page_problems, prepare_gloss, work_keys
    from briefing.publish.search import SOURCE_RECORD
    from briefing.publish.writer import Folder
    from briefing.publish.assemble import load_keyed
    from briefing.publish.cache import file_bytes, project_cache
    from briefing.publish.feed import feed_page
    from briefing.render.site_parts import FEED_PATH
    from briefing.render.internal_refs import page_references, slug_pattern
    from briefing.render.nav import NAV_TITLES, nav_title_files
    from briefing.render.pages import render_pages
    from briefing.translation.memory import missing_segments
    from briefing.publish.writer import put_in_place, write_pages
    from briefing.publish.search import write_search_source
    from briefing.publish.search_source import TEXT_DIR, search_sources
    from briefing.publish.processes import interrupts_held
    from briefing.publish.reserved import slug_problems
    from briefing.publish.pdf import build_date
    from briefing.publish.site_links import write_link_record
    summary = BuildSummary()
    start = time.perf_counter()
    progress("loading articles, translations and curated notes")
    cache = project_cache(project)
    # CC-CEDICT and pypinyin load while the seeds do, when there is glossing to do (no page work
    # cached yet); else only the changed articles need them, loaded when first asked for
    fresh = not any(cache.folder.glob("*.page.*")) if cache.folder.is_dir() else True
    briefing, keys = load_keyed(project, cache, meanwhile=prepare_gloss if fresh else lambda: None)
    summary.articles = len(briefing.articles)
    summary.segments = sum(len(a.segments()) for a in briefing.articles)
    summary.pending = sum(len(missing_segments(a, briefing.translations)) for a in briefing.articles)
    summary.timings["load"] = time.perf_counter() - start
    pdfs = _linked_pdfs(project, briefing, progress, summary)
    problems = strict_problems(briefing)
    summary.strict_ok = not problems
    warnings = briefing.curated.warnings if briefing.curated is not None else ()
    if warnings and not strict:  # said, not only refused by --strict (file and line each)
        progress(f"curation: {len(warnings)} warning(s), which --strict refuses:\n  "
                 + "\n  ".join(warnings[:10]) + (f"\n  … and {len(warnings) - 10} more" if len(warnings) > 10 else ""))
    if strict:
        if problems:
            raise StrictError(problems, summary="--strict: not publishable yet "
                              "(run 'briefing translate', or fill translations/ by hand)")
    t = time.perf_counter()
    progress(f"checking and rendering {summary.articles} article page(s), with their gloss data")
    normaliser = search_normaliser(briefing)  # for search
    shared = file_bytes(project.glossary_file) + b"\0" + file_bytes(project.root / "briefing.yml")
    places = Places(Folder.of(project.docs_dir, staging, record=project.root / DOCS_RECORD),
                    Folder.of(project.search_source_dir, staging, (".html",), project.root / SOURCE_RECORD),
                    project.reports_dir, project.seeds_dir)
    annotated = annotate_articles(briefing, normaliser, places, pdfs, cache,  # QA flags, pages, gloss, search files
                                  work_keys(briefing, cache, keys, shared, pdfs))
    briefing = annotated.briefing
    summary.timings["annotate"] = time.perf_counter() - t
    summary.timings["gloss_in_annotate"] = annotated.gloss_seconds
    t = time.perf_counter()
    pages = render_pages(briefing, annotated.pages, pdfs, updated=build_date())
    # slugs the site uses itself (what this build generates), before its links are checked
    problems = slug_problems(project, briefing.articles, [*pages, *annotated.gloss, FEED_PATH, TEXT_DIR + "/",
                                                      NAV_TITLES.split("/", 1)[0] + "/"])
    if problems:
        raise ValidationError(problems, summary="article slugs the site uses itself")
    problems = page_problems(pages, annotated.page_problems)
    slugs = slug_pattern(a.slug for a in briefing.articles)  # reader-facing text cites no internal id
    problems += [p for page in pages.values() for p in (annotated.references[page.path] if page.path in
                                                        annotated.references else page_references(page, slugs))]
    if problems:
        raise ValidationError(problems, summary="the rendered pages have problems")
    summary.timings["render"] = time.perf_counter() - t
    # the search index's source first: Pagefind can run while the rest is made and written
    t = time.perf_counter()
    search_documents, search_files, _ = search_sources(pages.values(), normaliser, annotated.search,
                                                       annotated.characters)
    busy = write_search_source(project, search_documents, staged=annotated.documents)
    summary.timings["search_source"] = time.perf_counter() - t
    on_search_source(busy)
    files = {path: page.markdown for path, page in pages.items() if path not in annotated.files}
    files.update(feed_page(project, briefing, pages))
    files.update(search_files)
    files.update(nav_title_files(briefing.articles))  # the nav's titles in Chinese (assets/i18n.js)
    summary.pages = len(files) + len(annotated.files)  # every generated file: pages, gloss and search data, the feed
    t = time.perf_counter()
    with interrupts_held():  # docs/ is the last generation or this whole one, never a mix
        report = write_pages(project.docs_dir, files, record=project.root / DOCS_RECORD, staged=annotated.files)
        for name, waiting in annotated.reports.items():  # the cleaning reports that changed
            put_in_place(waiting, project.reports_dir / name)
        summary.nav = write_renderer_config(project, briefing, pages, annotated.body_hashes)
        write_link_record(project, pages)
    summary.written, summary.unchanged, summary.removed = (
        len(report.written), len(report.unchanged), len(report.removed))
    summary.timings["write"] = time.perf_counter() - t
    progress(f"docs/: {summary.written} written, {summary.unchanged} unchanged, "
             f"{summary.removed} removed")
    return summary


def _linked_pdfs(project: Project, briefing: Briefing, progress: Progress,
                 summary: BuildSummary) -> frozenset[str]:
    """The stored PDFs (publish/pdf_store.py) that match the briefing: the pages link these;
    the build says which stored ones no longer match."""
    from briefing.publish.pdf_store import current_pdfs, stale_pdfs
    t = time.perf_counter()
    pdfs = current_pdfs(project, briefing)
    stale = stale_pdfs(project, pdfs)
    if stale:
        shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        progress(f"PDFs no longer matching their pages, not linked until `make pdf` lays them out "
                 f"again: {shown}")
    if pdfs or stale:
        summary.timings["pdf_check"] = time.perf_counter() - t
    return pdfs


def _place_pdfs(project: Project, site: Path) -> None:
    """Put the PDFs the pages link into the site folder `site` (from build/pdf/)."""
    from briefing.publish.pdf_store import place_pdfs
    from briefing.publish.site_links import linked_files, read_link_record
    place_pdfs(project, linked_files(read_link_record(project), ".pdf"), site)


def build_site(project: Project, strict: bool = False, run_mkdocs: bool = True,
               progress: Progress = lambda msg: None, search: bool = True,
               renderer: str = DEFAULT_RENDERER, pdf: bool = False) -> BuildSummary:
    """Load, check, render and write docs/ and the renderer's configuration, then build site/
    with `renderer` (`mkdocs` or `zensical`, warnings fatal), and index the generated pages for
    search into site/pagefind/ (unless `search` is off). Pagefind runs in the background from
    the moment its source is written (see generate_docs), alongside the rest of the generation
    and the renderer, which leave a core free much of the time. `run_mkdocs` False: docs/ only.
    `pdf`: first lay out the site's PDFs that are missing or stale (publish/pdf_store.py); the
    pages link the stored PDFs that match them, and those are put into site/ with the rest.
    Last, every link of the generated pages is checked against site/ (publish/site_links.py)."""
    from briefing.publish.renderer import renderer as installed
    installed(renderer)  # before any work: a missing renderer is said at once
    if pdf:
        from briefing.publish.pdf_store import make_pdfs
        progress("PDFs: laying out those missing or changed into build/pdf/")
        make_pdfs(project, progress=progress)
    from briefing.publish import incremental
    from briefing.publish.search import BUNDLE_DIR, Indexing, finish_indexing, start_indexing
    from briefing.publish.site_inputs import check_site_files
    start = time.perf_counter()
    running: list[Indexing] = []
    check_site_files(project)  # docs/ (written here) and what MkDocs copies into site/ (site_inputs.py)

    def start_search(busy: bool) -> None:
        if search and run_mkdocs:
            running.append(start_indexing(project, background=busy))
            if running[-1].procs:
                progress("indexing for search in the background (Pagefind)")

    # MkDocs builds into a staging folder that then replaces site/ whole; Zensical 0.0.73 has no
    # option for where to build, so it writes the configuration's site_dir (site/) in place
    staging = project.root / SITE_STAGING if renderer == "mkdocs" else project.site_dir
    try:
        summary = generate_docs(project, strict=strict, progress=progress, on_search_source=start_search)
        if run_mkdocs:
            before = _build_site(project, summary, running, search, progress, renderer, staging)
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
                _place_pdfs(project, staging)
                if staging != project.site_dir:
                    put_site_in_place(staging, project.site_dir)
                incremental.record(project, summary.site_state)  # the next build may start from it
                if search:
                    _record_site(project, before, renderer)
            else:
                _place_pdfs(project, project.site_dir)  # the store may have changed meanwhile
            from briefing.publish.site_links import check_site_links
            check_site_links(project, project.site_dir)
    finally:
        for indexing in running:  # up to date, a failure or an interruption: none left behind
            indexing.stop()
        if staging != project.site_dir:
            shutil.rmtree(staging, ignore_errors=True)  # a failed or interrupted build's new site
    summary.timings["total"] = time.perf_counter() - start
    return summary


def _build_site(project: Project, summary: BuildSummary, running: list[Indexing], search: bool,
                progress: Progress, renderer: str, staging: Path) -> dict[str, str] | None:
    """The renderer's build into `staging` unless site/ (with its search index) is up to date;
    Pagefind is started here if generation did not start it (docs/ was up to date). Returns the
    fingerprints of what the renderer read, or None when nothing was built."""
    from briefing.publish import incremental
    from briefing.publish.renderer import run_renderer
    from briefing.publish.search import BUNDLE_DIR, start_indexing
    from briefing.publish.writer import read_manifest
    from briefing.publish.valid_html import fix_site_html
    from briefing.publish.stamp import read_site_stamp, site_fingerprints
    t = time.perf_counter()
    before = site_fingerprints(project, _OUTPUTS, renderer)
    if search and read_site_stamp(project) == before:
        progress("nothing changed since the last build: site/ is up to date (search index too)")
        summary.timings["site_check"] = time.perf_counter() - t
        return None
    if search and not running:
        running.append(start_indexing(project))
    indexing = bool(running and running[-1].procs)
    config = project.root / CONFIG_NAME
    nav = summary.nav if summary.nav is not None else _config_nav(config)  # not parsed again when just made
    todo = incremental.plan(project, renderer, _frame_inputs(project, renderer), nav,
                            read_manifest(project.docs_dir).keys())
    if todo.dirty:  # from a copy of the last site (hard links), less the pages to redo for their nav
        shutil.rmtree(staging, ignore_errors=True)
        # (not the PDFs: the ones the pages link are placed after the renderer, _place_pdfs)
        incremental.link_copy(project.site_dir, staging, ignore=(BUNDLE_DIR, "*.pdf"))
        incremental.drop_built(staging, todo.touch)
    incremental.forget(project)  # until this build succeeds, the next one is whole
    what = (f"the pages that changed ({len(todo.touch)} more for their nav)" if todo.dirty
            else f"whole ({todo.why})")
    progress(f"running {renderer} build --strict: {what}" + (" (search indexing alongside)" if indexing else ""))
    started = time.time()
    run_renderer(project, config, renderer, staging, summary.pages, dirty=todo.dirty)
    summary.timings[renderer] = time.perf_counter() - t
    summary.site_state = todo.state
    t = time.perf_counter()
    fix_site_html(staging, since=started - 1 if todo.dirty else 0.0)
    summary.timings["valid_html"] = time.perf_counter() - t
    return before


def _config_nav(config: Path) -> list[NavItem] | None:
    """The nav written into the generated configuration (None when it has none)."""
    from briefing.publish.site_config import read_nav
    return read_nav(config)


def _frame_inputs(project: Project, renderer: str) -> str:
    """A fingerprint of what shapes every built page besides the nav: the generated
    configuration without its nav, mkdocs.yml, the theme overrides, briefing's code and the
    renderer's and theme's versions."""
    from briefing.publish.cache import code_version, digest, file_bytes
    from briefing.publish.stamp import theme_fingerprint
    from briefing.publish.site_config import without_nav
    return digest(without_nav(file_bytes(project.root / CONFIG_NAME).decode("utf-8", "replace")),
                  file_bytes(project.mkdocs_file), theme_fingerprint(project, renderer), code_version())


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


def _record_site(project: Project, before: dict[str, str], renderer: str) -> None:
    """Stamp site/ (with its search index) as built, unless what the renderer read changed
    meanwhile (then the next build redoes it)."""
    from briefing.publish.stamp import site_fingerprints, write_site_stamp
    after = site_fingerprints(project, _OUTPUTS, renderer)
    if after["inputs"] == before["inputs"]:
        write_site_stamp(project, after)


def serve(project: Project, addr: str = "127.0.0.1:8000", progress: Progress = lambda msg: None,
          renderer: str = DEFAULT_RENDERER, stop: threading.Event | None = None) -> int:
    """Build the site as `briefing build` does, serve site/ on `addr` and rebuild whenever an
    input changes (publish/serve.py): open pages reload when a rebuild is done. Runs until
    Ctrl-C (or until `stop` is set)."""
    from briefing.publish.serve import Preview, start_server, watch
    from briefing.publish.stamp import input_fingerprint, site_fingerprints

    def state() -> tuple[str, str]:
        return input_fingerprint(project), site_fingerprints(project, _OUTPUTS, renderer)["inputs"]

    build_site(project, progress=progress, renderer=renderer)  # checks the site's files first
    seen = [state()]

    def changed() -> bool:
        now = state()
        if now == seen[0]:
            return False
        seen[0] = now
        return True

    def rebuild() -> None:
        build_site(project, progress=progress, renderer=renderer)
        seen[0] = state()

    host, _, port = addr.rpartition(":")
    preview = Preview(project.site_dir)
    server = start_server(preview, host or "127.0.0.1", int(port or 8000))
    bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
    where = f"http://{bound_host}:{bound_port}/"
    progress(f"serving {project.site_dir.name}/ at {where} (Ctrl-C to stop)")
    stop = stop or threading.Event()
    try:
        watch(preview, rebuild, changed, progress, stop)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
