"""`briefing pdf --article SLUG`: one article as its own PDF, with the whole briefing's typography.

The briefing is loaded once for any number of articles; each PDF holds its article only
(briefing/render/print_article.py) and is laid out by the same WeasyPrint step, stylesheet and
embedded fonts as the whole-briefing PDF (briefing/publish/pdf.py).
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Sequence

from briefing.config import Project
from briefing.errors import InputError
from briefing.io import write_bytes_atomic
from briefing.publish.pdf import PdfResult, Progress, build_date, check_fonts, read_print_css, render_pdf
from briefing.render.article_links import article_pdf_path
from briefing.render.print_doc import PrintScript

PDF_CACHE = Path("build/cache/pdf")


def default_article_pdf(project: Project, slug: str) -> Path:
    """site/pdf/<slug>.pdf: where the article page links it."""
    return project.site_dir / article_pdf_path(slug)


def build_article_pdfs(project: Project, slugs: Sequence[str] | None, *,
                       out: Path | None = None, script: PrintScript = "original",
                       progress: Progress = lambda msg: None) -> list[PdfResult]:
    """One PDF per article in `slugs` (every article when None); `out` only with one slug."""
    from briefing.publish.assemble import load_briefing
    from briefing.publish.feed import read_site_url
    from briefing.render.print_article import render_article_print_html
    check_fonts()
    progress("loading articles, translations and curated notes")
    briefing = load_briefing(project)
    by_slug = {a.slug: a for a in briefing.articles}
    wanted = list(by_slug) if slugs is None else list(dict.fromkeys(slugs))
    unknown = [s for s in wanted if s not in by_slug]
    if unknown:
        raise InputError(f"no article {', '.join(repr(s) for s in unknown)}; "
                         f"known: {', '.join(by_slug) or 'none'}",
                         hint="give the slug shown in the article's address (articles/SLUG/)")
    if out is not None and len(wanted) != 1:
        raise InputError("--out names one file: give exactly one --article with it",
                         hint="without --out each PDF goes to site/pdf/<slug>.pdf")
    css, built, site_url = read_print_css(), build_date(), read_site_url(project)
    results = []
    for n, slug in enumerate(wanted, start=1):
        start = time.perf_counter()
        html = render_article_print_html(briefing, by_slug[slug], css=css, built=built,
                                         script=script, site_url=site_url)
        data, pages, reused = _laid_out(project, slug, html)
        target = out if out is not None else default_article_pdf(project, slug)
        write_bytes_atomic(target, data)
        seconds = time.perf_counter() - start
        how = "unchanged, reused" if reused else f"{seconds:.1f} s"
        progress(f"  [{n}/{len(wanted)}] {target} ({pages} pages, {len(data) // 1024} KB, {how})")
        results.append(PdfResult(path=target, pages=pages, seconds=seconds, articles=1))
    return results


def _laid_out(project: Project, slug: str, html: str) -> tuple[bytes, int, bool]:
    """(PDF, pages, reused): WeasyPrint's output is kept in build/cache/pdf/ by the hash of its
    input, so `make pdf` after `make site` (which empties site/) lays out changed articles only."""
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()[:16]
    cached = project.root / PDF_CACHE / f"{slug}.{digest}.pdf"
    pages_file = cached.with_suffix(".pages")
    try:
        return cached.read_bytes(), int(pages_file.read_text(encoding="utf-8")), True
    except (OSError, ValueError):
        pass
    data, pages = render_pdf(html, project.root)
    for old in (project.root / PDF_CACHE).glob(f"{slug}.*"):
        old.unlink(missing_ok=True)  # an older layout of this article
    write_bytes_atomic(cached, data)
    write_bytes_atomic(pages_file, str(pages).encode("utf-8"))
    return data, pages, False
