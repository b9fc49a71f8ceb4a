"""Laying out the print edition (render/print_doc.py, render/print_article.py) with WeasyPrint.

The edge of the pipeline: checks the fonts are installed, lays the document out in a forked child
under a time limit (it fetches nothing). Fonts are embedded as subsets (WeasyPrint's default).
The site's own PDFs are kept in build/pdf/ (publish/pdf_store.py); `briefing pdf -o FILE`
writes one where the user says (publish/pdf_export.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from briefing.errors import BuildError

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
    reused: bool = False  # a stored PDF that still matched its print document


def layout_version() -> str:
    """What besides the print document decides a PDF's layout: WeasyPrint's version and the
    PDF variant (part of a stored PDF's key)."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return f"weasyprint {version('weasyprint')} {PDF_VARIANT}"
    except PackageNotFoundError:  # pragma: no cover - not installed as a package
        return f"weasyprint ? {PDF_VARIANT}"


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


def _fetch_nothing(url: str, *args: object, **kwargs: object) -> dict[str, Any]:
    """WeasyPrint's fetcher: the print document needs no file or address, and gets none."""
    raise ValueError(f"not fetched: {url[:80]}")
