"""The site's PDFs, kept across builds in build/pdf/: the whole briefing (`briefing.pdf`) and one
per article (`pdf/<slug>.pdf`), laid out by `briefing pdf` or `briefing build --pdf`.

Each stored PDF carries the key of the print document it was laid out from (a hash of that
document's HTML — text, stylesheet, site URL, the code that wrote it — and of WeasyPrint's
version). A build computes the current keys (only when the store holds something), links a PDF
from the site only while its stored key is the current one, and puts the linked PDFs into the
new site/ after the renderer (hard links, or copies across file systems). So `briefing build`
never deletes a PDF the pages link, never links one it has not got, and never links one that
no longer matches its page: edit an article and its PDF (and the whole briefing's) leave the
site until `make pdf` lays them out again; the other articles' PDFs stay.

Laying out is the slow part (WeasyPrint, about a second a page); only stale PDFs are laid out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from briefing.config import Project
from briefing.errors import InputError
from briefing.io import write_bytes_atomic
from briefing.model import Article
from briefing.curation.assembled import Briefing
from briefing.publish.cache import read_record, write_record
from briefing.publish.pdf import (PdfResult, build_date, check_fonts, layout_version, read_print_css,
                                  render_pdf)
from briefing.render.article_links import WHOLE_PDF, article_pdf_path
from briefing.render.print_article import render_article_print_html
from briefing.render.print_doc import render_print_html

STORE = Path("build/pdf")
MANIFEST = "manifest.json"
# The print documents are keyed as of this date: the date a PDF was made is printed in it, but
# a new day does not make a PDF stale.
KEY_DATE = dt.date(2000, 1, 1)
Progress = Callable[[str], None]


@dataclass(frozen=True)
class PrintDoc:
    """One PDF the site may link: its path under site/ (and the store), the article it holds
    ('' for the whole briefing) and its print document."""

    path: str
    slug: str
    html: Callable[[dt.date], str]  # the print document as of a date

    @property
    def articles(self) -> int:
        return 1 if self.slug else 0


def store_dir(project: Project) -> Path:
    return project.root / STORE


def print_docs(project: Project, briefing: Briefing, slugs: Iterable[str] | None = None,
               whole: bool = True) -> list[PrintDoc]:
    """The print documents of the site's PDFs: the whole briefing (when `whole`) and the
    articles in `slugs` (every article when None), each in its articles' own script."""
    from briefing.publish.site_inputs import site_url_of
    from briefing.translation.glossary import load_glossary
    css, site_url = read_print_css(), site_url_of(project)
    glossary = None if briefing.curated is not None else load_glossary(project.glossary_file, project.script_conversion)
    by_slug = {a.slug: a for a in briefing.articles}
    wanted = list(by_slug) if slugs is None else list(dict.fromkeys(slugs))
    unknown = [s for s in wanted if s not in by_slug]
    if unknown:
        raise InputError(f"no article {', '.join(repr(s) for s in unknown)}; "
                         f"known: {', '.join(by_slug) or 'none'}",
                         hint="give the slug shown in the article's address (articles/SLUG/)")

    def whole_html(built: dt.date) -> str:
        return render_print_html(briefing, css=css, built=built, site_url=site_url, glossary=glossary)

    def article_html(article: Article) -> Callable[[dt.date], str]:
        return lambda built: render_article_print_html(briefing, article, css=css, built=built,
                                                       site_url=site_url)
    docs = [PrintDoc(WHOLE_PDF, "", whole_html)] if whole and briefing.articles else []
    return docs + [PrintDoc(article_pdf_path(s), s, article_html(by_slug[s])) for s in wanted]


def key_of(doc: PrintDoc) -> str:
    """The key a stored PDF of `doc` must carry to be current: the print document and the layout
    version, as stored PDFs have always been keyed (not cache.digest, and without the code
    version: see publish/cache.py)."""
    h = hashlib.sha256(layout_version().encode())
    h.update(doc.html(KEY_DATE).encode("utf-8"))
    return h.hexdigest()[:32]


