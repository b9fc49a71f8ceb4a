"""One article as its own print document (pure).

The same pieces, stylesheet and fonts as the whole briefing (briefing/render/print_doc.py):
the article's heading, metadata, curated summary and aligned bilingual table, under a running
header naming the briefing. `make pdf` writes it to site/pdf/<slug>.pdf (briefing/render/article_links.py).
"""

from __future__ import annotations

import datetime as dt
from html import escape

from briefing.model import Article
from briefing.curation.assembled import Briefing
from briefing.render.core import briefing_titles
from briefing.render.print_doc import PrintScript, render_article


def render_article_print_html(briefing: Briefing, article: Article, *, css: str, built: dt.date,
                              script: PrintScript = "original", site_url: str = "") -> str:
    """A print document holding `article` only."""
    title_en, _ = briefing_titles(briefing)
    body = render_article(article, briefing.translations, script=script, site_url=site_url,
                          curated=briefing.curated, conversion=briefing.conversion)
    e = escape
    return ("<!DOCTYPE html>"
            f'<html lang="en"><head><meta charset="utf-8"><title>{e(article.title.source)}</title>'
            f'<meta name="description" content="{e(title_en)}"><style>{css}</style></head>'
            f'<body><div class="running" aria-hidden="true">{e(title_en)}</div>{body}'
            f'<p class="built">From the briefing “{e(title_en)}”, built {built.isoformat()}.</p>'
            "</body></html>")
