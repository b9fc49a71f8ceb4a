"""`briefing pdf -o FILE`: the whole briefing, or one article, as one PDF written where the user
says, in each article's own script or all in Simplified or Traditional; the site does not link
it. In each article's own script a stored PDF that still matches (publish/pdf_store.py) is copied
instead of laid out again."""

from __future__ import annotations

import time
from pathlib import Path

from briefing.config import Project
from briefing.io import write_bytes_atomic
from briefing.publish.pdf import PdfResult, Progress, build_date, check_fonts, read_print_css, render_pdf
from briefing.publish.pdf_store import key_of, print_docs, read_manifest, store_dir
from briefing.render.print_doc import PrintScript, render_print_html


def export_pdf(project: Project, out: Path, *, slug: str = "", script: PrintScript = "original",
               progress: Progress = lambda msg: None) -> PdfResult:
    """`briefing pdf -o FILE`: the whole briefing (or the article `slug`) as one PDF at `out`,
    with the original column in `script`. In each article's own script, a stored PDF that
    still matches (publish/pdf_store.py) is copied instead of laid out again."""
    from briefing.publish.assemble import load_keyed
    from briefing.publish.cache import project_cache
    from briefing.publish.site_inputs import site_url_of
    from briefing.render.print_article import render_article_print_html
    from briefing.translation.glossary import load_glossary
    start = time.perf_counter()
    check_fonts()
    progress("loading articles, translations and curated notes")
    # with the curated layer, when curation/ has it; the articles the last build cleaned are
    # read from its per-seed cache, not cleaned again
    briefing, _ = load_keyed(project, project_cache(project))
    doc = print_docs(project, briefing, [slug] if slug else [], whole=not slug)[0]
    total = 1 if slug else len(briefing.articles)
    if script == "original":
        stored = read_manifest(project).get(doc.path, {})
        if stored.get("key") == key_of(doc) and (store_dir(project) / doc.path).is_file():
            write_bytes_atomic(out, (store_dir(project) / doc.path).read_bytes())
            progress(f"the stored PDF is current: copied to {out}")
            return PdfResult(path=out, pages=int(stored.get("pages", 0)),
                             seconds=time.perf_counter() - start, articles=total, reused=True)
    progress(f"writing print HTML for {total} article(s)")
    css, built, site_url = read_print_css(), build_date(), site_url_of(project)
    if slug:
        article = next(a for a in briefing.articles if a.slug == slug)
        html = render_article_print_html(briefing, article, css=css, built=built, script=script,
                                         site_url=site_url)
    else:
        html = render_print_html(
            briefing, css=css, built=built, script=script, site_url=site_url,
            glossary=load_glossary(project.glossary_file, project.script_conversion),
            on_article=lambda n, a: progress(f"  [{n}/{total}] {a.slug}"))
    progress("laying out pages with WeasyPrint (the slow part)")
    data, pages = render_pdf(html, project.root, total)
    write_bytes_atomic(out, data)
    seconds = time.perf_counter() - start
    progress(f"wrote {out} ({pages} pages, {len(data) // 1024} KB) in {seconds:.1f} s")
    return PdfResult(path=out, pages=pages, seconds=seconds, articles=total)