def read_manifest(project: Project) -> dict[str, dict[str, Any]]:
    """{site path: {"key", "pages", "made"}} of the stored PDFs ({} when there are none)."""
    entries = read_record(store_dir(project) / MANIFEST).get("pdfs")
    return {k: v for k, v in entries.items() if isinstance(v, dict)} if isinstance(entries, dict) else {}


def _write_manifest(project: Project, entries: Mapping[str, dict[str, Any]]) -> None:
    write_record(store_dir(project) / MANIFEST,
                 {"note": "The site's PDFs, laid out by `briefing pdf`; see briefing/publish/pdf_store.py.",
                  "pdfs": entries})


def current_pdfs(project: Project, briefing: Briefing) -> frozenset[str]:
    """The site paths of the stored PDFs that match the briefing as it is now: the ones the
    pages may link. Nothing to compute when nothing is stored."""
    stored = read_manifest(project)
    if not stored:
        return frozenset()
    wanted = {path for path in stored if (store_dir(project) / path).is_file()}
    docs = [d for d in print_docs(project, briefing, [a.slug for a in briefing.articles
                                                        if article_pdf_path(a.slug) in wanted],
                                  whole=WHOLE_PDF in wanted)]
    return frozenset(d.path for d in docs if stored[d.path].get("key") == key_of(d))


def stale_pdfs(project: Project, current: frozenset[str]) -> list[str]:
    """Stored PDFs that are not `current` (current_pdfs): their article changed, or is gone."""
    return sorted(set(read_manifest(project)) - current)


def make_pdfs(project: Project, briefing: Briefing | None = None, *, slugs: Sequence[str] | None = None,
              whole: bool = True, progress: Progress = lambda msg: None) -> list[PdfResult]:
    """Lay out the site's PDFs that are missing or stale into the store (the whole briefing when
    `whole`, and the articles in `slugs`, every article when None); a current one is reused."""
    from briefing.publish.assemble import load_keyed
    from briefing.publish.cache import project_cache
    check_fonts()
    if briefing is None:
        progress("loading articles, translations and curated notes")
        briefing, _ = load_keyed(project, project_cache(project))  # the build's cleaned articles
    docs = print_docs(project, briefing, slugs, whole)
    manifest = read_manifest(project)
    results = []
    built = build_date()
    for n, doc in enumerate(docs, start=1):
        start = time.perf_counter()
        key, target = key_of(doc), store_dir(project) / doc.path
        entry = manifest.get(doc.path, {})
        what = doc.slug or "the whole briefing"
        if entry.get("key") == key and target.is_file():
            pages = int(entry.get("pages", 0))
            progress(f"  [{n}/{len(docs)}] {what}: unchanged ({pages} pages, made {entry.get('made', '?')})")
            results.append(PdfResult(path=target, pages=pages, seconds=0.0, articles=doc.articles,
                                     reused=True))
            continue
        progress(f"  [{n}/{len(docs)}] {what}: laying out" + (" (the slow part)" if not doc.slug else ""))
        data, pages = render_pdf(doc.html(built), project.root, doc.articles or len(briefing.articles))
        write_bytes_atomic(target, data)
        manifest[doc.path] = {"key": key, "pages": pages, "made": built.isoformat()}
        _write_manifest(project, manifest)  # after each: an interrupted run keeps what it made
        seconds = time.perf_counter() - start
        progress(f"  [{n}/{len(docs)}] {what}: {pages} pages, {len(data) // 1024} KB in {seconds:.1f} s")
        results.append(PdfResult(path=target, pages=pages, seconds=seconds, articles=doc.articles))
    return results


def place_pdfs(project: Project, paths: Iterable[str], site: Path) -> list[str]:
    """Put the stored PDFs at `paths` into the site folder `site` (hard links, else copies),
    and take out of it any other PDF a build put there; returns the paths placed."""
    paths = sorted(set(paths))
    keep = set(paths)
    for old in [site / WHOLE_PDF, *sorted((site / "pdf").glob("*.pdf"))]:
        rel = old.relative_to(site).as_posix()
        if rel not in keep and old.is_file():
            old.unlink()
    for rel in paths:
        source, target = store_dir(project) / rel, site / rel
        if target.is_file() and os.path.samefile(source, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.unlink(missing_ok=True)
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copy2(source, tmp)
        os.replace(tmp, target)
    return paths
