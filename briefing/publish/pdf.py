"""`briefing pdf`: the print edition (render/print_doc.py) laid out by WeasyPrint.

The edge of the pipeline: reads the project, checks the CJK fonts are installed, writes the PDF
atomically. Fonts are embedded as subsets (WeasyPrint's default).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable

from briefing.config import Project
from briefing.errors import BuildError
from briefing.render.print_doc import PrintScript, render_print_html
from briefing.io import write_bytes_atomic

# Chinese in Noto CJK, the rest (English, and its quotes and apostrophes) in Liberation: see print.css
REQUIRED_FONTS = ("Noto Serif CJK SC", "Noto Serif CJK TC", "Noto Sans CJK SC", "Noto Sans CJK TC",
                  "Liberation Serif", "Liberation Sans")
FONT_HINT = "install the fonts: sudo apt-get install fonts-noto-cjk fonts-liberation2"
# Tagged PDF (a structure tree: headings, paragraphs, tables, lists, reading order, language) as
# PDF/UA-1 asks, so screen readers and reflow read it; WeasyPrint ≥ 61 writes it (measured: no
# slower than an untagged PDF).
PDF_VARIANT = "pdf/ua-1"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    seconds: float
    articles: int


def read_print_css() -> str:
    """The print stylesheet shipped in briefing/assets/print.css."""
    return resources.files("briefing").joinpath("assets/print.css").read_text(encoding="utf-8")


def build_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH's date (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def check_fonts() -> None:
    """Fail with what to install when fontconfig does not know the Noto CJK families."""
    if shutil.which("fc-list") is None:
        return  # cannot check; WeasyPrint would fall back silently, so say it when we can
    from briefing.publish.processes import FONT_LIST_LIMIT, run_program
    families = run_program(["fc-list", ":", "family"], FONT_LIST_LIMIT).stdout
    missing = [f for f in REQUIRED_FONTS if f not in families]
    if missing:
        raise BuildError(f"fonts missing for the PDF: {', '.join(missing)}", hint=FONT_HINT)


def render_pdf(html: str, base_url: Path, articles: int = 1) -> tuple[bytes, int]:
    """Lay out the HTML with WeasyPrint; (PDF bytes, page count). WeasyPrint runs in a forked
    child under a time limit for `articles` articles (publish/processes.py), and fetches nothing:
    the document carries its stylesheet, so no file of this machine and no address can get in."""
    import weasyprint  # type: ignore[import-untyped]  # noqa: F401  # slow: imported once, here, for every child
    from briefing.publish.processes import WEASYPRINT_LIMIT, run_forked
    return run_forked(_lay_out, html, str(base_url), limit=WEASYPRINT_LIMIT, items=articles)  # type: ignore[no-any-return]


def _lay_out(html: str, base_url: str) -> tuple[bytes, int]:
    import weasyprint
    # WeasyPrint logs every unsupported CSS property as a warning; ours are deliberate.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetch_nothing).render()
        return document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)
    except Exception as exc:  # WeasyPrint's own errors have no common base class
        raise BuildError(f"WeasyPrint failed: {exc}",
                         hint="run with --script original; if it persists, report it") from None


def _fetch_nothing(url: str, *args: object, **kwargs: object) -> dict:
    """WeasyPrint's fetcher: the print document needs no file or address, and gets none."""
    raise ValueError(f"not fetched: {url[:80]}")


def build_pdf(project: Project, out: Path, *, script: PrintScript = "original",
              progress: Progress = lambda msg: None) -> PdfResult:
    """Load the briefing, render the print HTML and write the PDF to `out`."""
    from briefing.publish.assemble import load_briefing
    from briefing.publish.site_inputs import site_url_of
    from briefing.translation.glossary import load_glossary
    start = time.perf_counter()
    check_fonts()
    progress("loading articles, translations and curated notes")
    briefing = load_briefing(project)  # with the curated layer, when curation/ has it
    total = len(briefing.articles)
    progress(f"writing print HTML for {total} article(s)")
    html = render_print_html(
        briefing, css=read_print_css(), built=build_date(), script=script,
        site_url=site_url_of(project), glossary=load_glossary(project.glossary_file),
        on_article=lambda n, a: progress(f"  [{n}/{total}] {a.slug}"))
    progress("laying out pages with WeasyPrint (the slow part)")
    data, pages = render_pdf(html, project.root, total)
    write_bytes_atomic(out, data)
    seconds = time.perf_counter() - start
    progress(f"wrote {out} ({pages} pages, {len(data) // 1024} KB) in {seconds:.1f} s")
    return PdfResult(path=out, pages=pages, seconds=seconds, articles=total)
