"""Where an article's own assets live, and the article page's links to them.

Article pages are served at articles/<slug>/ (MkDocs' directory URLs), so their links climb two
levels to the site root; everything stays relative, so the site works under any sub-path.
"""

from __future__ import annotations

from briefing.render.structure import Outline

GLOSS_PATH = "gloss/{slug}.json"  # under docs/ (and so site/): the word gloss data
ARTICLE_PDF = "pdf/{slug}.pdf"  # under site/, beside briefing.pdf: laid out by `make pdf`
WHOLE_PDF = "briefing.pdf"  # under site/: the whole briefing
# The PDFs a build has for the site (publish/pdf_store.py), by their paths under site/: a page
# links only these, so no page links a PDF that is not there.
Pdfs = frozenset[str]
_UP = "../../"  # from articles/<slug>/ to the site root


def gloss_path(slug: str) -> str:
    """The article's gloss data, relative to docs/."""
    return GLOSS_PATH.format(slug=slug)


def article_pdf_path(slug: str) -> str:
    """The article's PDF, relative to the site root."""
    return ARTICLE_PDF.format(slug=slug)


def gloss_href(slug: str) -> str:
    """The article page's link to its gloss data."""
    return _UP + gloss_path(slug)


def article_pdf_link(slug: str, out: Outline, pdfs: Pdfs) -> str:
    """The article page's link to its own PDF (HTML); "" when the build has none for it."""
    if article_pdf_path(slug) not in pdfs:
        return ""
    href = out.href(_UP + article_pdf_path(slug))
    return (f'<a href="{href}" type="application/pdf">This article as a PDF</a> '
            "(original and English side by side)")
